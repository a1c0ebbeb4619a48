"""`reconcile()` and `Reconciliation`: from a dataset to findings that explain themselves."""

from __future__ import annotations

import html
import itertools
import math
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from reconcile.collector import with_collector_paused
from reconcile.distributed import DASK, DaskClusterer, Outcome, running
from reconcile.errors import UsageError
from reconcile.judging.builtin import BUILTIN_STRATEGIES
from reconcile.judging.finding import Contradiction, Finding, findings_table_html
from reconcile.judging.group import ClaimGroup
from reconcile.judging.policies import Assessed, CodebookPolicy, Coding, Placement, get_policy
from reconcile.judging.policies.registry import policies
from reconcile.judging.policies.reread import reread
from reconcile.judging.registry import check_fit, get
from reconcile.judging.repeats import with_repeats
from reconcile.judging.strategy import Strategy
from reconcile.linking.cluster import Clusterer, EventCluster, MentionClusterer
from reconcile.linking.engine import ColumnarClusterer, clusterer_for, settings_of
from reconcile.linking.incremental import cluster_with_state
from reconcile.linking.places import PlaceComparer, anchor_of
from reconcile.linking.state import ClusterState
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset
from reconcile.model.gazetteer import Gazetteer
from reconcile.model.schema import AttributeSchema, ValueKind
from reconcile.model.source import Source
from reconcile.processes import results_in_two, room_for_a_copy, usable_processes
from reconcile.reliability.auto import AutoReliability
from reconcile.validators import attribute_id
from reconcile.values.quantity import counted

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_STRATEGIES = {
    ValueKind.QUANTITY: "interval-consensus",
    ValueKind.CATEGORY: "weighted-vote",
    ValueKind.TIMESPAN: "intersection",
}
"""The strategy of an attribute whose schema names none, by the kind of its values."""

HIERARCHY_STRATEGY = "hierarchical-vote"
"""The default for a single-valued category attribute with a taxonomy: a place named at another
level of the hierarchy is less specific, not a rival."""

AUTO = "auto"
"""``weights="auto"``: weights chosen from the data alone (`AutoReliability`)."""


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
    # A proxy (a previous result's weights, given to an update's) copies what it wraps at C
    # speed; read through the proxy, item by item, a source's weight took ten times longer.
    copied = mapping.copy() if isinstance(mapping, MappingProxyType) else dict(mapping)
    return MappingProxyType(copied)


