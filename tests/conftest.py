"""Shared fixtures: a copy of the shipped content plus test stories, built once per session;
and, for the browser tests (marked `browser`), a local server of that build and Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
NEWSWIRE = str(Path(sys.executable).parent / "newswire")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@dataclass(frozen=True)
class Site:
    content: Path
    output: Path

    def page(self, path: str) -> Path:
        """The file behind a site path such as 'en/sites/' or '2011/x/'."""
        target = self.output / path
        return target / "index.html" if path.endswith("/") or not path else target

    def html(self, path: str):
        from bs4 import BeautifulSoup

        return BeautifulSoup(self.page(path).read_text(encoding="utf-8"), "html.parser")


# The stories that tests of behaviour read, whatever else the record holds: tests that count
# pages, results or bars count these (tests/test_record.py checks the whole record).
REFERENCE_STORIES = (
    "allostream-warner-2011", "allostreaming-blocking-2013", "chacal-stream-2008",
    "emule-paradise-trial-2015", "filesonic-2012", "kickasstorrents-2016", "megaupload-2012",
    "pirate-bay-raid-2014", "popcorn-time-2014", "r4v3n-2008", "t411-2017",
    "zone-telechargement-2016",
)  # fmt: skip


def copy_reference_content(destination: Path) -> Path:
    """`destination`: the shipped content (registry, pages, documents) with the reference
    stories only."""

    def other_stories(folder: str, names: list[str]) -> list[str]:
        if Path(folder).parent.name != "stories" and Path(folder).name != "stories":
            return []
        return [n for n in names if n.endswith(".md") and n.split(".")[0] not in REFERENCE_STORIES]

    shutil.copytree(ROOT / "content", destination, ignore=other_stories)
    return destination


def stories(content: Path) -> dict[tuple[str, str], dict]:
    """(slug, lang) -> front matter of every published story in `content`."""
    import yaml

    found = {}
    for path in content.joinpath("stories").rglob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if meta.get("status", "published") == "published":
            found[(meta["slug"], meta["lang"])] = meta
    return found


def make_content(destination: Path) -> Path:
    """The reference content, plus one English-only, one French-only and one draft story."""
    content = copy_reference_content(destination / "content")
    shutil.copytree(FIXTURES / "stories", content / "stories" / "fixtures")
    shutil.copytree(FIXTURES / "documents", content / "documents", dirs_exist_ok=True)
    sites = content / "registry" / "sites.yaml"
    sites.write_text(
        sites.read_text(encoding="utf-8")
        + "\n"
        + (FIXTURES / "registry-additions.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return content


def run_pelican(
    content: Path, output: Path, settings: str = "pelicanconf.py", *extra: str, env=None
):
    """Build with the real `pelican` command, as editors do; returns the CompletedProcess.

    Settings given in `extra` as "-e", "KEY=VALUE"... are passed in one -e option with
    CACHE_PATH: pelican keeps only the last -e of a command line.
    """
    options, overrides = [], [f'CACHE_PATH="{output.parent / "cache"}"']
    in_overrides = False
    for item in extra:
        if item in ("-e", "--extra-settings"):
            in_overrides = True
        elif in_overrides and not item.startswith("-"):
            overrides.append(item)
        else:
            in_overrides = False
            options.append(item)
    command = [
        str(Path(sys.executable).parent / "pelican"), str(content),
        "-s", str(ROOT / settings), "-o", str(output), *options, "-e", *overrides,
    ]  # fmt: skip
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        # Wide enough that log lines are not wrapped, so messages can be searched.
        env={**os.environ, "COLUMNS": "400", **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    base = tmp_path_factory.mktemp("site")
    content = make_content(base)
    output = base / "output"
    result = run_pelican(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(content, output)


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Site:
    base = tmp_path_factory.mktemp("published")
    content = make_content(base)
    output = base / "output"
    result = run_pelican(
        content, output, "publishconf.py", "--fatal", "warnings",
        env={"RIDEAU_SITEURL": "https://archive.example.org"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(content, output)


class QuietHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, delay: Callable[[str], float] | None = None, **kwargs) -> None:
        self.delay = delay  # set first: the base class answers the request in __init__
        super().__init__(*args, **kwargs)

    def send_head(self):
        if self.delay is not None:
            time.sleep(self.delay(self.path))
        return super().send_head()

    def log_message(self, format, *args) -> None:
        pass  # the tests read responses, not the access log


@contextmanager
def serve_folder(folder: Path, delay: Callable[[str], float] | None = None) -> Iterator[str]:
    """`folder` served over HTTP on an ephemeral 127.0.0.1 port; yields its base URL.

    `delay`, given a request path, returns the seconds to wait before answering it.
    """
    handler = functools.partial(QuietHandler, directory=str(folder), delay=delay)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class FiltersHeldBack:
    """A `serve_folder` delay: every Pagefind filter file but the first one asked for is
    answered `seconds` late (the race of a search that ends before the filters load);
    `asked` counts the filter files asked for."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.asked = 0
        self._lock = threading.Lock()

    def __call__(self, path: str) -> float:
        if not path.endswith(".pf_filter"):
            return 0
        with self._lock:
            self.asked += 1
            return 0 if self.asked == 1 else self.seconds


