"""`update`: a reconciliation with more claims, working out again only what they can change.

The result equals that of reconciling every claim at once (`reconcile`):
only the events the new claims touch are clustered and judged again, and
only their topics that gained claims (`_unchanged_findings`); every other
event keeps its findings. Where a run cannot be incremental
(`full_run_reason`), everything is reconciled again. See docs/scale.md,
"Incremental runs".
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence

import attrs

from reconcile.collector import collector_paused
from reconcile.errors import UsageError
from reconcile.judging.finding import Finding
from reconcile.judging.policies import Coding
from reconcile.judging.policies.reread import reread_claims
from reconcile.linking.cluster import EventCluster
from reconcile.linking.incremental import recluster
from reconcile.linking.state import ClusterState
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset
from reconcile.pipeline import (
    _EVENT_ID,
    AUTO,
    Reconciliation,
    Topic,
    _Judge,
    _refuse_unreviewed,
    _with_findings_by_event,
    reconcile,
)


def update(
    previous: Reconciliation,
    new: Dataset | Iterable[Claim],
    *,
    require_incremental: bool = False,
) -> Reconciliation:
    """`previous` with more claims: the same result as reconciling all of them at once.

    `new` is a dataset (its sources, events, attributes and places are added
    to the previous ones) or claims. With the default clusterer, only what
    the new claims can touch is clustered again (the components of the
    graph of links that their nodes join, before and after), and only the
    events that changed are judged again; every other event and finding is
    kept as it was. Some runs cannot be incremental; then `update`
    reconciles everything again with the previous settings, or, with
    `require_incremental`, raises `UsageError` saying why (see
    `full_run_reason`).
    """
    with collector_paused(freeze=len(previous.dataset.claims) >= FROZEN_UPDATE_CLAIMS):
        return _updated(previous, new, require_incremental)


FROZEN_UPDATE_CLAIMS = 50_000
"""From how many claims `update` freezes what it made, however few objects (`collector_paused`).

Its result holds copies of the previous run's mappings (the claims by id,
the nodes by key, the roots), each one object referring to an entry a
claim or a node. The first collection after an update walked them: at
100,665 simulated claims, an update took 0.28 s with them frozen against
0.31 s (1% of the claims drawn at random) and 75 ms against 88 ms (the
latest 1%), medians of six alternating updates each (docs/scale-measurements.md)."""


def _updated(
    previous: Reconciliation, new: Dataset | Iterable[Claim], require_incremental: bool
) -> Reconciliation:
    """`update`'s work, with the collector paused."""
    dataset, added, reason = _merged(previous, new)
    reason = reason or full_run_reason(previous, dataset)
    options = previous.options
    if reason is not None:
        if require_incremental:
            raise UsageError(f"cannot add the claims incrementally: {reason}")
        return reconcile(dataset, **options)
    assert previous.clustering is not None
    # The previous claims held none that were not accepted, or that run would have refused them.
    candidates = tuple(claim for claim in added if claim.candidate is not None)
    _refuse_unreviewed(candidates, options["accept_candidates"])
    judge = _Judge.of(dataset, options, options["weights"])
    judge.used.update(previous.strategies)
    events, state, touched = recluster(previous.clustering, dataset, added, judge.claims)
    # Handed on by the run or update that made `previous` (`_with_findings_by_event`).
    old = previous.findings_by_event
    before = _earlier_events(previous, state, touched)
    # Most events are kept as they were, with their findings: gathered at C speed, event by
    # event, and only the events touched are judged again in place, in the events' order
    # (where `state.order` puts each cluster's event), as a full run meets them.
    ids = list(map(_EVENT_ID, events))
    found_in = dict(zip(ids, map(old.get, ids, itertools.repeat(())), strict=True))
    coded: dict[str, Coding | None] = dict(previous.codings)
    for event_id in sorted(touched, key=lambda event_id: state.order[state.roots[event_id]]):
        cluster = state.clusters[state.roots[event_id]]
        kept, others = None, None
        earlier = before.get(event_id)
        if earlier is not None and options["policy"] is None:
            findings_before = old.get(earlier.id, ())
            gained = touched[event_id]
            kept, others = _unchanged_findings(judge, earlier, findings_before, cluster, gained)
        found, coded[event_id] = judge.event(cluster, kept, others)
        found_in[event_id] = tuple(found)
    # Only a codebook codes; then in the events' order, as a full run lists them.
    codings = {} if options["policy"] is None else _coded_in_order(ids, coded)
    findings = list(itertools.chain.from_iterable(found_in.values()))
    # Listed as a full run lists them: the new claims may bring an attribute to an earlier event.
    ordered = _in_order_of_use(judge.used, findings)
    judge.used.clear()
    judge.used.update(ordered)
    # The same sources with the same settings weigh the same: not worked out again.
    same = dataset.sources is previous.dataset.sources
    result = judge.result(events, findings, codings, state, previous.weights if same else None)
    return _with_findings_by_event(result, found_in)


