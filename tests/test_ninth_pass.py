"""The rules of issue 15's ninth tuning pass, one block each (docs/quality.md, "Ninth pass").

Invented sites (on no registry), both languages.
"""

from __future__ import annotations

import pytest
from newswire_items import analyse, target_names
from rideau.newswire.names import name_key, similar_keys


# 1. A generic ending outlets drop is the same name: "Vexaflix TV" and "Vexa Flix".
@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Vexaflix TV", "Vexa Flix", True),
        ("Glimmora", "Glimmora HD", True),
        ("Strombix Online", "Strombix", True),
        ("Allostream", "Allostreaming", False),  # a longer name is another site
        ("Zapto", "Zapto TV", False),  # too short to tell
        ("Glimmora", "Glimmora2", False),
    ],
)
def test_a_generic_ending_is_dropped(a: str, b: str, same: bool) -> None:
    assert similar_keys(name_key(a), name_key(b)) is same


# 2. Two names one Romance connector joins are one name; places and courts stay apart.
@pytest.mark.parametrize(
    ("title", "summary", "name"),
    [
        ("Brazilian publishers shut down Vexa de Humanas",
         "The publishers' group forced Vexa de Humanas, a site sharing pirated academic "
         "books, to close.", "Vexa de Humanas"),
        ("Espagne : la justice fait fermer Zona de Glimmora",
         "La justice espagnole a fait fermer Zona de Glimmora, un site de liens pirates.",
         "Zona de Glimmora"),
    ],
)  # fmt: skip
def test_a_name_with_a_connector_is_one_name(title: str, summary: str, name: str) -> None:
    assert target_names(title, summary) == [name]


def test_a_court_of_a_city_is_no_name() -> None:
    names = target_names(
        "Le tribunal de Paris fait bloquer Vexaflix",
        "Le tribunal de Paris a ordonné le blocage de Vexaflix, un site de streaming pirate.",
    )
    assert names == ["Vexaflix"]


# 3. More words that are never a site: an access provider, a court's chamber.
def test_more_words_that_are_never_a_site() -> None:
    names = target_names(
        "Australian court orders Vocus to block Vexaflix",
        "The Federal Court ordered Vocus and other providers to block Vexaflix, a pirate "
        "streaming site.",
    )
    assert "Vocus" not in names and "Vexaflix" in names


# 4. Phrasings: a gap with a domain in it ("attaque Justin.tv en justice"), a channel that goes
#    off air, a group that halts its uploads, a complaint brought, suits filed.
@pytest.mark.parametrize(
    ("title", "summary", "lang", "outcome"),
    [
        ("L'UFC attaque vexaflix.tv en justice",
         "La ligue reproche au site pirate vexaflix.tv de diffuser ses combats.", "fr",
         "lawsuit"),
        ("Pirate sports channel Glimmora goes off air",
         "Glimmora, a pirate satellite channel, went off the air on Tuesday.", "en",
         "shutdown"),
        ("La chaîne pirate Glimmora n'émet plus",
         "La chaîne pirate Glimmora n'émet plus depuis mardi.", "fr", "shutdown"),
        ("E-book pirate group Strombix halts uploads",
         "Strombix, a group sharing pirated e-books, halted its uploads on Monday.", "en",
         "shutdown"),
        ("Popular torrent site Vexaflix loses its Somali web address",
         "Vexaflix, a popular torrent site, lost its .so domain name on Monday.", "en",
         "seizure"),
        ("Publishers bring criminal complaint against Strombix",
         "Six publishers brought a criminal complaint against Strombix, a group sharing "
         "pirated e-books.", "en", "lawsuit"),
    ],
)  # fmt: skip
def test_more_phrasings(title: str, summary: str, lang: str, outcome: str) -> None:
    relevant, tags = analyse(title, summary, lang)
    assert relevant and outcome in tags.outcomes, tags
