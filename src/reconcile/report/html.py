"""`render_html`: a reconciliation as one self-contained HTML page with inline SVG charts.

The page needs no network and no JavaScript: the style sheet is inline, the
charts are inline SVG and the fonts are the reader's own. Every piece of text
that comes from the input (labels, ids, names, quotes, figures as written,
messages, rationales, affiliations) goes through `_e`, which escapes it for
element content and attribute values alike, in HTML and in SVG.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reconcile.judging.finding import Contradiction, Finding, Status
from reconcile.judging.judge import camps_on_both_sides
from reconcile.judging.strategies.quantity import open_above
from reconcile.linking.cluster import EventCluster
from reconcile.model.claim import Claim, Polarity
from reconcile.pipeline import Reconciliation
from reconcile.report.blame import blame_figure
from reconcile.report.candidates import candidates_section
from reconcile.report.colours import UNAFFILIATED_COLOUR, affiliation_colours
from reconcile.report.markup import escape as _e
from reconcile.report.overview import overview_section
from reconcile.validators import attribute_id
from reconcile.values.quantity import Hedge, Quantity, counted, format_number

UNAFFILIATED = "unaffiliated"

CHARTED_STATUSES = (Status.DISPUTED, Status.CONTRADICTED)
OPEN_LIST_LIMIT = 20
"""Lists longer than this (contradictions, quotes) start folded."""

CHART_WIDTH = 900
CHART_LEFT = 16
CHART_RIGHT = CHART_WIDTH - 24
ARROW = 10
BAR_ROW = 34
TIMELINE_ROW = 18
AXIS_HEIGHT = 30

STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  margin: 0; color: #1d232b; background: #fff; line-height: 1.4; }
main, header.page { max-width: 960px; margin: 0 auto; padding: 0 20px; }
header.page { padding-top: 20px; padding-bottom: 8px; border-bottom: 2px solid #d8dde3; }
h1 { font-size: 1.6em; margin: 0 0 6px; }
h2 { font-size: 1.3em; margin: 32px 0 4px; border-bottom: 1px solid #d8dde3; }
h3 { font-size: 1.1em; margin: 22px 0 6px; }
h4 { font-size: 0.95em; margin: 12px 0 4px; color: #4a5561; }
.counts { margin: 4px 0 10px; color: #4a5561; }
.legend, .chips { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap;
  gap: 6px; }
.chip { display: inline-block; padding: 1px 8px 1px 6px; border-radius: 10px; font-size: 0.85em;
  background: #f1f3f5; border-left: 12px solid var(--c); }
.meta { color: #4a5561; margin: 0 0 8px; }
.meta code, .quotes code { font-size: 0.85em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; margin: 8px 0; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e7eb;
  vertical-align: top; }
th { background: #f6f8fa; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.status { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 0.85em;
  color: #fff; white-space: nowrap; }
.status-agreed { background: #2e7d32; }
.status-disputed { background: #e67e00; }
.status-contradicted { background: #c62828; }
.status-single-source { background: #546e7a; }
.status-single-camp { background: #6d4c41; }
.status-insufficient { background: #9e9e9e; }
.finding { border-left: 3px solid #d8dde3; padding-left: 12px; margin-left: 2px; }
.rationale { font-style: italic; margin: 4px 0; }
figure { margin: 10px 0; }
figcaption { font-size: 0.85em; color: #4a5561; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
svg text.label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.undated { font-size: 0.85em; color: #4a5561; margin: 2px 0; }
.contradictions li { margin: 2px 0; }
.quotes { list-style: none; padding: 0; }
.quotes li { margin: 8px 0; }
.quotes .side-supports { color: #2e7d32; font-weight: 600; }
.quotes .side-dissents { color: #c62828; font-weight: 600; }
blockquote { margin: 4px 0 4px 8px; padding: 4px 10px; border-left: 4px solid var(--c, #ccc);
  background: #f8f9fa; white-space: pre-wrap; }
.missing { color: #8a939c; font-style: italic; }
details > summary { cursor: pointer; color: #2c5d8f; }
footer { max-width: 960px; margin: 40px auto 20px; padding: 0 20px; color: #8a939c;
  font-size: 0.8em; }
.scroll { overflow-x: auto; }
.overview h3 { margin-top: 14px; }
figure.blame svg { max-width: 640px; }
@media (max-width: 600px) {
  main, header.page, footer { padding: 0 10px; }
  h1 { font-size: 1.3em; }
  table { font-size: 0.8em; }
  th, td { padding: 3px 4px; }
  .overview-table td:last-child { min-width: 12em; }
}
"""


