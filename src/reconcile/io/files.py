"""Dataset files: `load` and `save` for YAML, JSON, JSON Lines, CSV, Parquet and Arrow IPC.

Loading never stops at the first problem: every record is read, every
problem is collected with its file, record, field and (for YAML, JSON Lines
and CSV) line, and one `DatasetError` lists them all. Nothing in a file is
executed (YAML is read with the safe loader) and nothing is dropped.
Parquet and Arrow IPC files, and pandas or polars frames (`load_frame`),
are read row by row into the same records as CSV and JSON Lines (see
`reconcile.io.arrow_claims`); their problems name the row and column.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import pendulum
import yaml
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from reconcile.collector import with_collector_paused
from reconcile.errors import DatasetError, ParseError, Problem, UsageError, ValidationError
from reconcile.io import arrow_claims
from reconcile.io.convert import VALUE_TAG, converter, read_published, structure_value
from reconcile.io.forked_rows import StartedRows, rows_in_two, rows_started
from reconcile.io.limits import (
    MAX_CELL_CHARS,
    MAX_DEPTH,
    MAX_NUMBER_DIGITS,
    MAX_WHOLE_NUMBER,
    NumberTooLong,
    Watch,
    is_blank,
    node_graph_problem,
    numbered_lines,
    too_deep,
    value_problems,
    without_bom,
)
from reconcile.io.loaded_records import NO_LINES, NumberedRecords, RecordPlaces
from reconcile.io.plain_records import PlainRecords
from reconcile.io.plain_yaml import (
    SCALAR_KEY_TAGS,
    STR_TAG,
    NotPlainYamlError,
    block_data,
    plain_data,
)
from reconcile.io.text_pieces import (
    UnreadableTextError,
    decoding_problem,
    file_error,
    text_pieces,
    utf16_problem,
)
from reconcile.io.value_text import publication_span, read_value_text, reference_of
from reconcile.judging.registry import available
from reconcile.model.claim import Claim, Value
from reconcile.model.dataset import Dataset, checked_dataset, find_problems
from reconcile.model.event import Event
from reconcile.model.gazetteer import Place
from reconcile.model.schema import AttributeSchema, ValueKind, standard_attributes
from reconcile.model.source import Source
from reconcile.processes import usable_processes
from reconcile.validators import attribute_id, is_timezone
from reconcile.values.hedges import HedgePolicy
from reconcile.values.parse_timespan import parse_timespan
from reconcile.values.quantity import counted
from reconcile.values.timespan import TimeSpan

SECTIONS: dict[str, type] = {
    "places": Place,
    "sources": Source,
    "events": Event,
    "attributes": AttributeSchema,
    "claims": Claim,
}
ONE_FILE_FORMATS = (".yaml", ".yml", ".json")
CLAIMS_FORMATS = (".jsonl", ".ndjson", ".csv", *arrow_claims.COLUMNAR_FORMATS)
CSV_COLUMNS = (
    "id", "source", "attribution", "event", "mention_label", "mention_kind", "mention_when",
    "mention_where", "attribute", "value", "value_text", "polarity", "document", "quote",
    "span_start", "span_end", "published", "qualifier", "url", "interest",
    "candidate_extractor", "candidate_confidence",
)  # fmt: skip
STRUCT_COLUMNS = ("mention", "evidence", "candidate")
"""Columns of a Parquet or Arrow table that may hold a part of a claim as one struct, in place
of the flat columns that start with the same name (``mention_when``) or that CSV gives it."""
COLUMNAR_COLUMNS = (*CSV_COLUMNS, *STRUCT_COLUMNS)
_FLAT_PARTS = {
    "mention": tuple(name for name in CSV_COLUMNS if name.startswith("mention_")),
    "evidence": ("document", "quote", "url", "span_start", "span_end"),
    "candidate": ("candidate_extractor", "candidate_confidence"),
}
SETTINGS = ("timezone",)
"""Top-level keys that hold one setting rather than a list of records."""
ATTRIBUTION_SEPARATOR = ">"

FAST_PATHS = True
"""Whether loading takes its fast paths: plain records (`reconcile.io.plain_records`), plain YAML.

