"""Reading a figures finding for a codebook: its whole number, its range, its origins."""

from __future__ import annotations

from reconcile.judging.finding import Finding
from reconcile.judging.group import ClaimGroup
from reconcile.values.quantity import Quantity, format_number


def whole(value: float | None) -> int | None:
    """A finite figure as a whole number, or None (an open end is not a figure)."""
    if value is None or value == float("inf"):
        return None
    return round(value)


def best_figure(finding: Finding | None) -> int | None:
    """The best figure of a quantity finding: its point, else its low end."""
    if finding is None or not isinstance(finding.best, Quantity):
        return None
    best = finding.best
    return whole(best.point if best.point is not None else best.low)


def figures_said(group: ClaimGroup) -> str:
    """Every figure asserted in a group, with its origins: "52 (mek-site, tasnim); 50 (...)"."""
    by_figure: dict[str, list[str]] = {}
    for item in group.testimonies:
        if item.asserts:
            by_figure.setdefault(str(item.value), []).append(item.origin)
    return "; ".join(f"{figure} ({', '.join(sorted(set(o)))})" for figure, o in by_figure.items())


def range_words(finding: Finding) -> str:
    """The reliable range as words: "50-52", or "at least 200" for an open top."""
    if finding.low is None or finding.high is None:
        return "no range"
    if finding.high_open:
        return f"at least {format_number(finding.low)}"
    return finding.range_text()
