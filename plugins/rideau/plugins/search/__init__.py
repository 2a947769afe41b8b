"""Rideau search: index each language site with Pagefind, once its pages are written.

Runs at the end of each language build (Pelican's `finalized` signal), in that build's own
process, and writes the bundle into that site: `<output>/pagefind/` for the main language,
`<output>/en/pagefind/` for English. Every page of a language site has the same `<html
lang>`, so each bundle holds one index; only story articles (`data-pagefind-body`) are
indexed. A rebuild makes a site's index again only when one of its story pages changed: an
edit of a French story leaves the English index as it was.

Pagefind's memory grows with the pages it indexes (about 95 KB a page), so a site with more
story pages than RIDEAU_SEARCH_SHARD_PAGES is indexed in shards: its year folders, oldest
first, packed into runs of at most that many pages, made one after the other into
`pagefind/`, `pagefind-2/`... The first bundle lists them all (`rideau-shards.json`), and the
search page merges them (Pagefind's `mergeIndex`). Each shard is kept, made again and swapped
in on its own: an edit re-indexes the shard of its story only.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from rideau.context import of_pelican
from rideau.plugins.search.background import start_indexer, stop_indexer
from rideau.settings import BuildSettings, build_settings

logger = logging.getLogger(__name__)

PAGEFIND_VERSION = "1.5.2"


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed: the site would have a search page without an index."""


def pagefind_executable() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError:
        executable = None
    else:
        executable = get_executable()
    if executable is None:
        raise SearchIndexError(
            "Pagefind is not installed, so the search index cannot be built: run `make install`"
            f' (or `.venv/bin/pip install "pagefind[bin]=={PAGEFIND_VERSION}"`)'
        )
    return str(executable)


def story_pages_patterns(settings: dict) -> list[str]:
    """Where a language site writes its story pages, as glob patterns relative to its output.

    Story pages are the only ones with `data-pagefind-body`, so the only ones Pagefind needs
    to read: the term and listing pages it would otherwise parse, to index nothing from
    them, take about 40 % of its time at 5,000 stories. The main site's patterns do not
    reach into the other language sites' folders, which index themselves.
    """
    patterns = set()
    for key in ("ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS"):
        save_as = settings.get(key) or settings["ARTICLE_SAVE_AS"]
        save_as = save_as.replace("{date:%Y}", "[0-9][0-9][0-9][0-9]")
        patterns.add(_FIELD.sub("*", save_as))
    return sorted(patterns)


def story_pages_glob(settings: dict) -> str:
    """`story_pages_patterns` as one Pagefind glob."""
    return _glob(story_pages_patterns(settings))


def _glob(patterns: Sequence[str]) -> str:
    return "{" + ",".join(patterns) + "}"


_FIELD = re.compile(r"\{[^}]*\}")


BUNDLE = "pagefind"
# In the first bundle: the folder names of every bundle of the site, the first one first.
SHARDS_FILE = "rideau-shards.json"
_SHARD_BUNDLE = re.compile(r"\.?pagefind-[0-9]+(\.new|\.old)?")
# A folder name that is the same text as a Pagefind glob (years, slugs).
_LITERAL = re.compile(r"[\w.-]+")


@dataclass(frozen=True)
class Shard:
    """The story pages one Pagefind run reads (`patterns`, relative to the site's output)
    and the bundle it writes them into."""

    bundle: str
    patterns: tuple[str, ...]
    pages: tuple[Path, ...]

    @property
    def glob(self) -> str:
        return _glob(self.patterns)


def shard_bundle(number: int) -> str:
    return BUNDLE if number == 1 else f"{BUNDLE}-{number}"


