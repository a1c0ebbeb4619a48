"""Dataset files: every format round-trips, and every problem in a broken file is reported at once."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import reconcile
from reconcile import Category, Dataset, DatasetError, HedgePolicy, Problem, Quantity, TimeSpan
from reconcile.testing import datasets

FORMATS = [
    ("yaml", None),
    ("yml", None),
    ("json", None),
    ("jsonl", "sources.yaml"),
    ("csv", "sources.json"),
    ("parquet", "sources.yaml"),
    ("arrow", "sources.json"),
    ("feather", "sources.yaml"),
]


@pytest.mark.parametrize(("extension", "sources_name"), FORMATS, ids=[ext for ext, _ in FORMATS])
def test_load_of_save_is_identity(
    tmp_path_factory: pytest.TempPathFactory, extension: str, sources_name: str | None
) -> None:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(datasets())
    def round_trip(dataset: Dataset) -> None:
        folder = tmp_path_factory.mktemp("round-trip")
        path = folder / f"dataset.{extension}"
        sources = None if sources_name is None else folder / sources_name
        dataset.save(path, sources=sources)
        loaded = reconcile.load(path, sources=sources)
        assert loaded == dataset
        # The loader hands over the claims by id it checked the ids with: the same mapping.
        assert list(loaded.claims_by_id.items()) == [(c.id, c) for c in loaded.claims]

    round_trip()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


SOURCES = """
    sources:
      - {id: nejat, kind: ngo, affiliation: anti-mek}
      - {id: tasnim, kind: news-agency, affiliation: iran-state}
"""


def test_text_values_are_read_by_kind_against_the_publication_date(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ok.yaml",
        SOURCES
        + """
    claims:
      - {id: c1, source: nejat, attribution: [tasnim], mention: {label: attack, when: on Sunday}, attribute: killed, value: no less than nine, published: 2013-09-03}
      - {id: c2, source: nejat, mention: {label: attack}, attribute: date, value: last week, published: 2013-09-09}
      - {id: c3, source: nejat, mention: {label: attack}, attribute: perpetrator, value: a group of Iraqi youth}
      - {id: c4, source: nejat, mention: {label: attack}, attribute: killed, value: 52}
      - {id: c5, source: nejat, mention: {label: attack}, attribute: wounded, value: dozens}
    """,
    )
    claims = {claim.id: claim for claim in reconcile.load(path).claims}
    assert claims["c1"].value == Quantity(low=9, high=float("inf"), hedge=reconcile.Hedge.AT_LEAST)
    assert claims["c1"].value_text == "no less than nine"
    assert claims["c1"].mention is not None
    assert claims["c1"].mention.when == TimeSpan.day(
        2013, 9, 1
    )  # the Sunday before Tuesday 3 September 2013
    # "last week" on Monday 9 September 2013 is Monday 2 to Sunday 8 September.
    assert claims["c2"].value == TimeSpan.of(
        TimeSpan.day(2013, 9, 2).start,
        TimeSpan.day(2013, 9, 8).start,
        precision=reconcile.Precision.DAY,
    )
    assert claims["c3"].value == Category(label="a group of Iraqi youth")
    assert claims["c3"].value_text is None  # a label is its own text
    assert claims["c4"].value == Quantity.exact(52)
    assert claims["c4"].value_text is None
    assert claims["c5"].value == Quantity(low=24, high=99, hedge=reconcile.Hedge.VAGUE)
    conservative = {
        claim.id: claim for claim in reconcile.load(path, policy=HedgePolicy.conservative()).claims
    }
    assert conservative["c5"].value == Quantity(
        low=12, high=12, point=12, hedge=reconcile.Hedge.VAGUE
    )


BROKEN = """
sources:
  - {id: nejat, kind: ngo}
  - {id: nejat, kind: blog}
events:
  - {id: ashraf-2013, label: Attack on Camp Ashraf, when: 1 September 2013}
claims:
  - id: c1
    source: nejat
    attribution: [tasnim]
    event: ashraf-2013
    attribute: killed
    value: no less then nine
  - id: c2
    source: nejat
    event: ashraf-2009
    attribute: killed
    value: 52
    polarity: maybe
    colour: red
  - id: c2
    source: nejat
    mention: {label: attack, when: September 1st}
    attribute: weird
    value: 12
  - id: c4
    source: nejat
    event: ashraf-2013
    attribute: date
    value: 7
  - just a string
