"""Parse stage: a fetched feed body -> ParsedFeed of Entry (HTML still raw), plus rejections.

feedparser does the format work (RSS 0.9x/1.0/2.0, Atom, encodings); this module turns its
loose dictionaries into typed entries, rejects unusable ones and removes in-feed duplicates.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import feedparser

from rideau.newswire.clean import outlet_from_title
from rideau.newswire.records import Entry, FeedSource, Fetched, ParsedFeed, Rejection
from rideau.newswire.urls import canonical_url, host_of, is_web_url
from rideau.registry import Registry
from rideau.settings import DEFAULT_LANGUAGES

logger = logging.getLogger(__name__)

# The languages story files are in (parsing has no settings in reach).
KNOWN_LANGS = frozenset(DEFAULT_LANGUAGES)
_LANG_SEPARATOR = re.compile(r"[-_]")
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# A feed may reference a UTF-16 surrogate on its own (&#xD800;), which no text can hold:
# feedparser then gives up on the whole feed. Each such reference is replaced, before parsing,
# by a noncharacter that marks its entry, so that only that entry is refused.
_SURROGATE_REFERENCE = re.compile(rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*(5[5-7]\d{3}));")
_BAD_CHARACTER_MARK = "\ufdd0"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Entries read from one feed; past them the rest is refused (a feed holds tens, an archive
# feed a few thousand; hostile ones hundreds of thousands).
MAX_ENTRIES_PER_FEED = 5000


@dataclass(frozen=True)
class _Candidate:
    """An entry that passed validation, with the date that decides which duplicate wins."""

    entry: Entry
    updated: dt.datetime


def parse_feed(fetched: Fetched, registry: Registry | None = None) -> ParsedFeed:
    """Parse a fetched body into entries; never raises (failures become ParsedFeed.warning).
    `registry` names the outlets (see `_OutletNamer`)."""
    source = fetched.source
    if fetched.body is None:
        return ParsedFeed(source=source)
    try:
        body = _SURROGATE_REFERENCE.sub(_marked_reference, fetched.body)
        result = _run_feedparser(body, _response_headers(fetched))
    # feedparser runs several parsers and decoders over hostile input and is not documented to
    # raise any specific class; one broken feed must not stop the others.
    except Exception as error:
        logger.warning("cannot parse feed %s: %s", source.location, error)
        return ParsedFeed(source=source, warning=f"cannot parse: {error}")
    return _parsed_feed(fetched.source, result, registry)


def _marked_reference(match: re.Match[bytes]) -> bytes:
    decimal = match.group(1)
    if decimal is not None and not 0xD800 <= int(decimal) <= 0xDFFF:
        return match.group()  # 55296-57343 are surrogates; 50000-55295 and 57344-57999 are not
    return f"&#x{ord(_BAD_CHARACTER_MARK):X};".encode("ascii")


def normalize_lang(tag: str) -> str:
    """The primary subtag of a language tag, if it is one we publish: "fr-FR" -> "fr"."""
    primary = _LANG_SEPARATOR.split(tag.strip().lower(), maxsplit=1)[0]
    return primary if primary in KNOWN_LANGS else ""


def _run_feedparser(body: bytes, headers: dict[str, str]) -> Any:
    # Given bytes (or a str), feedparser first tries open() on them as a file name, so a hostile
    # body such as b"/dev/zero" would be read from the local disk. A stream is only read.
    return feedparser.parse(io.BytesIO(body), response_headers=headers or None)


def _response_headers(fetched: Fetched) -> dict[str, str]:
    headers = {}
    if fetched.content_type:
        headers["content-type"] = fetched.content_type
    base = fetched.final_url or fetched.source.location
    if is_web_url(base):
        # Lets feedparser resolve relative links against the feed's own address.
        headers["content-location"] = base
    return headers


class _OutletNamer:
    """An entry's outlet: (1) the configured one; else (2) the registry outlet whose domain
    holds the entry's link, or the feed's link or location; else (3) the registry outlet the
    feed's title names (case and accents aside, with or without its tagline); else (4) the
    feed's title without its tagline (`outlet_from_title`), or the feed's host."""

    def __init__(self, source: FeedSource, feed: Any, title: str, registry: Registry | None):
        self.configured = source.outlet.strip()
        self.registry = registry if registry is not None and registry.outlets else None
        if self.configured:
            return
        link = _text(feed.get("link"))
        named = self.registry and (
            self.registry.outlet_at(link) or self.registry.outlet_at(source.location)
        )
        cleaned = outlet_from_title(title) if title else ""
        if not named and self.registry and title:
            named = self.registry.outlet_named(title) or self.registry.outlet_named(cleaned)
        # A title that is all markup leaves "": the clean stage names the article's host.
        self.feed_outlet = (
            named.name
            if named
            else (cleaned if title else host_of(link) or host_of(source.location))
        )

    def outlet(self, link: str) -> str:
        if self.configured:
            return self.configured
        named = self.registry.outlet_at(link) if self.registry else None
        return named.name if named else self.feed_outlet


def _parsed_feed(source: FeedSource, result: Any, registry: Registry | None = None) -> ParsedFeed:
    feed = result.get("feed", {})
    title = _one_line(_text(feed.get("title")))
    feed_lang = normalize_lang(source.lang or _text(feed.get("language")))
    outlets = _OutletNamer(source, feed, title, registry)
    raw_entries = result.get("entries", [])
    warning = _bozo_warning(source, result, len(raw_entries))

    candidates: list[_Candidate] = []
    rejected: list[Rejection] = []
    if len(raw_entries) > MAX_ENTRIES_PER_FEED:
        logger.warning(
            "%s: %d entries, only the first %d are read", source.location, len(raw_entries),
            MAX_ENTRIES_PER_FEED,
        )  # fmt: skip
        over = f"invalid: past the first {MAX_ENTRIES_PER_FEED} entries of the feed"
        rejected.extend(
            Rejection(_without_controls(_entry_link(raw)), source.location, over)
            for raw in raw_entries[MAX_ENTRIES_PER_FEED:]
        )
        raw_entries = raw_entries[:MAX_ENTRIES_PER_FEED]
    for raw in raw_entries:
        built = _candidate(raw, source, outlets, feed_lang)
        if isinstance(built, Rejection):
            rejected.append(built)
        else:
            candidates.append(built)
    kept, duplicates = _without_duplicates(candidates)
    return ParsedFeed(
        source=source,
        title=title,
        lang=feed_lang,
        entries=tuple(kept),
        rejected=(*rejected, *duplicates),
        warning=warning,
    )


def _bozo_warning(source: FeedSource, result: Any, recovered: int) -> str:
    if not result.get("bozo"):
        return ""
    problem = result.get("bozo_exception", "unknown problem")
    # With nothing recovered the feed becomes a report error, printed once by the command.
    log = logger.warning if recovered else logger.info
    log("ill-formed feed %s (recovered %d entries): %s", source.location, recovered, problem)
    return f"ill-formed feed (recovered {recovered} entries): {problem}"


def _candidate(
    raw: Any, source: FeedSource, outlets: _OutletNamer, feed_lang: str
) -> _Candidate | Rejection:
    link = _without_controls(_entry_link(raw))
    title = _text(raw.get("title"))
    damaged = _damaged_field(raw)
    if damaged:
        return Rejection(
            link=_unmarked(link), source=source.location,
            reason=f"invalid: a character reference that is no character (a lone UTF-16 "
            f"surrogate such as &#xD800;) in its {damaged}",
        )  # fmt: skip
    if not link:
        return Rejection(link="", source=source.location, reason="invalid: no link")
    if not is_web_url(link):
        return Rejection(link=link, source=source.location, reason="invalid: link is not http(s)")
    if not title.strip():
        return Rejection(link=link, source=source.location, reason="invalid: no title")
    published = _utc_datetime(raw.get("published_parsed")) or _utc_datetime(_updated_parsed(raw))
    entry = Entry(
        link=link,
        url=canonical_url(link),
        guid=_text(raw.get("id")).strip(),
        source=source.location,
        outlet=outlets.outlet(link),
        lang=feed_lang if source.lang else (_entry_lang(raw) or feed_lang),
        title=title,
        published=published,
        summary=_text(raw.get("summary")),
        content=_longest_content(raw.get("content")),
        categories=_categories(raw.get("tags")),
    )
    updated = _utc_datetime(_updated_parsed(raw)) or published or _EPOCH
    return _Candidate(entry=entry, updated=updated)


def _entry_link(raw: Any) -> str:
    """feedparser's link, else the first of its links, else an http(s) id (RSS 1.0 rdf:about)."""
    link = _text(raw.get("link")).strip()
    if link:
        return link
    for candidate in _items(raw.get("links")):
        href = _text(candidate.get("href")).strip()
        if href:
            return href
    guid = _text(raw.get("id")).strip()
    return guid if is_web_url(guid) else ""


