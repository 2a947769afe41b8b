"""Rideau search: index the built site with Pagefind, once both language sites are written.

Runs at the end of the main build (Pelican's `finalized` signal), after the `bilingual`
plugin has waited for the other language builds, so the index covers every language site.
Pagefind makes one index per `<html lang>`; only story articles (`data-pagefind-body`) are
indexed. The bundle goes to `<output>/pagefind/`, which the search pages load.
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
    """Where story pages are written, in every language site, as glob patterns.

    Story pages are the only ones with `data-pagefind-body`, so the only ones Pagefind needs
    to read: the term and listing pages it would otherwise parse, to index nothing from
    them, take about 40 % of its time at 5,000 stories.
    """
    patterns = set()
    for key in ("ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS"):
        save_as = settings.get(key) or settings["ARTICLE_SAVE_AS"]
        save_as = save_as.replace("{date:%Y}", "[0-9][0-9][0-9][0-9]")
        patterns.add(_FIELD.sub("*", save_as))
    prefixes = set((settings.get("RIDEAU_LANGUAGES") or {"": ""}).values())
    return sorted(f"{prefix}/{p}" if prefix else p for prefix in prefixes for p in patterns)


def story_pages_glob(settings: dict) -> str:
    """`story_pages_patterns` as one Pagefind glob."""
    return "{" + ",".join(story_pages_patterns(settings)) + "}"


_FIELD = re.compile(r"\{[^}]*\}")


def build_index(output_path: str, glob: str = "**/*.{html}") -> None:
    """Run Pagefind over the pages of `output_path` that match `glob`; raise SearchIndexError
    with its output on failure."""
    command = [
        pagefind_executable(), "--site", output_path, "--glob", glob,
        "--output-subdir", "pagefind",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    if result.returncode != 0:
        raise SearchIndexError(
            f"Pagefind failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
        )
    summary = [line.strip() for line in result.stdout.splitlines() if "Indexed" in line]
    logger.info("search index: %s", ", ".join(summary) or "written")


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
    """Index the whole output folder, from the main build only, after every language site.

    In incremental builds the index is kept when no story page changed since it was made.
    """
    from bilingual.subsites import is_subsite, wait_for_subsites

    settings = pelican.settings
    if is_subsite(settings) or not settings.get("RIDEAU_SEARCH", True):
        return
    wait_for_subsites(pelican)  # no-op when `bilingual` already waited
    patterns = story_pages_patterns(settings)
    pages = story_pages(pelican.output_path, patterns)
    if not pages:
        # Pagefind cannot make an empty index; an old one would find deleted stories. The
        # search page then says that search could not load and links to the listings.
        shutil.rmtree(Path(pelican.output_path) / "pagefind", ignore_errors=True)
        logger.warning("search index: no published story to index, no index written")
        return
    record = None
    if settings.get("RIDEAU_INCREMENTAL", True) and settings.get("CACHE_PATH"):
        where = hashlib.blake2b(os.path.abspath(pelican.output_path).encode(), digest_size=6)
        record = Path(settings["CACHE_PATH"]) / f"rideau-search-{where.hexdigest()}.txt"
        fingerprint = pages_fingerprint(pages, patterns)
        index = Path(pelican.output_path) / "pagefind" / "pagefind-entry.json"
        if index.exists() and _read(record) == fingerprint:
            logger.info("search index: no story page changed, index kept")
            return
    build_index(pelican.output_path, story_pages_glob(settings))
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
