"""The dask engine on a two-worker LocalCluster: wall time, each worker's peak memory, the client's.

Run: ``python benchmarks/distributed.py`` (``--sizes`` to choose; needs the
``dask`` extra). Each size runs in a fresh process: simulated claims are
written to JSON Lines and loaded back by `reconcile.load` on the client (the
client holds every `Claim`); then, on one `LocalCluster` of two worker
processes with one thread each, the default engine in this process and
``engine="dask"`` on the cluster run in turn, A B A B, so that both see the
same load on the machine, and the first pair's results are checked equal.
Each worker's peak is its process's high-water mark (``ru_maxrss``, read
on the worker with `Client.run`); the client's memory per claim is what
loading the claims adds to the resident memory of a fresh process. The tables are printed
and written to ``benchmarks/results/distributed.md``.
"""

from __future__ import annotations

import argparse
import json
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

if __package__ in (None, ""):
    # Run as a script: the repository root, not this folder, goes first on the path, or this
    # file would hide Dask's own `distributed` package from the import below.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks import measures

RESULTS = Path(__file__).parent / "results" / "distributed.md"
CLAIMS_PER_EVENT = 22
"""About how many claims the default scenario writes per event (as in `benchmarks/speed.py`)."""
TARGET_CLAIMS = 10_000_000
"""The issue's target: this many claims on two workers, each under 4 GB."""


def _peak_mb() -> float:
    """The high-water mark of the resident memory of the process it runs in (workers too), MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _resident_mb() -> float:
    """The resident memory of the process now, in MB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def loaded_mb(claims: Path, sources: Path) -> float:
    """What holding the loaded claims adds to a fresh process's resident memory, in MB.

    In a process of its own: in the measuring one, memory freed by the
    simulation would be reused by the load and hide its size.
    """
    import reconcile

    before = _resident_mb()
    dataset = reconcile.load(claims, sources=sources)
    held = _resident_mb() - before
    del dataset
    return held


def measure(claims: int, repeats: int) -> dict[str, Any]:
    """Simulate about `claims` claims, load them, and time both engines in turn on them."""
    from distributed import Client, LocalCluster

    import reconcile
    from reconcile.simulate import PLACE_ALIASES, Scenario, generate

    events = max(1, claims // CLAIMS_PER_EVENT)
    simulation = generate(
        Scenario(events=events, sources=max(20, events // 25), days=4 * events), seed=1
    )
    with tempfile.TemporaryDirectory() as folder:
        claims_path = Path(folder) / "claims.jsonl"
        sources_path = Path(folder) / "sources.yaml"
        simulation.dataset.save(claims_path, sources=sources_path)
        del simulation
        claims_mb = json.loads(
            subprocess.run(
                [sys.executable, __file__, "--load", str(claims_path), str(sources_path)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        dataset = reconcile.load(claims_path, sources=sources_path)
    settings = reconcile.MentionClusterer(places=PLACE_ALIASES)
    default_seconds: list[float] = []
    dask_seconds: list[float] = []
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        load_before = os.getloadavg()[0]
        for repeat in range(repeats):
            started = time.perf_counter()
            single = reconcile.reconcile(dataset, clusterer=settings)
            default_seconds.append(time.perf_counter() - started)
            started = time.perf_counter()
            spread = reconcile.reconcile(
                dataset, clusterer=settings, engine="dask", scheduler=client
            )
            dask_seconds.append(time.perf_counter() - started)
            if repeat == 0 and spread.to_dict() != single.to_dict():
                raise SystemExit("the dask engine gave another result than the default engine")
            del single, spread
        workers = client.run(_peak_mb)
        load_after = os.getloadavg()[0]
    return {
        "claims": len(dataset.claims),
        "default_s": default_seconds,
        "dask_s": dask_seconds,
        "worker_peak_mb": sorted(workers.values()),
        "client_peak_mb": _peak_mb(),
        "client_claims_mb": claims_mb,
        "load_average": [load_before, load_after],
    }


def main() -> None:
    """Measure each size in its own process and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeats", type=int, default=2, help="runs of each engine, in turn")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--load", type=Path, nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.load:
        print(json.dumps(loaded_mb(*options.load)))
        return
    if options.one:
        print(json.dumps(measure(options.one, options.repeats)))
        return
    rows = [
        _in_fresh_process(["--one", str(size), "--repeats", str(options.repeats)])
        for size in options.sizes
    ]
    text = "\n".join([*_header(), *_table(rows), *_client_note(rows)]) + "\n"
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, encoding="utf-8")
    measures.save(options.output, {"rows": rows})
    print(text)


def _in_fresh_process(arguments: list[str]) -> dict[str, Any]:
    print(f"measuring: {' '.join(arguments)}", file=sys.stderr)
    output = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=True
    ).stdout
    measured: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return measured


def _header() -> list[str]:
    return [
        "# The dask engine on two local workers",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{platform.platform()}`, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; produced by "
        f"`{shlex.join(['python', 'benchmarks/distributed.py', *sys.argv[1:]])}`. "
        "Each size runs in a fresh process: simulated claims (the default scenario with the "
        "simulation's gazetteer, as in `benchmarks/speed.py`) loaded from JSON Lines, then "
        "`reconcile.reconcile` on the default engine in this process and with "
        '`engine="dask"` on a `LocalCluster` of 2 worker processes (1 thread each), in turn, '
        "A B A B; the first pair's results are checked equal. Times are wall seconds of the "
        "whole `reconcile` call (clustering and judging; loading not included). The machine "
        "has 2 cores, so the 2 workers and the client share them.",
    ]


def _table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "| claims | default engine s | dask engine s | worker peaks MB | client peak MB "
        "| load average before, after |",
        "|---:|---|---|---|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['claims']:,} | {_list(row['default_s'])} | {_list(row['dask_s'])} "
            f"| {_list(row['worker_peak_mb'], '.0f')} | {row['client_peak_mb']:.0f} "
            f"| {_list(row['load_average'], '.1f')} |"
        )
    return lines


def _client_note(rows: list[dict[str, Any]]) -> list[str]:
    largest = max(rows, key=lambda row: row["claims"])
    per_claim_kb = largest["client_claims_mb"] * 1024 / largest["claims"]
    target_gb = per_claim_kb * TARGET_CLAIMS / 2**20
    return [
        "",
        f"The client holds every `Claim`: loading {largest['claims']:,} claims adds "
        f"{largest['client_claims_mb']:.0f} MB to the resident memory of a fresh process, "
        f"{per_claim_kb:.1f} KB a claim, so {TARGET_CLAIMS:,} claims would need about "
        f"{target_gb:.0f} GB on the client for the claims alone, "
        "before the nodes, links and findings.",
    ]


def _list(values: list[float], spec: str = ".1f") -> str:
    return ", ".join(format(value, spec) for value in values)


if __name__ == "__main__":
    main()
