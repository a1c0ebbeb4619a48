"""The event a sentence is about, in the document's own words: label, kind, date, place.

The label is the sentence's first event phrase ("The raid on Camp Ashraf",
"This brutal attack", "attacked Camp Ashraf"). A phrase that refers back
("this atrocity", "the killings") or a sentence without one is about the
antecedent, and takes its label, kind, date and place: the last dated mention
of the same document, no more than `ANTECEDENT_PASSAGES` paragraphs back. A
sentence's own date and place are never replaced; a sentence dated but not
placed takes the antecedent's place only when its date restates the
antecedent's (overlaps it, a year wide at most).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from reconcile.extraction.dates import DateMatch
from reconcile.extraction.lexicon import Lexicon
from reconcile.extraction.tokens import Token
from reconcile.model.event import EventMention
from reconcile.values.timespan import TimeSpan

ANTECEDENT_PASSAGES = 3
"""How many paragraphs back a referring phrase may find its antecedent."""

_PLACE = re.compile(r"\b(?:Camp|Base|Prison|Village|Town|City|Province) (?:of )?[A-Z][\w’'-]+")  # noqa: RUF001  (curly quotes are what the articles use)
_NAMELESS = frozenset({"happen", "occur"})
"""Event words that say something took place without naming it: "what happened"."""
_PLACE_PREPOSITIONS = frozenset({"on", "at", "in", "against"})
_REFERRING = frozenset({"this", "that", "these", "those", "the", "its", "their"})
_MODIFIERS = 2
_LABEL_WORDS = 10


@attrs.frozen(kw_only=True)
class Antecedent:
    """The last dated mention seen: what a referring phrase takes its date and place from."""

    label: str
    kind: str | None
    when: TimeSpan
    where: str | None
    passage: int


@attrs.define(kw_only=True)
class MentionFinder:
    """Describes the event of each sentence of one document, remembering the last dated mention."""

    lexicon: Lexicon
    places: tuple[str, ...] = ()
    antecedent: Antecedent | None = None

    def mention(
        self,
        sentence: str,
        tokens: Sequence[Token],
        event_dates: Sequence[DateMatch],
        passage: int,
    ) -> EventMention:
        """The mention of the sentence; a dated one becomes the antecedent of those after it."""
        label, kind, referring = self._label(sentence, tokens)
        when = event_dates[0].value if event_dates else None
        where = self._place(sentence)
        antecedent = self.antecedent
        if antecedent is not None and passage - antecedent.passage <= ANTECEDENT_PASSAGES:
            if when is None and referring:
                # "The killings", "this atrocity": the event the document named before.
                when, where = antecedent.when, where or antecedent.where
                label, kind = antecedent.label, antecedent.kind
            elif when is not None and _restates(when, antecedent.when):
                # "This all happened eleven years ago": the same event, told again.
                where = where or antecedent.where
                if label is None:
                    label, kind = antecedent.label, antecedent.kind
        label = label or _fallback_label(sentence)
        if event_dates:
            self.antecedent = Antecedent(
                label=label, kind=kind, when=event_dates[0].value, where=where, passage=passage
            )
        return EventMention(label=label, kind=kind, when=when, where=where)

    def _label(self, sentence: str, tokens: Sequence[Token]) -> tuple[str | None, str | None, bool]:
        """The first event phrase, its kind, and whether it refers back (or names nothing)."""
        for index, token in enumerate(tokens):
            if not token.is_word or not self.lexicon.is_event_word(token.text):
                continue
            first = index
            verb = token.text.lower().endswith("ed")  # "attacked Camp Ashraf": no modifiers
            while (
                not verb
                and first > 0
                and index - first < _MODIFIERS
                and tokens[first - 1].is_word
                and tokens[first - 1].text.lower() not in {"of", "in", "on", "and", "by"}
            ):
                first -= 1
            last = index
            place = index + 1
            if place < len(tokens) and tokens[place].text.lower() in _PLACE_PREPOSITIONS:
                place += 1
            while place < len(tokens) and tokens[place].text[:1].isupper():
                last = place
                place += 1
            if self._kind(token.text) in _NAMELESS:
                return None, None, True
            label = sentence[tokens[first].start : tokens[last].end]
            opener = tokens[first].text.lower()
            referring = opener in _REFERRING or first == index
            return label, self._kind(token.text), referring
        return None, None, True

    def _kind(self, word: str) -> str:
        """The event word's stem in the lexicon: "attack" for "attacked" or "attacks"."""
        lowered = word.lower()
        stems = [stem for stem in self.lexicon.event_words if lowered.startswith(stem)]
        return max(stems, key=len) if stems else lowered

    def _place(self, sentence: str) -> str | None:
        for place in self.places:
            if place.lower() in sentence.lower():
                return place
        found = _PLACE.search(sentence)
        return found.group() if found else None


def _restates(when: TimeSpan, before: TimeSpan) -> bool:
    """Whether a date says again, at most a year wide, the time of the mention before it.

    "This all happened eleven years ago" after "between July 28th and 29th,
    2009" is the same raid, so it keeps the raid's place; "From 2009 to 2016"
    is a longer period, which may be another event, and keeps none.
    """
    return when.overlaps(before) and when.end <= when.start.add(years=1)


def _fallback_label(sentence: str) -> str:
    """The sentence's first words, when it names no event."""
    words = sentence.split()
    return " ".join(words[:_LABEL_WORDS])
