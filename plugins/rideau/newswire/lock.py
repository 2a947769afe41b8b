"""One writer at a time on a content folder: `newswire ingest` and every editor command.

The lock is the kernel's (`flock` on the content folder itself), so it goes when the process
that holds it dies, however it dies: no lock file to clean up, nothing for `make serve` to see
change. Worker processes inherit the locked descriptor when they are forked; they watch their
parent and exit when it is gone (`workers.py`), so that an orphaned worker cannot keep the lock.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

# Long enough for an editor's command to outlast a typical ingest run, short enough that a
# command stuck behind a hung one says so.
DEFAULT_WAIT = 60.0
_POLL = 0.1


class ContentBusyError(RuntimeError):
    """Another newswire command is writing to the same content folder."""


@contextmanager
def content_lock(
    content: Path,
    *,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Hold the content folder's lock for the block; wait up to `wait` seconds for it.

    `on_wait` is called once, when the lock is not free at the first try (to tell the user).
    """
    descriptor = os.open(content, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _acquire(descriptor, content, wait, on_wait)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _acquire(
    descriptor: int, content: Path, wait: float, on_wait: Callable[[], None] | None
) -> None:
    deadline = time.monotonic() + max(0.0, wait)
    told = False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise ContentBusyError(
                    f"another newswire command (an ingest, or an editor's publish, reject, "
                    f"merge, split or new) is still writing to {content} after {wait:g} s; "
                    "try again when it ends"
                ) from None
            if not told and on_wait is not None:
                on_wait()
                told = True
            time.sleep(_POLL)
