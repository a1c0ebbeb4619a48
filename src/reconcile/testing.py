"""Hypothesis strategies for the domain of `reconcile`, for your tests and ours.

Requires Hypothesis (``pip install reconcile[testing]``). Every strategy
builds only valid objects, so a test can state a law ("saving and loading
changes nothing") over all of them::

    from hypothesis import given
    from reconcile.testing import datasets

    @given(datasets())
    def test_round_trip(dataset): ...

`check_strategy_laws` runs the merge laws every strategy must keep on many
generated claim groups (`claim_groups`): a strategy of your own is checked
with one call (see docs/custom-strategy.md).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from functools import partial

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st
from pendulum.tz.timezone import FixedTimezone

from reconcile.judging.finding import Best, Finding, Status
from reconcile.judging.group import ClaimGroup
from reconcile.judging.strategy import Strategy
from reconcile.model.claim import Claim, Evidence, Polarity, Value
from reconcile.model.dataset import Dataset
from reconcile.model.event import Event, EventMention
from reconcile.model.gazetteer import Place, place_key
from reconcile.model.schema import AttributeSchema, ValueKind
from reconcile.model.source import Source, SourceKind
from reconcile.model.taxonomy import Taxonomy
from reconcile.validators import attribute_id
from reconcile.values.category import Category
from reconcile.values.quantity import Hedge, Measure, Quantity
from reconcile.values.timespan import Precision, TimeSpan

__all__ = [
    "attribute_names",
    "categories",
    "check_strategy_laws",
    "claim_groups",
    "claims",
    "datasets",
    "event_mentions",
    "events",
    "ids",
    "places",
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


# Strategies drawn from inside others are built once, here: Hypothesis checks a strategy the first
# time it is drawn from, and one built anew at every draw was most of what some tests took.
_SHAPES = st.sampled_from(["exact", "range", "at_least", "approximate", "open"])
_UNITS = st.none() | st.sampled_from(["hour", "day", "percent"])
_PRECISIONS = st.sampled_from(list(Precision))
_MOMENTS = st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2049, 1, 1))
_OFFSETS = st.sampled_from([0, 3 * 3600, -5 * 3600])


@st.composite
def quantities(draw: st.DrawFn, *, max_value: int = 10_000) -> Quantity:
    """Quantities of every shape: exact figures, ranges, open and unbounded intervals."""
    low = draw(st.integers(min_value=0, max_value=max_value))
    shape = draw(_SHAPES)
    unit = draw(_UNITS)
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
    precision = draw(_PRECISIONS)
    moment = draw(_MOMENTS)
    if precision in (Precision.YEAR, Precision.MONTH, Precision.DAY):
        first = pendulum.datetime(moment.year, moment.month, moment.day)
    else:
        offset = draw(_OFFSETS)
        first = pendulum.datetime(
            *(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second),
            tz=FixedTimezone(offset),
        )
    units = draw(st.integers(min_value=0, max_value=3))
    return TimeSpan.of(first, first + precision.step() * units, precision=precision)


def values(kind: ValueKind | None = None) -> st.SearchStrategy[Value]:
    """Values of `kind` (a quantity, a category or a time span), or of any kind."""
    if kind is not None:
        return _KIND_VALUES[kind]
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
        url=st.none() | _WORDS.map(lambda word: f"https://example.org/{word}"),
        timezone=st.none() | st.sampled_from(_TIMEZONES),
    )


_TIMEZONES = ["UTC", "Asia/Gaza", "Europe/Kyiv", "Asia/Kabul"]


def places(*, max_size: int = 4) -> st.SearchStrategy[tuple[Place, ...]]:
    """Gazetteers as a dataset holds them: each place within an earlier one, or within none."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Place, ...]:
        names = draw(st.lists(_WORDS, max_size=max_size, unique_by=place_key))
        names = [name for name in names if name.strip()]
        result: list[Place] = []
        for index, name in enumerate(names):
            within = draw(st.none() | st.sampled_from(names[:index])) if index else None
            result.append(Place(name=name, within=within))
        return tuple(result)

    return build()


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


_QUOTES = st.none() | _WORDS


