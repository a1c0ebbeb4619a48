"""Exports in a codebook dataset's columns: one row per event, for UCDP GED, ACLED, IBC, Airwars.

Each export runs the codebook's policy (see docs/codebooks.md) and writes
its coding of every event under the dataset's own column names. A column
the data cannot fill (the GED's conflict and dyad ids, ACLED's interaction
codes, coordinates) is left empty and listed, never invented. Event ids are
stable as the data grows: a declared event keeps its id, and any other
event is named after the first claim that reported it (see
`stable_event_id`).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs
import pendulum

from reconcile.judging.policies import Coding
from reconcile.judging.policies.base import Field
from reconcile.judging.policies.ucdp import date_prec
from reconcile.linking.cluster import EventCluster
from reconcile.model.claim import Claim
from reconcile.pipeline import Reconciliation

FAR_FUTURE = pendulum.datetime(9999, 1, 1)


def stable_event_id(cluster: EventCluster, claims: Mapping[str, Claim]) -> str:
    """An id for the event that does not change when later reports are added.

    A declared event keeps its own id. Any other event is named after its
    first report: the claim published first (undated claims after dated
    ones, ties by claim id), as ``ev-`` and ten hex digits of that claim
    id's SHA-1. Later reports joining the event leave it as it is; when two
    events merge, the one reported first gives its id.
    """
    if cluster.declared:
        return cluster.id
    first = min(
        (claims[claim_id] for claim_id in cluster.claims),
        key=lambda claim: (claim.published or FAR_FUTURE, claim.id),
    )
    return "ev-" + hashlib.sha1(first.id.encode("utf-8")).hexdigest()[:10]


@attrs.frozen(kw_only=True)
class ExportRow:
    """What one row is made from: the event, its stable id, the codebook's coding of it."""

    cluster: EventCluster
    stable_id: str
    coding: Coding
    result: Reconciliation

    def field(self, name: str) -> Field:
        """A field of the coding; None when the coding has no value for it."""
        return self.coding.fields.get(name)


Fill = Callable[[ExportRow], Field]


@attrs.frozen(kw_only=True)
class Column:
    """One column of an export: its name in the dataset, what it means, how it is filled.

    `fill` is None for a column the data cannot fill: it stays empty.
    """

    name: str
    meaning: str
    fill: Fill | None = None


def _coded(name: str) -> Fill:
    """A column filled from the coding's field `name`."""
    return lambda row: row.field(name)


def _stable_id(row: ExportRow) -> Field:
    return row.stable_id


def _event_id(row: ExportRow) -> Field:
    return row.cluster.id


def _place(row: ExportRow) -> Field:
    return row.cluster.event.where


def _start(row: ExportRow) -> Field:
    when = row.cluster.event.when
    return when.start.to_date_string() if when is not None else None


def _end(row: ExportRow) -> Field:
    when = row.cluster.event.when
    return when.end.subtract(days=1).to_date_string() if when is not None else None


def _year(row: ExportRow) -> Field:
    when = row.cluster.event.when
    return when.start.year if when is not None else None


def _perpetrator(row: ExportRow) -> Field:
    for finding in row.result.findings:
        if finding.event == row.cluster.id and finding.attribute == "perpetrator":
            return finding.best_text() if finding.best is not None else None
    return None


def _acled_time_precision(row: ExportRow) -> Field:
    """ACLED's time precision from GED's date_prec: a day 1, within a week 2, a month 3."""
    ged = _ged_date_prec(row)
    return {1: 1, 2: 2, 3: 2, 4: 3}.get(ged) if isinstance(ged, int) else None


def _ged_date_prec(row: ExportRow) -> Field:
    return date_prec(row.cluster.event.when)


def _origin_names(row: ExportRow) -> Field:
    """The names of every origin that speaks of the event, on any attribute."""
    attributes = {f.attribute for f in row.result.findings if f.event == row.cluster.id}
    origins = {o for a in attributes for o in row.result.group(row.cluster.id, a).origins}
    sources = row.result.dataset.sources_by_id
    return "; ".join(sorted(sources[o].name if o in sources else o for o in origins)) or None


def _empty(name: str, meaning: str) -> Column:
    return Column(name=name, meaning=meaning)


@attrs.frozen(kw_only=True)
class ExportFormat:
    """A codebook dataset's columns, and the policy whose coding fills them."""

    name: str
    policy: str
    columns: tuple[Column, ...]

    @property
    def header(self) -> list[str]:
        """The column names, in order."""
        return [column.name for column in self.columns]


