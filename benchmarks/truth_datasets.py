"""Four public truth-discovery datasets as `reconcile` datasets, each with its gold standard.

The data is read where it lives, never copied into the project: from
``../shared/benchmarks/`` beside the repository's root, or from the folder the
environment variable ``RECONCILE_BENCHMARK_DATA`` names. The formats, the gold
standards and the reference figures are described in that folder's README.

Each loader returns a `Benchmark`: the `reconcile.Dataset`, the gold value of
every scored item ``{(event_id, attribute): value}``, and a function that
scores a method's answers ``{(event_id, attribute): best value}`` against the
gold. Every event is declared and every claim names its event by id, so no
mention needs clustering: `reconcile.DeclaredEvents` is the clusterer to pass to
`reconcile.reconcile` and `CRH.fit`. It gives the clusters the default
`MentionClusterer` gives, without walking every pair of undated events
first (18 million pairs for the birthplaces).

- `load_flights`: 100 flights, 4 clock times each, 38 websites (Li et al., PVLDB 2012).
- `load_books`: author lists of 1,265 books from AbeBooks sellers (Yin, Han & Yu, KDD 2007),
  scored on the 100 books of ``book_golden.txt``.
- `load_population`: city populations from Wikipedia edits (Pasternack & Roth 2010),
  scored on the 277 items that ``truth.csv`` matches.
- `load_birthplaces`: birthplaces in a place hierarchy (Jung, Kim & Shim, EDBT 2019).
"""

from __future__ import annotations

import csv
import html
import os
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

import pendulum

import reconcile
from reconcile import (
    AttributeSchema,
    Category,
    Claim,
    Dataset,
    Event,
    Polarity,
    Precision,
    Quantity,
    Source,
    Taxonomy,
    TimeSpan,
    ValueKind,
)

DATA_ENV = "RECONCILE_BENCHMARK_DATA"
"""The environment variable that points at the data when it is not beside the repository."""

Item = tuple[str, str]
"""An (event id, attribute) pair."""
Answer = Quantity | Category | TimeSpan | tuple[Category, ...] | None
"""What a method says of one item: a finding's best value, or None when it says nothing."""
Gold = str | int | frozenset[str] | tuple[str, ...]
"""A gold value: a clock time, a population, a set of author keys, a place path (leaf first)."""


class MissingDataError(FileNotFoundError):
    """The benchmark data is not where it should be."""


def data_root() -> Path:
    """The folder holding the four datasets: $RECONCILE_BENCHMARK_DATA, else ../shared/benchmarks.

    Raises `MissingDataError`, saying where it looked, when the folder or one
    of the dataset folders is missing.
    """
    configured = os.environ.get(DATA_ENV)
    root = (
        Path(configured)
        if configured
        else Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"
    )
    missing = [
        name
        for name in ("flights", "books", "population_gtm", "birthplaces")
        if not (root / name).is_dir()
    ]
    if missing:
        raise MissingDataError(
            f"the truth-discovery benchmark data is missing: looked for {', '.join(missing)} "
            f"in {root} ({'from $' + DATA_ENV if configured else 'beside the repository root'}); "
            f"set {DATA_ENV} to the folder that holds flights/, books/, population_gtm/ "
            "and birthplaces/"
        )
    return root


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Score:
    """How a method did on the gold items of one dataset.

    `correct` of `scored` gold items are right (an item the method says nothing
    of is wrong); `extra` holds other measures (``mae`` and ``median_ae`` for
    figures, ``on_path`` for places); `wrong` lists the items it got wrong.
    """

    correct: int
    scored: int
    extra: dict[str, float] = field(default_factory=dict)
    wrong: tuple[Item, ...] = ()

    @property
    def accuracy(self) -> float:
        """The share of gold items answered correctly."""
        return self.correct / self.scored if self.scored else 0.0


Scorer = Callable[[Mapping[Item, Answer]], Score]


class Benchmark(NamedTuple):
    """A loaded dataset: the reconcile dataset, the gold values, and the scoring function."""

    dataset: Dataset
    gold: dict[Item, Gold]
    score: Scorer


def answers(result: reconcile.Reconciliation) -> dict[Item, Answer]:
    """The best value of every finding of a reconciliation, by (event, attribute)."""
    return {(finding.event, finding.attribute): finding.best for finding in result.findings}


_ID_UNSAFE = re.compile(r"[^\w.:/@#+~-]+")


