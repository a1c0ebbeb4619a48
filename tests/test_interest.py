"""Interest-aware weighing, spokesmen, single-camp findings and the reliable range, by hand."""

from __future__ import annotations

import math

import pytest

import reconcile
from reconcile import (
    AttributeSchema,
    Category,
    Claim,
    ClaimGroup,
    Dataset,
    DatasetError,
    Event,
    Interest,
    Polarity,
    Quantity,
    Source,
    Status,
    Taxonomy,
    ValidationError,
    ValueKind,
)
from reconcile.judging.interest import (
    AGAINST_INTEREST_FACTOR,
    SELF_SERVING_FACTOR,
    interest_of,
)

TAXONOMY = Taxonomy(
    parents={
        "Palestinian Islamic Jihad": "Palestinian militants",
        "Israeli air force": "Israeli military",
    },
    exclusive=[["Palestinian militants", "Israeli military"]],
)
SINGLE = AttributeSchema(name="perpetrator", kind=ValueKind.CATEGORY, taxonomy=TAXONOMY)
MULTI = AttributeSchema(name="perpetrator", kind=ValueKind.CATEGORY, multi=True, taxonomy=TAXONOMY)
IDF = Source(id="idf", party="Israeli military")


def said(label: str, polarity: Polarity = Polarity.ASSERTS, **fields: object) -> Claim:
    return Claim(
        id="c",
        source="idf",
        event="e",
        attribute="perpetrator",
        value=Category(label=label),
        polarity=polarity,
        **fields,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("label", "polarity", "schema", "expected"),
    [
        # Denying a label that names itself (it, one above it, one below it): its own interest.
        ("Israeli military", Polarity.DENIES, SINGLE, Interest.SELF_SERVING),
        ("Israeli air force", Polarity.DENIES, SINGLE, Interest.SELF_SERVING),
        # Denying someone else says nothing in its own favour.
        ("Palestinian militants", Polarity.DENIES, SINGLE, None),
        # Blaming a rival: its own interest, whether one perpetrator or exclusive labels.
        ("Palestinian Islamic Jihad", Polarity.ASSERTS, SINGLE, Interest.SELF_SERVING),
        ("Palestinian Islamic Jihad", Polarity.ASSERTS, MULTI, Interest.SELF_SERVING),
        # Naming itself, or its own air force: an admission.
        ("Israeli military", Polarity.ASSERTS, SINGLE, Interest.AGAINST_INTEREST),
        ("Israeli air force", Polarity.ASSERTS, SINGLE, Interest.AGAINST_INTEREST),
    ],
)
def test_a_party_s_labels_are_read_against_its_interest(
    label: str, polarity: Polarity, schema: AttributeSchema, expected: Interest | None
) -> None:
    assert interest_of(said(label, polarity), IDF, schema) is expected


def test_co_perpetrators_that_do_not_exclude_it_are_not_self_serving() -> None:
    schema = AttributeSchema(name="perpetrator", kind=ValueKind.CATEGORY, multi=True)
    assert interest_of(said("a militia"), IDF, schema) is None


def test_a_declared_interest_wins_and_figures_are_only_declared() -> None:
    declared = said("Israeli military", interest=Interest.SELF_SERVING)
    assert interest_of(declared, IDF, SINGLE) is Interest.SELF_SERVING
    figure = Claim(id="k", source="idf", event="e", attribute="killed", value=Quantity.exact(9))
    killed = reconcile.standard_attributes()["killed"]
    assert interest_of(figure, IDF, killed) is None
    assert interest_of(said("Israeli military"), Source(id="idf"), SINGLE) is None


def test_interest_scales_the_testimony_and_its_reliability() -> None:
    claims = (
        said("Palestinian Islamic Jihad"),  # self-serving
        Claim(
            id="c2",
            source="idf",
            event="e",
            attribute="perpetrator",
            value=Category(label="Israeli air force"),  # an admission
        ),
    )
    group = ClaimGroup(
        event="e",
        attribute="perpetrator",
        schema=SINGLE,
        claims=claims,
        sources={"idf": IDF},
        weights={"idf": 0.8},
    )
    weights = {t.value.label: (t.weight, t.reliability) for t in group.testimonies}  # type: ignore[union-attr]
    # Two things said by one origin of weight 0.8: 0.4 each, times the factor; the
    # reliability is the weight before it is shared.
    assert weights["Palestinian Islamic Jihad"] == pytest.approx(
        (0.4 * SELF_SERVING_FACTOR, 0.8 * SELF_SERVING_FACTOR)
    )
    assert weights["Israeli air force"] == pytest.approx(
        (0.4 * AGAINST_INTEREST_FACTOR, 0.8 * AGAINST_INTEREST_FACTOR)
    )


