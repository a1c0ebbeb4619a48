"""`Place` and `Gazetteer`: named places, their other names, and which lies within which.

A camp lies within a province, which lies within a country: a mention at
"Diyala" and one at "Camp Ashraf" are compatible, not different places. The
gazetteer is data a user writes in the dataset's ``places`` section; the
clusterer asks it whether two place names can describe one event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any

import attrs

from reconcile.errors import DatasetError, Problem
from reconcile.validators import as_tuple, check_optional_text, check_text, field_converter


def place_key(name: str) -> str:
    """How names are compared: case, spacing and punctuation do not matter.

    "Camp  ashraf" is "Camp Ashraf", and "al-Ahli" is "Al Ahli".
    """
    return " ".join(re.sub(r"[\W_]+", " ", name.casefold()).split())


@attrs.frozen(kw_only=True)
class Place:
    """One place of a gazetteer: its `name`, the place it lies `within`, and its `aliases`.

    Aliases are other spellings and transliterations ("Ashraf", "معسكر أشرف");
    `within` names another place of the same gazetteer (by name or alias).
    """

    name: str = attrs.field(validator=check_text)
    within: str | None = attrs.field(default=None, validator=check_optional_text)
    aliases: tuple[str, ...] = attrs.field(
        default=(),
        converter=field_converter(as_tuple),  # type: ignore[misc]
        validator=attrs.validators.deep_iterable(check_text),
    )

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then the aliases."""
        return (self.name, *self.aliases)


def _all_places(instance: Any, attribute: Any, value: tuple[Any, ...]) -> None:
    attrs.validators.deep_iterable(attrs.validators.instance_of(Place))(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Gazetteer:
    """Places with containment and aliases, checked as a whole when built.

    Every name and alias names one place; `within` must name a known place;
    and containment has no cycles. A broken gazetteer raises `DatasetError`
    listing every problem. Names are compared without regard to case or
    spacing. A name the gazetteer does not know is its own place, within
    nothing: it is compatible only with itself.

    >>> places = Gazetteer(places=[Place(name="Iraq"), Place(name="Diyala", within="Iraq")])
    >>> places.contains("iraq", "Diyala"), places.compatible("Diyala", "Basra")
    (True, False)
    """

    places: tuple[Place, ...] = attrs.field(default=(), converter=as_tuple, validator=_all_places)

    def __attrs_post_init__(self) -> None:
        problems = list(gazetteer_problems(enumerate(self.places)))
        if problems:
            raise DatasetError(problems)

    @cached_property
    def _canonical(self) -> dict[str, str]:
        return {place_key(name): place.name for place in self.places for name in place.names}

    @cached_property
    def _parent(self) -> dict[str, str]:
        return {
            place.name: self._canonical[place_key(place.within)]
            for place in self.places
            if place.within is not None
        }

    def resolve(self, name: str) -> str | None:
        """The gazetteer's name for `name` (or for the place it is an alias of); None if unknown."""
        return self._canonical.get(place_key(name))

    def ancestors(self, name: str) -> tuple[str, ...]:
        """The places that contain `name`, nearest first; empty for an unknown name."""
        found: list[str] = []
        current = self.resolve(name)
        while current is not None and current in self._parent:
            current = self._parent[current]
            found.append(current)
        return tuple(found)

    def contains(self, outer: str, inner: str) -> bool:
        """Whether `inner` lies within `outer` or is the same place."""
        if place_key(outer) == place_key(inner):
            return True
        outer_name = self.resolve(outer)
        inner_name = self.resolve(inner)
        if outer_name is None or inner_name is None:
            return False
        return outer_name == inner_name or outer_name in self.ancestors(inner_name)

    def compatible(self, first: str, second: str) -> bool:
        """Whether the two names can describe one place: one contains the other."""
        return self.contains(first, second) or self.contains(second, first)


def gazetteer_problems(places: Iterable[tuple[int, Any]]) -> Iterator[Problem]:
    """The problems of a ``places`` section: names used twice, unknown `within`, cycles.

    Records that did not structure may be passed as stand-ins holding their
    raw fields; fields of the wrong type are skipped, as the loader reports them.
    """
    records = [(index, place) for index, place in places]
    owners = _name_owners(records)
    # One place may spell a name twice ("al-Ahli" and "Al Ahli"); two places may not share one.
    counts = Counter(key for key, _ in {(key, index) for key, (index, _, _) in owners})
    reported: set[tuple[str, int]] = set()
    places_of: dict[str, set[int]] = {}
    for key, (index, place, field) in owners:
        seen_elsewhere = places_of.setdefault(key, set()) - {index}
        places_of[key].add(index)
        if counts[key] > 1 and seen_elsewhere and (key, index) not in reported:
            yield _problem(
                index,
                place,
                field,
                f"the name {key!r} names more than one place; it must be unique",
            )
            reported.add((key, index))
    known = {key for key, _ in owners}
    for index, place in records:
        within = getattr(place, "within", None)
        if isinstance(within, str) and place_key(within) not in known:
            yield _problem(index, place, "within", f"lies within the unknown place {within!r}")
    yield from _cycles(records, dict(owners))


def _name_owners(
    records: Sequence[tuple[int, Any]],
) -> list[tuple[str, tuple[int, Any, str]]]:
    """Every name and alias, compared as `place_key`, with the record and field it is in."""
    owners: list[tuple[str, tuple[int, Any, str]]] = []
    for index, place in records:
        name = getattr(place, "name", None)
        if isinstance(name, str):
            owners.append((place_key(name), (index, place, "name")))
        aliases = getattr(place, "aliases", None)
        if isinstance(aliases, list | tuple):
            for position, alias in enumerate(aliases):
                if isinstance(alias, str) and place_key(alias) != place_key(name or ""):
                    owners.append((place_key(alias), (index, place, f"aliases[{position}]")))
    return owners


def _cycles(
    records: Sequence[tuple[int, Any]], owners: dict[str, tuple[int, Any, str]]
) -> Iterator[Problem]:
    """A place that lies, through its `within` chain, within itself; each cycle reported once."""
    parent: dict[int, int] = {}
    for index, place in records:
        within = getattr(place, "within", None)
        if isinstance(within, str) and place_key(within) in owners:
            parent[index] = owners[place_key(within)][0]
    by_index = dict(records)
    seen: set[int] = set()
    for start in sorted(parent):
        path: list[int] = []
        current: int | None = start
        while current is not None and current not in seen and current not in path:
            path.append(current)
            current = parent.get(current)
        if current is not None and current in path:
            cycle = path[path.index(current) :]
            names = [str(getattr(by_index[i], "name", i)) for i in (*cycle, cycle[0])]
            yield _problem(
                cycle[0],
                by_index[cycle[0]],
                "within",
                f"containment runs in a circle: {' within '.join(names)}",
            )
        seen.update(path)


def _problem(index: int, place: Any, field: str, message: str) -> Problem:
    name = getattr(place, "name", None)
    return Problem(
        message=message,
        section="places",
        record=index,
        record_id=name if isinstance(name, str) else None,
        field=field,
    )
