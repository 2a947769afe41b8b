"""The ingestion state: a cache of feed validators and of the archive index, never the truth.

Deleting it loses nothing: the next run re-reads the story files and fetches every feed.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .records import FeedCache
from .write import write_atomic

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
    write_atomic(path, json.dumps(data, ensure_ascii=False))
