"""Python's cyclic garbage collector, paused while a run builds many long-lived objects.

Loading and reconciling make millions of small objects (claims, values,
nodes, testimonies) that live until the run ends. They hold no reference
cycles, so reference counting frees them; but the cyclic collector runs
every few hundred allocations and, as they survive, walks the whole growing
heap again and again, finding nothing. Measured on 10^6 simulated claims
(docs/scale.md), that walking was a fifth of the load and clustering time.
So the long stages run with the collector paused and restore it after:
any cyclic garbage made meanwhile (by a progress callback, say) is
collected as usual once it is back on.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

_Parameters = ParamSpec("_Parameters")
_Result = TypeVar("_Result")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, if it is on; restore it after."""
    if not gc.isenabled():  # paused already (a nested stage), or off by the caller's choice
        yield
        return
    gc.disable()
    try:
        yield
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
