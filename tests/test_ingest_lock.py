"""One writer at a time on a content folder, and a lock that dies with its holder.

`newswire ingest` and every editor command that writes (publish, reject, merge, split, new,
registry add) take the content folder's lock; killing the main ingest process alone, with
SIGKILL or SIGTERM, at any moment, never leaves the next run locked out.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import NEWSWIRE, ROOT, process_alive, run_newswire
from feeds import item, rss, write_feed
from rideau.newswire.lock import ContentBusyError, content_lock

SEED = 20261206


def test_the_lock_is_exclusive_and_waits_then_gives_up(registry_only) -> None:
    told = []
    with content_lock(registry_only):
        started = time.monotonic()
        busy = pytest.raises(ContentBusyError, match="still writing to")
        with busy, content_lock(registry_only, wait=0.3, on_wait=lambda: told.append(1)):
            pass
        assert time.monotonic() - started >= 0.3 and told == [1]
    with content_lock(registry_only, wait=0):  # released
        pass


def test_an_editor_command_waits_for_the_lock_holder(registry_only, tmp_path) -> None:
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    run_newswire(registry_only, "ingest", "--state", str(tmp_path / "state"), str(feed))
    (story,) = (registry_only / "stories").rglob("*.fr.md")
    slug = story.name.split(".")[0]
    with content_lock(registry_only):  # as a running ingest holds it
        publish = subprocess.Popen(
            [NEWSWIRE, "publish", slug, "--as-is", "--content", str(registry_only)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(1.5)
        assert publish.poll() is None  # waiting, not writing
        assert "status: draft" in story.read_text(encoding="utf-8")
    _out, err = publish.communicate(timeout=30)
    assert publish.returncode == 0, err
    assert "waiting for it to end" in err
    assert "status: published" in story.read_text(encoding="utf-8")


@pytest.mark.slow
def test_publish_during_ingests_is_never_reverted(registry_only, tmp_path) -> None:
    """The race seen: publish while an ingest rewrites the same draft with new coverage."""
    first = write_feed(
        tmp_path / "feeds" / "0.xml", rss([item("Zorgstream", "https://a.example/0")])
    )
    run_newswire(registry_only, "ingest", "--state", str(tmp_path / "state"), str(first))
    slug = next((registry_only / "stories").rglob("*.fr.md")).name.split(".")[0]
    for n in range(1, 7):
        more = write_feed(tmp_path / "feeds" / f"{n}.xml", rss(
            [item("Zorgstream", f"https://a.example/{n}", day=1 + n % 3)]
        ))  # fmt: skip
        ingest = subprocess.Popen(
            [NEWSWIRE, "ingest", "--state", str(tmp_path / "state"), "--content", str(registry_only),
             str(more)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(random.Random(SEED + n).uniform(0.0, 0.4))
        verb = "publish" if n % 2 else "reject"
        if verb == "reject":  # a published story cannot be rejected: back to draft by hand
            for path in (registry_only / "stories").rglob(f"{slug}.*.md"):
                path.write_text(path.read_text(encoding="utf-8").replace(
                    "status: published", "status: draft"), encoding="utf-8")  # fmt: skip
            verb = "publish"
        run_newswire(registry_only, verb, slug, "--as-is")
        assert ingest.wait(timeout=120) == 0
        statuses = {
            p.name: "status: published" in p.read_text(encoding="utf-8")
            for p in (registry_only / "stories").rglob(f"{slug}.*.md")
        }
        assert statuses and all(statuses.values()), (n, statuses)


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # the task ended meanwhile
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


@pytest.fixture(scope="module")
def big_feeds(tmp_path_factory) -> Path:
    """More than 2 MB of feeds: enough for ingest to analyse them in worker processes."""
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    base = tmp_path_factory.mktemp("big")
    synth.write_feeds(3000, base / "feeds", files=6)
    synth.registry_for_feeds(base / "content")
    return base


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_killing_the_main_ingest_alone_never_locks_the_next_run(big_feeds, tmp_path) -> None:
    rng = random.Random(SEED)
    with_workers = 0
    for kill, sig in enumerate([signal.SIGKILL, signal.SIGTERM] * 3):
        content = tmp_path / f"run{kill}" / "content"
        shutil.copytree(big_feeds / "content", content)
        (content / "stories").mkdir(exist_ok=True)
        state = tmp_path / f"run{kill}" / "state"
        command = [NEWSWIRE, "ingest", "--workers", "2", "--max-new-stories", "0",
                   "--content", str(content), "--state", str(state), str(big_feeds / "feeds")]  # fmt: skip
        main = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + rng.uniform(0.5, 3.0)  # a run takes about 6 s
        workers: set[int] = set()
        while time.monotonic() < deadline and main.poll() is None:
            workers |= _children(main.pid)
            time.sleep(0.02)
        workers |= _children(main.pid)
        # The main process only, not its group; a run that already ended is not killed.
        with contextlib.suppress(ProcessLookupError):
            if main.poll() is None:
                os.kill(main.pid, sig)
        main.wait(timeout=30)
        with_workers += bool(workers)
        gone_by = time.monotonic() + 5
        while any(process_alive(w) for w in workers) and time.monotonic() < gone_by:
            time.sleep(0.05)
        assert not [w for w in workers if process_alive(w)], (
            f"kill {kill} ({sig.name}): orphans left"
        )
        report = tmp_path / f"run{kill}" / "report.json"
        started = time.monotonic()
        process = subprocess.run(
            [*command[:-1], "--report", str(report), command[-1]],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert process.returncode == 0, process.stderr
        assert "waiting" not in process.stderr and time.monotonic() - started < 60
        counts = json.loads(report.read_text(encoding="utf-8"))["counts"]
        assert counts["feeds_failed"] == 0
        assert not list(content.rglob("*.tmp"))
    assert with_workers >= 3  # most kills found worker processes to orphan


def test_a_worker_exits_when_its_parent_is_gone() -> None:
    """The watch itself, without ingest: a pool worker outliving its parent ends on its own."""
    code = (
        "import os, sys, time\n"
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
        "from rideau.newswire.workers import process_pool\n"
        "def pid(_):\n"
        "    time.sleep(0.3)\n"
        "    return os.getpid()\n"
        "pool = process_pool(2)\n"
        "print(' '.join(str(p) for p in set(pool.map(pid, range(4)))), flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in parent.stdout.readline().split()]
    assert pids
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while any(process_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in pids if process_alive(p)]


def test_two_ingests_never_write_at_once(registry_only, tmp_path) -> None:
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    results = []

    def run() -> None:
        results.append(
            run_newswire(registry_only, "ingest", "--state", str(tmp_path / "s"), str(feed))
        )

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.returncode == 0 for r in results)
    assert len(list((registry_only / "stories").rglob("*.md"))) == 1  # one story, written once
