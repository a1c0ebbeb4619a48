"""Copy detection (AccuCopy): copiers are found and their repeated votes discounted.

The expected figures of the small examples are worked out by hand from the
model (see `reconcile.reliability.copying`): with ``alpha = 0.2``, ``c = 0.8`` and
``n = 100``, an independent pair of accuracies ``A1, A2`` gives the same
true value with probability ``A1 A2`` and the same false one with
``(1 - A1)(1 - A2) / n``; "S1 copies S2" replaces these by
``c A2 + (1 - c) A1 A2`` and ``c (1 - A2) + (1 - c)(1 - A1)(1 - A2) / n``
and multiplies the chance of differing by ``1 - c``; the priors are
``alpha`` for each direction and ``1 - 2 alpha`` for independence.
"""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reconcile
from reconcile import (
    Category,
    Claim,
    CopyDetector,
    CopyingPair,
    Dataset,
    Event,
    NotFittedError,
    Quantity,
    Source,
)

MIRRORS = ("agency", "mirror-1", "mirror-2", "mirror-3")
HONEST = ("honest-1", "honest-2", "honest-3")
WITNESSES = ("witness-1", "witness-2", "witness-3")


def truth(item: int) -> Quantity:
    return Quantity.exact(10 + item)


def wrong(item: int) -> Quantity:
    return Quantity.exact(90 + item)


def said() -> dict[str, dict[int, Quantity]]:
    """What each source says of events e0..e7 (attribute ``killed``).

    The agency is wrong on e0..e5 and right on e6, e7; three mirrors repeat
    it everywhere. Three honest sources report all eight events and are
    right except for one slip each, each a value of its own (honest-1 on e6,
    honest-2 on e7, honest-3 on e0). Three witnesses report e0..e3 rightly.
    """
    agency = {item: wrong(item) if item < 6 else truth(item) for item in range(8)}
    slips = {"honest-1": 6, "honest-2": 7, "honest-3": 0}
    return {
        **{mirror: dict(agency) for mirror in MIRRORS},
        **{
            source: {
                item: Quantity.exact(50 + 10 * number) if item == slips[source] else truth(item)
                for item in range(8)
            }
            for number, source in enumerate(HONEST, start=1)
        },
        **{witness: {item: truth(item) for item in range(4)} for witness in WITNESSES},
    }


def mirror_dataset() -> Dataset:
    claims = [
        Claim(id=f"{source}-e{item}", source=source, event=f"e{item}", attribute="killed", value=v)
        for source, values in said().items()
        for item, v in values.items()
    ]
    return Dataset(
        sources=[Source(id=source) for source in (*MIRRORS, *HONEST, *WITNESSES)],
        events=[Event(id=f"e{item}", label=f"event {item}") for item in range(8)],
        claims=claims,
    )


def best(result: reconcile.Reconciliation, item: int) -> object:
    return result.finding(f"e{item}", "killed").best


def labels(said: dict[str, list[str]]) -> Dataset:
    """Sources saying a label for items e0, e1, ... of attribute ``side``, one list each."""
    items = max(len(values) for values in said.values())
    return Dataset(
        sources=[Source(id=source) for source in said],
        events=[Event(id=f"e{item}", label=f"event {item}") for item in range(items)],
        claims=[
            Claim(
                id=f"{source}-{item}",
                source=source,
                event=f"e{item}",
                attribute="side",
                value=Category(label=label),
            )
            for source, values in said.items()
            for item, label in enumerate(values)
        ],
    )


# --------------------------------------------------------------------------- the model by hand

# Two sources that agree on both of two items: the plain majority makes both values true, so each
# starts with accuracy (2 + 1) / (2 + 2) = 0.75. Same true twice, nothing else:
#   independent:  0.6 * (0.75 * 0.75) ** 2
#   a copies b:   0.2 * (0.8 * 0.75 + 0.2 * 0.75 * 0.75) ** 2 = 0.2 * 0.7125 ** 2 (b copies a: same)
TWIN_COPIES = 0.2 * 0.7125**2 / (0.6 * 0.5625**2 + 2 * 0.2 * 0.7125**2)


