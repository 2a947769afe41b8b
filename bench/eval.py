"""Judge ingestion on a labeled corpus (the labels.json format of newswire-dev).

    .venv/bin/python bench/eval.py [--blind] [CORPUS_DIR ...]      (make eval)

Runs `newswire ingest --dry-run --report` on the corpus feeds with an archive that holds only
the registry, then with --blind a copy of it without any site or studio the corpus's labels
name, by name or alias (the figures for news about sites nobody has registered yet). Prints
relevance precision/recall/F1, B-cubed and pairwise cluster precision/recall/F1, micro
precision/recall/F1 of sites, studios and outcomes, the wrong merges, missed merges and wrong
tags, and a summary table of every corpus in both modes. The corpora kept out of tuning
(HELD_OUT) get their figures only: reading their errors would make them tuning data (--errors
prints them anyway, for the analysis after the last scoring).
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import yaml  # noqa: E402
from rideau.newswire.urls import canonical_url  # noqa: E402
from rideau.registry import fold_name, load_registry  # noqa: E402


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def line(self, name: str) -> str:
        return f"{name:<22} P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"


def ratio(a: float, b: float) -> float:
    return a / b if b else 1.0


def labelled_names(events: dict) -> dict[str, set[str]]:
    """The folded names of the sites and of the studios a corpus's labels name."""
    return {
        taxonomy: {fold_name(name) for event in events.values() for name in event[taxonomy]}
        for taxonomy in ("sites", "studios")
    }


def blind_registry(source: Path, target: Path, names: dict[str, set[str]]) -> int:
    """Copy the registry folder `source` to `target` without the entries named in `names`
    (by canonical name or alias); the number of entries left out."""
    shutil.copytree(source, target)
    removed = 0
    for taxonomy, folded in names.items():
        path = target / f"{taxonomy}.yaml"
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        kept = [
            entry
            for entry in entries
            if not {fold_name(n) for n in (entry["name"], *(entry.get("aliases") or []))} & folded
        ]
        removed += len(entries) - len(kept)
        path.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), "utf-8")
    return removed


