"""Who did it: perpetrators named by three plain, sure shapes of English.

- an attack word followed by "by": "an attack by Iranian proxies Kata'ib Hezballah (KH)
  and Asa'ib Ahl al-Haq", "was carried out by a group of Iraqi youth", "was targeted
  by terrorist agents of the Iranian regime";
- "under the command of": "under the command of Qassem Soleimani";
- "accused ... of": "The group has accused Iraqi troops of carrying out the assault".

The named words end at a clause boundary (punctuation, a preposition of place or time,
a relative pronoun, a verb of being); parenthesised acronyms are dropped; "and" and "or"
split several perpetrators. The subject of an attack verb ("Iraqi Forces viciously
attacked") is not read: too many subjects are not perpetrators.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

_VERBS = (
    r"(?:attack(?:s|ed)?|raid(?:s|ed)?|assault(?:s|ed)?|counterattack(?:s|ed)?|carried out"
    r"|targeted|conducted|committed|perpetrated|massacred?|bombed|shelled|struck)"
)
_NAMES = r"(?P<names>[^,.;:()“”\"]+(?:\([^)]*\)[^,.;:()“”\"]*)*)"
_SHAPES = [
    re.compile(rf"\b{_VERBS}\s+(?:\w+\s+)?by\s+{_NAMES}", re.IGNORECASE),
    # A commander is a name: its capitalised words ("of General Smith shelled" is General Smith).
    re.compile(
        r"\b[Uu]nder the command of\s+(?P<names>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)"  # noqa: RUF001
    ),
    re.compile(r"\baccus(?:es|ed|e|ing)\s+(?P<names>[^,.;:()“”\"]+?)\s+of\b", re.IGNORECASE),
]
_END = re.compile(
    r"\s+(?:on|at|against|during|with|when|while|to|for|who|whom|which|that|was|were|is|are"
    r"|has|had|have|so|from|near|after|before|since|as)\b.*",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s+(?:and|or)\s+")
_ACRONYM = re.compile(r"\s*\([^)]*\)")


@attrs.frozen(kw_only=True)
class Perpetrator:
    """A perpetrator's words in a sentence and their offsets there."""

    text: str
    start: int
    end: int


def find_perpetrators(sentence: str) -> Iterator[Perpetrator]:
    """The perpetrators the sentence names in one of the three shapes, in order."""
    for shape in _SHAPES:
        for match in shape.finditer(sentence):
            yield from _names(sentence, match.start("names"), match.group("names"))


def _names(sentence: str, start: int, words: str) -> Iterator[Perpetrator]:
    cut = _END.search(words)
    words = words[: cut.start()] if cut else words
    offset = 0
    for part in _SPLIT.split(words):
        at = words.index(part, offset)
        offset = at + len(part)
        name = _ACRONYM.sub("", part).strip()
        if not name or not any(ch.isalpha() for ch in name):
            continue
        first = start + at + part.index(name.split()[0])
        text = sentence[first : first + len(name)]
        if text == name:  # an acronym dropped from the middle would break the quote's words
            yield Perpetrator(text=name, start=first, end=first + len(name))
