"""How alike two event labels are, across wording, anaphora, scripts and languages.

Reports name one event in many ways: "the Kunduz hospital airstrike",
"Luftangriff auf das Krankenhaus in Kundus", "قصف مستشفى قندوز", "this
massacre". A label is compared by its words of substance: words such as
"the" or "this" are dropped, the words of a small multilingual lexicon of
event and target nouns ("airstrike", "Luftangriff", "غارة", "авиаудар") stand
for one concept each, and the remaining words (names, mostly) are written in
Latin letters, so that "Краматорск" meets "Kramatorsk". Two labels in
different scripts that share no concept cannot be compared word by word, and
their similarity is unknown rather than nil: a German label says nothing
against an Arabic one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

UNKNOWN = 0.5
"""The similarity of labels that cannot be compared: neither for nor against."""

GENERIC_WORDS = frozenset(
    [
        # English
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "of",
        "on",
        "in",
        "at",
        "to",
        "by",
        "for",
        "and",
        "last",
        "week",
        "s",
        "one",
        "incident",
        "event",
        # German
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "auf",
        "im",
        "am",
        "bei",
        "von",
        "vom",
        "zum",
        "zur",
        "und",
        # French
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "du",
        "de",
        "des",
        "au",
        "aux",
        "sur",
        "à",
        "et",
        # Dutch
        "het",
        "een",
        "op",
        "bij",
        "van",
        "en",
        # Arabic articles, written in Latin letters
        "el",
        "al",
    ]
)
"""Words that say nothing about which event is meant, in the languages of the lexicon."""

CONCEPTS: dict[str, tuple[str, ...]] = {
    "attack": (
        "attack",
        "assault",
        "raid",
        "anschlag",
        "angriff",
        "attaque",
        "attentat",
        "aanval",
        "aanslag",
        "هجوم",
        "اعتداء",
        "حمله",
        "нападени",
        "атак",
        "нападение",
    ),
    "airstrike": (
        "airstrike",
        "air strike",
        "strike",
        "bombing",
        "bombardment",
        "shelling",
        "luftangriff",
        "bombardierung",
        "beschuss",
        "frappe",
        "bombardement",
        "luchtaanval",
        "beschieting",
        "غارة",
        "قصف",
        "بمباران",
        "авиаудар",
        "удар",
        "бомбардировк",
        "обстрел",
    ),
    "massacre": (
        "massacre",
        "killing",
        "massaker",
        "blutbad",
        "tuerie",
        "bloedbad",
        "مجزرة",
        "مذبحة",
        "کشتار",
        "резн",
        "бойн",
        "расстрел",
    ),
    "explosion": ("explosion", "blast", "explosie", "انفجار", "تفجير", "взрыв"),
    "hospital": (
        "hospital",
        "clinic",
        "krankenhaus",
        "klinik",
        "spital",
        "hôpital",
        "hopital",
        "ziekenhuis",
        "مستشفى",
        "مستشفي",
        "بیمارستان",
        "больниц",
        "госпитал",
    ),
    "station": ("station", "bahnhof", "gare", "محطة", "ایستگاه", "вокзал", "станци"),
    "chemical": (
        "chemical",
        "chemie",
        "chemisch",
        "giftgas",
        "chimique",
        "كيميائي",
        "كيماوي",
        "شیمیایی",
        "химическ",
        "зарин",
        "sarin",
    ),
    "rocket": ("rocket", "missile", "rakete", "roquette", "raket", "صاروخ", "موشک", "ракет"),
}
"""Concepts and the words (or word beginnings, for inflected languages) that name them."""

_STEMS = sorted(
    ((stem, concept) for concept, stems in CONCEPTS.items() for stem in stems),
    key=lambda pair: -len(pair[0]),
)
_ARABIC_PREFIXES = ("وال", "بال", "لل", "ال")
_SCRIPT_NAMES = ("LATIN", "ARABIC", "CYRILLIC", "GREEK", "HEBREW", "CJK", "HANGUL", "DEVANAGARI")


def label_similarity(first: Sequence[str], second: Sequence[str]) -> float:
    """The best similarity over both nodes' labels, from 0 to 1.

    A label of one word of substance ("that operation") matches too much to
    count fully: its similarity is halved. Labels with no such word ("this
    one"), or in scripts that share no concept, say nothing and score
    `UNKNOWN`.
    """
    return max((_pair_similarity(a, b) for a in first for b in second), default=UNKNOWN)


@functools.lru_cache(maxsize=65_536)
def _pair_similarity(first: str, second: str) -> float:
    left, right = _parts(first), _parts(second)
    if not _comparable(left, right):
        return UNKNOWN
    return _scaled(fuzz.token_set_ratio(left.text, right.text), left, right)


def pair_similarities(firsts: Sequence[str], seconds: Sequence[str]) -> list[float]:
    """The similarity of each label of `firsts` with the label of `seconds` at its position.

    What `label_similarity` finds for each pair of single labels, with the
    ratios of all the pairs worked out in one call of rapidfuzz's `cpdist`
    (which needs NumPy): the columnar engine scores 180,000 distinct pairs of
    labels at 10^6 simulated claims, each once, where a call a pair and the
    work around it took three times as long.
    """
    import numpy as np  # the per-object engine never comes here, nor imports NumPy
    from rapidfuzz.process import cpdist

    lefts, rights = list(map(_parts, firsts)), list(map(_parts, seconds))
    compared = [i for i, pair in enumerate(zip(lefts, rights, strict=True)) if _comparable(*pair)]
    ratios = cpdist(
        [lefts[i].text for i in compared],
        [rights[i].text for i in compared],
        scorer=fuzz.token_set_ratio,
        dtype=np.float64,  # the ratio's own figure: cpdist's default is 32 bits
        workers=1,
    )
    figures = [UNKNOWN] * len(lefts)
    for i, ratio in zip(compared, ratios.tolist(), strict=True):
        figures[i] = _scaled(ratio, lefts[i], rights[i])
    return figures


class _Parts(NamedTuple):
    """What comparing a label reads of it, worked out once per label (`_parts`)."""

    words: tuple[str, ...]
    """The words of substance (`comparable_words`)."""
    text: str
    """Those words, joined by spaces: what the ratio compares."""
    script: str
    concepts: frozenset[str]
    series: bool
    """Whether a word names a series ("#attack-series"): only then can one be against one."""


@functools.lru_cache(maxsize=65_536)
def _parts(label: str) -> _Parts:
    words = comparable_words(label)
    series = any(word.endswith("-series") for word in words)
    return _Parts(words, " ".join(words), script(label), frozenset(_concepts(words)), series)


def _comparable(left: _Parts, right: _Parts) -> bool:
    """Whether two labels can be compared word by word.

    Each must have words of substance, and both be in one script or share a concept.
    """
    if not left.words or not right.words:
        return False
    return left.script == right.script or not left.concepts.isdisjoint(right.concepts)


def _scaled(ratio: float, left: _Parts, right: _Parts) -> float:
    """The similarity of two comparable labels whose words have rapidfuzz's `ratio` (0 to 100)."""
    similarity = ratio / 100
    if (left.series or right.series) and (
        _series_against_one(left.words, right.words) or _series_against_one(right.words, left.words)
    ):
        similarity /= 2
    return similarity * min(1.0, min(len(left.words), len(right.words)) / 2)


def _series_against_one(first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether `first` names a series of what `second` names once ("attacks", "an attack")."""
    return any(
        word.endswith("-series") and word.removesuffix("-series") in second and word not in second
        for word in first
    )


@functools.lru_cache(maxsize=65_536)
def comparable_words(label: str) -> tuple[str, ...]:
    """The label's words of substance: concepts as ``#name``, other words in Latin letters."""
    words: list[str] = []
    for word in _words(label):
        if word in GENERIC_WORDS:
            continue
        concept = _concept(word)
        if concept is not None:
            words.append(f"#{concept}")
            tail = _tail_concept(word)
            if tail is not None and tail != concept:
                words.append(f"#{tail}")
            continue
        latin = default_process(anyascii(_without_arabic_article(word)))
        words.extend(part for part in latin.split() if part not in GENERIC_WORDS)
    return tuple(words)


def script(text: str) -> str:
    """The script most of the text's letters are written in (``LATIN``, ``ARABIC``, ...)."""
    return _script(text)


@functools.lru_cache(maxsize=65_536)
def _script(text: str) -> str:
    # Once per distinct label: each is scored against many others, a Unicode lookup a letter.
    counts: dict[str, int] = {}
    for character in text:
        if character.isalpha():
            name = unicodedata.name(character, "")
            found = next((s for s in _SCRIPT_NAMES if name.startswith(s)), "OTHER")
            counts[found] = counts.get(found, 0) + 1
    return max(counts, key=lambda key: counts[key]) if counts else "NONE"


def _words(label: str) -> list[str]:
    # Hyphens and apostrophes split words ("al-Ahli", "l'hôpital"), as default_process does.
    return [word for word in re.split(r"[\W_]+", label.casefold()) if word]


def _concept(word: str) -> str | None:
    """The concept a word names; an English plural ("attacks") names a series, a concept apart."""
    bare = _without_arabic_article(word)
    for stem, concept in _STEMS:
        if bare.startswith(stem):
            return f"{concept}-series" if bare in (f"{stem}s", f"{stem}es") else concept
    return None


def _tail_concept(word: str) -> str | None:
    """The concept a compound ends with, after the one it begins with.

    "Raketenangriff" (rocket attack) and "raketaanval" begin with a rocket
    and end with an attack: both are said, as "rocket attack" says both.
    """
    bare = _without_arabic_article(word)
    head = next((stem for stem, _ in _STEMS if bare.startswith(stem)), None)
    if head is None or len(head) >= len(bare):
        return None
    rest = bare[len(head) :]
    # The tail is a whole stem at the word's end; a linking "n" or "s" may come before it.
    return next(
        (
            concept
            for stem, concept in _STEMS
            if len(stem) >= 4 and rest.endswith(stem) and len(rest) - len(stem) <= 2
        ),
        None,
    )


def _concepts(words: Sequence[str]) -> set[str]:
    return {word for word in words if word.startswith("#")}


def _without_arabic_article(word: str) -> str:
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            return word[len(prefix) :]
    return word
