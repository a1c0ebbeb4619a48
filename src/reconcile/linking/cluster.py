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
import itertools
import operator
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from types import MappingProxyType
from typing import NamedTuple, Protocol, TypeVar, overload, runtime_checkable

import attrs
import pendulum
from anyascii import anyascii
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from reconcile.linking.labels import comparable_words, label_similarity, script
from reconcile.linking.nodes import (
    _PRECISIONS,
    _TIMES_CACHED,
    DAY,
    Day,
    _bare,
    _by_day,
    _first_report,
    _moment,
    _name_index,
    _NameIndex,
    _names,
    _Node,
    _nodes,
    _pair_key,
    _reported_undated,
    _start,
    _timeless,
    _undated,
)
from reconcile.linking.places import PlaceComparer, anchor_of, gazetteer_of, names_in
from reconcile.model.dataset import Dataset
from reconcile.model.event import Event, EventMention, checked_event
from reconcile.model.gazetteer import Gazetteer
from reconcile.values.timespan import TimeSpan, span_between_units

_Added = TypeVar("_Added")


@attrs.frozen(kw_only=True)
class Link:
    """Why two mentions (or a mention and a declared event) were joined."""

    first: str
    second: str
    score: float
    reason: str


@attrs.define(unsafe_hash=True)
class _Pair:
    """A link as the merge loops and the incremental state hold it: two nodes and a score.

    Its `Link`, with the reason, is written only for the links an event
    lists, when they are first read (`_Links`): the columnar engine finds several
    links a node and takes fewer than one, and so does an update for the
    pairs it scores (`MentionClusterer._scored`). The per-object engine has
    written each link already, and the pair keeps it (not part of equality).

    Never changed once made, though not frozen: a frozen class's `__init__`
    sets each field through `object.__setattr__`, and an update at 10^6
    claims makes 335,000 pairs (making 275,000 took 0.10 s frozen, 0.04 s
    so).
    """

    first: str
    second: str
    score: float
    link: Link | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def of(cls, link: Link) -> _Pair:
        """The pair of a written link, keeping it."""
        return cls(link.first, link.second, link.score, link)


@attrs.frozen(kw_only=True)
class EventCluster:
    """A resolved event with the mentions and claims behind it and the links that joined them."""

    event: Event
    mentions: tuple[EventMention, ...]
    claims: tuple[str, ...]
    links: Sequence[Link]
    """The links taken in the cluster, strongest first; equal to the tuple of them."""
    declared: bool

    @property
    def id(self) -> str:
        """The event's id."""
        return self.event.id


class _Links(Sequence[Link]):
    """The links taken in a cluster, strongest first, their reasons written when first read.

    A clustering run takes hundreds of thousands of links, and judging reads
    none of them: only a reader who explains an event does. Until then the
    cluster holds the pairs and its nodes (which the run keeps anyway). It
    equals, hashes and pickles as the tuple of its links.
    """

    __slots__ = ("_links", "_unwritten")

    def __init__(
        self, clusterer: MentionClusterer, group: Sequence[_Node], pairs: Sequence[_Pair]
    ) -> None:
        self._links: tuple[Link, ...] | None = None if pairs else ()
        self._unwritten = (clusterer, group, pairs) if pairs else None

    def _written(self) -> tuple[Link, ...]:
        if self._links is None:
            assert self._unwritten is not None
            clusterer, group, pairs = self._unwritten
            by_key = {node.key: node for node in group}
            links = [
                pair.link
                or clusterer._checked_link(by_key[pair.first], by_key[pair.second], pair.score)
                for pair in pairs
            ]
            self._links, self._unwritten = _sorted_links(links), None
        return self._links

    @overload
    def __getitem__(self, index: int) -> Link: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Link, ...]: ...

    def __getitem__(self, index: int | slice) -> Link | tuple[Link, ...]:
        return self._written()[index]

    def __len__(self) -> int:
        return len(self._unwritten[2]) if self._unwritten is not None else len(self._written())

    def __iter__(self) -> Iterator[Link]:
        return iter(self._written())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Links):
            other = other._written()
        return isinstance(other, tuple) and self._written() == other

    def __hash__(self) -> int:
        return hash(self._written())

    def __repr__(self) -> str:
        return repr(self._written())

    def __reduce__(self) -> tuple[type[tuple[Link, ...]], tuple[tuple[Link, ...]]]:
        return tuple, (self._written(),)


