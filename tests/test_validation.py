"""Bad story files: the build names the file and the field; dev warns, publish fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_reference_content, run_pelican

STORY = """---
title: Un événement valide
slug: validation-sample
lang: fr
date: 2012-03-04
summary: Résumé.
sites: [Allostream]
studios: [Warner Bros.]
outcomes: [notice]
sources:
  - {outlet: 01net, lang: fr, date: 2012-03-04, title: Titre, url: "https://01net.example/x"}
---
Texte.
"""

CASES = {
    "unknown-outcome": (
        ("outcomes: [notice]", "outcomes: [notice, closure]"),
        "outcomes: 'closure' is not an outcome",
    ),
    "malformed-date": (
        ("date: 2012-03-04\n", "date: 2012-13-45\n"),
        "date: '2012-13-45' is not a date",
    ),
    "missing-title": (("title: Un événement valide\n", ""), "title: is missing"),
    "unknown-site": (
        ("sites: [Allostream]", "sites: [Nowhere Stream]"),
        "sites: 'Nowhere Stream' is not in content/registry/sites.yaml",
    ),
    "unknown-studio": (
        ("studios: [Warner Bros.]", "studios: [Acme Pictures]"),
        "studios: 'Acme Pictures' is not in content/registry/studios.yaml",
    ),
    "broken-metadata": (("summary: Résumé.", "summary: [unclosed"), "front matter: invalid YAML"),
}


def content_with(tmp_path: Path, case: str) -> tuple[Path, str]:
    content = tmp_path / "content"
    copy_reference_content(content)
    (old, new), _ = CASES[case]
    path = content / "stories" / "2012" / f"{case}.fr.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STORY.replace(old, new), encoding="utf-8")
    return content, f"stories/2012/{case}.fr.md"


@pytest.mark.parametrize("case", sorted(CASES))
def test_dev_build_warns_with_file_and_field_and_builds_the_rest(tmp_path: Path, case: str) -> None:
    content, relative = content_with(tmp_path, case)
    result = run_pelican(content, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert relative in log and CASES[case][1] in log, log
    assert (tmp_path / "out" / "2011" / "allostream-warner-2011" / "index.html").exists()
    assert (tmp_path / "out" / "en" / "2011" / "allostream-warner-2011" / "index.html").exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_publish_build_fails_with_file_and_field(tmp_path: Path, case: str) -> None:
    content, relative = content_with(tmp_path, case)
    # RIDEAU_STRICT alone (no --fatal): the build still fails, listing every problem.
    result = run_pelican(content, tmp_path / "out", "publishconf.py")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert relative in log and CASES[case][1] in log, log


def test_make_publish_flags_fail_on_a_bad_story(tmp_path: Path) -> None:
    content, relative = content_with(tmp_path, "unknown-outcome")
    result = run_pelican(content, tmp_path / "out", "publishconf.py", "--fatal", "warnings")
    assert result.returncode != 0
    assert relative in result.stdout + result.stderr


def test_duplicate_slug_is_reported(tmp_path: Path) -> None:
    content, _ = content_with(tmp_path, "unknown-outcome")
    twin = content / "stories" / "2012" / "twin.fr.md"
    twin.write_text(STORY, encoding="utf-8")
    (content / "stories" / "2012" / "twin2.fr.md").write_text(STORY, encoding="utf-8")
    result = run_pelican(content, tmp_path / "out", "publishconf.py")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "slug: 'validation-sample' (fr) is also used by" in log, log


def test_broken_registry_fails_the_build_naming_the_entry(tmp_path: Path) -> None:
    content = tmp_path / "content"
    copy_reference_content(content)
    with (content / "registry" / "sites.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n- name: Broken\n  status: vanished\n")
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode != 0
    assert "sites.yaml: Broken: field `status` is 'vanished'" in result.stdout + result.stderr


def test_non_utf8_story_is_named(tmp_path: Path) -> None:
    content, _ = content_with(tmp_path, "unknown-outcome")
    bad = content / "stories" / "2012" / "latin1.fr.md"
    bad.write_bytes(STORY.replace("validation-sample", "latin1").encode("latin-1"))
    result = run_pelican(content, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode == 0
    assert "stories/2012/latin1.fr.md: encoding: not valid UTF-8" in log, log


def test_make_publish_lists_every_problem_of_every_file_then_fails_once(tmp_path: Path) -> None:
    """`make publish` (strict, --fatal warnings) with four broken files: each problem once, as
    `make check` writes it, then one summary line; no traceback, no "Could not process"."""
    content = tmp_path / "content"
    copy_reference_content(content)
    folder = content / "stories" / "2020"
    folder.mkdir(parents=True, exist_ok=True)
    broken = {
        "broken-yaml-2020": ("summary: Résumé.", "summary: [unclosed"),
        "bad-outcome-2020": ("outcomes: [notice]", "outcomes: [notice, closure]"),
        "bad-date-2020": ("date: 2012-03-04\n", "date: 2012-13-45\n"),
        "bad-site-2020": ("sites: [Allostream]", "sites: [Nowhere Stream]"),
    }
    for slug, (old, new) in broken.items():
        text = STORY.replace("validation-sample", slug).replace(old, new)
        (folder / f"{slug}.fr.md").write_text(text, encoding="utf-8")
    result = run_pelican(
        content, tmp_path / "out", "publishconf.py", "--fatal", "warnings",
        env={"RIDEAU_SITEURL": "https://archive.example.org"},
    )  # fmt: skip
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    expected = [
        "stories/2020/bad-date-2020.fr.md:5: date: '2012-13-45' is not a date",
        "stories/2020/bad-outcome-2020.fr.md:9: outcomes: 'closure' is not an outcome",
        "stories/2020/bad-site-2020.fr.md:7: sites: 'Nowhere Stream' is not in",
        "stories/2020/broken-yaml-2020.fr.md:",
    ]
    lines = log.splitlines()
    for start in expected:
        matching = [line for line in lines if start in line]
        assert len(matching) == 1, (start, log)  # once, not once per language site
    assert "Traceback" not in log and "Could not process" not in log, log
    summary = [line for line in lines if "4 problems in content files" in line]
    assert len(summary) == 1, log
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.parametrize(
    ("old", "new", "opener"),
    [
        ("sites: [Allostream]", "sites: [Allostream", "`[`"),
        ("studios: [Warner Bros.]", "studios: {name: Warner Bros.", "`{`"),
    ],
)
def test_an_unclosed_bracket_is_reported_on_the_line_it_opens(old, new, opener) -> None:
    from rideau.storyfile.parse import StoryError, parse_front_matter

    text = STORY.replace(old, new)
    line = 1 + text.splitlines().index(new)
    with pytest.raises(StoryError) as caught:
        parse_front_matter("x.fr.md", text)
    (problem,) = caught.value.problems
    assert problem.line == line, str(problem)
    assert str(problem).startswith(f"x.fr.md:{line}: front matter: invalid YAML: "), str(problem)
    assert opener in problem.reason and "not closed" in problem.reason, str(problem)


def test_dev_build_prints_each_problem_once_unwrapped(tmp_path: Path) -> None:
    """Both language builds read every file: the problems are printed once, whole, with no
    "Could not process" line of Pelican's for a file the build leaves out."""
    content, relative = content_with(tmp_path, "unknown-outcome")
    broken = content / "stories" / "2012" / "broken.fr.md"
    broken.write_text(STORY.replace("validation-sample", "broken").replace("]", "", 1), "utf-8")
    result = run_pelican(content, tmp_path / "out", env={"COLUMNS": "60"})
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    outcome = [line for line in log.splitlines() if "'closure' is not an outcome" in line]
    assert len(outcome) == 1 and f"{relative}:9: outcomes: " in outcome[0], log
    assert outcome[0].endswith("relaunch)"), log  # on one line, however narrow the terminal
    yaml_lines = [line for line in log.splitlines() if "broken.fr.md" in line]
    assert len(yaml_lines) == 1 and "broken.fr.md:7: front matter: invalid YAML" in log, log
    assert "Could not process" not in log, log


def test_problems_are_not_folded_by_the_progress_display_of_pelican() -> None:
    """On a terminal, `pelican` shows "Generating..." with rich, which routes stderr through a
    console that folds long lines at the terminal's width: problems are written to the
    terminal itself, whole."""
    import io

    from rich.console import Console
    from rich.file_proxy import FileProxy
    from rideau.plugins.stories.build import BuildState, report_problems
    from rideau.registry import Registry
    from rideau.settings import BuildSettings
    from rideau.storyfile.parse import Problem

    terminal, folded = io.StringIO(), io.StringIO()
    proxy = FileProxy(Console(file=folded, width=40), terminal)
    problem = Problem("content/stories/2012/x.fr.md", "outcomes", "'closure' " * 12, 9)
    state = BuildState(registry=Registry(), problems=[problem])
    report_problems(state, BuildSettings(), subsite=False, stream=proxy)
    assert terminal.getvalue().splitlines() == [str(problem)], (terminal.getvalue(), folded)
