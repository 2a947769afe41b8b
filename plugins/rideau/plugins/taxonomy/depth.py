"""Reader depth, computed once per language site: entity profiles, the timeline, and each
story's earlier and later developments and related stories.

Everything here works on the stories of one site (any objects with `slug`, `date`, `sites`,
`studios`, `outcomes`) and indexes them by site, studio and outcome, so that a site of n
stories costs O(n · k) (k: stories sharing a term), never O(n²) template loops.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rideau.storyfile.vocabulary import OUTCOME_IDS

# Outcomes that say what state a site is in, strongest first: a story with both a shutdown
# and a relaunch (a clone took over) leaves the site relaunched.
STATUS_BY_OUTCOME: tuple[tuple[str, str], ...] = (
    ("relaunch", "relaunched"),
    ("shutdown", "closed"),
    ("blocking", "blocked"),
)
RELATED_LIMIT = 4


def chronological(stories: Iterable) -> list:
    """Oldest first (by the date the story was reported, then slug)."""
    return sorted(stories, key=lambda s: (_day(s.date), s.slug))


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def status_from_outcomes(outcomes: Iterable[str]) -> str | None:
    given = set(outcomes or ())
    return next((status for outcome, status in STATUS_BY_OUTCOME if outcome in given), None)


def derive_status(stories: Iterable, registry_status: str = "") -> tuple[str, object | None]:
    """The status of a site and the story that decides it.

    The latest story whose outcomes say something about the site's state decides (relaunch →
    relaunched, shutdown → closed, blocking → blocked); a later notice, lawsuit or conviction
    does not change it. With no such story, the registry's status stands (story None).
    """
    for story in reversed(chronological(stories)):
        status = status_from_outcomes(getattr(story, "outcomes", ()))
        if status:
            return status, story
    return registry_status or "", None


@dataclass(frozen=True)
class Count:
    """A name (site, studio or outcome id) and how many stories have it."""

    name: str
    count: int


def counts(stories: Iterable, key: str, *, order: Sequence[str] | None = None) -> list[Count]:
    """How many of `stories` name each value of `key`; most stories first, then by name (or in
    `order`, for outcomes)."""
    counter: Counter[str] = Counter()
    for story in stories:
        counter.update(dict.fromkeys(getattr(story, key, None) or (), 1))
    if order is not None:
        return [Count(name, counter[name]) for name in order if counter[name]]
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold()))
    return [Count(name, n) for name, n in ranked]


@dataclass(frozen=True)
class Profile:
    """What a site or studio page shows above its list of stories."""

    status: str  # sites: derived status ("" when unknown); studios: ""
    status_story: object | None  # the story that decided the status, if any
    timeline: tuple  # the stories, oldest first
    sites: tuple[Count, ...]  # studios: the sites acted against
    studios: tuple[Count, ...]  # sites: the studios that acted
    outcomes: tuple[Count, ...]


def profile(taxonomy: str, stories: Iterable, registry_status: str = "") -> Profile:
    stories = chronological(stories)
    status, decider = derive_status(stories, registry_status) if taxonomy == "sites" else ("", None)
    return Profile(
        status=status,
        status_story=decider,
        timeline=tuple(stories),
        sites=tuple(counts(stories, "sites")) if taxonomy == "studios" else (),
        studios=tuple(counts(stories, "studios")) if taxonomy == "sites" else (),
        outcomes=tuple(counts(stories, "outcomes", order=OUTCOME_IDS)),
    )


@dataclass(frozen=True)
class StoryLinks:
    """Links from one story to others: same sites before and after it, and related ones."""

    earlier: tuple  # stories about one of its sites, before it, oldest first
    later: tuple  # after it, oldest first
    related: tuple  # sharing a studio or an outcome (not a site), best first


def story_links(stories: Sequence, *, limit: int = RELATED_LIMIT) -> dict[str, StoryLinks]:
    """slug → StoryLinks for every story of one site."""
    ordered = chronological(stories)
    position = {story.slug: i for i, story in enumerate(ordered)}
    # Stories are handled by their position in `ordered` (slugs are unique in a site): the
    # positions of a site's stories are in order already, and a candidate is kept or not by
    # looking up its position, not the story's attributes.
    by_site: dict[str, list[int]] = defaultdict(list)
    studio_sets = [frozenset(getattr(story, "studios", None) or ()) for story in ordered]
    # Stories grouped by their exact set of outcomes, in chronological order: every story of a
    # group shares as many outcomes with a given story, so the nearest ones in time are found
    # by bisection instead of scoring every story that shares an outcome (O(n²) at 5,000).
    by_outcomes: dict[frozenset, list[int]] = defaultdict(list)
    # The same for stories with studios, by their sets of studios and outcomes: a story's
    # score against every story of such a group is the same too.
    by_tags: dict[tuple[frozenset, frozenset], list[int]] = defaultdict(list)
    for i, story in enumerate(ordered):
        for name in getattr(story, "sites", None) or ():
            by_site[name].append(i)
        outcomes = frozenset(getattr(story, "outcomes", None) or ())
        by_outcomes[outcomes].append(i)
        if studio_sets[i]:
            by_tags[(studio_sets[i], outcomes)].append(i)
    groups = [(names, positions) for names, positions in by_outcomes.items() if names]
    studio_groups: dict[str, list[tuple[frozenset, frozenset, list[int]]]] = defaultdict(list)
    for (studios, outcomes), positions in by_tags.items():
        for name in studios:
            studio_groups[name].append((studios, outcomes, positions))
    candidates = _Candidates(studio_groups, groups)
    links = {}
    for story in ordered:
        here = position[story.slug]
        sites = getattr(story, "sites", None) or ()
        if len(sites) == 1:
            same_site = by_site[sites[0]]  # in order, without repeats
        else:
            same_site = sorted({i for name in sites for i in by_site[name]})
        cut = bisect.bisect_left(same_site, here)
        earlier = tuple(ordered[i] for i in same_site[:cut])
        later = tuple(ordered[i] for i in same_site[cut:] if i != here)
        related = _related(story, here, studio_sets, candidates, frozenset(same_site), limit)
        links[story.slug] = StoryLinks(earlier, later, tuple(ordered[i] for i in related))
    return links


# A shared studio says more about a story than a shared outcome (most stories are shutdowns).
_WEIGHTS = {"studios": 3, "outcomes": 1}


class _Candidates:
    """The groups of candidates of a story by score, which depend only on its sets of studios
    and outcomes: found once per such pair of sets instead of once per story (the outcomes
    alone: once per set of outcomes, a few hundred at 5,000 stories)."""

    def __init__(self, studio_groups: dict, groups: list) -> None:
        self._studio_groups = studio_groups
        self._groups = groups
        self._sharing_studio: dict[tuple[frozenset, frozenset], dict] = {}
        self._sharing_outcomes: dict[frozenset, dict] = {}

    def sharing_studio(self, studios: frozenset, outcomes: frozenset) -> dict:
        """score → position lists of the groups sharing a studio with these sets."""
        found = self._sharing_studio.get((studios, outcomes))
        if found is None:
            found = defaultdict(list)
            seen = set()
            for name in studios:
                for group_studios, group_outcomes, positions in self._studio_groups.get(name, ()):
                    if id(positions) in seen:
                        continue
                    seen.add(id(positions))
                    score = _WEIGHTS["studios"] * len(studios.intersection(group_studios))
                    score += _WEIGHTS["outcomes"] * len(outcomes.intersection(group_outcomes))
                    found[score].append(positions)
            self._sharing_studio[(studios, outcomes)] = found
        return found

    def sharing_outcomes(self, outcomes: frozenset) -> dict:
        """score → position lists of the groups sharing an outcome with this set."""
        found = self._sharing_outcomes.get(outcomes)
        if found is None:
            found = defaultdict(list)
            for names, positions in self._groups:
                shared = len(outcomes.intersection(names))
                if shared:
                    found[_WEIGHTS["outcomes"] * shared].append(positions)
            self._sharing_outcomes[outcomes] = found
        return found


def _related(
    story,
    here: int,
    studio_sets: list[frozenset],
    candidates: _Candidates,
    same_site: frozenset[int],
    limit: int,
) -> list[int]:
    """The positions of the `limit` best stories sharing a studio or an outcome (not a site)
    with `story`, at position `here`.

    Score: 3 per shared studio, 1 per shared outcome; among equals, the closest in time, then
    the newest. Candidates come in groups whose every story scores the same (same studios and
    outcomes; or, without a shared studio, same outcomes); each group contributes its `limit`
    nearest, which is all that can win, and groups are taken best score first.
    """
    studios = studio_sets[here]
    outcomes = frozenset(getattr(story, "outcomes", None) or ())
    scored: dict[int, int] = {}  # the score of each candidate, by position

    def take(by_score: dict[int, list[list[int]]], keep) -> None:
        for score in sorted(by_score, reverse=True):
            if sum(1 for s in scored.values() if s > score) >= limit:
                break  # enough stories already score higher than any left
            for positions in by_score[score]:
                for i in _nearest(positions, here, limit, keep):
                    scored[i] = score

    take(
        candidates.sharing_studio(studios, outcomes),
        lambda i: i != here and i not in same_site,
    )
    take(
        candidates.sharing_outcomes(outcomes),
        lambda i: i != here and i not in same_site and not studios & studio_sets[i],
    )
    best = sorted(scored, key=lambda i: (-scored[i], abs(i - here), -i))
    return best[:limit]


def _nearest(positions: list[int], here: int, limit: int, keep) -> list[int]:
    """Up to `limit` kept positions closest to `here` (on a tie, the later one first)."""
    right = bisect.bisect_left(positions, here)
    left = right - 1
    found: list[int] = []
    while len(found) < limit and (left >= 0 or right < len(positions)):
        take_right = right < len(positions) and (
            left < 0 or positions[right] - here <= here - positions[left]
        )
        if take_right:
            candidate, right = positions[right], right + 1
        else:
            candidate, left = positions[left], left - 1
        if keep(candidate):
            found.append(candidate)
    return found


@dataclass(frozen=True)
class YearRow:
    """One year of the timeline: its stories and, per outcome, how many have it."""

    year: int
    stories: int
    outcomes: tuple[Count, ...]  # in vocabulary order, zero counts left out

    @property
    def outcome_total(self) -> int:
        return sum(c.count for c in self.outcomes)


def timeline(stories: Iterable) -> list[YearRow]:
    """Stories per year by outcome, oldest year first (years with no story are left out)."""
    by_year: dict[int, list] = defaultdict(list)
    for story in stories:
        by_year[story.date.year].append(story)
    return [
        YearRow(year, len(items), tuple(counts(items, "outcomes", order=OUTCOME_IDS)))
        for year, items in sorted(by_year.items())
    ]


@dataclass(frozen=True)
class Segment:
    outcome: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    row: YearRow
    y: float
    segments: tuple[Segment, ...]
    end: float  # x where the bar ends (its label goes after it)


@dataclass(frozen=True)
class Chart:
    """Geometry of the timeline chart (numbers only: the SVG is written by the template)."""

    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]


def chart(rows: Sequence[YearRow], *, width: int = 400, label_width: int = 44) -> Chart:
    """One horizontal bar per year, as long as its number of stories; its segments share that
    length in proportion to the outcomes of those stories.

    A story with several outcomes is in several segments, so a bar made of its outcome counts
    would make a year of two multi-outcome stories look longer than a year of two single-
    outcome ones; the length is the stories, the colours are the mix. 400 units wide: the SVG
    is drawn at about that size on a phone (358 px) and a desktop (480 px at most), so its
    14-unit labels stay between 12.5 and 17 px.
    """
    row_height, bar_height, room_for_count = 30, 20, 84
    longest = max((row.stories for row in rows), default=0) or 1
    unit = (width - label_width - room_for_count) / longest
    bars = []
    for i, row in enumerate(rows):
        x = float(label_width)
        length = row.stories * unit
        segments = []
        if row.outcomes:
            share = length / row.outcome_total
            for c in row.outcomes:
                segments.append(Segment(c.name, c.count, round(x, 2), round(c.count * share, 2)))
                x += c.count * share
        else:  # stories without an outcome: one plain segment, still as long as they are
            segments.append(Segment("", row.stories, round(x, 2), round(length, 2)))
            x += length
        bars.append(Bar(row, i * row_height + 4, tuple(segments), round(x, 2)))
    return Chart(width, max(len(rows), 1) * row_height + 8, label_width, bar_height, tuple(bars))
