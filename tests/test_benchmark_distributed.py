"""The dask benchmark's guard: a run is estimated from the sizes measured and refused if it won't fit."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from benchmarks import distributed


def _row(claims: int, client: float, worker: float) -> dict[str, Any]:
    return {"claims": claims, "client_peak_mb": client, "worker_peak_mb": [worker, worker]}


def test_the_client_grows_in_proportion_and_the_workers_as_they_grew() -> None:
    # Client: 2,000 MB at 10^6 -> 20,000 MB at 10^7. Workers: 200 -> 800 MB from 10^5
    # to 10^6 is n^0.602 (4 = 10^0.602), so 800 * 4 = 3,200 MB at 10^7.
    rows = [_row(1_000_000, 2_000, 400), _row(100_000, 500, 100)]
    assert distributed.needed_mb(10_000_000, rows) == pytest.approx(23_200)


def test_one_size_measured_is_scaled_in_proportion() -> None:
    assert distributed.needed_mb(2_000_000, [_row(1_000_000, 1_000, 300)]) == pytest.approx(3_200)


def test_refused_rows_and_nothing_measured_give_no_estimate() -> None:
    assert distributed.needed_mb(10, [{"claims": 5, "refused": "why"}]) is None
    message = distributed.refusal(10_000_000, None, 50_000)
    assert message is not None
    assert "measure a smaller size first" in message


def test_a_run_that_does_not_fit_is_refused_with_the_figures() -> None:
    # 23,200 MB * 1.25 + 2,048 MB left free = 31,048 MB wanted.
    assert distributed.refusal(10_000_000, 23_200, 31_048) is None
    message = distributed.refusal(10_000_000, 23_200, 31_000)
    assert message is not None
    assert "10,000,000 claims" in message
    assert "about 23,200 MB (31,048 MB" in message
    assert "only 31,000 MB is available" in message


def test_available_memory_is_read_from_meminfo(tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal: 2048000 kB\nMemAvailable: 1024000 kB\n", encoding="ascii")
    assert distributed.available_mb(meminfo) == 1_000
    meminfo.write_text("MemTotal: 2048000 kB\n", encoding="ascii")
    with pytest.raises(SystemExit, match="no MemAvailable"):
        distributed.available_mb(meminfo)


def test_a_workers_peak_is_its_own_not_the_one_it_inherited(tmp_path: Path) -> None:
    from benchmarks import measures

    status = tmp_path / "status"
    status.write_text(
        "Name:\tpython\nVmPeak:\t 9000000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 1024 kB\n"
    )
    assert measures.peak_resident_mb(status) == pytest.approx(200.0)


def test_without_proc_the_peak_is_the_kernels_maximum(tmp_path: Path) -> None:
    import resource

    from benchmarks import measures

    expected = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert measures.peak_resident_mb(tmp_path / "absent") == pytest.approx(expected, rel=0.05)


def test_a_smaller_margin_lets_a_run_start_that_the_default_refuses() -> None:
    # 18,000 MB needed: 24,548 MB wanted by default, 19,024 MB with no margin and 1,024 MB free.
    assert distributed.refusal(10_000_000, 18_000, 23_500) is not None
    assert distributed.refusal(10_000_000, 18_000, 23_500, margin=1.0, keep_free_mb=1_024) is None
    message = distributed.refusal(10_000_000, 18_000, 19_000, margin=1.0, keep_free_mb=1_024)
    assert message is not None
    assert "margin of 1 and 1,024 MB left free" in message


def _options(**changed: Any) -> argparse.Namespace:
    defaults = {
        "sizes": [10_000_000],
        "repeats": distributed.REPEATS,
        "paired_up_to": distributed.PAIRED_UP_TO,
        "margin": distributed.MARGIN,
        "keep_free_mb": distributed.KEPT_FREE_MB,
    }
    return argparse.Namespace(**{**defaults, **changed})


def _earlier_ten_million() -> dict[str, Any]:
    return {
        **_row(10_012_345, 15_000, 2_000),
        "load_s": 500.0,
        "dask_s": [1_500.0],
        "default_s": [],
        "client_claims_mb": 8_000,
        "available_mb_before": 23_000,
        "load_average": [1.0, 2.0],
        "measured_at": "2026-12-04 12:30 UTC",
        "command": "python benchmarks/distributed.py --sizes 10000000 --margin 1",
        "kept": "the reason an even earlier run gave",
    }


def test_a_size_refused_now_keeps_what_an_earlier_run_measured_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(distributed, "available_mb", lambda: 1_000.0)
    earlier = _earlier_ten_million()
    million = {**_row(1_000_000, 1_700, 380), "measured_at": "2026-12-04 04:20 UTC"}
    rows = distributed._measure_sizes(_options(), tmp_path, [million, earlier])
    assert [row["claims"] for row in rows] == [1_000_000, 10_012_345]  # 10^6 was not asked for
    rows = rows[1:]
    assert {key: rows[0][key] for key in earlier if key != "kept"} == {
        key: value for key, value in earlier.items() if key != "kept"
    }
    # Estimated from the largest row: the client's 15,000 MB * 10,000,000 / 10,012,345 =
    # 14,981.5, and the workers' 4,000 MB scaled as they grew from 760 MB (n^0.7209) = 3,996.4.
    assert rows[0]["kept"].startswith(
        "this run refused the size: 10,000,000 claims: the run would need about 18,978 MB"
    )
    assert list(tmp_path.iterdir()) == []  # refused before anything was simulated
    page = "\n".join([*distributed._table(rows), *distributed._notes(rows)])
    assert "| 10,012,345 (kept: see below) | " in page
    assert (
        "Kept from an earlier run: 10,012,345 claims, measured 2026-12-04 12:30 UTC by "
        "`python benchmarks/distributed.py --sizes 10000000 --margin 1`; this run refused the "
        "size: 10,000,000 claims: the run would need about 18,978 MB" in page
    )


def test_a_refused_size_with_no_dated_row_of_its_size_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(distributed, "available_mb", lambda: 1_000.0)
    undated = {key: value for key, value in _earlier_ten_million().items() if key != "measured_at"}
    other_size = {**_earlier_ten_million(), "claims": 5_000_000}
    for saved in ([undated], [other_size], [{"claims": 10_000_000, "refused": "why"}]):
        rows = distributed._measure_sizes(_options(), tmp_path, saved)
        refused = [row for row in rows if row["claims"] == 10_000_000]
        assert [set(row) for row in refused] == [{"claims", "refused"}]


def test_the_command_of_a_row_measures_that_size_again_with_the_options_that_differ() -> None:
    assert (
        distributed._command(10_000_000, _options())
        == "python benchmarks/distributed.py --sizes 10000000"
    )
    assert distributed._command(10_000_000, _options(margin=1.0, keep_free_mb=1024.0)) == (
        "python benchmarks/distributed.py --sizes 10000000 --margin 1 --keep-free-mb 1024"
    )


def test_the_sizes_a_run_is_not_asked_for_keep_their_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured = {**_row(100_665, 400, 150), "measured_at": "2026-12-04 13:00 UTC", "command": "c"}
    monkeypatch.setattr(distributed, "simulated", lambda size, folder: size)
    monkeypatch.setattr(distributed, "_in_fresh_process", lambda arguments: measured)
    earlier = _earlier_ten_million()
    undated = _row(1_000_000, 1_700, 380)  # from before rows said when they were measured
    rows = distributed._measure_sizes(
        _options(sizes=[100_000]), tmp_path, [{**measured, "claims": 100_100}, undated, earlier]
    )
    assert [row["claims"] for row in rows] == [100_665, 10_012_345]
    assert "kept" not in rows[0]
    assert rows[1]["kept"] == "this run did not measure the size"
    assert rows[1]["dask_s"] == earlier["dask_s"]
