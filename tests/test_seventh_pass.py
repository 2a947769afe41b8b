"""The rules of issue 15's seventh tuning pass, one block each (docs/quality.md, "Seventh pass").

Invented sites (on no registry), both languages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from newswire_items import analyse, target_names
from rideau.registry import fold_name, load_registry


# 1. One name written with either apostrophe is one name, in the registry and in the tags.
def test_the_apostrophe_form_does_not_count() -> None:
    assert fold_name("Archie’s Hub") == fold_name("archie's hub")
    assert fold_name("L‘Antre") == fold_name("L'Antre")


def test_the_registry_finds_a_name_typed_with_the_other_apostrophe(tmp_path: Path) -> None:
    folder = tmp_path / "registry"
    folder.mkdir()
    for name in ("sites", "studios", "outlets"):
        (folder / f"{name}.yaml").write_text("[]\n", encoding="utf-8")
    (folder / "sites.yaml").write_text(
        "- name: Bob's Vault\n  kind: cyberlocker\n  description:\n"
        "    en: A cyberlocker.\n    fr: Un hébergeur de fichiers.\n",
        encoding="utf-8",
    )
    registry = load_registry(folder)
    entry = registry.lookup("sites", "Bob’s Vault")
    assert entry is not None and entry.name == "Bob's Vault"


# 2. An age written with hyphens is a measure, never a name.
@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Argentine police arrest streaming site operator",
            "The Kwikstream football streaming site was blocked, and a 23-year-old was "
            "arrested in Mendoza on Wednesday.",
        ),
        (
            "Spanish court clears link sites",
            "The court cleared Zapster and Grabit, two link sites run by a 26-year-old "
            "student, of copyright infringement.",
        ),
    ],
)
def test_an_age_is_no_site(title: str, summary: str) -> None:
    names = {name.lower() for name in target_names(title, summary)}
    assert not any("year" in name for name in names), names


# 3. A subreddit is closed like a site: "r/…" is a name by its form.
@pytest.mark.parametrize(
    ("title", "summary", "site"),
    [
        (
            "Reddit bans r/plumorastreams after copyright complaints",
            "Reddit has banned r/plumorastreams, a forum of links to pirated football "
            "streams with 300,000 subscribers, after repeated copyright notices.",
            "r/plumorastreams",
        ),
        (
            "Reddit ferme r/veltrixstreams",
            "Reddit a fermé le forum r/veltrixstreams, qui publiait des liens vers des matchs "
            "piratés, après des plaintes pour violation du droit d'auteur.",
            "r/veltrixstreams",
        ),
    ],
)
def test_a_subreddit_is_a_target(title: str, summary: str, site: str) -> None:
    assert site in target_names(title, summary)
    relevant, tags = analyse(title, summary, "fr" if "ferme" in title else "en")
    assert relevant and site in tags.sites


# 4. An internet provider the text names as one is not a target: suits against ISPs over their
# subscribers' piracy, and the ISPs a blocking order names.
@pytest.mark.parametrize(
    ("title", "summary", "provider", "site"),
    [
        (
            "Studios sue Netwave over customers' piracy",
            "A group of film studios has sued Netwave, Australia's third-largest internet "
            "provider, accusing it of failing to stop customers sharing pirated films.",
            "Netwave",
            None,
        ),
        (
            "Le fournisseur d'accès Telvia condamné",
            "La justice a condamné le fournisseur d'accès Telvia à verser 2 millions d'euros "
            "aux maisons de disques pour le piratage de ses abonnés.",
            "Telvia",
            None,
        ),
        (
            "Court orders ISPs to block Zapbox",
            "A court ordered ISPs to block Zapbox, a streaming site. The ISP Telvia said it "
            "would comply. Zapbox was blocked on Monday.",
            "Telvia",
            "Zapbox",
        ),
    ],
)
def test_an_internet_provider_is_no_target(
    title: str, summary: str, provider: str, site: str | None
) -> None:
    names = target_names(title, summary)
    assert provider not in names
    if site:
        assert site in names


# 5. One action against a list of sites keeps the list, in its order (up to six names).
def test_a_listed_action_keeps_every_site_in_reading_order() -> None:
    relevant, tags = analyse(
        "Italian police seize seven streaming sites",
        "Police in Rome seized seven streaming sites, including Zapbox, Kwikstream, Veltrix, "
        "Plumora and Grabit, on Tuesday. The sites drew 2 million visits a month.",
    )
    assert relevant
    assert tags.sites == ("Zapbox", "Kwikstream", "Veltrix", "Plumora", "Grabit")


def test_the_headline_site_brings_the_rest_of_its_list() -> None:
    relevant, tags = analyse(
        "La police saisit Zapbox et six autres sites",
        "La police a saisi sept sites de streaming, dont Zapbox, Kwikstream, Veltrix, Plumora "
        "et Grabit, mardi.",
        "fr",
    )
    assert relevant
    assert tags.sites == ("Zapbox", "Kwikstream", "Veltrix", "Plumora", "Grabit")


def test_a_counted_apposition_describes_the_whole_list() -> None:
    names = target_names(
        "Court orders ISPs to block Zapbox",
        "A court ordered ISPs to block Zapbox, Kwikstream, Veltrix, Plumora and Grabit, five "
        "streaming sites. Zapbox was the largest.",
    )
    assert {"Zapbox", "Kwikstream", "Veltrix", "Plumora", "Grabit"} <= set(names)


def test_a_site_named_alone_stays_alone() -> None:
    relevant, tags = analyse(
        "Police seize Zapbox",
        "Police seized the servers of Zapbox, a streaming site, on Tuesday. Zapbox had copied "
        "Kwikstream's design.",
    )
    assert relevant
    assert tags.sites == ("Zapbox",)