UCDP_GED = ExportFormat(
    name="ucdp-ged",
    policy="ucdp",
    columns=(
        Column(name="id", meaning="the event's stable id", fill=_stable_id),
        Column(name="relid", meaning="the event's id in this reconciliation", fill=_event_id),
        Column(name="year", meaning="the year the event began", fill=_year),
        _empty("active_year", "whether the conflict was active that year (UCDP's judgement)"),
        _empty("code_status", "UCDP's coding status"),
        _empty("type_of_violence", "state-based 1, non-state 2, one-sided 3"),
        _empty("conflict_dset_id", "the conflict's id in UCDP"),
        _empty("conflict_new_id", "the conflict's new id in UCDP"),
        _empty("conflict_name", "the conflict's name in UCDP"),
        _empty("dyad_dset_id", "the dyad's id in UCDP"),
        _empty("dyad_new_id", "the dyad's new id in UCDP"),
        _empty("dyad_name", "the dyad's name in UCDP"),
        _empty("side_a_dset_id", "side A's id in UCDP"),
        _empty("side_a_new_id", "side A's new id in UCDP"),
        _empty("side_a", "side A (a government in state-based violence)"),
        _empty("side_b_dset_id", "side B's id in UCDP"),
        _empty("side_b_new_id", "side B's new id in UCDP"),
        _empty("side_b", "side B"),
        Column(
            name="number_of_sources",
            meaning="the independent origins of the death figures",
            fill=_coded("number_of_sources"),
        ),
        _empty("source_article", "the articles the event is coded from"),
        _empty("source_office", "the offices (agencies) of the sources"),
        _empty("source_date", "the dates of the sources"),
        _empty("source_headline", "the headlines of the sources"),
        Column(
            name="source_original",
            meaning="the original sources: the origins' names",
            fill=_coded("source_original"),
        ),
        Column(
            name="where_prec",
            meaning="place precision: 1 exact, 2 near, 3 district, 4 province, 6 country",
            fill=_coded("where_prec"),
        ),
        _empty("where_coordinates", "the coordinates' place name in UCDP's gazetteer"),
        Column(name="where_description", meaning="the place as reported", fill=_place),
        _empty("adm_1", "the first-order administrative division"),
        _empty("adm_2", "the second-order administrative division"),
        _empty("latitude", "latitude"),
        _empty("longitude", "longitude"),
        _empty("geom_wkt", "the point as well-known text"),
        _empty("priogrid_gid", "the PRIO-GRID cell"),
        _empty("country", "the country"),
        _empty("country_id", "the country's Gleditsch-Ward number"),
        _empty("region", "the world region"),
        Column(
            name="event_clarity",
            meaning="1 one clear event (dated within a week), 2 a summary",
            fill=_coded("event_clarity"),
        ),
        Column(
            name="date_prec",
            meaning="date precision: 1 a day, 2 two to six days, 3 a week, 4 a month, 5 a year",
            fill=_coded("date_prec"),
        ),
        Column(name="date_start", meaning="the event's first day", fill=_coded("date_start")),
        Column(name="date_end", meaning="the event's last day", fill=_coded("date_end")),
        _empty("deaths_a", "deaths on side A (the figures are not split by side)"),
        _empty("deaths_b", "deaths on side B"),
        _empty("deaths_civilians", "civilian deaths"),
        _empty("deaths_unknown", "deaths of unknown status"),
        Column(name="best", meaning="the best estimate of deaths", fill=_coded("best")),
        Column(name="high", meaning="the highest reliable estimate", fill=_coded("high")),
        Column(name="low", meaning="the lowest reliable estimate", fill=_coded("low")),
    ),
)

ACLED = ExportFormat(
    name="acled",
    policy="acled",
    columns=(
        Column(name="event_id_cnty", meaning="the event's stable id", fill=_stable_id),
        Column(name="event_date", meaning="the event's (first) day", fill=_start),
        Column(name="year", meaning="the event's year", fill=_year),
        Column(
            name="time_precision",
            meaning="1 the day is known, 2 the week, 3 the month",
            fill=_acled_time_precision,
        ),
        _empty("disorder_type", "ACLED's disorder type"),
        _empty("event_type", "ACLED's event type"),
        _empty("sub_event_type", "ACLED's sub-event type"),
        Column(name="actor1", meaning="who carried it out: the perpetrator", fill=_perpetrator),
        _empty("assoc_actor_1", "actors associated with actor 1"),
        _empty("inter1", "actor 1's type code"),
        _empty("actor2", "the other actor"),
        _empty("assoc_actor_2", "actors associated with actor 2"),
        _empty("inter2", "actor 2's type code"),
        _empty("interaction", "the interaction code of the two actor types"),
        _empty("civilian_targeting", "whether civilians were targeted"),
        _empty("iso", "the country's ISO number"),
        _empty("region", "the world region"),
        _empty("country", "the country"),
        _empty("admin1", "the first-order administrative division"),
        _empty("admin2", "the second-order administrative division"),
        _empty("admin3", "the third-order administrative division"),
        Column(name="location", meaning="the place as reported", fill=_place),
        _empty("latitude", "latitude"),
        _empty("longitude", "longitude"),
        _empty("geo_precision", "ACLED's place precision"),
        Column(name="source", meaning="the origins that speak of the event", fill=_origin_names),
        _empty("source_scale", "local, national or international sources"),
        Column(name="notes", meaning="the figures and the dispute", fill=_coded("notes")),
        Column(
            name="fatalities",
            meaning="the most conservative reliable figure, for all sides together",
            fill=_coded("fatalities"),
        ),
        _empty("tags", "ACLED's tags"),
        _empty("timestamp", "when ACLED last changed the row"),
    ),
)

