"""Stage 1 of the newswire pipeline: fetch feeds over HTTP(S) or from local files.

Every feed ends as one Fetched record, never as an exception: a broken feed must not stop the
others. Local files are bounded in size like HTTP bodies; the HTTP(S) requests themselves, their
time and size limits and where redirects may lead are the business of rideau.newswire.http.
This stage adds what feeds need on top: folder sources expanded into feed files, conditional
requests from what the feed cache remembers, and many feeds fetched at once.

Every URL put into a message goes through without_userinfo(), and whatever a server or a file
name contributes goes through printable(), since messages end up on a terminal and in the JSON
report.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from rideau.newswire.display import printable, without_userinfo
from rideau.newswire.http import (
    ClientSettings,
    FetchError,
    Response,
    describe_too_large,
    http_get,
)
from rideau.newswire.records import FeedCache, FeedSource, Fetched

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "Rideau-newswire/0.1 (+https://rideau.example.org/about/)"
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
FEED_FILE_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf", ".json", ".feed"})

_ERROR_LIMIT = 1000  # a whole message; each part taken from a server is cut at 200 already
# A scheme://userinfo@ anywhere in a text, for messages whose URL did not come through
# without_userinfo() (an unexpected exception's text).
_USERINFO_IN_TEXT = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#]*@")


@dataclass(frozen=True)
class FetchSettings(ClientSettings):
    """The HTTP client's limits and policy (see ClientSettings), and what this stage adds."""

    user_agent: str = DEFAULT_USER_AGENT
    workers: int = 8  # feeds fetched at the same time

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.workers < 1:
            raise ValueError("FetchSettings needs workers >= 1")


# ---------------------------------------------------------------------------------------------
# Public API


def _shown(url: str) -> str:
    """A URL as put into a message."""
    return printable(without_userinfo(url))


def fetch_all(
    sources: Sequence[FeedSource],
    cache: Mapping[str, FeedCache],
    *,
    settings: FetchSettings = FetchSettings(),
    progress: Callable[[Fetched], None] | None = None,
) -> list[Fetched]:
    """Fetch every source concurrently; the results come back in the order of `sources`.

    `cache` maps a source location to what the last run remembered of it. `progress` is called
    with each result as it completes, always from the calling thread.
    """
    if not sources:
        return []
    by_index: dict[int, Fetched] = {}
    workers = min(settings.workers, len(sources))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newswire-fetch") as pool:
        futures = {
            pool.submit(_fetch_one_safely, source, cache.get(source.location), settings): index
            for index, source in enumerate(sources)
        }
        for future in as_completed(futures):
            result = future.result()
            by_index[futures[future]] = result
            if progress is not None:
                progress(result)
    return [by_index[index] for index in range(len(sources))]


def fetch_one(
    source: FeedSource,
    cache_entry: FeedCache | None = None,
    settings: FetchSettings = FetchSettings(),
) -> Fetched:
    """Fetch one feed (http, https, file:// URL or local path); failures end up in `.error`."""
    started = time.monotonic()
    result = _fetch_by_scheme(source, cache_entry, settings)
    if result.error:
        # Every message is built from printable parts already; this is for the unforeseen one.
        error = _USERINFO_IN_TEXT.sub(r"\1", result.error)
        result = replace(result, error=printable(error, _ERROR_LIMIT))
    elapsed = time.monotonic() - started
    logger.debug(
        "fetched %s: %s (%.2f s)", _shown(source.location), _describe_outcome(result), elapsed
    )
    return result


