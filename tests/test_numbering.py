"""Event ids numbered as a full run numbers them, and again by an update (`linking.numbering`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reconcile.linking.cluster import EventCluster
from reconcile.linking.numbering import numbered, numbered_again
from reconcile.model.event import Event

BASES = ["x", "x-2", "x-3", "x-2-2", "x-10", "x-2009", "x-2009-06", "y", "y-2"]
"""Bases that contest one another's ids: "x-2" is the second "x" too, "x-2009-06" the sixth "x-2009"."""

ROOTS = st.text(alphabet="abcde", min_size=1, max_size=2)


def cluster(base: str, *, declared: bool = False) -> EventCluster:
    """A cluster whose event has `base` as its id, not yet numbered."""
    event = Event(id=base, label="an event")
    return EventCluster(event=event, mentions=(), claims=(), links=(), declared=declared)


def clusters(roots: set[str], declared: set[str], data: st.DataObject) -> dict[str, EventCluster]:
    """A cluster by root, each of a base drawn, some of them declared events (each id once)."""
    made = {}
    free = sorted(declared)
    for root in sorted(roots):
        declares: bool = data.draw(st.booleans())
        if free and declares:
            made[root] = cluster(free.pop(data.draw(st.integers(0, len(free) - 1))), declared=True)
        else:
            made[root] = cluster(data.draw(st.sampled_from(BASES)))
    return made


def test_a_full_run_numbers_the_ids_it_takes_in_the_order_of_the_roots() -> None:
    made = {"b": cluster("x"), "a": cluster("x"), "c": cluster("x-2"), "d": cluster("y")}
    numbering, placed = numbered(made, frozenset({"y"}))
    ids = {root: found.event.id for root, found in numbering.clusters.items()}
    # "a" comes first; "b" takes "x-2", so "c" (of base "x-2") takes "x-2-2"; "y" is declared.
    assert ids == {"a": "x", "b": "x-2", "c": "x-2-2", "d": "y-2"}
    assert placed == ["a", "b", "c", "d"]
    assert numbering.roots == {event_id: root for root, event_id in ids.items()}
    assert numbering.by_base == {"x": ("a", "b"), "x-2": ("c",), "y": ("d",)}


def test_a_new_cluster_that_comes_first_moves_the_kept_ones_of_its_base_along() -> None:
    previous, _ = numbered({"b": cluster("x"), "c": cluster("x"), "d": cluster("x-3")}, frozenset())
    # "a" takes "x": "b" takes "x-2", "c" then "x-3", and so "d" (of base "x-3") "x-3-2".
    again, placed = numbered_again(previous, {"a": cluster("x")}, set(), frozenset())
    ids = {root: found.event.id for root, found in again.clusters.items()}
    assert ids == {"a": "x", "b": "x-2", "c": "x-3", "d": "x-3-2"}
    assert placed == ["a", "b", "c", "d"]
    # Gone again, and every kept cluster takes back the id it had.
    back, placed = numbered_again(again, {}, {"a"}, frozenset())
    assert back.clusters == previous.clusters
    assert back.roots == previous.roots
    assert placed == ["b", "c", "d"]


def test_an_id_freed_goes_to_the_next_cluster_of_the_base_it_was_made_from() -> None:
    made = {"a": cluster("x-2"), "b": cluster("x"), "c": cluster("x")}
    previous, _ = numbered(made, frozenset())
    assert previous.clusters["c"].event.id == "x-3"  # "a" took "x-2" before "c" came
    # With "a" gone, "x-2" is free: "c", of base "x", takes it as a full run would.
    again, placed = numbered_again(previous, {}, {"a"}, frozenset())
    assert again.clusters["c"].event.id == "x-2"
    assert again.roots == {"x": "b", "x-2": "c"}
    assert placed == ["c"]


def test_a_cluster_made_again_keeps_its_id_unless_its_base_or_declaration_changed() -> None:
    previous, _ = numbered({"a": cluster("x"), "b": cluster("x"), "c": cluster("y")}, frozenset())
    # "b" grows under the base it had: it keeps "x-2", its base's second id.
    again, placed = numbered_again(previous, {"b": cluster("x")}, set(), frozenset())
    assert again.clusters["b"].event.id == "x-2"
    assert placed == ["b"]
    # "c" becomes the declared event "x-2": its own id, and "b" takes the next.
    declared = frozenset({"x-2"})
    previous, _ = numbered({"a": cluster("x"), "b": cluster("x"), "c": cluster("x-2")}, declared)
    assert previous.clusters["c"].event.id == "x-2-2"
    again, placed = numbered_again(previous, {"c": cluster("x-2", declared=True)}, set(), declared)
    assert again.clusters["c"].event.id == "x-2"
    assert placed == ["c"]


@given(
    st.sets(ROOTS, max_size=8),
    st.sets(ROOTS, max_size=4),
    st.sets(st.sampled_from(BASES), max_size=3),
    st.data(),
)
def test_an_update_numbers_the_clusters_as_a_full_run_of_all_of_them(
    before: set[str], new: set[str], declared_ids: set[str], data: st.DataObject
) -> None:
    declared = frozenset(declared_ids)
    # The roots after: most of those before (an update keeps most clusters), and some new.
    after = {root for root in before if data.draw(st.integers(0, 3))} | new
    first = clusters(before, set(declared_ids), data)
    previous, _ = numbered(first, declared)
    # Kept as they were: some roots of both runs; made again: every other root of the second,
    # some of them under the base they had (as most clusters an update grows), as new objects.
    kept = {root for root in before & after if data.draw(st.booleans())}
    alike = {root for root in (before & after) - kept if data.draw(st.booleans())}
    made = {root: cluster(first[root].event.id, declared=first[root].declared) for root in alike}
    taken = {first[root].event.id for root in kept | alike if first[root].declared}
    made.update(clusters(after - kept - alike, set(declared_ids) - taken, data))
    gone = before - after
    again, placed = numbered_again(previous, made, gone, declared)
    expected, _ = numbered({**{root: first[root] for root in kept}, **made}, declared)
    assert again.clusters == expected.clusters
    assert again.roots == expected.roots
    assert again.bases == expected.bases
    assert again.by_base == expected.by_base
    # Placed again: the clusters made again, and the kept ones whose id changed.
    renumbered = {
        root for root in kept if again.clusters[root].event.id != previous.clusters[root].event.id
    }
    assert placed == sorted({*made, *renumbered})
    for root in kept - renumbered:
        assert again.clusters[root] is previous.clusters[root]
