"""Labels across languages and scripts, places at different levels of detail, and the clusterer.

The similarities asserted here are orderings and thresholds read off the
documented rules (docs/reconciliation.md, "Clustering"), not figures copied
from the output: a shared concept and a shared name make two labels alike
whatever their language; a place and the place that contains it are
compatible; "north of X" is compatible with X's region.
"""

from __future__ import annotations

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile import (
    Claim,
    Dataset,
    DatasetError,
    EventMention,
    MentionClusterer,
    Precision,
    Quantity,
    Source,
    TimeSpan,
)
from reconcile.linking import cluster
from reconcile.linking import nodes as linking_nodes
from reconcile.linking.labels import UNKNOWN, comparable_words, label_similarity, script
from reconcile.linking.places import (
    NEARBY,
    SAME,
    WITHIN,
    PlaceComparer,
    anchor_of,
    gazetteer_of,
    names_in,
)
from reconcile.model.gazetteer import Gazetteer, Place
from reconcile.testing import datasets, timespans

GAZA = PlaceComparer(
    Gazetteer(
        places=[
            Place(name="al-Ahli Arab Hospital", within="Gaza City", aliases=("Baptist Hospital",)),
            Place(name="Gaza City", within="Gaza Strip"),
            Place(name="Gaza Strip"),
            Place(name="Camp Ashraf", within="Diyala", aliases=("Camp New Iraq",)),
            Place(name="Diyala", within="Iraq"),
            Place(name="Baghdad", within="Iraq"),
            Place(name="Iraq"),
        ]
    )
)


# -- labels ---------------------------------------------------------------------------------


def test_concepts_stand_for_their_words_in_every_language() -> None:
    english = comparable_words("Kunduz hospital airstrike")
    german = comparable_words("Luftangriff auf das Krankenhaus in Kundus")
    arabic = comparable_words("قصف مستشفى قندوز")
    for words in (english, german, arabic):
        assert {"#hospital", "#airstrike"} <= set(words)
    assert "auf" not in german  # words that name nothing are dropped
    assert "das" not in german


def test_names_in_other_scripts_are_written_in_latin_letters() -> None:
    assert comparable_words("Краматорск") == comparable_words("Kramatorsk") == ("kramatorsk",)


def test_one_event_named_in_two_languages_is_alike() -> None:
    assert (
        label_similarity(["Kunduz hospital airstrike"], ["Luftangriff auf Krankenhaus Kundus"])
        > 0.9
    )
    assert label_similarity(["Ghouta chemical attack"], ["attaque chimique de la Ghouta"]) == 1.0
    assert label_similarity(["Краматорск вокзал удар"], ["Kramatorsk station strike"]) == 1.0


def test_labels_in_other_scripts_with_no_shared_concept_say_nothing() -> None:
    assert script("التفجير الكبير") == "ARABIC"
    assert label_similarity(["the siege"], ["الحصار الكبير"]) == UNKNOWN


def test_articles_of_every_language_in_the_list_are_dropped() -> None:
    # The list once ran "und" into "le", "et" into "het" and "en" into "el" (strings
    # side by side join), so the French, Dutch and Arabic articles counted as names.
    assert comparable_words("le massacre") == comparable_words("massacre")
    assert comparable_words("het bloedbad") == comparable_words("bloedbad")
    assert comparable_words("el massacre") == comparable_words("massacre")
    assert comparable_words("und massacre et en") == comparable_words("massacre")


def test_a_series_is_not_one_of_its_attacks() -> None:
    one = label_similarity(["an attack on Camp Liberty"], ["the attack on Camp Liberty"])
    series = label_similarity(["an attack on Camp Liberty"], ["rocket attacks on Camp Liberty"])
    assert comparable_words("attacks") == ("#attack-series",)
    assert series < one


def test_a_compound_names_both_its_concepts() -> None:
    assert comparable_words("Raketenangriff") == ("#rocket", "#attack")
    assert comparable_words("raketaanval") == ("#rocket", "#attack")
    assert comparable_words("Giftgasangriff") == ("#chemical", "#attack")
    # One stem for the whole word: nothing after it.
    assert comparable_words("Luftangriff") == ("#airstrike",)


