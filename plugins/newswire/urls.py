"""Canonical article URLs, so that one article reached through different links is one key.

Feeds decorate links with analytics parameters and point to AMP or mobile copies; the same
article must compare equal however it was linked. The scheme is kept as given (http and https
copies are not assumed to be the same resource).
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType
from urllib.parse import unquote_plus, urlsplit, urlunsplit

_WEB_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = MappingProxyType({"http": 80, "https": 443})

# Analytics and referral parameters: they identify the click, not the article.
_TRACKING_PARAMS = frozenset(
    {
        "xtor",
        "xtref",
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "twclid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "cmp",
        "_ga",
        "_gl",
        "yclid",
        "igshid",
        "ocid",
        "s_cid",
        "wt.mc_id",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "__twitter_impression",
    }
)
# Whole families: Google (utm_), comScore (ns_), AT Internet (at_medium, at_campaign, ...).
_TRACKING_PREFIXES = ("utm_", "ns_", "at_")

_AMP_HOST_PREFIX = "amp."
_MOBILE_HOST_PREFIXES = ("m.", "mobile.")
_WWW_PREFIX = "www."
_AMP_HTML_SUFFIX = re.compile(r"\.amp\.html?$", re.IGNORECASE)


def is_web_url(link: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.hostname)


@lru_cache(maxsize=65_536)  # the same links are compared at every stage of a run
def canonical_url(link: str) -> str:
    """The comparable form of an article link: lowercase scheme and host, no default port, no
    fragment, no tracking parameters, no AMP or mobile variant, no leading "www.".

    Anything that is not an http(s) URL is returned as given, stripped of surrounding space.
    """
    stripped = link.strip()
    try:
        parts = urlsplit(stripped)
        scheme = parts.scheme.lower()
        host = parts.hostname
        port = parts.port
    except ValueError:  # bad port or bracketed host: not a URL we can reason about
        return stripped
    if scheme not in _WEB_SCHEMES or not host:
        return stripped
    netloc = _canonical_netloc(scheme, host, port, parts.username, parts.password)
    path = _canonical_path(parts.path)
    query = _canonical_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def citable_url(link: str) -> str:
    """The link to cite as a source: as the outlet published it, less tracking parameters and
    fragment (host and path are kept: "www." may matter to the outlet's server)."""
    stripped = link.strip()
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return stripped
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        return stripped
    return urlunsplit((parts.scheme, parts.netloc, parts.path, _canonical_query(parts.query), ""))


def host_of(url: str) -> str:
    """The lowercase host of a URL, without port, credentials or leading "www."; "" if none."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return ""
    if not host:
        return ""
    return _strip_prefix(host.rstrip("."), _WWW_PREFIX)


def _canonical_netloc(
    scheme: str, host: str, port: int | None, username: str | None, password: str | None
) -> str:
    host = _canonical_host(host)
    if ":" in host:  # IPv6 literal: brackets were removed by hostname
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if username is None:
        return host
    userinfo = username if password is None else f"{username}:{password}"
    return f"{userinfo}@{host}"


def _canonical_host(host: str) -> str:
    host = host.lower().rstrip(".")
    host = _strip_prefix(host, _AMP_HOST_PREFIX)
    for prefix in _MOBILE_HOST_PREFIXES:
        host = _strip_prefix(host, prefix)
    return _strip_prefix(host, _WWW_PREFIX)


def _strip_prefix(host: str, prefix: str) -> str:
    """Remove a host prefix only when a registrable-looking name remains ("m.com" stays)."""
    if host.startswith(prefix) and "." in host[len(prefix) :]:
        return host[len(prefix) :]
    return host


def _canonical_path(path: str) -> str:
    # "/a/amp/" -> "/a/", "/a/amp" -> "/a"; an empty path and "/" are the same resource.
    segments = [segment for segment in path.split("/") if segment.lower() != "amp"]
    path = "/".join(segments)
    path = _AMP_HTML_SUFFIX.sub(".html", path)
    if not path.startswith("/"):
        path = "/" + path
    return path


def _canonical_query(query: str) -> str:
    # Work on the raw "name=value" pieces so that the kept ones keep their original encoding.
    kept = [piece for piece in query.split("&") if piece and not _is_noise_param(piece)]
    return "&".join(kept)


def _is_noise_param(piece: str) -> bool:
    raw_name, _, raw_value = piece.partition("=")
    name = unquote_plus(raw_name).strip().lower()
    value = unquote_plus(raw_value).strip().lower()
    if name in _TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES):
        return True
    if name == "amp":
        return True
    return name == "outputtype" and value == "amp"