def split_shards(
    output_path: str, patterns: Sequence[str], pages: Sequence[Path], limit: int
) -> list[Shard]:
    """The shards of a site's story pages: one when there are at most `limit`; else its
    top folders (the years), in name order, packed into shards of at most `limit` pages.

    A folder is never split, so that an edit, an addition or a deletion in a year changes
    that year's shard only, as long as the shards before it keep their size (an archive
    grows in its latest year: its last shard). A year with more than `limit` pages is a
    shard of its own, larger than `limit`: Pagefind stays under 1 GB up to about 10,000
    pages, more than one language site publishes in a year.
    """
    output = Path(output_path)
    pages = sorted(set(pages))
    folders: dict[str, list[Path]] = {}
    for page in pages:
        parts = page.relative_to(output).parts
        folders.setdefault(parts[0] if len(parts) > 1 else "", []).append(page)
    whole = Shard(BUNDLE, tuple(patterns), tuple(pages))
    if len(pages) <= limit:
        return [whole]
    if (
        "" in folders
        or any("/" not in p for p in patterns)
        or not all(map(_LITERAL.fullmatch, folders))
    ):
        logger.warning(
            "search index of %s: story pages are not all in plain folders (%s), so their"
            " %d pages are indexed in one Pagefind run, more than RIDEAU_SEARCH_SHARD_PAGES",
            output_path, ", ".join(patterns), len(pages),
        )  # fmt: skip
        return [whole]
    packs: list[list[str]] = []
    size = 0
    for folder in sorted(folders):
        count = len(folders[folder])
        if packs and size + count <= limit:
            packs[-1].append(folder)
            size += count
        else:
            packs.append([folder])
            size = count
    shards = []
    for number, pack in enumerate(packs, 1):
        shard_patterns = tuple(
            f"{folder}/{rest}"
            for folder in pack
            for first, _, rest in (p.partition("/") for p in patterns)
            if fnmatch.fnmatchcase(folder, first)
        )
        shard_pages = tuple(page for folder in pack for page in folders[folder])
        shards.append(Shard(shard_bundle(number), shard_patterns, shard_pages))
    return shards


def build_index(
    output_path: str,
    glob: str = "**/*.{html}",
    bundle: str = BUNDLE,
    files: Mapping[str, str] | None = None,
) -> None:
    """Run Pagefind over the pages of `output_path` that match `glob` into
    `<output_path>/<bundle>/`, with `files` (name -> text) added to it; raise
    SearchIndexError with its output on failure.

    Pagefind reads each page as `searchable_html` gives it (what it indexes of the page, in
    a fifth of the bytes), from a folder of copies with the same relative paths, so the same
    URLs. The bundle is made beside the old one and then put in its place, so that a page
    served during a rebuild (`make serve`) finds a whole index, and files of deleted stories
    go.
    """
    output = Path(output_path)
    fresh, stale = output / f".{bundle}.new", output / f".{bundle}.old"
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    executable = pagefind_executable()
    with tempfile.TemporaryDirectory(prefix="rideau-pagefind-") as copies:
        for page in _matching(output, glob):
            copy = Path(copies, page.relative_to(output))
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(searchable_bytes(page.read_bytes()))
        command = [
            executable, "--site", copies, "--glob", glob, "--output-path", str(fresh.resolve()),
        ]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(fresh, ignore_errors=True)
            raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)  # a partial bundle must not be published
        raise SearchIndexError(
            f"Pagefind failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
        )
    for name, text in (files or {}).items():
        (fresh / name).write_text(text, encoding="utf-8")
    if (output / bundle).exists():
        os.replace(output / bundle, stale)
    os.replace(fresh, output / bundle)
    shutil.rmtree(stale, ignore_errors=True)
    summary = [line.strip() for line in result.stdout.splitlines() if "Indexed" in line]
    where = output_path if bundle == BUNDLE else f"{output_path} ({bundle})"
    logger.info("search index of %s: %s", where, ", ".join(summary) or "written")


def _expanded(glob: str) -> list[str]:
    """A Pagefind glob's alternatives (`{a,b}`, as Pagefind reads them) as plain globs."""
    braces = re.search(r"\{([^{}]*)\}", glob)
    if braces is None:
        return [glob]
    head, tail = glob[: braces.start()], glob[braces.end() :]
    return [found for choice in braces[1].split(",") for found in _expanded(head + choice + tail)]


def _matching(output: Path, glob: str) -> list[Path]:
    """The files under `output` that Pagefind's `glob` matches."""
    found = {page for pattern in _expanded(glob) for page in output.glob(pattern)}
    return sorted(page for page in found if page.is_file())


# What Pagefind reads of a page: the element marked data-pagefind-body (it indexes nothing
# outside it, once one page of the site has one) and, inside it, what is not marked
# data-pagefind-ignore, and the filters, metadata and sort keys of data-pagefind-* attributes
# (also inside ignored elements). A story page's developments, related stories and the like,
# about three quarters of its bytes, are ignored elements without any of those attributes.
_PAGEFIND_ATTRIBUTE = "data-pagefind-"
_BODY_ATTRIBUTE = "data-pagefind-body"
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>")
_IGNORE_ATTRIBUTE = " data-pagefind-ignore"
# Where text that looks like a tag is not one.
_RAW_TEXT = re.compile(
    r"<(?:!--|!\[CDATA\[|script|style|template|textarea|title|noscript|xmp|plaintext)", re.I
)
_TAGS: dict[str, re.Pattern] = {}  # a tag name's start and end tags


