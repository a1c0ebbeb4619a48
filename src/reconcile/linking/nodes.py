"""The nodes a clusterer merges, and what clustering reads of them.

One node per declared event and per distinct mention (a label, time and
place, and for an undated mention the day it was reported), holding the
claims that name it, their documents and when they were published: made
from a dataset's claims, or grown by more (an update). Beside them, what
clustering asks of a node: its span and moment in epoch seconds, its
calendar day, its names, and whether it gives any time.
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

import attrs
import pendulum

from reconcile.linking.labels import comparable_words
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset
from reconcile.model.event import Event, EventMention
from reconcile.values.timespan import Precision, TimeSpan, day_after

_PRECISIONS = list(Precision)


@attrs.define(kw_only=True, unsafe_hash=True)
class _Node:
    """A declared event or one distinct mention, with the claims that name it.

    Never changed once made, though not frozen (as `_Pair`): a frozen class's
    `__init__` sets each of its eleven fields through `object.__setattr__`,
    and 10^6 simulated claims make 362,000 nodes before any work can be
    shared with another process.
    """

    key: str
    label: str
    labels: tuple[str, ...]
    kind: str | None
    when: TimeSpan | None
    where: str | None
    claims: tuple[str, ...]
    documents: frozenset[str] = frozenset()
    published: tuple[float, float] | None = None
    """The first and last publication times of the node's claims (epoch seconds), if any."""
    mention: EventMention | None = None
    event: Event | None = None

    @cached_property
    def span(self) -> tuple[float, float] | None:
        """The node's time span in epoch seconds: pendulum arithmetic is too slow for pairs."""
        return None if self.when is None else _seconds(self.when)

    @cached_property
    def single_unit(self) -> bool:
        """Whether the node's time is one unit of its precision ("2009", "1 September 2013")."""
        return self.when is not None and _single_unit(self.when)


_TIMES_CACHED = 1 << 18
"""How many distinct spans and moments each cache of this module keeps.

10^6 simulated claims hold about 72,000 distinct spans and 150,000
publication moments: caches of 65,536, sized for 10^5, were thrashed where
each mention has a span object of its own (a dataset built in Python)."""


@functools.lru_cache(maxsize=_TIMES_CACHED)
def _seconds(span: TimeSpan) -> tuple[float, float]:
    # Once per distinct span (`timestamp` is slow, and many mentions share a day): equal spans
    # are equal instants, whatever their zones, so they have the same figures.
    return span.start.timestamp(), span.end.timestamp()


def _undated(nodes: Sequence[_Node], keys: frozenset[str]) -> list[_Node]:
    """The nodes, those of `keys` without their date (for clustering only: claims keep theirs)."""
    return [attrs.evolve(node, when=None) if node.key in keys else node for node in nodes]


Day = tuple[int, int, int]
"""A calendar day: year, month, day."""


def _by_day(nodes: Iterable[_Node]) -> dict[Day, list[_Node]]:
    """The nodes dated one day or less, by that day (see `_day_of`)."""
    by_day: dict[Day, list[_Node]] = defaultdict(list)
    # Each span's day by the span's identity (the nodes keep their spans alive meanwhile):
    # nodes of one date share a span, and the cache of `_calendar_day` hashes its zones.
    days: dict[int, Day | None] = {}
    for node in nodes:
        when = node.when
        if when is None:
            continue
        if (calendar_day := days.get(id(when), _NO_DAY)) is _NO_DAY:
            calendar_day = days[id(when)] = _day_of_time(when)
        if calendar_day is not None:
            by_day[calendar_day].append(node)
    return by_day


_NO_DAY = (0, 0, 0)
"""Stands for a span whose day is not worked out yet (no calendar has a day 0)."""


def _day_of(node: _Node) -> Day | None:
    """The calendar day a node's time is, if it is one day or less (year, month, day)."""
    return _day_of_time(node.when)


def _day_of_time(when: TimeSpan | None) -> Day | None:
    """`_day_of` a node of this time."""
    if when is None or _PRECISIONS.index(when.precision) < _PRECISIONS.index(Precision.DAY):
        return None
    return _calendar_day(when, when.start.tzinfo, when.end.tzinfo)


