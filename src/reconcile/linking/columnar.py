"""The columnar clustering kernel: `MentionClusterer`'s events, with its pairs as NumPy arrays.

The nodes (distinct mentions and declared events) become columns: start,
end, first and last publication, and ids for the place, the kind, the label
set and the declared event. Candidate pairs come from `np.searchsorted` over
sorted times, in chunks of bounded size; the cannot-links and the scores are
array expressions over a chunk's pairs; each distinct text is handled once: labels are scored once
per distinct pair with `rapidfuzz.process.cpdist`, places compared once per
distinct pair of names. Only the greedy merge stays a loop, over the pairs
that reach the threshold, with the same per-cluster summaries and the same
order as `MentionClusterer`, so that the events, their ids, labels and links
are the same. `Link` objects (with their reasons) are made by
`MentionClusterer` itself, only for the links taken.

Importing this module imports NumPy: `reconcile.linking.engine` imports it
only when a columnar clusterer runs.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TypeVar, cast, overload

import attrs
import numpy as np
from numpy.typing import NDArray
from rapidfuzz.utils import default_process

from reconcile.collector import with_collector_paused
from reconcile.linking.cluster import (
    EventCluster,
    MentionClusterer,
    _Pair,
    _Pairs,
    _resolve,
    _Summary,
    plain_sum,
)
from reconcile.linking.forked import HandedOver, started_in_two
from reconcile.linking.labels import UNKNOWN, pair_similarities
from reconcile.linking.nodes import (
    DAY,
    Day,
    _bare,
    _day_of_time,
    _name,
    _Node,
    _nodes,
    _seconds,
    _single_unit,
    _timeless,
    _undated,
)
from reconcile.model.dataset import Dataset
from reconcile.pages import ordinary_pages
from reconcile.processes import results_in_two, usable_processes
from reconcile.values.timespan import TimeSpan

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Links = tuple[Ints, Ints, list[float]]
"""Links as columns: the first and second node's index, and the score (strongest first)."""
HeldLinks = tuple[NDArray[np.int32], NDArray[np.int32], Floats]
"""Links as columns kept for long (`compact`): 32-bit node indices, scores in an array."""
_Value = TypeVar("_Value", str, tuple[str, ...])
_Figure = TypeVar("_Figure", bool, float)

_ROUNDING_SLACK = 1e-6
"""Scores this far below the threshold are rounded exactly too: `round(score, 6)` may lift them."""


@with_collector_paused  # its nodes, links and events are long-lived and free of cycles
def cluster_columns(settings: MentionClusterer, dataset: Dataset) -> tuple[EventCluster, ...]:
    """The events `settings.cluster(dataset)` finds, found with arrays.

    Run with the cyclic garbage collector paused, as `reconcile.reconcile` is:
    called on its own (as ``ColumnarClusterer.cluster``), the collector
    walked its millions of objects again and again, a fifth of the time.
    """
    clusterer = settings._with_places_of(dataset)
    unmended = _nodes(dataset)
    with ordinary_pages():
        columns, slipped = _mended_columns(clusterer, unmended)
        nodes = _undated(unmended, slipped)
        run = _Run(clusterer, columns)
        codes = _far_partner_codes(columns, clusterer)
        first, second, rounded = _linked(run, codes, processes=_processes(len(nodes)))
        return _merge(nodes, clusterer, columns, first, second, rounded)


def _processes(count: int) -> int:
    """How many processes score the pairs of `count` nodes (see `link_columns`)."""
    return 1 if count < FORK_NODES else usable_processes()


def links(nodes: Sequence[_Node], first: Ints, second: Ints, scores: list[float]) -> list[_Pair]:
    """The pairs of the link columns: what the incremental state keeps."""
    return [
        _pair(nodes, a, b, score)
        for a, b, score in zip(first.tolist(), second.tolist(), scores, strict=True)
    ]


def links_reaching(
    clusterer: MentionClusterer, pairs: Sequence[tuple[_Node, _Node]]
) -> list[_Pair]:
    """The pairs whose score reaches the threshold, scored on columns, in the order given.

    What `MentionClusterer._compatible` and `_link` tell of each pair (an
    update's changed nodes against their candidates): the columns are made
    of the pairs' nodes alone, and the pairs scored at once.
    """
    by_key = {node.key: node for pair in pairs for node in pair}
    keys = sorted(by_key)
    position = {key: index for index, key in enumerate(keys)}
    nodes = [by_key[key] for key in keys]
    ends = [
        np.fromiter((position[pair[side].key] for pair in pairs), np.int64, len(pairs))
        for side in (0, 1)
    ]
    # Nodes in key order: the smaller index of a pair is the first node of its link.
    first, second = np.minimum(*ends), np.maximum(*ends)
    first, second, scores = _Run(clusterer, _Columns.of(nodes)).reaching(first, second)
    return links(nodes, first, second, scores.tolist())


def link_columns(
    clusterer: MentionClusterer,
    nodes: Sequence[_Node],
    partners: _Pairs,
    *,
    keep: Callable[[Ints, Ints], Flags] | None = None,
    processes: int | None = None,
) -> tuple[Ints, Ints, list[float]]:
    """`clusterer._links(nodes, partners)` as columns: first and second node index, score.

    Every link at or above the threshold, strongest first (`nodes` are in
    key order, as `_nodes` gives them); `links` makes them pairs. `keep`, if
    given, says which candidate pairs (of node indices) to score at all: a
    block of the nodes keeps the pairs it owns (`reconcile.distributed`).

    The candidate pairs are scored by `processes` processes (1 or 2: this
    one and a forked child, see `reconcile.linking.forked`); None: two where
    a second core is free to fork onto, one for fewer than `FORK_NODES`
    nodes and for a block of a distributed run (given `keep`), whose workers
    are its parallelism. The links are the same either way.
    """
    if processes is None:
        processes = 1 if keep is not None else _processes(len(nodes))
    run = _Run(clusterer, _Columns.of(nodes))
    return _linked(run, _pair_codes(nodes, partners), keep=keep, processes=processes)


