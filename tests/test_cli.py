"""The `reconcile` command: demo, validate and schema, with their exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reconcile import dataset_schema
from reconcile._cli import main


def test_demo_prints_the_disputed_death_toll_with_each_chain() -> None:
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    # Figures checked by hand against the articles: MEK sites and Tasnim say 52, the State
    # Department 50, Ayatollah Khatami "seventy"; 52 comes from three separate origins.
    assert (
        'nejat -> iran-interlink -> fars -> khatami [iran-state] says "seventy" = 70'
        in result.output
    )
    assert (
        "figures span [50, 70]: 52 from 3 origins, 50 from 1 origin, 70 from 1 origin"
        in result.output
    )
    assert "nejat -> afp-ap -> iraqi-officials [iraq-gov] denies Iraqi troops" in result.output
    assert 'mek-iran -> amnesty [human-rights] says "no less than nine" = ≥ 9' in result.output


def test_validate_accepts_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        "sources: [{id: s}]\nclaims: [{id: c, source: s, mention: {label: x}, attribute: killed, value: 3}]\n"
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "valid: 1 sources, 0 events, 1 claims" in result.output


def test_validate_lists_problems_on_stderr_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "sources: [{id: s}]\nclaims:\n  - {id: c, source: t, mention: {label: x}, attribute: killed, value: lots}\n"
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        f"{path}:3 claims[0] (id 'c') field 'source': names the unknown source 't'" in result.output
    )
    assert "field 'value': cannot read 'lots' as a quantity" in result.output


def test_validate_reads_under_the_chosen_policy(tmp_path: Path) -> None:
    path = tmp_path / "vague.yaml"
    path.write_text(
        "sources: [{id: s}]\nclaims:\n  - {id: c, source: s, mention: {label: x}, attribute: killed, value: dozens}\n"
    )
    assert CliRunner().invoke(main, ["validate", str(path), "--policy", "acled"]).exit_code == 0
    assert CliRunner().invoke(main, ["validate", str(path), "--policy", "lenient"]).exit_code == 2


def test_schema_prints_the_published_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == dataset_schema()


def test_published_schema_file_is_up_to_date() -> None:
    published = Path(__file__).parents[1] / "docs" / "dataset.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == dataset_schema(), (
        "run: reconcile schema > docs/dataset.schema.json"
    )
