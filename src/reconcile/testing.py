"""Hypothesis strategies for the domain of `reconcile`, for your tests and ours.

Requires Hypothesis (``pip install reconcile[testing]``). Every strategy
builds only valid objects, so a test can state a law ("saving and loading
changes nothing") over all of them::

    from hypothesis import given
    from reconcile.testing import datasets

    @given(datasets())
    def test_round_trip(dataset): ...
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

import pendulum
from hypothesis import strategies as st
from pendulum.tz.timezone import FixedTimezone

from reconcile._category import Category
from reconcile._claim import Claim, Evidence, Polarity, Value
from reconcile._dataset import Dataset
from reconcile._event import Event, EventMention
from reconcile._quantity import Hedge, Quantity
from reconcile._schema import AttributeSchema, ValueKind
from reconcile._source import Source, SourceKind
from reconcile._timespan import Precision, TimeSpan

__all__ = [
    "attribute_names",
    "categories",
    "claims",
    "datasets",
    "event_mentions",
    "events",
    "ids",
    "quantities",
    "sources",
    "timespans",
    "values",
]

_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_."
_WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(str.strip)


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Valid ids, optionally with a prefix so that ids of different kinds never collide."""
    return st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=8).map(lambda text: prefix + text)


def attribute_names() -> st.SearchStrategy[str]:
    """Lower-case attribute names, such as ``killed``."""
    return st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)


@st.composite
def quantities(draw: st.DrawFn, *, max_value: int = 10_000) -> Quantity:
    """Quantities of every shape: exact figures, ranges, open and unbounded intervals."""
    low = draw(st.integers(min_value=0, max_value=max_value))
    shape = draw(st.sampled_from(["exact", "range", "at_least", "approximate", "open"]))
    unit = draw(st.none() | st.sampled_from(["hour", "day", "percent"]))
    if shape == "exact":
        return Quantity.exact(low, unit=unit)
    if shape == "at_least":
        return Quantity(low=low, high=math.inf, hedge=Hedge.AT_LEAST, unit=unit)
    high = low + draw(st.integers(min_value=1, max_value=max_value))
    if shape == "open":
        return Quantity(
            low=low, high=high, low_open=draw(st.booleans()), high_open=True, hedge=Hedge.RANGE
        )
    point = draw(st.none() | st.integers(min_value=low, max_value=high))
    hedge = Hedge.APPROXIMATE if shape == "approximate" and point is not None else Hedge.RANGE
    return Quantity(low=low, high=high, point=point, hedge=hedge, unit=unit)


def categories() -> st.SearchStrategy[Category]:
    """Categories with arbitrary (non-blank) labels."""
    return _WORDS.map(lambda label: Category(label=label))


@st.composite
def timespans(draw: st.DrawFn) -> TimeSpan:
    """Spans of whole years, months, days, hours or minutes, in UTC or with an offset."""
    precision = draw(st.sampled_from(list(Precision)))
    moment = draw(
        st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2049, 1, 1))
    )
    if precision in (Precision.YEAR, Precision.MONTH, Precision.DAY):
        first = pendulum.datetime(moment.year, moment.month, moment.day)
    else:
        offset = draw(st.sampled_from([0, 3 * 3600, -5 * 3600]))
        first = pendulum.datetime(
            *(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second),
            tz=FixedTimezone(offset),
        )
    units = draw(st.integers(min_value=0, max_value=3))
    return TimeSpan.of(first, first + precision.step() * units, precision=precision)


def values() -> st.SearchStrategy[Value]:
    """Values of any kind."""
    return st.one_of(quantities(), categories(), timespans())


def sources(*, id_: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Source]:
    """Sources with an id, a kind, an optional affiliation and an optional reliability prior."""
    return st.builds(
        Source,
        id=id_ if id_ is not None else ids("s"),
        name=_WORDS,
        kind=st.sampled_from(list(SourceKind)),
        affiliation=st.none() | st.sampled_from(["mek", "anti-mek", "iran-state", "un", "wire"]),
        reliability=st.none() | st.floats(min_value=0, max_value=1),
        description=st.none() | _WORDS,
    )


