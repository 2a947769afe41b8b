"""Text normalisation shared by the classify and tag stages: accents, case, tokens, sentences."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A full stop after an abbreviation ("Warner Bros. France", "M. Dupont") ends no sentence.
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?<!\bBros\.)(?<!\bInc\.)(?<!\bCo\.)(?<!\bM\.)(?<!\bMr\.)(?<!\bDr\.)"
    r"(?<!\bSt\.)\s+(?=[A-ZÀ-ÖØ-Þ«\"“(])|\n+"
)
_NON_WORD = re.compile(r"[^a-z0-9.]+")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_SEPARATORS = str.maketrans(
    {"’": " ", "'": " ", "-": " ", "_": " ", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}
)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lowercase, without accents, hyphens and apostrophes as spaces: "Zone-Téléchargement" ->
    "zone telechargement". Memoised: the stages fold the same title and text several times."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(text.translate(_SEPARATORS).lower().split())


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t.strip(".") for t in _NON_WORD.split(fold(text)) if t.strip("."))


def tokens(text: str) -> list[str]:
    """Folded words; dots stay inside tokens so that domain names survive ("t411.me")."""
    return list(_tokens(text))


@lru_cache(maxsize=256)
def sentences(text: str) -> tuple[str, ...]:
    """The sentences of `text`. Memoised: tagging reads an entry's sentences five times."""
    return tuple(s.strip() for s in _SENTENCE_END.split(text) if s and s.strip())


_FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "un",
        "une",
        "et",
        "est",
        "sont",
        "dans",
        "pour",
        "par",
        "sur",
        "au",
        "aux",
        "qui",
        "que",
        "ne",
        "pas",
        "ce",
        "cette",
        "site",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "is",
        "are",
        "in",
        "for",
        "by",
        "on",
        "to",
        "a",
        "an",
        "which",
        "that",
        "not",
        "this",
        "was",
        "has",
        "have",
        "site",
    ]
)


def guess_lang(text: str) -> str:
    """ "fr" or "en" from common words, for feeds that do not say their language."""
    words = text.lower().split()
    french = sum(w in _FRENCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    return "fr" if french > english else "en"
