"""Outlets: the registry of outlets (content/registry/outlets.yaml) and how ingestion names an
entry's outlet: the configured name, else the registry outlet of the entry's domain, else the
registry outlet the feed's title names, else the feed's title without its tagline."""

from __future__ import annotations

import io
import json
import runpy
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import ROOT, SHARED, run_newswire
from feeds import item, rss, write_feed
from rideau.newswire.clean import clean_entry, outlet_from_title, plain_outlet
from rideau.newswire.parse import parse_feed
from rideau.newswire.records import FeedSource, Fetched
from rideau.registry import RegistryError, host_without_prefixes, load_registry
from rideau.storyfile.parse import load_front_matter, split_front_matter

REGISTRY = ROOT / "content" / "registry"
REAL_FEEDS = SHARED / "corpora" / "real-feeds"
DEV_FEEDS = SHARED / "corpora" / "newswire-dev" / "feeds"


def story_sources() -> list[dict]:
    sources = []
    for path in sorted((ROOT / "content" / "stories").rglob("*.md")):
        relative = path.relative_to(ROOT).as_posix()
        front, _body, _ = split_front_matter(relative, path.read_text(encoding="utf-8"))
        sources.extend(load_front_matter(front).get("sources") or [])
    return sources


def shipped_feeds() -> list[dict]:
    return runpy.run_path(str(ROOT / "pelicanconf.py"))["NEWSWIRE_FEEDS"]


def parsed(body: bytes, location: str = "/feeds/feed.xml", outlet: str = "", registry=None):
    fetched = Fetched(source=FeedSource(location=location, outlet=outlet), body=body)
    return parse_feed(fetched, registry)


def outlets_of(body: bytes, registry=None, **kw) -> list[str]:
    """The outlet of each entry, as the clean stage leaves it (what story files get)."""
    return [
        clean_entry(entry).entry.outlet for entry in parsed(body, registry=registry, **kw).entries
    ]


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY)


# -- the shipped registry -------------------------------------------------------------------------


def test_every_outlet_cited_by_a_story_is_in_the_outlets_registry(registry) -> None:
    sources = story_sources()
    assert sources
    missing = sorted(
        {str(s["outlet"]) for s in sources if not registry.outlet_named(str(s["outlet"]))}
    )
    assert missing == []


def test_every_shipped_feed_is_a_registry_outlet_on_its_own_domain(registry) -> None:
    for feed in shipped_feeds():
        named = registry.outlet_named(feed["outlet"])
        assert named is not None, feed["outlet"]
        assert registry.outlet_at(feed["url"]) is named, feed["url"]


def test_no_outlet_domain_is_invented(registry) -> None:
    """Every domain is, or is a parent domain of, a host seen in a story source's URL or a
    shipped feed's URL (its path part a prefix of that URL's path)."""
    seen = [urlsplit(s["url"]) for s in story_sources()] + [
        urlsplit(f["url"]) for f in shipped_feeds()
    ]
    for outlet in registry.outlets:
        for domain in outlet.domains:
            host, _, path = domain.partition("/")
            assert any(
                (host_without_prefixes(url.hostname) == host
                 or host_without_prefixes(url.hostname).endswith("." + host))
                and url.path.lower().startswith(f"/{path}")
                for url in seen
            ), f"{outlet.name}: {domain}"  # fmt: skip


def test_shipped_outlets_have_a_language_and_their_aliases_resolve(registry) -> None:
    assert registry.outlet_named("01NET").name == "01net"
    assert registry.outlet_named("Ecrans (Liberation)").name == "Écrans (Libération)"
    assert registry.outlet_named("PC INpact").name == "Next"
    assert registry.outlet_named("CNN/Money").name == "CNN Money"
    assert registry.outlet_named("no such outlet") is None
    for feed in shipped_feeds():
        assert registry.outlet_named(feed["outlet"]).lang == feed["lang"]


# -- loading and errors ---------------------------------------------------------------------------


