"""Stage 1 of the newswire pipeline: fetch feeds over HTTP(S) or from local files.

Every feed ends as one Fetched record, never as an exception: a broken feed must not stop the
others. Network reads are bounded in time (a connect timeout, then one deadline for the whole
response) and in size (before and after decompression), so that one hostile or broken server can
neither hang a run nor exhaust its memory.

A feed server must not be able to turn the fetcher against the network it runs in. Redirects
are followed to the same host name, or to another host only when every address it resolves to
is public; into loopback, private, link-local (or carrier-grade NAT) ranges only when every
address of the configured URL's own host is in such ranges too (a feed served on the local
network may redirect within it); never to multicast, reserved or unspecified addresses. http may
become https, never the reverse, whatever the host. Each host is resolved once per fetch and the
connection goes to the addresses that were checked, so a DNS answer that changes in between
(DNS rebinding) cannot move a redirect past the check.

Credentials in URLs (user:password@) are not supported: a configured URL carrying them fails
with an error rather than having them sent (to the feed's own host, over plain http perhaps, or
on through a redirect), and so does a redirect to such a URL. They are never shown either:
every URL put into a message goes through without_userinfo().

Whatever a server sends (reason phrases, Location headers, the raw lines quoted in http.client's
errors) goes through printable() before it is put into a message, since messages end up on a
terminal and in the JSON report.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

from rideau.newswire.display import printable, without_userinfo
from rideau.newswire.records import FeedCache, FeedSource, Fetched

logger = logging.getLogger(__name__)

MIB = 1024 * 1024
DEFAULT_USER_AGENT = "Rideau-newswire/0.1 (+https://rideau.example.org/about/)"
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
FEED_FILE_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf", ".json", ".feed"})

_CHUNK_SIZE = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_GZIP_MAGIC = b"\x1f\x8b"
# Reserved characters and existing %-escapes stay as they are; spaces and non-ASCII get quoted,
# since http.client refuses to send them raw.
_URL_SAFE = "!$%&'()*+,/:;=?@[]~"
# Besides C0, DEL and C1: characters that break a line or reorder the text around them on a
# terminal (the bidi embeddings, overrides, isolates and marks); surrogates are tested apart.
_ERROR_LIMIT = 1000  # a whole message; each part taken from a server is cut at 200 already
# A scheme://userinfo@ anywhere in a text, for messages whose URL did not come through
# without_userinfo() (an unexpected exception's text).
_USERINFO_IN_TEXT = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#]*@")

# The answers of socket.getaddrinfo: (family, type, proto, canonname, sockaddr).
AddrInfo = tuple[Any, ...]
Resolver = Callable[[str, int], Sequence[AddrInfo]]


def _resolve_tcp(host: str, port: int) -> list[AddrInfo]:
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 5.0  # seconds: TCP connect, then the TLS handshake
    read_timeout: float = 20.0  # seconds: the whole response (headers and body) after connecting
    max_bytes: int = 10 * MIB  # the body as received and once decompressed
    max_redirects: int = 5
    workers: int = 8
    # Host name -> addresses, in socket.getaddrinfo's shape; tests give one that needs no DNS.
    resolver: Resolver = _resolve_tcp
    # True treats every feed as public: no redirect into loopback, private or link-local ranges
    # of another host, even from a configured URL that is in one (how tests play a public feed
    # on 127.0.0.1).
    refuse_local_redirects: bool = False

    def __post_init__(self) -> None:
        if self.connect_timeout <= 0 or self.read_timeout <= 0:
            raise ValueError("FetchSettings timeouts must be positive")
        if self.max_bytes < 1 or self.max_redirects < 0 or self.workers < 1:
            raise ValueError(
                "FetchSettings needs max_bytes >= 1, max_redirects >= 0 and workers >= 1"
            )


class FetchError(Exception):
    """One feed could not be fetched; the message becomes Fetched.error, so keep it readable."""


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


def _too_large(limit: int) -> str:
    return f"too large: more than {_describe_size(limit)}"


def _describe_size(size: int) -> str:
    if size % MIB == 0:
        return f"{size // MIB} MB"
    if size >= MIB:
        return f"{size / MIB:.1f} MB"
    return f"{size} bytes"


def _seconds(value: float) -> str:
    return f"{value:g}"


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
            raise FetchError(_too_large(limit))
        with path.open("rb") as file:
            # One byte more than allowed tells a file that grew since stat() from one that fits.
            body = file.read(limit + 1)
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(body) > limit:
        raise FetchError(_too_large(limit))
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
# HTTP(S)


@dataclass(frozen=True)
class _Reply:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes | None  # read for 2xx answers only


def _fetch_http(
    source: FeedSource, url: str, cache_entry: FeedCache | None, settings: FetchSettings
) -> Fetched:
    url = urldefrag(url).url
    headers = _request_headers(cache_entry, settings)
    seen = {url}
    try:
        parts = _split_http_url(url)
        if "@" in parts.netloc:
            raise FetchError(f"credentials in the URL are not supported: {_shown(url)}")
        route = _Route(parts, settings)
        for _ in range(settings.max_redirects + 1):
            reply = _exchange(parts, route.addresses(parts), headers, settings)
            if reply.status not in _REDIRECT_STATUSES:
                return _http_outcome(source, url, reply, cache_entry)
            target = _redirect_target(url, reply)
            if target in seen:
                raise FetchError("redirect loop")
            target_parts = _split_http_url(target)
            route.follow(parts, target_parts)
            url, parts = target, target_parts
            seen.add(url)
        raise FetchError(f"too many redirects (max {settings.max_redirects})")
    except FetchError as exc:
        return Fetched(source=source, error=str(exc), final_url=without_userinfo(url))


def _request_headers(cache_entry: FeedCache | None, settings: FetchSettings) -> dict[str, str]:
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip, deflate",
        # Each exchange opens its own connection; saying so lets the server let go at once.
        "Connection": "close",
    }
    if cache_entry is not None and cache_entry.etag:
        headers["If-None-Match"] = cache_entry.etag
    if cache_entry is not None and cache_entry.last_modified:
        headers["If-Modified-Since"] = cache_entry.last_modified
    return headers


def _http_outcome(
    source: FeedSource, url: str, reply: _Reply, cache_entry: FeedCache | None
) -> Fetched:
    content_type = reply.headers.get("Content-Type", "").strip()
    etag = reply.headers.get("ETag", "").strip()
    last_modified = reply.headers.get("Last-Modified", "").strip()
    if reply.status == 304:
        if cache_entry is None or not (cache_entry.etag or cache_entry.last_modified):
            raise FetchError("HTTP 304 Not Modified, but the request was not conditional")
        return Fetched(
            source=source,
            status=304,
            # A 304 may carry a newer validator; otherwise the remembered ones still hold.
            etag=etag or cache_entry.etag,
            last_modified=last_modified or cache_entry.last_modified,
            body_hash=cache_entry.body_hash,
            content_type=content_type,
            unchanged=True,
            final_url=url,
        )
    if reply.body is None:
        return Fetched(
            source=source,
            status=reply.status,
            error=_http_status_error(reply),
            content_type=content_type,
            final_url=url,
        )
    template = Fetched(
        source=source,
        status=reply.status,
        etag=etag,
        last_modified=last_modified,
        content_type=content_type,
        final_url=url,
    )
    return _with_body(template, reply.body, cache_entry)


def _http_status_error(reply: _Reply) -> str:
    reason = printable(reply.reason.strip())
    if not reason:
        with contextlib.suppress(ValueError):
            reason = HTTPStatus(reply.status).phrase
    return f"HTTP {reply.status} {reason}".rstrip()


def _redirect_target(url: str, reply: _Reply) -> str:
    location = reply.headers.get("Location", "").strip()
    if not location:
        raise FetchError(f"HTTP {reply.status} redirect without a Location header")
    try:
        target = urldefrag(urljoin(url, location)).url
        scheme = urlsplit(target).scheme
    except ValueError as exc:
        raise FetchError(f"invalid redirect target: {_shown(location)}") from exc
    # Never follow a server to file:// or anywhere else it could read from for us.
    if scheme not in ("http", "https"):
        raise FetchError(f"unsupported redirect target: {_shown(target)}")
    return target


@dataclass(frozen=True)
class _Address:
    family: int
    sockaddr: tuple[Any, ...]  # as getaddrinfo gave it; its port is replaced when connecting
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address

    def with_port(self, port: int) -> tuple[Any, ...]:
        return (self.sockaddr[0], port, *self.sockaddr[2:])


# Ranges a feed on the local network may redirect into; the others are never a feed's place.
_LOCAL_KINDS = frozenset(
    {
        "a loopback address",
        "a private address",
        "a link-local address",
        "a shared (carrier-grade NAT) address",
    }
)


def _address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """None for a public address, else what it is, as in "a private address"."""
    if isinstance(ip, ipaddress.IPv6Address):
        # Before Python 3.13 an IPv4-mapped address does not take the properties of the one it
        # carries (::ffff:127.0.0.1 is not is_loopback): it is that address, so judged by it.
        if ip.ipv4_mapped is not None:
            return _address_kind(ip.ipv4_mapped)
        # 6to4 is public routing to an IPv4 address: refused where that address would be.
        if ip.sixtofour is not None and (kind := _address_kind(ip.sixtofour)) is not None:
            return kind
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a shared (carrier-grade NAT) address"  # 100.64.0.0/10, the one range left
    return None


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _resolve(host: str, port: int, settings: FetchSettings) -> list[_Address]:
    literal = _ip_literal(host)
    try:
        if literal is not None:
            # No lookup for an address: getaddrinfo only builds its sockaddr (with a scope id).
            answers = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST
            )
        else:
            answers = settings.resolver(host, port)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {printable(host)}: {exc.strerror or exc}") from exc
    except (OSError, UnicodeError) as exc:
        # UnicodeError: a name the idna codec refuses (an empty or a too long label).
        raise FetchError(f"cannot resolve host {printable(host)}: {exc}") from exc
    addresses = [
        _Address(family, tuple(sockaddr), ipaddress.ip_address(sockaddr[0]))
        for family, _type, _proto, _name, sockaddr in answers
        if family in (socket.AF_INET, socket.AF_INET6)
    ]
    if not addresses:
        raise FetchError(f"cannot resolve host {printable(host)}: no IP address")
    return addresses


class _Route:
    """The hosts one fetch may reach, each pinned to the addresses it was checked at.

    The configured URL's host is taken as given; each redirect must then pass follow().
    """

    def __init__(self, origin: SplitResult, settings: FetchSettings) -> None:
        self._settings = settings
        host = origin.hostname or ""
        addresses = _resolve(host, _port_of(origin), settings)
        self._pinned = {host: addresses}
        # All of them, not any: a name with public addresses is a public feed, whatever else.
        self._local_allowed = not settings.refuse_local_redirects and all(
            _address_kind(address.ip) in _LOCAL_KINDS for address in addresses
        )

    def addresses(self, parts: SplitResult) -> list[_Address]:
        return self._pinned[parts.hostname or ""]

    def follow(self, current: SplitResult, target: SplitResult) -> None:
        """Raise FetchError unless the policy lets `current` redirect to `target`."""
        shown = _shown(target.geturl())
        if "@" in target.netloc:
            raise FetchError(f"redirect to a URL with credentials refused: {shown}")
        if current.scheme == "https" and target.scheme == "http":
            raise FetchError(f"redirect from https to http refused: {shown}")
        host = target.hostname or ""
        if host == current.hostname:
            return
        # A host met earlier in the chain keeps its first answer: asking again is what DNS
        # rebinding needs.
        addresses = self._pinned.get(host) or _resolve(host, _port_of(target), self._settings)
        for address in addresses:
            kind = _address_kind(address.ip)
            if kind is None or (self._local_allowed and kind in _LOCAL_KINDS):
                continue
            detail = kind if _ip_literal(host) is not None else f"{address.ip}, {kind}"
            raise FetchError(f"redirect to another host refused: {shown} ({detail})")
        self._pinned[host] = addresses


def _port_of(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _exchange(
    parts: SplitResult,
    addresses: Sequence[_Address],
    headers: Mapping[str, str],
    settings: FetchSettings,
) -> _Reply:
    """One request and its response; the body is read (bounded) only for 2xx answers."""
    connection, sock = _connect(parts, addresses, settings)
    response: http.client.HTTPResponse | None = None
    try:
        with _Watchdog(sock, settings.read_timeout) as watchdog:
            deadline = time.monotonic() + settings.read_timeout
            try:
                sock.settimeout(settings.read_timeout)
                connection.request("GET", _request_target(parts), headers=dict(headers))
                response = connection.getresponse()
                body = None
                if 200 <= response.status < 300:
                    body = _read_body(response, sock, settings, deadline)
            except TimeoutError as exc:
                raise FetchError(_timed_out(settings)) from exc
            except (OSError, http.client.HTTPException) as exc:
                if watchdog.fired.is_set():
                    raise FetchError(_timed_out(settings)) from exc
                raise FetchError(_describe_network_error(exc)) from exc
            # The watchdog's shutdown looks like a normal end to a body without Content-Length.
            if watchdog.fired.is_set():
                raise FetchError(_timed_out(settings))
        return _Reply(response.status, response.reason or "", response.msg, body)
    finally:
        if response is not None:
            response.close()
        connection.close()
        sock.close()


def _split_http_url(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number in range
    except ValueError as exc:
        raise FetchError(f"invalid URL: {_shown(url)}") from exc
    if not parts.hostname:
        raise FetchError(f"invalid URL (no host): {_shown(url)}")
    return parts


def _request_target(parts: SplitResult) -> str:
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return quote(target, safe=_URL_SAFE)


def _connect(
    parts: SplitResult, addresses: Sequence[_Address], settings: FetchSettings
) -> tuple[http.client.HTTPConnection, socket.socket]:
    """A connected (and, for https, TLS-wrapped) socket, and the connection object using it."""
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = _port_of(parts)
    sock = _open_socket(host, port, addresses, settings)
    if not https:
        connection = http.client.HTTPConnection(host, port)
    else:
        context = ssl.create_default_context()
        sock = _start_tls(sock, host, context, settings)
        connection = http.client.HTTPSConnection(host, port, context=context)
    # Connecting ourselves keeps the connect and TLS phases under connect_timeout, and tells
    # their failures apart; http.client then uses the socket as if it had opened it.
    connection.sock = sock
    return connection, sock


def _open_socket(
    host: str, port: int, addresses: Sequence[_Address], settings: FetchSettings
) -> socket.socket:
    """A socket connected to the first of `addresses` that answers, as create_connection does.

    Connecting to the addresses already resolved (not to the name) is what keeps a second,
    different DNS answer from taking the connection somewhere the redirect check never saw.
    """
    error: OSError | None = None
    for address in addresses:
        sock: socket.socket | None = None
        try:
            sock = socket.socket(address.family, socket.SOCK_STREAM)
            sock.settimeout(settings.connect_timeout)
            sock.connect(address.with_port(port))
            return sock
        except OSError as exc:
            if sock is not None:
                sock.close()
            error = exc  # the last one is reported, as socket.create_connection does
    if isinstance(error, ConnectionRefusedError):
        raise FetchError("connection refused") from error
    if isinstance(error, TimeoutError):
        timeout = _seconds(settings.connect_timeout)
        raise FetchError(f"connect timed out after {timeout} s") from error
    detail = (error.strerror or str(error)) if error is not None else "no address"
    raise FetchError(f"cannot connect to {printable(host)}: {detail}") from error


def _start_tls(
    sock: socket.socket, host: str, context: ssl.SSLContext, settings: FetchSettings
) -> ssl.SSLSocket:
    # The handshake runs under the socket's timeout, still connect_timeout: a server that does
    # not speak TLS (and waits for a request line that never comes) cannot hold us longer.
    try:
        return context.wrap_socket(sock, server_hostname=host)
    except TimeoutError as exc:
        sock.close()
        timeout = _seconds(settings.connect_timeout)
        raise FetchError(f"TLS error: handshake timed out after {timeout} s") from exc
    except OSError as exc:
        sock.close()
        raise FetchError(f"TLS error: {_describe_tls_error(exc)}") from exc


def _describe_tls_error(exc: OSError) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"certificate verify failed: {printable(str(exc.verify_message))}"
    reason = getattr(exc, "reason", None)
    if isinstance(exc, ssl.SSLError) and reason:
        return printable(str(reason).lower().replace("_", " "))
    return printable(exc.strerror or str(exc) or type(exc).__name__)


def _describe_network_error(exc: OSError | http.client.HTTPException) -> str:
    if isinstance(exc, http.client.RemoteDisconnected):
        return "server closed the connection without answering"
    if isinstance(exc, http.client.IncompleteRead):
        return "connection closed before the end of the body"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {_describe_tls_error(exc)}"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by server"
    if isinstance(exc, http.client.BadStatusLine):
        # Its text is the raw line the server sent, line end included.
        return f'bad HTTP response: invalid status line "{printable(str(exc.line).strip())}"'
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP response: {printable(str(exc) or type(exc).__name__)}"
    return f"network error: {printable(str(exc.strerror or exc))}"


def _timed_out(settings: FetchSettings) -> str:
    return f"timed out after {_seconds(settings.read_timeout)} s"


class _Watchdog:
    """Shuts a socket down at the deadline.

    Per-read timeouts alone let a server that drips one byte at a time (into the headers as well
    as the body) keep a response alive for ever; only an outside clock can end it.
    """

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self._sock = sock
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self.fired = threading.Event()

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired.set()
        with contextlib.suppress(OSError):
            # The plain socket's method: SSLSocket.shutdown would also drop its TLS state while
            # the reading thread is still using it.
            socket.socket.shutdown(self._sock, socket.SHUT_RDWR)


def _read_body(
    response: http.client.HTTPResponse,
    sock: socket.socket,
    settings: FetchSettings,
    deadline: float,
) -> bytes:
    """The (decompressed) body, read in chunks under the size cap and the deadline."""
    limit = settings.max_bytes
    if response.length is not None and response.length > limit:
        raise FetchError(f"{_too_large(limit)} (Content-Length: {response.length})")
    decoder = _decoder_for(response.getheader("Content-Encoding", ""), limit)
    received = 0
    while not response.isclosed():
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(_timed_out(settings))
        sock.settimeout(left)
        # read1: at most one read from the socket, so the deadline is checked between bytes
        # that trickle in, where read(n) would wait for all n of them.
        chunk = response.read1(_CHUNK_SIZE)
        if not chunk:
            break
        received += len(chunk)
        if received > limit:
            raise FetchError(_too_large(limit))
        decoder.feed(chunk)
    return decoder.finish()


class _PlainBody:
    """A body sent without Content-Encoding; the caller already caps its size."""

    def __init__(self) -> None:
        self._data = bytearray()

    def feed(self, chunk: bytes) -> None:
        self._data += chunk

    def finish(self) -> bytes:
        return bytes(self._data)


class _InflatedBody:
    """A gzip or deflate body, decompressed as it arrives and cut off at the size cap.

    Each decompress call is told how much output it may produce, so a gzip bomb is stopped after
    at most `limit` + 1 bytes of output instead of being inflated in full first.
    """

    def __init__(self, encoding: str, limit: int) -> None:
        self._encoding = encoding
        self._limit = limit
        self._data = bytearray()
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding == "gzip" else None
        self._head = b""  # deflate: the first bytes, until they tell zlib from raw deflate
        self._ignoring_trailer = False

    def feed(self, chunk: bytes) -> None:
        try:
            self._inflate(chunk)
        except zlib.error as exc:
            raise self._error(str(exc)) from exc

    def finish(self) -> bytes:
        if self._inflater is None and not self._head:
            return b""  # an empty body, as in a 204
        if self._inflater is None or not (self._inflater.eof or self._ignoring_trailer):
            raise self._error("truncated stream")
        return bytes(self._data)

    def _error(self, detail: str) -> FetchError:
        return FetchError(f"{self._encoding} bomb or corrupt {self._encoding}: {detail}")

    def _inflate(self, chunk: bytes) -> None:
        if self._ignoring_trailer:
            return
        if self._inflater is None:
            self._head += chunk
            if len(self._head) < 2:
                return
            self._inflater = zlib.decompressobj(_deflate_wbits(self._head))
            chunk, self._head = self._head, b""
        data = chunk
        while data:
            room = self._limit - len(self._data) + 1
            self._data += self._inflater.decompress(data, room)
            if len(self._data) > self._limit:
                raise self._error(f"more than {_describe_size(self._limit)} once decompressed")
            data = self._inflater.unconsumed_tail
            if self._inflater.eof:
                data = self._after_stream_end()

    def _after_stream_end(self) -> bytes:
        rest = self._inflater.unused_data if self._inflater is not None else b""
        if self._encoding == "gzip" and rest.startswith(_GZIP_MAGIC):
            # gzip allows several members one after the other; they make one body.
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            return rest
        # Bytes after a complete stream are junk some servers append; browsers ignore them too.
        self._ignoring_trailer = bool(rest)
        return b""


def _deflate_wbits(head: bytes) -> int:
    # "deflate" should mean zlib-wrapped data, but some servers send raw deflate; a zlib header
    # is recognisable by its compression method (8) and its check bits.
    cmf, flg = head[0], head[1]
    is_zlib = cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0
    return zlib.MAX_WBITS if is_zlib else -zlib.MAX_WBITS


def _decoder_for(content_encoding: str, limit: int) -> _PlainBody | _InflatedBody:
    codings = [
        coding.strip().lower()
        for coding in content_encoding.split(",")
        if coding.strip() and coding.strip().lower() != "identity"
    ]
    if not codings:
        return _PlainBody()
    if codings in (["gzip"], ["x-gzip"]):
        return _InflatedBody("gzip", limit)
    if codings == ["deflate"]:
        return _InflatedBody("deflate", limit)
    raise FetchError(f"unsupported Content-Encoding: {printable(content_encoding)}")
