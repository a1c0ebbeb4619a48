"""`TimeSpan`: when something happened, as a half-open span of time with its precision."""

from __future__ import annotations

import datetime as dt
import enum
from functools import cached_property
from typing import Any

import attrs
import pendulum

from reconcile.errors import ValidationError
from reconcile.validators import field_converter


class Precision(enum.Enum):
    """The unit a time span was given in: "in 2009" is a year, "1 September 2013" a day."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"
    MINUTE = "minute"
    SECOND = "second"

    # Hashed by identity, as members compare: `Enum`'s own hash is Python code, and spans, dict
    # lookups and caches hash a precision for every date a large file holds.
    __hash__ = object.__hash__

    def step(self) -> pendulum.Duration:
        """One unit of this precision, as a calendar duration."""
        return _STEPS[self]

    @property
    def iso_width(self) -> int:
        """How many characters of an ISO 8601 timestamp this precision keeps."""
        return _ISO_WIDTH[self]


_STEPS = {precision: pendulum.duration(**{f"{precision.value}s": 1}) for precision in Precision}
_ISO_WIDTH = {
    Precision.YEAR: 4,
    Precision.MONTH: 7,
    Precision.DAY: 10,
    Precision.HOUR: 13,
    Precision.MINUTE: 16,
    Precision.SECOND: 19,
}


def utc_midnight(year: int, month: int = 1, day: int = 1) -> pendulum.DateTime:
    """``pendulum.datetime(year, month, day)``: the first moment of a calendar day in UTC.

    The same datetime (its fields, zone and fold) made directly: pendulum's
    constructor takes six times as long, and a large file reads a date for
    every distinct text. Raises `ValueError` for a day the calendar lacks,
    as pendulum does.
    """
    return pendulum.DateTime(year, month, day, tzinfo=pendulum.UTC, fold=1)


def aware(value: Any) -> pendulum.DateTime:
    """Turn a timezone-aware datetime into a pendulum one; refuse naive ones.

    A naive datetime says nothing about where on Earth its clock hangs, so two
    of them cannot be compared safely: it is an error, not a guess at UTC.
    """
    if isinstance(value, pendulum.DateTime):
        if value.tzinfo is None:
            raise ValidationError(f"a naive datetime has no timezone: {value.isoformat()}")
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(f"a naive datetime has no timezone: {value.isoformat()}")
        return pendulum.instance(value)
    raise ValidationError(f"expected a timezone-aware datetime, got {value!r}")


def _check_end(
    instance: TimeSpan, attribute: attrs.Attribute[pendulum.DateTime], value: pendulum.DateTime
) -> None:
    if value <= instance.start:
        raise ValidationError(
            f"TimeSpan end must come after its start, got start={instance.start.isoformat()} "
            f"end={value.isoformat()}",
            field=attribute.name,
        )


def _check_alignment(instance: TimeSpan, attribute: attrs.Attribute[Any], value: Precision) -> None:
    """Both ends must fall on boundaries of the precision, so the span reads back as written."""
    for name in ("start", "end"):
        moment = getattr(instance, name)
        if _floor(moment, value) != moment:
            raise ValidationError(
                f"TimeSpan {name} {moment.isoformat()} does not begin a {value.value}; "
                f"a span of {value.value} precision runs between {value.value} boundaries",
                field=name,
            )


@attrs.frozen(kw_only=True, cache_hash=True)  # caches key on spans millions of times a run
class TimeSpan:
    """A span of time ``[start, end)``: `start` is included and `end` is not.

    Both ends are timezone-aware pendulum datetimes. `precision` is the unit
    the span was given in, so "1 September 2013" is one day
    (``2013-09-01T00:00Z`` to ``2013-09-02T00:00Z``) of precision `DAY`, and
    "between July 28th and 29th, 2009" two days of precision `DAY`.
    """

    start: pendulum.DateTime = attrs.field(converter=field_converter(aware))  # type: ignore[misc]
    end: pendulum.DateTime = attrs.field(converter=field_converter(aware), validator=_check_end)  # type: ignore[misc]
    precision: Precision = attrs.field(
        validator=[attrs.validators.instance_of(Precision), _check_alignment]
    )

    @classmethod
    def of(
        cls,
        first: pendulum.DateTime,
        last: pendulum.DateTime | None = None,
        *,
        precision: Precision,
    ) -> TimeSpan:
        """Build the span from the unit holding `first` to the unit holding `last`, both included.

        ``TimeSpan.of(pendulum.datetime(2009, 7, 28), pendulum.datetime(2009, 7, 29),
        precision=Precision.DAY)`` is the two days 28 and 29 July 2009.
        """
        start = _floor(first, precision)
        last_unit = start if last is None else _floor(last, precision)
        try:
            end = _next_unit(last_unit, precision)
        except (OverflowError, ValueError):
            # The excluded end of a span of 31 December 9999 would fall in year 10000.
            raise ValidationError(
                f"a span of {precision.value} precision that includes "
                f"{_iso_at(last_unit, precision)} would end after year 9999, "
                "the last year of the calendar"
            ) from None
        if cls is TimeSpan:
            return span_between_units(start, end, precision)
        return cls(start=start, end=end, precision=precision)

    @classmethod
    def day(cls, year: int, month: int, day: int) -> TimeSpan:
        """The calendar day `year`-`month`-`day` in UTC."""
        return cls.of(utc_midnight(year, month, day), precision=Precision.DAY)

    @classmethod
    def month(cls, year: int, month: int) -> TimeSpan:
        """The calendar month `year`-`month` in UTC."""
        return cls.of(utc_midnight(year, month), precision=Precision.MONTH)

    @classmethod
    def year(cls, year: int) -> TimeSpan:
        """The calendar year `year` in UTC."""
        return cls.of(utc_midnight(year), precision=Precision.YEAR)

    @property
    def last(self) -> pendulum.DateTime:
        """The start of the last unit (of `precision`) inside the span."""
        return _previous_unit(self.end, self.precision)

    def overlaps(self, other: TimeSpan) -> bool:
        """Whether the two spans share any instant."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: TimeSpan) -> bool:
        """Whether `other` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end

    def is_one_unit(self) -> bool:
        """Whether the span is one unit of its precision: "2009", "1 September 2013", not two days.

        As ``start + precision.step() >= end``, with datetime's own arithmetic
        where the clock never changes (see `_next_unit`).
        """
        return _next_unit(self.start, self.precision) >= self.end

    def isoformat(self) -> str:
        """Write the span in ISO 8601 at its precision: ``2013-09-01`` or ``2009-07-28/2009-07-29``.

        The second part of an interval names the last unit inside the span, as
        people write date ranges, not the excluded end.
        """
        return self._iso

    @cached_property
    def _iso(self) -> str:
        # Written once per span: judging sorts and names the same spans again and again.
        first = _iso_at(self.start, self.precision)
        last = _last_iso(self.end, self.precision) or _iso_at(self.last, self.precision)
        return first if first == last else f"{first}/{last}"

    def __str__(self) -> str:
        return self._iso


_HASH_SLOT = "_attrs_cached_hash"
"""Where attrs caches a span's hash (`cache_hash`): a span made without `__init__` must set it."""


