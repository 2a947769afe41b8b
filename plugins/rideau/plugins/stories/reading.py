"""The reading stage of a build: each story and page file read once for every language site.

Before the language sites fork (bilingual plugin), the main build reads every file of the
content folder: its front matter parsed and checked, its text and summary converted to HTML,
then typeset. The files are shared out between one process per core; what they read goes into
the run's read cache and typography memo, which the language sites inherit, so that each site's
reader and typography pass only look their results up (by the file's bytes, as a rebuild does).
A file this stage did not read (added since, or unreadable) is read by the sites as before;
a file that cannot be built is left to them too, so that its problems are reported where and as
they always are.
"""

from __future__ import annotations

import fnmatch
import logging
import multiprocessing
import os
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from rideau.plugins.stories.build import BuildState, start_build
from rideau.plugins.stories.cache import ReadCache, ReadEntry
from rideau.plugins.stories.reader import StoryReader
from rideau.plugins.typo.memo import TypographyMemo
from rideau.plugins.typo.parts import typeset_parts
from rideau.settings import BuildSettings, build_settings
from rideau.storyfile.parse import StoryError

logger = logging.getLogger(__name__)

# Below this many files, forking costs more than it saves.
FILES_PER_PROCESS = 200


@dataclass
class Reading:
    """What the reading stage hands to each language site of the build."""

    read_cache: ReadCache
    typography: TypographyMemo
    files: int = 0  # files read afresh (the others were in the last build's cache)
    # Each file's status (relative path → status): a site shows a translation only when its
    # sibling in the site's language has another status.
    statuses: dict[str, str] = field(default_factory=dict)
    # Each file's slug (relative path → slug): a site makes a light object of a translation
    # only when its sibling in the site's language has its slug (stories/elsewhere.py).
    slugs: dict[str, str] = field(default_factory=dict)
    # Kept for the next build by a long-lived process (make serve): its caches stay in memory
    # once the files are read, where a one-off build lets them go before writing pages.
    kept: bool = False


# What one process of the stage sends back: (name, key, pickled entry) of each file it read
# afresh, the typography it computed, and the status and slug of each file.
Batch = tuple[list[tuple[str, bytes, bytes]], dict[bytes, str], dict[str, str], dict[str, str]]


def content_files(settings: Mapping) -> list[str]:
    """The story and page files Pelican will read (Markdown under ARTICLE_PATHS and
    PAGE_PATHS, without IGNORE_FILES), in path order."""
    root = settings["PATH"]
    ignore = settings.get("IGNORE_FILES", [])
    found: set[str] = set()
    for folder in [*settings.get("ARTICLE_PATHS", []), *settings.get("PAGE_PATHS", [])]:
        for directory, dirs, files in os.walk(os.path.join(root, folder), followlinks=True):
            dirs[:] = [d for d in dirs if not _ignored(d, ignore)]
            found.update(
                os.path.join(directory, name)
                for name in files
                if name.rsplit(".", 1)[-1] in StoryReader.file_extensions
                and not _ignored(name, ignore)
            )
    return sorted(found)


def _language_of(path: str) -> tuple[str, str]:
    """(the language suffix of `path`, as in story.fr.md, or "", path): a sort key."""
    parts = os.path.basename(path).split(".")
    return (parts[-2] if len(parts) > 2 else "", path)


def _ignored(name: str, patterns) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def read_everything(
    settings: Mapping, processes: int | None = None, last: Reading | None = None
) -> Reading:
    """Read every content file of the build with Pelican's `settings` once (in `processes`
    processes, one per core by default). With the `last` build's reading (a long-lived
    process's), only the files changed since are read, and no cache is loaded from disk."""
    rideau = build_settings(settings)
    state = start_build(settings, rideau)
    cache = state.read_cache
    memo = TypographyMemo.for_settings(settings, rideau.incremental)
    if last is not None:
        # Entries are keyed by the file's bytes and everything reading depends on, results
        # by their text: the last build's are valid wherever they match.
        cache.previous = dict(last.read_cache.current)
        memo.remember(last.typography.current)
    files = content_files(settings)
    count = processes or len(os.sched_getaffinity(0))
    count = max(1, min(count, len(files) // FILES_PER_PROCESS))
    # Dealt out by language: in path order a story's files alternate (x.en.md, x.fr.md), so
    # two processes dealt every other file would get one language each, and English
    # typography (typogrify) costs more than French: one process took 40 % longer than the other.
    by_language = sorted(files, key=_language_of)
    chunks = [by_language[i::count] for i in range(count)]
    if count == 1:
        batches = [_read_files(settings, rideau, state, cache, memo, files)]
    else:
        batches = list(_in_processes(settings, rideau, state, cache, memo, chunks))
    fresh, statuses, slugs = 0, {}, {}
    for entries, typography, found, named in batches:
        for name, key, stored in entries:
            cache.add(name, key, stored)
        fresh += len(entries)
        memo.update(typography)
        statuses.update(found)
        slugs.update(named)
    logger.debug("reading stage: %d files, %d read afresh, %d processes", len(files), fresh, count)
    return Reading(cache, memo, fresh, statuses, slugs)


def _in_processes(settings, rideau, state, cache, memo, chunks) -> Iterator[Batch]:
    """Each chunk read by a forked process (which inherits the settings, registry and caches);
    a process that fails leaves its files to the language sites' readers."""
    context = multiprocessing.get_context("fork")
    running = []
    for chunk in chunks:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_read_and_send,
            args=(sender, settings, rideau, state, cache, memo, chunk),
            name="rideau-reading",
        )
        process.start()
        sender.close()
        running.append((receiver, process))
    for receiver, process in running:
        try:
            batch = receiver.recv()  # before join: a large batch fills the pipe
        except EOFError:
            batch = None
        process.join()
        if batch is None:
            logger.debug("a reading process failed (exit %s)", process.exitcode)
            continue
        yield batch


def _read_and_send(sender, settings, rideau, state, cache, memo, files) -> None:
    try:
        batch = _read_files(settings, rideau, state, cache, memo, files)
    except BaseException:  # the sites' readers read these files again, and report
        batch = None
    sender.send(batch)
    sender.close()


def _read_files(
    settings: Mapping,
    rideau: BuildSettings,
    state: BuildState,
    cache: ReadCache,
    memo: TypographyMemo,
    files: list[str],
) -> Batch:
    reader = StoryReader(settings)
    reader.use_build(rideau, state)
    typography = memo.current
    before = set(typography)
    entries, statuses, slugs = [], {}, {}
    for source_path in files:
        try:
            with open(source_path, "rb") as file:
                raw = file.read()
        except OSError:
            continue
        name, key = os.path.relpath(source_path), cache.key(raw)
        entry = cache.get(name, key)
        if entry is None:
            try:
                entry = reader.read_entry(source_path, raw)
            except StoryError:
                continue
            entries.append((name, key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)))
        statuses[name] = entry.metadata.get("status", "published")
        slugs[name] = entry.metadata.get("slug") or ""
        _typeset(entry, memo)
    fresh_typography = {k: v for k, v in typography.items() if k not in before}
    return entries, fresh_typography, statuses, slugs


def _typeset(entry: ReadEntry, memo: TypographyMemo) -> None:
    """Typeset what the typography plugin will typeset on the content object made from it."""
    metadata = entry.metadata
    content, summary = entry.html
    typeset_parts(
        metadata.get("lang"),
        content,
        metadata.get("title", ""),
        summary,
        metadata.get("sources"),
        memo,
    )
