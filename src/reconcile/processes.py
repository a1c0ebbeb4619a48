"""A second process forked onto a free core, for work split in two: whether it may, and the child.

Clustering (`reconcile.linking.forked`) and loading (`reconcile.io.forked_rows`)
each fork one child for part of their work, where `usable_processes` says
they may, and run it with `forked_child`, which never lets it outlive them.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess


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


@contextmanager
def forked_child(work: Callable[[Connection], None]) -> Iterator[tuple[Connection, BaseProcess]]:
    """A forked child running `work(sender)`: the end that receives what it sends, and the child.

    The child's end is closed when `work` returns or raises, so that the
    receiver meets the end of the data (`EOFError`) if it sent nothing. On
    leaving the block, however it is left, the child is ended and reaped.
    """
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


def _closing(work: Callable[[Connection], None], sender: Connection) -> None:
    """In the child: `work(sender)`, then its end of the pipe closed."""
    try:
        work(sender)
    finally:
        sender.close()
