"""The JSON Schema of dataset files, for editors, validators and other languages."""

from __future__ import annotations

from typing import Any

from reconcile.io.claim_columns import CSV_COLUMNS
from reconcile.judging.finding import ContradictionKind, Status
from reconcile.model.claim import Interest, Polarity
from reconcile.model.schema import ValueKind
from reconcile.model.source import SourceKind
from reconcile.validators import ID_PATTERN
from reconcile.values.quantity import Hedge, Measure
from reconcile.values.timespan import Precision

SCHEMA_ID = "https://reconcile.invalid/schema/dataset.schema.json"
OUTPUT_SCHEMA_ID = "https://reconcile.invalid/schema/output.schema.json"


def _values(kind: Any) -> list[str]:
    return [member.value for member in kind]


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "pattern": r"\S", "description": description}


def _id(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$", "description": description}


def _record(required: list[str], properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def dataset_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a YAML or JSON dataset file.

    It describes the shape of each record; what a schema cannot say (ids are
    unique, references name known sources and events, text values parse) is
    checked by `load`, which reports every such problem with its place.
    """
    datetime_text = {
        "type": "string",
        "description": "an ISO 8601 date (midnight UTC) or a time with a timezone offset",
    }
    timezone = {
        "type": "string",
        "pattern": r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$",
        "description": "an IANA timezone name such as 'Asia/Gaza' or 'UTC'",
    }
    published = {
        "anyOf": [
            {
                "type": "string",
                "pattern": r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}.*)?)?)?$",
            },
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ],
        "description": (
            "ISO 8601 at the precision the page gives: 2023 (a year), 2023-10 (a month), "
            "2023-10-17 (a day), or a time, with an offset or in the source's or the "
            "dataset's timezone"
        ),
    }
    timespan = {
        "description": "a date or period as text (read by parse_timespan) or start/end/precision",
        "anyOf": [
            _text("text such as '1 September 2013' or '2009-07-28/2009-07-29'"),
            _record(
                ["start", "end", "precision"],
                {
                    "kind": {"const": "timespan"},
                    "start": datetime_text,
                    "end": {**datetime_text, "description": "the first moment after the span"},
                    "precision": {"enum": _values(Precision)},
                },
                "a span of time [start, end) with its precision",
            ),
        ],
    }
    number = {"type": "number"}
    quantity = _record(
        ["low", "high"],
        {
            "kind": {"const": "quantity"},
            "low": {
                "anyOf": [number, {"type": "null"}],
                "description": "null for no lower bound (measurements only: a count is never "
                "negative)",
            },
            "high": {"anyOf": [number, {"type": "null"}], "description": "null for no upper bound"},
            "low_open": {"type": "boolean"},
            "high_open": {"type": "boolean"},
            "point": number,
            "hedge": {"enum": _values(Hedge)},
            "unit": _text("what the figure counts in, such as 'hour'"),
        },
        "a figure as an interval",
    )
    category = _record(
        ["label"], {"kind": {"const": "category"}, "label": _text("the label")}, "a label"
    )
    value = {
        "description": (
            "a figure, label or date as text (read according to the attribute's kind), "
            "a number (an exact figure), or a structured value; a value of an undeclared, "
            "non-standard attribute must carry 'kind'"
        ),
        "anyOf": [
            {"type": "string", "minLength": 1},
            number,
            {**quantity, "required": ["low", "high"]},
            category,
            timespan["anyOf"][1],
        ],
    }
    source = _record(
        ["id"],
        {
            "id": _id("the source's id, used in claims"),
            "name": _text("the name to show; the id when absent"),
            "kind": {"enum": _values(SourceKind)},
            "affiliation": _text("the camp it speaks for, such as 'mek' or 'iran-state'"),
            "reliability": {"type": "number", "minimum": 0, "maximum": 1},
            "description": _text("a note on the source"),
            "url": _text("the source's address"),
            "timezone": {
                **timezone,
                "description": "the zone of its clock times; overrides the dataset's",
            },
            "speaks_for": _id("the id of the organisation this spokesman or office speaks for"),
            "party": _text("the belligerent it is or speaks for, as the perpetrator label"),
        },
        "who published or said something",
    )
    mention = _record(
        ["label"],
        {
            "label": _text("the document's own words for the event"),
            "kind": _text("the kind of event, such as 'attack'"),
            "when": timespan,
            "where": _text("the place"),
        },
        "the event as the document describes it",
    )
    event = _record(
        ["id", "label"],
        {
            "id": _id("the event's id, used in claims"),
            "label": _text("a name for the event"),
            "kind": _text("the kind of event"),
            "when": timespan,
            "where": _text("the place"),
            "aliases": {"type": "array", "items": _text("another name")},
        },
        "a real-world event that claims are about",
    )
    attribute = _record(
        ["name", "kind"],
        {
            "name": _attribute_name(),
            "kind": {"enum": _values(ValueKind)},
            "multi": {"type": "boolean", "description": "several values can all be true"},
            "strategy": _text("the name of the reconciliation strategy"),
            "unit": _text("the unit of its quantities"),
            "measure": {
                "enum": _values(Measure),
                "description": "count (never negative, the default) or measurement (any "
                "real number)",
            },
            "typical_spread": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "for a measurement: how far apart its figures for one event "
                "usually lie; derived from the claims when left out",
            },
            "description": _text("what the attribute means"),
            "taxonomy": _record(
                [],
                {
                    "parents": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": "label -> the more general label it specialises",
                    },
                    "exclusive": {
                        "type": "array",
                        "items": {"type": "array", "items": {"type": "string"}},
                        "description": "groups of labels of which at most one is true",
                    },
                    "aliases": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": "another spelling -> the label it stands for",
                    },
                },
                "how the labels of a category attribute relate",
            ),
        },
        "the schema of one attribute",
    )
    evidence = _record(
        ["document"],
        {
            "document": _text("the document the claim is taken from"),
            "quote": _text("the verbatim quote"),
            "span": {
                "type": "array",
                "items": {"type": "integer", "minimum": 0},
                "minItems": 2,
                "maxItems": 2,
                "description": "character offsets [start, end) of the quote in the document",
            },
            "url": _text("the page's address, verbatim"),
        },
        "where the claim stands in its document",
    )
    candidate = _record(
        ["extractor", "confidence"],
        {
            "extractor": _text("what proposed the claim: rules, or a plugged-in model"),
            "confidence": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "how sure the extractor is that the claim reads its quote right",
            },
        },
        "marks a claim proposed by an extractor and not yet accepted by a person",
    )
    claim = _record(
        ["id", "source", "attribute"],
        {
            "id": _id("the claim's id"),
            "source": _id("the publishing source"),
            "attribution": {
                "type": "array",
                "items": _id("a quoted source"),
                "description": "the sources quoted, outermost to innermost; the last is the origin",
            },
            "event": _id("the id of a declared event"),
            "mention": mention,
            "attribute": _attribute_name(),
            "value": value,
            "value_text": _text(
                "the words the value was read from; alone, without value, a claim in words only"
            ),
            "qualifier": _text("who a figure counts, such as 'civilians': a sub-count"),
            "polarity": {"enum": _values(Polarity)},
            "evidence": evidence,
            "published": published,
            "candidate": candidate,
            "interest": {
                "enum": _values(Interest),
                "description": "whether the claim serves its origin's interest or goes against it",
            },
        },
        "one source asserts or denies one value of one attribute of one event",
    )
    claim["allOf"] = [
        {"anyOf": [{"required": ["event"]}, {"required": ["mention"]}]},
        {"anyOf": [{"required": ["value"]}, {"required": ["value_text"]}]},
    ]
    place = _record(
        ["name"],
        {
            "name": _text("the place's name"),
            "within": _text("the name (or alias) of the place it lies within"),
            "aliases": {"type": "array", "items": _text("another name or transliteration")},
        },
        "a place of the gazetteer",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "reconcile dataset",
        "description": (
            "Sources, events, attribute schemas and claims. JSON Lines, CSV, Parquet and "
            "Arrow IPC files hold claims only (CSV columns, which Parquet and Arrow may use "
            f"too: {', '.join(CSV_COLUMNS)}), with the rest in a file of this shape."
        ),
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "timezone": {
                **timezone,
                "description": "the zone of clock times written without an offset",
            },
            "places": {"type": "array", "items": place},
            "sources": {"type": "array", "items": source},
            "events": {"type": "array", "items": event},
            "attributes": {"type": "array", "items": attribute},
            "claims": {"type": "array", "items": claim},
        },
        "additionalProperties": False,
    }


def output_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `Reconciliation.to_dict()`."""
    ids = {"type": "array", "items": {"type": "string"}}
    contradiction = _record(
        ["kind", "claims", "severity", "message"],
        {
            "kind": {"enum": [kind.value for kind in ContradictionKind]},
            "claims": {
                **ids,
                "description": "the dissenting claims first, then those they contradict",
            },
            "severity": {"type": "number", "minimum": 0, "maximum": 1},
            "message": {"type": "string"},
        },
        "a disagreement between claims",
    )
    figure = {"anyOf": [{"type": "number"}, {"type": "null"}]}
    beyond = _record(
        ["claims", "figure", "reason"],
        {"claims": ids, "figure": {"type": "string"}, "reason": {"type": "string"}},
        "a figure given outside the range of reliable figures, and why",
    )
    finding = _record(
        [
            "attribute",
            "kind",
            "status",
            "best",
            "low",
            "high",
            "confidence",
            "support",
            "dissent",
            "support_affiliations",
            "dissent_affiliations",
            "contradictions",
            "rationale",
            "strategy",
            "beyond_range",
            "high_open",
        ],
        {
            "attribute": {"type": "string"},
            "kind": {"enum": _values(ValueKind)},
            "status": {"enum": [status.value for status in Status]},
            "best": {
                "description": (
                    "a number for a quantity; a label for a category (a list of labels for a "
                    "multi-valued attribute); an ISO 8601 date or interval for a time span; "
                    "null when nothing can be said"
                ),
                "anyOf": [
                    {"type": "number"},
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "null"},
                ],
            },
            "low": {**figure, "description": "the lowest reliable figure (quantities only)"},
            "high": {**figure, "description": "the highest reliable figure (quantities only)"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "support": ids,
            "dissent": ids,
            "support_affiliations": ids,
            "dissent_affiliations": ids,
            "contradictions": {"type": "array", "items": contradiction},
            "rationale": {"type": "string"},
            "strategy": {"type": "string"},
            "qualifier": {
                "type": "string",
                "description": "who the figures count, for a sub-count judged apart from the total",
            },
            "qualitative": {
                **ids,
                "description": "claims that give words but no value: reported, never weighed",
            },
            "beyond_range": {"type": "array", "items": beyond},
            "high_open": {
                "type": "boolean",
                "description": "a reliable claim set no upper end and none closes the range",
            },
        },
        "what is known of one attribute of one event",
    )
    when = _record(
        ["start", "end"],
        {"start": {"type": "string"}, "end": {"type": "string", "description": "excluded"}},
        "the event's time span, ISO 8601",
    )
    coding = _record(
        ["policy", "fields", "notes"],
        {
            "policy": {"enum": ["acled", "airwars", "ibc", "ucdp"]},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": ["string", "number", "null"]},
                "description": "the codebook's fields in order; null where data cannot fill one",
            },
            "notes": {"type": "array", "items": {"type": "string"}},
        },
        "the event as a codebook policy records it (only with a policy)",
    )
    event = _record(
        ["id", "label", "when", "where", "claims", "findings"],
        {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "when": {"anyOf": [when, {"type": "null"}]},
            "where": {"type": ["string", "null"]},
            "claims": ids,
            "findings": {"type": "array", "items": finding},
            "coding": coding,
        },
        "a resolved event",
    )
    source = _record(
        ["id", "weight"],
        {"id": {"type": "string"}, "weight": {"type": "number", "minimum": 0}},
        "a source and the weight its claims carried",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": OUTPUT_SCHEMA_ID,
        "title": "reconcile result",
        "type": "object",
        "required": ["events", "sources"],
        "properties": {
            "events": {"type": "array", "items": event},
            "sources": {"type": "array", "items": source},
        },
        "additionalProperties": False,
    }


def _attribute_name() -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": r"^\S(.*\S)?$",
        "description": "the attribute's name as the data gives it ('killed', 'Humidity'); "
        "its identifier is derived from it (lower case, '_' between words)",
    }
