"""`make bench`: Rideau against Hugo and bare Pelican on the same synthetic archives.

    .venv/bin/python bench/run.py [--sizes 1000 5000 20000] [--entries 10000 100000] [--repeat 3]

Prints one table (seconds, peak memory, ratios) and rewrites the results section of
docs/performance.md. Every figure is the median of --repeat runs (one run above 5,000 stories),
wall-clock time of the real commands, and the peak resident memory of each process tree as the
kernel reports it (wait4).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
WORK = ROOT / ".bench"  # git-ignored scratch space
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mb: float
    ok: bool
    note: str = ""
    cpu: float = 0.0  # user CPU seconds of the process tree (the processes it waited for)


def timed(command: list[str], cwd: Path, env: dict | None = None) -> Measure:
    """Wall time and peak RSS (largest process of the tree) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {}), "COLUMNS": "400"},
    )  # fmt: skip
    stderr = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    ok = process.returncode == 0
    note = "" if ok else (re.findall(r"(\w+Error[^\n]*)", stderr) or [stderr.strip()[-200:]])[-1]
    return Measure(seconds, usage.ru_maxrss / 1024, ok, note, usage.ru_utime)


def median(command_factory, repeat: int) -> Measure:
    runs = [command_factory() for _ in range(repeat)]
    good = [r for r in runs if r.ok] or runs
    return Measure(
        statistics.median(r.seconds for r in good),
        max(r.peak_mb for r in good),
        good[0].ok,
        good[0].note,
        statistics.median(r.cpu for r in good),
    )


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def bench_builds(size: int, repeat: int) -> dict[str, Measure]:
    base = WORK / f"site-{size}"
    synth.write_rideau(size, base / "rideau")
    synth.write_hugo(size, base / "hugo")
    synth.write_pelican(size, base / "pelican")
    results = {}
    cache = base / "rideau-cache"
    output = base / "rideau-out"
    # pelican keeps only the last -e option: every setting goes in this one
    rideau = [
        str(BIN / "pelican"), str(base / "rideau" / "content"), "-s", str(ROOT / "pelicanconf.py"),
        "-q", "-o", str(output), "-e", f'CACHE_PATH="{cache}"',
    ]  # fmt: skip

    def full() -> Measure:
        # A first build: no output and no cache of an earlier build.
        fresh(cache)
        fresh(output)
        return timed(rideau, ROOT)

    def full_without_index() -> Measure:
        fresh(cache)
        fresh(output)
        return timed([*rideau, "RIDEAU_SEARCH=false"], ROOT)

    results["rideau-nosearch"] = median(full_without_index, repeat)
    # Last, so that the rebuilds below start from a full build with its search index.
    results["rideau"] = median(full, repeat)
    # Rebuilds keep the output and the caches of the build before them.
    results["rideau-noop"] = median(lambda: timed(rideau, ROOT), repeat)
    story = next((base / "rideau" / "content" / "stories").rglob("*.fr.md"))
    original = story.read_text(encoding="utf-8")

    def rebuild(search: bool) -> Measure:
        # One sentence added to one story's text, the build, then the story put back (and
        # built again, outside the measure, so that each run starts from the same state).
        command = rideau if search else [*rideau, "RIDEAU_SEARCH=false"]
        story.write_text(original.replace("\n---\n", "\n---\nÉdité. ", 1), encoding="utf-8")
        try:
            return timed(command, ROOT)
        finally:
            story.write_text(original, encoding="utf-8")
            timed(command, ROOT)

    results["rideau-rebuild"] = median(lambda: rebuild(search=True), repeat)
    results["rideau-rebuild-pages"] = median(lambda: rebuild(search=False), repeat)
    hugo = [str(BIN / "hugo"), "--quiet"]
    results["hugo"] = median(
        lambda: timed([*hugo, "-d", str(fresh(base / "hugo-out"))], base / "hugo"), repeat
    )
    results["pelican"] = median(
        lambda: timed(
            [
                str(BIN / "pelican"),
                "content",
                "-s",
                "bareconf.py",
                "-q",
                "-o",
                str(fresh(base / "pelican-out")),
            ],
            base / "pelican",
        ),
        repeat,
    )
    return results


SERVE_SETTINGS = """
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
"""


@dataclass(frozen=True)
class ServeMeasure:
    first: float  # start → first build done (both sites)
    page: float  # save of an edited story → its page rewritten
    index: float  # same save → that site's search index swapped in
    rebuilt: float  # same save → both sites' rebuild done (feeds and listings included)
    noop: float  # a save that changes nothing → both sites built again
    peak_mb: float