def test_two_sources_that_agree_everywhere_by_hand() -> None:
    dataset = labels({"a": ["x", "y"], "b": ["x", "y"]})
    detector = CopyDetector(max_iter=1).fit(dataset)
    assert detector.accuracies_ == pytest.approx({"a": 0.75, "b": 0.75})
    # ln(n A / (1 - A)) = ln(100 * 0.75 / 0.25)
    assert detector.weights_ == pytest.approx({"a": math.log(300), "b": math.log(300)})
    assert detector.copies_ == (
        CopyingPair(
            first="a",
            second="b",
            shared=2,
            same_true=2,
            same_false=0,
            different=0,
            first_copies=pytest.approx(TWIN_COPIES),  # type: ignore[arg-type]
            second_copies=pytest.approx(TWIN_COPIES),  # type: ignore[arg-type]
        ),
    )
    assert detector.copies_[0].probability == pytest.approx(2 * TWIN_COPIES)  # 0.517 >= 0.5
    # Equal weights: a is counted first (smaller id) and whole; b loses c * P(b copies a).
    assert detector.independence_ == pytest.approx(
        {"a-0": 1.0, "a-1": 1.0, "b-0": 1 - 0.8 * TWIN_COPIES, "b-1": 1 - 0.8 * TWIN_COPIES}
    )
    assert detector.truths_ == {
        ("e0", "side"): Category(label="x"),
        ("e1", "side"): Category(label="y"),
    }


def test_a_round_of_votes_and_accuracies_by_hand() -> None:
    # One item: a and b say x, c says y. Round 1 starts from the majority x with accuracies
    # a = b = (1 + 1) / (1 + 2) = 2/3 and c = (0 + 1) / (1 + 2) = 1/3.
    # a, b: same true once. Independent 0.6 * 4/9 = 60/225; each direction
    # 0.2 * (0.8 * 2/3 + 0.2 * 4/9) = 28/225; so P(b copies a) = 28 / 116 = 7/29.
    # a, c differ: each copy direction has the independent likelihood times 1 - c, so
    # P(a copies c) = 0.2 * 0.2 / (0.6 + 2 * 0.2 * 0.2) = 1/17, whatever A is.
    # Votes: a, b weigh ln(100 * 2) and c ln(100 / 2); on x, a is counted whole and b with
    # 1 - 0.8 * 7/29 = 117/145, so exp(C(x)) = 200 ** (262/145) and exp(C(y)) = 50; the
    # 101 - 2 values nobody gives have exp(0) = 1 each.
    dataset = labels({"a": ["x"], "b": ["x"], "c": ["y"]})
    first = CopyDetector(max_iter=1).fit(dataset)
    assert first.independence_ == pytest.approx({"a-0": 1.0, "b-0": 117 / 145, "c-0": 1.0})
    assert first.copies_ == ()  # P(dependent) is 14/29 for a, b and 2/17 for a, c: below 0.5
    assert CopyDetector(max_iter=1, threshold=0.4).fit(dataset).copies_[0].first_copies == (
        pytest.approx(7 / 29)
    )
    x = 200 ** (262 / 145)
    total = x + 50 + 99
    # Round 2 votes with the accuracies round 1 ends with: each source's values' probability.
    second = CopyDetector(max_iter=2).fit(dataset)
    assert second.accuracies_ == pytest.approx({"a": x / total, "b": x / total, "c": 50 / total})
    # c is now less accurate than a random pick among 101 values: ln(100 A / (1 - A)) < 0.
    assert 100 * (50 / total) / (1 - 50 / total) < 1
    assert second.weights_["c"] == 0.0
    assert second.weights_["a"] == pytest.approx(math.log(100 * x / (total - x)))


