"""Quality of `reconcile`'s strategies on four public truth-discovery datasets.

Run it from the repository root, with the data in ``../shared/benchmarks/``
(or wherever ``RECONCILE_BENCHMARK_DATA`` points)::

    python benchmarks/quality.py

For every dataset (see ``truth_datasets.py``) it runs a plain majority vote
computed here (the most claimed value, ties to the smallest value), then
every registered strategy that applies to the dataset's kind of value, each
with equal source weights and with weights learned by `reconcile.CRH`,
`reconcile.CATD` and `reconcile.OneCoin`. It
prints a table (accuracy on the gold items, mean and median absolute error
for figures, the share of answers on the gold path for places, items
scored, seconds) next to the figures the literature reports, and writes it
as Markdown to ``benchmarks/results/quality-public.md``.

``--errors N`` also prints N wrong items of the best method of each
dataset, with the claims behind them, for error analysis.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import reconcile
from benchmarks.truth_datasets import (
    Answer,
    Benchmark,
    Item,
    Score,
    answers,
    iter_benchmarks,
    majority_vote,
)
from reconcile import (
    AttributeSchema,
    Category,
    Claim,
    ClaimGroup,
    Clusterer,
    CopyDetector,
    DeclaredEvents,
    Quantity,
    Strategy,
    TimeSpan,
    ValueKind,
)
from reconcile.pipeline import default_strategy

PRIMARY_VARIANTS = {
    "flights": "time span",
    "books": "author set",
    "population_gtm": "quantity",
    "birthplaces": "hierarchy",
}
"""The variant of each dataset that the targets and the leave-one-dataset-out choice use: the one
whose values are of the kind the data holds (clock times as time spans, places with their
hierarchy)."""

COPY_VARIANTS = {
    ("flights", "category"),
    *((name, variant) for name, variant in PRIMARY_VARIANTS.items()),
}
"""The dataset variants also run weighed by `CopyDetector` (methods ``+ copies``)."""

DEFAULT = 'default: weights="auto"'
"""The default setting: `reconcile(dataset, weights="auto")` with each kind's default strategy."""

CONFIGURATIONS = (
    "default strategy",
    "default strategy + CRH",
    "default strategy + CATD",
    "default strategy + OneCoin",
    "default strategy + copies",
    "default strategy + copies + CRH",
    "default strategy + copies + CATD",
    "default strategy + copies + OneCoin",
    DEFAULT,
)
"""The candidates of the leave-one-dataset-out choice: each configuration that needs no gold,
run on every dataset with the default strategy of its kind."""

HIERARCHY_ONLY = {"hierarchical-vote"}
"""Strategies run only where an attribute has a taxonomy (birthplaces, hierarchy): without
one, `hierarchical-vote` chooses exactly as `weighted-vote` does."""

RESULTS = Path(__file__).resolve().parent / "results" / "quality-public.md"

REFERENCES: dict[str, str] = {
    "flights": "majority .768; best peer .928 (PooledInvestment); published .943 (AccuCopy, "
    "Li et al. PVLDB 6(2) Table 7; PooledInvestment .921)",
    "books": "majority .71; published .89 (AccuSim), TruthFinder .83 "
    "(Dong et al. VLDB 2009, Table 6)",
    "population_gtm": "majority (most common value) .805 exact; the mean is ruined by a vandal",
    "birthplaces": "majority .621 to .729 (tie-breaking alone moves it 11 points); "
    "best peer .762 (Sums, PooledInvestment), hierarchy ignored",
}
"""The reference figures of ../shared/benchmarks/README.md."""

TARGETS: dict[str, float] = {
    "flights": 0.95,
    "books": 0.93,
    "population_gtm": 0.86,
    "birthplaces": 0.80,
}
"""The targets for the default setting: exact-match accuracy (leaf-exact with the hierarchy for
birthplaces)."""


