"""The `search` plugin: each language site indexes its own story pages with Pagefind, and the
absence of Pagefind is explained."""

from __future__ import annotations

import gzip
import subprocess
from types import SimpleNamespace

import pagefind.service
import pytest
from conftest import ROOT
from rideau.plugins import search


def test_missing_pagefind_fails_with_a_clear_message(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    with pytest.raises(search.SearchIndexError, match=r"Pagefind is not installed.*make install"):
        search.build_index(str(tmp_path))


def test_pagefind_failure_is_reported_and_leaves_the_old_index(monkeypatch, tmp_path) -> None:
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind-entry.json").write_text("{}")
    (tmp_path / ".pagefind.new").mkdir()  # as a failed Pagefind could leave it
    monkeypatch.setattr(search, "pagefind_executable", lambda: "/bin/false")
    with pytest.raises(search.SearchIndexError, match="Pagefind failed"):
        search.build_index(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pagefind"]
    assert (tmp_path / "pagefind" / "pagefind-entry.json").exists()


def test_each_language_site_indexes_its_own_story_pages(monkeypatch, tmp_path) -> None:
    calls = []
    monkeypatch.setattr(search, "build_index", lambda path, glob, *_: calls.append((path, glob)))
    for folder in ("2011/a", "en/2011/a"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text("<html></html>")
    settings = {"ARTICLE_SAVE_AS": "{date:%Y}/{slug}/index.html", "RIDEAU_INCREMENTAL": False}
    english = SimpleNamespace(settings=settings, output_path=f"{tmp_path}/en")
    main = SimpleNamespace(settings=settings, output_path=str(tmp_path))
    search.index_site(english)
    search.index_site(main)
    glob = "{[0-9][0-9][0-9][0-9]/*/index.html}"  # the main site's stops at its own folders
    assert calls == [(f"{tmp_path}/en", glob), (str(tmp_path), glob)]


def test_pagefind_reads_where_a_site_writes_its_story_pages() -> None:
    settings = {
        "ARTICLE_SAVE_AS": "{date:%Y}/{slug}/index.html",
        "ARTICLE_LANG_SAVE_AS": "{date:%Y}/{slug}-{lang}/index.html",
        "RIDEAU_LANGUAGES": {"fr": "", "en": "en"},
    }
    assert search.story_pages_glob(settings) == (
        "{[0-9][0-9][0-9][0-9]/*-*/index.html,[0-9][0-9][0-9][0-9]/*/index.html}"
    )


def test_index_of_a_small_site(tmp_path) -> None:
    page = tmp_path / "2011" / "story" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<!doctype html><html lang="fr"><head><title>t</title></head><body>'
        "<article data-pagefind-body><h1>Allostream ferme</h1>"
        '<a data-pagefind-filter="Site">Allostream</a></article></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="fr"><body><p>Liste</p></body></html>', encoding="utf-8"
    )
    search.build_index(str(tmp_path))
    entry = (tmp_path / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"fr"' in entry and '"page_count":1' in entry
    # Made again, the bundle replaces the old one whole: no file of the old index is left.
    stale = tmp_path / "pagefind" / "fragment" / "fr_deleted.pf_fragment"
    stale.write_bytes(b"")
    search.build_index(str(tmp_path))
    assert not stale.exists()
    assert (tmp_path / "pagefind" / "pagefind-entry.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2011", "index.html", "pagefind"]


def test_no_published_story_means_no_index_and_no_stale_one(monkeypatch, tmp_path, caplog) -> None:
    calls = []
    monkeypatch.setattr(search, "build_index", lambda path, *_: calls.append(path))
    (tmp_path / "drafts" / "a").mkdir(parents=True)
    (tmp_path / "drafts" / "a" / "index.html").write_text("<html lang=fr></html>")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind-entry.json").write_text("{}")
    settings = {"ARTICLE_SAVE_AS": "{date:%Y}/{slug}/index.html", "RIDEAU_INCREMENTAL": False}
    site = SimpleNamespace(settings=settings, output_path=str(tmp_path), rideau_subsites=[])
    search.index_site(site)
    assert calls == [] and not (tmp_path / "pagefind").exists()
    assert any(record.name == search.__name__ for record in caplog.records)  # said, once
    (tmp_path / "2011" / "a").mkdir(parents=True)
    (tmp_path / "2011" / "a" / "index.html").write_text("<html lang=fr></html>")
    search.index_site(site)
    assert calls == [str(tmp_path)]


def test_index_is_made_again_only_when_a_story_page_changed(monkeypatch, tmp_path) -> None:
    calls = []

    def build(path, *_) -> None:
        calls.append(path)
        (tmp_path / "pagefind").mkdir(exist_ok=True)
        (tmp_path / "pagefind" / "pagefind-entry.json").write_text("{}")

    monkeypatch.setattr(search, "build_index", build)
    story = tmp_path / "2011" / "a" / "index.html"
    story.parent.mkdir(parents=True)
    story.write_text("<html lang=fr><article data-pagefind-body>A</article></html>")
    listing = tmp_path / "sites" / "a" / "index.html"
    listing.parent.mkdir(parents=True)
    listing.write_text("<html lang=fr>Liste</html>")
    settings = {"ARTICLE_SAVE_AS": "{date:%Y}/{slug}/index.html", "CACHE_PATH": str(tmp_path / "c")}
    site = SimpleNamespace(settings=settings, output_path=str(tmp_path), rideau_subsites=[])
    search.index_site(site)
    listing.write_text("<html lang=fr>Liste, plus longue</html>")  # Pagefind does not read it
    search.index_site(site)
    assert len(calls) == 1
    story.write_text("<html lang=fr><article data-pagefind-body>A, modifié</article></html>")
    search.index_site(site)
    assert len(calls) == 2


def test_each_site_indexes_after_removing_stale_pages_and_before_waiting_for_the_other() -> None:
    from pelican.settings import read_settings

    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    # Stale story pages must be gone before Pagefind reads the folders; the main build must
    # not wait for the other language before making its own index.
    position = {name.rpartition(".")[2]: index for index, name in enumerate(plugins)}
    assert position["incremental"] < position["search"] < position["bilingual"]
    assert position["stories"] == 0


def _cbor(data: bytes, at: int = 0):
    """One CBOR item of a Pagefind file (the kinds Pagefind writes) and where it ends."""
    kind, low = data[at] >> 5, data[at] & 31
    at += 1
    if low < 24:
        value = low
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[low]
        value, at = int.from_bytes(data[at : at + size], "big"), at + size
    if kind in (2, 3):
        text = data[at : at + value]
        return (text.decode() if kind == 3 else text), at + value
    if kind == 4:
        items = []
        for _ in range(value):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    if kind == 5:
        pairs = {}
        for _ in range(value):
            key, at = _cbor(data, at)
            pairs[key], at = _cbor(data, at)
        return pairs, at
    return (-1 - value if kind == 1 else value), at


def _unordered(value):
    if isinstance(value, list):
        return tuple(sorted((_unordered(v) for v in value), key=repr))
    if isinstance(value, dict):
        return tuple(sorted(((k, _unordered(v)) for k, v in value.items()), key=repr))
    return value


def _bundle_meaning(bundle) -> dict:
    """What a Pagefind bundle holds, without what changes from run to run of the same pages:
    fragments and index chunks by name (their content's hash), filters decoded, order left
    aside (filter files are named after a hash of their bytes, which Pagefind writes in an
    order of its own), and the metadata without those names."""

    def decoded(path):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        return _cbor(data, 12)[0]

    (meta,) = bundle.glob("*.pf_meta")
    meta = decoded(meta)
    return {
        "fragments": sorted(p.name for p in (bundle / "fragment").iterdir()),
        "index": sorted(p.name for p in (bundle / "index").iterdir()),
        "filters": sorted(_unordered(decoded(p)) for p in (bundle / "filter").iterdir()),
        "meta": _unordered([meta[0], meta[1], [f[0] for f in meta[3]], *meta[4:]]),
    }


@pytest.mark.parametrize("folder", ["", "en"])
def test_pagefind_makes_the_same_index_of_what_it_reads(site, tmp_path, folder) -> None:
    """The site's index (made from `searchable_html` of each story page) is the index Pagefind
    makes of the pages themselves; and what it reads of a story page is much smaller."""
    output = site.output / folder if folder else site.output
    glob = "{[0-9][0-9][0-9][0-9]/*/index.html}"
    whole = tmp_path / "whole"
    subprocess.run(
        [search.pagefind_executable(), "--site", str(output), "--glob", glob,
         "--output-path", str(whole)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert _bundle_meaning(output / "pagefind") == _bundle_meaning(whole)
    pages = sorted(output.glob("[0-9][0-9][0-9][0-9]/*/index.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert len(search.searchable_html(text)) < len(text) / 2, page


def test_searchable_html_keeps_pages_it_cannot_be_sure_of() -> None:
    body = "<article data-pagefind-body><h1>T</h1>\n<p data-pagefind-ignore>x</p>\n</article>"
    stripped = search.searchable_html(f'<html lang="fr"><head></head><body>{body}</body></html>')
    inside = body.replace("<p data-pagefind-ignore>x</p>", "")
    assert stripped == f'<!doctype html>\n<html lang="fr">\n<body>\n{inside}\n</body>\n</html>\n'
    for page in (
        "<html><body><p>no body element</p></body></html>",
        f'<html><head><meta data-pagefind-meta="a:b"></head><body>{body}</body></html>',
        f"<html><body>{body}{body}</body></html>",
        f"<html><body>{body.replace('<h1>', '<!-- </article> --><h1>')}</body></html>",
        f"<html><body>{body.replace('<h1>', '<script>x = 1</script><h1>')}</body></html>",
    ):
        assert search.searchable_html(page) is page
    # An ignored element holding a filter, or glued to a word, stays.
    kept = (
        "<html><body><article data-pagefind-body>\n<div data-pagefind-ignore>"
        '<a data-pagefind-filter="Site">S</a></div>\nword<p data-pagefind-ignore>x</p>\n'
        "</article></body></html>"
    )
    assert "data-pagefind-filter" in search.searchable_html(kept)
    assert "<p data-pagefind-ignore>x</p>" in search.searchable_html(kept)
