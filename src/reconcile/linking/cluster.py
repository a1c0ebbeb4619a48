"""Clustering event mentions into events: block, score, link, without chaining.

Claims that name a declared event by id belong to it. The other claims
describe their event in a mention (label, time, place); mentions that
describe the same event are linked when their score reaches the threshold,
and linked mentions form an event. Two mentions whose times lie further
apart than the tolerance, whose places differ, or that belong to two
different declared events can never end in one cluster, so a single weak
link cannot merge the 2009 and 2013 attacks on the same camp.
"""

from __future__ import annotations

import functools
import operator
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from types import MappingProxyType
from typing import Protocol, TypeVar, runtime_checkable

import attrs
import pendulum
from anyascii import anyascii
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from reconcile.linking.labels import comparable_words, label_similarity
from reconcile.linking.places import PlaceComparer, anchor_of, gazetteer_of, names_in
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset
from reconcile.model.event import Event, EventMention
from reconcile.model.gazetteer import Gazetteer
from reconcile.values.timespan import Precision, TimeSpan

_PRECISIONS = list(Precision)
_Added = TypeVar("_Added")


@attrs.frozen(kw_only=True)
class Link:
    """Why two mentions (or a mention and a declared event) were joined."""

    first: str
    second: str
    score: float
    reason: str


@attrs.frozen(kw_only=True)
class EventCluster:
    """A resolved event with the mentions and claims behind it and the links that joined them."""

    event: Event
    mentions: tuple[EventMention, ...]
    claims: tuple[str, ...]
    links: tuple[Link, ...]
    declared: bool

    @property
    def id(self) -> str:
        """The event's id."""
        return self.event.id


@runtime_checkable
class Clusterer(Protocol):
    """Anything that resolves the claims of a dataset into events."""

    def cluster(self, dataset: Dataset) -> tuple[EventCluster, ...]:
        """The events of the dataset; every claim belongs to exactly one."""
        ...


@attrs.frozen(kw_only=True)
class _Node:
    """A declared event or one distinct mention, with the claims that name it."""

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
        return (
            None if self.when is None else (self.when.start.timestamp(), self.when.end.timestamp())
        )

    @cached_property
    def single_unit(self) -> bool:
        """Whether the node's time is one unit of its precision ("2009", "1 September 2013")."""
        return self.when is not None and _single_unit(self.when)