def write_outlets(tmp_path: Path, text: str) -> Path:
    (tmp_path / "outlets.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_outlet_entries_are_loaded_with_normalized_domains(tmp_path: Path) -> None:
    registry = load_registry(write_outlets(tmp_path, (
        "- name: Zorg News\n"
        "  aliases: [Zorg]\n"
        "  domains: [WWW.Zorg.example, m.zorg-news.example/tech/]\n"
        "  lang: fr\n"
        "  description: {fr: Un site., en: A site.}\n"
    )))  # fmt: skip
    (outlet,) = registry.outlets
    assert outlet.domains == ("zorg.example", "zorg-news.example/tech")
    assert outlet.lang == "fr"
    assert outlet.describe("en") == "A site."
    assert registry.sites == () and registry.studios == ()
    assert registry.lookup("outlets", "zorg") is outlet
    assert registry.outlet_at("https://amp.zorg.example/2026/a") is outlet
    assert registry.outlet_at("https://news.zorg.example/a") is outlet  # a subdomain
    assert registry.outlet_at("https://zorg-news.example/tech/a") is outlet
    assert registry.outlet_at("https://zorg-news.example/technique/a") is None
    assert registry.outlet_at("https://notzorg.example/a") is None
    assert registry.outlet_at("not a url") is None


def test_a_registry_without_outlets_yaml_has_no_outlets(tmp_path: Path) -> None:
    (tmp_path / "sites.yaml").write_text("- name: A\n", encoding="utf-8")
    assert load_registry(tmp_path).outlets == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- domains: [x.example]\n", "entry 1: field `name` is missing"),
        ("- name: A\n  domains: x.example\n", "A: field `domains` must be a list"),
        ("- name: A\n  domains: ['https://x.example/']\n", "A: field `domains`: 'https:"),
        ("- name: A\n  domains: ['x.example:8080']\n", "A: field `domains`: 'x.example:8080'"),
        ("- name: A\n  domains: [localhost]\n", "A: field `domains`: 'localhost'"),
        ("- name: A\n  lang: de\n", "A: field `lang` is 'de', expected one of fr, en"),
        ("- name: A\n  aliases: b\n", "A: field `aliases` must be a list"),
        ("- name: A\n  description: {de: x}\n", "A: field `description`"),
        (
            "- name: A\n  domains: [a.example]\n- name: B\n  domains: [www.a.example]\n",
            "B: field `domains`: 'a.example' is also 'A''s domain",
        ),
        (
            "- name: Écrans\n- name: B\n  aliases: [ecrans]\n",
            "'ecrans' names both 'Écrans' and 'B'",
        ),
        ("- name: A\n- name: B\n  aliases: [a]\n", "'a' names both 'A' and 'B'"),
        ("name: A\n", "must be a list of entries"),
        ("- name: [unclosed\n", "cannot be read"),
    ],
)
def test_bad_outlets_registry_names_file_entry_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(RegistryError) as error:
        load_registry(write_outlets(tmp_path, text))
    assert str(tmp_path / "outlets.yaml") in str(error.value)
    assert message in str(error.value)


def test_a_broken_outlets_registry_stops_ingestion_naming_the_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "stories").mkdir(parents=True)
    (content / "registry").mkdir()
    write_outlets(content / "registry", "- name: A\n  lang: xx\n")
    feed = write_feed(tmp_path / "feed.xml", rss([item("Zorgstream", "https://a.example/1")]))
    process = run_newswire(content, "ingest", "--dry-run", str(feed), check=False)
    assert process.returncode != 0
    assert "outlets.yaml: A: field `lang`" in process.stderr


# -- feed titles -> outlet names --------------------------------------------------------------------


def real_title(relative: str) -> str:
    body = (SHARED / "corpora" / relative).read_bytes()
    return feedparser.parse(io.BytesIO(body)).feed.get("title", "")