def expand_sources(sources: Iterable[FeedSource]) -> list[FeedSource]:
    """Replace each local folder source by one source per feed file under it, in path order.

    Sub-folders are read too (corpora keep one folder per origin); hidden files and folders
    are skipped. Feed files end in .xml, .rss, .atom, .rdf, .json or .feed, or have no
    extension and start like a feed (see `_looks_like_feed`). Other sources pass through.
    """
    expanded: list[FeedSource] = []
    for source in sources:
        location = source.location.strip()
        folder = _local_path(location)
        if folder is None or not folder.is_dir():
            expanded.append(source)
            continue
        try:
            files = _feed_files_in(folder)
        except OSError as exc:
            # Kept as is, so that fetching it reports the problem next to the other feeds.
            logger.warning("cannot list feed folder %s: %s", folder, exc.strerror or exc)
            expanded.append(source)
            continue
        if not files:
            logger.warning("no feed files in folder %s", folder)
        as_url = urlsplit(location).scheme == "file"
        expanded.extend(
            replace(source, location=path.absolute().as_uri() if as_url else str(path))
            for path in files
        )
    return expanded


# ---------------------------------------------------------------------------------------------
# Dispatch


def _fetch_one_safely(
    source: FeedSource, cache_entry: FeedCache | None, settings: FetchSettings
) -> Fetched:
    # A bug met on one odd feed must cost that feed, not the whole run.
    try:
        return fetch_one(source, cache_entry, settings)
    except Exception as exc:
        logger.exception("unexpected failure fetching %s", _shown(source.location))
        detail = _USERINFO_IN_TEXT.sub(r"\1", str(exc))
        return Fetched(
            source=source, error=f"internal error: {type(exc).__name__}: {printable(detail)}"
        )


def _fetch_by_scheme(
    source: FeedSource, cache_entry: FeedCache | None, settings: FetchSettings
) -> Fetched:
    location = source.location.strip()
    if not location:
        return Fetched(source=source, error="empty source location")
    try:
        scheme = urlsplit(location).scheme
    except ValueError:
        return Fetched(source=source, error=f"invalid URL: {_shown(location)}")
    if scheme in ("http", "https"):
        return _fetch_http(source, location, cache_entry, settings)
    path = _local_path(location)
    if path is not None:
        return _fetch_file(source, path, cache_entry, settings)
    return Fetched(source=source, error=f"unsupported source: {_shown(location)}")


def _local_path(location: str) -> Path | None:
    """The local path a location names (a file:// URL or a plain path), or None."""
    try:
        parts = urlsplit(location)
    except ValueError:
        return None
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return None
        return Path(url2pathname(parts.path))
    if parts.scheme == "":
        return Path(location).expanduser()
    return None


def _describe_outcome(result: Fetched) -> str:
    if result.error:
        return f"error: {result.error}"
    if result.unchanged:
        return f"unchanged (status {result.status})"
    return f"{len(result.body or b'')} bytes (status {result.status})"


def _with_body(template: Fetched, body: bytes, cache_entry: FeedCache | None) -> Fetched:
    """A successful fetch; unchanged when the body hash is the one remembered from last run."""
    body_hash = hashlib.sha256(body).hexdigest()
    unchanged = cache_entry is not None and cache_entry.body_hash == body_hash
    return replace(
        template, body=None if unchanged else body, body_hash=body_hash, unchanged=unchanged
    )


# ---------------------------------------------------------------------------------------------
# Local files


def _fetch_file(
    source: FeedSource, path: Path, cache_entry: FeedCache | None, settings: FetchSettings
) -> Fetched:
    try:
        body = _read_file(path, settings.max_bytes)
    except FetchError as exc:
        return Fetched(source=source, error=str(exc))
    template = Fetched(source=source, final_url=path.absolute().as_uri())
    return _with_body(template, body, cache_entry)


def _read_file(path: Path, limit: int) -> bytes:
    try:
        if path.is_dir():
            raise FetchError(f"is a folder, not a file: {path} (expand_sources lists its feeds)")
        if not path.exists():
            raise FetchError(f"no such file: {path}")
        if not path.is_file():
            raise FetchError(f"not a regular file: {path}")
        if path.stat().st_size > limit:
            raise FetchError(describe_too_large(limit))
        with path.open("rb") as file:
            # One byte more than allowed tells a file that grew since stat() from one that fits.
            body = file.read(limit + 1)
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(body) > limit:
        raise FetchError(describe_too_large(limit))
    return body


