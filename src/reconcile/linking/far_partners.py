"""The far partners by name (`MentionClusterer._far_partners`), kept up to date.

Undated mentions are paired with a far node of the same name, picked from
an index of names by when they happened; when an update changes nodes,
only the undated nodes whose pick may change pick again.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from reconcile.linking.cluster import MentionClusterer, _Pairs
from reconcile.linking.nodes import (
    DAY,
    _moment,
    _name_index,
    _NameIndex,
    _names,
    _Node,
    _reported_undated,
)
from reconcile.linking.timelines import _take_out


@attrs.frozen
class _Names:
    """The far partners by name (see `MentionClusterer._far_partners`), kept up to date.

    When nodes change, only the undated nodes that bear a name of a node
    whose place in the index moved pick their partners again.
    """

    index: _NameIndex
    picked: Mapping[str, tuple[tuple[str, str], ...]]
    """The pairs each undated node picked."""
    pickers: Mapping[tuple[str, ...], tuple[tuple[float, str], ...]]
    """The undated nodes that bear each name, as when their near days begin and their keys, sorted.

    Sorted once kept, so that an update bisects them (`_picks_moved`) and
    moves only those of the changed nodes: sorting every picker of a name
    that moved read thousands of nodes an update at 10^6 simulated claims."""
    counts: Mapping[tuple[str, str], int]
    """How many nodes picked each pair."""

    @classmethod
    def of(cls, clusterer: MentionClusterer, nodes: Sequence[_Node]) -> _Names:
        index = _name_index(nodes)
        undated = [node for node in nodes if _reported_undated(node)]
        picked = {node.key: clusterer._selected(node, index) for node in undated}
        pickers: dict[tuple[str, ...], list[tuple[float, str]]] = defaultdict(list)
        for node in undated:
            entry = _near_days_begin(clusterer, node)
            for name in _names(node):
                pickers[name].append(entry)
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for pairs in picked.values():
            for pair in pairs:
                counts[pair] += 1
        return cls(
            index,
            picked,
            {name: tuple(sorted(entries)) for name, entries in pickers.items()},
            dict(counts),
        )

    def partners(self) -> _Pairs:
        """Every pair some node picked."""
        return frozenset(self.counts)

    def updated(
        self,
        clusterer: MentionClusterer,
        before: Mapping[str, _Node],
        after: Mapping[str, _Node],
        changed: Iterable[str],
    ) -> _Names:
        """The names once the `changed` nodes are as in `after` (a node keeps its names).

        A node picks again if it is one of the changed nodes and reported
        undated, or if it bears a name whose entries moved where they can
        change its pick (`_picks_moved`); a node dated again (no longer a slip
        of the year) picks none.
        """
        index = _CopiedOnWrite(self.index)
        joined: dict[tuple[str, ...], list[tuple[float, str]]] = defaultdict(list)
        left: dict[tuple[str, ...], list[tuple[float, str]]] = defaultdict(list)
        """The pickers that take or leave their place by each name: its pickers are written once."""
        moved: dict[tuple[str, ...], dict[str | None, list[tuple[float, str]]]] = {}
        """By name and place, the entries that left or took a place in the index."""
        again, dropped = set(), set()
        for key in changed:
            old, new = before.get(key), after[key]
            was, now = None if old is None else _moment(old), _moment(new)
            picked_before = old is not None and _reported_undated(old)
            if _reported_undated(new):
                again.add(key)
            elif picked_before:
                dropped.add(key)
            _repositioned(clusterer, old if picked_before else None, new, left, joined)
            if (was == now and old is not None) or (was is None and now is None):
                continue
            for name in _names(new):
                entries = index.entries(name, new.where)
                moves = moved.setdefault(name, {}).setdefault(new.where, [])
                if was is not None:
                    _take_out(entries, (was, key))
                    moves.append((was, key))
                if now is not None:
                    insort(entries, (now, key))
                    moves.append((now, key))
        pickers = dict(self.pickers)
        for name in joined.keys() | left.keys():
            entries = list(pickers.get(name, ()))
            for entry in left.get(name, ()):
                _take_out(entries, entry)
            for entry in joined.get(name, ()):
                insort(entries, entry)
            pickers[name] = tuple(entries)
        for name, places in moved.items():
            for moves in places.values():
                moves.sort()
            if clusterer.undated_near_days is not None:  # else no node picks a far partner
                again.update(self._picks_moved(name, places, pickers.get(name, ())))
        picked = dict(self.picked)
        counts = dict(self.counts)
        for key in again | dropped:
            pairs = clusterer._selected(after[key], index.written) if key in again else ()
            for pair in picked.get(key, ()):
                counts[pair] -= 1
                if not counts[pair]:
                    del counts[pair]
            for pair in pairs:
                counts[pair] = counts.get(pair, 0) + 1
            if key in again:
                picked[key] = pairs
            else:
                del picked[key]
        return _Names(index.written, picked, pickers, counts)

    def _picks_moved(
        self,
        name: tuple[str, ...],
        moved: Mapping[str | None, Sequence[tuple[float, str]]],
        pickers: Sequence[tuple[float, str]],
    ) -> set[str]:
        """The `pickers` by `name` whose pick the entries that `moved` (by place) can change.

        At each place a node picks the last entry that began before its near
        days (`MentionClusterer._selected`): that pick changes only if an
        entry moved at or after it and before the near days. So a move
        changes the picks of the nodes whose near days begin after it and no
        later than the next entry after it: found by bisection among the
        pickers (sorted by when their near days begin, see `pickers`), a few
        for each move, rather than by asking every picker of the name about
        every place.
        """
        found: set[str] = set()
        for place, moves in moved.items():
            entries = self.index.get(name, {}).get(place, [])
            for move in moves:
                following = bisect_right(entries, move)
                until = entries[following][0] if following < len(entries) else math.inf
                # The pickers whose near days begin after the move, up to `until` included.
                low = bisect_left(pickers, (math.nextafter(move[0], math.inf),))
                high = bisect_left(pickers, (math.nextafter(until, math.inf),))
                found.update(key for _, key in pickers[low:high])
        return found

    def pairs_of(self, node: _Node, partners: _Pairs) -> Iterator[tuple[str, str]]:
        """The far pairs (of `partners`, those picked) that `node` is in, at either end.

        Those it picked, and those of the pickers that picked it: at each place
        a node picks the last entry that began before its near days, so the
        node is picked by those of its names' pickers whose near days begin
        after its entry and no later than the next (found by bisection, as in
        `_picks_moved`; kept if picked). Going through every pair for the
        changed nodes took twice as long (68 ms an update at 10^6
        simulated claims, 1% drawn at random, against 35 ms).
        """
        yield from self.picked.get(node.key, ())
        moment = _moment(node)
        if moment is None:
            return  # not in the index: no node picks it
        entry = (moment, node.key)
        for name in _names(node):
            entries = self.index.get(name, {}).get(node.where, [])
            following = bisect_right(entries, entry)
            until = entries[following][0] if following < len(entries) else math.inf
            pickers = self.pickers.get(name, ())
            # From the entry's moment on, not just after it: a few more, kept only if picked.
            low = bisect_left(pickers, (moment,))
            high = bisect_left(pickers, (math.nextafter(until, math.inf),))
            for _, picker in pickers[low:high]:
                pair = (picker, node.key) if picker <= node.key else (node.key, picker)
                if pair in partners:
                    yield pair


def _near_days_begin(clusterer: MentionClusterer, node: _Node) -> tuple[float, str]:
    """When an undated node's near days begin (see `_Names.pickers`), and its key."""
    assert node.published is not None, "a picker is reported"
    return node.published[0] - (clusterer.undated_near_days or 0.0) * DAY, node.key