def test_with_the_dependence_rule_a_pair_discounts_whichever_way_it_copies() -> None:
    dataset = labels({"a": ["x", "y"], "b": ["x", "y"]})
    detector = CopyDetector(max_iter=1, discount="dependence").fit(dataset)
    shared = 1 - 0.8 * 2 * TWIN_COPIES
    assert detector.independence_ == pytest.approx(
        {"a-0": 1.0, "a-1": 1.0, "b-0": shared, "b-1": shared}
    )


def test_sharing_a_false_value_weighs_far_more_than_sharing_true_ones() -> None:
    # a, b (and e, f, g) agree on four items; c and d agree on three and share one mistake.
    # Accuracies start at (4 + 1) / (4 + 2) = 5/6 for a and b, (3 + 1) / 6 = 2/3 for c and d.
    # Against independence, each copy direction multiplies the odds by 0.2 / 0.6 and, per
    # shared true value, by c / A + 1 - c; per shared false value by c n / (1 - A) + 1 - c.
    dataset = labels(
        {
            "a": ["p", "q", "r", "s"],
            "b": ["p", "q", "r", "s"],
            "c": ["p", "q", "r", "wrong"],
            "d": ["p", "q", "r", "wrong"],
            "e": ["p", "q", "r", "s"],
            "f": ["p", "q", "r", "s"],
            "g": ["p", "q", "r", "s"],
        }
    )
    detector = CopyDetector(max_iter=1, threshold=0.0).fit(dataset)
    pairs = {(pair.first, pair.second): pair for pair in detector.copies_}
    assert (pairs[("c", "d")].same_true, pairs[("c", "d")].same_false) == (3, 1)
    honest = (0.8 / (5 / 6) + 0.2) ** 4 / 3
    copying = (0.8 / (2 / 3) + 0.2) ** 3 * (0.8 * 100 / (1 / 3) + 0.2) / 3
    assert pairs[("a", "b")].probability == pytest.approx(2 * honest / (1 + 2 * honest))  # 0.55
    assert pairs[("c", "d")].probability == pytest.approx(2 * copying / (1 + 2 * copying))  # 0.998


# --------------------------------------------------------------------------- behaviour


def test_the_mirrors_outvote_the_truth_unless_their_votes_are_discounted() -> None:
    dataset = mirror_dataset()
    plain = reconcile.reconcile(dataset)
    # On e4 and e5 only the three honest sources stand against the four mirror sites.
    assert [best(plain, item) for item in (4, 5)] == [wrong(4), wrong(5)]
    detector = CopyDetector().fit(dataset)
    weighed = reconcile.reconcile(dataset, weights=detector)
    assert [best(weighed, item) for item in range(8)] == [truth(item) for item in range(8)]
    assert detector.truths_ == {(f"e{item}", "killed"): truth(item) for item in range(8)}


def test_copies_name_exactly_the_mirror_pairs_with_their_evidence() -> None:
    detector = CopyDetector().fit(mirror_dataset())
    assert [(pair.first, pair.second) for pair in detector.copies_] == [
        (a, b) for i, a in enumerate(MIRRORS) for b in MIRRORS[i + 1 :]
    ]
    for pair in detector.copies_:
        # Once the truths are right: wrong together on e0..e5, right together on e6, e7.
        assert (pair.shared, pair.same_true, pair.same_false, pair.different) == (8, 2, 6, 0)
        assert pair.false_agreement == 1.0
        # Equally accurate, so either could be the copier.
        assert pair.first_copies == pytest.approx(pair.second_copies)
        assert pair.probability == pytest.approx(1.0)


def test_the_shares_of_identical_sources_fall_geometrically() -> None:
    # Each mirror copies each other one with probability p either way; counted in id order,
    # the k-th loses 1 - c p for each one before it.
    detector = CopyDetector().fit(mirror_dataset())
    p = detector.copies_[0].first_copies
    shares = [detector.independence_[f"{source}-e4"] for source in MIRRORS]
    assert shares == pytest.approx([(1 - 0.8 * p) ** k for k in range(4)])
    # The honest sources share true values only and slip apart: they are counted nearly whole.
    assert min(detector.independence_[f"{source}-e4"] for source in HONEST) > 0.95


