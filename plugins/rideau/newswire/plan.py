"""What the write stage does with the clusters of a run, decided before any file is touched.

- A run writes at most `max_new_stories` new stories; the entries of the others wait for a
  later run (their feeds are read again then).
- Each language with coverage gets a file. A file ingestion wrote and nobody edited since is
  rewritten with the new coverage; any other file only has it appended to its sources; a
  missing language file is created; a file that cites every entry is left unchanged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rideau.newswire.editor import note_new_coverage
from rideau.newswire.records import Cluster, Rejection, TaggedEntry
from rideau.newswire.urls import canonical_url
from rideau.newswire.votes import story_tags
from rideau.newswire.write import (
    confidence,
    earliest,
    entry_keys,
    machine_story,
    merge_sources,
    source_of,
)
from rideau.storyfile.edit import append_sources
from rideau.storyfile.render import is_machine_owned

logger = logging.getLogger(__name__)

# A story file as read: its text, front matter and body.
ExistingFile = tuple[str, dict, str]
FileAction = Literal["created", "rewritten", "appended", "unchanged"]


@dataclass(frozen=True)
class WithinLimit:
    """The clusters a run writes, and the entries of those it leaves for a later run."""

    clusters: Mapping[str, Cluster]
    deferred: tuple[Rejection, ...] = ()
    warning: str = ""  # "" when nothing was deferred


def limit_new_stories(clusters: Mapping[str, Cluster], limit: int) -> WithinLimit:
    """At most `limit` new stories (0: no limit), the first ones found; stories that already
    exist are always updated."""
    new = [story_id for story_id, cluster in clusters.items() if not cluster.existing]
    if limit <= 0 or len(new) <= limit:
        return WithinLimit(clusters)
    over = set(new[limit:])
    reason = (
        f"invalid: over this run's limit of {limit} new stories "
        "(NEWSWIRE_MAX_NEW_STORIES); the next run reads it again"
    )
    deferred = [
        Rejection(t.entry.link, t.entry.source, reason)
        for story_id in over
        for t in clusters[story_id].entries
    ]
    warning = (
        f"{len(new)} new stories found, {limit} written (NEWSWIRE_MAX_NEW_STORIES); "
        f"{len(deferred)} entries wait for the next run"
    )
    logger.warning("%s", warning)
    kept = {k: v for k, v in clusters.items() if k not in over}
    return WithinLimit(kept, tuple(sorted(deferred, key=lambda r: (r.source, r.link))), warning)


@dataclass(frozen=True)
class FilePlan:
    """What happens to one language file of a story."""

    lang: str
    path: str  # relative to the content folder
    action: FileAction
    # The coverage the file does not cite yet (created: all of the story's).
    missing: tuple[TaggedEntry, ...] = ()


def plan_story_files(
    cluster: Cluster,
    files: Mapping[str, str],
    existing: Mapping[str, ExistingFile],
    languages: Sequence[str],
    date: dt.date,
) -> tuple[FilePlan, ...]:
    """The files of a story (`files`: lang -> path, read into `existing`) that its coverage
    changes, in language order.

    Every file of a story cites all of its coverage and every language with coverage has a
    file: a run killed between two files of one story is completed by the next run."""
    everything = (*cluster.known, *cluster.entries)
    langs = (set(existing) | {t.entry.lang for t in everything}) & set(languages)
    plans = []
    for lang in sorted(langs):
        if lang not in existing:
            path = new_file_path(cluster, lang, created_date(cluster, date, existing))
            plans.append(FilePlan(lang, path, "created", everything))
            continue
        text, data, _body = existing[lang]
        missing = tuple(t for t in everything if t.entry.url not in cited_urls(data))
        if not missing:
            action = "unchanged"
        elif is_machine_owned(text, data):
            action = "rewritten"
        else:
            action = "appended"
        plans.append(FilePlan(lang, files[lang], action, missing))
    return tuple(plans)


def cited_urls(data: dict) -> set[str]:
    return {
        canonical_url(str(s.get("url"))) for s in data.get("sources") or [] if isinstance(s, dict)
    }


def created_date(cluster: Cluster, date: dt.date, existing: Mapping[str, ExistingFile]) -> dt.date:
    """A new story is dated by its earliest entry; a new language file of a story, by it."""
    return date if _sibling(existing) else earliest(cluster.entries, date)


def new_file_path(cluster: Cluster, lang: str, date: dt.date) -> str:
    return f"stories/{date.year}/{cluster.id}.{lang}.md"


def _sibling(existing: Mapping[str, ExistingFile]) -> dict:
    """The front matter of the story's first file; {} for a new story."""
    return next(iter(existing.values()), ("", {}, ""))[1]


def created_story(
    cluster: Cluster,
    plan: FilePlan,
    date: dt.date,
    existing: Mapping[str, ExistingFile],
    status: str,
) -> tuple[dict, str]:
    """The metadata and body of a created file: it cites what its siblings cite and all of
    the story's coverage."""
    base = _sibling(existing)
    old_sources = [s for _t, data, _b in existing.values() for s in data.get("sources") or []]
    sources = merge_sources(old_sources, [source_of(t) for t in plan.missing])
    return machine_story(
        plan.lang,
        cluster,
        sources,
        story_tags(cluster.entries, base),
        entry_keys(plan.missing),
        status,
        created_date(cluster, date, existing),
        _record(cluster, base),
    )


def _record(cluster: Cluster, base: dict) -> dict:
    """The ingestion record of a new language file: its own, or its sibling's when the
    file completes a story a killed run left half-written."""
    previous = base.get("newswire") if isinstance(base.get("newswire"), dict) else {}
    if cluster.entries or not previous:
        return {"why": list(cluster.why), "confidence": confidence(cluster.entries)}
    return {k: previous[k] for k in ("why", "confidence") if k in previous}


def rewritten_story(cluster: Cluster, plan: FilePlan, data: dict, status: str) -> tuple[dict, str]:
    """The metadata and body of a machine-owned file rewritten with its new coverage; its
    status (an editor may have published it) and date stay."""
    missing = list(plan.missing)
    sources = merge_sources(data.get("sources") or [], [source_of(t) for t in missing])
    previous = data.get("newswire") or {}
    keys = list(dict.fromkeys([*previous.get("entries", []), *entry_keys(missing)]))
    block = {
        **previous,
        "why": [*previous.get("why", []), *cluster.why],
        "confidence": confidence(cluster.entries)
        if cluster.entries
        else previous.get("confidence", 0.0),
    }
    date = dt.date.fromisoformat(str(data.get("date"))[:10])
    return machine_story(
        plan.lang, cluster, sources, story_tags(missing, data), keys,
        str(data.get("status") or status), date, block,
    )  # fmt: skip


def appended_text(plan: FilePlan, text: str, data: dict) -> str:
    """An editor's file with the new coverage appended to its sources, nothing else changed
    (but the record of new coverage, when the story is published)."""
    fresh = merge_sources([], [source_of(t) for t in plan.missing])
    appended = append_sources(text, plan.path, fresh)
    return note_new_coverage(appended, plan.path, data, fresh)
