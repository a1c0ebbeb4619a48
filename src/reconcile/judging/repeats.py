"""A finding whose claims gained repeats of what their origins said: listed, not judged again.

An outlet repeating an origin's claim (the same value, polarity, words and
declared interest) adds a claim to that origin's testimony and nothing else
(`ClaimGroup.testimonies`): not weight, not a camp, not an origin. The
built-in strategies decide on the testimonies alone and name claims only
through them: a finding's supporting and dissenting claims are sorted
unions of testimonies' claims, and each contradiction and figure beyond the
range lists testimonies' claims one testimony after another. So when the
claims a topic gains all repeat what their origins had said, its finding is
the one before with each repeat listed beside the claims it repeats. An
update keeps findings so (`with_repeats`) rather than judging those topics
again; a law test holds this to judging them again, strategy by strategy.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

import attrs

from reconcile.judging.finding import BeyondRange, Contradiction, Finding
from reconcile.judging.group import counted_origin
from reconcile.model.claim import Claim
from reconcile.model.source import Source

_Run = tuple[tuple[str, ...], tuple[str, ...]]
"""A testimony's claims before and after its repeats, each in id order, as testimonies list them."""


def with_repeats(
    finding: Finding,
    added: Iterable[Claim],
    claims: Mapping[str, Claim],
    sources: Mapping[str, Source],
    independence: Mapping[str, float],
) -> Finding | None:
    """`finding`, for its claims and the `added` ones, if each added claim repeats its origin.

    Its claims are those it lists as supporting or dissenting (found in
    `claims` by id): a built-in strategy lists every claim with a value. A
    claim repeats its origin (`counted_origin` among `sources`) when it has a
    value, and the origin's claims with a value all have the same value,
    polarity, words (`value_text`) and declared interest: one testimony,
    which the claim joins. It must have no independent share of its own
    (`independence`), which could change the testimony's weight. Returns None
    when an added claim does not repeat, or when the finding does not list a
    testimony's claims as the built-in strategies do: judge the topic again
    then. Only for findings of the built-in strategies.
    """
    joining: dict[str, list[Claim]] = defaultdict(list)
    for claim in added:
        if claim.value is None or claim.id in independence:
            return None
        joining[counted_origin(claim, sources)].append(claim)
    said = _said_by(joining.keys(), finding, claims, sources)
    if said is None:
        return None
    runs = _repeated_runs(said, joining)
    return None if runs is None else _relisted(finding, runs)


def _said_by(
    origins: Iterable[str],
    finding: Finding,
    claims: Mapping[str, Claim],
    sources: Mapping[str, Source],
) -> dict[str, list[Claim]] | None:
    """The claims with a value of each of these origins that `finding` lists; None if one has none.

    Most topics an update judges again gained a claim of an origin that had
    said nothing of it: told after one pass over the finding's claims.
    """
    said: dict[str, list[Claim]] = {origin: [] for origin in origins}
    for claim_id in itertools.chain(finding.support, finding.dissent):
        claim = claims[claim_id]
        if claim.value is not None:
            earlier = said.get(counted_origin(claim, sources))
            if earlier is not None:
                earlier.append(claim)
    return None if not all(said.values()) else said


def _repeated_runs(
    said: Mapping[str, Sequence[Claim]], joining: Mapping[str, Sequence[Claim]]
) -> list[_Run] | None:
    """The testimonies the claims `joining` each origin join, before and after.

    None if a claim does not repeat what its origin `said`.
    """
    runs = []
    for origin, claims in joining.items():
        earlier = said[origin]
        if not all(_repeats(claim, other) for claim in claims for other in earlier):
            return None
        old = tuple(sorted(claim.id for claim in earlier))
        runs.append((old, tuple(sorted((*old, *(claim.id for claim in claims))))))
    return runs


def _repeats(claim: Claim, earlier: Claim) -> bool:
    """Whether `claim` says what `earlier` said, as a testimony counts it."""
    return (
        (claim.value is earlier.value or claim.value == earlier.value)
        and claim.polarity is earlier.polarity
        and claim.value_text == earlier.value_text
        and claim.interest == earlier.interest
    )


def _relisted(finding: Finding, runs: Sequence[_Run]) -> Finding | None:
    """`finding` with each testimony's claims listed as after its repeats; None if it cannot be."""
    support = _union_relisted(finding.support, runs)
    dissent = _union_relisted(finding.dissent, runs)
    contradictions = _each_relisted(finding.contradictions, runs)
    beyond = _each_relisted(finding.beyond_range, runs)
    if support is None or dissent is None or contradictions is None or beyond is None:
        return None
    return attrs.evolve(
        finding,
        support=support,
        dissent=dissent,
        contradictions=contradictions,
        beyond_range=beyond,
    )


_Listing = TypeVar("_Listing", Contradiction, BeyondRange)


def _each_relisted(items: Sequence[_Listing], runs: Sequence[_Run]) -> tuple[_Listing, ...] | None:
    """Contradictions or figures beyond the range, each listing its claims as after the repeats."""
    found = []
    for item in items:
        claims = _rows_relisted(item.claims, runs)
        if claims is None:
            return None
        found.append(item if claims == item.claims else attrs.evolve(item, claims=claims))
    return tuple(found)


def _union_relisted(ids: tuple[str, ...], runs: Sequence[_Run]) -> tuple[str, ...] | None:
    """Sorted claims of whole testimonies, with the repeats of those among them; None if split."""
    present = set(ids)
    gained: list[str] = []
    for old, new in runs:
        if old[0] in present:
            if not present.issuperset(old):
                return None
            gained += (claim for claim in new if claim not in present)
        elif not present.isdisjoint(old):
            return None
    return tuple(sorted((*ids, *gained))) if gained else ids


def _rows_relisted(ids: tuple[str, ...], runs: Sequence[_Run]) -> tuple[str, ...] | None:
    """Testimonies' claims one testimony after another, each run of the joined ones as after.

    None where a claim of a joined testimony is listed other than in its whole run.
    """
    starts = {old[0]: (old, new) for old, new in runs}
    members = {claim for old, _ in runs for claim in old}
    if members.isdisjoint(ids):
        return ids
    found: list[str] = []
    index = 0
    while index < len(ids):
        claim = ids[index]
        run = starts.get(claim)
        if run is None:
            if claim in members:
                return None
            found.append(claim)
            index += 1
            continue
        old, new = run
        if ids[index : index + len(old)] != old:
            return None
        found += new
        index += len(old)
    return tuple(found)
