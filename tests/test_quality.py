"""Story quality does not regress: `make eval` figures stay above floors set a little below
the figures reached, with the shipped registry and blind (newswire-dev: ../shared;
newswire-extra: our own labeled items; newswire-train and newswire-train2: our tuning corpora;
newswire-heldout and -heldout3 to -heldout11: held out at first, tuning data since;
newswire-heldout2, -heldout12 and -heldout13: our held-out corpora, never tuned on)."""

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
HELDOUT4 = ROOT / "bench" / "corpora" / "newswire-heldout4"
HELDOUT5 = ROOT / "bench" / "corpora" / "newswire-heldout5"
HELDOUT6 = ROOT / "bench" / "corpora" / "newswire-heldout6"
HELDOUT7 = ROOT / "bench" / "corpora" / "newswire-heldout7"
HELDOUT8 = ROOT / "bench" / "corpora" / "newswire-heldout8"
HELDOUT9 = ROOT / "bench" / "corpora" / "newswire-heldout9"
HELDOUT10 = ROOT / "bench" / "corpora" / "newswire-heldout10"
HELDOUT11 = ROOT / "bench" / "corpora" / "newswire-heldout11"
HELDOUT12 = ROOT / "bench" / "corpora" / "newswire-heldout12"
HELDOUT13 = ROOT / "bench" / "corpora" / "newswire-heldout13"
TRAIN = ROOT / "bench" / "corpora" / "newswire-train"
TRAIN2 = ROOT / "bench" / "corpora" / "newswire-train2"
FLOORS = {
    # Figures micro-averaged over the relevant items found: when more of the hardest items are
    # found, sites F1 can fall while no item's sites got worse. Precision floors are issue 15's:
    # an editor's queue holds no false stories. (docs/quality.md has every pass's figures.)
    # Tuning data (../shared).
    # Reached at the end of the seventh pass:
    # relevance 1.000 (P 1.000), B-cubed 1.000 (P 1.000), sites 1.000,
    # studios 0.957, outcomes 0.935
    (SHARED / "corpora" / "newswire-dev", False): {
        "relevance_f1": 0.97, "relevance_precision": 0.95,
        "bcubed_f1": 0.97, "bcubed_precision": 0.95, "sites_f1": 0.97,
        "studios_f1": 0.92, "outcomes_f1": 0.9,
    },
    # blind: relevance 1.000 (P 1.000), B-cubed 1.000 (P 1.000), sites 1.000
    (SHARED / "corpora" / "newswire-dev", True): {
        "relevance_f1": 0.97, "relevance_precision": 0.95,
        "bcubed_f1": 0.97, "bcubed_precision": 0.95, "sites_f1": 0.97,
    },
    # Our own labeled items.
    # Reached at the end of the seventh pass:
    # relevance 1.000 (P 1.000), B-cubed 1.000 (P 1.000), sites 1.000,
    # studios 1.000, outcomes 1.000
    (ROOT / "tests" / "corpora" / "newswire-extra", False): {
        "relevance_f1": 0.97, "relevance_precision": 0.95,
        "bcubed_f1": 0.97, "bcubed_precision": 0.95, "sites_f1": 0.97,
        "studios_f1": 0.97, "outcomes_f1": 0.97,
    },
    # blind: relevance 1.000 (P 1.000), B-cubed 1.000 (P 1.000), sites 1.000
    (ROOT / "tests" / "corpora" / "newswire-extra", True): {
        "relevance_f1": 0.97, "relevance_precision": 0.95,
        "bcubed_f1": 0.97, "bcubed_precision": 0.95, "sites_f1": 0.97,
    },
    # Tuning data.
    # Reached at the end of the seventh pass:
    # relevance 0.977 (P 1.000), B-cubed 0.971 (P 1.000), sites 0.906,
    # studios 0.924, outcomes 0.942
    (TRAIN, False): {
        "relevance_f1": 0.94, "relevance_precision": 0.95,
        "bcubed_f1": 0.94, "bcubed_precision": 0.95, "sites_f1": 0.87,
        "studios_f1": 0.89, "outcomes_f1": 0.91,
    },
    # blind: relevance 0.974 (P 1.000), B-cubed 0.967 (P 1.000), sites 0.824
    (TRAIN, True): {
        "relevance_f1": 0.94, "relevance_precision": 0.95,
        "bcubed_f1": 0.93, "bcubed_precision": 0.95, "sites_f1": 0.79,
    },
    # Held out at first, tuning data since the second pass.
    # Reached at the end of the seventh pass:
    # relevance 0.997 (P 0.995), B-cubed 0.991 (P 1.000), sites 0.929,
    # studios 0.872, outcomes 0.876
    (HELDOUT, False): {
        "relevance_f1": 0.96, "relevance_precision": 0.95,
        "bcubed_f1": 0.96, "bcubed_precision": 0.95, "sites_f1": 0.89,
        "studios_f1": 0.84, "outcomes_f1": 0.84,
    },
    # blind: relevance 0.995 (P 0.995), B-cubed 0.987 (P 1.000), sites 0.879
    (HELDOUT, True): {
        "relevance_f1": 0.96, "relevance_precision": 0.95,
        "bcubed_f1": 0.95, "bcubed_precision": 0.95, "sites_f1": 0.84,
    },
    # Tuning data.
    # Reached at the end of the seventh pass:
    # relevance 0.962 (P 0.982), B-cubed 0.952 (P 1.000), sites 0.952,
    # studios 0.774, outcomes 0.876
    (TRAIN2, False): {
        "relevance_f1": 0.93, "relevance_precision": 0.95,
        "bcubed_f1": 0.92, "bcubed_precision": 0.95, "sites_f1": 0.92,
        "studios_f1": 0.74, "outcomes_f1": 0.84,
    },
    # blind: relevance 0.977 (P 0.983), B-cubed 0.952 (P 1.000), sites 0.769
    (TRAIN2, True): {
        "relevance_f1": 0.94, "relevance_precision": 0.95,
        "bcubed_f1": 0.92, "bcubed_precision": 0.95, "sites_f1": 0.73,
    },
    # Never tuned on (its errors are not printed).
    # Reached at the end of the seventh pass:
    # relevance 0.958 (P 0.988), B-cubed 0.913 (P 0.990), sites 0.846,
    # studios 0.723, outcomes 0.814
    (HELDOUT2, False): {
        "relevance_f1": 0.92, "relevance_precision": 0.95,
        "bcubed_f1": 0.88, "bcubed_precision": 0.95, "sites_f1": 0.81,
        "studios_f1": 0.69, "outcomes_f1": 0.78,
    },
    # blind: relevance 0.961 (P 0.988), B-cubed 0.899 (P 1.000), sites 0.589
    (HELDOUT2, True): {
        "relevance_f1": 0.93, "relevance_precision": 0.95,
        "bcubed_f1": 0.86, "bcubed_precision": 0.95, "sites_f1": 0.55,
    },
    # Held out until the fourth pass, tuning data since.
    # Reached at the end of the seventh pass:
    # relevance 0.978 (P 0.989), B-cubed 0.940 (P 1.000), sites 0.771,
    # studios 0.875, outcomes 0.784
    (HELDOUT3, False): {
        "relevance_f1": 0.94, "relevance_precision": 0.95,
        "bcubed_f1": 0.9, "bcubed_precision": 0.95, "sites_f1": 0.74,
        "studios_f1": 0.84, "outcomes_f1": 0.75,
    },
    # blind: relevance 0.975 (P 0.978), B-cubed 0.928 (P 1.000), sites 0.653
    (HELDOUT3, True): {
        "relevance_f1": 0.94, "relevance_precision": 0.94,
        "bcubed_f1": 0.89, "bcubed_precision": 0.95, "sites_f1": 0.62,
    },
    # Held out until the fifth pass, tuning data since.
    # Reached at the end of the seventh pass:
    # relevance 0.903 (P 0.986), B-cubed 0.840 (P 1.000), sites 0.795,
    # studios 0.587, outcomes 0.888
    (HELDOUT4, False): {
        "relevance_f1": 0.87, "relevance_precision": 0.95,
        "bcubed_f1": 0.81, "bcubed_precision": 0.95, "sites_f1": 0.76,
        "studios_f1": 0.55, "outcomes_f1": 0.85,
    },
    # blind: relevance 0.875 (P 0.986), B-cubed 0.812 (P 1.000), sites 0.713
    (HELDOUT4, True): {
        "relevance_f1": 0.84, "relevance_precision": 0.95,
        "bcubed_f1": 0.78, "bcubed_precision": 0.95, "sites_f1": 0.68,
    },
    # Held out until the fifth pass, tuning data since. (Its events that name no site
    # are rejected, as the design wants: relevance is low for that reason.)
    # Reached at the end of the seventh pass:
    # relevance 0.768 (P 0.991), B-cubed 0.775 (P 1.000), sites 0.728,
    # studios 0.655, outcomes 0.816
    (HELDOUT5, False): {
        "relevance_f1": 0.73, "relevance_precision": 0.95,
        "bcubed_f1": 0.74, "bcubed_precision": 0.95, "sites_f1": 0.69,
        "studios_f1": 0.62, "outcomes_f1": 0.78,
    },
    # blind: relevance 0.793 (P 0.992), B-cubed 0.794 (P 1.000), sites 0.660
    (HELDOUT5, True): {
        "relevance_f1": 0.76, "relevance_precision": 0.95,
        "bcubed_f1": 0.76, "bcubed_precision": 0.95, "sites_f1": 0.63,
    },
    # Held out until the sixth pass, tuning data since.
    # Reached at the end of the seventh pass:
    # relevance 0.836 (P 0.985), B-cubed 0.770 (P 1.000), sites 0.709,
    # studios 0.662, outcomes 0.928
    (HELDOUT6, False): {
        "relevance_f1": 0.8, "relevance_precision": 0.95,
        "bcubed_f1": 0.73, "bcubed_precision": 0.95, "sites_f1": 0.67,
        "studios_f1": 0.63, "outcomes_f1": 0.89,
    },
    # blind: relevance 0.840 (P 0.986), B-cubed 0.767 (P 1.000), sites 0.665
    (HELDOUT6, True): {
        "relevance_f1": 0.8, "relevance_precision": 0.95,
        "bcubed_f1": 0.73, "bcubed_precision": 0.95, "sites_f1": 0.63,
    },
    # Held out until the sixth pass, tuning data since.
    # Reached at the end of the seventh pass:
    # relevance 0.945 (P 0.994), B-cubed 0.919 (P 1.000), sites 0.813,
    # studios 0.695, outcomes 0.839
    (HELDOUT7, False): {
        "relevance_f1": 0.91, "relevance_precision": 0.95,
        "bcubed_f1": 0.88, "bcubed_precision": 0.95, "sites_f1": 0.78,
        "studios_f1": 0.66, "outcomes_f1": 0.8,
    },
    # blind: relevance 0.949 (P 0.994), B-cubed 0.902 (P 1.000), sites 0.714
    (HELDOUT7, True): {
        "relevance_f1": 0.91, "relevance_precision": 0.95,
        "bcubed_f1": 0.87, "bcubed_precision": 0.95, "sites_f1": 0.68,
    },
    # Held out in the sixth pass, tuning data since the seventh.
    # Reached at the end of the seventh pass:
    # relevance 0.882 (P 0.985), B-cubed 0.851 (P 0.968), sites 0.766,
    # studios 0.671, outcomes 0.798
    (HELDOUT8, False): {
        "relevance_f1": 0.85, "relevance_precision": 0.95,
        "bcubed_f1": 0.82, "bcubed_precision": 0.93, "sites_f1": 0.73,
        "studios_f1": 0.64, "outcomes_f1": 0.76,
    },
    # blind: relevance 0.886 (P 0.986), B-cubed 0.843 (P 0.968), sites 0.689
    (HELDOUT8, True): {
        "relevance_f1": 0.85, "relevance_precision": 0.95,
        "bcubed_f1": 0.81, "bcubed_precision": 0.93, "sites_f1": 0.65,
    },
    # Held out in the sixth pass, tuning data since the seventh.
    # Reached at the end of the seventh pass:
    # relevance 0.939 (P 0.968), B-cubed 0.899 (P 1.000), sites 0.713,
    # studios 0.712, outcomes 0.866
    (HELDOUT9, False): {
        "relevance_f1": 0.9, "relevance_precision": 0.93,
        "bcubed_f1": 0.86, "bcubed_precision": 0.95, "sites_f1": 0.68,
        "studios_f1": 0.68, "outcomes_f1": 0.83,
    },
    # blind: relevance 0.949 (P 0.963), B-cubed 0.895 (P 0.970), sites 0.621
    (HELDOUT9, True): {
        "relevance_f1": 0.91, "relevance_precision": 0.93,
        "bcubed_f1": 0.86, "bcubed_precision": 0.94, "sites_f1": 0.59,
    },
    # Written for the seventh pass, never tuned on (errors not printed).
    # Reached at the end of the seventh pass:
    # relevance 0.881 (P 0.940), B-cubed 0.847 (P 1.000), sites 0.511,
    # studios 0.517, outcomes 0.785
    (HELDOUT10, False): {
        "relevance_f1": 0.85, "relevance_precision": 0.9,
        "bcubed_f1": 0.81, "bcubed_precision": 0.95, "sites_f1": 0.48,
        "studios_f1": 0.48, "outcomes_f1": 0.75,
    },
    # blind: relevance 0.877 (P 0.939), B-cubed 0.834 (P 1.000), sites 0.515
    (HELDOUT10, True): {
        "relevance_f1": 0.84, "relevance_precision": 0.9,
        "bcubed_f1": 0.8, "bcubed_precision": 0.95, "sites_f1": 0.48,
    },
    # Written for the seventh pass, never tuned on (errors not printed).
    # Reached at the end of the seventh pass:
    # relevance 0.902 (P 0.937), B-cubed 0.875 (P 1.000), sites 0.610,
    # studios 0.475, outcomes 0.875
    (HELDOUT11, False): {
        "relevance_f1": 0.87, "relevance_precision": 0.9,
        "bcubed_f1": 0.84, "bcubed_precision": 0.95, "sites_f1": 0.58,
        "studios_f1": 0.44, "outcomes_f1": 0.84,
    },
    # blind: relevance 0.907 (P 0.926), B-cubed 0.887 (P 1.000), sites 0.606
    (HELDOUT11, True): {
        "relevance_f1": 0.87, "relevance_precision": 0.89,
        "bcubed_f1": 0.85, "bcubed_precision": 0.95, "sites_f1": 0.57,
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
        (TRAIN2, 200, 30, 10),
        (HELDOUT2, 200, 30, 10),
        (HELDOUT3, 200, 30, 10),
        (HELDOUT4, 200, 30, 10),
        (HELDOUT5, 200, 30, 10),
        (HELDOUT6, 200, 30, 10),
        (HELDOUT7, 200, 30, 10),
        (HELDOUT8, 200, 30, 10),
        (HELDOUT9, 200, 30, 10),
        (HELDOUT10, 200, 30, 10),
        (HELDOUT11, 200, 30, 10),
        (HELDOUT12, 200, 30, 10),
        (HELDOUT13, 200, 30, 10),
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
