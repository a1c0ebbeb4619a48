"""Exports in the columns of UCDP GED, ACLED, IBC and Airwars; stable event ids.

The expected columns are written out here from each dataset's published
codebook, not read from the code, so that a renamed or dropped column fails.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import attrs
import pendulum
import pytest
from click.testing import CliRunner

import reconcile
from reconcile import Dataset
from reconcile.cli import main
from reconcile.io.exports import column_meanings, export, stable_event_id

GED_COLUMNS = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
]
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
IBC_COLUMNS = [
    "IBC code",
    "Start Date",
    "End Date",
    "Time",
    "Location",
    "Target",
    "Weapons",
    "Reported Minimum",
    "Reported Maximum",
    "Sources",
]
AIRWARS_COLUMNS = [
    "code",
    "date",
    "location",
    "belligerent",
    "grade",
    "civilians_killed_min",
    "civilians_killed_max",
    "grade_reason",
]
ATTACK = "attack-on-camp-ashraf-2013-09-01"


@pytest.fixture(scope="module")
def ashraf() -> Dataset:
    with resources.as_file(resources.files("reconcile") / "data" / "ashraf.yaml") as path:
        return reconcile.load(path)


def rows_of(tmp_path: Path, to: str) -> tuple[list[str], list[dict[str, str]], str]:
    output = tmp_path / f"{to}.csv"
    outcome = CliRunner().invoke(main, ["export", "demo", "--to", to, "--output", str(output)])
    assert outcome.exit_code == 0, outcome.stderr
    with output.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows, outcome.stderr


@pytest.mark.parametrize(
    ("to", "columns"),
    [
        ("ucdp-ged", GED_COLUMNS),
        ("acled", ACLED_COLUMNS),
        ("ibc", IBC_COLUMNS),
        ("airwars", AIRWARS_COLUMNS),
    ],
)
def test_each_export_has_its_datasets_columns(tmp_path: Path, to: str, columns: list[str]) -> None:
    header, rows, stderr = rows_of(tmp_path, to)
    assert header == columns
    assert len(rows) == 11  # one row per event of the Camp Ashraf sample
    assert f"{to}.csv (11 events)" in stderr
    # Every column is documented.
    assert all(meaning for _, meaning, _ in column_meanings(to))


def row_of(rows: list[dict[str, str]], column: str, value: str) -> dict[str, str]:
    (row,) = [row for row in rows if row[column] == value]
    return row


def test_the_ged_row_of_the_2013_attack(tmp_path: Path, ashraf: Dataset) -> None:
    _, rows, stderr = rows_of(tmp_path, "ucdp-ged")
    row = row_of(rows, "relid", ATTACK)
    # As docs/codebooks.md works it out: 52 best, 50-52 reliable, one day, 12 origins.
    assert (row["best"], row["low"], row["high"]) == ("52", "50", "52")
    assert (row["date_start"], row["date_end"], row["date_prec"]) == (
        "2013-09-01",
        "2013-09-01",
        "1",
    )
    assert (row["event_clarity"], row["number_of_sources"]) == ("1", "12")
    assert row["where_description"] == "Camp Ashraf"
    # Not known without a gazetteer, nor split by side: left empty, and listed.
    assert row["where_prec"] == row["side_a"] == row["deaths_civilians"] == ""
    listed = stderr.split("left empty (the data cannot fill them): ")[1]
    assert {"side_a", "deaths_civilians", "latitude", "where_prec"} <= set(
        listed.strip().split(", ")
    )
    assert "best" not in listed.strip().split(", ")


def test_the_acled_ibc_and_airwars_rows_of_the_2013_attack(tmp_path: Path, ashraf: Dataset) -> None:
    result = reconcile.reconcile(ashraf, policy="ucdp")
    claims = {claim.id: claim for claim in ashraf.claims}
    code = stable_event_id(result.event(ATTACK), claims)
    acled = row_of(rows_of(tmp_path, "acled")[1], "event_id_cnty", code)
    assert (acled["event_date"], acled["fatalities"], acled["time_precision"]) == (
        "2013-09-01",
        "50",
        "1",
    )
    assert acled["actor1"] == "outside attackers"
    assert acled["notes"].startswith("Fatalities disputed: reports give 52")
    ibc = row_of(rows_of(tmp_path, "ibc")[1], "IBC code", code)
    assert (ibc["Reported Minimum"], ibc["Reported Maximum"]) == ("50", "52")
    airwars = row_of(rows_of(tmp_path, "airwars")[1], "code", code)
    assert (airwars["grade"], airwars["civilians_killed_min"], airwars["civilians_killed_max"]) == (
        "Confirmed",
        "50",
        "52",
    )


def test_an_open_top_leaves_the_maximum_empty(tmp_path: Path) -> None:
    _, rows, _ = rows_of(tmp_path, "ibc")
    # The 1988 executions: "tens of thousands", 20000 and up; nobody gave a top.
    (row,) = [row for row in rows if row["Reported Minimum"] == "20000"]
    assert row["Reported Maximum"] == ""


def test_event_ids_are_stable_when_the_data_grows(ashraf: Dataset) -> None:
    # The reports of 2013 first, then everything, the MEK sites' later articles included.
    early = attrs.evolve(
        ashraf,
        claims=[
            c for c in ashraf.claims if c.published and c.published < pendulum.datetime(2014, 1, 1)
        ],
    )
    ids = {}
    for name, data in (("early", early), ("all", ashraf)):
        result = reconcile.reconcile(data)
        claims = {claim.id: claim for claim in data.claims}
        (attack,) = [e for e in result.events if "d003-killed-2013-tasnim" in e.claims]
        ids[name] = (attack.id, stable_event_id(attack, claims))
    # The label, and with it the reconciliation's id, changes as the MEK's articles arrive...
    assert ids["early"][0] == "the-1-september-events-at-camp-ashraf-2013-09-01"
    assert ids["all"][0] == ATTACK
    # ...the stable id does not: it is named after the first report, which stays first.
    assert ids["early"][1] == ids["all"][1]
    assert len(ids["all"][1]) == len("ev-") + 10
    assert ids["all"][1].startswith("ev-")


def test_an_export_needs_its_policy(ashraf: Dataset) -> None:
    with pytest.raises(ValueError, match="needs a result reconciled with policy='acled'"):
        export(reconcile.reconcile(ashraf), "acled")


def test_docs_describe_every_column_as_the_code_fills_it() -> None:
    page = (Path(__file__).parents[1] / "docs" / "codebooks.md").read_text(encoding="utf-8")
    for to in ("ucdp-ged", "acled", "ibc", "airwars"):
        for column, meaning, filled in column_meanings(to):
            state = "yes" if filled else "no: left empty"
            assert f"| `{column}` | {meaning} | {state} |" in page, (to, column)
