"""Stage 5, cluster: one story per real-world development, whatever the outlets and languages.

1. Exact duplicates: an entry whose canonical URL or guid is already cited by a story joins
   that story (a second copy in the same run is a duplicate entry).
2. Same development: an entry joins the story that shares a targeted site, is dated within
   `window_days` of it, unless the entry's headline states another kind of development than
   the story's (names survive translation, so this works across French and English; a site
   blocked on Monday and raided on Friday is two stories, but a raid and the charges against
   the same operators days later are one action). A site is shared in any of its name forms
   (`names.name_key`: a domain and a name, spacing, hyphens, accents, case); a name absent
   from the registry may also be the same name misspelt (`names.similar_keys`), two registry
   names never are. The entry then takes the story's form of the name (a registry name wins),
   and the story is found by every site its coverage names, as its files will be next run.
   When its targets have no story of the window, the entry may still continue one by what
   its headline is about: a story's site its headline names as its subject, not as a
   precedent ("après Megaupload") nor a model ("le Napster local"), when its own targets
   came from its text alone (it then takes the story's site as target) or name with it two
   sites of one action sharing a step of it (a domain and its successor); a site it names
   in passing when its headline names its targets only as a precedent; every site of a
   story about two or more that it names besides its targets. The same rules read the other
   way round when a story of the run was started by such an item before the coverage it
   belongs with (`follower_story`): the order of one day's items does not split them.
   One step of an action against several sites (one blocking order, one raid) is one
   story too when the outlets lead with different sites: an entry whose targets have no
   story joins one of the next few days whose site it names besides its targets, if both
   report that step (`named_together_matches`, and `follows` the other way round). A name
   and its contraction ("Library Genesis", "LibGen") are one name when either is unknown.
   Items whose headlines name one police operation ("Opération Fastlink", then "Fastlink
   raids …") within a week are one story too, whatever sites they name.
3. Otherwise the entry starts a new story: a later development about the same site (a
   conviction months after a raid) falls outside the window and is a new story.
4. Last, the run's new stories that one entry bridges are joined: it targets sites of two
   stories of the same few days that tell no other development (`join_bridged_stories`),
   so that the order of the items does not split an action against several sites.

Look-ups go through the archive index (a hash for keys, a bisect per site for dates; unknown
names alone scan the stories of the window): the cost per entry does not grow with the number
of stories beyond a logarithm.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rideau.newswire.archive import ArchiveIndex
from rideau.newswire.names import contracted, glued_domain, is_domain, name_key, similar_keys
from rideau.newswire.records import Cluster, Rejection, TaggedEntry
from rideau.newswire.resemblance import WINDOW_DAYS, Resemblance
from rideau.newswire.text import fold
from rideau.registry import slug_for

# Closures and comebacks follow most developments within days (a site shut down by a raid
# briefly reappears): they do not tell two developments apart.
AFTERMATH = frozenset({"shutdown", "relaunch"})
# Developments that are steps of one action, reported as it unfolds: the police and the
# prosecutors' (servers seized, operators arrested, charges unsealed, extradition sought)
# and the rights holders' (a notice, a suit, a settlement). A blocking order and a judgment
# are each a development of their own.
ONE_ACTION = (
    frozenset({"seizure", "arrest", "lawsuit"}),
    frozenset({"notice", "lawsuit", "settlement"}),
)


# An entry that names no target joins a story it names in passing only this close in time.
MENTION_WINDOW_DAYS = 3
# An entry whose headline names a story's site, not its own targets, joins it this close.
HEADLINE_WINDOW_DAYS = 7

# A name right after these words in a headline is the news's precedent, not its subject:
# "Après Megaupload, un autre site se saborde", "BTjunkie quits in the wake of Megaupload".
BACKGROUND_CUES = frozenset(
    {"apres", "after", "following", "depuis", "since", "like", "comme", "post", "avant", "before"}
)
BACKGROUND_PAIRS = frozenset(
    {("wake", "of"), ("sillage", "de"), ("suite", "de"), ("foulee", "de"), ("heels", "of")}
)
# A name after these words is a model the subject is compared to: "Soribada, le Napster
# local", "un nouveau Megaupload", "the next Napster" (French puts no article before a site's
# own name; "the" is part of some names, "a" is also the French "à").
MODEL_WORDS = frozenset({"le", "un", "une", "nouveau", "new", "next", "another", "autre"})
# A police operation named in a headline ("Operation Fastlink", "l'opération Fastlink",
# "Operation Site Down"): a name several outlets give one action, whatever sites it hit.
_OPERATION = re.compile(
    r"(?<![^\W_])(?:[Oo]p[ée]ration|OPERATION|OP[ÉE]RATION)\s+(?:«\s*|\"|“)?"
    r"((?:[A-Z0-9][\w-]*)(?:\s+[A-Z0-9][\w-]*)?)"
)
# Names in a headline: words, domains ("Torrents.ru") and runs of up to three of them.
_HEADLINE_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")
MAX_NAME_WORDS = 3
_NAME_ARTICLES = frozenset({"the", "la", "les"})


@dataclass(frozen=True)
class ClusterSettings:
    window_days: int = 14


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


def another_development(headline: Iterable[str], story: Iterable[str]) -> bool:
    """Whether a headline states another kind of development than the story's outcomes:
    blocked, then raided. Aftermath and steps of one action (seized, then charged) are not."""
    headline, story = set(headline) - AFTERMATH, set(story) - AFTERMATH
    if not headline or not story or headline & story:
        return False
    return not any(headline & steps and story & steps for steps in ONE_ACTION)


@dataclass(frozen=True)
class Headline:
    """The names a headline may give: each candidate (a capitalised word or a domain, or a
    run of up to three words) by its name key, as its subject or as background."""

    title: str
    subjects: dict[str, str]  # name key -> the words as written
    background: frozenset[str]  # keys named only as a precedent or a model

    @classmethod
    def of(cls, title: str) -> Headline:
        return _headline(title)

    @classmethod
    def read(cls, title: str) -> Headline:
        words = _HEADLINE_WORD.findall(title)
        folded = [fold(w) for w in words]
        subjects: dict[str, str] = {}
        background: set[str] = set()
        for start in range(len(words)):
            # The cue may stand before a name's article: "like The Pirate Bay".
            skip = 1 if start and folded[start - 1] in _NAME_ARTICLES else 0
            before = folded[max(0, start - skip - 2) : start - skip]
            aside = bool(before) and (
                before[-1] in BACKGROUND_CUES
                or (not skip and before[-1] in MODEL_WORDS)
                or tuple(before) in BACKGROUND_PAIRS
            )
            for end in range(start + 1, min(start + MAX_NAME_WORDS, len(words)) + 1):
                run = words[start:end]
                # A name is capitalised or a domain; "torrents" is a word, "Torrents.ru" a site.
                if not (run[0][:1].isupper() or "." in run[0]) or not (
                    run[-1][:1].isupper() or run[-1][:1].isdigit() or "." in run[-1]
                ):
                    continue
                key = name_key(" ".join(run))
                if len(key) < 3:
                    continue
                if aside:
                    background.add(key)
                else:
                    subjects.setdefault(key, " ".join(run))
        return cls(title, subjects, frozenset(background - set(subjects)))

    @property
    def operations(self) -> frozenset[str]:
        """The keys of the operations the headline names."""
        return _operations(self.title)

    def names(self, sites: Iterable[str]) -> bool:
        """Whether the headline gives one of `sites` as its subject."""
        return any(name_key(site) in self.subjects for site in sites)

    def only_as_background(self, sites: tuple[str, ...]) -> bool:
        """Whether the headline names every one of `sites` (at least one) only as a
        precedent or a model."""
        return bool(sites) and all(name_key(site) in self.background for site in sites)


@lru_cache(maxsize=4096)
def _operations(title: str) -> frozenset[str]:
    keys = (name_key(m.group(1)) for m in _OPERATION.finditer(title))
    return frozenset(k for k in keys if len(k) >= 3)


@lru_cache(maxsize=4096)
def _headline(title: str) -> Headline:
    # Memoised: the rules read an entry's headline once per story they compare it with.
    return Headline.read(title)


@dataclass(frozen=True)
class Match:
    """A story an entry may continue: the entry's sites it shares, each with the story's form."""

    story_id: str
    forms: dict[str, str] = field(default_factory=dict)  # entry's name -> story's name
    distance: int = 0  # days between the entry and the story
    # The entry's targets as the story reads them, when its tags took a precedent or a model
    # for its target (None: the entry's own).
    targets: tuple[str, ...] | None = None

    @property
    def score(self) -> tuple[int, int]:
        return len(self.forms), -self.distance


def best_story(
    index: ArchiveIndex,
    tagged: TaggedEntry,
    date: dt.date,
    days: int,
    unknown: frozenset[str] = frozenset(),
) -> tuple[Match | None, str]:
    """The story this entry continues, and why; (None, "") when there is none. `unknown`: the
    names absent from the registry met in this run, which may be misspelt forms of others."""
    matches = same_name_matches(index, tagged, date, days)
    if not matches and unknown:
        matches = similar_name_matches(index, tagged, date, days, unknown)
    if not matches:
        headline = Headline.of(tagged.entry.title)
        matches = headline_matches(index, tagged, date, days, headline)
        if matches:
            best = _best(matches, retarget=not headline.names(tagged.tags.sites))
            why = f"the headline names {', '.join(sorted(best.forms))} of the story"
            return best, f"{why}, {best.distance} day(s) apart"
        background = headline.only_as_background(tagged.tags.sites)
        if not tagged.tags.sites or background:
            matches = mentioned_name_matches(index, tagged, date)
        if matches:
            best = _best(matches, retarget=background)
            names = ", ".join(sorted(best.forms))
            why = (
                f"targets only a precedent, names {names} of the story"
                if background
                else f"no target, names {names} of the story"
            )
            return best, f"{why}, {best.distance} day(s) apart"
        matches = every_site_matches(index, tagged, date)
        if matches:
            best = _best(matches, retarget=True)
            names = ", ".join(sorted(best.forms))
            return best, f"names every site of the story ({names}), {best.distance} day(s) apart"
        matches = named_together_matches(index, tagged, date)
        if matches:
            best = _best(matches)
            names = ", ".join(sorted(best.forms))
            why = f"one action against {names} and its own targets"
            return best, f"{why}, {best.distance} day(s) apart"
    if not matches:
        return None, ""
    best = _best(matches)
    names = sorted(s if s == f else f"{s} = {f}" for s, f in best.forms.items())
    return best, f"same site ({', '.join(names)}), {best.distance} day(s) apart"


def same_name_matches(
    index: ArchiveIndex, tagged: TaggedEntry, date: dt.date, days: int
) -> dict[str, Match]:
    """Stories of the window that share a site with the entry, in any of its name forms."""
    matches: dict[str, Match] = {}
    for site in tagged.tags.sites:
        for story_id in index.near(site, date, days):
            match = matches.get(story_id) or _match(index, tagged, story_id, date)
            if match is None:
                continue
            match.forms.setdefault(site, _story_form(site, index.stories[story_id].sites))
            matches[story_id] = match
    return matches


def _best(matches: dict[str, Match], retarget: bool = False) -> Match:
    """The match with the most names in common, then the nearest; with `retarget`, the entry
    takes the story's names of them as its targets."""
    best = max(matches.values(), key=lambda m: (m.score, m.story_id))
    if retarget:
        best = replace(best, targets=tuple(dict.fromkeys(best.forms.values())))
    return best


