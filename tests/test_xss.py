"""Every XSS payload of the shared corpus, in every field of kept entries, through to the site.

The 315 payloads of xss/vectors.json go into the title, summary, content, link, author and
category of entries that ingestion keeps (they report a police raid on a registry site), in one
RSS and one Atom file. The real `newswire ingest` writes them as published stories, the real
`pelican` builds the site, and then:
- every output file (HTML, feeds, OPML, sitemap) is parsed and must hold nothing executable;
- every page must carry a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval', and
  the theme must need neither (no inline script, no style element or attribute);
- headless Chromium opens the story pages, the home pages and a term page: no dialog may open
  and no request may leave the local server.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SHARED, run_pelican, serve_folder
from safety import is_theme_script, output_problems

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
VECTORS = json.loads((SHARED / "corpora" / "xss" / "vectors.json").read_text(encoding="utf-8"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
# Listings show 20 stories a page; payloads are grouped so that no listing needs a second page
# (see test_more_than_one_page_of_ingested_stories_builds for why).
PAYLOADS_PER_STORY = 22
FIRST_DATE = dt.datetime(2003, 1, 6, 9, 0, tzinfo=dt.UTC)
# XML 1.0 cannot carry C0 controls: the RSS file keeps them (and is parsed by feedparser's
# loose parser), the Atom file drops them (and is well-formed, read by the strict parser).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TITLE = "Police shut down streamzilla.to after a raid "
SUMMARY = "Allostream was shut down by police after a raid. "


def entry_date(number: int) -> dt.datetime:
    return FIRST_DATE + dt.timedelta(days=40 * (number // PAYLOADS_PER_STORY))


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rss_item(number: int, payload: str, when: dt.datetime | None = None) -> str:
    date = (when or entry_date(number)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (
        f"<item><title>{escape(TITLE + payload)}</title>"
        f"<link>{escape(f'https://xss.example/rss/{number}/?p={payload}')}</link>"
        f'<guid isPermaLink="false">rss-{number}</guid>'
        f"<description>{escape(SUMMARY + payload)}</description>"
        f"<content:encoded>{cdata('<p>' + SUMMARY + '</p>' + payload)}</content:encoded>"
        f"<author>{escape(f'editor@xss.example ({payload})')}</author>"
        f"<category>{escape(payload)}</category><pubDate>{date}</pubDate></item>"
    )


def rss_feed() -> str:
    items = "".join(rss_item(n, v["payload"]) for n, v in enumerate(VECTORS))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>XSS wire</title><link>https://xss.example/</link><language>en</language>"
        f"<description>Payloads</description>{items}</channel></rss>\n"
    )


def atom_entry(number: int, raw: str) -> str:
    payload = XML_INVALID.sub("", raw)
    date = entry_date(number).isoformat().replace("+00:00", "Z")
    link = quoteattr(f"https://xss.example/atom/{number}/?p={payload}")
    return (
        f'<entry><title type="html">{escape(TITLE + payload)}</title>'
        f'<link rel="alternate" href={link}/><id>urn:xss:atom:{number}</id>'
        f"<updated>{date}</updated><published>{date}</published>"
        f"<author><name>{escape(payload)}</name></author>"
        f"<category term={quoteattr(payload)}/>"
        f'<summary type="html">{escape(SUMMARY + payload)}</summary>'
        f'<content type="html">{escape("<p>" + SUMMARY + "</p>" + payload)}</content></entry>'
    )


def atom_feed() -> str:
    entries = "".join(atom_entry(n, v["payload"]) for n, v in enumerate(VECTORS))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>XSS atom wire</title>'
        "<id>urn:xss:atom</id><updated>2020-01-01T00:00:00Z</updated>"
        f'<link rel="alternate" href="https://xss.example/"/>{entries}</feed>\n'
    )


def ingest_published(content: Path, work: Path, *sources: Path) -> tuple[str, dict]:
    settings = work / "ingestconf.py"
    settings.write_text(f'PATH = "{content}"\nNEWSWIRE_STATUS = "published"\n', encoding="utf-8")
    report = work / "report.json"
    command = [
        NEWSWIRE, "ingest", "--settings", str(settings), "--content", str(content),
        "--state", str(work / "state.json"), "--report", str(report), *map(str, sources),
    ]  # fmt: skip
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr[-3000:]
    assert "Traceback" not in process.stderr, process.stderr[-3000:]
    return process.stderr, json.loads(report.read_text(encoding="utf-8"))


def empty_archive(base: Path) -> Path:
    content = base / "content"
    shutil.copytree(ROOT / "content" / "registry", content / "registry")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    (content / "stories").mkdir()
    return content


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> tuple[dict, Path]:
    base = tmp_path_factory.mktemp("xss")
    feeds = base / "feeds"
    feeds.mkdir()
    (feeds / "payloads.rss").write_text(rss_feed(), encoding="utf-8")
    (feeds / "payloads.atom").write_text(atom_feed(), encoding="utf-8")
    content = empty_archive(base)
    _stderr, report = ingest_published(
        content, base, feeds / "payloads.rss", feeds / "payloads.atom"
    )
    build = run_pelican(content, base / "output")
    assert build.returncode == 0, (build.stdout + build.stderr)[-3000:]
    return report, base / "output"


def test_every_payload_entry_is_kept_in_a_published_story(xss_site) -> None:
    report, _output = xss_site
    kept = [entry for story in report["stories"] for entry in story["entries"]]
    assert report["errors"] == []
    assert len(VECTORS) == 315
    # Every payload entry of both feeds ends in a story: the payloads really reach the pages.
    assert len(kept) == 2 * len(VECTORS), [r for r in report["rejected"]][:5]
    assert 10 <= len(report["stories"]) <= 20
    for story in report["stories"]:
        text = Path(story["path"]).read_text(encoding="utf-8")
        assert "status: published" in text


def test_no_output_file_holds_anything_executable(xss_site) -> None:
    _report, output = xss_site
    checked, problems = output_problems(output)
    assert problems == []
    kinds = {path.suffix for path in output.rglob("*") if path.is_file()}
    assert {".html", ".xml", ".opml"} <= kinds
    assert checked > 50
    print(
        f"xss site: {len(VECTORS)} payloads x 2 feeds, {checked} output files parsed, "
        f"{len(problems)} executable outputs"
    )


def csp_problems(path: Path) -> list[str]:
    """The page's CSP, and whether the theme would break it (inline script or style)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    policies = [
        str(meta.get("content", ""))
        for meta in soup.find_all("meta")
        if str(meta.get("http-equiv", "")).lower() == "content-security-policy"
    ]
    problems = []
    if len(policies) != 1:
        problems.append(f"{path}: {len(policies)} CSP meta elements")
    for policy in policies:
        if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
            problems.append(f"{path}: unsafe CSP {policy!r}")
        if "script-src" not in policy and "default-src" not in policy:
            problems.append(f"{path}: CSP without script-src {policy!r}")
    # A JSON-LD data block is never run, so CSP does not apply to it; any other inline script is.
    inline = [s for s in soup.find_all("script") if not s.get("src") and not is_theme_script(s)]
    problems += [f"{path}: inline <script>" for _ in inline]
    problems += [f"{path}: <style> element" for _ in soup.find_all("style")]
    problems += [f"{path}: style= on <{e.name}>" for e in soup.find_all(style=True)]
    return problems


