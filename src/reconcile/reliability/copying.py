"""`CopyDetector`: sources that copy each other, found and discounted as AccuCopy does.

Independent sources rarely make the same mistake; a source that copies
another repeats its mistakes along with its right values. AccuCopy (Dong,
Berti-Equille & Srivastava, "Integrating conflicting data: the role of
source dependence", VLDB 2009) turns this into three estimates that are
refined together until they settle:

- **Dependence.** For each pair of sources, the probability that one
  copies the other, by Bayes' rule from how many items they give the same
  true value, the same false value, and different values, knowing how
  accurate each is. Sharing a false value is strong evidence (independent
  sources pick the same one of ``n`` false values by chance only rarely),
  sharing a true value weak evidence, and every difference counts against.
- **Votes.** A value's vote count sums, over the sources that give it,
  each source's vote weight ``ln(n A / (1 - A))`` (``A`` its accuracy)
  times the share of its vote that is independent: the product, over the
  sources already counted for that value, of ``1 - c P(it copies them)``
  (counted greedily, the largest discounted vote first).
  Nothing is all-or-nothing: a source that copies half its values loses
  part of its vote, and only where it repeats the source it copies.
- **Truths and accuracies.** An item's truth is its value with the largest
  vote count; the probability that a value is true is its share of
  ``exp(vote count)`` among the item's ``n + 1`` possible values (those no
  source gives count 0); a source's accuracy is the mean probability of
  the values it gives.

The graded result is meant for `reconcile`: the detector's `weights_` are
the vote weights and its `independence_` the independent share of every
claim's vote, so ``reconcile(dataset, weights=detector)`` votes as AccuCopy
does. The pairs judged to copy are listed with their evidence (`copies_`).

Nothing is collapsed into one origin: the Bayesian test also finds accurate
sources that share a data feed dependent, and a hard collapse of them
outvotes the truth (see docs/reconciliation.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, Self

import attrs

from reconcile.linking.cluster import Clusterer
from reconcile.model.claim import Value
from reconcile.model.dataset import Dataset
from reconcile.reliability.observations import (
    Item,
    claim_items,
    fitted,
    observations_of,
    voted_claims,
)

if TYPE_CHECKING:
    from reconcile.reliability import accucopy
    from reconcile.reliability.accucopy import FloatArray, Observed, Round

Discount = Literal["copier", "dependence"]
"""What discounts a vote (see `CopyDetector.discount`)."""


@attrs.frozen(kw_only=True)
class CopyingPair:
    """Two sources judged to copy, with the evidence: what they said on the items they share.

    `first` sorts before `second`. Of the `shared` items (those both gave a
    value for), they gave the same value on `same_true` items where it was
    the truth, the same value on `same_false` items where it was not, and
    different values on `different` items. `first_copies` is the probability
    that `first` copies `second`, `second_copies` that of the reverse.
    """

    first: str
    second: str
    shared: int
    same_true: int
    same_false: int
    different: int
    first_copies: float = 0.0
    second_copies: float = 0.0

    @property
    def probability(self) -> float:
        """The probability that the two are dependent: one copies the other, either way."""
        return self.first_copies + self.second_copies

    @property
    def false_agreement(self) -> float:
        """The share of the items where at least one of them is wrong that they agree on."""
        disputed = self.same_false + self.different
        return self.same_false / disputed if disputed else 0.0


@attrs.define(kw_only=True)
class CopyDetector:
    """Estimate which sources copy which, and how much of each claim is an independent vote.

    AccuCopy (Dong et al., VLDB 2009; see the module). Settings are fields
    with the paper's defaults: `alpha`, the prior probability that one
    source copies another (each direction; independence ``1 - 2 alpha``);
    `copy_rate` (the paper's ``c``), the share of its values a copier copies;
    `false_values` (``n``), how many false values an item has, which sets how
    rare a shared mistake is. `fit` returns the detector itself; what it
    learns lives in fields ending in ``_`` (`accuracies_`, `weights_`,
    `independence_`, `truths_`, `copies_`, `n_iter_`), which raise
    `NotFittedError` before `fit`.

    An item is an (event, attribute) pair, events resolved by the clusterer;
    a source is a claim's origin, and its value on an item the latest it
    asserted there (denials and multi-valued attributes are left out).
    Rounds run until the truths stop changing and no accuracy moves by more
    than `tol`, or `max_iter` rounds.

    >>> detector = CopyDetector().fit(dataset)                   # doctest: +SKIP
    >>> reconcile(dataset, weights=detector)                     # doctest: +SKIP
    """

    alpha: float = attrs.field(
        default=0.2, validator=[attrs.validators.gt(0.0), attrs.validators.lt(0.5)]
    )
    copy_rate: float = attrs.field(
        default=0.8, validator=[attrs.validators.gt(0.0), attrs.validators.lt(1.0)]
    )
    false_values: int = attrs.field(default=100, validator=attrs.validators.ge(1))
    discount: Discount = attrs.field(
        default="copier", validator=attrs.validators.in_(("copier", "dependence"))
    )
    """What discounts a vote: the probability that the source copies one counted before it
    (``"copier"``, the paper's rule), or that the two are dependent either way
    (``"dependence"``, as in the DAFNA implementation of AccuCopy)."""
    threshold: float = 0.5
    """A pair whose probability of dependence reaches this is listed in `copies_`."""
    max_iter: int = attrs.field(default=20, validator=attrs.validators.ge(1))
    tol: float = 1e-4
    _accuracies: dict[str, float] | None = attrs.field(default=None, init=False, repr=False)
    _weights: dict[str, float] | None = attrs.field(default=None, init=False, repr=False)
    _independence: dict[str, float] | None = attrs.field(default=None, init=False, repr=False)
    _copies: tuple[CopyingPair, ...] | None = attrs.field(default=None, init=False, repr=False)
    _truths: dict[Item, Value] | None = attrs.field(default=None, init=False, repr=False)
    _n_iter: int | None = attrs.field(default=None, init=False, repr=False)

    @property
    def accuracies_(self) -> dict[str, float]:
        """Each source's accuracy: the mean probability that the values it gives are true."""
        return fitted(self, self._accuracies)

    @property
    def weights_(self) -> dict[str, float]:
        """Each source's vote weight ``ln(n A / (1 - A))``, 0 at worst; `reconcile` takes it."""
        return fitted(self, self._weights)

    @property
    def independence_(self) -> dict[str, float]:
        """By claim id, the share of the claim's vote that is independent, in (0, 1].

        Every claim that was voted on (an origin's latest assertion on a
        single-valued item) has one; `reconcile` multiplies the weight of
        the claim's testimony by it.
        """
        return fitted(self, self._independence)

    @property
    def truths_(self) -> dict[Item, Value]:
        """Each item's value with the largest vote count in the last round."""
        return fitted(self, self._truths)

    @property
    def copies_(self) -> tuple[CopyingPair, ...]:
        """The pairs whose probability of dependence reaches `threshold`, sorted by names."""
        return fitted(self, self._copies)

    @property
    def n_iter_(self) -> int:
        """How many rounds ran."""
        return fitted(self, self._n_iter)

    def fit(self, dataset: Dataset, *, clusterer: Clusterer | None = None) -> Self:
        """Estimate dependence, accuracies and truths on `dataset`, events by `clusterer`."""
        items = claim_items(dataset, clusterer)
        # Imported here so that importing reconcile does not load NumPy.
        from reconcile.reliability import accucopy

        observed = accucopy.observe(observations_of(dataset, items=items))
        last, iterations = accucopy.iterate(observed, self._settings())
        sources = observed.sources
        weights = accucopy.vote_weights(last.accuracies, self.false_values)
        self._accuracies = dict(zip(sources, last.accuracies.tolist(), strict=True))
        self._weights = dict(zip(sources, weights.tolist(), strict=True))
        self._independence = _claim_independence(dataset, items, observed, last.independence)
        self._truths = {
            item: observed.value_of[value]
            for item, value in zip(observed.items, last.truths.tolist(), strict=True)
        }
        self._copies = self._copying_pairs(observed, last)
        self._n_iter = iterations
        return self

    def _settings(self) -> accucopy.Settings:
        from reconcile.reliability import accucopy

        return accucopy.Settings(
            alpha=self.alpha,
            copy_rate=self.copy_rate,
            false_values=self.false_values,
            discount=self.discount,
            max_iter=self.max_iter,
            tol=self.tol,
        )

    def _copying_pairs(self, observed: Observed, last: Round) -> tuple[CopyingPair, ...]:
        dependent = (last.first_copies + last.second_copies >= self.threshold).nonzero()[0]
        sources = observed.sources
        pairs = (
            CopyingPair(
                first=sources[observed.first[pair]],
                second=sources[observed.second[pair]],
                shared=int(observed.shared[pair]),
                same_true=int(last.same_true[pair]),
                same_false=int(observed.same[pair] - last.same_true[pair]),
                different=int(observed.shared[pair] - observed.same[pair]),
                first_copies=float(last.first_copies[pair]),
                second_copies=float(last.second_copies[pair]),
            )
            for pair in dependent.tolist()
        )
        return tuple(sorted(pairs, key=lambda pair: (pair.first, pair.second)))


def _claim_independence(
    dataset: Dataset,
    items: Mapping[str, Item],
    observed: Observed,
    independence: Sequence[FloatArray],
) -> dict[str, float]:
    """By claim id, the independent share of the vote its (item, origin, value) got."""
    shares: dict[tuple[Item, str, Value], float] = {}
    for value, (givers, share) in enumerate(zip(observed.givers, independence, strict=True)):
        item = observed.items[int(observed.item_of[value])]
        for source, part in zip(givers.tolist(), share.tolist(), strict=True):
            shares[(item, observed.sources[source], observed.value_of[value])] = part
    return {
        claim.id: shares[key]
        for claim in voted_claims(dataset)
        if (key := (items[claim.id], claim.origin, claim.value)) in shares
    }
