"""`WeightedVote`: categories by weighted vote, understanding the attribute's taxonomy."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from reconcile._category import Category
from reconcile._finding import Contradiction, ContradictionKind, Finding
from reconcile._group import ClaimGroup, Testimony
from reconcile._judge import denial, empty_finding, judge
from reconcile._taxonomy import Taxonomy


def _label(item: Testimony) -> str:
    assert isinstance(item.value, Category)
    return item.value.label


@attrs.frozen(kw_only=True)
class _Tally:
    """The weight for and against each label of one group."""

    taxonomy: Taxonomy
    asserting: Sequence[Testimony]
    denials: Sequence[Testimony]
    single: bool
    """Whether only one label can be true, so that every unrelated label is a rival."""

    def rivals(self, first: str, second: str) -> bool:
        """Whether the two labels cannot both be true."""
        if self.taxonomy.excludes(first, second):
            return True
        return self.single and not self.taxonomy.compatible(first, second)

    def support(self, label: str) -> float:
        """Weight of claims of `label` or of a label below it."""
        return sum(
            item.weight for item in self.asserting if self.taxonomy.specialises(_label(item), label)
        )

    def against(self, label: str) -> float:
        """Weight of denials of `label` or of a label above it, and of claims of its rivals."""
        denied = sum(
            item.weight for item in self.denials if self.taxonomy.specialises(label, _label(item))
        )
        excluded = sum(item.weight for item in self.asserting if self.rivals(_label(item), label))
        return denied + excluded

    def net(self, label: str) -> float:
        """Support minus what stands against."""
        return self.support(label) - self.against(label)


@attrs.frozen(kw_only=True)
class WeightedVote:
    """Weighted vote over labels, where a label that specialises another supports it.

    Single-valued attributes get the label with the most net weight (support
    minus denials and exclusive rivals); ties go to the more specific label,
    then alphabetically. Multi-valued attributes (several perpetrators can
    all be true) get every label with positive net weight, the most specific
    of each lineage, with exclusive rivals settled by net weight. Without a
    taxonomy every distinct label of a single-valued attribute is a rival;
    those of a multi-valued attribute exclude nothing unless declared.
    Empty input, or denials only, gives an `insufficient` finding.
    """

    name: str = "weighted-vote"

    def reconcile(self, group: ClaimGroup) -> Finding:
        """The finding of the group's labels."""
        asserting, denials = group.sides(Category)
        if not asserting:
            return empty_finding(group, strategy=self.name)
        taxonomy = group.schema.labels
        tally = _Tally(
            taxonomy=taxonomy,
            asserting=asserting,
            denials=denials,
            single=not group.schema.multi,
        )
        candidates = sorted(
            {label for item in asserting for label in taxonomy.lineage(_label(item))}
        )
        if group.schema.multi:
            chosen = self._accepted(tally, candidates)
        else:
            # Most net weight, then the more specific label, then the first alphabetically.
            chosen = [
                min(
                    candidates,
                    key=lambda label: (-tally.net(label), -len(taxonomy.lineage(label)), label),
                )
            ]
        display = {
            taxonomy.canonical(_label(item)): taxonomy.display(_label(item)) for item in asserting
        }
        best_labels = tuple(
            Category(label=display.get(label, taxonomy.display(label))) for label in chosen
        )

        def supports(item: Testimony) -> bool:
            fits = any(taxonomy.compatible(_label(item), label) for label in chosen)
            if not item.asserts:
                return not any(taxonomy.specialises(label, _label(item)) for label in chosen)
            if group.schema.multi:
                return fits or (
                    tally.net(taxonomy.canonical(_label(item))) > 0
                    and not self._rival(taxonomy, _label(item), chosen)
                )
            return fits

        return judge(
            group,
            strategy=self.name,
            best=best_labels if group.schema.multi else best_labels[0],
            supports=supports,
            contradictions=self._contradictions(tally, chosen, display),
            reason=self._reason(chosen, tally, display),
        )

    def _accepted(self, tally: _Tally, candidates: Sequence[str]) -> list[str]:
        taxonomy = tally.taxonomy
        positive = [label for label in candidates if tally.net(label) > 0]
        # Strongest first, so that of two exclusive labels the stronger stays.
        positive.sort(key=lambda label: (-tally.net(label), -len(taxonomy.lineage(label)), label))
        accepted: list[str] = []
        for label in positive:
            if not self._rival(taxonomy, label, accepted):
                accepted.append(label)
        # A label implied by a more specific accepted one adds nothing.
        return sorted(
            label
            for label in accepted
            if not any(other != label and taxonomy.specialises(other, label) for other in accepted)
        )

    @staticmethod
    def _rival(taxonomy: Taxonomy, label: str, chosen: Sequence[str]) -> bool:
        return any(taxonomy.excludes(label, other) for other in chosen)

    def _contradictions(
        self, tally: _Tally, chosen: Sequence[str], display: dict[str, str]
    ) -> list[Contradiction]:
        """One contradiction per claim of a rival label, and one per denial of a claimed label.

        A rival is set against the chosen labels it excludes, with the claims
        behind them; when no label was chosen, rivals are set against each other.
        """
        taxonomy, asserting, denials = tally.taxonomy, tally.asserting, tally.denials
        total = sum(item.weight for item in (*asserting, *denials)) or 1.0
        found = []
        for index, item in enumerate(asserting):
            if chosen:
                against = [label for label in chosen if tally.rivals(_label(item), label)]
                backing = [
                    other
                    for other in asserting
                    if any(taxonomy.compatible(_label(other), label) for label in against)
                ]
                names = ", ".join(
                    repr(display.get(label, taxonomy.display(label))) for label in against
                )
            else:
                backing = [
                    other
                    for other in asserting[index + 1 :]
                    if tally.rivals(_label(item), _label(other))
                ]
                against = [_label(other) for other in backing]
                names = ", ".join(f"{_label(other)!r} ({other.origin})" for other in backing)
            if not against:
                continue
            found.append(
                Contradiction(
                    kind=ContradictionKind.EXCLUSIVE_CATEGORIES,
                    claims=(*item.claims, *(claim for other in backing for claim in other.claims)),
                    severity=min(1.0, item.weight / total),
                    message=f"{item.origin} ({item.camp}) says {_label(item)!r}, "
                    f"which excludes {names}",
                )
            )
        for item in denials:
            denied = [
                other for other in asserting if taxonomy.specialises(_label(other), _label(item))
            ]
            if denied:
                claims = [claim for other in denied for claim in other.claims]
                found.append(denial(item, claims, total, repr(_label(item))))
        return found

    @staticmethod
    def _reason(chosen: Sequence[str], tally: _Tally, display: dict[str, str]) -> str:
        spell = tally.taxonomy.display
        named = ", ".join(
            f"{display.get(label, spell(label))!r} (net weight {tally.net(label):.2g})"
            for label in chosen
        )
        return f"most supported: {named}" if chosen else "no label has more support than opposition"
