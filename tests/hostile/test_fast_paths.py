"""Every hostile case of the table loads the same with the loader's fast paths and without.

The fast paths (`reconcile.io.plain_records`, the plain YAML constructor) may
only ever take what the general path accepts, and build it equal: each case
must give the same dataset, or the same problems with the same file, line,
record and field, both ways.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from hostile_cases import Case, all_cases
from hostile_outcomes import load_case, write_case
from reconcile import DatasetError
from reconcile.io import documents

CASES = all_cases()


def _outcome(case: Case, folder: Path) -> tuple[str, Any]:
    path, sources = write_case(case, folder)
    try:
        dataset = load_case(case, path, sources)
    except DatasetError as error:
        return "refused", [repr(problem) for problem in error.problems]
    return "loaded", repr(dataset)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_case_loads_the_same_with_the_fast_paths_and_without(case: Case) -> None:
    with tempfile.TemporaryDirectory() as folder:
        fast = _outcome(case, Path(folder))
        documents.FAST_PATHS = False
        try:
            general = _outcome(case, Path(folder))
        finally:
            documents.FAST_PATHS = True
    assert fast == general
