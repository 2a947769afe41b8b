"""The archive as ingestion sees it: every story file, indexed by entry key, site and date.

Story files are the source of truth. The index is kept in SQLite tables (the ingestion state's,
or a database in memory) and brought up to date from them: a file whose size and mtime are as
indexed is not parsed again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rideau.newswire.names import name_key
from rideau.newswire.text import fold
from rideau.newswire.urls import canonical_url, is_web_url
from rideau.storyfile.parse import StoryError, load_front_matter, parse_date, split_front_matter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoryFile:
    """What the index needs from one story file."""

    path: str  # relative to the content folder
    id: str  # the story's slug, shared by its language files
    lang: str
    date: str  # YYYY-MM-DD
    sites: tuple[str, ...]
    keys: tuple[str, ...]  # canonical source URLs and recorded entry keys
    status: str
    rejected: bool = False
    outcomes: tuple[str, ...] = ()
    # Stories an editor merged into this one: (date, sites) under which it is also found.
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def as_json(self) -> dict:
        return {
            "path": self.path, "id": self.id, "lang": self.lang, "date": self.date,
            "sites": list(self.sites), "keys": list(self.keys), "status": self.status,
            "rejected": self.rejected, "outcomes": list(self.outcomes),
            "also": [[d, list(s)] for d, s in self.also],
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> StoryFile:
        return cls(
            path=data["path"], id=data["id"], lang=data["lang"], date=data["date"],
            sites=tuple(data["sites"]), keys=tuple(data["keys"]), status=data["status"],
            rejected=bool(data.get("rejected")), outcomes=tuple(data.get("outcomes", ())),
            also=tuple((d, tuple(s)) for d, s in data.get("also", ())),
        )  # fmt: skip


def read_story_file(content: Path, path: Path) -> StoryFile | None:
    """Index data of a story file, or None (with a warning) when it cannot be read."""
    relative = path.relative_to(content).as_posix()
    try:
        front, _body, _line = split_front_matter(relative, path.read_text(encoding="utf-8"))
        data = load_front_matter(front)
    except (OSError, UnicodeDecodeError, StoryError, ValueError, yaml.YAMLError) as exc:
        logger.warning("%s: skipped by ingestion: %s", relative, " ".join(str(exc).split()))
        return None
    if not isinstance(data, dict) or not data.get("slug"):
        logger.warning("%s: skipped by ingestion: no slug", relative)
        return None
    return story_file(relative, data)


def story_file(relative: str, data: dict) -> StoryFile:
    """Index data of a story file from its front matter (`data`, with a slug)."""
    date = parse_date(data.get("date"))
    keys: list[str] = []
    for source in data.get("sources") or []:
        if isinstance(source, dict) and source.get("url"):
            keys.append(canonical_url(str(source["url"])))
    block = data.get("newswire") or {}
    if isinstance(block, dict):
        # Keys recorded by an older version may be spelled otherwise: a link is a key again.
        keys.extend(_as_key(str(k)) for k in block.get("entries") or [])
    sites = data.get("sites") or []
    outcomes = data.get("outcomes") or []
    return StoryFile(
        path=relative,
        id=str(data["slug"]),
        lang=str(data.get("lang") or ""),
        date=date.strftime("%Y-%m-%d") if date else "",
        sites=tuple(str(s) for s in sites) if isinstance(sites, list) else (str(sites),),
        keys=tuple(dict.fromkeys(keys)),
        status=str(data.get("status") or "published"),
        rejected=relative.startswith("rejected/")
        or bool(isinstance(block, dict) and block.get("rejected")),
        outcomes=tuple(str(o) for o in outcomes) if isinstance(outcomes, list) else (),
        also=tuple(_merged_aliases(block)),
    )


def _as_key(recorded: str) -> str:
    return canonical_url(recorded) if is_web_url(recorded) else recorded


def _merged_aliases(block: object) -> list[tuple[str, tuple[str, ...]]]:
    aliases = []
    for merged in (block.get("merged") or []) if isinstance(block, dict) else []:
        if isinstance(merged, dict) and merged.get("date"):
            aliases.append(
                (str(merged["date"])[:10], tuple(str(s) for s in merged.get("sites") or []))
            )
    return aliases


def story_paths(stories_dir: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(stories_dir):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".md", ".markdown")):
                yield Path(root) / name


@dataclass
class StoryInfo:
    id: str
    date: dt.date
    sites: set[str]
    files: dict[str, str] = field(default_factory=dict)  # lang -> path
    keys: set[str] = field(default_factory=set)
    rejected: bool = False
    outcomes: set[str] = field(default_factory=set)


# Stories of any site around a date: where an unknown name is compared with the names of
# the stories of the same weeks (`sites_near`).
SITES_BY_DAY = "CREATE INDEX IF NOT EXISTS sites_by_day ON sites (day);"

# The index lives in SQLite (the ingestion state, or a database in memory): a run loads only
# the stories it touches, so its memory does not grow with the archive. `rank` orders files
# as the scan meets them (stories/ before rejected/, then by path): the first file of a story
# gives its date, and the first file citing a key gives the key's story.
INDEX_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, rank TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    story_id TEXT NOT NULL, story TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_by_story ON files (story_id, rank);
CREATE TABLE IF NOT EXISTS keys (key TEXT NOT NULL, rank TEXT NOT NULL, story_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS keys_by_key ON keys (key, rank);
CREATE INDEX IF NOT EXISTS keys_by_rank ON keys (rank);
CREATE INDEX IF NOT EXISTS keys_by_story ON keys (story_id);
CREATE TABLE IF NOT EXISTS sites (site TEXT NOT NULL, day INTEGER NOT NULL, story_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sites_by_site ON sites (site, day, story_id);
CREATE INDEX IF NOT EXISTS sites_by_story ON sites (story_id);
"""
    + SITES_BY_DAY
)
INDEX_TABLES = ("files", "keys", "sites")


