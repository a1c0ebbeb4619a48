"""The default extractor: the project's own parsers and a handful of general rules, no model.

Per sentence: dates and figures are found and read by the value parsers; a
figure takes the attribute whose trigger word stands nearest it in its clause
(a figure with a unit of time near an event word is a duration); a date is
the event's date when an event or casualty word stands near it and no
reporting verb claims it ("The New York Times on September 3, 2013, wrote"
dates the report, not the raid); perpetrators come from three sure shapes
("an attack by X"); the speakers make the attribution chain;
the sentence and the mention before it describe the event.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs
import pendulum

from reconcile.extraction.attribution import REPORTING_VERBS, SourceResolver, find_speakers
from reconcile.extraction.dates import DateMatch, date_spans, find_dates
from reconcile.extraction.document import Passage
from reconcile.extraction.extractor import Document, Extraction, Extractor, register_extractor
from reconcile.extraction.figures import FigureMatch, find_figures
from reconcile.extraction.lexicon import WEAK_ATTRIBUTES, Lexicon
from reconcile.extraction.mentions import MentionFinder
from reconcile.extraction.perpetrators import find_perpetrators
from reconcile.extraction.sentences import Sentence, split_sentences
from reconcile.extraction.tokens import Token, tokenize
from reconcile.model.claim import Candidate, Claim, Evidence, Polarity, Value
from reconcile.model.event import EventMention
from reconcile.model.source import Source
from reconcile.values.category import Category
from reconcile.values.hedges import HedgePolicy

WORDS_BEFORE = 4
"""How far before a figure a trigger word may stand ("killing 11", "the deaths of nine")."""
WORDS_AFTER = 10
"""How far after a figure a trigger word may stand ("52 had been killed")."""
DATE_REACH = 6
"""How far from a date an event or casualty word must stand for it to date the event."""

_DENIALS = frozenset({"denied", "denies", "deny", "denying"})
_REPORT_NOUNS = frozenset(
    {"report", "testimony", "article", "statement", "published", "interview", "letter"}
)
_HARD_STOPS = frozenset({";", ":", "“", "”", '"', "while", "whereas", "but", "although"})
_SOFT_STOPS = {",": 2, "and": 3}
"""Words that put a trigger beyond them further from the figure (a distance, not one word)."""
_PARTS = frozenset({"including", "among"})
"""Words before a figure that make it a part of a total given elsewhere ("including six women")."""
_NOT_PEOPLE = frozenset(
    {
        "dollars", "dollar", "euros", "pounds", "rials", "dinars", "buildings", "vehicles",
        "houses", "homes", "cases", "times", "rockets", "mortars", "shells", "bombs", "tons",
        "km", "kilometres", "kilometers", "miles", "percent", "signatures", "letters", "pages",
    }
)  # fmt: skip
"""Nouns after a figure that say it counts things, not people: no casualty attribute fits."""
_OFFSETS = frozenset({"after", "before", "later", "ago", "earlier"})
"""Words after a duration that make it a time offset ("a few hours after the event")."""


@attrs.frozen(kw_only=True)
class RuleExtractor:
    """The rule-based extractor: `lexicon` names the attributes, `policy` reads vague words.

    `places` are place names to recognise in sentences besides the shapes
    "Camp X", "Province X"; confidence is higher the nearer the trigger word.
    Perpetrators are proposed from three sure shapes ("an attack by X",
    "under the command of X", "accused X of"; see `perpetrators`).
    """

    lexicon: Lexicon = attrs.field(factory=Lexicon.default)
    policy: HedgePolicy = attrs.field(factory=HedgePolicy.default)
    places: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    perpetrator: str | None = "perpetrator"
    """The attribute perpetrators are proposed under; None proposes none."""
    name: str = "rules"

    def extract(self, document: Document) -> Extraction:
        """The candidate claims of one document, and the quoted sources it found."""
        run = _Run(extractor=self, document=document)
        claims = [claim for passage in document.passages for claim in run.passage(passage)]
        return Extraction(claims=tuple(claims), sources=tuple(run.found.values()))


@attrs.define(kw_only=True)
class _Run:
    """The state of one document's extraction: the antecedent, the quoted speaker, the ids."""

    extractor: RuleExtractor
    document: Document
    mentions: MentionFinder = attrs.field()
    resolver: SourceResolver = attrs.field()
    found: dict[str, Source] = attrs.field(factory=dict)
    quoting: list[str] = attrs.field(factory=list)
    quote_published: pendulum.DateTime | None = None
    quote_open: bool = False
    passage_index: int = 0

    @mentions.default
    def _mentions(self) -> MentionFinder:
        return MentionFinder(lexicon=self.extractor.lexicon, places=self.extractor.places)

    @resolver.default
    def _resolver(self) -> SourceResolver:
        return SourceResolver(known=self.document.known)

    def passage(self, passage: Passage) -> Iterator[Claim]:
        """The candidates of one paragraph.

        A paragraph that introduces a quotation ("The New York Times on September
        3, 2013, wrote:") makes its speaker the outer speaker of the quoted
        paragraphs after it, and its date the date they are read against.
        """
        self.passage_index += 1
        quoted = bool(self.quoting) and (self.quote_open or _opens_with_quote(passage.text))
        outer = list(self.quoting) if quoted else []
        published = (self.quote_published if quoted else None) or self.document.published
        last_speakers: list[str] = []
        report_date: DateMatch | None = None
        for sentence in split_sentences(passage):
            tokens = tokenize(sentence.text)
            dates = list(find_dates(sentence.text, published))
            blocked = _blocked(tokens, date_spans(sentence.text))
            named = find_speakers(tokens, blocked)
            # Reported speech runs on: a sentence that names no speaker is still the last
            # speaker's, to the end of the paragraph ("according to" vouches for one sentence).
            speakers = [self._source_id(s.name) for s in named] or last_speakers
            if named:
                last_speakers = [self._source_id(s.name) for s in named if not s.scoped]
            chain = _chain(self.document.source.id, [*outer, *speakers])
            report_date = next((d for d in dates if _is_report_date(tokens, d)), None)
            alone = len(dates) == 1
            event_dates = _narrowest(
                [date for date in dates if self._dates_event(tokens, date, alone)]
            )
            mention = self.mentions.mention(sentence.text, tokens, event_dates, self.passage_index)
            at = (sentence, chain, mention, published)
            yield from self._figures(at, tokens, blocked)
            yield from self._perpetrators(at)
            for date in event_dates:
                yield self._claim(at, date.start, "date", date.value, date.text, 0.7)
        self._after(passage, quoted, last_speakers, report_date)

    def _after(
        self,
        passage: Passage,
        quoted: bool,
        last_speakers: list[str],
        report_date: DateMatch | None,
    ) -> None:
        """Remember who a quotation opened here belongs to, or keep one still open."""
        text = passage.text.rstrip()
        if text.endswith((":", "“")):
            self.quoting = last_speakers
            self.quote_published = report_date.value.start if report_date else None
            self.quote_open = text.endswith("“")
        elif quoted and text.count("“") > text.count("”"):
            self.quote_open = True
        else:
            self.quoting, self.quote_published, self.quote_open = [], None, False

    def _source_id(self, name: str) -> str:
        source = self.resolver.resolve(name)
        if source.id != self.document.source.id:
            self.found.setdefault(source.id, source)
        return source.id

    def _figures(
        self, at: _Place, tokens: Sequence[Token], blocked: Sequence[bool]
    ) -> Iterator[Claim]:
        figures = list(find_figures(at[0].text, tokens, blocked, self.extractor.policy))
        for figure in figures:
            found = self._attribute(tokens, figures, figure)
            if found is None:
                continue
            attribute, distance = found
            confidence = max(0.3, 0.9 - 0.08 * (distance - 1))
            polarity = Polarity.DENIES if _denied(tokens, figure) else Polarity.ASSERTS
            yield self._claim(
                at, figure.start, attribute, figure.value, figure.text, confidence, polarity
            )

    def _perpetrators(self, at: _Place) -> Iterator[Claim]:
        if self.extractor.perpetrator is None:
            return
        for named in find_perpetrators(at[0].text):
            label = Category(label=named.text)
            yield self._claim(at, named.start, self.extractor.perpetrator, label, named.text, 0.6)

    def _attribute(
        self, tokens: Sequence[Token], figures: Sequence[FigureMatch], figure: FigureMatch
    ) -> tuple[str, int] | None:
        """The attribute a figure counts, and how far its trigger stands from it."""
        window = list(_clause_window(tokens, figures, figure))
        following = [t.text.lower() for t in tokens[figure.last + 1 : figure.last + 3]]
        preceding = tokens[figure.first - 1].text.lower() if figure.first else ""
        if preceding in _PARTS or any(word in _NOT_PEOPLE for word in following):
            return None
        if preceding == "[" and following[:1] == ["]"]:  # a footnote mark: "[3]"
            return None
        if self.extractor.lexicon.is_duration_unit(figure.value.unit):
            if following[:1] and following[0] in _OFFSETS:
                return None
            if any(self.extractor.lexicon.is_event_word(t.text) for t, _ in window) or any(
                t.text.lower() in {"lasted", "lasting"} for t, _ in window
            ):
                return "duration", 1
            return None
        if figure.value.unit is not None:
            return None
        triggers = [
            (attribute, distance)
            for token, distance in window
            if (attribute := self.extractor.lexicon.attribute_of(token.text)) is not None
        ]
        strong = [found for found in triggers if found[0] not in WEAK_ATTRIBUTES]
        # On a tie the trigger after the figure wins: "the 42 remaining residents over twenty
        # were injured" (a trigger before the figure is listed first by the window).
        ranked = sorted(enumerate(strong or triggers), key=lambda item: (item[1][1], -item[0]))
        return ranked[0][1] if ranked else None

    def _dates_event(self, tokens: Sequence[Token], date: DateMatch, alone: bool) -> bool:
        """Whether a date is the event's: near an event or casualty word, not a report's.

        Near is within `DATE_REACH` words; a sentence's only date may have
        its event word anywhere in the sentence.
        """
        first = next(i for i, token in enumerate(tokens) if token.end > date.start)
        last = max(i for i, token in enumerate(tokens) if token.start < date.end)
        before = [t.text.lower() for t in tokens[max(0, first - 4) : first]]
        said_on = any(word in REPORTING_VERBS for word in before[-2:])  # "said on September 7"
        if _is_report_date(tokens, date) or said_on or any(w in _REPORT_NOUNS for w in before):
            return False
        words_before = [t for t in tokens[:first] if t.is_word][-DATE_REACH:]
        words_after = [t for t in tokens[last + 1 :] if t.is_word][:DATE_REACH]
        near = tokens if alone else [*words_before, *words_after]
        return any(self._names_event(token) for token in near if token.is_word)

    def _names_event(self, token: Token) -> bool:
        lexicon = self.extractor.lexicon
        return lexicon.is_event_word(token.text) or lexicon.attribute_of(token.text) is not None

    def _claim(
        self,
        at: _Place,
        offset: int,
        attribute: str,
        value: Value,
        value_text: str,
        confidence: float,
        polarity: Polarity = Polarity.ASSERTS,
    ) -> Claim:
        sentence, chain, mention, published = at
        return Claim(
            id=f"{_stem(self.document.name)}-{attribute}-{sentence.start + offset}",
            source=chain[0],
            attribution=chain[1:],
            mention=mention,
            attribute=attribute,
            value=value,
            value_text=value_text,
            polarity=polarity,
            evidence=Evidence(
                document=self.document.name,
                quote=sentence.text,
                span=(sentence.start, sentence.end),
            ),
            published=published,
            candidate=Candidate(extractor=self.extractor.name, confidence=round(confidence, 2)),
        )


