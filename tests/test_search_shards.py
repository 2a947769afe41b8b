"""A search index in shards: a language site with more story pages than
RIDEAU_SEARCH_SHARD_PAGES is indexed by several Pagefind runs, one bundle each, which the
search page merges into one result list.

The split and the per-shard bookkeeping are tested without Pagefind; the session's test
content, built with shards of 3 pages, is indexed by the real Pagefind and searched in
Chromium (tests marked `browser`).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import FiltersHeldBack, loaded_results, make_content, run_pelican, serve_folder
from rideau.plugins import search
from rideau.settings import SettingsError, build_settings

PATTERNS = ["[0-9][0-9][0-9][0-9]/*/index.html"]


def write_stories(output: Path, per_year: dict[int, int]) -> list[Path]:
    pages = []
    for year, count in per_year.items():
        for number in range(count):
            page = output / str(year) / f"story-{year}-{number:03d}" / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"<html lang=fr><article data-pagefind-body>{year} {number}</article>")
            pages.append(page)
    return pages


def split(output: Path, limit: int) -> list[search.Shard]:
    pages = search.story_pages(str(output), PATTERNS)
    return search.split_shards(str(output), PATTERNS, pages, limit)


def test_a_small_site_is_one_shard_indexed_as_before(tmp_path) -> None:
    write_stories(tmp_path, {2011: 3, 2012: 2})
    (shard,) = split(tmp_path, 5)
    # The glob Pagefind was given before shards existed, into the same bundle.
    assert shard.bundle == "pagefind" and shard.glob == "{" + PATTERNS[0] + "}"
    assert len(shard.pages) == 5


def test_years_are_packed_in_order_up_to_the_limit(tmp_path) -> None:
    write_stories(tmp_path, {2008: 2, 2009: 2, 2010: 1, 2011: 4, 2012: 1})
    shards = split(tmp_path, 4)
    assert [s.bundle for s in shards] == ["pagefind", "pagefind-2", "pagefind-3", "pagefind-4"]
    assert [s.patterns for s in shards] == [
        ("2008/*/index.html", "2009/*/index.html"),
        ("2010/*/index.html",),
        ("2011/*/index.html",),
        ("2012/*/index.html",),
    ]
    assert shards[0].glob == "{2008/*/index.html,2009/*/index.html}"
    assert [len(s.pages) for s in shards] == [4, 1, 4, 1]


def test_the_split_respects_the_limit_and_is_stable(tmp_path) -> None:
    per_year = {2005 + n: size for n, size in enumerate([3, 1, 4, 1, 5, 2, 6, 5, 3, 5])}
    write_stories(tmp_path, per_year)
    shards = split(tmp_path, 7)
    assert all(len(s.pages) <= 7 for s in shards)
    assert sorted(p for s in shards for p in s.pages) == search.story_pages(str(tmp_path), PATTERNS)
    # Each year in one shard, shards in year order.
    years = [[p.parent.parent.name for p in s.pages] for s in shards]
    assert [y for ys in years for y in ys] == sorted(y for ys in years for y in ys)
    assert all(not set(a) & set(b) for a, b in itertools.pairwise(years))
    assert split(tmp_path, 7) == shards  # the same pages, the same shards
    # A story added to the latest year changes the last shard only.
    write_stories(tmp_path / "extra", {2014: 1})
    (tmp_path / "extra" / "2014" / "story-2014-000").rename(tmp_path / "2014" / "story-new")
    again = split(tmp_path, 7)
    assert again[:-1] == shards[:-1] and again[-1] != shards[-1]


def test_a_year_larger_than_the_limit_is_a_shard_of_its_own(tmp_path) -> None:
    write_stories(tmp_path, {2010: 1, 2011: 5, 2012: 1})
    shards = split(tmp_path, 2)
    assert [len(s.pages) for s in shards] == [1, 5, 1]
    assert shards[1].patterns == ("2011/*/index.html",)


def test_the_shard_size_is_a_setting() -> None:
    assert build_settings({}).search_shard_pages == 5000
    assert build_settings({"RIDEAU_SEARCH_SHARD_PAGES": 3}).search_shard_pages == 3
    for wrong in (0, "many", True):
        with pytest.raises(SettingsError, match="RIDEAU_SEARCH_SHARD_PAGES"):
            build_settings({"RIDEAU_SEARCH_SHARD_PAGES": wrong})


def fake_pagefind(monkeypatch, calls: list) -> None:
    """`build_index` without Pagefind: a bundle with an entry file (and the files it is
    given), as Pagefind's would be."""

    def build(path, glob, bundle="pagefind", files=None) -> None:
        calls.append((bundle, glob))
        folder = Path(path) / bundle
        folder.mkdir(exist_ok=True)
        (folder / "pagefind-entry.json").write_text("{}")
        for name, text in (files or {}).items():
            (folder / name).write_text(text)

    monkeypatch.setattr(search, "build_index", build)


