"""One Pelican build per language: the main language at /, the others in sub-folders.

Each language site is a complete Pelican build of the same content with its own DEFAULT_LANG,
so listings, taxonomy pages and feeds are those of that language (stories that exist only in
the other language are shown too, marked with their language). The builds are independent
and run in parallel, one forked process per extra language.
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from pelican import Pelican
from pelican.utils import clean_output_dir

from rideau.context import READING_ATTRIBUTE, hand_reading, warm_state
from rideau.plugins.bilingual.warm import start_warm_subsite, wait_for_warm_subsites
from rideau.plugins.stories.build import SUBSITE_KEY, is_subsite
from rideau.settings import build_settings

logger = logging.getLogger(__name__)


class SubsiteBuildError(RuntimeError):
    """The build of a language site other than the main one failed."""


def subsite_settings(settings: dict, lang: str, sub: str) -> dict:
    """Settings of the `lang` site (in the `sub` folder), derived from the main site's."""
    siteurl = settings["SITEURL"]
    if siteurl:
        siteurl = f"{siteurl}/{sub}"
    elif not settings.get("RELATIVE_URLS"):
        siteurl = f"/{sub}"
    derived = dict(settings)
    derived.update(
        {
            SUBSITE_KEY: True,
            "DEFAULT_LANG": lang,
            "SITEURL": siteurl,
            "OUTPUT_PATH": os.path.join(settings["OUTPUT_PATH"], sub),
            "CACHE_PATH": os.path.join(settings["CACHE_PATH"], lang),
            # The theme's files are served once, from the main site.
            "THEME_STATIC_PATHS": [],
            "DELETE_OUTPUT_DIRECTORY": False,
        }
    )
    return derived


def _build(settings: dict, reading) -> None:
    pelican = Pelican(settings)
    if reading is not None:
        hand_reading(pelican, reading)  # read once, by the main build, for every site
    pelican.run()


def start_subsites(pelican: Pelican) -> None:
    """Start the other language builds (called at the start of the main build)."""
    settings = pelican.settings
    if is_subsite(settings):
        return
    if pelican.delete_outputdir:
        # Clean now, before the language builds start writing into the output folder.
        clean_output_dir(pelican.output_path, pelican.output_retention)
        pelican.delete_outputdir = False
    warm = warm_state(pelican)
    reading = getattr(pelican, READING_ATTRIBUTE, None)
    if warm is not None:  # make serve's build process: the language processes stay up
        for lang, sub in build_settings(settings).subsites.items():
            if sub:
                start_warm_subsite(warm, lang, subsite_settings(settings, lang, sub), reading)
        return
    context = multiprocessing.get_context("fork")
    processes = []
    for lang, sub in build_settings(settings).subsites.items():
        if not sub:
            continue
        process = context.Process(
            target=_build,
            args=(subsite_settings(settings, lang, sub), reading),
            name=f"rideau-{lang}",
        )
        process.start()
        processes.append((lang, process))
    pelican.rideau_subsites = processes


def wait_for_subsites(pelican: Pelican) -> None:
    """Wait for the other language builds; fail the build if one of them failed."""
    warm = warm_state(pelican)
    failed = wait_for_warm_subsites(warm) if warm is not None and warm.subsites else []
    for lang, process in getattr(pelican, "rideau_subsites", []):
        process.join()
        if process.exitcode != 0:
            failed.append(lang)
    pelican.rideau_subsites = []
    if failed:
        raise SubsiteBuildError(f"the {', '.join(failed)} site build failed (see the errors above)")
