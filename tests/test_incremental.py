"""Incremental builds: a rebuild writes only what changed, and its output is byte for byte the
output of a full build of the same content."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import make_content, run_pelican
from pelican.contents import Page
from pelican.settings import DEFAULT_CONFIG
from rideau.plugins.incremental.digest import Digester, Uncacheable
from rideau.plugins.incremental.manifest import Manifest
from rideau.plugins.stories.cache import FRONT_DIGEST, SOURCE_DIGEST, hash_parts

FAST = ("-e", "RIDEAU_SEARCH=false", "-v")  # the search index is not compared (build ids)


def files(root: Path) -> dict[str, bytes]:
    # The search index holds build-specific ids; it is checked by tests/test_reader.py and test_browser_reader.py.
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }


def build(content: Path, output: Path, *extra: str) -> str:
    result = run_pelican(content, output, "pelicanconf.py", *FAST, *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout + result.stderr


def stamps(output: Path) -> dict[str, dict[Path, tuple[int, int]]]:
    """Per language site, each page and feed it wrote: (inode, modification time). Theme files
    and documents are copied by Pelican, the search index is Pagefind's, and the sitemap, OPML
    and robots.txt are small files every build writes whole (taxonomy.xmlfiles), outside the
    pages' writer."""
    sites: dict[str, dict[Path, tuple[int, int]]] = {"fr": {}, "en": {}}
    for path in output.rglob("*"):
        parts = path.relative_to(output).parts
        if not path.is_file() or {"theme", "documents", "pagefind"} & set(parts):
            continue
        if path.name in ("sitemap.xml", "feeds.opml", "robots.txt"):
            continue
        stat = path.stat()
        sites["en" if parts[0] == "en" else "fr"][path] = (stat.st_ino, stat.st_mtime_ns)
    return sites


def written(content: Path, output: Path) -> dict[str, tuple[int, int, int]]:
    """Build, then per language site: files written, files kept, stale files removed, as the
    output folder shows them."""
    before = stamps(output)
    build(content, output)
    after = stamps(output)
    counts = {}
    for lang, files_after in after.items():
        old = before[lang]
        kept = sum(1 for path, stamp in files_after.items() if old.get(path) == stamp)
        counts[lang] = (len(files_after) - kept, kept, len(old.keys() - files_after.keys()))
    return counts


