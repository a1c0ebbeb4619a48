"""A JSON Lines file read in two processes loads as it loads in one: records, problems, lines."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reconcile.io import files, forked_rows, table_rows, text_pieces
from reconcile.simulate import Scenario, write
from test_plain_records import outcome

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="this system cannot fork"
)
PIECE = 4096
"""Bytes a piece: small, so that a file of a few thousand claims is split into many."""


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Files of any size read in two processes, in small pieces; yields the rows the child sent."""
    monkeypatch.setattr(forked_rows, "FORK_BYTES", 0)
    monkeypatch.setattr(forked_rows, "PIECE_BYTES", PIECE)
    monkeypatch.setattr(text_pieces, "PIECE_BYTES", PIECE)
    monkeypatch.setattr(files, "usable_processes", lambda: 2)
    sent: list[int] = []
    received = forked_rows._received

    def counted(receiver: Any) -> Any:
        rows = received(receiver)
        if rows is None:
            sent.append(-1)
            return None
        listed = list(rows)
        sent.append(len(listed))
        return listed

    monkeypatch.setattr(forked_rows, "_received", counted)
    yield sent
    assert not multiprocessing.active_children()


def _in_one_process(path: Path, sources: Path) -> tuple[str, Any]:
    keep = forked_rows.FORK_BYTES
    forked_rows.FORK_BYTES = 1 << 62
    try:
        return outcome(path, sources)
    finally:
        forked_rows.FORK_BYTES = keep


