"""Sentence splitting by rule: no model, no download.

A sentence ends at a line break, or at ``.``, ``!`` or ``?`` (with any closing
quotes or brackets after it) followed by white space and something that can
start a sentence, unless the word before the stop is a known abbreviation
("Mr.", "Gen.", "Dept.") or a single capital (an initial: "A. Minoo Sepehr").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from reconcile.extraction.document import Passage

ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "brig", "col", "lt", "maj", "capt", "sgt",
        "gov", "sen", "rep", "st", "dept", "no", "vs", "etc", "inc", "ltd", "co", "corp",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "u.s", "u.n", "u.k", "e.g", "i.e", "approx", "ca", "c",
    }
)  # fmt: skip
"""Words that end in a full stop without ending a sentence (lower case, without the stop)."""

_STOP = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")  # noqa: RUF001  (curly quotes are what the articles use)
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@attrs.frozen(kw_only=True)
class Sentence:
    """A sentence and the offset of its first character in the whole document."""

    text: str
    start: int

    @property
    def end(self) -> int:
        """The offset just after the sentence's last character."""
        return self.start + len(self.text)


def split_sentences(passage: Passage) -> Iterator[Sentence]:
    """The sentences of a passage, in order, each with its offset in the document."""
    line_start = 0
    for line in passage.text.split("\n"):
        for start, end in _sentence_bounds(line):
            yield Sentence(text=line[start:end], start=passage.start + line_start + start)
        line_start += len(line) + 1


def _sentence_bounds(line: str) -> Iterator[tuple[int, int]]:
    start = 0
    for stop in _STOP.finditer(line):
        if _is_abbreviation(line[: stop.start() + 1]):
            continue
        yield from _trimmed(line, start, stop.end())
        start = stop.end()
    yield from _trimmed(line, start, len(line))


def _is_abbreviation(text: str) -> bool:
    """Whether the stop that ends `text` belongs to an abbreviation or an initial."""
    found = _WORD_BEFORE.search(text[:-1])
    if found is None:
        return False
    word = found.group(1)
    if len(word) == 1 and word.isupper():
        return True
    return word.lower().rstrip(".") in ABBREVIATIONS


def _trimmed(line: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = line[start:end]
    stripped = piece.strip()
    if stripped:
        first = start + piece.index(stripped)
        yield first, first + len(stripped)
