"""`parse_quantity`: read hedged figures such as "no less than nine" or "some 3,000"."""

from __future__ import annotations

import enum
import functools
import math
from fractions import Fraction

import attrs

from reconcile.errors import ParseError
from reconcile.values.hedges import HedgePolicy
from reconcile.values.numbers import NUMBER_WORDS, SCALES, is_digits, read_number, tokenize
from reconcile.values.quantity import Hedge, Measure, Quantity


class _Bound(enum.Enum):
    """What a hedge word does to the figure it precedes or follows."""

    AT_LEAST = Hedge.AT_LEAST
    MORE_THAN = Hedge.MORE_THAN
    AT_MOST = Hedge.AT_MOST
    FEWER_THAN = Hedge.FEWER_THAN
    ABOUT = Hedge.APPROXIMATE
    NEARLY = "nearly"
    BETWEEN = "between"
    FROM = "from"


# Longest phrases are tried first, so "no less than" wins over "less than".
_PREFIXES: dict[tuple[str, ...], _Bound] = {
    tuple(phrase.split()): bound
    for bound, phrases in {
        _Bound.AT_LEAST: [
            "at least", "no less than", "not less than", "no fewer than", "not fewer than",
            "a minimum of", "minimum of", "at a minimum",
        ],
        _Bound.MORE_THAN: [
            "more than", "over", "upwards of", "in excess of", "just over", "well over", "above",
            "greater than",
        ],
        _Bound.AT_MOST: [
            "up to", "at most", "no more than", "not more than", "a maximum of", "maximum of",
            "as many as",
        ],
        _Bound.FEWER_THAN: ["fewer than", "less than", "under", "just under", "below"],
        _Bound.ABOUT: [
            "about", "around", "some", "approximately", "approx", "roughly", "an estimated",
            "estimated", "circa", "ca", "c", "~", "some estimated", "an approximate",
        ],
        _Bound.NEARLY: ["nearly", "almost", "close to", "just short of"],
        _Bound.BETWEEN: ["between"],
        _Bound.FROM: ["from"],
    }.items()
    for phrase in phrases
}  # fmt: skip

_SUFFIXES: dict[tuple[str, ...], _Bound] = {
    ("or", "more"): _Bound.AT_LEAST,
    ("or", "over"): _Bound.AT_LEAST,
    ("and", "more"): _Bound.AT_LEAST,
    ("and", "above"): _Bound.AT_LEAST,
    ("or", "above"): _Bound.AT_LEAST,
    ("plus",): _Bound.AT_LEAST,
    ("+",): _Bound.AT_LEAST,
    ("or", "fewer"): _Bound.AT_MOST,
    ("or", "less"): _Bound.AT_MOST,
    ("at", "most"): _Bound.AT_MOST,
    ("or", "so"): _Bound.ABOUT,
    ("odd",): _Bound.AT_LEAST,
    ("-", "odd"): _Bound.AT_LEAST,
}

# Words before a figure that do not change it: "only five people", "the 42 survivors".
_NEUTRAL = ("the", "only", "just", "exactly", "all", "a total of", "total of")

_UNITS = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "day": "day", "days": "day",
    "week": "week", "weeks": "week", "month": "month", "months": "month", "year": "year",
    "years": "year", "decade": "decade", "decades": "decade", "percent": "percent",
    "%": "percent", "km": "km", "kilometres": "km", "kilometers": "km", "mile": "mile",
    "miles": "mile",
}  # fmt: skip

_RANGE_JOINS = {_Bound.BETWEEN: ("and",), _Bound.FROM: ("to",), None: ("-", "to")}


@attrs.frozen
class _Figure:
    """A figure as read, before hedges are applied: an interval with an optional point."""

    low: Fraction | float
    high: Fraction | float
    point: Fraction | float | None
    vague: bool = False
    unit: str | None = None
    scale: int = 1