class ArchiveIndex:
    """Entry key -> story, and (site, date) -> stories, looked up in the index tables of `db`.

    Stories and keys added during a run (`add_story`, `add_keys`) are kept in memory, on top
    of the tables; `add_file` and `remove_file` change the tables (the scan's work)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._loaded: dict[str, StoryInfo] = {}  # stories read or created this run
        self._keys: dict[str, str] = {}  # keys added this run
        self._sites: dict[str, list[tuple[int, str]]] = {}  # sites of stories created this run
        self._days: list[tuple[int, str, str]] = []  # the same, as (day, story, site key)
        self.stories = _Stories(self)
        file_sites_by_key(db)

    # -- the tables (the scan) -------------------------------------------------------------
    def add_file(self, story: StoryFile, stamp: list[int]) -> set[str]:
        """Index (or index again) one story file; returns the stories whose sites changed."""
        touched = self.remove_file(story.path)
        rank = file_rank(story.path)
        self._db.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)",
            (story.path, rank, *stamp, story.id, json.dumps(story.as_json(), ensure_ascii=False)),
        )
        self._db.executemany(
            "INSERT INTO keys VALUES (?, ?, ?)", [(key, rank, story.id) for key in story.keys]
        )
        self._loaded.pop(story.id, None)
        return touched | {story.id}

    def remove_file(self, path: str) -> set[str]:
        row = self._db.execute("SELECT rank, story_id FROM files WHERE path = ?", (path,))
        found = row.fetchone()
        if found is None:
            return set()
        rank, story_id = found
        self._db.execute("DELETE FROM files WHERE path = ?", (path,))
        self._db.execute("DELETE FROM keys WHERE rank = ?", (rank,))
        self._loaded.pop(story_id, None)
        return {story_id}

    def stamp(self, path: str) -> list[int] | None:
        row = self._db.execute("SELECT size, mtime_ns FROM files WHERE path = ?", (path,))
        found = row.fetchone()
        return list(found) if found else None

    def index_sites(self, story_ids: Iterable[str]) -> None:
        """Rebuild the (site, date) rows of these stories from their files."""
        for story_id in story_ids:
            self._db.execute("DELETE FROM sites WHERE story_id = ?", (story_id,))
            files = self._files_of(story_id)
            if files:
                self._db.executemany(
                    "INSERT INTO sites VALUES (?, ?, ?)",
                    [(site, day, story_id) for site, day in _site_days(files)],
                )

    # -- the run's additions ---------------------------------------------------------------
    def add_story(self, story_id: str, date: dt.date, sites: Iterable[str]) -> StoryInfo:
        info = StoryInfo(story_id, date, set(sites))
        self._loaded[story_id] = info
        self.add_sites(story_id, info.sites)
        return info

    def add_sites(self, story_id: str, sites: Iterable[str]) -> None:
        """File the story under more sites for the rest of the run (on its date): those its
        new coverage names besides the one it was found by."""
        day = self.stories[story_id].date.toordinal()
        for key in dict.fromkeys(site_key(site) for site in sites):
            found = self._sites.setdefault(key, [])
            if (day, story_id) not in found:
                bisect.insort(found, (day, story_id))
                bisect.insort(self._days, (day, story_id, key))

    def join_stories(self, story_id: str, other_id: str) -> None:
        """File the run's new story `other_id` as part of `story_id`: its sites, keys and
        outcomes; look-ups by its keys then find `story_id`."""
        info, other = self.stories[story_id], self.stories[other_id]
        self.add_sites(story_id, other.sites)
        info.sites |= other.sites
        info.outcomes |= other.outcomes
        for key in other.keys:
            if self._keys.get(key) == other_id:
                self._keys[key] = story_id
            info.keys.add(key)

    def add_keys(self, story_id: str, keys: Iterable[str]) -> None:
        info = self.stories[story_id]
        for key in keys:
            if self._indexed_story(key) is None:  # the first story to cite a key keeps it
                self._keys.setdefault(key, story_id)
            info.keys.add(key)

    # -- look-ups --------------------------------------------------------------------------
    def story_for(self, keys: Iterable[str]) -> str | None:
        for key in keys:
            found = self._indexed_story(key) or self._keys.get(key)
            if found is not None:
                return found
        return None

    def near(self, site: str, date: dt.date, days: int) -> list[str]:
        """Stories about `site`, in any of its name forms, dated within `days` of `date` (an
        index range scan)."""
        key, low, high = site_key(site), date.toordinal() - days, date.toordinal() + days
        rows = self._db.execute(
            "SELECT day, story_id FROM sites WHERE site = ? AND day BETWEEN ? AND ? "
            "ORDER BY day, story_id", (key, low, high),
        ).fetchall()  # fmt: skip
        added = self._sites.get(key, [])
        start = bisect.bisect_left(added, (low, ""))
        end = bisect.bisect_right(added, (high, "\uffff"))
        return [story_id for _, story_id in sorted([*rows, *added[start:end]])]

    def sites_near(self, date: dt.date, days: int) -> list[tuple[str, str]]:
        """(site key, story) of every story dated within `days` of `date`, whatever its site."""
        low, high = date.toordinal() - days, date.toordinal() + days
        rows = self._db.execute(
            "SELECT day, story_id, site FROM sites WHERE day BETWEEN ? AND ?", (low, high)
        ).fetchall()
        start = bisect.bisect_left(self._days, (low, "", ""))
        end = bisect.bisect_right(self._days, (high, "\uffff", "\uffff"))
        return [(key, story_id) for _, story_id, key in sorted([*rows, *self._days[start:end]])]

    def new_id(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.stories:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def _indexed_story(self, key: str) -> str | None:
        row = self._db.execute(
            "SELECT story_id FROM keys WHERE key = ? ORDER BY rank LIMIT 1", (key,)
        ).fetchone()
        return row[0] if row else None

    def _files_of(self, story_id: str) -> list[StoryFile]:
        rows = self._db.execute(
            "SELECT story FROM files WHERE story_id = ? ORDER BY rank", (story_id,)
        )
        return [StoryFile.from_json(json.loads(story)) for (story,) in rows]

    def _load(self, story_id: str) -> StoryInfo | None:
        files = self._files_of(story_id)
        if not files:
            return None
        info = StoryInfo(story_id, _story_date(files[0]), set())
        for story in files:
            info.sites.update(story.sites)
            info.files[story.lang] = story.path
            info.rejected = info.rejected or story.rejected
            info.outcomes.update(story.outcomes)
        rows = self._db.execute("SELECT key FROM keys WHERE story_id = ?", (story_id,))
        info.keys = {key for (key,) in rows}
        return info

    def _ids(self) -> Iterator[str]:
        yield from (i for i, info in self._loaded.items() if not self._stored(i))
        for (story_id,) in self._db.execute("SELECT DISTINCT story_id FROM files ORDER BY 1"):
            yield story_id

    def _stored(self, story_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM files WHERE story_id = ? LIMIT 1", (story_id,))
        return row.fetchone() is not None


class _Stories(Mapping):
    """Story id -> StoryInfo, read from the tables when first asked for, then kept (a run
    changes the StoryInfo of the stories it touches)."""

    def __init__(self, index: ArchiveIndex) -> None:
        self._index = index

    def __getitem__(self, story_id: str) -> StoryInfo:
        loaded = self._index._loaded
        if story_id not in loaded:
            info = self._index._load(story_id)
            if info is None:
                raise KeyError(story_id)
            loaded[story_id] = info
        return loaded[story_id]

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._index._loaded or self._index._stored(str(story_id))

    def __iter__(self) -> Iterator[str]:
        return self._index._ids()

    def __len__(self) -> int:
        return sum(1 for _ in self._index._ids())


def _story_date(story: StoryFile) -> dt.date:
    return _as_date(parse_date(story.date) or dt.date.today())


def _site_days(files: list[StoryFile]) -> Iterator[tuple[str, int]]:
    """The (site key, day) rows of a story: each of its sites on the story's date (its first
    file's), and the sites of stories merged into it on their own dates."""
    day = _story_date(files[0]).toordinal()
    seen: set[str] = set()
    for story in files:
        for site in story.sites:
            if site_key(site) not in seen:
                seen.add(site_key(site))
                yield site_key(site), day
        for date_text, sites in story.also:
            alias_day = _as_date(parse_date(date_text) or _story_date(story)).toordinal()
            for site in sites:
                yield site_key(site), alias_day


