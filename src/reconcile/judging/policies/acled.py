"""ACLED: the most conservative fatality figure, with the dispute noted.

After the ACLED Codebook (2023, "Fatalities", https://acleddata.com/knowledge-base/codebook/):
when reports differ, ACLED codes the most conservative (lowest) reliable
figure and notes the dispute; vague reports are coded 10 ("tens"), 12
("dozens") and 100 ("hundreds"); and an event has one fatality figure, not
one per side (a separate count of one side's dead goes to the notes, not
into the figure).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from reconcile.judging.finding import Status
from reconcile.judging.policies.base import Assessed, Coding
from reconcile.judging.policies.figures import best_figure, figures_said
from reconcile.judging.strategies.quantity import Conservative
from reconcile.judging.strategy import Strategy
from reconcile.values.hedges import HedgePolicy
from reconcile.values.quantity import Quantity


@attrs.frozen(kw_only=True)
class Acled:
    """ACLED: the lowest reliable figure, vague words coded 10/12/100, the dispute in the notes."""

    name: str = "acled"
    fatalities: str = "killed"
    """The attribute that holds the deaths of every side together."""
    strategies: Mapping[str, Strategy] = attrs.field(init=False)
    hedges: HedgePolicy | None = attrs.field(factory=HedgePolicy.conservative)
    """ACLED's codes for vague words: tens 10, dozens 12, hundreds 100."""

    @strategies.default
    def _strategies(self) -> Mapping[str, Strategy]:
        return MappingProxyType({self.fatalities: Conservative()})

    def code(self, event: Assessed) -> Coding:
        """The event in ACLED's fields: the fatalities and the notes."""
        toll = event.finding(self.fatalities)
        group = event.groups.get(self.fatalities)
        notes: list[str] = []
        if toll is not None and group is not None:
            if toll.status in (Status.DISPUTED, Status.CONTRADICTED):
                notes.append(
                    f"Fatalities disputed: reports give {figures_said(group)}; "
                    f"coded as the lowest reliable figure, {best_figure(toll)}."
                )
            else:
                notes.append(f"Fatalities: {best_figure(toll)} ({toll.status.value}).")
        notes += self._side_counts(event)
        fields = {"fatalities": best_figure(toll), "notes": " ".join(notes) or None}
        return Coding(policy=self.name, fields=fields, notes=tuple(notes))

    def _side_counts(self, event: Assessed) -> list[str]:
        """Other death counts of the event (one side's), noted but not added to the figure."""
        return [
            f"Also reported ({attribute}): {finding.best_text()}; not part of the figure."
            for attribute, finding in sorted(event.findings.items())
            if attribute != self.fatalities
            and isinstance(finding.best, Quantity)
            and attribute.endswith(("_casualties", "_killed", "_deaths"))
        ]
