"""One value computed from the whole archive, kept for the next build while its inputs match."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


def memo_path(settings: dict, name: str) -> Path | None:
    """Where `name` is kept for this content and output folder; None when builds are full."""
    if not settings.get("RIDEAU_INCREMENTAL", True) or not settings.get("CACHE_PATH"):
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
    stored_key, value = _stored_key_and_value(path)
    if stored_key == key:
        return value
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with open(temporary, "wb") as handle:
            pickle.dump((key, value), handle, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as exc:
        logger.warning("could not keep %s for the next build: %s", path, exc)
    return value


def _stored_key_and_value(path: Path) -> tuple[bytes | None, object]:
    """What the last build kept; (None, None) on a first build or an unreadable record."""
    try:
        with open(path, "rb") as handle:
            stored_key, value = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return None, None
    return stored_key, value