def _read_only(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


@attrs.frozen(kw_only=True)
class MentionClusterer:
    """The default clusterer: blocks on time, scores with rapidfuzz and pendulum, links greedily.

    A pair's score is a weighted mean of label similarity (rapidfuzz's token
    set ratio, the best over labels and aliases), closeness in time (1 when
    the spans overlap, falling to 0 at `tolerance_days` apart) and place
    similarity; a part a mention does not give counts as `unknown_score`.
    Links at or above `threshold` are taken strongest first; each joins two
    clusters unless some pair across them cannot be the same event.
    """

    threshold: float = 0.6
    tolerance_days: float = 3.0
    place_threshold: float = 0.8
    label_weight: float = 0.35
    time_weight: float = 0.25
    place_weight: float = 0.15
    kind_weight: float = 0.1
    document_weight: float = 0.15
    unknown_score: float = 0.5
    bare_label_threshold: float = 0.8
    """A mention with no time, place or kind joins another only if their labels are this alike."""
    recent_days: float = 14.0
    """An undated mention reported within this many days of a dated event leans towards it."""
    undated_window_days: float | None = None
    """How far back an undated mention can reach, in days before its first report.

    None (the default): any time, so that "the massacre", first reported
    years later, can still join the event it names; each undated mention is
    then compared with every node at a compatible place, which grows as the
    square of the claims. A number makes it a cannot-link: an undated
    mention is not the event of a node that began (or, undated too, was
    first reported) more than this many days before its own first report;
    blocking then finds its candidates by time, and clustering grows as
    n log n.
    """
    blocking: bool = True
    """Compare only pairs that can be near in time; False compares every pair (the oracle)."""
    places: Mapping[str, str] = attrs.field(factory=dict, converter=_read_only, hash=False)
    """Other names of places, each mapped to one name ("Camp New Iraq": "Camp Ashraf")."""
    within: Mapping[str, str] = attrs.field(factory=dict, converter=_read_only, hash=False)
    """Which place lies within which: a place mapped to the larger place that holds it.

    With ``{"Camp Ashraf": "Diyala", "Diyala": "Iraq"}``, mentions at "Camp
    Ashraf" and at "Diyala province" are compatible (one lies within the
    other), where their words alone would make them different places. A
    dataset's own gazetteer (its ``places``) is added to these when it is
    clustered.
    """

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """`places` and `within` as a `Gazetteer`."""
        return gazetteer_of(self.places, self.within)

    @cached_property
    def _comparer(self) -> PlaceComparer:
        return PlaceComparer(self.gazetteer)

    def gazetteer_for(self, dataset: Dataset) -> Gazetteer:
        """The gazetteer this clusterer uses on `dataset`: its own places and the dataset's."""
        return self._with_places_of(dataset).gazetteer

    def _with_places_of(self, dataset: Dataset) -> MentionClusterer:
        """The same clusterer, knowing the dataset's own places too (the dataset's come first)."""
        if not dataset.places:
            return self
        aliases = dict(self.places)
        within = dict(self.within)
        for place in dataset.places:
            aliases.update(dict.fromkeys(place.aliases, place.name))
            if place.within is not None:
                within[place.name] = place.within
        return attrs.evolve(self, places=aliases, within=within)

    def _same_place_possible(self, first: str, second: str) -> bool:
        """Whether two place phrases can name one place: alike in words, or by the gazetteer."""
        return self._comparer.compatible(first, second, self.place_threshold)

    def cluster(self, dataset: Dataset) -> tuple[EventCluster, ...]:
        """Resolve the dataset's claims into events."""
        return self._with_places_of(dataset)._cluster(_nodes(dataset))

    def _cluster(self, nodes: Sequence[_Node]) -> tuple[EventCluster, ...]:
        links = sorted(
            (link for link in self._scored_pairs(nodes) if link.score >= self.threshold),
            key=lambda link: (-link.score, link.first, link.second),
        )
        by_key = {node.key: node for node in nodes}
        members: dict[str, list[str]] = {node.key: [node.key] for node in nodes}
        summaries = {node.key: _Summary.of(node) for node in nodes}
        root = {node.key: node.key for node in nodes}
        taken: dict[str, list[Link]] = defaultdict(list)
        for link in links:
            first, second = root[link.first], root[link.second]
            if first == second:
                continue
            if not self._may_join(summaries[first], summaries[second]):
                continue
            merged = members[first] + members.pop(second)
            members[first] = merged
            summaries[first] = summaries[first].merge(summaries.pop(second))
            for key in merged:
                root[key] = first
            taken[first].extend([*taken.pop(second, []), link])
        return _resolve(
            [[by_key[key] for key in sorted(keys)] for keys in members.values()],
            {root_key: taken.get(root_key, []) for root_key in members},
            list(members),
        )

    def _scored_pairs(self, nodes: Sequence[_Node]) -> Iterator[Link]:
        for first, second in self._candidate_pairs(nodes):
            if self._compatible(first, second):
                yield self._link(first, second)

    def _candidate_pairs(self, nodes: Sequence[_Node]) -> Iterator[tuple[_Node, _Node]]:
        if not self.blocking:
            for index, first in enumerate(nodes):
                for second in nodes[index + 1 :]:
                    yield first, second
            return
        timed = sorted((node for node in nodes if node.span is not None), key=_start)
        untimed = [node for node in nodes if node.span is None]
        tolerance = self.tolerance_days * DAY
        for index, first in enumerate(timed):
            assert first.span is not None
            reach = first.span[1] + tolerance
            # By position, not by slice: a slice would copy the rest of the list for every node.
            for position in range(index + 1, len(timed)):
                second = timed[position]
                assert second.span is not None
                if second.span[0] > reach:
                    break
                yield first, second
        yield from self._undated_pairs(nodes, untimed)

    def _undated_pairs(
        self, nodes: Sequence[_Node], untimed: Sequence[_Node]
    ) -> Iterator[tuple[_Node, _Node]]:
        """Pairs with an undated node, blocked on places that could be the same place.

        Which place names are compatible is worked out once for the distinct
        names, with `rapidfuzz.process.extract`, so that an undated mention is
        compared only with nodes at a compatible place or at no stated place:
        exactly the pairs that the place constraint would not rule out. With
        `undated_window_days`, a time index per place narrows these further to
        the nodes that the window and the reporting time leave within reach.
        """
        position = {node.key: index for index, node in enumerate(nodes)}
        by_place: dict[str, list[_Node]] = defaultdict(list)
        placeless: list[_Node] = []
        for node in nodes:
            (by_place[node.where] if node.where is not None else placeless).append(node)
        compatible = self._compatible_places(sorted(by_place))
        windowed = self.undated_window_days is not None
        # By time, for the undated window: one index per place, and one over every node.
        indexes: dict[str | None, _TimeIndex] = {
            place: _TimeIndex.of(group) for place, group in by_place.items() if windowed
        }
        indexes[None] = _TimeIndex.of(placeless if windowed else [])
        everywhere = [_TimeIndex.of(nodes if windowed else [])]
        for first in untimed:
            place = None if first.where is None else first.where
            if windowed and first.published is not None:
                candidates: Sequence[_Node] = self._within_window(
                    first,
                    everywhere
                    if place is None
                    else [indexes[p] for p in [None, *compatible[place]]],
                )
            elif place is None:
                candidates = nodes
            else:
                candidates = [
                    *placeless,
                    *(node for p in compatible[place] for node in by_place[p]),
                ]
            for second in candidates:
                if second is first or (
                    second.when is None and position[second.key] < position[first.key]
                ):
                    continue  # each undated pair once
                yield first, second

    def _within_window(self, first: _Node, indexes: Sequence[_TimeIndex]) -> list[_Node]:
        """The nodes of `indexes` that the window and the reporting time leave `first` to meet."""
        assert first.published is not None
        assert self.undated_window_days is not None
        window, tolerance = self.undated_window_days * DAY, self.tolerance_days * DAY
        earliest = first.published[0] - window
        found: list[_Node] = []
        for index in indexes:
            # A dated node that began after the report (and its tolerance) is a cannot-link.
            found += index.dated_between(earliest, first.published[1] + tolerance)
            found += index.reported_between(earliest, first.published[0] + window)
            found += index.unplaced_in_time
        return found

    def _compatible_places(self, places: Sequence[str]) -> dict[str, list[str]]:
        """For each distinct place name, the names that can name the same place.

        Exactly the pairs `_same_place_possible` allows, found without
        comparing every pair where the words decide: rapidfuzz finds the
        alike, an index the names in common; a vague phrase, a phrase of
        surroundings and a place the gazetteer knows are compared with all.
        """
        cutoff = self.place_threshold * 100
        alike = {
            place: {
                match
                for match, _, _ in process.extract(
                    place,
                    places,
                    scorer=fuzz.token_set_ratio,
                    processor=default_process,
                    score_cutoff=cutoff,
                    limit=None,
                )
            }
            for place in places
        }
        by_name: dict[str, set[str]] = defaultdict(set)
        for place in places:
            for name in names_in(place):
                by_name[name].add(place)
        for place in places:
            names = names_in(place)
            for name in names:
                alike[place] |= by_name[name]
            if not names or anchor_of(place) or self._comparer.place_of(place) is not None:
                alike[place].update(
                    other for other in places if self._same_place_possible(place, other)
                )
        for place, matches in alike.items():  # the relation is symmetric: keep it so
            for other in matches:
                alike[other].add(place)
        return {
            place: sorted(m for m in matches if self._same_place_possible(place, m))
            for place, matches in alike.items()
        }

    def _compatible(self, first: _Node, second: _Node) -> bool:
        """Whether the two could be one event at all (the cannot-link constraints)."""
        if (
            first.event is not None
            and second.event is not None
            and first.event.id != second.event.id
        ):
            return False
        if (
            first.span is not None
            and second.span is not None
            and _gap_days(first.span, second.span) > self.tolerance_days
        ):
            return False
        if self._reported_before(first, second) or self._reported_before(second, first):
            return False
        if self._beyond_window(first, second) or self._beyond_window(second, first):
            return False
        return not (
            first.where is not None
            and second.where is not None
            and not self._same_place_possible(first.where, second.where)
        )

    def _reporting_lag(self, first: _Node, second: _Node) -> tuple[float, float, str]:
        """For a dated node and an undated one, how soon after the event its claims appeared."""
        dated, undated = (first, second) if first.span is not None else (second, first)
        if dated.span is None and dated.published is not None and undated.published is not None:
            return self._reporting_gap(dated.published, undated.published)
        if dated.span is None or undated.published is None:
            return self.time_weight, self.unknown_score, "time unknown"
        lag = (undated.published[0] - dated.span[0]) / DAY
        if lag < 0:
            return self.time_weight, self.unknown_score, f"reported {-lag:.0f} days before"
        if lag > self.recent_days:
            # The longer after an event a report appears, the likelier it is about another:
            # from the unknown middle at `recent_days`, halving as the lag doubles.
            closeness = self.unknown_score * self.recent_days / lag
            return self.time_weight, closeness, f"undated, reported {lag:.0f} days after"
        closeness = 1 - lag / (2 * self.recent_days)
        return self.time_weight, closeness, f"undated, reported {lag:.0f} days after"

    def _reporting_gap(
        self, first: tuple[float, float], second: tuple[float, float]
    ) -> tuple[float, float, str]:
        """For two undated nodes: reports far apart in time are likelier about two events."""
        gap = _gap_days(first, second)
        if gap <= self.recent_days:
            return self.time_weight, self.unknown_score, "time unknown, reported together"
        closeness = self.unknown_score * self.recent_days / gap
        return self.time_weight, closeness, f"time unknown, reported {gap:.0f} days apart"

    def _reported_before(self, reported: _Node, happened: _Node) -> bool:
        """Whether every claim of one node was published before the other's event began.

        A report cannot describe an event that had not yet happened, so such a
        mention is about something else, whatever its words.
        """
        if reported.published is None or happened.span is None:
            return False
        return happened.span[0] > reported.published[1] + self.tolerance_days * DAY

    def _beyond_window(self, undated: _Node, other: _Node) -> bool:
        """Whether `other` began, or was first reported, too long before `undated` was reported."""
        if (
            self.undated_window_days is None
            or undated.span is not None
            or undated.published is None
        ):
            return False
        moment = _moment(other)
        return moment is not None and moment < undated.published[0] - self.undated_window_days * DAY

    def _may_join(self, first: _Summary, second: _Summary) -> bool:
        """Whether `_compatible` holds for every pair of nodes across two clusters.

        Decided on the clusters' summaries rather than pair by pair: each
        constraint on time compares one node's figure with another's, so it
        holds for every pair exactly when it holds for the extremes.
        """
        if first.event is not None and second.event is not None and first.event != second.event:
            return False
        tolerance = self.tolerance_days
        if first.dated and second.dated:
            # The widest `_gap_days` between a span of one and a span of the other.
            widest = max(
                0.0,
                second.latest_start - first.earliest_end,
                first.latest_start - second.earliest_end,
            )
            if widest / DAY > tolerance:
                return False
        for early, late in ((first, second), (second, first)):
            # `_reported_before`: some claim of one was out before the other's event began.
            if late.latest_start > early.last_report_end + tolerance * DAY:
                return False
            # `_beyond_window`: an undated node of one, reported long after the other began.
            if (
                self.undated_window_days is not None
                and late.earliest_moment
                < early.latest_undated_report - self.undated_window_days * DAY
            ):
                return False
        return all(self._same_place_possible(a, b) for a in first.places for b in second.places)

    def _link(self, first: _Node, second: _Node) -> Link:
        # One orientation per pair, so that ties break the same however pairs were found.
        first, second = sorted((first, second), key=lambda node: node.key)
        label = label_similarity(first.labels, second.labels)
        parts = [(self.label_weight, label, f"labels {label:.2f}")]
        parts.append(self._time_part(first, second))
        if first.where is not None and second.where is not None:
            place = self._comparer.similarity(first.where, second.where)
            parts.append((self.place_weight, place, f"places {place:.2f}"))
        else:
            parts.append((self.place_weight, self.unknown_score, "place unknown"))
        if first.kind is not None and second.kind is not None:
            same = default_process(first.kind) == default_process(second.kind)
            parts.append((self.kind_weight, float(same), "same kind" if same else "other kinds"))
        else:
            parts.append((self.kind_weight, self.unknown_score, "kind unknown"))
        shared = bool(first.documents & second.documents)
        parts.append(
            (
                self.document_weight,
                1.0 if shared else self.unknown_score,
                "same document" if shared else "other documents",
            )
        )
        total = plain_sum(weight for weight, _, _ in parts)
        score = plain_sum(weight * value for weight, value, _ in parts) / total
        if (_bare(first) or _bare(second)) and label < self.bare_label_threshold:
            # A mention with no time, place or kind has only its words to go by.
            parts.append((0.0, 0.0, "no time, place or kind, and the labels differ"))
            score = 0.0
        return Link(
            first=first.key,
            second=second.key,
            score=round(score, 6),
            reason=", ".join(reason for _, _, reason in parts),
        )

    def _time_part(self, first_node: _Node, second_node: _Node) -> tuple[float, float, str]:
        """How close in time: overlap counts fully unless both are long periods that barely meet.

        "in 2009" and "July 28, 2009" may well be one event (a vague date and a
        precise one), but "from 2009 to 2016" and "July 2009" are a series and
        one of its attacks: when the longer span is a period of several units,
        the score is the share of their union that they have in common.

        A mention without a date is placed by when it was reported: reports
        soon after an event are more likely about it than about one long past.
        """
        first, second = first_node.span, second_node.span
        if first is None or second is None:
            return self._reporting_lag(first_node, second_node)
        gap = _gap_days(first, second)
        if gap > 0:
            return (
                self.time_weight,
                max(0.0, 1 - gap / max(self.tolerance_days, 1e-9)),
                f"{gap:g} days apart",
            )
        longer = first_node if first[1] - first[0] >= second[1] - second[0] else second_node
        if longer.single_unit:
            return self.time_weight, 1.0, "times overlap"
        common = min(first[1], second[1]) - max(first[0], second[0])
        union = max(first[1], second[1]) - min(first[0], second[0])
        share = common / union
        return self.time_weight, share, f"periods share {share:.0%}"


_INF = float("inf")


@attrs.frozen
class _Summary:
    """What the cannot-links of a cluster depend on, kept as its nodes merge.

    The constraints on time reduce to extremes (a missing figure is the
    infinity that no comparison passes). Places do not: two phrases can each
    be compatible with a third and not with each other, so the distinct
    phrases are kept and compared pair by pair, as are declared events.
    """

    event: str | None
    """The declared event in the cluster, if any (two would be a cannot-link)."""
    latest_start: float
    """The latest start of a dated node's span (-inf: none is dated)."""
    earliest_end: float
    """The earliest end of a dated node's span (inf: none is dated)."""
    last_report_end: float
    """The earliest last publication time of a node's claims (inf: none was published)."""
    earliest_moment: float
    """The earliest `_moment` of a node (inf: no node has one)."""
    latest_undated_report: float
    """The latest first report of an undated node (-inf: none)."""
    places: frozenset[str]

    @property
    def dated(self) -> bool:
        """Whether some node of the cluster has a time span."""
        return self.earliest_end != _INF

    @classmethod
    def of(cls, node: _Node) -> _Summary:
        """The summary of a cluster of one node."""
        span, published, moment = node.span, node.published, _moment(node)
        return cls(
            event=None if node.event is None else node.event.id,
            latest_start=-_INF if span is None else span[0],
            earliest_end=_INF if span is None else span[1],
            last_report_end=_INF if published is None else published[1],
            earliest_moment=_INF if moment is None else moment,
            latest_undated_report=(
                published[0] if span is None and published is not None else -_INF
            ),
            places=frozenset() if node.where is None else frozenset([node.where]),
        )

    def merge(self, other: _Summary) -> _Summary:
        """The summary of the two clusters together."""
        return _Summary(
            event=self.event if self.event is not None else other.event,
            latest_start=max(self.latest_start, other.latest_start),
            earliest_end=min(self.earliest_end, other.earliest_end),
            last_report_end=min(self.last_report_end, other.last_report_end),
            earliest_moment=min(self.earliest_moment, other.earliest_moment),
            latest_undated_report=max(self.latest_undated_report, other.latest_undated_report),
            places=self.places | other.places,
        )


def plain_sum(values: Iterable[_Added]) -> _Added:
    """The values added left to right, one addition at a time.

    Not `sum`: from Python 3.12 it compensates the rounding of floats, which
    NumPy's columns do not, and the engines must agree to the last bit.
    """
    return functools.reduce(operator.add, values)


def _bare(node: _Node) -> bool:
    return node.when is None and node.where is None and node.kind is None


def _single_unit(span: TimeSpan) -> bool:
    return _single_unit_in(span, span.start.tzinfo, span.end.tzinfo)


@functools.lru_cache(maxsize=65_536)
def _single_unit_in(span: TimeSpan, *zones: object) -> bool:
    # Cached, as many mentions share a day and pendulum's calendar arithmetic is slow; keyed
    # on the zones too, as spans equal in instants add a day differently across a DST change.
    return span.start + span.precision.step() >= span.end


def _moment(node: _Node) -> float | None:
    """When a node happened, or else when it was first reported, in epoch seconds, if known."""
    if node.span is not None:
        return node.span[0]
    return None if node.published is None else node.published[0]


def _first_report(node: _Node) -> float:
    assert node.published is not None
    return node.published[0]


@attrs.frozen
class _TimeIndex:
    """Nodes sorted by time for the undated window: dated by start, undated by first report."""

    dated: list[_Node]
    dated_starts: list[float]
    reported: list[_Node]
    reported_starts: list[float]
    unplaced_in_time: list[_Node]
    """Undated nodes whose claims carry no publication time: no window can exclude them."""

    @classmethod
    def of(cls, nodes: Sequence[_Node]) -> _TimeIndex:
        dated = sorted((node for node in nodes if node.span is not None), key=_start)
        reported = sorted(
            (node for node in nodes if node.span is None and node.published is not None),
            key=_first_report,
        )
        return cls(
            dated,
            [_start(node)[0] for node in dated],
            reported,
            [_first_report(node) for node in reported],
            [node for node in nodes if node.span is None and node.published is None],
        )

    def dated_between(self, low: float, high: float) -> list[_Node]:
        """Dated nodes that began from `low` to `high`."""
        return self.dated[
            bisect_left(self.dated_starts, low) : bisect_right(self.dated_starts, high)
        ]

    def reported_between(self, low: float, high: float) -> list[_Node]:
        """Undated nodes first reported from `low` to `high`."""
        starts = self.reported_starts
        return self.reported[bisect_left(starts, low) : bisect_right(starts, high)]


def _start(node: _Node) -> tuple[float, str]:
    assert node.span is not None
    return node.span[0], node.key


DAY = 86400.0


def _gap_days(first: tuple[float, float], second: tuple[float, float]) -> float:
    """Days between two spans in epoch seconds (0 when they overlap)."""
    return max(0.0, second[0] - first[1], first[0] - second[1]) / DAY


def _nodes(dataset: Dataset) -> list[_Node]:
    """One node per declared event and per distinct mention of a claim without an event id."""
    event_claims: dict[str, list[str]] = defaultdict(list)
    mention_claims: dict[tuple[EventMention, str], list[str]] = defaultdict(list)
    documents: dict[str, str] = {
        claim.id: claim.evidence.document for claim in dataset.claims if claim.evidence is not None
    }
    published = {
        claim.id: _publication(claim.published, claim.published_precision)
        for claim in dataset.claims
        if claim.published is not None
    }

    def published_range(claims: Sequence[str]) -> tuple[float, float] | None:
        moments = [published[claim] for claim in claims if claim in published]
        if not moments:
            return None
        return min(start for start, _ in moments), max(end for _, end in moments)

    for claim in dataset.claims:
        if claim.event is not None:
            event_claims[claim.event].append(claim.id)
        elif claim.mention is not None:
            mention_claims[(claim.mention, _reported_day(claim))].append(claim.id)
    nodes = [
        _Node(
            key=f"event:{event.id}",
            label=event.label,
            labels=(event.label, *event.aliases),
            kind=event.kind,
            when=event.when,
            where=event.where,
            claims=tuple(sorted(event_claims.get(event.id, ()))),
            documents=frozenset(
                documents[c] for c in event_claims.get(event.id, ()) if c in documents
            ),
            published=published_range(event_claims.get(event.id, ())),
            event=event,
        )
        for event in dataset.events
    ]
    for (mention, day), claims in mention_claims.items():
        nodes.append(
            _Node(
                key=f"mention:{_mention_key(mention)}{day}",
                label=mention.label,
                labels=(mention.label,),
                kind=mention.kind,
                when=mention.when,
                where=mention.where,
                claims=tuple(sorted(claims)),
                documents=frozenset(documents[c] for c in claims if c in documents),
                published=published_range(claims),
                mention=mention,
            )
        )
    return sorted(nodes, key=lambda node: node.key)


@functools.lru_cache(maxsize=65_536)
def _publication(moment: pendulum.DateTime, precision: Precision | None) -> tuple[float, float]:
    """When a claim was published, in epoch seconds: a month's claim spans the whole month.

    Finer than a day, the moment itself: a claim of 10:30 was not published all day.
    """
    if precision in (Precision.MONTH, Precision.YEAR):
        span = TimeSpan.of(moment, precision=precision)
        return span.start.timestamp(), span.end.timestamp()
    return moment.timestamp(), moment.timestamp()


def _reported_day(claim: Claim) -> str:
    """For an undated mention, the day its claim was published: the words alone do not say when.

    "The attack on the camp" reported in 2009 and in 2013 may be two attacks,
    so undated mentions reported on different days are different nodes (the
    scoring can still link them). Dated mentions are one node whatever the day.
    """
    if claim.mention is None or claim.mention.when is not None or claim.published is None:
        return ""
    return f"|reported {claim.published.in_timezone('UTC').to_date_string()}"


def _mention_key(mention: EventMention) -> str:
    """A key made of the mention's content, so that it does not depend on claim ids or order."""
    when = _iso(mention.when) if mention.when else ""
    return "|".join([mention.label, mention.kind or "", when, mention.where or ""])


def _iso(span: TimeSpan) -> str:
    """`TimeSpan.isoformat`, once per distinct span, with its UTC offsets unless both are zero.

    The offsets tell apart the 1 September of UTC and that of UTC+2, which
    are written alike: two nodes with one key would lose one's claims.
    """
    return _iso_in(span, span.start.tzinfo, span.end.tzinfo)


@functools.lru_cache(maxsize=65_536)
def _iso_in(span: TimeSpan, *zones: object) -> str:
    # Cached, as many mentions share a day; keyed on the zones too, as spans equal in
    # instants are written in their own zone's dates.
    offsets = (span.start.utcoffset(), span.end.utcoffset())
    if not any(offsets):
        return span.isoformat()
    return f"{span.isoformat()}@{'/'.join(str(offset) for offset in offsets)}"


def _resolve(
    groups: Sequence[Sequence[_Node]], links: Mapping[str, list[Link]], roots: Sequence[str]
) -> tuple[EventCluster, ...]:
    clusters = []
    used_ids: set[str] = {node.event.id for group in groups for node in group if node.event}
    for group, root in zip(groups, roots, strict=True):
        declared = next((node.event for node in group if node.event is not None), None)
        mentions = tuple(node.mention for node in group if node.mention is not None)
        event = declared or _new_event(group, used_ids)
        used_ids.add(event.id)
        clusters.append(
            EventCluster(
                event=event,
                mentions=mentions,
                claims=tuple(sorted(claim for node in group for claim in node.claims)),
                links=tuple(
                    sorted(links.get(root, []), key=lambda link: (-link.score, link.first))
                ),
                declared=declared is not None,
            )
        )
    return tuple(sorted(clusters, key=_cluster_order))


def _cluster_order(cluster: EventCluster) -> tuple[str, str]:
    when = cluster.event.when.start.isoformat() if cluster.event.when else "~"
    return when, cluster.event.id


def _new_event(group: Sequence[_Node], used_ids: set[str]) -> Event:
    label = event_label(Counter(node.label for node in group for _ in node.claims or (None,)))
    spans = [node.when for node in group if node.when is not None]
    when = _common_span(spans)
    places = Counter(node.where for node in group if node.where is not None)
    where = min(places, key=lambda text: (-places[text], text)) if places else None
    kinds = Counter(node.kind for node in group if node.kind is not None)
    kind = min(kinds, key=lambda text: (-kinds[text], text)) if kinds else None
    # In Latin letters, so that a label in Arabic or Russian gives a readable id too.
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(label).lower()).strip("-")[:60] or "event"
    # The start at the span's own precision: "-1988" for a year, not "-1988-01-01".
    base = f"{slug}-{when.isoformat().partition('/')[0]}" if when else slug
    event_id, suffix = base, 2
    while event_id in used_ids:
        event_id, suffix = f"{base}-{suffix}", suffix + 1
    aliases = tuple(sorted({node.label for node in group} - {label}))
    return Event(id=event_id, label=label, kind=kind, when=when, where=where, aliases=aliases)


