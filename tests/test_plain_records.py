"""The fast paths of loading against the general path: the same dataset, or the same problems.

`reconcile.io.plain_records` reads plain records with each distinct text read
once; the general path reads every record in full. Every test here loads the
same files both ways (``FAST_PATHS`` off for the general path) and requires
equal outcomes, down to the repr of every value (2 and 2.0 are equal numbers
but not the same text), or the same problems with the same file, line,
record and field. The hand-made cases also check the values themselves, so
that a cache keyed on too little fails them even if both paths shared it.
"""

from __future__ import annotations

import functools
import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pendulum
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from reconcile import Dataset, DatasetError, Quantity, TimeSpan, load
from reconcile.io import documents
from reconcile.io.plain_records import PlainRecords
from reconcile.io.plain_yaml import block_data
from reconcile.model.schema import standard_attributes
from reconcile.values.hedges import HedgePolicy
from reconcile.values.timespan import Precision

SOURCES = """\
sources:
- {id: s1, timezone: Asia/Baghdad}
- {id: s2}
- {id: s3, timezone: America/New_York}
- {id: s4, kind: outlet, affiliation: Wire, name: The Wire}
events:
- {id: e1, label: Attack}
attributes:
- {name: killed, kind: quantity}
- {name: date, kind: timespan}
- {name: perpetrator, kind: category}
- {name: change, kind: quantity, measure: measurement}
"""


@contextmanager
def general_path_only() -> Iterator[None]:
    """Turn the fast paths off, as they were before they existed."""
    documents.FAST_PATHS = False
    try:
        yield
    finally:
        documents.FAST_PATHS = True


def outcome(path: Path, sources: Path | None) -> tuple[str, Any]:
    """What `load` makes of the files: the dataset (as the repr of every record) or the problems."""
    try:
        dataset = load(path, sources=sources)
    except DatasetError as error:
        return "refused", [repr(problem) for problem in error.problems]
    return "loaded", _record_reprs(dataset)


def _record_reprs(dataset: Dataset) -> list[str]:
    sections = ("sources", "events", "attributes", "claims", "places")
    return [repr(dataset.timezone)] + [
        repr(record) for name in sections for record in getattr(dataset, name)
    ]


def both_ways(path: Path, sources: Path | None = None) -> tuple[str, Any]:
    """The outcome of the fast paths, after checking that the general path's is the same."""
    fast = outcome(path, sources)
    with general_path_only():
        general = outcome(path, sources)
    assert fast == general
    return fast


def write_jsonl(folder: Path, records: list[Any], sources: str = SOURCES) -> tuple[Path, Path]:
    claims, sources_path = folder / "claims.jsonl", folder / "sources.yaml"
    claims.write_text("".join(json.dumps(record) + "\n" for record in records), "utf-8")
    sources_path.write_text(sources, "utf-8")
    return claims, sources_path


def claim(number: int, **fields: Any) -> dict[str, Any]:
    return {"id": f"c{number}", "source": "s2", "event": "e1", "attribute": "killed", **fields}


def test_a_relative_date_is_read_against_each_claims_own_publication_date(tmp_path: Path) -> None:
    records = [
        claim(1, attribute="date", value="yesterday", published="2013-09-02"),
        claim(2, attribute="date", value="yesterday", published="2013-09-05"),
        claim(3, attribute="date", value="yesterday", published="2013-09"),  # a month: both ends
        claim(4, mention={"label": "Attack", "when": "yesterday"}, value=1, published="2013-09-02"),
        claim(5, mention={"label": "Attack", "when": "yesterday"}, value=1, published="2013-09-05"),
    ]
    kind, _ = both_ways(*write_jsonl(tmp_path, records))
    assert kind == "loaded"
    claims = load(tmp_path / "claims.jsonl", sources=tmp_path / "sources.yaml").claims
    assert claims[0].value == TimeSpan.day(2013, 9, 1)
    assert claims[1].value == TimeSpan.day(2013, 9, 4)
    assert claims[2].value == TimeSpan.of(
        pendulum.datetime(2013, 8, 31), pendulum.datetime(2013, 9, 29), precision=Precision.DAY
    )
    whens = [claim.mention.when for claim in claims[3:] if claim.mention is not None]
    assert whens == [TimeSpan.day(2013, 9, 1), TimeSpan.day(2013, 9, 4)]


