"""The public names are exactly those exported, and each is documented."""

from __future__ import annotations

import inspect
import types

import pytest

import reconcile
import reconcile.simulate
import reconcile.testing

MODULES = [reconcile, reconcile.testing, reconcile.simulate]


def defined_names(module: types.ModuleType, origin: str) -> set[str]:
    """Public names bound in `module` to things defined in modules whose name starts with `origin`."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and getattr(value, "__module__", "").startswith(origin)
    }


def test_reconcile_exports_exactly_its_public_names() -> None:
    assert reconcile.__all__ == sorted(reconcile.__all__)
    assert set(reconcile.__all__) == defined_names(reconcile, "reconcile.")


def test_simulate_exports_exactly_what_it_defines() -> None:
    defined = defined_names(reconcile.simulate, "reconcile.simulate") | {"PLACE_ALIASES"}
    assert reconcile.simulate.__all__ == sorted(reconcile.simulate.__all__)
    assert set(reconcile.simulate.__all__) == defined


def test_testing_exports_exactly_the_strategies_it_defines() -> None:
    assert reconcile.testing.__all__ == sorted(reconcile.testing.__all__)
    assert set(reconcile.testing.__all__) == defined_names(reconcile.testing, "reconcile.testing")


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_every_public_name_and_its_public_methods_are_documented(module: types.ModuleType) -> None:
    undocumented = []
    for name in module.__all__:
        value = getattr(module, name)
        if not inspect.getdoc(value):
            undocumented.append(name)
        if inspect.isclass(value):
            for member_name, member in vars(value).items():
                if member_name.startswith("_") or (
                    not callable(member) and not isinstance(member, property)
                ):
                    continue
                if not inspect.getdoc(member):
                    undocumented.append(f"{name}.{member_name}")
    assert undocumented == []


def test_importing_reconcile_stays_light() -> None:
    import subprocess
    import sys

    code = "import sys, reconcile; print(sorted(m for m in ('hypothesis', 'pandas', 'numpy', 'click') if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"
