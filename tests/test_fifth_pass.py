"""The rules of issue 15's fifth tuning pass, one block each (docs/quality.md, "Fifth pass").

Invented sites and rights holders (on no registry), both languages.
"""

from __future__ import annotations

import datetime as dt

import pytest
from newswire_items import REGISTRY, analyse, target_names
from rideau.newswire.cluster import cluster_entries
from rideau.newswire.parties import acting_parties
from rideau.newswire.records import CleanEntry, Entry, Relevance, TaggedEntry, Tags
from rideau.newswire.state import StateStore


def test_registry_knows_none_of_the_names_below() -> None:
    names = ("Flimzo", "TorqBox", "ZappStore", "Quorvix", "Melodrift", "Strimova", "Kelvado")
    for name in names:
        assert REGISTRY.lookup("sites", name) is None, name


# 1. Phrasings of an action the lexicon did not read.
@pytest.mark.parametrize(
    ("title", "summary", "lang", "site"),
    [
        (
            "Un label poursuit le service pirate Melodrift",
            "La maison de disques accuse le service Melodrift d'avoir mis en ligne des "
            "milliers de titres piratés. Melodrift conteste.",
            "fr",
            "Melodrift",
        ),
        (
            "Broadcaster takes streaming app Strimova to court",
            "A satellite broadcaster has taken the streaming app Strimova to court, saying "
            "Strimova rebroadcast its channels without a licence.",
            "en",
            "Strimova",
        ),
        (
            "Le site de liens Kelvado sanctionné par la justice",
            "Le tribunal a sanctionné le site de liens Kelvado, qui proposait des films "
            "piratés. Kelvado devra fermer.",
            "fr",
            "Kelvado",
        ),
        (
            "China's Quorvix removes pirated content",
            "The download site Quorvix removed pirated films from its pages this week, "
            "saying Quorvix will only point users to licensed copies.",
            "en",
            "Quorvix",
        ),
        (
            "Court clears file-sharing service Flimzo",
            "A court on Thursday cleared the peer-to-peer service Flimzo of copyright "
            "charges. Flimzo's founder said he was relieved.",
            "en",
            "Flimzo",
        ),
    ],
)
def test_more_phrasings_of_an_action(title: str, summary: str, lang: str, site: str) -> None:
    relevant, tags = analyse(title, summary, lang)
    assert relevant
    assert site in tags.sites


# (news of proceedings whatever their outcome: rulings, appeals, answers to a suit)
@pytest.mark.parametrize(
    ("title", "summary", "lang", "site"),
    [
        (
            "Quorvix operator vows to appeal",
            "The operator of the file-sharing site Quorvix said he would appeal after the "
            "court sided with the record labels.",
            "en",
            "Quorvix",
        ),
        (
            "Le site pirate Kelvado répond aux studios",
            "Attaqué par les studios, l'annuaire pirate Kelvado répond aux studios : il "
            "affirme n'héberger aucun film.",
            "fr",
            "Kelvado",
        ),
        (
            "Download hub Quorvix bows to copyright pressure",
            "The pirate download hub Quorvix pulled movie and music links from its pages after "
            "the copyright regulator's warning.",
            "en",
            "Quorvix",
        ),
        (
            "Fin de partie pour le tracker pirate Flimzo",
            "Le tracker torrent pirate Flimzo n'est plus accessible depuis lundi.",
            "fr",
            "Flimzo",
        ),
    ],
)
def test_proceedings_and_their_steps_are_news(
    title: str, summary: str, lang: str, site: str
) -> None:
    relevant, tags = analyse(title, summary, lang)
    assert relevant
    assert site in tags.sites


def test_a_removal_owed_is_not_a_shutdown() -> None:
    # "should have removed", "failed to remove": what the court says was owed
    _relevant, tags = analyse(
        "Court rules against file host Quorvix",
        "The court said the file host Quorvix, a cyberlocker, should have removed infringing "
        "copies of games when it was told about them, and ordered it to pay damages.",
    )
    assert "shutdown" not in tags.outcomes


