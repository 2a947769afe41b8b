"""A Pelican writer that renders a page only when its inputs changed since the last build."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican.contents import Content
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from rideau.plugins.incremental.digest import (
    HELPER_VARIABLES,
    Digester,
    Uncacheable,
    hash_parts,
    site_key,
    template_variables,
)
from rideau.plugins.incremental.manifest import Manifest

logger = logging.getLogger(__name__)

RENDER_CACHE_KEY = "RIDEAU_RENDER_CACHE"
PLUGINS_ROOT = Path(__file__).resolve().parents[2]  # the whole rideau package


class RenderCache:
    """The keys of one site build and the manifest of the previous one."""

    def __init__(self, settings: dict, output_path: str) -> None:
        self.output_path = os.path.abspath(output_path)
        where = hash_parts(os.path.abspath(settings["PATH"]).encode(), self.output_path.encode())
        record = Path(settings["CACHE_PATH"]) / f"rideau-render-{where.hex()[:12]}.pickle"
        self.manifest = Manifest.load(record, Path(self.output_path))
        self.site_key = site_key(settings, settings["THEME"], [PLUGINS_ROOT])
        self.digester = Digester()
        self._variables: dict[str, frozenset[str] | None] = {}
        self.uncacheable: dict[str, str] = {}  # template → why, logged once

    def key(self, *parts: bytes) -> str:
        return hash_parts(self.site_key, *parts).hex()

    def page_key(self, template, localcontext: dict, kwargs: dict) -> str | None:
        """The key of one page render, or None when one of its inputs cannot be digested."""
        name = template.name
        if name not in self._variables:
            self._variables[name] = template_variables(template.environment, name)
        if self._variables[name] is None:
            return None  # a dynamic include: rendered every time
        wanted = (self._variables[name] | set(HELPER_VARIABLES) | set(kwargs)) & set(localcontext)
        digester = self.digester
        digester.use_context(localcontext)
        parts = [name.encode(), str(localcontext.get("output_file")).encode()]
        try:
            for variable in sorted(wanted):
                value = localcontext[variable]
                if variable in ("article", "page") and isinstance(value, Content):
                    digest = digester.page_subject(value)
                else:
                    digest = digester.value(value)
                parts += [variable.encode(), digest]
        except Uncacheable as exc:
            if name not in self.uncacheable:
                self.uncacheable[name] = str(exc)
                logger.debug("incremental: %s is always rendered (%s)", name, exc)
            return None
        return self.key(*parts)


class _Keyed:
    """A template that checks the manifest before rendering."""

    def __init__(self, template, writer: IncrementalWriter, kwargs: dict) -> None:
        self._template = template
        self._writer = writer
        self._kwargs = kwargs
        self.name = template.name
        self.environment = template.environment

    def render(self, localcontext: dict) -> str:
        writer = self._writer
        cache = writer.render_cache
        path = sanitised_join(writer.output_path, localcontext["output_file"])
        key = cache.page_key(self._template, localcontext, self._kwargs)
        if key is not None and cache.manifest.is_fresh(path, key):
            writer._unchanged.add(path)
            return ""
        writer._keys[path] = key
        return self._template.render(localcontext)


class _Recorded:
    """A file opened for writing that records its key once closed."""

    def __init__(self, handle, on_close) -> None:
        self._handle = handle
        self._on_close = on_close

    def __enter__(self):
        return self._handle

    def __exit__(self, *exc_info) -> None:
        self._handle.close()
        if exc_info[0] is None:
            self._on_close()


class IncrementalWriter(Writer):
    """Skips the pages whose key is the one recorded by the last build for the same file."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self.render_cache = RenderCache(self.settings, output_path)
        self.settings[RENDER_CACHE_KEY] = self.render_cache
        self._unchanged: set[str] = set()
        self._keys: dict[str, str | None] = {}

    def write_file(self, name, template, context, *args, **kwargs):
        named = {
            k: v
            for k, v in kwargs.items()
            if k not in ("relative_urls", "paginated", "template_name", "override_output", "url")
        }
        keyed = _Keyed(template, self, named)
        return super().write_file(name, keyed, context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        if filename in self._unchanged:
            self._unchanged.discard(filename)
            self._claim(filename, override)
            return open(os.devnull, "w", encoding=encoding)
        key = self._keys.pop(filename, None)
        kept_elsewhere = filename in self._overridden_files and not override
        handle = super()._open_w(filename, encoding, override)
        if key is None or kept_elsewhere:
            if not kept_elsewhere:
                self.render_cache.manifest.record(filename, None)
            return handle
        return _Recorded(handle, lambda: self.render_cache.manifest.record(filename, key))

    def _claim(self, filename: str, override: bool) -> None:
        """Pelican's checks against two pages written to one file, for a page not rewritten."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it'
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
