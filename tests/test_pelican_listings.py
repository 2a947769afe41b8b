"""Pelican's category and author lists are emptied only where nothing of theirs is written."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import ROOT
from pelican.settings import read_settings
from rideau.plugins.taxonomy import forget_unwritten_listings


def _generator(**override) -> SimpleNamespace:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=override)
    return SimpleNamespace(
        settings=settings, categories=[("stories", [1, 2])], authors=[("x", [1])]
    )


def test_rideau_settings_write_no_category_or_author_page() -> None:
    generator = _generator()
    forget_unwritten_listings(generator)
    assert generator.categories == [] and generator.authors == []


@pytest.mark.parametrize(
    ("override", "kept"),
    [
        ({"CATEGORY_SAVE_AS": "category/{slug}.html"}, "categories"),
        ({"CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml"}, "categories"),
        ({"AUTHOR_FEED_RSS": "feeds/{slug}.rss.xml"}, "authors"),
        ({"AUTHOR_SAVE_AS": "author/{slug}/index.html"}, "authors"),
    ],
)
def test_listings_with_pages_or_feeds_are_kept(override: dict, kept: str) -> None:
    generator = _generator(**override)
    forget_unwritten_listings(generator)
    assert getattr(generator, kept), kept
