"""`Quantity`: a figure as an interval that keeps the uncertainty of how it was reported."""

from __future__ import annotations

import enum
import math
from typing import Any

import attrs

from reconcile.errors import ValidationError


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


def format_number(value: float) -> str:
    """Write a number as a person would: 52 not 52.0, and ∞ for infinity."""
    if math.isinf(value):
        return "∞"
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
    if math.isnan(value) or math.isinf(value):
        raise ValidationError(
            f"Quantity low must be a finite number, got {value!r}", field=attribute.name
        )
    if value < 0:
        raise ValidationError(
            f"Quantity low must not be negative (counts and amounts cannot be), got {value!r}",
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


def _infinite_high_is_open(instance: Any) -> bool:
    return isinstance(instance.high, float) and math.isinf(instance.high)


def _exact_or_range(instance: Any) -> Hedge:
    """Without a hedge, one figure is exact and two are a range."""
    return Hedge.EXACT if instance.low == instance.high else Hedge.RANGE


@attrs.frozen(kw_only=True)
class Quantity:
    """A non-negative figure as an interval ``[low, high]``, with what is known of it.

    Either end may be open (``low_open``, ``high_open``); an infinite `high`
    is always open. Without a `hedge`, a single figure is `EXACT` and an
    interval a `RANGE`. `point` is the single figure the text gave, when it gave
    one ("about 3000" has point 3000 in the interval [2700, 3300]); `hedge`
    says how the text hedged it and `unit` what it measures when it is not a
    plain count ("hour", "day").

    >>> print(Quantity(low=9, high=math.inf, hedge=Hedge.AT_LEAST))
    ≥ 9
    """

    low: float = attrs.field(validator=[_check_number, _check_low])
    high: float = attrs.field(validator=[_check_number, _check_high])
    low_open: bool = False
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
        if not self.is_bounded:
            sign = ">" if self.low_open else "≥"
            return f"{sign} {format_number(self.low)}{unit}"
        if self.low == 0 and self.hedge in (Hedge.AT_MOST, Hedge.FEWER_THAN):
            sign = "<" if self.high_open else "≤"
            return f"{sign} {format_number(self.high)}{unit}"
        around = f"~{format_number(self.point)} " if self.point is not None else ""
        return f"{around}{self.interval_text()}{unit}"