class _Ids:
    """Turns arbitrary names into distinct ids that `reconcile` accepts."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._taken: set[str] = set()

    def __call__(self, name: str) -> str:
        known = self._ids.get(name)
        if known is not None:
            return known
        base = _ID_UNSAFE.sub("_", name.strip()).strip("_") or "x"
        candidate, suffix = base, 2
        while candidate in self._taken:
            candidate, suffix = f"{base}~{suffix}", suffix + 1
        self._ids[name] = candidate
        self._taken.add(candidate)
        return candidate


def _lines(path: Path, limit: int | None, *, encoding: str = "utf-8") -> list[str]:
    """The lines of a file split on line feeds only (a NEL inside latin-1 text is not a break)."""
    text = path.read_bytes().decode(encoding)
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    return lines if limit is None else lines[:limit]


def _csv_rows(path: Path, limit: int | None) -> list[dict[str, str]]:
    """The rows of a CSV file with a header; `limit` counts data rows."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows: list[dict[str, str]] = []
        for row in reader:
            if limit is not None and len(rows) >= limit:
                break
            rows.append(row)
    return rows


# --------------------------------------------------------------------------- flights

FLIGHT_ATTRIBUTES = ("sched_dep_time", "act_dep_time", "sched_arr_time", "act_arr_time")

_CLOCK = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?![\d:])"
    r"\s*(?:(?P<noon>noon)|(?P<half>[aApP])(?:\.?\s?[mM]\b\.?)?)?"
)
_FLIGHT_DAY = pendulum.datetime(2011, 12, 1)
"""The day the flight data was crawled; every clock time is placed on it (see `load_flights`)."""


def normalise_time(raw: str) -> str | None:
    """The clock time a flight-time string gives, as ``HH:MM`` on a 24-hour clock.

    Dates ("12/02/2011", "Dec 02", "Fri 02-Dec-2011"), weekdays, remarks in
    parentheses ("(Estimated runway)", "(+8:00)") and status words ("Delayed")
    are dropped; "a.m."/"p.m."/"a"/"P" and "noon" turn 12-hour times into
    24-hour ones, and a time without them is read as 24-hour ("Thu  22:15").
    A string without a time ("Not Available", "Contact Airline", "") gives None.
    """
    text = re.sub(r"\([^)]*\)", " ", raw.replace("&nbsp", " "))
    match = _CLOCK.search(text)
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    if minute > 59 or hour > 23:
        return None
    if match["noon"]:
        if hour != 12:
            return None
    elif match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    return f"{hour:02d}:{minute:02d}"


def clock_span(clock: str) -> TimeSpan:
    """The minute a ``HH:MM`` clock time names, on the crawl day (see `load_flights`)."""
    hour, minute = (int(part) for part in clock.split(":"))
    return TimeSpan.of(_FLIGHT_DAY.add(hours=hour, minutes=minute), precision=Precision.MINUTE)


def _clock_of(answer: Answer) -> str | None:
    if isinstance(answer, Category):
        return answer.label
    if isinstance(answer, TimeSpan):
        return answer.start.format("HH:mm")
    return None


