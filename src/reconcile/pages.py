"""NumPy's arrays on ordinary memory pages, not transparent huge pages, while reconcile makes them.

On Linux, NumPy asks the kernel to back every array of 4 MB or more with
transparent huge pages (``madvise(MADV_HUGEPAGE)``), where the system allows
it. The columnar engine makes many such arrays that live for a moment:
candidate pairs, scores, sort keys. On the virtual machines its benchmarks
run on (docs/scale.md), a fresh huge page came at a high price: at 10^6
simulated claims, sorting the 2.15M links strongest first made 17 MB
arrays at 0.11 to 0.15 s each with huge pages, against 0.01 s on ordinary
pages. The kernel must find, or make, 2 MB of contiguous memory for each
huge page, and a virtual machine may also have to ask its host for all of
it. What that saves a whole step varies with the machine: the step of
clustering that merges the links took 4.43 and 4.51 s against 4.95 and
4.99 s, while an update adding 1% of the claims showed no difference
beyond the noise of three alternating pairs (docs/scale-measurements.md).

So the engine runs with NumPy's huge pages off (`ordinary_pages`) and puts
NumPy's setting back when it is done; so does the columnar path of learned
reliability as it makes its columns (`on_ordinary_pages`): 0.64 to 0.68 s
against 0.87 to 0.89 s for 10^6 labels. A user's own choice, made with NumPy's
``NUMPY_MADVISE_HUGEPAGE`` environment variable, is left as it is.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

NUMPY_SETTING = "NUMPY_MADVISE_HUGEPAGE"
"""NumPy's environment variable for huge pages: when set, the user has chosen."""

_Parameters = ParamSpec("_Parameters")
_Result = TypeVar("_Result")


@contextmanager
def ordinary_pages() -> Iterator[None]:
    """NumPy's new arrays on ordinary pages for the block; NumPy's setting restored after.

    Does nothing when NumPy is not imported (there is nothing of it to set),
    when the user has set ``NUMPY_MADVISE_HUGEPAGE``, or when NumPy has no
    such setting. A child forked in the block inherits it.
    """
    setter = None if NUMPY_SETTING in os.environ else _huge_page_setter()
    if setter is None:
        yield
        return
    before = setter(False)
    try:
        yield
    finally:
        setter(before)


def on_ordinary_pages(function: Callable[_Parameters, _Result]) -> Callable[_Parameters, _Result]:
    """`function`, run with NumPy's new arrays on ordinary pages (see `ordinary_pages`)."""

    @functools.wraps(function)
    def on_pages(*args: _Parameters.args, **kwargs: _Parameters.kwargs) -> _Result:
        with ordinary_pages():
            return function(*args, **kwargs)

    return on_pages


def _huge_page_setter() -> Callable[[bool], bool] | None:
    """NumPy's switch of huge pages (it gives the setting before), if NumPy is imported.

    It lives in NumPy's ``multiarray`` module: ``numpy._core`` from NumPy 2
    on, ``numpy.core`` before. Looked up among the imported modules, so
    that neither NumPy nor its deprecated ``numpy.core`` is imported here.
    """
    for name in ("numpy._core.multiarray", "numpy.core.multiarray"):
        setter = getattr(sys.modules.get(name), "_set_madvise_hugepage", None)
        if setter is not None:
            return setter  # type: ignore[no-any-return]
    return None
