"""What one Pelican run (one language site) builds up for Rideau's plugins: the build context.

The settings, read once (rideau.settings); the stories plugin's build state (the registry, the
reader's cache, the problems found); the typography memo; the incremental render cache. It is
kept out of Pelican's settings dict, so that the settings stay configuration: they are
hashed into the incremental cache keys and copied into the other language builds.

Where it lives, and why there. Pelican hands its plugins different objects: the Pelican object
(`get_generators`, `get_writer`, `finalized`), generators (`generator_init`, `*_generator_init`,
`*_finalized`, `all_generators_finalized`), the writer (which receives the generators'
context in `write_file` and `write_feed`), content objects and readers (settings only). The
one object every generator and the writer see, new for each run, is the generators' shared
context dict, which Pelican makes for sharing per-run state between generators (it keeps its
`generated_content` and `static_links` there): the build context is kept there, under
`CONTEXT_KEY`, made by the first handler that asks (`build_context`). So each run, including
each rebuild of `make serve` with the same Pelican object and each language build forked from
the main one, starts from a new one, with no module-level state.

The handlers of `finalized` only receive the Pelican object: `link_generator` gives the
`get_generators` signal a generator class that writes nothing and, once Pelican makes the
generators (before any of them reads a file), attaches this run's build context to the Pelican
object as `rideau_build` (`of_pelican`). Readers and content objects see only the settings:
the stories plugin hands its readers the build state once a generator has made them
(`article_generator_init`, `page_generator_init`), and typography runs on the generators'
lists once they are read rather than on each content object as it is made.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rideau.settings import BuildSettings, build_settings

if TYPE_CHECKING:
    from rideau.plugins.bilingual.warm import RetainedSite, WarmSubsite
    from rideau.plugins.incremental.writer import RenderCache
    from rideau.plugins.stories.build import BuildState
    from rideau.plugins.stories.reading import Reading
    from rideau.plugins.typo.memo import TypographyMemo

# The key of the build context in the generators' shared context dict.
CONTEXT_KEY = "rideau_build"
# The attribute of the Pelican object that holds its current run's build context.
PELICAN_ATTRIBUTE = "rideau_build"
# The attribute of the Pelican object that holds the reading stage's results for its run
# (stories/reading.py): set by the main build, and for each language site it forks.
READING_ATTRIBUTE = "rideau_reading"


class BuildContextError(RuntimeError):
    """A handler asked for the build context where this run has none."""


@dataclass
class BuildContext:
    """The per-run state of Rideau's plugins (see the module's docstring)."""

    settings: BuildSettings
    stories: BuildState
    # Results of the last build's typography (incremental builds only).
    typography: TypographyMemo | None = None
    # Keys of the pages written by the last build (incremental builds only).
    render_cache: RenderCache | None = None
    # The reading stage's results this run took its files from (None: read by itself).
    reading: Reading | None = None

    @classmethod
    def start(cls, settings: Mapping) -> BuildContext:
        """A new build context for a run with Pelican's `settings`: the registry is loaded
        afresh (autoreload picks up registry edits), the caches of the last build opened."""
        # Imported here: each of these plugins imports this module.
        from rideau.plugins.incremental.writer import RenderCache
        from rideau.plugins.stories.build import start_build
        from rideau.plugins.typo.memo import TypographyMemo

        rideau = build_settings(settings)
        build = cls(settings=rideau, stories=start_build(settings, rideau))
        build.typography = TypographyMemo.for_settings(settings, rideau.incremental)
        if rideau.incremental:
            registry = rideau.registry_folder(settings["PATH"])
            build.render_cache = RenderCache(settings, settings["OUTPUT_PATH"], registry)
        return build

    def use_reading(self, reading: Reading) -> None:
        """Take each file's reading and typography from the reading stage of the build (read
        and typeset once for all language sites) instead of this run's own caches."""
        self.reading = reading
        self.stories.read_cache = reading.read_cache
        self.stories.statuses = reading.statuses
        self.stories.slugs_read = reading.slugs
        self.typography = reading.typography


@dataclass
class WarmState:
    """What a long-lived build process (`make serve`'s) keeps from one build to the next, in
    memory: the last reading stage's results, so that the next one reads only the files that
    changed and loads no cache from disk."""

    reading: Reading | None = None
    # The main language site's generators after the last successful build, for
    # rideau.plugins.bilingual.warm's quick rewrite of an edited story's page.
    site: RetainedSite | None = None
    # The build processes of the other language sites, kept between builds (language → it).
    subsites: dict[str, WarmSubsite] = field(default_factory=dict)


# The attribute of the Pelican object that holds the warm state of the process running it.
WARM_ATTRIBUTE = "rideau_warm"


def hand_warm_state(pelican, warm: WarmState) -> None:
    setattr(pelican, WARM_ATTRIBUTE, warm)


def warm_state(pelican) -> WarmState | None:
    return getattr(pelican, WARM_ATTRIBUTE, None)


def hand_reading(pelican, reading: Reading) -> None:
    """Give `pelican`'s next run the reading stage's results."""
    setattr(pelican, READING_ATTRIBUTE, reading)


def build_context(context: MutableMapping, settings: Mapping) -> BuildContext:
    """The build context of the run whose generators share `context` (made on first use)."""
    build = context.get(CONTEXT_KEY)
    if build is None:
        build = context[CONTEXT_KEY] = BuildContext.start(settings)
    return build


def of_generator(generator) -> BuildContext:
    """The build context of the run `generator` belongs to."""
    return build_context(generator.context, generator.settings)


def of_pelican(pelican) -> BuildContext | None:
    """The build context of the current run of `pelican` (None before its generators exist)."""
    return getattr(pelican, PELICAN_ATTRIBUTE, None)


def link_generator(pelican) -> type:
    """A generator class for `get_generators`, linking the run's build context to `pelican`."""

    class BuildContextLink:
        """Writes nothing: attaches the build context to the Pelican object when made."""

        def __init__(self, context: MutableMapping, settings: Mapping, **_paths) -> None:
            build = build_context(context, settings)
            # Made with the other generators, before any of them reads a file.
            reading = getattr(pelican, READING_ATTRIBUTE, None)
            if reading is not None:
                build.use_reading(reading)
            setattr(pelican, PELICAN_ATTRIBUTE, build)

    return BuildContextLink
