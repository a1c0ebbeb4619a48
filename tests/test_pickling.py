"""Records pickled as their fields' values (`reconcile.pickling`): equal, whole, and only where safe."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given

import reconcile
from reconcile import Category, Claim, Dataset, Quantity, pickling
from reconcile.pickling import packed, pickled_by_values, unpacked
from reconcile.testing import datasets
from reconcile.values.quantity import Hedge
from reconcile.values.timespan import TimeSpan


def _round_trip(record: Any) -> Any:
    return pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))


def _same(back: Any, record: Any) -> None:
    assert type(back) is type(record)
    assert back == record
    assert attrs.astuple(back, recurse=False) == attrs.astuple(record, recurse=False)


@given(datasets(max_claims=10))
def test_claims_and_findings_pickle_to_equal_records_with_every_field(data: Dataset) -> None:
    # Claims go to Dask workers pickled, findings come back so; mentions and values with them.
    for claim in data.claims:
        _same(_round_trip(claim), claim)
        if claim.mention is not None:
            _same(_round_trip(claim.mention), claim.mention)
    for finding in reconcile.reconcile(data).findings:
        _same(_round_trip(finding), finding)
        for contradiction in finding.contradictions:
            _same(_round_trip(contradiction), contradiction)


def test_values_of_one_field_and_of_many_pickle_whole() -> None:
    category = Category(label="Iraqi forces")
    _same(_round_trip(category), category)
    hedged = Quantity(low=40, high=52, point=50, hedge=Hedge.RANGE, unit="people")
    _same(_round_trip(hedged), hedged)


def test_the_records_pickle_by_their_values() -> None:
    # Not through attrs' dict of field names: the names are not in the pickle.
    claim = Claim(id="c1", source="s", event="e", attribute="killed", value=Quantity.exact(3))
    assert b"published_precision" not in pickle.dumps(claim)


@attrs.frozen(kw_only=True)
class _NotedClaim(Claim):
    note: str = "checked"


def test_a_subclass_pickles_with_its_own_fields() -> None:
    claim = _NotedClaim(
        id="c1", source="s", event="e", attribute="killed", value=Quantity.exact(3), note="n"
    )
    back = _round_trip(claim)
    assert type(back) is _NotedClaim
    assert back.note == "n"
    assert back == claim


def test_a_class_with_a_slot_of_its_own_is_refused() -> None:
    # A cached value in a slot that is not a field would not be pickled.
    @attrs.frozen
    class Cached:
        value: int
        _cache: int = attrs.field(init=False, default=0)

    with pytest.raises(TypeError, match="only slots that are init fields"):
        pickled_by_values(Cached)
    # TimeSpan keeps its ISO text in a slot of its own: it is pickled as attrs pickles it.
    with pytest.raises(TypeError, match="only slots that are init fields"):
        pickled_by_values(TimeSpan)


@given(datasets(max_claims=10))
def test_packed_records_unpack_to_equal_records_in_order(data: Dataset) -> None:
    # Claims flattened into their fields' values, among objects that are left as they are.
    problem = reconcile.Problem(message="a problem between the claims")
    items: list[Any] = [*data.claims, problem, None, Category(label="x"), *data.claims[:2]]
    pack = pickle.loads(pickle.dumps(packed(items), protocol=pickle.HIGHEST_PROTOCOL))
    back = list(unpacked(pack))
    assert len(back) == len(items)
    for got, item in zip(back, items, strict=True):
        if attrs.has(type(item)):
            _same(got, item)
        else:
            assert got == item


def test_packed_records_are_not_rebuilt_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each record rebuilt from a tuple of its own would leave that tuple, freed, beside it.
    rebuilt: list[type] = []
    one_by_one = pickling._rebuilt

    def noted(cls: type, values: tuple[Any, ...]) -> Any:
        rebuilt.append(cls)
        return one_by_one(cls, values)

    claims = [
        Claim(id=f"c{n}", source="s", event="e", attribute="killed", value=Quantity.exact(n))
        for n in range(3)
    ]
    one_pickle, packed_pickle = pickle.dumps(claims), pickle.dumps(packed(claims))
    monkeypatch.setattr(pickling, "_rebuilt", noted)  # what unpickling finds by name
    pickle.loads(one_pickle)
    assert rebuilt.count(Claim) == 3
    rebuilt.clear()
    back = list(unpacked(pickle.loads(packed_pickle)))
    assert Claim not in rebuilt
    assert rebuilt.count(Quantity) == 3  # what a claim holds goes as before
    assert back == claims
