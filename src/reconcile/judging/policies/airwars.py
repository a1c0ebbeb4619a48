"""Airwars: five grades of civilian-harm incidents, each by a stated rule, with min and max.

After Airwars' methodology (https://airwars.org/about/methodology/), which
grades each incident by how well the harm and the belligerent's part in it
are established. The rules here, tried in this order:

1. **Confirmed**: a belligerent accepted responsibility (a party's claim
   naming itself, against its interest).
2. **Discounted**: those killed were combatants (the ``victims`` finding is
   "combatants"), or another party is most likely responsible (the
   perpetrator finding names a party that cannot be the belligerent
   assessed).
3. **Contested**: competing claims of responsibility (the perpetrator
   finding holds labels that exclude each other).
4. **Fair**: two or more credible sources (origins whose claims weigh at
   least half an origin: not a party's self-serving claim) and a likely
   action of the belligerent (the perpetrator finding names it).
5. **Weak**: anything less, such as a single source.

``belligerent`` is the party assessed (a perpetrator label); without one,
any perpetrator counts as the belligerent.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from reconcile.judging.finding import ContradictionKind, Finding
from reconcile.judging.policies.base import Assessed, Coding
from reconcile.judging.policies.figures import range_words, whole
from reconcile.judging.strategy import Strategy
from reconcile.model.claim import Interest
from reconcile.model.taxonomy import Taxonomy
from reconcile.values.category import Category
from reconcile.values.hedges import HedgePolicy

CREDIBLE_WEIGHT = 0.5
"""A source is credible here when some claim of it weighs at least half an origin."""
CREDIBLE_SOURCES = 2
COMBATANTS = "combatants"


@attrs.frozen(kw_only=True)
class Airwars:
    """Airwars: Confirmed, Discounted, Contested, Fair or Weak, with min and max civilian deaths."""

    name: str = "airwars"
    belligerent: str | None = None
    fatalities: str = "killed"
    perpetrator: str = "perpetrator"
    victims: str = "victims"
    strategies: Mapping[str, Strategy] = attrs.field(factory=lambda: MappingProxyType({}))
    hedges: HedgePolicy | None = None

    def code(self, event: Assessed) -> Coding:
        """The event's grade, why, and the civilian deaths."""
        grade, why = self.grade(event)
        toll = event.finding(self.fatalities)
        who = event.finding(self.perpetrator)
        fields = {
            "grade": grade,
            "civilians_min": whole(toll.low) if toll else None,
            "civilians_max": None if toll is None or toll.high_open else whole(toll.high),
            "belligerent": who.best_text() if who is not None and who.best is not None else None,
        }
        notes = [f"{grade}: {why}"]
        if toll is not None:
            notes.append(f"civilians killed: {range_words(toll)}")
        return Coding(policy=self.name, fields=fields, notes=tuple(notes))

    def grade(self, event: Assessed) -> tuple[str, str]:
        """The grade and the sentence that says which rule gave it (the first that holds)."""
        rules = (self._confirmed, self._discounted, self._contested, self._fair)
        for rule in rules:
            found = rule(event)
            if found is not None:
                return found
        credible = _credible(event)
        reason = "a single source" if len(credible) < CREDIBLE_SOURCES else "no likely belligerent"
        return "Weak", f"{reason} ({len(credible)} credible source(s))"

    def _taxonomy(self, event: Assessed) -> Taxonomy:
        group = event.groups.get(self.perpetrator)
        return group.schema.labels if group is not None else Taxonomy()

    def _confirmed(self, event: Assessed) -> tuple[str, str] | None:
        """A belligerent accepted responsibility: a party named itself, against its interest."""
        group = event.groups.get(self.perpetrator)
        for item in group.testimonies if group is not None else ():
            label = item.value.label if isinstance(item.value, Category) else ""
            if item.interest is Interest.AGAINST_INTEREST and self._is_belligerent(
                self._taxonomy(event), label
            ):
                return "Confirmed", f"{item.origin} accepted responsibility ({label!r})"
        return None

    def _discounted(self, event: Assessed) -> tuple[str, str] | None:
        """The dead were combatants, or another party is most likely responsible."""
        victims = event.finding(self.victims)
        if victims is not None and COMBATANTS in (label.lower() for label in _labels(victims)):
            return "Discounted", "those killed were combatants, the victims finding says"
        who = event.finding(self.perpetrator)
        if who is None or self.belligerent is None or who.best is None:
            return None
        taxonomy = self._taxonomy(event)
        if any(taxonomy.compatible(label, self.belligerent) for label in _labels(who)):
            return None
        return "Discounted", f"another party is most likely responsible: {who.best_text()!r}"

    def _contested(self, event: Assessed) -> tuple[str, str] | None:
        """Competing claims of responsibility: the perpetrator finding holds exclusive labels."""
        who = event.finding(self.perpetrator)
        if who is not None and any(
            c.kind is ContradictionKind.EXCLUSIVE_CATEGORIES for c in who.contradictions
        ):
            return "Contested", "competing claims of responsibility"
        return None

    def _fair(self, event: Assessed) -> tuple[str, str] | None:
        """Two or more credible sources, and the perpetrator finding names the belligerent."""
        who = event.finding(self.perpetrator)
        taxonomy = self._taxonomy(event)
        credible = _credible(event)
        likely = who is not None and any(
            self._is_belligerent(taxonomy, label) for label in _labels(who)
        )
        if len(credible) < CREDIBLE_SOURCES or not likely:
            return None
        return "Fair", (
            f"{len(credible)} credible sources ({', '.join(credible)}) and a likely "
            "belligerent action"
        )

    def _is_belligerent(self, taxonomy: Taxonomy, label: str) -> bool:
        return self.belligerent is None or taxonomy.compatible(label, self.belligerent)


def _labels(finding: Finding) -> list[str]:
    best = finding.best
    if isinstance(best, Category):
        return [best.label]
    if isinstance(best, tuple):
        return [category.label for category in best]
    return []


def _credible(event: Assessed) -> list[str]:
    """The origins with a claim about the event that weighs at least half an origin."""
    return sorted(
        {
            item.origin
            for group in event.groups.values()
            for item in group.testimonies
            if item.asserts and item.reliability >= CREDIBLE_WEIGHT
        }
    )
