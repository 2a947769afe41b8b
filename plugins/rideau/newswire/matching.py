"""Compiled matchers: lexicon patterns and registry names, on folded text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rideau.newswire.text import fold, tokens
from rideau.registry import Registry


def compile_terms(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regular expression matching any of `patterns` as whole words."""
    return re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![a-z0-9])"
    )


# Words after a name that make it a comparison ("Napster-style", "Megaupload-like").
_LIKENESS = (["style"], ["like"], ["type"], ["esque"], ["killer"])


def compile_terms_by_letter(patterns: Iterable[str]) -> re.Pattern[str]:
    """`compile_terms`, faster on long lists: the patterns that start with a plain letter are
    grouped under it ("a(?:rret…|ccord…)|b(?:loqu…)"), so that the engine tries at each word
    only those that can match its first letter. Patterns starting otherwise ("(wins?|won)…")
    come after, in their order; each group keeps its patterns' order."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for pattern in (p for original in patterns for p in _expanded(original)):
        first, rest = pattern[:1], pattern[1:]
        if first.isalpha() and first.islower() and _plain_start(rest) and _single(pattern):
            groups.setdefault(first, []).append(rest)
        else:
            others.append(pattern)
    alternatives = [
        letter + "(?:" + "|".join(f"(?:{rest})" for rest in rests) + ")"
        for letter, rests in groups.items()
    ] + [f"(?:{p})" for p in others]
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


def _expanded(pattern: str) -> list[str]:
    """A pattern that starts with a group, one pattern per alternative of the group, in the
    order the engine tries them: "(case|suit) against" -> "case against", "suit against";
    "(legal )?notice" -> "legal notice", "notice" (so that each can be grouped under its first
    letter, and no pattern is tried at every position of the text)."""
    if not pattern.startswith("(") or pattern.startswith("(?"):
        return [pattern]
    close = _group_end(pattern)
    if close is None:
        return [pattern]
    inner, rest = pattern[1:close], pattern[close + 1 :]
    optional = rest[:1] == "?" and rest[1:2] not in ("?", "+")
    if optional:
        rest = rest[1:]
    elif rest[:1] in ("?", "*", "+", "{"):
        return [pattern]
    alternatives = [a + rest for a in _top_level_alternatives(inner)]
    if optional:
        alternatives.append(rest)
    return [e for alternative in alternatives for e in _expanded(alternative)]


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """The parentheses and bars of `pattern` outside escapes and character classes, with the
    depth of groups after each: (index, char, depth)."""
    depth, escaped, in_class = 0, False, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[char]
            yield index, char, depth


def _group_end(pattern: str) -> int | None:
    """The index of the parenthesis that closes the group `pattern` opens."""
    return next((i for i, char, depth in _structure(pattern) if char == ")" and not depth), None)


def _top_level_alternatives(inner: str) -> list[str]:
    """`inner` split at the bars outside its own groups and character classes."""
    bars = [i for i, char, depth in _structure(inner) if char == "|" and not depth]
    starts, ends = [0, *(i + 1 for i in bars)], [*bars, len(inner)]
    return [inner[start:end] for start, end in zip(starts, ends, strict=True)]


def _plain_start(rest: str) -> bool:
    """No quantifier applies to the first letter ("e?mule" cannot be split after "e")."""
    return not rest[:1] or rest[0] not in "?*+{"


def _single(pattern: str) -> bool:
    """No alternation at the top level of the pattern ("ab|cd" cannot be split after "a")."""
    return not any(char == "|" and not depth for _, char, depth in _structure(pattern))


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
        # Names by their first word, longest first: one dictionary look-up per word of text.
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, canonical in sorted(self._names.items(), key=lambda kv: -len(kv[0])):
            self._by_first.setdefault(key[0], []).append((key, canonical))
        self._firsts = frozenset(self._by_first)

    def find(self, words: list[str]) -> list[NameHit]:
        # Most sentences name nothing: a set test in C settles them without the loop below.
        if self._firsts.isdisjoint(words) and not any("." in word for word in words):
            return []
        hits = []
        i = 0
        while i < len(words):
            word = words[i]
            candidates = self._by_first.get(word)
            if candidates is None and "." in word:  # a domain: its stem may be a name
                canonical = self._names.get((word.split(".")[0],))
                if canonical is not None:
                    hits.append(NameHit(canonical, i, i + 1))
                i += 1
                continue
            for key, canonical in candidates or ():
                if tuple(words[i : i + len(key)]) == key:
                    # "a Napster-style exchange", "Megaupload-like": a comparison, no mention
                    if words[i + len(key) : i + len(key) + 1] not in _LIKENESS:
                        hits.append(NameHit(canonical, i, i + len(key)))
                    i += len(key)
                    break
            else:
                i += 1
        return hits

    def names_in(self, text: str) -> list[str]:
        return [hit.canonical for hit in self.find(tokens(text))]


def folded(text: str) -> str:
    return fold(text)