_Place = tuple[Sentence, tuple[str, ...], EventMention, pendulum.DateTime | None]
"""Where a claim stands: its sentence, its chain, its event mention, its reading date."""


def _is_report_date(tokens: Sequence[Token], date: DateMatch) -> bool:
    """Whether a reporting verb follows the date: "on September 3, 2013, wrote"."""
    last = max(i for i, token in enumerate(tokens) if token.start < date.end)
    after = [t.text.lower() for t in tokens[last + 1 : last + 3] if t.text != ","]
    return bool(after) and after[0] in REPORTING_VERBS


def _narrowest(dates: Sequence[DateMatch]) -> list[DateMatch]:
    """The dates without those that contain another: "In 2009, between July 28th and 29th"."""
    return [
        date
        for date in dates
        if not any(
            other is not date and other.value != date.value and date.value.contains(other.value)
            for other in dates
        )
    ]


def _blocked(tokens: Sequence[Token], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Which tokens belong to a date phrase, so that no figure is read from them."""
    return [any(start < t.end and t.start < end for start, end in spans) for t in tokens]


def _clause_window(
    tokens: Sequence[Token], figures: Sequence[FigureMatch], figure: FigureMatch
) -> Iterator[tuple[Token, int]]:
    """The words around a figure within its clause, with their distance from it.

    Before the figure the clause ends at a comma; after it, a comma or an
    "and" only puts the words beyond it further away ("52 had been killed and
    of the 42 remaining"). Words in parentheses after the figure are skipped:
    "seven people (Massoud Rajavi's personal security detail) are still missing".
    """
    starts = {other.first for other in figures if other is not figure}
    ends = {other.last for other in figures if other is not figure}
    distance = 0
    for position in range(figure.first - 1, -1, -1):
        token = tokens[position]
        lowered = token.text.lower()
        if (
            position in ends
            or lowered in _HARD_STOPS
            or token.text == ","
            or distance >= WORDS_BEFORE
        ):
            break
        if token.is_word:
            distance += _SOFT_STOPS.get(lowered, 1)
            yield token, distance
    distance = 0
    depth = 0
    for position in range(figure.last + 1, len(tokens)):
        token = tokens[position]
        lowered = token.text.lower()
        if position in starts or lowered in _HARD_STOPS or distance >= WORDS_AFTER:
            break
        depth += {"(": 1, ")": -1}.get(token.text, 0)
        if depth == 0 and (token.is_word or token.text == ","):
            distance += _SOFT_STOPS.get(lowered, 1)
            if token.is_word:
                yield token, distance


def _denied(tokens: Sequence[Token], figure: FigureMatch) -> bool:
    """Whether a denial verb stands just before the figure: 'both denied ... that the seven'."""
    before = tokens[max(0, figure.first - WORDS_BEFORE - 1) : figure.first]
    return any(token.text.lower() in _DENIALS for token in before)


def _chain(publisher: str, speakers: Sequence[str]) -> tuple[str, ...]:
    chain = [publisher]
    for speaker in speakers:
        if speaker not in chain:
            chain.append(speaker)
    return tuple(chain)


def _opens_with_quote(text: str) -> bool:
    return text.lstrip()[:1] in {"“", '"', "‘"}  # noqa: RUF001  (curly quotes are what the articles use)


def _stem(name: str) -> str:
    """The document's name without folder and extension, as id characters: "my-article"."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[^\w.:@#+~-]+", "-", base).strip("-") or "document"


def _default_rules() -> Extractor:
    return RuleExtractor()


register_extractor("rules", _default_rules)