def test_a_series_against_one_of_its_kind_counts_half() -> None:
    # "rocket attacks" is a series, "a rocket attack" one attack: alike in words, but a
    # series of attacks is not one of them.
    one = label_similarity(["a rocket attack on Camp Liberty"], ["rocket attack on Camp Liberty"])
    series = label_similarity(
        ["rocket attacks on Camp Liberty"], ["a rocket attack on Camp Liberty"]
    )
    assert one == 1.0
    assert series <= 0.5
    assert (
        label_similarity(
            ["seven rocket attacks on Kramatorsk"],
            ["Raketenangriff auf den Bahnhof von Kramatorsk"],
        )
        < 0.5
    )
    # Two series, or a series beside another concept only, are not halved.
    assert label_similarity(["rocket attacks on Camp Liberty"], ["rocket attacks on Liberty"]) > 0.8


def test_anaphoric_labels_score_the_unknown_middle_or_less() -> None:
    assert label_similarity(["this one"], ["Houla massacre"]) == UNKNOWN
    assert label_similarity(["the massacre"], ["Houla massacre"]) <= UNKNOWN  # one word: halved


# -- places ---------------------------------------------------------------------------------


def test_aliases_name_one_place() -> None:
    assert GAZA.similarity("Baptist hospital", "al-Ahli Arab Hospital") == SAME
    assert GAZA.similarity("camp new iraq", "Camp Ashraf") == SAME


def test_a_place_within_another_is_compatible_at_any_depth() -> None:
    assert GAZA.similarity("al-Ahli Arab Hospital", "Gaza City") == WITHIN
    assert GAZA.similarity("Gaza Strip", "Al Ahli Arab Hospital") == WITHIN
    assert GAZA.compatible("Camp Ashraf", "Iraq", 0.8)


def test_surroundings_are_compatible_with_the_region_of_their_anchor() -> None:
    assert GAZA.similarity("north of Baghdad", "Camp Ashraf") == NEARBY  # both in Iraq
    assert GAZA.compatible("40 km north-east of Baghdad", "Diyala", 0.8)
    assert not GAZA.compatible("north of Baghdad", "Gaza City", 0.8)


def test_places_in_different_regions_are_not_compatible() -> None:
    assert not GAZA.compatible("Gaza City", "Camp Ashraf", 0.8)
    assert not GAZA.compatible("Camp Ashraf", "Baghdad", 0.8)  # siblings within Iraq


def test_a_phrase_names_the_most_contained_known_place_in_it() -> None:
    assert GAZA.place_of("the Baptist hospital in central Gaza City") == "al-Ahli Arab Hospital"
    assert GAZA.place_of("a camp north of Baghdad") == "Baghdad"
    assert GAZA.place_of("somewhere else") is None
    assert GAZA.similarity("the Baptist hospital in central Gaza City", "Gaza Strip") == WITHIN


def test_names_are_capitalised_words_that_name_no_kind_of_place() -> None:
    assert names_in("the northern city of Kunduz") == {"kunduz"}
    assert names_in("unser Krankenhaus im afghanischen Kundus") == {"kundus"}
    assert names_in("the facility") == frozenset()
    assert names_in("قرية الحولة") == {"hwlh"}  # no capitals in Arabic: every word but "village"


def test_without_a_gazetteer_a_shared_name_or_a_vague_phrase_is_compatible() -> None:
    words = PlaceComparer(Gazetteer())
    assert words.compatible("the northern city of Kunduz", "Kunduz, Afghanistan", 0.8)
    assert words.compatible("the facility", "Camp Ashraf", 0.8)  # it can be anywhere
    assert not words.compatible("Camp Liberty", "Camp Ashraf", 0.8)  # "Camp" names no place


def test_phrases_of_surroundings_name_their_anchor() -> None:
    assert anchor_of("40 km north-east of Baghdad") == "Baghdad"
    assert anchor_of("near Kunduz") == "Kunduz"
    assert anchor_of("about 10 km from Houla") == "Houla"
    assert anchor_of("East Jerusalem") is None  # a place's own name, not its surroundings
    assert anchor_of("Gaza City") is None


