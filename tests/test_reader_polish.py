"""A new reader's and editor's first day: the timeline says what a bar's length means, site
and story pages show each thing once and in a stated order, the drafts page links only to
pages that exist and says how to publish.

These tests read the built pages; what a reader sees in Chromium (element bounds, rendered
font sizes) is measured in tests/test_browser_reader_polish.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_content, run_pelican

PREFIX = {"fr": "", "en": "en/"}


# -- (10) timeline ----------------------------------------------------------------------------


def test_timeline_text_says_what_a_bar_length_means(site) -> None:
    french = site.html("chronologie/").select_one(".lead").get_text()
    english = site.html("en/timeline/").select_one(".lead").get_text()
    assert "longueur" in french and "nombre de fiches" in french, french
    assert "length" in english and "number of stories" in english, english


# -- (12) site and story pages ----------------------------------------------------------------

NO_DOCUMENTS = "2012/megaupload-2012/"  # a story with sources and related stories, no documents


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_site_with_one_story_lists_it_once(site, lang) -> None:
    page = site.html(f"{PREFIX[lang]}sites/allostream/")
    items = [
        li
        for li in page.select("main li")
        if any("allostream-warner-2011" in a["href"] for a in li.select("a"))
    ]
    assert len(items) == 1, items
    # a site with several stories keeps its timeline of enforcement
    several = site.html(f"{PREFIX[lang]}sites/fixture-stream/")
    assert len(several.select(".timeline-list li")) == 2


@pytest.mark.parametrize(
    ("lang", "label"), [("fr", "les plus récentes d’abord"), ("en", "newest first")]
)
def test_related_stories_are_newest_first_and_say_so(site, lang, label) -> None:
    page = site.html(PREFIX[lang] + NO_DOCUMENTS)
    related = page.select_one(".related")
    dates = [t["datetime"] for t in related.select("li time")]
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True), dates
    assert label in related.get_text(" "), related.get_text(" ")


# -- (7) drafts preview -----------------------------------------------------------------------

DRAFT = """---
title: Brouillon sans page de terme
slug: fixture-draft-unpublished-terms
lang: fr
date: 2019-08-01
summary: Un brouillon dont une issue n'a encore aucune fiche publiée.
sites: [Fixture Stream]
outcomes: [shutdown, acquittal]
status: draft
---
Texte.
"""


@pytest.fixture(scope="module")
def drafts_site(tmp_path_factory) -> Path:
    """The test content plus a draft with an outcome (acquittal) that no published story has,
    built for development; returns the output folder."""
    base = tmp_path_factory.mktemp("drafts")
    content = make_content(base)
    (content / "stories" / "fixtures" / "unpublished-terms.fr.md").write_text(DRAFT, "utf-8")
    result = run_pelican(content, base / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "output"


@pytest.mark.parametrize(
    ("lang", "acquittal", "shutdown"),
    [("fr", "Relaxe", "Fermeture"), ("en", "Acquittal", "Shutdown")],
)
def test_drafts_link_only_to_term_pages_that_exist(drafts_site, lang, acquittal, shutdown) -> None:
    from bs4 import BeautifulSoup

    for path in (
        f"{PREFIX[lang]}drafts/",
        f"{PREFIX[lang]}drafts/fixture-draft-unpublished-terms/",
    ):
        page_file = drafts_site / path / "index.html"
        page = BeautifulSoup(page_file.read_text("utf-8"), "html.parser")
        tags = page.select("main .tag-outcomes, main .tag-sites")
        shown = {t.get_text(): t.name for t in tags}
        assert shown.get(acquittal) == "span", (path, shown)  # its page does not exist yet
        assert shown.get(shutdown) == "a", (path, shown)
        for link in page.select("main a.tag"):
            target = (page_file.parent / link["href"]).resolve()
            assert (target / "index.html").is_file(), (path, link["href"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_drafts_page_says_to_publish_with_newswire(drafts_site, lang) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        (drafts_site / f"{PREFIX[lang]}drafts/index.html").read_text("utf-8"), "html.parser"
    )
    lead = page.select_one(".lead").get_text()
    assert "newswire publish" in lead and "make review" in lead, lead
    assert "status" not in lead, lead  # not by hand: newswire publish checks the story first
    commands = [c.get_text() for c in page.select(".story-item code")]
    assert "newswire publish fixture-draft-unpublished-terms" in commands, commands
