"""Template helpers for term links and labels, bound to one site's registry and language."""

from __future__ import annotations

from jinja2 import Environment, pass_context
from markupsafe import Markup

from rideau.plugins.taxonomy.terms import ALL_FEEDS_KINDS, make_term, taxonomy_by_key
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


def install_fragment_helper(env: Environment) -> None:
    """`fragment(macro, story, *args)`: a macro of _macros.html about one story, rendered once.

    A story is listed on many pages (its sites', studios' and outcomes' pages, the developments
    and related stories of others, the home, the archives). What the story macros write
    depends only on their arguments and on the page's SITEURL (relative URLs), so each is
    rendered once per story, arguments and SITEURL for the whole build.
    """
    fragments: dict[tuple, tuple[object, Markup]] = {}
    modules: dict[str, object] = {}

    @pass_context
    def fragment(ctx, macro: str, story, *args) -> Markup:
        siteurl = ctx.get("SITEURL", "")
        key = (macro, id(story), args, siteurl)
        hit = fragments.get(key)
        if hit is None or hit[0] is not story:
            module = modules.get(siteurl)
            if module is None:
                template = env.get_template("_macros.html")
                module = modules[siteurl] = template.make_module(ctx.get_all())
            # The story is kept with its fragment, so its id is not reused during the build.
            hit = fragments[key] = (story, Markup(getattr(module, macro)(story, *args)))
        return hit[1]

    env.globals["fragment"] = fragment
