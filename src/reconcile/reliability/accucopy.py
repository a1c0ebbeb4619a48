"""The numbers behind `CopyDetector`: AccuCopy's rounds over arrays (Dong et al., VLDB 2009).

Kept apart from `reconcile.reliability.copying` so that importing `reconcile` does not
load NumPy: only fitting a detector does. The observations are numbered
once (`observe`); each round (`iterate`) then computes, for every pair of
sources that share items, the probability that one copies the other; for
every value, each source's independent share of its vote and the vote
count; and from these the truths and the next accuracies.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt

from reconcile.model.claim import Value
from reconcile.reliability.observations import Item

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
Discount = Literal["copier", "dependence"]

ACCURACY_LIMIT = 1e-4
"""Accuracies are kept within [this, 1 - this]: a source right on its only claim is not
infinitely accurate, and the vote weight ``ln(n A / (1 - A))`` stays finite."""


@attrs.frozen(kw_only=True)
class Settings:
    """The model's settings, as `CopyDetector` documents them."""

    alpha: float
    copy_rate: float
    false_values: int
    discount: Discount
    max_iter: int
    tol: float


@attrs.frozen(kw_only=True)
class Observed:
    """The observations as arrays: sources, items, each item's distinct values and their givers.

    A "value" here is one distinct value of one item, numbered in item order
    and, within an item, by its text. Pairs are the pairs of sources that
    share at least one item, numbered once, lower source index first.
    """

    sources: tuple[str, ...]
    items: tuple[Item, ...]
    value_of: tuple[Value, ...]
    """Each value's value."""
    item_of: IntArray
    """Each value's item."""
    givers: tuple[IntArray, ...]
    """Each value's sources, ascending."""
    pair_ids: tuple[IntArray, ...]
    """Each value's matrix of the pairs among its sources (diagonal -1)."""
    first: IntArray
    """Each pair's first source (the lower index)."""
    second: IntArray
    """Each pair's second source."""
    shared: FloatArray
    """Each pair's count of items both give a value for."""
    same: FloatArray
    """Each pair's count of items both give the same value for."""
    said: IntArray
    """With `said_by`, every (value, source) that gives it: the value..."""
    said_by: IntArray
    """...and the source."""


@attrs.frozen(kw_only=True)
class Round:
    """What one round of AccuCopy estimated."""

    truths: IntArray
    """Each item's winning value."""
    accuracies: FloatArray
    """The accuracies the round's vote used."""
    first_copies: FloatArray
    """For each pair, the probability that its first source copies its second."""
    second_copies: FloatArray
    """...and that its second copies its first."""
    independence: tuple[FloatArray, ...]
    """Each value's independent share of each of its sources' votes."""
    same_true: FloatArray
    """For each pair, the items where both give the truth the round started from."""
    next_accuracies: FloatArray
    """The accuracies the round's probabilities give, for the next round."""


def iterate(observed: Observed, settings: Settings) -> tuple[Round, int]:
    """Rounds of dependence, votes, truths and accuracies, from the plain majority on."""
    truths = _majority(observed)
    accuracies = _agreement(observed, truths)
    iteration = 0
    while True:
        iteration += 1
        last = _round(observed, truths, accuracies, settings)
        moved = float(np.max(np.abs(last.next_accuracies - accuracies), initial=0.0))
        settled = bool(np.array_equal(last.truths, truths)) and moved <= settings.tol
        if settled or iteration >= settings.max_iter:
            return last, iteration
        truths, accuracies = last.truths, last.next_accuracies


def _round(
    observed: Observed, truths: IntArray, accuracies: FloatArray, settings: Settings
) -> Round:
    """One round: dependence under `truths` and `accuracies`, then the vote it discounts."""
    same_true = _same_true(observed, truths)
    first_copies, second_copies = _dependence(observed, same_true, accuracies, settings)
    weights = vote_weights(accuracies, settings.false_values)
    independence = tuple(
        _independent_shares(
            _copy_matrix(pairs, first_copies, second_copies, settings.discount),
            weights[givers],
            settings.copy_rate,
        )
        for givers, pairs in zip(observed.givers, observed.pair_ids, strict=True)
    )
    counts = np.array(
        [
            float(np.dot(weights[givers], shares))
            for givers, shares in zip(observed.givers, independence, strict=True)
        ]
    )
    probabilities = _value_probabilities(observed, counts, settings.false_values)
    return Round(
        truths=_winners(observed, counts),
        accuracies=accuracies,
        first_copies=first_copies,
        second_copies=second_copies,
        independence=independence,
        same_true=same_true,
        next_accuracies=_mean_by_source(observed, probabilities),
    )


