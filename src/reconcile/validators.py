"""Validators shared by the typed core: ids, names and optional text."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from typing import Any

import attrs

from reconcile.errors import ValidationError

ID_PATTERN = re.compile(r"[\w.:/@#+~-]+")
"""What an id may contain: letters, digits and ``_ . : / @ # + ~ -``; no spaces, commas or ``>``."""

ATTRIBUTE_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


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
    """Attribute names are lower-case identifiers such as ``killed`` or ``iraqi_casualties``."""
    if not isinstance(value, str) or not ATTRIBUTE_PATTERN.fullmatch(value):
        raise ValidationError(
            f"{type(instance).__name__} {attribute.name} must be a lower-case identifier "
            f"such as 'killed' or 'iraqi_casualties', got {value!r}",
            field=attribute.name,
        )


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
