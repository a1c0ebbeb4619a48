"""Clustering more claims without clustering everything again.

`MentionClusterer` takes its links strongest first, each joining two
clusters unless they cannot be one event, and whether they can depends on
the two clusters' nodes alone. When claims are added, only the nodes they
change (and the undated nodes whose far partner changes) get new links.
The merge is then replayed in the same order against the previous run:
as long as a link joins two clusters that are as they were, its decision
is the previous one (only the links taken need replaying); a link that is
new, gone, or that touches a cluster that came out otherwise is decided
afresh, and the clusters it touches, before and after, are marked as
changed, with their later links. Event ids are then numbered over all
clusters in the order a full run numbers them, so that the result is the
full run's.
"""

from __future__ import annotations

import functools
import heapq
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from reconcile.linking.cluster import (
    DAY,
    EventCluster,
    MentionClusterer,
    _claims_by_node,
    _cluster_order,
    _declared,
    _event_cluster,
    _event_node,
    _link_order,
    _mention_node,
    _moment,
    _name_index,
    _NameIndex,
    _names,
    _new_event,
    _Node,
    _nodes,
    _Pair,
    _pair_key,
    _Pairs,
    _reported_undated,
    _Summary,
    _TimeIndex,
    _undated,
    _unique_id,
)
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset
from reconcile.model.event import Event


@attrs.frozen(kw_only=True)
class ClusterState:
    """What a clustering run keeps so that more claims can be clustered incrementally.

    The clusterer (with the dataset's places), every node by key, every link
    at or above the threshold by the nodes it joins, the far pairs scored by
    name, and each cluster by its root (the key a full run keeps for it).
    """

    clusterer: MentionClusterer
    nodes: Mapping[str, _Node]
    links: Mapping[str, tuple[_Pair, ...]]
    partners: _Pairs
    members: Mapping[str, tuple[str, ...]]
    """The node keys of each cluster, by its root."""
    clusters: Mapping[str, EventCluster]
    """The resolved cluster of each root."""
    bases: Mapping[str, str]
    """The id each root's event would have before it is numbered apart from the others."""
    taken: tuple[_Pair, ...]
    """Every link taken, in the order they were taken (strongest first)."""
    names: _Names
    """The index of names that far partners are picked from, and who picked which."""
    slipped: frozenset[str]
    """The nodes whose date is a likely slip of the year, clustered undated (`mend_year_slips`)."""


LinkColumns = Callable[[MentionClusterer, Sequence[_Node], _Pairs], tuple[Any, Any, list[float]]]
"""Finds `reconcile.linking.columnar.link_columns` otherwise (on Dask workers): the same columns."""


def cluster_with_state(
    clusterer: MentionClusterer,
    dataset: Dataset,
    *,
    columnar: bool = False,
    find_links: LinkColumns | None = None,
) -> tuple[tuple[EventCluster, ...], ClusterState]:
    """`clusterer.cluster(dataset)`, and the state that `recluster` adds claims to.

    With `columnar`, the links are found and scored with arrays
    (`reconcile.linking.columnar`, which imports NumPy): the same links.
    `find_links`, if given, finds those columns instead (on Dask workers,
    say); the greedy merge that takes them stays here, in one process.
    """
    clusterer = clusterer._with_places_of(dataset)
    nodes = _nodes(dataset)
    slipped = clusterer._year_slips(nodes)
    nodes = _undated(nodes, slipped)
    names = _Names.of(clusterer, nodes)
    partners = names.partners()
    if columnar or find_links is not None:
        from reconcile.linking.columnar import greedy, link_columns, links  # imports NumPy

        columns = (find_links or link_columns)(clusterer, nodes, partners)
        members, taken = greedy(nodes, clusterer, *columns)
        adjacency = _Adjacency(lambda: links(nodes, *columns))
    else:
        found = clusterer._links(nodes, partners)
        members, taken = clusterer._greedy(nodes, found)
        adjacency = _Adjacency(lambda: found)
    return _finish(
        clusterer,
        {node.key: node for node in nodes},
        adjacency,
        partners,
        {root: tuple(keys) for root, keys in members.items()},
        taken,
        set(members),
        None,
        tuple(sorted((link for found in taken.values() for link in found), key=_link_order)),
        names,
        slipped,
    )