@st.composite
def _evidence(draw: st.DrawFn) -> Evidence:
    quote = draw(_QUOTES)
    span = None
    if quote is not None and draw(st.booleans()):
        start = draw(st.integers(min_value=0, max_value=5_000))
        span = (start, start + len(quote))
    return Evidence(document=draw(_WORDS), quote=quote, span=span)


_CLAIM_IDS = ids("c")
_ATTRIBUTE_NAMES = attribute_names()
_MENTIONS = event_mentions()
_VALUES = values()
_POLARITIES_ANY = st.sampled_from(list(Polarity))
_EVIDENCE = st.none() | _evidence()
_PUBLICATION_MOMENTS = st.none() | timespans().map(lambda span: span.start)
_VALUE_TEXTS = st.none() | _WORDS


def claims(
    *,
    source_ids: Sequence[str] = ("s1", "s2", "s3"),
    event_ids: Sequence[str] = (),
    attribute: str | None = None,
    value: st.SearchStrategy[Value] | None = None,
    id_: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Claim]:
    """Claims whose sources (and events, when `event_ids` is given) come from the given ids."""
    chains = st.lists(st.sampled_from(list(source_ids)), min_size=1, max_size=3, unique=True)
    events = st.sampled_from(list(event_ids)) if event_ids else None
    attributes = st.just(attribute) if attribute else _ATTRIBUTE_NAMES
    values = value if value is not None else _VALUES
    return _claims(chains, events, attributes, values, id_ if id_ is not None else _CLAIM_IDS)


@st.composite
def _claims(
    draw: st.DrawFn,
    chains: st.SearchStrategy[list[str]],
    events: st.SearchStrategy[str] | None,
    attributes: st.SearchStrategy[str],
    claim_values: st.SearchStrategy[Value],
    claim_ids: st.SearchStrategy[str],
) -> Claim:
    chain = draw(chains)
    use_event = events is not None and draw(st.booleans())
    mention = None if use_event else draw(_MENTIONS)
    return Claim(
        id=draw(claim_ids),
        source=chain[0],
        attribution=tuple(chain[1:]),
        event=draw(events) if use_event and events is not None else None,
        mention=mention,
        attribute=draw(attributes),
        value=draw(claim_values),
        polarity=draw(_POLARITIES_ANY),
        evidence=draw(_EVIDENCE),
        published=draw(_PUBLICATION_MOMENTS),
        value_text=draw(_VALUE_TEXTS),
    )


_KIND_VALUES: dict[ValueKind, st.SearchStrategy[Value]] = {
    ValueKind.QUANTITY: quantities(),
    ValueKind.CATEGORY: categories(),
    ValueKind.TIMESPAN: timespans(),
}
_SOURCE_LISTS = st.lists(sources(), min_size=1, max_size=4, unique_by=lambda s: s.id)
_EVENT_LISTS = st.lists(events(), max_size=3, unique_by=lambda e: e.id)
_DECLARED_ATTRIBUTES = st.lists(
    st.builds(
        AttributeSchema,
        name=attribute_names().map(lambda name: "x_" + name),
        kind=st.sampled_from(list(ValueKind)),
        multi=st.booleans(),
    ),
    max_size=3,
    # Unique as a dataset tells them apart: "x_a" and "x_a_" are one attribute to it.
    unique_by=lambda schema: attribute_id(schema.name),
)
_DATASET_TIMEZONES = st.none() | st.sampled_from(_TIMEZONES)


@st.composite
def datasets(draw: st.DrawFn, *, max_claims: int = 8) -> Dataset:
    """Consistent datasets: unique ids, known references, values of each attribute's kind."""
    source_list = draw(_SOURCE_LISTS)
    event_list = draw(_EVENT_LISTS)
    declared = draw(_DECLARED_ATTRIBUTES)
    kinds = {schema.name: schema.kind for schema in declared}
    kinds.update(killed=ValueKind.QUANTITY, perpetrator=ValueKind.CATEGORY, date=ValueKind.TIMESPAN)
    source_ids = [source.id for source in source_list]
    event_ids = [event.id for event in event_list]

    by_attribute = {
        name: claims(
            source_ids=source_ids, event_ids=event_ids, attribute=name, value=_KIND_VALUES[kind]
        )
        for name, kind in kinds.items()
    }
    one_claim = st.sampled_from(sorted(kinds)).flatmap(by_attribute.__getitem__)
    claim_list = draw(st.lists(one_claim, max_size=max_claims, unique_by=lambda c: c.id))
    claim_list = [draw(_as_reported(claim)) for claim in claim_list]
    return Dataset(
        sources=source_list,
        events=event_list,
        attributes=declared,
        claims=claim_list,
        timezone=draw(_DATASET_TIMEZONES),
        places=draw(places()),
    )


