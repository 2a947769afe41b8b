"""Worker processes for the CPU-bound stages (analysing feeds, rendering story files)."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

MAX_WORKERS = 8
# How often a worker checks that its parent is alive: how long an orphan can outlive it.
PARENT_CHECK_SECONDS = 0.2


def default_workers() -> int:
    """One per core, up to MAX_WORKERS."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def can_fork() -> bool:
    # Forked workers inherit the loaded modules and the compiled lexicon instead of building
    # them again; where fork is not offered (Windows) the work is done in this process.
    return "fork" in multiprocessing.get_all_start_methods()


def process_pool(workers: int) -> ProcessPoolExecutor:
    """Forked workers (in the caller's process group) that exit when the caller dies.

    A forked worker holds a copy of every descriptor of its parent, the content lock's
    included (lock.py): killed alone, the parent would leave workers blocked on their queue,
    keeping the lock for ever. Each worker watches its parent instead and ends with it."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=exit_with_parent,
        initargs=(os.getpid(),),
    )


def exit_with_parent(parent: int) -> None:
    """In a worker: end this process as soon as `parent` is no longer its parent."""
    if os.getppid() != parent:  # died before this worker started
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    # No cleanup to run: the worker holds nothing but its copy of the parent's descriptors.
    os._exit(1)
