"""The dask engine on a two-worker LocalCluster: wall time, each worker's peak memory, the client's.

Run: ``python benchmarks/distributed.py`` (``--sizes`` to choose, 10^5, 10^6
and 10^7 claims by default; needs the ``dask`` extra). The claims are
simulated and written to JSON Lines in a process of their own, streamed
(`reconcile.simulate.write`), so that 10^7 of them fit. Each size is then
measured in a fresh process: `reconcile.load` reads the claims on the client
(the client holds every `Claim`), and `reconcile.reconcile` runs with
``engine="dask"`` on one `LocalCluster` of two worker processes with one
thread each. Up to ``--paired-up-to`` claims (10^5 by default) the default
engine runs in the same process in turn with it, A B A B, so that both see
the same load on the machine, and the first pair's results are checked
equal; above it the dask engine runs once and alone, as holding a second
run's result beside it would double what the client holds. Before a size
above it, the memory the run needs is estimated from the bytes a claim took
at the largest size measured (in this run, or in the figures saved beside
the page) and set against ``MemAvailable`` in ``/proc/meminfo``: a run that
would not fit is refused, and the page says so, rather than pushing the
machine into swap or the out-of-memory killer. Each row measured says when,
and by which command; a size refused in a run keeps the row an earlier run
measured of it (on a machine with more memory free, or with ``--margin``
lowered), shown as kept, with the reason this run refused it; so does a size
this run was not asked for (``--sizes``), so that one size can be measured
again alone.

Each worker's peak is its process's own high-water mark (``VmHWM``, read on
the worker with `Client.run`: not ``ru_maxrss``, which a worker inherits
from the client that started it, see `measures.peak_resident_mb`), the
client's that of the measuring process
(loading included); the claims' share of the client is what loading them
adds to the fresh process's resident memory. The tables are printed and
written to ``benchmarks/results/distributed.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    # Run as a script: the repository root, not this folder, goes first on the path, or this
    # file would hide Dask's own `distributed` package from the import below.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks import measures
from reconcile.processes import available_memory, resident_memory

RESULTS = Path(__file__).parent / "results" / "distributed.md"
SIZES = (100_000, 1_000_000, 10_000_000)
REPEATS = 2
"""How many times each engine runs, in turn, up to `PAIRED_UP_TO` claims."""
PAIRED_UP_TO = 100_000
"""Up to this many claims the default engine runs beside the dask engine, in turn."""
TARGET_CLAIMS = 10_000_000
"""The issue's target: this many claims on two workers, each under 4 GB."""
MARGIN = 1.25
"""How much more than the estimate a run must find available before it starts."""
KEPT_FREE_MB = 2_048
"""Memory left to the rest of the machine on top of the run's estimate."""


def _resident_mb() -> float:
    """The resident memory of the process now, in MB."""
    resident = resident_memory()
    if resident is None:
        raise SystemExit("/proc/self/statm: cannot read the resident memory of the process")
    return resident / 2**20


def available_mb(meminfo: Path = Path("/proc/meminfo")) -> float:
    """The memory the kernel says can be had without swapping (``MemAvailable``), in MB."""
    available = available_memory(meminfo)
    if available is None:
        raise SystemExit(f"{meminfo}: no MemAvailable line, cannot tell whether a run fits")
    return available / 2**20


def needed_mb(claims: int, measured: Sequence[dict[str, Any]]) -> float | None:
    """The memory a dask run on `claims` claims needs, from the largest size measured; None if none.

    The client's peak grows with the claims it holds: scaled in proportion.
    Each worker holds a block of nodes or a chunk of events at a time, so its
    peak is scaled by how it grew between the two largest sizes measured
    (in proportion when only one was).
    """
    rows = sorted(
        (row for row in measured if "client_peak_mb" in row), key=lambda row: row["claims"]
    )
    if not rows:
        return None
    largest = rows[-1]
    scale = claims / largest["claims"]
    exponent = 1.0
    if len(rows) > 1 and rows[-2]["claims"] < largest["claims"]:
        exponent = measures.growth(
            rows[-2]["claims"],
            largest["claims"],
            sum(rows[-2]["worker_peak_mb"]),
            sum(largest["worker_peak_mb"]),
        )
    workers: float = sum(largest["worker_peak_mb"]) * scale ** max(exponent, 0.0)
    return float(largest["client_peak_mb"] * scale + workers)