def mentioned_name_matches(
    index: ArchiveIndex, tagged: TaggedEntry, date: dt.date, days: int = MENTION_WINDOW_DAYS
) -> dict[str, Match]:
    """For an entry that names no target ("a court orders forty sites blocked"), the stories
    of the next few days whose sites it names in passing ("sites such as T411"), when it
    reports one of their outcomes: an item about one action rarely names another's sites."""
    outcomes = set(tagged.tags.outcomes)
    matches: dict[str, Match] = {}
    for site in tagged.tags.mentioned_sites:
        for story_id in index.near(site, date, days):
            info = index.stories[story_id]
            if outcomes and not outcomes & info.outcomes:
                continue
            match = matches.get(story_id) or _match(index, tagged, story_id, date)
            if match is None:
                continue
            match.forms.setdefault(site, _story_form(site, info.sites))
            matches[story_id] = match
    return matches


def headline_ties(
    tagged: TaggedEntry, headline: Headline, outcomes: set[str], distance: int
) -> bool:
    """Whether an entry whose headline names a site of a story (with `outcomes`, `distance`
    days away) as its subject continues it. When the headline does not name the entry's
    targets (they come from its text and may be a precedent: "Scour débranche son réseau"
    about Napster's heirs), it names what the news is about: the two need only not report
    distinct outcomes, within a week (the entry's tags were wrong once: a rights holder taken
    for a site may be named by its next action too). When it names them as well, it names
    two sites of one action ("Torrents.ru devient rutracker.org"): they must share a step of
    it, a closure alone is no tie (two sites may close the same week)."""
    mine = set(tagged.tags.outcomes)
    if headline.names(tagged.tags.sites):
        return bool((mine & outcomes) - AFTERMATH)
    if distance > HEADLINE_WINDOW_DAYS:
        return False
    return not mine or not outcomes or bool(mine & outcomes)


