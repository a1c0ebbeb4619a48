"""`AutoReliability`: source weights chosen from the data alone, with no gold answers.

Which reliability model serves best differs from dataset to dataset, and
picking it by looking at the gold answers is what a user cannot do. This is
the setting behind ``reconcile(dataset, weights="auto")``, and the rule it
follows was itself chosen without looking at the gold of the dataset it
runs on: on each of the four public truth-discovery datasets, the rule was
the configuration with the best mean accuracy on the *other three* (leave
one dataset out; see ``docs/benchmarks.md``). Every fold chose the same:
AccuCopy (`CopyDetector` with the paper's settings), which reads from the
data itself

- how accurate each source is (its share of values that agree with the
  current truths), which sets its vote weight ``ln(n A / (1 - A))``;
- whether sources copy each other (shared rare mistakes are evidence of
  copying, and a copier's vote is discounted by the probability that it
  copied); when there is no such evidence every claim counts whole and the
  vote is a plain accuracy-weighted vote.

The weights learned by CRH, CATD or OneCoin, with or without the copy
discounts, were the other candidates; none did better on average on the
datasets it was chosen on.

The strategy that turns the weighted claims into a finding is chosen per
attribute by the pipeline (see `reconcile.reconcile`), from its kind and
whether it has a taxonomy.
"""

from __future__ import annotations

from typing import Self

import attrs

from reconcile.linking.cluster import Clusterer
from reconcile.model.dataset import Dataset
from reconcile.reliability.copying import CopyDetector
from reconcile.reliability.observations import fitted


@attrs.define(kw_only=True)
class AutoReliability:
    """The weights of ``weights="auto"``: accuracies and copying, both read from the data.

    Follows the estimator contract: `fit` returns the model itself and what
    it learns lives in fields ending in ``_``: `weights_` (each source's vote
    weight), `independence_` (by claim id, the share of the claim's vote
    that is not a copy), `detector_` (the fitted `CopyDetector`, with the
    pairs of sources found copying) and `choice_` (a sentence saying what
    was chosen and why). Pass it to `reconcile` as the weights; its
    independent shares come with it.

    `detector` holds the `CopyDetector` settings (AccuCopy's, by default).

    >>> model = AutoReliability().fit(dataset)        # doctest: +SKIP
    >>> reconcile(dataset, weights=model)             # doctest: +SKIP
    """

    detector: CopyDetector = attrs.field(factory=CopyDetector)
    _detector: CopyDetector | None = attrs.field(default=None, init=False, repr=False)
    _choice: str | None = attrs.field(default=None, init=False, repr=False)

    @property
    def detector_(self) -> CopyDetector:
        """The fitted copy detector whose weights and independent shares are used."""
        return fitted(self, self._detector)

    @property
    def weights_(self) -> dict[str, float]:
        """Each source's vote weight, ``ln(n A / (1 - A))``, 0 at worst."""
        return self.detector_.weights_

    @property
    def independence_(self) -> dict[str, float]:
        """By claim id, the share of the claim's vote that is independent of copied sources."""
        return self.detector_.independence_

    @property
    def choice_(self) -> str:
        """What was chosen and why, in a sentence for a person."""
        return fitted(self, self._choice)

    def fit(self, dataset: Dataset, *, clusterer: Clusterer | None = None) -> Self:
        """Learn each source's accuracy and which sources copy which from `dataset`."""
        # A fresh detector, so that the settings object is never the fitted one.
        detector = attrs.evolve(self.detector).fit(dataset, clusterer=clusterer)
        copiers = {source for pair in detector.copies_ for source in (pair.first, pair.second)}
        discounted = sum(share < 1 for share in detector.independence_.values())
        evidence = (
            f"{len(detector.copies_)} pairs of sources copy each other ({len(copiers)} "
            f"sources), {discounted} claims discounted"
            if detector.copies_
            else "no evidence of copying, so every claim counts whole"
        )
        self._detector = detector
        self._choice = f"AccuCopy: sources weighed by their accuracy; {evidence}"
        return self
