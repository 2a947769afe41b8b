"""`newswire ingest` end to end: the contract's report, idempotency, state deletion, editors' edits."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import ROOT, SHARED, copy_reference_content, run_pelican
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from rideau.storyfile.render import dump_yaml

DEV = SHARED / "corpora" / "newswire-dev"
NEWSWIRE = str(Path(sys.executable).parent / "newswire")


def ingest(content: Path, state: Path, *sources: str | Path, extra: tuple[str, ...] = ()):
    """Run the real command; returns (process, report)."""
    report = state.parent / "report.json"
    report.unlink(missing_ok=True)
    command = [
        NEWSWIRE, "ingest", "--content", str(content), "--state", str(state),
        "--report", str(report), *extra, *map(str, sources),
    ]  # fmt: skip
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    return process, json.loads(report.read_text(encoding="utf-8"))


def snapshot(content: Path) -> dict[str, str]:
    return {
        p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((content / "stories").rglob("*.md"))
    }


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    copy_reference_content(target)
    return target


@pytest.fixture
def empty_archive(tmp_path: Path) -> Path:
    """Only the registry: what ingestion proposes by itself."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "registry", target / "registry")
    (target / "stories").mkdir()
    return target


def feed_links() -> Counter:
    links: Counter = Counter()
    for path in sorted((DEV / "feeds").glob("*.xml")):
        for entry in feedparser.parse(path.read_bytes()).entries:
            links[entry.link] += 1
    return links


def test_report_has_the_contract_shape_and_accounts_for_every_entry_once(empty_archive, tmp_path):
    process, report = ingest(empty_archive, tmp_path / "state.json", DEV / "feeds")
    assert set(report) >= {"stories", "rejected", "errors", "counts"}
    assert set(report["counts"]) == {
        "entries",
        "stories_new",
        "stories_updated",
        "rejected",
        "feeds_failed",
    }
    assert report["errors"] == [] and report["counts"]["feeds_failed"] == 0
    seen: Counter = Counter()
    for story in report["stories"]:
        assert {
            "id",
            "path",
            "status",
            "title",
            "event_date",
            "sites",
            "studios",
            "outcomes",
            "entries",
        } <= set(story)
        assert story["status"] == "new"
        assert Path(story["path"]).is_file()
        assert set(story["title"]) <= {"fr", "en"} and story["title"]
        for entry in story["entries"]:
            assert set(entry) >= {
                "link",
                "url",
                "guid",
                "source",
                "outlet",
                "lang",
                "title",
                "published",
            }
            assert entry["lang"] in ("fr", "en") and entry["published"].startswith("20")
            seen[entry["link"]] += 1
    for rejection in report["rejected"]:
        assert rejection["reason"] in ("not-relevant", "duplicate-entry") or rejection[
            "reason"
        ].startswith("invalid: ")
        seen[rejection["link"]] += 1
    assert seen == feed_links()  # every entry read appears exactly once
    assert report["counts"]["stories_new"] == len(report["stories"])
    summary = process.stderr.strip().splitlines()[-1]
    in_stories = sum(len(story["entries"]) for story in report["stories"])
    assert summary.startswith(
        f"{report['counts']['entries']} entries read: {in_stories} new "
        f"({len(report['stories'])} stories)"
    )
    assert report["counts"]["entries"] == sum(seen.values())


def test_allostream_coverage_is_one_story_and_allostreaming_another(empty_archive, tmp_path):
    _, report = ingest(empty_archive, tmp_path / "state.json", DEV / "feeds")

    def story_with(fragment: str) -> dict:
        return next(
            s for s in report["stories"] if any(fragment in e["link"] for e in s["entries"])
        )

    allostream = story_with("61902-allostream-warner-fermeture")
    links = " ".join(e["link"] for e in allostream["entries"])
    assert "01net.example/actualites/piratage-allostream-rend-les-armes" in links
    assert "torrentfreak.example/allostream-shuts-down" in links
    assert {e["lang"] for e in allostream["entries"]} == {"fr", "en"}
    assert allostream["sites"] == ["Allostream"]
    assert allostream["studios"] == ["Warner Bros."]
    assert allostream["outcomes"] == ["notice", "shutdown"]
    assert set(allostream["title"]) == {"fr", "en"}
    blocking = story_with("84310-allostreaming-blocage")
    assert blocking["id"] != allostream["id"] and "Allostreaming" in blocking["sites"]


