"""Whether two place phrases can name the same place, and how alike they are.

Reports name a place at the detail they know: "al-Ahli Arab Hospital",
"Gaza City", "the Gaza Strip"; "Camp Ashraf", "Diyala province", "north of
Baghdad". A `Gazetteer` knows which names are other spellings of one place
(aliases) and which place lies within which (containment), so that a place and
the larger place that contains it are compatible, not different. A phrase
such as "north of Baghdad" or "near Kunduz" names the surroundings of a place:
it is compatible with anything in the region that holds that place.

Without a gazetteer entry, two names are compared by their words
(rapidfuzz's token set ratio), as before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

SAME = 1.0
"""The similarity of two names of one place."""
WITHIN = 0.8
"""The similarity of a place and a larger place that contains it: compatible, less specific."""
NEARBY = 0.6
"""The similarity of "north of X" and a place in X's region."""

_RELATIVE = re.compile(
    r"^\s*(?:(?:about|some|around)\s+)?(?:\d+(?:[.,]\d+)?\s*(?:km|kilometres?|kilometers?|miles?)\s+)?"
    r"(?:(?:north|south|east|west|north[\s-]?east|north[\s-]?west|south[\s-]?east|south[\s-]?west)(?:ern)?"
    r"(?:\s+of)?|near|outside|close\s+to|on\s+the\s+outskirts\s+of|in\s+the\s+vicinity\s+of"
    r"|the\s+outskirts\s+of|outskirts\s+of|around)\s+(?P<anchor>.+?)\s*$",
    re.IGNORECASE,
)


def _key(name: str) -> str:
    return default_process(name)


def _keyed(mapping: Mapping[str, str]) -> Mapping[str, str]:
    """Names, and the names they map to, as compared: case and punctuation do not count."""
    return MappingProxyType({_key(name): _key(value) for name, value in mapping.items()})


@attrs.frozen(eq=False)  # compared and hashed by identity: it keys a cache of similarities
class Gazetteer:
    """Other names of places, and which place lies within which.

    `aliases` maps a name to the place's main name ("Camp New Iraq": "Camp
    Ashraf"); `within` maps a place's main name to the larger place that
    contains it ("Camp Ashraf": "Diyala"). Names match whatever their case
    and punctuation.
    """

    aliases: Mapping[str, str] = attrs.field(factory=dict, converter=_keyed)
    within: Mapping[str, str] = attrs.field(factory=dict, converter=_keyed)

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str | None, Iterable[str]]]) -> Gazetteer:
        """Build one from ``(name, within, aliases)`` entries, as a dataset's places give them."""
        aliases: dict[str, str] = {}
        within: dict[str, str] = {}
        for name, larger, other_names in entries:
            for alias in other_names:
                aliases[alias] = name
            if larger is not None:
                within[name] = larger
        return cls(aliases=aliases, within=within)

    def canonical(self, name: str) -> str:
        """The place's main name, in the processed form used for comparing."""
        key = _key(name)
        return self.aliases.get(key, key)

    def lineage(self, name: str) -> tuple[str, ...]:
        """The place and every place that contains it, smallest first (cycles cut)."""
        chain = [self.canonical(name)]
        while (larger := self.within.get(chain[-1])) is not None and larger not in chain:
            chain.append(self.canonical(larger))
        return tuple(chain)

    def similarity(self, first: str, second: str) -> float:
        """How alike two place phrases are: 1 for one place, less within another or nearby."""
        return _similarity(self, first, second)

    def related(self, first: str, second: str) -> bool:
        """Whether the gazetteer or a relative phrase makes two names compatible, words aside."""
        a, b = self.canonical(first), self.canonical(second)
        return (
            a == b or _containment(self, a, b) is not None or _surroundings(self, first, second) > 0
        )

    @property
    def empty(self) -> bool:
        """Whether it knows no alias and no containment."""
        return not self.aliases and not self.within


@functools.lru_cache(maxsize=65_536)
def _similarity(gazetteer: Gazetteer, first: str, second: str) -> float:
    a, b = gazetteer.canonical(first), gazetteer.canonical(second)
    if a == b:
        return SAME
    contained = _containment(gazetteer, a, b)
    if contained is not None:
        return contained
    nearby = _surroundings(gazetteer, first, second)
    words = fuzz.token_set_ratio(a, b) / 100
    return max(words, nearby)


def _containment(gazetteer: Gazetteer, a: str, b: str) -> float | None:
    if a in gazetteer.lineage(b) or b in gazetteer.lineage(a):
        return WITHIN
    return None


def _surroundings(gazetteer: Gazetteer, first: str, second: str) -> float:
    """For "north of X": compatible with X, with what X contains, and with X's own region."""
    for relative, other in ((first, second), (second, first)):
        match = _RELATIVE.match(relative)
        if match is None:
            continue
        anchor = gazetteer.lineage(match["anchor"])
        region = anchor[1:] or anchor  # X's region, or X itself when the gazetteer has no more
        other_lineage = gazetteer.lineage(other)
        if any(place in other_lineage for place in (*region, anchor[0])):
            return NEARBY
    return 0.0


def anchor_of(phrase: str) -> str | None:
    """The place a relative phrase is anchored on ("Baghdad" for "40 km north of Baghdad")."""
    match = _RELATIVE.match(phrase)
    return None if match is None else match["anchor"]