def span_between_units(
    start: pendulum.DateTime, end: pendulum.DateTime, precision: Precision
) -> TimeSpan:
    """The span from `start` to `end`, each of which begins a unit of `precision` in its own zone.

    As ``TimeSpan(start=start, end=end, precision=precision)``, without
    checking again what the caller knows: where both zones are fixed
    offsets and `end` comes after `start`, the ends are not floored again to
    see that they begin a unit (a tenth of the time). Otherwise the
    constructor checks everything. For ends taken from other spans (a
    unit's boundary is a boundary of every finer unit) or floored already.
    """
    if end > start and _is_fixed(start.tzinfo) and _is_fixed(end.tzinfo):
        span = object.__new__(TimeSpan)
        for name, value in (("start", start), ("end", end), ("precision", precision)):
            object.__setattr__(span, name, value)
        object.__setattr__(span, _HASH_SLOT, None)  # as `__init__` leaves it: not hashed yet
        return span
    return TimeSpan(start=start, end=end, precision=precision)


def _floor(moment: pendulum.DateTime, precision: Precision) -> pendulum.DateTime:
    moment = aware(moment)
    if _is_fixed(moment.tzinfo):
        # No daylight saving: the unit starts where its fields say, and pendulum's
        # calendar arithmetic (ten times slower, and a large file floors every date) is not needed.
        kept = _KEPT_FIELDS[precision]
        fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
        year, month, day, hour, minute, second = (*fields[:kept], *_UNIT_START[kept:])
        return pendulum.DateTime(year, month, day, hour, minute, second, tzinfo=moment.tzinfo)
    # Summer time may move the start of a day from midnight: pendulum's `start_of` does not see it.
    if precision is Precision.YEAR:
        return _first_instant(dt.date(moment.year, 1, 1), moment.tzinfo)
    if precision is Precision.MONTH:
        return _first_instant(dt.date(moment.year, moment.month, 1), moment.tzinfo)
    if precision is Precision.DAY:
        return _first_instant(dt.date(moment.year, moment.month, moment.day), moment.tzinfo)
    if precision is Precision.HOUR:
        return moment.start_of("hour")
    if precision is Precision.MINUTE:
        return moment.start_of("minute")
    return moment.start_of("second")


def _last_iso(end: pendulum.DateTime, precision: Precision) -> str | None:
    """The ISO text of the last unit before `end`, for a day, month or year in UTC; else None.

    `last` steps back one unit with pendulum's calendar arithmetic, the dear part of
    writing a span; at these precisions the text is the date, month or year alone, which
    the calendar gives without it where the clock never changes. Elsewhere (a zone with
    summer time, where a unit may begin other than at midnight: `_first_instant`), and
    for a finer unit, which is written with its offset: None, so that the caller uses
    `last`.
    """
    if precision not in _CALENDAR_UNITS or not _is_fixed(end.tzinfo):
        return None
    # A plain date: pendulum's own subtraction is what this avoids.
    return _date_before(end, precision).isoformat()[: precision.iso_width]


