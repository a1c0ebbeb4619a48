"""The rows of a large text file read in two processes: the first part here, the rest in a child.

Reading a JSON Lines file of claims is Python work on every line, and a
line's claim does not depend on the lines before it. So, on a machine with
a second core free, a forked child reads the later part of the file's
pieces (`text_pieces`) while this process reads the first part (about
half, `OWN_SHARE`), and then sends its rows back in one pickle, which this
process reads after its own rows. The rows are the same, with
the same line numbers, in the same order: the child numbers its lines on
from those of the pieces it skipped.

What it costs: the child's rows are pickled once and read back here (1.4 s
for the 450,000 claims of its part of 10^6, about a sixth of what reading
them took; docs/scale-measurements.md), and an object that both parts read alike (a
mention, a value) is two equal objects, not one. Where a child cannot be
forked (`usable_processes`), for a file smaller than `FORK_BYTES`, and if
the child fails for any reason (a file that is not UTF-8 further on, a
crash), this process reads the rest itself, as it reads a small file: the
same rows and the same problems. A caller may start the child before
it reads the rows (`rows_started`), to do other work meanwhile, and throw
its rows away if that work changed how they read. The child never outlives
the reading: whether the rows are read to the end or not, it is ended and
reaped. Nothing that a child sends is read but by the process that forked it.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import pickle
from array import array
from collections.abc import Callable, Generator, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from reconcile.io.text_pieces import PIECE_BYTES, text_pieces
from reconcile.pickling import packed, unpacked
from reconcile.processes import forked_child

FORK_BYTES = 32 << 20
"""From how many bytes a file is read in two processes (32 MiB: about 140,000 simulated claims).

Measured in docs/scale-measurements.md: below it the fork and the pickle cost about what the
child saves.
"""

OWN_SHARE = 0.49
"""The share of the pieces this process reads: about half. The child also decodes the pieces
before its share and packs its rows; this process reads them back after, and the loader reads
the sources file here first.

The loader starts the child before it reads the sources file (`rows_started`), so this process
comes to its share later: at 10^6 simulated claims, loading took 11.33 s at the median of five
runs with 0.52 (0.50: 11.71 s), against 12.15 s with 0.55 and the child started after the
sources file, in turn. Once the child's rows came back packed, which this process reads back
in less time: 10.18 s at the median of four runs with 0.49 against 10.43 s with 0.52, in turn
(0.46: 10.80 s, the median of three)."""

Rows = Callable[[Iterator[str], int], Iterator[tuple[int, Any]]]
"""Reads the rows of some pieces of a file, its lines numbered on from a given number."""


def rows_in_two(
    path: Path, rows_of: Rows, *, processes: int
) -> Generator[tuple[int, Any], None, None]:
    """`rows_of(text_pieces(path), 0)`, the pieces after this process's share read in a child.

    With `processes` 1, or for a file smaller than `FORK_BYTES`, everything is
    read here. `rows_of`'s rows must pickle.
    """
    with rows_started(path, rows_of, processes=processes) as rows:
        yield from rows(True)


StartedRows = Callable[[bool], Iterator[tuple[int, Any]]]
"""The rows of a file whose child is at work: called with whether the child's rows still hold."""


@contextlib.contextmanager
def rows_started(path: Path, rows_of: Rows, *, processes: int) -> Iterator[StartedRows]:
    """`rows_in_two` with the child at work from the start of the block: call what it yields.

    Inside the block this process may do other work first (the loader reads
    the sources file) while the child reads its share. Calling what the
    block yields gives the rows as `rows_in_two` does. The child was forked
    with `rows_of` as it was at the start of the block: when what it read
    by has changed since (the sources file declared a time zone, say), call
    it with False, and the child's rows are thrown away and its share read
    here. Call it inside the block, once; leaving the block ends the child.
    """
    own = _own_pieces(path) if processes >= 2 else None
    if own is None:
        yield lambda _theirs_hold: rows_of(text_pieces(path), 0)
        return
    with forked_child(functools.partial(_child, path, own, rows_of)) as (receiver, child):

        def rows(theirs_hold: bool) -> Iterator[tuple[int, Any]]:
            if not theirs_hold:
                child.terminate()  # its rows would be thrown away: its core is free at once
            pieces = _Counted(text_pieces(path))
            yield from rows_of(pieces.first(own), 0)
            theirs = _received(receiver) if theirs_hold else None
            child.join()
            if theirs is None or child.exitcode != 0:
                # The child failed, or read by what no longer holds: the rest is read here,
                # from where this process stopped.
                yield from rows_of(pieces.rest(), pieces.lines)
            else:
                yield from theirs

        yield rows


def _own_pieces(path: Path) -> int | None:
    """How many pieces this process reads before the child's share; None to read all here."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading the file says why it cannot be read
    if size < FORK_BYTES:
        return None
    # A piece holds `PIECE_BYTES` and runs on to the end of its last line.
    return max(1, round(size / PIECE_BYTES * OWN_SHARE))


class _Counted:
    """Pieces of text taken in order, counting the lines of those taken."""

    def __init__(self, pieces: Iterator[str]) -> None:
        self.pieces = pieces
        self.lines = 0

    def first(self, count: int) -> Iterator[str]:
        """The next `count` pieces (fewer if the text ends before)."""
        return self._counted(itertools.islice(self.pieces, count))

    def rest(self) -> Iterator[str]:
        """The pieces not taken yet."""
        return self._counted(self.pieces)

    def _counted(self, pieces: Iterator[str]) -> Iterator[str]:
        for piece in pieces:
            self.lines += piece.count("\n")
            yield piece


def _child(path: Path, skipped: int, rows_of: Rows, sender: Connection) -> None:
    """In the child: the rows of the pieces after the first `skipped`, pickled; nothing on failure.

    A failure is not reported here: the parent reads the rest itself and says what is wrong.
    """
    try:
        pieces = _Counted(text_pieces(path))
        for _ in pieces.first(skipped):
            pass  # decoded and counted only: the child's lines are numbered on from these
        numbers, items = array("q"), []
        for number, item in rows_of(pieces.rest(), pieces.lines):
            numbers.append(number)
            items.append(item)
        sent = (numbers, packed(items))  # no pair a row, no tuple a claim: see `_received`
        sender.send_bytes(pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # the parent reads the rest again, and reports any problem itself
        return


def _received(receiver: Connection) -> Iterator[tuple[int, Any]] | None:
    """The child's rows, each made as it is reached; None if it sent none (it failed).

    Sent as their line numbers and their items `packed`: rows pickled as
    pairs, and claims as tuples of their values, would each leave a freed
    pair or tuple between the claims and their ids as they are read back,
    holes that a forked child's allocations fill later, copying the pages.
    """
    try:
        payload = receiver.recv_bytes()
    except EOFError:
        return None
    numbers, items = pickle.loads(payload)  # the forked child's, not a file's
    del payload
    return zip(numbers, unpacked(items), strict=True)