_PUBLICATION_SPANS = st.none() | timespans()
_QUALIFIERS = st.none() | st.sampled_from(["civilians", "children", "police"])


@st.composite
def _as_reported(draw: st.DrawFn, claim: Claim) -> Claim:
    """The claim with what real reports add.

    A qualifier, a page address, a coarse publication date, or words in place of a figure.
    """
    published = draw(_PUBLICATION_SPANS)
    precision = None
    if published is not None:
        coarse = (Precision.YEAR, Precision.MONTH, Precision.DAY)
        precision = published.precision if published.precision in coarse else Precision.SECOND
    evidence = claim.evidence
    if evidence is not None and draw(st.booleans()):
        evidence = attrs.evolve(evidence, url=f"https://example.org/{draw(ids('page'))}")
    words_only = draw(st.integers(min_value=0, max_value=7)) == 0
    return attrs.evolve(
        claim,
        qualifier=draw(_QUALIFIERS),
        published=None if published is None else published.start,
        published_precision=precision,
        evidence=evidence,
        value=None if words_only else claim.value,
        value_text=(claim.value_text or "significant loss of life")
        if words_only
        else claim.value_text,
    )


# -- groups of claims and the laws every strategy must keep ------------------------------

_CAMPS = ["mek", "anti-mek", "iran-state", "iraq-gov", "us-gov", "un", None]
_FIGURES = [0, 9, 11, 50, 52, 70, 100]
_SIGNED_SHIFT = 60
"""How far below zero the figures of a measurement are drawn: most of them end up negative."""
_SIGNED_SPREAD = 5.0
"""The typical spread of a measurement's figures: 3 spreads (15) make 50 and 70 far apart."""
_LABELS = ["iraqi forces", "iranian proxies", "iraqi youth", "internal dispute"]


def _taxonomy_labels(taxonomy: Taxonomy | None) -> list[str]:
    """Every spelling a taxonomy names: children, parents, exclusive labels and aliases."""
    if taxonomy is None:
        return []
    named = {
        *taxonomy.parents.keys(),
        *taxonomy.parents.values(),
        *(label for group in taxonomy.exclusive for label in group),
        *taxonomy.aliases.keys(),
        *taxonomy.aliases.values(),
    }
    return sorted(named)


def _group_values(
    kind: ValueKind, taxonomy: Taxonomy | None = None, measure: Measure = Measure.COUNT
) -> st.SearchStrategy[Value]:
    """A small pool of values, so that drawn claims agree and disagree often.

    Labels come from a fixed pool and from the spellings `taxonomy` names. For
    a measurement, figures run below zero too, and some have no lower bound.
    """
    if kind is ValueKind.QUANTITY:
        if measure is Measure.MEASUREMENT:
            figure = st.sampled_from([figure - _SIGNED_SHIFT for figure in _FIGURES])
            below = figure.map(lambda high: Quantity(low=-math.inf, high=high, hedge=Hedge.AT_MOST))
        else:
            figure = st.sampled_from(_FIGURES)
            below = st.nothing()
        return st.one_of(
            figure.map(Quantity.exact),
            below,
            figure.map(lambda low: Quantity(low=low, high=math.inf, hedge=Hedge.AT_LEAST)),
            st.tuples(figure, st.sampled_from([1, 5, 20])).map(
                lambda pair: Quantity(low=pair[0], high=pair[0] + pair[1], hedge=Hedge.RANGE)
            ),
        )
    if kind is ValueKind.CATEGORY:
        pool = sorted({*_LABELS, *_taxonomy_labels(taxonomy)})
        return st.sampled_from(pool).map(lambda label: Category(label=label))
    start = pendulum.datetime(2013, 8, 30)
    return st.tuples(st.integers(0, 6), st.integers(0, 2)).map(
        lambda pair: TimeSpan.of(
            start.add(days=pair[0]), start.add(days=pair[0] + pair[1]), precision=Precision.DAY
        )
    )


