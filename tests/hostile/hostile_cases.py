"""The table of malformed and hostile dataset files, and what `load` must make of each.

Each `Case` is one file (with the sources file that JSON Lines and CSV need)
and its expected outcome: `Accepts`, with what must hold of the loaded data
(text kept exactly as written: no silent change), or `Refuses`, with the
problem that must name the file, line, record and field.

Most cases are generated: one claim written the same way in YAML, JSON, JSON
Lines and CSV (`claim_cases`), so that the four formats are held to the same
rules. The rest are the traps of one format (`yaml_cases`, `json_cases`,
`jsonl_cases`, `csv_cases`, and `columnar_cases.py`).

The columnar formats are generated from the same claims: Parquet files and
pandas frames in the typed layout of JSON Lines (numbers, lists, structs), and
Arrow IPC files in the flat text layout of CSV. Each is held to the
expectation of the format whose layout it copies (`LIKE`) unless the table
says otherwise, with no line: a table has rows, not lines. A claim that
Arrow cannot hold at all (a lone surrogate, a whole number beyond 64 bits) is
not written, and `SKIPPED` lists it.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from reconcile import Category, Claim, Dataset, Quantity

FORMATS = ("yaml", "json", "jsonl", "csv")
COLUMNAR = ("parquet", "arrow", "frame")
LIKE = {"parquet": "jsonl", "frame": "jsonl", "arrow": "csv"}
"""The format whose layout, and so whose expectations, each columnar format takes."""
SUFFIX = {
    "yaml": ".yaml", "json": ".json", "jsonl": ".jsonl", "csv": ".csv",
    "parquet": ".parquet", "arrow": ".arrow", "frame": ".frame",
}  # fmt: skip
SKIPPED: list[tuple[str, str]] = []
"""(format, case) of the claims that a columnar format cannot hold, so has no case."""

SOURCES = [
    {"id": "s1", "name": "First outlet", "affiliation": "camp-a"},
    {"id": "s2", "name": "Second outlet", "affiliation": "camp-b"},
]
EVENTS = [{"id": "e1", "label": "Attack on the camp", "when": "2013-09-01"}]
BASE_CLAIM: dict[str, Any] = {
    "id": "c1",
    "source": "s1",
    "event": "e1",
    "attribute": "killed",
    "value": "52",
}

# Words from Python that must never reach a user: they describe our code, not their file.
PYTHON_WORDING = (
    "sys.set_int_max_str_digits",
    "is out of range",
    "Traceback",
    "ValidationError(",
    "ClassValidationError",
    "While structuring",
    "NoneType",
    "object at 0x",
    "invalid literal",
    "unhashable",
    "<class",
)


@attrs.frozen
class Accepts:
    """The file loads, and `holds` (a description and a check) is true of the dataset."""

    holds: str
    check: Callable[[Dataset], bool]


@attrs.frozen
class Refuses:
    """`load` raises a `DatasetError` with a problem of this place that says `says`.

    `section`, `record` and `field` are None for a problem of the file as a
    whole (its syntax, its encoding, its header); `line` is the expected line
    (None only where the format cannot tell one).
    """

    says: str
    line: int | None
    section: str | None = None
    record: int | None = None
    field: str | None = None
    in_sources: bool = False


Expectation = Accepts | Refuses


@attrs.frozen
class Case:
    """One hostile file and what `load` must make of it."""

    name: str
    format: str
    content: bytes
    expect: Expectation
    sources: bytes | None = None

    @property
    def file_name(self) -> str:
        return "data" + SUFFIX[self.format]


# -- writing one claim in every format --------------------------------------------------

_NOT_YAML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def flow(item: Any) -> str:
    """`item` as a YAML flow collection: JSON, with what YAML reads as line breaks escaped."""
    text = json.dumps(item, ensure_ascii=False)
    return _NOT_YAML_TEXT.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def _document(fmt: str, sections: Mapping[str, list[Any]]) -> tuple[str, dict[str, int]]:
    """A YAML or JSON document with one record a line, and the line of each claim."""
    lines: list[str] = ["{" if fmt == "json" else ""]
    claim_lines: dict[str, int] = {}
    names = [name for name in sections if sections[name]]
    for position, name in enumerate(names):
        records = sections[name]
        lines.append(f'"{name}": [' if fmt == "json" else f"{name}:")
        for index, record in enumerate(records):
            if name == "claims":
                # The line this record is about to take, counting from 1 (YAML's first
                # entry of `lines` is a placeholder that is dropped).
                claim_lines[str(index)] = len(lines) + (1 if fmt == "json" else 0)
            if fmt == "json":
                comma = "," if index < len(records) - 1 else ""
                lines.append(json.dumps(record, ensure_ascii=True) + comma)
            else:
                lines.append("  - " + flow(record))
        if fmt == "json":
            lines.append("]," if position < len(names) - 1 else "]")
    if fmt == "json":
        lines.append("}")
        text = "\n".join(lines) + "\n"
        return text, claim_lines
    return "\n".join(lines[1:]) + "\n", claim_lines


def _csv_cell(item: Any) -> str:
    if item is None:
        return ""
    if isinstance(item, str):
        return item
    return json.dumps(item, ensure_ascii=False)


def _quoted(cell: str) -> str:
    if any(char in cell for char in ',"\r\n') or cell != cell.strip():
        return '"' + cell.replace('"', '""') + '"'
    return cell


def csv_row(claim: Mapping[str, Any]) -> dict[str, str]:
    """A claim as the cells of a CSV row (the inverse of the loader's reading)."""
    row: dict[str, str] = {}
    for key, item in claim.items():
        if key == "attribution":
            row[key] = " > ".join(item) if isinstance(item, list) else _csv_cell(item)
        elif key == "mention" and isinstance(item, Mapping):
            row.update({f"mention_{part}": _csv_cell(cell) for part, cell in item.items()})
        elif key == "evidence" and isinstance(item, Mapping):
            for part, cell in item.items():
                if part == "span" and isinstance(cell, list):
                    row["span_start"], row["span_end"] = (_csv_cell(end) for end in cell)
                else:
                    row[part] = _csv_cell(cell)
        else:
            row[key] = _csv_cell(item)
    return row


def csv_text(claims: list[Mapping[str, Any]]) -> str:
    rows = [csv_row(claim) for claim in claims]
    header = list(dict.fromkeys(key for row in rows for key in row))
    lines = [",".join(header)]
    lines.extend(",".join(_quoted(row.get(key, "")) for key in header) for row in rows)
    return "\r\n".join(lines) + "\r\n"


def sources_yaml(extra: str = "") -> bytes:
    sections = {"sources": SOURCES, "events": EVENTS}
    text, _ = _document("yaml", sections)
    return (text + extra).encode("utf-8")


RAW_DIGITS = "<5,000 digits>"
"""Stands for a number of 5,000 digits, which `json.dumps` itself refuses to write."""


def write_claims(
    fmt: str, claims: list[Mapping[str, Any]]
) -> tuple[bytes, bytes | None, int | None]:
    """The claims in `fmt`: the file, its sources file (or None), and the first claim's line."""
    content, sources, line = _write_claims(fmt, claims)
    if fmt in COLUMNAR:
        return content, sources, None
    return content.replace(f'"{RAW_DIGITS}"'.encode(), b"9" * 5000), sources, line


class CannotHoldError(Exception):
    """Arrow has no way to hold this claim as written (a lone surrogate, 10^30 as a number)."""


def columnar_bytes(fmt: str, table: Any) -> bytes:
    """A pyarrow Table as the bytes of a Parquet file, or of an Arrow IPC file (for frames too)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    try:
        if fmt == "parquet":
            pq.write_table(table, sink)
        else:
            with pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
    except pa.ArrowException as error:
        raise CannotHoldError(str(error)) from None
    return sink.getvalue()


def columnar_table(fmt: str, claims: list[Mapping[str, Any]]) -> Any:
    """The claims as a pyarrow Table: typed and nested as JSON Lines, or flat text as CSV."""
    import pyarrow as pa

    if any(RAW_DIGITS in json.dumps(claim) for claim in claims):
        raise CannotHoldError("a number of 5,000 digits")
    try:
        if LIKE[fmt] == "csv":
            rows = [csv_row(claim) for claim in claims]
            header = list(dict.fromkeys(key for row in rows for key in row))
            return pa.table(
                {key: pa.array([row.get(key) for row in rows], pa.string()) for key in header}
            )
        return pa.Table.from_pylist([dict(claim) for claim in claims])
    except (pa.ArrowException, OverflowError, UnicodeEncodeError) as error:
        raise CannotHoldError(str(error)) from None


def _write_claims(fmt: str, claims: list[Mapping[str, Any]]) -> tuple[bytes, bytes | None, int]:
    if fmt in COLUMNAR:
        return columnar_bytes(fmt, columnar_table(fmt, claims)), sources_yaml(), None  # type: ignore[return-value]
    if fmt in ("yaml", "json"):
        text, lines = _document(fmt, {"sources": SOURCES, "events": EVENTS, "claims": claims})
        return text.encode("utf-8", "surrogatepass"), None, lines["0"]
    if fmt == "jsonl":
        text = "".join(json.dumps(claim) + "\n" for claim in claims)
        return text.encode("utf-8", "surrogatepass"), sources_yaml(), 1
    return csv_text(claims).encode("utf-8", "surrogatepass"), sources_yaml(), 2


# -- the claim cases: one claim, written alike in every format ---------------------------


def claim_of(dataset: Dataset, claim_id: str = "c1") -> Claim:
    return next(claim for claim in dataset.claims if claim.id == claim_id)


def keeps_text(text: str) -> Accepts:
    """The value is read as the category `text` and the words are kept exactly."""

    def check(dataset: Dataset) -> bool:
        claim = claim_of(dataset)
        said = claim.value_text if claim.value_text is not None else claim.value
        return isinstance(claim.value, Category) and (
            said == text or (claim.value_text is None and claim.value.label == text)
        )

    return Accepts(f"the label is kept as {text!r}", check)


def is_quantity(quantity: Quantity) -> Accepts:
    return Accepts(f"the value is {quantity}", lambda dataset: claim_of(dataset).value == quantity)


@attrs.frozen
class Refusal:
    """A refusal of one field of the claim, in whichever format it is written."""

    field: str | None
    says: str


ClaimExpectation = Accepts | Refusal | Mapping[str, "Accepts | Refusal | Refuses"]

LABEL = {"attribute": "perpetrator"}


def _claim_table() -> list[tuple[str, dict[str, Any], ClaimExpectation, tuple[str, ...]]]:
    """(name, fields that differ from `BASE_CLAIM`, expectation, formats)."""
    every = FORMATS
    not_csv = ("yaml", "json", "jsonl")
    json_only = ("json", "jsonl")
    csv_header = Refuses(says="unknown column", line=1)
    # A table's columns are named as CSV's, and a text cell of attribution is read as CSV's, in
    # either layout: these formats take CSV's expectation where a claim's fields are columns.
    columns = ("csv", *COLUMNAR)
    text_cells = ("csv", *COLUMNAR)
    long_text = "x" * 200_000
    # fmt: off
    return [
        ("plain figure", {}, is_quantity(Quantity.exact(52)), every),
        ("U+2028 inside a label", {**LABEL, "value": "Iraqi\u2028forces"}, keeps_text("Iraqi\u2028forces"), every),
        ("U+2029 inside a label", {**LABEL, "value": "Iraqi\u2029forces"}, keeps_text("Iraqi\u2029forces"), every),
        ("form feed inside a label", {**LABEL, "value": "Iraqi\fforces"}, keeps_text("Iraqi\fforces"), every),
        ("vertical tab inside a label", {**LABEL, "value": "Iraqi\vforces"}, keeps_text("Iraqi\vforces"), every),
        ("line feed inside a label", {**LABEL, "value": "Iraqi\nforces"}, keeps_text("Iraqi\nforces"), every),
        ("CR LF inside a label", {**LABEL, "value": "Iraqi\r\nforces"}, keeps_text("Iraqi\r\nforces"), every),
        ("lone CR inside a label", {**LABEL, "value": "Iraqi\rforces"}, keeps_text("Iraqi\rforces"), every),
        ("NEL inside a label", {**LABEL, "value": "Iraqi\x85forces"}, keeps_text("Iraqi\x85forces"), every),
        ("tab inside a label", {**LABEL, "value": "Iraqi\tforces"}, keeps_text("Iraqi\tforces"), every),
        ("right-to-left override in a label", {**LABEL, "value": "Iraqi \u202eforces"}, keeps_text("Iraqi \u202eforces"), every),
        ("terminal escape in a label", {**LABEL, "value": "Iraqi \x1b]0;owned\x07forces \x1b[31m"}, keeps_text("Iraqi \x1b]0;owned\x07forces \x1b[31m"), every),
        ("C1 control in a label", {**LABEL, "value": "Iraqi \x9b31m forces"}, keeps_text("Iraqi \x9b31m forces"), every),
        ("NUL inside a label", {**LABEL, "value": "Iraqi\x00forces"}, keeps_text("Iraqi\x00forces"), ("json", "jsonl", "csv")),
        ("emoji and joiners in a label", {**LABEL, "value": "forces \U0001f469\u200d\U0001f692"}, keeps_text("forces \U0001f469\u200d\U0001f692"), every),
        ("byte-order mark inside a label", {**LABEL, "value": "Iraqi\ufeffforces"}, keeps_text("Iraqi\ufeffforces"), every),
        ("Markdown code fence in a label", {**LABEL, "value": "```\n# heading\n<script>alert(1)</script>"}, keeps_text("```\n# heading\n<script>alert(1)</script>"), every),
        ("HTML in a label", {**LABEL, "value": '<img src=x onerror="alert(1)">'}, keeps_text('<img src=x onerror="alert(1)">'), every),
        ("quotes and commas in a label", {**LABEL, "value": 'the "youth", they said'}, keeps_text('the "youth", they said'), every),
        ("label of 200,000 characters", {**LABEL, "value": long_text}, keeps_text(long_text), every),
        ("label of 2 MiB", {**LABEL, "value": "y" * 2_097_152}, {"csv": Refuses(says="longer than 1048576 characters", line=2), **dict.fromkeys((*not_csv, "arrow"), keeps_text("y" * 2_097_152))}, every),
        ("label that looks like a YAML document", {**LABEL, "value": "--- &a [*a]"}, keeps_text("--- &a [*a]"), every),
        ("figure with spaces around it", {"value": "  52  "}, is_quantity(Quantity.exact(52)), every),
        ("largest whole figure, 2^53", {"value": "9007199254740992"}, is_quantity(Quantity.exact(2**53)), every),
        ("figure just above 2^53", {"value": "9007199254740993"}, Refusal("value", "at most 2^53"), every),
        ("figure of 30 digits", {"value": "9" * 30}, Refusal("value", "too large"), every),
        ("figure of 5,000 digits", {"value": "9" * 5000}, Refusal("value", "too large"), every),
        ("figure with 5,000 decimals", {"value": "1." + "1" * 5000}, Refusal("value", "more than 30 decimals"), every),
        ("a billion billion billion", {"value": "a billion billion billion"}, Refusal("value", "too large"), every),
        ("number of 30 digits", {"value": 10**30}, Refusal("value", "too large"), every),
        ("number of 5,000 digits", {"value": RAW_DIGITS}, Refusal("value", "too large"), not_csv),
        ("number 1e400", {"value": 1e400}, Refusal("value", "not finite"), json_only),
        ("negative figure", {"value": -5}, Refusal("value", "negative"), not_csv),
        ("boolean as a figure", {"value": True}, Refusal("value", "got True"), not_csv),
        ("null value", {"value": None}, Refusal("value", "has no value"), every),
        ("list as a value", {"value": [1, 2]}, Refusal("value", "expected"), not_csv),
        ("empty mapping as a value", {"value": {}}, Refusal("value.low", "required"), not_csv),
        ("tagged quantity without low or high", {"attribute": "new_thing", "value": {"kind": "quantity"}}, Refusal("value.low", "required"), every),
        ("tagged quantity with text for low", {"attribute": "new_thing", "value": {"kind": "quantity", "low": "a", "high": 2}}, Refusal("value.low", "expected a number"), every),
        ("tagged quantity with low above high", {"attribute": "new_thing", "value": {"kind": "quantity", "low": 5, "high": 2}}, Refusal("value.high", "must not exceed"), every),
        ("tagged quantity with an unknown field", {"attribute": "new_thing", "value": {"kind": "quantity", "low": 1, "high": 2, "colour": "red"}}, Refusal("value.colour", "unknown field"), every),
        ("tagged timespan with a bad start", {"attribute": "new_thing", "value": {"kind": "timespan", "start": "x"}}, Refusal("value.start", "not an ISO 8601"), every),
        ("tagged category without a label", {"attribute": "new_thing", "value": {"kind": "category"}}, Refusal("value.label", "required"), every),
        ("tagged value of an unknown kind", {"attribute": "new_thing", "value": {"kind": "colour", "label": "x"}}, Refusal("value", "needs 'kind'"), every),
        ("tagged category with a huge label number", {"attribute": "new_thing", "value": {"kind": "category", "label": 10**30}}, Refusal("value.label", "too large"), every),
        ("date 9999-12-31", {"attribute": "date", "value": "9999-12-31"}, Refusal("value", "after year 9999"), every),
        ("date in 9999", {"attribute": "date", "value": "in 9999"}, Refusal("value", "after year 9999"), every),
        ("date 0000-01-01", {"attribute": "date", "value": "0000-01-01"}, Refusal("value", "not a day of the calendar"), every),
        ("date 10000-01-01", {"attribute": "date", "value": "10000-01-01"}, Refusal("value", "cannot read"), every),
        ("date 2013-02-30", {"attribute": "date", "value": "2013-02-30"}, Refusal("value", "not a day of the calendar"), every),
        ("date 2013-13-01", {"attribute": "date", "value": "2013-13-01"}, Refusal("value", "cannot read"), every),
        ("yesterday against year 1", {"attribute": "date", "value": "yesterday", "published": "0001-01-01"}, Refusal("value", "outside the calendar"), every),
        ("9999 years ago", {"attribute": "date", "value": "9999 years ago", "published": "2013-01-01"}, Refusal("value", "outside the calendar"), every),
        # Publication is a span at its own precision; the day 9999-12-31 would end past the calendar.
        ("published on 9999-12-31", {"attribute": "date", "value": "yesterday", "published": "9999-12-31"}, Refusal("published", "would end after year 9999"), every),
        ("published 0000-01-01", {"published": "0000-01-01"}, Refusal("published", "not an ISO 8601"), every),
        ("published without a timezone", {"published": "2013-09-09T10:00:00"}, Refusal("published", "has no offset"), every),
        ("published as text", {"published": "last week"}, Refusal("published", "not an ISO 8601"), every),
        ("mention dated 9999-12-31", {"event": None, "mention": {"label": "attack", "when": "9999-12-31"}}, Refusal("mention.when", "after year 9999"), every),
        ("mention as a list", {"event": None, "mention": ["attack", "camp"]}, Refusal("mention", "expected a mapping"), not_csv),
        ("evidence as text", {"evidence": "d"}, Refusal("evidence", "expected a mapping"), not_csv),
        ("mention without a label", {"event": None, "mention": {"where": "camp"}}, Refusal("mention.label", "required"), every),
        ("attribution as text, not a list", {"attribution": "s2"}, {**dict.fromkeys(text_cells, Accepts("a chain of one", lambda d: claim_of(d).attribution == ("s2",))), **dict.fromkeys(not_csv, Refusal("attribution", "expected a list"))}, every),
        ("attribution as a long text", {"attribution": "abc"}, {**dict.fromkeys(text_cells, Refusal("attribution[0]", "unknown source 'abc'")), **dict.fromkeys(not_csv, Refusal("attribution", "expected a list, got 'abc'"))}, every),
        ("attribution naming the publisher again", {"attribution": ["s1"]}, Refusal("attribution", "cycle"), every),
        ("attribution cycle through two sources", {"attribution": ["s2", "s1"]}, Refusal("attribution", "cycle"), every),
        ("attribution repeating a link", {"attribution": ["s2", "s2"]}, Refusal("attribution", "cycle"), every),
        ("attribution with an empty link", {"attribution": ["s2", ""]}, Refusal("attribution", "non-empty id"), every),
        ("attribution naming an unknown source", {"attribution": ["s2", "ghost"]}, Refusal("attribution[1]", "unknown source 'ghost'"), every),
        ("unknown source", {"source": "ghost"}, Refusal("source", "unknown source"), every),
        # A CSV cell is always text, and a name may be any text: it is kept as written.
        ("attribute as a mapping", {"attribute": {"kind": "category"}}, {"csv": Refusal("value", "is not declared"), **dict.fromkeys(not_csv, Refusal("attribute", "must be a name, as text"))}, every),
        ("attribute as a list", {"attribute": ["killed"]}, {"csv": Accepts("the cell is the name", lambda d: claim_of(d).attribute == '["killed"]'), **dict.fromkeys(not_csv, Refusal("attribute", "must be a name, as text"))}, every),
        ("source as a list", {"source": ["s1"]}, {"csv": Refusal("source", "may hold only"), **dict.fromkeys(not_csv, Refusal("source", "expected str"))}, every),
        ("event as a mapping", {"event": {"id": "e1"}}, {"csv": Refusal("event", "may hold only"), **dict.fromkeys(not_csv, Refusal("event", "expected str"))}, every),
        ("id as a number", {"id": 7}, {"csv": Accepts("the id is the text 7", lambda d: d.claims[0].id == "7"), **dict.fromkeys(not_csv, Refusal("id", "expected str"))}, every),
        ("polarity as a boolean", {"polarity": False}, {"csv": Refusal("polarity", "not a Polarity"), **dict.fromkeys(not_csv, Refusal("polarity", "not a Polarity"))}, every),
        ("unknown event", {"event": "e9"}, Refusal("event", "unknown event"), every),
        ("id with a space", {"id": "c 1"}, Refusal("id", "may hold only"), every),
        ("id with a '>'", {"id": "c>1"}, Refusal("id", "may hold only"), every),
        # Names are kept as the data gives them; the identifier is derived from the name.
        ("attribute in capitals", {"attribute": "Killed"}, Accepts("the name is kept, its id is 'killed'", lambda d: (claim_of(d).attribute, claim_of(d).attribute_id) == ("Killed", "killed")), every),
        ("polarity that is not one", {"polarity": "maybe"}, Refusal("polarity", "not a Polarity"), every),
        ("evidence span reversed", {"evidence": {"document": "d", "span": [5, 2]}}, Refusal("evidence.span", "start < end"), every),
        ("evidence span of text", {"evidence": {"document": "d", "span": ["a", 2]}}, {"csv": Refusal("evidence.span", "whole numbers"), **dict.fromkeys(not_csv, Refusal("evidence.span[0]", "expected int"))}, every),
        ("evidence span of three numbers", {"evidence": {"document": "d", "span": [1, 2, 3]}}, Refusal("evidence.span", "2 items"), not_csv),
        ("evidence span of 5,000 digits", {"evidence": {"document": "d", "span": [0, 10**30]}}, Refusal("evidence.span[1]", "too large"), not_csv),
        ("unknown field", {"colour": "red"}, {**dict.fromkeys(columns, csv_header), **dict.fromkeys(not_csv, Refusal("colour", "unknown field"))}, every),
        ("lone surrogate in a label", {**LABEL, "value": "Iraqi \udc80 forces"}, Refusal("value", "lone surrogate"), json_only),
        ("lone surrogate in an id", {"id": "c\ud800"}, Refusal("id", "lone surrogate"), json_only),
        ("lone surrogate in a field name", {"\udfff": "x"}, Refusal("\udfff", "lone surrogate"), json_only),
        ("deeply nested value", {"attribute": "new_thing", "value": {"kind": "category", "label": _nested(100)}}, {"yaml": Refuses(says="nest more than 64 levels", line=None), "json": Refuses(says="nest more than 64 levels", line=None), "jsonl": Refusal("value", "nest more than 64 levels"), "csv": Refusal("value", "nest more than 64 levels"), "parquet": Refuses(says="too deeply nested", line=None)}, every),
    ]
    # fmt: on


def _nested(depth: int) -> Any:
    item: Any = "x"
    for _ in range(depth):
        item = [item]
    return item


def claim_cases() -> Iterator[Case]:
    SKIPPED.clear()
    for name, fields, expectation, formats in _claim_table():
        claim = {key: item for key, item in {**BASE_CLAIM, **fields}.items() if item is not None}
        if "value" in fields and fields["value"] is None:
            claim.pop("value", None)
        columnar = tuple(fmt for fmt in COLUMNAR if LIKE[fmt] in formats)
        for fmt in (*formats, *columnar):
            try:
                content, sources, line = write_claims(fmt, [claim])
            except CannotHoldError:
                SKIPPED.append((fmt, name))
                continue
            expected = _expectation_of(expectation, fmt)
            if isinstance(expected, Refusal):
                expected = Refuses(
                    says=expected.says, line=line, section="claims", record=0, field=expected.field
                )
            elif isinstance(expected, Refuses) and (expected.line is None or fmt in COLUMNAR):
                expected = attrs.evolve(expected, line=line)
            yield Case(f"{fmt}: {name}", fmt, content, expected, sources)


def _expectation_of(expectation: ClaimExpectation, fmt: str) -> Accepts | Refusal | Refuses:
    """The expectation for `fmt`: its own, else that of the format whose layout it copies."""
    if not isinstance(expectation, Mapping):
        return expectation
    return expectation[fmt] if fmt in expectation else expectation[LIKE[fmt]]


# -- the traps of one format ---------------------------------------------------------------

GOOD_CLAIM_YAML = "  - {id: c1, source: s1, event: e1, attribute: killed, value: '52'}\n"
HEAD_YAML = "sources:\n  - {id: s1, affiliation: camp-a}\n  - {id: s2}\nevents:\n  - {id: e1, label: Attack}\n"
"""Five lines: sources on lines 2-3, the event on line 5."""


def has_claims(count: int) -> Accepts:
    return Accepts(f"{count} claims", lambda dataset: len(dataset.claims) == count)


EMPTY = Accepts("an empty dataset", lambda dataset: dataset == Dataset())


def _file(
    fmt: str, text: str | bytes, expect: Expectation, sources: bytes | None = None
) -> tuple[str, bytes, Expectation, bytes | None]:
    content = text if isinstance(text, bytes) else text.encode("utf-8")
    if fmt in ("jsonl", "csv", *COLUMNAR) and sources is None:
        sources = sources_yaml()
    return fmt, content, expect, sources


def _refuses(
    says: str,
    line: int | None,
    record: int | None = None,
    field: str | None = None,
    section: str | None = None,
) -> Refuses:
    if record is not None and section is None:
        section = "claims"
    return Refuses(says=says, line=line, section=section, record=record, field=field)


def _billion_laughs(levels: int = 19) -> str:
    """A "billion laughs" file of about 1 kB (1,039 bytes): nine to the power `levels` nodes."""
    text = 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in range(1, levels + 1):
        text += f"l{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 9) + "]\n"
    return text


def yaml_cases() -> dict[str, tuple[str, bytes, Expectation, bytes | None]]:
    claims = HEAD_YAML + "claims:\n" + GOOD_CLAIM_YAML
    bomb_in_claims = _billion_laughs() + "claims: *l9\n"
    # fmt: off
    return {
        "empty file": _file("yaml", "", EMPTY),
        "only white space": _file("yaml", "  \n\n\t\n", EMPTY),
        "only a comment": _file("yaml", "# nothing yet\n", EMPTY),
        "only a byte-order mark": _file("yaml", "\ufeff", EMPTY),
        "byte-order mark": _file("yaml", "\ufeff" + claims, has_claims(1)),
        "CRLF line endings": _file("yaml", claims.replace("\n", "\r\n"), has_claims(1)),
        "byte-order mark and CRLF": _file("yaml", "\ufeff" + claims.replace("\n", "\r\n"), has_claims(1)),
        "two byte-order marks": _file("yaml", "\ufeff\ufeff" + claims, has_claims(1)),
        "UTF-16 with its byte-order mark": _file("yaml", claims.encode("utf-16"), _refuses("UTF-16", None)),
        "Latin-1 text": _file("yaml", (HEAD_YAML + "# caf\xe9\n").encode("latin-1"), _refuses("not UTF-8", 6)),
        "NUL byte": _file("yaml", HEAD_YAML + "claims: [\x00]\n", _refuses("U+0000 is not allowed", 6)),
        "billion laughs of 1 kB": _file("yaml", _billion_laughs(), _refuses("aliases expand", 1)),
        "billion laughs inside claims": _file("yaml", bomb_in_claims, _refuses("aliases expand", 1)),
        "recursive alias": _file("yaml", "claims: &a [*a]\n", _refuses("refers to a node that contains it", 1)),
        "recursive alias in a record": _file("yaml", HEAD_YAML + "claims:\n  - &c {id: c1, value: *c}\n", _refuses("refers to a node that contains it", 7)),
        "alias repeating a claim": _file("yaml", HEAD_YAML + "claims:\n  - &c {id: c1, source: s1, event: e1, attribute: killed, value: '52'}\n  - *c\n", _refuses("used by 2 records", 7, record=1, field="id")),
        "merge key sharing fields": _file("yaml", HEAD_YAML + "base: &b {source: s1, event: e1, attribute: killed}\n", _refuses("unknown section 'base'", 6)),
        "merge key inside claims": _file("yaml", HEAD_YAML + "claims:\n  - &b {id: c1, source: s1, event: e1, attribute: killed, value: '52'}\n  - {<<: *b, id: c2, value: '50'}\n", has_claims(2)),
        "undefined alias": _file("yaml", "claims: *nowhere\n", _refuses("not valid YAML", 1)),
        "nesting 100 deep": _file("yaml", "claims: " + "[" * 100 + "]" * 100 + "\n", _refuses("nest more than 64 levels", 1)),
        "nesting 100 000 deep": _file("yaml", "[" * 100_000 + "]" * 100_000, _refuses("not valid YAML", 1)),
        "two documents": _file("yaml", "sources: []\n---\nclaims: []\n", _refuses("not valid YAML", 2)),
        "python object tag": _file("yaml", "claims: !!python/object/apply:os.system ['echo owned']\n", _refuses("not valid YAML", 1)),
        "binary tag": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, source: s1, event: e1, attribute: perpetrator, value: !!binary aGk=}\n", _refuses("expected a label", 7, record=0, field="value")),
        "tabs for indentation": _file("yaml", "sources:\n\t- {id: s1}\n", _refuses("not valid YAML", 2)),
        "top level is a list": _file("yaml", "- {id: s1}\n", _refuses("must hold a mapping", None)),
        "top level is text": _file("yaml", "just some words\n", _refuses("must hold a mapping", None)),
        "section is text": _file("yaml", "claims: abc\n", _refuses("must be a list", 1)),
        "section is a mapping": _file("yaml", "sources: {id: s1}\n", _refuses("must be a list", 1)),
        "unknown section": _file("yaml", HEAD_YAML + "claimz: []\n", _refuses("unknown section 'claimz'", 6)),
        "repeated key": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, id: c2, source: s1, event: e1, attribute: killed, value: '52'}\n", _refuses("appears twice", 7)),
        "unquoted date published": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, source: s1, event: e1, attribute: killed, value: '52', published: 2013-09-09}\n", Accepts("published on 9 September 2013", lambda d: str(claim_of(d).published)[:10] == "2013-09-09")),
        "unquoted impossible date": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, source: s1, event: e1, attribute: killed, value: '52', published: 2013-02-30}\n", _refuses("not a date of the calendar", 7)),
        "unquoted year 0": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, source: s1, event: e1, attribute: killed, value: '52', published: 0000-01-01}\n", _refuses("not a date of the calendar", 7)),
        "integer of 5,000 digits": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, source: s1, event: e1, attribute: killed, value: " + "9" * 5000 + "}\n", _refuses("far too large", 7, record=0, field="value")),
        "float beyond the largest": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, source: s1, event: e1, attribute: killed, value: 1.0e+999}\n", _refuses("not finite", 7, record=0, field="value")),
        "infinity": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, source: s1, event: e1, attribute: killed, value: .inf}\n", _refuses("not finite", 7, record=0, field="value")),
        "not a number": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, source: s1, event: e1, attribute: killed, value: .nan}\n", _refuses("not finite", 7, record=0, field="value")),
        "reliability of 5,000 digits": _file("yaml", "sources:\n  - {id: s1, reliability: " + "1" * 5000 + "}\n", _refuses("far too large", 2, section="sources", record=0, field="reliability")),
        "unquoted no as a label": _file("yaml", HEAD_YAML + "claims:\n  - {id: c1, source: s1, event: e1, attribute: perpetrator, value: no}\n", _refuses("expected a label, got False", 7, record=0, field="value")),
        "aliases as text": _file("yaml", "events:\n  - {id: e1, label: Attack, aliases: abc}\n", _refuses("expected a list, got 'abc'", 2, section="events", record=0, field="aliases")),
        "aliases as a mapping": _file("yaml", "events:\n  - {id: e1, label: Attack, aliases: {a: b}}\n", _refuses("expected a list", 2, section="events", record=0, field="aliases")),
        "event date 9999-12-31": _file("yaml", "events:\n  - {id: e1, label: Attack, when: '9999-12-31'}\n", _refuses("after year 9999", 2, section="events", record=0, field="when")),
        "taxonomy cycle": _file("yaml", "attributes:\n  - {name: side, kind: category, taxonomy: {parents: {a: b, b: c, c: a}}}\n", _refuses("cycle: a -> b -> c -> a", 2, section="attributes", record=0, field="taxonomy.parents")),
        "taxonomy label its own parent": _file("yaml", "attributes:\n  - {name: side, kind: category, taxonomy: {parents: {a: A}}}\n", _refuses("its own parent", 2, section="attributes", record=0, field="taxonomy.parents")),
        "taxonomy self-parent through an alias": _file("yaml", "attributes:\n  - {name: side, kind: category, taxonomy: {parents: {a: b}, aliases: {b: a}}}\n", _refuses("its own parent", 2, section="attributes", record=0, field="taxonomy.parents")),
        "taxonomy exclusive group as text": _file("yaml", "attributes:\n  - {name: side, kind: category, taxonomy: {exclusive: [abc, de]}}\n", _refuses("expected a list, got 'abc'", 2, section="attributes", record=0, field="taxonomy.exclusive[0]")),
        "taxonomy exclusive as text": _file("yaml", "attributes:\n  - {name: side, kind: category, taxonomy: {exclusive: abc}}\n", _refuses("expected a list", 2, section="attributes", record=0, field="taxonomy.exclusive")),
        "taxonomy parents as a list": _file("yaml", "attributes:\n  - {name: side, kind: category, taxonomy: {parents: [a, b]}}\n", _refuses("mapping", 2, section="attributes", record=0, field="taxonomy.parents")),
        "unknown strategy": _file("yaml", "attributes:\n  - {name: side, kind: category, strategy: coin-toss}\n", _refuses("unknown strategy 'coin-toss'", 2, section="attributes", record=0, field="strategy")),
        "strategy as a number": _file("yaml", "attributes:\n  - {name: side, kind: category, strategy: 7}\n", _refuses("expected str", 2, section="attributes", record=0, field="strategy")),
        "attribute kind unknown": _file("yaml", "attributes:\n  - {name: side, kind: colour}\n", _refuses("not a ValueKind", 2, section="attributes", record=0, field="kind")),
        "duplicate source ids": _file("yaml", "sources:\n  - {id: s1}\n  - {id: s1}\n", _refuses("used by 2 records", 3, section="sources", record=1, field="id")),
        "source name a list": _file("yaml", "sources:\n  - {id: s1, name: [a, b]}\n", _refuses("expected str", 2, section="sources", record=0, field="name")),
        "source reliability as text": _file("yaml", "sources:\n  - {id: s1, reliability: 'high'}\n", _refuses("expected a number", 2, section="sources", record=0, field="reliability")),
        "record that is a list": _file("yaml", "sources:\n  - [s1, s2]\n", _refuses("expected a mapping", 2, section="sources", record=0)),
        "2,000 claims": _file("yaml", HEAD_YAML + "claims:\n" + "".join(f"  - {{id: c{n}, source: s1, event: e1, attribute: killed, value: '{n % 90 + 1}'}}\n" for n in range(2000)), has_claims(2000)),
    }
    # fmt: on


JSON_HEAD = '{"sources": [{"id": "s1"}, {"id": "s2"}],\n"events": [{"id": "e1", "label": "Attack"}],\n"claims": [\n'
JSON_CLAIM = '{"id": "c1", "source": "s1", "event": "e1", "attribute": "killed", "value": "52"}'


def json_cases() -> dict[str, tuple[str, bytes, Expectation, bytes | None]]:
    good = JSON_HEAD + JSON_CLAIM + "\n]}\n"
    # fmt: off
    return {
        "empty file": _file("json", "", EMPTY),
        "only white space": _file("json", " \r\n\t\n", EMPTY),
        "only a byte-order mark": _file("json", "\ufeff", EMPTY),
        "two byte-order marks": _file("json", "\ufeff\ufeff" + good, _refuses("byte-order mark (U+FEFF) stands where a value should", 1)),
        "byte-order mark": _file("json", "\ufeff" + good, has_claims(1)),
        "CRLF line endings": _file("json", good.replace("\n", "\r\n"), has_claims(1)),
        "UTF-16 with its byte-order mark": _file("json", good.encode("utf-16"), _refuses("UTF-16", None)),
        "invalid UTF-8": _file("json", good.encode() + b"\xff", _refuses("not UTF-8", 6)),
        "trailing comma": _file("json", JSON_HEAD + JSON_CLAIM + ",\n]}\n", _refuses("not valid JSON", 5)
        ),
        "comment": _file("json", "// sources\n" + good, _refuses("not valid JSON", 1)),
        "single quotes": _file("json", "{'sources': []}", _refuses("not valid JSON", 1)),
        "truncated": _file("json", good[:60], _refuses("not valid JSON", 2)),
        "two documents": _file("json", good + good, _refuses("Extra data", 6)),
        "raw control character in a string": _file("json", JSON_HEAD + JSON_CLAIM.replace('"52"', '"5\x012"') + "\n]}\n", _refuses("not valid JSON", 4),
        ),
        "NaN": _file("json", JSON_HEAD + JSON_CLAIM.replace('"52"', "NaN") + "\n]}\n", _refuses("not finite", 4, record=0, field="value"),
        ),
        "Infinity": _file("json", JSON_HEAD + JSON_CLAIM.replace('"52"', "Infinity") + "\n]}\n", _refuses("not finite", 4, record=0, field="value"),
        ),
        "minus Infinity": _file("json", JSON_HEAD + JSON_CLAIM.replace('"52"', "-Infinity") + "\n]}\n", _refuses("not finite", 4, record=0, field="value"),
        ),
        "repeated key": _file("json", '{"sources": [], "sources": [{"id": "s1"}]}', _refuses("appears twice", None)),
        "nesting 100 deep": _file("json", '{"claims": ' + "[" * 100 + "]" * 100 + "}", _refuses("nest more than 64 levels", 1)),
        "nesting 100 000 deep": _file("json", "[" * 100_000 + "]" * 100_000, _refuses("nest more than 64 levels", 1)),
        "top level is a list": _file("json", "[]", _refuses("must hold a mapping", None)),
        "top level is a number": _file("json", "5", _refuses("must hold a mapping", None)),
        "top level is null": _file("json", "null", EMPTY),
        "reliability 1e400": _file("json", '{"sources": [\n{"id": "s1", "reliability": 1e400}]}', _refuses("not finite", 2, section="sources", record=0, field="reliability")),
        "reliability of 5,000 digits": _file("json", '{"sources": [\n{"id": "s1", "reliability": ' + "1" * 5000 + "}]}", _refuses("far too large", 2, section="sources", record=0, field="reliability")),
        "escaped lone surrogate in a name": _file("json", '{"sources": [\n{"id": "s1", "name": "\\udc80"}]}', _refuses("lone surrogate", 2, section="sources", record=0, field="name")),
        "surrogate pair escape kept": _file("json", '{"sources": [\n{"id": "s1", "name": "\\ud83d\\ude00"}]}', Accepts("the name is one emoji", lambda d: d.sources[0].name == "\U0001f600")),
        "aliases as text": _file("json", '{"events": [\n{"id": "e1", "label": "Attack", "aliases": "abc"}]}', _refuses("expected a list, got 'abc'", 2, section="events", record=0, field="aliases")),
        "unknown strategy": _file("json", '{"attributes": [\n{"name": "side", "kind": "category", "strategy": "coin-toss"}]}', _refuses("unknown strategy", 2, section="attributes", record=0, field="strategy")),
    }
    # fmt: on


JSONL_CLAIM = '{"id": "c%d", "source": "s1", "event": "e1", "attribute": "killed", "value": "52"}'


def jsonl_cases() -> dict[str, tuple[str, bytes, Expectation, bytes | None]]:
    two = JSONL_CLAIM % 1 + "\n" + JSONL_CLAIM % 2 + "\n"
    # fmt: off
    return {
        "empty file": _file("jsonl", "", Accepts("no claims", lambda d: not d.claims)),
        "only blank lines": _file("jsonl", "\n \n\t\r\n", Accepts("no claims", lambda d: not d.claims)),
        "byte-order mark": _file("jsonl", "\ufeff" + two, has_claims(2)),
        "byte-order mark on line 2": _file("jsonl", JSONL_CLAIM % 1 + "\n\ufeff" + JSONL_CLAIM % 2 + "\n", _refuses("byte-order mark", 2, record=1)),
        "CRLF line endings": _file("jsonl", two.replace("\n", "\r\n"), has_claims(2)),
        "no final line feed": _file("jsonl", two.rstrip("\n"), has_claims(2)),
        "blank lines between": _file("jsonl", "\n" + JSONL_CLAIM % 1 + "\n\n\n" + JSONL_CLAIM % 2 + "\n", has_claims(2)),
        "raw U+2028 inside a string": _file("jsonl", JSONL_CLAIM.replace('"52"', '"5\u20282"').replace("killed", "perpetrator") % 1 + "\n", keeps_text("5\u20282")),
        "raw form feed between tokens": _file("jsonl", (JSONL_CLAIM % 1).replace(", ", ",\f", 1) + "\n", _refuses("not valid JSON", 1, record=0)),
        "lone CR between two records": _file("jsonl", JSONL_CLAIM % 1 + "\r" + JSONL_CLAIM % 2 + "\n", _refuses("Extra data", 1, record=0)),
        "UTF-16 with its byte-order mark": _file("jsonl", two.encode("utf-16"), _refuses("UTF-16", None)),
        "invalid UTF-8 on line 2": _file("jsonl", (JSONL_CLAIM % 1 + "\n").encode() + b"\xc3\x28\n", _refuses("not UTF-8", 2)),
        "a list, not an object": _file("jsonl", "[1, 2]\n", _refuses("expected a mapping", 1, record=0)),
        "null line": _file("jsonl", "null\n", _refuses("expected a mapping", 1, record=0)),
        "truncated second line": _file("jsonl", JSONL_CLAIM % 1 + "\n" + (JSONL_CLAIM % 2)[:30] + "\n", _refuses("not valid JSON", 2, record=1)),
        "nesting 100 000 deep": _file("jsonl", "[" * 100_000 + "]" * 100_000 + "\n", _refuses("nest more than 64 levels", 1, record=0)),
        "duplicate ids on lines 1 and 3": _file("jsonl", JSONL_CLAIM % 1 + "\n" + JSONL_CLAIM % 2 + "\n" + JSONL_CLAIM % 1 + "\n", _refuses("used by 2 records", 3, record=2, field="id")),
        "claims in the sources file": _file("jsonl", two, _refuses("must not hold claims", None), sources=sources_yaml("claims:\n  - {id: c9}\n")),
        "sources file missing a quote": _file("jsonl", two, _refuses("not valid YAML", 7, section=None), sources=sources_yaml("extra: 'oops\n")),
    }
    # fmt: on


CSV_HEADER = "id,source,event,attribute,value\r\n"


def csv_cases() -> dict[str, tuple[str, bytes, Expectation, bytes | None]]:
    row = "c%d,s1,e1,killed,52\r\n"
    two = CSV_HEADER + row % 1 + row % 2
    label = "c1,s1,e1,perpetrator,"
    # fmt: off
    return {
        "empty file": _file("csv", "", Accepts("no claims", lambda d: not d.claims)),
        "header only": _file("csv", CSV_HEADER, Accepts("no claims", lambda d: not d.claims)),
        "byte-order mark": _file("csv", "\ufeff" + two, has_claims(2)),
        "byte-order mark and LF": _file("csv", "\ufeff" + two.replace("\r\n", "\n"), has_claims(2)),
        "two byte-order marks": _file("csv", "\ufeff\ufeff" + two, _refuses("unknown column(s) '\\ufeffid'", 1)),
        "lone CR line endings": _file("csv", two.replace("\r\n", "\r"), has_claims(2)),
        "no final line ending": _file("csv", two.rstrip(), has_claims(2)),
        "blank line between rows": _file("csv", CSV_HEADER + row % 1 + "\r\n" + row % 2, has_claims(2)),
        "UTF-16 with its byte-order mark": _file("csv", two.encode("utf-16"), _refuses("UTF-16", None)),
        "Latin-1 text": _file("csv", (CSV_HEADER + label + "caf\xe9\r\n").encode("latin-1"), _refuses("not UTF-8", 2)),
        "repeated column": _file("csv", "id,source,event,attribute,value,value\r\nc1,s1,e1,killed,5,6\r\n", _refuses("repeats the column(s) 'value'", 1)),
        "unknown column": _file("csv", "id,source,event,attribute,value,colour\r\nc1,s1,e1,killed,5,red\r\n", _refuses("unknown column", 1)),
        "header with a space": _file("csv", "id, source,event,attribute,value\r\nc1,s1,e1,killed,5\r\n", _refuses("unknown column", 1)),
        "semicolons for commas": _file("csv", "id;source;event;attribute;value\r\nc1;s1;e1;killed;5\r\n", _refuses("unknown column", 1)),
        "unterminated quote in the last row": _file("csv", CSV_HEADER + row % 1 + label + '"Iraqi forces\r\n', _refuses("never closed", 3)),
        "unterminated quote swallowing a row": _file("csv", CSV_HEADER + 'c1,s1,e1,killed,"5\r\n' + row % 2, _refuses("never closed", 2)),
        "stray quote after a quoted cell": _file("csv", CSV_HEADER + label + '"Iraqi" forces\r\n', _refuses("must be doubled", 2)),
        "quote inside an unquoted cell": _file("csv", CSV_HEADER + label + 'Iraqi "forces"\r\n', keeps_text('Iraqi "forces"')),
        "doubled quotes inside a quoted cell": _file("csv", CSV_HEADER + label + '"the ""youth"""\r\n', keeps_text('the "youth"')),
        "line feed inside a quoted cell": _file("csv", CSV_HEADER + label + '"Iraqi\nforces"\r\n' + row % 2, keeps_text("Iraqi\nforces")),
        "CR LF inside a quoted cell": _file("csv", CSV_HEADER + label + '"Iraqi\r\nforces"\r\n', keeps_text("Iraqi\r\nforces")),
        "line after a multi-line cell": _file("csv", CSV_HEADER + label + '"Iraqi\nforces"\r\n' + "c2,s9,e1,killed,52\r\n", _refuses("unknown source", 4, record=1, field="source")),
        "form feed in an unquoted cell": _file("csv", CSV_HEADER + label + "Iraqi\fforces\r\n", keeps_text("Iraqi\fforces")),
        "U+2028 in an unquoted cell": _file("csv", CSV_HEADER + label + "Iraqi\u2028forces\r\n", keeps_text("Iraqi\u2028forces")),
        "row with too few cells": _file("csv", CSV_HEADER + "c1,s1,e1,killed\r\n", _refuses("4 cells but the header names 5", 2, record=0)),
        "row with too many cells": _file("csv", CSV_HEADER + "c1,s1,e1,killed,5,6\r\n", _refuses("6 cells but the header names 5", 2, record=0)),
        "cell of 2 MiB": _file("csv", CSV_HEADER + label + "z" * 2_097_152 + "\r\n", _refuses("longer than 1048576", 2)),
        "value cell of broken JSON": _file("csv", CSV_HEADER + 'c1,s1,e1,killed,"{""low"": 5"\r\n', _refuses("cannot read", 2, record=0, field="value")), "value cell of tagged JSON": _file("csv", CSV_HEADER + 'c1,s1,e1,side,"{""kind"": ""category"", ""label"": ""x""}"\r\n', Accepts("a category x", lambda d: claim_of(d).value == Category(label="x"))), "value cell of deep JSON": _file("csv", CSV_HEADER + "c1,s1,e1,side,{" + '"a":' * 100_000 + "\r\n", _refuses("not declared", 2, record=0, field="value")), "attribution with an empty link between >>": _file("csv", "id,source,attribution,event,attribute,value\r\nc1,s1,s2 >> s1,e1,killed,5\r\n", _refuses("non-empty id", 2, record=0, field="attribution")), "span that is not a number": _file("csv", "id,source,event,attribute,value,document,span_start,span_end\r\nc1,s1,e1,killed,5,d,a,9\r\n", _refuses("whole numbers", 2, record=0, field="evidence.span")), "span of 5,000 digits": _file("csv", "id,source,event,attribute,value,document,span_start,span_end\r\nc1,s1,e1,killed,5,d,0," + "9" * 5000 + "\r\n", _refuses("far too large", 2, record=0, field="evidence.span[1]")), "tab-separated": _file("csv", "id\tsource\tevent\tattribute\tvalue\r\nc1\ts1\te1\tkilled\t5\r\n", _refuses("unknown column", 1)), "NUL in a cell": _file("csv", CSV_HEADER + label + "Iraqi\x00forces\r\n", keeps_text("Iraqi\x00forces")), "2,000 rows": _file("csv", CSV_HEADER + "".join(row % n for n in range(2000)), has_claims(2000)),
    }
    # fmt: on


def all_cases() -> list[Case]:
    from columnar_cases import columnar_cases

    cases = [*claim_cases(), *columnar_cases()]
    for table in (yaml_cases(), json_cases(), jsonl_cases(), csv_cases()):
        for name, (fmt, content, expect, sources) in table.items():
            cases.append(Case(f"{fmt}: {name}", fmt, content, expect, sources))
    return cases