def bench_serve(size: int) -> ServeMeasure:
    """`make serve` on the archive of bench_builds(size): the times that an editor waits."""
    base = WORK / f"site-{size}"
    output, cache = fresh(base / "serve-out"), fresh(base / "serve-cache")
    settings = base / "serveconf.py"
    settings.write_text(
        SERVE_SETTINGS.format(
            root=str(ROOT), content=str(base / "rideau" / "content"), output=str(output),
            cache=str(cache), theme=str(ROOT / "theme"), plugins=str(ROOT / "plugins"),
        ),
        encoding="utf-8",
    )  # fmt: skip
    done: list[float] = []  # when each language site's build printed its summary
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "python"), "-m", "rideau.plugins.bilingual.serve", "--settings", str(settings),
         "--port", "0", "--interval", "0.1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "COLUMNS": "400"},
    )  # fmt: skip

    nothing: list[float] = []  # when the build process found nothing to build

    def read_output() -> None:
        for line in process.stdout:
            if line.startswith(b"Done: Processed"):
                done.append(time.perf_counter())
            elif line.startswith(b"Nothing to build"):
                nothing.append(time.perf_counter())

    threading.Thread(target=read_output, daemon=True).start()

    def wait(condition, timeout: float = 1800) -> float:
        deadline = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > deadline or process.poll() is not None:
                raise RuntimeError("make serve did not get there")
            time.sleep(0.01)
        return time.perf_counter()

    index = output / "pagefind" / "pagefind-entry.json"
    try:
        first = wait(lambda: len(done) >= 2) - start
        wait(index.exists)
        time.sleep(1.0)
        story = next((base / "rideau" / "content" / "stories").rglob("*.fr.md"))
        original = story.read_text(encoding="utf-8")
        slug = story.name.split(".")[0]
        page = next(output.glob(f"*/{slug}/index.html"))
        stamp = index.stat().st_mtime_ns
        before_edit = len(done)
        saved = time.perf_counter()
        story.write_text(original.replace("\n---\n", "\n---\nÉdité. ", 1), encoding="utf-8")
        rewritten = wait(lambda: "Édité." in page.read_text(encoding="utf-8")) - saved
        indexed = wait(lambda: index.exists() and index.stat().st_mtime_ns != stamp) - saved
        rebuilt = wait(lambda: len(done) >= before_edit + 2) - saved
        time.sleep(1.0)  # the index run the rebuild may have started
        builds = len(done)
        touched = time.perf_counter()
        story.write_text(story.read_text(encoding="utf-8"), encoding="utf-8")  # same bytes
        os.utime(story)
        noop = wait(lambda: nothing or len(done) >= builds + 2) - touched
        story.write_text(original, encoding="utf-8")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        _, _, usage = os.wait4(process.pid, 0)
    return ServeMeasure(first, rewritten, indexed, rebuilt, noop, usage.ru_maxrss / 1024)


FEEDPARSER_ALONE = """
import pathlib, sys, feedparser
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.xml")):
    feedparser.parse(path.read_bytes())
"""


def bench_ingestion(entries: int, repeat: int) -> dict[str, Measure]:
    base = WORK / f"feeds-{entries}"
    synth.write_feeds(entries, base / "feeds")
    results = {}

    def ingest() -> Measure:
        content = fresh(base / "content")
        synth.registry_for_feeds(content)
        return timed(
            # Every development of the synthetic feeds is new: no cap on new stories per run.
            [str(BIN / "newswire"), "ingest", "--content", str(content), "--state",
             str(fresh(base / "state") / "state.sqlite3"), "--max-new-stories", "0",
             str(base / "feeds")],
            ROOT,
        )  # fmt: skip

    results["ingest"] = median(ingest, repeat)
    results["feedparser"] = median(
        lambda: timed([str(BIN / "python"), "-c", FEEDPARSER_ALONE, str(base / "feeds")], ROOT),
        repeat,
    )
    return results


def ratio(a: Measure, b: Measure) -> str:
    return f"{a.seconds / b.seconds:.2f}x" if a.ok and b.ok and b.seconds else "—"


def cpu_ratio(a: Measure, b: Measure) -> str:
    return f"{a.cpu / b.cpu:.2f}x" if a.ok and b.ok and b.cpu else "—"


def cell(measure: Measure) -> str:
    if not measure.ok:
        return f"failed ({measure.note[:60]})"
    return f"{measure.seconds:.1f} s, {measure.peak_mb:.0f} MB"


