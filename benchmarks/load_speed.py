"""Seconds `reconcile.load` takes before and after a change, in paired, interleaved runs.

Simulated claims (the scenario of ``benchmarks/speed.py``: about 22 claims an
event) are saved as JSON Lines, CSV and Parquet with a YAML sources file.
Each load runs in a fresh process, alternating the code of a git revision
(``--before``, by default the commit before the loader's fast paths) and the
working tree, so that both meet the same load on a shared machine; the load
average is recorded before each pair. The result must be the same dataset:
each process prints a digest of the repr of every record, and the pair must
agree. Each process also reports its peak resident memory (``ru_maxrss``) right
after the load. Writes ``benchmarks/results/load-speed.md``:

    python benchmarks/load_speed.py                       # 10^4 and 10^5 claims
    python benchmarks/load_speed.py --sizes 10000 --pairs 1
    python benchmarks/load_speed.py --data DIR --before REF --output FILE

``--data`` names folders that each hold ``claims.jsonl`` and ``sources.yaml``
(as ``python benchmarks/speed.py --simulate N DIR`` writes them) to load
instead of simulating: writing 10^6 claims in three formats takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
RESULTS = REPOSITORY / "benchmarks" / "results" / "load-speed.md"
BEFORE = "30720a3"
"""The last commit before the loader's fast paths (`reconcile.io.plain_records`)."""
CLAIMS_PER_EVENT = 22
FORMATS = (".jsonl", ".csv", ".parquet")
LOAD = """
import hashlib, json, resource, sys, time, reconcile
wall, cpu = time.perf_counter(), time.process_time()
dataset = reconcile.load(sys.argv[1], sources=sys.argv[2])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
digest = hashlib.sha256()
for name in ("sources", "events", "attributes", "claims", "places"):
    for record in getattr(dataset, name):
        digest.update(repr(record).encode())
print(json.dumps({"wall": wall, "cpu": cpu, "peak": peak, "claims": len(dataset.claims),
                  "digest": digest.hexdigest()}))
"""