"""

# Each problem in BROKEN, found by reading the file above: (line, record, field, words of the message).
EXPECTED_PROBLEMS = [
    (3, "sources[1]", "id", "id 'nejat' is used by 2 records"),
    (3, "sources[1]", "kind", "'blog' is not a SourceKind"),
    (9, "claims[0]", "attribution[0]", "unknown source 'tasnim'"),
    (12, "claims[0]", "value", "cannot read 'no less then nine' as a quantity"),
    (15, "claims[1]", "event", "unknown event 'ashraf-2009'"),
    (18, "claims[1]", "polarity", "'maybe' is not a Polarity"),
    (19, "claims[1]", "colour", "unknown field"),
    (20, "claims[2]", "id", "id 'c2' is used by 2 records"),
    (22, "claims[2]", "mention.when", "no reference date"),
    (24, "claims[2]", "value", "attribute 'weird' is not declared"),
    (29, "claims[3]", "value", "expected ISO 8601 text or a mapping with start and end, got 7"),
    (30, "claims[4]", None, "expected a mapping of fields"),
]


def test_every_problem_of_a_broken_file_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", BROKEN)
    with pytest.raises(DatasetError) as raised:
        reconcile.load(path)
    found = sorted(
        (problem.line, f"{problem.section}[{problem.record}]", problem.field, problem.message)
        for problem in raised.value.problems
    )
    assert all(problem.file == str(path) for problem in raised.value.problems)
    assert len(found) == len(EXPECTED_PROBLEMS)
    for (line, record, field, words), (got_line, got_record, got_field, message) in zip(
        sorted(EXPECTED_PROBLEMS, key=lambda case: (case[0], case[1], case[2] or "")),
        found,
        strict=True,
    ):
        assert (got_line, got_record, got_field) == (line, record, field)
        assert words in message
    assert f"{len(EXPECTED_PROBLEMS)} problems in {path}" in str(raised.value)


def test_problem_location_names_file_line_record_and_field() -> None:
    problem = Problem(
        message="bad",
        file="a.yaml",
        line=4,
        section="claims",
        record=2,
        record_id="c3",
        field="value",
    )
    assert str(problem) == "a.yaml:4 claims[2] (id 'c3') field 'value': bad"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("syntax.yaml", "sources: [\n  - {id: x", "not valid YAML"),
        ("list.yaml", "- 1\n- 2\n", "must hold a mapping"),
        ("section.yaml", "sourcez: []\n", "unknown section 'sourcez'"),
        ("notlist.yaml", "sources: {id: x}\n", "section 'sources' must be a list"),
        ("syntax.json", '{"sources": [}', "not valid JSON"),
        (
            "code.yaml",
            "sources: !!python/object/apply:os.system ['echo hacked']\n",
            "not valid YAML",
        ),
        ("dup.yaml", "sources: []\nsources: []\n", "the key 'sources' appears twice"),
        ("dup.json", '{"sources": [{"id": "a", "id": "b"}]}', "the key 'id' appears twice"),
        (
            "same.yaml",
            "sources:\n- {id: a, reliability: {1: x, 01: y}}\n",
            "the key '01' appears twice in one mapping (it is '1' again)",
        ),
    ],
    ids=[
        "yaml-syntax",
        "not-a-mapping",
        "unknown-section",
        "section-not-list",
        "json-syntax",
        "no-code-from-yaml",
        "duplicate-yaml-key",
        "duplicate-json-key",
        "two-texts-one-yaml-key",
    ],
)
def test_broken_files_give_clear_errors(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(DatasetError, match=re.escape(message)):
        reconcile.load(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=re.escape(f"{tmp_path / 'nowhere.yaml'}: no such file")):
        reconcile.load(tmp_path / "nowhere.yaml")


def test_claims_files_need_a_sources_file_and_extensions_must_be_known(tmp_path: Path) -> None:
    path = write(tmp_path, "claims.jsonl", "")
    with pytest.raises(reconcile.UsageError, match="pass sources= naming the sources file"):
        reconcile.load(path)
    with pytest.raises(
        reconcile.UsageError, match=re.escape("cannot tell the format from the extension '.txt'")
    ):
        reconcile.load(write(tmp_path, "dataset.txt", ""))
    with pytest.raises(reconcile.UsageError, match="holds its own sources"):
        reconcile.load(write(tmp_path, "dataset.yaml", ""), sources=path)


def test_json_lines_problems_name_their_lines(tmp_path: Path) -> None:
    sources = write(tmp_path, "sources.yaml", SOURCES)
    lines = [
        {
            "id": "c1",
            "source": "nejat",
            "mention": {"label": "attack"},
            "attribute": "killed",
            "value": "52",
        },
        "not json",
        {
            "id": "c3",
            "source": "nobody",
            "mention": {"label": "attack"},
            "attribute": "killed",
            "value": "fifty-two",
        },
    ]
    path = tmp_path / "claims.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    with pytest.raises(DatasetError) as raised:
        reconcile.load(path, sources=sources)
    problems = {
        (problem.line, problem.record): problem.message for problem in raised.value.problems
    }
    assert set(problems) == {(2, 1), (3, 2)}
    assert "not valid JSON" in problems[(2, 1)]
    assert "unknown source 'nobody'" in problems[(3, 2)]


def test_csv_problems_name_their_rows_and_columns(tmp_path: Path) -> None:
    sources = write(tmp_path, "sources.yaml", SOURCES)
    path = write(
        tmp_path,
        "claims.csv",
        """
        id,source,attribution,mention_label,attribute,value,published
        c1,nejat,tasnim,attack,killed,no less than nine,2013-09-09
        c2,nejat,,attack,killed,lots,2013-09-09
        c3,nejat,tasnim > nejat,attack,killed,52,yesterday
        """,
    )
    with pytest.raises(DatasetError) as raised:
        reconcile.load(path, sources=sources)
    problems = sorted(
        (problem.line, problem.field, problem.message) for problem in raised.value.problems
    )
    assert [(line, field) for line, field, _ in problems] == [
        (3, "value"),
        (4, "attribution"),
        (4, "published"),
    ]
    assert "a vague word of the 'default' hedge policy (found 'lots')" in problems[0][2]
    assert "nejat -> tasnim -> nejat is a cycle" in problems[1][2]
    assert "'yesterday' is not an ISO 8601 date" in problems[2][2]


def test_csv_with_unknown_columns_is_refused(tmp_path: Path) -> None:
    sources = write(tmp_path, "sources.yaml", SOURCES)
    path = write(tmp_path, "claims.csv", "id,source,colour\nc1,nejat,red\n")
    with pytest.raises(DatasetError, match="unknown column"):
        reconcile.load(path, sources=sources)


def test_an_unknown_csv_column_does_not_hide_the_rows_problems(tmp_path: Path) -> None:
    sources = write(tmp_path, "sources.yaml", SOURCES)
    path = write(
        tmp_path,
        "claims.csv",
        "id,source,mention_label,attribute,value,colour\n"
        "c1,nejat,the attack,killed,52,red\n"
        "c2,nobody,the attack,killed,lots,blue\n",
    )
    with pytest.raises(DatasetError) as caught:
        reconcile.load(path, sources=sources)
    problems = [str(problem) for problem in caught.value.problems]
    assert len(problems) == 3
    assert problems[0].startswith(f"{path}:1: unknown column(s) 'colour'; the columns are id, ")
    # The rows keep their own numbers: the header is not a record.
    assert problems[1].startswith(
        f"{path}:3 claims[1] (id 'c2') field 'value': cannot read 'lots' as a quantity"
    )
    assert (
        problems[2]
        == f"{path}:3 claims[1] (id 'c2') field 'source': names the unknown source 'nobody'"
    )


def test_saving_claims_only_formats_requires_a_sources_path(tmp_path: Path) -> None:
    with pytest.raises(reconcile.UsageError, match="pass sources="):
        Dataset().save(tmp_path / "claims.csv")


def test_a_claim_id_that_repeats_among_plain_claims_is_a_problem_of_the_later_record(
    tmp_path: Path,
) -> None:
    # Both lines are claims the fast path reads: only the ids, together, are wrong.
    line = '{"id": "c1", "source": "nejat", "attribute": "killed", "event": "e", "value": %d}'
    claims = tmp_path / "claims.jsonl"
    claims.write_text("\n".join([line % 52, line % 34]) + "\n", encoding="utf-8")
    sources = write(tmp_path, "sources.yaml", SOURCES + "\nevents:\n  - {id: e, label: the raid}\n")
    with pytest.raises(DatasetError) as raised:
        reconcile.load(claims, sources=sources)
    (problem,) = raised.value.problems
    assert (problem.section, problem.record, problem.field) == ("claims", 1, "id")
    assert "id 'c1' is used by 2 records" in problem.message
