"""Template helpers for two language sites: URLs across sites, hreflang, dates, labels."""

from __future__ import annotations

import datetime as dt
import posixpath
from functools import lru_cache

from babel.dates import format_date
from jinja2 import pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from rideau.context import CONTEXT_KEY
from rideau.plugins.bilingual.catalogues import load_translations
from rideau.settings import BuildSettings

LANGUAGE_NAMES = {
    "fr": {"fr": "français", "en": "French"},
    "en": {"fr": "anglais", "en": "English"},
}


def site_lang(ctx) -> str:
    return ctx["DEFAULT_LANG"]


def _rideau(ctx) -> BuildSettings:
    # Templates render with the generators' context, which holds the run's build context.
    return ctx[CONTEXT_KEY].settings


def _sub(ctx, lang: str) -> str:
    return _rideau(ctx).subsites[lang]


@pass_context
def lang_root(ctx, lang: str) -> str:
    """URL of the root of the `lang` site, as seen from the page being rendered."""
    siteurl = ctx.get("SITEURL", "")
    here = _sub(ctx, site_lang(ctx))
    if here:
        main = siteurl[: -len(here) - 1] if siteurl.endswith("/" + here) else f"{siteurl}/.."
    else:
        main = siteurl
    target = _sub(ctx, lang)
    return f"{main}/{target}" if target else main


def public_root(ctx, lang: str) -> str:
    base = _rideau(ctx).public_url.rstrip("/")
    target = _sub(ctx, lang)
    return f"{base}/{target}" if target else base


def page_path(ctx, lang: str) -> str:
    """Path of the page being rendered, in the `lang` site (taxonomy paths are translated)."""
    paths = ctx.get("rideau_paths")
    if paths:
        return paths[lang]
    output = ctx.get("output_file") or ""
    directory, name = posixpath.split(output.replace("\\", "/"))
    if name in ("index.html", ""):
        return f"{directory}/" if directory else ""
    return output


@pass_context
def counterpart(ctx, lang: str) -> str:
    """The same page on the `lang` site (a story without translation has a page on both)."""
    for version in getattr(_content(ctx), "translations", None) or ():
        if version.lang == lang:
            # Its own URL, not this page's path: the two versions of a story dated in
            # different years are filed under different years.
            return f"{lang_root(ctx, lang)}/{version.url}"
    return f"{lang_root(ctx, lang)}/{page_path(ctx, lang)}"


def _content(ctx):
    return ctx.get("article") or ctx.get("page")


@pass_context
def hreflang_alternates(ctx) -> list[tuple[str, str]]:
    """(lang, absolute URL) of each real language version of the page."""
    content = _content(ctx)
    if content is not None:
        versions = [content, *getattr(content, "translations", [])]
        return sorted((v.lang, f"{public_root(ctx, v.lang)}/{v.url}") for v in versions)
    return [
        (lang, f"{public_root(ctx, lang)}/{page_path(ctx, lang)}")
        for lang in _rideau(ctx).languages
    ]


@pass_context
def canonical_url(ctx) -> str:
    """Absolute URL of the page; for a story shown on the other site, its own-language page."""
    content = _content(ctx)
    if content is not None:
        return f"{public_root(ctx, content.lang)}/{content.url}"
    lang = site_lang(ctx)
    return f"{public_root(ctx, lang)}/{page_path(ctx, lang)}"


@pass_context
def public_url(ctx, lang: str) -> str:
    """Absolute URL of the root of the `lang` site (for feeds, structured data)."""
    return f"{public_root(ctx, lang)}/"


@pass_context
def main_root(ctx) -> str:
    """URL of the root of the main site (where the theme and the search index are)."""
    return lang_root(ctx, _rideau(ctx).main_language)


@pass_context
def theme_url(ctx) -> str:
    return f"{main_root(ctx)}/{ctx.get('THEME_STATIC_DIR', 'theme')}"


@pass_context
def local_date(ctx, value: dt.date | None, fmt: str = "long") -> str:
    """A date in the site's language: "2 février 2011" / "February 2, 2011"."""
    if value is None:
        return ""
    return _formatted_date(value, fmt, site_lang(ctx))


