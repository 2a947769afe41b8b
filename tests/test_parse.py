"""parse_feed: feed bytes -> entries, rejections and warnings; never an exception."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from rideau.newswire import parse as parse_module
from rideau.newswire.clean import clean_entry
from rideau.newswire.parse import normalize_lang, parse_feed
from rideau.newswire.records import Entry, FeedSource, Fetched, ParsedFeed
from rideau.newswire.urls import canonical_url

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
NEWSWIRE_FEEDS = CORPORA / "newswire-dev" / "feeds"
FEEDPARSER_TESTS = CORPORA / "feedparser-tests"

XTOR_LINK = "https://www.01net.example/actualites/piratage-allostream-rend-les-armes-530123.html?xtor=RSS-16"
REGISTER_MEGAUPLOAD = "https://www.theregister.example/2012/01/19/megaupload_shut_down/"

# Entries after in-feed dedup and the duplicates rejected, per newswire-dev/README.md. 01net lists
# one article twice (same guid 01net:530123, links equal once ?xtor=RSS-16 is removed): the
# dedup rule (same guid or same canonical URL) keeps one, so 10 entries and 1 rejection.
NEWSWIRE_DEV = [
    ("pcinpact.xml", "fr", 12, ()),
    ("01net.xml", "fr", 10, (XTOR_LINK,)),
    ("numerama.xml", "fr", 16, ()),
    ("lemonde-pixels.xml", "fr", 9, ()),
    ("zataz.xml", "fr", 8, ()),
    ("torrentfreak.xml", "en", 16, ()),
    ("arstechnica.xml", "en", 7, ()),
    ("theregister.xml", "en", 9, (REGISTER_MEGAUPLOAD,)),
    ("bbc-technology.xml", "en", 8, ()),
]


def fetched(body: bytes | None, location: str = "https://feeds.example/rss.xml", **kw) -> Fetched:
    source = FeedSource(location=location, outlet=kw.pop("outlet", ""), lang=kw.pop("lang", ""))
    return Fetched(source=source, body=body, **kw)


def parse_file(name: str) -> ParsedFeed:
    path = NEWSWIRE_FEEDS / name
    return parse_feed(fetched(path.read_bytes(), location=path.as_uri()))


def rss(
    items: str, channel: str = "<title>Test feed</title><link>https://feeds.example/</link>"
) -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{channel}{items}</channel></rss>'.encode()


# -- newswire-dev ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang", "count", "duplicates"), NEWSWIRE_DEV)
def test_newswire_dev_feed(name: str, lang: str, count: int, duplicates: tuple[str, ...]) -> None:
    parsed = parse_file(name)

    assert parsed.warning == ""
    assert len(parsed.entries) == count
    assert len({entry.url for entry in parsed.entries}) == count
    assert [(r.link, r.reason) for r in parsed.rejected] == [
        (link, "duplicate-entry") for link in duplicates
    ]
    assert parsed.lang == lang
    for entry in parsed.entries:
        assert entry.lang == lang
        assert entry.outlet.strip()
        assert entry.title.strip()
        assert entry.link.startswith("https://")
        assert entry.url == canonical_url(entry.link)
        assert entry.published is not None
        assert entry.published.utcoffset() == dt.timedelta(0)


def test_newswire_dev_has_97_entries_and_96_links_before_dedup() -> None:
    parsed = [parse_file(name) for name, *_ in NEWSWIRE_DEV]
    links = [entry.link for feed in parsed for entry in feed.entries] + [
        rejection.link for feed in parsed for rejection in feed.rejected
    ]
    assert len(links) == 97
    assert len(set(links)) == 96


def test_zataz_iso_8859_1_is_decoded() -> None:
    parsed = parse_file("zataz.xml")

    assert parsed.title == "ZATAZ - Actualités sécurité et piratage"
    text = " ".join(entry.title + entry.summary for entry in parsed.entries)
    assert "é" in text
    assert "\ufffd" not in text
    assert "Ã" not in text  # UTF-8 read as Latin-1


def test_pcinpact_rss_1_entries_are_identified_by_rdf_about() -> None:
    parsed = parse_file("pcinpact.xml")

    first = parsed.entries[0]
    assert (
        first.link
        == "https://www.pcinpact.example/actu/106140-emule-paradise-cour-de-cassation.htm"
    )
    for entry in parsed.entries:
        assert entry.guid == entry.link  # rdf:about, the only identity an RSS 1.0 item has


def test_rss_1_item_without_link_takes_it_from_rdf_about() -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://www.pcinpact.example/rss.xml"><title>PC INpact</title>
    <link>https://www.pcinpact.example/</link><description>d</description></channel>
  <item rdf:about="https://www.pcinpact.example/actu/1-x.htm"><title>Sans lien</title></item>
</rdf:RDF>"""
    parsed = parse_feed(fetched(body))

    assert [entry.link for entry in parsed.entries] == ["https://www.pcinpact.example/actu/1-x.htm"]


