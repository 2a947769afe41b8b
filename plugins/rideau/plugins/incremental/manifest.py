"""The record of what the last build wrote: for each output file, the key of its inputs and the
size and modification time the file had when written.

A file is fresh when its key is unchanged and the file on disk is still the one written (same
size and time): a file changed or deleted by hand is written again. Files the last build wrote
and this one did not (a story deleted, a term gone) are removed, unless changed by hand.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from rideau.cachefile import load_cache, save_cache

logger = logging.getLogger(__name__)

FORMAT = 2


@dataclass
class Manifest:
    path: Path  # where the record is kept (under CACHE_PATH)
    output_path: Path
    previous: dict[str, list] = field(default_factory=dict)  # name → [key, size, mtime_ns]
    current: dict[str, list] = field(default_factory=dict)
    uncached: set[str] = field(default_factory=set)  # written this build, with no key
    skipped: int = 0
    written: int = 0

    @classmethod
    def load(cls, path: Path, output_path: Path) -> Manifest:
        # No record (first build), an unreadable one or one of another output folder: every
        # file is written.
        previous = load_cache(path, (FORMAT, str(output_path)))
        return cls(path, output_path, previous if isinstance(previous, dict) else {})

    def _relative(self, filename: str) -> str:
        return os.path.relpath(filename, self.output_path)

    def is_fresh(self, filename: str, key: str) -> bool:
        """True when `filename` was written from `key` and has not been touched since."""
        name = self._relative(filename)
        record = self.previous.get(name)
        if record is None or record[0] != key:
            return False
        try:
            stat = os.stat(filename)
        except OSError:
            return False
        if [stat.st_size, stat.st_mtime_ns] != record[1:]:
            return False
        self.current[name] = record
        self.skipped += 1
        return True

    def record(self, filename: str, key: str | None) -> None:
        """`filename` has just been written from `key` (None: not cacheable)."""
        name = self._relative(filename)
        if key is None:
            self.current.pop(name, None)
            self.uncached.add(name)
            self.written += 1
            return
        try:
            stat = os.stat(filename)
        except OSError:
            return
        self.current[name] = [key, stat.st_size, stat.st_mtime_ns]
        self.written += 1

    def remove_stale(self) -> list[str]:
        """Delete the files written by the last build and not by this one."""
        removed = []
        for name, record in self.previous.items():
            if name in self.current or name in self.uncached:
                continue
            filename = self.output_path / name
            try:
                stat = os.stat(filename)
            except OSError:
                continue
            if [stat.st_size, stat.st_mtime_ns] == record[1:]:
                filename.unlink()
                removed.append(name)
                self._remove_empty_folders(filename.parent)
        return removed

    def _remove_empty_folders(self, folder: Path) -> None:
        """Remove `folder` and its parents up to the output folder while they are empty: a
        deleted story or term would leave its folder behind, which servers list as a directory
        instead of answering 404."""
        while folder != self.output_path and self.output_path in folder.parents:
            try:
                folder.rmdir()  # refuses a folder that still holds anything
            except OSError:
                return
            folder = folder.parent

    def save(self) -> None:
        save_cache(self.path, (FORMAT, str(self.output_path)), self.current)
