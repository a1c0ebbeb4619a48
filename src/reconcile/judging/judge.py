"""Turning a strategy's choice into a `Finding`: status, confidence, sides and rationale.

Every built-in strategy decides two things, the best value and which
testimonies are compatible with it; what follows from those (the status,
the confidence, who stands on each side, the one-line rationale) is decided
here, the same way for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reconcile.errors import UsageError
from reconcile.judging.finding import (
    Best,
    BeyondRange,
    Contradiction,
    ContradictionKind,
    Finding,
    Status,
)
from reconcile.judging.group import ClaimGroup, Testimony, affiliations
from reconcile.model.claim import Polarity
from reconcile.values.quantity import counted

CAMP_AGREEMENT_BASE = 0.5
"""Confidence is the supporting share of weight times 1 - 0.5**k, k the camps that support."""


def judge(
    group: ClaimGroup,
    *,
    strategy: str,
    best: Best,
    supports: Callable[[Testimony], bool] | None = None,
    low: float | None = None,
    high: float | None = None,
    contradictions: Sequence[Contradiction] = (),
    reason: str = "",
    beyond_range: Sequence[BeyondRange] = (),
    high_open: bool = False,
) -> Finding:
    """The finding of `group`, given the best value and which testimonies support it.

    This is how every built-in strategy ends, so a custom strategy that
    calls it writes findings that read like theirs. It decides what follows
    from the strategy's choice: `support` and `dissent` (every claim of the
    testimonies for which `supports` is true or false, superseded counts
    included); the camps on each side; the status (`single-source` for one
    origin; else, when nothing dissents, `agreed` if the origins span at
    least two camps and `single-camp` if they do not; else `disputed` when the
    supporting weight is larger, else `contradicted`); the confidence (the
    supporting share of the weight times ``1 - 0.5**k``, k the supporting
    camps); and the rationale, `reason` followed by the origins and camps on
    each side. `low`, `high`, `high_open`, `contradictions` and `beyond_range`
    are passed on as given.

    With `best` None, or no claim that asserts anything, the finding is
    `insufficient`: no best value, confidence 0, every claim dissenting,
    and `reason` (or what is missing) as its rationale.
    """
    testimonies = group.testimonies
    if best is None or all(item.polarity is Polarity.DENIES for item in testimonies):
        return empty_finding(group, strategy=strategy, reason=reason)
    if supports is None:
        raise UsageError(f"judge() with best={best!r} needs supports=: which testimonies back it")
    backing: list[Testimony] = []
    against: list[Testimony] = []
    for item in testimonies:  # each testimony asked once: `supports` may weigh a taxonomy
        (backing if supports(item) else against).append(item)
    support_weight = sum(item.weight for item in backing)
    dissent_weight = sum(item.weight for item in against)
    status = _status(group, against, support_weight, dissent_weight)
    backing_camps, against_camps = affiliations(backing), affiliations(against)
    return Finding(
        event=group.event,
        attribute=group.attribute,
        kind=group.schema.kind.value,
        status=status,
        best=best,
        low=low,
        high=high,
        confidence=_confidence(len(backing_camps), support_weight, dissent_weight),
        support=_claim_ids(backing),
        dissent=_claim_ids(against),
        support_affiliations=backing_camps,
        dissent_affiliations=against_camps,
        contradictions=tuple(contradictions),
        rationale=_rationale(reason, backing, against, (backing_camps, against_camps)),
        strategy=strategy,
        beyond_range=tuple(beyond_range),
        high_open=high_open,
    )


def camps_on_both_sides(group: ClaimGroup, finding: Finding) -> str:
    """The camps with origins on both sides of `finding`, each with its origins on each side.

    "iran-state (for: tasnim; against: khatami)", or "" when no camp is
    split. The camp columns of a finding list a split camp twice; this says
    who is who. A testimony is on the supporting side when all its claims
    support the finding.
    """
    if not set(finding.support_affiliations) & set(finding.dissent_affiliations):
        return ""
    support = set(finding.support)
    sides: dict[str, tuple[set[str], set[str]]] = {}
    for testimony in group.testimonies:
        backers, dissenters = sides.setdefault(testimony.camp, (set(), set()))
        (backers if set(testimony.claims) <= support else dissenters).add(testimony.origin)
    return "; ".join(
        f"{camp} (for: {', '.join(sorted(backers))}; against: {', '.join(sorted(dissenters))})"
        for camp, (backers, dissenters) in sorted(sides.items())
        if backers and dissenters
    )


def denial(item: Testimony, denied: Sequence[str], total: float, what: object) -> Contradiction:
    """The contradiction of a denial: the denying claims, then the claims it denies."""
    return Contradiction(
        kind=ContradictionKind.DENIAL,
        claims=(*item.claims, *denied),
        severity=min(1.0, item.weight / total),
        message=f"{item.origin} ({item.camp}) denies {what}",
    )


def empty_finding(group: ClaimGroup, *, strategy: str, reason: str = "") -> Finding:
    """The defined result when nothing is asserted: status `insufficient`, no best value."""
    testimonies = group.testimonies
    said = reason or (
        "no claims" if not testimonies else "only denials, which say what is not so but not what is"
    )
    return Finding(
        event=group.event,
        attribute=group.attribute,
        kind=group.schema.kind.value,
        status=Status.INSUFFICIENT,
        best=None,
        confidence=0.0,
        support=(),
        dissent=_claim_ids(testimonies),
        dissent_affiliations=affiliations(testimonies),
        rationale=f"Nothing to conclude: {said}.",
        strategy=strategy,
    )


def confidence(backing: Sequence[Testimony], support_weight: float, dissent_weight: float) -> float:
    """The supporting share of weight, raised by agreement across camps.

    One camp alone gives at most 0.5, two camps 0.75, three 0.875: agreement
    between sources that speak for different sides is the strongest evidence
    a partisan record offers.
    """
    return _confidence(len({item.camp for item in backing}), support_weight, dissent_weight)


def _confidence(camps: int, support_weight: float, dissent_weight: float) -> float:
    """`confidence`, given how many camps back the finding (none when nothing backs it)."""
    total = support_weight + dissent_weight
    if total <= 0 or not camps:
        return 0.0
    return min(1.0, max(0.0, support_weight / total) * (1 - CAMP_AGREEMENT_BASE**camps))


def _status(
    group: ClaimGroup, against: Sequence[Testimony], support_weight: float, dissent_weight: float
) -> Status:
    if len(group.origins) == 1:
        return Status.SINGLE_SOURCE
    if not against:
        camps = {item.camp for item in group.testimonies}
        return Status.AGREED if len(camps) > 1 else Status.SINGLE_CAMP
    if support_weight > dissent_weight:
        return Status.DISPUTED
    return Status.CONTRADICTED


def _claim_ids(items: Sequence[Testimony]) -> tuple[str, ...]:
    ids = [claim for item in items for claim in item.claims]
    ids += [claim for item in items for claim in item.superseded]
    return tuple(sorted(ids))


def _rationale(
    reason: str,
    backing: Sequence[Testimony],
    against: Sequence[Testimony],
    camps: tuple[tuple[str, ...], tuple[str, ...]],
) -> str:
    """The one-line rationale; `camps` are the `affiliations` of `backing` and of `against`."""
    origins = counted(len({item.origin for item in backing}), "origin")
    text = f"backed by {origins} ({', '.join(camps[0])})" if backing else "no origin backs it"
    text = f"{reason}; {text}" if reason else text[0].upper() + text[1:]
    if against:
        dissenters = counted(len({item.origin for item in against}), "origin")
        text += f"; {dissenters} dissent ({', '.join(camps[1])})"
    return text + "."
