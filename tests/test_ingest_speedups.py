"""Ingestion's speed-ups give what the plain way gives: feeds analysed in worker processes,
story files written in one batch and indexed from what was written, front matter in one dump."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from rideau.newswire import analyse
from rideau.newswire.archive import file_stamp
from rideau.newswire.files import FileBatch, render_stories
from rideau.newswire.pipeline import Ingestion, IngestOptions
from rideau.newswire.records import FeedSource
from rideau.newswire.state import StateStore
from rideau.storyfile.render import dump_field, front_matter, render_story

DEV = SHARED / "corpora" / "newswire-dev"
EXTRA = ROOT / "tests" / "corpora" / "newswire-extra"
NEWSWIRE = str(Path(sys.executable).parent / "newswire")


def archive(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name / "content"
    shutil.copytree(ROOT / "content" / "registry", target / "registry")
    (target / "stories").mkdir()
    return target


def run(content: Path, workers: int) -> dict:
    options = IngestOptions(content=content, state_path=content.parent / "state.json",
                            workers=workers)  # fmt: skip
    sources = [FeedSource(str(DEV / "feeds")), FeedSource(str(EXTRA / "feeds"))]
    report = Ingestion(options).run(sources).report
    return json.loads(json.dumps(report).replace(content.as_posix(), "CONTENT"))


def files(content: Path) -> dict[str, str]:
    return {
        p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(content.rglob("*.md"))
    }


def test_feeds_analysed_in_worker_processes_give_the_same_report_and_files(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(analyse, "PARALLEL_MIN_BYTES", 0)  # the corpus is small
    calls = []
    parallel = analyse._analyse_in_processes
    monkeypatch.setattr(
        analyse, "_analyse_in_processes", lambda *a: calls.append(a[2]) or parallel(*a)
    )
    alone, together = archive(tmp_path, "alone"), archive(tmp_path, "together")
    expected = run(alone, workers=1)
    assert not calls
    assert run(together, workers=3) == expected
    assert calls == [3]
    assert files(together) == files(alone)
    assert expected["counts"]["stories_new"] > 10


def test_batches_spread_the_bytes_and_keep_the_order() -> None:
    from rideau.newswire.records import Fetched

    feeds = [Fetched(FeedSource(f"f{i}"), body=b"x" * (i % 5 + 1) * 100) for i in range(23)]
    batches = analyse._batches(feeds, 4)
    assert [f for batch in batches for f in batch] == feeds
    assert 1 < len(batches) <= 5 and all(batches)


def test_state_records_the_files_written_as_a_fresh_scan_reads_them(tmp_path) -> None:
    content = archive(tmp_path, "state")
    run(content, workers=1)
    with StateStore(content.parent / "state.json", read_only=True) as state:
        recorded = {path: state.file_record(path) for path in state.file_paths()}
    fresh = StateStore.in_memory()  # reads every file
    fresh.refresh(content)
    assert recorded == {path: fresh.file_record(path) for path in fresh.file_paths()}
    assert len(recorded) > 20


def test_a_file_edited_after_the_run_is_read_again(tmp_path) -> None:
    content = archive(tmp_path, "edited")
    run(content, workers=1)
    with StateStore(content.parent / "state.json") as state:
        path = state.file_paths()[0]
        story = content / path
        story.write_text(story.read_text(encoding="utf-8").replace("sites: [", "sites: [Ajout, "))
        index = state.refresh(content)
        assert state.file_record(path)["story"]["sites"][0] == "Ajout"
        assert "Ajout" in index.stories[state.file_record(path)["story"]["id"]].sites


def test_a_deleted_file_leaves_the_index(tmp_path) -> None:
    content = archive(tmp_path, "deleted")
    run(content, workers=1)
    with StateStore(content.parent / "state.json") as state:
        path = state.file_paths()[0]
        story_id = state.file_record(path)["story"]["id"]
        keys = state.index.stories[story_id].keys
        for file in (content / "stories").rglob(f"{story_id}.*.md"):
            file.unlink()
        index = state.refresh(content)
        assert story_id not in index.stories and path not in state.file_paths()
        assert index.story_for(keys) is None


def test_a_batch_moves_its_files_into_place_on_commit(tmp_path) -> None:
    target = tmp_path / "stories" / "2011" / "a.fr.md"
    with FileBatch(limit=100) as batch:
        batch.write(target, "new\n")
        assert not target.exists()  # nothing is visible before the commit
        assert len(list(target.parent.glob(".a.fr.md.*.tmp"))) == 1
    assert target.read_text() == "new\n"
    assert file_stamp(target) == batch.stamps[target]  # moving it kept what the state records
    assert not list(target.parent.glob("*.tmp"))


def test_a_batch_commits_when_full_and_leaves_nothing_when_interrupted(tmp_path) -> None:
    folder = tmp_path / "stories"
    with pytest.raises(KeyboardInterrupt), FileBatch(limit=2) as batch:
        for n in range(3):
            batch.write(folder / f"{n}.md", f"{n}\n")
        raise KeyboardInterrupt
    assert sorted(p.name for p in folder.iterdir()) == ["0.md", "1.md"]  # the first batch


def test_stories_rendered_in_worker_processes_are_the_same_text(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("rideau.newswire.files.PARALLEL_MIN_STORIES", 2)
    stories = [
        ({"title": f"Site {n} : fermeture", "slug": f"s-{n}", "sites": [f"Site {n}"],
          "newswire": {"id": f"s-{n}", "entries": [f"https://example.org/{n}"]}}, f"Texte {n}")
        for n in range(9)
    ]  # fmt: skip
    expected = [render_story(meta, body) for meta, body in stories]
    assert render_stories(stories, workers=2) == expected
    with FileBatch(workers=2) as batch:
        for n, (meta, body) in enumerate(stories):
            batch.write_story(tmp_path / f"{n}.md", meta, body)
        assert not list(tmp_path.glob("*.md"))
    assert [(tmp_path / f"{n}.md").read_text() for n in range(9)] == expected


def test_workers_must_be_a_positive_number(tmp_path) -> None:
    process = subprocess.run(
        [NEWSWIRE, "ingest", "--workers", "0", "--content", str(tmp_path), str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert process.returncode == 2
    assert "--workers" in process.stderr and "1 or more" in process.stderr


names = st.lists(st.text(max_size=15), max_size=3)
sources = st.lists(
    st.fixed_dictionaries(
        {"outlet": st.text(max_size=20), "date": st.just("2011-02-03"), "url": st.text()}
    ),
    max_size=3,
)


@hyp_settings(max_examples=300, deadline=None)
@given(
    title=st.text(min_size=1),
    summary=st.text(),
    sites=names,
    studios=names,
    sources=sources,
    why=names,
)
def test_front_matter_in_one_dump_is_the_text_of_one_dump_per_field(
    title, summary, sites, studios, sources, why
) -> None:
    meta = {
        "title": title, "slug": "a-2011", "lang": "fr", "date": "2011-02-03",
        "summary": summary, "sites": sites, "studios": studios, "outcomes": [],
        "status": "draft", "sources": sources,
        "newswire": {"why": why, "confidence": 0.5, "id": "a-2011", "entries": sites},
    }  # fmt: skip
    one_dump = front_matter(meta)
    assert one_dump == "".join(dump_field(key, value) for key, value in meta.items())


def test_render_story_writes_no_anchor_for_a_repeated_value() -> None:
    same = [{"outlet": "PC INpact", "url": "https://example.org/a", "date": "2011-02-03"}]
    meta = {"title": "A", "sources": same, "newswire": {"id": "a", "again": same}}
    text = render_story(meta, "Body")
    assert "&id" not in text and "*id" not in text
    assert "fingerprint: " in text and "newswire" in meta  # the caller's dict is left whole
