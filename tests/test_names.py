"""Attribute names as the data gives them, with the identifier derived from each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reconcile
from reconcile import (
    AttributeSchema,
    Claim,
    Dataset,
    DatasetError,
    Event,
    Quantity,
    Source,
    ValueKind,
    attribute_id,
)
from reconcile.validators import ATTRIBUTE_PATTERN


@pytest.mark.parametrize(
    ("name", "identifier"),
    [
        ("killed", "killed"),
        ("Humidity", "humidity"),
        ("Wind speed (km/h)", "wind_speed_km_h"),
        ("Température", "temperature"),
        ("2nd dose", "a_2nd_dose"),
        ("--", "attribute"),
        ("Sched. dep. time", "sched_dep_time"),
    ],
)
def test_the_identifier_is_derived_by_hand(name: str, identifier: str) -> None:
    assert attribute_id(name) == identifier


@given(st.text(min_size=1))
def test_every_identifier_is_a_lower_case_identifier_and_a_fixed_point(name: str) -> None:
    identifier = attribute_id(name)
    assert ATTRIBUTE_PATTERN.fullmatch(identifier)
    assert attribute_id(identifier) == identifier


def test_a_schema_applies_to_claims_spelled_another_way() -> None:
    schema = AttributeSchema(name="humidity", kind=ValueKind.QUANTITY)
    claim = Claim(id="c1", source="a", event="e", attribute="Humidity", value=Quantity.exact(5))
    dataset = Dataset(
        sources=[Source(id="a")], events=[Event(id="e", label="e")], attributes=[schema],
        claims=[claim],
    )  # fmt: skip
    assert claim.attribute_id == "humidity"
    assert dataset.schema("Humidity") is schema
    assert dataset.claimed_schemas == {"Humidity": schema}


def test_two_schemas_with_one_identifier_are_a_problem() -> None:
    with pytest.raises(DatasetError, match="'humidity' is used by 2 records"):
        Dataset(
            attributes=[
                AttributeSchema(name="Humidity", kind=ValueKind.QUANTITY),
                AttributeSchema(name="humidity", kind=ValueKind.QUANTITY),
            ]
        )


def test_a_file_with_raw_column_names_loads_and_shows_the_identifier(tmp_path: Path) -> None:
    path = tmp_path / "weather.yaml"
    path.write_text(
        "sources: [{id: a}, {id: b}, {id: c}]\n"
        "events: [{id: boston, label: Boston}]\n"
        "attributes: [{name: Wind speed (km/h), kind: quantity, unit: km/h}]\n"
        "claims:\n"
        "  - {id: c1, source: a, event: boston, attribute: Wind speed (km/h), value: about 20}\n"
        "  - {id: c2, source: b, event: boston, attribute: Wind speed (km/h), value: '21'}\n"
        "  - {id: c3, source: c, event: boston, attribute: Wind speed (km/h), value: '40'}\n",
        encoding="utf-8",
    )
    result = reconcile.reconcile(reconcile.load(path))
    finding = result.finding("boston", "Wind speed (km/h)")
    # "about 20" is [18, 22]: 21 lies in two claims' intervals, 20 in one.
    assert finding.best == Quantity.exact(21)
    assert result.explain("boston", "Wind speed (km/h)").splitlines()[0] == (
        "Boston (boston) / Wind speed (km/h) [wind_speed_km_h]"
    )
    assert [row["attribute_id"] for row in result.to_rows()] == ["wind_speed_km_h"]
    html = reconcile.render_html(result)
    assert re.search(r'id="finding-\d+-wind_speed_km_h"', html)
    assert "finding-0-Wind" not in html


@pytest.mark.parametrize(
    ("name", "identifier"),
    [
        ("Boston, MA_2000", "Boston-MA_2000"),
        ("Zürich > Basel", "Zurich-Basel"),
        ("dhaka_2006", "dhaka_2006"),
        (" , ", "item"),
    ],
)
def test_an_item_id_is_derived_by_hand(name: str, identifier: str) -> None:
    assert reconcile.item_id(name) == identifier


@given(st.text(min_size=1))
def test_every_item_id_is_an_id(name: str) -> None:
    event = Event(id=reconcile.item_id(name), label=name if name.strip() else "x")
    assert event.id == reconcile.item_id(event.id)
