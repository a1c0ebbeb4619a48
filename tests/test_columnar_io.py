"""Claims from Parquet, Arrow IPC and DataFrames; findings and contradictions out as tables.

The hostile table (tests/hostile/) holds the bad input; here are the layouts that
must read alike, the locations of problems in a frame, the limits, the missing
extra, and the tables of a result checked against the Camp Ashraf finding that
docs/json-output.md works through.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import reconcile
from reconcile import Dataset, DatasetError, UsageError
from reconcile.cli import main
from reconcile.io import arrow_claims

SOURCES = """\
sources:
  - {id: s1, affiliation: camp-a}
  - {id: s2, affiliation: camp-b}
events:
  - {id: e1, label: Attack, when: '2013-09-01'}
"""
# One claim of each shape: a figure in words, attributed, with evidence and a span, a mention
# instead of an event, and a candidate from an extractor.
JSONL = [
    {"id": "c1", "source": "s1", "event": "e1", "attribute": "killed", "value": "no less than nine",
     "attribution": ["s2"], "published": "2013-09-02",
     "evidence": {"document": "d1", "quote": "at least nine", "span": [3, 16], "url": "https://example.org/1"}},
    {"id": "c2", "source": "s2", "attribute": "killed", "value": "11",
     "mention": {"label": "raid on the camp", "when": "2013-09-01", "where": "Camp"}},
    {"id": "c3", "source": "s2", "event": "e1", "attribute": "perpetrator", "value": "Iraqi forces",
     "candidate": {"extractor": "rules", "confidence": 0.5}},
]  # fmt: skip


def claims_table() -> pa.Table:
    """The claims as a table of struct columns (``from_pylist`` would keep the first row's keys)."""
    keys = list(dict.fromkeys(key for claim in JSONL for key in claim))
    return pa.table({key: [claim.get(key) for claim in JSONL] for key in keys})


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, encoding="utf-8")
    return path


@pytest.fixture
def expected(tmp_path: Path, sources: Path) -> Dataset:
    """The claims as JSON Lines read them: what every columnar layout must give."""
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(claim) + "\n" for claim in JSONL), encoding="utf-8")
    return reconcile.load(path, sources=sources)


def test_struct_columns_read_as_json_lines(
    tmp_path: Path, sources: Path, expected: Dataset
) -> None:
    path = tmp_path / "claims.parquet"
    pq.write_table(claims_table(), path)
    assert pq.read_schema(path).field("mention").type.num_fields == 3  # a real struct column
    assert reconcile.load(path, sources=sources) == expected


@pytest.mark.parametrize("suffix", [".parquet", ".arrow", ".feather"])
def test_flat_text_columns_read_as_csv(
    tmp_path: Path, sources: Path, expected: Dataset, suffix: str
) -> None:
    csv_path = tmp_path / "claims.csv"
    expected.save(csv_path, sources=tmp_path / "written.yaml")
    frame = pd.read_csv(csv_path, dtype=str)  # empty cells become nulls, as Arrow has them
    path = tmp_path / f"claims{suffix}"
    arrow_claims.write_table(path, pa.Table.from_pandas(frame, preserve_index=False))
    assert reconcile.load(path, sources=sources) == expected


def test_a_pandas_frame_and_a_polars_frame_read_as_the_file(
    tmp_path: Path, sources: Path, expected: Dataset
) -> None:
    table = claims_table()
    assert reconcile.load_frame(table.to_pandas(), sources=sources) == expected
    assert reconcile.load_frame(pl.from_arrow(table), sources=sources) == expected
    assert reconcile.load_frame(table, sources=sources) == expected


def test_problems_in_a_frame_name_the_frame_the_row_and_the_field(sources: Path) -> None:
    frame = pd.DataFrame(
        {
            "id": ["c1", "c2", None, "c4"],
            "source": ["s1", "s1", "s1", "s9"],
            "event": "e1",
            "attribute": "killed",
            "value": ["52", "fifty-ish", "50", "49"],
        }
    )
    with pytest.raises(DatasetError) as caught:
        reconcile.load_frame(frame, sources=sources, name="reports")
    found = {(p.file, p.record, p.field) for p in caught.value.problems}
    assert found == {("reports", 1, "value"), ("reports", 2, "id"), ("reports", 3, "source")}
    assert "reports claims[1] (id 'c2') field 'value': cannot read 'fifty-ish'" in str(caught.value)


