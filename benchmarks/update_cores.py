"""Update on cores: what a forked child costs `reconcile.update`, even one that does nothing.

Run: ``python benchmarks/update_cores.py`` (about three minutes on 2 cores;
``--sizes``, ``--repeats`` to choose). It prints a table and writes it to
``benchmarks/results/update-cores.md``, with its figures as JSON beside it.

A full run splits its clustering and its judging with a forked child, and
so takes less wall time than processor time; an update runs in one process.
Could an update judge half of its events in a child too? A forked child
shares its parent's pages until either writes one, and the first write to
a shared page copies it. An update writes to most of the pages of the
previous result: a reference to a claim, a node or a finding in a new
mapping writes the object's reference count. So this measures the cheapest
split there could be: the same update (1% of simulated claims drawn at
random, added to the result of the rest, as in ``benchmarks/scale.py``),
alone and with an idle child forked just before it, alive until it ends.
Each size runs in a fresh process: a full run of the rest, one update to
warm up (a process's first update also pays for fresh pages of memory),
then ``--repeats`` pairs, alone and with the child, alternating. The
child's fork is timed with the update.
"""

from __future__ import annotations

import gc
import resource
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import measures
from benchmarks.scale import split_off

RESULTS = Path(__file__).parent / "results" / "update-cores.md"
WAYS = ("alone", "child")
"""The update alone, and with an idle forked child alive throughout."""


def measure(claims: int, repeats: int) -> dict[str, Any]:
    """The update's runs alone and beside an idle child, at one size."""
    import reconcile

    old, new = split_off(claims, latest=False)
    previous = reconcile.reconcile(old)
    first = _timed_update(previous, new, child=False)  # fresh pages: not a pair's
    runs: dict[str, list[dict[str, float]]] = {way: [] for way in WAYS}
    for _ in range(repeats):
        for way in WAYS:
            runs[way].append(_timed_update(previous, new, child=way == "child"))
    return {"claims": len(old.claims) + len(new), "new": len(new), "first": first, "runs": runs}


def _timed_update(previous: Any, new: Sequence[Any], *, child: bool) -> dict[str, float]:
    """One update's wall and processor seconds and this process's page faults.

    With `child`, an idle child is forked first (`reconcile.processes.forked_child`,
    as the full run's splits fork) and ended after: its fork counts, and its
    own processor time, once reaped, counts with this process's.
    """
    import reconcile
    from reconcile.processes import forked_child

    gc.collect()  # the previous run's result, gone before this one starts
    faults, started, processor = _page_faults(), time.perf_counter(), measures.processor_seconds()
    with ExitStack() as stack:
        if child:
            stack.enter_context(forked_child(_idle))
        updated = reconcile.update(previous, new, require_incremental=True)
        seconds, faulted = time.perf_counter() - started, _page_faults() - faults
    spent = measures.processor_seconds() - processor  # the child reaped on leaving the block
    del updated
    return {"seconds": seconds, "processor": spent, "faults": faulted}


def _idle(_: Connection) -> None:
    """In the child: nothing, until it is ended."""
    time.sleep(3600)


def _page_faults() -> int:
    """The minor page faults of this process so far: a first write to a shared page is one."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def medians(runs: Mapping[str, Sequence[Mapping[str, float]]]) -> dict[str, dict[str, float]]:
    """Each way's median of each measure over its runs."""
    return {
        way: {name: statistics.median(run[name] for run in taken) for name in taken[0]}
        for way, taken in runs.items()
    }


def table(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The Markdown table of the sizes measured: medians, the child's against the update alone."""
    lines = [
        "| claims | new claims | processor s | with the child | more | wall s | with the child "
        "| more | page faults | with the child |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        alone, child = (medians(row["runs"])[way] for way in WAYS)
        lines.append(
            f"| {row['claims']:,} | {row['new']:,} "
            f"| {alone['processor']:.2f} | {child['processor']:.2f} "
            f"| {_more(alone['processor'], child['processor'])} "
            f"| {alone['seconds']:.2f} | {child['seconds']:.2f} "
            f"| {_more(alone['seconds'], child['seconds'])} "
            f"| {alone['faults']:,.0f} | {child['faults']:,.0f} |"
        )
    return lines


def _more(alone: float, child: float) -> str:
    return f"{child / alone - 1:+.0%}" if alone > 0 else "-"


def _explained(repeats: int) -> str:
    """What the page shows, for `repeats` runs a size."""
    return (
        "`reconcile.update` adding 1% of simulated claims, drawn at random, to the result "
        "of the rest: alone, and with an idle child forked just before it and ended after "
        "it (*with the child*; the fork is timed with the update). Medians of "
        f"{repeats} runs each, alternating, after one update to warm up; *processor s*: "
        "this process's and the reaped child's; *page faults*: this process's minor "
        "faults during the update, each first write to a page it shares with the child "
        "among them. See the docstring of `benchmarks/update_cores.py` and "
        "[docs/scale.md](../../docs/scale.md#why-an-update-runs-on-one-core)."
    )


def main() -> None:
    """Measure each size in its own process and write the table."""
    page = ("An update on one core", _explained, table)
    measures.by_size(__doc__.splitlines()[0], RESULTS, __file__, measure, page)


if __name__ == "__main__":
    main()
