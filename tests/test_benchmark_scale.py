"""The incremental rows of benchmarks/scale.py: the run of median share, with every run beside it."""

from __future__ import annotations

from typing import Any

from benchmarks.scale import _incremental_table, _median_run


def _run(update_cpu: float, full_cpu: float, *, same: bool = True) -> dict[str, Any]:
    return {
        "claims": 1_000_000,
        "new": 10_000,
        "latest": False,
        "full": 20.0,
        "update": update_cpu,
        "full_cpu": full_cpu,
        "update_cpu": update_cpu,
        "events": 60_000,
        "changed_events": 9_000,
        "same": same,
        "peak_mb": 3_000.0,
    }


def test_the_row_is_the_run_of_median_share() -> None:
    # Shares 3.3 / 30 = 11.0%, 2.9 / 32 = 9.1%, 2.8 / 30 = 9.3%: the median share is the third
    # run's, not the run of median update time (the second's 2.9 s).
    runs = [_run(3.3, 30.0), _run(2.9, 32.0), _run(2.8, 30.0)]
    row = _median_run(runs)
    assert (row["update_cpu"], row["full_cpu"]) == (2.8, 30.0)
    assert [run["update_cpu"] for run in row["runs"]] == [3.3, 2.9, 2.8]  # the order they ran
    assert "| 9.3% | 11.0%, 9.1%, 9.3% |" in "\n".join(_incremental_table([row]))


def test_a_run_that_differs_from_the_full_run_is_not_hidden_by_the_median() -> None:
    row = _median_run([_run(3.3, 30.0), _run(3.0, 32.0), _run(2.7, 30.0, same=False)])
    assert row["same"] is False


def test_a_case_run_once_lists_no_runs() -> None:
    row = _median_run([_run(3.0, 32.0)])
    assert "| 9.4% | - |" in "\n".join(_incremental_table([row]))