def test_a_clusterer_gazetteer_needs_no_entry_for_the_larger_place() -> None:
    gazetteer = gazetteer_of({"Baptist Hospital": "al-Ahli"}, {"Baptist hospital": "Gaza"})
    assert gazetteer.contains("Gaza", "al-Ahli")
    assert gazetteer.resolve("baptist hospital") == "al-Ahli"


# -- the clusterer --------------------------------------------------------------------------


def claims_of(mentions: list[EventMention]) -> Dataset:
    claims = [
        Claim(id=f"c{i}", source=f"s{i}", mention=m, attribute="killed", value=Quantity.exact(1))
        for i, m in enumerate(mentions)
    ]
    return Dataset(sources=[Source(id=f"s{i}") for i in range(len(mentions))], claims=claims)


def on(day: int, label: str, where: str | None) -> EventMention:
    return EventMention(label=label, when=TimeSpan.day(2023, 10, day), where=where)


def events(clusterer: MentionClusterer, data: Dataset) -> int:
    return len(clusterer.cluster(data))


def test_a_place_and_the_city_that_holds_it_meet_with_the_gazetteer() -> None:
    data = claims_of(
        [
            on(17, "al-Ahli hospital explosion", "al-Ahli Arab Hospital"),
            on(17, "Gaza hospital blast", "Gaza City"),
        ]
    )
    assert events(MentionClusterer(), data) == 2  # the words of the places differ
    assert events(MentionClusterer(within={"al-Ahli Arab Hospital": "Gaza City"}), data) == 1


def test_one_event_reported_in_three_languages_is_one_event() -> None:
    data = claims_of(
        [
            on(17, "al-Ahli hospital explosion", "Gaza"),
            on(17, "انفجار المستشفى الأهلي", "Gaza"),
            on(17, "Explosion im Krankenhaus", "Gaza"),
        ]
    )
    assert events(MentionClusterer(), data) == 1


def test_two_strikes_on_one_day_in_different_cities_stay_apart() -> None:
    data = claims_of(
        [
            on(17, "hospital explosion", "Gaza City"),
            on(17, "hospital explosion", "Camp Ashraf"),
        ]
    )
    assert events(MentionClusterer(within={"Camp Ashraf": "Iraq", "Gaza City": "Gaza"}), data) == 2


PLACES = ["al-Ahli Arab Hospital", "Gaza City", "Gaza Strip", "north of Gaza City", "Rafah", None]
WITHIN_GAZA = {
    "al-Ahli Arab Hospital": "Gaza City",
    "Gaza City": "Gaza Strip",
    "Rafah": "Gaza Strip",
}


@given(
    st.lists(
        st.tuples(
            st.none() | st.integers(min_value=10, max_value=25),
            st.sampled_from(["hospital explosion", "انفجار المستشفى", "strike", "the attack"]),
            st.sampled_from(PLACES),
        ),
        max_size=10,
    )
)
def test_blocked_clustering_with_a_gazetteer_equals_the_all_pairs_oracle(
    drawn: list[tuple[int | None, str, str | None]],
) -> None:
    data = claims_of(
        [
            EventMention(
                label=label,
                when=None if day is None else TimeSpan.day(2023, 10, day),
                where=where,
            )
            for day, label, where in drawn
        ]
    )
    blocked = MentionClusterer(within=WITHIN_GAZA)
    assert blocked.cluster(data) == MentionClusterer(within=WITHIN_GAZA, blocking=False).cluster(
        data
    )


_PLACE_NAMES = [
    "Camp Ashraf", "Ashraf", "معسكر أشرف", "Camp Liberty", "Gaza City", "north of Gaza City",
    "Rafah", "رفح", "Баакуба", "the facility", "\u00bc", "\u129f", "al-Ahli Arab Hospital",
]  # fmt: skip
"""Place names in four scripts and none, known and unknown, vague and named."""