IBC = ExportFormat(
    name="ibc",
    policy="ibc",
    columns=(
        Column(name="IBC code", meaning="the event's stable id", fill=_stable_id),
        Column(name="Start Date", meaning="the first day", fill=_start),
        Column(name="End Date", meaning="the last day", fill=_end),
        _empty("Time", "the time of day"),
        Column(name="Location", meaning="the place as reported", fill=_place),
        _empty("Target", "what or who was hit"),
        _empty("Weapons", "the weapons used"),
        Column(name="Reported Minimum", meaning="the lowest reliable figure", fill=_coded("min")),
        Column(name="Reported Maximum", meaning="the highest reliable figure", fill=_coded("max")),
        Column(name="Sources", meaning="the independent origins", fill=_coded("sources")),
    ),
)

AIRWARS = ExportFormat(
    name="airwars",
    policy="airwars",
    columns=(
        Column(name="code", meaning="the event's stable id", fill=_stable_id),
        Column(name="date", meaning="the event's (first) day", fill=_start),
        Column(name="location", meaning="the place as reported", fill=_place),
        Column(name="belligerent", meaning="the perpetrator finding", fill=_coded("belligerent")),
        Column(
            name="grade",
            meaning="Confirmed, Fair, Weak, Contested or Discounted",
            fill=_coded("grade"),
        ),
        Column(
            name="civilians_killed_min",
            meaning="the lowest reliable figure of the dead",
            fill=_coded("civilians_min"),
        ),
        Column(
            name="civilians_killed_max",
            meaning="the highest reliable figure (empty when open)",
            fill=_coded("civilians_max"),
        ),
        Column(
            name="grade_reason",
            meaning="which rule gave the grade",
            fill=lambda r: r.coding.notes[0],
        ),
    ),
)

FORMATS: dict[str, ExportFormat] = {f.name: f for f in (UCDP_GED, ACLED, IBC, AIRWARS)}
"""The export formats by name: ``ucdp-ged``, ``acled``, ``ibc``, ``airwars``."""


@attrs.frozen(kw_only=True)
class Export:
    """The rows of an export, and the columns no row could fill."""

    format: ExportFormat
    rows: tuple[dict[str, Field], ...]

    @property
    def unfilled(self) -> list[str]:
        """The columns left empty in every row: the data cannot fill them."""
        return [
            name
            for name in self.format.header
            if all(row.get(name) in (None, "") for row in self.rows)
        ]

    def write_csv(self, path: Path) -> None:
        """Write the rows as CSV, with the dataset's column names; empty cells stay empty."""
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=self.format.header)
            writer.writeheader()
            for row in self.rows:
                writer.writerow(
                    {name: "" if value is None else value for name, value in row.items()}
                )


def export(result: Reconciliation, to: str) -> Export:
    """One row per event of `result`, in the columns of the format `to`.

    `result` must have been reconciled with the format's policy (its
    `codings`); `reconcile.reconcile(dataset, policy=FORMATS[to].policy)`.
    """
    chosen = FORMATS[to]
    claims = {claim.id: claim for claim in result.dataset.claims}
    rows = []
    for cluster in result.events:
        coding = result.codings.get(cluster.id)
        if coding is None or coding.policy != chosen.policy:
            raise ValueError(
                f"the export {to!r} needs a result reconciled with policy={chosen.policy!r}"
            )
        row = ExportRow(
            cluster=cluster,
            stable_id=stable_event_id(cluster, claims),
            coding=coding,
            result=result,
        )
        rows.append({c.name: c.fill(row) if c.fill else None for c in chosen.columns})
    return Export(format=chosen, rows=tuple(rows))


def column_meanings(to: str) -> Sequence[tuple[str, str, bool]]:
    """Each column of a format: its name, its meaning, and whether the data can fill it."""
    return [(c.name, c.meaning, c.fill is not None) for c in FORMATS[to].columns]
