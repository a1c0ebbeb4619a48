"""`parse_timespan`: read dates and periods such as "between July 28th and 29th, 2009"."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from collections.abc import Callable

import attrs
import pendulum

from reconcile.errors import ParseError, ValidationError
from reconcile.validators import is_timezone
from reconcile.values.clock import PLACEHOLDER, ClockTime, find_clock_times
from reconcile.values.lexicon import date_tokens, is_solar_hijri_month
from reconcile.values.numbers import normalise, read_number, read_ordinal_day
from reconcile.values.timespan import Precision, TimeSpan, aware, utc_midnight

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Words that place an event without changing which day it was: "at dawn on", "Saturday evening".
_FILLER = frozenset(
    {"on", "in", "at", "during", "the", "of", "dawn", "morning", "afternoon", "evening", "night",
     "noon", "midnight", ",", ".", "'", "overnight", "predawn", "sunrise", "daybreak", "dusk",
     "sunset", "(", ")", "[", "]"}
)  # fmt: skip
# "before dawn on Friday" is Friday; "before Friday" is not, so "before" goes only with these.
# So does "early" with "hours" ("in the early hours of Friday"); "early September" is refused.
_PAIRED_FILLER = {
    "before": frozenset({"dawn", "sunrise", "daybreak", "noon", "midnight"}),
    "early": frozenset({"hours", "on"}),
    "late": frozenset({"on"}),
}
_NUMERIC_DATE = re.compile(
    r"\s*(?:on\s+)?([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4})\s*\u0645?\s*"
)
_APPROXIMATE = frozenset({"around", "about", "approximately", "circa", "ca", "roughly"})
APPROXIMATE_CLOCK_MINUTES = 30
"""How far "around 4:40 a.m." reaches either side of 4:40."""
_RANGE_STARTS = ("between", "from")
_RANGE_JOINS = ("and", "to", "-", "until", "through", "till")
_RELATIVE_UNITS = {
    "day": Precision.DAY, "days": Precision.DAY, "week": Precision.DAY, "weeks": Precision.DAY,
    "month": Precision.MONTH, "months": Precision.MONTH, "year": Precision.YEAR,
    "years": Precision.YEAR,
}  # fmt: skip

_ISO_PART = (
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)
_ISO = re.compile(rf"({_ISO_PART})(?:/({_ISO_PART}))?")


@attrs.frozen
class _Partial:
    """A date as far as the text gives it; the rest comes from its neighbour or the reference."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    decade: bool = False

    @property
    def precision(self) -> Precision:
        if self.day is not None or (self.weekday is not None and self.month is None):
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def empty(self) -> bool:
        return (
            self.year is None and self.month is None and self.day is None and self.weekday is None
        )

    def fill_from(self, other: _Partial) -> _Partial:
        """Take the coarser parts this date lacks from the other end of its range."""
        year = self.year if self.year is not None else other.year
        month = self.month
        if month is None and self.day is not None:
            month = other.month
        return attrs.evolve(self, year=year, month=month)


def parse_timespan(
    text: str,
    *,
    reference: dt.date | dt.datetime | TimeSpan | None = None,
    timezone: str | None = None,
) -> TimeSpan:
    """Read a date or period from text into a `TimeSpan` that keeps its precision.

    Understands "September 1, 2013", "1 September 2013", "Sep 1st, 2013",
    "September first, 2013", "the first of September", "July 2013", "in 2009",
    "the 1990s", ISO 8601 dates, times and intervals ("2013-09-01",
    "2009-07-28/2009-07-29"), ranges ("between July 28th and 29th, 2009",
    "July 28-29, 2009", "from 2009 to 2016"), weekdays ("Sunday September
    1st", "on Saturday"), and phrases relative to `reference`, the date of
    the document ("eleven years ago", "eight years ago on this day",
    "yesterday", "last week", "last month").

    A date without a year ("September 1st") takes the year that puts it
    nearest to `reference`; a weekday alone is the latest such day on or
    before it. Without a reference, text that needs one is an error, never a
    guess. Dates without a time are calendar days in UTC.

    `reference` may be a `TimeSpan` when the document's date is known only
    to the month or year: a relative phrase is then read against the first
    and the last day of it, and covers both readings ("yesterday" against
    October 2023 is 30 September to 30 October). Clock times without a zone
    ("4:40 a.m.") are read in `timezone`, an IANA name; without one they are
    an error.

    >>> str(parse_timespan("between July 28th and 29th, 2009"))
    '2009-07-28/2009-07-29'
    """
    if not isinstance(text, str):
        raise ParseError(f"cannot read {text!r} as a date: expected text", text=repr(text))
    if timezone is not None and not is_timezone(timezone):
        raise ValidationError(f"timezone must be an IANA timezone name, got {timezone!r}")
    if _is_iso(text):
        # ISO 8601 text never needs the reference: one reading serves every publication date.
        return _read_cached(text, None, timezone)
    if isinstance(reference, TimeSpan):
        first_day, last_day = _span_days(reference)
        first = _read_cached(text, first_day, timezone)
        last = _read_cached(text, last_day, timezone)
        if first == last:
            return first
        # The text depends on the date, which is known only to its precision: cover both.
        precision = max(first.precision, last.precision, key=_PRECISIONS.index)
        return TimeSpan(
            start=min(first.start, last.start), end=max(first.end, last.end), precision=precision
        )
    return _read_cached(text, _as_reference(reference), timezone)


