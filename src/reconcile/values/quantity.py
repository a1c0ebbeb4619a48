"""`Quantity`: a figure as an interval that keeps the uncertainty of how it was reported."""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from statistics import median
from typing import Any

import attrs

from reconcile.errors import ValidationError
from reconcile.pickling import pickled_by_values


class Hedge(enum.Enum):
    """How a figure was hedged in the text it came from."""

    EXACT = "exact"
    """A plain figure: "52", "fifty-two"."""
    AT_LEAST = "at_least"
    """An inclusive lower bound: "at least 34", "no less than nine", "3000+"."""
    MORE_THAN = "more_than"
    """A strict lower bound: "more than 140", "over twenty", "upwards of 100"."""
    AT_MOST = "at_most"
    """An inclusive upper bound: "up to 50", "at most 50", "no more than 50"."""
    FEWER_THAN = "fewer_than"
    """A strict upper bound: "fewer than 50", "less than 50", "under 50"."""
    RANGE = "range"
    """Two figures: "50-52", "between 47 and 52"."""
    APPROXIMATE = "approximate"
    """An approximation: "about 3000", "some 100", "nearly 50"."""
    VAGUE = "vague"
    """A word, not a figure: "dozens", "several hundred", "thousands"."""


class Measure(enum.Enum):
    """What an attribute's figures are: counts, which cannot be negative, or measurements.

    The choice also sets how far apart two figures must be to call one an
    outlier: a count is judged against its size (50 against 70 is close, 5
    against 70 is not); a measurement, whose zero is a convention (°C, a
    balance, a change), against the spread of the figures given, so that
    shifting every figure by the same amount changes nothing.
    """

    COUNT = "count"
    """People, objects, amounts: zero or more; "fewer than 50" is ``[0, 49]``."""
    MEASUREMENT = "measurement"
    """Any real number with a unit (a temperature, a change): "below -5" is ``(-∞, -5)``."""


def format_number(value: float) -> str:
    """Write a number as a person would: 52 not 52.0, and ∞ (or -∞) for infinity."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def counted(count: int, noun: str) -> str:
    """A count with its noun, plural unless the count is one: "1 claim", "87 claims"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _check_number(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Accept ints and floats only: not booleans, not text that looks like a number."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ValidationError(
            f"Quantity {attribute.name} must be a number, got {value!r}", field=attribute.name
        )


def _check_low(instance: Quantity, attribute: attrs.Attribute[float], value: float) -> None:
    if math.isnan(value) or value == math.inf:
        raise ValidationError(
            f"Quantity low must be a number or minus infinity, got {value!r}",
            field=attribute.name,
        )


def _check_high(instance: Quantity, attribute: attrs.Attribute[float], value: float) -> None:
    if math.isnan(value):
        raise ValidationError(
            "Quantity high must be a number or infinity, got nan", field=attribute.name
        )
    if value < instance.low:
        raise ValidationError(
            f"Quantity low must not exceed high, got low={instance.low!r} > high={value!r}",
            field=attribute.name,
        )


def _check_low_open(instance: Quantity, attribute: attrs.Attribute[bool], value: bool) -> None:
    if math.isinf(instance.low) and not value:
        raise ValidationError(
            "Quantity low is minus infinity, so its end cannot be closed", field=attribute.name
        )


def _check_high_open(instance: Quantity, attribute: attrs.Attribute[bool], value: bool) -> None:
    if math.isinf(instance.high) and not value:
        raise ValidationError(
            "Quantity high is infinite, so its end cannot be closed", field=attribute.name
        )
    if instance.low == instance.high and (instance.low_open or value):
        raise ValidationError(
            f"Quantity [{instance.low!r}, {instance.high!r}] with an open end contains nothing",
            field=attribute.name,
        )


