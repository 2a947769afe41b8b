"""Which kept entry an entry that names no site reports the same action as, by the words they share.

Some outlets never name the site in their feed: "German film piracy site vanishes", "One of
Germany's most visited websites… prosecutors in Dresden". An entry the classifier found sure of
an action, but that names no site (`Relevance.lacks_site`) and that the run's established sites
did not corroborate, is compared with the kept entries of the same language and the same few
days that report one of its outcomes. It takes the sites of the one it resembles most, when
that one stands out: its rare words (weighted by how few of the run's entries use them) are a
large enough share of the two entries' words, and clearly more than any entry about other sites
shares. When none of its language stands out, the kept entries of the other language are
compared the same way: what two languages write alike is names, figures and loanwords ("Le FBI
ferme trois boutiques d'applications Android" and "FBI seizes Android app stores"), so a smaller
share is asked, of two words at least. Otherwise its rejection stands.

Some actions are reported without a site by every outlet: "Brazil's 'Operation 404' takes
down 210 piracy sites", « Espagne : 17 sites de liens fermés ». The entries left rejected that
resemble one another by the same measures, from two outlets or more, are one story of no site
(`same_action_groups`): one outlet alone may report a law or a report with the same words,
several outlets writing alike of one action in the same days rarely do.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rideau.newswire.records import CleanEntry, TaggedEntry
from rideau.newswire.targets import common_words, name_key
from rideau.newswire.text import tokens

# The start of a kept entry's text that is kept for this comparison (the rest is dropped once
# an entry is tagged: a run holds every entry until it ends). The lead holds the facts.
LEAD_CHARS = 600
# The weighted share of their words two entries must share (measured on the tuning corpora:
# the right entry shared 0.10 to 0.23, no wrong one more than 0.03).
MIN_RESEMBLANCE = 0.05
# The same between languages, where only names, figures and loanwords can be shared.
# (measured on the seven tuning corpora: every match from 0.01 up was right; a wrong one
# came at 0.00), with two words at least in common (one is a coincidence: a place, a month)
MIN_ACROSS = 0.02
MIN_SHARED_ACROSS = 2
# A share that says the same action whatever outcomes the two readings gave (measured on
# the nine tuning corpora: no entry of another action shared more than 0.041).
SAME_DESPITE_OUTCOMES = 0.10
# How much more the best entry must share than the best one about other sites.
MARGIN = 1.3
WINDOW_DAYS = 3
MIN_WORD_LENGTH = 3
# The share of their words that makes two kept entries of the same few days one action,
# whatever sites each was filed under (one blocking order against 152 sites, each outlet
# leading with another): measured on the thirteen tuning corpora, entries of one event in
# two stories shared up to 0.29 (same language) and 0.12 (across), of different events no
# more than 0.074 and 0.083.
SAME_STORY = 0.09
SAME_STORY_ACROSS = 0.10
# ...in three words at least (every such pair of one event shared three to eighteen): in a
# run of a few entries, one word two of them use weighs as much as a name.
MIN_SHARED_SAME_STORY = 3
# The outlets whose entries, naming no site, must resemble one another for them to be a story
# (measured on the thirteen tuning corpora: from two outlets, 132 entries of 45 events and 9
# distractors, and no group mixed two events; one outlet's entries were mostly distractors).
MIN_OUTLETS_OF_NO_SITE = 2


def content_words(title: str, text: str) -> frozenset[str]:
    """The words of an entry that can tell one story from another: not function words nor
    the generic words of every piracy story, nor numbers."""
    common = common_words()
    return frozenset(
        word
        for word in tokens(f"{title}\n{text[:LEAD_CHARS]}")
        if len(word) >= MIN_WORD_LENGTH and word not in common and not word.isdigit()
    )


@dataclass(frozen=True)
class Match:
    entry: TaggedEntry
    resemblance: float


class Resemblance:
    """The kept entries of a run, and the weight of each word among all the run's entries."""

    def __init__(self, kept: Sequence[TaggedEntry], others: Iterable[CleanEntry]) -> None:
        # kept entries by language and day: an entry is compared with those of its few days
        self.by_day: dict[tuple[str, int], list[tuple[TaggedEntry, frozenset[str]]]] = {}
        counts: Counter[str] = Counter()
        for entry in kept:
            if not entry.tags.sites:
                continue
            words = content_words(entry.clean.title, entry.clean.text)
            self.by_day.setdefault(_slot(entry.clean), []).append((entry, words))
            counts.update(words)
        total = len(kept)
        for clean in others:
            counts.update(content_words(clean.title, clean.text))
            total += 1
        self.weight = {word: math.log(total / count) for word, count in counts.items()}
        self._words: dict[str, frozenset[str]] = {}
        self.langs = sorted({lang for lang, _day in self.by_day})

    def _near(
        self, clean: CleanEntry, across: bool = False
    ) -> Iterable[tuple[TaggedEntry, frozenset[str]]]:
        lang, day = _slot(clean)
        langs = [other for other in self.langs if other != lang] if across else [lang]
        days = range(-WINDOW_DAYS, WINDOW_DAYS + 1) if day else [0]  # undated: with undated
        return (
            pair
            for other in langs
            for offset in days
            for pair in self.by_day.get((other, day + offset if day else 0), ())
        )

    def closest(self, clean: CleanEntry, outcomes: Iterable[str]) -> Match | None:
        """The kept entry `clean` reports the same action as, if one stands out: of its own
        language, else of another, by the names and figures both write alike."""
        return self._closest(clean, outcomes, False) or self._closest(clean, outcomes, True)

    def _closest(self, clean: CleanEntry, outcomes: Iterable[str], across: bool) -> Match | None:
        words = content_words(clean.title, clean.text)
        outcomes = set(outcomes)
        best: dict[frozenset[str], Match] = {}  # by the sites of the entries compared
        for entry, other in self._near(clean, across):
            # (a kept entry whose outcome words were not read contradicts none)
            contradicts = (
                bool(outcomes) and bool(entry.tags.outcomes)
                and not outcomes & set(entry.tags.outcomes)
            )  # fmt: skip
            sites = frozenset(name_key(site) for site in entry.tags.sites)
            few = across and len(words & other) < MIN_SHARED_ACROSS
            score = 0.0 if few else self._shared(words, other)
            # another outcome is another development, unless the words say it is the same
            # (one of the two outcome readings went wrong: "broke no law" read as a closure)
            if contradicts and score < SAME_DESPITE_OUTCOMES:
                score = 0.0
            if sites not in best or score > best[sites].resemblance:
                best[sites] = Match(entry, score)
        ranked = sorted(best.values(), key=lambda m: m.resemblance, reverse=True)
        if not ranked or ranked[0].resemblance < (MIN_ACROSS if across else MIN_RESEMBLANCE):
            return None
        if len(ranked) > 1 and ranked[0].resemblance < MARGIN * ranked[1].resemblance:
            return None
        return ranked[0]

    def same_action_groups(
        self, cleans: Sequence[CleanEntry], outcomes: Sequence[Iterable[str]]
    ) -> list[tuple[int, ...]]:
        """The groups of `cleans` (by index) that resemble one another as one action, each from
        `MIN_OUTLETS_OF_NO_SITE` outlets or more; `outcomes[i]`: what `cleans[i]` reports."""
        words = [content_words(c.title, c.text) for c in cleans]
        read = [set(o) for o in outcomes]
        by_day: dict[int, list[int]] = {}
        for i, clean in enumerate(cleans):
            by_day.setdefault(_slot(clean)[1], []).append(i)
        parent = list(range(len(cleans)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, clean in enumerate(cleans):
            day = _slot(clean)[1]
            days = range(day - WINDOW_DAYS, day + WINDOW_DAYS + 1) if day else [0]
            for other_day in days:
                for j in by_day.get(other_day, ()):
                    if j > i and root(i) != root(j) and self._alike(cleans, words, read, i, j):
                        parent[root(j)] = root(i)
        groups: dict[int, list[int]] = {}
        for i in range(len(cleans)):
            groups.setdefault(root(i), []).append(i)
        return [
            tuple(members)
            for members in groups.values()
            if len({cleans[i].entry.outlet for i in members}) >= MIN_OUTLETS_OF_NO_SITE
        ]

    def _alike(
        self,
        cleans: Sequence[CleanEntry],
        words: Sequence[frozenset[str]],
        read: Sequence[set[str]],
        i: int,
        j: int,
    ) -> bool:
        across = cleans[i].entry.lang != cleans[j].entry.lang
        if across and len(words[i] & words[j]) < MIN_SHARED_ACROSS:
            return False
        score = self._shared(words[i], words[j])
        if read[i] and read[j] and not read[i] & read[j] and score < SAME_DESPITE_OUTCOMES:
            return False
        return score >= (MIN_ACROSS if across else MIN_RESEMBLANCE)

    def same_story(self, a: CleanEntry, b: CleanEntry) -> bool:
        """Whether two kept entries write so alike that they report one action."""
        across = a.entry.lang != b.entry.lang
        words_a, words_b = self.words(a), self.words(b)
        if len(words_a & words_b) < MIN_SHARED_SAME_STORY:
            return False
        return self._shared(words_a, words_b) >= (SAME_STORY_ACROSS if across else SAME_STORY)

    def words(self, clean: CleanEntry) -> frozenset[str]:
        key = clean.entry.url
        if key not in self._words:
            self._words[key] = content_words(clean.title, clean.text)
        return self._words[key]

    def _shared(self, words: frozenset[str], other: frozenset[str]) -> float:
        union = sum(self.weight.get(word, 0.0) for word in words | other)
        if not union:
            return 0.0
        return sum(self.weight.get(word, 0.0) for word in words & other) / union


def _slot(clean: CleanEntry) -> tuple[str, int]:
    """An entry's language and day (0: undated)."""
    published = clean.entry.published
    return clean.entry.lang, published.date().toordinal() if published else 0
