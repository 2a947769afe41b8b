"""Editing an existing story file: one field changed, or sources added, nothing else touched.

Editors' files keep their wording, their comments and the order of their fields: these
functions change the lines of one top-level field of the front matter and check, by reading
the result back, that every other field is as it was. What cannot be changed that way raises
StoryWriteError rather than risk an editor's text.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from rideau.storyfile.parse import TOP_LEVEL_FIELD, load_front_matter, split_front_matter
from rideau.storyfile.render import dump_field, dump_yaml


class StoryWriteError(RuntimeError):
    """A story file could not be updated without risking an editor's text."""


def set_front_key(text: str, path: str, key: str, value) -> str:
    """Replace (or add) one top-level field of a story file's front matter, nothing else."""
    front, body, _ = split_front_matter(path, text)
    lines = front.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if re.match(rf"^{re.escape(key)}\s*:", ln)), None)
    block = dump_field(key, value)
    if start is None:
        lines.append(block)
    else:
        end = start + 1
        while end < len(lines) and not TOP_LEVEL_FIELD.match(lines[end]):
            end += 1
        lines[start:end] = [block]
    updated = "---\n" + "".join(lines) + "---\n" + body
    before, after = (
        load_front_matter(front),
        load_front_matter(split_front_matter(path, updated)[0]),
    )
    others_before = {k: v for k, v in before.items() if k != key}
    others_after = {k: v for k, v in after.items() if k != key}
    if others_before != others_after or after.get(key) != value:
        raise StoryWriteError(f"{path}: could not change `{key}` without touching other fields")
    return updated


# The rest of a key's line when the value follows on the next lines: spaces, then perhaps an
# editor's comment ("sources:  # checked 2024-05-02").
_END_OF_LINE = r"\s*(?:#.*)?$"
_EMPTY_LIST = re.compile(r"^sources\s*:\s*\[\s*\](\s*(?:#.*)?)$")


def append_sources(text: str, path: str, new_sources: list[dict]) -> str:
    """Add `new_sources` to the `sources` list of an editor's file; change nothing else."""
    front, body, _ = split_front_matter(path, text)
    lines = front.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^sources\s*:", line)), None)
    items = dump_yaml(new_sources, sort_keys=False, allow_unicode=True, width=10_000)
    empty = None if start is None else _EMPTY_LIST.match(lines[start])
    if start is None or empty:
        comment = empty.group(1).rstrip() if empty else ""  # an editor's note stays
        block = f"sources:{comment}\n" + _indent(items, "  ")
        if start is None:
            lines.append(block)
        else:
            lines[start] = block
    elif re.match(rf"^sources\s*:{_END_OF_LINE}", lines[start]):
        end = start + 1
        while end < len(lines) and not TOP_LEVEL_FIELD.match(lines[end]):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        first_item = next(
            (ln for ln in lines[start + 1 : end] if ln.lstrip().startswith("-")), "  -"
        )
        indent = first_item[: len(first_item) - len(first_item.lstrip())]
        lines.insert(end, _indent(items, indent))
    else:
        raise StoryWriteError(
            f"{path}: `sources` is written on one line ({lines[start].strip()[:60]!r}); write "
            "it as a list (one `- outlet: …` per source) so that ingestion can add coverage "
            "without rewriting it"
        )
    updated = "---\n" + "".join(lines) + "---\n" + body
    check = load_front_matter(split_front_matter(path, updated)[0])
    before = load_front_matter(front)
    if not isinstance(check, dict) or len(check.get("sources") or []) != len(
        (before.get("sources") or []) if isinstance(before, dict) else []
    ) + len(new_sources):
        raise StoryWriteError(
            f"{path}: could not add sources without changing the rest of the file"
        )
    return updated


def _indent(block: str, indent: str) -> str:
    return "".join(
        indent + line if line.strip() else line for line in block.splitlines(keepends=True)
    )


def read_front(path: Path, relative: str) -> tuple[str, dict, str]:
    """A story file's text, front matter and body; StoryWriteError when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
        front, body, _ = split_front_matter(relative, text)
        data = load_front_matter(front)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise StoryWriteError(f"{relative}: cannot be read ({_first_line(exc)}); `newswire "
                              "check` says where, fix it and run again") from exc  # fmt: skip
    return text, data if isinstance(data, dict) else {}, body


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
