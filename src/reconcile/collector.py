"""Python's cyclic garbage collector, paused while a run builds many long-lived objects.

Loading and reconciling make millions of small objects (claims, values,
nodes, testimonies) that live until the run ends. They hold no reference
cycles, so reference counting frees them; but the cyclic collector runs
every few hundred allocations and, as they survive, walks the whole growing
heap again and again, finding nothing. Measured on 10^6 simulated claims
(docs/scale.md), that walking was a fifth of the load and clustering time.
So the long stages run with the collector paused and restore it after.

Pausing only defers the walk: when the collector is back on, its first
collection walks every object the stage made (7.4 s after reconciling
10^6 simulated claims), and each full collection after that walks them
again (5.8 s). So a stage that ends well, having made `FREEZE_OBJECTS`
tracked objects or more (or fewer, holding as many: an update of a large
dataset), moves everything tracked into the collector's permanent generation
(`gc.freeze`) before turning it back on: reference counting still frees
those objects when they are dropped, but no collection walks them. The
price: `gc.freeze` freezes every tracked object of the process, so cyclic
garbage not yet collected when such a stage ends (made during it, or just
before it and not collected yet) is only freed after `gc.unfreeze()`. The
library's stages make none (a test checks it); a progress callback that
makes reference cycles during a long run keeps them until then. A smaller
stage's garbage is collected as usual.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

FREEZE_OBJECTS = 500_000
"""From how many tracked objects a paused stage made, they are frozen rather than walked.

At about a microsecond an object, walking that many takes half a second."""

_Parameters = ParamSpec("_Parameters")
_Result = TypeVar("_Result")


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, if it is on; restore it after.

    If the block ended without an error and made `FREEZE_OBJECTS` tracked
    objects or more, everything tracked is frozen first (see the module's
    docstring); with `freeze`, whatever it made. A collection walks what the
    objects it visits refer to, not only the objects: a stage that makes few
    objects holding a large dataset's (an update's copies of the claims by
    id, the nodes by key) says so with `freeze`.
    """
    if not gc.isenabled():  # paused already (a nested stage), or off by the caller's choice
        yield
        return
    gc.disable()
    try:
        yield
        # Made since the last collection: this block's. Not after an error, as what a failed
        # stage made is mostly garbage, which the collector must be able to see.
        if freeze or gc.get_count()[0] >= FREEZE_OBJECTS:
            gc.freeze()
    finally:
        gc.enable()


def with_collector_paused(
    function: Callable[_Parameters, _Result],
) -> Callable[_Parameters, _Result]:
    """`function`, run with the cyclic garbage collector paused (see `collector_paused`)."""

    @functools.wraps(function)
    def paused(*args: _Parameters.args, **kwargs: _Parameters.kwargs) -> _Result:
        with collector_paused():
            return function(*args, **kwargs)

    return paused