def test_register_duplicate_keeps_the_later_updated_version() -> None:
    parsed = parse_file("theregister.xml")

    kept = [entry for entry in parsed.entries if entry.link == REGISTER_MEGAUPLOAD]
    assert [entry.title for entry in kept] == [
        "Megaupload kingpin Dotcom cuffed in NZ as Feds shutter site"
    ]


def test_lemonde_link_with_utm_has_the_url_of_its_clean_atom_id() -> None:
    parsed = parse_file("lemonde-pixels.xml")

    tracked = [entry for entry in parsed.entries if "utm_source" in entry.link]
    assert len(tracked) == 1
    assert tracked[0].url == canonical_url(tracked[0].guid)
    assert "utm_" not in tracked[0].url


def test_01net_published_date_is_converted_to_utc() -> None:
    parsed = parse_file("01net.xml")

    # <pubDate>Tue, 05 Nov 2019 11:00:00 +0100</pubDate>
    assert parsed.entries[0].published == dt.datetime(2019, 11, 5, 10, 0, tzinfo=dt.UTC)
    assert parsed.entries[0].categories == ("Piratage", "Streaming")
    assert parsed.entries[0].guid == "01net:1797655"
    assert parsed.entries[0].outlet == "01net"  # the feed title without its tagline


def test_numerama_content_encoded_is_kept_as_content() -> None:
    parsed = parse_file("numerama.xml")

    with_content = [entry for entry in parsed.entries if entry.content]
    assert len(with_content) == 8
    for entry in with_content:
        assert len(entry.content) >= len(BeautifulSoup(entry.summary, "html.parser").get_text())


# -- input handling ------------------------------------------------------------------------------


