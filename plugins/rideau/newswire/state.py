"""The ingestion state: a cache of feed validators and of the archive index, never the truth.

Deleting it loses nothing: the next run re-reads the story files and fetches every feed.
It is an SQLite database (WAL journal) holding the feeds' validators and the archive index
(archive.py): a run reads the rows it needs one at a time, so its memory does not grow with
the archive, and writes what it learned in one transaction at its end, so a run that fails or
is killed never records a feed as read.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from rideau.newswire.archive import (
    INDEX_SCHEMA,
    INDEX_TABLES,
    ArchiveIndex,
    StoryFile,
    scan_archive,
)
from rideau.newswire.records import FeedCache
from rideau.newswire.urls import KEY_VERSION

logger = logging.getLogger(__name__)

# Bumped when the tables change, or when the article keys it caches are computed otherwise:
# an older state is dropped and rebuilt, as after a deletion.
SCHEMA_VERSION = 3 * 1000 + KEY_VERSION
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS feeds (
    location TEXT PRIMARY KEY, etag TEXT NOT NULL, last_modified TEXT NOT NULL,
    body_hash TEXT NOT NULL
);
"""
    + INDEX_SCHEMA
)
_TABLES = ("feeds", *INDEX_TABLES)


class StateError(RuntimeError):
    """The state path cannot be used; the message names it and says what to do."""


class StateStore:
    """The state of one `--state` path, open for one run (a context manager).

    `read_only` (a dry run): the state is read into memory, where the run's scan updates it,
    and the file is left as it was. `StateStore.in_memory()`: no file at all (editors'
    commands index the archive for one command)."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._db = _open(path, read_only) if path is not None else _memory_database()
        self.index = ArchiveIndex(self._db)

    @classmethod
    def in_memory(cls) -> StateStore:
        return cls(None)

    # -- reading -------------------------------------------------------------------------------
    def feed_caches(self, locations: Iterable[str]) -> dict[str, FeedCache]:
        """What the last runs remembered of these feeds (those it knows)."""
        caches = {}
        for location in locations:
            row = self._query(
                "SELECT etag, last_modified, body_hash FROM feeds WHERE location = ?", location
            )
            if row is not None:
                caches[location] = FeedCache(*row)
        return caches

    def file_record(self, path: str) -> dict | None:
        """What the index holds of the story file at `path` (relative to the content folder)."""
        row = self._query("SELECT size, mtime_ns, story FROM files WHERE path = ?", path)
        if row is None:
            return None
        size, mtime_ns, story = row
        return {"stamp": [size, mtime_ns], "story": json.loads(story)}

    def file_paths(self) -> list[str]:
        return [path for (path,) in self._db.execute("SELECT path FROM files ORDER BY path")]

    # -- writing -------------------------------------------------------------------------------
    def refresh(self, content: Path) -> ArchiveIndex:
        """The index, brought up to date with the story files of `content`."""
        try:
            with self._db:
                return scan_archive(content, self.index)
        except sqlite3.Error as exc:
            raise StateError(f"{self._name}: could not index the story files: {exc}") from exc

    def commit_run(
        self,
        content: Path,
        feeds: Mapping[str, FeedCache],
        written: Iterable[tuple[StoryFile, list[int]]],
    ) -> None:
        """In one transaction: index the files a run wrote whole from what it wrote (their
        stamps taken before they were moved into place), the others by reading them, and
        remember `feeds`. A run that fails before this changes nothing of the state."""
        if self.read_only:
            return
        try:
            with self._db:
                touched: set[str] = set()
                for story, stamp in written:
                    touched |= self.index.add_file(story, stamp)
                self.index.index_sites(sorted(touched))
                scan_archive(content, self.index)
                self._db.executemany(
                    "INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?)",
                    [(k, v.etag, v.last_modified, v.body_hash) for k, v in sorted(feeds.items())],
                )
        except sqlite3.Error as exc:
            raise StateError(f"{self._name}: could not save the ingestion state: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def _name(self) -> str:
        return str(self.path) if self.path is not None else "the archive index"

    def _query(self, sql: str, *args: object) -> tuple | None:
        try:
            return self._db.execute(sql, args).fetchone()
        except sqlite3.Error as exc:
            raise StateError(f"{self._name}: cannot read the ingestion state: {exc}") from exc


def _memory_database() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    return db


def _open(path: Path, read_only: bool) -> sqlite3.Connection:
    if path.is_dir():
        raise StateError(f"{path}: the state path is a folder; give a file path with --state")
    if read_only:
        return _open_read_only(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StateError(f"{path}: cannot create the state's folder: {exc.strerror}") from exc
    _discard_unusable(path)
    try:
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA busy_timeout=10000")
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            _refuse_foreign_tables(db, path)
            for table in _TABLES:
                db.execute(f"DROP TABLE IF EXISTS {table}")
            db.executescript(_SCHEMA)  # commits
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        return db
    except sqlite3.Error as exc:
        raise StateError(f"{path}: cannot open the ingestion state: {exc}") from exc


def _refuse_foreign_tables(db: sqlite3.Connection, path: Path) -> None:
    """A database with tables of its own is somebody else's: never dropped to make a state."""
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    foreign = sorted(name for (name,) in rows if name not in _TABLES)
    if foreign:
        db.close()
        raise StateError(
            f"{path}: an SQLite database that is not an ingestion state (tables "
            f"{', '.join(foreign[:5])}); give another --state path"
        )


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A copy in memory of an existing usable state, or an empty one: a dry run writes nothing."""
    memory = _memory_database()
    if not (path.exists() and _looks_like_sqlite(path)):
        return memory
    try:
        disk = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if disk.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
                disk.backup(memory)
        finally:
            disk.close()
    except sqlite3.Error as exc:
        logger.warning("%s: ignoring the ingestion state (%s) for this dry run", path, exc)
    return memory


def _discard_unusable(path: Path) -> None:
    """Remove a state that is not one this version can read (an older JSON state, a damaged
    database): it is only a cache. Anything that is not a state is refused, never deleted."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if _looks_like_sqlite(path):
        try:
            with sqlite3.connect(path) as db:
                if db.execute("PRAGMA quick_check").fetchone()[0] == "ok":
                    return
        except sqlite3.Error:
            pass
        reason = "damaged"
    elif _looks_like_json_state(path):
        reason = "from an older version"
    else:
        raise StateError(
            f"{path}: not an ingestion state (neither SQLite nor an older JSON state); "
            "give another --state path, or delete the file if it is a state"
        )
    logger.warning("%s: ingestion state %s; it will be rebuilt", path, reason)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def _looks_like_json_state(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip()
    except OSError:
        return False
    return head.startswith(b"{") and b'"version"' in head
