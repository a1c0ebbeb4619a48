"""Clustering simulated mentions into events: reconcile's default engine against splink 5.

Run: ``bash benchmarks/speed.sh``, which sets up the benchmark's own
environment (splink 5 and DuckDB included) and runs this script among the
others; or ``benchmarks/.venv-peers/bin/python benchmarks/linkage.py``
(``--sizes`` to choose). It prints a table and writes it to
``benchmarks/results/linkage.md``.

For each size, about that many claims are simulated with the scenario of
``benchmarks/speed.py`` (`CLAIMS_PER_EVENT` claims an event, one source per
25 events, four days per event), and each side runs in a fresh process on
the same claims (the same seed), so that its peak memory is its own:

- **reconcile**: `ColumnarClusterer(settings=MentionClusterer(places=PLACE_ALIASES))`,
  what `reconcile.reconcile` runs by default, given the simulation's gazetteer;
- **splink** 5 on DuckDB, set up as its documentation sets up a deduplication
  with no labelled pairs: one row per claim (label, kind, date, place,
  published, the place written as the gazetteer names it, as splink's users
  standardise their columns first); blocking rules on place with the date,
  the month or the publication day; Jaro-Winkler levels for the label,
  date-difference levels for both dates, exact matches for kind and place;
  the prior from a deterministic rule, u by random sampling, m by
  expectation maximisation over two blocking rules; prediction, then
  `cluster_pairwise_predictions_at_threshold` at 0.95. An undated mention
  has a null date: splink scores a null as neither for nor against a match,
  and no rule that joins on the date pairs it, so it meets other claims
  only through the rule on the publication day.

Both are scored with `benchmarks.clustering.pairwise` against the
simulation's true events: a pair of claims is true when both claims are
about one simulated event. The time is the clustering's alone (for splink:
from the pandas frame to the cluster of every claim, training included), and
the memory is the process's peak beside the growth of its resident memory
while clustering (the peak the kernel counts, reset before it starts).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import measures
from benchmarks.clustering import pairwise
from benchmarks.speed import CLAIMS_PER_EVENT

RESULTS = Path(__file__).parent / "results" / "linkage.md"
SIZES = (100_000, 1_000_000)
THRESHOLD = 0.95
"""The match probability splink's clusters are cut at, as in its documentation's examples."""
PREDICT_THRESHOLD = 0.5
"""The match probability below which `predict` drops a pair, as in splink's clustering example."""
OTHER_THRESHOLDS = (0.5, 0.99)
"""Thresholds also scored (not timed) on the same predictions, to show how much hangs on 0.95."""
U_PAIRS = 1e7
"""Pairs sampled for splink's u probabilities: its docs call 10^7 often adequate."""
PRIOR_RECALL = 0.7
"""The recall assumed of the deterministic rule that sets splink's prior, as in its tutorials."""