def headline_matches(
    index: ArchiveIndex, tagged: TaggedEntry, date: dt.date, days: int, headline: Headline
) -> dict[str, Match]:
    """For an entry whose targets have no story of the window, the stories whose site its
    headline names as its subject (`headline_ties`)."""
    matches: dict[str, Match] = {}
    for key, written in headline.subjects.items():
        for story_id in index.near(written, date, days):
            info = index.stories[story_id]
            distance = abs((info.date - date).days)
            if not headline_ties(tagged, headline, info.outcomes, distance):
                continue
            forms = [s for s in sorted(info.sites) if name_key(s) == key]
            if not forms:
                continue
            match = matches.get(story_id) or _match(index, tagged, story_id, date, own=False)
            if match is None:
                continue
            match.forms.setdefault(written, forms[0])
            matches[story_id] = match
    return matches


def other_names(tagged: TaggedEntry) -> dict[str, str]:
    """The names an entry gives besides its targets, by name key."""
    tags = tagged.tags
    others = {name_key(n): n for n in (*tags.proposed_sites, *tags.mentioned_sites)}
    for site in tags.sites:
        others.pop(name_key(site), None)
    others.pop("", None)
    return others


def every_site_matches(
    index: ArchiveIndex, tagged: TaggedEntry, date: dt.date, days: int = MENTION_WINDOW_DAYS
) -> dict[str, Match]:
    """For an entry whose targets have no story, the stories of the next few days about two
    sites or more that it names every one of besides its targets ("Nintendo attaque deux
    sites de ROMs" naming both in its text): two names met together are no coincidence."""
    tags = tagged.tags
    others = other_names(tagged)
    if len(others) < 2:
        return {}
    outcomes = set(tags.outcomes)
    matches: dict[str, Match] = {}
    for name in others.values():
        for story_id in index.near(name, date, days):
            if story_id in matches:
                continue
            info = index.stories[story_id]
            keys = {name_key(s) for s in info.sites} - {""}
            if len(keys) < 2 or not keys <= others.keys():
                continue
            if outcomes and info.outcomes and not outcomes & info.outcomes:
                continue
            match = _match(index, tagged, story_id, date, own=False)
            if match is None:
                continue
            for site in sorted(info.sites):
                match.forms.setdefault(others[name_key(site)], site)
            matches[story_id] = match
    return matches


