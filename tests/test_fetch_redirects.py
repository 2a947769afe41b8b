"""Where the fetch stage lets a redirect take it, against a real local HTTP server.

A feed server may only send the client back to its own host, or on to a host whose every address
is public: a redirect into loopback, private or link-local ranges is the way a hostile feed
would reach services behind the firewall (SSRF). The local test server is on 127.0.0.1, a local
range itself, which the policy allows to redirect within such ranges; the tests that play a
public feed say so with FetchSettings(refuse_local_redirects=True). Host names other than
localhost go through a fake resolver given in FetchSettings, so no test reaches real DNS.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from rideau.newswire.fetch import FetchError, FetchSettings, fetch_one
from rideau.newswire.http import Route, address_kind
from rideau.newswire.records import FeedSource, Fetched

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
SECRET = "hunter2"


class RedirectServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), RedirectHandler)
        self.lock = threading.Lock()
        self.requests: defaultdict[str, list[dict[str, str]]] = defaultdict(list)

    def handle_error(self, request, client_address) -> None:
        pass

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def redirecting_to(self, location: str) -> str:
        """A URL of this server that answers 302 with `location` as its Location."""
        return f"{self.base}/to?location={quote(location, safe='')}"

    def count(self, path: str) -> int:
        with self.lock:
            return len(self.requests[path])


class RedirectHandler(BaseHTTPRequestHandler):
    server: RedirectServer

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        with self.server.lock:
            self.server.requests[parts.path].append(dict(self.headers.items()))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if parts.path == "/feed":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(FEED)))
                self.end_headers()
                self.wfile.write(FEED)
            elif parts.path == "/to":
                location = parse_qs(parts.query)["location"][0]
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_error(404)


@pytest.fixture(scope="module")
def server() -> Iterator[RedirectServer]:
    httpd = RedirectServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


Resolver = Callable[[str, int], Sequence[tuple[Any, ...]]]


def fake_resolver(table: dict[str, list[str]], calls: list[str] | None = None) -> Resolver:
    """A resolver answering from `table` (host -> addresses), as socket.getaddrinfo would."""

    def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        answers: list[tuple[Any, ...]] = []
        for address in table[host]:
            if ":" in address:
                answers.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
            else:
                answers.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
        return answers

    return resolve


def settings(**changes: Any) -> FetchSettings:
    return FetchSettings(connect_timeout=1, read_timeout=2, **changes)


def fetch(url: str, **changes: Any) -> Fetched:
    return fetch_one(FeedSource(url), None, settings(**changes))


# ---------------------------------------------------------------------------------------------
# Followed


def test_redirect_from_127_0_0_1_to_localhost_is_followed(server):
    result = fetch(server.redirecting_to(f"http://localhost:{server.port}/feed"))
    assert result.ok, result.error
    assert result.body == FEED
    assert result.final_url == f"http://localhost:{server.port}/feed"


def test_same_host_redirect_is_followed_even_for_a_public_feed(server):
    result = fetch(server.redirecting_to("/feed"), refuse_local_redirects=True)
    assert result.ok, result.error
    assert result.final_url == f"{server.base}/feed"


def test_redirect_connects_to_the_address_that_was_checked(server):
    # feeds.test exists only in the fake resolver: reaching the server proves the connection went
    # to the address the policy looked at, not to a second lookup of the name.
    resolver = fake_resolver({"feeds.test": ["127.0.0.1"]})
    result = fetch(
        server.redirecting_to(f"http://feeds.test:{server.port}/feed"), resolver=resolver
    )
    assert result.ok, result.error
    assert result.body == FEED
    assert server.requests["/feed"][-1]["Host"] == f"feeds.test:{server.port}"


def test_each_host_is_resolved_once_per_fetch_so_dns_rebinding_cannot_redirect(server):
    # A rebinding resolver answers 127.0.0.1 first, then a private address: the same-host redirect
    # must reuse the first answer instead of asking again.
    calls: list[str] = []
    answers = iter([["127.0.0.1"], ["10.0.0.5"]])

    def rebinding(host: str, port: int) -> list[tuple[Any, ...]]:
        return fake_resolver({host: next(answers)}, calls)(host, port)

    origin = f"http://rebind.test:{server.port}"
    redirect = f"{origin}/to?location={quote(f'{origin}/feed', safe='')}"
    result = fetch(redirect, resolver=rebinding)
    assert result.ok, result.error
    assert calls == ["rebind.test"]


# ---------------------------------------------------------------------------------------------
# Refused


def test_redirect_to_private_address_is_refused(server):
    result = fetch(server.redirecting_to("http://10.0.0.5/feed"), refuse_local_redirects=True)
    assert (
        result.error == "redirect to another host refused: http://10.0.0.5/feed (a private address)"
    )
    assert result.body is None
    assert result.final_url == server.redirecting_to("http://10.0.0.5/feed")


def test_protocol_relative_redirect_to_other_host_is_refused(server):
    resolver = fake_resolver({"metadata.internal": ["169.254.169.254"]})
    result = fetch(
        server.redirecting_to("//metadata.internal/latest/meta-data/"),
        resolver=resolver,
        refuse_local_redirects=True,
    )
    assert result.error == (
        "redirect to another host refused: http://metadata.internal/latest/meta-data/ "
        "(169.254.169.254, a link-local address)"
    )


def test_redirect_to_a_host_with_one_private_address_among_public_ones_is_refused(server):
    resolver = fake_resolver({"mixed.test": ["93.184.215.14", "192.168.1.1"]})
    result = fetch(
        server.redirecting_to("http://mixed.test/feed"),
        resolver=resolver,
        refuse_local_redirects=True,
    )
    assert result.error == (
        "redirect to another host refused: http://mixed.test/feed (192.168.1.1, a private address)"
    )


def test_redirect_to_localhost_from_a_public_feed_is_refused(server):
    before = server.count("/feed")
    result = fetch(
        server.redirecting_to(f"http://localhost:{server.port}/feed"), refuse_local_redirects=True
    )
    assert result.error.startswith(
        f"redirect to another host refused: http://localhost:{server.port}/feed ("
    )
    assert result.error.endswith("a loopback address)")
    assert server.count("/feed") == before


def test_redirect_to_ipv4_mapped_loopback_is_refused(server):
    target = f"http://[::ffff:127.0.0.1]:{server.port}/feed"
    before = server.count("/feed")
    result = fetch(server.redirecting_to(target), refuse_local_redirects=True)
    assert result.error == f"redirect to another host refused: {target} (a loopback address)"
    assert server.count("/feed") == before


@pytest.mark.parametrize(
    ("host", "kind"),
    [("0.0.0.0", "an unspecified address"), ("224.0.0.1", "a multicast address")],
)
def test_redirect_to_unusable_ranges_is_refused_even_from_a_local_feed(server, host, kind):
    # 0.0.0.0 reaches the local machine on Linux: a local feed may redirect to localhost, not this.
    target = f"http://{host}:{server.port}/feed"
    before = server.count("/feed")
    result = fetch(server.redirecting_to(target))
    assert result.error == f"redirect to another host refused: {target} ({kind})"
    assert server.count("/feed") == before


def test_redirect_target_with_userinfo_is_refused(server):
    before = server.count("/feed")
    result = fetch(server.redirecting_to(f"http://user:{SECRET}@127.0.0.1:{server.port}/feed"))
    assert result.error == (
        f"redirect to a URL with credentials refused: http://127.0.0.1:{server.port}/feed"
    )
    assert server.count("/feed") == before


def test_userinfo_of_a_refused_redirect_target_is_not_shown(server):
    result = fetch(server.redirecting_to(f"ftp://user:{SECRET}@example.org/feed"))
    assert result.error == "unsupported redirect target: ftp://example.org/feed"


def test_redirect_to_an_unresolvable_host_is_an_error(server):
    result = fetch(server.redirecting_to("http://nowhere.test/feed"), resolver=fake_resolver({}))
    assert result.error == "cannot resolve host nowhere.test: Name or service not known"


# ---------------------------------------------------------------------------------------------
# The policy and the address classes as units: https and public hosts cannot be served here


def route_from(url: str, table: dict[str, list[str]], **changes: Any) -> Route:
    return Route(urlsplit(url), settings(resolver=fake_resolver(table), **changes))


def test_redirect_to_another_public_host_is_followed():
    table = {"feeds.example": ["93.184.215.14"], "cdn.example": ["151.101.1.1", "2606:4700::1"]}
    route = route_from("https://feeds.example/rss", table)
    target = urlsplit("https://cdn.example/rss")
    route.follow(urlsplit("https://feeds.example/rss"), target)
    assert [str(address.ip) for address in route.addresses(target)] == [
        "151.101.1.1",
        "2606:4700::1",
    ]


@pytest.mark.parametrize("target", ["http://feeds.example/rss", "http://cdn.example/rss"])
def test_https_to_http_downgrade_is_refused(target):
    table = {"feeds.example": ["93.184.215.14"], "cdn.example": ["151.101.1.1"]}
    route = route_from("https://feeds.example/rss", table)
    with pytest.raises(FetchError) as refused:
        route.follow(urlsplit("https://feeds.example/rss"), urlsplit(target))
    assert str(refused.value) == f"redirect from https to http refused: {target}"


def test_http_to_https_upgrade_on_the_same_host_is_followed():
    route = route_from("http://feeds.example/rss", {"feeds.example": ["93.184.215.14"]})
    target = urlsplit("https://feeds.example/rss")
    route.follow(urlsplit("http://feeds.example/rss"), target)
    assert [str(address.ip) for address in route.addresses(target)] == ["93.184.215.14"]


def test_a_private_feed_may_redirect_into_private_ranges():
    table = {"intranet.lan": ["10.1.2.3"], "mirror.lan": ["192.168.5.5"]}
    route = route_from("http://intranet.lan/rss", table)
    route.follow(urlsplit("http://intranet.lan/rss"), urlsplit("http://mirror.lan/rss"))
    with pytest.raises(FetchError, match=r"\(a multicast address\)$"):
        route.follow(urlsplit("http://mirror.lan/rss"), urlsplit("http://239.1.1.1/rss"))


def test_a_public_feed_may_not_redirect_into_private_ranges():
    table = {"feeds.example": ["93.184.215.14"], "mirror.lan": ["192.168.5.5"]}
    route = route_from("http://feeds.example/rss", table)
    with pytest.raises(FetchError, match=r"\(192\.168\.5\.5, a private address\)$"):
        route.follow(urlsplit("http://feeds.example/rss"), urlsplit("http://mirror.lan/rss"))


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.0.0.5", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fc00::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("255.255.255.255", "a reserved address"),
        ("100.64.0.1", "a shared (carrier-grade NAT) address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.0.0.5", "a private address"),
        ("::ffff:169.254.169.254", "a link-local address"),
        ("::ffff:93.184.215.14", None),
        ("2002:a00:5::1", "a private address"),  # 6to4 of 10.0.0.5
    ],
)
def test_address_classes(address, kind):
    assert address_kind(ipaddress.ip_address(address)) == kind
