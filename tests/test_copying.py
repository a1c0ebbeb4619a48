"""Copy detection: mirror sites that repeat a wrong source are found and counted once."""

from __future__ import annotations

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
HONEST = ("honest-1", "honest-2")
WITNESSES = ("witness-1", "witness-2", "witness-3")


def truth(item: int) -> Quantity:
    return Quantity.exact(10 + item)


def wrong(item: int) -> Quantity:
    return Quantity.exact(90 + item)


def said() -> dict[str, dict[int, Quantity]]:
    """What each source says of events e0..e7 (attribute ``killed``).

    The agency is wrong on e0..e3 and right on e4, e5; three mirrors repeat
    it on all six. The honest sources report all eight events and are right
    except for one slip each (honest-1 on e6, honest-2 on e7), each a
    different value. Three witnesses report e0, e1, e6, e7 rightly: too few
    items for any of them to be judged.
    """
    agency = {item: wrong(item) if item < 4 else truth(item) for item in range(6)}
    return {
        **{mirror: dict(agency) for mirror in MIRRORS},
        "honest-1": {item: Quantity.exact(66) if item == 6 else truth(item) for item in range(8)},
        "honest-2": {item: Quantity.exact(77) if item == 7 else truth(item) for item in range(8)},
        **{witness: {item: truth(item) for item in (0, 1, 6, 7)} for witness in WITNESSES},
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


def best(dataset: Dataset, item: int) -> object:
    return reconcile.reconcile(dataset).finding(f"e{item}", "killed").best


def test_the_mirrors_outvote_the_truth_before_collapsing_and_not_after() -> None:
    dataset = mirror_dataset()
    # On e2 and e3 only the honest pair stands against the four mirror sites.
    assert [best(dataset, item) for item in (2, 3)] == [wrong(2), wrong(3)]
    collapsed = CopyDetector().fit(dataset).collapse(dataset)
    assert [best(collapsed, item) for item in range(8)] == [truth(item) for item in range(8)]


def test_copies_name_exactly_the_mirror_group_with_its_evidence() -> None:
    detector = CopyDetector().fit(mirror_dataset())
    assert detector.groups_ == (MIRRORS,)
    assert detector.representatives_ == dict.fromkeys(MIRRORS, "agency")
    # Once the mirrors count once, e0..e3 are false and e4, e5 true, and they never differ.
    expected = tuple(
        CopyingPair(first=a, second=b, shared=6, same_true=2, same_false=4, different=0)
        for i, a in enumerate(MIRRORS)
        for b in MIRRORS[i + 1 :]
    )
    assert detector.copies_ == expected
    assert all(pair.false_agreement == 1.0 for pair in detector.copies_)
    # Round 1 (mirrors count four times) finds them on e0, e1; round 2 finds the same group.
    assert detector.n_iter_ == 2
    assert detector.truths_[("e2", "killed")] == truth(2)


def test_the_first_round_judges_against_the_plain_majority() -> None:
    detector = CopyDetector(max_iter=1).fit(mirror_dataset())
    assert detector.groups_ == (MIRRORS,)
    assert detector.truths_[("e2", "killed")] == wrong(2)  # four mirror origins against two
    assert detector.copies_[0] == CopyingPair(
        first="agency", second="mirror-1", shared=6, same_true=4, same_false=2, different=0
    )


def test_honest_sources_agreeing_on_true_values_are_never_grouped() -> None:
    grouped = {source for group in CopyDetector().fit(mirror_dataset()).groups_ for source in group}
    assert grouped.isdisjoint({*HONEST, *WITNESSES})
    # Without the mirrors, two sources that agree on every item agree on true values only.
    dataset = Dataset(
        sources=[Source(id=source) for source in HONEST],
        events=[Event(id=f"e{item}", label=f"event {item}") for item in range(8)],
        claims=[
            Claim(id=f"{s}-{i}", source=s, event=f"e{i}", attribute="killed", value=truth(i))
            for s in HONEST
            for i in range(8)
        ],
    )
    detector = CopyDetector().fit(dataset)
    assert detector.copies_ == ()
    assert detector.groups_ == ()
    assert detector.collapse(dataset) == dataset


def test_collapse_attributes_repeats_to_the_representative_and_keeps_every_claim() -> None:
    dataset = mirror_dataset()
    collapsed = CopyDetector().fit(dataset).collapse(dataset)
    before = {claim.id: claim for claim in dataset.claims}
    after = {claim.id: claim for claim in collapsed.claims}
    assert before.keys() == after.keys()
    for claim_id, claim in after.items():
        assert claim.value == before[claim_id].value
        if claim.source in MIRRORS[1:]:
            assert claim.chain == (claim.source, "agency")
        else:
            assert claim == before[claim_id]


def test_a_copier_that_differs_keeps_its_own_origin() -> None:
    dataset = mirror_dataset()
    slip = Claim(
        id="slip", source="mirror-1", event="e5", attribute="rank", value=Category(label="x")
    )
    other = Claim(
        id="other", source="agency", event="e5", attribute="rank", value=Category(label="y")
    )
    dataset = dataset.with_claims([slip, other])
    collapsed = CopyDetector().fit(dataset).collapse(dataset)
    claims = {claim.id: claim for claim in collapsed.claims}
    assert claims["slip"].origin == "mirror-1"
    assert claims["other"].origin == "agency"


def test_fitting_twice_gives_the_same_result() -> None:
    dataset = mirror_dataset()
    detector = CopyDetector()
    first = (detector.fit(dataset).copies_, detector.groups_, detector.representatives_)
    assert detector.fit(dataset) is detector
    assert (detector.copies_, detector.groups_, detector.representatives_) == first
    assert CopyDetector().fit(dataset).collapse(dataset) == detector.collapse(dataset)


@pytest.mark.parametrize("name", ["copies_", "groups_", "representatives_", "truths_", "n_iter_"])
def test_learned_state_raises_before_fit(name: str) -> None:
    with pytest.raises(NotFittedError, match="not fitted yet"):
        getattr(CopyDetector(), name)


def test_collapse_raises_before_fit() -> None:
    with pytest.raises(NotFittedError):
        CopyDetector().collapse(mirror_dataset())


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
@given(datasets())
def test_collapse_never_loses_or_changes_a_claim(dataset: Dataset) -> None:
    detector = CopyDetector(min_shared=1, min_false=1, false_agreement=0.5).fit(dataset)
    collapsed = detector.collapse(dataset)
    assert len(collapsed.claims) == len(dataset.claims)
    for before, after in zip(dataset.claims, collapsed.claims, strict=True):
        assert (after.id, after.value, after.attribute, after.source, after.polarity) == (
            before.id,
            before.value,
            before.attribute,
            before.source,
            before.polarity,
        )
        assert len(set(after.chain)) == len(after.chain)
        assert after.chain[: len(before.chain)] == before.chain
        if after != before:
            assert after.origin == detector.representatives_[before.origin] != before.origin
