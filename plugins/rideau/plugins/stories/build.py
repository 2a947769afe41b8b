"""What one Pelican build (one language site) knows about Rideau's content."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO

from rideau.plugins.stories.cache import ReadCache
from rideau.registry import Registry, load_registry
from rideau.settings import BuildSettings, build_settings
from rideau.storyfile.parse import Problem

# Set by the `bilingual` plugin in the settings of the other language builds.
SUBSITE_KEY = "RIDEAU_SUBSITE"


class StoryValidationError(SystemExit):
    """Ends a strict (production) build that found problems in content files.

    A SystemExit, not an Exception: Pelican's command logs any Exception with its traceback,
    and the problems have already been listed, one line each; this adds the one-line summary
    (and exit status 1) and nothing else."""


@dataclass
class BuildState:
    registry: Registry
    problems: list[Problem] = field(default_factory=list)
    # The reader's results: of the last build, and of this build's reading stage
    # (stories/reading.py), shared by the language sites. None: every file is read afresh.
    read_cache: ReadCache | None = None
    # The file read with each (kind, slug, lang), "story" or "page": a second one is refused.
    slugs: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # Each file's status, as the reading stage read it (relative path → status).
    statuses: dict[str, str] = field(default_factory=dict)
    # Each file's slug, as the reading stage read it (relative path → slug).
    slugs_read: dict[str, str] = field(default_factory=dict)
    # The translations this site only links to, read as light objects (stories/elsewhere.py),
    # in the order they were read; linked to their stories once Pelican has grouped those.
    elsewhere: list = field(default_factory=list)


def start_build(settings: Mapping, rideau: BuildSettings | None = None) -> BuildState:
    """Load the registry afresh for this build (autoreload picks up registry edits).

    Kept in the run's build context (rideau.context); a reader used outside a Pelican run
    (tests, tools) starts its own."""
    rideau = rideau if rideau is not None else build_settings(settings)
    state = BuildState(registry=load_registry(rideau.registry_folder(settings["PATH"])))
    state.read_cache = ReadCache.for_settings(settings, rideau)
    return state


def is_subsite(settings: Mapping) -> bool:
    """Whether this build is a language site other than the main one (bilingual plugin)."""
    return bool(settings.get(SUBSITE_KEY))


def report_problems(
    state: BuildState, rideau: BuildSettings, subsite: bool, stream: TextIO | None = None
) -> None:
    """List the build's problems in content files once, then, in a strict build, stop it.

    The problems are collected while files are read, not logged: under `--fatal warnings`
    Pelican turns the first logged warning into an exception, which would name one file and
    hide the others. They are written plainly, one `file:line: field: reason` line each (as
    `make check` writes them), so that they can be searched and copied. Every language build
    reads every file and finds the same problems: only the main language build lists them,
    so that each is printed once per build."""
    problems = sorted(set(state.problems), key=lambda p: (p.path, p.line or 0, str(p)))
    if not problems:
        return
    strict = rideau.strict
    if subsite:
        if strict:
            raise StoryValidationError(1)  # the main build lists them and says why
        return
    _write_whole(stream if stream is not None else sys.stderr, [str(p) for p in problems])
    if strict:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        raise StoryValidationError(
            f"Rideau: {count} {noun} in content files (listed above): the build stopped; "
            "fix them (`make check` lists them too) and build again"
        )


def _write_whole(stream: TextIO, lines: list[str]) -> None:
    """Write `lines` as they are, however narrow the terminal.

    While `pelican` shows its "Generating..." progress on a terminal, rich routes stderr
    through its console, which folds long lines at the terminal's width; its proxy names the
    real stream (`rich_proxied_file`), written to here in one piece, after clearing the
    progress line so that the first problem does not start on it."""
    real = getattr(stream, "rich_proxied_file", None)
    prefix = ""
    if real is not None:
        stream = real
        prefix = "\r\x1b[2K" if stream.isatty() else ""
    stream.write(prefix + "".join(f"{line}\n" for line in lines))
    stream.flush()
