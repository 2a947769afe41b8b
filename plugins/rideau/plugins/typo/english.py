"""English typography: typogrify for HTML, SmartyPants alone for plain-text titles."""

from __future__ import annotations

import html

import smartypants
from typogrify.filters import typogrify


def english_html(fragment: str) -> str:
    return typogrify(fragment)


def english_text(text: str) -> str:
    """Curly quotes, dashes and ellipses in plain text (no markup added, no entities left)."""
    return html.unescape(smartypants.smartypants(html.escape(text, quote=False)))
