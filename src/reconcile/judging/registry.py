"""The registry of strategies by name.

The built-ins are registered first; a third-party package adds its own
through the entry-point group ``reconcile.strategies`` (each entry point names
a strategy object or a zero-argument factory; one whose name is taken is
skipped with a warning, so no package can silently replace a built-in), or at
run time with `register`.
"""

from __future__ import annotations

import warnings
from importlib.metadata import entry_points

from reconcile.errors import ReconcileError, UsageError
from reconcile.judging.builtin import BUILTIN_STRATEGIES
from reconcile.judging.strategy import Strategy
from reconcile.model.schema import AttributeSchema, ValueKind

ENTRY_POINT_GROUP = "reconcile.strategies"


class UnknownStrategyError(ReconcileError, KeyError):
    """No strategy is registered under the name asked for."""

    def __str__(self) -> str:
        return str(self.args[0])


_REGISTRY: dict[str, Strategy] = {}
_ENTRY_POINTS_LOADED = False


def register(strategy: Strategy, *, name: str | None = None, replace: bool = False) -> Strategy:
    """Add `strategy` to the registry under `name` (its own name by default) and return it.

    Registering a second strategy under a taken name is an error unless
    `replace` is true, so that two packages cannot silently shadow each other.
    """
    if not isinstance(strategy, Strategy):
        raise TypeError(f"a strategy needs a name and a reconcile(group) method, got {strategy!r}")
    _load_entry_points()  # built-ins first, so that taking one of their names is caught
    key = name or strategy.name
    if key in _REGISTRY and not replace and _REGISTRY[key] is not strategy:
        raise ValueError(f"a strategy named {key!r} is registered already; pass replace=True")
    _REGISTRY[key] = strategy
    return strategy


def get(name: str) -> Strategy:
    """The strategy registered under `name`, loading third-party entry points on first use."""
    _load_entry_points()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownStrategyError(
            f"no strategy named {name!r}; available: {', '.join(available())}"
        ) from None


def available() -> list[str]:
    """The names of every registered strategy, sorted."""
    _load_entry_points()
    return sorted(_REGISTRY)


def kinds_of(strategy: Strategy) -> tuple[ValueKind, ...] | None:
    """The kinds of value a strategy says it reconciles, or None when it does not say.

    A strategy says so with a `kinds` attribute, as the built-ins do; one
    without it (a plain function, a combinator) is trusted with any kind.
    """
    kinds: tuple[ValueKind, ...] | None = getattr(strategy, "kinds", None)
    return kinds


def fitting(kind: ValueKind) -> list[str]:
    """The names of the registered strategies that say they reconcile values of `kind`."""
    return [name for name in available() if kind in (kinds_of(get(name)) or ())]


def check_fit(strategy: Strategy, schema: AttributeSchema) -> None:
    """Raise `UsageError` when `strategy` says it cannot reconcile the attribute's kind of value.

    A figures strategy given a category attribute would find nothing it can
    read and answer `insufficient` for every event: a mistake in the call,
    not a finding about the data.
    """
    kinds = kinds_of(strategy)
    if kinds is None or schema.kind in kinds:
        return
    raise UsageError(
        f"the strategy {strategy.name!r} reconciles {_kinds_text(kinds)} values, but "
        f"{schema.name!r} is a {schema.kind.value} attribute; strategies for "
        f"{schema.kind.value} values: {', '.join(fitting(schema.kind)) or 'none'}"
    )


def _kinds_text(kinds: tuple[ValueKind, ...]) -> str:
    return " or ".join(kind.value for kind in kinds)


def _load_entry_points() -> None:
    """Register the built-ins and the strategies of installed packages, once."""
    global _ENTRY_POINTS_LOADED
    if _ENTRY_POINTS_LOADED:
        return
    _ENTRY_POINTS_LOADED = True
    for builtin in BUILTIN_STRATEGIES:
        _REGISTRY.setdefault(builtin.name, builtin)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name in _REGISTRY:
            warnings.warn(
                f"the strategy {entry.name!r} from the entry point {entry.value!r} is not loaded: "
                "that name is taken",
                stacklevel=2,
            )
            continue
        loaded = entry.load()
        strategy = (
            loaded() if isinstance(loaded, type) or not isinstance(loaded, Strategy) else loaded
        )
        _REGISTRY[entry.name] = strategy
