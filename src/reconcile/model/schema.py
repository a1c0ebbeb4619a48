"""The attribute schema: for each attribute, its kind of value, cardinality and strategy."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

import attrs

from reconcile.errors import ValidationError
from reconcile.model.taxonomy import Taxonomy
from reconcile.validators import attribute_id, check_attribute_name, check_optional_text
from reconcile.values.category import Category
from reconcile.values.quantity import Measure, Quantity
from reconcile.values.timespan import TimeSpan


class ValueKind(enum.Enum):
    """The kind of value an attribute holds."""

    QUANTITY = "quantity"
    """Figures with their uncertainty: `Quantity`."""
    CATEGORY = "category"
    """Labels: `Category`."""
    TIMESPAN = "timespan"
    """Dates and periods: `TimeSpan`."""

    @property
    def value_type(self) -> type[Quantity | Category | TimeSpan]:
        """The class of the values of this kind."""
        return _VALUE_TYPES[self]

    @classmethod
    def of(cls, value: Quantity | Category | TimeSpan) -> ValueKind:
        """The kind of a value."""
        for kind, value_type in _VALUE_TYPES.items():
            if isinstance(value, value_type):
                return kind
        raise TypeError(f"not a value of reconcile: {value!r}")


_VALUE_TYPES: dict[ValueKind, type[Quantity | Category | TimeSpan]] = {
    ValueKind.QUANTITY: Quantity,
    ValueKind.CATEGORY: Category,
    ValueKind.TIMESPAN: TimeSpan,
}


def _taxonomy_fits(instance: AttributeSchema, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Taxonomy):
        raise ValidationError(f"taxonomy must be a Taxonomy, got {value!r}", field=attribute.name)
    if instance.kind is not ValueKind.CATEGORY:
        raise ValidationError(
            f"only category attributes have a taxonomy; {instance.name!r} holds "
            f"{instance.kind.value} values",
            field=attribute.name,
        )


def _measure_fits(instance: AttributeSchema, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Measure):
        raise ValidationError(
            f"measure must be a Measure ('count' or 'measurement'), got {value!r}",
            field=attribute.name,
        )
    if value is Measure.MEASUREMENT and instance.kind is not ValueKind.QUANTITY:
        raise ValidationError(
            f"only quantity attributes are measurements; {instance.name!r} holds "
            f"{instance.kind.value} values",
            field=attribute.name,
        )


def _spread_fits(instance: AttributeSchema, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValidationError(
            f"typical_spread must be a positive number, got {value!r}", field=attribute.name
        )
    if instance.measure is not Measure.MEASUREMENT:
        raise ValidationError(
            f"only a measurement has a typical spread; {instance.name!r} is not one",
            field=attribute.name,
        )


@attrs.frozen(kw_only=True)
class AttributeSchema:
    """What one attribute holds and how it is reconciled.

    `multi` says whether several values can all be true at once (an attack
    can have several perpetrators) or exactly one is (it has one death toll).
    `strategy` names the reconciliation strategy in the registry; None
    chooses the default for the kind. `unit` is the unit quantities of this
    attribute are counted in, if not plain counts. `measure` says whether its
    figures are counts (`Measure.COUNT`, the default: never negative) or
    measurements (`Measure.MEASUREMENT`: any real number, such as a
    temperature in °C or a change in a balance). `typical_spread` is, for a
    measurement, how far apart its figures for one event usually lie: the
    quantity strategies call a figure an outlier when it lies several typical
    spreads from every other. Left out, a dataset derives it from its claims
    (see `Dataset.claimed_schemas`).
    """

    name: str = attrs.field(validator=check_attribute_name)
    """The name as the data gives it ("Humidity"); `id` is the identifier derived from it."""
    kind: ValueKind = attrs.field(validator=attrs.validators.instance_of(ValueKind))
    multi: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    strategy: str | None = attrs.field(default=None, validator=check_optional_text)
    unit: str | None = attrs.field(default=None, validator=check_optional_text)
    measure: Measure = attrs.field(default=Measure.COUNT, validator=_measure_fits)
    typical_spread: float | None = attrs.field(default=None, validator=_spread_fits)
    description: str | None = attrs.field(default=None, validator=check_optional_text)
    taxonomy: Taxonomy | None = attrs.field(default=None, validator=_taxonomy_fits)

    @property
    def id(self) -> str:
        """The identifier derived from the name (`attribute_id`): "Humidity" is ``humidity``."""
        return attribute_id(self.name)

    @classmethod
    def inferred(
        cls, name: str, values: Sequence[Quantity | Category | TimeSpan]
    ) -> AttributeSchema:
        """The schema of an undeclared attribute, from its values.

        Its kind is the first value's; it is a measurement if some figure is
        below zero, since no count can be, else a count. An attribute said
        only in words (no value at all) is taken as a category: its findings
        are empty either way.
        """
        kind = ValueKind.of(values[0]) if values else ValueKind.CATEGORY
        signed = any(isinstance(value, Quantity) and value.is_negative for value in values)
        return cls(name=name, kind=kind, measure=Measure.MEASUREMENT if signed else Measure.COUNT)

    @property
    def labels(self) -> Taxonomy:
        """The taxonomy of a categorical attribute; an empty one when none is declared."""
        return self.taxonomy if self.taxonomy is not None else _NO_TAXONOMY


_NO_TAXONOMY = Taxonomy()


def _count(name: str, description: str) -> AttributeSchema:
    return AttributeSchema(name=name, kind=ValueKind.QUANTITY, description=description)


def standard_attributes() -> dict[str, AttributeSchema]:
    """The attributes every dataset knows without declaring them.

    They are the ones conflict-data coders use most; a dataset's own
    ``attributes`` section adds others and overrides these.
    """
    return dict(_STANDARD_ATTRIBUTES)


def _standard_attributes() -> dict[str, AttributeSchema]:
    schemas = [
        _count("killed", "people killed in the event"),
        _count("wounded", "people wounded"),
        _count("hostages", "people taken hostage"),
        _count("captured", "people captured or detained"),
        _count("missing", "people missing after the event"),
        _count("survivors", "people who survived the event"),
        _count("residents", "people living at the place at the time"),
        _count("iraqi_casualties", "casualties among Iraqi forces or officials"),
        AttributeSchema(
            name="duration", kind=ValueKind.QUANTITY, description="how long the event lasted"
        ),
        AttributeSchema(
            name="perpetrator",
            kind=ValueKind.CATEGORY,
            # Rival accusations are the normal case: one perpetrator unless the
            # dataset declares the attribute `multi` (co-perpetrators).
            description="who carried out the event; declare it multi for co-perpetrators",
        ),
        AttributeSchema(
            name="date", kind=ValueKind.TIMESPAN, description="when the event happened"
        ),
    ]
    return {schema.name: schema for schema in schemas}


_STANDARD_ATTRIBUTES = _standard_attributes()
