"""The search index made in a process of its own, which the build does not wait for.

`make serve` sets RIDEAU_SEARCH_IN_BACKGROUND: a rebuild's pages are written and served at
once, and each language site's index follows a few seconds later (the bundle is swapped in
whole, so a search meanwhile uses the last one). A new build stops the index run of the build
before it, which read pages that are being rewritten, and starts its own.

    python -m rideau.plugins.search.background --site OUTPUT --glob GLOB
        [--record FILE --fingerprint F]
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

MODULE = "rideau.plugins.search.background"


def start_indexer(
    output_path: str, glob: str, pidfile: Path, record: Path | None, fingerprint: str | None
) -> None:
    """Start this build's index run of the site, unless one is under way for the same pages
    (the quick rewrite of `make serve` starts one before its build); an index run of other
    pages is stopped first."""
    running = _running(pidfile)
    if running is not None and fingerprint is not None and running[1] == fingerprint:
        logger.info("search index of %s: being made in the background", output_path)
        return
    stop_indexer(pidfile)
    command = [sys.executable, "-m", MODULE, "--site", output_path, "--glob", glob]
    if record is not None and fingerprint is not None:
        command += ["--record", str(record), "--fingerprint", fingerprint]
    # In the build's process group: stopping `make serve` stops it too.
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    pidfile.write_text(f"{process.pid}\n{fingerprint or ''}", encoding="utf-8")
    logger.info("search index of %s: being made in the background", output_path)


def _running(pidfile: Path) -> tuple[int, str] | None:
    """The index run under way for a site (its pid and the fingerprint of its pages)."""
    try:
        pid, _, fingerprint = pidfile.read_text(encoding="utf-8").partition("\n")
        pid = int(pid)
    except (OSError, ValueError):
        return None
    return (pid, fingerprint) if _is_indexer(pid) else None


def stop_indexer(pidfile: Path, grace: float = 5.0) -> None:
    running = _running(pidfile)
    if running is None:
        return  # finished, or the number is another process's now
    pid = running[0]
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while _is_indexer(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _is_indexer(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _is_indexer(pid: int) -> bool:
    """Whether `pid` is a running index process (a finished one's command line is empty)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return MODULE.encode() in command


def _stop(signum, frame) -> None:
    # Raised inside subprocess.run, which then kills Pagefind before leaving.
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", required=True)
    parser.add_argument("--glob", required=True)
    parser.add_argument("--record")
    parser.add_argument("--fingerprint")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from rideau.plugins.search import SearchIndexError, build_index

    try:
        build_index(args.site, args.glob)
    except SearchIndexError as exc:
        logger.error("search index of %s: %s", args.site, exc)
        return 1
    if args.record and args.fingerprint:
        Path(args.record).write_text(args.fingerprint, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
