"""Reading numbers in digits or English words, shared by the quantity and date parsers."""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip

NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES)

TOKEN = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+|[^\W\d_]+|[^\s\w]|_")
"""Digits (with thousands separators and decimals), words in any script, or single symbols."""

EUROPEAN_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]{3})*(?:,[0-9]+)?|[^\W\d_]+|[^\s\w]|_")
"""The same, for numbers written the continental way: "3.000" is three thousand, "2,5" a half."""

# En and em dashes, hyphens and the minus sign read as "-"; a curly apostrophe as "'".
# Arabic-Indic and Persian digits read as digits, with their thousands and decimal signs.
_DASHES = str.maketrans(
    {
        "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-", "\u2212": "-",
        "\u2019": "'", "\u066c": ",", "\u066b": ".",
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
    }
)  # fmt: skip

# Spaces inside a number group its thousands in French and Russian: "3 000", "3\u202f000".
_SPACED_THOUSANDS = re.compile(r"(?<![0-9])([0-9]{1,3})((?:[ \u00a0\u202f][0-9]{3})+)(?![0-9])")

# Arabic and Persian spellings vary in ways that do not change the word: short vowels,
# the elongation stroke, the zero-width non-joiner, the forms of alef, yeh and kaf.
_FOLD = str.maketrans(
    {
        "\u0640": None, "\u200c": None, "\u200d": None, "\u0670": None,
        **{chr(mark): None for mark in range(0x064B, 0x0660)},
        "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
        "\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643", "\u06c0": "\u0647",
    }
)  # fmt: skip


def normalise(text: str) -> str:
    """Lower-case text with its digits, dashes and Arabic-script spellings made uniform."""
    text = unicodedata.normalize("NFC", text).lower().translate(_DASHES).translate(_FOLD)
    return _SPACED_THOUSANDS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)


def tokenize(text: str, *, european: bool = False) -> list[str]:
    """Split text into digit runs, words and single symbols, after `normalise`.

    With `european`, "3.000" is one number (three thousand) and "2,5" another
    (two and a half), as German, Dutch, French and Russian write them; the
    tokens then use the English convention ("3000", "2.5").
    """
    text = normalise(text)
    if not european:
        return TOKEN.findall(text)
    return [_anglicise(token) for token in EUROPEAN_TOKEN.findall(text)]


def _anglicise(token: str) -> str:
    if not token[:1].isdigit():
        return token
    if _COMMA_THOUSANDS.fullmatch(token):
        # "1,400 personnes": a comma before three digits groups thousands, as in English;
        # a count of people is whole, and a decimal is written with fewer digits ("2,5").
        return token.replace(",", "")
    return token.replace(".", "").replace(",", ".")


_COMMA_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def is_digits(token: str) -> bool:
    """Whether a token is a number written in digits."""
    return token[:1] in _DIGITS or (token[:1] == "." and token[1:2] in _DIGITS)


_DIGITS = frozenset("0123456789")


MAX_FIGURE = 2**53
"""The largest figure the parsers read: the largest whole number a float keeps exactly."""

MAX_DECIMALS = 30
"""The most digits a figure may have after its decimal point."""


class FigureOutOfRangeError(ValueError):
    """A figure in text is larger than `MAX_FIGURE` or more precise than `MAX_DECIMALS`."""


def digits_value(token: str) -> Fraction:
    """The exact value of a digit token such as ``3,000`` or ``2.5``.

    Raises `FigureOutOfRangeError` for a figure that no report holds (it would
    otherwise cost time in proportion to the square of its length).
    """
    whole, _, decimals = token.replace(",", "").partition(".")
    if len(decimals) > MAX_DECIMALS:
        raise FigureOutOfRangeError(
            f"the figure {_shortened(token)} has more than {MAX_DECIMALS} decimals"
        )
    if len(whole.lstrip("0")) > len(str(MAX_FIGURE)):
        raise FigureOutOfRangeError(
            f"the figure {_shortened(token)} is too large; figures may be at most 2^53 "
            f"({MAX_FIGURE})"
        )
    return check_figure(Fraction(whole + "." + decimals if decimals else whole))


def check_figure(value: Fraction) -> Fraction:
    """Return `value`, or raise `FigureOutOfRangeError` when it is above `MAX_FIGURE`."""
    if value > MAX_FIGURE:
        raise FigureOutOfRangeError(
            f"the figure {_shortened(str(round(value)))} is too large; figures may be at most "
            f"2^53 ({MAX_FIGURE})"
        )
    return value


def _shortened(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}... ({len(text)} characters)"


def read_number(tokens: list[str], start: int) -> tuple[Fraction, int] | None:
    """Read one number starting at ``tokens[start]``; return its value and the next position.

    Understands digits ("3,000", "2.5"), digits with a scale ("3.5 million"),
    and English number words ("seventy", "fifty-two", "one hundred and
    forty", "a hundred", "two dozen"). Returns None when no number starts there.
    """
    if start >= len(tokens):
        return None
    token = tokens[start]
    if is_digits(token):
        value, position = digits_value(token), start + 1
    elif token in ("a", "an") and start + 1 < len(tokens) and tokens[start + 1] in SCALES:
        value, position = _read_words(tokens, start + 1, leading=Fraction(1))
    elif token in UNITS or token in TENS:
        value, position = _read_words(tokens, start, leading=None)
    else:
        return None
    value, position = _read_scales(tokens, position, value)
    return _read_and_rest(tokens, position, value)


