"""Speed and memory of simulated claims: loading, clustering, reconciling, and the columnar path.

Run: ``bash benchmarks/speed.sh``, which sets up the benchmark's own
environment and runs this script and ``benchmarks/peers.py``; or, in an
environment with pandas, ``python benchmarks/speed.py`` (``--sizes`` and
``--columnar-sizes`` to choose). Each size runs in a fresh process, so its
peak memory is its own. It prints the tables, with the growth exponent
between successive sizes (1 is linear, 2 quadratic), and writes them to
``benchmarks/results/speed.md``.

Per-claim path (10^4 to 10^5 claims by default), each stage timed on its
own: load (JSON Lines claims and a YAML sources file, through
`reconcile.load`), cluster (`MentionClusterer` with the simulation's
gazetteer), window (the same with ``undated_window_days=30``), reconcile
(everything `reconcile.reconcile` does, with the windowed clusterer,
clustering included), then the columnar engine (`ColumnarClusterer`) on the
settings of cluster and window, its events checked against theirs.

Columnar path (10^4 to 10^6 labels): `OneCoin` learning source accuracy
from a pandas DataFrame of the synthetic labels `benchmarks/peers.py`
makes, through `LabelColumns.from_frame` and `fit_columns`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RESULTS = Path(__file__).parent / "results" / "speed.md"
WINDOW_DAYS = 30.0
"""The undated window of the second clustering run: simulated reports come within 11 days."""
CLAIMS_PER_EVENT = 22
"""About how many claims the default scenario writes per event."""


def measure(claims: int, *, default_clustering: bool = True) -> dict[str, float]:
    """Simulate about `claims` claims, then time loading, clustering and reconciling them.

    Without `default_clustering`, the clusterer without a window (which grows
    as the square of the claims) is not run, and its time is NaN.
    """
    import reconcile
    from reconcile.simulate import PLACE_ALIASES, Scenario, generate

    events = max(1, claims // CLAIMS_PER_EVENT)
    simulation = generate(
        Scenario(events=events, sources=max(20, events // 25), days=4 * events), seed=1
    )
    folder = Path(tempfile.mkdtemp())
    claims_path, sources_path = folder / "claims.jsonl", folder / "sources.yaml"
    simulation.dataset.save(claims_path, sources=sources_path)
    del simulation  # only what is loaded back should count towards the peak
    clusterer = reconcile.MentionClusterer(places=PLACE_ALIASES)
    windowed = reconcile.MentionClusterer(places=PLACE_ALIASES, undated_window_days=WINDOW_DAYS)

    started = time.perf_counter()
    dataset = reconcile.load(claims_path, sources=sources_path)
    loaded = time.perf_counter()
    found = clusterer.cluster(dataset) if default_clustering else ()
    clustered = time.perf_counter()
    found_in_window = windowed.cluster(dataset)
    clustered_in_window = time.perf_counter()
    reconcile.reconcile(dataset, clusterer=windowed)
    reconciled = time.perf_counter()
    # The columnar engine on the same settings, checked against the per-object events.
    columnar = _time_columnar(clusterer, dataset, found) if default_clustering else math.nan
    columnar_window = _time_columnar(windowed, dataset, found_in_window)
    return {
        "claims": len(dataset.claims),
        "load": loaded - started,
        "cluster": clustered - loaded if default_clustering else math.nan,
        "window": clustered_in_window - clustered,
        "reconcile": reconciled - clustered_in_window,
        "columnar": columnar,
        "columnar_window": columnar_window,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _time_columnar(settings: Any, dataset: Any, expected: Any) -> float:
    """Seconds `ColumnarClusterer` takes on `settings`; it must find the `expected` events."""
    import reconcile

    started = time.perf_counter()
    events = reconcile.ColumnarClusterer(settings=settings).cluster(dataset)
    elapsed = time.perf_counter() - started
    if events != expected:
        raise SystemExit("the columnar engine found other events than the per-object one")
    return elapsed


def measure_columnar(claims: int) -> dict[str, float]:
    """Time building the label columns from a DataFrame and fitting `OneCoin` on them."""
    import reconcile
    from benchmarks.peers import score, simulate
    from reconcile.columnar import LabelColumns

    simulation = simulate(claims, seed=1)
    started = time.perf_counter()
    columns = LabelColumns.from_frame(simulation.frame, item="task", source="worker", label="label")
    built = time.perf_counter()
    model = reconcile.OneCoin(max_iter=20).fit_columns(columns)
    fitted = time.perf_counter()
    answers = {task: str(truth) for (task, _), truth in model.truths_.items()}
    return {
        "claims": len(simulation.frame),
        "columns": built - started,
        "fit": fitted - built,
        "iterations": model.n_iter_,
        "accuracy": score(answers, simulation.gold),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _exponent(small: dict[str, float], large: dict[str, float], stage: str) -> str:
    if not (small[stage] > 0 and large[stage] > 0):  # not run (NaN), or too quick to time
        return "-"
    return (
        f"{math.log(large[stage] / small[stage]) / math.log(large['claims'] / small['claims']):.2f}"
    )


def main() -> None:
    """Measure each size in its own process and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument(
        "--columnar-sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000]
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument(
        "--default-clustering-up-to",
        type=int,
        default=100_000,
        help="run the clusterer without a window only up to this many claims",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-columnar", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        full = options.one <= options.default_clustering_up_to
        print(json.dumps(measure(options.one, default_clustering=full)))
        return
    if options.one_columnar:
        print(json.dumps(measure_columnar(options.one_columnar)))
        return
    limit = ["--default-clustering-up-to", str(options.default_clustering_up_to)]
    rows = [_in_fresh_process(["--one", str(size), *limit]) for size in options.sizes]
    columnar = [_in_fresh_process(["--one-columnar", str(size)]) for size in options.columnar_sizes]
    text = "\n".join([*_header(), *_per_claim_table(rows), *_columnar_table(columnar)]) + "\n"
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, encoding="utf-8")
    print(text)


def _in_fresh_process(arguments: list[str]) -> dict[str, float]:
    print(f"measuring: {' '.join(arguments)}", file=sys.stderr)
    output = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=True
    ).stdout
    measured: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return measured