def assert_same_as_full_build(content: Path, incremental: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    build(content, full, "-e", "RIDEAU_INCREMENTAL=false")
    ours, theirs = files(incremental), files(full)
    assert ours.keys() == theirs.keys(), sorted(ours.keys() ^ theirs.keys())[:10]
    different = [name for name in ours if ours[name] != theirs[name]]
    assert not different, different[:10]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    content = make_content(tmp_path)
    output = tmp_path / "output"
    first = written(content, output)
    assert set(first) == {"fr", "en"}
    assert all(kept == 0 and count > 50 for count, kept, _ in first.values()), first
    return content, output


def test_a_rebuild_with_no_change_writes_nothing(built) -> None:
    content, output = built
    again = written(content, output)
    assert all(count == 0 and kept > 50 for count, kept, _ in again.values()), again


def test_edits_rewrite_only_what_they_touch_and_match_a_full_build(built, tmp_path) -> None:
    content, output = built
    stories = content / "stories"
    # A sentence added to a story's text, a title changed, an outcome removed, a story deleted
    # and one added.
    edit(stories / "2011" / "allostream-warner-2011.fr.md", "\n---\n", "\n---\nPhrase ajoutée. ")
    edit(stories / "2012" / "megaupload-2012.en.md", "\ntitle: ", "\ntitle: Edited — ")
    kat = stories / "2016" / "kickasstorrents-2016.fr.md"
    edit(kat, "outcomes: [arrest, seizure, shutdown]", "outcomes: [arrest, seizure]")
    (stories / "2008" / "r4v3n-2008.en.md").unlink()
    (stories / "2008" / "r4v3n-2008.fr.md").unlink()
    added = stories / "2011" / "a-new-story.fr.md"
    text = (stories / "2011" / "allostream-warner-2011.fr.md").read_text(encoding="utf-8")
    added.write_text(re.sub(r"(?m)^slug: .*$", "slug: a-new-story", text), encoding="utf-8")

    counts = written(content, output)
    total = {lang: count + kept for lang, (count, kept, _) in counts.items()}
    # About half of this small archive's files show one of the edited stories: 49 of 97 per
    # site since a term's feed is Atom only (58 of 127 with an RSS copy of each); a build that
    # rewrote everything would write all of them.
    for lang, (count, _kept, _removed) in counts.items():
        assert 0 < count < total[lang] * 0.6, (lang, counts)
    assert counts["fr"][2] >= 1 and counts["en"][2] >= 1  # the deleted story's pages
    assert_same_as_full_build(content, output, tmp_path)


def test_registry_and_hand_made_changes_are_rebuilt(built, tmp_path) -> None:
    content, output = built
    registry = content / "registry" / "studios.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (output / "index.html").write_text("changed by hand", encoding="utf-8")
    (output / "en" / "index.html").unlink()
    build(content, output)
    assert_same_as_full_build(content, output, tmp_path)


def test_a_page_rendered_again_to_the_same_bytes_keeps_its_file_untouched(built) -> None:
    # A comment in the registry changes the site key: every page is rendered again, and none
    # of them differs, so none is touched (the search index's fingerprint and an upload of
    # changed files see nothing new). Feeds are written by the taxonomy plugin, not checked.
    content, output = built
    registry = content / "registry" / "studios.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    before = stamps(output)
    log = build(content, output)
    assert "files written" in log
    after = stamps(output)
    touched = sorted(
        str(path.relative_to(output))
        for lang in after for path, stamp in after[lang].items()
        if before[lang].get(path) != stamp and "feeds" not in path.parts
    )  # fmt: skip
    assert not touched


def test_a_link_to_another_story_follows_that_story_when_it_moves(tmp_path) -> None:
    content = make_content(tmp_path)
    stories = content / "stories"
    link = "\n\nVoir aussi [Megaupload]({filename}../2012/megaupload-2012.fr.md).\n"
    allostream = stories / "2011" / "allostream-warner-2011.fr.md"
    allostream.write_text(allostream.read_text(encoding="utf-8") + link, encoding="utf-8")
    output = tmp_path / "output"
    build(content, output)
    assert 'href="../../2012/megaupload-2012/"' in (
        output / "2011" / "allostream-warner-2011" / "index.html"
    ).read_text(encoding="utf-8")
    # Megaupload's French page moves to /2013/: the page that links to it changes too.
    edit(stories / "2012" / "megaupload-2012.fr.md", "date: 2012-01-19", "date: 2013-01-19")
    build(content, output)
    assert 'href="../../2013/megaupload-2012/"' in (
        output / "2011" / "allostream-warner-2011" / "index.html"
    ).read_text(encoding="utf-8")
    assert_same_as_full_build(content, output, tmp_path)


def test_warnings_are_given_again_when_a_story_is_read_from_the_cache(tmp_path) -> None:
    content = make_content(tmp_path)
    story = content / "stories" / "2011" / "allostream-warner-2011.fr.md"
    edit(story, "\n---\n", "\n---\nUn caractère\x07 collé. ")
    output = tmp_path / "output"
    for _ in range(2):
        log = build(content, output)
        assert "control character(s) U+0007 removed" in log
    strict = run_pelican(content, output, "pelicanconf.py", *FAST, "-e", "RIDEAU_STRICT=true")
    assert strict.returncode != 0
    assert "U+0007" in strict.stderr


def test_digests_tell_values_apart_and_refuse_unknown_types() -> None:
    digester = Digester()
    assert digester.value([1, "a", None]) == Digester().value([1, "a", None])
    assert digester.value({"a": 1}) != digester.value({"a": 2})
    assert digester.value(("1",)) != digester.value((1,))
    with pytest.raises(Uncacheable):
        digester.value(object())  # such a page is rendered at every build


def test_a_listing_counts_a_story_by_its_front_matter_only_when_it_gives_the_summary() -> None:
    def story(text: str, summary: str | None) -> Page:
        front = hash_parts(b"front matter")  # the same front matter in every case
        metadata = {SOURCE_DIGEST: hash_parts(text.encode()).hex(), FRONT_DIGEST: front.hex()}
        if summary is not None:
            metadata["summary"] = summary
        return Page(text, metadata=metadata, settings=DEFAULT_CONFIG, source_path="x.md")

    listed = [Digester().content(story(text, "Résumé.")) for text in ("<p>A</p>", "<p>B</p>")]
    assert listed[0] == listed[1]
    with_text = [Digester().with_text(story(text, "Résumé.")) for text in ("<p>A</p>", "<p>B</p>")]
    assert with_text[0] != with_text[1]
    # Without a summary Pelican makes one from the text, which listings then show.
    derived = [Digester().content(story(text, None)) for text in ("<p>A</p>", "<p>B</p>")]
    assert derived[0] != derived[1]


def test_the_manifest_trusts_only_untouched_files_written_from_the_same_key(tmp_path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    page, gone = output / "page.html", output / "gone.html"
    for path in (page, gone):
        path.write_text("x", encoding="utf-8")
    first = Manifest.load(tmp_path / "m.json", output)
    first.record(str(page), "k1")
    first.record(str(gone), "k1")
    first.save()
    second = Manifest.load(tmp_path / "m.json", output)
    assert second.is_fresh(str(page), "k1")
    assert not second.is_fresh(str(page), "k2")
    page.write_text("changed by hand", encoding="utf-8")
    assert not Manifest.load(tmp_path / "m.json", output).is_fresh(str(page), "k1")
    assert second.remove_stale() == ["gone.html"]  # written last time, not this time
    assert not gone.exists() and page.exists()


def test_an_edit_of_a_story_text_rewrites_its_page_and_feeds_not_its_listings(
    built, tmp_path
) -> None:
    content, output = built
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*.html")}
    before |= {path: path.stat().st_mtime_ns for path in (output / "feeds").rglob("*.xml")}
    story = content / "stories" / "2011" / "allostream-warner-2011.fr.md"
    edit(story, "\n---\n", "\n---\nPhrase ajoutée. ")
    counts = written(content, output)
    changed = {
        str(path.relative_to(output)).removesuffix(".atom.xml").removesuffix(".rss.xml")
        for path, stamp in before.items()
        if path.stat().st_mtime_ns != stamp
    }
    # Pages list a story by its front matter: only its own page and the feeds that carry its
    # text are written again (all stories, its site, rights holder and outcomes).
    assert changed == {
        "2011/allostream-warner-2011/index.html",
        "feeds/all",
        "feeds/sites/allostream",
        "feeds/ayants-droit/warner-bros",
        "feeds/issues/fermeture",
        "feeds/issues/mise-en-demeure",
    }, changed
    assert counts["en"][0] == 0, counts  # the English site shows its own text
    assert_same_as_full_build(content, output, tmp_path)


def test_removing_stale_pages_removes_the_folders_they_leave_empty(tmp_path) -> None:
    output = tmp_path / "output"
    story, term, kept = (
        output / "2011" / "gone" / "index.html",
        output / "sites" / "gone" / "page" / "2" / "index.html",
        output / "2011" / "kept" / "index.html",
    )
    for path in (story, term, kept):
        path.parent.mkdir(parents=True)
        path.write_text("x", encoding="utf-8")
    (output / "sites" / "gone" / "by-hand.txt").write_text("mine", encoding="utf-8")
    first = Manifest.load(tmp_path / "m.json", output)
    for path in (story, term, kept):
        first.record(str(path), "k1")
    first.save()
    second = Manifest.load(tmp_path / "m.json", output)
    assert second.is_fresh(str(kept), "k1")
    assert sorted(second.remove_stale()) == ["2011/gone/index.html", "sites/gone/page/2/index.html"]
    # The dev server would list an empty folder as a directory instead of a 404.
    assert not (output / "2011" / "gone").exists() and kept.exists()
    assert not (output / "sites" / "gone" / "page").exists()
    assert (output / "sites" / "gone" / "by-hand.txt").exists()  # a file of someone else's
    assert output.is_dir()
