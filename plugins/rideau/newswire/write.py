"""Stage 7, write: what goes into the story files of a cluster, one per language that has
coverage: their sources, metadata and ingestion record, and what was done to each file.

Ownership decides what ingestion may change:
- a file ingestion wrote and nobody edited since (its fingerprint still matches) is rewritten
  with the new coverage and tags (`machine_story`, written whole by files.FileBatch);
- any other file (edited by an editor, or written by hand) is never rewritten: new coverage is
  appended to its `sources` list and nothing else in the file changes (storyfile.edit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rideau.newswire.archive import StoryFile
from rideau.newswire.records import Cluster, TaggedEntry
from rideau.newswire.urls import canonical_url, citable_url
from rideau.newswire.wording import generated_body, generated_summary, generated_title


@dataclass(frozen=True)
class WrittenFile:
    lang: str
    path: str  # relative to the content folder
    title: str
    action: str  # "created" | "rewritten" | "appended" | "unchanged"
    story: StoryFile | None = None  # index data of a file written whole (not appended to)


def source_of(tagged: TaggedEntry) -> dict:
    """An entry as one item of a story's `sources` list."""
    entry = tagged.entry
    date = entry.published.date() if entry.published else dt.date.today()
    return {
        "outlet": entry.outlet or "?",
        "lang": entry.lang or "en",
        "date": date.isoformat(),
        "title": tagged.clean.title,
        "url": citable_url(entry.link),
    }


def merge_sources(existing: Iterable[dict], new: Iterable[dict]) -> list[dict]:
    """One source per article (the first given wins), by date then outlet."""
    merged: dict[str, dict] = {}
    for source in [*existing, *new]:
        merged.setdefault(canonical_url(str(source.get("url", ""))), source)
    return sorted(merged.values(), key=lambda s: (str(s.get("date")), str(s.get("outlet"))))


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
    return meta, generated_body(lang)


def confidence(entries: Iterable[TaggedEntry]) -> float:
    """How sure relevance was, 0 to 1: the mean relevance score, 10 and above being sure."""
    scores = [min(t.relevance.score, 10.0) / 10.0 for t in entries]
    return round(sum(scores) / len(scores), 2) if scores else 0.0


def entry_keys(entries: Iterable[TaggedEntry]) -> list[str]:
    """Every key of the entries (the ingestion record lists them), each once, in order."""
    return list(dict.fromkeys(key for tagged in entries for key in tagged.entry.keys))


def earliest(entries: Iterable[TaggedEntry], fallback: dt.date) -> dt.date:
    """The first day an entry was published; `fallback` when none says."""
    dates = [t.entry.published.date() for t in entries if t.entry.published]
    return min(dates) if dates else fallback
