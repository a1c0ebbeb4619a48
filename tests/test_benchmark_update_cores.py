"""benchmarks/update_cores.py: an update alone and beside an idle child, and its table."""

from __future__ import annotations

import multiprocessing

import pytest
from benchmarks import update_cores


def _run(seconds: float, processor: float, faults: int) -> dict[str, float]:
    return {"seconds": seconds, "processor": processor, "faults": faults}


def test_each_way_reads_as_the_median_of_its_runs_measure_by_measure() -> None:
    runs = {
        "alone": [_run(3.1, 3.0, 500), _run(2.9, 3.2, 100), _run(3.0, 2.8, 300)],
        "child": [_run(4.0, 4.1, 9), _run(3.6, 3.5, 7)],
    }
    # Measure by measure, not the run of median time: 3.0 s, 3.0 s of processor, 300 faults.
    assert update_cores.medians(runs) == {
        "alone": _run(3.0, 3.0, 300),
        "child": _run(3.8, 3.8, 8),
    }


def test_the_table_sets_the_child_against_the_update_alone() -> None:
    row = {
        "claims": 1_005_286,
        "new": 10_052,
        "runs": {"alone": [_run(2.5, 2.0, 20_000)], "child": [_run(3.0, 3.0, 300_000)]},
    }
    line = update_cores.table([row])[-1]
    # Processor 2.00 -> 3.00 is 50% more; wall 2.50 -> 3.00 is 20% more.
    expected = "| 1,005,286 | 10,052 | 2.00 | 3.00 | +50% | 2.50 | 3.00 | +20% | 20,000 | 300,000 |"
    assert line == expected


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the child is forked"
)
def test_an_update_beside_a_child_writes_to_pages_it_shares_with_it() -> None:
    measured = update_cores.measure(2_000, repeats=1)
    assert measured["new"] == measured["claims"] // 100  # 1% of the claims
    alone, child = (measured["runs"][way] for way in update_cores.WAYS)
    assert len(alone) == len(child) == 1
    # The update writes to pages of the previous result: beside a child, each first write
    # to one is a page fault (a copy), which the update alone does not take.
    assert child[0]["faults"] > alone[0]["faults"] + 100
