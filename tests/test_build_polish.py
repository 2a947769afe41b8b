"""The site's 404 page, its favicon, and the development server that answers with the 404 page."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import ROOT, Site
from rideau.plugins.bilingual.server import make_server


def test_the_404_page_exists_in_both_languages_with_links_from_the_root(site: Site) -> None:
    french, english = site.html("404.html"), site.html("en/404.html")
    assert french.html["lang"] == "fr" and english.html["lang"] == "en"
    assert french.h1.get_text() == "Page introuvable"
    assert english.h1.get_text() == "Page not found"
    for page, other, line in (
        (french, "en", "Read this message in English"),
        (english, "fr", "Lire ce message en français"),
    ):
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        # Served at any missing address: a relative link would be relative to that address.
        links = [a["href"] for a in page.find("main").find_all("a")]
        links += [link["href"] for link in page.find_all("link", rel="stylesheet")]
        assert links and all(href.startswith("/") for href in links), links
        switch = page.find("p", attrs={"lang": other})
        assert switch.a.get_text() == line
        assert switch.a["href"] == ("/en/404.html" if other == "en" else "/404.html")


def test_every_page_links_the_favicon(site: Site) -> None:
    for path in ("", "en/", "2011/allostream-warner-2011/", "404.html"):
        icon = site.html(path).find("link", rel="icon")
        assert icon is not None and icon["type"] == "image/svg+xml", path
        assert icon["href"].endswith("theme/favicon.svg"), path
    svg = ElementTree.parse(site.output / "theme" / "favicon.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert (site.output / "theme" / "favicon.svg").stat().st_size < 1024


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int]]:
    output = tmp_path / "output"
    (output / "en" / "2011" / "x").mkdir(parents=True)
    (output / "2011" / "x").mkdir(parents=True)
    (output / "2011" / "gone").mkdir()  # left empty by a removed story
    (output / "404.html").write_text("<h1>Page introuvable</h1>", encoding="utf-8")
    (output / "en" / "404.html").write_text("<h1>Page not found</h1>", encoding="utf-8")
    (output / "2011" / "x" / "index.html").write_text("story", encoding="utf-8")
    server = make_server(output, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[:2]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch(address: tuple[str, int], path: str, method: str = "GET") -> tuple[int, str]:
    connection = http.client.HTTPConnection(*address, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_the_dev_server_answers_a_missing_page_with_the_sites_404_page(served) -> None:
    assert fetch(served, "/2011/x/") == (200, "story")
    assert fetch(served, "/nowhere/at/all/") == (404, "<h1>Page introuvable</h1>")
    assert fetch(served, "/en/nowhere?q=1") == (404, "<h1>Page not found</h1>")
    assert fetch(served, "/en/2011/x/") == (404, "<h1>Page not found</h1>")
    # An empty folder is a missing page, not a directory listing.
    assert fetch(served, "/2011/gone/") == (404, "<h1>Page introuvable</h1>")
    assert fetch(served, "/nowhere", "HEAD") == (404, "")


def test_make_serve_uses_the_server_that_answers_404() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    # bilingual.serve serves with bilingual.server and runs the builds (tests/test_serve.py).
    assert "bilingual.serve " in serve and "--listen" not in serve, serve
    assert "--autoreload" not in serve
