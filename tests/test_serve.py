"""`make serve`: a change saved during a build is built too, and stopping it stops everything.

Each test runs the real `make serve` (or `python -m rideau.plugins.bilingual.serve`) on a free port of
127.0.0.1, in a copy of the project with the reference stories, whose builds are made slow by
a test plugin (it sleeps at the end of each build, after every page is written, and records
that it did), so that an edit can be made while a build is running.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, copy_reference_content, process_alive

STORY = "content/stories/2011/allostream-warner-2011.fr.md"
PAGE = "output/2011/allostream-warner-2011/index.html"
SLOW_PLUGIN = """
import os, time
from pelican import signals

def slow(pelican):
    if pelican.settings["DEFAULT_LANG"] != "fr":
        return
    with open(os.environ["SLOWBUILD_LOG"], "a") as log:
        log.write("built\\n")
    time.sleep(float(os.environ.get("SLOWBUILD_SECONDS", "0")))

def before_output(generators):
    # SLOWBUILD_BEFORE_OUTPUT: each language build waits before writing any page.
    delay = float(os.environ.get("SLOWBUILD_BEFORE_OUTPUT", "0"))
    if delay:
        time.sleep(delay)

def register():
    signals.finalized.connect(slow)
    signals.all_generators_finalized.connect(before_output)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


