"""The HTML report's "Candidates to review" section: each candidate beside its quote.

Candidates are claims an extractor proposed (see `reconcile.extraction`); a run
that accepts them without review still shows them here, so that a person can
check each against its quote: the words read as the value are marked in the
quote, and the attribute, the value as read, the chain, the event it landed
in and the extractor's confidence stand beside it. All text from the input
is escaped.
"""

from __future__ import annotations

from reconcile.model.claim import Claim, Polarity
from reconcile.pipeline import Reconciliation
from reconcile.report.markup import escape as _e


def candidates_section(result: Reconciliation) -> str:
    """The section, or nothing when the dataset holds no candidates."""
    candidates = result.dataset.candidates
    if not candidates:
        return ""
    event_of = {claim_id: cluster for cluster in result.events for claim_id in cluster.claims}
    rows = "\n".join(
        _row(claim, event_of[claim.id].event.label if claim.id in event_of else None)
        for claim in sorted(candidates, key=_confidence)
    )
    return (
        '<section id="candidates">\n<h2>Candidates to review</h2>\n'
        f"<p>{len(candidates)} claim(s) were proposed by an extractor and reconciled without "
        "being accepted one by one. Check each against its quote (the words read as the value "
        "are marked), least confident first; delete or correct the wrong ones in the dataset "
        "and remove the <code>candidate</code> field of the right ones. The extractor's "
        "confidence is about the reading, not about the source, and weighs nothing.</p>\n"
        "<table>\n<thead><tr><th>confidence</th><th>claim</th><th>quote</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</section>"
    )


def _confidence(claim: Claim) -> tuple[float, str]:
    return (claim.candidate.confidence if claim.candidate else 1.0, claim.id)


def _row(claim: Claim, event: str | None) -> str:
    candidate = claim.candidate
    confidence = f"{candidate.confidence:.2f} ({candidate.extractor})" if candidate else ""
    verb = "denies" if claim.polarity is Polarity.DENIES else "says"
    where = f" · event: {event}" if event else ""
    document = claim.evidence.document if claim.evidence else "no document"
    span = claim.evidence.span if claim.evidence else None
    at = f" [{span[0]}, {span[1]})" if span else ""
    said = claim.value_text or str(claim.value)
    return (
        f'<tr><td class="num">{_e(confidence)}</td>'
        f"<td><strong>{_e(' -> '.join(claim.chain))}</strong> {verb} "
        f"<code>{_e(claim.attribute)}</code> = <q>{_e(said)}</q> (read as {_e(claim.value)})"
        f"<br><small>{_e(document)}{_e(at)}{_e(where)} · <code>{_e(claim.id)}</code></small>"
        f"</td><td>{_marked_quote(claim)}</td></tr>"
    )


def _marked_quote(claim: Claim) -> str:
    """The quote, escaped, with the value's words in a <mark>; or a note that none was kept."""
    quote = claim.evidence.quote if claim.evidence else None
    if not quote:
        return '<span class="missing">no quote recorded</span>'
    words = claim.value_text or ""
    at = quote.find(words) if words else -1
    if at < 0:
        return f"<blockquote>{_e(quote)}</blockquote>"
    before, marked, after = quote[:at], quote[at : at + len(words)], quote[at + len(words) :]
    return f"<blockquote>{_e(before)}<mark>{_e(marked)}</mark>{_e(after)}</blockquote>"
