"""The figures a benchmark measured, kept as JSON beside its Markdown page.

The pages are for people; `benchmarks/targets.py` reads these files to set
the figures of several benchmarks against the targets they were run for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def save(page: Path, measures: Any) -> Path:
    """Write `measures` as JSON beside the Markdown `page` (``speed.md`` -> ``speed.json``)."""
    path = page.with_suffix(".json")
    path.write_text(json.dumps(measures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read(page: Path) -> Any | None:
    """The measures saved beside `page`, or None if that benchmark has not written any."""
    path = page.with_suffix(".json")
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
