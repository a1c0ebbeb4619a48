"""The columnar clustering kernel: `MentionClusterer`'s events, with its pairs as NumPy arrays.

The nodes (distinct mentions and declared events) become columns: start,
end, first and last publication, and ids for the place, the kind, the label
set and the declared event (`reconcile.linking.node_columns`). Candidate
pairs come from `np.searchsorted` over sorted times, in chunks of bounded
size (`reconcile.linking.candidate_pairs`); the cannot-links and the scores
are array expressions over a chunk's pairs, each distinct text handled
once: labels are scored once per distinct pair with
`rapidfuzz.process.cpdist`, places compared once per distinct pair of names
(`reconcile.linking.pair_scores`). This module runs them, in a forked child
too where the work is large, and does the greedy merge: the one loop, over
the pairs that reach the threshold, with the same per-cluster summaries and
the same order as `MentionClusterer`, so that the events, their ids, labels
and links are the same. `Link` objects (with their reasons) are made by
`MentionClusterer` itself, only for the links taken.

Importing this module imports NumPy: `reconcile.linking.engine` imports it
only when a columnar clusterer runs.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import cast, overload

import numpy as np
from numpy.typing import NDArray

from reconcile.collector import with_collector_paused
from reconcile.linking.candidate_pairs import _far_chunks, _ranges, _time_chunks
from reconcile.linking.cluster import (
    EventCluster,
    MentionClusterer,
    _Pair,
    _Pairs,
    _resolve,
    _Summary,
)
from reconcile.linking.forked import HandedOver, started_in_two
from reconcile.linking.node_columns import (
    _YEAR,
    Flags,
    Floats,
    Ints,
    _column_summaries,
    _Columns,
    _far_partner_codes,
    _pair_codes,
)
from reconcile.linking.nodes import _Node, _nodes, _timeless, _undated
from reconcile.linking.pair_scores import _Run
from reconcile.model.dataset import Dataset
from reconcile.pages import ordinary_pages
from reconcile.processes import results_in_two, usable_processes

Links = tuple[Ints, Ints, list[float]]
"""Links as columns: the first and second node's index, and the score (strongest first)."""
HeldLinks = tuple[NDArray[np.int32], NDArray[np.int32], Floats]
"""Links as columns kept for long (`compact`): 32-bit node indices, scores in an array."""


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


def _pair(nodes: Sequence[_Node], first: int, second: int, score: float) -> _Pair:
    """The pair of two node indices, its keys in order as `MentionClusterer._link` puts them."""
    a, b = nodes[first].key, nodes[second].key
    return _Pair(a, b, score) if a <= b else _Pair(b, a, score)
