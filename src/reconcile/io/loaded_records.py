"""What a load keeps of each record until the dataset is built: its position and its place.

A load keeps every record with its position in its section (for the
cross-record checks, whose problems name the record) and where it came from
(its file, the lines of its parts, its own line). Kept as a tuple and a dict
entry per record, that is about 300 bytes a claim, more than the claim itself
without its id; a million claims would hold 300 MB of it until the end of the
load. So positions are kept in an array beside the records, and the line of
each claim of a claims file, which is all its file tells of it, in an array
by position.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any, overload

FieldPath = tuple[str | int, ...]
Place = tuple[Path, Mapping[FieldPath, int], int | None]
"""A record's file, the line of each of its parts, and its own line (None when unknown)."""

NO_LINES: Mapping[FieldPath, int] = MappingProxyType({})
"""The lines of the parts of a record whose file gives only the record's own line (one shared)."""

_NONE = -1
"""A position with no line noted in `RecordPlaces`' array (lines count from 1; 0 is None)."""


class NumberedRecords(Sequence[tuple[int, Any]]):
    """The records of one section in the order read, each with its position in the section.

    A sequence of ``(position, record)`` pairs, as `find_problems` takes them,
    made only when asked for.
    """

    def __init__(self) -> None:
        self._positions = array("q")
        self._records: list[Any] = []

    def add(self, position: int, record: Any) -> None:
        """Keep `record`, the one at `position` of its section."""
        self._positions.append(position)
        self._records.append(record)

    def truncate(self, length: int) -> None:
        """Forget every record after the first `length`."""
        del self._positions[length:]
        del self._records[length:]

    def in_order(self) -> NumberedRecords:
        """The records ordered by position (a record read later comes after one of the same)."""
        if all(before <= after for before, after in pairwise(self._positions)):
            return self
        ordered = NumberedRecords()
        for position, record in sorted(self, key=lambda pair: pair[0]):
            ordered.add(position, record)
        return ordered

    @property
    def records(self) -> list[Any]:
        """The records alone, in the order kept."""
        return self._records

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        return zip(self._positions, self._records, strict=True)

    @overload
    def __getitem__(self, index: int) -> tuple[int, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, Any]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, Any] | Sequence[tuple[int, Any]]:
        if isinstance(index, slice):
            return list(zip(self._positions[index], self._records[index], strict=True))
        return self._positions[index], self._records[index]


class RecordPlaces:
    """Where each record of a load came from, by section and position.

    The claims of one file that gives only each record's own line (JSON
    Lines, CSV, a table) are noted in an array of lines by position; every
    other record in a dict.
    """

    def __init__(self) -> None:
        self._places: dict[tuple[str, int], Place] = {}
        self._claims_file: Path | None = None
        self._claim_lines = array("q")

    def add(
        self,
        section: str,
        position: int,
        file: Path,
        lines: Mapping[FieldPath, int],
        line: int | None,
    ) -> None:
        """Note that the record at `position` of `section` came from `file`, at `line`."""
        noted = self._claim_lines
        if (
            section == "claims"
            and lines is NO_LINES
            and file is (self._claims_file or file)
            and position >= len(noted)
        ):
            self._claims_file = file
            if position > len(noted):
                noted.extend([_NONE] * (position - len(noted)))
            noted.append(line or 0)
        else:
            self._places[(section, position)] = (file, lines, line)

    def __getitem__(self, key: tuple[str, int]) -> Place:
        place = self._places.get(key)
        if place is not None:
            return place
        section, position = key
        if section == "claims" and self._claims_file is not None and position >= 0:
            line = self._claim_lines[position] if position < len(self._claim_lines) else _NONE
            if line != _NONE:
                return self._claims_file, NO_LINES, line or None
        raise KeyError(key)