@dataclass(frozen=True)
class Row:
    """One line of the table: a method on a dataset variant."""

    dataset: str
    variant: str
    method: str
    score: Score
    seconds: float

    @property
    def accuracy(self) -> float:
        """The exact-match accuracy."""
        return self.score.accuracy


def _probe_value(kind: ValueKind) -> Quantity | Category | TimeSpan:
    if kind is ValueKind.QUANTITY:
        return Quantity.exact(1)
    if kind is ValueKind.CATEGORY:
        return Category(label="probe")
    return TimeSpan.day(2011, 12, 1)


def applies(strategy: Strategy, kind: ValueKind) -> bool:
    """Whether a strategy has something to say of values of `kind`: it is tried on one claim."""
    claim = Claim(
        id="probe", source="probe", event="probe", attribute="probe", value=_probe_value(kind)
    )
    group = ClaimGroup(
        event="probe",
        attribute="probe",
        schema=AttributeSchema(name="probe", kind=kind),
        claims=(claim,),
    )
    try:
        return strategy.reconcile(group).best is not None
    except Exception:  # a strategy for another kind may simply fail on this one
        return False


def _kind_of(benchmark: Benchmark) -> tuple[ValueKind, bool]:
    schemas = {schema.kind for schema in benchmark.dataset.attributes}
    assert len(schemas) == 1, "each benchmark dataset holds one kind of value"
    multi = any(schema.multi for schema in benchmark.dataset.attributes)
    return schemas.pop(), multi


CEILING = "ceiling: any claimed value"
"""Not a method: the share of gold items that some claim gets right, which no vote can beat."""


def ceiling(benchmark: Benchmark) -> dict[Item, Answer]:
    """For every item, a claimed value that the scorer counts right, if any claim is right.

    Each round answers every item with its next distinct claimed value, and
    an item keeps the first answer that scored right.
    """
    values: dict[Item, list[Answer]] = defaultdict(list)
    for claim in benchmark.dataset.claims:
        said = values[(claim.event or "", claim.attribute)]
        if claim.polarity is reconcile.Polarity.ASSERTS and claim.value not in said:
            said.append(claim.value)
    best: dict[Item, Answer] = {}
    for round_ in range(max((len(said) for said in values.values()), default=0)):
        trial = {item: said[round_] for item, said in values.items() if len(said) > round_}
        wrong = set(benchmark.score(trial).wrong)
        for item, answer in trial.items():
            if item not in wrong and item not in best:
                best[item] = answer
    return best


def run_benchmark(
    name: str, variant: str, benchmark: Benchmark, log: Callable[[str], None]
) -> tuple[list[Row], dict[str, dict[Item, Answer]]]:
    """Every method on one dataset variant: the rows, and each method's answers."""
    dataset = benchmark.dataset
    kind, multi = _kind_of(benchmark)
    clusterer = DeclaredEvents()
    rows: list[Row] = []
    found: dict[str, dict[Item, Answer]] = {}

    def record(method: str, result: dict[Item, Answer], seconds: float) -> None:
        score = benchmark.score(result)
        rows.append(Row(name, variant, method, score, seconds))
        found[method] = result
        log(
            f"    {method:<32} {score.accuracy:.3f} ({score.correct}/{score.scored}) {seconds:.1f}s"
        )

    if not multi:
        started = time.perf_counter()
        record("majority vote", majority_vote(dataset), time.perf_counter() - started)
        started = time.perf_counter()
        record(CEILING, ceiling(benchmark), time.perf_counter() - started)
    if multi:
        log("    (the weights models learn nothing from a multi-valued attribute)")
    run_strategies(dataset, kind, clusterer, record)
    if (name, variant) in COPY_VARIANTS:
        run_with_copies(dataset, kind, record, log)
    if PRIMARY_VARIANTS.get(name) == variant:
        started = time.perf_counter()
        model = reconcile.AutoReliability().fit(dataset, clusterer=clusterer)
        result = reconcile.reconcile(dataset, weights=model, clusterer=clusterer)
        record(DEFAULT, answers(result), time.perf_counter() - started)
        log(f"    the default chose: {model.choice_}")
    return rows, found


