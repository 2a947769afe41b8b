"""The search page of one language site (its index is made by rideau.plugins.search)."""

from __future__ import annotations

from pelican.writers import Writer

from rideau.plugins.taxonomy.site import LanguageSite

SEARCH_PATHS = {"fr": "search/", "en": "search/"}


def write_search_page(site: LanguageSite, writer: Writer) -> None:
    path = site.page_path(SEARCH_PATHS)
    writer.write_file(
        f"{path}index.html",
        site.get_template("search"),
        site.context,
        relative_urls=site.settings["RELATIVE_URLS"],
        rideau_paths=site.paths_everywhere(SEARCH_PATHS),
    )