def named_together_matches(
    index: ArchiveIndex, tagged: TaggedEntry, date: dt.date, days: int = MENTION_WINDOW_DAYS
) -> dict[str, Match]:
    """For an entry whose targets have no story, the stories of the next few days whose site
    it names besides its targets, when both report one step of an action: one blocking order
    or one raid hits several sites, and each outlet leads with another ("beIN obtient le
    blocage de Beinmatch", with LiveTV named further down, and "court blocks LiveTV")."""
    if not tagged.tags.sites or not tagged.tags.outcomes:
        return {}
    # A closure alone ties a site the entry establishes as a target too ("publishers close
    # two sites", both described), not one it names in passing (two sites may close a week).
    established = {name_key(name) for name in tagged.tags.proposed_sites}
    matches: dict[str, Match] = {}
    for key, name in other_names(tagged).items():
        outcomes = set(tagged.tags.outcomes) - (set() if key in established else AFTERMATH)
        for story_id in index.near(name, date, days):
            info = index.stories[story_id]
            if not outcomes & info.outcomes:
                continue
            match = matches.get(story_id) or _match(index, tagged, story_id, date, own=False)
            if match is None:
                continue
            match.forms.setdefault(name, _story_form(name, info.sites))
            matches[story_id] = match
    return matches


def similar_name_matches(
    index: ArchiveIndex, tagged: TaggedEntry, date: dt.date, days: int, unknown: frozenset[str]
) -> dict[str, Match]:
    """Stories of the window whose site has a name close to one of the entry's, when either
    name is absent from the registry: two distinct registry entries stay distinct."""
    keys = {name_key(site): site for site in tagged.tags.sites if name_key(site)}
    matches: dict[str, Match] = {}
    for story_key, story_id in index.sites_near(date, days):
        forms: list[str] | None = None
        for key, site in keys.items():
            # (a contraction starts as its name does: most pairs fail this cheap test)
            if key == story_key or (not similar_keys(key, story_key) and key[:2] != story_key[:2]):
                continue
            if forms is None:
                story_sites = index.stories[story_id].sites
                forms = [s for s in sorted(story_sites) if name_key(s) == story_key]
            if not similar_keys(key, story_key) and not any(
                contracted(site, form)
                or contracted(form, site)
                or glued_domain(site, form)
                or glued_domain(form, site)
                for form in forms
            ):
                continue
            # Names of archived stories count as the registry's: only a new name is fuzzy.
            if site not in unknown and not unknown.intersection(forms):
                continue
            match = matches.get(story_id) or _match(index, tagged, story_id, date)
            if match is None:
                continue
            match.forms.setdefault(site, forms[0] if forms else site)
            matches[story_id] = match
    return matches


