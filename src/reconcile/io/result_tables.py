"""Findings and contradictions as Arrow tables, pandas DataFrames and Parquet files.

One table per kind of row: ``findings``, one row per finding, and
``contradictions``, one row per contradiction with the finding it belongs to.
The columns are those of the JSON contract (`Finding.to_dict`,
`Contradiction.to_dict`) as `Reconciliation.to_rows` flattens them, with
types a table can keep: lists of claim ids and camps stay lists, the figures
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
from pathlib import Path
from typing import Any

from reconcile.errors import UsageError
from reconcile.io.arrow_claims import pyarrow_module, write_table
from reconcile.pipeline import Reconciliation
from reconcile.validators import attribute_id

KINDS = ("findings", "contradictions")
"""The tables of a result, in the order they are written."""


def _finding_types(pa: Any) -> dict[str, Any]:
    """The Arrow type of each column of the findings table, in the order of `to_rows`."""
    claims = pa.list_(pa.string())
    return {
        "attribute": pa.string(),
        "kind": pa.string(),
        "status": pa.string(),
        "best": pa.string(),
        "low": pa.float64(),
        "high": pa.float64(),
        "confidence": pa.float64(),
        "support": claims,
        "dissent": claims,
        "support_affiliations": claims,
        "dissent_affiliations": claims,
        "contradictions": pa.int64(),
        "rationale": pa.string(),
        "strategy": pa.string(),
        "qualifier": pa.string(),
        "qualitative": claims,
        "beyond_range": pa.list_(
            pa.struct([("claims", claims), ("figure", pa.string()), ("reason", pa.string())])
        ),
        "high_open": pa.bool_(),
        "event": pa.string(),
        "attribute_id": pa.string(),
    }


def _contradiction_types(pa: Any) -> dict[str, Any]:
    """The Arrow type of each column of the contradictions table."""
    return {
        "event": pa.string(),
        "attribute": pa.string(),
        "qualifier": pa.string(),
        "kind": pa.string(),
        "claims": pa.list_(pa.string()),
        "severity": pa.float64(),
        "message": pa.string(),
    }


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
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:
        raise UsageError(f"{folder}: this is a file; name a folder for the Parquet files") from None
    except FileNotFoundError:
        raise UsageError(f"{folder}: the folder {str(folder.parent)!r} does not exist") from None
    except OSError as error:
        raise UsageError(f"{folder}: cannot make the folder ({error.strerror})") from None
    written = []
    for kind, table in result_tables(result).items():
        path = folder / f"{kind}.parquet"
        try:
            write_table(path, table)
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
        written.append(path)
    return written
