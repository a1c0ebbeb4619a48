"""Clustering more claims without clustering everything again.

`MentionClusterer` takes its links strongest first, and a link only ever
joins two clusters of one connected component of the graph of links at or
above the threshold. The clusters of a component therefore depend on that
component's links alone. When claims are added, only the nodes they change
(and the undated nodes whose far partner changes) get new links; the
components of those nodes, before and after, are clustered again, and every
other cluster is kept as it was. Event ids are then numbered over all
clusters in the order a full run numbers them, so that the result is the
full run's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs

from reconcile.linking.cluster import (
    DAY,
    EventCluster,
    Link,
    MentionClusterer,
    _claims_by_node,
    _cluster_order,
    _declared,
    _event_cluster,
    _event_node,
    _link_order,
    _mention_node,
    _new_event,
    _Node,
    _nodes,
    _Pairs,
    _sorted_links,
    _unique_id,
)
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset


@attrs.frozen(kw_only=True)
class ClusterState:
    """What a clustering run keeps so that more claims can be clustered incrementally.

    The clusterer (with the dataset's places), every node by key, every link
    at or above the threshold by the nodes it joins, the far pairs scored by
    name, and each cluster by its root (the key a full run keeps for it).
    """

    clusterer: MentionClusterer
    nodes: Mapping[str, _Node]
    links: Mapping[str, tuple[Link, ...]]
    partners: _Pairs
    members: Mapping[str, tuple[str, ...]]
    """The node keys of each cluster, by its root."""
    clusters: Mapping[str, EventCluster]
    """The resolved cluster of each root."""
    bases: Mapping[str, str]
    """The id each root's event would have before it is numbered apart from the others."""


def cluster_with_state(
    clusterer: MentionClusterer, dataset: Dataset
) -> tuple[tuple[EventCluster, ...], ClusterState]:
    """`clusterer.cluster(dataset)`, and the state that `recluster` adds claims to."""
    clusterer = clusterer._with_places_of(dataset)
    nodes = _nodes(dataset)
    partners = clusterer._far_partners(nodes)
    links = clusterer._links(nodes, partners)
    by_key = {node.key: node for node in nodes}
    return _finish(clusterer, by_key, _adjacency(links), partners, {}, None, nodes, links, set())


def recluster(
    state: ClusterState, dataset: Dataset, added: Sequence[Claim]
) -> tuple[tuple[EventCluster, ...], ClusterState, frozenset[str]]:
    """Cluster `dataset`, which is the state's dataset with the claims `added`.

    Returns the clusters (those of a full run), the new state, and the ids of
    the events that are new or changed (in claims, links or id).
    """
    clusterer = state.clusterer
    nodes = dict(state.nodes)
    changed = set()
    by_id = {claim.id: claim for claim in dataset.claims}
    for key, claims in _claims_by_node(added).items():
        old = nodes.get(key)
        known = [] if old is None else [by_id[claim] for claim in old.claims]
        if old is not None and old.event is not None:
            nodes[key] = _event_node(old.event, [*known, *claims])
        else:
            nodes[key] = _mention_node(key, [*known, *claims])
        changed.add(key)
    ordered = [nodes[key] for key in sorted(nodes)]
    partners = clusterer._far_partners(ordered)
    changed |= {key for pair in partners ^ state.partners for key in pair}
    links = _relinked(state.links, changed, _links_of(clusterer, ordered, nodes, changed, partners))
    # The components of the changed nodes before and after: every other component is as it was.
    before = _component(changed & state.nodes.keys(), state.links)
    region = _component(changed | before, links)
    # Each link is listed under both its nodes: take it under its first.
    local = sorted(
        (link for key in region for link in links.get(key, ()) if link.first == key),
        key=_link_order,
    )
    root_of = {key: root for root, keys in state.members.items() for key in keys}
    dropped = {root_of[key] for key in region if key in root_of}
    kept = {root: keys for root, keys in state.members.items() if root not in dropped}
    clusters, new_state = _finish(
        clusterer,
        nodes,
        links,
        partners,
        kept,
        state,
        [nodes[key] for key in sorted(region)],
        local,
        changed,
    )
    # Findings depend on an event's id and claims only: the others are judged again.
    claims_of = {cluster.id: cluster.claims for cluster in state.clusters.values()}
    touched = frozenset(c.id for c in clusters if claims_of.get(c.id) != c.claims)
    return clusters, new_state, touched


def _relinked(
    links: Mapping[str, tuple[Link, ...]], changed: set[str], fresh: Iterable[Link]
) -> dict[str, tuple[Link, ...]]:
    """The links by node, with those of the changed nodes replaced by `fresh` ones."""
    found = dict(links)
    neighbours = {
        other
        for key in changed
        for link in links.get(key, ())
        for other in (link.first, link.second)
        if other not in changed
    }
    for key in neighbours:
        found[key] = tuple(
            link for link in found[key] if link.first not in changed and link.second not in changed
        )
    for key in changed:
        found.pop(key, None)
    added: dict[str, list[Link]] = defaultdict(list)
    for link in fresh:
        added[link.first].append(link)
        added[link.second].append(link)
    for key, more in added.items():
        found[key] = (*found.get(key, ()), *more)
    return found


def _finish(
    clusterer: MentionClusterer,
    nodes: Mapping[str, _Node],
    links: Mapping[str, tuple[Link, ...]],
    partners: _Pairs,
    kept: Mapping[str, tuple[str, ...]],
    previous: ClusterState | None,
    region: Sequence[_Node],
    region_links: Sequence[Link],
    changed: set[str],
) -> tuple[tuple[EventCluster, ...], ClusterState]:
    """Cluster `region` greedily, keep the `kept` clusters, and number every event as a full run.

    A full run resolves its clusters in the order of their roots' keys (the
    nodes' order), numbering an id already taken: so does this. A cluster of
    the region that came out as it was (same root, nodes and links) keeps
    its event.
    """
    old_clusters = {} if previous is None else previous.clusters
    old_bases = {} if previous is None else previous.bases
    old_members = {} if previous is None else previous.members
    members, taken = clusterer._greedy(region, region_links)
    groups = {root: tuple(keys) for root, keys in members.items()}
    events = {}
    bases = {}
    for root, keys in groups.items():
        old = old_clusters.get(root)
        if (
            old is not None
            and old_members[root] == keys
            and changed.isdisjoint(keys)
            and old.links == _sorted_links(taken.get(root, []))
        ):
            kept = {**kept, root: keys}  # as it was: its event, numbered below
            continue
        group = [nodes[key] for key in sorted(keys)]
        declared = _declared(group)
        event = declared or _new_event(group)
        events[root], bases[root] = event, event.id
    groups = {root: keys for root, keys in groups.items() if root not in kept}
    every = {**kept, **groups}
    used_ids = {
        node.event.id for keys in every.values() for key in keys if (node := nodes[key]).event
    }
    clusters: dict[str, EventCluster] = {}
    for root in sorted(every):
        if root in kept:
            old = old_clusters[root]
            if old.declared:
                clusters[root] = old
                continue
            event_id = _unique_id(old_bases[root], used_ids)
            clusters[root] = (
                old
                if event_id == old.id
                else attrs.evolve(old, event=attrs.evolve(old.event, id=event_id))
            )
        else:
            group = [nodes[key] for key in sorted(groups[root])]
            declared = _declared(group)
            event = declared or attrs.evolve(events[root], id=_unique_id(events[root].id, used_ids))
            clusters[root] = _event_cluster(group, event, taken.get(root, []))
        used_ids.add(clusters[root].id)
    state = ClusterState(
        clusterer=clusterer,
        nodes=nodes,
        links=links,
        partners=partners,
        members=every,
        clusters=clusters,
        bases={**{root: old_bases[root] for root in kept}, **bases},
    )
    return tuple(sorted(clusters.values(), key=_cluster_order)), state


def _adjacency(links: Iterable[Link]) -> dict[str, tuple[Link, ...]]:
    found: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        found[link.first].append(link)
        found[link.second].append(link)
    return {key: tuple(links) for key, links in found.items()}


def _component(seeds: Iterable[str], links: Mapping[str, Sequence[Link]]) -> set[str]:
    """The nodes joined to `seeds` by a path of links."""
    found = set(seeds)
    stack = list(found)
    while stack:
        for link in links.get(stack.pop(), ()):
            for key in (link.first, link.second):
                if key not in found:
                    found.add(key)
                    stack.append(key)
    return found


def _links_of(
    clusterer: MentionClusterer,
    ordered: Sequence[_Node],
    nodes: Mapping[str, _Node],
    changed: set[str],
    partners: _Pairs,
) -> list[Link]:
    """Every link at or above the threshold between a changed node and any other node."""
    index = _MomentIndex.of(ordered)
    near = clusterer._near_days()
    found: set[tuple[str, str]] = set()
    links = []
    for key in sorted(changed):
        first = nodes[key]
        for second in index.candidates(first, clusterer, near):
            pair = (first.key, second.key) if first.key < second.key else (second.key, first.key)
            if second is first or pair in found:
                continue
            found.add(pair)
            if clusterer._may_link(first, second, partners) and clusterer._compatible(
                first, second
            ):
                link = clusterer._link(first, second)
                if link.score >= clusterer.threshold:
                    links.append(link)
    for first_key, second_key in partners:
        if (first_key in changed or second_key in changed) and (first_key, second_key) not in found:
            first, second = nodes[first_key], nodes[second_key]
            if clusterer._compatible(first, second):
                link = clusterer._link(first, second)
                if link.score >= clusterer.threshold:
                    links.append(link)
    return links


@attrs.frozen
class _MomentIndex:
    """Every node by when it happened (dated) or was first reported (undated).

    A superset of the nodes one node can be scored with, found by bisection
    rather than by comparing all.
    """

    dated: list[_Node]
    starts: list[float]
    longest: float
    """The longest dated span, in seconds: a node that began that long before may still meet."""
    reported: list[_Node]
    firsts: list[float]
    widest: float
    """The widest spread of an undated node's publication times, in seconds."""
    timeless: list[_Node]
    """Undated nodes with no publication time: any node may be scored with them."""
    every: Sequence[_Node]

    @classmethod
    def of(cls, nodes: Sequence[_Node]) -> _MomentIndex:
        dated = sorted((n for n in nodes if n.span is not None), key=lambda n: n.span or (0, 0))
        reported = sorted(
            (n for n in nodes if n.span is None and n.published is not None),
            key=lambda n: n.published or (0, 0),
        )
        return cls(
            dated,
            [n.span[0] for n in dated if n.span is not None],
            max((n.span[1] - n.span[0] for n in dated if n.span is not None), default=0.0),
            reported,
            [n.published[0] for n in reported if n.published is not None],
            max(
                (n.published[1] - n.published[0] for n in reported if n.published is not None),
                default=0.0,
            ),
            [n for n in nodes if n.span is None and n.published is None],
            nodes,
        )

    def candidates(
        self, node: _Node, clusterer: MentionClusterer, near: float | None
    ) -> list[_Node]:
        """Nodes that `node` may be scored with, except its far partners (found apart)."""
        tolerance = clusterer.tolerance_days * DAY
        if node.span is None and node.published is None:
            return list(self.every)
        if near is None:
            return list(self.every)
        reach = near * DAY
        if node.span is not None:
            start, end = node.span
            dated = self._dated(start - self.longest - tolerance, end + tolerance)
            # An undated node meets this one if it was first reported from `near` days before
            # the start (not far) and its last report is at most the tolerance before it.
            undated = self._reported(start - tolerance - self.widest, start + reach)
        else:
            assert node.published is not None
            first, last = node.published
            dated = self._dated(first - reach, last + tolerance)
            undated = self._reported(first - reach, first + reach)
        return [*dated, *undated, *self.timeless]

    def _dated(self, low: float, high: float) -> list[_Node]:
        return self.dated[bisect_left(self.starts, low) : bisect_right(self.starts, high)]

    def _reported(self, low: float, high: float) -> list[_Node]:
        return self.reported[bisect_left(self.firsts, low) : bisect_right(self.firsts, high)]
