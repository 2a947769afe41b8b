"""sitemap.xml of one language site, with hreflang alternates, and robots.txt pointing at them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from rideau.plugins.taxonomy.site import LanguageSite
from rideau.plugins.taxonomy.terms import TAXONOMIES
from rideau.plugins.taxonomy.timeline import TIMELINE_PATHS
from rideau.plugins.taxonomy.xmlfiles import SitemapUrl, write_robots, write_sitemap


def write_site_sitemap(site: LanguageSite) -> None:
    write_sitemap(os.path.join(site.output_path, "sitemap.xml"), sitemap_urls(site))


def sitemap_urls(site: LanguageSite) -> Iterable[SitemapUrl]:
    def everywhere(paths: Mapping[str, str]) -> SitemapUrl:
        alternates = tuple(
            (lang, f"{site.public_root(lang)}/{paths[lang]}") for lang in site.languages
        )
        return SitemapUrl(f"{site.public_root(site.lang)}/{paths[site.lang]}", alternates)

    yield everywhere(dict.fromkeys(site.languages, ""))
    yield everywhere(dict.fromkeys(site.languages, "archives/"))
    yield everywhere(site.paths_everywhere(TIMELINE_PATHS))
    for year in sorted({a.date.year for a in site.articles}):
        yield everywhere(dict.fromkeys(site.languages, f"archives/{year}/"))
    for taxonomy in TAXONOMIES:
        yield everywhere({lang: f"{taxonomy.path(lang)}/" for lang in site.languages})
        for term in site.terms[taxonomy.key]:
            yield everywhere(term.paths(site.languages))
    contents = [*site.articles, *site.context.get("pages", [])]
    for content in contents:
        if content.lang != site.lang:
            continue  # shown here as a courtesy; its canonical page is on its own site
        versions = sorted((content, *content.translations), key=lambda c: c.lang)
        alternates = tuple((v.lang, f"{site.public_root(v.lang)}/{v.url}") for v in versions)
        date = getattr(content, "modified", None) or getattr(content, "date", None)
        yield SitemapUrl(
            f"{site.public_root(site.lang)}/{content.url}",
            alternates if len(versions) > 1 else (),
            date.isoformat()[:10] if date else "",
        )


def write_site_robots(site: LanguageSite) -> None:
    """robots.txt, on the main site only: it names the sitemap of every language site."""
    sitemaps = [f"{site.public_root(lang)}/sitemap.xml" for lang in site.languages]
    write_robots(os.path.join(site.output_path, "robots.txt"), sitemaps)
