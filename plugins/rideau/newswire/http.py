"""A bounded HTTP(S) GET client, safe to point at servers nobody vouches for.

Reads are bounded in time (a connect timeout, then one deadline for the whole response) and in
size (before and after decompression), so that one hostile or broken server can neither hang
its caller nor exhaust its memory.

A server must not be able to turn the client against the network it runs in. Redirects are
followed to the same host name, or to another host only when every address it resolves to is
public; into loopback, private, link-local (or carrier-grade NAT) ranges only when every address
of the requested URL's own host is in such ranges too (a server on the local network may
redirect within it); never to multicast, reserved or unspecified addresses. http may become
https, never the reverse, whatever the host. Each host is resolved once per request and the
connection goes to the addresses that were checked, so a DNS answer that changes in between
(DNS rebinding) cannot move a redirect past the check.

Credentials in URLs (user:password@) are not supported: a requested URL carrying them fails
with an error rather than having them sent (to its own host, over plain http perhaps, or on
through a redirect), and so does a redirect to such a URL. They are never shown either: every
URL put into a message goes through without_userinfo().

Whatever a server sends (reason phrases, Location headers, the raw lines quoted in http.client's
errors) goes through printable() before it is put into a message, since messages end up on a
terminal and in reports.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, quote, urldefrag, urljoin, urlsplit

from rideau.newswire.display import printable, without_userinfo

MIB = 1024 * 1024

_CHUNK_SIZE = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_GZIP_MAGIC = b"\x1f\x8b"
# Reserved characters and existing %-escapes stay as they are; spaces and non-ASCII get quoted,
# since http.client refuses to send them raw.
_URL_SAFE = "!$%&'()*+,/:;=?@[]~"
# Sent with every request: the client decodes these encodings itself, and opens one connection
# per exchange, so saying so lets the server let go at once.
_CLIENT_HEADERS = {"Accept-Encoding": "gzip, deflate", "Connection": "close"}

# The answers of socket.getaddrinfo: (family, type, proto, canonname, sockaddr).
AddrInfo = tuple[Any, ...]
Resolver = Callable[[str, int], Sequence[AddrInfo]]


def _resolve_tcp(host: str, port: int) -> list[AddrInfo]:
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


@dataclass(frozen=True)
class ClientSettings:
    connect_timeout: float = 5.0  # seconds: TCP connect, then the TLS handshake
    read_timeout: float = 20.0  # seconds: the whole response (headers and body) after connecting
    max_bytes: int = 10 * MIB  # the body as received and once decompressed
    max_redirects: int = 5
    # Host name -> addresses, in socket.getaddrinfo's shape; tests give one that needs no DNS.
    resolver: Resolver = _resolve_tcp
    # True treats every server as public: no redirect into loopback, private or link-local
    # ranges of another host, even from a requested URL that is in one (how tests play a public
    # server on 127.0.0.1).
    refuse_local_redirects: bool = False

    def __post_init__(self) -> None:
        # Named after the class built, so that a subclass's caller reads its own name.
        name = type(self).__name__
        if self.connect_timeout <= 0 or self.read_timeout <= 0:
            raise ValueError(f"{name} timeouts must be positive")
        if self.max_bytes < 1 or self.max_redirects < 0:
            raise ValueError(f"{name} needs max_bytes >= 1 and max_redirects >= 0")


class FetchError(Exception):
    """A URL could not be fetched; the message is shown to people, so keep it readable.

    `url` is the URL (without userinfo) the request had reached when it failed: the requested
    one or a redirect's target; "" when the error did not come from http_get().
    """

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.url = url


@dataclass(frozen=True)
class Response:
    url: str  # where the answer came from, after redirects, without its fragment
    status: int  # never a redirect: those are followed
    reason: str
    headers: http.client.HTTPMessage
    body: bytes | None  # read (bounded, decompressed) for 2xx answers only


def http_get(
    url: str, headers: Mapping[str, str], settings: ClientSettings = ClientSettings()
) -> Response:
    """GET `url`, following redirects as the policy allows; every failure raises FetchError.

    `headers` are sent first; Accept-Encoding and Connection are the client's own and added
    last. Any answer other than a redirect is returned, whatever its status.
    """
    url = urldefrag(url).url
    headers = {**headers, **_CLIENT_HEADERS}
    seen = {url}
    try:
        parts = _split_http_url(url)
        if "@" in parts.netloc:
            raise FetchError(f"credentials in the URL are not supported: {_shown(url)}")
        route = Route(parts, settings)
        for _ in range(settings.max_redirects + 1):
            response = _exchange(url, parts, route.addresses(parts), headers, settings)
            if response.status not in _REDIRECT_STATUSES:
                return response
            target = _redirect_target(url, response)
            if target in seen:
                raise FetchError("redirect loop")
            target_parts = _split_http_url(target)
            route.follow(parts, target_parts)
            url, parts = target, target_parts
            seen.add(url)
        raise FetchError(f"too many redirects (max {settings.max_redirects})")
    except FetchError as exc:
        raise FetchError(str(exc), url=without_userinfo(url)) from exc


def describe_too_large(limit: int) -> str:
    """The message for a body over `limit` bytes, as in "too large: more than 10 MB"."""
    return f"too large: more than {_describe_size(limit)}"


def _describe_size(size: int) -> str:
    if size % MIB == 0:
        return f"{size // MIB} MB"
    if size >= MIB:
        return f"{size / MIB:.1f} MB"
    return f"{size} bytes"


def _seconds(value: float) -> str:
    return f"{value:g}"


def _shown(url: str) -> str:
    """A URL as put into a message."""
    return printable(without_userinfo(url))


# ---------------------------------------------------------------------------------------------
# Redirects and addresses


def _redirect_target(url: str, response: Response) -> str:
    location = response.headers.get("Location", "").strip()
    if not location:
        raise FetchError(f"HTTP {response.status} redirect without a Location header")
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
class Address:
    """One address a host resolved to, as the connection will use it."""

    family: int
    sockaddr: tuple[Any, ...]  # as getaddrinfo gave it; its port is replaced when connecting
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address

    def with_port(self, port: int) -> tuple[Any, ...]:
        return (self.sockaddr[0], port, *self.sockaddr[2:])


# Ranges a server on the local network may redirect into; the others are never a server's place.
_LOCAL_KINDS = frozenset(
    {
        "a loopback address",
        "a private address",
        "a link-local address",
        "a shared (carrier-grade NAT) address",
    }
)


def address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """None for a public address, else what it is, as in "a private address"."""
    if isinstance(ip, ipaddress.IPv6Address):
        # Before Python 3.13 an IPv4-mapped address does not take the properties of the one it
        # carries (::ffff:127.0.0.1 is not is_loopback): it is that address, so judged by it.
        if ip.ipv4_mapped is not None:
            return address_kind(ip.ipv4_mapped)
        # 6to4 is public routing to an IPv4 address: refused where that address would be.
        if ip.sixtofour is not None and (kind := address_kind(ip.sixtofour)) is not None:
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


def _resolve(host: str, port: int, settings: ClientSettings) -> list[Address]:
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
        Address(family, tuple(sockaddr), ipaddress.ip_address(sockaddr[0]))
        for family, _type, _proto, _name, sockaddr in answers
        if family in (socket.AF_INET, socket.AF_INET6)
    ]
    if not addresses:
        raise FetchError(f"cannot resolve host {printable(host)}: no IP address")
    return addresses


class Route:
    """The hosts one request may reach, each pinned to the addresses it was checked at.

    The requested URL's host is taken as given; each redirect must then pass follow().
    """

    def __init__(self, origin: SplitResult, settings: ClientSettings) -> None:
        self._settings = settings
        host = origin.hostname or ""
        addresses = _resolve(host, _port_of(origin), settings)
        self._pinned = {host: addresses}
        # All of them, not any: a name with public addresses is a public server, whatever else.
        self._local_allowed = not settings.refuse_local_redirects and all(
            address_kind(address.ip) in _LOCAL_KINDS for address in addresses
        )

    def addresses(self, parts: SplitResult) -> list[Address]:
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
            kind = address_kind(address.ip)
            if kind is None or (self._local_allowed and kind in _LOCAL_KINDS):
                continue
            detail = kind if _ip_literal(host) is not None else f"{address.ip}, {kind}"
            raise FetchError(f"redirect to another host refused: {shown} ({detail})")
        self._pinned[host] = addresses


def _port_of(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


# ---------------------------------------------------------------------------------------------
# One exchange: connect, send, read under the deadline


def _exchange(
    url: str,
    parts: SplitResult,
    addresses: Sequence[Address],
    headers: Mapping[str, str],
    settings: ClientSettings,
) -> Response:
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
        return Response(url, response.status, response.reason or "", response.msg, body)
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
    parts: SplitResult, addresses: Sequence[Address], settings: ClientSettings
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
    host: str, port: int, addresses: Sequence[Address], settings: ClientSettings
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
    sock: socket.socket, host: str, context: ssl.SSLContext, settings: ClientSettings
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


def _timed_out(settings: ClientSettings) -> str:
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


# ---------------------------------------------------------------------------------------------
# Bodies: bounded in size as received and once decompressed


def _read_body(
    response: http.client.HTTPResponse,
    sock: socket.socket,
    settings: ClientSettings,
    deadline: float,
) -> bytes:
    """The (decompressed) body, read in chunks under the size cap and the deadline."""
    limit = settings.max_bytes
    if response.length is not None and response.length > limit:
        raise FetchError(f"{describe_too_large(limit)} (Content-Length: {response.length})")
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
            raise FetchError(describe_too_large(limit))
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
