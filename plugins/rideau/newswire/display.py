"""Text from feeds, servers and story files, made safe to show on a terminal or in a report.

A feed's title or a server's reason phrase may carry escape sequences (ESC ] 0; sets the
terminal's title, others move the cursor or rewrite what was printed), bidirectional controls
that make a line read differently from what it holds, or line breaks that forge extra lines;
a configured URL may carry a password.
"""

from __future__ import annotations

# Shown escaped besides the C0 and C1 controls: line and paragraph separators, bidi marks,
# embeddings, overrides and isolates, zero-width characters that hide text.
_UNPRINTABLE = frozenset(
    [
        0x061C,
        0x200B,
        0x200C,
        0x200D,
        0x200E,
        0x200F,
        0x2060,
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)


def without_userinfo(url: str) -> str:
    """`url` without the user:password@ of its authority, for showing it; other text unchanged.

    Works on URLs that urlsplit refuses too (a bad IPv6 literal, a port out of range), since
    those are the ones that end up in error messages. The authority is found as urlsplit finds
    it (up to the first / ? or #, userinfo up to its last @), so what it calls credentials is
    what is removed.
    """
    start = url.find("//")
    if start < 0 or any(char in url[:start] for char in "/?#"):
        return url  # no authority: a path, or a scheme-less text
    authority = start + 2
    end = min((i for i in (url.find(c, authority) for c in "/?#") if i >= 0), default=len(url))
    at = url.rfind("@", authority, end)
    return url if at < 0 else url[:authority] + url[at + 1 :]


def printable(text: str, limit: int = 200) -> str:
    """`text` as one line safe to print, at most `limit` characters long.

    Control characters (C0, DEL, C1), line and paragraph separators, bidi controls and lone
    surrogates become visible escapes such as \\x1b or \\u202e; a longer text is cut, never
    inside an escape, and ends with "…". Printable text comes back unchanged, so applying it
    twice is harmless.
    """
    if limit < 1:
        raise ValueError("printable needs a limit of 1 or more")
    pieces: list[str] = []
    length = 0
    for char in text:
        piece = _escaped(char)
        if length + len(piece) > limit:
            while pieces and length + 1 > limit:
                length -= len(pieces.pop())
            return "".join(pieces) + "…"
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces)


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if code in _UNPRINTABLE or 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return char
