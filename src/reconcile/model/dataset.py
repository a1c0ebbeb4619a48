"""`Dataset`: sources, events, attribute schemas and claims that refer to each other."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from os import PathLike
from statistics import median
from typing import Any

import attrs

from reconcile.errors import DatasetError, Problem
from reconcile.model.claim import VALUE_TYPES, Claim, Value
from reconcile.model.event import Event
from reconcile.model.gazetteer import Gazetteer, Place, gazetteer_problems
from reconcile.model.schema import AttributeSchema, ValueKind, standard_attributes
from reconcile.model.source import Source
from reconcile.validators import as_tuple, attribute_id, check_optional_timezone
from reconcile.values.quantity import Measure, Quantity, central_figure, robust_spread


def _all_of(kind: type) -> Any:
    return attrs.validators.deep_iterable(attrs.validators.instance_of(kind))


@attrs.frozen(kw_only=True)
class Dataset:
    """Everything one reconciliation works on, checked as a whole.

    Building a dataset checks what no single record can check alone, and
    reports every problem at once in a `DatasetError`: duplicate ids, claims
    that name unknown sources (as publisher or anywhere in their attribution
    chain) or unknown events, and values whose kind differs from their
    attribute's schema. Attributes not declared in `attributes` use
    `standard_attributes()` when they are standard, and otherwise the kind of
    their first value, which all their other values must share.

    `timezone` (an IANA name) is the zone of clock times written without an
    offset, unless their source names its own; `places` is the gazetteer
    (see `Gazetteer`), checked with the rest.
    """

    sources: tuple[Source, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_all_of(Source)
    )
    events: tuple[Event, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_all_of(Event)
    )
    attributes: tuple[AttributeSchema, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_all_of(AttributeSchema)
    )
    claims: tuple[Claim, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_all_of(Claim)
    )
    timezone: str | None = attrs.field(default=None, validator=check_optional_timezone)
    places: tuple[Place, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_all_of(Place)
    )

    def __attrs_post_init__(self) -> None:
        problems = list(self.problems())
        if problems:
            raise DatasetError(problems)

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        """The sources, by id."""
        return {source.id: source for source in self.sources}

    @cached_property
    def claims_by_id(self) -> dict[str, Claim]:
        """The claims, by id."""
        return {claim.id: claim for claim in self.claims}

    @cached_property
    def events_by_id(self) -> dict[str, Event]:
        """The declared events, by id."""
        return {event.id: event for event in self.events}

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """The places of the dataset, with their containment and aliases."""
        return Gazetteer(places=self.places)

    @cached_property
    def schemas(self) -> dict[str, AttributeSchema]:
        """The schema of every attribute by identifier: standard ones, overridden by declared."""
        return {**standard_attributes(), **{schema.id: schema for schema in self.attributes}}

    def schema(self, attribute: str) -> AttributeSchema | None:
        """The schema of `attribute` (by identifier), declared or standard; None if undeclared."""
        return self.schemas.get(attribute_id(attribute))

    @cached_property
    def claimed_schemas(self) -> dict[str, AttributeSchema]:
        """The schema of every attribute some claim names: declared, standard or inferred.

        An undeclared attribute's schema is inferred from all its values
        (`AttributeSchema.inferred`), so every event reads it alike.
        """
        return self._schemas_of_claims(self.claims)

    def _schemas_of_claims(self, claims: Iterable[Claim]) -> dict[str, AttributeSchema]:
        """`claimed_schemas` of the attributes `claims` name, which must be all of their claims."""
        values: dict[str, list[Value]] = {}
        for claim in claims:
            said = values.setdefault(claim.attribute, [])
            if claim.value is not None:  # a claim in words only says nothing of the kind
                said.append(claim.value)
        schemas = {
            attribute: self.schema(attribute) or AttributeSchema.inferred(attribute, said)
            for attribute, said in values.items()
        }
        return {
            attribute: self._with_typical_spread(schema)
            if schema.measure is Measure.MEASUREMENT and schema.typical_spread is None
            else schema
            for attribute, schema in schemas.items()
        }

    def _settled(self, attribute: str) -> bool:
        """Whether the attribute's claimed schema is its declared or standard one as it is.

        Then its claims change nothing of it: no kind is inferred from them,
        no typical spread worked out from their figures.
        """
        schema = self.schema(attribute)
        return schema is not None and not (
            schema.measure is Measure.MEASUREMENT and schema.typical_spread is None
        )

    def _with_typical_spread(self, schema: AttributeSchema) -> AttributeSchema:
        """The schema with the median, over events, of the spread of its figures per event.

        Claims without an event id are pooled into one; events whose figures
        all agree are left out (they have no spread to tell). With no spread
        at all, 1 stands in: then any figure that differs from the rest is far.
        """
        by_event: dict[str | None, list[float]] = {}
        for claim in self.claims:
            if claim.attribute == schema.name and isinstance(claim.value, Quantity):
                by_event.setdefault(claim.event, []).append(central_figure(claim.value))
        spreads = [robust_spread(figures) for figures in by_event.values()]
        typical = median([spread for spread in spreads if spread > 0] or [1.0])
        return attrs.evolve(schema, typical_spread=typical)

    def source(self, source_id: str) -> Source:
        """The source with id `source_id`; a `KeyError` that names it when there is none."""
        try:
            return self.sources_by_id[source_id]
        except KeyError:
            raise KeyError(f"no source with id {source_id!r} in the dataset") from None

    def problems(self) -> Iterator[Problem]:
        """Every inconsistency between the records, each naming its section, record and field."""
        return find_problems(
            sources=list(enumerate(self.sources)),
            events=list(enumerate(self.events)),
            attributes=list(enumerate(self.attributes)),
            claims=list(enumerate(self.claims)),
            places=list(enumerate(self.places)),
        )

    def with_claims(self, claims: Iterable[Claim]) -> Dataset:
        """A copy with more claims added, checked as any dataset is.

        Only the new claims are checked (against every record): the dataset
        was checked when it was built, so that adding a few claims to a large
        dataset costs little. For the same reason, what this dataset has
        already worked out of its records (its claims by id, the claimed
        schemas...) is carried over to the copy, with the new claims in,
        rather than worked out again from every claim.
        """
        added = tuple(claims)
        for claim in added:
            if not isinstance(claim, Claim):
                raise TypeError(f"with_claims takes Claim objects, got {claim!r}")
        problems = list(self._problems_of_more(added))
        if problems:
            raise DatasetError(problems)
        fields = {field.name: getattr(self, field.name) for field in attrs.fields(Dataset)}
        # Checked above: the rest was checked already.
        dataset = checked_dataset(**{**fields, "claims": (*self.claims, *added)})
        self._carry_over(dataset, added)
        return dataset

    def _carry_over(self, dataset: Dataset, added: Sequence[Claim]) -> None:
        """Give `dataset` (this one with the claims `added`) what this one worked out already.

        The records other than claims are the same, so what is read of them
        alone is too; the claims by id gain the new ones; an attribute's
        claimed schema changes only if it is inferred or measured from its
        claims and the new claims name it (then it is worked out again from
        all of its claims), or if the new claims are its first.
        """
        for name in ("sources_by_id", "events_by_id", "gazetteer", "schemas"):
            known = worked_out(self, name)
            if known is not None:
                object.__setattr__(dataset, name, known)
        by_id = dict(self.claims_by_id)
        by_id.update((claim.id, claim) for claim in added)
        object.__setattr__(dataset, "claims_by_id", by_id)
        before: dict[str, AttributeSchema] | None = worked_out(self, "claimed_schemas")
        if before is None:
            return  # worked out from every claim when first read, as for any dataset
        named = {claim.attribute for claim in added}
        again = {a for a in named if a not in before or not self._settled(a)}
        # Attributes no claim named before have all their claims among the new ones.
        claims = dataset.claims if again & before.keys() else added
        redone = dataset._schemas_of_claims(c for c in claims if c.attribute in again)
        object.__setattr__(dataset, "claimed_schemas", {**before, **redone})

    def _problems_of_more(self, added: Sequence[Claim]) -> Iterator[Problem]:
        """What `find_problems` would report of the dataset with `added` (the rest was checked).

        The added claims' ids (repeated among them or of a claim already
        here), references, values and kinds.
        """
        start = len(self.claims)
        numbered = list(enumerate(added, start=start))
        # The dataset's own ids are unique (it was checked): each counts once, if taken.
        known = Counter(claim.id for claim in added)
        for index, claim in numbered:
            uses = known[claim.id] + (claim.id in self.claims_by_id)
            if uses > 1:
                yield Problem(
                    message=f"id {claim.id!r} is used by {uses} records; it must be unique",
                    section="claims",
                    record=index,
                    record_id=claim.id,
                    field="id",
                )
        sources, events = self.sources_by_id.keys(), self.events_by_id.keys()
        declared = {schema.id: schema for schema in self.attributes}
        schemas = {**standard_attributes(), **declared}
        for index, claim in numbered:
            yield from _claim_problems(index, claim, sources, events, schemas)
        # The first value of each undeclared attribute the new claims name sets its kind.
        wanted = {claim.attribute for claim in added} - schemas.keys()
        first: dict[str, tuple[int, Claim]] = {}
        for index, claim in enumerate(self.claims):
            if wanted <= first.keys():
                break
            if claim.attribute in wanted and isinstance(claim.value, VALUE_TYPES):
                first.setdefault(claim.attribute, (index, claim))
        for problem in _mixed_kinds([*first.values(), *numbered], schemas):
            if problem.record is not None and problem.record >= start:
                yield problem

    @property
    def candidates(self) -> tuple[Claim, ...]:
        """The claims an extractor proposed that no person has accepted yet."""
        return tuple(claim for claim in self.claims if claim.candidate is not None)

    def accept_candidates(self) -> Dataset:
        """A copy in which every candidate is accepted: the flag and its confidence removed.

        Accept only what a person has checked against its quote; delete the
        candidates that read their quote wrong before calling this.
        """
        return attrs.evolve(
            self,
            claims=[
                claim if claim.candidate is None else attrs.evolve(claim, candidate=None)
                for claim in self.claims
            ],
        )

    def save(
        self, path: str | PathLike[str], *, sources: str | PathLike[str] | None = None
    ) -> None:
        """Write the dataset to `path`, in the format its extension names.

        ``.yaml``/``.yml`` and ``.json`` hold everything in one file. ``.jsonl``,
        ``.csv``, ``.parquet``, ``.arrow`` and ``.feather`` hold the claims only,
        so `sources` must name the YAML or JSON file that receives the sources,
        events and attributes (Parquet and Arrow need pyarrow).
        `load` reads back an equal dataset.
        """
        from reconcile.io.files import save

        save(self, path, sources=sources)


def worked_out(instance: object, name: str) -> Any:
    """The cached property `name` of `instance` if it was worked out already, else None.

    For carrying what one object worked out over to the next (a dataset to
    the dataset with more claims, a result to its update) without working
    it out only to carry it.
    """
    try:
        return object.__getattribute__(instance, name)  # not the class's, which works it out
    except AttributeError:
        return None


def checked_dataset(
    *,
    sources: Sequence[Source] = (),
    events: Sequence[Event] = (),
    attributes: Sequence[AttributeSchema] = (),
    claims: Sequence[Claim] = (),
    timezone: str | None = None,
    places: Sequence[Place] = (),
    claims_by_id: dict[str, Claim] | None = None,
) -> Dataset:
    """A `Dataset` of records in which `find_problems` has found no problem, not checked again.

    For a loader that has just run `find_problems` on the same records in the
    same order (and checked `timezone`): building the dataset would run it a
    second time, a fifth of the time a large file takes to load. A loader
    that has built ``{claim.id: claim for claim in claims}`` passes it as
    `claims_by_id`, which the dataset then keeps rather than builds again
    (0.24 s at 10^6 claims, which reconciling asks for first).
    """
    dataset = object.__new__(Dataset)
    fields = {
        "sources": tuple(sources),
        "events": tuple(events),
        "attributes": tuple(attributes),
        "claims": tuple(claims),
        "timezone": timezone,
        "places": tuple(places),
    }
    for field in attrs.fields(Dataset):
        object.__setattr__(dataset, field.name, fields[field.name])
    if claims_by_id is not None:
        object.__setattr__(dataset, "claims_by_id", claims_by_id)  # the cached property's slot
    return dataset


def find_problems(
    *,
    sources: Sequence[tuple[int, Source]],
    events: Sequence[tuple[int, Event]],
    attributes: Sequence[tuple[int, AttributeSchema]],
    claims: Sequence[tuple[int, Claim]],
    places: Sequence[tuple[int, Place]] = (),
    claims_by_id: Mapping[Any, Any] | None = None,
) -> Iterator[Problem]:
    """The cross-record problems of a dataset whose records carry their positions in the file.

    Positions are passed along so that a loader can name each record by its
    place in the file. A loader may also pass stand-ins for records that did
    not structure (any object with the same attributes, holding the raw
    fields), so that their duplicate ids and unknown references are reported
    in the same run; fields of the wrong type are skipped here, as the loader
    reports them already. A loader that has the claims by id already
    (`claims_by_id`, each claim's `id` its key) passes them: as many as
    there are claims, and no id repeats.
    """
    yield from _duplicates("sources", sources)
    yield from _duplicates("events", events)
    yield from _duplicates("attributes", attributes, key="name", derive=attribute_id)
    if claims_by_id is None or len(claims_by_id) != len(claims):
        yield from _duplicates("claims", claims)
    known_sources = {source.id for _, source in sources}
    known_events = {event.id for _, event in events}
    declared = {
        schema.id: schema for _, schema in attributes if isinstance(schema, AttributeSchema)
    }
    schemas = {**standard_attributes(), **declared}
    yield from _speaks_for_problems(sources, known_sources)
    if not _claims_sound([claim for _, claim in claims], known_sources, known_events, schemas):
        for index, claim in claims:
            yield from _claim_problems(index, claim, known_sources, known_events, schemas)
    yield from _mixed_kinds(claims, schemas)
    yield from gazetteer_problems(places)


def _speaks_for_problems(
    sources: Sequence[tuple[int, Source]], known: set[str]
) -> Iterator[Problem]:
    """A spokesman must speak for a source of the dataset, and not, through others, for itself."""
    speaks_for = {
        source.id: target
        for _, source in sources
        if isinstance(target := getattr(source, "speaks_for", None), str)
    }
    for index, source in sources:
        target = speaks_for.get(source.id)
        if target is None:
            continue
        if target not in known:
            message = f"speaks for the unknown source {target!r}"
        elif _speaks_for_itself(source.id, speaks_for):
            message = f"speaks for {target!r}, which speaks, in the end, for {source.id!r}"
        else:
            continue
        yield Problem(
            message=message,
            section="sources",
            record=index,
            record_id=source.id,
            field="speaks_for",
        )


def _speaks_for_itself(source: str, speaks_for: Mapping[str, str]) -> bool:
    seen = {source}
    current = speaks_for.get(source)
    while current is not None and current not in seen:
        seen.add(current)
        current = speaks_for.get(current)
    return current == source


def _mixed_kinds(
    claims: Sequence[tuple[int, Claim]], schemas: dict[str, AttributeSchema]
) -> Iterator[Problem]:
    """An undeclared attribute takes the kind of its first value; other kinds are errors."""
    first_kind: dict[str, tuple[ValueKind, str]] = {}
    for index, claim in claims:
        if (
            not isinstance(claim.attribute, str)  # a stand-in's raw field: reported already
            or attribute_id(claim.attribute) in schemas
            or not isinstance(claim.value, VALUE_TYPES)
        ):
            continue
        kind = ValueKind.of(claim.value)
        expected, first_id = first_kind.setdefault(claim.attribute, (kind, claim.id))
        if kind is not expected:
            yield Problem(
                message=f"attribute {claim.attribute!r} is not declared and its first value "
                f"(claim {first_id!r}) is a {expected.value}, but this one is a {kind.value}; "
                "declare the attribute's kind under 'attributes'",
                section="claims",
                record=index,
                record_id=claim.id,
                field="value",
            )


def _claims_sound(
    claims: Sequence[Claim],
    sources: set[str],
    events: set[str],
    schemas: dict[str, AttributeSchema],
) -> bool:
    """Whether no claim has a problem `_claim_problems` finds, told of all the claims at once.

    Each check runs over the distinct values the claims hold (the sources
    and events they name, the links of their attribution chains, each
    attribute with the types of its values) rather than claim by claim, and
    only the negative figures of counts are looked for in every claim: a
    million claims with no problem are told so in a fraction of the time.
    Where this finds anything, or a record is a loader's stand-in (holding
    raw fields, which may not hash), the claims are checked one by one, to
    say which and where.
    """
    if not all(type(claim) is Claim for claim in claims):
        return False
    named = {claim.source for claim in claims}
    named.update(link for claim in claims if claim.attribution for link in claim.attribution)
    if not named <= sources:
        return False
    if not {claim.event for claim in claims} - {None} <= events:
        return False
    counts: set[str] = set()
    for attribute, value_type in {(claim.attribute, type(claim.value)) for claim in claims}:
        schema = schemas.get(attribute_id(attribute))
        if schema is None or value_type is type(None):
            continue
        if not issubclass(value_type, schema.kind.value_type):
            return False
        if schema.measure is Measure.COUNT and issubclass(value_type, Quantity):
            counts.add(attribute)
    return not any(
        claim.attribute in counts and isinstance(claim.value, Quantity) and claim.value.is_negative
        for claim in claims
    )


def _claim_problems(
    index: int,
    claim: Claim,
    sources: Container[str],
    events: Container[str],
    schemas: dict[str, AttributeSchema],
) -> list[Problem]:
    """The problems of one claim's references and value: none, for nearly every claim.

    A list, not a generator: every claim of a large dataset is checked, and
    a generator and its closure cost more than the checks.
    """
    found: list[tuple[str, str]] = []  # (field, message)
    if isinstance(claim.source, str) and claim.source not in sources:
        found.append(("source", f"names the unknown source {claim.source!r}"))
    attribution = claim.attribution if isinstance(claim.attribution, list | tuple) else ()
    for position, link in enumerate(attribution):
        if isinstance(link, str) and link not in sources:
            found.append(
                (
                    f"attribution[{position}]",
                    f"its attribution chain names the unknown source {link!r}",
                )
            )
    if isinstance(claim.event, str) and claim.event not in events:
        found.append(("event", f"names the unknown event {claim.event!r}"))
    schema = (
        schemas.get(attribute_id(claim.attribute)) if isinstance(claim.attribute, str) else None
    )
    if (
        schema is not None
        and isinstance(claim.value, VALUE_TYPES)
        and ValueKind.of(claim.value) is not schema.kind
    ):
        found.append(
            (
                "value",
                f"attribute {claim.attribute!r} holds {schema.kind.value} values, "
                f"but this value is a {ValueKind.of(claim.value).value}",
            )
        )
    elif (
        schema is not None
        and schema.measure is Measure.COUNT
        and isinstance(claim.value, Quantity)
        and claim.value.is_negative
    ):
        found.append(
            (
                "value",
                f"attribute {claim.attribute!r} is a count, which cannot be negative, "
                f"but this value is {claim.value}; declare it with measure 'measurement' "
                "if its figures can be",
            )
        )
    return [
        Problem(message=message, section="claims", record=index, record_id=claim.id, field=field)
        for field, message in found
    ]


def _all_distinct(values: list[Any]) -> bool:
    """Whether no two of `values` are equal (False if one cannot be hashed: a raw field)."""
    try:
        return len(set(values)) == len(values)
    except TypeError:
        return False


def _duplicates(
    section: str,
    records: Sequence[tuple[int, Any]],
    key: str = "id",
    derive: Callable[[str], str] = str,
) -> Iterator[Problem]:
    """Records whose `key` (or what `derive` makes of it: an attribute's identifier) repeats.

    Each record after the first with its key is a problem. Only the keys that
    repeat are counted, so that a million claims with unique ids cost one list
    and one set, not a tuple and a counter entry each.
    """
    if derive is str and _all_distinct([getattr(record, key) for _, record in records]):
        return  # the common case, told at once: a key that is text is its own key
    keys = [
        derive(value) if isinstance(value := getattr(record, key), str) else None
        for _, record in records
    ]
    seen: set[str] = set()
    repeated: set[str] = set()
    for value in keys:
        if value in seen:
            repeated.add(value)
        elif value is not None:
            seen.add(value)
    if not repeated:
        return
    counts = Counter(value for value in keys if value in repeated)
    seen.clear()
    for (index, _), value in zip(records, keys, strict=True):
        if value is None or value not in repeated:
            continue
        if value in seen:
            yield Problem(
                message=f"{key} {value!r} is used by {counts[value]} records; it must be unique",
                section=section,
                record=index,
                record_id=value,
                field=key,
            )
        seen.add(value)