def _schema(
    kind: ValueKind, multi: bool, taxonomy: Taxonomy | None, measure: Measure
) -> AttributeSchema:
    """The attribute "x"; a measurement's typical spread is given, as a dataset would derive it."""
    spread = _SIGNED_SPREAD if measure is Measure.MEASUREMENT else None
    return AttributeSchema(
        name="x", kind=kind, multi=multi, taxonomy=taxonomy, measure=measure, typical_spread=spread
    )


def claim_groups(
    *,
    kind: ValueKind = ValueKind.QUANTITY,
    multi: bool = False,
    min_claims: int = 0,
    max_claims: int = 8,
    taxonomy: Taxonomy | None = None,
    measure: Measure = Measure.COUNT,
) -> st.SearchStrategy[ClaimGroup]:
    """Groups of claims about one (event, attribute): sources of several camps, quotes, denials.

    With ``measure=Measure.MEASUREMENT`` the attribute is a measurement and
    figures run below zero.

    Values come from a small pool so that claims often agree, repeat each
    other through different outlets, and contradict each other. A
    `taxonomy` (categories only) becomes the attribute's, and the labels it
    names join the pool.
    """
    # Built once here, not at every draw: Hypothesis checks a strategy the first time it is
    # drawn from, and a new one on every claim was most of the time the law checks took.
    values = _group_values(kind, taxonomy, measure)
    schema = _schema(kind, multi, taxonomy, measure)
    return _claim_groups(values, schema, st.integers(min_value=min_claims, max_value=max_claims))


_SOURCE_COUNTS = st.integers(min_value=1, max_value=5)
_AFFILIATIONS = st.sampled_from(_CAMPS)
_POLARITIES = st.sampled_from([Polarity.ASSERTS] * 4 + [Polarity.DENIES])
_PUBLISHED = st.none() | st.integers(1, 5).map(lambda day: pendulum.datetime(2013, 9, day))
_CHAINS = {
    count: st.lists(
        st.sampled_from([f"s{index}" for index in range(count)]),
        min_size=1,
        max_size=2,
        unique=True,
    )
    for count in range(1, 6)
}
"""Who said it and through whom, among a group's first `count` sources (``s0``, ``s1``...)."""


@st.composite
def _claim_groups(
    draw: st.DrawFn,
    values: st.SearchStrategy[Value],
    schema: AttributeSchema,
    counts: st.SearchStrategy[int],
) -> ClaimGroup:
    source_list = [
        Source(id=f"s{index}", affiliation=draw(_AFFILIATIONS))
        for index in range(draw(_SOURCE_COUNTS))
    ]
    chains = _CHAINS[len(source_list)]
    claim_list = []
    for index in range(draw(counts)):
        chain = draw(chains)
        claim_list.append(
            Claim(
                id=f"c{index}",
                source=chain[0],
                attribution=tuple(chain[1:]),
                event="e",
                attribute="x",
                value=draw(values),
                polarity=draw(_POLARITIES),
                published=draw(_PUBLISHED),
            )
        )
    return ClaimGroup(
        event="e",
        attribute="x",
        schema=schema,
        claims=tuple(claim_list),
        sources={source.id: source for source in source_list},
    )


