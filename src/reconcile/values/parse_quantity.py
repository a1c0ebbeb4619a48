"""`parse_quantity`: read hedged figures such as "no less than nine" or "some 3,000"."""

from __future__ import annotations

import enum
import functools
import math
from fractions import Fraction

import attrs

from reconcile.errors import ParseError
from reconcile.values.hedges import HedgePolicy
from reconcile.values.lexicon import figure_tokens
from reconcile.values.numbers import (
    NUMBER_WORDS,
    SCALES,
    FigureOutOfRangeError,
    is_digits,
    read_number,
    read_ordinal,
)
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
_NEUTRAL = (
    "the", "only", "just", "exactly", "all", "a total of", "total of", "likely", "probably",
    "reportedly",
)  # fmt: skip

_UNITS = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "day": "day", "days": "day",
    "week": "week", "weeks": "week", "month": "month", "months": "month", "year": "year",
    "years": "year", "decade": "decade", "decades": "decade", "percent": "percent",
    "%": "percent", "km": "km", "kilometres": "km", "kilometers": "km", "mile": "mile",
    "miles": "mile",
}  # fmt: skip

_RANGE_JOINS = {_Bound.BETWEEN: ("and", "to", "-"), _Bound.FROM: ("to",), None: ("-", "to")}

# What a vague word can be a multiple of: "several hundred", "a few dozen", "several tens"
# (as French "quelques dizaines" and Russian "несколько десятков" say).
_VAGUE_SCALES = {**SCALES, "dozen": 12, "ten": 10}

Phrases = tuple[tuple[str, ...], ...]


def _phrases(*texts: str) -> Phrases:
    """Phrases as token tuples, longest first, so that the longest match wins."""
    return tuple(sorted({tuple(text.split()) for text in texts}, key=len, reverse=True))


# A denial in words: the figure is zero. Longest phrases first, at the start of the text.
_DENIALS = _phrases(
    "no casualties", "no deaths", "no dead", "no injuries", "no injured", "no fatalities",
    "no victims", "no one", "no-one", "nobody", "none", "there were no", "there was no",
    "there had been no", "there have been no", "there has been no", "denied any",
    "denies any", "deny any", "denied there were any", "without casualties", "no killed",
    "no wounded",
)  # fmt: skip

# A running count ("so far 12 have died", "the toll has risen to 40") is a lower bound: the
# count may still rise. Lead words may come before the phrase that makes it one.
_RUNNING = _phrases(
    "so far", "thus far", "to date", "until now", "up to now", "as of now", "risen to",
    "rose to", "climbed to", "increased to", "jumped to", "reached", "has reached",
)  # fmt: skip
_RUNNING_LEAD = frozenset(
    [
        "the",
        "death",
        "toll",
        "number",
        "of",
        "dead",
        "killed",
        "casualties",
        "casualty",
        "fatalities",
        "victims",
        "has",
        "had",
        "have",
        "now",
        "already",
        "officially",
        "tally",
        "count",
        "injured",
        "wounded",
    ]
)
_TRAILING_RUNNING = _phrases("so far", "thus far", "to date", "until now", "up to now")

# An addition ("another 20") or a remainder ("the other 15") counts part of the whole.
_PARTIAL_BEFORE = _phrases(
    "another", "a further", "an additional", "further", "additional", "the other",
    "the remaining", "the rest of the", "other",
)  # fmt: skip

# Whom a sum adds up: "three men and two women" is five people, but "52 killed and 318
# wounded" are two figures of two attributes, which is an error.
_GROUPS = frozenset(
    [
        "men",
        "women",
        "children",
        "boys",
        "girls",
        "civilians",
        "soldiers",
        "policemen",
        "policewomen",
        "police",
        "officers",
        "fighters",
        "militants",
        "members",
        "residents",
        "people",
        "persons",
        "adults",
        "minors",
        "infants",
        "babies",
        "journalists",
        "doctors",
        "nurses",
        "patients",
        "staff",
        "rebels",
        "troops",
        "guards",
        "workers",
        "students",
        "refugees",
        "prisoners",
        "detainees",
        "man",
        "woman",
        "child",
        "boy",
        "girl",
        "civilian",
        "soldier",
        "policeman",
        "officer",
        "fighter",
        "militant",
        "member",
        "resident",
        "person",
        "adult",
        "minor",
        "infant",
        "baby",
        "journalist",
        "doctor",
        "nurse",
        "patient",
        "rebel",
        "guard",
        "worker",
        "student",
        "refugee",
        "prisoner",
        "detainee",
    ]
)

