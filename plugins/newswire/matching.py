"""Compiled matchers: lexicon patterns and registry names, on folded text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from stories.registry import Registry

from .text import fold, tokens


def compile_terms(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regular expression matching any of `patterns` as whole words."""
    return re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![a-z0-9])"
    )


@dataclass(frozen=True)
class NameHit:
    canonical: str
    start: int  # token index
    end: int


class NameFinder:
    """Finds registry names and aliases in text, by token n-grams (no scan of the registry).

    "Allostream" does not match inside "Allostreaming"; "Zone Telechargement",
    "zone-téléchargement" and "Zone-Téléchargement" are the same name; a domain alias
    ("t411.me") or a domain whose stem is a name ("allostream.fr") is that name too.
    """

    def __init__(self, registry: Registry, taxonomy: str):
        self._names: dict[tuple[str, ...], str] = {}
        for entry in registry.entries(taxonomy):
            for name in (entry.name, *entry.aliases):
                key = tuple(tokens(name))
                if key:
                    self._names.setdefault(key, entry.name)
                    # Domain names drop the spaces: "piratebay.se", "zonetelechargement.com".
                    self._names.setdefault(("".join(key),), entry.name)
                    # "The Pirate Bay" is often written "Pirate Bay".
                    if len(key) > 1 and key[0] in ("the", "le", "la", "les"):
                        self._names.setdefault(key[1:], entry.name)
                        self._names.setdefault(("".join(key[1:]),), entry.name)
        self._longest = max((len(k) for k in self._names), default=0)

    def find(self, words: list[str]) -> list[NameHit]:
        hits = []
        i = 0
        while i < len(words):
            for size in range(min(self._longest, len(words) - i), 0, -1):
                canonical = self._names.get(tuple(words[i : i + size]))
                if canonical is None and size == 1 and "." in words[i]:
                    canonical = self._names.get((words[i].split(".")[0],))
                if canonical is not None:
                    hits.append(NameHit(canonical, i, i + size))
                    i += size
                    break
            else:
                i += 1
        return hits

    def names_in(self, text: str) -> list[str]:
        return [hit.canonical for hit in self.find(tokens(text))]


def folded(text: str) -> str:
    return fold(text)
