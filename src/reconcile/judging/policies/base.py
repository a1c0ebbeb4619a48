"""What every codebook policy shares: the coding of one event, and how a policy is called.

A codebook policy is one setting that makes a reconciliation answer as a
named dataset's codebook does: which strategy settles each attribute, how
vague words are read, and the codebook's own fields for each event (UCDP's
``where_prec``, IBC's provisional status, Airwars' grade), each explained.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs

from reconcile.judging.finding import Finding
from reconcile.judging.group import ClaimGroup
from reconcile.judging.strategy import Strategy
from reconcile.model.event import Event
from reconcile.values.hedges import HedgePolicy

Field = str | int | float | None
"""A codebook field's value; None when the data cannot fill it."""


@attrs.frozen(kw_only=True)
class Placement:
    """What the gazetteer knows of an event's place, for a codebook's place precision.

    `depth` counts the places above it in the gazetteer's containment chain
    (0 for a place with nothing above it, such as a country); None when the
    gazetteer does not know the place at all. `relative` is true for a
    phrase that names the surroundings of a place ("near Kunduz", "40 km
    north of Baghdad").
    """

    depth: int | None = None
    relative: bool = False


@attrs.frozen(kw_only=True)
class Coding:
    """One event as a codebook records it: its fields, and a sentence for each judgement.

    `fields` holds the codebook's own fields in their order (None where the
    data cannot fill one: it is left empty, never invented); `notes` explain
    how each judgement was reached, in words an analyst can check.
    """

    policy: str
    fields: Mapping[str, Field]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The coding in the JSON contract."""
        return {"policy": self.policy, "fields": dict(self.fields), "notes": list(self.notes)}


@attrs.frozen(kw_only=True)
class Assessed:
    """What a policy sees of one event: the event, its findings and groups, its placement."""

    event: Event
    findings: Mapping[str, Finding]
    groups: Mapping[str, ClaimGroup]
    placement: Placement = attrs.field(factory=Placement)

    def finding(self, attribute: str) -> Finding | None:
        """The finding for `attribute`, if the event has claims about it."""
        return self.findings.get(attribute)

    def origins(self) -> frozenset[str]:
        """Every origin that speaks of the event, on any attribute."""
        return frozenset(origin for group in self.groups.values() for origin in group.origins)

    def origins_of(self, attribute: str) -> list[str]:
        """The origins that speak of `attribute`, sorted (none when no claim does)."""
        group = self.groups.get(attribute)
        return [] if group is None else sorted(group.origins)

    def source_name(self, source_id: str) -> str:
        """A source's name, from any group that knows it; its id otherwise."""
        for group in self.groups.values():
            if source_id in group.sources:
                return group.sources[source_id].name
        return source_id


class CodebookPolicy(Protocol):
    """A named codebook: its strategies, its reading of vague words, and its coding."""

    @property
    def name(self) -> str:
        """The policy's name: ``ucdp``, ``acled``, ``ibc``, ``airwars``."""
        ...

    @property
    def strategies(self) -> Mapping[str, Strategy]:
        """The strategy the codebook settles each attribute with (the user's own win)."""
        ...

    @property
    def hedges(self) -> HedgePolicy | None:
        """How the codebook reads vague words, or None to keep the dataset's reading."""
        ...

    def code(self, event: Assessed) -> Coding:
        """The event as the codebook records it."""
        ...
