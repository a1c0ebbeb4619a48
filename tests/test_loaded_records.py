"""What a load keeps of each record: positions beside records, places by section and position."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.io.loaded_records import NO_LINES, NumberedRecords, RecordPlaces


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=20), st.text(max_size=3))))
def test_numbered_records_are_the_pairs_added_and_sort_as_pairs_by_position(
    pairs: list[tuple[int, str]],
) -> None:
    numbered = NumberedRecords()
    for position, record in pairs:
        numbered.add(position, record)
    assert list(numbered) == pairs
    assert [numbered[i] for i in range(len(pairs))] == pairs
    assert list(numbered[1:3]) == pairs[1:3]
    assert numbered.records == [record for _, record in pairs]
    assert list(numbered.in_order()) == sorted(pairs, key=lambda pair: pair[0])


def test_truncate_forgets_the_records_after_a_length() -> None:
    numbered = NumberedRecords()
    for position in range(5):
        numbered.add(position, f"r{position}")
    numbered.truncate(2)
    assert list(numbered) == [(0, "r0"), (1, "r1")]


def test_places_give_back_what_was_noted_for_every_kind_of_record() -> None:
    claims, sources = Path("claims.jsonl"), Path("sources.yaml")
    lines: dict[tuple[str | int, ...], int] = {("sources", 0, "id"): 3}
    places = RecordPlaces()
    places.add("sources", 0, sources, lines, None)
    places.add("claims", 0, claims, NO_LINES, 1)
    places.add("claims", 3, claims, NO_LINES, 7)  # positions 1 and 2 were not records
    places.add("claims", 4, claims, NO_LINES, None)  # a table row has no line
    again: dict[tuple[str | int, ...], int] = {("claims", 3, "id"): 7}
    places.add("claims", 3, claims, again, 7)  # noted again: the later wins
    assert places[("sources", 0)] == (sources, lines, None)
    assert places[("claims", 0)] == (claims, NO_LINES, 1)
    assert places[("claims", 3)] == (claims, again, 7)
    assert places[("claims", 4)] == (claims, NO_LINES, None)
    for missing in [("claims", 1), ("claims", 5), ("claims", -1), ("events", 0)]:
        with pytest.raises(KeyError):
            places[missing]


def test_claims_of_a_second_file_are_kept_apart() -> None:
    first, second = Path("a.jsonl"), Path("b.jsonl")
    places = RecordPlaces()
    places.add("claims", 0, first, NO_LINES, 1)
    places.add("claims", 1, second, NO_LINES, 1)
    assert places[("claims", 0)] == (first, NO_LINES, 1)
    assert places[("claims", 1)] == (second, NO_LINES, 1)
