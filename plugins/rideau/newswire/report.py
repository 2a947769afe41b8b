"""The report of one ingestion run, as typed records, and its JSON form and summary line.

`Report.as_json()` gives the JSON report of the contract (README.md, "newswire ingest"):
tests and bench/eval.py read it, so its keys, their order and its values are fixed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rideau.newswire.archive import StoryInfo
from rideau.newswire.display import without_userinfo
from rideau.newswire.records import Cluster, Entry, Fetched, Rejection, TaggedEntry
from rideau.newswire.votes import story_tags
from rideau.newswire.write import WrittenFile
from rideau.storyfile.edit import read_front

# An error about a story file (not a feed) is reported with this prefix before its id.
STORY_ERROR_PREFIX = "story "
# Names listed at most on the summary line, which stays one line however many there are.
SUMMARY_NAMES = 10


@dataclass(frozen=True)
class RunError:
    """A feed that could not be read, or a story that could not be written."""

    source: str  # the feed's location (no password), or STORY_ERROR_PREFIX + the story's id
    error: str

    @property
    def about_a_story(self) -> bool:
        return self.source.startswith(STORY_ERROR_PREFIX)

    def as_json(self) -> dict:
        return {"source": self.source, "error": self.error}


@dataclass(frozen=True)
class RunWarning:
    """Something to look at that did not stop anything: an ill-formed feed, a run's limit."""

    source: str  # the feed's location, or "run"
    warning: str

    def as_json(self) -> dict:
        return {"source": self.source, "warning": self.warning}


@dataclass(frozen=True)
class FeedLine:
    """Fetch and parse of one feed, in one word."""

    source: str
    state: str  # "failed" | "unchanged" (same body as last run) | "read"

    def as_json(self) -> dict:
        return {"source": self.source, "state": self.state}


def feed_line(result: Fetched, failed: Iterable[str]) -> FeedLine:
    """`failed`: the sources of the run's errors (a feed read but not parsed failed too)."""
    shown = without_userinfo(result.source.location)
    if result.error or shown in failed:
        return FeedLine(shown, "failed")
    return FeedLine(shown, "unchanged" if result.unchanged else "read")


@dataclass(frozen=True)
class EntryReport:
    link: str
    url: str
    guid: str
    source: str
    outlet: str
    lang: str
    title: str
    published: str  # ISO 8601, UTC as "Z"; "" when the feed gave no date

    @classmethod
    def of(cls, tagged: TaggedEntry) -> EntryReport:
        entry = tagged.entry
        return cls(
            entry.link, entry.url, entry.guid, entry.source, entry.outlet, entry.lang,
            tagged.clean.title, _published(entry),
        )  # fmt: skip

    def as_json(self) -> dict:
        return {
            "link": self.link, "url": self.url, "guid": self.guid, "source": self.source,
            "outlet": self.outlet, "lang": self.lang, "title": self.title,
            "published": self.published,
        }  # fmt: skip


def _published(entry: Entry) -> str:
    return entry.published.isoformat().replace("+00:00", "Z") if entry.published else ""


@dataclass(frozen=True)
class StoryReport:
    id: str
    path: str | None  # the first of `paths`; None when no file was written
    paths: Mapping[str, str]  # lang -> path of the file
    status: str  # "new" | "updated" | "unchanged"
    title: Mapping[str, str]  # lang -> title
    event_date: str
    sites: tuple[str, ...]
    studios: tuple[str, ...]
    outcomes: tuple[str, ...]
    entries: tuple[EntryReport, ...]
    why: tuple[str, ...]

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "paths": dict(self.paths),
            "status": self.status,
            "title": dict(self.title),
            "event_date": self.event_date,
            "sites": list(self.sites),
            "studios": list(self.studios),
            "outcomes": list(self.outcomes),
            "entries": [e.as_json() for e in self.entries],
            "why": list(self.why),
        }


def story_report(
    cluster: Cluster, files: Sequence[WrittenFile], info: StoryInfo, content: Path
) -> StoryReport:
    """A story this run touched; `files`: those written (none in a dry run, or on failure)."""
    everything = [*cluster.known, *cluster.entries]
    tags = story_tags(everything)
    if not cluster.existing:
        status = "new"
    elif cluster.entries or any(f.action != "unchanged" for f in files):
        status = "updated"
    else:
        status = "unchanged"
    paths = {f.lang: (content / f.path).as_posix() for f in files}
    event_date = min(
        (t.entry.published.date() for t in everything if t.entry.published), default=info.date
    )
    # An existing story keeps the sites it had, whatever its new coverage names.
    sites = sorted(set(tags["sites"]) | info.sites) if cluster.existing else tags["sites"]
    return StoryReport(
        id=cluster.id,
        path=next(iter(paths.values()), None),
        paths=paths,
        status=status,
        title={f.lang: f.title for f in files},
        event_date=event_date.isoformat(),
        sites=tuple(sites),
        studios=tuple(tags["studios"]),
        outcomes=tuple(tags["outcomes"]),
        entries=tuple(EntryReport.of(t) for t in everything),
        why=tuple(cluster.why),
    )