def _linked(
    run: _Run,
    codes: Ints,
    *,
    keep: Callable[[Ints, Ints], Flags] | None = None,
    processes: int,
) -> tuple[Ints, Ints, list[float]]:
    """`link_columns` of the run's columns and the far partners' codes."""
    with _links_started(lambda: run, keep=keep, processes=processes) as links:
        return links(codes)


@contextmanager
def _links_started(
    run_here: Callable[[], _Run],
    *,
    keep: Callable[[Ints, Ints], Flags] | None = None,
    processes: int,
) -> Iterator[Callable[[Ints], tuple[Ints, Ints, list[float]]]]:
    """The candidate pairs by time being scored: call what it yields with the far partners' codes.

    With `processes` 2 a forked child scores from the start of the block
    (`started_in_two`), so this process may work out the far partners
    meanwhile; the call scores them, shares the pairs by time the child has
    not taken, and gives every link, strongest first. `run_here` gives the
    run of the process that asks, each process its own.
    """

    def chunks() -> Iterator[tuple[Ints, Ints]]:
        run = run_here()
        return _kept(_time_chunks(run.columns, run.clusterer), keep)

    def reaching(pairs: tuple[Ints, Ints]) -> tuple[Ints, Ints, Floats]:
        return run_here().reaching(*pairs)

    with started_in_two(chunks, reaching, _pair_count, processes=processes) as scored:

        def links(codes: Ints) -> tuple[Ints, Ints, list[float]]:
            by_time = scored()
            far = _far_chunks(run_here().columns, codes)
            parts = [*by_time, *map(reaching, _kept(far, keep))]
            return _strongest_first(*joined(cast(tuple[Ints, Ints, Floats], p) for p in parts))

        yield links


def _kept(
    chunks: Iterator[tuple[Ints, Ints]], keep: Callable[[Ints, Ints], Flags] | None
) -> Iterator[tuple[Ints, Ints]]:
    """The chunks' pairs that `keep` keeps (all, without it); chunks left empty are left out."""
    if keep is None:
        return chunks
    return (
        (first[kept], second[kept])
        for first, second in chunks
        if (kept := keep(first, second)).any()
    )


FORK_NODES = 100_000
"""Fewer nodes than this are clustered in one process: a fork would cost more than it saves.

Measured on 2 shared cores: at 36,420 nodes (10^5 simulated claims) the
fork made clustering 0.5 s slower (2.5 s in one process), at 362,000
(10^6) 2.3 s faster (28.6 s in one): copying the pages both processes
touch costs about what the child saves, until the work is large.
"""


def _pair_count(pairs: tuple[Ints, Ints]) -> int:
    return len(pairs[0])


def joined(parts: Iterable[tuple[Ints, Ints, Floats]]) -> tuple[Ints, Ints, Floats]:
    """Columns of pairs (first, second, score) found part by part, one after the other."""
    found = list(parts)
    first = np.concatenate([np.zeros(0, np.int64), *(f for f, _, _ in found)])
    second = np.concatenate([np.zeros(0, np.int64), *(s for _, s, _ in found)])
    scores = np.concatenate([np.zeros(0), *(score for _, _, score in found)])
    return first, second, scores


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


def _year_slips(run: _Run) -> Ints:
    """`run.clusterer._year_slips(nodes)` as node indices, read off the run's columns.

    A node on a day is corroborated by another on that day that may be the
    same event; one that is not, with two that may be it on the same day a
    year before (or two a year after), is a slip of the year. The pairs are
    made in chunks of about `CHUNK_PAIRS`, as the candidate pairs are.
    """
    if not run.clusterer.mend_year_slips:
        return np.zeros(0, np.int64)
    day = run.columns.day
    on_days = np.flatnonzero(day >= 0)
    by_day = on_days[np.argsort(day[on_days], kind="stable")]
    days = day[by_day]

    def witnesses(owners: Ints, shift: int) -> Ints:
        # How many other nodes of the day `shift` away may be the same event as each owner.
        low = np.searchsorted(days, day[owners] + shift, side="left")
        high = np.searchsorted(days, day[owners] + shift, side="right")
        found = np.zeros(len(day), np.int64)
        for first, second in _ranges(owners, low, high, by_day):
            alike = (first != second) & run.may_be_one(first, second)
            found += np.bincount(first[alike], minlength=len(day))
        return found

    alone = by_day[witnesses(by_day, 0)[by_day] == 0]
    slipped = (witnesses(alone, -_YEAR) >= 2) | (witnesses(alone, _YEAR) >= 2)
    return np.flatnonzero(slipped)


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


# -- candidate pairs ----------------------------------------------------------------------


CHUNK_PAIRS = 1 << 18
"""About how many candidate pairs are scored at once: memory stays bounded at any size."""


def _time_chunks(columns: _Columns, clusterer: MentionClusterer) -> Iterator[tuple[Ints, Ints]]:
    """Every pair `MentionClusterer`'s blocking compares by time, once, the smaller index first.

    In chunks of about `CHUNK_PAIRS`. Pairs the blocking would not compare
    are cannot-links, which `_Run.reaching` removes, as `_compatible`
    does for `MentionClusterer`. Candidates by time come within the near
    days, so none is a far pair (`_may_link`): those that share a name come
    apart (`_far_chunks`), last, as `_candidate_pairs` gives them.
    """
    yield from _dated_chunks(columns, clusterer.tolerance_days * DAY)
    yield from _coalesced(_undated_once(columns, _undated_chunks(columns, clusterer)))


def _far_chunks(columns: _Columns, partners: Ints) -> Iterator[tuple[Ints, Ints]]:
    """The far pairs that share a name, given as codes: one chunk, if any."""
    if partners.size:
        count = len(columns.start)
        yield partners // count, partners % count


