"""The registry of sites and studios: loading, aliases, and errors that name file and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from rideau.registry import RegistryError, load_registry

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, sites: str = "", studios: str = "") -> Path:
    (tmp_path / "sites.yaml").write_text(sites, encoding="utf-8")
    (tmp_path / "studios.yaml").write_text(studios, encoding="utf-8")
    return tmp_path


def test_shipped_registry_loads_and_resolves_aliases() -> None:
    registry = load_registry(ROOT / "content" / "registry")
    assert registry.lookup("sites", "Allostream").name == "Allostream"
    assert registry.lookup("studios", "Warner Bros. France").name == "Warner Bros."
    assert registry.lookup("studios", "warner bros.").name == "Warner Bros."
    assert registry.lookup("sites", "no such site") is None
    for entry in registry.sites + registry.studios:
        assert entry.description.get("fr") and entry.description.get("en"), entry.name


def test_slug_defaults_to_the_name(tmp_path: Path) -> None:
    registry = load_registry(write(tmp_path, "- name: Zone-Téléchargement\n- name: T411\n"))
    assert [e.slug for e in registry.sites] == ["zone-telechargement", "t411"]


@pytest.mark.parametrize(
    ("sites", "message"),
    [
        ("- aliases: [x]\n", "entry 1: field `name` is missing"),
        ("- name: A\n  status: gone\n", "A: field `status` is 'gone'"),
        ("- name: A\n  years: 2011\n", "A: field `years` must be [first, last]"),
        ("- name: A\n  aliases: b\n", "A: field `aliases` must be a list"),
        ("- name: A\n  description: {de: x}\n", "A: field `description`"),
        ("- name: A\n- name: B\n  aliases: [a]\n", "'a' names both 'A' and 'B'"),
        (
            "- name: Blogmusik\n- name: Blogmusik\n  kind: streaming\n",
            "'Blogmusik' has two entries",
        ),
        ("name: A\n", "must be a list of entries"),
        ("- name: [unclosed\n", "cannot be read"),
    ],
)
def test_bad_registry_names_file_and_field(tmp_path: Path, sites: str, message: str) -> None:
    with pytest.raises(RegistryError) as error:
        load_registry(write(tmp_path, sites))
    assert str(tmp_path / "sites.yaml") in str(error.value)
    assert message in str(error.value)
