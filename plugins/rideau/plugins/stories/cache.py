"""What the reader made of each story file at the last build, kept for the next one.

An entry is reused only when the file's bytes and everything reading depends on (the reader's
code, the Markdown engine's version and options, the registry, the languages) are the same;
its warnings are reported again, so a rebuild says what a full build says. Entries are stored
pickled, one by one, so that what later stages do to a story never changes the cached copy.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rideau.cachefile import load_cache, save_cache
from rideau.plugins.stories.commonmark import ENGINE, OPTIONS
from rideau.settings import BuildSettings
from rideau.storyfile.parse import StoryError, split_front_matter

logger = logging.getLogger(__name__)

FORMAT = 4
# Pelican's settings that change what the reader returns (and Rideau's languages and
# registry folder; dates are read in TIMEZONE). Not the site's language: a file reads the
# same for every language site, which share one cache (stories/reading.py).
READER_SETTINGS = ("PATH", "PAGE_PATHS", "ARTICLE_PATHS", "TIMEZONE")
CODE = Path(__file__).resolve().parent
# Metadata key of a story read with the cache on: the digest of its file (and of what reading
# depends on), which incremental builds use instead of reading the file again.
SOURCE_DIGEST = "rideau_source_digest"
# Metadata key: the digest of the file's front matter alone. What other pages show of a story
# (title, summary, dates, tags, sources, URL) comes from there, so editing only its text leaves
# the pages that list it as they were.
FRONT_DIGEST = "rideau_front_digest"


@dataclass(frozen=True)
class ReadEntry:
    """A story file as read: metadata (its summary still in Markdown), body, problems found,
    and the HTML of its text and summary."""

    metadata: dict
    body: str
    problems: list
    html: tuple[str, str | None]
    front_key: bytes | None = None  # ReadCache.front_key of the file


def hash_parts(*parts: bytes) -> bytes:
    """One digest of several byte strings (each length-prefixed: parts never run together)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def _files(root: Path) -> list[bytes]:
    if not root.is_dir():
        return [b"none"]
    return [
        part
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml"}
        for part in (str(path.relative_to(root)).encode(), path.read_bytes())
    ]


def _stored_files(path: Path) -> dict[str, tuple[bytes, bytes]]:
    """The entries of the last build; none on a first build or from another version."""
    stored = load_cache(path, FORMAT)
    return stored if isinstance(stored, dict) else {}


@dataclass
class ReadCache:
    path: Path | None  # None: kept in memory for this build only (not incremental)
    context: bytes  # digest of everything but the file that reading depends on
    # The last build's entries, loaded on first use (a language site handed the reading
    # stage's cache never loads its own), and the reading stage's.
    previous: dict[str, tuple[bytes, bytes]] | None = None
    current: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)
    hits: int = 0

    @classmethod
    def for_settings(cls, settings: Mapping, rideau: BuildSettings) -> ReadCache:
        """The cache of the content folder of `settings`: stored in CACHE_PATH when the build is
        incremental, else in memory only (the language sites still share it)."""
        content = os.path.abspath(settings["PATH"])
        registry = rideau.registry_folder(content)
        context = hash_parts(
            str(FORMAT).encode(),
            os.getcwd().encode(),  # problems name files relative to it
            f"{ENGINE} {OPTIONS!r}".encode(),
            repr([(k, settings.get(k)) for k in READER_SETTINGS]).encode(),
            repr((dict(rideau.subsites), rideau.registry_path)).encode(),
            *_files(CODE),
            *_files(registry),
        )
        if not rideau.incremental:
            return cls(None, context)
        name = f"rideau-stories-{hash_parts(content.encode()).hex()[:12]}.pickle"
        return cls(Path(settings["CACHE_PATH"]) / name, context)

    def stored(self) -> dict[str, tuple[bytes, bytes]]:
        if self.previous is None:
            self.previous = _stored_files(self.path) if self.path is not None else {}
        return self.previous

    def key(self, raw: bytes) -> bytes:
        return hash_parts(self.context, raw)

    def front_key(self, raw: bytes) -> bytes | None:
        """The digest of the front matter in `raw` (and of what reading depends on); None when
        the file has no front matter the reader accepts."""
        try:
            front, _, _ = split_front_matter("", raw.decode("utf-8"))
        except (UnicodeDecodeError, StoryError):
            return None
        return hash_parts(self.context, b"front matter", front.encode())

    def get(self, name: str, key: bytes) -> ReadEntry | None:
        stored = self.stored().get(name)
        if stored is None or stored[0] != key:
            return None
        try:
            entry = pickle.loads(stored[1])
        except (pickle.UnpicklingError, AttributeError, EOFError, TypeError):
            return None
        self.current[name] = stored
        self.hits += 1
        return entry

    def put(self, name: str, key: bytes, entry: ReadEntry) -> None:
        self.current[name] = (key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))

    def add(self, name: str, key: bytes, stored: bytes) -> None:
        """An entry read for this build (by the reading stage), pickled."""
        self.stored()[name] = (key, stored)

    def release(self) -> None:
        """Forget every entry (once every file is read and the cache saved)."""
        self.previous, self.current = {}, {}

    def save(self) -> None:
        """Keep the entries of this build's files (deleted files drop out)."""
        if self.path is not None:
            save_cache(self.path, FORMAT, self.current)
