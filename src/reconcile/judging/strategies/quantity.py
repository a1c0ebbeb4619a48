"""Strategies for figures: interval consensus, weighted median, conservative, UCDP-style.

They share the shape of the answer: a best figure; the testimonies whose
intervals contain it (support) and the rest (dissent); outliers, which are
named as contradictions; and the range ``[low, high]``, the lowest and
highest figures the *reliable* claims state (the best figure included), in
the UCDP's sense of low and high. A figure is beyond the range when it is
an outlier or when its testimony weighs less than `reliable_weight` (a
party's claim in its own interest, an origin of little reliability, a
copy); each is listed in the finding's `beyond_range` with its reason. They
differ in how they choose the best figure.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import ClassVar

import attrs

from reconcile.errors import ParseError
from reconcile.judging.finding import BeyondRange, Contradiction, ContradictionKind, Finding
from reconcile.judging.group import ClaimGroup, Testimony
from reconcile.judging.judge import CAMP_AGREEMENT_BASE, denial, empty_finding, judge
from reconcile.model.claim import Claim, Interest
from reconcile.model.schema import ValueKind
from reconcile.values.numbers import TIE_TOLERANCE
from reconcile.values.parse_quantity import read_quantity
from reconcile.values.quantity import (
    Hedge,
    Measure,
    Quantity,
    central_figure,
    format_number,
    robust_spread,
)


def _interval(item: Testimony) -> Quantity:
    assert isinstance(item.value, Quantity)
    return item.value


def stated_figures(value: Quantity) -> list[float]:
    """The figures a quantity states: its point and the ends its words give.

    "fewer than 50" states 49, not the 0 its interval starts at; "at least 9"
    states 9; a range states both ends. A vague word states only the floor it
    commits to: "hundreds" states 200, not the 999 that nobody said.
    """
    return list(_stated(value))


_STATED: dict[int, tuple[Quantity, tuple[float, ...]]] = {}
"""`stated_figures` by value, the value kept beside them: found by identity, for the loader
gives every claim of one text the same value, and a value's hash costs more than its figures."""
_STATED_MAX = 65_536


def _stated(value: Quantity) -> tuple[float, ...]:
    """`stated_figures` of a value, worked out once: a strategy asks for them several times."""
    found = _STATED.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    if len(_STATED) >= _STATED_MAX:
        _STATED.clear()
    figures = _stated_anew(value)
    _STATED[id(value)] = (value, figures)
    return figures


def _stated_anew(value: Quantity) -> tuple[float, ...]:
    """`stated_figures` of a value not met before."""
    figures = [] if value.hedge in (Hedge.AT_MOST, Hedge.FEWER_THAN) else [value.low]
    if not open_above(value):
        figures.append(value.high)
    if value.point is not None:
        figures.append(value.point)
    # "below 0" states 0, not the minus infinity its interval starts at.
    return tuple([figure for figure in figures if math.isfinite(figure)] or [central_figure(value)])


def open_above(value: Quantity) -> bool:
    """Whether the words set no upper end: "at least 500", "more than 140", "hundreds".

    A vague word coded as one figure (ACLED's "dozens", 12) is that figure: closed.
    """
    if value.hedge is Hedge.VAGUE:
        return not value.is_exact
    return not value.is_bounded or value.hedge in (Hedge.AT_LEAST, Hedge.MORE_THAN)


def said(value: Quantity) -> str:
    """A figure as its words commit to it: "hundreds" is "≥ 200", not "[200, 999]"."""
    if value.hedge is Hedge.VAGUE and open_above(value):
        return f"≥ {format_number(value.low)}"
    return str(value)


def gap(first: Quantity, second: Quantity) -> float:
    """How far apart two intervals lie (0 when they meet)."""
    return max(0.0, second.low - first.high, first.low - second.high)


def distance(value: Quantity, figure: float) -> float:
    """How far `figure` lies outside the interval (0 inside it or on an open end)."""
    if figure <= value.low:
        return value.low - figure
    return max(0.0, figure - value.high)


