"""Template helpers for term links and labels, bound to one site's registry and language."""

from __future__ import annotations

from jinja2 import Environment
from stories.registry import Registry
from stories.vocabulary import OUTCOMES, outcome_by_id

from .terms import ALL_FEEDS_KINDS, make_term, taxonomy_by_key


def install_term_helpers(env: Environment, registry: Registry, lang: str) -> None:
    # Story lists ask for the same few hundred terms thousands of times per build.
    terms: dict[tuple[str, str], object] = {}

    def term(taxonomy: str, name: str):
        key = (taxonomy, name)
        if key not in terms:
            terms[key] = make_term(taxonomy_by_key(taxonomy), name, lang, registry)
        return terms[key]

    def outcome_label(outcome_id: str) -> str:
        return outcome_by_id(outcome_id).label(lang)

    env.globals.update(
        {
            "term_of": term,
            "taxonomy_path": lambda key: f"{taxonomy_by_key(key).path(lang)}/",
            "outcome_label": outcome_label,
            "OUTCOMES": OUTCOMES,
            "FEED_KINDS": ALL_FEEDS_KINDS,
        }
    )
    env.filters["outcome_label"] = outcome_label