def untouched_story_report(info: StoryInfo, content: Path) -> StoryReport:
    """A story of the archive that this run did not touch (--all-stories), as its files say."""
    titles, tags, paths = {}, {"sites": [], "studios": [], "outcomes": []}, {}
    for lang, path in sorted(info.files.items()):
        _text, data, _body = read_front(content / path, path)
        titles[lang] = str(data.get("title", ""))
        paths[lang] = (content / path).as_posix()
        for key in tags:
            tags[key] = tags[key] or [str(v) for v in data.get(key) or []]
    return StoryReport(
        id=info.id, path=next(iter(paths.values()), None), paths=paths, status="unchanged",
        title=titles, event_date=info.date.isoformat(), sites=tuple(tags["sites"]),
        studios=tuple(tags["studios"]), outcomes=tuple(tags["outcomes"]), entries=(), why=(),
    )  # fmt: skip


@dataclass(frozen=True)
class Counts:
    entries: int  # read, whatever became of them
    stories_new: int
    stories_updated: int
    rejected: int
    feeds_failed: int

    def as_json(self) -> dict:
        return {
            "entries": self.entries,
            "stories_new": self.stories_new,
            "stories_updated": self.stories_updated,
            "rejected": self.rejected,
            "feeds_failed": self.feeds_failed,
        }


@dataclass(frozen=True)
class Report:
    stories: tuple[StoryReport, ...]
    rejected: tuple[Rejection, ...]
    errors: tuple[RunError, ...]
    counts: Counts
    feeds: tuple[FeedLine, ...]
    # Names found in the text but absent from the registry, for editors to add.
    proposed_sites: tuple[str, ...]
    warnings: tuple[RunWarning, ...] = ()

    def as_json(self) -> dict:
        report = {
            "stories": [s.as_json() for s in self.stories],
            "rejected": [_rejection(r) for r in self.rejected],
            "errors": [e.as_json() for e in self.errors],
            "counts": self.counts.as_json(),
            "feeds": [f.as_json() for f in self.feeds],
            "proposed_sites": list(self.proposed_sites),
        }
        if self.warnings:  # the key is there only when there is a warning
            report["warnings"] = [w.as_json() for w in self.warnings]
        return report


def _rejection(rejection: Rejection) -> dict:
    """link, source and reason; `why` only when there is more to say."""
    shown = {"link": rejection.link, "source": rejection.source, "reason": rejection.reason}
    return {**shown, "why": rejection.why} if rejection.why else shown


def counts(
    stories: tuple[StoryReport, ...],
    rejected: tuple[Rejection, ...],
    errors: tuple[RunError, ...],
    entries: int,
) -> Counts:
    return Counts(
        entries=entries,
        stories_new=sum(1 for s in stories if s.status == "new"),
        stories_updated=sum(1 for s in stories if s.status == "updated"),
        rejected=len(rejected),
        feeds_failed=sum(1 for e in errors if not e.about_a_story),
    )


def summary_line(report: Report, clusters: Mapping[str, Cluster]) -> str:
    """One line whose entry figures add up to the entries read: each entry is in exactly
    one of new stories, merged, already filed, not relevant, duplicates or invalid."""
    unchanged = sum(1 for f in report.feeds if f.state == "unchanged")
    failed = sum(1 for e in report.errors if e.about_a_story)
    return (
        f"{report.counts.entries} entries read: {_entry_figures(report, clusters)}; "
        f"{report.counts.feeds_failed} feeds failed, {unchanged} feeds unchanged"
        + (f", {failed} stories not written" if failed else "")
        + _names_to_add(report.proposed_sites)
    )


def _entry_figures(report: Report, clusters: Mapping[str, Cluster]) -> str:
    """Where the entries read went, in words."""
    new = sum(len(c.entries) for c in clusters.values() if not c.existing)
    merged = sum(len(c.entries) for c in clusters.values() if c.existing)
    # Entries a story already cites (read again after the state was deleted, or a feed that
    # changed around them): neither new nor merged, but read.
    filed = sum(len(c.known) for c in clusters.values())
    reasons = [r.reason for r in report.rejected]
    stories = report.counts.stories_new
    return (
        f"{new} new ({stories} {'story' if stories == 1 else 'stories'}), "
        f"{merged} merged into existing, {filed} already filed, "
        f"{reasons.count('not-relevant')} not relevant, "
        f"{reasons.count('duplicate-entry')} duplicates, "
        f"{sum(r.startswith('invalid') for r in reasons)} invalid"
    )


def _names_to_add(names: tuple[str, ...]) -> str:
    if not names:
        return ""
    shown = ", ".join(names[:SUMMARY_NAMES])
    more = len(names) - SUMMARY_NAMES
    rest = f" and {more} more (see the report's proposed_sites)" if more > 0 else ""
    return f"; sites to add to the registry: {shown}{rest}"
