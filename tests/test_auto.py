"""``weights="auto"``: weights read from the data alone, and the default strategy per kind."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings

import reconcile
from reconcile import (
    AttributeSchema,
    AutoReliability,
    Category,
    Claim,
    Dataset,
    DeclaredEvents,
    Event,
    NotFittedError,
    Source,
    Taxonomy,
    UsageError,
    ValueKind,
)
from reconcile.testing import datasets


def _labels(said: dict[str, dict[str, str]]) -> Dataset:
    """A dataset from {item: {source: label}}."""
    sources = sorted({source for values in said.values() for source in values})
    return Dataset(
        sources=[Source(id=source) for source in sources],
        events=[Event(id=item, label=item) for item in said],
        claims=[
            Claim(
                id=f"{item}-{source}",
                source=source,
                event=item,
                attribute="colour",
                value=Category(label=label),
            )
            for item, values in said.items()
            for source, label in values.items()
        ],
    )


def test_auto_follows_the_estimator_contract_and_says_what_it_chose() -> None:
    model = AutoReliability()
    with pytest.raises(NotFittedError):
        _ = model.weights_
    dataset = _labels({f"i{k}": {"a": "red", "b": "red", "c": "blue"} for k in range(4)})
    assert model.fit(dataset, clusterer=DeclaredEvents()) is model
    # c disagrees with a and b everywhere; it is the least accurate and weighs least.
    assert model.weights_["c"] < model.weights_["a"] == model.weights_["b"]
    assert model.choice_.startswith("AccuCopy: sources weighed by their accuracy")
    assert model.independence_.keys() == {claim.id for claim in dataset.claims}


def test_copiers_of_a_rare_mistake_lose_to_independent_sources() -> None:
    # a, b, f and g are independent; c, d and e copy one another: on six items they share a
    # false value against the four others, which is rare unless they copy. On the last item
    # c, d and e say "wrong" together, a and b "right", f and g each something else: a
    # majority vote says "wrong"; AccuCopy counts the three copies about once and says "right".
    independent, copiers = ("a", "b", "f", "g"), ("c", "d", "e")
    said: dict[str, dict[str, str]] = {}
    for k in range(16):
        shared = f"w{k}" if k < 6 else f"v{k}"
        said[f"i{k}"] = {**dict.fromkeys(independent, f"v{k}"), **dict.fromkeys(copiers, shared)}
    said["i16"] = {
        "a": "right",
        "b": "right",
        "f": "x",
        "g": "y",
        **dict.fromkeys(copiers, "wrong"),
    }
    dataset = _labels(said)
    result = reconcile.reconcile(dataset, weights="auto", clusterer=DeclaredEvents())
    assert result.finding("i16", "colour").best == Category(label="right")
    equal = reconcile.reconcile(dataset, clusterer=DeclaredEvents())
    assert equal.finding("i16", "colour").best == Category(label="wrong")


def test_auto_is_the_fitted_model_and_other_text_is_refused() -> None:
    dataset = _labels({f"i{k}": {"a": "red", "b": "red", "c": "blue"} for k in range(3)})
    clusterer = DeclaredEvents()
    auto = reconcile.reconcile(dataset, weights="auto", clusterer=clusterer)
    model = AutoReliability().fit(dataset, clusterer=clusterer)
    fitted = reconcile.reconcile(dataset, weights=model, clusterer=clusterer)
    assert auto.findings == fitted.findings
    assert dict(auto.weights) == dict(fitted.weights)
    with pytest.raises(UsageError, match="got the text 'crh'"):
        reconcile.reconcile(dataset, weights="crh")  # type: ignore[arg-type]


def test_a_single_valued_attribute_with_a_taxonomy_defaults_to_the_hierarchical_vote() -> None:
    places = Taxonomy(parents={"Boston": "Massachusetts", "Massachusetts": "USA"})
    schema = AttributeSchema(name="birthplace", kind=ValueKind.CATEGORY, taxonomy=places)
    said = {"a": "Boston", "b": "Massachusetts", "c": "USA"}
    dataset = Dataset(
        sources=[Source(id=source) for source in said],
        events=[Event(id="p", label="a person")],
        attributes=[schema],
        claims=[
            Claim(id=s, source=s, event="p", attribute="birthplace", value=Category(label=v))
            for s, v in said.items()
        ],
    )
    finding = reconcile.reconcile(dataset).finding("p", "birthplace")
    assert finding.strategy == "hierarchical-vote"
    # Every claim lies on one path: the most specific place that keeps half the weight.
    assert finding.best == Category(label="Boston")


@settings(max_examples=40, deadline=None)
@given(datasets(max_claims=12))
def test_the_order_of_claims_changes_nothing_under_auto(dataset: Dataset) -> None:
    reversed_claims = attrs.evolve(dataset, claims=tuple(reversed(dataset.claims)))
    first = reconcile.reconcile(dataset, weights="auto")
    second = reconcile.reconcile(reversed_claims, weights="auto")
    assert {(f.event, f.attribute): f.best for f in first.findings} == {
        (f.event, f.attribute): f.best for f in second.findings
    }