@given(
    st.lists(st.sampled_from(_PLACE_NAMES), min_size=1, unique=True),
    st.sampled_from([{}, WITHIN_GAZA]),
)
def test_the_compatible_places_are_the_pairs_the_place_constraint_allows(
    places: list[str], within: dict[str, str]
) -> None:
    # Blocking on them must lose no pair that `_same_place_possible` allows, in any script:
    # the columnar engine blocks undated mentions on them even without `blocking`.
    clusterer = MentionClusterer(within=within)
    found = clusterer._compatible_places(sorted(places))
    assert found == {
        place: sorted(other for other in places if clusterer._same_place_possible(place, other))
        for place in places
    }


# -- the gazetteer's own checks -------------------------------------------------------------


def test_one_place_may_spell_a_name_twice_but_two_places_may_not_share_one() -> None:
    one = Gazetteer(places=[Place(name="al-Ahli", aliases=("Al Ahli", "al ahli", "AL-AHLI"))])
    assert one.resolve("al_ahli") == "al-Ahli"  # punctuation and case do not count
    with pytest.raises(DatasetError, match="names more than one place"):
        Gazetteer(places=[Place(name="Hula", aliases=("Houla",)), Place(name="Houla")])


def reported_on(mentions: list[tuple[EventMention, pendulum.DateTime]]) -> Dataset:
    claims = [
        Claim(
            id=f"c{i}",
            source=f"s{i}",
            mention=m,
            attribute="killed",
            value=Quantity.exact(1),
            published=published,
        )
        for i, (m, published) in enumerate(mentions)
    ]
    return Dataset(sources=[Source(id=f"s{i}") for i in range(len(claims))], claims=claims)


def test_undated_reports_far_apart_count_against_one_event() -> None:
    # recent_days is 14: reported 140 days apart, the time part falls from 0.5 to 0.05.
    attack = EventMention(label="attack on the hospital", where="Gaza City")
    together = reported_on(
        [(attack, pendulum.datetime(2023, 10, 18)), (attack, pendulum.datetime(2023, 10, 20))]
    )
    apart = reported_on(
        [(attack, pendulum.datetime(2023, 10, 18)), (attack, pendulum.datetime(2024, 3, 6))]
    )
    near = MentionClusterer(threshold=0.0).cluster(together)[0].links[0]
    far = MentionClusterer(threshold=0.0).cluster(apart)[0].links[0]
    assert "reported together" in near.reason
    assert "reported 140 days apart" in far.reason
    weights = 0.35 + 0.25 + 0.15 + 0.1 + 0.15  # labels, time, place, kind (unknown), document
    assert near.score - far.score == pytest.approx(0.25 * (0.5 - 0.05) / weights)


def test_an_undated_report_long_after_a_dated_event_leans_away_from_it() -> None:
    dated = EventMention(
        label="attack on the hospital", where="Gaza City", when=TimeSpan.day(2023, 10, 17)
    )
    undated = EventMention(label="attack on the hospital", where="Gaza City")
    data = reported_on(
        [(dated, pendulum.datetime(2023, 10, 18)), (undated, pendulum.datetime(2024, 3, 5))]
    )
    link = MentionClusterer(threshold=0.0).cluster(data)[0].links[0]
    assert "undated, reported 140 days after" in link.reason


def test_a_report_dated_to_the_month_can_be_about_any_day_of_it() -> None:
    # Published "2022-04": the report may come from 30 April, after the strike of 8 April.
    strike = EventMention(
        label="strike on the station", where="Kramatorsk", when=TimeSpan.day(2022, 4, 8)
    )
    undated = EventMention(label="strike on the station", where="Kramatorsk")
    claims = [
        Claim(
            id="dated", source="s0", mention=strike, attribute="killed", value=Quantity.exact(50)
        ),
        Claim(
            id="monthly",
            source="s1",
            mention=undated,
            attribute="killed",
            value=Quantity.exact(52),
            published=pendulum.datetime(2022, 4, 1),
            published_precision=Precision.MONTH,
        ),
    ]
    data = Dataset(sources=[Source(id="s0"), Source(id="s1")], claims=claims)
    assert len(MentionClusterer().cluster(data)) == 1


