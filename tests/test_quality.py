"""Story quality does not regress: `make eval` figures stay above floors set a little below
the figures reached (newswire-dev: ../shared; newswire-extra: our own labeled items;
newswire-train: our tuning corpus; newswire-heldout and newswire-heldout2: our held-out corpora,
never tuned on), with the shipped registry and blind."""

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
TRAIN = ROOT / "bench" / "corpora" / "newswire-train"
FLOORS = {
    # reached: relevance 1.000, B-cubed 1.000, sites 1.000, studios 0.957, outcomes 0.944
    (SHARED / "corpora" / "newswire-dev", False): {
        "relevance_f1": 0.97, "bcubed_f1": 0.97, "bcubed_precision": 0.98,
        "sites_f1": 0.95, "studios_f1": 0.93, "outcomes_f1": 0.90,
    },
    # reached: relevance 0.994, B-cubed 0.990, sites 1.000, studios 0.868, outcomes 0.931
    (SHARED / "corpora" / "newswire-dev", True): {
        "relevance_f1": 0.95, "bcubed_f1": 0.95, "bcubed_precision": 0.98,
        "sites_f1": 0.85, "studios_f1": 0.80, "outcomes_f1": 0.88,
    },
    # reached: 1.000 everywhere
    (ROOT / "tests" / "corpora" / "newswire-extra", False): {
        "relevance_f1": 0.95, "bcubed_f1": 0.95, "bcubed_precision": 0.95,
        "sites_f1": 0.95, "studios_f1": 0.90, "outcomes_f1": 0.90,
    },
    # reached: relevance 0.963 (P 0.988), B-cubed 0.917 (P 1.000), sites 0.897, studios 0.861,
    # outcomes 0.810. Precision floors are issue 15's: an editor's queue holds no false stories.
    (HELDOUT, False): {
        "relevance_f1": 0.93, "relevance_precision": 0.95, "bcubed_f1": 0.89,
        "bcubed_precision": 0.95, "sites_f1": 0.86, "studios_f1": 0.82, "outcomes_f1": 0.77,
    },
    # reached: relevance 0.844 (P 1.000), B-cubed 0.751 (P 1.000), sites 0.831
    (HELDOUT, True): {
        "relevance_f1": 0.81, "relevance_precision": 0.95, "bcubed_f1": 0.72,
        "bcubed_precision": 0.95, "sites_f1": 0.80,
    },
    # reached: relevance 0.872 (P 1.000), B-cubed 0.849 (P 1.000), sites 0.877, studios 0.875,
    # outcomes 0.928
    (TRAIN, False): {
        "relevance_f1": 0.84, "relevance_precision": 0.97, "bcubed_f1": 0.82,
        "bcubed_precision": 0.97, "sites_f1": 0.85, "studios_f1": 0.84, "outcomes_f1": 0.90,
    },
    # reached: relevance 0.831 (P 1.000), B-cubed 0.787 (P 1.000), sites 0.793
    (TRAIN, True): {
        "relevance_f1": 0.80, "relevance_precision": 0.97, "bcubed_f1": 0.75,
        "bcubed_precision": 0.97, "sites_f1": 0.76,
    },
    # Scored once, after the tuning (docs/quality.md); reached: relevance 0.810 (P 0.983),
    # B-cubed 0.718 (P 0.991), sites 0.891, studios 0.704, outcomes 0.804
    (HELDOUT2, False): {
        "relevance_f1": 0.78, "relevance_precision": 0.95, "bcubed_f1": 0.69,
        "bcubed_precision": 0.95, "sites_f1": 0.86, "studios_f1": 0.67, "outcomes_f1": 0.77,
    },
    # reached: relevance 0.718 (P 0.980), B-cubed 0.598 (P 1.000), sites 0.717
    (HELDOUT2, True): {
        "relevance_f1": 0.69, "relevance_precision": 0.95, "bcubed_f1": 0.57,
        "bcubed_precision": 0.95, "sites_f1": 0.69,
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