def test_clock_times_are_read_in_each_sources_own_zone(tmp_path: Path) -> None:
    # s1 is in Baghdad (+03:00), s3 in New York (-04:00 in September): the same words, two moments.
    records = [
        claim(1, source="s1", attribute="date", value="2013-09-01T10:00"),
        claim(2, source="s3", attribute="date", value="2013-09-01T10:00"),
        claim(3, source="s1", value=5, published="2013-09-02T10:00"),
        claim(4, source="s3", value=5, published="2013-09-02T10:00"),
        claim(5, source="s1", mention={"label": "Attack", "when": "4:40 a.m."}, value=1,
              published="2013-09-02"),
        claim(6, source="s3", mention={"label": "Attack", "when": "4:40 a.m."}, value=1,
              published="2013-09-02"),
    ]  # fmt: skip
    kind, _ = both_ways(*write_jsonl(tmp_path, records))
    assert kind == "loaded"
    claims = load(tmp_path / "claims.jsonl", sources=tmp_path / "sources.yaml").claims
    starts = [claim.value.start for claim in claims[:2] if isinstance(claim.value, TimeSpan)]
    assert starts == [pendulum.datetime(2013, 9, 1, 7, 0), pendulum.datetime(2013, 9, 1, 14, 0)]
    assert claims[2].published == pendulum.datetime(2013, 9, 2, 7, 0)
    assert claims[3].published == pendulum.datetime(2013, 9, 2, 14, 0)
    whens = [claim.mention.when for claim in claims[4:] if claim.mention is not None]
    assert [when.start for when in whens if when is not None] == [
        pendulum.datetime(2013, 9, 2, 1, 40),
        pendulum.datetime(2013, 9, 2, 8, 40),
    ]


def test_an_undated_relative_date_is_refused_after_a_dated_one_was_read(tmp_path: Path) -> None:
    records = [
        claim(1, attribute="date", value="yesterday", published="2013-09-02"),
        claim(2, attribute="date", value="yesterday"),
    ]
    kind, problems = both_ways(*write_jsonl(tmp_path, records))
    assert kind == "refused"
    (problem,) = problems
    assert "no reference date" in problem
    assert "record=1" in problem
    assert "field='value'" in problem


def test_equal_numbers_written_differently_stay_as_written(tmp_path: Path) -> None:
    records = [claim(1, value=2), claim(2, value=2.0), claim(3, value="2"), claim(4, value=2)]
    kind, _ = both_ways(*write_jsonl(tmp_path, records))
    assert kind == "loaded"
    claims = load(tmp_path / "claims.jsonl", sources=tmp_path / "sources.yaml").claims
    assert [repr(claim.value.low) for claim in claims if isinstance(claim.value, Quantity)] == [
        "2",
        "2.0",
        "2",
        "2",
    ]


def test_a_figure_is_read_by_its_attributes_measure(tmp_path: Path) -> None:
    # "below -5" is open below for a measurement, and no count can be negative.
    records = [claim(1, attribute="change", value="below -5"), claim(2, value="below -5")]
    kind, problems = both_ways(*write_jsonl(tmp_path, records))
    assert kind == "refused"
    (problem,) = problems
    assert "record=1" in problem
    assert "cannot be negative" in problem


# -- generated records, plain and hostile ----------------------------------------------------

_TEXTS = st.sampled_from(
    ["52", "no less than nine", "about 107", "dozens", "-5", "militia", "yesterday",
     "2013-09-01", "2013-09", "September 1", "4:40 a.m.", "2013-09-01T10:00", "", " ", "x\ny",
     "Iraqi forces", "{", "between July 28th and 29th, 2009"]
)  # fmt: skip
_NUMBERS = st.sampled_from(
    [52, 52.0, 0, -0.0, 0.0, -3, 2**53, 2**53 + 1, 1e300, 0.5, True, math.inf, math.nan]
)
_IDS = st.sampled_from(["s1", "s2", "s3", "s4", "nobody", "bad id", "", "s1>s2"])
_ODD = st.sampled_from([None, [], {}, 3, True, ["s1"], {"kind": "quantity", "low": 1, "high": 2}])
_PUBLISHED = st.sampled_from(
    ["2013-09-02", "2013", "2013-10", "2013-09-02T10:00", "2013-09-02T10:00+03:00", "9999-12-31",
     "9999", "0001-01-01", "2013-02-30", "soon", 2013, 20130, None]
)  # fmt: skip


