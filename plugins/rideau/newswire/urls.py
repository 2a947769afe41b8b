"""Canonical article URLs, so that one article reached through different links is one key.

Feeds decorate links with analytics parameters, point to AMP or mobile copies and spell one
address in many ways (`%61` for `a`, `/a/./b`, `//`, `:443`, `EXAMPLE.com`, a Unicode or a
punycode host); the same article must compare equal however it was linked.

`canonical_url`, the dedup key, is the syntax-based normalisation of RFC 3986 (section 6.2.2,
with the empty path and default ports of 6.2.3), followed by equivalences of our own: http and
https are one scheme (outlets serve both, and feeds and old stories still give http links years
after a site moved to https), a trailing slash does not make another article, and tracking
parameters, fragments, AMP and mobile copies and a leading "www." go. The key is never fetched
nor shown: `citable_url`, the link readers get, keeps the outlet's spelling, scheme included.

Keys are kept where a change here does not reach them: in the `newswire: entries:` of story
files (still matched through the cited source URLs, whose keys are made again whenever a file
is read) and in the state's index records of unchanged files (to be discarded after a change).
"""

from __future__ import annotations

import re
import string
from encodings import idna
from functools import lru_cache
from types import MappingProxyType
from urllib.parse import SplitResult, quote, unquote_plus, unquote_to_bytes, urlsplit, urlunsplit

# Changed whenever `canonical_url` gives other keys for some links: caches of keys (the
# ingestion state) made with another version are dropped.
KEY_VERSION = 2
_WEB_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = MappingProxyType({"http": 80, "https": 443})
_KEY_SCHEME = "https"

# RFC 3986 section 2 and the characters each component may hold unencoded (3.2.1 to 3.4).
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_SUB_DELIMS = "!$&'()*+,;="
_USERNAME_SAFE = _UNRESERVED | frozenset(_SUB_DELIMS)
_USERINFO_SAFE = _USERNAME_SAFE | {":"}
_PATH_SAFE = _UNRESERVED | frozenset(_SUB_DELIMS + ":@/")
_QUERY_SAFE = _PATH_SAFE | {"?"}
_HEX = frozenset(string.hexdigits)
_PLAIN_HOST = re.compile(r"[a-z0-9.-]+")

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
_HOST_PREFIXES = (_AMP_HOST_PREFIX, *_MOBILE_HOST_PREFIXES, _WWW_PREFIX)
_AMP_HTML_SUFFIX = re.compile(r"(?:\.amp)+\.html?$", re.IGNORECASE)  # once is not enough


def is_web_url(link: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.hostname)


@lru_cache(maxsize=65_536)  # the same links are compared at every stage of a run
def canonical_url(link: str) -> str:
    """The comparable form of an article link (its dedup key): https, lowercase IDNA host, no
    default port, percent-encoding normalised, no dot segments, no empty segment, no trailing
    slash but the root's, no fragment, no tracking parameters, no AMP or mobile variant, no
    leading "www.". The key of a key is itself.

    Anything that is not an http(s) URL is returned as given, stripped of surrounding space.
    """
    cited, parts = _cite(link.strip())
    if parts is None:
        return cited
    if cited[-1].isspace():  # "/a #top" is cited "/a ", which a story file reads back "/a"
        # The key of the link as a story cites it, so that the next run finds the entry's key
        # among the cited ones and does not cite the article twice.
        cited, parts = _cite(cited.rstrip())
        if parts is None:
            return cited
    try:
        scheme = parts.scheme.lower()
        port = parts.port
    except ValueError:  # bad port: not a URL we can reason about
        return cited
    host = _canonical_host(parts.hostname or "")
    if not host:  # "https://./": nothing left to name a server
        return cited
    netloc = _canonical_netloc(scheme, host, port, parts.username, parts.password)
    path = _canonical_path(parts.path)
    query = _normalise_escapes(parts.query, _QUERY_SAFE)
    return urlunsplit((_KEY_SCHEME, netloc, path, query, ""))


def citable_url(link: str) -> str:
    """The link to cite as a source: as the outlet published it, less tracking parameters and
    fragment (host and path are kept: "www." may matter to the outlet's server)."""
    return _cite(link.strip())[0]


def _cite(link: str) -> tuple[str, SplitResult | None]:
    """`link` as cited, and its parts if it is an http(s) URL (None: it is returned as given)."""
    try:
        parts = urlsplit(link)
        web = parts.scheme.lower() in _WEB_SCHEMES and bool(parts.hostname)
    except ValueError:  # bracketed host that is not an IP address
        return link, None
    if not web:
        return link, None
    parts = parts._replace(query=_without_tracking(parts.query), fragment="")
    return urlunsplit(parts), parts


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
    # 443 goes after http too: the key's scheme is https, and a key must be its own key.
    if port is not None and port not in (_DEFAULT_PORTS[scheme], _DEFAULT_PORTS[_KEY_SCHEME]):
        host = f"{host}:{port}"
    if username is None:
        return host
    userinfo = _normalise_escapes(username, _USERNAME_SAFE)
    if password is not None:
        userinfo += ":" + _normalise_escapes(password, _USERINFO_SAFE)
    return f"{userinfo}@{host}"


