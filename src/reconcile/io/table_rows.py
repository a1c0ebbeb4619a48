"""The claim records of JSON Lines and CSV files, row by row, and the cells of table rows.

A JSON Lines line is one claim; a CSV row (and a row of a Parquet or Arrow
table, `reconcile.io.arrow_claims`) holds a claim's parts in the columns of
`reconcile.io.claim_columns`. Each row comes with the line it starts on,
which its problems name; no row is left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import attrs

from reconcile.errors import Problem
from reconcile.io import arrow_claims
from reconcile.io.claim_columns import ATTRIBUTION_SEPARATOR, CSV_COLUMNS, STRUCT_COLUMNS
from reconcile.io.documents import _json_message, _load_json
from reconcile.io.limits import MAX_CELL_CHARS, MAX_DEPTH, NumberTooLong, Watch, numbered_lines
from reconcile.io.plain_records import PlainRecords

_FLAT_PARTS = {
    "mention": tuple(name for name in CSV_COLUMNS if name.startswith("mention_")),
    "evidence": ("document", "quote", "url", "span_start", "span_end"),
    "candidate": ("candidate_extractor", "candidate_confidence"),
}


@attrs.frozen
class _Row:
    """One claim record of a JSON Lines or CSV file, and whether its parsing met a suspect."""

    data: Any
    suspect: bool


@attrs.frozen
class _FileProblem:
    """A problem of a claims file as a whole (its header, its quoting), not of one record."""

    message: str


def _jsonl_rows(
    pieces: Iterable[str], before: int = 0, fast: PlainRecords | None = None
) -> Iterator[tuple[int, Any]]:
    r"""Each non-blank line as one JSON document; lines end at ``\n`` (or ``\r\n``) only.

    `pieces` is the file's text in pieces that end at a line break (`text_pieces`),
    from after its first `before` lines. With `fast`, a plain line is read by it
    straight into its `Claim`.
    """
    for number, line in numbered_lines(pieces, before):
        if not line.strip():
            continue
        claim = None if fast is None else fast.json_line(line)
        if claim is not None:
            yield number, claim
            continue
        watch = Watch()
        try:
            data = _load_json(line, watch)
        except json.JSONDecodeError as error:
            yield number, Problem(message=_json_message(error))
        except RecursionError:
            message = f"lists and mappings nest more than {MAX_DEPTH} levels deep"
            yield number, Problem(message=message)
        else:
            yield number, _Row(data, watch.raised)


def _csv_rows(text: str) -> Iterator[tuple[int, Any]]:
    """Each row of a CSV file as a claim record, read strictly.

    A quote that is never closed, a stray quote inside a quoted cell, a cell
    longer than `MAX_CELL_CHARS`, a repeated column and a row whose cells do
    not match the header are problems: each would otherwise shift text from
    one cell or row into another without a word.
    """
    with _cell_limit(MAX_CELL_CHARS):
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(reader, None)
        except csv.Error as error:
            yield 1, _FileProblem(_csv_message(error, 1))
            return
        if header is None:
            return
        repeated = _repeated_columns(header)
        if repeated is not None:
            yield 1, _FileProblem(repeated)
            return
        unknown = _unknown_columns(header)
        if unknown is not None:
            # The rows are still read, so that their own problems show in the same report.
            yield 1, _FileProblem(unknown)
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader, None)
            except csv.Error as error:
                yield start, _FileProblem(_csv_message(error, start))
                return
            if cells is None:
                return
            if len(cells) <= 1 and not "".join(cells).strip():
                continue  # a blank line
            if len(cells) != len(header):
                yield (
                    start,
                    Problem(
                        message=f"the row has {len(cells)} cells but the header names "
                        f"{len(header)} columns"
                    ),
                )
                continue
            watch = Watch()
            present = {
                key: cell
                for key, cell in zip(header, cells, strict=True)
                if cell.strip() != ""  # empty cells are absent fields
            }
            record = _claim_from_cells(present, watch)
            yield start, record if isinstance(record, Problem) else _Row(record, watch.raised)


def _repeated_columns(header: list[str]) -> str | None:
    repeated = sorted({name for name in header if header.count(name) > 1})
    if not repeated:
        return None
    return (
        f"the header repeats the column(s) {', '.join(map(repr, repeated))}; "
        "each column may appear once"
    )


def _unknown_columns(header: list[str], known: tuple[str, ...] = CSV_COLUMNS) -> str | None:
    unknown = [name for name in header if name not in known]
    if unknown:
        columns = ", ".join(known)
        return f"unknown column(s) {', '.join(map(repr, unknown))}; the columns are {columns}"
    return None


def _mixed_layouts(header: list[str]) -> str | None:
    """The problem of a table giving one part of a claim both as a struct and flat, if it does."""
    for struct, flat in _FLAT_PARTS.items():
        both = [name for name in flat if name in header]
        if struct in header and both:
            return (
                f"the struct column {struct!r} and the flat column(s) "
                f"{', '.join(map(repr, both))} both give the claim's {struct}; use one layout"
            )
    return None


def _csv_message(error: csv.Error, start: int) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        reason = f"a cell is longer than {MAX_CELL_CHARS} characters, the limit"
    elif "unexpected end of data" in text:
        reason = (
            f"a quoted cell opened on line {start} or after is never closed; "
            "it would run to the end of the file"
        )
    elif "expected after" in text:
        reason = (
            'a quote inside a quoted cell must be doubled (""), and the closing quote '
            "be followed by a comma or the end of the line"
        )
    else:
        reason = f"the CSV quoting is broken ({text})"
    return f"{reason}; the rest of the file is not read"


@contextmanager
def _cell_limit(limit: int) -> Iterator[None]:
    """Raise the csv module's process-wide cell limit while reading, then put it back."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _claim_from_cells(cells: Mapping[str, Any], watch: Watch) -> dict[str, Any] | Problem:
    """Turn the present cells of a row into a claim record.

    A CSV row's cells are all text; those of a Parquet or Arrow table may be
    numbers, lists or structs too, and a cell that is not text is taken as it
    is, as JSON Lines would give it: ``attribution`` may be a list, ``mention``
    a struct, ``span_start`` a whole number.
    """
    record: dict[str, Any] = {}
    for key in (
        "id", "source", "event", "attribute", "value_text", "polarity", "published", "qualifier",
        "interest", *STRUCT_COLUMNS,
    ):  # fmt: skip
        if key in cells:
            record[key] = cells[key]
    if "attribution" in cells:
        chain = cells["attribution"]
        record["attribution"] = (
            [link.strip() for link in chain.split(ATTRIBUTION_SEPARATOR)]
            if isinstance(chain, str)
            else chain
        )
    mention = {
        key[8:]: _cell_value(cells[key], watch) for key in cells if key.startswith("mention_")
    }
    if mention:
        record["mention"] = mention
    if "value" in cells:
        record["value"] = _cell_value(cells["value"], watch)
    evidence: dict[str, Any] = {
        key: cells[key] for key in ("document", "quote", "url") if key in cells
    }
    if "span_start" in cells or "span_end" in cells:
        try:
            evidence["span"] = [
                _whole_number(cells.get("span_start"), watch),
                _whole_number(cells.get("span_end"), watch),
            ]
        except ValueError:
            return Problem(
                message="span_start and span_end must both be whole numbers", field="evidence.span"
            )
    if evidence:
        record["evidence"] = evidence
    candidate = _candidate_from_cells(cells)
    if isinstance(candidate, Problem):
        return candidate
    if candidate:
        record["candidate"] = candidate
    return record


