"""Tagging: targets vs mentions, rights holders vs police, outcomes, unknown sites proposed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rideau.newswire.classify import Classifier
from rideau.newswire.clean import clean_entry
from rideau.newswire.records import Entry
from rideau.newswire.tag import Tagger
from rideau.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = load_registry(ROOT / "content" / "registry")
TAGGER = Tagger(REGISTRY)


def entry(title: str, summary: str, lang: str = "en") -> Entry:
    return Entry(
        link="https://news.example/a", url="https://news.example/a", guid="", source="test",
        outlet="Example", lang=lang, title=title,
        published=dt.datetime(2020, 1, 1, tzinfo=dt.UTC), summary=summary,
    )  # fmt: skip


def tag(title: str, summary: str, lang: str = "en"):
    return TAGGER.tag(clean_entry(entry(title, summary, lang)))


def test_hosts_and_precedents_are_not_targets() -> None:
    tags = tag(
        "Allostream pulls its series links",
        "<p>The portal linked to videos hosted on Megavideo, Megaupload or VideoBB. "
        "Allostream received a notice from Warner Bros. France and shut down its links.</p>",
    )
    assert tags.sites == ("Allostream",)
    assert "Megaupload" in tags.mentioned_sites
    assert tag(
        "Après KickassTorrents, Torrentz tire sa révérence", "<p>Torrentz ferme.</p>", "fr"
    ).sites == ("Torrentz",)


def test_names_match_aliases_accents_and_case_but_not_longer_words() -> None:
    assert tag("French police shut down Zone Telechargement", "<p>Closed.</p>").sites == (
        "Zone-Téléchargement",
    )
    assert tag(
        "Blocage d'Allostreaming", "<p>Le site Allostreaming est bloqué.</p>", "fr"
    ).sites == ("Allostreaming",)
    assert tag(
        "MPAA welcomes the closure of 123movies", "<p>The MPAA said it shut down.</p>"
    ).studios == ("MPA",)


def test_police_and_courts_are_not_studios_and_victims_do_not_act() -> None:
    tags = tag(
        "Megaupload shut down",
        "<p>The FBI and the Department of Justice seized the servers. "
        "Anonymous retaliated with a DDoS attack on the MPAA website.</p>",
    )
    assert tags.studios == ()
    assert {"seizure", "shutdown"} <= set(tags.outcomes)


def test_outcomes_in_both_languages() -> None:
    assert tag(
        "T411 fermé, six personnes interpellées",
        "<p>Les gendarmes ont interpellé six personnes et saisi les serveurs. Le site est fermé.</p>",
        "fr",
    ).outcomes == ("arrest", "seizure", "shutdown")
    assert (
        "blocking"
        in tag("Court orders ISPs to block The Pirate Bay", "<p>ISPs must block it.</p>").outcomes
    )


def test_unknown_domain_said_to_be_shut_down_is_proposed() -> None:
    tags = tag("Streaming site shut down", "<p>Police shut down streamzilla.to on Tuesday.</p>")
    assert tags.proposed_sites == ("streamzilla.to",)
    assert tags.sites == ("streamzilla.to",)


def test_distractors_are_not_relevant() -> None:
    classifier = Classifier()
    for title, summary in (
        (
            "Netflix raises its prices",
            "<p>The streaming service adds a new tier for subscribers.</p>",
        ),
        ("Harry Potter breaks box-office records", "<p>Warner Bros. reported record takings.</p>"),
        ("L'usine ferme ses portes", "<p>La fermeture de l'usine est annoncée pour mars.</p>"),
    ):
        clean = clean_entry(entry(title, summary))
        assert not classifier.classify(clean, TAGGER.count_named_sites(clean)).relevant, title
