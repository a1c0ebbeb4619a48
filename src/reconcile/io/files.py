"""Dataset files: `load` and `save` for YAML, JSON, JSON Lines and CSV.

Loading never stops at the first problem: every record is read, every
problem is collected with its file, record, field and (for YAML, JSON Lines
and CSV) line, and one `DatasetError` lists them all. Nothing in a file is
executed (YAML is read with the safe loader) and nothing is dropped.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping, Sequence
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

from reconcile.errors import DatasetError, ParseError, Problem, UsageError, ValidationError
from reconcile.io.convert import VALUE_TAG, converter, structure_datetime, structure_value
from reconcile.model.claim import Claim, Value
from reconcile.model.dataset import Dataset, find_problems
from reconcile.model.event import Event
from reconcile.model.schema import AttributeSchema, ValueKind, standard_attributes
from reconcile.model.source import Source
from reconcile.values.category import Category
from reconcile.values.hedges import HedgePolicy
from reconcile.values.parse_quantity import parse_quantity
from reconcile.values.parse_timespan import parse_timespan
from reconcile.values.quantity import counted

SECTIONS: dict[str, type] = {
    "sources": Source,
    "events": Event,
    "attributes": AttributeSchema,
    "claims": Claim,
}
ONE_FILE_FORMATS = (".yaml", ".yml", ".json")
CLAIMS_FORMATS = (".jsonl", ".ndjson", ".csv")
CSV_COLUMNS = (
    "id", "source", "attribution", "event", "mention_label", "mention_kind", "mention_when",
    "mention_where", "attribute", "value", "value_text", "polarity", "document", "quote",
    "span_start", "span_end", "published", "interest",
)  # fmt: skip
ATTRIBUTION_SEPARATOR = ">"

Path_ = str | PathLike[str]
FieldPath = tuple[str | int, ...]


# -- public entry points ---------------------------------------------------------


def load(
    path: Path_, *, sources: Path_ | None = None, policy: HedgePolicy | None = None
) -> Dataset:
    """Read a dataset file: YAML or JSON with every section, or JSON Lines or CSV claims.

    A YAML or JSON file holds ``sources``, optional ``events``, optional
    ``attributes`` and ``claims``. A JSON Lines or CSV file holds claims only;
    `sources` then names the YAML or JSON file with the sources (and any
    events and attributes). A claim's value may be written as text ("no less
    than nine", "1 September 2013"), read by `parse_quantity` under `policy`
    or by `parse_timespan` against the claim's publication date.

    Raises `DatasetError` listing every problem in the files, each with its
    file, record, field and, where known, line.
    """
    path = Path(path)
    suffix = check_paths(path, sources)
    reader = _Reader(policy or HedgePolicy.default())
    if suffix in ONE_FILE_FORMATS:
        reader.read_document(path, claims_allowed=True)
    else:
        assert sources is not None
        reader.read_document(Path(sources), claims_allowed=False)
        reader.read_claims_file(path)
    return reader.finish()


def save(dataset: Dataset, path: Path_, *, sources: Path_ | None = None) -> None:
    """Write `dataset` to `path` in the format its extension names (see `Dataset.save`)."""
    path = Path(path)
    suffix = check_paths(path, sources)
    records = {
        name: [converter.unstructure(r) for r in getattr(dataset, name)] for name in SECTIONS
    }
    records["claims"] = [_claim_record(claim, dataset) for claim in dataset.claims]
    if suffix in ONE_FILE_FORMATS:
        _write_document(path, records)
        return
    assert sources is not None
    _write_document(Path(sources), {**records, "claims": []})
    if suffix == ".csv":
        _write_csv(path, records["claims"])
    else:
        with path.open("w", encoding="utf-8") as out:
            for record in records["claims"]:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


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


def _claim_record(claim: Claim, dataset: Dataset) -> dict[str, Any]:
    """A claim in its most readable form that still reads back equal.

    The value is written as the words it was read from when they read back to
    the same value, else in its natural form when the attribute's schema
    tells its kind, else tagged with its kind.
    """
    record: dict[str, Any] = converter.unstructure(claim)
    schema = dataset.schema(claim.attribute)
    if schema is None or schema.kind is not ValueKind.of(claim.value):
        return record
    if claim.value_text is not None and _reads_back(claim, schema.kind):
        record["value"] = claim.value_text
        del record["value_text"]
    else:
        record["value"] = converter.unstructure(claim.value, schema.kind.value_type)
    return record


def _reads_back(claim: Claim, kind: ValueKind) -> bool:
    try:
        read = read_value_text(claim.value_text or "", kind, reference=claim.published)
    except (ParseError, ValidationError):
        return False
    return read == (claim.value, claim.value_text)


def _write_document(path: Path, records: Mapping[str, list[Any]]) -> None:
    data = {name: items for name, items in records.items() if items}
    with path.open("w", encoding="utf-8") as out:
        if path.suffix.lower() == ".json":
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            yaml.safe_dump(data, out, sort_keys=False, allow_unicode=True, width=100)


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
    row["value"] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    for key in ("value_text", "polarity", "published", "interest"):
        row[key] = record.get(key)
    evidence = record.get("evidence", {})
    row["document"], row["quote"] = evidence.get("document"), evidence.get("quote")
    span = evidence.get("span")
    if span is not None:
        row["span_start"], row["span_end"] = span
    return {key: "" if item is None else str(item) for key, item in row.items()}


# -- reading text values -----------------------------------------------------------


def parse_value(
    text: str,
    kind: ValueKind,
    *,
    reference: pendulum.DateTime | None = None,
    policy: HedgePolicy | None = None,
) -> Value:
    """Read the text of a value of `kind`: a hedged figure, a label, or a date."""
    if kind is ValueKind.QUANTITY:
        return parse_quantity(text, policy=policy)
    if kind is ValueKind.TIMESPAN:
        return parse_timespan(text, reference=reference)
    return Category(label=text)


def read_value_text(
    text: str,
    kind: ValueKind,
    *,
    reference: pendulum.DateTime | None = None,
    policy: HedgePolicy | None = None,
) -> tuple[Value, str | None]:
    """Read a value from text, with the words to keep as the claim's `value_text`.

    The words are kept only when they say more than the value's own canonical
    text: "no less than nine" is kept, "52" or "2013-09-01" is not.
    """
    value = parse_value(text, kind, reference=reference, policy=policy)
    canonical = converter.unstructure(value, kind.value_type)
    return value, None if text == str(canonical) else text


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


@attrs.define
class _Reader:
    """Reads the files of one dataset, collecting records and problems."""

    policy: HedgePolicy
    problems: list[Problem] = attrs.Factory(list)
    structured: dict[str, list[tuple[int, Any]]] = attrs.Factory(
        lambda: {name: [] for name in SECTIONS}
    )
    failed: dict[str, int] = attrs.Factory(lambda: dict.fromkeys(SECTIONS, 0))
    files: list[Path] = attrs.Factory(list)
    lines_of: dict[tuple[str, int], tuple[Path, Mapping[FieldPath, int], int | None]] = (
        attrs.Factory(dict)
    )

    def fail(self, path: Path, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(message=message, file=str(path), line=line))

    def read_document(self, path: Path, *, claims_allowed: bool) -> None:
        text = self._read_text(path)
        if text is None:
            return
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
            if key not in SECTIONS and key != "$schema":
                self.fail(
                    path,
                    f"unknown section {key!r}; a dataset has {', '.join(SECTIONS)}",
                    lines.get((str(key),)),
                )
        if not claims_allowed and data.get("claims"):
            self.fail(path, "the sources file must not hold claims; they belong in the claims file")
        order = [name for name in SECTIONS if claims_allowed or name != "claims"]
        for section in order:
            items = data.get(section) or []
            if not isinstance(items, list):
                self.fail(path, f"section {section!r} must be a list", lines.get((section,)))
                continue
            for index, item in enumerate(items):
                self.read_record(
                    _Record(section, index, item, path, lines, lines.get((section, index)))
                )

    def read_claims_file(self, path: Path) -> None:
        text = self._read_text(path)
        if text is None:
            return
        if path.suffix.lower() == ".csv":
            reader = csv.DictReader(text.splitlines())
            header = _csv_header_problem(reader.fieldnames or ())
            if header is not None:
                self.problems.append(attrs.evolve(header, file=str(path), line=1))
            rows = _csv_rows(reader)
        else:
            rows = _jsonl_rows(text)
        for index, (line, data) in enumerate(rows):
            if isinstance(data, Problem):
                self.problems.append(
                    attrs.evolve(data, file=str(path), section="claims", record=index, line=line)
                )
                self.failed["claims"] += 1
                continue
            self.read_record(_Record("claims", index, data, path, {}, line))

    def _read_text(self, path: Path) -> str | None:
        self.files.append(path)
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.fail(path, "no such file")
        except UnicodeDecodeError as error:
            self.fail(path, f"the file is not UTF-8 text ({error.reason} at byte {error.start})")
        except OSError as error:
            self.fail(path, f"cannot read the file ({error.strerror})")
        return None

    def read_record(self, record: _Record) -> None:
        self.lines_of[(record.section, record.index)] = (record.file, record.lines, record.line)
        record_id = _record_id(record.data)
        errors: list[tuple[FieldPath, str]] = []
        if not isinstance(record.data, Mapping):
            errors.append(((), f"expected a mapping of fields, got {record.data!r}"))
        else:
            data = dict(record.data)
            if record.section == "claims":
                errors.extend(self._resolve_claim_text(data))
            failed_fields = {path[0] for path, _ in errors if path}
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
                    self.structured[record.section].append((record.index, value))
        if errors:
            self.failed[record.section] += 1
            self.structured[record.section].append(
                (record.index, _stand_in(record.section, record.data))
            )
        for path, message in errors:
            self.problems.append(self._problem(record, record_id, path, message))

    def _resolve_claim_text(self, data: dict[str, Any]) -> list[tuple[FieldPath, str]]:
        """Read the value and the mention's date from text, as far as they are text."""
        errors: list[tuple[FieldPath, str]] = []
        published: pendulum.DateTime | None = None
        if data.get("published") is not None:
            try:
                published = structure_datetime(data["published"])
            except (TypeError, ValueError) as error:
                errors.append((("published",), str(error)))
        if "value" in data:
            try:
                value, text = self._resolve_value(data["value"], data.get("attribute"), published)
            except (TypeError, ValueError) as error:
                errors.append((("value",), str(error)))
            else:
                data["value"] = value
                if text is not None and "value_text" not in data:
                    data["value_text"] = text
        mention = data.get("mention")
        if isinstance(mention, Mapping) and isinstance(mention.get("when"), str):
            try:
                when = parse_timespan(mention["when"], reference=published)
            except ParseError as error:
                errors.append((("mention", "when"), str(error)))
            else:
                data["mention"] = {**mention, "when": when}
        return errors

    def _resolve_value(
        self, raw: Any, attribute: Any, published: pendulum.DateTime | None
    ) -> tuple[Value, str | None]:
        if isinstance(raw, Mapping) and VALUE_TAG in raw:
            return structure_value(raw), None
        kind = self._kind_of(attribute)
        if kind is None:
            raise ValueError(
                f"attribute {attribute!r} is not declared, so tag its value with its kind "
                "({kind: quantity | category | timespan, ...}) or declare it under 'attributes'"
            )
        if isinstance(raw, str):
            return read_value_text(raw, kind, reference=published, policy=self.policy)
        try:
            return converter.structure(raw, kind.value_type), None
        except ClassValidationError as error:
            raise ValueError("; ".join(message for _, message in _leaves(error))) from None

    def _kind_of(self, attribute: Any) -> ValueKind | None:
        declared = {schema.name: schema for _, schema in self.structured["attributes"]}
        schema = (
            {**standard_attributes(), **declared}.get(attribute)
            if isinstance(attribute, str)
            else None
        )
        return None if schema is None else schema.kind

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
        sections = {
            name: sorted(records, key=lambda pair: pair[0])
            for name, records in self.structured.items()
        }
        for problem in find_problems(**sections):
            assert problem.section is not None
            assert problem.record is not None
            file, lines, line = self.lines_of[(problem.section, problem.record)]
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
        return Dataset(
            **{name: [record for _, record in records] for name, records in sections.items()}
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
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
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
        for key in sorted(error.extra_fields):
            yield (*path, key), f"unknown field; {error.cl.__name__} has {', '.join(known)}"
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


def _parse_json(text: str) -> _Parsed:
    duplicates: list[Problem] = []

    def refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                duplicates.append(Problem(message=f"the key {key!r} appears twice in one object"))
            seen[key] = value
        return seen

    try:
        data = json.loads(text, object_pairs_hook=refuse_duplicates)
    except json.JSONDecodeError as error:
        problem = Problem(
            message=f"not valid JSON: {error.msg} (column {error.colno})", line=error.lineno
        )
        return _Parsed(data=None, problems=(problem,), readable=False)
    return _Parsed(data=data, problems=tuple(duplicates))


def _parse_yaml(text: str) -> _Parsed:
    """The data of a YAML document, safely loaded, and the line where each part of it starts.

    A key given twice in one mapping is a problem: YAML loaders keep the last
    and silently drop the first.
    """
    # libyaml's loader when PyYAML has it (its wheels do): ten times faster, equally safe.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
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
    finally:
        loader.dispose()
    lines: dict[FieldPath, int] = {}
    duplicates: list[Problem] = []
    if node is not None:
        _node_lines(node, (), lines, duplicates)
    return _Parsed(data=data, lines=lines, problems=tuple(duplicates))


def _node_lines(
    node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int], duplicates: list[Problem]
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, child in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    duplicates.append(
                        Problem(
                            message=f"the key {key.value!r} appears twice in one mapping; "
                            "the first would be lost",
                            line=key.start_mark.line + 1,
                        )
                    )
                seen.add(key.value)
                _node_lines(child, (*path, key.value), lines, duplicates)
                lines[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _node_lines(child, (*path, index), lines, duplicates)


def _jsonl_rows(text: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parsed = _parse_json(line)
        yield number, parsed.data if not parsed.problems else parsed.problems[0]


def _csv_header_problem(fieldnames: Sequence[str]) -> Problem | None:
    """The header's unknown columns, if any; the rows are still read, so their problems show too."""
    unknown = [name for name in fieldnames if name not in CSV_COLUMNS]
    if not unknown:
        return None
    columns = ", ".join(CSV_COLUMNS)
    return Problem(message=f"unknown column(s) {', '.join(unknown)}; the columns are {columns}")


def _csv_rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, Any]]:
    for row in reader:
        if None in row:
            yield (
                reader.line_num,
                Problem(message="the row has more cells than the header has columns"),
            )
            continue
        yield reader.line_num, _claim_from_row(row)


def _claim_from_row(row: Mapping[str, str]) -> dict[str, Any] | Problem:
    """Turn a CSV row into a claim record; empty cells are absent fields."""
    cells = {key: cell for key, cell in row.items() if cell is not None and cell.strip() != ""}
    record: dict[str, Any] = {}
    for key in (
        "id", "source", "event", "attribute", "value_text", "polarity", "published", "interest",
    ):  # fmt: skip
        if key in cells:
            record[key] = cells[key]
    if "attribution" in cells:
        record["attribution"] = [
            link.strip() for link in cells["attribution"].split(ATTRIBUTION_SEPARATOR)
        ]
    mention = {key[8:]: _cell_value(cells[key]) for key in cells if key.startswith("mention_")}
    if mention:
        record["mention"] = mention
    if "value" in cells:
        record["value"] = _cell_value(cells["value"])
    evidence: dict[str, Any] = {key: cells[key] for key in ("document", "quote") if key in cells}
    if "span_start" in cells or "span_end" in cells:
        try:
            evidence["span"] = [int(cells.get("span_start", "")), int(cells.get("span_end", ""))]
        except ValueError:
            return Problem(
                message="span_start and span_end must both be whole numbers", field="evidence.span"
            )
    if evidence:
        record["evidence"] = evidence
    return record


def _cell_value(cell: str) -> Any:
    """A cell holds text to parse, or a JSON mapping for a structured value."""
    stripped = cell.strip()
    if stripped.startswith("{"):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError:
            return cell
    return cell
