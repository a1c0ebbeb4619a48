"""`reconcile()` and `Reconciliation`: from a dataset to findings that explain themselves."""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Protocol

import attrs

from reconcile.judging.finding import Contradiction, Finding, findings_table_html
from reconcile.judging.group import ClaimGroup
from reconcile.judging.policies import Assessed, CodebookPolicy, Coding, Placement, get_policy
from reconcile.judging.policies.reread import reread
from reconcile.judging.registry import check_fit, get
from reconcile.judging.strategy import Strategy
from reconcile.linking.cluster import Clusterer, EventCluster, MentionClusterer
from reconcile.linking.places import anchor_of
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset
from reconcile.model.schema import AttributeSchema, ValueKind
from reconcile.values.quantity import counted

DEFAULT_STRATEGIES = {
    ValueKind.QUANTITY: "interval-consensus",
    ValueKind.CATEGORY: "weighted-vote",
    ValueKind.TIMESPAN: "intersection",
}


class SourceWeights(Protocol):
    """Anything that gives source weights: a fitted reliability model's `weights_`."""

    @property
    def weights_(self) -> Mapping[str, float]:
        """The learned weight of each source."""
        ...


class ClaimIndependence(Protocol):
    """Anything that gives the independent share of each claim's vote: a fitted `CopyDetector`."""

    @property
    def independence_(self) -> Mapping[str, float]:
        """By claim id, the share of the claim's vote that is independent, in [0, 1]."""
        ...


def _frozen_weights(mapping: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(mapping))


