"""The rules of issue 15's sixth tuning pass, one block each (docs/quality.md, "Sixth pass").

Invented sites (on no registry), real cities and the shipped registry's rights holders, both
languages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from newswire_items import REGISTRY, analyse, clean, target_names
from rideau.newswire.analyse import Analyser
from rideau.newswire.corroborate import corroborate
from rideau.newswire.names import contracted
from rideau.newswire.places import is_place
from rideau.newswire.records import TaggedEntry, UnnamedEntry
from rideau.newswire.tag import outcomes_of

ANALYSER = Analyser(REGISTRY)
DAY = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)


def test_registry_knows_none_of_the_names_below() -> None:
    names = ("Zapbox", "Kwikstream", "Veltrix", "Plumora", "Grabit", "Zapster", "Nuvofilm")
    for name in names:
        assert REGISTRY.lookup("sites", name) is None, name


# 1. A city written alone is where the action happened (places.py, GeoNames' cities).
def test_the_cities_of_the_world_are_places() -> None:
    assert is_place("Swindon") and is_place("Eindhoven") and is_place("Hongkong")
    assert is_place("Pékin")  # another spelling of a large city
    assert not is_place("Veltrix") and not is_place("YTS")  # an airport code is no name


@pytest.mark.parametrize(
    ("title", "summary", "site"),
    [
        (
            "Swindon man jailed over film piracy site",
            "A man from Swindon was jailed for two years for running Veltrix, a film piracy "
            "site with 40,000 users. Veltrix was shut down in 2023.",
            "Veltrix",
        ),
        (
            "Eindhoven : le gérant d'un site de streaming condamné",
            "Le tribunal d'Eindhoven a condamné le gérant du site de streaming Plumora à un "
            "an de prison. Plumora est fermé depuis l'an dernier.",
            "Plumora",
        ),
    ],
)
def test_a_city_alone_is_no_site(title: str, summary: str, site: str) -> None:
    names = target_names(title, summary)
    assert site in names
    assert not {"Swindon", "Eindhoven"} & set(names)


def test_a_city_the_text_describes_as_a_site_is_one() -> None:
    # (a name that is also a town's stays a site where the text says what it is)
    assert "Swindon" in target_names(
        "Le site pirate Swindon fermé",
        "Le site de streaming Swindon a été fermé par la police. Swindon proposait des films.",
    )


# 2. A word of a registered rights holder's name is that rights holder, not a site.
def test_a_word_of_a_rights_holder_name_is_no_site() -> None:
    # "Blizzard" of Activision Blizzard (studios.yaml), "TVA" of Groupe TVA
    _, tags = analyse(
        "Blizzard server clone shut down after court ruling",
        "Blizzard won its case against the makers of a server emulator that let gamers play "
        "without licences. The emulator has been shut down.",
    )
    assert "Blizzard" not in tags.sites
    _, tags = analyse(
        "Rogers, Bell et TVA demandent le blocage du service pirate Kwikstream",
        "Les diffuseurs demandent à la Cour fédérale de bloquer le service IPTV pirate "
        "Kwikstream. Kwikstream diffuse leurs matchs sans droits.",
        "fr",
    )
    assert "TVA" not in tags.sites


# 3. Sporting events, a High Court's abbreviation, DVDs and compound adjectives are no names.
@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "US seizes sports streaming sites before Super Bowl",
            "Federal agents seized 12 websites ahead of the Super Bowl on Thursday.",
        ),
        (
            "Coupe du monde : l'Inde fait bloquer des sites de streaming",
            "La justice a ordonné le blocage de centaines de sites pendant la Coupe du monde.",
        ),
        (
            "Bombay HC orders block on 90 sites after film leak",
            "The Bombay HC ordered internet providers to block the sites that offered the film.",
        ),
        (
            "Studios take a bootleg TV service to court",
            "The suit targets its round-the-clock channels and its pay-per-view service.",
        ),
        (
            "Court orders box retailers to pay $29.3-million for enabling piracy",
            "The court ordered damages of about $29.3-million and a 10-year ban.",
        ),
    ],
)
def test_ordinary_words_of_blocking_news_are_no_names(title: str, summary: str) -> None:
    assert target_names(title, summary) == []


# 4. Resemblance: a little more often, and a kept entry whose outcome was not read
# contradicts none.
KEPT = (
    "Osaka police shut down Nuvofilm, a film piracy site",
    "Police in Osaka shut down Nuvofilm, a film piracy site drawing 9 million visits a month, "
    "and seized its servers at a data centre in Sakai on Tuesday.",
)
UNNAMED = (
    "Japanese film piracy site vanishes",
    "One of Japan's most visited film piracy sites, with 9 million monthly visits, was shut "
    "down by Osaka police, who seized its servers at a Sakai data centre on Tuesday.",
)


OTHER = (
    "Dutch police shut down Zorbix, a music piracy site",
    "Police in Amsterdam shut down Zorbix, a music piracy site, and seized its servers in a "
    "data centre near Rotterdam on Tuesday.",
)


def judged(item: tuple[str, str], link: str) -> TaggedEntry | UnnamedEntry:
    return ANALYSER.judge(clean(*item, "en", published=DAY, link=f"https://news.example/{link}"))


def test_a_kept_entry_without_outcomes_contradicts_none() -> None:
    kept, unnamed, other = judged(KEPT, "a"), judged(UNNAMED, "b"), judged(OTHER, "c")
    assert isinstance(kept, TaggedEntry) and isinstance(unnamed, UnnamedEntry)
    silent = replace(kept, tags=replace(kept.tags, outcomes=()))
    result = corroborate(REGISTRY, [silent, other], [unnamed])
    assert [t.tags.sites for t in result.tagged] == [("Nuvofilm",)]


# 5. Phrasings of outcomes the lexicon did not read.
@pytest.mark.parametrize(
    ("title", "summary", "lang", "outcome"),
    [
        ("Une arrestation en Chine", "Le gérant de Nuvofilm a été appréhendé.", "fr", "arrest"),
        (
            "Trois ans et demi de prison pour le fondateur de Nuvofilm",
            "Le tribunal a rendu sa décision.",
            "fr",
            "conviction",
        ),
        ("The man behind Nuvofilm is going to prison", "A judge ruled.", "en", "conviction"),
        ("Nuvofilm : peine alourdie en appel", "La cour a tranché.", "fr", "conviction"),
        (
            "La justice déboute les ayants droit face à Nuvofilm",
            "Le tribunal a rejeté leurs demandes.",
            "fr",
            "acquittal",
        ),
        ("Nuvofilm is not liable, court says", "The judges ruled.", "en", "acquittal"),
        (
            "Les studios traînent Nuvofilm devant un tribunal",
            "La plainte a été déposée.",
            "fr",
            "lawsuit",
        ),
        ("Un diffuseur attaque en justice Nuvofilm", "Il réclame des dommages.", "fr", "lawsuit"),
        ("Nuvofilm et Zapster ne répondent plus", "Les deux sites sont vides.", "fr", "shutdown"),
        ("Nuvofilm réduit au silence", "Le site a cessé d'émettre.", "fr", "shutdown"),
        ("Brésil : deux sites de streaming tombent", "Nuvofilm a disparu.", "fr", "shutdown"),
    ],
)
def test_more_outcome_phrasings(title: str, summary: str, lang: str, outcome: str) -> None:
    assert outcome in outcomes_of(clean(title, summary, lang), ("Nuvofilm",))


def test_a_target_that_wins_against_the_rights_holders_is_acquitted() -> None:
    outcomes = outcomes_of(
        clean(
            "Peer-to-peer : Zapster et Grabit gagnent contre les majors",
            "Un juge californien a donné raison aux deux réseaux d'échange.",
            "fr",
        ),
        ("Zapster", "Grabit"),
    )
    assert "acquittal" in outcomes and "conviction" not in outcomes
    # the rights holder winning is still a conviction of the target
    outcomes = outcomes_of(
        clean("Les majors gagnent contre Zapster", "Le juge leur a donné raison.", "fr"),
        ("Zapster",),
    )
    assert "conviction" in outcomes


# 6. Names the text gives a business, and sites named with "and other sites".
@pytest.mark.parametrize(
    ("title", "summary", "sites"),
    [
        (
            "UK seller of pirate streaming sticks jailed",
            "He sold the modified sticks under the names Zapbox and Kwikstream, the court "
            "heard. Zapbox had 20,000 subscribers when police shut it down.",
            {"Zapbox", "Kwikstream"},
        ),
        (
            "Royaume-Uni : prison ferme pour un vendeur de boîtiers pirates",
            "Il vendait ses abonnements sous le nom de Zapbox, selon le tribunal. Zapbox a été "
            "fermé par la police.",
            {"Zapbox"},
        ),
        (
            "Delhi court orders block on film piracy sites",
            "The order against Plumora and other rogue sites covers films not yet released. "
            "Internet providers must block Plumora within 48 hours.",
            {"Plumora"},
        ),
    ],
)
def test_trade_names_and_other_sites(title: str, summary: str, sites: set[str]) -> None:
    assert sites <= set(target_names(title, summary))


def test_new_domain_endings_are_domains() -> None:
    names = target_names(
        "Court orders block on Indian film piracy site",
        "The court ordered providers to block plumora.baby and its mirrors on Monday.",
    )
    assert "plumora.baby" in names


# 7. A name said as a model is not the target.
@pytest.mark.parametrize(
    ("title", "summary", "lang"),
    [
        (
            "Zorbi, le « Popcorn Time de la musique », attaqué en justice",
            "Les majors poursuivent le lecteur gratuit Zorbi, sorti il y a une semaine.",
            "fr",
        ),
        (
            "The 'Popcorn Time for music' got sued days after launch",
            "The labels sued Zorbi, a free music streaming app, in federal court on Tuesday. "
            "Zorbi denies it.",
            "en",
        ),
    ],
)
def test_a_name_said_as_a_model_is_no_target(title: str, summary: str, lang: str) -> None:
    _, tags = analyse(title, summary, lang)
    assert "Popcorn Time" not in tags.sites


# 8. Name forms: the capitals a one-word name opens with.
def test_the_capitals_a_name_opens_with_are_that_name() -> None:
    assert contracted("VX", "VXstream")
    assert not contracted("VX", "VXStream") and not contracted("VX", "VX Stream")
    assert not contracted("Vx", "Vxstream")  # only capitals are a short form


# 9. A settlement entered as a judgment is that settlement; a domain handed over is seized.
def test_a_settlement_is_not_also_a_conviction() -> None:
    outcomes = outcomes_of(
        clean(
            "Zapster settles with the labels and shuts down",
            "Zapster agreed to a $12 million judgment to settle the labels' lawsuit and must "
            "pay them within a month.",
        ),
        ("Zapster",),
    )
    assert "settlement" in outcomes and "conviction" not in outcomes


@pytest.mark.parametrize(
    ("title", "summary", "lang"),
    [
        (
            "Zapster to shut down and transfer its domain to the labels",
            "Under the settlement, Zapster must transfer the domain to the record labels.",
            "en",
        ),
        (
            "Zapster ferme, les maisons de disques récupèrent son nom de domaine",
            "Selon l'accord, les labels récupèrent son nom de domaine.",
            "fr",
        ),
    ],
)
def test_a_domain_handed_over_is_seized(title: str, summary: str, lang: str) -> None:
    assert "seizure" in outcomes_of(clean(title, summary, lang), ("Zapster",))
