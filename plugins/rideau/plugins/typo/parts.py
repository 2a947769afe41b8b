"""Typography of a story's or page's parts (text, title, summary, sources) by its language."""

from __future__ import annotations

import dataclasses

from rideau.plugins.typo.english import english_html, english_text
from rideau.plugins.typo.french import french_html, french_text
from rideau.plugins.typo.memo import TypographyMemo


def _french_plain(text: str) -> str:
    return french_text(text)[0]


def _unchanged(text: str) -> str:
    return text


def text_typography(lang: str):
    """The plain-text typography function for `lang`."""
    return {"fr": _french_plain, "en": english_text}.get(lang, _unchanged)


def html_typography(lang: str | None):
    """The HTML typography function for `lang` (None for a language without rules)."""
    return {"fr": french_html, "en": english_html}.get(lang)


def typeset_parts(
    lang: str | None,
    html: str,
    title: str,
    summary: str | None,
    sources: list | None,
    memo: TypographyMemo | None = None,
) -> tuple[str, str, str | None, list | None] | None:
    """The text, title, summary and sources of a story or page of `lang`, typeset (None for a
    language without rules). With a memo, each text is typeset once per build (the reading
    stage typesets every file before the language sites fork: stories/reading.py)."""
    fix_html = html_typography(lang)
    if fix_html is None:
        return None

    def typeset(function, text: str) -> str:
        return memo.apply(function, text) if memo is not None else function(text)

    if sources:
        sources = [
            dataclasses.replace(source, title=typeset(text_typography(source.lang), source.title))
            for source in sources
        ]
    return (
        typeset(fix_html, html),
        typeset(text_typography(lang), title),
        typeset(fix_html, summary) if summary else summary,
        sources,
    )
