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