@functools.lru_cache(maxsize=_TIMES_CACHED)
def _calendar_day(span: TimeSpan, *zones: object) -> Day | None:
    # Cached as `_single_unit_in` is, and keyed on the zones for the same reason.
    if span.end > day_after(span.start):
        return None
    return span.start.year, span.start.month, span.start.day


def _timeless(node: _Node) -> bool:
    """Whether a node gives no time at all: no date, and no claim with a publication date."""
    return node.span is None and node.published is None


def _bare(node: _Node) -> bool:
    return node.when is None and node.where is None and node.kind is None


def _single_unit(span: TimeSpan) -> bool:
    return _single_unit_in(span, span.start.tzinfo, span.end.tzinfo)


@functools.lru_cache(maxsize=_TIMES_CACHED)
def _single_unit_in(span: TimeSpan, *zones: object) -> bool:
    # Cached, as many mentions share a day and pendulum's calendar arithmetic is slow; keyed
    # on the zones too, as spans equal in instants add a day differently across a DST change.
    return span.is_one_unit()


def _moment(node: _Node) -> float | None:
    """When a node happened, or else when it was first reported, in epoch seconds, if known."""
    if node.span is not None:
        return node.span[0]
    return None if node.published is None else node.published[0]


_NameIndex = dict[tuple[str, ...], dict[str | None, list[tuple[float, str]]]]
"""By name and place, the (moment, key) of every node that bears the name there, sorted."""


def _name_index(nodes: Iterable[_Node]) -> _NameIndex:
    index: _NameIndex = defaultdict(lambda: defaultdict(list))
    for node in nodes:
        moment = _moment(node)
        if moment is not None:
            for name in _names(node):
                index[name][node.where].append((moment, node.key))
    for by_place in index.values():
        for entries in by_place.values():
            entries.sort()
    return {name: dict(by_place) for name, by_place in index.items()}


def _reported_undated(node: _Node) -> bool:
    """Whether the node is undated and reported: one whose reach `undated_near_days` bounds."""
    return node.span is None and node.published is not None


def _pair_key(first: _Node, second: _Node) -> tuple[str, str]:
    return (first.key, second.key) if first.key <= second.key else (second.key, first.key)


def _names(node: _Node) -> set[tuple[str, ...]]:
    """The node's names: each label's words of substance, sorted (none for "this one")."""
    return {name for label in node.labels if (name := _name(label))}


@functools.lru_cache(maxsize=65_536)
def _name(label: str) -> tuple[str, ...]:
    # Once per distinct label: the index of names is built for every clustering run.
    return tuple(sorted(set(comparable_words(label))))


def _first_report(node: _Node) -> float:
    assert node.published is not None
    return node.published[0]


def _start(node: _Node) -> tuple[float, str]:
    assert node.span is not None
    return node.span[0], node.key


DAY = 86400.0


def _nodes(dataset: Dataset) -> list[_Node]:
    """One node per declared event and per distinct mention of a claim without an event id."""
    claims_of = _claims_by_node(dataset.claims)
    nodes = [
        _event_node(event, claims_of.pop(_event_key(event.id), [])) for event in dataset.events
    ]
    # The claims keep their moments and mentions their times alive meanwhile (`_mention_node`).
    known: dict[int, tuple[float, float]] = {}
    nodes += [_mention_node(key, claims, known) for key, claims in claims_of.items()]
    return sorted(nodes, key=lambda node: node.key)


