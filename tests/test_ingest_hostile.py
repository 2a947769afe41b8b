"""Hostile and careless input to `newswire`, round 2: a feed's channel title, very long names,
lone surrogates, huge feeds, editors' comments, bad options and state paths.

Each test is named after the finding it guards against (see docs/ingestion-limits.md)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_newswire, run_pelican
from feeds import item, rss, write_feed
from rideau.newswire.cluster import MAX_SLUG_LENGTH, bounded_slug
from rideau.newswire.display import printable, without_userinfo
from rideau.storyfile.parse import load_front_matter, split_front_matter
from rideau.storyfile.render import markdown_literal

EVIL_TITLE = (
    '<img src=x onerror=alert(1)><a href="javascript:alert(2)">Evil</a>'
    '<meta http-equiv="refresh" content="0;url=http://evil.example/"> [phish](http://evil.example/)'
    " </main></div> \x1b]0;pwned\x07 {: onclick=alert(3)}"
)


def ingest(
    content: Path, *sources: Path, extra: tuple[str, ...] = ()
) -> tuple[subprocess.CompletedProcess, dict]:
    report = content.parent / "report.json"
    report.unlink(missing_ok=True)
    process = run_newswire(
        content, "ingest", "--state", str(content.parent / "state.sqlite3"),
        "--report", str(report), *extra, *map(str, sources),
    )  # fmt: skip
    return process, json.loads(report.read_text(encoding="utf-8"))


def story_files(content: Path) -> dict[str, dict]:
    found = {}
    for path in sorted((content / "stories").rglob("*.md")):
        relative = path.relative_to(content).as_posix()
        front, _body, _ = split_front_matter(relative, path.read_text(encoding="utf-8"))
        found[relative] = load_front_matter(front)
    return found


# -- 1. the channel title ------------------------------------------------------------------


def test_markup_in_a_channel_title_is_text_in_story_files_and_pages(
    registry_only, tmp_path
) -> None:
    feed = write_feed(tmp_path / "feeds" / "evil.xml", rss(
        [item("Zorgstream", "https://evil.example/zorg")], title=EVIL_TITLE,
    ))  # fmt: skip
    _process, report = ingest(registry_only, feed)
    (story,) = report["stories"]
    outlet = story["entries"][0]["outlet"]
    assert "<" not in outlet and "\x1b" not in outlet and "\x07" not in outlet
    assert outlet.startswith("Evil [phish](http://evil.example/)")
    run_newswire(registry_only, "publish", story["id"], "--as-is")
    output = tmp_path / "output"
    built = run_pelican(registry_only, output)
    assert built.returncode == 0, built.stderr
    pages = [
        p for p in output.rglob("*.html") if "zorgstream" in p.read_text(encoding="utf-8").lower()
    ]
    assert len(pages) >= 4  # the story in both sites, the site's page, the home pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find("img", src="x"), page
        assert not soup.find("meta", attrs={"http-equiv": "refresh"}), page
        assert not [a for a in soup.find_all("a") if "javascript:" in a.get("href", "")], page
        assert not [
            a
            for a in soup.find_all("a")
            if 'evil.example/"' in str(a) or a.get("href") == "http://evil.example/"
        ], page
        assert not soup.find(attrs={"onclick": True}), page
    story_page = output / "2026" / story["id"] / "index.html"
    text = BeautifulSoup(story_page.read_text(encoding="utf-8"), "html.parser").get_text()
    assert "[phish](http://evil.example/)" in text  # shown as the text it is


def test_markdown_literal_renders_as_its_own_text() -> None:
    from markdown import Markdown

    converter = Markdown(extensions=["markdown.extensions.extra"], output_format="html5")
    for text in (EVIL_TITLE, "Arts & Culture", "a_b*c*", "`x`", "[^1]", "x\\y", "<!-- c -->"):
        html = converter.reset().convert("De " + markdown_literal(text))
        soup = BeautifulSoup(html, "html.parser")
        assert [t.name for t in soup.find_all()] == ["p"], html
        assert soup.get_text() == "De " + text, html


def test_review_prints_no_terminal_escape_from_a_feed(registry_only, tmp_path) -> None:
    feed = write_feed(tmp_path / "feeds" / "evil.xml", rss(
        [item("Zorgstream", "https://evil.example/zorg")], title="Outlet \x1b]0;pwned\x07\u202eevil",
    ))  # fmt: skip
    ingest(registry_only, feed)
    path = next((registry_only / "stories").rglob("*.fr.md"))
    # As an older version (or an editor) may have written it: the escapes in the file itself.
    text = re.sub(
        r"\ntitle: .*\n",
        r'\ntitle: "\\e[2J\\e]0;x\\a \\u202e"\n',
        path.read_text(encoding="utf-8"),
        count=1,
    )
    path.write_text(text, encoding="utf-8")
    review = run_newswire(registry_only, "review")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", review.stdout), review.stdout
    assert "\\x1b" in review.stdout


def test_printable_is_one_visible_line() -> None:
    assert printable("a\r\nb\x1b[2Jc\u202ed\x85") == "a\\x0d\\x0ab\\x1b[2Jc\\u202ed\\x85"
    assert printable("x" * 500, limit=10) == "x" * 9 + "…"
    assert without_userinfo("https://user:secret@host.example/feed") == "https://host.example/feed"
    assert without_userinfo("not a url") == "not a url"


# -- 2. very long names --------------------------------------------------------------------


def test_a_very_long_site_name_or_domain_does_not_crash_the_run(registry_only, tmp_path) -> None:
    long_name = "Z" * 10_000
    long_domain = ".".join(["a" * 60] * 150) + ".com"  # 9,000 characters
    feed = write_feed(tmp_path / "feeds" / "long.xml", rss([
        item(long_name, "https://outlet.example/long-name"),
        item("Barstream", "https://outlet.example/long-domain",
             description=f"Le domaine {long_domain} a été fermé et saisi par la police."),
        item("Quuxstream", "https://outlet.example/normal"),
    ]))  # fmt: skip
    for _ in range(2):  # and the next run too
        process, _report = ingest(registry_only, feed)
        assert "Traceback" not in process.stderr
    files = story_files(registry_only)
    assert any("Quuxstream" in data["sites"] for data in files.values())
    assert all(len(Path(path).name) < 100 for path in files)
    assert all(len(site) <= 80 for data in files.values() for site in data["sites"])
    assert not list(registry_only.rglob("*.tmp"))


def test_bounded_slug_keeps_short_slugs_and_hashes_long_ones() -> None:
    assert bounded_slug("allostream") == "allostream"
    long = bounded_slug("z" * 10_000)
    assert len(long) <= MAX_SLUG_LENGTH and re.fullmatch(r"z+-[0-9a-f]{8}", long)
    assert bounded_slug("z" * 10_000) != bounded_slug("z" * 10_001)


# -- 6. a lone surrogate --------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "description", "link"])
def test_a_lone_surrogate_rejects_its_entry_not_its_feed(registry_only, tmp_path, field) -> None:
    bad = item("Foostream", "https://outlet.example/bad")
    bad[field] = bad[field] + "MARK"
    body = rss([bad, item("Barstream", "https://outlet.example/good")])
    body = body.replace(b"MARK", b"&#xD800;" if field != "description" else b"&#55296;")
    feed = write_feed(tmp_path / "feeds" / "surrogate.xml", body)
    _process, report = ingest(registry_only, feed)
    assert report["errors"] == []
    assert [s["sites"] for s in report["stories"]] == [["Barstream"]]
    (rejected,) = report["rejected"]
    assert rejected["reason"].startswith("invalid: ") and field in rejected["reason"]


def test_an_entry_a_stage_fails_on_is_one_rejected_entry(
    registry_only, tmp_path, monkeypatch
) -> None:
    from rideau.newswire import analyse
    from rideau.newswire.pipeline import Ingestion, IngestOptions
    from rideau.newswire.records import FeedSource

    tag = analyse.Tagger.tag

    def failing(self, clean, unknown=None):
        if "Foostream" in clean.title:
            raise RecursionError("maximum recursion depth exceeded")
        return tag(self, clean, unknown)

    monkeypatch.setattr(analyse.Tagger, "tag", failing)
    feed = write_feed(tmp_path / "feeds" / "a.xml", rss([
        item("Foostream", "https://outlet.example/bad"),
        item("Barstream", "https://outlet.example/good"),
    ]))  # fmt: skip
    options = IngestOptions(content=registry_only, state_path=tmp_path / "state", workers=1)
    report = Ingestion(options).run([FeedSource(str(feed))]).report
    assert report["errors"] == [] and [s["sites"] for s in report["stories"]] == [["Barstream"]]
    (rejected,) = report["rejected"]
    assert rejected == {
        "link": "https://outlet.example/bad", "source": str(feed),
        "reason": "invalid: could not be analysed (RecursionError)",
    }  # fmt: skip


# -- 10. huge feeds and huge runs ---------------------------------------------------------


def test_new_stories_per_run_are_capped_and_the_rest_come_next_run(registry_only, tmp_path) -> None:
    sites = [f"Site{n:02d}stream" for n in range(5)]
    feed = write_feed(tmp_path / "feeds" / "many.xml", rss(
        [item(site, f"https://outlet.example/{site}") for site in sites]
    ))  # fmt: skip
    process, report = ingest(registry_only, feed, extra=("--max-new-stories", "2"))
    assert report["counts"]["stories_new"] == 2
    deferred = [r for r in report["rejected"] if "limit of 2 new stories" in r["reason"]]
    assert len(deferred) == 3 and all(r["reason"].startswith("invalid: ") for r in deferred)
    assert "5 new stories found, 2 written" in process.stderr
    _process, report = ingest(registry_only, feed, extra=("--max-new-stories", "2"))
    assert report["counts"]["stories_new"] == 2  # the feed was read again, not "unchanged"
    _process, report = ingest(registry_only, feed, extra=("--max-new-stories", "2"))
    assert report["counts"]["stories_new"] == 1
    assert {s for data in story_files(registry_only).values() for s in data["sites"]} == set(sites)


def test_entries_past_the_cap_of_a_feed_are_refused_with_a_reason(
    registry_only, tmp_path, monkeypatch
) -> None:
    from rideau.newswire import parse
    from rideau.newswire.pipeline import Ingestion, IngestOptions
    from rideau.newswire.records import FeedSource

    monkeypatch.setattr(parse, "MAX_ENTRIES_PER_FEED", 3)
    feed = write_feed(tmp_path / "feeds" / "big.xml", rss(
        [item(f"Site{n}stream", f"https://outlet.example/{n}") for n in range(5)]
    ))  # fmt: skip
    options = IngestOptions(content=registry_only, state_path=tmp_path / "state.sqlite3", workers=1)
    report = Ingestion(options).run([FeedSource(str(feed))]).report
    over = [r for r in report["rejected"] if "past the first 3 entries" in r["reason"]]
    assert [r["link"] for r in over] == ["https://outlet.example/3", "https://outlet.example/4"]
    assert report["counts"]["stories_new"] == 3


def test_the_summary_line_stays_one_short_line(registry_only, tmp_path) -> None:
    names = [f"Unknown{n:03d}stream" for n in range(40)]
    feed = write_feed(tmp_path / "feeds" / "names.xml", rss(
        [item(name, f"https://outlet.example/{name}") for name in names]
    ))  # fmt: skip
    process, report = ingest(registry_only, feed)
    summary = process.stderr.strip().splitlines()[-1]
    assert len(report["proposed_sites"]) == 40
    assert "and 30 more" in summary and len(summary) < 600


# -- 5. an editor's comment, and a failed write that must be retried -------------------------


def test_a_comment_on_the_sources_line_is_kept_and_coverage_appended(
    registry_only, tmp_path
) -> None:
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    _process, report = ingest(registry_only, feed)
    path = registry_only / report["stories"][0]["path"].split("/content/", 1)[1]
    text = path.read_text(encoding="utf-8").replace("sources:\n", "sources:  # checked by hand\n")
    path.write_text(text.rstrip() + " Annoté par un éditeur.\n", encoding="utf-8")
    more = write_feed(
        tmp_path / "feeds" / "b.xml", rss([item("Zorgstream", "https://b.example/2", day=2)])
    )
    _process, report = ingest(registry_only, more)
    assert report["errors"] == []
    updated = path.read_text(encoding="utf-8")
    assert "sources:  # checked by hand\n" in updated and "https://b.example/2" in updated


def test_a_story_that_cannot_be_written_is_retried_after_the_fix(registry_only, tmp_path) -> None:
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    _process, report = ingest(registry_only, feed)
    path = registry_only / report["stories"][0]["path"].split("/content/", 1)[1]
    data = load_front_matter(split_front_matter("x", path.read_text(encoding="utf-8"))[0])
    source = data["sources"][0]
    one_line = "sources: [{" + ", ".join(f"{k}: '{v}'" for k, v in source.items()) + "}]\n"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("sources:\n"), text.index("newswire:")
    path.write_text(text[:start] + one_line + text[end:], encoding="utf-8")
    more = write_feed(
        tmp_path / "feeds" / "b.xml", rss([item("Zorgstream", "https://b.example/2", day=2)])
    )
    process, report = ingest(registry_only, more)
    (error,) = report["errors"]
    assert error["source"] == f"story {report['stories'][0]['id']}"
    assert "`sources` is written on one line" in error["error"] and path.name in error["error"]
    assert report["counts"]["feeds_failed"] == 0 and "1 stories not written" in process.stderr
    fixed = path.read_text(encoding="utf-8").replace(one_line, "sources:\n" + "".join(
        f"  {'-' if n == 0 else ' '} {k}: '{v}'\n" for n, (k, v) in enumerate(source.items())
    ))  # fmt: skip
    path.write_text(fixed, encoding="utf-8")
    process, report = ingest(registry_only, more)
    assert report["errors"] == [] and "feeds unchanged" in process.stderr
    assert "0 feeds unchanged" in process.stderr  # read again: its entry was not written
    assert "https://b.example/2" in path.read_text(encoding="utf-8")


# -- 14. one-line errors, never a traceback ------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_a_bad_timeout_is_a_usage_error(registry_only, value) -> None:
    process = run_newswire(registry_only, "ingest", f"--timeout={value}", "x.xml", check=False)
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert "--timeout" in process.stderr and "seconds above 0" in process.stderr


def test_a_report_into_a_missing_folder_fails_before_the_run(registry_only, tmp_path) -> None:
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    process = run_newswire(registry_only, "ingest", "--state", str(tmp_path / "s"), "--report",
                       str(tmp_path / "missing" / "r.json"), str(feed), check=False)  # fmt: skip
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert "missing" in process.stderr and "does not exist" in process.stderr
    assert not list((registry_only / "stories").rglob("*.md"))  # nothing was done


def test_a_state_path_that_is_a_folder_is_a_clear_error(registry_only, tmp_path) -> None:
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    process = run_newswire(
        registry_only, "ingest", "--state", str(tmp_path), str(feed), check=False
    )
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert "is a folder" in process.stderr and str(tmp_path) in process.stderr


def test_a_broken_registry_under_ingest_is_a_clear_error(registry_only, tmp_path) -> None:
    (registry_only / "registry" / "sites.yaml").write_text("- name: [unclosed\n", encoding="utf-8")
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    process = run_newswire(
        registry_only, "ingest", "--state", str(tmp_path / "s"), str(feed), check=False
    )
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert "sites.yaml" in process.stderr


# -- the state: SQLite, one transaction per run ------------------------------------------


def test_the_state_is_sqlite_and_an_older_json_state_is_replaced(registry_only, tmp_path) -> None:
    state = registry_only.parent / "state.sqlite3"
    state.write_text('{"version": 1, "feeds": {}, "files": {}}', encoding="utf-8")
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    process, _report = ingest(registry_only, feed)
    assert "older version" in process.stderr
    with sqlite3.connect(state) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM feeds").fetchone()[0] == 1


def test_a_file_that_is_not_a_state_is_never_deleted(registry_only, tmp_path) -> None:
    precious = tmp_path / "notes.txt"
    precious.write_text("my notes\n", encoding="utf-8")
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    process = run_newswire(
        registry_only, "ingest", "--state", str(precious), str(feed), check=False
    )
    assert process.returncode == 2 and "not an ingestion state" in process.stderr
    assert precious.read_text(encoding="utf-8") == "my notes\n"


def test_a_database_that_is_not_a_state_is_never_emptied(registry_only, tmp_path) -> None:
    other = tmp_path / "notes.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE files (name TEXT)")
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO files VALUES ('mine')")
    feed = write_feed(
        tmp_path / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )
    process = run_newswire(registry_only, "ingest", "--state", str(other), str(feed), check=False)
    assert process.returncode == 2 and "not an ingestion state" in process.stderr
    with sqlite3.connect(other) as db:
        assert db.execute("SELECT name FROM files").fetchall() == [("mine",)]


def test_userinfo_of_a_source_never_reaches_stderr_or_the_report(registry_only, tmp_path) -> None:
    report = tmp_path / "r.json"
    process = run_newswire(registry_only, "ingest", "--state", str(tmp_path / "s"), "--timeout", "2",
                       "--report", str(report), "http://user:secret@127.0.0.1:9/feed", check=False)  # fmt: skip
    assert "secret" not in process.stderr
    assert "secret" not in report.read_text(encoding="utf-8")
