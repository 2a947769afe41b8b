"""Rideau taxonomies: sites, studios and outcomes as first-class taxonomies.

For each language site: an index per taxonomy, a page per value (newest first, paginated),
Atom and RSS feeds per value and for all stories, an OPML file of every feed, a sitemap with
hreflang alternates, and robots.txt on the main site.
"""

from __future__ import annotations

from pelican import signals

from rideau.context import of_generator
from rideau.plugins.taxonomy.generator import TaxonomyGenerator
from rideau.plugins.taxonomy.templating import install_fragment_helper, install_term_helpers


def get_generators(pelican):
    return TaxonomyGenerator


def on_generator_init(generator) -> None:
    registry = of_generator(generator).stories.registry
    install_term_helpers(generator.env, registry, generator.settings["DEFAULT_LANG"])
    install_fragment_helper(generator.env)


# Pelican's listings of stories by category and by author (generator attribute, setting
# prefix): Rideau's taxonomies replace their pages and feeds.
PELICAN_LISTINGS = (("categories", "CATEGORY"), ("authors", "AUTHOR"))


def forget_unwritten_listings(generator) -> None:
    """Empty the article generator's categories and authors when neither their pages nor
    their feeds are written (`*_SAVE_AS = ""`, no `*_FEED_ATOM`/`*_FEED_RSS`).

    Pelican still goes through them to write nothing, and for each it first lists the site's
    stories in date order with `article in articles` over the category's or author's stories:
    every story is in the one default category and by the one AUTHOR, so each is a quadratic
    pass over 5,000 stories at the bench's size (about 2 % of a language site's time). The
    templates keep them: Pelican's context holds its own reference to each list."""
    settings = generator.settings
    for name, kind in PELICAN_LISTINGS:
        feeds = settings.get(f"{kind}_FEED_ATOM") or settings.get(f"{kind}_FEED_RSS")
        if settings.get(f"{kind}_SAVE_AS") == "" and not feeds:
            setattr(generator, name, [])


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(on_generator_init)
    signals.article_generator_finalized.connect(forget_unwritten_listings)
