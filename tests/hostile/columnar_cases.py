"""The traps of Parquet files, Arrow IPC files and pandas frames, beside those of the claim table.

Column types that claims cannot hold, nulls in required columns, structs of
the wrong shape, files that are damaged, cut short or not of their format at
all, and more rows than a file of its size can hold. A table has no lines: every
expected problem has the line None, and names the row as the record.
"""

from __future__ import annotations

import datetime
import decimal
import json
from typing import Any

import pyarrow as pa

from hostile_cases import (
    BASE_CLAIM,
    COLUMNAR,
    Accepts,
    Case,
    Expectation,
    _file,
    _refuses,
    claim_of,
    columnar_bytes,
    has_claims,
    keeps_text,
)
from reconcile import Category, Quantity

GOOD = {**BASE_CLAIM}
NO_CLAIMS = Accepts("no claims", lambda dataset: not dataset.claims)
Table = dict[str, Any]


def _table(columns: Table) -> Any:
    return pa.table(columns)


def _claims(count: int, **columns: Any) -> Table:
    """`count` good claims c0, c1, ..., with some columns replaced."""
    table: Table = {
        "id": [f"c{n}" for n in range(1, count + 1)],
        "source": ["s1"] * count,
        "event": ["e1"] * count,
        "attribute": ["killed"] * count,
        "value": ["52"] * count,
    }
    table.update(columns)
    return table


def _case(
    fmt: str, columns: Table | bytes, expect: Expectation
) -> tuple[str, bytes, Expectation, bytes | None]:
    content = columns if isinstance(columns, bytes) else columnar_bytes(fmt, _table(columns))
    return _file(fmt, content, expect)


def _parquet(columns: Table) -> bytes:
    return columnar_bytes("parquet", _table(columns))


def _arrow(columns: Table) -> bytes:
    return columnar_bytes("arrow", _table(columns))


def _compressed_arrow(columns: Table) -> bytes:
    table = _table(columns)
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="zstd")
    with pa.ipc.new_file(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _arrow_stream(columns: Table) -> bytes:
    table = _table(columns)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _two_row_groups() -> bytes:
    import io

    import pyarrow.parquet as pq

    table = _table(_claims(2000, value=["52"] * 1500 + ["fifty-ish"] + ["52"] * 499))
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=1000)
    return sink.getvalue()


def _damaged_footer() -> bytes:
    data = _parquet(_claims(3))
    # The footer's metadata sits just before its length and the closing magic bytes.
    return data[:-40] + b"\xff" * 32 + data[-8:]


