"""Where a full build spends its time: `python bench/hotpaths.py N`.

Builds one language site (French) of a synthetic archive of N stories under cProfile, full
build (no incremental caches, no search index), and prints the share of the build of each hot
path, as cumulative time of the functions that own it.

    .venv/bin/python bench/hotpaths.py 5000
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

# hot path → (file fragment, function name) whose cumulative time measures it
HOT_PATHS = {
    "reading story files (all)": ("pelican/readers.py", "read_file"),
    "  YAML front matter": ("storyfile/parse.py", "_load"),
    "  Markdown": ("stories/commonmark.py", "to_html"),
    "  French/English typography (typo plugin)": ("typo/__init__.py", "apply_typography"),
    "story pages (templates)": ("pelican/generators.py", "generate_articles"),
    "home and archives (templates)": ("pelican/generators.py", "generate_direct_templates"),
    "taxonomy plugin: context (links, profiles)": ("taxonomy/generator.py", "generate_context"),
    "taxonomy plugin: term pages, feeds, sitemap": ("taxonomy/generator.py", "generate_output"),
    "  of which feeds": ("taxonomy/generator.py", "_write_feeds"),
    "URL formatting (Pelican)": ("pelican/contents.py", "url_format"),
    "writing files": ("pelican/writers.py", "_open_w"),
}


def profile_build(size: int) -> tuple[float, dict[str, float]]:
    work = Path(tempfile.mkdtemp(prefix="rideau-profile-"))
    try:
        synth.write_rideau(size, work / "site")
        argv = [
            "pelican", str(work / "site" / "content"), "-s", str(ROOT / "pelicanconf.py"),
            "-o", str(work / "out"), "-q", "--fatal", "errors",
            # The French site as the real build makes it (it reads the English files for
            # their metadata), without starting the English one: `RIDEAU_SUBSITE` tells the
            # bilingual plugin that this build is one language site. (Leaving English out of
            # RIDEAU_LANGUAGES instead would make every English file an error.)
            "-e", "RIDEAU_SUBSITE=true", "RIDEAU_SEARCH=false", "RIDEAU_INCREMENTAL=false",
            f'CACHE_PATH="{work / "cache"}"',
        ]  # fmt: skip
        from pelican import main

        sys.argv = argv
        profiler = cProfile.Profile()
        profiler.enable()
        with contextlib.suppress(SystemExit):  # pelican's main() exits when done
            main()
        profiler.disable()
        stats = pstats.Stats(profiler)
        total = max(v[3] for v in stats.stats.values())
        shares = {}
        for label, (fragment, name) in HOT_PATHS.items():
            shares[label] = sum(
                v[3] for (file, _, func), v in stats.stats.items()
                if func == name and fragment in file.replace("\\", "/")
            ) / total  # fmt: skip
        return total, shares
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, nargs="?", default=5000)
    args = parser.parse_args()
    total, shares = profile_build(args.size)
    print(f"French site of {args.size:,} stories, profiled: {total:.1f} s (cProfile slows it)")
    print("| hot path | share of the build |\n|---|---|")
    for label, share in shares.items():
        print(f"| {label} | {share:.0%} |")
    typo = shares["  French/English typography (typo plugin)"]
    taxonomy = shares["taxonomy plugin: context (links, profiles)"]
    taxonomy += shares["taxonomy plugin: term pages, feeds, sitemap"]
    print(f"typography + taxonomy plugin: {typo + taxonomy:.0%} of the build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
