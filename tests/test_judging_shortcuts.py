"""The short cuts judging takes for speed answer as the plain rules they stand for.

Each is checked against its rule spelled out (an oracle): the common part of
agreeing spans, the weight of the intervals holding a figure, the figures a
value states (remembered per value), and the taxonomy's memo of label pairs.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile import Polarity, Quantity, Taxonomy, TimeSpan
from reconcile.judging.group import Testimony as Said  # not collected as a test class
from reconcile.judging.strategies import quantity as figures
from reconcile.judging.strategies.timespan import _common
from reconcile.testing import quantities
from reconcile.values.timespan import Precision

SEPTEMBER_FIRST = TimeSpan.day(2013, 9, 1)
SPANS = [
    TimeSpan.year(2013),
    TimeSpan.month(2013, 9),
    SEPTEMBER_FIRST,
    TimeSpan.day(2013, 9, 1),  # equal to the one above, not the same object
    TimeSpan.of(
        TimeSpan.day(2013, 8, 31).start, SEPTEMBER_FIRST.start, precision=SEPTEMBER_FIRST.precision
    ),
]
"""Spans that all hold 1 September 2013, as the backers of a best date do."""


def said(value: TimeSpan) -> Said:
    """A testimony of `value`, as far as `_common` reads it."""
    return Said(
        origin="o",
        affiliation=None,
        value=value,
        polarity=Polarity.ASSERTS,
        weight=1.0,
        claims=("c",),
    )


@given(st.lists(st.sampled_from(SPANS), min_size=1, max_size=5))
def test_the_common_part_of_spans_is_their_latest_start_to_earliest_end(
    spans: list[TimeSpan],
) -> None:
    fineness = list(Precision)
    oracle = TimeSpan(
        start=max(span.start for span in spans),
        end=min(span.end for span in spans),
        precision=max((span.precision for span in spans), key=fineness.index),
    )
    common = _common([said(span) for span in spans])
    assert common == oracle
    assert str(common) == str(oracle)


def test_the_common_part_of_a_month_and_a_day_in_it_is_that_day() -> None:
    # Worked by hand: September 2013 and 1 September 2013 share the day.
    day = TimeSpan.day(2013, 9, 1)
    assert _common([said(TimeSpan.month(2013, 9)), said(day)]) == day
    # Spans that agree (the loader gives one text one value) are their own common part.
    assert _common([said(day), said(day)]) is day
    # The 31 August-1 September span and 1 September share only the 1st.
    assert str(_common([said(SPANS[4]), said(TimeSpan.month(2013, 9))])) == "2013-09-01"


weights = st.sampled_from([0.1, 0.25, 1.0, 3.0])
plain_figures = st.integers(min_value=-5, max_value=200).map(float) | st.sampled_from(
    [0.5, 49.5, math.inf, -math.inf]
)


@given(st.lists(st.tuples(quantities(), weights), max_size=6), plain_figures)
def test_the_weight_holding_a_figure_is_that_of_the_intervals_containing_it(
    weighted: list[tuple[Quantity, float]], figure: float
) -> None:
    oracle = sum(weight for value, weight in weighted if value.contains(figure))
    assert figures._held(figures._ends(weighted), figure) == oracle


def test_the_weight_holding_a_figure_respects_open_ends() -> None:
    # Worked by hand: "more than 140" (open at 140) holds 141 but not 140; "fewer than 50"
    # ([0, 49]) holds 49; "52" holds only 52.
    more_than = Quantity(low=140, high=math.inf, low_open=True)
    ends = figures._ends(
        [(more_than, 2.0), (Quantity(low=0, high=49), 1.0), (Quantity.exact(52), 0.5)]
    )
    assert [figures._held(ends, figure) for figure in (140, 141, 49, 52)] == [0, 2.0, 1.0, 0.5]


def test_the_figures_a_value_states_are_its_own_however_often_asked() -> None:
    # 52 and 52.0 are equal values, but each states its own figure, as it did unremembered.
    whole, point = Quantity.exact(52), Quantity.exact(52.0)
    assert [type(f) for f in figures.stated_figures(whole)] == [int, int, int]
    assert [type(f) for f in figures.stated_figures(point)] == [float, float, float]
    # What a caller does with its list does not change the next answer.
    first = figures.stated_figures(whole)
    first.clear()
    assert figures.stated_figures(whole) == [52, 52, 52]


def test_the_memo_of_stated_figures_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "_STATED", {})
    monkeypatch.setattr(figures, "_STATED_MAX", 2)
    values = [Quantity.exact(n) for n in range(5)]
    for value in values:
        assert figures.stated_figures(value) == [value.low] * 3
        assert len(figures._STATED) <= 2
    assert figures.stated_figures(values[0]) == [0, 0, 0]  # forgotten, then worked out again


PLACES = Taxonomy(
    parents={"Boston": "Massachusetts", "Massachusetts": "USA", "Paris": "France"},
    aliases={"Beantown": "Boston"},
    exclusive=[["USA", "France"]],
)
LABELS = ["Boston", "boston", "Beantown", "Massachusetts", "USA", "Paris", "France", "Lyon"]


@given(st.sampled_from(LABELS), st.sampled_from(LABELS), st.booleans())
def test_remembered_label_pairs_answer_as_the_lineage_does(
    label: str, general: str, twice: bool
) -> None:
    taxonomy = PLACES
    if twice:
        taxonomy.specialises(label, general)  # the second answer comes from the memo
    assert taxonomy.specialises(label, general) == (
        taxonomy.canonical(general) in taxonomy.lineage(label)
    )


def test_labels_in_a_taxonomy_without_exclusive_groups_exclude_nothing() -> None:
    # Worked by hand: Boston lies in the USA, Paris in France; only declared groups exclude.
    plain = Taxonomy(parents=PLACES.parents, aliases=PLACES.aliases)
    assert not plain.excludes("Boston", "Paris")
    assert PLACES.excludes("Boston", "Paris")
    assert not PLACES.excludes("Boston", "USA")
    assert PLACES.specialises("Beantown", "USA")
    assert not PLACES.specialises("USA", "Boston")
