"""The search page speaks the site's languages: Pagefind's interface strings come from the
site's catalogue (French typography included), result excerpts are the story's text without
its tags, and the language switch keeps the words searched for."""

from __future__ import annotations

import re

import pytest
from conftest import loaded_results
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NNBSP, NBSP = "\u202f", "\u00a0"


def searched(browse, path: str, query: str):
    browse.open(f"{path}?q={query}")
    return loaded_results(browse.page, "result")


def test_french_search_strings_are_the_sites_own(browse) -> None:
    searched(browse, "search/", "allostream")
    page = browse.page
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(
        re.compile(rf"^\d+ fiches correspondent à «{NNBSP}allostream{NNBSP}»$")
    )
    expect(page.locator(".pagefind-ui__search-clear")).to_have_text("Effacer la recherche")
    assert "Nettoyer" not in page.locator("#search").inner_text()
    # Pagefind writes "key: value"; in French the colon follows a no-break space.
    meta = page.locator(".pagefind-ui__result-tag").first.inner_text()
    assert meta.startswith(f"Date{NBSP}:"), repr(meta)
    browse.log.assert_clean()


def test_english_search_strings_are_the_sites_own(browse) -> None:
    searched(browse, "en/search/", "megaupload")
    message = browse.page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(r"^\d+ (stories match|story matches) “megaupload”$"))
    meta = browse.page.locator(".pagefind-ui__result-tag").first.inner_text()
    assert meta.startswith("Date:"), repr(meta)
    browse.log.assert_clean()


def test_an_excerpt_does_not_run_the_tags_into_the_text(browse) -> None:
    results = searched(browse, "search/", "allostream")
    story = results.filter(has=browse.page.locator('a[href*="allostream-warner-2011"]'))
    excerpt = story.locator(".pagefind-ui__result-excerpt").inner_text()
    # The tags (site, rights holder, outcomes) stood between the title and the summary.
    assert "Allostream Mis en demeure" not in excerpt and "Warner Bros. Allostream" not in excerpt
    assert "Mis en demeure le 2" in excerpt, excerpt
    browse.log.assert_clean()


def test_the_language_switch_keeps_the_words_searched_for(browse) -> None:
    searched(browse, "search/", "megaupload")
    switch = browse.page.locator(".lang-switch a")
    expect(switch).to_have_attribute("href", re.compile(r"en/search/\?q=megaupload$"))
    field = browse.page.get_by_label("Mots à chercher")
    field.fill("kickass")
    expect(switch).to_have_attribute("href", re.compile(r"en/search/\?q=kickass$"))
    switch.click()
    expect(browse.page).to_have_url(re.compile(r"/en/search/\?q=kickass$"))
    expect(browse.page.locator(".pagefind-ui__result").first).to_be_visible()
    browse.log.assert_clean()
