"""The small typed records passed between the ingestion stages.

fetch -> Fetched; parse -> ParsedFeed of Entry; clean -> CleanEntry; classify -> Relevance;
tag -> Tags (an entry with all three: TaggedEntry); cluster -> Cluster; write -> WrittenFile
(write.py), planned as FilePlan (plan.py). The run's report is made of report.py's records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FeedSource:
    """A feed to read: as configured in pelicanconf.py or given on the command line."""

    location: str  # http(s):// or file:// URL, or a local path
    outlet: str = ""  # "" = take the feed's own title
    lang: str = ""  # "" = take the feed's language


@dataclass(frozen=True)
class FeedCache:
    """What the state remembers of a feed between runs (for conditional GET)."""

    etag: str = ""
    last_modified: str = ""
    body_hash: str = ""


@dataclass(frozen=True)
class Fetched:
    """The outcome of fetching one feed."""

    source: FeedSource
    body: bytes | None = None  # None when failed, not modified, or unchanged
    status: int | None = None  # HTTP status; None for files
    etag: str = ""
    last_modified: str = ""
    body_hash: str = ""  # sha256 hex of the (decompressed) body
    content_type: str = ""
    unchanged: bool = False  # 304, or same body hash as last run: nothing to parse
    error: str = ""  # human-readable reason; "" when it worked
    final_url: str = ""  # after redirects

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class Rejection:
    """An entry that does not become (part of) a story, and why."""

    link: str
    source: str
    reason: str  # "not-relevant" | "duplicate-entry" | "invalid: ..."
    why: str = ""  # more detail, e.g. the editor's rejection of the story it belongs to


@dataclass(frozen=True)
class Entry:
    """One feed entry, as parsed; HTML fields are still raw (untrusted)."""

    link: str  # exactly as feedparser gave it
    url: str  # canonical URL (tracking parameters, AMP and mobile variants removed)
    guid: str
    source: str  # the feed's location
    outlet: str
    lang: str  # "fr" | "en" | "" when unknown
    title: str
    published: dt.datetime | None  # timezone-aware, UTC
    summary: str = ""
    content: str = ""
    categories: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """Identities of this entry: its canonical URL, and its guid when it has one."""
        return (self.url, f"guid:{self.guid}") if self.guid else (self.url,)


@dataclass(frozen=True)
class ParsedFeed:
    source: FeedSource
    title: str = ""
    lang: str = ""
    entries: tuple[Entry, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    warning: str = ""  # set when feedparser flagged the feed as ill-formed (bozo)


@dataclass(frozen=True)
class CleanEntry:
    """An entry whose HTML was sanitized and whose text was extracted."""

    entry: Entry
    title: str  # plain text
    summary_html: str  # sanitized HTML
    content_html: str  # sanitized HTML
    text: str  # plain text of summary and content

    @property
    def all_text(self) -> str:
        return f"{self.title}\n{self.text}"


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    score: float
    reasons: tuple[str, ...] = ()
    # Everything but a site: the entry reports an action on a piracy service strongly enough,
    # and names none it establishes alone; corroborate.py reads it again with the sites the
    # run's other entries establish.
    lacks_site: bool = False
    # A site and piracy named, but not the action a kept entry reports ("Hollywood traque le
    # magnétoscope virtuel"): corroborate.py files it with the story of its site when it is
    # written like one of that story's entries.
    lacks_action: bool = False
    # For an entry kept without a site: the canonical URLs of the entries of other outlets that
    # report the same action and name no site either (resemblance.py); one story holds them.
    same_action_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tags:
    sites: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    proposed_sites: tuple[str, ...] = ()  # names found in the text but absent from the registry
    mentioned_sites: tuple[str, ...] = ()  # named but not targeted (hosts, background)
    headline_outcomes: tuple[str, ...] = ()  # outcomes the title itself states


@dataclass(frozen=True)
class TaggedEntry:
    clean: CleanEntry
    relevance: Relevance
    tags: Tags

    @property
    def entry(self) -> Entry:
        return self.clean.entry


@dataclass(frozen=True)
class UnnamedEntry:
    """An entry rejected only for naming no site (`Relevance.lacks_site`), or only for lacking
    the action words (`Relevance.lacks_action`), kept with its texts for the corroborate
    stage; `rejection` stands unless that stage files it."""

    clean: CleanEntry
    rejection: Rejection
    lacks_action: bool = False


@dataclass(frozen=True)
class Cluster:
    """One story touched by this run: the entries it gains, and those it already had.

    The cluster stage fills its lists while it reads the entries; later stages only read them.
    """

    id: str
    existing: bool  # in the archive before this run
    entries: list[TaggedEntry] = field(default_factory=list)  # new coverage
    known: list[TaggedEntry] = field(default_factory=list)  # already cited by the story
    why: list[str] = field(default_factory=list)  # why entries were merged, for review
