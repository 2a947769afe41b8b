"""Drafts: the editors' review queue page, and which term pages a draft's preview may link to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pelican.writers import Writer

from rideau.plugins.taxonomy.site import LanguageSite
from rideau.plugins.taxonomy.terms import TAG_KEYS, Term, make_term, newest_first, taxonomy_by_key
from rideau.registry import Registry


def mark_pageless_terms(
    drafts: Iterable, terms: Mapping[str, list[Term]], registry: Registry, lang: str
) -> None:
    """Set on each draft the paths of the term pages it names that are not written.

    A draft may name a site, studio or outcome that no published story has yet: its term page
    and feeds do not exist, and the draft's preview must not link to them. Set on each draft,
    as the story links are: a page depends only on what it reads.
    """
    written = {term.path for found in terms.values() for term in found}
    for draft in drafts:
        draft.rideau_pageless_terms = frozenset(
            path
            for key in TAG_KEYS
            for name in getattr(draft, key, None) or ()
            if (path := make_term(taxonomy_by_key(key), name, lang, registry).path) not in written
        )


def write_drafts_page(site: LanguageSite, writer: Writer) -> None:
    """The editors' review queue, in development builds only (drafts have no pages in
    production: DRAFT_SAVE_AS is empty there)."""
    drafts = newest_first(site.context.get("drafts", []))
    if not site.settings.get("DRAFT_SAVE_AS") or not drafts:
        return
    writer.write_file(
        "drafts/index.html",
        site.get_template("drafts"),
        site.context,
        relative_urls=site.settings["RELATIVE_URLS"],
        drafts=drafts,
    )