def refusal(
    claims: int,
    needed: float | None,
    available: float,
    *,
    margin: float = MARGIN,
    keep_free_mb: float = KEPT_FREE_MB,
) -> str | None:
    """Why a run on `claims` claims must not start, or None if it fits.

    It fits when `needed` times `margin`, plus `keep_free_mb` left to the
    rest of the machine, is `available`.
    """
    if needed is None:
        return (
            f"{claims:,} claims: no smaller size has been measured to estimate the memory "
            "the run needs; measure a smaller size first (e.g. --sizes 1000000)"
        )
    wanted = needed * margin + keep_free_mb
    if wanted <= available:
        return None
    return (
        f"{claims:,} claims: the run would need about {needed:,.0f} MB ({wanted:,.0f} MB with "
        f"a margin of {margin:g} and {keep_free_mb:,.0f} MB left free) and only "
        f"{available:,.0f} MB is available (MemAvailable): not started"
    )


def simulated(claims: int, folder: Path) -> int:
    """Write about `claims` simulated claims into `folder` in a process of its own; how many.

    A finished simulation of the same size already in `folder` is reused.
    """
    written = folder / "written"
    if written.exists():
        return int(written.read_text(encoding="ascii"))
    folder.mkdir(parents=True, exist_ok=True)
    speed = Path(__file__).with_name("speed.py")
    subprocess.run([sys.executable, str(speed), "--simulate", str(claims), str(folder)], check=True)
    count = sum(1 for _ in (folder / "claims.jsonl").open("rb"))
    written.write_text(str(count), encoding="ascii")
    return count


def measure(folder: Path, *, paired: bool, repeats: int) -> dict[str, Any]:
    """Load the claims in `folder` and time the dask engine on them, in turn with the default one.

    Unpaired, the dask engine runs once, alone.
    """
    from distributed import Client, LocalCluster

    import reconcile
    from reconcile.simulate import PLACE_ALIASES

    available_before = available_mb()
    before = _resident_mb()
    started = time.perf_counter()
    dataset = reconcile.load(folder / "claims.jsonl", sources=folder / "sources.yaml")
    load_s = time.perf_counter() - started
    claims_mb = _resident_mb() - before
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
        for repeat in range(repeats if paired else 1):
            single = None
            if paired:
                started = time.perf_counter()
                single = reconcile.reconcile(dataset, clusterer=settings)
                default_seconds.append(time.perf_counter() - started)
            started = time.perf_counter()
            spread = reconcile.reconcile(
                dataset, clusterer=settings, engine="dask", scheduler=client
            )
            dask_seconds.append(time.perf_counter() - started)
            if single is not None and repeat == 0 and spread.to_dict() != single.to_dict():
                raise SystemExit("the dask engine gave another result than the default engine")
            del single, spread
        workers = client.run(measures.peak_resident_mb)
        load_after = os.getloadavg()[0]
    return {
        "claims": len(dataset.claims),
        "paired": paired,
        "load_s": load_s,
        "default_s": default_seconds,
        "dask_s": dask_seconds,
        "worker_peak_mb": sorted(workers.values()),
        "client_peak_mb": measures.peak_resident_mb(),
        "client_claims_mb": claims_mb,
        "available_mb_before": available_before,
        "load_average": [load_before, load_after],
    }


