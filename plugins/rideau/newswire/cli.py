"""`newswire` command line: `newswire ingest [OPTIONS] [SOURCE ...]` (see README.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from rideau.newswire.display import printable, without_userinfo
from rideau.newswire.editor import Archive, EditorError
from rideau.newswire.fetch import FetchSettings
from rideau.newswire.lock import ContentBusyError, content_lock
from rideau.newswire.pipeline import Ingestion, IngestOptions
from rideau.newswire.records import FeedSource
from rideau.newswire.scaffold import NewStory, add_to_registry, parse_source, scaffold_story
from rideau.newswire.state import StateError
from rideau.registry import RegistryError, load_registry
from rideau.settings import (
    DEFAULT_LANGUAGES,
    DEFAULT_STATE,
    NewswireSettings,
    SettingsError,
    newswire_settings,
)
from rideau.storyfile.checks import check_content
from rideau.storyfile.edit import StoryWriteError
from rideau.storyfile.parse import StoryError
from rideau.storyfile.vocabulary import OUTCOME_IDS

logger = logging.getLogger(__name__)

# For the options of each language; languages without a name here are shown by their code.
LANGUAGE_NAMES = {"fr": "French", "en": "English"}


class UsageError(ValueError):
    """The command line asks for something that cannot be done (a missing folder, no feeds)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newswire", description="Rideau's feed ingestion and editors' tools."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, help="where story files are (default: content/)")
    common.add_argument("--settings", type=Path, default=Path("pelicanconf.py"),
                        help="site settings with NEWSWIRE_* (default: pelicanconf.py)")  # fmt: skip
    common.add_argument("-v", "--verbose", action="store_true", help="log each stage")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", parents=[common], help="read feeds into draft stories")
    ingest.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="feed URL (http, https, file) or path (a file or a folder); "
                        "default: NEWSWIRE_FEEDS of pelicanconf.py")  # fmt: skip
    ingest.add_argument("--state", type=Path, help=f"ingestion state (default: {DEFAULT_STATE})")
    ingest.add_argument("--report", help="write the JSON report to FILE ('-': standard output)")
    ingest.add_argument("--dry-run", action="store_true", help="write no story file and no state")
    ingest.add_argument(
        "--all-stories", action="store_true", help="report every story of the archive"
    )
    ingest.add_argument("--timeout", type=_seconds, default=20.0,
                        help="seconds allowed to read one feed (default: 20)")  # fmt: skip
    ingest.add_argument("--workers", type=_workers, default=0,
                        help="processes that analyse feeds (default: one per core)")  # fmt: skip
    ingest.add_argument("--max-new-stories", type=_count, default=None, metavar="N",
                        help="new stories one run may write, 0 for no limit "
                        "(default: NEWSWIRE_MAX_NEW_STORIES, 1000)")  # fmt: skip

    review = commands.add_parser("review", parents=[common], help="list the drafts, newest first")
    review.add_argument("--json", action="store_true", help="print the queue as JSON")

    publish = commands.add_parser("publish", parents=[common], help="publish a draft story")
    publish.add_argument("id", help="the story's id (its slug)")
    publish.add_argument("--as-is", action="store_true",
                         help="publish even if the text is still what ingestion wrote")  # fmt: skip

    reject = commands.add_parser("reject", parents=[common],
                                 help="reject a draft for good")  # fmt: skip
    reject.add_argument("id")

    merge = commands.add_parser("merge", parents=[common], help="merge stories into the first one")
    merge.add_argument("id", help="the story that stays")
    merge.add_argument("others", nargs="+", metavar="ID", help="stories folded into it")

    split = commands.add_parser("split", parents=[common],
                                help="move some sources of a story into a new story")  # fmt: skip
    split.add_argument("id")
    split.add_argument("--entries", nargs="+", required=True, metavar="URL",
                       help="URLs of the sources that form the other story")  # fmt: skip

    new = commands.add_parser("new", parents=[common],
                              help="scaffold an annotated story in both languages")  # fmt: skip
    # The settings are not read yet: the options are those of the default languages.
    for lang in DEFAULT_LANGUAGES:
        new.add_argument(f"--title-{lang}", help=f"title in {LANGUAGE_NAMES.get(lang, lang)}")
        new.add_argument(f"--summary-{lang}", help="one or two sentences")
    new.add_argument("--date", help="YYYY-MM-DD: when the development was first reported")
    new.add_argument("--event-date", help="YYYY-MM-DD: when it happened")
    new.add_argument("--site", action="append", default=[], help="targeted site (repeat)")
    new.add_argument("--studio", action="append", default=[], help="rights holder that acted")
    new.add_argument("--outcome", action="append", default=[], help="outcome id (repeat)")
    new.add_argument("--source", action="append", default=[],
                     help="'URL | outlet | lang | YYYY-MM-DD | title' (repeat)")  # fmt: skip
    new.add_argument("--slug", default="", help="the story's id (default: site and year)")
    new.add_argument("--no-input", action="store_true", help="never ask: fail on missing values")

    registry = commands.add_parser("registry", parents=[common], help="edit the registry")
    registry_commands = registry.add_subparsers(dest="registry_command", required=True)
    add = registry_commands.add_parser("add", parents=[common], help="add a site or a studio")
    add.add_argument("kind", choices=("site", "studio"))
    add.add_argument("name", help="canonical name")
    add.add_argument("--alias", action="append", default=[], help="another name (repeat)")
    add.add_argument("--type", dest="entry_kind", default="",
                     help="e.g. streaming-links, torrent-tracker; studio, trade-group")  # fmt: skip
    add.add_argument("--status", default="", help="sites: active, closed, blocked or relaunched")
    add.add_argument("--years", nargs=2, metavar=("FIRST", "LAST"), help="sites: years active")
    for lang in DEFAULT_LANGUAGES:
        add.add_argument(f"--description-{lang}", default="",
                         help=f"one sentence in {LANGUAGE_NAMES.get(lang, lang)}")  # fmt: skip

    commands.add_parser("check", parents=[common],
                        help="check every story file and the registry")  # fmt: skip
    return parser


