"""The label strategies, `weighted-vote` and `hierarchical-vote`, on small tables worked by hand.

Every expected label below follows from the rules in docs/strategies.md, all
sources weighing 1 unless a row says otherwise. For `hierarchical-vote`
(`specific_share` 0.5 unless a row says otherwise): a label *keeps* the
asserted weight less its rivals' claims and the denials of it or of a
label above it; the walk starts at the top label with the most net weight
and goes down to the child with the most net weight while that child keeps
at least the share of what the top keeps, and stops when two children are level.
"""

from __future__ import annotations

import pytest

import reconcile
from reconcile import (
    AttributeSchema,
    Category,
    Claim,
    ClaimGroup,
    HierarchicalVote,
    Polarity,
    Status,
    Taxonomy,
    ValidationError,
    ValueKind,
    WeightedVote,
)

PLACES = Taxonomy(
    parents={
        "Boston": "Massachusetts",
        "Cambridge": "Massachusetts",
        "Massachusetts": "USA",
        "New York City": "New York",
        "Buffalo": "New York",
        "New York": "USA",
        "Paris": "France",
    },
    aliases={"NYC": "New York City"},
)
BIRTHPLACE = AttributeSchema(name="birthplace", kind=ValueKind.CATEGORY, taxonomy=PLACES)
NO = "-"
"""Marks a denial in a row: ``"-Boston"`` denies Boston."""


def group(
    *labels: str,
    schema: AttributeSchema = BIRTHPLACE,
    weights: tuple[float, ...] = (),
) -> ClaimGroup:
    """One claim per label, each from its own source s0, s1, ...; ``"-X"`` denies X."""
    claims = [
        Claim(
            id=f"c{index}",
            source=f"s{index}",
            event="e",
            attribute=schema.name,
            value=Category(label=label.removeprefix(NO)),
            polarity=Polarity.DENIES if label.startswith(NO) else Polarity.ASSERTS,
        )
        for index, label in enumerate(labels)
    ]
    return ClaimGroup(
        event="e",
        attribute=schema.name,
        schema=schema,
        claims=claims,
        weights={f"s{index}": weight for index, weight in enumerate(weights)},
    )


# (claims, hierarchical-vote's label, weighted-vote's label, why)
SINGLE_VALUED = [
    (
        ("USA", "Boston"),
        "Boston",
        "USA",
        # USA keeps 2; Massachusetts, its only child, keeps 2 >= 1, and Boston keeps 2.
        # The weighted vote: USA has net 2, Boston 1 (the USA claim does not count for it).
        "an ancestor's claim supports the specific label",
    ),
    (
        ("USA", "USA", "Boston"),
        "Boston",
        "USA",
        # USA keeps 3; Massachusetts and Boston keep 3 each: nothing disagrees with Boston.
        "ancestor claims do not outvote the specific label",
    ),
    (
        ("Boston", "Buffalo"),
        "USA",
        "USA",
        # Massachusetts and New York both have net 1 - 1 = 0: level, so the walk stops at USA.
        "two level children keep their parent",
    ),
    (
        ("Boston", "Boston", "Buffalo"),
        "Boston",
        "USA",
        # USA keeps 3. Massachusetts: net 2 - 1 = 1, New York: 1 - 2 = -1; Massachusetts
        # keeps 3 - 1 = 2 >= 1.5; Boston keeps 2 >= 1.5.
        "the stronger child wins when it keeps half the weight",
    ),
    (
        ("USA", "Boston", "Cambridge", "Buffalo"),
        "Massachusetts",
        "USA",
        # USA keeps 4. Massachusetts: net 2 - 1 = 1 beats New York 1 - 2 = -1, keeps
        # 4 - 1 = 3 >= 2. Boston and Cambridge: net 1 - 2 = -1 each, level: stop.
        "the walk stops where the claims split evenly",
    ),
    (
        ("Boston", "Boston", "-Boston", "-Boston"),
        "Massachusetts",
        "Massachusetts",
        # Asserted 2. USA and Massachusetts keep 2; Boston keeps 2 - 2 denials = 0 < 1.
        # The weighted vote: USA and Massachusetts both net 2, the more specific wins.
        "denials of a label count against it and what lies below it",
    ),
    (
        ("Boston", "Paris"),
        "Paris",
        "Boston",
        # USA and France: net 1 - 1 = 0, level top labels: the first alphabetically,
        # France; Paris keeps 2 - 1 = 1 >= 0.5. The weighted vote: every candidate has
        # net 0, and ties go to the more specific label first: Boston (depth 3).
        "level top labels go to the first alphabetically",
    ),
    (
        ("Cambridge",),
        "Cambridge",
        "Cambridge",
        "one claim gives its own label",
    ),
    (
        ("NYC", "USA"),
        "New York City",
        "USA",
        # NYC is an alias: New York keeps 2, New York City keeps 2.
        "an alias is read, and reported, as the label it stands for",
    ),
]


