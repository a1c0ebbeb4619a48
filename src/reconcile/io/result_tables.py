"""Findings and contradictions as Arrow tables, pandas DataFrames and Parquet files.

One table per kind of row: ``findings``, one row per finding, and
``contradictions``, one row per contradiction with the finding it belongs to.
The columns are those of the JSON contract (`Finding.to_dict`,
`Contradiction.to_dict`) as `Reconciliation.to_rows` flattens them, and
their types are read off its JSON Schema (`output_schema`), so the tables
follow the contract: lists of claim ids and camps stay lists, the figures
beyond the range a list of structs, and ``contradictions`` in a finding's
row is their number (the contradictions themselves are rows of their own
table). ``best`` is text, as it may be a figure, a label, a list of labels
or a date: the figure as JSON writes it ("52"), the label, the labels joined
by "; ", or the ISO 8601 date; ``low`` and ``high`` hold the figures as
numbers.

pyarrow (and pandas, for frames) are imported only when called.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reconcile.errors import UsageError
from reconcile.io.arrow_claims import pyarrow_module, write_table
from reconcile.io.jsonschema import output_schema
from reconcile.pipeline import Reconciliation
from reconcile.validators import attribute_id

KINDS = ("findings", "contradictions")
"""The tables of a result, in the order they are written."""


def _finding_types(pa: Any) -> dict[str, Any]:
    """The Arrow type of each column of the findings table, read off the JSON contract.

    The columns are the finding's fields in the order of the output schema
    (`output_schema`), then `event` and `attribute_id`, as `to_rows` has them;
    ``contradictions`` holds their number.
    """
    finding = _finding_schema()
    types = {name: _arrow_type(pa, part) for name, part in finding["properties"].items()}
    types["contradictions"] = pa.int64()
    return {**types, "event": pa.string(), "attribute_id": pa.string()}


def _contradiction_types(pa: Any) -> dict[str, Any]:
    """The Arrow type of each column of the contradictions table: its finding, then its fields."""
    contradiction = _finding_schema()["properties"]["contradictions"]["items"]
    where = {"event": pa.string(), "attribute": pa.string(), "qualifier": pa.string()}
    return {
        **where,
        **{name: _arrow_type(pa, part) for name, part in contradiction["properties"].items()},
    }


def _finding_schema() -> dict[str, Any]:
    schema = output_schema()
    events: dict[str, Any] = schema["properties"]["events"]["items"]
    return dict(events["properties"]["findings"]["items"])


def _arrow_type(pa: Any, part: Mapping[str, Any]) -> Any:
    """The Arrow type of a part of the JSON Schema; a value of several types is text."""
    if "enum" in part:
        return pa.string()
    kinds = [branch.get("type") for branch in part.get("anyOf", [])] or [part.get("type")]
    kinds = [kind for kind in kinds if kind != "null"]
    if len(kinds) != 1 or not isinstance(kinds[0], str):
        return pa.string()  # `best`: a figure, a label, a list of labels or a date, as text
    kind = kinds[0]
    if kind == "array":
        return pa.list_(_arrow_type(pa, part["items"]))
    if kind == "object":
        fields = part["properties"].items()
        return pa.struct([(name, _arrow_type(pa, item)) for name, item in fields])
    simple = {"string": pa.string(), "number": pa.float64(), "integer": pa.int64()}
    return simple.get(kind, pa.bool_() if kind == "boolean" else pa.string())


def result_tables(result: Reconciliation) -> dict[str, Any]:
    """The findings and contradictions of `result` as pyarrow Tables, by kind.

    ``{"findings": Table, "contradictions": Table}``; the columns are
    described in docs/columnar.md. Needs pyarrow (``pip install
    'reconcile[parquet]'``).
    """
    pa = pyarrow_module("tables of findings")
    findings: list[dict[str, Any]] = []
    contradictions: list[dict[str, Any]] = []
    for finding in result.findings:
        row = finding.to_dict()
        row["best"] = _best_text(row["best"])
        row["contradictions"] = len(finding.contradictions)
        row["event"] = finding.event
        row["attribute_id"] = attribute_id(finding.attribute)
        row.setdefault("qualitative", [])
        findings.append(row)
        where = {
            "event": finding.event,
            "attribute": finding.attribute,
            "qualifier": finding.qualifier,
        }
        contradictions.extend({**where, **item.to_dict()} for item in finding.contradictions)
    return {
        "findings": pa.Table.from_pylist(findings, schema=pa.schema(_finding_types(pa).items())),
        "contradictions": pa.Table.from_pylist(
            contradictions, schema=pa.schema(_contradiction_types(pa).items())
        ),
    }


def _best_text(best: Any) -> str | None:
    """The best value of the JSON contract as text: "52", "Iraqi forces", "a; b", "2013-09-01"."""
    if best is None or isinstance(best, str):
        return best
    if isinstance(best, list):
        return "; ".join(best)
    return json.dumps(best)


def result_frames(result: Reconciliation) -> dict[str, Any]:
    """The findings and contradictions of `result` as pandas DataFrames, by kind.

    The tables of `result_tables`, each turned into a DataFrame; lists are
    Python lists in object columns. Needs pyarrow and pandas.
    """
    return {kind: table.to_pandas() for kind, table in result_tables(result).items()}


def write_result_tables(result: Reconciliation, folder: str | Path) -> list[Path]:
    """Write ``findings.parquet`` and ``contradictions.parquet`` into `folder`; return their paths.

    The folder is made when it does not exist, but not its parents.
    Raises `UsageError` when the folder cannot be made or written into.
    """
    folder = Path(folder)
    tables = result_tables(result)  # before the folder is made: pyarrow may be missing
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:
        raise UsageError(f"{folder}: this is a file; name a folder for the Parquet files") from None
    except FileNotFoundError:
        raise UsageError(f"{folder}: the folder {str(folder.parent)!r} does not exist") from None
    except OSError as error:
        raise UsageError(f"{folder}: cannot make the folder ({error.strerror})") from None
    written = []
    for kind, table in tables.items():
        path = folder / f"{kind}.parquet"
        try:
            write_table(path, table)
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
        written.append(path)
    return written
