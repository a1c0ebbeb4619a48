"""Claim sets with a known truth, for measuring strategies (yours and ours).

`generate(Scenario(...), seed=...)` builds events with true values, sources
of varying reliability grouped in camps that inflate, deflate or deny,
outlets that repeat an origin's claim, early partial counts revised later,
hedged figures ("at least", "about", "dozens"), wild outliers, and event
mentions with noisy labels, dates and places. The same seed always gives the
same `Simulation`, whose `truth` and `event_of` say what a perfect
reconciliation would find. `write` streams the same dataset's files to disk
in bounded memory, for sizes that would not fit in it::

    from reconcile.simulate import Scenario, generate

    simulation = generate(Scenario(events=20, sources=12), seed=7)
    result = reconcile.reconcile(simulation.dataset)
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import pendulum

from reconcile.errors import UsageError
from reconcile.io.convert import converter
from reconcile.io.writing import claim_line, yaml_text
from reconcile.model.claim import Claim, Polarity, Value
from reconcile.model.dataset import Dataset
from reconcile.model.event import EventMention
from reconcile.model.schema import AttributeSchema, ValueKind
from reconcile.model.source import Source, SourceKind
from reconcile.values.category import Category
from reconcile.values.parse_quantity import parse_quantity
from reconcile.values.quantity import Quantity
from reconcile.values.timespan import Precision, TimeSpan

__all__ = ["Camp", "PLACE_ALIASES", "Scenario", "Simulation", "generate", "write"]

PLACES = [
    ("Camp Ashraf", ["Ashraf", "Camp Ashraf, Diyala", "Camp New Iraq"]),
    ("Camp Liberty", ["Liberty", "Camp Hurriya", "Camp Liberty, Baghdad"]),
    ("Baqubah", ["Baquba", "Baqubah, Diyala"]),
    ("Fallujah", ["Falluja", "Fallujah, Anbar"]),
    ("Mosul", ["Mosul, Nineveh", "al-Mawsil"]),
    ("Kirkuk", ["Kirkuk city", "Karkuk"]),
    ("Ramadi", ["Ar Ramadi", "Ramadi, Anbar"]),
    ("Tikrit", ["Tikrit, Salahuddin"]),
]
PLACE_ALIASES = {variant: place for place, variants in PLACES for variant in variants}
"""The gazetteer of the simulated places: every variant name mapped to the place."""
KINDS = [
    ("attack", ["attack", "assault", "raid", "massacre"]),
    ("shelling", ["shelling", "rocket attack", "mortar attack"]),
    ("bombing", ["bombing", "car bomb", "explosion"]),
]
PERPETRATORS = ["security forces", "militia", "insurgents", "unknown gunmen"]
COUNT_ATTRIBUTE = "killed"
LABEL_ATTRIBUTE = "perpetrator"
DATE_ATTRIBUTE = "date"
ATTRIBUTES = (
    AttributeSchema(name=COUNT_ATTRIBUTE, kind=ValueKind.QUANTITY),
    AttributeSchema(name=LABEL_ATTRIBUTE, kind=ValueKind.CATEGORY),
    AttributeSchema(name=DATE_ATTRIBUTE, kind=ValueKind.TIMESPAN),
)
"""The simulated attributes: the death toll, the perpetrator and the date."""


@attrs.frozen(kw_only=True)
class Camp:
    """A side in the conflict and how its sources bend the figures.

    `bias` multiplies the death tolls its sources give (1.3 inflates by 30%),
    `denies` is the perpetrator its sources deny and never assert (their own
    side), `share` the fraction of sources that belong to it.
    """

    name: str
    share: float = 1.0
    bias: float = 1.0
    denies: str | None = None


def _default_camps() -> tuple[Camp, ...]:
    return (
        Camp(name="victims", share=0.35, bias=1.3),
        Camp(name="government", share=0.25, bias=0.7, denies="security forces"),
        Camp(name="wire", share=0.25),
        Camp(name="un", share=0.15),
    )


@attrs.frozen(kw_only=True)
class Scenario:
    """What to simulate. Every probability is per claim unless said otherwise."""

    events: int = 30
    sources: int = 15
    camps: tuple[Camp, ...] = attrs.field(factory=_default_camps)
    reliability: tuple[float, float] = (0.6, 0.95)
    """Each source's chance of reporting the truth, drawn uniformly from this range."""
    reports_per_event: tuple[int, int] = (3, 8)
    """How many origins report each event, drawn uniformly."""
    repeat: float = 0.3
    """Chance that an outlet repeats an origin's claim (the same figure, another chain)."""
    revision: float = 0.1
    """Chance that an origin first gives a partial count and later the full one."""
    hedge: float = 0.3
    """Chance that a figure is given as "at least", "about" or a vague word."""
    outlier: float = 0.03
    """Chance that a figure is wildly wrong (ten times too large or too small)."""
    mention_noise: float = 0.3
    """Chance that a mention's label, date or place is a variant, vaguer or slightly off."""
    max_toll: int = 120
    start: pendulum.DateTime = attrs.field(factory=lambda: pendulum.datetime(2009, 1, 1))
    days: int = 2000
    """Events fall on days in [start, start + days)."""


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


