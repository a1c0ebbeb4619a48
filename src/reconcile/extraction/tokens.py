"""Words with their offsets in a sentence: what the figure, date and trigger rules walk over."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

_TOKEN = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*|\d+(?:,\d{3})*(?:\.\d+)?(?:st|nd|rd|th)?|\S")  # noqa: RUF001  (curly quotes are what the articles use)


@attrs.frozen(kw_only=True)
class Token:
    """A word, a number or a single symbol, and where it stands in its sentence."""

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        """Whether the token is a word (letters), not a number or a symbol."""
        return self.text[:1].isalpha()


def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of a sentence: words (with inner hyphens and apostrophes), numbers, symbols."""
    return tuple(
        Token(text=match.group(), start=match.start(), end=match.end())
        for match in _TOKEN.finditer(text)
    )


def index_at(tokens: Sequence[Token], offset: int) -> int:
    """The index of the first token that ends after `offset` (len(tokens) if none does)."""
    for index, token in enumerate(tokens):
        if token.end > offset:
            return index
    return len(tokens)