def fake_site(tmp_path: Path, limit: int):
    settings = {
        "ARTICLE_SAVE_AS": "{date:%Y}/{slug}/index.html",
        "CACHE_PATH": str(tmp_path / "cache"),
        "RIDEAU_SEARCH_SHARD_PAGES": limit,
    }
    return SimpleNamespace(settings=settings, output_path=str(tmp_path / "out"))


def listed(output: Path) -> list[str]:
    return json.loads((output / "pagefind" / search.SHARDS_FILE).read_text())["shards"]


def test_an_edit_makes_its_own_shard_again(monkeypatch, tmp_path) -> None:
    calls: list = []
    fake_pagefind(monkeypatch, calls)
    output = tmp_path / "out"
    pages = write_stories(output, {2010: 2, 2011: 2, 2012: 2})
    search.index_site(fake_site(tmp_path, 2))
    assert [bundle for bundle, _ in calls] == ["pagefind-2", "pagefind-3", "pagefind"]
    assert calls[0][1] == "{2011/*/index.html}"
    assert listed(output) == ["pagefind", "pagefind-2", "pagefind-3"]
    calls.clear()
    search.index_site(fake_site(tmp_path, 2))
    assert calls == []  # nothing changed: every shard kept
    pages[3].write_text("<html lang=fr><article data-pagefind-body>modifié</article>")
    search.index_site(fake_site(tmp_path, 2))
    assert calls == [("pagefind-2", "{2011/*/index.html}")]
    calls.clear()
    pages[0].write_text("<html lang=fr><article data-pagefind-body>modifié</article>")
    search.index_site(fake_site(tmp_path, 2))
    # The first bundle, made again, still lists every shard.
    assert [bundle for bundle, _ in calls] == ["pagefind"]
    assert listed(output) == ["pagefind", "pagefind-2", "pagefind-3"]


def test_bundles_of_shards_that_are_gone_are_removed(monkeypatch, tmp_path) -> None:
    calls: list = []
    fake_pagefind(monkeypatch, calls)
    output = tmp_path / "out"
    write_stories(output, {2010: 2, 2011: 2, 2012: 2})
    search.index_site(fake_site(tmp_path, 2))
    (output / ".pagefind-3.new").mkdir()  # as a stopped index run could leave it
    calls.clear()
    search.index_site(fake_site(tmp_path, 4))  # 2010 and 2011 now in one shard, 2012 in the other
    assert sorted(bundle for bundle, _ in calls) == ["pagefind", "pagefind-2"]
    assert sorted(p.name for p in output.iterdir() if "pagefind" in p.name) == [
        "pagefind",
        "pagefind-2",
    ]
    assert listed(output) == ["pagefind", "pagefind-2"]
    calls.clear()
    search.index_site(fake_site(tmp_path, 6))  # one shard: the one bundle of a small site
    assert calls == [("pagefind", "{[0-9][0-9][0-9][0-9]/*/index.html}")]
    assert [p.name for p in output.iterdir() if "pagefind" in p.name] == ["pagefind"]
    assert listed(output) == ["pagefind"]


