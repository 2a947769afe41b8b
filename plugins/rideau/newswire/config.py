"""Ingestion settings, read from the site's pelicanconf.py (NEWSWIRE_* settings)."""

from __future__ import annotations

import runpy
from dataclasses import dataclass
from pathlib import Path

from rideau.newswire.records import FeedSource

DEFAULT_STATE = ".state/newswire.sqlite3"


class ConfigError(ValueError):
    """pelicanconf.py's NEWSWIRE_* settings cannot be used; the message names the setting."""


@dataclass(frozen=True)
class NewswireConfig:
    content: Path
    state: Path
    feeds: tuple[FeedSource, ...]
    status: str
    window_days: int
    max_new_stories: int = 1000


def load_config(settings_file: Path) -> NewswireConfig:
    """NEWSWIRE_* settings of `settings_file`, with paths relative to its folder."""
    root = settings_file.resolve().parent
    values = runpy.run_path(str(settings_file)) if settings_file.exists() else {}
    feeds = []
    for number, feed in enumerate(values.get("NEWSWIRE_FEEDS", ()), 1):
        if not isinstance(feed, dict) or not feed.get("url"):
            raise ConfigError(f"{settings_file}: NEWSWIRE_FEEDS entry {number} needs a 'url'")
        lang = feed.get("lang", "")
        if lang not in ("", "fr", "en"):
            raise ConfigError(
                f"{settings_file}: NEWSWIRE_FEEDS entry {number}: lang {lang!r} is not fr or en"
            )
        feeds.append(FeedSource(str(feed["url"]), str(feed.get("outlet", "")), lang))
    status = values.get("NEWSWIRE_STATUS", "draft")
    if status not in ("draft", "published", "hidden"):
        raise ConfigError(
            f"{settings_file}: NEWSWIRE_STATUS {status!r} is not draft, published or hidden"
        )
    return NewswireConfig(
        content=root / values.get("PATH", "content"),
        state=root / values.get("NEWSWIRE_STATE", DEFAULT_STATE),
        feeds=tuple(feeds),
        status=status,
        window_days=_count(settings_file, values, "NEWSWIRE_WINDOW_DAYS", 12),
        max_new_stories=_count(settings_file, values, "NEWSWIRE_MAX_NEW_STORIES", 1000),
    )


def _count(settings_file: Path, values: dict, name: str, default: int) -> int:
    value = values.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{settings_file}: {name} must be a whole number, 0 or more: {value!r}")
    return value