@attrs.frozen(kw_only=True)
class _QuantityStrategy:
    """What the quantity strategies share; subclasses choose the best figure."""

    outlier_ratio: float = 0.5
    """A dissenting figure further from the best than this share of it may be an outlier..."""
    outlier_share: float = 0.25
    """...if its origin carries at most this share of the total weight..."""
    outlier_min_origins: int = 3
    """...and at least this many origins speak (with two, neither can be called the outlier)."""
    outlier_spreads: float = 3.0
    """For a measurement, "far" is more than this many times the attribute's typical spread
    (`AttributeSchema.typical_spread`): a measurement's zero is a convention, so its size says
    nothing of how far off a figure is."""
    reliable_weight: float = 0.5
    """A figure whose testimony weighs less than this (before its origin's weight is divided
    among its figures) is beyond the range: it is not relied on for low and high."""

    name: str = "quantity"
    kinds: ClassVar[tuple[ValueKind, ...]] = (ValueKind.QUANTITY,)
    """The kinds of value it reconciles (see `reconcile.judging.registry.check_fit`)."""
    best_is_central: bool = attrs.field(default=True, init=False)
    """Whether figures near the best one are spared from being outliers (not for the lowest)."""

    def choose(
        self, group: ClaimGroup, asserting: Sequence[Testimony], denials: Sequence[Testimony]
    ) -> float:
        """The best figure; subclasses decide."""
        raise NotImplementedError

    def describe(self, best: float) -> str:
        """The first words of the rationale."""
        return f"best figure {format_number(best)}"

    def reconcile(self, group: ClaimGroup) -> Finding:
        """The finding of the group's figures."""
        asserting, denials = group.sides(Quantity)
        if not asserting:
            return empty_finding(group, strategy=self.name)
        best = self.choose(group, asserting, denials)
        unit = _interval(asserting[0]).unit
        value = self.best_value(best, unit)
        # The best figure as an interval of one figure: the best value itself when it is one.
        anchor = value if value.is_exact and value.low == best else Quantity.exact(best, unit=unit)
        outliers = self._outliers(group, asserting, anchor if self.best_is_central else None)
        reliable = [item for item in self.reliable(asserting) if item not in outliers]
        figures = [best, *(figure for item in reliable for figure in _stated(_interval(item)))]
        low, high = min(figures), max(figures)

        def supports(item: Testimony) -> bool:
            # A testimony backs the best *figure*: for the lowest credible figure, a
            # higher toll is compatible with "at least" it but says something else.
            return _interval(item).overlaps(anchor) == item.asserts

        return judge(
            group,
            strategy=self.name,
            best=value,
            supports=supports,
            low=low,
            high=high,
            contradictions=self._contradictions(group, asserting, denials, outliers, anchor, value),
            reason=self.describe(best),
            beyond_range=self._beyond(asserting, outliers, low, high),
            high_open=_open_top(reliable, high),
        )

    def reliable(self, asserting: Sequence[Testimony]) -> list[Testimony]:
        """The testimonies weighty enough to set the range (outliers are left out apart)."""
        return [item for item in asserting if item.reliability >= self.reliable_weight]

    def _beyond(
        self, asserting: Sequence[Testimony], outliers: Sequence[Testimony], low: float, high: float
    ) -> list[BeyondRange]:
        """Every asserted figure stated outside ``[low, high]``, with why it is not relied on."""
        found = []
        for item in asserting:
            if all(low <= figure <= high for figure in _stated(_interval(item))):
                continue
            found.append(
                BeyondRange(
                    claims=item.claims,
                    figure=said(_interval(item)),
                    reason=self._why(item, outliers),
                )
            )
        return found

    def _why(self, item: Testimony, outliers: Sequence[Testimony]) -> str:
        """Why a figure outside the range is not relied on."""
        if item in outliers:
            return "an isolated figure, far from every other figure given"
        weighs = (
            f"weighs {item.reliability:.2g}, "
            f"below the {self.reliable_weight:.2g} of a reliable figure"
        )
        if item.interest is Interest.SELF_SERVING:
            return f"a party's claim in its own interest ({weighs})"
        return f"its origin {weighs}"

    def best_value(self, figure: float, unit: str | None) -> Quantity:
        """The best value as a quantity: the figure itself, unless a strategy says more."""
        return Quantity.exact(figure, unit=unit)

    def _outliers(
        self, group: ClaimGroup, asserting: Sequence[Testimony], best: Quantity | None
    ) -> list[Testimony]:
        """Testimonies far from every other figure given, and light in weight.

        `best` is the best figure as an interval of one figure, or None when
        nearness to it spares nothing.

        An outlier is isolated: the gap between its interval and that of every
        other testimony (its own origin's other figures included) is more than
        `outlier_ratio` of the larger of the two
        figures, and so is the gap to the best figure. Judged this way, the
        verdict cannot be undone by adding a claim that agrees with the best
        figure, so such a claim never widens the range.
        """
        if len(group.origins) < self.outlier_min_origins:
            return []
        total = sum(item.weight for item in asserting)
        scale = self._scale(group, asserting)

        def far(first: Quantity, second: Quantity) -> bool:
            return gap(first, second) > scale(first, second)

        def isolated(item: Testimony) -> bool:
            others = [other for other in asserting if other is not item]
            return bool(others) and all(far(_interval(item), _interval(other)) for other in others)

        outliers = [
            item
            for item in asserting
            if (best is None or far(_interval(item), best))
            and item.weight <= self.outlier_share * total
            and isolated(item)
        ]
        # When every figure stands alone, none can be singled out.
        return [] if len(outliers) == len(asserting) else outliers

    def _scale(
        self, group: ClaimGroup, asserting: Sequence[Testimony]
    ) -> Callable[[Quantity, Quantity], float]:
        """How far apart two figures must lie to be far apart, by the attribute's measure.

        A count is judged against its size: `outlier_ratio` of the larger
        figure (so 5 against 70 is far, 50 against 70 is not), which does not
        change when every figure is multiplied alike. A measurement is judged
        against the attribute's typical spread, `outlier_spreads` times it,
        which changes neither when every figure is shifted nor when it is
        multiplied alike. The typical spread is the schema's (a dataset derives
        it from all the attribute's claims); without one, the group's own
        spread stands in, and then a claim that agrees with the best figure
        can change which figures are far.
        """
        if group.schema.measure is Measure.MEASUREMENT:
            typical = group.schema.typical_spread
            if typical is None:
                # Not derived from a dataset: the group's own spread, the best there is.
                typical = robust_spread([central_figure(_interval(item)) for item in asserting])
            far = self.outlier_spreads * typical
            return lambda first, second: far

        def by_size(first: Quantity, second: Quantity) -> float:
            return self.outlier_ratio * max(central_figure(first), central_figure(second), 1.0)

        return by_size

    def _contradictions(
        self,
        group: ClaimGroup,
        asserting: Sequence[Testimony],
        denials: Sequence[Testimony],
        outliers: Sequence[Testimony],
        best: Quantity,
        shown: Quantity,
    ) -> list[Contradiction]:
        """One contradiction per figure that misses the best figure, and per denial of it.

        `best` is the best figure as one figure, `shown` the best value as the
        finding states it (for the lowest credible figure, "≥ 50"). A figure's
        contradiction names, beside its own claims, the claims backing the
        best figure that it cannot stand with: not a backer that allows it
        ("at least 39" allows 50), nor a running count that has risen past it
        ("has risen to 39" against an earlier 27: the toll was lower before).
        """
        backing = [item for item in asserting if _interval(item).overlaps(best)]
        backing_claims = tuple(claim for item in backing for claim in item.claims)
        backers: list[Backer] | None = None  # read when a first figure stands against the best
        # Severity: the distance from the best figure, over its size for a count and over
        # what counts as far for a measurement.
        scale = max(abs(best.low), 1.0)
        if group.schema.measure is Measure.MEASUREMENT:
            scale = self._scale(group, asserting)(best, best) or 1.0
        found = []
        stated = str(shown)  # written once for every figure against it
        for item in asserting:
            apart = gap(_interval(item), best)
            if apart == 0 and item not in outliers:
                continue
            kind = (
                ContradictionKind.OUTLIER if item in outliers else ContradictionKind.DISJOINT_VALUES
            )
            verb = "is an outlier, left out of the range:" if item in outliers else "disagrees:"
            if backers is None:
                backers = _backers(group, backing)
            against = _standing_against(_interval(item), backers)
            found.append(
                Contradiction(
                    kind=kind,
                    claims=(*item.claims, *against),
                    severity=min(1.0, max(apart, distance(_interval(item), best.low)) / scale),
                    # The interval as read, since it is what disagrees: "dozens" [24, 99].
                    message=f"{item.origin} ({item.camp}) {verb} {item.value} against {stated}",
                )
            )
        total = sum(item.weight for item in (*asserting, *denials)) or 1.0
        found += [
            denial(item, backing_claims, total, item.value)
            for item in denials
            if _interval(item).overlaps(best)
        ]
        return found


