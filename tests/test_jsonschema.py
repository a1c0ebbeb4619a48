"""The published JSON Schema accepts what `save` writes and rejects malformed records."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from reconcile import Dataset, dataset_schema
from reconcile.testing import datasets

VALIDATOR = jsonschema.Draft202012Validator(dataset_schema())


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(dataset_schema())


def test_every_saved_dataset_is_valid(tmp_path_factory: pytest.TempPathFactory) -> None:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(datasets())
    def check(dataset: Dataset) -> None:
        path = tmp_path_factory.mktemp("schema") / "dataset.json"
        dataset.save(path)
        VALIDATOR.validate(json.loads(path.read_text(encoding="utf-8")))

    check()


CLAIM = {
    "id": "c1",
    "source": "s",
    "mention": {"label": "attack"},
    "attribute": "killed",
    "value": "52",
}
MALFORMED: list[tuple[str, dict[str, Any]]] = [
    ("unknown section", {"sourcez": []}),
    ("source without id", {"sources": [{"name": "x"}]}),
    ("unknown source kind", {"sources": [{"id": "s", "kind": "blog"}]}),
    ("reliability above one", {"sources": [{"id": "s", "reliability": 2}]}),
    (
        "claim without value or value_text",
        {"claims": [{key: value for key, value in CLAIM.items() if key != "value"}]},
    ),
    ("published as words", {"claims": [{**CLAIM, "published": "October 2023"}]}),
    ("published day without month", {"claims": [{**CLAIM, "published": "2023--17"}]}),
    ("blank qualifier", {"claims": [{**CLAIM, "qualifier": " "}]}),
    ("evidence url as a list", {"claims": [{**CLAIM, "evidence": {"document": "d", "url": []}}]}),
    ("timezone with spaces", {"timezone": "Asia Gaza"}),
    ("source timezone as a number", {"sources": [{"id": "s", "timezone": 3}]}),
    ("place without name", {"places": [{"within": "Iraq"}]}),
    ("unknown place field", {"places": [{"name": "Iraq", "inside": "Asia"}]}),
    (
        "claim without event or mention",
        {"claims": [{key: value for key, value in CLAIM.items() if key != "mention"}]},
    ),
    ("unknown claim field", {"claims": [{**CLAIM, "colour": "red"}]}),
    ("bad polarity", {"claims": [{**CLAIM, "polarity": "maybe"}]}),
    # A negative figure is valid JSON for a measurement; a count refuses it on loading.
    ("unknown measure", {"attributes": [{"name": "t", "kind": "quantity", "measure": "degrees"}]}),
    ("id with a space", {"claims": [{**CLAIM, "id": "c 1"}]}),
    (
        "span of three numbers",
        {"claims": [{**CLAIM, "evidence": {"document": "d", "span": [1, 2, 3]}}]},
    ),
]


@pytest.mark.parametrize(
    "data", [case[1] for case in MALFORMED], ids=[case[0] for case in MALFORMED]
)
def test_malformed_records_are_rejected(data: dict[str, Any]) -> None:
    assert not VALIDATOR.is_valid(data)


def test_the_well_formed_claim_the_malformed_ones_come_from_is_accepted() -> None:
    assert VALIDATOR.is_valid({"sources": [{"id": "s"}], "claims": [CLAIM]})


def test_the_new_fields_are_accepted() -> None:
    words = {key: value for key, value in CLAIM.items() if key != "value"}
    data = {
        "timezone": "Asia/Gaza",
        "places": [{"name": "Gaza Strip"}, {"name": "Gaza City", "within": "Gaza Strip"}],
        "sources": [{"id": "s", "url": "https://example.org", "timezone": "Europe/Kyiv"}],
        "claims": [
            {**CLAIM, "qualifier": "children", "published": "2023-10"},
            {**CLAIM, "id": "c2", "published": 2023, "evidence": {"document": "d", "url": "u"}},
            {**CLAIM, "id": "c3", "published": "2023-10-17T21:40"},
            {**words, "id": "c4", "value_text": "significant loss of life"},
        ],
    }
    assert VALIDATOR.is_valid(data), list(VALIDATOR.iter_errors(data))
