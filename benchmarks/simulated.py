"""Quality on simulated claims with a known truth: accuracy, range calibration, clustering.

Run: ``python benchmarks/simulated.py`` (about a minute on 2 cores). It prints
two tables and writes them to ``benchmarks/results/quality-simulated.md``:

- for a grid of scenarios (source reliability, copying, camp bias), the
  accuracy of a majority vote, of each strategy's best death toll and of the
  default setting (``weights="auto"``), how often ``[low, high]``
  contains the true toll, and how wide the range is next to the envelope of
  every claim;
- pairwise precision, recall and F1 of the event clustering on the default
  simulation, over several seeds.

Events are matched to the truth by the majority true event of their claims.
"""

from __future__ import annotations

import itertools
import math
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import reconcile
from reconcile import MentionClusterer, Quantity, Reconciliation
from reconcile.simulate import PLACE_ALIASES, Camp, Scenario, Simulation, generate

RESULTS = Path(__file__).parent / "results" / "quality-simulated.md"
STRATEGIES = ("interval-consensus", "weighted-median", "ucdp", "conservative")
DEFAULT = 'default: weights="auto"'
"""The default setting: `weights="auto"` with the default strategy (interval-consensus)."""
MAJORITY = "majority vote"
"""The most claimed figure of each event found (ties to the lowest), computed here."""
SEEDS = (1, 2, 3, 4, 5)


def _grid() -> Iterator[tuple[str, Scenario]]:
    unbiased = (Camp(name="wire", share=0.5), Camp(name="un", share=0.5))
    for reliability in ((0.9, 1.0), (0.6, 0.9)):
        for repeat in (0.0, 0.5):
            for biased in (False, True):
                scenario = Scenario(
                    events=40,
                    sources=15,
                    reliability=reliability,
                    repeat=repeat,
                    camps=Scenario().camps if biased else unbiased,
                )
                name = f"reliability {reliability[0]}-{reliability[1]}, repeat {repeat}, " + (
                    "camps inflate/deflate" if biased else "no camp bias"
                )
                yield name, scenario


def _true_event(simulation: Simulation, result: Reconciliation, event_id: str) -> str:
    claims = result.event(event_id).claims
    return Counter(simulation.event_of[claim] for claim in claims).most_common(1)[0][0]


def majority_accuracy(simulation: Simulation) -> float:
    """How often the most claimed figure of an event found (ties to the lowest) is the toll."""
    result = reconcile.reconcile(
        simulation.dataset, clusterer=MentionClusterer(places=PLACE_ALIASES)
    )
    claims = {claim.id: claim for claim in simulation.dataset.claims}
    right = total = 0
    for cluster in result.events:
        said = [claims[c] for c in cluster.claims if claims[c].attribute == "killed"]
        figures = Counter(
            claim.value.low
            for claim in said
            if claim.polarity is reconcile.Polarity.ASSERTS and isinstance(claim.value, Quantity)
        )
        if not figures:
            continue
        top = max(figures.values())
        answer = min(figure for figure, count in figures.items() if count == top)
        truth = simulation.truth[(_true_event(simulation, result, cluster.id), "killed")]
        assert isinstance(truth, Quantity)
        total += 1
        right += answer == truth.low
    return right / total


def toll_quality(
    simulation: Simulation, strategy: str, *, auto: bool = False
) -> tuple[float, float, float]:
    """Accuracy of the best toll, share of ranges holding the truth, median width / envelope.

    With `auto`, the weights are ``"auto"`` (the default setting).
    """
    clusterer = MentionClusterer(places=PLACE_ALIASES)
    result = reconcile.reconcile(
        simulation.dataset,
        strategies={"killed": strategy},
        clusterer=clusterer,
        weights="auto" if auto else None,
    )
    right = covered = total = 0
    ratios = []
    claims = {claim.id: claim for claim in simulation.dataset.claims}
    for finding in result.findings:
        if finding.attribute != "killed" or finding.best is None:
            continue
        truth = simulation.truth[(_true_event(simulation, result, finding.event), "killed")]
        assert isinstance(truth, Quantity)
        assert isinstance(finding.best, Quantity)
        assert finding.low is not None
        assert finding.high is not None
        total += 1
        right += finding.best.low == truth.low
        covered += finding.low <= truth.low <= finding.high
        values = [claims[c].value for c in finding.claims]
        figures = [
            figure
            for value in values
            if isinstance(value, Quantity)
            for figure in (value.low, value.high)
            if not math.isinf(figure)
        ]
        envelope = max(figures) - min(figures)
        if envelope > 0:
            ratios.append((finding.high - finding.low) / envelope)
    return right / total, covered / total, statistics.median(ratios) if ratios else 0.0


def clustering_quality(simulation: Simulation) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of the events found against the true events."""
    result = reconcile.reconcile(
        simulation.dataset, clusterer=MentionClusterer(places=PLACE_ALIASES)
    )
    found = {claim: event.id for event in result.events for claim in event.claims}
    true_pairs = found_pairs = both = 0
    for first, second in itertools.combinations(sorted(found), 2):
        same_true = simulation.event_of[first] == simulation.event_of[second]
        same_found = found[first] == found[second]
        true_pairs += same_true
        found_pairs += same_found
        both += same_true and same_found
    precision, recall = both / found_pairs, both / true_pairs
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> None:
    """Run both benchmarks, print the tables and write them down."""
    started = time.monotonic()
    lines = [
        "# Quality on simulated claims",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{platform.platform()}`, Python "
        f"{platform.python_version()}; produced by `python benchmarks/simulated.py`, seeds "
        f"{', '.join(map(str, SEEDS))}, averaged.",
        "",
        "## Death tolls: accuracy of the best figure and calibration of the range",
        "",
        "Coverage is the share of ranges `[low, high]` that contain the true toll; width is the "
        "median of the range's width over the width of the envelope of every claimed figure.",
        "",
        "| scenario | strategy | accuracy | coverage | width / envelope |",
        "|---|---|---:|---:|---:|",
    ]
    for name, scenario in _grid():
        simulations = [generate(scenario, seed=seed) for seed in SEEDS]
        majority = statistics.mean(majority_accuracy(simulation) for simulation in simulations)
        lines.append(f"| {name} | {MAJORITY} | {majority:.3f} | | |")
        for strategy in (*STRATEGIES, DEFAULT):
            auto = strategy == DEFAULT
            scores = [
                toll_quality(simulation, "interval-consensus" if auto else strategy, auto=auto)
                for simulation in simulations
            ]
            accuracy, coverage, width = (
                statistics.mean(column) for column in zip(*scores, strict=True)
            )
            lines.append(f"| {name} | {strategy} | {accuracy:.3f} | {coverage:.3f} | {width:.2f} |")
            print(lines[-1], file=sys.stderr)
    lines += [
        "",
        "## Event clustering on the default simulation",
        "",
        "| seed | precision | recall | F1 |",
        "|---|---:|---:|---:|",
    ]
    f1s = []
    for seed in SEEDS:
        precision, recall, f1 = clustering_quality(generate(Scenario(), seed=seed))
        f1s.append(f1)
        lines.append(f"| {seed} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")
    lines.append(f"| mean | | | {statistics.mean(f1s):.3f} |")
    lines += ["", f"The run took {time.monotonic() - started:.0f} s."]
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
