"""The candidate pairs of the columnar kernel, in chunks of bounded size.

Pairs of dated nodes near in time come from `np.searchsorted` over sorted
times (`_dated_chunks`); an undated node meets the nodes at the places that
can be its own, narrowed by its reporting time where a window is set
(`_undated_chunks`, over each place's `_TimeIndex`); the far partners come
from their codes (`_far_chunks`). Each chunk holds about `CHUNK_PAIRS`
pairs, so memory stays bounded at any size. `reconcile.linking.pair_scores`
scores them.

Importing this module imports NumPy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs
import numpy as np

from reconcile.linking.cluster import MentionClusterer
from reconcile.linking.node_columns import Floats, Ints, _Columns
from reconcile.linking.nodes import DAY

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
