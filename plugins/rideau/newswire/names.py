"""Name forms of one site, as outlets write them: a domain and a name (`kinox.to` / Kinox),
spacing and hyphens (Zone-Téléchargement / Zone Telechargement / ZoneTelechargement),
accents, case, a leading article (The Pirate Bay / Pirate Bay / thepiratebay.org).

`name_key` folds every such form to one key (the same for a name and for its `fold`);
`similar_keys` accepts the small differences a name keeps across outlets (a dropped letter, a
plural) and refuses those that tell two sites apart: Allostream and Allostreaming (a longer
name), Torrentz and Torrentz2 (another number).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rideau.newswire.text import fold

# A domain standing for a site, once folded (hyphens read as spaces): "zone telechargement.ws",
# "www.t411.me", "example.co.uk". The name is what comes before the top-level domain.
_DOMAIN = re.compile(
    r"(?:www\d?\.)?([a-z0-9][a-z0-9 .]*?[a-z0-9])(?:\.(?:co|com|net|org))?\.[a-z]{2,6}"
)
_ARTICLES = ("the ", "le ", "la ", "les ", "l ")
# Outlets glue the English article to the name in domains and hashtags ("thepiratebay.org").
_GLUED_ARTICLE = "the"
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\d+")
# Endings outlets drop from a service's name ("Thapcam TV", "Thapcam"); not "ing" nor a
# number (Allostream / Allostreaming, Torrentz / Torrentz2 are other sites).
_GENERIC_ENDINGS = frozenset(("tv", "hd", "iptv", "online", "live", "stream", "streams", "app"))
# Below this length names are too short to tell a typo from another name ("T411" / "T412").
FUZZY_MIN_LENGTH = 6


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """The form of `name` that its spellings share: "Zone-Téléchargement", "zone telechargement",
    "ZoneTelechargement" and "zone-telechargement.ws" -> "zonetelechargement"."""
    folded = fold(name)
    domain = _DOMAIN.fullmatch(folded)
    if domain:
        folded = domain.group(1)
    for article in _ARTICLES:
        if folded.startswith(article) and len(folded) > len(article):
            folded = folded[len(article) :]
            break
    key = _NOT_KEY.sub("", folded)
    if key.startswith(_GLUED_ARTICLE) and len(key) - len(_GLUED_ARTICLE) >= 5:
        key = key[len(_GLUED_ARTICLE) :]
    return key


def is_domain(name: str) -> bool:
    """Whether `name` is written as a domain ("kinox.to", "www.t411.me")."""
    return _DOMAIN.fullmatch(fold(name)) is not None


def similar_keys(a: str, b: str) -> bool:
    """Whether two name keys are one name spelt twice: equal, or long enough and at most one
    edit apart (two for names of 12 letters or more), with the same numbers. In a name of
    fewer than 10 letters only a letter dropped or added counts: one letter replaced there
    is as likely another name (Torrentz / Torrents)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if (
        len(short) >= FUZZY_MIN_LENGTH
        and long.startswith(short)
        and long[len(short) :] in _GENERIC_ENDINGS
    ):
        return True  # "Xoilac TV" and "Xoi Lac": a generic ending outlets drop
    shorter = min(len(a), len(b))
    limit = 2 if shorter >= 12 else 1
    if shorter < FUZZY_MIN_LENGTH or abs(len(a) - len(b)) > limit:
        return False
    if shorter < 10 and len(a) == len(b):
        return False
    return _DIGITS.findall(a) == _DIGITS.findall(b) and edit_distance(a, b, limit) <= limit


def glued_domain(domain: str, name: str) -> bool:
    """Whether `name` is `domain` written as one word with its ending ("PobreTV" for
    "pobre.tv"): the ending is then part of the name, as ".tv" is of a TV service's."""
    folded = fold(domain)
    if not is_domain(folded) or is_domain(name):
        return False
    glued = _NOT_KEY.sub("", folded.removeprefix("www."))
    return len(glued) >= FUZZY_MIN_LENGTH and glued == _NOT_KEY.sub("", fold(name))


def contracted(short: str, long: str) -> bool:
    """Whether the one-word name `short` is the name `long` of several words contracted, as
    outlets shorten a name they repeat: the start of each word ("LibGen" for "Library
    Genesis"), its distinctive first word ("Omniverse" for "Omniverse One World Television"),
    or the initials of three words or more ("ACE" for "Alliance for Creativity
    and Entertainment" is no site, but "TPB" for "The Pirate Bay" is); and the capitals a
    one-word name opens with ("VK" for "VKontakte")."""
    if " " in fold(short).strip():
        return False
    # "VK" for "VKontakte": the capitals a one-word name opens with
    if (
        short.isupper()
        and 2 <= len(short) <= 4
        and long.startswith(short)
        and long[len(short) : len(short) + 1].islower()
        and " " not in long.strip()
    ):
        return True
    key = name_key(short)
    words = [w for w in (name_key(w) for w in _WORD_BREAK.split(fold(long))) if w]
    if len(words) < 2 or not key or key == "".join(words):
        return False
    if len(key) == len(words) >= 3 and all(w[0] == c for w, c in zip(words, key, strict=True)):
        return True
    # "Omniverse" for "Omniverse One World Television": the long name's first word, if it is
    # long enough to be a name of its own making (not "Pirate", "Library")
    if key == words[0] and len(key) >= MIN_LEADING_WORD and key not in _ORDINARY_WORDS:
        return True
    return len(key) >= 5 and _prefixes(key, tuple(words))


_WORD_BREAK = re.compile(r"[\s-]+")
MIN_LEADING_WORD = 5
# First words of many names, too ordinary to stand for one of them alone.
_ORDINARY_WORDS = frozenset(
    ("pirate", "library", "torrent", "torrents", "stream", "streaming", "movie", "movies",
     "video", "music", "manga", "anime", "elite", "super", "mega", "free", "popular", "world",
     "global", "planet", "digital", "media", "online", "files", "file")
)  # fmt: skip
_MIN_PREFIX = 2


@lru_cache(maxsize=4096)
def _prefixes(key: str, words: tuple[str, ...]) -> bool:
    """Whether `key` is a prefix of at least two letters of each of `words`, in order."""
    if not words:
        return not key
    first, rest = words[0], words[1:]
    longest = min(len(first), len(key) - _MIN_PREFIX * len(rest))
    return any(
        first[:size] == key[:size] and _prefixes(key[size:], rest)
        for size in range(_MIN_PREFIX, longest + 1)
    )


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it exceeds `limit`."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
