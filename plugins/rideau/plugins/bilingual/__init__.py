"""Rideau's two language sites: French at /, English at /en/ (see RIDEAU_LANGUAGES).

- runs one build per language, in parallel (subsites.py);
- keeps each story's translations linked across the sites but written once, by the site of
  their language;
- gives templates the site's gettext catalogue and cross-site URL helpers (templating.py).
"""

from __future__ import annotations

from pelican import signals

from rideau.context import of_generator
from rideau.plugins.bilingual.catalogues import load_translations
from rideau.plugins.bilingual.subsites import start_subsites, wait_for_subsites
from rideau.plugins.bilingual.templating import FILTERS, GLOBALS, TranslatedConstants


def write_translations_once(generator) -> None:
    """A translation is written by the site of its own language, not by this one.

    The untranslated stories of the other language stay in this site's lists and are written
    here too, so that no link from this site is a 404.
    """
    for name in (
        "translations",
        "drafts_translations",
        "draft_translations",
        "hidden_translations",
    ):
        if hasattr(generator, name):
            setattr(generator, name, [])


def freeze_urls(generator) -> None:
    """Compute each story's and page's URL once: Pelican formats it anew on every access, and
    templates ask for it thousands of times."""
    for name in (
        "articles", "translations", "drafts", "drafts_translations", "hidden_articles",
        "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations",
    ):  # fmt: skip
        for content in getattr(generator, name, ()):
            content.override_url = content.url
            content.override_save_as = content.save_as


def install_template_helpers(generator) -> None:
    lang = generator.settings["DEFAULT_LANG"]
    env = generator.env
    translations = load_translations(generator.theme, lang)
    env.install_gettext_translations(translations, newstyle=True)
    TranslatedConstants.install(env, translations.gettext)
    env.globals.update(GLOBALS)
    env.globals["SITE_LANG"] = lang
    languages = of_generator(generator).settings.languages
    env.globals["OTHER_LANGS"] = [other for other in languages if other != lang]
    env.filters.update(FILTERS)


def register() -> None:
    signals.get_generators.connect(start_subsites)
    signals.finalized.connect(wait_for_subsites)
    signals.article_generator_finalized.connect(freeze_urls)
    signals.page_generator_finalized.connect(freeze_urls)
    signals.article_generator_finalized.connect(write_translations_once)
    signals.page_generator_finalized.connect(write_translations_once)
    signals.generator_init.connect(install_template_helpers)
