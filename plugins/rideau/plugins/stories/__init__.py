"""Rideau stories: the story model, the registry and the reader for story files.

Load this plugin first: the other Rideau plugins use its model and registry.
"""

from __future__ import annotations

import gc
import logging

from pelican import signals

from rideau.context import (
    READING_ATTRIBUTE,
    hand_reading,
    link_generator,
    of_generator,
    warm_state,
)
from rideau.plugins.stories.build import is_subsite, report_problems
from rideau.plugins.stories.elsewhere import link_translations
from rideau.plugins.stories.reader import StoryReader
from rideau.plugins.stories.reading import read_everything
from rideau.storyfile.checks import (
    StoryRecord,
    dates_in_different_years,
    duplicate_slugs,
    missing_translations,
)

logger = logging.getLogger(__name__)

# A build keeps its content objects, fragments and caches alive from start to end and makes
# millions of short-lived objects (Jinja contexts, strings, tuples): with Python's default
# thresholds (700, 10, 10) the collector scans the long-lived ones over and over, about a
# tenth of a full build's CPU time at 5,000 stories. Collected less often, the same garbage
# goes (the peak memory grew by 3 %), with the same output.
COLLECTION_THRESHOLDS = (100_000, 50, 100)


def collect_less(pelican) -> None:
    """Fewer garbage collections for this build process (and the processes it forks)."""
    gc.set_threshold(*COLLECTION_THRESHOLDS)


def add_reader(readers) -> None:
    for extension in StoryReader.file_extensions:
        readers.reader_classes[extension] = StoryReader


def on_get_generators(pelican) -> type:
    """Before any generator is made: the main build reads every content file once, for all
    language sites (reading.py; the bilingual plugin hands the result to the sites it forks).

    The run's build context (rideau.context) is made by the first generator that asks; the
    generator returned links it to the Pelican object, for the handlers of `finalized`, and
    gives it the reading stage's results."""
    warm = warm_state(pelican)  # `make serve`'s: the last build's reading, in memory
    handed = getattr(pelican, READING_ATTRIBUTE, None) is not None
    # A language site that make serve keeps up reads for itself from its second build on.
    if not handed and (not is_subsite(pelican.settings) or warm is not None):
        reading = read_everything(pelican.settings, last=warm.reading if warm else None)
        if warm is not None:
            warm.reading = reading
            reading.kept = True
        hand_reading(pelican, reading)
    return link_generator(pelican)


def hand_build_to_readers(generator) -> None:
    """Give this generator's story readers the run's settings and build state (Pelican makes
    readers with its settings only), once it has made them."""
    build = of_generator(generator)
    for reader in generator.readers.readers.values():
        if isinstance(reader, StoryReader):
            reader.use_build(build.settings, build.stories)


def read_in_path_order(generator) -> None:
    """Pelican lists source files as a set, whose order changes from run to run: read them in
    path order, so that of two files claiming one slug the reader keeps the same one on every
    run and on both language sites (and `newswire check` names the same one)."""
    listed = generator.get_files

    def get_files(*args, **kwargs) -> list[str]:
        return sorted(listed(*args, **kwargs))

    generator.get_files = get_files


def link_light_translations(generator) -> None:
    """Once Pelican has grouped the site's stories by slug, link the translations the reader
    kept as light objects (elsewhere.py) to the versions of their stories."""
    state = of_generator(generator).stories
    if state.elsewhere:
        link_translations(generator, state.elsewhere)


def check_across_files(generator) -> None:
    """The checks of `newswire check` that need every story: duplicate slugs (errors; the
    reader has left out all but the first file), versions of a story dated in different years
    (errors) and published stories without a translation (noted, never fatal: they show in
    their own language on the other site)."""
    build = of_generator(generator)
    state, languages = build.stories, build.settings.languages
    everything = (
        generator.articles + generator.translations + generator.drafts
        + generator.drafts_translations + generator.hidden_articles + generator.hidden_translations
    )  # fmt: skip
    records = [
        StoryRecord(a.relative_source_path, a.slug, a.lang, a.status, a.date) for a in everything
    ]
    # Listed with the others at the end of reading (report_problems).
    state.problems.extend(duplicate_slugs(records) + dates_in_different_years(records, languages))
    for problem in missing_translations(records, languages):
        logger.info("%s", problem)


def report_after_reading(generators) -> None:
    """Every file has been read: list the problems, and stop a strict build before writing."""
    if not generators:
        return
    build = of_generator(generators[0])
    subsite = is_subsite(generators[0].settings)
    # The main build saves the cache the reading stage shared with the language sites.
    cache = build.stories.read_cache
    if cache is not None and not subsite:
        cache.save()
    if cache is not None and not (build.reading is not None and build.reading.kept):
        cache.release()  # every file is read: its memory goes to the pages
    report_problems(build.stories, build.settings, subsite)


def register() -> None:
    signals.initialized.connect(collect_less)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(on_get_generators)
    signals.article_generator_init.connect(read_in_path_order)
    signals.article_generator_init.connect(hand_build_to_readers)
    signals.page_generator_init.connect(hand_build_to_readers)
    signals.page_generator_init.connect(read_in_path_order)
    signals.article_generator_pretaxonomy.connect(link_light_translations)
    signals.article_generator_finalized.connect(check_across_files)
    signals.all_generators_finalized.connect(report_after_reading)
