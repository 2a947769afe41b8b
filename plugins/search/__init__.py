"""Rideau search: index the built site with Pagefind, once both language sites are written.

Runs at the end of the main build (Pelican's `finalized` signal), after the `bilingual`
plugin has waited for the other language builds, so the index covers every language site.
Pagefind makes one index per `<html lang>`; only story articles (`data-pagefind-body`) are
indexed. The bundle goes to `<output>/pagefind/`, which the search pages load.
"""

from __future__ import annotations

import logging
import subprocess

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


def build_index(output_path: str) -> None:
    """Run Pagefind over `output_path`; raise SearchIndexError with its output on failure."""
    command = [pagefind_executable(), "--site", output_path, "--output-subdir", "pagefind"]
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


def index_site(pelican) -> None:
    """Index the whole output folder, from the main build only, after every language site."""
    from bilingual.subsites import is_subsite, wait_for_subsites

    if is_subsite(pelican.settings) or not pelican.settings.get("RIDEAU_SEARCH", True):
        return
    wait_for_subsites(pelican)  # no-op when `bilingual` already waited
    build_index(pelican.output_path)


def register() -> None:
    signals.finalized.connect(index_site)
