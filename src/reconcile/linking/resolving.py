"""The clusters resolved into events and numbered as a full run numbers them.

After a full run's merge, every cluster is resolved; after an update's
replay, only those replayed (from their nodes and links) and those whose
nodes gained claims (from the previous cluster, grown); every other cluster
is the previous one, renumbered only where an earlier one took its id.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import attrs

from reconcile.linking.cluster import (
    EventCluster,
    MentionClusterer,
    _cluster_order,
    _declared,
    _event_cluster,
    _new_event,
    _Pair,
    _Pairs,
    _shortcomings,
    event_label,
)
from reconcile.linking.far_partners import _Names
from reconcile.linking.nodes import Day, _Node
from reconcile.linking.numbering import Numbered, numbered, numbered_again
from reconcile.linking.state import ClusterState
from reconcile.linking.timelines import _Timeline
from reconcile.model.event import Event


@attrs.frozen
class _Update:
    """What `_finish` is told of an update: the previous state and what changed since."""

    previous: ClusterState
    root_of: Mapping[str, str]
    """The root of each node's cluster, as the update leaves it."""
    changed: set[str]
    """The nodes that cluster otherwise than before (`_clusters_alike`)."""
    grown: Mapping[str, list[str]]
    """The clusters that were not replayed but whose nodes gained claims: those nodes, by root."""
    gained: Mapping[str, list[str]]
    """The ids of the claims that each `grown` cluster's nodes gained, by its root."""
    gone: set[str]
    """The previous roots that root no cluster now: replayed, and no longer any cluster's root.

    Told by the update from the roots it replayed (a few thousand at 10^6
    simulated claims) rather than found among all the previous roots
    (60,440): the other roots are kept as they were."""


def _finish(
    clusterer: MentionClusterer,
    nodes: Mapping[str, _Node],
    links: Mapping[str, tuple[_Pair, ...]],
    partners: _Pairs,
    members: Mapping[str, tuple[str, ...]],
    taken: Mapping[str, Sequence[_Pair]],
    afresh: set[str],
    names: _Names,
    slipped: frozenset[str],
    on_day: Mapping[Day, tuple[str, ...]],
    timelines: Mapping[str | None, _Timeline],
    update: _Update | None = None,
) -> tuple[tuple[EventCluster, ...], ClusterState, list[str]]:
    """Resolve the clusters (by root) and number every event as a full run does.

    A full run numbers its events in the order of their roots' keys (the
    nodes' order), numbering an id already taken (`numbering`): so does
    this, an update only where an id may change. The roots in `afresh` get
    their event from their nodes and `taken` links, those an `update` says
    `grown` from the previous cluster and the nodes that gained claims; the
    others keep the previous run's cluster, renumbered if an earlier one
    took its id. Beside the clusters in the events' order and the
    state, the roots of those made again or renumbered (every root, in a full
    run): every other cluster is the previous one.
    """
    previous = None if update is None else update.previous
    gone = set() if update is None else update.gone
    made = _made_again(clusterer, nodes, members, taken, afresh, update)
    if previous is None:
        declared = frozenset(node.event.id for node in nodes.values() if node.event is not None)
        numbering, placed = numbered(made, declared)
    else:
        # An update declares no event (that is a full run): the declared ids are the previous ones.
        declared = previous.declared
        before = Numbered(previous.clusters, previous.bases, previous.roots, previous.by_base)
        numbering, placed = numbered_again(before, made, gone, declared)
    clusters = numbering.clusters
    state = ClusterState(
        clusterer=clusterer,
        nodes=nodes,
        links=links,
        partners=partners,
        members=members,
        root_of=(
            {key: root for root, keys in members.items() for key in keys}
            if update is None
            else update.root_of
        ),
        clusters=clusters,
        bases=numbering.bases,
        by_base=numbering.by_base,
        taken_in=taken,
        names=names,
        slipped=slipped,
        on_day=on_day,
        timelines=timelines,
        order=_orders(clusters, placed, previous, gone),
        roots=numbering.roots,
        declared=declared,
    )
    # The clusters gathered at C speed: tens of thousands of lookups at 10^6 claims.
    return tuple(map(clusters.__getitem__, state.order)), state, placed