def _feed_files_in(folder: Path, seen: frozenset[Path] = frozenset()) -> list[Path]:
    """The feed files under `folder`, sub-folders included, each folder sorted by name."""
    # A symbolic link back to a folder being listed would otherwise be listed forever.
    here = folder.resolve()
    if here in seen:
        return []
    files: list[Path] = []
    for path in sorted(folder.iterdir(), key=lambda path: path.name):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            files.extend(_feed_files_in(path, seen | {here}))
        elif _is_feed_file(path):
            files.append(path)
    return files


def _is_feed_file(path: Path) -> bool:
    if path.name.startswith(".") or not path.is_file():
        return False
    if path.suffix:
        return path.suffix.lower() in FEED_FILE_SUFFIXES
    return _looks_like_feed(path)


# Enough of a file's start to pass a byte-order mark and the blank lines before a feed.
_SNIFF_BYTES = 512
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _looks_like_feed(path: Path) -> bool:
    """Whether a file with no extension starts like XML or JSON: LICENSE, README and such
    are text, and reading them as feeds only made failed feeds."""
    try:
        with path.open("rb") as file:
            head = file.read(_SNIFF_BYTES)
    except OSError:
        return True  # kept, so that fetching it reports why it cannot be read
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    # UTF-16 feeds have a NUL byte after each ASCII one.
    head = head.replace(b"\x00", b"").lstrip()
    return head[:1] in (b"<", b"{")


# ---------------------------------------------------------------------------------------------


def _fetch_http(
    source: FeedSource, url: str, cache_entry: FeedCache | None, settings: FetchSettings
) -> Fetched:
    try:
        response = http_get(url, _request_headers(cache_entry, settings), settings)
    except FetchError as exc:
        return Fetched(source=source, error=str(exc), final_url=exc.url)
    return _http_outcome(source, response, cache_entry)


def _request_headers(cache_entry: FeedCache | None, settings: FetchSettings) -> dict[str, str]:
    headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT}
    if cache_entry is not None and cache_entry.etag:
        headers["If-None-Match"] = cache_entry.etag
    if cache_entry is not None and cache_entry.last_modified:
        headers["If-Modified-Since"] = cache_entry.last_modified
    return headers


def _http_outcome(source: FeedSource, response: Response, cache_entry: FeedCache | None) -> Fetched:
    content_type = response.headers.get("Content-Type", "").strip()
    etag = response.headers.get("ETag", "").strip()
    last_modified = response.headers.get("Last-Modified", "").strip()
    if response.status == 304:
        if cache_entry is None or not (cache_entry.etag or cache_entry.last_modified):
            return Fetched(
                source=source,
                error="HTTP 304 Not Modified, but the request was not conditional",
                final_url=response.url,
            )
        return Fetched(
            source=source,
            status=304,
            # A 304 may carry a newer validator; otherwise the remembered ones still hold.
            etag=etag or cache_entry.etag,
            last_modified=last_modified or cache_entry.last_modified,
            body_hash=cache_entry.body_hash,
            content_type=content_type,
            unchanged=True,
            final_url=response.url,
        )
    if response.body is None:
        return Fetched(
            source=source,
            status=response.status,
            error=_http_status_error(response),
            content_type=content_type,
            final_url=response.url,
        )
    template = Fetched(
        source=source,
        status=response.status,
        etag=etag,
        last_modified=last_modified,
        content_type=content_type,
        final_url=response.url,
    )
    return _with_body(template, response.body, cache_entry)


def _http_status_error(response: Response) -> str:
    reason = printable(response.reason.strip())
    if not reason:
        with contextlib.suppress(ValueError):
            reason = HTTPStatus(response.status).phrase
    return f"HTTP {response.status} {reason}".rstrip()