def _frozen_names(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


REPR_FINDINGS = 3
"""How many findings `repr(result)` shows; `render_text(result)` shows them all."""


@attrs.frozen(kw_only=True, repr=False)
class Reconciliation:
    """The whole result: the events, a finding per (event, attribute), and the source weights.

    `independence` holds the independent share of each claim's vote that
    weighed the claims, if any (see `reconcile`). `add` reconciles more
    claims with these (see `update`); the result equals reconciling
    everything at once.
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
    clustering: ClusterState | None = attrs.field(default=None, eq=False, repr=False)
    """What the default clusterer kept for `update` to cluster more claims incrementally."""

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

    def finding(self, event: str, attribute: str, qualifier: str | None = None) -> Finding:
        """The finding for one (event, attribute), or for the sub-count `qualifier` names.

        A `KeyError` says what there is instead.
        """
        self.event(event)
        found = self.findings_by_event[event]
        for finding in found:
            if (finding.attribute, finding.qualifier) == (attribute, qualifier):
                return finding
        known = sorted(f.topic for f in found)
        attribute = f"{attribute} ({qualifier})" if qualifier else attribute
        raise KeyError(
            f"event {event!r} has no finding for {attribute!r}; it has: {', '.join(known)}"
        )

    def event(self, event_id: str) -> EventCluster:
        """The event with this id."""
        cluster = self.events_by_id.get(event_id)
        if cluster is None:
            raise KeyError(
                f"no event {event_id!r}; the events are: {', '.join(c.id for c in self.events)}"
            )
        return cluster

    @cached_property
    def events_by_id(self) -> Mapping[str, EventCluster]:
        """The events by id: what `event` looks an id up in, worked out once."""
        return MappingProxyType({cluster.id: cluster for cluster in self.events})

    @cached_property
    def findings_by_event(self) -> Mapping[str, tuple[Finding, ...]]:
        """The findings of each event, by its id (empty for an event with none).

        Worked out once: `finding` and `explain` read an event's findings
        here rather than going through all of them (172,522 at 10^6
        simulated claims). A run and an update hand their own on, as they judge.
        """
        by_event: dict[str, tuple[Finding, ...]] = dict.fromkeys(map(_EVENT_ID, self.events), ())
        by_event.update(_findings_by_event(self.findings))
        return MappingProxyType(by_event)

    @property
    def contradictions(self) -> tuple[Contradiction, ...]:
        """Every contradiction of every finding."""
        return tuple(c for finding in self.findings for c in finding.contradictions)

    def add(self, claims: Iterable[Claim]) -> Reconciliation:
        """Reconcile these claims together with the ones already here (see `update`)."""
        from reconcile.updating import update  # here: `reconcile.updating` imports this module

        return update(self, claims)

    def explain(self, event: str, attribute: str, qualifier: str | None = None) -> str:
        """The claims behind one finding and how they were weighed, as text for a person."""
        finding = self.finding(event, attribute, qualifier)
        claims = self.dataset.claims_by_id
        shown = (
            finding.topic
            if attribute == attribute_id(attribute)
            else f"{finding.topic} [{attribute_id(attribute)}]"
        )
        lines = [
            f"{self.event(event).event.label} ({event}) / {shown}",
            f"  {finding.status.value}: best {finding.best_text()}"
            + (f", range {finding.range_text()}" if finding.range_text() else "")
            + f", confidence {finding.confidence:.2f} ({finding.strategy})",
            f"  {finding.rationale}",
        ]
        group = self.group(event, attribute, qualifier)
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
        for claim_id in finding.qualitative:
            claim = claims[claim_id]
            lines.append(
                f"  in words only: {claim_id}: {' -> '.join(claim.chain)} says "
                f"{claim.value_text!r}; origin {claim.origin}"
            )
        for contradiction in finding.contradictions:
            lines.append(f"  contradiction ({contradiction.kind.value}): {contradiction.message}")
        for beyond in finding.beyond_range:
            lines.append(
                f"  beyond the range: {beyond.figure} ({', '.join(beyond.claims)}): {beyond.reason}"
            )
        return "\n".join(lines)

    def group(self, event: str, attribute: str, qualifier: str | None = None) -> ClaimGroup:
        """The claims of one (event, attribute, qualifier) as the strategy saw them.

        Claims in words only are left out, as the strategy never sees them.
        """
        cluster = self.event(event)
        by_id = self.dataset.claims_by_id
        claims = [
            c
            for c in map(by_id.__getitem__, cluster.claims)
            if (c.attribute, c.qualifier) == (attribute, qualifier) and c.value is not None
        ]
        topic = (attribute, qualifier)
        return _group_of(self.dataset, event, topic, claims, self.weights, self.independence)

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
            row["attribute_id"] = attribute_id(finding.attribute)
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


@with_collector_paused
def reconcile(
    dataset: Dataset,
    *,
    strategies: Mapping[str, Strategy | str] | None = None,
    weights: Mapping[str, float] | SourceWeights | Literal["auto"] | None = None,
    independence: Mapping[str, float] | ClaimIndependence | None = None,
    clusterer: Clusterer | None = None,
    progress: Callable[[int, int], None] | None = None,
    accept_candidates: bool = False,
    policy: CodebookPolicy | str | None = None,
    engine: str | None = None,
    scheduler: str | Client | None = None,
) -> Reconciliation:
    """Reconcile a dataset: resolve its events, then find what is known of each attribute.

    `strategies` maps attribute names to a strategy (or a registered name);
    otherwise an attribute's schema names it, else the default for its kind
    (interval-consensus, weighted-vote, intersection; hierarchical-vote for
    a single-valued category attribute with a taxonomy). `weights` gives
    source weights, or a fitted reliability model (such as
    `CRH().fit(dataset)`), or ``"auto"``: `AutoReliability` fitted on the
    dataset, which reads from the data how accurate each source is and which
    sources copy each other (see its module for the rule and how it was
    chosen without gold answers); sources not in it weigh their reliability
    prior, else 1. `independence`
    gives, by claim id, the share of each claim's vote that is independent
    of the sources it may copy, or a fitted `CopyDetector`: each testimony's
    weight is scaled by it (a claim not in it counts whole). When `weights`
    is itself a fitted `CopyDetector` and `independence` is not given, its
    independent shares are used too, so ``weights=detector`` weighs claims
    as the detector does. `clusterer` resolves mentions into events (by
    default, the default engine with `MentionClusterer()`'s settings).
    `progress`, if given, is called as ``progress(done, total)`` after each
    event, for a progress bar on long runs.

    A dataset that holds candidates (claims an extractor proposed, see
    `reconcile.extract`) raises `UsageError` unless `accept_candidates` is
    true: a person reviews them first. Accepted candidates keep their flag,
    so that a report can show them beside their quotes; their extraction
    confidence never changes their weight.

    `policy` names a codebook (``ucdp``, ``acled``, ``ibc``,
    ``airwars``) or is a policy object: its strategies settle the attributes
    `strategies` does not name, it may read vague words as its codebook codes
    them, and it codes every event (`Reconciliation.codings`).

    `engine` (``objects`` or ``columnar``) chooses how the events are worked
    out: the same events either way, from per-object Python or from NumPy
    columns (see docs/scale.md). Without `clusterer`, the default engine
    runs with the default settings; with a `MentionClusterer` and no engine,
    that clusterer runs as it is. ``engine="dask"`` runs the same settings on a
    Dask cluster (`DaskClusterer`, the ``dask`` extra): `scheduler` is its
    address (``tcp://host:8786``) or a `distributed.Client`, and without it a
    cluster of local processes is started for the run. The result is the same
    on every engine.
    """
    _refuse_unreviewed(dataset.candidates, accept_candidates)
    codebook = None if policy is None else get_policy(policy)
    if codebook is not None:
        if codebook.hedges is not None:
            dataset = reread(dataset, codebook.hedges)
        strategies = {**codebook.strategies, **(strategies or {})}
    clusterer = _clusterer(clusterer, engine, scheduler)
    options = {
        "strategies": strategies,
        "weights": weights,  # "auto" as such, so that `update` knows to fit it again
        "independence": independence,
        "clusterer": clusterer,
        "accept_candidates": accept_candidates,
        "policy": codebook,
    }
    with running(clusterer) as live:  # the dask engine's client, open for the whole run
        if isinstance(weights, str):
            weights = _auto(weights, dataset, live)
        judge = _Judge.of(dataset, options, weights)
        events, state = _clustered(live, dataset)
        if isinstance(live, DaskClusterer):
            outcomes = live.judged(judge, events)
        else:
            outcomes = _judged_here(judge, events)
        found_in: dict[str, tuple[Finding, ...]] = {}
        codings: dict[str, Coding] = {}
        # Strict, so that the outcomes run to their end: a child judging some is reaped there.
        judged = zip(events, outcomes, strict=True)
        for done, (cluster, (found, coding)) in enumerate(judged, start=1):
            found_in[cluster.id] = tuple(found)
            if coding is not None:
                codings[cluster.id] = coding
            if progress is not None:
                progress(done, len(events))
    findings = list(itertools.chain.from_iterable(found_in.values()))
    return _with_findings_by_event(judge.result(events, findings, codings, state), found_in)


def _with_findings_by_event(
    result: Reconciliation, found_in: Mapping[str, tuple[Finding, ...]]
) -> Reconciliation:
    """`result`, each event's findings (`found_in`, by id, in the events' order) at hand.

    A run meets each event's findings together as it judges them: kept, an
    update (and `finding`, `explain`) reads them from here rather than
    grouping every finding by event again (69 ms for the first update at 10^6
    simulated claims, against about 15 ms for the run to keep them).
    """
    object.__setattr__(result, "findings_by_event", MappingProxyType(found_in))
    return result


def _clustered(
    clusterer: Clusterer, dataset: Dataset
) -> tuple[tuple[EventCluster, ...], ClusterState | None]:
    """The events, and the state `update` adds to when the clusterer keeps one."""
    if isinstance(clusterer, DaskClusterer):
        return clusterer.cluster_with_state(dataset)
    settings = settings_of(clusterer)
    if type(settings) is MentionClusterer:  # a subclass may cluster otherwise
        columnar = isinstance(clusterer, ColumnarClusterer)
        return cluster_with_state(settings, dataset, columnar=columnar)
    return clusterer.cluster(dataset), None


JUDGE_FORK_CLAIMS = 50_000
"""From how many claims a run judges its events in two processes (`_judged_here`)."""

JUDGE_CHUNK_CLAIMS = 2_000
"""About how many claims the events of one chunk hold, when judging is split between processes."""

JUDGE_OWN_SHARE = 0.53
"""The share of the claims whose events this process judges when a child judges the rest."""


def _judged_here(judge: _Judge, events: Sequence[EventCluster]) -> Iterator[Outcome]:
    """Each event's findings (and coding), in order: with a free core, in two processes.

    Events are judged one by one, each on its own claims, so a forked child
    judges the later ones while this process judges the first (see
    `results_in_two`). Only under built-in strategies and codebooks, which
    give the same findings in either process: someone else's strategy may
    keep state of its own, which a child's copy would not bring back. And
    only where the system has memory to spare for the child
    (`room_for_a_copy`): a child that reads claims writes their reference
    counts, and so copies the pages they lie on. At 10^6 claims the two
    processes came to hold 2.3 GB together, against 1.55 GB for one
    (docs/scale-measurements.md); on a machine short of memory, judging stays in one.
    `judge.used` learns the strategies the child used, in the order of its
    events, so that it lists them as one process judging every event would.
    """
    claims = sum(len(cluster.claims) for cluster in events)
    split = claims >= JUDGE_FORK_CLAIMS and room_for_a_copy() and judge.all_builtin()
    if not split or usable_processes() < 2:
        yield from map(judge.event, events)  # one by one, so progress is told event by event
        return
    chunks = _chunks(events, JUDGE_CHUNK_CLAIMS)
    own = _own_chunks(chunks, round(claims * JUDGE_OWN_SHARE))
    for outcomes, used in results_in_two(judge.chunk, chunks, own=own, processes=2):
        for attribute, strategy in used.items():
            judge.used.setdefault(attribute, strategy)
        yield from outcomes


def _chunks(events: Sequence[EventCluster], claims: int) -> list[Sequence[EventCluster]]:
    """The events in runs of about `claims` claims (at least one event each), in order."""
    chunks: list[Sequence[EventCluster]] = []
    start = held = 0
    for index, cluster in enumerate(events):
        held += len(cluster.claims)
        if held >= claims:
            chunks.append(events[start : index + 1])
            start, held = index + 1, 0
    if start < len(events):
        chunks.append(events[start:])
    return chunks


def _own_chunks(chunks: Sequence[Sequence[EventCluster]], claims: int) -> int:
    """How many chunks from the first hold at most `claims` claims (at least one chunk)."""
    held = 0
    for count, chunk in enumerate(chunks):
        held += sum(len(cluster.claims) for cluster in chunk)
        if held > claims:
            return max(1, count)
    return len(chunks)


@attrs.frozen
class _Judge:
    """What judging the events of one dataset needs, and the strategies it used."""

    dataset: Dataset | _Records
    """The dataset; in a `part`, only what judging reads of it."""
    options: Mapping[str, Any]
    weights: Mapping[str, float]
    shares: Mapping[str, float]
    gazetteer: Gazetteer
    claims: Mapping[str, Claim]
    used: dict[str, str] = attrs.field(factory=dict)
    chosen: dict[str, Strategy] = attrs.field(factory=dict)
    """The strategy of each attribute, once chosen: the same for every event of a run."""

    @classmethod
    def of(
        cls,
        dataset: Dataset,
        options: Mapping[str, Any],
        weights: Mapping[str, float] | SourceWeights | None,
    ) -> _Judge:
        settings = settings_of(options["clusterer"])
        gazetteer = dataset.gazetteer if settings is None else settings.gazetteer_for(dataset)
        return cls(
            dataset,
            options,
            _weights(weights),
            _independence(options["independence"], weights),
            gazetteer,
            dataset.claims_by_id,
        )

    def shared(self) -> _Judge:
        """What judging any event needs besides its claims: what each Dask worker is sent once.

        The sources, schemas and weights of the whole dataset: sent with every
        chunk of events, they would cost each chunk time in proportion to the
        sources, and a run time in proportion to sources times events.
        """
        return _Judge(
            _Records.of(self.dataset),
            {"strategies": self.options["strategies"], "policy": self.options["policy"]},
            dict(self.weights),
            {},
            self.gazetteer,
            {},
        )

    def needs(self, clusters: Sequence[EventCluster]) -> _Needs:
        """What judging these events needs besides the shared judge: their claims and shares."""
        ids = [claim_id for cluster in clusters for claim_id in cluster.claims]
        return _Needs(
            claims={claim_id: self.claims[claim_id] for claim_id in ids},
            shares={claim_id: self.shares[claim_id] for claim_id in ids if claim_id in self.shares},
        )

    def given(self, needs: _Needs) -> _Judge:
        """A judge of the events `needs` was taken for: this shared judge with their claims.

        A new judge, with strategies of its own to choose and record: on a
        worker, the shared judge is one object that every chunk reads.
        """
        return attrs.evolve(self, claims=needs.claims, shares=needs.shares, used={}, chosen={})

    def event(
        self,
        cluster: EventCluster,
        kept: Mapping[Topic, Finding] | None = None,
        others: Mapping[Topic, list[Claim]] | None = None,
    ) -> tuple[list[Finding], Coding | None]:
        """The findings of one event, and its coding if a codebook policy is in use.

        `kept` holds findings already worked out for some of its topics, with
        the same claims (an update's, of an event the new claims changed):
        they are kept rather than judged again. `others`, if given, holds the
        claims of every other topic of the event, in the event's order (see
        `reconcile.updating._regrouped`): the event's claims are then not
        sorted by topic again.
        A codebook codes from every group, so with a policy nothing may be kept.
        """
        codebook = self.options["policy"]
        assert not (kept and codebook), "a codebook codes from every topic's group"
        by_topic = self.topics(cluster.claims) if others is None else others
        topics = by_topic.keys() | kept.keys() if kept else by_topic.keys()
        groups: dict[str, ClaimGroup] = {}
        found: dict[str, Finding] = {}
        findings = []
        for topic in sorted(topics, key=lambda topic: (topic[0], topic[1] or "")):
            if kept and topic in kept:
                findings.append(kept[topic])
                continue
            valued = [claim for claim in by_topic[topic] if claim.value is not None]
            words = tuple(claim.id for claim in by_topic[topic] if claim.value is None)
            group = _group_of(self.dataset, cluster.id, topic, valued, self.weights, self.shares)
            finding = self.strategy(topic[0]).reconcile(group)
            if (finding.qualifier, finding.qualitative) != (topic[1], words):
                # A custom strategy need not know of qualifiers or claims in words only.
                finding = attrs.evolve(finding, qualifier=topic[1], qualitative=words)
            findings.append(finding)
            if topic[1] is None:  # a codebook codes the totals, not the sub-counts
                groups[topic[0]], found[topic[0]] = group, finding
        if codebook is None:
            return findings, None
        placement = _placement(cluster.event.where, self.gazetteer)
        assessed = Assessed(event=cluster.event, findings=found, groups=groups, placement=placement)
        return findings, codebook.code(assessed)

    def chunk(self, events: Sequence[EventCluster]) -> tuple[list[Outcome], dict[str, str]]:
        """Each event's findings (and coding), in order, and the strategies used so far."""
        return [self.event(cluster) for cluster in events], dict(self.used)

    def all_builtin(self) -> bool:
        """Whether built-in strategies judge every attribute, and a built-in codebook codes.

        Worked out without recording any strategy as used: the strategies
        are recorded in the order the events first use them.
        """
        codebook = self.options["policy"]
        if codebook is not None and type(codebook) not in _BUILTIN_POLICY_TYPES:
            return False
        chosen = self.options["strategies"]
        return all(
            type(_strategy_for(schema, chosen)) in _BUILTIN_STRATEGY_TYPES
            for schema in self.dataset.claimed_schemas.values()
        )

    def strategy(self, attribute: str) -> Strategy:
        """The strategy that judges `attribute`: chosen once a run, and recorded as used."""
        strategy = self.chosen.get(attribute)
        if strategy is None:
            schema = _schema_of(self.dataset, attribute)
            strategy = self.chosen[attribute] = _strategy_for(schema, self.options["strategies"])
            self.used[attribute] = strategy.name
        return strategy

    def judged_by_builtin(self, attribute: str) -> bool:
        """Whether a built-in strategy judges `attribute` (see `_BUILTIN_STRATEGY_TYPES`).

        A strategy of someone else's (a subclass too) may write the event's
        id anywhere, and read anything of the claims.
        """
        return type(self.strategy(attribute)) in _BUILTIN_STRATEGY_TYPES

    def with_repeats(self, finding: Finding, added: Sequence[Claim]) -> Finding | None:
        """`finding`, with the claims `added` to its topic, if each repeats what its origin said.

        See `reconcile.judging.repeats.with_repeats`; only under a built-in strategy.
        """
        if not self.judged_by_builtin(finding.attribute):
            return None
        return with_repeats(finding, added, self.claims, self.dataset.sources_by_id, self.shares)

    def topics(self, claim_ids: Iterable[str]) -> dict[Topic, list[Claim]]:
        """The claims by topic: attribute and qualifier."""
        by_topic: dict[Topic, list[Claim]] = defaultdict(list)
        for claim_id in claim_ids:
            claim = self.claims[claim_id]
            by_topic[(claim.attribute, claim.qualifier)].append(claim)
        return by_topic

    def result(
        self,
        events: tuple[EventCluster, ...],
        findings: list[Finding],
        codings: Mapping[str, Coding],
        state: ClusterState | None,
        weights: Mapping[str, float] | None = None,
    ) -> Reconciliation:
        """The reconciliation of these events and findings.

        `weights`, if given, are the sources' weights worked out already (by
        a previous run with the same sources and settings).
        """
        dataset = self.dataset
        assert isinstance(dataset, Dataset), "a part judges events; the whole judge gives results"
        if weights is None:
            weights = {s.id: _weight(s.id, dataset, self.weights) for s in dataset.sources}
        return Reconciliation(
            dataset=dataset,
            events=events,
            findings=tuple(findings),
            weights=weights,
            strategies=self.used,
            independence=self.shares,
            options=self.options,
            codings=codings,
            clustering=state,
        )


def _findings_by_event(findings: Sequence[Finding]) -> dict[str, tuple[Finding, ...]]:
    """The findings of each event that has any, by its id.

    A run lists each event's findings together: taken a run at a time, not
    one by one. Runs of one event apart (in a result put together otherwise)
    are joined.
    """
    runs = [(event_id, tuple(run)) for event_id, run in itertools.groupby(findings, _FINDING_EVENT)]
    grouped = dict(runs)
    if len(grouped) < len(runs):
        grouped = {}
        for event_id, run in runs:
            grouped[event_id] = grouped.get(event_id, ()) + run
    return grouped


_FINDING_EVENT = operator.attrgetter("event")
"""The id of a finding's event."""

_EVENT_ID = operator.attrgetter("event.id")
"""The id of a cluster's event."""


def _clusterer(
    clusterer: Clusterer | None, engine: str | None, scheduler: str | Client | None
) -> Clusterer:
    """The clusterer to run: `clusterer` as it is, or on `engine` with its settings."""
    if scheduler is not None and engine != DASK:
        raise UsageError(
            f"scheduler= is where the dask engine runs; pass engine={DASK!r} with it "
            f"(engine={engine!r})"
        )
    if clusterer is None or engine is not None:
        settings = None if clusterer is None else settings_of(clusterer)
        if clusterer is not None and settings is None:
            raise UsageError(
                f"engine={engine!r} runs MentionClusterer's settings on another engine; "
                f"a clusterer of your own ({type(clusterer).__name__}) is its own engine"
            )
        if engine == DASK:
            return DaskClusterer(settings=settings or MentionClusterer(), scheduler=scheduler)
        return clusterer_for(engine, settings)
    return clusterer


def _refuse_unreviewed(candidates: Sequence[Claim], accept_candidates: bool) -> None:
    """Refuse a dataset's candidate claims (`Dataset.candidates`) unless they are accepted."""
    if not candidates or accept_candidates:
        return
    shown = ", ".join(claim.id for claim in candidates[:3])
    more = f" and {len(candidates) - 3} more" if len(candidates) > 3 else ""
    raise UsageError(
        f"the dataset holds {len(candidates)} candidate claim(s) that no one has reviewed "
        f"({shown}{more}); check them against their quotes, then accept them "
        "(remove their 'candidate' field, or pass accept_candidates=True, "
        "or --accept-candidates on the command line)"
    )


def _auto(choice: str, dataset: Dataset, clusterer: Clusterer) -> AutoReliability:
    if choice != AUTO:
        raise UsageError(
            f"weights must be a mapping, a fitted model or 'auto', got the text {choice!r}"
        )
    return AutoReliability().fit(dataset, clusterer=clusterer)


def _placement(where: str | None, gazetteer: Gazetteer) -> Placement:
    """What the gazetteer knows of a place: its depth, and whether it is "near" one.

    The depth is how many places of the gazetteer contain it; a place the
    gazetteer does not name (neither itself nor in the phrase) has none.
    """
    if where is None:
        return Placement()
    if anchor_of(where) is not None:
        return Placement(relative=True)
    known = PlaceComparer(gazetteer).place_of(where)
    return Placement(depth=None if known is None else len(gazetteer.ancestors(known)))


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


_BUILTIN_STRATEGY_TYPES = frozenset(type(strategy) for strategy in BUILTIN_STRATEGIES)
"""The types of the built-in strategies. They read their event's id into the finding's `event`
alone (`judge`), so a finding of the same claims under another id is the same but for it; and
they judge testimonies alone and list claims by testimony, so a finding of claims that more
claims repeat is the same but for the repeats listed (`reconcile.judging.repeats`)."""

_BUILTIN_POLICY_TYPES = frozenset(type(policy) for policy in policies().values())
"""The types of the built-in codebook policies."""

Topic = tuple[str, str | None]
"""What one finding is about: an attribute, and the qualifier of a sub-count (or None)."""


@attrs.frozen
class _Needs:
    """What judging some events needs besides the shared judge: their claims, and their shares."""

    claims: Mapping[str, Claim]
    shares: Mapping[str, float]


@attrs.frozen
class _Records:
    """What judging reads of a dataset besides its claims: sources, and each attribute's schema."""

    sources_by_id: Mapping[str, Source]
    claimed_schemas: Mapping[str, AttributeSchema]

    @classmethod
    def of(cls, dataset: Dataset | _Records) -> _Records:
        """The records of `dataset` (computed from all its claims, as a part cannot)."""
        return cls(dict(dataset.sources_by_id), dict(dataset.claimed_schemas))


def _group_of(
    dataset: Dataset | _Records,
    event: str,
    topic: Topic,
    claims: list[Claim],
    weights: Mapping[str, float],
    independence: Mapping[str, float],
) -> ClaimGroup:
    attribute, qualifier = topic
    return ClaimGroup(
        event=event,
        attribute=attribute,
        qualifier=qualifier,
        schema=_schema_of(dataset, attribute),
        claims=tuple(claims),  # put in id order by the group itself
        sources=dataset.sources_by_id,
        weights=weights,
        independence=independence,
    )


def _schema_of(dataset: Dataset | _Records, attribute: str) -> AttributeSchema:
    return dataset.claimed_schemas[attribute]


def _strategy_for(schema: AttributeSchema, chosen: Mapping[str, Strategy | str] | None) -> Strategy:
    choice: Strategy | str = (
        (chosen or {}).get(schema.name) or schema.strategy or default_strategy(schema)
    )
    strategy = get(choice) if isinstance(choice, str) else choice
    check_fit(strategy, schema)
    return strategy


def default_strategy(schema: AttributeSchema) -> str:
    """The name of the strategy an attribute gets when neither the call nor its schema names one.

    By the kind of its values (`DEFAULT_STRATEGIES`), except that a single-valued category
    attribute whose taxonomy is a plain hierarchy (a place within a region, within a country)
    gets `HIERARCHY_STRATEGY`, which answers as specifically as the claims allow. A taxonomy
    with exclusive groups holds rival accusations ("Iraqi forces" against "an internal
    dispute"): there the camps' agreement, not specificity, decides, so it keeps the
    weighted vote, which settles on the label the independent camps share.
    """
    taxonomy = schema.taxonomy
    if (
        schema.kind is ValueKind.CATEGORY
        and taxonomy is not None
        and not taxonomy.exclusive
        and not schema.multi
    ):
        return HIERARCHY_STRATEGY
    return DEFAULT_STRATEGIES[schema.kind]
