"""Work split between this process and one forked child, each part's arrays in the parts' order.

The columnar kernel scores its candidate pairs chunk by chunk, and the
chunks do not depend on each other: on a machine with two cores or more, a
forked child scores some of them while this process scores the rest. Both
walk the same chunks (the child is a copy of this process, so it finds them
the same way), in runs of `RUN_WEIGHT` so that each sees the labels of a
stretch of time together, and each run is worked by the process that
reaches it first: a shared counter says which runs are taken. So a process
kept busy elsewhere leaves more runs to the other, and a child started
early (`started_in_two`) scores on its own while this process does other
work, then both share what is left. The child sends its arrays back as raw
bytes with their dtype (no pickle), and this process puts every part's
result back in place.

The split changes no result, only who computes it: where the process cannot
fork, is a daemon (a worker of a pool, which may have no children), or has
one core, everything runs here; if the child fails or dies, this process
computes the parts it got nothing for. The child never outlives the call: on
any error here it is terminated and reaped.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

from reconcile.processes import forked_child

_Part = TypeVar("_Part")
_Value = TypeVar("_Value")
Arrays = tuple[NDArray[np.generic], ...]
"""What one part's work gives: NumPy arrays of plain dtypes (numbers and flags)."""

RUN_WEIGHT = 1 << 18
"""How much weight (candidate pairs) one process takes at a time."""

CLAIM_WAIT = 5.0
"""Seconds to wait for the counter of taken runs before working the run anyway.

Only a process that died holding the counter's lock keeps it longer; a run
worked by both is harmless, as each part gives the same arrays in either.
"""

_DONE = b"done"


def in_two(
    parts: Callable[[], Iterable[_Part]],
    work: Callable[[_Part], Arrays],
    weight: Callable[[_Part], int],
    *,
    processes: int,
) -> list[Arrays]:
    """`[work(part) for part in parts()]`, some of it done in a forked child.

    `parts` gives the same parts each time it is called, in the same order;
    `weight` says how much work a part is. With `processes` 1 everything is
    done here, in order. On any error here the child is ended and reaped, so
    none outlives the call.
    """
    with started_in_two(parts, work, weight, processes=processes) as results:
        return results()


@contextlib.contextmanager
def started_in_two(
    parts: Callable[[], Iterable[_Part]],
    work: Callable[[_Part], Arrays],
    weight: Callable[[_Part], int],
    *,
    processes: int,
) -> Iterator[Callable[[], list[Arrays]]]:
    """`in_two`, with the child at work from the start of the block: call what it yields.

    Inside the block this process may do other work while the child takes
    run after run; calling what the block yields joins in (this process
    works the runs not yet taken) and returns every part's result, in
    order. It must be called inside the block: leaving it ends the child.
    With `processes` 1 no child starts, and the call does everything here;
    so too where the system cannot share the counter of taken runs.
    """
    taken = _RunsTaken.made() if processes > 1 else None
    if taken is None:
        yield lambda: [work(part) for part in parts()]
        return

    def child_share(sender: Connection) -> None:
        _send(sender, _worked(parts(), work, weight, taken)[0])

    with forked_child(child_share) as (receiver, child):

        def results() -> list[Arrays]:
            mine, count = _worked(parts(), work, weight, taken)
            theirs = _received(receiver)
            child.join()
            if theirs is None or child.exitcode != 0:
                theirs = {}  # the child failed: its parts are done here, with the same result
            found = {**theirs, **mine}
            missing = set(range(count)) - found.keys()
            if missing:
                found |= {i: work(part) for i, part in enumerate(parts()) if i in missing}
            return [found[index] for index in range(count)]

        yield results


class _RunsTaken:
    """A counter shared with a child forked after it is made: the first run no process has taken.

    Its lock is a plain one, which even the process holding it waits on.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.lock = context.Lock()
        self.next = context.RawValue("q", 0)

    @classmethod
    def made(cls) -> _RunsTaken | None:
        """A new counter; None where the system has no shared semaphores (then one process)."""
        try:
            return cls()
        except OSError:  # no /dev/shm, as in some sandboxes
            return None

    def take(self, run: int) -> bool:
        """Whether this process takes `run`: the other has not taken it (nor any after it)."""
        if not self.lock.acquire(timeout=CLAIM_WAIT):
            return True  # the other process died holding the lock: work the run here
        try:
            if self.next.value > run:
                return False
            self.next.value = run + 1
            return True
        finally:
            self.lock.release()


def _worked(
    parts: Iterable[_Part],
    work: Callable[[_Part], Arrays],
    weight: Callable[[_Part], int],
    taken: _RunsTaken,
) -> tuple[dict[int, Arrays], int]:
    """The results of the parts in the runs this process takes, by index; and how many parts."""
    results: dict[int, Arrays] = {}
    done = count = 0
    run, mine = -1, False
    for index, part in enumerate(parts):
        if done // RUN_WEIGHT != run:
            run = done // RUN_WEIGHT
            mine = taken.take(run)
        if mine:
            results[index] = work(part)
        done += weight(part)
        count = index + 1
    return results, count


def _send(sender: Connection, results: dict[int, Arrays]) -> None:
    """Each result's index, its arrays as dtype and raw bytes; then word that all were sent."""
    for index, arrays in results.items():
        sender.send_bytes(index.to_bytes(8, "little") + len(arrays).to_bytes(8, "little"))
        for array in arrays:
            sender.send_bytes(array.dtype.str.encode("ascii"))
            sender.send_bytes(np.ascontiguousarray(array).tobytes())
    sender.send_bytes(_DONE)


