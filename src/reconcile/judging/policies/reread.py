"""Reading a dataset's vague words again, as a codebook codes them."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from reconcile.errors import ParseError
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset
from reconcile.values.hedges import HedgePolicy
from reconcile.values.parse_quantity import parse_quantity
from reconcile.values.quantity import Hedge, Quantity


def reread(dataset: Dataset, hedges: HedgePolicy) -> Dataset:
    """The dataset with every vague figure read from its words under `hedges`.

    Only claims that kept their words (`value_text`) and were read as a vague
    word are read again ("dozens" becomes ACLED's 12); every other claim is
    kept as it is, and so is a claim whose words the policy cannot read.
    """
    return attrs.evolve(dataset, claims=[_reread(claim, hedges) for claim in dataset.claims])


def _reread(claim: Claim, hedges: HedgePolicy) -> Claim:
    value = claim.value
    if not (isinstance(value, Quantity) and value.hedge is Hedge.VAGUE and claim.value_text):
        return claim
    try:
        return attrs.evolve(claim, value=parse_quantity(claim.value_text, policy=hedges))
    except ParseError:
        return claim


def reread_claims(claims: Iterable[Claim], hedges: HedgePolicy) -> tuple[Claim, ...]:
    """The claims with every vague figure read from its words under `hedges`, as `reread` does."""
    return tuple(_reread(claim, hedges) for claim in claims)
