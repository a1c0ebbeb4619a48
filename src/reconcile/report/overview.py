"""The report's overview: every event ranked by how much it is reported and how disputed it is.

A reader should see first which events rest on many independent origins and
which are fought over, each with a one-line verdict, before the detail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from reconcile.judging.finding import Finding, Status
from reconcile.pipeline import Reconciliation
from reconcile.report.markup import escape

DISPUTED = (Status.DISPUTED, Status.CONTRADICTED)
VERDICT_FINDINGS = 3
"""How many findings a verdict names: the disputed ones first."""


@attrs.frozen(kw_only=True)
class EventSummary:
    """One line of the overview: an event, its weight of reporting, its dispute, its verdict."""

    index: int
    label: str
    origins: int
    """The independent origins that speak of it, on any attribute."""
    disputed: int
    """Its disputed or contradicted findings."""
    contradictions: int
    verdict: str


def summarise(result: Reconciliation) -> list[EventSummary]:
    """Every event of `result`, in the order of the report."""
    summaries = []
    for index, cluster in enumerate(result.events):
        findings = [f for f in result.findings if f.event == cluster.id]
        origins = {
            origin for f in findings for origin in result.group(cluster.id, f.attribute).origins
        }
        summaries.append(
            EventSummary(
                index=index,
                label=cluster.event.label,
                origins=len(origins),
                disputed=sum(f.status in DISPUTED for f in findings),
                contradictions=sum(len(f.contradictions) for f in findings),
                verdict=verdict(findings),
            )
        )
    return summaries


VERDICT_ORDER = {
    Status.DISPUTED: 0,
    Status.CONTRADICTED: 0,
    Status.AGREED: 1,
    Status.SINGLE_CAMP: 2,
    Status.SINGLE_SOURCE: 3,
    Status.INSUFFICIENT: 4,
}
"""What a verdict names first: the disputes, then what is settled, and what is not known last."""


def verdict(findings: Sequence[Finding]) -> str:
    """One line: the disputed findings first, then the rest, each "attribute best [range] (status)".

    The range is shown when it says more than the best value: a spread, or an open top.
    """
    ranked = sorted(findings, key=lambda f: (VERDICT_ORDER[f.status], f.attribute))
    said = [
        f"{f.attribute} {f.best_text()}"
        + (f" [{f.range_text()}]" if f.low != f.high or f.high_open else "")
        + f" ({f.status.value})"
        for f in ranked[:VERDICT_FINDINGS]
    ]
    more = len(findings) - VERDICT_FINDINGS
    return "; ".join(said) + (f"; and {more} more" if more > 0 else "")


def overview_section(result: Reconciliation, anchor: Callable[[int], str]) -> str:
    """The overview as HTML: ranked by weight of reporting, then the most disputed."""
    summaries = summarise(result)
    by_reporting = sorted(summaries, key=lambda s: (-s.origins, s.index))
    by_dispute = [
        s
        for s in sorted(summaries, key=lambda s: (-s.disputed, -s.contradictions, s.index))
        if s.disputed
    ]
    return (
        '<section class="overview" aria-label="Overview">\n<h2>Overview</h2>\n'
        "<h3>By weight of reporting</h3>\n"
        + _table(by_reporting, anchor)
        + "\n<h3>Most disputed</h3>\n"
        + (_table(by_dispute, anchor) if by_dispute else '<p class="missing">Nothing disputed.</p>')
        + "\n</section>"
    )


def _table(summaries: Sequence[EventSummary], anchor: Callable[[int], str]) -> str:
    rows = [
        "<tr>"
        f'<td><a href="#{escape(anchor(s.index))}">{escape(s.label)}</a></td>'
        f'<td class="num">{s.origins}</td>'
        f'<td class="num">{s.disputed}</td>'
        f"<td>{escape(s.verdict)}</td>"
        "</tr>"
        for s in summaries
    ]
    return (
        '<div class="scroll"><table class="overview-table">\n<thead><tr><th>event</th>'
        "<th>origins</th><th>disputed findings</th><th>verdict</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table></div>"
    )