def _without_controls(link: str) -> str:
    """Control characters percent-encoded, as a browser's URL parser does: left raw, they would
    reach story files and feeds, where XML 1.0 cannot carry them."""
    return _CONTROL.sub(lambda match: quote(match.group()), link)


def _entry_lang(raw: Any) -> str:
    """The language feedparser attached to the entry's text (xml:lang), if any."""
    details = [raw.get("title_detail"), raw.get("summary_detail"), *_items(raw.get("content"))]
    for detail in details:
        if hasattr(detail, "get"):
            lang = normalize_lang(_text(detail.get("language")))
            if lang:
                return lang
    return normalize_lang(_text(raw.get("language")))


def _without_duplicates(
    candidates: Iterable[_Candidate],
) -> tuple[list[Entry], list[Rejection]]:
    """Keep one entry per guid / canonical URL: the last updated (the first one on a tie)."""
    kept: list[_Candidate] = []
    slot_of: dict[str, int] = {}
    rejected: list[Rejection] = []
    for candidate in candidates:
        slot = next((slot_of[key] for key in candidate.entry.keys if key in slot_of), None)
        if slot is None:
            slot = len(kept)
            kept.append(candidate)
        elif candidate.updated > kept[slot].updated:
            rejected.append(_duplicate(kept[slot].entry))
            kept[slot] = candidate
        else:
            rejected.append(_duplicate(candidate.entry))
        for key in candidate.entry.keys:
            slot_of.setdefault(key, slot)
    for rejection in rejected:
        logger.debug("duplicate entry in %s: %s", rejection.source, rejection.link)
    return [candidate.entry for candidate in kept], rejected


