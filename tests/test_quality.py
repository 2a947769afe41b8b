"""Story quality does not regress: `make eval` figures stay above floors set a little below
the figures reached, with the shipped registry and blind (newswire-dev: ../shared;
newswire-extra: our own labeled items; newswire-train and newswire-train2: our tuning corpora;
newswire-heldout and -heldout3 to -heldout13: held out at first, tuning data since;
newswire-heldout2, -heldout14 and -heldout15: our held-out corpora, never tuned on)."""

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
HELDOUT14 = ROOT / "bench" / "corpora" / "newswire-heldout14"
HELDOUT15 = ROOT / "bench" / "corpora" / "newswire-heldout15"
TRAIN = ROOT / "bench" / "corpora" / "newswire-train"
TRAIN2 = ROOT / "bench" / "corpora" / "newswire-train2"
FLOORS = {
    # Figures micro-averaged over the relevant items found: when more of the hardest items are
    # found, sites F1 can fall while no item's sites got worse. Precision floors are issue 15's:
    # an editor's queue holds no false stories. (docs/quality.md has every pass's figures.)
    # Tuning data (../shared).
    # Reached at the end of the ninth pass:
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
    # Reached at the end of the ninth pass:
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
    # Reached at the end of the ninth pass:
    # relevance 0.997 (P 1.000), B-cubed 0.995 (P 1.000), sites 0.845,
    # studios 0.920, outcomes 0.947
    (TRAIN, False): {
        "relevance_f1": 0.96, "relevance_precision": 0.95,
        "bcubed_f1": 0.96, "bcubed_precision": 0.95, "sites_f1": 0.81,
        "studios_f1": 0.89, "outcomes_f1": 0.91,
    },
    # blind: relevance 0.994 (P 1.000), B-cubed 0.986 (P 1.000), sites 0.775
    (TRAIN, True): {
        "relevance_f1": 0.96, "relevance_precision": 0.95,
        "bcubed_f1": 0.95, "bcubed_precision": 0.95, "sites_f1": 0.74,
    },
    # Held out at first, tuning data since the second pass.
    # Reached at the end of the ninth pass:
    # relevance 0.997 (P 0.995), B-cubed 0.996 (P 1.000), sites 0.939,
    # studios 0.872, outcomes 0.870
    (HELDOUT, False): {
        "relevance_f1": 0.96, "relevance_precision": 0.95,
        "bcubed_f1": 0.96, "bcubed_precision": 0.95, "sites_f1": 0.9,
        "studios_f1": 0.84, "outcomes_f1": 0.84,
    },
    # blind: relevance 0.995 (P 0.995), B-cubed 0.995 (P 1.000), sites 0.871
    (HELDOUT, True): {
        "relevance_f1": 0.96, "relevance_precision": 0.95,
        "bcubed_f1": 0.96, "bcubed_precision": 0.95, "sites_f1": 0.84,
    },
    # Tuning data.
    # Reached at the end of the ninth pass:
    # relevance 0.980 (P 0.983), B-cubed 0.975 (P 1.000), sites 0.931,
    # studios 0.769, outcomes 0.871
    (TRAIN2, False): {
        "relevance_f1": 0.94, "relevance_precision": 0.95,
        "bcubed_f1": 0.94, "bcubed_precision": 0.95, "sites_f1": 0.9,
        "studios_f1": 0.73, "outcomes_f1": 0.84,
    },
    # blind: relevance 0.983 (P 0.983), B-cubed 0.972 (P 1.000), sites 0.756
    (TRAIN2, True): {
        "relevance_f1": 0.95, "relevance_precision": 0.95,
        "bcubed_f1": 0.94, "bcubed_precision": 0.95, "sites_f1": 0.72,
    },
    # Never tuned on (its errors are not printed).
    # Reached at the end of the ninth pass:
    # relevance 0.959 (P 0.976), B-cubed 0.935 (P 0.971), sites 0.818,
    # studios 0.721, outcomes 0.807
    (HELDOUT2, False): {
        "relevance_f1": 0.92, "relevance_precision": 0.94,
        "bcubed_f1": 0.9, "bcubed_precision": 0.94, "sites_f1": 0.78,
        "studios_f1": 0.69, "outcomes_f1": 0.77,
    },
    # blind: relevance 0.962 (P 0.976), B-cubed 0.922 (P 1.000), sites 0.587
    (HELDOUT2, True): {
        "relevance_f1": 0.93, "relevance_precision": 0.94,
        "bcubed_f1": 0.89, "bcubed_precision": 0.95, "sites_f1": 0.55,
    },
    # Held out until the fourth pass, tuning data since.
    # Reached at the end of the ninth pass:
    # relevance 0.983 (P 0.989), B-cubed 0.970 (P 1.000), sites 0.776,
    # studios 0.862, outcomes 0.789
    (HELDOUT3, False): {
        "relevance_f1": 0.95, "relevance_precision": 0.95,
        "bcubed_f1": 0.94, "bcubed_precision": 0.95, "sites_f1": 0.74,
        "studios_f1": 0.83, "outcomes_f1": 0.75,
    },
    # blind: relevance 0.986 (P 0.989), B-cubed 0.965 (P 1.000), sites 0.692
    (HELDOUT3, True): {
        "relevance_f1": 0.95, "relevance_precision": 0.95,
        "bcubed_f1": 0.93, "bcubed_precision": 0.95, "sites_f1": 0.66,
    },
    # Held out until the fifth pass, tuning data since.
    # Reached at the end of the ninth pass:
    # relevance 0.924 (P 0.987), B-cubed 0.865 (P 1.000), sites 0.790,
    # studios 0.597, outcomes 0.892
    (HELDOUT4, False): {
        "relevance_f1": 0.89, "relevance_precision": 0.95,
        "bcubed_f1": 0.83, "bcubed_precision": 0.95, "sites_f1": 0.76,
        "studios_f1": 0.56, "outcomes_f1": 0.86,
    },
    # blind: relevance 0.910 (P 0.987), B-cubed 0.852 (P 1.000), sites 0.695
    (HELDOUT4, True): {
        "relevance_f1": 0.88, "relevance_precision": 0.95,
        "bcubed_f1": 0.82, "bcubed_precision": 0.95, "sites_f1": 0.66,
    },
    # Held out until the fifth pass, tuning data since. (Its events that name no site
    # are rejected, as the design wants: relevance is low for that reason.)
    # Reached at the end of the ninth pass:
    # relevance 0.944 (P 0.994), B-cubed 0.910 (P 1.000), sites 0.792,
    # studios 0.658, outcomes 0.813
    (HELDOUT5, False): {
        "relevance_f1": 0.91, "relevance_precision": 0.95,
        "bcubed_f1": 0.88, "bcubed_precision": 0.95, "sites_f1": 0.76,
        "studios_f1": 0.62, "outcomes_f1": 0.78,
    },
    # blind: relevance 0.940 (P 0.994), B-cubed 0.906 (P 1.000), sites 0.673
    (HELDOUT5, True): {
        "relevance_f1": 0.91, "relevance_precision": 0.95,
        "bcubed_f1": 0.87, "bcubed_precision": 0.95, "sites_f1": 0.64,
    },
    # Held out until the sixth pass, tuning data since.
    # Reached at the end of the ninth pass:
    # relevance 0.920 (P 0.988), B-cubed 0.832 (P 1.000), sites 0.675,
    # studios 0.638, outcomes 0.917
    (HELDOUT6, False): {
        "relevance_f1": 0.88, "relevance_precision": 0.95,
        "bcubed_f1": 0.8, "bcubed_precision": 0.95, "sites_f1": 0.64,
        "studios_f1": 0.6, "outcomes_f1": 0.88,
    },
    # blind: relevance 0.923 (P 0.988), B-cubed 0.833 (P 1.000), sites 0.636
    (HELDOUT6, True): {
        "relevance_f1": 0.89, "relevance_precision": 0.95,
        "bcubed_f1": 0.8, "bcubed_precision": 0.95, "sites_f1": 0.6,
    },
    # Held out until the sixth pass, tuning data since.
    # Reached at the end of the ninth pass:
    # relevance 0.958 (P 0.994), B-cubed 0.937 (P 1.000), sites 0.806,
    # studios 0.709, outcomes 0.835
    (HELDOUT7, False): {
        "relevance_f1": 0.92, "relevance_precision": 0.95,
        "bcubed_f1": 0.9, "bcubed_precision": 0.95, "sites_f1": 0.77,
        "studios_f1": 0.67, "outcomes_f1": 0.8,
    },
    # blind: relevance 0.967 (P 0.994), B-cubed 0.918 (P 1.000), sites 0.713
    (HELDOUT7, True): {
        "relevance_f1": 0.93, "relevance_precision": 0.95,
        "bcubed_f1": 0.88, "bcubed_precision": 0.95, "sites_f1": 0.68,
    },
    # Held out in the sixth pass, tuning data since the seventh.
    # Reached at the end of the ninth pass:
    # relevance 0.967 (P 0.994), B-cubed 0.937 (P 0.965), sites 0.728,
    # studios 0.678, outcomes 0.790
    (HELDOUT8, False): {
        "relevance_f1": 0.93, "relevance_precision": 0.95,
        "bcubed_f1": 0.9, "bcubed_precision": 0.93, "sites_f1": 0.69,
        "studios_f1": 0.64, "outcomes_f1": 0.75,
    },
    # blind: relevance 0.970 (P 0.994), B-cubed 0.936 (P 0.965), sites 0.655
    (HELDOUT8, True): {
        "relevance_f1": 0.93, "relevance_precision": 0.95,
        "bcubed_f1": 0.9, "bcubed_precision": 0.93, "sites_f1": 0.62,
    },
    # Held out in the sixth pass, tuning data since the seventh.
    # Reached at the end of the ninth pass:
    # relevance 0.965 (P 0.953), B-cubed 0.960 (P 1.000), sites 0.685,
    # studios 0.724, outcomes 0.862
    (HELDOUT9, False): {
        "relevance_f1": 0.93, "relevance_precision": 0.92,
        "bcubed_f1": 0.92, "bcubed_precision": 0.95, "sites_f1": 0.65,
        "studios_f1": 0.69, "outcomes_f1": 0.83,
    },
    # blind: relevance 0.959 (P 0.948), B-cubed 0.954 (P 1.000), sites 0.663
    (HELDOUT9, True): {
        "relevance_f1": 0.92, "relevance_precision": 0.91,
        "bcubed_f1": 0.92, "bcubed_precision": 0.95, "sites_f1": 0.63,
    },
    # Held out in the seventh pass, tuning data since the eighth.
    # Reached at the end of the ninth pass:
    # relevance 0.939 (P 0.969), B-cubed 0.902 (P 1.000), sites 0.516,
    # studios 0.548, outcomes 0.793
    (HELDOUT10, False): {
        "relevance_f1": 0.9, "relevance_precision": 0.93,
        "bcubed_f1": 0.87, "bcubed_precision": 0.95, "sites_f1": 0.48,
        "studios_f1": 0.51, "outcomes_f1": 0.76,
    },
    # blind: relevance 0.930 (P 0.962), B-cubed 0.896 (P 1.000), sites 0.524
    (HELDOUT10, True): {
        "relevance_f1": 0.89, "relevance_precision": 0.93,
        "bcubed_f1": 0.86, "bcubed_precision": 0.95, "sites_f1": 0.49,
    },
    # Held out in the seventh pass, tuning data since the eighth.
    # Reached at the end of the ninth pass:
    # relevance 0.927 (P 0.956), B-cubed 0.927 (P 1.000), sites 0.686,
    # studios 0.583, outcomes 0.850
    (HELDOUT11, False): {
        "relevance_f1": 0.89, "relevance_precision": 0.92,
        "bcubed_f1": 0.89, "bcubed_precision": 0.95, "sites_f1": 0.65,
        "studios_f1": 0.55, "outcomes_f1": 0.82,
    },
    # blind: relevance 0.935 (P 0.946), B-cubed 0.935 (P 1.000), sites 0.678
    (HELDOUT11, True): {
        "relevance_f1": 0.9, "relevance_precision": 0.91,
        "bcubed_f1": 0.9, "bcubed_precision": 0.95, "sites_f1": 0.64,
    },
    # Held out in the eighth pass, tuning data since the ninth.
    # Reached at the end of the ninth pass:
    # relevance 0.935 (P 0.980), B-cubed 0.879 (P 1.000), sites 0.639,
    # studios 0.478, outcomes 0.859
    (HELDOUT12, False): {
        "relevance_f1": 0.9, "relevance_precision": 0.94,
        "bcubed_f1": 0.84, "bcubed_precision": 0.95, "sites_f1": 0.6,
        "studios_f1": 0.44, "outcomes_f1": 0.82,
    },
    # blind: relevance 0.926 (P 0.966), B-cubed 0.872 (P 1.000), sites 0.624
    (HELDOUT12, True): {
        "relevance_f1": 0.89, "relevance_precision": 0.93,
        "bcubed_f1": 0.84, "bcubed_precision": 0.95, "sites_f1": 0.59,
    },
    # Held out in the eighth pass, tuning data since the ninth.
    # Reached at the end of the ninth pass:
    # relevance 0.946 (P 0.952), B-cubed 0.927 (P 1.000), sites 0.643,
    # studios 0.619, outcomes 0.793
    (HELDOUT13, False): {
        "relevance_f1": 0.91, "relevance_precision": 0.92,
        "bcubed_f1": 0.89, "bcubed_precision": 0.95, "sites_f1": 0.61,
        "studios_f1": 0.58, "outcomes_f1": 0.76,
    },
    # blind: relevance 0.943 (P 0.951), B-cubed 0.923 (P 1.000), sites 0.589
    (HELDOUT13, True): {
        "relevance_f1": 0.91, "relevance_precision": 0.92,
        "bcubed_f1": 0.89, "bcubed_precision": 0.95, "sites_f1": 0.55,
    },
    # Written for the ninth pass, never tuned on (errors not printed).
    # Reached at the end of the ninth pass:
    # relevance 0.881 (P 0.959), B-cubed 0.774 (P 0.951), sites 0.580,
    # studios 0.513, outcomes 0.799
    (HELDOUT14, False): {
        "relevance_f1": 0.85, "relevance_precision": 0.92,
        "bcubed_f1": 0.74, "bcubed_precision": 0.92, "sites_f1": 0.54,
        "studios_f1": 0.48, "outcomes_f1": 0.76,
    },
    # blind: relevance 0.877 (P 0.959), B-cubed 0.766 (P 0.956), sites 0.543
    (HELDOUT14, True): {
        "relevance_f1": 0.84, "relevance_precision": 0.92,
        "bcubed_f1": 0.73, "bcubed_precision": 0.92, "sites_f1": 0.51,
    },
    # Written for the ninth pass, never tuned on (errors not printed).
    # Reached at the end of the ninth pass:
    # relevance 0.904 (P 0.972), B-cubed 0.831 (P 1.000), sites 0.680,
    # studios 0.733, outcomes 0.889
    (HELDOUT15, False): {
        "relevance_f1": 0.87, "relevance_precision": 0.94,
        "bcubed_f1": 0.8, "bcubed_precision": 0.95, "sites_f1": 0.64,
        "studios_f1": 0.7, "outcomes_f1": 0.85,
    },
    # blind: relevance 0.912 (P 0.960), B-cubed 0.837 (P 1.000), sites 0.578
    (HELDOUT15, True): {
        "relevance_f1": 0.88, "relevance_precision": 0.93,
        "bcubed_f1": 0.8, "bcubed_precision": 0.95, "sites_f1": 0.54,
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
        (HELDOUT14, 200, 30, 10),
        (HELDOUT15, 200, 30, 10),
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
