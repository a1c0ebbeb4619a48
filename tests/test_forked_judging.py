"""Events judged in two processes give what one process gives, and leave no process behind."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile import MentionClusterer, pipeline, processes, reconcile
from reconcile.judging.finding import Finding
from reconcile.judging.group import ClaimGroup
from reconcile.judging.registry import get
from reconcile.model.dataset import Dataset
from reconcile.pipeline import Reconciliation
from reconcile.processes import results_in_two, room_for_a_copy
from reconcile.simulate import PLACE_ALIASES, Scenario, generate

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="this system cannot fork"
)
PARENT = os.getpid()


def _worked(part: int) -> tuple[int, int]:
    """The part's square, and the process that worked it out."""
    return part * part, os.getpid()


@needs_fork
def test_the_child_works_the_later_parts_and_each_result_comes_in_order() -> None:
    found = list(results_in_two(_worked, range(20), own=8, processes=2))
    assert [square for square, _ in found] == [part * part for part in range(20)]
    workers = [pid for _, pid in found]
    assert workers[:8] == [PARENT] * 8
    assert PARENT not in workers[8:]
    assert len(set(workers[8:])) == 1
    assert not multiprocessing.active_children()


def test_one_process_works_every_part_when_told_so_or_when_it_owns_them_all() -> None:
    for own, count in ((3, 1), (20, 2), (25, 2)):
        found = list(results_in_two(_worked, range(20), own=own, processes=count))
        assert found == [(part * part, PARENT) for part in range(20)]


@needs_fork
@settings(max_examples=20, deadline=None)  # each example forks a child
@given(
    parts=st.lists(st.integers(-1000, 1000), max_size=12),
    own=st.integers(0, 14),
    count=st.sampled_from([1, 2]),
)
def test_results_in_two_are_the_results_of_one_process(
    parts: list[int], own: int, count: int
) -> None:
    found = list(results_in_two(_worked, parts, own=own, processes=count))
    assert [square for square, _ in found] == [part * part for part in parts]
    assert not multiprocessing.active_children()


@needs_fork
def test_this_process_works_the_childs_parts_when_the_child_fails() -> None:
    def failing_in_child(part: int) -> tuple[int, int]:
        if part == 15 and os.getpid() != PARENT:
            raise RuntimeError("the child's copy fails")
        return _worked(part)

    found = list(results_in_two(failing_in_child, range(20), own=8, processes=2))
    # The child sends nothing when a part fails: every part is worked here.
    assert found == [(part * part, PARENT) for part in range(20)]
    assert not multiprocessing.active_children()


@needs_fork
def test_an_error_of_the_work_is_raised_here_and_no_child_is_left() -> None:
    def failing(part: int) -> tuple[int, int]:
        if part == 12:
            raise ValueError(f"part {part} cannot be worked")
        return _worked(part)

    with pytest.raises(ValueError, match="part 12 cannot be worked"):
        list(results_in_two(failing, range(20), own=8, processes=2))
    assert not multiprocessing.active_children()


@needs_fork
def test_leaving_the_results_early_ends_the_child() -> None:
    results = results_in_two(_worked, range(20), own=8, processes=2)
    assert next(results) == (0, PARENT)
    results.close()
    assert not multiprocessing.active_children()


def test_room_for_a_copy_is_the_memory_available_against_this_processs_resident_size(
    tmp_path: Path,
) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:  1000 kB\nMemAvailable:  4 kB\n", encoding="ascii")
    assert not room_for_a_copy(meminfo)  # no process is resident in 4 kB
    meminfo.write_text("MemAvailable:  1099511627776 kB\nCached:  3 kB\n", encoding="ascii")
    assert room_for_a_copy(meminfo) is (Path("/proc/self/statm").exists())
    meminfo.write_text("MemTotal:  1099511627776 kB\n", encoding="ascii")
    assert not room_for_a_copy(meminfo)  # it does not say
    assert not room_for_a_copy(tmp_path / "absent")


# -- the pipeline ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return generate(Scenario(events=50, sources=20, days=120), seed=11).dataset


def _run(data: Dataset, **options: Any) -> Reconciliation:
    return reconcile(data, clusterer=MentionClusterer(places=PLACE_ALIASES), **options)


