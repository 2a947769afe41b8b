"""Clustering across name forms and over the days one action is reported (issue 15, cause 7).

Entries are built directly (the tags a tagger would give them) and clustered against an index
in memory: a domain and a name, spacing, hyphens, accents and case are one site; a misspelt
unknown name is the same site; distinct registry names and near names (Allostream,
Allostreaming) stay apart; a seizure and the charges that follow are one story, a blocking
order and a raid are two; a French item days before the English ones starts their story.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from conftest import ROOT
from rideau.newswire.archive import INDEX_SCHEMA, SITES_BY_DAY, ArchiveIndex, StoryFile
from rideau.newswire.cluster import ClusterSettings, another_development, cluster_entries
from rideau.newswire.names import contracted, name_key, similar_keys
from rideau.newswire.records import CleanEntry, Entry, Relevance, TaggedEntry, Tags
from rideau.newswire.state import StateStore
from rideau.registry import load_registry

TODAY = dt.date(2026, 12, 1)


def entry(
    number: int,
    day: int,
    sites: tuple[str, ...],
    *,
    unknown: tuple[str, ...] = (),
    headline: tuple[str, ...] = (),
    outcomes: tuple[str, ...] = (),
    lang: str = "en",
    month: int = 11,
    title: str = "Title",
    mentioned: tuple[str, ...] = (),
) -> TaggedEntry:
    """An entry of outlet `number` dated `day`; `unknown`: its sites absent from the registry."""
    url = f"https://outlet{number}.example/{lang}/item-{number}"
    published = dt.datetime(2026, month, day, 9, tzinfo=dt.UTC)
    item = Entry(url, url, "", f"feed{number}", f"Outlet {number}", lang, title, published)
    tags = Tags(
        sites=sites, outcomes=outcomes or headline, proposed_sites=unknown,
        headline_outcomes=headline, mentioned_sites=mentioned,
    )  # fmt: skip
    return TaggedEntry(CleanEntry(item, title, "", "", ""), Relevance(True, 1.0), tags)


def stories(entries: list[TaggedEntry], index=None, days: int | None = None) -> list[set[int]]:
    """The entries' numbers, grouped by the story each joined."""
    index = index or StateStore.in_memory().index
    settings = ClusterSettings(days) if days is not None else ClusterSettings()
    clusters, _ = cluster_entries(entries, index, settings, TODAY)
    return sorted(
        ({int(t.entry.url.rsplit("-", 1)[1]) for t in c.entries} for c in clusters.values()),
        key=min,
    )


def sites_of(entries: list[TaggedEntry]) -> list[tuple[str, ...]]:
    clusters, _ = cluster_entries(entries, StateStore.in_memory().index, today=TODAY)
    return [t.tags.sites for c in clusters.values() for t in c.entries]


# -- name forms -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "forms",
    [
        ("example-mp3.org", "Example-mp3", "EXAMPLE-MP3"),
        ("kinox.to", "Kinox", "www.kinox.to"),
        ("Zone-Téléchargement", "Zone Telechargement", "ZoneTelechargement"),
        ("The Pirate Bay", "Pirate Bay", "thepiratebay.org"),
    ],
)
def test_the_forms_of_one_name_share_a_key(forms: tuple[str, ...]) -> None:
    assert len({name_key(form) for form in forms}) == 1, [name_key(f) for f in forms]


def test_a_domain_and_a_name_of_one_unknown_site_are_one_story() -> None:
    entries = [
        entry(1, 3, ("example-mp3.org",), unknown=("example-mp3.org",), headline=("seizure",)),
        entry(2, 4, ("Example-mp3",), unknown=("Example-mp3",), headline=("seizure",)),
        entry(3, 4, ("Example MP3",), unknown=("Example MP3",)),
    ]
    assert stories(entries) == [{1, 2, 3}]
    # The story lists the site once, by the first name met that is not a domain.
    assert set(sites_of(entries)) == {("Example-mp3",)}


def test_spacing_hyphens_accents_and_case_do_not_split_a_story() -> None:
    entries = [
        entry(1, 28, ("Zone-Téléchargement",), headline=("shutdown",)),
        entry(2, 28, ("zone-telechargement.ws",), unknown=("zone-telechargement.ws",)),
        entry(3, 29, ("ZoneTelechargement",), unknown=("ZoneTelechargement",)),
        entry(4, 29, ("Zone Telechargment",), unknown=("Zone Telechargment",)),  # misspelt
    ]
    assert stories(entries) == [{1, 2, 3, 4}]
    # The registry's name wins over the unknown forms.
    assert set(sites_of(entries)) == {("Zone-Téléchargement",)}


