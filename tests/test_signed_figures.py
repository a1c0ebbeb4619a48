"""Signed figures: measurements may be negative, counts may not, and outliers do not depend on
where a measurement's zero lies."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reconcile
from reconcile import (
    AttributeSchema,
    Claim,
    ClaimGroup,
    Dataset,
    DatasetError,
    Event,
    Hedge,
    Measure,
    ParseError,
    Quantity,
    Source,
    ValueKind,
    parse_quantity,
)
from reconcile.io.convert import converter
from reconcile.io.value_text import parse_value
from reconcile.testing import check_strategy_laws
from reconcile.values.quantity import robust_spread

MEASUREMENT = Measure.MEASUREMENT


@pytest.mark.parametrize(
    ("text", "low", "high", "low_open", "high_open"),
    [
        ("-3.5", -3.5, -3.5, False, False),
        ("minus 12", -12, -12, False, False),
        ("\u22127", -7, -7, False, False),  # the minus sign, not a hyphen
        ("between -5 and 3", -5, 3, False, False),
        ("-10 - -5", -10, -5, False, False),
        ("below 0", -math.inf, 0, True, True),
        ("at most -2", -math.inf, -2, True, False),
        ("more than -4", -4, math.inf, True, True),
        ("about -20", -22, -18, False, False),  # 10% of its size on either side
        ("nearly -10", -10, -9, False, False),  # short of -10, on the side of zero
        ("fewer than 2.5", -math.inf, 2.5, True, True),
    ],
)
def test_a_measurement_reads_signed_figures_and_bounds_without_a_floor(
    text: str, low: float, high: float, low_open: bool, high_open: bool
) -> None:
    value = parse_quantity(text, measure=MEASUREMENT)
    assert (value.low, value.high, value.low_open, value.high_open) == (
        low,
        high,
        low_open,
        high_open,
    )


def test_a_count_refuses_a_negative_figure_and_keeps_its_floor() -> None:
    with pytest.raises(ParseError, match="a count cannot be negative"):
        parse_quantity("-3")
    assert parse_quantity("fewer than 50") == Quantity(low=0, high=49, hedge=Hedge.FEWER_THAN)
    # The same words for a measurement: no floor at zero, and the bound stays strict.
    assert parse_quantity("fewer than 50", measure=MEASUREMENT) == Quantity(
        low=-math.inf, high=50, high_open=True, hedge=Hedge.FEWER_THAN
    )


def test_quantities_below_zero_print_and_round_trip() -> None:
    below = Quantity(low=-math.inf, high=0, high_open=True, hedge=Hedge.FEWER_THAN)
    assert str(below) == "< 0"
    assert below.interval_text() == "(-∞, 0)"
    assert str(Quantity.exact(-4.5, unit="degree")) == "-4.5 degrees"
    for value in (below, Quantity(low=-5, high=3), Quantity.exact(-2)):
        data = converter.unstructure(value)
        assert converter.structure(data, Quantity) == value
    assert converter.unstructure(below)["low"] is None


def _sources(count: int) -> list[Source]:
    return [Source(id=f"s{index}", affiliation=f"camp{index}") for index in range(count)]


def _dataset(figures: list[float], schema: AttributeSchema | None) -> Dataset:
    name = schema.name if schema else "change"
    return Dataset(
        sources=_sources(len(figures)),
        events=[Event(id="e", label="the reading")],
        attributes=[schema] if schema else [],
        claims=[
            Claim(id=f"c{i}", source=f"s{i}", event="e", attribute=name, value=Quantity.exact(f))
            for i, f in enumerate(figures)
        ],
    )


def test_a_count_attribute_refuses_a_negative_claim_naming_it() -> None:
    with pytest.raises(DatasetError) as raised:
        _dataset([-3, 5], AttributeSchema(name="killed", kind=ValueKind.QUANTITY))
    problem = raised.value.problems[0]
    assert problem.record_id == "c0"
    assert problem.field == "value"
    assert "'killed' is a count, which cannot be negative" in problem.message


def test_an_undeclared_attribute_with_a_negative_figure_is_a_measurement() -> None:
    dataset = _dataset([-3, 5, 4], None)
    assert dataset.claimed_schemas["change"].measure is MEASUREMENT
    assert _dataset([3, 5], None).claimed_schemas["change"].measure is Measure.COUNT


def _readings(figures: list[float], measure: Measure) -> reconcile.Finding:
    schema = AttributeSchema(name="reading", kind=ValueKind.QUANTITY, measure=measure)
    claims = tuple(
        Claim(id=f"c{i}", source=f"s{i}", event="e", attribute="reading", value=Quantity.exact(f))
        for i, f in enumerate(figures)
    )
    group = ClaimGroup(
        event="e",
        attribute="reading",
        schema=schema,
        claims=claims,
        sources={source.id: source for source in _sources(len(figures))},
    )
    return reconcile.IntervalConsensus().reconcile(group)


def test_a_wild_reading_is_an_outlier_wherever_the_zero_lies() -> None:
    # Worked by hand: the median of -2, -1.8, -1.8, -1.5, 30 is -1.8, the absolute deviations
    # are 0.2, 0, 0, 0.3, 31.8 with median 0.2, so the spread is 1.4826 * 0.2 = 0.297 and "far"
    # is 3 spreads, 0.89. 30 lies 31.5 from its nearest neighbour: an outlier, left out of the
    # range; -2 lies 0.2 from -1.8: not one.
    readings = [-2, -1.8, -1.8, -1.5, 30]
    finding = _readings(readings, MEASUREMENT)
    assert (finding.best, finding.low, finding.high) == (Quantity.exact(-1.8), -2, -1.5)
    outliers = [c for c in finding.contradictions if c.kind.value == "outlier"]
    assert [c.claims[0] for c in outliers] == ["c4"]
    # Shifted by +100 (°C to a scale whose zero lies lower), the verdict is the same.
    shifted = _readings([figure + 100 for figure in readings], MEASUREMENT)
    assert (shifted.best, shifted.low, shifted.high) == (Quantity.exact(98.2), 98, 98.5)
    # Read as counts, the shifted figures are judged by their size: 130 is within half of
    # 130 from 98.5, so it is no outlier and the range swallows it. That is why a measurement
    # must not be judged as a count.
    assert _readings([figure + 100 for figure in readings], Measure.COUNT).high == 130


@settings(max_examples=60, deadline=None)
@given(
    figures=st.lists(st.integers(-50, 50), min_size=3, max_size=7),
    shift=st.integers(-1000, 1000),
    factor=st.integers(1, 20),
)
def test_shifting_or_scaling_every_reading_moves_the_answer_alike(
    figures: list[int], shift: int, factor: int
) -> None:
    base = _readings([float(f) for f in figures], MEASUREMENT)
    moved = _readings([float(f * factor + shift) for f in figures], MEASUREMENT)
    assert isinstance(base.best, Quantity)
    assert isinstance(moved.best, Quantity)
    assert base.low is not None
    assert base.high is not None
    assert moved.best.low == pytest.approx(base.best.low * factor + shift)
    assert (moved.low, moved.high) == pytest.approx(
        (base.low * factor + shift, base.high * factor + shift)
    )
    assert moved.support == base.support


@settings(max_examples=60, deadline=None)
@given(figures=st.lists(st.integers(1, 500), min_size=3, max_size=7), factor=st.integers(1, 20))
def test_scaling_every_count_moves_the_answer_alike(figures: list[int], factor: int) -> None:
    base = _readings([float(f) for f in figures], Measure.COUNT)
    scaled = _readings([float(f * factor) for f in figures], Measure.COUNT)
    assert isinstance(base.best, Quantity)
    assert isinstance(scaled.best, Quantity)
    assert base.low is not None
    assert base.high is not None
    assert scaled.best.low == base.best.low * factor
    assert (scaled.low, scaled.high) == (base.low * factor, base.high * factor)


@given(
    st.lists(st.integers(-(10**6), 10**6), min_size=2, max_size=9),
    st.integers(-1000, 1000),
    st.integers(-9, 9),
)
def test_the_robust_spread_ignores_a_shift_and_follows_a_scale(
    figures: list[int], shift: int, factor: int
) -> None:
    # Whole figures, so that shifting them is exact: the law, not rounding, is tested.
    moved = [float(f * factor + shift) for f in figures]
    assert robust_spread(moved) == pytest.approx(abs(factor) * robust_spread(figures))


def test_robust_spread_by_hand() -> None:
    # Median 3; deviations 2, 1, 0, 1, 97 have median 1; 1.4826 * 1.
    assert robust_spread([1, 2, 3, 4, 100]) == pytest.approx(1.4826)
    # Most figures equal: the mean absolute deviation, (0 + 0 + 0 + 4) / 4.
    assert robust_spread([5, 5, 5, 9]) == 1.0
    assert robust_spread([7]) == 0.0


@pytest.mark.parametrize("name", ["interval-consensus", "weighted-median", "ucdp", "conservative"])
def test_every_figure_strategy_keeps_the_laws_on_measurements(name: str) -> None:
    check_strategy_laws(reconcile.get(name), measure=MEASUREMENT, max_examples=60)


def test_a_temperature_is_reconciled_end_to_end_from_text() -> None:
    schema = AttributeSchema(
        name="temperature", kind=ValueKind.QUANTITY, measure=MEASUREMENT, unit="celsius"
    )
    said = {"s0": "-4", "s1": "minus 4", "s2": "about -5", "s3": "below 0"}
    dataset = Dataset(
        sources=_sources(4),
        events=[Event(id="e", label="the night")],
        attributes=[schema],
        claims=[
            Claim(
                id=f"c{i}",
                source=source,
                event="e",
                attribute="temperature",
                value=parse_value(text, ValueKind.QUANTITY, measure=MEASUREMENT),
            )
            for i, (source, text) in enumerate(said.items())
        ],
    )
    finding = reconcile.reconcile(dataset).finding("e", "temperature")
    # By hand: "about -5" is -5 give or take 10% of 5, rounded out to whole degrees as the
    # figure is whole: [-6, -4]; "below 0" is (-inf, 0). -4 lies in all four intervals, and
    # four camps agree on it.
    assert finding.best == Quantity.exact(-4)
    assert finding.status is reconcile.Status.AGREED
    assert finding.support == ("c0", "c1", "c2", "c3")
