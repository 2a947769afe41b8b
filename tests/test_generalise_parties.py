"""Acting rights holders, outcomes and clustering on phrasings of our own (issue 15, round 2).

Every case is a short invented item (sites, companies and people that do not exist, on
`.example` or no domain) for one rule: who acted, what happened, which story it joins.
"""

from __future__ import annotations

import datetime as dt

import pytest
from newswire_items import TAGGER, clean
from rideau.newswire.parties import acting_parties
from rideau.newswire.records import Entry


def tags(title: str, summary: str, lang: str = "en"):
    return TAGGER.tag(clean(title, summary, lang, dt.datetime(2025, 5, 1, tzinfo=dt.UTC)))


# Acting parties: cues the text uses for whoever brought the action.
@pytest.mark.parametrize(
    ("sentence", "parties"),
    [
        (  # a date between the participle and its agent
            "Qubitorrent settled a lawsuit filed last month by Brightwave Records and the "
            "Harbor Sound Publishers' Association.",
            ["Brightwave Records", "Harbor Sound Publishers' Association"],
        ),
        ("The index was sued in March by Northlight Music Group.", ["Northlight Music Group"]),
        (  # French passive with its auxiliary
            "Le procès avait été intenté par Cinélume Distribution et une dizaine de labels.",
            ["Cinélume Distribution"],
        ),
        (  # « poursuivi par »
            "Poursuivi par Ludoplex Games devant un tribunal, le gérant a tout retiré.",
            ["Ludoplex Games"],
        ),
        (  # plaintiffs listed after « plaignants, dont »
            "Les plaignants, dont Nordbild Film et Kestrel Pictures, étaient représentés par "
            "l'Alliance Nordique.",
            ["Nordbild Film", "Kestrel Pictures"],
        ),
        (  # a description between the cue and the names
            "Le blocage a été ordonné à la demande de douze éditeurs, parmi lesquels "
            "PageTurner et Brindle University Press.",
            ["PageTurner", "Brindle University Press"],
        ),
        (  # "ordered to pay X" with no "to"
            "The service was ordered to pay Northlight Music $30,000 for each album.",
            ["Northlight Music"],
        ),
        ("Ils ont accepté un jugement de 9 millions en faveur de Ludoplex.", ["Ludoplex"]),
        ("Ludoplex porte plainte contre un émulateur", ["Ludoplex"]),
        ("Ludoplex obtient le blocage de trois sites", ["Ludoplex"]),
        (  # who helped the investigators
            "Police said the Screen Rights Federation had supplied information for the raids.",
            ["Screen Rights Federation"],
        ),
        (  # the other party of a settlement
            "The operators have settled with Ludoplex, agreeing to a consent judgment.",
            ["Ludoplex"],
        ),
        (  # a lower-case description, then the acronym
            "Le site a conclu un accord avec l'industrie du disque ruritanienne (RPIA).",
            ["RPIA"],
        ),
        (  # a list read backwards from the verb, articles included
            "Trois studios, dont Kestrel Pictures, Nordbild et la Vantor, ont obtenu l'injonction.",
            ["Kestrel Pictures", "Nordbild", "Vantor"],
        ),
    ],
)
def test_acting_party_cues(sentence: str, parties: list[str]) -> None:
    assert acting_parties("", sentence) == parties


@pytest.mark.parametrize(
    "sentence",
    [
        # a place-name before the noun it qualifies is no party
        "Brightwave, Northlight and Harbor had already settled with the Ruritania firm.",
        # a measure obtained by a defendant is no action of theirs
        "BT a obtenu quelques semaines pour se prononcer.",
        "Universal Music and TikTok reached a new licensing deal with the platform.",
    ],
)
def test_no_acting_party(sentence: str) -> None:
    assert acting_parties("", sentence) == []


def test_a_registry_name_that_reads_as_a_person_still_acts() -> None:
    # "Walt Disney" has the form of a person's name: the registry knows it as Disney.
    found = tags(
        "Streaming portal Vidmarlo operators convicted",
        "The plaintiffs, including Walt Disney and Kestrel Pictures, were represented by the "
        "Screen Rights Federation. Vidmarlo, a pirate streaming portal, closed in May.",
    )
    assert "Disney" in found.studios


def test_an_association_keeps_its_country() -> None:
    # "… of America" is the association's own name (the registry's RIAA), not a branch.
    found = tags(
        "Stream-ripper Ripzilla sued",
        "Ripzilla, a stream-ripping site, was sued on Monday by the Recording Industry "
        "Association of America.",
    )
    assert "RIAA" in found.studios