@attrs.frozen(kw_only=True)
class Simulation:
    """A simulated dataset with its truth.

    `truth` maps (true event id, attribute) to the true value, `event_of`
    each claim id to its true event id, `reliability` each source to its
    chance of telling the truth.
    """

    dataset: Dataset
    truth: Mapping[tuple[str, str], Value] = attrs.field(converter=_frozen)
    event_of: Mapping[str, str] = attrs.field(converter=_frozen)
    reliability: Mapping[str, float] = attrs.field(converter=_frozen)
    scenario: Scenario


@attrs.frozen
class _TrueEvent:
    id: str
    place: int
    kind: int
    day: pendulum.DateTime
    killed: int
    perpetrator: str


def generate(scenario: Scenario | None = None, *, seed: int = 0) -> Simulation:
    """Simulate a dataset from `scenario` (by default the defaults); one seed, one dataset."""
    scenario = scenario or Scenario()
    builder, events = _start(scenario, seed)
    for event in events:
        builder.report(event)
    dataset = Dataset(
        sources=[*builder.sources, *builder.outlets],
        attributes=ATTRIBUTES,
        claims=builder.claims,
    )
    truth: dict[tuple[str, str], Value] = {}
    for event in events:
        truth[(event.id, COUNT_ATTRIBUTE)] = Quantity.exact(event.killed)
        truth[(event.id, LABEL_ATTRIBUTE)] = Category(label=event.perpetrator)
        truth[(event.id, DATE_ATTRIBUTE)] = TimeSpan.of(event.day, precision=Precision.DAY)
    return Simulation(
        dataset=dataset,
        truth=truth,
        event_of=builder.event_of,
        reliability=builder.reliability,
        scenario=scenario,
    )


def write(
    scenario: Scenario,
    claims: str | PathLike[str],
    *,
    sources: str | PathLike[str],
    seed: int = 0,
    batch_events: int = 1_000,
) -> int:
    """Write `generate(scenario, seed=seed).dataset.save(claims, sources=sources)`'s files.

    The same bytes, in memory bounded by `batch_events`: the claims of that
    many events are made, written and dropped at a time, and the outlets
    they bring are appended to the sources file as they come, so that ten
    million claims can be written on a machine that could not hold them.
    `claims` must be JSON Lines and `sources` YAML. Returns how many claims
    were written. The truth is not written (`generate` gives it).
    """
    claims, sources = Path(claims), Path(sources)
    if claims.suffix.lower() not in (".jsonl", ".ndjson"):
        raise UsageError(f"{claims}: simulated claims are written as JSON Lines (.jsonl)")
    if sources.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"{sources}: the simulated sources are written as YAML (.yaml)")
    builder, events = _start(scenario, seed)
    # What `save` looks claims up in: the schemas, and sources for their time zones
    # (the outlets have none, as a source the dataset does not hold).
    head = Dataset(sources=builder.sources, attributes=ATTRIBUTES)
    with (
        claims.open("w", encoding="utf-8") as claims_out,
        sources.open("w", encoding="utf-8") as sources_out,
    ):
        sources_out.write(yaml_text({"sources": _records(builder.sources)}))
        for first in range(0, len(events), batch_events):
            for event in events[first : first + batch_events]:
                builder.report(event)
            claims_out.writelines(claim_line(claim, head) for claim in builder.claims)
            if builder.outlets:
                sources_out.write(yaml_text(_records(builder.outlets)))
            builder.forget()
        sources_out.write(yaml_text({"attributes": _records(ATTRIBUTES)}))
    return builder.claims_made


