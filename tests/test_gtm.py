"""`GTM`, the Gaussian truth model (Zhao & Han 2012), against a hand-worked example."""

from __future__ import annotations

import pytest

from reconcile import GTM, NotFittedError, Quantity


def test_one_round_by_hand() -> None:
    # Three figures for one item: 10, 12 and 20. Median 12, absolute deviations 2, 0, 8 with
    # median 2, so the unit is s = 1.4826 * 2 = 2.9652 and the standardised figures are
    # -2/s, 0 and 8/s. alpha = beta = 1: every variance starts at beta / (alpha + 1) = 0.5.
    # The truth: (0 / 1 + (-2/s + 0 + 8/s) / 0.5) / (1 / 1 + 3 / 0.5) = (12/s) / 7, which is
    # 12 + 12/7 = 13.714285... in the item's units.
    # Each variance: (2 beta + squared distance) / (2 (alpha + 1) + 1 claim), the distance in
    # units of s: a (10): (-2 - 12/7)^2 / s^2 = 13.7959 / 8.79241 = 1.56907 -> 0.713814;
    # b (12): (12/7)^2 / s^2 = 0.334241 -> 0.466848; c (20): (8 - 12/7)^2 / s^2 = 4.49365
    # -> 1.298730.
    said = {("e", "x"): {"a": Quantity.exact(10), "b": Quantity.exact(12), "c": Quantity.exact(20)}}
    model = GTM(alpha=1, beta=1, max_iter=1).fit_observations(said)
    truth = model.truths_[("e", "x")]
    assert isinstance(truth, Quantity)
    assert truth.low == pytest.approx(12 + 12 / 7)
    assert model.variances_ == pytest.approx(
        {"a": 0.713814, "b": 0.466848, "c": 1.298730}, rel=1e-5
    )
    # Weights are precisions, the most precise (b) weighing 1.
    assert model.weights_ == pytest.approx(
        {"a": 0.466848 / 0.713814, "b": 1.0, "c": 0.466848 / 1.298730}, rel=1e-5
    )
    assert model.n_iter_ == 1


def test_a_careless_source_gets_a_large_variance_over_many_items() -> None:
    said = {
        (f"e{k}", "x"): {
            "careful": Quantity.exact(100 + k),
            "also": Quantity.exact(100 + k),
            "careless": Quantity.exact(100 + k + (40 if k % 2 else -40)),
        }
        for k in range(10)
    }
    model = GTM().fit_observations(said)
    assert model.weights_["careless"] < 0.5 * model.weights_["careful"]
    truth = model.truths_[("e3", "x")]
    assert isinstance(truth, Quantity)
    assert abs(truth.low - 103) < abs(truth.low - 143)


def test_gtm_raises_before_fit_and_skips_what_is_not_one_figure() -> None:
    with pytest.raises(NotFittedError):
        _ = GTM().truths_
    model = GTM().fit_observations({("e", "x"): {"a": Quantity(low=1, high=5)}})
    assert model.truths_ == {}
