"""Categories by weighted vote, understanding the attribute's taxonomy.

`WeightedVote` gives a single-valued attribute the label with the most net
weight; `HierarchicalVote` walks down the taxonomy from the strongest top
label to the most specific label that keeps enough of the weight.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from reconcile.errors import ValidationError
from reconcile.judging.finding import Contradiction, ContradictionKind, Finding
from reconcile.judging.group import ClaimGroup, Testimony
from reconcile.judging.judge import denial, empty_finding, judge
from reconcile.model.schema import ValueKind
from reconcile.model.taxonomy import Taxonomy
from reconcile.values.category import Category


def _label(item: Testimony) -> str:
    assert isinstance(item.value, Category)
    return item.value.label


def _labelled(items: Sequence[Testimony]) -> list[tuple[str, float]]:
    return [(_label(item), item.weight) for item in items]


@attrs.frozen(kw_only=True)
class _Tally:
    """The weight for and against each label of one group."""

    taxonomy: Taxonomy
    asserting: Sequence[Testimony]
    denials: Sequence[Testimony]
    single: bool
    """Whether only one label can be true, so that every unrelated label is a rival."""
    _nets: dict[str, float] = attrs.field(factory=dict, init=False, eq=False, repr=False)
    """Each label's net weight once worked out: the vote, its tie-breaks and its rationale
    ask for the same labels again."""
    _claimed: list[tuple[str, float]] = attrs.field(
        default=attrs.Factory(lambda tally: _labelled(tally.asserting), takes_self=True),
        init=False,
        eq=False,
        repr=False,
    )
    """The label and weight of each asserting testimony, read once for every label weighed."""
    _denied: list[tuple[str, float]] = attrs.field(
        default=attrs.Factory(lambda tally: _labelled(tally.denials), takes_self=True),
        init=False,
        eq=False,
        repr=False,
    )
    """The label and weight of each denial, likewise."""

    def rivals(self, first: str, second: str) -> bool:
        """Whether the two labels cannot both be true."""
        if self.taxonomy.excludes(first, second):
            return True
        return self.single and not self.taxonomy.compatible(first, second)

    def support(self, label: str) -> float:
        """Weight of claims of `label` or of a label below it."""
        specialises = self.taxonomy.specialises
        return sum(weight for claimed, weight in self._claimed if specialises(claimed, label))

    def against(self, label: str) -> float:
        """Weight of denials of `label` or of a label above it, and of claims of its rivals."""
        specialises, rivals = self.taxonomy.specialises, self.rivals
        denied = sum(weight for other, weight in self._denied if specialises(label, other))
        excluded = sum(weight for claimed, weight in self._claimed if rivals(claimed, label))
        return denied + excluded

    def net(self, label: str) -> float:
        """Support minus what stands against."""
        found = self._nets.get(label)
        if found is None:
            found = self._nets[label] = self.support(label) - self.against(label)
        return found

    def kept(self, label: str) -> float:
        """The asserted weight `label` keeps: every claim but its rivals', less its denials.

        A claim of a label above `label` is kept: it is less specific, not a rival.
        """
        return sum(item.weight for item in self.asserting) - self.against(label)


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
    kinds: ClassVar[tuple[ValueKind, ...]] = (ValueKind.CATEGORY,)
    """The kinds of value it reconciles (see `reconcile.judging.registry.check_fit`)."""

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
        chosen = (
            self._accepted(tally, candidates)
            if group.schema.multi
            else [self._one(tally, candidates)]
        )
        display = {
            taxonomy.canonical(_label(item)): taxonomy.display(_label(item)) for item in asserting
        }
        best_labels = tuple(
            Category(label=display.get(label, taxonomy.display(label))) for label in chosen
        )

        def supports(item: Testimony) -> bool:
            fits = any(taxonomy.compatible(_label(item), label) for label in chosen)
            if not item.asserts:
                # A denial backs a finding only when it denies none of the chosen labels, nothing
                # above them and nothing below them: a party denying its own narrower role
                # ("not our rocket") does not support the broader label it belongs to.
                return not any(taxonomy.compatible(label, _label(item)) for label in chosen)
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

    def _one(self, tally: _Tally, candidates: Sequence[str]) -> str:
        """The label of a single-valued attribute among the candidates."""
        # Most net weight, then the more specific label, then the first alphabetically.
        return min(
            candidates,
            key=lambda label: (-tally.net(label), -len(tally.taxonomy.lineage(label)), label),
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
        backers: dict[tuple[str, ...], list[Testimony]] = {}  # rivals share the labels they oppose
        for index, item in enumerate(asserting):
            if chosen:
                against = [label for label in chosen if tally.rivals(_label(item), label)]
                backing = backers.get(tuple(against))
                if backing is None:
                    backing = backers[tuple(against)] = [
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

    def _reason(self, chosen: Sequence[str], tally: _Tally, display: dict[str, str]) -> str:
        spell = tally.taxonomy.display
        named = ", ".join(
            f"{display.get(label, spell(label))!r} (net weight {tally.net(label):.2g})"
            for label in chosen
        )
        return f"most supported: {named}" if chosen else "no label has more support than opposition"


def _check_share(instance: Any, attribute: Any, value: float) -> None:
    """Refuse a share that is not a number from 0 to 1 (a bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValidationError(
            f"{attribute.name} must be a number from 0 to 1, got {value!r}", field=attribute.name
        )


@attrs.frozen(kw_only=True)
class HierarchicalVote(WeightedVote):
    """The most specific label that keeps enough of the weight, for labels in a hierarchy.

    In a single-valued attribute whose labels form a hierarchy (city, state,
    country), a claim of a label above another is less specific, not a
    rival: "USA" agrees with "Boston", as in TDH (Jung, Kim & Shim, EDBT
    2019). The weighted vote counts a claim of "Boston" for "USA" but not the
    reverse, so the most general label wins whenever sources answer at
    different levels. This vote starts instead from the top label with the
    most net weight (ties to the first alphabetically) and walks down, each
    time to the child with the most net weight, while that child *keeps* at
    least `specific_share` of the weight the top label keeps; two children
    level on net weight stop the walk at their parent. A label keeps the
    asserted weight less its rivals' claims and the denials of it or of a
    label above it. Without a taxonomy it chooses as `WeightedVote` does,
    and multi-valued attributes are voted on exactly as there.
    """

    name: str = "hierarchical-vote"
    specific_share: float = attrs.field(default=0.5, validator=_check_share)
    """The share of the top label's kept weight a more specific label must keep to be chosen.

    0.5: at least half of the weight must agree with the answer. 1 goes down
    only where no claim disagrees; 0 goes down whenever nothing denies more
    than is claimed.
    """

    def _one(self, tally: _Tally, candidates: Sequence[str]) -> str:
        """The most specific label on the strongest path down that keeps enough weight."""
        children: dict[str | None, list[str]] = defaultdict(list)
        for label in candidates:
            children[tally.taxonomy.parent_of(label)].append(label)
        # Top labels have no common parent to fall back on: a tie goes to the first.
        label = min(children[None], key=lambda top: (-tally.net(top), top))
        floor = self.specific_share * tally.kept(label)
        while (child := self._strongest_child(tally, children[label])) is not None:
            if tally.kept(child) < floor:
                break
            label = child
        return label

    @staticmethod
    def _strongest_child(tally: _Tally, children: Sequence[str]) -> str | None:
        """The child with the most net weight; None when there is none, or two are level.

        Level children are equally supported answers: the vote keeps what
        they have in common, their parent, rather than pick one by its name.
        """
        nets = {label: tally.net(label) for label in children}
        ranked = sorted(children, key=lambda label: (-nets[label], label))
        if not ranked or (len(ranked) > 1 and nets[ranked[0]] == nets[ranked[1]]):
            return None
        return ranked[0]

    def _reason(self, chosen: Sequence[str], tally: _Tally, display: dict[str, str]) -> str:
        if not tally.single:
            return super()._reason(chosen, tally, display)
        (label,) = chosen
        top = tally.taxonomy.lineage(label)[-1]

        def spell(name: str) -> str:
            return display.get(name, tally.taxonomy.display(name))

        return (
            f"most specific label keeping at least {self.specific_share:.0%} of the weight of "
            f"{spell(top)!r}: {spell(label)!r} ({tally.kept(label):.2g} of {tally.kept(top):.2g},"
            f" net weight {tally.net(label):.2g})"
        )
