"""The judging benchmarks: the claims they time, and the outputs they compare, are the right ones."""

from __future__ import annotations

from typing import Any

from benchmarks import judge_outputs, judge_speed

from reconcile.simulate import Scenario


def test_the_speed_benchmark_simulates_the_claims_of_the_speed_benchmark() -> None:
    # benchmarks/speed.py's run at 10^5: 4,575 events, 183 sources (one per 25 events), 4
    # days an event; at 10^4, a tenth of the events, and the floor of 20 sources.
    assert judge_speed.scenario(100_000) == Scenario(events=4575, sources=183, days=18300)
    assert judge_speed.scenario(10_000) == Scenario(events=458, sources=20, days=1832)


class _Rows:
    """A result as far as `rows_csv` reads it."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def to_rows(self) -> list[dict[str, Any]]:
        return self.rows


def test_the_csv_of_findings_has_a_column_for_a_field_only_some_rows_have() -> None:
    # A sub-count's row has a qualifier, a total's has none: both fit in one table.
    rows = [{"event": "e1", "best": 52}, {"event": "e1", "best": 7, "qualifier": "children"}]
    text = judge_outputs.rows_csv(_Rows(rows))  # type: ignore[arg-type]
    assert text.splitlines() == ["event,best,qualifier", "e1,52,", "e1,7,children"]
