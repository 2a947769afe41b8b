"""The search index made in a process of its own, which the build does not wait for.

`make serve` sets RIDEAU_SEARCH_IN_BACKGROUND: a rebuild's pages are written and served at
once, and each language site's index follows a few seconds later (the bundle is swapped in
whole, so a search meanwhile uses the last one). A new build stops the index run of the build
before it, which read pages that are being rewritten, and starts its own. One run makes every
shard the build found changed, one after the other (see `rideau.plugins.search`).

    python -m rideau.plugins.search.background --site OUTPUT --plan JSON
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rideau.plugins.search import ShardRun

logger = logging.getLogger(__name__)

MODULE = "rideau.plugins.search.background"


def start_indexer(
    output_path: str, runs: Sequence[ShardRun], bundles: Sequence[str], pidfile: Path
) -> None:
    """Start this build's index run of the site (the shards of `runs`; `bundles`: every
    shard of the site), unless one is under way for the same pages (the quick rewrite of
    `make serve` starts one before its build); an index run of other pages is stopped
    first."""
    fingerprint = plan_fingerprint(runs, bundles)
    running = _running(pidfile)
    if running is not None and fingerprint is not None and running[1] == fingerprint:
        logger.info("search index of %s: being made in the background", output_path)
        return
    stop_indexer(pidfile)
    plan = {"runs": [dataclasses.asdict(run) for run in runs], "bundles": list(bundles)}
    command = [sys.executable, "-m", MODULE, "--site", output_path, "--plan", json.dumps(plan)]
    # In the build's process group: stopping `make serve` stops it too.
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    pidfile.write_text(f"{process.pid}\n{fingerprint or ''}", encoding="utf-8")
    logger.info("search index of %s: being made in the background", output_path)


def plan_fingerprint(runs: Sequence[ShardRun], bundles: Sequence[str]) -> str | None:
    """What an index run reads: the fingerprints of its shards' pages (None when a build
    keeps none: every run is then a new one)."""
    if any(run.fingerprint is None for run in runs):
        return None
    digest = hashlib.blake2b(digest_size=16)
    digest.update("\0".join(bundles).encode())
    for run in runs:
        digest.update(f"\n{run.bundle}\0{run.fingerprint}".encode())
    return digest.hexdigest()


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
    parser.add_argument("--plan", required=True, help="the shards to make, as JSON")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from rideau.plugins.search import SearchIndexError, ShardRun, make_index

    plan = json.loads(args.plan)
    runs = [ShardRun(**run) for run in plan["runs"]]
    try:
        make_index(args.site, runs, plan["bundles"])
    except SearchIndexError as exc:
        logger.error("search index of %s: %s", args.site, exc)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
