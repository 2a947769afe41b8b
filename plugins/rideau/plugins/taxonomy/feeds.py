"""Atom and RSS feeds: one entry per story, with a stable tag: URI as id."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed, Rss201rev2Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from markupsafe import Markup

from rideau.plugins.bilingual.catalogues import load_translations
from rideau.plugins.taxonomy.terms import TAXONOMIES, TERM_FEED_KINDS, Term


class _ReusedItems:
    """Writes each item from `item_xml` when the same item was written to another feed.

    A story is in several feeds of its site (all stories, each of its sites, studios and
    outcomes) with the same entry; escaping its text again for each feed was a tenth of the
    build. The item is written once by feedgenerator's own code into a buffer, then copied;
    an item already written is added with its dates only (the feed's own date is the latest
    of its items'), without rendering its text again.
    """

    item_xml: dict[tuple, str] | None = None
    item_tag = ""

    def reuse_key(self, unique_id: str, link: str) -> tuple | None:
        return None if self.item_xml is None else (self.item_tag, unique_id, link)

    def has_item(self, key: tuple | None) -> bool:
        return key is not None and key in self.item_xml

    def write_items(self, handler) -> None:
        if self.item_xml is None:
            super().write_items(handler)
            return
        for item in self.items:
            key = item["reuse_key"]
            xml = self.item_xml.get(key)
            if xml is None:
                buffer = io.StringIO()
                writer = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
                writer.startElement(self.item_tag, self.item_attributes(item))
                self.add_item_elements(writer, item)
                writer.endElement(self.item_tag)
                xml = self.item_xml[key] = buffer.getvalue()
            # Written as is: it is XML already escaped by feedgenerator's writer.
            handler.ignorableWhitespace(xml)


class AtomFeed(_ReusedItems, Atom1Feed):
    item_tag = "entry"


class RssFeed(_ReusedItems, Rss201rev2Feed):
    item_tag = "item"


FEED_KINDS = {"atom": AtomFeed, "rss": RssFeed}


@dataclass(frozen=True)
class FeedSpec:
    """A feed of one language site: where it goes and what it is called."""

    path: str  # relative to the language site's root
    title: str
    lang: str
    kind: str  # atom | rss


# Characters XML 1.0 cannot carry, even escaped (a title pasted from a PDF may hold one).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def story_id(authority: str, article, site_lang: str) -> str:
    """Stable id: depends on the story's slug and date, not on the site's address."""
    # isoformat: Pelican's dates format through its own strftime, which parses the format
    # again for every call (a tenth of the feeds' time)
    day = article.date.date().isoformat()
    return f"tag:{authority},{day}:stories/{article.slug}/{site_lang}"


def aware(value: dt.datetime, timezone: str) -> dt.datetime:
    if value.tzinfo is not None:
        return value
    return value.replace(tzinfo=ZoneInfo(timezone))


def write_feed(
    output_path: str,
    spec: FeedSpec,
    articles: Iterable,
    *,
    site_root: str,
    authority: str,
    timezone: str,
    render_content: Callable[[object], str],
    categories: Callable[[object], list[str]],
    description: str = "",
    item_xml: dict[tuple, str] | None = None,
) -> None:
    """Write `articles` (already newest first and limited) as `spec` under `output_path`."""
    feed_url = f"{site_root}/{spec.path}"
    feed = FEED_KINDS[spec.kind](
        title=spec.title,
        link=f"{site_root}/",
        feed_url=feed_url,
        description=description,
        language=spec.lang,
        feed_guid=feed_url,
    )
    feed.item_xml = item_xml  # shared by the feeds of one site build (None: not shared)
    for article in articles:
        link = f"{site_root}/{article.url}"
        unique_id = story_id(authority, article, spec.lang)
        dates = {
            "pubdate": aware(article.date, timezone),
            "updateddate": aware(getattr(article, "modified", None) or article.date, timezone),
        }
        key = feed.reuse_key(unique_id, link)
        if feed.has_item(key):
            feed.add_item(title="", link=link, unique_id=unique_id, description="",
                          reuse_key=key, **dates)  # fmt: skip
            continue
        content = xml_safe(render_content(article))
        summary = xml_safe(Markup(article.summary).striptags()) if article.summary else None
        feed.add_item(
            title=xml_safe(Markup(article.title).striptags()),
            link=link,
            unique_id=unique_id,
            description=content if spec.kind == "rss" else summary,
            content=content if spec.kind == "atom" else None,
            categories=[xml_safe(c) for c in categories(article)],
            reuse_key=key,
            **dates,
        )
    target = os.path.join(output_path, spec.path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    temporary = target + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")
    os.replace(temporary, target)


ALL_FEEDS = {"atom": "feeds/all.atom.xml", "rss": "feeds/all.rss.xml"}


def feed_specs(
    theme: str, lang: str, sitename: str, terms: dict[str, list[Term]]
) -> list[tuple[FeedSpec, Term | None]]:
    """Every feed of the `lang` site, with the term it follows (None: all stories)."""
    _ = load_translations(theme, lang).gettext
    specs = []
    for kind, path in ALL_FEEDS.items():
        title = _("%(site)s: all stories") % {"site": sitename}
        specs.append((FeedSpec(path, title, lang, kind), None))
    for taxonomy in TAXONOMIES:
        for term in terms[taxonomy.key]:
            for kind in TERM_FEED_KINDS:
                title = _("%(site)s: %(term)s") % {"site": sitename, "term": term.label}
                specs.append((FeedSpec(term.feed_path(kind), title, lang, kind), term))
    return specs