def _records(items: Sequence[Any]) -> list[Any]:
    return [converter.unstructure(item) for item in items]


def _start(scenario: Scenario, seed: int) -> tuple[_Builder, list[_TrueEvent]]:
    """The builder with its sources, and the true events, drawn in the order `generate` draws."""
    rng = random.Random(seed)
    sources, camps, reliability = _sources(scenario, rng)
    events = _events(scenario, rng)
    builder = _Builder(
        scenario=scenario, rng=rng, sources=sources, camps=camps, reliability=reliability
    )
    return builder, events


def _sources(
    scenario: Scenario, rng: random.Random
) -> tuple[list[Source], dict[str, Camp], dict[str, float]]:
    total_share = sum(camp.share for camp in scenario.camps) or 1.0
    sources, camps, reliability = [], {}, {}
    for index in range(scenario.sources):
        pick = rng.random() * total_share
        camp = scenario.camps[-1]
        for candidate in scenario.camps:
            pick -= candidate.share
            if pick < 0:
                camp = candidate
                break
        source_id = f"source-{index:03d}"
        sources.append(Source(id=source_id, kind=SourceKind.OUTLET, affiliation=camp.name))
        camps[source_id] = camp
        reliability[source_id] = rng.uniform(*scenario.reliability)
    return sources, camps, reliability


def _events(scenario: Scenario, rng: random.Random) -> list[_TrueEvent]:
    events = []
    for index in range(scenario.events):
        events.append(
            _TrueEvent(
                id=f"event-{index:04d}",
                place=rng.randrange(len(PLACES)),
                kind=rng.randrange(len(KINDS)),
                day=scenario.start.add(days=rng.randrange(scenario.days)),
                killed=rng.randint(1, scenario.max_toll),
                perpetrator=rng.choice(PERPETRATORS),
            )
        )
    return events


