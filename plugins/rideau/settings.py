"""Every Rideau setting, with its default, read once into a frozen object.

A build reads `RIDEAU_*` settings from Pelican's settings dict with `build_settings(settings)`;
ingestion reads `NEWSWIRE_*` settings (and the paths they share with the build) from
pelicanconf.py with `newswire_settings(settings_file)`. No other module reads a `RIDEAU_*` or
`NEWSWIRE_*` name, so each default is written here and nowhere else. README.md, "Settings",
documents them (tests/test_docs.py checks that it names each one).
"""

from __future__ import annotations

import runpy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

# The languages of the archive, the main one first: language -> its subsite folder ("" for
# the main site at /). Story files, the registry's descriptions and every interface string
# exist in each.
DEFAULT_LANGUAGES: Mapping[str, str] = MappingProxyType({"fr": "", "en": "en"})
STORY_STATUSES = ("draft", "published", "hidden")


class SettingsError(ValueError):
    """A setting cannot be used; the message names the file and the setting."""


@dataclass(frozen=True)
class BuildSettings:
    """The `RIDEAU_*` settings of one build (pelicanconf.py, publishconf.py)."""

    languages: tuple[str, ...] = tuple(DEFAULT_LANGUAGES)
    subsites: Mapping[str, str] = field(default_factory=lambda: DEFAULT_LANGUAGES)
    # Where absolute URLs point (feeds, OPML, sitemap, canonical links).
    public_url: str = "http://127.0.0.1:8000"
    # Tag URIs (RFC 4151) for feed entry ids.
    tag_authority: str = "rideau.archive"
    # Warnings about story files stop the build.
    strict: bool = False
    # Rebuild only what changed since the last build (caches in CACHE_PATH).
    incremental: bool = True
    # Build the Pagefind search index.
    search: bool = True
    # Make it in a process of its own that the build does not wait for (`make serve`: pages
    # are served at once, the index follows).
    search_in_background: bool = False
    # Story pages of one language site that one Pagefind run indexes at most: a site with more
    # is indexed in shards, one run after the other, which the search page merges. Pagefind
    # takes about 95 KB of memory per page (475 MB at 5,000 pages, 1.8 GB at 20,000).
    search_shard_pages: int = 5000
    # Entries per feed (None: every story).
    feed_max_items: int | None = 50
    # The registry folder, inside the content folder.
    registry_path: str = "registry"

    @property
    def main_language(self) -> str:
        return next(lang for lang, sub in self.subsites.items() if not sub)

    def registry_folder(self, content: str | Path) -> Path:
        return Path(content) / self.registry_path


def build_settings(settings: Mapping) -> BuildSettings:
    """The `RIDEAU_*` values of Pelican's `settings`, defaults filled in."""
    subsites = settings.get("RIDEAU_LANGUAGES") or DEFAULT_LANGUAGES
    if sum(1 for sub in subsites.values() if not sub) != 1:
        raise SettingsError(
            f"RIDEAU_LANGUAGES {dict(subsites)!r}: exactly one language must have the main "
            "site (an empty subsite folder)"
        )
    defaults = BuildSettings()
    return BuildSettings(
        languages=tuple(subsites),
        subsites=MappingProxyType(dict(subsites)),
        public_url=str(settings.get("RIDEAU_PUBLIC_URL", defaults.public_url)),
        tag_authority=str(settings.get("RIDEAU_TAG_AUTHORITY", defaults.tag_authority)),
        strict=bool(settings.get("RIDEAU_STRICT", defaults.strict)),
        incremental=bool(settings.get("RIDEAU_INCREMENTAL", defaults.incremental))
        and bool(settings.get("CACHE_PATH")),
        search=bool(settings.get("RIDEAU_SEARCH", defaults.search)),
        search_in_background=bool(
            settings.get("RIDEAU_SEARCH_IN_BACKGROUND", defaults.search_in_background)
        ),
        search_shard_pages=_shard_pages(
            settings.get("RIDEAU_SEARCH_SHARD_PAGES", defaults.search_shard_pages)
        ),
        feed_max_items=settings.get("RIDEAU_FEED_MAX_ITEMS", defaults.feed_max_items) or None,
        registry_path=str(settings.get("RIDEAU_REGISTRY_PATH", defaults.registry_path)),
    )


