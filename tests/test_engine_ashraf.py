"""The engine on a small dataset in the shape of the Camp Ashraf reports, checked by hand.

Every expected figure below was worked out on paper from the rules in
docs/strategies.md: all sources weigh 1, a figure's score is the weight of
the independent origins whose intervals contain it, confidence is the
supporting share of weight times 1 - 0.5**k for k supporting camps.
"""

from __future__ import annotations

import math

import attrs
import pendulum
import pytest

import reconcile
from reconcile import (
    AttributeSchema,
    Category,
    Claim,
    ContradictionKind,
    Dataset,
    Event,
    Hedge,
    Polarity,
    Quantity,
    Reconciliation,
    Source,
    Status,
    Taxonomy,
    TimeSpan,
    ValueKind,
    parse_quantity,
    parse_timespan,
)
from reconcile.model.claim import Value

SOURCES = [
    Source(id="mek-site", affiliation="mek"),
    Source(id="opposition-news", affiliation="mek"),
    Source(id="mek-iran", affiliation="mek"),
    Source(id="state-dept", affiliation="us-gov"),
    Source(id="nyt", affiliation="press"),
    Source(id="un", affiliation="un"),
    Source(id="nejat", affiliation="anti-mek"),
    Source(id="tasnim", affiliation="iran-state"),
    Source(id="press-tv", affiliation="iran-state"),
    Source(id="khatami", affiliation="iran-state"),
    Source(id="salami", affiliation="iran-state"),
    Source(id="ap", affiliation="wire"),
    Source(id="iraqi-officials", affiliation="iraq-gov"),
    Source(id="hospital", affiliation="iraq-gov"),
    Source(id="amnesty", affiliation="human-rights"),
]
EVENTS = [
    Event(id="ashraf-2013", label="Attack on Camp Ashraf", when=TimeSpan.day(2013, 9, 1)),
    Event(
        id="ashraf-2009",
        label="Raid on Camp Ashraf",
        when=parse_timespan("2009-07-28/2009-07-29"),
    ),
]
PERPETRATOR = AttributeSchema(
    name="perpetrator",
    kind=ValueKind.CATEGORY,
    multi=True,
    taxonomy=Taxonomy(
        parents={
            "Iraqi security forces": "outside attackers",
            "Golden Division": "Iraqi security forces",
            "Iranian proxies": "outside attackers",
            "a group of Iraqi youth": "outside attackers",
        },
        exclusive=[
            ["outside attackers", "an internal dispute"],
            ["Iraqi security forces", "a group of Iraqi youth"],
        ],
        aliases={"Iraqi troops": "Iraqi security forces", "Iraqi forces": "Iraqi security forces"},
    ),
)


def read(attribute: str, text: str, published: pendulum.DateTime | None) -> Value:
    if attribute == "perpetrator":
        return Category(label=text)
    if attribute == "date":
        return parse_timespan(text, reference=published)
    return parse_quantity(text)


def claim(
    id_: str,
    chain: str,
    attribute: str,
    text: str,
    *,
    event: str = "ashraf-2013",
    polarity: Polarity = Polarity.ASSERTS,
    published: pendulum.DateTime | None = None,
) -> Claim:
    """A claim; `chain` is "outlet > ... > origin"."""
    links = chain.split(" > ")
    return Claim(
        id=id_,
        source=links[0],
        attribution=tuple(links[1:]),
        event=event,
        attribute=attribute,
        value=read(attribute, text, published),
        value_text=text,
        polarity=polarity,
        published=published,
    )


CLAIMS = [
    # 2013 death toll: 52 from three origins in three camps, 50 (US), "seventy" (Khatami).
    claim("k-mek", "mek-site", "killed", "52"),
    claim("k-us", "mek-site > state-dept", "killed", "50"),
    claim("k-tasnim", "nejat > tasnim", "killed", "52"),
    claim("k-tasnim-again", "press-tv > tasnim", "killed", "52"),  # a repeat: same origin
    claim("k-khatami", "nejat > khatami", "killed", "seventy"),
    claim("k-un", "mek-site > nyt > un", "killed", "52"),
    # 2009 death toll: 11 against "no less than nine".
    claim("k9-mek", "mek-iran", "killed", "11", event="ashraf-2009"),
    claim("k9-amnesty", "mek-iran > amnesty", "killed", "no less than nine", event="ashraf-2009"),
    # Hostages: two MEK outlets.
    claim("h-mek", "mek-site", "hostages", "7"),
    claim("h-news", "opposition-news", "hostages", "seven"),
    # Perpetrators that exclude each other, and one denial.
    claim("p-mek", "mek-site", "perpetrator", "Iraqi forces"),
    claim("p-us", "mek-site > state-dept", "perpetrator", "Iranian proxies"),
    claim("p-salami", "nejat > tasnim > salami", "perpetrator", "a group of Iraqi youth"),
    claim("p-iraq", "nejat > ap > iraqi-officials", "perpetrator", "an internal dispute"),
    claim(
        "p-denial",
        "nejat > ap > iraqi-officials",
        "perpetrator",
        "Iraqi troops",
        polarity=Polarity.DENIES,
    ),
    claim("p-golden", "opposition-news", "perpetrator", "Golden Division"),
    # Iraqi casualties: one origin only.
    claim("i-hospital", "nejat > hospital", "iraqi_casualties", "two"),
    # An early partial count revised later by the same origin.
    claim("w-early", "nejat > hospital", "wounded", "3", published=TimeSpan.day(2013, 9, 1).start),
    claim("w-late", "nejat > hospital", "wounded", "34", published=TimeSpan.day(2013, 9, 3).start),
    claim("w-un", "un", "wounded", "over twenty"),
    # Dates that agree, one relative to its document's date.
    claim("d-mek", "mek-site", "date", "September 1, 2013"),
    claim(
        "d-un", "mek-site > nyt > un", "date", "on Sunday", published=TimeSpan.day(2013, 9, 3).start
    ),
    claim("d9-mek", "mek-iran", "date", "between July 28th and 29th, 2009", event="ashraf-2009"),
    claim("d9-amnesty", "mek-iran > amnesty", "date", "July 2009", event="ashraf-2009"),
]


