"""A UTF-8 text file read in pieces that end at a line break, in bounded memory.

Read whole, a file of a million claims (a quarter of a gigabyte) is alive
three times at once: its bytes, its text and its list of lines. Read in
pieces, only one piece is. Each piece ends just after a line break and is
decoded alone, and that gives the text the whole file's decoding holds
there, with the same first error: a line break (byte 0x0A) is never part of
a longer UTF-8 sequence, so a sequence cut short by one is cut short in both
readings alike, and every other sequence lies within one piece.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from reconcile.io.limits import without_bom

PIECE_BYTES = 1 << 22
"""How many bytes are read at a time (4 MiB); a piece runs on to the end of its last line."""

UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
"""The byte-order marks of UTF-16 text, which a file of UTF-8 text cannot start with."""


class UnreadableTextError(Exception):
    """The file cannot be read as UTF-8 text: `message` says why and `line` (if known) where."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def file_error(error: OSError) -> str:
    """Why a file could not be read, in the words of a problem."""
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "this is a folder, not a file"
    return f"cannot read the file ({error.strerror})"


def utf16_problem(start: bytes) -> str | None:
    """The problem of a file whose first bytes are `start`, if they mark it as UTF-16 text."""
    return "the file is UTF-16 text; save it as UTF-8" if start.startswith(UTF16_MARKS) else None


def decoding_problem(error: UnicodeDecodeError, offset: int) -> str:
    """The problem of text that is not UTF-8, `error` met in bytes that start at `offset`."""
    return f"the file is not UTF-8 text ({error.reason} at byte {offset + error.start})"


def text_pieces(path: Path, piece_bytes: int | None = None) -> Iterator[str]:
    r"""The text of the UTF-8 file `path`, in pieces that each end just after a ``\n``.

    The last piece ends where the file does; an empty file has none. The one
    byte-order mark that may open the file is dropped, as `without_bom` drops it.
    `piece_bytes` is how many bytes are read at a time (by default `PIECE_BYTES`).

    Raises `UnreadableTextError`, with the words and the line that reading the
    whole file at once would give, when the file cannot be read, is UTF-16
    text or is not UTF-8 (after the pieces before the first bad byte).
    """
    try:
        with path.open("rb") as file:
            yield from _decoded(_line_pieces(file.read, piece_bytes or PIECE_BYTES))
    except OSError as error:
        raise UnreadableTextError(file_error(error)) from None


def _line_pieces(read: Callable[[int], bytes], piece_bytes: int) -> Iterator[bytes]:
    """The bytes that `read` gives, cut just after the last line break of each read."""
    held: list[bytes] = []  # the start of a line that runs on past a read
    while chunk := read(piece_bytes):
        end = chunk.rfind(b"\n") + 1
        if end == 0:
            held.append(chunk)
            continue
        held.append(chunk[:end] if end < len(chunk) else chunk)
        yield b"".join(held)
        held = [chunk[end:]] if end < len(chunk) else []
    if held:
        yield b"".join(held)


def _decoded(pieces: Iterator[bytes]) -> Iterator[str]:
    """Each piece of bytes as text, checked as the file's first bytes and as UTF-8."""
    offset = 0  # the bytes of the file before the piece
    lines = 0  # the line breaks before it
    for piece in pieces:
        if offset == 0:
            problem = utf16_problem(piece)
            if problem is not None:
                raise UnreadableTextError(problem)
        try:
            text = piece.decode("utf-8")
        except UnicodeDecodeError as error:
            line = lines + piece.count(b"\n", 0, error.start) + 1
            raise UnreadableTextError(decoding_problem(error, offset), line) from None
        yield without_bom(text) if offset == 0 else text
        offset += len(piece)
        lines += text.count("\n")
