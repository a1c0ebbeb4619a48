"""The cyclic garbage collector is paused during the long stages and restored after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

import reconcile
from reconcile.collector import collector_paused

ASHRAF = Path(__file__).parent.parent / "examples" / "ashraf" / "ashraf.yaml"


@pytest.fixture
def tiny_dataset() -> reconcile.Dataset:
    return reconcile.load(ASHRAF)


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_reconcile_runs_with_the_collector_paused_and_restores_it(
    tiny_dataset: reconcile.Dataset, collector_on: None
) -> None:
    seen: list[bool] = []
    reconcile.reconcile(tiny_dataset, progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen
    assert not any(seen)
    assert gc.isenabled()


def test_load_runs_with_the_collector_paused(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    original = reconcile.Dataset.__init__

    def watched(self: reconcile.Dataset, *args: object, **kwargs: object) -> None:
        seen.append(gc.isenabled())
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reconcile.Dataset, "__init__", watched)
    reconcile.load(ASHRAF)
    assert seen
    assert not any(seen)
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


def test_a_collector_the_caller_turned_off_stays_off(tiny_dataset: reconcile.Dataset) -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        reconcile.reconcile(tiny_dataset)
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
