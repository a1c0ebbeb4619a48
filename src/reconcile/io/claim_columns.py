"""The columns of a claim in a table: CSV, Parquet and Arrow IPC files, and data frames.

`load` reads them and `save` writes them (`reconcile.io.files`); the JSON
Schema of a claims table names them too (`reconcile.io.jsonschema`).
"""

from __future__ import annotations

CSV_COLUMNS = (
    "id", "source", "attribution", "event", "mention_label", "mention_kind", "mention_when",
    "mention_where", "attribute", "value", "value_text", "polarity", "document", "quote",
    "span_start", "span_end", "published", "qualifier", "url", "interest",
    "candidate_extractor", "candidate_confidence",
)  # fmt: skip
"""The flat columns of a claim, in the order `save` writes them to CSV."""
STRUCT_COLUMNS = ("mention", "evidence", "candidate")
"""Columns of a Parquet or Arrow table that may hold a part of a claim as one struct, in place
of the flat columns that start with the same name (``mention_when``) or that CSV gives it."""
COLUMNAR_COLUMNS = (*CSV_COLUMNS, *STRUCT_COLUMNS)
"""Every column a Parquet or Arrow table of claims may hold."""
ATTRIBUTION_SEPARATOR = ">"
"""What parts the sources of an attribution chain in one cell (``a > b``)."""
