"""Writing a story file: its front matter as YAML that editors read, its body, its fingerprint.

`render_story` writes a whole file from its metadata and body; the fingerprint it records in
the `newswire` block is how ingestion later tells that nobody edited the file since
(`is_machine_owned`). edit.py changes single fields of an existing file with `dump_field`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import yaml

FINGERPRINT_LINE = re.compile(r"^  fingerprint: .*\n", re.MULTILINE)


def fingerprint(text: str) -> str:
    """The digest of a story file's text without its own `fingerprint:` line."""
    return hashlib.sha256(FINGERPRINT_LINE.sub("", text).encode("utf-8")).hexdigest()


def is_machine_owned(text: str, data: dict) -> bool:
    """Whether `text` (whose front matter is `data`) is still what `render_story` wrote."""
    block = data.get("newswire")
    return isinstance(block, dict) and block.get("fingerprint") == fingerprint(text)


# What can start markup inside a line of Markdown with the `extra` extensions: emphasis,
# code, links and images, attribute lists ({: onclick=…}), HTML and entities. Line-start
# syntax (#, >, -, 1.) needs no escape: an outlet name is never at the start of a line.
_MARKDOWN_INLINE = re.compile(r"[\\`*_\[\]{}!|]")
_HTML_SPECIAL = str.maketrans({"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def markdown_literal(text: str) -> str:
    """`text` as Markdown that renders as exactly this text: no element, link or entity."""
    return _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(), text.translate(_HTML_SPECIAL))


# libyaml's emitter is many times faster than PyYAML's and writes the same text, except that
# it escapes characters outside the Basic Multilingual Plane (an emoji would become
# "\U0001F3AC") and writes the Unicode line breaks differently: values with those keep
# PyYAML's pure-Python emitter (tests/test_ingest.py compares both).
_FAST_DUMPER = getattr(yaml, "CSafeDumper", None)
_SLOW_ONLY = re.compile("[\x85\u2028\u2029\U00010000-\U0010ffff]")


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def dump_yaml(data, **options) -> str:
    """yaml.safe_dump's text, written by libyaml when that gives the same text."""
    return yaml.dump(data, Dumper=_dumper_for(data, _FAST_DUMPER, yaml.SafeDumper), **options)


def _dumper_for(data, fast: type | None, slow: type) -> type:
    if fast is not None and not any(_SLOW_ONLY.search(s) for s in _strings(data)):
        return fast
    return slow


def dump_field(key: str, value) -> str:
    """`key: value` as a story file writes it: a list of strings on one line, anything else
    in block style."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        flow = dump_yaml(value, default_flow_style=True, allow_unicode=True, width=10_000)
        return f"{key}: {flow.strip()}\n"
    return dump_yaml(
        {key: value}, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False
    )


class _OneLine(list):
    """A list of names, written on one line as editors write them: `sites: [Allostream]`."""


def _with_one_line_lists(dumper: type) -> type:
    class StoryDumper(dumper):
        def ignore_aliases(self, data) -> bool:
            return True  # no YAML anchors in a file editors read, even for a repeated value

    StoryDumper.add_representer(
        _OneLine,
        lambda d, value: d.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True),
    )
    return StoryDumper


_FAST_STORY_DUMPER = _with_one_line_lists(_FAST_DUMPER) if _FAST_DUMPER else None
_STORY_DUMPER = _with_one_line_lists(yaml.SafeDumper)


def front_matter(meta: dict) -> str:
    """The fields of `meta` as `dump_field` writes each of them (a list of strings on one line,
    anything else in block style), in one pass of the dumper: a tenth of the time."""
    data = {
        key: _OneLine(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value)
        else value
        for key, value in meta.items()
    }
    return yaml.dump(
        data, Dumper=_dumper_for(data, _FAST_STORY_DUMPER, _STORY_DUMPER), sort_keys=False,
        allow_unicode=True, width=10_000, default_flow_style=False,
    )  # fmt: skip


def render_story(meta: dict, body: str) -> str:
    """A story file from its metadata (in this order) and body, with a fresh fingerprint."""
    fields = {k: v for k, v in meta.items() if k != "newswire" and v not in (None, "")}
    fields["newswire"] = {**meta["newswire"], "fingerprint": ""}  # last, as editors expect
    text = f"---\n{front_matter(fields)}---\n{body.strip()}\n"
    return text.replace("  fingerprint: ''\n", f"  fingerprint: {fingerprint(text)}\n")
