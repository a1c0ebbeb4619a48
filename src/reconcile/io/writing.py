"""How `save` writes a dataset: YAML and JSON documents, JSON Lines and CSV rows.

Each claim is written as a record that reads back as the same claim
(`_claim_record`): its value as the words it was read from where they read
back to the same value, else in its natural form where the attribute's
schema tells its kind, else tagged with its kind.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from reconcile.errors import ParseError, ValidationError
from reconcile.io.claim_columns import ATTRIBUTION_SEPARATOR, CSV_COLUMNS
from reconcile.io.convert import VALUE_TAG, converter
from reconcile.io.value_text import read_value_text, reference_of
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset
from reconcile.model.schema import AttributeSchema, ValueKind


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