@pytest.mark.parametrize("utc_first", [True, False])
def test_one_instant_published_to_the_month_falls_in_the_month_of_its_own_zone(
    utc_first: bool,
) -> None:
    # 00:30 on 1 September at UTC+2 is 22:30 on 31 August in UTC: one instant, two months.
    # Asked in either order, so that neither answer can be the other's, remembered.
    plus_two = pendulum.FixedTimezone(2 * 3600)
    paris = pendulum.datetime(2013, 9, 1, 0, 30, tz=plus_two)
    london = paris.in_timezone("UTC")
    september = (
        pendulum.datetime(2013, 9, 1, tz=plus_two).timestamp(),
        pendulum.datetime(2013, 10, 1, tz=plus_two).timestamp(),
    )
    august = (pendulum.datetime(2013, 8, 1).timestamp(), pendulum.datetime(2013, 9, 1).timestamp())
    order = [(london, august), (paris, september)]
    for moment, month in order if utc_first else order[::-1]:
        assert linking_nodes._publication(moment, Precision.MONTH) == month


def test_a_list_of_places_names_each_of_them() -> None:
    ghouta = PlaceComparer(
        Gazetteer(
            places=[
                Place(name="Rif Dimashq"),
                Place(name="Eastern Ghouta", within="Rif Dimashq"),
                Place(name="Moadamiya", within="Rif Dimashq"),
                Place(name="Zamalka", within="Eastern Ghouta"),
            ]
        )
    )
    listed = "the suburbs of Eastern Ghouta and Moadamiya"
    assert ghouta.compatible(listed, "Zamalka", 0.8)  # within Eastern Ghouta
    assert ghouta.compatible(listed, "Moadamiya", 0.8)
    assert not ghouta.compatible("Zamalka", "Moadamiya", 0.8)


def test_what_the_gazetteer_does_not_know_it_cannot_rule_out() -> None:
    assert GAZA.compatible("the Damascus area", "Gaza City", 0.8)  # Damascus is unknown to it
    words = PlaceComparer(Gazetteer())
    assert words.compatible("ريف دمشق", "the Damascus area", 0.8)  # two scripts: no comparison
    assert not words.compatible("Damascus", "Houla", 0.8)  # one script, no name in common


def test_an_event_named_in_another_script_gets_an_id_in_latin_letters() -> None:
    mention = EventMention(label="удар по Краматорску", when=TimeSpan.day(2022, 4, 8))
    data = claims_of([mention])
    assert MentionClusterer().cluster(data)[0].id == "udar-po-kramatorsku-2022-04-08"


@given(st.lists(timespans(), min_size=1, max_size=4))
def test_an_events_common_span_is_what_the_checked_constructor_makes_of_its_ends(
    spans: list[TimeSpan],
) -> None:
    # The common span is built without flooring its ends again: each is a unit's boundary
    # in its own zone. The constructor, which checks that, must accept it as it is.
    common = cluster._common_span(spans)
    assert common is not None
    checked = TimeSpan(start=common.start, end=common.end, precision=common.precision)
    assert checked == common
    assert checked.isoformat() == common.isoformat()
    latest_start, earliest_end = max(s.start for s in spans), min(s.end for s in spans)
    if latest_start < earliest_end:
        assert (common.start, common.end) == (latest_start, earliest_end)
    else:
        assert (common.start, common.end) == (
            min(s.start for s in spans),
            max(s.end for s in spans),
        )


@given(datasets(max_claims=10))
def test_a_nodes_publication_times_kept_by_identity_are_those_worked_out_claim_by_claim(
    data: Dataset,
) -> None:
    claims = list(data.claims)
    expected = [
        linking_nodes._publication(claim.published, claim.published_precision)
        for claim in claims
        if claim.published is not None
    ]
    assert linking_nodes._publications([*claims, *claims], {}) == expected + expected


@given(datasets(max_claims=10), st.integers(0, 9))
def test_a_node_takes_its_claims_ids_documents_and_first_and_last_publication(
    data: Dataset, repeats: int
) -> None:
    # Claims repeated, so that one moment (one object) is met several times, alone or not.
    claims = [*data.claims, *list(data.claims)[:repeats]]
    times = [
        linking_nodes._publication(claim.published, claim.published_precision)
        for claim in claims
        if claim.published is not None
    ]
    part = linking_nodes._claims_part(claims, {})
    assert part["claims"] == tuple(sorted(claim.id for claim in claims))
    assert part["documents"] == {c.evidence.document for c in claims if c.evidence is not None}
    expected = (min(t[0] for t in times), max(t[1] for t in times)) if times else None
    assert part["published"] == expected