def test_a_registry_name_met_after_an_unknown_form_becomes_the_storys_name() -> None:
    entries = [
        entry(1, 2, ("kinox.to",), unknown=("kinox.to",), headline=("seizure",)),
        entry(2, 3, ("Kinox",), headline=("seizure",)),
    ]
    assert stories(entries) == [{1, 2}]
    assert set(sites_of(entries)) == {("Kinox",)}


def test_near_names_of_two_sites_stay_apart() -> None:
    # Registry names (the tagger found them in the registry): never fuzzy-matched.
    known = [entry(1, 8, ("Allostream",)), entry(2, 9, ("Allostreaming",))]
    assert stories(known) == [{1}, {2}]
    # Unknown names: a longer name, another number, another letter in a short name.
    for a, b in (
        ("Allostream", "Allostreaming"),
        ("Torrentz", "Torrentz2"),
        ("Torrentz", "Torrents"),
    ):
        unknown = [entry(1, 8, (a,), unknown=(a,)), entry(2, 9, (b,), unknown=(b,))]
        assert stories(unknown) == [{1}, {2}], (a, b)


def test_an_unknown_misspelling_of_a_registry_name_joins_its_story() -> None:
    entries = [
        entry(1, 20, ("KickassTorrents",), headline=("arrest",)),
        entry(2, 21, ("Kickass Torrent",), unknown=("Kickass Torrent",), headline=("arrest",)),
    ]
    assert stories(entries) == [{1, 2}]


def test_similar_keys_is_strict_on_short_names_and_numbers() -> None:
    assert similar_keys("zonetelechargement", "zonetelechargment")
    assert similar_keys("extratorrent", "extratorrents")
    assert not similar_keys("allostream", "allostreaming")
    assert not similar_keys("t411", "t412")
    assert not similar_keys("123movies", "124movies")
    assert not similar_keys("torrentz", "torrents")


def test_no_two_registry_sites_share_a_name_key() -> None:
    """Name forms are matched by key: two registry entries with one key would become one."""
    registry = load_registry(ROOT / "content" / "registry")
    owner: dict[str, str] = {}
    for site in registry.sites:
        for name in (site.name, *site.aliases):
            key = name_key(name)
            assert owner.setdefault(key, site.name) == site.name, (name, owner[key], site.name)


def test_an_archived_story_is_found_under_another_form_of_its_site() -> None:
    index = StateStore.in_memory().index
    archived = StoryFile(
        path="stories/2026/zone-telechargement-2026-11-28.fr.md",
        id="zone-telechargement-2026-11-28", lang="fr", date="2026-11-28",
        sites=("Zone-Téléchargement",), keys=("https://old.example/zt",), status="published",
        outcomes=("seizure", "shutdown"),
    )  # fmt: skip
    index.add_file(archived, [0, 0])
    index.index_sites([archived.id])
    later = entry(2, 30, ("zone-telechargement.ws",), unknown=("zone-telechargement.ws",))
    clusters, _ = cluster_entries([later], index, today=TODAY)
    assert list(clusters) == ["zone-telechargement-2026-11-28"]
    assert clusters["zone-telechargement-2026-11-28"].existing


# -- one action over two weeks ------------------------------------------------------------------
def test_seizure_then_charges_days_later_are_one_story() -> None:
    entries = [
        entry(1, 2, ("Example-mp3",), headline=("seizure",), outcomes=("seizure", "shutdown")),
        entry(2, 3, ("Example-mp3",), headline=("seizure",)),
        # Ten, then thirteen days later: the operators charged, then one extradited.
        entry(3, 12, ("Example-mp3",), headline=("arrest",)),
        entry(4, 15, ("Example-mp3",), headline=("lawsuit",)),
    ]
    assert stories(entries) == [{1, 2, 3, 4}]


def test_a_blocking_order_and_a_raid_of_one_site_stay_two_stories() -> None:
    entries = [
        entry(1, 2, ("Example-mp3",), headline=("blocking",)),
        entry(2, 6, ("Example-mp3",), headline=("seizure",)),
    ]
    assert stories(entries) == [{1}, {2}]


def test_developments_weeks_apart_stay_apart() -> None:
    # An arrest of a co-founder, then a raid five weeks later: two stories.
    entries = [
        entry(1, 3, ("The Pirate Bay",), headline=("arrest",)),
        entry(2, 9, ("The Pirate Bay",), headline=("seizure",), month=12),
    ]
    assert stories(entries) == [{1}, {2}]


