"""What `load` made of a hostile case, sorted into the kinds the issue counts.

Run as a script, it prints the counts for the whole table, even when some
cases fail (the test module asserts them one by one):

    python tests/hostile/hostile_outcomes.py
"""

from __future__ import annotations

import resource
import signal
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

from hostile_cases import PYTHON_WORDING, Accepts, Case, Refuses, all_cases
from reconcile import Dataset, DatasetError, Problem, load, load_frame

CLEAR_ERROR = "clear error"
CORRECT_ACCEPT = "correct accept"
CRASH = "crash"
SILENT_CHANGE = "silent change"
WRONG_REJECTION = "wrong rejection"
UNCLEAR_ERROR = "unclear error"
GOOD = (CLEAR_ERROR, CORRECT_ACCEPT)


@attrs.frozen
class Outcome:
    """The kind of outcome, and what happened in words."""

    kind: str
    detail: str


def write_case(case: Case, folder: Path) -> tuple[Path, Path | None]:
    """Write the case's file (and sources file) into `folder`; return their paths."""
    path = folder / case.file_name
    path.write_bytes(case.content)
    sources = None
    if case.sources is not None:
        sources = folder / "sources.yaml"
        sources.write_bytes(case.sources)
    return path, sources


def outcome(case: Case, folder: Path) -> Outcome:
    """Load the case and say how its outcome compares with what it expects."""
    path, sources = write_case(case, folder)
    try:
        dataset = load_case(case, path, sources)
    except DatasetError as error:
        return _judge_refusal(case, error, path, sources)
    except Exception as error:  # anything but our own error is a crash
        return Outcome(CRASH, f"{type(error).__name__}: {error}"[:300])
    if isinstance(case.expect, Refuses):
        return Outcome(SILENT_CHANGE, f"loaded, but should say {case.expect.says!r}")
    assert isinstance(case.expect, Accepts)
    if not case.expect.check(dataset):
        return Outcome(SILENT_CHANGE, f"loaded, but not as expected: {case.expect.holds}")
    return Outcome(CORRECT_ACCEPT, case.expect.holds)


def load_case(case: Case, path: Path, sources: Path | None) -> Dataset:
    """Load the case as written by `write_case`: a frame case through `load_frame`."""
    if case.format == "frame":
        assert sources is not None
        return load_frame(frame_of(case.content), sources=sources, name=str(path))
    return load(path, sources=sources)


def frame_of(content: bytes) -> Any:
    """The pandas DataFrame that a frame case holds: an Arrow IPC file, or JSON split by column.

    JSON in pandas' ``split`` layout carries what Arrow cannot: a column of mixed types,
    repeated column names, an index.
    """
    import io

    import pandas as pd
    import pyarrow as pa

    if content.startswith(b"ARROW1"):
        return pa.ipc.open_file(pa.BufferReader(content)).read_all().to_pandas()
    return pd.read_json(io.StringIO(content.decode("utf-8")), orient="split", dtype=False)


def _judge_refusal(case: Case, error: DatasetError, path: Path, sources: Path | None) -> Outcome:
    text = str(error)
    if isinstance(case.expect, Accepts):
        return Outcome(WRONG_REJECTION, text[:500])
    leaked = [words for words in PYTHON_WORDING if words in text]
    if leaked:
        return Outcome(UNCLEAR_ERROR, f"Python's wording {leaked} in: {text[:300]}")
    expected_file = str(sources if case.expect.in_sources or _in_sources(case) else path)
    if not any(_matches(problem, case.expect, expected_file) for problem in error.problems):
        return Outcome(UNCLEAR_ERROR, f"no problem matches {case.expect}: {text[:600]}")
    return Outcome(CLEAR_ERROR, text.splitlines()[1].strip()[:200])


def _in_sources(case: Case) -> bool:
    """Problems of a sources-file case are in the sources file."""
    return case.sources is not None and "sources file" in case.name


def _matches(problem: Problem, expected: Refuses, file: str) -> bool:
    return (
        problem.file == file
        and expected.says in problem.message
        and problem.line == expected.line
        and problem.section == expected.section
        and problem.record == expected.record
        and problem.field == expected.field
    )


SECONDS_PER_CASE = 5
MEMORY_BYTES = 2 * 1024**3


def _out_of_time(signum: int, frame: object) -> None:
    raise TimeoutError(f"took more than {SECONDS_PER_CASE} s")


def main() -> None:
    """Print the counts of each kind of outcome over the whole table, and every bad one.

    Each case gets 5 seconds and the process 2 GiB, so that an older version
    that blows up on a case counts it as a crash instead of taking the machine.
    """
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    signal.signal(signal.SIGALRM, _out_of_time)
    counts: Counter[str] = Counter()
    cases = all_cases()
    for case in cases:
        with tempfile.TemporaryDirectory() as folder:
            signal.alarm(SECONDS_PER_CASE)
            try:
                result = outcome(case, Path(folder))
            except (TimeoutError, MemoryError) as error:  # raised outside load's own frame
                result = Outcome(CRASH, repr(error))
            finally:
                signal.alarm(0)
        counts[result.kind] += 1
        if result.kind not in GOOD:
            print(f"{result.kind}: {case.name}: {result.detail}")
    print(
        f"{len(cases)} cases:",
        ", ".join(
            f"{counts[kind]} {kind}s"
            for kind in (
                CLEAR_ERROR,
                CORRECT_ACCEPT,
                CRASH,
                SILENT_CHANGE,
                WRONG_REJECTION,
                UNCLEAR_ERROR,
            )
        ),
    )


if __name__ == "__main__":
    main()
