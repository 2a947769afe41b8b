"""One language site as its outputs see it: its stories, its terms and its public addresses."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Template
from pelican.writers import Writer

from rideau.plugins.taxonomy.terms import Term, newest_first
from rideau.registry import Registry
from rideau.settings import BuildSettings


def version_in(article, lang: str):
    """The `lang` version of a story, or the story itself when it has none."""
    for version in (article, *getattr(article, "translations", ())):
        if version.lang == lang:
            return version
    return article


@dataclass(frozen=True)
class LanguageSite:
    """What the term pages, timeline, search, drafts, OPML and sitemap of one site read.

    Built once by the generator after its context is known, so that each output is a function
    of this value and the writer, not of the generator's attributes.
    """

    lang: str
    languages: tuple[str, ...]
    articles: list
    terms: Mapping[str, list[Term]]
    registry: Registry
    settings: Mapping[str, Any]
    rideau: BuildSettings
    context: dict[str, Any]
    output_path: str
    theme: str
    get_template: Callable[[str], Template]

    def page_path(self, paths: Mapping[str, str]) -> str:
        return paths.get(self.lang, paths["en"])

    def paths_everywhere(self, paths: Mapping[str, str]) -> dict[str, str]:
        return {lang: paths.get(lang, paths["en"]) for lang in self.languages}

    def write_page(
        self, writer: Writer, paths: Mapping[str, str], template: str, **values: object
    ) -> None:
        """Write the page at `paths` (one folder per language) with `template` and `values`."""
        writer.write_file(
            f"{self.page_path(paths)}index.html",
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            rideau_paths=self.paths_everywhere(paths),
            **values,
        )

    def public_root(self, lang: str) -> str:
        base = self.rideau.public_url.rstrip("/")
        sub = self.rideau.subsites[lang]
        return f"{base}/{sub}" if sub else base

    def articles_in(self, lang: str) -> list:
        """The stories of the `lang` site: each in `lang` when it has that version."""
        if lang == self.lang:
            return self.articles
        return newest_first(version_in(a, lang) for a in self.articles)
