"""Stage 7, write: story files, one per language that has coverage, written atomically.

Ownership decides what ingestion may change:
- a file ingestion wrote and nobody edited since (its fingerprint still matches) is rewritten
  with the new coverage and tags;
- any other file (edited by an editor, or written by hand) is never rewritten: new coverage is
  appended to its `sources` list and nothing else in the file changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel.dates import format_date

from rideau.newswire.archive import StoryFile, file_stamp
from rideau.newswire.records import Cluster, TaggedEntry
from rideau.newswire.urls import canonical_url, citable_url
from rideau.newswire.workers import can_fork, process_pool
from rideau.storyfile.model import load_front_matter, parse_date, split_front_matter
from rideau.storyfile.vocabulary import OUTCOME_IDS, outcome_by_id

FINGERPRINT_LINE = re.compile(r"^  fingerprint: .*\n", re.MULTILINE)
TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


class StoryWriteError(RuntimeError):
    """A story file could not be updated without risking an editor's text."""


@dataclass(frozen=True)
class WrittenFile:
    lang: str
    path: str  # relative to the content folder
    title: str
    action: str  # "created" | "rewritten" | "appended" | "unchanged"
    story: StoryFile | None = None  # index data of a file written whole (not appended to)


def source_of(tagged: TaggedEntry) -> dict:
    entry = tagged.entry
    date = entry.published.date() if entry.published else dt.date.today()
    return {
        "outlet": entry.outlet or "?",
        "lang": entry.lang or "en",
        "date": date.isoformat(),
        "title": tagged.clean.title,
        "url": citable_url(entry.link),
    }


def fingerprint(text: str) -> str:
    return hashlib.sha256(FINGERPRINT_LINE.sub("", text).encode("utf-8")).hexdigest()


def is_machine_owned(text: str, data: dict) -> bool:
    block = data.get("newswire")
    return isinstance(block, dict) and block.get("fingerprint") == fingerprint(text)


