"""The typed core: invalid objects cannot be built, and every model round-trips."""

from __future__ import annotations

import datetime as dt
import math
import pickle
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile import (
    AttributeSchema,
    Category,
    Claim,
    Dataset,
    DatasetError,
    Event,
    EventMention,
    Evidence,
    Hedge,
    Measure,
    Precision,
    Quantity,
    Source,
    SourceKind,
    TimeSpan,
    ValidationError,
    ValueKind,
    parse_timespan,
)
from reconcile.io.convert import _calendar_units_in_utc, converter
from reconcile.model.claim import Value
from reconcile.model.dataset import checked_dataset
from reconcile.model.schema import standard_attributes
from reconcile.testing import (
    categories,
    claims,
    datasets,
    event_mentions,
    events,
    quantities,
    sources,
    timespans,
    values,
)
from reconcile.values.timespan import day_after, utc_midnight

MENTION = EventMention(label="attack on Camp Ashraf")


def claim(**changes: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": "c1",
        "source": "nejat",
        "mention": MENTION,
        "attribute": "killed",
        "value": Quantity.exact(52),
    }
    return Claim(**{**fields, **changes})


INVALID: list[tuple[str, Callable[[], object], str]] = [
    ("low above high", lambda: Quantity(low=52, high=50), "low must not exceed high, got low=52 > high=50"),
    ("nan low", lambda: Quantity(low=math.nan, high=3), "low must be a number or minus infinity"),
    ("infinite low", lambda: Quantity(low=math.inf, high=math.inf), "low must be a number or minus infinity"),
    ("closed minus infinity", lambda: Quantity(low=-math.inf, high=1, low_open=False), "cannot be closed"),
    ("measurement of labels", lambda: AttributeSchema(name="x", kind=ValueKind.CATEGORY, measure=Measure.MEASUREMENT), "only quantity attributes are measurements"),
    ("closed infinite high", lambda: Quantity(low=1, high=math.inf, high_open=False), "cannot be closed"),
    ("empty open point", lambda: Quantity(low=5, high=5, low_open=True), "contains nothing"),
    ("point outside", lambda: Quantity(low=1, high=3, point=4), "point 4 lies outside its interval [1, 3]"),
    ("point on open end", lambda: Quantity(low=1, high=3, high_open=True, point=3), "point 3 lies outside"),
    ("blank unit", lambda: Quantity(low=1, high=1, unit=" "), "unit must be None or a non-empty word"),
    ("empty label", lambda: Category(label="  "), "label must not be empty"),
    ("label not text", lambda: Category(label=5), "label must be text"),
    (
        "naive start",
        lambda: TimeSpan(start=dt.datetime(2013, 9, 1), end=pendulum.datetime(2013, 9, 2), precision=Precision.DAY),
        "a naive datetime has no timezone: 2013-09-01T00:00:00",
    ),
    (
        "end before start",
        lambda: TimeSpan(start=pendulum.datetime(2013, 9, 2), end=pendulum.datetime(2013, 9, 1), precision=Precision.DAY),
        "end must come after its start",
    ),
    (
        "precision not a Precision",
        lambda: TimeSpan(start=pendulum.datetime(2013, 9, 1), end=pendulum.datetime(2013, 9, 2), precision="day"),  # type: ignore[arg-type]
        "precision",
    ),
    ("empty source id", lambda: Source(id=""), "Source id must be a non-empty id, got ''"),
    ("source id with space", lambda: Source(id="nejat society"), "may hold only letters, digits"),
    ("reliability above one", lambda: Source(id="s", reliability=1.5), "reliability must lie in [0, 1], got 1.5"),
    ("reliability boolean", lambda: Source(id="s", reliability=True), "reliability must be a number"),
    ("blank affiliation", lambda: Source(id="s", affiliation=" "), "affiliation must be None or a non-empty word"),
    ("blank source name", lambda: Source(id="s", name=""), "Source name must be non-empty text"),
    ("empty claim id", lambda: claim(id=""), "Claim id must be a non-empty id"),
    ("unknown kind of value", lambda: claim(value=52), "value must be a Quantity, Category or TimeSpan"),
    ("attribute with spaces around", lambda: claim(attribute=" Killed"), "must be a name on one line"),
    ("attribute on two lines", lambda: claim(attribute="killed\nwounded"), "must be a name on one line"),
    ("no event at all", lambda: claim(mention=None), "must name an event id or describe an event mention"),
    ("cycle through publisher", lambda: claim(attribution=("tasnim", "nejat")), "nejat -> tasnim -> nejat is a cycle"),
    ("cycle inside chain", lambda: claim(attribution=("tasnim", "irgc", "tasnim")), "tasnim appears more than once"),
    ("attribution as text", lambda: claim(attribution="tasnim"), "expected a list, got the text 'tasnim'"),
    ("naive publication", lambda: claim(published=dt.datetime(2013, 9, 9)), "a naive datetime has no timezone"),
    ("span reversed", lambda: Evidence(document="d", span=(5, 2)), "0 <= start < end"),
    ("span and quote disagree", lambda: Evidence(document="d", quote="52 killed", span=(0, 3)), "covers 3 characters but the quote has 9"),
    ("blank quote", lambda: Evidence(document="d", quote=" "), "Evidence quote must be non-empty text"),
    ("blank mention label", lambda: EventMention(label=""), "EventMention label must be non-empty text"),
    ("aliases as text", lambda: Event(id="e", label="x", aliases="camp"), "expected a list"),
    ("schema kind as text", lambda: AttributeSchema(name="killed", kind="quantity"), "kind"),  # type: ignore[arg-type]
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "message"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_invalid_objects_cannot_be_built(build: Callable[[], object], message: str) -> None:
    with pytest.raises((ValidationError, TypeError), match=re.escape(message)):
        build()


def test_validation_errors_name_the_field() -> None:
    with pytest.raises(ValidationError) as raised:
        Source(id="s", reliability=2.0)
    assert raised.value.field == "reliability"


def test_categories_compare_by_normalised_label_and_keep_their_spelling() -> None:
    tidy = Category(label="  Iraqi   Forces ")
    assert tidy == Category(label="iraqi forces")
    assert hash(tidy) == hash(Category(label="IRAQI FORCES"))
    assert tidy.label == "Iraqi Forces"
    assert tidy != Category(label="Iraqi security forces")


def test_source_name_defaults_to_its_id_and_affiliation_is_normalised() -> None:
    source = Source(id="tasnim", kind=SourceKind.NEWS_AGENCY, affiliation=" Iran State ")
    assert source.name == "tasnim"
    assert source.affiliation == "iran-state"


def test_claim_chain_and_origin() -> None:
    quoted = claim(source="nejat", attribution=("tasnim", "irgc-salami"))
    assert quoted.chain == ("nejat", "tasnim", "irgc-salami")
    assert quoted.origin == "irgc-salami"
    assert claim().origin == "nejat"


def test_quantity_interval_relations() -> None:
    at_least_nine = Quantity(low=9, high=math.inf, hedge=Hedge.AT_LEAST)
    eleven = Quantity.exact(11)
    fewer_than_fifty = Quantity(low=0, high=50, high_open=True, hedge=Hedge.FEWER_THAN)
    assert at_least_nine.contains(11)
    assert not at_least_nine.contains(8)
    assert at_least_nine.overlaps(eleven)
    assert not fewer_than_fifty.contains(50)
    assert fewer_than_fifty.contains(49.5)
    assert not fewer_than_fifty.overlaps(Quantity(low=50, high=60))
    assert Quantity(low=0, high=50).overlaps(Quantity(low=50, high=60))
    assert str(at_least_nine) == "≥ 9"
    assert str(eleven) == "11"
    assert str(Quantity.exact(6, unit="hour")) == "6 hours"
    assert (
        str(Quantity(low=2700, high=3300, point=3000, hedge=Hedge.APPROXIMATE))
        == "~3000 [2700, 3300]"
    )


def test_timespan_iso_text_names_the_last_unit_inside() -> None:
    two_days = TimeSpan.of(
        pendulum.datetime(2009, 7, 28), pendulum.datetime(2009, 7, 29), precision=Precision.DAY
    )
    assert two_days.start == pendulum.datetime(2009, 7, 28)
    assert two_days.end == pendulum.datetime(2009, 7, 30)
    assert two_days.isoformat() == "2009-07-28/2009-07-29"
    assert TimeSpan.month(2013, 7).isoformat() == "2013-07"
    assert TimeSpan.year(2009).contains(two_days)
    assert not TimeSpan.day(2013, 9, 1).overlaps(TimeSpan.day(2013, 9, 2))


ZONES = ["UTC", "Europe/Paris", "Australia/Lord_Howe", "America/Santiago", "Asia/Tehran"]
_ZONES_AND_OFFSETS: st.SearchStrategy[str | int] = st.sampled_from(
    [*ZONES, 5 * 3600 + 1800, -3 * 3600]
)


def _zone(zone: str | int) -> pendulum.Timezone | pendulum.FixedTimezone:
    """A named zone, or a fixed offset given in seconds."""
    return pendulum.FixedTimezone(zone) if isinstance(zone, int) else pendulum.timezone(zone)


def _iso_by_stepping_back(span: TimeSpan) -> str:
    """The ISO text of the first unit and of the unit `last` steps back to from the end."""
    width = span.precision.iso_width
    first, last = span.start.isoformat()[:width], span.last.isoformat()[:width]
    return first if first == last else f"{first}/{last}"


@given(
    st.sampled_from([Precision.YEAR, Precision.MONTH, Precision.DAY]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9997, 12, 31)),
    st.integers(min_value=0, max_value=800),
    _ZONES_AND_OFFSETS,
)
def test_a_spans_iso_text_names_the_unit_it_steps_back_to(
    precision: Precision, day: dt.date, days: int, zone: str | int
) -> None:
    # The last day, month or year is written from the calendar in UTC and at a fixed
    # offset, and by stepping back from the end (`last`) in a zone with summer time:
    # the same text.
    first = pendulum.datetime(day.year, day.month, day.day, tz=_zone(zone))
    span = TimeSpan.of(first, first.add(days=days), precision=precision)
    assert span.isoformat() == str(span) == _iso_by_stepping_back(span)


