"""Event ids: numbered as a full run numbers them, and again only where an update needs it.

A full run takes its clusters in the order of their roots' keys and gives
each event its base id (the label's slug and the date), or the first of
base-2, base-3... that no earlier event took and no declared event has; a
declared event keeps its own id. So an id is contested only among the bases
it can be made from: itself, and the part before a "-2", "-3"... An update
numbers again the clusters it made under another base (or declaration) and
the new ones, then those of every base that an id it freed or took can be
made from, and so on until no other cluster's id can change. A cluster made
again under the base it had (most of those an update makes: their label
and date stay) keeps its id unless its base is contested.

At 10^6 simulated claims, 1% drawn at random, an update numbers 2,369
roots in three rounds, of 60,440 clusters. Its numbering takes about 40 ms,
most of it copying the previous mappings; walking every cluster, it took
0.06 to 0.10 s more (four updates each).
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Mapping, Sequence
from typing import Protocol

import attrs

from reconcile.linking.cluster import EventCluster, _unique_id


@attrs.frozen
class Numbered:
    """Clusters numbered as a full run numbers them, with what an update numbers them again from."""

    clusters: Mapping[str, EventCluster]
    """Each cluster by its root, its event under its id."""
    bases: Mapping[str, str]
    """The id each root's event would have before it is numbered apart from the others."""
    roots: Mapping[str, str]
    """The root of each event's cluster, by the event's id."""
    by_base: Mapping[str, tuple[str, ...]]
    """The roots of each base, in key order: the clusters that contest its ids."""


def numbered(
    made: Mapping[str, EventCluster], declared: frozenset[str]
) -> tuple[Numbered, list[str]]:
    """Every cluster `made` (by root, its event under its base id) numbered, as a full run does.

    `declared` holds the ids of the declared events: no other event takes
    one. Beside the clusters, their roots in key order (every one placed).
    """
    order = sorted(made)
    bases = {root: made[root].event.id for root in order}
    fixed = {root for root in order if made[root].declared}
    ids = _ids_in_order(order, bases, fixed, set(declared))
    by_base: dict[str, list[str]] = {}
    for root in order:
        by_base.setdefault(bases[root], []).append(root)
    clusters = {root: _with_id(made[root], ids[root]) for root in order}
    roots = {event_id: root for root, event_id in ids.items()}
    grouped = {base: tuple(keys) for base, keys in by_base.items()}
    return Numbered(clusters, bases, roots, grouped), order


def numbered_again(
    previous: Numbered,
    made: Mapping[str, EventCluster],
    gone: Collection[str],
    declared: frozenset[str],
) -> tuple[Numbered, list[str]]:
    """`previous` with the clusters `made` again (by root) and the roots `gone` left out.

    Numbered as a full run numbers them all, by numbering again only the
    clusters whose ids can differ (see the module). Beside them, the roots
    of the clusters made again or renumbered, in key order: every other
    cluster is the previous one.
    """
    old = previous.clusters
    bases, by_base = dict(previous.bases), dict(previous.by_base)
    for root in gone:
        _leave(by_base, bases.pop(root), root)
    moved = []
    """The roots made again under another base or declaration than before: numbered again."""
    for root, cluster in made.items():
        base, was = cluster.event.id, old.get(root)
        if was is None or base != bases[root] or cluster.declared != was.declared:
            moved.append(root)
        if base != bases.get(root):
            if was is not None:
                _leave(by_base, bases[root], root)
            by_base[base] = tuple(sorted((*by_base.get(base, ()), root)))
            bases[root] = base
    ids = _ids_again(previous, bases, by_base, made, moved, gone, declared)
    clusters, roots = dict(old), dict(previous.roots)
    for root in gone:
        del clusters[root]
    # Every id freed before any is taken: a cluster may take the id another had.
    for root in (*gone, *ids):
        if root in old and roots.get(old[root].event.id) == root:
            del roots[old[root].event.id]
    placed = []
    for root in sorted(ids.keys() | made.keys()):
        # Made again but not numbered again: it keeps its base, and so its id.
        event_id = ids[root] if root in ids else old[root].event.id
        cluster = _with_id(made[root] if root in made else old[root], event_id)
        if root in made or cluster is not old[root]:
            placed.append(root)
        clusters[root], roots[event_id] = cluster, root
    return Numbered(clusters, bases, roots, by_base), placed