def _iso_at(moment: pendulum.DateTime, precision: Precision) -> str:
    text = moment.isoformat()[: precision.iso_width]
    if precision in (Precision.DAY, Precision.MONTH, Precision.YEAR) or moment.utcoffset() is None:
        return text
    offset = moment.isoformat()[19:].lstrip("0123456789.") or "Z"
    return text + ("Z" if offset == "+00:00" else offset)


_KEPT_FIELDS = {
    Precision.YEAR: 1,
    Precision.MONTH: 2,
    Precision.DAY: 3,
    Precision.HOUR: 4,
    Precision.MINUTE: 5,
    Precision.SECOND: 6,
}
"""How many of a moment's fields (year, month, day, hour, minute, second) a unit keeps."""
_UNIT_START = (1, 1, 1, 0, 0, 0)
_CALENDAR_UNITS = frozenset({Precision.YEAR, Precision.MONTH, Precision.DAY})
"""The units that begin at a date's first instant, which summer time may move from midnight."""
_CLOCK_STEPS = {
    Precision.DAY: dt.timedelta(days=1),
    Precision.HOUR: dt.timedelta(hours=1),
    Precision.MINUTE: dt.timedelta(minutes=1),
    Precision.SECOND: dt.timedelta(seconds=1),
}


def _is_fixed(zone: dt.tzinfo | None) -> bool:
    """Whether the zone's offset never changes (UTC, or a fixed offset such as +03:00)."""
    # UTC first: most spans are in it, and `isinstance` against pendulum's abstract class is slow.
    return zone is _UTC or isinstance(zone, pendulum.FixedTimezone)


_UTC = pendulum.UTC


def day_after(moment: pendulum.DateTime) -> pendulum.DateTime:
    """The same clock time a calendar day later, as ``moment.add(days=1)`` gives it.

    By datetime's own addition where the clock never changes (UTC, a fixed
    offset): exact there, and several times faster than pendulum's.
    """
    if _is_fixed(moment.tzinfo):
        return dt.datetime.__add__(moment, _CLOCK_STEPS[Precision.DAY])
    return moment + Precision.DAY.step()


def _next_unit(unit: pendulum.DateTime, precision: Precision) -> pendulum.DateTime:
    """The start of the unit after `unit` (itself the start of one).

    Raises `OverflowError` or `ValueError` past year 9999.
    """
    fixed = _is_fixed(unit.tzinfo)
    if fixed and precision is not Precision.YEAR and precision is not Precision.MONTH:
        # datetime's own addition: exact without daylight saving, and it keeps pendulum's type.
        return dt.datetime.__add__(unit, _CLOCK_STEPS[precision])
    if precision not in _CALENDAR_UNITS:
        return unit + precision.step()  # an hour, a minute or a second later
    following = _date_after(unit, precision)
    if fixed:
        return pendulum.DateTime(following.year, following.month, following.day, tzinfo=unit.tzinfo)
    return _first_instant(following, unit.tzinfo)


def _previous_unit(end: pendulum.DateTime, precision: Precision) -> pendulum.DateTime:
    """The start of the unit before `end` (itself the start of one)."""
    if precision not in _CALENDAR_UNITS or _is_fixed(end.tzinfo):
        return end - precision.step()
    return _first_instant(_date_before(end, precision), end.tzinfo)


def _date_after(unit: pendulum.DateTime, precision: Precision) -> dt.date:
    """The first date of the day, month or year after the one `unit` begins.

    Raises `OverflowError` or `ValueError` past year 9999.
    """
    if precision is Precision.YEAR:
        return dt.date(unit.year + 1, 1, 1)
    if precision is Precision.MONTH:
        year, month = divmod(unit.year * 12 + unit.month, 12)  # month is 0-based here
        return dt.date(year, month + 1, 1)
    return dt.date(unit.year, unit.month, unit.day) + _CLOCK_STEPS[Precision.DAY]


def _date_before(end: pendulum.DateTime, precision: Precision) -> dt.date:
    """The first date of the day, month or year before the one `end` begins."""
    if precision is Precision.YEAR:
        return dt.date(end.year - 1, 1, 1)
    if precision is Precision.MONTH:
        year, month = (end.year, end.month - 1) if end.month > 1 else (end.year - 1, 12)
        return dt.date(year, month, 1)
    return dt.date(end.year, end.month, end.day) - _CLOCK_STEPS[Precision.DAY]


def _first_instant(date: dt.date, zone: dt.tzinfo | None) -> pendulum.DateTime:
    """The first instant at which the clocks of a zone with summer time show this date.

    Its midnight, unless the clocks skip midnight (in Tehran they went from
    00:00 to 01:00 on 22 March 2009, so that day began at 01:00) or show it
    twice (set back from 01:00 to 00:00: the first). pendulum reads a
    skipped time as the instant before the change (`fold=0`: 23:00 the day
    before) or after it (`fold=1`), and a time shown twice as its first
    showing (`fold=0`) or its second.
    """
    first = pendulum.datetime(date.year, date.month, date.day, tz=zone, fold=0)
    if first.date() == date:
        return first
    return pendulum.datetime(date.year, date.month, date.day, tz=zone, fold=1)