@functools.lru_cache(maxsize=65_536)
def _read_cached(text: str, reference: pendulum.Date | None, timezone: str | None) -> TimeSpan:
    """One reading per text, reference and zone: a large file repeats the same dates."""
    try:
        return _DateReader(text, reference, timezone).read()
    except ParseError:
        raise
    except ValidationError as error:
        raise ParseError(f"cannot read {text!r} as a date: {error}", text=text) from None
    except (OverflowError, ValueError):
        # Arithmetic past either end of the calendar: "yesterday" against 1 January of year 1.
        raise ParseError(
            f"cannot read {text!r} as a date: it falls outside the calendar, "
            "which runs from year 1 to year 9999",
            text=text,
        ) from None


def reads_alone(text: str) -> bool:
    """Whether `parse_timespan` reads `text` without looking at its reference date.

    ISO 8601 text ("2013-09-01", "2009-07-28/2009-07-29") is read alone; any
    other text may be relative ("yesterday", "September 1st") and is read
    against the reference. A cache of readings keys the former on the text
    (and zone) only, the latter on `reference_days` too.
    """
    return _is_iso(text)


def reference_days(
    reference: dt.date | dt.datetime | TimeSpan | None,
) -> tuple[pendulum.Date, ...] | None:
    """What of `reference` a reading of relative text depends on: its day, or a span's ends.

    A date or time is read as its calendar day (in its own zone); a `TimeSpan`
    (a month or a year) as its first and its last day. Two references with the
    same days give the same readings of every text, whatever else differs
    (two equal instants in different zones have different days, and differ here).
    """
    if isinstance(reference, TimeSpan):
        return _span_days(reference)
    day = _as_reference(reference)
    return None if day is None else (day,)


def _span_days(span: TimeSpan) -> tuple[pendulum.Date, pendulum.Date]:
    """The first and the last day of a reference known only to its month or year."""
    return span.start.date(), span.end.subtract(days=1).date()


@functools.lru_cache(maxsize=65_536)
def _is_iso(text: str) -> bool:
    """Whether the text is an ISO 8601 date, time or interval, which `_read_iso` reads alone."""
    return _ISO.fullmatch(text.strip()) is not None


def _as_reference(reference: dt.date | dt.datetime | None) -> pendulum.Date | None:
    if reference is None:
        return None
    if isinstance(reference, dt.datetime):
        return aware(reference).date()
    if isinstance(reference, dt.date):
        return pendulum.date(reference.year, reference.month, reference.day)
    raise ValidationError(
        f"reference must be a date or a timezone-aware datetime, got {reference!r}"
    )