def _read_and_rest(tokens: list[str], position: int, value: Fraction) -> tuple[Fraction, int]:
    """Add the rest of "1000 and 400" (Arabic "ألف و400"): a round figure, and one below it."""
    if (
        position + 1 < len(tokens)
        and tokens[position] == "and"
        and is_digits(tokens[position + 1])
        and value.denominator == 1
        and value >= 100
    ):
        rest = digits_value(tokens[position + 1])
        round_to = 1000 if value % 1000 == 0 else 100 if value % 100 == 0 else 0
        if round_to and rest.denominator == 1 and 0 < rest < round_to:
            return value + rest, position + 2
    return value, position


def _read_scales(tokens: list[str], position: int, value: Fraction) -> tuple[Fraction, int]:
    """Apply scale words after a number: "3.5 million", "two dozen"."""
    while position < len(tokens) and tokens[position] in (*SCALES, "dozen"):
        value = check_figure(value * SCALES.get(tokens[position], 12))
        position += 1
    return value, position


def _read_words(
    tokens: list[str], position: int, *, leading: Fraction | None
) -> tuple[Fraction, int]:
    """Read English number words: "seventy", "fifty-two", "one hundred and forty", "a thousand"."""
    total = Fraction(0)
    current: Fraction = leading if leading is not None else Fraction(0)
    # A unit or tens word may follow only nothing, "hundred" or a larger scale:
    # "one two" is two numbers, not three.
    open_for_small = leading is None
    while position < len(tokens):
        word = tokens[position]
        if word in UNITS and open_for_small:
            current += UNITS[word]
            open_for_small = False
        elif word in TENS and open_for_small:
            current += TENS[word]
            unit_at = _compound_unit_at(tokens, position)
            if unit_at is not None:
                current += UNITS[tokens[unit_at]]
                position = unit_at
            open_for_small = False
        elif word == "hundred" and current % 100 == current:
            current = (current or Fraction(1)) * 100
            open_for_small = True
        elif word in SCALES and word != "hundred":
            if current == 0 and total:
                # A scale right after a scale multiplies: "a thousand million" is 10^9.
                total = check_figure(total * SCALES[word])
            else:
                total += (current or Fraction(1)) * SCALES[word]
            current = Fraction(0)
            open_for_small = True
        elif word == "and" and open_for_small and _continues_number(tokens, position):
            pass
        else:
            break
        position += 1
    return total + current, position


def _compound_unit_at(tokens: list[str], position: int) -> int | None:
    """After a tens word, where the unit of "fifty-two", "forty- two" or "twenty one" stands."""
    for gap in (("-",), ()):
        unit_at = position + 1 + len(gap)
        if (
            unit_at < len(tokens)
            and tuple(tokens[position + 1 : unit_at]) == gap
            and UNITS.get(tokens[unit_at], 10) < 10
            and tokens[unit_at] != "zero"
        ):
            return unit_at
    return None


def _continues_number(tokens: list[str], position: int) -> bool:
    """Whether the "and" at `position` joins parts of one number ("one hundred and forty")."""
    after = tokens[position + 1] if position + 1 < len(tokens) else ""
    before = tokens[position - 1]
    return before in SCALES and (after in UNITS or after in TENS)


def read_ordinal_day(tokens: list[str], start: int) -> tuple[int, int] | None:
    """Read a day of the month ("1", "1st", "first", "twenty-first") and the position after it."""
    if start >= len(tokens):
        return None
    token = tokens[start]
    if token.isdigit() and token.isascii():
        if not 1 <= int(token) <= 31:
            return None
        position = start + 1
        if position < len(tokens) and tokens[position] in ("st", "nd", "rd", "th"):
            position += 1
        return int(token), position
    if token in ORDINAL_UNITS:
        return ORDINAL_UNITS[token], start + 1
    if token in ("twenty", "thirty"):
        position = start + 1
        if position < len(tokens) and tokens[position] == "-":
            position += 1
        if position < len(tokens) and tokens[position] in ORDINAL_UNITS:
            unit = ORDINAL_UNITS[tokens[position]]
            if unit < 10:
                return TENS[token] + unit, position + 1
    return None


def read_ordinal(tokens: list[str], start: int) -> tuple[int, int] | None:
    """Read an ordinal ("fifth", "twenty-first", "5th") and the position after it.

    Unlike a day of the month, a bare number ("5") is not an ordinal here.
    """
    if start >= len(tokens):
        return None
    token = tokens[start]
    if is_digits(token):
        suffix = tokens[start + 1] if start + 1 < len(tokens) else ""
        if token.isdigit() and suffix in ("st", "nd", "rd", "th"):
            return int(token), start + 2
        return None
    return read_ordinal_day(tokens, start)


TIE_TOLERANCE = 1e-9
"""Votes within this share of the top vote are a tie: sums of the same weights in another order
differ in the last bits, and a tie must not be broken by the order claims were added in."""
