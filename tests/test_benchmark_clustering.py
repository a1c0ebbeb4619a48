"""The pairwise scoring of event clusterings that the clustering benchmarks share."""

from __future__ import annotations

import itertools

import pytest
from benchmarks.clustering import pairwise
from hypothesis import given
from hypothesis import strategies as st


def test_a_clustering_scored_by_hand() -> None:
    # Gold: {a, b, c} and {d}: true pairs ab, ac, bc. Found: {a, b} and {c, d}: found pairs
    # ab and cd, of which ab is true. Precision 1/2, recall 1/3, F1 2 * 1/6 / (5/6) = 2/5.
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    found = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert pairwise(found, gold) == pytest.approx((1 / 2, 1 / 3, 2 / 5))


def test_no_pairs_at_all_is_perfect_precision_and_recall() -> None:
    singletons = {"a": "1", "b": "2"}
    assert pairwise(singletons, singletons) == (1.0, 1.0, 1.0)


def test_different_claims_are_refused() -> None:
    with pytest.raises(SystemExit, match="different claims"):
        pairwise({"a": "1"}, {"b": "1"})


groupings = st.lists(st.sampled_from("pqrs"), min_size=1, max_size=12).flatmap(
    lambda gold: st.tuples(
        st.just(gold), st.lists(st.sampled_from("wxyz"), min_size=len(gold), max_size=len(gold))
    )
)


@given(groupings)
def test_counting_pairs_is_listing_them(grouping: tuple[list[str], list[str]]) -> None:
    # The law: the counts of each cell give what comparing every pair of claims gives.
    gold = {f"c{i}": event for i, event in enumerate(grouping[0])}
    found = {f"c{i}": event for i, event in enumerate(grouping[1])}
    true_pairs = found_pairs = both = 0
    for first, second in itertools.combinations(sorted(found), 2):
        same_true, same_found = gold[first] == gold[second], found[first] == found[second]
        true_pairs += same_true
        found_pairs += same_found
        both += same_true and same_found
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert pairwise(found, gold) == pytest.approx((precision, recall, f1))