def test_honest_sources_are_not_judged_copies_and_keep_their_whole_vote() -> None:
    detector = CopyDetector().fit(mirror_dataset())
    copying = {source for pair in detector.copies_ for source in (pair.first, pair.second)}
    assert copying.isdisjoint({*HONEST, *WITNESSES})
    assert min(detector.accuracies_[source] for source in HONEST) > max(
        detector.accuracies_[source] for source in MIRRORS
    )


def test_a_copier_keeps_its_vote_where_it_says_something_of_its_own() -> None:
    dataset = mirror_dataset().with_claims(
        [
            Claim(id="own", source="mirror-3", event="e4", attribute="wounded", value=truth(1)),
            Claim(id="other", source="agency", event="e4", attribute="wounded", value=wrong(1)),
        ]
    )
    detector = CopyDetector().fit(dataset)
    assert detector.independence_["own"] == 1.0
    assert detector.independence_["mirror-3-e4"] < 1.0


def test_denials_and_multi_valued_attributes_are_not_voted_on() -> None:
    dataset = mirror_dataset()
    schemas = (
        reconcile.AttributeSchema(name="killed", kind=reconcile.ValueKind.QUANTITY),
        reconcile.AttributeSchema(
            name="perpetrator", kind=reconcile.ValueKind.CATEGORY, multi=True
        ),
    )
    extra = [
        Claim(
            id="denial",
            source="agency",
            event="e0",
            attribute="killed",
            value=truth(0),
            polarity=reconcile.Polarity.DENIES,
        ),
        Claim(
            id="multi",
            source="agency",
            event="e0",
            attribute="perpetrator",
            value=Category(label="x"),
        ),
    ]
    dataset = attrs.evolve(dataset, attributes=schemas, claims=(*dataset.claims, *extra))
    detector = CopyDetector().fit(dataset)
    assert "denial" not in detector.independence_
    assert "multi" not in detector.independence_
    assert ("e0", "perpetrator") not in detector.truths_


# --------------------------------------------------------------------------- reconcile() and groups


def test_weights_detector_is_its_weights_and_independent_shares() -> None:
    dataset = mirror_dataset()
    detector = CopyDetector().fit(dataset)
    by_detector = reconcile.reconcile(dataset, weights=detector)
    spelled_out = reconcile.reconcile(
        dataset, weights=detector.weights_, independence=detector.independence_
    )
    assert by_detector.findings == spelled_out.findings
    assert by_detector.independence == detector.independence_


def test_an_explicit_independence_overrides_the_detectors() -> None:
    dataset = mirror_dataset()
    detector = CopyDetector().fit(dataset)
    undiscounted = reconcile.reconcile(dataset, weights=detector, independence={})
    assert undiscounted.findings == reconcile.reconcile(dataset, weights=detector.weights_).findings
    # Equal weights with the detector's discounts: a mapping of sources or a model both work.
    assert (
        reconcile.reconcile(dataset, independence=detector).findings
        == reconcile.reconcile(dataset, independence=detector.independence_).findings
    )


def test_a_testimony_weighs_its_origins_weight_times_its_independent_share() -> None:
    dataset = labels({"a": ["x", "y"], "b": ["x", "y"]})
    detector = CopyDetector(max_iter=1).fit(dataset)
    result = reconcile.reconcile(dataset, weights=detector)
    group = result.group("e0", "side")
    weights = {testimony.origin: testimony.weight for testimony in group.testimonies}
    assert weights == pytest.approx(
        {"a": math.log(300), "b": math.log(300) * (1 - 0.8 * TWIN_COPIES)}
    )
    assert "weighs 4.52" in result.explain("e0", "side")  # ln 300 (1 - 0.8 * 0.258)


