"""A new editor's first day: folder sources, a summary that adds up, placeholders never
published, and new coverage of published stories shown for review."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, copy_reference_content
from newswire.fetch import expand_sources
from newswire.records import FeedSource

DEV = SHARED / "corpora" / "newswire-dev" / "feeds"
REAL = SHARED / "corpora" / "real-feeds"
NEWSWIRE = str(Path(sys.executable).parent / "newswire")
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
SUMMARY = re.compile(
    r"^(\d+) entries read: (\d+) new \(\d+ stor(?:y|ies)\), (\d+) merged into existing, "
    r"(\d+) already filed, (\d+) not relevant, (\d+) duplicates, (\d+) invalid; "
)


def newswire(content: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    process = subprocess.run(
        [NEWSWIRE, *args, "--content", str(content)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    if check:
        assert process.returncode == 0, process.stdout + process.stderr
    return process


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    copy_reference_content(target)
    return target


# -- (9) folder sources and the summary line ------------------------------------------------
def test_a_folder_source_recurses_and_reads_only_feed_files(tmp_path: Path) -> None:
    root = tmp_path / "feeds"
    files = {
        "b/one.rss": RSS,
        "b/LICENSE": b"MIT License\n\nCopyright (c) 2020",
        "b/README": b"# Test feeds\n",
        "a/deeper/two.xml": RSS,
        "a/plain": b"\xef\xbb\xbf \n\t" + RSS,  # no extension, but a feed: BOM, space, `<`
        "a/feed-json": b'  {"version": "https://jsonfeed.org/version/1.1"}',
        "a/empty": b"",
        ".git/config.xml": RSS,
        "a/.hidden.xml": RSS,
        "notes.txt": b"<not a feed extension>",
        "top.atom": RSS,
    }
    for name, body in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(body)
    expanded = [Path(s.location).relative_to(root).as_posix() for s in expand_sources(
        [FeedSource(str(root))]
    )]  # fmt: skip
    assert expanded == ["a/deeper/two.xml", "a/feed-json", "a/plain", "b/one.rss", "top.atom"]


def test_the_real_feeds_corpus_reads_its_subfolders_and_no_license(tmp_path: Path) -> None:
    sources = [Path(s.location) for s in expand_sources([FeedSource(str(REAL))])]
    assert len(sources) > 100
    assert not [p for p in sources if p.name.startswith("LICENSE")]
    assert {p.parent.name for p in sources} == {"feed-rs", "miniflux", "netnewswire", "rss-parser"}


def summary_numbers(stderr: str) -> list[int]:
    line = stderr.strip().splitlines()[-1]
    match = SUMMARY.match(line)
    assert match, line
    return [int(n) for n in match.groups()]


def test_the_summary_line_adds_up_to_the_entries_read(content: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    state = tmp_path / "state.sqlite3"
    for _run in range(2):  # the second run, with no state, finds every entry already filed
        state.unlink(missing_ok=True)
        run = newswire(
            content, "ingest", "--state", str(state), "--report", str(report_path), str(DEV)
        )
        report = json.loads(report_path.read_text(encoding="utf-8"))
        total, *parts = summary_numbers(run.stderr)
        appearances = sum(len(s["entries"]) for s in report["stories"]) + len(report["rejected"])
        assert total == sum(parts) == report["counts"]["entries"] == appearances
    assert parts[3] > 0  # already filed


def test_invalid_entries_count_among_the_entries_read(content: Path, tmp_path: Path) -> None:
    feed = tmp_path / "bad.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bad</title>'
        "<item><title>No link</title></item>"
        "<item><title>Other</title><link>https://bad.example/a</link></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    report_path = tmp_path / "report.json"
    run = newswire(
        content, "ingest", "--dry-run", "--state", str(tmp_path / "s"), "--report",
        str(report_path), str(feed),
    )  # fmt: skip
    report = json.loads(report_path.read_text(encoding="utf-8"))
    total, *parts = summary_numbers(run.stderr)
    assert parts[-1] >= 1 and total == sum(parts) == report["counts"]["entries"]