def load_flights(
    *,
    representation: Literal["timespan", "category"] = "timespan",
    limit: int | None = None,
    root: Path | None = None,
) -> Benchmark:
    """The flights of 1 December 2011: one event per flight, four clock times, 38 websites.

    Each non-empty cell of ``dirty.csv`` whose text holds a time is a claim
    of that source; cells without a time ("Not Available", "Contact
    Airline") are no claim. The gold is ``clean.csv``, normalised the same way.

    A time is a `TimeSpan` of minute precision by default: the minute it
    names, on the crawl day, so that the intersection strategy applies and
    two sources agree exactly when they give the same minute. The date some
    sources add is dropped, because the gold is a clock time only and most
    sources give none: an arrival after midnight ("12:15 a.m. Dec 02") is the
    same clock time as "12:15 a.m.", placed on the crawl day. Clock times are
    local to each airport and are kept as they are written, on a UTC day
    that only serves as a container. ``representation="category"`` makes each
    time the label ``"HH:MM"`` instead, for the weighted vote; the two differ
    only in how ties break (the intersection takes the earlier minute, the
    vote the label that sorts last).

    `limit` reads only the first `limit` rows of ``dirty.csv``; the gold then
    covers the flights those rows name.
    """
    folder = (root or data_root()) / "flights"
    rows = _csv_rows(folder / "dirty.csv", limit)
    gold_rows = _csv_rows(folder / "clean.csv", None)
    ids = _Ids()
    sources: dict[str, Source] = {}
    flights: dict[str, Event] = {}
    claims: list[Claim] = []
    for row in rows:
        source_id = ids(row["src"])
        sources.setdefault(source_id, Source(id=source_id, name=row["src"]))
        flight = row["flight"]
        flights.setdefault(flight, Event(id=ids(flight), label=flight, kind="flight"))
        for attribute in FLIGHT_ATTRIBUTES:
            clock = normalise_time(row[attribute])
            if clock is None:
                continue
            value: Category | TimeSpan = (
                clock_span(clock) if representation == "timespan" else Category(label=clock)
            )
            claims.append(
                Claim(
                    id=f"c{len(claims)}",
                    source=source_id,
                    event=flights[flight].id,
                    attribute=attribute,
                    value=value,
                    value_text=row[attribute],
                )
            )
    kind = ValueKind.TIMESPAN if representation == "timespan" else ValueKind.CATEGORY
    dataset = Dataset(
        sources=tuple(sources.values()),
        events=tuple(flights.values()),
        attributes=tuple(AttributeSchema(name=name, kind=kind) for name in FLIGHT_ATTRIBUTES),
        claims=claims,
    )
    gold: dict[Item, Gold] = {}
    for row in gold_rows:
        if row["flight"] not in flights:
            continue
        for attribute in FLIGHT_ATTRIBUTES:
            clock = normalise_time(row[attribute])
            if clock is None:
                raise ValueError(f"gold time {row[attribute]!r} of {row['flight']} has no time")
            gold[(flights[row["flight"]].id, attribute)] = clock

    def score(found: Mapping[Item, Answer]) -> Score:
        return _exact_score(gold, {item: _clock_of(answer) for item, answer in found.items()})

    return Benchmark(dataset, gold, score)


def _exact_score(gold: Mapping[Item, Gold], found: Mapping[Item, object]) -> Score:
    wrong = tuple(item for item, value in gold.items() if found.get(item) != value)
    return Score(correct=len(gold) - len(wrong), scored=len(gold), wrong=wrong)


# --------------------------------------------------------------------------- books

_NOT_AVAILABLE = re.compile(r"(?i)\s*(not available|n/?a|unknown|none|anonymous|various)?\s*")
_CREDIT = re.compile(
    r"(?i)[,;]?\s*(?:with\s+)?(?:an?\s+)?(?:new\s+)?"
    r"(?:foreword|preface|introduction|afterword|illustrations?|translated|illustrated)"
    r"s?\s+by\s+[^;()]*"
)
_ROLE = re.compile(r"\(([^()]*)\)")
_NON_AUTHOR_ROLE = re.compile(
    r"(?i)forew|\bfrw\b|preface|introd|illustr|translat|\btrn\b|photo|afterword"
)
_PREFIX = re.compile(r"(?i)^\s*(?:(?:edited|written|compiled)\s+)?by\s+")
_ET_AL = re.compile(r"(?i)\bet\.?\s*al\b\.?|\[?\bothers\b\]?|\band\s+others\b|\bph\.?\s?d\b\.?")
_SEPARATORS = re.compile(r"\s*(?:;|/|\||&|\n|\band\b|\bwith\b)\s*", re.IGNORECASE)
_CONCATENATED = re.compile(r"(?<=[A-Za-z])(?=[A-Z][a-z'\-]+,)")
_SUFFIXES = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "phd", "md", "dr", "prof", "mr", "mrs", "ms"}
    | {"editor", "editors", "ed", "eds", "edt", "author", "authors"}
)
_NAME_PREFIXES = frozenset(
    {"mc", "mac", "de", "di", "da", "du", "la", "le", "van", "von", "fitz", "st", "o'"}
)
"""Beginnings of family names written with a capital inside: McDonald, DeMarco, O'Neil."""
_AFFILIATION = re.compile(
    r"(?i)\b(?:universit\w*|college|institute|department|school|inc|corporation|laborator\w*)\b"
)
"""Words of an affiliation written after a name: "Thomas A. Sudkamp, Wright State University"."""
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "st"}
)
_WORD = re.compile(r"[a-z][a-z'\-]*")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _words(text: str) -> list[str]:
    """Lower-case name words; periods separate words ("W.Richard" is "w", "richard")."""
    return _WORD.findall(text.lower().replace(".", " "))