# Real-world feed titles (../shared/corpora) and the outlet name each gives without a registry.
REAL_TITLES = [
    ("newswire-dev/feeds/01net.xml", "01net"),  # "01net - Actualités"
    ("newswire-dev/feeds/lemonde-pixels.xml", "Pixels"),  # "Pixels : Toute l'actualité sur…"
    ("newswire-dev/feeds/pcinpact.xml", "PC INpact"),  # "PC INpact - Actualités"
    ("newswire-dev/feeds/zataz.xml", "ZATAZ"),  # "ZATAZ - Actualités sécurité et piratage"
    ("newswire-dev/feeds/torrentfreak.xml", "TorrentFreak"),
    ("newswire-dev/feeds/bbc-technology.xml", "BBC News - Technology"),  # a section: kept
    ("real-feeds/feed-rs/rss_2.0_invalid_1.xml", "Reuters"),  # "Reuters: Most Read Articles"
    ("real-feeds/feed-rs/rss_2.0_wirecutter.xml", "Wirecutter"),  # ": Reviews for the Real World"
    ("real-feeds/feed-rs/rss_2.0_spiegel.xml", "SPIEGEL Update"),  # " – Die Nachrichten"
    ("real-feeds/feed-rs/rss_2.0_ilmessaggero.xml", "ilmessaggero.it"),  # " - mondo"
    ("real-feeds/feed-rs/rss_2.0_ilgiornale.xml", "Il Giornale - Cronache"),  # a section: kept
    ("real-feeds/feed-rs/rss_2.0_ch9.xml", "Azure Friday (HD) - Channel 9"),  # two names: kept
    ("real-feeds/feed-rs/rss_0.91_encoding_1.xml", "Dicas-L"),  # ": Dicas técnicas de Linux…"
    ("real-feeds/netnewswire/aktuality.rss", "Aktuality.sk"),  # " - aktuálne spravodajstvo"
    ("real-feeds/netnewswire/livemint.xml", "Livemint"),  # " - News"
    ("real-feeds/rss-parser/encoding.rss", "Jornal de Notícias"),  # " - Últimas Notícias"
    ("real-feeds/rss-parser/itunes-category.rss", "Taverncast"),  # " - Happy Hour in Your Head…"
    ("real-feeds/rss-parser/customfields.rss", "Varthabharathi"),  # " : Kanrnataka's Leading…"
    ("real-feeds/feed-rs/rss_2.0_spreaker.xml", "Lwowska Fala | Radio Katowice"),  # kept
    ("real-feeds/feed-rs/rss_2.0_rps.xml", "Rock, Paper, Shotgun"),
    ("real-feeds/feed-rs/rss_1.0_iso8859.xml", "Golem.de"),
    ("real-feeds/rss-parser/guardian.rss", "The Guardian"),
]


def test_real_feed_titles_give_the_outlet_name() -> None:
    """One table: the titles kept whole guard the rule as much as those it cuts."""
    titles = {relative: real_title(relative) for relative, _ in REAL_TITLES}
    assert all(titles.values())
    got = {relative: outlet_from_title(title) for relative, title in titles.items()}
    assert got == dict(REAL_TITLES)


TITLES = [
    ("01net - Actualités", "01net"),
    ("01net", "01net"),
    ("Pixels : Toute l'actualité sur Le Monde.fr", "Pixels"),
    ("Numerama | Toute l'actu tech", "Numerama"),
    ("Next — Actualités, analyses et enquêtes", "Next"),
    ("Actualités | 01net", "01net"),  # the name after the tagline
    ("Le Monde.fr - Actualités et Infos en France et dans le monde", "Le Monde.fr"),
    ("Les Numériques", "Les Numériques"),
    ("L'Orient-Le Jour", "L'Orient-Le Jour"),  # a hyphen inside a name is no separator
    ("A - B", "A - B"),  # nothing says which part is the name
    ("<b>01net</b> - Actualités", "01net"),
]


def test_feed_titles_lose_their_tagline() -> None:
    assert {title: outlet_from_title(title) for title, _ in TITLES} == dict(TITLES)


def test_the_outlet_from_a_title_keeps_the_plain_text_guarantees() -> None:
    hostile = (
        '<script>x</script><a href="javascript:1">Evil</a>\x1b]0;t\x07 - ' + "Actualités " * 20
    )
    name = outlet_from_title(hostile)
    assert name == "Evil]0;t"
    long_name = "Z" * 200 + " - Actualités"
    assert len(outlet_from_title(long_name)) <= 80
    assert outlet_from_title(long_name) == plain_outlet(long_name)


def test_a_feed_read_from_a_file_is_named_without_its_tagline() -> None:
    body = rss([item("Zorgstream", "https://zorg.example/1")], title="01net - Actualités")
    assert outlets_of(body) == ["01net"]


# -- the registry names the outlet ----------------------------------------------------------------