def searchable_bytes(page: bytes) -> bytes:
    """`searchable_html` of a page's bytes (UTF-8; other bytes are left as they are)."""
    try:
        text = page.decode("utf-8")
    except UnicodeDecodeError:
        return page
    searchable = searchable_html(text)
    return page if searchable is text else searchable.encode("utf-8")


def searchable_html(page: str) -> str:
    """`page` with only what Pagefind indexes of it: the document's `<html>` tag (its
    language) and the data-pagefind-body element, less the elements inside it that are
    marked data-pagefind-ignore and hold no other data-pagefind-* attribute. Pagefind makes
    the same index of it (the same fragments, words and filters: `tests/test_search_plugin.py`
    compares both on built sites), reading about a fifth of the bytes. A page this cannot
    be sure of (no body element or more than one, data-pagefind-* attributes outside it, a
    comment or raw-text element such as a script inside it) is returned as it is.
    """
    if page.count(_BODY_ATTRIBUTE) != 1:
        return page
    marked = page.index(_BODY_ATTRIBUTE)
    start = page.rfind("<", 0, marked)
    tag = _START_TAG.match(page, start) if start >= 0 else None
    if tag is None or tag.end() <= marked:
        return page
    end = _element_end(page, start, tag[1])
    html = _HTML_TAG.search(page, 0, start)
    if end is None or html is None:
        return page
    if _PAGEFIND_ATTRIBUTE in page[:start] or _PAGEFIND_ATTRIBUTE in page[end:]:
        return page
    if _RAW_TEXT.search(page, start, end):
        return page  # tags in comments or raw text would throw the element count out
    body = _without_ignored(page[start:end])
    return f"<!doctype html>\n{html[0]}\n<body>\n{body}\n</body>\n</html>\n"


def _element_end(text: str, start: int, tag: str) -> int | None:
    """Where the element whose start tag is at `start` ends (after its end tag)."""
    pattern = _TAGS.get(tag)
    if pattern is None:
        pattern = _TAGS[tag] = re.compile(rf"<(/?){re.escape(tag)}\b[^>]*>", re.IGNORECASE)
    depth = 0
    for found in pattern.finditer(text, start):
        if found[1]:
            depth -= 1
            if depth == 0:
                return found.end()
        else:
            depth += 1
    return None


def _without_ignored(body: str) -> str:
    """`body` less its data-pagefind-ignore elements that hold no other data-pagefind-*
    attribute and stand between white space (so that no two words are joined)."""
    parts, at = [], 0
    marked = body.find(_IGNORE_ATTRIBUTE, 1)
    while marked >= 0:
        start = body.rfind("<", 0, marked)
        tag = _START_TAG.match(body, start) if start >= at else None
        end = _element_end(body, start, tag[1]) if tag is not None and tag.end() > marked else None
        if (
            end is not None
            and body.count(_PAGEFIND_ATTRIBUTE, start, end) == 1
            and body[start - 1].isspace()
            and end < len(body)
            and body[end].isspace()
        ):
            parts.append(body[at:start])
            at = end
        marked = body.find(_IGNORE_ATTRIBUTE, max(marked + 1, at))
    parts.append(body[at:])
    return "".join(parts)