def _check_point(
    instance: Quantity, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is not None and not instance.contains(value):
        raise ValidationError(
            f"Quantity point {value!r} lies outside its interval {instance.interval_text()}",
            field=attribute.name,
        )


def _check_unit(
    instance: Quantity, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None and not value.strip():
        raise ValidationError(
            f"Quantity unit must be None or a non-empty word, got {value!r}", field=attribute.name
        )


def _infinite_low_is_open(instance: Any) -> bool:
    return isinstance(instance.low, float) and math.isinf(instance.low)


def _infinite_high_is_open(instance: Any) -> bool:
    return isinstance(instance.high, float) and math.isinf(instance.high)


def _exact_or_range(instance: Any) -> Hedge:
    """Without a hedge, one figure is exact and two are a range."""
    return Hedge.EXACT if instance.low == instance.high else Hedge.RANGE


@pickled_by_values
@attrs.frozen(kw_only=True)
class Quantity:
    """A figure as an interval ``[low, high]``, with what is known of it.

    Either end may be open (``low_open``, ``high_open``); an infinite end
    is always open. A quantity may be negative (a temperature, a change, a
    balance): whether an attribute's figures may be is its schema's `measure`
    (`Measure.COUNT` refuses them, `Measure.MEASUREMENT` allows them), checked
    where the claim meets its schema. Without a `hedge`, a single figure is `EXACT` and an
    interval a `RANGE`. `point` is the single figure the text gave, when it gave
    one ("about 3000" has point 3000 in the interval [2700, 3300]); `hedge`
    says how the text hedged it and `unit` what it measures when it is not a
    plain count ("hour", "day").

    >>> print(Quantity(low=9, high=math.inf, hedge=Hedge.AT_LEAST))
    ≥ 9
    """

    low: float = attrs.field(validator=[_check_number, _check_low])
    high: float = attrs.field(validator=[_check_number, _check_high])
    low_open: bool = attrs.field(
        default=attrs.Factory(_infinite_low_is_open, takes_self=True), validator=_check_low_open
    )
    high_open: bool = attrs.field(
        default=attrs.Factory(_infinite_high_is_open, takes_self=True), validator=_check_high_open
    )
    point: float | None = attrs.field(default=None, validator=[_check_number, _check_point])
    hedge: Hedge = attrs.field(
        default=attrs.Factory(_exact_or_range, takes_self=True),
        validator=attrs.validators.instance_of(Hedge),
    )
    unit: str | None = attrs.field(default=None, validator=_check_unit)

    @classmethod
    def exact(cls, value: float, *, unit: str | None = None) -> Quantity:
        """Build the quantity of a plain figure: ``Quantity.exact(52)`` is ``[52, 52]``."""
        return cls(low=value, high=value, point=value, unit=unit)

    @property
    def is_exact(self) -> bool:
        """Whether the interval holds a single figure."""
        return self.low == self.high

    @property
    def is_bounded(self) -> bool:
        """Whether the interval has a finite upper end."""
        return not math.isinf(self.high)

    @property
    def is_bounded_below(self) -> bool:
        """Whether the interval has a finite lower end (minus infinity for "below 5 °C")."""
        return not math.isinf(self.low)

    @property
    def is_negative(self) -> bool:
        """Whether some figure of the interval lies below zero: no count can."""
        return self.low < 0

    @property
    def width(self) -> float:
        """How wide the interval is (infinite for a lower bound)."""
        return self.high - self.low

    def contains(self, value: float) -> bool:
        """Whether `value` lies inside the interval, respecting open ends."""
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def overlaps(self, other: Quantity) -> bool:
        """Whether the two intervals share at least one figure."""
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low:
            return not (self.high_open or other.low_open)
        if other.high == self.low:
            return not (other.high_open or self.low_open)
        return True

    def interval_text(self) -> str:
        """Write the interval in mathematical notation, such as ``[9, ∞)``."""
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{format_number(self.low)}, {format_number(self.high)}{right}"

    def __str__(self) -> str:
        unit = ""
        if self.unit:
            plural = self.unit not in ("percent", "km") and not (self.is_exact and self.low == 1)
            unit = f" {self.unit}s" if plural else f" {self.unit}"
        if self.is_exact:
            return f"{format_number(self.low)}{unit}"
        if not self.is_bounded and not self.is_bounded_below:
            return f"any figure{unit}"
        if not self.is_bounded:
            sign = ">" if self.low_open else "≥"
            return f"{sign} {format_number(self.low)}{unit}"
        if not self.is_bounded_below or (
            self.low == 0 and self.hedge in (Hedge.AT_MOST, Hedge.FEWER_THAN)
        ):
            sign = "<" if self.high_open else "≤"
            return f"{sign} {format_number(self.high)}{unit}"
        around = f"~{format_number(self.point)} " if self.point is not None else ""
        return f"{around}{self.interval_text()}{unit}"


def robust_spread(figures: Sequence[float]) -> float:
    """How spread out figures are, undisturbed by a few wild ones.

    That is the median absolute deviation from the median, times 1.4826 (a
    standard deviation for normal data).

    When more than half the figures are equal, that is 0; then the mean absolute
    deviation from the median stands in, so that a lone different figure still has
    a scale to be judged by. The result moves with the figures' scale and not with
    their shift: ``robust_spread([a * x + b ...]) == abs(a) * robust_spread([x ...])``.
    """
    if len(figures) < 2:
        return 0.0
    middle = median(figures)
    deviations = [abs(figure - middle) for figure in figures]
    return 1.4826 * median(deviations) or sum(deviations) / len(deviations)


def central_figure(value: Quantity) -> float:
    """The single figure a testimony stands for: its point, else its middle, else its finite end.

    An interval open at both ends ("any figure") stands for 0.
    """
    if value.point is not None:
        return value.point
    if value.is_bounded and value.is_bounded_below:
        return (value.low + value.high) / 2
    if value.is_bounded_below:
        return value.low
    return value.high if value.is_bounded else 0.0
