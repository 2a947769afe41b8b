"""Typography per language: French rules for French text, typogrify for English.

Applied to the title, summary, sources and body of every article and page, by the language
of the content itself (not of the site that shows it); not to a translation that only the
site of its own language shows (the other site only links to it).

It runs on each generator's lists of articles and pages once they are read (rather than on each
content object as it is made), where the run's build context, with its typography memo, is at
hand (see rideau.context).
"""

from __future__ import annotations

from pelican import signals
from pelican.contents import Article, Page

from rideau.context import of_generator
from rideau.plugins.stories.build import is_subsite
from rideau.plugins.stories.reader import SHOWN_ELSEWHERE
from rideau.plugins.typo.english import english_html, english_text
from rideau.plugins.typo.french import french_html, french_text
from rideau.plugins.typo.memo import TypographyMemo
from rideau.plugins.typo.parts import text_typography, typeset_parts

__all__ = [
    "english_html",
    "english_text",
    "french_html",
    "french_text",
    "register",
    "text_typography",
    "typeset_parts",
]


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
    if not isinstance(content, Article | Page) or content.metadata.get(SHOWN_ELSEWHERE):
        return  # a translation shown by the other language site: only its URL is used here
    typeset = typeset_parts(
        content.lang,
        content._content,
        content.title,
        content.metadata.get("summary"),
        content.metadata.get("sources"),
        memo,
    )
    if typeset is None:
        return
    content._content, content.title, summary, sources = typeset
    content.metadata["title"] = content.title
    if sources:
        content.metadata["sources"] = content.sources = sources
    if summary:
        content.metadata["summary"] = content._summary = summary


def save_memo(generators) -> None:
    """Keep this run's results (made afresh each run, so that a long `make serve` session
    keeps only the texts of its latest build). The main build saves the memo the reading stage
    shared with the language sites, which holds the texts of every site."""
    if not generators:
        return
    build = of_generator(generators[0])
    memo = build.typography
    if memo is None:
        return
    if not is_subsite(generators[0].settings):
        memo.save()  # every story and page has been typeset
    if not (build.reading is not None and build.reading.kept):
        memo.release()  # its memory goes to the pages


def register() -> None:
    signals.article_generator_finalized.connect(typeset_generator)
    signals.page_generator_finalized.connect(typeset_generator)
    signals.all_generators_finalized.connect(save_memo)