def _match(
    index: ArchiveIndex, tagged: TaggedEntry, story_id: str, date: dt.date, own: bool = True
) -> Match | None:
    """A match with the story, None when the headline tells another development. `own`:
    whether the entry's targets count (not when the story is found by other names)."""
    info = index.stories[story_id]
    if another_development(tagged.tags.headline_outcomes, info.outcomes):
        return None  # same site, same week, another development (blocked, then raided)
    # The story's sites named exactly as the entry names them count, as they always did.
    forms = {site: site for site in tagged.tags.sites if own and site in info.sites}
    return Match(story_id, forms, abs((info.date - date).days))


def _story_form(site: str, story_sites: set[str]) -> str:
    """How the story names `site`: the same name, else its form with the same key."""
    if site in story_sites:
        return site
    key = name_key(site)
    return next((s for s in sorted(story_sites) if name_key(s) == key), site)


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
    unknown = frozenset(n for t in entries for n in t.tags.proposed_sites)
    forms = SiteForms(unknown)
    asides = RunNames()  # the names the stories of this run give besides their sites
    operations = RunNames()  # the police operations their headlines name
    # Entries that name no target but name sites in passing come last: the stories they may
    # join (mentioned_name_matches) are then all there, whichever was reported first.
    ordered = sorted(
        entries,
        key=lambda t: (
            not t.tags.sites and bool(t.tags.mentioned_sites),
            entry_date(t, today),
            t.entry.url,
        ),
    )
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
        match, why = best_story(index, tagged, date, settings.window_days, unknown)
        if match is not None and match.targets is not None:
            tagged = retargeted(tagged, match.targets)
            match = replace(match, forms={t: t for t in match.targets})
        story_id = match.story_id if match else None
        if story_id is None and tagged.relevance.same_action_as:
            # (the outlets' entries were judged together: the first one clustered holds them)
            story_id = index.story_for(tagged.relevance.same_action_as)
            if story_id is not None:
                match = Match(story_id)
                why = "another outlet reports the same action, naming no site either"
        if story_id is not None and index.stories[story_id].rejected:
            # New coverage of a story an editor rejected stays out too.
            rejected.append(_rejected_by_editor(tagged, story_id))
            index.add_keys(story_id, keys)
            continue
        if story_id is None and tagged.tags.sites:
            found = follower_story(tagged, date, clusters, asides, today, settings.window_days)
            if found is not None and not another_development(
                tagged.tags.headline_outcomes, index.stories[found[0]].outcomes
            ):
                story_id, clusters[found[0]].entries[:] = found
                match = Match(story_id, {site: site for site in tagged.tags.sites})
                why = "a story of this run reported it first under another name"
        if story_id is None:
            found_id = operation_story(tagged, date, index, operations, asides)
            if found_id is not None:
                story_id, why = found_id, "the headlines name one police operation"
                match = Match(story_id)
        if (
            story_id is None
            and not tagged.tags.sites
            and tagged.tags.mentioned_sites
            and not tagged.relevance.same_action_as
        ):
            # It names sites only in passing, and no story of theirs reports its action
            # ("sites visés comme X"): it would be a story of no site. (An entry naming no
            # site at all may start the story of a police operation its headline names.)
            rejected.append(Rejection(tagged.entry.link, tagged.entry.source, "not-relevant"))
            continue
        if story_id is None:
            story_id = index.new_id(story_id_for(tagged, date))
            index.add_story(story_id, date, tagged.tags.sites)
            clusters[story_id] = Cluster(story_id, existing=False)
            why = "new story"
        cluster = clusters.setdefault(story_id, Cluster(story_id, existing=True))
        cluster.entries.append(tagged)
        cluster.why.append(f"{tagged.entry.outlet}: {why}{_kept_because(tagged)}")
        forms.join(story_id, tagged.tags.sites, match.forms if match else {})
        if match is not None:
            index.add_sites(story_id, tagged.tags.sites)
        index.add_keys(story_id, keys)
        index.stories[story_id].outcomes.update(tagged.tags.outcomes)
        if not clusters[story_id].existing:
            day = index.stories[story_id].date
            for key in aside_keys(tagged):
                asides.add(key, day, story_id)
            for key in Headline.of(tagged.entry.title).operations:
                operations.add(key, day, story_id)
    join_bridged_stories(clusters, index, forms, today)
    join_resembling_stories(
        clusters, index, forms, today, Resemblance([], (t.clean for t in entries))
    )
    for story_id, cluster in clusters.items():
        cluster.entries[:] = [forms.renamed(story_id, t) for t in cluster.entries]
    return clusters, rejected


