"""Dataset files: `load` and `save` for YAML, JSON, JSON Lines, CSV, Parquet and Arrow IPC.

Loading never stops at the first problem: every record is read, every
problem is collected with its file, record, field and (for YAML, JSON Lines
and CSV) line, and one `DatasetError` lists them all. Nothing in a file is
executed (YAML is read with the safe loader) and nothing is dropped.
Parquet and Arrow IPC files, and pandas or polars frames (`load_frame`),
are read row by row into the same records as CSV and JSON Lines (see
`reconcile.io.arrow_claims`); their problems name the row and column.

The reader of a dataset is here (`_Reader`); a YAML or JSON document is
parsed by `reconcile.io.documents`, a JSON Lines or CSV row by
`reconcile.io.table_rows`, and `save` writes with `reconcile.io.writing`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import pendulum
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from reconcile.collector import with_collector_paused
from reconcile.errors import DatasetError, ParseError, Problem, UsageError, ValidationError
from reconcile.io import arrow_claims, documents
from reconcile.io.claim_columns import COLUMNAR_COLUMNS, CSV_COLUMNS
from reconcile.io.convert import VALUE_TAG, converter, read_published, structure_value
from reconcile.io.documents import FieldPath, _parse_json, _parse_yaml
from reconcile.io.forked_rows import StartedRows, rows_in_two, rows_started
from reconcile.io.limits import Watch, is_blank, value_problems, without_bom
from reconcile.io.loaded_records import NO_LINES, NumberedRecords, RecordPlaces
from reconcile.io.plain_records import PlainRecords
from reconcile.io.table_rows import (
    _claim_from_table_row,
    _csv_rows,
    _FileProblem,
    _jsonl_rows,
    _mixed_layouts,
    _repeated_columns,
    _unknown_columns,
)
from reconcile.io.text_pieces import (
    UnreadableTextError,
    decoding_problem,
    file_error,
    text_pieces,
    utf16_problem,
)
from reconcile.io.value_text import publication_span, read_value_text, reference_of
from reconcile.io.writing import (
    _claim_record,
    _flatten_claim,
    _write_csv,
    _write_document,
    json_line,
)
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
"""The sections of a dataset file, each a list of records of its type."""
ONE_FILE_FORMATS = (".yaml", ".yml", ".json")
"""The suffixes of a file that holds a whole dataset."""
CLAIMS_FORMATS = (".jsonl", ".ndjson", ".csv", *arrow_claims.COLUMNAR_FORMATS)
"""The suffixes of a file that holds claims alone, read beside a sources file."""
SETTINGS = ("timezone",)
"""Top-level keys that hold one setting rather than a list of records."""

Path_ = str | PathLike[str]
"""A path as `load` and `save` take it."""


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
        if documents.FAST_PATHS:  # read here: the differential tests switch it
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
