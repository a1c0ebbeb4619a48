"""Fuzzing the loaders and parsers: whatever the bytes, only a dataset or a `DatasetError`.

Each test starts from valid files (or from nothing) and mutates them: inserts
the characters that structure each format, deletes and repeats stretches,
swaps in byte-order marks, line separators, huge numbers and aliases. A
loaded dataset is then reconciled and reported as text, so that what `load`
accepts is also something `run` can handle.

Parquet files are fuzzed twice: as bytes (flipped, inserted, deleted, cut
short), and as tables of random columns of every shape a claim column may
take.

The default and CI profiles run a few hundred examples; the ``fuzz`` profile
(``HYPOTHESIS_PROFILE=fuzz``) runs 25,000 per test, 175,000 in all.
"""

from __future__ import annotations

import contextlib
import json
import math
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reconcile
from reconcile import DatasetError, ParseError, parse_quantity, parse_timespan, render_text

YAML_SEED = """\
sources:
  - {id: s1, name: First, affiliation: camp-a, reliability: 0.5}
  - {id: s2, name: Second, affiliation: camp-b}
events:
  - {id: e1, label: Attack on the camp, when: "2013-09-01", aliases: [the raid]}
attributes:
  - name: side
    kind: category
    taxonomy: {parents: {golden division: iraqi forces}, exclusive: [[iraqi forces, youth]]}
claims:
  - &c1 {id: c1, source: s1, attribution: [s2], event: e1, attribute: killed, value: "52"}
  - {<<: *c1, id: c2, value: no less than nine, published: 2013-09-09}
  - id: c3
    source: s2
    mention: {label: the raid, when: last week, where: Camp}
    attribute: side
    value: golden division
    published: "2013-09-08"
    evidence: {document: d.txt, quote: "the raid", span: [0, 8]}
  - {id: c4, source: s2, event: e1, attribute: date, value: yesterday, published: 2013-09-02}
  - {id: c5, source: s1, event: e1, attribute: x, value: {kind: quantity, low: 1, high: null}}
"""
SOURCES_SEED = YAML_SEED[: YAML_SEED.index("claims:")]
JSONL_SEED = "".join(
    json.dumps(claim) + "\n"
    for claim in [
        {"id": "c1", "source": "s1", "attribution": ["s2"], "event": "e1", "attribute": "killed",
         "value": "52"},
        {"id": "c2", "source": "s2", "event": "e1", "attribute": "killed", "value": 50,
         "published": "2013-09-09"},
        {"id": "c3", "source": "s2", "mention": {"label": "raid", "when": "2013-09-01"},
         "attribute": "side", "value": {"kind": "category", "label": "youth"}},
    ]
)  # fmt: skip
CSV_SEED = (
    "id,source,attribution,event,mention_label,mention_when,attribute,value,published,"
    "document,quote,span_start,span_end\r\n"
    'c1,s1,s2,e1,,,killed,"about 3,000",2013-09-09,d.txt,"the ""raid""",0,10\r\n'
    "c2,s2,,,raid,2013-09-01,side,youth,,,,,\r\n"
    'c3,s2,s1 > s2,e1,,,x,"{""kind"": ""quantity"", ""low"": 1, ""high"": 2}",,,,,\r\n'
)
JSON_SEED = json.dumps(
    {
        "sources": [{"id": "s1", "affiliation": "camp-a"}, {"id": "s2"}],
        "events": [{"id": "e1", "label": "Attack", "when": "2013-09-01"}],
        "claims": json.loads("[" + JSONL_SEED.strip().replace("\n", ",") + "]"),
    },
    indent=1,
)