def file_sites_by_key(db: sqlite3.Connection) -> None:
    """A state indexed before sites were filed by name key holds their folded names, and has
    no `sites_by_day` index yet (it came with the keys): file its rows by key, once."""
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'sites_by_day'")
    if found.fetchone() is not None:
        return
    db.create_function("site_key", 1, site_key, deterministic=True)
    db.execute("UPDATE sites SET site = site_key(site)")
    db.execute(SITES_BY_DAY)


def site_key(site: str) -> str:
    """What the index files a site under: the key its name forms share, else its folded name."""
    return name_key(site) or fold(site)


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# Stories an editor rejected are kept out of the site, in their own folder, so that their
# entries are recognised and never come back.
ARCHIVE_FOLDERS = ("stories", "rejected")


def archive_paths(content: Path) -> Iterator[Path]:
    for folder in ARCHIVE_FOLDERS:
        if (content / folder).exists():
            yield from story_paths(content / folder)


def file_rank(relative: str) -> str:
    folder = relative.split("/", 1)[0]
    order = ARCHIVE_FOLDERS.index(folder) if folder in ARCHIVE_FOLDERS else len(ARCHIVE_FOLDERS)
    return f"{order}:{relative}"


def scan_archive(content: Path, index: ArchiveIndex) -> ArchiveIndex:
    """Bring the index tables up to date with the story files: files whose size and mtime
    are as indexed are not read again; files gone are forgotten. Call it in a transaction."""
    db = index._db
    db.execute("CREATE TEMP TABLE IF NOT EXISTS present (path TEXT PRIMARY KEY)")
    db.execute("DELETE FROM present")
    touched: set[str] = set()
    for path in archive_paths(content):
        relative = path.relative_to(content).as_posix()
        stamp = file_stamp(path)
        if index.stamp(relative) != stamp:
            story = read_story_file(content, path)
            if story is None:  # unreadable: not indexed (a warning said why)
                continue
            touched |= index.add_file(story, stamp)
        db.execute("INSERT OR IGNORE INTO present VALUES (?)", (relative,))
    gone = db.execute("SELECT path FROM files WHERE path NOT IN (SELECT path FROM present)")
    for (relative,) in gone.fetchall():
        touched |= index.remove_file(relative)
    index.index_sites(sorted(touched))
    return index


def file_stamp(path: Path) -> list[int]:
    """What tells that a file changed since it was indexed: its size and modification time."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]