# What a user can be told in one line: the command stops, names the file, feed or field.
USER_ERRORS = (
    SettingsError, UsageError, EditorError, StoryWriteError, StoryError, ContentBusyError,
    StateError, RegistryError,
)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="newswire: %(levelname)s: %(message)s",
    )
    # TERM ends the command as Ctrl-C does: pending temporary files are removed on the way out.
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        settings = command_settings(args.settings, args.content)
        handler = HANDLERS[args.command]
        return handler(args, settings)
    except USER_ERRORS as exc:
        print(f"newswire: {printable(str(exc), limit=2000)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newswire: interrupted; nothing half-written was left", file=sys.stderr)
        return 130


def command_settings(settings_file: Path, content: Path | None) -> NewswireSettings:
    """The settings of `settings_file`, with the content folder `content` (--content) when
    given: a registry inside the content folder follows it."""
    settings = newswire_settings(settings_file)
    if content:
        registry = settings.registry
        if registry.is_relative_to(settings.content):
            registry = content / registry.relative_to(settings.content)
        settings = replace(settings, content=content, registry=registry)
    if not settings.content.is_dir():
        raise UsageError(f"content folder {settings.content} does not exist")
    return settings


def _interrupted(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _workers(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes (1 or more): {text!r}")
    return int(text)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number (0 or more): {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0: {text!r}")
    return value


@contextmanager
def writing(settings: NewswireSettings) -> Iterator[None]:
    """The content lock, shared with `newswire ingest`, for a command that writes content."""
    with content_lock(settings.content, on_wait=_waiting(settings.content)):
        yield


def _waiting(content: Path) -> Callable[[], None]:
    return lambda: print(
        f"newswire: another newswire command is writing to {content}; waiting for it to end…",
        file=sys.stderr,
    )


def run_ingest(args, settings: NewswireSettings) -> int:
    state = args.state or settings.state
    configured = [FeedSource(f["url"], f["outlet"], f["lang"]) for f in settings.feeds]
    sources = [FeedSource(s) for s in args.sources] or configured
    if not sources:
        raise UsageError("no source given and NEWSWIRE_FEEDS is empty")
    report_path = _report_path(args.report)
    max_new = settings.max_new_stories if args.max_new_stories is None else args.max_new_stories
    options = IngestOptions(
        content=settings.content, state_path=state, dry_run=args.dry_run,
        all_stories=args.all_stories, status=settings.status, window_days=settings.window_days,
        fetch=FetchSettings(read_timeout=args.timeout, connect_timeout=min(5.0, args.timeout)),
        workers=args.workers, max_new_stories=max_new, on_lock_wait=_waiting(settings.content),
        registry=settings.registry, languages=settings.languages,
    )  # fmt: skip
    with progress_bar(enabled=sys.stderr.isatty()) as progress:
        result = Ingestion(options, progress).run(sources)
    for error in result.errors:
        source = printable(without_userinfo(error.source))
        print(f"newswire: {source}: {printable(error.error)}", file=sys.stderr)
    if args.report:
        text = json.dumps(result.report, ensure_ascii=False, indent=2)
        if report_path is None:
            print(text)
        else:
            _write_report(report_path, text + "\n")
    print(printable(result.summary, limit=2000), file=sys.stderr)
    feed_errors = result.outcome.counts.feeds_failed
    nothing_read = feed_errors and feed_errors == len(result.outcome.feeds)
    return 1 if nothing_read else 0


def _report_path(option: str | None) -> Path | None:
    """Where --report writes (None: standard output), checked before the run starts."""
    if option is None or option == "-":
        return None
    path = Path(option)
    if path.is_dir():
        raise UsageError(f"--report {option}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise UsageError(f"--report {option}: folder {path.parent} does not exist")
    return path


def _write_report(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--report {path}: cannot write: {exc.strerror}") from exc


def run_review(args, settings: NewswireSettings) -> int:
    archive = Archive(settings.content)
    drafts = archive.drafts()
    if args.json:
        print(json.dumps([vars(d) for d in drafts], ensure_ascii=False, indent=2))
        return 0
    if not drafts:
        print("No draft to review.")
    # Story files hold what feeds wrote: every value is shown through `printable`.
    for view in drafts:
        _print_story(view, settings.languages)
        for reason in view.why:
            print(f"    why: {printable(reason)}")
        for path in view.paths.values():
            print(f"    {printable(path)}")
    if drafts:
        print(
            f"{len(drafts)} draft(s). `newswire publish ID`, `reject ID`, `merge ID ID…`, "
            "`split ID --entries URL…`"
        )
    _print_new_coverage(archive.with_new_coverage(), settings.languages)
    return 0


def _print_story(view, languages: tuple[str, ...]) -> None:
    # The title in the first of the archive's languages (the main one, by convention).
    title = view.titles.get(languages[0]) or next(iter(view.titles.values()), "")
    sure = f"{view.confidence:.0%}" if isinstance(view.confidence, float) else "—"
    print(f"{printable(view.id)}  [{printable(view.date)}]  {printable(title)}")
    print(f"    {len(view.outlets)} outlet(s): {_listed(view.outlets)}; "
          f"languages: {_listed(view.languages)}; confidence {sure}"
          f"{'; edited' if view.edited else ''}")  # fmt: skip
    print(f"    sites: {_listed(view.sites)}"
          f" · studios: {_listed(view.studios)}"
          f" · outcomes: {_listed(view.outcomes)}")  # fmt: skip


def _print_new_coverage(views, languages: tuple[str, ...]) -> None:
    """Sources ingestion appended to published stories: live on the site, unseen by editors."""
    if not views:
        return
    print("\nPublished stories with new coverage (already on the site; check these sources):")
    for view in views:
        _print_story(view, languages)
        for source in view.new_coverage:
            print(f"    new source: {printable(str(source.get('outlet')), limit=80)} "
                  f"({printable(str(source.get('lang')))}, {printable(str(source.get('date')))}) "
                  f"{printable(str(source.get('url')))}")  # fmt: skip
        for path in view.paths.values():
            print(f"    {printable(path)}")
    print(
        f"{len(views)} published story(ies) with new coverage. Edit or remove the sources, "
        "then `newswire publish ID` to mark them seen."
    )


def _listed(values: list[str]) -> str:
    return ", ".join(printable(v, limit=80) for v in values) or "—"


def run_publish(args, settings: NewswireSettings) -> int:
    with writing(settings):
        changed = Archive(settings.content).publish(args.id, as_is=args.as_is)
    print(f"published {args.id}: {', '.join(changed)}")
    return 0


def run_reject(args, settings: NewswireSettings) -> int:
    with writing(settings):
        moved = Archive(settings.content).reject(args.id)
    print(f"rejected {args.id}: moved to {', '.join(moved)}; its entries will not come back")
    return 0


def run_merge(args, settings: NewswireSettings) -> int:
    with writing(settings):
        changed = Archive(settings.content).merge(args.id, args.others)
    print(f"merged {', '.join(args.others)} into {args.id}: {', '.join(changed)}")
    return 0


def run_split(args, settings: NewswireSettings) -> int:
    with writing(settings):
        new_id, changed = Archive(settings.content).split(args.id, args.entries)
    print(f"split {args.id}: new story {new_id}: {', '.join(changed)}")
    return 0


def run_new(args, settings: NewswireSettings) -> int:
    ask = Prompter(enabled=not args.no_input and sys.stdin.isatty(), registry=settings.registry)
    # A language of the settings without options (see build_parser) is asked for.
    titles = {
        lang: getattr(args, f"title_{lang}", None) or ask.text(f"Title ({lang})")
        for lang in settings.languages
    }
    summaries = {
        lang: getattr(args, f"summary_{lang}", None)
        or ask.text(f"Summary ({lang})", required=False)
        for lang in settings.languages
    }
    date = _date(args.date or ask.text("Date first reported (YYYY-MM-DD)"), "--date")
    event_date = _date(args.event_date, "--event-date") if args.event_date else None
    story = NewStory(
        titles=titles, summaries=summaries, date=date, event_date=event_date,
        sites=tuple(args.site or ask.names("sites")),
        studios=tuple(args.studio or ask.names("studios")),
        outcomes=tuple(args.outcome or ask.outcomes()),
        sources=tuple(parse_source(s, settings.languages) for s in (args.source or ask.sources())),
        slug=args.slug,
    )  # fmt: skip
    with writing(settings):
        paths = scaffold_story(
            settings.content, story, registry=settings.registry, languages=settings.languages
        )
    print(
        "created "
        + ", ".join(p.as_posix() for p in paths)
        + " (drafts: annotate them, then `newswire publish`)"
    )
    return 0


def run_registry(args, settings: NewswireSettings) -> int:
    entry = {
        "name": args.name.strip(),
        "aliases": [a.strip() for a in args.alias if a.strip()],
        "kind": args.entry_kind,
        "status": args.status if args.kind == "site" else "",
        "years": [_year(y) for y in args.years] if args.years and args.kind == "site" else None,
        "description": {
            lang: text
            for lang in settings.languages
            if (text := getattr(args, f"description_{lang}", ""))
        },
    }
    if not entry["name"]:
        raise EditorError("the name is empty")
    taxonomy = "sites" if args.kind == "site" else "studios"
    with writing(settings):
        path = add_to_registry(settings.registry, taxonomy, entry)
    print(f"added {entry['name']!r} to {path}")
    return 0


def run_check(args, settings: NewswireSettings) -> int:
    problems = check_content(settings.content)
    for problem in problems:
        print(problem)
    errors = [p for p in problems if p.severity == "error"]
    print(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s)", file=sys.stderr)
    return 1 if errors else 0


HANDLERS = {
    "ingest": run_ingest, "review": run_review, "publish": run_publish, "reject": run_reject,
    "merge": run_merge, "split": run_split, "new": run_new, "registry": run_registry,
    "check": run_check,
}  # fmt: skip


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise EditorError(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def _year(text: str) -> int | None:
    if text.lower() in ("null", "none", "-", ""):
        return None
    if not text.isdigit():
        raise EditorError(f"--years: {text!r} is not a year")
    return int(text)


class Prompter:
    """Asks for what the flags did not give, offering the registry's names."""

    def __init__(self, enabled: bool, registry: Path):
        self.enabled = enabled
        self.registry = registry

    def text(self, label: str, required: bool = True) -> str:
        if not self.enabled:
            if required:
                raise EditorError(f"{label}: missing (give it as an option, or run in a terminal)")
            return ""
        while True:
            answer = input(f"{label}: ").strip()
            if answer or not required:
                return answer

    def names(self, taxonomy: str) -> list[str]:
        if not self.enabled:
            return []
        registry = load_registry(self.registry)
        known = ", ".join(e.name for e in registry.entries(taxonomy))
        print(f"Known {taxonomy}: {known}")
        answer = input(f"{taxonomy.capitalize()} (comma-separated, empty for none): ")
        return [n.strip() for n in answer.split(",") if n.strip()]

    def outcomes(self) -> list[str]:
        if not self.enabled:
            return []
        print("Outcomes: " + ", ".join(OUTCOME_IDS))
        return [o.strip() for o in input("Outcomes (comma-separated): ").split(",") if o.strip()]

    def sources(self) -> list[str]:
        if not self.enabled:
            return []
        print("Sources, one per line: 'URL | outlet | lang | YYYY-MM-DD | title'; empty to end.")
        lines = []
        while line := input("> ").strip():
            lines.append(line)
        return lines


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