@pytest.fixture(scope="module")
def result() -> Reconciliation:
    dataset = Dataset(sources=SOURCES, events=EVENTS, attributes=[PERPETRATOR], claims=CLAIMS)
    return reconcile.reconcile(dataset)


def test_the_2013_death_toll_is_52_disputed_within_50_to_70(result: Reconciliation) -> None:
    finding = result.finding("ashraf-2013", "killed")
    assert finding.best == Quantity.exact(52)
    assert (finding.low, finding.high) == (50, 70)
    assert finding.status is Status.DISPUTED  # support weight 3 > dissent 2
    assert set(finding.support) == {"k-mek", "k-tasnim", "k-tasnim-again", "k-un"}
    assert set(finding.dissent) == {"k-us", "k-khatami"}
    assert finding.support_affiliations == ("iran-state", "mek", "un")
    assert finding.dissent_affiliations == ("iran-state", "us-gov")
    # Tasnim's repeat by Press TV counts once: 3 of 5 origins, three camps.
    assert finding.confidence == pytest.approx(3 / 5 * (1 - 0.5**3))
    kinds = {(c.kind, c.claims[0], round(c.severity, 4)) for c in finding.contradictions}
    assert kinds == {
        (ContradictionKind.DISJOINT_VALUES, "k-khatami", round(18 / 52, 4)),
        (ContradictionKind.DISJOINT_VALUES, "k-us", round(2 / 52, 4)),
    }


def test_a_wild_figure_from_one_more_origin_is_named_an_outlier_and_left_out(
    result: Reconciliation,
) -> None:
    wild = Claim(
        id="k-wild",
        source="ap",
        event="ashraf-2013",
        attribute="killed",
        value=Quantity.exact(1000),
    )
    finding = result.add([wild]).finding("ashraf-2013", "killed")
    assert finding.best == Quantity.exact(52)
    assert (finding.low, finding.high) == (50, 70)  # 1000 is 18 times 52 away: an outlier
    outliers = [c for c in finding.contradictions if c.kind is ContradictionKind.OUTLIER]
    assert [c.claims[0] for c in outliers] == ["k-wild"]
    assert "k-wild" in finding.dissent


@pytest.mark.parametrize(
    ("name", "best", "status"),
    [
        ("interval-consensus", Quantity.exact(52), Status.DISPUTED),
        ("weighted-median", Quantity.exact(52), Status.DISPUTED),
        # At least 50, the lowest figure: only the 50 states it; the three 52s and the 70
        # give other tolls and dissent, 4 against 1.
        (
            "conservative",
            Quantity(low=50, high=math.inf, hedge=Hedge.AT_LEAST),
            Status.CONTRADICTED,
        ),
        ("ucdp", Quantity.exact(52), Status.DISPUTED),
    ],
)
def test_each_quantity_strategy_on_the_2013_toll(
    result: Reconciliation, name: str, best: Quantity, status: Status
) -> None:
    finding = reconcile.reconcile(result.dataset, strategies={"killed": name}).finding(
        "ashraf-2013", "killed"
    )
    assert finding.best == best
    assert finding.status is status
    assert (finding.low, finding.high) == (50, 70)
    assert finding.strategy == name


def test_the_2009_toll_is_11_agreed_with_nine_as_the_low_end(result: Reconciliation) -> None:
    finding = result.finding("ashraf-2009", "killed")
    assert finding.best == Quantity.exact(11)  # "no less than nine" contains 11
    assert (finding.low, finding.high) == (9, 11)
    assert finding.status is Status.AGREED
    assert finding.confidence == pytest.approx(1.0 * (1 - 0.5**2))  # mek and human-rights


def test_hostages_agree_but_one_camp_alone_caps_confidence(result: Reconciliation) -> None:
    finding = result.finding("ashraf-2013", "hostages")
    assert finding.best == Quantity.exact(7)
    # Two MEK outlets: one camp, however many outlets repeat it, is not agreement.
    assert finding.status is Status.SINGLE_CAMP
    assert finding.confidence == pytest.approx(0.5)