def write_atomic(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never a part of either."""
    temporary = _write_temporary(path, text)
    try:
        _make_durable([temporary])
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class FileBatch:
    """Files written together, each as atomically as by `write_atomic`, with one flush to disk.

    `write` puts a text in a temporary file beside its target, `write_story` a story to render;
    `commit` renders the stories (in worker processes when there are many), makes every
    pending temporary durable, then moves each into place. A run killed before `commit` leaves
    only temporaries, which the next run removes. Used as a context manager, the batch commits
    when the block ends normally and removes its temporaries when it raises.

    `stamps` holds the size and mtime of each file written, taken from its temporary (moving
    it into place keeps them), so a later edit is seen even if it comes right after the run.
    """

    def __init__(self, limit: int = 1000, workers: int = 1) -> None:
        self.limit = limit  # files pending at most: what a killed run loses
        self.workers = workers
        self.stamps: dict[Path, list[int]] = {}
        self._pending: list[tuple[Path, Path]] = []
        self._stories: list[tuple[Path, dict, str]] = []

    def write(self, path: Path, text: str) -> None:
        self._stage(path, text)
        self._commit_if_full()

    def write_story(self, path: Path, meta: dict, body: str) -> None:
        """`render_story(meta, body)`, written to `path`."""
        self._stories.append((path, meta, body))
        self._commit_if_full()

    def _commit_if_full(self) -> None:
        if len(self._pending) + len(self._stories) >= self.limit:
            self.commit()

    def _stage(self, path: Path, text: str) -> None:
        temporary = _write_temporary(path, text)
        self._pending.append((temporary, path))
        self.stamps[path] = file_stamp(temporary)

    def commit(self) -> None:
        stories, self._stories = self._stories, []
        texts = render_stories([(meta, body) for _path, meta, body in stories], self.workers)
        for (path, _meta, _body), text in zip(stories, texts, strict=True):
            self._stage(path, text)
        if not self._pending:
            return
        _make_durable([temporary for temporary, _path in self._pending])
        folders = set()
        for temporary, path in self._pending:
            os.replace(temporary, path)
            folders.add(path.parent)
        for folder in sorted(folders):  # the renames themselves
            _fsync_folder(folder)
        self._pending.clear()

    def discard(self) -> None:
        for temporary, path in self._pending:
            temporary.unlink(missing_ok=True)
            self.stamps.pop(path, None)
        self._pending.clear()
        self._stories.clear()

    def __enter__(self) -> FileBatch:
        return self

    def __exit__(self, kind, _value, _traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


# Below this many stories, starting worker processes costs more than rendering them here.
PARALLEL_MIN_STORIES = 200


def render_stories(stories: list[tuple[dict, str]], workers: int = 1) -> list[str]:
    """`render_story` of each (meta, body), in order; in `workers` processes when many."""
    if workers < 2 or len(stories) < PARALLEL_MIN_STORIES or not can_fork():
        return [render_story(meta, body) for meta, body in stories]
    chunk = max(1, len(stories) // (workers * 4))
    with process_pool(workers) as pool:
        return list(pool.map(_render_pair, stories, chunksize=chunk))


def _render_pair(story: tuple[dict, str]) -> str:
    return render_story(*story)


def _write_temporary(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


# Past a few files, one sync of every disk is faster than a flush per file (6,700 story files:
# 1.8 s of fsync against 0.02 s).
_SYNC_ALL_FROM = 16


def _make_durable(paths: list[Path]) -> None:
    if len(paths) >= _SYNC_ALL_FROM and hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # a system that cannot open folders (Windows) has nothing to flush here
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_abandoned_temporaries(folder: Path) -> list[Path]:
    """Temporary files of writes that a killed run left behind (call it holding the lock)."""
    removed = []
    for temporary in folder.rglob(".*.tmp") if folder.exists() else ():
        temporary.unlink(missing_ok=True)
        removed.append(temporary)
    return removed


# -- generated text (facts only: names, counts, dates; never an outlet's sentences) ---------

WORDING = {
    "fr": {
        "sep": "\u00a0: ",
        "unknown": "Affaire à identifier",
        "summary": "Fiche proposée par l’ingestion à partir de {count} de {outlets}, {dates}. "
        "À vérifier et à résumer par un éditeur.",
        "articles": ("{n}\u00a0article", "{n}\u00a0articles"),
        "body": "Brouillon créé automatiquement à partir des articles cités ci-dessous. "
        "Remplacez ce texte par votre annotation.",
        "range": "du {first} au {last}",
    },
    "en": {
        "sep": ": ",
        "unknown": "Case to identify",
        "summary": "Proposed by ingestion from {count} by {outlets}, {dates}. "
        "To be checked and summarised by an editor.",
        "articles": ("{n} article", "{n} articles"),
        "body": "Draft created automatically from the articles cited below. "
        "Replace this text with your annotation.",
        "range": "{first} to {last}",
    },
}


def generated_title(lang: str, sites: list[str], outcomes: list[str]) -> str:
    words = WORDING[lang]
    if not sites:
        return words["unknown"]
    label = ", ".join(sites)
    if not outcomes:
        return label
    detail = ", ".join(outcome_by_id(o).label(lang).lower() for o in outcomes)
    return f"{label}{words['sep']}{detail}"


def generated_summary(lang: str, sources: list[dict]) -> str:
    """The summary of a story ingestion wrote: Markdown, so outlet names are escaped."""
    words = WORDING[lang]
    outlets = [markdown_literal(str(o)) for o in dict.fromkeys(s["outlet"] for s in sources)]
    dates = sorted(s["date"] for s in sources)
    first, last = (_long_date(d, lang) for d in (dates[0], dates[-1]))
    span = first if first == last else words["range"].format(first=first, last=last)
    singular, plural = words["articles"]
    count = (singular if len(sources) == 1 else plural).format(n=len(sources))
    return words["summary"].format(count=count, outlets=", ".join(outlets), dates=span)


# What can start markup inside a line of Markdown with the `extra` extensions: emphasis,
# code, links and images, attribute lists ({: onclick=…}), HTML and entities. Line-start
# syntax (#, >, -, 1.) needs no escape: an outlet name is never at the start of a line.
_MARKDOWN_INLINE = re.compile(r"[\\`*_\[\]{}!|]")
_HTML_SPECIAL = str.maketrans({"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def markdown_literal(text: str) -> str:
    """`text` as Markdown that renders as exactly this text: no element, link or entity."""
    return _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(), text.translate(_HTML_SPECIAL))


@lru_cache(maxsize=4096)  # stories of one run share a few hundred dates
def _long_date(iso_date: str, lang: str) -> str:
    return format_date(parse_date(iso_date), "long", locale=lang)


# -- file contents -------------------------------------------------------------------------


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


def _dump(key: str, value) -> str:
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
    """The fields of `meta` as `_dump` writes each of them (a list of strings on one line,
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


def merge_sources(existing: Iterable[dict], new: Iterable[dict]) -> list[dict]:
    merged: dict[str, dict] = {}
    for source in [*existing, *new]:
        merged.setdefault(canonical_url(str(source.get("url", ""))), source)
    return sorted(merged.values(), key=lambda s: (str(s.get("date")), str(s.get("outlet"))))


def ordered_outcomes(outcomes: Iterable[str]) -> list[str]:
    wanted = set(outcomes)
    return [o for o in OUTCOME_IDS if o in wanted]


def machine_story(
    lang: str,
    cluster: Cluster,
    sources: list[dict],
    tags: dict[str, list[str]],
    keys: list[str],
    status: str,
    story_date: dt.date,
    block: dict | None = None,
) -> tuple[dict, str]:
    """A machine-owned story file's metadata; `block` carries the ingestion record (why the
    entries were merged, confidence, editors' merge and split decisions)."""
    meta = {
        "title": generated_title(lang, tags["sites"], tags["outcomes"]),
        "slug": cluster.id,
        "lang": lang,
        "date": story_date.isoformat(),
        "event_date": story_date.isoformat(),
        "summary": generated_summary(lang, sources),
        "sites": tags["sites"],
        "studios": tags["studios"],
        "outcomes": tags["outcomes"],
        "status": status,
        "sources": sources,
        "newswire": {**(block or {}), "id": cluster.id, "entries": keys},
    }
    return meta, WORDING[lang]["body"]


def confidence(entries: Iterable[TaggedEntry]) -> float:
    """How sure relevance was, 0 to 1: the mean relevance score, 10 and above being sure."""
    scores = [min(t.relevance.score, 10.0) / 10.0 for t in entries]
    return round(sum(scores) / len(scores), 2) if scores else 0.0


def set_front_key(text: str, path: str, key: str, value) -> str:
    """Replace (or add) one top-level field of a story file's front matter, nothing else."""
    front, body, _ = split_front_matter(path, text)
    lines = front.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if re.match(rf"^{re.escape(key)}\s*:", ln)), None)
    block = _dump(key, value)
    if start is None:
        lines.append(block)
    else:
        end = start + 1
        while end < len(lines) and not TOP_LEVEL_KEY.match(lines[end]):
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
        while end < len(lines) and not TOP_LEVEL_KEY.match(lines[end]):
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


