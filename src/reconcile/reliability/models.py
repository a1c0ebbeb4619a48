"""`CRH`: source reliability learned across the whole dataset (Li et al., SIGMOD 2014).

Conflict Resolution on Heterogeneous data alternates two steps until the
weights settle: estimate each item's truth from the weighted claims, then
weigh each source by how far its claims lie from those truths, so that a
source that is often right counts for more everywhere. It handles figures
(distance from the truth, scaled by the item's spread) and labels (0 if
right, 1 if wrong) in one loss. Here a "source" is a claim's origin, so an
outlet that only repeats others gains no weight by it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, Self, TypeVar

import attrs

from reconcile.judging.strategies.quantity import consensus_figure, distance
from reconcile.linking.cluster import Clusterer
from reconcile.model.claim import Value
from reconcile.model.dataset import Dataset
from reconcile.reliability.observations import (
    Item,
    fitted,
    observations_of,
)
from reconcile.values.category import Category
from reconcile.values.numbers import TIE_TOLERANCE
from reconcile.values.quantity import Measure, Quantity, central_figure
from reconcile.values.timespan import TimeSpan

if TYPE_CHECKING:  # the columnar path imports NumPy, which `import reconcile` leaves out
    from reconcile.reliability.columnar import FigureColumns, LabelColumns

_T = TypeVar("_T")


@attrs.define(kw_only=True)
class CRH:
    """Learn a weight per source from how often its claims agree with the weighted truths.

    Follows the estimator contract: settings are fields, `fit` returns the
    model itself, and what it learns lives in fields ending in ``_``
    (`weights_`, `truths_`, `n_iter_`), which raise `NotFittedError` before
    `fit`. Weights are scaled so the best source weighs 1.

    >>> model = CRH(max_iter=20).fit(dataset)       # doctest: +SKIP
    >>> reconcile(dataset, weights=model)           # doctest: +SKIP
    """

    max_iter: int = attrs.field(default=20, validator=attrs.validators.ge(1))
    tol: float = 1e-6
    smoothing: float = 1e-3
    """Added to every loss, so a source that is never wrong has a large but finite weight."""
    min_weight: float = 1e-3
    _weights: dict[str, float] | None = attrs.field(default=None, init=False, repr=False)
    _truths: dict[Item, Value] | None = attrs.field(default=None, init=False, repr=False)
    _n_iter: int | None = attrs.field(default=None, init=False, repr=False)
    _columns_truths: Any = attrs.field(default=None, init=False, repr=False)

    @property
    def weights_(self) -> dict[str, float]:
        """The learned weight of each origin source, in (0, 1]."""
        return fitted(self, self._weights)

    @property
    def truths_(self) -> dict[Item, Value]:
        """The last estimate of each (event, attribute)'s value."""
        return fitted(self, self._truths)

    @property
    def n_iter_(self) -> int:
        """How many iterations ran."""
        return fitted(self, self._n_iter)

    def fit(self, dataset: Dataset, *, clusterer: Clusterer | None = None) -> Self:
        """Learn the weights from every claim of `dataset`, grouped into events by `clusterer`."""
        return self.fit_observations(observations_of(dataset, clusterer))

    def fit_observations(self, observations: Mapping[Item, Mapping[str, Value]]) -> Self:
        """Learn from ready-made observations: for each item, the value each source gave."""
        sources = sorted({source for values in observations.values() for source in values})
        weights, truths, iterations = self._iterate(
            sources,
            lambda weights: self._estimate(observations, weights),
            lambda truths: _losses(observations, truths),
        )
        self._weights, self._truths, self._n_iter = weights, truths, iterations
        return self

    def fit_columns(self, columns: LabelColumns | FigureColumns) -> Self:
        """Learn from labels or figures held as columns: `fit_observations`, vectorised.

        For millions of claims (see `reconcile.columnar`): each iteration is a
        few NumPy operations over the rows instead of a Python loop over claims.
        Labels vote with the model's ballots; figures, as in the per-claim
        path, with the weights themselves.
        """
        from reconcile.reliability.columnar import LabelColumns

        if isinstance(columns, LabelColumns):
            labels = columns

            def estimate(weights: Mapping[str, float]) -> Any:
                ballots = labels.weight_array(self._ballots(weights))
                return labels.vote(ballots, alternatives=self.counts_alternatives)

        else:
            figures = columns

            def estimate(weights: Mapping[str, float]) -> Any:
                return figures.vote(figures.weight_array(weights))

        weights, truths, iterations = self._iterate(
            list(columns.sources), estimate, columns.mistakes
        )
        self._weights, self._truths, self._n_iter = weights, columns.values(truths), iterations
        self._columns_truths = truths
        return self

    def fit_predict(
        self,
        frame: Any,
        *,
        task: str = "task",
        worker: str = "worker",
        label: str = "label",
    ) -> Any:
        """Fit on a crowd-kit-style frame and return each task's answer, as crowd-kit does.

        `frame` is a pandas DataFrame with one row per label: the task, the
        worker who labelled it and the label, in the columns `task`, `worker`
        and `label` (rename them with those arguments). It runs on the
        columnar path (`LabelColumns` or `FigureColumns`), so millions of
        rows take seconds.

        Labels stay what they are: text labels give a pandas Series of the
        chosen label per task (named ``agg_label``, as crowd-kit names it);
        a numeric `label` column gives a DataFrame with the columns ``best``,
        ``low`` and ``high`` per task, ``best`` the figure with the most
        weight and ``[low, high]`` the lowest and highest figure that is not
        an outlier, by the quantity strategies' rule for counts, or for
        measurements when some figure is below zero (as for an undeclared
        attribute).
        """
        import pandas as pd

        from reconcile.reliability.columnar import FigureColumns, LabelColumns

        if label in frame.columns and _is_numeric(frame[label]):
            figures = FigureColumns.from_frame(frame, item=task, source=worker, label=label)
            self.fit_columns(figures)
            weights = figures.weight_array(self.weights_)
            # As for an undeclared attribute: figures below zero make a measurement.
            signed = bool((figures.figure < 0).any())
            measure = Measure.MEASUREMENT if signed else Measure.COUNT
            low, high = figures.ranges(self._columns_truths, weights, measure=measure)
            index = pd.Index([item for item, _ in figures.items], name=task)
            return pd.DataFrame(
                {"best": self._columns_truths, "low": low, "high": high}, index=index
            )
        labels = LabelColumns.from_frame(frame, item=task, source=worker, label=label)
        self.fit_columns(labels)
        index = pd.Index([item for item, _ in labels.items], name=task)
        answers = [labels.labels[code] for code in self._columns_truths.tolist()]
        return pd.Series(answers, index=index, name="agg_label")

    counts_alternatives = False
    """Whether a vote also counts how many other labels its source could have chosen."""

    def _ballots(self, weights: Mapping[str, float]) -> dict[str, float]:
        """What each source's vote for a label counts, given the weights: the weight itself."""
        return dict(weights)

    def _estimate(
        self, observations: Mapping[Item, Mapping[str, Value]], weights: Mapping[str, float]
    ) -> dict[Item, Value]:
        ballots = self._ballots(weights)
        return {
            item: _truth(values, weights, ballots, alternatives=self.counts_alternatives)
            for item, values in observations.items()
        }

    def _iterate(
        self,
        sources: Sequence[str],
        estimate: Callable[[Mapping[str, float]], _T],
        score: Callable[[_T], tuple[dict[str, float], dict[str, int]]],
    ) -> tuple[dict[str, float], _T, int]:
        """Alternate the truths `estimate` gives from weights and the weights their `score` gives.

        Stops when no weight moves by `tol`, or after `max_iter` rounds;
        returns the weights and the truths estimated from the weights before.
        """
        weights = dict.fromkeys(sources, 1.0)
        iterations = 0
        while True:
            iterations += 1
            truths = estimate(weights)
            losses, counts = score(truths)
            updated = self._reweigh(losses, counts, sources)
            change = max((abs(updated[s] - weights[s]) for s in sources), default=0.0)
            weights = updated
            if change < self.tol or iterations >= self.max_iter:
                return weights, truths, iterations

    def _reweigh(
        self, losses: Mapping[str, float], counts: Mapping[str, int], sources: Iterable[str]
    ) -> dict[str, float]:
        """CRH's weights: the log of the total loss over the source's own."""
        total = sum(losses[source] + self.smoothing for source in sources)
        raw = {s: math.log(total / (losses[s] + self.smoothing)) for s in sources}
        return _scaled(raw, self.min_weight)


