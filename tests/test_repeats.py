"""A finding relisted for claims that repeat their origins is the finding judged again.

An update keeps the earlier finding of a topic whose new claims only repeat
what their origins said, with the repeats listed beside the claims they
repeat (`reconcile.judging.repeats.with_repeats`), rather than judging the
topic again. The law, for every built-in strategy on generated groups: when
each added claim says what every claim of its origin said, the relisted
finding is the one judging the group with the claims gives; when one does
not, there is none, and the topic is judged again.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import reconcile
from reconcile import Claim, Interest, Measure, Polarity, Source, Taxonomy, ValueKind
from reconcile.judging.group import ClaimGroup
from reconcile.judging.repeats import with_repeats
from reconcile.testing import claim_groups
from test_engine import BUILT_INS, LAW_TAXONOMY

CASES: list[tuple[str, ValueKind, bool, Taxonomy | None, Measure]] = [
    *((name, kind, multi, None, Measure.COUNT) for name, kind, multi in BUILT_INS),
    *(
        (name, ValueKind.CATEGORY, multi, LAW_TAXONOMY, Measure.COUNT)
        for name in ("weighted-vote", "hierarchical-vote")
        for multi in (False, True)
    ),
    ("interval-consensus", ValueKind.QUANTITY, False, None, Measure.MEASUREMENT),
]

OUTLET = Source(id="repeating-outlet", affiliation="press")
_SOMETIMES = st.sampled_from([False, False, True])


def says_the_same(claim: Claim, other: Claim) -> bool:
    """What a repeat must share with each claim of its origin, spelled out."""
    return (claim.value, claim.polarity, claim.value_text, claim.interest) == (
        other.value,
        other.polarity,
        other.value_text,
        other.interest,
    )


@st.composite
def repeated(
    draw: st.DrawFn, groups: st.SearchStrategy[ClaimGroup]
) -> tuple[ClaimGroup, Claim, list[Claim]]:
    """A group (with some claims' independent shares), a claim of it, and claims of its origin.

    Each comes through another outlet, with an id that sorts among the
    group's (``c3+`` after ``c3``), so that it is listed inside the others.
    Most repeat the claim; some change its polarity or value to another
    claim's, so that they may not say what the origin said.
    """
    group = draw(groups)
    valued = [claim for claim in group.claims if claim.value is not None]
    assume(valued)
    original = draw(st.sampled_from(valued))
    places = draw(st.lists(st.integers(0, 9), min_size=1, max_size=2, unique=True))
    repeats = []
    for place in places:
        claim = attrs.evolve(
            original, id=f"c{place}+", source=OUTLET.id, attribution=original.chain
        )
        if draw(_SOMETIMES):
            claim = attrs.evolve(claim, polarity=draw(st.sampled_from(Polarity)))
        if draw(_SOMETIMES):
            claim = attrs.evolve(claim, value=draw(st.sampled_from(valued)).value)
        repeats.append(claim)
    shared = draw(st.lists(st.sampled_from(group.claims), unique=True)) if group.claims else []
    shares = {claim.id: draw(st.sampled_from([0.25, 0.5, 1.0])) for claim in shared}
    sources = {**group.sources, OUTLET.id: OUTLET}
    return attrs.evolve(group, sources=sources, independence=shares), original, repeats


@pytest.mark.parametrize(
    ("name", "kind", "multi", "taxonomy", "measure"),
    CASES,
    ids=[
        f"{n}-{k.value}-{'multi' if m else 'single'}{'-taxonomy' if t else ''}-{u.value}"
        for n, k, m, t, u in CASES
    ],
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_finding_relisted_for_repeats_is_the_finding_judged_again(
    name: str,
    kind: ValueKind,
    multi: bool,
    taxonomy: Taxonomy | None,
    measure: Measure,
    data: st.DataObject,
) -> None:
    groups = claim_groups(kind=kind, multi=multi, taxonomy=taxonomy, measure=measure)
    group, original, repeats = data.draw(repeated(groups))
    strategy = reconcile.get(name)
    earlier = strategy.reconcile(group)
    by_id = {claim.id: claim for claim in group.claims}
    relisted = with_repeats(earlier, repeats, by_id, group.sources, group.independence)
    origin = group.origin_of(original)
    said = [c for c in group.claims if c.value is not None and group.origin_of(c) == origin]
    if all(says_the_same(claim, earlier) for claim in repeats for earlier in said):
        with_them = strategy.reconcile(attrs.evolve(group, claims=(*group.claims, *repeats)))
        assert relisted == with_them
    else:
        assert relisted is None


def test_a_repeat_that_differs_in_words_interest_or_share_is_judged_again() -> None:
    # Each of these could change the testimony (its weight, or how a figure has risen).
    group = one_claim_group()
    (original,) = group.claims
    outlet_copy = attrs.evolve(
        original, id="c1", source=OUTLET.id, attribution=original.chain, value_text="7"
    )
    finding = reconcile.get("interval-consensus").reconcile(group)
    sources = {**group.sources, OUTLET.id: OUTLET}
    by_id = {original.id: original}
    assert with_repeats(finding, [outlet_copy], by_id, sources, {}) is not None
    reworded = attrs.evolve(outlet_copy, value_text="has risen to 7")
    interested = attrs.evolve(outlet_copy, interest=Interest.SELF_SERVING)
    for claim in (reworded, interested):
        assert with_repeats(finding, [claim], by_id, sources, {}) is None
    assert with_repeats(finding, [outlet_copy], by_id, sources, {"c1": 0.5}) is None
    other_origin = attrs.evolve(outlet_copy, attribution=())
    assert with_repeats(finding, [other_origin], by_id, sources, {}) is None


def one_claim_group() -> ClaimGroup:
    """One claim of 7 dead, its figure in words as read."""
    claim = Claim(
        id="c0",
        source="s0",
        event="e",
        attribute="x",
        value=reconcile.Quantity.exact(7),
        value_text="7",
    )
    schema = reconcile.AttributeSchema(name="x", kind=ValueKind.QUANTITY)
    return ClaimGroup(
        event="e",
        attribute="x",
        schema=schema,
        claims=(claim,),
        sources={"s0": Source(id="s0", affiliation="un")},
    )
