"""Typography per language: French rules for French text, typogrify for English.

Applied to the title, summary, sources and body of every article and page, by the language
of the content itself (not of the site that shows it); not to a translation that only the
site of its own language shows (the other site only links to it).
"""

from __future__ import annotations

import dataclasses

from pelican import signals
from pelican.contents import Article, Page

from rideau.plugins.stories.reader import SHOWN_ELSEWHERE
from rideau.plugins.typo.english import english_html, english_text
from rideau.plugins.typo.french import french_html, french_text
from rideau.plugins.typo.memo import MEMO_KEY, TypographyMemo

__all__ = [
    "english_html",
    "english_text",
    "french_html",
    "french_text",
    "register",
    "text_typography",
]


def _french_plain(text: str) -> str:
    return french_text(text)[0]


def _unchanged(text: str) -> str:
    return text


def text_typography(lang: str):
    """The plain-text typography function for `lang`."""
    return {"fr": _french_plain, "en": english_text}.get(lang, _unchanged)


def apply_typography(content) -> None:
    if not isinstance(content, Article | Page):
        return
    fix_html = {"fr": french_html, "en": english_html}.get(content.lang)
    if fix_html is None or content.metadata.get(SHOWN_ELSEWHERE):
        return  # a translation shown by the other language site: only its URL is used here
    memo: TypographyMemo | None = content.settings.get(MEMO_KEY)

    def typeset(function, text: str) -> str:
        return memo.apply(function, text) if memo is not None else function(text)

    fix_text = text_typography(content.lang)
    content._content = typeset(fix_html, content._content)
    if content.metadata.get("sources"):
        content.metadata["sources"] = [
            dataclasses.replace(source, title=typeset(text_typography(source.lang), source.title))
            for source in content.metadata["sources"]
        ]
        content.sources = content.metadata["sources"]
    content.title = typeset(fix_text, content.title)
    content.metadata["title"] = content.title
    if content.metadata.get("summary"):
        content.metadata["summary"] = typeset(fix_html, content.metadata["summary"])
        content._summary = content.metadata["summary"]


def start_memo(pelican) -> None:
    """Reuse the last build's results (incremental builds only); at every build, so that a
    long `make serve` session keeps only the texts of its latest build."""
    settings = pelican.settings
    settings.pop(MEMO_KEY, None)  # a language site starts from a copy of the main settings
    if settings.get("RIDEAU_INCREMENTAL", True) and settings.get("CACHE_PATH"):
        settings[MEMO_KEY] = TypographyMemo.for_settings(settings)


def save_memo(generators) -> None:
    if generators and (memo := generators[0].settings.get(MEMO_KEY)) is not None:
        memo.save()  # every story and page has been typeset


def register() -> None:
    signals.get_generators.connect(start_memo)
    signals.content_object_init.connect(apply_typography)
    signals.all_generators_finalized.connect(save_memo)