@pytest.fixture
def in_two(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Judging split between processes at any size, by chunks of about 40 claims.

    Yields the processes given to each run whose judging was split (none for a run judged
    in one process).
    """
    monkeypatch.setattr(pipeline, "JUDGE_FORK_CLAIMS", 0)
    monkeypatch.setattr(pipeline, "JUDGE_CHUNK_CLAIMS", 40)
    monkeypatch.setattr(pipeline, "usable_processes", lambda: 2)
    monkeypatch.setattr(pipeline, "room_for_a_copy", lambda: True)
    given: list[int] = []

    def counted(work: Callable[..., Any], parts: Any, *, own: int, processes: int) -> Any:
        given.append(processes)
        return results_in_two(work, parts, own=own, processes=processes)

    monkeypatch.setattr(pipeline, "results_in_two", counted)
    yield given
    assert not multiprocessing.active_children()


@needs_fork
def test_events_judged_in_two_processes_give_the_findings_of_one(
    dataset: Dataset, in_two: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    received: list[object] = []
    results: Callable[[Any], Iterator[Any]] = processes._results

    def counted(receiver: Any) -> Iterator[Any]:
        for result in results(receiver):
            received.append(result)
            yield result

    monkeypatch.setattr(processes, "_results", counted)
    both = _run(dataset)
    assert in_two == [2]
    assert len(received) > 3  # the child judged several chunks
    monkeypatch.setattr(pipeline, "JUDGE_FORK_CLAIMS", 1 << 62)
    alone = _run(dataset)
    assert in_two == [2]  # the second run judged in one process
    # The same text, keys in the same order: the strategies listed as one process met them.
    assert json.dumps(both.to_dict()) == json.dumps(alone.to_dict())


@needs_fork
def test_the_strategies_are_listed_in_the_order_the_events_first_use_them(
    dataset: Dataset, in_two: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The perpetrator is claimed in the last event alone, which the child judges: this
    # process judges the first chunk only. It learns of that strategy from the child.
    last = set(_run(dataset).events[-1].claims)
    kept = [c for c in dataset.claims if c.attribute != "perpetrator" or c.id in last]
    late = attrs.evolve(dataset, claims=tuple(kept))
    monkeypatch.setattr(pipeline, "JUDGE_OWN_SHARE", 0.0)
    both = _run(late)
    monkeypatch.setattr(pipeline, "JUDGE_FORK_CLAIMS", 1 << 62)
    alone = _run(late)
    assert in_two == [2, 2]  # the run that found the events, and `both`
    assert list(alone.strategies)[-1] == "perpetrator"
    assert list(both.strategies) == list(alone.strategies)
    assert json.dumps(both.to_dict()) == json.dumps(alone.to_dict())


class _Counting:
    """A strategy of someone else's: the built-in weighted vote, counting the groups it judges."""

    def __init__(self) -> None:
        self.inner = get("weighted-vote")
        self.name = "counting"
        self.judged = 0

    def reconcile(self, group: ClaimGroup) -> Finding:
        self.judged += 1
        return self.inner.reconcile(group)


@needs_fork
def test_someone_elses_strategy_judges_every_event_in_this_process(
    dataset: Dataset, in_two: list[int]
) -> None:
    counting = _Counting()
    attribute = next(
        schema.name
        for schema in dataset.claimed_schemas.values()
        if schema.kind.value == "category"
    )
    result = _run(dataset, strategies={attribute: counting})
    assert in_two == []
    judged = sum(1 for finding in result.findings if finding.attribute == attribute)
    assert counting.judged == judged > 0


@needs_fork
def test_judging_stays_in_one_process_without_memory_to_spare_for_a_child(
    dataset: Dataset, in_two: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "room_for_a_copy", lambda: False)
    _run(dataset)
    assert in_two == []


def test_in_one_process_progress_is_told_as_each_event_is_judged(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    judged: list[int] = []
    told: list[tuple[int, int]] = []
    event = pipeline._Judge.event

    def counted(self: Any, cluster: Any, kept: Any = None) -> Any:
        judged.append(1)
        return event(self, cluster, kept)

    monkeypatch.setattr(pipeline._Judge, "event", counted)
    result = _run(dataset, progress=lambda done, _total: told.append((done, len(judged))))
    assert len(result.events) > 10
    assert told == [(done, done) for done in range(1, len(result.events) + 1)]
