"""Atom and RSS feeds: one entry per story, with a stable tag: URI as id."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed, Rss201rev2Feed
from markupsafe import Markup

FEED_KINDS = {"atom": Atom1Feed, "rss": Rss201rev2Feed}


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
    return f"tag:{authority},{article.date:%Y-%m-%d}:stories/{article.slug}/{site_lang}"


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
    for article in articles:
        content = xml_safe(render_content(article))
        summary = xml_safe(Markup(article.summary).striptags()) if article.summary else None
        feed.add_item(
            title=xml_safe(Markup(article.title).striptags()),
            link=f"{site_root}/{article.url}",
            unique_id=story_id(authority, article, spec.lang),
            description=content if spec.kind == "rss" else summary,
            content=content if spec.kind == "atom" else None,
            categories=[xml_safe(c) for c in categories(article)],
            pubdate=aware(article.date, timezone),
            updateddate=aware(getattr(article, "modified", None) or article.date, timezone),
        )
    target = os.path.join(output_path, spec.path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    temporary = target + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")
    os.replace(temporary, target)