class _DateReader:
    """One reading of one text; holds the position in its tokens."""

    def __init__(self, text: str, reference: pendulum.Date | None, timezone: str | None) -> None:
        self.text = text
        self.reference = reference
        self.timezone = timezone
        self.times: list[ClockTime] = []
        self.approximate = False
        self.tokens: list[str] = []
        self.position = 0

    def _tokenize(self) -> None:
        """Split the text into its clock times and date words (ISO 8601 text needs neither)."""
        rest, self.times = find_clock_times(normalise(self.text))
        tokens = date_tokens(rest)
        self.approximate = _approximate_time(tokens)
        self.tokens = _significant([token for token in tokens if token != PLACEHOLDER])

    def fail(self, reason: str) -> ParseError:
        return ParseError(f"cannot read {self.text!r} as a date: {reason}", text=self.text)

    def need_reference(self, what: str) -> pendulum.Date:
        if self.reference is None:
            raise self.fail(f"{what}, and no reference date was given to read it against")
        return self.reference

    def read(self) -> TimeSpan:
        iso = self._read_iso()
        if iso is not None:
            return iso
        self._tokenize()
        calendar = next((token for token in self.tokens if is_solar_hijri_month(token)), None)
        if calendar is not None:
            raise self.fail(
                f"{calendar!r} is a month of the Iranian (Solar Hijri) calendar, which this reader "
                "does not convert; give the Gregorian date"
            )
        if self.times:
            return self._read_clock()
        numeric = self._read_numeric()
        if numeric is not None:
            return numeric
        if not self.tokens:
            raise self.fail("it is empty")
        try:
            return self._read_one()
        except ParseError:
            both = self._read_relative_and_absolute()
            if both is None:
                raise
            return both

    def _read_one(self) -> TimeSpan:
        """A relative phrase ("eleven years ago", "last week") or an absolute date or range."""
        readers: list[Callable[[], TimeSpan | None]] = [self._read_ago, self._read_relative]
        for reader in readers:
            span = reader()
            if span is not None:
                return span
        return self._read_absolute()

    # -- numeric dates and dates said twice --------------------------------------

    def _read_numeric(self) -> TimeSpan | None:
        """Read "30/10/1948" or "25- 5- 2012" when only one order of day and month is a date.

        "08/04/2022" is 8 April day first and 4 August month first: refused, not guessed.
        """
        match = _NUMERIC_DATE.fullmatch(normalise(self.text))
        if match is None:
            return None
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            day, month = second, first
        elif first == second:
            day = month = first
        else:
            raise self.fail(
                f"{first} and {second} could each be the day or the month; write the month's name"
            )
        return TimeSpan.of(self._checked(_Partial(), year, month, day), precision=Precision.DAY)

    def _read_relative_and_absolute(self) -> TimeSpan | None:
        """Read "Сегодня утром, 8 апреля 2022 года" and "Vor einem Jahr, am 3. Oktober 2015".

        The relative phrase and the date must agree when a reference can place the former;
        the date, the more exact of the two, is the reading.
        """
        for cut in range(1, len(self.tokens)):
            relative = self._part(self.tokens[:cut])
            absolute = self._part(self.tokens[cut:])
            try:
                said = relative._read_ago() or relative._read_relative()
            except ParseError:
                said = None
                if self.reference is not None:
                    continue
            if said is None and self.reference is not None:
                continue
            if said is None and not _is_relative(self.tokens[:cut]):
                continue
            try:
                date = absolute._read_absolute()
            except ParseError:
                continue
            if said is not None and not said.overlaps(date):
                raise self.fail(f"{' '.join(self.tokens[:cut])!r} is {said}, not {date}")
            return date
        return None

    def _part(self, tokens: list[str]) -> _DateReader:
        part = copy.copy(self)
        part.tokens, part.position, part.times = tokens, 0, []
        return part

    # -- times of day ----------------------------------------------------------

    def _read_clock(self) -> TimeSpan:
        """A time of day, on the day the rest of the text names (the reference's by default)."""
        if self.tokens:
            day = self._read_day_of_time()
        else:
            day = _midnight(self.need_reference("a time of day without a day is relative"))
        zoned = [time for time in self.times if time.utc or self.timezone is not None]
        if not zoned:
            raise self.fail(
                f"the time {self.times[0].text} has no zone (such as GMT), and no timezone was "
                "given for the source or the dataset"
            )
        # "4:40 a.m. (0140 GMT)" with no zone for the source: the time given in GMT stands.
        moments = {self._moment(day, time, several=len(zoned) > 1) for time in zoned}
        if len(moments) > 1:
            written = " and ".join(time.text for time in self.times)
            raise self.fail(f"its times of day disagree ({written} in {self.timezone})")
        (moment,) = moments
        if self.approximate:
            reach = pendulum.duration(minutes=APPROXIMATE_CLOCK_MINUTES)
            return TimeSpan.of(moment - reach, moment + reach, precision=Precision.MINUTE)
        return TimeSpan.of(moment, precision=Precision.MINUTE)

    def _read_day_of_time(self) -> pendulum.Date:
        readers: list[Callable[[], TimeSpan | None]] = [self._read_ago, self._read_relative]
        span = next((found for reader in readers if (found := reader()) is not None), None)
        span = span or self._read_absolute()
        if span.precision is not Precision.DAY or span.end - span.start > pendulum.duration(days=1):
            raise self.fail(f"a time of day needs one day, not {span}")
        return span.start.date()

    def _moment(self, day: pendulum.Date, time: ClockTime, *, several: bool) -> pendulum.DateTime:
        zone = "UTC" if time.utc else self.timezone
        assert zone is not None  # _read_clock keeps only times with a zone
        moment = pendulum.datetime(day.year, day.month, day.day, time.hour, time.minute, tz=zone)
        # Two writings of one time compare equal only in one zone.
        return moment.in_timezone("UTC") if several else moment

    # -- ISO 8601 ------------------------------------------------------------

    def _read_iso(self) -> TimeSpan | None:
        match = _ISO.fullmatch(self.text.strip())
        if match is None:
            return None
        first, first_precision = self._iso_moment(match.group(1))
        if match.group(2) is None:
            return TimeSpan.of(first, precision=first_precision)
        last, last_precision = self._iso_moment(match.group(2))
        precision = max(first_precision, last_precision, key=_PRECISIONS.index)
        return self._span(first, last, precision)

    def _iso_moment(self, text: str) -> tuple[pendulum.DateTime, Precision]:
        date_precision = {4: Precision.YEAR, 7: Precision.MONTH, 10: Precision.DAY}.get(len(text))
        if date_precision is not None:
            year, month, day = int(text[:4]), int(text[5:7] or 1), int(text[8:10] or 1)
            return self._checked(_Partial(), year, month, day), date_precision
        clock, offset = re.fullmatch(
            r"(\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?)(.*)", text[11:]
        ).groups()  # type: ignore[union-attr]
        if not offset and self.timezone is None:
            raise self.fail(f"the time {text!r} has no timezone offset (add Z or +03:00)")
        try:
            moment = pendulum.parse(text, tz=self.timezone or "UTC")
        except ValueError as error:
            raise self.fail(f"{text!r} is not a valid ISO 8601 time ({error})") from None
        assert isinstance(moment, pendulum.DateTime)
        return moment, {2: Precision.HOUR, 5: Precision.MINUTE}.get(len(clock), Precision.SECOND)

    # -- relative to the reference ---------------------------------------------

    def _read_ago(self) -> TimeSpan | None:
        """Read "eleven years ago", "a week ago", "eight years ago on this day"."""
        if "ago" not in self.tokens:
            return None
        ago = self.tokens.index("ago")
        count: int
        if ago == 2 and self.tokens[0] in ("a", "an"):
            count = 1
        else:
            number = read_number(self.tokens, 0)
            if number is None or number[1] != ago - 1 or number[0].denominator != 1:
                raise self.fail(
                    "'ago' needs a whole number of days, weeks, months or years before it"
                )
            count = int(number[0])
        unit = self.tokens[ago - 1]
        if unit not in _RELATIVE_UNITS:
            raise self.fail(f"{unit!r} is not a unit of time this reader knows before 'ago'")
        rest = self.tokens[ago + 1 :]
        same_day = rest in (["this", "day"], ["today"])
        if rest and not same_day:
            raise self.fail(f"it does not understand {' '.join(rest)!r} after 'ago'")
        reference = self.need_reference(f"'{' '.join(self.tokens[: ago + 1])}' counts back")
        plural = unit if unit.endswith("s") else unit + "s"
        moment = _midnight(reference).subtract(**{plural: count})
        if same_day:
            return TimeSpan.of(moment, precision=Precision.DAY)
        if unit.startswith("week"):
            start = moment.start_of("week")
            return TimeSpan.of(start, start.add(days=6), precision=Precision.DAY)
        return TimeSpan.of(moment, precision=_RELATIVE_UNITS[unit])

    def _read_relative(self) -> TimeSpan | None:
        """Read "today", "yesterday", "last week", "this month", "last Saturday"."""
        words = self.tokens
        if words == ["today"] or words == ["yesterday"]:
            reference = _midnight(self.need_reference(f"{words[0]!r} is relative"))
            day = reference if words[0] == "today" else reference.subtract(days=1)
            return TimeSpan.of(day, precision=Precision.DAY)
        if words[:2] == ["this", "past"]:
            words = words[1:]  # "this past October" is last October
        if len(words) != 2 or words[0] not in ("last", "this", "past", "previous"):
            return None
        unit = words[1]
        if unit in MONTHS and words[0] != "this":
            return self._last_month_named(MONTHS[unit], " ".join(words))
        back = 0 if words[0] == "this" else 1
        if unit not in ("week", "month", "year") and not (unit in WEEKDAYS and back):
            raise self.fail(f"{' '.join(words)!r} is not a period this reader knows")
        reference = _midnight(self.need_reference(f"{' '.join(words)!r} is relative"))
        if unit in WEEKDAYS and back:
            days = (reference.weekday() - WEEKDAYS[unit]) % 7 or 7
            return TimeSpan.of(reference.subtract(days=days), precision=Precision.DAY)
        if unit == "week":
            start = reference.start_of("week").subtract(weeks=back)
            return TimeSpan.of(start, start.add(days=6), precision=Precision.DAY)
        if unit == "month":
            return TimeSpan.of(reference.subtract(months=back), precision=Precision.MONTH)
        return TimeSpan.of(reference.subtract(years=back), precision=Precision.YEAR)

    def _last_month_named(self, month: int, words: str) -> TimeSpan:
        """The latest such month that ended before the reference's month began ("last October")."""
        reference = self.need_reference(f"{words!r} is relative")
        year = reference.year if month < reference.month else reference.year - 1
        return TimeSpan.of(utc_midnight(year, month), precision=Precision.MONTH)

    # -- absolute dates and ranges ---------------------------------------------

    def _peek(self) -> str:
        return self.tokens[self.position] if self.position < len(self.tokens) else ""

    def _read_absolute(self) -> TimeSpan:
        ranged = self._peek() in _RANGE_STARTS
        if ranged:
            self.position += 1
        first = self._read_partial()
        last: _Partial | None = None
        if self._peek() in _RANGE_JOINS:
            self.position += 1
            last = self._read_partial()
        elif ranged:
            raise self.fail(f"{self.tokens[0]!r} needs a second date after 'and' or 'to'")
        if self.position < len(self.tokens):
            raise self.fail(f"it does not understand {' '.join(self.tokens[self.position :])!r}")
        if last is None:
            return self._resolve_single(first)
        return self._resolve_range(first.fill_from(last), last.fill_from(first))

    def _read_partial(self) -> _Partial:
        start = self.position
        weekday = WEEKDAYS.get(self._peek())
        if weekday is not None:
            self.position += 1
        month = self._read_month()
        day = self._read_day() if month is not None or not self._at_year() else None
        if month is None and day is not None:
            month = self._read_month()
        year, decade = self._read_year()
        partial = _Partial(year=year, month=month, day=day, weekday=weekday, decade=decade)
        if partial.empty:
            found = self._peek() or "nothing"
            raise self.fail(
                f"expected a date at {found!r}" if self.position == start else "no date found"
            )
        return partial

    def _read_month(self) -> int | None:
        month = MONTHS.get(self._peek())
        if month is not None:
            self.position += 1
        return month

    def _read_day(self) -> int | None:
        if self._at_year():
            return None
        found = read_ordinal_day(self.tokens, self.position)
        if found is None:
            return None
        day, self.position = found
        return day

    def _at_year(self) -> bool:
        token = self._peek()
        return token.isdigit() and token.isascii() and len(token) == 4

    def _read_year(self) -> tuple[int | None, bool]:
        if not self._at_year():
            return None, False
        year = int(self._peek())
        self.position += 1
        # "the 1980s" and "the 1990's": the tokenizer leaves the "s" as a word.
        if self._peek() == "s":
            self.position += 1
            return year, True
        return year, False

    def _resolve_single(self, partial: _Partial) -> TimeSpan:
        if partial.decade:
            if partial.year is None or partial.year % 10:
                raise self.fail("a decade must be written as its first year, such as 1980s")
            start = utc_midnight(partial.year)
            return TimeSpan.of(start, start.add(years=9), precision=Precision.YEAR)
        day = self._complete(partial)
        return TimeSpan.of(day, precision=partial.precision)

    def _resolve_range(self, first: _Partial, last: _Partial) -> TimeSpan:
        start, end = self._complete(first), self._complete(last)
        precision = max(first.precision, last.precision, key=_PRECISIONS.index)
        return self._span(start, end, precision)

    def _span(
        self, first: pendulum.DateTime, last: pendulum.DateTime, precision: Precision
    ) -> TimeSpan:
        if last < first:
            raise self.fail(f"the period runs backwards, from {first.date()} to {last.date()}")
        return TimeSpan.of(first, last, precision=precision)

    def _complete(self, partial: _Partial) -> pendulum.DateTime:
        """The first moment of the date, with what the text left out taken from the reference."""
        if partial.year is not None:
            return self._checked(partial, partial.year, partial.month or 1, partial.day or 1)
        described = "a date without a year"
        reference = self.need_reference(described)
        if partial.month is None and partial.day is None:
            # A weekday alone: the latest such day on or before the reference.
            assert partial.weekday is not None
            days = (reference.weekday() - partial.weekday) % 7
            return _midnight(reference).subtract(days=days)
        candidates = []
        for shift in range(-12, 13):
            base = pendulum.date(reference.year, reference.month, 1).add(months=shift)
            if partial.month is not None and base.month != partial.month:
                continue
            if partial.day is None:
                candidates.append(utc_midnight(base.year, base.month))
                continue
            if partial.day > base.days_in_month:
                continue
            day = utc_midnight(base.year, base.month, partial.day)
            if partial.weekday is None or day.weekday() == partial.weekday:
                candidates.append(day)
        if not candidates:
            raise self.fail("no date near the reference date fits it")
        target = _midnight(reference)
        return min(candidates, key=lambda day: (abs((day - target).in_days()), day > target))

    def _checked(self, partial: _Partial, year: int, month: int, day: int) -> pendulum.DateTime:
        try:
            moment = utc_midnight(year, month, day)
        except ValueError:
            raise self.fail(f"{year}-{month:02d}-{day:02d} is not a day of the calendar") from None
        if (
            partial.weekday is not None
            and partial.day is not None
            and moment.weekday() != partial.weekday
        ):
            raise self.fail(
                f"{moment.date()} was a {_WEEKDAY_NAMES[moment.weekday()]}, "
                f"not a {_WEEKDAY_NAMES[partial.weekday]}"
            )
        return moment


