"""`reconcile diff`: a dataset before and after new claims arrive, and merges and splits."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pendulum
from click.testing import CliRunner

import reconcile
from reconcile.cli import main
from reconcile.io.diff import EventChange, diff

# The al-Ahli case of tests/test_al_ahli.py: first the spokesman's figure and the
# ministry's accusation, then everything.
FIRST = {"k-spokesman", "p-moh", "p-idf-denial"}
AL_AHLI = (Path(__file__).parent / "al_ahli.yaml").read_text(encoding="utf-8")


def al_ahli(tmp_path: Path) -> reconcile.Dataset:
    path = tmp_path / "al-ahli.yaml"
    path.write_text(AL_AHLI, encoding="utf-8")
    return reconcile.load(path)


def run_json(dataset: reconcile.Dataset) -> dict[str, Any]:
    """The result as `reconcile run --format json` writes it, read back."""
    written: dict[str, Any] = json.loads(json.dumps(reconcile.reconcile(dataset).to_dict()))
    return written


def test_new_claims_revise_the_findings_and_say_which_claims_moved_them(tmp_path: Path) -> None:
    everything = al_ahli(tmp_path)
    first = attrs.evolve(everything, claims=[c for c in everything.claims if c.id in FIRST])
    changes = diff(run_json(first), run_json(everything))
    assert changes.events == ()  # one declared event, before and after
    revised = {revision.attribute: revision for revision in changes.revisions}
    # Before: the spokesman's "at least 500" alone: 500, the top open.
    # After: as tests/test_al_ahli.py works it out.
    killed = revised["killed"]
    assert (killed.before, killed.after) == (
        "500, range 500+ (single-source)",
        "471, range 24-471 (contradicted)",
    )
    assert killed.moved_by == ("k-civil-defence", "k-french", "k-moh", "k-us")
    who = revised["perpetrator"]
    # Before: the ministry accuses Israel's military, which denies it (a party: 0.1).
    assert who.before == "Israeli military (disputed)"
    assert who.after == "Palestinian militants (disputed)"
    assert who.moved_by == ("p-hrw", "p-idf", "p-pij-denial", "p-us")
    assert killed.text() == (
        "revised al-ahli-2023-10-17 / killed: 500, range 500+ (single-source) -> "
        "471, range 24-471 (contradicted); new claims: k-civil-defence, k-french, k-moh, k-us"
    )


def test_the_camp_ashraf_reports_of_2013_and_then_all_of_them(tmp_path: Path) -> None:
    with resources.as_file(resources.files("reconcile") / "data" / "ashraf.yaml") as path:
        ashraf = reconcile.load(path)
    early = attrs.evolve(
        ashraf,
        claims=[
            c for c in ashraf.claims if c.published and c.published < pendulum.datetime(2014, 1, 1)
        ],
    )
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(run_json(early)), encoding="utf-8")
    new.write_text(json.dumps(run_json(ashraf)), encoding="utf-8")
    outcome = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert outcome.exit_code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    # Five events only the MEK's later articles (000, 002) report are new.
    assert sorted(line for line in lines if line.startswith("new event: ")) == [
        "new event: a-complete-siege-on-mek-members",
        "new event: attacks-2009",
        "new event: hunger-strike",
        "new event: many-rocket-attacks-against-mek-members-in-camp-liberty",
        "new event: political-prisoners-affiliated-with-the-mek-to-the-gallows-1988",
    ]
    assert not any(line.startswith(("merged", "split", "removed")) for line in lines)
    # The 2013 toll: the State Department's 50 arrives with the MEK site's 2019 article.
    (toll,) = [
        line
        for line in lines
        if line.startswith(
            "revised the-1-september-events-at-camp-ashraf-2013-09-01 -> "
            "attack-on-camp-ashraf-2013-09-01 / killed: "
        )
    ]
    assert " -> 52, range 50-52 (disputed); new claims: " in toll
    assert "d001-killed-2013-state-dept" in toll


def test_merges_and_splits_are_found_by_the_claims() -> None:
    def result(*events: tuple[str, list[str]]) -> dict[str, Any]:
        return {"events": [{"id": i, "claims": c, "findings": []} for i, c in events]}

    old = result(("a", ["1", "2"]), ("b", ["3"]), ("c", ["4", "5"]), ("gone", ["6"]))
    new = result(("ab", ["1", "2", "3"]), ("c1", ["4"]), ("c2", ["5", "7"]), ("d", ["8"]))
    changes = diff(old, new)
    assert set(changes.events) == {
        EventChange(kind="merged", old=("a", "b"), new=("ab",)),
        EventChange(kind="split", old=("c",), new=("c1", "c2")),
        EventChange(kind="new", old=(), new=("d",)),
        EventChange(kind="removed", old=("gone",), new=()),
    }
    assert changes.revisions == ()  # findings are compared only for one-to-one events
    assert diff(old, old).text() == "no changes\n"


def test_a_file_that_is_not_a_result_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"sources": []}', encoding="utf-8")
    outcome = CliRunner().invoke(main, ["diff", str(bad), str(bad)])
    assert outcome.exit_code == 2
    assert f"{bad}: not a reconcile result (no 'events' list)" in outcome.stderr
