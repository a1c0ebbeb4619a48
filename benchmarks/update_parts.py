"""Update by parts: where `reconcile.update` spends its time, stage by stage.

Run: ``python benchmarks/update_parts.py`` (about three minutes on 2 cores;
``--sizes``, ``--repeats`` to choose). It prints a table and writes it to
``benchmarks/results/update-parts.md``, with its figures as JSON beside it.

The update is that of ``benchmarks/scale.py``: 1% of the simulated claims,
drawn at random, added to the result of the rest. Each size runs in a fresh
process: a full run of the rest, then ``--repeats`` updates. Each stage is
timed by a timer put around the function that does it (`STAGES`), so the
figures are the update's own and not a profiler's; a stage nested in
another (indented in the table) counts in both. The first update after a
full run is slower than the next ones (its pages were shared with the
full run's children, and its memory is not in the caches yet), so it is
reported beside the median of the others.
"""

from __future__ import annotations

import functools
import gc
import importlib
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import measures
from benchmarks.scale import split_off

RESULTS = Path(__file__).parent / "results" / "update-parts.md"

STAGES: tuple[tuple[str, str, str, int], ...] = (
    ("reconcile.updating", "_merged", "the dataset with the new claims", 0),
    ("reconcile.updating", "recluster", "clustering", 0),
    ("reconcile.linking.incremental", "_mend_year_slips", "slips of the year", 1),
    ("reconcile.linking.far_partners", "_Names.updated", "far partners by name", 1),
    ("reconcile.linking.incremental", "_new_and_gone_links", "the changed nodes' links", 1),
    ("reconcile.linking.replay", "_Replay.run", "the replay", 1),
    ("reconcile.linking.incremental", "_finish", "resolving and numbering", 1),
    ("reconcile.updating", "_unchanged_findings", "findings kept", 0),
    ("reconcile.pipeline", "_Judge.event", "judging the events touched", 0),
)
"""Each stage: the module and the function (or class.method) that does it, its name, its depth.

A function is timed in the module that calls it (where it is looked up), a
method in the module of its class."""

REST = "the rest"
"""What the update spends outside the stages of depth 0."""


def measure(claims: int, repeats: int) -> dict[str, Any]:
    """The update's stages at one size: the first update, then each of `repeats` more."""
    import reconcile

    old, new = split_off(claims, latest=False)
    previous = reconcile.reconcile(old)
    runs = []
    for _ in range(1 + repeats):
        gc.collect()  # the previous update's result, gone before this one starts
        with timed_stages() as spent:
            started = time.perf_counter()
            updated = reconcile.update(previous, new, require_incremental=True)
            total = time.perf_counter() - started
        runs.append(with_rest(spent, total))
        del updated
    return {"claims": len(old.claims) + len(new), "new": len(new), "runs": runs}


@contextmanager
def timed_stages() -> Iterator[dict[str, float]]:
    """Time each stage of `STAGES` while in the block, into the mapping it gives (seconds).

    Each stage's function is replaced by one that times it, and put back on leaving.
    """
    spent: dict[str, float] = defaultdict(float)
    restore: list[tuple[Any, str, Any]] = []
    try:
        for module_name, path, stage, _ in STAGES:
            owner: Any = importlib.import_module(module_name)
            *outer, name = path.split(".")
            for part in outer:
                owner = getattr(owner, part)
            function = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
            restore.append((owner, name, function))
            setattr(owner, name, _timer(function, stage, spent))
        yield spent
    finally:
        for owner, name, function in reversed(restore):
            setattr(owner, name, function)


def _timer(function: Callable[..., Any], stage: str, spent: dict[str, float]) -> Any:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.perf_counter() - started

    return timed


def with_rest(spent: Mapping[str, float], total: float) -> dict[str, float]:
    """The stages' seconds, the rest (outside the stages of depth 0) and the total."""
    top = sum(spent.get(stage, 0.0) for _, _, stage, depth in STAGES if depth == 0)
    stages = {stage: spent.get(stage, 0.0) for _, _, stage, _ in STAGES}
    return {**stages, REST: total - top, "total": total}


def table(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The Markdown table: each stage's seconds at each size, first update and the later median."""
    header = ["| stage |"]
    rule = ["|---|"]
    for row in rows:
        header.append(f" {row['claims']:,}: first | later | share |")
        rule.append("---:|---:|---:|")
    lines = ["".join(header), "".join(rule)]
    names = [(stage, depth) for _, _, stage, depth in STAGES] + [(REST, 0), ("total", 0)]
    for stage, depth in names:
        label = ("  " * depth + "- " if depth else "") + stage
        cells = [f"| {label} |"]
        for row in rows:
            first, later = _first_and_later(row["runs"], stage)
            total = _first_and_later(row["runs"], "total")[1]
            cells.append(f" {first:.3f} | {later:.3f} | {later / total:.0%} |")
        lines.append("".join(cells))
    return lines


def _first_and_later(runs: Sequence[Mapping[str, float]], stage: str) -> tuple[float, float]:
    """A stage's seconds in the first update, and its median over the later ones."""
    later = [run[stage] for run in runs[1:]] or [runs[0][stage]]
    return runs[0][stage], statistics.median(later)


def _explained(repeats: int) -> str:
    """What the page shows, for `repeats` runs a size."""
    return (
        "`reconcile.update` adding 1% of simulated claims, drawn at random, to the result "
        "of the rest (as in [scale.md](scale.md)), each stage timed by a timer around the "
        "function that does it. *first*: the first update after the full run, in seconds; "
        f"*later*: the median of the {repeats} next; *share*: of the later updates' total. "
        "An indented stage is part of the one above it. See the docstring of "
        "`benchmarks/update_parts.py` and "
        "[docs/scale-measurements.md](../../docs/scale-measurements.md#why-an-update-runs-on-one-core)."
    )


def main() -> None:
    """Measure each size in its own process and write the table."""
    page = ("An update by parts", _explained, table)
    measures.by_size(__doc__.splitlines()[0], RESULTS, __file__, measure, page)


if __name__ == "__main__":
    main()