def recluster(
    state: ClusterState, dataset: Dataset, added: Sequence[Claim]
) -> tuple[tuple[EventCluster, ...], ClusterState, frozenset[str]]:
    """Cluster `dataset`, which is the state's dataset with the claims `added`.

    Returns the clusters (those of a full run), the new state, and the ids of
    the events whose findings must be worked out again: an event with an id
    and claims that no previous event had.
    """
    clusterer = state.clusterer
    nodes = dict(state.nodes)
    changed = set()
    by_id = {claim.id: claim for claim in dataset.claims}
    for key, claims in _claims_by_node(added).items():
        old = nodes.get(key)
        known = [] if old is None else [by_id[claim] for claim in old.claims]
        nodes[key] = _node_of(key, old, [*known, *claims])
        changed.add(key)
    slipped = _mend_year_slips(clusterer, state, nodes, changed, by_id)
    ordered = [nodes[key] for key in sorted(nodes)]
    names = state.names.updated(clusterer, state.nodes, nodes, changed)
    partners = names.partners()
    changed |= {key for pair in partners ^ state.partners for key in pair}
    fresh = _links_of(clusterer, ordered, nodes, changed, partners)
    links = _relinked(state.links, changed, fresh)
    gone = {link for key in changed for link in state.links.get(key, ())}
    replay = _Replay(clusterer, nodes, links, set(state.taken), gone - set(fresh))
    replay.run(state.taken, changed)
    members = {root: keys for root, keys in state.members.items() if replay.dirty.isdisjoint(keys)}
    afresh: dict[str, list[str]] = defaultdict(list)
    for key in replay.dirty:
        afresh[replay.root.get(key, key)].append(key)
    members.update((root, tuple(keys)) for root, keys in afresh.items())
    clusters, new_state = _finish(
        clusterer,
        nodes,
        links,
        partners,
        members,
        replay.taken,
        set(afresh),
        state,
        tuple(replay.order),
        names,
        slipped,
    )
    # Findings depend on an event's id and claims only: the others are judged again.
    claims_of = {cluster.id: cluster.claims for cluster in state.clusters.values()}
    touched = frozenset(c.id for c in clusters if claims_of.get(c.id) != c.claims)
    return clusters, new_state, touched


class _Replay:
    """The greedy merge of the new links, replayed against the previous run's.

    Two union-finds: the previous run's (its taken links, in order) and the
    new one. A node is dirty once a link decided afresh touched its cluster
    in either: until then both hold it in the same cluster, built by the same
    links, so a link between two clean nodes that is in both graphs gets the
    previous decision.
    """

    def __init__(
        self,
        clusterer: MentionClusterer,
        nodes: Mapping[str, _Node],
        links: Mapping[str, Sequence[_Pair]],
        was_taken: set[_Pair],
        gone: set[_Pair],
    ) -> None:
        self.clusterer, self.nodes, self.links = clusterer, nodes, links
        self.was_taken, self.gone = was_taken, gone
        self.root: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.taken: dict[str, list[_Pair]] = defaultdict(list)
        self.order: list[_Pair] = []
        self.old_root: dict[str, str] = {}
        self.old_members: dict[str, list[str]] = {}
        self.dirty: set[str] = set()
        self.queue: list[tuple[tuple[float, str, str], _Pair]] = []
        self.queued: set[_Pair] = set()
        self.summaries: dict[str, _Summary] = {}

    def run(self, previous: Sequence[_Pair], changed: Iterable[str]) -> None:
        """Replay `previous` (the links taken before, in order) with the changed nodes dirty."""
        self._mark(changed, None)
        position = 0
        while position < len(previous) or self.queue:
            if self.queue and (
                position == len(previous) or self.queue[0][0] <= _link_order(previous[position])
            ):
                link = heapq.heappop(self.queue)[1]
                if link in self.was_taken:
                    continue  # it comes, in its turn, from `previous`
            else:
                link = previous[position]
                position += 1
            self._step(link)

    def _step(self, link: _Pair) -> None:
        first, second = link.first, link.second
        taken_before = link in self.was_taken
        if taken_before:
            _union(self.old_root, self.old_members, first, second)
        clean = first not in self.dirty and second not in self.dirty
        if clean and link not in self.gone and link not in self.queued:
            self._join(link)  # the previous decision, on the same two clusters
            return
        if link not in self.gone:
            a, b = self.root.get(first, first), self.root.get(second, second)
            if a != b and self.clusterer._may_take(
                link, self.nodes, self._summary(a), self._summary(b)
            ):
                self._join(link)
        touched = {
            *self._members(self.root, self.members, first),
            *self._members(self.root, self.members, second),
            *self._members(self.old_root, self.old_members, first),
            *self._members(self.old_root, self.old_members, second),
        }
        self._mark(touched, _link_order(link))

    def _join(self, link: _Pair) -> None:
        a = self.root.get(link.first, link.first)
        b = self.root.get(link.second, link.second)
        _union(self.root, self.members, link.first, link.second)
        self.summaries.pop(a, None)
        self.summaries.pop(b, None)
        self.taken[a].extend([*self.taken.pop(b, []), link])
        self.order.append(link)

    def _summary(self, root: str) -> _Summary:
        if root not in self.summaries:
            nodes = (self.nodes[key] for key in self.members.get(root, [root]))
            self.summaries[root] = functools.reduce(_Summary.merge, map(_Summary.of, nodes))
        return self.summaries[root]

    @staticmethod
    def _members(root: Mapping[str, str], members: Mapping[str, list[str]], key: str) -> list[str]:
        top = root.get(key, key)
        return members.get(top, [top])

    def _mark(self, keys: Iterable[str], after: tuple[float, str, str] | None) -> None:
        """Mark the nodes dirty, and queue their links that come after `after`."""
        for key in keys:
            if key in self.dirty:
                continue
            self.dirty.add(key)
            for link in self.links.get(key, ()):
                order = _link_order(link)
                if link not in self.queued and (after is None or order > after):
                    self.queued.add(link)
                    heapq.heappush(self.queue, (order, link))


