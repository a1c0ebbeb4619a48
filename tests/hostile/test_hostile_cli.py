"""The command line with hostile paths and text: exit 1 for the data, 2 for usage, no traceback."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from reconcile.cli import main

DATASET = """\
sources:
  - {id: s1, name: "Outlet \\e]0;owned\\a", affiliation: camp-a}
  - {id: s2, name: "Other \\u202e", affiliation: camp-b}
events:
  - {id: e1, label: "Attack\\n```\\n# not a heading", where: "Camp \\e[31mred"}
claims:
  - {id: c1, source: s1, event: e1, attribute: killed, value: "52", value_text: "fifty-two \\e[2J"}
  - {id: c2, source: s2, event: e1, attribute: killed, value: "70"}
"""
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crashed: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    return result


def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(DATASET, encoding="utf-8")
    return path


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.html"
    result = invoke("run", str(hostile_file(tmp_path)), "--output", str(target))
    assert result.exit_code == 2
    assert f"the folder '{target.parent}' does not exist" in result.stderr
    assert not target.parent.exists()


def test_output_below_a_file_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = invoke("run", str(hostile_file(tmp_path)), "--output", str(blocker / "report.txt"))
    assert result.exit_code == 2
    assert "cannot write --output" in result.stderr


def test_a_missing_data_file_is_a_data_problem(tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 1
    assert "absent.yaml: no such file" in result.stderr


def test_a_missing_sources_file_is_a_data_problem(tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("id,source,event,attribute,value\n", encoding="utf-8")
    result = invoke("run", str(claims), "--sources", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 1
    assert "absent.yaml: no such file" in result.stderr


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<claims/>", encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert "cannot tell the format" in result.stderr


def test_every_report_format_and_explain_keep_the_terminal_safe(tmp_path: Path) -> None:
    path = hostile_file(tmp_path)
    for report in ("text", "markdown", "json", "html"):
        result = invoke("run", str(path), "--format", report)
        assert result.exit_code == 0, result.stderr
        assert not UNSAFE.search(result.stdout.replace("\n", "")), report
    result = invoke("explain", str(path), "e1", "killed")
    assert result.exit_code == 0, result.stderr
    assert not UNSAFE.search(result.stdout.replace("\n", ""))
    assert "fifty-two \\x1b[2J" in result.stdout


def test_error_messages_quoting_the_input_keep_the_terminal_safe(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(DATASET.replace('value: "70"', 'value: "\\e]0;x\\a seventy"'), "utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert "bad.yaml:8 claims[1] (id 'c2') field 'value'" in result.stderr
    assert not UNSAFE.search(result.stderr.replace("\n", ""))