def run_with_copies(
    dataset: reconcile.Dataset,
    kind: ValueKind,
    record: Callable[[str, dict[Item, Answer], float], None],
    log: Callable[[str], None],
) -> None:
    """Every applicable strategy with each claim's vote discounted by `CopyDetector`.

    Equal weights become the detector's vote weights (AccuCopy as a whole);
    learned weights keep the detector's independent shares.
    """
    clusterer = DeclaredEvents()
    started = time.perf_counter()
    detector = CopyDetector().fit(dataset, clusterer=clusterer)
    detect_seconds = time.perf_counter() - started
    copiers = {source for pair in detector.copies_ for source in (pair.first, pair.second)}
    discounted = sum(share < 1 for share in detector.independence_.values())
    log(
        f"    copy detection: {len(detector.copies_)} pairs judged dependent among "
        f"{len(copiers)} sources, {discounted:,} claims discounted, "
        f"{detector.n_iter_} rounds, {detect_seconds:.1f}s"
    )
    run_strategies(
        dataset,
        kind,
        clusterer,
        record,
        label=" + copies",
        extra_seconds=detect_seconds,
        copies=detector,
    )


def run_strategies(
    dataset: reconcile.Dataset,
    kind: ValueKind,
    clusterer: Clusterer,
    record: Callable[[str, dict[Item, Answer], float], None],
    *,
    label: str = "",
    extra_seconds: float = 0.0,
    copies: CopyDetector | None = None,
) -> None:
    """Every applicable strategy with equal weights, then with CRH, CATD and OneCoin weights.

    With `copies`, every claim's vote is discounted by its independent share,
    and the detector's vote weights stand in for equal weights.
    """
    models: dict[str, tuple[reconcile.CRH | reconcile.GTM | CopyDetector | None, float]] = {
        "": (copies, 0.0)
    }
    learned: tuple[tuple[str, reconcile.CRH | reconcile.GTM], ...] = (
        ("CRH", reconcile.CRH()),
        ("CATD", reconcile.CATD()),
        ("OneCoin", reconcile.OneCoin()),
    )
    if kind is ValueKind.QUANTITY and copies is None:
        learned += (("GTM", reconcile.GTM()),)
    for model_name, model in learned:
        started = time.perf_counter()
        models[f" + {model_name}"] = (
            model.fit(dataset, clusterer=clusterer),
            time.perf_counter() - started,
        )
    for strategy_name in reconcile.available():
        strategy = reconcile.get(strategy_name)
        if not applies(strategy, kind):
            continue
        if strategy_name in HIERARCHY_ONLY and not any(s.taxonomy for s in dataset.attributes):
            continue
        strategies: Mapping[str, Strategy | str] = {
            schema.name: strategy for schema in dataset.attributes
        }
        for suffix, (fitted, fit_seconds) in models.items():
            started = time.perf_counter()
            result = reconcile.reconcile(
                dataset,
                strategies=strategies,
                weights=fitted,
                independence=copies,
                clusterer=clusterer,
            )
            seconds = time.perf_counter() - started + fit_seconds + extra_seconds
            record(f"{strategy_name}{label}{suffix}", answers(result), seconds)


def _describe(value: object) -> str:
    if isinstance(value, TimeSpan):
        return value.start.format("HH:mm")
    if isinstance(value, tuple):
        return "; ".join(str(part) for part in value)
    if isinstance(value, frozenset):
        return "; ".join(sorted(str(part) for part in value))
    return str(value)