def _claims_by_node(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    """The claims by the key of their node (a claim with neither event nor mention has none)."""
    found: dict[str, list[Claim]] = defaultdict(list)
    # By identity: the loader gives claims with one mention text one mention object, so each
    # key is written once per mention rather than once per claim (the mentions outlive the loop).
    keys: dict[int, str] = {}
    written: dict[int, str] = {}  # each span's text, by identity: mentions of one date share it
    for claim in claims:
        if claim.event is not None:
            found[_event_key(claim.event)].append(claim)
        elif (mention := claim.mention) is not None:
            key = keys.get(id(mention))
            if key is None:
                key = keys[id(mention)] = f"mention:{_mention_key(mention, written)}"
            if mention.when is None:
                key += _reported_day(claim)
            found[key].append(claim)
    return found


def _event_key(event_id: str) -> str:
    return f"event:{event_id}"


def _event_node(event: Event, claims: Sequence[Claim]) -> _Node:
    """The node of a declared event, with the claims that name it."""
    return _Node(
        key=_event_key(event.id),
        label=event.label,
        labels=(event.label, *event.aliases),
        kind=event.kind,
        when=event.when,
        where=event.where,
        event=event,
        **_claims_part(claims),
    )


def _mention_node(
    key: str, claims: Sequence[Claim], known: dict[int, tuple[float, float]] | None = None
) -> _Node:
    """The node of one distinct mention (and report day, if undated), with its claims.

    `known` keeps publication times by the moment's identity (see `_claims_part`),
    and the node's `span` by its time's: the node's `span` is then set here,
    rather than worked out when first read. Nodes of one date share a time
    (the loader reads each date once), and reading `span` the first time,
    through the cached property, cost three times as much (362,000 nodes at
    10^6 simulated claims).
    """
    mention = claims[0].mention
    assert mention is not None
    node = _Node(
        key=key,
        label=mention.label,
        labels=(mention.label,),
        kind=mention.kind,
        when=mention.when,
        where=mention.where,
        mention=mention,
        **_claims_part(claims, known),
    )
    when = mention.when
    if known is not None and when is not None:
        span = known.get(id(when))
        node.span = known[id(when)] = _seconds(when) if span is None else span
    return node


def _claims_part(
    claims: Sequence[Claim], known: dict[int, tuple[float, float]] | None = None
) -> dict[str, Any]:
    """What a node takes from its claims: their ids, documents and publication times.

    `known` keeps the publication time of each moment published at a day or
    finer by the moment's identity (claims of one document share their
    moment), for a caller that keeps the moments alive meanwhile, across
    nodes: a lookup by identity is a third of what `_publication`'s cache costs.
    """
    moments = _publications(claims, {} if known is None else known)
    published = moments[0] if moments else None  # the cached pair, not a copy
    # Three in four simulated nodes of several claims have one moment: its pair is kept.
    for other in moments:
        if other is not published:
            starts, ends = zip(*moments, strict=True)
            published = min(starts), max(ends)
            break
    documents = frozenset([c.evidence.document for c in claims if c.evidence is not None])
    return {
        "claims": tuple(sorted(map(_CLAIM_ID, claims))),
        # A node without documents shares one empty set: most nodes of a dataset built in
        # Python have one claim, and an empty frozenset made anew takes 216 bytes.
        "documents": documents or _NO_DOCUMENTS,
        "published": published,
    }


_NO_DOCUMENTS: frozenset[str] = frozenset()
_CLAIM_ID = operator.attrgetter("id")


def _with_claims(node: _Node, added: Sequence[Claim]) -> _Node:
    """The node with the claims `added` too: what its claims and `added` would make it.

    Only its claims, documents and publication times depend on its claims;
    everything else comes from its mention or declared event, which its key
    holds. So those three are worked out for the claims `added` and joined
    to the node's, rather than from every claim again: an update at 10^6
    simulated claims adds claims to thousands of nodes, each of dozens of
    claims. Not for a node undated as a slip of the year: it is rebuilt with
    its own date (see `reconcile.linking.incremental`).
    """
    part = _claims_part(added)
    documents, published = part["documents"], part["published"]
    if node.published is not None:
        published = node.published if published is None else _widest(node.published, published)
    return attrs.evolve(
        node,
        claims=tuple(sorted((*node.claims, *part["claims"]))),
        documents=node.documents | documents if documents else node.documents,
        published=published,
    )


def _widest(first: tuple[float, float], second: tuple[float, float]) -> tuple[float, float]:
    """The earliest start and latest end of two publication times."""
    return min(first[0], second[0]), max(first[1], second[1])


def _publications(
    claims: Sequence[Claim], known: dict[int, tuple[float, float]]
) -> list[tuple[float, float]]:
    """`_publication` of each claim published, in order; see `_claims_part` for `known`."""
    moments = []
    for claim in claims:
        moment = claim.published
        if moment is None:
            continue
        precision = claim.published_precision
        if precision is Precision.MONTH or precision is Precision.YEAR:
            moments.append(_publication(moment, precision))  # its cache keys the precision too
            continue
        # Looked up only where the moment alone decides: one moment may be given at two precisions.
        pair = known.get(id(moment))
        if pair is None:
            pair = known[id(moment)] = _published_at(moment)
        moments.append(pair)
    return moments


def _publication(moment: pendulum.DateTime, precision: Precision | None) -> tuple[float, float]:
    """When a claim was published, in epoch seconds: a month's claim spans the whole month.

    Finer than a day, the moment itself: a claim of 10:30 was not published all day.
    """
    if precision is Precision.MONTH or precision is Precision.YEAR:
        # Keyed on the zone too: one instant falls in August in UTC and in September at UTC+2.
        return _published_in(moment, precision, moment.tzinfo)
    return _published_at(moment)


@functools.lru_cache(maxsize=_TIMES_CACHED)
def _published_in(
    moment: pendulum.DateTime, precision: Precision, _zone: object
) -> tuple[float, float]:
    span = TimeSpan.of(moment, precision=precision)
    return span.start.timestamp(), span.end.timestamp()


@functools.lru_cache(maxsize=_TIMES_CACHED)
def _published_at(moment: pendulum.DateTime) -> tuple[float, float]:
    # Keyed on the moment alone: hashing the precision (an enum) cost a third of the lookup.
    seconds = moment.timestamp()
    return seconds, seconds


def _reported_day(claim: Claim) -> str:
    """For an undated mention, the day its claim was published: the words alone do not say when.

    "The attack on the camp" reported in 2009 and in 2013 may be two attacks,
    so undated mentions reported on different days are different nodes (the
    scoring can still link them). Dated mentions are one node whatever the day.
    """
    if claim.mention is None or claim.mention.when is not None or claim.published is None:
        return ""
    return _reported_on(claim.published)


@functools.lru_cache(maxsize=_TIMES_CACHED)
def _reported_on(published: pendulum.DateTime) -> str:
    # Once per distinct moment (claims of one document share it): equal moments are one
    # instant, whatever their zones, so they fall on one day in UTC.
    return f"|reported {published.in_timezone('UTC').to_date_string()}"


def _mention_key(mention: EventMention, written: dict[int, str]) -> str:
    """A key made of the mention's content, so that it does not depend on claim ids or order.

    `written` keeps each span's `_iso` by the span's identity, for a caller that
    keeps the spans alive meanwhile: cheaper than the cache's hash of a span and
    its zones.
    """
    span, when = mention.when, ""
    if span is not None:
        when = written.get(id(span)) or written.setdefault(id(span), _iso(span))
    return "|".join([mention.label, mention.kind or "", when, mention.where or ""])


def _iso(span: TimeSpan) -> str:
    """`TimeSpan.isoformat`, once per distinct span, with its UTC offsets unless both are zero.

    The offsets tell apart the 1 September of UTC and that of UTC+2, which
    are written alike: two nodes with one key would lose one's claims.
    """
    return _iso_in(span, span.start.tzinfo, span.end.tzinfo)


@functools.lru_cache(maxsize=_TIMES_CACHED)
def _iso_in(span: TimeSpan, *zones: object) -> str:
    # Cached, as many mentions share a day; keyed on the zones too, as spans equal in
    # instants are written in their own zone's dates.
    offsets = (span.start.utcoffset(), span.end.utcoffset())
    if not any(offsets):
        return span.isoformat()
    return f"{span.isoformat()}@{'/'.join(str(offset) for offset in offsets)}"
