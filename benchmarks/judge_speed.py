"""How long judging takes, before and after a change, in paired runs on the same claims.

Run: ``python benchmarks/judge_speed.py --before REF`` (a git commit, tag or
branch of this repository, say ``main``); ``--sizes`` and ``--rounds`` to
choose, and ``--data DIR`` to keep the simulated claims for the next run.
Judging is everything `reconcile.reconcile` does once the events are
found: the claim groups and their testimonies, the strategies, the
contradictions and the result. It is timed on its own by handing
`reconcile.reconcile` the events the default (columnar) engine found, through
a clusterer that returns them as they are; the whole call with the default
engine is timed beside it.

Each run is a fresh process on the claims the speed benchmark simulates at
that size (``Scenario(events=4575, sources=183, days=18300)`` at 10^5, see
`benchmarks/speed.py`). The code of ``REF`` (its ``src/``, taken with ``git
archive``) and the code of this working tree take turns, round after round, so
that a busy machine weighs on both alike; each run also writes the JSON of its
result, and the two must be the same to the byte. It prints a table and
writes it, with the load of the machine before and after, to
``benchmarks/results/judge-speed.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "judge-speed.md"
EVENTS_PER_CLAIM = 4575 / 100_000
"""The speed benchmark's scenario at 10^5: 4,575 events (about 22 claims each)."""


def scenario(claims: int) -> Any:
    """The simulation's settings for about `claims` claims, as `benchmarks/speed.py` sets them."""
    from reconcile.simulate import Scenario

    events = max(1, round(claims * EVENTS_PER_CLAIM))
    return Scenario(events=events, sources=max(20, events // 25), days=4 * events)


def simulate(claims: int, folder: Path) -> Path:
    """Save about `claims` simulated claims (and their sources) into `folder`, once."""
    from reconcile.simulate import generate

    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "claims.jsonl").exists():
        simulation = generate(scenario(claims), seed=1)
        simulation.dataset.save(folder / "claims.jsonl", sources=folder / "sources.yaml")
    return folder


def child(folder: Path, repeats: int) -> dict[str, Any]:
    """In a fresh process: load the claims, find the events once, then time judging them."""
    import reconcile

    dataset = reconcile.load(folder / "claims.jsonl", sources=folder / "sources.yaml")
    started = time.perf_counter()
    events = reconcile.ColumnarClusterer().cluster(dataset)
    clustered = time.perf_counter() - started

    class Found:
        """A clusterer that returns the events already found."""

        def cluster(self, data: Any) -> Any:
            return events

    judged, used = [], []
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        result = reconcile.reconcile(dataset, clusterer=Found())
        judged.append(time.perf_counter() - started)
        used.append(time.process_time() - cpu)
    started = time.perf_counter()
    whole = reconcile.reconcile(dataset, engine="columnar")
    elapsed = time.perf_counter() - started
    text = reconcile.render_json(whole, source="simulated")
    if reconcile.render_json(result, source="simulated") != text:
        raise SystemExit("judging the events found beforehand gave another result")
    return {
        "claims": len(dataset.claims),
        "findings": len(whole.findings),
        "cluster": clustered,
        "judge": min(judged),
        "judge_cpu": min(used),
        "reconcile": elapsed,
        "json": hashlib.sha256(text.encode()).hexdigest(),
        "module": reconcile.__file__,
    }


def export(ref: str, into: Path) -> Path:
    """The ``src/`` folder of the commit `ref`, written into `into`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref, "src"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def run(src: Path, folder: Path, repeats: int) -> dict[str, Any]:
    """One measurement in a fresh process importing the package from `src`."""
    code = (
        "import json, sys; from pathlib import Path; from benchmarks.judge_speed import child; "
        f"print(json.dumps(child(Path({str(folder)!r}), {repeats})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT}"},
        cwd=ROOT,
    )
    measured: dict[str, Any] = json.loads(done.stdout)
    if Path(measured["module"]).resolve().parent.parent != src.resolve():
        raise SystemExit(f"the run imported {measured['module']}, not the code under {src}")
    return measured


def load_average() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    """Measure each size, before and after, in turns, and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the git commit to compare against")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3, help="pairs of runs per size")
    parser.add_argument("--repeats", type=int, default=2, help="judging runs in each process")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--data",
        type=Path,
        help="a folder to keep the simulated claims in, a subfolder per size, made once and "
        "reused (10^6 claims take minutes to simulate); by default a temporary one",
    )
    args = parser.parse_args()
    loads = [load_average()]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        before = export(args.before, Path(scratch) / "before")
        after = ROOT / "src"
        for size in args.sizes:
            folder = simulate(size, (args.data or Path(scratch)) / f"claims-{size}")
            pairs = []
            for _ in range(args.rounds):
                pairs.append((run(before, folder, args.repeats), run(after, folder, args.repeats)))
                print(size, [round(side["judge_cpu"], 3) for side in pairs[-1]], flush=True)
            if any(old["json"] != new["json"] for old, new in pairs):
                raise SystemExit(f"at {size} claims the JSON of the result changed")
            rows.append(_row(pairs))
    loads.append(load_average())
    text = _report(args, rows, loads)
    print(text)
    args.output.write_text(text)


def _row(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """The medians over the pairs of runs of one size."""

    def median(side: int, key: str) -> float:
        return float(statistics.median(pair[side][key] for pair in pairs))

    return {
        "claims": pairs[0][0]["claims"],
        "findings": pairs[0][0]["findings"],
        "judge_before": median(0, "judge"),
        "judge_after": median(1, "judge"),
        "cpu_before": median(0, "judge_cpu"),
        "cpu_after": median(1, "judge_cpu"),
        "ratio": statistics.median(old["judge_cpu"] / new["judge_cpu"] for old, new in pairs),
        "reconcile_before": median(0, "reconcile"),
        "reconcile_after": median(1, "reconcile"),
        "cluster": median(1, "cluster"),
    }


def _report(args: argparse.Namespace, rows: list[dict[str, Any]], loads: list[str]) -> str:
    sizes = " ".join(str(size) for size in args.sizes)
    lines = [
        "# Judging: before and after",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{platform.platform()}`, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores; produced by `python "
        f"benchmarks/judge_speed.py --before {args.before} --sizes {sizes} --rounds "
        f"{args.rounds} --repeats {args.repeats}{' --data DIR' if args.data else ''}`. "
        "Load average (1, 5, 15 minutes) before: "
        f"{loads[0]}; after: {loads[1]}.",
        "",
        "Judging is everything `reconcile.reconcile` does once the events are found, timed on "
        "the events the default (columnar) engine found: its processor time (CPU s, which a "
        "busy machine inflates less) and its wall time (s), each the best of "
        f"{args.repeats} runs in each process, then the median over {args.rounds} pairs of "
        "processes, the code before and after taking turns; faster is the median of the "
        "pairs' ratios of processor time. `reconcile` is the whole call with the default "
        "engine, clustering included (wall, one run per process). Both versions wrote the "
        "same JSON, byte for byte, at every size.",
        "",
        "| claims | findings | judging before CPU s | after CPU s | faster | "
        "before wall s | after wall s | reconcile before s | after s | clustering s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['claims']:,} | {row['findings']:,} | {row['cpu_before']:.2f} | "
            f"{row['cpu_after']:.2f} | {row['ratio']:.1f}x | {row['judge_before']:.2f} | "
            f"{row['judge_after']:.2f} | {row['reconcile_before']:.2f} | "
            f"{row['reconcile_after']:.2f} | {row['cluster']:.2f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