def check_strategy_laws(
    strategy: Strategy,
    *,
    kind: ValueKind = ValueKind.QUANTITY,
    multi: bool = False,
    max_examples: int | None = None,
    taxonomy: Taxonomy | None = None,
    measure: Measure = Measure.COUNT,
    derandomize: bool = False,
) -> None:
    """Check that `strategy` keeps the merge laws on many generated groups; raise if it does not.

    With a `taxonomy` (categories only), every group's attribute has it and
    claims draw labels from it as well. With ``measure=Measure.MEASUREMENT``
    (quantities only), the attribute is a measurement and figures run below zero.
    `max_examples` bounds the groups per law and `derandomize` draws the same
    groups on every run; otherwise both are as the Hypothesis profile says. A
    test that the kit catches a strategy known to be wrong derandomizes: a
    random search of a few dozen groups may miss the one group that shows it.

    The laws: empty input gives a defined (`insufficient`) finding; support
    and dissent partition the claims; the order of claims and their ids
    change nothing; a claim repeated by another outlet from the same origin
    is not counted twice; unanimous claims from origins of several camps give
    `agreed` and their value, and from one camp `single-camp`; merging
    groups in any order gives the same finding; the status is never
    `agreed` while an origin of another camp dissents with weight (it
    asserts a value incompatible with the best one, or denies the best
    one); the best value is stated or allowed by its supporting claims; and
    confidence never rises when a claim of a new, independent camp that
    dissents is added. For quantities also: ``low <= best <= high``, the
    range meets every claim not listed beyond it, and a new origin stating
    the best figure does not widen it.
    """
    checks = [
        _law_empty,
        _law_partition,
        _law_order_and_ids,
        _law_repeated_origin,
        _law_merge_order,
        _law_best_is_backed,
        _law_no_agreement_against_dissent,
        _law_dissent_never_raises_confidence,
    ]
    if kind is ValueKind.QUANTITY:
        checks += [_law_range, _law_agreeing_claim]
    chosen = settings() if max_examples is None else settings(max_examples=max_examples)
    if derandomize:
        chosen = settings(chosen, derandomize=True)
    groups = claim_groups(kind=kind, multi=multi, taxonomy=taxonomy, measure=measure)
    for law in checks:
        _run(chosen, groups, partial(law, strategy))
    unanimous = _unanimous_groups(kind, multi, taxonomy, measure)
    _run(chosen, unanimous, partial(_law_unanimous, strategy))


def _run(
    chosen: settings, groups: st.SearchStrategy[ClaimGroup], law: Callable[[ClaimGroup], None]
) -> None:
    """Check one law on many groups."""

    @chosen
    @given(groups)
    def check(group: ClaimGroup) -> None:
        law(group)

    check()


def _law_empty(strategy: Strategy, group: ClaimGroup) -> None:
    finding = strategy.reconcile(attrs.evolve(group, claims=()))
    assert finding.status is Status.INSUFFICIENT, finding
    assert finding.support == () and finding.best is None, finding


def _law_partition(strategy: Strategy, group: ClaimGroup) -> None:
    finding = strategy.reconcile(group)
    ids = sorted(claim.id for claim in group.claims)
    assert sorted(finding.claims) == ids, (finding.support, finding.dissent, ids)


def _comparable(finding: Finding, rename: Callable[[str], str] = str) -> tuple[object, ...]:
    contradictions = sorted(
        (c.kind.value, tuple(sorted(rename(i) for i in c.claims)), round(c.severity, 9), c.message)
        for c in finding.contradictions
    )
    return (
        finding.status,
        finding.best,
        finding.low,
        finding.high,
        round(finding.confidence, 9),
        frozenset(rename(i) for i in finding.support),
        frozenset(rename(i) for i in finding.dissent),
        tuple(contradictions),
    )


def _law_order_and_ids(strategy: Strategy, group: ClaimGroup) -> None:
    renamed = {
        claim.id: f"r{len(group.claims) - index}" for index, claim in enumerate(group.claims)
    }
    relabelled = attrs.evolve(
        group, claims=tuple(attrs.evolve(c, id=renamed[c.id]) for c in reversed(group.claims))
    )
    assert _comparable(strategy.reconcile(group), renamed.__getitem__) == _comparable(
        strategy.reconcile(relabelled)
    )


def _law_repeated_origin(strategy: Strategy, group: ClaimGroup) -> None:
    if not group.claims:
        return
    original = group.claims[0]
    outlet = Source(id="repeating-outlet", affiliation="press")
    repeat = attrs.evolve(original, id="repeat", source=outlet.id, attribution=original.chain)
    repeated = attrs.evolve(
        group, claims=(*group.claims, repeat), sources={**group.sources, outlet.id: outlet}
    )
    before, after = strategy.reconcile(group), strategy.reconcile(repeated)
    assert _comparable(before)[:5] == _comparable(after)[:5], (before, after)
    side = "support" if original.id in before.support else "dissent"
    assert "repeat" in getattr(after, side), (side, after)


