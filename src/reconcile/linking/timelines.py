"""The nodes of each place by time: where an update looks for a changed node's links.

Each place's nodes are kept sorted by when they happened (dated) or were
first reported (undated), so a changed node's candidates are found by
bisection rather than by comparing it with every node.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs

from reconcile.linking.cluster import MentionClusterer
from reconcile.linking.nodes import DAY, _Node


def _timeless_keys(timelines: Mapping[str | None, _Timeline]) -> list[str]:
    """The keys of the nodes that give no time (`_timeless`), from every place's timeline."""
    return [key for timeline in timelines.values() for key in timeline.timeless]


class _Reachable(dict[str | None, list["_Timeline"]]):
    """The timelines of the places that can be a place (the others are cannot-links), by place.

    Worked out once for each place of the changed nodes, which share places:
    asked for each of them, every place's timeline was compared with its
    place (thousands of nodes at 10^6 simulated claims).
    """

    def __init__(
        self, clusterer: MentionClusterer, timelines: Mapping[str | None, _Timeline]
    ) -> None:
        super().__init__()
        self._clusterer, self._timelines = clusterer, timelines

    def __missing__(self, where: str | None) -> list[_Timeline]:
        possible = self._clusterer._same_place_possible
        found = self[where] = [
            timeline
            for place, timeline in self._timelines.items()
            if place is None or where is None or possible(where, place)
        ]
        return found


def _candidates(
    node: _Node,
    clusterer: MentionClusterer,
    near: float | None,
    places: Sequence[_Timeline],
) -> list[str]:
    """The nodes `node` may be scored with, except its far partners (found apart).

    A superset, found by bisection in the timelines of the places that can be
    its place (`_Reachable`), rather than by comparing all.
    """
    if near is None or (node.span is None and node.published is None):
        return [key for timeline in places for key in timeline.every()]
    tolerance, reach = clusterer.tolerance_days * DAY, near * DAY
    found: list[str] = []
    for timeline in places:
        if node.span is not None:
            start, end = node.span
            dated = (start - timeline.longest - tolerance, end + tolerance)
            # An undated node meets this one if it was first reported from `near` days before
            # the start (not far) and its last report is at most the tolerance before it.
            undated = (start - tolerance - timeline.widest, start + reach)
        else:
            assert node.published is not None
            first, last = node.published
            dated, undated = (first - reach, last + tolerance), (first - reach, first + reach)
        found += _between(timeline.dated, *dated)
        found += _between(timeline.reported, *undated)
        found += timeline.timeless
    return found


def _between(entries: Sequence[tuple[float, str]], low: float, high: float) -> list[str]:
    """The keys of the entries (moment, key), sorted, whose moment is from `low` to `high`.

    Bisected on tuples, compared in C, rather than with a key function that
    Python calls at each step: `(low,)` comes before every entry of moment
    `low`, and `(after,)` after every entry of moment `high`.
    """
    first = bisect_left(entries, (low,))
    last = (
        len(entries)
        if high == math.inf
        else bisect_left(entries, (math.nextafter(high, math.inf),))
    )
    return [key for _, key in entries[first:last]]


@attrs.define
class _Timeline:
    """The nodes at one place by when they happened (dated) or were first reported (undated)."""

    dated: list[tuple[float, str]] = attrs.field(factory=list)
    """The start and key of each dated node, sorted."""
    reported: list[tuple[float, str]] = attrs.field(factory=list)
    """The first report and key of each undated node with one, sorted."""
    timeless: list[str] = attrs.field(factory=list)
    """The undated nodes whose claims carry no publication time: no window excludes them."""
    longest: float = 0.0
    """The longest dated span, in seconds: a node that began that long before may still meet.

    It may be longer than any span left (a node can lose its date as a slip of
    the year): the timeline then finds a few more nodes, never fewer.
    """
    widest: float = 0.0
    """The widest spread of an undated node's publication times, in seconds (at least)."""

    @classmethod
    def of(cls, nodes: Iterable[_Node]) -> dict[str | None, _Timeline]:
        """The timeline of each place (None: the nodes at no stated place)."""
        timelines: dict[str | None, _Timeline] = defaultdict(_Timeline)
        for node in nodes:
            timelines[node.where].add(node)
        for timeline in timelines.values():
            timeline.dated.sort()
            timeline.reported.sort()
        return dict(timelines)

    def copy(self) -> _Timeline:
        """A timeline to change, leaving this one as it is."""
        return attrs.evolve(
            self, dated=list(self.dated), reported=list(self.reported), timeless=list(self.timeless)
        )

    def add(self, node: _Node, *, in_order: bool = False) -> None:
        """Put the node in (`in_order`: where it belongs; else at the end, to be sorted)."""
        if node.span is not None:
            entries, moment = self.dated, node.span[0]
            self.longest = max(self.longest, node.span[1] - node.span[0])
        elif node.published is not None:
            entries, moment = self.reported, node.published[0]
            self.widest = max(self.widest, node.published[1] - node.published[0])
        else:
            self.timeless.append(node.key)
            return
        if in_order:
            insort(entries, (moment, node.key))
        else:
            entries.append((moment, node.key))

    def remove(self, node: _Node) -> None:
        """Take the node out (as it was put in)."""
        if node.span is not None:
            _take_out(self.dated, (node.span[0], node.key))
        elif node.published is not None:
            _take_out(self.reported, (node.published[0], node.key))
        else:
            self.timeless.remove(node.key)

    def every(self) -> list[str]:
        """The keys of all its nodes."""
        return [*(key for _, key in self.dated), *(key for _, key in self.reported), *self.timeless]


def _take_out(entries: list[tuple[float, str]], entry: tuple[float, str]) -> None:
    """Remove `entry` from the sorted `entries`, found by bisection.

    `list.remove` compares from the start: at 10^6 simulated claims, an
    update's removals from a place's tens of thousands of entries took a
    quarter of a second.
    """
    position = bisect_left(entries, entry)
    if position == len(entries) or entries[position] != entry:
        raise ValueError(f"{entry!r} is not in the timeline")
    del entries[position]


def _timelines_updated(
    timelines: Mapping[str | None, _Timeline],
    before: Mapping[str, _Node],
    after: Mapping[str, _Node],
    changed: Iterable[str],
) -> dict[str | None, _Timeline]:
    """The timelines once the `changed` nodes are as in `after`; those given stay as they are."""
    updated = dict(timelines)
    copied: set[str | None] = set()

    def timeline(place: str | None) -> _Timeline:
        if place not in copied:
            copied.add(place)
            updated[place] = updated[place].copy() if place in updated else _Timeline()
        return updated[place]

    for key in changed:
        old, new = before.get(key), after[key]
        if old is new:
            continue
        if old is not None:
            timeline(old.where).remove(old)
        timeline(new.where).add(new, in_order=True)
    return updated