def test_a_patent_suit_is_not_enforcement_against_a_site() -> None:
    relevant, _tags = analyse(
        "Un éditeur de jeux poursuit le studio de Quorvix pour violation de brevets",
        "L'éditeur a déposé plainte contre le studio qui développe Quorvix. Il est question "
        "de brevets, pas de droit d'auteur.",
        "fr",
    )
    assert not relevant


# 2. Domains on the endings piracy sites move to.
def test_domains_on_new_endings_are_named_in_an_action() -> None:
    names = target_names(
        "Streaming illégal : la justice ordonne le blocage de dizaines de sites",
        "Le tribunal a ordonné aux opérateurs de rendre inaccessibles 40 noms de domaine, "
        "parmi lesquels flimzo.rip, strimova.cool ou kelvado.sbs.",
    )
    assert {"flimzo.rip", "strimova.cool", "kelvado.sbs"} <= set(names)


# 3. The lead names the services a headline acts on without naming them.
def test_the_lead_names_the_services_of_the_headline() -> None:
    relevant, tags = analyse(
        "FBI shuts down three pirate Android app stores",
        "ZappStore, TorqBox and Flimzo, which sold pirated apps, now show a seizure banner. "
        "French police helped with the operation.",
    )
    assert relevant
    assert {"ZappStore", "TorqBox", "Flimzo"} <= set(tags.sites)


def test_the_company_running_the_service_is_not_named_by_the_lead() -> None:
    names = target_names(
        "Court orders two streaming apps shut",
        "QuorvixCorp, which runs TorqBox and ZappStore, must stop both apps within a week.",
    )
    assert "QuorvixCorp" not in names


# 4. What a name is, and what it is not.
def test_presented_as_is_no_precedent() -> None:
    names = target_names(
        "Inde : le créateur d'une appli de télé pirate arrêté",
        "La police a interpellé un ingénieur présenté comme le fondateur de Strimova TV, une "
        "application qui relayait des chaînes sans autorisation.",
    )
    assert names == ["Strimova TV"]


def test_a_name_without_its_possessive() -> None:
    names = target_names(
        "Police seize servers of TorqBox",
        "TorqBox's servers were seized on Monday by police, who say TorqBox streamed films "
        "without a licence.",
    )
    assert names == ["TorqBox"]


@pytest.mark.parametrize("number", ["Section 115A", "L336-2"])
def test_an_article_of_a_law_is_no_name(number: str) -> None:
    names = target_names(
        "Court orders providers to block pirate sites",
        f"Under {number}, the court ordered providers to block the torrent site Kelvado. "
        "Kelvado's operators did not appear.",
    )
    assert names == ["Kelvado"]


def test_a_determiner_at_a_sentence_start_is_no_name() -> None:
    names = target_names(
        "Pirate group leader jailed",
        "The release group Flimzo leaked films online. Another member got three years.",
    )
    assert "Another" not in names


# 5. Recalled actions: another site's action, told to date this one.
@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Ukrainian file host Quorvix calls it quits",
            "Quorvix, a free file host, is closing on November 30. Police seized the servers "
            "of streaming site melodrift.to earlier in the week.",
        ),
        (
            "Le géant du partage Quorvix jette l'éponge",
            "Le service de partage Quorvix a annoncé sa fermeture. L'annonce intervient au "
            "lendemain de la saisie, par la police, des serveurs d'un autre site populaire, "
            "melodrift.to.",
        ),
    ],
)
def test_a_recalled_action_gives_no_target(title: str, summary: str) -> None:
    names = target_names(title, summary)
    assert names[:1] == ["Quorvix"]
    assert "melodrift.to" not in names


