"""Odd story files written by editors that tests/test_validation.py does not cover.

A source without a url, a UTF-8 byte-order mark, Windows line endings and a control character
pasted into a title: the development build must succeed, keep the story (or name the problem),
and ingestion must read the file as well.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_reference_content, run_pelican

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
STORY = """---
title: Allostream ferme après une mise en demeure
slug: {slug}
lang: fr
date: 2012-03-04
summary: Résumé de l'éditeur.
sites: [Allostream]
studios: [Warner Bros.]
outcomes: [notice]
status: published
sources:
  - outlet: 01net
    lang: fr
    date: 2012-03-04
    title: Un titre
    url: https://01net.example/{slug}
---
Texte de l'éditeur.
"""


def archive_with(tmp_path: Path, slug: str, data: bytes) -> Path:
    content = tmp_path / "content"
    copy_reference_content(content)
    (content / "stories" / "2012").mkdir(parents=True, exist_ok=True)
    (content / "stories" / "2012" / f"{slug}.fr.md").write_bytes(data)
    return content


def build_log(content: Path, output: Path) -> str:
    result = run_pelican(content, output)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    return log


def story(slug: str) -> str:
    return STORY.format(slug=slug)


CASES = {
    "bom": "\ufeff".encode() + story("bom").encode(),
    "crlf": story("crlf").replace("\n", "\r\n").encode(),
    "bom-crlf": ("\ufeff" + story("bom-crlf")).replace("\n", "\r\n").encode(),
}


@pytest.mark.parametrize("slug", sorted(CASES))
def test_bom_and_windows_line_endings_build_and_are_read_by_ingestion(
    tmp_path: Path, slug: str
) -> None:
    content = archive_with(tmp_path, slug, CASES[slug])
    output = tmp_path / "out"
    build_log(content, output)
    page = output / "2012" / slug / "index.html"
    assert page.is_file()
    assert "Allostream ferme après une mise en demeure" in page.read_text(encoding="utf-8")
    # Ingestion sees the file too: coverage citing its source is merged into it, not duplicated.
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<link>https://01net.example/</link><language>fr</language>"
        f"<item><title>Allostream ferme</title><link>https://01net.example/{slug}</link>"
        "<description>Allostream a fermé après une mise en demeure de Warner Bros.</description>"
        "<pubDate>Sun, 04 Mar 2012 10:00:00 +0000</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    process = subprocess.run(
        [NEWSWIRE, "ingest", "--content", str(content), "--state", str(tmp_path / "s.json"),
         "--report", "-", str(feed)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert process.returncode == 0 and "Traceback" not in process.stderr, process.stderr
    same_slug = list((content / "stories").rglob(f"{slug}*.fr.md"))
    assert len(same_slug) == 1, same_slug
    assert same_slug[0].read_bytes() == CASES[slug]  # an editor's file, untouched


def test_a_source_without_url_builds_and_is_named(tmp_path: Path) -> None:
    text = story("no-url").replace("    url: https://01net.example/no-url\n", "")
    content = archive_with(tmp_path, "no-url", text.encode())
    log = build_log(content, tmp_path / "out")
    assert "stories/2012/no-url.fr.md" in log and "url" in log, log[-2000:]
    assert (tmp_path / "out" / "2011" / "allostream-warner-2011" / "index.html").is_file()


def test_a_control_character_in_a_source_title_does_not_break_the_build(tmp_path: Path) -> None:
    # Pasted from a PDF or a terminal: U+0008 (backspace) inside a title. Valid YAML once quoted.
    text = story("control").replace("title: Un titre", 'title: "Un\\x08 titre"')
    content = archive_with(tmp_path, "control", text.encode())
    log = build_log(content, tmp_path / "out")
    assert (tmp_path / "out" / "feeds" / "all.atom.xml").is_file()
    assert "stories/2012/control.fr.md" in log and "control character(s) U+0008 removed" in log, (
        log[-2000:]
    )