def show_errors(
    benchmark: Benchmark, row: Row, result: Mapping[Item, Answer], count: int
) -> list[str]:
    """Up to `count` wrong items of a method, each with its gold value and the claims behind it."""
    claims: dict[Item, list[Claim]] = defaultdict(list)
    for claim in benchmark.dataset.claims:
        claims[(claim.event or "", claim.attribute)].append(claim)
    lines = [f"  wrong items of {row.method} on {row.dataset} ({row.variant}):"]
    for item in row.score.wrong[:count]:
        lines.append(
            f"    {item[0]} / {item[1]}: said {_describe(result.get(item))}, "
            f"gold {_describe(benchmark.gold[item])}"
        )
        for claim in claims[item]:
            verb = "says" if claim.polarity is reconcile.Polarity.ASSERTS else "denies"
            lines.append(f"      {claim.source} {verb} {_describe(claim.value)}")
    return lines


def _extra_text(score: Score) -> str:
    parts = []
    if "mae" in score.extra:
        parts.append(f"MAE {score.extra['mae']:,.0f}, median AE {score.extra['median_ae']:,.0f}")
    if "on_path" in score.extra:
        parts.append(f"on gold path {score.extra['on_path']:.3f}")
    return "; ".join(parts)


def table(rows: Sequence[Row]) -> list[str]:
    """The rows as a Markdown table."""
    lines = [
        "| dataset | variant | method | accuracy | other | items | seconds |",
        "|---|---|---|---:|---|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.dataset} | {row.variant} | {row.method} | {row.accuracy:.3f} "
            f"| {_extra_text(row.score)} | {row.score.scored} | {row.seconds:.1f} |"
        )
    return lines


BASELINES = ("majority vote", CEILING)
"""Rows computed by the benchmark itself rather than by reconcile."""


BEST = "best per-set pick"
"""The best accuracy of any method on a dataset, a figure picked by looking at its gold."""


def configuration_of(row: Row, strategy: str) -> str | None:
    """Which of `CONFIGURATIONS` a row ran, given the dataset's default strategy; None if other."""
    if row.method == DEFAULT:
        return DEFAULT
    if not row.method.startswith(strategy):
        return None
    configuration = "default strategy" + row.method[len(strategy) :]
    return configuration if configuration in CONFIGURATIONS else None


def primary_rows(rows: Sequence[Row]) -> dict[str, list[Row]]:
    """Each dataset's rows of its primary variant."""
    return {
        name: [row for row in rows if row.dataset == name and row.variant == variant]
        for name, variant in PRIMARY_VARIANTS.items()
    }


def configuration_scores(
    rows: Sequence[Row], strategies: Mapping[str, str]
) -> dict[str, dict[str, float]]:
    """For each dataset, the accuracy of each configuration of `CONFIGURATIONS` it ran."""
    scores: dict[str, dict[str, float]] = {}
    for name, ours in primary_rows(rows).items():
        scores[name] = {}
        for row in ours:
            configuration = configuration_of(row, strategies.get(name, ""))
            if configuration is not None:
                scores[name][configuration] = row.accuracy
            if row.method == "majority vote":
                scores[name][row.method] = row.accuracy
        methods = [row.accuracy for row in ours if row.method not in BASELINES]
        if methods:
            scores[name][BEST] = max(methods)
    return scores