def test_a_light_figure_is_beyond_the_range_with_its_reason() -> None:
    sources = [
        Source(id="a", affiliation="x"),
        Source(id="b", affiliation="y"),
        Source(id="rumour", affiliation="z", reliability=0.3),
    ]
    dataset = Dataset(
        sources=sources,
        events=[Event(id="e", label="e")],
        claims=[
            Claim(id="ka", source="a", event="e", attribute="killed", value=Quantity.exact(10)),
            Claim(id="kb", source="b", event="e", attribute="killed", value=Quantity.exact(12)),
            Claim(
                id="kr", source="rumour", event="e", attribute="killed", value=Quantity.exact(20)
            ),
        ],
    )
    finding = reconcile.reconcile(dataset).finding("e", "killed")
    # 20 is not isolated (8 from 12, not more than half of 20), but it weighs 0.3 < 0.5:
    # not reliable, so the range is that of 10 and 12.
    assert (finding.low, finding.high) == (10, 12)
    (beyond,) = finding.beyond_range
    assert (beyond.claims, beyond.figure) == (("kr",), "20")
    assert beyond.reason == "its origin weighs 0.3, below the 0.5 of a reliable figure"
    # A lower threshold relies on it.
    lenient = reconcile.reconcile(
        dataset, strategies={"killed": reconcile.IntervalConsensus(reliable_weight=0.2)}
    )
    assert lenient.finding("e", "killed").high == 20


def test_one_camp_is_single_camp_and_two_camps_agree() -> None:
    def finding(camps: list[str]) -> reconcile.Finding:
        sources = [Source(id=f"s{i}", affiliation=camp) for i, camp in enumerate(camps)]
        claims = [
            Claim(id=f"c{i}", source=s.id, event="e", attribute="killed", value=Quantity.exact(7))
            for i, s in enumerate(sources)
        ]
        data = Dataset(sources=sources, events=[Event(id="e", label="e")], claims=claims)
        return reconcile.reconcile(data).finding("e", "killed")

    many = finding(["mek", "mek", "mek", "mek"])
    assert (many.status, many.confidence) == (Status.SINGLE_CAMP, 0.5)
    two = finding(["mek", "un"])
    assert (two.status, two.confidence) == (Status.AGREED, 0.75)


def test_speaks_for_must_name_a_source_of_the_dataset(tmp_path: object) -> None:
    with pytest.raises(ValidationError, match="cannot speak for itself"):
        Source(id="moh", speaks_for="moh")
    with pytest.raises(DatasetError) as caught:
        Dataset(sources=[Source(id="spokesman", speaks_for="ministry")], claims=[])
    (problem,) = caught.value.problems
    assert (problem.section, problem.record_id, problem.field) == (
        "sources",
        "spokesman",
        "speaks_for",
    )
    assert problem.message == "speaks for the unknown source 'ministry'"


def test_the_confidence_of_the_ashraf_toll_counts_the_boast_at_a_tenth() -> None:
    from importlib import resources

    with resources.as_file(resources.files("reconcile") / "data" / "ashraf.yaml") as path:
        ashraf = reconcile.load(path)
    toll = reconcile.reconcile(ashraf).finding("attack-on-camp-ashraf-2013-09-01", "killed")
    # Ten origins of weight 1 for 52; the State Department's 1 and Khatami's 1 x 0.1 against.
    assert math.isclose(toll.confidence, 10 / 11.1 * (1 - 0.5**5))
    assert [item.claims for item in toll.beyond_range] == [("d003-killed-2013-khatami",)]


def test_a_spokesman_cannot_speak_for_itself_through_others() -> None:
    sources = [Source(id="a", speaks_for="b"), Source(id="b", speaks_for="a")]
    with pytest.raises(DatasetError) as caught:
        Dataset(sources=sources, claims=[])
    messages = [(p.record_id, p.message) for p in caught.value.problems]
    assert messages == [
        ("a", "speaks for 'b', which speaks, in the end, for 'a'"),
        ("b", "speaks for 'a', which speaks, in the end, for 'b'"),
    ]
