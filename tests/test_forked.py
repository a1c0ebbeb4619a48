"""Work split with a forked child gives what one process gives, and leaves no process behind."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reconcile import processes
from reconcile.linking import forked
from reconcile.linking.forked import in_two
from reconcile.processes import forked_child, usable_processes

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="this system cannot fork"
)


def _parts() -> list[int]:
    return list(range(23))


def _work(part: int) -> tuple[np.ndarray, ...]:
    # Arrays of several dtypes and lengths, one of them empty, worked out from the part alone.
    return (
        np.arange(part, dtype=np.int64) * part,
        np.full(part % 4, part / 7.0),
        np.arange(part % 3) % 2 == 0,
    )


def _expected() -> list[tuple[np.ndarray, ...]]:
    return [_work(part) for part in _parts()]


def _same(found: list[tuple[np.ndarray, ...]], expected: list[tuple[np.ndarray, ...]]) -> None:
    assert len(found) == len(expected)
    for got, wanted in zip(found, expected, strict=True):
        assert [a.dtype for a in got] == [a.dtype for a in wanted]
        assert all(np.array_equal(a, b) for a, b in zip(got, wanted, strict=True))


class _Tally:
    """The parts this process worked, and how many the child forked after it worked."""

    def __init__(self) -> None:
        self.parent = os.getpid()
        self.here: list[int] = []
        self.child = multiprocessing.get_context("fork").Value("i", 0)

    def worked(self, part: int) -> bool:
        """Count the part as worked by whichever process asks: whether it is this one."""
        if os.getpid() == self.parent:
            self.here.append(part)
            return True
        with self.child.get_lock():
            self.child.value += 1
        return False


@pytest.fixture
def tally(monkeypatch: pytest.MonkeyPatch) -> _Tally:
    """Runs of one part each, and who works which."""
    monkeypatch.setattr(forked, "RUN_WEIGHT", 1)
    return _Tally()


@needs_fork
def test_two_processes_give_each_parts_result_in_order(tally: _Tally) -> None:
    # This process waits on its first part until the child has done one, and the child is
    # slow: both do some.
    def work(part: int) -> tuple[np.ndarray, ...]:
        if tally.worked(part):
            _wait_for(lambda: tally.child.value >= 1)
        else:
            time.sleep(0.01)
        return _work(part)

    _same(in_two(_parts, work, lambda part: 1, processes=2), _expected())
    assert 0 < len(tally.here) < len(_parts())
    assert tally.here == sorted(tally.here)
    assert not multiprocessing.active_children()


@needs_fork
def test_a_child_started_early_works_alone_until_this_process_joins_in(tally: _Tally) -> None:
    def work(part: int) -> tuple[np.ndarray, ...]:
        if not tally.worked(part) and part >= 10:
            time.sleep(0.05)  # the child slows down: this process takes parts from then on
        return _work(part)

    with forked.started_in_two(_parts, work, lambda part: 1, processes=2) as results:
        _wait_for(lambda: tally.child.value >= 5)  # other work, while the child starts alone
        found = results()
    _same(found, _expected())
    assert tally.here, "this process joined in"
    assert min(tally.here) >= 5, "the parts the child had taken are left to it"
    assert not multiprocessing.active_children()


def test_a_run_is_taken_by_the_first_process_to_reach_it(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = forked._RunsTaken()
    assert taken.take(0)
    assert not taken.take(0)  # the other process reaches it second
    assert taken.take(3)  # runs 1 and 2 had one part too many, say: skipped
    assert not taken.take(2)
    # A lock held by a process that died is waited on only so long: the run is worked anyway.
    monkeypatch.setattr(forked, "CLAIM_WAIT", 0.01)
    taken.lock.acquire()
    assert taken.take(1)


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting for the other process"
        time.sleep(0.005)


@pytest.mark.parametrize(("processes", "semaphores"), [(1, True), (1, False), (2, False)])
def test_one_process_does_everything_here_when_told_or_without_shared_semaphores(
    monkeypatch: pytest.MonkeyPatch, processes: int, semaphores: bool
) -> None:
    def no_semaphores(self: object) -> None:
        raise OSError(38, "Function not implemented")  # as where there is no /dev/shm

    if not semaphores:
        monkeypatch.setattr(forked._RunsTaken, "__init__", no_semaphores)
    parent = os.getpid()
    pids = set()

    def work(part: int) -> tuple[np.ndarray, ...]:
        pids.add(os.getpid())
        return _work(part)

    _same(in_two(_parts, work, lambda part: 1, processes=processes), _expected())
    assert pids == {parent}
    assert not multiprocessing.active_children()


@needs_fork
def test_a_child_that_fails_leaves_its_parts_to_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forked, "RUN_WEIGHT", 1)
    parent = os.getpid()

    def work(part: int) -> tuple[np.ndarray, ...]:
        if os.getpid() != parent and part == 5:
            os._exit(3)  # the child dies midway, as if killed
        return _work(part)

    _same(in_two(_parts, work, lambda part: 1, processes=2), _expected())
    assert not multiprocessing.active_children()


@needs_fork
def test_an_error_here_ends_the_child_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "RUN_WEIGHT", 1)
    parent = os.getpid()

    def work(part: int) -> tuple[np.ndarray, ...]:
        if os.getpid() == parent:
            raise ValueError(f"bad part {part}")  # the first part this process takes
        time.sleep(0.01)  # the child is slow, so this process takes some
        return _work(part)

    with pytest.raises(ValueError, match="bad part"):
        in_two(_parts, work, lambda part: 1, processes=2)
    assert not multiprocessing.active_children()


def test_without_fork_or_a_second_core_one_process_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert usable_processes() == 1
    monkeypatch.undo()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert usable_processes() == 1


@needs_fork
def test_with_other_threads_running_one_process_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert usable_processes() == 2
    monkeypatch.undo()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert usable_processes() == 1
    finally:
        release.set()
        other.join()


@needs_fork
@pytest.mark.parametrize("window", [None, 60.0])
def test_the_links_scored_in_two_processes_are_those_of_one(
    monkeypatch: pytest.MonkeyPatch, window: float | None
) -> None:
    from reconcile import MentionClusterer
    from reconcile.linking import candidate_pairs, columnar, node_columns
    from reconcile.linking.nodes import _nodes
    from reconcile.simulate import PLACE_ALIASES, Scenario, generate

    dataset = generate(Scenario(events=40, sources=20, days=160), seed=3).dataset
    settings = MentionClusterer(places=PLACE_ALIASES, undated_window_days=window)
    clusterer = settings._with_places_of(dataset)
    nodes = clusterer._without_year_slips(_nodes(dataset))
    partners = clusterer._far_partners(nodes)
    alone = columnar.link_columns(clusterer, nodes, partners, processes=1)
    # Small chunks, and runs of one chunk: many runs to share out.
    monkeypatch.setattr(candidate_pairs, "CHUNK_PAIRS", 16)
    monkeypatch.setattr(forked, "RUN_WEIGHT", 1)
    chunks = list(candidate_pairs._time_chunks(node_columns._Columns.of(nodes), clusterer))
    assert len(chunks) > 10
    both = columnar.link_columns(clusterer, nodes, partners, processes=2)
    assert len(alone[0]) > 50
    assert np.array_equal(alone[0], both[0])
    assert np.array_equal(alone[1], both[1])
    assert alone[2] == both[2]
    assert not multiprocessing.active_children()


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Clustering in two processes at any size, in many small runs; how many each split used."""
    from reconcile.linking import candidate_pairs, columnar

    monkeypatch.setattr(columnar, "FORK_NODES", 0)
    monkeypatch.setattr(columnar, "usable_processes", lambda: 2)
    monkeypatch.setattr(candidate_pairs, "CHUNK_PAIRS", 16)
    monkeypatch.setattr(forked, "RUN_WEIGHT", 1)
    used: list[int] = []
    started = forked.started_in_two

    def counted(*args: Any, processes: int) -> Any:
        used.append(processes)
        return started(*args, processes=processes)

    monkeypatch.setattr(columnar, "started_in_two", counted)
    return used