def _undated_once(
    columns: _Columns, chunks: Iterable[tuple[Ints, Ints]]
) -> Iterator[tuple[Ints, Ints]]:
    """The undated pairs, each once, the smaller index first."""
    for owners, members in chunks:
        # An undated pair is found from both ends: keep it once, as `_undated_pairs` does.
        once = (owners != members) & (columns.dated[members] | (owners < members))
        owners, members = owners[once], members[once]
        yield np.minimum(owners, members), np.maximum(owners, members)


def _coalesced(chunks: Iterable[tuple[Ints, Ints]]) -> Iterator[tuple[Ints, Ints]]:
    """The same pairs in the same order, small chunks joined up to about `CHUNK_PAIRS`.

    The undated pairs come place by place, often a few dozen at a time:
    scored chunk by chunk, the fixed cost of each call would outweigh them.
    """
    waiting: list[tuple[Ints, Ints]] = []
    count = 0
    for first, second in chunks:
        if waiting and count + len(first) > CHUNK_PAIRS:
            yield _concatenated(waiting)
            waiting, count = [], 0
        waiting.append((first, second))
        count += len(first)
    if waiting:
        yield _concatenated(waiting)


def _concatenated(chunks: list[tuple[Ints, Ints]]) -> tuple[Ints, Ints]:
    """Chunks of pairs as one chunk, in their order."""
    return np.concatenate([first for first, _ in chunks]), np.concatenate([s for _, s in chunks])


def _ranges(owners: Ints, low: Ints, high: Ints, members: Ints) -> Iterator[tuple[Ints, Ints]]:
    """The pairs (owner, members[p]) for each owner and each position p in [low, high)."""
    counts = np.maximum(high - low, 0)
    ends = np.cumsum(counts)
    begin = 0
    while begin < len(owners):
        done = ends[begin - 1] if begin else 0
        # At least one owner a chunk, however many pairs it has.
        end = max(begin + 1, int(np.searchsorted(ends, done + CHUNK_PAIRS, side="right")))
        part = counts[begin:end]
        total = int(part.sum())
        # Each pair's position within its owner's run, counted from the owner's `low`.
        offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(part) - part, part)
        yield (
            np.repeat(owners[begin:end], part),
            members[np.repeat(low[begin:end], part) + offsets],
        )
        begin = end