def _simulated(folder: Path, claims: int = 3_000) -> tuple[Path, Path]:
    path, sources = folder / "claims.jsonl", folder / "sources.yaml"
    write(Scenario(events=claims // 22, sources=20, days=60), path, sources=sources, seed=3)
    return path, sources


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").split("\n")


@needs_fork
def test_simulated_claims_load_as_in_one_process(tmp_path: Path, split: list[int]) -> None:
    path, sources = _simulated(tmp_path)
    forked = outcome(path, sources)
    assert forked[0] == "loaded"
    assert forked == _in_one_process(path, sources)
    # The child read the later part of the file: a good third of its claims.
    lines = len(_lines(path)) - 1
    assert split
    assert 0.3 * lines < split[0] < 0.6 * lines


@needs_fork
def test_bad_lines_in_either_part_are_the_same_problems_on_the_same_lines(
    tmp_path: Path, split: list[int]
) -> None:
    path, sources = _simulated(tmp_path)
    lines = _lines(path)
    record = json.loads(lines[10])
    # In the first part and in the last: not JSON, a blank line, an unknown source, CRLF,
    # a line the fast path leaves to the general one (a tagged value), a repeated id.
    for at in (20, len(lines) - 40):
        lines[at] = "{not json"
        lines[at + 1] = ""
        lines[at + 2] = json.dumps({**json.loads(lines[at + 2]), "source": "nobody"})
        lines[at + 3] += "\r"
        lines[at + 4] = json.dumps({**record, "id": f"tagged-{at}", "value": {"$quantity": 3}})
        lines[at + 5] = json.dumps(record)
    path.write_text("\n".join(lines), "utf-8")
    forked = outcome(path, sources)
    assert forked[0] == "refused"
    assert forked == _in_one_process(path, sources)
    assert any(f"line={len(lines) - 40 + 1}" in problem for problem in forked[1])


@needs_fork
@pytest.mark.parametrize("where", ["first", "last"])
def test_a_file_not_utf8_in_either_part_is_one_problem_on_the_same_line(
    tmp_path: Path, split: list[int], where: str
) -> None:
    path, sources = _simulated(tmp_path)
    data = path.read_bytes()
    at = data.index(b"\n", len(data) // 10 if where == "first" else len(data) * 9 // 10) + 1
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    forked = outcome(path, sources)
    assert forked == _in_one_process(path, sources)
    (problem,) = forked[1]
    line = data.count(b"\n", 0, at) + 1
    assert "not UTF-8" in problem
    assert f"line={line}" in problem


@needs_fork
def test_if_the_child_fails_the_rest_is_read_here(
    tmp_path: Path, split: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, sources = _simulated(tmp_path)
    monkeypatch.setattr(forked_rows, "_child", lambda *args: os._exit(3))
    forked = outcome(path, sources)
    assert forked[0] == "loaded"
    assert forked == _in_one_process(path, sources)
    assert split == [-1]  # the child sent nothing


SOURCES_THAT_CHANGE_THE_READING: dict[str, Callable[[str], str]] = {
    "a dataset time zone": lambda text: "timezone: Asia/Baghdad\n" + text,
    "a time zone for every source": lambda text: re.sub(
        r"^- id: (.+)$", r"- id: \1\n  timezone: Asia/Baghdad", text, flags=re.M
    ),
    "a standard attribute of another kind": lambda text: text.replace(
        "- name: date\n  kind: timespan", "- name: date\n  kind: category"
    ),
    "a standard attribute of another measure": lambda text: text.replace(
        "- name: killed\n  kind: quantity",
        "- name: killed\n  kind: quantity\n  measure: measurement",
    ),
    "a declaration with problems": lambda text: text.replace(
        "- name: killed\n  kind: quantity", "- name: killed\n  kind: tally"
    ),
}


@needs_fork
@pytest.mark.parametrize("change", sorted(SOURCES_THAT_CHANGE_THE_READING))
def test_sources_that_change_how_claims_read_throw_the_childs_rows_away(
    tmp_path: Path, split: list[int], change: str
) -> None:
    # The child reads its share while the sources file is read here, knowing none of it.
    path, sources = _simulated(tmp_path)
    lines = _lines(path)
    for at in range(len(lines) - 200, len(lines) - 1):  # clock times, which a time zone places
        record = json.loads(lines[at])
        lines[at] = json.dumps({**record, "published": record["published"] + "T23:30:00"})
    path.write_text("\n".join(lines), "utf-8")
    text = sources.read_text("utf-8")
    changed = SOURCES_THAT_CHANGE_THE_READING[change](text)
    assert changed != text
    sources.write_text(changed, "utf-8")
    forked = outcome(path, sources)
    assert forked == _in_one_process(path, sources)
    assert split == []  # the child's rows were never read


@needs_fork
def test_sources_that_read_claims_as_the_child_did_keep_its_rows(
    tmp_path: Path, split: list[int]
) -> None:
    path, sources = _simulated(tmp_path)
    text = sources.read_text("utf-8")
    # The standard attributes declared as they are, and one the child had no schema of: its
    # claims the child leaves to the general path, read here.
    sources.write_text(text + "- name: fatalities\n  kind: quantity\n", "utf-8")
    lines = _lines(path)
    record = json.loads(lines[-2])
    path.write_text(
        "\n".join(
            [
                *lines[:-1],
                json.dumps({**record, "id": "extra", "attribute": "fatalities", "value": 4}),
                "",
            ]
        ),
        "utf-8",
    )
    forked = outcome(path, sources)
    assert forked[0] == "loaded"
    assert "fatalities" in forked[1][-1]
    assert forked == _in_one_process(path, sources)
    assert len(split) == 1
    assert split[0] > 0  # the child sent rows, which were read


@needs_fork
def test_rows_read_in_part_leave_no_child_behind(tmp_path: Path, split: list[int]) -> None:
    path, _ = _simulated(tmp_path)
    rows = forked_rows.rows_in_two(path, table_rows._jsonl_rows, processes=2)
    assert next(rows)[0] == 1
    assert multiprocessing.active_children()
    rows.close()
    assert not multiprocessing.active_children()


def test_a_small_file_or_one_process_reads_everything_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _simulated(tmp_path, claims=300)
    monkeypatch.setattr(forked_rows, "_child", lambda *args: pytest.fail("forked"))
    expected = list(table_rows._jsonl_rows(text_pieces.text_pieces(path)))
    assert list(forked_rows.rows_in_two(path, table_rows._jsonl_rows, processes=1)) == expected
    assert path.stat().st_size < forked_rows.FORK_BYTES
    assert list(forked_rows.rows_in_two(path, table_rows._jsonl_rows, processes=2)) == expected
