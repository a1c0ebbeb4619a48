"""The chart of a categorical dispute: who blames whom, coloured by camp.

One row per label claimed or denied, in the order of the weight behind it;
each testimony that names the label is a segment as wide as its weight, in
the colour of its origin's camp; a denial is an outlined segment of the
same camp. The chosen label is marked. It shows at a glance which camps
accuse whom, and which deny.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from reconcile.judging.finding import Finding
from reconcile.judging.group import ClaimGroup, Testimony
from reconcile.report.markup import escape
from reconcile.values.category import Category

WIDTH = 640
LABEL_WIDTH = 200
ROW = 26
TOP = 8


def wants_blame_chart(finding: Finding, group: ClaimGroup) -> bool:
    """A category finding where more than one label is claimed, or a label is denied."""
    labels = {_label(group, item) for item in group.testimonies if isinstance(item.value, Category)}
    denied = any(not item.asserts for item in group.testimonies)
    return finding.kind == "category" and (len(labels) > 1 or denied)


def blame_figure(finding: Finding, group: ClaimGroup, colour: Callable[[str], str]) -> str:
    """The chart as an SVG figure with its caption; "" when there is nothing to compare."""
    if not wants_blame_chart(finding, group):
        return ""
    rows = _rows(group)
    scale = (WIDTH - LABEL_WIDTH - 16) / max(sum(i.weight for i in items) for _, items in rows)
    chosen = _chosen(finding, group)
    height = TOP + ROW * len(rows) + 8
    body = "".join(
        _row(label, items, TOP + ROW * index, scale, colour, label in chosen)
        for index, (label, items) in enumerate(rows)
    )
    return (
        '<figure class="blame">'
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(finding.attribute)}: who names which label, by camp">'
        f"{body}</svg>"
        "<figcaption>Who blames whom: each bar is a label, each segment an origin that names it, "
        "as wide as its weight, in its camp's colour; outlined segments deny the label. "
        f"The finding: {escape(finding.best_text())} (★ where it is a bar).</figcaption></figure>"
    )


def _label(group: ClaimGroup, item: Testimony) -> str:
    assert isinstance(item.value, Category)
    return group.schema.labels.display(item.value.label)


def _rows(group: ClaimGroup) -> list[tuple[str, list[Testimony]]]:
    by_label: dict[str, list[Testimony]] = defaultdict(list)
    for item in group.testimonies:
        if isinstance(item.value, Category):
            by_label[_label(group, item)].append(item)
    weight = {label: sum(i.weight for i in items if i.asserts) for label, items in by_label.items()}
    return sorted(by_label.items(), key=lambda pair: (-weight[pair[0]], pair[0]))


def _chosen(finding: Finding, group: ClaimGroup) -> set[str]:
    best = finding.best
    labels = [best] if isinstance(best, Category) else list(best) if isinstance(best, tuple) else []
    return {group.schema.labels.display(label.label) for label in labels}


def _row(
    label: str,
    items: Sequence[Testimony],
    y: float,
    scale: float,
    colour: Callable[[str], str],
    chosen: bool,
) -> str:
    mark = "★ " if chosen else ""
    weight = "bold" if chosen else "normal"
    parts = [
        f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="12" '
        f'font-weight="{weight}" fill="#1d232b">{escape(mark + label)}</text>'
    ]
    x = float(LABEL_WIDTH)
    for item in sorted(items, key=lambda i: (not i.asserts, i.camp, i.origin)):
        width = max(item.weight * scale, 2.0)
        paint = escape(colour(item.camp))
        style = (
            f'fill="{paint}"'
            if item.asserts
            else f'fill="#fff" stroke="{paint}" stroke-width="2" stroke-dasharray="4 2"'
        )
        verb = "names" if item.asserts else "denies"
        title = f"{item.origin} ({item.camp}) {verb} {label}, weight {item.weight:.2g}"
        parts.append(
            f'<rect x="{round(x, 1)}" y="{y + 3}" width="{round(width, 1)}" height="16" {style}>'
            f"<title>{escape(title)}</title></rect>"
        )
        x += width
    return "".join(parts)