def _every(owners: Ints, members: Ints) -> Iterator[tuple[Ints, Ints]]:
    """Each owner with each member."""
    if not members.size:
        return
    step = max(1, CHUNK_PAIRS // len(members))
    for begin in range(0, len(owners), step):
        part = owners[begin : begin + step]
        yield np.repeat(part, len(members)), np.tile(members, len(part))


def _dated_chunks(columns: _Columns, tolerance: float) -> Iterator[tuple[Ints, Ints]]:
    """Dated pairs whose later start is within the tolerance of the earlier end."""
    indices = np.flatnonzero(columns.dated)
    # Stable: ties in start stay in key order, as `_candidate_pairs` sorts by (start, key).
    order = indices[np.argsort(columns.start[indices], kind="stable")]
    starts = columns.start[order]
    high = np.searchsorted(starts, columns.end[order] + tolerance, side="right")
    low = np.arange(1, len(order) + 1, dtype=np.int64)
    for owners, members in _ranges(order, low, high.astype(np.int64), order):
        yield np.minimum(owners, members), np.maximum(owners, members)


@attrs.frozen
class _TimeIndex:
    """Some nodes sorted for the undated window: dated by start, undated by first report."""

    dated: Ints
    dated_starts: Floats
    reported: Ints
    reported_starts: Floats
    unplaced_in_time: Ints
    """Undated nodes with no publication time: no window excludes them."""
    every: Ints

    @classmethod
    def of(cls, columns: _Columns, members: Ints) -> _TimeIndex:
        dated = members[columns.dated[members]]
        dated = dated[np.argsort(columns.start[dated], kind="stable")]
        undated = members[~columns.dated[members]]
        reported = undated[columns.reported[undated]]
        reported = reported[np.argsort(columns.first_report[reported], kind="stable")]
        return cls(
            dated=dated,
            dated_starts=columns.start[dated],
            reported=reported,
            reported_starts=columns.first_report[reported],
            unplaced_in_time=undated[~columns.reported[undated]],
            every=members,
        )


def _undated_chunks(columns: _Columns, clusterer: MentionClusterer) -> Iterator[tuple[Ints, Ints]]:
    """Pairs (undated node, other node) at places that can be the same place.

    As `MentionClusterer._undated_pairs`: the places compatible with each
    distinct place name are worked out once, and with `undated_window_days`
    the window and the reporting time narrow the candidates by time.
    """
    undated = np.flatnonzero(~columns.dated)
    if not undated.size:
        return
    compatible = clusterer._compatible_places(columns.places)
    place_id = {place: index for index, place in enumerate(columns.places)}
    order = np.argsort(columns.place, kind="stable")
    bounds = np.searchsorted(columns.place[order], np.arange(-1, len(columns.places) + 1))
    indexes: dict[int | None, _TimeIndex] = {}

    def index_of(place: int | None) -> _TimeIndex:
        # None: every node; -1: the nodes at no stated place.
        if place not in indexes:
            members = (
                np.arange(len(columns.start))
                if place is None
                else order[bounds[place + 1] : bounds[place + 2]]
            )
            indexes[place] = _TimeIndex.of(columns, members)
        return indexes[place]

    near_days = clusterer._near_days()
    windowed = near_days is not None
    for place in np.unique(columns.place[undated]).tolist():
        owners = undated[columns.place[undated] == place]
        targets: list[int | None] = [None]
        if place != -1:
            targets = [-1, *(place_id[p] for p in compatible[columns.places[place]])]
        in_window = owners[columns.reported[owners]] if windowed else owners[:0]
        anytime = owners[~columns.reported[owners]] if windowed else owners
        for target in targets:
            index = index_of(target)
            yield from _every(anytime, index.every)
            if near_days is not None and in_window.size:
                yield from _in_window(columns, clusterer, near_days, in_window, index)


def _in_window(
    columns: _Columns, clusterer: MentionClusterer, days: float, owners: Ints, index: _TimeIndex
) -> Iterator[tuple[Ints, Ints]]:
    """The nodes of `index` that `days` and the reporting time leave each owner to meet."""
    window, tolerance = days * DAY, clusterer.tolerance_days * DAY
    earliest = columns.first_report[owners] - window
    # A dated node that began after the report (and its tolerance) is a cannot-link.
    for members, starts, latest in (
        (index.dated, index.dated_starts, columns.last_report[owners] + tolerance),
        (index.reported, index.reported_starts, columns.first_report[owners] + window),
    ):
        low = np.searchsorted(starts, earliest, side="left").astype(np.int64)
        high = np.searchsorted(starts, latest, side="right").astype(np.int64)
        yield from _ranges(owners, low, high, members)
    yield from _every(owners, index.unplaced_in_time)


# -- cannot-links and scores ---------------------------------------------------------------


def _gap_days(start_a: Floats, end_a: Floats, start_b: Floats, end_b: Floats) -> Floats:
    """`_gap_days` for arrays of spans (NaN where a span is missing)."""
    return np.maximum(np.maximum(0.0, start_b - end_a), start_a - end_b) / DAY


@attrs.define
class _Run:
    """One clustering: the columns, and what is worked out once per distinct text pair."""

    clusterer: MentionClusterer
    columns: _Columns
    place_allowed: dict[tuple[int, int], bool] = attrs.field(factory=dict)
    place_similarity: dict[tuple[int, int], float] = attrs.field(factory=dict)
    label_similarity: dict[int, float] = attrs.field(factory=dict)
    """The `label_similarity` of each pair of label sets met, by its code (`label_scores`)."""

    def reaching(self, first: Ints, second: Ints) -> tuple[Ints, Ints, Floats]:
        """The pairs that may link and whose rounded score reaches the threshold, with that score.

        The first of each pair has the smaller index, hence the smaller key.
        Rounded here, chunk by chunk, so that each process rounds its own share.
        """
        keep = self.compatible(first, second)
        first, second = first[keep], second[keep]
        scores = self.scores(first, second)
        threshold = self.clusterer.threshold
        near = scores >= threshold - _ROUNDING_SLACK
        first, second = first[near], second[near]
        rounded = _rounded(scores[near])
        reach = rounded >= threshold
        return first[reach], second[reach], rounded[reach]

    def may_be_one(self, first: Ints, second: Ints) -> Flags:
        """`MentionClusterer._may_be_one` for every pair: their places and kinds allow one event."""
        kind_a, kind_b = self.columns.kind[first], self.columns.kind[second]
        kinds = (kind_a < 0) | (kind_b < 0) | (kind_a == kind_b)
        allowed = self._by_place_pair(
            first, second, self.place_allowed, self.clusterer._same_place_possible
        )
        alike: Flags = kinds & ((allowed != 0) | np.isnan(allowed))
        return alike

    def compatible(self, first: Ints, second: Ints) -> Flags:
        """`MentionClusterer._compatible` for every pair at once."""
        c, s = self.columns, self.clusterer
        event_a, event_b = c.event[first], c.event[second]
        keep = ~((event_a >= 0) & (event_b >= 0) & (event_a != event_b))
        both_dated = c.dated[first] & c.dated[second]
        gap = _gap_days(c.start[first], c.end[first], c.start[second], c.end[second])
        keep &= ~(both_dated & (gap > s.tolerance_days))
        tolerance = s.tolerance_days * DAY
        for early, late in ((first, second), (second, first)):
            # `_reported_before`: every claim of one was out before the other's event began.
            keep &= ~(
                c.reported[early]
                & c.dated[late]
                & (c.start[late] > c.last_report[early] + tolerance)
            )
            if s.undated_window_days is not None:
                # `_beyond_window`: the other began, or was first reported, long before.
                earliest = c.first_report[early] - s.undated_window_days * DAY
                keep &= ~(
                    ~c.dated[early]
                    & c.reported[early]
                    & ~np.isnan(c.moment[late])
                    & (c.moment[late] < earliest)
                )
        allowed = self._by_place_pair(first, second, self.place_allowed, s._same_place_possible)
        possible: Flags = (allowed != 0) | np.isnan(allowed)
        compatible: Flags = keep & possible
        return compatible

    def _by_place_pair(
        self,
        first: Ints,
        second: Ints,
        cache: dict[tuple[int, int], _Figure],
        work_out: Callable[[str, str], _Figure],
    ) -> Floats:
        """`work_out` of the places of each pair, once per distinct pair (NaN: a place unsaid)."""
        c = self.columns
        place_a, place_b = c.place[first], c.place[second]
        both = (place_a >= 0) & (place_b >= 0)
        result = np.full(len(first), np.nan)
        width = max(len(c.places), 1)
        codes, inverse = distinct_pairs(place_a[both], place_b[both], width)
        figures = []
        for code in codes.tolist():
            pair = divmod(code, width)
            if pair not in cache:
                cache[pair] = work_out(c.places[pair[0]], c.places[pair[1]])
            figures.append(float(cache[pair]))
        if figures:
            result[both] = np.array(figures)[inverse]
        return result

    def scores(self, first: Ints, second: Ints) -> Floats:
        """`MentionClusterer._link`'s score for every pair, before rounding.

        The parts are added in `_link`'s order, one addition at a time, so
        that the figures agree to the last bit.
        """
        c, s = self.columns, self.clusterer
        unknown = s.unknown_score
        label = self.label_scores(first, second)
        time = _time_scores(c, s, first, second)
        place = self._by_place_pair(first, second, self.place_similarity, s._comparer.similarity)
        place = np.where(np.isnan(place), unknown, place)
        kind_a, kind_b = c.kind[first], c.kind[second]
        kind = np.where(
            (kind_a >= 0) & (kind_b >= 0), (kind_a == kind_b).astype(np.float64), unknown
        )
        document = np.where(c.share_a_document(first, second), 1.0, unknown)
        parts = [
            (s.label_weight, label),
            (s.time_weight, time),
            (s.place_weight, place),
            (s.kind_weight, kind),
            (s.document_weight, document),
        ]
        total = plain_sum(weight for weight, _ in parts)
        score = plain_sum(weight * values for weight, values in parts) / total
        # A mention with no time, place or kind has only its words to go by.
        bare = (c.bare[first] | c.bare[second]) & (label < s.bare_label_threshold)
        return np.where(bare, 0.0, score)

    def label_scores(self, first: Ints, second: Ints) -> Floats:
        """`label_similarity` of each pair's label sets, worked out once per distinct pair.

        The pairs of sets not met before are scored together (`_set_similarities`):
        there are far fewer distinct pairs of labels than pairs, and rapidfuzz
        scores them in one call.
        """
        c = self.columns
        width = max(len(c.label_sets), 1)
        codes, inverse = distinct_pairs(c.label_set[first], c.label_set[second], width)
        known = self.label_similarity
        listed = codes.tolist()
        new = [code for code in listed if code not in known]
        if new:
            known.update(zip(new, _set_similarities(c.label_sets, new, width), strict=True))
        scores = np.fromiter(map(known.__getitem__, listed), np.float64, len(listed))
        by_pair: Floats = scores[inverse]
        return by_pair


def _set_similarities(
    label_sets: Sequence[tuple[str, ...]], codes: Sequence[int], width: int
) -> list[float]:
    """`label_similarity` of each pair of label sets coded as ``first * width + second``.

    The best over the pairs of their labels (`pair_similarities`), as
    `label_similarity` takes it; `UNKNOWN` for a set without labels.
    """
    firsts: list[str] = []
    seconds: list[str] = []
    owners: list[int] = []
    for owner, code in enumerate(codes):
        left, right = label_sets[code // width], label_sets[code % width]
        for label in left:
            firsts += itertools.repeat(label, len(right))
            seconds += right
        owners += itertools.repeat(owner, len(left) * len(right))
    best: list[float | None] = [None] * len(codes)
    for owner, figure in zip(owners, pair_similarities(firsts, seconds), strict=True):
        held = best[owner]
        if held is None or figure > held:
            best[owner] = figure
    return [UNKNOWN if figure is None else figure for figure in best]


DENSE_PAIRS = 1 << 20
"""Up to how many possible pairs of the values a chunk uses `distinct_pairs` marks in a table."""


def distinct_pairs(first: Ints, second: Ints, width: int) -> tuple[Ints, Ints]:
    """``np.unique(first * width + second, return_inverse=True)``, flat: each distinct pair once.

    The distinct codes, ascending, and the position of each pair's code among
    them. Where the pairs of the values the chunk uses fit in a table of
    `DENSE_PAIRS`, each pair marks its cell instead of being sorted. Places are
    few (25 at 10^6 simulated claims, where sorting each chunk's pairs of
    places three times took a third of scoring it): they always fit. Label sets
    fit only where a chunk uses at most 1,024 of them (about 2,000 of 4,874 at
    10^6): the others are sorted. The values are renumbered in their order
    first, so the table's cells lie in the codes' order.
    """
    if not len(first):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if width <= 4 * len(first) + 1024:  # else marking the values used costs more than the pairs
        used = np.zeros(width, np.bool_)
        used[first] = True
        used[second] = True
        values = np.flatnonzero(used)
        count = len(values)
        if count * count <= DENSE_PAIRS:
            rank = np.cumsum(used) - 1
            cells = rank[first] * count + rank[second]
            marked = np.zeros(count * count, np.bool_)
            marked[cells] = True
            present = np.flatnonzero(marked)
            position: Ints = (np.cumsum(marked) - 1)[cells]
            codes: Ints = values[present // count] * width + values[present % count]
            return codes, position
    codes, inverse = np.unique(first * width + second, return_inverse=True)
    return codes, inverse.reshape(-1)


def _time_scores(c: _Columns, s: MentionClusterer, first: Ints, second: Ints) -> Floats:
    """`MentionClusterer._time_part`'s figure for every pair."""
    start_a, end_a, start_b, end_b = c.start[first], c.end[first], c.start[second], c.end[second]
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = _gap_days(start_a, end_a, start_b, end_b)
        apart = np.maximum(0.0, 1 - gap / max(s.tolerance_days, 1e-9))
        a_longer = end_a - start_a >= end_b - start_b
        single = np.where(a_longer, c.single_unit[first], c.single_unit[second])
        common = np.minimum(end_a, end_b) - np.maximum(start_a, start_b)
        union = np.maximum(end_a, end_b) - np.minimum(start_a, start_b)
        overlap = np.where(single, 1.0, common / union)
        both = np.where(gap > 0, apart, overlap)
        lag = _reporting_lag(c, s, first, second)
    return np.where(c.dated[first] & c.dated[second], both, lag)


def _reporting_lag(c: _Columns, s: MentionClusterer, first: Ints, second: Ints) -> Floats:
    """`MentionClusterer._reporting_lag` for every pair (read only where one is undated)."""
    unknown, recent = s.unknown_score, s.recent_days
    first_dated = c.dated[first]
    dated = np.where(first_dated, first, second)
    undated = np.where(first_dated, second, first)
    # Two undated nodes: `_reporting_gap` on their reports.
    gap = _gap_days(
        c.first_report[dated], c.last_report[dated], c.first_report[undated], c.last_report[undated]
    )
    apart = np.where(gap <= recent, unknown, unknown * recent / gap)
    lag = (c.first_report[undated] - c.start[dated]) / DAY
    after = np.where(lag > recent, unknown * recent / lag, 1 - lag / (2 * recent))
    after = np.where(lag < 0, unknown, after)
    neither = ~c.dated[dated]
    result = np.where(c.reported[undated], after, unknown)
    return np.where(
        neither, np.where(c.reported[dated] & c.reported[undated], apart, unknown), result
    )


# -- the greedy merge ---------------------------------------------------------------------


def _strongest_first(first: Ints, second: Ints, rounded: Floats) -> tuple[Ints, Ints, list[float]]:
    """The pairs of rounded scores in the order `_cluster` takes them."""
    # Node indices follow the node keys, so this is the order (-score, first key, second key).
    packed = _packed_strongest_first(first, second, rounded)
    if packed is not None:
        return packed
    order = np.lexsort((second, first, -rounded))
    return first[order], second[order], rounded[order].tolist()


def _packed_strongest_first(
    first: Ints, second: Ints, rounded: Floats
) -> tuple[Ints, Ints, list[float]] | None:
    """`_strongest_first` by one sort of one integer a link, where each fits in 63 bits.

    A rounded score is a whole number of millionths, so a link's order
    (-score, first, second) is that of the integer whose high bits are the
    millionths below the top score and whose low bits are the two node
    indices. At 10^6 simulated claims (2.15M links) that took 0.25 s where
    `np.lexsort` of the three columns took 0.52 s, in the serial part of
    clustering. None when the integers do not fit, or a score is not
    exactly its millionths over a million (so that the scores read back
    from the integers are the scores, to the bit): then the columns are
    sorted as they are.
    """
    if len(first) == 0 or min(int(first.min()), int(second.min())) < 0:
        return None
    if not (np.abs(rounded) < 2.0**40).all():  # NaN too: no whole number of millionths
        return None
    millionths = np.rint(rounded * 1e6).astype(np.int64)
    if not np.array_equal((millionths / 1e6).view(np.int64), rounded.view(np.int64)):
        return None
    top = int(millionths.max())
    node_bits = max(int(first.max()), int(second.max())).bit_length()
    if (top - int(millionths.min())).bit_length() + 2 * node_bits > 63:
        return None
    packed = (top - millionths) << (2 * node_bits)
    packed |= first.astype(np.int64) << node_bits
    packed |= second
    packed.sort()
    node_mask = (1 << node_bits) - 1
    scores = (top - (packed >> (2 * node_bits))) / 1e6
    return (
        ((packed >> node_bits) & node_mask).astype(first.dtype, copy=False),
        (packed & node_mask).astype(second.dtype, copy=False),
        scores.tolist(),
    )


def _rounded(scores: Floats) -> Floats:
    """`round(score, 6)` of each score, exactly as Python rounds it.

    NumPy scales, rounds to an integer and scales back: the integer is
    Python's (which rounds the exact decimal value) unless the scaled score
    lies within a hair of a half, where the scaling's own rounding may tip
    it, and dividing that integer by a million gives the float nearest the
    decimal, as Python does. The few scores near a half are rounded by Python.
    """
    scaled = scores * 1e6
    rounded: Floats = np.rint(scaled) / 1e6
    doubtful = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    rounded[doubtful] = [round(score, 6) for score in scores[doubtful].tolist()]
    return rounded


def _merge(
    nodes: Sequence[_Node],
    clusterer: MentionClusterer,
    columns: _Columns,
    first: Ints,
    second: Ints,
    scores: list[float],
) -> tuple[EventCluster, ...]:
    """`MentionClusterer._cluster`: the greedy merge, then each cluster resolved to its event."""
    groups, taken = _merged(clusterer, first, second, scores, *_column_summaries(columns))
    return _resolve(
        clusterer,
        [[nodes[index] for index in group] for group in groups.values()],
        _taken_pairs(nodes, taken, compact(first, second, scores)),
        [nodes[kept].key for kept in groups],
    )


Merged = tuple[HeldLinks, dict[str, list[str]], Mapping[str, Sequence[_Pair]]]
"""The link columns; the members of each cluster by its root key; the links taken in each."""


def linked_and_merged(
    clusterer: MentionClusterer,
    nodes: Sequence[_Node],
    partners: _Pairs,
    find_links: Callable[[MentionClusterer, Sequence[_Node], _Pairs], Links] | None = None,
) -> Merged:
    """`link_columns` (or `find_links`), then `MentionClusterer._greedy` over node indices.

    The link columns; the members of each cluster by its root key (roots and
    members in the nodes' order); and the links taken in each, in the order
    taken. Links found here come with the nodes' columns, from which the
    merge reads each node's summary (`_column_summaries`: a sixth of the time
    reading them off the nodes takes); links found elsewhere (`find_links`,
    on Dask workers) leave the nodes to be summed up one by one.
    """
    if find_links is None:
        with linking_started(clusterer, nodes) as merged:
            return merged(partners, nodes, frozenset())
    with ordinary_pages():  # the blocks' columns made here, and the links joined and merged
        found = find_links(clusterer, nodes, partners)
        summaries = [_Summary.of(node) for node in nodes]
        return _merged_links(clusterer, nodes, found, summaries, [_timeless(n) for n in nodes])


MergedLater = Callable[[_Pairs, Sequence[_Node], frozenset[str]], Merged]
"""What `linking_started` yields: called with the far partners, the nodes once mended, and the
keys of those undated as slips of the year."""


@contextmanager
def linking_started(
    clusterer: MentionClusterer, nodes: Sequence[_Node], *, mend: bool = False
) -> Iterator[MergedLater]:
    """`linked_and_merged` begun before the far partners are known: call what it yields with them.

    On a run large enough to fork for (`FORK_NODES`), a child makes the
    nodes' columns, hands them over and scores the pairs by time from the
    start of the block, while this process works out the far partners by
    name (and whatever else the caller has to do); the call takes the
    columns in, shares the pairs the child has not taken yet, and merges.
    Must be called inside the block. Without a child, the columns are made
    here and the call does everything.

    With `mend`, `nodes` are as `_nodes` makes them, and the columns are
    mended as they are made (`_mended_columns`), so that a child starts
    before this process has undated its slips of the year; the call is given
    the nodes this process mended and their keys, and raises if the columns
    were mended otherwise. Without `mend`, the nodes are mended already, and
    so are the nodes the call is given (no key).
    """
    processes = _processes(len(nodes))
    columns = HandedOver(lambda: _mended_columns(clusterer, nodes, mend=mend))
    runs: dict[int, _Run] = {}

    def run_here() -> _Run:
        # Each process its own run, and with it its own caches of place and label pairs.
        pid = os.getpid()
        if pid not in runs:
            runs[pid] = _Run(clusterer, columns.get()[0])
        return runs[pid]

    try:
        with ordinary_pages(), _links_started(run_here, processes=processes) as links:
            if processes > 1:
                columns.listen()

            def merged(
                partners: _Pairs, mended: Sequence[_Node], slipped: frozenset[str]
            ) -> Merged:
                made, undated = columns.get()
                if undated != slipped:  # a broken promise of sameness: say so, do not differ
                    raise RuntimeError(
                        f"the columns undated {len(undated)} nodes as slips of the year, "
                        f"the nodes {len(slipped)}"
                    )
                # Summed up before joining in, while the child may still be scoring.
                summaries, timeless = _column_summaries(made)
                found = links(_pair_codes(mended, partners))
                return _merged_links(clusterer, mended, found, summaries, timeless)

            yield merged
    finally:
        columns.close()  # the child is ended by now: its thread is over


def _mended_columns(
    clusterer: MentionClusterer, nodes: Sequence[_Node], *, mend: bool = True
) -> tuple[_Columns, frozenset[str]]:
    """The columns of `nodes` with the slips of the year undated (`_year_slips`), and their keys.

    As `_Columns.of` makes them of the nodes `_undated` leaves; without
    `mend`, as it makes them of `nodes`. On the columns, the slips took
    0.07 s at 10^6 simulated claims, against 0.78 s on the nodes.
    """
    columns = _Columns.of(nodes)
    if not mend:
        return columns, frozenset()
    slipped = _year_slips(_Run(clusterer, columns))
    keys = frozenset(nodes[index].key for index in slipped.tolist())
    return columns.without_dates(slipped), keys


def _merged_links(
    clusterer: MentionClusterer,
    nodes: Sequence[_Node],
    found: Links,
    summaries: list[_Summary],
    timeless: Sequence[bool],
) -> Merged:
    """The greedy merge of the links `found`, as `linked_and_merged` gives it."""
    groups, taken = _merged(clusterer, *found, summaries, timeless)
    members = {
        nodes[kept].key: [nodes[index].key for index in group] for kept, group in groups.items()
    }
    for positions in taken.values():
        # Two clusters' links are joined when they are: put back in the order the merge took
        # them, which is their order in the columns (the order of `_link_order`).
        positions.sort()
    held = compact(*found)
    return held, members, _taken_pairs(nodes, taken, held)


def compact(first: Ints, second: Ints, scores: list[float]) -> HeldLinks:
    """The link columns as a state keeps them: 32-bit node indices, and scores in an array.

    A float object per link costs 32 bytes, an array's 8 (2.15M links at 10^6 claims).
    """
    held: HeldLinks = (
        first.astype(np.int32, copy=False),
        second.astype(np.int32, copy=False),
        np.asarray(scores, dtype=np.float64),
    )
    return held


_Taken = dict[int, list[int]]
"""The links taken in each cluster (by its root's index), as their positions in the columns."""


MERGE_FORK_LINKS = 200_000
"""From how many links the greedy merge is shared with a forked child (see `_merged`)."""

MERGE_CHILD_SHARE = 0.5
"""The share of the links, by whole components, that the child merges."""


def _merged(
    clusterer: MentionClusterer,
    first: Ints,
    second: Ints,
    scores: list[float],
    summaries: list[_Summary],
    timeless: Sequence[bool],
) -> tuple[dict[int, list[int]], _Taken]:
    """`MentionClusterer._greedy` on node indices: each cluster's members by root, the links taken.

    `summaries` holds the `_Summary` of each node (a list this changes),
    `timeless` whether each is `_timeless`. Roots and members are in the
    nodes' order.

    Two nodes that no chain of links joins never meet in one cluster, so the
    merge of each connected component of the links is its own: where the
    nodes are many enough to fork for (`_processes`) and there are at least
    `MERGE_FORK_LINKS` links, a forked child
    merges the largest components (about `MERGE_CHILD_SHARE` of the links,
    `_shares`) while this process merges the rest, each taking its links in
    the same order as one process would. If the child fails, this process
    merges its share too (`results_in_two`).
    """
    processes = _processes(len(timeless))
    if processes < 2 or len(first) < MERGE_FORK_LINKS:
        everything = range(len(first))
        roots, taken = _greedy(
            clusterer, first.tolist(), second.tolist(), scores, everything, summaries, timeless
        )
        return _groups(roots), taken
    component = _components(len(timeless), first, second)
    child_side = _shares(component, first)
    on_child = child_side[component[first]]
    values = np.asarray(scores, dtype=np.float64)

    def share(child: bool) -> tuple[Ints, _Taken]:
        positions = np.flatnonzero(on_child == child)
        roots, taken = _greedy(
            clusterer,
            first[positions].tolist(),
            second[positions].tolist(),
            values[positions].tolist(),
            positions.tolist(),
            summaries,
            timeless,
        )
        return np.array(roots, np.int64), taken

    (own_roots, own_taken), (child_roots, child_taken) = results_in_two(
        share, [False, True], own=1, processes=processes
    )
    roots = np.where(child_side[component], child_roots, own_roots).tolist()
    # The roots of the two shares are apart: each root's taken links are one process's.
    taken = {**own_taken, **child_taken}
    return _groups(roots), taken


def _greedy(
    clusterer: MentionClusterer,
    first: list[int],
    second: list[int],
    scores: list[float],
    positions: Iterable[int],
    summaries: list[_Summary],
    timeless: Sequence[bool],
) -> tuple[list[int], _Taken]:
    """The greedy merge of the links given (at `positions` in the columns): each node's root.

    Each cluster is known by a representative that all its nodes point to,
    so that a link within one cluster (most of them) is told by two lookups.
    When two clusters join, the smaller's nodes point to the larger's
    representative (each node moves at most log2(n) times); the cluster's
    root, which `MentionClusterer._greedy` keeps (the link's first node's),
    is kept beside it.
    """
    count = len(timeless)
    representative = list(range(count))
    members: list[list[int] | None] = [None] * count  # None: the node alone
    root = list(range(count))
    """The root of each representative's cluster."""
    may_take = clusterer._may_take_scored
    taken: _Taken = {}
    # Pairs of clusters that may not join, whatever the score (`_may_join`). A representative
    # stays one until its cluster joins a larger one, and growing only adds cannot-links (each
    # bound on time widens, places and declared events are only added): a refusal holds for good.
    refused: set[tuple[int, int]] = set()
    for position, a, b, score in zip(positions, first, second, scores, strict=True):
        mine, theirs = representative[a], representative[b]
        if mine == theirs:
            continue
        pair = (mine, theirs) if mine < theirs else (theirs, mine)
        if pair in refused:
            continue
        untimed = timeless[a] or timeless[b]
        if not may_take(score, untimed, summaries[mine], summaries[theirs]):
            if not untimed:  # else the score counts: another link may still be taken
                refused.add(pair)
            continue
        # The cluster keeps the root of the link's first node, as `MentionClusterer._greedy` does.
        kept, joined = root[mine], root[theirs]
        summary = summaries[mine].merge(summaries[theirs])
        larger, smaller = members[mine] or [mine], members[theirs] or [theirs]
        if len(larger) < len(smaller):
            mine, theirs, larger, smaller = theirs, mine, smaller, larger
        for index in smaller:
            representative[index] = mine
        larger += smaller
        members[mine], members[theirs] = larger, None
        root[mine], summaries[mine] = kept, summary
        links = taken.setdefault(kept, [])
        links.extend(taken.pop(joined, ()))
        links.append(position)
    return [root[representative[index]] for index in range(count)], taken


def _groups(roots: list[int]) -> dict[int, list[int]]:
    """The members of each cluster by its root, roots and members in the nodes' order.

    Roots in node order, as `_cluster`'s dict keeps them: it matters when two new
    events would share an id, as the first in this order keeps it.
    """
    groups: dict[int, list[int]] = defaultdict(list)
    for index, kept in enumerate(roots):
        groups[kept].append(index)
    return {kept: groups[kept] for kept in sorted(groups)}


def _components(count: int, first: Ints, second: Ints) -> Ints:
    """The connected component of each node in the graph of the links: the least node it reaches.

    Each label is hooked to the least label across its links, then every label is
    made its label's label until none changes, round after round until the links
    change nothing: a handful of rounds (6 for the 1.9M links of 10^6 simulated
    claims, 0.1 s). A label only ever falls to a node of the same component, so
    once every link joins equal labels, each component has the label of its least node.
    """
    label = np.arange(count)
    while True:
        low = np.minimum(label[first], label[second])
        hooked = label.copy()
        np.minimum.at(hooked, label[first], low)
        np.minimum.at(hooked, label[second], low)
        while not np.array_equal(jumped := hooked[hooked], hooked):
            hooked = jumped
        if np.array_equal(hooked, label):
            return label
        label = hooked


def _shares(component: Ints, first: Ints) -> Flags:
    """Which components the child merges: the largest, up to `MERGE_CHILD_SHARE` of the links."""
    links = np.bincount(component[first], minlength=len(component))
    largest = np.argsort(-links, kind="stable")
    before = np.cumsum(links[largest]) - links[largest]
    child_side = np.zeros(len(component), np.bool_)
    child_side[largest[before < MERGE_CHILD_SHARE * len(first)]] = True
    return child_side


def _taken_pairs(nodes: Sequence[_Node], taken: _Taken, links: HeldLinks) -> dict[str, _TakenPairs]:
    """The links taken in each cluster as pairs, by the key of the cluster's root."""
    return {
        nodes[kept].key: _TakenPairs(nodes, positions, links) for kept, positions in taken.items()
    }


class _TakenPairs(Sequence[_Pair]):
    """The links taken in one cluster, as positions in the link columns, made pairs when read.

    An event's links are written when first read (`_Links`), and an update
    reads the taken links of the clusters it replays only: until then they
    stay as the merge found them (a million claims' clusters take hundreds
    of thousands of links). Once read, the pairs are kept, as an update
    reads a cluster's links one by one, again and again.
    """

    def __init__(self, nodes: Sequence[_Node], positions: list[int], links: HeldLinks) -> None:
        self._nodes, self._positions, self._links = nodes, positions, links
        self._made: tuple[_Pair, ...] | None = None

    @overload
    def __getitem__(self, index: int) -> _Pair: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[_Pair]: ...

    def __getitem__(self, index: int | slice) -> _Pair | Sequence[_Pair]:
        return self._pairs()[index]

    def __iter__(self) -> Iterator[_Pair]:
        # Not `Sequence`'s, which reads index after index until one is missing.
        return iter(self._pairs())

    def __len__(self) -> int:
        return len(self._positions)

    def _pairs(self) -> tuple[_Pair, ...]:
        if self._made is None:
            first, second, scores = (column[self._positions].tolist() for column in self._links)
            pairs = zip(first, second, scores, strict=True)
            self._made = tuple(_pair(self._nodes, a, b, score) for a, b, score in pairs)
        return self._made


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


def _pair(nodes: Sequence[_Node], first: int, second: int, score: float) -> _Pair:
    """The pair of two node indices, its keys in order as `MentionClusterer._link` puts them."""
    a, b = nodes[first].key, nodes[second].key
    return _Pair(a, b, score) if a <= b else _Pair(b, a, score)