def leave_one_out(scores: Mapping[str, Mapping[str, float]]) -> list[str]:
    """The leave-one-dataset-out table: for each dataset, the configuration the others choose.

    The choice is the configuration with the best mean accuracy over the other datasets
    (ties to the one listed first in `CONFIGURATIONS`); its accuracy on the dataset left out
    is a figure chosen without that dataset's gold.
    """
    lines = [
        "| left out | chosen on the other three | mean on them | accuracy on the one left out "
        "| default | best per-set pick (gold) | majority vote |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, own in scores.items():
        others = [scores[other] for other in scores if other != name]
        candidates = [c for c in CONFIGURATIONS if c in own and all(c in o for o in others)]
        if not candidates or not others:
            continue

        means = {c: sum(other[c] for other in others) / len(others) for c in candidates}
        chosen = max(candidates, key=lambda c: (means[c], -CONFIGURATIONS.index(c)))
        lines.append(
            f"| {name} | {chosen} | {means[chosen]:.3f} | {own[chosen]:.3f} "
            f"| {_cell(own.get(DEFAULT))} | {_cell(own.get(BEST))} "
            f"| {_cell(own.get('majority vote'))} |"
        )
    return lines


def summary(rows: Sequence[Row]) -> list[str]:
    """For each dataset: the default's figure against the target, the best pick, the baselines.

    The target is met by the default setting only: the best per-set pick is chosen by looking
    at the gold, which a user does not have. Birthplaces are scored on the hierarchy variant.
    """
    lines = [
        '| dataset | default (weights="auto") | target | gap | best per-set pick (gold) '
        "| majority vote | ceiling | references |",
        "|---|---:|---:|---:|---|---:|---:|---|",
    ]
    for name, group in primary_rows(rows).items():
        candidates = [row for row in group if row.method not in BASELINES]
        if not candidates:
            continue
        default = next((row.accuracy for row in group if row.method == DEFAULT), None)
        best = max(candidates, key=lambda row: row.accuracy)
        baseline = {row.method: row.accuracy for row in group if row.method in BASELINES}
        target = TARGETS[name]
        gap = "-" if default is None else f"{default - target:+.3f}"
        if default is not None and default >= target:
            gap = "met"
        lines.append(
            f"| {name} | {_cell(default)} | {target:.2f} | {gap} "
            f"| {best.accuracy:.3f} {best.method} ({best.variant}) "
            f"| {_cell(baseline.get('majority vote'))} | {_cell(baseline.get(CEILING))} "
            f"| {REFERENCES[name]} |"
        )
    return lines


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def markdown(rows: Sequence[Row], total_seconds: float, strategies: Mapping[str, str]) -> str:
    """The whole report: machine, summary against the targets, then every method."""
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cores = os.cpu_count()
    return "\n".join(
        [
            "# Quality on public truth-discovery datasets",
            "",
            f"Measured {today} on `{platform.platform()}`, {cores} CPUs, "
            f"Python {platform.python_version()}, reconcile {reconcile.__version__}; "
            f"the whole run took {total_seconds:.0f} s. "
            "Produced by `python benchmarks/quality.py`; datasets and gold standards are "
            "described in `../shared/benchmarks/README.md` and loaded by "
            "`benchmarks/truth_datasets.py`.",
            "",
            "Accuracy is exact match on the gold items (an item without an answer is "
            "wrong): flights 400 clock times, books 100 gold author lists, population 277 "
            "matched city-years, birthplaces 6,005 people scored leaf-exact. *majority vote* "
            "is computed by the benchmark: the most claimed value, ties to the smallest value "
            "(lowest figure, earliest time, first label alphabetically). `+ CRH`, `+ CATD` and "
            "`+ OneCoin` run the strategy with the source weights that "
            "`reconcile.CRH().fit(dataset)`, `reconcile.CATD().fit(dataset)` or "
            "`reconcile.OneCoin().fit(dataset)` learns; seconds include the fit.",
            "",
            "## Against the targets",
            "",
            'The targets are for the default setting, `reconcile(dataset, weights="auto")` '
            "with each kind's default strategy (see `docs/benchmarks.md`). The best per-set "
            "pick is the best of every method below on that dataset, chosen by looking at its "
            "gold: a figure no user can choose in advance.",
            "",
            *summary(rows),
            "",
            "## Leave one dataset out",
            "",
            "Each configuration that needs no gold is run on every dataset with the default "
            "strategy of its kind (`"
            + "`, `".join(f"{name}: {strategy}" for name, strategy in strategies.items())
            + "`): equal weights, CRH, CATD or OneCoin weights, each with and without "
            "`CopyDetector`'s discounts, and the default. For each dataset, the configuration "
            "with the best mean accuracy on the *other three* is chosen and scored on the one "
            "left out, so that no figure in the fourth column was chosen with its own gold.",
            "",
            *leave_one_out(configuration_scores(rows, strategies)),
            "",
            "## Every method",
            "",
            *table(rows),
            "",
            "## Variants",
            "",
            "- flights: *time span* makes each normalised clock time the minute it names "
            "(`TimeSpan`, minute precision, on the crawl day), for `intersection`; *category* "
            'makes it the label "HH:MM", for `weighted-vote`.',
            "- books: *author set* is one label per seller and book (the normalised author "
            "keys, sorted and joined), voted on as a whole; *multi, open world* is one claim "
            "per author of a multi-valued attribute; *multi, closed world* adds, for each "
            "seller, a denial of every author other sellers name and it leaves out. CRH skips "
            "multi-valued attributes, so it learns no weights there.",
            "- birthplaces: *hierarchy* gives the attribute the `Taxonomy` of hierarchy.csv "
            "(a place supports every place above it); *flat labels* has no taxonomy. "
            "`hierarchical-vote` (run with the hierarchy only: without a taxonomy it is "
            "`weighted-vote`) also reads a claim of a place above another as less specific, "
            "not a rival, and answers the most specific place that keeps half the weight. "
            "*on gold path*: the answer is the gold place or one of its ancestors.",
            "- *+ copies*: every claim's vote is discounted by the share of it that "
            "`CopyDetector().fit(dataset)` (AccuCopy, Dong et al. VLDB 2009: alpha 0.2, c 0.8, "
            "n 100) finds independent of the sources it may copy; without learned weights the "
            "detector's own vote weights ln(nA/(1-A)) are used, so the row is AccuCopy itself. "
            "Seconds include the detection. Run for flights (both variants) and the primary "
            "variant of the others.",
            f"- *{DEFAULT}*: `reconcile.AutoReliability().fit(dataset)` (AccuCopy: accuracies "
            "and copy discounts learned from the data) as the weights, and each "
            "attribute's default strategy; run on the primary variant of each dataset "
            f"({', '.join(f'{n}: {v}' for n, v in PRIMARY_VARIANTS.items())}). Seconds "
            "include the fit.",
            f"- *{CEILING}* is not a method: the share of gold items for which at least one "
            "claim gives the gold value, which bounds any method that picks a claimed value.",
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run every method on every dataset, print the table and write the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--errors", type=int, default=0, help="show N wrong items per dataset")
    parser.add_argument(
        "--output", type=Path, default=RESULTS, help=f"where to write the report ({RESULTS})"
    )
    options = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, flush=True)

    everything = time.perf_counter()
    rows: list[Row] = []
    strategies: dict[str, str] = {}
    for name, variant, loader in iter_benchmarks():
        started = time.perf_counter()
        benchmark = loader()
        dataset = benchmark.dataset
        log(
            f"{name} ({variant}): {len(dataset.claims):,} claims, {len(dataset.sources):,} "
            f"sources, {len(dataset.events):,} events, {len(benchmark.gold)} gold items; "
            f"loaded in {time.perf_counter() - started:.1f}s"
        )
        if PRIMARY_VARIANTS.get(name) == variant:
            # Every attribute of a benchmark holds one kind of value: the first speaks for all.
            strategies[name] = default_strategy(dataset.attributes[0])
        found_rows, found = run_benchmark(name, variant, benchmark, log)
        rows.extend(found_rows)
        if options.errors:
            best = max(
                (row for row in found_rows if row.method not in BASELINES),
                key=lambda row: row.accuracy,
            )
            for line in show_errors(benchmark, best, found[best.method], options.errors):
                log(line)
    total = time.perf_counter() - everything
    report = markdown(rows, total, strategies)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(report, encoding="utf-8")
    log("")
    log(report)
    log(f"written to {options.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
