"""Whether a second process may be forked onto a free core: for the work split in two.

Clustering (`reconcile.linking.forked`) and loading (`reconcile.io.forked_rows`)
each fork one child for part of their work, where this says they may.
"""

from __future__ import annotations

import multiprocessing
import os
import threading


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
