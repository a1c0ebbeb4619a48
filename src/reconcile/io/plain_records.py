"""The fast path of loading: plain claim (and source) records, each distinct text read once.

`PlainRecords.claim` takes one raw claim record (a mapping of what JSON, YAML,
CSV or a table row gives) and returns the `Claim` that the general path of
`reconcile.io.files` (reading the texts, the cattrs converter, attrs'
validators) builds from it, or None. It returns None for a record of a shape
it does not know (a tagged value, a null, an unexpected key or type, a number
beyond the limits) and for a record that fails any check: the general path
then reads that record and reports its problems as it always has. So the fast
path never decides what is wrong with a record, only that nothing is; the
differential tests in ``tests/test_plain_records.py`` hold it to that.

What it saves: each distinct text (a publication date, a value's words under
its attribute, a mention and its date, an attribution chain, a source's id)
is read and checked once per load, keyed by exactly what its reading depends
on, and each claim is built from checked fields without checking them again
(`checked_claim`). The caches live as long as the `PlainRecords` of one load.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Hashable
from typing import Any

import attrs
import pendulum

from reconcile.io.convert import read_published
from reconcile.io.limits import MAX_WHOLE_NUMBER, json_needs_a_look
from reconcile.io.value_text import publication_span, read_value_text, reference_of
from reconcile.model.claim import (
    Candidate,
    Claim,
    Evidence,
    Interest,
    Polarity,
    Value,
    begins_its_unit,
    checked_claim,
)
from reconcile.model.event import EventMention, checked_mention
from reconcile.model.schema import AttributeSchema, ValueKind
from reconcile.model.source import Source, SourceKind, checked_source
from reconcile.validators import ID_PATTERN, check_attribute_name, check_id, normalise_words
from reconcile.values.hedges import HedgePolicy
from reconcile.values.parse_timespan import parse_timespan, reads_alone, reference_days
from reconcile.values.quantity import Quantity
from reconcile.values.timespan import Precision, TimeSpan

_CLAIM_KEYS = frozenset(
    {
        "id", "source", "attribution", "event", "mention", "attribute", "value", "polarity",
        "evidence", "published", "value_text", "interest", "qualifier", "candidate",
    }
)  # fmt: skip
"""The keys a plain record may hold; ``published_precision`` is a problem, left to the loader."""
_SOURCE_TEXTS = frozenset(
    {"id", "name", "kind", "affiliation", "description", "url", "timezone", "speaks_for", "party"}
)
"""The fields of a source that a file gives as text."""
_COMMON_SOURCE_TEXTS = frozenset({"id", "name", "kind", "affiliation"})
"""The fields of most sources, which `PlainRecords._common_source` checks once per text."""
_MENTION_KEYS = frozenset({"label", "kind", "when", "where"})
_EVIDENCE_TEXTS = frozenset({"document", "quote", "url"})
_CLAIM_FIELDS = attrs.fields(Claim)
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
"""The C scanner behind `json.loads`, without its Python wrappers (a large file has many lines)."""


class _NotPlainError(Exception):
    """The record is not of the plain shape the fast path reads: the general path must."""


@attrs.frozen
class _Published:
    """A publication date as read, what relative dates are read against, and what they use of it."""

    moment: pendulum.DateTime
    precision: Precision
    reference: pendulum.DateTime | TimeSpan
    days: tuple[pendulum.Date, ...] | None


@attrs.define
class PlainRecords:
    """Builds the claims of plain records of one load, reading each distinct text once.

    `schema_of` gives an attribute's schema (None when it has none), and
    `timezone_of` the zone of a source's clock times, as the loader knows
    them; `policy` reads hedged figures.
    """

    policy: HedgePolicy
    schema_of: Callable[[str], AttributeSchema | None]
    timezone_of: Callable[[str], str | None]
    _ids: dict[str, str] = attrs.Factory(dict)
    """Each id checked so far, as the one string that every claim naming it keeps."""
    _chains: dict[tuple[str, tuple[Any, ...]], tuple[str, ...]] = attrs.Factory(dict)
    _shared: dict[Hashable, Any] = attrs.Factory(dict)
    """Texts of mentions and attribution chains, each kept once however many records write it.

    A file's parser makes new strings on every line; the mentions of 10^6 simulated
    claims write a few thousand labels and a few kinds and places in 330,000 ways.
    """
    _attributes: dict[str, str] = attrs.Factory(dict)
    _published: dict[tuple[type, Any, str | None], _Published] = attrs.Factory(dict)
    _values: dict[Hashable, tuple[Value, str | None]] = attrs.Factory(dict)
    _numbers: dict[tuple[type, str], Quantity] = attrs.Factory(dict)
    _mentions: dict[Hashable, EventMention] = attrs.Factory(dict)
    _words: dict[str, str] = attrs.Factory(dict)
    _alone: dict[str, bool] = attrs.Factory(dict)
    """Whether each date text is read without its reference (`reads_alone`), once per text."""
    _kinds: dict[str, SourceKind] = attrs.Factory(dict)
    _affiliations: dict[str, str] = attrs.Factory(dict)
    """Each source kind and affiliation as a source holds it, read once per text."""

    def json_line(self, line: str) -> Claim | None:
        """The claim of one line of JSON Lines, or None when the general path must read it.

        Lines that the loader's JSON checks would look at more closely (surrogate
        escapes, many brackets) go to the general path; so do numbers beyond the
        limits, which `claim` refuses.
        """
        if line[:1] != "{":
            return None
        if json_needs_a_look(line, depth=True):
            return None
        try:
            record, end = _SCAN(line, 0)
        except Exception:  # whatever is wrong, the general path says it in its words
            return None
        return self.claim(record) if end == len(line) else None

    def claim(self, record: Any) -> Claim | None:
        """The claim the general path would build of `record`, or None when it must read it."""
        try:
            return self._claim(record)
        except Exception:  # the general path finds and words every problem; none is lost
            return None

    def source(self, record: Any) -> Source | None:
        """The source the general path would build of `record`, or None when it must read it.

        A plain source record holds text only (and no reliability, a number the
        general path reads); `Source` itself checks every field, as it does there.
        """
        if (
            type(record) is not dict
            or not record.keys() <= _SOURCE_TEXTS
            or not all(type(item) is str for item in record.values())
        ):
            return None
        try:
            if record.keys() <= _COMMON_SOURCE_TEXTS:
                return self._common_source(record)
            if "kind" in record:
                return Source(**{**record, "kind": SourceKind(record["kind"])})
            return Source(**record)
        except Exception:  # the general path finds and words every problem; none is lost
            return None

    def _common_source(self, record: dict[str, str]) -> Source:
        """A source of an id and maybe a name, kind and affiliation: its checks, once per text.

        Most sources of a large file are of this shape, and share a few kinds
        and affiliations: `Source` checking each took a quarter of reading
        the sources of 10^6 simulated claims.
        """
        fields: dict[str, Any] = {"id": record["id"]}
        if ID_PATTERN.fullmatch(record["id"]) is None:
            raise _NotPlainError
        if "name" in record:
            if not record["name"].strip():
                raise _NotPlainError
            fields["name"] = record["name"]
        if "kind" in record:
            fields["kind"] = self._source_kind(record["kind"])
        if "affiliation" in record:
            fields["affiliation"] = self._affiliation(record["affiliation"])
        return checked_source(fields)

    def _source_kind(self, text: str) -> SourceKind:
        """The kind a source's text names, read once per text."""
        kind = self._kinds.get(text)
        if kind is None:
            kind = self._kinds[text] = SourceKind(text)
        return kind

    def _affiliation(self, text: str) -> str:
        """The affiliation as `Source` writes it, read once per text."""
        known = self._affiliations.get(text)
        if known is None:
            written = Source(id="x", affiliation=text).affiliation
            assert written is not None  # it was given
            known = self._affiliations[text] = written
        return known

    def _claim(self, record: Any) -> Claim:
        if type(record) is not dict or not record.keys() <= _CLAIM_KEYS:
            raise _NotPlainError
        claim_id = record["id"]
        if type(claim_id) is not str or ID_PATTERN.fullmatch(claim_id) is None:
            raise _NotPlainError
        source = self._check_id(record["source"], "source")
        attribute = self._check_attribute(record["attribute"])
        fields: dict[str, Any] = {"id": claim_id, "source": source, "attribute": attribute}
        timezone = self.timezone_of(source)
        published = None
        if "published" in record:
            published = self._read_published(record["published"], timezone)
            fields["published"] = published.moment
            fields["published_precision"] = published.precision
        if "attribution" in record:
            fields["attribution"] = self._chain(source, record["attribution"])
        if "event" in record:
            fields["event"] = self._check_id(record["event"], "event")
        if "mention" in record:
            fields["mention"] = self._mention(record["mention"], published, timezone)
        elif "event" not in record:
            raise _NotPlainError  # a claim must name its event or describe it
        value_text = record.get("value_text")
        if value_text is not None and (type(value_text) is not str or not value_text.strip()):
            raise _NotPlainError
        if "value" in record:
            value, text = self._value(record["value"], attribute, published, timezone)
            fields["value"] = value
            value_text = text if "value_text" not in record else value_text
        elif value_text is None:
            raise _NotPlainError  # a claim needs a value or its words
        if value_text is not None:
            fields["value_text"] = value_text
        if "polarity" in record:
            fields["polarity"] = Polarity(_text(record["polarity"]))
        if "interest" in record:
            fields["interest"] = Interest(_text(record["interest"]))
        if "qualifier" in record:
            fields["qualifier"] = self._qualifier(record["qualifier"])
        if "evidence" in record:
            fields["evidence"] = _evidence(record["evidence"])
        if "candidate" in record:
            fields["candidate"] = _candidate(record["candidate"])
        return checked_claim(fields)

    def _check_id(self, value: Any, field: str) -> str:
        """The id, checked once per load, as one string shared by every claim that names it.

        A file's parser makes a new string of each id on every line; a claim keeps
        the first one instead, which saves a hundred bytes a claim in memory.
        """
        known = self._ids.get(value)
        if known is None:
            check_id(None, getattr(_CLAIM_FIELDS, field), _text(value))
            known = self._ids[value] = value
        return known

    def _check_attribute(self, name: Any) -> str:
        """The attribute's name, checked once per load, as one shared string (see `_check_id`)."""
        known = self._attributes.get(name)
        if known is None:
            check_attribute_name(None, _CLAIM_FIELDS.attribute, _text(name))
            known = self._attributes[name] = name
        return known

    def _chain(self, source: str, links: Any) -> tuple[str, ...]:
        """The attribution as a tuple, once its ids and the whole chain are checked."""
        if type(links) not in (list, tuple):
            raise _NotPlainError
        key = (source, tuple(links))
        chain = self._chains.get(key)
        if chain is None:
            chain = tuple(self._check_id(link, "attribution") for link in links)
            if len(set(chain)) != len(chain) or source in chain:
                raise _NotPlainError  # a cycle
            chain = self._shared.setdefault(chain, chain)
            self._chains[(source, chain)] = chain  # the checked ids, not the line's (see _mention)
        return chain

    def _read_published(self, raw: Any, timezone: str | None) -> _Published:
        """A publication date read once per text (or YAML date, or year) and zone."""
        if type(raw) not in (str, int, dt.date):
            raise _NotPlainError  # a YAML time: equal instants in two zones would share a key
        key = (type(raw), raw, timezone)
        published = self._published.get(key)
        if published is None:
            moment, precision = read_published(raw, timezone)
            if not 1 < moment.year < 9999:
                # Only a date of the calendar's first or last year can lack a span (of at most
                # a year) within the calendar: the general path refuses it, so it must go there.
                publication_span(moment, precision)
            if not begins_its_unit(moment, precision):
                raise _NotPlainError
            reference = reference_of(moment, precision)
            published = _Published(moment, precision, reference, reference_days(reference))
            self._published[key] = published
        return published

    def _value(
        self, raw: Any, attribute: str, published: _Published | None, timezone: str | None
    ) -> tuple[Value, str | None]:
        """The value of the claim and the words to keep, read once per what the reading uses."""
        schema = self.schema_of(attribute)
        if schema is None:
            raise _NotPlainError
        if type(raw) in (int, float):
            if schema.kind is not ValueKind.QUANTITY:
                raise _NotPlainError
            return self._number(raw), None
        text = _text(raw)
        key: Hashable
        if schema.kind is ValueKind.TIMESPAN:
            key = (schema.kind, text, timezone, self._days_for(text, published))
        elif schema.kind is ValueKind.QUANTITY:
            key = (schema.kind, text, schema.measure)
        else:
            key = (schema.kind, text)
        read = self._values.get(key)
        if read is None:
            read = read_value_text(
                text,
                schema.kind,
                reference=None if published is None else published.reference,
                policy=self.policy,
                timezone=timezone,
                measure=schema.measure,
            )
            self._values[key] = read
        return read

    def _number(self, raw: float) -> Quantity:
        """An exact figure, once per number as written (2 and 2.0 are kept apart)."""
        if type(raw) is int and abs(raw) > MAX_WHOLE_NUMBER:
            raise _NotPlainError
        if type(raw) is float and not math.isfinite(raw):
            raise _NotPlainError
        key = (type(raw), repr(raw))
        quantity = self._numbers.get(key)
        if quantity is None:
            quantity = self._numbers[key] = Quantity.exact(raw)
        return quantity

    def _mention(
        self, raw: Any, published: _Published | None, timezone: str | None
    ) -> EventMention:
        """The event mention, built once per mention as written and reading of its date."""
        if type(raw) is not dict:
            raise _NotPlainError
        when = raw.get("when")
        reading = None if when is None else (timezone, self._days_for(_text(when), published))
        # Its keys, then its values: one tuple, where its items would be one more each.
        key = (*raw, *raw.values(), reading)
        mention = self._mentions.get(key)
        if mention is None:
            texts = {
                sys.intern(name): self._shared.setdefault(text, text) for name, text in raw.items()
            }
            mention = _new_mention(texts, published, timezone)
            # Kept under texts that outlive the line (its own die with it), so that the
            # load leaves no garbage strings strewn among the claims when the cache goes.
            self._mentions[(*texts, *texts.values(), reading)] = mention
        return mention

    def _days_for(
        self, text: str, published: _Published | None
    ) -> tuple[pendulum.Date, ...] | None:
        """What a date's reading uses of the publication date: nothing for ISO 8601 text."""
        if published is None:
            return None
        alone = self._alone.get(text)
        if alone is None:
            alone = self._alone[text] = reads_alone(text)
        return None if alone else published.days

    def _qualifier(self, raw: Any) -> str:
        words = self._words.get(raw)
        if words is None:
            words = self._words[raw] = normalise_words(_text(raw))
        return words


