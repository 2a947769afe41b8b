"""The fetch stage against a real local HTTP server: caching, encodings, redirects and faults."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import socket
import threading
import time
import tracemalloc
import unicodedata
import zlib
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from rideau.newswire.fetch import (
    DEFAULT_USER_AGENT,
    FetchSettings,
    expand_sources,
    fetch_all,
    fetch_one,
    printable,
    without_userinfo,
)
from rideau.newswire.records import FeedCache, FeedSource, Fetched

MIB = 1024 * 1024
ETAG = '"v1"'
LAST_MODIFIED = "Mon, 06 Jan 2025 10:00:00 GMT"
BIG_SIZE = 3 * MIB
FAST = FetchSettings(connect_timeout=2, read_timeout=2)
SECRET = "hunter2"
# Whole answers written as they are, for status lines no well-behaved server would send.
RAW_REPLIES = {
    "garbage": b"GARBAGE\r\n",
    "garbage-escape": b"GAR\x1b[2JBAGE\r\n",
    "reason-escape": b"HTTP/1.0 500 Bad\x1b[31m\rred\x9b\r\nContent-Length: 0\r\n\r\n",
    "reason-long": b"HTTP/1.0 500 " + b"A" * 5000 + b"\r\nContent-Length: 0\r\n\r\n",
    "reason-utf8-bidi": "HTTP/1.0 403 \u202egnp.exe\r\n\r\n".encode(),
}
# Characters that must never reach a terminal or the report from a server: they end lines, move
# the cursor, recolour or reorder text.
BIDI_CONTROLS = {chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def rss(title: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<rss version="2.0"><channel><title>{title}</title><link>https://example.org/</link>'
        "<description>test</description>"
        f"<item><title>{title} item</title><link>https://example.org/{title}</link></item>"
        "</channel></rss>\n"
    ).encode()


FEED = rss("feed")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def gzip_bomb(size: int) -> bytes:
    """gzip of `size` zero bytes, compressed piecewise so building it stays cheap in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MIB)
    parts = [compressor.compress(zeros) for _ in range(size // MIB)]
    return b"".join([*parts, compressor.flush()])


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FeedHandler)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.requests: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
        self.same_etag_count = 0
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.big_sent: dict[str, int] = {}
        self.big_done: defaultdict[str, threading.Event] = defaultdict(threading.Event)
        self.bomb = gzip_bomb(50 * MIB)

    def handle_error(self, request, client_address) -> None:
        pass  # clients hang up on purpose in these tests

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class FeedHandler(BaseHTTPRequestHandler):
    server: FeedServer

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.requests[path].append(dict(self.headers.items()))
        parts = path.strip("/").split("/")
        route = getattr(self, f"route_{parts[0].replace('-', '_')}", None)
        if route is None:
            self.send_error(404)
            return
        # The client hanging up mid-answer is what several tests are about.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(*parts[1:])

    def answer(self, body: bytes, content_type="application/rss+xml", **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_feed(self) -> None:
        # If-None-Match wins over If-Modified-Since when both are sent, as in RFC 9110.
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_none_match is not None:
            not_modified = if_none_match == ETAG
        else:
            not_modified = if_modified_since == LAST_MODIFIED
        if not_modified:
            self.send_response(304)
            self.send_header("ETag", ETAG)
            self.end_headers()
            return
        self.answer(FEED, ETag=ETAG, Last_Modified=LAST_MODIFIED)

    def route_same_etag(self) -> None:
        with self.server.lock:
            self.server.same_etag_count += 1
            count = self.server.same_etag_count
        self.answer(rss(f"version{count}"), ETag='"fixed"')

    def route_gzip(self) -> None:
        self.answer(gzip.compress(FEED), Content_Encoding="gzip")

    def route_gzip_members(self) -> None:
        half = len(FEED) // 2
        body = gzip.compress(FEED[:half]) + gzip.compress(FEED[half:])
        self.answer(body, Content_Encoding="gzip")

    def route_deflate(self, kind: str) -> None:
        wbits = zlib.MAX_WBITS if kind == "zlib" else -zlib.MAX_WBITS
        compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
        self.answer(compressor.compress(FEED) + compressor.flush(), Content_Encoding="deflate")

    def route_corrupt_gzip(self) -> None:
        self.answer(b"this is not gzip at all", Content_Encoding="gzip")

    def route_bomb(self) -> None:
        self.answer(self.server.bomb, Content_Encoding="gzip")

    def route_brotli(self) -> None:
        self.answer(b"\x0b\x02\x80", Content_Encoding="br")

    def route_chunked(self) -> None:
        self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        third = len(FEED) // 3
        for piece in (FEED[:third], FEED[third : 2 * third], FEED[2 * third :]):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def route_status(self, code: str) -> None:
        self.send_error(int(code))

    def route_redirect(self, hops: str) -> None:
        count = int(hops)
        if count == 0:
            self.answer(FEED)
        else:
            # Relative on purpose: the client must resolve it against the current URL.
            self.redirect(str(count - 1), status=301 if count % 2 else 307)

    def route_loop(self, name: str) -> None:
        self.redirect("/loop/b" if name == "a" else "/loop/a")

    def route_to_file(self) -> None:
        self.redirect("file:///etc/passwd")

    def route_raw(self, name: str) -> None:
        self.wfile.write(RAW_REPLIES[name])
        self.close_connection = True

    def route_location_escape(self) -> None:
        self.redirect("ftp://example.org/\x1b[2J\x1b]0;owned\x07")

    def route_encoding_escape(self) -> None:
        self.answer(FEED, Content_Encoding="br\x1b[2J")

    def route_html(self) -> None:
        self.answer(FEED, content_type="text/html; charset=utf-8")

    def route_drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        for byte in FEED[:40]:
            self.wfile.write(bytes([byte]))
            if self.server.stopping.wait(0.3):
                return

    def route_drip_headers(self) -> None:
        self.wfile.write(b"HTTP/1.0 200 OK\r\n")
        for byte in b"X-Padding: " + b"p" * 40:
            self.wfile.write(bytes([byte]))
            if self.server.stopping.wait(0.3):
                return

    def route_sleep(self) -> None:
        self.server.stopping.wait(3)
        self.answer(FEED)

    def route_big(self, name: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if name == "declared":
            self.send_header("Content-Length", str(BIG_SIZE))
        self.end_headers()
        chunk = b"x" * (64 * 1024)
        sent = 0
        try:
            while sent < BIG_SIZE and not self.server.stopping.is_set():
                self.wfile.write(chunk)
                sent += len(chunk)
                time.sleep(0.002)
        finally:
            self.server.big_sent[name] = sent
            self.server.big_done[name].set()

    def route_slow(self, group: str, name: str) -> None:
        with self.server.lock:
            self.server.in_flight[group] += 1
            self.server.max_in_flight[group] = max(
                self.server.max_in_flight[group], self.server.in_flight[group]
            )
        try:
            self.server.stopping.wait(0.25)
        finally:
            with self.server.lock:
                self.server.in_flight[group] -= 1
        self.answer(rss(name))


@pytest.fixture(scope="module")
def server():
    httpd = FeedServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.stopping.set()
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, cache: FeedCache | None = None, settings: FetchSettings = FAST) -> Fetched:
    return fetch_one(FeedSource(url), cache, settings)


def request_count(server: FeedServer, path: str) -> int:
    with server.lock:
        return len(server.requests[path])


# ---------------------------------------------------------------------------------------------
# Conditional GET and body hashes


def test_first_fetch_returns_body_validators_and_hash(server):
    result = fetch(f"{server.base}/feed")
    assert result.ok, result.error
    assert result.status == 200
    assert result.body == FEED
    assert result.body_hash == sha256(FEED)
    assert result.etag == ETAG
    assert result.last_modified == LAST_MODIFIED
    assert result.content_type == "application/rss+xml"
    assert result.final_url == f"{server.base}/feed"
    assert not result.unchanged


def test_request_headers_identify_the_client(server):
    fetch(f"{server.base}/feed")
    headers = server.requests["/feed"][-1]
    assert headers["User-Agent"] == DEFAULT_USER_AGENT
    assert headers["Accept"].startswith("application/atom+xml, application/rss+xml")
    assert headers["Accept-Encoding"] == "gzip, deflate"
    assert "If-None-Match" not in headers
    assert "If-Modified-Since" not in headers
    fetch(f"{server.base}/feed", settings=FetchSettings(user_agent="Custom/1.0"))
    assert server.requests["/feed"][-1]["User-Agent"] == "Custom/1.0"


def test_matching_etag_gives_304_carried_over_from_cache(server):
    cache = FeedCache(etag=ETAG, last_modified=LAST_MODIFIED, body_hash=sha256(FEED))
    before = request_count(server, "/feed")
    result = fetch(f"{server.base}/feed", cache)
    assert request_count(server, "/feed") == before + 1
    sent = server.requests["/feed"][-1]
    assert sent["If-None-Match"] == ETAG
    assert sent["If-Modified-Since"] == LAST_MODIFIED
    assert result.ok, result.error
    assert result.status == 304
    assert result.unchanged
    assert result.body is None
    assert (result.etag, result.last_modified, result.body_hash) == (
        ETAG,
        LAST_MODIFIED,
        sha256(FEED),
    )


def test_matching_last_modified_alone_gives_304(server):
    cache = FeedCache(last_modified=LAST_MODIFIED, body_hash="abc")
    result = fetch(f"{server.base}/feed", cache)
    assert result.status == 304
    assert result.unchanged and result.body is None
    assert result.last_modified == LAST_MODIFIED
    assert result.body_hash == "abc"


def test_stale_etag_gets_the_full_body(server):
    result = fetch(f"{server.base}/feed", FeedCache(etag='"v0"', body_hash="old"))
    assert result.status == 200
    assert not result.unchanged
    assert result.body == FEED


def test_same_body_without_304_counts_as_unchanged(server):
    result = fetch(f"{server.base}/html", FeedCache(body_hash=sha256(FEED)))
    assert result.ok, result.error
    assert result.status == 200
    assert result.unchanged
    assert result.body is None
    assert result.body_hash == sha256(FEED)


def test_new_body_with_the_same_etag_is_noticed_by_its_hash(server):
    first = fetch(f"{server.base}/same-etag")
    assert first.ok and first.etag == '"fixed"'
    cache = FeedCache(etag=first.etag, body_hash=first.body_hash)
    second = fetch(f"{server.base}/same-etag", cache)
    assert server.requests["/same-etag"][-1]["If-None-Match"] == '"fixed"'
    assert second.status == 200
    assert second.etag == '"fixed"'
    assert not second.unchanged
    assert second.body is not None and second.body != first.body
    assert second.body_hash == sha256(second.body) != first.body_hash


# ---------------------------------------------------------------------------------------------
# Encodings and content types


@pytest.mark.parametrize(
    "path", ["/gzip", "/gzip-members", "/deflate/zlib", "/deflate/raw", "/chunked"]
)
def test_encoded_bodies_are_decoded(server, path):
    result = fetch(f"{server.base}{path}")
    assert result.ok, result.error
    assert result.body == FEED
    assert result.body_hash == sha256(FEED)


def test_wrong_content_type_is_kept_for_the_parser(server):
    result = fetch(f"{server.base}/html")
    assert result.ok, result.error
    assert result.status == 200
    assert result.content_type == "text/html; charset=utf-8"
    assert result.body == FEED


def test_corrupt_gzip_is_an_error(server):
    result = fetch(f"{server.base}/corrupt-gzip")
    assert result.error.startswith("gzip bomb or corrupt gzip: ")
    assert result.body is None


def test_unknown_content_encoding_is_an_error(server):
    result = fetch(f"{server.base}/brotli")
    assert result.error == "unsupported Content-Encoding: br"


def test_gzip_bomb_is_cut_off_with_bounded_memory(server):
    settings = FetchSettings(connect_timeout=2, read_timeout=5, max_bytes=MIB)
    assert len(server.bomb) < MIB  # only decompression makes it large
    tracemalloc.start()
    try:
        result = fetch(f"{server.base}/bomb", settings=settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error == "gzip bomb or corrupt gzip: more than 1 MB once decompressed"
    assert result.body is None
    assert peak < 20 * MIB


# ---------------------------------------------------------------------------------------------
# HTTP errors and redirects


@pytest.mark.parametrize(
    ("code", "message"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
def test_http_error_statuses(server, code, message):
    result = fetch(f"{server.base}/status/{code}")
    assert result.error == message
    assert result.status == code
    assert result.body is None
    assert not result.ok


def test_redirect_chain_is_followed(server):
    result = fetch(f"{server.base}/redirect/2")
    assert result.ok, result.error
    assert result.status == 200
    assert result.body == FEED
    assert result.final_url == f"{server.base}/redirect/0"
    assert request_count(server, "/redirect/1") >= 1


def test_redirect_chain_at_the_cap_is_followed(server):
    result = fetch(f"{server.base}/redirect/5", settings=FetchSettings(max_redirects=5))
    assert result.ok, result.error
    assert result.final_url == f"{server.base}/redirect/0"


def test_redirect_chain_longer_than_the_cap_fails(server):
    before = request_count(server, "/redirect/0")
    result = fetch(f"{server.base}/redirect/6", settings=FetchSettings(max_redirects=5))
    assert result.error == "too many redirects (max 5)"
    assert result.body is None
    assert request_count(server, "/redirect/0") == before  # gave up before the end


def test_redirect_loop_is_detected(server):
    before = request_count(server, "/loop/a")
    result = fetch(f"{server.base}/loop/a")
    assert result.error == "redirect loop"
    assert request_count(server, "/loop/a") == before + 1  # noticed without going round again


def test_redirect_to_a_local_file_is_refused(server):
    result = fetch(f"{server.base}/to-file")
    assert result.error == "unsupported redirect target: file:///etc/passwd"
    assert result.body is None


# ---------------------------------------------------------------------------------------------
# What servers send never reaches a message raw


def assert_one_printable_line(text: str) -> None:
    assert text, "expected a message"
    for char in text:
        assert unicodedata.category(char) not in ("Cc", "Cs", "Zl", "Zp"), (char, text)
        assert char not in BIDI_CONTROLS, (char, text)


def test_garbage_status_line_is_one_printable_line(server):
    result = fetch(f"{server.base}/raw/garbage")
    assert result.error == 'bad HTTP response: invalid status line "GARBAGE"'
    result = fetch(f"{server.base}/raw/garbage-escape")
    assert result.error == 'bad HTTP response: invalid status line "GAR\\x1b[2JBAGE"'
    assert_one_printable_line(result.error)


def test_control_characters_in_the_reason_phrase_are_escaped(server):
    result = fetch(f"{server.base}/raw/reason-escape")
    assert result.status == 500
    assert result.error == "HTTP 500 Bad\\x1b[31m\\x0dred\\x9b"
    assert_one_printable_line(result.error)


def test_a_reason_phrase_in_utf8_with_a_bidi_override_is_escaped(server):
    # http.client reads the status line as Latin-1: the override arrives as "â", then C1 bytes.
    result = fetch(f"{server.base}/raw/reason-utf8-bidi")
    assert result.error == "HTTP 403 \u00e2\\x80\u00aegnp.exe"
    assert_one_printable_line(result.error)


def test_a_long_reason_phrase_is_truncated(server):
    result = fetch(f"{server.base}/raw/reason-long")
    assert result.error.startswith("HTTP 500 AAAA")
    assert result.error.endswith("…")
    assert len(result.error) <= len("HTTP 500 ") + 200


def test_control_characters_in_a_location_are_escaped(server):
    result = fetch(f"{server.base}/location-escape")
    assert result.error == (
        "unsupported redirect target: ftp://example.org/\\x1b[2J\\x1b]0;owned\\x07"
    )


def test_control_characters_in_a_content_encoding_are_escaped(server):
    result = fetch(f"{server.base}/encoding-escape")
    assert result.error == "unsupported Content-Encoding: br\\x1b[2J"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, accents é and € stay", "plain text, accents é and € stay"),
        ("a\r\nb\tc\x00", "a\\x0d\\x0ab\\x09c\\x00"),
        ("\x1b[31mred\x7f\x85\x9b", "\\x1b[31mred\\x7f\\x85\\x9b"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("\u202egnp.exe \u2066x\u2069", "\\u202egnp.exe \\u2066x\\u2069"),
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
    ],
)
def test_printable_escapes_control_characters(text, shown):
    assert printable(text) == shown
    assert printable(shown) == shown  # already printable: unchanged


def test_printable_truncates_without_cutting_an_escape():
    assert printable("x" * 300) == "x" * 199 + "…"
    assert printable("x" * 200) == "x" * 200
    assert printable("abcdefg", limit=5) == "abcd…"
    assert printable("ab\x1bcd", limit=5) == "ab…"
    assert len(printable("\x1b" * 1000)) <= 200
    with pytest.raises(ValueError, match="limit"):
        printable("x", limit=0)


# ---------------------------------------------------------------------------------------------
# Credentials in URLs


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pw@example.org/feed", "https://example.org/feed"),
        ("https://user@example.org:8443/feed?q=1#top", "https://example.org:8443/feed?q=1#top"),
        ("http://a@b:pw@example.org/", "http://example.org/"),
        ("//user:pw@example.org/feed", "//example.org/feed"),
        ("http://@example.org/", "http://example.org/"),
        ("http://[::1/feed", "http://[::1/feed"),
        ("http://u:pw@[::1/feed", "http://[::1/feed"),
        ("https://example.org/user@host/feed", "https://example.org/user@host/feed"),
        ("https://example.org/?from=a@b", "https://example.org/?from=a@b"),
        ("file:///home/a@b/feed.xml", "file:///home/a@b/feed.xml"),
        ("/home/a@b/feed.xml", "/home/a@b/feed.xml"),
        ("", ""),
    ],
)
def test_without_userinfo(url, shown):
    assert without_userinfo(url) == shown


def test_userinfo_never_in_error_messages(server, caplog):
    port = server.server_address[1]
    cases = {
        f"http://user:{SECRET}@127.0.0.1:{port}/feed": (
            f"credentials in the URL are not supported: http://127.0.0.1:{port}/feed"
        ),
        f"ftp://user:{SECRET}@example.org/feed": "unsupported source: ftp://example.org/feed",
        f"http://user:{SECRET}@127.0.0.1:99999/feed": "invalid URL: http://127.0.0.1:99999/feed",
        f"http://user:{SECRET}@[::1/feed": "invalid URL: http://[::1/feed",
    }
    before = request_count(server, "/feed")
    with caplog.at_level("DEBUG", logger="rideau.newswire.fetch"):
        errors = {url: fetch(url).error for url in cases}
    assert errors == cases
    assert request_count(server, "/feed") == before  # the credentials were not sent either
    assert caplog.records  # the debug lines were there to check
    for record in caplog.records:
        assert SECRET not in record.getMessage()


# ---------------------------------------------------------------------------------------------
# Faults: time and size limits, TLS, refused connections


def test_slow_drip_ends_at_the_read_deadline(server):
    started = time.monotonic()
    result = fetch(f"{server.base}/drip", settings=FetchSettings(read_timeout=1))
    elapsed = time.monotonic() - started
    assert result.error == "timed out after 1 s"
    assert result.body is None
    assert elapsed < 2.0


def test_slow_drip_of_headers_ends_at_the_read_deadline(server):
    # Each byte arrives well within any per-read timeout: only the overall deadline can stop it.
    started = time.monotonic()
    result = fetch(f"{server.base}/drip-headers", settings=FetchSettings(read_timeout=1))
    assert result.error == "timed out after 1 s"
    assert time.monotonic() - started < 2.0


def test_silent_server_times_out(server):
    started = time.monotonic()
    result = fetch(f"{server.base}/sleep", settings=FetchSettings(read_timeout=0.5))
    assert result.error == "timed out after 0.5 s"
    assert time.monotonic() - started < 1.5


def test_oversized_body_stops_reading_early(server):
    result = fetch(f"{server.base}/big/undeclared", settings=FetchSettings(max_bytes=MIB))
    assert result.error == "too large: more than 1 MB"
    assert result.body is None
    assert server.big_done["undeclared"].wait(3)
    assert server.big_sent["undeclared"] < 2 * MIB  # the server was cut off mid-body


def test_oversized_content_length_is_refused_before_reading(server):
    result = fetch(f"{server.base}/big/declared", settings=FetchSettings(max_bytes=MIB))
    assert result.error == f"too large: more than 1 MB (Content-Length: {BIG_SIZE})"
    assert server.big_done["declared"].wait(3)
    assert server.big_sent["declared"] < BIG_SIZE


def test_https_to_a_plain_http_server_fails_fast(server):
    port = server.server_address[1]
    settings = FetchSettings(connect_timeout=1, read_timeout=1)
    started = time.monotonic()
    result = fetch(f"https://127.0.0.1:{port}/feed", settings=settings)
    assert result.error.startswith("TLS error: "), result.error
    assert result.body is None
    assert time.monotonic() - started < 2.5


def test_refused_connection():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch(f"http://127.0.0.1:{port}/feed")
    assert result.error == "connection refused"


def test_settings_are_validated():
    with pytest.raises(ValueError, match="workers"):
        FetchSettings(workers=0)
    with pytest.raises(ValueError, match="timeouts"):
        FetchSettings(read_timeout=0)


# ---------------------------------------------------------------------------------------------
# Local files and other schemes


def test_file_url(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    result = fetch(path.as_uri())
    assert result.ok, result.error
    assert result.status is None
    assert result.body == FEED
    assert result.body_hash == sha256(FEED)
    assert result.final_url == path.as_uri()


def test_plain_paths_absolute_and_relative(tmp_path, monkeypatch):
    (tmp_path / "feed.rss").write_bytes(FEED)
    assert fetch(str(tmp_path / "feed.rss")).body == FEED
    monkeypatch.chdir(tmp_path)
    assert fetch("feed.rss").body == FEED


def test_unchanged_file_by_hash(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    result = fetch(str(path), FeedCache(body_hash=sha256(FEED)))
    assert result.ok and result.unchanged
    assert result.body is None
    assert result.status is None


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.xml"
    assert fetch(str(missing)).error == f"no such file: {missing}"
    assert fetch(missing.as_uri()).error == f"no such file: {missing}"


def test_file_over_the_size_cap(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    result = fetch(str(path), settings=FetchSettings(max_bytes=100))
    assert result.error == "too large: more than 100 bytes"


def test_folder_needs_expanding(tmp_path):
    assert fetch(str(tmp_path)).error.startswith(f"is a folder, not a file: {tmp_path}")


@pytest.mark.parametrize(
    "location", ["ftp://example.org/feed.xml", "javascript:alert(1)", "mailto:a@example.org"]
)
def test_unsupported_schemes(location):
    assert fetch(location).error == f"unsupported source: {location}"


def test_expand_sources(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    for name in ["b.xml", "a.rss", "c.atom", "d.rdf", "e.json", "f.feed", "G.XML", "README"]:
        (folder / name).write_bytes(FEED)
    for name in ["notes.txt", "image.png", ".hidden"]:
        (folder / name).write_bytes(b"x")
    (folder / "sub").mkdir()
    single = tmp_path / "single.xml"
    single.write_bytes(FEED)
    sources = [
        FeedSource("https://example.org/feed", outlet="Web"),
        FeedSource(str(folder), outlet="Local", lang="fr"),
        FeedSource(str(single)),
        FeedSource(folder.as_uri(), lang="en"),
    ]
    expanded = expand_sources(sources)
    names = ["G.XML", "README", "a.rss", "b.xml", "c.atom", "d.rdf", "e.json", "f.feed"]
    assert expanded == [
        sources[0],
        *[FeedSource(str(folder / name), outlet="Local", lang="fr") for name in names],
        sources[2],
        *[FeedSource((folder / name).as_uri(), lang="en") for name in names],
    ]


# ---------------------------------------------------------------------------------------------
# fetch_all


def test_fetch_all_keeps_order_and_isolates_failures(server, tmp_path):
    local = tmp_path / "local.xml"
    local.write_bytes(FEED)
    sources = [
        FeedSource(f"{server.base}/slow/order/one"),
        FeedSource(f"{server.base}/status/500"),
        FeedSource(f"{server.base}/feed"),
        FeedSource("ftp://example.org/feed"),
        FeedSource(str(local)),
        FeedSource(str(tmp_path / "missing.xml")),
        FeedSource(f"{server.base}/slow/order/two"),
    ]
    cache = {f"{server.base}/feed": FeedCache(etag=ETAG, body_hash="h")}
    seen: list[Fetched] = []
    results = fetch_all(sources, cache, settings=FAST, progress=seen.append)
    assert [result.source for result in results] == sources
    assert [result.ok for result in results] == [True, False, True, False, True, False, True]
    assert results[0].body == rss("one")
    assert results[1].error == "HTTP 500 Internal Server Error"
    assert results[2].status == 304 and results[2].body_hash == "h"
    assert results[3].error.startswith("unsupported source")
    assert results[4].body == FEED
    assert results[5].error.startswith("no such file")
    assert results[6].body == rss("two")
    assert sorted(map(id, seen)) == sorted(map(id, results))


def test_fetch_all_runs_concurrently(server):
    sources = [FeedSource(f"{server.base}/slow/parallel/{n}") for n in range(4)]
    results = fetch_all(sources, {}, settings=FAST)
    assert all(result.ok for result in results)
    assert server.max_in_flight["parallel"] > 1


def test_fetch_all_respects_the_worker_count(server):
    sources = [FeedSource(f"{server.base}/slow/serial/{n}") for n in range(3)]
    results = fetch_all(sources, {}, settings=FetchSettings(workers=1))
    assert [result.body for result in results] == [rss(str(n)) for n in range(3)]
    assert server.max_in_flight["serial"] == 1


def test_fetch_all_with_nothing_to_fetch():
    assert fetch_all([], {}) == []
