"""The links of a clustering run by the nodes they join, made when first read.

A full run keeps its links for a later update, which reads only those of
the nodes it replays: held as the run found them (pairs, or the columnar
engine's columns of node indices) and indexed by node when first read.
After an update, the links are the previous ones with the changed nodes'
replaced (`_Relinked`), a layer over the full run's rather than a copy.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from reconcile.linking.cluster import _Pair
from reconcile.linking.nodes import _Node
from reconcile.pages import ordinary_pages
from reconcile.processes import usable_processes

INDEX_AHEAD_LINKS = 10_000
"""From how many links a full run indexes them by node while it resolves its clusters."""


@contextmanager
def _indexed_meanwhile(links: Mapping[str, tuple[_Pair, ...]]) -> Iterator[None]:
    """Index columnar links by node in a thread during the block, where a core is free.

    Every update reads links by node, and the index took its first update
    0.2 s at 10^6 simulated claims (2.15M links), a twentieth of the
    update. The full run resolves its clusters in Python meanwhile, with the
    second core idle; NumPy's sorting and arithmetic run without the
    interpreter's lock, so the thread costs that work about nothing (see
    docs/scale.md). The thread is over when the block is left, before any
    child is forked to judge: a fork copies no other thread.
    """
    if (
        not isinstance(links, _ColumnAdjacency)
        or len(links._first) < INDEX_AHEAD_LINKS
        or usable_processes() < 2
    ):
        yield
        return

    def index() -> None:
        # Nothing else reads the links until the thread is joined. Only sooner than an update
        # would make it: should it fail here (short of memory, say), the first update makes it.
        with suppress(Exception):
            links._by_node()

    with ordinary_pages():
        indexing = threading.Thread(target=index, name="reconcile-link-index", daemon=True)
        indexing.start()
        try:
            yield
        finally:
            indexing.join()


class _Adjacency(Mapping[str, tuple[_Pair, ...]]):
    """The links at or above the threshold by the nodes they join, worked out when first read.

    A full run keeps them for a later update, which reads them; most runs
    have none.
    """

    def __init__(self, links: Callable[[], Iterable[_Pair]]) -> None:
        self._links = links
        self._by_node: dict[str, tuple[_Pair, ...]] | None = None

    def _built(self) -> dict[str, tuple[_Pair, ...]]:
        if self._by_node is None:
            found: dict[str, list[_Pair]] = defaultdict(list)
            for link in self._links():
                found[link.first].append(link)
                found[link.second].append(link)
            self._by_node = {key: tuple(links) for key, links in found.items()}
        return self._by_node

    def __getitem__(self, key: str) -> tuple[_Pair, ...]:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


class _ColumnAdjacency(Mapping[str, tuple[_Pair, ...]]):
    """The columnar engine's links (columns of node indices) by node, each node's when first read.

    The engine finds several links a node, and an update reads those of the
    nodes it replays only: an index of the columns by node is made (with
    NumPy) when first read, and a node's pairs when its links are.
    """

    def __init__(self, nodes: Sequence[_Node], first: Any, second: Any, scores: Any):
        # The columns as `reconcile.linking.columnar.compact` holds them: kept for the state's life.
        self._nodes, self._first, self._second, self._scores = nodes, first, second, scores
        self._keys = [node.key for node in nodes]
        self._index: tuple[Any, Any] | None = None
        self._read: dict[str, tuple[_Pair, ...]] = {}

    def _by_node(self) -> tuple[Any, Any]:
        """The link indices sorted by node, and where each node's begin (one past the last)."""
        if self._index is None:
            import numpy as np  # the columns are NumPy's already

            # Each node's links are put in order when read: any order of a node's links will do.
            ends = np.concatenate([self._first, self._second])
            order = _grouped(ends, len(self._nodes))
            counts = np.bincount(ends, minlength=len(self._nodes))
            bounds = np.concatenate([[0], np.cumsum(counts)])
            # Held as long as the state (a full run's, from `_indexed_meanwhile`): 32 bits where
            # they fit, 17 MB rather than 34 at 10^6 simulated claims.
            narrow = np.int32 if len(ends) <= np.iinfo(np.int32).max else np.int64
            links = (order % max(1, len(self._first))).astype(narrow)
            self._index = links, bounds.astype(narrow)
        return self._index

    def __getitem__(self, key: str) -> tuple[_Pair, ...]:
        found = self._pairs_of(key)
        if not found:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        """The links of `key`'s node, else `default`: without raising for a node with none.

        An update asks for the links of tens of thousands of nodes, some with none.
        """
        return self._pairs_of(key) or default

    def _pairs_of(self, key: str) -> tuple[_Pair, ...]:
        """The pairs of a node's links, made when first read (none for a node without links)."""
        found = self._read.get(key)
        if found is None:
            position = self._position(key)
            found = self._read[key] = () if position is None else self._read_one(position)
        return found

    def read_ahead(self, keys: Iterable[str]) -> None:
        """Make the pairs of these nodes' links at once, to be read later.

        An update reads the links of thousands of nodes: read one at a time,
        the NumPy calls that find a node's links cost more than its pairs.
        """
        import numpy as np  # the columns are NumPy's already

        wanted = [key for key in dict.fromkeys(keys) if key not in self._read]
        self._read.update(dict.fromkeys(wanted, ()))  # the nodes without links keep none
        known = [(at, key) for key in wanted if (at := self._position(key)) is not None]
        if len(known) < 2:  # one node's links are found with fewer NumPy calls
            self._read.update((key, self._read_one(at)) for at, key in known)
            return
        order, bounds = self._by_node()
        where = np.array([position for position, _ in known], dtype=np.int64)
        starts, counts = bounds[where], bounds[where + 1] - bounds[where]
        # The nodes' runs of `order` one after another, each in the order the merge takes them.
        run = np.repeat(np.arange(len(known)), counts)
        offsets = np.cumsum(counts) - counts
        indices = order[np.repeat(starts - offsets, counts) + np.arange(len(run))]
        pairs = self._pairs_at(indices[np.lexsort((indices, run))])
        ends = (offsets + counts).tolist()
        for (_, key), start, end in zip(known, offsets.tolist(), ends, strict=True):
            self._read[key] = tuple(pairs[start:end])

    def _read_one(self, position: int) -> tuple[_Pair, ...]:
        """The pairs of the links of the node at `position`, in the order the merge takes them."""
        order, bounds = self._by_node()
        indices = order[bounds[position] : bounds[position + 1]]
        indices.sort()
        return tuple(self._pairs_at(indices))

    def _position(self, key: str) -> int | None:
        """Where the node of `key` is among the nodes; None if it is not one."""
        position = bisect_left(self._keys, key)
        if position == len(self._keys) or self._keys[position] != key:
            return None
        return position

    def _pairs_at(self, indices: Any) -> list[_Pair]:
        """The pairs of the links at these indices of the columns, in their order.

        The nodes are in key order (`_position` bisects their keys), so the
        smaller index of a link is its first node, as `MentionClusterer._link`
        puts it: put first by NumPy, rather than by comparing keys pair by
        pair (an update at 10^6 claims makes hundreds of thousands of pairs).
        """
        import numpy as np  # the columns are NumPy's already

        keys, first, second = self._keys, self._first[indices], self._second[indices]
        return [
            _Pair(keys[a], keys[b], score)
            for a, b, score in zip(
                np.minimum(first, second).tolist(),
                np.maximum(first, second).tolist(),
                self._scores[indices].tolist(),
                strict=True,
            )
        ]

    def __iter__(self) -> Iterator[str]:
        _, bounds = self._by_node()
        linked = (bounds[1:] > bounds[:-1]).tolist()
        return (key for key, has_links in zip(self._keys, linked, strict=True) if has_links)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _grouped(values: Any, bound: int) -> Any:
    """The indices of `values` (integers from 0 up to, not including, `bound`) sorted by value.

    Stable. Each value is packed with its index into one 64-bit integer, and
    those are sorted as numbers: NumPy sorts 64-bit integers with SIMD
    instructions. On random columns the size of 10^6 simulated claims'
    (4.3 million ends of links among 360,000 nodes), 0.07 s against 0.14 s
    for radix-sorting the values 16 bits at a time with NumPy's stable
    argsort, which the first update of a full run's state waited for.
    Values too wide to pack beside their index are argsorted.
    """
    import numpy as np

    index_bits = max(1, len(values).bit_length())
    if max(1, bound - 1).bit_length() + index_bits > 63:
        return np.argsort(values, kind="stable")
    packed = (values.astype(np.int64) << index_bits) | np.arange(len(values), dtype=np.int64)
    packed.sort()
    return packed & ((1 << index_bits) - 1)


