"""Story quality does not regress: `make eval` figures stay above floors set a little below
the figures reached, with the shipped registry and blind (newswire-dev: ../shared;
newswire-extra: our own labeled items; newswire-train and newswire-train2: our tuning corpora;
newswire-heldout, -heldout3, -heldout4 and -heldout5: held out at first, tuning data since;
newswire-heldout2, -heldout6 and -heldout7: our held-out corpora, never tuned on)."""

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
TRAIN = ROOT / "bench" / "corpora" / "newswire-train"
TRAIN2 = ROOT / "bench" / "corpora" / "newswire-train2"
FLOORS = {
    # Reached at the end of the fifth pass (docs/quality.md). Site figures are micro-averaged
    # over the relevant items found: when more of the hardest items are found, sites F1 can
    # fall while no item's sites got worse. Precision floors are issue 15's: an editor's
    # queue holds no false stories.
    # reached: relevance 1.000 (P 1.000), B-cubed 1.000 (P 1.000), sites 1.000,
    # studios 0.957, outcomes 0.931
    (SHARED / "corpora" / "newswire-dev", False): {
        "relevance_f1": 0.97, "bcubed_f1": 0.97, "bcubed_precision": 0.98, "sites_f1": 0.97,
        "studios_f1": 0.92, "outcomes_f1": 0.90,
    },
    # reached: relevance 1.000 (P 1.000), B-cubed 1.000 (P 1.000), sites 1.000
    (SHARED / "corpora" / "newswire-dev", True): {
        "relevance_f1": 0.97, "bcubed_f1": 0.97, "bcubed_precision": 0.98, "sites_f1": 0.97,
    },
    # reached: 1.000 everywhere
    (ROOT / "tests" / "corpora" / "newswire-extra", False): {
        "relevance_f1": 0.95, "bcubed_f1": 0.95, "bcubed_precision": 0.95,
        "sites_f1": 0.95, "studios_f1": 0.90, "outcomes_f1": 0.90,
    },
    # reached: relevance 0.977 (P 1.000), B-cubed 0.971 (P 1.000), sites 0.885,
    # studios 0.924, outcomes 0.947
    (TRAIN, False): {
        "relevance_f1": 0.94, "relevance_precision": 0.97, "bcubed_f1": 0.94,
        "bcubed_precision": 0.97,
        "sites_f1": 0.85, "studios_f1": 0.89, "outcomes_f1": 0.91,
    },
    # reached: relevance 0.949 (P 1.000), B-cubed 0.929 (P 1.000), sites 0.806
    (TRAIN, True): {
        "relevance_f1": 0.91, "relevance_precision": 0.97, "bcubed_f1": 0.89,
        "bcubed_precision": 0.97, "sites_f1": 0.77,
    },
    # reached: relevance 0.989 (P 0.989), B-cubed 0.982 (P 1.000), sites 0.929,
    # studios 0.875, outcomes 0.861
    (HELDOUT, False): {
        "relevance_f1": 0.95, "relevance_precision": 0.95, "bcubed_f1": 0.95,
        "bcubed_precision": 0.95,
        "sites_f1": 0.89, "studios_f1": 0.83, "outcomes_f1": 0.83,
    },
    # reached: relevance 0.992 (P 0.994), B-cubed 0.982 (P 1.000), sites 0.898
    (HELDOUT, True): {
        "relevance_f1": 0.96, "relevance_precision": 0.95, "bcubed_f1": 0.95,
        "bcubed_precision": 0.95, "sites_f1": 0.86,
    },
    # reached: relevance 0.962 (P 0.982), B-cubed 0.947 (P 1.000), sites 0.929,
    # studios 0.784, outcomes 0.854
    (TRAIN2, False): {
        "relevance_f1": 0.93, "relevance_precision": 0.95, "bcubed_f1": 0.91,
        "bcubed_precision": 0.95,
        "sites_f1": 0.89, "studios_f1": 0.75, "outcomes_f1": 0.82,
    },
    # reached: relevance 0.962 (P 0.982), B-cubed 0.915 (P 0.991), sites 0.788
    (TRAIN2, True): {
        "relevance_f1": 0.93, "relevance_precision": 0.95, "bcubed_f1": 0.88,
        "bcubed_precision": 0.95, "sites_f1": 0.75,
    },
    # reached: relevance 0.960 (P 0.988), B-cubed 0.926 (P 1.000), sites 0.741,
    # studios 0.883, outcomes 0.794
    (HELDOUT3, False): {
        "relevance_f1": 0.93, "relevance_precision": 0.95, "bcubed_f1": 0.89,
        "bcubed_precision": 0.95,
        "sites_f1": 0.71, "studios_f1": 0.85, "outcomes_f1": 0.76,
    },
    # reached: relevance 0.946 (P 0.976), B-cubed 0.892 (P 1.000), sites 0.628
    (HELDOUT3, True): {
        "relevance_f1": 0.91, "relevance_precision": 0.95, "bcubed_f1": 0.86,
        "bcubed_precision": 0.95, "sites_f1": 0.59,
    },
    # Never tuned on (its errors are not printed). Reached at the end of the fifth pass:
    # relevance 0.930 (P 0.987), B-cubed 0.871 (P 0.991), sites 0.850, studios 0.723,
    # outcomes 0.837 (fourth pass: 0.933, 0.855, 0.844, 0.721, 0.844)
    (HELDOUT2, False): {
        "relevance_f1": 0.90, "relevance_precision": 0.95, "bcubed_f1": 0.82,
        "bcubed_precision": 0.95,
        "sites_f1": 0.80, "studios_f1": 0.69, "outcomes_f1": 0.81,
    },
    # reached: relevance 0.939 (P 0.987), B-cubed 0.857 (P 1.000), sites 0.599 (fourth
    # pass: 0.634; docs/quality.md, fifth pass)
    (HELDOUT2, True): {
        "relevance_f1": 0.90, "relevance_precision": 0.95, "bcubed_f1": 0.80,
        "bcubed_precision": 0.95, "sites_f1": 0.57,
    },
    # Held out until the fifth pass, tuning data since. Reached: relevance 0.879 (P 0.986),
    # B-cubed 0.817 (P 1.000), sites 0.781, studios 0.582, outcomes 0.870
    (HELDOUT4, False): {
        "relevance_f1": 0.85, "relevance_precision": 0.95, "bcubed_f1": 0.78,
        "bcubed_precision": 0.95,
        "sites_f1": 0.75, "studios_f1": 0.55, "outcomes_f1": 0.84,
    },
    # reached: relevance 0.850 (P 0.985), B-cubed 0.787 (P 1.000), sites 0.689
    (HELDOUT4, True): {
        "relevance_f1": 0.82, "relevance_precision": 0.95, "bcubed_f1": 0.75,
        "bcubed_precision": 0.95, "sites_f1": 0.65,
    },
    # Held out until the fifth pass, tuning data since. Reached: relevance 0.785 (P 0.991),
    # B-cubed 0.784 (P 1.000), sites 0.745, studios 0.655, outcomes 0.830. (Relevance fell
    # from 0.85 when the items of its ten events that name no site stopped being filed under
    # a word taken for one, "NHL", "Culture", "Cinquante": sites rose from 0.66.)
    (HELDOUT5, False): {
        "relevance_f1": 0.75, "relevance_precision": 0.95, "bcubed_f1": 0.75,
        "bcubed_precision": 0.95,
        "sites_f1": 0.71, "studios_f1": 0.62, "outcomes_f1": 0.80,
    },
    # reached: relevance 0.793 (P 0.992), B-cubed 0.784 (P 1.000), sites 0.656
    (HELDOUT5, True): {
        "relevance_f1": 0.76, "relevance_precision": 0.95, "bcubed_f1": 0.75,
        "bcubed_precision": 0.95, "sites_f1": 0.62,
    },
    # Never tuned on (its errors are not printed). Reached at the end of the fifth pass:
    # relevance 0.818 (P 0.985), B-cubed 0.687 (P 1.000), sites 0.635, studios 0.594,
    # outcomes 0.879 (before the pass: 0.787, 0.669, 0.596, 0.546, 0.875)
    (HELDOUT6, False): {
        "relevance_f1": 0.79, "relevance_precision": 0.95, "bcubed_f1": 0.66,
        "bcubed_precision": 0.95,
        "sites_f1": 0.60, "studios_f1": 0.56, "outcomes_f1": 0.84,
    },
    # reached: relevance 0.821 (P 0.985), B-cubed 0.687 (P 1.000), sites 0.612
    (HELDOUT6, True): {
        "relevance_f1": 0.79, "relevance_precision": 0.95, "bcubed_f1": 0.66,
        "bcubed_precision": 0.95, "sites_f1": 0.58,
    },
    # Never tuned on (its errors are not printed). Reached at the end of the fifth pass:
    # relevance 0.923 (P 0.993), B-cubed 0.864 (P 1.000), sites 0.756, studios 0.653,
    # outcomes 0.795 (before the pass: 0.919, 0.854, 0.752, 0.631, 0.777)
    (HELDOUT7, False): {
        "relevance_f1": 0.89, "relevance_precision": 0.95, "bcubed_f1": 0.83,
        "bcubed_precision": 0.95,
        "sites_f1": 0.72, "studios_f1": 0.62, "outcomes_f1": 0.76,
    },
    # reached: relevance 0.916 (P 0.993), B-cubed 0.833 (P 1.000), sites 0.664
    (HELDOUT7, True): {
        "relevance_f1": 0.88, "relevance_precision": 0.95, "bcubed_f1": 0.79,
        "bcubed_precision": 0.95, "sites_f1": 0.63,
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
