"""Stages 2 to 6 for each feed on its own: parse -> clean -> classify -> tag.

A feed's entries need nothing from other feeds until clustering, so feeds are analysed in
worker processes when there is enough to read: this is most of the CPU time of a run, and the
only part that uses more than one core. Results come back in the order of the feeds, so a run
gives the same report and files with any number of workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rideau.newswire.classify import Classifier
from rideau.newswire.clean import clean_entry
from rideau.newswire.parse import parse_feed
from rideau.newswire.places import place_names
from rideau.newswire.records import CleanEntry, Entry, Fetched, Rejection, TaggedEntry, UnnamedEntry
from rideau.newswire.resemblance import LEAD_CHARS
from rideau.newswire.tag import Tagger
from rideau.newswire.text import guess_lang
from rideau.newswire.workers import can_fork, default_workers, process_pool
from rideau.registry import Registry

logger = logging.getLogger(__name__)

# Below this many bytes of feeds, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class FeedAnalysis:
    """What one fetched feed gave: its entries, those kept (tagged) and those rejected."""

    source: str
    entry_count: int = 0  # entries parsed (tagged, not relevant or duplicates)
    tagged: tuple[TaggedEntry, ...] = ()
    invalid: tuple[Rejection, ...] = ()  # rejected by the parse stage
    not_relevant: tuple[Rejection, ...] = ()
    # not relevant only for lacking a site: their rejections stand unless corroborated
    unnamed: tuple[UnnamedEntry, ...] = ()
    warning: str = ""  # the feed is ill-formed (entries may still have been read)
    error: str = ""  # the feed gave nothing usable


class Analyser:
    """Parses one feed and cleans, classifies and tags its entries."""

    def __init__(self, registry: Registry):
        self.classifier = Classifier()
        self.tagger = Tagger(registry)
        self.registry = registry

    def analyse(self, fetched: Fetched) -> FeedAnalysis:
        location = fetched.source.location
        parsed = parse_feed(fetched, self.registry)
        if parsed.warning and not parsed.entries and not parsed.rejected:
            return FeedAnalysis(location, warning=parsed.warning, error=parsed.warning)
        tagged, not_relevant, unnamed = [], [], []
        for entry in parsed.entries:
            result = self._analyse_safely(entry)
            if isinstance(result, UnnamedEntry):
                unnamed.append(result)
            elif isinstance(result, Rejection):
                not_relevant.append(result)
            else:
                tagged.append(without_text(result))
        return FeedAnalysis(
            location, len(parsed.entries), tuple(tagged), parsed.rejected, tuple(not_relevant),
            tuple(unnamed), warning=parsed.warning,
        )  # fmt: skip

    def _analyse_safely(self, entry: Entry) -> TaggedEntry | Rejection | UnnamedEntry:
        """`analyse_entry`, or the entry refused when a stage fails on it: one entry that no
        stage foresaw must not lose its feed, nor the run."""
        try:
            return self.analyse_entry(entry)
        # The stages run text libraries (nh3, html.parser, regular expressions) over hostile
        # text and are not documented to raise any specific class.
        except Exception as error:
            logger.warning(
                "entry %s of %s could not be analysed: %s: %s",
                entry.link, entry.source, type(error).__name__, error,
            )  # fmt: skip
            logger.debug("where it failed", exc_info=True)  # the traceback: DEBUG level only
            reason = f"invalid: could not be analysed ({type(error).__name__})"
            return Rejection(entry.link, entry.source, reason)

    def analyse_entry(self, entry: Entry) -> TaggedEntry | Rejection | UnnamedEntry:
        clean = clean_entry(entry)
        if not clean.entry.lang:
            clean = replace(clean, entry=replace(entry, lang=guess_lang(clean.all_text)))
        return self.judge(clean)

    def judge(self, clean: CleanEntry) -> TaggedEntry | Rejection | UnnamedEntry:
        """Classify and tag a cleaned entry: tagged if relevant, else its rejection (with the
        entry, for the corroborate stage, when only a site was lacking)."""
        unknown = self.tagger.unknown_sites(clean)
        named = self.tagger.count_named_sites(clean, unknown)
        relevance = self.classifier.classify(clean, named)
        if not relevance.relevant:
            rejection = Rejection(clean.entry.link, clean.entry.source, "not-relevant")
            if relevance.lacks_site:
                return UnnamedEntry(clean, rejection)
            if relevance.lacks_action:
                # only its lead is read again (resemblance.py): a run may hold many of these
                return UnnamedEntry(lead_only(clean), rejection, lacks_action=True)
            return rejection
        return TaggedEntry(clean, relevance, self.tagger.tag(clean, unknown))

    def analyse_many(self, feeds: Sequence[Fetched]) -> list[FeedAnalysis]:
        return [self.analyse(fetched) for fetched in feeds]


def without_text(tagged: TaggedEntry) -> TaggedEntry:
    """`tagged` without the texts only classify and tag read: the later stages need its
    title, link, dates, tags and the lead of its text (resemblance.py). A run holds every
    entry until it ends (and worker processes send them back): the texts were most of its
    memory."""
    return replace(tagged, clean=lead_only(tagged.clean))


def lead_only(clean: CleanEntry) -> CleanEntry:
    """`clean` with only the lead of its text, and none of its HTML."""
    entry = replace(clean.entry, summary="", content="")
    return replace(
        clean, entry=entry, summary_html="", content_html="", text=clean.text[:LEAD_CHARS]
    )


def analyse_feeds(
    analyser: Analyser,
    feeds: Sequence[Fetched],
    workers: int = 0,
    progress: Callable[[FeedAnalysis], None] | None = None,
) -> list[FeedAnalysis]:
    """Analyse `feeds` (those with a body), in their order; `workers`: 0 for one per core."""
    report = progress or (lambda _analysis: None)
    workers = workers or default_workers()
    size = sum(len(f.body or b"") for f in feeds)
    if workers < 2 or len(feeds) < 2 or size < PARALLEL_MIN_BYTES or not can_fork():
        results = []
        for fetched in feeds:
            results.append(analyser.analyse(fetched))
            report(results[-1])
        return results
    return _analyse_in_processes(analyser, feeds, workers, report)


def _analyse_in_processes(
    analyser: Analyser,
    feeds: Sequence[Fetched],
    workers: int,
    report: Callable[[FeedAnalysis], None],
) -> list[FeedAnalysis]:
    # A few batches per worker balance the load, and the analyser (compiled lexicon and
    # registry) is sent once per batch rather than once per feed.
    batches = _batches(feeds, workers * 4)
    place_names()  # (read once here, before the fork: every worker shares it)
    results: list[FeedAnalysis] = []
    with process_pool(workers) as pool:
        for batch in pool.map(_analyse_batch, [analyser] * len(batches), batches):
            for analysis in batch:
                results.append(analysis)
                report(analysis)
    logger.debug("analysed %d feeds in %d processes", len(feeds), workers)
    return results


def _analyse_batch(analyser: Analyser, feeds: list[Fetched]) -> list[FeedAnalysis]:
    return analyser.analyse_many(feeds)


def _batches(feeds: Sequence[Fetched], count: int) -> list[list[Fetched]]:
    """`feeds` in at most `count` consecutive batches of about the same number of bytes."""
    total = sum(len(f.body or b"") for f in feeds) or 1
    target = total / count
    batches: list[list[Fetched]] = [[]]
    filled = 0
    for fetched in feeds:
        if batches[-1] and filled >= target:
            batches.append([])
            filled = 0
        batches[-1].append(fetched)
        filled += len(fetched.body or b"")
    return batches