@dataclass
class Serving:
    project: Path
    port: int
    process: subprocess.Popen
    log: Path

    def builds(self) -> int:
        return len(self.log.read_text().splitlines()) if self.log.exists() else 0

    def page(self) -> str:
        path = self.project / PAGE
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def fetch(self, path: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", path)
            return connection.getresponse().status
        except OSError:
            return 0
        finally:
            connection.close()

    def edit_title(self, title: str) -> None:
        story = self.project / STORY
        lines = story.read_text(encoding="utf-8").splitlines(keepends=True)
        lines = [f"title: {title}\n" if line.startswith("title:") else line for line in lines]
        story.write_text("".join(lines), encoding="utf-8")


def make_project(base: Path) -> Path:
    project = base / "project"
    project.mkdir()
    copy_reference_content(project / "content")
    shutil.copytree(ROOT / "theme", project / "theme")
    (project / "plugins").symlink_to(ROOT / "plugins")
    (project / ".venv").symlink_to(ROOT / ".venv")
    (project / "testplugins").mkdir()
    (project / "testplugins" / "slowbuild.py").write_text(SLOW_PLUGIN, encoding="utf-8")
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    settings += '\nPLUGIN_PATHS = ["plugins", "testplugins"]\nPLUGINS = PLUGINS + ["slowbuild"]\n'
    (project / "pelicanconf.py").write_text(settings, encoding="utf-8")
    return project


def start(tmp_path: Path, how: str, slow: float, before_output: float = 0.0) -> Serving:
    project = make_project(tmp_path)
    port = free_port()
    log = tmp_path / "builds.log"
    if how == "make":
        # -o: never reinstall the virtualenv (no network in tests).
        command = ["make", "-s", "-f", str(ROOT / "Makefile"), "-o", ".venv/bin/.installed",
                   "serve", f"PORT={port}", "HOST=127.0.0.1"]  # fmt: skip
    else:
        command = [sys.executable, "-m", "rideau.plugins.bilingual.serve", "--port", str(port)]
    env = {**os.environ, "SLOWBUILD_LOG": str(log), "SLOWBUILD_SECONDS": str(slow),
           "SLOWBUILD_BEFORE_OUTPUT": str(before_output)}  # fmt: skip
    with open(tmp_path / "serve.out", "w") as out:  # the child keeps its own copy
        process = subprocess.Popen(
            command, cwd=project, env=env, stdin=subprocess.DEVNULL, start_new_session=True,
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return Serving(project, port, process, log)


@pytest.fixture
def serving(tmp_path: Path, request) -> Iterator[Callable[..., Serving]]:
    started: list[Serving] = []

    def run(how: str = "make", slow: float = 3.0, before_output: float = 0.0) -> Serving:
        serving = start(tmp_path, how, slow, before_output)
        started.append(serving)
        wait_for(lambda: serving.builds() >= 1, 120, "the first build")
        time.sleep(slow + 1)  # the first build's last seconds
        wait_for(lambda: serving.fetch("/") == 200, 30, "the site served")
        return serving

    yield run
    for serving in started:  # whatever a failed test left behind
        left = descendants(serving.process.pid) | {serving.process.pid}
        for pid in left:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(os.getpgid(pid), signal.SIGKILL)
        serving.process.wait(timeout=10)
    output = tmp_path / "serve.out"
    if output.exists():
        print(output.read_text(errors="replace"))


@pytest.mark.slow
def test_an_edit_saved_during_a_build_is_built_too(serving) -> None:
    site = serving("make", slow=3.0)
    site.edit_title("Première modification")
    # Its pages are written before the build's last seconds (the test plugin sleeps at its
    # end): the second edit below lands while that build still runs. Another build may have
    # been running when the first edit was saved; the one after it carries the edit.
    wait_for(lambda: "Première modification" in site.page(), 90, "the first edit built")
    site.edit_title("Seconde modification")  # as `newswire publish` a second after an edit
    wait_for(lambda: "Seconde modification" in site.page(), 45, "the second edit built")


def stop_and_check(site: Serving, send: Callable[[], None]) -> None:
    # Stopped in the middle of a build: the build's processes are running too.
    builds = site.builds()
    site.edit_title("Une modification")
    wait_for(lambda: site.builds() > builds, 60, "a build running")
    before = descendants(site.process.pid)
    assert before, "no build running"
    send()
    wait_for(lambda: site.process.poll() is not None, 10, "the serve process stopped")
    wait_for(
        lambda: not any(process_alive(pid) for pid in before), 10, "every child process stopped"
    )
    wait_for(lambda: port_is_free(site.port), 10, "the port free again")


@pytest.mark.slow
def test_sigterm_to_make_serve_stops_everything_and_frees_the_port(serving) -> None:
    site = serving("make")
    stop_and_check(site, lambda: site.process.send_signal(signal.SIGTERM))


@pytest.mark.slow
def test_ctrl_c_in_make_serve_stops_everything_and_frees_the_port(serving) -> None:
    site = serving("make")
    # Ctrl-C in a terminal: SIGINT to the foreground process group.
    stop_and_check(site, lambda: os.killpg(site.process.pid, signal.SIGINT))


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_the_serve_process_stops_everything(serving, sig) -> None:
    site = serving("python")
    stop_and_check(site, lambda: site.process.send_signal(sig))


@pytest.mark.slow
def test_a_build_whose_serve_process_was_killed_stops_on_its_own(serving) -> None:
    site = serving("python", slow=30.0)
    builds = site.builds()
    site.edit_title("Une modification")
    wait_for(lambda: site.builds() > builds, 60, "a build running")
    children = descendants(site.process.pid)
    assert children
    site.process.kill()  # SIGKILL: no chance to stop its build
    site.process.wait(timeout=10)
    wait_for(
        lambda: not any(process_alive(pid) for pid in children), 10, "the orphaned build stopped"
    )
    wait_for(lambda: port_is_free(site.port), 10, "the port free again")


def site_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }


def build_processes(site: Serving) -> list[int]:
    found = []
    for pid in descendants(site.process.pid):
        with contextlib.suppress(OSError):
            if b"--build-loop" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found


def build_process(site: Serving) -> int:
    """The pid of serve's build process (it runs the build loop; the language builds it forks
    have the same command line, so the one whose parent is serve)."""
    wait_for(lambda: own_build_processes(site), 10, "a build process")
    (pid,) = own_build_processes(site)
    return pid


def own_build_processes(site: Serving) -> list[int]:
    def parent(pid: int) -> str:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        except OSError:
            return ""

    return [pid for pid in build_processes(site) if parent(pid) == str(site.process.pid)]


@pytest.mark.slow
def test_a_warm_rebuild_matches_a_full_build_and_the_index_follows(serving, tmp_path) -> None:
    site = serving("python", slow=0.0)
    index = site.project / "output" / "pagefind" / "pagefind-entry.json"
    wait_for(index.exists, 60, "the first search index")
    worker = build_process(site)
    first_index = index.stat().st_mtime_ns
    story = site.project / STORY
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\n---\n", "\n---\nUne phrase ajoutée. ", 1), encoding="utf-8")
    site.edit_title("Titre après modification")
    wait_for(lambda: "Titre après modification" in site.page(), 60, "the edit built")
    # The same build process (warm), and the index made again after the pages, in the
    # background.
    assert build_process(site) == worker
    wait_for(lambda: index.stat().st_mtime_ns != first_index, 60, "the index made again")
    wait_for(lambda: site.builds() >= 2 and not index_running(site), 60, "the index run ended")
    full = tmp_path / "full"
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-q",
         "-o", str(full), "-e", 'RIDEAU_INCREMENTAL=false'],
        cwd=site.project, capture_output=True, text=True, env={**os.environ, "SLOWBUILD_LOG":
        str(tmp_path / "full.log")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    ours, theirs = site_files(site.project / "output"), site_files(full)
    assert ours.keys() == theirs.keys(), sorted(ours.keys() ^ theirs.keys())[:10]
    assert not [name for name in ours if ours[name] != theirs[name]]


def index_running(site: Serving) -> bool:
    """Whether an index run of this site is running (the other language's outlives the
    build that started it, so it is looked for everywhere, not only under serve)."""
    output = str(site.project / "output").encode()
    for entry in os.listdir("/proc"):
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if b"rideau.plugins.search.background" in command and output in command:
            return True
    return False


@pytest.mark.slow
def test_a_plugin_or_settings_change_gets_a_new_build_process(serving) -> None:
    site = serving("python", slow=0.0)
    worker = build_process(site)
    builds = site.builds()
    plugin = site.project / "testplugins" / "slowbuild.py"
    plugin.write_text(plugin.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    wait_for(lambda: site.builds() > builds, 60, "a build after the plugin change")
    assert build_process(site) != worker


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_text_edit_rewrites_its_page_before_the_build_and_as_the_build_does(
    serving, lang
) -> None:
    # Every language build waits 6 s before writing its pages: a page that shows the edit
    # before the French build has finished was written by the quick rewrite (bilingual/warm.py),
    # in the build process of the story's language.
    site = serving("python", slow=0.0, before_output=6.0)
    builds = site.builds()
    story = site.project / STORY.replace(".fr.md", f".{lang}.md")
    page = site.project / (PAGE if lang == "fr" else PAGE.replace("output/", "output/en/"))
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\n---\n", "\n---\nAn added sentence. ", 1), encoding="utf-8")
    wait_for(lambda: "An added sentence." in page.read_text(encoding="utf-8"), 30, "the page")
    quick = page.read_text(encoding="utf-8")
    assert site.builds() == builds, "the page came from the build, not the quick rewrite"
    wait_for(lambda: site.builds() > builds, 60, "the build after the edit")
    time.sleep(7)  # the other language's build, waiting as well, then writing its pages
    assert page.read_text(encoding="utf-8") == quick


@pytest.mark.slow
def test_a_file_saved_unchanged_builds_nothing(serving, tmp_path) -> None:
    site = serving("python", slow=0.0)
    builds = site.builds()
    story = site.project / STORY
    story.write_bytes(story.read_bytes())  # saved again as it was
    output = tmp_path / "serve.out"
    wait_for(lambda: "Nothing to build" in output.read_text(errors="replace"), 30, "the check")
    assert site.builds() == builds
    site.edit_title("Après le fichier inchangé")
    wait_for(lambda: "Après le fichier inchangé" in site.page(), 60, "the next edit built")


def test_a_warm_rebuild_runs_behind_the_index_at_lower_priority() -> None:
    """The rebuild's thread runs at a higher niceness than the process's other threads (the
    quick rewrite's search index, started from those, gets the cores first); its result and
    its exceptions, SystemExit included, come back to the caller."""
    import os
    import threading

    from rideau.plugins.bilingual.warm import REBUILD_NICENESS, behind_the_index

    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen = behind_the_index(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
    assert seen == min(own + REBUILD_NICENESS, 19)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own

    def fails() -> None:
        raise SystemExit(3)

    with pytest.raises(SystemExit) as stopped:
        behind_the_index(fails)
    assert stopped.value.code == 3