@attrs.frozen
class _Names:
    """The far partners by name (see `MentionClusterer._far_partners`), kept up to date.

    When nodes change, only the undated nodes that bear a name of a node
    whose place in the index moved pick their partners again.
    """

    index: _NameIndex
    picked: Mapping[str, tuple[tuple[str, str], ...]]
    """The pairs each undated node picked."""
    pickers: Mapping[tuple[str, ...], tuple[str, ...]]
    """The undated nodes that bear each name."""
    counts: Mapping[tuple[str, str], int]
    """How many nodes picked each pair."""

    @classmethod
    def of(cls, clusterer: MentionClusterer, nodes: Sequence[_Node]) -> _Names:
        index = _name_index(nodes)
        undated = [node for node in nodes if _reported_undated(node)]
        picked = {node.key: clusterer._selected(node, index) for node in undated}
        pickers: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for node in undated:
            for name in _names(node):
                pickers[name].append(node.key)
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for pairs in picked.values():
            for pair in pairs:
                counts[pair] += 1
        return cls(index, picked, {n: tuple(k) for n, k in pickers.items()}, dict(counts))

    def partners(self) -> _Pairs:
        """Every pair some node picked."""
        return frozenset(self.counts)

    def updated(
        self,
        clusterer: MentionClusterer,
        before: Mapping[str, _Node],
        after: Mapping[str, _Node],
        changed: Iterable[str],
    ) -> _Names:
        """The names once the `changed` nodes are as in `after` (a node keeps its names)."""
        index = dict(self.index)
        pickers = dict(self.pickers)
        moved: set[tuple[str, ...]] = set()
        again = set()
        for key in changed:
            old, new = before.get(key), after[key]
            was, now = None if old is None else _moment(old), _moment(new)
            if _reported_undated(new):
                again.add(key)
                if old is None or not _reported_undated(old):
                    for name in _names(new):
                        pickers[name] = (*pickers.get(name, ()), key)
            if was == now and old is not None:
                continue
            for name in _names(new):
                moved.add(name)
                by_place = index[name] = dict(index.get(name, {}))
                entries = by_place[new.where] = list(by_place.get(new.where, []))
                if was is not None:
                    del entries[bisect_left(entries, (was, key))]
                if now is not None:
                    insort(entries, (now, key))
        for name in moved:
            again.update(pickers.get(name, ()))
        picked = dict(self.picked)
        counts = dict(self.counts)
        for key in again:
            pairs = clusterer._selected(after[key], index)
            for pair in picked.get(key, ()):
                counts[pair] -= 1
                if not counts[pair]:
                    del counts[pair]
            for pair in pairs:
                counts[pair] = counts.get(pair, 0) + 1
            picked[key] = pairs
        return _Names(index, picked, pickers, counts)