def _frozen_names(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


REPR_FINDINGS = 3
"""How many findings `repr(result)` shows; `render_text(result)` shows them all."""


@attrs.frozen(kw_only=True, repr=False)
class Reconciliation:
    """The whole result: the events, a finding per (event, attribute), and the source weights.

    `independence` holds the independent share of each claim's vote that
    weighed the claims, if any (see `reconcile`). `add` reconciles more
    claims with these; the result equals reconciling everything at once.
    """

    dataset: Dataset
    events: tuple[EventCluster, ...]
    findings: tuple[Finding, ...]
    weights: Mapping[str, float] = attrs.field(converter=_frozen_weights, eq=False)
    strategies: Mapping[str, str] = attrs.field(converter=_frozen_names, eq=False)
    independence: Mapping[str, float] = attrs.field(
        factory=dict, converter=_frozen_weights, eq=False, repr=False
    )
    options: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    codings: Mapping[str, Coding] = attrs.field(factory=dict, eq=False, repr=False)
    """By event id, the event as the codebook policy records it (empty without a policy)."""

    def __repr__(self) -> str:
        """Counts and the first findings: the whole dataset would bury them."""
        shown = [
            f"{f.event}/{f.attribute}: {f.best_text()} ({f.status.value})"
            for f in self.findings[:REPR_FINDINGS]
        ]
        if len(self.findings) > REPR_FINDINGS:
            shown.append(f"... {len(self.findings) - REPR_FINDINGS} more")
        counts = ", ".join(
            [
                counted(len(self.events), "event"),
                counted(len(self.findings), "finding"),
                counted(len(self.dataset.claims), "claim"),
                counted(len(self.dataset.sources), "source"),
            ]
        )
        return f"<Reconciliation: {counts}; findings: {'; '.join(shown) or 'none'}>"

    def _repr_html_(self) -> str:
        """The result in a notebook: its counts, then every finding as a table."""
        head = html.escape(repr(self).split(";", 1)[0].removeprefix("<"))
        return f"<p>{head}</p>{findings_table_html(self.findings)}"

    def finding(self, event: str, attribute: str) -> Finding:
        """The finding for one (event, attribute); a `KeyError` saying what there is instead."""
        self.event(event)
        for finding in self.findings:
            if finding.event == event and finding.attribute == attribute:
                return finding
        known = sorted(f.attribute for f in self.findings if f.event == event)
        raise KeyError(
            f"event {event!r} has no finding for {attribute!r}; it has: {', '.join(known)}"
        )

    def event(self, event_id: str) -> EventCluster:
        """The event with this id."""
        for cluster in self.events:
            if cluster.id == event_id:
                return cluster
        raise KeyError(
            f"no event {event_id!r}; the events are: {', '.join(c.id for c in self.events)}"
        )

    @property
    def contradictions(self) -> tuple[Contradiction, ...]:
        """Every contradiction of every finding."""
        return tuple(c for finding in self.findings for c in finding.contradictions)

    def add(self, claims: Iterable[Claim]) -> Reconciliation:
        """Reconcile these claims together with the ones already here."""
        return reconcile(self.dataset.with_claims(claims), **self.options)

    def explain(self, event: str, attribute: str) -> str:
        """The claims behind one finding and how they were weighed, as text for a person."""
        finding = self.finding(event, attribute)
        claims = {claim.id: claim for claim in self.dataset.claims}
        lines = [
            f"{self.event(event).event.label} ({event}) / {attribute}",
            f"  {finding.status.value}: best {finding.best_text()}"
            + (f", range {finding.range_text()}" if finding.range_text() else "")
            + f", confidence {finding.confidence:.2f} ({finding.strategy})",
            f"  {finding.rationale}",
        ]
        group = self.group(event, attribute)
        for side, ids in (("supports", finding.support), ("dissents", finding.dissent)):
            for claim_id in ids:
                claim = claims[claim_id]
                testimony = next(t for t in group.testimonies if claim_id in t.all_claims)
                note = " (an earlier count it revised)" if claim_id in testimony.superseded else ""
                origin = claim.origin
                if testimony.origin != origin:
                    origin += f" (speaking for {testimony.origin})"
                interest = f" ({testimony.interest.value})" if testimony.interest else ""
                lines.append(
                    f"  {side}: {claim_id}: {' -> '.join(claim.chain)} [{testimony.camp}] "
                    f"{'denies' if not testimony.asserts else 'says'} "
                    f"{claim.value_text or claim.value}{note}; origin {origin} "
                    f"weighs {testimony.weight:.3g}{interest}"
                )
        for contradiction in finding.contradictions:
            lines.append(f"  contradiction ({contradiction.kind.value}): {contradiction.message}")
        for beyond in finding.beyond_range:
            lines.append(
                f"  beyond the range: {beyond.figure} ({', '.join(beyond.claims)}): {beyond.reason}"
            )
        return "\n".join(lines)

    def group(self, event: str, attribute: str) -> ClaimGroup:
        """The claims of one (event, attribute) as the strategy saw them, with their testimonies."""
        cluster = self.event(event)
        claims = [
            c
            for c in self.dataset.claims
            if c.id in set(cluster.claims) and c.attribute == attribute
        ]
        return _group_of(self.dataset, event, attribute, claims, self.weights, self.independence)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: events with their findings, and the weight of each source."""
        by_event: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            by_event[finding.event].append(finding)
        return {
            "events": [
                {
                    "id": cluster.id,
                    "label": cluster.event.label,
                    "when": _when(cluster),
                    "where": cluster.event.where,
                    "claims": list(cluster.claims),
                    "findings": [f.to_dict() for f in by_event.get(cluster.id, [])],
                    **(
                        {"coding": self.codings[cluster.id].to_dict()}
                        if cluster.id in self.codings
                        else {}
                    ),
                }
                for cluster in self.events
            ],
            "sources": [
                {"id": source.id, "weight": _rounded(self.weights.get(source.id, 1.0))}
                for source in self.dataset.sources
            ],
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per finding, for a table."""
        rows = []
        for finding in self.findings:
            row = finding.to_dict()
            row["event"] = finding.event
            row["contradictions"] = len(finding.contradictions)
            for key in ("support", "dissent", "support_affiliations", "dissent_affiliations"):
                row[key] = ", ".join(row[key])
            if isinstance(row["best"], list):
                row["best"] = "; ".join(row["best"])
            row["beyond_range"] = "; ".join(
                f"{item.figure} ({', '.join(item.claims)}): {item.reason}"
                for item in finding.beyond_range
            )
            rows.append(row)
        return rows

    def to_table(self) -> Any:
        """The findings as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_table needs pandas: pip install 'reconcile[pandas]'") from None
        return pd.DataFrame(self.to_rows())


def _when(cluster: EventCluster) -> dict[str, str] | None:
    when = cluster.event.when
    if when is None:
        return None
    return {"start": when.start.isoformat(), "end": when.end.isoformat()}


def _rounded(value: float) -> float:
    return round(value, 6) if math.isfinite(value) else value


def reconcile(
    dataset: Dataset,
    *,
    strategies: Mapping[str, Strategy | str] | None = None,
    weights: Mapping[str, float] | SourceWeights | None = None,
    independence: Mapping[str, float] | ClaimIndependence | None = None,
    clusterer: Clusterer | None = None,
    progress: Callable[[int, int], None] | None = None,
    policy: CodebookPolicy | str | None = None,
) -> Reconciliation:
    """Reconcile a dataset: resolve its events, then find what is known of each attribute.

    `strategies` maps attribute names to a strategy (or a registered name);
    otherwise an attribute's schema names it, else the default for its kind
    (interval-consensus, weighted-vote, intersection). `weights` gives source
    weights, or a fitted reliability model (such as `CRH().fit(dataset)`);
    sources not in it weigh their reliability prior, else 1. `independence`
    gives, by claim id, the share of each claim's vote that is independent
    of the sources it may copy, or a fitted `CopyDetector`: each testimony's
    weight is scaled by it (a claim not in it counts whole). When `weights`
    is itself a fitted `CopyDetector` and `independence` is not given, its
    independent shares are used too, so ``weights=detector`` weighs claims
    as the detector does. `clusterer` resolves mentions into events
    (`MentionClusterer()` by default). `progress`, if given, is called as
    ``progress(done, total)`` after each event, for a progress bar on long
    runs. `policy` names a codebook (``ucdp``, ``acled``, ``ibc``,
    ``airwars``) or is a policy object: its strategies settle the attributes
    `strategies` does not name, it may read vague words as its codebook codes
    them, and it codes every event (`Reconciliation.codings`).
    """
    codebook = None if policy is None else get_policy(policy)
    if codebook is not None:
        if codebook.hedges is not None:
            dataset = reread(dataset, codebook.hedges)
        strategies = {**codebook.strategies, **(strategies or {})}
    clusterer = clusterer or MentionClusterer()
    weight_map = _weights(weights)
    shares = _independence(independence, weights)
    events = clusterer.cluster(dataset)
    claims = {claim.id: claim for claim in dataset.claims}
    findings: list[Finding] = []
    used: dict[str, str] = {}
    codings: dict[str, Coding] = {}
    for done, cluster in enumerate(events, start=1):
        by_attribute: dict[str, list[Claim]] = defaultdict(list)
        for claim_id in cluster.claims:
            by_attribute[claims[claim_id].attribute].append(claims[claim_id])
        groups: dict[str, ClaimGroup] = {}
        found: dict[str, Finding] = {}
        for attribute in sorted(by_attribute):
            group = _group_of(
                dataset, cluster.id, attribute, by_attribute[attribute], weight_map, shares
            )
            strategy = _strategy_for(group.schema, strategies)
            used[attribute] = strategy.name
            groups[attribute], found[attribute] = group, strategy.reconcile(group)
        findings.extend(found.values())
        if codebook is not None:
            placement = _placement(cluster.event.where, clusterer)
            assessed = Assessed(
                event=cluster.event, findings=found, groups=groups, placement=placement
            )
            codings[cluster.id] = codebook.code(assessed)
        if progress is not None:
            progress(done, len(events))
    return Reconciliation(
        dataset=dataset,
        events=events,
        findings=tuple(findings),
        weights={source.id: _weight(source.id, dataset, weight_map) for source in dataset.sources},
        strategies=used,
        independence=shares,
        options={
            "strategies": strategies,
            "weights": weights,
            "independence": independence,
            "clusterer": clusterer,
            "policy": codebook,
        },
        codings=codings,
    )


def _placement(where: str | None, clusterer: Clusterer) -> Placement:
    """What the clusterer's gazetteer knows of a place: its depth, and if it is "near" one.

    The depth is how many places of the gazetteer contain it; a place the
    gazetteer does not name (neither inside nor around another) has none.
    """
    if where is None:
        return Placement()
    if anchor_of(where) is not None:
        return Placement(relative=True)
    gazetteer = getattr(clusterer, "gazetteer", None)
    if gazetteer is None:
        return Placement()
    name = gazetteer.canonical(where)
    known = name in gazetteer.within or name in gazetteer.within.values()
    return Placement(depth=len(gazetteer.lineage(where)) - 1 if known else None)


def _weights(weights: Mapping[str, float] | SourceWeights | None) -> Mapping[str, float]:
    if weights is None:
        return {}
    if isinstance(weights, Mapping):
        return weights
    return weights.weights_


def _independence(
    independence: Mapping[str, float] | ClaimIndependence | None,
    weights: Mapping[str, float] | SourceWeights | None,
) -> Mapping[str, float]:
    if isinstance(independence, Mapping):
        return independence
    if independence is not None:
        return independence.independence_
    # A copy detector passed as the weights brings its discounts: its weights assume them.
    if weights is not None and not isinstance(weights, Mapping):
        shares: Mapping[str, float] = getattr(weights, "independence_", {})
        return shares
    return {}


def _weight(source_id: str, dataset: Dataset, weights: Mapping[str, float]) -> float:
    if source_id in weights:
        return weights[source_id]
    prior = dataset.sources_by_id[source_id].reliability
    return 1.0 if prior is None else prior


def _group_of(
    dataset: Dataset,
    event: str,
    attribute: str,
    claims: list[Claim],
    weights: Mapping[str, float],
    independence: Mapping[str, float],
) -> ClaimGroup:
    return ClaimGroup(
        event=event,
        attribute=attribute,
        schema=_schema_of(dataset, attribute, claims),
        claims=tuple(sorted(claims, key=lambda claim: claim.id)),
        sources=dataset.sources_by_id,
        weights=weights,
        independence=independence,
    )


def _schema_of(dataset: Dataset, attribute: str, claims: list[Claim]) -> AttributeSchema:
    schema = dataset.schema(attribute)
    if schema is not None:
        return schema
    return AttributeSchema(name=attribute, kind=ValueKind.of(claims[0].value))


def _strategy_for(schema: AttributeSchema, chosen: Mapping[str, Strategy | str] | None) -> Strategy:
    choice: Strategy | str = (
        (chosen or {}).get(schema.name) or schema.strategy or DEFAULT_STRATEGIES[schema.kind]
    )
    strategy = get(choice) if isinstance(choice, str) else choice
    check_fit(strategy, schema)
    return strategy