def pages_fingerprint(pages: list[Path], patterns: list[str]) -> str:
    """Name, size and modification time of every page Pagefind reads (`pages`, found with
    `patterns`): a change to any other page leaves the index as it is."""
    digest = hashlib.blake2b(PAGEFIND_VERSION.encode(), digest_size=16)
    digest.update("\0".join(patterns).encode())
    for page in sorted(pages):
        stat = page.stat()
        digest.update(f"{page}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def story_pages(output_path: str, patterns: list[str]) -> list[Path]:
    output = Path(output_path)
    found = {page for pattern in patterns for page in output.glob(pattern) if page.is_file()}
    return sorted(found)  # a page two patterns match is read once


@dataclass(frozen=True)
class ShardRun:
    """One Pagefind run to make: a shard's bundle and glob, and where to record the
    fingerprint of its pages once it is made (None: a build that keeps no record)."""

    bundle: str
    glob: str
    record: str | None = None
    fingerprint: str | None = None


def shards_text(bundles: Sequence[str]) -> str:
    return json.dumps({"shards": list(bundles)}) + "\n"


def make_index(output_path: str, runs: Sequence[ShardRun], bundles: Sequence[str]) -> None:
    """Make the shards of `runs`, one after the other (Pagefind's memory is per run), then
    list `bundles` in the first one and remove the bundles of shards that are gone.

    The first shard is made last, with the new list inside: a list never names a bundle
    that is not written yet, and a search meanwhile uses the last list and its bundles.
    """
    for run in sorted(runs, key=lambda run: run.bundle == BUNDLE):
        files = {SHARDS_FILE: shards_text(bundles)} if run.bundle == BUNDLE else None
        build_index(output_path, run.glob, run.bundle, files)
        if run.record is not None and run.fingerprint is not None:
            Path(run.record).parent.mkdir(parents=True, exist_ok=True)
            Path(run.record).write_text(run.fingerprint, encoding="utf-8")
    finish_index(output_path, bundles)


def finish_index(output_path: str, bundles: Sequence[str]) -> None:
    """The list of `bundles` in the first one, brought up to date in place (written whole,
    then renamed), and every other shard bundle of the site removed."""
    output = Path(output_path)
    listing = output / BUNDLE / SHARDS_FILE
    text = shards_text(bundles)
    if listing.parent.is_dir() and _read(listing) != text:
        partial = listing.with_name(f".{SHARDS_FILE}.new")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, listing)
    for path in output.iterdir():
        if _SHARD_BUNDLE.fullmatch(path.name) and path.name not in bundles:
            shutil.rmtree(path, ignore_errors=True)
            logger.info("search index of %s: %s removed, its shard is gone", output_path, path.name)


def index_site(pelican) -> None:
    """Index the story pages of this language site into its own folder.

    In incremental builds the index is kept when none of the site's story pages changed
    since it was made.
    """
    build = of_pelican(pelican)
    rideau = build.settings if build is not None else build_settings(pelican.settings)
    if rideau.search:
        refresh_index(pelican.settings, pelican.output_path, rideau)


def refresh_index(settings: dict, output_path: str, rideau: BuildSettings) -> None:
    """Make each shard of the index of the site in `output_path` again unless its story
    pages are those it was made from (or, in the background, those an index run under way
    is reading)."""
    output = Path(output_path)
    patterns = story_pages_patterns(settings)
    pages = story_pages(output_path, patterns)
    if not pages:
        # Pagefind cannot make an empty index; an old one would find deleted stories. The
        # search page then says that search could not load and links to the listings.
        shutil.rmtree(output / BUNDLE, ignore_errors=True)
        if output.is_dir():
            finish_index(output_path, ())
        logger.warning("search index: no published story in %s, no index written", output_path)
        return
    shards = split_shards(output_path, patterns, pages, rideau.search_shard_pages)
    bundles = [shard.bundle for shard in shards]
    where = hashlib.blake2b(os.path.abspath(output_path).encode(), digest_size=6)
    cache = Path(settings.get("CACHE_PATH") or output_path)
    runs = []
    for shard in shards:
        if not rideau.incremental:
            runs.append(ShardRun(shard.bundle, shard.glob))
            continue
        record = cache / f"rideau-search-{where.hexdigest()}-{shard.bundle}.txt"
        fingerprint = pages_fingerprint(list(shard.pages), list(shard.patterns))
        if (output / shard.bundle / "pagefind-entry.json").exists() and _read(
            record
        ) == fingerprint:
            continue
        runs.append(ShardRun(shard.bundle, shard.glob, str(record), fingerprint))
    pidfile = cache / f"rideau-search-{where.hexdigest()}.pid"
    if not runs:
        if rideau.search_in_background:
            stop_indexer(pidfile)  # a run under way is for pages that are no longer these
        finish_index(output_path, bundles)
        logger.info("search index of %s: no story page changed, kept", output_path)
        return
    if len(shards) > 1:
        logger.info(
            "search index of %s: %d of its %d shards to make (%s)", output_path, len(runs),
            len(shards), ", ".join(run.bundle for run in runs),
        )  # fmt: skip
    if rideau.search_in_background:
        start_indexer(output_path, runs, bundles, pidfile)
        return
    make_index(output_path, runs, bundles)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def register() -> None:
    signals.finalized.connect(index_site)