def test_the_shard_list_is_written_when_only_shards_after_the_first_change(
    monkeypatch, tmp_path
) -> None:
    calls: list = []
    fake_pagefind(monkeypatch, calls)
    output = tmp_path / "out"
    write_stories(output, {2010: 2, 2011: 2})
    search.index_site(fake_site(tmp_path, 2))
    calls.clear()
    write_stories(output, {2012: 1})  # a new year: a new shard, the others unchanged
    search.index_site(fake_site(tmp_path, 2))
    assert calls == [("pagefind-3", "{2012/*/index.html}")]
    assert listed(output) == ["pagefind", "pagefind-2", "pagefind-3"]


def test_background_indexing_makes_every_changed_shard_in_one_run(monkeypatch, tmp_path) -> None:
    from rideau.plugins.search import background

    started: list = []
    monkeypatch.setattr(search, "start_indexer", lambda *args: started.append(args), raising=True)
    output = tmp_path / "out"
    write_stories(output, {2010: 2, 2011: 2})
    rideau = build_settings(
        {**fake_site(tmp_path, 2).settings, "RIDEAU_SEARCH_IN_BACKGROUND": True}
    )
    search.refresh_index(fake_site(tmp_path, 2).settings, str(output), rideau)
    ((path, runs, bundles, _pidfile),) = started
    assert path == str(output) and bundles == ["pagefind", "pagefind-2"]
    assert [run.bundle for run in runs] == ["pagefind", "pagefind-2"]
    # The background process makes them, the list and the records from the same plan.
    calls: list = []
    fake_pagefind(monkeypatch, calls)
    plan = {"runs": [vars(run) for run in runs], "bundles": bundles}
    monkeypatch.setattr(background.signal, "signal", lambda *_: None)  # not pytest's SIGTERM
    assert background.main(["--site", str(output), "--plan", json.dumps(plan)]) == 0
    assert [bundle for bundle, _ in calls] == ["pagefind-2", "pagefind"]
    assert listed(output) == bundles
    started.clear()
    search.refresh_index(fake_site(tmp_path, 2).settings, str(output), rideau)
    assert started == []  # recorded: nothing left to make
    # What tells a build that the run under way reads the same pages.
    fingerprint = background.plan_fingerprint(runs, bundles)
    assert fingerprint is not None
    edited = [runs[0], search.ShardRun(runs[1].bundle, runs[1].glob, runs[1].record, "other")]
    assert background.plan_fingerprint(edited, bundles) != fingerprint
    assert background.plan_fingerprint([search.ShardRun("pagefind", "{x}")], bundles) is None


# -- the real Pagefind, and Chromium -----------------------------------------------------------


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("sharded")
    content = make_content(base)
    output = base / "output"
    result = run_pelican(content, output, "pelicanconf.py", "-e", "RIDEAU_SEARCH_SHARD_PAGES=3")
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def shard_of_pages(folder: Path) -> dict[str, str]:
    """Story path ('2012/megaupload-2012/') -> the bundle that indexes it, from the bundles'
    own fragments."""
    import gzip

    found = {}
    for bundle in json.loads((folder / "pagefind" / search.SHARDS_FILE).read_text())["shards"]:
        for fragment in (folder / bundle / "fragment").iterdir():
            data = gzip.decompress(fragment.read_bytes())
            url = json.loads(data[len(b"pagefind_dcd") :])["url"]
            found[url.strip("/").removeprefix("en/") + "/"] = bundle
    return found