class _Relinked(Mapping[str, tuple[_Pair, ...]]):
    """The links by node after an update: the previous ones, with the changed nodes' replaced.

    A node that only gains links (an end of a new link that no changed node
    linked before) keeps the previous ones, and the two are put together
    when first read: at 10^6 simulated claims, 1% drawn at random, the new
    links reach 14,401 such nodes, and the update reads 345 of them.
    """

    def __init__(
        self,
        base: Mapping[str, tuple[_Pair, ...]],
        replaced: Mapping[str, tuple[_Pair, ...]],
        gained: Mapping[str, tuple[_Pair, ...]],
    ) -> None:
        self._base, self._replaced, self._gained = base, replaced, gained
        self._read: dict[str, tuple[_Pair, ...]] = {}
        """The links of each node that gained some, once read: its base ones and those gained."""

    @classmethod
    def of(
        cls,
        links: Mapping[str, tuple[_Pair, ...]],
        changed: set[str],
        fresh: Sequence[_Pair],
        gone: Sequence[_Pair] = (),
    ) -> _Relinked:
        """`links` without the `gone` ones and those of the `changed` nodes, with the `fresh`."""
        found: dict[str, list[_Pair]] = {key: [] for key in changed}
        neighbours = {
            other: None
            for key in changed
            for link in links.get(key, ())
            for other in (link.first, link.second)
            if other not in found
        }
        # The nodes whose links lose some, read at once: read one by one, each node costs
        # NumPy calls of its own.
        ends = (end for link in gone for end in (link.first, link.second))
        _read_ahead(links, [*neighbours, *(end for end in ends if end not in found)])
        for other in neighbours:
            found[other] = [
                kept
                for kept in links[other]
                if kept.first not in changed and kept.second not in changed
            ]
        for link in gone:
            for end in (link.first, link.second):
                kept = found.get(end, links.get(end, ()))
                found[end] = [other for other in kept if other != link]
        gained: dict[str, list[_Pair]] = defaultdict(list)
        for link in fresh:
            for end in (link.first, link.second):
                # A node no changed node linked before keeps its links, and gains this one.
                (found[end] if end in found else gained[end]).append(link)
        return cls._layered(links, {key: tuple(pairs) for key, pairs in found.items()}, gained)

    @classmethod
    def _layered(
        cls,
        links: Mapping[str, tuple[_Pair, ...]],
        replaced: dict[str, tuple[_Pair, ...]],
        gained: Mapping[str, list[_Pair]],
    ) -> _Relinked:
        """`links` with these nodes' links `replaced`, and those `gained` beside others'.

        One layer over the full run's links, not one an update.
        """
        if not isinstance(links, _Relinked):
            return cls(links, replaced, {key: tuple(pairs) for key, pairs in gained.items()})
        # The replaced nodes read the previous layer's gains already.
        before = {key: pairs for key, pairs in links._gained.items() if key not in replaced}
        replaced = {**links._replaced, **replaced}
        for key, pairs in gained.items():
            if key in replaced:
                replaced[key] = (*replaced[key], *pairs)
            else:
                before[key] = (*before.get(key, ()), *pairs)
        return cls(links._base, replaced, before)

    def __getitem__(self, key: str) -> tuple[_Pair, ...]:
        found: tuple[_Pair, ...] = self.get(key, ())
        if not found:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        """The links of `key`'s node, else `default`: read through, without raising."""
        replaced = self._replaced.get(key)
        if replaced is not None:
            return replaced or default
        gained = self._gained.get(key)
        if gained is None:
            return self._base.get(key, default)
        found = self._read.get(key)
        if found is None:  # a node with links: it gained some
            found = self._read[key] = (*self._base.get(key, ()), *gained)
        return found

    def read_ahead(self, keys: Iterable[str]) -> None:
        """Make the pairs of these nodes' links at once, where they are the full run's."""
        _read_ahead(self._base, (key for key in keys if key not in self._replaced))

    def __iter__(self) -> Iterator[str]:
        yield from (key for key, pairs in self._replaced.items() if pairs)
        yield from (key for key in self._gained if key not in self._base)
        yield from (key for key in self._base if key not in self._replaced)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _read_ahead(links: Mapping[str, Sequence[_Pair]], keys: Iterable[str]) -> None:
    """Have `links` make the pairs of these nodes' links at once, if it makes them when read."""
    if isinstance(links, (_ColumnAdjacency, _Relinked)):
        links.read_ahead(keys)