Backer = tuple[Quantity, list[tuple[str, float | None]]]
"""A testimony backing the best figure: its interval, and each of its claims with the figure
that claim has risen to if it is a running count (`_risen_to`)."""


def _backers(group: ClaimGroup, backing: Sequence[Testimony]) -> list[Backer]:
    """The testimonies backing the best figure, with how far each of their claims has risen."""
    claims = {claim.id: claim for claim in group.claims}
    return [
        (_interval(item), [(claim, _risen_to(claims.get(claim))) for claim in item.claims])
        for item in backing
    ]


def _standing_against(figure: Quantity, backers: Sequence[Backer]) -> tuple[str, ...]:
    """The claims of `backers` that cannot stand with `figure`, a figure against the best.

    Not a claim that is a running count which has risen past `figure` ("has risen to 39"
    against an earlier 27).
    """
    return tuple(
        claim
        for interval, claims in backers
        if not interval.overlaps(figure)
        for claim, risen in claims
        if risen is None or not figure.high <= risen
    )


def _risen_to(claim: Claim | None) -> float | None:
    """The low end of a claim that is a running count ("has risen to 39"), else None."""
    if claim is None or claim.value_text is None or not isinstance(claim.value, Quantity):
        return None
    return claim.value.low if _is_running(claim.value_text) else None