# A breakdown names part of the total: "20 dead, 5 of them children", "including 5 women".
_BREAKDOWN_BEFORE = _phrases("including", "among them", "among whom", "of them", "of whom")
_BREAKDOWN_AFTER = _phrases("of them", "of whom", "among them", "among whom")
_LINKING_WORDS = frozenset({"were", "was", "are", "is", "being", "of", "them", "whom"})
_SEPARATORS = frozenset({",", "-", ";", "(", ":"})
# Who a group is, by age, is no second figure: "32 children under the age of 10".
_AGE_CLAUSES = _phrases(
    "under the age of", "over the age of", "aged under", "aged over", "under", "over"
)
_AGE_UNITS = frozenset({"years", "year", "old"})
_TRAILING_BOUNDS = {
    ("at", "least"): _Bound.AT_LEAST,
    ("at", "most"): _Bound.AT_MOST,
    ("about",): _Bound.ABOUT,
}


def _match_phrase(tokens: list[str], position: int, phrases: Phrases) -> int:
    """The length of the longest phrase of `phrases` at `position`, or 0."""
    first = tokens[position] if position < len(tokens) else ""
    for phrase in phrases:
        if phrase[0] == first and tuple(tokens[position : position + len(phrase)]) == phrase:
            return len(phrase)
    return 0


@attrs.frozen(kw_only=True)
class QuantityReading:
    """What a figure's text says, beyond its `quantity`.

    `running` is set for a running count ("so far 12", "the toll has risen
    to 40", "the fifth victim") and `partial` for an addition or remainder
    ("another 20", "the other 15"): both are read as lower bounds, as the
    whole is at least what they count. `denial` is set for a denial in words
    ("nobody was hurt"), read as zero. `parts` holds the breakdown of the
    total, each with whom it counts: "20 dead, 5 of them children" is 20 with
    the part ("children", 5), and "three men and two women" is 5 with the
    parts ("men", 3) and ("women", 2).
    """

    quantity: Quantity
    parts: tuple[tuple[str, Quantity], ...] = ()
    running: bool = False
    partial: bool = False
    denial: bool = False


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
    return read_quantity(text, policy=policy, measure=measure).quantity


def read_quantity(
    text: str, *, policy: HedgePolicy | None = None, measure: Measure = Measure.COUNT
) -> QuantityReading:
    """Read a figure's text into its `Quantity` and what else the text says of it.

    Reads everything `parse_quantity` reads, in English and in the languages
    of `reconcile.values.lexicon` (Arabic, Persian, French, German, Dutch,
    Russian, Ukrainian, Portuguese, Spanish, Polish, Greek, Slovenian; in
    Western, Arabic-Indic or Persian digits), and says whether
    the figure is a running count, a part (an addition or a remainder) or a
    denial, and how the text breaks it down (see `QuantityReading`).

    >>> reading = read_quantity("20 dead, 5 of them children")
    >>> str(reading.quantity), [(who, str(part)) for who, part in reading.parts]
    ('20', [('children', '5')])
    """
    if not isinstance(text, str):
        raise ParseError(f"cannot read {text!r} as a quantity: expected text", text=repr(text))
    return _read_cached(text, policy or HedgePolicy.default(), measure)


@functools.lru_cache(maxsize=65_536)
def _read_cached(text: str, policy: HedgePolicy, measure: Measure) -> QuantityReading:
    """One reading per text, policy and measure: a large file repeats the same figures."""
    try:
        return _QuantityReader(text, policy, measure).read()
    except FigureOutOfRangeError as error:
        raise ParseError(f"cannot read {text!r} as a quantity: {error}", text=text) from None


