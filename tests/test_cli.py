"""The `reconcile` command: demo, run, validate, explain, schema, strategies, and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import reconcile
from reconcile import dataset_schema, output_schema
from reconcile.cli import main
from reconcile.judging import registry

EVENT_2013 = "attack-on-camp-ashraf-2013-09-01"
EVENT_2009 = "deadly-attack-on-camp-ashraf-2009-07-28"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_demo_prints_the_camp_ashraf_findings() -> None:
    code, out, _ = invoke("demo")
    assert code == 0
    # Checked by hand against the articles: ten origins give 52 for 1 September 2013, the
    # US State Department 50, Ayatollah Khatami "seventy"; seven hostages; for July 2009
    # MEK sites say 11 and Amnesty "no less than nine". Khatami's "seventy" is a boast of
    # enemy losses (declared self-serving in the data), so it weighs 0.1 and is beyond the
    # range of reliable figures.
    block_2013 = out[out.index(f"({EVENT_2013})") :]
    killed = next(line for line in block_2013.splitlines() if line.strip().startswith("killed"))
    assert killed.split()[:4] == ["killed", "52", "50-52", "disputed"]
    hostages = next(line for line in block_2013.splitlines() if line.strip().startswith("hostages"))
    assert hostages.split()[:4] == ["hostages", "7", "7", "agreed"]
    assert "against: khatami [iran-state] says 70; us-state-dept [us-gov] says 50" in block_2013
    assert "perpetrator: for " in block_2013
    assert "iraqi-officials [iraq-gov] says camp residents" in block_2013
    block_2009 = out[out.index(f"({EVENT_2009})") : out.index(f"({EVENT_2013})")]
    killed_2009 = next(
        line for line in block_2009.splitlines() if line.strip().startswith("killed")
    )
    assert killed_2009.split()[:4] == ["killed", "11", "9-11", "agreed"]
    assert "contradictions:" in block_2013
    assert (
        "disjoint-values (severity 0.35): khatami (iran-state) disagrees: 70 against 52"
        in block_2013
    )


def test_run_writes_the_json_contract(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    code, _, err = invoke("run", "demo", "--format", "json", "--output", str(target))
    assert code == 0
    assert f"wrote {target}" in err
    result = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(result, output_schema())
    event = next(e for e in result["events"] if e["id"] == EVENT_2013)
    killed = next(f for f in event["findings"] if f["attribute"] == "killed")
    assert (killed["best"], killed["low"], killed["high"], killed["status"]) == (
        52,
        50,
        52,
        "disputed",
    )
    (beyond,) = killed["beyond_range"]
    assert (beyond["claims"], beyond["figure"]) == (["d003-killed-2013-khatami"], "70")


def test_run_markdown_and_html(tmp_path: Path) -> None:
    code, out, _ = invoke("run", "demo", "--format", "markdown")
    assert code == 0
    assert out.startswith("# Reconciliation of demo")
    assert "| killed | 52 | 50-52 | disputed |" in out
    page = tmp_path / "report.html"
    assert invoke("run", "demo", "--format", "html", "--output", str(page))[0] == 0
    assert "<svg" in page.read_text(encoding="utf-8")


def test_strategy_option_and_config_file(tmp_path: Path) -> None:
    code, out, _ = invoke("run", "demo", "--strategy", "killed=conservative")
    assert code == 0
    block = out[out.index(f"({EVENT_2013})") :]
    killed = next(line for line in block.splitlines() if line.strip().startswith("killed"))
    assert killed.split()[:5] == [
        "killed",
        "≥",
        "50",
        "50-52",
        "contradicted",
    ]  # at least the lowest credible figure, which only the State Department's 50 states:
    # the ten origins of 52 give another toll, so they dissent, and 10 + 0.1 outweigh 1
    config = tmp_path / "run.yaml"
    config.write_text("strategies: {killed: ucdp}\nlearn_weights: true\n")
    assert invoke("run", "demo", "--config", str(config))[0] == 0
    config.write_text("learn_weights: auto\n")
    assert invoke("run", "demo", "--config", str(config))[0] == 0
    config.write_text("learn_weights: maybe\n")
    code, _, err = invoke("run", "demo", "--config", str(config))
    assert code == 2
    assert "learn_weights must be true, false or auto" in err
    config.write_text("strategys: {killed: ucdp}\n")
    code, _, err = invoke("run", "demo", "--config", str(config))
    assert code == 2
    assert "unknown key(s) strategys" in err


def test_unknown_strategy_and_event_are_usage_errors() -> None:
    code, _, err = invoke("run", "demo", "--strategy", "killed=guesswork")
    assert code == 2
    assert "no strategy named 'guesswork'" in err
    assert "Traceback" not in err
    code, _, err = invoke("explain", "demo", "no-such-event", "killed")
    assert code == 2
    assert "no event 'no-such-event'" in err


def test_explain_lists_the_claims_behind_a_finding() -> None:
    code, out, _ = invoke("explain", "demo", EVENT_2013, "killed")
    assert code == 0
    assert "disputed: best 52, range 50-52" in out
    assert "beyond the range: 70 (d003-killed-2013-khatami): a party's claim in its own" in out
    assert "dissents: d003-killed-2013-khatami" in out
    assert "says seventy" in out


def test_explain_a_sub_count(tmp_path: Path) -> None:
    path = tmp_path / "sub.yaml"
    path.write_text(
        "sources: [{id: s}, {id: t}]\n"
        "claims:\n"
        "  - {id: all, source: s, mention: {label: x}, attribute: killed, value: 20}\n"
        "  - {id: kids, source: s, mention: {label: x}, attribute: killed, value: 5, qualifier: children}\n"
        "  - {id: kids-t, source: t, mention: {label: x}, attribute: killed, value: 5, qualifier: children}\n"
    )
    code, out, _ = invoke("run", str(path), "--format", "json")
    assert code == 0
    event = json.loads(out)["events"][0]["id"]
    code, out, _ = invoke("explain", str(path), event, "killed", "--qualifier", "children")
    assert code == 0
    assert "/ killed (children)" in out
    assert "single-camp: best 5" in out
    assert "supports: kids:" in out
    assert "supports: all:" not in out


def test_validate_accepts_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        "sources: [{id: s}]\nclaims: [{id: c, source: s, mention: {label: x}, attribute: killed, value: 3}]\n"
    )
    code, out, _ = invoke("validate", str(path))
    assert code == 0
    assert "valid: 1 source, 0 events, 1 claim" in out


def test_validate_lists_problems_on_stderr_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "sources: [{id: s}]\nclaims:\n  - {id: c, source: t, mention: {label: x}, attribute: killed, value: lots}\n"
    )
    code, out, err = invoke("validate", str(path))
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert f"{path}:3 claims[0] (id 'c') field 'source': names the unknown source 't'" in err
    assert "field 'value': cannot read 'lots' as a quantity" in err


def test_validate_reads_under_the_chosen_policy(tmp_path: Path) -> None:
    path = tmp_path / "vague.yaml"
    path.write_text(
        "sources: [{id: s}]\nclaims:\n  - {id: c, source: s, mention: {label: x}, attribute: killed, value: dozens}\n"
    )
    assert invoke("validate", str(path), "--policy", "acled")[0] == 0
    assert invoke("validate", str(path), "--policy", "lenient")[0] == 2


def test_files_that_do_not_fit_together_are_usage_errors(tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("id,source\n")
    code, _, err = invoke("validate", str(claims))
    assert code == 2
    # The command line's words, not the Python keyword's.
    assert f"{claims}: .csv files hold claims only: pass --sources naming the sources file" in err
    assert "sources=" not in err
    document = tmp_path / "whole.yaml"
    document.write_text("sources: [{id: s}]\n")
    code, _, err = invoke("validate", str(document), "--sources", str(document))
    assert code == 2
    assert "holds its own sources; do not pass --sources" in err


def test_demo_works_wherever_a_command_takes_a_path() -> None:
    code, out, _ = invoke("validate", "demo")
    assert code == 0
    # 33 sources and 123 claims, as `reconcile demo` reports them.
    assert out == "demo: valid: 33 sources, 0 events, 123 claims\n"
    assert invoke("run", "demo", "--format", "json")[0] == 0
    assert invoke("explain", "demo", EVENT_2013, "killed")[0] == 0


def fitting_names(err: str, kind: str) -> set[str]:
    """The strategies an error message offers for values of `kind`."""
    return set(err.split(f"strategies for {kind} values: ")[1].strip().split(", "))


def test_a_strategy_for_another_kind_of_value_is_a_usage_error() -> None:
    code, out, err = invoke("run", "demo", "--strategy", "perpetrator=interval-consensus")
    assert code == 2
    assert out == ""
    assert (
        "the strategy 'interval-consensus' reconciles quantity values, but 'perpetrator' is a "
        "category attribute; strategies for category values: "
    ) in err
    # Other tests may register more strategies; these are the built-ins that fit.
    offered = fitting_names(err, "category")
    assert {"hierarchical-vote", "weighted-vote"} <= offered
    assert not offered & {"interval-consensus", "conservative", "intersection"}
    code, _, err = invoke("demo", "--strategy", "killed=intersection")
    assert code == 2
    assert "'killed' is a quantity attribute" in err
    offered = fitting_names(err, "quantity")
    assert {"conservative", "interval-consensus", "ucdp", "weighted-median"} <= offered
    assert not offered & {"weighted-vote", "hierarchical-vote", "intersection"}


@pytest.mark.parametrize(
    ("flag", "schema"), [((), dataset_schema()), (("--result",), output_schema())]
)
def test_schema_prints_the_published_json_schemas(flag: tuple[str, ...], schema: object) -> None:
    code, out, _ = invoke("schema", *flag)
    assert code == 0
    assert json.loads(out) == schema


def test_published_schema_file_is_up_to_date() -> None:
    published = Path(__file__).parents[1] / "docs" / "dataset.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == dataset_schema(), (
        "run: reconcile schema > docs/dataset.schema.json"
    )


def test_strategies_lists_the_built_ins() -> None:
    code, out, _ = invoke("strategies")
    assert code == 0
    names = {line.split(":")[0] for line in out.splitlines()}
    assert {
        "interval-consensus",
        "weighted-median",
        "conservative",
        "ucdp",
        "weighted-vote",
        "intersection",
    } <= names


def test_strategies_shows_a_function_strategys_own_docstring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    @reconcile.strategy("loudest")
    def loudest(group: reconcile.ClaimGroup) -> reconcile.Finding:
        """Interval consensus under another name."""
        return reconcile.IntervalConsensus(name="loudest").reconcile(group)

    monkeypatch.setattr(registry, "_REGISTRY", {**registry._REGISTRY, "loudest": loudest})
    code, out, _ = invoke("strategies")
    assert code == 0
    assert "loudest: Interval consensus under another name.\n" in out
    adapter_doc = reconcile.FunctionStrategy.__doc__ or ""
    assert adapter_doc.splitlines()[0] not in out


def test_help_is_everywhere() -> None:
    for command in ("demo", "run", "validate", "explain", "schema", "strategies"):
        code, out, _ = invoke(command, "--help")
        assert code == 0
        assert "Usage:" in out
    assert "Exit codes" in invoke("--help")[1]


def test_run_reads_the_example_file_in_the_repository() -> None:
    example = Path(__file__).parents[1] / "examples" / "ashraf" / "ashraf.yaml"
    code, out, _ = invoke("run", str(example), "--format", "json")
    assert code == 0
    jsonschema.validate(json.loads(out), output_schema())


def test_the_progress_bar_appears_only_on_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys
    import time

    from reconcile import cli

    clock = iter([0.0, 0.5, 5.0, 5.1, 5.2])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    progress = cli._Progress("reconciling")  # started at 0.0
    progress(1, 4)  # at 0.5 s: too early for a bar
    assert progress.bar is None
    progress(2, 4)  # at 5.0 s: the bar appears
    assert progress.bar is not None
    progress(4, 4)
    assert progress.bar is None  # closed when done
    assert "reconciling" in stream.getvalue()
