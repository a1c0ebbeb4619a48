"""The nodes as columns, for the columnar clustering kernel (`reconcile.linking.columnar`).

Start, end, first and last publication, and ids for the place, the kind,
the label set and the declared event, each distinct text coded once; with
them, what the kernel reads of the nodes beside their pairs: the far
partners' pairs and the given partners as codes, and each node's summary
for the merge (`_column_summaries`).

Importing this module imports NumPy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

import attrs
import numpy as np
from numpy.typing import NDArray
from rapidfuzz.utils import default_process

from reconcile.linking.cluster import MentionClusterer, _Pairs, _Summary
from reconcile.linking.nodes import (
    DAY,
    Day,
    _bare,
    _day_of_time,
    _name,
    _Node,
    _seconds,
    _single_unit,
)
from reconcile.values.timespan import TimeSpan

Ints = NDArray[np.int64]
"""A column of node indices, codes or counts."""
Floats = NDArray[np.float64]
"""A column of times (epoch seconds) or scores; NaN where a node has none."""
Flags = NDArray[np.bool_]
"""A column of yes or no, one a node or a pair."""
_Value = TypeVar("_Value", str, tuple[str, ...])


def _ids(values: Sequence[_Value | None]) -> tuple[Ints, list[_Value]]:
    """Each value's index among the distinct values, in the order first seen (-1 for None)."""
    index: dict[_Value, int] = {}
    codes = np.fromiter(
        (-1 if value is None else index.setdefault(value, len(index)) for value in values),
        np.int64,
        len(values),
    )
    return codes, list(index)


@attrs.frozen
class _Columns:
    """The nodes as columns, in the nodes' (key) order; NaN or -1 where a node has no figure."""

    start: Floats
    end: Floats
    dated: Flags
    first_report: Floats
    last_report: Floats
    reported: Flags
    moment: Floats
    """`_moment`: the start, else the first report, else NaN."""
    place: Ints
    places: list[str]
    kind: Ints
    event: Ints
    event_ids: list[str]
    label_set: Ints
    label_sets: list[tuple[str, ...]]
    single_unit: Flags
    day: Ints
    """`_day_of` each node as ``year * 10000 + month * 100 + day``; -1: none."""
    bare: Flags
    shared_documents: Ints
    """Sorted codes ``first * count + second`` of the pairs that hold claims of one document."""

    def without_dates(self, undated: Ints) -> _Columns:
        """The columns of the nodes with those at the indices `undated` made undated.

        What `_Columns.of` gives for the nodes after `_undated`: only the
        columns that depend on a node's date change.
        """
        if not undated.size:
            return self
        start, end, single_unit = self.start.copy(), self.end.copy(), self.single_unit.copy()
        start[undated] = end[undated] = np.nan
        single_unit[undated] = False
        day = self.day.copy()
        day[undated] = -1
        dated = ~np.isnan(start)
        # `_bare`: no date now, so bare if it has no place or kind either.
        bare = self.bare.copy()
        bare[undated] = (self.place[undated] < 0) & (self.kind[undated] < 0)
        return attrs.evolve(
            self,
            start=start,
            end=end,
            dated=dated,
            moment=np.where(dated, start, self.first_report),
            single_unit=single_unit,
            day=day,
            bare=bare,
        )

    def share_a_document(self, first: Ints, second: Ints) -> Flags:
        """Whether the two nodes of each pair hold claims from one document."""
        codes = first * len(self.start) + second
        shared = self.shared_documents
        if not shared.size:
            return np.zeros(len(first), dtype=np.bool_)
        found = np.minimum(np.searchsorted(shared, codes), len(shared) - 1)
        same: Flags = shared[found] == codes
        return same

    def take(self, indices: Ints) -> _Columns:
        """The columns of the nodes at `indices` (ascending), as `of` gives them for those nodes.

        But for how the places, events and label sets are numbered: each keeps
        the order it had among all the nodes' (which no score depends on). So
        a block of the nodes is sent to a Dask worker as arrays, not as nodes
        to pickle and turn into columns again.
        """
        place, places = _recoded(self.place[indices], self.places)
        event, event_ids = _recoded(self.event[indices], self.event_ids)
        label_set, label_sets = _recoded(self.label_set[indices], self.label_sets)
        return _Columns(
            start=self.start[indices],
            end=self.end[indices],
            dated=self.dated[indices],
            first_report=self.first_report[indices],
            last_report=self.last_report[indices],
            reported=self.reported[indices],
            moment=self.moment[indices],
            place=place,
            places=places,
            kind=self.kind[indices],
            event=event,
            event_ids=event_ids,
            label_set=label_set,
            label_sets=label_sets,
            single_unit=self.single_unit[indices],
            day=self.day[indices],
            bare=self.bare[indices],
            shared_documents=_pairs_among(self.shared_documents, len(self.start), indices),
        )

    @classmethod
    def of(cls, nodes: Sequence[_Node]) -> _Columns:
        """The columns of `nodes`; each distinct place, kind and label set gets one id."""
        count = len(nodes)
        nan = float("nan")
        start, end, single_unit, day = _times([node.when for node in nodes])
        unreported = (nan, nan)
        reports = [node.published or unreported for node in nodes]
        first, last = zip(*reports, strict=True) if reports else ((), ())
        first_report, last_report = np.array(first, np.float64), np.array(last, np.float64)
        dated, reported = ~np.isnan(start), ~np.isnan(first_report)
        place, places = _ids([node.where for node in nodes])
        # Kinds are the same kind when their processed forms are equal, as `_link` compares them
        # (each distinct kind processed once).
        written, kinds = _ids([node.kind for node in nodes])
        processed, _ = _ids([default_process(text) for text in kinds])
        kind = np.where(written >= 0, processed[np.maximum(written, 0)], -1) if kinds else written
        event, event_ids = _ids([None if n.event is None else n.event.id for n in nodes])
        label_set, label_sets = _ids([node.labels for node in nodes])
        return cls(
            start=start,
            end=end,
            dated=dated,
            first_report=first_report,
            last_report=last_report,
            reported=reported,
            moment=np.where(dated, start, first_report),
            place=place,
            places=places,
            kind=kind,
            event=event,
            event_ids=event_ids,
            label_set=label_set,
            label_sets=label_sets,
            single_unit=single_unit,
            day=day,
            bare=np.fromiter((_bare(node) for node in nodes), np.bool_, count),
            shared_documents=_shared_documents(nodes),
        )