class _QuantityReader:
    """One reading of one text; holds the position in its tokens."""

    def __init__(self, text: str, policy: HedgePolicy, measure: Measure) -> None:
        self.text = text
        self.policy = policy
        self.signed = measure is Measure.MEASUREMENT
        self.tokens = figure_tokens(text)
        self.position = 0
        self.trailing: _Bound | None = None  # a hedge met among the total's words

    def fail(self, reason: str) -> ParseError:
        return ParseError(f"cannot read {self.text!r} as a quantity: {reason}", text=self.text)

    def read(self) -> QuantityReading:
        if not self.tokens:
            raise self.fail("it is empty")
        if self._read_denial():
            return QuantityReading(quantity=Quantity.exact(0), denial=True)
        running = self._read_running()
        ordinal = read_ordinal(self.tokens, self.position + (self._peek() == "the"))
        if ordinal is not None:
            # "the fifth victim": at least five.
            self.position = ordinal[1]
            self._check_rest()
            quantity = _quantity(ordinal[0], math.inf, hedge=Hedge.AT_LEAST, unit=None)
            return QuantityReading(quantity=quantity, running=True)
        partial = self._skip(_PARTIAL_BEFORE)
        # A hedge may open the text ("just short of 50") or follow a word that
        # changes nothing ("only about 50").
        prefix = self._match(_PREFIXES)
        if prefix is None:
            self._skip_neutral()
            prefix = self._match(_PREFIXES)
        if prefix is not None and self._peek() == ",":
            self.position += 1  # "По меньшей мере, 90"
        self._skip_neutral()
        figure = self._read_figure_or_range(prefix)
        summed = self._read_sum(figure, prefix)
        if prefix in (_Bound.BETWEEN, _Bound.FROM):
            prefix = None
        suffix = None
        if summed is None:
            suffix = self._match(_SUFFIXES)
            if prefix is not None and suffix is not None and prefix is not suffix:
                raise self.fail("it hedges the figure twice in ways that disagree")
            figure = self._read_unit(figure)
        self.trailing = None
        parts = self._read_breakdown(figure.high if summed is None else summed[0].high)
        trailing, running_after = self._read_trailing()
        trailing = trailing or self.trailing
        bound = prefix or suffix
        if trailing is not None and bound is not None and trailing is not bound:
            raise self.fail("it hedges the figure twice in ways that disagree")
        self._check_rest()
        if summed is not None:
            if trailing is not None:
                raise self.fail("a hedge after a sum does not say which figure it hedges")
            quantity, parts = summed[0], summed[1] + parts
        else:
            quantity = self._build(figure, bound or trailing)
        running = running or running_after
        if running:
            quantity = _lower_bound(quantity)
        return QuantityReading(quantity=quantity, parts=parts, running=running, partial=partial)

    # -- the forms of real reporting -----------------------------------------

    def _skip(self, phrases: Phrases) -> bool:
        """Step over a phrase of `phrases` if one starts here; say whether one did."""
        length = _match_phrase(self.tokens, self.position, phrases)
        self.position += length
        return length > 0

    def _read_denial(self) -> bool:
        """Whether the text is a denial in words: "nobody was hurt", "no casualties"."""
        length = _match_phrase(self.tokens, 0, _DENIALS)
        if not length:
            return False
        self.position = len(self.tokens)
        for token in self.tokens[length:]:
            if is_digits(token) or (token in NUMBER_WORDS and token != "zero"):
                raise self.fail("it denies any figure and gives one; give each its own claim")
        return True

    def _read_running(self) -> bool:
        """Step over "the toll has risen to" or "so far"; say whether the count is running."""
        position = self.position
        running = False
        while position < len(self.tokens):
            length = _match_phrase(self.tokens, position, _RUNNING)
            if length:
                running = True
                position += length
            elif self.tokens[position] in _RUNNING_LEAD and not running:
                position += 1
            else:
                break
        if running:
            self.position = position
        return running

    def _read_sum(
        self, first: _Figure, bound: _Bound | None
    ) -> tuple[Quantity, tuple[tuple[str, Quantity], ...]] | None:
        """Read "three men and two women" as 5, each figure a part naming whom it counts.

        Each figure may be hedged: "more than 32 children and over 60 adults" is at least
        33 + 61 = 94. None when the text is no sum of groups of people.
        """
        start = self.position
        noun = self._group_ahead()
        if noun is None or (first.point is None and bound is None):
            self.position = start
            return None
        if bound in (_Bound.BETWEEN, _Bound.FROM):
            bound = None
        items = [(noun, self._build(first, bound))]
        while self._peek() in ("and", ","):
            after_join = self.position
            self.position += 1
            part_bound = self._match(_PREFIXES)
            if part_bound is None and self._peek() in ("a", "an") and self._peek(1) in _GROUPS:
                self.position += 1  # "and a child": one
                part = _Figure(low=Fraction(1), high=Fraction(1), point=Fraction(1))
            elif read_number(self.tokens, self.position) is None:
                self.position = after_join
                break
            else:
                part = self._read_figure()
            noun = self._group_ahead()
            if noun is None:
                self.position = start
                return None
            items.append((noun, self._build(part, part_bound)))
        if len(items) < 2:
            self.position = start
            return None
        return _sum([quantity for _, quantity in items]), tuple(items)

    def _group_ahead(self) -> str | None:
        """The group a figure counts, within the next few words, and the position after them.

        "12 miembros de la ONG y 7 pacientes": the group is "members"; the words after it,
        up to the next "and" or comma, go with it.
        """
        for offset in range(4):
            word = self._peek(offset)
            if word in _GROUPS:
                self.position += offset + 1
                for _ in range(4):
                    after = self._peek()
                    if not after or after in ("and", ",") or is_digits(after):
                        break
                    if after in NUMBER_WORDS:
                        return None
                    self.position += 1
                return word
            if not (word.isalpha() or word == "-") or word in ("and", "or", "of"):
                return None
        return None

    def _noun_here(self) -> str | None:
        """The word at the current position, if it can name whom a figure counts."""
        word = self._peek()
        if not word.isalpha() or word in NUMBER_WORDS or word in self.policy.vague:
            return None
        if word in ("and", "or", "to", "of", "plus", "odd", "so", "at"):
            return None
        return word

    def _read_breakdown(self, total: Fraction | float) -> tuple[tuple[str, Quantity], ...]:
        """Read ", 5 of them children" or "including 5 women" after the total (at most `total`)."""
        parts: list[tuple[str, Quantity]] = []
        while True:
            self._skip_total_words()
            after_words = self.position
            if self._peek() in _SEPARATORS:
                self.position += 1
            if not self._at_breakdown():
                self.position = after_words
                return tuple(parts)
            parts.append(self._read_part(total))
            # "including 5 children and 3 women": more parts, without the marker.
            while self._peek() in ("and", ",") and read_number(self.tokens, self.position + 1):
                self.position += 1
                parts.append(self._read_part(total))

    def _skip_total_words(self) -> None:
        """Step over the words of the total ("20 dead", "32 children under the age of 10").

        A hedge among them ("50 morts au moins") is kept for the total.
        """
        while True:
            bound = next(
                (found for words, found in _TRAILING_BOUNDS.items() if self._at(words)), None
            )
            age = _match_phrase(self.tokens, self.position, _AGE_CLAUSES)
            if bound is not None:
                self.trailing = bound
                self.position += 1 if bound is _Bound.ABOUT else 2
            elif age and read_number(self.tokens, self.position + age) is not None:
                # "under the age of 10", "unter zehn Jahren": whom, not how many.
                end = read_number(self.tokens, self.position + age)
                assert end is not None
                self.position = end[1] + (self._peek(end[1] - self.position) in _AGE_UNITS)
            elif self._noun_here() is not None and not self._at_breakdown():
                self.position += 1
            else:
                return

    def _at(self, words: tuple[str, ...]) -> bool:
        return tuple(self.tokens[self.position : self.position + len(words)]) == words

    def _at_breakdown(self) -> bool:
        if _match_phrase(self.tokens, self.position, _BREAKDOWN_BEFORE):
            return True
        start = self.position
        self._match(_PREFIXES)  # "at least 426 of whom were children"
        number = read_number(self.tokens, self.position)
        self.position = start
        return number is not None and bool(_match_phrase(self.tokens, number[1], _BREAKDOWN_AFTER))

    def _read_part(self, total: Fraction | float) -> tuple[str, Quantity]:
        self._skip(_BREAKDOWN_BEFORE)
        bound = self._match(_PREFIXES)
        part = self._read_figure()
        self._skip(_BREAKDOWN_AFTER)
        while self._peek() in _LINKING_WORDS:
            self.position += 1
        who = self._noun_here()
        if who is None:
            raise self.fail("a part of the total needs a word saying whom it counts")
        self.position += 1
        while self._noun_here() is not None and self._peek() != "and":
            self.position += 1  # "neuf employés de MSF"
        if part.low > total:
            raise self.fail(f"the part {who!r} counts more than the whole")
        return who, self._build(part, bound)

    def _read_trailing(self) -> tuple[_Bound | None, bool]:
        """A hedge or running count after the figure's words: "50 people at least", "12 so far"."""
        bound: _Bound | None = None
        running = False
        for position in range(self.position, len(self.tokens)):
            for words, found in _TRAILING_BOUNDS.items():
                if tuple(self.tokens[position : position + len(words)]) == words:
                    bound = found
            if _match_phrase(self.tokens, position, _TRAILING_RUNNING):
                running = True
        return bound, running

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
        """The scale after a vague word: "several hundred", "tens of thousands", "a few dozen"."""
        scale = 1
        if self._peek() in _VAGUE_SCALES or self._peek()[:-1] in _VAGUE_SCALES:
            # "several hundred" and "many thousands" alike; "a few dozen" is a few twelves.
            scale = _VAGUE_SCALES.get(self._peek(), _VAGUE_SCALES.get(self._peek()[:-1], 1))
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


def _sum(quantities: list[Quantity]) -> Quantity:
    """The total of some counts: the sums of their ends, exact only when each part is."""
    low = sum(quantity.low for quantity in quantities)
    high = sum(quantity.high for quantity in quantities)
    if all(quantity.hedge is Hedge.EXACT for quantity in quantities):
        return Quantity.exact(low)
    hedge = Hedge.AT_LEAST if math.isinf(high) else Hedge.RANGE
    return Quantity(low=low, high=high, hedge=hedge)


def _lower_bound(quantity: Quantity) -> Quantity:
    """What a running count or a part says of the whole: at least its lowest figure."""
    if not quantity.is_bounded:
        return quantity
    return Quantity(
        low=quantity.low,
        high=math.inf,
        low_open=quantity.low_open,
        hedge=Hedge.AT_LEAST if not quantity.low_open else Hedge.MORE_THAN,
        unit=quantity.unit,
    )


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