def join_bridged_stories(
    clusters: dict[str, Cluster], index: ArchiveIndex, forms: SiteForms, today: dt.date
) -> None:
    """Join the run's new stories that one entry bridges: an entry targets a site of another
    new story of the same few days, whose development is not another. Entries join the first
    story they match, so "Kinox.to raided" and "Movie4k.to targeted", then "the police target
    Kinox.to and Movie4k.to", were two stories had the bridging item come last; read in
    another order they were one."""
    new = [story_id for story_id, cluster in clusters.items() if not cluster.existing]
    owner = {story_id: story_id for story_id in new}

    def root(story_id: str) -> str:
        while owner[story_id] != story_id:
            story_id = owner[story_id]
        return story_id

    by_key: dict[str, list[str]] = {}
    for story_id in new:
        for site in index.stories[story_id].sites:
            by_key.setdefault(name_key(site), []).append(story_id)
    entries = {story_id: tuple(clusters[story_id].entries) for story_id in new}
    for story_id in new:
        for tagged in entries[story_id]:
            date = entry_date(tagged, today)
            for key in {name_key(site) for site in tagged.tags.sites} - {""}:
                for other_id in by_key.get(key, ()):
                    mine, theirs = root(story_id), root(other_id)
                    if mine == theirs:
                        continue
                    info, other = index.stories[mine], index.stories[theirs]
                    if abs((other.date - date).days) > MENTION_WINDOW_DAYS:
                        continue
                    if another_development(info.outcomes, other.outcomes):
                        continue
                    first, second = sorted((mine, theirs), key=lambda s: (index.stories[s].date, s))
                    owner[second] = first
                    _join(clusters, index, forms, first, second)


def join_resembling_stories(
    clusters: dict[str, Cluster],
    index: ArchiveIndex,
    forms: SiteForms,
    today: dt.date,
    resemblance: Resemblance,
) -> None:
    """Join the run's new stories of the same few days that two of their entries report in
    the same words (`Resemblance.same_story`), whatever sites each was filed under: one
    order against 152 sites that each outlet leads with another site of, a domain and a
    name no rule reconciled. Another development (a raid, then a blocking) stays apart."""
    new = sorted(
        (s for s, c in clusters.items() if not c.existing), key=lambda s: (index.stories[s].date, s)
    )
    by_day: dict[int, list[tuple[str, TaggedEntry]]] = {}
    for story_id in new:
        for tagged in clusters[story_id].entries:
            day = entry_date(tagged, today).toordinal()
            by_day.setdefault(day, []).append((story_id, tagged))
    owner = {story_id: story_id for story_id in new}

    def root(story_id: str) -> str:
        while owner[story_id] != story_id:
            story_id = owner[story_id]
        return story_id

    for day in sorted(by_day):
        for story_id, tagged in by_day[day]:
            for offset in range(WINDOW_DAYS + 1):
                for other_id, other in by_day.get(day + offset, ()):
                    mine, theirs = root(story_id), root(other_id)
                    if mine == theirs:
                        continue
                    if another_development(
                        index.stories[mine].outcomes, index.stories[theirs].outcomes
                    ):
                        continue
                    if not resemblance.same_story(tagged.clean, other.clean):
                        continue
                    first, second = sorted((mine, theirs), key=lambda s: (index.stories[s].date, s))
                    owner[second] = first
                    _join(clusters, index, forms, first, second, "two of their entries write alike")