@dataclass(frozen=True)
class _Context:
    """What every section needs: the result, its claims by id and the colour of each camp."""

    result: Reconciliation
    claims: Mapping[str, Claim]
    colours: Mapping[str, str]

    def affiliation(self, claim: Claim) -> str | None:
        """The affiliation of the claim's origin (who first said it)."""
        source = self.result.dataset.sources_by_id.get(claim.origin)
        return None if source is None else source.affiliation

    def colour(self, affiliation: str | None) -> str:
        """The colour of an affiliation; grey for none."""
        if affiliation is None:
            return UNAFFILIATED_COLOUR
        return self.colours.get(affiliation, UNAFFILIATED_COLOUR)

    def claim_colour(self, claim: Claim) -> str:
        """The colour of the camp a claim comes from."""
        return self.colour(self.affiliation(claim))

    def claims_of(self, finding: Finding) -> list[Claim]:
        """The claims behind a finding: support first, then dissent."""
        return [self.claims[claim_id] for claim_id in finding.claims if claim_id in self.claims]


def render_html(result: Reconciliation, *, title: str = "Reconciliation report") -> str:
    """Render a reconciliation as one self-contained HTML5 page.

    The page has a header (title, counts and a legend of the camps' colours),
    then for each event its findings in a table and, for each finding, its
    rationale, its contradictions and the quotes behind it. Quantities that
    at least two independent origins speak to get an interval chart and a
    timeline of when each figure was published. The page needs no network
    and no JavaScript; all text from the input is escaped.

    Args:
        result: The reconciliation to report.
        title: The page's title and main heading.

    Returns:
        The page, as text to write to a ``.html`` file in UTF-8.
    """
    context = _Context(
        result=result,
        claims={claim.id: claim for claim in result.dataset.claims},
        colours=affiliation_colours(result.dataset),
    )
    events = "\n".join(
        _event_section(context, index, cluster) for index, cluster in enumerate(result.events)
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        f"{_head(title)}\n"
        "<body>\n"
        f"{_page_header(context, title)}\n"
        "<main>\n"
        f"{overview_section(result, _event_anchor)}\n"
        f"{_contents(result)}\n"
        f"{events}\n"
        f"{candidates_section(result)}\n"
        f"{_sources_section(context)}\n"
        "</main>\n"
        "<footer>Made by reconcile: every figure and quote above comes from the dataset; "
        "the charts are drawn from the claims as read.</footer>\n"
        "</body>\n"
        "</html>\n"
    )


def _head(title: str) -> str:
    return (
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        f"<style>{STYLE}</style>\n"
        "</head>"
    )


def _page_header(context: _Context, title: str) -> str:
    dataset = context.result.dataset
    counts = (
        f"{counted(len(context.result.events), 'event')}, "
        f"{counted(len(dataset.claims), 'claim')}, "
        f"{counted(len(dataset.sources), 'source')}"
    )
    return (
        '<header class="page">\n'
        f"<h1>{_e(title)}</h1>\n"
        f'<p class="counts">{_e(counts)}</p>\n'
        f"{_legend(context)}\n"
        "</header>"
    )