_CLOCKS_CHANGED_AT_MIDNIGHT = [
    "Asia/Tehran",
    "Asia/Beirut",
    "Asia/Damascus",
    "Asia/Amman",
    "Asia/Gaza",
    "Africa/Cairo",
    "America/Santiago",
    "America/Havana",
    "America/Sao_Paulo",
    "America/Asuncion",
    "Atlantic/Azores",
    "America/Scoresbysund",
]
"""Zones whose clocks have skipped midnight (Tehran, 22 March 2009: from 00:00 to 01:00) or shown
it twice (Havana set them back from 01:00 to 00:00) since 1990."""


def _days_whose_midnight_changed(zone: str, first_year: int, last_year: int) -> list[dt.date]:
    """The days on which the zone's clocks skipped midnight or showed it twice, by the
    standard library's zone data (midnight's offset differs between its two readings)."""
    zoneinfo = ZoneInfo(zone)
    day, days = dt.date(first_year, 1, 1), []
    while day.year <= last_year:
        midnight = dt.datetime(day.year, day.month, day.day, tzinfo=zoneinfo)
        if midnight.utcoffset() != midnight.replace(fold=1).utcoffset():
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _local_date(instant: float, zone: str) -> dt.date:
    """The date the zone's clocks show at an instant (seconds since the epoch)."""
    return dt.datetime.fromtimestamp(instant, ZoneInfo(zone)).date()


