"""`make serve`: build the site, serve it, and build it again whenever a watched file changes.

    python -m rideau.plugins.bilingual.serve [--settings pelicanconf.py]
        [--bind 127.0.0.1] [--port 8000]

One process serves the output folder (the `server` module beside this one: a missing page gets
the site's 404 page) from a thread and, in its main thread, runs the builds. The builds are
Pelican's own (`pelican -s SETTINGS`), run by a build process of its own process group that
stays up between builds (`--build-loop`), so that it can be stopped whole, with the language
builds and the Pagefind runs it started, and so that a rebuild starts warm: modules imported,
the last build's reading of every file in memory (rideau.context.WarmState), so only the files
that changed are read again. A change to the settings file or to a plugin folder starts a
new build process for the next build, so the code that runs is always the code on disk. The
search index is made in the background (RIDEAU_SEARCH_IN_BACKGROUND): pages are served as soon
as they are written, the index follows.

Why not `pelican --autoreload`: it starts watching for changes only once a build has finished,
so a file saved while a build was running (a `newswire publish` a second after an edit) was
never seen, and its page stayed stale until the next edit. Here the stamps of every watched
file (settings file, content, theme, plugin folders) are taken *before* each build; after the
build, if anything differs from them, the site is built again at once.

Stopping: SIGTERM, SIGINT (Ctrl-C) or SIGHUP stops the running build (its whole process
group), closes the server and exits, so the port is free again. A build process whose serve
process has died (even by SIGKILL) stops itself, and so does a serve process whose parent
(`make`) has died: nothing is left behind holding the port or writing into output/.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence

from rideau.plugins.bilingual.server import make_server

# Folders and files no build reads: never a reason to build again.
IGNORED_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache",
     "node_modules", ".venv", ".tox", ".idea", ".vscode"}
)  # fmt: skip
IGNORED_FILES = ("*.pyc", "*.pyo", "*.swp", "*.swx", "*~", ".#*", "#*#", ".DS_Store")
# A file modified this close to a snapshot may change again within the same timestamp tick:
# its content is part of its stamp (what git calls "racily clean").
RACY_NS = 2_000_000_000
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

Stamps = dict[str, tuple]


def watched_paths(settings_file: str) -> tuple[list[str], list[str], str]:
    """What a build reads (settings file, content, theme, plugin folders), the patterns of
    files to ignore, and the output folder, from the settings."""
    from pelican.settings import read_settings

    settings = read_settings(settings_file)
    paths = [os.path.abspath(settings_file), settings["PATH"], settings["THEME"]]
    paths += [path for path in settings.get("PLUGIN_PATHS", []) if isinstance(path, str)]
    output = os.path.abspath(settings["OUTPUT_PATH"])
    # The output and cache folders are written by the build: never watched, even inside.
    skip = [output, os.path.abspath(settings.get("CACHE_PATH", "cache"))]
    paths = [os.path.abspath(path) for path in paths if path]
    ignore = list(settings.get("IGNORE_FILES", [])) + [os.path.join(s, "*") for s in skip]
    return paths, ignore, output


def code_paths(settings_file: str) -> list[str]:
    """The settings file and plugin folders: the code a build process has imported."""
    from pelican.settings import read_settings

    settings = read_settings(settings_file)
    plugins = [path for path in settings.get("PLUGIN_PATHS", []) if isinstance(path, str)]
    return [os.path.abspath(settings_file), *(os.path.abspath(path) for path in plugins)]


def ignored(path: str, ignore: Sequence[str]) -> bool:
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(name, p) for p in IGNORED_FILES) or any(
        fnmatch.fnmatch(name, p) or fnmatch.fnmatch(path, p) for p in ignore
    )


def snapshot(paths: Iterable[str], ignore: Sequence[str], hashed: Stamps | None = None) -> Stamps:
    """Modification time, size and inode of every watched file (and the content of those
    modified in the last two seconds, and of those whose content the `hashed` snapshot has:
    so that a file stamped with its content in one is compared by content with the next)."""
    again = {path for path, stamp in (hashed or {}).items() if len(stamp) > 3}
    now = time.time_ns()
    stamps: Stamps = {}
    for top in paths:
        if os.path.isfile(top):
            files = [top]
        else:
            files = []
            for folder, dirs, names in os.walk(top):
                dirs[:] = [
                    d for d in dirs if d not in IGNORED_DIRS and not d.endswith(".egg-info")
                    and not ignored(os.path.join(folder, d), ignore)
                ]  # fmt: skip
                files += [os.path.join(folder, name) for name in names]
        for path in files:
            if ignored(path, ignore):
                continue
            try:
                status = os.stat(path)
                stamp: tuple = (status.st_mtime_ns, status.st_size, status.st_ino)
                if status.st_mtime_ns >= now - RACY_NS or path in again:
                    with open(path, "rb") as handle:
                        stamp += (hashlib.blake2b(handle.read(), digest_size=16).digest(),)
            except OSError:
                continue  # removed while walking: the next snapshot sees it gone
            stamps[path] = stamp
    return stamps


def changes(before: Stamps, after: Stamps) -> list[str]:
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )  # a file stamped with its content before is stamped with it after (snapshot's `hashed`)


def exit_when_orphaned(on_orphan, interval: float = 0.25) -> None:
    """Call `on_orphan()` (in a daemon thread) once this process's parent has died."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        on_orphan()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def build_loop(settings_file: str, status_fd: int) -> int:
    """The build process of `serve`: one Pelican build for each `build` line on its standard
    input, its exit status written on `status_fd`; it keeps its warm state between builds, and
    stops, with its whole process group, if the serve process dies."""

    def stop_group() -> None:
        os.killpg(os.getpgrp(), signal.SIGTERM)
        os._exit(1)

    exit_when_orphaned(stop_group)
    from pelican import main as pelican_main
    from pelican import signals

    from rideau.context import WarmState, hand_warm_state
    from rideau.plugins.bilingual.warm import (
        RetainedSite,
        behind_the_index,
        quick_rewrite,
        quick_rewrite_subsites,
        unchanged_since,
    )
    from rideau.plugins.stories.build import is_subsite

    warm = WarmState()

    def keep_warm(pelican) -> None:  # each build's Pelican object, as it is made
        hand_warm_state(pelican, warm)

    def keep_site(generators) -> None:
        if generators and not is_subsite(generators[0].settings):
            warm.site = RetainedSite(list(generators))

    # Held by this frame for the loop's life (blinker keeps weak references).
    signals.initialized.connect(keep_warm)
    signals.all_generators_finalized.connect(keep_site)
    arguments = ["-s", settings_file, "-e", "RIDEAU_SEARCH_IN_BACKGROUND=true"]
    code = None  # the last build's exit status
    with os.fdopen(status_fd, "w") as status:
        for line in sys.stdin:
            command, _, listed = line.strip().partition(" ")
            if command != "build":
                continue
            changed = json.loads(listed) if listed else []
            if code == 0 and warm.reading is not None and unchanged_since(warm.reading, changed):
                print("Nothing to build: the files saved are as the last build read them.",
                      flush=True)  # fmt: skip
            else:
                rebuild = warm.site is not None
                if rebuild and changed:
                    quick_rewrite(warm.site, changed)
                    quick_rewrite_subsites(warm, changed)
                warm.site = None  # the build below keeps its own
                try:
                    # The first build forks the other language's process: at normal priority.
                    if rebuild:
                        behind_the_index(lambda: pelican_main(arguments))
                    else:
                        pelican_main(arguments)
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
                if code != 0:
                    warm.site = None
            status.write(f"{code}\n")
            status.flush()
    return 0


