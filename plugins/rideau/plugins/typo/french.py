"""French typography for HTML: the spaces that French requires, applied to text only.

- narrow no-break space (U+202F) before ; ! ? and inside « »;
- no-break space (U+00A0) before : ;
- narrow no-break space between a number and % ;
- straight double quotes become « », and the apostrophe between letters becomes ’.

Never inside tags or attributes, entities, URLs written in the text, or code-like elements.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"
NBSP = "\u00a0"
_SPACES = f" \t{NBSP}{NNBSP}"

# Elements whose text is verbatim: code, and anything that is not prose.
VERBATIM_ELEMENTS = frozenset(
    {"code", "pre", "kbd", "samp", "var", "script", "style", "textarea", "math", "svg"}
)

_TOKENS = re.compile(r"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^>]*>)", re.DOTALL)
_TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
# Pieces of text that must stay as they are: entities, URLs, e-mail addresses.
_PROTECTED = re.compile(
    r"(&#?\w+;|\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+)"
)

# A piece of prose may start right after an inline element or a URL: "^" stands for the word
# before it.
_BEFORE_HIGH_PUNCT = re.compile(
    rf"(?:(?<=[^\s{NBSP}{NNBSP}«(\[;!?])|^)[{_SPACES}]*([;!?]+)(?=[\s»)\],.'’\"]|$)"
)
_BEFORE_COLON = re.compile(rf"(?:(?<=[^\s{NBSP}{NNBSP}«(\[:])|^)[{_SPACES}]*:(?=\s|$)")

# The spacing rules, in order: (characters one of which the rule needs, pattern, replacement).
# A rule runs only when one of its characters is in the text: testing costs less than a scan.
SPACING_RULES = (
    ("«", re.compile(rf"«[{_SPACES}]*"), "«" + NNBSP),
    ("»", re.compile(rf"[{_SPACES}]*»"), NNBSP + "»"),
    (";!?", _BEFORE_HIGH_PUNCT, lambda m: NNBSP + m.group(1)),
    (":", _BEFORE_COLON, NBSP + ":"),
    ("%", re.compile(rf"(?<=\d)[{_SPACES}]?%"), NNBSP + "%"),
    ("'", re.compile(r"(?<=\w)'(?=\w)"), "’"),
)
# A text with none of these is left as it is (most text nodes of a story).
_ACTED_ON = frozenset('"' + "".join(chars for chars, _, _ in SPACING_RULES))
# Without one of these, nothing in a text needs protecting from the rules.
_PROTECTION_MARKS = ("&", "://", "www.", "@")


def french_text(text: str, *, open_quote: bool = False) -> tuple[str, bool]:
    """Apply French spacing to plain text.

    `open_quote` says whether a straight double quote is open from earlier text (quotes may
    span inline elements); the new state is returned with the text.
    """
    if _ACTED_ON.isdisjoint(text):
        return text, open_quote
    if not any(mark in text for mark in _PROTECTION_MARKS):
        return _french_prose(text, open_quote)
    pieces = _PROTECTED.split(text)
    for i in range(0, len(pieces), 2):  # even indexes are prose, odd ones protected
        pieces[i], open_quote = _french_prose(pieces[i], open_quote)
    return "".join(pieces), open_quote


def _french_prose(text: str, open_quote: bool) -> tuple[str, bool]:
    if '"' in text:
        text, open_quote = _french_quotes(text, open_quote)
    for chars, rule, replacement in SPACING_RULES:
        if any(char in text for char in chars):
            text = rule.sub(replacement, text)
    return text, open_quote


def _french_quotes(text: str, open_quote: bool) -> tuple[str, bool]:
    """Straight double quotes as « and », opening after a space, a bracket or a dash."""
    out = []
    for i, char in enumerate(text):
        if char == '"':
            before = text[i - 1] if i else ""
            opening = not open_quote and (not before or before.isspace() or before in "([—–-")
            if opening:
                out.append("«")
                open_quote = True
            elif open_quote:
                out.append("»")
                open_quote = False
            else:
                out.append(char)
        else:
            out.append(char)
    return "".join(out), open_quote


def french_html(html: str) -> str:
    """Apply French spacing to the text of an HTML fragment, leaving markup untouched."""
    tokens = _TOKENS.split(html)
    verbatim_depth = 0
    open_quote = False
    for i, token in enumerate(tokens):
        if i % 2:  # markup
            match = _TAG_NAME.match(token)
            if match and match.group(2).lower() in VERBATIM_ELEMENTS and not token.endswith("/>"):
                verbatim_depth += -1 if match.group(1) else 1
                verbatim_depth = max(verbatim_depth, 0)
        elif token and not verbatim_depth:
            tokens[i], open_quote = french_text(token, open_quote=open_quote)
    return "".join(tokens)
