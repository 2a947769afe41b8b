"""Checking one story file: its fields turned into Pelican metadata, every problem listed.

`check_story` checks the front matter of a story (required fields, dates, registry names,
the outcome vocabulary, sources and documents) and `check_page` that of an About-style page;
each returns the metadata and every problem with the file, the field and, where it can be
found, the line. Checks that need every file at once are in checks.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from rideau.registry import Registry
from rideau.storyfile.parse import FrontMatter, Problem, parse_date
from rideau.storyfile.vocabulary import OUTCOME_IDS

DOCUMENT_KINDS = ("notice", "ruling", "press-release", "other")
STORY_STATUSES = ("published", "draft", "hidden")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """One outlet's article about the story."""

    outlet: str
    lang: str
    date: dt.date
    title: str
    url: str


@dataclass(frozen=True)
class Document:
    """A primary document: a notice letter, a ruling, a press release."""

    title: str
    url: str
    kind: str = "other"


class _Checker:
    """Collects problems while reading fields, so an editor sees all of them at once."""

    def __init__(self, path: str, front: FrontMatter):
        self.path = path
        self.front = front
        self.problems: list[Problem] = list(front.problems)

    def problem(self, field: str, reason: str, *, blocking: bool | None = None) -> None:
        line = self.front.lines.get(field, 0)
        self.problems.append(Problem(self.path, field, reason, line, blocking=blocking))

    def text(self, field: str, *, required: bool = True) -> str:
        value = self.front.data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(field, "is missing")
            return ""
        if not isinstance(value, str | int | float):
            self.problem(field, f"must be text, found {type(value).__name__}")
            return ""
        return str(value).strip()

    def date(self, field: str, *, required: bool = True) -> dt.date | None:
        value = self.front.data.get(field)
        if value is None:
            if required:
                self.problem(field, "is missing (expected YYYY-MM-DD)")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.problem(field, f"{value!r} is not a date (expected YYYY-MM-DD)")
        return parsed

    def names(self, field: str) -> list[str]:
        value = self.front.data.get(field)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(field, "must be a list of names, e.g. [Allostream]")
            return []
        return [v.strip() for v in value if v.strip()]


def check_page(
    path: str, front: FrontMatter, languages: tuple[str, ...]
) -> tuple[dict, list[Problem]]:
    """Metadata of an About-style page: title, slug, lang."""
    check = _Checker(path, front)
    meta = _common(check, languages)
    for key in ("summary", "status", "template", "order"):
        if key in front.data:
            meta[key] = check.text(key, required=False)
    return meta, check.problems


def check_story(
    path: str,
    front: FrontMatter,
    registry: Registry,
    languages: tuple[str, ...],
    today: dt.date | None = None,
) -> tuple[dict, list[Problem]]:
    """Metadata of a story, and its problems.

    Problems that leave the story unusable (no title, no date...) are fatal: the caller raises
    them. Others are reported and mended (an unknown outcome is dropped, a site missing from
    the registry is kept as written).
    """
    check = _Checker(path, front)
    data = front.data
    today = today or dt.date.today()
    meta = _common(check, languages)
    meta["summary"] = check.text("summary")
    meta["status"] = check.text("status", required=False) or "published"
    if meta["status"] not in STORY_STATUSES:
        check.problem("status", f"{meta['status']!r} is not one of {', '.join(STORY_STATUSES)}")
        meta["status"] = "draft"
    meta["date"] = check.date("date")
    meta["event_date"] = check.date("event_date", required=False) or meta["date"]
    for key in ("date", "event_date"):
        value = meta[key]
        if value is not None and _as_datetime(value).date() > today:
            check.problem(key, f"{value:%Y-%m-%d} is in the future", blocking=False)
    if data.get("modified") is not None:
        meta["modified"] = check.date("modified")
    for taxonomy in ("sites", "studios"):
        meta[taxonomy] = _canonical_names(check, registry, taxonomy)
    meta["outcomes"] = _outcomes(check)
    meta["sources"] = _sources(check, languages)
    meta["documents"] = _documents(check)
    unknown = sorted(set(data) - KNOWN_STORY_FIELDS)
    for key in unknown:
        check.problem(key, "is not a story field (typo?)")
    return meta, check.problems


