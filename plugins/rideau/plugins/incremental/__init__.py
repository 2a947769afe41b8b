"""Rideau incremental builds: a page is rendered again only when what it shows has changed.

The `incremental` writer keys every page it writes with a digest of its inputs (see
digest.py) and skips the render when the last build wrote the same file from the same key;
the taxonomy plugin does the same for feeds. After the build, files the last build wrote and
this one did not are removed. Set RIDEAU_INCREMENTAL = False to render everything (production
builds do); the output is the same either way (tests/test_incremental.py).
"""

from __future__ import annotations

import logging

from pelican import signals

from rideau.plugins.incremental.writer import RENDER_CACHE_KEY, IncrementalWriter, RenderCache

__all__ = ["RENDER_CACHE_KEY", "IncrementalWriter", "RenderCache", "render_cache"]

logger = logging.getLogger(__name__)


def render_cache(settings: dict) -> RenderCache | None:
    """The render cache of the build being run, if incremental builds are on."""
    return settings.get(RENDER_CACHE_KEY)


def get_writer(pelican):
    if pelican.settings.get("RIDEAU_INCREMENTAL", True):
        return IncrementalWriter
    return None


def save_manifest(pelican) -> None:
    cache = render_cache(pelican.settings)
    if cache is None:
        return
    removed = cache.manifest.remove_stale()
    cache.manifest.save()
    logger.info(
        "%s site: %d files written, %d unchanged and kept, %d stale removed",
        pelican.settings["DEFAULT_LANG"],
        cache.manifest.written,
        cache.manifest.skipped,
        len(removed),
    )


def register() -> None:
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(save_manifest)