def table(
    builds: dict[int, dict[str, Measure]],
    ingestion: dict[int, dict[str, Measure]],
    serve: dict[int, ServeMeasure] | None = None,
) -> str:
    lines = [
        "| stories (×2 languages) | Rideau full build | Hugo | bare Pelican | Rideau / Hugo "
        "| user CPU: Rideau / Hugo | Rideau / Pelican |",
        "|---|---|---|---|---|---|---|",
    ]
    for size, r in builds.items():
        lines.append(
            f"| {size:,} | {cell(r['rideau'])}, {r['rideau'].cpu:.0f} s CPU "
            f"| {cell(r['hugo'])}, {r['hugo'].cpu:.0f} s CPU | {cell(r['pelican'])} "
            f"| {ratio(r['rideau'], r['hugo'])} | {cpu_ratio(r['rideau'], r['hugo'])} "
            f"| {ratio(r['rideau'], r['pelican'])} |"
        )
    lines += [
        "",
        "| stories (×2 languages) | Rideau full build without the search index | / Hugo "
        "| user CPU / Hugo |",
        "|---|---|---|---|",
    ]
    for size, r in builds.items():
        lines.append(
            f"| {size:,} | {cell(r['rideau-nosearch'])}, {r['rideau-nosearch'].cpu:.0f} s CPU "
            f"| {ratio(r['rideau-nosearch'], r['hugo'])} "
            f"| {cpu_ratio(r['rideau-nosearch'], r['hugo'])} |"
        )
    lines += [
        "",
        "| stories (×2 languages) | rebuild, nothing changed | / full "
        "| rebuild after one edit | / full | same, search index left out | / full |",
        "|---|---|---|---|---|---|---|",
    ]
    for size, r in builds.items():
        lines.append(
            f"| {size:,} | {cell(r['rideau-noop'])} | {ratio(r['rideau-noop'], r['rideau'])} "
            f"| {cell(r['rideau-rebuild'])} | {ratio(r['rideau-rebuild'], r['rideau'])} "
            f"| {cell(r['rideau-rebuild-pages'])} "
            f"| {ratio(r['rideau-rebuild-pages'], r['rideau'])} |"
        )
    lines += [
        "",
        "| feed entries (200 files) | newswire ingest | feedparser alone | ingest / feedparser |",
        "|---|---|---|---|",
    ]
    for entries, r in ingestion.items():
        lines.append(
            f"| {entries:,} | {cell(r['ingest'])} | {cell(r['feedparser'])} "
            f"| {ratio(r['ingest'], r['feedparser'])} |"
        )
    if serve:
        lines += [
            "",
            "| stories (×2 languages) | `make serve`: first build | save → edited page rewritten "
            "| save → search index refreshed | save → every page rebuilt "
            "| save, nothing changed → built again | / full build | peak memory |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for size, m in serve.items():
            full = builds.get(size, {}).get("rideau")
            share = f"{m.noop / full.seconds:.2f}x" if full and full.ok else "—"
            lines.append(
                f"| {size:,} | {m.first:.1f} s | {m.page:.2f} s | {m.index:.1f} s "
                f"| {m.rebuilt:.1f} s | {m.noop:.1f} s | {share} | {m.peak_mb:.0f} MB |"
            )
    return "\n".join(lines)


def write_docs(text: str, command: str) -> None:
    path = ROOT / "docs" / "performance.md"
    doc = path.read_text(encoding="utf-8")
    stamp = (
        f"Last run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, `{command}`, on "
        f"this machine ({os.cpu_count()} cores, Python {platform.python_version()})."
    )
    block = f"<!-- bench:start -->\n{stamp}\n\n{text}\n<!-- bench:end -->"
    doc = re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", lambda _m: block, doc, flags=re.S)
    path.write_text(doc, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[1000, 5000, 20000])
    parser.add_argument("--entries", nargs="*", type=int, default=[10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serve-sizes", nargs="*", type=int, default=[5000])
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/performance.md")
    parser.add_argument("--no-clustering", action="store_true", help="skip bench/clustering.py")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    builds = {}
    for size in args.sizes:
        print(f"building {size:,} stories…", file=sys.stderr, flush=True)
        builds[size] = bench_builds(size, args.repeat if size <= 5000 else 1)
    ingestion = {}
    for entries in args.entries:
        print(f"ingesting {entries:,} entries…", file=sys.stderr, flush=True)
        ingestion[entries] = bench_ingestion(entries, args.repeat if entries <= 10000 else 1)
    serve = {}
    for size in args.serve_sizes:
        print(f"make serve on {size:,} stories…", file=sys.stderr, flush=True)
        if size not in builds:
            synth.write_rideau(size, WORK / f"site-{size}" / "rideau")
        serve[size] = bench_serve(size)
    text = table(builds, ingestion, serve)
    print(text, flush=True)  # shown even if the clustering bench below fails
    if not args.no_clustering:
        print("clustering against growing archives…", file=sys.stderr, flush=True)
        clustering = subprocess.run(
            [str(BIN / "python"), str(ROOT / "bench" / "clustering.py")],
            capture_output=True, text=True,
        )  # fmt: skip
        if clustering.returncode != 0:
            print(clustering.stderr, file=sys.stderr)
            return clustering.returncode
        print("\n" + clustering.stdout.strip())
        text += "\n\n" + clustering.stdout.strip()
    if not args.no_docs:
        given = " ".join(sys.argv[1:])
        write_docs(text, f'make bench BENCH_ARGS="{given}"' if given else "make bench")
    return 0


if __name__ == "__main__":
    sys.exit(main())
