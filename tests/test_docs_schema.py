"""The published output schema, docs/output.schema.json, is the one `output_schema()` returns."""

from __future__ import annotations

import json
from pathlib import Path

import reconcile

PUBLISHED = Path(__file__).resolve().parents[1] / "docs" / "output.schema.json"


def test_the_published_output_schema_is_output_schema() -> None:
    text = PUBLISHED.read_text(encoding="utf-8")
    assert json.loads(text) == reconcile.output_schema()
    # Written as json.dumps(output_schema(), indent=2) plus a newline, so regenerating it
    # changes nothing.
    assert text == json.dumps(reconcile.output_schema(), indent=2) + "\n"