The differential tests turn them off to compare the outcome with the general path's.
"""

Path_ = str | PathLike[str]
FieldPath = tuple[str | int, ...]


# -- public entry points ---------------------------------------------------------


@with_collector_paused
def load(
    path: Path_, *, sources: Path_ | None = None, policy: HedgePolicy | None = None
) -> Dataset:
    """Read a dataset file: YAML or JSON with every section, or a file of claims only.

    A YAML or JSON file holds ``sources``, optional ``events``, optional
    ``attributes`` and ``claims``. A JSON Lines, CSV, Parquet or Arrow IPC
    (``.arrow``, ``.feather``) file holds claims only; `sources` then names
    the YAML or JSON file with the sources (and any events and attributes).
    A claim's value may be written as text ("no less than nine", "1 September
    2013"), read by `parse_quantity` under `policy` or by `parse_timespan`
    against the claim's publication date.

    Raises `DatasetError` listing every problem in the files, each with its
    file, record, field and, where known, line. What lies beyond the limits
    of `reconcile.io.limits` (aliases that would blow a YAML file up, deep
    nesting, huge numbers, overlong CSV cells, lone surrogates) is a problem
    too, so that no file can crash the loader or exhaust memory.
    """
    path = Path(path)
    suffix = check_paths(path, sources)
    reader = _Reader(policy or HedgePolicy.default())
    if suffix in ONE_FILE_FORMATS:
        reader.read_document(path, claims_allowed=True)
    else:
        assert sources is not None
        with reader.claims_started(path):
            reader.read_document(Path(sources), claims_allowed=False)
            reader.read_claims_file(path)
    return reader.finish()


def load_frame(
    frame: Any, *, sources: Path_, policy: HedgePolicy | None = None, name: str = "frame"
) -> Dataset:
    """Read the claims of a pandas or polars DataFrame (or a pyarrow Table), with their sources.

    The frame's columns are those of a Parquet file of claims (see
    docs/file-format.md): the flat columns of CSV, or struct columns for the
    mention, evidence and candidate. `sources` names the YAML or JSON file
    with the sources (and any events and attributes). Needs pyarrow
    (``pip install 'reconcile[parquet]'``).

    Raises `DatasetError` listing every problem, each naming the frame by
    `name`, the row (``claims[3]`` is the row at position 3, as ``iloc``
    counts) and the field.
    """
    if Path(sources).suffix.lower() not in ONE_FILE_FORMATS:
        raise UsageError(f"{sources}: the sources file must be YAML or JSON")
    reader = _Reader(policy or HedgePolicy.default())
    reader.read_document(Path(sources), claims_allowed=False)
    reader.files.append(Path(name))
    try:
        table = arrow_claims.frame_table(frame)
    except arrow_claims.NotReadableError as error:
        reader.fail(Path(name), str(error))
    else:
        reader.read_table(Path(name), table)
    return reader.finish()


def save(dataset: Dataset, path: Path_, *, sources: Path_ | None = None) -> None:
    """Write `dataset` to `path` in the format its extension names (see `Dataset.save`)."""
    path = Path(path)
    suffix = check_paths(path, sources)
    records: dict[str, Any] = {
        name: [converter.unstructure(r) for r in getattr(dataset, name)] for name in SECTIONS
    }
    records["claims"] = [_claim_record(claim, dataset) for claim in dataset.claims]
    settings: dict[str, Any] = {"timezone": dataset.timezone}
    if suffix in ONE_FILE_FORMATS:
        _write_document(path, {**settings, **records})
        return
    assert sources is not None
    _write_document(Path(sources), {**settings, **records, "claims": []})
    if suffix == ".csv":
        _write_csv(path, records["claims"])
    elif suffix in arrow_claims.COLUMNAR_FORMATS:
        rows = [_flatten_claim(record) for record in records["claims"]]
        arrow_claims.write_text_table(path, CSV_COLUMNS, rows)
    else:
        with path.open("w", encoding="utf-8") as out:
            for record in records["claims"]:
                out.write(json_line(record))


def check_paths(path: Path, sources: Path_ | None, *, sources_option: str = "sources=") -> str:
    """The format of `path`, after checking that `sources` is given exactly when it must be.

    `sources_option` is how the caller's interface spells the sources
    argument in an error message: ``sources=`` in Python, ``--sources`` on
    the command line.
    """
    suffix = path.suffix.lower()
    if suffix in ONE_FILE_FORMATS:
        if sources is not None:
            raise UsageError(
                f"{path}: a {suffix} file holds its own sources; do not pass {sources_option}"
            )
        return suffix
    if suffix not in CLAIMS_FORMATS:
        raise UsageError(f"{path}: {_format_hint(suffix)}")
    if sources is None:
        raise UsageError(
            f"{path}: {suffix} files hold claims only: "
            f"pass {sources_option} naming the sources file"
        )
    if Path(sources).suffix.lower() not in ONE_FILE_FORMATS:
        raise UsageError(f"{sources}: the sources file must be YAML or JSON")
    return suffix


def _format_hint(suffix: str) -> str:
    known = ", ".join(ONE_FILE_FORMATS + CLAIMS_FORMATS)
    return f"cannot tell the format from the extension {suffix or '(none)'!r}; use one of {known}"


# -- saving ----------------------------------------------------------------------


def claim_line(claim: Claim, dataset: Dataset) -> str:
    """The claim's line in a JSON Lines file, exactly as `save` writes it.

    `dataset` gives the attributes' schemas and the sources' time zones; it
    need not hold the claim, so that a writer can stream claims it never holds.
    """
    return json_line(_claim_record(claim, dataset))


def json_line(record: Mapping[str, Any]) -> str:
    """One record as a line of JSON Lines, newline included."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def yaml_text(data: Any) -> str:
    """`data` in YAML as `save` writes its documents, so that pieces written apart join up.

    A list dumped alone gives the same lines as under a key of a mapping
    (PyYAML does not indent a block sequence under its key).
    """
    text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return text


def _claim_record(claim: Claim, dataset: Dataset) -> dict[str, Any]:
    """A claim in its most readable form that still reads back equal.

    The value is written as the words it was read from when they read back to
    the same value, else in its natural form when the attribute's schema
    tells its kind, else tagged with its kind.
    """
    record: dict[str, Any] = converter.unstructure(claim)
    schema = dataset.schema(claim.attribute)
    if claim.value is None or schema is None or schema.kind is not ValueKind.of(claim.value):
        return record
    timezone = timezone_of(claim, dataset.sources_by_id, dataset.timezone)
    if claim.value_text is not None and _reads_back(claim, schema, timezone):
        record["value"] = claim.value_text
        del record["value_text"]
    else:
        record["value"] = converter.unstructure(claim.value, schema.kind.value_type)
    return record


def _reads_back(claim: Claim, schema: AttributeSchema, timezone: str | None) -> bool:
    try:
        reference = None
        if claim.published is not None and claim.published_precision is not None:
            reference = reference_of(claim.published, claim.published_precision)
        read = read_value_text(
            claim.value_text or "",
            schema.kind,
            reference=reference,
            timezone=timezone,
            measure=schema.measure,
        )
    except (ParseError, ValidationError):
        return False
    return read == (claim.value, claim.value_text)


def _write_document(path: Path, records: Mapping[str, list[Any]]) -> None:
    data = {name: items for name, items in records.items() if items}  # a None setting too
    with path.open("w", encoding="utf-8") as out:
        if path.suffix.lower() == ".json":
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            out.write(yaml_text(data))


