"""The ingestion state: a cache of feed validators and of the archive index, never the truth.

Deleting it loses nothing: the next run re-reads the story files and fetches every feed.
It is an SQLite database (WAL journal): a run reads the rows it needs one at a time, so its
memory does not grow with the size of the state, and writes what it learned in one
transaction at the end, so a run that fails or is killed leaves the state as it was.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from .records import FeedCache
from .urls import KEY_VERSION

logger = logging.getLogger(__name__)

# Bumped when the tables change, or when the article keys it caches are computed otherwise:
# an older state is dropped and rebuilt, as after a deletion.
SCHEMA_VERSION = 2 * 1000 + KEY_VERSION
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    location TEXT PRIMARY KEY, etag TEXT NOT NULL, last_modified TEXT NOT NULL,
    body_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, story TEXT NOT NULL
);
"""


class StateError(RuntimeError):
    """The state path cannot be used; the message names it and says what to do."""


class StateStore:
    """The state of one `--state` path, open for one run (a context manager)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._db = _open(path, read_only)

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
        """The indexed story file at `path` (relative to the content folder), if known."""
        row = self._query("SELECT size, mtime_ns, story FROM files WHERE path = ?", path)
        if row is None:
            return None
        size, mtime_ns, story = row
        try:
            return {"stamp": [size, mtime_ns], "story": json.loads(story)}
        except ValueError:  # a damaged row is read again from its file
            return None

    def file_paths(self) -> list[str]:
        return [path for (path,) in self._db.execute("SELECT path FROM files ORDER BY path")]

    @property
    def files(self) -> _FileRecords:
        """The file records as a read-only mapping, for `scan_archive`."""
        return _FileRecords(self)

    # -- writing -------------------------------------------------------------------------------
    def commit_run(
        self,
        feeds: Mapping[str, FeedCache],
        files: Mapping[str, dict],
        present: set[str],
    ) -> None:
        """In one transaction: remember `feeds`, the file records `files`, and forget every
        file not in `present` (deleted or moved since)."""
        if self.read_only:
            raise StateError(f"{self.path}: opened read-only")
        try:
            with self._db:  # one transaction: all of it, or nothing on error
                self._db.executemany(
                    "INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?)",
                    [(k, v.etag, v.last_modified, v.body_hash) for k, v in sorted(feeds.items())],
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                    [
                        (path, *record["stamp"], json.dumps(record["story"], ensure_ascii=False))
                        for path, record in sorted(files.items())
                    ],
                )
                gone = [(p,) for p in self.file_paths() if p not in present]
                self._db.executemany("DELETE FROM files WHERE path = ?", gone)
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: could not save the ingestion state: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _query(self, sql: str, *args: object) -> tuple | None:
        try:
            return self._db.execute(sql, args).fetchone()
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot read the ingestion state: {exc}") from exc


class _FileRecords(Mapping):
    """`StateStore.file_record` as a mapping: one query per look-up, nothing held."""

    def __init__(self, store: StateStore) -> None:
        self._store = store

    def __getitem__(self, path: str) -> dict:
        record = self._store.file_record(path)
        if record is None:
            raise KeyError(path)
        return record

    def get(self, path: str, default: dict | None = None) -> dict | None:
        record = self._store.file_record(path)
        return default if record is None else record

    def __iter__(self):
        return iter(self._store.file_paths())

    def __len__(self) -> int:
        return len(self._store.file_paths())


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
            with db:
                db.execute("DROP TABLE IF EXISTS feeds")
                db.execute("DROP TABLE IF EXISTS files")
                db.executescript(_SCHEMA)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        return db
    except sqlite3.Error as exc:
        raise StateError(f"{path}: cannot open the ingestion state: {exc}") from exc


def _open_read_only(path: Path) -> sqlite3.Connection:
    """An existing usable state, or an empty one in memory (a dry run creates nothing)."""
    db = None
    if path.exists() and _looks_like_sqlite(path):
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                db.close()
                db = None
        except sqlite3.Error:
            db = None
    if db is None:
        db = sqlite3.connect(":memory:")
        db.executescript(_SCHEMA)
    return db


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