def _ids_again(
    previous: Numbered,
    bases: Mapping[str, str],
    by_base: Mapping[str, tuple[str, ...]],
    made: Mapping[str, EventCluster],
    moved: Iterable[str],
    gone: Collection[str],
    declared: frozenset[str],
) -> dict[str, str]:
    """The ids of the roots an update numbers again, in key order; every other keeps its id.

    Those `moved` (made again under another base, or new) first. Wherever an
    id changed hands (freed by a root gone or renumbered, or taken by a new
    one), the roots of the bases it can be made from are numbered again too,
    until that adds no base: then every root left out met each id it could
    take as the full run meets it, and keeps the id it had.
    """
    old = previous.clusters
    freed = {old[root].event.id for root in gone}
    contested: set[str] = set()
    while True:
        walked = sorted({*moved, *(root for base in contested for root in by_base.get(base, ()))})
        fixed = {root for root in walked if (made[root] if root in made else old[root]).declared}
        taken = _TakenBefore(walked, previous.roots, gone, declared)
        ids = _ids_in_order(walked, bases, fixed, taken)
        changed = set(freed)
        for root, event_id in ids.items():
            was = old.get(root)
            if was is None or was.event.id != event_id:
                changed.add(event_id)
                if was is not None:
                    changed.add(was.event.id)
        reached = {base for event_id in changed for base in _bases_making(event_id)}
        if reached <= contested:
            return ids
        contested |= reached


class _Ids(Protocol):
    """The ids taken so far, as a numbering walk asks and adds to them."""

    def __contains__(self, event_id: object, /) -> bool: ...

    def add(self, event_id: str, /) -> None: ...


def _ids_in_order(
    order: Iterable[str], bases: Mapping[str, str], fixed: Container[str], taken: _Ids
) -> dict[str, str]:
    """Each root's id, in `order`: its base if `fixed` (a declared event's), else the first free.

    The first of its base, base-2, base-3... not `taken` (`_unique_id`); each id taken in turn.
    """
    ids = {}
    for root in order:
        base = bases[root]
        event_id = ids[root] = base if root in fixed else _unique_id(base, taken)
        taken.add(event_id)
    return ids


class _TakenBefore:
    """The ids a full run has taken when it comes to each root an update numbers again.

    The roots are numbered in key order (`_ids_in_order` adds one id a root,
    in turn). An id is taken if declared, if a root numbered before took it,
    or if it is the previous id of a root not numbered again (which keeps
    it) and not gone, that comes before the root being numbered.
    """

    def __init__(
        self,
        walked: Sequence[str],
        owners: Mapping[str, str],
        gone: Container[str],
        declared: Container[str],
    ) -> None:
        self._walked, self._again = walked, set(walked)
        self._owners, self._gone, self._declared = owners, gone, declared
        self._taken: set[str] = set()
        self._numbered = 0
        """How many roots have taken their id: the one being numbered comes next."""

    def __contains__(self, event_id: object) -> bool:
        if event_id in self._taken or event_id in self._declared:
            return True
        owner = self._owners.get(event_id) if isinstance(event_id, str) else None
        if owner is None or owner in self._again or owner in self._gone:
            return False
        return owner < self._walked[self._numbered]

    def add(self, event_id: str) -> None:
        self._taken.add(event_id)
        self._numbered += 1


def _bases_making(event_id: str) -> tuple[str, ...]:
    """The bases whose numbering can make `event_id`: itself, and the part before "-2", "-3"..."""
    head, dash, tail = event_id.rpartition("-")
    return (event_id, head) if dash and tail.isdigit() else (event_id,)


def _leave(by_base: dict[str, tuple[str, ...]], base: str, root: str) -> None:
    """Take `root` out of the roots of `base` (the base out, once it has none)."""
    kept = tuple(key for key in by_base[base] if key != root)
    if kept:
        by_base[base] = kept
    else:
        del by_base[base]


def _with_id(cluster: EventCluster, event_id: str) -> EventCluster:
    """The cluster with its event under `event_id` (itself if it has that id)."""
    if cluster.event.id == event_id:
        return cluster
    return attrs.evolve(cluster, event=attrs.evolve(cluster.event, id=event_id))
