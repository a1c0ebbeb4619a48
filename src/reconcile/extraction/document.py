"""Documents in, text out: read in bounded passages, with offsets into the whole text.

A passage is a paragraph (text between blank lines), or a piece of one when a
paragraph runs longer than `MAX_PASSAGE` characters, so that a very long
document is never held in memory whole. Offsets count characters of the text
as Python reads the file (UTF-8, universal newlines), so that
``text[start:end]`` of the whole document is the quote.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from reconcile.errors import ReconcileError

MAX_PASSAGE = 20_000
"""The longest passage, in characters; a longer paragraph is cut at a line or word break."""

_CHUNK = 1 << 16
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_BINARY_SAMPLE = 4096


class DocumentError(ReconcileError):
    """A document cannot be read as text: it is empty, binary or not UTF-8.

    `document` names the file (or the name given to a text).
    """

    def __init__(self, message: str, *, document: str) -> None:
        super().__init__(f"{document}: {message}")
        self.document = document


@attrs.frozen(kw_only=True)
class Passage:
    """A paragraph of a document and the offset of its first character in the whole text."""

    text: str
    start: int


def passages_of_file(path: Path) -> Iterator[Passage]:
    """The passages of the UTF-8 text file at `path`, read a chunk at a time.

    Raises `DocumentError`, naming the file, when it is empty (or blank),
    binary (it holds NUL bytes) or not UTF-8.
    """
    name = str(path)
    try:
        with path.open("rb") as raw:
            sample = raw.read(_BINARY_SAMPLE)
    except OSError as error:
        raise DocumentError(f"cannot be read: {error.strerror or error}", document=name) from None
    if b"\x00" in sample:
        raise DocumentError("is a binary file, not text", document=name)
    try:
        with path.open(encoding="utf-8") as text:
            yield from _passages(text, name)
    except UnicodeDecodeError as error:
        at, byte = _first_bad_byte(path)
        raise DocumentError(
            f"is not UTF-8 text: byte {at} (0x{byte:02x}) cannot be decoded ({error.reason}); "
            "convert it to UTF-8 first",
            document=name,
        ) from None


def _first_bad_byte(path: Path) -> tuple[int, int]:
    """Where the first byte that is not UTF-8 stands in the file, and what it is."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as raw:
        while chunk := raw.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                # Bytes held back from the chunk before count before this chunk's start.
                held = len(decoder.getstate()[0])
                at = offset - held + error.start
                return at, (chunk[error.start] if error.start < len(chunk) else 0)
            offset += len(chunk)
    return offset, 0


def passages_of_text(text: str, *, document: str = "<text>") -> Iterator[Passage]:
    """The passages of a text already in memory (`document` names it in errors)."""
    if "\x00" in text[:_BINARY_SAMPLE]:
        raise DocumentError("is binary, not text", document=document)
    yield from _passages(io.StringIO(text), document)


def _passages(stream: io.TextIOBase | io.TextIOWrapper, name: str) -> Iterator[Passage]:
    """Split a text stream into passages, holding at most a chunk and a passage at a time."""
    buffer = ""
    offset = 0  # where `buffer` starts in the whole text
    anything = False
    while True:
        chunk = stream.read(_CHUNK)
        buffer += chunk
        while True:
            cut = _BLANK_LINE.search(buffer, 0, MAX_PASSAGE + 2)
            if cut is not None:
                cut_span = cut.span()
            elif len(buffer) > MAX_PASSAGE:
                end = _soft_break(buffer)
                cut_span = (end, end)
            else:
                break
            passage = _passage(buffer[: cut_span[0]], offset)
            if passage is not None:
                anything = True
                yield passage
            offset += cut_span[1]
            buffer = buffer[cut_span[1] :]
        if not chunk:
            break
    passage = _passage(buffer, offset)
    if passage is not None:
        anything = True
        yield passage
    if not anything:
        raise DocumentError("is empty: it holds no text to extract claims from", document=name)


def _soft_break(text: str) -> int:
    """Where to cut an over-long paragraph: the last line break, else the last space."""
    for mark in ("\n", ". ", " "):
        index = text.rfind(mark, 0, MAX_PASSAGE)
        if index > 0:
            return index + len(mark)
    return MAX_PASSAGE


def _passage(text: str, offset: int) -> Passage | None:
    """The passage without its surrounding white space, or None when it is blank."""
    stripped = text.strip()
    if not stripped:
        return None
    return Passage(text=stripped, start=offset + text.index(stripped))
