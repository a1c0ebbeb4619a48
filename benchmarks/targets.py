"""The speed benchmarks' figures against the targets they were run for, added to speed.md.

Run: ``bash benchmarks/speed.sh`` runs it last, after `speed.py`, `peers.py`,
`linkage.py` and `distributed.py` have written their pages and, beside each,
the figures as JSON (`benchmarks/measures.py`); or ``python
benchmarks/targets.py`` to write the section again from those files. It
replaces the section "Targets" at the end of ``benchmarks/results/speed.md``
and prints it. A benchmark whose figures are missing is said to be not run.

The targets: from JSON Lines to findings at 10^6 claims on the default engine
under 30 s and under 2 GB, growing at most as n log n from 10^5; clustering
10^6 claims at least twice as fast as splink with a pairwise F1 at least
splink's; 10^7 claims on two Dask workers, each under 4 GB; the learned
reliability methods as accurate as before the columnar work; adding 1% of
the claims to a result (`reconcile.update`, measured by `scale.py`) at most
a tenth of a full run.
"""

from __future__ import annotations

import math
import statistics
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import measures
from benchmarks.measures import growth, processor_share, verdict

RESULTS = Path(__file__).parent / "results"
SPEED = RESULTS / "speed.md"
HEADING = "## Targets"

MILLION = 1_000_000
SECONDS = 30.0
GB_IN_MB = 1e9 / 2**20
"""A gigabyte (10^9 bytes) in the MB of the tables (2^20 bytes, as `ru_maxrss` / 1024 gives)."""
PEAK_GB = 2
WORKER_GB = 4
DASK_CLAIMS = 10_000_000
SPLINK_TIMES = 2.0
UPDATE_SHARE = 0.10
"""An update adding 1% of the claims, as a share of a full run of them all."""
REFERENCE_ACCURACY = {
    "reconcile OneCoin": 0.9693,
    "reconcile CRH": 0.9253,
    "reconcile CATD": 0.9081,
}
"""The accuracies benchmarks/results/peers.md gave before the columnar work (2026-11-21)."""


def main() -> None:
    """Write the targets section at the end of speed.md and print it."""
    section = targets(
        speed=measures.read(SPEED),
        linkage=measures.read(RESULTS / "linkage.md"),
        distributed=measures.read(RESULTS / "distributed.md"),
        peers=measures.read(RESULTS / "peers.md"),
        scale=measures.read(RESULTS / "scale.md"),
    )
    page = SPEED.read_text(encoding="utf-8") if SPEED.exists() else "# Speed\n"
    kept = page.split(f"\n{HEADING}\n", 1)[0].rstrip("\n")
    SPEED.write_text(f"{kept}\n\n{section}", encoding="utf-8")
    print(section)


def targets(
    *,
    speed: Any | None,
    linkage: Any | None,
    distributed: Any | None,
    peers: Any | None,
    scale: Any | None,
) -> str:
    """The section: one line per target, with the figure, the bound and whether it is met."""
    lines = [
        HEADING,
        "",
        "Each figure beside its target, from the JSON the benchmarks wrote beside their pages "
        "(written by `benchmarks/targets.py`; a GB is 10^9 bytes, a table's MB 2^20).",
        "",
    ]
    found = {
        "speed": speed,
        "linkage": linkage,
        "distributed": distributed,
        "peers": peers,
        "scale": scale,
    }
    for part in (_pipeline, _linkage, _distributed, _peers, _updates):
        lines += part(found)
    return "\n".join(lines) + "\n"


def _with_children(row: dict[str, Any], bound: float) -> str:
    """The memory the process and its forked children held together, if measured."""
    together = row.get("tree_peak_mb")
    if not together:
        return ""
    return (
        f"; with the child that judged beside it, {together:,.0f} MB together "
        f"({verdict(together < bound)}; where the system has less memory available than the "
        "process holds, judging stays in one process)"
    )