def _header() -> list[str]:
    return [
        "# Speed",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{platform.platform()}`, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; produced by "
        f"`{shlex.join(['python', 'benchmarks/speed.py', *sys.argv[1:]])}` (`bash "
        "benchmarks/speed.sh` runs it with its defaults). Each size runs in a fresh "
        "process; peak memory is that process's high-water mark, simulating the claims "
        "included. The side-by-side run against crowd-kit and truthdiscovery is in "
        "[peers.md](peers.md).",
    ]


def _per_claim_table(rows: list[dict[str, float]]) -> list[str]:
    lines = [
        "",
        "## Per-claim path: load, cluster, reconcile",
        "",
        f"*cluster*: `MentionClusterer` with the simulation's gazetteer; *window*: the same with "
        f"`undated_window_days={WINDOW_DAYS:g}`; *reconcile*: all of `reconcile.reconcile` with "
        "the windowed clusterer, clustering included; *columnar* and *columnar window*: "
        "`ColumnarClusterer` on the settings of *cluster* and *window* (the same events, checked "
        "in the run).",
        "",
        "| claims | load s | claims/s | cluster s | window s | reconcile s | claims/s "
        "| columnar s | columnar window s | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['claims']:,.0f} | {row['load']:.1f} | {row['claims'] / row['load']:,.0f} | "
            f"{_seconds(row['cluster'])} | {row['window']:.1f} | {row['reconcile']:.1f} | "
            f"{row['claims'] / row['reconcile']:,.0f} | {_seconds(row['columnar'])} | "
            f"{row['columnar_window']:.1f} | {row['peak_mb']:,.0f} |"
        )
    stages = ("load", "cluster", "window", "reconcile", "columnar", "columnar_window")
    return lines + _exponents(rows, stages)


def _columnar_table(rows: list[dict[str, float]]) -> list[str]:
    if not rows:
        return []
    lines = [
        "",
        "## Columnar path: source accuracy learned from a DataFrame of labels",
        "",
        "`LabelColumns.from_frame` then `OneCoin(max_iter=20).fit_columns`, on the synthetic "
        "labels of `benchmarks/peers.py` (about ten per task, a thousand workers per "
        "million labels).",
        "",
        "| labels | columns s | fit s | iterations | labels/s | accuracy | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        total = row["columns"] + row["fit"]
        lines.append(
            f"| {row['claims']:,.0f} | {row['columns']:.2f} | {row['fit']:.2f} | "
            f"{row['iterations']:.0f} | {row['claims'] / total:,.0f} | {row['accuracy']:.4f} | "
            f"{row['peak_mb']:,.0f} |"
        )
    return lines + _exponents(rows, ("columns", "fit"))


def _seconds(value: float) -> str:
    return "not run" if math.isnan(value) else f"{value:.1f}"


def _exponents(rows: list[dict[str, float]], stages: tuple[str, ...]) -> list[str]:
    if len(rows) < 2:
        return []
    lines = ["", "Growth exponents between successive sizes (1 is linear):", ""]
    lines += [f"| from | to | {' | '.join(stages)} |", "|---:|---:|" + "---:|" * len(stages)]
    for small, large in itertools.pairwise(rows):
        exponents = " | ".join(_exponent(small, large, stage) for stage in stages)
        lines.append(f"| {small['claims']:,.0f} | {large['claims']:,.0f} | {exponents} |")
    return lines


if __name__ == "__main__":
    main()