def run_ingest(corpus: Path, hidden: dict[str, set[str]] | None, newswire: list[str]) -> dict:
    """The report of a dry-run ingest of `corpus`, the registry's `hidden` names left out."""
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        registry = ROOT / "content" / "registry"
        if hidden is not None:
            removed = blind_registry(registry, content / "registry", hidden)
            print(f"(registry blind: {removed} entries named by the labels left out)")
        else:
            shutil.copytree(registry, content / "registry")
        (content / "stories").mkdir()
        report = Path(tmp) / "report.json"
        command = [
            *newswire, "ingest", "--dry-run",
            "--content", str(content), "--state", str(Path(tmp) / "state.json"),
            "--report", str(report), str(corpus / "feeds"),
        ]  # fmt: skip
        subprocess.run(command, check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
        return json.loads(report.read_text(encoding="utf-8"))


def tag_key(name: str) -> str:
    """A tag as readers tell names apart: "Zone Téléchargement" and "Zone-Téléchargement",
    "What.cd" and "What.CD" are one name written two ways (a registry entry makes them one
    canonical form; the blind mode has none). An alias (MPAA for MPA) stays another name."""
    return " ".join(fold_name(name).replace("-", " ").split())


def predictions(report: dict) -> tuple[dict[str, str | None], dict[str, dict]]:
    """link -> predicted story id (None: not relevant), and story id -> predicted tags."""
    predicted: dict[str, str | None] = {}
    by_url: dict[str, str] = {}
    tags = {}
    for story in report["stories"]:
        tags[story["id"]] = {
            k: {tag_key(n) for n in story[k]} for k in ("sites", "studios", "outcomes")
        }
        for entry in story["entries"]:
            predicted[entry["link"]] = story["id"]
            by_url[entry["url"]] = story["id"]
    for rejection in report["rejected"]:
        if rejection["reason"] == "duplicate-entry":
            predicted.setdefault(rejection["link"], by_url.get(canonical_url(rejection["link"])))
        else:
            predicted.setdefault(rejection["link"], None)
    return predicted, tags


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> Scores:
    gold_groups, pred_groups = defaultdict(set), defaultdict(set)
    for item, label in gold.items():
        gold_groups[label].add(item)
    for item, label in pred.items():
        pred_groups[label].add(item)
    precision = recall = 0.0
    for item in gold:
        same_pred = pred_groups[pred[item]]
        same_gold = gold_groups[gold[item]]
        precision += len(same_pred & same_gold) / len(same_pred)
        recall += len(same_pred & same_gold) / len(same_gold)
    return Scores(ratio(precision, len(gold)), ratio(recall, len(gold)))


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> tuple[Scores, list, list]:
    tp = fp = fn = 0
    wrong, missed = [], []
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
        tp += same_gold and same_pred
        if same_pred and not same_gold:
            fp += 1
            wrong.append((a, b))
        if same_gold and not same_pred:
            fn += 1
            missed.append((a, b))
    return Scores(ratio(tp, tp + fp), ratio(tp, tp + fn)), wrong, missed


def canonical_events(events: dict) -> dict:
    """Labels may use an alias (MPAA); compare canonical registry names (MPA)."""
    registry = load_registry(ROOT / "content" / "registry")

    def canonical(taxonomy: str, name: str) -> str:
        entry = registry.lookup(taxonomy, name)
        return entry.name if entry else name

    return {
        event: {
            **data,
            "sites": [canonical("sites", n) for n in data["sites"]],
            "studios": [canonical("studios", n) for n in data["studios"]],
        }
        for event, data in events.items()
    }


# Corpora kept out of tuning, scored at the start and at the end of a tuning pass.
# (newswire-heldout3 is tuning data since the end of the fourth pass, newswire-heldout4 and
# -heldout5 since the start of the fifth, -heldout6 and -heldout7 since the start of the
# sixth, -heldout8 and -heldout9 since the start of the seventh: their figures before and after
# are in docs/quality.md.)
HELD_OUT = frozenset(("newswire-heldout2", "newswire-heldout14", "newswire-heldout15"))


def evaluate(
    corpus: Path, blind: bool = False, newswire: list[str] | None = None, errors: bool = False
) -> dict:
    """Score ingestion on `corpus` and print the figures, with the errors unless `corpus` is
    held out (`errors`: print them anyway)."""
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    items, events = labels["items"], canonical_events(labels["events"])
    hidden = labelled_names(labels["events"]) if blind else None
    report = run_ingest(corpus, hidden, newswire or [str(ROOT / ".venv" / "bin" / "newswire")])
    predicted, tags = predictions(report)
    unaccounted = sorted(set(items) - set(predicted))
    # Relevance.
    tp = sum(1 for link, item in items.items() if item["event"] and predicted.get(link))
    fp = sum(1 for link, item in items.items() if not item["event"] and predicted.get(link))
    fn = sum(1 for link, item in items.items() if item["event"] and not predicted.get(link))
    relevance = Scores(ratio(tp, tp + fp), ratio(tp, tp + fn))
    # Clusters, over the items that are relevant in truth (missed ones are singletons).
    gold = {link: item["event"] for link, item in items.items() if item["event"]}
    pred = {link: predicted.get(link) or f"missed:{link}" for link in gold}
    b3 = bcubed(gold, pred)
    pair, wrong, missed = pairwise(gold, pred)
    # Tags, micro-averaged over the relevant items found.
    counts = {k: [0, 0, 0] for k in ("sites", "studios", "outcomes")}
    wrong_tags = []
    for link, event in gold.items():
        story = predicted.get(link)
        if not story:
            continue
        for key, cell in counts.items():
            truth, guess = {tag_key(n) for n in events[event][key]}, tags[story][key]
            cell[0] += len(truth & guess)
            cell[1] += len(guess - truth)
            cell[2] += len(truth - guess)
            if truth != guess:
                wrong_tags.append(
                    f"{event} {key}: expected {sorted(truth)}, got {sorted(guess)} ({story})"
                )
    tag_scores = {
        k: Scores(ratio(c[0], c[0] + c[1]), ratio(c[0], c[0] + c[2])) for k, c in counts.items()
    }
    mode = "registry blind" if blind else "shipped registry"
    print(f"== {corpus} ({len(items)} links, {len(events)} events; {mode})")
    print(relevance.line("relevance"))
    print(b3.line("clusters B-cubed"))
    print(pair.line("clusters pairwise"))
    for key, scores in tag_scores.items():
        print(scores.line(key))
    print(f"unaccounted links: {len(unaccounted)}")
    for link in unaccounted:
        print(f"  ! {link}")
    irrelevant_kept = [
        link for link, item in items.items() if not item["event"] and predicted.get(link)
    ]
    relevant_lost = [
        link for link, item in items.items() if item["event"] and not predicted.get(link)
    ]
    lists = (
        ("kept but not relevant", irrelevant_kept),
        ("relevant but rejected", [f"{link} ({items[link]['event']})" for link in relevant_lost]),
        ("wrong merges", [f"{a} ({gold[a]}) + {b} ({gold[b]})" for a, b in wrong]),
        ("missed merges", [f"{a} + {b} ({gold[a]})" for a, b in missed]),
        ("wrong tags", sorted(set(wrong_tags))),
    )
    shown = errors or corpus.name not in HELD_OUT
    for title, rows in lists:
        print(f"-- {title}: {len(rows)}")
        for row in rows[:40] if shown else ():
            print(f"   {row}")
    if not shown:
        print("(held out: errors not shown; --errors shows them, and makes it tuning data)")
    figures = {
        "relevance_f1": relevance.f1, "relevance_precision": relevance.precision,
        "bcubed_f1": b3.f1, "bcubed_precision": b3.precision,
    }  # fmt: skip
    figures.update({f"{k}_f1": s.f1 for k, s in tag_scores.items()})
    return figures


DEFAULT_CORPORA = [
    ROOT.parent / "shared" / "corpora" / "newswire-dev",
    ROOT / "tests" / "corpora" / "newswire-extra",
    ROOT / "bench" / "corpora" / "newswire-train",
    ROOT / "bench" / "corpora" / "newswire-heldout",
    ROOT / "bench" / "corpora" / "newswire-train2",
    ROOT / "bench" / "corpora" / "newswire-heldout2",
    ROOT / "bench" / "corpora" / "newswire-heldout3",
    ROOT / "bench" / "corpora" / "newswire-heldout4",
    ROOT / "bench" / "corpora" / "newswire-heldout5",
    ROOT / "bench" / "corpora" / "newswire-heldout6",
    ROOT / "bench" / "corpora" / "newswire-heldout7",
    ROOT / "bench" / "corpora" / "newswire-heldout8",
    ROOT / "bench" / "corpora" / "newswire-heldout9",
    ROOT / "bench" / "corpora" / "newswire-heldout10",
    ROOT / "bench" / "corpora" / "newswire-heldout11",
    ROOT / "bench" / "corpora" / "newswire-heldout12",
    ROOT / "bench" / "corpora" / "newswire-heldout13",
    ROOT / "bench" / "corpora" / "newswire-heldout14",
    ROOT / "bench" / "corpora" / "newswire-heldout15",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--blind", action="store_true",
        help="only with the registry blind (default: shipped registry, then blind)",
    )  # fmt: skip
    parser.add_argument("--shipped", action="store_true", help="only with the shipped registry")
    parser.add_argument(
        "--errors", action="store_true",
        help="print the errors of held-out corpora too (they become tuning data)",
    )  # fmt: skip
    parser.add_argument(
        "--newswire", default=str(ROOT / ".venv" / "bin" / "newswire"),
        help="the command to judge (e.g. another checkout's, to compare)",
    )  # fmt: skip
    args = parser.parse_args()
    modes = [False] if args.shipped else [True] if args.blind else [False, True]
    figures = {}
    for corpus in args.corpora:
        for blind in modes:
            key = f"{corpus} ({'blind' if blind else 'shipped'})"
            figures[key] = evaluate(corpus, blind, args.newswire.split(), args.errors)
    rows = [f"{'corpus':<40} {'rel P':>6} {'rel F1':>6} {'B3 P':>6} {'B3 F1':>6} "
            f"{'sites':>6} {'studios':>7} {'outc.':>6}"]  # fmt: skip
    for key, f in figures.items():
        rows.append(
            f"{key.rsplit('/', 1)[-1]:<40} {f['relevance_precision']:>6.3f} "
            f"{f['relevance_f1']:>6.3f} {f['bcubed_precision']:>6.3f} {f['bcubed_f1']:>6.3f} "
            f"{f['sites_f1']:>6.3f} {f['studios_f1']:>7.3f} {f['outcomes_f1']:>6.3f}"
        )
    print("\n".join(["", "== summary (F1 unless P)", *rows]))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