def test_steps_of_one_action_are_not_another_development() -> None:
    assert not another_development(["arrest"], {"seizure", "shutdown"})
    assert not another_development(["settlement"], {"lawsuit"})
    assert not another_development(["relaunch"], {"seizure"})
    assert another_development(["seizure"], {"blocking"})
    assert another_development(["conviction"], {"arrest", "seizure"})


# -- French and English -------------------------------------------------------------------------
def test_a_french_item_two_days_before_the_english_ones_starts_their_story() -> None:
    entries = [
        entry(
            1,
            10,
            ("streamhub.ws",),
            unknown=("streamhub.ws",),
            lang="fr",
            headline=("shutdown",),
            outcomes=("seizure", "shutdown"),
        ),
        entry(2, 12, ("StreamHub",), unknown=("StreamHub",), headline=("arrest",)),
        entry(3, 12, ("Streamhub",), unknown=("Streamhub",), headline=("arrest", "seizure")),
    ]
    assert stories(entries) == [{1, 2, 3}]


def test_a_story_about_two_sites_is_found_by_either() -> None:
    entries = [
        entry(1, 1, ("Openload",), headline=("shutdown",)),
        entry(2, 2, ("Openload", "Streamango"), headline=("shutdown",)),
        # Named by the second site alone, as the story's files will be indexed after the run.
        entry(3, 4, ("Streamango",), headline=("shutdown",)),
    ]
    assert stories(entries) == [{1, 2, 3}]


def test_a_state_indexed_by_folded_names_is_filed_by_key_once() -> None:
    """States written before sites were filed by name key hold folded names ("the pirate
    bay"): opening one files them by key, so that every form finds them."""
    db = sqlite3.connect(":memory:")
    db.executescript(INDEX_SCHEMA.replace(SITES_BY_DAY, ""))
    day = dt.date(2026, 11, 28).toordinal()
    db.execute("INSERT INTO sites VALUES ('zone telechargement', ?, 'zt-2026-11-28')", (day,))
    index = ArchiveIndex(db)
    for form in ("Zone-Téléchargement", "zone-telechargement.ws", "ZoneTelechargement"):
        assert index.near(form, dt.date(2026, 11, 30), 14) == ["zt-2026-11-28"], form
    assert ArchiveIndex(db).near("Zone Telechargement", dt.date(2026, 11, 30), 14)


# -- what the headline is about -------------------------------------------------------------
def test_a_headline_naming_the_storys_site_beats_a_target_read_in_the_text() -> None:
    # The French item's text dwells on an older service it is compared to; its headline
    # names the site that closes (by its name, the story by its domain).
    entries = [
        entry(1, 14, ("swapzone.net",), unknown=("swapzone.net",), headline=("shutdown",)),
        entry(
            2, 16, ("Oldswap",), outcomes=("shutdown",), lang="fr",
            title="Films et musique : Swapzone ferme son réseau", mentioned=("swapzone.net",),
        ),
    ]  # fmt: skip
    assert stories(entries) == [{1, 2}]
    # The item now targets the story's site; the compared service is named in passing.
    clusters, _ = cluster_entries(entries, StateStore.in_memory().index, today=TODAY)
    french = next(t for c in clusters.values() for t in c.entries if t.entry.lang == "fr")
    assert french.tags.sites == ("swapzone.net",)
    assert "Oldswap" in french.tags.mentioned_sites


def test_a_model_named_in_the_headline_is_not_its_subject() -> None:
    entries = [
        entry(1, 9, ("Chorusnet",), unknown=("Chorusnet",), headline=("lawsuit",)),
        entry(
            2,
            11,
            ("Oldswap",),
            lang="fr",
            title="Séoul : la justice freine Chorusnet, le Oldswap local",
        ),
    ]
    assert stories(entries) == [{1, 2}]


def test_a_headline_naming_a_precedent_joins_the_site_it_mentions() -> None:
    entries = [
        entry(1, 6, ("Tracklist",), unknown=("Tracklist",), headline=("shutdown",)),
        entry(
            2, 7, ("Bigvault",), outcomes=("shutdown",), lang="fr", mentioned=("Tracklist",),
            title="Après Bigvault, un autre site de téléchargement se saborde",
        ),
    ]  # fmt: skip
    assert stories(entries) == [{1, 2}]


def test_a_headline_naming_another_closure_as_subject_does_not_merge_two_sites() -> None:
    # Two sites shut the same week: the second one's headline names it, not the first.
    entries = [
        entry(1, 6, ("Tracklist",), unknown=("Tracklist",), headline=("shutdown",)),
        entry(
            2,
            8,
            ("Bigvault",),
            headline=("shutdown",),
            title="Bigvault shuts down, days after Tracklist",
        ),
        entry(3, 8, ("Bigvault",), headline=("shutdown",), title="Bigvault ferme, comme Tracklist"),
    ]
    assert stories(entries) == [{1}, {2, 3}]