@functools.lru_cache(maxsize=65_536)
def _is_running(text: str) -> bool:
    """Whether the words of a figure are a running count ("so far 12", "auf 57 gestiegen")."""
    try:
        return read_quantity(text).running
    except ParseError:
        return False


def _open_top(reliable: Sequence[Testimony], high: float) -> bool:
    """Whether some reliable claim leaves the range open above and none closes it at its top."""
    values = [_interval(item) for item in reliable]
    closed = any(not open_above(value) and max(_stated(value)) >= high for value in values)
    return not closed and any(open_above(value) for value in values)


Weighted = tuple[Quantity, float]
"""An interval with the weight behind it."""


def _weighted(items: Sequence[Testimony]) -> list[Weighted]:
    return [(_interval(item), item.weight) for item in items]


Ends = tuple[float, float, bool, bool, float]
"""An interval's low and high ends, whether each is open, and the weight behind it."""


def _ends(weighted: Sequence[Weighted]) -> list[Ends]:
    """The ends of each interval, read once: every candidate figure is tried against them all."""
    return [(value.low, value.high, value.low_open, value.high_open, w) for value, w in weighted]


def _score(asserted: Sequence[Ends], denied: Sequence[Ends], figure: float) -> float:
    """The weight of the intervals that contain `figure`, less that of the denied ones."""
    return _held(asserted, figure) - _held(denied, figure)


def _held(intervals: Sequence[Ends], figure: float) -> float:
    """The weight of the intervals that contain `figure` (as `Quantity.contains` says)."""
    return sum(
        weight
        for low, high, low_open, high_open, weight in intervals
        if (figure > low if low_open else figure >= low)
        and (figure < high if high_open else figure <= high)
    )


def _stated_weight(asserted: Sequence[Weighted], figure: float) -> float:
    """The weight of intervals that state `figure` itself, not just an interval around it."""
    return sum(
        weight
        for value, weight in asserted
        if value.point == figure or (value.is_exact and value.low == figure)
    )


def _candidates(asserted: Sequence[Weighted]) -> list[float]:
    """The stated figures, and a figure inside each interval whose ends are open."""
    figures = {figure for value, _ in asserted for figure in _stated(value)}
    for value, _ in asserted:
        if value.low_open or (value.high_open and value.is_bounded):
            figures.add(_inside(value))
    return sorted(figures)


def _inside(value: Quantity) -> float:
    """A figure inside an interval with an open end: its middle, else one past its finite end."""
    if value.is_bounded and value.is_bounded_below:
        return central_figure(value)
    if value.is_bounded_below:
        return value.low + 1
    return value.high - 1 if value.is_bounded else 0.0


def consensus_figure(asserted: Sequence[Weighted], denied: Sequence[Weighted] = ()) -> float:
    """The figure inside the intervals of most weight.

    Ties go to the figure more claims state outright, then to the one nearest
    all the claims (least weighted distance, so a lone vandal's figure loses a
    tie to a plausible one), then to the lowest.
    """

    def nearness(figure: float) -> float:
        return -sum(weight * distance(value, figure) for value, weight in asserted)

    held, against = _ends(asserted), _ends(denied)
    tied = _top(_candidates(asserted), lambda figure: _score(held, against, figure))
    tied = _top(tied, lambda figure: _stated_weight(asserted, figure))
    return min(_top(tied, nearness))


def _top(figures: list[float], key: Callable[[float], float]) -> list[float]:
    """The figures whose key is the highest, sums that differ only in their last bits included.

    Sums of the same weights added in another order differ in the last bits, and a tie must
    not be broken by the order claims came in (see `TIE_TOLERANCE`).
    """
    keys = [key(figure) for figure in figures]
    top = max(keys)
    margin = TIE_TOLERANCE * max(1.0, abs(top))
    return [figure for figure, value in zip(figures, keys, strict=True) if value >= top - margin]