def _legend(context: _Context) -> str:
    items = [
        f"<li>{_chip(name, colour)}</li>"
        for name, colour in sorted(context.colours.items(), key=lambda item: item[0])
    ]
    if any(source.affiliation is None for source in context.result.dataset.sources):
        items.append(f"<li>{_chip(UNAFFILIATED, UNAFFILIATED_COLOUR)}</li>")
    return (
        '<ul class="legend" aria-label="Affiliations and their colours">' + "".join(items) + "</ul>"
    )


def _chip(name: str, colour: str) -> str:
    return f'<span class="chip" style="--c: {_e(colour)}">{_e(name)}</span>'


def _chips(context: _Context, affiliations: Iterable[str]) -> str:
    chips = [_chip(name, context.colour(name)) for name in affiliations]
    return '<span class="chips">' + " ".join(chips) + "</span>" if chips else "-"


def _event_anchor(index: int) -> str:
    return f"event-{index}"


def _finding_anchor(index: int, attribute: str) -> str:
    # An anchor is an identifier: "Wind speed (km/h)" becomes wind_speed_km_h.
    return f"finding-{index}-{attribute_id(attribute)}"


def _contents(result: Reconciliation) -> str:
    items = [
        f'<li><a href="#{_e(_event_anchor(index))}">{_e(cluster.event.label)}</a> '
        f"<small>({_e(counted(len(cluster.claims), 'claim'))})</small></li>"
        for index, cluster in enumerate(result.events)
    ]
    return '<nav aria-label="Events">\n<h2>Events</h2>\n<ol>' + "".join(items) + "</ol>\n</nav>"


def _findings_of(result: Reconciliation, event_id: str) -> list[Finding]:
    return [finding for finding in result.findings if finding.event == event_id]


def _event_section(context: _Context, index: int, cluster: EventCluster) -> str:
    findings = _findings_of(context.result, cluster.id)
    blocks = "\n".join(_finding_block(context, index, finding) for finding in findings)
    return (
        f'<section class="event" id="{_e(_event_anchor(index))}">\n'
        f"<h2>{_e(cluster.event.label)}</h2>\n"
        f"{_event_meta(cluster)}\n"
        f"{_findings_table(context, index, findings)}\n"
        f"{blocks}\n"
        "</section>"
    )


def _event_meta(cluster: EventCluster) -> str:
    event = cluster.event
    when = str(event.when) if event.when is not None else "date unknown"
    where = event.where or "place unknown"
    return (
        '<p class="meta">'
        f"<code>{_e(cluster.id)}</code> · {_e(when)} · {_e(where)} · "
        f"{_e(counted(len(cluster.claims), 'claim'))}</p>"
    )


def _findings_table(context: _Context, index: int, findings: Sequence[Finding]) -> str:
    if not findings:
        return '<p class="missing">No findings.</p>'
    rows = [
        "<tr>"
        f'<td><a href="#{_e(_finding_anchor(index, f.topic))}">{_e(f.topic)}</a></td>'
        f'<td class="num">{_e(f.best_text())}</td>'
        f'<td class="num">{_e(f.range_text() or "-")}</td>'
        f"<td>{_status(f.status)}</td>"
        f'<td class="num">{f.confidence:.2f}</td>'
        f"<td>{_chips(context, f.support_affiliations)}</td>"
        f"<td>{_chips(context, f.dissent_affiliations)}</td>"
        "</tr>"
        for f in findings
    ]
    return (
        '<div class="scroll"><table>\n<thead><tr><th>attribute</th><th>best</th><th>range</th>'
        "<th>status</th><th>confidence</th><th>supporting</th><th>dissenting</th></tr></thead>\n"
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table></div>"
    )


def _status(status: Status) -> str:
    return f'<span class="status status-{_e(status.value)}">{_e(status.value)}</span>'