def _is_suffix(piece: str) -> bool:
    """Whether a comma piece is only a suffix or a role: "Jr.", "Ph.D.", "editor"."""
    words = _words(piece)
    return "".join(words) in _SUFFIXES or all(word in _SUFFIXES for word in words)


def _strip_suffixes(words: list[str]) -> list[str]:
    return [word for word in words if word not in _SUFFIXES]


def author_key(last: str, given: str) -> str:
    """The form two author names are compared in: ``"last, first"``, lower-case, no middle names.

    The family name keeps all its words ("van der aalst") and its hyphens and
    apostrophes; of the given names only the first is kept, without its
    period ("W. Richard" is "w"). A name without given names is the family
    name alone.
    """
    family = " ".join(_strip_suffixes(_words(last)))
    given_words = _strip_suffixes(_words(given))
    if not family:
        return ""
    return f"{family}, {given_words[0]}" if given_words else family


def _first_last(name: str) -> str:
    """The key of a name written given names first: "Elliotte Rusty Harold"."""
    words = _strip_suffixes(_words(name))
    if not words:
        return ""
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return author_key(" ".join(words[start:]), " ".join(words[:start]))


def _looks_given(piece: str) -> bool:
    """Whether a piece reads as given names: one name and initials ("Wil M. P.")."""
    words = _words(piece)
    return bool(words) and all(len(word) == 1 for word in words[1:])


def _split_chunk(chunk: str) -> list[str]:
    """The author keys of one chunk with no separator but commas."""
    pieces = [piece.strip() for piece in chunk.split(",")]
    pieces = [
        piece
        for piece in pieces
        if _words(piece) and not _is_suffix(piece) and not _AFFILIATION.search(piece)
    ]
    if not pieces:
        return []
    if len(pieces) == 1:
        words = _words(pieces[0])
        if len(words) in (4, 6) and all(len(w) > 1 and w not in _PARTICLES for w in words):
            # "Andrew Conry-Murray Vincent Weafer": two-word names run together.
            return [_first_last(" ".join(words[i : i + 2])) for i in range(0, len(words), 2)]
        # More than five words with no separator is several names run together: unreadable.
        return [_first_last(pieces[0])] if len(words) <= 5 else []
    counts = [len(_words(piece)) for piece in pieces]
    if all(count >= 2 for count in counts) and not (len(pieces) == 2 and _looks_given(pieces[1])):
        # "W. R. Stevens, Gary R. Wright": names written given names first.
        return [_first_last(piece) for piece in pieces]
    lasts = pieces[2::2]
    chained = len(pieces) % 2 == 1 and all(count >= 2 for count in counts[1:-1])
    if not chained and all(
        len(_words(piece)) == 1 or _words(piece)[0] in _PARTICLES for piece in lasts
    ):
        # "Huston, Stephen D., Johnson, James CE": family, given, family, given...
        keys = [author_key(pieces[i], pieces[i + 1]) for i in range(0, len(pieces) - 1, 2)]
        if len(pieces) % 2:
            keys.append(author_key(pieces[-1], ""))
        return keys
    # "HUSTON, STEPHEN D. JOHNSON, JAMES SYYID, UMAR": each piece after the first
    # ends with the next author's family name.
    keys = []
    family = pieces[0]
    for index, piece in enumerate(pieces[1:], start=1):
        words = _words(piece)
        if index == len(pieces) - 1 or len(words) < 2:
            keys.append(author_key(family, piece))
            family = ""
        else:
            keys.append(author_key(family, " ".join(words[:-1])))
            family = words[-1]
    return keys


def _split_concatenated(text: str) -> str:
    """Separate names run together: "Stevens, W. RichardWright, Gary R." (a seller's format).

    A break goes before a capitalised word followed by a comma, glued to the
    letter before it, when a comma has been seen since the last break and
    the glued part is not the start of a family name ("McDonald" stays whole).
    """
    parts: list[str] = []
    start = 0
    for match in _CONCATENATED.finditer(text):
        before = text[start : match.start()]
        glued = re.split(r"[\s,.;/]", before)[-1].lower()
        if "," in before and glued not in _NAME_PREFIXES:
            parts.append(text[start : match.start()])
            start = match.start()
    parts.append(text[start:])
    return "; ".join(parts)


