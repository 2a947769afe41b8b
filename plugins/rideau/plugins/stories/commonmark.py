"""Story text to HTML: CommonMark rendered by pyromark, in the bytes the site has always had.

Until issue 17 the reader used Python-Markdown (`extra`, HTML5) through Pelican's settings;
pyromark (pulldown-cmark) renders the same text about 80 times faster. On every story and page
the two give the same HTML once four things are carried over, all done here:

- pyromark's table and definition-list syntax, which `extra` had;
- Pelican's intrasite link markers (`{filename}`, `{static}`…): CommonMark percent-encodes the
  braces of a URL, and Pelican would no longer find the marker;
- Python-Markdown's layout of tables (one element a line, `text-align: left;`) and HTML5 void
  elements (`<hr>`, `<br>`);
- the `key: value` lines at the very top of a text, which Pelican's `meta` extension took as
  metadata and left out of the page (see `_meta_lines`).

tests/test_markdown_engine.py compares this with Python-Markdown on every file of content/, on
the bench bodies and on the Markdown forms docs/editing.md tells editors to use.
"""

from __future__ import annotations

import re

import pyromark

ENGINE = f"pyromark {pyromark.__version__}"
OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_DEFINITION_LIST

# A link or image whose URL starts with a Pelican marker, braces percent-encoded.
_ENCODED_MARKER = re.compile(r'(<a href="|<img src=")%7B(\w+)%7D')
_TABLE = re.compile(r"<table>.*?</table>", re.DOTALL)
_TABLE_TAG = re.compile(r"\n?(</?(?:table|thead|tbody|tr)>|</t[hd]>)\n?")
_ALIGN = re.compile(r' style="text-align: (left|center|right)"')

# Python-Markdown's meta extension (markdown/extensions/meta.py), which Pelican's Markdown
# reader always adds: the lines it reads as metadata.
_META_BEGIN = re.compile(r"^-{3}(\s.*)?")
_META_END = re.compile(r"^(-{3}|\.{3})(\s.*)?")
_META_LINE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:\s*.*")
_META_MORE = re.compile(r"^[ ]{4,}")


def to_html(text: str) -> str:
    """The HTML of a story's text or summary (no trailing newline, as before)."""
    html = pyromark.html(_without_meta_lines(text), options=OPTIONS)
    if "%7B" in html:
        html = _ENCODED_MARKER.sub(r"\1{\2}", html)
    if "<table>" in html:
        html = _TABLE.sub(_table_layout, html)
    if "<hr />" in html or "<br />" in html:
        html = html.replace("<hr />", "<hr>").replace("<br />", "<br>")
    return html.rstrip("\n")


def _table_layout(match: re.Match) -> str:
    table = _TABLE_TAG.sub(r"\1\n", match.group())
    return _ALIGN.sub(r' style="text-align: \1;"', table).rstrip("\n")


def _without_meta_lines(text: str) -> str:
    """`text` without what Python-Markdown's meta extension took from its top.

    A body or summary whose first line looks like `Update: the site…` lost that line (and the
    lines after it up to a blank one) from the page. Kept for now so that the site stays byte
    for byte the same across the engine switch; dropping it would show those lines.
    """
    first = text.split("\n", 1)[0].expandtabs(4)
    if not (_META_BEGIN.match(first) or _META_LINE.match(first)):
        return text
    lines = text.split("\n")
    if _META_BEGIN.match(lines[0].expandtabs(4)):
        lines.pop(0)
    in_field = False
    while lines:
        line = lines[0].expandtabs(4)  # as Python-Markdown saw it
        if line.strip() == "" or _META_END.match(line):
            lines.pop(0)
            break
        if _META_LINE.match(line) or (in_field and _META_MORE.match(line)):
            in_field = True
            lines.pop(0)
            continue
        break
    return "\n".join(lines)
