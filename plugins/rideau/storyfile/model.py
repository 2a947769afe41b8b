"""The story model: the fields of a story file, checked and normalised.

A story file is Markdown with a YAML front matter block. `check_story` turns the front matter
into Pelican metadata and lists every problem with the file, the field and, where it can be
found, the line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node

from rideau.registry import Registry
from rideau.storyfile.vocabulary import OUTCOME_IDS

DOCUMENT_KINDS = ("notice", "ruling", "press-release", "other")
STORY_STATUSES = ("published", "draft", "hidden")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
TOP_LEVEL_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file."""

    path: str
    field: str
    reason: str
    line: int = 0
    # "error": the story is wrong; "warning": worth an editor's look (fails no build).
    severity: str = "error"
    # Whether the file cannot be built at all; by default, a problem with a required field.
    blocking: bool | None = None

    @property
    def fatal(self) -> bool:
        return self.field in FATAL_FIELDS if self.blocking is None else self.blocking

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        suffix = " (warning)" if self.severity == "warning" else ""
        return f"{where}: {self.field}: {self.reason}{suffix}"


class StoryError(ValueError):
    """A content file cannot be turned into a page; carries its problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


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


@dataclass(frozen=True)
class FrontMatter:
    """The raw front matter of a file and where each top-level field starts."""

    data: dict
    lines: dict[str, int]
    # What reading the YAML itself found wrong without making it unreadable (a repeated key).
    problems: tuple[Problem, ...] = ()


class YAMLAliasError(ComposerError, ValueError):
    """A front matter block with a YAML anchor (`&name`) or alias (`*name`).

    A story file has no use for them, and nine levels of aliases make a few hundred bytes
    stand for hundreds of millions of values ("billion laughs"). A ValueError too, like any
    value a story file may not hold, so that readers that skip bad files skip this one.
    """


@dataclass(frozen=True)
class RepeatedKey:
    """A mapping key given a second time (YAML keeps the last value, silently)."""

    key: str
    line: int  # 0-based, in the front matter text, of the repeat
    first_line: int  # 0-based, of the first occurrence
    top_level: bool


# libyaml's parser when PyYAML was built with it (its wheels are): ten times faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _AnchorFreeLoader(_BaseLoader):
    """YAML without implicit timestamps (dates stay text, so a bad one is reported by field),
    noting repeated keys. For text without anchors or aliases: libyaml composes it."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated_keys: list[RepeatedKey] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) < len(node.value):  # only then can a key have been given twice
            self._note_repeated_keys(node)
        return mapping

    def _note_repeated_keys(self, node: MappingNode) -> None:
        first: dict = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node)  # already constructed: the same object
            if key in first:
                mark = key_node.start_mark
                repeat = RepeatedKey(str(key), mark.line, first[key], mark.column == 0)
                self.repeated_keys.append(repeat)
            else:
                first[key] = key_node.start_mark.line


_AnchorFreeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterLoader(Composer, _AnchorFreeLoader):
    """The front matter loader: libyaml's parser, PyYAML's composer (which can be stopped at
    the first anchor or alias, before anything is expanded), and the checks above."""

    def __init__(self, stream: str) -> None:
        _AnchorFreeLoader.__init__(self, stream)
        Composer.__init__(self)

    def compose_node(self, parent: Node | None, index: object) -> Node:
        event = self.peek_event()
        if event.anchor is not None:  # set on an alias and on an anchored node
            sigil = "*" if isinstance(event, AliasEvent) else "&"
            raise YAMLAliasError(
                problem=(
                    "YAML aliases and anchors are not allowed in a story file "
                    f"(found {sigil}{event.anchor}); write the value out in full"
                ),
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def _load(text: str) -> tuple[object, list[RepeatedKey]]:
    # An anchor starts with "&" and an alias with "*": text with neither has none, and
    # libyaml's composer, several times faster than PyYAML's, can be trusted with it.
    loader_class = FrontMatterLoader if "&" in text or "*" in text else _AnchorFreeLoader
    loader = loader_class(text)
    try:
        return loader.get_single_data(), loader.repeated_keys
    finally:
        loader.dispose()


def load_front_matter(text: str) -> object:
    """The data of a front matter block (a repeated key keeps its last value).

    Raises yaml.YAMLError when it is not YAML, YAMLAliasError when it has anchors or aliases.
    """
    return _load(text)[0]


def split_front_matter(path: str, text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line number where the front matter starts)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise StoryError(
            [Problem(path, "front matter", "the file must start with a '---' line", 1)]
        )
    for number, line in enumerate(lines[1:], 2):
        if line.strip() == "---":
            return "".join(lines[1 : number - 1]), "".join(lines[number:]), 2
    raise StoryError([Problem(path, "front matter", "no closing '---' line", 1)])


def read_story_text(path: str, source: Path) -> str:
    """A content file's text; StoryError when it is not UTF-8."""
    try:
        return source.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8"
        raise StoryError([Problem(path, "encoding", reason)]) from exc


# What YAML was reading when it found an unclosed value (its error's context), and what to
# call the opening character in the report.
UNCLOSED = {
    "while parsing a flow sequence": "the `[`",
    "while parsing a flow mapping": "the `{`",
    "while scanning a quoted scalar": "the quote",
}


def parse_front_matter(path: str, text: str) -> tuple[FrontMatter, str]:
    """The front matter and the body of a content file; StoryError when it cannot be read."""
    front_text, body, first_line = split_front_matter(path, text)
    try:
        data, repeated = _load(front_text)
    except YAMLAliasError as exc:
        line = first_line + exc.problem_mark.line
        raise StoryError([Problem(path, "front matter", exc.problem, line)]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark else 0
        reason = getattr(exc, "problem", None) or str(exc)
        opener = UNCLOSED.get(getattr(exc, "context", None) or "")
        context_mark = getattr(exc, "context_mark", None)
        if opener and context_mark is not None:
            # libyaml notices an unclosed `[` where the next field starts; the editor's
            # mistake is on the line where it opens.
            line = first_line + context_mark.line
            reason = f"{opener} opened on this line is not closed ({reason})"
        raise StoryError([Problem(path, "front matter", f"invalid YAML: {reason}", line)]) from exc
    if not isinstance(data, dict):
        raise StoryError(
            [Problem(path, "front matter", "must be a set of `field: value` lines", 1)]
        )
    lines = field_lines(front_text, first_line)
    problems = _repeated_key_problems(path, data, front_text, first_line, repeated)
    return FrontMatter(data, lines, problems), body


def _repeated_key_problems(
    path: str, data: dict, front: str, first_line: int, repeated: list[RepeatedKey]
) -> tuple[Problem, ...]:
    """Errors, not warnings: of two `status:` lines the last one wins, and may publish a draft.
    Not blocking: development builds go on with the last value, as YAML reads it."""
    problems = []
    for repeat in repeated:
        line, first = first_line + repeat.line, first_line + repeat.first_line
        if repeat.top_level:
            field = repeat.key
            reason = f"given twice (first on line {first}); keep only one `{repeat.key}:` line"
        else:
            field = _field_at(front, repeat.line) or "front matter"
            within = " in one entry" if isinstance(data.get(field), list) else ""
            reason = f"`{repeat.key}` given twice{within} (first on line {first}); keep only one"
        problems.append(Problem(path, field, reason, line, blocking=False))
    return tuple(problems)


def _field_at(front: str, line: int) -> str | None:
    """The top-level field whose value holds `line` (0-based) of the front matter."""
    field = None
    for text in front.splitlines()[: line + 1]:
        match = TOP_LEVEL_FIELD.match(text)
        if match:
            field = match.group(1)
    return field


def field_lines(front: str, first_line: int) -> dict[str, int]:
    lines = {}
    for offset, line in enumerate(front.splitlines()):
        match = TOP_LEVEL_FIELD.match(line)
        if match:
            lines.setdefault(match.group(1), first_line + offset)
    return lines


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


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
            try:
                return parse(value.strip())
            except ValueError:
                continue
    return None


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
FATAL_FIELDS = frozenset({"title", "slug", "lang", "date", "summary", "front matter"})


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
            check.problem("sources", f"entry {number}: lang {item['lang']!r} is not fr or en")
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