def _write_csv(path: Path, records: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(_flatten_claim(record))


def _flatten_claim(record: dict[str, Any]) -> dict[str, str]:
    row: dict[str, Any] = {key: record.get(key) for key in ("id", "source", "event", "attribute")}
    row["attribution"] = f" {ATTRIBUTION_SEPARATOR} ".join(record.get("attribution", ()))
    for key, item in record.get("mention", {}).items():
        row[f"mention_{key}"] = item if isinstance(item, str) else json.dumps(item)
    value = record.get("value")
    if isinstance(value, str) and value.lstrip().startswith("{"):
        # A label that looks like JSON is written as JSON, or it would read back as a mapping.
        value = {VALUE_TAG: "category", "label": value}
    if value is not None:
        row["value"] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    for key in ("value_text", "polarity", "published", "qualifier", "interest"):
        row[key] = record.get(key)
    evidence = record.get("evidence", {})
    row["document"], row["quote"] = evidence.get("document"), evidence.get("quote")
    row["url"] = evidence.get("url")
    span = evidence.get("span")
    if span is not None:
        row["span_start"], row["span_end"] = span
    candidate = record.get("candidate", {})
    row["candidate_extractor"] = candidate.get("extractor")
    row["candidate_confidence"] = candidate.get("confidence")
    return {key: "" if item is None else str(item) for key, item in row.items()}


def timezone_of(claim: Any, sources: Mapping[str, Any], default: str | None) -> str | None:
    """The zone of the claim's clock times: its publishing source's `timezone`, else `default`."""
    source = sources.get(claim.source) if isinstance(claim.source, str) else None
    zone = getattr(source, "timezone", None)
    return zone if isinstance(zone, str) else default


# -- loading ---------------------------------------------------------------------


@attrs.define
class _Record:
    """One raw record with where it came from."""

    section: str
    index: int
    data: Any
    file: Path
    lines: Mapping[FieldPath, int]
    line: int | None = None
    suspect: bool = True
    """Whether parsing met something beyond the limits in the record's file or line."""


@attrs.define
class _Reader:
    """Reads the files of one dataset, collecting records and problems."""

    policy: HedgePolicy
    timezone: str | None = None
    source_zones: dict[str, str] = attrs.Factory(dict)
    """The timezone of each source that names one, for its claims' clock times."""
    problems: list[Problem] = attrs.Factory(list)
    structured: dict[str, NumberedRecords] = attrs.Factory(
        lambda: {name: NumberedRecords() for name in SECTIONS}
    )
    failed: dict[str, int] = attrs.Factory(lambda: dict.fromkeys(SECTIONS, 0))
    files: list[Path] = attrs.Factory(list)
    places: RecordPlaces = attrs.Factory(RecordPlaces)
    _schema_table: dict[str, Any] = attrs.Factory(dict)
    _schemas_for: int = -1
    """How many declarations `_schema_table` was built from (-1: not built yet)."""
    fast: PlainRecords | None = attrs.field(init=False)
    """The fast path for plain records, with this load's caches of texts read (or None)."""
    started: tuple[Path, StartedRows] | None = None
    """A claims file whose later part a child reads already (`claims_started`), and its rows."""

    def __attrs_post_init__(self) -> None:
        self.fast = None
        if FAST_PATHS:
            self.fast = PlainRecords(self.policy, self._schema_of, self._claim_timezone)

    def _claim_timezone(self, source: str) -> str | None:
        """The zone of the clock times of a claim `source` publishes."""
        return self.source_zones.get(source, self.timezone) or self.timezone

    def fail(self, path: Path, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(message=message, file=str(path), line=line))

    def read_document(self, path: Path, *, claims_allowed: bool) -> None:
        text = self._read_text(path)
        if text is None:
            return
        if is_blank(text):
            return  # an empty file is an empty dataset, in every format
        parsed = _parse_json(text) if path.suffix.lower() == ".json" else _parse_yaml(text)
        self.problems.extend(attrs.evolve(problem, file=str(path)) for problem in parsed.problems)
        if not parsed.readable:
            return
        data, lines = parsed.data, parsed.lines
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            self.fail(
                path, "the file must hold a mapping with sources, events, attributes and claims"
            )
            return
        for key in data:
            if key not in SECTIONS and key not in SETTINGS and key != "$schema":
                self.fail(
                    path,
                    f"unknown section {key!r}; a dataset has {', '.join((*SETTINGS, *SECTIONS))}",
                    lines.get((str(key),)),
                )
        self._read_timezone(path, data, lines)
        if not claims_allowed and data.get("claims"):
            self.fail(path, "the sources file must not hold claims; they belong in the claims file")
        order = [name for name in SECTIONS if claims_allowed or name != "claims"]
        for section in order:
            items = data.get(section) or []
            if not isinstance(items, list):
                self.fail(path, f"section {section!r} must be a list", lines.get((section,)))
                continue
            for index, item in enumerate(items):
                # No line given: the record's line is looked up in `lines` only for a problem.
                self.read_record(_Record(section, index, item, path, lines, suspect=parsed.suspect))

    def _read_timezone(
        self, path: Path, data: Mapping[str, Any], lines: Mapping[FieldPath, int]
    ) -> None:
        zone = data.get("timezone")
        if zone is None:
            return
        if not isinstance(zone, str) or not is_timezone(zone):
            self.fail(
                path,
                f"timezone must be an IANA timezone name such as 'Asia/Gaza' or 'UTC', "
                f"got {zone!r}",
                lines.get(("timezone",)),
            )
            return
        self.timezone = zone

    def read_claims_file(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix in arrow_claims.COLUMNAR_FORMATS:
            self.read_columnar_file(path)
        elif suffix == ".csv":
            text = self._read_text(path)
            if text is not None:
                self._read_claim_rows(path, _csv_rows(text))
        else:
            self._read_json_lines(path)

    def _read_json_lines(self, path: Path) -> None:
        """Read a JSON Lines file piece by piece, each line's claim built as it is read.

        A file that turns out not to be UTF-8 text (or not to be readable) part of
        the way through is one problem and no records, as when it is read whole:
        what was read of it before is forgotten.
        """
        self.files.append(path)
        claims, problems, failed = self.structured["claims"], self.problems, self.failed
        read_before = (len(claims), len(problems), failed["claims"])
        try:
            self._read_claim_rows(path, self._jsonl_rows(path))
        except UnreadableTextError as error:
            # The places noted meanwhile are never looked up: only read records have problems.
            claims.truncate(read_before[0])
            del problems[read_before[1] :]
            failed["claims"] = read_before[2]
            self.fail(path, error.message, error.line)

    @contextmanager
    def claims_started(self, path: Path) -> Iterator[None]:
        """A large JSON Lines file of claims: its later part read by a child from here on.

        So the child reads while this process reads the sources file (1.5 s
        of 10^6 simulated claims' 11 s). The child reads as if the sources
        named no time zone and declared the standard attributes as they
        stand, as most do: if they do not (`_as_the_child_read`), its rows
        are thrown away and its share read here, with the same result.
        Other files are read as before.
        """
        if self.fast is None or path.suffix.lower() in (".csv", *arrow_claims.COLUMNAR_FORMATS):
            yield
            return
        rows_of = functools.partial(_jsonl_rows, fast=self.fast)
        with rows_started(path, rows_of, processes=usable_processes()) as rows:
            self.started = (path, rows)
            try:
                yield
            finally:
                self.started = None

    def _as_the_child_read(self) -> bool:
        """Whether claims read now read as the child of `claims_started` read them.

        The fast path reads a claim by its source's time zone, the dataset's,
        and its attribute's kind and measure (`PlainRecords`); the child knew
        of no time zone and of the standard schemas only. An attribute it
        knew no schema of, it left to the general path, which reads here.
        """
        if self.timezone is not None or self.source_zones:
            return False
        standard = standard_attributes()
        for name, schema in self._schemas().items():
            if not isinstance(schema, AttributeSchema):
                return False  # a declaration with problems: its claims read otherwise now
            known = standard.get(name)
            if known is not None and (known.kind, known.measure) != (schema.kind, schema.measure):
                return False
        return True

    def _jsonl_rows(self, path: Path) -> Iterator[tuple[int, Any]]:
        """The rows of a JSON Lines file; a large one's later part read in a forked child.

        Only with the fast path, whose claims the child builds (see `rows_in_two`).
        """
        if self.fast is None:
            return _jsonl_rows(text_pieces(path))
        if self.started is not None and self.started[0] == path:
            _, rows = self.started
            self.started = None  # its rows are read once
            return rows(self._as_the_child_read())
        rows_of = functools.partial(_jsonl_rows, fast=self.fast)
        return rows_in_two(path, rows_of, processes=usable_processes())

    def _read_claim_rows(self, path: Path, rows: Iterator[tuple[int, Any]]) -> None:
        """Read the rows of a JSON Lines or CSV file: claims, records, and problems."""
        index = 0  # the claim's record number: problems of the whole file are not records
        for line, data in rows:
            if isinstance(data, Claim):  # a plain line, read by the fast path
                self.places.add("claims", index, path, NO_LINES, line)
                self.structured["claims"].add(index, data)
            elif isinstance(data, _FileProblem):
                self.fail(path, data.message, line)
                continue
            elif isinstance(data, Problem):
                self.problems.append(
                    attrs.evolve(data, file=str(path), section="claims", record=index, line=line)
                )
                self.failed["claims"] += 1
            else:
                self.read_record(
                    _Record("claims", index, data.data, path, NO_LINES, line, suspect=data.suspect)
                )
            index += 1

    def read_columnar_file(self, path: Path) -> None:
        """Read a Parquet or Arrow IPC file of claims; an empty file holds none."""
        data = self._read_bytes(path)
        if not data:
            return
        try:
            table = arrow_claims.read_table(data, path.suffix.lower())
        except arrow_claims.NotReadableError as error:
            self.fail(path, str(error))
            return
        self.read_table(path, table)

    def read_table(self, path: Path, table: Any) -> None:
        """Read the claims of a pyarrow Table, one a row, naming `path` in every problem."""
        header = [str(name) for name in table.column_names]
        for message in filter(None, (_repeated_columns(header), _mixed_layouts(header))):
            self.fail(path, message)
            return
        unknown = _unknown_columns(header, COLUMNAR_COLUMNS)
        if unknown is not None:
            self.fail(path, unknown)  # the rows are still read, as a CSV file's are
        refused = list(arrow_claims.column_problems(table))
        for problem in refused:
            self.fail(path, problem.message)
        if refused:
            return  # every row would lack the column, or hold what nothing reads
        # Numbers, lists and structs may hold what is beyond the limits; text cannot.
        typed = not arrow_claims.text_only(table)
        for index, cells in enumerate(arrow_claims.rows(table)):
            watch = Watch()
            record = _claim_from_table_row(cells, watch)
            if isinstance(record, Problem):
                self.problems.append(
                    attrs.evolve(record, file=str(path), section="claims", record=index)
                )
                self.failed["claims"] += 1
            else:
                suspect = typed or watch.raised
                self.read_record(_Record("claims", index, record, path, NO_LINES, suspect=suspect))

    def _read_bytes(self, path: Path) -> bytes | None:
        """The file's bytes, or None after a problem when it cannot be read."""
        self.files.append(path)
        try:
            return path.read_bytes()
        except OSError as error:
            self.fail(path, file_error(error))
        return None

    def _read_text(self, path: Path) -> str | None:
        """The file's text as written: line endings untouched, the byte-order mark dropped."""
        data = self._read_bytes(path)
        if data is None:
            return None
        utf16 = utf16_problem(data)
        if utf16 is not None:
            self.fail(path, utf16)
            return None
        try:
            return without_bom(data.decode("utf-8"))
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            self.fail(path, decoding_problem(error, 0), line)
            return None

    def read_record(self, record: _Record) -> None:
        self.places.add(record.section, record.index, record.file, record.lines, record.line)
        if record.section in ("claims", "sources") and self._read_plain(record):
            return
        record_id = _record_id(record.data)
        errors: list[tuple[FieldPath, str]] = []
        if not isinstance(record.data, Mapping):
            errors.append(((), f"expected a mapping of fields, got {record.data!r}"))
        else:
            data = dict(record.data)
            if record.suspect:
                errors.extend(value_problems(data))
            beyond_limits = {path[0] for path, _ in errors if path}
            data = {key: item for key, item in data.items() if key not in beyond_limits}
            if record.section == "claims":
                errors.extend(self._resolve_claim_text(data))
            failed_fields = {path[0] for path, _ in errors if path}
            if "attribute" in failed_fields:
                failed_fields.add("value")  # its kind is unknown, so it was not read
            kept = {key: item for key, item in data.items() if key not in failed_fields}
            try:
                value: Any = converter.structure(kept, SECTIONS[record.section])
            except Exception as error:  # every error becomes a Problem; none is lost
                errors.extend(
                    (path, message)
                    for path, message in _leaves(error)
                    if not (path and path[0] in failed_fields)
                )
            else:
                if not errors:
                    self.structured[record.section].add(record.index, value)
                    if isinstance(value, Source) and value.timezone is not None:
                        self.source_zones[value.id] = value.timezone
        if errors:
            self.failed[record.section] += 1
            self.structured[record.section].add(
                record.index, _stand_in(record.section, record.data)
            )
        for path, message in errors:
            self.problems.append(self._problem(record, record_id, path, message))

    def _read_plain(self, record: _Record) -> bool:
        """Whether the fast path took the claim or source, which has then no problem of its own."""
        if self.fast is None:
            return False
        if record.suspect and (
            not isinstance(record.data, Mapping) or any(value_problems(dict(record.data)))
        ):
            return False
        if record.section == "claims":
            read: Any = self.fast.claim(record.data)
        else:
            read = self.fast.source(record.data)
            if read is not None and read.timezone is not None:
                self.source_zones[read.id] = read.timezone
        if read is None:
            return False
        self.structured[record.section].add(record.index, read)
        return True

    def _resolve_claim_text(self, data: dict[str, Any]) -> list[tuple[FieldPath, str]]:
        """Read the value and the mention's date from text, as far as they are text."""
        errors: list[tuple[FieldPath, str]] = []
        published: pendulum.DateTime | TimeSpan | None = None
        source = data.get("source")
        timezone = self.source_zones.get(source, self.timezone) if isinstance(source, str) else None
        timezone = timezone or self.timezone
        if "published_precision" in data:
            errors.append(
                (
                    ("published_precision",),
                    "unknown field; write the precision in 'published' itself "
                    "(2023, 2023-10, 2023-10-17 or a time)",
                )
            )
        if data.get("published") is not None:
            try:
                moment, precision = read_published(data["published"], timezone)
                published = reference_of(moment, precision)
                publication_span(moment, precision)  # a date at the calendar's end has none
            except (TypeError, ValueError, ValidationError) as error:
                errors.append((("published",), str(error)))
            else:
                data["published"], data["published_precision"] = moment, precision
        if "value" in data:
            try:
                value, text = self._resolve_value(
                    data["value"], data.get("attribute"), published, timezone
                )
            except _AttributeNameError as error:
                errors.append((("attribute",), str(error)))
            except (ClassValidationError, IterableValidationError) as error:
                errors.extend((("value", *path), message) for path, message in _leaves(error))
            except (TypeError, ValueError) as error:
                errors.append((("value",), str(error)))
            else:
                data["value"] = value
                if text is not None and "value_text" not in data:
                    data["value_text"] = text
        mention = data.get("mention")
        if isinstance(mention, Mapping) and isinstance(mention.get("when"), str):
            try:
                when = parse_timespan(mention["when"], reference=published, timezone=timezone)
            except ParseError as error:
                errors.append((("mention", "when"), str(error)))
            else:
                data["mention"] = {**mention, "when": when}
        return errors

    def _resolve_value(
        self,
        raw: Any,
        attribute: Any,
        published: pendulum.DateTime | TimeSpan | None,
        timezone: str | None,
    ) -> tuple[Value, str | None]:
        if isinstance(raw, Mapping) and VALUE_TAG in raw:
            return structure_value(raw), None
        if not isinstance(attribute, str):
            raise _AttributeNameError(attribute)
        schema = self._schema_of(attribute)
        if schema is None:
            raise ValueError(
                f"attribute {attribute!r} is not declared, so tag its value with its kind "
                "({kind: quantity | category | timespan, ...}) or declare it under 'attributes'"
            )
        if isinstance(raw, str):
            return read_value_text(
                raw,
                schema.kind,
                reference=published,
                policy=self.policy,
                timezone=timezone,
                measure=schema.measure,
            )
        return converter.structure(raw, schema.kind.value_type), None

    def _schema_of(self, attribute: str) -> AttributeSchema | None:
        """The schema of `attribute`, as declared (or standard); None when unknown.

        A declaration that failed to load is a stand-in holding its raw fields:
        its kind is used when it reads, and otherwise the value cannot be read.
        """
        schema = self._schemas().get(attribute_id(attribute))
        if schema is None or isinstance(schema, AttributeSchema):
            return schema
        try:
            return AttributeSchema(name=attribute, kind=ValueKind(schema.kind))
        except (TypeError, ValueError):
            raise ValueError(
                f"the declaration of attribute {attribute!r} has problems of its own, "
                "so its values cannot be read"
            ) from None

    def _schemas(self) -> Mapping[str, Any]:
        """The standard and declared schemas by attribute id (a declaration may be a stand-in).

        Built again only when a declaration has been read since: every claim asks.
        """
        declarations = self.structured["attributes"]
        if self._schemas_for != len(declarations):
            declared = {
                attribute_id(schema.name): schema
                for _, schema in declarations
                if isinstance(schema.name, str)
            }
            self._schema_table = {**standard_attributes(), **declared}
            self._schemas_for = len(declarations)
        return self._schema_table

    def _problem(
        self, record: _Record, record_id: str | None, path: FieldPath, message: str
    ) -> Problem:
        return Problem(
            message=message,
            file=str(record.file),
            section=record.section,
            record=record.index,
            record_id=record_id,
            field=_field_text(path) or None,
            line=_line_of(record, path),
        )

    def finish(self) -> Dataset:
        # The fast path's callbacks refer back to this reader: a cycle that would keep its
        # caches (and every record's place) alive until the paused collector runs again.
        self.fast = None
        sections = {name: records.in_order() for name, records in self.structured.items()}
        by_id = _by_id(sections["claims"].records)
        found = find_problems(**sections, claims_by_id=by_id)
        for problem in [*found, *_strategy_problems(sections["attributes"])]:
            assert problem.section is not None
            assert problem.record is not None
            file, lines, line = self.places[(problem.section, problem.record)]
            path = _path_of(problem.field)
            self.problems.append(
                attrs.evolve(
                    problem,
                    file=str(file),
                    line=_lookup_line(lines, (problem.section, problem.record, *path), line),
                )
            )
        if self.problems:
            self.problems.sort(key=lambda problem: (problem.file or "", problem.line or 0))
            names = ", ".join(str(path) for path in self.files) or "the dataset"
            count = len(self.problems)
            raise DatasetError(self.problems, summary=f"{counted(count, 'problem')} in {names}")
        # `find_problems` found nothing above, and the timezone was checked when read.
        return checked_dataset(
            timezone=self.timezone,
            claims_by_id=by_id,
            **{name: records.records for name, records in sections.items()},
        )


def _by_id(claims: list[Any]) -> dict[str, Claim] | None:
    """The claims by id, as the dataset holds them, if every claim is one (not a stand-in).

    Built once for both the check that no id repeats and the dataset.
    """
    if not all(type(claim) is Claim for claim in claims):
        return None
    return {claim.id: claim for claim in claims}


class _AttributeNameError(Exception):
    """A claim's attribute is not text, so its value cannot be read by its kind."""

    def __init__(self, attribute: Any) -> None:
        super().__init__(
            "this field is required"
            if attribute is None
            else f"Claim attribute must be a name, as text, got {attribute!r}"
        )


def _strategy_problems(attributes: Sequence[tuple[int, Any]]) -> Iterator[Problem]:
    """Attributes that name a strategy no one registered: `run` could not reconcile them."""
    for index, schema in attributes:
        name = schema.strategy
        if isinstance(name, str) and name not in available():
            yield Problem(
                message=f"names the unknown strategy {name!r}; available: {', '.join(available())}",
                section="attributes",
                record=index,
                record_id=schema.name if isinstance(schema.name, str) else None,
                field="strategy",
            )


def _stand_in(section: str, data: Any) -> SimpleNamespace:
    """The raw fields of a record that did not structure, for the cross-record checks."""
    fields = {field.name: None for field in attrs.fields(SECTIONS[section])}
    if isinstance(data, Mapping):
        fields.update({key: item for key, item in data.items() if key in fields})
    return SimpleNamespace(**fields)


def _record_id(data: Any) -> str | None:
    if isinstance(data, Mapping):
        for key in ("id", "name"):
            if isinstance(data.get(key), str):
                return str(data[key])
    return None


def _field_text(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _path_of(field: str | None) -> FieldPath:
    if not field:
        return ()
    path: list[str | int] = []
    for part in field.replace("]", "").replace("[", ".").split("."):
        path.append(int(part) if part.isdigit() else part)
    return tuple(path)


def _line_of(record: _Record, path: FieldPath) -> int | None:
    return _lookup_line(record.lines, (record.section, record.index, *path), record.line)


def _lookup_line(
    lines: Mapping[FieldPath, int], path: FieldPath, fallback: int | None
) -> int | None:
    """The line of the deepest part of `path` in the file; a missing field points at its record."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return fallback


def _leaves(error: BaseException, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Flatten a cattrs error tree into (field path, message) pairs, one per real problem."""
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        for sub, note in with_notes:
            step: str | int = note.index if isinstance(note, IterableValidationNote) else note.name
            yield from _leaves(sub, (*path, step))
        for sub in without:
            yield from _leaves(sub, path)
    elif isinstance(error, ForbiddenExtraKeysError):
        known = [field.name for field in attrs.fields(error.cl)]
        for key in sorted(error.extra_fields, key=repr):
            # A key that is not text (YAML allows 0.5: or 1:) is named as written.
            name = key if isinstance(key, str) else repr(key)
            yield (*path, name), f"unknown field; {error.cl.__name__} has {', '.join(known)}"
    elif isinstance(error, KeyError):
        yield path, "this field is required"
    elif isinstance(error, ValidationError) and error.field is not None:
        yield (*path, error.field), str(error)
    else:
        yield path, str(error)


# -- file formats ------------------------------------------------------------------


@attrs.frozen
class _Parsed:
    """A parsed document: its data, the line of each part, and what was wrong with it."""

    data: Any
    lines: Mapping[FieldPath, int] = attrs.field(factory=dict)
    problems: tuple[Problem, ...] = ()
    readable: bool = True
    suspect: bool = True
    """Whether parsing met something that the records' checks must look at."""


def _parse_json(text: str) -> _Parsed:
    """The data of a JSON document, with the line of each part looked up only when needed."""
    duplicates: list[Problem] = []
    watch = Watch()
    try:
        data = _load_json(text, watch, whole_file=True, duplicates=duplicates)
    except json.JSONDecodeError as error:
        problem = Problem(message=_json_message(error), line=error.lineno)
        return _Parsed(data=None, problems=(problem,), readable=False)
    except RecursionError:
        return _nested_too_deeply(text)
    if too_deep(data) is not None:
        return _nested_too_deeply(text)
    return _Parsed(
        data=data,
        lines=_LinesOnDemand(functools.partial(_json_lines, text)),
        problems=tuple(duplicates),
        suspect=watch.raised,
    )


def _json_message(error: json.JSONDecodeError) -> str:
    """The parser's complaint, in JSON's terms rather than Python's."""
    reason = error.msg
    if reason.startswith("Unexpected UTF-8 BOM"):
        reason = "a byte-order mark (U+FEFF) stands where a value should"
    return f"not valid JSON: {reason} (column {error.colno})"


def _nested_too_deeply(text: str) -> _Parsed:
    problem = Problem(
        message=f"lists and mappings nest more than {MAX_DEPTH} levels deep",
        line=_json_depth_line(text),
    )
    return _Parsed(data=None, problems=(problem,), readable=False)


def _json_depth_line(text: str) -> int | None:
    """The line where JSON text opens its list or object number `MAX_DEPTH` + 1."""
    depth, in_string, escaped, line = 0, False, False, 1
    for character in text:
        if character == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif character in "]}":
            depth -= 1
    return None


def _load_json(
    text: str, watch: Watch, *, whole_file: bool = False, duplicates: list[Problem] | None = None
) -> Any:
    """Parse JSON text strictly, leaving the limits to the checks of each record.

    A repeated key is noted in `duplicates`; a number with too many digits is
    kept as `NumberTooLong`, and ``NaN`` or ``Infinity`` read as the non-finite
    floats that the checks of `reconcile.io.limits` refuse; `watch` is raised
    when any of these, or a surrogate escape or deep brackets, is met (the
    depth of a `whole_file` is checked once for the file, not per record).

    Raises `json.JSONDecodeError` for a syntax error and `RecursionError` for nesting beyond
    what the parser can follow.
    """

    def refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen and duplicates is not None:
                duplicates.append(Problem(message=f"the key {key!r} appears twice in one object"))
            seen[key] = value
        return seen

    watch.scan(text, depth=not whole_file)
    return json.loads(
        text,
        object_pairs_hook=refuse_duplicates,
        parse_int=watch.read_int,
        parse_float=watch.read_float,
        parse_constant=watch.read_constant,
    )


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class _LinesOnDemand(Mapping[FieldPath, int]):
    """The line of each part of a document, found (by `find`) only when a problem asks for one."""

    def __init__(self, find: Callable[[], dict[FieldPath, int]]) -> None:
        self._find = find
        self._lines: dict[FieldPath, int] | None = None

    def _found(self) -> dict[FieldPath, int]:
        if self._lines is None:
            self._lines = self._find()
        return self._lines

    def __getitem__(self, path: FieldPath) -> int:
        return self._found()[path]

    def __iter__(self) -> Iterator[FieldPath]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())


def _json_lines(text: str) -> dict[FieldPath, int]:
    """The line of each part of a JSON document.

    JSON's parser keeps no positions, but a JSON document is also YAML, whose
    composer does. When it cannot be read as YAML (PyYAML refuses some escapes
    that JSON allows), lines stay unknown.
    """
    # PyYAML refuses surrogate escapes, which JSON allows: a space of the same width
    # keeps every position, and so every line.
    parsed = _parse_yaml(_SURROGATE_ESCAPE.sub(r"\\u0020", text))
    return dict(parsed.lines) if parsed.readable else {}


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when PyYAML has it), with numbers and dates kept in bounds."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.watch = Watch()
        self.tags: dict[tuple[Any, Any, Any], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of a node, worked out once per kind, text and quoting in this document.

        The safe loader has no path resolvers, so the tag depends on these alone;
        a sources file repeats the same keys and kinds thousands of times.
        """
        key = (kind, value, implicit)
        tag = self.tags.get(key)
        if tag is None:
            tag = self.tags[key] = super().resolve(kind, value, implicit)
        return tag


def _construct_int(loader: _SafeLoader, node: yaml.ScalarNode) -> int | NumberTooLong:
    text = str(loader.construct_scalar(node))
    if len(text.replace("_", "").lstrip("+-")) > MAX_NUMBER_DIGITS:
        loader.watch.raised = True
        return NumberTooLong(text)
    number = yaml.SafeLoader.construct_yaml_int(loader, node)
    if abs(number) > MAX_WHOLE_NUMBER:
        loader.watch.raised = True
    return number


def _construct_float(loader: _SafeLoader, node: yaml.ScalarNode) -> float:
    return loader.watch.saw_float(yaml.SafeLoader.construct_yaml_float(loader, node))


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date of the calendar", node.start_mark
        ) from None


_SafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_SafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _parse_yaml(text: str) -> _Parsed:
    """The data of a YAML document, safely loaded, and the line where each part of it starts.

    A key given twice in one mapping is a problem: YAML loaders keep the last
    and silently drop the first. Aliases that would expand the document far
    beyond its size, recursive aliases and deep nesting are refused before the
    document is built (see `reconcile.io.limits`).
    """
    if FAST_PATHS:
        plain = _parse_plain_yaml(text)
        if plain is not None:
            return plain
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        refused = None if node is None else node_graph_problem(node)
        if refused is not None:
            message, line = refused
            return _Parsed(
                data=None, problems=(Problem(message=message, line=line),), readable=False
            )
        lines: Mapping[FieldPath, int] = {}
        duplicates: list[Problem] = []
        data = None
        if node is not None:
            data, lines, duplicates = _construct(loader, node, text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        problem = Problem(message=f"not valid YAML: {_reader_reason(error)}", line=line)
        return _Parsed(data=None, problems=(problem,), readable=False)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        problem = Problem(
            message=f"not valid YAML: {error.problem}",
            line=None if mark is None else mark.line + 1,
        )
        return _Parsed(data=None, problems=(problem,), readable=False)
    except yaml.YAMLError as error:
        return _Parsed(
            data=None, problems=(Problem(message=f"not valid YAML: {error}"),), readable=False
        )
    except RecursionError:
        problem = Problem(message=f"lists and mappings nest more than {MAX_DEPTH} levels deep")
        return _Parsed(data=None, problems=(problem,), readable=False)
    finally:
        loader.dispose()
    return _Parsed(data=data, lines=lines, problems=tuple(duplicates), suspect=loader.watch.raised)


def _parse_plain_yaml(text: str) -> _Parsed | None:
    """A plain document, read by lines (`block_data`) or by the parser's events (`plain_data`).

    None for any other document, or one that raises anything: `_parse_yaml`'s
    composing path reads it again, and words its problem.
    """
    loader = _SafeLoader(text)
    try:
        # The resolver's own rules, without `_SafeLoader.resolve`'s cache: `block_data` keeps one.
        data = block_data(text, functools.partial(_resolve_plain, loader))
        if data is None:
            data = plain_data(loader)
    except Exception:  # composed and built again, to raise its own first error, if any
        return None
    finally:
        loader.dispose()
    lines = _LinesOnDemand(functools.partial(_yaml_lines, text))
    return _Parsed(data=data, lines=lines, suspect=loader.watch.raised)


def _resolve_plain(loader: _SafeLoader, text: str) -> str:
    """The tag PyYAML gives `text` as a plain scalar."""
    tag: str = super(_SafeLoader, loader).resolve(yaml.ScalarNode, text, (True, False))
    return tag


def _construct(
    loader: _SafeLoader, root: yaml.Node, text: str
) -> tuple[Any, Mapping[FieldPath, int], list[Problem]]:
    """The data of a composed document, the line of each part, and the keys it repeats.

    PyYAML's constructor takes a third of the time of reading a large file. A
    plain document (lists, mappings and scalars, without aliases, merge keys or
    other tags) is built here instead, each scalar that is not text by PyYAML's
    own constructors, and when it repeats no key its lines are found only when
    a problem asks for one. Any other document, or one that raises anything, is
    built by PyYAML from the start, so that its problem is the one PyYAML meets
    first; then, and when a key is repeated, the lines and the repeated keys are
    found first, as the nodes are before PyYAML flattens merge keys in place.
    """
    data, plain = None, False
    if FAST_PATHS:
        repeated: list[bool] = []
        try:
            data, plain = _construct_plain(loader, root, set(), repeated), True
        except Exception:  # PyYAML builds it again and raises its own first error, if any
            loader.constructed_objects, loader.recursive_objects = {}, {}
        if plain and not repeated:
            return data, _LinesOnDemand(functools.partial(_yaml_lines, text)), []
    lines: dict[FieldPath, int] = {}
    duplicates: list[Problem] = []
    _node_lines(root, lines, duplicates, loader)
    return (data if plain else loader.construct_document(root)), lines, duplicates


def _yaml_lines(text: str) -> dict[FieldPath, int]:
    """The line of each part of a YAML document that composed before (as it will again)."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[FieldPath, int] = {}
    if node is not None:
        _node_lines(node, lines, [], loader)
    return lines


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


def _construct_plain(
    loader: _SafeLoader, node: yaml.Node, seen: set[int], repeated: list[bool]
) -> Any:
    """Build one node of a plain document (nesting was bounded before construction).

    A key that a mapping holds already is noted in `repeated`: its problem needs the lines.
    """
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == STR_TAG else loader.construct_object(node)
    if id(node) in seen:
        raise NotPlainYamlError  # an alias: PyYAML shares the one object it builds
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
        return [_construct_plain(loader, child, seen, repeated) for child in node.value]
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP_TAG:
        raise NotPlainYamlError
    mapping: dict[Any, Any] = {}
    for key, child in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag not in (STR_TAG, *SCALAR_KEY_TAGS):
            raise NotPlainYamlError  # a merge key (<<), a complex key
        built = _construct_plain(loader, key, seen, repeated)
        if built in mapping:
            repeated.append(True)
        mapping[built] = _construct_plain(loader, child, seen, repeated)
    return mapping


def _reader_reason(error: yaml.reader.ReaderError) -> str:
    character = error.character
    code = ord(character) if isinstance(character, str) else character
    return f"the character U+{code:04X} is not allowed in YAML (write it as an escape)"


def _node_lines(
    root: yaml.Node, lines: dict[FieldPath, int], duplicates: list[Problem], loader: _SafeLoader
) -> None:
    """Record the line of every part of the document under its path, and repeated keys.

    Keys repeat when they build the same key (``1`` and ``01``, not ``'null'``
    and ``null``), as the mapping would keep only the last; `loader` builds them.
    """
    stack: list[tuple[yaml.Node, FieldPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, str] = {}
            for key, child in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue
                built = _key_of(loader, key)
                if built in seen:
                    again = "" if seen[built] == key.value else f" (it is {seen[built]!r} again)"
                    duplicates.append(
                        Problem(
                            message=f"the key {key.value!r} appears twice in one mapping{again}; "
                            "the first would be lost",
                            line=key.start_mark.line + 1,
                        )
                    )
                seen.setdefault(built, key.value)
                lines[(*path, key.value)] = key.start_mark.line + 1
                stack.append((child, (*path, key.value)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*path, index)) for index, child in enumerate(node.value))


def _key_of(loader: _SafeLoader, key: yaml.ScalarNode) -> Any:
    """The key that a scalar key node builds; its text if it builds none (a bad date, say)."""
    if key.tag == STR_TAG:
        return key.value
    try:
        built = loader.construct_object(key)
        hash(built)
    except Exception:  # PyYAML meets the same problem when it builds the document, and says it
        loader.recursive_objects.pop(key, None)  # left marked by the failed build
        return key.value
    return built


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
