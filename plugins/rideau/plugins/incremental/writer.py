"""A Pelican writer that renders a page only when its inputs changed since the last build."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from rideau.cachefile import load_cache, save_cache
from rideau.context import build_context
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

PLUGINS_ROOT = Path(__file__).resolve().parents[2]  # the whole rideau package


class RenderCache:
    """The keys of one site build and the manifest of the previous one."""

    def __init__(self, settings: Mapping, output_path: str, registry: Path) -> None:
        self.output_path = os.path.abspath(output_path)
        where = hash_parts(os.path.abspath(settings["PATH"]).encode(), self.output_path.encode())
        record = Path(settings["CACHE_PATH"]) / f"rideau-render-{where.hex()[:12]}.pickle"
        self.manifest = Manifest.load(record, Path(self.output_path))
        # None: a setting cannot be digested, and every page is rendered.
        self.site_key: bytes | None = None
        try:
            self.site_key = site_key(settings, settings["THEME"], [PLUGINS_ROOT], registry)
        except Uncacheable as exc:
            logger.warning("incremental: every page is rendered: %s cannot be digested", exc)
        self.digester = Digester()
        # The variables each template reads (parsing the theme's templates to find them costs
        # more than a no-change rebuild's other page keys): kept while the site key, which
        # digests the theme, is unchanged.
        self._variables_path = record.with_name(f"rideau-templates-{where.hex()[:12]}.pickle")
        stored = load_cache(self._variables_path, self.site_key) if self.site_key else None
        self._variables: dict[str, frozenset[str] | None] = (
            dict(stored) if isinstance(stored, dict) else {}
        )
        self._variables_found = len(self._variables)
        self._parsed: dict[str, tuple] = {}  # by template: what it reads and references
        self.uncacheable: dict[str, str] = {}  # template → why, logged once

    def save(self) -> None:
        """Keep the manifest of this build, and the variables of templates found this build."""
        self.manifest.save()
        if self.site_key is not None and len(self._variables) != self._variables_found:
            save_cache(self._variables_path, self.site_key, self._variables)

    def key(self, *parts: bytes) -> str | None:
        """The key of a file made from `parts`; None when the build is not cacheable."""
        if self.site_key is None:
            return None
        return hash_parts(self.site_key, *parts).hex()

    def page_key(self, template, localcontext: dict, kwargs: dict) -> str | None:
        """The key of one page render, or None when one of its inputs cannot be digested."""
        name = template.name
        if self.site_key is None:
            return None
        if name not in self._variables:
            self._variables[name] = template_variables(template.environment, name, self._parsed)
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


class IncrementalWriter(Writer):
    """Skips the pages whose key is the one recorded by the last build for the same file.

    The decision is made in `write_file`, Pelican's public Writer API, page by page: a listing
    is paginated here as Pelican would (the same Paginators, the same variables per page), and
    each page is either left as it is on disk (unchanged inputs, file untouched since) or handed
    to Pelican's `write_file` alone. A page left as it is still takes its file in `_claim_file`,
    so that two pages written to one file fail (or override) as in a full build.
    """

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        # Every file this build wrote or kept, and those claimed with override_output.
        self._claimed: set[str] = set()
        self._claimed_overriding: set[str] = set()

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if not name:
            return  # as Pelican: no file for this template
        cache = build_context(context, self.settings).render_cache
        for save_as, page_kwargs in self._pages(name, template_name, url, paginated, kwargs):
            path = sanitised_join(self.output_path, save_as)
            localcontext = _local_context(context, save_as, page_kwargs, relative_urls)
            if localcontext["localsiteurl"]:
                # As Pelican's writer does before rendering: content links are made
                # relative to the page being written, rendered or not.
                context["localsiteurl"] = localcontext["localsiteurl"]
            if not self._claim_file(path, override_output):
                # Another page, written with override_output, keeps the file.
                signals.content_written.send(path, context=localcontext)
                continue
            key = cache.page_key(template, localcontext, kwargs) if cache is not None else None
            if key is not None and cache.manifest.is_fresh(path, key):
                # Left as it is; Pelican's signal as for a page written (nothing else differs).
                signals.content_written.send(path, context=localcontext)
                continue
            before = _contents(path) if cache is not None else None
            super().write_file(
                save_as, template, context, relative_urls, paginated={},
                template_name=template_name, override_output=override_output, url=url,
                **page_kwargs,
            )  # fmt: skip
            if cache is not None:
                _keep_stamp_if_unchanged(path, before)
                cache.manifest.record(path, key)

    def _pages(self, name, template_name, url, paginated, kwargs) -> list[tuple[str, dict]]:
        """The files of one `write_file` call and the variables of each, paginated as Pelican's
        writer paginates (PAGINATED_TEMPLATES, DEFAULT_PAGINATION)."""
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        templates = self.settings["PAGINATED_TEMPLATES"]
        if not paginated or template_name not in templates:
            return [(name, kwargs)]
        per_page = templates[template_name] or self.settings["DEFAULT_PAGINATION"]
        paginators = {
            key: Paginator(name, url, val, self.settings, per_page)
            for key, val in paginated.items()
        }
        pages = []
        for number in range(next(iter(paginators.values())).num_pages):
            page_kwargs = kwargs.copy()
            for key, paginator in paginators.items():
                page = paginator.page(number + 1)
                page_kwargs.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": paginator.page(number) if number > 0 else None,
                        f"{key}_next_page": (
                            paginator.page(number + 2) if number + 1 < paginator.num_pages else None
                        ),
                    }
                )
            pages.append((page.save_as, page_kwargs))
        return pages

    def _claim_file(self, path: str, override: bool) -> bool:
        """Pelican's checks against two pages written to one file, for every page of this
        build, rewritten or not: False when an earlier page written with override_output
        keeps the file; FileOverwriteFailedError when two pages would write it."""
        if path in self._claimed_overriding:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in self._claimed and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it previously '
                "(set `override=True` if intended)"
            )
        if override:
            self._claimed_overriding.add(path)
        self._claimed.add(path)
        return True


def _contents(path: str) -> tuple[bytes, os.stat_result] | None:
    try:
        with open(path, "rb") as file:
            return file.read(), os.fstat(file.fileno())
    except OSError:
        return None


def _keep_stamp_if_unchanged(path: str, before: tuple[bytes, os.stat_result] | None) -> None:
    """A page rendered again to the same bytes keeps its modification time: what watches the
    output (the search index's fingerprint, an upload of changed files) sees it unchanged."""
    if before is None:
        return
    old, stat = before
    try:
        with open(path, "rb") as file:
            if file.read() != old:
                return
    except OSError:
        return
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _local_context(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """The variables of one page, as Pelican's writer makes them."""
    localcontext = context.copy()
    localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        localcontext["SITEURL"] = relative_url
        localcontext["localsiteurl"] = relative_url
    localcontext["output_file"] = name
    localcontext.update(kwargs)
    return localcontext