def _repositioned(
    clusterer: MentionClusterer,
    picker_before: _Node | None,
    node: _Node,
    left: Mapping[tuple[str, ...], list[tuple[float, str]]],
    joined: Mapping[tuple[str, ...], list[tuple[float, str]]],
) -> None:
    """Move a changed node among the pickers of its names: out as it was, in as it is now.

    `picker_before` is the node as it was if it picked then; a node that
    picks now is reported undated. Nothing moves if neither changed.
    """
    was = None if picker_before is None else _near_days_begin(clusterer, picker_before)
    now = _near_days_begin(clusterer, node) if _reported_undated(node) else None
    if was == now:
        return
    if picker_before is not None and was is not None:  # the one implies the other
        for name in _names(picker_before):
            left[name].append(was)
    if now is not None:
        for name in _names(node):
            joined[name].append(now)


class _CopiedOnWrite:
    """A name index that an update changes: each entry list it changes copied once, not per node.

    The previous state keeps its index as it was. Copied again for every
    node that moves in it, a list of a name common at a place (thousands of
    entries) was copied as many times as nodes of that name changed.
    """

    def __init__(self, index: _NameIndex) -> None:
        self.written: _NameIndex = dict(index)
        self._copied: dict[tuple[str, ...], set[str | None]] = {}
        """The places of each name whose entries are this update's copies."""

    def entries(self, name: tuple[str, ...], place: str | None) -> list[tuple[float, str]]:
        """The entries of `name` at `place`, this update's own copy, to change in place."""
        places = self._copied.get(name)
        if places is None:
            places = self._copied[name] = set()
            self.written[name] = dict(self.written.get(name, {}))
        by_place = self.written[name]
        if place not in places:
            places.add(place)
            by_place[place] = list(by_place.get(place, []))
        return by_place[place]
