"""Values written as text: a figure, a label or a date read by its attribute's kind.

`read_value_text` is what loading does with a claim's value when the file
gives words ("no less than nine", "1 September 2013"), and `reference_of`
what the relative dates among them are read against.
"""

from __future__ import annotations

import functools
from typing import Any

import pendulum

from reconcile.io.convert import converter
from reconcile.model.claim import Value
from reconcile.model.schema import ValueKind
from reconcile.values.category import Category
from reconcile.values.hedges import HedgePolicy
from reconcile.values.parse_quantity import parse_quantity
from reconcile.values.parse_timespan import parse_timespan
from reconcile.values.quantity import Measure
from reconcile.values.timespan import Precision, TimeSpan


def parse_value(
    text: str,
    kind: ValueKind,
    *,
    reference: pendulum.DateTime | TimeSpan | None = None,
    policy: HedgePolicy | None = None,
    timezone: str | None = None,
    measure: Measure = Measure.COUNT,
) -> Value:
    """Read the text of a value of `kind`: a hedged figure, a label, or a date.

    Dates are read against `reference` (the publication date, at its
    precision) and clock times without a zone in `timezone`; a figure is read
    as a count or a measurement as `measure` says (see `parse_quantity`).
    """
    if kind is ValueKind.QUANTITY:
        return parse_quantity(text, policy=policy, measure=measure)
    if kind is ValueKind.TIMESPAN:
        return parse_timespan(text, reference=reference, timezone=timezone)
    return Category(label=text)


def read_value_text(
    text: str,
    kind: ValueKind,
    *,
    reference: pendulum.DateTime | TimeSpan | None = None,
    policy: HedgePolicy | None = None,
    timezone: str | None = None,
    measure: Measure = Measure.COUNT,
) -> tuple[Value, str | None]:
    """Read a value from text, with the words to keep as the claim's `value_text`.

    The words are kept only when they say more than the value's own canonical
    text: "no less than nine" is kept, "52" or "2013-09-01" is not.
    """
    value = parse_value(
        text, kind, reference=reference, policy=policy, timezone=timezone, measure=measure
    )
    canonical = converter.unstructure(value, kind.value_type)
    return value, None if text == str(canonical) else text


def reference_of(
    published: pendulum.DateTime, precision: Precision
) -> pendulum.DateTime | TimeSpan:
    """What relative dates in a claim are read against.

    Its publication date, or the month or year it was published in when that is all the page
    gives.
    """
    if precision in (Precision.YEAR, Precision.MONTH):
        return TimeSpan.of(published, precision=precision)
    return published


def publication_span(published: pendulum.DateTime, precision: Precision) -> TimeSpan:
    """The span of a publication date, worked out once per date: a page's claims share it.

    Raises `ValidationError` for a date whose span would end after year 9999.
    """
    return _span_in_zone(published, published.tzinfo, precision)


@functools.lru_cache(maxsize=65_536)
def _span_in_zone(published: pendulum.DateTime, zone: Any, precision: Precision) -> TimeSpan:
    """Keyed by the zone too: equal instants in two zones are equal datetimes of other spans."""
    return TimeSpan.of(published, precision=precision)
