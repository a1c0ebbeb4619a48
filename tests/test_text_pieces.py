"""A file read in pieces against the same file read whole: the same text, the same first error.

`reconcile.io.text_pieces` reads JSON Lines files in pieces that end at a
line break, so that a large file is never held whole. Each test here reads
bytes both ways, the whole reading done as the loader did it before
(``data.decode("utf-8")``, the byte-order mark dropped), with pieces far
smaller than the lines so that lines and UTF-8 sequences are cut everywhere.
"""

from __future__ import annotations

import codecs
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reconcile
from reconcile import DatasetError
from reconcile.io import text_pieces as pieces_module
from reconcile.io.limits import numbered_lines
from reconcile.io.text_pieces import UnreadableTextError, text_pieces

# Bytes that make pieces interesting: line breaks, a byte-order mark, the start and the end of
# multi-byte sequences, and bytes that UTF-8 never uses.
_PARTS = st.sampled_from(
    [
        b"\n", b"\r\n", b"a", b"{}", codecs.BOM_UTF8, "é".encode(), "€".encode(),
        "😀".encode(), b"\xe2\x82", b"\x82", b"\xf0\x9f", b"\xff", b"\xc0\xaf", b"\xed\xa0\x80",
    ]
)  # fmt: skip
_DATA = st.lists(_PARTS, max_size=30).map(b"".join)


def whole(data: bytes) -> tuple[str, str | None, int | None]:
    """What reading `data` whole gives: its text, or the problem and line of its first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", "the file is UTF-16 text; save it as UTF-8", None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"the file is not UTF-8 text ({error.reason} at byte {error.start})"
        return "", message, line
    return text.removeprefix("\ufeff"), None, None


def in_pieces(path: Path, piece_bytes: int) -> tuple[list[str], str | None, int | None]:
    """The pieces read before any error, and the error's message and line."""
    read: list[str] = []
    try:
        for piece in text_pieces(path, piece_bytes):
            read.append(piece)
    except UnreadableTextError as error:
        return read, error.message, error.line
    return read, None, None


@given(data=_DATA, piece_bytes=st.integers(min_value=1, max_value=8))
def test_pieces_hold_the_text_and_the_first_error_of_the_whole_file(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, piece_bytes: int
) -> None:
    path = tmp_path_factory.mktemp("pieces") / "claims.jsonl"
    path.write_bytes(data)
    text, problem, line = whole(data)
    read, read_problem, read_line = in_pieces(path, piece_bytes)
    assert (read_problem, read_line) == (problem, line)
    if problem is None:
        assert "".join(read) == text
        # Every piece but the last ends a line, so that no line is cut between two.
        assert all(piece.endswith("\n") for piece in read[:-1])


def test_the_first_bad_byte_is_named_by_its_place_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b'{"a": 1}\n{"b": 2}\nx\xffy\n')
    read, problem, line = in_pieces(path, 4)
    # Worked out by hand: 3 bytes of the mark, 9 and 9 of the first two lines, then "x".
    assert problem == "the file is not UTF-8 text (invalid start byte at byte 22)"
    assert line == 3
    assert "".join(read) == '{"a": 1}\n{"b": 2}\n'


def test_a_missing_file_and_a_folder_are_problems_in_words(tmp_path: Path) -> None:
    assert in_pieces(tmp_path / "nowhere.jsonl", 4)[1:] == ("no such file", None)
    assert in_pieces(tmp_path, 4)[1:] == ("this is a folder, not a file", None)


@given(
    text=st.text(alphabet="ab\r\n\u2028", max_size=40),
    cuts=st.lists(st.integers(min_value=0, max_value=40), max_size=5),
)
def test_lines_of_pieces_are_the_lines_of_their_text(text: str, cuts: list[int]) -> None:
    bounds = [0, *sorted(min(cut, len(text)) for cut in cuts), len(text)]
    pieces = [text[start:end] for start, end in pairwise(bounds)]
    expected = [
        (number, line.removesuffix("\r")) for number, line in enumerate(text.split("\n"), 1)
    ]
    assert list(numbered_lines(pieces)) == expected


SOURCES = "sources:\n- {id: s1}\nevents:\n- {id: e1, label: Attack}\n"


def test_a_file_that_is_not_utf8_after_some_claims_is_one_problem_and_no_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when the file was read whole: the claims and problems before the bad byte are dropped."""
    monkeypatch.setattr(pieces_module, "PIECE_BYTES", 16)
    sources = tmp_path / "sources.yaml"
    sources.write_text(SOURCES, encoding="utf-8")
    path = tmp_path / "claims.jsonl"
    good = '{"id": "c1", "source": "s1", "event": "e1", "attribute": "killed", "value": 3}\n'
    bad_record = '{"id": "c2", "source": "nobody", "event": "e1", "attribute": "killed"}\n'
    data = (good + bad_record + "not json\n").encode() + b"\xff\n" + good.encode()
    path.write_bytes(data)
    with pytest.raises(DatasetError) as raised:
        reconcile.load(path, sources=sources)
    (problem,) = raised.value.problems
    offset = len((good + bad_record + "not json\n").encode())
    assert problem.message == f"the file is not UTF-8 text (invalid start byte at byte {offset})"
    assert (problem.file, problem.line, problem.record) == (str(path), 4, None)


def test_a_file_of_many_pieces_loads_as_one_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(SOURCES, encoding="utf-8")
    path = tmp_path / "claims.jsonl"
    lines = [
        f'{{"id": "c{n}", "source": "s1", "event": "e1", "attribute": "killed", "value": {n}}}'
        for n in range(40)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole_file = reconcile.load(path, sources=sources)
    monkeypatch.setattr(pieces_module, "PIECE_BYTES", 7)
    pieced = reconcile.load(path, sources=sources)
    assert [repr(claim) for claim in pieced.claims] == [repr(c) for c in whole_file.claims]
    assert [claim.value.low for claim in pieced.claims] == list(range(40))  # type: ignore[union-attr]