def _law_merge_order(strategy: Strategy, group: ClaimGroup) -> None:
    half = len(group.claims) // 2
    first = attrs.evolve(group, claims=group.claims[:half])
    second = attrs.evolve(group, claims=group.claims[half:])
    empty = attrs.evolve(group, claims=())
    assert first.merge(second) == second.merge(first) == group
    assert first.merge(empty) == first
    assert _comparable(strategy.reconcile(first.merge(second))) == _comparable(
        strategy.reconcile(group)
    )


def _law_range(strategy: Strategy, group: ClaimGroup) -> None:
    finding = strategy.reconcile(group)
    if finding.status is Status.INSUFFICIENT:
        return
    assert (
        isinstance(finding.best, Quantity) and finding.low is not None and finding.high is not None
    )
    best = finding.best.low
    assert finding.low <= best <= finding.high, finding
    beyond = {claim for item in finding.beyond_range for claim in item.claims}
    if math.isinf(finding.high):
        return
    span = Quantity(low=finding.low, high=finding.high)
    # Earlier counts that a later figure of the same origin revised are partial, not rivals.
    for testimony in group.testimonies:
        if testimony.asserts and not beyond & set(testimony.claims):
            assert isinstance(testimony.value, Quantity)
            assert testimony.value.overlaps(span), (testimony, finding)


def _law_agreeing_claim(strategy: Strategy, group: ClaimGroup) -> None:
    finding = strategy.reconcile(group)
    if finding.status is Status.INSUFFICIENT:
        return
    assert isinstance(finding.best, Quantity)
    newcomer = Source(id="newcomer", affiliation="un")
    agreeing = Claim(
        id="agreeing",
        source=newcomer.id,
        event="e",
        attribute="x",
        value=Quantity.exact(finding.best.low),
    )
    widened = strategy.reconcile(
        attrs.evolve(
            group,
            claims=(*group.claims, agreeing),
            sources={**group.sources, newcomer.id: newcomer},
        )
    )
    assert widened.low is not None and widened.high is not None
    assert finding.low is not None and finding.high is not None
    assert finding.low <= widened.low and widened.high <= finding.high, (finding, widened)
    assert widened.best == finding.best, (finding, widened)


def _unanimous_groups(
    kind: ValueKind,
    multi: bool,
    taxonomy: Taxonomy | None = None,
    measure: Measure = Measure.COUNT,
) -> st.SearchStrategy[ClaimGroup]:
    """Groups of two to five origins that all state one value."""
    values = _group_values(kind, taxonomy, measure)
    schema = _schema(kind, multi, taxonomy, measure)
    return _agreeing_groups(values, schema)


@st.composite
def _agreeing_groups(
    draw: st.DrawFn, values: st.SearchStrategy[Value], schema: AttributeSchema
) -> ClaimGroup:
    value = draw(values)
    origins = draw(st.integers(min_value=2, max_value=5))
    sources = {f"s{i}": Source(id=f"s{i}", affiliation=draw(_AFFILIATIONS)) for i in range(origins)}
    claim_list = tuple(
        Claim(id=f"c{i}", source=source_id, event="e", attribute="x", value=value)
        for i, source_id in enumerate(sources)
    )
    return ClaimGroup(event="e", attribute="x", schema=schema, claims=claim_list, sources=sources)


def _law_unanimous(strategy: Strategy, group: ClaimGroup) -> None:
    finding = strategy.reconcile(group)
    value = group.claims[0].value
    camps = {item.camp for item in group.testimonies}
    # One camp alone, however many of its outlets repeat it, is not agreement.
    assert finding.status is (Status.AGREED if len(camps) > 1 else Status.SINGLE_CAMP), finding
    assert finding.dissent == (), finding
    if isinstance(value, Quantity):
        assert isinstance(finding.best, Quantity) and value.contains(finding.best.low), finding
    elif isinstance(value, Category):
        # An alias is reported as the label it stands for.
        best = finding.best if isinstance(finding.best, tuple) else (finding.best,)
        canonical = group.schema.labels.canonical
        assert len(best) == 1 and isinstance(best[0], Category), finding
        assert canonical(best[0].label) == canonical(value.label), finding
    else:
        assert finding.best == value, finding


