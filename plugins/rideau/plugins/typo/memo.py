"""Typography results of the last build, reused by the next one.

Typography is a pure function of a text and its language, and a rebuild sees the same texts
again: results are kept by digest of (function, text) and reused while the typography code and
its libraries are unchanged. Only the texts of the current build are saved.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import smartypants
import typogrify

from rideau.cachefile import load_cache, save_cache

CODE = Path(__file__).resolve().parent


def _version() -> bytes:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{typogrify.__version__}/{smartypants.__version__}".encode())
    for path in sorted(CODE.glob("*.py")):
        h.update(path.read_bytes())
    return h.digest()


class TypographyMemo:
    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: kept in memory for this build only
        self.version = _version()
        # The last build's results, loaded on first use; none on a first build or from
        # another version.
        self._previous: dict[bytes, str] | None = None
        self.current: dict[bytes, str] = {}

    @property
    def previous(self) -> dict[bytes, str]:
        if self._previous is None:
            stored = load_cache(self.path, self.version) if self.path is not None else None
            self._previous = stored if isinstance(stored, dict) else {}
        return self._previous

    @classmethod
    def for_settings(cls, settings: dict, incremental: bool = True) -> TypographyMemo:
        """The memo of the content folder of `settings`: stored in CACHE_PATH when the build is
        incremental, else in memory only."""
        if not incremental:
            return cls(None)
        where = hashlib.blake2b(os.path.abspath(settings["PATH"]).encode(), digest_size=6)
        return cls(Path(settings["CACHE_PATH"]) / f"rideau-typography-{where.hexdigest()}.pickle")

    def apply(self, function: Callable[[str], str], text: str) -> str:
        key = hashlib.blake2b(
            f"{function.__module__}.{function.__qualname__}\0{text}".encode(), digest_size=16
        ).digest()
        result = self.current.get(key)
        if result is None:
            result = self.previous.get(key)
            if result is None:
                result = function(text)
            self.current[key] = result
        return result

    def remember(self, results: dict[bytes, str]) -> None:
        """Use `results` (an earlier build's, kept in memory) instead of the stored ones."""
        self._previous = dict(results)

    def update(self, results: dict[bytes, str]) -> None:
        """Results computed elsewhere for this build (the reading stage's processes)."""
        self.current.update(results)

    def release(self) -> None:
        """Forget every result (once every text is typeset and the memo saved)."""
        self._previous, self.current = {}, {}

    def save(self) -> None:
        if self.path is not None:
            save_cache(self.path, self.version, self.current)
