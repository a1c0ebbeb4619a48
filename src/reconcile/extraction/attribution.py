"""Who is quoted: speakers found from reporting verbs and "according to", resolved to sources.

A sentence's speaker is the subject of a reporting verb ("Iraqi officials
said", "The New York Times ... wrote", "hospital officials claim"), the
phrase after "according to", or the name after an inverted verb ("...,
said Maryam Rajavi"). A paragraph that ends by introducing a quotation
("Reuters reported from Baghdad:") makes its speaker the outer speaker of the
quoted paragraph after it, so that a chain can nest: the State Department
report, quoting "the press".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs
from rapidfuzz import fuzz

from reconcile.extraction.tokens import Token
from reconcile.model.source import Source, SourceKind

REPORTING_VERBS = frozenset(
    {
        "said", "says", "say", "reported", "reports", "report", "told", "tells",
        "claimed", "claims", "claim", "announced", "announces", "wrote", "writes",
        "stated", "states", "added", "adds", "denied", "denies", "deny", "confirmed",
        "confirms", "insisted", "alleged", "alleges", "revealed", "reveals", "declared",
        "explained", "explains", "clarifies", "clarified", "noted", "estimated", "quoted",
        "published",
    }
)  # fmt: skip
"""Verbs whose subject is the speaker of what follows.

Participles ("saying", "claiming") are left out: their speaker is the subject
of the main verb, often far before them, and a wrong guess is worse than none.
"""

_SPEAKER_NOUNS = frozenset(
    {
        "officials", "official", "sources", "source", "spokesman", "spokeswoman",
        "spokesperson", "ministry", "government", "group", "agency", "police", "army",
        "military", "witnesses", "forces", "office", "press", "reports", "media", "report",
        "authorities", "residents", "mission", "department", "organization", "organisation",
    }
)  # fmt: skip
_BOUNDARY_WORDS = frozenset(
    {
        "and", "while", "that", "but", "which", "who", "when", "because", "as", "if", "so",
        "then", "after", "before", "although", "where", "whereas", "also", "have", "has",
        "had", "was", "were", "is", "are", "it", "they", "he", "she", "we", "i", "you",
        "this", "these", "those", "there", "here", "not", "never", "both", "all",
    }
)  # fmt: skip
_AUXILIARIES = frozenset({"has", "have", "had", "also", "reportedly", "later", "then"})
_LEADING = frozenset({"the", "a", "an", "mr", "mrs", "ms", "dr", "in", "on", "by"})
_TITLE_PREFIX = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Gen|Col|Brig)\.?\s*)+")
_MAX_SPEAKER_WORDS = 6
_APPOSITIVE_WORDS = 10
_ARTICLES = frozenset({"a", "an"})
_ASIDE_WORDS = 12
_MATCH_SCORE = 85.0


@attrs.frozen(kw_only=True)
class Speaker:
    """A speaker named in a sentence, and whether their word ends with the sentence.

    "according to the press" vouches for its own sentence only (`scoped`);
    the subject of a reporting verb speaks on to the end of the paragraph.
    """

    name: str
    scoped: bool = False


def find_speakers(tokens: Sequence[Token], blocked: Sequence[bool]) -> list[Speaker]:
    """The speakers named in a sentence, outermost first ("according to" comes last)."""
    speakers: list[Speaker] = []
    for index, token in enumerate(tokens):
        word = token.text.lower()
        if word in REPORTING_VERBS:
            name = _subject_before(tokens, blocked, index) or _name_after(tokens, index)
            scoped = False
        elif word == "according" and index + 1 < len(tokens) and tokens[index + 1].text == "to":
            name = _phrase(tokens[index + 2 : index + 2 + _MAX_SPEAKER_WORDS])
            scoped = True
        else:
            continue
        if name and all(speaker.name != name for speaker in speakers):
            speakers.append(Speaker(name=name, scoped=scoped))
    return speakers


def _subject_before(tokens: Sequence[Token], blocked: Sequence[bool], verb: int) -> str | None:
    """The noun phrase that ends just before the verb, past an aside in commas and a date.

    "United Nations officials, after visiting the camp on Monday, said" and
    "The New York Times on September 3, 2013, wrote" both give their subject.
    """
    position = verb - 1
    while position >= 0 and tokens[position].text.lower() in _AUXILIARIES:
        position -= 1
    if position >= 0 and tokens[position].text == ",":
        aside = _aside_start(tokens, position)
        if aside is None:
            return None
        position = aside - 1
    while position >= 0 and (blocked[position] or tokens[position].text.lower() in {"on", ","}):
        position -= 1
    if position >= 0 and tokens[position].text == ")":  # "The Mujahedin-e Khalq (MeK) claimed"
        opening = next(
            (
                i
                for i in range(position - 1, max(position - _ASIDE_WORDS, -1), -1)
                if tokens[i].text == "("
            ),
            None,
        )
        position = position if opening is None else opening - 1
    words = _words_before(tokens, blocked, position, _APPOSITIVE_WORDS)
    start = position - len(words) + 1
    if words and words[0].text.lower() in _ARTICLES and start > 0 and tokens[start - 1].text == ",":
        # "Col. Wesley Martin, a former base commander in Camp Ashraf wrote": the name is
        # before the appositive, in its capitalised words.
        named = _words_before(tokens, blocked, start - 2, _MAX_SPEAKER_WORDS)
        capitalised = [t for t in named if t.text[:1].isupper()]
        if capitalised:
            return _phrase(named[named.index(capitalised[0]) :])
    return _phrase(words[-_MAX_SPEAKER_WORDS:])


def _words_before(
    tokens: Sequence[Token], blocked: Sequence[bool], position: int, most: int
) -> list[Token]:
    """The words that end at `position`, back to a boundary, at most `most` of them."""
    words: list[Token] = []
    while position >= 0 and len(words) < most:
        token = tokens[position]
        if not token.is_word or token.text.lower() in _BOUNDARY_WORDS or blocked[position]:
            break
        words.insert(0, token)
        position -= 1
    return words


def _aside_start(tokens: Sequence[Token], comma: int) -> int | None:
    """The comma that opens the aside closed by the comma at `comma`, if it is near."""
    for position in range(comma - 1, max(comma - _ASIDE_WORDS, -1), -1):
        if tokens[position].text == ",":
            return position
    return None


def _name_after(tokens: Sequence[Token], verb: int) -> str | None:
    """The capitalised name after an inverted verb: '..., said Maryam Rajavi'."""
    if verb == 0 or tokens[verb - 1].text not in {",", "”", '"'}:
        return None
    words = []
    for token in tokens[verb + 1 : verb + 1 + _MAX_SPEAKER_WORDS]:
        if not token.is_word or not token.text[:1].isupper():
            break
        words.append(token)
    return _phrase(words)


def _phrase(words: Iterable[Token]) -> str | None:
    """A speaker phrase from its words, or None when they do not name anyone."""
    kept = [token.text for token in words if token.is_word]
    cut = next((i for i, word in enumerate(kept) if word.lower() in _BOUNDARY_WORDS), None)
    kept = kept[:cut]
    while kept and kept[0].lower().rstrip(".") in _LEADING:
        kept = kept[1:]
    if not kept:
        return None
    named = any(word[:1].isupper() for word in kept)
    if not named and kept[-1].lower() not in _SPEAKER_NOUNS:
        return None
    return " ".join(kept)


def slug(name: str) -> str:
    """A source id made from a speaker's name: lower case, words joined by hyphens."""
    words = re.findall(r"[^\W_]+", name.lower())
    return "-".join(words) or "unknown"


