"""Typography per language: French rules for French text, typogrify for English.

Applied to the title, summary, sources and body of every article and page, by the language
of the content itself (not of the site that shows it); not to a translation that only the
site of its own language shows (the other site only links to it).

It runs on each generator's lists of articles and pages once they are read (rather than on each
content object as it is made), where the run's build context, with its typography memo, is at
hand (see rideau.context).
"""

from __future__ import annotations

import dataclasses

from pelican import signals
from pelican.contents import Article, Page

from rideau.context import of_generator
from rideau.plugins.stories.reader import SHOWN_ELSEWHERE
from rideau.plugins.typo.english import english_html, english_text
from rideau.plugins.typo.french import french_html, french_text
from rideau.plugins.typo.memo import TypographyMemo

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


# The lists of content of Pelican's article and page generators.
CONTENT_LISTS = (
    "articles", "translations", "drafts", "drafts_translations", "hidden_articles",
    "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations",
)  # fmt: skip


def typeset_generator(generator) -> None:
    """Typeset every article or page the generator has read, each once."""
    memo = of_generator(generator).typography
    seen: set[int] = set()
    for name in CONTENT_LISTS:
        for content in getattr(generator, name, ()):
            if id(content) not in seen:
                seen.add(id(content))
                apply_typography(content, memo)


def apply_typography(content, memo: TypographyMemo | None = None) -> None:
    if not isinstance(content, Article | Page):
        return
    fix_html = {"fr": french_html, "en": english_html}.get(content.lang)
    if fix_html is None or content.metadata.get(SHOWN_ELSEWHERE):
        return  # a translation shown by the other language site: only its URL is used here

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


def save_memo(generators) -> None:
    """Keep this run's results (made afresh each run, so that a long `make serve` session
    keeps only the texts of its latest build)."""
    if generators and (memo := of_generator(generators[0]).typography) is not None:
        memo.save()  # every story and page has been typeset


def register() -> None:
    signals.article_generator_finalized.connect(typeset_generator)
    signals.page_generator_finalized.connect(typeset_generator)
    signals.all_generators_finalized.connect(save_memo)
