"""A new reader's first day, measured in Chromium: the timeline fits a phone and a desktop,
its bars are as long as their number of stories, story pages have room between their lines
and no empty band. What the same pages say is read from the built files in
tests/test_reader_polish.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import stories
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PREFIX = {"fr": "", "en": "en/"}
TIMELINE = {"fr": "chronologie/", "en": "en/timeline/"}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
WIDTHS = (390, 1280)
NO_DOCUMENTS = "2012/megaupload-2012/"  # a story with sources and related stories, no documents


@pytest.fixture
def page_at(browser, base_url) -> Iterator:
    """open(path, width) -> a Page of the session build at that viewport width."""
    contexts = []

    def open_(path: str, width: int) -> Page:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        response = page.goto(f"{base_url}/{path}")
        assert response is not None and response.status == 200, path
        return page

    try:
        yield open_
    finally:
        for context in contexts:
            context.close()


# Elements of <main> whose right edge is beyond the viewport, and the page's scroll width.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const beyond = [];
  for (const e of document.querySelectorAll('main *')) {
    const r = e.getBoundingClientRect();
    const name = e.tagName + '.' + (e.getAttribute('class') || '');
    if (r.width && r.right > width + 0.5) beyond.push(name + ' ' + Math.round(r.right));
  }
  const scrolled = [...document.querySelectorAll('main *')].filter(
    e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
  ).map(e => e.tagName + '.' + (e.getAttribute('class') || ''));
  return {beyond: beyond.slice(0, 10), scrolled, scrollWidth: document.documentElement.scrollWidth};
}"""


BAR_LENGTH_JS = """rects => {
  const boxes = rects.map(r => r.getBBox());
  const scale = rects[0].ownerSVGElement.getScreenCTM().a;
  return (Math.max(...boxes.map(b => b.x + b.width)) - Math.min(...boxes.map(b => b.x))) * scale;
}"""


# -- (10) timeline --------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_timeline_table_and_caption_fit_the_viewport(page_at, lang, width) -> None:
    page = page_at(TIMELINE[lang], width)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"timeline-fit-{lang}-{width}.png"), full_page=True)
    found = page.evaluate(OVERFLOW_JS)
    assert found["beyond"] == [], found
    assert found["scrolled"] == [], found
    assert found["scrollWidth"] <= width, found
    for selector in (".timeline-table", ".timeline-table caption", ".chart"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, selector
    # the caption is on screen whole: its text is not cut (no ellipsis, no clipped line)
    caption = page.locator(".timeline-table caption")
    assert caption.evaluate("c => c.scrollWidth <= c.clientWidth + 1")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_timeline_chart_labels_are_readable_on_a_phone(page_at, lang) -> None:
    page = page_at(TIMELINE[lang], 390)
    # the rendered size: the font size in the SVG's units times the SVG's scale on screen
    sizes = page.eval_on_selector_all(
        ".chart svg text",
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize)"
        " * t.ownerSVGElement.getScreenCTM().a)",
    )
    assert sizes and min(sizes) >= 12, sizes


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_timeline_bars_are_as_long_as_their_number_of_stories(page_at, site, lang) -> None:
    by_slug = {slug: meta for (slug, _lang), meta in stories(site.content).items()}
    per_year = Counter(meta["date"].year for meta in by_slug.values())
    for width in WIDTHS:
        page = page_at(TIMELINE[lang], width)
        # on-screen length of each bar: its segments' geometry (getBBox, without the white
        # stroke that separates segments) times the SVG's scale
        lengths = {
            year: page.eval_on_selector_all(
                f'svg a.bar[data-year="{year}"] rect.seg', BAR_LENGTH_JS
            )
            for year in per_year
        }
        by_count: dict[int, list[float]] = {}
        for year, n in per_year.items():
            by_count.setdefault(n, []).append(lengths[year])
        assert any(len(v) > 1 for v in by_count.values()), per_year  # something to compare
        for n, found in by_count.items():
            assert max(found) - min(found) < 1, (n, lengths)
        # and proportional: a year of 2 stories is twice as long as a year of 1
        if 1 in by_count and 2 in by_count:
            assert abs(by_count[2][0] - 2 * by_count[1][0]) < 1, lengths


# -- (12) story pages -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_follow_list_has_room_between_its_lines(page_at, lang) -> None:
    page = page_at(PREFIX[lang] + NO_DOCUMENTS, 390)
    tops_bottoms = page.eval_on_selector_all(
        ".follow-story .feeds li",
        "items => items.map(li => { const r = li.querySelector('a').getBoundingClientRect();"
        " return [r.top, r.bottom]; })",
    )
    assert len(tops_bottoms) >= 3
    gaps = [b[0] - a[1] for a, b in pairwise(tops_bottoms)]
    assert min(gaps) >= 12, gaps


# Horizontal rules drawn in the story (borders of its elements), and whether something is
# shown between each rule and the next: an empty band is two rules with nothing between.
EMPTY_BANDS_JS = """() => {
  const article = document.querySelector('article.story');
  const rules = [];
  for (const e of article.querySelectorAll('*')) {
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (parseFloat(s.borderTopWidth) > 0 && s.borderTopStyle !== 'none') rules.push(r.top);
    if (parseFloat(s.borderBottomWidth) > 0 && s.borderBottomStyle !== 'none') rules.push(r.bottom);
  }
  rules.sort((a, b) => a - b);
  const texts = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (!walker.currentNode.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    for (const r of range.getClientRects()) texts.push([r.top, r.bottom]);
  }
  const empty = [];
  for (let i = 0; i + 1 < rules.length; i++) {
    const [a, b] = [rules[i], rules[i + 1]];
    if (b - a < 4) continue;  // one rule drawn by two adjacent borders
    if (!texts.some(([top, bottom]) => top >= a - 1 && bottom <= b + 1)) empty.push([a, b]);
  }
  return empty;
}"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_story_without_documents_shows_no_empty_band(page_at, site, lang) -> None:
    assert site.html(PREFIX[lang] + NO_DOCUMENTS).select(".documents") == []
    for width in WIDTHS:
        page = page_at(PREFIX[lang] + NO_DOCUMENTS, width)
        assert page.evaluate(EMPTY_BANDS_JS) == [], width