def _duplicate(entry: Entry) -> Rejection:
    return Rejection(link=entry.link, source=entry.source, reason="duplicate-entry")


def _updated_parsed(raw: Any) -> Any:
    # FeedParserDict.get("updated_parsed") silently answers published_parsed (with a
    # DeprecationWarning) when there is no updated date; the plain dict lookup does not.
    return dict.get(raw, "updated_parsed") if isinstance(raw, dict) else None


def _utc_datetime(parsed: Any) -> dt.datetime | None:
    """feedparser's *_parsed struct_time (already UTC) as an aware datetime; None if unusable."""
    if not isinstance(parsed, time.struct_time | tuple) or len(parsed) < 6:
        return None
    try:
        return dt.datetime(*parsed[:6], tzinfo=dt.UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _longest_content(contents: Any) -> str:
    values = (_text(item.get("value")) for item in _items(contents))
    return max(values, key=len, default="")


def _categories(tags: Any) -> tuple[str, ...]:
    terms = (_one_line(_text(tag.get("term"))) for tag in _items(tags))
    return tuple(dict.fromkeys(term for term in terms if term))


def _items(value: Any) -> list[Any]:
    """The dict-like members of a feedparser list field (tolerates a missing or odd field)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if hasattr(item, "get")]


def _damaged_field(raw: Any) -> str:
    """The first field of an entry that held a surrogate reference, or ""."""
    links = [raw.get("link"), raw.get("id"), *(i.get("href") for i in _items(raw.get("links")))]
    fields = {
        "link": links, "title": [raw.get("title")], "description": [raw.get("summary")],
        "content": [item.get("value") for item in _items(raw.get("content"))],
    }  # fmt: skip
    for name, values in fields.items():
        if any(isinstance(v, str) and _BAD_CHARACTER_MARK in v for v in values):
            return name
    return ""


def _unmarked(text: str) -> str:
    return text.replace(_BAD_CHARACTER_MARK, "\ufffd").replace(quote(_BAD_CHARACTER_MARK), "")


def _text(value: Any) -> str:
    """A string field of feedparser's result; anything else is "". Marks and lone surrogates
    left in fields that are not checked become U+FFFD: no later stage can encode them."""
    if not isinstance(value, str):
        return ""
    if _BAD_CHARACTER_MARK in value:
        value = value.replace(_BAD_CHARACTER_MARK, "\ufffd")
    return _LONE_SURROGATE.sub("\ufffd", value)


def _one_line(text: str) -> str:
    return " ".join(text.split())
