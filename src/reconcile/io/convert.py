"""The one cattrs converter between the typed core and plain data (dicts, lists, text, numbers).

Unstructuring writes the canonical form that dataset files hold; structuring
reads it back strictly: no silent coercion of ``"yes"`` to True or of 1.7 to
1, and unknown keys are errors. Values written as text ("no less than nine")
are read by the parsers in `reconcile.io.files`, which know the attribute and
the publication date; by the time a record reaches this converter they are
typed values or tagged mappings.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import typing
from collections.abc import Mapping
from typing import Any

import cattrs
import pendulum
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from reconcile.errors import ParseError, ValidationError
from reconcile.model.claim import Candidate, Claim, Evidence, Value
from reconcile.model.dataset import Dataset
from reconcile.model.event import EventMention
from reconcile.values.category import Category
from reconcile.values.parse_timespan import parse_timespan
from reconcile.values.quantity import Hedge, Quantity
from reconcile.values.timespan import Precision, TimeSpan, aware, utc_midnight

converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
"""The converter: `converter.unstructure(dataset)` and `converter.structure(data, Dataset)`."""

VALUE_TAG = "kind"


def _strict(kind: type) -> Any:
    """A structure hook that accepts `kind` itself and nothing it would have to coerce."""

    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {kind.__name__}, got the boolean {value!r}")
        if isinstance(value, kind):
            return value
        raise TypeError(f"expected {kind.__name__}, got {value!r}")

    return structure


converter.register_structure_hook(str, _strict(str))
converter.register_structure_hook(bool, _strict(bool))
converter.register_structure_hook(int, _strict(int))


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return value


converter.register_structure_hook(float, _structure_float)


def _is_tuple(kind: Any) -> bool:
    return typing.get_origin(kind) is tuple


def _structure_tuple(value: Any, kind: Any) -> tuple[Any, ...]:
    """A list, item by item; text or a mapping is refused, never split into its characters."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, list | tuple):
        raise TypeError(f"expected a list, got {value!r}")
    args = typing.get_args(kind)
    if len(args) == 2 and args[1] is Ellipsis:
        items = [(args[0], item) for item in value]
    elif len(value) != len(args):
        raise TypeError(f"expected a list of {len(args)} items, got {value!r}")
    else:
        items = list(zip(args, value, strict=True))
    errors: list[Exception] = []
    structured: list[Any] = []
    for index, (item_kind, item) in enumerate(items):
        try:
            structured.append(converter.structure(item, item_kind))
        except Exception as error:
            error.__notes__ = [
                *getattr(error, "__notes__", []),
                IterableValidationNote(f"Structuring {kind} @ index {index}", index, item_kind),
            ]
            errors.append(error)
    if errors:
        raise IterableValidationError(f"While structuring {kind!r}", errors, kind)
    return tuple(structured)


converter.register_structure_hook_func(_is_tuple, _structure_tuple)


def _is_mapping(kind: Any) -> bool:
    return typing.get_origin(kind) in (Mapping, dict)


def _structure_mapping(value: Any, kind: Any) -> dict[Any, Any]:
    """A mapping, key by key and item by item; anything else is refused in plain words."""
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a mapping, got {value!r}")
    key_kind, item_kind = typing.get_args(kind) or (Any, Any)
    return {
        converter.structure(key, key_kind): converter.structure(item, item_kind)
        for key, item in value.items()
    }


converter.register_structure_hook_func(_is_mapping, _structure_mapping)


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(member.value) for member in kind)
        raise ValueError(f"{value!r} is not a {kind.__name__}; choose one of {choices}") from None


converter.register_structure_hook_func(
    lambda kind: isinstance(kind, type) and issubclass(kind, enum.Enum), _structure_enum
)


# -- datetimes -------------------------------------------------------------------


def unstructure_datetime(moment: pendulum.DateTime) -> str:
    """A date alone for midnight UTC (as publication dates are), else full ISO 8601."""
    if moment.utcoffset() == dt.timedelta(0) and moment.time() == dt.time(0):
        return moment.date().isoformat()
    return moment.isoformat()


