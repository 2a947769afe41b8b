"""Short invented news items for the story-intelligence tests, and what ingestion's classify
and tag stages make of them with the shipped registry."""

from __future__ import annotations

import datetime as dt

from conftest import ROOT
from rideau.newswire.classify import Classifier
from rideau.newswire.clean import clean_entry
from rideau.newswire.records import CleanEntry, Entry, Tags
from rideau.newswire.tag import Tagger
from rideau.newswire.targets import find_targets
from rideau.registry import load_registry

REGISTRY = load_registry(ROOT / "content" / "registry")
TAGGER = Tagger(REGISTRY)
CLASSIFIER = Classifier()
PUBLISHED = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)


def clean(
    title: str,
    summary: str,
    lang: str = "en",
    published: dt.datetime = PUBLISHED,
    link: str = "https://news.example/a",
    outlet: str = "Example",
) -> CleanEntry:
    """One feed item, through ingestion's clean stage."""
    entry = Entry(
        link=link, url=link, guid="", source="test",
        outlet=outlet, lang=lang, title=title, published=published,
        summary=f"<p>{summary}</p>",
    )  # fmt: skip
    return clean_entry(entry)


def analyse(title: str, summary: str, lang: str = "en") -> tuple[bool, Tags]:
    """(relevant, tags) as the ingestion's classify and tag stages give them."""
    item = clean(title, summary, lang)
    unknown = TAGGER.unknown_sites(item)
    relevance = CLASSIFIER.classify(item, TAGGER.count_named_sites(item, unknown))
    return relevance.relevant, TAGGER.tag(item, unknown)


def target_names(title: str, summary: str) -> list[str]:
    """The names targets.py establishes as targets, the strongest first."""
    return [t.name for t in find_targets(title, summary)]