def test_new_coverage_of_an_editors_story_is_appended_without_touching_the_rest(content, tmp_path):
    story = content / "stories" / "2011" / "allostream-warner-2011.fr.md"
    before = story.read_text(encoding="utf-8")
    _, report = ingest(content, tmp_path / "state.json", DEV / "feeds")
    merged = next(s for s in report["stories"] if s["id"] == "allostream-warner-2011")
    assert merged["status"] == "updated"
    after = story.read_text(encoding="utf-8")
    assert after.startswith(before.split("\nsources:\n")[0])  # everything up to the sources
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1]  # the body
    assert "https://www.pcinpact.example/actu/61902-allostream-warner-fermeture.htm" in after
    front = yaml.safe_load(after.split("\n---\n", 1)[0].removeprefix("---\n"))
    appended = "torrentfreak.example/allostream-shuts-down"
    assert sum(appended in s["url"] for s in front["sources"]) == 1
    # ...and recorded for `newswire review`, the story being published.
    assert any(appended in url for url in front["newswire"]["new_coverage"])


def test_rerun_is_idempotent_and_state_deletion_loses_nothing(content, tmp_path):
    state = tmp_path / "state.json"
    ingest(content, state, DEV / "feeds")
    first = snapshot(content)
    process, report = ingest(content, state, DEV / "feeds")
    assert snapshot(content) == first
    assert report["counts"]["stories_new"] == report["counts"]["stories_updated"] == 0
    assert "9 feeds unchanged" in process.stderr
    state.unlink()
    _, report = ingest(content, state, DEV / "feeds")
    assert snapshot(content) == first  # no duplicate story, nothing rewritten
    assert report["stories"] and {s["status"] for s in report["stories"]} == {"unchanged"}
    assert report["counts"]["stories_new"] == report["counts"]["stories_updated"] == 0


def test_dry_run_writes_nothing(content, tmp_path):
    before = snapshot(content)
    _, report = ingest(content, tmp_path / "state.json", DEV / "feeds", extra=("--dry-run",))
    assert snapshot(content) == before and not (tmp_path / "state.json").exists()
    assert report["counts"]["stories_new"] > 5
    assert all(s["path"] is None for s in report["stories"])


def test_an_editors_edit_to_a_draft_survives_new_coverage(empty_archive, tmp_path):
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    for name in ("pcinpact.xml", "01net.xml"):
        shutil.copy(DEV / "feeds" / name, feeds / name)
    state = tmp_path / "state.json"
    _, report = ingest(empty_archive, state, feeds)
    allostream = next(s for s in report["stories"] if s["sites"] == ["Allostream"])
    draft = Path(allostream["paths"]["fr"])
    edited = re.sub(
        r"^title: .*$",
        "title: Mon titre — Allostream",
        draft.read_text(encoding="utf-8"),
        count=1,
        flags=re.M,
    )
    edited = edited.replace("Brouillon créé automatiquement", "Annotation de l’éditeur.", 1)
    draft.write_text(edited, encoding="utf-8")
    state.unlink()  # also survives the loss of the cache
    shutil.copy(DEV / "feeds" / "zataz.xml", feeds / "zataz.xml")  # new coverage of the same story
    _, report = ingest(empty_archive, state, feeds)
    after = draft.read_text(encoding="utf-8")
    assert "title: Mon titre — Allostream" in after and "Annotation de l’éditeur." in after
    assert "zataz.example/news/20944/allostream-warner-mise-en-demeure" in after
    assert next(s for s in report["stories"] if s["id"] == allostream["id"])["status"] == "updated"


def test_unedited_draft_is_rewritten_with_new_coverage(empty_archive, tmp_path):
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    shutil.copy(DEV / "feeds" / "pcinpact.xml", feeds / "pcinpact.xml")
    state = tmp_path / "state.json"
    _, report = ingest(empty_archive, state, feeds)
    allostream = next(s for s in report["stories"] if s["sites"] == ["Allostream"])
    draft = Path(allostream["paths"]["fr"])
    assert "1\u00a0article" in draft.read_text(encoding="utf-8")
    shutil.copy(DEV / "feeds" / "01net.xml", feeds / "01net.xml")
    ingest(empty_archive, state, feeds)
    text = draft.read_text(encoding="utf-8")
    assert "2\u00a0articles" in text and "01net.example" in text
    assert text.count("slug: ") == 1


