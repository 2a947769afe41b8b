"""Writes, for one language site: the taxonomy indexes, term pages and feeds.

The other pages and files of a language site (timeline, search, drafts, OPML, sitemap,
robots.txt) are written by their own modules from the same LanguageSite, in this order.
"""

from __future__ import annotations

import logging
import os

from pelican.generators import Generator
from pelican.writers import Writer

from rideau.context import of_generator
from rideau.plugins.incremental.digest import Uncacheable
from rideau.plugins.incremental.memo import remembered
from rideau.plugins.taxonomy.depth import StoryLinks, profile, story_links
from rideau.plugins.taxonomy.drafts import mark_pageless_terms, write_drafts_page
from rideau.plugins.taxonomy.feeds import FeedSpec, feed_specs, write_feed
from rideau.plugins.taxonomy.opml import write_site_opml
from rideau.plugins.taxonomy.search_page import SEARCH_PATHS, write_search_page
from rideau.plugins.taxonomy.site import LanguageSite
from rideau.plugins.taxonomy.sitemap import write_site_robots, write_site_sitemap
from rideau.plugins.taxonomy.terms import TAG_KEYS, TAXONOMIES, collect_terms, newest_first
from rideau.plugins.taxonomy.timeline import TIMELINE_PATHS, write_timeline_page

logger = logging.getLogger(__name__)

LATEST_CLOSURES = 5