def parse_quantity(
    text: str, *, policy: HedgePolicy | None = None, measure: Measure = Measure.COUNT
) -> Quantity:
    """Read a hedged figure from text into a `Quantity`.

    Understands figures in digits or words ("3,000", "fifty-two", "one
    hundred and forty"), ranges ("50-52", "between 47 and 52", "50 to 52"),
    lower and upper bounds ("no less than nine", "more than 140", "fewer than
    50", "up to 7"), approximations ("about", "some", "nearly", "~") and vague
    words ("dozens", "several hundred", "tens of thousands"), followed by
    words that do not change the figure ("34 people", "52 residents") or by
    a unit ("six-hour", "72-day", "3 decades").

    Strict bounds on whole figures become closed bounds on the next whole
    number, as counts are whole: "more than 140" is ``[141, ∞)`` and
    "fewer than 50" is ``[0, 49]``. Approximations and vague words are read
    by `policy` (`HedgePolicy.default()` unless given).

    With ``measure=Measure.MEASUREMENT`` the figure may be negative ("-3.5",
    "minus 12", "between -5 and 3"), an upper bound has no floor ("below 0"
    is ``(-∞, 0)``, "at most -2" ``(-∞, -2]``) and strict bounds stay strict,
    since a measurement need not be whole. A count (the default) refuses a
    negative figure.

    Raises `ParseError` naming the text when it cannot read it; it never
    guesses.

    >>> str(parse_quantity("no less than nine"))
    '≥ 9'
    """
    if not isinstance(text, str):
        raise ParseError(f"cannot read {text!r} as a quantity: expected text", text=repr(text))
    return _read_cached(text, policy or HedgePolicy.default(), measure)


@functools.lru_cache(maxsize=65_536)
def _read_cached(text: str, policy: HedgePolicy, measure: Measure) -> Quantity:
    """One reading per text and policy: a large file repeats the same figures many times."""
    return _QuantityReader(text, policy, measure).read()