def _made_again(
    clusterer: MentionClusterer,
    nodes: Mapping[str, _Node],
    members: Mapping[str, tuple[str, ...]],
    taken: Mapping[str, Sequence[_Pair]],
    afresh: set[str],
    update: _Update | None,
) -> dict[str, EventCluster]:
    """The clusters resolved again, by root, their events under their base ids (not numbered).

    Each root in `afresh` is resolved from its nodes and links, each the
    `update` says `grown` from its previous cluster (`_grown`).
    """
    made: dict[str, EventCluster] = {}
    for root in afresh:
        group = [nodes[key] for key in sorted(members[root])]
        written = clusterer._written(group, taken.get(root, ()))  # when first read
        made[root] = _event_cluster(group, _event_of(update, root, group), written)
    if update is not None:
        for root, keys in update.grown.items():
            gaining = [nodes[key] for key in keys]
            made[root] = _grown(update.previous, root, gaining, update.gained[root], nodes)
    return made


def _orders(
    clusters: Mapping[str, EventCluster],
    placed: Iterable[str],
    previous: ClusterState | None,
    gone: set[str],
) -> dict[str, tuple[str, str]]:
    """Where each cluster's event comes among the events (`_cluster_order`), by its root.

    In the events' order. Where an event comes depends on the event alone:
    the `previous` order is kept, and only the clusters `placed` (those made
    again, or renumbered) are placed again, unless their event is the
    previous one. An update keeps most events: the roots `gone` or moved are
    cut out of the previous order and the moved ones put back in (`_spliced`),
    rather than sorting every root again (55 ms an update at 10^6 claims).
    """
    old_clusters = {} if previous is None else previous.clusters
    moved = {}
    for root in placed:
        cluster, old = clusters[root], old_clusters.get(root)
        if old is None or cluster.event is not old.event:
            moved[root] = _cluster_order(cluster)
    if previous is None:  # a full run: every root is placed
        return dict(sorted(moved.items(), key=operator.itemgetter(1)))
    return _spliced(previous.order, gone | moved.keys(), moved)


def _spliced(
    order: Mapping[str, tuple[str, str]],
    cut: set[str],
    put: Mapping[str, tuple[str, str]],
) -> dict[str, tuple[str, str]]:
    """`order` (sorted by value, each value once) without the keys `cut`, with those `put` in.

    Its lists are cut and joined at C speed: only the few keys cut or put
    are bisected in Python.
    """
    keys, values = list(order), list(order.values())
    cuts = sorted(bisect_left(values, order[key]) for key in cut if key in order)
    kept_keys, kept_values = _without(keys, cuts), _without(values, cuts)
    new = sorted(put.items(), key=operator.itemgetter(1))
    at = [bisect_left(kept_values, value) for _, value in new]
    joined_keys = _with(kept_keys, at, [key for key, _ in new])
    joined_values = _with(kept_values, at, [value for _, value in new])
    return dict(zip(joined_keys, joined_values, strict=True))


_Item = TypeVar("_Item")


def _without(items: list[_Item], positions: Sequence[int]) -> list[_Item]:
    """The items but those at `positions` (ascending), joined from slices."""
    kept: list[_Item] = []
    start = 0
    for position in positions:
        kept += items[start:position]
        start = position + 1
    kept += items[start:]
    return kept


def _with(items: list[_Item], positions: Sequence[int], put: Sequence[_Item]) -> list[_Item]:
    """The items with each of `put` before the item at its position (ascending), from slices."""
    joined: list[_Item] = []
    start = 0
    for position, item in zip(positions, put, strict=True):
        joined += items[start:position]
        joined.append(item)
        start = position
    joined += items[start:]
    return joined


