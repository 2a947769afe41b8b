"""Durable cache files: one pickled value per file, tagged with the version that wrote it.

Every Rideau cache under CACHE_PATH (the reader's results, typography, values computed from the
whole archive, the incremental manifest) is kept with these two functions. A cache is only
ever an optimisation, so a file that is missing, truncated, corrupt, from another version of
its writer or not a Rideau cache at all reads as a miss; and a file is written whole or not at
all (a temporary file in the same folder, then os.replace), so that a build stopped half-way
or two builds finishing at once never leave half a file for the next one.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

# Marks the files this module writes: another pickle at the same path is a miss.
MAGIC = "rideau-cache"


def load_cache(path: Path, version: object) -> object | None:
    """The value saved at `path` with `version`; None when there is none to use."""
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)
    # Unpickling a damaged or foreign file can raise nearly anything (a class that moved, a
    # truncated stream, bytes that are not a pickle): each means "no usable cache".
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError,
            KeyError, TypeError, ValueError, MemoryError):  # fmt: skip
        return None
    if not isinstance(stored, tuple) or len(stored) != 3 or stored[0] != MAGIC:
        return None
    _, stored_version, value = stored
    return value if stored_version == version else None


def save_cache(path: Path, version: object, value: object) -> bool:
    """Keep `value` at `path` for the next build; False (and a warning) when it cannot be."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump((MAGIC, version, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as exc:
        logger.warning("could not keep the cache %s for the next build: %s", path, exc)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return False
    return True
