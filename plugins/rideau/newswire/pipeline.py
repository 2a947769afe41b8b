"""The ingestion pipeline: fetch -> parse -> clean -> classify -> tag -> corroborate ->
cluster -> write.

Each stage is its own module (parse to tag run feed by feed, in analyse.py; what the write
stage does is decided in plan.py); this one runs them in order, keeps every entry accounted
for (in a story or in `rejected`) and gathers the run's report (report.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rideau.newswire.analyse import Analyser, FeedAnalysis, analyse_feeds
from rideau.newswire.archive import ArchiveIndex, StoryInfo, story_file
from rideau.newswire.cluster import ClusterSettings, cluster_entries
from rideau.newswire.corroborate import corroborate
from rideau.newswire.display import without_userinfo
from rideau.newswire.fetch import FetchSettings, expand_sources, fetch_all
from rideau.newswire.files import FileBatch, remove_abandoned_temporaries
from rideau.newswire.lock import content_lock
from rideau.newswire.plan import (
    ExistingFile,
    FilePlan,
    WithinLimit,
    appended_text,
    created_story,
    limit_new_stories,
    plan_story_files,
    rewritten_story,
)
from rideau.newswire.records import (
    Cluster,
    FeedCache,
    FeedSource,
    Fetched,
    Rejection,
    TaggedEntry,
)
from rideau.newswire.report import (
    STORY_ERROR_PREFIX,
    Report,
    RunError,
    RunWarning,
    counts,
    feed_line,
    story_report,
    summary_line,
    untouched_story_report,
)
from rideau.newswire.state import StateStore
from rideau.newswire.workers import default_workers
from rideau.newswire.write import WrittenFile
from rideau.registry import load_registry
from rideau.settings import DEFAULT_LANGUAGES, BuildSettings
from rideau.storyfile.edit import StoryWriteError, read_front
from rideau.storyfile.parse import StoryError

logger = logging.getLogger(__name__)


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
    registry: Path | None = None  # None: the default registry folder of `content`
    languages: tuple[str, ...] = tuple(DEFAULT_LANGUAGES)  # the languages story files are in

    @property
    def registry_folder(self) -> Path:
        return self.registry or BuildSettings().registry_folder(self.content)


@dataclass(frozen=True)
class RunResult:
    outcome: Report
    summary: str  # one line, for the terminal

    @property
    def report(self) -> dict:
        """The JSON report of the contract."""
        return self.outcome.as_json()

    @property
    def errors(self) -> tuple[RunError, ...]:
        return self.outcome.errors


@dataclass(frozen=True)
class FeedsRead:
    """What the parse, clean, classify and tag stages made of the fetched feeds."""

    entries: int  # read, whatever became of them
    tagged: tuple[TaggedEntry, ...]
    rejected: tuple[Rejection, ...]  # invalid, then not relevant
    errors: tuple[RunError, ...]  # feeds that could not be fetched or parsed
    warnings: tuple[RunWarning, ...]


@dataclass(frozen=True)
class Written:
    """What the write stage wrote (nothing in a dry run)."""

    files: Mapping[str, tuple[WrittenFile, ...]] = field(default_factory=dict)  # story id ->
    # The size and mtime of each file written, taken before it was moved into place.
    stamps: Mapping[Path, list[int]] = field(default_factory=dict)
    unwritten: frozenset[str] = frozenset()  # ids of the stories that could not be written
    errors: tuple[RunError, ...] = ()


class Ingestion:
    """One run over a set of sources."""

    def __init__(self, options: IngestOptions, progress: Callable[[str, int], None] | None = None):
        self.options = options
        self.progress = progress or (lambda _stage, _n: None)
        self.registry = load_registry(options.registry_folder)
        self.analyser = Analyser(self.registry)
        self.today = dt.date.today()

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

    # -- the stages, in the order they run --------------------------------------------------
    def _run(self, sources: Sequence[FeedSource], state: StateStore) -> RunResult:
        index = state.refresh(self.options.content)
        fetched = self._fetch(expand_sources(sources), state)
        read = self._read(fetched)
        fetched = [replace(f, body=None) for f in fetched]  # read: the bodies can go
        clusters, duplicates = self._cluster(read.tagged, index)
        planned = limit_new_stories(clusters, self.options.max_new_stories)
        written = Written()
        if not self.options.dry_run:
            written = self._write(planned.clusters, index)
            self._save_state(state, fetched, written, _unfinished(planned, written))
        dropped = (*duplicates, *planned.deferred)
        report = self._report(read, dropped, planned, written, fetched, index)
        return RunResult(report, summary_line(report, planned.clusters))

    def _fetch(self, sources: Sequence[FeedSource], state: StateStore) -> list[Fetched]:
        return fetch_all(
            sources, state.feed_caches(s.location for s in sources),
            settings=self.options.fetch, progress=lambda _f: self.progress("fetch", 1),
        )  # fmt: skip

    def _read(self, fetched: list[Fetched]) -> FeedsRead:
        """Parse, clean, classify and tag every feed that has a new body."""
        errors, invalid, warnings, tagged, not_relevant, unnamed = [], [], [], [], [], []
        entries = 0
        readable = [f for f in fetched if not f.error and not f.unchanged]

        def done(analysis: FeedAnalysis) -> None:
            self.progress("classify", analysis.entry_count)

        analyses = iter(analyse_feeds(self.analyser, readable, self.options.workers, done))
        for result in fetched:  # in the order of the feeds, whatever the number of workers
            if result.error:
                # A URL's password never reaches the report (fetch refuses such URLs anyway).
                errors.append(RunError(without_userinfo(result.source.location), result.error))
            if result.error or result.unchanged:
                continue
            analysis = next(analyses)
            if analysis.warning:
                warnings.append(RunWarning(analysis.source, analysis.warning))
            if analysis.error:
                errors.append(RunError(analysis.source, analysis.error))
                continue
            # Entries the parse stage refused were read too: they are in `rejected`.
            entries += analysis.entry_count + len(analysis.invalid)
            invalid.extend(analysis.invalid)
            tagged.extend(analysis.tagged)
            not_relevant.extend(analysis.not_relevant)
            unnamed.extend(analysis.unnamed)
        corroborated = corroborate(self.registry, tagged, unnamed)
        return FeedsRead(
            entries, (*tagged, *corroborated.tagged),
            (*invalid, *not_relevant, *corroborated.rejected), tuple(errors), tuple(warnings),
        )  # fmt: skip

    def _cluster(
        self, tagged: Sequence[TaggedEntry], index: ArchiveIndex
    ) -> tuple[dict[str, Cluster], list[Rejection]]:
        return cluster_entries(
            list(tagged), index, ClusterSettings(self.options.window_days), self.today
        )

    def _write(self, clusters: Mapping[str, Cluster], index: ArchiveIndex) -> Written:
        """Write each cluster's files; a story that cannot be written is an error of the run."""
        written, unwritten, errors = {}, set(), []
        with FileBatch(workers=self.options.workers or default_workers()) as batch:
            for story_id, cluster in clusters.items():
                try:
                    written[story_id] = self._write_story(cluster, index.stories[story_id], batch)
                except (StoryWriteError, StoryError, OSError, ValueError) as exc:
                    # One story that cannot be written safely never stops the others.
                    logger.error("story %s not written: %s", story_id, exc)
                    errors.append(RunError(f"{STORY_ERROR_PREFIX}{story_id}", str(exc)))
                    unwritten.add(story_id)
                self.progress("write", 1)
        return Written(written, batch.stamps, frozenset(unwritten), tuple(errors))

    def _write_story(
        self, cluster: Cluster, info: StoryInfo, batch: FileBatch
    ) -> tuple[WrittenFile, ...]:
        """Bring the story's files up to date with its coverage (see plan.py)."""
        content = self.options.content
        existing = {lang: read_front(content / path, path) for lang, path in info.files.items()}
        plans = plan_story_files(cluster, info.files, existing, self.options.languages, info.date)
        results = tuple(self._write_file(p, cluster, info, existing, batch) for p in plans)
        for result in results:
            info.files.setdefault(result.lang, result.path)
        return results

    def _write_file(
        self,
        plan: FilePlan,
        cluster: Cluster,
        info: StoryInfo,
        existing: Mapping[str, ExistingFile],
        batch: FileBatch,
    ) -> WrittenFile:
        path = self.options.content / plan.path
        if plan.action == "created":
            meta, body = created_story(cluster, plan, info.date, existing, self.options.status)
        else:
            text, data, _body = existing[plan.lang]
            title = str(data.get("title", ""))
            if plan.action == "unchanged":
                return WrittenFile(plan.lang, plan.path, title, "unchanged")
            if plan.action == "appended":
                batch.write(path, appended_text(plan, text, data))
                return WrittenFile(plan.lang, plan.path, title, "appended")
            meta, body = rewritten_story(cluster, plan, data, self.options.status)
        batch.write_story(path, meta, body)
        return WrittenFile(
            plan.lang, plan.path, meta["title"], plan.action, story_file(plan.path, meta)
        )

    def _save_state(
        self, state: StateStore, fetched: list[Fetched], written: Written, unfinished: set[str]
    ) -> None:
        feeds = {
            result.source.location: FeedCache(result.etag, result.last_modified, result.body_hash)
            for result in fetched
            if result.ok and result.source.location not in unfinished
        }
        # Files this run wrote whole are indexed from what it wrote, not read again; their
        # stamps were taken before they were moved into place, so a later edit still shows.
        content = self.options.content
        written_files = [
            (file.story, written.stamps[content / file.path])
            for files in written.files.values()
            for file in files
            if file.story is not None and content / file.path in written.stamps
        ]
        state.commit_run(content, feeds, written_files)

    def _report(
        self,
        read: FeedsRead,
        dropped: tuple[Rejection, ...],
        planned: WithinLimit,
        written: Written,
        fetched: list[Fetched],
        index: ArchiveIndex,
    ) -> Report:
        """`dropped`: the entries the cluster and plan stages left out."""
        content = self.options.content
        stories = [
            story_report(cluster, written.files.get(story_id, ()), index.stories[story_id], content)
            for story_id, cluster in planned.clusters.items()
        ]
        if self.options.all_stories:
            stories.extend(
                untouched_story_report(info, content)
                for story_id, info in sorted(index.stories.items())
                if story_id not in planned.clusters
            )
        rejected = (*read.rejected, *dropped)
        errors = (*read.errors, *written.errors)
        failed = {error.source for error in errors}
        over_limit = (RunWarning("run", planned.warning),) if planned.warning else ()
        return Report(
            stories=tuple(stories),
            rejected=rejected,
            errors=errors,
            counts=counts(tuple(stories), rejected, errors, read.entries),
            feeds=tuple(feed_line(f, failed) for f in fetched),
            proposed_sites=tuple(sorted({n for t in read.tagged for n in t.tags.proposed_sites})),
            warnings=(*read.warnings, *over_limit),
        )


def _unfinished(planned: WithinLimit, written: Written) -> set[str]:
    """Feeds with an entry deferred or not written: the next run reads them whole again, and
    skips what this one wrote (its entries are in the files)."""
    deferred = {r.source for r in planned.deferred}
    return deferred | {
        t.entry.source for story_id in written.unwritten for t in planned.clusters[story_id].entries
    }
