"""`make serve`'s quick rewrite: an edited story's page written again within a second.

The build process of `make serve` keeps, from its last build, the main language site's
generators (rideau.context.WarmState). When the only files saved since are story files whose
front matter is unchanged (the text was edited), nothing that other pages show of them changed
(listings, term pages and related stories read the front matter only, see
rideau.plugins.incremental.digest): the story's own page is the page that changes. It is
rendered again at once, from the kept generators, with the story's new text read and typeset
as the reading stage does; then the whole build runs as usual, which writes the same page
again and everything else the edit touches (feeds, the search index, the other language's
site). So the page is fresh within a second of the save, and the output stays the one a full
build makes (tests/test_serve.py compares them).
"""

from __future__ import annotations

import contextlib
import copy
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from multiprocessing.connection import Connection
from typing import TypeVar

from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

from rideau.context import WarmState, hand_reading, hand_warm_state, of_generator
from rideau.plugins.incremental.writer import IncrementalWriter
from rideau.plugins.search import refresh_index
from rideau.plugins.stories.cache import FRONT_DIGEST, SOURCE_DIGEST
from rideau.plugins.stories.reader import SHOWN_ELSEWHERE, StoryReader
from rideau.plugins.stories.reading import Reading
from rideau.plugins.typo.parts import html_typography
from rideau.storyfile.parse import StoryError

logger = logging.getLogger(__name__)


@dataclass
class RetainedSite:
    """A language site's generators, as its last successful build left them."""

    generators: list


@dataclass
class WarmSubsite:
    """The build process of another language site, kept between `make serve`'s builds (it
    keeps its own warm state and its site's generators, for the quick rewrite)."""

    lang: str
    process: multiprocessing.Process
    connection: Connection


def start_warm_subsite(warm: WarmState, lang: str, settings: dict, reading: Reading | None) -> None:
    """Ask `lang`'s build process for a build, starting it first if it is not running (it is
    forked from this process, after this build's reading stage, which it then uses)."""
    live = warm.subsites.get(lang)
    if live is None or not live.process.is_alive():
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_subsite_loop, args=(theirs, lang, settings, reading), name=f"rideau-{lang}"
        )
        process.start()
        theirs.close()
        live = warm.subsites[lang] = WarmSubsite(lang, process, ours)
    live.connection.send(("build",))


def wait_for_warm_subsites(warm: WarmState) -> list[str]:
    """Wait for the build each language's process was asked for; the languages that failed."""
    failed = []
    for lang, live in list(warm.subsites.items()):
        try:
            code = live.connection.recv()
        except (EOFError, OSError):
            code = 1
            del warm.subsites[lang]  # it died: the next build starts another
        if code != 0:
            failed.append(lang)
    return failed


def quick_rewrite_subsites(warm: WarmState, changed: list[str]) -> None:
    """The quick rewrite in each other language's build process, for the stories it shows."""
    for lang, live in list(warm.subsites.items()):
        try:
            live.connection.send(("quick", changed))
            live.connection.recv()
        except (EOFError, OSError):
            del warm.subsites[lang]


T = TypeVar("T")

# How much lower a warm rebuild runs than the search index its quick rewrite started.
REBUILD_NICENESS = 10


def behind_the_index(build: Callable[[], T]) -> T:
    """Run a warm rebuild in a thread of lower priority (on Linux, niceness is a thread's), so
    that the search index the quick rewrite has just started, a process of normal priority,
    gets the cores first: on two cores the rebuild running beside it doubled its time. The
    edited page is already written; the rebuild writes the feeds and listings it changes a
    little later. Where a priority cannot be set, the rebuild runs as it is."""
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        with contextlib.suppress(OSError, AttributeError):
            thread = threading.get_native_id()
            niceness = os.getpriority(os.PRIO_PROCESS, thread) + REBUILD_NICENESS
            os.setpriority(os.PRIO_PROCESS, thread, niceness)
        try:
            outcome.append((True, build()))
        except BaseException as exc:  # SystemExit from Pelican's main included: re-raised below
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="warm-rebuild")
    worker.start()
    worker.join()
    done, value = outcome[0]
    if not done:
        raise value
    return value


