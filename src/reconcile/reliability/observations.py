"""What reliability is learned from: each origin's latest assertion per (event, attribute).

Shared by the learned models (`reconcile.reliability.models`), the columnar
label path (`reconcile.reliability.columnar`) and copy detection, so that all
of them read the same observations the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TypeVar

from reconcile.errors import ReconcileError
from reconcile.linking.cluster import Clusterer, MentionClusterer
from reconcile.model.claim import Claim, Polarity, Value
from reconcile.model.dataset import Dataset

_T = TypeVar("_T")
Item = tuple[str, str]
"""An (event, attribute) pair."""


class NotFittedError(ReconcileError, AttributeError):
    """A learned model was asked for what it learns before `fit` was called."""


def fitted(model: object, value: _T | None) -> _T:
    """What `model` learned, or `NotFittedError` when it has not been fitted."""
    if value is None:
        raise NotFittedError(
            f"this {type(model).__name__} is not fitted yet: call fit(dataset) first"
        )
    return value


def observations_of(
    dataset: Dataset,
    clusterer: Clusterer | None = None,
    *,
    items: Mapping[str, Item] | None = None,
) -> dict[Item, dict[str, Value]]:
    """What reliability is learned from: per (event, attribute), each origin's latest assertion.

    Events are the clusters of `clusterer`, or given as each claim's item in
    `items` (see `claim_items`); multi-valued attributes are left out, as a
    set of true labels has no single truth to score a label against.
    """
    items = claim_items(dataset, clusterer) if items is None else items
    observations: dict[Item, dict[str, Value]] = defaultdict(dict)
    for claim in voted_claims(dataset):
        assert claim.value is not None  # voted_claims keeps only claims with a value
        observations[items[claim.id]][claim.origin] = claim.value
    return observations


def claim_items(dataset: Dataset, clusterer: Clusterer | None = None) -> dict[str, Item]:
    """The item (event cluster id, attribute) of every claim, by claim id."""
    claims = {claim.id: claim for claim in dataset.claims}
    return {
        claim_id: (cluster.id, claims[claim_id].attribute)
        for cluster in (clusterer or MentionClusterer()).cluster(dataset)
        for claim_id in cluster.claims
    }


def voted_claims(dataset: Dataset) -> list[Claim]:
    """The claims that can be voted on: assertions of a value of single-valued attributes.

    In order of publication, so that where one origin spoke twice on an item,
    the later claim comes last and is the one kept. Sub-counts (claims with a
    qualifier) and claims in words only are left out: an item is one
    (event, attribute), whose truth is the total.
    """
    return [
        claim
        for claim in sorted(dataset.claims, key=_publication_order)
        if claim.polarity is Polarity.ASSERTS
        and claim.value is not None
        and claim.qualifier is None
        and not ((schema := dataset.schema(claim.attribute)) and schema.multi)
    ]


def _publication_order(claim: Claim) -> tuple[bool, str, str]:
    """Undated claims first, then dated ones by date; ties by id."""
    published = claim.published.isoformat() if claim.published is not None else ""
    return claim.published is not None, published, claim.id
