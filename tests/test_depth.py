"""Reader depth computed by the taxonomy plugin: site status, profiles, developments, related
stories and the timeline, on small made-up archives."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from rideau.plugins.taxonomy.depth import (
    chart,
    counts,
    derive_status,
    profile,
    status_from_outcomes,
    story_links,
    timeline,
)


def story(slug, date, sites=(), studios=(), outcomes=()):
    return SimpleNamespace(
        slug=slug,
        date=dt.datetime.fromisoformat(date),
        sites=list(sites),
        studios=list(studios),
        outcomes=list(outcomes),
    )


@pytest.mark.parametrize(
    ("outcomes", "status"),
    [
        (["relaunch"], "relaunched"),
        (["shutdown"], "closed"),
        (["blocking"], "blocked"),
        (["shutdown", "relaunch"], "relaunched"),  # a clone took over the day it closed
        (["blocking", "shutdown"], "closed"),
        (["notice", "lawsuit"], None),
        ([], None),
    ],
)
def test_status_from_one_story(outcomes, status) -> None:
    assert status_from_outcomes(outcomes) == status


def test_latest_story_decides_the_status() -> None:
    raid = story("raid", "2014-12-09", ["Bay"], outcomes=["seizure", "shutdown"])
    back = story("back", "2015-01-31", ["Bay"], outcomes=["relaunch"])
    blocked = story("blocked", "2016-03-01", ["Bay"], outcomes=["blocking"])
    assert derive_status([raid], "active") == ("closed", raid)
    assert derive_status([back, raid], "closed") == ("relaunched", back)  # order does not matter
    assert derive_status([raid, back, blocked], "active") == ("blocked", blocked)


def test_a_later_story_without_a_state_keeps_the_earlier_status() -> None:
    shutdown = story("shut", "2016-11-28", ["ZT"], outcomes=["arrest", "shutdown"])
    trial = story("trial", "2019-05-10", ["ZT"], outcomes=["lawsuit", "conviction"])
    assert derive_status([shutdown, trial], "active") == ("closed", shutdown)


def test_registry_status_when_no_story_says() -> None:
    notice = story("notice", "2011-02-08", ["A"], outcomes=["notice"])
    assert derive_status([notice], "active") == ("active", None)
    assert derive_status([], "") == ("", None)


def test_profiles_count_studios_sites_and_outcomes() -> None:
    stories = [
        story("a", "2011-01-01", ["A"], ["Warner", "MPA"], ["notice"]),
        story("b", "2012-01-01", ["A", "B"], ["MPA"], ["blocking"]),
        story("c", "2013-01-01", ["B"], ["MPA"], ["shutdown", "notice"]),
    ]
    site = profile("sites", [s for s in stories if "A" in s.sites], "active")
    assert site.status == "blocked" and site.status_story.slug == "b"
    assert [s.slug for s in site.timeline] == ["a", "b"]  # oldest first
    assert [(c.name, c.count) for c in site.studios] == [("MPA", 2), ("Warner", 1)]
    assert site.sites == ()
    studio = profile("studios", stories)
    assert studio.status == ""
    assert [(c.name, c.count) for c in studio.sites] == [("A", 2), ("B", 2)]
    # outcomes in vocabulary order, not by count
    assert [(c.name, c.count) for c in studio.outcomes] == [
        ("notice", 2),
        ("blocking", 1),
        ("shutdown", 1),
    ]
    assert counts(stories, "studios")[0].name == "MPA"


def test_developments_are_the_stories_about_the_same_sites_before_and_after() -> None:
    stories = [
        story("raid", "2014-12-09", ["Bay"], outcomes=["seizure"]),
        story("other", "2015-01-10", ["Elsewhere"], outcomes=["seizure"]),
        story("back", "2015-01-31", ["Bay", "Mirror"], outcomes=["relaunch"]),
        story("mirror-blocked", "2016-02-01", ["Mirror"], outcomes=["blocking"]),
        story("trial", "2017-05-01", ["Bay"], outcomes=["lawsuit"]),
    ]
    links = story_links(list(reversed(stories)))  # the site lists newest first
    back = links["back"]
    assert [s.slug for s in back.earlier] == ["raid"]
    assert [s.slug for s in back.later] == ["mirror-blocked", "trial"]  # oldest first
    assert [s.slug for s in links["raid"].earlier] == []
    assert [s.slug for s in links["raid"].later] == ["back", "trial"]
    assert links["other"].earlier == links["other"].later == ()


def test_related_stories_share_a_studio_or_an_outcome_never_a_site() -> None:
    stories = [
        story("me", "2016-07-21", ["KAT"], ["MPA"], ["arrest", "shutdown"]),
        story("same-site", "2016-08-01", ["KAT"], ["MPA"], ["shutdown"]),
        story("same-studio", "2012-01-19", ["Megaupload"], ["MPA"], ["seizure"]),
        story("same-outcome-near", "2016-11-28", ["ZT"], ["SACEM"], ["shutdown"]),
        story("same-outcome-far", "2008-01-31", ["Chacal"], ["ALPA"], ["shutdown"]),
        story("two-outcomes", "2010-01-01", ["X"], [], ["arrest", "shutdown"]),
        story("unrelated", "2016-07-22", ["Y"], ["Z"], ["notice"]),
    ]
    related = [s.slug for s in story_links(stories)["me"].related]
    # a shared studio weighs more than shared outcomes; among equals, the closest in time
    assert related == ["same-studio", "two-outcomes", "same-outcome-near", "same-outcome-far"]
    assert "same-site" not in related and "unrelated" not in related
    assert len(story_links(stories, limit=2)["me"].related) == 2


def test_story_links_scale_linearly_with_stories_that_share_nothing() -> None:
    many = [
        story(f"s{i}", f"2010-01-01T00:{i // 60:02d}:{i % 60:02d}", [f"site{i}"])
        for i in range(3000)
    ]
    links = story_links(many)
    assert len(links) == 3000 and all(not x.related and not x.earlier for x in links.values())


def test_timeline_counts_stories_and_outcomes_per_year() -> None:
    stories = [
        story("a", "2011-02-08", outcomes=["notice", "shutdown"]),
        story("b", "2011-06-01", outcomes=["shutdown"]),
        story("c", "2013-11-29", outcomes=["blocking"]),
    ]
    rows = timeline(stories)
    assert [r.year for r in rows] == [2011, 2013]
    assert rows[0].stories == 2 and rows[0].outcome_total == 3
    assert [(c.name, c.count) for c in rows[0].outcomes] == [("notice", 1), ("shutdown", 2)]
    geometry = chart(rows, width=640, label_width=56)  # room for the count: 84
    first, second = geometry.bars
    assert first.segments[0].x == 56 and second.segments[0].x == 56
    # the longest bar fills the room left for bars; lengths are proportional to stories
    assert first.end == pytest.approx(640 - 84)
    assert second.end - 56 == pytest.approx((first.end - 56) / 2, abs=0.01)
    assert geometry.height > second.y + geometry.bar_height
    assert chart([]).bars == ()


def related_by_definition(stories, limit):
    """The related stories scored the plain way: every pair of stories (O(n²))."""
    ordered = sorted(stories, key=lambda s: (s.date.date(), s.slug))
    position = {s.slug: i for i, s in enumerate(ordered)}
    result = {}
    for story in ordered:
        scores = {}
        for other in ordered:
            if other is story or set(other.sites) & set(story.sites):
                continue
            score = 3 * len(set(other.studios) & set(story.studios))
            score += len(set(other.outcomes) & set(story.outcomes))
            if score:
                scores[other.slug] = score
        here = position[story.slug]
        best = sorted(scores, key=lambda s: (-scores[s], abs(position[s] - here), -position[s]))
        result[story.slug] = best[:limit]
    return result


@pytest.mark.parametrize("seed", range(60))
def test_related_stories_found_by_index_are_those_of_the_definition(seed) -> None:
    rng = random.Random(seed)
    stories = [
        story(
            f"s{i}",
            f"2011-02-{rng.randint(1, 28):02d}",
            rng.sample("abcdef", rng.randint(0, 2)),
            rng.sample("wxyz", rng.randint(0, 2)),
            rng.sample(["notice", "shutdown", "blocking", "raid"], rng.randint(0, 3)),
        )
        for i in range(rng.randint(1, 90 if seed < 40 else 250))
    ]
    limit = rng.randint(1, 5)
    links = story_links(stories, limit=limit)
    found = {slug: [s.slug for s in link.related] for slug, link in links.items()}
    assert found == related_by_definition(stories, limit)
