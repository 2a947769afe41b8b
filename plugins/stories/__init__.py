"""Rideau stories: the story model, the registry and the reader for story files.

Load this plugin first: the other Rideau plugins use its model and registry.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from pelican import signals

from .build import BuildState, StoryValidationError, build_state, start_build
from .model import Problem
from .reader import StoryReader

logger = logging.getLogger(__name__)


def add_reader(readers) -> None:
    for extension in StoryReader.file_extensions:
        readers.reader_classes[extension] = StoryReader


def on_get_generators(pelican) -> None:
    start_build(pelican.settings)


def check_duplicate_slugs(generator) -> None:
    state: BuildState = build_state(generator.settings)
    by_key = defaultdict(list)
    everything = (
        generator.articles + generator.translations + generator.drafts
        + generator.drafts_translations + generator.hidden_articles + generator.hidden_translations
    )  # fmt: skip
    for article in everything:
        by_key[(article.slug, article.lang)].append(article.relative_source_path)
    for (slug, lang), paths in sorted(by_key.items()):
        if len(paths) > 1:
            for path in sorted(paths):
                others = ", ".join(p for p in sorted(paths) if p != path)
                problem = Problem(path, "slug", f"{slug!r} ({lang}) is also used by {others}")
                state.problems.append(problem)
                logger.warning("%s", problem)


def fail_if_strict(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    state: BuildState = build_state(settings)
    if settings.get("RIDEAU_STRICT") and state.problems:
        listing = "\n".join(f"  {p}" for p in sorted(set(state.problems), key=str))
        raise StoryValidationError(
            f"{len(set(state.problems))} problem(s) in content files:\n{listing}"
        )


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(on_get_generators)
    signals.article_generator_finalized.connect(check_duplicate_slugs)
    signals.all_generators_finalized.connect(fail_if_strict)
