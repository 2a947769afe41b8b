"""The built site, checked with an HTML parser and feedparser: both languages, every page kind."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from conftest import stories
from rideau.plugins.typo.french import NBSP, NNBSP
from rideau.registry import load_registry
from rideau.storyfile.vocabulary import OUTCOMES

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_PATHS = {
    "fr": {"sites": "sites", "studios": "ayants-droit", "outcomes": "issues"},
    "en": {"sites": "sites", "studios": "studios", "outcomes": "outcomes"},
}
PREFIX = {"fr": "", "en": "en/"}


def test_homes_are_in_their_language(site) -> None:
    for lang in ("fr", "en"):
        home = site.html(PREFIX[lang])
        assert home.html["lang"] == lang
        assert home.select(".story-item"), f"{lang} home lists no story"
        assert home.select_one("a.skip-link")["href"] == "#main"
        assert (
            home.select_one("main#main") and home.select_one("header") and home.select_one("footer")
        )
    assert "Dernières fiches" in site.html("").get_text()
    assert "Latest stories" in site.html("en/").get_text()


def test_story_links_to_its_translation_both_ways(site) -> None:
    fr = site.html("2011/allostream-warner-2011/")
    en = site.html("en/2011/allostream-warner-2011/")
    assert fr.html["lang"] == "fr" and en.html["lang"] == "en"
    assert (
        fr.select_one(".lang-switch a[hreflang=en]")["href"]
        == "../../en/2011/allostream-warner-2011/"
    )
    assert (
        en.select_one(".lang-switch a[hreflang=fr]")["href"]
        == "../../../2011/allostream-warner-2011/"
    )
    alternates = {
        link["hreflang"]: link["href"] for link in fr.select("link[rel=alternate][hreflang]")
    }
    assert alternates == {
        "fr": "http://127.0.0.1:8000/2011/allostream-warner-2011/",
        "en": "http://127.0.0.1:8000/en/2011/allostream-warner-2011/",
    }
    assert "Allostream" in en.h1.get_text()


def test_founding_story_shows_tags_and_coverage(site) -> None:
    for lang, outcome_labels in (
        ("fr", ["Mise en demeure", "Fermeture"]),
        ("en", ["Notice", "Shutdown"]),
    ):
        page = site.html(f"{PREFIX[lang]}2011/allostream-warner-2011/")
        tags = {a.get_text() for a in page.select("a.tag")}
        assert {"Allostream", "Warner Bros.", *outcome_labels} <= tags
        sources = page.select(".sources li")
        outlets = {li.select_one(".source-meta").get_text().split(",")[0] for li in sources}
        assert {"01net", "PC INpact"} <= outlets
        assert all(li.a["href"].startswith("http") for li in sources)
        summary = page.select_one(".coverage-summary").get_text(" ", strip=True)
        assert summary.startswith("2 médias" if lang == "fr" else "2 outlets")


def test_single_language_story_is_on_both_sites_marked_with_its_language(site) -> None:
    for path, story_lang, site_lang in (
        ("2019/fixture-english-only/", "en", "fr"),
        ("en/2019/fixture-french-only/", "fr", "en"),
    ):
        page = site.html(path)
        assert page.html["lang"] == site_lang
        assert page.h1["lang"] == story_lang
        assert page.select_one(".story-body")["lang"] == story_lang
        assert page.select_one(".lang-label").get_text(strip=True)
        canonical = page.select_one("link[rel=canonical]")["href"]
        assert canonical.endswith(path.removeprefix("en/")) and (story_lang == "en") == (
            "/en/" in canonical
        )
    # and it is listed, with its label, on the other site's home
    item = next(
        i for i in site.html("").select(".story-item") if "fixture-english-only" in i.a["href"]
    )
    assert item.select_one(".lang-label").get_text(strip=True) == "En anglais"


def test_every_taxonomy_index_and_value_page_exists_in_both_languages(site) -> None:
    published = stories(site.content)
    registry = load_registry(site.content / "registry")
    for lang in ("fr", "en"):
        for key, folder in TAXONOMY_PATHS[lang].items():
            index = site.html(f"{PREFIX[lang]}{folder}/")
            links = {a.get_text(): a["href"] for a in index.select(".term-list li > a")}
            names = {n for meta in published.values() for n in meta.get(key) or []}
            if key == "outcomes":
                expected = {o.label(lang) for o in OUTCOMES if o.id in names}
            else:
                expected = {registry.lookup(key, n).name for n in names}
            assert set(links) == expected, (lang, key)
            for label, href in links.items():
                term = site.html(f"{PREFIX[lang]}{folder}/{href}")
                assert term.h1.get_text() == label
                dates = [t["datetime"] for t in term.select(".story-item .meta time")]
                assert dates and dates == sorted(dates, reverse=True), f"{label}: not newest first"


def test_site_pages_show_the_registry_profile(site) -> None:
    page = site.html("sites/fixture-stream/")
    assert "Site fictif utilisé par les tests." in page.select_one(".profile").get_text()
    assert "bloqué" in page.select_one(".profile").get_text()
    english = site.html("en/sites/fixture-stream/")
    assert "A made-up site used by the tests." in english.select_one(".profile").get_text()
    assert "2017–2019" in english.select_one(".profile").get_text()


def test_year_archives(site) -> None:
    for lang in ("fr", "en"):
        page = site.html(f"{PREFIX[lang]}archives/2011/")
        assert "allostream-warner-2011" in str(page)
        index = site.html(f"{PREFIX[lang]}archives/")
        assert index.select_one("a[href='../archives/2011/']") or index.find("a", string="2011")


def feed_files(site) -> list[Path]:
    return sorted(site.output.rglob("*.xml"))


def test_every_feed_parses_with_the_right_entries_and_language(site) -> None:
    published = stories(site.content)
    slugs = {slug for slug, _ in published}
    feeds = [f for f in feed_files(site) if "/feeds/" in f.as_posix()]
    assert len(feeds) > 40
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        lang = "en" if "/en/feeds/" in path.as_posix() else "fr"
        assert parsed.feed.get("language", lang).startswith(lang), path
        ids = [e.id for e in parsed.entries]
        assert ids and len(ids) == len(set(ids)), path
        for entry in parsed.entries:
            assert entry.id.startswith("tag:rideau.archive,") and entry.id.endswith(f"/{lang}")
            assert entry.link.startswith("http://127.0.0.1:8000/")
        if path.name.startswith("all."):
            assert {e.id.split("stories/")[1].split("/")[0] for e in parsed.entries} == slugs


def test_term_feed_lists_exactly_the_term_stories(site) -> None:
    parsed = feedparser.parse(
        site.output.joinpath("en/feeds/sites/allostream.atom.xml").read_bytes()
    )
    assert [e.link for e in parsed.entries] == [
        "http://127.0.0.1:8000/en/2011/allostream-warner-2011/"
    ]
    assert parsed.entries[0].title.startswith("Allostream")
    french = feedparser.parse(site.output.joinpath("feeds/issues/blocage.atom.xml").read_bytes())
    assert "http://127.0.0.1:8000/2019/fixture-french-only/" in [e.link for e in french.entries]


def test_opml_lists_every_feed(site) -> None:
    feeds = {
        "http://127.0.0.1:8000/" + p.relative_to(site.output).as_posix()
        for p in feed_files(site)
        if "feeds" in p.parts
    }
    for opml_path in ("feeds.opml", "en/feeds.opml"):
        tree = ET.parse(site.output / opml_path)
        listed = {node.get("xmlUrl") for node in tree.iter("outline") if node.get("xmlUrl")}
        assert listed == feeds, opml_path


def test_every_page_has_feed_autodiscovery(site) -> None:
    for path in site.output.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert 'type="application/atom+xml"' in page and 'type="application/rss+xml"' in page, path


def test_term_pages_advertise_their_own_feed(site) -> None:
    page = site.html("ayants-droit/warner-bros/")
    hrefs = {link["href"] for link in page.select("link[rel=alternate][type]")}
    assert "../../feeds/ayants-droit/warner-bros.atom.xml" in hrefs
    # a term's feed is Atom only; the all-stories feed is in both formats
    assert "../../feeds/ayants-droit/warner-bros.rss.xml" not in hrefs
    assert "../../feeds/all.rss.xml" in hrefs
    assert not list(site.output.glob("feeds/*/*.rss.xml"))


def test_french_typography_on_french_pages_only(site) -> None:
    french = site.html("2019/fixture-french-only/").select_one(".story-body")
    text = french.get_text()
    assert f"visé{NNBSP}?" in text and f"Oui{NNBSP}!" in text and f"l’ordre{NBSP}: bloquer" in text
    assert f"«{NNBSP}code{NNBSP}»" in text
    assert french.select_one("code").get_text() == "a ; b ? c"  # never inside code
    assert "page?x=1;y=2" in text  # nor in URLs
    english = site.html("en/2019/fixture-english-only/").select_one(".story-body").get_text()
    assert NNBSP not in english and "before ? or" in english and "“quotes”" in english


def test_interface_strings_follow_french_typography(site) -> None:
    page = site.html("sites/fixture-stream/")
    assert f"Suivre cette page{NBSP}:" in page.get_text()
    from bs4 import BeautifulSoup

    for path in site.output.rglob("*.html"):
        if "/en/" in path.as_posix():
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        # English stories shown on the French site keep English typography.
        for node in soup.select("code, pre, script, style, [lang=en]"):
            node.decompose()
        match = re.search(r"\w ?[;!?](\s|$)", soup.get_text())
        assert not match, (path, soup.get_text()[match.start() - 40 : match.end()])


def test_internal_links_resolve(site) -> None:
    broken = []
    for path in site.output.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        for href in re.findall(r'(?:href|src)="([^"#]+)', page):
            if re.match(r"^[a-z]+:", href):
                continue
            # The 404 page links from the site's root (it is served at any address).
            base = site.output if href.startswith("/") else path.parent
            target = (base / unquote(urlsplit(href).path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site.output)} -> {href}")
    assert not broken, broken[:20]


def test_drafts_are_previewed_in_development_only(site, published_site) -> None:
    draft = site.html("drafts/fixture-draft/")
    assert draft.select_one(".draft-label")
    home = site.page("").read_text(encoding="utf-8")
    assert "fixture-draft" not in home and 'href="./drafts/"' in home
    queue = site.html("drafts/")
    assert [a["href"] for a in queue.select(".story-title a")] == ["../drafts/fixture-draft/"]
    assert "content/stories/fixtures/draft.fr.md" in queue.get_text()
    assert not (published_site.output / "drafts").exists()
    assert not (published_site.output / "en" / "drafts").exists()
    assert "drafts/" not in published_site.page("").read_text(encoding="utf-8")


def test_publish_build_has_absolute_urls_sitemap_and_robots(published_site) -> None:
    out = published_site.output
    page = published_site.html("2011/allostream-warner-2011/")
    assert (
        page.select_one("link[rel=canonical]")["href"]
        == "https://archive.example.org/2011/allostream-warner-2011/"
    )
    assert (
        page.select_one(".lang-switch a")["href"]
        == "https://archive.example.org/en/2011/allostream-warner-2011/"
    )
    parsed = feedparser.parse((out / "en/feeds/all.atom.xml").read_bytes())
    assert parsed.entries[0].link.startswith("https://archive.example.org/en/")
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://archive.example.org/sitemap.xml" in robots
    assert "Sitemap: https://archive.example.org/en/sitemap.xml" in robots
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for sitemap, prefix in (
        ("sitemap.xml", "https://archive.example.org/"),
        ("en/sitemap.xml", "https://archive.example.org/en/"),
    ):
        urls = ET.parse(out / sitemap).getroot().findall("s:url", ns)
        locs = [u.findtext("s:loc", namespaces=ns) for u in urls]
        assert all(loc.startswith(prefix) for loc in locs)
        story = next(
            u
            for u in urls
            if u.findtext("s:loc", namespaces=ns).endswith("/2011/allostream-warner-2011/")
        )
        links = {link.get("hreflang"): link.get("href") for link in story.findall("x:link", ns)}
        assert links == {
            "fr": "https://archive.example.org/2011/allostream-warner-2011/",
            "en": "https://archive.example.org/en/2011/allostream-warner-2011/",
        }


def test_feed_ids_are_stable_across_builds(site, tmp_path) -> None:
    from conftest import make_content, run_pelican

    content = make_content(tmp_path)
    assert run_pelican(content, tmp_path / "again").returncode == 0
    for name in ("feeds/all.atom.xml", "en/feeds/all.rss.xml"):
        first = [e.id for e in feedparser.parse((site.output / name).read_bytes()).entries]
        second = [e.id for e in feedparser.parse((tmp_path / "again" / name).read_bytes()).entries]
        assert first == second


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_theme_is_served_once_from_the_main_site(site, lang) -> None:
    assert (site.output / "theme/css/rideau.css").exists()
    assert not (site.output / "en/theme").exists()
    css = site.html(f"{PREFIX[lang]}sites/").select_one("link[rel=stylesheet]")["href"]
    assert css == ("../theme/css/rideau.css" if lang == "fr" else "../../theme/css/rideau.css")


def test_primary_documents_are_attached_and_copied(site) -> None:
    for prefix in ("", "en/"):
        page = site.html(f"{prefix}2019/fixture-french-only/")
        link = page.select_one(".documents a")
        assert link.get_text() == "Mise en demeure (transcription)"
        assert (
            (site.page(f"{prefix}2019/fixture-french-only/").parent / link["href"])
            .resolve()
            .is_file()
        )
    founding = site.html("2011/allostream-warner-2011/").select_one(".documents a")
    assert founding["href"].startswith("https://")
