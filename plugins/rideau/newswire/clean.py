"""Clean stage: Entry (raw, untrusted HTML) -> CleanEntry (sanitized HTML and plain text).

Feed HTML is hostile until proven otherwise: nh3 (ammonia) does the sanitizing with an explicit
allow-list, and every URL attribute is checked once more after it (defence in depth).
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from html.parser import HTMLParser
from types import MappingProxyType

import nh3
from bs4 import BeautifulSoup, ParserRejectedMarkup, Tag

from rideau.newswire.records import CleanEntry, Entry
from rideau.newswire.urls import host_of

logger = logging.getLogger(__name__)

TITLE_MAX_CHARS = 300
OUTLET_MAX_CHARS = 80
_MAX_TITLE_ROUNDS = 8  # levels of HTML escaping undone in a title

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "a", "strong", "em", "b", "i", "blockquote", "ul", "ol", "li",
        "h2", "h3", "h4", "code", "pre", "cite", "q", "abbr", "figure", "figcaption",
        "img", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = MappingProxyType(
    {
        "a": frozenset({"href", "title", "hreflang"}),
        "img": frozenset({"src", "alt", "title", "width", "height"}),
        "abbr": frozenset({"title"}),
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
LINK_REL = "noopener noreferrer nofollow"
# Removed with everything inside them: their content is code or a foreign document, not text.
REMOVED_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "svg", "math",
        "template", "noscript", "applet", "frame", "frameset", "noembed", "noframes",
    }
)  # fmt: skip

_URL_ATTRIBUTES = frozenset({"href", "src"})
# Characters that render as nothing but can split a scheme ("java\u200bscript:") or hide it.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_ASCII_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
        "pre", "figure", "figcaption", "table", "tr", "section", "article", "header",
        "footer", "aside", "dl", "dt", "dd", "hr",
    }
)  # fmt: skip
_NOT_TEXT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg"})


def clean_entry(entry: Entry) -> CleanEntry:
    """Sanitize the entry's summary and content, and extract its plain title and text."""
    summary_html = sanitize_html(entry.summary)
    content_html = sanitize_html(entry.content)
    return CleanEntry(
        # A title that was all markup leaves no name: the article's host names the outlet.
        entry=replace(entry, outlet=plain_outlet(entry.outlet) or host_of(entry.link)),
        title=plain_title(entry.title),
        summary_html=summary_html,
        content_html=content_html,
        text=_combined_text(html_to_text(summary_html), html_to_text(content_html)),
    )


def sanitize_html(fragment: str) -> str:
    """Safe HTML from untrusted HTML: allow-listed tags, attributes and URL schemes only."""
    if not fragment:
        return ""
    cleaned = nh3.clean(
        remove_invisible(fragment),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
    )
    return _without_unsafe_urls(cleaned)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line per block element, spaces collapsed."""
    if not fragment:
        return ""
    extractor = _TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    lines = (_collapse_spaces(line) for line in "".join(extractor.parts).split("\n"))
    return "\n".join(line for line in lines if line)


class _TextExtractor(HTMLParser):
    """The text of sanitized HTML in one pass (a parse tree costs ten times as much): a line
    break around each block and at each <br>, nothing from scripts, styles and the like,
    source line breaks kept only inside <pre>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0  # depth inside elements whose content is not text
        self._pre = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _NOT_TEXT:
            self._hidden += 1
        elif tag == "pre":
            self._pre += 1
        if tag == "br" or tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" or tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _NOT_TEXT:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        # Source line breaks are not text line breaks; only blocks and <br> make those.
        self.parts.append(data if self._pre else _ASCII_SPACES.sub(" ", data))


def plain_title(raw: str) -> str:
    """A feed title as one line of plain text, whether it came as text, HTML or escaped HTML."""
    return _shortened(_collapse_spaces(_markup_free(raw)), TITLE_MAX_CHARS)


@lru_cache(maxsize=1024)  # one name per feed, for each of its entries
def plain_outlet(raw: str) -> str:
    """An outlet's name (a feed's title, most often) as a short line of plain text: no markup,
    no control or invisible character, whatever the feed put in its title."""
    return _shortened(_collapse_spaces(_markup_free(raw)), OUTLET_MAX_CHARS)


@lru_cache(maxsize=1024)
def outlet_from_title(raw: str) -> str:
    """An outlet's name from its feed's title: `plain_outlet`, without the tagline many feeds
    add ("01net - Actualités", "Pixels : Toute l'actualité sur Le Monde.fr": see
    `without_tagline`)."""
    return _shortened(without_tagline(_collapse_spaces(_markup_free(raw))), OUTLET_MAX_CHARS)


# " - ", " | ", " : ", " — " and the like between a name and a tagline; "Name: tagline" too.
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—·»:]\s+|(?<=\w):\s+")
# Words of taglines, not of names ("Actualités", "Toute l'actualité sur …", "Latest news").
_TAGLINE_WORDS = frozenset(
    {
        "actualite", "actualites", "actu", "actus", "info", "infos", "information",
        "informations", "toute", "toutes", "tous", "tout", "derniere", "dernieres", "flux",
        "rss", "feed", "feeds", "news", "latest", "headlines", "articles", "stories", "all",
        "top", "most", "blog", "une", "continu", "site", "home", "accueil", "nachrichten",
        "noticias", "noticia", "ultimas", "notizie", "ultime", "leading", "portal",
        "everything", "reviews", "since", "official", "officiel",
    }
)  # fmt: skip
_NAME_MAX_WORDS = 5
_NAME_MAX_CHARS = 40