def write_claims(folder: Path, claims: int, suffixes: tuple[str, ...]) -> dict[str, Path]:
    """Simulate about `claims` claims and save them in each format; returns the files."""
    from reconcile.simulate import Scenario, generate

    events = max(1, claims // CLAIMS_PER_EVENT)
    dataset = generate(
        Scenario(events=events, sources=max(20, events // 25), days=4 * events), seed=1
    ).dataset
    paths = {}
    for suffix in suffixes:
        paths[suffix] = folder / f"claims-{claims}{suffix}"
        dataset.save(paths[suffix], sources=folder / f"sources-{claims}.yaml")
    return paths


def load_once(source_root: Path, claims: Path, sources: Path) -> dict[str, float | str]:
    """Load the files in a fresh process with the package found under `source_root`."""
    environment = {**os.environ, "PYTHONPATH": str(source_root)}
    output = subprocess.run(
        [sys.executable, "-c", LOAD, str(claims), str(sources)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.splitlines()[-1])  # type: ignore[no-any-return]


def export_revision(revision: str, folder: Path) -> Path:
    """The package's source tree at `revision`, unpacked into `folder`."""
    archive = subprocess.run(
        ["git", "-C", str(REPOSITORY), "archive", revision, "src"],
        capture_output=True,
        check=True,
    ).stdout
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def main() -> None:
    """Time the pairs, print the table and write it to ``benchmarks/results/load-speed.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--pairs", type=int, default=3, help="pairs per size of JSON Lines")
    parser.add_argument("--other-pairs", type=int, default=1, help="pairs of CSV and Parquet")
    parser.add_argument("--before", default=BEFORE, help="the git revision to compare with")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        default=[],
        help="folders of claims.jsonl and sources.yaml to load instead of --sizes",
    )
    args = parser.parse_args()
    suffixes: tuple[str, ...] = FORMATS
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        suffixes = (".jsonl", ".csv")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        before = export_revision(args.before, folder / "before")
        after = REPOSITORY / "src"
        inputs = [(data / "claims.jsonl", data / "sources.yaml") for data in args.data]
        for size in [] if args.data else args.sizes:
            paths = write_claims(folder, size, suffixes)
            inputs.extend((path, folder / f"sources-{size}.yaml") for path in paths.values())
        for path, sources in inputs:
            pairs = args.pairs if path.suffix == ".jsonl" else args.other_pairs
            row = summarise(path.suffix, *paired_runs(before, after, path, sources, pairs))
            rows.append(row)
            print(format_row(row), flush=True)
    write_results(args, rows)


def paired_runs(
    before: Path, after: Path, path: Path, sources: Path, pairs: int
) -> tuple[dict[str, list[dict[str, float | str]]], list[float]]:
    """Load the files `pairs` times with each revision, alternating; and the load averages."""
    runs: dict[str, list[dict[str, float | str]]] = {"before": [], "after": []}
    loads = []
    for _ in range(pairs):
        loads.append(os.getloadavg()[0])
        runs["before"].append(load_once(before, path, sources))
        runs["after"].append(load_once(after, path, sources))
        if runs["before"][-1]["digest"] != runs["after"][-1]["digest"]:
            raise SystemExit(f"{path.name}: the two revisions load different datasets")
    return runs, loads


def summarise(
    suffix: str, runs: dict[str, list[dict[str, float | str]]], loads: list[float]
) -> dict[str, float | str]:
    """The medians of a size and format's pairs, and the ratio of after to before."""

    def median(side: str, key: str) -> float:
        return statistics.median(float(run[key]) for run in runs[side])

    return {
        "format": suffix,
        "claims": int(runs["after"][0]["claims"]),
        "pairs": len(loads),
        "load": f"{min(loads):.1f}-{max(loads):.1f}",
        "before_wall": median("before", "wall"),
        "after_wall": median("after", "wall"),
        "before_cpu": median("before", "cpu"),
        "after_cpu": median("after", "cpu"),
        "before_peak": max(float(run["peak"]) for run in runs["before"]),
        "after_peak": max(float(run["peak"]) for run in runs["after"]),
    }


HEADER = (
    "| claims | format | pairs | load average | before wall s | after wall s "
    "| before CPU s | after CPU s | after / before (CPU) | before peak MB | after peak MB |\n"
    "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
)


def format_row(row: dict[str, float | str]) -> str:
    """One row of the table."""
    ratio = float(row["after_cpu"]) / float(row["before_cpu"])
    return (
        f"| {int(row['claims']):,} | {row['format']} | {row['pairs']} | {row['load']} "
        f"| {float(row['before_wall']):.2f} | {float(row['after_wall']):.2f} "
        f"| {float(row['before_cpu']):.2f} | {float(row['after_cpu']):.2f} | {ratio:.2f} "
        f"| {float(row['before_peak']):,.0f} | {float(row['after_peak']):,.0f} |"
    )


def write_results(args: argparse.Namespace, rows: list[dict[str, float | str]]) -> None:
    """Write the table with how, where and when it was measured."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    # A data folder is named by a placeholder: where it lies on this machine tells no one anything.
    folders = {str(folder): f"DIR{number}" for number, folder in enumerate(args.data, start=1)}
    command = "python benchmarks/load_speed.py " + " ".join(
        folders.get(argument, argument) for argument in sys.argv[1:]
    )
    data_note = (
        " Each DIR holds simulated claims written by `python benchmarks/speed.py --simulate N DIR`."
        if folders
        else ""
    )
    text = f"""# Loading speed: before and after a change to the loader

Measured {when} on `{platform.platform()}`, Python {platform.python_version()},
{os.cpu_count()} cores; produced by `{command.strip()}`.{data_note} *Before* is the
package at `{args.before}`, *after* the working tree. Each load (a JSON Lines,
CSV or Parquet file of simulated claims and a YAML sources file, through
`reconcile.load`) runs in a fresh process, before and after alternating, so
that each pair meets the same load of the shared machine; *load average* is
the 1-minute load average before each pair (its range over the pairs), and
the times are medians over the pairs. CPU seconds are the process's own, and
move less than wall seconds when other work shares the cores. *Peak MB* is the
largest of the pairs' peak resident memory (``ru_maxrss``, the interpreter and
its imports included) at the end of the load. Both revisions load the same
dataset (a digest of the repr of every record, checked per pair).

{HEADER}
{chr(10).join(format_row(row) for row in rows)}
"""
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"took {time.perf_counter() - started:.0f} s")
