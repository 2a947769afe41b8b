"""Text normalisation shared by the classify and tag stages: accents, case, tokens, sentences."""

from __future__ import annotations

import re
import unicodedata

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«\"“(])|\n+")
_NON_WORD = re.compile(r"[^a-z0-9.]+")


def fold(text: str) -> str:
    """Lowercase, without accents, hyphens and apostrophes as spaces: "Zone-Téléchargement" ->
    "zone telechargement"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("’", "'").replace("'", " ").replace("-", " ").replace("_", " ")
    return " ".join(stripped.lower().split())


def tokens(text: str) -> list[str]:
    """Folded words; dots stay inside tokens so that domain names survive ("t411.me")."""
    return [t.strip(".") for t in _NON_WORD.split(fold(text)) if t.strip(".")]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


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