def _join(
    clusters: dict[str, Cluster],
    index: ArchiveIndex,
    forms: SiteForms,
    story_id: str,
    other: str,
    because: str = "an entry targets sites of both",
) -> None:
    cluster, joined = clusters[story_id], clusters.pop(other)
    for tagged in joined.entries:
        forms.join(story_id, tagged.tags.sites, {})
    cluster.entries.extend(joined.entries)
    cluster.why.extend(joined.why)
    cluster.why.append(f"joined {other}: {because}")
    index.join_stories(story_id, other)


@dataclass
class RunNames:
    """Name key -> the stories of this run that give the name, by date: a bisect per look-up,
    as the archive index files sites."""

    stories: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def add(self, key: str, day: dt.date, story_id: str) -> None:
        found = self.stories.setdefault(key, [])
        row = (day.toordinal(), story_id)
        place = bisect.bisect_left(found, row)
        if found[place : place + 1] != [row]:
            found.insert(place, row)

    def near(self, key: str, date: dt.date, days: int) -> list[str]:
        found = self.stories.get(key, [])
        low = bisect.bisect_left(found, (date.toordinal() - days, ""))
        high = bisect.bisect_right(found, (date.toordinal() + days, "\uffff"))
        return [story_id for _, story_id in found[low:high]]


def aside_keys(tagged: TaggedEntry) -> set[str]:
    """The keys of the names an entry gives besides its targets: in its headline, in passing,
    absent from the registry. A later entry targeting one may be what this entry was about."""
    own = {name_key(site) for site in tagged.tags.sites}
    return (set(Headline.of(tagged.entry.title).subjects) | set(other_names(tagged))) - own


def follows(member: TaggedEntry, distance: int, tagged: TaggedEntry) -> tuple[str, ...] | None:
    """The targets `member` has once it is seen to report the development `tagged` starts,
    had `tagged` come first (the rules of `best_story`, the other way round); None when not."""
    keys = {name_key(site) for site in tagged.tags.sites} - {""}
    outcomes = set(tagged.tags.outcomes)
    if another_development(member.tags.headline_outcomes, outcomes):
        return None
    headline = Headline.of(member.entry.title)
    if keys & set(headline.subjects) and headline_ties(member, headline, outcomes, distance):
        own = headline.names(member.tags.sites)
        return member.tags.sites if own else tagged.tags.sites
    if distance > MENTION_WINDOW_DAYS:
        return None
    mine = set(member.tags.outcomes)
    if mine and outcomes and not mine & outcomes:
        return None
    background = headline.only_as_background(member.tags.sites)
    mentioned = {name_key(site) for site in member.tags.mentioned_sites}
    if background and keys & mentioned:
        return tagged.tags.sites
    others = other_names(member).keys()
    if len(keys) >= 2 and keys <= others:
        return tagged.tags.sites
    named = keys & others
    established = {name_key(name) for name in member.tags.proposed_sites}
    if named and mine & outcomes and (named & established or (mine & outcomes) - AFTERMATH):
        return member.tags.sites  # one action against several sites (named_together_matches)
    return None


def follower_story(
    tagged: TaggedEntry,
    date: dt.date,
    clusters: dict[str, Cluster],
    asides: RunNames,
    today: dt.date,
    days: int,
) -> tuple[str, list[TaggedEntry]] | None:
    """For an entry whose targets have no story, a story of this run whose every entry would
    have joined this one's had it come first ("Torrents.ru devient rutracker.org" read before
    the items about Torrents.ru): that story, and its entries with their targets then."""
    for key in dict.fromkeys(name_key(site) for site in tagged.tags.sites):
        for story_id in asides.near(key, date, days):
            cluster = clusters[story_id]
            followed = []
            for member in cluster.entries:
                distance = abs((entry_date(member, today) - date).days)
                targets = follows(member, distance, tagged) if distance <= days else None
                if targets is None:
                    break
                followed.append(
                    member if targets == member.tags.sites else retargeted(member, targets)
                )
            else:
                if followed:
                    return story_id, followed
    return None


