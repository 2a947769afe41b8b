"""Editors' subcommands on a copy of the content, then re-ingestion: every decision holds."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, copy_reference_content, run_pelican
from rideau.storyfile.parse import load_front_matter, split_front_matter

DEV = SHARED / "corpora" / "newswire-dev" / "feeds"
NEWSWIRE = str(Path(sys.executable).parent / "newswire")


def newswire(content: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    process = subprocess.run(
        [NEWSWIRE, *args, "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert process.returncode == 0, process.stdout + process.stderr
    return process


def ingest(content: Path, state: Path, *sources: Path) -> dict:
    report = state.with_suffix(".report.json")
    newswire(content, "ingest", "--state", str(state), "--report", str(report), *map(str, sources))
    return json.loads(report.read_text(encoding="utf-8"))


def snapshot(content: Path) -> dict[str, str]:
    return {
        p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(content.rglob("*"))
        if p.is_file()
    }


def feed(tmp_path: Path, name: str, items: list[tuple[str, str, str, str]]) -> Path:
    """A small RSS feed: (link, title, RFC 822 date, description)."""
    from xml.sax.saxutils import escape

    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<pubDate>{d}</pubDate><description>{escape(s)}</description></item>"
        for link, t, d, s in items
    )
    path = tmp_path / "extra" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Extra</title>'
        f"<link>https://extra.example/</link><language>en</language>{body}</channel></rss>",
        encoding="utf-8",
    )
    return path


def torrentz_coverage(tmp_path: Path) -> Path:
    """New coverage of the Torrentz closure of August 2016, from an outlet not seen before."""
    return feed(tmp_path, "torrentz.xml", [(
        "https://extra.example/torrentz-gone", "Torrentz shuts down", "Sat, 06 Aug 2016 10:00:00 +0000",
        "Torrentz, the torrent meta-search engine, has shut down.",
    )])  # fmt: skip


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The shipped content plus the drafts that ingestion proposes from newswire-dev."""
    content = tmp_path / "content"
    copy_reference_content(content)
    ingest(content, tmp_path / "state.json", DEV)
    return content


def draft_ids(content: Path) -> list[str]:
    return [d["id"] for d in json.loads(newswire(content, "review", "--json").stdout)]


def source_urls(path: Path) -> list[str]:
    front = split_front_matter(path.name, path.read_text(encoding="utf-8"))[0]
    return [s["url"] for s in load_front_matter(front)["sources"]]


