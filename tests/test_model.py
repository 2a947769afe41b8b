"""The story model: field checks, canonical names, problems with file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rideau.registry import load_registry
from rideau.storyfile.parse import (
    FrontMatter,
    StoryError,
    field_lines,
    load_front_matter,
    parse_front_matter,
    split_front_matter,
)
from rideau.storyfile.validate import check_story

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


def parsed(text: str, path: str = "story.md"):
    front, _body = parse_front_matter(path, text)
    return check_story(path, front, REGISTRY, LANGS)


@pytest.mark.parametrize(
    ("old", "new", "line", "found"),
    [
        ("sites: [allostream.com]", "sites: &s [allostream.com]", 8, "&s"),
        ("summary: Résumé.", "summary: &r Résumé.\nrecap: *r", 7, "&r"),
        ("summary: Résumé.", "summary: *nowhere", 7, "*nowhere"),
        (
            "  - {outlet: 01net,",
            "  - &src {outlet: 01net,",
            12,
            "&src",
        ),
        ("summary: Résumé.", "base: &b {k: v}\nsummary: Résumé.\nmerged: {<<: *b}", 7, "&b"),
    ],
)
def test_yaml_anchors_and_aliases_are_refused(old: str, new: str, line: int, found: str) -> None:
    assert old in GOOD
    with pytest.raises(StoryError) as caught:
        parse_front_matter("story.md", GOOD.replace(old, new))
    assert [str(p) for p in caught.value.problems] == [
        f"story.md:{line}: front matter: YAML aliases and anchors are not allowed in a story "
        f"file (found {found}); write the value out in full"
    ]
    assert all(p.fatal for p in caught.value.problems)


def test_an_alias_bomb_is_refused_before_it_is_expanded() -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    text = GOOD.replace("---\nCorps", "\n".join(levels) + "\n---\nCorps")
    with pytest.raises(StoryError, match=r"story\.md:13: front matter: YAML aliases and anchors"):
        parse_front_matter("story.md", text)
    with pytest.raises(ValueError, match="aliases and anchors"):
        load_front_matter(split_front_matter("story.md", text)[0])  # what ingestion reads


def test_ampersands_and_asterisks_in_text_are_not_anchors() -> None:
    text = GOOD.replace("summary: Résumé.", 'summary: "*Allostream* & co: 5 * 3"').replace(
        'url: "https://01net.example/a"', "url: https://01net.example/a?b=1&c=*2"
    )
    meta, problems = parsed(text)
    assert problems == []
    assert meta["summary"] == "*Allostream* & co: 5 * 3"
    assert meta["sources"][0].url == "https://01net.example/a?b=1&c=*2"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "summary: Résumé.",
            "summary: Résumé.\ntitle: Un autre titre",
            "story.md:8: title: given twice (first on line 2); keep only one `title:` line",
        ),
        (
            "sources:",
            "status: draft\nstatus: published\nsources:",
            "story.md:12: status: given twice (first on line 11); keep only one `status:` line",
        ),
        (
            "title: T, url:",
            "title: T, title: U, url:",
            "story.md:12: sources: `title` given twice in one entry (first on line 12); "
            "keep only one",
        ),
    ],
)
def test_a_key_given_twice_is_an_error(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    _meta, problems = parsed(GOOD.replace(old, new))
    assert [str(p) for p in problems] == [expected]
    assert problems[0].severity == "error" and not problems[0].fatal


def test_lang_must_agree_with_the_file_name() -> None:
    _meta, problems = parsed(GOOD, "content/stories/2011/un-titre.en.md")
    assert [str(p) for p in problems] == [
        "content/stories/2011/un-titre.en.md:4: lang: 'fr', but the file name says 'en' "
        "(un-titre.en.md): correct one of them"
    ]
    assert parsed(GOOD, "content/stories/2011/un-titre.fr.md")[1] == []
    assert parsed(GOOD, "content/stories/2011/un-titre.md")[1] == []  # no language in the name