def test_a_common_word_in_a_headline_is_no_site() -> None:
    entries = [
        entry(1, 6, ("Torrents.ru",), unknown=("Torrents.ru",), headline=("seizure",)),
        entry(
            2, 7, ("Otherhub",), headline=("seizure",), title="police seize torrents of Otherhub"
        ),
    ]
    assert stories(entries) == [{1}, {2}]


def test_a_renamed_site_is_one_story_whichever_name_came_first() -> None:
    # The short item names both domains of one seizure; the others only the old one. Items
    # of one day are read by address: outlet 1 first, then outlet 2.
    for short, other in ((1, 2), (2, 1)):
        entries = [
            entry(
                short, 19, ("newtracker.org",), unknown=("newtracker.org",),
                headline=("seizure",), lang="fr", title="Oldtracker.ru devient newtracker.org",
            ),
            entry(other, 19, ("Oldtracker.ru",), unknown=("Oldtracker.ru",), headline=("seizure",)),
            entry(3, 20, ("Oldtracker.ru",), unknown=("Oldtracker.ru",), headline=("seizure",)),
        ]  # fmt: skip
        assert stories(entries) == [{1, 2, 3}], short


def test_two_closures_named_in_one_headline_stay_two_stories() -> None:
    for first, second in ((1, 2), (2, 1)):
        entries = [
            entry(first, 6, ("Tracklist",), unknown=("Tracklist",), headline=("shutdown",)),
            entry(
                second, 6, ("Bigvault",), unknown=("Bigvault",), headline=("shutdown",),
                title="Bigvault joins Tracklist in shutting down",
            ),
        ]  # fmt: skip
        assert stories(entries) == [{1}, {2}], first


def test_an_item_naming_both_sites_of_a_story_joins_it_whichever_came_first() -> None:
    # The French item takes the rights holder for its target, and names both sites.
    for french, english in ((1, 2), (2, 1)):
        suit = entry(
            french, 23, ("Gamecorp",), unknown=("Gamecorp", "Romhaven", "Retrohaven"),
            lang="fr", title="Gamecorp attaque deux sites de ROMs",
        )  # fmt: skip
        both = entry(
            english, 23, ("Romhaven", "Retrohaven"), unknown=("Romhaven", "Retrohaven"),
            headline=("lawsuit",), title="Gamecorp sues Romhaven and Retrohaven",
        )  # fmt: skip
        assert stories([suit, both]) == [{1, 2}], french
        assert {frozenset(s) for s in sites_of([suit, both])} == {
            frozenset({"Romhaven", "Retrohaven"})
        }, french


def test_a_headline_naming_a_story_site_over_a_week_later_is_another_story() -> None:
    # The text's target is wrong (a rights holder); ten days on, its headline naming the site
    # is no longer enough: it may be the rights holder's next action.
    entries = [
        entry(1, 2, ("Swapzone",), unknown=("Swapzone",), headline=("lawsuit",)),
        entry(2, 12, ("Labelcorp",), unknown=("Labelcorp",), title="Court rules against Swapzone"),
    ]
    assert stories(entries) == [{1}, {2}]


def test_items_naming_one_police_operation_are_one_story() -> None:
    # Neither names a site; both name the operation, one as such, the other by its name.
    for french, english in ((1, 2), (2, 1)):
        entries = [
            entry(
                french, 23, (), headline=("seizure",), lang="fr",
                title="Opération Bluefin : les groupes du warez dans le viseur",
            ),
            entry(english, 23, (), headline=("arrest",), title="Bluefin raids yield arrests abroad"),
        ]  # fmt: skip
        assert stories(entries) == [{1, 2}], french


def test_two_operations_or_one_operation_weeks_apart_stay_apart() -> None:
    entries = [
        entry(1, 2, (), headline=("seizure",), title="Operation Bluefin hits warez groups"),
        entry(2, 3, (), headline=("seizure",), title="Operation Redfin hits streaming sites"),
        entry(3, 20, (), headline=("seizure",), title="Operation Bluefin: a second wave"),
    ]
    assert stories(entries) == [{1}, {2}, {3}]


def test_a_precedent_keeps_its_article() -> None:
    from rideau.newswire.cluster import Headline

    headline = Headline.of("Sites like The Pirate Bay blocked, after The Pirate Bay raid")
    assert "piratebay" in headline.background and "piratebay" not in headline.subjects
    assert "piratebay" in Headline.of("The Pirate Bay raided").subjects