@st.composite
def _mentions(draw: st.DrawFn) -> Any:
    mention: dict[str, Any] = {}
    for key, values in (
        ("label", st.sampled_from(["Attack", "attack on the camp", "", None, 5])),
        ("kind", st.sampled_from(["raid", "", None])),
        ("when", st.one_of(_TEXTS, _ODD)),
        ("where", st.sampled_from(["Camp Ashraf", "Diyala", " ", None])),
        ("extra", st.just("field")),
    ):
        if draw(st.integers(0, 3)) > (2 if key == "extra" else 0):
            mention[key] = draw(values)
    return mention


@st.composite
def _records(draw: st.DrawFn, number: int) -> Any:
    """A claim record: mostly plain, with any field now and then odd, missing or hostile."""
    record: dict[str, Any] = {
        "id": draw(st.sampled_from([f"c{number}", f"c{number}", "c0", "bad id", 7])),
        "source": draw(_IDS),
        "attribute": draw(st.sampled_from(["killed", "date", "perpetrator", "change", "Killed",
                                           "undeclared", " killed", 3])),
    }  # fmt: skip
    optional: dict[str, Any] = {
        "event": st.sampled_from(["e1", "e2", "bad id", None]),
        "mention": st.one_of(_mentions(), _ODD),
        "value": st.one_of(_TEXTS, _NUMBERS, _ODD),
        "attribution": st.lists(_IDS, max_size=3) | _ODD,
        "published": _PUBLISHED,
        "value_text": st.sampled_from(["some words", "", None, 4]),
        "polarity": st.sampled_from(["asserts", "denies", "maybe", 1]),
        "interest": st.sampled_from(["self-serving", "against-interest", "neutral"]),
        "qualifier": st.sampled_from(["Civilians ", "children", "", 2]),
        "evidence": st.sampled_from(
            [
                {"document": "d1"},
                {"document": "d1", "quote": "abc", "span": [3, 6]},
                {"document": "d1", "quote": "abc", "span": [0, 2]},
                {"document": "d1", "span": [True, 2]},
                {"quote": "abc"},
                {"document": "d1", "url": "https://example.org/a:b"},
                "d1",
            ]
        ),
        "candidate": st.sampled_from(
            [
                {"extractor": "rules", "confidence": 0.5},
                {"extractor": "rules", "confidence": 1},
                {"extractor": "rules", "confidence": 2},
                {"extractor": "rules"},
            ]
        ),
        "published_precision": st.just("day"),
        "unknown": st.just(1),
    }
    for key, values in optional.items():
        rare = key in ("published_precision", "unknown", "candidate", "interest")
        if draw(st.integers(0, 9)) < (1 if rare else 5):
            record[key] = draw(values)
    return record


@st.composite
def _files(draw: st.DrawFn) -> list[Any]:
    count = draw(st.integers(1, 6))
    return [draw(_records(number)) for number in range(count)]


@given(records=_files(), timezone=st.sampled_from([None, "Europe/Paris"]))
def test_generated_claims_load_the_same_by_both_paths(
    tmp_path_factory: pytest.TempPathFactory, records: list[Any], timezone: str | None
) -> None:
    folder = tmp_path_factory.mktemp("generated")
    sources = SOURCES if timezone is None else f"timezone: {timezone}\n{SOURCES}"
    both_ways(*write_jsonl(folder, records, sources))
    # The same claims in one YAML file go through the YAML reader and its plain constructor.
    document = folder / "all.yaml"
    data = {**yaml.safe_load(sources), "claims": records}
    document.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    both_ways(document)


_SOURCE_FIELDS = {
    "name": ["The Wire", "x", " ", ""],
    "kind": ["outlet", "news-agency", "other", "Outlet", ""],
    "affiliation": ["Wire", " The  Wire ", "victims", "mek", " ", ""],
    "party": ["Iraqi forces", " "],
    "speaks_for": ["s2", "bad id"],
    "timezone": ["Europe/Paris", "nowhere/zone"],
}
"""Each field's texts, mostly good: a plain source's every check must have its chance to fail."""


@st.composite
def _source_records(draw: st.DrawFn, number: int) -> dict[str, Any]:
    """A source record: an id and mostly a name, kind and affiliation, now and then odd or more."""
    record: dict[str, Any] = {"id": draw(st.sampled_from([f"g{number}", "g0", "bad id", ""]))}
    for key, texts in _SOURCE_FIELDS.items():
        common = key in ("name", "kind", "affiliation")
        if draw(st.integers(0, 9)) < (6 if common else 1):
            record[key] = draw(st.sampled_from(texts) | st.sampled_from([None, 3]))
    return record