def main() -> None:
    """Measure each size in its own process, refusing any that would not fit; write the page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--repeats", type=int, default=REPEATS, help=f"runs of each engine, in turn ({REPEATS})"
    )
    parser.add_argument(
        "--paired-up-to",
        type=int,
        default=PAIRED_UP_TO,
        help=f"run the default engine in turn with the dask one up to this size ({PAIRED_UP_TO:,})",
    )
    parser.add_argument(
        "--simulated",
        type=Path,
        help="keep the simulated claims in this folder (one folder per size) and reuse them; "
        "default: a temporary folder, removed after",
    )
    parser.add_argument(
        "--margin",
        type=float,
        default=MARGIN,
        help=f"start a size only if its estimated memory times this fits (default {MARGIN:g})",
    )
    parser.add_argument(
        "--keep-free-mb",
        type=float,
        default=KEPT_FREE_MB,
        help=f"memory left to the rest of the machine on top of that (default {KEPT_FREE_MB:,})",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--paired", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.one, paired=options.paired, repeats=options.repeats)))
        return
    saved = (measures.read(options.output) or {}).get("rows", [])
    with tempfile.TemporaryDirectory() as scratch:
        rows = _measure_sizes(options, options.simulated or Path(scratch), saved)
    text = "\n".join([*_header(options.paired_up_to), *_table(rows), *_notes(rows)]) + "\n"
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, encoding="utf-8")
    measures.save(options.output, {"rows": rows})
    print(text)


def _measure_sizes(
    options: argparse.Namespace, folder: Path, saved: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A row per size, smallest first: its measures, or why it was refused.

    With the rows an earlier run measured of sizes this run was not asked
    for, kept as they were (each says when and by which command).
    """
    rows = _sizes_measured(options, folder, saved)
    asked = sorted(options.sizes)
    others = [
        {**row, "kept": "this run did not measure the size"}
        for row in saved
        if _dated(row) and not any(_about(row["claims"], size) for size in asked)
    ]
    return sorted([*rows, *others], key=lambda row: row["claims"])