def _event_of(update: _Update | None, root: str, group: Sequence[_Node]) -> Event:
    """The event of a cluster resolved again.

    A declared event if a node is one; else the previous run's, if the
    cluster has the nodes it had, none changed, and keeps its label
    (`_event_again`); else made from the nodes (`_new_event`).
    """
    declared = _declared(group)
    if declared is not None:
        return declared
    if update is not None and _same_nodes(update, root, group):
        previous = update.previous
        gained = [node for node in group if previous.nodes[node.key] is not node]
        return _event_again(previous, root, lambda: group, gained)
    return _new_event(group)


def _same_nodes(update: _Update, root: str, group: Sequence[_Node]) -> bool:
    """Whether the previous cluster of `root` had the nodes of `group`, none of them changed."""
    keys = update.previous.members.get(root)
    return (
        keys is not None
        and len(keys) == len(group)
        and all(key == node.key for key, node in zip(keys, group, strict=True))
        and update.changed.isdisjoint(keys)
    )


def _grown(
    previous: ClusterState,
    root: str,
    gained: Sequence[_Node],
    claims_gained: Iterable[str],
    nodes: Mapping[str, _Node],
) -> EventCluster:
    """The previous cluster of `root`, whose `gained` nodes gained claims, none changed.

    Not replayed: it has the nodes and links it had, so its links are
    written as before, and its mentions are the previous ones (a node's
    mention is its key's content, `_mention_key`). Its claims are the
    previous ones with those gained put in place; its event is the previous
    one if it keeps its label. At 10^6 simulated claims, 1% drawn at random,
    7,062 of the 9,046 clusters an update resolves again are such, with
    58,192 nodes of which 7,592 gained claims: only those are read, and the
    ids of the claims they gained (`claims_gained`) are put in place.
    """
    was = previous.clusters[root]
    claims = list(was.claims)
    for claim in claims_gained:
        insort(claims, claim)
    group: list[_Node] = []

    def nodes_of_group() -> list[_Node]:
        if not group:
            group.extend(nodes[key] for key in sorted(previous.members[root]))
        return group

    event = was.event if was.declared else _event_again(previous, root, nodes_of_group, gained)
    return attrs.evolve(was, event=event, claims=tuple(claims))


def _event_again(
    previous: ClusterState,
    root: str,
    group: Callable[[], Sequence[_Node]],
    gained: Sequence[_Node],
) -> Event:
    """The event of a cluster that only `gained` claims: the previous run's if it keeps its label.

    Its nodes are those it had, none changed, so only its label (which
    claims weigh) may differ: where it does not, the event is the one before
    (with its id before numbering). Where a node that gained claims has a
    label that could now outrank it (`_label_stays`), the claims of those
    labels are counted again among the nodes `group` gives (`_outranked`);
    if one wins, the event is another (`_new_event`).
    """
    old = previous.clusters[root].event
    rivals = {node.label for node in gained if not _label_stays(old.label, node.label)}
    if rivals and _outranked(old.label, rivals, group()):
        return _new_event(group())
    base = previous.bases[root]
    return old if old.id == base else attrs.evolve(old, id=base)


def _outranked(label: str, rivals: Iterable[str], group: Sequence[_Node]) -> bool:
    """Whether one of the `rivals` now outranks an event's `label` among its nodes (`_label_of`).

    The label outranked every other before; only the labels of nodes that
    gained claims can have gained on it, and of those only the `rivals`
    (`_label_stays`): so only their claims are counted, not every label's.
    """
    counts = dict.fromkeys([label, *rivals], 0)
    for node in group:
        if node.label in counts:
            counts[node.label] += len(node.claims) or 1
    return event_label(counts) != label


def _label_stays(label: str, gaining: str) -> bool:
    """Whether an event's `label` stays when a node labelled `gaining` gains claims.

    Labels rank first on their shortcomings (`event_label`), then on the
    claims that use them: claims gained under the winning label only add to
    its lead, and a label with more shortcomings cannot win on claims.
    """
    return gaining == label or _shortcomings(gaining) > _shortcomings(label)
