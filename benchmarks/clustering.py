"""Event clustering against the hand-made gold events of the example corpora.

For each corpus with a ``gold-events.yaml`` that loads as it is (the Camp
Ashraf example; the field corpus is measured by ``benchmarks/field.py``,
which also copes with the texts the library cannot yet read), cluster the claims' event
mentions with the default `MentionClusterer` and print the pairwise
precision, recall and F1 against the gold grouping: a pair of claims counts
as found when both land in one event, and as true when the gold puts them in
one. Writes ``benchmarks/results/clustering.md``.

    python benchmarks/clustering.py
"""

from __future__ import annotations

import platform
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import yaml

import reconcile

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"Camp Ashraf": ROOT / "examples" / "ashraf" / "ashraf.yaml"}
RESULTS = ROOT / "benchmarks" / "results" / "clustering.md"


def gold_events(dataset_path: Path) -> dict[str, str]:
    """The gold event of every claim, by claim id, from the ``gold-events.yaml`` beside it."""
    document = yaml.safe_load((dataset_path.parent / "gold-events.yaml").read_text("utf-8"))
    return {claim: event["id"] for event in document["events"] for claim in event["claims"]}


def pairwise(found: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of `found` against `gold` (both: claim id to event).

    A pair of claims counts as found when both land in one event, and as true
    when the gold puts them in one. The pairs are counted, not listed: a
    group of n claims holds n (n - 1) / 2 pairs, so a million claims take
    seconds rather than listing their 5e11 pairs one by one.
    """
    missing = sorted(set(found) ^ set(gold))
    if missing:
        raise SystemExit(f"the gold and the clustering hold different claims: {missing[:5]}")
    found_pairs = _pairs(Counter(found.values()).values())
    true_pairs = _pairs(Counter(gold.values()).values())
    # The pairs in one found event and one gold event: those of each (found, gold) cell.
    both = _pairs(Counter((event, gold[claim]) for claim, event in found.items()).values())
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _pairs(group_sizes: Iterable[int]) -> int:
    """How many pairs groups of these sizes hold between them."""
    return sum(size * (size - 1) // 2 for size in group_sizes)


def measure(path: Path) -> tuple[int, int, int, float, float, float, float]:
    """Claims, gold events, found events, precision, recall, F1 and seconds for one corpus."""
    dataset = reconcile.load(path)
    started = time.perf_counter()
    clusters = reconcile.MentionClusterer().cluster(dataset)
    seconds = time.perf_counter() - started
    found = {claim: cluster.id for cluster in clusters for claim in cluster.claims}
    gold = gold_events(path)
    precision, recall, f1 = pairwise(found, gold)
    return len(found), len(set(gold.values())), len(clusters), precision, recall, f1, seconds


def main() -> None:
    """Measure every corpus that is present, print the table and write it down."""
    lines = [
        "# Event clustering against the gold events",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{platform.platform()}`, Python "
        f"{platform.python_version()}, reconcile {reconcile.__version__}; produced by "
        "`python benchmarks/clustering.py` with the default `MentionClusterer`.",
        "",
        "| corpus | claims | gold events | found events | precision | recall | F1 | seconds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"{name}: {path.relative_to(ROOT)} is not there; left out", file=sys.stderr)
            continue
        claims, gold, found, precision, recall, f1, seconds = measure(path)
        lines.append(
            f"| {name} | {claims} | {gold} | {found} | {precision:.3f} | {recall:.3f} "
            f"| {f1:.3f} | {seconds:.2f} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