def _dependence(
    observed: Observed, same_true: FloatArray, accuracies: FloatArray, settings: Settings
) -> tuple[FloatArray, FloatArray]:
    """For each pair, the probability that its first copies its second, and the reverse.

    Bayes' rule over three hypotheses: first copies second, second
    copies first (prior ``alpha`` each), independent (``1 - 2 alpha``). An
    independent pair gives the same true value with probability ``A1 A2``,
    the same false one with ``(1 - A1)(1 - A2) / n``; a copier copies an
    item with probability ``c``, and then its value is true when the
    copied source's is.
    """
    kt, kf = same_true, observed.same - same_true
    kd = observed.shared - observed.same
    a1, a2 = accuracies[observed.first], accuracies[observed.second]
    c, n, alpha = settings.copy_rate, settings.false_values, settings.alpha
    p_true, p_false = a1 * a2, (1 - a1) * (1 - a2) / n
    p_different = 1 - p_true - p_false

    def log_likelihood(true: FloatArray, false: FloatArray, different: FloatArray) -> FloatArray:
        return kt * np.log(true) + kf * np.log(false) + kd * np.log(different)

    independent = math.log(1 - 2 * alpha) + log_likelihood(p_true, p_false, p_different)
    copied = (1 - c) * p_true, (1 - c) * p_false, (1 - c) * p_different
    first = math.log(alpha) + log_likelihood(
        c * a2 + copied[0], c * (1 - a2) + copied[1], copied[2]
    )
    second = math.log(alpha) + log_likelihood(
        c * a1 + copied[0], c * (1 - a1) + copied[1], copied[2]
    )
    top = np.maximum(np.maximum(independent, first), second)
    odds = np.exp(independent - top), np.exp(first - top), np.exp(second - top)
    total = odds[0] + odds[1] + odds[2]
    return odds[1] / total, odds[2] / total


def vote_weights(accuracies: FloatArray, false_values: int) -> FloatArray:
    """``ln(n A / (1 - A))``: the log-odds that a value is true given that it says it.

    A source less accurate than a random pick among the ``n + 1`` values
    would weigh less than 0; it weighs 0, no evidence either way.
    """
    weights = np.log(false_values * accuracies / (1 - accuracies))
    return np.maximum(weights, 0.0)


def observe(observations: Mapping[Item, Mapping[str, Value]]) -> Observed:
    """The observations numbered: values per item, their sources, and the pairs they share."""
    sources = tuple(sorted({source for said in observations.values() for source in said}))
    index = {source: number for number, source in enumerate(sources)}
    items = tuple(sorted(observations))
    values: list[Value] = []
    item_of: list[int] = []
    givers: list[IntArray] = []
    for number, item in enumerate(items):
        by_value: dict[Value, list[int]] = defaultdict(list)
        for source, value in observations[item].items():
            by_value[value].append(index[source])
        for value in sorted(by_value, key=str):
            values.append(value)
            item_of.append(number)
            givers.append(np.array(sorted(by_value[value]), dtype=np.intp))
    pairs = _Pairs()
    for item in items:
        pairs.share(sorted(index[source] for source in observations[item]))
    pair_ids = tuple(pairs.among(giving) for giving in givers)
    said, said_by = _said(givers)
    return Observed(
        sources=sources,
        items=items,
        value_of=tuple(values),
        item_of=np.array(item_of, dtype=np.intp),
        givers=tuple(givers),
        pair_ids=pair_ids,
        first=np.array([first for first, _ in pairs.order], dtype=np.intp),
        second=np.array([second for _, second in pairs.order], dtype=np.intp),
        shared=np.array(pairs.shared, dtype=np.float64),
        same=_pair_counts(pair_ids, len(pairs.order)),
        said=said,
        said_by=said_by,
    )


class _Pairs:
    """Numbers the pairs of sources that share items, and counts the items they share."""

    def __init__(self) -> None:
        self.ids: dict[tuple[int, int], int] = {}
        self.order: list[tuple[int, int]] = []
        self.shared: list[int] = []

    def share(self, sources: Sequence[int]) -> None:
        """One more item that all of `sources` (ascending) give a value for."""
        for position, first in enumerate(sources):
            for second in sources[position + 1 :]:
                pair = self.ids.setdefault((first, second), len(self.order))
                if pair == len(self.order):
                    self.order.append((first, second))
                    self.shared.append(0)
                self.shared[pair] += 1

    def among(self, sources: IntArray) -> IntArray:
        """The matrix of the pair ids among `sources` (ascending), -1 on the diagonal."""
        size = len(sources)
        matrix = np.full((size, size), -1, dtype=np.intp)
        for row in range(size):
            for column in range(row + 1, size):
                pair = self.ids[(int(sources[row]), int(sources[column]))]
                matrix[row, column] = matrix[column, row] = pair
        return matrix


def _said(givers: Sequence[IntArray]) -> tuple[IntArray, IntArray]:
    """Every (value, source) that says it, as two arrays: the values, and their sources."""
    values = np.repeat(np.arange(len(givers), dtype=np.intp), [len(g) for g in givers])
    sources = np.concatenate(givers) if givers else np.zeros(0, dtype=np.intp)
    return values, sources


