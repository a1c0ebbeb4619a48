"""The UCDP Georeferenced Event Dataset: best, low and high, and the precision codes.

After the UCDP GED Codebook (version 23.1, Högbladh 2023,
https://ucdp.uu.se/downloads/ged/ged231.pdf): ``best`` is the most likely
figure, ``low`` and ``high`` the lowest and highest reliable estimates;
``date_prec`` and ``where_prec`` say how precisely the date and the place
are known; ``event_clarity`` whether the event is clearly one event.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from reconcile.judging.policies.base import Assessed, Coding, Placement
from reconcile.judging.policies.figures import best_figure, whole
from reconcile.judging.strategies.quantity import UcdpRange
from reconcile.judging.strategy import Strategy
from reconcile.values.hedges import HedgePolicy
from reconcile.values.timespan import Precision, TimeSpan

WEEK_DAYS = 7
MONTH_DAYS = 31


def date_prec(when: TimeSpan | None) -> int | None:
    """GED's date precision: 1 a day, 2 two to six days, 3 a week, 4 a month, 5 a year.

    Read from the span's length in days and its precision; None when the
    event has no time.
    """
    if when is None:
        return None
    if when.precision is Precision.YEAR:
        return 5
    if when.precision is Precision.MONTH:
        return 4
    days = max(1, (when.end - when.start).in_days())
    if days == 1:
        return 1
    if days < WEEK_DAYS:
        return 2
    if days == WEEK_DAYS:
        return 3
    return 4 if days <= MONTH_DAYS else 5


_LEVELS = {0: 6, 1: 4, 2: 3}
"""Depth below the top of the gazetteer -> GED's where_prec: country 6, province 4, district 3."""


def where_prec(placement: Placement) -> int | None:
    """GED's place precision from the gazetteer: 2 near a place, 6 a country ... 1 a site.

    The level is the place's depth in the gazetteer's containment chain,
    counted from its top (the country): the top is 6, one below it (a
    province) 4, two below (a district) 3, anything deeper an exact place,
    1. A phrase naming the surroundings of a place ("near X") is 2. None when
    the gazetteer does not know the place: the level is not guessed.
    """
    if placement.relative:
        return 2
    if placement.depth is None:
        return None
    return _LEVELS.get(placement.depth, 1)


def event_clarity(date_precision: int | None) -> int:
    """1 when the event is known to within a week (one clear event), else 2 (a summary)."""
    return 1 if date_precision is not None and date_precision <= 3 else 2


@attrs.frozen(kw_only=True)
class Ucdp:
    """UCDP GED: the best corroborated figure, the reliable low and high, the precision codes."""

    name: str = "ucdp"
    fatalities: str = "killed"
    """The attribute that holds the deaths."""
    strategies: Mapping[str, Strategy] = attrs.field(init=False)
    hedges: HedgePolicy | None = None

    @strategies.default
    def _strategies(self) -> Mapping[str, Strategy]:
        return MappingProxyType({self.fatalities: UcdpRange()})

    def code(self, event: Assessed) -> Coding:
        """The event in GED's fields."""
        toll = event.finding(self.fatalities)
        when = event.event.when
        dates = date_prec(when)
        origins = event.origins_of(self.fatalities)
        fields = {
            "best": best_figure(toll),
            "low": whole(toll.low) if toll else None,
            "high": None if toll is None or toll.high_open else whole(toll.high),
            "date_start": when.start.to_date_string() if when else None,
            "date_end": when.end.subtract(days=1).to_date_string() if when else None,
            "date_prec": dates,
            "where_prec": where_prec(event.placement),
            "event_clarity": event_clarity(dates),
            "number_of_sources": len(origins) if origins else None,
            "source_original": "; ".join(event.source_name(o) for o in origins) or None,
        }
        notes = [
            f"date_prec {dates}: the event's time is {when}"
            if when
            else "no date: date_prec empty",
            f"event_clarity {event_clarity(dates)}: "
            + (
                "one event, dated to within a week"
                if dates and dates <= 3
                else "not dated to within a week"
            ),
        ]
        if toll is not None:
            notes.append(f"best {fields['best']}: {toll.rationale}")
            if toll.high_open:
                notes.append("high empty: the reliable figures set no upper end")
        return Coding(policy=self.name, fields=fields, notes=tuple(notes))