def normalise_authors(raw: str) -> tuple[str, ...] | None:
    """The sorted, distinct author keys (see `author_key`) of a raw author-list string.

    Handles "Last, First" and "First Last" names, separated by ``;``, ``/``,
    ``&``, "and", commas between whole names, or nothing ("Stevens, W.
    RichardWright, Gary R."); drops role tags ("(Author)", "(Joint
    Author)"), the people a tag or a phrase credits with a foreword,
    preface, introduction, illustrations or translation, "et al." and
    suffixes ("Jr.", "Ph.D."). An empty string, "Not Available" and the like
    give None: no claim.
    """
    # Some sellers' HTML entities lost their "&" to "and": "Oandapos;Leary", "Harvey andamp; Paul".
    text = re.sub(r"and(amp|apos|quot|[a-z]acute|[a-z]uml|[a-z]grave);", r"&\1;", raw)
    text = _ascii(html.unescape(text)).strip()
    text = re.sub(r"(?<=[a-z])BR(?=[A-Z])", "; ", text)  # a line break tag without its <>
    if _NOT_AVAILABLE.fullmatch(text):
        return None
    text = _CREDIT.sub(" ", text)
    text = _ET_AL.sub(" ", text)
    keys: list[str] = []
    position = 0
    segments: list[tuple[str, str | None]] = []
    for match in _ROLE.finditer(text):
        segments.append((text[position : match.start()], match[1]))
        position = match.end()
    segments.append((text[position:], None))
    for segment, role in segments:
        found: list[str] = []
        for chunk in _SEPARATORS.split(_split_concatenated(_PREFIX.sub("", segment))):
            found.extend(_split_chunk(_PREFIX.sub("", chunk)))
        if role is not None and _NON_AUTHOR_ROLE.search(role) and found:
            found.pop()
        keys.extend(key for key in found if key)
    unique = tuple(sorted(set(keys)))
    return unique or None


def gold_authors(text: str) -> frozenset[str]:
    """The author keys of a gold line's authors: ``"aiken, peter ;  allen, m. david;"``."""
    keys: set[str] = set()
    for name in text.split(";"):
        if not name.strip():
            continue
        last, _, given = name.partition(",")
        keys.add(author_key(last, given))
    return frozenset(keys)


def _authors_of(answer: Answer) -> frozenset[str] | None:
    if isinstance(answer, Category):
        return frozenset(part.strip() for part in answer.label.split(";") if part.strip())
    if isinstance(answer, tuple):
        return frozenset(category.key for category in answer)
    return None


BookMode = Literal["set", "multi", "multi-closed"]


def load_books(
    *, mode: BookMode = "set", limit: int | None = None, root: Path | None = None
) -> Benchmark:
    """Author lists of books from AbeBooks sellers: one event per ISBN, attribute ``authors``.

    Each line of ``book.txt`` whose author string names someone is a claim
    of its seller (a seller listing a book twice with the same authors makes
    one claim). Names are normalised by `normalise_authors`.

    - ``mode="set"``: the author list is one `Category`, the sorted keys joined
      by ``"; "``, for a single-valued vote: a list is right or wrong as a whole.
    - ``mode="multi"``: ``authors`` is multi-valued and each listed author is
      one claim. Nothing stands against an author, so every author any
      seller names is kept (open world).
    - ``mode="multi-closed"``: as "multi", plus, for every seller that lists
      the book, a denial of each author other sellers name and it does not
      (closed world: a list is taken as complete), so an author is kept
      when more weight names them than leaves them out.

    The gold is ``book_golden.txt`` (100 books), keyed by `gold_authors`.
    `limit` reads only the first `limit` lines of ``book.txt``.
    """
    folder = (root or data_root()) / "books"
    ids = _Ids()
    sources: dict[str, Source] = {}
    books: dict[str, Event] = {}
    lists: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    for line in _lines(folder / "book.txt", limit):
        seller, isbn, title, raw = [*line.split("\t"), "", "", ""][:4]
        source_id = ids("seller:" + seller.strip())
        sources.setdefault(source_id, Source(id=source_id, name=seller.strip() or "?"))
        isbn = isbn.strip()
        books.setdefault(isbn, Event(id=isbn, label=title.strip() or isbn, kind="book"))
        authors = normalise_authors(raw)
        if authors is not None:
            lists[(isbn, source_id)].add(authors)
    claims: list[Claim] = []

    def claim(source_id: str, isbn: str, label: str, polarity: Polarity = Polarity.ASSERTS) -> None:
        claims.append(
            Claim(
                id=f"c{len(claims)}",
                source=source_id,
                event=isbn,
                attribute="authors",
                value=Category(label=label),
                polarity=polarity,
            )
        )

    if mode == "set":
        for (isbn, source_id), found in lists.items():
            for authors in sorted(found):
                claim(source_id, isbn, "; ".join(authors))
    else:
        named: dict[str, set[str]] = defaultdict(set)
        for (isbn, _), found in lists.items():
            named[isbn].update(key for authors in found for key in authors)
        for (isbn, source_id), found in lists.items():
            said = {key for authors in found for key in authors}
            for key in sorted(said):
                claim(source_id, isbn, key)
            if mode == "multi-closed":
                for key in sorted(named[isbn] - said):
                    claim(source_id, isbn, key, Polarity.DENIES)
    dataset = Dataset(
        sources=tuple(sources.values()),
        events=tuple(books.values()),
        attributes=(AttributeSchema(name="authors", kind=ValueKind.CATEGORY, multi=mode != "set"),),
        claims=claims,
    )
    gold: dict[Item, Gold] = {}
    for line in _lines(folder / "book_golden.txt", None):
        isbn, _, names = line.partition("\t")
        if isbn.strip() in books:
            gold[(isbn.strip(), "authors")] = gold_authors(names)

    def score(found: Mapping[Item, Answer]) -> Score:
        return _exact_score(gold, {item: _authors_of(answer) for item, answer in found.items()})

    return Benchmark(dataset, gold, score)


