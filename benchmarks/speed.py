"""Speed and memory from JSON Lines to findings, by engine, and of the columnar reliability path.

Run: ``bash benchmarks/speed.sh``, which sets up the benchmark's own
environment and runs this script beside the others; or, in an environment
with pandas, ``python benchmarks/speed.py`` (``--sizes``, ``--objects-up-to``
and ``--columnar-sizes`` to choose). Each measurement runs in a fresh process,
so its peak memory is its own. It prints the tables, with the growth
exponent between successive sizes (1 is linear, 2 quadratic), and writes
them to ``benchmarks/results/speed.md``.

From JSON Lines to findings (10^4 to 10^6 claims by default): the
simulation's claims are written once per size to a JSON Lines file and a
YAML sources file; then, in a fresh process per engine, `reconcile.load`
reads them and `reconcile.reconcile` works out every event and finding, with
the simulation's gazetteer and nothing else set. The default engine and the
per-claim one (``engine="objects"``, the oracle the other is tested against)
run on the same files; their results must be the same (their JSON is hashed
and compared in the run), and the table gives the ratio of their times.

Columnar path (10^4 to 10^6 labels): `OneCoin` learning source accuracy
from a pandas DataFrame of the synthetic labels `benchmarks/peers.py`
makes, through `LabelColumns.from_frame` and `fit_columns`.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import measures

RESULTS = Path(__file__).parent / "results" / "speed.md"
CLAIMS_PER_EVENT = 22
"""About how many claims the default scenario writes per event."""
ENGINES = ("default", "objects")


def simulate(claims: int, folder: Path) -> int:
    """Write about `claims` simulated claims and their sources into `folder`; how many.

    Streamed (`reconcile.simulate.write`): the files `generate` and
    `Dataset.save` would give, in memory that does not grow with `claims`.
    """
    from reconcile.simulate import Scenario, write

    events = max(1, claims // CLAIMS_PER_EVENT)
    folder.mkdir(parents=True, exist_ok=True)
    return write(
        Scenario(events=events, sources=max(20, events // 25), days=4 * events),
        folder / "claims.jsonl",
        sources=folder / "sources.yaml",
        seed=1,
    )


def measure(folder: Path, engine: str) -> dict[str, float | str]:
    """Time loading the claims in `folder` and reconciling them with `engine`.

    *cluster* is the time from the call to the first event judged (the
    events are all worked out before any is judged), *judge* the rest.
    """
    import reconcile
    from reconcile.linking.engine import DEFAULT_ENGINE
    from reconcile.simulate import PLACE_ALIASES

    settings = reconcile.MentionClusterer(places=PLACE_ALIASES)
    chosen = DEFAULT_ENGINE if engine == "default" else engine
    first_judged: list[float] = []
    with_children = [0.0, 0.0]
    """The largest memory this process and its children held together, and when it was read."""

    def progress(done: int, _total: int) -> None:
        now = time.perf_counter()
        if done == 1:
            first_judged.append(now)
        if now - with_children[1] >= TREE_EVERY:
            with_children[:] = [max(with_children[0], measures.tree_mb()), now]

    started = time.perf_counter()
    dataset = reconcile.load(folder / "claims.jsonl", sources=folder / "sources.yaml")
    loaded = time.perf_counter()
    result = reconcile.reconcile(dataset, clusterer=settings, engine=chosen, progress=progress)
    reconciled = time.perf_counter()
    # The high-water mark from JSON Lines to findings: before the findings are written
    # out as JSON below, which only serves to compare the engines.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tree_peak_mb = max(with_children[0], measures.tree_mb())
    clustered = first_judged[0] if first_judged else reconciled
    digest = hashlib.sha256(json.dumps(result.to_dict(), sort_keys=True).encode()).hexdigest()
    return {
        "claims": len(dataset.claims),
        "load": loaded - started,
        "cluster": clustered - loaded,
        "judge": reconciled - clustered,
        "total": reconciled - started,
        "peak_mb": peak_mb,
        "tree_peak_mb": tree_peak_mb,
        "digest": digest,
    }


TREE_EVERY = 1.0
"""Seconds between two readings of the memory of the process and its children, while judging."""


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
    return f"{measures.growth(small['claims'], large['claims'], small[stage], large[stage]):.2f}"


def main() -> None:
    """Measure each size and engine in its own process and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--objects-up-to",
        type=int,
        default=1_000_000,
        help="run the per-claim engine only up to this many claims (default: every size)",
    )
    parser.add_argument(
        "--columnar-sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000]
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="how many times the default engine runs at each size, each in a fresh process: "
        "the table gives the run of median total, and every run's total beside it (default: 3)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument("--simulate", nargs=2, metavar=("CLAIMS", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--one", nargs=2, metavar=("FOLDER", "ENGINE"), help=argparse.SUPPRESS)
    parser.add_argument("--one-columnar", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.simulate:
        simulate(int(options.simulate[0]), Path(options.simulate[1]))
        return
    if options.one:
        print(json.dumps(measure(Path(options.one[0]), options.one[1])))
        return
    if options.one_columnar:
        print(json.dumps(measure_columnar(options.one_columnar)))
        return
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    rows = [_both_engines(size, options.objects_up_to, options.repeat) for size in options.sizes]
    columnar = [_in_fresh_process(["--one-columnar", str(size)]) for size in options.columnar_sizes]
    text = "\n".join([*_header(), *_engines_table(rows), *_columnar_table(columnar)]) + "\n"
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, encoding="utf-8")
    measures.save(options.output, {"engines": rows, "columnar": columnar})
    print(text)


