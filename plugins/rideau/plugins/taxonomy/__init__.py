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


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(on_generator_init)
