"""clean_entry: hostile feed HTML comes out safe; titles and text come out as plain text."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup, Comment
from rideau.newswire.clean import clean_entry, html_to_text, plain_title, sanitize_html
from rideau.newswire.records import Entry

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
VECTORS = json.loads((CORPORA / "xss" / "vectors.json").read_text(encoding="utf-8"))

FORBIDDEN_ELEMENTS = [
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "base",
    "meta",
    "link",
    "form",
    "svg",
    "math",
]
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")


def entry(title: str = "Title", summary: str = "", content: str = "") -> Entry:
    return Entry(
        link="https://x.example/a",
        url="https://x.example/a",
        guid="",
        source="https://x.example/feed",
        outlet="X",
        lang="en",
        title=title,
        published=None,
        summary=summary,
        content=content,
    )


def normalized_url(value: str) -> str:
    """Lowercase, without any whitespace, control or format character (how a lenient browser
    or a later decoding step could read it)."""
    kept = (c for c in value if not (c.isspace() or unicodedata.category(c)[0] in "CZ"))
    return "".join(kept).lower()


def unsafe_parts(fragment: str) -> list[str]:
    soup = BeautifulSoup(fragment, "html.parser")
    problems = [f"<{element.name}>" for element in soup.find_all(FORBIDDEN_ELEMENTS)]
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"{element.name}[{name}]")
            if name.lower() in {"href", "src", "xlink:href", "action", "formaction"}:
                text = value if isinstance(value, str) else " ".join(value)
                if normalized_url(text).startswith(FORBIDDEN_SCHEMES):
                    problems.append(f"{element.name}[{name}={text!r}]")
    return problems


# -- XSS corpus ----------------------------------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["id"] for vector in VECTORS])
def test_xss_vector_is_neutralized(vector: dict) -> None:
    payload = vector["payload"]

    clean = clean_entry(entry(title=payload, summary=payload, content=payload))

    assert unsafe_parts(clean.summary_html) == []
    assert unsafe_parts(clean.content_html) == []
    assert BeautifulSoup(clean.title, "html.parser").find() is None  # no element: plain text
    assert "\n" not in clean.title


def test_xss_corpus_is_the_expected_one() -> None:
    assert len(VECTORS) == 315
    assert any(vector["payload"] == "" for vector in VECTORS)


# -- sanitize_html -------------------------------------------------------------------------------


def test_allowed_link_keeps_href_and_gets_rel() -> None:
    html = sanitize_html(
        '<a href="https://x.example/a" title="t" rel="opener" target="_blank">x</a>'
    )

    link = BeautifulSoup(html, "html.parser").a
    assert link["href"] == "https://x.example/a"
    assert link["title"] == "t"
    assert link["rel"] == ["noopener", "noreferrer", "nofollow"]
    assert "target" not in link.attrs


@pytest.mark.parametrize(
    "html",
    [
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java\u200bscript:alert(1)">x</a>',
        '<a href="\u2028javascript:alert(1)">x</a>',
        '<a href="\u00a0javascript:alert(1)">x</a>',
        '<a href="java\x03script:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
        '<a href="ftp://x.example/file">x</a>',
    ],
)
def test_link_with_a_forbidden_scheme_loses_its_href(html: str) -> None:
    link = BeautifulSoup(sanitize_html(html), "html.parser").a

    assert link is not None
    assert "href" not in link.attrs


def test_mailto_and_relative_links_are_kept() -> None:
    soup = BeautifulSoup(
        sanitize_html('<a href="mailto:a@x.example">m</a><a href="/news/1">r</a>'), "html.parser"
    )

    assert [a["href"] for a in soup.find_all("a")] == ["mailto:a@x.example", "/news/1"]


def test_img_loses_event_handlers() -> None:
    html = sanitize_html("<img src=x onerror=alert(1)>")

    img = BeautifulSoup(html, "html.parser").img
    assert "onerror" not in img.attrs
    assert "alert" not in html


@pytest.mark.parametrize(
    ("src", "kept"),
    [
        ("https://img.example/a.png", True),
        ("http://img.example/a.png", True),
        ("mailto:a@x.example", False),
        ("data:image/png;base64,AAAA", False),
        ("javascript:alert(1)", False),
        ("a.png", False),  # relative: would resolve against our own site
    ],
)
def test_img_src_must_be_http(src: str, kept: bool) -> None:
    img = BeautifulSoup(
        sanitize_html(f'<img src="{src}" alt="a" width="10" style="x">'), "html.parser"
    ).img

    assert ("src" in img.attrs) is kept
    assert img["alt"] == "a"
    assert img["width"] == "10"
    assert "style" not in img.attrs


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Hello <b>world</b></p><script>bad()</script>", "<p>Hello <b>world</b></p>"),
        ("<p>a<!-- hidden --></p>", "<p>a</p>"),
        ("<div class='x' id='y'>kept text</div>", "kept text"),
        ("<style>p{}</style><iframe src='https://x'>f</iframe><p>t</p>", "<p>t</p>"),
        (
            "<object>o</object><embed src='x'><svg><text>s</text></svg><math><mi>m</mi></math>ok",
            "ok",
        ),
        ("<h1>big</h1><h2>sub</h2>", "big<h2>sub</h2>"),
        (
            "<abbr title='Motion Picture Association' class='c'>MPA</abbr>",
            '<abbr title="Motion Picture Association">MPA</abbr>',
        ),
        ("<span style='color:red'>s</span>", "<span>s</span>"),
        ("", ""),
    ],
)
def test_sanitize_html(html: str, expected: str) -> None:
    assert sanitize_html(html) == expected


def test_invisible_characters_are_removed() -> None:
    assert sanitize_html("<p>a\u200bb\u00adc\ufeffd\x00e</p>") == "<p>abcde</p>"


# -- text --------------------------------------------------------------------------------------


def test_script_text_does_not_reach_the_text() -> None:
    clean = clean_entry(entry(summary="<p>Hello <b>world</b></p><script>bad()</script>"))

    assert clean.text == "Hello world"
    assert "bad" not in clean.summary_html


def test_html_to_text_puts_blocks_on_their_own_lines() -> None:
    html = "<p>First  <em>para</em>\n graph.</p><ul><li>one</li><li>two</li></ul>line<br>break<blockquote>quote</blockquote>"

    assert html_to_text(html) == "First para graph.\none\ntwo\nline\nbreak\nquote"


def test_html_to_text_keeps_french_no_break_spaces() -> None:
    assert (
        html_to_text("<p>«\u00a0Rideau\u00a0» :\u202fT411</p>")
        == "«\u00a0Rideau\u00a0» :\u202fT411"
    )


def test_html_to_text_ignores_scripts_in_raw_html() -> None:
    assert html_to_text("<p>a</p><script>var x = 1;</script><style>p {}</style>") == "a"


def test_text_does_not_repeat_a_summary_the_content_starts_with() -> None:
    clean = clean_entry(
        entry(summary="<p>Lead sentence.</p>", content="<p>Lead  sentence.</p><p>More.</p>")
    )

    assert clean.text == "Lead sentence.\nMore."


def test_text_joins_a_different_summary_and_content() -> None:
    clean = clean_entry(entry(summary="<p>Short.</p>", content="<p>Body.</p>"))

    assert clean.text == "Short.\nBody."
    assert clean.all_text == "Title\nShort.\nBody."


def test_text_of_summary_only() -> None:
    assert clean_entry(entry(summary="<p>Only.</p>")).text == "Only."


# -- title -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Plain title", "Plain title"),
        ("T411 <b>fermé</b>", "T411 fermé"),
        ("AT&amp;T &amp; co", "AT&T & co"),
        ("Le &lt;b&gt;titre&lt;/b&gt;", "Le titre"),
        ("x &lt; y", "x < y"),
        ("  Multi\n line\t title  ", "Multi line title"),
        ("Zero\u200bwidth\u00ad and\x07 bell", "Zerowidth and bell"),
        ("<script>alert(1)</script>Safe", "Safe"),
        ("«\u00a0Rideau\u00a0»", "«\u00a0Rideau\u00a0»"),
        ("", ""),
    ],
)
def test_plain_title(raw: str, expected: str) -> None:
    assert plain_title(raw) == expected


def test_long_title_is_cut_at_300_characters() -> None:
    title = plain_title("word " * 100)

    assert len(title) <= 300
    assert title.endswith("…")
    assert title.startswith("word word")


def text_by_parse_tree(fragment: str) -> str:
    """html_to_text as it was first written, on BeautifulSoup's tree (ten times slower)."""
    if not fragment:
        return ""
    soup = BeautifulSoup(fragment, "html.parser")
    blocks = ("p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6")
    blocks += ("pre", "figure", "figcaption", "table", "tr", "section", "article", "header")
    blocks += ("footer", "aside", "dl", "dt", "dd", "hr")
    for element in soup.find_all(
        ["script", "style", "template", "noscript", "iframe", "object", "svg"]
    ):
        element.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for string in soup.find_all(string=True):
        if string.find_parent("pre") is None:
            string.replace_with(re.sub(r"[ \t\r\n\f\v]+", " ", string))
    for element in soup.find_all("br"):
        element.replace_with("\n")
    for element in soup.find_all(list(blocks)):
        element.insert_before("\n")
        element.insert_after("\n")
    lines = (re.sub(r"[ \t\r\n\f\v]+", " ", line).strip() for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


@pytest.mark.parametrize("corpus", ["newswire-dev", "real-feeds"])
def test_text_extraction_matches_the_parse_tree_version(corpus) -> None:
    fragments = 0
    for path in sorted((CORPORA / corpus).rglob("*")):
        if not path.is_file() or path.suffix not in {".xml", ".rss", ".atom", ".txt", ""}:
            continue
        for entry in feedparser.parse(path.read_bytes()).entries:
            for raw in [entry.get("summary", "")] + [
                c.get("value", "") for c in entry.get("content", [])
            ]:
                for fragment in (raw, sanitize_html(raw)):
                    assert html_to_text(fragment) == text_by_parse_tree(fragment), (path, fragment)
                    fragments += 1
        if fragments > 3000:
            break  # enough for a fast test (all 19,034 fragments of the corpora matched)
    assert fragments > 100