def _unit_first_day(day: dt.date, precision: Precision) -> dt.date:
    if precision is Precision.YEAR:
        return dt.date(day.year, 1, 1)
    return dt.date(day.year, day.month, 1) if precision is Precision.MONTH else day


def _next_unit_first_day(first: dt.date, precision: Precision) -> dt.date:
    if precision is Precision.YEAR:
        return dt.date(first.year + 1, 1, 1)
    if precision is Precision.MONTH:
        return (first + dt.timedelta(days=31)).replace(day=1)
    return first + dt.timedelta(days=1)


def _assert_first_instant_showing(moment: pendulum.DateTime, day: dt.date, zone: str) -> None:
    """`moment` is the first instant at which the zone's clocks show `day`."""
    assert _local_date(moment.timestamp(), zone) == day
    assert _local_date(moment.timestamp() - 60, zone) < day


def test_a_unit_in_a_zone_whose_clocks_change_at_midnight_runs_from_the_first_instant_of_its_date() -> (
    None
):
    # A day, month or year begins at the first instant the zone's clocks show its first date,
    # and ends at the first instant they show the next unit's: on 22 March 2009 in Tehran, at
    # 01:00 (+04:30), as the clocks went from 00:00 to 01:00. Checked against the standard
    # library's zone data on every such day from 1990 to 2035, the day before and the day after.
    checked = 0
    for zone in _CLOCKS_CHANGED_AT_MIDNIGHT:
        changed = _days_whose_midnight_changed(zone, 1990, 2035)
        assert changed, zone  # each zone listed changed its clocks at midnight in those years
        days = {found + dt.timedelta(days=shift) for found in changed for shift in (-1, 0, 1)}
        for day in days:
            for precision in (Precision.DAY, Precision.MONTH, Precision.YEAR):
                noon = pendulum.datetime(day.year, day.month, day.day, 12, tz=zone)
                span = TimeSpan.of(noon, precision=precision)
                first = _unit_first_day(day, precision)
                _assert_first_instant_showing(span.start, first, zone)
                _assert_first_instant_showing(
                    span.end, _next_unit_first_day(first, precision), zone
                )
                assert span.is_one_unit()
                assert span.last == span.start
                assert str(span) == day.isoformat()[: precision.iso_width]
                assert TimeSpan(start=span.start, end=span.end, precision=precision) == span
                checked += 1
    assert checked > 1000


