"""Shared checks for "nothing executes": HTML and XML output inspected with parsers.

Used by the hostile-input tests (test_hostile_corpora, test_xss, test_xml_attacks). Every check
returns a list of readable problems, empty when the markup is safe, so that a failing assertion
names what was found and where.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup, Tag

# Removed before a URL's scheme is read: whitespace, C0/C1 controls, soft hyphen, zero-width and
# bidi marks, line/paragraph separators, word joiners and the BOM.
INVISIBLE = re.compile(
    "[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcdoc"})
FORBIDDEN_ELEMENTS = ("script", "iframe", "object", "embed", "frame", "base", "form")
# OPML and sitemap attributes and elements that carry URLs.
XML_URL_ATTRIBUTES = frozenset({"href", "src", "xmlurl", "htmlurl", "url", "uri"})
XML_URL_ELEMENTS = frozenset({"loc", "link", "id", "uri", "icon", "logo"})
THEME_SCRIPT = re.compile(r"^(?:(?:\.\./)*|/|https?://127\.0\.0\.1:8000/)theme/js/[\w.-]+\.js$")


def normalized_url(value: str) -> str:
    """A URL as a lenient browser could read its scheme: invisible characters out, lowercase."""
    return INVISIBLE.sub("", value).lower()


def is_dangerous_url(value: str) -> bool:
    return normalized_url(value).startswith(DANGEROUS_SCHEMES)


def _attribute_text(value: object) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def is_theme_script(element: Tag) -> bool:
    """A script of the theme itself: a JSON-LD data block (never run) that is valid JSON, or a
    file of theme/js/ loaded by src with no inline code."""
    if str(element.get("type", "")).strip().lower() == "application/ld+json":
        try:
            json.loads(element.get_text())
        except ValueError:
            return False
        return not element.get("src")
    return bool(THEME_SCRIPT.search(str(element.get("src", "")))) and not element.get_text().strip()


def html_problems(markup: str, where: str = "", *, page: bool = False) -> list[str]:
    """Executable parts of an HTML document or fragment (html.parser).

    `page`: a whole page of the theme, where the theme's own scripts (is_theme_script) are
    expected; in a fragment (feed content) any script is a problem.
    """
    soup = BeautifulSoup(markup, "html.parser")
    prefix = f"{where}: " if where else ""
    problems = [
        f"{prefix}<{element.name}>"
        for element in soup.find_all(FORBIDDEN_ELEMENTS)
        if not (page and element.name == "script" and is_theme_script(element))
    ]
    for meta in soup.find_all("meta"):
        if _attribute_text(meta.get("http-equiv", "")).strip().lower() == "refresh":
            problems.append(f"{prefix}<meta http-equiv=refresh>")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            text = _attribute_text(value)
            handler = name.lower().startswith("on")
            if handler or (name.lower() in URL_ATTRIBUTES and is_dangerous_url(text)):
                problems.append(f"{prefix}<{element.name} {name}={text[:60]!r}>")
    return problems


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def xml_problems(path: Path) -> list[str]:
    """Executable parts of an XML file (feed, OPML, sitemap): its own elements and attributes,
    and the HTML carried as text (escaped entry content and summaries)."""
    problems: list[str] = []
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        return [f"{path}: not well-formed XML: {error}"]
    for element in root.iter():
        name = _local_name(element.tag)
        if name in FORBIDDEN_ELEMENTS:
            problems.append(f"{path}: <{name}> element")
        for attribute, value in element.attrib.items():
            attribute_name = _local_name(attribute)
            if attribute_name.startswith("on"):
                problems.append(f"{path}: <{name} {attribute_name}>")
            elif attribute_name in XML_URL_ATTRIBUTES and is_dangerous_url(value):
                problems.append(f"{path}: <{name} {attribute_name}={value[:60]!r}>")
        text = element.text or ""
        if name in XML_URL_ELEMENTS and is_dangerous_url(text.strip()):
            problems.append(f"{path}: <{name}>{text[:60]!r}")
        if "<" in text:
            problems.extend(html_problems(text, f"{path} <{name}> text"))
    return problems


def feed_problems(path: Path) -> list[str]:
    """A built Atom/RSS feed read as a feed reader would, without feedparser's sanitizer, plus
    the raw XML check: what a reader that trusts the feed would render."""
    problems = xml_problems(path)
    parsed = feedparser.parse(path.read_bytes(), sanitize_html=False)
    if parsed.bozo:
        problems.append(f"{path}: ill-formed feed: {parsed.get('bozo_exception')}")
    for entry in parsed.entries:
        fragments = [entry.get("title", ""), entry.get("summary", "")]
        fragments += [content.get("value", "") for content in entry.get("content", [])]
        for fragment in fragments:
            problems.extend(html_problems(fragment, f"{path} entry {entry.get('id', '?')}"))
        for link in entry.get("links", []):
            if is_dangerous_url(link.get("href", "")):
                problems.append(f"{path}: entry link {link.get('href')[:60]!r}")
    return problems


def output_problems(output: Path) -> tuple[int, list[str]]:
    """Every HTML, feed, OPML and sitemap file of a built site: (files checked, problems)."""
    checked, problems = 0, []
    for path in sorted(output.rglob("*")):
        if path.suffix == ".html":
            problems.extend(html_problems(path.read_text(encoding="utf-8"), str(path), page=True))
        elif path.name.endswith((".atom.xml", ".rss.xml")):
            problems.extend(feed_problems(path))
        elif path.suffix in (".xml", ".opml"):
            problems.extend(xml_problems(path))
        else:
            continue
        checked += 1
    return checked, problems