_PRECISIONS = list(Precision)


def _is_relative(tokens: list[str]) -> bool:
    """Whether words are a relative phrase ("today", "a year ago") that needs a reference."""
    return bool(tokens) and (
        tokens[-1] == "ago" or tokens[0] in ("today", "yesterday", "last", "this", "past")
    )


def _significant(tokens: list[str]) -> list[str]:
    """Drop filler words and the "s" of a possessive ("last week's"), not of a decade ("1980s")."""
    kept: list[str] = []
    skip_next = False
    for position, token in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        if skip_next:
            skip_next = False
            continue
        if following in _PAIRED_FILLER.get(token, ()):
            skip_next = True
            continue
        if token in _FILLER or (token == "s" and kept and not kept[-1].isdigit()):
            continue
        kept.append(token)
    return kept


def _approximate_time(tokens: list[str]) -> bool:
    """Whether a time of day is hedged ("around 4:40 a.m."); the hedge word is then dropped."""
    for position, token in enumerate(tokens):
        if token == PLACEHOLDER:
            previous = [word for word in tokens[:position] if word not in _FILLER]
            if previous and previous[-1] in _APPROXIMATE:
                tokens.remove(previous[-1])
                return True
    return False


def _midnight(day: pendulum.Date) -> pendulum.DateTime:
    return utc_midnight(day.year, day.month, day.day)