def test_an_entry_on_a_known_domain_gets_the_registry_name(registry) -> None:
    body = rss(
        [
            item("Zorgstream", "https://www.torrentfreak.com/zorgstream-shut-down/"),
            item("Zorgstream", "https://m.numerama.com/tech/zorgstream"),
            item("Zorgstream", "https://www.lemonde.fr/pixels/article/2026/zorgstream"),
            item("Zorgstream", "https://unknown.example/zorgstream"),
        ],
        title="Piracy News Aggregator : every piracy story",
        link="https://aggregator.example/",
    )
    assert outlets_of(body, registry) == [
        "TorrentFreak", "Numerama", "Le Monde Pixels", "Piracy News Aggregator",
    ]  # fmt: skip
    # A configured outlet wins over the registry.
    assert set(outlets_of(body, registry, outlet="Mon Blog")) == {"Mon Blog"}


def test_a_feed_on_a_known_domain_names_entries_elsewhere(registry) -> None:
    body = rss(
        [item("Zorgstream", "https://cdn.example/zorgstream")],
        title="Le fil de la rédaction", link="https://www.numerama.com/",
    )  # fmt: skip
    assert outlets_of(body, registry) == ["Numerama"]
    by_location = rss([item("Zorgstream", "https://cdn.example/z")], title="X", link="")
    assert outlets_of(by_location, registry, location="https://www.zataz.com/feed/") == ["Zataz"]


def test_a_feed_title_naming_a_registry_outlet_gets_its_name(registry) -> None:
    for title in ("ÉCRANS (LIBERATION)", "Ecrans - Actualités", "PC INpact - Actualités"):
        body = rss([item("Zorgstream", "https://cdn.example/z")], title=title, link="")
        assert outlets_of(body, registry) == [
            "Next" if "INpact" in title else "Écrans (Libération)"
        ], title


def test_01net_with_and_without_its_tagline_is_one_outlet(registry) -> None:
    with_tagline = rss([item("Zorgstream", "https://a.example/1")], title="01net - Actualités")
    without = rss([item("Zorgstream", "https://b.example/2")], title="01net")
    for known in (None, registry):
        assert outlets_of(with_tagline, known) + outlets_of(without, known) == ["01net", "01net"]


def test_ingesting_two_01net_feeds_cites_one_outlet(registry_only, tmp_path: Path) -> None:
    one = write_feed(tmp_path / "feeds" / "a.xml", rss(
        [item("Zorgstream", "https://www.01net.com/actualites/zorgstream-ferme.html")],
        title="01net - Actualités", link="https://www.01net.com/",
    ))  # fmt: skip
    two = write_feed(tmp_path / "feeds" / "b.xml", rss(
        [item("Zorgstream", "https://mirror.example/zorgstream-ferme-par-la-police")],
        title="01net",
    ))  # fmt: skip
    report = tmp_path / "report.json"
    run_newswire(registry_only, "ingest", "--state", str(tmp_path / "state.sqlite3"),
                 "--report", str(report), str(one), str(two))  # fmt: skip
    stories = json.loads(report.read_text(encoding="utf-8"))["stories"]
    outlets = {entry["outlet"] for story in stories for entry in story["entries"]}
    assert outlets == {"01net"}


def test_a_story_counts_one_outlet_under_its_two_names(tmp_path) -> None:
    """A story citing PC INpact and Next INpact (one outlet, renamed) counts one outlet, and
    each source keeps the name it was published under."""
    from conftest import copy_reference_content, run_pelican

    content = copy_reference_content(tmp_path / "content")
    story = content / "stories" / "2011" / "allostream-warner-2011.fr.md"
    text = story.read_text(encoding="utf-8")
    renamed = (
        '  - outlet: "Next INpact"\n    lang: fr\n    date: 2011-02-10\n'
        '    title: "Un titre"\n    url: https://www.nextinpact.com/news/un-titre.htm\n'
    )
    story.write_text(text.replace("documents:\n", renamed + "documents:\n", 1), encoding="utf-8")
    built = run_pelican(content, tmp_path / "output")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "output" / "2011" / "allostream-warner-2011" / "index.html").read_text(
        encoding="utf-8"
    )
    summary = page.split('class="coverage-summary"', 1)[1].split("</p>", 1)[0]
    assert "2\u00a0médias" in summary or "2 médias" in summary, summary
    assert "Next INpact" in page and "PC INpact" in page
