"""Codebook policies: answer as UCDP GED, ACLED, Iraq Body Count or Airwars code an event."""

from reconcile.judging.policies.acled import Acled
from reconcile.judging.policies.airwars import Airwars
from reconcile.judging.policies.base import Assessed, CodebookPolicy, Coding, Placement
from reconcile.judging.policies.ibc import Ibc
from reconcile.judging.policies.registry import get_policy, policies
from reconcile.judging.policies.ucdp import Ucdp

__all__ = [
    "Acled",
    "Airwars",
    "Assessed",
    "CodebookPolicy",
    "Coding",
    "Ibc",
    "Placement",
    "Ucdp",
    "get_policy",
    "policies",
]
