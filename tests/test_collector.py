"""The cyclic garbage collector is paused during the long stages and restored after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
