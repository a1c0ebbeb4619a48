"""Dates in a sentence: phrases the date parser reads, found by the shapes dates take."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs
import pendulum

from reconcile.errors import ParseError
from reconcile.values.numbers import ORDINAL_UNITS, TENS, UNITS
from reconcile.values.parse_timespan import parse_timespan
from reconcile.values.timespan import TimeSpan

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_ORDINAL = "(?:" + "|".join(sorted(ORDINAL_UNITS, key=len, reverse=True)) + ")"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)(?!\w|,\d|[’']s\b)"  # noqa: RUF001 (a curly apostrophe)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = "(?:" + "|".join(sorted([*UNITS, *TENS], key=len, reverse=True)) + r"|\d+)"
_SHAPES = [
    rf"between {_MONTH} {_DAY} and {_DAY}(?:,? {_YEAR})?",
    rf"[Bb]etween {_YEAR} and {_YEAR}",
    rf"[Ff]rom {_YEAR} to {_YEAR}",
    rf"(?:{_WEEKDAY},? )?{_MONTH} (?:{_DAY}|{_ORDINAL})(?:,? {_YEAR})?(?![\w])",
    rf"(?:{_WEEKDAY},? )?(?:the )?(?:{_DAY}|{_ORDINAL}) (?:of )?{_MONTH}(?:,? {_YEAR})?",
    rf"{_MONTH},? {_YEAR}",
    r"[Ll]ast (?:week|month|year)(?:’s|'s)?",  # noqa: RUF001  (curly quotes are what the articles use)
    rf"(?i:{_COUNT}) years? ago(?: on this day)?",
    rf"{_WEEKDAY}",
    rf"{_YEAR}",
]
_DATE = re.compile(r"(?<![\w-])(?:" + "|".join(_SHAPES) + r")")


@attrs.frozen(kw_only=True)
class DateMatch:
    """A date phrase in a sentence, its offsets there, and the span it reads to."""

    text: str
    start: int
    end: int
    value: TimeSpan


def date_spans(sentence: str) -> list[tuple[int, int]]:
    """Where the sentence has the words of a date, read or not: no figure is read there.

    "August 21" with no publication date cannot be read (which year?), but its
    21 is a day, not a count.
    """
    return [match.span() for match in _DATE.finditer(sentence)]


def find_dates(sentence: str, published: pendulum.DateTime | None) -> Iterator[DateMatch]:
    """Every date phrase of the sentence that the date parser reads against `published`.

    A phrase that needs a reference date ("last week", "Sunday") is skipped
    when `published` is None: it cannot be read, and a guess would be wrong.
    """
    for match in _DATE.finditer(sentence):
        text = match.group().rstrip(".")
        try:
            value = parse_timespan(text, reference=published)
        except ParseError:
            continue
        yield DateMatch(text=text, start=match.start(), end=match.start() + len(text), value=value)
