"""`Claim`: one source asserts (or denies) one value for one attribute of one event."""

from __future__ import annotations

import enum
from typing import Any

import attrs
import pendulum

from reconcile.errors import ValidationError
from reconcile.model.event import EventMention
from reconcile.validators import (
    as_tuple,
    check_attribute_name,
    check_id,
    check_optional_id,
    check_optional_text,
    check_text,
    field_converter,
)
from reconcile.values.category import Category
from reconcile.values.quantity import Quantity
from reconcile.values.timespan import TimeSpan, aware

Value = Quantity | Category | TimeSpan
"""The values a claim can carry."""

VALUE_TYPES = (Quantity, Category, TimeSpan)


class Polarity(enum.Enum):
    """Whether a claim asserts its value or denies it."""

    ASSERTS = "asserts"
    """The source says the value is true."""
    DENIES = "denies"
    """The source says the value is false: "no Iraqi troops entered the camp"."""


class Interest(enum.Enum):
    """Whether a claim serves the interest of the party that makes it (Airwars' test)."""

    SELF_SERVING = "self-serving"
    """In the speaker's own interest: denying its responsibility, boasting of enemy losses,
    calling the victims combatants. Context, not corroboration."""
    AGAINST_INTEREST = "against-interest"
    """Against the speaker's interest: a belligerent accepting responsibility. Counts strongly."""


def _check_span(instance: Evidence, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if (
        len(value) != 2
        or not all(isinstance(end, int) and not isinstance(end, bool) for end in value)
        or not 0 <= value[0] < value[1]
    ):
        raise ValidationError(
            f"Evidence span must be two character offsets (start, end) with 0 <= start < end, "
            f"got {value!r}",
            field=attribute.name,
        )
    if instance.quote is not None and value[1] - value[0] != len(instance.quote):
        raise ValidationError(
            f"Evidence span {value!r} covers {value[1] - value[0]} characters "
            f"but the quote has {len(instance.quote)}",
            field=attribute.name,
        )


def _optional_span(value: Any) -> tuple[int, int] | None:
    return None if value is None else as_tuple(value)


@attrs.frozen(kw_only=True)
class Evidence:
    """Where a claim stands in its document: the document, the verbatim quote and its span.

    `span` holds the character offsets ``(start, end)`` of the quote in the
    document's text, end excluded, so ``text[start:end] == quote``.
    """

    document: str = attrs.field(validator=check_text)
    quote: str | None = attrs.field(default=None, validator=check_optional_text)
    span: tuple[int, int] | None = attrs.field(
        default=None,
        converter=field_converter(_optional_span),  # type: ignore[misc]
        validator=_check_span,
    )


def _optional_aware(value: Any) -> pendulum.DateTime | None:
    return None if value is None else aware(value)


def _check_value(instance: Claim, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, VALUE_TYPES):
        raise ValidationError(
            f"Claim value must be a Quantity, Category or TimeSpan, got {value!r}",
            field=attribute.name,
        )


def _check_attribution(
    instance: Claim, attribute: attrs.Attribute[Any], value: tuple[str, ...]
) -> None:
    for link in value:
        check_id(instance, attribute, link)
    chain = instance.chain
    repeated = sorted({link for link in chain if chain.count(link) > 1})
    if repeated:
        raise ValidationError(
            f"Claim attribution chain {' -> '.join(chain)} is a cycle: "
            f"{', '.join(repeated)} appears more than once",
            field=attribute.name,
        )


def _check_subject(instance: Claim, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.event is None and instance.mention is None:
        raise ValidationError(
            f"Claim {instance.id!r} must name an event id or describe an event mention",
            field=attribute.name,
        )


@attrs.frozen(kw_only=True)
class Claim:
    """One source asserts (or denies) one value for one attribute of one event.

    `source` is the outlet that published the claim and `attribution` the
    sources it quotes, outermost to innermost: Nejat publishing Tasnim quoting
    an IRGC general is ``source="nejat", attribution=("tasnim", "irgc-salami")``.
    The innermost link is the claim's `origin`: claims with the same origin
    are one piece of evidence however many outlets repeat them.

    The claim is about the event with id `event`, or the event its `mention`
    describes (or both). `value_text` keeps the words the value was read
    from ("no less than nine"), `published` the publication time that
    relative dates in it were read against. `interest` says, when an analyst
    has judged it, whether the claim serves its origin's own interest or goes
    against it (see `reconcile.judging.interest`).
    """

    id: str = attrs.field(validator=check_id)
    source: str = attrs.field(validator=check_id)
    attribution: tuple[str, ...] = attrs.field(
        default=(),
        converter=field_converter(as_tuple),  # type: ignore[misc]
        validator=_check_attribution,
    )
    event: str | None = attrs.field(default=None, validator=check_optional_id)
    mention: EventMention | None = attrs.field(
        default=None,
        validator=[
            attrs.validators.optional(attrs.validators.instance_of(EventMention)),
            _check_subject,
        ],
    )
    attribute: str = attrs.field(validator=check_attribute_name)
    value: Value = attrs.field(validator=_check_value)
    polarity: Polarity = attrs.field(
        default=Polarity.ASSERTS, validator=attrs.validators.instance_of(Polarity)
    )
    evidence: Evidence | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Evidence))
    )
    published: pendulum.DateTime | None = attrs.field(
        default=None,
        converter=field_converter(_optional_aware),  # type: ignore[misc]
    )
    value_text: str | None = attrs.field(default=None, validator=check_optional_text)
    interest: Interest | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Interest))
    )

    @property
    def chain(self) -> tuple[str, ...]:
        """The whole attribution chain, publishing source first, origin last."""
        return (self.source, *self.attribution)

    @property
    def origin(self) -> str:
        """The innermost source of the chain: who first said it."""
        return self.chain[-1]

    def __str__(self) -> str:
        verb = "says" if self.polarity is Polarity.ASSERTS else "denies"
        said = self.value_text or str(self.value)
        return f"{' -> '.join(self.chain)} {verb} {self.attribute} = {said}"