# --------------------------------------------------------------------------- population


def population_key(city: str, state: str, year: str) -> str:
    """The item of a ``truth.csv`` row as ``claims.tsv`` writes it: ``"city, state_YEAR"``."""
    return f"{city.strip()}, {state.strip()}_{year.strip()}"


def load_population(*, limit: int | None = None, root: Path | None = None) -> Benchmark:
    """City populations from Wikipedia edit histories: one event per "city, state_YEAR".

    Each line of ``claims.tsv`` (latin-1) is one editor's figure for one
    city-year, an exact `Quantity` of attribute ``population``. The gold is
    ``truth.csv`` joined on `population_key`; 277 of its 308 rows match an
    item. The score is exact-match accuracy, with the mean (``mae``) and
    median (``median_ae``) absolute error of the best figure.
    `limit` reads only the first `limit` lines of ``claims.tsv``.
    """
    folder = (root or data_root()) / "population_gtm"
    ids = _Ids()
    sources: dict[str, Source] = {}
    items: dict[str, Event] = {}
    claims: list[Claim] = []
    for line in _lines(folder / "claims.tsv", limit, encoding="latin-1"):
        item, editor, figure, _year = line.split("\t")
        source_id = ids(editor)
        sources.setdefault(source_id, Source(id=source_id, name=editor, kind=_editor_kind(editor)))
        items.setdefault(item, Event(id=ids("item:" + item), label=item, kind="city-year"))
        claims.append(
            Claim(
                id=f"c{len(claims)}",
                source=source_id,
                event=items[item].id,
                attribute="population",
                value=Quantity.exact(int(figure)),
            )
        )
    dataset = Dataset(
        sources=tuple(sources.values()),
        events=tuple(items.values()),
        attributes=(AttributeSchema(name="population", kind=ValueKind.QUANTITY),),
        claims=claims,
    )
    gold: dict[Item, Gold] = {}
    for line in _lines(folder / "truth.csv", None):
        city, state, year, figure = line.split(",")
        key = population_key(city, state, year)
        if key in items:
            gold[(items[key].id, "population")] = int(figure)

    def score(found: Mapping[Item, Answer]) -> Score:
        errors: list[float] = []
        wrong: list[Item] = []
        for item, truth in gold.items():
            answer = found.get(item)
            assert isinstance(truth, int)
            if not isinstance(answer, Quantity):
                wrong.append(item)
                continue
            figure = answer.point if answer.point is not None else answer.low
            errors.append(abs(figure - truth))
            if round(figure) != truth:
                wrong.append(item)
        extra = (
            {"mae": statistics.fmean(errors), "median_ae": statistics.median(errors)}
            if errors
            else {}
        )
        return Score(len(gold) - len(wrong), len(gold), extra, tuple(wrong))

    return Benchmark(dataset, gold, score)