def _claim_from_table_row(cells: Mapping[str, Any], watch: Watch) -> dict[str, Any] | Problem:
    """A row of a Parquet or Arrow table as a claim record, or the problem of its bad cell."""
    for key, cell in cells.items():
        if isinstance(cell, arrow_claims.BadCell):
            return Problem(message=cell.message, field=_field_of_column(key))
    return _claim_from_cells(cells, watch)


def _field_of_column(column: str) -> str:
    """The field of a claim that a flat column gives: ``mention_when`` gives ``mention.when``."""
    for part, columns in _FLAT_PARTS.items():
        if column in columns:
            if column.startswith("span_"):
                return "evidence.span"
            return f"{part}.{column.removeprefix(part + '_')}"
    return column


def _whole_number(cell: Any, watch: Watch) -> int | NumberTooLong:
    """A span's end: the digits of a text cell, or a whole number as it is."""
    if isinstance(cell, str):
        return watch.read_int(cell.strip())
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)  # a pandas integer column with gaps holds floats
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    raise ValueError(cell)


def _candidate_from_cells(cells: Mapping[str, Any]) -> dict[str, Any] | Problem:
    candidate: dict[str, Any] = {}
    if "candidate_extractor" in cells:
        candidate["extractor"] = cells["candidate_extractor"]
    if "candidate_confidence" in cells:
        confidence = cells["candidate_confidence"]
        if not isinstance(confidence, str):
            candidate["confidence"] = confidence
            return candidate
        try:
            candidate["confidence"] = float(confidence)
        except ValueError:
            return Problem(
                message="candidate_confidence must be a number in [0, 1]",
                field="candidate.confidence",
            )
    return candidate


def _cell_value(cell: Any, watch: Watch) -> Any:
    """A text cell holds text to parse, or a JSON mapping for a structured value."""
    if not isinstance(cell, str):
        return cell
    stripped = cell.strip()
    if stripped.startswith("{"):
        try:
            return _load_json(stripped, watch)
        except (json.JSONDecodeError, RecursionError):
            return cell
    return cell