def test_ingested_stories_build_into_both_language_sites(empty_archive, tmp_path):
    settings = tmp_path / "ingestconf.py"
    settings.write_text(
        f'PATH = "{empty_archive}"\nNEWSWIRE_STATUS = "published"\n', encoding="utf-8"
    )
    _, report = ingest(
        empty_archive, tmp_path / "state.json", DEV / "feeds", extra=("--settings", str(settings))
    )
    shutil.copytree(ROOT / "content" / "pages", empty_archive / "pages")
    result = run_pelican(empty_archive, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    for story in report["stories"]:
        for lang_prefix in ("", "en/"):
            year = story["paths"][next(iter(story["paths"]))].split("/stories/")[1][:4]
            page = tmp_path / "out" / f"{lang_prefix}{year}" / story["id"] / "index.html"
            assert page.is_file(), page
    assert "Allostream" in (
        tmp_path / "out" / "en" / "sites" / "allostream" / "index.html"
    ).read_text(encoding="utf-8")


def test_usage_errors_exit_non_zero(tmp_path):
    missing = subprocess.run(
        [NEWSWIRE, "ingest", "--content", str(tmp_path / "nowhere"), "x.xml"],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    bad = subprocess.run([NEWSWIRE, "frobnicate"], capture_output=True, text=True)
    assert bad.returncode == 2


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    requests_seen: list


class FeedHandler(BaseHTTPRequestHandler):
    """newswire-dev feeds with ETag / Last-Modified, plus a failing and a hanging feed."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests_seen.append(
            (self.path, self.headers.get("If-None-Match"), self.headers.get("User-Agent"))
        )
        if self.path == "/broken.xml":
            self.send_error(500, "Internal Server Error")
            return
        if self.path == "/hanging.xml":
            time.sleep(3)
            return
        path = DEV / "feeds" / self.path.lstrip("/")
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", "Tue, 05 Nov 2019 11:00:00 GMT")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def feed_server():
    server = FeedServer(("127.0.0.1", 0), FeedHandler)
    server.requests_seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_http_feeds_conditional_get_and_failures(feed_server, content, tmp_path):
    base = f"http://127.0.0.1:{feed_server.server_address[1]}"
    sources = [
        f"{base}/pcinpact.xml",
        f"{base}/broken.xml",
        f"{base}/01net.xml",
        f"{base}/hanging.xml",
    ]
    state = tmp_path / "state.json"
    process, report = ingest(content, state, *sources, extra=("--timeout", "1"))
    errors = {e["source"]: e["error"] for e in report["errors"]}
    assert set(errors) == {f"{base}/broken.xml", f"{base}/hanging.xml"}
    assert "500" in errors[f"{base}/broken.xml"] and "timed out" in errors[f"{base}/hanging.xml"]
    assert report["counts"]["feeds_failed"] == 2
    for source in errors:
        assert sum(source in line for line in process.stderr.splitlines()) == 1
    assert any(
        e["source"] == f"{base}/pcinpact.xml" for s in report["stories"] for e in s["entries"]
    )
    assert all("Rideau-newswire" in agent for _, _, agent in feed_server.requests_seen)
    first = snapshot(content)
    feed_server.requests_seen.clear()
    process, report = ingest(content, state, *sources, extra=("--timeout", "1"))
    conditional = {path for path, etag, _ in feed_server.requests_seen if etag}
    assert conditional == {"/pcinpact.xml", "/01net.xml"}  # ETags sent back: 304s
    assert report["stories"] == [] and snapshot(content) == first
    assert "2 feeds unchanged" in process.stderr


def test_all_stories_lists_the_whole_archive(content, tmp_path):
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    shutil.copy(DEV / "feeds" / "zataz.xml", feeds / "zataz.xml")
    _, report = ingest(content, tmp_path / "state.json", feeds, extra=("--all-stories",))
    ids = {s["id"] for s in report["stories"]}
    assert {"popcorn-time-2014", "t411-2017", "allostream-warner-2011"} <= ids
    untouched = next(s for s in report["stories"] if s["id"] == "popcorn-time-2014")
    assert untouched["status"] == "unchanged" and set(untouched["title"]) == {"fr", "en"}


def test_a_story_that_cannot_be_updated_safely_does_not_stop_the_others(content, tmp_path):
    story = content / "stories" / "2011" / "allostream-warner-2011.fr.md"
    text = story.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    flow = re.sub(
        r"\nsources:\n(  - .*\n(    .*\n)*)+",
        "\nsources: [{outlet: X, lang: fr, date: 2011-02-08, title: T, url: 'https://x.example/a'}]\n",
        front + "\n",
    )
    story.write_text(flow.rstrip("\n") + "\n---\n" + body, encoding="utf-8")
    before = story.read_text(encoding="utf-8")
    _, report = ingest(content, tmp_path / "state.json", DEV / "feeds")
    assert story.read_text(encoding="utf-8") == before  # left alone
    assert any(
        "allostream-warner-2011" in e["source"] and "one line" in e["error"]
        for e in report["errors"]
    )
    assert report["counts"]["stories_new"] > 5  # the other stories were written


@hyp_settings(max_examples=400, deadline=None)
@given(
    st.text(),
    st.lists(st.text(max_size=20), max_size=4),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
)
def test_story_files_are_written_as_pure_python_yaml_would(title, names, url) -> None:
    """libyaml writes story files (it is faster); its text is PyYAML's, emoji included."""
    block = {"sources": [{"outlet": title, "title": url, "url": url, "date": "2011-02-03"}]}
    for data, options in (
        ({"title": title}, {"sort_keys": False, "default_flow_style": False}),
        (block, {"sort_keys": False, "default_flow_style": False}),
        (names, {"default_flow_style": True}),
    ):
        options |= {"allow_unicode": True, "width": 10_000}
        assert dump_yaml(data, **options) == yaml.safe_dump(data, **options)