def test_the_perpetrator_is_outside_attackers_with_the_specific_one_disputed(
    result: Reconciliation,
) -> None:
    finding = result.finding("ashraf-2013", "perpetrator")
    # Net weights: outside attackers 4 - 1 = 3; Iraqi security forces 2 - 3 = -1;
    # Iranian proxies 1 - 1 = 0; Iraqi youth 1 - 3; internal dispute 1 - 4; Golden Division 1 - 3.
    assert finding.best == (Category(label="outside attackers"),)
    # The denial of Iraqi troops is a denial of part of "outside attackers", not support
    # for it: it dissents, with the internal dispute.
    assert set(finding.dissent) == {"p-iraq", "p-denial"}
    assert finding.status is Status.DISPUTED  # 4 origins' weight against 2
    assert finding.support_affiliations == ("iran-state", "mek", "us-gov")
    assert finding.confidence == pytest.approx(4 / 6 * (1 - 0.5**3))
    exclusive = {
        frozenset(c.claims)
        for c in finding.contradictions
        if c.kind is ContradictionKind.EXCLUSIVE_CATEGORIES
    }
    # One rival: the internal dispute excludes the outside attackers that every other claim names.
    assert exclusive == {frozenset({"p-iraq", "p-mek", "p-us", "p-salami", "p-golden"})}
    denials = [c for c in finding.contradictions if c.kind is ContradictionKind.DENIAL]
    assert len(denials) == 1
    assert set(denials[0].claims) == {"p-denial", "p-mek", "p-golden"}


def test_a_single_origin_gives_single_source(result: Reconciliation) -> None:
    finding = result.finding("ashraf-2013", "iraqi_casualties")
    assert finding.status is Status.SINGLE_SOURCE
    assert finding.best == Quantity.exact(2)


def test_a_later_count_supersedes_the_partial_one_of_the_same_origin(
    result: Reconciliation,
) -> None:
    finding = result.finding("ashraf-2013", "wounded")
    assert finding.best == Quantity.exact(34)  # "over twenty" [21, inf) contains 34
    assert set(finding.support) == {"w-early", "w-late", "w-un"}
    assert finding.status is Status.AGREED
    assert (finding.low, finding.high) == (21, 34)  # the partial 3 is not a rival figure


def test_dates_agree_and_narrow_to_their_common_part(result: Reconciliation) -> None:
    assert result.finding("ashraf-2013", "date").best == TimeSpan.day(2013, 9, 1)
    assert result.finding("ashraf-2013", "date").status is Status.AGREED
    finding = result.finding("ashraf-2009", "date")
    assert finding.best == parse_timespan("2009-07-28/2009-07-29")
    assert finding.status is Status.AGREED


def test_explain_names_every_claim_and_its_weight(result: Reconciliation) -> None:
    text = result.explain("ashraf-2013", "killed")
    assert "disputed: best 52, range 50-70" in text
    for claim_id in ("k-mek", "k-us", "k-tasnim", "k-tasnim-again", "k-khatami", "k-un"):
        assert claim_id in text
    assert "nejat -> khatami [iran-state] says seventy" in text


def test_each_event_and_its_findings_are_looked_up_by_id(result: Reconciliation) -> None:
    by_event = result.findings_by_event
    assert list(by_event) == [cluster.id for cluster in result.events]
    # Every finding once, each under its own event, in the order the result lists them.
    assert [f for cluster in result.events for f in by_event[cluster.id]] == list(result.findings)
    assert all(f.event == event for event, found in by_event.items() for f in found)
    assert result.event("ashraf-2009").id == "ashraf-2009"
    with pytest.raises(KeyError, match="no event 'ashraf-2010'; the events are: "):
        result.event("ashraf-2010")
    with pytest.raises(KeyError, match="event 'ashraf-2009' has no finding for 'mood'; it has: "):
        result.finding("ashraf-2009", "mood")
    with pytest.raises(TypeError):
        by_event["ashraf-2009"] = ()  # type: ignore[index]
    # A result put together with its findings in another order still finds each of them.
    by_attribute = sorted(result.findings, key=lambda f: (f.attribute, f.event))
    reordered = attrs.evolve(result, findings=tuple(by_attribute))
    for finding in result.findings:
        assert reordered.finding(finding.event, finding.attribute, finding.qualifier) == finding


def test_rows_flatten_each_finding_and_the_table_needs_pandas(result: Reconciliation) -> None:
    rows = {(row["event"], row["attribute"]): row for row in result.to_rows()}
    killed = rows[("ashraf-2013", "killed")]
    assert (killed["best"], killed["low"], killed["high"], killed["status"]) == (
        52,
        50,
        70,
        "disputed",
    )
    assert killed["dissent"] == "k-khatami, k-us"
    assert killed["contradictions"] == 2
    assert rows[("ashraf-2013", "perpetrator")]["best"] == "outside attackers"
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r"pip install 'reconcile\[pandas\]'"):
            result.to_table()
    else:
        assert len(result.to_table()) == len(rows)