@attrs.define(kw_only=True)
class CATD(CRH):
    """Source reliability for long-tail data (Li et al., VLDB 2015), with CRH's fitting loop.

    CRH adds up a source's losses, so a source that makes many claims, most
    of them right, looks worse than one that made a single lucky claim. CATD
    weighs a source by a confidence bound instead: the lower ``significance
    / 2`` quantile of the chi-square distribution with as many degrees of
    freedom as the source has claims, over the sum of its losses. A source
    with few claims gets a cautious weight; a prolific, accurate one a high
    weight. Same contract as `CRH`.
    """

    significance: float = 0.05

    def _reweigh(
        self, losses: Mapping[str, float], counts: Mapping[str, int], sources: Iterable[str]
    ) -> dict[str, float]:
        """CATD's weights: a chi-square confidence bound over the source's summed loss."""
        raw = {
            s: chi_square_quantile(self.significance / 2, counts[s]) / (losses[s] + self.smoothing)
            for s in sources
        }
        return _scaled(raw, self.min_weight)


@attrs.define(kw_only=True)
class OneCoin(CRH):
    """Source accuracy by expectation-maximisation: the one-coin model of Dawid and Skene (1979).

    Each source is right with its own probability ``a`` and, when wrong,
    gives any other label alike. The likeliest label of an item is then the
    one whose sources have the most log-odds ``log(a (K - 1) / (1 - a))``,
    with ``K`` the number of labels claimed for the item. A source right less
    often than chance has negative log-odds: its word counts against what it
    says, which is how this model sees through sources that are wrong on
    purpose, where `CRH` and `CATD` can only give them little weight.

    Accuracies are estimated from how often each source agrees with the
    current truths, counting `prior` right and `prior` wrong answers besides
    (Laplace's rule), so one lucky answer is not certainty. `weights_` are the
    accuracies, in (0, 1), ready to pass to `reconcile`; a figure's loss is its
    distance from the consensus over the item's spread, so a figure far off
    counts as a wrong answer. Same contract as `CRH`.
    """

    prior: float = attrs.field(default=1.0, validator=attrs.validators.gt(0))
    counts_alternatives = True

    def _reweigh(
        self, losses: Mapping[str, float], counts: Mapping[str, int], sources: Iterable[str]
    ) -> dict[str, float]:
        """Each source's share of right answers, with the prior's."""
        return {
            s: max(0.0, counts[s] - losses[s] + self.prior) / (counts[s] + 2 * self.prior)
            for s in sources
        }

    def _ballots(self, weights: Mapping[str, float]) -> dict[str, float]:
        """The log-odds of each accuracy; the first round's weights of 1 become equal votes."""
        ballots = {}
        for source, accuracy in weights.items():
            bounded = min(max(accuracy, _CERTAINTY_BOUND), 1 - _CERTAINTY_BOUND)
            ballots[source] = math.log(bounded / (1 - bounded))
        return ballots


