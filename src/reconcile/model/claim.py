"""`Claim`: one source asserts (or denies) one value for one attribute of one event."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
from typing import Any

import attrs
import pendulum

from reconcile.errors import ValidationError
from reconcile.model.event import EventMention
from reconcile.pickling import pickled_by_values
from reconcile.validators import (
    as_tuple,
    attribute_id,
    check_attribute_name,
    check_id,
    check_optional_id,
    check_optional_text,
    check_text,
    checked_builder,
    field_converter,
    normalise_words,
)
from reconcile.values.category import Category
from reconcile.values.quantity import Quantity
from reconcile.values.timespan import Precision, TimeSpan, aware

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
    document's text, end excluded, so ``text[start:end] == quote``. `url` is
    the page's address, verbatim as the reader found it.
    """

    document: str = attrs.field(validator=check_text)
    quote: str | None = attrs.field(default=None, validator=check_optional_text)
    span: tuple[int, int] | None = attrs.field(
        default=None,
        converter=field_converter(_optional_span),  # type: ignore[misc]
        validator=_check_span,
    )
    url: str | None = attrs.field(default=None, validator=check_optional_text)


def _check_confidence(instance: Candidate, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or math.isnan(value)
        or not 0.0 <= value <= 1.0
    ):
        raise ValidationError(
            f"Candidate confidence must be a number in [0, 1], got {value!r}", field=attribute.name
        )


@attrs.frozen(kw_only=True)
class Candidate:
    """Marks a claim that an extractor proposed and a person has not yet accepted.

    `extractor` names what proposed it (``rules``, or a plugged-in model) and
    `confidence` how sure the extractor is that the claim reads its quote
    right, in [0, 1]. It says nothing about whether the *source* is right:
    extraction confidence never enters a source's weight. A dataset that holds
    candidates is refused by `reconcile` until they are accepted.
    """

    extractor: str = attrs.field(validator=check_text)
    confidence: float = attrs.field(validator=_check_confidence)


def _optional_aware(value: Any) -> pendulum.DateTime | None:
    return None if value is None else aware(value)


def _check_value(instance: Claim, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        if instance.value_text is None:
            raise ValidationError(
                f"Claim {instance.id!r} has no value: give a value, or the words of a "
                "claim without a figure in value_text",
                field=attribute.name,
            )
        return
    if not isinstance(value, VALUE_TYPES):
        raise ValidationError(
            f"Claim value must be a Quantity, Category or TimeSpan, got {value!r}",
            field=attribute.name,
        )


def _optional_words(value: Any) -> str | None:
    return None if value is None else normalise_words(value)


def _published_precision(value: Any, instance: Any) -> Precision | None:
    """None for an undated claim; else as given, or by default what a date alone would be.

    A midnight in UTC is a calendar day, as a date alone is; any other moment
    is an instant. So changing `published` with `attrs.evolve` keeps working.
    """
    moment = instance.published
    if moment is None:
        return None
    if value is not None:
        return value  # type: ignore[no-any-return]
    if moment.utcoffset() == dt.timedelta(0) and moment.time() == dt.time(0):
        return Precision.DAY
    return Precision.SECOND


def _check_published_precision(
    instance: Claim, attribute: attrs.Attribute[Any], value: Precision | None
) -> None:
    if value is None or instance.published is None:
        return
    if not isinstance(value, Precision):
        raise ValidationError(
            f"Claim published_precision must be a Precision, got {value!r}", field=attribute.name
        )
    if not begins_its_unit(instance.published, value):
        raise ValidationError(
            f"Claim published {instance.published.isoformat()} does not begin a {value.value}",
            field=attribute.name,
        )


def begins_its_unit(moment: pendulum.DateTime, precision: Precision) -> bool:
    """Whether `moment` is the first instant of its unit of `precision` (any instant is one).

    Checked on the fields, not by flooring with pendulum: a large file checks it per claim.
    """
    if precision is Precision.SECOND:
        return True  # an instant may carry fractions of a second
    fields = (moment.month, moment.day, moment.hour, moment.minute, moment.second)
    first = (1, 1, 0, 0, 0)
    kept = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2, Precision.HOUR: 3}
    start = kept.get(precision, 4)
    return fields[start:] == first[start:] and moment.microsecond == 0


@functools.lru_cache(maxsize=65_536)
def _span_of(moment: pendulum.DateTime, zone: Any, precision: Precision) -> TimeSpan:
    """The span of a publication date, once per date: the claims of a page share it.

    The zone is part of the key because equal instants in two zones are equal
    datetimes, though their spans are written in different zones.
    """
    return TimeSpan.of(moment, precision=precision)


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


@pickled_by_values
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
    from ("no less than nine"); a claim without a figure ("significant loss
    of life") has `value` None and only its words, which are kept and
    reported but never turned into a value. `qualifier` names who a figure
    counts when it counts a part ("civilians", "children"): such a sub-count
    is judged apart from the total. `published` is the first moment of the
    publication date, known to `published_precision` (a year, a month, a
    day, or an instant); relative dates in the value were read against it.
    `candidate` marks a claim that an extractor proposed and a person has yet
    to review (see `Candidate`).
    `interest` says, when an analyst has judged it, whether the claim serves its
    origin's own interest or goes against it (see `reconcile.judging.interest`).
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
    """The attribute's name as the data gives it; `attribute_id` is its identifier."""
    value: Value | None = attrs.field(default=None, validator=_check_value)
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
    qualifier: str | None = attrs.field(
        default=None,
        converter=field_converter(_optional_words),  # type: ignore[misc]
    )
    published_precision: Precision | None = attrs.field(
        default=None,
        converter=attrs.Converter(_published_precision, takes_self=True),  # type: ignore[misc]
        validator=_check_published_precision,
    )
    candidate: Candidate | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Candidate))
    )

    @property
    def published_span(self) -> TimeSpan | None:
        """When the claim was published, as the span its precision allows; None if undated."""
        if self.published is None or self.published_precision is None:
            return None
        return _span_of(self.published, self.published.tzinfo, self.published_precision)

    @property
    def is_qualitative(self) -> bool:
        """Whether the claim has words but no value ("significant loss of life")."""
        return self.value is None

    @property
    def attribute_id(self) -> str:
        """The identifier derived from the attribute's name: "Humidity" is ``humidity``."""
        return attribute_id(self.attribute)

    @property
    def chain(self) -> tuple[str, ...]:
        """The whole attribution chain, publishing source first, origin last."""
        return (self.source, *self.attribution)

    @property
    def origin(self) -> str:
        """The innermost source of the chain: who first said it."""
        # Not through `chain`: judging asks for every claim's origin, and the tuple costs.
        return self.attribution[-1] if self.attribution else self.source

    def __str__(self) -> str:
        verb = "says" if self.polarity is Polarity.ASSERTS else "denies"
        said = self.value_text or str(self.value)
        qualifier = f" ({self.qualifier})" if self.qualifier else ""
        return f"{' -> '.join(self.chain)} {verb} {self.attribute}{qualifier} = {said}"


_build_claim = checked_builder(Claim)


def checked_claim(fields: dict[str, Any]) -> Claim:
    """A `Claim` of fields that have passed its checks already, built without running them again.

    For a loader that checks each distinct text once (`reconcile.io.plain_records`):
    `fields` must hold what `Claim(**fields)` would store after its converters
    (a tuple for `attribution`, the normalised `qualifier`, ...), and
    `Claim(**fields)` must accept them. A field left out takes its default.
    The loader's differential tests check that the claims are equal to those
    `Claim(**fields)` builds.
    """
    return _build_claim(fields)
