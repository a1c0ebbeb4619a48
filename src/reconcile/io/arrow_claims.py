"""Claims as Arrow tables: Parquet and Arrow IPC files, pandas and polars frames.

This module knows Arrow and nothing of claims: it opens a table, checks the
types of its columns, and turns each row into plain Python cells (text,
numbers, booleans, lists and mappings), which `reconcile.io.files` reads as
it reads a CSV row or a JSON Lines record. A null is an absent cell, in a
struct as at the top level. Dates and times become ISO 8601 text, so that
they are read by the same rules as text.

pyarrow is imported only when a table is read or written, and a clear
`UsageError` names the extra to install when it is missing: ``import
reconcile`` never imports it.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from reconcile.errors import UsageError

COLUMNAR_FORMATS = (".parquet", ".arrow", ".feather")
EXTRA = "pip install 'reconcile[parquet]'"

ROWS_PER_BYTE = 1
ROW_ALLOWANCE = 10_000
"""A file may hold at most one row per byte plus this many: a claim needs at least its own id,
so a real file is larger, and a few bytes of run-length-encoded nulls cannot become a billion
rows in memory."""

EXPANSION_FACTOR = 100
EXPANSION_ALLOWANCE = 256 * 1024**2
"""A Parquet row group may hold at most this many times the file's bytes, plus 256 MiB, once
decompressed: a small file cannot fill memory (a "zip bomb")."""

BATCH_ROWS = 65_536
"""How many rows are turned into Python cells at a time."""


def pyarrow_module(what: str) -> Any:
    """The pyarrow module, or a `UsageError` that says how to install it."""
    try:
        import pyarrow
    except ImportError:
        raise UsageError(f"{what} needs pyarrow: {EXTRA}") from None
    return pyarrow


@attrs.frozen
class BadCell:
    """A cell that Arrow holds but Python cannot: a date beyond year 9999, text not UTF-8."""

    message: str


@attrs.frozen
class ColumnProblem:
    """A problem of a whole column or of the whole table, before any row is read."""

    message: str


Cells = dict[str, Any]
"""The present cells of one row by column name; a cell may be a `BadCell`."""


class NotReadableError(Exception):
    """The bytes are not a table of the format their name says, or not a whole one."""


def read_table(data: bytes, suffix: str) -> Any:
    """The pyarrow Table in `data`, a Parquet or Arrow IPC (file or stream) file.

    Raises `NotReadableError` with a message for a file that is not one, is cut
    short or damaged, or holds more rows or decompressed bytes than the limits
    allow (see `ROWS_PER_BYTE` and `EXPANSION_FACTOR`).
    """
    pa = pyarrow_module(f"reading {suffix} files")
    if suffix == ".parquet":
        return _parquet_table(pa, data)
    try:
        try:
            reader = pa.ipc.open_file(pa.BufferReader(data))
            schema = reader.schema
            found = (reader.get_batch(index) for index in range(reader.num_record_batches))
        except pa.ArrowInvalid:
            # Not the file format: perhaps the stream format, which has no footer.
            stream = pa.ipc.open_stream(pa.BufferReader(data))
            schema = stream.schema
            found = iter(stream)
        batches, count = [], 0
        for batch in found:  # counted as they come, so that a bomb stops at its first batch
            count += batch.num_rows
            _check_rows(count, len(data))
            batches.append(batch)
        table = pa.Table.from_batches(batches, schema=schema)
        table.validate(full=True)
    except (pa.ArrowException, OSError, UnicodeDecodeError) as error:
        raise NotReadableError(
            f"not an Arrow IPC file, or a damaged or truncated one (pyarrow: {_first_line(error)})"
        ) from None
    return table


def _parquet_table(pa: Any, data: bytes) -> Any:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
        metadata = parquet.metadata
        _check_rows(metadata.num_rows, len(data))
        budget = EXPANSION_FACTOR * len(data) + EXPANSION_ALLOWANCE
        for index in range(metadata.num_row_groups):
            size = metadata.row_group(index).total_byte_size
            if size > budget:
                raise NotReadableError(
                    f"row group {index} holds {size} bytes once decompressed; at most {budget} "
                    f"({EXPANSION_FACTOR} times the file's bytes plus {EXPANSION_ALLOWANCE}) "
                    "are allowed"
                )
        table = parquet.read()
        table.validate(full=True)
    except (pa.ArrowException, OSError, UnicodeDecodeError) as error:
        # A column name that is not UTF-8 fails as pyarrow decodes it, not as Arrow reads it.
        raise NotReadableError(
            f"not a Parquet file, or a damaged or truncated one (pyarrow: {_first_line(error)})"
        ) from None
    return table


def _check_rows(rows: int, size: int) -> None:
    allowed = ROWS_PER_BYTE * size + ROW_ALLOWANCE
    if rows > allowed:
        raise NotReadableError(
            f"the file says it holds {rows} rows in {size} bytes; at most {allowed} "
            f"(one a byte plus {ROW_ALLOWANCE}) are allowed"
        )


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def frame_table(frame: Any) -> Any:
    """A pandas or polars DataFrame, or anything with the Arrow stream interface, as a Table.

    A pandas column that Arrow cannot hold (an object column mixing numbers
    and text) raises `NotReadableError` naming it, and so does an index that
    holds data: an unnamed index of whole numbers (the default, or what is
    left of it after filtering) numbers the rows, and is dropped.
    """
    pa = pyarrow_module("reading a DataFrame")
    module = type(frame).__module__.split(".")[0]
    if module == "pandas":
        return _pandas_table(pa, frame)
    if module == "polars":
        return frame.to_arrow()
    if isinstance(frame, pa.Table):
        return frame
    if hasattr(frame, "__arrow_c_stream__"):
        return pa.table(frame)
    raise UsageError(
        f"expected a pandas or polars DataFrame or a pyarrow Table, got {type(frame).__name__}"
    )


def _pandas_table(pa: Any, frame: Any) -> Any:
    index = frame.index
    # An unnamed index of whole numbers numbers the rows (a filtered frame keeps the old
    # numbers): not data. A named one, or one of text or dates, is kept, to be refused.
    row_numbers = index.nlevels == 1 and index.name is None and index.dtype.kind in "iu"
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False if row_numbers else None)
    except (pa.ArrowException, ValueError, TypeError, OverflowError) as error:
        # Converted again column by column, only to name the one at fault.
        _refuse_pandas_column(pa, frame)
        raise NotReadableError(
            f"the frame cannot be read as Arrow columns ({_first_line(error)})"
        ) from None
    index_columns = [name for name in table.column_names if name.startswith("__index_level_")]
    if index_columns:
        raise NotReadableError(
            "the frame's index holds data that would be lost; "
            "drop it with .reset_index(drop=True) or keep it as a column with .reset_index()"
        )
    return table.replace_schema_metadata(None)


def _refuse_pandas_column(pa: Any, frame: Any) -> None:
    """Raise `NotReadableError` naming the first column that Arrow cannot hold, if one."""
    for name in frame.columns:
        column = frame[name]
        if getattr(column, "ndim", 1) != 1:
            raise NotReadableError(f"the column name {name!r} is used more than once")
        try:
            pa.array(column, from_pandas=True)
        except (pa.ArrowException, ValueError, TypeError, OverflowError) as error:
            raise NotReadableError(
                f"column {name!r} cannot be read as one type ({_first_line(error)}); "
                "give it one type, e.g. with .astype(str)"
            ) from None


# -- columns -----------------------------------------------------------------------------


def column_problems(table: Any) -> Iterator[ColumnProblem]:
    """A problem for each column of a type that claims cannot hold (bytes, decimals, maps...)."""
    for field in table.schema:
        reason = _type_problem(field.type)
        if reason is not None:
            yield ColumnProblem(
                f"column {field.name!r} has the Arrow type {field.type}, {reason}; claims "
                "columns hold text, whole numbers, decimal numbers, true/false, dates and "
                "times, lists and structs of these"
            )


def _type_problem(kind: Any) -> str | None:
    import pyarrow.types as types

    if types.is_dictionary(kind):
        return _type_problem(kind.value_type)
    if (
        types.is_string(kind)
        or types.is_large_string(kind)
        or types.is_integer(kind)
        or types.is_float32(kind)
        or types.is_float64(kind)
        or types.is_boolean(kind)
        or types.is_null(kind)
        or types.is_timestamp(kind)
        or types.is_date(kind)
        or getattr(types, "is_string_view", lambda _: False)(kind)
    ):
        return None
    if types.is_list(kind) or types.is_large_list(kind) or types.is_fixed_size_list(kind):
        return _type_problem(kind.value_type)
    if types.is_struct(kind):
        for index in range(kind.num_fields):
            reason = _type_problem(kind.field(index).type)
            if reason is not None:
                return reason
        return None
    if types.is_binary(kind) or types.is_large_binary(kind) or types.is_fixed_size_binary(kind):
        return "which holds bytes, not text (decode it to text)"
    if types.is_decimal(kind):
        return "which is not read (cast it to float64, or to text to keep every digit)"
    return "which is not read"


def text_only(table: Any) -> bool:
    """Whether every column holds text, dates or nulls: cells that cannot be beyond the limits.

    Arrow's text is valid UTF-8, so it holds no lone surrogate, and text is
    not nested; numbers, lists and structs must be walked for the limits of
    `reconcile.io.limits` (a figure beyond 2^53, NaN, deep nesting).
    """
    import pyarrow.types as types

    def textual(kind: Any) -> bool:
        if types.is_dictionary(kind):
            return textual(kind.value_type)
        return bool(
            types.is_string(kind)
            or types.is_large_string(kind)
            or getattr(types, "is_string_view", lambda _: False)(kind)
            or types.is_null(kind)
            or types.is_timestamp(kind)
            or types.is_date(kind)
        )

    return all(textual(field.type) for field in table.schema)


def rows(table: Any) -> Iterator[Cells]:
    """Each row of `table` as its present cells, in order; a null is an absent cell.

    A value Python cannot hold (a timestamp beyond year 9999, text that is not
    UTF-8) is a `BadCell` in its place, so the rest of the row is still read.
    """
    names = list(table.column_names)
    plain = [_plainer(field.type) for field in table.schema]
    for batch in table.to_batches(max_chunksize=BATCH_ROWS):
        columns = [_column_values(batch.column(index), plain[index]) for index in range(len(names))]
        for row in zip(*columns, strict=True):
            yield {name: cell for name, cell in zip(names, row, strict=True) if cell is not None}


def _column_values(column: Any, plain: Callable[[Any], Any] | None) -> Sequence[Any]:
    """The Python values of one column of a batch, each cell alone when the whole fails."""
    values: list[Any]
    try:
        values = column.to_pylist()
    except (ValueError, OverflowError, UnicodeDecodeError):
        values = [_cell(column, index) for index in range(len(column))]
    if plain is None:
        return values
    return [value if isinstance(value, BadCell) else plain(value) for value in values]


def _cell(column: Any, index: int) -> Any:
    try:
        return column[index].as_py()
    except UnicodeDecodeError:
        return BadCell("the text is not valid UTF-8")
    except (ValueError, OverflowError):
        return BadCell(
            f"the {column.type} value cannot be read: a date and time must lie between the "
            "years 1 and 9999"
        )


def _plainer(kind: Any) -> Callable[[Any], Any] | None:
    """What turns a value of this Arrow type into plain cells, or None when it already is one."""
    import pyarrow.types as types

    if types.is_dictionary(kind):
        return _plainer(kind.value_type)
    if types.is_timestamp(kind) or types.is_date(kind):
        return _plain
    if types.is_struct(kind) or types.is_list(kind) or types.is_large_list(kind):
        return _plain
    if types.is_fixed_size_list(kind):
        return _plain
    return None


def _plain(value: Any) -> Any:
    """Dates and times as ISO 8601 text, and the nulls of a struct as absent fields."""
    if isinstance(value, datetime.date):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


# -- writing -------------------------------------------------------------------------------


def write_text_table(
    path: Path, columns: Sequence[str], records: Sequence[Mapping[str, str]]
) -> None:
    """Write rows of text cells as a Parquet or Arrow IPC file, empty cells as nulls."""
    pa = pyarrow_module(f"writing {path.suffix} files")
    schema = pa.schema([(name, pa.string()) for name in columns])
    table = pa.Table.from_pylist(
        [{key: cell or None for key, cell in record.items()} for record in records], schema=schema
    )
    write_table(path, table)


def write_table(path: Path, table: Any) -> None:
    """Write a pyarrow Table in the format the extension of `path` names."""
    pa = pyarrow_module(f"writing {path.suffix} files")
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
        return
    sink = io.BytesIO()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    path.write_bytes(sink.getvalue())