def _both_engines(size: int, objects_up_to: int, repeat: int) -> dict[str, Any]:
    """The measures of each engine on one simulated file of about `size` claims.

    The default engine runs `repeat` times: its entry is the run of median
    total (the machine may be shared), and ``default_totals`` holds every
    run's total, in the order they ran.
    """
    folder = Path(tempfile.mkdtemp(prefix="reconcile-speed-"))
    try:
        _in_fresh_process(["--simulate", str(size), str(folder)], output=False)
        runs = [_in_fresh_process(["--one", str(folder), "default"]) for _ in range(repeat)]
        others = ENGINES[1:] if size <= objects_up_to else ()
        row: dict[str, Any] = {
            engine: _in_fresh_process(["--one", str(folder), engine]) for engine in others
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    digests = {measured["digest"] for measured in [*runs, *row.values()]}
    if len(digests) > 1:
        raise SystemExit(f"at {size:,} claims the engines' (or the runs') findings differ")
    return {"default": median_run(runs), "default_totals": [run["total"] for run in runs], **row}


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median total time (of an even number, the faster of the two middle ones)."""
    return sorted(runs, key=lambda run: run["total"])[(len(runs) - 1) // 2]


def _in_fresh_process(arguments: list[str], *, output: bool = True) -> dict[str, Any]:
    print(f"running: {' '.join(arguments)}", file=sys.stderr)
    started = time.perf_counter()
    printed = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=True
    ).stdout
    print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if not output:
        return {}
    measured: dict[str, Any] = json.loads(printed.strip().splitlines()[-1])
    return measured


def _header() -> list[str]:
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    return [
        "# Speed",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{platform.platform()}`, "
        f"{os.cpu_count()} CPUs (load average at the end {load}), Python "
        f"{platform.python_version()}; produced by "
        f"`{shlex.join(['python', 'benchmarks/speed.py', *sys.argv[1:]])}` (`bash "
        "benchmarks/speed.sh` runs it with its defaults). Each measurement runs in a fresh "
        "process; peak memory is that process's high-water mark from reading the claims to "
        "the findings (the claims are simulated and written in another; the findings' JSON, "
        "hashed afterwards to compare the engines, is not counted), and, beside it, what the "
        "process and its forked children held together while judging. The side-by-side run "
        "against crowd-kit and truthdiscovery is in [peers.md](peers.md); the figures set "
        "against their targets are in the last section, written by `benchmarks/targets.py`.",
    ]


def _engines_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "## From JSON Lines to findings",
        "",
        "`reconcile.load` of the simulated claims (JSON Lines) and sources (YAML), then "
        "`reconcile.reconcile` with the simulation's gazetteer: *cluster* runs until the first "
        "event is judged, *judge* is the rest. *default*: the default engine; *objects*: "
        '`engine="objects"`, the per-claim path, on the same files in the same run (its findings '
        "checked equal); *ratio*: its total time over the default's. *peak MB*: the measuring "
        "process's high-water mark; *with children MB*: the most it and its forked children "
        "held together while judging (their proportional set sizes, read every "
        f"{TREE_EVERY} s): judging shares its events with a child where the system has memory "
        "to spare for the child's copies of pages. *runs s*: the total of each run of the "
        "default engine at that size, each in a fresh process, in the order they ran (the "
        "machine may be shared); the row is the run of median total.",
        "",
        "| claims | load s | cluster s | judge s | total s | runs s | claims/s | peak MB "
        "| with children MB | objects total s | objects peak MB | ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        default, objects = row["default"], row.get("objects")
        compared = (
            "not run | - | -"
            if objects is None
            else f"{objects['total']:.1f} | {objects['peak_mb']:,.0f} | "
            f"{objects['total'] / default['total']:.2f}"
        )
        lines.append(
            f"| {default['claims']:,.0f} | {default['load']:.1f} | {default['cluster']:.1f} | "
            f"{default['judge']:.1f} | {default['total']:.1f} | {_runs(row)} | "
            f"{default['claims'] / default['total']:,.0f} | {default['peak_mb']:,.0f} | "
            f"{default.get('tree_peak_mb', 0):,.0f} | {compared} |"
        )
    defaults = [row["default"] for row in rows]
    return lines + _exponents(defaults, ("load", "cluster", "judge", "total", "peak_mb"))


def _runs(row: dict[str, Any]) -> str:
    """Every run's total time of the default engine, as a cell."""
    return ", ".join(f"{total:.1f}" for total in row["default_totals"])


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
