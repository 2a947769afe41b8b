"""Between tag and cluster, corroborate: the sites a run's entries establish count for the others.

One outlet writes "Nintendo sues Yuzu, the Switch emulator", another « Nintendo traîne
l'émulateur Yuzu en justice »: the first establishes Yuzu as a target, the second only names
it. A name the registry knows counts as a site wherever it is named; a name the registry does
not know had to be established by each entry on its own, so the coverage of a new site lost
most of its items. Here the entries rejected only for naming no site (`UnnamedEntry`: their
text reports an action as surely as a kept entry's) are read again with the sites the kept
entries established added to the registry, as an editor would add them.

A name that acts in the entry read again (a plaintiff, a complainant) is not its target there,
whatever another entry made of it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pelican.utils import slugify

from rideau.newswire.analyse import Analyser, without_text
from rideau.newswire.cluster import another_development
from rideau.newswire.names import is_domain
from rideau.newswire.parties import acting_parties
from rideau.newswire.records import Rejection, Relevance, TaggedEntry, UnnamedEntry
from rideau.newswire.resemblance import WINDOW_DAYS, Resemblance
from rideau.newswire.tag import Tagger
from rideau.newswire.targets import name_key
from rideau.newswire.text import fold
from rideau.registry import Entry, Registry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Corroboration:
    tagged: tuple[TaggedEntry, ...]  # the entries read again that name an established site
    rejected: tuple[Rejection, ...]  # the rejections of the others, which stand


def established_sites(tagged: Sequence[TaggedEntry], registry: Registry) -> tuple[str, ...]:
    """The sites of `tagged` entries that the registry does not know, in a stable order."""
    names = {
        site: None
        for item in tagged
        for site in (*item.tags.sites, *_registered_forms(item, registry))
        if registry.lookup("sites", site) is None and registry.lookup("studios", site) is None
    }
    return tuple(sorted(names, key=str.casefold))


def _registered_forms(item: TaggedEntry, registry: Registry) -> list[str]:
    """The item's proposed names that are a registry site's name written another way
    ("Liberty Land" for Libertyland), which the tagger filed under the registry's name."""
    sites = {name_key(site) for site in item.tags.sites}
    return [
        name
        for name in item.tags.proposed_sites
        if name_key(name) in sites and registry.lookup("sites", name) is None
    ]


def with_sites(registry: Registry, names: Sequence[str]) -> Registry:
    """`registry` with a site entry for each of `names` (for this run only). A domain also
    stands for its bare name: the outlet that wrote "phimmoi.net" established the site
    another calls Phimmoi."""
    added = tuple(
        Entry(name, slugify(name) or name_key(name), aliases=_bare_name(registry, name))
        for name in names
    )
    return replace(registry, sites=registry.sites + added)


# A bare name shorter than this is too likely a word or another name ("tv", "film").
MIN_BARE_NAME = 4


def _bare_name(registry: Registry, name: str) -> tuple[str, ...]:
    """The name of the domain `name` without its top-level domain, if the registry has no
    other use for it."""
    if not is_domain(name):
        return ()
    bare = name_key(name)
    if (
        len(bare) < MIN_BARE_NAME
        or registry.lookup("sites", bare)
        or registry.lookup("studios", bare)
    ):
        return ()
    return (bare,)


def corroborate(
    registry: Registry, tagged: Sequence[TaggedEntry], unnamed: Sequence[UnnamedEntry]
) -> Corroboration:
    """Read `unnamed` entries again with the sites `tagged` entries establish; those that
    still name none take the sites of the kept entry they resemble, if one stands out, or are
    one story of no site with the entries of other outlets they resemble. An entry that names
    a site but lacks the action words joins the story of its site it is written like."""
    if not unnamed:
        return Corroboration((), ())
    aside = [item for item in unnamed if item.lacks_action]
    unnamed = [item for item in unnamed if not item.lacks_action]
    established = established_sites(tagged, registry)
    filed, left = [], []
    if established:
        analyser = Analyser(with_sites(registry, established))
        keys = {name_key(name) for name in established}
        for item in unnamed:
            result = _corroborated(analyser, item, keys)
            if result is None:
                left.append(item)
            else:
                filed.append(result)
    else:
        left = list(unnamed)
    named = len(filed)
    resemblance = Resemblance([*tagged, *filed], (item.clean for item in (*left, *aside)))
    tagger = Tagger(registry)
    unfiled = []
    for item in left:
        result = _resembling(tagger, resemblance, item)
        if result is None:
            unfiled.append(item)
        else:
            filed.append(result)
    resembling = len(filed) - named
    of_no_site = _stories_of_no_site(tagger, resemblance, unfiled)
    kept = {entry.entry.url for entry in of_no_site}
    with_its_site = _written_like_its_sites_story(tagger, resemblance, tagged, aside)
    kept.update(entry.entry.url for entry in with_its_site)
    filed.extend((*of_no_site, *with_its_site))
    rejected = [item.rejection for item in (*unfiled, *aside) if item.clean.entry.url not in kept]
    logger.info(
        "corroborate: of %d entries naming no site of their own, %d name a site of %d others, "
        "%d resemble one, %d are stories of no site; %d of %d lacking the action words join "
        "their site's story",
        len(unnamed), named, len(tagged), resembling, len(of_no_site), len(with_its_site),
        len(aside),
    )  # fmt: skip
    return Corroboration(tuple(filed), tuple(rejected))