def _shard_pages(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingsError(f"RIDEAU_SEARCH_SHARD_PAGES {value!r}: a number of pages, at least 1")
    return value


@dataclass(frozen=True)
class NewswireSettings:
    """What ingestion and the editors' commands read from pelicanconf.py."""

    content: Path
    registry: Path
    state: Path
    # NEWSWIRE_FEEDS, checked: {url, outlet, lang} each.
    feeds: tuple[Mapping[str, str], ...]
    languages: tuple[str, ...] = tuple(DEFAULT_LANGUAGES)
    # Status of the stories ingestion writes.
    status: str = "draft"
    # Coverage of the same site within this many days is the same development: one action
    # is reported over up to about two weeks (seized, then charges unsealed).
    window_days: int = 14
    # New stories one run may write.
    max_new_stories: int = 1000


DEFAULT_STATE = ".state/newswire.sqlite3"


def newswire_settings(settings_file: Path) -> NewswireSettings:
    """The ingestion settings of `settings_file` (none: the defaults), paths relative to its
    folder."""
    root = settings_file.resolve().parent
    values = runpy.run_path(str(settings_file)) if settings_file.exists() else {}
    build = build_settings(values)
    content = root / values.get("PATH", "content")
    status = values.get("NEWSWIRE_STATUS", "draft")
    if status not in STORY_STATUSES:
        raise SettingsError(
            f"{settings_file}: NEWSWIRE_STATUS {status!r} is not draft, published or hidden"
        )
    feeds = checked_feeds(settings_file, values.get("NEWSWIRE_FEEDS", ()), build.languages)
    return NewswireSettings(
        content=content,
        registry=build.registry_folder(content),
        state=root / values.get("NEWSWIRE_STATE", DEFAULT_STATE),
        feeds=tuple(feeds),
        languages=build.languages,
        status=status,
        window_days=_count(
            settings_file, values, "NEWSWIRE_WINDOW_DAYS", NewswireSettings.window_days
        ),
        max_new_stories=_count(
            settings_file, values, "NEWSWIRE_MAX_NEW_STORIES", NewswireSettings.max_new_stories
        ),
    )


def checked_feeds(
    settings_file: Path, feeds: object, languages: tuple[str, ...]
) -> tuple[Mapping[str, str], ...]:
    """NEWSWIRE_FEEDS as {url, outlet, lang} entries: each needs a `url`; its `lang`, when
    given, is one of the archive's languages ("": the feed's own)."""
    if not isinstance(feeds, list | tuple):
        raise SettingsError(f"{settings_file}: NEWSWIRE_FEEDS must be a list of feeds")
    checked = []
    for number, feed in enumerate(feeds, 1):
        if not isinstance(feed, dict) or not feed.get("url"):
            raise SettingsError(f"{settings_file}: NEWSWIRE_FEEDS entry {number} needs a 'url'")
        lang = feed.get("lang", "")
        if lang not in ("", *languages):
            raise SettingsError(
                f"{settings_file}: NEWSWIRE_FEEDS entry {number}: lang {lang!r} is not "
                + " or ".join(languages)
            )
        checked.append(
            MappingProxyType(
                {"url": str(feed["url"]), "outlet": str(feed.get("outlet", "")), "lang": lang}
            )
        )
    return tuple(checked)


def _count(settings_file: Path, values: Mapping, name: str, default: int) -> int:
    value = values.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SettingsError(f"{settings_file}: {name} must be a whole number, 0 or more: {value!r}")
    return value