def run_newswire(content: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The real `newswire` command on `content`; with `check`, it must succeed."""
    process = subprocess.run(
        [NEWSWIRE, *args, "--content", str(content)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    if check:
        assert process.returncode == 0, process.stdout + process.stderr
    return process


@pytest.fixture
def registry_only(tmp_path: Path) -> Path:
    """A content folder with the shipped registry and no story."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "registry", content / "registry")
    (content / "stories").mkdir()
    return content


def process_alive(pid: int) -> bool:
    """`pid` runs (a zombie, ended but not yet waited for, does not count); Linux /proc."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- browser tests ----------------------------------------------------------------------------
# Only tests marked `browser` ask for these fixtures; playwright is imported when Chromium is
# launched, so the other tests need neither Chromium nor playwright.

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(site) -> Iterator[str]:
    """The built site served over HTTP on an ephemeral local port."""
    with serve_folder(site.output) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium;"
            " run make test, which installs it"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Recorder:
    """What went wrong while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    responses: list[tuple[str, int]] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.page_errors == [], f"uncaught page errors: {self.page_errors}"
        assert self.external_requests == [], f"requests off 127.0.0.1: {self.external_requests}"


@dataclass
class Browse:
    page: Page
    base_url: str
    log: Recorder

    def open(self, path: str = "") -> None:
        """Open a site path such as '' (French home), 'en/' or '2011/x/'."""
        response = self.page.goto(f"{self.base_url}/{path}")
        assert response is not None and response.status == 200, f"/{path} did not load"

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path}"


def loaded_results(page: Page, part: str = "result-link"):
    """The search results of `page` once every one has loaded (`part`: result-link or result).

    Pagefind UI loads each result's fragment on its own: until then the item is a loading
    placeholder without a link, so reading the results early misses one and shifts ranks."""
    from playwright.sync_api import expect

    items = page.locator(".pagefind-ui__result")
    expect(items.first).to_be_visible()
    expect(page.locator(".pagefind-ui__result .pagefind-ui__loading")).to_have_count(0)
    links = page.locator(".pagefind-ui__result-link")
    expect(links).to_have_count(items.count())
    return links if part == "result-link" else items


@pytest.fixture
def browse(browser, base_url) -> Iterator[Browse]:
    """A fresh context and page that record errors and block non-local requests."""
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(10_000)
    log = Recorder()

    def route(route):
        url = route.request.url
        if url == base_url or url.startswith(base_url + "/"):
            route.continue_()
        else:
            log.external_requests.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: (
            msg.type == "error" and log.console_errors.append(f"{msg.text} ({msg.location})")
        ),
    )
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("response", lambda response: log.responses.append((response.url, response.status)))
    try:
        yield Browse(page, base_url, log)
    finally:
        context.close()
