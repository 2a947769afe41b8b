"""RSS feeds for tests, built with ElementTree: any text a test gives is carried as text."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from pathlib import Path

RELEVANT_FR = "Le site pirate {site} fermé par la police après une plainte de Warner Bros."
RELEVANT_BODY_FR = (
    "Le site de streaming pirate {site} a été fermé et saisi par la police après une plainte "
    "de Warner Bros. France."
)


def rss(
    items: list[dict[str, str]],
    *,
    title: str = "Outlet",
    link: str = "https://outlet.example/",
    language: str = "fr",
) -> bytes:
    """An RSS 2.0 feed; each item maps element names (title, link, description…) to text."""
    root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(root, "channel")
    for name, value in (("title", title), ("link", link), ("language", language)):
        ET.SubElement(channel, name).text = value
    for fields in items:
        item = ET.SubElement(channel, "item")
        for name, value in fields.items():
            ET.SubElement(item, name).text = value
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def item(site: str, link: str, day: int = 1, **fields: str) -> dict[str, str]:
    """A French item that ingestion keeps: `site` shut down by the police."""
    date = dt.datetime(2026, 11, day, 10, tzinfo=dt.UTC)
    return {
        "title": RELEVANT_FR.format(site=site),
        "link": link,
        "pubDate": format_datetime(date),
        "description": RELEVANT_BODY_FR.format(site=site),
        **fields,
    }


def write_feed(path: Path, body: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return path
