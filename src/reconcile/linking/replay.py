"""The greedy merge replayed over an update's new links against the previous run's.

Only the links of the nodes whose cluster may come out otherwise are
visited (see `_Replay`); every other cluster is the previous one.
"""

from __future__ import annotations

import functools
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from reconcile.linking.adjacency import _read_ahead
from reconcile.linking.cluster import MentionClusterer, _link_order, _Pair, _Summary
from reconcile.linking.nodes import _Node, _timeless
from reconcile.linking.state import ClusterState


class _Replay:
    """The greedy merge of the new links, replayed against the previous run's.

    Two union-finds: the previous run's (its taken links, in order) and the
    new one. A node is dirty once its cluster may differ between them: a
    changed node from the start, then every node of the clusters a link joins
    in either union-find while it touches a dirty node. Until then both hold
    the node in the same cluster, built by the same links, so a link between
    two clean nodes gets the previous decision, and a link that joins in
    neither leaves both clusters as they were (so a clean one stays clean).

    Only the dirty nodes' links are visited, in order, with the taken links
    of the previous clusters that hold a dirty node. A previous cluster
    whose nodes are all clean is not replayed: when a link of a dirty node
    reaches one of its nodes, its taken links up to that moment are applied
    (`_catch_up`), as the full run would have by then; if it stays clean to
    the end, it is the previous cluster, taken links and all.

    Most links of a dirty node are links the previous run did not take, and
    most stay untaken: they are not even read while neither end's previous
    cluster is tainted. `_may_join` only tightens as a cluster grows, so a
    link the previous run refused between two clusters is refused between
    any clusters holding them, as long as each holds at least what it held
    then: every node of its previous cluster, each refusing at least what it
    refused then. A previous cluster is tainted once that may fail: from the
    start if it holds a changed node whose summary refuses less than before
    (`_Summary.refuses_at_least`; a node reported later does), and from the
    moment the replay refuses one of its taken links (or finds it gone).
    Its nodes' links are then read (`_taint`): those with a dirty end are
    queued, and the others wait, by their other end, for it to be marked
    (`near`). A link through a node that gives no time is never left unread:
    `_holds_in_time` may pass on larger clusters.

    So a dirty node reads its own links only if it is new, gives no time or
    its previous cluster is tainted; any other reads those that `near`
    holds for it. Its links to a new node are the new node's, queued from
    the start as every link of a changed node is.
    """

    def __init__(
        self,
        clusterer: MentionClusterer,
        nodes: Mapping[str, _Node],
        links: Mapping[str, Sequence[_Pair]],
        previous: ClusterState,
        gone: set[tuple[float, str, str]],
    ) -> None:
        self.clusterer, self.nodes, self.links = clusterer, nodes, links
        self.old_nodes, self.old_root_of = previous.nodes, previous.root_of
        self.old_taken, self.old_clusters = previous.taken_in, previous.members
        self.gone = gone
        self.root: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.taken: dict[str, list[_Pair]] = defaultdict(list)
        self.old_root: dict[str, str] = {}
        self.old_members: dict[str, list[str]] = {}
        self.applied: dict[str, int] = {}
        """How many of each previous cluster's taken links are applied (by its root)."""
        self.orders: dict[str, tuple[tuple[_Pair, ...], list[tuple[float, str, str]]]] = {}
        """Each previous cluster's taken links and their orders (`_link_order`), once worked out."""
        self.streaming: set[str] = set()
        """The previous clusters (by root) that hold a dirty node: their taken links are queued."""
        # Links are known by their order (`_link_order`) in these sets: tuples hash faster.
        self.streamed: set[tuple[float, str, str]] = set()
        self.dirty: set[str] = set()
        self.queue: list[tuple[float, str, str, _Pair]] = []
        """The links to visit, each as its order (`_link_order`) followed by itself: a heap.

        Flat rather than (order, link): the heap compares one tuple rather than two, which
        took the replay's heap two fifths less time."""
        self.queued: set[tuple[float, str, str]] = set()
        self.summaries: dict[str, _Summary] = {}
        """The summary of each cluster of the new union-find, by its root, once worked out.

        Carried through a join when both clusters' are known (`_join`), else
        worked out again from the nodes' when next needed (`_summary`)."""
        self.alone: dict[str, _Summary] = {}
        """The summary of each node on its own, once worked out."""
        self.tainted: set[str] = set()
        """The previous clusters (by root) that a cluster now may not hold whole (see the class)."""
        self.near: dict[str, list[_Pair]] = defaultdict(list)
        """The links of the nodes of tainted clusters and of those that give no time, by the
        other end: the links that end queues when it is marked, without reading its own."""

    def run(
        self,
        changed: Iterable[str],
        fresh: Iterable[_Pair],
        gone: Iterable[_Pair],
        timeless: Iterable[str],
    ) -> None:
        """Replay the merge with the `changed` nodes dirty from the start.

        The `fresh` links (those of the changed nodes, and new far pairs) are
        decided afresh in their turn; a `gone` link the previous run took is
        replayed, with the rest of its cluster, so that where it joined two
        clusters before and cannot now, both are marked. `timeless` are the
        keys of the nodes that give no time: their links are never left unread.
        """
        changed = list(changed)
        old_root_of = self.old_root_of
        for key in changed:
            if key in old_root_of and not self._node_summary(key).refuses_at_least(
                _Summary.of(self.old_nodes[key])
            ):
                self._taint(old_root_of[key], None)
        self._read_by_neighbours(list(timeless))
        # Queued before the changed nodes are marked: a node marked skips the links queued.
        for link in fresh:
            self._queue(_link_order(link), link)
        self._mark(changed, None)
        for link in gone:
            root = old_root_of.get(link.first)
            if root is not None and link in self.old_taken.get(root, ()):
                self._stream(root)
        queue, streamed, dirty, joined = self.queue, self.streamed, self.dirty, self.root
        while queue:
            score, first, second, link = heapq.heappop(queue)  # the first link in order
            moment = (score, first, second)
            if moment in streamed:
                self._taken_before(link, moment)
            elif (
                first in dirty
                and second in dirty
                and joined.get(first, first) == joined.get(second, second)
            ):
                continue  # within one cluster by now, so it joins nothing: half of those afresh
            else:
                self._afresh(link, moment)

    def _push(self, order: tuple[float, str, str], link: _Pair) -> None:
        heapq.heappush(self.queue, (*order, link))

    def _queue(self, order: tuple[float, str, str], link: _Pair) -> None:
        """Queue a link to be decided afresh in its turn, unless it is queued already."""
        if order not in self.queued:
            self.queued.add(order)
            self._push(order, link)

    def _taken_before(self, link: _Pair, moment: tuple[float, str, str]) -> None:
        """A link the previous run took, in its turn: its cluster holds a dirty node."""
        _union(self.old_root, self.old_members, link.first, link.second)
        if moment not in self.gone:
            if link.first not in self.dirty and link.second not in self.dirty:
                self._join(link)  # the previous decision, on the same two clusters
                return
            taken = self._decide(link)
        else:
            taken = False
        if not taken and self._apart(link):  # refused now: from here its cluster may be split
            self._taint(self.old_root_of[link.first], moment)
        self._mark(self._touched(link), moment)

    def _afresh(self, link: _Pair, moment: tuple[float, str, str]) -> None:
        """A link of a dirty node that the previous run did not take, decided afresh.

        Nothing is caught up at a dirty end, nor so between two dirty nodes
        (half the links decided afresh, mostly within one cluster): a dirty
        node's previous cluster is replayed in order (`_mark`).
        """
        first_dirty, second_dirty = link.first in self.dirty, link.second in self.dirty
        if first_dirty != second_dirty:  # only the clean end's cluster is caught up
            dirty, clean = (link.first, link.second) if first_dirty else (link.second, link.first)
            if self._out_of_reach(dirty, clean):
                return
            self._catch_up(clean, moment)
        elif not first_dirty:  # a new far pair between two nodes still clean
            self._catch_up(link.first, moment)
            self._catch_up(link.second, moment)
        if self._decide(link):
            self._mark(self._touched(link), moment)

    def _out_of_reach(self, dirty: str, clean: str) -> bool:
        """Whether a link from a dirty node to a clean one cannot join, known without catching up.

        `_may_join` holds for two clusters only if it holds for every pair of
        nodes across them: if the dirty node's cluster cannot join the clean
        node alone, it cannot join the clean node's cluster, whatever that is
        by now.
        """
        cluster = self._summary(self.root.get(dirty, dirty))
        return not self.clusterer._may_join(cluster, self._node_summary(clean))

    def _decide(self, link: _Pair) -> bool:
        """Take the link if the merge would, on the clusters as they are: whether it did."""
        a, b = self.root.get(link.first, link.first), self.root.get(link.second, link.second)
        if a == b or not self.clusterer._may_take(
            link, self.nodes, self._summary(a), self._summary(b)
        ):
            return False
        self._join(link)
        return True

    def _apart(self, link: _Pair) -> bool:
        """Whether the link's two nodes are in different clusters now."""
        return self.root.get(link.first, link.first) != self.root.get(link.second, link.second)

    def _taint(self, root: str, moment: tuple[float, str, str] | None) -> None:
        """Taint a previous cluster at `moment`: from now on its nodes' links are read.

        Those with a dirty end that come after `moment` are queued (a dirty
        end left them unread, the cluster being untainted); every one waits
        by its other end for that end to be marked (`near`).
        """
        if root in self.tainted:
            return
        self.tainted.add(root)
        dirty, streamed = self.dirty, self.streamed
        for link in self._read_by_neighbours(self.old_clusters.get(root, (root,))):
            order = _link_order(link)
            if (
                (moment is None or order > moment)
                and (link.first in dirty or link.second in dirty)
                and order not in streamed  # else taken before: replayed in its turn
            ):
                self._queue(order, link)

    def _read_by_neighbours(self, keys: Sequence[str]) -> list[_Pair]:
        """The links of these nodes, each kept in `near` for its other end."""
        _read_ahead(self.links, keys)
        found = []
        near = self.near
        for key in keys:
            for link in self.links.get(key, ()):
                near[link.second if link.first == key else link.first].append(link)
                found.append(link)
        return found

    def _catch_up(self, key: str, moment: tuple[float, str, str]) -> None:
        """Apply the taken links before `moment` of the clean previous cluster of `key`."""
        root = self.old_root_of.get(key)
        if root is None or root in self.streaming:
            return  # a new node, or one whose previous cluster is replayed in order
        pairs = self.old_taken.get(root)
        if pairs is None:
            return  # a node alone: no link to apply
        done = self.applied.get(root, 0)
        if done == len(pairs):
            return
        known = self.orders.get(root)
        if known is None:  # worked out once a cluster: it is caught up again and again
            # As a tuple: the columnar engine's taken links are a sequence read in Python.
            taken = tuple(pairs)
            known = self.orders[root] = (taken, list(map(_link_order, taken)))
        taken, orders = known
        while done < len(orders) and orders[done] < moment:
            link = taken[done]
            _union(self.old_root, self.old_members, link.first, link.second)
            self._join(link)
            done += 1
        self.applied[root] = done

    def _join(self, link: _Pair) -> None:
        """Take the link in the new union-find, with its summary if both clusters' are known."""
        a = self.root.get(link.first, link.first)
        b = self.root.get(link.second, link.second)
        # Told before the union, while a node alone is still in no cluster of `members`.
        first, second = self._known_summary(a), self._known_summary(b)
        _union(self.root, self.members, link.first, link.second)
        if first is not None and second is not None:  # else worked out when next needed
            self.summaries[a] = first.merge(second)
        self.taken[a].extend([*self.taken.pop(b, []), link])

    def _known_summary(self, root: str) -> _Summary | None:
        """The summary of a cluster taken out of `summaries`, if it is worked out already.

        A node alone (a root with no `members`) has its own (`alone`) once
        worked out, so a cluster caught up link by link from nodes already
        summed up is not summed up again over all its nodes.
        """
        summary = self.summaries.pop(root, None)
        if summary is None and root not in self.members:
            return self.alone.get(root)
        return summary

    def _summary(self, root: str) -> _Summary:
        """The summary of the cluster of `root` in the new union-find, kept until it joins."""
        summary = self.summaries.get(root)
        if summary is None:
            keys = self.members.get(root)
            summary = self.summaries[root] = (
                self._node_summary(root)
                if keys is None
                else functools.reduce(_Summary.merge, map(self._node_summary, keys))
            )
        return summary

    def _node_summary(self, key: str) -> _Summary:
        """The summary of a node on its own, worked out once."""
        summary = self.alone.get(key)
        if summary is None:
            summary = self.alone[key] = _Summary.of(self.nodes[key])
        return summary

    def _touched(self, link: _Pair) -> list[str]:
        """The nodes of the clusters of the link's two nodes, in both union-finds."""
        return [
            *self._members(self.root, self.members, link.first),
            *self._members(self.root, self.members, link.second),
            *self._members(self.old_root, self.old_members, link.first),
            *self._members(self.old_root, self.old_members, link.second),
        ]

    @staticmethod
    def _members(root: Mapping[str, str], members: Mapping[str, list[str]], key: str) -> list[str]:
        top = root.get(key, key)
        return members.get(top, [top])

    def _stream(self, root: str) -> None:
        """Queue the taken links of a previous cluster not applied yet: it is replayed in order.

        It was caught up to the present (or is not started), being clean.
        """
        if root in self.streaming:
            return
        self.streaming.add(root)
        for link in self.old_taken.get(root, ())[self.applied.get(root, 0) :]:
            order = _link_order(link)
            self.streamed.add(order)
            self._push(order, link)

    def _mark(self, keys: Iterable[str], after: tuple[float, str, str] | None) -> None:
        """Mark the nodes dirty, and queue their links that come after `after`.

        A node's previous cluster is then replayed: its taken links not yet
        applied are queued too (it was caught up to `after`, being clean).
        Of its other links, only those it must read are queued (see the class).
        """
        # Most of the nodes of the clusters a link touches are dirty already: left out first.
        keys = list(dict.fromkeys([key for key in keys if key not in self.dirty]))
        if not keys:
            return
        read = {key for key in keys if self._reads_links(key)}
        if len(read) > 1:  # made at once: a cluster's nodes are marked together
            _read_ahead(self.links, read)
        dirty, links, near, queued, streamed, queue = (
            self.dirty,
            self.links,
            self.near,
            self.queued,
            self.streamed,
            self.queue,
        )
        for key in keys:
            dirty.add(key)
            root = self.old_root_of.get(key)
            if root is not None and root not in self.streaming:  # most are streamed already
                self._stream(root)
            # The replay's innermost loop (tens of thousands of links at 10^6 claims): in locals.
            for link in links.get(key, ()) if key in read else near.get(key, ()):
                order = (-link.score, link.first, link.second)  # `_link_order`
                if (after is not None and order <= after) or order in queued or order in streamed:
                    continue
                # Neither queued nor taken before (streamed): a link the previous run did not take.
                queued.add(order)
                heapq.heappush(queue, (*order, link))  # `_push`

    def _reads_links(self, key: str) -> bool:
        """Whether a node marked dirty reads its own links: new, tainted or giving no time."""
        root = self.old_root_of.get(key)
        return root is None or root in self.tainted or _timeless(self.nodes[key])


def _union(root: dict[str, str], members: dict[str, list[str]], first: str, second: str) -> None:
    """Join the clusters of two nodes as `MentionClusterer._greedy` does: the first's root stays.

    Nothing changes if the nodes are in one cluster already. A node alone is
    in neither mapping, and a root is not in `root`: both are their own
    root. Only the second cluster's nodes are rooted again: rooting both
    again wrote three times as many keys at 10^6 simulated claims (280,000
    against 94,000 an update). The first's root is kept even when its cluster
    is the smaller one, as the previous run's roots are compared against it.
    """
    a, b = root.get(first, first), root.get(second, second)
    if a == b:
        return
    moved = members.pop(b, None) or [b]
    kept = members.get(a)
    if kept is None:
        members[a] = [a, *moved]
    else:
        kept.extend(moved)
    for key in moved:
        root[key] = a