# What structures the four formats, and what has broken them before.
PIECES = [
    *"{}[]:,\"'\n\r\t -&*!|>#%@`\\?",
    "\ufeff", "\u2028", "\u2029", "\x00", "\x85", "\x0c", "\x1b", "\u202e", "\udc80",
    "9" * 30, "9" * 5000, "1e400", "NaN", "-", ".inf", "0000-01-01", "9999-12-31", "yesterday",
    "&a ", "*a", "<<: ", "!!python/object:os.system", "\r\n", '""', '"', "null", "true",
    "\\ud800", "\\u0000", "[" * 200, "]", "{" * 70, "a > b", "kind: ", '"kind": "timespan"',
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    """`seed` after a few insertions, deletions and repetitions at random places."""
    text = seed
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        operation = draw(st.sampled_from(("insert", "insert", "delete", "repeat", "text")))
        if operation == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif operation == "text":
            text = text[:at] + draw(st.text(max_size=8)) + text[at:]
        else:
            end = min(len(text), at + draw(st.integers(min_value=1, max_value=40)))
            if operation == "delete":
                text = text[:at] + text[end:]
            else:
                text = text[:end] + text[at:end] * draw(st.integers(1, 3)) + text[end:]
    return text


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def load_or_refuse(path: Path, text: str, sources: Path | None = None) -> None:
    """Load `text` from `path`: a dataset (which must also reconcile) or a `DatasetError`."""
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    load_or_refuse_bytes(path, sources)


@given(text=st.one_of(mutated(YAML_SEED), st.text(max_size=200)))
def test_fuzz_yaml(folder: Path, text: str) -> None:
    load_or_refuse(folder / "data.yaml", text)


@given(text=st.one_of(mutated(JSON_SEED), st.text(max_size=200)))
def test_fuzz_json(folder: Path, text: str) -> None:
    load_or_refuse(folder / "data.json", text)


@given(text=st.one_of(mutated(JSONL_SEED), st.text(max_size=200)), sources=mutated(SOURCES_SEED))
def test_fuzz_json_lines(folder: Path, text: str, sources: str) -> None:
    (folder / "sources.yaml").write_bytes(sources.encode("utf-8", "surrogatepass"))
    load_or_refuse(folder / "data.jsonl", text, folder / "sources.yaml")


@given(text=st.one_of(mutated(CSV_SEED), st.text(max_size=200)))
def test_fuzz_csv(folder: Path, text: str) -> None:
    (folder / "sources.yaml").write_text(SOURCES_SEED, encoding="utf-8")
    load_or_refuse(folder / "data.csv", text, folder / "sources.yaml")


def _parquet_seed() -> bytes:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    claims = [json.loads(line) for line in JSONL_SEED.splitlines()]
    for claim in claims:  # one type a column: each value as text (a mapping as JSON text)
        if not isinstance(claim["value"], str):
            claim["value"] = json.dumps(claim["value"])
    keys = list(dict.fromkeys(key for claim in claims for key in claim))
    table = pa.table({key: [claim.get(key) for claim in claims] for key in keys})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


@st.composite
def mutated_bytes(draw: st.DrawFn, seed: bytes) -> bytes:
    """`seed` with a few bytes changed, inserted or deleted, or cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=max(0, len(data) - 1)))
        operation = draw(st.sampled_from(("flip", "insert", "delete", "cut")))
        if operation == "flip" and data:
            data[at] ^= draw(st.integers(min_value=1, max_value=255))
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif operation == "delete":
            del data[at : at + draw(st.integers(min_value=1, max_value=16))]
        else:
            del data[at:]
    return bytes(data)


@given(data=mutated_bytes(_parquet_seed()))
def test_fuzz_parquet_bytes(folder: Path, data: bytes) -> None:
    (folder / "sources.yaml").write_text(SOURCES_SEED, encoding="utf-8")
    path = folder / "data.parquet"
    path.write_bytes(data)
    load_or_refuse_bytes(path, folder / "sources.yaml")


COLUMN_NAMES = st.sampled_from(
    ["id", "source", "event", "attribute", "value", "attribution", "mention", "mention_when",
     "evidence", "span_start", "span_end", "published", "candidate_confidence", "colour"]
)  # fmt: skip


@st.composite
def claim_columns(draw: st.DrawFn) -> dict[str, list[object]]:
    """A few columns of one type each: text, numbers, lists of text, or mention structs."""
    rows = draw(st.integers(min_value=0, max_value=4))
    columns: dict[str, list[object]] = {}
    for name in draw(st.lists(COLUMN_NAMES, max_size=7, unique=True)):
        shape = draw(st.sampled_from(("text", "number", "list", "struct")))
        if shape == "text":
            cell = st.one_of(st.none(), st.sampled_from(PIECES), st.text(max_size=10))
        elif shape == "number":
            cell = st.one_of(st.none(), st.floats(), st.integers(-(2**63), 2**63 - 1))
        elif shape == "list":
            cell = st.one_of(st.none(), st.lists(st.sampled_from(["s1", "s2", ""]), max_size=3))
        else:
            cell = st.one_of(
                st.none(),
                st.fixed_dictionaries(
                    {"label": st.one_of(st.none(), st.text(max_size=5))},
                    optional={"when": st.sampled_from(["2013", "last week", "9999-12-31"])},
                ),
            )
        columns[name] = draw(st.lists(cell, min_size=rows, max_size=rows))
    return columns


@given(columns=claim_columns())
def test_fuzz_parquet_tables(folder: Path, columns: dict[str, list[object]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pa.table({name: pa.array(cells) for name, cells in columns.items()})
    except (pa.ArrowException, OverflowError, UnicodeEncodeError):
        return  # Arrow cannot hold these cells in one column: there is no file to read
    (folder / "sources.yaml").write_text(SOURCES_SEED, encoding="utf-8")
    path = folder / "data.parquet"
    try:
        pq.write_table(table, path)
    except pa.ArrowException:
        return  # a struct without fields, which Parquet cannot write
    load_or_refuse_bytes(path, folder / "sources.yaml")


def load_or_refuse_bytes(path: Path, sources: Path | None) -> None:
    """Load the file at `path`: a dataset (which must also reconcile) or a `DatasetError`.

    Every problem says what is wrong and names its file.
    """
    try:
        dataset = reconcile.load(path, sources=sources)
    except DatasetError as error:
        problems = error.problems
    else:
        render_text(reconcile.reconcile(dataset))
        return
    assert problems
    assert all(problem.message and problem.file for problem in problems)


REFERENCES = st.sampled_from(
    [
        None,
        pendulum.datetime(1, 1, 1),
        pendulum.datetime(9999, 12, 31),
        pendulum.datetime(2013, 9, 9),
    ]
)
WORDS = st.sampled_from(
    ["at least", "about", "some", "dozens", "billion", "thousand", "million", "between", "and",
     "ago", "years", "yesterday", "last", "week", "in", "9999", "0", "1", "31", "December",
     "9" * 20, "-", "/", "to", "the", "1990s", "more than", "fewer than", "1.5", ",000"]
)  # fmt: skip


@given(words=st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=8), reference=REFERENCES)
def test_fuzz_text_values(words: list[str], reference: pendulum.DateTime | None) -> None:
    text = " ".join(words)
    try:
        quantity = parse_quantity(text)
    except ParseError:
        pass
    else:
        assert not math.isnan(quantity.low)
    with contextlib.suppress(ParseError):
        parse_timespan(text, reference=reference)