def _received(receiver: Connection) -> dict[int, Arrays] | None:
    """The child's results by index; None if it stopped before saying it was done."""
    results: dict[int, Arrays] = {}
    try:
        while (header := receiver.recv_bytes()) != _DONE:
            arrays = []
            for _ in range(int.from_bytes(header[8:], "little")):
                dtype = np.dtype(receiver.recv_bytes().decode("ascii"))
                arrays.append(np.frombuffer(receiver.recv_bytes(), dtype=dtype))
            results[int.from_bytes(header[:8], "little")] = tuple(arrays)
    except EOFError:
        return None
    return results


class HandedOver(Generic[_Value]):
    """A value the child forked next works out and hands to this process, while it works on.

    Made before the fork. In the child, `get` works the value out
    (`make()`) and sends it back pickled; in this process, `listen` (right
    after the fork) has a thread take it in as it comes, so that the child
    never waits for this process to read, and `get` waits for it, or works
    it out here if the child sent nothing (it failed, or there is no child).
    Each process works it out at most once. `close` ends the listening.
    """

    def __init__(self, make: Callable[[], _Value]) -> None:
        self._make = make
        self._parent = os.getpid()
        self._receiver, self._sender = _wide_pipe()
        self._listener: threading.Thread | None = None
        self._payload: bytes | None = None
        self._value: list[_Value] = []

    def listen(self) -> None:
        """In this process, after the fork: take in what the child sends, in a thread."""
        self._sender.close()  # the child's end: the reader meets the end of the data if it dies
        self._listener = threading.Thread(target=self._take_in, daemon=True)
        self._listener.start()

    def get(self) -> _Value:
        """The value: worked out (and sent) in the child; here, as the child handed it over."""
        if not self._value:
            self._value.append(self._received() if os.getpid() == self._parent else self._sent())
        return self._value[0]

    def close(self) -> None:
        """Stop listening: wait for the thread (it ends when the child sends or ends)."""
        if self._listener is not None:
            self._listener.join()
            self._listener = None
        self._receiver.close()
        self._sender.close()

    def _take_in(self) -> None:
        try:
            self._payload = self._receiver.recv_bytes()
        except (EOFError, OSError):
            self._payload = None

    def _received(self) -> _Value:
        self.close()  # what the child sent is in, or it sent nothing
        if self._payload is None:
            return self._make()
        value: _Value = pickle.loads(self._payload)  # the forked child's, not a file's
        self._payload = None
        return value

    def _sent(self) -> _Value:
        value = self._make()
        # If this process stopped listening, it works the value out itself.
        with contextlib.suppress(OSError):
            self._sender.send_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value


def _wide_pipe() -> tuple[Connection, Connection]:
    """A one-way pipe (receiving end, sending end) that holds as much as the system allows.

    A pipe holds 64 KiB by default, so a large value is read in many pieces,
    and a thread that reads for a busy process (`HandedOver`) waits for the
    interpreter's lock before each, up to 5 ms, while the child waits for
    room. Where Linux lets a pipe grow (to `/proc/sys/fs/pipe-max-size`,
    1 MiB by default), it is grown; elsewhere it stays as it is. Of the
    default context, which every system has: most runs have no child.
    """
    receiver, sender = multiprocessing.Pipe(duplex=False)
    # Not Linux (no `fcntl`, or no F_SETPIPE_SZ), or not allowed: the pipe stays as it is.
    with contextlib.suppress(ImportError, AttributeError, OSError, ValueError):
        import fcntl

        limit = int(Path("/proc/sys/fs/pipe-max-size").read_text(encoding="ascii"))
        fcntl.fcntl(receiver.fileno(), fcntl.F_SETPIPE_SZ, min(limit, MAX_PIPE_BYTES))
    return receiver, sender


MAX_PIPE_BYTES = 1 << 20
"""The most `HandedOver`'s pipe is grown to, where the system allows more."""