def _in_order_of_use(used: Mapping[str, str], findings: Iterable[Finding]) -> dict[str, str]:
    """The strategies `used` (by attribute) in the order a full run records them.

    A full run records each attribute's strategy when it first judges the
    attribute, event by event in order and topic by topic in each event: the
    order of the attributes' first findings. An update judges only the
    events its claims touch, on top of the previous run's strategies. Any
    attribute used without a finding comes after (none does in a full run).
    """
    first = dict.fromkeys(map(_FINDING_ATTRIBUTE, findings))  # at C speed: 172,522 at 10^6
    ordered = {attribute: used[attribute] for attribute in first if attribute in used}
    ordered.update(used)
    return ordered


def _coded_in_order(ids: Sequence[str], coded: Mapping[str, Coding | None]) -> dict[str, Coding]:
    """The codings of the events of these ids, in their order (an event not coded left out)."""
    return {event_id: coding for event_id in ids if (coding := coded.get(event_id)) is not None}


_FINDING_ATTRIBUTE = operator.attrgetter("attribute")
"""The attribute a finding judges."""


def _earlier_events(
    previous: Reconciliation, state: ClusterState, touched: Iterable[str]
) -> dict[str, EventCluster]:
    """For each event judged again, the previous event whose findings it may keep, by its id.

    The previous event of the same id, else that of the same cluster (by its
    root) under another id: a cluster whose label the new claims changed, or
    that an earlier new event renumbered, still has most of its topics' claims.
    """
    assert previous.clustering is not None
    was = previous.clustering
    before = {}
    for event_id in touched:
        root = was.roots.get(event_id, state.roots[event_id])
        if root in was.clusters:
            before[event_id] = was.clusters[root]
    return before


def _unchanged_findings(
    judge: _Judge,
    before: EventCluster,
    findings: Sequence[Finding],
    after: EventCluster,
    gained: Sequence[str] | None,
) -> tuple[dict[Topic, Finding], dict[Topic, list[Claim]] | None]:
    """The findings of an earlier event whose topic has the same claims in `after`, or repeats.

    A finding depends on its event's id and its topic's claims alone, so
    only the topics of the claims the event gained (or lost) are judged again;
    not even those where each claim gained repeats what its origin had said
    (`_Judge.with_repeats`): the earlier finding lists the repeats.
    Under another id, a finding is kept (with the new id) only where its
    strategy reads the id into nothing else (`_Judge.judged_by_builtin`).
    Beside them, the claims of the topics judged again where `_regrouped`
    can tell them, else None. `gained`, where `recluster` tells it (of most
    events), is what `after` has that `before` has not, `before` having
    nothing `after` has not: then their claims are not compared.
    """
    earlier: set[str] | None = None
    if gained is None:
        earlier = set(before.claims)
        gained = tuple(earlier.symmetric_difference(after.claims))
    changed = judge.topics(gained)
    kept = {}
    for finding in findings:
        topic = (finding.attribute, finding.qualifier)
        if topic in changed:
            only_gained = earlier is None or all(c.id not in earlier for c in changed[topic])
            relisted = judge.with_repeats(finding, changed[topic]) if only_gained else None
            if relisted is None:
                continue
            finding = relisted
        kept[topic] = finding
    if before.id != after.id:
        kept = {
            topic: attrs.evolve(finding, event=after.id)
            for topic, finding in kept.items()
            if judge.judged_by_builtin(topic[0])
        }
    if len(after.claims) != len(before.claims) + len(gained):  # it lost claims
        return kept, None
    return kept, _regrouped(judge, len(before.claims), findings, changed, kept)