def _new_mention(
    raw: dict[str, Any], published: _Published | None, timezone: str | None
) -> EventMention:
    """The mention of a mapping of text fields, its date read against the publication date."""
    if not raw.keys() <= _MENTION_KEYS or any(type(part) is not str for part in raw.values()):
        raise _NotPlainError  # a null, or another type, is for the general path to judge
    if "label" not in raw or not all(part.strip() for part in raw.values()):
        raise _NotPlainError  # what `EventMention` checks of its texts: the general path says it
    fields: dict[str, Any] = dict(raw)  # its texts: a field it does not give takes its default
    if "when" in raw:
        reference = None if published is None else published.reference
        fields["when"] = parse_timespan(raw["when"], reference=reference, timezone=timezone)
    return checked_mention(fields)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise _NotPlainError
    return value


def _evidence(raw: Any) -> Evidence:
    if type(raw) is not dict:
        raise _NotPlainError
    for key, part in raw.items():
        if key in _EVIDENCE_TEXTS:
            _text(part)
        elif (
            key != "span"
            or type(part) is not list
            or len(part) != 2
            or any(type(end) is not int or abs(end) > MAX_WHOLE_NUMBER for end in part)
        ):
            raise _NotPlainError
    return Evidence(**raw)


def _candidate(raw: Any) -> Candidate:
    if type(raw) is not dict or raw.keys() != {"extractor", "confidence"}:
        raise _NotPlainError
    _text(raw["extractor"])
    confidence = raw["confidence"]
    if type(confidence) not in (int, float) or not math.isfinite(confidence):
        raise _NotPlainError
    return Candidate(**raw)
