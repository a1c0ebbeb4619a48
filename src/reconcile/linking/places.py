"""Whether two place phrases can name the same place, and how alike they are.

Reports name a place at the detail they know: "al-Ahli Arab Hospital",
"Gaza City", "the Gaza Strip"; "Camp Ashraf", "Diyala province", "north of
Baghdad". A `PlaceComparer` asks the `Gazetteer` (the model's: a dataset's
``places``, or a clusterer's own) which names are other names of one place
and which place lies within which, so that a place and the larger place that
contains it are compatible, not different. A phrase such as "north of
Baghdad" or "near Kunduz" names the surroundings of a place: it is
compatible with anything in the region that holds that place. Names the
gazetteer does not relate are compared by their words (rapidfuzz's token set
ratio).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import attrs
from rapidfuzz import fuzz

from reconcile.model.gazetteer import Gazetteer, Place, place_key

SAME = 1.0
"""The similarity of two names of one place."""
WITHIN = 0.8
"""The similarity of a place and a larger place that contains it: compatible, less specific."""
NEARBY = 0.6
"""The similarity of "north of X" and a place in X's region."""

_DIRECTION = (
    r"(?:north|south|east|west|north[\s-]?east|north[\s-]?west|south[\s-]?east|south[\s-]?west)"
)
_RELATIVE = re.compile(
    r"^\s*(?:(?:about|some|around)\s+)?"
    r"(?:\d+(?:[.,]\d+)?\s*(?:km|kilometres?|kilometers?|miles?)\s+(?:from\s+)?)?"
    rf"(?:{_DIRECTION}\s+of|near|outside|close\s+to|on\s+the\s+outskirts\s+of"
    r"|in\s+the\s+vicinity\s+of|the\s+outskirts\s+of|outskirts\s+of|around)?"
    r"\s*(?P<anchor>.+?)\s*$",
    re.IGNORECASE,
)


def anchor_of(phrase: str) -> str | None:
    """The place a relative phrase is anchored on ("Baghdad" in "40 km north of Baghdad").

    None when the phrase names a place itself rather than its surroundings.
    """
    match = _RELATIVE.match(phrase)
    if match is None or match["anchor"].strip().casefold() == phrase.strip().casefold():
        return None
    return match["anchor"]


def gazetteer_of(aliases: Mapping[str, str], within: Mapping[str, str]) -> Gazetteer:
    """A gazetteer from two mappings: other name to name, and place to the larger place.

    Every name either mapping mentions becomes a place, so that a larger
    place needs no entry of its own.
    """
    name_of = {place_key(alias): name for alias, name in aliases.items()}
    within = {
        name_of.get(place_key(place), place): name_of.get(place_key(larger), larger)
        for place, larger in within.items()
    }
    names = {*aliases.values(), *within, *within.values()}
    return Gazetteer(
        places=[
            Place(
                name=name,
                within=within.get(name),
                aliases=tuple(alias for alias, owner in aliases.items() if owner == name),
            )
            for name in sorted(names)
        ]
    )


@attrs.frozen(eq=False)  # compared and hashed by identity: it keys a cache of similarities
class PlaceComparer:
    """Compares place phrases through a `Gazetteer`, then by their words."""

    gazetteer: Gazetteer

    def canonical(self, name: str) -> str:
        """The place's name in the gazetteer, or the name itself, in the form used for comparing."""
        return place_key(self.gazetteer.resolve(name) or name)

    def lineage(self, name: str) -> tuple[str, ...]:
        """The place and every place that contains it, smallest first, as compared."""
        return (self.canonical(name), *(place_key(a) for a in self.gazetteer.ancestors(name)))

    def similarity(self, first: str, second: str) -> float:
        """How alike two place phrases are: 1 for one place, less within another or nearby."""
        return _similarity(self, first, second)

    def related(self, first: str, second: str) -> bool:
        """Whether the gazetteer, or a phrase of surroundings, makes two names compatible."""
        return _relation(self, first, second) > 0

    @property
    def knows_places(self) -> bool:
        """Whether the gazetteer holds any place at all."""
        return bool(self.gazetteer.places)


@functools.lru_cache(maxsize=65_536)
def _similarity(comparer: PlaceComparer, first: str, second: str) -> float:
    words = fuzz.token_set_ratio(comparer.canonical(first), comparer.canonical(second)) / 100
    return max(words, _relation(comparer, first, second))


@functools.lru_cache(maxsize=65_536)
def _relation(comparer: PlaceComparer, first: str, second: str) -> float:
    """SAME, WITHIN or NEARBY by the gazetteer and phrases of surroundings, else 0."""
    a, b = comparer.lineage(first), comparer.lineage(second)
    if a[0] == b[0]:
        return SAME
    if a[0] in b or b[0] in a:
        return WITHIN
    for relative, other in ((first, second), (second, first)):
        anchor = anchor_of(relative)
        if anchor is None:
            continue
        around = comparer.lineage(anchor)
        region = around[1:] or around  # the anchor's region, or the anchor when none is known
        if any(place in comparer.lineage(other) for place in (*region, around[0])):
            return NEARBY
    return 0.0
