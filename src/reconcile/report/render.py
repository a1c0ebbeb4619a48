"""Reports of a reconciliation as text for a terminal, Markdown for a write-up, and JSON.

Text and Markdown show the same content: per event, a table of its findings
(best value, range, status, confidence, the camps on each side), then its
contradictions. The HTML report, with charts, lives in `_render_html`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from reconcile.judging.finding import Finding, Status
from reconcile.judging.judge import camps_on_both_sides
from reconcile.pipeline import Reconciliation
from reconcile.report.visible import visible
from reconcile.values.quantity import counted

COLUMNS = ("attribute", "best", "range", "status", "confidence", "support", "dissent")


def _row(finding: Finding) -> tuple[str, ...]:
    return (
        finding.topic,
        finding.best_text(),
        finding.range_text() or "-",
        finding.status.value,
        f"{finding.confidence:.2f}",
        ", ".join(finding.support_affiliations) or "-",
        ", ".join(finding.dissent_affiliations) or "-",
    )


def _title(result: Reconciliation, source: str | None) -> str:
    dataset = result.dataset
    origin = f" of {source}" if source else ""
    return (
        f"Reconciliation{origin}: {counted(len(result.events), 'event')}, "
        f"{counted(len(dataset.claims), 'claim')}, {counted(len(dataset.sources), 'source')}"
    )


def _event_heading(result: Reconciliation, index: int) -> str:
    cluster = result.events[index]
    event = cluster.event
    parts = [f"{event.label} ({cluster.id})"]
    if event.when is not None:
        parts.append(str(event.when))
    if event.where:
        parts.append(event.where)
    return ", ".join(parts) + f": {counted(len(cluster.claims), 'claim')}"


def _findings_of(result: Reconciliation, event_id: str) -> list[Finding]:
    return [finding for finding in result.findings if finding.event == event_id]


def _contradiction_lines(findings: Sequence[Finding], bullet: str) -> list[str]:
    lines = []
    for finding in findings:
        for contradiction in finding.contradictions:
            lines.append(
                f"{bullet}{finding.topic}: {contradiction.kind.value} "
                f"(severity {contradiction.severity:.2f}): {contradiction.message}"
            )
    return lines


def _words_only_lines(
    result: Reconciliation, findings: Sequence[Finding], bullet: str
) -> list[str]:
    """The claims that give words but no figure, each with who said it."""
    claims = {claim.id: claim for claim in result.dataset.claims}
    return [
        f"{bullet}{finding.topic}: {' -> '.join(claims[claim_id].chain)} says "
        f"{claims[claim_id].value_text!r}"
        for finding in findings
        for claim_id in finding.qualitative
    ]


def _sides(result: Reconciliation, finding: Finding) -> str:
    """Who stands on each side of a disputed finding, what the dissenters say, what was left out.

    A camp can stand on both sides (one Iranian outlet gives the agreed
    toll, another a higher one); the line then says which of its origins
    are on which side, so that the table's two camp columns do not read as
    a contradiction.
    """
    supporting: list[str] = []
    dissenting: list[str] = []
    left_out: list[str] = []
    reasons = {claim: item.reason for item in finding.beyond_range for claim in item.claims}
    group = result.group(finding.event, finding.attribute, finding.qualifier)
    for testimony in group.testimonies:
        said = f"{testimony.origin} [{testimony.camp}]"
        reason = next((reasons[c] for c in testimony.claims if c in reasons), None)
        if reason is not None:
            left_out.append(f"{testimony.value} from {said}, {reason}")
        if set(testimony.claims) <= set(finding.support):
            if said not in supporting:
                supporting.append(said)
            continue
        verb = "denies" if not testimony.asserts else "says"
        dissenting.append(f"{said} {verb} {testimony.value}")
    text = (
        f"{finding.topic}: for {finding.best_text()}: {', '.join(supporting) or 'none'}; "
        f"against: {'; '.join(dissenting) or 'none'}"
    )
    if finding.kind == "quantity":
        text += f"; beyond the range {finding.range_text()}: {'; '.join(left_out) or 'none'}"
    split = camps_on_both_sides(group, finding)
    return f"{text}; on both sides: {split}" if split else text


def render_text(result: Reconciliation, *, source: str | None = None, width: int = 38) -> str:
    """A plain-text report: a table per event, then its disputes and contradictions."""
    lines = [_title(result, source), ""]
    for index, cluster in enumerate(result.events):
        findings = _findings_of(result, cluster.id)
        lines.append(_event_heading(result, index))
        rows = [COLUMNS, *(_row(finding) for finding in findings)]
        rows = [tuple(_clip(visible(cell), width) for cell in row) for row in rows]
        widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
        for row in rows:
            lines.append(
                "  "
                + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
        disputed = [finding for finding in findings if finding.status in _DISPUTED]
        if disputed:
            lines.append("  sides:")
            lines.extend(f"    {_sides(result, finding)}" for finding in disputed)
        words = _words_only_lines(result, findings, "    ")
        if words:
            lines.append("  in words only:")
            lines.extend(words)
        contradictions = _contradiction_lines(findings, "    ")
        if contradictions:
            lines.append("  contradictions:")
            lines.extend(contradictions)
        lines.extend(f"  {line}" for line in _coding_lines(result, cluster.id))
        lines.append("")
    # Every line holds text from the input; none may act on the terminal (see `visible`).
    return "\n".join(visible(line) for line in lines).rstrip() + "\n"


def _coding_lines(result: Reconciliation, event: str) -> list[str]:
    """The event as the codebook policy coded it: its fields, then why, one line each."""
    coding = result.codings.get(event)
    if coding is None:
        return []
    fields = ", ".join(
        f"{name} {'-' if value is None else value}" for name, value in coding.fields.items()
    )
    return [f"{coding.policy}: {fields}", *(f"  {note}" for note in coding.notes)]


_DISPUTED = (Status.DISPUTED, Status.CONTRADICTED)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_markdown(result: Reconciliation, *, source: str | None = None) -> str:
    """The same report as Markdown, for pasting into a write-up."""
    lines = [f"# {_escape_markdown(_title(result, source))}", ""]
    for index, cluster in enumerate(result.events):
        findings = _findings_of(result, cluster.id)
        lines.append(f"## {_escape_markdown(_event_heading(result, index))}")
        lines.append("")
        lines.append("| " + " | ".join(COLUMNS) + " |")
        lines.append("|" + "---|" * len(COLUMNS))
        for finding in findings:
            lines.append("| " + " | ".join(_escape_markdown(cell) for cell in _row(finding)) + " |")
        lines.append("")
        for finding in findings:
            attribute, rationale = (
                _escape_markdown(finding.topic),
                _escape_markdown(finding.rationale),
            )
            lines.append(f"- **{attribute}**: {rationale}")
            if finding.status in _DISPUTED:
                lines.append(f"  Sides: {_escape_markdown(_sides(result, finding))}")
        contradictions = _contradiction_lines(findings, "- ")
        if contradictions:
            lines.append("")
            lines.append("Contradictions:")
            lines.append("")
            lines.extend(_escape_markdown(line) for line in contradictions)
        coding = _coding_lines(result, cluster.id)
        if coding:
            lines.append("")
            lines.append(f"Coding: {_escape_markdown(coding[0])}")
            lines.append("")
            lines.extend(f"- {_escape_markdown(line.strip())}" for line in coding[1:])
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>|#~&$!"})


def _escape_markdown(text: str) -> str:
    """Escape what Markdown would read as markup, so text from the input stays text.

    Line breaks and other controls become visible escapes first (see
    `visible`), so text from the input never starts a line: it cannot open a
    heading, list, quote, code fence or HTML block, only continue ours. What
    could still act inside a line (emphasis, code spans, links, HTML,
    entities, strike-through, maths, table pipes) is backslash-escaped.
    """
    return visible(text).translate(_MARKDOWN_SPECIAL)


def render_json(result: Reconciliation, *, source: str | None = None) -> str:
    r"""The JSON contract of `Reconciliation.to_dict()`, indented.

    Text is kept exactly; a lone surrogate (which no UTF-8 file can hold) is
    written as its JSON escape, ``\\udc80``, which reads back the same.
    """
    text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def render_html(result: Reconciliation, *, source: str | None = None) -> str:
    """The self-contained HTML report with charts, timelines and quotes."""
    from reconcile.report.html import render_html as render

    # The page's header gives the counts under the title, so the title does not repeat them.
    return render(
        result, title=f"Reconciliation of {source}" if source else "Reconciliation report"
    )


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}