def test_days_across_a_midnight_without_a_midnight_are_written_by_their_dates() -> None:
    # Tehran's clocks went from 00:00 to 01:00 on 22 March 2009.
    tehran = pendulum.timezone("Asia/Tehran")
    three_days = TimeSpan.of(
        pendulum.datetime(2009, 3, 21, 12, tz=tehran),
        pendulum.datetime(2009, 3, 23, 12, tz=tehran),
        precision=Precision.DAY,
    )
    assert str(three_days) == "2009-03-21/2009-03-23"
    assert three_days.start == pendulum.datetime(2009, 3, 21, 0, tz=tehran)
    assert three_days.end.isoformat() == "2009-03-24T00:00:00+04:30"
    nowruz = TimeSpan.of(pendulum.datetime(2009, 3, 22, 9, tz=tehran), precision=Precision.DAY)
    assert nowruz.start.isoformat() == "2009-03-22T01:00:00+04:30"
    assert nowruz.end.isoformat() == "2009-03-23T00:00:00+04:30"
    assert three_days.contains(nowruz)
    assert not nowruz.overlaps(TimeSpan.of(three_days.start, precision=Precision.DAY))


@st.composite
def _unit_spans(draw: st.DrawFn) -> tuple[pendulum.DateTime, TimeSpan]:
    """A moment in a zone, and the span from its unit to 0 to 3 units later, of any precision."""
    precision = draw(st.sampled_from(list(Precision)))
    moment = draw(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9997, 12, 30)))
    first = pendulum.instance(moment, tz=_zone(draw(_ZONES_AND_OFFSETS)))
    last = first + precision.step() * draw(st.integers(min_value=0, max_value=3))
    return first, TimeSpan.of(first, last, precision=precision)


@given(_unit_spans())
def test_one_unit_and_the_day_after_are_pendulums_own_arithmetic(
    drawn: tuple[pendulum.DateTime, TimeSpan],
) -> None:
    # Both skip pendulum's calendar arithmetic where the clock never changes.
    first, span = drawn
    assert span.is_one_unit() == (span.start + span.precision.step() >= span.end)
    later = day_after(first)
    assert (later, later.tzinfo) == (first.add(days=1), first.add(days=1).tzinfo)