def edit(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
    text = re.sub(
        r"^summary: .*$", "summary: Résumé écrit par un éditeur.", text, count=1, flags=re.M
    )
    path.write_text(
        text.split("\n---\n")[0] + "\n---\nAnnotation écrite par un éditeur.\n", encoding="utf-8"
    )


def test_review_lists_drafts_newest_first_with_why_and_confidence(archive):
    queue = json.loads(newswire(archive, "review", "--json").stdout)
    assert len(queue) >= 5
    assert [d["date"] for d in queue] == sorted((d["date"] for d in queue), reverse=True)
    first = queue[0]
    assert {
        "id",
        "titles",
        "outlets",
        "languages",
        "sites",
        "studios",
        "outcomes",
        "confidence",
        "why",
    } <= set(first)
    assert 0 < first["confidence"] <= 1 and first["why"][0].endswith("new story")
    text = newswire(archive, "review").stdout
    assert first["id"] in text and "why:" in text and "confidence" in text


def test_publish_needs_an_editor_text_and_holds_on_reingest(archive, tmp_path):
    story = "torrentz-2016-08-05"
    refused = newswire(archive, "publish", story, check=False)
    assert refused.returncode == 2 and "still hold the text ingestion wrote" in refused.stderr
    for path in (archive / "stories" / "2016").glob(f"{story}.*.md"):
        edit(path, f"Torrentz ferme ({path.suffixes[0][1:]})")
    newswire(archive, "publish", story)
    files = sorted((archive / "stories" / "2016").glob(f"{story}.*.md"))
    assert all("status: published" in p.read_text(encoding="utf-8") for p in files)
    before = snapshot(archive)
    (tmp_path / "state.json").unlink()
    extra = torrentz_coverage(tmp_path)
    report = ingest(archive, tmp_path / "state.json", DEV, extra)
    assert next(s for s in report["stories"] if s["id"] == story)["status"] == "updated"
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "Annotation écrite par un éditeur." in text and "status: published" in text
        assert "https://extra.example/torrentz-gone" in text
    after = snapshot(archive)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed <= {p.relative_to(archive).as_posix() for p in files}


def test_rejected_story_and_its_entries_never_come_back(archive, tmp_path):
    story = "torrentz-2016-08-05"
    newswire(archive, "reject", story)
    assert not list((archive / "stories").rglob(f"{story}.*"))
    assert len(list((archive / "rejected").rglob(f"{story}.*.md"))) == 2
    (tmp_path / "state.json").unlink()
    extra = torrentz_coverage(tmp_path)
    report = ingest(archive, tmp_path / "state.json", DEV, extra)
    assert not list((archive / "stories").rglob(f"{story}*"))
    assert story not in {s["id"] for s in report["stories"]}
    why = {r["link"]: r.get("why", "") for r in report["rejected"]}
    assert "rejected by an editor" in why["https://extra.example/torrentz-gone"]


def test_merge_holds_for_old_and_new_coverage(archive, tmp_path):
    keep, fold = "the-pirate-bay-2015-01-31", "the-pirate-bay-2015-05-19"
    newswire(archive, "merge", keep, fold)
    assert not list((archive / "stories").rglob(f"{fold}.*"))
    kept = (archive / "stories" / "2015" / f"{keep}.en.md").read_text(encoding="utf-8")
    assert "court-orders-seizure-of-pirate-bay-domains" in kept
    (tmp_path / "state.json").unlink()
    extra = feed(tmp_path, "tpb.xml", [(
        "https://extra.example/tpb-domains", "Pirate Bay domains seized by Swedish court",
        "Wed, 20 May 2015 10:00:00 +0000", "A Swedish court ordered the seizure of The Pirate Bay domains.",
    )])  # fmt: skip
    report = ingest(archive, tmp_path / "state.json", DEV, extra)
    assert not list((archive / "stories").rglob(f"{fold}.*"))
    merged = next(s for s in report["stories"] if s["id"] == keep)
    assert "https://extra.example/tpb-domains" in {e["link"] for e in merged["entries"]}


def test_split_holds_on_reingest(archive, tmp_path):
    story = "zone-telechargement-2023-05-10"
    path = archive / "stories" / "2023" / f"{story}.en.md"
    url = "https://torrentfreak.example/zone-telechargement-founders-sentenced-230514/"
    assert url in path.read_text(encoding="utf-8")
    result = newswire(archive, "split", story, "--entries", url)
    new_id = re.search(r"new story (\S+):", result.stdout).group(1)
    assert url not in source_urls(path)
    assert source_urls(next((archive / "stories").rglob(f"{new_id}.en.md"))) == [url]
    before = snapshot(archive)
    (tmp_path / "state.json").unlink()
    report = ingest(archive, tmp_path / "state.json", DEV)
    assert snapshot(archive) == before
    split = next(s for s in report["stories"] if s["id"] == new_id)
    assert [e["link"] for e in split["entries"]] == [url]


def test_new_scaffolds_both_languages_that_check_and_build(archive, tmp_path):
    newswire(
        archive, "new", "--no-input", "--title-fr", "Allostream revient ?", "--title-en", "Allostream is back?",
        "--date", "2012-05-02", "--site", "allostream.com", "--studio", "Warner Bros. France",
        "--outcome", "relaunch", "--source", "https://news.example/allo | Example | en | 2012-05-02 | Back",
    )  # fmt: skip
    files = sorted((archive / "stories" / "2012").glob("allostream-2012.*.md"))
    assert [p.name for p in files] == ["allostream-2012.en.md", "allostream-2012.fr.md"]
    text = files[1].read_text(encoding="utf-8")
    assert "sites:\n- Allostream" in text and "- Warner Bros." in text and "status: draft" in text
    assert newswire(archive, "check").returncode == 0
    assert run_pelican(archive, tmp_path / "out").returncode == 0
    assert (tmp_path / "out" / "drafts" / "allostream-2012" / "index.html").exists()


def test_registry_add_and_its_errors(archive):
    newswire(archive, "registry", "add", "site", "Nowhere Stream", "--alias", "nowhere.example",
             "--status", "closed", "--years", "2019", "2020", "--description-fr", "Site fictif.",
             "--description-en", "A made-up site.")  # fmt: skip
    registry = archive / "registry" / "sites.yaml"
    assert "name: Nowhere Stream" in registry.read_text(encoding="utf-8")
    before = registry.read_text(encoding="utf-8")
    for args, message in (
        (("site", "nowhere stream"), "names both"),
        (("site", "Other", "--status", "gone"), "status must be one of"),
        (("site", "Other", "--years", "2019", "soon"), "is not a year"),
    ):
        result = newswire(archive, "registry", "add", *args, check=False)
        assert result.returncode == 2 and message in result.stderr
    assert registry.read_text(encoding="utf-8") == before


def test_check_prints_file_line_problems(archive):
    bad = archive / "stories" / "2011" / "allostream-warner-2011.fr.md"
    text = bad.read_text(encoding="utf-8").replace(
        "outcomes: [notice, shutdown]", "outcomes: [notice, closure]"
    )
    bad.write_text(text.replace("date: 2011-02-08", "date: 2099-01-01"), encoding="utf-8")
    twin = archive / "stories" / "2011" / "twin.fr.md"
    twin.write_text(text.replace("title:", "title: Jumeau", 1), encoding="utf-8")
    result = newswire(archive, "check", check=False)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(
        re.match(
            r".*allostream-warner-2011\.fr\.md:\d+: outcomes: 'closure' is not an outcome", line
        )
        for line in lines
    )
    assert any(
        re.match(r".*allostream-warner-2011\.fr\.md:\d+: date: 2099-01-01 is in the future", line)
        for line in lines
    )
    assert any(
        "twin.fr.md: slug: 'allostream-warner-2011' (fr) is also used by" in line for line in lines
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("publish", "no-such-story"), "no story with id 'no-such-story'"),
        (("reject", "allostream-warner-2011"), "is published"),
        (("merge", "torrentz-2016-08-05", "torrentz-2016-08-05"), "give each story once"),
        (
            ("merge", "torrentz-2016-08-05", "allostream-warner-2011"),
            "has been edited or published",
        ),
        (("split", "allostream-warner-2011", "--entries", "https://x.example/"), "has been edited"),
        (
            ("split", "zone-telechargement-2023-05-10", "--entries", "https://x.example/"),
            "does not cite",
        ),
        (
            (
                "new",
                "--no-input",
                "--title-fr",
                "x",
                "--title-en",
                "y",
                "--date",
                "2012-01-01",
                "--site",
                "Nope",
            ),
            "is not in content/registry/sites.yaml",
        ),
        (("new", "--no-input", "--title-fr", "x", "--date", "2012-01-01"), "Title (en): missing"),
    ],
)
def test_bad_requests_fail_clearly_and_change_nothing(archive, args, message):
    before = snapshot(archive)
    result = newswire(archive, *args, check=False)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert snapshot(archive) == before