def _utc(year: int, month: int, day: int, hour: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def _typed_cases(fmt: str) -> dict[str, tuple[str, bytes, Expectation, bytes | None]]:
    """Cases of typed columns, for every columnar format."""
    good = _claims(1)
    ts = pa.timestamp("s", tz="UTC")
    # fmt: off
    return {
        "2,000 rows": _case(fmt, _claims(2000), has_claims(2000)),
        "no rows, all columns": _case(fmt, _claims(0), NO_CLAIMS),
        "null id": _case(fmt, {**good, "id": pa.array([None], pa.string())}, _refuses("this field is required", None, record=0, field="id")),
        "null source in row 2": _case(fmt, _claims(3, source=["s1", "s1", None]), _refuses("this field is required", None, record=2, field="source")),
        "null attribute": _case(fmt, {**good, "attribute": pa.array([None], pa.string())}, _refuses("this field is required", None, record=0, field="attribute")),
        "column of nulls only": _case(fmt, {**good, "value": pa.nulls(1)}, _refuses("has no value", None, record=0, field="value")),
        "value as a whole number column": _case(fmt, {**good, "value": pa.array([52], pa.int32())}, Accepts("the value is 52", lambda d: claim_of(d).value == Quantity.exact(52))),
        "value as a float column": _case(fmt, {**good, "value": pa.array([52.0], pa.float64())}, Accepts("the value is 52", lambda d: claim_of(d).value == Quantity.exact(52))),
        # pandas marks a missing number with NaN: in a frame it is a null, as pandas means it.
        "value NaN in a float column": _case(fmt, {**good, "value": pa.array([float("nan")], pa.float64())}, _refuses("has no value" if fmt == "frame" else "not finite", None, record=0, field="value")),
        "value beyond 2^53 in a uint64 column": _case(fmt, {**good, "value": pa.array([2**64 - 1], pa.uint64())}, _refuses("too large", None, record=0, field="value")),
        "value as bytes": _case(fmt, {**good, "value": pa.array([b"52"], pa.binary())}, _refuses("holds bytes, not text", None)),
        "value as a decimal": _case(fmt, {**good, "value": pa.array([decimal.Decimal("52.50")], pa.decimal128(5, 2))}, _refuses("cast it to float64", None)),
        # pandas holds a map as a list of pairs, which Arrow reads back as a list of lists.
        "value as a map": _case(fmt, {**good, "value": pa.array([[("kind", "category")]], pa.map_(pa.string(), pa.string()))}, _refuses("expected a number", None, record=0, field="value") if fmt == "frame" else _refuses("is not read", None)),
        "value as a boolean column": _case(fmt, {**good, "value": pa.array([True])}, _refuses("got True", None, record=0, field="value")),
        "id as a whole number column": _case(fmt, {**good, "id": pa.array([7], pa.int64())}, _refuses("expected str", None, record=0, field="id")),
        "value as a dictionary column": _case(fmt, {**good, "attribute": pa.array(["perpetrator"]).dictionary_encode(), "value": pa.array(["Iraqi forces"]).dictionary_encode()}, keeps_text("Iraqi forces")),
        "published as a timestamp with a zone": _case(fmt, {**good, "published": pa.array([_utc(2013, 9, 2, 10)], ts)}, Accepts("published 2013-09-02 10:00 UTC", lambda d: str(claim_of(d).published) == "2013-09-02 10:00:00+00:00")),
        "published as a timestamp without a zone": _case(fmt, {**good, "published": pa.array([datetime.datetime(2013, 9, 2, 10)], pa.timestamp("ms"))}, _refuses("has no offset", None, record=0, field="published")),
        "published as a date": _case(fmt, {**good, "published": pa.array([datetime.date(2013, 9, 2)], pa.date32())}, Accepts("published on the day 2013-09-02", lambda d: str(claim_of(d).published)[:10] == "2013-09-02" and getattr(claim_of(d).published_precision, "name", None) == "DAY")),
        "published beyond year 9999": _case(fmt, {**good, "published": pa.array([400_000 * 365 * 86_400], pa.timestamp("s"))}, _refuses("must lie between the years 1 and 9999", None, record=0, field="published")),
        "mention struct with an unknown field": _case(fmt, {**_claims(1), "event": pa.nulls(1, pa.string()), "mention": [{"label": "attack", "colour": "red"}]}, _refuses("unknown field", None, record=0, field="mention.colour")),
        "mention struct without a label": _case(fmt, {**_claims(1), "event": pa.nulls(1, pa.string()), "mention": [{"label": None, "where": "camp"}]}, _refuses("this field is required", None, record=0, field="mention.label")),
        "mention as a list of text": _case(fmt, {**_claims(1), "event": pa.nulls(1, pa.string()), "mention": [["attack", "camp"]]}, _refuses("expected a mapping", None, record=0, field="mention")),
        "mention as text": _case(fmt, {**_claims(1), "event": pa.nulls(1, pa.string()), "mention": ["attack"]}, _refuses("expected a mapping", None, record=0, field="mention")),
        "mention struct dated in a timestamp": _case(fmt, {**_claims(1), "event": pa.nulls(1, pa.string()), "mention": pa.array([{"label": "attack", "when": _utc(2013, 9, 1)}], pa.struct([("label", pa.string()), ("when", ts)]))}, Accepts("the mention's date is read", lambda d: str(getattr(claim_of(d).mention, "when", None)).startswith("2013-09-01"))),
        "evidence struct with a span of text": _case(fmt, {**good, "evidence": [{"document": "d", "span": ["a", "b"]}]}, _refuses("expected int", None, record=0, field="evidence.span[0]")),
        "evidence struct with a span of three": _case(fmt, {**good, "evidence": [{"document": "d", "span": [1, 2, 3]}]}, _refuses("2 items", None, record=0, field="evidence.span")),
        "span_start in a float column": _case(fmt, {**good, "document": ["d"], "span_start": pa.array([3.0]), "span_end": pa.array([9.0])}, Accepts("the span is (3, 9)", lambda d: getattr(claim_of(d).evidence, "span", None) == (3, 9))),
        "span_start of 2.5": _case(fmt, {**good, "document": ["d"], "span_start": pa.array([2.5]), "span_end": pa.array([9])}, _refuses("whole numbers", None, record=0, field="evidence.span")),
        "attribution as a list column": _case(fmt, {**good, "attribution": [["s2"]]}, Accepts("attributed to s2", lambda d: claim_of(d).attribution == ("s2",))),
        "attribution as a list with a null": _case(fmt, {**good, "attribution": [["s2", None]]}, _refuses("expected str", None, record=0, field="attribution[1]")),
        "struct and flat columns of the mention": _case(fmt, {**good, "mention": [{"label": "attack"}], "mention_when": ["2013"]}, _refuses("use one layout", None)),
        "unknown column": _case(fmt, {**good, "colour": ["red"]}, _refuses("unknown column(s) 'colour'", None)),
        "bad value in the second row group": _case(fmt, _two_row_groups() if fmt == "parquet" else _claims(2000, value=["52"] * 1500 + ["fifty-ish"] + ["52"] * 499), _refuses("cannot read", None, record=1500, field="value")),
        "category value as a struct": _case(fmt, {**good, "attribute": ["new_thing"], "value": [{"kind": "category", "label": "x", "low": None}]}, Accepts("a category x", lambda d: claim_of(d).value == Category(label="x"))),
    }
    # fmt: on


def _file_cases(fmt: str) -> dict[str, tuple[str, bytes, Expectation, bytes | None]]:
    """Cases of files that are not a whole table of their format."""
    good = _claims(3)
    other = _arrow(good) if fmt == "parquet" else _parquet(good)
    own = _parquet(good) if fmt == "parquet" else _arrow(good)
    says = "not a Parquet file" if fmt == "parquet" else "not an Arrow IPC file"
    # 20,000 rows of nulls take a few hundred bytes: more rows than a file of that size holds.
    too_many_rows = (_parquet if fmt == "parquet" else _compressed_arrow)(
        {"id": pa.nulls(200_000, pa.string())}
    )
    # fmt: off
    cases = {
        "empty file": _file(fmt, b"", NO_CLAIMS),
        "CSV text": _file(fmt, b"id,source,event,attribute,value\r\nc1,s1,e1,killed,52\r\n", _refuses(says, None)),
        "a file of the other format": _file(fmt, other, _refuses(says, None)),
        "cut in half": _file(fmt, own[: len(own) // 2], _refuses(says, None)),
        "last byte missing": _file(fmt, own[:-1], _refuses(says, None)),
        "one byte": _file(fmt, b"P", _refuses(says, None)),
        # Found by the fuzzing of tests/hostile/test_fuzz_loaders.py: pyarrow raised its own error.
        "column name not UTF-8": _file(fmt, own.replace(b"attribute", b"\xe1ttribute"), _refuses(says, None)),
        "rows without bytes": _file(fmt, too_many_rows, _refuses("rows in", None)),
        "repeated column": _file(fmt, columnar_bytes(fmt, pa.Table.from_arrays([pa.array(["c1"]), pa.array(["c2"])], names=["id", "id"])), _refuses("repeats the column(s) 'id'", None)),
    }
    # fmt: on
    if fmt == "parquet":
        cases["damaged footer"] = _file(fmt, _damaged_footer(), _refuses(says, None))
    else:
        cases["stream format"] = _file(fmt, _arrow_stream(good), has_claims(3))
    return cases


def _split(columns: list[str], data: list[list[Any]], index: list[Any] | None = None) -> bytes:
    """A frame in pandas' JSON ``split`` layout, for what an Arrow table cannot carry."""
    layout = {"columns": columns, "data": data, "index": index or list(range(len(data)))}
    return json.dumps(layout).encode("utf-8")


def _frame_cases() -> dict[str, tuple[str, bytes, Expectation, bytes | None]]:
    """Cases of frames: what pandas does that a file does not.

    A frame case holds its table as an Arrow IPC file, read into pandas by the
    outcome; these tables give the pandas types (objects, NaN) on purpose.
    """
    # fmt: off
    return {
        "NaN in a float column is a missing value": _file("frame", _arrow({**_claims(2), "value": pa.array([52.0, None])}), _refuses("has no value", None, record=1, field="value")),
        "whole numbers with a gap": _file("frame", _arrow({**_claims(2), "document": ["d", "d"], "span_start": pa.array([1, None]), "span_end": pa.array([4, None])}), has_claims(2)),
        "a column mixing numbers and text": _file("frame", _split(["id", "source", "event", "attribute", "value"], [["c1", "s1", "e1", "killed", 52], ["c2", "s1", "e1", "killed", "fifty"]]), _refuses("column 'value' cannot be read as one type", None)),
        # pandas' JSON reader renames a repeated column; test_columnar_io.py builds a frame that keeps it.
        "a column name used twice, renamed by pandas": _file("frame", _split(["id", "source", "event", "attribute", "id"], [["c1", "s1", "e1", "killed", "c2"]]), _refuses("unknown column(s) 'id.1'", None)),
        "an index that holds the ids": _file("frame", _split(["source", "event", "attribute", "value"], [["s1", "e1", "killed", "52"]], index=["c1"]), _refuses("index holds data that would be lost", None)),
        "a default index of row numbers": _file("frame", _split(["id", "source", "event", "attribute", "value"], [["c1", "s1", "e1", "killed", "52"]], index=[0]), has_claims(1)),
        "whole numbers as figures": _file("frame", _split(["id", "source", "event", "attribute", "value"], [["c1", "s1", "e1", "killed", 52], ["c2", "s1", "e1", "killed", 50]]), has_claims(2)),
    }
    # fmt: on


def columnar_cases() -> list[Case]:
    """Every columnar trap, for each format it applies to."""
    tables = [(fmt, _typed_cases(fmt)) for fmt in COLUMNAR]
    tables += [(fmt, _file_cases(fmt)) for fmt in ("parquet", "arrow")]
    tables.append(("frame", _frame_cases()))
    return [
        Case(f"{fmt}: {name}", fmt, content, expect, sources)
        for fmt, table in tables
        for name, (_, content, expect, sources) in table.items()
    ]