@pytest.mark.parametrize(
    "sentence",
    [
        # an action against other sites is not one against this one
        "Ripzilla closed weeks after Ludoplex sued two other ROM sites.",
        "La décision intervient après les poursuites engagées par Ludoplex contre deux autres "
        "sites.",
        # another case, told separately
        "Its founder separately agreed to pay Ludoplex $3 million to settle a civil suit.",
        # after a comma, a name and its verb begin another clause
        "Visé par une plainte de Ludoplex, Romzilla retire tous ses jeux.",
    ],
)
def test_parties_of_other_cases_or_clauses(sentence: str) -> None:
    assert "Romzilla" not in acting_parties("", sentence)
    if "Romzilla" not in sentence:
        assert acting_parties("", sentence) == []


def test_no_action_no_rights_holder() -> None:
    found = tags(
        "ROM site Romzilla removes its games",
        "Sans avoir reçu la moindre assignation, le site de ROMs Romzilla retire ses jeux, y "
        "compris ceux de Nintendo.",
        "fr",
    )
    assert "Nintendo" not in found.studios


@pytest.mark.parametrize(
    ("title", "summary", "studio"),
    [
        (  # beside films, "Universal" and "Fox" are the studios
            "Studios win case against Usenet indexer Nzbarn",
            "Six Hollywood studios, among them Fox, Universal and Paramount, prevailed on "
            "Monday against Nzbarn, a site that indexed pirated films.",
            {"20th Century Fox", "Universal Pictures", "Paramount Pictures"},
        ),
        (  # beside records, "Universal" is the label
            "Music locker Tunebox loses copyright case",
            "The music service Tunebox was ordered to pay Universal $20,000 per album copied, "
            "after the record label's suit over its songs.",
            {"Universal Music Group"},
        ),
    ],
)
def test_short_forms_read_by_industry(title: str, summary: str, studio: set[str]) -> None:
    assert studio <= set(tags(title, summary).studios)


def test_a_short_form_shared_by_two_holders_of_one_industry_stays_unread() -> None:
    # "Warner" beside films may be Warner Bros. or Warner Bros. Discovery: neither is guessed
    # from the short form alone.
    found = tags(
        "Streaming site Vidmarlo sued",
        "Warner filed a lawsuit against Vidmarlo, a pirate streaming site for films.",
    )
    assert "Warner Bros. Discovery" not in found.studios


# Outcomes: the phrasings of an outcome, and the words that make it something else.
@pytest.mark.parametrize(
    ("title", "summary", "lang", "outcome"),
    [
        (
            "Usenet indexer Nzbarn loses its case",
            "Nzbarn lost its case against six studios.",
            "en",
            "conviction",
        ),
        (
            "Nzbarn perd son procès contre les studios",
            "L'indexeur Nzbarn perd son procès : la cour le juge responsable de contrefaçon.",
            "fr",
            "conviction",
        ),
        (
            "Appeal rejected for link site Tunebox",
            "The federal court rejected an appeal by the man who ran Tunebox, a link site.",
            "en",
            "conviction",
        ),
        (
            "Link site Vidmarlo: case collapses",
            "The two men behind Vidmarlo walked free after the case against them collapsed.",
            "en",
            "acquittal",
        ),
        (
            "Les créateurs du site Vidmarlo blanchis",
            "Les deux responsables du site de liens Vidmarlo sont blanchis par le tribunal.",
            "fr",
            "acquittal",
        ),
        (
            "Tracker Qubitorrent loses its domain",
            "The registrar suspended qubitorrent.ru at the request of investigators.",
            "en",
            "seizure",
        ),
        (
            "Qubitorrent is back online",
            "Within hours the tracker was running again at a new address.",
            "en",
            "relaunch",
        ),
        (
            "Scan site Mangatoku to remove all its series",
            "Mangatoku, a manga reading site, says it will remove all of its series within days.",
            "en",
            "shutdown",
        ),
        (
            "Mangatoku, c'est fini",
            "Le site de scans Mangatoku retire toutes ses séries.",
            "fr",
            "shutdown",
        ),
        (
            "GitHub removes Ripzilla after a DMCA notice",
            "GitHub removed the Ripzilla repository following a DMCA notice from a trade group.",
            "en",
            "notice",
        ),
    ],
)
def test_outcome_phrasings(title: str, summary: str, lang: str, outcome: str) -> None:
    assert outcome in tags(title, summary, lang).outcomes


