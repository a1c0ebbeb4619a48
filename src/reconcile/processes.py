"""A second process forked onto a free core, for work split in two: whether it may, and the child.

Clustering (`reconcile.linking.forked`), loading (`reconcile.io.forked_rows`)
and judging (`results_in_two`) each fork one child for part of their work,
where `usable_processes` says they may, and run it with `forked_child`,
which never lets it outlive them.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

_Part = TypeVar("_Part")
_Result = TypeVar("_Result")


def usable_processes() -> int:
    """How many processes a split of work may use: 2 if a child can fork onto a free core."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if multiprocessing.current_process().daemon:  # a pool's worker may not have children
        return 1
    if threading.active_count() > 1:
        # A child forked while other threads run could wait forever on a lock one of them
        # held at the fork (Python 3.12 warns of it): with threads about, one process.
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 if (cores or 1) >= 2 else 1


def room_for_a_copy(meminfo: Path = Path("/proc/meminfo")) -> bool:
    """Whether the system has memory to spare for a copy of every page this process holds.

    A forked child shares its parent's pages until either writes one, and
    a child that reads Python objects writes their reference counts: one
    that reads most of them comes to copy most of the pages. True when the
    memory available (`available_memory`) is at least this process's
    resident size; False where either cannot be read (a system without `/proc`).
    """
    available, resident = available_memory(meminfo), resident_memory()
    return available is not None and resident is not None and available >= resident


def available_memory(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """The bytes the kernel says can be had without swapping (`MemAvailable`); None if unknown."""
    try:
        lines = meminfo.read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name == "MemAvailable":
            return int(value.split()[0]) * 1024  # written in kB
    return None


def resident_memory() -> int | None:
    """The resident size of the calling process in bytes (`/proc/self/statm`); None without it."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def forked_child(work: Callable[[Connection], None]) -> Iterator[tuple[Connection, BaseProcess]]:
    """A forked child running `work(sender)`: the end that receives what it sends, and the child.

    The child's end is closed when `work` returns or raises, so that the
    receiver meets the end of the data (`EOFError`) if it sent nothing. On
    leaving the block, however it is left, the child is ended and reaped.
    """
    give_back_free_memory()  # not to be shared with the child, nor copied by either
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_closing, args=(work, sender), daemon=True)
    child.start()
    sender.close()
    try:
        yield receiver, child
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()


def give_back_free_memory() -> None:
    """Give the pages of the C heap that hold only freed memory back to the system, if it can.

    glibc keeps what Python frees (dicts, lists and texts of more than 512
    bytes) for later, resident; `malloc_trim` returns its free pages. Before
    a fork this matters twice: a forked child shares every resident page of
    its parent, and either process writing one gives each its own copy.
    Measured at 10^6 simulated claims (docs/scale-measurements.md): 176 MB of the C heap
    were free when judging began; given back before every fork, the process
    and its judging child held 2,137 and 2,157 MB together, against 2,280
    and 2,306, with the same findings.
    Does nothing where the C library has no `malloc_trim` (macOS, musl).
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's `malloc_trim` (glibc's), from this process's own; None if it has none."""
    import ctypes  # only where a process forks

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc, or no C library to open by name
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def _closing(work: Callable[[Connection], None], sender: Connection) -> None:
    """In the child: `work(sender)`, then its end of the pipe closed."""
    try:
        work(sender)
    finally:
        sender.close()


def results_in_two(
    work: Callable[[_Part], _Result], parts: Sequence[_Part], *, own: int, processes: int
) -> Generator[_Result, None, None]:
    """`work(part)` for each part, in order; the parts from index `own` on worked in a child.

    This process works its parts while the child works the rest, pickling
    each result; then this process reads the child's results back, in
    order. The child keeps its results until it has done them all: sent
    one by one, they would fill the pipe and stop the child until this
    process reads, which it does only after its own parts. If the child
    fails or dies, this process works the parts it sent nothing for, with
    the same results or the same error. With `processes` 1, or no part for
    the child, everything is worked here. `work` must give the same result
    in either process, and its results must pickle.
    """
    if processes < 2 or own >= len(parts):
        yield from map(work, parts)
        return
    theirs = parts[own:]
    received = 0
    with forked_child(lambda sender: _send_results(work, theirs, sender)) as (receiver, _child):
        for part in parts[:own]:
            yield work(part)
        result: _Result
        for result in _results(receiver):
            received += 1
            yield result
    yield from map(work, theirs[received:])


def _send_results(
    work: Callable[[_Part], object], parts: Sequence[_Part], sender: Connection
) -> None:
    """In the child: each part's result pickled, all sent once all are done; on failure, none.

    A failure is not reported here: the parent works the parts itself and raises any error.
    """
    try:
        pickled = [pickle.dumps(work(part), protocol=pickle.HIGHEST_PROTOCOL) for part in parts]
    except Exception:
        return
    for payload in pickled:
        sender.send_bytes(payload)


def _results(receiver: Connection) -> Iterator[Any]:
    """The child's results as it sent them, until it stops."""
    while True:
        try:
            payload = receiver.recv_bytes()
        except EOFError:
            return
        yield pickle.loads(payload)  # the forked child's, not a file's
