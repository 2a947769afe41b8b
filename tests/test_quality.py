"""Story quality does not regress: `make eval` figures stay above floors set a little below
the figures reached (newswire-dev: ../shared; newswire-extra: our own labeled items;
newswire-train: our tuning corpus; newswire-heldout: our first held-out corpus, tuning data
since; newswire-heldout2 and newswire-heldout3: our held-out corpora, never tuned on), with the
shipped registry and blind."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

spec = importlib.util.spec_from_file_location("rideau_eval", ROOT / "bench" / "eval.py")
evaluation = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = evaluation  # dataclasses look their module up there
spec.loader.exec_module(evaluation)

HELDOUT = ROOT / "bench" / "corpora" / "newswire-heldout"
HELDOUT2 = ROOT / "bench" / "corpora" / "newswire-heldout2"
HELDOUT3 = ROOT / "bench" / "corpora" / "newswire-heldout3"
TRAIN = ROOT / "bench" / "corpora" / "newswire-train"
FLOORS = {
    # Reached at the third pass (docs/quality.md). Site figures are micro-averaged over the
    # relevant items found: the items the corroborate stage adds belong to stories with more
    # sites to find, so sites F1 can fall while no item's sites got worse.
    # reached: relevance 1.000, B-cubed 1.000, sites 1.000, studios 0.957, outcomes 0.931
    (SHARED / "corpora" / "newswire-dev", False): {
        "relevance_f1": 0.97, "bcubed_f1": 0.97, "bcubed_precision": 0.98,
        "sites_f1": 0.95, "studios_f1": 0.93, "outcomes_f1": 0.90,
    },
    # reached: relevance 1.000, B-cubed 1.000, sites 1.000, studios 0.868, outcomes 0.931
    (SHARED / "corpora" / "newswire-dev", True): {
        "relevance_f1": 0.95, "bcubed_f1": 0.95, "bcubed_precision": 0.98,
        "sites_f1": 0.85, "studios_f1": 0.80, "outcomes_f1": 0.88,
    },
    # reached: 1.000 everywhere
    (ROOT / "tests" / "corpora" / "newswire-extra", False): {
        "relevance_f1": 0.95, "bcubed_f1": 0.95, "bcubed_precision": 0.95,
        "sites_f1": 0.95, "studios_f1": 0.90, "outcomes_f1": 0.90,
    },
    # reached: relevance 0.981 (P 0.989), B-cubed 0.945 (P 1.000), sites 0.911, studios 0.872,
    # outcomes 0.853. Precision floors are issue 15's: an editor's queue holds no false stories.
    (HELDOUT, False): {
        "relevance_f1": 0.95, "relevance_precision": 0.95, "bcubed_f1": 0.92,
        "bcubed_precision": 0.95, "sites_f1": 0.88, "studios_f1": 0.84, "outcomes_f1": 0.82,
    },
    # reached: relevance 0.929 (P 1.000), B-cubed 0.865 (P 1.000), sites 0.807
    (HELDOUT, True): {
        "relevance_f1": 0.90, "relevance_precision": 0.95, "bcubed_f1": 0.83,
        "bcubed_precision": 0.95, "sites_f1": 0.77,
    },
    # reached: relevance 0.933 (P 1.000), B-cubed 0.921 (P 1.000), sites 0.868, studios 0.881,
    # outcomes 0.941
    (TRAIN, False): {
        "relevance_f1": 0.90, "relevance_precision": 0.97, "bcubed_f1": 0.89,
        "bcubed_precision": 0.97, "sites_f1": 0.84, "studios_f1": 0.85, "outcomes_f1": 0.91,
    },
    # reached: relevance 0.917 (P 1.000), B-cubed 0.888 (P 1.000), sites 0.800
    (TRAIN, True): {
        "relevance_f1": 0.88, "relevance_precision": 0.97, "bcubed_f1": 0.85,
        "bcubed_precision": 0.97, "sites_f1": 0.77,
    },
    # Never tuned on (its errors are not printed); reached: relevance 0.875 (P 0.986),
    # B-cubed 0.772 (P 0.991), sites 0.862, studios 0.724, outcomes 0.820
    (HELDOUT2, False): {
        "relevance_f1": 0.84, "relevance_precision": 0.95, "bcubed_f1": 0.74,
        "bcubed_precision": 0.95, "sites_f1": 0.83, "studios_f1": 0.69, "outcomes_f1": 0.79,
    },
    # reached: relevance 0.867 (P 0.985), B-cubed 0.729 (P 1.000), sites 0.681
    (HELDOUT2, True): {
        "relevance_f1": 0.84, "relevance_precision": 0.95, "bcubed_f1": 0.70,
        "bcubed_precision": 0.95, "sites_f1": 0.65,
    },
    # Never tuned on (its errors are not printed); written at the fourth pass, scored before it
    # (921feb0) and after. Reached: relevance 0.853 (P 0.986), B-cubed 0.729 (P 1.000),
    # sites 0.648, studios 0.812, outcomes 0.720
    (HELDOUT3, False): {
        "relevance_f1": 0.82, "relevance_precision": 0.95, "bcubed_f1": 0.70,
        "bcubed_precision": 0.95, "sites_f1": 0.62, "studios_f1": 0.78, "outcomes_f1": 0.69,
    },
    # reached: relevance 0.850 (P 0.978), B-cubed 0.716 (P 1.000), sites 0.523
    (HELDOUT3, True): {
        "relevance_f1": 0.82, "relevance_precision": 0.95, "bcubed_f1": 0.68,
        "bcubed_precision": 0.95, "sites_f1": 0.50,
    },
}  # fmt: skip


@pytest.mark.parametrize(
    ("corpus", "blind"),
    list(FLOORS),
    ids=lambda value: (
        Path(value).name if isinstance(value, Path) else ("blind" if value else "shipped")
    ),
)
def test_quality_stays_above_its_floor(corpus: Path, blind: bool, capsys) -> None:
    figures = evaluation.evaluate(corpus, blind)
    printed = capsys.readouterr().out
    # a held-out corpus's errors are not shown: reading them would make it tuning data
    shown = [line for line in printed.splitlines() if line.startswith("   ")]
    assert (corpus.name in evaluation.HELD_OUT) == (not shown and "(held out:" in printed)
    floors = FLOORS[corpus, blind]
    below = {k: round(figures[k], 3) for k, floor in floors.items() if figures[k] < floor}
    assert not below, f"{corpus.name}: below the floor: {below} (run `make eval` for the details)"


@pytest.mark.parametrize(
    ("corpus", "min_links", "min_events", "min_outlets"),
    [
        (ROOT / "tests" / "corpora" / "newswire-extra", 15, 5, 2),
        (HELDOUT, 200, 30, 10),
        (TRAIN, 200, 30, 10),
        (HELDOUT2, 200, 30, 10),
        (HELDOUT3, 200, 30, 10),
    ],
    ids=lambda value: Path(value).name if isinstance(value, Path) else str(value),
)
def test_own_corpora_are_big_enough_and_well_formed(
    corpus: Path, min_links: int, min_events: int, min_outlets: int
) -> None:
    import json

    import feedparser

    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    assert len(labels["items"]) >= min_links
    assert len(labels["events"]) >= min_events
    assert {item["lang"] for item in labels["items"].values()} == {"fr", "en"}
    feeds = sorted((corpus / "feeds").glob("*.xml"))
    assert len(feeds) >= min_outlets
    links = set()
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, feed
        links |= {e.link for e in parsed.entries}
    assert links == set(labels["items"])
    for item in labels["items"].values():
        assert item["event"] is None or item["event"] in labels["events"]
