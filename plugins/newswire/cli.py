"""`newswire` command line: `newswire ingest [OPTIONS] [SOURCE ...]` (see README.md)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path

from .config import ConfigError, load_config
from .fetch import FetchSettings
from .pipeline import Ingestion, IngestOptions
from .records import FeedSource

logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newswire", description="Rideau's feed ingestion.")
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="read feeds and write draft stories")
    ingest.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="feed URL (http, https, file) or path (a file or a folder); "
                        "default: NEWSWIRE_FEEDS of pelicanconf.py")  # fmt: skip
    ingest.add_argument("--content", type=Path, help="where story files are (default: content/)")
    ingest.add_argument(
        "--state", type=Path, help="ingestion state (default: .state/newswire.json)"
    )
    ingest.add_argument("--report", help="write the JSON report to FILE ('-': standard output)")
    ingest.add_argument("--dry-run", action="store_true", help="write no story file and no state")
    ingest.add_argument(
        "--all-stories", action="store_true", help="report every story of the archive"
    )
    ingest.add_argument("--settings", type=Path, default=Path("pelicanconf.py"),
                        help="site settings with NEWSWIRE_* (default: pelicanconf.py)")  # fmt: skip
    ingest.add_argument("--timeout", type=float, default=20.0,
                        help="seconds allowed to read one feed (default: 20)")  # fmt: skip
    ingest.add_argument("-v", "--verbose", action="store_true", help="log each stage")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="newswire: %(levelname)s: %(message)s",
    )
    try:
        config = load_config(args.settings)
    except ConfigError as exc:
        print(f"newswire: {exc}", file=sys.stderr)
        return 2
    if args.content:
        config = replace(config, content=args.content)
    if args.state:
        config = replace(config, state=args.state)
    if not config.content.is_dir():
        print(f"newswire: content folder {config.content} does not exist", file=sys.stderr)
        return 2
    sources = [FeedSource(s) for s in args.sources] or list(config.feeds)
    if not sources:
        print("newswire: no source given and NEWSWIRE_FEEDS is empty", file=sys.stderr)
        return 2
    options = IngestOptions(
        content=config.content, state_path=config.state, dry_run=args.dry_run,
        all_stories=args.all_stories, status=config.status, window_days=config.window_days,
        fetch=FetchSettings(read_timeout=args.timeout, connect_timeout=min(5.0, args.timeout)),
    )  # fmt: skip
    with progress_bar(enabled=sys.stderr.isatty()) as progress:
        result = Ingestion(options, progress).run(sources)
    for error in result.errors:
        print(f"newswire: {error['source']}: {error['error']}", file=sys.stderr)
    if args.report:
        text = json.dumps(result.report, ensure_ascii=False, indent=2)
        if args.report == "-":
            print(text)
        else:
            Path(args.report).write_text(text + "\n", encoding="utf-8")
    print(result.summary, file=sys.stderr)
    nothing_read = result.errors and len(result.errors) == len(result.report["feeds"])
    return 1 if nothing_read else 0


class progress_bar:
    """A progress bar on a terminal (rich, already installed with Pelican); silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._progress = None
        self._tasks: dict[str, int] = {}

    def __enter__(self):
        if self.enabled:
            from rich.progress import Progress

            self._progress = Progress(transient=True)
            self._progress.start()
        return self

    def __call__(self, stage: str, advance: int) -> None:
        if self._progress is None:
            return
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=None)
        self._progress.advance(self._tasks[stage], advance)

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()


if __name__ == "__main__":
    sys.exit(main())