def _written_like_its_sites_story(
    tagger: Tagger,
    resemblance: Resemblance,
    tagged: Sequence[TaggedEntry],
    items: Sequence[UnnamedEntry],
) -> list[TaggedEntry]:
    """The `items` (a site named, no action told) that name the site of a kept entry of the
    same few days and are written like it (`Resemblance.same_story`): they take its sites."""
    by_day: dict[int, list[TaggedEntry]] = {}
    for entry in tagged:
        if entry.tags.sites and entry.entry.published:
            by_day.setdefault(entry.entry.published.date().toordinal(), []).append(entry)
    found = []
    for item in items:
        clean = item.clean
        if not clean.entry.published:
            continue
        day = clean.entry.published.date().toordinal()
        text = f" {fold(clean.title)} {fold(clean.text)} "
        days = range(day - WINDOW_DAYS, day + WINDOW_DAYS + 1)
        candidates = [
            entry
            for entry in (e for d in days for e in by_day.get(d, ()))
            if any(_names(text, site) for site in entry.tags.sites)
            and resemblance.same_story(clean, entry.clean)
        ]
        if not candidates:
            continue  # most entries set aside: no tagging for them
        tags = tagger.tag(clean, [])
        match = next(
            (
                e
                for e in candidates
                if not another_development(tags.headline_outcomes, e.tags.outcomes)
            ),
            None,
        )
        if match is None:
            continue
        sites = match.tags.sites
        mentioned = tuple(m for m in (*tags.mentioned_sites, *tags.sites) if m not in sites)
        reason = f"resembles {match.entry.link}, of the story of {', '.join(sites)} it names"
        relevance = Relevance(True, 0.0, (reason,))
        tags = replace(tags, sites=sites, mentioned_sites=tuple(dict.fromkeys(mentioned)))
        found.append(TaggedEntry(clean, relevance, tags))
    return found


def _bare_domain_name(site: str) -> str:
    """ "recordtv.com" -> "recordtv": the name a text writes for a domain (four letters or
    more, else too common a word)."""
    bare = _TOP_LEVEL.sub("", fold(site).removeprefix("www."))
    return bare if len(bare) >= MIN_BARE_NAME else ""


_TOP_LEVEL = re.compile(r"(?:\.(?:co|com|net|org))?\.[a-z]{2,6}$")


def _names(folded_text: str, site: str) -> bool:
    """Whether a folded text (spaces around) names `site`, or the name of its domain."""
    forms = {fold(site)}
    if is_domain(site):
        forms.add(_bare_domain_name(site))
    return any(
        re.search(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", folded_text)
        for form in forms
        if form
    )


def _resembling(tagger: Tagger, resemblance: Resemblance, item: UnnamedEntry) -> TaggedEntry | None:
    """`item` with the sites of the kept entry it resembles, if one stands out."""
    clean = item.clean
    tags = tagger.tag(clean, [])
    match = resemblance.closest(clean, tags.outcomes)
    if match is None:
        return None
    sites = match.entry.tags.sites
    reason = f"resembles {match.entry.entry.link} ({match.resemblance:.2f}): {', '.join(sites)}"
    relevance = Relevance(True, 0.0, (reason,))
    mentioned = tuple(m for m in tags.mentioned_sites if m not in sites)
    tags = replace(tags, sites=sites, mentioned_sites=mentioned)
    return without_text(TaggedEntry(clean, relevance, tags))


def _stories_of_no_site(
    tagger: Tagger, resemblance: Resemblance, items: Sequence[UnnamedEntry]
) -> list[TaggedEntry]:
    """The `items` that several outlets write alike of one action: kept, with no site, each
    knowing the others (`Relevance.same_action_as`) so that one story holds them."""
    cleans = [item.clean for item in items]
    tags = [tagger.tag(clean, []) for clean in cleans]
    kept = []
    for group in resemblance.same_action_groups(cleans, [t.outcomes for t in tags]):
        urls = tuple(cleans[i].entry.url for i in group)
        outlets = sorted({cleans[i].entry.outlet for i in group})
        reason = f"reported alike by {len(outlets)} outlets, none naming a site"
        for i in group:
            others = tuple(url for url in urls if url != cleans[i].entry.url)
            relevance = Relevance(True, 0.0, (reason,), same_action_as=others)
            mentioned = (*tags[i].mentioned_sites, *tags[i].sites)
            entry_tags = replace(tags[i], sites=(), mentioned_sites=tuple(dict.fromkeys(mentioned)))
            kept.append(without_text(TaggedEntry(cleans[i], relevance, entry_tags)))
    return kept


def _corroborated(analyser: Analyser, item: UnnamedEntry, keys: set[str]) -> TaggedEntry | None:
    clean = item.clean
    judged = analyser.judge(clean)
    if not isinstance(judged, TaggedEntry):
        return None
    acting = {name_key(name) for name in acting_parties(clean.title, clean.text)}
    sites = tuple(site for site in judged.tags.sites if name_key(site) not in acting)
    named = [site for site in sites if name_key(site) in keys]
    if not named:
        return None  # what made it relevant was not a site another entry established
    reason = f"corroborated: {', '.join(named)} (established by other entries of this run)"
    relevance = replace(judged.relevance, reasons=(*judged.relevance.reasons, reason))
    tags = replace(judged.tags, sites=sites)
    return without_text(replace(judged, relevance=relevance, tags=tags))