class TaxonomyGenerator(Generator):
    """Sites, studios and outcomes pages and every feed of the site being built."""

    def generate_context(self) -> None:
        self.build = of_generator(self)
        self.lang = self.settings["DEFAULT_LANG"]
        self.languages = self.build.settings.languages
        self.registry = self.build.stories.registry
        self.articles = newest_first(self.context.get("articles", []))
        self.terms = collect_terms(self.articles, self.registry, self.lang)
        self.context["rideau_terms"] = self.terms
        self.site = LanguageSite(
            lang=self.lang,
            languages=self.languages,
            articles=self.articles,
            terms=self.terms,
            registry=self.registry,
            settings=self.settings,
            rideau=self.build.settings,
            context=self.context,
            output_path=self.output_path,
            theme=self.theme,
            get_template=self.get_template,
        )
        mark_pageless_terms(self.context.get("drafts", []), self.terms, self.registry, self.lang)
        # Reader depth: each story's developments and related stories, closures for the home.
        # Set on each story (not in the global context) so that a story's page depends on its
        # own links only: the incremental writer keys a page by what it reads.
        links = self._story_links()
        for article in self.articles:
            article.rideau_links = links.get(article.slug)
        self.context["rideau_draft_count"] = len(self.context.get("drafts", []))
        self.context["rideau_latest_closures"] = [
            a for a in self.articles if "shutdown" in (getattr(a, "outcomes", None) or ())
        ][:LATEST_CLOSURES]
        self.context["rideau_timeline_path"] = self.site.page_path(TIMELINE_PATHS)
        self.context["rideau_search_path"] = self.site.page_path(SEARCH_PATHS)

    def _story_links(self) -> dict[str, StoryLinks]:
        """Each story's developments and related stories; they depend only on slugs, dates
        and tags, so a rebuild that changed none reuses the last build's."""
        by_slug = {a.slug: a for a in self.articles}
        shape = [
            (a.slug, str(a.date), *(tuple(getattr(a, k, None) or ()) for k in TAG_KEYS))
            for a in self.articles
        ]

        def compute() -> dict[str, tuple]:
            return {
                slug: tuple(
                    tuple(s.slug for s in group) for group in (x.earlier, x.later, x.related)
                )
                for slug, x in story_links(self.articles).items()
            }

        slugs = remembered(self.settings, "story-links", repr(shape).encode(), compute)
        links = {}
        for slug, groups in slugs.items():
            earlier, later, related = (tuple(by_slug[s] for s in group) for group in groups)
            # The best related stories are chosen by what they share; they are shown newest
            # first, as the page says, so a reader can tell their order. Sorted here, not in
            # story_links, so that a cache kept by an earlier build gets the same order.
            links[slug] = StoryLinks(earlier, later, tuple(newest_first(related)))
        return links

    # -- output -----------------------------------------------------------------------------
    def generate_output(self, writer: Writer) -> None:
        self._write_taxonomy_pages(writer)
        write_timeline_page(self.site, writer)
        write_search_page(self.site, writer)
        write_drafts_page(self.site, writer)
        feeds = self._write_feeds()
        write_site_opml(self.site)
        write_site_sitemap(self.site)
        if self.lang == self.build.settings.main_language:
            write_site_robots(self.site)
        logger.info(
            "%s site: %d stories, %d terms, %d feeds",
            self.lang,
            len(self.articles),
            sum(len(t) for t in self.terms.values()),
            len(feeds),
        )

    def _write_taxonomy_pages(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        index_template = self.get_template("taxonomy")
        term_template = self.get_template("term")
        for taxonomy in TAXONOMIES:
            terms = self.terms[taxonomy.key]
            writer.write_file(
                f"{taxonomy.path(self.lang)}/index.html",
                index_template,
                self.context,
                relative_urls=relative,
                taxonomy=taxonomy,
                terms=terms,
                rideau_paths={lang: f"{taxonomy.path(lang)}/" for lang in self.languages},
            )
            for term in terms:
                registry_status = term.entry.status if term.entry else ""
                writer.write_file(
                    f"{term.path}index.html",
                    term_template,
                    self.context,
                    relative_urls=relative,
                    paginated={"articles": list(term.articles)},
                    template_name="term",
                    url=term.path,
                    taxonomy=taxonomy,
                    term=term,
                    profile=profile(taxonomy.key, term.articles, registry_status),
                    rideau_paths=term.paths(self.languages),
                )

    def _write_feeds(self) -> list[FeedSpec]:
        limit = self.build.settings.feed_max_items
        root = self.site.public_root(self.lang)
        template = self.get_template("feed_entry")

        # A story is in several feeds (all, each of its sites, studios, outcomes): render its
        # entry once.
        rendered: dict[str, str] = {}
        labels = {
            (taxonomy.key, term.name): (rank, term.label)
            for rank, (taxonomy, term) in enumerate(
                (taxonomy, term) for taxonomy in TAXONOMIES for term in self.terms[taxonomy.key]
            )
        }

        def render_content(article) -> str:
            if article.source_path not in rendered:
                rendered[article.source_path] = template.render(
                    {
                        **self.context,
                        "article": article,
                        "SITEURL": root,
                        "content_html": article.get_content(root),
                    }
                )
            return rendered[article.source_path]

        def categories(article) -> list[str]:
            found = [
                labels[(taxonomy.key, name)]
                for taxonomy in TAXONOMIES
                for name in getattr(article, taxonomy.key, None) or ()
                if (taxonomy.key, name) in labels
            ]
            return [label for _rank, label in sorted(found)]

        cache = self.build.render_cache
        authority = self.build.settings.tag_authority
        item_xml: dict[tuple, str] = {}
        written = []
        for spec, term in feed_specs(self.theme, self.lang, self.settings["SITENAME"], self.terms):
            articles = self.articles if term is None else list(term.articles)
            path = os.path.join(self.output_path, spec.path)
            key = None
            if cache is not None:
                # What an entry shows comes from its story's files and its categories.
                cache.digester.use_context(self.context)
                try:
                    key = cache.key(
                        repr((spec, root, authority)).encode(),
                        *(cache.digester.with_text(a) for a in articles[:limit]),
                        repr([categories(a) for a in articles[:limit]]).encode(),
                    )
                except Uncacheable:
                    key = None  # written every time
                if key is not None and cache.manifest.is_fresh(path, key):
                    written.append(spec)
                    continue
            write_feed(
                self.output_path,
                spec,
                articles[:limit],
                site_root=root,
                authority=authority,
                timezone=self.settings["TIMEZONE"],
                render_content=render_content,
                categories=categories,
                description=self.settings["SITENAME"],
                item_xml=item_xml,
            )
            if cache is not None:
                cache.manifest.record(path, key)
            written.append(spec)
        return written
