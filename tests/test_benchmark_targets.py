"""The speed benchmarks' figures set against their targets (benchmarks/targets.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from benchmarks import measures, speed, targets


def _speed(small_total: float, large_total: float, peak_mb: float) -> dict[str, Any]:
    def row(claims: int, total: float, peak: float) -> dict[str, Any]:
        return {"claims": claims, "total": total, "peak_mb": peak}

    return {
        "engines": [
            {"default": row(100_000, small_total, 300.0)},
            {
                "default": row(1_000_000, large_total, peak_mb),
                "objects": row(1_000_000, 130.0, 1.0),
            },
        ],
        "columnar": [],
    }


def _section(**found: Any) -> str:
    given = {
        "speed": None,
        "linkage": None,
        "distributed": None,
        "peers": None,
        "scale": None,
        **found,
    }
    return targets.targets(**given)


def test_the_pipeline_against_its_targets_names_the_median_of_several_runs() -> None:
    found = _speed(10.0, 44.5, 1_600.0)
    found["engines"][1]["default_totals"] = [47.4, 44.5, 41.4]
    section = _section(speed=found)
    assert (
        "default engine: 44.5 s, the median of 3 runs (47.4, 44.5, 41.4 s) (under 30 s" in section
    )
    assert "median of" not in _section(speed=_speed(10.0, 44.5, 1_600.0))  # one run: no median


def test_the_median_run_is_the_middle_total_and_of_two_the_faster() -> None:
    runs = [{"total": total} for total in (47.4, 41.4, 44.5)]
    assert speed.median_run(runs) is runs[2]
    assert speed.median_run(runs[:2]) is runs[1]
    assert speed.median_run(runs[:1]) is runs[0]


def test_the_pipeline_against_its_targets() -> None:
    # 10^5 -> 10^6 claims, 10 s -> 100 s: n^1.00. n log n from 10^5 to 10^6 is
    # 10 * log(10^6) / log(10^5) = 12 times: n^(log10 12) = n^1.08. 2 GB = 1,907 MB.
    section = _section(speed=_speed(10.0, 100.0, 1_900.0))
    assert "1,000,000 claims, default engine: 100.0 s (under 30 s: NOT met)" in section
    assert "peak 1,900 MB (under 2 GB, 1,907 MB: met)" in section
    assert "n^1.00 (n log n is n^1.08 here: met)" in section
    assert "130.0 s, 1.30 times the default engine's" in section


def test_the_memory_with_the_judging_child_is_set_against_the_same_bound() -> None:
    found = _speed(10.0, 100.0, 1_500.0)
    found["engines"][1]["default"]["tree_peak_mb"] = 2_300.0
    section = _section(speed=found)
    assert "peak 1,500 MB (under 2 GB, 1,907 MB: met); with the child" in section
    assert "2,300 MB together (NOT met;" in section
    found["engines"][1]["default"]["tree_peak_mb"] = 1_600.0
    assert "1,600 MB together (met;" in _section(speed=found)


def test_growth_faster_than_n_log_n_is_not_met() -> None:
    # 10 s -> 125 s over ten times the claims: n^(log10 12.5) = n^1.10 > n^1.08.
    section = _section(speed=_speed(10.0, 125.0, 2_000.0))
    assert "n^1.10 (n log n is n^1.08 here: NOT met)" in section
    assert "peak 2,000 MB (under 2 GB, 1,907 MB: NOT met)" in section


def test_splink_dask_and_peers_against_their_targets() -> None:
    linkage = {
        "rows": [
            {"side": "reconcile", "claims": 1_005_286, "seconds": 15.0, "f1": 0.88},
            {"side": "splink", "claims": 1_005_286, "seconds": 36.0, "f1": 0.69},
        ]
    }
    distributed = {
        "rows": [{"claims": 100_665, "dask_s": [10.8, 10.7], "worker_peak_mb": [333, 340]}]
    }
    peers = {"methods": [{"method": "reconcile OneCoin", "accuracy": 0.96931}]}
    section = _section(linkage=linkage, distributed=distributed, peers=peers)
    assert "splink's time 2.40 times reconcile's (at least 2: met)" in section
    assert "F1 0.880 against splink's 0.690 (at least splink's: met)" in section
    assert (
        "100,665 claims: 10.7 s, each worker at most 340 MB (the target, under 4 GB, is at 10,000,000 claims)"
        in section
    )
    assert "10,000,000 claims: **not run**" in section
    assert "reconcile OneCoin 0.9693 (before: 0.9693, met)" in section
    assert "reconcile CRH: not run" in section


def test_splink_against_the_median_of_paired_runs() -> None:
    # Three pairs: splink 2.40, 1.80 and 2.10 times reconcile's time; the median is 2.10.
    rows = []
    for run, (ours, theirs) in enumerate([(15.0, 36.0), (20.0, 36.0), (20.0, 42.0)], start=1):
        rows.append({"side": "reconcile", "run": run, "claims": 1_005_286, "seconds": ours})
        rows[-1]["f1"] = 0.88
        rows.append({"side": "splink", "run": run, "claims": 1_005_286, "seconds": theirs})
        rows[-1]["f1"] = 0.69
    rows.append({"side": "reconcile", "run": 4, "claims": 1_005_286, "seconds": 1.0, "f1": 0.88})
    section = _section(linkage={"rows": rows})
    # The fourth run has no splink side: it is not a pair.
    assert (
        "3 pairs of runs, reconcile 15.0, 20.0, 20.0 s, splink 36.0, 36.0, 42.0 s, splink's time "
        "2.40, 1.80, 2.10 times reconcile's, 2.10 at the median (at least 2: met)"
    ) in section
    rows[-3]["seconds"] = 30.0  # the third pair's splink: 1.50, and the median 1.80
    assert "1.80 at the median (at least 2: NOT met)" in _section(linkage={"rows": rows})


def _dask_row(claims: int, seconds: float, peaks: list[float]) -> dict[str, Any]:
    return {"claims": claims, "dask_s": [seconds], "worker_peak_mb": peaks}


def test_the_dask_engine_at_ten_million_claims_against_its_target() -> None:
    # 4 GB = 3,815 MB: a worker at 3,900 MB is over it, even if the other is under.
    rows = [_dask_row(100_665, 10.7, [340, 333]), _dask_row(10_052_870, 1_500.0, [3_000, 3_900])]
    section = _section(distributed={"rows": rows})
    assert "10,052,870 claims: 1500.0 s, each worker at most 3,900 MB (under 4 GB: NOT met)" in (
        section
    )
    assert "not run" not in section.split("dask engine")[1].split("\n")[0]
    rows[1]["worker_peak_mb"] = [3_000, 3_800]
    assert "at most 3,800 MB (under 4 GB: met)" in _section(distributed={"rows": rows})


def test_a_refused_ten_million_run_is_not_run_and_says_why() -> None:
    rows = [
        _dask_row(1_005_286, 60.0, [900, 1_000]),
        {"claims": 10_000_000, "refused": "the run would need about 30,000 MB"},
    ]
    section = _section(distributed={"rows": rows})
    assert (
        "1,005,286 claims: 60.0 s, each worker at most 1,000 MB (the target, under 4 GB, is at 10,000,000 claims)"
        in section
    )
    assert "10,000,000 claims: **not run**, refused: the run would need about 30,000 MB." in (
        section
    )


def test_a_ten_million_run_kept_from_an_earlier_run_says_when_and_how() -> None:
    kept = {
        **_dask_row(10_052_870, 1_500.0, [2_000, 2_100]),
        "measured_at": "2026-12-04 12:30 UTC",
        "command": "python benchmarks/distributed.py --sizes 10000000 --margin 1",
        "kept": "this run refused the size: 10,000,000 claims: the run would need about 19,000 MB",
    }
    rows = [_dask_row(1_005_286, 60.0, [900, 1_000]), kept]
    section = _section(distributed={"rows": rows})
    assert (
        "10,052,870 claims: 1500.0 s, each worker at most 2,100 MB (under 4 GB: met); "
        "measured 2026-12-04 12:30 UTC by `python benchmarks/distributed.py --sizes 10000000 "
        "--margin 1` and kept (this run refused the size: 10,000,000 claims: the run would "
        "need about 19,000 MB)." in section
    )
    assert "not run" not in section.split("dask engine")[1].split("\n")[0]


def _update(
    claims: int, latest: bool, seconds: tuple[float, float], cpu: tuple[float, float]
) -> dict[str, Any]:
    full, update = seconds
    full_cpu, update_cpu = cpu
    return {
        "claims": claims,
        "latest": latest,
        "full": full,
        "update": update,
        "full_cpu": full_cpu,
        "update_cpu": update_cpu,
        "same": True,
    }


def test_updates_against_a_tenth_of_a_full_run() -> None:
    # Random: 0.25 / 2.5 = 10.0% (within) and 3.3 / 30.0 = 11.0% (over: not met); wall 0.25 / 2.0
    # = 12.5% and 3.3 / 20.0 = 16.5%. Latest: 0.1 / 2.5 = 1.2 / 30.0 = 4.0%; wall 0.1 / 2.0 = 5.0%
    # and 1.2 / 20.0 = 6.0%.
    rows = [
        _update(1_000_000, False, (20.0, 3.3), (30.0, 3.3)),
        _update(100_000, False, (2.0, 0.25), (2.5, 0.25)),
        _update(100_000, True, (2.0, 0.1), (2.5, 0.1)),
        _update(1_000_000, True, (20.0, 1.2), (30.0, 1.2)),
    ]
    section = _section(scale={"measured": "2026-12-06 09:41 UTC", "incremental": rows})
    assert (
        "- Adding 1% of the claims (drawn at random) to a result of the rest, at 100,000 and "
        "1,000,000 claims: 10.0% and 11.0% of a full run's processor time (at most 10%: NOT "
        "met), 12.5% and 16.5% of its wall time (at most 10%: NOT met); the full run's JSON: "
        "yes (`benchmarks/scale.py`, 2026-12-06 09:41 UTC)." in section
    )
    assert (
        "(latest) to a result of the rest, at 100,000 and 1,000,000 claims: 4.0% and 4.0% of a "
        "full run's processor time (at most 10%: met), 5.0% and 6.0% of its wall time (at most "
        "10%: met); the full run's JSON: yes" in section
    )
    rows[0]["same"] = False
    assert "the full run's JSON: NO" in _section(scale={"measured": "", "incremental": rows})


def test_updates_measured_several_times_list_each_run() -> None:
    # The row is the median run (3.0 / 32.0 = 9.4%); the others: 3.3 / 30.0 = 11.0% and
    # 2.7 / 30.0 = 9.0%, in the order they ran.
    median = _update(1_000_000, False, (20.0, 3.0), (32.0, 3.0))
    runs = [(30.0, 3.3), (32.0, 3.0), (30.0, 2.7)]
    median["runs"] = [
        {"full": 20.0, "update": 3.0, "full_cpu": full, "update_cpu": update, "same": True}
        for full, update in runs
    ]
    latest = _update(1_000_000, True, (20.0, 1.2), (30.0, 1.2))
    section = _section(scale={"measured": "", "incremental": [median, latest]})
    assert (
        "at 1,000,000 claims: 9.4% of a full run's processor time, each the run of median share "
        "of 3 (11.0%, 9.4%, 9.0%) (at most 10%: met)" in section
    )
    assert "(latest) to a result of the rest, at 1,000,000 claims: 4.0% of a full run's " in section


def test_missing_benchmarks_are_said_to_be_not_run() -> None:
    section = _section()
    assert section.count("not run") == 5


def test_the_section_replaces_the_last_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "speed.md"
    page.write_text("# Speed\n\nThe tables.\n", encoding="utf-8")
    measures.save(page, _speed(10.0, 100.0, 1_900.0))
    monkeypatch.setattr(targets, "SPEED", page)
    monkeypatch.setattr(targets, "RESULTS", tmp_path)
    targets.main()
    targets.main()
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Speed\n\nThe tables.\n\n## Targets\n")
    assert text.count("## Targets") == 1
    assert json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["columnar"] == []
