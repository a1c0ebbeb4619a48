"""Validators shared by the typed core: ids, names and optional text."""

from __future__ import annotations

import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from reconcile.errors import ValidationError

_Record = TypeVar("_Record")

ID_PATTERN = re.compile(r"[\w.:/@#+~-]+")
"""What an id may contain: letters, digits and ``_ . : / @ # + ~ -``; no spaces, commas or ``>``."""

ATTRIBUTE_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
"""What an attribute's identifier looks like (`attribute_id`); its name may be any text."""


def check_id(instance: Any, attribute: Any, value: Any) -> None:
    """Refuse ids that are empty or hold characters the file formats use as separators."""
    owner = type(instance).__name__
    if not isinstance(value, str) or not value:
        raise ValidationError(
            f"{owner} {attribute.name} must be a non-empty id, got {value!r}", field=attribute.name
        )
    if not ID_PATTERN.fullmatch(value):
        raise ValidationError(
            f"{owner} {attribute.name} {value!r} may hold only letters, digits "
            "and _ . : / @ # + ~ -",
            field=attribute.name,
        )


def check_optional_id(instance: Any, attribute: Any, value: Any) -> None:
    """Like `check_id`, but None is allowed."""
    if value is not None:
        check_id(instance, attribute, value)


def check_attribute_name(instance: Any, attribute: Any, value: Any) -> None:
    """Attribute names are text as the data gives them ("Humidity", "Wind speed (km/h)").

    They must not be blank, start or end with a space, or hold a line break;
    `attribute_id` derives the identifier that names them where one is needed.
    """
    if (
        not isinstance(value, str)
        or not value.strip()
        or value != value.strip()
        or any(character in value for character in "\r\n\t")
    ):
        raise ValidationError(
            f"{type(instance).__name__} {attribute.name} must be a name on one line, "
            f"without spaces around it, such as 'killed' or 'Humidity', got {value!r}",
            field=attribute.name,
        )


@functools.lru_cache(maxsize=4096)  # every claim asks, for a handful of names
def attribute_id(name: str) -> str:
    """The identifier derived from an attribute's name: lower case, ``_`` between words.

    Accents are dropped and every run of other characters becomes one ``_``:
    "Humidity" is ``humidity``, "Wind speed (km/h)" ``wind_speed_km_h``,
    "Température" ``temperature``. A name that starts with a digit gets ``a_``
    in front ("2nd dose" is ``a_2nd_dose``); one with no letter or digit at
    all is ``attribute``. Two names with the same identifier are the same
    attribute: a schema declared as "humidity" applies to claims of
    "Humidity".

    >>> attribute_id("Wind speed (km/h)")
    'wind_speed_km_h'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = _NOT_WORD.sub("_", plain.lower()).strip("_")
    if not words:
        return "attribute"
    return f"a_{words}" if words[0].isdigit() else words


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def item_id(name: str) -> str:
    """An id derived from an item's or event's name as the data gives it ("Boston, MA_2000").

    Accents are dropped and every run of characters an id may not hold
    (spaces, commas, ``>``...) becomes one ``-``, trimmed at the ends:
    "Boston, MA_2000" is ``Boston-MA_2000``. A name with nothing left is
    ``item``. Keep the name itself as the event's `label`; two names that
    differ only in those characters get the same id, which a `Dataset`
    reports as a duplicate.

    >>> item_id("Boston, MA_2000")
    'Boston-MA_2000'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_ID.sub("-", plain).strip("-") or "item"


_NOT_ID = re.compile(r"[^\w.:/@#+~-]+", re.ASCII)


def check_text(instance: Any, attribute: Any, value: Any) -> None:
    """Refuse empty or blank text."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"{type(instance).__name__} {attribute.name} must be non-empty text, got {value!r}",
            field=attribute.name,
        )


def check_optional_text(instance: Any, attribute: Any, value: Any) -> None:
    """Like `check_text`, but None is allowed."""
    if value is not None:
        check_text(instance, attribute, value)


def field_converter(function: Callable[[Any], Any]) -> Any:
    """Wrap a converter so that the errors it raises name the field they come from."""

    def convert(value: Any, field: attrs.Attribute[Any]) -> Any:
        try:
            return function(value)
        except ValidationError as error:
            if error.field is not None:
                raise
            raise ValidationError(f"{field.name}: {error}", field=field.name) from None

    return attrs.Converter(convert, takes_field=True)


def as_tuple(value: Any) -> tuple[Any, ...]:
    """Turn a list or other iterable into a tuple; a lone string is refused, not split up."""
    if isinstance(value, str | bytes):
        raise ValidationError(f"expected a list, got the text {value!r}")
    try:
        return tuple(value)
    except TypeError:
        raise ValidationError(f"expected a list, got {value!r}") from None


def check_optional_timezone(instance: Any, attribute: Any, value: Any) -> None:
    """Accept None or an IANA timezone name such as ``Asia/Gaza``; refuse anything else."""
    if value is None:
        return
    if not isinstance(value, str) or not is_timezone(value):
        raise ValidationError(
            f"{type(instance).__name__} {attribute.name} must be an IANA timezone name "
            f"such as 'Asia/Gaza' or 'UTC', got {value!r}",
            field=attribute.name,
        )


def is_timezone(name: str) -> bool:
    """Whether `name` is an IANA timezone name this machine's timezone database knows."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def normalise_words(value: Any) -> str:
    """Lower-case text with single spaces, so that "Civilians " and "civilians" are one word."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"expected non-empty text, got {value!r}")
    return " ".join(value.strip().lower().split())


def checked_builder(cls: type[_Record]) -> Callable[[dict[str, Any]], _Record]:
    """What builds a `cls` record of fields that passed its checks already, not running them again.

    For a loader that checks each distinct text once (`reconcile.io.plain_records`):
    the fields must hold what ``cls(**fields)`` would store after its converters,
    and ``cls(**fields)`` must accept them. A field left out takes its default;
    one whose default is worked out (an `attrs.Factory`) must be given. Setting
    the slots straight is the cheapest way to build a record.
    """
    fields = [field for field in attrs.fields(cls) if field.init]  # type: ignore[arg-type]
    slots = tuple((getattr(cls, field.name).__set__, field.name) for field in fields)
    defaults = {field.name: field.default for field in fields}

    def build(given: dict[str, Any]) -> _Record:
        record: _Record = object.__new__(cls)
        values = defaults | given
        for set_slot, name in slots:
            set_slot(record, values[name])
        return record

    return build