@pytest.mark.parametrize(
    ("title", "summary", "lang", "outcome"),
    [
        # "of its own accord" is no settlement
        (
            "Torrent site Qubitorrent closes",
            "Qubitorrent, a torrent site, closed of its own accord on Monday.",
            "en",
            "settlement",
        ),
        # « revient au ministre »: the decision falls to him, nothing comes back
        (
            "Extradition du fondateur de Vidmarlo validée",
            "La cour valide l'extradition du fondateur du site Vidmarlo. La décision finale "
            "revient au ministre.",
            "fr",
            "relaunch",
        ),
        # "takedown rules" are no takedown
        (
            "Court finds Nzbarn liable",
            "The court found Nzbarn, a pirate index, liable: its takedown rules were for show.",
            "en",
            "shutdown",
        ),
        # « arrête les frais »: stops, nobody arrested
        (
            "Le site de scans Mangatoku arrête les frais",
            "Mangatoku, un site de scans pirate, arrête les frais.",
            "fr",
            "arrest",
        ),
        # an appeal against extradition rejected is no conviction
        (
            "Le fondateur de Vidmarlo extradable",
            "La cour d'appel a rejeté son recours et celui de ses deux associés contre leur "
            "extradition. Vidmarlo, site pirate, est fermé.",
            "fr",
            "conviction",
        ),
        # a suit dated by its month is the recap of an earlier development
        (
            "Scan site Mangatoku shuts down",
            "Mangatoku, a pirate scan site sued in July by publishers, shut down on Monday.",
            "en",
            "lawsuit",
        ),
        # « n'est pas forcément coupable »: a negation
        (
            "Le site de liens Vidmarlo relaxé",
            "Un site de liens n'est pas forcément coupable : Vidmarlo est relaxé.",
            "fr",
            "conviction",
        ),
    ],
)
def test_not_an_outcome(title: str, summary: str, lang: str, outcome: str) -> None:
    assert outcome not in tags(title, summary, lang).outcomes


def test_a_recap_dates_one_outcome_not_its_sentence() -> None:
    # "closed in 2016" is the recap; the sentence still tells the ruling.
    found = tags(
        "Appeal court spares the admins of Vidmarlo from prison",
        "An appeals court said on Monday that the four admins of Vidmarlo, a pirate streaming "
        "site closed in 2016, remain guilty but set aside their prison terms.",
    )
    assert "conviction" in found.outcomes
    assert "shutdown" not in found.outcomes


# Clustering: an item that names no target joins the story whose sites it names in passing.
def _tagged(number: int, day: int, sites: tuple[str, ...], mentioned: tuple[str, ...] = (),
            outcomes: tuple[str, ...] = ("blocking",)):  # fmt: skip
    from rideau.newswire.records import CleanEntry, Relevance, TaggedEntry, Tags

    url = f"https://outlet{number}.example/item-{number}"
    published = dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC)
    item = Entry(url, url, "", f"feed{number}", f"Outlet {number}", "fr", "Title", published)
    tags = Tags(sites=sites, outcomes=outcomes, mentioned_sites=mentioned,
                headline_outcomes=outcomes)  # fmt: skip
    return TaggedEntry(CleanEntry(item, "Title", "", "", ""), Relevance(True, 1.0), tags)


def _stories(entries) -> list[set[int]]:
    from rideau.newswire.cluster import cluster_entries
    from rideau.newswire.state import StateStore

    clusters, _ = cluster_entries(entries, StateStore.in_memory().index, today=dt.date(2026, 12, 1))
    return sorted(
        ({int(t.entry.url.rsplit("-", 1)[1]) for t in c.entries} for c in clusters.values()),
        key=min,
    )


def test_an_item_naming_no_target_joins_the_story_it_names_in_passing() -> None:
    # Item 1 (« une quarantaine de sites bientôt bloqués, comme Qubitorrent ») comes first and
    # names no target; the story of Qubitorrent's blocking starts a day later.
    entries = [
        _tagged(1, 10, (), mentioned=("Qubitorrent",)),
        _tagged(2, 11, ("Qubitorrent", "Vidmarlo")),
        _tagged(3, 12, ("Vidmarlo",)),
    ]
    assert _stories(entries) == [{1, 2, 3}]