@given(_unit_spans())
def test_a_span_hashes_as_the_checked_constructors_span_and_after_pickling(
    drawn: tuple[pendulum.DateTime, TimeSpan],
) -> None:
    # `TimeSpan.of` skips the constructor at fixed offsets; the hash is cached (`cache_hash`).
    _, span = drawn
    checked = TimeSpan(start=span.start, end=span.end, precision=span.precision)
    copied = pickle.loads(pickle.dumps(span))
    assert span == checked == copied
    assert hash(span) == hash(checked) == hash(copied) == hash(span)


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_a_midnight_in_utc_is_the_datetime_pendulum_makes(day: dt.date) -> None:
    # Made directly, it must be pendulum's in everything a datetime holds: fields, zone, fold.
    made, pendulums = (
        utc_midnight(day.year, day.month, day.day),
        pendulum.datetime(*day.timetuple()[:3]),
    )
    assert (type(made), made, made.tzinfo, made.fold) == (
        type(pendulums),
        pendulums,
        pendulums.tzinfo,
        pendulums.fold,
    )
    assert made.isoformat() == pendulums.isoformat()


@given(_unit_spans())
def test_a_span_written_as_text_without_reading_it_back_reads_back_as_itself(
    drawn: tuple[pendulum.DateTime, TimeSpan],
) -> None:
    # The converter writes whole days, months and years in UTC as their ISO text unread.
    _, span = drawn
    if _calendar_units_in_utc(span):
        assert parse_timespan(span.isoformat()) == span
    assert converter.structure(converter.unstructure(span), TimeSpan) == span


def test_a_span_over_a_clock_change_names_its_last_day() -> None:
    # Lord Howe's clocks went forward at 2:00 on 7 October 2012. Stepping back a day from
    # midnight on the 8th by pendulum's arithmetic lands on the 6th; the span's last day,
    # the day it was made to end on, is the 7th.
    zone = pendulum.timezone("Australia/Lord_Howe")
    span = TimeSpan.of(
        pendulum.datetime(2011, 2, 27, tz=zone),
        pendulum.datetime(2012, 10, 7, tz=zone),
        precision=Precision.DAY,
    )
    assert span.isoformat() == _iso_by_stepping_back(span) == "2011-02-27/2012-10-07"
    assert span.last == pendulum.datetime(2012, 10, 7, tz=zone)


@pytest.mark.parametrize("precision", list(Precision))
def test_a_span_must_begin_and_end_on_boundaries_of_its_precision(precision: Precision) -> None:
    start = pendulum.datetime(2013, 1, 1)
    assert TimeSpan(start=start, end=start.add(years=1), precision=precision).start == start
    off = start.add(microseconds=1)
    with pytest.raises(ValidationError, match="does not begin a"):
        TimeSpan(start=off, end=off.add(years=1), precision=precision)


def test_value_kind_of_each_value() -> None:
    assert ValueKind.of(Quantity.exact(1)) is ValueKind.QUANTITY
    assert ValueKind.of(Category(label="x")) is ValueKind.CATEGORY
    assert ValueKind.of(TimeSpan.year(2009)) is ValueKind.TIMESPAN
    assert ValueKind.TIMESPAN.value_type is TimeSpan


MODELS: list[tuple[type, st.SearchStrategy[Any]]] = [
    (Quantity, quantities()),
    (Category, categories()),
    (TimeSpan, timespans()),
    (Source, sources()),
    (Event, events()),
    (EventMention, event_mentions()),
    (Claim, claims()),
]


@pytest.mark.parametrize(("model", "strategy"), MODELS, ids=[model.__name__ for model, _ in MODELS])
def test_every_model_round_trips_through_the_converter(
    model: type, strategy: st.SearchStrategy[Any]
) -> None:
    @given(strategy)
    def round_trip(original: Any) -> None:
        assert converter.structure(converter.unstructure(original), model) == original

    round_trip()