# -- one action against several sites ----------------------------------------------------------
@pytest.mark.parametrize("mentioning_first", [True, False])
def test_one_action_against_several_sites_is_one_story(mentioning_first: bool) -> None:
    """A blocking order hits Zorbix and Quetzal TV; one outlet leads with Zorbix and names
    Quetzal TV further down, another leads with Quetzal TV alone: one story, whichever came
    first in the run."""
    mentioning = entry(
        1 if mentioning_first else 2, 5, ("Zorbix",), unknown=("Zorbix",),
        mentioned=("Quetzal TV",), headline=("blocking",),
    )  # fmt: skip
    other = entry(
        2 if mentioning_first else 1, 5, ("Quetzal TV",), unknown=("Quetzal TV",),
        headline=("blocking",),
    )  # fmt: skip
    assert stories([mentioning, other]) == [{1, 2}]
    assert {site for sites in sites_of([mentioning, other]) for site in sites} == {
        "Zorbix", "Quetzal TV",
    }  # fmt: skip


def test_a_site_named_in_passing_by_another_development_stays_apart() -> None:
    # Another step (a raid, not a blocking order), or a week later: not one action.
    for day, headline in ((5, ("seizure",)), (12, ("blocking",))):
        entries = [
            entry(1, 5, ("Zorbix",), unknown=("Zorbix",), mentioned=("Quetzal TV",),
                  headline=("blocking",)),
            entry(2, day, ("Quetzal TV",), unknown=("Quetzal TV",), headline=headline),
        ]  # fmt: skip
        assert stories(entries) == [{1}, {2}], (day, headline)


# -- a name and its contraction ----------------------------------------------------------------
def test_contracted_names() -> None:
    assert contracted("LibGen", "Library Genesis")
    assert contracted("QuantArc", "Quantum Archive")
    assert contracted("TPB", "The Pirate Bay")
    assert not contracted("Library", "Library Genesis")  # one word of it is another name
    assert not contracted("ZT", "Zone Téléchargement")  # two letters: too short to tell
    assert not contracted("Kinox", "Kinox.to")  # a domain is a name form (name_key)
    assert not contracted("QuantArc", "Quetzal TV")


def test_a_contraction_of_an_unknown_name_joins_its_story_under_the_full_name() -> None:
    entries = [
        entry(1, 20, ("QuantArc",), unknown=("QuantArc",), headline=("conviction",)),
        entry(2, 21, ("Quantum Archive",), unknown=("Quantum Archive",), headline=("conviction",)),
    ]
    assert stories(entries) == [{1, 2}]
    assert set(sites_of(entries)) == {("Quantum Archive",)}


def test_two_sites_closed_by_one_action_and_both_established_are_one_story() -> None:
    # "Publishers close two e-book piracy sites": each outlet leads with another, and the
    # text establishes both; a closure alone ties them then (a mention would not).
    entries = [
        entry(1, 16, ("Quantum Archive",), unknown=("Quantum Archive", "Fileqube"),
              headline=("shutdown",)),
        entry(2, 16, ("Fileqube",), unknown=("Fileqube", "Quantum Archive"),
              headline=("shutdown",)),
    ]  # fmt: skip
    assert stories(entries) == [{1, 2}]
    mentioned = [
        entry(1, 16, ("Quantum Archive",), unknown=("Quantum Archive",),
              mentioned=("Fileqube",), headline=("shutdown",)),
        entry(2, 16, ("Fileqube",), unknown=("Fileqube",), headline=("shutdown",)),
    ]  # fmt: skip
    assert stories(mentioned) == [{1}, {2}]


def test_an_entry_targeting_the_sites_of_two_stories_joins_them() -> None:
    # Zorbix raided, Quetzal TV's operators arrested, then "police target Zorbix and Quetzal
    # TV": one action, whichever order the items came in.
    entries = [
        entry(1, 5, ("Zorbix",), unknown=("Zorbix",), headline=("seizure",)),
        entry(2, 5, ("Quetzal TV",), unknown=("Quetzal TV",), headline=("arrest",)),
        entry(3, 6, ("Zorbix", "Quetzal TV"), unknown=("Zorbix", "Quetzal TV")),
    ]
    assert stories(entries) == [{1, 2, 3}]
    # A blocking order and a raid stay two developments, whatever names them together.
    entries[1] = entry(2, 5, ("Quetzal TV",), unknown=("Quetzal TV",), headline=("blocking",))
    assert len(stories(entries)) == 2