def _regrouped(
    judge: _Judge,
    earlier: int,
    findings: Sequence[Finding],
    gained: Mapping[Topic, list[Claim]],
    kept: Mapping[Topic, Finding],
) -> dict[Topic, list[Claim]] | None:
    """The claims of each topic of an event judged again but not kept, in the event's order.

    For an event that only `gained` claims (by topic), told from its earlier
    findings (of an event of `earlier` claims), rather than by sorting all
    the event's claims by topic again: at 10^6 simulated claims, 1% drawn at
    random, the events judged again hold 215,719 claims, and about one topic
    each is judged again. Only where each earlier finding lists its topic's
    claims (every valued one as support or dissent, the others as in words
    only), as the built-in strategies' findings do: the findings together
    then list each earlier claim once. Else None.
    """
    count, listed = 0, {}
    for finding in findings:
        if not judge.judged_by_builtin(finding.attribute):
            return None
        found = (finding.support, finding.dissent, finding.qualitative)
        count += len(found[0]) + len(found[1]) + len(found[2])
        topic = (finding.attribute, finding.qualifier)
        if topic in gained and topic not in kept:
            listed[topic] = found
    if count != earlier:
        return None
    claims = judge.claims
    regrouped = {}
    for topic, added in gained.items():
        if topic not in kept:
            ids = sorted(itertools.chain(*listed.get(topic, ()), (claim.id for claim in added)))
            regrouped[topic] = [claims[claim_id] for claim_id in ids]
    return regrouped


def full_run_reason(previous: Reconciliation, dataset: Dataset) -> str | None:
    """Why `update` must reconcile `dataset` (the previous one and more) all again, if it must.

    Reliability learned from every claim (``weights="auto"``) is fitted
    anew on all of them; a clusterer without `MentionClusterer` settings keeps no
    state to add to; a measurement's typical spread and an undeclared
    attribute's kind are inferred from all the claims, so new claims that
    change them change every event's findings of that attribute.
    """
    if previous.options["weights"] == AUTO:
        return 'weights="auto" learns the reliability of each source from all the claims'
    if previous.clustering is None:
        return "only MentionClusterer's settings, on either engine, cluster incrementally"
    before = previous.dataset.claimed_schemas
    after = dataset.claimed_schemas
    if any(after[attribute] != schema for attribute, schema in before.items()):
        return "the new claims change what is inferred of an attribute (kind or typical spread)"
    return None


def _merged(
    previous: Reconciliation, new: Dataset | Iterable[Claim]
) -> tuple[Dataset, tuple[Claim, ...], str | None]:
    """The previous dataset with the new claims (and records), and why a full run, if so."""
    old = previous.dataset
    policy = previous.options["policy"]
    added = tuple(new.claims if isinstance(new, Dataset) else new)
    if policy is not None and policy.hedges is not None:
        # Read as a full run reads them; the previous claims were read so already.
        added = reread_claims(added, policy.hedges)
    if not isinstance(new, Dataset):
        return old.with_claims(added), added, None
    known = old.sources_by_id
    changed = [s.id for s in new.sources if s.id in known and known[s.id] != s]
    sources = [*old.sources, *(s for s in new.sources if s.id not in known)]
    events = [*old.events, *(e for e in new.events if e not in old.events)]
    attributes = [*old.attributes, *(a for a in new.attributes if a not in old.attributes)]
    places = [*old.places, *(p for p in new.places if p not in old.places)]
    dataset = attrs.evolve(
        old,
        sources=[s if s.id not in changed else new.sources_by_id[s.id] for s in sources],
        events=events,
        attributes=attributes,
        places=places,
        claims=(*old.claims, *added),
    )
    reason = None
    if changed:
        reason = f"the new dataset changes known sources ({', '.join(changed)})"
    elif (events, attributes, places) != (list(old.events), list(old.attributes), list(old.places)):
        reason = "the new dataset declares events, attributes or places"
    return dataset, added, reason