@attrs.frozen(kw_only=True)
class IntervalConsensus(_QuantityStrategy):
    """The figure compatible with the largest independent weight of claims.

    Each testimony is an interval; the best figure is the one inside the
    intervals of the most weight (denials subtract). Ties go to the figure
    more testimonies state outright, then to the lower figure. Empty input
    gives an `insufficient` finding.
    """

    name: str = "interval-consensus"

    def choose(
        self, group: ClaimGroup, asserting: Sequence[Testimony], denials: Sequence[Testimony]
    ) -> float:
        """The figure with the most compatible weight."""
        return consensus_figure(_weighted(asserting), _weighted(denials))

    def describe(self, best: float) -> str:
        """Say which figure the most weight is compatible with."""
        return f"{format_number(best)} is compatible with the most independent weight"


@attrs.frozen(kw_only=True)
class WeightedMedian(_QuantityStrategy):
    """The figure nearest to all claims at once: the weighted median, generalised to intervals.

    The best figure is the one that minimises the sum, over testimonies, of
    its weight times its distance from the testimony's interval (zero inside
    it). For plain figures this is the weighted median; a bound pulls only
    when the figure falls outside it ("no less than nine" does not drag 11
    down to 9); a single wild figure (a vandal's edit) moves it no further
    than one vote, where a mean would be ruined. Ties go to the lower figure.
    """

    name: str = "weighted-median"

    def choose(
        self, group: ClaimGroup, asserting: Sequence[Testimony], denials: Sequence[Testimony]
    ) -> float:
        """The figure with the least weighted distance to every interval."""

        def cost(figure: float) -> float:
            apart = sum(item.weight * distance(_interval(item), figure) for item in asserting)
            return apart + sum(item.weight for item in denials if _interval(item).contains(figure))

        return min(_candidates(_weighted(asserting)), key=lambda figure: (cost(figure), figure))

    def describe(self, best: float) -> str:
        """Say it is the weighted median."""
        return f"{format_number(best)} is the weighted median of the figures"


@attrs.frozen(kw_only=True)
class Conservative(_QuantityStrategy):
    """The lowest credible figure, as ACLED codes disputed tolls.

    Outliers (figures far from every other figure given) are set aside first, so
    one absurdly low figure cannot set the count; among the rest, the lowest
    stated figure is the best.
    """

    name: str = "conservative"
    best_is_central: bool = attrs.field(default=False, init=False)

    def choose(
        self, group: ClaimGroup, asserting: Sequence[Testimony], denials: Sequence[Testimony]
    ) -> float:
        """The lowest stated figure among the testimonies that are not outliers."""
        outliers = self._outliers(group, asserting, None)
        credible = [item for item in self.reliable(asserting) if item not in outliers]
        # When nothing is reliable, the lowest figure of what there is still answers.
        credible = (
            credible or [item for item in asserting if item not in outliers] or list(asserting)
        )
        # The lowest figure a credible claim states and holds: "fewer than 50" gives 49, not 0.
        return min(
            figure
            for figure in _candidates(_weighted(credible))
            if any(_interval(item).contains(figure) for item in credible)
        )

    def best_value(self, figure: float, unit: str | None) -> Quantity:
        """At least the lowest credible figure: higher figures agree with it, lower ones do not."""
        return Quantity(low=figure, high=math.inf, hedge=Hedge.AT_LEAST, unit=unit)

    def describe(self, best: float) -> str:
        """Say it is the lowest credible figure."""
        return f"{format_number(best)} is the lowest credible figure"


@attrs.frozen(kw_only=True)
class UcdpRange(_QuantityStrategy):
    """Low, best and high in the manner of the UCDP: the best figure is the best corroborated.

    A figure's score is the weight compatible with it times
    ``1 - 0.5**k``, k the number of camps behind that weight, so a figure
    that opposing sides both give beats one that a single camp repeats. Low
    and high are the lowest and highest credible figures.
    """

    name: str = "ucdp"

    def choose(
        self, group: ClaimGroup, asserting: Sequence[Testimony], denials: Sequence[Testimony]
    ) -> float:
        """The figure with the most corroborated weight."""
        asserted, denied = _weighted(asserting), _weighted(denials)
        held, against = _ends(asserted), _ends(denied)

        def corroborated(figure: float) -> float:
            backing = [item for item in asserting if _interval(item).contains(figure)]
            camps = len({item.camp for item in backing})
            return _score(held, against, figure) * (1 - CAMP_AGREEMENT_BASE**camps)

        return max(
            _candidates(asserted),
            key=lambda figure: (corroborated(figure), _stated_weight(asserted, figure), -figure),
        )

    def describe(self, best: float) -> str:
        """Say it is the best corroborated figure."""
        return f"{format_number(best)} is the figure best corroborated across camps"
