"""Reader features read from the built pages: the search index, page weight, no
render-blocking script, profiles, coverage, share and follow, the home's latest closures.

The site is the session build (`site` fixture), whose `search` plugin ran Pagefind. What a
reader does in a browser with these pages is in tests/test_browser_reader.py.
"""

from __future__ import annotations

import json

from conftest import stories

STORY = "2011/allostream-warner-2011/"
PREFIX = {"fr": "", "en": "en/"}
MAX_ARTICLE_WEIGHT = 30 * 1024  # bytes of HTML + CSS for a story page


# -- search index ---------------------------------------------------------------------------


def test_search_index_is_per_language_and_holds_stories_only(site) -> None:
    published = {slug for slug, _lang in stories(site.content)}  # each on both sites
    for lang, folder in (("fr", site.output), ("en", site.output / "en")):
        entry = json.loads((folder / "pagefind" / "pagefind-entry.json").read_text())
        languages = entry["languages"]
        assert set(languages) == {lang}
        assert languages[lang]["page_count"] == len(published)
    # Pagefind reads only where story pages are written: none of the others is left out.
    bodies = [p for p in site.output.rglob("*.html") if "data-pagefind-body" in p.read_text()]
    assert len(bodies) == 2 * len(published)
    draft = site.page("drafts/fixture-draft/").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in draft


# -- weight and scripts ---------------------------------------------------------------------


def test_story_pages_weigh_at_most_30_kb_with_their_css(site) -> None:
    css = site.output / "theme" / "css" / "rideau.css"
    heaviest = max(
        (p.stat().st_size + css.stat().st_size, p)
        for p in site.output.glob("**/[0-9][0-9][0-9][0-9]/*/index.html")
    )
    print(f"heaviest story page with CSS: {heaviest[0]} bytes ({heaviest[1]})")
    assert heaviest[0] <= MAX_ARTICLE_WEIGHT, heaviest


def test_no_render_blocking_script(site) -> None:
    for path in site.output.rglob("*.html"):
        html = site.html(str(path.relative_to(site.output)))
        for script in html.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.get("src") and (script.has_attr("defer") or script.has_attr("async")), (
                path,
                str(script)[:120],
            )


# -- profiles, coverage, share and follow (built pages) -------------------------------------


def test_site_profile_shows_status_timeline_and_studios(site) -> None:
    page = site.html("en/sites/fixture-stream/")
    profile = page.select_one(".profile")
    # the latest story with a state-changing outcome (blocking) decides
    assert profile.select_one(".status").get_text() == "blocked"
    assert "A made-up site used by the tests." in profile.get_text()
    timeline = [li.a["href"] for li in profile.select(".timeline-list li")]
    assert timeline == ["../../2019/fixture-english-only/", "../../2019/fixture-french-only/"]
    studios = {
        li.a.get_text(): li.select_one(".count").get_text() for li in profile.select(".counts li")
    }
    assert studios["Warner Bros."] == "1 story"
    bay = site.html("sites/the-pirate-bay/").select_one(".profile .status").get_text()
    assert bay == "fermé"


def test_studio_profile_shows_sites_and_outcomes_with_counts(site) -> None:
    page = site.html("en/studios/mpa/")
    lists = page.select(".profile .counts")
    sites = {li.a.get_text(): li.select_one(".count").get_text() for li in lists[0].select("li")}
    assert sites == {"KickassTorrents": "1 story", "Megaupload": "1 story"}
    outcomes = [li.a.get_text() for li in lists[1].select("li")]
    assert outcomes == ["Arrest", "Seizure", "Shutdown"]
    assert page.select_one(".profile .count").get_text() == "1 story"


def test_coverage_first_report_and_developments(site) -> None:
    page = site.html("en/" + STORY)
    first = page.select_one(".first-reported").get_text(" ", strip=True)
    assert first.startswith("First reported by PC INpact on February 8, 2011")
    french = site.html(STORY).select_one(".first-reported").get_text(" ", strip=True)
    assert french.startswith("Révélé par PC INpact le 8 février 2011")
    later = site.html("2019/fixture-english-only/").select(".developments li a")
    assert [a["href"] for a in later] == ["../../2019/fixture-french-only/"]
    assert "Après" in site.html("2019/fixture-english-only/").select_one(".developments").get_text()
    earlier = site.html("en/2019/fixture-french-only/").select_one(".developments")
    assert "Before" in earlier.get_text() and "fixture-english-only" in str(earlier)
    related = [a["href"] for a in page.select(".related li a")]
    assert 1 <= len(related) <= 4 and "allostream" not in " ".join(related)


def test_story_share_and_follow(site) -> None:
    for lang in ("fr", "en"):
        page = site.html(PREFIX[lang] + STORY)
        meta = {m.get("property") or m.get("name"): m.get("content") for m in page.select("meta")}
        canonical = page.select_one("link[rel=canonical]")["href"]
        assert meta["og:url"] == canonical and meta["og:type"] == "article"
        assert meta["og:title"].startswith("Allostream") and meta["twitter:card"] == "summary"
        scripts = page.select('script[type="application/ld+json"]')
        assert len(scripts) == 1
        data = json.loads(scripts[0].string)
        assert data["@type"] == "NewsArticle" and data["url"] == canonical
        assert data["datePublished"] == "2011-02-08" and data["inLanguage"] == lang
        assert (
            "https://01net.com/actualites/piratage-le-site-allostream-rend-les-armes-528596.html"
            in data["citation"]
        )
        feeds = [a["href"] for a in page.select(".follow-story a")]
        assert any(h.endswith("feeds/sites/allostream.atom.xml") for h in feeds)
        assert any("warner-bros.atom.xml" in h for h in feeds)
        # a term's feed is Atom only; the all-stories feed is in both formats
        assert not any("warner-bros.rss.xml" in h for h in feeds)
        assert any(h.endswith("feeds/all.rss.xml") for h in feeds)
        for href in feeds:
            assert (site.page(PREFIX[lang] + STORY).parent / href).resolve().is_file(), href


def test_json_ld_cannot_be_broken_out_of(site) -> None:
    """Titles are written with |tojson: '<', '>' and '&' are escaped in the data block."""
    for path in site.output.glob("**/[0-9][0-9][0-9][0-9]/*/index.html"):
        text = path.read_text(encoding="utf-8")
        block = text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
        assert "<" not in block and ">" not in block
        json.loads(block)


def test_home_lists_the_latest_closures(site) -> None:
    for lang, title in (("fr", "Dernières fermetures"), ("en", "Latest closures")):
        closures = site.html(PREFIX[lang]).select_one(".closures")
        assert closures.h2.get_text() == title
        links = [a["href"] for a in closures.select("li a")]
        assert 1 <= len(links) <= 5
        assert links[0].endswith("2019/fixture-english-only/")
