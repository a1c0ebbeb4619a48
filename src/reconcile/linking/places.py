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
from anyascii import anyascii
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


GENERIC_PLACE_WORDS = frozenset(
    [
        # English
        "the",
        "of",
        "in",
        "at",
        "on",
        "near",
        "by",
        "and",
        "city",
        "town",
        "village",
        "province",
        "region",
        "district",
        "area",
        "governorate",
        "oblast",
        "camp",
        "hospital",
        "clinic",
        "station",
        "railway",
        "train",
        "centre",
        "center",
        "capital",
        "central",
        "northern",
        "southern",
        "eastern",
        "western",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        # German
        "stadt",
        "dorf",
        "provinz",
        "bezirk",
        "krankenhaus",
        "klinik",
        "bahnhof",
        "osten",
        "westen",
        "norden",
        "sueden",
        "im",
        "der",
        "die",
        # French
        "das",
        "von",
        "unser",
        "ville",
        "hopital",
        "gare",
        "la",
        "le",
        "du",
        "des",
        "dans",
        "est",
        "ouest",
        "nord",
        "sud",
        # Dutch
        "stad",
        "dorp",
        "provincie",
        "ziekenhuis",
        "treinstation",
        "het",
        "oost",
        "noord",
        "zuid",
        # Russian, in Latin letters
        "gorod",
        "oblasti",
        "oblast",
        "vokzal",
        "stantsiya",
        "sela",
        "selo",
        "rayon",
        "vostoke",
        # Arabic, in Latin letters (anyascii)
        "mdynh",
        "qryh",
        "mstshfa",
        "mhfdhh",
        "mntqh",
        "ryf",
        "hy",
        "shml",
        "jnwb",
        "shrq",
        "ghrb",
        "shmly",
        "jnwby",
        "shrqy",
        "ghrby",
        "fy",
        "mn",
        "bldh",
        "lhdwd",
        "mkhym",
        "mhth",
        "wst",
        "dhyh",
    ]
)
"""Words of a place phrase that name no particular place ("city", "Krankenhaus", "north").

Compared in Latin letters, lower case (Arabic words as `anyascii` writes them)."""

_ARABIC_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل")


@attrs.frozen(eq=False)  # compared and hashed by identity: it keys caches of similarities
class PlaceComparer:
    """Compares place phrases through a `Gazetteer`, then by the names in their words.

    A phrase names a known place when it is one of the gazetteer's names or
    aliases, or when such a name stands in it ("a hospital in Kunduz
    operated by MSF" names Kunduz; the most contained of several names
    counts). Two phrases that name known places are compared by the
    gazetteer alone. Otherwise a phrase's names are its words that look like
    names (capitalised, where the script has capitals) and are not words such
    as "city", "hospital" or "north"; two phrases that share a name can be
    one place. A phrase with no name at all ("the facility", "the area") is
    vague: it can be any place.
    """

    gazetteer: Gazetteer

    @functools.cached_property
    def _names_by_length(self) -> dict[int, dict[str, str]]:
        """Every name and alias of the gazetteer, as compared, by its number of words."""
        found: dict[int, dict[str, str]] = {}
        for place in self.gazetteer.places:
            for name in place.names:
                key = place_key(name)
                found.setdefault(len(key.split()), {})[key] = place.name
        return found

    def place_of(self, phrase: str) -> str | None:
        """The known place a phrase names, or None when it names none the gazetteer knows."""
        return _place_of(self, phrase)

    def canonical(self, phrase: str) -> str:
        """The known place's name, or the phrase itself, in the form used for comparing."""
        return place_key(self.place_of(phrase) or phrase)

    def lineage(self, phrase: str) -> tuple[str, ...]:
        """The place and every place that contains it, smallest first, as compared."""
        known = self.place_of(phrase)
        if known is None:
            return (place_key(phrase),)
        return (place_key(known), *(place_key(a) for a in self.gazetteer.ancestors(known)))

    def similarity(self, first: str, second: str) -> float:
        """How alike two place phrases are: 1 for one place, less within another or nearby."""
        return _similarity(self, first, second)

    def compatible(self, first: str, second: str, threshold: float) -> bool:
        """Whether two phrases can name one place (else they are a cannot-link).

        Known places must be related by the gazetteer; otherwise a shared
        name, a vague phrase, a phrase of surroundings, or words at least
        `threshold` alike will do.
        """
        return _compatible(self, first, second, threshold)

    @property
    def knows_places(self) -> bool:
        """Whether the gazetteer holds any place at all."""
        return bool(self.gazetteer.places)


def names_in(phrase: str) -> frozenset[str]:
    """The words of a place phrase that look like names, in Latin letters, lower case."""
    return _names_in(phrase)


@functools.lru_cache(maxsize=65_536)
def _names_in(phrase: str) -> frozenset[str]:
    names = set()
    for word in re.findall(r"[^\W\d_]+", phrase):
        if word[0].isalpha() and word[0].lower() != word[0].upper() and not word[0].isupper():
            continue  # a lower-case word in a script with capitals is no name
        key = place_key(anyascii(_without_arabic_prefix(word)))
        if len(key) >= 3 and key not in GENERIC_PLACE_WORDS:
            names.add(key)
    return frozenset(names)


def _without_arabic_prefix(word: str) -> str:
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            return word[len(prefix) :]
    return word


@functools.lru_cache(maxsize=65_536)
def _place_of(comparer: PlaceComparer, phrase: str) -> str | None:
    exact = comparer.gazetteer.resolve(phrase)
    if exact is not None:
        return exact
    words = place_key(phrase).split()
    variants = [words, [place_key(_without_arabic_prefix(word)) for word in words]]
    found: list[str] = []
    for length, names in comparer._names_by_length.items():
        for tokens in variants:
            for start in range(len(tokens) - length + 1):
                place = names.get(" ".join(tokens[start : start + length]))
                if place is not None:
                    found.append(place)
    if not found:
        return None
    # The most contained place the phrase names: "a hospital in Kunduz" is the hospital.
    return max(found, key=lambda place: (len(comparer.gazetteer.ancestors(place)), place))


@functools.lru_cache(maxsize=65_536)
def _similarity(comparer: PlaceComparer, first: str, second: str) -> float:
    related = _relation(comparer, first, second)
    if comparer.place_of(first) is not None and comparer.place_of(second) is not None:
        return related
    words = fuzz.token_set_ratio(comparer.canonical(first), comparer.canonical(second)) / 100
    shared = WITHIN if names_in(first) & names_in(second) else 0.0
    return max(words, related, shared)


@functools.lru_cache(maxsize=65_536)
def _compatible(comparer: PlaceComparer, first: str, second: str, threshold: float) -> bool:
    if _relation(comparer, first, second) > 0:
        return True
    if comparer.place_of(first) is not None and comparer.place_of(second) is not None:
        return False  # two known places the gazetteer does not relate
    if not _vague_or_named(first) or not _vague_or_named(second):
        return True  # a phrase that names nothing can be anywhere
    return _similarity(comparer, first, second) >= threshold


def _vague_or_named(phrase: str) -> bool:
    """False for a vague phrase ("the facility"): it holds no name."""
    return bool(names_in(phrase))


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
