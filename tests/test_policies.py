"""Codebook policies: their precision codes, their reading of vague words, the command line.

The worked examples of each policy (every Airwars grade among them) are in
docs/codebooks.md, which tests/test_docs.py runs; these tests check the
rules one by one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

import reconcile
from reconcile import Claim, Dataset, Event, Quantity, Source, TimeSpan, parse_quantity
from reconcile.cli import main
from reconcile.judging.policies import Acled, Placement, get_policy
from reconcile.judging.policies.reread import reread
from reconcile.judging.policies.ucdp import date_prec, event_clarity, where_prec
from reconcile.values.timespan import Precision

ATTACK = "attack-on-camp-ashraf-2013-09-01"


@pytest.mark.parametrize(
    ("span", "code"),
    [
        (TimeSpan.day(2013, 9, 1), 1),
        (reconcile.parse_timespan("2009-07-28/2009-07-29"), 2),  # two days
        (
            TimeSpan.of(
                pendulum.datetime(2013, 8, 26),
                pendulum.datetime(2013, 9, 1),
                precision=Precision.DAY,
            ),
            3,
        ),  # 26 August to 1 September: seven days
        (reconcile.parse_timespan("July 2009"), 4),
        (reconcile.parse_timespan("in 2009"), 5),
        (None, None),
    ],
)
def test_date_precision_follows_the_ged_codes(span: TimeSpan | None, code: int | None) -> None:
    assert date_prec(span) == code


@pytest.mark.parametrize(
    ("placement", "code"),
    [
        (Placement(relative=True), 2),
        (Placement(depth=0), 6),  # a country
        (Placement(depth=1), 4),  # a province
        (Placement(depth=2), 3),  # a district
        (Placement(depth=5), 1),  # a site
        (Placement(), None),  # unknown to the gazetteer: not guessed
    ],
)
def test_place_precision_follows_the_gazetteer(placement: Placement, code: int | None) -> None:
    assert where_prec(placement) == code


def test_event_clarity_needs_a_date_within_a_week() -> None:
    assert [event_clarity(code) for code in (1, 3, 4, None)] == [1, 1, 2, 2]


def test_a_near_phrase_is_where_prec_2_through_the_pipeline() -> None:
    data = Dataset(
        sources=[Source(id="s")],
        events=[Event(id="e", label="shelling", where="40 km north of Baghdad")],
        claims=[Claim(id="c", source="s", event="e", attribute="killed", value=Quantity.exact(3))],
    )
    coding = reconcile.reconcile(data, policy="ucdp").codings["e"]
    assert coding.fields["where_prec"] == 2
    assert coding.fields["date_prec"] is None  # the event has no time: left empty
    assert coding.fields["event_clarity"] == 2


def test_acled_reads_vague_words_again_and_leaves_others() -> None:
    dozens = Claim(
        id="d",
        source="s",
        event="e",
        attribute="killed",
        value=parse_quantity("dozens"),
        value_text="dozens",
    )
    wordless = Claim(id="w", source="s", event="e", attribute="killed", value=Quantity.exact(40))
    data = Dataset(
        sources=[Source(id="s")], events=[Event(id="e", label="e")], claims=[dozens, wordless]
    )
    read = {
        claim.id: claim.value
        for claim in reread(data, Acled().hedges or reconcile.HedgePolicy.default()).claims
    }
    coded = read["d"]
    assert isinstance(coded, Quantity)
    assert (coded.low, coded.high) == (12, 12)  # ACLED's code for "dozens"
    assert read["w"] == Quantity.exact(40)


def test_a_policy_object_is_accepted_and_names_are_case_blind() -> None:
    policy = Acled(fatalities="deaths")
    assert get_policy(policy) is policy
    assert get_policy(" UCDP ").name == "ucdp"
    assert dict(policy.strategies) == {"deaths": reconcile.Conservative()}


def test_without_a_policy_nothing_is_coded() -> None:
    data = Dataset(
        sources=[Source(id="s")],
        events=[Event(id="e", label="e")],
        claims=[Claim(id="c", source="s", event="e", attribute="killed", value=Quantity.exact(3))],
    )
    result = reconcile.reconcile(data)
    assert result.codings == {}
    assert "coding" not in result.to_dict()["events"][0]


def invoke(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(args))
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_run_with_a_codebook_policy_writes_its_coding(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    code, _, _ = invoke(
        "run", "demo", "--policy", "airwars", "--format", "json", "--output", str(target)
    )
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    event = next(e for e in data["events"] if e["id"] == ATTACK)
    assert event["coding"]["policy"] == "airwars"
    # Reuters' Iraqi security sources (party: Iraqi state) say Iraq's army opened fire.
    assert event["coding"]["fields"]["grade"] == "Confirmed"
    assert event["coding"]["notes"][0] == (
        "Confirmed: iraqi-security-sources accepted responsibility ('Iraqi security forces')"
    )
    code, out, _ = invoke("run", "demo", "--policy", "ibc")
    assert code == 0
    assert "  ibc: min 50, max 52, status included, sources " in out


def test_run_with_acled_codes_the_lowest_reliable_figure() -> None:
    code, out, _ = invoke("run", "demo", "--policy", "acled", "--format", "markdown")
    assert code == 0
    assert "Coding: acled: fatalities 50, notes Fatalities disputed" in out


def test_an_unknown_policy_is_a_usage_error() -> None:
    code, _, err = invoke("run", "demo", "--policy", "gdelt")
    assert code == 2
    assert "'gdelt' is not one of" in err
    assert "'airwars'" in err
