"""The ingestion pipeline: fetch -> parse -> clean -> classify -> tag -> cluster -> write.

Each stage is its own module; this one runs them in order, keeps every entry accounted for
(in a story or in `rejected`) and builds the JSON report of the contract.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rideau.newswire.analyse import Analyser, FeedAnalysis, analyse_feeds
from rideau.newswire.archive import ArchiveIndex, story_file
from rideau.newswire.cluster import ClusterSettings, cluster_entries
from rideau.newswire.display import without_userinfo
from rideau.newswire.editor import note_new_coverage
from rideau.newswire.fetch import FetchSettings, expand_sources, fetch_all
from rideau.newswire.lock import content_lock
from rideau.newswire.records import (
    Cluster,
    Entry,
    FeedCache,
    FeedSource,
    Fetched,
    Rejection,
    TaggedEntry,
)
from rideau.newswire.state import StateStore
from rideau.newswire.urls import canonical_url
from rideau.newswire.workers import default_workers
from rideau.newswire.write import (
    FileBatch,
    StoryWriteError,
    WrittenFile,
    append_sources,
    confidence,
    earliest,
    entry_keys,
    is_machine_owned,
    machine_story,
    merge_sources,
    read_front,
    remove_abandoned_temporaries,
    source_of,
    story_tags,
)
from rideau.registry import load_registry
from rideau.storyfile.model import StoryError

logger = logging.getLogger(__name__)
LANGS = ("fr", "en")
# An error about a story file (not a feed) is reported with this prefix before its id.
STORY_ERROR_PREFIX = "story "
# Names listed at most on the summary line, which stays one line however many there are.
SUMMARY_NAMES = 10


@dataclass(frozen=True)
class IngestOptions:
    content: Path
    state_path: Path
    dry_run: bool = False
    all_stories: bool = False
    status: str = "draft"
    window_days: int = 12
    workers: int = 0  # processes analysing feeds and rendering story files; 0: one per core
    fetch: FetchSettings = field(default_factory=FetchSettings)
    # New stories one run may create; the entries of the others wait for the next run.
    max_new_stories: int = 1000
    lock_wait: float = 60.0  # seconds to wait for another command writing the same content
    on_lock_wait: Callable[[], None] | None = None


@dataclass
class RunResult:
    report: dict
    summary: str
    errors: list[dict]


def _published(entry: Entry) -> str:
    return entry.published.isoformat().replace("+00:00", "Z") if entry.published else ""


def entry_report(tagged: TaggedEntry) -> dict:
    entry = tagged.entry
    return {
        "link": entry.link, "url": entry.url, "guid": entry.guid, "source": entry.source,
        "outlet": entry.outlet, "lang": entry.lang, "title": tagged.clean.title,
        "published": _published(entry),
    }  # fmt: skip


class Ingestion:
    """One run over a set of sources."""

    def __init__(self, options: IngestOptions, progress: Callable[[str, int], None] | None = None):
        self.options = options
        self.progress = progress or (lambda _stage, _n: None)
        self.registry = load_registry(options.content / "registry")
        self.analyser = Analyser(self.registry)
        self.today = dt.date.today()

    # -- stages ------------------------------------------------------------------------------
    def run(self, sources: Sequence[FeedSource]) -> RunResult:
        options = self.options
        if options.dry_run:  # writes nothing: needs no lock
            with StateStore(options.state_path, read_only=True) as state:
                return self._run(sources, state)
        with content_lock(options.content, wait=options.lock_wait, on_wait=options.on_lock_wait):
            for folder in ("stories", "rejected"):
                for leftover in remove_abandoned_temporaries(options.content / folder):
                    logger.info("removed %s, left by an interrupted run", leftover)
            with StateStore(options.state_path) as state:
                return self._run(sources, state)

    def _run(self, sources: Sequence[FeedSource], state: StateStore) -> RunResult:
        index = state.refresh(self.options.content)
        sources = expand_sources(sources)
        fetched = fetch_all(
            sources, state.feed_caches(s.location for s in sources),
            settings=self.options.fetch, progress=lambda _f: self.progress("fetch", 1),
        )  # fmt: skip
        errors, entries, rejected, warnings, tagged = self._read(fetched)
        fetched = [replace(f, body=None) for f in fetched]  # read: the bodies can go
        clusters, duplicates = cluster_entries(
            tagged, index, ClusterSettings(self.options.window_days), self.today
        )
        rejected.extend(duplicates)
        clusters, deferred = self._within_limits(clusters, warnings)
        rejected.extend(deferred)
        written, stamps = {}, {}
        if not self.options.dry_run:
            written, stamps, unwritten = self._write(clusters, index, errors)
            # A feed with an entry not written or deferred is read whole again by the next
            # run, which skips what this one wrote (its entries are in the files).
            unfinished = {r.source for r in deferred} | {
                t.entry.source for story_id in unwritten for t in clusters[story_id].entries
            }
            self._save_state(state, fetched, written, stamps, unfinished)
        report = self._report(clusters, written, rejected, errors, entries, index)
        failed = {error["source"] for error in errors}
        report["feeds"] = [self._feed_line(f, failed) for f in fetched]
        # Names found in the text but absent from the registry, for editors to add.
        report["proposed_sites"] = sorted({n for t in tagged for n in t.tags.proposed_sites})
        if warnings:
            report["warnings"] = warnings
        return RunResult(report, self._summary(report, clusters), errors)

    def _read(self, fetched: list[Fetched]):
        """Parse, clean, classify and tag every feed that has a new body."""
        errors, rejected, warnings, tagged, not_relevant = [], [], [], [], []
        entries = 0  # read, whatever became of them
        readable = [f for f in fetched if not f.error and not f.unchanged]

        def done(analysis: FeedAnalysis) -> None:
            self.progress("classify", analysis.entry_count)

        analyses = iter(analyse_feeds(self.analyser, readable, self.options.workers, done))
        for result in fetched:  # in the order of the feeds, whatever the number of workers
            if result.error:
                # A URL's password never reaches the report (fetch refuses such URLs anyway).
                shown = without_userinfo(result.source.location)
                errors.append({"source": shown, "error": result.error})
            if result.error or result.unchanged:
                continue
            analysis = next(analyses)
            if analysis.warning:
                warnings.append({"source": analysis.source, "warning": analysis.warning})
            if analysis.error:
                errors.append({"source": analysis.source, "error": analysis.error})
                continue
            # Entries the parse stage refused were read too: they are in `rejected`.
            entries += analysis.entry_count + len(analysis.invalid)
            rejected.extend(analysis.invalid)
            tagged.extend(analysis.tagged)
            not_relevant.extend(analysis.not_relevant)
        return errors, entries, rejected + not_relevant, warnings, tagged

    def _within_limits(
        self, clusters: dict[str, Cluster], warnings: list[dict]
    ) -> tuple[dict[str, Cluster], list[Rejection]]:
        """At most `max_new_stories` new stories; the entries of the rest wait for a later run
        (their feeds are read again then)."""
        limit = self.options.max_new_stories
        new = [story_id for story_id, cluster in clusters.items() if not cluster.existing]
        if limit <= 0 or len(new) <= limit:
            return clusters, []
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
        message = (
            f"{len(new)} new stories found, {limit} written (NEWSWIRE_MAX_NEW_STORIES); "
            f"{len(deferred)} entries wait for the next run"
        )
        logger.warning("%s", message)
        warnings.append({"source": "run", "warning": message})
        kept = {k: v for k, v in clusters.items() if k not in over}
        return kept, sorted(deferred, key=lambda r: (r.source, r.link))

    def _write(
        self, clusters: dict[str, Cluster], index: ArchiveIndex, errors: list[dict]
    ) -> tuple[dict[str, list[WrittenFile]], dict[Path, list[int]], set[str]]:
        """Write each cluster's files; returns what was written, the files' stamps, and the
        ids of the stories that could not be written."""
        written, unwritten = {}, set()
        with FileBatch(workers=self.options.workers or default_workers()) as batch:
            for story_id, cluster in clusters.items():
                try:
                    written[story_id] = self._write_cluster(cluster, index, batch)
                except (StoryWriteError, StoryError, OSError, ValueError) as exc:
                    # One story that cannot be written safely never stops the others.
                    logger.error("story %s not written: %s", story_id, exc)
                    errors.append({"source": f"{STORY_ERROR_PREFIX}{story_id}", "error": str(exc)})
                    unwritten.add(story_id)
                self.progress("write", 1)
        return written, batch.stamps, unwritten

    def _write_cluster(
        self, cluster: Cluster, index: ArchiveIndex, batch: FileBatch
    ) -> list[WrittenFile]:
        """Bring the story's files up to date with its coverage.

        Every file of a story cites all of its coverage and every language with coverage has a
        file: a run killed between two files of one story is completed by the next run."""
        info = index.stories[cluster.id]
        content = self.options.content
        everything = [*cluster.known, *cluster.entries]
        existing: dict[str, tuple[str, dict, str]] = {
            lang: read_front(content / path, path) for lang, path in info.files.items()
        }
        old_sources = [s for _t, data, _b in existing.values() for s in data.get("sources") or []]
        base = next(iter(existing.values()), ("", {}, ""))[1]
        langs = (set(existing) | {t.entry.lang for t in everything}) & set(LANGS)
        results = []
        for lang in sorted(langs):
            if lang not in existing:
                sources = merge_sources(old_sources, [source_of(t) for t in everything])
                results.append(self._create(cluster, lang, info.date, sources, base, batch))
                continue
            text, data, _body = existing[lang]
            path = info.files[lang]
            cited = {
                canonical_url(str(s.get("url")))
                for s in data.get("sources") or []
                if isinstance(s, dict)
            }
            missing = [t for t in everything if t.entry.url not in cited]
            if not missing:
                results.append(WrittenFile(lang, path, str(data.get("title", "")), "unchanged"))
            elif is_machine_owned(text, data):
                results.append(self._rewrite(cluster, lang, path, data, missing, batch))
            else:
                fresh = merge_sources([], [source_of(t) for t in missing])
                appended = append_sources(text, path, fresh)
                batch.write(content / path, note_new_coverage(appended, path, data, fresh))
                results.append(WrittenFile(lang, path, str(data.get("title", "")), "appended"))
        for result in results:
            info.files.setdefault(result.lang, result.path)
        return results

    def _rewrite(
        self,
        cluster: Cluster,
        lang: str,
        path: str,
        data: dict,
        entries: list[TaggedEntry],
        batch: FileBatch,
    ) -> WrittenFile:
        sources = merge_sources(data.get("sources") or [], [source_of(t) for t in entries])
        previous = data.get("newswire") or {}
        keys = list(dict.fromkeys([*previous.get("entries", []), *entry_keys(entries)]))
        block = {
            **previous,
            "why": [*previous.get("why", []), *cluster.why],
            "confidence": confidence(cluster.entries)
            if cluster.entries
            else previous.get("confidence", 0.0),
        }
        date = dt.date.fromisoformat(str(data.get("date"))[:10])
        meta, body = machine_story(
            lang, cluster, sources, story_tags(entries, data), keys,
            str(data.get("status") or self.options.status), date, block,
        )  # fmt: skip
        batch.write_story(self.options.content / path, meta, body)
        return WrittenFile(lang, path, meta["title"], "rewritten", story_file(path, meta))

    def _create(
        self,
        cluster: Cluster,
        lang: str,
        date: dt.date,
        sources: list[dict],
        base: dict,
        batch: FileBatch,
    ) -> WrittenFile:
        story_date = earliest(cluster.entries, date) if not base else date
        path = f"stories/{story_date.year}/{cluster.id}.{lang}.md"
        keys = entry_keys([*cluster.known, *cluster.entries])
        meta, body = machine_story(
            lang,
            cluster,
            sources,
            story_tags(cluster.entries, base),
            keys,
            self.options.status,
            story_date,
            self._record(cluster, base),
        )
        batch.write_story(self.options.content / path, meta, body)
        return WrittenFile(lang, path, meta["title"], "created", story_file(path, meta))

    @staticmethod
    def _record(cluster: Cluster, base: dict) -> dict:
        """The ingestion record of a new language file: its own, or its sibling's when the
        file completes a story a killed run left half-written."""
        previous = base.get("newswire") if isinstance(base.get("newswire"), dict) else {}
        if cluster.entries or not previous:
            return {"why": list(cluster.why), "confidence": confidence(cluster.entries)}
        return {k: previous[k] for k in ("why", "confidence") if k in previous}

    def _save_state(
        self,
        state: StateStore,
        fetched: list[Fetched],
        written: dict[str, list[WrittenFile]],
        stamps: dict[Path, list[int]],
        unfinished: set[str],
    ) -> None:
        feeds = {
            result.source.location: FeedCache(result.etag, result.last_modified, result.body_hash)
            for result in fetched
            if result.ok and result.source.location not in unfinished
        }
        # Files this run wrote whole are indexed from what it wrote, not read again; their
        # stamps were taken before they were moved into place, so a later edit still shows.
        written_files = [
            (file.story, stamps[self.options.content / file.path])
            for files in written.values()
            for file in files
            if file.story is not None and self.options.content / file.path in stamps
        ]
        state.commit_run(self.options.content, feeds, written_files)

    # -- report ------------------------------------------------------------------------------
    def _report(self, clusters, written, rejected, errors, entries, index: ArchiveIndex) -> dict:
        stories = []
        for story_id, cluster in clusters.items():
            files = written.get(story_id, [])
            stories.append(self._story_report(cluster, files, index))
        if self.options.all_stories:
            stories.extend(
                self._untouched_story(info)
                for sid, info in sorted(index.stories.items())
                if sid not in clusters
            )
        new = sum(1 for s in stories if s["status"] == "new")
        updated = sum(1 for s in stories if s["status"] == "updated")
        story_errors = sum(1 for e in errors if e["source"].startswith(STORY_ERROR_PREFIX))
        return {
            "stories": stories,
            "rejected": [{k: v for k, v in vars(r).items() if v or k != "why"} for r in rejected],
            "errors": errors,
            "counts": {
                "entries": entries,
                "stories_new": new,
                "stories_updated": updated,
                "rejected": len(rejected),
                "feeds_failed": len(errors) - story_errors,
            },
        }

    def _story_report(
        self, cluster: Cluster, files: list[WrittenFile], index: ArchiveIndex
    ) -> dict:
        info = index.stories[cluster.id]
        everything = [*cluster.known, *cluster.entries]
        tags = story_tags(everything)
        if not cluster.existing:
            status = "new"
        elif cluster.entries or any(f.action != "unchanged" for f in files):
            status = "updated"
        else:
            status = "unchanged"
        paths = {f.lang: (self.options.content / f.path).as_posix() for f in files}
        return {
            "id": cluster.id,
            "path": next(iter(paths.values()), None),
            "paths": paths,
            "status": status,
            "title": {f.lang: f.title for f in files},
            "event_date": min(
                (t.entry.published.date() for t in everything if t.entry.published),
                default=info.date,
            ).isoformat(),
            "sites": sorted(set(tags["sites"]) | info.sites) if cluster.existing else tags["sites"],
            "studios": tags["studios"],
            "outcomes": tags["outcomes"],
            "entries": [entry_report(t) for t in everything],
            "why": cluster.why,
        }

    def _untouched_story(self, info) -> dict:
        """A story of the archive that this run did not touch (--all-stories)."""
        titles, tags, paths = {}, {"sites": [], "studios": [], "outcomes": []}, {}
        for lang, path in sorted(info.files.items()):
            _text, data, _body = read_front(self.options.content / path, path)
            titles[lang] = str(data.get("title", ""))
            paths[lang] = (self.options.content / path).as_posix()
            for key in tags:
                tags[key] = tags[key] or [str(v) for v in data.get(key) or []]
        return {
            "id": info.id, "path": next(iter(paths.values()), None), "paths": paths,
            "status": "unchanged", "title": titles, "event_date": info.date.isoformat(),
            **tags, "entries": [], "why": [],
        }  # fmt: skip

    @staticmethod
    def _feed_line(result: Fetched, failed: set[str]) -> dict:
        """Fetch and parse, in one word: failed, unchanged (same body as last run) or read."""
        shown = without_userinfo(result.source.location)
        if result.error or shown in failed:
            state = "failed"
        else:
            state = "unchanged" if result.unchanged else "read"
        return {"source": shown, "state": state}

    @staticmethod
    def _summary(report: dict, clusters: dict[str, Cluster]) -> str:
        """One line whose entry figures add up to the entries read: each entry is in exactly
        one of new stories, merged, already filed, not relevant, duplicates or invalid."""
        counts = report["counts"]
        unchanged = sum(1 for f in report["feeds"] if f["state"] == "unchanged")
        failed = sum(1 for e in report["errors"] if e["source"].startswith(STORY_ERROR_PREFIX))
        return (
            f"{counts['entries']} entries read: {_entry_figures(report, clusters)}; "
            f"{counts['feeds_failed']} feeds failed, {unchanged} feeds unchanged"
            + (f", {failed} stories not written" if failed else "")
            + _names_to_add(report["proposed_sites"])
        )


def _entry_figures(report: dict, clusters: dict[str, Cluster]) -> str:
    """Where the entries read went, in words."""
    new = sum(len(c.entries) for c in clusters.values() if not c.existing)
    merged = sum(len(c.entries) for c in clusters.values() if c.existing)
    # Entries a story already cites (read again after the state was deleted, or a feed that
    # changed around them): neither new nor merged, but read.
    filed = sum(len(c.known) for c in clusters.values())
    reasons = [r["reason"] for r in report["rejected"]]
    stories = report["counts"]["stories_new"]
    return (
        f"{new} new ({stories} {'story' if stories == 1 else 'stories'}), "
        f"{merged} merged into existing, {filed} already filed, "
        f"{reasons.count('not-relevant')} not relevant, "
        f"{reasons.count('duplicate-entry')} duplicates, "
        f"{sum(r.startswith('invalid') for r in reasons)} invalid"
    )


def _names_to_add(names: list[str]) -> str:
    if not names:
        return ""
    shown = ", ".join(names[:SUMMARY_NAMES])
    more = len(names) - SUMMARY_NAMES
    rest = f" and {more} more (see the report's proposed_sites)" if more > 0 else ""
    return f"; sites to add to the registry: {shown}{rest}"