def _sizes_measured(
    options: argparse.Namespace, folder: Path, saved: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for size in sorted(options.sizes):
        paired = size <= options.paired_up_to
        why = None if paired else _why_not(size, rows or saved, options)  # before simulating it
        if why is None:
            simulated(size, folder / str(size))
            why = None if paired else _why_not(size, rows or saved, options)  # the machine moved on
        if why is not None:
            print(why, file=sys.stderr)
            earlier = _measured_before(size, saved)
            rows.append(
                {"claims": size, "refused": why}
                if earlier is None
                else {**earlier, "kept": f"this run refused the size: {why}"}
            )
            continue
        arguments = ["--one", str(folder / str(size)), "--repeats", str(options.repeats)]
        row = _in_fresh_process([*arguments, *(["--paired"] if paired else [])])
        when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        rows.append({**row, "measured_at": when, "command": _command(size, options)})
    return rows


def _measured_before(size: int, saved: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The row an earlier run measured of about `size` claims (simulated counts vary), if any.

    A size this run must refuse keeps its figures from the run that could
    measure it (with more memory free, or a smaller margin), each row saying
    when and by what command it was measured.
    """
    return next((row for row in saved if _dated(row) and _about(row["claims"], size)), None)


def _dated(row: dict[str, Any]) -> bool:
    """Whether a row was measured (not refused) by a run that said when and by which command."""
    return "refused" not in row and "measured_at" in row


def _about(claims: int, size: int) -> bool:
    """Whether a run simulated for `size` claims could have written `claims` (within 10%)."""
    return abs(claims / size - 1) < 0.1


def _command(size: int, options: argparse.Namespace) -> str:
    """The command that measures this one size again, with the options that bear on it."""
    arguments = ["python", "benchmarks/distributed.py", "--sizes", str(size)]
    if options.repeats != REPEATS:
        arguments += ["--repeats", str(options.repeats)]
    if options.paired_up_to != PAIRED_UP_TO:
        arguments += ["--paired-up-to", str(options.paired_up_to)]
    if options.margin != MARGIN:
        arguments += ["--margin", f"{options.margin:g}"]
    if options.keep_free_mb != KEPT_FREE_MB:
        arguments += ["--keep-free-mb", f"{options.keep_free_mb:g}"]
    return shlex.join(arguments)


def _why_not(
    claims: int, measured: Sequence[dict[str, Any]], options: argparse.Namespace
) -> str | None:
    needed = needed_mb(claims, measured)
    return refusal(
        claims, needed, available_mb(), margin=options.margin, keep_free_mb=options.keep_free_mb
    )


def _in_fresh_process(arguments: list[str]) -> dict[str, Any]:
    print(f"measuring: {' '.join(arguments)}", file=sys.stderr)
    output = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=True
    ).stdout
    measured: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return measured


def _header(paired_up_to: int) -> list[str]:
    return [
        "# The dask engine on two local workers",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{platform.platform()}`, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; produced by "
        f"`{shlex.join(['python', 'benchmarks/distributed.py', *sys.argv[1:]])}`. "
        "Each size runs in a fresh process: simulated claims (the default scenario with the "
        "simulation's gazetteer, as in `benchmarks/speed.py`, written streamed in another "
        "process) loaded from JSON Lines on the client, then `reconcile.reconcile` with "
        '`engine="dask"` on a `LocalCluster` of 2 worker processes (1 thread each). '
        f"Up to {paired_up_to:,} claims the default engine runs in the same process in turn "
        "with it, A B A B, and the first pair's results are checked equal; above, the dask "
        "engine runs **once and alone** (no default engine in the process beside it, which "
        "would double what the client holds; the tests check the engines agree). Times are "
        "wall seconds; *load* is `reconcile.load` on the client, the engines' times the whole "
        "`reconcile` call (clustering and judging). The client's peak is the measuring "
        "process's high-water mark, loading included; *claims* is what loading them added to "
        "its resident memory. The machine has 2 cores, so the 2 workers and the client share "
        "them; *available* is MemAvailable before the load.",
    ]


def _table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "| claims | load s | dask engine s | default engine s | worker peaks MB "
        "| client peak MB | claims MB | available MB | load average before, after |",
        "|---:|---:|---|---|---|---:|---:|---:|---|",
    ]
    for row in rows:
        if "refused" in row:
            lines.append(f"| {row['claims']:,} | refused: see below | | | | | | | |")
            continue
        default = _list(row["default_s"]) if row["default_s"] else "not run beside it"
        kept = " (kept: see below)" if "kept" in row else ""
        lines.append(
            f"| {row['claims']:,}{kept} | {row['load_s']:.1f} | {_list(row['dask_s'])} | {default} "
            f"| {_list(row['worker_peak_mb'], '.0f')} | {row['client_peak_mb']:,.0f} "
            f"| {row['client_claims_mb']:,.0f} | {row['available_mb_before']:,.0f} "
            f"| {_list(row['load_average'], '.1f')} |"
        )
    return lines


def _notes(rows: list[dict[str, Any]]) -> list[str]:
    lines = [""]
    measured = [row for row in rows if "refused" not in row]
    if measured:
        largest = max(measured, key=lambda row: row["claims"])
        claims = largest["claims"]
        lines.append(
            f"Per claim at {claims:,} claims: the client's peak "
            f"{_kb(largest['client_peak_mb'], claims)} KB (the loaded claims "
            f"{_kb(largest['client_claims_mb'], claims)} KB of it), each worker's peak "
            f"{_kb(max(largest['worker_peak_mb']), claims)} KB."
        )
    lines += [f"Refused: {row['refused']}." for row in rows if "refused" in row]
    lines += [
        f"Kept from an earlier run: {row['claims']:,} claims, measured {row['measured_at']} by "
        f"`{row['command']}`; {row['kept']}."
        for row in rows
        if "kept" in row
    ]
    return lines


def _kb(mb: float, claims: int) -> str:
    return f"{mb * 1024 / claims:.2f}"


def _list(values: list[float], spec: str = ".1f") -> str:
    return ", ".join(format(value, spec) for value in values)


if __name__ == "__main__":
    main()