class Builder:
    """The build loop: build, then build again as long as something changed meanwhile."""

    def __init__(self, settings_file: str, interval: float) -> None:
        self.settings_file = settings_file
        self.interval = interval
        self.stopping: int | None = None  # the signal that asked to stop
        self.process: subprocess.Popen | None = None  # the build process
        self.status = None  # where it writes each build's exit status
        self.code_paths: list[str] = []  # what a build process runs: a change needs a new one

    def stop(self, signum, frame=None) -> None:  # a signal handler: no locks, a flag only
        self.stopping = signum

    def start_process(self) -> None:
        reader, writer = os.pipe()
        command = [
            sys.executable, "-m", "rideau.plugins.bilingual.serve",
            "--build-loop", self.settings_file, "--status-fd", str(writer),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, process_group=0, pass_fds=(writer,)
        )
        os.close(writer)
        self.status = os.fdopen(reader, "r")

    def build(self, changed: Sequence[str] = ()) -> int | None:
        """Run one build (after the `changed` files were saved); its exit status, or None if
        stopped meanwhile."""
        if self.process is None or self.process.poll() is not None:
            self.stop_build()
            self.start_process()
        try:
            self.process.stdin.write(f"build {json.dumps(list(changed))}\n".encode())
            self.process.stdin.flush()
        except OSError:  # the build process died: the next build starts another
            self.stop_build()
            return 1
        while self.stopping is None:
            ready, _, _ = select.select([self.status], [], [], 0.05)
            if ready:
                line = self.status.readline()
                if not line:  # it died during the build
                    code = self.process.wait()
                    self.stop_build()
                    return code or 1
                return int(line)
        return None

    def stop_build(self, grace: float = 5.0) -> None:
        """Stop the build process and every process of its group."""
        process, self.process = self.process, None
        if self.status is not None:
            self.status.close()
            self.status = None
        if process is None:
            return
        with contextlib.suppress(OSError):
            process.stdin.close()
        deadline = time.monotonic() + grace
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            while time.monotonic() < deadline:
                process.poll()
                try:
                    os.killpg(process.pid, 0)
                except ProcessLookupError:
                    if process.poll() is not None:
                        return
                time.sleep(0.05)
            deadline = time.monotonic() + grace
        process.wait()

    def renew_if_code_changed(self, changed: list[str]) -> None:
        """A build process runs the settings and plugins it imported: after a change to them,
        the next build runs in a new one."""
        if any(path == root or path.startswith(root + os.sep) for path in changed
               for root in self.code_paths):  # fmt: skip
            self.stop_build()

    def watch(self) -> tuple[list[str], list[str]]:
        try:
            paths, ignore, _ = watched_paths(self.settings_file)
            self.paths, self.ignore = paths, ignore
            self.code_paths = code_paths(self.settings_file)
        except Exception as exc:  # a settings file being edited: keep the last paths
            print(f"serve: could not read {self.settings_file}: {exc}", flush=True)
        return self.paths, self.ignore

    def run(self) -> None:
        self.paths, self.ignore, _ = watched_paths(self.settings_file)
        self.code_paths = code_paths(self.settings_file)
        changed: list[str] = []
        while self.stopping is None:
            paths, ignore = self.watch()
            before = snapshot(paths, ignore)  # before the build: what it may not have read
            code = self.build(changed)
            if code is None:
                return
            if code != 0:
                print(f"serve: the build failed (exit {code}); save a file to build again.")
            after = snapshot(paths, ignore, hashed=before)
            while self.stopping is None and not changes(before, after):
                time.sleep(self.interval)
                after = snapshot(paths, ignore, hashed=before)
            if self.stopping is None:
                changed = changes(before, after)
                shown = ", ".join(os.path.relpath(p) for p in changed[:5])
                more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
                print(f"\n-> Modified: {shown}{more}. Building again...", flush=True)
                self.renew_if_code_changed(changed)


