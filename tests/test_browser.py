"""Drive the built site in headless Chromium: language switch, navigation, keyboard, styles.

The site is served from the session build (`site` fixture) on 127.0.0.1; every page
records console errors, uncaught script errors and any request that leaves the local
server (such requests are aborted), and each test asserts that all three stay empty. The
fixtures (`browse`, `browser`, `base_url`) are in conftest.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STORY = "2011/allostream-warner-2011/"
STYLESHEET = "/theme/css/rideau.css"


def test_language_switch_on_home(browse):
    page = browse.page
    browse.open("")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.locator('nav.lang-switch a[hreflang="en"]').click()
    expect(page).to_have_url(browse.url("en/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator('nav.lang-switch a[hreflang="fr"]').click()
    expect(page).to_have_url(browse.url(""))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    browse.log.assert_clean()


@pytest.mark.parametrize(
    ("home", "index"),
    [("", "sites/"), ("en/", "en/studios/")],
    ids=["fr-sites", "en-studios"],
)
def test_taxonomy_navigation(browse, home, index):
    page = browse.page
    browse.open(home)
    slug = index.rstrip("/").rsplit("/", 1)[-1]
    page.locator(f'nav.main-nav a[href$="/{slug}/"]').click()
    expect(page).to_have_url(browse.url(index))

    first_term = page.locator(".term-list a").first
    label = first_term.inner_text().strip()
    assert label, "first term link has no text"
    first_term.click()
    expect(page).not_to_have_url(browse.url(index))
    assert page.url.startswith(browse.url(index)), f"term page {page.url} is not under /{index}"
    expect(page.locator("h1")).to_have_text(label)
    expect(page.locator(".story-item").first).to_be_visible()
    assert page.locator(".story-item").count() >= 1
    browse.log.assert_clean()


def test_language_switch_on_story(browse):
    page = browse.page
    browse.open(STORY)
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.locator('nav.lang-switch a[hreflang="en"]').click()
    expect(page).to_have_url(browse.url("en/" + STORY))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Allostream")
    browse.log.assert_clean()


@pytest.mark.parametrize("home", ["", "en/"], ids=["fr", "en"])
def test_skip_link_by_keyboard(browse, home):
    page = browse.page
    browse.open(home)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')"), (
        "first Tab does not focus the skip link: "
        + page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    )
    box = page.locator(".skip-link").bounding_box()
    assert box is not None, "skip link has no box once focused"
    assert box["y"] >= 0, f"focused skip link is still above the viewport: {box}"
    expect(page.locator(".skip-link")).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url(browse.url(home) + "#main")
    page.keyboard.press("Tab")
    in_main = page.evaluate(
        "(() => { const el = document.activeElement;"
        " return el !== null && el.closest('#main') !== null; })()"
    )
    assert in_main, "Tab after the skip link left #main: " + page.evaluate(
        "document.activeElement.outerHTML.slice(0, 120)"
    )
    browse.log.assert_clean()


@pytest.mark.parametrize("path", ["en/", "en/studios/", "en/" + STORY])
def test_stylesheet_loads_on_english_pages(browse, path):
    page = browse.page
    browse.open(path)
    stylesheet = browse.url(STYLESHEET.lstrip("/"))
    assert (stylesheet, 200) in browse.log.responses, (
        f"{stylesheet} not served with 200; responses: {browse.log.responses}"
    )
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Georgia" in font, f"rideau.css not applied to body (font-family: {font})"
    browse.log.assert_clean()
