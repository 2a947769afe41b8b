"""Stage 5, cluster: one story per real-world development, whatever the outlets and languages.

1. Exact duplicates: an entry whose canonical URL or guid is already cited by a story joins
   that story (a second copy in the same run is a duplicate entry).
2. Same development: an entry joins the story that shares a targeted site, is dated within
   `window_days` of it, unless the entry's headline states another kind of development than
   the story's (names survive translation, so this works across French and English; a site
   blocked on Monday and raided on Friday is two stories).
3. Otherwise the entry starts a new story: a later development about the same site (a
   conviction months after a raid) falls outside the window and is a new story.

Look-ups go through the archive index (a hash for keys, a bisect per site for dates): the
cost per entry does not grow with the number of stories beyond a logarithm.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from rideau.newswire.archive import ArchiveIndex
from rideau.newswire.records import Cluster, Rejection, TaggedEntry
from rideau.registry import slug_for

# Closures and comebacks follow most developments within days (a site shut down by a raid
# briefly reappears): they do not tell two developments apart.
AFTERMATH = frozenset({"shutdown", "relaunch"})


@dataclass(frozen=True)
class ClusterSettings:
    window_days: int = 12


def entry_date(tagged: TaggedEntry, today: dt.date) -> dt.date:
    published = tagged.entry.published
    return published.date() if published else today


# A story id names its files (`<id>.<lang>.md`, and `.<id>.<lang>.md.<random>.tmp` while
# written): well under the 255 bytes most file systems allow for a name.
MAX_SLUG_LENGTH = 60


def story_id_for(tagged: TaggedEntry, date: dt.date) -> str:
    if tagged.tags.sites:
        base = bounded_slug(slug_for(tagged.tags.sites[0]) or "story")
    else:
        digest = hashlib.sha256(tagged.entry.url.encode()).hexdigest()[:6]
        base = f"story-{digest}"
    return f"{base}-{date:%Y-%m-%d}"


def bounded_slug(slug: str, limit: int = MAX_SLUG_LENGTH) -> str:
    """`slug` if short enough, else its start and a hash of the whole (still unique)."""
    if len(slug) <= limit:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    return f"{slug[: limit - 9].rstrip('-')}-{digest}"


def best_story(
    index: ArchiveIndex, tagged: TaggedEntry, date: dt.date, days: int
) -> tuple[str | None, str]:
    """The story this entry continues, and why; (None, "") when there is none."""
    scores: dict[str, tuple[int, int]] = {}
    # What the headline says happened, beyond the aftermath most developments share.
    headline = set(tagged.tags.headline_outcomes) - AFTERMATH
    for site in tagged.tags.sites:
        for story_id in index.near(site, date, days):
            info = index.stories[story_id]
            known = info.outcomes - AFTERMATH
            if headline and known and not headline & known:
                continue  # same site, same week, another development (blocked, then raided)
            shared = len(set(tagged.tags.sites) & info.sites)
            distance = abs((info.date - date).days)
            scores[story_id] = max(scores.get(story_id, (0, 0)), (shared, -distance))
    if not scores:
        return None, ""
    story_id = max(scores, key=lambda sid: (scores[sid], sid))
    shared, distance = scores[story_id]
    info = index.stories[story_id]
    sites = ", ".join(sorted(set(tagged.tags.sites) & info.sites))
    return story_id, f"same site ({sites}), {-distance} day(s) apart"


def cluster_entries(
    entries: list[TaggedEntry],
    index: ArchiveIndex,
    settings: ClusterSettings = ClusterSettings(),
    today: dt.date | None = None,
) -> tuple[dict[str, Cluster], list[Rejection]]:
    today = today or dt.date.today()
    clusters: dict[str, Cluster] = {}
    rejected: list[Rejection] = []
    seen_this_run: set[str] = set()
    ordered = sorted(entries, key=lambda t: (entry_date(t, today), t.entry.url))
    for tagged in ordered:
        keys = tagged.entry.keys
        if any(key in seen_this_run for key in keys):
            rejected.append(Rejection(tagged.entry.link, tagged.entry.source, "duplicate-entry"))
            continue
        seen_this_run.update(keys)
        date = entry_date(tagged, today)
        known = index.story_for(keys)
        if known is not None and index.stories[known].rejected:
            rejected.append(_rejected_by_editor(tagged, known))
            continue
        if known is not None:
            cluster = clusters.setdefault(known, Cluster(known, existing=True))
            cluster.known.append(tagged)
            continue
        story_id, why = best_story(index, tagged, date, settings.window_days)
        if story_id is not None and index.stories[story_id].rejected:
            # New coverage of a story an editor rejected stays out too.
            rejected.append(_rejected_by_editor(tagged, story_id))
            index.add_keys(story_id, keys)
            continue
        if story_id is None:
            story_id = index.new_id(story_id_for(tagged, date))
            index.add_story(story_id, date, tagged.tags.sites)
            clusters[story_id] = Cluster(story_id, existing=False)
            why = "new story"
        cluster = clusters.setdefault(story_id, Cluster(story_id, existing=True))
        cluster.entries.append(tagged)
        cluster.why.append(f"{tagged.entry.outlet}: {why}")
        index.add_keys(story_id, keys)
        index.stories[story_id].outcomes.update(tagged.tags.outcomes)
    return clusters, rejected


def _rejected_by_editor(tagged: TaggedEntry, story_id: str) -> Rejection:
    return Rejection(
        tagged.entry.link,
        tagged.entry.source,
        "not-relevant",
        f"story {story_id} was rejected by an editor",
    )