class _QuantityReader:
    """One reading of one text; holds the position in its tokens."""

    def __init__(self, text: str, policy: HedgePolicy, measure: Measure) -> None:
        self.text = text
        self.policy = policy
        self.signed = measure is Measure.MEASUREMENT
        self.tokens = tokenize(text)
        self.position = 0

    def fail(self, reason: str) -> ParseError:
        return ParseError(f"cannot read {self.text!r} as a quantity: {reason}", text=self.text)

    def read(self) -> Quantity:
        if not self.tokens:
            raise self.fail("it is empty")
        # A hedge may open the text ("just short of 50") or follow a word that
        # changes nothing ("only about 50").
        prefix = self._match(_PREFIXES)
        if prefix is None:
            self._skip_neutral()
            prefix = self._match(_PREFIXES)
        self._skip_neutral()
        figure = self._read_figure_or_range(prefix)
        suffix = self._match(_SUFFIXES)
        if prefix in (_Bound.BETWEEN, _Bound.FROM):
            prefix = None
        if prefix is not None and suffix is not None and prefix is not suffix:
            raise self.fail("it hedges the figure twice in ways that disagree")
        figure = self._read_unit(figure)
        self._check_rest()
        return self._build(figure, prefix or suffix)

    # -- reading -------------------------------------------------------------

    def _peek(self, offset: int = 0) -> str:
        at = self.position + offset
        return self.tokens[at] if at < len(self.tokens) else ""

    def _match(self, phrases: dict[tuple[str, ...], _Bound]) -> _Bound | None:
        for phrase in sorted(phrases, key=len, reverse=True):
            if tuple(self.tokens[self.position : self.position + len(phrase)]) == phrase:
                self.position += len(phrase)
                if self._peek() == "." and phrase[-1] in ("approx", "ca", "c"):
                    self.position += 1
                return phrases[phrase]
        return None

    def _skip_neutral(self) -> None:
        for phrase in sorted(_NEUTRAL, key=len, reverse=True):
            words = phrase.split()
            if self.tokens[self.position : self.position + len(words)] == words:
                self.position += len(words)
                return
        # An article before a figure with a unit: "a six-hour invasion".
        if (
            self._peek() in ("a", "an")
            and self._peek(1) not in SCALES
            and read_number(self.tokens, self.position + 1)
        ):
            self.position += 1

    def _read_figure_or_range(self, prefix: _Bound | None) -> _Figure:
        first = self._read_figure()
        joins = _RANGE_JOINS.get(prefix, _RANGE_JOINS[None])
        odd = self._peek() == "-" and self._peek(1) == "odd"  # "50-odd" is no range
        if self._peek() in joins and not odd and (first.point is not None or prefix is not None):
            join = self._peek()
            self.position += 1
            second = self._read_figure()
            return self._range(first, second, join)
        if prefix in (_Bound.BETWEEN, _Bound.FROM):
            raise self.fail(f"'{prefix.value}' needs a second figure after '{joins[0]}'")
        return first

    def _range(self, first: _Figure, second: _Figure, join: str) -> _Figure:
        if first.vague or second.vague:
            raise self.fail(f"a range needs two figures on either side of {join!r}")
        low, high = first.low, second.high
        if first.scale == 1 and second.scale > 1 and low * second.scale <= high:
            # "between 2 and 3 million": the scale of the second figure carries back.
            low *= second.scale
        if low > high:
            raise self.fail(f"the range runs downwards, from {low} to {high}")
        return _Figure(low=low, high=high, point=None, unit=first.unit or second.unit)

    def _read_figure(self) -> _Figure:
        if self._peek() in _MINUS and read_number(self.tokens, self.position + 1) is not None:
            if not self.signed:
                raise self.fail(
                    "a count cannot be negative; declare the attribute with measure "
                    "'measurement' if its figures can be"
                )
            self.position += 1
            figure = self._read_figure()
            return attrs.evolve(figure, low=-figure.high, high=-figure.low, point=_negated(figure))
        number = read_number(self.tokens, self.position)
        if number is not None:
            value, self.position = number
            scale = SCALES.get(self.tokens[self.position - 1], 1)
            return self._read_unit(_Figure(low=value, high=value, point=value, scale=scale))
        return self._read_vague()

    def _read_vague(self) -> _Figure:
        if self._peek() in ("a", "an") and self._peek(1) in self.policy.vague:
            self.position += 1
        word = self._peek()
        if word not in self.policy.vague:
            if word and word.isalpha() and word not in NUMBER_WORDS:
                raise self.fail(
                    f"it does not start with a figure, a hedge such as 'at least', or a vague "
                    f"word of the {self.policy.name!r} hedge policy (found {word!r})"
                )
            raise self.fail("no figure found")
        self.position += 1
        term = self.policy.vague[word]
        scale = self._read_vague_scale()
        low, high = Fraction(term.low) * scale, term.high * scale
        if (
            scale > 1
            and not math.isinf(term.high)
            and float(term.high).is_integer()
            and term.high > term.low
        ):
            # "several hundred" reaches up to just below ten hundred.
            high = (term.high + 1) * scale - 1
        point = None if term.point is None else Fraction(term.point) * scale
        if self._peek() == "of" and self._peek(1) in _UNITS:
            self.position += 1  # "a couple of days"
        return self._read_unit(_Figure(low=low, high=high, point=point, vague=True))

    def _read_vague_scale(self) -> int:
        """The scale after a vague word: "several hundred", "tens of thousands"."""
        scale = 1
        if self._peek() in SCALES or self._peek()[:-1] in SCALES:
            # "several hundred" and "many thousands" alike.
            scale = SCALES.get(self._peek(), SCALES.get(self._peek()[:-1], 1))
            self.position += 1
        elif self._peek() == "of" and self._peek(1) in ("hundreds", "thousands", "millions"):
            scale = SCALES[self._peek(1)[:-1]]
            self.position += 2
        return scale

    def _read_unit(self, figure: _Figure) -> _Figure:
        if figure.unit is not None:
            return figure
        hyphen = 1 if self._peek() == "-" else 0
        unit = _UNITS.get(self._peek(hyphen))
        if unit is None:
            return figure
        self.position += hyphen + 1
        return attrs.evolve(figure, unit=unit)

    def _check_rest(self) -> None:
        for token in self.tokens[self.position :]:
            if is_digits(token) or token in NUMBER_WORDS or token in self.policy.vague:
                raise self.fail(
                    f"it holds more than one figure ({token!r} follows the first); "
                    "give each figure its own claim"
                )

    # -- building ------------------------------------------------------------

    def _build(self, figure: _Figure, bound: _Bound | None) -> Quantity:
        whole = all(_is_whole(value) for value in (figure.low, figure.high))
        if bound is None:
            hedge = (
                Hedge.VAGUE
                if figure.vague
                else (Hedge.EXACT if figure.point is not None else Hedge.RANGE)
            )
            return _quantity(
                figure.low, figure.high, point=figure.point, hedge=hedge, unit=figure.unit
            )
        if bound is _Bound.AT_LEAST:
            return _quantity(figure.low, math.inf, hedge=Hedge.AT_LEAST, unit=figure.unit)
        if self.signed:
            bounded = self._build_signed_bound(figure, bound)
            if bounded is not None:
                return bounded
        if bound is _Bound.MORE_THAN:
            if whole:
                return _quantity(figure.high + 1, math.inf, hedge=Hedge.MORE_THAN, unit=figure.unit)
            return _quantity(
                figure.high, math.inf, low_open=True, hedge=Hedge.MORE_THAN, unit=figure.unit
            )
        if bound is _Bound.AT_MOST:
            return _quantity(0, figure.high, hedge=Hedge.AT_MOST, unit=figure.unit)
        if bound is _Bound.FEWER_THAN:
            if figure.low == 0:
                raise self.fail("nothing is fewer than zero")
            if whole:
                return _quantity(0, figure.low - 1, hedge=Hedge.FEWER_THAN, unit=figure.unit)
            return _quantity(
                0, figure.low, high_open=True, hedge=Hedge.FEWER_THAN, unit=figure.unit
            )
        return self._approximate(figure, nearly=bound is _Bound.NEARLY, whole=whole)

    def _build_signed_bound(self, figure: _Figure, bound: _Bound) -> Quantity | None:
        """A bound on a measurement: no floor at zero, and a strict bound stays strict."""
        unit = figure.unit
        if bound is _Bound.MORE_THAN:
            return _quantity(figure.high, math.inf, low_open=True, hedge=Hedge.MORE_THAN, unit=unit)
        if bound is _Bound.AT_MOST:
            return _quantity(-math.inf, figure.high, hedge=Hedge.AT_MOST, unit=unit)
        if bound is _Bound.FEWER_THAN:
            return _quantity(
                -math.inf, figure.low, high_open=True, hedge=Hedge.FEWER_THAN, unit=unit
            )
        return None

    def _approximate(self, figure: _Figure, *, nearly: bool, whole: bool) -> Quantity:
        if figure.vague or figure.point is None:
            # "about a dozen", "some hundreds": the vague word is already approximate.
            hedge = Hedge.VAGUE if figure.vague else Hedge.APPROXIMATE
            return _quantity(
                figure.low, figure.high, point=figure.point, hedge=hedge, unit=figure.unit
            )
        point = Fraction(figure.point)
        low, high = self.policy.around(point)
        if point < 0:
            # The tolerance is a share of the figure's size, on either side of it.
            low, high = 2 * point - low, 2 * point - high
        if nearly:
            # "nearly 50" stops short of 50, "nearly -10" short of -10: on the side of zero.
            low, high = (point, high) if point < 0 else (low, point)
        if whole:
            low, high = Fraction(math.floor(low)), Fraction(math.ceil(high))
        return _quantity(low, high, point=point, hedge=Hedge.APPROXIMATE, unit=figure.unit)


_MINUS = ("-", "minus")
"""Words before a figure that make it negative (a measurement's only)."""


def _negated(figure: _Figure) -> Fraction | float | None:
    return None if figure.point is None else -figure.point


def _is_whole(value: Fraction | float) -> bool:
    return not math.isinf(value) and float(value).is_integer()


def _number(value: Fraction | float) -> float:
    """Whole figures as int (so 52 prints as 52), others as float."""
    if isinstance(value, float) and math.isinf(value):
        return value
    return int(value) if _is_whole(value) else float(value)


def _quantity(
    low: Fraction | float,
    high: Fraction | float,
    *,
    point: Fraction | float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    hedge: Hedge,
    unit: str | None,
) -> Quantity:
    return Quantity(
        low=_number(low),
        high=_number(high),
        low_open=low_open or math.isinf(low),
        high_open=high_open or math.isinf(high),
        point=None if point is None else _number(point),
        hedge=hedge,
        unit=unit,
    )
