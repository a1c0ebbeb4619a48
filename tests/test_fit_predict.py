"""Figures as columns (`FigureColumns`) and crowd-kit-style `fit_predict` on frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile import CATD, CRH, Measure, OneCoin, Quantity, UsageError
from reconcile.columnar import FigureColumns

MODELS = [CRH, CATD, OneCoin]
_SOURCES = st.sampled_from([f"s{i}" for i in range(8)])
# Few distinct figures, so that sources agree, disagree and tie often; some below zero.
_FIGURES = st.sampled_from([-7, -2.5, 0, 3, 10, 11, 500])


@st.composite
def figure_observations(draw: st.DrawFn) -> dict[tuple[str, str], dict[str, Quantity]]:
    """For up to 30 items, the figure each of up to 8 sources gave."""
    n_items = draw(st.integers(min_value=1, max_value=30))
    return {
        (f"e{index}", "reading"): {
            source: Quantity.exact(figure)
            for source, figure in draw(
                st.dictionaries(_SOURCES, _FIGURES, min_size=1, max_size=8)
            ).items()
        }
        for index in range(n_items)
    }


@pytest.mark.parametrize("model", MODELS)
@given(observations=figure_observations(), max_iter=st.integers(min_value=1, max_value=20))
def test_figure_columns_learn_what_the_per_claim_path_learns(
    model: type[CRH], observations: dict[tuple[str, str], dict[str, Quantity]], max_iter: int
) -> None:
    columnar = model(max_iter=max_iter).fit_columns(FigureColumns.from_observations(observations))
    per_claim = model(max_iter=max_iter).fit_observations(observations)
    assert columnar.truths_ == per_claim.truths_
    assert columnar.n_iter_ == per_claim.n_iter_
    for source, weight in per_claim.weights_.items():
        assert math.isclose(columnar.weights_[source], weight, rel_tol=1e-9), source


def test_figure_columns_refuse_what_is_not_one_figure() -> None:
    with pytest.raises(UsageError, match="single figures only, but 's' gave ≥ 3"):
        FigureColumns.from_observations({("e", "x"): {"s": Quantity(low=3, high=math.inf)}})


def test_categorical_labels_give_a_series_of_labels() -> None:
    frame = pd.DataFrame(
        {
            "task": ["t1", "t1", "t1", "t2", "t2", "t2", "t3", "t3", "t3"],
            "worker": ["ann", "bob", "cyd", "ann", "bob", "cyd", "ann", "bob", "cyd"],
            "label": ["cat", "cat", "dog", "dog", "dog", "dog", "cat", "dog", "cat"],
        }
    )
    answers = CATD().fit_predict(frame)
    assert isinstance(answers, pd.Series)
    assert answers.name == "agg_label"
    assert answers.index.name == "task"
    assert answers.to_dict() == {"t1": "cat", "t2": "dog", "t3": "cat"}


def test_numeric_labels_stay_numeric_with_a_range() -> None:
    # By hand, with equal first weights: t1's 20 has two votes against one each for 21 and 90;
    # 90 lies 69 from its nearest neighbour 21, more than half of 90 (45), and from 20, and
    # its worker carries a quarter or less of the weight once the weights are learned: it is
    # an outlier, so the range is [20, 21]. t2's -3 has two votes; -2.5 is 0.5 away (not far).
    frame = pd.DataFrame(
        {
            "question": ["t1", "t1", "t1", "t1", "t2", "t2", "t2"],
            "annotator": ["a", "b", "c", "d", "a", "b", "c"],
            "answer": [20, 20, 21, 90, -3.0, -3.0, -2.5],
        }
    )
    model = OneCoin()
    result = model.fit_predict(frame, task="question", worker="annotator", label="answer")
    assert isinstance(result, pd.DataFrame)
    assert list(result.columns) == ["best", "low", "high"]
    assert result.index.name == "question"
    assert result.dtypes.tolist() == [np.float64] * 3
    assert result.loc["t1"].tolist() == [20.0, 20.0, 21.0]
    assert result.loc["t2"].tolist() == [-3.0, -3.0, -2.5]
    assert model.weights_["d"] < model.weights_["a"]
    assert model.truths_[("t1", "answer")] == Quantity.exact(20)


def test_the_range_keeps_a_heavy_or_close_figure() -> None:
    # Equal weights, hand-checked: item a has 10, 11 and 100 once each, a tie that 11 wins
    # (nearest all, see below); 100 is far from 11 (89 > 50), but weighs a third of the total,
    # more than a quarter: it stays.
    # Item 1 has 10, 10, 11, 100: 100 weighs a quarter: an outlier.
    columns = FigureColumns.from_observations(
        {
            ("a", "x"): {"s1": Quantity.exact(10), "s2": Quantity.exact(11),
                         "s3": Quantity.exact(100)},
            ("b", "x"): {"s1": Quantity.exact(10), "s2": Quantity.exact(10),
                         "s3": Quantity.exact(11), "s4": Quantity.exact(100)},
        }
    )  # fmt: skip
    weights = np.ones(len(columns.sources))
    truths = columns.vote(weights)
    assert truths.tolist() == [11.0, 10.0]
    low, high = columns.ranges(truths, weights)
    assert low.tolist() == [10.0, 10.0]
    assert high.tolist() == [100.0, 11.0]


def test_a_tie_goes_to_the_figure_nearest_all_then_the_lowest() -> None:
    # 10, 11 and 100 once each: distances 0+1+90 = 91 for 10, 1+0+89 = 90 for 11, 90+89+0 = 179
    # for 100, so 11 wins the tie; 4 and 6 once each cost 2 each: the lower, 4.
    columns = FigureColumns.from_observations(
        {
            ("a", "x"): {"s1": Quantity.exact(10), "s2": Quantity.exact(11),
                         "s3": Quantity.exact(100)},
            ("b", "x"): {"s1": Quantity.exact(4), "s2": Quantity.exact(6)},
        }
    )  # fmt: skip
    assert columns.vote(np.ones(len(columns.sources))).tolist() == [11.0, 4.0]


def test_a_frame_without_the_columns_is_named() -> None:
    with pytest.raises(UsageError, match="no column 'worker'"):
        CRH().fit_predict(pd.DataFrame({"task": ["t"], "label": [1.0]}))


def _readings(figures: list[float]) -> FigureColumns:
    return FigureColumns.from_observations(
        {("e", "x"): {f"s{i}": Quantity.exact(f) for i, f in enumerate(figures)}}
    )


def test_the_typical_spread_by_hand() -> None:
    # Item a: 1, 2, 3, 4, 100: median 3, deviations 2, 1, 0, 1, 97 with median 1: 1.4826.
    # Item b: 5, 5, 5, 9: the median deviation is 0, so the mean one stands in: 1.
    # Item c: one figure, no spread. The median of 1.4826 and 1 is 1.2413.
    columns = FigureColumns.from_observations(
        {
            ("a", "x"): {f"s{i}": Quantity.exact(f) for i, f in enumerate([1, 2, 3, 4, 100])},
            ("b", "x"): {f"s{i}": Quantity.exact(f) for i, f in enumerate([5, 5, 5, 9])},
            ("c", "x"): {"s0": Quantity.exact(7)},
        }
    )
    assert columns.typical_spread() == pytest.approx((1.4826 + 1) / 2)


def test_a_wild_reading_is_an_outlier_of_a_measurement_wherever_the_zero_lies() -> None:
    # The per-claim example of test_signed_figures: -2, -1.8, -1.8, -1.5 and 30, equal weights;
    # spread 1.4826 * 0.2, far is 3 spreads (0.89): 30 is an outlier, the range [-2, -1.5].
    readings = [-2, -1.8, -1.8, -1.5, 30]
    for shift in (0, 100):
        columns = _readings([figure + shift for figure in readings])
        weights = np.ones(len(columns.sources))
        truths = columns.vote(weights)
        assert truths.tolist() == pytest.approx([-1.8 + shift])
        low, high = columns.ranges(truths, weights, measure=Measure.MEASUREMENT)
        assert low.tolist() == pytest.approx([-2 + shift])
        assert high.tolist() == pytest.approx([-1.5 + shift])
    # Judged as a count, the shifted 130 is within half its size of 98.5: it stays in.
    shifted = _readings([figure + 100 for figure in readings])
    weights = np.ones(len(shifted.sources))
    assert shifted.ranges(shifted.vote(weights), weights)[1].tolist() == [130.0]
