"""Rideau search: index each language site with Pagefind, once its pages are written.

Runs at the end of each language build (Pelican's `finalized` signal), in that build's own
process, and writes the bundle into that site: `<output>/pagefind/` for the main language,
`<output>/en/pagefind/` for English. Every page of a language site has the same `<html
lang>`, so each bundle holds one index; only story articles (`data-pagefind-body`) are
indexed. A rebuild makes a site's index again only when one of its story pages changed: an
edit of a French story leaves the English index as it was.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from pelican import signals

from rideau.context import of_pelican
from rideau.plugins.search.background import start_indexer
from rideau.settings import BuildSettings, build_settings

logger = logging.getLogger(__name__)

PAGEFIND_VERSION = "1.5.2"


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed: the site would have a search page without an index."""


def pagefind_executable() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError:
        executable = None
    else:
        executable = get_executable()
    if executable is None:
        raise SearchIndexError(
            "Pagefind is not installed, so the search index cannot be built: run `make install`"
            f' (or `.venv/bin/pip install "pagefind[bin]=={PAGEFIND_VERSION}"`)'
        )
    return str(executable)


def story_pages_patterns(settings: dict) -> list[str]:
    """Where a language site writes its story pages, as glob patterns relative to its output.

    Story pages are the only ones with `data-pagefind-body`, so the only ones Pagefind needs
    to read: the term and listing pages it would otherwise parse, to index nothing from
    them, take about 40 % of its time at 5,000 stories. The main site's patterns do not
    reach into the other language sites' folders, which index themselves.
    """
    patterns = set()
    for key in ("ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS"):
        save_as = settings.get(key) or settings["ARTICLE_SAVE_AS"]
        save_as = save_as.replace("{date:%Y}", "[0-9][0-9][0-9][0-9]")
        patterns.add(_FIELD.sub("*", save_as))
    return sorted(patterns)


def story_pages_glob(settings: dict) -> str:
    """`story_pages_patterns` as one Pagefind glob."""
    return "{" + ",".join(story_pages_patterns(settings)) + "}"


_FIELD = re.compile(r"\{[^}]*\}")


BUNDLE = "pagefind"


def build_index(output_path: str, glob: str = "**/*.{html}") -> None:
    """Run Pagefind over the pages of `output_path` that match `glob` into
    `<output_path>/pagefind/`; raise SearchIndexError with its output on failure.

    The bundle is made beside the old one and then put in its place, so that a page served
    during a rebuild (`make serve`) finds a whole index, and files of deleted stories go.
    """
    output = Path(output_path)
    fresh, stale = output / f".{BUNDLE}.new", output / f".{BUNDLE}.old"
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [
        pagefind_executable(), "--site", output_path, "--glob", glob,
        "--output-subdir", fresh.name,
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)  # a partial bundle must not be published
        raise SearchIndexError(
            f"Pagefind failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
        )
    if (output / BUNDLE).exists():
        os.replace(output / BUNDLE, stale)
    os.replace(fresh, output / BUNDLE)
    shutil.rmtree(stale, ignore_errors=True)
    summary = [line.strip() for line in result.stdout.splitlines() if "Indexed" in line]
    logger.info("search index of %s: %s", output_path, ", ".join(summary) or "written")


def pages_fingerprint(pages: list[Path], patterns: list[str]) -> str:
    """Name, size and modification time of every page Pagefind reads (`pages`, found with
    `patterns`): a change to any other page leaves the index as it is."""
    digest = hashlib.blake2b(PAGEFIND_VERSION.encode(), digest_size=16)
    digest.update("\0".join(patterns).encode())
    for page in sorted(pages):
        stat = page.stat()
        digest.update(f"{page}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def story_pages(output_path: str, patterns: list[str]) -> list[Path]:
    output = Path(output_path)
    return [page for pattern in patterns for page in output.glob(pattern) if page.is_file()]


def index_site(pelican) -> None:
    """Index the story pages of this language site into its own folder.

    In incremental builds the index is kept when none of the site's story pages changed
    since it was made.
    """
    build = of_pelican(pelican)
    rideau = build.settings if build is not None else build_settings(pelican.settings)
    if rideau.search:
        refresh_index(pelican.settings, pelican.output_path, rideau)


def refresh_index(settings: dict, output_path: str, rideau: BuildSettings) -> None:
    """Make the index of the site in `output_path` again unless its story pages are those it
    was made from (or, in the background, those an index run under way is reading)."""
    output = Path(output_path)
    patterns = story_pages_patterns(settings)
    pages = story_pages(output_path, patterns)
    if not pages:
        # Pagefind cannot make an empty index; an old one would find deleted stories. The
        # search page then says that search could not load and links to the listings.
        shutil.rmtree(output / BUNDLE, ignore_errors=True)
        logger.warning("search index: no published story in %s, no index written", output_path)
        return
    record = fingerprint = None
    where = hashlib.blake2b(os.path.abspath(output_path).encode(), digest_size=6)
    cache = Path(settings.get("CACHE_PATH") or output_path)
    if rideau.incremental:
        record = cache / f"rideau-search-{where.hexdigest()}.txt"
        fingerprint = pages_fingerprint(pages, patterns)
        if (output / BUNDLE / "pagefind-entry.json").exists() and _read(record) == fingerprint:
            logger.info("search index of %s: no story page changed, kept", output_path)
            return
    if rideau.search_in_background:
        pidfile = cache / f"rideau-search-{where.hexdigest()}.pid"
        start_indexer(output_path, story_pages_glob(settings), pidfile, record, fingerprint)
        return
    build_index(output_path, story_pages_glob(settings))
    if record is not None:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(fingerprint, encoding="utf-8")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def register() -> None:
    signals.finalized.connect(index_site)