def _finding_block(context: _Context, index: int, finding: Finding) -> str:
    parts = [
        f'<article class="finding" id="{_e(_finding_anchor(index, finding.topic))}">',
        f"<h3>{_e(finding.topic)}: {_e(finding.best_text())} {_status(finding.status)}</h3>",
        f'<p class="rationale">{_e(finding.rationale)}</p>',
        f'<p class="meta">range {_e(finding.range_text() or "-")} · confidence '
        f"{finding.confidence:.2f} · strategy {_e(finding.strategy)}</p>",
    ]
    if set(finding.support_affiliations) & set(finding.dissent_affiliations):  # else no group
        group = context.result.group(finding.event, finding.attribute, finding.qualifier)
        split = camps_on_both_sides(group, finding)
        if split:
            parts.append(f'<p class="meta">on both sides: {_e(split)}</p>')
    claims = context.claims_of(finding)
    if finding.kind == "category" and finding.claims:
        group = context.result.group(finding.event, finding.attribute)
        parts.append(blame_figure(finding, group, context.colour))
    if _wants_chart(context, finding, claims):
        parts.append(_interval_figure(context, finding, claims))
        parts.append(_timeline_figure(context, finding, claims))
    parts.append(_contradictions(finding.contradictions))
    parts.append(_quotes(context, finding))
    parts.append("</article>")
    return "\n".join(part for part in parts if part)


def _wants_chart(context: _Context, finding: Finding, claims: Sequence[Claim]) -> bool:
    """Chart a quantity that is disputed or that at least two independent origins speak to."""
    quantities = [claim for claim in claims if isinstance(claim.value, Quantity)]
    if finding.kind != "quantity" or not quantities:
        return False
    origins = {claim.origin for claim in quantities}
    return finding.status in CHARTED_STATUSES or len(origins) >= 2


# --- the interval chart -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    """A linear map from values in [low, high] to x positions in [left, right]."""

    low: float
    high: float
    left: float = CHART_LEFT
    right: float = CHART_RIGHT

    def __call__(self, value: float) -> float:
        share = (min(max(value, self.low), self.high) - self.low) / (self.high - self.low)
        return round(self.left + share * (self.right - self.left), 1)


