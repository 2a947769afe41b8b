"""canonical_url: one article, however it was linked, gives one key."""

from __future__ import annotations

import pytest
from newswire.urls import canonical_url, host_of, is_web_url


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        # scheme and host case, default ports, fragments
        ("HTTPS://WWW.Example.COM/Path/Article", "https://example.com/Path/Article"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/a  ", "https://example.com/a"),
        # http is not upgraded
        ("http://example.com/a", "http://example.com/a"),
        # tracking parameters
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?UTM_Campaign=x", "https://example.com/a"),
        ("https://example.com/a?xtor=RSS-16", "https://example.com/a"),
        ("https://example.com/a?fbclid=abc&gclid=def&yclid=1&igshid=2", "https://example.com/a"),
        ("https://example.com/a?mc_cid=1&mc_eid=2&_ga=3", "https://example.com/a"),
        ("https://example.com/a?at_medium=rss&at_campaign=x", "https://example.com/a"),
        ("https://example.com/a?ref=home&ref_src=twsrc&cmpid=rss", "https://example.com/a"),
        ("https://example.com/a?ns_mchannel=rss&ns_source=x", "https://example.com/a"),
        # other parameters stay, in their order and encoding
        ("https://example.com/a?id=3&utm_source=x&page=2", "https://example.com/a?id=3&page=2"),
        ("https://example.com/a?z=1&a=2", "https://example.com/a?z=1&a=2"),
        ("https://example.com/s?q=a%20b&utm_medium=x", "https://example.com/s?q=a%20b"),
        ("https://example.com/a?reference=1", "https://example.com/a?reference=1"),
        # AMP variants
        ("https://example.com/news/amp/article-1", "https://example.com/news/article-1"),
        ("https://example.com/news/article-1/amp", "https://example.com/news/article-1"),
        ("https://example.com/news/article-1/amp/", "https://example.com/news/article-1/"),
        ("https://amp.example.com/news/article-1", "https://example.com/news/article-1"),
        ("https://example.com/news/article-1?amp=1", "https://example.com/news/article-1"),
        ("https://example.com/news/a?outputType=amp", "https://example.com/news/a"),
        (
            "https://example.com/news/a?outputType=print",
            "https://example.com/news/a?outputType=print",
        ),
        ("https://example.com/news/article-1.amp.html", "https://example.com/news/article-1.html"),
        (
            "https://example.com/news/campaign-ampersand",
            "https://example.com/news/campaign-ampersand",
        ),
        # mobile hosts and www
        ("https://m.lemonde.fr/pixels/x.html", "https://lemonde.fr/pixels/x.html"),
        ("https://mobile.example.com/a", "https://example.com/a"),
        ("https://www.lemonde.fr/pixels/x.html", "https://lemonde.fr/pixels/x.html"),
        ("https://m.com/a", "https://m.com/a"),  # nothing registrable would remain
        # not http(s): returned as given, stripped
        ("mailto:someone@example.com", "mailto:someone@example.com"),
        (" javascript:alert(1) ", "javascript:alert(1)"),
        ("/relative/path?utm_source=x", "/relative/path?utm_source=x"),
        ("tag:theregister.example,2012:/x", "tag:theregister.example,2012:/x"),
        ("", ""),
        ("https://example.com:notaport/a", "https://example.com:notaport/a"),
    ],
)
def test_canonical_url(link: str, expected: str) -> None:
    assert canonical_url(link) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # newswire-dev: 01net item in the feed with and without its xtor parameter
        (
            "https://www.01net.example/actualites/piratage-allostream-rend-les-armes-530123.html",
            "https://www.01net.example/actualites/piratage-allostream-rend-les-armes-530123.html?xtor=RSS-16",
        ),
        # newswire-dev: Le Monde link with utm_ parameters, and its clean Atom id
        (
            "https://www.lemonde.example/pixels/article/2017/06/27/le-site-de-telechargement-t411-ferme-six-interpellations_5151764_4408996.html?utm_source=rss&utm_medium=feed&utm_campaign=pixels",
            "https://www.lemonde.example/pixels/article/2017/06/27/le-site-de-telechargement-t411-ferme-six-interpellations_5151764_4408996.html",
        ),
        ("https://m.lemonde.example/a.html", "https://www.lemonde.example/a.html"),
        ("https://amp.example.com/a/amp", "https://www.example.com/a#top"),
    ],
)
def test_variants_of_one_article_are_equal(first: str, second: str) -> None:
    assert canonical_url(first) == canonical_url(second)


def test_canonical_url_is_idempotent() -> None:
    link = "https://M.Example.com:443/news/amp/a.amp.html?utm_source=x&id=3#frag"
    once = canonical_url(link)
    assert once == "https://example.com/news/a.html?id=3"
    assert canonical_url(once) == once


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Zataz.example:8080/news/", "zataz.example"),
        ("https://torrentfreak.example/", "torrentfreak.example"),
        ("https://user:pw@news.bbc.example/x", "news.bbc.example"),
        ("not a url", ""),
        ("", ""),
    ],
)
def test_host_of(url: str, expected: str) -> None:
    assert host_of(url) == expected


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://example.com/a", True),
        ("HTTP://example.com", True),
        ("ftp://example.com/a", False),
        ("javascript:alert(1)", False),
        ("/relative", False),
        ("https:///no-host", False),
    ],
)
def test_is_web_url(link: str, expected: bool) -> None:
    assert is_web_url(link) is expected
