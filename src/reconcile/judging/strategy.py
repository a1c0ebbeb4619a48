"""The `Strategy` protocol, the adapter for plain functions, and the combinators.

A strategy turns the claims of one (event, attribute), a `ClaimGroup`, into
a `Finding`. Strategies are found by name through `reconcile.judging.registry`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

import attrs

from reconcile.judging.finding import Finding, Status
from reconcile.judging.group import ClaimGroup


@runtime_checkable
class Strategy(Protocol):
    """Anything with a `name` and a `reconcile(group)` method returning a `Finding`."""

    @property
    def name(self) -> str:
        """The name the strategy is registered and reported under."""
        ...

    def reconcile(self, group: ClaimGroup) -> Finding:
        """The finding for the claims of one (event, attribute)."""
        ...


@attrs.frozen
class FunctionStrategy:
    """Adapt a plain function ``(ClaimGroup) -> Finding`` to the `Strategy` protocol."""

    function: Callable[[ClaimGroup], Finding]
    name: str = attrs.field(kw_only=True)

    def reconcile(self, group: ClaimGroup) -> Finding:
        """Call the function."""
        return self.function(group)


def strategy(name: str) -> Callable[[Callable[[ClaimGroup], Finding]], FunctionStrategy]:
    """Decorate a function as a strategy named `name`: a `FunctionStrategy`.

    The decorator does not register it: pass the object itself, or
    `register` it once to use it by name.
    """

    def wrap(function: Callable[[ClaimGroup], Finding]) -> FunctionStrategy:
        return FunctionStrategy(function, name=name)

    return wrap


@attrs.frozen(kw_only=True)
class Fallback:
    """Try `first`; when its finding is `insufficient`, use `then` instead."""

    first: Strategy
    then: Strategy

    @property
    def name(self) -> str:
        """``first|then``."""
        return f"{self.first.name}|{self.then.name}"

    def reconcile(self, group: ClaimGroup) -> Finding:
        """The first strategy's finding unless it had nothing to say."""
        finding = self.first.reconcile(group)
        return self.then.reconcile(group) if finding.status is Status.INSUFFICIENT else finding


@attrs.frozen(kw_only=True)
class Conditional:
    """Use `then` for groups that satisfy `when`, `otherwise` for the others."""

    when: Callable[[ClaimGroup], bool]
    then: Strategy
    otherwise: Strategy
    label: str = "condition"

    @property
    def name(self) -> str:
        """``if <label> then <then> else <otherwise>``."""
        return f"if {self.label} then {self.then.name} else {self.otherwise.name}"

    def reconcile(self, group: ClaimGroup) -> Finding:
        """The finding of the branch the condition picks."""
        return (self.then if self.when(group) else self.otherwise).reconcile(group)