@needs_fork
def test_the_columnar_engine_in_two_processes_finds_the_events_of_the_objects_engine(
    forks: list[int],
) -> None:
    from reconcile import ColumnarClusterer, MentionClusterer
    from reconcile.simulate import PLACE_ALIASES, Scenario, generate

    dataset = generate(Scenario(events=40, sources=20, days=160), seed=5).dataset
    settings = MentionClusterer(places=PLACE_ALIASES)
    found = ColumnarClusterer(settings=settings).cluster(dataset)
    # The chunks, shared with a forked child.
    assert forks == [2]
    assert found == settings.cluster(dataset)
    assert not multiprocessing.active_children()


@needs_fork
def test_the_state_of_a_run_whose_pairs_a_child_began_is_that_of_one_process(
    monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    from reconcile import MentionClusterer
    from reconcile.linking import columnar, node_columns
    from reconcile.linking.incremental import cluster_with_state
    from reconcile.simulate import PLACE_ALIASES, Scenario, generate

    dataset = generate(Scenario(events=40, sources=20, days=160), seed=7).dataset
    settings = MentionClusterer(places=PLACE_ALIASES)
    with monkeypatch.context() as alone_here:
        alone_here.setattr(columnar, "FORK_NODES", 1 << 62)
        alone, alone_state = cluster_with_state(settings, dataset, columnar=True)
    assert forks == [1]
    columns_made_here: list[int] = []
    make_columns = node_columns._Columns.of

    def columns_of(nodes: Any) -> Any:
        if os.getpid() == parent:
            columns_made_here.append(len(nodes))
        return make_columns(nodes)

    parent = os.getpid()
    monkeypatch.setattr(node_columns._Columns, "of", columns_of)
    both, both_state = cluster_with_state(settings, dataset, columnar=True)
    assert forks == [1, 2]
    assert columns_made_here == [], "the child made the columns and handed them over"
    assert both == alone
    assert both_state.partners == alone_state.partners
    assert both_state.members == alone_state.members
    assert {root: tuple(pairs) for root, pairs in both_state.taken_in.items()} == {
        root: tuple(pairs) for root, pairs in alone_state.taken_in.items()
    }
    assert not multiprocessing.active_children()


def _made_in(pids: list[int]) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        pids.append(os.getpid())
        # Far more than a pipe holds: the child must not wait for this process to read.
        return {"pid": os.getpid(), "figures": np.arange(1_000_000)}

    return make


@needs_fork
def test_a_value_the_child_works_out_is_handed_over_as_it_comes() -> None:
    made_here: list[int] = []
    handed = forked.HandedOver(_made_in(made_here))

    def in_the_child(_sender: object) -> None:
        handed.get()

    with forked_child(in_the_child) as (_receiver, child):
        handed.listen()
        child.join(timeout=30)  # this process busy elsewhere: the child sends all the same
        assert child.exitcode == 0
        value = handed.get()
    handed.close()
    assert made_here == []  # the child's list is its own: nothing was made here
    assert value["pid"] != os.getpid()
    assert np.array_equal(value["figures"], np.arange(1_000_000))
    assert handed.get() is value  # taken in once


@needs_fork
def test_a_value_a_dead_child_never_sent_is_worked_out_here() -> None:
    made_here: list[int] = []
    handed = forked.HandedOver(_made_in(made_here))
    with forked_child(lambda sender: os._exit(3)) as (_receiver, _child):
        handed.listen()
        value = handed.get()
    handed.close()
    assert made_here == [os.getpid()]
    assert value["pid"] == os.getpid()


def test_without_a_child_the_value_is_worked_out_here() -> None:
    made_here: list[int] = []
    handed = forked.HandedOver(_made_in(made_here))
    assert handed.get()["pid"] == os.getpid()
    assert handed.get() is handed.get()
    handed.close()
    assert made_here == [os.getpid()]


@pytest.mark.skipif(not Path("/proc/sys/fs/pipe-max-size").exists(), reason="not Linux")
def test_the_pipe_a_value_is_handed_over_in_holds_a_mebibyte_where_linux_allows() -> None:
    import fcntl

    allowed = int(Path("/proc/sys/fs/pipe-max-size").read_text(encoding="ascii"))
    handed: forked.HandedOver[dict[str, Any]] = forked.HandedOver(dict)
    try:
        held = fcntl.fcntl(handed._receiver.fileno(), fcntl.F_GETPIPE_SZ)
    finally:
        handed.close()
    assert held == min(allowed, forked.MAX_PIPE_BYTES)  # 64 KiB unless grown


@pytest.mark.skipif(processes._malloc_trim() is None, reason="the C library has no malloc_trim")
def test_freed_memory_of_the_c_heap_is_given_back_before_a_fork() -> None:
    # Texts of 4 kB go to the C heap (Python's own allocator takes 512 bytes at most); one
    # in fifty kept alive, the heap cannot shrink from its top, and holds 200 MB it freed.
    page = os.sysconf("SC_PAGE_SIZE")
    texts = [os.urandom(4096) for _ in range(50_000)]
    kept = texts[::50]
    del texts
    before = processes.resident_memory()
    processes.give_back_free_memory()
    after = processes.resident_memory()
    assert before is not None
    assert after is not None
    assert before - after > 100 << 20, (before // page, after // page)
    assert all(len(text) == 4096 for text in kept)  # what is alive is left as it was


def _with_a_slip_of_the_year() -> Any:
    """A generated dataset, and three mentions of one attack: two of 1 September 2013 and one,
    alone, of 1 September 2012 (a typo), which clustering undates."""
    import attrs

    from reconcile import Claim, EventMention, Quantity, Source, TimeSpan
    from reconcile.simulate import Scenario, generate

    dataset = generate(Scenario(events=30, sources=15, days=160), seed=11).dataset
    told = [
        ("attack on Camp Ashraf", (2013, 9, 1)),
        ("raid on Camp Ashraf", (2013, 9, 1)),
        ("attack on Camp Ashraf", (2012, 9, 1)),
    ]
    claims = [
        Claim(
            id=f"slip-{index}",
            source="slip-source",
            attribute="killed",
            value=Quantity.exact(1),
            mention=EventMention(
                label=label, when=TimeSpan.day(*day), where="Camp Ashraf", kind="attack"
            ),
        )
        for index, (label, day) in enumerate(told)
    ]
    return attrs.evolve(
        dataset,
        sources=[*dataset.sources, Source(id="slip-source")],
        claims=[*dataset.claims, *claims],
    )


@needs_fork
def test_a_child_that_mends_the_slips_of_the_year_on_its_columns_gives_the_state_of_one_process(
    monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    from reconcile import MentionClusterer
    from reconcile.linking import columnar
    from reconcile.linking.incremental import cluster_with_state
    from reconcile.simulate import PLACE_ALIASES

    dataset = _with_a_slip_of_the_year()
    settings = MentionClusterer(places=PLACE_ALIASES)
    with monkeypatch.context() as alone_here:
        alone_here.setattr(columnar, "FORK_NODES", 1 << 62)
        alone, alone_state = cluster_with_state(settings, dataset, columnar=True)
    both, both_state = cluster_with_state(settings, dataset, columnar=True)
    assert forks == [1, 2]
    assert len(alone_state.slipped) == 1
    assert both == alone
    assert both_state.slipped == alone_state.slipped
    assert both_state.members == alone_state.members
    assert not multiprocessing.active_children()


@needs_fork
def test_columns_mended_otherwise_than_the_nodes_are_an_error_not_another_result(
    monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    from reconcile import MentionClusterer
    from reconcile.linking import columnar
    from reconcile.linking.incremental import cluster_with_state

    # The child (a copy of this process) finds no slip on its columns; the nodes have one.
    monkeypatch.setattr(columnar, "_year_slips", lambda run: np.zeros(0, np.int64))
    with pytest.raises(RuntimeError, match="slips of the year"):
        cluster_with_state(MentionClusterer(), _with_a_slip_of_the_year(), columnar=True)
    assert not multiprocessing.active_children()
