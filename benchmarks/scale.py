"""Scale: clustering undated mentions under the default settings, and incremental runs.

Run: ``python benchmarks/scale.py`` (about sixteen minutes on 2 cores; ``--sizes``,
``--unlimited-up-to``, ``--incremental``, ``--repeats`` to choose). Each
measurement runs in a fresh process, so its peak memory is its own. It prints
two tables and writes them to ``benchmarks/results/scale.md``:

- undated mentions: `MentionClusterer(places=PLACE_ALIASES)` (the default
  settings with the simulation's gazetteer) on simulated claims whose
  mentions all lost their date, as reports that name an event without
  saying when; events spread over time as in ``benchmarks/speed.py`` (four
  days per event). Time and peak memory per size, with growth exponents;
  beside it, the same clusterer with ``undated_near_days=None`` (every pair
  at a compatible place, the default before) up to ``--unlimited-up-to``
  mentions, and whether both give the same events;
- incremental runs: `reconcile.reconcile` on all the simulated claims (the
  full run) against `reconcile.update` adding 1% of them to the result of
  the other 99%: the latest 1% by publication (new reports arriving), and
  1% drawn at random (new reports of old events). The update's result is
  checked equal to the full run's. Each case runs ``--repeats`` times (3),
  and its row is the run of median processor share.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import measures

RESULTS = Path(__file__).parent / "results" / "scale.md"
CLAIMS_PER_EVENT = 22
"""About how many claims the default scenario writes per event."""


def _simulated(claims: int, seed: int = 1) -> Any:
    from reconcile.simulate import Scenario, generate

    events = max(1, claims // CLAIMS_PER_EVENT)
    return generate(
        Scenario(events=events, sources=max(20, events // 25), days=4 * events), seed=seed
    )


def pairwise_f1(found: dict[str, str], truth: Mapping[str, str]) -> float:
    """Pairwise F1 of a grouping of claims against the true one, from the counts of each cell."""

    def pairs(counts: Iterable[int]) -> int:
        return sum(count * (count - 1) // 2 for count in counts)

    both = pairs(Counter((found[claim], truth[claim]) for claim in found).values())
    precision = both / max(1, pairs(Counter(found.values()).values()))
    recall = both / max(1, pairs(Counter(truth[claim] for claim in found).values()))
    return 2 * precision * recall / (precision + recall) if both else 0.0


def measure_undated(mentions: int, *, unlimited: bool, placeless: bool) -> dict[str, Any]:
    """Cluster `mentions` undated simulated claims with the default clusterer (or unlimited)."""
    import attrs

    import reconcile
    from reconcile.simulate import PLACE_ALIASES

    simulation = _simulated(mentions)
    dataset = attrs.evolve(
        simulation.dataset,
        claims=[
            attrs.evolve(
                claim,
                mention=attrs.evolve(
                    claim.mention, when=None, where=None if placeless else claim.mention.where
                ),
            )
            for claim in simulation.dataset.claims[:mentions]
            if claim.mention is not None
        ],
    )
    clusterer = reconcile.MentionClusterer(places=PLACE_ALIASES)
    if unlimited:
        clusterer = attrs.evolve(clusterer, undated_near_days=None)
    started = time.perf_counter()
    events = clusterer.cluster(dataset)
    seconds = time.perf_counter() - started
    found = {claim: event.id for event in events for claim in event.claims}
    return {
        "mentions": len(dataset.claims),
        "placeless": placeless,
        "seconds": seconds,
        "events": len(events),
        "f1": pairwise_f1(found, simulation.event_of),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def split_off(claims: int, *, latest: bool) -> tuple[Any, list[Any]]:
    """Simulated claims split for an update: the dataset without 1% of them, and that 1%.

    The latest 1% by publication (new reports arriving), or 1% drawn at
    random (new reports of old events), always the same for a size.
    """
    import attrs

    dataset = _simulated(claims).dataset
    held = max(1, len(dataset.claims) // 100)
    if latest:
        order = sorted(dataset.claims, key=lambda claim: (claim.published is None, claim.published))
        new = order[-held:]
    else:
        new = random.Random(1).sample(list(dataset.claims), held)
    new_ids = {claim.id for claim in new}
    return attrs.evolve(dataset, claims=[c for c in dataset.claims if c.id not in new_ids]), new


def measure_incremental(claims: int, *, latest: bool) -> dict[str, Any]:
    """Time a full run against an update that adds 1% of the claims to the rest's result."""
    import reconcile

    old, new = split_off(claims, latest=latest)
    previous = reconcile.reconcile(old)
    started, processor = time.perf_counter(), measures.processor_seconds()
    updated = reconcile.update(previous, new, require_incremental=True)
    update_seconds = time.perf_counter() - started
    update_processor = measures.processor_seconds() - processor
    everything = old.with_claims(new)  # the same claims in the same order, for the full run
    started, processor = time.perf_counter(), measures.processor_seconds()
    full = reconcile.reconcile(everything)
    full_seconds = time.perf_counter() - started
    full_processor = measures.processor_seconds() - processor
    return {
        "claims": len(everything.claims),
        "new": len(new),
        "latest": latest,
        "full": full_seconds,
        "update": update_seconds,
        # Processor time too: on a shared machine, wall time counts the others' work.
        "full_cpu": full_processor,
        "update_cpu": update_processor,
        "changed_events": len(set(updated.events) - set(previous.events)),
        "events": len(full.events),
        # Written alike, character for character: the JSON a user would compare.
        "same": json.dumps(updated.to_dict()) == json.dumps(full.to_dict()),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    """Measure each case in its own process and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000, 20_000])
    parser.add_argument("--unlimited-up-to", type=int, default=5_000)
    parser.add_argument(
        "--unlimited-placeless-up-to",
        type=int,
        default=1_000,
        help="without places every undated pair is compared: quadratic",
    )
    parser.add_argument("--incremental", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="runs of each incremental case, each in a fresh process (default: 3)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        kind, size, flag, *placeless = options.one.split(":")
        if kind == "undated":
            measured = measure_undated(
                int(size), unlimited=flag == "1", placeless=placeless == ["1"]
            )
        else:
            measured = measure_incremental(int(size), latest=flag == "1")
        print(json.dumps(measured))
        return
    load = os.getloadavg()
    limits = {0: options.unlimited_up_to, 1: options.unlimited_placeless_up_to}
    default = [_fresh(f"undated:{n}:0:{p}") for p in (0, 1) for n in options.sizes]
    unlimited = [
        _fresh(f"undated:{n}:1:{p}") for p in (0, 1) for n in options.sizes if n <= limits[p]
    ]
    incremental = [
        _median_run([_fresh(f"incremental:{size}:{flag}") for _ in range(options.repeats)])
        for size in options.incremental
        for flag in (1, 0)
    ]
    text = "\n".join(
        [*_header(load), *_undated_table(default, unlimited), *_incremental_table(incremental)]
    )
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text + "\n", encoding="utf-8")
    # Beside the page, for benchmarks/targets.py to set the updates against their target.
    measures.save(options.output, {"measured": measures.now(), "incremental": incremental})
    print(text)


def _fresh(case: str) -> dict[str, Any]:
    print(f"measuring {case}", file=sys.stderr)
    measured: dict[str, Any] = measures.in_fresh_process(__file__, "--one", case)
    return measured


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median processor share (update / full), with every run's measures beside it.

    A single update at 10^6 claims took from 3.2 to 3.6 processor seconds
    within one hour (docs/scale-measurements.md): one run says little of the code. The row
    is one run, not a mix of several, as the speed page takes its run of
    median total; `same` holds only if every run gave the full run's JSON.
    """
    ordered = sorted(runs, key=measures.processor_share)
    median = ordered[(len(ordered) - 1) // 2]
    measured = ("full", "update", "full_cpu", "update_cpu", "same")
    return {
        **median,
        "same": all(run["same"] for run in runs),
        "runs": [{name: run[name] for name in measured} for run in runs],
    }


def _header(load: tuple[float, float, float]) -> list[str]:
    return [
        "# Scale",
        "",
        f"{measures.measured_on(load, 'benchmarks/scale.py')} "
        "Each case runs in a fresh process; peak memory is that process's high-water mark, "
        "simulating the claims included.",
    ]


def _exponent(small: float, large: float, small_n: float, large_n: float) -> str:
    if not (small > 0 and large > 0):
        return "-"
    return f"{measures.growth(small_n, large_n, small, large):.2f}"


def _undated_table(default: list[dict[str, Any]], unlimited: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "## Undated mentions, default settings",
        "",
        "Simulated claims whose mentions all lost their date (each claim keeps its "
        "publication date), and, in the rows without places, their place too, clustered by "
        "`MentionClusterer(places=PLACE_ALIASES)`; *unlimited*: the same with "
        "`undated_near_days=None`, every undated pair at a compatible place compared (the "
        "default before). *F1*: pairwise F1 against the simulation's true events (with "
        "neither date nor place, reports of one place and kind are hard to tell apart).",
        "",
        "| places | undated mentions | events | F1 | seconds | peak MB | unlimited events "
        "| unlimited F1 | unlimited s | unlimited MB |",
        "|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by_case = {(row["placeless"], row["mentions"]): row for row in unlimited}
    for row in default:
        other = by_case.get((row["placeless"], row["mentions"]))
        compared = (
            f"{other['events']:,} | {other['f1']:.3f} | {other['seconds']:.1f} | "
            f"{other['peak_mb']:,.0f}"
            if other
            else "not run | - | - | -"
        )
        lines.append(
            f"| {'no' if row['placeless'] else 'yes'} | {row['mentions']:,} | "
            f"{row['events']:,} | {row['f1']:.3f} | {row['seconds']:.1f} | "
            f"{row['peak_mb']:,.0f} | {compared} |"
        )
    lines += ["", "Growth exponents (1 is linear, 2 quadratic):", ""]
    lines += [
        "| places | from | to | seconds | peak MB | unlimited s |",
        "|:---|---:|---:|---:|---:|---:|",
    ]
    for small, large in itertools.pairwise(default):
        if small["placeless"] != large["placeless"]:
            continue
        n, m = small["mentions"], large["mentions"]
        before = by_case.get((small["placeless"], n))
        after = by_case.get((small["placeless"], m))
        unlimited_exponent = (
            _exponent(before["seconds"], after["seconds"], n, m) if before and after else "-"
        )
        lines.append(
            f"| {'no' if small['placeless'] else 'yes'} | {n:,} | {m:,} | "
            f"{_exponent(small['seconds'], large['seconds'], n, m)} | "
            f"{_exponent(small['peak_mb'], large['peak_mb'], n, m)} | {unlimited_exponent} |"
        )
    return lines


def _incremental_table(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    lines = [
        "",
        "## Incremental runs: adding 1% of the claims",
        "",
        "*full*: `reconcile.reconcile` on all the claims (default settings); *update*: "
        "`reconcile.update(previous, new)` where *previous* is the result of the other 99%; "
        "*s*: wall seconds, *CPU s*: processor seconds of the process and of the children it "
        "forked and reaped (judging shares a full run's events with one; on a shared machine, "
        "the fairer measure); *same*: the update's JSON is the full run's, as text (in every run). "
        "Each case runs several times, each in a fresh process: the row is the run of median "
        "*CPU update / full*, and *runs* gives that share for each run, in the order they ran.",
        "",
        "| claims | new claims | which | full s | update s | update / full | full CPU s | "
        "update CPU s | CPU update / full | runs | events | events changed | same | peak MB |",
        "|---:|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|---:|",
    ]
    for row in rows:
        which = "latest" if row["latest"] else "random"
        processor = (
            f"{row['full_cpu']:.2f} | {row['update_cpu']:.2f} | {measures.processor_share(row):.1%}"
            if "full_cpu" in row
            else "- | - | -"
        )
        lines.append(
            f"| {row['claims']:,} | {row['new']:,} | {which} | {row['full']:.1f} | "
            f"{row['update']:.2f} | {row['update'] / row['full']:.1%} | {processor} | "
            f"{_runs(row)} | {row['events']:,} | {row['changed_events']:,} | "
            f"{'yes' if row['same'] else 'NO'} | {row['peak_mb']:,.0f} |"
        )
    return lines


def _runs(row: Mapping[str, Any]) -> str:
    """Each run's processor share, for a row measured more than once (else a dash)."""
    runs = row.get("runs", [])
    return (
        ", ".join(f"{measures.processor_share(run):.1%}" for run in runs) if len(runs) > 1 else "-"
    )


if __name__ == "__main__":
    main()