def event_mentions() -> st.SearchStrategy[EventMention]:
    """Event mentions with a label and, optionally, kind, time and place."""
    return st.builds(
        EventMention,
        label=_WORDS,
        kind=st.none() | st.sampled_from(["attack", "raid", "shelling"]),
        when=st.none() | timespans(),
        where=st.none() | _WORDS,
    )


def events(*, id_: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Event]:
    """Declared events."""
    return st.builds(
        Event,
        id=id_ if id_ is not None else ids("e"),
        label=_WORDS,
        kind=st.none() | st.sampled_from(["attack", "raid"]),
        when=st.none() | timespans(),
        where=st.none() | _WORDS,
        aliases=st.lists(_WORDS, max_size=2).map(tuple),
    )


@st.composite
def _evidence(draw: st.DrawFn) -> Evidence:
    quote = draw(st.none() | _WORDS)
    span = None
    if quote is not None and draw(st.booleans()):
        start = draw(st.integers(min_value=0, max_value=5_000))
        span = (start, start + len(quote))
    return Evidence(document=draw(_WORDS), quote=quote, span=span)


@st.composite
def claims(
    draw: st.DrawFn,
    *,
    source_ids: Sequence[str] = ("s1", "s2", "s3"),
    event_ids: Sequence[str] = (),
    attribute: str | None = None,
    value: st.SearchStrategy[Value] | None = None,
    id_: st.SearchStrategy[str] | None = None,
) -> Claim:
    """Claims whose sources (and events, when `event_ids` is given) come from the given ids."""
    chain = draw(st.lists(st.sampled_from(list(source_ids)), min_size=1, max_size=3, unique=True))
    use_event = bool(event_ids) and draw(st.booleans())
    mention = None if use_event else draw(event_mentions())
    return Claim(
        id=draw(id_ if id_ is not None else ids("c")),
        source=chain[0],
        attribution=tuple(chain[1:]),
        event=draw(st.sampled_from(list(event_ids))) if use_event else None,
        mention=mention,
        attribute=attribute or draw(attribute_names()),
        value=draw(value if value is not None else values()),
        polarity=draw(st.sampled_from(list(Polarity))),
        evidence=draw(st.none() | _evidence()),
        published=draw(st.none() | timespans().map(lambda span: span.start)),
        value_text=draw(st.none() | _WORDS),
    )


_KIND_VALUES: dict[ValueKind, Callable[[], st.SearchStrategy[Value]]] = {
    ValueKind.QUANTITY: quantities,
    ValueKind.CATEGORY: categories,
    ValueKind.TIMESPAN: timespans,
}


@st.composite
def datasets(draw: st.DrawFn, *, max_claims: int = 8) -> Dataset:
    """Consistent datasets: unique ids, known references, values of each attribute's kind."""
    source_list = draw(st.lists(sources(), min_size=1, max_size=4, unique_by=lambda s: s.id))
    event_list = draw(st.lists(events(), max_size=3, unique_by=lambda e: e.id))
    declared = draw(
        st.lists(
            st.builds(
                AttributeSchema,
                name=attribute_names().map(lambda name: "x_" + name),
                kind=st.sampled_from(list(ValueKind)),
                multi=st.booleans(),
            ),
            max_size=3,
            unique_by=lambda schema: schema.name,
        )
    )
    kinds = {schema.name: schema.kind for schema in declared}
    kinds.update(killed=ValueKind.QUANTITY, perpetrator=ValueKind.CATEGORY, date=ValueKind.TIMESPAN)
    source_ids = [source.id for source in source_list]
    event_ids = [event.id for event in event_list]

    @st.composite
    def one_claim(draw_claim: st.DrawFn) -> Claim:
        name = draw_claim(st.sampled_from(sorted(kinds)))
        return draw_claim(
            claims(
                source_ids=source_ids,
                event_ids=event_ids,
                attribute=name,
                value=_KIND_VALUES[kinds[name]](),
            )
        )

    claim_list = draw(st.lists(one_claim(), max_size=max_claims, unique_by=lambda c: c.id))
    return Dataset(sources=source_list, events=event_list, attributes=declared, claims=claim_list)
