"""What a clustering run keeps, so that more claims can be clustered incrementally.

A full run (`reconcile.linking.incremental.cluster_with_state`) and every
update (`recluster`) leave a `ClusterState`: the nodes, their links, the
clusters and how the merge took them, and the indexes an update looks the
changed nodes up in. An update builds a new state and leaves the previous
one as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from reconcile.linking.cluster import EventCluster, MentionClusterer, _link_order, _Pair, _Pairs
from reconcile.linking.far_partners import _Names
from reconcile.linking.nodes import Day, _Node
from reconcile.linking.timelines import _Timeline


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
    root_of: Mapping[str, str]
    """The root of each node's cluster."""
    clusters: Mapping[str, EventCluster]
    """The resolved cluster of each root."""
    bases: Mapping[str, str]
    """The id each root's event would have before it is numbered apart from the others."""
    by_base: Mapping[str, tuple[str, ...]]
    """The roots of each base, in key order: the clusters that contest its ids (`numbering`)."""
    taken_in: Mapping[str, Sequence[_Pair]]
    """The links taken in each cluster of more than one node, by its root, in the order taken."""
    names: _Names
    """The index of names that far partners are picked from, and who picked which."""
    slipped: frozenset[str]
    """The nodes whose date is a likely slip of the year, clustered undated (`mend_year_slips`)."""
    on_day: Mapping[Day, tuple[str, ...]]
    """The nodes dated one day or less, by that day (their own: slips too), for `slipped`."""
    timelines: Mapping[str | None, _Timeline]
    """The nodes of each place by time: where the links of a changed node are looked for."""
    order: Mapping[str, tuple[str, str]]
    """Where each root's event comes among the events (`_cluster_order`), in that order."""
    roots: Mapping[str, str]
    """The root of each event's cluster, by the event's id: which cluster an id was."""
    declared: frozenset[str]
    """The ids of the declared events (of the nodes that are one): no new event takes them."""

    @property
    def taken(self) -> tuple[_Pair, ...]:
        """Every link taken, in the order they were taken (strongest first)."""
        return _in_order(pair for pairs in self.taken_in.values() for pair in pairs)


def _in_order(links: Iterable[_Pair]) -> tuple[_Pair, ...]:
    """Links in the order the merge takes them: strongest first, ties by the nodes' keys."""
    return tuple(sorted(links, key=_link_order))
