"""Checks across story files, shared by the build and by `newswire check`.

Per-file checks live in validate.py (fields, registry names, vocabulary, dates); this module
adds what needs every file at once: duplicate slugs, the language versions of a story dated in
different years, and published stories without their translation.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rideau.registry import RegistryError, load_registry
from rideau.settings import DEFAULT_LANGUAGES
from rideau.storyfile.parse import Problem, StoryError, parse_front_matter, read_story_text
from rideau.storyfile.validate import check_page, check_story


@dataclass(frozen=True)
class StoryRecord:
    """What cross-file checks need from one story file."""

    path: str
    slug: str
    lang: str
    status: str
    date: dt.date | None = None


def duplicate_slug(path: str, slug: str, lang: str, first: str) -> Problem:
    """`path` claims the slug and language of `first`, which comes before it in path order.

    Blocking: both would be written to one page (or be each other's translation), so the build
    keeps the first one and leaves this one out."""
    reason = (
        f"{slug!r} ({lang}) is also used by {first}: this file is left out of the site "
        "until it has a slug of its own"
    )
    return Problem(path, "slug", reason, blocking=True)


def duplicate_slugs(records: Iterable[StoryRecord]) -> list[Problem]:
    """One problem per file whose slug and language an earlier file (in path order) has: the
    one the build leaves out."""
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record in records:
        by_key[(record.slug, record.lang)].append(record.path)
    problems = []
    for (slug, lang), paths in sorted(by_key.items()):
        first, *others = sorted(paths)
        problems.extend(duplicate_slug(path, slug, lang, first) for path in others)
    return problems


def dates_in_different_years(
    records: Iterable[StoryRecord], languages: Iterable[str]
) -> list[Problem]:
    """Language versions of one story dated in different years.

    A story's page is under the year of its date, so they are not where each other's page
    expects them; the build links them right, but one story has one date: an error."""
    order = {lang: number for number, lang in enumerate(languages)}
    by_slug: dict[str, dict[str, StoryRecord]] = defaultdict(dict)
    for record in sorted(records, key=lambda r: r.path):
        if record.date is not None:
            by_slug[record.slug].setdefault(record.lang, record)  # a duplicate is reported apart
    problems = []
    for _slug, versions in sorted(by_slug.items()):
        first, *others = sorted(versions.values(), key=lambda r: (order.get(r.lang, 99), r.path))
        for other in others:
            if other.date.year == first.date.year:
                continue
            reason = (
                f"{first.date:%Y-%m-%d}, but its {other.lang} version {other.path} is dated "
                f"{other.date:%Y-%m-%d}, so their pages are filed under different years: give "
                "both versions the same date"
            )
            problems.append(Problem(first.path, "date", reason, blocking=False))
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
    content: Path,
    languages: tuple[str, ...] = tuple(DEFAULT_LANGUAGES),
    today: dt.date | None = None,
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
                    records.append(
                        StoryRecord(shown, meta["slug"], meta["lang"], meta["status"], meta["date"])
                    )
            problems.extend(found)
    duplicates = duplicate_slugs(records)
    left_out = {p.path for p in duplicates}  # as the build does
    kept = [r for r in records if r.path not in left_out]
    problems.extend(duplicates)
    problems.extend(dates_in_different_years(kept, languages))
    problems.extend(missing_translations(kept, languages))
    return problems
