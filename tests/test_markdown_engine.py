"""pyromark (rideau.plugins.stories.commonmark) against Python-Markdown, the engine it replaced.

Python-Markdown is set up as Pelican's Markdown reader used it with Rideau's old settings
(`extra`, HTML5, and the `meta` extension Pelican always adds): the site must not change by a
byte across the switch, on the shipped content, on the bench archive and on the forms the
editor's guide tells editors to use.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from markdown import Markdown
from rideau.plugins.stories.commonmark import to_html
from rideau.storyfile.parse import StoryError, split_front_matter
from rideau.storyfile.render import markdown_literal

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def oracle() -> Markdown:
    return Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.meta"],
        output_format="html5",
    )


def old_html(oracle: Markdown, text: str) -> str:
    return oracle.reset().convert(text)


def content_texts() -> list[tuple[str, str]]:
    """(name, text) of every body and summary under content/."""
    texts = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        try:
            front, body, _ = split_front_matter(str(path), path.read_text(encoding="utf-8"))
        except StoryError:  # a README, not a story
            continue
        texts.append((str(path.relative_to(ROOT)), body))
        summary = yaml.safe_load(front).get("summary")
        if summary:
            texts.append((f"{path.relative_to(ROOT)} (summary)", str(summary)))
    return texts


def test_every_file_of_content_renders_as_before(oracle: Markdown) -> None:
    texts = content_texts()
    assert len(texts) > 200  # bodies and summaries of stories and pages
    assert any("<table>" in to_html(t) for _, t in texts)  # the methodology pages
    changed = [name for name, text in texts if to_html(text) != old_html(oracle, text)]
    assert not changed


def test_bench_bodies_render_as_before(oracle: Markdown) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    # 600 stories: the size of the synthetic site the switch was checked on (whole site).
    texts = [
        text
        for story in synth.stories(600)
        for lang in ("fr", "en")
        for text in (story.bodies[lang], story.summaries[lang])
    ]
    changed = [t[:60] for t in texts if to_html(t) != old_html(oracle, t)]
    assert not changed


def guide_examples() -> list[str]:
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    return re.findall(r"^```markdown\n(.*?)^```$", guide, re.DOTALL | re.MULTILINE)


def test_the_forms_of_the_editors_guide_render_as_before(oracle: Markdown) -> None:
    examples = guide_examples()
    assert len(examples) == 2  # French and English
    for example in examples:
        html = to_html(example)
        assert html == old_html(oracle, example)
        for tag in ("<h2>", "<h3>", "<em>", "<strong>", "<code>", "<ul>", "<ol>"):
            assert tag in html
        assert "<blockquote>" in html and "<table>" in html
        assert 'href="{filename}/pages/methodology.' in html  # resolved by Pelican later
    # Each block form alone, too (nothing depends on its neighbours).
    for block in examples[1].split("\n\n"):
        assert to_html(block) == old_html(oracle, block), block


@pytest.mark.parametrize(
    "text",
    [
        "See [the method]({filename}/pages/methodology.en.md) and [the ruling]({static}/documents/a.pdf).",
        "| A | B | C |\n|:---|:---:|---:|\n| 1 | 2 | 3 |",
        "Before.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nAfter.",
        "Text.\n\n---\n\nMore.",
        "Line one  \nline two",
        "Term\n: Definition",
        "> One.\n>\n> Two.",
        "- one\n\n- two",
        "« Guillemets » : ponctuation ; ici ! Tom & Jerry < 3 \"quoted\" 'single'",
        "Update: the site came back.\nSecond line.\n\nThe next paragraph.",
        "Update: the site came back.",
        "---\nNot metadata.",
        "",
    ],
)
def test_forms_beyond_the_guide_render_as_before(oracle: Markdown, text: str) -> None:
    assert to_html(text) == old_html(oracle, text)


def test_text_escaped_by_ingestion_renders_as_before(oracle: Markdown) -> None:
    for text in ("Arts & Culture", "a_b*c*", "`x`", "[^1]", "x\\y", "<!-- c -->", "{x} | y"):
        source = "De " + markdown_literal(text)
        assert to_html(source) == old_html(oracle, source)
