"""OPML, sitemap and robots.txt, built with ElementTree (never by string formatting)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class OpmlFeed:
    title: str
    url: str
    html_url: str
    lang: str
    kind: str


@dataclass(frozen=True)
class OpmlGroup:
    title: str
    feeds: tuple[OpmlFeed, ...]


@dataclass(frozen=True)
class SitemapUrl:
    loc: str
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, absolute URL)
    lastmod: str = ""


def _write(tree: ET.ElementTree, path: str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    ET.indent(tree)
    temporary = path + ".tmp"
    tree.write(temporary, encoding="utf-8", xml_declaration=True)
    os.replace(temporary, path)


def write_opml(path: str, title: str, groups: Iterable[OpmlGroup]) -> None:
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(opml, "body")
    for group in groups:
        outline = ET.SubElement(body, "outline", text=group.title, title=group.title)
        for feed in group.feeds:
            ET.SubElement(
                outline,
                "outline",
                type="rss",
                text=feed.title,
                title=feed.title,
                xmlUrl=feed.url,
                htmlUrl=feed.html_url,
                language=feed.lang,
                version="ATOM" if feed.kind == "atom" else "RSS2",
            )
    _write(ET.ElementTree(opml), path)


def write_sitemap(path: str, urls: Iterable[SitemapUrl]) -> None:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for url in urls:
        node = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(node, f"{{{SITEMAP_NS}}}loc").text = url.loc
        if url.lastmod:
            ET.SubElement(node, f"{{{SITEMAP_NS}}}lastmod").text = url.lastmod
        for lang, href in url.alternates:
            ET.SubElement(node, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=lang, href=href)
    _write(ET.ElementTree(urlset), path)


def write_robots(path: str, sitemaps: Iterable[str]) -> None:
    lines = ["User-agent: *", "Allow: /", *(f"Sitemap: {url}" for url in sitemaps)]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
