"""Every malformed or hostile file of the table, through `load`, `reconcile validate` and `run`.

`load` (`load_frame` for a frame) must accept the file with its text kept
exactly, or refuse it with a problem that names the file, line, record and
field; the commands must exit
with 0 or 1 accordingly (2 is for usage), never with a traceback, and print
nothing that could act on a terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hostile_cases import (
    COLUMNAR,
    FORMATS,
    LIKE,
    SKIPPED,
    Accepts,
    Case,
    Refuses,
    all_cases,
    claim_cases,
)
from hostile_outcomes import GOOD, outcome, write_case
from reconcile.cli import main

CASES = all_cases()
FILES = [case for case in CASES if case.format != "frame"]
"""The cases the command line can read: a frame is not a file."""
# Raw control characters, bidi controls and lone surrogates; a report shows them escaped.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def test_the_table_is_large_and_covers_every_format() -> None:
    assert len(CASES) >= 150
    for fmt in (*FORMATS, *COLUMNAR):
        of_format = [case for case in CASES if case.format == fmt]
        assert sum(isinstance(case.expect, Accepts) for case in of_format) >= 10
        assert sum(isinstance(case.expect, Refuses) for case in of_format) >= 25
    assert len({case.name for case in CASES}) == len(CASES)


def test_the_columnar_formats_take_every_claim_case_that_arrow_can_hold() -> None:
    """A claim case is left out of a columnar format only when Arrow cannot hold the claim."""
    claims = list(claim_cases())
    names = {
        fmt: {case.name.split(": ", 1)[1] for case in claims if case.format == fmt}
        for fmt in (*FORMATS, *COLUMNAR)
    }
    for fmt in COLUMNAR:
        skipped = {name for skipped_in, name in SKIPPED if skipped_in == fmt}
        assert names[fmt] | skipped == names[LIKE[fmt]], fmt
        assert not names[fmt] & skipped
    beyond_64_bits = (
        "number of 30 digits",
        "number of 5,000 digits",
        "tagged category with a huge label number",
        "evidence span of 5,000 digits",
    )
    not_utf8 = (
        "lone surrogate in a label",
        "lone surrogate in an id",
        "lone surrogate in a field name",
    )
    typed = {
        *beyond_64_bits,
        *not_utf8,
        "evidence span of text",  # a list of text and a number: columnar_cases has its own
    }
    assert set(SKIPPED) == {
        *((fmt, name) for fmt in ("parquet", "frame") for name in typed),
        ("parquet", "empty mapping as a value"),  # Parquet has no struct without fields
        ("frame", "deeply nested value"),  # Arrow IPC, which carries a frame case, stops at 64
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_load(case: Case, tmp_path: Path) -> None:
    result = outcome(case, tmp_path)
    assert result.kind in GOOD, result.detail


def _command(case: Case, folder: Path, *args: str) -> Result:
    path, sources = write_case(case, folder)
    extra = ["--sources", str(sources)] if sources is not None else []
    return CliRunner().invoke(main, [args[0], str(path), *extra, *args[1:]])


def _no_crash(result: Result) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crashed: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)


@pytest.mark.parametrize("case", FILES, ids=[case.name for case in FILES])
def test_validate(case: Case, tmp_path: Path) -> None:
    result = _command(case, tmp_path, "validate")
    _no_crash(result)
    assert not UNSAFE.search(result.stderr.replace("\n", ""))
    if isinstance(case.expect, Accepts):
        assert result.exit_code == 0, result.stderr
        assert ": valid: " in result.stdout
        return
    assert result.exit_code == 1
    file_name = "sources.yaml" if "sources file" in case.name else case.file_name
    where = f"{file_name}:{case.expect.line}" if case.expect.line is not None else file_name
    assert where in result.stderr


@pytest.mark.parametrize("case", FILES, ids=[case.name for case in FILES])
def test_run(case: Case, tmp_path: Path) -> None:
    result = _command(case, tmp_path, "run")
    _no_crash(result)
    assert result.exit_code == (0 if isinstance(case.expect, Accepts) else 1)
    assert not UNSAFE.search(result.stdout.replace("\n", ""))
    assert not UNSAFE.search(result.stderr.replace("\n", ""))
