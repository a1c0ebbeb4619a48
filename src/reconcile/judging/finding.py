"""`Finding` and `Contradiction`: what a strategy concludes for one (event, attribute)."""

from __future__ import annotations

import enum
import html
import math
from collections.abc import Sequence
from typing import Any

import attrs

from reconcile.errors import ValidationError
from reconcile.pickling import pickled_by_values
from reconcile.validators import as_tuple
from reconcile.values.category import Category
from reconcile.values.quantity import Quantity, format_number
from reconcile.values.timespan import TimeSpan


class Status(enum.Enum):
    """How settled a finding is."""

    AGREED = "agreed"
    """Every independent claim is compatible with the best value, and they come from
    at least two camps."""
    DISPUTED = "disputed"
    """Some claims dissent, but the best value has more support than dissent."""
    CONTRADICTED = "contradicted"
    """Dissent weighs at least as much as support: no value has a majority."""
    SINGLE_SOURCE = "single-source"
    """Every claim goes back to one origin: nothing to compare it with."""
    SINGLE_CAMP = "single-camp"
    """Several origins, none dissenting, but all in one camp: however many outlets
    repeat it, one side's word is not agreement."""
    INSUFFICIENT = "insufficient"
    """No claim asserts a value (none at all, or only denials)."""


class ContradictionKind(enum.Enum):
    """What sort of disagreement a contradiction is."""

    DISJOINT_VALUES = "disjoint-values"
    """Figures whose intervals share no value: 50 against 52."""
    EXCLUSIVE_CATEGORIES = "exclusive-categories"
    """Labels that cannot both be true: "Iraqi forces" against "an internal dispute"."""
    DENIAL = "denial"
    """A source denies a value that others assert."""
    OUTLIER = "outlier"
    """A figure far from every other, left out of the range (and named here)."""
    DISJOINT_DATES = "disjoint-dates"
    """Dates or periods that do not overlap."""


def _check_severity(instance: Any, attribute: Any, value: float) -> None:
    if not 0.0 <= value <= 1.0 or math.isnan(value):
        raise ValidationError(f"severity must lie in [0, 1], got {value!r}", field=attribute.name)


@pickled_by_values
@attrs.frozen(kw_only=True)
class Contradiction:
    """A disagreement between claims, typed, with the claims involved and a severity in [0, 1].

    `claims` lists the dissenting claims first, then those they contradict.
    """

    kind: ContradictionKind
    claims: tuple[str, ...] = attrs.field(converter=as_tuple)
    severity: float = attrs.field(validator=_check_severity)
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The contradiction in the JSON contract."""
        return {
            "kind": self.kind.value,
            "claims": list(self.claims),
            "severity": round(self.severity, 4),
            "message": self.message,
        }


@attrs.frozen(kw_only=True)
class BeyondRange:
    """A figure left outside a finding's range of reliable figures, and why.

    `claims` are the claims that give it, `figure` the figure as written
    ("70", "≥ 500"), and `reason` why it is not relied on: an isolated
    figure, a party's claim in its own interest, or an origin of little
    weight.
    """

    claims: tuple[str, ...] = attrs.field(converter=as_tuple)
    figure: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The entry in the JSON contract."""
        return {"claims": list(self.claims), "figure": self.figure, "reason": self.reason}


Best = Quantity | Category | TimeSpan | tuple[Category, ...] | None


def _check_confidence(instance: Any, attribute: Any, value: float) -> None:
    if not 0.0 <= value <= 1.0 or math.isnan(value):
        raise ValidationError(f"confidence must lie in [0, 1], got {value!r}", field=attribute.name)


def _check_partition(instance: Finding, attribute: Any, value: tuple[str, ...]) -> None:
    overlap = set(instance.support) & set(value)
    if overlap:
        raise ValidationError(
            f"claims cannot both support and dissent: {sorted(overlap)}", field=attribute.name
        )