def _pair_counts(pair_ids: Iterable[IntArray], size: int) -> FloatArray:
    """For each pair, on how many of these values' matrices it appears: values it shares."""
    upper = [matrix[np.triu_indices(len(matrix), 1)] for matrix in pair_ids]
    found = np.concatenate(upper) if upper else np.zeros(0, dtype=np.intp)
    return np.bincount(found, minlength=size).astype(np.float64)


def _same_true(observed: Observed, truths: IntArray) -> FloatArray:
    """For each pair, on how many items both give the current truth."""
    return _pair_counts(
        (observed.pair_ids[value] for value in truths.tolist()), len(observed.first)
    )


def _majority(observed: Observed) -> IntArray:
    """Each item's value given by the most sources (ties: the first by text)."""
    return _winners(observed, np.array([float(len(givers)) for givers in observed.givers]))


def _winners(observed: Observed, counts: FloatArray) -> IntArray:
    """Each item's value with the largest count; ties go to the first value, by text."""
    winners = np.zeros(len(observed.items), dtype=np.intp)
    best = np.full(len(observed.items), -np.inf)
    for value, (item, count) in enumerate(
        zip(observed.item_of.tolist(), counts.tolist(), strict=True)
    ):
        if count > best[item]:
            best[item], winners[item] = count, value
    return winners


def _agreement(observed: Observed, truths: IntArray) -> FloatArray:
    """The first accuracies: each source's share of values that are the plain majority's.

    Smoothed as (right + 1) / (given + 2), so that a source with one or two
    values starts neither certain nor hopeless.
    """
    right = np.zeros(len(observed.item_of))
    right[truths] = 1.0
    said, by = observed.said, observed.said_by
    hits = np.bincount(by, weights=right[said], minlength=len(observed.sources))
    given = np.bincount(by, minlength=len(observed.sources))
    return np.clip((hits + 1) / (given + 2), ACCURACY_LIMIT, 1 - ACCURACY_LIMIT)


def _copy_matrix(
    pairs: IntArray,
    first_copies: FloatArray,
    second_copies: FloatArray,
    discount: Literal["copier", "dependence"],
) -> FloatArray:
    """Among one value's sources (ascending), what discounts the row's vote given the column.

    With ``"copier"`` the probability that the row copies the column; with
    ``"dependence"`` that one copies the other, either way.
    """
    size = len(pairs)
    if size < 2:
        return np.zeros((size, size))
    if discount == "dependence":
        matrix = first_copies[pairs] + second_copies[pairs]
    else:
        upper = np.triu(np.ones((size, size), dtype=bool), 1)
        # Above the diagonal the row is the pair's first source; below it, its second.
        matrix = np.where(upper, first_copies[pairs], second_copies[pairs])
    np.fill_diagonal(matrix, 0.0)
    return matrix


def _independent_shares(copying: FloatArray, weights: FloatArray, copy_rate: float) -> FloatArray:
    """The independent share of each source's vote for one value, counted greedily.

    Each step counts the source whose vote, discounted by the probability
    that it copies a source already counted, is largest (ties: the lower
    index, the smaller id); its share is the product of ``1 - c P(it copies
    that one)`` over the sources counted before it.
    """
    size = len(weights)
    shares = np.ones(size)
    if size < 2:
        return shares
    remaining = np.ones(size)
    left = np.ones(size, dtype=bool)
    for _ in range(size):
        chosen = int(np.argmax(np.where(left, remaining * weights, -np.inf)))
        shares[chosen], left[chosen] = remaining[chosen], False
        remaining = remaining * (1 - copy_rate * copying[:, chosen])
    return shares


def _value_probabilities(observed: Observed, counts: FloatArray, false_values: int) -> FloatArray:
    """Each value's probability of being true: its share of ``exp(vote count)`` on its item.

    An item has ``n + 1`` possible values; those nobody gives have vote count
    0 and so still take a share, which keeps a lone uncontested value from
    being certain.
    """
    items = len(observed.items)
    top = np.zeros(items)
    np.maximum.at(top, observed.item_of, counts)
    scaled = np.exp(counts - top[observed.item_of])
    given = np.bincount(observed.item_of, minlength=items)
    unseen = np.maximum(false_values + 1 - given, 0) * np.exp(-top)
    totals = np.bincount(observed.item_of, weights=scaled, minlength=items) + unseen
    probabilities: FloatArray = scaled / totals[observed.item_of]
    return probabilities


def _mean_by_source(observed: Observed, probabilities: FloatArray) -> FloatArray:
    """Each source's accuracy: the mean probability of the values it gives, kept off 0 and 1."""
    said, by = observed.said, observed.said_by
    total = np.bincount(by, weights=probabilities[said], minlength=len(observed.sources))
    given = np.bincount(by, minlength=len(observed.sources))
    return np.clip(total / np.maximum(given, 1), ACCURACY_LIMIT, 1 - ACCURACY_LIMIT)