def test_a_frame_with_an_index_of_data_is_refused_not_dropped(sources: Path) -> None:
    frame = pd.DataFrame(
        {"source": ["s1"], "event": ["e1"], "attribute": ["killed"], "value": ["5"]},
        index=pd.Index(["c1"]),
    )
    with pytest.raises(DatasetError, match="index holds data that would be lost"):
        reconcile.load_frame(frame, sources=sources)
    named = frame.rename_axis("id").reset_index()  # the index as the id column reads
    assert [claim.id for claim in reconcile.load_frame(named, sources=sources).claims] == ["c1"]


def test_a_frame_with_a_column_name_used_twice_is_refused(sources: Path) -> None:
    frame = pd.DataFrame(
        [["c1", "s1", "e1", "killed", "c2"]], columns=["id", "source", "event", "attribute", "id"]
    )
    with pytest.raises(DatasetError, match="the column name 'id' is used more than once"):
        reconcile.load_frame(frame, sources=sources)


def test_a_filtered_frame_keeps_its_row_numbers_out_of_the_data(sources: Path) -> None:
    frame = pd.DataFrame(
        {
            "id": ["c1", "c2", "c3"],
            "source": "s1",
            "event": "e1",
            "attribute": "killed",
            "value": ["5", "x", "7"],
        }
    )
    kept = frame[frame.value != "x"]  # its index is 0 and 2: row numbers, not data
    assert [claim.id for claim in reconcile.load_frame(kept, sources=sources).claims] == [
        "c1",
        "c3",
    ]
    with pytest.raises(DatasetError) as caught:
        reconcile.load_frame(frame.iloc[1:], sources=sources)
    (problem,) = caught.value.problems
    assert (problem.record, problem.record_id) == (0, "c2")  # the position, not the old label 1


def test_load_frame_refuses_what_is_not_a_frame(sources: Path) -> None:
    with pytest.raises(UsageError, match="expected a pandas or polars DataFrame"):
        reconcile.load_frame([{"id": "c1"}], sources=sources)
    with pytest.raises(UsageError, match="must be YAML or JSON"):
        reconcile.load_frame(pd.DataFrame(), sources=Path("sources.csv"))