def test_feedparser_never_gets_a_str(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    real_parse = feedparser.parse

    def checking_parse(source, *args, **kwargs):
        seen.append(source)
        assert not isinstance(source, str)
        return real_parse(source, *args, **kwargs)

    monkeypatch.setattr(parse_module.feedparser, "parse", checking_parse)
    body = (NEWSWIRE_FEEDS / "bbc-technology.xml").read_bytes()
    parsed = parse_feed(fetched(body))

    assert len(parsed.entries) == 8
    assert len(seen) == 1
    # A stream of the body bytes: feedparser would try bytes as a file name first.
    assert seen[0].getvalue() == body


def test_a_body_that_is_a_file_name_is_not_opened(tmp_path: Path) -> None:
    local = tmp_path / "local.xml"
    local.write_bytes(
        rss("<item><title>LOCAL SECRET</title><link>https://x.example/1</link></item>")
    )

    parsed = parse_feed(fetched(str(local).encode()))

    assert parsed.entries == ()
    assert "LOCAL SECRET" not in repr(parsed)


def test_body_none_gives_an_empty_result() -> None:
    source = FeedSource(location="https://feeds.example/rss.xml")

    assert parse_feed(Fetched(source=source, body=None, error="timeout")) == ParsedFeed(
        source=source
    )


def test_broken_bytes_give_a_warning_not_an_exception() -> None:
    parsed = parse_feed(fetched(b"<rss><channel><item><title>x</ti"))

    assert parsed.warning.startswith("ill-formed feed (recovered ")
    assert parsed.entries == ()


def test_bozo_feed_keeps_what_was_recovered() -> None:
    body = rss(
        "<item><title>Ok</title><link>https://x.example/1</link></item><item><title>A & B</title>"
    )

    parsed = parse_feed(fetched(body))

    assert parsed.warning.startswith("ill-formed feed (recovered ")
    assert [entry.link for entry in parsed.entries][:1] == ["https://x.example/1"]


def test_a_feedparser_exception_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_parse(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(parse_module.feedparser, "parse", failing_parse)
    parsed = parse_feed(fetched(rss("")))

    assert parsed.warning == "cannot parse: boom"
    assert parsed.entries == ()


def test_content_type_charset_is_passed_to_feedparser() -> None:
    body = '<rss version="2.0"><channel><title>Zataz</title><item><title>Sécurité</title><link>https://z.example/1</link></item></channel></rss>'.encode(
        "iso-8859-1"
    )

    parsed = parse_feed(fetched(body, content_type="application/rss+xml; charset=ISO-8859-1"))

    assert [entry.title for entry in parsed.entries] == ["Sécurité"]


def test_relative_links_are_resolved_against_the_feed_address() -> None:
    parsed = parse_feed(fetched(rss("<item><title>T</title><link>/news/1</link></item>")))

    assert [entry.link for entry in parsed.entries] == ["https://feeds.example/news/1"]


# -- entries -------------------------------------------------------------------------------------


def test_invalid_entries_are_rejected_with_a_reason() -> None:
    body = rss(
        "<item><title>No link here</title><description>d</description></item>"
        "<item><link>https://x.example/no-title</link><description>d</description></item>"
        "<item><title>  </title><link>https://x.example/blank-title</link></item>"
        "<item><title>Ftp</title><link>ftp://x.example/file</link></item>"
        "<item><title>Good</title><link>https://x.example/good</link></item>"
    )

    parsed = parse_feed(fetched(body))

    assert [entry.link for entry in parsed.entries] == ["https://x.example/good"]
    assert [(r.link, r.reason) for r in parsed.rejected] == [
        ("", "invalid: no link"),
        ("https://x.example/no-title", "invalid: no title"),
        ("https://x.example/blank-title", "invalid: no title"),
        ("ftp://x.example/file", "invalid: link is not http(s)"),
    ]
    assert all(r.source == "https://feeds.example/rss.xml" for r in parsed.rejected)


def test_duplicate_by_url_keeps_the_later_updated_even_when_it_comes_second() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>Old</title><link href="https://x.example/a?utm_source=rss"/><id>urn:1</id>
  <updated>2020-01-01T00:00:00Z</updated></entry>
<entry><title>New</title><link href="https://x.example/a"/><id>urn:2</id>
  <updated>2020-01-02T00:00:00Z</updated></entry>
<entry><title>Other</title><link href="https://x.example/b"/><id>urn:3</id>
  <updated>2019-01-01T00:00:00Z</updated></entry>
</feed>"""

    parsed = parse_feed(fetched(body))

    assert [entry.title for entry in parsed.entries] == ["New", "Other"]
    assert [(r.link, r.reason) for r in parsed.rejected] == [
        ("https://x.example/a?utm_source=rss", "duplicate-entry")
    ]


def test_entry_fields() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB"><title> The  Feed </title>
<entry xml:lang="fr-FR"><title type="html">T &lt;b&gt;bold&lt;/b&gt;</title>
  <link href="https://x.example/a"/><id>urn:a</id>
  <published>2021-03-04T05:06:07+02:00</published><updated>2021-03-05T00:00:00Z</updated>
  <summary type="html">&lt;p&gt;short&lt;/p&gt;</summary>
  <content type="html">&lt;p&gt;short, and much longer&lt;/p&gt;</content>
  <category term="Piracy"/><category term="Law"/><category term="Piracy"/></entry>
<entry><title>Second</title><link href="https://x.example/b"/></entry>
</feed>"""

    parsed = parse_feed(fetched(body))

    first, second = parsed.entries
    assert first == Entry(
        link="https://x.example/a",
        url="https://x.example/a",
        guid="urn:a",
        source="https://feeds.example/rss.xml",
        outlet="The Feed",
        lang="fr",
        title="T <b>bold</b>",
        published=dt.datetime(2021, 3, 4, 3, 6, 7, tzinfo=dt.UTC),
        summary="<p>short</p>",
        content="<p>short, and much longer</p>",
        categories=("Piracy", "Law"),
    )
    assert second.lang == "en"
    assert second.published is None
    assert parsed.title == "The Feed"
    assert parsed.lang == "en"


def test_configured_outlet_and_lang_win() -> None:
    parsed = parse_feed(
        fetched(
            rss("<item><title>T</title><link>https://x.example/1</link></item>"),
            outlet="Mine",
            lang="fr",
        )
    )

    assert parsed.entries[0].outlet == "Mine"
    assert parsed.entries[0].lang == "fr"


def test_outlet_falls_back_to_the_host_of_the_feed_link() -> None:
    body = rss(
        "<item><title>T</title><link>https://x.example/1</link></item>",
        channel="<link>https://www.Outlet.example/</link>",
    )

    assert parse_feed(fetched(body)).entries[0].outlet == "outlet.example"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fr-FR", "fr"),
        ("fr_ca", "fr"),
        (" EN-gb ", "en"),
        ("en", "en"),
        ("de-DE", ""),
        ("", ""),
        ("french", ""),
    ],
)
def test_normalize_lang(tag: str, expected: str) -> None:
    assert normalize_lang(tag) == expected


# -- robustness corpus -------------------------------------------------------------------------


def test_every_feedparser_test_file_parses_and_cleans_without_exception() -> None:
    files = sorted(FEEDPARSER_TESTS.rglob("*.xml"))
    assert len(files) > 2000

    cleaned = 0
    for path in files:
        parsed = parse_feed(fetched(path.read_bytes(), location=path.as_uri()))
        assert isinstance(parsed, ParsedFeed), path
        for entry in parsed.entries:
            clean = clean_entry(entry)
            cleaned += 1
            for fragment in (clean.summary_html, clean.content_html):
                soup = BeautifulSoup(fragment, "html.parser")
                assert soup.find(["script", "style", "iframe", "object", "embed"]) is None, path
                for element in soup.find_all(True):
                    assert not any(name.lower().startswith("on") for name in element.attrs), path
    assert cleaned > 0
