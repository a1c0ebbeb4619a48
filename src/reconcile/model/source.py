"""`Source`: who published or said something, and which camp they speak for."""

from __future__ import annotations

import enum
import math
from typing import Any

import attrs

from reconcile.errors import ValidationError
from reconcile.validators import (
    check_id,
    check_optional_text,
    check_optional_timezone,
    check_text,
    checked_builder,
    field_converter,
)


class SourceKind(enum.Enum):
    """What sort of speaker a source is."""

    OUTLET = "outlet"
    """A newspaper, website, broadcaster or blog."""
    NEWS_AGENCY = "news-agency"
    """A wire service such as AP, AFP or Reuters."""
    GOVERNMENT = "government"
    """A government, ministry or official spokesperson's office."""
    MILITARY = "military"
    """Armed forces or an armed group's command."""
    UN_BODY = "un-body"
    """A United Nations body or mission."""
    NGO = "ngo"
    """A non-governmental organisation."""
    PERSON = "person"
    """A named individual speaking for themselves or their office."""
    OTHER = "other"
    """Anything else (hospital officials, anonymous sources, ...)."""


def _normalise_affiliation(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"Source affiliation must be None or a non-empty word, got {value!r}")
    return "-".join(value.strip().lower().split())


def _check_reliability(
    instance: Source, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValidationError(
            f"Source reliability must be a number in [0, 1], got {value!r}", field=attribute.name
        )
    if not 0.0 <= value <= 1.0:
        raise ValidationError(
            f"Source reliability must lie in [0, 1], got {value!r}", field=attribute.name
        )


def _check_speaks_for(
    instance: Source, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is None:
        return
    check_id(instance, attribute, value)
    if value == instance.id:
        raise ValidationError(
            f"Source {instance.id!r} cannot speak for itself", field=attribute.name
        )


def _name_defaults_to_id(instance: Source) -> str:
    return instance.id


@attrs.frozen(kw_only=True)
class Source:
    """Who published or said something.

    `affiliation` is the camp the source speaks for (``mek``, ``anti-mek``,
    ``iran-state``, ``iraq-gov``, ``us-gov``, ``un``, ``wire``, ...), written
    in lower case with hyphens; `reliability` an optional prior in [0, 1].
    `url` is the source's address as given, and `timezone` the IANA name of
    the zone its clock times are in when a time is written without an offset
    (it overrides the dataset's `timezone` for this source's claims).
    `speaks_for` is the id of the organisation a spokesman or office speaks
    for: its figures are the organisation's, so a spokesman's later figure
    revises the organisation's earlier one (and the reverse).
    `party` is the label (as the perpetrator taxonomy spells it) of the
    belligerent the source is or speaks for: the source is a party to every
    event whose perpetrator claims name that label, and its claims there are
    weighed by interest (see `reconcile.judging.interest`).
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(
        default=attrs.Factory(_name_defaults_to_id, takes_self=True), validator=check_text
    )
    kind: SourceKind = attrs.field(
        default=SourceKind.OTHER, validator=attrs.validators.instance_of(SourceKind)
    )
    affiliation: str | None = attrs.field(
        default=None,
        converter=field_converter(_normalise_affiliation),  # type: ignore[misc]
    )
    reliability: float | None = attrs.field(default=None, validator=_check_reliability)
    description: str | None = attrs.field(default=None, validator=check_optional_text)
    url: str | None = attrs.field(default=None, validator=check_optional_text)
    timezone: str | None = attrs.field(default=None, validator=check_optional_timezone)
    speaks_for: str | None = attrs.field(default=None, validator=_check_speaks_for)
    party: str | None = attrs.field(default=None, validator=check_optional_text)

    def __str__(self) -> str:
        camp = f" [{self.affiliation}]" if self.affiliation else ""
        return f"{self.name}{camp}"


_build_source = checked_builder(Source)


def checked_source(fields: dict[str, Any]) -> Source:
    """A `Source` of fields that have passed its checks already, built without running them again.

    As `checked_claim` builds claims, for `reconcile.io.plain_records`: `fields`
    must hold what `Source(**fields)` would store after its converter (the
    normalised `affiliation`). A field left out takes its default; the name, the id.
    The loader's differential tests check that the sources are equal to those
    `Source(**fields)` builds.
    """
    return _build_source({"name": fields["id"], **fields})