KNOWN_STORY_FIELDS = frozenset(
    {
        "title", "slug", "lang", "date", "event_date", "modified", "summary", "status",
        "sites", "studios", "outcomes", "sources", "documents", "newswire",
    }
)  # fmt: skip


def _common(check: _Checker, languages: tuple[str, ...]) -> dict:
    meta = {"title": check.text("title"), "slug": check.text("slug")}
    if meta["slug"] and not SLUG_PATTERN.match(meta["slug"]):
        check.problem("slug", f"{meta['slug']!r} must be lowercase letters, digits and hyphens")
    lang = check.text("lang")
    named = _language_in_name(check.path, languages)
    if lang and lang not in languages:
        check.problem("lang", f"{lang!r} is not one of {', '.join(languages)}")
    elif lang and named and named != lang:
        # Blocking: which language the file is in cannot be told, and the other version of
        # the story is looked for by file name.
        name = Path(check.path).name
        check.problem(
            "lang",
            f"{lang!r}, but the file name says {named!r} ({name}): correct one of them",
            blocking=True,
        )
    meta["lang"] = lang
    return meta


def _language_in_name(path: str, languages: tuple[str, ...]) -> str | None:
    """The language of a file named `<slug>.<lang>.md`, None for any other name."""
    parts = Path(path).name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2] in languages else None


def _canonical_names(check: _Checker, registry: Registry, taxonomy: str) -> list[str]:
    names: list[str] = []
    for name in check.names(taxonomy):
        entry = registry.lookup(taxonomy, name)
        if entry is None:
            check.problem(taxonomy, f"{name!r} is not in content/registry/{taxonomy}.yaml")
            canonical = name
        else:
            canonical = entry.name
        if canonical not in names:
            names.append(canonical)
    return names


def _outcomes(check: _Checker) -> list[str]:
    given = check.names("outcomes")
    for outcome in given:
        if outcome not in OUTCOME_IDS:
            check.problem(
                "outcomes", f"{outcome!r} is not an outcome (expected: {', '.join(OUTCOME_IDS)})"
            )
    return [o for o in OUTCOME_IDS if o in given]


def _records(check: _Checker, field: str) -> list[tuple[int, dict]]:
    value = check.front.data.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        check.problem(field, "must be a list of entries")
        return []
    records = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict):
            check.problem(field, f"entry {number} must be a mapping")
            continue
        records.append((number, item))
    return records


def _sources(check: _Checker, languages: tuple[str, ...]) -> list[Source]:
    sources = []
    for number, item in _records(check, "sources"):
        missing = [k for k in ("outlet", "lang", "date", "title", "url") if not item.get(k)]
        if missing:
            check.problem("sources", f"entry {number} lacks {', '.join(missing)}")
            continue
        date = parse_date(item["date"])
        url = str(item["url"]).strip()
        if date is None:
            check.problem("sources", f"entry {number}: date {item['date']!r} is not YYYY-MM-DD")
        elif not URL_PATTERN.match(url):
            check.problem("sources", f"entry {number}: url {url!r} is not an http(s) URL")
        elif item["lang"] not in languages:
            expected = " or ".join(languages)
            check.problem("sources", f"entry {number}: lang {item['lang']!r} is not {expected}")
        else:
            sources.append(
                Source(
                    str(item["outlet"]).strip(), item["lang"], date, str(item["title"]).strip(), url
                )
            )
    return sorted(sources, key=lambda s: (_as_datetime(s.date), s.outlet))


def _documents(check: _Checker) -> list[Document]:
    documents = []
    for number, item in _records(check, "documents"):
        title, url = str(item.get("title") or "").strip(), str(item.get("url") or "").strip()
        kind = str(item.get("kind") or "other")
        if not title or not url:
            check.problem("documents", f"entry {number} needs a title and a url")
        elif kind not in DOCUMENT_KINDS:
            check.problem(
                "documents",
                f"entry {number}: kind {kind!r} is not one of {', '.join(DOCUMENT_KINDS)}",
            )
        elif not (URL_PATTERN.match(url) or url.startswith("{static}")):
            check.problem(
                "documents", f"entry {number}: url {url!r} is not an http(s) or {{static}} link"
            )
        else:
            documents.append(Document(title, url, kind))
    return documents


def _as_datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime(value.year, value.month, value.day)
