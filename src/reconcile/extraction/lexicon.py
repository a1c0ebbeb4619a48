"""The lexicon: which words name which attribute, and which words name an event.

Each attribute has trigger stems: a word that starts with a stem (``kill``
matches "killed", "killing") names the attribute when it stands near a
figure. A user extends the lexicon with their own attributes and words,
from Python (`Lexicon.extended`) or from a YAML file (`Lexicon.from_mapping`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from reconcile.errors import ValidationError
from reconcile.validators import ATTRIBUTE_PATTERN

_DEFAULT_TRIGGERS: dict[str, tuple[str, ...]] = {
    # Order matters on a tie: the first attribute listed wins.
    "killed": (
        "kill", "dead", "death", "died", "die", "massacr", "slaughter", "murder", "martyr",
        "bodies", "victim", "fatalit", "assassinat", "executed", "execution", "gallows",
        "extinguish", "toll",
    ),
    "wounded": ("wound", "injur", "hurt"),
    "hostages": ("hostage", "abduct", "kidnap"),
    "missing": ("missing", "disappear", "unaccounted"),
    "captured": ("captur", "detain", "arrest", "custody"),
    "survivors": ("surviv", "remaining"),
    # People nouns and verbs of staying: they say who, not what happened to them, so any
    # other trigger in the clause wins over them (see WEAK_ATTRIBUTES).
    "residents": ("resident", "remained", "stayed", "inhabitant"),
    "attacks": ("attacks",),
    "duration": (),
}  # fmt: skip

_DEFAULT_EVENT_WORDS = (
    "attack", "raid", "massacre", "assault", "killing", "incident", "invasion", "siege",
    "bombing", "operation", "strike", "shelling", "clash", "event", "atrocity", "tragedy",
    "crackdown", "ambush", "explosion", "shooting", "target", "happen", "occur",
)  # fmt: skip

_EVENT_ENDINGS = ("", "s", "es", "d", "ed", "ing")

WEAK_ATTRIBUTES = frozenset({"residents"})
"""Attributes that a figure takes only when no other trigger stands in its clause."""

_DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})


def _freeze(triggers: Mapping[str, Any]) -> Mapping[str, tuple[str, ...]]:
    frozen: dict[str, tuple[str, ...]] = {}
    for attribute, words in dict(triggers).items():
        if not isinstance(attribute, str) or not ATTRIBUTE_PATTERN.fullmatch(attribute):
            raise ValidationError(
                f"Lexicon attribute names are lower-case identifiers, got {attribute!r}",
                field="triggers",
            )
        if isinstance(words, str) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ValidationError(
                f"Lexicon attribute {attribute!r} needs a list of trigger words, got {words!r}",
                field="triggers",
            )
        frozen[attribute] = tuple(word.strip().lower() for word in words)
    return MappingProxyType(frozen)


def _freeze_words(words: Any) -> tuple[str, ...]:
    if isinstance(words, str) or not all(isinstance(w, str) and w.strip() for w in words):
        raise ValidationError(f"Lexicon event words must be a list of words, got {words!r}")
    return tuple(word.strip().lower() for word in words)


@attrs.frozen(kw_only=True)
class Lexicon:
    """Trigger stems per quantity attribute, and the words that name an event.

    A figure with a unit of time ("six-hour", "a few days") is a `duration`
    whatever the words around it; other figures take the attribute whose
    trigger stands nearest them in their clause.
    """

    triggers: Mapping[str, tuple[str, ...]] = attrs.field(converter=_freeze, hash=False)
    event_words: tuple[str, ...] = attrs.field(converter=_freeze_words)

    @classmethod
    def default(cls) -> Lexicon:
        """English casualty words: killed, wounded, hostages, missing, captured, and more."""
        return cls(triggers=_DEFAULT_TRIGGERS, event_words=_DEFAULT_EVENT_WORDS)

    @classmethod
    def from_mapping(cls, data: Any) -> Lexicon:
        """The default lexicon extended by a mapping read from YAML.

        ``{triggers: {attribute: [stem, ...]}, event_words: [word, ...]}``;
        an attribute named here gets these stems added to its own.
        """
        if not isinstance(data, Mapping) or set(data) - {"triggers", "event_words"}:
            raise ValidationError(
                "a lexicon file is a mapping with 'triggers' (attribute -> stems) "
                f"and 'event_words' (a list), got {data!r}"
            )
        return cls.default().extended(
            triggers=data.get("triggers") or {}, event_words=data.get("event_words") or ()
        )

    def extended(
        self, *, triggers: Mapping[str, Any] | None = None, event_words: Any = ()
    ) -> Lexicon:
        """A copy with more attributes, more stems for an attribute, or more event words."""
        merged = {attribute: list(words) for attribute, words in self.triggers.items()}
        for attribute, words in _freeze(triggers or {}).items():
            merged.setdefault(attribute, [])
            merged[attribute].extend(word for word in words if word not in merged[attribute])
        return Lexicon(
            triggers=merged, event_words=(*self.event_words, *_freeze_words(event_words))
        )

    def attribute_of(self, word: str) -> str | None:
        """The attribute a word names, or None: the first attribute with a stem it starts with."""
        lowered = word.lower()
        for attribute, stems in self.triggers.items():
            if any(lowered.startswith(stem) for stem in stems):
                return attribute
        return None

    def is_event_word(self, word: str) -> bool:
        """Whether a word names an event ("attack", "attacks", "attacked", "massacre", ...)."""
        lowered = word.lower()
        return any(
            lowered in {stem + ending for ending in _EVENT_ENDINGS} for stem in self.event_words
        )

    @staticmethod
    def is_duration_unit(unit: str | None) -> bool:
        """Whether a figure's unit makes it a duration ("six-hour", "72-day")."""
        return unit in _DURATION_UNITS