def _editor_kind(editor: str) -> reconcile.SourceKind:
    # "contributor #0 (84.77.108.183)" is an anonymous edit from an IP address.
    return reconcile.SourceKind.OTHER if "(" in editor else reconcile.SourceKind.PERSON


# --------------------------------------------------------------------------- birthplaces


@dataclass(frozen=True)
class PlaceTree:
    """The place hierarchy of ``hierarchy.csv``: names, parents and the label of every node.

    A name that several nodes bear (Bombay under Maharashtra and under India;
    New York the city under New York the state) is labelled with the node id,
    ``"Bombay #6"``, so that each label is one node; other names are their own label.
    """

    names: dict[str, str]
    parents: dict[str, str]
    labels: dict[str, str]
    nodes_of: dict[str, tuple[str, ...]]

    @classmethod
    def read(cls, path: Path) -> PlaceTree:
        """Read the tree; the root ("Root", parent -1) is left out, so countries have no parent."""
        rows = _csv_rows(path, None)
        names = {row["ID"]: row["name"] for row in rows if row["parentID"] != "-1"}
        roots = {row["ID"] for row in rows if row["parentID"] == "-1"}
        parents = {
            row["ID"]: row["parentID"]
            for row in rows
            if row["ID"] in names and row["parentID"] not in roots
        }
        spelled: dict[str, list[str]] = defaultdict(list)
        for node, name in names.items():
            spelled[_place_key(name)].append(node)
        labels = {
            node: name if len(spelled[_place_key(name)]) == 1 else f"{name} #{node}"
            for node, name in names.items()
        }
        nodes_of = {key: tuple(sorted(nodes, key=int)) for key, nodes in spelled.items()}
        return cls(names=names, parents=parents, labels=labels, nodes_of=nodes_of)

    def ancestors(self, node: str) -> list[str]:
        """The nodes above `node`, nearest first."""
        found = []
        while node in self.parents:
            node = self.parents[node]
            found.append(node)
        return found

    def taxonomy(self) -> Taxonomy:
        """The tree as a `Taxonomy` of labels: each node's label specialises its parent's."""
        return Taxonomy(
            parents={
                self.labels[child]: self.labels[parent] for child, parent in self.parents.items()
            }
        )

    def resolve(self, name: str, context: Iterable[str]) -> str:
        """The node a claimed place name stands for, given the other names claimed for the person.

        A name borne by several nodes is read as the node on the same line
        (ancestor or descendant) as the most other claimed names, then the
        deepest, then the lowest id.
        """
        nodes = self.nodes_of[_place_key(name)]
        if len(nodes) == 1:
            return nodes[0]
        others = [self.nodes_of.get(_place_key(other), ()) for other in context]

        def fit(node: str) -> tuple[int, int, int]:
            line = {node, *self.ancestors(node)}
            agree = sum(
                any(
                    candidate in line or node in self.ancestors(candidate)
                    for candidate in candidates
                )
                for candidates in others
            )
            return agree, len(line), -int(node)

        return max(nodes, key=fit)


def _place_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _place_name(label: str) -> str:
    return re.sub(r" #\d+$", "", label)