def _union(root: dict[str, str], members: dict[str, list[str]], first: str, second: str) -> None:
    """Join the clusters of two nodes as `MentionClusterer._greedy` does: the first's root stays."""
    a, b = root.get(first, first), root.get(second, second)
    merged = members.pop(a, [a]) + members.pop(b, [b])
    members[a] = merged
    for key in merged:
        root[key] = a


def _relinked(
    links: Mapping[str, tuple[_Pair, ...]], changed: set[str], fresh: Iterable[_Pair]
) -> dict[str, tuple[_Pair, ...]]:
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
    added: dict[str, list[_Pair]] = defaultdict(list)
    for link in fresh:
        added[link.first].append(link)
        added[link.second].append(link)
    for key, more in added.items():
        found[key] = (*found.get(key, ()), *more)
    return found


def _finish(
    clusterer: MentionClusterer,
    nodes: Mapping[str, _Node],
    links: Mapping[str, tuple[_Pair, ...]],
    partners: _Pairs,
    members: Mapping[str, tuple[str, ...]],
    taken: Mapping[str, Sequence[_Pair]],
    afresh: set[str],
    previous: ClusterState | None,
    order: tuple[_Pair, ...],
    names: _Names,
    slipped: frozenset[str],
) -> tuple[tuple[EventCluster, ...], ClusterState]:
    """Resolve the clusters (by root) and number every event as a full run does.

    A full run resolves its clusters in the order of their roots' keys (the
    nodes' order), numbering an id already taken: so does this. The roots in
    `afresh` get their event from their nodes and `taken` links; the others
    keep the previous run's cluster, renumbered if an earlier one took its id.
    """
    old_clusters = {} if previous is None else previous.clusters
    old_bases = {} if previous is None else previous.bases
    events: dict[str, Event] = {}
    for root in afresh:
        group = [nodes[key] for key in sorted(members[root])]
        events[root] = _declared(group) or _new_event(group)
    used_ids = {node.event.id for node in nodes.values() if node.event is not None}
    clusters: dict[str, EventCluster] = {}
    bases: dict[str, str] = {}
    for root in sorted(members):
        if root not in afresh:
            old = old_clusters[root]
            bases[root] = old_bases[root]
            event_id = old.id if old.declared else _unique_id(old_bases[root], used_ids)
            clusters[root] = (
                old
                if event_id == old.id
                else attrs.evolve(old, event=attrs.evolve(old.event, id=event_id))
            )
        else:
            group = [nodes[key] for key in sorted(members[root])]
            event, bases[root] = events[root], events[root].id
            if _declared(group) is None:
                event = attrs.evolve(event, id=_unique_id(event.id, used_ids))
            written = clusterer._written(group, taken.get(root, []))
            clusters[root] = _event_cluster(group, event, written)
        used_ids.add(clusters[root].id)
    state = ClusterState(
        clusterer=clusterer,
        nodes=nodes,
        links=links,
        partners=partners,
        members=members,
        clusters=clusters,
        bases=bases,
        taken=order,
        names=names,
        slipped=slipped,
    )
    return tuple(sorted(clusters.values(), key=_cluster_order)), state


def _node_of(key: str, old: _Node | None, claims: Sequence[Claim]) -> _Node:
    """The node of `key` holding `claims`: a declared event's if it was one, else a mention's."""
    if old is not None and old.event is not None:
        return _event_node(old.event, claims)
    return _mention_node(key, claims)