def _as_sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(sources)


@attrs.frozen(kw_only=True)
class SourceResolver:
    """Turns speaker names into source ids, reusing the known sources where a name matches.

    A name matches a known source when it is close (rapidfuzz token set ratio
    of at least 85) to the source's name or id; otherwise a new source is
    made, with the name as written and its slug as id, for a person to review.
    """

    known: tuple[Source, ...] = attrs.field(default=(), converter=_as_sources)

    def resolve(self, name: str) -> Source:
        """The known source that `name` names, or a new one."""
        cleaned = _TITLE_PREFIX.sub("", name).strip()
        best: tuple[float, Source] | None = None
        for source in self.known:
            for label in (source.name, source.id.replace("-", " "), _bare(source.name)):
                shared = _shared_names(cleaned, label)
                if not shared:
                    continue
                score = fuzz.token_set_ratio(cleaned.lower(), label.lower())
                if shared == len(_names(cleaned)):
                    score = max(score, _MATCH_SCORE)  # every name word is in it, spelt close
                if score >= _MATCH_SCORE and (best is None or score > best[0]):
                    best = (score, source)
        if best is not None:
            return best[1]
        return Source(id=slug(cleaned), name=cleaned, kind=SourceKind.OTHER)


def _names(text: str) -> list[str]:
    """The words of a name that are not generic ("officials" alone is not a name)."""
    generic = _SPEAKER_NOUNS | _LEADING | {"of", "and", "the", "news", "international"}
    return [word for word in re.findall(r"[^\W_]+", text.lower()) if word not in generic]


def _shared_names(speaker: str, label: str) -> int:
    """How many name words of the speaker the label has, spelt alike.

    Words are compared with rapidfuzz, so that a name transliterated another way
    ("Khodabandeh", "Khodabande") still counts.
    """
    others = re.findall(r"[^\W_]+", label.lower())
    return sum(
        1
        for word in _names(speaker)
        if any(fuzz.ratio(word, other) >= _MATCH_SCORE for other in others)
    )


def _bare(name: str) -> str:
    """A source name without its parenthesised part: 'Tasnim' from 'Tasnim (agency)'."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip() or name