def _times(whens: Sequence[TimeSpan | None]) -> tuple[Floats, Floats, Flags, Ints]:
    """`_Node.span` (start, end; NaN if None), `_Node.single_unit` and the `day` of each time.

    Each distinct time is worked out once: a million nodes hold tens of
    thousands. Equal spans in other zones fall on other days, so a time is
    told apart by its zones too (by identity: the spans keep them alive, and
    equal zones that are two objects only cost one more working out). Nodes
    of one date mostly share one span (the loader reads each date once), so
    a span is first looked up by its identity, which needs no hash: at 10^6
    simulated claims, 362,000 times in 85,000 spans, read in a third of the
    time the lookup by value alone took.
    """
    undated = (float("nan"), float("nan"), False, -1)
    known: dict[tuple[TimeSpan, int, int], tuple[float, float, bool, int]] = {}
    seen: dict[int, tuple[float, float, bool, int]] = {}  # by identity: `whens` keeps them alive
    rows = []
    for when in whens:
        if when is None:
            rows.append(undated)
            continue
        row = seen.get(id(when))
        if row is None:
            key = (when, id(when.start.tzinfo), id(when.end.tzinfo))
            row = known.get(key)
            if row is None:
                row = known[key] = (
                    *_seconds(when),
                    _single_unit(when),
                    _day_code(_day_of_time(when)),
                )
            seen[id(when)] = row
        rows.append(row)
    start, end, single_unit, day = zip(*rows, strict=True) if rows else ((), (), (), ())
    return (
        np.array(start, np.float64),
        np.array(end, np.float64),
        np.array(single_unit, np.bool_),
        np.array(day, np.int64),
    )


def _day_code(day: Day | None) -> int:
    """A calendar day as ``year * _YEAR + month * 100 + day``; -1 for None."""
    return -1 if day is None else day[0] * _YEAR + day[1] * 100 + day[2]


_YEAR = 10_000
"""One year in a `day` code: the same day a year later is this much more."""


def _recoded(codes: Ints, table: list[_Value]) -> tuple[Ints, list[_Value]]:
    """Codes into `table` as codes into the part of it they use, in the same order (-1 stays)."""
    used = np.unique(codes[codes >= 0])
    recoded: Ints = np.where(codes >= 0, np.searchsorted(used, codes), -1)
    return recoded, [table[code] for code in used.tolist()]


def _pairs_among(codes: Ints, count: int, indices: Ints) -> Ints:
    """Sorted pair codes ``first * count + second`` of the pairs within `indices`, renumbered.

    Each node at `indices` (ascending) becomes its position among them; the
    pairs are looked up by their first node (the codes are sorted), so the
    cost follows the pairs of these nodes, not all pairs.
    """
    low = np.searchsorted(codes, indices * count)
    high = np.searchsorted(codes, (indices + 1) * count)
    first, runs = _runs(low, high)
    second_node = codes[runs] % count
    second = np.minimum(np.searchsorted(indices, second_node), max(len(indices) - 1, 0))
    within = indices[second] == second_node
    found: Ints = first[within] * len(indices) + second[within]
    return found


def _pair_codes(nodes: Sequence[_Node], pairs: _Pairs) -> Ints:
    """Pairs of node keys as sorted codes ``first * count + second`` of their indices."""
    position = {node.key: index for index, node in enumerate(nodes)}
    codes = [
        min(position[a], position[b]) * len(nodes) + max(position[a], position[b]) for a, b in pairs
    ]
    return np.unique(np.array(codes, dtype=np.int64))


