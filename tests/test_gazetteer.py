"""`Gazetteer`: containment, aliases, and the problems of a broken ``places`` section."""

from __future__ import annotations

import pytest

from reconcile import DatasetError, Gazetteer, Place

PLACES = Gazetteer(
    places=[
        Place(name="Iraq"),
        Place(name="Diyala", within="Iraq", aliases=["Diyala Province", "ديالى"]),
        Place(name="Camp Ashraf", within="Diyala Province", aliases=["Ashraf", "معسكر أشرف"]),
        Place(name="Basra", within="Iraq"),
        Place(name="Afghanistan"),
        Place(name="Kunduz", within="Afghanistan", aliases=["Kondoz"]),
    ]
)


@pytest.mark.parametrize(
    ("name", "resolved"),
    [
        ("Camp Ashraf", "Camp Ashraf"),
        ("camp  ASHRAF", "Camp Ashraf"),  # case and spacing do not matter
        ("معسكر أشرف", "Camp Ashraf"),
        ("Diyala Province", "Diyala"),
        ("Kondoz", "Kunduz"),
        ("Mosul", None),
    ],
)
def test_resolve(name: str, resolved: str | None) -> None:
    assert PLACES.resolve(name) == resolved


def test_ancestors_run_outwards() -> None:
    assert PLACES.ancestors("Ashraf") == ("Diyala", "Iraq")
    assert PLACES.ancestors("Iraq") == ()
    assert PLACES.ancestors("Mosul") == ()


@pytest.mark.parametrize(
    ("outer", "inner", "contains"),
    [
        ("Iraq", "Camp Ashraf", True),
        ("Diyala Province", "Ashraf", True),
        ("ديالى", "معسكر أشرف", True),
        ("Camp Ashraf", "Iraq", False),  # containment has a direction
        ("Basra", "Camp Ashraf", False),
        ("Afghanistan", "Camp Ashraf", False),
        ("Kunduz", "kondoz", True),  # a place contains itself, under any of its names
        ("Mosul", "Mosul", True),  # an unknown name is its own place
        ("Iraq", "Mosul", False),  # ... and lies within nothing
    ],
)
def test_contains(outer: str, inner: str, contains: bool) -> None:
    assert PLACES.contains(outer, inner) is contains


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [
        ("Camp Ashraf", "Iraq", True),
        ("Iraq", "Camp Ashraf", True),
        ("Diyala", "Basra", False),  # siblings are different places
        ("Kunduz", "Camp Ashraf", False),
        ("Mosul", "Iraq", False),
    ],
)
def test_compatible_is_containment_either_way(first: str, second: str, compatible: bool) -> None:
    assert PLACES.compatible(first, second) is compatible
    assert PLACES.compatible(second, first) is compatible


@pytest.mark.parametrize(
    ("places", "field", "message"),
    [
        ([Place(name="Diyala", within="Iraq")], "within", "unknown place 'Iraq'"),
        (
            [Place(name="A", within="B"), Place(name="B", within="C"), Place(name="C", within="A")],
            "within",
            "A within B within C within A",
        ),
        ([Place(name="A", within="A")], "within", "A within A"),
        ([Place(name="Kunduz"), Place(name="kunduz")], "name", "more than one place"),
        (
            [Place(name="Kunduz", aliases=["Kondoz"]), Place(name="Kondoz")],
            "name",
            "more than one place",
        ),
    ],
)
def test_a_broken_gazetteer_names_every_problem(
    places: list[Place], field: str, message: str
) -> None:
    with pytest.raises(DatasetError, match=message) as caught:
        Gazetteer(places=places)
    (problem,) = caught.value.problems
    assert (problem.section, problem.field) == ("places", field)


def test_an_empty_gazetteer_knows_only_each_name_itself() -> None:
    empty = Gazetteer()
    assert empty.contains("Gaza", "gaza")
    assert not empty.compatible("Gaza", "Gaza City")
