"""feeds.opml of one language site: every feed of every language site, grouped by language."""

from __future__ import annotations

import os

from rideau.plugins.bilingual.catalogues import load_translations
from rideau.plugins.taxonomy.feeds import feed_specs
from rideau.plugins.taxonomy.site import LanguageSite
from rideau.plugins.taxonomy.terms import collect_terms
from rideau.plugins.taxonomy.xmlfiles import OpmlFeed, OpmlGroup, write_opml


def N_(message: str) -> str:
    """Marks a string for the catalogue; it is translated where it is used."""
    return message


LANGUAGE_LABELS = {"fr": N_("French"), "en": N_("English")}


def write_site_opml(site: LanguageSite) -> None:
    _ = load_translations(site.theme, site.lang).gettext
    groups = []
    for lang in site.languages:
        terms = collect_terms(site.articles_in(lang), site.registry, lang)
        root = site.public_root(lang)
        feeds = [
            OpmlFeed(
                spec.title,
                f"{root}/{spec.path}",
                f"{root}/{term.path if term else ''}",
                lang,
                spec.kind,
            )
            for spec, term in feed_specs(site.theme, lang, site.settings["SITENAME"], terms)
        ]
        groups.append(
            OpmlGroup(
                _("Feeds in %(language)s") % {"language": _(LANGUAGE_LABELS[lang])},
                tuple(feeds),
            )
        )
    title = _("%(site)s: every feed") % {"site": site.settings["SITENAME"]}
    write_opml(os.path.join(site.output_path, "feeds.opml"), title, groups)
