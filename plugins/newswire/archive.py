"""The archive as ingestion sees it: every story file, indexed by entry key, site and date.

Story files are the source of truth. The index is rebuilt from them; the state only
remembers each file's size and mtime so that unchanged files are not parsed again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from stories.model import StoryError, load_front_matter, parse_date, split_front_matter

from .text import fold
from .urls import canonical_url, is_web_url

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


class ArchiveIndex:
    """Entry key -> story, and (site, date) -> stories, with logarithmic look-ups."""

    def __init__(self) -> None:
        self.stories: dict[str, StoryInfo] = {}
        self._by_key: dict[str, str] = {}
        self._by_site: dict[str, list[tuple[int, str]]] = {}

    def add_file(self, story: StoryFile) -> None:
        date = parse_date(story.date) or dt.date.today()
        info = self.stories.get(story.id)
        if info is None:
            info = self.add_story(story.id, _as_date(date), story.sites)
        else:
            for site in story.sites:
                if site not in info.sites:
                    info.sites.add(site)
                    self._index_site(site, info)
        info.files[story.lang] = story.path
        info.rejected = info.rejected or story.rejected
        info.outcomes.update(story.outcomes)
        for date_text, sites in story.also:
            alias_date = _as_date(parse_date(date_text) or date)
            for site in sites:
                bisect.insort(
                    self._by_site.setdefault(fold(site), []), (alias_date.toordinal(), story.id)
                )
        self.add_keys(story.id, story.keys)

    def add_story(self, story_id: str, date: dt.date, sites: Iterable[str]) -> StoryInfo:
        info = StoryInfo(story_id, date, set(sites))
        self.stories[story_id] = info
        for site in info.sites:
            self._index_site(site, info)
        return info

    def _index_site(self, site: str, info: StoryInfo) -> None:
        bisect.insort(self._by_site.setdefault(fold(site), []), (info.date.toordinal(), info.id))

    def add_keys(self, story_id: str, keys: Iterable[str]) -> None:
        info = self.stories[story_id]
        for key in keys:
            self._by_key.setdefault(key, story_id)
            info.keys.add(key)

    def story_for(self, keys: Iterable[str]) -> str | None:
        for key in keys:
            if key in self._by_key:
                return self._by_key[key]
        return None

    def near(self, site: str, date: dt.date, days: int) -> list[str]:
        """Stories about `site` dated within `days` of `date` (bisect on a sorted list)."""
        dated = self._by_site.get(fold(site), [])
        low = bisect.bisect_left(dated, (date.toordinal() - days, ""))
        high = bisect.bisect_right(dated, (date.toordinal() + days, "\uffff"))
        return [story_id for _, story_id in dated[low:high]]

    def new_id(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.stories:
            candidate, number = f"{base}-{number}", number + 1
        return candidate


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# Stories an editor rejected are kept out of the site, in their own folder, so that their
# entries are recognised and never come back.
ARCHIVE_FOLDERS = ("stories", "rejected")


def archive_paths(content: Path) -> Iterator[Path]:
    for folder in ARCHIVE_FOLDERS:
        if (content / folder).exists():
            yield from story_paths(content / folder)


@dataclass
class ArchiveScan:
    index: ArchiveIndex
    changed: dict[str, dict]  # path -> record of the files read again (not as `cached` had them)
    present: set[str]  # every file indexed


def scan_archive(content: Path, cached: Mapping[str, dict]) -> ArchiveScan:
    """Index every story file; files whose size and mtime match `cached` are not re-read."""
    index = ArchiveIndex()
    changed: dict[str, dict] = {}
    present: set[str] = set()
    for path in archive_paths(content):
        relative = path.relative_to(content).as_posix()
        stamp = file_stamp(path)
        entry = cached.get(relative)
        if entry and entry.get("stamp") == stamp:
            story = StoryFile.from_json(entry["story"])
        else:
            story = read_story_file(content, path)
            if story is None:
                continue
            changed[relative] = cache_record(stamp, story)
        present.add(relative)
        index.add_file(story)
    return ArchiveScan(index, changed, present)


def file_stamp(path: Path) -> list[int]:
    """What tells that a file changed since it was indexed: its size and modification time."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def cache_record(stamp: list[int], story: StoryFile) -> dict:
    return {"stamp": stamp, "story": story.as_json()}
