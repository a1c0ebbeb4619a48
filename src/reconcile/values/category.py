"""`Category`: a label such as a perpetrator or a kind of event."""

from __future__ import annotations

import attrs

from reconcile.errors import ValidationError
from reconcile.pickling import pickled_by_values
from reconcile.validators import field_converter


def normalise_label(label: str) -> str:
    """The form two labels are compared in: case-folded, with runs of white space folded to one."""
    return " ".join(label.split()).casefold()


def _tidy(label: str) -> str:
    if not isinstance(label, str):
        raise ValidationError(f"Category label must be text, got {label!r}")
    tidy = " ".join(label.split())
    if not tidy:
        raise ValidationError(f"Category label must not be empty, got {label!r}")
    return tidy


@pickled_by_values
@attrs.frozen(kw_only=True)
class Category:
    """A categorical value, such as the perpetrator "Iraqi security forces".

    The label keeps the spelling it was given (with white space tidied) for
    display; two categories are equal when their labels match ignoring case
    and spacing, so "Iraqi Forces" equals "iraqi  forces". Where one label
    specialises or excludes another is the business of the attribute's
    taxonomy, not of the value.
    """

    label: str = attrs.field(converter=field_converter(_tidy), eq=normalise_label)  # type: ignore[misc]

    @property
    def key(self) -> str:
        """The normalised label that equality and hashing use."""
        return normalise_label(self.label)

    def __str__(self) -> str:
        return self.label