def load_birthplaces(
    *, hierarchy: bool = True, limit: int | None = None, root: Path | None = None
) -> Benchmark:
    """Birthplaces of people: one event per person, attribute ``birthplace``, a `Category`.

    With `hierarchy` (the default) the attribute's `Taxonomy` is the place
    tree of ``hierarchy.csv`` (city -> state -> country), labels being the
    place names, or "name #id" for a name several places bear; a claimed
    name several places bear is resolved by `PlaceTree.resolve`. Without
    it, labels are the plain names and unrelated.

    The score is leaf-exact: the best value names the leaf (first place) of
    the gold path. ``on_path`` in `Score.extra` is the share of items whose
    best value lies anywhere on the gold path: a claim of an ancestor of the
    truth is less specific, not wrong. `limit` reads only the first `limit`
    rows of ``claims.csv``.
    """
    folder = (root or data_root()) / "birthplaces"
    rows = _csv_rows(folder / "claims.csv", limit)
    tree = PlaceTree.read(folder / "hierarchy.csv")
    ids = _Ids()
    people: dict[str, Event] = {}
    sources: dict[str, Source] = {}
    said: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        said[row["obj"]].append(row["value"])
    claims: list[Claim] = []
    for row in rows:
        person, place = row["obj"], row["value"]
        source_id = ids("site:" + row["src"])
        sources.setdefault(source_id, Source(id=source_id, name=row["src"]))
        people.setdefault(person, Event(id=ids("person:" + person), label=person, kind="birth"))
        if hierarchy:
            context = [other for other in said[person] if other != place]
            label = tree.labels[tree.resolve(place, context)]
        else:
            label = place
        claims.append(
            Claim(
                id=f"c{len(claims)}",
                source=source_id,
                event=people[person].id,
                attribute="birthplace",
                value=Category(label=label),
                value_text=place,
            )
        )
    schema = AttributeSchema(
        name="birthplace",
        kind=ValueKind.CATEGORY,
        taxonomy=tree.taxonomy() if hierarchy else None,
    )
    dataset = Dataset(
        sources=tuple(sources.values()),
        events=tuple(people.values()),
        attributes=(schema,),
        claims=claims,
    )
    gold: dict[Item, Gold] = {}
    for row in _csv_rows(folder / "groundtruths.csv", None):
        if row["obj"] in people:
            gold[(people[row["obj"]].id, "birthplace")] = tuple(row["value"].split(","))

    def score(found: Mapping[Item, Answer]) -> Score:
        wrong: list[Item] = []
        on_path = 0
        for item, path in gold.items():
            answer = found.get(item)
            assert isinstance(path, tuple)
            name = _place_key(_place_name(answer.label)) if isinstance(answer, Category) else None
            if name != _place_key(path[0]):
                wrong.append(item)
            if name in {_place_key(place) for place in path}:
                on_path += 1
        extra = {"on_path": on_path / len(gold)} if gold else {}
        return Score(len(gold) - len(wrong), len(gold), extra, tuple(wrong))

    return Benchmark(dataset, gold, score)


# --------------------------------------------------------------------------- baseline


def _order(value: Category | Quantity | TimeSpan) -> tuple[str, float, str]:
    if isinstance(value, Quantity):
        return ("", value.low, "")
    if isinstance(value, TimeSpan):
        return ("", 0.0, value.start.isoformat())
    return ("", 0.0, value.key)


def majority_vote(dataset: Dataset) -> dict[Item, Answer]:
    """The plain majority vote: for each item, the value the most claims assert.

    Every asserting claim counts one, whoever makes it (no weights, no
    independence); ties go to the smallest value: the lowest figure, the
    earliest time, the label first in alphabetical order. Multi-valued
    attributes are not voted on here.
    """
    counts: dict[Item, Counter[Category | Quantity | TimeSpan]] = defaultdict(Counter)
    for claim in dataset.claims:
        schema = dataset.schema(claim.attribute)
        if (
            claim.polarity is Polarity.ASSERTS
            and claim.value is not None
            and not (schema and schema.multi)
        ):
            counts[(claim.event or "", claim.attribute)][claim.value] += 1
    return {
        item: min(tally, key=lambda value: (-tally[value], _order(value)))
        for item, tally in counts.items()
    }


def iter_benchmarks() -> Iterator[tuple[str, str, Callable[[], Benchmark]]]:
    """Every dataset variant the quality benchmark runs: (dataset, variant, loader)."""
    yield "flights", "time span", lambda: load_flights(representation="timespan")
    yield "flights", "category", lambda: load_flights(representation="category")
    yield "books", "author set", lambda: load_books(mode="set")
    yield "books", "multi, open world", lambda: load_books(mode="multi")
    yield "books", "multi, closed world", lambda: load_books(mode="multi-closed")
    yield "population_gtm", "quantity", load_population
    yield "birthplaces", "hierarchy", lambda: load_birthplaces(hierarchy=True)
    yield "birthplaces", "flat labels", lambda: load_birthplaces(hierarchy=False)


__all__: Sequence[str] = (
    "DATA_ENV",
    "Answer",
    "Benchmark",
    "Gold",
    "Item",
    "MissingDataError",
    "PlaceTree",
    "Score",
    "answers",
    "author_key",
    "clock_span",
    "data_root",
    "gold_authors",
    "iter_benchmarks",
    "load_birthplaces",
    "load_books",
    "load_flights",
    "load_population",
    "majority_vote",
    "normalise_authors",
    "normalise_time",
    "population_key",
)