@given(st.lists(st.integers(0, 3), min_size=1, max_size=6).flatmap(
    lambda numbers: st.tuples(*(_source_records(number) for number in numbers))
))  # fmt: skip
def test_generated_sources_load_the_same_by_both_paths(
    tmp_path_factory: pytest.TempPathFactory, generated: tuple[dict[str, Any], ...]
) -> None:
    folder = tmp_path_factory.mktemp("sources")
    data = {**yaml.safe_load(SOURCES)}
    data["sources"] = [*data["sources"], *generated]
    both_ways(*write_jsonl(folder, [claim(1, value=5)], yaml.safe_dump(data, allow_unicode=True)))


@given(records=_files())
def test_generated_claims_in_csv_load_the_same_by_both_paths(
    tmp_path_factory: pytest.TempPathFactory, records: list[Any]
) -> None:
    folder = tmp_path_factory.mktemp("csv")
    plain = [record for record in records if _fits_csv(record)]
    sources = folder / "sources.yaml"
    sources.write_text(SOURCES, "utf-8")
    path = folder / "claims.csv"
    header = ["id", "source", "event", "attribute", "value", "published", "attribution"]
    lines = [",".join(header)]
    for record in plain:
        cells = [record.get(key, "") for key in header]
        cells[-1] = " > ".join(cells[-1]) if isinstance(cells[-1], list) else cells[-1]
        lines.append(",".join(json.dumps(str(cell)) for cell in cells))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    both_ways(path, sources)


def _fits_csv(record: dict[str, Any]) -> bool:
    return all(
        isinstance(item, str | int | float) or (isinstance(item, list) and key == "attribution")
        for key, item in record.items()
    )


# -- the plain YAML constructor ----------------------------------------------------------------

BLOCK_SOURCES = """\
sources:
- id: outlet-1
  kind: outlet
  affiliation: press
- id: Al-Arabiya (Dubai)
  name: Al Arabiya, the Dubai desk
  url: https://example.org/a?b=c
attributes:
- name: killed
  kind: quantity
timezone: Asia/Baghdad
"""

YAML_DOCUMENTS = [
    "a: 1\nb: [x, 2.5, null, true, 2013-09-01, 2013-09-01 10:00:00]\n",
    "base: &base {kind: outlet}\nsources:\n- <<: *base\n  id: s1\n",  # a merge key
    "shared: &s [1, 2]\nagain: *s\n",  # an alias: one list, shared
    "? [a, b]\n: complex key\n",
    "1: one\nnull: none\n2013-09-01: day\n",
    "tagged: !!binary aGVsbG8=\nset: !!set {a, b}\n",
    "bad: 2013-02-30\nworse: !!python/name:os.system\n",
    "= : value key\n",
    "a: 1\nb: {c: 2, c: 3}\na: 4\n",  # repeated keys: problems with their lines
    "1: one\n01: one again\n",  # two texts, one key
    "'null': null\nnull: []\n",  # one text, two keys: a text and null
    "2013-09-01: x\n'2013-09-01': y\n",  # a date and a text
    "bad: 1\n2013-02-30: x\n2013-02-30: y\n",  # a key that is no date, twice
    "claims:\n- id: c1\n  value: [1, {deep: x}]\n",
    "- [[1, [2]], []]\n- {}\n",  # lists in lists
    "a: &x 1\nb: ! 2\nc: !!str 3\n",  # an anchor on a scalar, tags
    "a: 1\n---\nb: 2\n",  # two documents
    "- " * 62 + "x\n",  # nesting just within the limit
    "- " * 70 + "x\n",  # and beyond it
    "~\n",
    "# a comment only\n",
    "a: 0x1F\nb: 1_000\nc: .inf\nd: 123456789012345678901234567890\n",
    # The shape of a sources file, which `block_data` reads line by line, and near misses.
    BLOCK_SOURCES,
    "sources:\n- id: s1\n  kind: outlet\n  kind: person\n",  # a repeated key in an item
    "sources:\n- id: s1\nsources:\n- id: s2\n",  # a repeated top-level key
    "sources:\nattributes:\n- name: killed\n",  # a list of nothing: null
    "sources:\n- id: s1\nattributes:\n",  # a list of nothing at the end
    # Scalars that are not text: each alone in a document that is otherwise read by lines.
    "sources:\n- id: yes\n",
    "sources:\n- on: s1\n",
    "sources:\n- id: s1\n  kind: 12\n",
    "sources:\n- id: 2013-09-01\n",
    "sources:\n- id: s1\n  kind: null\n",
    "timezone: 1_000\n",
    "  kind: outlet\n",  # an item's line before any list
    "sources:\n- id: s1 # a comment\n  url: https://example.org/a?b=c#d\n  name: a: b\n",
    "sources:\n  - id: s1\n    kind: outlet\n",  # an indented list
    "sources:\n- id: s1\n  kind: outlet \n",  # a trailing space
    "sources:\n- id: s1\r\n  kind: outlet\r\n",  # Windows line ends
    "timezone: Asia/Baghdad\nsources:\n- id: Al-Arabiya (Dubai), 2nd desk\n",
    "sources:\n- id: s1\n  kind: outlet",  # the last line not ended
    "  kind: outlet\n- id: s1\n",  # an item's line before any item
]