def serve(settings_file: str, bind: str, port: int, interval: float) -> int:
    builder = Builder(settings_file, interval)
    for sig in STOP_SIGNALS:
        signal.signal(sig, builder.stop)
    exit_when_orphaned(lambda: os.kill(os.getpid(), signal.SIGTERM))
    _, _, output = watched_paths(settings_file)
    server = make_server(output, bind, port)  # bound first: a busy port fails at once
    thread = threading.Thread(target=server.serve_forever, args=(0.2,), daemon=True)
    thread.start()
    where = os.path.relpath(output)
    print(f"Serving {where}/ at http://{bind}:{server.server_address[1]}/", flush=True)
    print("Building on every change of content, theme, settings or plugins (Ctrl-C to stop)")
    try:
        builder.run()
    finally:
        builder.stop_build()
        server.shutdown()
        server.server_close()
        thread.join()
    print("serve: stopped", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", "-s", default="pelicanconf.py")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between checks")
    parser.add_argument("--build-loop", metavar="SETTINGS", help=argparse.SUPPRESS)
    parser.add_argument("--status-fd", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_loop:
        return build_loop(args.build_loop, args.status_fd)
    return serve(args.settings, args.bind, args.port, args.interval)


if __name__ == "__main__":
    raise SystemExit(main())
