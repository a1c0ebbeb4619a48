"""Records pickled as their fields' values in order: what the Dask engine sends by the million.

attrs pickles a slotted class a field at a time in Python, through a dict
of the fields' names, and rebuilds it the same way. The Dask engine pickles
every claim on the client and every finding on a worker; `pickled_by_values`
gives a record class a `__reduce_ex__` that pickles the tuple of its values
and rebuilds the record by setting its slots, without running its checks
again (they passed when it was made). Measured on 50,000 simulated claims in
chunks of 500: 0.14 processor seconds to pickle against 0.23 (unpickling
took as long either way).

Only a class whose slots are its fields (and ``__weakref__``) can be: a
cached value in a slot of its own would be lost. A subclass pickles as attrs
pickles it, as its fields are not known here.

A long list of such records is better sent `packed`: their fields' values
in one flat list, each record rebuilt from it by `unpacked`. Pickled one by
one, each record is rebuilt from a tuple of its values made just before it
and freed just after: in a million claims that is a hole of the claim's own
size beside every claim, and one of a pair's beside every id, which the
records keep from lying together (docs/scale-measurements.md).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import attrs

_Record = TypeVar("_Record")

_SETTERS: dict[type[Any], tuple[Callable[[Any, Any], None], ...]] = {}
"""Each class's slot setters, in the order of its fields."""
_VALUES: dict[type[Any], Callable[[Any], tuple[Any, ...]]] = {}
"""Each class's reader of its fields' values, in order."""


def pickled_by_values(cls: type[_Record]) -> type[_Record]:
    """`cls`, pickled as the tuple of its fields' values (a class decorator, above attrs').

    Raises `TypeError` for a class with a slot that is not one of its init
    fields: what it holds would not be pickled.
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]  # an attrs class, or attrs says so
    names = tuple(field.name for field in fields)
    extra = set(getattr(cls, "__slots__", ())) - {*names, "__weakref__"}
    if extra or not all(field.init for field in fields) or "__dict__" in dir(cls):
        raise TypeError(f"{cls.__name__}: only slots that are init fields can be pickled by value")
    getter = operator.attrgetter(*names)
    # An attrgetter of one name gives the value, not a tuple.
    values_of = (lambda record: (getter(record),)) if len(names) == 1 else getter

    def reduce_ex(self: Any, protocol: Any) -> Any:
        if type(self) is not cls:
            return object.__reduce_ex__(self, protocol)
        return _rebuilt, (cls, values_of(self))

    _SETTERS[cls] = tuple(cls.__dict__[name].__set__ for name in names)
    _VALUES[cls] = values_of
    cls.__reduce_ex__ = reduce_ex  # type: ignore[method-assign]
    return cls


def _rebuilt(cls: type[_Record], values: tuple[Any, ...]) -> _Record:
    """The record of `cls` with these values of its fields, as pickled by `pickled_by_values`."""
    record = object.__new__(cls)
    for set_slot, value in zip(_SETTERS[cls], values, strict=True):
        set_slot(record, value)
    return record


@attrs.frozen
class Packed:
    """Some objects as `packed` leaves them to pickle: see `unpacked`."""

    kinds: list[type[Any] | None]
    """For each object, its class if its fields' values stand in `values`, else None."""
    values: list[Any]
    """The objects' fields' values one after another; an object of kind None as it is."""


def packed(items: Sequence[Any]) -> Packed:
    """`items` with each record of a class `pickled_by_values` flattened into its fields' values."""
    kinds: list[type[Any] | None] = []
    values: list[Any] = []
    for item in items:
        kind = type(item)
        values_of = _VALUES.get(kind)
        if values_of is not None:
            kinds.append(kind)
            values += values_of(item)
        else:
            kinds.append(None)
            values.append(item)
    return Packed(kinds, values)


def unpacked(pack: Packed) -> Iterator[Any]:
    """The objects `packed` was given, in order, each record made as it is reached."""
    values, at = pack.values, 0
    for kind in pack.kinds:
        if kind is None:
            yield values[at]
            at += 1
            continue
        record = object.__new__(kind)
        for set_slot in _SETTERS[kind]:
            set_slot(record, values[at])
            at += 1
        yield record
