"""The cyclic garbage collector is paused during the long stages and restored after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import reconcile
from reconcile.collector import collector_paused

ASHRAF = Path(__file__).parent.parent / "examples" / "ashraf" / "ashraf.yaml"


@pytest.fixture
def ashraf() -> reconcile.Dataset:
    return reconcile.load(ASHRAF)


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_reconcile_runs_with_the_collector_paused_and_restores_it(
    ashraf: reconcile.Dataset, collector_on: None
) -> None:
    seen: list[bool] = []
    reconcile.reconcile(ashraf, progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen
    assert not any(seen)
    assert gc.isenabled()


def test_load_runs_with_the_collector_paused(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    check_paths = reconcile.io.files.check_paths

    def watched(*args: Any, **kwargs: Any) -> str:
        seen.append(gc.isenabled())
        return check_paths(*args, **kwargs)

    monkeypatch.setattr(reconcile.io.files, "check_paths", watched)
    reconcile.load(ASHRAF)
    reconcile.load.__wrapped__(ASHRAF)  # type: ignore[attr-defined]  # unpaused: the test can fail
    assert seen == [False, True]
    assert gc.isenabled()


def test_the_collector_is_back_on_after_an_error(collector_on: None) -> None:
    seen: list[bool] = []

    def fail() -> None:
        seen.append(gc.isenabled())
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"), collector_paused():
        fail()
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(ashraf: reconcile.Dataset) -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        reconcile.reconcile(ashraf)
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_nested_pauses_restore_the_collector_once_the_outer_ends(collector_on: None) -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """The collector's permanent generation as it was: what a test froze is thawed after."""
    before = gc.get_freeze_count()
    yield
    if gc.get_freeze_count() > before:
        gc.unfreeze()


@pytest.mark.parametrize(("threshold", "frozen"), [(1_000, True), (1_000_000, False)])
def test_a_stage_freezes_what_it_made_only_from_the_threshold(
    collector_on: None,
    unfrozen: None,
    monkeypatch: pytest.MonkeyPatch,
    threshold: int,
    frozen: bool,
) -> None:
    monkeypatch.setattr(reconcile.collector, "FREEZE_OBJECTS", threshold)
    with collector_paused():
        made = [[number] for number in range(5_000)]
    assert _frozen(made[-1]) is frozen
    assert gc.isenabled()


def test_a_stage_that_says_so_freezes_what_it_made_below_the_threshold(
    collector_on: None, unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reconcile.collector, "FREEZE_OBJECTS", 1_000_000)
    with collector_paused(freeze=True):
        made = [[number] for number in range(10)]
    assert _frozen(made[-1])
    assert gc.isenabled()


@pytest.mark.parametrize(("claims", "frozen"), [(1, True), (1_000_000, False)])
def test_an_update_of_a_large_dataset_freezes_its_result(
    ashraf: reconcile.Dataset,
    collector_on: None,
    unfrozen: None,
    monkeypatch: pytest.MonkeyPatch,
    claims: int,
    frozen: bool,
) -> None:
    # Its few new objects hold copies of mappings as large as the dataset: not walked again.
    monkeypatch.setattr(reconcile.collector, "FREEZE_OBJECTS", 1_000_000)
    monkeypatch.setattr(reconcile.updating, "FROZEN_UPDATE_CLAIMS", claims)
    old = attrs.evolve(ashraf, claims=ashraf.claims[:-3])
    previous = reconcile.reconcile(old)
    gc.collect()  # what the full run made is the collector's again, frozen or not
    updated = reconcile.update(previous, ashraf.claims[-3:])
    assert _frozen(updated) is frozen
    assert gc.isenabled()


def _frozen(thing: object) -> bool:
    """Whether `thing` is frozen: the collector's generations no longer hold it.

    Told by the object, not by `gc.get_freeze_count()`: frozen objects that other
    threads free meanwhile (a Dask cluster's, left by another test) lower the count.
    """
    return not any(held is thing for held in gc.get_objects())


def test_the_long_stages_make_no_cyclic_garbage(collector_on: None) -> None:
    # What a frozen stage made is only walked after gc.unfreeze(): a reference cycle made
    # by the library in a long run would never be freed. Warmed up first: importing a
    # module for the first time makes some.
    from reconcile.simulate import PLACE_ALIASES, Scenario, generate

    data = generate(Scenario(events=40, sources=12, days=80), seed=5).dataset
    clusterer = reconcile.MentionClusterer(places=PLACE_ALIASES)

    def more(claims: Any) -> list[reconcile.Claim]:
        return [attrs.evolve(claim, id=f"again-{claim.id}") for claim in claims[:3]]

    def run() -> None:
        ashraf = reconcile.load(ASHRAF)
        result = reconcile.reconcile(data, clusterer=clusterer, engine="columnar")
        reconcile.update(result, more(data.claims))
        reconcile.update(reconcile.reconcile(ashraf), more(ashraf.claims))

    run()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        run()
        gc.collect()
        garbage = [type(thing).__name__ for thing in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert garbage == []


def test_a_stage_that_fails_leaves_what_it_made_to_the_collector(
    collector_on: None, unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reconcile.collector, "FREEZE_OBJECTS", 1_000)
    kept: list[object] = []

    def make_then_fail() -> None:
        made = [[number] for number in range(5_000)]
        kept.append(made[-1])
        raise ValueError(f"late, after {len(made)}")

    with pytest.raises(ValueError, match="late"), collector_paused():
        make_then_fail()
    assert not _frozen(kept[0])
    assert gc.isenabled()