def _nice_step(span: float, count: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` in about `count`."""
    raw = span / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10.0 * magnitude


def _value_axis(values: Sequence[float], *, unbounded: bool, integers: bool) -> list[float]:
    """The ticks of a round axis that holds `values`, with room for arrows when `unbounded`."""
    low, high = min(values), max(values)
    span = high - low or max(abs(high) * 0.2, 2.0)
    if unbounded:
        high += max(span * 0.25, 1.0)
        span = high - low
    step = _nice_step(span)
    if integers:
        step = max(step, 1.0)
    start = max(0.0, math.floor((low - span * 0.05) / step) * step)
    end = math.ceil((high + span * 0.05) / step) * step
    if end <= start:
        end = start + step
    count = round((end - start) / step)
    return [round(start + i * step, 10) for i in range(count + 1)]


def _best_point(finding: Finding) -> float | None:
    best = finding.best
    if not isinstance(best, Quantity):
        return None
    return best.point if best.point is not None else best.low


def _axis_values(finding: Finding, quantities: Sequence[Quantity]) -> list[float]:
    values = [q.low for q in quantities] + [q.high for q in quantities if not _open_ended(q)]
    extra = (_best_point(finding), finding.low, finding.high)
    values += [value for value in extra if value is not None and math.isfinite(value)]
    return values


def _said(claim: Claim) -> str:
    """The figure as the source wrote it, with how it was read when that differs."""
    if claim.value is None:
        return claim.value_text or ""
    read = str(claim.value)
    if (
        isinstance(claim.value, Quantity)
        and claim.value.hedge is Hedge.VAGUE
        and open_above(claim.value)
    ):
        # The word commits to its floor only: "hundreds" is read as 200 or more, not 200-999.
        read = f"≥ {format_number(claim.value.low)}"
    if claim.value_text and claim.value_text != read:
        return f"{claim.value_text} ({read})"
    return claim.value_text or read


def _chain(context: _Context, claim: Claim) -> str:
    """Who quoted whom, by the sources' names rather than their ids."""
    sources = context.result.dataset.sources_by_id
    return " → ".join(sources[link].name if link in sources else link for link in claim.chain)


def _claim_label(context: _Context, claim: Claim, dissents: bool) -> str:
    verb = "denies " if claim.polarity is Polarity.DENIES else ""
    side = " (dissents)" if dissents else ""
    return f"{_chain(context, claim)}: {verb}{_said(claim)}{side}"


def _interval_figure(context: _Context, finding: Finding, claims: Sequence[Claim]) -> str:
    charted = [(claim, claim.value) for claim in claims if isinstance(claim.value, Quantity)]
    quantities = [quantity for _, quantity in charted]
    values = _axis_values(finding, quantities)
    ticks = _value_axis(
        values,
        unbounded=any(_open_ended(q) for q in quantities),
        integers=all(float(v).is_integer() for v in values),
    )
    scale = _Scale(low=ticks[0], high=ticks[-1])
    axis = [(tick, format_number(tick)) for tick in ticks]
    top = 24
    bottom = top + BAR_ROW * len(charted)
    height = bottom + AXIS_HEIGHT + 8
    dissent = set(finding.dissent)
    rows = [
        _bar_row(context, scale, claim, quantity, top + BAR_ROW * row, claim.id in dissent)
        for row, (claim, quantity) in enumerate(charted)
    ]
    label = f"{finding.topic}: the figure each claim gives, coloured by its origin's camp"
    unit = next((q.unit for q in quantities if q.unit), None)
    caption = (
        "Each bar is one claim's figure as an interval (a dot for an exact figure, an arrow "
        "for no upper bound, dashed for a denial), coloured by the camp of who first said it."
    )
    if _best_point(finding) is not None:
        caption += f" The dark line is the best value {finding.best_text()}."
    if finding.range_text():
        caption += f" The shaded band is the reliable range {finding.range_text()}."
    return (
        "<figure>\n"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" '
        f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'class="interval-chart" data-attribute="{_e(finding.attribute)}">\n'
        f"<title>{_e(label)}</title>\n"
        f"{_range_band(finding, scale, top, bottom)}\n"
        f"{_axis(scale, axis, top - 6, bottom, unit or finding.attribute)}\n"
        f"{_best_line(finding, scale, top, bottom)}\n" + "\n".join(rows) + "\n"
        "</svg>\n"
        f"<figcaption>{_e(caption)}</figcaption>\n"
        "</figure>"
    )


def _range_band(finding: Finding, scale: _Scale, top: float, bottom: float) -> str:
    if finding.low is None or finding.high is None:
        return ""
    left = scale(finding.low)
    right = scale(finding.high) if math.isfinite(finding.high) else scale.right
    if right - left < 4:  # a range of one figure still shows, as a narrow band around it
        left, right = left - 2, left + 2
    return (
        f'<rect class="range-band" x="{left}" y="{top - 6}" width="{round(right - left, 1)}" '
        f'height="{bottom - top + 6}" fill="#fff2b3" opacity="0.8">'
        f"<title>{_e('reliable range ' + (finding.range_text() or '-'))}</title></rect>"
    )


def _bar_row(
    context: _Context, scale: _Scale, claim: Claim, quantity: Quantity, y: float, dissents: bool
) -> str:
    colour = context.claim_colour(claim)
    denied = claim.polarity is Polarity.DENIES
    paint = (
        f'fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="4 3"'
        if denied
        else f'fill="{colour}" fill-opacity="0.85"'
    )
    mark_y = y + 22
    label = _claim_label(context, claim, dissents)
    source = context.result.dataset.sources_by_id.get(claim.origin)
    tooltip = f"{claim.id}: {label}; origin {source.name if source else claim.origin}"
    return (
        f'<g class="claim-bar" data-claim="{_e(claim.id)}">'
        f"<title>{_e(tooltip)}</title>"
        f'<text class="label" x="{scale.left}" y="{y + 11}" font-size="12" fill="#1d232b">'
        f"{_e(label)}</text>"
        f"{_mark(scale, quantity, mark_y, paint, colour)}"
        "</g>"
    )


def _open_ended(quantity: Quantity) -> bool:
    """Whether the words set no upper end: "at least 500", or "hundreds" (whose 999 no one said)."""
    return open_above(quantity)


def _mark(scale: _Scale, quantity: Quantity, y: float, paint: str, colour: str) -> str:
    """A dot for an exact figure, a bar for an interval, an arrow for no upper bound."""
    left = scale(quantity.low)
    if quantity.is_exact:
        return f'<circle cx="{left}" cy="{y}" r="5" {paint}/>'
    if _open_ended(quantity):
        end = scale.right - ARROW
        return (
            f'<rect x="{left}" y="{y - 4}" width="{max(end - left, 1.0)}" height="8" {paint}/>'
            f'<polygon points="{end},{y - 8} {scale.right},{y} {end},{y + 8}" {paint}/>'
        )
    right = scale(quantity.high)
    point = ""
    if quantity.point is not None:
        x = scale(quantity.point)
        point = f'<line x1="{x}" y1="{y - 7}" x2="{x}" y2="{y + 7}" stroke="#1d232b"/>'
    return (
        f'<rect x="{left}" y="{y - 4}" width="{max(right - left, 1.0)}" height="8" rx="3" '
        f"{paint}/>{point}"
    )


def _anchor(scale: _Scale, x: float, margin: float = 40) -> str:
    """Centre a label on `x`, unless that would push it past either end of the axis."""
    if x < scale.left + margin:
        return "start"
    if x > scale.right - margin:
        return "end"
    return "middle"


def _best_line(finding: Finding, scale: _Scale, top: float, bottom: float) -> str:
    best = _best_point(finding)
    if best is None:
        return ""
    x = scale(best)
    anchor = _anchor(scale, x, margin=60)
    return (
        '<g class="best">'
        f'<line x1="{x}" y1="{top - 8}" x2="{x}" y2="{bottom}" stroke="#1d232b" '
        'stroke-width="2"/>'
        f'<text x="{x}" y="{top - 11}" font-size="12" font-weight="bold" '
        f'text-anchor="{anchor}" fill="#1d232b">best {_e(finding.best_text())}</text>'
        "</g>"
    )


def _axis(
    scale: _Scale, ticks: Sequence[tuple[float, str]], top: float, y: float, caption: str
) -> str:
    """Grid lines from `top` down to the axis at `y`, with labelled ticks and a caption."""
    marks = "".join(
        f'<line x1="{scale(value)}" y1="{top}" x2="{scale(value)}" y2="{y}" stroke="#e3e7eb"/>'
        f'<line x1="{scale(value)}" y1="{y}" x2="{scale(value)}" y2="{y + 5}" stroke="#4a5561"/>'
        f'<text x="{scale(value)}" y="{y + 18}" font-size="11" '
        f'text-anchor="{_anchor(scale, scale(value))}" fill="#4a5561">{_e(label)}</text>'
        for value, label in ticks
    )
    return (
        '<g class="axis">'
        f"{marks}"
        f'<line x1="{scale.left}" y1="{y}" x2="{scale.right}" y2="{y}" stroke="#4a5561"/>'
        f'<text x="{scale.right}" y="{y + 30}" font-size="11" text-anchor="end" '
        f'fill="#4a5561">{_e(caption)}</text>'
        "</g>"
    )


# --- the timeline -------------------------------------------------------------------------------


def _time_ticks(first: dt.datetime, last: dt.datetime) -> list[tuple[dt.datetime, str]]:
    """Round dates between `first` and `last`: years, months or days, at most about eight."""
    days = (last - first).total_seconds() / 86400
    candidates: list[tuple[dt.datetime, str]]
    if days > 3 * 365:
        candidates = [
            (dt.datetime(year, 1, 1, tzinfo=dt.UTC), str(year))
            for year in range(first.year, last.year + 1)
        ]
    elif days > 60:
        months = (last.year - first.year) * 12 + last.month - first.month
        candidates = []
        for offset in range(months + 1):
            year, month = divmod(first.month - 1 + offset, 12)
            moment = dt.datetime(first.year + year, month + 1, 1, tzinfo=dt.UTC)
            candidates.append((moment, moment.strftime("%Y-%m")))
    else:
        start = dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)
        candidates = [
            (moment, moment.strftime("%Y-%m-%d"))
            for moment in (start + dt.timedelta(days=n) for n in range(math.ceil(days) + 2))
        ]
    inside = [(moment, text) for moment, text in candidates if first <= moment <= last]
    step = max(1, math.ceil(len(inside) / 8))
    return inside[::step]


def _date(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def _timeline_figure(context: _Context, finding: Finding, claims: Sequence[Claim]) -> str:
    dated = sorted(
        (claim for claim in claims if claim.published is not None),
        key=lambda claim: (claim.published, claim.id),
    )
    undated = [claim for claim in claims if claim.published is None]
    parts = ["<figure>"]
    if dated:
        parts.append(_timeline_svg(context, finding, dated))
    for claim in undated:
        parts.append(
            f'<p class="undated"><span class="chip" style="--c: {context.claim_colour(claim)}">'
            f"undated</span> {_e(_chain(context, claim))}: {_e(_said(claim))}</p>"
        )
    caption = (
        f"When each figure for {finding.topic} was published."
        if dated
        else "No claim behind this finding has a publication date."
    )
    parts.append(f"<figcaption>{_e(caption)}</figcaption>")
    parts.append("</figure>")
    return "\n".join(parts)


def _timeline_svg(context: _Context, finding: Finding, dated: Sequence[Claim]) -> str:
    moments = [(claim, claim.published) for claim in dated if claim.published is not None]
    pad = max((moments[-1][1] - moments[0][1]) * 0.05, dt.timedelta(days=3))
    first, last = moments[0][1] - pad, moments[-1][1] + pad
    scale = _Scale(low=first.timestamp(), high=last.timestamp())
    top = 8
    bottom = top + TIMELINE_ROW * len(moments)
    height = bottom + AXIS_HEIGHT + 8
    rows = [
        _timeline_row(context, scale, claim, moment, top + TIMELINE_ROW * (row + 0.5))
        for row, (claim, moment) in enumerate(moments)
    ]
    axis = [(moment.timestamp(), text) for moment, text in _time_ticks(first, last)]
    title = f"{finding.topic}: when each claim was published"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" '
        f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}" class="timeline" '
        f'data-attribute="{_e(finding.attribute)}">'
        f"<title>{_e(title)}</title>"
        f"{_axis(scale, axis, top, bottom, 'published')}" + "".join(rows) + "</svg>"
    )


def _timeline_row(
    context: _Context, scale: _Scale, claim: Claim, published: dt.datetime, y: float
) -> str:
    x = scale(published.timestamp())
    right_side = x < scale.left + (scale.right - scale.left) * 0.6
    anchor, dx = ("start", 8) if right_side else ("end", -8)
    verb = "denies " if claim.polarity is Polarity.DENIES else ""
    figure = claim.value_text or str(claim.value)
    label = f"{verb}{figure} · {_chain(context, claim)} · {_date(published)}"
    return (
        f'<g class="timeline-claim" data-claim="{_e(claim.id)}">'
        f"<title>{_e(claim.id)}</title>"
        f'<circle cx="{x}" cy="{y}" r="5" fill="{context.claim_colour(claim)}"/>'
        f'<text class="label" x="{x + dx}" y="{y + 4}" font-size="11" text-anchor="{anchor}" '
        f'fill="#1d232b">{_e(label)}</text></g>'
    )


# --- contradictions and quotes ------------------------------------------------------------------


def _folded(summary: str, body: str, count: int) -> str:
    opened = " open" if count <= OPEN_LIST_LIMIT else ""
    return f"<details{opened}><summary>{_e(summary)}</summary>\n{body}\n</details>"


def _contradictions(contradictions: Sequence[Contradiction]) -> str:
    if not contradictions:
        return ""
    ordered = sorted(contradictions, key=lambda c: -c.severity)
    items = "\n".join(
        f"<li><strong>{_e(c.kind.value)}</strong> (severity {c.severity:.2f}): {_e(c.message)}</li>"
        for c in ordered
    )
    summary = f"{counted(len(contradictions), 'contradiction')}, most severe first"
    body = f'<ul class="contradictions">\n{items}\n</ul>'
    return "<h4>Contradictions</h4>\n" + _folded(summary, body, len(contradictions))


def _quotes(context: _Context, finding: Finding) -> str:
    sides = [(claim_id, "supports") for claim_id in finding.support]
    sides += [(claim_id, "dissents") for claim_id in finding.dissent]
    sides += [(claim_id, "in words only") for claim_id in finding.qualitative]
    if not sides:
        return ""
    items = "\n".join(_quote(context, claim_id, side) for claim_id, side in sides)
    body = f'<ul class="quotes">\n{items}\n</ul>'
    summary = f"{counted(len(sides), 'claim')} behind this finding"
    return "<h4>Quotes</h4>\n" + _folded(summary, body, len(sides))


def _quote(context: _Context, claim_id: str, side: str) -> str:
    claim = context.claims.get(claim_id)
    if claim is None:
        missing = '<span class="missing">not in the dataset</span>'
        return f"<li><code>{_e(claim_id)}</code> {missing}</li>"
    colour = context.claim_colour(claim)
    evidence = claim.evidence
    document = evidence.document if evidence is not None else None
    quote = evidence.quote if evidence is not None else None
    verb = "denies" if claim.polarity is Polarity.DENIES else "says"
    published = f" · published {_date(claim.published)}" if claim.published else ""
    text = (
        f"<blockquote>{_e(quote)}</blockquote>"
        if quote
        else '<p class="missing">no quote recorded</p>'
    )
    return (
        f'<li style="--c: {colour}">'
        f"{_chip(context.affiliation(claim) or UNAFFILIATED, colour)} "
        f"<strong>{_e(_chain(context, claim))}</strong> {_e(verb)} <q>{_e(_said(claim))}</q> · "
        f'<span class="side-{_e(side)}">{_e(side)}</span> · '
        f"{_e(document or 'no document')}{_e(published)} · <code>{_e(claim.id)}</code>"
        f"\n{text}</li>"
    )


# --- sources ------------------------------------------------------------------------------------


def _sources_section(context: _Context) -> str:
    dataset = context.result.dataset
    origins: dict[str, int] = {}
    for claim in dataset.claims:
        origins[claim.origin] = origins.get(claim.origin, 0) + 1
    rows = "\n".join(
        "<tr>"
        f"<td><code>{_e(source.id)}</code></td>"
        f"<td>{_e(source.name)}</td>"
        f"<td>{_e(source.kind.value)}</td>"
        f"<td>{_chip(source.affiliation or UNAFFILIATED, context.colour(source.affiliation))}</td>"
        f'<td class="num">{context.result.weights.get(source.id, 1.0):.3g}</td>'
        f'<td class="num">{origins.get(source.id, 0)}</td>'
        "</tr>"
        for source in dataset.sources
    )
    return (
        '<section id="sources">\n<h2>Sources</h2>\n'
        '<div class="scroll"><table>\n<thead><tr><th>id</th><th>name</th><th>kind</th>'
        "<th>affiliation</th><th>weight</th><th>claims first said</th></tr></thead>\n<tbody>\n"
        f"{rows}\n</tbody>\n</table></div>\n</section>"
    )