def test_a_row_group_that_decompresses_beyond_the_budget_is_refused(
    tmp_path: Path, sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "claims.parquet"
    pq.write_table(claims_table(), path)
    monkeypatch.setattr(arrow_claims, "EXPANSION_FACTOR", 0)
    monkeypatch.setattr(arrow_claims, "EXPANSION_ALLOWANCE", 10)
    with pytest.raises(
        DatasetError, match=r"row group 0 holds \d+ bytes once decompressed; at most 10 "
    ):
        reconcile.load(path, sources=sources)


def test_a_missing_pyarrow_names_the_extra(
    tmp_path: Path, sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "claims.parquet"
    pq.write_table(claims_table(), path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    with pytest.raises(
        UsageError,
        match=r"reading \.parquet files needs pyarrow: pip install 'reconcile\[parquet\]'",
    ):
        reconcile.load(path, sources=sources)
    result = CliRunner().invoke(main, ["validate", str(path), "--sources", str(sources)])
    assert result.exit_code == 2
    assert "pip install 'reconcile[parquet]'" in result.stderr
    folder = tmp_path / "out"
    result = CliRunner().invoke(main, ["demo", "--format", "parquet", "--output", str(folder)])
    assert result.exit_code == 2
    assert "tables of findings needs pyarrow: pip install 'reconcile[parquet]'" in result.stderr
    assert not folder.exists()


def test_importing_reconcile_imports_no_pyarrow_or_polars() -> None:
    code = "import sys, reconcile; print(sorted(m for m in ('pyarrow', 'polars', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- findings and contradictions out ----------------------------------------------------------


@pytest.fixture(scope="module")
def ashraf() -> reconcile.Reconciliation:
    with resources.as_file(resources.files("reconcile") / "data" / "ashraf.yaml") as path:
        return reconcile.reconcile(reconcile.load(path))


KILLED = "attack-on-camp-ashraf-2013-09-01"


def test_the_findings_table_has_the_columns_of_to_rows(ashraf: reconcile.Reconciliation) -> None:
    findings = reconcile.result_tables(ashraf)["findings"]
    rows = ashraf.to_rows()
    with_every_key = max(rows, key=len)
    assert set(findings.column_names) == {key for row in rows for key in row} | {
        "qualifier",
        "qualitative",
    }
    assert [name for name in findings.column_names if name in with_every_key] == list(
        with_every_key
    )
    assert findings.num_rows == len(ashraf.findings)


def test_the_killed_finding_as_a_row(ashraf: reconcile.Reconciliation) -> None:
    """The death toll of 1 September 2013 as docs/json-output.md and the README give it."""
    findings = reconcile.result_tables(ashraf)["findings"].to_pylist()
    (row,) = [r for r in findings if r["event"] == KILLED and r["attribute"] == "killed"]
    assert (row["best"], row["low"], row["high"], row["status"]) == ("52", 50.0, 52.0, "disputed")
    assert row["contradictions"] == 2
    assert row["dissent"] == ["d001-killed-2013-state-dept", "d003-killed-2013-khatami"]
    assert row["dissent_affiliations"] == ["iran-state", "us-gov"]
    (beyond,) = row["beyond_range"]
    assert (beyond["figure"], beyond["claims"]) == ("70", ["d003-killed-2013-khatami"])
    assert row["qualifier"] is None
    assert row["qualitative"] == []


def test_the_contradictions_table_has_one_row_per_contradiction(
    ashraf: reconcile.Reconciliation,
) -> None:
    table = reconcile.result_tables(ashraf)["contradictions"]
    assert table.num_rows == sum(len(f.contradictions) for f in ashraf.findings)
    rows = [r for r in table.to_pylist() if r["event"] == KILLED and r["attribute"] == "killed"]
    assert sorted(r["message"] for r in rows) == [
        "khatami (iran-state) disagrees: 70 against 52",
        "us-state-dept (us-gov) disagrees: 50 against 52",
    ]
    finding = ashraf.finding(KILLED, "killed")
    expected = [
        {"event": KILLED, "attribute": "killed", "qualifier": None, **c.to_dict()}
        for c in finding.contradictions
    ]
    assert rows == expected


def test_an_empty_result_gives_empty_tables_of_the_same_columns(
    ashraf: reconcile.Reconciliation,
) -> None:
    tables = reconcile.result_tables(reconcile.reconcile(Dataset()))
    full = reconcile.result_tables(ashraf)
    assert all(table.num_rows == 0 for table in tables.values())
    assert tables["findings"].schema == full["findings"].schema
    assert tables["contradictions"].schema == full["contradictions"].schema
    assert tables["contradictions"].column_names == [
        "event", "attribute", "qualifier", "kind", "claims", "severity", "message",
    ]  # fmt: skip


def test_the_frames_are_the_tables(ashraf: reconcile.Reconciliation) -> None:
    frames = reconcile.result_frames(ashraf)
    tables = reconcile.result_tables(ashraf)
    for kind, frame in frames.items():
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns) == tables[kind].column_names
        assert len(frame) == tables[kind].num_rows


def test_run_format_parquet_writes_both_tables(
    tmp_path: Path, ashraf: reconcile.Reconciliation
) -> None:
    folder = tmp_path / "out"
    result = CliRunner().invoke(main, ["demo", "--format", "parquet", "--output", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in folder.iterdir()) == [
        "contradictions.parquet",
        "findings.parquet",
    ]
    for kind, table in reconcile.result_tables(ashraf).items():
        assert pq.read_table(folder / f"{kind}.parquet").equals(table)


def test_run_format_parquet_needs_a_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--format", "parquet"])
    assert result.exit_code == 2
    assert "pass --output naming a folder" in result.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["demo", "--format", "parquet", "--output", str(blocker)])
    assert result.exit_code == 2
    assert "this is a file" in result.stderr


def test_run_reads_a_parquet_file(tmp_path: Path, sources: Path) -> None:
    path = tmp_path / "claims.parquet"
    # Without the candidate, which `run` would refuse until someone accepts it.
    pq.write_table(claims_table().drop_columns(["candidate"]), path)
    result = CliRunner().invoke(
        main, ["run", str(path), "--sources", str(sources), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert {event["id"] for event in json.loads(result.stdout)["events"]} >= {"e1"}
    result = CliRunner().invoke(main, ["validate", str(path), "--sources", str(sources)])
    assert result.stdout == f"{path}: valid: 2 sources, 1 event, 3 claims\n"


def test_an_arrow_stream_reads_as_an_arrow_file(
    sources: Path, tmp_path: Path, expected: Dataset
) -> None:
    table = claims_table()
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    path = tmp_path / "claims.arrow"
    path.write_bytes(sink.getvalue())
    assert reconcile.load(path, sources=sources) == expected
