"""One value computed from the whole archive, kept for the next build while its inputs match."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rideau.cachefile import load_cache, save_cache
from rideau.settings import build_settings

T = TypeVar("T")


def memo_path(settings: dict, name: str) -> Path | None:
    """Where `name` is kept for this content and output folder; None when builds are full."""
    if not build_settings(settings).incremental:
        return None
    where = hashlib.blake2b(digest_size=6)
    for part in (settings["PATH"], settings["OUTPUT_PATH"]):
        where.update(os.path.abspath(part).encode() + b"\0")
    return Path(settings["CACHE_PATH"]) / f"rideau-{name}-{where.hexdigest()}.pickle"


def remembered(settings: dict, name: str, inputs: bytes, compute: Callable[[], T]) -> T:
    """`compute()`, or the value it gave at the last build when `inputs` are the same."""
    path = memo_path(settings, name)
    if path is None:
        return compute()
    key = hashlib.blake2b(inputs, digest_size=16).digest()
    # The digest of the inputs is the version of the kept value: other inputs, a miss.
    value = load_cache(path, key)
    if value is None:
        value = compute()
        save_cache(path, key, value)
    return value
