"""Writes, for one language site: taxonomy indexes, term pages, feeds, OPML, sitemap, robots.txt."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from pelican.generators import Generator

from rideau.plugins.bilingual.catalogues import load_translations
from rideau.plugins.incremental import render_cache
from rideau.plugins.incremental.digest import Uncacheable
from rideau.plugins.incremental.memo import remembered
from rideau.plugins.stories.build import build_state
from rideau.plugins.taxonomy.depth import StoryLinks, chart, counts, profile, story_links, timeline
from rideau.plugins.taxonomy.feeds import FeedSpec, write_feed
from rideau.plugins.taxonomy.terms import (
    TAXONOMIES,
    Term,
    collect_terms,
    make_term,
    newest_first,
    taxonomy_by_key,
)
from rideau.plugins.taxonomy.xmlfiles import (
    OpmlFeed,
    OpmlGroup,
    SitemapUrl,
    write_opml,
    write_robots,
    write_sitemap,
)
from rideau.storyfile.vocabulary import OUTCOME_IDS

logger = logging.getLogger(__name__)

ALL_FEEDS = {"atom": "feeds/all.atom.xml", "rss": "feeds/all.rss.xml"}
# Pages of every language site that are not stories nor taxonomies: path per language.
TIMELINE_PATHS = {"fr": "chronologie/", "en": "timeline/"}
SEARCH_PATHS = {"fr": "search/", "en": "search/"}
LATEST_CLOSURES = 5
TAG_KEYS = ("sites", "studios", "outcomes")


def version_in(article, lang: str):
    """The `lang` version of a story, or the story itself when it has none."""
    for version in (article, *getattr(article, "translations", ())):
        if version.lang == lang:
            return version
    return article


class TaxonomyGenerator(Generator):
    """Sites, studios and outcomes pages and every feed of the site being built."""

    def generate_context(self) -> None:
        self.lang = self.settings["DEFAULT_LANG"]
        self.languages = tuple(self.settings["RIDEAU_LANGUAGES"])
        self.registry = build_state(self.settings).registry
        self.articles = newest_first(self.context.get("articles", []))
        self.terms = collect_terms(self.articles, self.registry, self.lang)
        self.context["rideau_terms"] = self.terms
        # A draft may name a site, studio or outcome that no published story has yet: its term
        # page and feeds do not exist, and the draft's preview must not link to them. Set on
        # each draft, as the links below: a page depends only on what it reads.
        written = {term.path for terms in self.terms.values() for term in terms}
        for draft in self.context.get("drafts", []):
            draft.rideau_pageless_terms = frozenset(
                path
                for key in TAG_KEYS
                for name in getattr(draft, key, None) or ()
                if (path := make_term(taxonomy_by_key(key), name, self.lang, self.registry).path)
                not in written
            )
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
        self.context["rideau_timeline_path"] = self.page_path(TIMELINE_PATHS)
        self.context["rideau_search_path"] = self.page_path(SEARCH_PATHS)

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

    def page_path(self, paths: dict[str, str]) -> str:
        return paths.get(self.lang, paths["en"])

    def paths_everywhere(self, paths: dict[str, str]) -> dict[str, str]:
        return {lang: paths.get(lang, paths["en"]) for lang in self.languages}

    # -- URLs -------------------------------------------------------------------------------
    def public_root(self, lang: str) -> str:
        base = self.settings["RIDEAU_PUBLIC_URL"].rstrip("/")
        sub = self.settings["RIDEAU_LANGUAGES"][lang]
        return f"{base}/{sub}" if sub else base

    def articles_in(self, lang: str) -> list:
        """The stories of the `lang` site: each in `lang` when it has that version."""
        if lang == self.lang:
            return self.articles
        return newest_first(version_in(a, lang) for a in self.articles)

    # -- output -----------------------------------------------------------------------------
    def generate_output(self, writer) -> None:
        self._write_taxonomy_pages(writer)
        self._write_timeline_page(writer)
        self._write_search_page(writer)
        self._write_drafts_page(writer)
        feeds = self._write_feeds()
        self._write_opml()
        self._write_sitemap()
        if not self.settings["RIDEAU_LANGUAGES"][self.lang]:
            self._write_robots()
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

    def _write_timeline_page(self, writer) -> None:
        rows = timeline(self.articles)
        path = self.page_path(TIMELINE_PATHS)
        writer.write_file(
            f"{path}index.html",
            self.get_template("timeline"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            timeline_rows=rows,
            chart=chart(rows),
            outcome_totals=counts(self.articles, "outcomes", order=OUTCOME_IDS),
            rideau_paths=self.paths_everywhere(TIMELINE_PATHS),
        )

    def _write_search_page(self, writer) -> None:
        path = self.page_path(SEARCH_PATHS)
        writer.write_file(
            f"{path}index.html",
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            rideau_paths=self.paths_everywhere(SEARCH_PATHS),
        )

    def _write_drafts_page(self, writer) -> None:
        """The editors' review queue, in development builds only (drafts have no pages in
        production: DRAFT_SAVE_AS is empty there)."""
        drafts = newest_first(self.context.get("drafts", []))
        if not self.settings.get("DRAFT_SAVE_AS") or not drafts:
            return
        writer.write_file(
            "drafts/index.html",
            self.get_template("drafts"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            drafts=drafts,
        )

    def _feed_specs(self, lang: str, terms: dict[str, list[Term]]) -> list[tuple[FeedSpec, list]]:
        _ = load_translations(self.theme, lang).gettext
        sitename = self.settings["SITENAME"]
        specs = []
        for kind, path in ALL_FEEDS.items():
            title = _("%(site)s: all stories") % {"site": sitename}
            specs.append((FeedSpec(path, title, lang, kind), None))
        for taxonomy in TAXONOMIES:
            for term in terms[taxonomy.key]:
                for kind in ALL_FEEDS:
                    title = _("%(site)s: %(term)s") % {"site": sitename, "term": term.label}
                    specs.append((FeedSpec(term.feed_path(kind), title, lang, kind), term))
        return specs

    def _write_feeds(self) -> list[FeedSpec]:
        limit = self.settings.get("RIDEAU_FEED_MAX_ITEMS") or None
        root = self.public_root(self.lang)
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

        cache = render_cache(self.settings)
        item_xml: dict[tuple, str] | None = (
            {} if self.settings.get("RIDEAU_SPEEDUPS", True) else None
        )
        written = []
        for spec, term in self._feed_specs(self.lang, self.terms):
            articles = self.articles if term is None else list(term.articles)
            path = os.path.join(self.output_path, spec.path)
            key = None
            if cache is not None:
                # What an entry shows comes from its story's files and its categories.
                cache.digester.use_context(self.context)
                try:
                    key = cache.key(
                        repr((spec, root, self.settings["RIDEAU_TAG_AUTHORITY"])).encode(),
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
                authority=self.settings["RIDEAU_TAG_AUTHORITY"],
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

    def _write_opml(self) -> None:
        _ = load_translations(self.theme, self.lang).gettext
        groups = []
        for lang in self.languages:
            terms = collect_terms(self.articles_in(lang), self.registry, lang)
            root = self.public_root(lang)
            feeds = [
                OpmlFeed(
                    spec.title,
                    f"{root}/{spec.path}",
                    f"{root}/{term.path if term else ''}",
                    lang,
                    spec.kind,
                )
                for spec, term in self._feed_specs(lang, terms)
            ]
            groups.append(
                OpmlGroup(
                    _("Feeds in %(language)s") % {"language": _(LANGUAGE_LABELS[lang])},
                    tuple(feeds),
                )
            )
        title = _("%(site)s: every feed") % {"site": self.settings["SITENAME"]}
        write_opml(os.path.join(self.output_path, "feeds.opml"), title, groups)

    def _write_sitemap(self) -> None:
        write_sitemap(os.path.join(self.output_path, "sitemap.xml"), self._sitemap_urls())

    def _sitemap_urls(self) -> Iterable[SitemapUrl]:
        def everywhere(paths: dict[str, str]) -> SitemapUrl:
            alternates = tuple(
                (lang, f"{self.public_root(lang)}/{paths[lang]}") for lang in self.languages
            )
            return SitemapUrl(f"{self.public_root(self.lang)}/{paths[self.lang]}", alternates)

        yield everywhere(dict.fromkeys(self.languages, ""))
        yield everywhere(dict.fromkeys(self.languages, "archives/"))
        yield everywhere(self.paths_everywhere(TIMELINE_PATHS))
        for year in sorted({a.date.year for a in self.articles}):
            yield everywhere(dict.fromkeys(self.languages, f"archives/{year}/"))
        for taxonomy in TAXONOMIES:
            yield everywhere({lang: f"{taxonomy.path(lang)}/" for lang in self.languages})
            for term in self.terms[taxonomy.key]:
                yield everywhere(term.paths(self.languages))
        contents = [*self.articles, *self.context.get("pages", [])]
        for content in contents:
            if content.lang != self.lang:
                continue  # shown here as a courtesy; its canonical page is on its own site
            versions = sorted((content, *content.translations), key=lambda c: c.lang)
            alternates = tuple((v.lang, f"{self.public_root(v.lang)}/{v.url}") for v in versions)
            date = getattr(content, "modified", None) or getattr(content, "date", None)
            yield SitemapUrl(
                f"{self.public_root(self.lang)}/{content.url}",
                alternates if len(versions) > 1 else (),
                date.isoformat()[:10] if date else "",
            )

    def _write_robots(self) -> None:
        sitemaps = [f"{self.public_root(lang)}/sitemap.xml" for lang in self.languages]
        write_robots(os.path.join(self.output_path, "robots.txt"), sitemaps)


def N_(message: str) -> str:
    """Marks a string for the catalogue; it is translated where it is used."""
    return message


LANGUAGE_LABELS = {"fr": N_("French"), "en": N_("English")}
