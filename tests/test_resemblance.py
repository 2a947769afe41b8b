"""Resemblance: an entry that names no site takes the sites of the kept entry of the same days
reporting the same action in the same words, when one stands out (resemblance.py).

Kuromaru and Zorbix are invented, not in the registry. The BBC style of headline names no
site: "Japanese manga piracy site vanishes"."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from newswire_items import REGISTRY, clean
from rideau.newswire.analyse import Analyser
from rideau.newswire.corroborate import corroborate
from rideau.newswire.records import TaggedEntry, UnnamedEntry
from rideau.newswire.resemblance import Resemblance, content_words

ANALYSER = Analyser(REGISTRY)
DAY = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)

KEPT = (
    "Police in Osaka shut down Kuromaru, a manga piracy site",
    "Police in Osaka shut down Kuromaru, a manga piracy site drawing 20 million visits a month, "
    "and arrested its operator, a 31-year-old man from Kobe, on Tuesday.",
)
UNNAMED = (
    "Japanese manga piracy site vanishes",
    "One of Japan's most visited piracy sites was shut down by Osaka police, who arrested its "
    "operator, a man from Kobe, on Tuesday.",
)
OTHER = (
    "Dutch police shut down Zorbix, a film piracy site",
    "Police in Amsterdam shut down Zorbix, a film piracy site, and seized its servers in a "
    "data centre near Rotterdam on Tuesday.",
)


def judged(item: tuple[str, str], link: str, when: dt.datetime = DAY, lang: str = "en"):
    return ANALYSER.judge(clean(*item, lang, published=when, link=f"https://news.example/{link}"))


def test_the_items_are_what_the_tests_need() -> None:
    assert isinstance(judged(KEPT, "a"), TaggedEntry)
    assert isinstance(judged(OTHER, "c"), TaggedEntry)
    assert isinstance(judged(UNNAMED, "b"), UnnamedEntry)


def test_an_entry_naming_no_site_takes_the_sites_of_the_entry_it_resembles() -> None:
    kept, other, unnamed = judged(KEPT, "a"), judged(OTHER, "c"), judged(UNNAMED, "b")
    result = corroborate(REGISTRY, [kept, other], [unnamed])
    assert [t.tags.sites for t in result.tagged] == [("Kuromaru",)]
    assert result.tagged[0].relevance.reasons[0].startswith("resembles https://news.example/a")
    assert not result.rejected


def test_only_entries_of_the_same_few_days_are_compared() -> None:
    kept = judged(KEPT, "a", when=DAY + dt.timedelta(days=5))
    result = corroborate(REGISTRY, [kept], [judged(UNNAMED, "b")])
    assert not result.tagged
    assert len(result.rejected) == 1


KEPT_FR = (
    "Osaka : la police ferme Kuromaru, un site de mangas piratés",
    "La police d'Osaka a fermé mardi Kuromaru, un site de mangas piratés, et arrêté son "
    "exploitant, un homme de 31 ans originaire de Kobe.",
)


def test_an_entry_of_another_language_is_compared_by_the_names_both_write() -> None:
    # no English entry about it: the French one shares Osaka and Kobe
    kept, other = judged(KEPT_FR, "a", lang="fr"), judged(OTHER, "c")
    result = corroborate(REGISTRY, [kept, other], [judged(UNNAMED, "b")])
    assert [t.tags.sites for t in result.tagged] == [("Kuromaru",)]


def test_between_languages_a_place_alone_is_not_enough() -> None:
    lone = (KEPT_FR[0], KEPT_FR[1].replace(" originaire de Kobe", ""))
    result = corroborate(REGISTRY, [judged(lone, "a", lang="fr")], [judged(UNNAMED, "b")])
    assert not result.tagged


def test_an_entry_of_its_own_language_is_preferred() -> None:
    english, french = judged(KEPT, "a"), judged(KEPT_FR, "d", lang="fr")
    french = replace(french, tags=replace(french.tags, sites=("Mangatoku",)))
    result = corroborate(REGISTRY, [english, french], [judged(UNNAMED, "b")])
    assert [t.tags.sites for t in result.tagged] == [("Kuromaru",)]


def test_no_entry_stands_out_no_sites_are_taken() -> None:
    # two kept entries about other sites in the same words: which one is it about?
    twin = (KEPT[0].replace("Kuromaru", "Mangatoku"), KEPT[1].replace("Kuromaru", "Mangatoku"))
    kept, other = judged(KEPT, "a"), judged(twin, "d")
    result = corroborate(REGISTRY, [kept, other], [judged(UNNAMED, "b")])
    assert not result.tagged
    # nothing in common but the generic words of piracy news
    result = corroborate(REGISTRY, [judged(OTHER, "c")], [judged(UNNAMED, "b")])
    assert not result.tagged


def test_the_words_compared_leave_out_function_words_numbers_and_piracy_words() -> None:
    words = content_words("The piracy site of Osaka", "It was shut down in 2024 by the police.")
    assert "osaka" in words
    assert not {"the", "piracy", "site", "2024", "police"} & words


def test_rare_words_weigh_more_than_common_ones() -> None:
    kept = judged(KEPT, "a")
    resemblance = Resemblance([kept], [judged(UNNAMED, "b").clean, judged(OTHER, "c").clean])
    assert resemblance.weight["kobe"] > resemblance.weight["tuesday"]