@pytest.mark.parametrize(
    "other",
    [
        _tagged(1, 20, (), mentioned=("Qubitorrent",)),  # too far from the story in time
        _tagged(1, 11, (), mentioned=("Qubitorrent",), outcomes=("arrest",)),  # another action
        _tagged(1, 11, (), mentioned=("Mangatoku",)),  # names another site
    ],
)
def test_an_item_naming_no_target_stays_apart(other) -> None:
    # (and, naming sites only in passing, it starts no story of no site: it is rejected)
    assert _stories([other, _tagged(2, 10, ("Qubitorrent",))]) == [{2}]


@pytest.mark.parametrize(
    ("sentence", "parties"),
    [
        (  # the members of an ad hoc coalition, with their countries between the lists
            "The coalition includes Hoshiyama and Kurogane Books in Japan and Brindle Media, "
            "Pagewell and Lantern Press in the US.",
            ["Hoshiyama", "Kurogane Books", "Brindle Media", "Pagewell", "Lantern Press"],
        ),
        (  # a list read backwards from « se sont alliées »
            "En juin, des maisons japonaises, dont Hoshiyama, Kurogane et Lantern Press, se "
            "sont alliées contre le piratage.",
            ["Hoshiyama", "Kurogane", "Lantern Press"],
        ),
        (  # who represented the rights holders in the case
            "The Nordic Screen Alliance represented the film companies in the case.",
            ["Nordic Screen Alliance"],
        ),
        (  # who announced the settlement
            "The Ruritanian Broadcasters Union announced the deal on Monday.",
            ["Ruritanian Broadcasters Union"],
        ),
    ],
)
def test_coalitions_and_representatives(sentence: str, parties: list[str]) -> None:
    assert acting_parties("", sentence) == parties


def test_the_members_of_a_named_coalition_do_not_act() -> None:
    # The named coalition acts; those it brings together are only its members.
    sentence = (
        "Vidmarlo a fermé après une action de la Screen Rights Coalition (SRC), coalition qui "
        "réunit notamment Kestrel Pictures et Nordbild."
    )
    assert acting_parties("", sentence) == ["SRC"]


def test_a_name_with_its_own_connector_is_one_party() -> None:
    # "… for … and …" and "&" hold one name; one-word names joined by "and" are two.
    assert acting_parties("", "The suit was filed by the Guild for Film and Television.") == [
        "Guild for Film and Television"
    ]
    assert acting_parties("", "The suit was filed by Hollis & Crane.") == ["Hollis & Crane"]
    assert acting_parties("", "The suit was filed by Hoshiyama and Kurogane.") == [
        "Hoshiyama",
        "Kurogane",
    ]


@pytest.mark.parametrize(
    ("title", "summary", "lang", "present", "absent"),
    [
        (  # a clause dated by a duration is a recap, in any sentence
            "File-swap service Tunebox switches off",
            "Tunebox, a file-swapping site, switches off today, a month after seeking "
            "protection from the lawsuits brought by record labels.",
            "en",
            "shutdown",
            "lawsuit",
        ),
        (  # « six ans après la descente »: the raid is the background of the ruling
            "Le fondateur de Vidmarlo condamné",
            "Six ans après la descente dans ses bureaux, le fondateur du site pirate Vidmarlo "
            "a été condamné.",
            "fr",
            "conviction",
            "seizure",
        ),
        (  # blocks ordered before: a recap
            "Police arrest the admins of piracy site Qubitorrent",
            "Police arrested three admins of Qubitorrent, a torrent site. Authorities have "
            "ordered blocks before; each time the site moved.",
            "en",
            "arrest",
            "blocking",
        ),
        (  # a judgment its defendants accept, to settle, is that settlement (sixth pass)
            "Vidmarlo owners agree to $5 million judgment",
            "The owners of Vidmarlo, a pirate streaming site, agreed to a $5 million judgment "
            "and settled with the studios.",
            "en",
            "settlement",
            "conviction",
        ),
        (  # « coupé le domaine » is a seizure of the domain, not a closure
            "Le tracker Qubitorrent perd son domaine",
            "Le registraire a coupé le domaine du tracker pirate Qubitorrent, qui a rouvert "
            "ailleurs.",
            "fr",
            "seizure",
            "shutdown",
        ),
    ],
)
def test_outcomes_in_their_clause(title, summary, lang, present, absent) -> None:
    found = tags(title, summary, lang).outcomes
    assert present in found and absent not in found, found