def _subsite_loop(connection: Connection, lang: str, settings: dict, reading) -> None:
    from pelican import Pelican, signals

    warm = WarmState(reading=reading)

    def keep_site(generators) -> None:
        if generators and generators[0].settings.get("DEFAULT_LANG") == lang:
            warm.site = RetainedSite(list(generators))

    signals.all_generators_finalized.connect(keep_site)  # held by this frame
    handed = reading
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return  # the serve's build process has gone
        if message[0] == "quick":
            written = quick_rewrite(warm.site, message[1]) if warm.site is not None else []
            connection.send(len(written))
            continue
        warm.site = None
        pelican = Pelican(settings)
        hand_warm_state(pelican, warm)
        first = handed is not None
        if first:
            hand_reading(pelican, handed)  # the first build: the main build's reading stage
            handed = None
        try:
            if first:
                pelican.run()
            else:
                behind_the_index(pelican.run)  # a rebuild: its quick rewrite came first
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except Exception as exc:  # reported as Pelican's command reports it, in one line
            logger.critical("the %s site build failed: %s", lang, exc)
            code = 1
        if code != 0:
            warm.site = None
        connection.send(code)


def unchanged_since(reading: Reading, changed: list[str]) -> bool:
    """Whether every file in `changed` is a content file whose bytes are those the last build
    read (saved again as it was, touched): the site would be built again to the same bytes."""
    cache = reading.read_cache
    for path in changed:
        stored = cache.current.get(os.path.relpath(path))
        try:
            with open(path, "rb") as file:
                raw = file.read()
        except OSError:
            return False
        if stored is None or cache.key(raw) != stored[0]:
            return False
    return bool(changed)


def retained_articles(site: RetainedSite) -> ArticlesGenerator | None:
    return next((g for g in site.generators if isinstance(g, ArticlesGenerator)), None)


def quick_rewrite(site: RetainedSite, changed: list[str]) -> list[str]:
    """Write again the pages of the stories in `changed` whose text alone changed, when every
    changed file is such a story of this site; the pages written (none otherwise)."""
    generator = retained_articles(site)
    if generator is None or not changed:
        return []
    shown = {
        article.source_path: article
        for article in chain(
            generator.translations, generator.articles,
            generator.hidden_translations, generator.hidden_articles,
        )
        if not article.metadata.get(SHOWN_ELSEWHERE)
    }  # fmt: skip
    edits = []
    for path in changed:
        article = shown.get(os.path.abspath(path))
        text = article is not None and _edited_text(generator, article)
        if not text:
            return []  # another kind of change: the build that follows makes every page
        edits.append((article, *text))
    written = [_rewrite(generator, article, html, digest) for article, html, digest in edits]
    build = of_generator(generator)
    if build.settings.search:
        # The story pages are now those the build will write: their index can start now.
        refresh_index(generator.settings, generator.output_path, build.settings)
    return written


def _edited_text(generator: ArticlesGenerator, article) -> tuple[str, str] | None:
    """The new text (HTML, typeset) and file digest of `article`, when only its text changed."""
    build = of_generator(generator)
    cache = build.stories.read_cache
    try:
        with open(article.source_path, "rb") as file:
            raw = file.read()
    except OSError:
        return None
    front = cache.front_key(raw) if cache is not None else None
    if front is None or front.hex() != article.metadata.get(FRONT_DIGEST):
        return None
    reader = StoryReader(generator.settings)
    reader.use_build(build.settings, build.stories)
    try:
        entry = reader.read_entry(article.source_path, raw)
    except StoryError:
        return None
    typeset = html_typography(article.lang)
    if entry.problems or typeset is None:
        return None  # the build that follows reports them
    html = entry.html[0]
    html = build.typography.apply(typeset, html) if build.typography else typeset(html)
    return html, cache.key(raw).hex()


def _rewrite(generator: ArticlesGenerator, article, html: str, digest: str) -> str:
    """Render `article`'s page with its new text, as Pelican's generate_articles does."""
    fresh = copy.copy(article)  # a new object: Pelican memoises each content's HTML
    fresh.metadata = {**article.metadata, SOURCE_DIGEST: digest}
    fresh.__dict__.pop("_rideau_digest", None)
    fresh._content = html
    settings = generator.settings
    build = of_generator(generator)
    writer = (IncrementalWriter if build.render_cache is not None else Writer)(
        generator.output_path, settings=settings
    )
    writer.write_file(
        article.save_as,
        generator.get_template(article.template),
        generator.context,
        article=fresh,
        category=getattr(article, "category", None),
        override_output=hasattr(article, "override_save_as"),
        url=article.url,
        blog=True,
        relative_urls=settings["RELATIVE_URLS"],
    )
    logger.info("%s: page written again", os.path.relpath(article.source_path))
    return article.save_as