_CERTAINTY_BOUND = 1e-6
"""Accuracies are kept this far from 0 and 1, where the log-odds would be infinite."""


def chi_square_quantile(probability: float, degrees: int) -> float:
    """The chi-square quantile: exact for one and two degrees of freedom, else Wilson-Hilferty.

    The approximation is within about 4% from five degrees of freedom on (16% at three).
    """
    if degrees <= 0:
        return 0.0
    if degrees == 1:
        return NormalDist().inv_cdf((1 + probability) / 2) ** 2
    if degrees == 2:
        return -2 * math.log(1 - probability)
    z = NormalDist().inv_cdf(probability)
    term = 2 / (9 * degrees)
    return max(0.0, degrees * (1 - term + z * math.sqrt(term)) ** 3)


def _losses(
    observations: Mapping[Item, Mapping[str, Value]], truths: Mapping[Item, Value]
) -> tuple[dict[str, float], dict[str, int]]:
    """Each source's summed loss against the truths, and how many claims it made."""
    losses: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for item, values in observations.items():
        spread = _spread(values.values())
        for source, value in values.items():
            losses[source] += _loss(value, truths[item], spread)
            counts[source] += 1
    return losses, counts


def _scaled(raw: Mapping[str, float], floor: float) -> dict[str, float]:
    """Weights scaled so the best source weighs 1, none below `floor`."""
    top = max(raw.values(), default=0.0)
    if top <= 0:
        # One source, or all equally wrong: nothing tells them apart.
        return dict.fromkeys(raw, 1.0)
    return {source: max(floor, value / top) for source, value in raw.items()}


def _truth(
    values: Mapping[str, Value],
    weights: Mapping[str, float],
    ballots: Mapping[str, float],
    *,
    alternatives: bool = False,
) -> Value:
    """The vote of labels or spans, each counting its source's ballot; for figures, the consensus.

    With `alternatives`, each vote also counts the log of the number of other
    values claimed for the item (the one-coin model's chance of a wrong
    answer landing on this label).
    """
    first = next(iter(values.values()))
    if isinstance(first, Quantity):
        intervals = [(v, weights[s]) for s, v in values.items() if isinstance(v, Quantity)]
        return Quantity.exact(consensus_figure(intervals))
    votes: dict[Value, float] = defaultdict(float)
    for source, value in values.items():
        votes[value] += ballots[source]
    if alternatives and len(votes) > 1:
        bonus = math.log(len(votes) - 1)
        counts = Counter(values.values())
        votes = {value: vote + counts[value] * bonus for value, vote in votes.items()}
    top = max(votes.values())
    tied = [value for value, vote in votes.items() if vote >= top - _tie_margin(top)]
    return max(tied, key=str)


def _tie_margin(top: float) -> float:
    """How close to the top vote another vote must be to tie with it."""
    return TIE_TOLERANCE * max(1.0, abs(top))


def _spread(values: Iterable[Value]) -> float:
    figures = [central_figure(value) for value in values if isinstance(value, Quantity)]
    if len(figures) < 2:
        return 1.0
    mean = sum(figures) / len(figures)
    deviation = math.sqrt(sum((figure - mean) ** 2 for figure in figures) / len(figures))
    return deviation or 1.0


def _loss(value: Value, truth: Value, spread: float) -> float:
    if isinstance(value, Quantity) and isinstance(truth, Quantity):
        return distance(value, central_figure(truth)) / spread
    if isinstance(value, Category | TimeSpan):
        return 0.0 if value == truth else 1.0
    return 1.0


def _is_numeric(column: Any) -> bool:
    """Whether a frame's column holds figures (not booleans, which are labels)."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return bool(is_numeric_dtype(column) and not is_bool_dtype(column))