@pytest.mark.parametrize("text", YAML_DOCUMENTS)
def test_plain_yaml_is_built_as_pyyaml_builds_it(text: str) -> None:
    fast = documents._parse_yaml(text)
    with general_path_only():
        general = documents._parse_yaml(text)
    assert (fast.data, fast.problems, fast.readable) == (
        general.data,
        general.problems,
        general.readable,
    )
    assert repr(fast.data) == repr(general.data)
    assert dict(fast.lines) == dict(general.lines)
    assert fast.suspect == general.suspect


_SCALARS = (
    st.text(max_size=8)
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.dates()
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_SCALARS, inner, max_size=4),
    max_leaves=20,
)


@given(data=_DATA, flow=st.sampled_from([None, True, False]))
def test_generated_yaml_is_built_as_pyyaml_builds_it(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    test_plain_yaml_is_built_as_pyyaml_builds_it(text)


def test_a_sources_file_is_read_line_by_line_as_pyyaml_reads_it() -> None:
    loader = documents._SafeLoader(BLOCK_SOURCES)
    read = block_data(BLOCK_SOURCES, functools.partial(documents._resolve_plain, loader))
    assert read is not None  # read by lines, not left to the events
    assert read == yaml.safe_load(BLOCK_SOURCES)
    assert read["sources"][1] == {
        "id": "Al-Arabiya (Dubai)",
        "name": "Al Arabiya, the Dubai desk",
        "url": "https://example.org/a?b=c",
    }


_BLOCK_TEXTS = st.sampled_from(
    [
        "outlet", "s1", "yes", "Yes", "no", "on", "null", "Null", "true", "~", "12", "1_0", "0x1F",
        "1.5", "1e3", ".inf", "2013-09-01", "2013-09-01 10:00:00", "a b", "a  b", "a #b", "a#b",
        "a: b", "a:b", "a:", "x, y", "(x)", "-x", "x-", "_x", "é", "漢字", "a'b", "=", "<<",
        "https://example.org/a?b=c", "a ", "",
    ]
)  # fmt: skip
_BLOCK_LEADS = st.sampled_from(["", "- ", "  "]) | st.sampled_from(["   ", "-  ", "\t"])
_BLOCK_LINES = st.tuples(_BLOCK_LEADS, _BLOCK_TEXTS, _BLOCK_TEXTS)


@given(st.lists(_BLOCK_LINES, min_size=1, max_size=8), st.sampled_from(["\n", "\n", "\r\n", ""]))
def test_documents_of_lines_are_read_as_pyyaml_reads_them(
    lines: list[tuple[str, str, str]], end: str
) -> None:
    # Lines of about the sources file's shape, tricky texts among them: whatever `block_data`
    # reads, the events and the composing path read the same (or refuse it the same way).
    text = "".join(f"{lead}{key}:{' ' if value else ''}{value}{end}" for lead, key, value in lines)
    test_plain_yaml_is_built_as_pyyaml_builds_it(text)
    loader = documents._SafeLoader(text)
    read = block_data(text, functools.partial(documents._resolve_plain, loader))
    if read is not None:
        assert read == yaml.load(text, Loader=documents._SafeLoader)


def test_an_alias_is_one_shared_object_as_pyyaml_makes_it() -> None:
    data = documents._parse_yaml(YAML_DOCUMENTS[2]).data
    assert data["shared"] is data["again"]


# -- time spans of fixed zones ------------------------------------------------------------------

_ZONES = st.sampled_from(
    [pendulum.UTC, pendulum.FixedTimezone(10800), pendulum.FixedTimezone(-16200, name="-04:30")]
)
_UNITS = {
    Precision.YEAR: "year", Precision.MONTH: "month", Precision.DAY: "day",
    Precision.HOUR: "hour", Precision.MINUTE: "minute", Precision.SECOND: "second",
}  # fmt: skip


@given(
    moment=st.datetimes(
        min_value=pendulum.naive(1, 1, 1), max_value=pendulum.naive(9999, 12, 31, 23, 59, 59)
    ),
    zone=_ZONES,
    precision=st.sampled_from(list(Precision)),
)
def test_a_span_of_a_fixed_zone_is_the_one_pendulums_calendar_gives(
    moment: Any, zone: Any, precision: Precision
) -> None:
    aware = pendulum.instance(moment, tz=zone)
    start = aware.start_of(_UNITS[precision])
    try:
        expected: Any = TimeSpan(start=start, end=start + precision.step(), precision=precision)
    except (OverflowError, ValueError):
        expected = "past the calendar"
    try:
        span: Any = TimeSpan.of(aware, precision=precision)
    except ValueError:
        span = "past the calendar"
    assert span == expected
    assert repr(span) == repr(expected)


def test_mentions_and_chains_written_alike_share_their_texts(tmp_path: Path) -> None:
    # The parser makes new strings on every line: the fast path keeps one of each text, so
    # that a million claims do not hold a copy of "attack" and "Camp Ashraf" per mention.
    records = [
        claim(1, mention={"label": "Attack", "kind": "raid", "where": "Ashraf"}, value=1),
        claim(2, mention={"label": "Attack", "kind": "raid", "when": "2013"}, value=2),
        claim(3, mention={"label": "Raid", "kind": "raid", "where": "Ashraf"}, value=3),
        claim(4, attribution=["s1"], value=4, mention={"label": "Attack"}),
        claim(5, attribution=["s1"], value=5, mention={"label": "Attack"}, source="s3"),
    ]
    kind, _ = both_ways(*write_jsonl(tmp_path, records))
    assert kind == "loaded"
    claims = load(tmp_path / "claims.jsonl", sources=tmp_path / "sources.yaml").claims
    mentions = [c.mention for c in claims if c.mention is not None]
    assert len({id(m) for m in mentions}) == 4  # four mentions as written, not one
    assert len({id(m.label) for m in mentions}) == 2
    assert len({id(m.kind) for m in mentions if m.kind}) == 1
    assert len({id(m.where) for m in mentions if m.where}) == 1
    assert claims[3].attribution == claims[4].attribution == ("s1",)
    assert claims[3].attribution is claims[4].attribution


def test_the_caches_keep_no_string_of_the_line_that_first_wrote_a_mention_or_chain() -> None:
    # The line's strings would be freed at the end of the load, among the claims: holes that a
    # forked child's allocations fill, copying their pages. The keys hold what outlives the line.
    fast = PlainRecords(HedgePolicy.default(), standard_attributes().get, lambda _source: None)
    mention = {"label": "attack in Ramadi", "kind": "attack", "when": "2009-02-24", "where": "X"}
    records = [
        {"id": f"c{n}", "source": "s2", "attribute": "killed", "value": n, "mention": mention}
        | {"attribution": ["s1"]}
        for n in (1, 2)
    ]
    claims = [fast.json_line(json.dumps(record)) for record in records]
    assert all(found is not None for found in claims)
    ((key, kept),) = fast._mentions.items()
    assert isinstance(key, tuple)
    names, texts = key[:4], key[4:8]
    assert names == tuple(mention)
    assert all(name is sys.intern(name) for name in names)
    assert all(text is fast._shared[text] for text in texts)
    assert kept.label is texts[0]  # the mention holds the key's own texts
    ((source, chain),) = fast._chains
    first = claims[0]
    assert first is not None
    assert source is first.source
    assert chain is first.attribution


@pytest.mark.parametrize("field", ["label", "kind", "where"])
def test_a_mention_of_blank_text_is_refused_as_the_general_path_refuses_it(
    tmp_path: Path, field: str
) -> None:
    mention = {"label": "attack on the camp", "kind": "raid", "where": "Camp Ashraf", field: " "}
    kind, problems = both_ways(*write_jsonl(tmp_path, [claim(1, mention=mention, value=52)]))
    assert kind == "refused"
    (problem,) = problems
    assert f"field='mention.{field}'" in problem
