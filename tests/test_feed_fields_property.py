"""Property: whatever a feed puts in its channel and item fields, it is data in the built site.

Hypothesis writes feeds whose channel title, link and item fields mix hostile markup (scripts,
event handlers, javascript: links, meta refresh, Markdown links and attribute lists, closing
tags, terminal escapes) with arbitrary text; each example is ingested with the real command,
its stories published, the site built with the real `pelican`. No element, attribute or URL
scheme from the feeds may survive into any page, and each story file must read back to the
values the report says were written. Bounded examples; on failure Hypothesis prints the
example and the `@reproduce_failure` blob that replays it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_pelican
from feeds import item, rss, write_feed
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from rideau.storyfile.parse import load_front_matter, split_front_matter

pytestmark = pytest.mark.slow

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
# Links a channel's title could smuggle in: no page may link there.
TITLE_HOST = "evil-title.example"
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    f'<meta http-equiv="refresh" content="0;url=http://{TITLE_HOST}/">',
    f"[phish](http://{TITLE_HOST}/login)",
    f"![i](http://{TITLE_HOST}/i.png)",
    "{: onclick=alert(1)}",
    "</main></article></div>",
    "<svg onload=alert(1)>",
    f"<iframe src=//{TITLE_HOST}/></iframe>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '"><b onmouseover=alert(1)>',
    "\x1b]0;pwned\x07",
    "<!--",
    "]]>",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "<style>body{display:none}</style>",
    f"<form action=//{TITLE_HOST}/><input name=p></form>",
    f"<base href=//{TITLE_HOST}/>",
    "<x-evil>",
    f"<{TITLE_HOST}@x>",
    "*emphasis* _under_ `code` [^1]",
    "\u202eevil",
    "*[HTML]: abbreviation",
]
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "form", "input", "base", "x-evil", "style"}
# The timeline's chart is the theme's only SVG.
CHART_PAGES = ("chronologie/", "timeline/")
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
SITES = ["Zorgstream", "Quuxstream", "Blorbtorrent"]

# Any text a feed may hold (no lone surrogates: no string can hold one once parsed).
free_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), free_text), max_size=3).map("".join)
hostile_link = st.sampled_from(
    ["javascript:alert(1)", "data:text/html,x", "//evil.example/x", "https://ok.example/a b",
     'https://ok.example/"><script>alert(1)</script>', "https://ok.example/é?x=<y>"]
)  # fmt: skip


@st.composite
def feed_items(draw, feed: int) -> list[dict[str, str]]:
    items = []
    for number in range(draw(st.integers(1, 2))):
        site = draw(st.sampled_from(SITES))
        link = f"https://outlet{feed}.example/{number}"
        if (feed, number) != (0, 0) and draw(st.booleans()):  # one entry at least is kept
            link = draw(hostile_link)
        fields = item(site, link, day=1 + number)
        fields["title"] += " " + draw(hostile_text)
        fields["description"] += " " + draw(hostile_text)
        for extra in ("category", "author", "guid"):
            if draw(st.booleans()):
                fields[extra] = draw(hostile_text)
        items.append(fields)
    return items


@st.composite
def feed_sets(draw) -> list[bytes]:
    bodies = []
    for feed in range(draw(st.integers(1, 2))):
        title = draw(hostile_text) + draw(st.sampled_from(HOSTILE))
        link = draw(
            st.sampled_from([f"https://outlet{feed}.example/", f"javascript:alert({feed})"])
        )
        bodies.append(rss(draw(feed_items(feed)), title=title, link=link))
    return bodies


def newswire(*args: str) -> subprocess.CompletedProcess:
    process = subprocess.run(
        [NEWSWIRE, *args], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert process.returncode == 0, process.stdout + process.stderr
    return process


def check_page(page: Path) -> None:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for element in soup.find_all(True):
        assert element.name not in FORBIDDEN_ELEMENTS, (page, str(element)[:200])
        if element.name == "svg":
            assert page.as_posix().endswith(tuple(c + "index.html" for c in CHART_PAGES)), page
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (page, str(element)[:200])
            values = value if isinstance(value, list) else [value]
            for text in values:
                if name in ("href", "src", "action", "formaction", "srcset"):
                    assert not text.strip().lower().startswith(BAD_SCHEMES), (page, name, text)
                    assert TITLE_HOST not in text, (page, name, text)
        if element.name == "meta":
            assert element.get("http-equiv", "").lower() != "refresh", page
        if element.name == "script":
            # The theme's own: a file of the site, or JSON-LD (data, written by tojson).
            if element.get("src"):
                assert not re.match(r"[a-z][a-z0-9+.-]*:|//", element["src"]), page  # same site
            else:
                assert element.get("type") == "application/ld+json", page
                json.loads(element.string)


def check_story_files(content: Path, report: dict) -> None:
    for story in report["stories"]:
        entries = story["entries"]
        for path in story["paths"].values():
            relative = Path(path).relative_to(content).as_posix()
            front, _body, _ = split_front_matter(relative, Path(path).read_text(encoding="utf-8"))
            data = load_front_matter(front)
            sources = data["sources"]
            assert {s["title"] for s in sources} == {e["title"] for e in entries}
            assert {s["outlet"] for s in sources} == {e["outlet"] for e in entries}
            assert sorted(data["sites"]) == sorted(story["sites"])


@hyp_settings(
    max_examples=5, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(bodies=feed_sets())
def test_feed_fields_never_become_markup_in_any_page(tmp_path_factory, bodies) -> None:
    base = tmp_path_factory.mktemp("property")
    content = base / "content"  # the registry and pages, no story: a quicker build
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("stories"))
    (content / "stories").mkdir()
    feeds = [write_feed(base / "feeds" / f"{n}.xml", body) for n, body in enumerate(bodies)]
    report_path = base / "report.json"
    newswire("ingest", "--content", str(content), "--state", str(base / "state"),
             "--report", str(report_path), *map(str, feeds))  # fmt: skip
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["stories"], report["rejected"]
    check_story_files(content, report)
    for story in report["stories"]:
        newswire("publish", story["id"], "--as-is", "--content", str(content))
    output = base / "output"
    built = run_pelican(content, output)
    assert built.returncode == 0, built.stdout + built.stderr
    pages = sorted(output.rglob("*.html"))
    assert any(story["id"] in str(p) for p in pages for story in report["stories"])
    for page in pages:
        check_page(page)