@lru_cache(maxsize=8192)
def _formatted_date(value: dt.date, fmt: str, lang: str) -> str:
    # Babel is slow and an archive shows the same few thousand dates on every page.
    text = format_date(value, format=fmt, locale=lang)
    if lang == "fr" and fmt == "long" and value.day == 1:
        text = "1er" + text[1:]  # French writes the first day of a month as an ordinal
    return text


@pass_context
def language_name(ctx, code: str) -> str:
    return LANGUAGE_NAMES.get(code, {}).get(site_lang(ctx), code)


def endonym(code: str) -> str:
    """A language's name in that language, for the language switch."""
    return {"fr": "Français", "en": "English"}.get(code, code)


def menu_pages(pages, lang: str) -> tuple[tuple[str, str], ...]:
    """(URL, title) of the pages the `lang` site's menu lists: its own, and those in one
    language only. A tuple, so that the menu is rendered once per site (shared())."""
    return tuple((p.url, p.title) for p in pages or () if p.lang == lang or not p.translations)


def iso_date(value: dt.date | None) -> str:
    # Not strftime: Pelican's SafeDatetime.strftime re-parses the format on every call.
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}" if value else ""


@pass_context
def in_language(ctx, lang: str, message: str) -> str:
    """`message` in `lang`, whatever the site's language: a line for readers of the other
    language (the 404 page's). Mark the message with N_() so that `make messages` finds it."""
    return load_translations(ctx["THEME"], lang).gettext(message)


def mark_for_translation(message: str) -> str:
    """N_(): a message translated later, by in_language()."""
    return message


class TranslatedConstants(Extension):
    """`_('text')` (one literal, no variables) translated when the template is compiled.

    A language site's environment has one catalogue, installed before any template is loaded
    (`generator_init`), so such a call gives the same text on every page: a story page makes
    about twenty of them, each three Jinja calls (`_`, `gettext`, the catalogue). The call is
    replaced by the text the call gives, `('…'|safe)`: with autoescaping on, Jinja's new-style
    gettext marks the translation safe and formats it with no variables (`Markup(text) % {}`),
    so a text that this formatting refuses is left to fail at render time, as before.
    `make messages` reads the templates with Jinja's own extension, so it still finds them.
    """

    # Set by install(): the catalogue's gettext.
    translate = None

    @classmethod
    def install(cls, env, translate) -> None:
        env.add_extension(cls)
        env.extensions[cls.identifier].translate = translate

    def filter_stream(self, stream: TokenStream):
        if self.translate is None or self.environment.autoescape is not True:
            return stream
        tokens = list(stream)
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            text = self._constant(tokens, i)
            if text is None:
                out.append(token)
                i += 1
                continue
            line = token.lineno
            out += [
                Token(line, "lparen", "("),
                Token(line, "string", text),
                Token(line, "pipe", "|"),
                Token(line, "name", "safe"),
                Token(line, "rparen", ")"),
            ]
            i += 4
        return out

    def _constant(self, tokens: list[Token], i: int) -> str | None:
        """The text `_('literal')` at `tokens[i]` gives, or None when it is not such a call."""
        if i + 3 >= len(tokens) or tokens[i].type != "name" or tokens[i].value != "_":
            return None
        if i and tokens[i - 1].type == "dot":
            return None  # an attribute named _
        literal = tokens[i + 2]
        if tokens[i + 1].type != "lparen" or literal.type != "string":
            return None
        if tokens[i + 3].type != "rparen":
            return None
        try:
            return str(Markup(self.translate(literal.value)) % {})
        except (KeyError, ValueError, TypeError):
            return None


GLOBALS = {
    "lang_root": lang_root,
    "counterpart": counterpart,
    "hreflang_alternates": hreflang_alternates,
    "canonical_url": canonical_url,
    "theme_url": theme_url,
    "public_url": public_url,
    "main_root": main_root,
    "in_language": in_language,
    "N_": mark_for_translation,
}
FILTERS = {
    "local_date": local_date,
    "language_name": language_name,
    "iso_date": iso_date,
    "endonym": endonym,
    "menu_pages": menu_pages,
}
