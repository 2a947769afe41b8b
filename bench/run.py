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
import statistics
import subprocess
import sys
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
    return Measure(seconds, usage.ru_maxrss / 1024, ok, note)


def median(command_factory, repeat: int) -> Measure:
    runs = [command_factory() for _ in range(repeat)]
    good = [r for r in runs if r.ok] or runs
    return Measure(
        statistics.median(r.seconds for r in good),
        max(r.peak_mb for r in good),
        good[0].ok,
        good[0].note,
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


def cell(measure: Measure) -> str:
    if not measure.ok:
        return f"failed ({measure.note[:60]})"
    return f"{measure.seconds:.1f} s, {measure.peak_mb:.0f} MB"


def table(builds: dict[int, dict[str, Measure]], ingestion: dict[int, dict[str, Measure]]) -> str:
    lines = [
        "| stories (×2 languages) | Rideau full build | Hugo | bare Pelican | Rideau / Hugo "
        "| Rideau / Pelican |",
        "|---|---|---|---|---|---|",
    ]
    for size, r in builds.items():
        lines.append(
            f"| {size:,} | {cell(r['rideau'])} | {cell(r['hugo'])} | {cell(r['pelican'])} "
            f"| {ratio(r['rideau'], r['hugo'])} | {ratio(r['rideau'], r['pelican'])} |"
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
    text = table(builds, ingestion)
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
