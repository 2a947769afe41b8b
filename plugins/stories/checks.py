"""Checks across story files, shared by the build and by `newswire check`.

Per-file checks live in model.py (fields, registry names, vocabulary, dates); this module
adds what needs every file at once: duplicate slugs and published stories without their
translation.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import (
    Problem,
    StoryError,
    check_page,
    check_story,
    parse_front_matter,
    read_story_text,
)
from .registry import RegistryError, load_registry


@dataclass(frozen=True)
class StoryRecord:
    """What cross-file checks need from one story file."""

    path: str
    slug: str
    lang: str
    status: str


def duplicate_slugs(records: Iterable[StoryRecord]) -> list[Problem]:
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record in records:
        by_key[(record.slug, record.lang)].append(record.path)
    problems = []
    for (slug, lang), paths in sorted(by_key.items()):
        for path in sorted(paths) if len(paths) > 1 else ():
            others = ", ".join(p for p in sorted(paths) if p != path)
            problems.append(Problem(path, "slug", f"{slug!r} ({lang}) is also used by {others}"))
    return problems


def missing_translations(records: Iterable[StoryRecord], languages: Iterable[str]) -> list[Problem]:
    """Published stories that exist in one language only (they show on both sites, in their
    own language: worth translating, not an error)."""
    languages = tuple(languages)
    by_slug: dict[str, list[StoryRecord]] = defaultdict(list)
    for record in records:
        by_slug[record.slug].append(record)
    problems = []
    for slug, versions in sorted(by_slug.items()):
        published = [v for v in versions if v.status == "published"]
        have = {v.lang for v in versions}
        for lang in (lang for lang in languages if lang not in have) if published else ():
            source = published[0]
            expected = Path(source.path).with_name(f"{slug}.{lang}.md").as_posix()
            problems.append(
                Problem(
                    source.path,
                    "lang",
                    f"published without its {lang} version ({expected})",
                    severity="warning",
                )
            )
    return problems


def content_files(content: Path, folder: str) -> Iterator[Path]:
    for root, dirs, files in os.walk(content / folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".md", ".markdown")):
                yield Path(root) / name


def check_content(
    content: Path, languages: tuple[str, ...] = ("fr", "en"), today: dt.date | None = None
) -> list[Problem]:
    """Every problem of the registry, the story files and the pages under `content`."""
    try:
        registry = load_registry(content / "registry")
    except RegistryError as exc:
        return [Problem(str(content / "registry"), "registry", str(exc))]
    problems: list[Problem] = []
    records: list[StoryRecord] = []
    for folder in ("stories", "pages"):
        for path in content_files(content, folder):
            shown = path.as_posix()
            try:
                front, _body = parse_front_matter(shown, read_story_text(shown, path))
            except StoryError as exc:
                problems.extend(exc.problems)
                continue
            if folder == "pages":
                _meta, found = check_page(shown, front, languages)
            else:
                meta, found = check_story(shown, front, registry, languages, today)
                if not any(p.fatal for p in found):
                    records.append(StoryRecord(shown, meta["slug"], meta["lang"], meta["status"]))
            problems.extend(found)
    problems.extend(duplicate_slugs(records))
    problems.extend(missing_translations(records, languages))
    return problems
