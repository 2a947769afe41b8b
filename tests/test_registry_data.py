"""The shipped registry data: it loads, no alias names two entries, kinds and descriptions are
set, record labels and studios share no alias, and no alias is an ordinary word."""

from __future__ import annotations

from pathlib import Path

import pytest
from rideau.registry import fold_name, load_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "content" / "registry"

SITE_KINDS = {
    "streaming-links", "ddl-links", "torrent-tracker", "cyberlocker", "ed2k-links",
    "usenet-index", "app", "addon-repository", "streaming", "stream-ripper", "shadow-library",
    "manga-reader", "iptv", "sports-streaming", "ddl-portal",
}  # fmt: skip
STUDIO_KINDS = {
    "studio", "streamer", "broadcaster", "sports", "label", "publisher", "trade-group",
    "collecting-society", "anti-piracy",
}  # fmt: skip
# Canonical names that are ordinary words, kept because stories name them so.
KNOWN_WORD_NAMES = {"ace", "api", "oink", "rogers", "wiley"}

ORDINARY_WORDS = set(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "be",
        "it",
        "this",
        "that",
        "not",
        "no",
        "yes",
        "all",
        "any",
        "some",
        "one",
        "two",
        "three",
        "new",
        "old",
        "big",
        "small",
        "good",
        "bad",
        "free",
        "open",
        "black",
        "white",
        "red",
        "blue",
        "green",
        "time",
        "day",
        "year",
        "home",
        "world",
        "music",
        "film",
        "films",
        "movie",
        "movies",
        "video",
        "videos",
        "stream",
        "streaming",
        "torrent",
        "torrents",
        "site",
        "sites",
        "web",
        "net",
        "online",
        "link",
        "links",
        "download",
        "direct",
        "share",
        "file",
        "files",
        "box",
        "play",
        "live",
        "tv",
        "radio",
        "news",
        "media",
        "group",
        "pirate",
        "pirates",
        "bay",
        "apple",
        "amazon",
        "sky",
        "mega",
        "warner",
        "universal",
        "sony",
        "columbia",
        "paramount",
        "fox",
        "star",
        "sun",
        "moon",
        "net",
        "gold",
        "silver",
        "king",
        "queen",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "et",
        "ou",
        "en",
        "au",
        "aux",
        "sur",
        "dans",
        "pour",
        "par",
        "avec",
        "sans",
        "site",
        "lien",
        "liens",
        "film",
        "série",
        "séries",
        "musique",
        "livre",
        "livres",
        "journal",
        "monde",
        "vie",
        "jour",
        "an",
        "année",
        "nouveau",
        "nouvelle",
        "grand",
        "petit",
        "bon",
        "mauvais",
        "libre",
        "gratuit",
        "noir",
        "blanc",
        "rouge",
        "bleu",
        "vert",
        "chaîne",
        "groupe",
        "ligue",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "france",
        "french",
        "français",
        "française",
        "england",
        "english",
        "anglais",
        "anglaise",
        "britain",
        "british",
        "germany",
        "german",
        "allemagne",
        "allemand",
        "spain",
        "spanish",
        "espagne",
        "espagnol",
        "italy",
        "italian",
        "italie",
        "italien",
        "japan",
        "japanese",
        "japon",
        "japonais",
        "china",
        "chinese",
        "chine",
        "chinois",
        "russia",
        "russian",
        "russie",
        "russe",
        "canada",
        "canadian",
        "canadien",
        "america",
        "american",
        "amérique",
        "américain",
        "europe",
        "european",
        "européen",
        "sweden",
        "swedish",
        "suède",
        "suédois",
        "netherlands",
        "dutch",
        "néerlandais",
        "belgium",
        "belgique",
        "paris",
        "london",
        "londres",
        "new",
        "york",
        "hollywood",
        "quebec",
        "québec",
        "john",
        "paul",
        "marie",
        "pierre",
        "jean",
        "michel",
        "david",
        "peter",
        "james",
        "anna",
    ]
)


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY)


def _names(entry):
    return (entry.name, *entry.aliases)


def test_registry_loads(registry) -> None:
    assert registry.sites and registry.studios


@pytest.mark.parametrize("pools", [("sites",), ("studios",), ("sites", "studios")])
def test_no_alias_names_two_entries(registry, pools) -> None:
    owners: dict[str, str] = {}
    clashes = []
    for pool in pools:
        for entry in registry.entries(pool):
            for name in _names(entry):
                owner = owners.setdefault(fold_name(name), f"{pool}:{entry.name}")
                if owner != f"{pool}:{entry.name}":
                    clashes.append((name, owner, entry.name))
    assert not clashes


def test_kinds_and_descriptions(registry) -> None:
    for pool, kinds in (("sites", SITE_KINDS), ("studios", STUDIO_KINDS)):
        for entry in registry.entries(pool):
            assert entry.kind in kinds, (pool, entry.name, entry.kind)
            for lang in ("fr", "en"):
                text = entry.description.get(lang, "")
                assert text.strip() and "\n" not in text, (entry.name, lang)


def test_labels_and_studios_share_no_alias(registry) -> None:
    def words(kind):
        return {fold_name(n): e.name for e in registry.studios if e.kind == kind for n in _names(e)}

    labels, studios = words("label"), words("studio")
    assert not set(labels) & set(studios)
    # Nor a bare company word that the other side also begins with ("Warner", "Sony").
    for name in labels:
        assert name.split()[0] not in studios, name
    for name in studios:
        assert name.split()[0] not in labels, name


def test_sizes(registry) -> None:
    assert len(registry.sites) >= 240
    assert len(registry.studios) >= 150


def test_no_alias_is_an_ordinary_word(registry) -> None:
    assert len(ORDINARY_WORDS) >= 150
    folded_words = {fold_name(w) for w in ORDINARY_WORDS}
    for entry in registry.sites + registry.studios:
        for name in _names(entry):
            key = fold_name(name)
            if key in KNOWN_WORD_NAMES:
                continue
            assert key not in folded_words, (entry.name, name)
