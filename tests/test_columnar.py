"""The columnar path (`reconcile.columnar`) against the per-claim path it must agree with."""

from __future__ import annotations

import math
import sys

import attrs
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reconcile
from reconcile import CATD, CRH, Category, OneCoin, Quantity, UsageError
from reconcile.columnar import LabelColumns
from reconcile.reliability.observations import observations_of
from reconcile.testing import datasets

MODELS = [CRH, CATD, OneCoin]
X, Y = Category(label="x"), Category(label="y")

# Lower-case labels: the per-claim path breaks a tie by the spelling it met first in
# each item, the columnar path by the one it met first overall; with one spelling
# per label the two are the same.
_LABELS = st.sampled_from(["a", "b", "c", "d"])
_SOURCES = st.sampled_from([f"s{i}" for i in range(8)])


@st.composite
def label_observations(draw: st.DrawFn) -> dict[tuple[str, str], dict[str, Category]]:
    """For up to 30 items, the label each of up to 8 sources gave."""
    n_items = draw(st.integers(min_value=1, max_value=30))
    return {
        (f"e{index}", "perpetrator"): {
            source: Category(label=label)
            for source, label in draw(
                st.dictionaries(_SOURCES, _LABELS, min_size=1, max_size=8)
            ).items()
        }
        for index in range(n_items)
    }


def _assert_same_model(columnar: CRH, per_claim: CRH) -> None:
    assert columnar.truths_ == per_claim.truths_
    assert columnar.n_iter_ == per_claim.n_iter_
    assert columnar.weights_.keys() == per_claim.weights_.keys()
    for source, weight in per_claim.weights_.items():
        assert math.isclose(columnar.weights_[source], weight, rel_tol=1e-9), source


@pytest.mark.parametrize("model", MODELS)
@given(observations=label_observations(), max_iter=st.integers(min_value=1, max_value=20))
def test_columns_learn_what_the_per_claim_path_learns(
    model: type[CRH], observations: dict[tuple[str, str], dict[str, Category]], max_iter: int
) -> None:
    columnar = model(max_iter=max_iter).fit_columns(LabelColumns.from_observations(observations))
    per_claim = model(max_iter=max_iter).fit_observations(observations)
    _assert_same_model(columnar, per_claim)


@pytest.mark.parametrize("model", MODELS)
@given(dataset=datasets(max_claims=20))
def test_columns_of_a_dataset_are_its_label_observations(
    model: type[CRH], dataset: reconcile.Dataset
) -> None:
    # Only the categorical claims, with one spelling per label (see _LABELS).
    labelled = [
        attrs.evolve(claim, value=Category(label=claim.value.key))
        for claim in dataset.claims
        if isinstance(claim.value, Category)
    ]
    dataset = attrs.evolve(dataset, claims=labelled)
    columns = LabelColumns.from_dataset(dataset)
    observations = observations_of(dataset)
    assert len(columns) == sum(len(values) for values in observations.values())
    if len(columns):
        _assert_same_model(model().fit_columns(columns), model().fit_observations(observations))


def test_a_frame_row_per_claim_the_last_row_of_a_source_counting() -> None:
    frame = pd.DataFrame(
        {
            "task": ["t1", "t1", "t1", "t2", "t2", "t1"],
            "worker": ["w1", "w2", "w3", "w1", "w2", "w3"],
            "label": ["yes", "no", "no", "no", "yes", "Yes"],
        }
    )
    columns = LabelColumns.from_frame(frame, item="task", source="worker", label="label")
    # w3's second answer on t1 ("Yes", the same label as "yes") replaces its "no".
    assert len(columns) == 5
    assert columns.items == (("t1", "label"), ("t2", "label"))
    assert columns.sources == ("w1", "w2", "w3")
    assert columns.labels == ("no", "yes")
    observed = {
        (columns.items[i], columns.sources[s], columns.labels[v])
        for i, s, v in zip(columns.item, columns.source, columns.label, strict=True)
    }
    assert observed == {
        (("t1", "label"), "w1", "yes"),
        (("t1", "label"), "w2", "no"),
        (("t1", "label"), "w3", "yes"),
        (("t2", "label"), "w1", "no"),
        (("t2", "label"), "w2", "yes"),
    }
    # Equal weights: t1 is 2 to 1 for "yes"; t2 is a tie, which goes to the label
    # that sorts last, "yes", as the per-claim vote does.
    votes = columns.vote(columns.weight_array(dict.fromkeys(columns.sources, 1.0)))
    assert [columns.labels[code] for code in votes] == ["yes", "yes"]


def test_two_item_columns_name_the_event_and_attribute() -> None:
    frame = pd.DataFrame(
        {
            "event": ["e1", "e1"],
            "attribute": ["perpetrator", "weapon"],
            "by": ["a", "a"],
            "value": ["x", "y"],
        }
    )
    columns = LabelColumns.from_frame(
        frame, item=["event", "attribute"], source="by", label="value"
    )
    assert columns.items == (("e1", "perpetrator"), ("e1", "weapon"))
    assert CRH().fit_columns(columns).truths_ == {
        ("e1", "perpetrator"): Category(label="x"),
        ("e1", "weapon"): Category(label="y"),
    }


