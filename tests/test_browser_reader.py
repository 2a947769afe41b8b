"""Reader features in a real browser: search (Pagefind), language switch, timeline, keyboard,
print; and the quality bar that needs the tools of `make test`: axe-core (in Chromium), the Nu
HTML Checker (vnu, Java) and screenshots for review.

The site is the session build (`site` fixture), whose `search` plugin ran Pagefind; the browser
fixtures (`browser`, `browse`, `base_url`) are in conftest.py. axe-core and vnu.jar come from
npm (`make page-tools`, run by `make test`) in .venv/node. Every test here is marked `browser`:
`make test-fast` runs none of them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Browse, FiltersHeldBack, loaded_results, serve_folder
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NODE_TOOLS = ROOT / ".venv" / "node" / "node_modules"
AXE = NODE_TOOLS / "axe-core" / "axe.min.js"
VNU = NODE_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
STORY = "2011/allostream-warner-2011/"
PREFIX = {"fr": "", "en": "en/"}
TIMELINE = {"fr": "chronologie/", "en": "en/timeline/"}

# Representative pages of every kind, in both languages, for axe-core.
AXE_PAGES = [
    "",
    "en/",
    STORY,
    "en/" + STORY,
    "2019/fixture-english-only/",
    "en/2019/fixture-french-only/",
    "sites/",
    "en/outcomes/",
    "sites/fixture-stream/",
    "en/sites/fixture-stream/",
    "ayants-droit/mpa/",
    "en/studios/sacem/",
    "issues/fermeture/",
    "archives/2011/",
    "en/archives/",
    "chronologie/",
    "en/timeline/",
    "search/",
    "en/search/",
]


def tool(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make page-tools` (make test does) to install it")
    return path


# -- search ---------------------------------------------------------------------------------


def search(browse: Browse, lang: str, query: str):
    """Open the search page of `lang`, type `query`, wait for results; returns result links."""
    page = browse.page
    browse.open(f"{PREFIX[lang]}search/")
    field = page.get_by_label("Mots à chercher" if lang == "fr" else "Words to search for")
    field.fill(query)
    return loaded_results(page)


def result_paths(results) -> list[str]:
    return [re.sub(r"^https?://[^/]+/", "", href) for href in results.evaluate_all(
        "links => links.map(a => a.href)"
    )]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "query", "expected", "rank"),
    [
        ("fr", "Allostream", STORY, 1),
        # English stemming makes "Allostreaming" the same word: that story may come first.
        ("en", "Allostream", "en/" + STORY, 2),
        ("en", "Megaupload", "en/2012/megaupload-2012/", 1),
        ("fr", "Zone Téléchargement", "2016/zone-telechargement-2016/", 1),
    ],
)
def test_search_finds_the_story(browse, lang, query, expected, rank) -> None:
    results = search(browse, lang, query)
    paths = result_paths(results)
    assert expected in paths[:rank], paths
    # only stories are indexed: no listing, taxonomy or search page among the results
    assert all(re.match(r"^(en/)?\d{4}/[a-z0-9-]+/$", p) for p in paths), paths
    results.nth(paths.index(expected)).click()
    expect(browse.page).to_have_url(browse.url(expected))
    browse.log.assert_clean()


def test_search_in_french_finds_closures_in_french(browse) -> None:
    results = search(browse, "fr", "fermeture")
    paths = result_paths(results)
    assert len(paths) >= 3 and all(not p.startswith("en/") for p in paths), paths
    expect(browse.page.locator("html")).to_have_attribute("lang", "fr")
    # the French index: French titles
    assert "ferm" in browse.page.locator(".pagefind-ui__result-title").first.inner_text().lower()
    browse.log.assert_clean()


@pytest.mark.parametrize(
    ("lang", "filter_name", "value", "expected"),
    [
        ("en", "Site", "Megaupload", ["en/2012/megaupload-2012/"]),
        ("fr", "Année", "2016", ["2016/kickasstorrents-2016/", "2016/zone-telechargement-2016/"]),
    ],
)
def test_search_filter_narrows_the_results(browse, lang, filter_name, value, expected) -> None:
    page = browse.page
    results = search(browse, lang, "shut" if lang == "en" else "ferme")
    before = len(result_paths(results))
    # Pagefind's UI loads its filters after the first results; on a loaded machine (the test
    # suite runs in two processes beside Chromium) that took more than the default 10 s once.
    page.locator(".pagefind-ui__filter-name", has_text=filter_name).click(timeout=30_000)
    page.get_by_label(re.compile(rf"^{re.escape(value)} \(\d+\)$")).check()
    expect(results).to_have_count(len(expected))
    assert sorted(result_paths(results)) == expected
    assert before > len(expected)
    browse.log.assert_clean()


def test_search_lists_every_filter_when_some_load_late(browser, site) -> None:
    """Pagefind's UI takes its filter list from the first search when that search ends first.

    With every filter file but the first held back, a search that ends before them listed only
    the first filter, and kept that list: the "Site" filter never appeared.
    """
    held_back = FiltersHeldBack(2)
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(15_000)
    try:
        with serve_folder(site.output, delay=held_back) as url:
            page = context.new_page()
            page.goto(f"{url}/en/search/")
            # Busy while the filters load (assistive technologies wait for the search box).
            expect(page.locator("#search")).to_have_attribute("aria-busy", "true")
            page.get_by_label("Words to search for").fill("shut")
            expect(page.locator(".pagefind-ui__result-link").first).to_be_visible()
            expect(page.locator("#search")).not_to_have_attribute("aria-busy", "true")
            names = page.locator(".pagefind-ui__filter-name")
            expect(names).to_have_text(["Outcome", "Site", "Studio", "Year"])
            assert held_back.asked > 1, "the filters were not held back"
    finally:
        context.close()


def test_search_query_in_the_address(browse) -> None:
    browse.open("en/search/?q=kickass")
    results = loaded_results(browse.page)
    assert result_paths(results)[0] == "en/2016/kickasstorrents-2016/"
    browse.log.assert_clean()


def test_search_page_without_javascript(browser, base_url, site) -> None:
    for path, text in (
        ("search/", "La recherche a besoin de JavaScript"),
        ("en/search/", "Search needs JavaScript"),
    ):
        assert text in site.html(path).select_one("main noscript").get_text()
    # Chromium with scripts off still parses <noscript> as text: check the links it points to.
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for path, link in (("search/", "Ayants droit"), ("en/search/", "Studios")):
            page.goto(f"{base_url}/{path}")
            expect(page.locator("nav.browse").get_by_role("link", name=link)).to_be_visible()
            expect(page.locator(".pagefind-ui")).to_have_count(0)
    finally:
        context.close()


def test_search_page_opened_from_a_file_says_why_it_cannot_search(browser, site) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((site.output / "en" / "search" / "index.html").as_uri())
        expect(page.locator("#search")).to_contain_text("served by a web server")
        expect(page.locator("nav.browse a").first).to_be_visible()
    finally:
        context.close()


# -- language switch, timeline, keyboard ----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "lang", "target"),
    [
        ("2012/megaupload-2012/", "en", "en/2012/megaupload-2012/"),
        ("en/2016/kickasstorrents-2016/", "fr", "2016/kickasstorrents-2016/"),
    ],
)
def test_language_switch_lands_on_the_translation(browse, start, lang, target) -> None:
    page = browse.page
    browse.open(start)
    title = page.locator("h1").inner_text()
    page.locator(f'nav.lang-switch a[hreflang="{lang}"]').click()
    expect(page).to_have_url(browse.url(target))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_attribute("lang", lang)
    assert page.locator("h1").inner_text() != title
    browse.log.assert_clean()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_timeline_bar_leads_to_its_year(browse, lang) -> None:
    page = browse.page
    browse.open(TIMELINE[lang])
    bar = page.locator('svg a.bar[data-year="2016"]')
    expect(bar).to_have_attribute("aria-label", re.compile(r"^2016\s?: 2 "))
    bar.locator("rect").first.click()
    expect(page).to_have_url(browse.url(f"{PREFIX[lang]}archives/2016/"))
    expect(page.locator(".story-item")).to_have_count(2)
    browse.log.assert_clean()


def test_keyboard_only_search_and_open_a_story(browse) -> None:
    page = browse.page
    browse.open("en/")
    for _ in range(40):  # Tab through the header to the Search link of the main menu
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Search":
            break
    else:
        pytest.fail("the Search link cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(browse.url("en/search/"))
    field = page.get_by_label("Words to search for")
    expect(field).to_be_visible()
    page.keyboard.press("Tab")  # the skip link, then into the main content
    page.keyboard.press("Enter")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-input":
            break
    else:
        pytest.fail("the search field cannot be reached with Tab")
    page.keyboard.type("popcorn")
    page.keyboard.press("Enter")
    first = page.locator(".pagefind-ui__result-link").first
    expect(first).to_be_visible()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')"):
            break
    else:
        pytest.fail("no search result can be reached with Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(browse.url("en/2014/popcorn-time-2014/"))
    # the focus is visible on links (outline of the theme)
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    browse.log.assert_clean()


def test_timeline_bars_are_reachable_by_keyboard(browse) -> None:
    page = browse.page
    browse.open("en/timeline/")
    page.locator("h1").click()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-year')"):
            break
    else:
        pytest.fail("no timeline bar can be reached with Tab")
    year = page.evaluate("document.activeElement.getAttribute('data-year')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(browse.url(f"en/archives/{year}/"))
    browse.log.assert_clean()


# -- print ----------------------------------------------------------------------------------


def test_print_stylesheet_hides_navigation_and_shows_link_addresses(browse) -> None:
    page = browse.page
    browse.open(STORY)
    page.emulate_media(media="print")
    for selector in ("nav.main-nav", "nav.lang-switch", ".site-footer", ".follow-story"):
        assert page.locator(selector).evaluate("e => getComputedStyle(e).display") == "none"
    after = page.locator(".sources a").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert "01net.com" in after or "http" in after, after
    body_link = page.locator(".documents a").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert "http" in body_link


# -- quality bar ----------------------------------------------------------------------------


def test_axe_finds_no_violation(browser, base_url) -> None:
    """axe-core (WCAG 2.x A/AA and best practices) on every kind of page, both languages."""
    axe = tool(AXE)
    # CSP blocks injected scripts: bypass it for this check only (other tests keep it).
    context = browser.new_context(bypass_csp=True)
    found = {}
    try:
        page = context.new_page()
        for path in AXE_PAGES:
            page.goto(f"{base_url}/{path}")
            if path.endswith("search/"):
                page.locator("#search-input").fill("stream")
                loaded_results(page)
                page.locator(".pagefind-ui__filter-name").first.click()
            page.add_script_tag(path=str(axe))
            result = page.evaluate(
                "axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag',"
                " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',"
                " 'best-practice']}})"
            )
            violations = [
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                for v in result["violations"]
            ]
            if violations:
                found[path] = violations
    finally:
        context.close()
    print(f"axe-core: {len(AXE_PAGES)} pages, {sum(map(len, found.values()))} violations")
    assert found == {}


def test_every_page_is_valid_html(site) -> None:
    """The Nu HTML Checker (vnu.jar, Java) over every HTML page of both sites."""
    vnu = tool(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the HTML checker needs it (make test installs it)")
    pages = sorted(str(p) for p in site.output.rglob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    print(f"vnu: {len(pages)} pages, {len(errors)} errors")
    assert len(pages) > 100 and errors == [], errors[:20]


# -- screenshots ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_screenshots(browser, base_url, lang, width) -> None:
    """Home, a story and the timeline, for review in test-output/screenshots/; nothing may
    overflow the width of a phone."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        for name, path in (
            ("home", PREFIX[lang]),
            ("story", PREFIX[lang] + STORY),
            ("timeline", TIMELINE[lang]),
        ):
            page.goto(f"{base_url}/{path}")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{path} is {overflow}px wide at {width}px"
    finally:
        context.close()