_FRAGMENT_OPENERS = frozenset(
    ["which", "who", "whom", "whose", "where", "when", "while", "and", "or", "but", "to", "as"]
)
"""Words that open the rest of a sentence ("which saw 34 killed"), not the name of an event."""


def event_label(labels: Mapping[str, int]) -> str:
    """The most informative of an event's mention labels, given how many claims use each.

    In order of preference: a label that names something rather than
    continuing a sentence (one opening with "which", "who", "to"... is a
    fragment); one with at least two words of substance ("Camp Ashraf
    massacre", not "the attack"); the one most claims use; the first in
    alphabetical order, so that the label (and the id made from it) does
    not depend on the order of the claims.
    """

    def rank(text: str) -> tuple[bool, bool, int, str]:
        opener = text.split()[0].lower() if text.split() else ""
        too_short = len(comparable_words(text)) < 2
        return (opener in _FRAGMENT_OPENERS, too_short, -labels[text], text)

    return min(labels, key=rank)


def _common_span(spans: Sequence[TimeSpan]) -> TimeSpan | None:
    """The part all spans share, or, when they share none, the span that covers them all."""
    if not spans:
        return None
    start, end = max(span.start for span in spans), min(span.end for span in spans)
    precision = max((span.precision for span in spans), key=_PRECISIONS.index)
    if start < end:
        return TimeSpan(start=start, end=end, precision=precision)
    # Boundaries of a coarser unit are boundaries of a finer one too, so the
    # covering span is aligned at the finest precision.
    return TimeSpan(
        start=min(span.start for span in spans),
        end=max(span.end for span in spans),
        precision=precision,
    )