@pickled_by_values
@attrs.frozen(kw_only=True)
class Finding:
    """The result for one (event, attribute), explaining itself by the claims behind it.

    `best` is the best value (a `Quantity` at one figure for quantities, a
    `Category`, a tuple of categories for multi-valued attributes, a
    `TimeSpan`, or None when nothing can be said); `low` and `high` are the
    lowest and highest reliable figures of a quantity, and `beyond_range`
    lists the figures given outside them, each with its reason. `support` and
    `dissent` partition the claim ids, `support_affiliations` and `dissent_affiliations` say which
    camps stand on each side, and `rationale` says in one line why.

    `qualifier` names who the figures count when the finding is about a
    sub-count ("civilians"), judged apart from the total; `qualitative`
    lists the claims about it that give words but no value ("significant
    loss of life"): kept with the finding and reported, never weighed.
    """

    event: str
    attribute: str
    qualifier: str | None = None
    kind: str
    status: Status
    best: Best
    low: float | None = None
    high: float | None = None
    confidence: float = attrs.field(validator=_check_confidence)
    support: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    dissent: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_check_partition
    )
    support_affiliations: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    dissent_affiliations: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    contradictions: tuple[Contradiction, ...] = attrs.field(default=(), converter=as_tuple)
    rationale: str
    strategy: str
    qualitative: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)

    @property
    def topic(self) -> str:
        """The attribute, with the qualifier of a sub-count: "killed" or "killed (civilians)"."""
        return f"{self.attribute} ({self.qualifier})" if self.qualifier else self.attribute

    beyond_range: tuple[BeyondRange, ...] = attrs.field(default=(), converter=as_tuple)
    high_open: bool = False
    """Whether the range is open above: a reliable claim set no upper end ("hundreds",
    "at least 500") and none closes the range at or above `high`. Nobody said a top."""

    @property
    def claims(self) -> tuple[str, ...]:
        """Every claim the finding rests on: support, then dissent."""
        return (*self.support, *self.dissent)

    def best_text(self) -> str:
        """The best value as a person reads it: "52", "Iraqi security forces", "2013-09-01"."""
        return _best_text(self.best)

    def range_text(self) -> str:
        """The reliable range of a quantity, such as "50-70" or "200+", or "" for other kinds."""
        if self.low is None or self.high is None:
            return ""
        text = format_number(self.low)
        if self.low != self.high:
            text += f"-{format_number(self.high)}"
        # An open top is shown, never invented: "hundreds" gives "200+", not "200-999".
        return text + "+" if self.high_open else text

    def _repr_html_(self) -> str:
        """The finding as an HTML table in a notebook, with what lies beyond its range."""
        beyond = "".join(
            f"<li>{html.escape(item.figure)} ({html.escape(', '.join(item.claims))}): "
            f"{html.escape(item.reason)}</li>"
            for item in self.beyond_range
        )
        listed = f"<p>Beyond the range:</p><ul>{beyond}</ul>" if beyond else ""
        return findings_table_html([self]) + listed

    def to_dict(self) -> dict[str, Any]:
        """The finding in the JSON contract (see docs/json-output.md)."""
        return {
            "attribute": self.attribute,
            "kind": self.kind,
            "status": self.status.value,
            "best": _best_json(self.best),
            "low": _finite(self.low),
            "high": _finite(self.high),
            "confidence": round(self.confidence, 4),
            "support": list(self.support),
            "dissent": list(self.dissent),
            "support_affiliations": list(self.support_affiliations),
            "dissent_affiliations": list(self.dissent_affiliations),
            "contradictions": [contradiction.to_dict() for contradiction in self.contradictions],
            "rationale": self.rationale,
            "strategy": self.strategy,
            **({"qualifier": self.qualifier} if self.qualifier else {}),
            **({"qualitative": list(self.qualitative)} if self.qualitative else {}),
            "beyond_range": [item.to_dict() for item in self.beyond_range],
            "high_open": self.high_open,
        }


HTML_COLUMNS = ("event", "attribute", "best", "range", "status", "confidence", "rationale")


def findings_table_html(findings: Sequence[Finding]) -> str:
    """A plain HTML table of findings, for a notebook: every text escaped."""
    header = "".join(f"<th>{name}</th>" for name in HTML_COLUMNS)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(cell)}</td>"
            for cell in (
                f.event,
                f.attribute,
                f.best_text(),
                f.range_text() or "-",
                f.status.value,
                f"{f.confidence:.2f}",
                f.rationale,
            )
        )
        + "</tr>"
        for f in findings
    )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"


def _finite(value: float | None) -> float | int | None:
    if value is None or math.isinf(value):
        return None
    return int(value) if float(value).is_integer() else value


def _best_json(best: Best) -> Any:
    if best is None:
        return None
    if isinstance(best, Quantity):
        return _finite(best.point if best.point is not None else best.low)
    if isinstance(best, Category):
        return best.label
    if isinstance(best, TimeSpan):
        return best.isoformat()
    return [category.label for category in best]


def _best_text(best: Best) -> str:
    if best is None:
        return "-"
    if isinstance(best, tuple):
        return "; ".join(category.label for category in best) or "-"
    return str(best)