def simulate(claims: int) -> Any:
    """About `claims` simulated claims, in the scenario shape of ``benchmarks/speed.py``."""
    from reconcile.simulate import Scenario, generate

    events = max(1, claims // CLAIMS_PER_EVENT)
    return generate(Scenario(events=events, sources=max(20, events // 25), days=4 * events), seed=1)


class MemoryWatch:
    """The highest resident memory of this process within a block, as the kernel counts it.

    Linux keeps each process's peak resident memory (VmHWM) and sets it back to
    the current figure when "5" is written to /proc/self/clear_refs: the peak
    is reset on entering the block and read on leaving it. No sampling thread
    is needed, and none may run: reconcile's columnar engine uses a second
    core only when no other thread is running (`reconcile.linking.forked`).
    """

    def __init__(self) -> None:
        self.before = self.peak = _resident_bytes()

    @contextmanager
    def watching(self) -> Iterator[MemoryWatch]:
        """Measure from entering to leaving the block."""
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
        self.before = _resident_bytes()
        try:
            yield self
        finally:
            self.peak = max(_status_bytes("VmHWM"), _resident_bytes())


def _status_bytes(field: str) -> int:
    """A memory figure of /proc/self/status (given there in kB), in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    raise LookupError(f"/proc/self/status has no {field}")


def _resident_bytes() -> int:
    # The second field of statm is the resident set, in pages.
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@attrs.define
class Side:
    """One side of the comparison, prepared: `cluster` is timed, `afterwards` is not.

    `cluster` gives each claim's event and the figures it has to report;
    `afterwards` gives the clusterings the reader is also shown (by
    threshold) and the figures that take time to gather.
    """

    cluster: Callable[[], tuple[dict[str, str], dict[str, Any]]]
    afterwards: Callable[[], tuple[dict[float, dict[str, str]], dict[str, Any]]] = lambda: ({}, {})


def measure(side: str, claims: int, *, profile: Path | None = None) -> dict[str, Any]:
    """Simulate about `claims` claims, cluster them with `side`, and score the events."""
    simulation = simulate(claims)
    prepared = {"reconcile": _prepare_reconcile, "splink": _prepare_splink}[side](simulation)
    profiler = cProfile.Profile() if profile else None
    with MemoryWatch().watching() as memory:
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        found, details = prepared.cluster()
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the extras
    if profiler and profile:
        profiler.dump_stats(profile)
    precision, recall, f1 = pairwise(found, simulation.event_of)
    clusterings, more = prepared.afterwards()
    details.update(more)
    for threshold, clusters in clusterings.items():
        details[f"f1_at_{threshold:g}"] = pairwise(clusters, simulation.event_of)[2]
    return {
        "side": side,
        "claims": len(found),
        "events": len(set(found.values())),
        "true_events": len(set(simulation.event_of.values())),
        "seconds": seconds,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "added_mb": (memory.peak - memory.before) / 2**20,
        "peak_mb": peak_mb,
        **details,
    }


def _prepare_reconcile(simulation: Any) -> Side:
    import reconcile
    from reconcile.simulate import PLACE_ALIASES

    clusterer = reconcile.ColumnarClusterer(
        settings=reconcile.MentionClusterer(places=PLACE_ALIASES)
    )

    def cluster() -> tuple[dict[str, str], dict[str, Any]]:
        events = clusterer.cluster(simulation.dataset)
        return {claim: event.id for event in events for claim in event.claims}, {}

    return Side(cluster=cluster)


def splink_rows(simulation: Any) -> Any:
    """The claims as splink reads them: a pandas frame, one row per claim.

    A date is the first day of the mention's time span (a month given as
    "July 2009" is 2009-07-01, as `pandas.to_datetime` reads it) and null
    when the mention has none; the place is the gazetteer's name for it.
    """
    import pandas as pd

    from reconcile.simulate import PLACE_ALIASES

    rows = []
    for claim in simulation.dataset.claims:
        mention = claim.mention
        rows.append(
            {
                "unique_id": claim.id,
                "label": mention.label,
                "kind": mention.kind,
                "event_date": mention.when.start.to_date_string() if mention.when else None,
                "place": PLACE_ALIASES.get(mention.where, mention.where),
                "published": claim.published.to_date_string() if claim.published else None,
            }
        )
    return pd.DataFrame(rows)


def splink_settings() -> Any:
    """The model: what is compared, how, and which pairs are compared at all."""
    import splink.comparison_library as cl  # type: ignore[import-not-found]
    from splink import SettingsCreator, block_on

    def days(column: str) -> Any:
        return cl.AbsoluteDateDifferenceAtThresholds(
            column, input_is_string=True, metrics=["day", "day", "day"], thresholds=[1, 7, 31]
        )

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("label", [0.9, 0.7]),
            cl.ExactMatch("kind"),
            days("event_date"),
            cl.ExactMatch("place"),
            days("published"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("place", "event_date"),
            block_on("place", "kind", "substr(event_date, 1, 7)"),
            block_on("place", "kind", "published"),
        ],
    )


def _prepare_splink(simulation: Any) -> Side:
    import logging

    from splink import DuckDBAPI, Linker, block_on

    frame = splink_rows(simulation)
    kept: dict[str, Any] = {}

    def cluster() -> tuple[dict[str, str], dict[str, Any]]:
        steps = Steps()
        database = DuckDBAPI()
        linker = Linker(database.register(frame), splink_settings(), log_level=logging.WARNING)
        training = linker.training
        training.estimate_probability_two_random_records_match(
            [block_on("label", "event_date", "place")], recall=PRIOR_RECALL
        )
        steps.done("prior")
        training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=1)
        steps.done("u")
        # Each comparison is trained by a rule that does not block on its column.
        training.estimate_parameters_using_expectation_maximisation(block_on("event_date"))
        training.estimate_parameters_using_expectation_maximisation(
            block_on("place", "kind", "substr(published, 1, 7)")
        )
        steps.done("em")
        predictions = linker.inference.predict(threshold_match_probability=PREDICT_THRESHOLD)
        steps.done("predict")
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=THRESHOLD
        )
        found = _clusters_of(clusters)
        steps.done("cluster")
        kept.update(linker=linker, predictions=predictions)
        return found, {"steps": steps.seconds}

    def afterwards() -> tuple[dict[float, dict[str, str]], dict[str, Any]]:
        # The same predictions cut at other thresholds: chosen by looking, so not the default.
        linker, predictions = kept["linker"], kept["predictions"]
        cut = linker.clustering.cluster_pairwise_predictions_at_threshold
        clusterings = {
            threshold: _clusters_of(cut(predictions, threshold_match_probability=threshold))
            for threshold in OTHER_THRESHOLDS
        }
        details = {
            "pairs": predictions.as_duckdbpyrelation().shape[0],
            "prior": linker._settings_obj._probability_two_random_records_match,
        }
        return clusterings, details

    return Side(cluster=cluster, afterwards=afterwards)


class Steps:
    """Seconds since the previous step, by step."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def done(self, step: str) -> None:
        """Close `step`: the time since the last one closed is its own."""
        now = time.perf_counter()
        self.seconds[step] = now - self._last
        self._last = now


def _clusters_of(clusters: Any) -> dict[str, str]:
    """Each claim's cluster, read from DuckDB without the columns splink carries beside it."""
    rows = clusters.as_duckdbpyrelation().select("unique_id", "cluster_id").fetchall()
    return {claim: str(cluster) for claim, cluster in rows}


def _in_fresh_process(arguments: list[str]) -> dict[str, Any]:
    print(f"measuring: {' '.join(arguments)}", file=sys.stderr, flush=True)
    output = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=False
    )
    if output.returncode:
        raise SystemExit(f"{' '.join(arguments)} failed:\n{output.stderr}")
    measured: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return measured


def main() -> None:
    """Measure each side at each size in its own process, then write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument(
        "--runs", type=int, default=1, help="pairs of runs (reconcile, then splink) per size"
    )
    parser.add_argument("--one", nargs=2, metavar=("SIDE", "CLAIMS"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--profile", type=Path, help="with --one: write a cProfile of the clustering here"
    )
    options = parser.parse_args()
    if options.one:
        side, claims = options.one
        print(json.dumps(measure(side, int(claims), profile=options.profile)))
        return
    loads = [os.getloadavg()[0]]
    rows = []
    for size in options.sizes:
        # Paired and interleaved, so that both sides of a pair meet the same load.
        for run in range(1, options.runs + 1):
            for side in ("reconcile", "splink"):
                rows.append({"run": run, **_in_fresh_process(["--one", side, str(size)])})
                loads.append(os.getloadavg()[0])
    text = "\n".join([*_header(loads), *_table(rows)]) + "\n"
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, encoding="utf-8")
    measures.save(options.output, {"rows": rows})
    print(text)


def _header(loads: list[float]) -> list[str]:
    from importlib.metadata import version

    return [
        "# Clustering mentions into events: reconcile against splink",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{platform.platform()}`, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, reconcile "
        f"{version('reconcile')}, splink {version('splink')}, DuckDB {version('duckdb')}; "
        f"load average (1 minute) {min(loads):.1f} to {max(loads):.1f} over the run; produced "
        f"by `{shlex.join(['python', 'benchmarks/linkage.py', *sys.argv[1:]])}` in the "
        "benchmark's own environment (`bash benchmarks/speed.sh` runs it with its defaults). "
        "Each side at each size runs in a fresh process on the same simulated claims. "
        "*seconds*: the clustering alone (for splink: from the pandas frame to every claim's "
        "cluster, training included); *added MB*: the growth of resident memory while "
        "clustering; *peak MB*: the process's high-water mark, simulating the claims included. "
        "*F1* and its parts are pairwise, against the simulation's true events.",
    ]


def _table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        f"| claims | true events | run | engine | events | seconds | precision | recall | F1 "
        f"| added MB | peak MB | splink F1 at {' / '.join(f'{t:g}' for t in OTHER_THRESHOLDS)} |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        others = " / ".join(
            f"{row[f'f1_at_{t:g}']:.3f}" for t in OTHER_THRESHOLDS if f"f1_at_{t:g}" in row
        )
        engine = "reconcile, columnar" if row["side"] == "reconcile" else f"splink at {THRESHOLD:g}"
        lines.append(
            f"| {row['claims']:,} | {row['true_events']:,} | {row['run']} | {engine} | "
            f"{row['events']:,} | "
            f"{row['seconds']:.1f} | {row['precision']:.3f} | {row['recall']:.3f} | "
            f"{row['f1']:.3f} | {row['added_mb']:,.0f} | {row['peak_mb']:,.0f} | {others or '-'} |"
        )
    lines += ["", *_ratios(rows), "", *_splink_steps(rows)]
    return lines


def _splink_steps(rows: list[dict[str, Any]]) -> list[str]:
    steps = ("prior", "u", "em", "predict", "cluster")
    lines = [
        "Where splink's time goes, in seconds: *prior* (the deterministic rule), *u* (random "
        f"sampling, {U_PAIRS:.0e} pairs at most), *em* (both rounds), *predict* (pairs at "
        f"or above {PREDICT_THRESHOLD:g}), *cluster* (connected components at {THRESHOLD:g}, "
        "read back from DuckDB).",
        "",
        f"| claims | run | {' | '.join(f'{step} s' for step in steps)} | pairs predicted "
        "| prior probability of a match |",
        "|---:|---:|" + "---:|" * (len(steps) + 2),
    ]
    for row in rows:
        if row["side"] == "splink":
            seconds = " | ".join(f"{row['steps'][step]:.1f}" for step in steps)
            lines.append(
                f"| {row['claims']:,} | {row['run']} | {seconds} | {row['pairs']:,} "
                f"| {row['prior']:.2e} |"
            )
    return lines


def _ratios(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| claims | run | splink s / reconcile s (times) | reconcile F1 - splink F1 |",
        "|---:|---:|---:|---:|",
    ]
    pairs: dict[tuple[int, int], dict[str, dict[str, Any]]] = {}
    for row in rows:
        pairs.setdefault((row["claims"], row["run"]), {})[row["side"]] = row
    for (claims, run), sides in pairs.items():
        ours, theirs = sides["reconcile"], sides["splink"]
        lines.append(
            f"| {claims:,} | {run} | {theirs['seconds'] / ours['seconds']:.2f} | "
            f"{ours['f1'] - theirs['f1']:+.3f} |"
        )
    return lines


if __name__ == "__main__":
    main()
