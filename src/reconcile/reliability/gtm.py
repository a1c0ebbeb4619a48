"""`GTM`: the Gaussian truth model for figures (Zhao & Han, QDB 2012).

Each item has a true figure; each source reports it with Gaussian noise of
its own variance, so a careful source's figures lie close to the truth and a
careless one's scatter. With a Gaussian prior on the truths and an inverse
gamma prior on the variances, the most probable truths and variances are
found by alternating two closed-form steps:

- the truth of an item is the precision-weighted mean of its figures (each
  source weighs ``1 / variance``), pulled towards the prior mean;
- a source's variance is its mean squared distance from the truths, with
  the prior's ``2 beta`` added to the squares and ``2 (alpha + 1)`` to the count.

Figures of different items differ in scale (a village and a capital), so
each item's figures are first standardised: minus their median, over their
robust spread (`robust_spread`), which a vandal's absurd figure does not
inflate as it would a standard deviation. Only single figures (exact
quantities) are read; ranges and bounds are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from statistics import median
from typing import Self

import attrs

from reconcile.linking.cluster import Clusterer
from reconcile.model.claim import Value
from reconcile.model.dataset import Dataset
from reconcile.reliability.observations import Item, fitted, observations_of
from reconcile.values.quantity import Quantity, robust_spread


@attrs.define(kw_only=True)
class GTM:
    """Source variances and true figures by the Gaussian truth model, with its priors as fields.

    Follows the estimator contract: `fit` returns the model, and what it
    learns lives in fields ending in ``_``: `variances_` (each source's
    noise, in standardised units), `weights_` (its precision ``1 /
    variance``, scaled so the most precise source weighs 1: ready to pass to
    `reconcile`), `truths_` (each item's figure, in the item's own units) and
    `n_iter_`. `alpha` and `beta` are the inverse gamma prior of the
    variances (the paper's defaults: 10 and 10, a prior variance of about 1);
    `prior_mean` and `prior_variance` the Gaussian prior of a standardised
    truth.

    >>> model = GTM().fit(dataset)                   # doctest: +SKIP
    >>> reconcile(dataset, weights=model)            # doctest: +SKIP
    """

    alpha: float = attrs.field(default=10.0, validator=attrs.validators.gt(0))
    beta: float = attrs.field(default=10.0, validator=attrs.validators.gt(0))
    prior_mean: float = 0.0
    prior_variance: float = attrs.field(default=1.0, validator=attrs.validators.gt(0))
    max_iter: int = attrs.field(default=20, validator=attrs.validators.ge(1))
    tol: float = 1e-6
    _variances: dict[str, float] | None = attrs.field(default=None, init=False, repr=False)
    _truths: dict[Item, Value] | None = attrs.field(default=None, init=False, repr=False)
    _n_iter: int | None = attrs.field(default=None, init=False, repr=False)

    @property
    def variances_(self) -> dict[str, float]:
        """Each source's noise variance, in standardised units."""
        return fitted(self, self._variances)

    @property
    def weights_(self) -> dict[str, float]:
        """Each source's precision, ``1 / variance``, scaled so the most precise weighs 1."""
        precisions = {source: 1 / variance for source, variance in self.variances_.items()}
        top = max(precisions.values(), default=1.0)
        return {source: precision / top for source, precision in precisions.items()}

    @property
    def truths_(self) -> dict[Item, Value]:
        """Each item's most probable figure, in its own units (not rounded to a claimed one)."""
        return fitted(self, self._truths)

    @property
    def n_iter_(self) -> int:
        """How many rounds ran."""
        return fitted(self, self._n_iter)

    def fit(self, dataset: Dataset, *, clusterer: Clusterer | None = None) -> Self:
        """Learn from the single figures of `dataset`, grouped into events by `clusterer`."""
        return self.fit_observations(observations_of(dataset, clusterer))

    def fit_observations(self, observations: Mapping[Item, Mapping[str, Value]]) -> Self:
        """Learn from ready-made observations: for each item, the value each source gave."""
        figures = {
            item: {
                s: float(v.low) for s, v in values.items() if isinstance(v, Quantity) and v.is_exact
            }
            for item, values in observations.items()
        }
        figures = {item: said for item, said in figures.items() if said}
        scales = {item: _scale(list(said.values())) for item, said in figures.items()}
        standard = {
            item: {s: (f - scales[item][0]) / scales[item][1] for s, f in said.items()}
            for item, said in figures.items()
        }
        sources = sorted({source for said in standard.values() for source in said})
        variances = dict.fromkeys(sources, self.beta / (self.alpha + 1))
        iterations = 0
        while True:
            iterations += 1
            truths = {item: self._truth(said, variances) for item, said in standard.items()}
            updated = self._variances_of(standard, truths, sources)
            change = max((abs(updated[s] - variances[s]) for s in sources), default=0.0)
            variances = updated
            if change < self.tol or iterations >= self.max_iter:
                break
        self._variances = variances
        self._truths = {
            item: Quantity.exact(truths[item] * scales[item][1] + scales[item][0])
            for item in standard
        }
        self._n_iter = iterations
        return self

    def _truth(self, said: Mapping[str, float], variances: Mapping[str, float]) -> float:
        """The precision-weighted mean of an item's figures, with the prior as one more figure."""
        precision = 1 / self.prior_variance + sum(1 / variances[s] for s in said)
        total = self.prior_mean / self.prior_variance + sum(
            figure / variances[s] for s, figure in said.items()
        )
        return total / precision

    def _variances_of(
        self,
        standard: Mapping[Item, Mapping[str, float]],
        truths: Mapping[Item, float],
        sources: list[str],
    ) -> dict[str, float]:
        """Each source's variance: its squared distances from the truths, with the prior's."""
        squares = dict.fromkeys(sources, 0.0)
        counts = dict.fromkeys(sources, 0)
        for item, said in standard.items():
            for source, figure in said.items():
                squares[source] += (figure - truths[item]) ** 2
                counts[source] += 1
        return {
            s: (2 * self.beta + squares[s]) / (2 * (self.alpha + 1) + counts[s]) for s in sources
        }


def _scale(figures: list[float]) -> tuple[float, float]:
    """An item's centre and unit: the median of its figures and their robust spread (else 1)."""
    return median(figures), robust_spread(figures) or 1.0
