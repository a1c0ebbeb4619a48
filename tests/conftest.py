"""Hypothesis profiles, and the data that lives beside the repository rather than in it.

Profiles, chosen by the HYPOTHESIS_PROFILE environment variable:

- ``dev`` (the default, what the README's command runs): few examples, random.
- ``ci`` (what `.ci/run` uses): 200 examples, derandomised, so that a CI
  failure reproduces on any machine with the same command. Two hundred
  rather than 300 keeps `.ci/run` within its 15 minutes on a slow machine:
  at 300 the whole run took 15 min 20 s on 7 December (the tests 777 s),
  where it had taken under ten minutes the day before.
- ``nightly``: many examples, random, to explore; run it by hand or on a schedule.

No profile checks speed: a test never fails because the machine is slow or busy.

The seed articles and the public truth-discovery benchmarks live in
``../shared/`` beside a checkout, not in the repository. Tests that need them
ask for the ``seed_articles`` or ``benchmark_data`` fixture, which skips with
a reason naming the missing folder, or fails when RECONCILE_REQUIRE_DATA=1
(as CI sets it, so that CI still runs every test).

``huge_pages`` reads NumPy's switch of transparent huge pages (on to start
with) and ``setting_noted`` notes it wherever a function runs: the tests of
`reconcile.pages` and of its uses.

``fuzz`` is the long run of the loaders' fuzzing
(`tests/hostile/test_fuzz_loaders.py`, 25,000 examples per test), for a run by
hand: ``HYPOTHESIS_PROFILE=fuzz python -m pytest tests/hostile/test_fuzz_loaders.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared"
REQUIRE_DATA = "RECONCILE_REQUIRE_DATA"

# Health checks that time example generation would fail a correct test on a loaded machine.
_SPEED_CHECKS = [HealthCheck.too_slow]
settings.register_profile(
    "dev", max_examples=30, deadline=None, suppress_health_check=_SPEED_CHECKS
)
settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True, suppress_health_check=_SPEED_CHECKS
)
settings.register_profile(
    "nightly", max_examples=2000, deadline=None, suppress_health_check=_SPEED_CHECKS
)
settings.register_profile(
    "fuzz",
    max_examples=25_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def missing_data(message: str) -> None:
    """Skip the test for want of data outside the repository, or fail it where data is required."""
    if os.environ.get(REQUIRE_DATA) == "1":
        pytest.fail(f"{message} ({REQUIRE_DATA}=1, so missing data is a failure)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def seed_articles() -> Path:
    """The five Camp Ashraf seed articles, in ``../shared/seeds`` beside the repository."""
    folder = SHARED / "seeds"
    if not folder.is_dir():
        missing_data(
            f"the seed articles are not at {folder}: this test compares the example's "
            "documents with them; a checkout of the project's workspace has them there"
        )
    return folder


@pytest.fixture(scope="session")
def benchmark_data() -> Path:
    """The public truth-discovery datasets, in ../shared/benchmarks or $RECONCILE_BENCHMARK_DATA."""
    from benchmarks import truth_datasets

    try:
        return truth_datasets.data_root()
    except truth_datasets.MissingDataError as error:
        missing_data(str(error))
        raise  # unreachable: missing_data skips or fails


@pytest.fixture
def huge_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], bool]]:
    """NumPy's huge-page setting, read without changing it: on to start with, the user's
    environment variable unset; NumPy's setting as it was restored after."""
    import numpy  # noqa: F401 (its switch is found among the imported modules)

    from reconcile import pages  # imports no NumPy

    monkeypatch.delenv(pages.NUMPY_SETTING, raising=False)
    setter = pages._huge_page_setter()
    assert setter is not None, "NumPy is imported: its switch must be found"
    before = setter(True)

    def read() -> bool:
        now = setter(True)
        setter(now)
        return now

    yield read
    setter(before)


@pytest.fixture
def setting_noted(
    monkeypatch: pytest.MonkeyPatch, huge_pages: Callable[[], bool]
) -> Callable[[object, str], list[bool]]:
    """Replaces `owner.name` with a function that notes NumPy's setting, then calls it."""

    def note(owner: object, name: str) -> list[bool]:
        function = getattr(owner, name)
        seen: list[bool] = []

        def noting(*args: Any, **kwargs: Any) -> Any:
            seen.append(huge_pages())
            return function(*args, **kwargs)

        monkeypatch.setattr(owner, name, noting)
        return seen

    return note
