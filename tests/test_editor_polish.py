"""A new editor's first day: folder sources, a summary that adds up, placeholders never
published, and new coverage of published stories shown for review."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, copy_reference_content, run_newswire
from rideau.newswire.fetch import expand_sources
from rideau.newswire.records import FeedSource

DEV = SHARED / "corpora" / "newswire-dev" / "feeds"
REAL = SHARED / "corpora" / "real-feeds"
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
SUMMARY = re.compile(
    r"^(\d+) entries read: (\d+) new \(\d+ stor(?:y|ies)\), (\d+) merged into existing, "
    r"(\d+) already filed, (\d+) not relevant, (\d+) duplicates, (\d+) invalid; "
)


newswire = run_newswire


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


# -- (2) a scaffolded story's placeholders are never published silently ---------------------
def scaffold(content: Path, *extra: str) -> list[Path]:
    newswire(
        content, "new", "--no-input", "--title-fr", "Allostream revient", "--title-en",
        "Allostream is back", "--date", "2012-05-02", "--site", "Allostream", *extra,
    )  # fmt: skip
    return sorted((content / "stories" / "2012").glob("allostream-2012.*.md"))


def rewrite_body(path: Path, body: str) -> None:
    head, _sep, _body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(f"{head}\n---\n{body}\n", encoding="utf-8")


def test_publish_refuses_a_scaffolded_story_whose_text_is_the_placeholder(content: Path) -> None:
    files = scaffold(content, "--summary-fr", "Résumé écrit.", "--summary-en", "A summary.")
    before = {p: p.read_text(encoding="utf-8") for p in files}
    refused = newswire(content, "publish", "allostream-2012", check=False)
    assert refused.returncode == 2
    message = refused.stderr
    assert "allostream-2012.fr.md" in message and "allostream-2012.en.md" in message
    assert "annotation" in message and "--as-is" in message and "summary" not in message
    assert {p: p.read_text(encoding="utf-8") for p in files} == before
    rewrite_body(files[1], "Le site revient sous un autre nom.")
    refused = newswire(content, "publish", "allostream-2012", check=False)
    assert refused.returncode == 2 and "allostream-2012.en.md" in refused.stderr
    assert "allostream-2012.fr.md" not in refused.stderr
    rewrite_body(files[0], "The site came back under another name.")
    newswire(content, "publish", "allostream-2012")
    assert all("status: published" in p.read_text(encoding="utf-8") for p in files)


def test_publish_refuses_the_placeholder_summary_and_as_is_overrides(content: Path) -> None:
    files = scaffold(content)
    for path, body in zip(files, ("Annotation.", "Annotation écrite."), strict=True):
        rewrite_body(path, body)
    refused = newswire(content, "publish", "allostream-2012", check=False)
    assert refused.returncode == 2 and "summary" in refused.stderr
    newswire(content, "publish", "allostream-2012", "--as-is")
    assert all("status: published" in p.read_text(encoding="utf-8") for p in files)


# -- (3) trying ingestion changes nothing; new coverage of published stories is reviewed ----
def guide_commands() -> list[str]:
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    return re.findall(r"`(\.venv/bin/newswire ingest [^`]*newswire-dev/feeds)`", guide)


def test_the_guides_try_it_command_changes_nothing(content: Path, tmp_path: Path) -> None:
    commands = guide_commands()
    assert len(commands) == 2 and all("--dry-run" in c for c in commands)
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    args = commands[0].split()[1:]
    run = newswire(content, *args, "--state", str(tmp_path / "state.sqlite3"))
    assert "entries read" in run.stderr
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before


def published_with_new_coverage(content: Path) -> dict[str, list[str]]:
    """story id -> URLs, from `newswire review`'s section about published stories."""
    text = newswire(content, "review").stdout
    section = text.partition("Published stories with new coverage")[2]
    stories: dict[str, list[str]] = {}
    current = ""
    for line in section.splitlines():
        if match := re.match(r"^(\S+)  \[", line):
            current = match.group(1)
            stories[current] = []
        elif current and (match := re.match(r"^    new source: .* (https?://\S+)$", line)):
            stories[current].append(match.group(1))
    return stories


def test_sources_appended_to_published_stories_are_listed_until_acknowledged(
    content: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite3"
    newswire(content, "ingest", "--state", str(state), str(DEV))
    listed = published_with_new_coverage(content)
    assert listed and all(listed.values())
    story, urls = next(iter(sorted(listed.items())))
    files = sorted((content / "stories").rglob(f"{story}.*.md"))
    assert all("status: published" in p.read_text(encoding="utf-8") for p in files)
    assert all(u in files[0].read_text(encoding="utf-8") for u in urls)
    newswire(content, "publish", story)
    after = published_with_new_coverage(content)
    assert story not in after and set(after) == set(listed) - {story}
    # The next run that adds nothing lists nothing again.
    state.unlink()
    newswire(content, "ingest", "--state", str(state), str(DEV))
    assert story not in published_with_new_coverage(content)
