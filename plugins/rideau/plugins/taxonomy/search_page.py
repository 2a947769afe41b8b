"""The search page of one language site (its index is made by rideau.plugins.search)."""

from __future__ import annotations

from pelican.writers import Writer

from rideau.plugins.taxonomy.site import LanguageSite

SEARCH_PATHS = {"fr": "search/", "en": "search/"}


def write_search_page(site: LanguageSite, writer: Writer) -> None:
    site.write_page(writer, SEARCH_PATHS, "search")