@attrs.define(kw_only=True)
class _Builder:
    """Writes the claims of each event: origins, repeats, revisions, hedges, noise."""

    scenario: Scenario
    rng: random.Random
    sources: Sequence[Source]
    camps: Mapping[str, Camp]
    reliability: Mapping[str, float]
    claims: list[Claim] = attrs.Factory(list)
    outlets: list[Source] = attrs.Factory(list)
    event_of: dict[str, str] = attrs.Factory(dict)
    claims_made: int = 0
    """Claims made so far, counting those forgotten: the next claim's number."""
    outlets_made: int = 0

    def forget(self) -> None:
        """Drop the claims and outlets made so far, keeping their count for the next ids."""
        self.claims.clear()
        self.outlets.clear()
        self.event_of.clear()

    def report(self, event: _TrueEvent) -> None:
        count = min(len(self.sources), self.rng.randint(*self.scenario.reports_per_event))
        for origin in self.rng.sample(list(self.sources), count):
            published = event.day.add(days=self.rng.randint(0, 10))
            mention = self._mention(event)
            for attribute, value, polarity, text in self._said(event, origin.id):
                self._add(
                    event, origin.id, (), mention, attribute, value, polarity, text, published
                )
                if self.rng.random() < self.scenario.repeat:
                    outlet = self._outlet()
                    self._add(
                        event,
                        outlet,
                        (origin.id,),
                        self._mention(event),
                        attribute,
                        value,
                        polarity,
                        text,
                        published.add(days=1),
                    )

    def _outlet(self) -> str:
        outlet = Source(
            id=f"outlet-{self.outlets_made:03d}", kind=SourceKind.OUTLET, affiliation="press"
        )
        self.outlets_made += 1
        self.outlets.append(outlet)
        return outlet.id

    def _add(
        self,
        event: _TrueEvent,
        source: str,
        attribution: tuple[str, ...],
        mention: EventMention,
        attribute: str,
        value: Value,
        polarity: Polarity,
        text: str | None,
        published: pendulum.DateTime,
    ) -> None:
        claim_id = f"claim-{self.claims_made:06d}"
        self.claims_made += 1
        self.claims.append(
            Claim(
                id=claim_id,
                source=source,
                attribution=attribution,
                mention=mention,
                attribute=attribute,
                value=value,
                polarity=polarity,
                published=published,
                value_text=text,
            )
        )
        self.event_of[claim_id] = event.id

    def _said(
        self, event: _TrueEvent, origin: str
    ) -> list[tuple[str, Value, Polarity, str | None]]:
        """What one origin says of an event: a toll (maybe revised), a perpetrator, a date."""
        honest = self.rng.random() < self.reliability[origin]
        camp = self.camps[origin]
        said: list[tuple[str, Value, Polarity, str | None]] = []
        toll = self._toll(event.killed, honest, camp)
        if self.rng.random() < self.scenario.revision and toll > 2:
            partial = self.rng.randint(1, toll - 1)
            said.append(
                (COUNT_ATTRIBUTE, Quantity.exact(partial), Polarity.ASSERTS, f"so far {partial}")
            )
        said.append((COUNT_ATTRIBUTE, *self._hedged(toll)))
        perpetrator = event.perpetrator if honest else self.rng.choice(PERPETRATORS)
        if camp.denies is not None and perpetrator == camp.denies:
            said.append((LABEL_ATTRIBUTE, Category(label=perpetrator), Polarity.DENIES, None))
        else:
            said.append((LABEL_ATTRIBUTE, Category(label=perpetrator), Polarity.ASSERTS, None))
        day = event.day if honest else event.day.add(days=self.rng.choice([-2, -1, 1, 2]))
        said.append(
            (DATE_ATTRIBUTE, TimeSpan.of(day, precision=Precision.DAY), Polarity.ASSERTS, None)
        )
        return said

    def _toll(self, truth: int, honest: bool, camp: Camp) -> int:
        if self.rng.random() < self.scenario.outlier:
            return max(1, round(truth * self.rng.choice([0.1, 10.0])))
        figure = truth if honest else max(1, round(truth * self.rng.uniform(0.6, 1.5)))
        return max(1, round(figure * camp.bias))

    def _hedged(self, toll: int) -> tuple[Value, Polarity, str | None]:
        """The toll as a plain figure or in hedged words, read back by the parser."""
        if self.rng.random() >= self.scenario.hedge:
            return Quantity.exact(toll), Polarity.ASSERTS, None
        choice = self.rng.random()
        if choice < 0.4:
            text = f"at least {max(1, toll - self.rng.randint(0, max(1, toll // 5)))}"
        elif choice < 0.8:
            text = f"about {toll}"
        else:
            text = "dozens" if 24 <= toll <= 99 else f"some {toll}"
        return parse_quantity(text), Polarity.ASSERTS, text

    def _mention(self, event: _TrueEvent) -> EventMention:
        noise = self.scenario.mention_noise
        place, variants = PLACES[event.place]
        kind, words = KINDS[event.kind]
        where = self.rng.choice(variants) if self.rng.random() < noise else place
        word = self.rng.choice(words) if self.rng.random() < noise else words[0]
        label = (
            f"{word} in {place}"
            if self.rng.random() >= noise
            else _typo(f"{word} on {where}", self.rng)
        )
        when: TimeSpan | None = TimeSpan.of(event.day, precision=Precision.DAY)
        roll = self.rng.random()
        if roll < noise / 3:
            when = TimeSpan.of(event.day, precision=Precision.MONTH)
        elif roll < 2 * noise / 3:
            when = TimeSpan.of(
                event.day.add(days=self.rng.choice([-1, 1])), precision=Precision.DAY
            )
        elif roll < noise:
            when = None
        return EventMention(label=label, kind=kind, when=when, where=where)


def _typo(text: str, rng: random.Random) -> str:
    """Swap two neighbouring letters, as hurried reporting does."""
    if len(text) < 4:
        return text
    at = rng.randrange(1, len(text) - 2)
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