def test_a_reliable_source_outweighs_a_majority_of_unreliable_ones() -> None:
    # Worked by hand: s1, s2 and s3 agree on items 1-4, where s4 and s5 are each
    # wrong. With equal weights, item 5 goes to s4 and s5 (two votes to one), so
    # s1 loses 1 and s4, s5 lose 4 each: total 9.005 with smoothing, weights
    # log(9.005/1.001) = 2.20 for s1 and log(9.005/4.001) = 0.81 for s4 and s5,
    # scaled by s2's 9.11 to 0.24 and 0.089. Round two gives item 5 to s1
    # (0.24 > 2 x 0.089); then s1, s2, s3 never lose and weigh 1, and s4, s5
    # weigh log(10.005/5.001) / log(10.005/0.001) = 0.075.
    rows = []
    for item in range(1, 5):
        rows += [(f"i{item}", source, "right") for source in ("s1", "s2", "s3")]
        rows += [(f"i{item}", "s4", "wrong-4"), (f"i{item}", "s5", "wrong-5")]
    rows += [("i5", "s1", "right"), ("i5", "s4", "wrong"), ("i5", "s5", "wrong")]
    frame = pd.DataFrame(rows, columns=["task", "worker", "label"])
    columns = LabelColumns.from_frame(frame, item="task", source="worker", label="label")
    model = CRH().fit_columns(columns)
    assert model.truths_[("i5", "label")] == Category(label="right")
    assert model.weights_["s1"] == 1.0
    assert model.weights_["s4"] == pytest.approx(0.0753, abs=1e-4)


def test_missing_columns_and_blank_cells_are_named() -> None:
    frame = pd.DataFrame({"task": ["t1", "t2"], "worker": ["w1", None], "label": ["a", "b"]})
    with pytest.raises(UsageError, match="no column 'answer'"):
        LabelColumns.from_frame(frame, item="task", source="worker", label="answer")
    with pytest.raises(UsageError, match="column 'worker' has no value in row 1"):
        LabelColumns.from_frame(frame, item="task", source="worker", label="label")


def test_figures_are_not_labels() -> None:
    observations = {("e1", "killed"): {"s1": Quantity.exact(5)}}
    with pytest.raises(UsageError, match=r"'s1' gave Quantity 5 for \('e1', 'killed'\)"):
        LabelColumns.from_observations(observations)


def test_without_pandas_the_columns_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    observations = {
        ("e1", "side"): {"s2": Y, "s1": X},
        ("e2", "side"): {"s1": Y, "s3": Category(label="Z")},
    }
    with_pandas = LabelColumns.from_observations(observations)
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    without = LabelColumns.from_observations(observations)
    assert (without.sources, without.labels) == (("s1", "s2", "s3"), ("Z", "x", "y"))
    for name in ("item", "source", "label"):
        assert getattr(without, name).tolist() == getattr(with_pandas, name).tolist()


def test_an_item_without_labels_is_named() -> None:
    with pytest.raises(UsageError, match=r"no source gave a label for \('e2', 'side'\)"):
        LabelColumns.from_observations({("e1", "side"): {"s1": X}, ("e2", "side"): {}})


def test_max_iter_must_allow_one_round() -> None:
    with pytest.raises(ValueError, match="max_iter"):
        CRH(max_iter=0)


@pytest.mark.parametrize("path", ["per-claim", "columnar"])
def test_one_coin_counts_a_source_that_is_mostly_wrong_against_what_it_says(path: str) -> None:
    # Worked by hand: on items 1-4 s1, s2 and s3 say "x" and s4 says "y"; on item 5
    # only s1 ("x") and s4 ("y") speak. Round one is a plain vote: item 5 is a tie,
    # which goes to "y", the label that sorts last. Accuracies with one right and one
    # wrong answer added: s1 (4+1)/(5+2) = 5/7, s4 (1+1)/(5+2) = 2/7, so in round two
    # s1's log-odds log(5/2) beats s4's log(2/5) and item 5 becomes "x"; round three
    # gives s1 6/7, s2 and s3 5/6 (four of four), s4 1/7, and nothing moves after.
    observations: dict[tuple[str, str], dict[str, Category]] = {
        (f"i{n}", "label"): {"s1": X, "s2": X, "s3": X, "s4": Y} for n in range(1, 5)
    }
    observations[("i5", "label")] = {"s1": X, "s4": Y}
    model = OneCoin()
    if path == "columnar":
        model.fit_columns(LabelColumns.from_observations(observations))
    else:
        model.fit_observations(observations)
    assert model.truths_[("i5", "label")] == X
    assert model.weights_ == pytest.approx({"s1": 6 / 7, "s2": 5 / 6, "s3": 5 / 6, "s4": 1 / 7})