def test_a_large_site_is_indexed_in_several_listed_bundles(sharded_site) -> None:
    for folder in (sharded_site, sharded_site / "en"):
        bundles = json.loads((folder / "pagefind" / search.SHARDS_FILE).read_text())["shards"]
        assert len(bundles) >= 3 and bundles[0] == "pagefind"
        on_disk = sorted(p.name for p in folder.iterdir() if p.name.startswith("pagefind"))
        assert on_disk == sorted(bundles)
        for bundle in bundles:
            entry = json.loads((folder / bundle / "pagefind-entry.json").read_text())
            (language,) = entry["languages"].values()
            assert 1 <= language["page_count"] <= 3
        stories = shard_of_pages(folder)
        assert len(stories) == len(list(folder.glob("[0-9][0-9][0-9][0-9]/*/index.html")))


def test_a_site_under_the_limit_keeps_its_one_bundle(site) -> None:
    """The session build (default limit): one `pagefind/` per language, which lists itself."""
    for folder in (site.output, site.output / "en"):
        assert sorted(p.name for p in folder.iterdir() if "pagefind" in p.name) == ["pagefind"]
        assert json.loads((folder / "pagefind" / search.SHARDS_FILE).read_text()) == {
            "shards": ["pagefind"]
        }


@pytest.fixture(scope="module")
def base_url(sharded_site):
    """The sharded build served, for conftest's `browse` (in this module, instead of the
    session's site)."""
    with serve_folder(sharded_site) as url:
        yield url


def paths_of(results) -> list[str]:
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    return [re.sub(r"^https?://[^/]+/", "", href) for href in hrefs]


@pytest.mark.browser
def test_one_search_finds_stories_of_every_shard(browse, sharded_site) -> None:
    browse.open("search/?q=fermeture")
    paths = paths_of(loaded_results(browse.page))
    shards = shard_of_pages(sharded_site)
    assert len({shards[path] for path in paths}) >= 3, paths
    assert len(paths) == len(set(paths))  # each story once
    browse.log.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("lang", "query", "filter_name", "value", "expected"),
    [
        # A rights holder with stories in the first shard (2008) and in a later one.
        (
            "fr",
            "fermeture",
            "Ayant droit",
            "ALPA",
            ["2008/chacal-stream-2008/", "2016/zone-telechargement-2016/", "2017/t411-2017/"],
        ),
        ("en", "shut", "Year", "2016", ["en/2016/kickasstorrents-2016/",
                                          "en/2016/zone-telechargement-2016/"]),
    ],
)  # fmt: skip
def test_a_filter_counts_and_narrows_across_shards(
    browse, sharded_site, lang, query, filter_name, value, expected
) -> None:
    page = browse.page
    browse.open(f"{'' if lang == 'fr' else 'en/'}search/?q={query}")
    results = loaded_results(page)
    before = paths_of(results)
    page.locator(".pagefind-ui__filter-name", has_text=filter_name).click(timeout=30_000)
    # The count is the sum of every shard's.
    page.get_by_label(f"{value} ({len(expected)})").check()
    from playwright.sync_api import expect

    expect(results).to_have_count(len(expected))
    assert sorted(paths_of(results)) == expected
    assert len(before) > len(expected)
    browse.log.assert_clean()


@pytest.mark.browser
def test_every_filter_of_every_shard_is_listed_when_they_load_late(browser, sharded_site) -> None:
    """The filter race of tests/test_browser_reader.py, with shards: the filters of every
    shard are loaded before the first search, so a search that ends early lists them all."""
    from playwright.sync_api import expect

    held_back = FiltersHeldBack(1)
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(30_000)
    try:
        with serve_folder(sharded_site, delay=held_back) as url:
            page = context.new_page()
            page.goto(f"{url}/en/search/")
            expect(page.locator("#search")).to_have_attribute("aria-busy", "true")
            page.get_by_label("Words to search for").fill("shut")
            expect(page.locator(".pagefind-ui__result-link").first).to_be_visible()
            names = page.locator(".pagefind-ui__filter-name")
            expect(names).to_have_text(["Outcome", "Site", "Studio", "Year"])
            assert held_back.asked > 8, "the filters of every shard were not all asked for"
    finally:
        context.close()