def test_a_claim_without_a_share_counts_whole_and_merging_keeps_shares() -> None:
    dataset = labels({"a": ["x"], "b": ["x"]})
    group = reconcile.reconcile(dataset).group("e0", "side")
    halved = attrs.evolve(group, independence={"b-0": 0.5})
    assert {t.origin: t.weight for t in halved.testimonies} == {"a": 1.0, "b": 0.5}
    first = attrs.evolve(halved, claims=halved.claims[:1], independence={})
    second = attrs.evolve(halved, claims=halved.claims[1:])
    assert {t.origin: t.weight for t in first.merge(second).testimonies} == {"a": 1.0, "b": 0.5}


def test_fitting_twice_gives_the_same_result() -> None:
    dataset = mirror_dataset()
    detector = CopyDetector()
    first = (detector.fit(dataset).copies_, detector.independence_, detector.accuracies_)
    assert detector.fit(dataset) is detector
    assert (detector.copies_, detector.independence_, detector.accuracies_) == first


@pytest.mark.parametrize(
    "name", ["accuracies_", "weights_", "independence_", "truths_", "copies_", "n_iter_"]
)
def test_learned_state_raises_before_fit(name: str) -> None:
    with pytest.raises(NotFittedError, match="not fitted yet"):
        getattr(CopyDetector(), name)


@pytest.mark.parametrize(
    "settings",
    [{"alpha": 0.0}, {"alpha": 0.5}, {"copy_rate": 1.0}, {"false_values": 0}, {"max_iter": 0}],
)
def test_settings_outside_the_model_are_refused(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        CopyDetector(**settings)  # type: ignore[arg-type]


def test_an_empty_dataset_fits_to_nothing() -> None:
    detector = CopyDetector().fit(Dataset(sources=[], events=[], claims=[]))
    assert (detector.copies_, detector.independence_, detector.truths_) == ((), {}, {})


SOURCES = ("s0", "s1", "s2", "s3", "s4")


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """Small datasets of few labels, with attribution chains, where copying is easy to find."""
    count = draw(st.integers(min_value=0, max_value=40))
    claims = []
    for index in range(count):
        chain = draw(st.permutations(SOURCES))[: draw(st.integers(1, 3))]
        claims.append(
            Claim(
                id=f"c{index}",
                source=chain[0],
                attribution=chain[1:],
                event=f"e{draw(st.integers(0, 3))}",
                attribute=draw(st.sampled_from(["side", "place"])),
                value=Category(label=draw(st.sampled_from("abc"))),
            )
        )
    return Dataset(
        sources=[Source(id=source) for source in SOURCES],
        events=[Event(id=f"e{item}", label=f"event {item}") for item in range(4)],
        claims=claims,
    )


@settings(max_examples=60, deadline=None)
@given(datasets(), st.sampled_from(["copier", "dependence"]))
def test_every_voted_claim_gets_a_share_and_every_source_an_accuracy(
    dataset: Dataset, discount: str
) -> None:
    detector = CopyDetector(discount=discount, threshold=0.0).fit(dataset)  # type: ignore[arg-type]
    # An origin's latest value on an item is voted on; an earlier, other value is not.
    voted = {claim.id for claim in dataset.claims if claim.id in detector.independence_}
    assert {(c.event, c.attribute, c.origin) for c in dataset.claims if c.id in voted} == {
        (c.event, c.attribute, c.origin) for c in dataset.claims
    }
    # Each share is a product of factors 1 - c P, P in [0, 1], one per source counted before.
    assert all(0.2**4 - 1e-12 <= share <= 1.0 for share in detector.independence_.values())
    assert detector.accuracies_.keys() == {claim.origin for claim in dataset.claims}
    assert all(0 < accuracy < 1 for accuracy in detector.accuracies_.values())
    assert all(weight >= 0 for weight in detector.weights_.values())
    for pair in detector.copies_:
        assert pair.first < pair.second
        assert pair.shared == pair.same_true + pair.same_false + pair.different
        assert 0.0 <= pair.first_copies + pair.second_copies <= 1.0 + 1e-12
    claimed = {(claim.event, claim.attribute) for claim in dataset.claims}
    assert set(detector.truths_) == claimed
