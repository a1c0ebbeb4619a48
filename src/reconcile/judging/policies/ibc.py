"""Iraq Body Count: a minimum and a maximum, and two independent sources or provisional.

After IBC's methods (https://www.iraqbodycount.org/about/methods/): each
incident records the minimum and maximum of the reliable reported deaths;
an incident enters the count when two independent sources report it, and
one resting on a single source is provisional until another confirms it.
Independent here means another origin: outlets repeating one origin are one
source.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from reconcile.judging.policies.base import Assessed, Coding
from reconcile.judging.policies.figures import range_words, whole
from reconcile.judging.strategies.quantity import IntervalConsensus
from reconcile.judging.strategy import Strategy
from reconcile.values.hedges import HedgePolicy

INDEPENDENT_SOURCES = 2
"""IBC's rule: two independent sources, else provisional."""


@attrs.frozen(kw_only=True)
class Ibc:
    """IBC: the minimum and maximum reliable figures; two independent origins or provisional."""

    name: str = "ibc"
    fatalities: str = "killed"
    strategies: Mapping[str, Strategy] = attrs.field(init=False)
    hedges: HedgePolicy | None = None

    @strategies.default
    def _strategies(self) -> Mapping[str, Strategy]:
        return MappingProxyType({self.fatalities: IntervalConsensus()})

    def code(self, event: Assessed) -> Coding:
        """The event in IBC's fields."""
        toll = event.finding(self.fatalities)
        origins = event.origins_of(self.fatalities)
        status = "included" if len(origins) >= INDEPENDENT_SOURCES else "provisional"
        notes = [
            f"{status}: {len(origins)} independent origin(s) report the deaths"
            + (f" ({', '.join(origins)})" if origins else "")
        ]
        if toll is not None:
            notes.append(f"min-max: {range_words(toll)}, the reliable figures")
        fields = {
            "min": whole(toll.low) if toll else None,
            "max": None if toll is None or toll.high_open else whole(toll.high),
            "status": status,
            "sources": "; ".join(event.source_name(o) for o in origins) or None,
        }
        return Coding(policy=self.name, fields=fields, notes=tuple(notes))
