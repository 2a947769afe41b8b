"""Sites, studios and outcomes: the three story taxonomies and their values ("terms")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rideau.registry import Entry, Registry, slug_for
from rideau.storyfile.vocabulary import OUTCOME_IDS, outcome_by_id


@dataclass(frozen=True)
class Taxonomy:
    key: str
    # URL folder per language: /ayants-droit/ on the French site, /studios/ on the English one.
    fr_path: str
    en_path: str

    def path(self, lang: str) -> str:
        return self.fr_path if lang == "fr" else self.en_path


ALL_FEEDS_KINDS = ("atom", "rss")
# A term's feed is Atom only: every feed reader reads Atom, and an RSS copy of each term's feed
# was a fifth of the output's bytes and a third of the feeds' build time
# (docs/performance.md). The all-stories feed stays in both.
TERM_FEED_KINDS = ("atom",)

TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy("sites", "sites", "sites"),
    Taxonomy("studios", "ayants-droit", "studios"),
    Taxonomy("outcomes", "issues", "outcomes"),
)


# The story fields that hold the terms of each taxonomy, in the order of TAXONOMIES.
TAG_KEYS = ("sites", "studios", "outcomes")


def taxonomy_by_key(key: str) -> Taxonomy:
    return next(t for t in TAXONOMIES if t.key == key)


@dataclass(frozen=True)
class Term:
    """One value of a taxonomy on one language site, with its stories newest first."""

    taxonomy: Taxonomy
    name: str  # canonical name, or outcome id
    label: str  # what readers see
    slug: str
    lang: str
    articles: tuple
    entry: Entry | None = None

    @property
    def path(self) -> str:
        return term_path(self.taxonomy, self.slug, self.lang)

    def feed_path(self, kind: str) -> str:
        return term_feed_path(self.taxonomy, self.slug, self.lang, kind)

    def paths(self, languages: Iterable[str]) -> dict[str, str]:
        """This term's page on every language site."""
        return {
            lang: term_path(
                self.taxonomy, term_slug(self.taxonomy, self.name, lang, self.entry), lang
            )
            for lang in languages
        }


def term_slug(taxonomy: Taxonomy, name: str, lang: str, entry: Entry | None) -> str:
    if taxonomy.key == "outcomes":
        return slug_for(outcome_by_id(name).label(lang))
    return entry.slug if entry else slug_for(name)


def term_label(taxonomy: Taxonomy, name: str, lang: str) -> str:
    return outcome_by_id(name).label(lang) if taxonomy.key == "outcomes" else name


def term_path(taxonomy: Taxonomy, slug: str, lang: str) -> str:
    return f"{taxonomy.path(lang)}/{slug}/"


def term_feed_path(taxonomy: Taxonomy, slug: str, lang: str, kind: str) -> str:
    return f"feeds/{taxonomy.path(lang)}/{slug}.{kind}.xml"


def make_term(taxonomy: Taxonomy, name: str, lang: str, registry: Registry, articles=()) -> Term:
    entry = None if taxonomy.key == "outcomes" else registry.lookup(taxonomy.key, name)
    return Term(
        taxonomy=taxonomy,
        name=name,
        label=term_label(taxonomy, name, lang),
        slug=term_slug(taxonomy, name, lang, entry),
        lang=lang,
        articles=tuple(articles),
        entry=entry,
    )


def collect_terms(articles: Iterable, registry: Registry, lang: str) -> dict[str, list[Term]]:
    """Every term used by `articles`, per taxonomy; stories newest first.

    Sites and studios are sorted by name, outcomes in vocabulary order.
    """
    grouped: dict[str, dict[str, list]] = {t.key: defaultdict(list) for t in TAXONOMIES}
    for article in articles:
        for taxonomy in TAXONOMIES:
            for name in getattr(article, taxonomy.key, None) or ():
                grouped[taxonomy.key][name].append(article)
    result: dict[str, list[Term]] = {}
    for taxonomy in TAXONOMIES:
        names = grouped[taxonomy.key]
        if taxonomy.key == "outcomes":
            ordered = [o for o in OUTCOME_IDS if o in names]
        else:
            ordered = sorted(names, key=str.casefold)
        result[taxonomy.key] = [
            make_term(taxonomy, name, lang, registry, newest_first(names[name])) for name in ordered
        ]
    return result


def newest_first(articles: Iterable) -> list:
    return sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)
