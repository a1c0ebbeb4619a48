"""Hedged figures in a sentence, read by `parse_quantity`: "no less than nine", "some 100".

A figure starts at a number (digits or English words) or a vague word of the
hedge policy ("dozens"). Its words are the shortest run from there that reads
to the same value as the longest run that still reads (so "forty- two" and
"six-hour" are whole, and "52 killed" is cut to "52"); then the longest run of
up to three words before it that changes the reading is taken as its hedge
("no less than", "more than", "some").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from reconcile.errors import ParseError, ValidationError
from reconcile.extraction.tokens import Token
from reconcile.values.hedges import HedgePolicy
from reconcile.values.numbers import NUMBER_WORDS, SCALES
from reconcile.values.parse_quantity import parse_quantity
from reconcile.values.quantity import Quantity

_LOOK_AHEAD = 6
_HEDGE_WORDS = 3
_ARTICLES = frozenset({"a", "an"})
_FIGURE_WORDS = frozenset(
    {
        "and", "of", "or", "more", "fewer", "less", "plus", "odd", "so", "above", "over",
        "under", "to", "second", "seconds", "minute", "minutes", "hour", "hours", "hr", "hrs",
        "day", "days", "week", "weeks", "month", "months", "year", "years", "decade",
        "decades", "percent", "km", "kilometres", "kilometers", "mile", "miles", "million",
        "billion", "thousand", "hundred", "dozen",
    }
)  # fmt: skip
"""Words that may follow the first word of a figure inside it: "one hundred and forty",
"tens of thousands", "50 or more", "six hours"."""
# "one" alone is more often a pronoun ("one of the residents") than a count.
_PRONOUN_LIKE = frozenset({"one"})


@attrs.frozen(kw_only=True)
class FigureMatch:
    """A figure in a sentence: its words, the token indices it covers, and its value."""

    text: str
    start: int
    end: int
    first: int
    last: int
    value: Quantity


def find_figures(
    sentence: str, tokens: Sequence[Token], blocked: Sequence[bool], policy: HedgePolicy
) -> Iterator[FigureMatch]:
    """Every figure of the sentence, in order; tokens marked `blocked` (dates) are skipped."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if blocked[index] or not _starts_figure(token.text, policy) or _glued(sentence, token):
            index += 1
            continue
        figure = _figure_at(sentence, tokens, blocked, index, policy)
        if figure is None:
            index += 1
            continue
        yield figure
        index = figure.last + 1


def _glued(sentence: str, token: Token) -> bool:
    """Whether a number is glued to letters by a hyphen: a name ("AC-130", "F-16"), not a count."""
    before = sentence[max(0, token.start - 2) : token.start]
    return len(before) == 2 and before[1] == "-" and before[0].isalpha()


def _starts_figure(word: str, policy: HedgePolicy) -> bool:
    lowered = word.lower()
    if lowered[:1].isdigit():
        return not lowered.endswith(("st", "nd", "rd", "th"))  # ordinals are dates or ranks
    head = lowered.split("-")[0]
    return (head in NUMBER_WORDS and head not in SCALES) or lowered in policy.vague


def _continues(word: str, policy: HedgePolicy) -> bool:
    """Whether a word may still belong to a figure: part of a number, a unit or a hedge.

    A figure's words end at the first other word, so that "30 and injured at least
    37" is 30: a hedge further along the clause belongs to another figure.
    """
    lowered = word.lower()
    head = lowered.split("-")[0]
    return (
        not lowered[:1].isalpha()
        or head in NUMBER_WORDS
        or lowered in policy.vague
        or lowered in _FIGURE_WORDS
    )


def _read(text: str, policy: HedgePolicy) -> Quantity | None:
    try:
        return parse_quantity(text, policy=policy)
    except (ParseError, ValidationError):
        return None


def _figure_at(
    sentence: str,
    tokens: Sequence[Token],
    blocked: Sequence[bool],
    first: int,
    policy: HedgePolicy,
) -> FigureMatch | None:
    readings: list[tuple[int, Quantity]] = []
    for last in range(first, min(first + _LOOK_AHEAD, len(tokens))):
        if blocked[last] or (last > first and not _continues(tokens[last].text, policy)):
            break
        value = _read(sentence[tokens[first].start : tokens[last].end], policy)
        if value is not None:
            readings.append((last, value))
    if not readings:
        return None
    final = readings[-1][1]
    last = next(last for last, value in readings if value == final)
    if sentence[tokens[first].start : tokens[last].end].lower() in _PRONOUN_LIKE:
        return None
    first, final = _with_hedge(sentence, tokens, blocked, first, last, final, policy)
    start, end = tokens[first].start, tokens[last].end
    return FigureMatch(
        text=sentence[start:end], start=start, end=end, first=first, last=last, value=final
    )


def _with_hedge(
    sentence: str,
    tokens: Sequence[Token],
    blocked: Sequence[bool],
    first: int,
    last: int,
    value: Quantity,
    policy: HedgePolicy,
) -> tuple[int, Quantity]:
    """Take the words before the figure that hedge it, or an article before a vague word."""
    best = (first, value)
    end = tokens[last].end
    for before in range(first - 1, max(first - _HEDGE_WORDS, 0) - 1, -1):
        if blocked[before]:
            break
        reading = _read(sentence[tokens[before].start : end], policy)
        if reading is None:
            continue
        article = (
            before == first - 1
            and tokens[before].text.lower() in _ARTICLES
            and tokens[first].text.lower() in policy.vague
        )
        if reading != value or article:
            best = (before, reading)
    return best