@runtime_checkable
class Clusterer(Protocol):
    """Anything that resolves the claims of a dataset into events."""

    def cluster(self, dataset: Dataset) -> tuple[EventCluster, ...]:
        """The events of the dataset; every claim belongs to exactly one."""
        ...


_Part = tuple[float, float, str, float | None]
"""A part of a pair's score: its weight, its value, its reason, and the figure the reason is
written with (`str.format`; None: a reason of words alone)."""

_PLACE_SETS_KEPT = 1 << 16
"""How many pairs of sets of places `MentionClusterer._places_possible` keeps."""


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
    undated_near_days: float | None = 30.0
    """Within how many days an undated mention is compared with every node; beyond, by name.

    An undated mention is compared with every node at a compatible place
    that began, or (undated too) was first reported, at most this many days
    from its own first report. Beyond that, where the time part of the score
    is small, it is compared only with the latest node before then that
    bears one of its names (the same words of substance, as
    `comparable_words` reads them) at each place: "the Camp Ashraf
    massacre", first reported years later, still meets the massacre it
    names, and clusters still grow through nearer links. This is no
    cannot-link, only which pairs are scored, so that clustering grows as
    n log n. None compares every pair at a compatible place, which grows
    as the square of the claims.
    """
    mend_year_slips: bool = True
    """Cluster a mention whose date looks like a slip of the year as if it were undated.

    A date given by one mention alone, exactly one year from a day that two
    mentions or more at a compatible place (and of no other kind) give, on
    the same day of the same month, is far likelier a typo ("21 August
    2012" for 2013) than another event on the anniversary. Such a mention
    is clustered by its words, places and reports only; its claims keep
    their date, so the event's date finding shows the disagreement. False:
    every date is a cannot-link, slips included.
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
        nodes = self._without_year_slips(nodes)
        links = self._links(nodes, self._far_partners(nodes))
        members, taken = self._greedy(nodes, links)
        by_key = {node.key: node for node in nodes}
        return _resolve(
            self,
            [[by_key[key] for key in sorted(keys)] for keys in members.values()],
            {root_key: taken.get(root_key, []) for root_key in members},
            list(members),
        )

    def _links(self, nodes: Sequence[_Node], partners: _Pairs) -> list[_Pair]:
        """Every link at or above the threshold, strongest first (ties by the nodes' keys)."""
        return sorted(
            (
                _Pair.of(link)
                for link in self._scored_pairs(nodes, partners)
                if link.score >= self.threshold
            ),
            key=_link_order,
        )

    def _greedy(
        self, nodes: Sequence[_Node], links: Sequence[_Pair]
    ) -> tuple[dict[str, list[str]], dict[str, list[_Pair]]]:
        """Take `links` in order, each joining two clusters unless they cannot be one event.

        The members of each cluster by its root key, in the order of `nodes`
        (which roots survive), and the links taken in each.
        """
        by_key = {node.key: node for node in nodes}
        members: dict[str, list[str]] = {node.key: [node.key] for node in nodes}
        summaries = {node.key: _Summary.of(node) for node in nodes}
        root = {node.key: node.key for node in nodes}
        taken: dict[str, list[_Pair]] = defaultdict(list)
        for link in links:
            first, second = root[link.first], root[link.second]
            if first == second:
                continue
            if not self._may_take(link, by_key, summaries[first], summaries[second]):
                continue
            merged = members[first] + members.pop(second)
            members[first] = merged
            summaries[first] = summaries[first].merge(summaries.pop(second))
            for key in merged:
                root[key] = first
            taken[first].extend([*taken.pop(second, []), link])
        return members, taken

    def _without_year_slips(self, nodes: Sequence[_Node]) -> list[_Node]:
        """The nodes, with those whose date is a likely slip of the year made undated.

        See `mend_year_slips`.
        """
        return _undated(nodes, self._year_slips(nodes))

    def _year_slips(self, nodes: Iterable[_Node]) -> frozenset[str]:
        """The keys of the nodes whose date is a likely slip of the year (see `mend_year_slips`)."""
        if not self.mend_year_slips:
            return frozenset()
        return self._slips_by_day(_by_day(nodes))

    def _slips_by_day(
        self, by_day: Mapping[Day, Sequence[_Node]], told: Iterable[Day] | None = None
    ) -> frozenset[str]:
        """`_year_slips` of the nodes `_by_day` put on their days (or of the days `told`).

        A node's slip depends on its own day and the same day a year either
        side alone, so the nodes of a few days (with those a year either side)
        are enough to tell theirs: what an incremental run does. Only a node's
        kind and place are read, not its time.
        """
        if not self.mend_year_slips:
            return frozenset()
        # Asked of half a million pairs of nodes at 10^6 simulated claims, whose nodes give 75
        # kinds and places: answered once for each two of those.
        parts_may_be_one = functools.cache(self._may_be_one)

        def may_be_one(first: _Node, second: _Node) -> bool:
            return parts_may_be_one(first.kind, first.where, second.kind, second.where)

        slipped: set[str] = set()
        days = by_day.keys() if told is None else [day for day in told if day in by_day]
        for year, month, day in days:
            group = by_day[year, month, day]
            for node in group:
                if any(other is not node and may_be_one(node, other) for other in group):
                    continue  # another mention gives the same day: the date is corroborated
                for other_year in (year - 1, year + 1):
                    witnesses = [
                        other
                        for other in by_day.get((other_year, month, day), ())
                        if may_be_one(node, other)
                    ]
                    if len(witnesses) >= 2:
                        slipped.add(node.key)
        return frozenset(slipped)

    def _may_be_one(
        self, kind: str | None, where: str | None, other_kind: str | None, other_where: str | None
    ) -> bool:
        """Whether two nodes of these kinds and places may be one event (their times aside)."""
        if (
            kind is not None
            and other_kind is not None
            and default_process(kind) != default_process(other_kind)
        ):
            return False
        return where is None or other_where is None or self._same_place_possible(where, other_where)

    def _scored_pairs(self, nodes: Sequence[_Node], partners: _Pairs) -> Iterator[Link]:
        for first, second in self._candidate_pairs(nodes, partners):
            if self._may_link(first, second, partners) and self._compatible(first, second):
                yield self._link(first, second)

    def _far(self, undated: _Node, other: _Node) -> bool:
        """Whether `other` began, or was first reported, beyond `undated_near_days` of `undated`."""
        if self.undated_near_days is None or undated.span is not None or undated.published is None:
            return False
        moment = _moment(other)
        return moment is not None and moment < undated.published[0] - self.undated_near_days * DAY

    def _may_link(self, first: _Node, second: _Node, partners: _Pairs) -> bool:
        """Whether the pair is scored: near enough in time, or far but sharing a name."""
        if self._far(first, second) or self._far(second, first):
            return _pair_key(first, second) in partners
        return True

    def _far_partners(self, nodes: Sequence[_Node]) -> _Pairs:
        """The far pairs that are scored all the same (see `undated_near_days`).

        Each undated node is paired, for each of its names and each place, with
        the latest node that bears the name and began (or was first reported)
        before its near days: a few look-ups in an index of the nodes by name
        and place, sorted by time, instead of a comparison with every node.
        """
        if self.undated_near_days is None:
            return frozenset()
        index = _name_index(nodes)
        return frozenset(
            pair
            for node in nodes
            if _reported_undated(node)
            for pair in self._selected(node, index)
        )

    def _selected(self, node: _Node, index: _NameIndex) -> tuple[tuple[str, str], ...]:
        """The far partners an undated node picks in the index: see `_far_partners`."""
        if self.undated_near_days is None or node.published is None:
            return ()
        earliest = (node.published[0] - self.undated_near_days * DAY,)
        found = []
        for name in _names(node):
            for entries in index.get(name, {}).values():
                # The last entry that began strictly before the near days.
                position = bisect_left(entries, earliest) - 1
                if position >= 0:
                    other = entries[position][1]
                    found.append((node.key, other) if node.key <= other else (other, node.key))
        return tuple(found)

    def _candidate_pairs(
        self, nodes: Sequence[_Node], partners: _Pairs
    ) -> Iterator[tuple[_Node, _Node]]:
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
        # Far pairs that share a name: never among the near pairs above, each once.
        by_key = {node.key: node for node in nodes}
        for first_key, second_key in sorted(partners):
            yield by_key[first_key], by_key[second_key]

    def _near_days(self) -> float | None:
        """How far in time the undated pairs found by time reach: the nearer of the two limits."""
        limits = [d for d in (self.undated_window_days, self.undated_near_days) if d is not None]
        return min(limits, default=None)

    def _undated_pairs(
        self, nodes: Sequence[_Node], untimed: Sequence[_Node]
    ) -> Iterator[tuple[_Node, _Node]]:
        """Pairs with an undated node, blocked on places that could be the same place.

        Which place names are compatible is worked out once for the distinct
        names, with `rapidfuzz.process.extract`, so that an undated mention is
        compared only with nodes at a compatible place or at no stated place:
        exactly the pairs that the place constraint would not rule out. With
        `undated_near_days` or `undated_window_days`, a time index per place
        narrows these further to the nodes that the nearer of the two and the
        reporting time leave within reach.
        """
        position = {node.key: index for index, node in enumerate(nodes)}
        by_place: dict[str, list[_Node]] = defaultdict(list)
        placeless: list[_Node] = []
        for node in nodes:
            (by_place[node.where] if node.where is not None else placeless).append(node)
        compatible = self._compatible_places(sorted(by_place))
        near_days = self._near_days()
        windowed = near_days is not None
        # By time, for the undated window: one index per place, and one over every node.
        indexes: dict[str | None, _TimeIndex] = {
            place: _TimeIndex.of(group) for place, group in by_place.items() if windowed
        }
        indexes[None] = _TimeIndex.of(placeless if windowed else [])
        everywhere = [_TimeIndex.of(nodes if windowed else [])]
        for first in untimed:
            place = None if first.where is None else first.where
            if near_days is not None and first.published is not None:
                candidates: Sequence[_Node] = self._within_window(
                    first,
                    near_days,
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

    def _within_window(
        self, first: _Node, days: float, indexes: Sequence[_TimeIndex]
    ) -> list[_Node]:
        """The nodes of `indexes` that `days` and the reporting time leave `first` to meet."""
        assert first.published is not None
        window, tolerance = days * DAY, self.tolerance_days * DAY
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
        surroundings and a place the gazetteer knows are compared with all,
        and a name with the names of other scripts.
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
        by_script: dict[str, list[str]] = defaultdict(list)
        for place in places:
            for name in names_in(place):
                by_name[name].add(place)
            by_script[script(place)].append(place)
        if len(by_script) > 1:
            # Unknown names in two scripts cannot be compared, so they may be one place:
            # each name is a candidate for every name of another script.
            for place in places:
                own = script(place)
                for other_script, others in by_script.items():
                    if other_script != own:
                        alike[place].update(others)
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

    def _reporting_lag(self, first: _Node, second: _Node) -> _Part:
        """For a dated node and an undated one, how soon after the event its claims appeared."""
        dated, undated = (first, second) if first.span is not None else (second, first)
        if dated.span is None and dated.published is not None and undated.published is not None:
            return self._reporting_gap(dated.published, undated.published)
        if dated.span is None or undated.published is None:
            return self.time_weight, self.unknown_score, "time unknown", None
        lag = (undated.published[0] - dated.span[0]) / DAY
        if lag < 0:
            return self.time_weight, self.unknown_score, "reported {:.0f} days before", -lag
        return (
            self.time_weight,
            self._lag_closeness(lag),
            "undated, reported {:.0f} days after",
            lag,
        )

    def _lag_closeness(self, lag: float) -> float:
        """How likely a report `lag` days after an event (not before it) is about that event."""
        if lag > self.recent_days:
            # The longer after an event a report appears, the likelier it is about another:
            # from the unknown middle at `recent_days`, halving as the lag doubles.
            return self.unknown_score * self.recent_days / lag
        return 1 - lag / (2 * self.recent_days)

    def _reporting_gap(self, first: tuple[float, float], second: tuple[float, float]) -> _Part:
        """For two undated nodes: reports far apart in time are likelier about two events."""
        gap = _gap_days(first, second)
        if gap <= self.recent_days:
            return self.time_weight, self.unknown_score, "time unknown, reported together", None
        return (
            self.time_weight,
            self._gap_closeness(gap),
            "time unknown, reported {:.0f} days apart",
            gap,
        )

    def _gap_closeness(self, gap: float) -> float:
        """How likely undated reports `gap` days apart are about one event."""
        if gap <= self.recent_days:
            return self.unknown_score
        return self.unknown_score * self.recent_days / gap

    def _may_take(
        self, link: _Pair, nodes: Mapping[str, _Node], first: _Summary, second: _Summary
    ) -> bool:
        """Whether the greedy merge takes `link`, joining the clusters `first` and `second` sum up.

        Every merge loop (the full run, the incremental replay, the columnar
        engine) decides here, so that they cannot drift apart.
        """
        timeless = _timeless(nodes[link.first]) or _timeless(nodes[link.second])
        return self._may_take_scored(link.score, timeless, first, second)

    def _may_take_scored(
        self, score: float, timeless: bool, first: _Summary, second: _Summary
    ) -> bool:
        """`_may_take` for a link of `score` through a node that gives no time, if `timeless`."""
        return self._may_join(first, second) and (
            not timeless or self._holds_in_time(score, first, second)
        )

    def _holds_in_time(self, score: float, first: _Summary, second: _Summary) -> bool:
        """Whether a link through a node that gives no time still holds between its clusters.

        A mention with neither a date nor a publication date scores the middle
        `unknown_score` on time with anything, so it could chain a report of
        January 2023 to an event of April 2022 that the report itself would
        never have joined. Once such a node is in a cluster, the cluster knows
        when: the link is scored again with the time part the two clusters
        give (the lag between one's event and the other's first report, or
        between their reports), and is taken only if it still reaches the
        threshold.
        """
        closeness = self._clusters_closeness(first, second)
        if closeness is None:
            return True
        total = (
            self.label_weight
            + self.time_weight
            + self.place_weight
            + self.kind_weight
            + self.document_weight
        )
        rescored = score + self.time_weight * (closeness - self.unknown_score) / total
        return rescored >= self.threshold

    def _clusters_closeness(self, first: _Summary, second: _Summary) -> float | None:
        """How close in time two clusters are, by their dates or reports; None: not known.

        Two dated clusters were already held within the tolerance by the
        cannot-links, so only a dated cluster against an undated one (the lag
        from the event's latest start to the other's first report) and two
        undated ones (the gap between their reports) are scored.
        """
        if first.dated and second.dated:
            return None
        if first.dated or second.dated:
            dated, undated = (first, second) if first.dated else (second, first)
            if undated.first_report == _INF:
                return None
            lag = (undated.first_report - dated.latest_start) / DAY
            return self.unknown_score if lag < 0 else self._lag_closeness(lag)
        if first.first_report == _INF or second.first_report == _INF:
            return None
        gap = _gap_days(
            (first.first_report, first.last_report), (second.first_report, second.last_report)
        )
        return self._gap_closeness(gap)

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
        return self._places_possible(first.places, second.places)

    def _places_possible(self, first: frozenset[str], second: frozenset[str]) -> bool:
        """Whether every place of one set can be every place of the other.

        Asked of every pair of clusters a link would join, and clusters share
        few sets of places: each pair of sets is worked out once (up to
        `_PLACE_SETS_KEPT` pairs; then the memo starts again).
        """
        memo = self._place_sets_possible
        possible = memo.get((first, second))
        if possible is None:
            if len(memo) >= _PLACE_SETS_KEPT:
                memo.clear()
            possible = memo[first, second] = all(
                self._same_place_possible(a, b) for a in first for b in second
            )
        return possible

    @cached_property
    def _place_sets_possible(self) -> dict[tuple[frozenset[str], frozenset[str]], bool]:
        """`_places_possible`'s memo: each clusterer its own, as its places are its own."""
        return {}

    def _link(self, first: _Node, second: _Node) -> Link:
        first, second, parts, score = self._scored(first, second)
        return Link(
            first=first.key,
            second=second.key,
            score=score,
            reason=", ".join(reason.format(figure) for _, _, reason, figure in parts),
        )

    def _scored(self, first: _Node, second: _Node) -> tuple[_Node, _Node, list[_Part], float]:
        """`_link`'s figures, without the link written.

        The two nodes in the link's order, the parts of the score (weight,
        value, reason, and the figure the reason is written with), and the
        score, rounded as the link keeps it. The reasons are written only for
        a link (`_link`): an update scores tens of thousands of pairs.
        """
        # One orientation per pair, so that ties break the same however pairs were found.
        if second.key < first.key:
            first, second = second, first
        label = label_similarity(first.labels, second.labels)
        parts: list[_Part] = [(self.label_weight, label, "labels {:.2f}", label)]
        parts.append(self._time_part(first, second))
        if first.where is not None and second.where is not None:
            place = self._comparer.similarity(first.where, second.where)
            parts.append((self.place_weight, place, "places {:.2f}", place))
        else:
            parts.append((self.place_weight, self.unknown_score, "place unknown", None))
        if first.kind is not None and second.kind is not None:
            same = default_process(first.kind) == default_process(second.kind)
            kind = "same kind" if same else "other kinds"
            parts.append((self.kind_weight, float(same), kind, None))
        else:
            parts.append((self.kind_weight, self.unknown_score, "kind unknown", None))
        shared = bool(first.documents & second.documents)
        document = "same document" if shared else "other documents"
        value = 1.0 if shared else self.unknown_score
        parts.append((self.document_weight, value, document, None))
        # Added left to right, one addition at a time, as `plain_sum` adds on the columnar
        # engine; in one loop here, as its two generators took 0.78 µs a pair against 0.21.
        total = 0.0
        weighted = 0.0
        for weight, value, _, _ in parts:
            total += weight
            weighted += weight * value
        score = weighted / total
        if (_bare(first) or _bare(second)) and label < self.bare_label_threshold:
            # A mention with no time, place or kind has only its words to go by.
            parts.append((0.0, 0.0, "no time, place or kind, and the labels differ", None))
            score = 0.0
        return first, second, parts, round(score, 6)

    def _written(self, group: Sequence[_Node], pairs: Sequence[_Pair]) -> _Links:
        """The `Link` of each pair taken in `group`, with its reason, written when first read."""
        return _Links(self, group, pairs)

    def _checked_link(self, first: _Node, second: _Node, score: float) -> Link:
        """The `Link` of a pair another engine scored `score`: the same score, or an error."""
        link = self._link(first, second)
        if link.score != score:  # a broken promise of sameness: say so rather than differ quietly
            raise RuntimeError(
                f"the columnar engine scored {link.first} and {link.second} {score}, "
                f"the per-object engine {link.score}"
            )
        return link

    def _time_part(self, first_node: _Node, second_node: _Node) -> _Part:
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
                "{:g} days apart",
                gap,
            )
        longer = first_node if first[1] - first[0] >= second[1] - second[0] else second_node
        if longer.single_unit:
            return self.time_weight, 1.0, "times overlap", None
        common = min(first[1], second[1]) - max(first[0], second[0])
        union = max(first[1], second[1]) - min(first[0], second[0])
        share = common / union
        return self.time_weight, share, "periods share {:.0%}", share


_INF = float("inf")


class _Summary(NamedTuple):
    """What the cannot-links of a cluster depend on, kept as its nodes merge.

    A named tuple, not an attrs class: the greedy merge makes one or two at
    each of its hundreds of thousands of merges, and a tuple is made in
    about half the time.

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
    first_report: float
    """The earliest publication time of a node's claims (inf: none was published)."""
    last_report: float
    """The latest publication time of a node's claims (-inf: none was published)."""
    places: frozenset[str]

    @property
    def dated(self) -> bool:
        """Whether some node of the cluster has a time span."""
        return self.earliest_end != _INF

    @classmethod
    def of(cls, node: _Node) -> _Summary:
        """The summary of a cluster of one node."""
        span, published, moment = node.span, node.published, _moment(node)
        # By position, in the fields' order, here and in `merge`: a named tuple is made
        # in half the time so, and the greedy merge makes hundreds of thousands.
        return cls(
            None if node.event is None else node.event.id,  # event
            -_INF if span is None else span[0],  # latest_start
            _INF if span is None else span[1],  # earliest_end
            _INF if published is None else published[1],  # last_report_end
            _INF if moment is None else moment,  # earliest_moment
            # latest_undated_report
            published[0] if span is None and published is not None else -_INF,
            _INF if published is None else published[0],  # first_report
            -_INF if published is None else published[1],  # last_report
            frozenset() if node.where is None else frozenset([node.where]),  # places
        )

    def refuses_at_least(self, other: _Summary) -> bool:
        """Whether `_may_join` refuses with this summary all it refuses with `other`, and more.

        So when each figure bounds at least as tightly (later latest start,
        earlier earliest end, and so on), every place of `other` is among its
        places, and its declared event is `other`'s if that has one: as the
        summary of a cluster holding `other`'s nodes (`merge`) does.
        """
        return (
            (other.event is None or self.event == other.event)
            and self.latest_start >= other.latest_start
            and self.earliest_end <= other.earliest_end
            and self.last_report_end <= other.last_report_end
            and self.earliest_moment <= other.earliest_moment
            and self.latest_undated_report >= other.latest_undated_report
            and self.places >= other.places
        )

    def merge(self, other: _Summary) -> _Summary:
        """The summary of the two clusters together."""
        return _Summary(
            self.event if self.event is not None else other.event,
            max(self.latest_start, other.latest_start),
            min(self.earliest_end, other.earliest_end),
            min(self.last_report_end, other.last_report_end),
            min(self.earliest_moment, other.earliest_moment),
            max(self.latest_undated_report, other.latest_undated_report),
            min(self.first_report, other.first_report),
            max(self.last_report, other.last_report),
            self.places | other.places,
        )


def plain_sum(values: Iterable[_Added]) -> _Added:
    """The values added left to right, one addition at a time.

    Not `sum`: from Python 3.12 it compensates the rounding of floats, which
    NumPy's columns do not, and the engines must agree to the last bit.
    """
    return functools.reduce(operator.add, values)


_Pairs = frozenset[tuple[str, str]]
"""Pairs of node keys, each in sorted order."""


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


def _gap_days(first: tuple[float, float], second: tuple[float, float]) -> float:
    """Days between two spans in epoch seconds (0 when they overlap)."""
    return max(0.0, second[0] - first[1], first[0] - second[1]) / DAY


def _resolve(
    clusterer: MentionClusterer,
    groups: Sequence[Sequence[_Node]],
    links: Mapping[str, Sequence[_Pair]],
    roots: Sequence[str],
) -> tuple[EventCluster, ...]:
    clusters = []
    used_ids: set[str] = {node.event.id for group in groups for node in group if node.event}
    for group, root in zip(groups, roots, strict=True):
        declared = _declared(group)
        if declared is None:
            event = _new_event(group)
            event_id = _unique_id(event.id, used_ids)
            event = event if event_id == event.id else attrs.evolve(event, id=event_id)
        else:
            event = declared
        used_ids.add(event.id)
        taken = clusterer._written(group, links.get(root, []))
        clusters.append(_event_cluster(group, event, taken))
    return tuple(sorted(clusters, key=_cluster_order))


def _declared(group: Sequence[_Node]) -> Event | None:
    return next((node.event for node in group if node.event is not None), None)


def _event_cluster(group: Sequence[_Node], event: Event, links: Sequence[Link]) -> EventCluster:
    """The cluster of `group`'s nodes, resolved to `event`, with the links taken in it."""
    return EventCluster(
        event=event,
        mentions=tuple(node.mention for node in group if node.mention is not None),
        # A node's claims are sorted already: a cluster of one node keeps them as they are.
        claims=group[0].claims if len(group) == 1 else tuple(sorted(_claims_of(group))),
        links=links,
        declared=_declared(group) is not None,
    )


def _claims_of(group: Sequence[_Node]) -> Iterator[str]:
    """The ids of the claims of every node of `group`, node after node."""
    return itertools.chain.from_iterable(node.claims for node in group)


def _sorted_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """A cluster's links as it lists them: strongest first."""
    return tuple(sorted(links, key=lambda link: (-link.score, link.first)))


def _unique_id(base: str, used_ids: Container[str]) -> str:
    """`base`, or the first of base-2, base-3... that no earlier event took."""
    event_id, suffix = base, 2
    while event_id in used_ids:
        event_id, suffix = f"{base}-{suffix}", suffix + 1
    return event_id


def _link_order(link: _Pair) -> tuple[float, str, str]:
    return -link.score, link.first, link.second


def _cluster_order(cluster: EventCluster) -> tuple[str, str]:
    when = cluster.event.when
    return (_moment_text(when.start, when.start.tzinfo) if when else "~"), cluster.event.id


@functools.lru_cache(maxsize=_TIMES_CACHED)
def _moment_text(moment: pendulum.DateTime, _zone: object) -> str:
    # Once per distinct moment, as pendulum writes one in Python and many events start
    # alike. Keyed on the zone too: equal instants are written in their own zone's time.
    return moment.isoformat()


def _new_event(group: Sequence[_Node]) -> Event:
    """The event a group of mentions resolves to; its id may still need a number (`_numbered`)."""
    label = _label_of(group)
    spans = [node.when for node in group if node.when is not None]
    when = _common_span(spans)
    where = _most_given(node.where for node in group)
    kind = _most_given(node.kind for node in group)
    slug = _slug(label)
    # The start at the span's own precision: "-1988" for a year, not "-1988-01-01".
    base = f"{slug}-{when.isoformat().partition('/')[0]}" if when else slug
    aliases = tuple(sorted({node.label for node in group} - {label}))
    # Each text was checked when its mention or declared event was made: only the id is new.
    return checked_event(
        {"id": base, "label": label, "kind": kind, "when": when, "where": where, "aliases": aliases}
    )


def _most_given(texts: Iterable[str | None]) -> str | None:
    """The text given most often (None aside); of equals, the first in alphabetical order."""
    counts: dict[str, int] = {}
    for text in texts:
        if text is not None:
            counts[text] = counts.get(text, 0) + 1
    if len(counts) < 2:  # one text, or none: nothing to rank
        return next(iter(counts), None)
    return min(counts, key=lambda text: (-counts[text], text))


@functools.lru_cache(maxsize=65_536)
def _slug(label: str) -> str:
    # In Latin letters, so that a label in Arabic or Russian gives a readable id too; once
    # per distinct label, as a million claims' events share a few thousand labels.
    return re.sub(r"[^a-z0-9]+", "-", anyascii(label).lower()).strip("-")[:60] or "event"


def _label_of(group: Sequence[_Node]) -> str:
    """The label of the event a group of mentions resolves to: the only part of it claims weigh.

    Each label counts once per claim that uses it (`event_label`); the rest
    of the event (time, place, kind, aliases) depends on the nodes alone.
    """
    counts: dict[str, int] = {}
    for node in group:
        counts[node.label] = counts.get(node.label, 0) + (len(node.claims) or 1)
    return next(iter(counts)) if len(counts) == 1 else event_label(counts)


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
        return (*_shortcomings(text), -labels[text], text)

    return min(labels, key=rank)


@functools.lru_cache(maxsize=65_536)
def _shortcomings(label: str) -> tuple[bool, bool]:
    """Whether a label continues a sentence, and whether it has fewer than two words of substance.

    Once per distinct label: a million claims' events rank a few thousand labels again and again.
    """
    words = label.split()
    opener = words[0].lower() if words else ""
    return opener in _FRAGMENT_OPENERS, len(comparable_words(label)) < 2


def _common_span(spans: Sequence[TimeSpan]) -> TimeSpan | None:
    """The part all spans share, or, when they share none, the span that covers them all."""
    if not spans:
        return None
    first = spans[0]
    if all(span is first or span == first for span in spans):  # most often the same object
        # What the rest would build anew from spans[0]'s own ends (the first of equal
        # extremes): most events are given one date, often one object.
        return spans[0]
    start, end = max(span.start for span in spans), min(span.end for span in spans)
    # Boundaries of a coarser unit are boundaries of a finer one too, so either span is
    # aligned at the finest precision, each end in its own zone.
    precision = max((span.precision for span in spans), key=_PRECISIONS.index)
    if start < end:
        return span_between_units(start, end, precision)
    return span_between_units(
        min(span.start for span in spans), max(span.end for span in spans), precision
    )