def structure_datetime(value: Any, _: Any = None) -> pendulum.DateTime:
    """Read a date (midnight UTC) or an ISO 8601 time with a timezone offset."""
    if isinstance(value, dt.datetime):
        return aware(value)
    if isinstance(value, dt.date):
        return utc_midnight(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise TypeError(f"expected a date or an ISO 8601 time, got {value!r}")
    text = value.strip()
    if len(text) == 10:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
        return utc_midnight(day.year, day.month, day.day)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date or time") from None
    return aware(moment)


converter.register_unstructure_hook(pendulum.DateTime, unstructure_datetime)
converter.register_structure_hook(pendulum.DateTime, structure_datetime)


# -- publication dates -------------------------------------------------------------

_PUBLISHED_DATE = {4: Precision.YEAR, 7: Precision.MONTH, 10: Precision.DAY}


def read_published(value: Any, timezone: str | None = None) -> tuple[pendulum.DateTime, Precision]:
    """Read a publication date at the precision the page gives, with its first moment.

    ``2023`` is a year, ``2023-10`` a month, ``2023-10-17`` a day (all in
    UTC); a time with an offset is an instant, and a time without one is
    read in `timezone` (an IANA name), or refused when there is none: a clock
    time says nothing until its zone is known.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and timezone is not None:
            return pendulum.instance(value, tz=timezone), Precision.SECOND
        return aware(value), Precision.SECOND
    if isinstance(value, dt.date):
        return utc_midnight(value.year, value.month, value.day), Precision.DAY
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return utc_midnight(value, 1, 1), Precision.YEAR  # YAML reads 2023 as a number
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date or time such as '2023-10-17', got {value!r}")
    return _read_published_text(value, timezone)


@functools.lru_cache(maxsize=65_536)
def _read_published_text(value: str, timezone: str | None) -> tuple[pendulum.DateTime, Precision]:
    """One reading per text and zone: the claims of one page share its date."""
    text = value.strip()
    precision = _PUBLISHED_DATE.get(len(text))
    if precision is not None:
        try:
            day = dt.date.fromisoformat((text + "-01-01")[:10])
        except ValueError:
            day = None
        if day is None or not text[:4].isdigit():
            raise ValueError(
                f"{value!r} is not an ISO 8601 year, month or date (2023, 2023-10, 2023-10-17)"
            )
        return utc_midnight(day.year, day.month, day.day), precision
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date or time") from None
    if moment.tzinfo is None:
        if timezone is None:
            raise ValueError(
                f"the time {value!r} has no offset, and neither its source nor the dataset "
                "names a timezone: add one (such as +03:00), or a 'timezone' to the source "
                "or the dataset"
            )
        return pendulum.instance(moment, tz=timezone), Precision.SECOND
    return aware(moment), Precision.SECOND


def published_text(moment: pendulum.DateTime, precision: Precision) -> str:
    """Write a publication date at its precision, as `read_published` reads it back."""
    if precision in (Precision.YEAR, Precision.MONTH):
        return moment.isoformat()[: precision.iso_width]
    if precision is Precision.DAY:
        return moment.date().isoformat()
    return moment.isoformat()


# -- values ----------------------------------------------------------------------


def unstructure_quantity(quantity: Quantity) -> Any:
    """A plain number for an exact, unhedged, unitless figure; otherwise `quantity_mapping`."""
    if quantity.is_exact and quantity == Quantity.exact(quantity.low):
        return _number(quantity.low)
    return quantity_mapping(quantity)


def quantity_mapping(quantity: Quantity) -> dict[str, Any]:
    """The quantity as a mapping, defaults left out and null for an infinite end."""
    data: dict[str, Any] = {
        "low": _number(quantity.low) if quantity.is_bounded_below else None,
        "high": None if not quantity.is_bounded else _number(quantity.high),
    }
    if quantity.low_open and quantity.is_bounded_below:
        data["low_open"] = True
    if quantity.high_open and quantity.is_bounded:
        data["high_open"] = True
    if quantity.point is not None:
        data["point"] = _number(quantity.point)
    if quantity.hedge is not Hedge.EXACT:
        data["hedge"] = quantity.hedge.value
    if quantity.unit is not None:
        data["unit"] = quantity.unit
    return data


def structure_quantity(value: Any, _: Any = None) -> Quantity:
    """Read a number (an exact figure) or a mapping with ``low`` and ``high`` (null: no bound)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Quantity.exact(value)
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a number or a mapping with low and high, got {value!r}")
    data = {key: item for key, item in value.items() if key != VALUE_TAG}
    if "high" in data and data["high"] is None:
        data["high"] = math.inf
    if "low" in data and data["low"] is None:
        data["low"] = -math.inf
    return _fields.structure(data, Quantity)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def unstructure_timespan(span: TimeSpan) -> Any:
    """The ISO 8601 text of the span when it reads back the same, otherwise `timespan_mapping`."""
    text = span.isoformat()
    if _calendar_units_in_utc(span) or _reads_back(text, span):
        return text
    return timespan_mapping(span)


def _reads_back(text: str, span: TimeSpan) -> bool:
    """Whether `text` reads as `span`: not if it cannot be read (an offset of seconds, 1911)."""
    try:
        return parse_timespan(text) == span
    except ParseError:
        return False


def _calendar_units_in_utc(span: TimeSpan) -> bool:
    """Whether the span is whole days, months or years in UTC, which their ISO text reads back as.

    Such a span begins and ends at midnight UTC (a span begins and ends on
    boundaries of its unit), and dates are read as calendar days in UTC: no
    need to read the text again to know it (a large file writes a date per claim).
    """
    return (
        span.precision in _CALENDAR_UNITS
        and span.start.tzinfo is pendulum.UTC
        and span.end.tzinfo is pendulum.UTC
    )


_CALENDAR_UNITS = frozenset({Precision.DAY, Precision.MONTH, Precision.YEAR})


def timespan_mapping(span: TimeSpan) -> dict[str, Any]:
    """The span as a mapping of ``start``, ``end`` (excluded) and ``precision``."""
    return {
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "precision": span.precision.value,
    }


def structure_timespan(value: Any, _: Any = None) -> TimeSpan:
    """Read ISO 8601 text (or a date) or a mapping with ``start``, ``end`` and ``precision``."""
    if isinstance(value, TimeSpan):
        return value
    if isinstance(value, str):
        return parse_timespan(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return TimeSpan.day(value.year, value.month, value.day)
    if not isinstance(value, Mapping):
        raise TypeError(f"expected ISO 8601 text or a mapping with start and end, got {value!r}")
    data = {key: item for key, item in value.items() if key != VALUE_TAG}
    return _fields.structure(data, TimeSpan)


def structure_category(value: Any, _: Any = None) -> Category:
    """Read a label, or a mapping with ``label``."""
    if isinstance(value, Mapping):
        data = {key: item for key, item in value.items() if key != VALUE_TAG}
        return _fields.structure(data, Category)
    if not isinstance(value, str):
        raise TypeError(f"expected a label, got {value!r}")
    return Category(label=value)


def _category_label(category: Category) -> str:
    return category.label


# The plain attrs structure of the value classes, for the hooks above to
# delegate to without recursing into themselves.
_fields = cattrs.Converter(forbid_extra_keys=True)
_fields.register_structure_hook(float, _structure_float)
_fields.register_structure_hook(bool, _strict(bool))
_fields.register_structure_hook(str, _strict(str))
_fields.register_structure_hook(pendulum.DateTime, structure_datetime)
_fields.register_structure_hook_func(
    lambda kind: isinstance(kind, type) and issubclass(kind, enum.Enum), _structure_enum
)

converter.register_unstructure_hook(Quantity, unstructure_quantity)
converter.register_structure_hook(Quantity, structure_quantity)
converter.register_unstructure_hook(TimeSpan, unstructure_timespan)
converter.register_structure_hook(TimeSpan, structure_timespan)
converter.register_unstructure_hook(Category, _category_label)
converter.register_structure_hook(Category, structure_category)

_KINDS: dict[str, Any] = {
    "quantity": (Quantity, structure_quantity, quantity_mapping),
    "category": (Category, structure_category, lambda category: {"label": category.label}),
    "timespan": (TimeSpan, structure_timespan, timespan_mapping),
}


def tagged_value(value: Value) -> dict[str, Any]:
    """A value as a mapping tagged with its ``kind``, which reads back without a schema."""
    for kind, (value_type, _, mapping) in _KINDS.items():
        if isinstance(value, value_type):
            return {VALUE_TAG: kind, **mapping(value)}
    raise TypeError(f"not a value of reconcile: {value!r}")


def structure_value(value: Any, _: Any = None) -> Value:
    """Read a typed value as it is, or a mapping tagged with its ``kind``."""
    if isinstance(value, Quantity | Category | TimeSpan):
        return value
    if not isinstance(value, Mapping) or value.get(VALUE_TAG) not in _KINDS:
        raise ValidationError(
            f"a structured value needs '{VALUE_TAG}', one of {', '.join(_KINDS)}; got {value!r}"
        )
    structure = _KINDS[value[VALUE_TAG]][1]
    return structure(value)  # type: ignore[no-any-return]


converter.register_unstructure_hook(Value, tagged_value)
converter.register_structure_hook(Value, structure_value)


def _structure_optional_value(value: Any, _: Any = None) -> Value | None:
    """A claim in words only has no value."""
    return None if value is None else structure_value(value)


converter.register_unstructure_hook(
    Value | None,
    lambda value: None if value is None else tagged_value(value),
)
converter.register_structure_hook(Value | None, _structure_optional_value)


def _mapping_of_fields(kind: type) -> Any:
    """A structure hook that refuses anything but a mapping before cattrs looks inside it.

    Without it, a mention given as a list or as text fails inside cattrs with
    Python's own words ("'list' object has no attribute 'keys'").
    """
    fields_in: Any = make_dict_structure_fn(kind, converter, _cattrs_forbid_extra_keys=True)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a mapping of fields, got {value!r}")
        return fields_in(value, kind)

    return structure


for _part in (EventMention, Evidence, Candidate):
    converter.register_structure_hook(_part, _mapping_of_fields(_part))


# The claim hooks are made last, so that the hooks of its fields' types are in place.
_claim_fields_out = make_dict_unstructure_fn(Claim, converter, _cattrs_omit_if_default=True)
_claim_fields_in = make_dict_structure_fn(Claim, converter, _cattrs_forbid_extra_keys=True)


def unstructure_claim(claim: Claim) -> dict[str, Any]:
    """The claim's fields, its publication date written once, at its precision."""
    data = _claim_fields_out(claim)
    data.pop("published_precision", None)
    if claim.published is not None and claim.published_precision is not None:
        data["published"] = published_text(claim.published, claim.published_precision)
    return data


def structure_claim(value: Any, _: Any = None) -> Claim:
    """Read a claim; its ``published`` text gives the date and its precision together."""
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a mapping of fields, got {value!r}")
    data = dict(value)
    if "published_precision" in data and isinstance(data.get("published"), str):
        raise ValidationError(
            "write the precision in 'published' itself (2023, 2023-10, 2023-10-17)",
            field="published_precision",
        )
    published = data.get("published")
    # A datetime object is a moment already; its precision is the claim's default.
    if isinstance(published, str | int | dt.date) and not isinstance(published, dt.datetime):
        data["published"], data["published_precision"] = read_published(published)
    return _claim_fields_in(data, Claim)


converter.register_unstructure_hook(Claim, unstructure_claim)
converter.register_structure_hook(Claim, structure_claim)


def unstructure_dataset(dataset: Dataset) -> dict[str, Any]:
    """The dataset as one mapping, sections in reading order, empty sections left out."""
    data: dict[str, Any] = {}
    if dataset.timezone is not None:
        data["timezone"] = dataset.timezone
    for name in ("places", "sources", "events", "attributes", "claims"):
        records = getattr(dataset, name)
        if records:
            data[name] = [converter.unstructure(record) for record in records]
    return data


converter.register_unstructure_hook(Dataset, unstructure_dataset)