def test_a_publication_span_keeps_its_claims_own_zone_when_another_is_the_same_instant() -> None:
    # 10:30 in Tehran and 07:00 UTC are one instant, so equal datetimes; each claim's
    # span is still written in its own zone, whichever was asked for first.
    tehran = pendulum.datetime(2023, 10, 17, 10, 30, tz="Asia/Tehran")
    utc = tehran.in_timezone("UTC")
    spans = [
        Claim(
            id=f"c{i}",
            source="s",
            event="e",
            attribute="killed",
            value=Quantity.exact(1),
            published=moment,
        ).published_span
        for i, moment in enumerate([tehran, utc])
    ]
    assert [str(span) for span in spans if span is not None] == [
        "2023-10-17T10:30:00+03:30",
        "2023-10-17T07:00:00Z",
    ]


# -- adding claims to a dataset checks only what they bring -----------------------------


@given(datasets(max_claims=10), st.data())
def test_adding_claims_gives_the_dataset_built_with_all_of_them(
    dataset: Dataset, data: st.DataObject
) -> None:
    split = data.draw(st.integers(min_value=0, max_value=len(dataset.claims)))
    first = attrs.evolve(dataset, claims=dataset.claims[:split])
    more = first.with_claims(dataset.claims[split:])
    assert more == dataset
    assert more.claimed_schemas == dataset.claimed_schemas  # cached properties work on it


_WORKED_OUT = ("claims_by_id", "sources_by_id", "events_by_id", "schemas", "claimed_schemas")
"""What a dataset works out of its records when first asked, and `with_claims` carries over."""


@given(datasets(max_claims=6), st.data())
def test_what_a_dataset_worked_out_is_carried_over_as_if_worked_out_again(
    dataset: Dataset, data: st.DataObject
) -> None:
    """Carried over or not, `with_claims` gives what a dataset of all the claims works out.

    Beside the strategy's attributes: an undeclared one (its kind, and whether it
    is a measurement, inferred from all its values: negative figures make it
    one), a declared measurement (its typical spread worked out from all its
    figures, event by event), and an undeclared category that may first
    appear among the added claims.
    """
    gap = AttributeSchema(name="z_gap", kind=ValueKind.QUANTITY, measure=Measure.MEASUREMENT)
    signed = st.integers(min_value=-50, max_value=50).map(Quantity.exact)
    values: dict[str, st.SearchStrategy[Value]] = {
        "y_toll": signed,
        "z_gap": quantities() | signed,
        "y_side": categories(),
    }
    taken = {claim.id for claim in dataset.claims}
    extra = data.draw(
        st.lists(
            st.sampled_from(sorted(values)).flatmap(
                lambda name: claims(
                    source_ids=[source.id for source in dataset.sources],
                    event_ids=[event.id for event in dataset.events],
                    attribute=name,
                    value=values[name],
                    id_=st.from_regex(r"\Ay[0-9]{1,3}\Z").filter(lambda i: i not in taken),
                )
            ),
            max_size=8,
            unique_by=lambda claim: claim.id,
        )
    )
    whole = attrs.evolve(
        dataset, attributes=[*dataset.attributes, gap], claims=[*dataset.claims, *extra]
    )
    split = data.draw(st.integers(min_value=0, max_value=len(whole.claims)))
    first = attrs.evolve(whole, claims=whole.claims[:split])
    worked_out = data.draw(st.lists(st.sampled_from(_WORKED_OUT), unique=True))
    for name in worked_out:  # some of it worked out before the claims are added
        getattr(first, name)
    more = first.with_claims(whole.claims[split:])
    assert more == whole
    for name in _WORKED_OUT:
        assert getattr(more, name) == getattr(whole, name), name


