"""`newswire ingest` killed with SIGKILL at random moments, then run again, loses nothing.

50 times: a fresh archive (registry and founding stories) on tmpfs, an ingest of the newswire-dev
feeds killed after a seeded random delay (0.05 s up to the length of an uninterrupted run), then a
normal run. After each pair the archive must match an uninterrupted reference run: the same story
files, the same story ids, every file parseable, no leftover temporary file, no duplicate story
and every entry the reference kept cited in some file.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, copy_reference_content
from rideau.newswire.urls import canonical_url
from rideau.storyfile.parse import load_front_matter, split_front_matter

pytestmark = pytest.mark.slow

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
KILLS = 50
SEED = 20240611


@dataclass(frozen=True)
class Archive:
    """A story archive on disk and the feeds it is fed with."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def state(self) -> Path:
        return self.root / "state.json"

    @property
    def report(self) -> Path:
        return self.root / "report.json"

    def command(self, feeds: Path) -> list[str]:
        return [
            NEWSWIRE, "ingest", "--all-stories", "--content", str(self.content),
            "--state", str(self.state), "--report", str(self.report), str(feeds),
        ]  # fmt: skip


def seed_content(destination: Path) -> Path:
    """The registry and the reference stories, copied once: every archive of the test starts
    from this same copy, whatever happens to content/ meanwhile."""
    return copy_reference_content(destination)


def fresh_archive(root: Path, seed: Path) -> Archive:
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(seed, root / "content")
    return Archive(root)


def story_texts(content: Path) -> dict[str, str]:
    return {
        path.relative_to(content).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((content / "stories").rglob("*.md"))
    }


def run_to_the_end(archive: Archive, feeds: Path) -> dict:
    process = subprocess.run(
        archive.command(feeds), cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stderr, process.stderr
    return json.loads(archive.report.read_text(encoding="utf-8"))


def run_and_kill(archive: Archive, feeds: Path, delay: float) -> bool:
    """Start a run and SIGKILL it after `delay` s; True when it was still running."""
    process = subprocess.Popen(
        archive.command(feeds), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return True


def archive_problems(content: Path, *, temporaries_allowed: bool = False) -> list[str]:
    """Unparseable story files, leftover temporary files and duplicate (slug, lang) pairs.

    A run killed inside a write leaves its temporary file (".name.xxx.tmp": no build reads
    it); the next run removes it, so only a normal run must leave none.
    """
    problems: list[str] = []
    keys: Counter = Counter()
    for path in sorted((content / "stories").rglob("*")):
        relative = path.relative_to(content).as_posix()
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            if not temporaries_allowed:
                problems.append(f"{relative}: leftover temporary file")
            continue
        if not path.is_file() or path.suffix != ".md":
            continue
        try:
            front, _body, _line = split_front_matter(relative, path.read_text(encoding="utf-8"))
            data = load_front_matter(front)
        except (ValueError, UnicodeDecodeError) as error:
            problems.append(f"{relative}: does not parse: {error}")
            continue
        if not isinstance(data, dict) or not data.get("slug") or not data.get("lang"):
            problems.append(f"{relative}: front matter without slug or lang")
            continue
        keys[(data["slug"], data["lang"])] += 1
    problems += [f"duplicate story {key}" for key, count in keys.items() if count > 1]
    return problems


def cited_urls(content: Path) -> set[str]:
    urls = set()
    for path in (content / "stories").rglob("*.md"):
        front, _body, _line = split_front_matter(path.name, path.read_text(encoding="utf-8"))
        for source in load_front_matter(front).get("sources") or []:
            if isinstance(source, dict) and source.get("url"):
                urls.add(canonical_url(str(source["url"])))
    return urls


def uninterrupted_seconds(root: Path, seed: Path, feeds: Path) -> float:
    """How long a whole run takes: the shorter of two, so that a busy machine during one of
    them does not make most delays outlast the run."""
    timings = []
    for _ in range(2):
        archive = fresh_archive(root, seed)
        started = time.monotonic()
        run_to_the_end(archive, feeds)
        timings.append(time.monotonic() - started)
    return min(timings)


@pytest.fixture
def tmpfs() -> Iterator[Path]:
    """A scratch folder in memory when the machine has /dev/shm: writes are fast, so kills land
    in the middle of writing more often."""
    parent = "/dev/shm" if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix="rideau-crash-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_killed_runs_followed_by_a_normal_run_lose_and_duplicate_nothing(tmpfs: Path) -> None:
    feeds = tmpfs / "feeds"
    shutil.copytree(SHARED / "corpora" / "newswire-dev" / "feeds", feeds)
    seed = seed_content(tmpfs / "seed")
    reference = fresh_archive(tmpfs / "reference", seed)
    initial = story_texts(reference.content)
    expected_report = run_to_the_end(reference, feeds)
    full_run = uninterrupted_seconds(tmpfs / "timing", seed, feeds)
    expected = story_texts(reference.content)
    expected_ids = sorted(story["id"] for story in expected_report["stories"])
    written = {path for path, text in expected.items() if initial.get(path) != text}
    reference_urls = {e["url"] for s in expected_report["stories"] for e in s["entries"]}
    assert archive_problems(reference.content) == [] and len(written) > 10

    rng = random.Random(SEED)
    killed = mid_write = after_write = inside_a_write = 0
    for attempt in range(KILLS):
        archive = fresh_archive(tmpfs / "run", seed)
        delay = rng.uniform(0.05, full_run)
        killed += run_and_kill(archive, feeds, delay)
        after_kill = story_texts(archive.content)
        changed = {path for path in written if after_kill.get(path) != initial.get(path)}
        mid_write += 0 < len(changed) < len(written)
        after_write += changed == written
        left = archive_problems(archive.content, temporaries_allowed=True)
        assert left == [], f"after kill {attempt} ({delay:.2f} s)"
        inside_a_write += any((archive.content / "stories").rglob(".*.tmp"))

        report = run_to_the_end(archive, feeds)

        where = f"kill {attempt} after {delay:.2f} s"
        assert archive_problems(archive.content) == [], where
        assert sorted(story_texts(archive.content)) == sorted(expected), where
        assert sorted(story["id"] for story in report["stories"]) == expected_ids, where
        assert reference_urls <= cited_urls(archive.content), where
    assert killed >= KILLS // 5  # most delays end before the run does
    print(
        f"crash safety: {KILLS} runs killed at random ({killed} still running when killed, "
        f"{mid_write} with story files partly written, {inside_a_write} inside a file's write, "
        f"{after_write} after every story was written), each followed by a normal run: "
        f"0 lost, 0 duplicated, 0 unparseable, "
        f"0 temporary files left (uninterrupted run {full_run:.2f} s)"
    )