def test_every_page_has_a_strict_csp_that_the_theme_satisfies(xss_site, site) -> None:
    _report, output = xss_site
    pages = [*output.rglob("*.html"), *site.output.rglob("*.html")]
    problems = [problem for page in pages for problem in csp_problems(page)]
    assert len(pages) > 100 and problems == []
    print(f"csp: {len(pages)} pages (xss site and shipped content), {len(problems)} problems")


# -- in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(xss_site) -> Iterator[str]:
    _report, output = xss_site
    with serve_folder(output) as url:
        yield url


def pages_to_open(report: dict, output: Path, per_language: int = 40) -> list[str]:
    stories = []
    for story in report["stories"][:per_language]:
        year = story["path"].split("/stories/")[1][:4]
        stories += [f"{year}/{story['id']}/", f"en/{year}/{story['id']}/"]
    pages = ["", "en/", "sites/allostream/", "en/outcomes/seizure/", *stories]
    missing = [page for page in pages if not (output / page / "index.html").is_file()]
    assert missing == []
    return pages


@pytest.mark.browser
@pytest.mark.slow
def test_no_payload_runs_in_chromium(xss_site, served) -> None:
    from playwright.sync_api import sync_playwright

    report, output = xss_site
    pages = pages_to_open(report, output)
    dialogs: list[str] = []
    external: list[str] = []
    errors: list[str] = []

    def route(route) -> None:
        url = route.request.url
        if url == served or url.startswith(served + "/"):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(service_workers="block")
            context.set_default_timeout(10_000)
            context.route("**/*", route)
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("pageerror", lambda error: errors.append(str(error)))
            for path in pages:
                response = page.goto(f"{served}/{path}", wait_until="load")
                assert response is not None and response.status == 200, path
                page.wait_for_timeout(20)  # let timers and image errors fire
        finally:
            browser.close()
    assert dialogs == [] and external == [] and errors == []
    print(
        f"chromium: {len(pages)} pages opened, {len(dialogs)} dialogs, "
        f"{len(external)} requests off 127.0.0.1"
    )


# -- a bug that the payload stories revealed (fixed: pagination uses articles_*_page) ---------


@pytest.mark.slow
def test_more_than_one_page_of_ingested_stories_builds(tmp_path: Path) -> None:
    feed = tmp_path / "many.rss"
    # 25 developments about one site, 40 days apart: 25 stories in every listing.
    items = "".join(
        rss_item(number, "", FIRST_DATE + dt.timedelta(days=40 * number)) for number in range(25)
    )
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Many</title>'
        f"<link>https://xss.example/</link><language>en</language>{items}</channel></rss>",
        encoding="utf-8",
    )
    content = empty_archive(tmp_path)
    _stderr, report = ingest_published(content, tmp_path, feed)
    assert len(report["stories"]) == 25
    build = run_pelican(content, tmp_path / "output")
    assert build.returncode == 0, (build.stdout + build.stderr)[-2000:]
    assert (tmp_path / "output" / "page" / "2" / "index.html").is_file()
    assert (
        tmp_path / "output" / "en" / "sites" / "allostream" / "page" / "2" / "index.html"
    ).is_file()
