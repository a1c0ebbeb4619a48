"""`ClaimGroup.testimonies` takes short cuts for the usual origins; a naive oracle checks them.

The oracle is the one general path, with no short cut: every origin's claims
gathered by value, revised figures found, the weight divided, each
testimony's interest and independent share worked out from all its claims,
and the testimonies sorted by their values' text.
"""

from __future__ import annotations

from collections import defaultdict

import attrs
from hypothesis import given
from hypothesis import strategies as st

from reconcile import (
    AttributeSchema,
    Category,
    ClaimGroup,
    Interest,
    Polarity,
    Quantity,
    Source,
    ValueKind,
    standard_attributes,
)
from reconcile.judging.group import Testimony as Said  # not collected as a test class
from reconcile.judging.interest import interest_factor, interest_of
from reconcile.model.claim import Claim, Value
from reconcile.testing import claim_groups

Key = tuple[Value, Polarity]


def oracle_superseded(distinct: dict[Key, list[Claim]]) -> dict[Key, Key]:
    """Each earlier dated figure of one origin, mapped to the latest (the rule, spelled out)."""
    dated = {}
    for key, claims in distinct.items():
        spans = [claim.published_span for claim in claims if claim.published_span is not None]
        if key[1] is Polarity.ASSERTS and isinstance(key[0], Quantity) and spans:
            dated[key] = max(spans, key=lambda span: (span.end, span.start))
    if len(dated) < 2:
        return {}
    latest = max(dated, key=lambda key: (dated[key].end, dated[key].start, str(key[0])))
    return {key: latest for key in dated if key != latest and dated[key].end <= dated[latest].start}


def oracle_testimonies_of(group: ClaimGroup, origin: str, claims: list[Claim]) -> list[Said]:
    """What one origin said, by the general path alone."""
    distinct: dict[Key, list[Claim]] = defaultdict(list)
    for claim in claims:
        value = claim.value
        assert value is not None
        if isinstance(value, Category):  # aliases of one label are one thing said
            value = Category(label=group.schema.labels.display(value.label))
        distinct[(value, claim.polarity)].append(claim)
    superseded = oracle_superseded(distinct) if not group.schema.multi else {}
    kept = {key: said for key, said in distinct.items() if key not in superseded}
    weight = group.weight_of(origin)
    share = weight if group.schema.multi else weight / len(kept)
    source = group.sources.get(origin)
    found = []
    for (value, polarity), said in kept.items():
        interests = [interest_of(claim, source, group.schema) for claim in sorted(said, key=id_of)]
        interest = next((item for item in interests if item is not None), None)
        shares = [group.independence[c.id] for c in said if c.id in group.independence]
        scale = max(shares, default=1.0) * interest_factor(interest)
        earlier = [
            c.id
            for key, later in superseded.items()
            if later == (value, polarity)
            for c in distinct[key]
        ]
        found.append(
            Said(
                origin=origin,
                affiliation=None if source is None else source.affiliation,
                value=value,
                polarity=polarity,
                weight=share * scale,
                claims=tuple(sorted(claim.id for claim in said)),
                superseded=tuple(sorted(earlier)),
                interest=interest,
                reliability=weight * scale,
            )
        )
    return sorted(found, key=lambda item: (str(item.value), item.polarity.value))


def id_of(claim: Claim) -> str:
    """A claim's id, to sort by."""
    return claim.id


def oracle_testimonies(group: ClaimGroup) -> tuple[Said, ...]:
    """Every origin's testimonies, origin by origin."""
    by_origin: dict[str, list[Claim]] = defaultdict(list)
    for claim in group.claims:
        if claim.value is not None:
            by_origin[group.origin_of(claim)].append(claim)
    return tuple(
        item
        for origin in sorted(by_origin)
        for item in oracle_testimonies_of(group, origin, by_origin[origin])
    )


@st.composite
def weighed_groups(draw: st.DrawFn) -> ClaimGroup:
    """Groups of every kind, with weights, independent shares and spokesmen drawn too.

    Parties and declared interests are drawn as well, and some claims carry a copy
    of a value another claim holds (equal, not the same object), so that the short
    cuts for origins with nothing declared and for repeated values are checked
    against the general path.
    """
    kind = draw(st.sampled_from(list(ValueKind)))
    group = draw(claim_groups(kind=kind, multi=draw(st.booleans()), min_claims=1))
    claims = []
    for claim in group.claims:
        value = claim.value
        assert value is not None  # the groups drawn hold claims with values
        copied = attrs.evolve(value) if draw(st.booleans()) else value
        interest = draw(st.none() | st.none() | st.sampled_from(list(Interest)))
        claims.append(attrs.evolve(claim, value=copied, interest=interest))
    ids = sorted(group.sources)
    speaks_for = {source: draw(st.none() | st.sampled_from(ids)) for source in ids}
    party = st.none() | st.none() | st.sampled_from(["militia", "army"])
    sources = {
        source.id: attrs.evolve(
            source,
            speaks_for=speaks_for[source.id] if speaks_for[source.id] != source.id else None,
            party=draw(party),
        )
        for source in group.sources.values()
    }
    weight = st.sampled_from([0.25, 0.5, 1.0, 3.0])
    return attrs.evolve(
        group,
        claims=tuple(claims),
        sources=sources,
        weights=draw(st.dictionaries(st.sampled_from(ids), weight)),
        independence=draw(
            st.dictionaries(
                st.sampled_from([c.id for c in group.claims]), st.sampled_from([0.2, 0.5, 1.0])
            )
        ),
    )


@given(weighed_groups())
def test_testimonies_are_those_of_the_general_path(group: ClaimGroup) -> None:
    assert group.testimonies == oracle_testimonies(group)


def test_an_origin_repeating_one_figure_is_one_testimony_with_its_whole_weight() -> None:
    # Worked by hand: s1 says 52 twice (once through s2), and 40 once; s3 says 52 twice
    # (once through s4). s1 said two things, so each weighs half of its 2; s3 said one
    # thing, so it weighs its whole 1, however often it is repeated.
    group = ClaimGroup(
        event="e",
        attribute="killed",
        schema=claim_groups_schema(),
        claims=(
            Claim(id="c1", source="s1", event="e", attribute="killed", value=Quantity.exact(52)),
            Claim(
                id="c2",
                source="s2",
                attribution=("s1",),
                event="e",
                attribute="killed",
                value=Quantity.exact(52),
            ),
            Claim(id="c3", source="s1", event="e", attribute="killed", value=Quantity.exact(40)),
            Claim(id="c4", source="s3", event="e", attribute="killed", value=Quantity.exact(52)),
            Claim(
                id="c5",
                source="s4",
                attribution=("s3",),
                event="e",
                attribute="killed",
                value=Quantity.exact(52),
            ),
        ),
        sources={name: Source(id=name) for name in ("s1", "s2", "s3", "s4")},
        weights={"s1": 2.0},
    )
    shown = [(t.origin, str(t.value), t.weight, t.claims) for t in group.testimonies]
    assert shown == [
        ("s1", "40", 1.0, ("c3",)),
        ("s1", "52", 1.0, ("c1", "c2")),
        ("s3", "52", 1.0, ("c4", "c5")),
    ]
    assert group.origins == {"s1", "s3"}


def claim_groups_schema() -> AttributeSchema:
    """The standard schema of ``killed``."""
    return standard_attributes()["killed"]