def without_tagline(title: str) -> str:
    """The name part of a feed title: the part before its first separator (" - ", " | ",
    " : ", " — "…) when that part is a short name and what follows looks like a tagline (tagline
    words, more words than the name, or a lowercase start); the part after it when the name
    comes last ("Actualités | 01net"). Any other title is kept whole."""
    match = _TITLE_SEPARATOR.search(title)
    if match is None:
        return title
    head, rest = title[: match.start()].strip(), title[match.end() :].strip()
    if not _is_short_name(head) or not rest:
        return title
    head_is_tagline = all(_folded(word) in _TAGLINE_WORDS for word in _words(head))
    if not head_is_tagline and _is_tagline(rest, head):
        return head
    if head_is_tagline and _is_short_name(rest) and _TITLE_SEPARATOR.search(rest) is None:
        return rest
    return title


def _is_short_name(text: str) -> bool:
    return (
        0 < len(_words(text)) <= _NAME_MAX_WORDS
        and len(text) <= _NAME_MAX_CHARS
        and any(char.isalnum() for char in text)
    )


def _is_tagline(text: str, name: str) -> bool:
    words = _words(text)
    if not words:
        return False
    return (
        any(_folded(word) in _TAGLINE_WORDS for word in words)
        or len(words) > len(_words(name))
        or words[0][:1].islower()
    )


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text)


def _folded(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(char for char in decomposed if not unicodedata.combining(char))
    return word.split("'")[-1].split("’")[-1]


def remove_invisible(text: str) -> str:
    """Remove control, zero-width, bidi-override and soft-hyphen characters."""
    return _INVISIBLE.sub("", text)


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute not in _URL_ATTRIBUTES:
        return value
    allowed = IMAGE_SCHEMES if element == "img" else URL_SCHEMES
    return value if _url_is_allowed(value, allowed, relative_ok=element != "img") else None


def _url_is_allowed(value: str, allowed: frozenset[str], *, relative_ok: bool) -> bool:
    normalized = _without_spaces_and_controls(value).lower()
    match = _SCHEME.match(normalized)
    if match is None:
        # No scheme: a relative link. An image must be absolute to display on our pages.
        return relative_ok or normalized.startswith("//")
    return match.group(1) in allowed


def _without_spaces_and_controls(value: str) -> str:
    # Stricter than WHATWG URL parsing (which strips only ASCII whitespace and C0 controls):
    # a scheme hidden behind any space, control or format character is still refused.
    return "".join(
        char for char in value if not (char.isspace() or unicodedata.category(char)[0] in "CZ")
    )


def _without_unsafe_urls(cleaned: str) -> str:
    """Re-check nh3's output with another parser; only re-serialize when something was dropped."""
    if "href" not in cleaned and "src" not in cleaned:
        return cleaned
    try:
        soup = BeautifulSoup(cleaned, "html.parser")
    except ParserRejectedMarkup:
        logger.warning("cannot re-check sanitized HTML, dropping it: %.80r", cleaned)
        return ""
    dropped = False
    for element in soup.find_all(_has_url_attribute):
        for attribute in _URL_ATTRIBUTES & set(element.attrs):
            allowed = IMAGE_SCHEMES if element.name == "img" else URL_SCHEMES
            if not _url_is_allowed(str(element[attribute]), allowed, relative_ok=True):
                logger.warning("dropping %s=%r kept by nh3", attribute, element[attribute])
                del element[attribute]
                dropped = True
    return str(soup) if dropped else cleaned


def _has_url_attribute(element: Tag) -> bool:
    return any(attribute in element.attrs for attribute in _URL_ATTRIBUTES)


def _markup_free(raw: str) -> str:
    """Text without tags, entities decoded, even when the feed escaped its HTML twice."""
    text = remove_invisible(raw)
    for _ in range(_MAX_TITLE_ROUNDS):
        # Invisible characters go at each round: "<scr\x00ipt>" must not become "<script>".
        stripped = remove_invisible(html.unescape(_tags_stripped(text)))
        # Another round only when decoding revealed markup ("&lt;b&gt;" titles).
        if stripped == text or not _has_element(stripped):
            break
        text = stripped
    # Whatever still parses as an element after that is not a title anyone meant to write.
    return stripped.replace("<", "") if _has_element(stripped) else stripped


def _tags_stripped(fragment: str) -> str:
    # html5ever (inside nh3) accepts any input, where BeautifulSoup's html.parser gives up on
    # some hostile markup ("<![>"). The result is text with HTML escapes.
    return nh3.clean(
        fragment, tags=set(), clean_content_tags=set(REMOVED_WITH_CONTENT), attributes={}
    )


def _has_element(text: str) -> bool:
    if "<" not in text:
        return False
    try:
        return BeautifulSoup(text, "html.parser").find() is not None
    except ParserRejectedMarkup:
        return True


def _combined_text(summary: str, content: str) -> str:
    """Summary then content, without repeating the summary when the content begins with it."""
    if not content:
        return summary
    if not summary or _squeezed(content).startswith(_squeezed(summary)):
        return content
    return f"{summary}\n{content}"


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold()


def _collapse_spaces(text: str) -> str:
    # Only ASCII whitespace: French text keeps its no-break spaces before ":" and inside « ».
    return _ASCII_SPACES.sub(" ", text).strip()


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"
