"""`ClaimGroup`: the claims of one (event, attribute), weighed for independence and revisions.

Claims with the same origin (the innermost link of their attribution chain)
are one piece of evidence however many outlets repeat them. When one origin
gives different figures at different times, the latest supersedes the
earlier ones, which were partial counts. What is left are `Testimony`
items: one per distinct thing an origin said, each with its share of the
origin's weight.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property

import attrs

from reconcile.judging.interest import interest_factor, interest_of
from reconcile.model.claim import Claim, Interest, Polarity, Value
from reconcile.model.schema import AttributeSchema
from reconcile.model.source import Source
from reconcile.values.category import Category
from reconcile.values.quantity import Quantity

DEFAULT_WEIGHT = 1.0


@attrs.frozen(kw_only=True)
class Testimony:
    """One distinct thing one origin said, with the claims that carry it.

    `claims` holds every claim of the origin with this value and polarity (an
    outlet repeating another adds a claim here, not weight), plus the earlier
    figures this one superseded (`superseded`). `weight` is the origin's
    weight divided among the distinct things it asserted, times the
    independent share of its claims' vote where the group has one.
    """

    origin: str
    affiliation: str | None
    value: Value
    polarity: Polarity
    weight: float
    claims: tuple[str, ...]
    superseded: tuple[str, ...] = ()
    interest: Interest | None = None
    reliability: float = 1.0

    @property
    def asserts(self) -> bool:
        """Whether this testimony asserts its value (rather than denying it)."""
        return self.polarity is Polarity.ASSERTS

    @property
    def camp(self) -> str:
        """The affiliation, or ``unaffiliated``."""
        return self.affiliation or "unaffiliated"

    @property
    def all_claims(self) -> tuple[str, ...]:
        """The claims behind it, superseded ones included."""
        return (*self.claims, *self.superseded)


_ID = operator.attrgetter("id")


def counted_origin(claim: Claim, sources: Mapping[str, Source]) -> str:
    """The origin a claim counts for: its innermost source, or whom that source speaks for.

    A spokesman's figures are the organisation's (`Source.speaks_for`), so
    that its later figure revises the organisation's earlier one.
    """
    origin = claim.origin
    source = sources.get(origin)
    if source is None or source.speaks_for is None:
        return origin  # most sources speak for themselves
    seen: set[str] = set()
    while origin not in seen:
        seen.add(origin)
        source = sources.get(origin)
        if source is None or source.speaks_for is None:
            break
        origin = source.speaks_for
    return origin


def _by_id(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """Claims in id order, so that a group does not depend on the order it was built in."""
    return tuple(sorted(claims, key=_ID))


@attrs.frozen(kw_only=True)
class ClaimGroup:
    """Everything a strategy needs for one (event, attribute).

    `weights` maps source ids to weights (learned or set by the caller); a
    source missing from it weighs its reliability prior, or 1.
    `independence` maps claim ids to the share of the claim's vote that is
    independent (a fitted `CopyDetector`'s `independence_`): a testimony's
    weight is scaled by that of its claims, and a claim missing from it
    counts whole.

    `qualifier` names who the figures count when the group holds a sub-count
    ("civilians"): the claims of one (event, attribute, qualifier) form one
    group, so that a sub-count never collides with the total. Claims without
    a value (words only) carry no testimony.
    """

    event: str
    attribute: str
    qualifier: str | None = None
    schema: AttributeSchema
    claims: tuple[Claim, ...] = attrs.field(converter=_by_id)
    sources: Mapping[str, Source] = attrs.field(factory=dict, eq=False, hash=False)
    weights: Mapping[str, float] = attrs.field(factory=dict, eq=False, hash=False)
    independence: Mapping[str, float] = attrs.field(factory=dict, eq=False, hash=False)

    def merge(self, other: ClaimGroup) -> ClaimGroup:
        """The group of both groups' claims: the summary that partial runs combine.

        Merging is associative and commutative, and a group without claims is
        its identity, so claims can be added one at a time, in any order or
        grouping, or on several workers, with the same result. Both groups
        must be for the same event and attribute and come from one dataset and
        one set of weights (where sources, weights or independent shares
        differ, this group's win);
        a claim id in both counts once.
        """
        if (self.event, self.attribute, self.qualifier) != (
            other.event,
            other.attribute,
            other.qualifier,
        ):
            raise ValueError(
                f"cannot merge the group of ({self.event!r}, {self.attribute!r}, "
                f"{self.qualifier!r}) with that of ({other.event!r}, {other.attribute!r}, "
                f"{other.qualifier!r})"
            )
        claims = {claim.id: claim for claim in (*self.claims, *other.claims)}
        return attrs.evolve(
            self,
            claims=tuple(claims.values()),
            sources={**other.sources, **self.sources},
            weights={**other.weights, **self.weights},
            independence={**other.independence, **self.independence},
        )

    def weight_of(self, source_id: str) -> float:
        """The weight of a source: given, else its prior, else 1."""
        if source_id in self.weights:
            return self.weights[source_id]
        source = self.sources.get(source_id)
        if source is not None and source.reliability is not None:
            return source.reliability
        return DEFAULT_WEIGHT

    def affiliation_of(self, source_id: str) -> str | None:
        """The affiliation of a source, if known."""
        source = self.sources.get(source_id)
        return None if source is None else source.affiliation

    def origin_of(self, claim: Claim) -> str:
        """The origin a claim counts for (`counted_origin`, among the group's sources)."""
        return counted_origin(claim, self.sources)

    @cached_property
    def _by_origin(self) -> dict[str, list[Claim]]:
        """The claims with a value, by the origin they count for, in the group's (id) order."""
        by_origin: dict[str, list[Claim]] = {}
        sources = self.sources
        for claim in self.claims:
            if claim.value is not None:
                origin = claim.origin
                source = sources.get(origin)
                if source is not None and source.speaks_for is not None:
                    origin = self.origin_of(claim)
                if origin in by_origin:
                    by_origin[origin].append(claim)
                else:
                    by_origin[origin] = [claim]
        return by_origin

    @cached_property
    def testimonies(self) -> tuple[Testimony, ...]:
        """The independent evidence, in a canonical order (by origin, then value text)."""
        by_origin = self._by_origin
        items: list[Testimony] = []
        for origin in sorted(by_origin):
            claims = by_origin[origin]
            if len(claims) == 1:
                # Most origins say one thing once: no bookkeeping of what they said is needed.
                items.append(self._said_once(origin, claims[0]))
            else:
                items.extend(self._testimonies_of(origin, claims))
        return tuple(items)

    def sides(self, value_type: type) -> tuple[list[Testimony], list[Testimony]]:
        """The testimonies whose value is a `value_type`: those that assert, those that deny."""
        asserting: list[Testimony] = []
        denying: list[Testimony] = []
        for item in self.testimonies:
            if isinstance(item.value, value_type):
                (asserting if item.polarity is Polarity.ASSERTS else denying).append(item)
        return asserting, denying

    @cached_property
    def origins(self) -> frozenset[str]:
        """The distinct origins of the claims (a spokesman counts as whom it speaks for)."""
        # Those of the claims with a value are worked out for the testimonies already.
        unvalued = [self.origin_of(claim) for claim in self.claims if claim.value is None]
        return frozenset((*self._by_origin, *unvalued))

    def _same_value(self, value: Value) -> Value:
        """The value that stands for `value` when one origin says it twice in other words.

        Labels that the taxonomy makes aliases of one label ("Iraqi troops",
        "Iraqi forces") are one thing said, not two.
        """
        if isinstance(value, Category):
            shown = self.schema.labels.display(value.label)
            # A label the taxonomy spells as it is (always, without a taxonomy) is the value
            # itself: its label was tidied when it was made, and a copy would be equal.
            return value if shown == value.label else Category(label=shown)
        return value

    def _independent_share(self, claims: list[Claim]) -> float:
        """The independent share of one testimony's vote: that of its claims, 1 if none has one.

        The claims of a testimony share an origin and a value, so a copy
        detector gives those it voted on one share; claims it did not see
        (added later, or an earlier figure) do not undo it.
        """
        if len(claims) == 1:
            return self.independence.get(claims[0].id, 1.0)
        if not self.independence:
            return 1.0  # no copy detector: every claim counts whole
        shares = [self.independence[claim.id] for claim in claims if claim.id in self.independence]
        return max(shares, default=1.0)

    def _interest(self, origin: str, claims: list[Claim]) -> Interest | None:
        """The interest of one testimony: that of its first claim (by id) that has one."""
        source = self.sources.get(origin)
        if len(claims) == 1:
            return interest_of(claims[0], source, self.schema)
        if (source is None or source.party is None) and all(c.interest is None for c in claims):
            return None  # nothing declared, and no party to read labels against
        found = (interest_of(claim, source, self.schema) for claim in _by_id(claims))
        return next((interest for interest in found if interest is not None), None)

    def _testimonies_of(self, origin: str, claims: list[Claim]) -> list[Testimony]:
        first = claims[0]
        value, polarity = first.value, first.polarity
        assert value is not None  # testimonies skips claims without a value
        if all(claim.value is value and claim.polarity is polarity for claim in claims):
            # Outlets repeating one origin's claim share its value (the loader reads each
            # text once): one thing said, as below, without hashing a value per claim.
            return [self._testimony(origin, self._same_value(value), polarity, claims)]
        distinct: dict[tuple[Value, Polarity], list[Claim]] = defaultdict(list)
        for claim in claims:
            assert claim.value is not None  # testimonies skips claims without a value
            distinct[(self._same_value(claim.value), claim.polarity)].append(claim)
        if len(distinct) == 1:
            # One thing said, repeated: nothing to supersede, the weight not divided.
            ((value, polarity), group), *_ = distinct.items()
            return [self._testimony(origin, value, polarity, group)]
        superseded = _superseded(distinct) if not self.schema.multi else {}
        kept = {key: group for key, group in distinct.items() if key not in superseded}
        weight = self.weight_of(origin)
        share = weight if self.schema.multi else weight / len(kept)
        result = []
        for (value, polarity), group in kept.items():
            earlier = [
                claim.id
                for key, later in superseded.items()
                if later == (value, polarity)
                for claim in distinct[key]
            ]
            result.append(self._testimony(origin, value, polarity, group, share, earlier))
        if len(result) < 2:
            return result  # most origins say one thing: no value need be written out to sort
        return sorted(result, key=lambda item: (str(item.value), item.polarity.value))

    def _said_once(self, origin: str, claim: Claim) -> Testimony:
        """The testimony of an origin with one claim: `_testimony`'s answer, with less asked."""
        value = claim.value
        assert value is not None  # testimonies skips claims without a value
        source = self.sources.get(origin)
        weight = self.weight_of(origin)
        interest = claim.interest
        if interest is None and source is not None and source.party is not None:
            interest = interest_of(claim, source, self.schema)
        scale = self.independence.get(claim.id, 1.0) * interest_factor(interest)
        return Testimony(
            origin=origin,
            affiliation=None if source is None else source.affiliation,
            value=self._same_value(value),
            polarity=claim.polarity,
            weight=weight * scale,
            claims=(claim.id,),
            interest=interest,
            reliability=weight * scale,
        )

    def _testimony(
        self,
        origin: str,
        value: Value,
        polarity: Polarity,
        claims: list[Claim],
        share: float | None = None,
        earlier: list[str] | None = None,
    ) -> Testimony:
        """One thing an origin said, in `claims`, with `share` of its weight (by default all)."""
        weight = self.weight_of(origin)
        interest = self._interest(origin, claims)
        scale = self._independent_share(claims) * interest_factor(interest)
        return Testimony(
            origin=origin,
            affiliation=self.affiliation_of(origin),
            value=value,
            polarity=polarity,
            weight=(weight if share is None else share) * scale,
            claims=(claims[0].id,) if len(claims) == 1 else tuple(sorted(c.id for c in claims)),
            superseded=tuple(sorted(earlier)) if earlier else (),
            interest=interest,
            reliability=weight * scale,
        )


Key = tuple[Value, Polarity]


def _superseded(distinct: Mapping[Key, list[Claim]]) -> dict[Key, Key]:
    """Map each earlier asserted figure of one origin to the latest figure that revised it.

    Only dated, asserted quantities are revised: an undated claim cannot be
    placed in time, so it stands on its own. A figure is earlier only when
    its publication ends before the latest one's begins: one published "in
    October 2023" is not known to come before one of 17 October 2023, so
    neither revises the other.
    """
    candidates = [
        key
        for key, group in distinct.items()
        if key[1] is Polarity.ASSERTS
        and isinstance(key[0], Quantity)
        and any(claim.published is not None for claim in group)
    ]
    if len(candidates) < 2:
        return {}  # one figure revises nothing: no publication span need be worked out
    dated = {
        key: max(
            (span for claim in distinct[key] if (span := claim.published_span) is not None),
            key=lambda span: (span.end, span.start),
        )
        for key in candidates
    }
    latest = max(dated, key=lambda key: (dated[key].end, dated[key].start, str(key[0])))
    return {key: latest for key in dated if key != latest and dated[key].end <= dated[latest].start}


def affiliations(items: Iterable[Testimony]) -> tuple[str, ...]:
    """The distinct camps of some testimonies, sorted."""
    return tuple(sorted({item.camp for item in items}))
