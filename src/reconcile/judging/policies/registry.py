"""The codebook policies by name."""

from __future__ import annotations

from reconcile.errors import UsageError
from reconcile.judging.policies.acled import Acled
from reconcile.judging.policies.airwars import Airwars
from reconcile.judging.policies.base import CodebookPolicy
from reconcile.judging.policies.ibc import Ibc
from reconcile.judging.policies.ucdp import Ucdp


def policies() -> dict[str, CodebookPolicy]:
    """A fresh policy of each codebook, by name."""
    return {policy.name: policy for policy in (Acled(), Airwars(), Ibc(), Ucdp())}


def get_policy(policy: str | CodebookPolicy) -> CodebookPolicy:
    """A policy by name (``ucdp``, ``acled``, ``ibc``, ``airwars``), or the policy given."""
    if not isinstance(policy, str):
        return policy
    known = policies()
    try:
        return known[policy.strip().lower()]
    except KeyError:
        raise UsageError(
            f"no codebook policy named {policy!r}; choose one of {', '.join(sorted(known))}"
        ) from None