def _pipeline(found: dict[str, Any]) -> list[str]:
    speed = found["speed"]
    if speed is None:
        return ["- From JSON Lines to findings: not run (no speed.json)."]
    rows = sorted((row["default"] for row in speed["engines"]), key=lambda row: row["claims"])
    large = _nearest(rows, MILLION)
    if large is None:
        return ["- From JSON Lines to findings at 10^6 claims: not run."]
    peak_bound = PEAK_GB * GB_IN_MB
    lines = [
        f"- From JSON Lines to findings, {large['claims']:,} claims, default engine: "
        f"{large['total']:.1f} s{_of_runs(speed, large)} "
        f"(under {SECONDS:.0f} s: {verdict(large['total'] < SECONDS)}), "
        f"peak {large['peak_mb']:,.0f} MB (under {PEAK_GB} GB, {peak_bound:,.0f} MB: "
        f"{verdict(large['peak_mb'] < peak_bound)}){_with_children(large, peak_bound)}.",
    ]
    small = _nearest([row for row in rows if row["claims"] < large["claims"]], MILLION // 10)
    if small is not None:
        exponent = growth(small["claims"], large["claims"], small["total"], large["total"])
        bound = growth(
            small["claims"],
            large["claims"],
            small["claims"] * math.log(small["claims"]),
            large["claims"] * math.log(large["claims"]),
        )
        lines.append(
            f"- Growth of the total time from {small['claims']:,} to {large['claims']:,} claims: "
            f"n^{exponent:.2f} (n log n is n^{bound:.2f} here: {verdict(exponent <= bound)})."
        )
    objects = next(
        (
            row["objects"]
            for row in speed["engines"]
            if row["default"] is large and "objects" in row
        ),
        None,
    )
    if objects is not None:
        lines.append(
            f"- The per-claim path on the same claims, in the same run: {objects['total']:.1f} s, "
            f"{objects['total'] / large['total']:.2f} times the default engine's."
        )
    return lines


def _of_runs(speed: dict[str, Any], run: dict[str, Any]) -> str:
    """Which of several runs of the default engine `run` is, if it ran more than once."""
    totals: list[float] = next(
        (row.get("default_totals", []) for row in speed["engines"] if row["default"] is run), []
    )
    if len(totals) < 2:
        return ""
    listed = ", ".join(f"{total:.1f}" for total in totals)
    return f", the median of {len(totals)} runs ({listed} s)"


def _linkage(found: dict[str, Any]) -> list[str]:
    linkage = found["linkage"]
    if linkage is None:
        return ["- Clustering against splink: not run (no linkage.json)."]
    near = _nearest(linkage["rows"], MILLION)
    pairs = _paired_runs(linkage["rows"], near["claims"]) if near is not None else []
    if not pairs:
        return ["- Clustering against splink at 10^6 claims: not run."]
    # Each pair ran back to back, so its ratio is fair however the machine's speed drifts;
    # the median of the pairs' ratios is the figure, each pair's beside it.
    ratios = [theirs["seconds"] / ours["seconds"] for ours, theirs in pairs]
    times = statistics.median(ratios)
    ours, theirs = pairs[0]
    if len(pairs) == 1:
        seconds = (
            f"reconcile {ours['seconds']:.1f} s, splink {theirs['seconds']:.1f} s, "
            f"splink's time {times:.2f} times reconcile's"
        )
    else:
        reconciles = [mine["seconds"] for mine, _ in pairs]
        splinks = [other["seconds"] for _, other in pairs]
        seconds = (
            f"{len(pairs)} pairs of runs, reconcile {_listed(reconciles, 1)} s, splink "
            f"{_listed(splinks, 1)} s, splink's time {_listed(ratios, 2)} times reconcile's, "
            f"{times:.2f} at the median"
        )
    return [
        f"- Clustering {ours['claims']:,} claims: {seconds} (at least {SPLINK_TIMES:g}: "
        f"{verdict(times >= SPLINK_TIMES)}); pairwise F1 {ours['f1']:.3f} against splink's "
        f"{theirs['f1']:.3f} (at least splink's: {verdict(ours['f1'] >= theirs['f1'])})."
    ]


def _listed(figures: Iterable[float], decimals: int) -> str:
    return ", ".join(f"{figure:.{decimals}f}" for figure in figures)


def _paired_runs(
    rows: list[dict[str, Any]], claims: int
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The (reconcile, splink) rows of each run at `claims` that has both, in run order."""
    runs: dict[int, dict[str, dict[str, Any]]] = {}
    for row in rows:
        if row["claims"] == claims:
            runs.setdefault(row.get("run", 1), {})[row["side"]] = row
    return [
        (sides["reconcile"], sides["splink"])
        for _, sides in sorted(runs.items())
        if "reconcile" in sides and "splink" in sides
    ]


def _distributed(found: dict[str, Any]) -> list[str]:
    distributed = found["distributed"]
    if distributed is None or not distributed["rows"]:
        return ["- The dask engine: not run (no distributed.json)."]
    rows = distributed["rows"]
    measured = [row for row in rows if "refused" not in row]
    target = _nearest(measured, DASK_CLAIMS)
    largest = target or max(measured, key=lambda row: row["claims"], default=None)
    line = "- The dask engine on two local workers"
    if largest is not None:
        bound = WORKER_GB * GB_IN_MB
        peak = max(largest["worker_peak_mb"])
        # Only the target's size is judged: a worker's memory grows with the claims.
        judged = (
            f"under {WORKER_GB} GB: {verdict(peak < bound)}"
            if target is not None
            else f"the target, under {WORKER_GB} GB, is at {DASK_CLAIMS:,} claims"
        )
        line += (
            f", {largest['claims']:,} claims: {min(largest['dask_s']):.1f} s, each worker at "
            f"most {peak:,.0f} MB ({judged}){_kept(largest)}"
        )
    if target is None:
        refused = _nearest([row for row in rows if "refused" in row], DASK_CLAIMS)
        why = f", refused: {refused['refused']}" if refused is not None else ""
        line += f"; {DASK_CLAIMS:,} claims: **not run**{why}"
    return [line + "."]


def _kept(row: dict[str, Any]) -> str:
    """Where a row was kept from an earlier run than this one: when and how it was measured."""
    if "kept" not in row:
        return ""
    return f"; measured {row['measured_at']} by `{row['command']}` and kept ({row['kept']})"


def _peers(found: dict[str, Any]) -> list[str]:
    peers = found["peers"]
    if peers is None:
        return ["- Learned reliability against crowd-kit and truthdiscovery: not run."]
    accuracy = {row["method"]: row["accuracy"] for row in peers["methods"]}
    parts = [
        f"{method} {accuracy[method]:.4f} (before: {before:.4f}, "
        f"{verdict(round(accuracy[method], 4) >= before)})"
        if method in accuracy
        else f"{method}: not run"
        for method, before in REFERENCE_ACCURACY.items()
    ]
    return [f"- Learned reliability, accuracy as before or better: {'; '.join(parts)}."]


def _updates(found: dict[str, Any]) -> list[str]:
    """Adding 1% of the claims (the latest, and drawn at random) against a tenth of a full run.

    Both measures: the processor time (the process and its children), which
    the shared machine's other work leaves alone, and the wall time, in
    which a full run clusters and judges on both cores and an update on one.
    """
    scale = found["scale"]
    if scale is None:
        return ["- Adding 1% of the claims to a result: not run (no scale.json)."]
    lines = []
    for which, latest in (("drawn at random", False), ("latest", True)):
        rows = sorted(
            (row for row in scale["incremental"] if row["latest"] is latest),
            key=lambda row: row["claims"],
        )
        processor = [processor_share(row) for row in rows]
        wall = [row["update"] / row["full"] for row in rows]
        sizes = " and ".join(f"{row['claims']:,}" for row in rows)
        same = all(row["same"] for row in rows)
        lines.append(
            f"- Adding 1% of the claims ({which}) to a result of the rest, at {sizes} claims: "
            f"{_shares(processor)} of a full run's processor time{_runs_of(rows)} "
            f"(at most {UPDATE_SHARE:.0%}: {verdict(max(processor) <= UPDATE_SHARE)}), "
            f"{_shares(wall)} of its wall time "
            f"(at most {UPDATE_SHARE:.0%}: {verdict(max(wall) <= UPDATE_SHARE)}); "
            f"the full run's JSON: {'yes' if same else 'NO'} (`benchmarks/scale.py`, "
            f"{scale['measured']})."
        )
    return lines


def _shares(shares: Iterable[float]) -> str:
    return " and ".join(f"{share:.1%}" for share in shares)


def _runs_of(rows: list[dict[str, Any]]) -> str:
    """Each size's runs, where `benchmarks/scale.py` ran the case more than once.

    Its row is then the run of median processor share; its wall time is that run's.
    """
    runs = [row.get("runs", []) for row in rows]
    if all(len(each) < 2 for each in runs):
        return ""
    listed = "; ".join(", ".join(f"{processor_share(run):.1%}" for run in each) for each in runs)
    return f", each the run of median share of {max(map(len, runs))} ({listed})"


def _nearest(rows: list[dict[str, Any]], claims: int) -> dict[str, Any] | None:
    """The row whose size is nearest `claims` on a log scale, if it is within a factor of 2."""
    near = [row for row in rows if abs(math.log(row["claims"] / claims)) < math.log(2)]
    return min(near, key=lambda row: abs(math.log(row["claims"] / claims)), default=None)


if __name__ == "__main__":
    main()