# 6. No story without a site.
def test_an_entry_naming_sites_only_in_passing_starts_no_story() -> None:
    def entry(number: int, sites: tuple[str, ...], mentioned: tuple[str, ...]) -> TaggedEntry:
        url = f"https://outlet{number}.example/item-{number}"
        published = dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC)
        item = Entry(url, url, "", f"feed{number}", f"Outlet {number}", "fr", "T", published)
        tags = Tags(sites=sites, outcomes=("blocking",), mentioned_sites=mentioned)
        return TaggedEntry(CleanEntry(item, "T", "", "", ""), Relevance(True, 1.0), tags)

    # "les habitués de sites visés comme Kelvado": Kelvado has no story to join
    clusters, rejected = cluster_entries(
        [entry(1, ("Flimzo",), ()), entry(2, (), ("Kelvado",))],
        StateStore.in_memory().index,
        today=dt.date(2026, 12, 1),
    )
    assert [c.entries[0].tags.sites for c in clusters.values()] == [("Flimzo",)]
    assert [(r.link, r.reason) for r in rejected] == [
        ("https://outlet2.example/item-2", "not-relevant")
    ]


# 7. Acting rights holders the text names, known or not.
@pytest.mark.parametrize(
    ("summary", "party"),
    [
        (
            "L'arrêt annule la décision de première instance obtenue par Buma/Stemra, qui "
            "ordonnait à Flimzo de bloquer les échanges.",
            "Buma/Stemra",
        ),
        (
            "Le réseau social devra verser 210 000 roubles au label Zephyr Records.",
            "Zephyr Records",
        ),
        (
            "Flimzo must compensate Zephyr Records after the court found it liable.",
            "Zephyr Records",
        ),
        ("Zephyr Records had sought more than 1 million rubles in damages.", "Zephyr Records"),
        ("Le label Zephyr Records obtient une indemnisation bien inférieure.", "Zephyr Records"),
        ("A Florida court awarded satellite operator Quillcast $500 per subscriber.", "Quillcast"),
        ("Zephyr Records, qui réclamait 1,05 million de roubles, fait appel.", "Zephyr Records"),
    ],
)
def test_more_cues_of_an_acting_party(summary: str, party: str) -> None:
    assert party in acting_parties("Title", summary, ordinary=True)


# 8. Outcomes told of the target without its name.
def test_an_outcome_told_of_the_target_by_a_pronoun_counts() -> None:
    _relevant, tags = analyse(
        "Le site pirate Flimzo fermé, son webmestre interpellé",
        "Le site de streaming Flimzo a fermé mardi. Son administrateur a été interpellé par "
        "les gendarmes. Il proposait des milliers de films. Les enquêteurs ont saisi son "
        "matériel informatique.",
        "fr",
    )
    assert {"arrest", "seizure", "shutdown"} <= set(tags.outcomes)


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Streaming : Londres serre encore la vis outre-Manche",
            "Outre-Manche, la justice ordonne le blocage des annuaires pirates Kelvado et "
            "Flimzo, à la demande des studios.",
        ),
        (
            "Cinquante arrestations dans un réseau d'IPTV pirate",
            "Cinquante personnes ont été arrêtées et le service pirate Kelvado fermé.",
        ),
        (
            "Virgin Media told to block pirate site Kelvado",
            "Virgin Media and other providers must block the pirate site Kelvado.",
        ),
    ],
)
def test_places_numbers_and_providers_are_never_sites(title: str, summary: str) -> None:
    names = {n.lower() for n in target_names(title, summary)}
    assert names & {"outre-manche", "outre manche", "cinquante", "virgin media", "virgin"} == set()
    assert "kelvado" in names


# 9. Outcomes that are not the site's: a case ended, a refusal, a door closed.
@pytest.mark.parametrize(
    ("title", "summary", "lang"),
    [
        (
            "Le logiciel d'échange Flimzo signe un accord avec les maisons de disques",
            "L'éditeur du logiciel pirate Flimzo a conclu un accord à l'amiable : il paiera "
            "4 millions de dollars. En échange, les maisons de disques abandonnent leur procès.",
            "fr",
        ),
        (
            "Mis en demeure, le site pirate Kelvado refuse de fermer",
            "Le site de conversion pirate Kelvado a reçu une mise en demeure de Google. Son "
            "créateur refuse de fermer son site.",
            "fr",
        ),
    ],
)
def test_an_ended_case_or_a_refusal_is_no_shutdown(title: str, summary: str, lang: str) -> None:
    _relevant, tags = analyse(title, summary, lang)
    assert "shutdown" not in tags.outcomes
