"""Worker processes for the CPU-bound stages (analysing feeds, rendering story files)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

MAX_WORKERS = 8


def default_workers() -> int:
    """One per core, up to MAX_WORKERS."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def can_fork() -> bool:
    # Forked workers inherit the loaded modules and the compiled lexicon instead of building
    # them again; where fork is not offered (Windows) the work is done in this process.
    return "fork" in multiprocessing.get_all_start_methods()


def process_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
