"""Reading a story file: its front matter split from its body and loaded as safe YAML.

A story file is Markdown with a YAML front matter block between two `---` lines. This module
reads that block (refusing YAML anchors and aliases, noting repeated keys) and reports what
makes a file unreadable as a `StoryError` carrying `Problem`s with the file, field and line;
validate.py checks the fields it holds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import ryaml
import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node

TOP_LEVEL_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
# Fields without which a story cannot be built, and the front matter itself: a problem with
# one of them is fatal (Problem.fatal) unless it says otherwise.
FATAL_FIELDS = frozenset({"title", "slug", "lang", "date", "summary", "front matter"})


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


# What ryaml is not given: what could be an anchor or an alias (which it would expand: one
# starts a value, so "&" inside a URL's query is none), characters where YAML 1.1 and 1.2
# differ (Unicode line breaks) or that PyYAML refuses (non-printable ones), and the YAML 1.1
# tags it reads its own way (`!!binary`, verbatim `!<…>`).
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[\]{},:?-])[&*]", re.MULTILINE)
_PYYAML_ONLY = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
# PyYAML's implicit types (YAML 1.1) by first character, as `_AnchorFreeLoader` resolves them.
_IMPLICIT = {
    first: re.compile("|".join(f"(?:{regexp.pattern})" for _tag, regexp in resolvers), re.X)
    for first, resolvers in _AnchorFreeLoader.yaml_implicit_resolvers.items()
}


def _for_ryaml(text: str) -> bool:
    if ("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text):
        return False
    return "!!" not in text and "!<" not in text and _PYYAML_ONLY.search(text) is None


def _text_only(value: object) -> bool:
    """Whether `value` (as ryaml read it) holds only mappings with text keys, lists, nulls and
    strings that YAML 1.1 reads as strings too: then PyYAML would read the same values. (ryaml
    reads `yes`, `0123` or `1_000` as strings and `1e3` as a number, PyYAML the other way;
    a value with a tag comes as a one-key mapping, the key starting with "!".)"""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is str:
            implicit = _IMPLICIT.get(item[:1])
            if implicit is not None and implicit.match(item):
                return False
        elif kind is dict:
            for key in item:
                if type(key) is not str or key.startswith("!"):
                    return False
            pending.extend(item)
            pending.extend(item.values())
        elif kind is list:
            pending.extend(item)
        elif item is not None:
            return False
    return True


def _load(text: str) -> tuple[object, list[RepeatedKey]]:
    # ryaml (libyaml's parser in Rust, YAML 1.2 types) reads a story's front matter about four
    # times faster than PyYAML. It is trusted only where both give the same values: text
    # without anchors, aliases or YAML 1.1 tags, values that are strings YAML 1.1 reads as
    # strings too. Anything else, and every error (a repeated key is one for ryaml), goes to
    # PyYAML, which gives the values, repeated keys and error lines as before.
    if _for_ryaml(text):
        try:
            data = ryaml.loads(text)
        except ValueError:  # ryaml.InvalidYamlError, or a tagged mapping as a key
            pass
        else:
            if _text_only(data):
                return data, []
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
    """The line (counted from `first_line`) where each top-level field of `front` starts."""
    lines = {}
    for offset, line in enumerate(front.splitlines()):
        match = TOP_LEVEL_FIELD.match(line)
        if match:
            lines.setdefault(match.group(1), first_line + offset)
    return lines


def parse_date(value: object) -> dt.date | None:
    """A date (or date and time) as YAML or ISO 8601 text gives it; None when it is neither."""
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
