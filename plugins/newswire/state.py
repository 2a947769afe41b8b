"""The ingestion state: a cache of feed validators and of the archive index, never the truth.

Deleting it loses nothing: the next run re-reads the story files and fetches every feed.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .records import FeedCache

logger = logging.getLogger(__name__)
VERSION = 1


@dataclass
class State:
    feeds: dict[str, FeedCache] = field(default_factory=dict)
    files: dict[str, dict] = field(default_factory=dict)


def load_state(path: Path) -> State:
    if not path.exists():
        return State()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}")
        feeds = {k: FeedCache(**v) for k, v in data.get("feeds", {}).items()}
        return State(feeds=feeds, files=dict(data.get("files", {})))
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        logger.warning("%s: ignoring the ingestion state (%s); it will be rebuilt", path, exc)
        return State()


def save_state(path: Path, state: State) -> None:
    data = {
        "version": VERSION,
        "feeds": {k: vars(v) for k, v in sorted(state.feeds.items())},
        "files": dict(sorted(state.files.items())),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".state.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
