"""Times of day in text: "4:40 a.m.", "21:40", "(0140 GMT)", "21h40", "gegen 4.40 Uhr".

`find_clock_times` takes them out of a date's text, leaving a placeholder
word where each stood, so that the date grammar reads the rest ("before
dawn on Friday") and the times are put on the day it finds.
"""

from __future__ import annotations

import re

import attrs

from reconcile.errors import ParseError

PLACEHOLDER = "clocktime"
"""The word left where a time of day stood."""

_MERIDIEM = r"(?P<meridiem>[ap])\.?\s?m\b\.?"
_ZONE_WORDS = r"gmt|utc|z\b|local\s+time"
_ZONE = rf"(?P<zone>{_ZONE_WORDS})"
_CLOCK = re.compile(
    r"\(?\s*(?:"
    # "4:40 a.m.", "4 p.m.", "4.40pm"
    rf"(?P<h12>\d{{1,2}})(?:[:.](?P<m12>\d{{2}}))?\s*{_MERIDIEM}"
    # "21:40", "21h40", "21 h 40", "21.40 uhr", "21 uhr"
    r"|(?P<h24>\d{1,2})\s*(?:[:h]\s*(?P<m24>\d{2})|\.(?P<m24u>\d{2})(?=\s*uhr))(?:\s*uhr)?"
    r"|(?P<hu>\d{1,2})\s*uhr"
    # "0140 GMT": four digits count as a time only with a zone
    rf"|(?P<hhmm>\d{{4}})(?=\s*(?:{_ZONE_WORDS}))"
    rf")(?:\s*{_ZONE})?\s*\)?"
)


@attrs.frozen(kw_only=True)
class ClockTime:
    """A time of day as written: hour and minute, and `utc` when the text says GMT or UTC."""

    hour: int
    minute: int
    utc: bool

    @property
    def text(self) -> str:
        """The time as ``HH:MM``, with ``GMT`` when it is one."""
        return f"{self.hour:02d}:{self.minute:02d}" + (" GMT" if self.utc else "")


def find_clock_times(text: str) -> tuple[str, list[ClockTime]]:
    """The text with each time of day replaced by `PLACEHOLDER`, and the times found.

    Raises `ParseError` for a time that is no time of day ("25:10", "13 p.m.").
    """
    times: list[ClockTime] = []

    def take(match: re.Match[str]) -> str:
        times.append(_clock_time(text, match))
        return f" {PLACEHOLDER} "

    return _CLOCK.sub(take, text), times


def _clock_time(text: str, match: re.Match[str]) -> ClockTime:
    groups = match.groupdict()
    zone = (groups["zone"] or "").strip()
    if groups["hhmm"] is not None:
        hour, minute = int(groups["hhmm"][:2]), int(groups["hhmm"][2:])
    elif groups["h12"] is not None:
        hour, minute = int(groups["h12"]), int(groups["m12"] or 0)
        if not 1 <= hour <= 12:
            raise ParseError(
                f"cannot read {text!r} as a date: {hour} is no hour of a.m. or p.m.", text=text
            )
        hour = hour % 12 + (12 if groups["meridiem"] == "p" else 0)
    else:
        hour = int(groups["h24"] or groups["hu"])
        minute = int(groups["m24"] or groups["m24u"] or 0)
    if hour > 23 or minute > 59:
        raise ParseError(
            f"cannot read {text!r} as a date: {hour:02d}:{minute:02d} is no time of day", text=text
        )
    return ClockTime(hour=hour, minute=minute, utc=zone in ("gmt", "utc", "z"))
