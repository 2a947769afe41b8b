"""Clustering cost per entry as the archive grows: `python bench/clustering.py` (make bench).

The same 2,000 new entries (synthetic feed items, run through the real parse, clean, classify
and tag stages) are clustered against archives of 1,000 to 100,000 stories about the same
registry of sites, spread over 20 years. Clustering looks stories up by entry key (a hash) and
by site and date (a bisection), so its cost per entry should not grow with the archive.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402
from rideau.newswire.analyse import Analyser, analyse_feeds  # noqa: E402
from rideau.newswire.archive import ArchiveIndex, StoryFile  # noqa: E402
from rideau.newswire.cluster import ClusterSettings, cluster_entries  # noqa: E402
from rideau.newswire.fetch import expand_sources, fetch_all  # noqa: E402
from rideau.newswire.records import FeedSource  # noqa: E402
from rideau.newswire.state import StateStore  # noqa: E402
from rideau.registry import load_registry  # noqa: E402


def tagged_entries(count: int, work: Path) -> list:
    synth.write_feeds(count, work / "feeds")
    synth.registry_for_feeds(work / "content")
    analyser = Analyser(load_registry(work / "content" / "registry"))
    fetched = fetch_all(expand_sources([FeedSource(str(work / "feeds"))]), {})
    return [t for analysis in analyse_feeds(analyser, fetched) for t in analysis.tagged]


def archive(size: int, seed: int = 7) -> ArchiveIndex:
    """`size` stories about the registry's sites, dated over 2005–2024, with entry keys, in an
    index database in memory (as the ingestion state holds it on disk)."""
    rng = random.Random(seed)
    sites, _ = synth.registry()
    index = StateStore.in_memory().index
    start = dt.date(2005, 1, 1)
    story_ids = []
    for n in range(size):
        story_id = f"archived-{n}"
        date = start + dt.timedelta(days=rng.randrange(7300))
        story = StoryFile(
            path=f"stories/{date.year}/{story_id}.en.md", id=story_id, lang="en",
            date=date.isoformat(), sites=tuple(rng.sample(sites, rng.choice((1, 1, 2)))),
            keys=(f"urn:archived:{n}", f"https://old.example/{n}"), status="published",
        )  # fmt: skip
        index.add_file(story, [0, 0])
        story_ids.append(story_id)
    index.index_sites(story_ids)
    return index


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rideau-clustering-") as work:
        tagged = tagged_entries(args.entries, Path(work))
    print(f"{len(tagged):,} new entries clustered against archives of growing size:\n")
    print("| stories in the archive | clustering, per entry | index memory |\n|---|---|---|")
    for size in args.sizes:
        tracemalloc.start()
        index = archive(size)
        memory = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        runs = []
        for _ in range(args.repeat):
            fresh = archive(size)  # clustering adds stories: start each run from the same one
            start = time.perf_counter()
            cluster_entries(tagged, fresh, ClusterSettings(), dt.date(2026, 1, 1))
            runs.append(time.perf_counter() - start)
        per_entry = statistics.median(runs) / len(tagged) * 1e6
        print(f"| {size:,} | {per_entry:.1f} µs | {memory / 2**20:.0f} MB |")
        del index
    return 0


if __name__ == "__main__":
    sys.exit(main())