def test_one_moment_published_at_a_day_and_at_a_month_spans_the_month_for_the_second() -> None:
    # One moment object, two precisions: what is kept by its identity at a day must not
    # stand for the month that another claim gives it.
    first = pendulum.datetime(2013, 9, 1)
    mention = EventMention(label="attack on the camp", when=TimeSpan.day(2013, 9, 1))

    def claim(claim_id: str, precision: Precision) -> Claim:
        return Claim(
            id=claim_id,
            source="s",
            attribute="killed",
            value=Quantity.exact(52),
            mention=mention,
            published=first,
            published_precision=precision,
        )

    claims = [claim("c1", Precision.DAY), claim("c2", Precision.MONTH)]
    september = pendulum.datetime(2013, 10, 1).timestamp()
    assert linking_nodes._claims_part(claims, {})["published"] == (first.timestamp(), september)


@given(datasets(max_claims=10))
def test_nodes_by_day_are_the_nodes_whose_day_is_that_day(data: Dataset) -> None:
    # Each node twice, so that spans are met again: a day is kept by the span's identity.
    nodes = [*linking_nodes._nodes(data), *linking_nodes._nodes(data)]
    expected: dict[tuple[int, int, int], list[object]] = {}
    for node in nodes:
        day = linking_nodes._day_of(node)
        if day is not None:
            expected.setdefault(day, []).append(node)
    assert dict(linking_nodes._by_day(nodes)) == expected


_LABELS = [
    "Kunduz hospital airstrike",
    "Luftangriff auf Krankenhaus Kundus",
    "قصف مستشفى قندوز",
    "Краматорск вокзал удар",
    "rocket attacks on Camp Liberty",
    "a rocket attack on Camp Liberty",
    "attacks",
    "an attack",
    "the massacre",
    "this one",
    "Houla massacre",
    "الحصار الكبير",
    "",
]
"""Labels that take each way of `label_similarity`: concepts, scripts, series, no words."""


@given(
    st.lists(
        st.lists(st.sampled_from(_LABELS) | st.text(max_size=12), max_size=3),
        min_size=1,
        max_size=6,
    ),
    st.data(),
)
def test_label_sets_scored_together_score_as_each_pair_alone(
    label_sets: list[list[str]], data: st.DataObject
) -> None:
    from reconcile.linking.pair_scores import _set_similarities

    sets = [tuple(labels) for labels in label_sets]
    width = len(sets)
    codes = data.draw(st.lists(st.integers(0, width * width - 1), max_size=12))
    expected = [label_similarity(sets[code // width], sets[code % width]) for code in codes]
    assert _set_similarities(sets, codes, width) == expected


@given(datasets(max_claims=10))
def test_the_span_a_node_is_made_with_is_the_one_its_time_gives(data: Dataset) -> None:
    # Each node twice, so that times are met again: a span is kept by the time's identity.
    for node in [*linking_nodes._nodes(data), *linking_nodes._nodes(data)]:
        remade = attrs.evolve(node)  # its span worked out from its time when first read
        assert node.span == remade.span


@given(datasets(max_claims=10))
def test_the_events_clustering_resolves_are_those_their_checked_constructor_makes(
    data: Dataset,
) -> None:
    for found in MentionClusterer().cluster(data):
        assert attrs.evolve(found.event) == found.event  # every field checked anew


def test_an_event_whose_new_id_is_no_id_is_refused_as_event_refuses_it() -> None:
    from reconcile.errors import ValidationError
    from reconcile.model.event import checked_event

    fields = {"label": "the raid", "kind": None, "when": None, "where": None, "aliases": ()}
    assert checked_event({"id": "the-raid", **fields}).id == "the-raid"
    with pytest.raises(ValidationError, match="may hold only letters"):
        checked_event({"id": "the raid, again", **fields})