def _canonical_host(hostname: str) -> str:
    if ":" in hostname:  # IPv6 literal (urlsplit removed the brackets): no labels to fold
        return f"[{hostname.lower()}]"
    # Nearly every host is plain: nothing to decode nor to encode.
    plain = _PLAIN_HOST.fullmatch(hostname)
    host = hostname.rstrip(".") if plain else _spelled_host(hostname)
    # Until none is left: "www.m.example.com" must not keep an "m." that its key would lose.
    while host.startswith(_HOST_PREFIXES):
        folded = _strip_prefix(host, _AMP_HOST_PREFIX)
        for prefix in _MOBILE_HOST_PREFIXES:
            folded = _strip_prefix(folded, prefix)
        folded = _strip_prefix(folded, _WWW_PREFIX)
        if folded == host:  # "m.com": nothing registrable would remain
            break
        host = folded
    return host


def _spelled_host(hostname: str) -> str:
    """One spelling of a host name: lowercase, IDNA labels, what is left percent-encoded."""
    # Every escape is decoded (a host is a name: "ex%C3%A4mple" is "exämple"), unless the
    # bytes are not UTF-8: then they stay bytes, only their ASCII letters lowercased.
    raw = unquote_to_bytes(hostname.encode("utf-8", "surrogatepass"))
    try:
        name = raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return quote(raw.lower().rstrip(b"."), safe=_SUB_DELIMS)
    labels = idna.dots.split(name.lower())  # the codec's dots: "。" separates labels too
    # The stdlib codec (IDNA 2003) rather than the idna package: not a dependency, and a key
    # must not depend on what happens to be installed.
    host = ".".join(_ascii_label(label) for label in labels)
    # "example.com." is the same name; stripped after IDNA, which spells "⒈" "1.".
    return quote(host.rstrip("."), safe=_SUB_DELIMS, errors="surrogatepass")


def _ascii_label(label: str) -> str:
    if label.isascii():
        return label
    try:
        return idna.ToASCII(label).decode("ascii").lower()
    except UnicodeError:  # too long, or not a valid IDN label: percent-encoded by the caller
        return label


def _strip_prefix(host: str, prefix: str) -> str:
    """Remove a host prefix only when a registrable-looking name remains ("m.com" stays)."""
    if host.startswith(prefix) and "." in host[len(prefix) :]:
        return host[len(prefix) :]
    return host


def _normalise_escapes(text: str, safe: frozenset[str]) -> str:
    """RFC 3986 6.2.2.1 and 6.2.2.2: escapes of unreserved characters decoded, the others in
    upper case, and what `safe` does not allow (space, non-ASCII, a "%" that starts no escape)
    encoded as UTF-8 escapes, so that one component has one spelling."""
    if "%" not in text and _plain(safe).fullmatch(text):
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "%" and text[i + 1 : i + 2] in _HEX and text[i + 2 : i + 3] in _HEX:
            decoded = chr(int(text[i + 1 : i + 3], 16))
            out.append(decoded if decoded in _UNRESERVED else text[i : i + 3].upper())
            i += 3
            continue
        out.append(char if char in safe else quote(char, safe="", errors="surrogatepass"))
        i += 1
    return "".join(out)


@lru_cache(maxsize=8)  # one per character set
def _plain(safe: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(sorted(safe))) + "]*")


def _canonical_path(path: str) -> str:
    # Escapes first, so that "%2E%2E" is a dot segment and "%61mp" an AMP segment.
    path = _normalise_escapes(path, _PATH_SAFE)
    # RFC 3986 5.2.4, on segments: "//" is "/" here (servers read it so), ".." stops at the root.
    segments: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    # "/a/amp/" -> "/a", "/a/amp" -> "/a"; dropping "" segments also dropped the trailing slash.
    segments = [segment for segment in segments if segment.lower() != "amp"]
    if segments:
        segments[-1] = _AMP_HTML_SUFFIX.sub(".html", segments[-1])
    return "/" + "/".join(segments)


def _without_tracking(query: str) -> str:
    # Work on the raw "name=value" pieces so that the kept ones keep their encoding. A piece of
    # blanks goes too: left last, it would be stripped from the cited link, and its key changed.
    kept = [piece for piece in query.split("&") if piece.strip() and not _is_noise_param(piece)]
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
