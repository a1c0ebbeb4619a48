"""Work split between this process and one forked child, each part's arrays in the parts' order.

The columnar kernel scores its candidate pairs chunk by chunk, and the
chunks do not depend on each other: on a machine with two cores or more, a
forked child scores about half of them while this process scores the rest.
Both walk the same chunks (the child is a copy of this process, so it finds
them the same way) and each keeps those its share of the pairs gives it, in
runs of `RUN_WEIGHT` so that each sees the labels of a stretch of time
together. The child sends its arrays back as raw bytes with their dtype
(no pickle), and this process puts every part's result back in place.

The split changes no result, only who computes it: where the process cannot
fork, is a daemon (a worker of a pool, which may have no children), or has
one core, everything runs here; if the child fails or dies, this process
computes the child's parts itself. The child never outlives the call: on any
error here it is terminated and reaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from reconcile.processes import forked_child

_Part = TypeVar("_Part")
Arrays = tuple[NDArray[np.generic], ...]
"""What one part's work gives: NumPy arrays of plain dtypes (numbers and flags)."""

RUN_WEIGHT = 1 << 18
"""How much weight (candidate pairs) goes to one process before the other takes over."""

_DONE = b"done"


def in_two(
    parts: Callable[[], Iterable[_Part]],
    work: Callable[[_Part], Arrays],
    weight: Callable[[_Part], int],
    *,
    processes: int,
) -> list[Arrays]:
    """`[work(part) for part in parts()]`, about half of it done in a forked child.

    `parts` gives the same parts each time it is called, in the same order;
    `weight` says how much work a part is. With `processes` 1 everything is
    done here, in order. On any error here the child is ended and reaped, so
    none outlives the call.
    """
    if processes < 2:
        return [work(part) for part in parts()]

    def share(childs: bool) -> list[Arrays]:
        return [work(part) for _, part, its in _shares(parts(), weight) if its is childs]

    with forked_child(lambda sender: _send(sender, share(True))) as (receiver, child):
        mine = {index: work(part) for index, part, its in _shares(parts(), weight) if not its}
        theirs = _received(receiver)
        child.join()
    if theirs is None or child.exitcode != 0:
        theirs = share(True)  # the child failed: its parts are done here, with the same result
    return _in_order(mine, theirs)


def _shares(
    parts: Iterable[_Part], weight: Callable[[_Part], int]
) -> Iterator[tuple[int, _Part, bool]]:
    """Each part with its index and whether the child does it: runs of `RUN_WEIGHT` alternate."""
    done = 0
    for index, part in enumerate(parts):
        yield index, part, (done // RUN_WEIGHT) % 2 == 1
        done += weight(part)


def _in_order(mine: dict[int, Arrays], theirs: list[Arrays]) -> list[Arrays]:
    """Both processes' results in the parts' order: the child's fill the gaps, in order."""
    found = iter(theirs)
    count = len(mine) + len(theirs)
    return [mine[index] if index in mine else next(found) for index in range(count)]


def _send(sender: Connection, results: list[Arrays]) -> None:
    """Each result's arrays as their dtype and raw bytes, then word that all were sent."""
    for arrays in results:
        sender.send_bytes(len(arrays).to_bytes(8, "little"))
        for array in arrays:
            sender.send_bytes(array.dtype.str.encode("ascii"))
            sender.send_bytes(np.ascontiguousarray(array).tobytes())
    sender.send_bytes(_DONE)


def _received(receiver: Connection) -> list[Arrays] | None:
    """The child's results as it sent them; None if it stopped before saying it was done."""
    results: list[Arrays] = []
    try:
        while (header := receiver.recv_bytes()) != _DONE:
            arrays = []
            for _ in range(int.from_bytes(header, "little")):
                dtype = np.dtype(receiver.recv_bytes().decode("ascii"))
                arrays.append(np.frombuffer(receiver.recv_bytes(), dtype=dtype))
            results.append(tuple(arrays))
    except EOFError:
        return None
    return results