def test_with_claims_works_the_changed_schemas_out_again_from_all_their_claims() -> None:
    """Hand-worked: the new claims make an undeclared attribute a measurement, and widen
    a declared measurement's spread; a declared count's schema is the declared one."""
    gap = AttributeSchema(name="z_gap", kind=ValueKind.QUANTITY, measure=Measure.MEASUREMENT)
    sources = [Source(id="s")]

    def said(claim_id: str, attribute: str, figure: int, event: str = "e") -> Claim:
        value = Quantity.exact(figure)
        return Claim(id=claim_id, source="s", event=event, attribute=attribute, value=value)

    old = Dataset(
        sources=sources,
        events=[Event(id="e", label="one"), Event(id="f", label="two")],
        attributes=[gap],
        claims=[said("a", "y_toll", 3), said("b", "z_gap", 10), said("c", "z_gap", 12)],
    )
    before = old.claimed_schemas
    assert before["y_toll"].measure is Measure.COUNT  # no figure below zero yet
    assert before["z_gap"].typical_spread == old._with_typical_spread(gap).typical_spread
    more = old.with_claims(
        [said("d", "y_toll", -2), said("g", "z_gap", 40), said("h", "killed", 1, "f")]
    )
    after = more.claimed_schemas
    assert after["y_toll"].measure is Measure.MEASUREMENT
    # Figures 10, 12 and 40 in event e: their spread, not that of 10 and 12 alone.
    assert after["z_gap"].typical_spread != before["z_gap"].typical_spread
    assert after["z_gap"] == more._with_typical_spread(gap)
    assert after["killed"] == more.schema("killed")
    assert (
        after
        == Dataset(
            sources=sources, events=old.events, attributes=[gap], claims=more.claims
        ).claimed_schemas
    )


def test_with_claims_does_not_check_the_previous_claims_again() -> None:
    """They were checked when the dataset was built: only the added ones are checked now.

    The dataset here is built unchecked (as a loader does once it has checked
    the records) around a claim naming an unknown source, so that checking
    the previous claims again would be seen.
    """
    value = Quantity.exact(3)
    unchecked = checked_dataset(
        sources=[Source(id="s")],
        claims=[Claim(id="a", source="nobody", mention=MENTION, attribute="killed", value=value)],
    )
    good = Claim(id="b", source="s", mention=MENTION, attribute="killed", value=value)
    assert unchecked.with_claims([good]).claims[-1] == good
    bad = attrs.evolve(good, id="c", source="nobody-either")
    assert _problems(lambda: unchecked.with_claims([good, bad])) == [
        (2, "source", "names the unknown source 'nobody-either'")
    ]


def _problems(build: Callable[[], object]) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(DatasetError) as raised:
        build()
    return [(p.record, p.field, p.message) for p in raised.value.problems]


@pytest.mark.parametrize("worked_out", [False, True])
def test_bad_added_claims_are_reported_as_building_the_whole_dataset_reports_them(
    worked_out: bool,
) -> None:
    value = Quantity.exact(3)
    sources = [Source(id="s")]
    old = [
        Claim(id="a", source="s", mention=MENTION, attribute="x_size", value=value),
        Claim(id="b", source="s", mention=MENTION, attribute="killed", value=value),
    ]
    bad = [
        Claim(id="b", source="s", mention=MENTION, attribute="killed", value=value),  # id taken
        Claim(id="c", source="nobody", mention=MENTION, attribute="killed", value=value),
        Claim(id="d", source="s", mention=MENTION, attribute="x_size", value=Category(label="big")),
        Claim(
            id="e", source="s", mention=MENTION, attribute="killed", event="unknown", value=value
        ),
    ]
    dataset = Dataset(sources=sources, claims=old)
    if worked_out:  # the duplicate ids are then found in the claims by id
        assert set(dataset.claims_by_id) == {"a", "b"}
        assert set(dataset.claimed_schemas) == {"x_size", "killed"}
    added = _problems(lambda: dataset.with_claims(bad))
    whole = _problems(lambda: Dataset(sources=sources, claims=[*old, *bad]))
    assert added == whole
    assert [(record, field) for record, field, _ in added] == [
        (2, "id"),
        (3, "source"),
        (5, "event"),
        (4, "value"),  # the mixed kinds come last, after each claim's own problems
    ]
    with pytest.raises(TypeError, match="with_claims takes Claim objects"):
        dataset.with_claims(["not a claim"])  # type: ignore[list-item]


_ATTRIBUTE_POOL = ("killed", "perpetrator", "date", "x_figure", "x_label")