def _shared_documents(nodes: Sequence[_Node]) -> Ints:
    holders: dict[str, list[int]] = defaultdict(list)
    for position, node in enumerate(nodes):
        for document in node.documents:
            holders[document].append(position)
    shared = [np.zeros(0, dtype=np.int64)]
    for members in holders.values():
        held = np.array(members, dtype=np.int64)  # in node order: the smaller index first
        low, high = np.triu_indices(len(held), k=1)
        shared.append(held[low] * len(nodes) + held[high])
    return np.unique(np.concatenate(shared))


def _far_partner_codes(columns: _Columns, clusterer: MentionClusterer) -> Ints:
    """`clusterer._far_partners(nodes)` as sorted pair codes, read off the nodes' columns.

    The same look-ups as arrays. An entry is a node with a moment under one
    of its names; a group is a name at a place (no place is a place of its
    own). Each undated, reported node asks each group of each of its names
    for the last entry that began strictly before its near days: in moment
    order, then node (key) order, as the index of `_name_index` sorts them.
    """
    if clusterer.undated_near_days is None:
        return np.zeros(0, np.int64)
    node, name = _names_by_node(columns.label_sets, columns.label_set)
    places = len(columns.places) + 1  # codes 1 on for the places, 0 for none
    group_code = name * places + columns.place[node] + 1
    is_entry = ~np.isnan(columns.moment[node])
    groups = np.unique(group_code[is_entry])
    asking = ~columns.dated[node] & columns.reported[node]
    earliest = columns.first_report[node[asking]] - clusterer.undated_near_days * DAY
    # Each asking (node, name) row meets every group of its name: contiguous among `groups`.
    first_group = np.searchsorted(groups, name[asking] * places)
    last_group = np.searchsorted(groups, (name[asking] + 1) * places)
    row, group = _runs(first_group, last_group)
    # Moments and thresholds ranked together, so that comparing ranks compares the floats.
    moments, thresholds = columns.moment[node[is_entry]], earliest[row]
    ranks = np.unique(np.concatenate([moments, thresholds]), return_inverse=True)[1]
    width = len(moments) + len(thresholds) + 1
    entry_group = np.searchsorted(groups, group_code[is_entry])
    entry_key = entry_group * width + ranks[: len(moments)]
    order = np.lexsort((node[is_entry], entry_key))
    sorted_keys, sorted_nodes = entry_key[order], node[is_entry][order]
    before = np.searchsorted(sorted_keys, group * width + ranks[len(moments) :]) - 1
    found = before >= np.searchsorted(sorted_keys, group * width)
    asker, other = node[asking][row[found]], sorted_nodes[before[found]]
    count = len(columns.start)
    return np.unique(np.minimum(asker, other) * count + np.maximum(asker, other))


def _names_by_node(label_sets: Sequence[tuple[str, ...]], label_set: Ints) -> tuple[Ints, Ints]:
    """A row per node and name of it (`_names`): the node's index and the name's id."""
    ids: dict[tuple[str, ...], int] = {}
    names_of_set = [
        sorted({ids.setdefault(name, len(ids)) for label in labels if (name := _name(label))})
        for labels in label_sets
    ]
    flat = np.fromiter((n for names in names_of_set for n in names), np.int64)
    lengths = np.fromiter((len(names) for names in names_of_set), np.int64, len(names_of_set))
    starts = np.cumsum(lengths) - lengths
    row, position = _runs(starts[label_set], starts[label_set] + lengths[label_set])
    return row, flat[position]


def _runs(low: Ints, high: Ints) -> tuple[Ints, Ints]:
    """For each i, the positions low[i], ..., high[i] - 1, end to end, each with its i."""
    lengths = high - low
    owner = np.repeat(np.arange(len(low), dtype=np.int64), lengths)
    return owner, np.repeat(low - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())


def _column_summaries(c: _Columns) -> tuple[list[_Summary], list[bool]]:
    """`_Summary.of` and `_timeless` of each node, read off the columns rather than the nodes.

    The greedy merge sums up nearly every node: reading floats from columns
    is cheaper than reading the nodes, whose pages a forked child may share.
    """
    inf = float("inf")
    place_sets = [frozenset([place]) for place in c.places]
    summaries = list(
        map(
            _Summary,
            [None if event < 0 else c.event_ids[event] for event in c.event.tolist()],
            np.where(c.dated, c.start, -inf).tolist(),
            np.where(c.dated, c.end, inf).tolist(),
            np.where(c.reported, c.last_report, inf).tolist(),
            np.where(np.isnan(c.moment), inf, c.moment).tolist(),
            np.where(~c.dated & c.reported, c.first_report, -inf).tolist(),
            np.where(c.reported, c.first_report, inf).tolist(),
            np.where(c.reported, c.last_report, -inf).tolist(),
            [frozenset() if place < 0 else place_sets[place] for place in c.place.tolist()],
        )
    )
    return summaries, (~c.dated & ~c.reported).tolist()
