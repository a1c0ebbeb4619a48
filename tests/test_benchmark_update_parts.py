"""benchmarks/update_parts.py: an update's stages timed, and its table."""

from __future__ import annotations

from benchmarks import update_parts

from reconcile import pipeline, updating
from reconcile.linking import replay

_NESTED = [stage for _, _, stage, depth in update_parts.STAGES if depth == 1]
_TOP = [stage for _, _, stage, depth in update_parts.STAGES if depth == 0]


def test_the_rest_is_the_total_less_the_outer_stages_only() -> None:
    spent = dict.fromkeys(_TOP, 1.0) | dict.fromkeys(_NESTED, 0.25)
    run = update_parts.with_rest(spent, total=len(_TOP) + 0.5)
    # The nested stages are parts of the clustering: counted in it, not again.
    assert run[update_parts.REST] == 0.5
    assert run["total"] == len(_TOP) + 0.5


def test_the_table_sets_the_first_update_beside_the_median_of_the_others() -> None:
    def run(seconds: float, total: float) -> dict[str, float]:
        stages = dict.fromkeys([*_TOP, *_NESTED], 0.0)
        return stages | {"the replay": seconds, update_parts.REST: 0.0, "total": total}

    row = {
        "claims": 1_005_286,
        "runs": [run(0.9, 5.0), run(0.6, 4.0), run(0.8, 4.0), run(0.4, 4.0)],
    }
    lines = update_parts.table([row])
    assert lines[0] == "| stage | 1,005,286: first | later | share |"
    # First 0.9 s; later runs 0.6, 0.8, 0.4: median 0.6 s, 15% of their 4.0 s.
    assert "|   - the replay | 0.900 | 0.600 | 15% |" in lines
    assert "| total | 5.000 | 4.000 | 100% |" in lines


def test_an_update_is_timed_stage_by_stage_and_its_functions_put_back() -> None:
    # `recluster` as the update calls it: timed where `reconcile.updating` looks it up.
    before = (vars(updating)["recluster"], replay._Replay.run, pipeline._Judge.event)
    measured = update_parts.measure(2_000, repeats=1)
    assert (vars(updating)["recluster"], replay._Replay.run, pipeline._Judge.event) == before
    assert measured["new"] == measured["claims"] // 100  # 1% of the claims
    assert len(measured["runs"]) == 2
    for run in measured["runs"]:
        assert run["clustering"] > 0
        assert run["judging the events touched"] > 0
        # A nested stage takes part of the time of the one it is in; the outer ones, of the total.
        assert all(run[stage] <= run["clustering"] for stage in _NESTED)
        assert 0 <= run[update_parts.REST] < run["total"]
