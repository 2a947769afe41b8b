"""Template helpers for term links and labels, bound to one site's registry and language."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from rideau.plugins.taxonomy.terms import (
    ALL_FEEDS_KINDS,
    TAG_KEYS,
    Term,
    make_term,
    taxonomy_by_key,
)
from rideau.registry import Registry
from rideau.storyfile.vocabulary import OUTCOMES, outcome_by_id


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

    def outlet(name: str) -> str:
        """The outlet a source names, as the outlets registry knows it: one outlet under
        several names (PC INpact and Next INpact, CNN Money and CNN/Money) counts once."""
        entry = registry.outlet_named(name)
        return entry.name if entry is not None else name

    def outlets_of(sources) -> list[str]:
        """Each outlet of `sources` once (see `outlet`), in order of first mention."""
        return distinct(outlet(source.outlet) for source in sources)

    def languages_of(sources) -> list[str]:
        return distinct(source.lang for source in sources)

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
    env.filters["outlet"] = outlet
    env.filters["outlets_of"] = outlets_of
    env.filters["languages_of"] = languages_of


def distinct(values: Iterable[str]) -> list[str]:
    """`values` without repeats, the first of each kept; compared ignoring case, as Jinja's
    `unique` filter does (the templates used it: the same bytes)."""
    seen: set[str] = set()
    kept = []
    for value in values:
        folded = value.lower()
        if folded not in seen:
            seen.add(folded)
            kept.append(value)
    return kept


class Fragments:
    """Macros of _macros.html rendered once per build and reused by every page that shows them.

    A story is listed on many pages (its sites', studios' and outcomes' pages, the developments
    and related stories of others, the home, the archives), and a term is named on the page of
    each of its stories. What these macros write depends only on their arguments and on the
    page's SITEURL (relative URLs), so each is rendered once per arguments and SITEURL for the
    whole build, and a list of them is joined here rather than looped over in Jinja (a macro
    call costs more than the dictionary look-up that replaces it).

    The pages that show fragments still name what they show (the story, its terms) in their
    templates, so the incremental writer's page keys hold it: a fragment is never older than
    the build, as one Fragments lives in one generator's environment.
    """

    def __init__(self, env: Environment, term_of: Callable[[str, str], Term]) -> None:
        self._env = env
        self._term_of = term_of
        self._modules: dict[str, object] = {}
        self._stories: dict[tuple, tuple[object, Markup]] = {}
        self._shared: dict[tuple, Markup] = {}
        self._terms: dict[tuple, Markup] = {}

    def _module(self, ctx: Context) -> tuple[str, object]:
        siteurl = ctx.get("SITEURL", "")
        module = self._modules.get(siteurl)
        if module is None:
            template = self._env.get_template("_macros.html")
            module = self._modules[siteurl] = template.make_module(ctx.get_all())
        return siteurl, module

    def story(self, ctx: Context, macro: str, story, *args) -> Markup:
        """`macro(story, *args)`, rendered once per story, arguments and SITEURL."""
        siteurl = ctx.get("SITEURL", "")
        key = (macro, id(story), args, siteurl)
        hit = self._stories.get(key)
        if hit is None or hit[0] is not story:
            _, module = self._module(ctx)
            # The story is kept with its fragment, so its id is not reused during the build.
            hit = self._stories[key] = (story, Markup(getattr(module, macro)(story, *args)))
        return hit[1]

    def stories(self, ctx: Context, macro: str, stories, *args, indent: str = "") -> Markup:
        """`macro(story, *args)` for each of `stories`, each on its own line after `indent`."""
        return Markup("".join([f"{indent}{self.story(ctx, macro, s, *args)}\n" for s in stories]))

    def shared(self, ctx: Context, macro: str, *args) -> Markup:
        """`macro(*args)` with hashable arguments (names, keys), rendered once per SITEURL."""
        siteurl, module = self._module(ctx)
        key = (macro, args, siteurl)
        hit = self._shared.get(key)
        if hit is None:
            hit = self._shared[key] = Markup(getattr(module, macro)(*args))
        return hit

    def terms(
        self,
        ctx: Context,
        macro: str,
        story,
        *args,
        keys: tuple[str, ...] = TAG_KEYS,
        separator: str = "",
    ) -> Markup:
        """`macro(term, linked, *args)` for each term of `story` under `keys`, joined by
        `separator`; `linked` is False for a term without a page (named by drafts only)."""
        siteurl, module = self._module(ctx)
        pageless = getattr(story, "rideau_pageless_terms", None) or ()
        parts = []
        for taxonomy in keys:
            for name in getattr(story, taxonomy, None) or ():
                term = self._term_of(taxonomy, name)
                linked = term.path not in pageless
                key = (macro, taxonomy, name, linked, args, siteurl)
                hit = self._terms.get(key)
                if hit is None:
                    hit = self._terms[key] = Markup(getattr(module, macro)(term, linked, *args))
                parts.append(hit)
        return Markup(separator.join(parts))


def install_fragment_helper(env: Environment) -> None:
    """`fragment`, `fragments`, `shared` and `term_fragments`: see Fragments."""
    fragments = Fragments(env, env.globals["term_of"])

    # Jinja passes the context to functions marked with pass_context, not to bound methods.
    def helper(method):
        return pass_context(lambda ctx, *args, **kwargs: method(ctx, *args, **kwargs))

    env.globals.update(
        {
            "fragment": helper(fragments.story),
            "fragments": helper(fragments.stories),
            "shared": helper(fragments.shared),
            "term_fragments": helper(fragments.terms),
        }
    )
