"""The story model: field checks, canonical names, problems with file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from stories.model import (
    FrontMatter,
    StoryError,
    check_story,
    field_lines,
    load_front_matter,
    split_front_matter,
)
from stories.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = load_registry(ROOT / "content" / "registry")
LANGS = ("fr", "en")

GOOD = """---
title: Un titre
slug: un-titre
lang: fr
date: 2011-02-09
event_date: 2011-02-02
summary: Résumé.
sites: [allostream.com]
studios: [Warner Bros. France]
outcomes: [shutdown, notice]
sources:
  - {outlet: 01net, lang: fr, date: 2011-02-09, title: T, url: "https://01net.example/a"}
---
Corps.
"""


def check(text: str):
    front, _body, first = split_front_matter("story.md", text)
    return check_story(
        "story.md",
        FrontMatter(load_front_matter(front), field_lines(front, first)),
        REGISTRY,
        LANGS,
    )


def test_good_story_is_normalised() -> None:
    meta, problems = check(GOOD)
    assert problems == []
    assert meta["sites"] == ["Allostream"]
    assert meta["studios"] == ["Warner Bros."]
    assert meta["outcomes"] == ["notice", "shutdown"]  # vocabulary order
    assert meta["event_date"] == dt.date(2011, 2, 2)
    assert meta["sources"][0].outlet == "01net"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "outcomes: [shutdown, notice]",
            "outcomes: [shutdown, closed]",
            "story.md:10: outcomes: 'closed' is not an outcome",
        ),
        (
            "date: 2011-02-09",
            "date: 9 février 2011",
            "story.md:5: date: '9 février 2011' is not a date",
        ),
        ("title: Un titre\n", "", "story.md: title: is missing"),
        (
            "sites: [allostream.com]",
            "sites: [Nowhere Stream]",
            "story.md:8: sites: 'Nowhere Stream' is not in content/registry/sites.yaml",
        ),
        ("lang: fr", "lang: de", "story.md:4: lang: 'de' is not one of fr, en"),
        ("slug: un-titre", "slug: Un Titre", "story.md:3: slug: 'Un Titre' must be lowercase"),
        (
            'url: "https://01net.example/a"',
            'url: "javascript:alert(1)"',
            "story.md:11: sources: entry 1: url 'javascript:alert(1)' is not an http(s) URL",
        ),
        (
            "summary: Résumé.",
            "summary: Résumé.\nsumary: typo",
            "story.md:8: sumary: is not a story field",
        ),
    ],
)
def test_problems_name_file_line_and_field(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    _meta, problems = check(GOOD.replace(old, new))
    assert expected in [str(p) for p in problems] or any(
        str(p).startswith(expected) for p in problems
    ), problems


def test_unknown_outcome_is_dropped_and_unknown_site_kept() -> None:
    meta, _ = check(
        GOOD.replace("[shutdown, notice]", "[shutdown, nope]").replace(
            "[allostream.com]", "[New Site]"
        )
    )
    assert meta["outcomes"] == ["shutdown"]
    assert meta["sites"] == ["New Site"]


def test_missing_front_matter_is_an_error() -> None:
    with pytest.raises(
        StoryError, match=r"story\.md:1: front matter: the file must start with a '---' line"
    ):
        split_front_matter("story.md", "title: x\n")
    with pytest.raises(StoryError, match="no closing '---' line"):
        split_front_matter("story.md", "---\ntitle: x\n")
