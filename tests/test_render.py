"""The text and Markdown reports: counts, headings and the sides of a disputed finding."""

from __future__ import annotations

import reconcile
from reconcile import Claim, Dataset, EventMention, Source, parse_quantity, parse_timespan
from reconcile.values.quantity import counted


def test_counted_says_one_without_a_plural() -> None:
    assert [counted(n, "claim") for n in (0, 1, 2)] == ["0 claims", "1 claim", "2 claims"]


def one_claim() -> reconcile.Reconciliation:
    mention = EventMention(label="Attack on the camp", when=parse_timespan("1 September 2013"))
    claim = Claim(
        id="c1", source="s", mention=mention, attribute="killed", value=parse_quantity("52")
    )
    return reconcile.reconcile(Dataset(sources=[Source(id="s")], claims=[claim]))


def test_a_single_event_claim_and_source_are_not_plural() -> None:
    for render in (reconcile.render_text, reconcile.render_markdown):
        report = render(one_claim())
        assert "1 event, 1 claim, 1 source" in report
        assert "2013-09-01: 1 claim" in report
        assert "1 events" not in report
        assert "1 claims" not in report


def toll(*said: tuple[str, str, str]) -> reconcile.Reconciliation:
    """One event's death toll: (origin, camp, figure) per claim."""
    mention = EventMention(label="Attack on the camp", when=parse_timespan("1 September 2013"))
    claims = [
        Claim(
            id=f"k-{origin}",
            source=origin,
            mention=mention,
            attribute="killed",
            value=parse_quantity(figure),
        )
        for origin, _, figure in said
    ]
    sources = [Source(id=origin, affiliation=camp) for origin, camp, _ in said]
    return reconcile.reconcile(Dataset(sources=sources, claims=claims))


def test_a_camp_on_both_sides_is_shown_with_its_origins_on_each() -> None:
    # Two Iranian state origins: one gives the toll most give, the other a higher one.
    result = toll(
        ("tasnim", "iran-state", "52"),
        ("khatami", "iran-state", "70"),
        ("mek-site", "mek", "52"),
        ("un-officials", "un", "52"),
    )
    (finding,) = result.findings
    assert finding.support_affiliations == ("iran-state", "mek", "un")
    assert finding.dissent_affiliations == ("iran-state",)
    assert "against: khatami [iran-state] says 70" in reconcile.render_text(result)
    for render in (reconcile.render_text, reconcile.render_markdown, reconcile.render_html):
        assert "on both sides: iran-state (for: tasnim; against: khatami)" in render(result)


def test_no_camp_is_said_to_be_on_both_sides_when_none_is() -> None:
    result = toll(
        ("tasnim", "iran-state", "52"), ("mek-site", "mek", "52"), ("us-state-dept", "us-gov", "50")
    )
    (finding,) = result.findings
    assert finding.status is reconcile.Status.DISPUTED
    report = reconcile.render_text(result)
    assert "against: us-state-dept [us-gov] says 50" in report
    assert "on both sides" not in report
    assert "on both sides" not in reconcile.render_html(result)


def test_the_repr_of_a_result_is_short_counts_and_first_findings() -> None:
    assert repr(one_claim()) == (
        "<Reconciliation: 1 event, 1 finding, 1 claim, 1 source; "
        "findings: attack-on-the-camp-2013-09-01/killed: 52 (single-source)>"
    )
    many = toll(*[(f"s{n}", "press", "52") for n in range(200)])
    assert len(many.dataset.claims) == 200
    assert repr(many).startswith("<Reconciliation: 1 event, 1 finding, 200 claims, 200 sources;")
    assert len(repr(many)) < 200
    assert repr(reconcile.reconcile(Dataset())) == (
        "<Reconciliation: 0 events, 0 findings, 0 claims, 0 sources; findings: none>"
    )


def test_the_repr_shows_three_findings_and_counts_the_rest() -> None:
    mention = EventMention(label="Attack on the camp", when=parse_timespan("1 September 2013"))
    claims = [
        Claim(id=f"c-{attribute}", source="s", mention=mention, attribute=attribute, value=value)
        for attribute, value in [
            ("hostages", parse_quantity("7")),
            ("killed", parse_quantity("52")),
            ("missing", parse_quantity("7")),
            ("wounded", parse_quantity("21")),
        ]
    ]
    text = repr(reconcile.reconcile(Dataset(sources=[Source(id="s")], claims=claims)))
    assert "wounded" not in text  # the fourth finding is only counted
    assert "/missing: 7 (single-source); ... 1 more>" in text
    assert "/hostages: 7" in text
    assert "/killed: 52" in text
