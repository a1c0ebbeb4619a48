"""The al-Ahli hospital explosion (Gaza, 17 October 2023), from its public figures.

The case that exposed the old defaults (issue 11): the Gaza health ministry's
"at least 500" through its spokesman, revised to 471 the next day;
"hundreds"; "between 100 and 300" (US intelligence); "dozens" (French
intelligence); and rival accusations with denials from both sides. Every
expected value below is worked out by hand from the rules in
docs/reconciliation.md and docs/strategies.md; all sources weigh 1.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import reconcile
from reconcile import Category, ContradictionKind, Quantity, Reconciliation, Status

EVENT = "al-ahli-2023-10-17"

AL_AHLI = (Path(__file__).parent / "al_ahli.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Reconciliation:
    path: Path = tmp_path_factory.mktemp("al-ahli") / "al-ahli.yaml"
    path.write_text(AL_AHLI, encoding="utf-8")
    return reconcile.reconcile(reconcile.load(path))


def test_the_perpetrator_is_one_exclusive_answer_and_disputed(result: Reconciliation) -> None:
    finding = result.finding(EVENT, "perpetrator")
    # The parties' claims are in their own interest: the IDF blames its rival and denies
    # its own role (two things said: 0.5 x 0.1 each), PIJ denies its own role (0.1).
    # Net weights, one perpetrator:
    #   Palestinian militants     1 (US) + 1 (HRW) + 0.05 (IDF: PIJ) - 1 (the ministry) = 1.05
    #   Israeli military          1 - 0.05 (IDF's denial) - 2.05 (the militants' claims) = -1.1
    #   Palestinian Islamic Jihad 0.05 - 0.1 (PIJ's denial) - 1 (the ministry)          = -1.05
    assert finding.best == Category(label="Palestinian militants")  # one label, not a merge
    assert finding.status is Status.DISPUTED
    # PIJ's denial of its own narrower role is no support for "Palestinian militants".
    assert finding.dissent == ("p-moh", "p-pij-denial")
    assert finding.support == ("p-hrw", "p-idf", "p-idf-denial", "p-us")
    # Support 2.1 against 1.1; camps human-rights, israel, us-gov.
    assert finding.confidence == pytest.approx(2.1 / 3.2 * (1 - 0.5**3))
    (rival,) = [
        c for c in finding.contradictions if c.kind is ContradictionKind.EXCLUSIVE_CATEGORIES
    ]
    assert rival.claims[0] == "p-moh"
    assert "excludes 'Palestinian militants'" in rival.message


def test_no_upper_bound_is_invented(result: Reconciliation) -> None:
    finding = result.finding(EVENT, "killed")
    # 471 lies in the ministry's figure and in "hundreds" [200, 999]; 200 and 300 in
    # "hundreds" and "between 100 and 300": a tie at 2, won by 471, which is stated outright.
    assert finding.best == Quantity.exact(471)
    assert finding.status is Status.CONTRADICTED  # 2 (ministry, hundreds) against 2
    # Stated figures: 471, 200 (the floor of "hundreds"), 100 and 300, 24 (the floor of
    # "dozens"). Nobody said 999, so it is not the top of the range.
    assert (finding.low, finding.high, finding.high_open) == (24, 471, False)
    assert finding.range_text() == "24-471"
    assert finding.beyond_range == ()


def test_hundreds_alone_has_an_open_top_and_the_chart_no_999(result: Reconciliation) -> None:
    claim = next(c for c in result.dataset.claims if c.id == "k-civil-defence")
    alone = reconcile.reconcile(attrs.evolve(result.dataset, claims=[claim]))
    finding = alone.finding(EVENT, "killed")
    assert (finding.low, finding.high, finding.high_open) == (200, 200, True)
    assert finding.range_text() == "200+"
    assert "999" not in reconcile.render_html(result)


def test_the_spokesmans_figure_is_revised_by_the_ministry(result: Reconciliation) -> None:
    group = result.group(EVENT, "killed")
    ministry = next(t for t in group.testimonies if t.origin == "gaza-moh")
    # The spokesman speaks for the ministry: his "at least 500" of 17 October is the
    # ministry's earlier figure, revised by its 471 of 18 October.
    assert (ministry.value, ministry.claims, ministry.superseded) == (
        Quantity.exact(471),
        ("k-moh",),
        ("k-spokesman",),
    )
    assert ministry.weight == 1.0  # not split between 471 and "at least 500"
    assert group.origins == {"gaza-moh", "civil-defence", "us-intel", "french-intel"}
    text = result.explain(EVENT, "killed")
    assert (
        "k-spokesman: wire -> moh-spokesman [gaza-gov] says at least 500 (an earlier count it "
        "revised); origin moh-spokesman (speaking for gaza-moh)"
    ) in text