def story_tags(entries: Iterable[TaggedEntry], base: dict | None = None) -> dict[str, list[str]]:
    """Tags of a story from its entries (and the tags it already had, kept).

    Sites and studios are the union: each entry names its targets and actors precisely.
    An outcome needs the support of a quarter of the entries, so that one outlet's aside (a
    brief reappearance, an earlier notice) does not become the story's outcome.
    """
    entries = list(entries)
    tags = {key: list((base or {}).get(key) or []) for key in ("sites", "studios", "outcomes")}
    for tagged in entries:
        for key in ("sites", "studios"):
            for value in getattr(tagged.tags, key):
                if value not in tags[key]:
                    tags[key].append(value)
    votes = Counter(o for tagged in entries for o in tagged.tags.outcomes)
    needed = max(1, -(-len(entries) // 4))
    tags["outcomes"] = ordered_outcomes(
        [*tags["outcomes"], *(o for o, n in votes.items() if n >= needed)]
    )
    return tags


def entry_keys(entries: Iterable[TaggedEntry]) -> list[str]:
    return list(dict.fromkeys(key for tagged in entries for key in tagged.entry.keys))


def earliest(entries: Iterable[TaggedEntry], fallback: dt.date) -> dt.date:
    dates = [t.entry.published.date() for t in entries if t.entry.published]
    return min(dates) if dates else fallback
