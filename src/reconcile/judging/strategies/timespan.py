"""`Intersection`: dates by the largest weight of spans that overlap, and their common part."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import attrs

from reconcile.judging.finding import Contradiction, ContradictionKind, Finding
from reconcile.judging.group import ClaimGroup, Testimony
from reconcile.judging.judge import denial, empty_finding, judge
from reconcile.model.schema import ValueKind
from reconcile.values.timespan import Precision, TimeSpan, span_between_units


def _span(item: Testimony) -> TimeSpan:
    assert isinstance(item.value, TimeSpan)
    return item.value


@attrs.frozen(kw_only=True)
class Intersection:
    """The common part of the largest weight of overlapping spans.

    The spans that share an instant with the most weight behind it (denials
    subtract) are the support, and the best value is their intersection, at
    the finest precision among them: "July 2009" and "between July 28th and
    29th, 2009" agree on 28-29 July. Spans that do not overlap it dissent,
    each a `disjoint-dates` contradiction. Ties go to the earlier instant.
    Empty input gives an `insufficient` finding.
    """

    name: str = "intersection"
    kinds: ClassVar[tuple[ValueKind, ...]] = (ValueKind.TIMESPAN,)
    """The kinds of value it reconciles (see `reconcile.judging.registry.check_fit`)."""

    def reconcile(self, group: ClaimGroup) -> Finding:
        """The finding of the group's spans."""
        asserting, denials = group.sides(TimeSpan)
        if not asserting:
            return empty_finding(group, strategy=self.name)

        # The ends and weights read out once: every span's start is tried against all of them.
        held = [(_span(item).start, _span(item).end, item.weight) for item in asserting]
        denied = [(_span(item).start, _span(item).end, item.weight) for item in denials]

        def weight_at(item_start: TimeSpan) -> float:
            instant = item_start.start
            weight = sum(weight for start, end, weight in held if start <= instant < end)
            return weight - sum(weight for start, end, weight in denied if start <= instant < end)

        anchor = max(
            sorted((_span(item) for item in asserting), key=lambda span: span.start),
            key=lambda span: weight_at(span),
        )
        instant = anchor.start
        backing = [item for item in asserting if _span(item).start <= instant < _span(item).end]
        best = _common(backing)

        def supports(item: Testimony) -> bool:
            return _span(item).overlaps(best) == item.asserts

        return judge(
            group,
            strategy=self.name,
            best=best,
            supports=supports,
            contradictions=_contradictions(asserting, denials, best),
            reason=f"{best} is the common part of the spans with the most weight",
        )


_FINENESS = {precision: index for index, precision in enumerate(Precision)}
"""Each precision by how fine it is: a year first, a second last."""


def _common(items: Sequence[Testimony]) -> TimeSpan:
    spans = [_span(item) for item in items]
    finest = max((span.precision for span in spans), key=_FINENESS.__getitem__)
    start, end = max(span.start for span in spans), min(span.end for span in spans)
    for span in spans:
        if span.start is start and span.end is end and span.precision is finest:
            return span  # most often the spans agree: the common part is one of them
    # All hold one instant, so start < end; each end a unit's boundary in its own zone.
    return span_between_units(start, end, finest)


def _contradictions(
    asserting: Sequence[Testimony], denials: Sequence[Testimony], best: TimeSpan
) -> list[Contradiction]:
    backing_claims = tuple(
        c for item in asserting if _span(item).overlaps(best) for c in item.claims
    )
    total = sum(item.weight for item in (*asserting, *denials)) or 1.0
    found = []
    shown = str(best)  # written once for every span against it
    for item in asserting:
        if not _span(item).overlaps(best):
            found.append(
                Contradiction(
                    kind=ContradictionKind.DISJOINT_DATES,
                    claims=(*item.claims, *backing_claims),
                    severity=min(1.0, item.weight / total),
                    message=f"{item.origin} ({item.camp}) dates it {_span(item)}, not {shown}",
                )
            )
    found += [
        denial(item, backing_claims, total, _span(item))
        for item in denials
        if _span(item).overlaps(best)
    ]
    return found