def operation_story(
    tagged: TaggedEntry,
    date: dt.date,
    index: ArchiveIndex,
    operations: RunNames,
    asides: RunNames,
) -> str | None:
    """For an entry that continues no story by its sites, a story of this run whose headlines
    name the police operation its headline names ("Opération Fastlink" and "Fastlink raids
    yield arrests"), dated within a week, with no other development told."""
    headline = Headline.of(tagged.entry.title)
    named = headline.operations
    days = HEADLINE_WINDOW_DAYS
    candidates = [
        s
        for key in named
        for s in (*operations.near(key, date, days), *asides.near(key, date, days))
    ]
    candidates += [s for key in headline.subjects for s in operations.near(key, date, days)]
    outcomes = set(tagged.tags.outcomes)
    for story_id in dict.fromkeys(candidates):
        info = index.stories[story_id]
        # A named operation is as specific as a site: steps of one action are one story.
        if another_development(tagged.tags.headline_outcomes, info.outcomes):
            continue
        if another_development(outcomes, info.outcomes):
            continue
        return story_id
    return None


def retargeted(tagged: TaggedEntry, targets: tuple[str, ...]) -> TaggedEntry:
    """`tagged` about `targets`, its former targets (a precedent, a model) named in passing."""
    tags = tagged.tags
    mentioned = tuple(dict.fromkeys((*tags.mentioned_sites, *tags.sites)))
    mentioned = tuple(m for m in mentioned if m not in targets)
    return replace(tagged, tags=replace(tags, sites=targets, mentioned_sites=mentioned))


@dataclass
class SiteForms:
    """The name each story gives a site it knows in several forms: the registry's if one of
    its entries has it, else the first name met that is not a bare domain (titles are made
    of it: "Kinox", not "kinox.to"), a full name rather than its contraction ("Library
    Genesis", not "LibGen"), else the first form met. Entries take the story's form, so that
    a story lists one site once ("Zone-Téléchargement", not also "zone-telechargement.ws")."""

    unknown: frozenset[str]  # the names absent from the registry
    chosen: dict[str, dict[str, str]] = field(default_factory=dict)  # story -> form -> name

    def join(self, story_id: str, sites: Iterable[str], matched: dict[str, str]) -> None:
        chosen = self.chosen.setdefault(story_id, {})
        for site in sites:
            story_form = matched.get(site, site)
            name = chosen.get(story_form, story_form)
            rank, current = self._rank(site), self._rank(name)
            if rank > current or (rank == current and contracted(name, site)):
                # A better name for a site the story knew by another form (the registry's,
                # a name rather than a domain, the full name rather than a contraction): it wins.
                for form, current in chosen.items():
                    if current == name:
                        chosen[form] = site
                name = site
            chosen.setdefault(story_form, name)
            chosen[site] = name

    def _rank(self, name: str) -> int:
        """How good a name for a site `name` is: the registry's, a name, a domain."""
        return 2 if name not in self.unknown else 0 if is_domain(name) else 1

    def renamed(self, story_id: str, tagged: TaggedEntry) -> TaggedEntry:
        chosen = self.chosen.get(story_id, {})
        sites = tuple(dict.fromkeys(chosen.get(s, s) for s in tagged.tags.sites))
        if sites == tagged.tags.sites:
            return tagged
        return replace(tagged, tags=replace(tagged.tags, sites=sites))


# Reasons of an entry kept by the corroborate stage (corroborate.py, resemblance.py): an
# editor reviewing the story reads why an entry that named no site of its own is in it.
_SECOND_READING = ("corroborated", "resembles", "reported alike")


def _kept_because(tagged: TaggedEntry) -> str:
    reasons = [r for r in tagged.relevance.reasons if r.startswith(_SECOND_READING)]
    return f"; kept: {reasons[-1]}" if reasons else ""


def _rejected_by_editor(tagged: TaggedEntry, story_id: str) -> Rejection:
    return Rejection(
        tagged.entry.link,
        tagged.entry.source,
        "not-relevant",
        f"story {story_id} was rejected by an editor",
    )