# -- the laws of honest conclusions ---------------------------------------------------------


def _compatible(group: ClaimGroup, value: Value, best: Best) -> bool:
    """Whether an asserted `value` can be true together with the finding's `best` value.

    Figures and dates are compatible when their intervals overlap; a label
    when it is one of the best labels, or above or below one.
    """
    if isinstance(best, tuple):
        return any(_compatible(group, value, one) for one in best)
    if isinstance(value, Quantity) and isinstance(best, Quantity):
        return value.overlaps(best)
    if isinstance(value, TimeSpan) and isinstance(best, TimeSpan):
        return value.overlaps(best)
    if isinstance(value, Category) and isinstance(best, Category):
        return group.schema.labels.compatible(value.label, best.label)
    return False


def _denies_best(group: ClaimGroup, value: Value, best: Best) -> bool:
    """Whether a denial of `value` denies the finding's best value (or part of it)."""
    if isinstance(best, Quantity) and isinstance(value, Quantity):
        point = best.point if best.point is not None else best.low
        return value.contains(point)
    return _compatible(group, value, best)


def _law_no_agreement_against_dissent(strategy: Strategy, group: ClaimGroup) -> None:
    """Never `agreed` while an origin of another camp dissents with weight."""
    finding = strategy.reconcile(group)
    if finding.status is not Status.AGREED:
        return
    backing = [item for item in group.testimonies if set(item.claims) <= set(finding.support)]
    backing_camps = {item.camp for item in backing if item.asserts}
    for item in group.testimonies:
        if item.weight <= 0 or not backing_camps - {item.camp}:
            continue
        against = (
            not _compatible(group, item.value, finding.best)
            if item.asserts
            else _denies_best(group, item.value, finding.best)
        )
        assert not against, (item, finding)


def _law_best_is_backed(strategy: Strategy, group: ClaimGroup) -> None:
    """The best value is stated or allowed by the claims that support it."""
    finding = strategy.reconcile(group)
    if finding.best is None or finding.best == ():
        return
    support = set(finding.support)
    backing = [item for item in group.testimonies if item.asserts and set(item.claims) & support]
    assert backing, finding
    best = finding.best if isinstance(finding.best, tuple) else (finding.best,)
    for one in best:
        if isinstance(one, Quantity):
            figure = one.point if one.point is not None else one.low
            allowed = any(
                isinstance(item.value, Quantity) and item.value.contains(figure) for item in backing
            )
        else:
            allowed = any(_compatible(group, item.value, one) for item in backing)
        assert allowed, (one, backing, finding)


def _dissenting_value(group: ClaimGroup, best: Best) -> Value | None:
    """A value that cannot be true together with `best`, or None when the pool has none."""
    kind = group.schema.kind
    if isinstance(best, Quantity):
        figure = best.point if best.point is not None else best.low
        return Quantity.exact(figure + 1_000)
    if isinstance(best, TimeSpan):
        return TimeSpan.of(best.end.add(days=30), best.end.add(days=31), precision=Precision.DAY)
    if kind is ValueKind.CATEGORY:
        rival = Category(label="a rival no one else names")
        # Without a taxonomy a new label rivals another only in a single-valued attribute.
        return rival if not group.schema.multi else None
    return None


def _law_dissent_never_raises_confidence(strategy: Strategy, group: ClaimGroup) -> None:
    """Adding a claim of a new, independent camp that dissents never raises the confidence."""
    finding = strategy.reconcile(group)
    if finding.status is Status.INSUFFICIENT:
        return
    value = _dissenting_value(group, finding.best)
    if value is None:
        return
    newcomer = Source(id="independent-dissenter", affiliation="independent-dissent")
    dissenting = Claim(id="dissenting", source=newcomer.id, event="e", attribute="x", value=value)
    after = strategy.reconcile(
        attrs.evolve(
            group,
            claims=(*group.claims, dissenting),
            sources={**group.sources, newcomer.id: newcomer},
        )
    )
    if after.best != finding.best or "dissenting" in after.support:
        # The newcomer moved the answer (a median moves with every figure): the confidence is
        # then that of another value, not of the one the newcomer dissents from.
        return
    assert after.confidence <= finding.confidence + 1e-9, (finding, after)