@pytest.mark.parametrize(
    ("labels", "hierarchical", "weighted", "why"),
    SINGLE_VALUED,
    ids=[row[-1] for row in SINGLE_VALUED],
)
def test_single_valued_labels_in_a_hierarchy(
    labels: tuple[str, ...], hierarchical: str, weighted: str, why: str
) -> None:
    claims = group(*labels)
    assert HierarchicalVote().reconcile(claims).best == Category(label=hierarchical), why
    assert WeightedVote().reconcile(claims).best == Category(label=weighted), why


# (share, expected): USA, Boston, Boston, Buffalo. USA keeps 4; Massachusetts (net 2 - 1 = 1
# against New York's 1 - 2) keeps 4 - 1 = 3, and so does Boston: 3 of 4 is 0.75.
SHARES = [(0.0, "Boston"), (0.5, "Boston"), (0.75, "Boston"), (0.8, "USA"), (1.0, "USA")]


@pytest.mark.parametrize(("share", "expected"), SHARES)
def test_the_share_a_specific_label_must_keep(share: float, expected: str) -> None:
    claims = group("USA", "Boston", "Boston", "Buffalo")
    finding = HierarchicalVote(specific_share=share).reconcile(claims)
    assert finding.best == Category(label=expected)


def test_weights_decide_which_child_and_whether_to_go_down() -> None:
    # Boston 1, Buffalo 3, USA 1. USA keeps 5; New York: net 3 - 1 = 2 against
    # Massachusetts' 1 - 3 = -2, keeps 5 - 1 = 4 >= 2.5; Buffalo keeps 4.
    claims = group("Boston", "Buffalo", "USA", weights=(1.0, 3.0, 1.0))
    assert HierarchicalVote().reconcile(claims).best == Category(label="Buffalo")
    # Boston 3 instead: Massachusetts' net 3 - 1 = 2 wins and keeps 5 - 1 = 4 >= 2.5.
    claims = group("Boston", "Buffalo", "USA", weights=(3.0, 1.0, 1.0))
    assert HierarchicalVote().reconcile(claims).best == Category(label="Boston")
    # Level weights, 1 and 1 under a USA of 4: the children are level, so the USA.
    claims = group("Boston", "Buffalo", "USA", weights=(1.0, 1.0, 4.0))
    assert HierarchicalVote().reconcile(claims).best == Category(label="USA")


def test_the_finding_of_a_walk_down_says_what_was_kept() -> None:
    finding = HierarchicalVote().reconcile(group("Boston", "Boston", "Buffalo"))
    assert finding.best == Category(label="Boston")
    assert finding.support == ("c0", "c1")
    assert finding.dissent == ("c2",)
    assert finding.status is Status.DISPUTED
    assert finding.confidence == 2 / 3 * (1 - 0.5)  # one camp: every source is unaffiliated
    assert finding.strategy == "hierarchical-vote"
    # Boston: keeps 3 - 1 = 2 of USA's 3; net weight 2 - 1 = 1.
    assert finding.rationale.startswith(
        "most specific label keeping at least 50% of the weight of 'USA': 'Boston' "
        "(2 of 3, net weight 1); backed by 2 origins (unaffiliated)"
    )
    (rival,) = finding.contradictions
    assert rival.claims == ("c2", "c0", "c1")


FLAT = AttributeSchema(name="birthplace", kind=ValueKind.CATEGORY)


@pytest.mark.parametrize(
    "labels",
    [("a", "b", "b"), ("b", "a"), ("a", "-a", "b"), ("x", "y", "z", "-z", "y")],
)
def test_without_a_taxonomy_it_is_the_weighted_vote(labels: tuple[str, ...]) -> None:
    claims = group(*labels, schema=FLAT)
    assert HierarchicalVote().reconcile(claims).best == WeightedVote().reconcile(claims).best, (
        labels
    )


def test_multi_valued_attributes_are_voted_on_as_the_weighted_vote_does() -> None:
    perpetrator = AttributeSchema(
        name="perpetrator", kind=ValueKind.CATEGORY, multi=True, taxonomy=PLACES
    )
    claims = group("Boston", "Buffalo", "USA", "-Cambridge", schema=perpetrator)
    hierarchical = HierarchicalVote().reconcile(claims)
    weighted = WeightedVote().reconcile(claims)
    # Nothing is exclusive: Boston and Buffalo both have positive net weight.
    assert hierarchical.best == (Category(label="Boston"), Category(label="Buffalo"))
    assert (hierarchical.best, hierarchical.support, hierarchical.rationale) == (
        weighted.best,
        weighted.support,
        weighted.rationale,
    )


def test_nothing_asserted_gives_insufficient() -> None:
    for claims in (group(), group("-Boston", "-USA")):
        finding = HierarchicalVote().reconcile(claims)
        assert finding.status is Status.INSUFFICIENT
        assert finding.best is None


@pytest.mark.parametrize("share", [-0.1, 1.5, True, "half", float("nan")])
def test_the_share_must_lie_between_0_and_1(share: object) -> None:
    with pytest.raises(ValidationError, match="specific_share must be a number from 0 to 1"):
        HierarchicalVote(specific_share=share)  # type: ignore[arg-type]


def test_hierarchical_vote_is_registered_with_its_defaults() -> None:
    registered = reconcile.get("hierarchical-vote")
    assert registered == HierarchicalVote()
    assert isinstance(registered, HierarchicalVote)
    assert registered.specific_share == 0.5
