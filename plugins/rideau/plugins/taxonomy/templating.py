"""Template helpers for term links and labels, bound to one site's registry and language."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

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


# Stands for SITEURL while a story's or a term's fragment is rendered, then is replaced by the
# SITEURL of each page that shows it. Escaping leaves it as it is, and no story or template
# writes NUL characters around a word, so the replaced text is what rendering with the page's
# SITEURL writes.
SITEURL_MARK = "\x00SITEURL\x00"


class Fragments:
    """Macros of _macros.html rendered once per build and reused by every page that shows them.

    A story is listed on many pages (its sites', studios' and outcomes' pages, the developments
    and related stories of others, the home, the archives), and a term is named on the page of
    each of its stories. What these macros write depends only on their arguments and on the
    page's SITEURL (relative URLs), and a list of them is joined here rather than looped over
    in Jinja (a macro call costs more than the dictionary look-up that replaces it).

    The story and term macros only print SITEURL (as `{{ SITEURL }}`, in links), so each is
    rendered once for the whole build, with SITEURL_MARK in its place, and the mark is replaced
    by the page's escaped SITEURL, once per list of fragments: a story listed at four page
    depths (term pages and their later pages, the home, the archives) is rendered once, not
    four times, and kept once. The theme's shared parts (`shared()`) call helpers that compute
    from SITEURL (`theme_url()`), so they are rendered once per SITEURL.

    The pages that show fragments still name what they show (the story, its terms) in their
    templates, so the incremental writer's page keys hold it: a fragment is never older than
    the build, as one Fragments lives in one generator's environment.
    """

    def __init__(self, env: Environment, term_of: Callable[[str, str], Term]) -> None:
        self._env = env
        self._term_of = term_of
        self._modules: dict[str, object] = {}
        self._marked_module: object | None = None
        # Rendered with SITEURL_MARK, which each use replaces (one replacement per list of
        # fragments): by macro, story id and arguments, the story (kept so that its id is not
        # reused during the build) and its text; a term's text.
        self._stories: dict[tuple, tuple[object, str]] = {}
        self._terms: dict[tuple, str] = {}
        self._shared: dict[tuple, Markup] = {}

    def _module(self, ctx: Context) -> tuple[str, object]:
        siteurl = ctx.get("SITEURL", "")
        module = self._modules.get(siteurl)
        if module is None:
            template = self._env.get_template("_macros.html")
            module = self._modules[siteurl] = template.make_module(ctx.get_all())
        return siteurl, module

    def _marked(self, ctx: Context) -> object:
        """_macros.html with SITEURL_MARK for SITEURL (made from the first page's context, as
        a per-SITEURL module is: these macros read their arguments and SITEURL only)."""
        if self._marked_module is None:
            template = self._env.get_template("_macros.html")
            variables = {**ctx.get_all(), "SITEURL": SITEURL_MARK}
            self._marked_module = template.make_module(variables)
        return self._marked_module

    def _story(self, ctx: Context, macro: str, story, args: tuple) -> str:
        """`macro(story, *args)` with SITEURL_MARK, rendered once per story and arguments."""
        key = (macro, id(story), args)
        hit = self._stories.get(key)
        if hit is None or hit[0] is not story:
            text = str(getattr(self._marked(ctx), macro)(story, *args))
            hit = self._stories[key] = (story, text)
        return hit[1]

    def story(self, ctx: Context, macro: str, story, *args) -> Markup:
        """`macro(story, *args)`, rendered once per story and arguments, for every SITEURL."""
        return _with_siteurl(self._story(ctx, macro, story, args), ctx.get("SITEURL", ""))

    def stories(self, ctx: Context, macro: str, stories, *args, indent: str = "") -> Markup:
        """`macro(story, *args)` for each of `stories`, each on its own line after `indent`."""
        joined = "".join([f"{indent}{self._story(ctx, macro, s, args)}\n" for s in stories])
        return _with_siteurl(joined, ctx.get("SITEURL", ""))

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
        pageless = getattr(story, "rideau_pageless_terms", None) or ()
        parts = []
        for taxonomy in keys:
            for name in getattr(story, taxonomy, None) or ():
                term = self._term_of(taxonomy, name)
                linked = term.path not in pageless
                key = (macro, taxonomy, name, linked, args)
                hit = self._terms.get(key)
                if hit is None:
                    macro_of = getattr(self._marked(ctx), macro)
                    hit = self._terms[key] = str(macro_of(term, linked, *args))
                parts.append(hit)
        return _with_siteurl(separator.join(parts), ctx.get("SITEURL", ""))


def _with_siteurl(marked: str, siteurl: str) -> Markup:
    """Fragments rendered with SITEURL_MARK, as rendered with `siteurl` (`{{ SITEURL }}`
    prints it escaped). Within a fragment being rendered, SITEURL is the mark: kept as is."""
    return Markup(marked.replace(SITEURL_MARK, str(escape(siteurl))))


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