@st.composite
def _schemas(draw: st.DrawFn) -> dict[str, AttributeSchema]:
    """The standard attributes, and two declared ones of any kind (a quantity's of any measure)."""
    declared = {}
    for name in ("x_figure", "x_label"):
        kind = draw(st.sampled_from(list(ValueKind)))
        measure = draw(st.sampled_from(list(Measure))) if kind is ValueKind.QUANTITY else None
        schema = AttributeSchema(name=name, kind=kind, measure=measure or Measure.COUNT)
        declared[schema.id] = schema
    return {**standard_attributes(), **declared}


@given(_schemas(), st.data())
def test_claims_told_sound_all_at_once_are_those_with_no_problem_one_by_one(
    schemas: dict[str, AttributeSchema], data: st.DataObject
) -> None:
    # The loader checks a million claims' references and values over their distinct values,
    # and claim by claim only where that finds something: it must find every problem.
    from reconcile.model.dataset import _claim_problems, _claims_sound

    # Each kind of problem in some examples only, so that a list often holds one kind of
    # problem alone, or none: unknown sources, unknown events, values of another kind, and
    # (as counts' figures may be negative) negative counts.
    def allowed(problem: str) -> bool:
        return data.draw(st.booleans(), label=problem)

    source_ids = ("s1", "s2", "unknown-source") if allowed("unknown sources") else ("s1", "s2")
    event_ids = ("e1", "unknown-event") if allowed("unknown events") else ("e1",)
    other_kinds = allowed("values of another kind")

    def fitting(attribute: str) -> st.SearchStrategy[Claim]:
        kind = schemas[attribute].kind
        value = values(kind)
        if kind is ValueKind.QUANTITY:
            value = st.one_of(value, st.integers(-3, 3).map(Quantity.exact))
        if other_kinds:
            value = st.one_of(value, values())
        chosen = claims(source_ids=source_ids, event_ids=event_ids, value=value)
        return chosen.map(lambda claim: attrs.evolve(claim, attribute=attribute))

    many = data.draw(
        st.lists(st.sampled_from(_ATTRIBUTE_POOL).flatmap(fitting), max_size=6), label="claims"
    )
    sources, events = {"s1", "s2"}, {"e1"}
    one_by_one = [
        problem
        for index, claim in enumerate(many)
        for problem in _claim_problems(index, claim, sources, events, schemas)
    ]
    assert _claims_sound(many, sources, events, schemas) == (not one_by_one)


@given(st.lists(st.integers(-3, 3), max_size=6), st.sampled_from(["killed", "Killed"]))
def test_claims_of_a_count_are_told_sound_all_at_once_unless_a_figure_is_negative(
    figures: list[int], attribute: str
) -> None:
    # The name as a claim spells it: the schema is found by its identifier.
    from reconcile.model.dataset import _claims_sound

    many = [
        Claim(
            id=f"c{index}",
            source="s1",
            event="e1",
            attribute=attribute,
            value=Quantity.exact(figure),
        )
        for index, figure in enumerate(figures)
    ]
    sound = _claims_sound(many, {"s1"}, {"e1"}, standard_attributes())
    assert sound == all(figure >= 0 for figure in figures)


@given(
    st.lists(
        st.one_of(st.sampled_from(["a", "b", "c"]), st.none(), st.integers(0, 2), st.just(["a"])),
        max_size=12,
    )
)
def test_a_repeated_id_is_a_problem_for_each_record_after_its_first(ids: list[Any]) -> None:
    # Raw fields of records that did not structure may be anything, a list that cannot hash
    # included: only text counts as an id, and each repeat after the first is one problem.
    from types import SimpleNamespace

    from reconcile.model.dataset import _duplicates

    records = [(index, SimpleNamespace(id=value)) for index, value in enumerate(ids)]
    texts = [value if isinstance(value, str) else None for value in ids]
    expected = [
        (index, value, texts.count(value))
        for index, value in enumerate(texts)
        if value is not None and value in texts[:index]
    ]
    found = [
        (
            problem.record,
            problem.record_id,
            int(problem.message.split(" is used by ")[1].split()[0]),
        )
        for problem in _duplicates("claims", records)
    ]
    assert found == expected
