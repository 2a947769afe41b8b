"""The wording of a story ingestion proposes: its title, summary and placeholder body.

Facts only (names, counts, dates), never an outlet's sentences, in each language.
"""

from __future__ import annotations

from functools import lru_cache

from babel.dates import format_date

from rideau.storyfile.parse import parse_date
from rideau.storyfile.render import markdown_literal
from rideau.storyfile.vocabulary import outcome_by_id

WORDING = {
    "fr": {
        "sep": "\u00a0: ",
        "unknown": "Affaire à identifier",
        "summary": "Fiche proposée par l’ingestion à partir de {count} de {outlets}, {dates}. "
        "À vérifier et à résumer par un éditeur.",
        "articles": ("{n}\u00a0article", "{n}\u00a0articles"),
        "body": "Brouillon créé automatiquement à partir des articles cités ci-dessous. "
        "Remplacez ce texte par votre annotation.",
        "range": "du {first} au {last}",
    },
    "en": {
        "sep": ": ",
        "unknown": "Case to identify",
        "summary": "Proposed by ingestion from {count} by {outlets}, {dates}. "
        "To be checked and summarised by an editor.",
        "articles": ("{n} article", "{n} articles"),
        "body": "Draft created automatically from the articles cited below. "
        "Replace this text with your annotation.",
        "range": "{first} to {last}",
    },
}


def generated_title(lang: str, sites: list[str], outcomes: list[str]) -> str:
    """The sites a story is about, then its outcomes: "Allostream : fermeture"."""
    words = WORDING[lang]
    if not sites:
        return words["unknown"]
    label = ", ".join(sites)
    if not outcomes:
        return label
    detail = ", ".join(outcome_by_id(o).label(lang).lower() for o in outcomes)
    return f"{label}{words['sep']}{detail}"


def generated_summary(lang: str, sources: list[dict]) -> str:
    """The summary of a story ingestion wrote: Markdown, so outlet names are escaped."""
    words = WORDING[lang]
    outlets = [markdown_literal(str(o)) for o in dict.fromkeys(s["outlet"] for s in sources)]
    dates = sorted(s["date"] for s in sources)
    first, last = (_long_date(d, lang) for d in (dates[0], dates[-1]))
    span = first if first == last else words["range"].format(first=first, last=last)
    singular, plural = words["articles"]
    count = (singular if len(sources) == 1 else plural).format(n=len(sources))
    return words["summary"].format(count=count, outlets=", ".join(outlets), dates=span)


def generated_body(lang: str) -> str:
    """The placeholder text of a story ingestion wrote, until an editor annotates it."""
    return WORDING[lang]["body"]


@lru_cache(maxsize=4096)  # stories of one run share a few hundred dates
def _long_date(iso_date: str, lang: str) -> str:
    return format_date(parse_date(iso_date), "long", locale=lang)
