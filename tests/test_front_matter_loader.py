"""Front matter read by ryaml where it is trusted (rideau.storyfile.parse._load): the same
values, repeated keys and errors (with their lines) as PyYAML's loaders alone."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
import yaml
from rideau.storyfile import parse
from rideau.storyfile.parse import StoryError, parse_front_matter, split_front_matter

ROOT = Path(__file__).resolve().parent.parent


def pyyaml_load(text: str) -> tuple[object, list]:
    """What `_load` did before ryaml: libyaml through PyYAML, PyYAML's composer for anchors."""
    has_anchor = "&" in text or "*" in text
    loader = (parse.FrontMatterLoader if has_anchor else parse._AnchorFreeLoader)(text)
    try:
        return loader.get_single_data(), loader.repeated_keys
    finally:
        loader.dispose()


def outcome(load, text: str) -> tuple:
    try:
        data, repeated = load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (mark.line, mark.column) if mark else None
        return ("error", type(exc).__name__, getattr(exc, "problem", None), where)
    return ("data", repr(data), repeated)


def front_matters() -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    texts = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        try:
            texts.append(split_front_matter(str(path), path.read_text(encoding="utf-8"))[0])
        except StoryError:
            continue
    for story in synth.stories(300):
        for lang in ("fr", "en"):
            meta = {
                "title": story.titles[lang], "slug": story.slug, "lang": lang,
                "date": story.date.isoformat(), "summary": story.summaries[lang],
                "sites": list(story.sites), "studios": list(story.studios),
                "outcomes": list(story.outcomes), "sources": list(story.sources),
            }  # fmt: skip
            texts.append(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000))
    return texts


def test_stories_and_bench_front_matter_read_as_before() -> None:
    texts = front_matters()
    assert len(texts) > 700
    assert all(outcome(parse._load, t) == outcome(pyyaml_load, t) for t in texts)
    # ryaml does read most of them (the bench's all, stories with a URL query too).
    assert sum(parse._for_ryaml(t) for t in texts) > 0.9 * len(texts)


@pytest.mark.parametrize(
    "text",
    [
        # YAML 1.1 types, which ryaml (YAML 1.2) reads otherwise
        "a: yes\nb: No\nc: on\nd: OFF\n",
        "a: 0123\nb: 1_000\nc: 1:20\nd: 1e3\ne: 0o17\n",
        "a: ~\nb: null\nc: .inf\nd: -1\ne: 0x1F\nf: 1.5\ng: true\n",
        "a: ''\nb: ' '\n",
        "yes: 1\n",
        "1: a\n",
        "a: <<\n",
        "<<: {b: 1}\n",
        "a: =\n",
        "date: 2015-01-31\n",
        # tags
        "a: !!str 5\n",
        "a: !!binary aGVsbG8=\n",
        "a: !foo bar\n",
        "a: ! 5\n",
        "a: !<tag:yaml.org,2002:str> 5\n",
        "- !t\n  b: 1\n",
        "!  a: b\n",
        # anchors and aliases, refused; an ampersand that is not one
        "a: &x 1\nb: *x\n",
        "a: [&x 1, *x]\n",
        "url: https://x.example/?a=1&b=2\n",
        "a: Tom & Jerry\n",
        "a: x*y\n",
        # repeated keys, top level and in a list's entry
        "a: 1\nb: 2\na: 3\n",
        "sources:\n  - url: x\n    url: y\n",
        # characters where YAML versions differ, or that PyYAML refuses
        "a: x\u2028y\n",
        'a: "x\\Ly"\n',
        "a: x\x85y\n",
        "a: x\x9fy\n",
        "a: \ufffe\n",
        # errors: the line and the column must stay
        "a: [1, 2\nb: 3\n",
        "a: 'x\nb: 2\n",
        "a: b: c\n",
        "\ta: 1\n",
        "a: 1\n---\nb: 2\n",
        '"a":1\n',
        "a: 99999999999999999999999999\n",
        "a: " + "[" * 200 + "]" * 200 + "\n",
        # block and flow forms
        "a: |\n  x\n  y\n",
        "a: >\n  x\n  y\n",
        "a: {b: [c, d]}\n",
        "? a\n: b\n",
        "",
    ],
)
def test_forms_where_the_yaml_versions_differ_read_as_before(text: str) -> None:
    assert outcome(parse._load, text) == outcome(pyyaml_load, text)


def test_mutated_front_matter_reads_as_before() -> None:
    """Edits an editor could make by mistake, at random: the same values or the same error."""
    rng = random.Random(17)
    seeds = front_matters()[:200]
    pieces = [*":-[]{},'\"#|>?!&*%\n\t ", "yes", "0123", "1e3", "&a ", "*a", "!foo ", "!!str "]
    for _ in range(3000):
        text = rng.choice(seeds)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(text) + 1)
            if rng.random() < 0.5:
                text = text[:i] + rng.choice(pieces) + text[i:]
            else:
                text = text[:i] + text[i + rng.randint(1, 5) :]
        assert outcome(parse._load, text) == outcome(pyyaml_load, text), text


def test_an_error_names_the_same_line() -> None:
    text = "---\ntitle: T\nsummary: 'never closed\nslug: s\n---\nBody.\n"
    with pytest.raises(StoryError) as caught:
        parse_front_matter("x.md", text)
    assert [p.line for p in caught.value.problems] == [3]
