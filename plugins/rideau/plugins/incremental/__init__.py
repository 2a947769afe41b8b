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

from rideau.context import of_generator, of_pelican
from rideau.plugins.incremental.writer import IncrementalWriter, RenderCache

__all__ = ["IncrementalWriter", "RenderCache", "render_cache"]

logger = logging.getLogger(__name__)


def render_cache(generator) -> RenderCache | None:
    """The render cache of the run `generator` belongs to, if incremental builds are on."""
    return of_generator(generator).render_cache


def get_writer(pelican):
    build = of_pelican(pelican)
    if build is not None and build.render_cache is not None:
        return IncrementalWriter
    return None


def save_manifest(pelican) -> None:
    build = of_pelican(pelican)
    cache = build.render_cache if build is not None else None
    if cache is None:
        return
    removed = cache.manifest.remove_stale()
    cache.save()
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