def _mend_year_slips(
    clusterer: MentionClusterer,
    state: ClusterState,
    nodes: dict[str, _Node],
    changed: set[str],
    by_id: Mapping[str, Claim],
) -> frozenset[str]:
    """The nodes whose date is now a slip of the year, undated in `nodes` (and marked `changed`).

    A new date can make an old one a slip (or stop it being one), so the
    slips are found again over every node with its own date: the changed
    nodes are rebuilt with theirs, and so are those the previous run undated.
    """
    dated = dict(nodes)
    for key in state.slipped - changed:
        dated[key] = _node_of(key, nodes[key], [by_id[claim] for claim in nodes[key].claims])
    slipped = clusterer._year_slips(dated.values())
    for key in (slipped ^ state.slipped) | (slipped & changed):
        nodes[key] = attrs.evolve(dated[key], when=None) if key in slipped else dated[key]
        changed.add(key)
    return slipped


class _Adjacency(Mapping[str, tuple[_Pair, ...]]):
    """The links at or above the threshold by the nodes they join, worked out when first read.

    A full run keeps them for a later update, which reads them; most runs
    have none, and the columnar engine finds several links a node.
    """

    def __init__(self, links: Callable[[], Iterable[_Pair]]) -> None:
        self._links = links
        self._by_node: dict[str, tuple[_Pair, ...]] | None = None

    def _built(self) -> dict[str, tuple[_Pair, ...]]:
        if self._by_node is None:
            found: dict[str, list[_Pair]] = defaultdict(list)
            for link in self._links():
                found[link.first].append(link)
                found[link.second].append(link)
            self._by_node = {key: tuple(links) for key, links in found.items()}
        return self._by_node

    def __getitem__(self, key: str) -> tuple[_Pair, ...]:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


def _links_of(
    clusterer: MentionClusterer,
    ordered: Sequence[_Node],
    nodes: Mapping[str, _Node],
    changed: set[str],
    partners: _Pairs,
) -> list[_Pair]:
    """Every link at or above the threshold between a changed node and any other node."""
    index = _MomentIndex.of(ordered)
    near = clusterer._near_days()
    found: set[tuple[str, str]] = set()
    links = []
    for key in sorted(changed):
        first = nodes[key]
        for second in index.candidates(first, clusterer, near):
            pair = _pair_key(first, second)
            if second is first or pair in found:
                continue
            found.add(pair)
            if clusterer._may_link(first, second, partners) and clusterer._compatible(
                first, second
            ):
                link = clusterer._link(first, second)
                if link.score >= clusterer.threshold:
                    links.append(_Pair.of(link))
    for first_key, second_key in partners:
        if (first_key in changed or second_key in changed) and (first_key, second_key) not in found:
            first, second = nodes[first_key], nodes[second_key]
            if clusterer._compatible(first, second):
                link = clusterer._link(first, second)
                if link.score >= clusterer.threshold:
                    links.append(_Pair.of(link))
    return links


@attrs.frozen
class _MomentIndex:
    """Every node by when it happened (dated) or was first reported (undated).

    A superset of the nodes one node can be scored with, found by bisection
    rather than by comparing all.
    """

    times: _TimeIndex
    longest: float
    """The longest dated span, in seconds: a node that began that long before may still meet."""
    widest: float
    """The widest spread of an undated node's publication times, in seconds."""
    every: Sequence[_Node]

    @classmethod
    def of(cls, nodes: Sequence[_Node]) -> _MomentIndex:
        times = _TimeIndex.of(nodes)
        return cls(
            times,
            max((n.span[1] - n.span[0] for n in times.dated if n.span is not None), default=0.0),
            max(
                (n.published[1] - n.published[0] for n in times.reported if n.published),
                default=0.0,
            ),
            nodes,
        )

    def candidates(
        self, node: _Node, clusterer: MentionClusterer, near: float | None
    ) -> list[_Node]:
        """Nodes that `node` may be scored with, except its far partners (found apart)."""
        if near is None or (node.span is None and node.published is None):
            return list(self.every)
        tolerance, reach = clusterer.tolerance_days * DAY, near * DAY
        if node.span is not None:
            start, end = node.span
            dated = self.times.dated_between(start - self.longest - tolerance, end + tolerance)
            # An undated node meets this one if it was first reported from `near` days before
            # the start (not far) and its last report is at most the tolerance before it.
            undated = self.times.reported_between(start - tolerance - self.widest, start + reach)
        else:
            assert node.published is not None
            first, last = node.published
            dated = self.times.dated_between(first - reach, last + tolerance)
            undated = self.times.reported_between(first - reach, first + reach)
        return [*dated, *undated, *self.times.unplaced_in_time]
