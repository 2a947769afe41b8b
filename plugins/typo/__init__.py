"""Typography per language: French rules for French text, typogrify for English.

Applied to the title, summary and body of every article and page, by the language of the
content itself (not of the site that shows it).
"""

from __future__ import annotations

import dataclasses

from pelican import signals
from pelican.contents import Article, Page

from .english import english_html, english_text
from .french import french_html, french_text

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
    if fix_html is None:
        return
    fix_text = text_typography(content.lang)
    content._content = fix_html(content._content)
    if content.metadata.get("sources"):
        content.metadata["sources"] = [
            dataclasses.replace(source, title=text_typography(source.lang)(source.title))
            for source in content.metadata["sources"]
        ]
        content.sources = content.metadata["sources"]
    content.title = fix_text(content.title)
    content.metadata["title"] = content.title
    if content.metadata.get("summary"):
        content.metadata["summary"] = fix_html(content.metadata["summary"])
        content._summary = content.metadata["summary"]


def register() -> None:
    signals.content_object_init.connect(apply_typography)
