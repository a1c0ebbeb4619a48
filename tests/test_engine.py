"""The engine's parts: clustering, the strategy registry and combinators, CRH, incremental runs."""

from __future__ import annotations

import functools
import importlib.metadata
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import jsonschema
import pendulum
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import reconcile
import reconcile.judging.registry as registry
from reconcile import (
    CRH,
    Claim,
    ClaimGroup,
    Dataset,
    Event,
    EventMention,
    Evidence,
    Finding,
    MentionClusterer,
    NotFittedError,
    Quantity,
    Source,
    Status,
    Taxonomy,
    TimeSpan,
    ValueKind,
)
from reconcile.judging.strategies.quantity import IntervalConsensus
from reconcile.linking import far_partners, incremental, replay, resolving, timelines
from reconcile.linking.cluster import _link_order, _most_given, _Summary, event_label
from reconcile.linking.columnar import links_reaching
from reconcile.linking.nodes import (
    DAY,
    _claims_by_node,
    _event_node,
    _mention_node,
    _Node,
    _nodes,
    _with_claims,
)
from reconcile.simulate import PLACE_ALIASES
from reconcile.testing import check_strategy_laws, claim_groups, datasets

# -- clustering ----------------------------------------------------------------------


def mention(
    label: str, day: tuple[int, int, int] | None, where: str | None = "Camp Ashraf"
) -> EventMention:
    return EventMention(
        label=label, when=TimeSpan.day(*day) if day else None, where=where, kind="attack"
    )


def dataset_of(mentions: list[EventMention]) -> Dataset:
    claims = [
        Claim(id=f"c{i}", source=f"s{i}", mention=m, attribute="killed", value=Quantity.exact(1))
        for i, m in enumerate(mentions)
    ]
    return Dataset(sources=[Source(id=f"s{i}") for i in range(len(mentions))], claims=claims)


def test_a_weak_link_does_not_chain_the_2009_and_2013_attacks_together() -> None:
    # The undated mention scores above the threshold with both attacks, but the two
    # attacks are years apart, so they can never share a cluster.
    data = dataset_of(
        [
            mention("attack on Camp Ashraf", (2009, 7, 28)),
            mention("attack on Camp Ashraf", (2013, 9, 1)),
            mention("attack on Camp Ashraf", None),
        ]
    )
    clusters = MentionClusterer().cluster(data)
    by_claim = {claim: cluster.id for cluster in clusters for claim in cluster.claims}
    assert by_claim["c0"] != by_claim["c1"]
    assert by_claim["c2"] in (by_claim["c0"], by_claim["c1"])
    assert sum(len(cluster.links) for cluster in clusters) == 1


def test_linked_mentions_record_why_and_declared_event_ids_are_honoured() -> None:
    data = dataset_of(
        [
            mention("Camp Ashraf massacre", (2013, 9, 1)),
            mention("attack on Camp Ashraf", (2013, 9, 1)),
        ]
    )
    event = reconcile.Event(id="ashraf-2013", label="Attack", when=TimeSpan.day(2013, 9, 1))
    named = Claim(
        id="named", source="s0", event="ashraf-2013", attribute="killed", value=Quantity.exact(2)
    )
    data = Dataset(sources=data.sources, events=[event], claims=[*data.claims, named])
    clusters = MentionClusterer().cluster(data)
    assert len(clusters) == 1
    cluster = clusters[0]
    assert cluster.id == "ashraf-2013"
    assert cluster.declared
    assert set(cluster.claims) == {"c0", "c1", "named"}
    reasons = sorted(link.reason for link in cluster.links)
    assert len(reasons) == 2
    assert all("times overlap" in reason for reason in reasons)
    assert any("places 1.00" in reason for reason in reasons)  # the two mentions name one camp


def test_the_event_label_is_a_name_not_a_sentence_fragment() -> None:
    # Three claims continue a sentence, one names the event: the name wins.
    assert event_label({"which saw 34 killed": 3, "the raid on Camp Ashraf": 1}) == (
        "the raid on Camp Ashraf"
    )
    assert event_label({"to the gallows": 2, "the 1988 executions": 1}) == "the 1988 executions"
    # Words of substance before numbers: "the attack" says less than "attack on Camp Ashraf".
    assert event_label({"the attack": 7, "attack on Camp Ashraf": 6}) == "attack on Camp Ashraf"
    # Among names, the most used; a tie goes to alphabetical order, whatever the claims' order.
    assert event_label({"Camp Ashraf massacre": 2, "attack on Camp Ashraf": 3}) == (
        "attack on Camp Ashraf"
    )
    assert event_label({"the Ashraf massacre": 6, "attack on Camp Ashraf": 6}) == (
        "attack on Camp Ashraf"
    )
    # With nothing better, a fragment is still the label: no label is made up.
    assert event_label({"which saw 34 killed": 2}) == "which saw 34 killed"


@given(st.lists(st.one_of(st.none(), st.sampled_from(["Ashraf", "Camp Ashraf", "Liberty", "a"]))))
def test_an_events_place_and_kind_are_the_text_its_nodes_give_most(
    texts: list[str | None],
) -> None:
    given_texts = [text for text in texts if text is not None]
    most = _most_given(texts)
    if not given_texts:
        assert most is None
        return
    assert most is not None
    counts = {text: given_texts.count(text) for text in given_texts}
    # The most given; of equals, the first alphabetically: whatever order the nodes come in.
    assert counts[most] == max(counts.values())
    assert most == min(text for text in counts if counts[text] == counts[most])
    assert _most_given(reversed(texts)) == most


def test_a_clustered_event_is_labelled_by_its_name_not_its_most_used_fragment() -> None:
    data = dataset_of(
        [mention("which saw 34 killed", (2011, 4, 8)) for _ in range(3)]
        + [mention("the raid on Camp Ashraf", (2011, 4, 8))]
    )
    (cluster,) = MentionClusterer().cluster(data)
    assert cluster.event.label == "the raid on Camp Ashraf"
    assert cluster.id == "the-raid-on-camp-ashraf-2011-04-08"


@pytest.mark.parametrize(
    ("when", "suffix"),
    [("1988", "-1988"), ("April 2011", "-2011-04"), ("1 September 2013", "-2013-09-01")],
)
def test_an_event_id_ends_in_its_date_at_the_dates_own_precision(when: str, suffix: str) -> None:
    dated = EventMention(label="executions of prisoners", when=reconcile.parse_timespan(when))
    claim = Claim(id="c", source="s", mention=dated, attribute="killed", value=Quantity.exact(1))
    (cluster,) = MentionClusterer().cluster(Dataset(sources=[Source(id="s")], claims=[claim]))
    assert cluster.id == f"executions-of-prisoners{suffix}"


def test_mentions_at_different_places_are_never_joined() -> None:
    data = dataset_of(
        [
            mention("rocket attack", (2013, 2, 9), "Camp Liberty"),
            mention("rocket attack", (2013, 2, 9), "Camp Ashraf"),
        ]
    )
    assert len(MentionClusterer().cluster(data)) == 2


PLACES = ["Camp Ashraf", "Camp Liberty", "Baghdad", None]
LABELS = ["attack on the camp", "rocket attack", "raid", "massacre at the camp", "shelling"]


@st.composite
def mention_sets(draw: st.DrawFn) -> list[EventMention]:
    count = draw(st.integers(min_value=0, max_value=14))
    result = []
    for _ in range(count):
        day = draw(st.none() | st.integers(min_value=0, max_value=40))
        when = None
        if day is not None:
            start = pendulum.datetime(2013, 8, 1).add(days=day)
            # A day, or the whole month holding it: precise and vague dates mixed.
            precision = draw(st.sampled_from([reconcile.Precision.DAY, reconcile.Precision.MONTH]))
            when = TimeSpan.of(start, precision=precision)
        result.append(
            EventMention(
                label=draw(st.sampled_from(LABELS)),
                when=when,
                where=draw(st.sampled_from(PLACES)),
                kind=draw(st.none() | st.sampled_from(["attack", "raid"])),
            )
        )
    return result


@given(mention_sets())
def test_blocked_clustering_equals_the_all_pairs_oracle(mentions: list[EventMention]) -> None:
    data = dataset_of(mentions)
    assert MentionClusterer().cluster(data) == MentionClusterer(blocking=False).cluster(data)


def report_days(count: int) -> st.SearchStrategy[list[int | None]]:
    """For each of `count` mentions, the day it was reported (of 80), or none."""
    return st.lists(
        st.none() | st.integers(min_value=0, max_value=80), min_size=count, max_size=count
    )


def reported(mentions: list[EventMention], days: list[int | None]) -> Dataset:
    """The claims of `mentions`, the i-th published `days[i]` days after 1 August 2013."""
    data = dataset_of(mentions)
    published = [
        None if day is None else pendulum.datetime(2013, 8, 1).add(days=day) for day in days
    ]
    return attrs.evolve(
        data,
        claims=[
            attrs.evolve(claim, published=moment)
            for claim, moment in zip(data.claims, published, strict=True)
        ],
    )


@given(
    mention_sets(),
    st.data(),
    st.sampled_from([None, 0.0, 5.0, 30.0]),
    st.sampled_from([None, 0.0, 5.0, 30.0]),
)
def test_the_undated_window_is_blocked_as_the_all_pairs_oracle_rules(
    mentions: list[EventMention], data: st.DataObject, window: float | None, near: float | None
) -> None:
    # Reports over 80 days, so that the near days leave far pairs, found by name or not at all.
    claims = drawn_reports(mentions, data)
    blocked = MentionClusterer(undated_window_days=window, undated_near_days=near)
    assert blocked.cluster(claims) == attrs.evolve(blocked, blocking=False).cluster(claims)


def years_later(mentions: list[EventMention], days: list[int]) -> Dataset:
    """The claims of `mentions`, the i-th published `days[i]` days after 1 January 2009."""
    data = dataset_of(mentions)
    return attrs.evolve(
        data,
        claims=[
            attrs.evolve(claim, published=pendulum.datetime(2009, 1, 1).add(days=day))
            for claim, day in zip(data.claims, days, strict=True)
        ],
    )


def test_an_undated_mention_reported_years_later_still_meets_the_event_it_names() -> None:
    data = years_later(
        [
            mention("the Camp Ashraf massacre", (2009, 7, 28)),
            mention("Camp Ashraf massacre", None),  # four years later, nothing nearer
            mention("Camp Ashraf masacre", None),  # 100 days after that, misspelt
        ],
        [0, 4 * 365, 4 * 365 + 100],
    )
    clusterer = MentionClusterer()
    assert clusterer.undated_near_days == 30.0
    by_claim = {
        claim: cluster.id for cluster in clusterer.cluster(data) for claim in cluster.claims
    }
    assert by_claim["c1"] == by_claim["c0"]
    # The misspelt one is far from both and bears neither's name: it is not compared with
    # them. Compared with everything (no near days), it scores enough with the massacre:
    # labels 0.95, places, kinds, other documents and a small time part reach 0.6.
    assert len({by_claim["c0"], by_claim["c2"]}) == 2
    unlimited = attrs.evolve(clusterer, undated_near_days=None).cluster(data)
    assert [sorted(cluster.claims) for cluster in unlimited] == [["c0", "c1", "c2"]]


def test_far_by_name_means_the_latest_event_of_that_name_before_the_report() -> None:
    # Three attacks of one name at one camp, a year apart; an undated report two years after
    # the last is compared with the last only, and joins it.
    data = years_later(
        [
            mention("rocket attack on Camp Liberty", (2010, 2, 9)),
            mention("rocket attack on Camp Liberty", (2011, 2, 9)),
            mention("rocket attack on Camp Liberty", (2012, 2, 9)),
            mention("rocket attack on Camp Liberty", None),
        ],
        [400, 765, 1130, 1130 + 730],
    )
    clusterer = MentionClusterer()
    nodes = _nodes(data)
    undated = next(node for node in nodes if node.when is None)
    partners = clusterer._far_partners(nodes)
    assert [pair for pair in partners if undated.key in pair] == [
        tuple(sorted((undated.key, next(n.key for n in nodes if "2012" in n.key))))
    ]
    by_claim = {
        claim: cluster.id for cluster in clusterer.cluster(data) for claim in cluster.claims
    }
    assert by_claim["c3"] == by_claim["c2"]
    assert len({by_claim["c0"], by_claim["c1"], by_claim["c2"]}) == 3


@settings(max_examples=400)
@given(mention_sets(), st.data(), st.sampled_from([None, 0.0, 5.0, 30.0]))
def test_two_clusters_may_join_exactly_when_every_pair_across_them_may(
    mentions: list[EventMention], data: st.DataObject, window: float | None
) -> None:
    # The clusterer decides a merge on per-cluster summaries; the oracle is every pair.
    if data.draw(st.booleans()):  # one place or none, so that time alone decides
        mentions = [attrs.evolve(m, where=m.where and "Camp Ashraf") for m in mentions]
    claims = drawn_reports(mentions, data)
    # Some claims name one of two declared events instead of describing a mention.
    events = [reconcile.Event(id=f"e{i}", label="attack") for i in (1, 2)]
    named = data.draw(
        st.lists(
            st.sampled_from([None, "e1", "e2"]), min_size=len(mentions), max_size=len(mentions)
        )
    )
    claims = attrs.evolve(
        claims,
        events=events,
        claims=[
            claim if event is None else attrs.evolve(claim, event=event, mention=None)
            for claim, event in zip(claims.claims, named, strict=True)
        ],
    )
    tolerance = data.draw(st.sampled_from([0.0, 1.0, 3.0, 20.0]))
    clusterer = MentionClusterer(undated_window_days=window, tolerance_days=tolerance)
    nodes = _nodes(claims)
    sides = data.draw(st.lists(st.booleans(), min_size=len(nodes), max_size=len(nodes)))
    first = [node for node, side in zip(nodes, sides, strict=True) if side]
    second = [node for node, side in zip(nodes, sides, strict=True) if not side]
    if not first or not second:
        return
    summaries = [
        functools.reduce(_Summary.merge, map(_Summary.of, side)) for side in (first, second)
    ]
    every_pair = all(clusterer._compatible(a, b) for a in first for b in second)
    assert clusterer._may_join(*summaries) == every_pair


_FIGURES = [day * DAY for day in (-math.inf, 0.0, 1.0, 2.0, 5.0, 30.0, math.inf)]
"""Moments of a summary: few, so that ties and missing figures (the infinities) are common."""
_SUMMARY_CHOICES: dict[str, list[Any]] = {
    "event": [None, "e1", "e2"],
    "places": [frozenset(p) for p in ([], ["Camp Ashraf"], ["Camp Ashraf", "Ashraf"], ["Baghdad"])],
}
"""The values of each field of a summary drawn here, but for the figures (`_FIGURES`)."""


def _choices(field: str) -> list[Any]:
    return _SUMMARY_CHOICES.get(field, _FIGURES)


@st.composite
def summaries(draw: st.DrawFn) -> _Summary:
    """Any summary of a cluster, figure by figure (not only those nodes can make)."""
    return _Summary(*(draw(st.sampled_from(_choices(field))) for field in _Summary._fields))


@settings(max_examples=1000)
@given(
    summaries(), summaries(), st.sampled_from([None, 0.0, 5.0]), st.sampled_from([0.0, 1.0, 3.0])
)
def test_a_summary_that_refuses_at_least_another_refuses_every_join_the_other_refuses(
    loose: _Summary, other: _Summary, window: float | None, tolerance: float
) -> None:
    # The update's replay sets links aside on this law (`_Replay`). Merging only tightens; each
    # figure changed alone may tighten, loosen or change nothing.
    assert loose.merge(other).refuses_at_least(loose)
    clusterer = MentionClusterer(undated_window_days=window, tolerance_days=tolerance)
    if clusterer._may_join(loose, other):
        return
    for field in _Summary._fields:
        for value in _choices(field):
            changed = loose._replace(**{field: value})
            if changed.refuses_at_least(loose):
                assert not clusterer._may_join(changed, other), field
                assert not clusterer._may_join(other, changed), field


_PLACE_PHRASES = [
    "Camp Ashraf",
    "Ashraf",
    "Diyala",
    "Baghdad",
    "Camp Liberty",
    "the camp",
    "Kirkuk",
]
"""Phrases that are one place, one within another, two places, or no place in particular."""


@given(
    st.lists(
        st.tuples(
            st.frozensets(st.sampled_from(_PLACE_PHRASES), max_size=3),
            st.frozensets(st.sampled_from(_PLACE_PHRASES), max_size=3),
        ),
        max_size=30,
    )
)
def test_one_clusterer_judges_each_pair_of_place_sets_as_each_pair_of_their_places(
    pairs: list[tuple[frozenset[str], frozenset[str]]],
) -> None:
    # Each pair of sets is worked out once and kept: asked again, in any order, of the same
    # clusterer, a pair must still get its own verdict, not another pair's.
    clusterer = MentionClusterer(
        places={"Ashraf": "Camp Ashraf"}, within={"Camp Ashraf": "Diyala", "Diyala": "Iraq"}
    )
    for first, second in [*pairs, *reversed(pairs)]:
        every_pair = all(clusterer._same_place_possible(a, b) for a in first for b in second)
        assert clusterer._places_possible(first, second) is every_pair


@pytest.mark.parametrize(
    ("days", "published", "tolerance", "joins"),
    [
        ((1, 3), (None, None), 1.0, True),  # one day between them: within the tolerance
        ((1, 3), (None, None), 0.0, False),  # a day more than the tolerance
        ((2, 3), (None, 1), 0.0, True),  # the one began the moment the other was reported
        ((1, 2), (0, None), 1.0, True),  # began a day after the report: tolerated
        ((1, 3), (0, None), 1.0, False),  # began two days after the report
    ],
)
def test_a_merge_is_refused_at_the_same_boundaries_as_a_pair(
    days: tuple[int, int], published: tuple[int | None, int | None], tolerance: float, joins: bool
) -> None:
    mentions = [mention("raid on the camp", (2013, 8, day)) for day in days]
    first, second = _nodes(reported(mentions, list(published)))
    clusterer = MentionClusterer(tolerance_days=tolerance)
    assert clusterer._compatible(first, second) is joins
    assert clusterer._may_join(_Summary.of(first), _Summary.of(second)) is joins


def test_an_undated_mention_reaches_back_only_as_far_as_the_window() -> None:
    # "The attack on Camp Ashraf", undated and reported in September 2013, names the
    # same camp as the July 2009 raid. Without a window the two are linked; with a
    # 30-day window the raid, four years before the report, cannot be its event.
    claims = reported(
        [mention("attack on Camp Ashraf", (2009, 7, 28)), mention("attack on Camp Ashraf", None)],
        [None, 32],
    )
    assert len(MentionClusterer().cluster(claims)) == 1
    assert len(MentionClusterer(undated_window_days=30).cluster(claims)) == 2
    assert len(MentionClusterer(undated_window_days=5000).cluster(claims)) == 1


def test_a_mention_that_gives_no_time_does_not_chain_a_late_report_to_an_old_event() -> None:
    # The strike of 1 August 2013, a mention of it with no date and no publication date,
    # and "retaliatory strike on barracks", undated and first reported 270 days later.
    # The late report is alike enough to the timeless mention (which scores the middle on
    # time with anything), not to the dated strike; once the timeless mention has joined
    # the strike, the link is scored with the strike's date against the late report and
    # falls below the threshold, so the late report stays apart.
    claims = reported(
        [
            mention("missile strike on Camp Ashraf", (2013, 8, 1)),
            mention("missile strike on Camp Ashraf", None),
            mention("retaliatory strike on barracks", None),
        ],
        [0, None, 270],
    )
    clusters = MentionClusterer().cluster(claims)
    assert sorted(cluster.claims for cluster in clusters) == [("c0", "c1"), ("c2",)]
    # Reported within days, the same mention would be about the strike.
    near = attrs.evolve(
        claims,
        claims=[
            *claims.claims[:2],
            attrs.evolve(claims.claims[2], published=pendulum.datetime(2013, 8, 2)),
        ],
    )
    assert len(MentionClusterer().cluster(near)) == 1


def test_a_lone_date_a_year_off_on_the_same_day_is_a_slip_of_the_year() -> None:
    # Two mentions date the attack 1 September 2013; a third, alone, says 1 September
    # 2012 (a typo): it joins them, and its claim keeps the date it gave.
    data = dataset_of(
        [
            mention("attack on Camp Ashraf", (2013, 9, 1)),
            mention("raid on Camp Ashraf", (2013, 9, 1)),
            mention("attack on Camp Ashraf", (2012, 9, 1)),
        ]
    )
    (cluster,) = MentionClusterer().cluster(data)
    assert cluster.event.when == TimeSpan.day(2013, 9, 1)
    assert data.claims[2].mention is not None
    assert data.claims[2].mention.when == TimeSpan.day(2012, 9, 1)
    assert len(MentionClusterer(mend_year_slips=False).cluster(data)) == 2


def test_a_date_that_another_mention_gives_too_is_no_slip() -> None:
    # Two mentions of each year: two attacks a year apart to the day, not a typo.
    data = dataset_of(
        [
            mention("attack on Camp Ashraf", (2013, 9, 1)),
            mention("raid on Camp Ashraf", (2013, 9, 1)),
            mention("attack on Camp Ashraf", (2012, 9, 1)),
            mention("raid on Camp Ashraf", (2012, 9, 1)),
        ]
    )
    assert len(MentionClusterer().cluster(data)) == 2


def test_a_date_a_year_off_is_no_slip_when_one_witness_or_another_kind_or_place() -> None:
    one_witness = dataset_of(
        [mention("attack on Camp Ashraf", (2013, 9, 1)), mention("attack", (2012, 9, 1))]
    )
    assert len(MentionClusterer().cluster(one_witness)) == 2
    other_kind = attrs.evolve(mention("attack on Camp Ashraf", (2012, 9, 1)), kind="commemoration")
    elsewhere = mention("attack on Camp Ashraf", (2012, 9, 1), where="Kunduz")
    for lone in (other_kind, elsewhere):
        data = dataset_of(
            [
                mention("attack on Camp Ashraf", (2013, 9, 1)),
                mention("raid on Camp Ashraf", (2013, 9, 1)),
                lone,
            ]
        )
        assert len(MentionClusterer().cluster(data)) == 2


@given(mention_sets())
def test_every_claim_lands_in_exactly_one_event(mentions: list[EventMention]) -> None:
    data = dataset_of(mentions)
    placed = [claim for cluster in MentionClusterer().cluster(data) for claim in cluster.claims]
    assert sorted(placed) == sorted(claim.id for claim in data.claims)


# -- strategies: laws, registry, adapters, combinators -----------------------------------

BUILT_INS: list[tuple[str, ValueKind, bool]] = [
    ("interval-consensus", ValueKind.QUANTITY, False),
    ("weighted-median", ValueKind.QUANTITY, False),
    ("conservative", ValueKind.QUANTITY, False),
    ("ucdp", ValueKind.QUANTITY, False),
    ("weighted-vote", ValueKind.CATEGORY, False),
    ("weighted-vote", ValueKind.CATEGORY, True),
    ("hierarchical-vote", ValueKind.CATEGORY, False),
    ("hierarchical-vote", ValueKind.CATEGORY, True),
    ("intersection", ValueKind.TIMESPAN, False),
]


@pytest.mark.parametrize(
    ("name", "kind", "multi"),
    BUILT_INS,
    ids=[f"{n}-{k.value}-{'multi' if m else 'single'}" for n, k, m in BUILT_INS],
)
def test_every_built_in_strategy_keeps_the_laws(name: str, kind: ValueKind, multi: bool) -> None:
    check_strategy_laws(reconcile.get(name), kind=kind, multi=multi)


LAW_TAXONOMY = Taxonomy(
    parents={
        "golden division": "iraqi forces",
        "iraqi forces": "iraqi state",
        "iraqi state": "outside attackers",
        "iranian proxies": "outside attackers",
        "iraqi youth": "outside attackers",
    },
    exclusive=[["outside attackers", "internal dispute"], ["iraqi state", "iraqi youth"]],
    aliases={"iraqi troops": "iraqi forces"},
)
"""Three levels over the labels the law checker draws, with exclusions and an alias."""

CATEGORY_STRATEGIES = [
    (name, multi) for name in ("weighted-vote", "hierarchical-vote") for multi in (False, True)
]


@pytest.mark.parametrize(
    ("name", "multi"),
    CATEGORY_STRATEGIES,
    ids=[f"{n}-{'multi' if m else 'single'}" for n, m in CATEGORY_STRATEGIES],
)
def test_category_strategies_keep_the_laws_with_a_taxonomy(name: str, multi: bool) -> None:
    check_strategy_laws(
        reconcile.get(name), kind=ValueKind.CATEGORY, multi=multi, taxonomy=LAW_TAXONOMY
    )


def test_the_law_checker_catches_a_strategy_that_counts_repeats() -> None:
    @reconcile.strategy("counts-every-claim")
    def naive(group: ClaimGroup) -> Finding:
        # Confidence grows with every claim, repeats included: it breaks a law.
        finding = reconcile.IntervalConsensus().reconcile(group)
        return attrs.evolve(finding, confidence=1 - 0.5 ** len(group.claims))

    with pytest.raises(AssertionError):
        check_strategy_laws(naive, max_examples=200, derandomize=True)


def test_registry_lists_built_ins_and_refuses_unknown_names() -> None:
    assert {
        "interval-consensus",
        "weighted-median",
        "conservative",
        "ucdp",
        "weighted-vote",
        "hierarchical-vote",
        "intersection",
    } <= set(reconcile.available())
    with pytest.raises(
        reconcile.UnknownStrategyError, match="no strategy named 'nope'; available: "
    ):
        reconcile.get("nope")


def test_a_function_registered_as_a_strategy_is_used_by_name() -> None:
    @reconcile.strategy("always-seven")
    def seven(group: ClaimGroup) -> Finding:
        sevens = tuple(attrs.evolve(claim, value=Quantity.exact(7)) for claim in group.claims)
        return reconcile.IntervalConsensus().reconcile(attrs.evolve(group, claims=sevens))

    reconcile.register(seven, replace=True)
    data = dataset_of([mention("attack", (2013, 9, 1))])
    result = reconcile.reconcile(data, strategies={"killed": "always-seven"})
    assert result.findings[0].best == Quantity.exact(7)
    with pytest.raises(ValueError, match="registered already"):
        reconcile.register(reconcile.FunctionStrategy(seven.function, name="always-seven"))


def test_fallback_uses_the_second_strategy_when_the_first_says_nothing() -> None:
    @reconcile.strategy("nothing")
    def nothing(group: ClaimGroup) -> Finding:
        return reconcile.IntervalConsensus().reconcile(attrs.evolve(group, claims=()))

    combined = reconcile.Fallback(first=nothing, then=reconcile.get("conservative"))
    group = _group([Quantity.exact(50), Quantity.exact(52)])
    assert nothing.reconcile(group).status is Status.INSUFFICIENT
    assert combined.reconcile(group).best == Quantity(
        low=50, high=math.inf, hedge=reconcile.Hedge.AT_LEAST
    )
    assert combined.name == "nothing|conservative"


def test_conditional_picks_a_branch_per_group() -> None:
    many = lambda group: len(group.origins) >= 3  # noqa: E731
    chooser = reconcile.Conditional(
        when=many,
        then=reconcile.get("ucdp"),
        otherwise=reconcile.get("conservative"),
        label="3+ origins",
    )
    two = _group([Quantity.exact(50), Quantity.exact(52)])
    assert chooser.reconcile(two).strategy == "conservative"
    three = _group([Quantity.exact(50), Quantity.exact(52), Quantity.exact(52)])
    assert chooser.reconcile(three).strategy == "ucdp"


def _group(values: list[Quantity]) -> ClaimGroup:
    claims = tuple(
        Claim(id=f"c{i}", source=f"s{i}", event="e", attribute="killed", value=v)
        for i, v in enumerate(values)
    )
    schema = reconcile.AttributeSchema(name="killed", kind=ValueKind.QUANTITY)
    return ClaimGroup(event="e", attribute="killed", schema=schema, claims=claims)


def test_third_party_strategies_load_from_the_entry_point_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point = importlib.metadata.EntryPoint(
        name="third-party", value="reconcile:Conservative", group="reconcile.strategies"
    )
    monkeypatch.setattr(
        registry,
        "entry_points",
        lambda group: [point] if group == "reconcile.strategies" else [],
    )
    monkeypatch.setattr(registry, "_ENTRY_POINTS_LOADED", False)
    assert isinstance(reconcile.get("third-party"), reconcile.Conservative)


def test_an_entry_point_cannot_replace_a_built_in(monkeypatch: pytest.MonkeyPatch) -> None:
    # As docs/custom-strategy.md says: a taken name is skipped with a warning.
    point = importlib.metadata.EntryPoint(
        name="interval-consensus", value="reconcile:Conservative", group="reconcile.strategies"
    )
    monkeypatch.setattr(registry, "entry_points", lambda group: [point])
    monkeypatch.setattr(registry, "_ENTRY_POINTS_LOADED", False)
    monkeypatch.setattr(registry, "_REGISTRY", {})
    with pytest.warns(UserWarning, match="'interval-consensus' from the entry point"):
        strategy = reconcile.get("interval-consensus")
    assert isinstance(strategy, reconcile.IntervalConsensus)


def test_judge_builds_a_finding_as_the_built_ins_do() -> None:
    group = _group([Quantity.exact(50), Quantity.exact(52), Quantity.exact(52)])
    built_in = reconcile.IntervalConsensus().reconcile(group)
    assert built_in.best == Quantity.exact(52)
    # The same choice, handed to judge: the same partition, status, confidence and camps.
    value = Quantity.exact(52)
    finding = reconcile.judge(
        group,
        strategy="interval-consensus",
        best=value,
        supports=lambda t: isinstance(t.value, Quantity) and t.value.overlaps(value),
        low=50,
        high=52,
        reason="52 is compatible with the most independent weight",
    )
    assert attrs.evolve(finding, contradictions=built_in.contradictions) == built_in
    # Checked by hand: c1 and c2 (two origins, one camp: unaffiliated) against c0.
    assert (finding.support, finding.dissent) == (("c1", "c2"), ("c0",))
    assert finding.status is Status.DISPUTED
    assert finding.confidence == pytest.approx(2 / 3 * 0.5)


def test_judge_without_a_best_value_is_insufficient_and_with_one_needs_supports() -> None:
    group = _group([Quantity.exact(50)])
    empty = reconcile.judge(group, strategy="mine", best=None)
    assert empty.status is Status.INSUFFICIENT
    assert (empty.best, empty.confidence, empty.support, empty.dissent) == (None, 0.0, (), ("c0",))
    with pytest.raises(reconcile.UsageError, match="needs supports="):
        reconcile.judge(group, strategy="mine", best=Quantity.exact(50))
    plain = reconcile.judge(group, strategy="mine", best=Quantity.exact(50), supports=bool)
    assert plain.rationale == "Backed by 1 origin (unaffiliated)."


# -- learned reliability ------------------------------------------------------------------


def tolls(figures: list[dict[str, int]]) -> Dataset:
    """One declared event per item; ``figures[i]`` maps each source to its toll for event i."""
    sources = sorted({source for item in figures for source in item})
    claims = [
        Claim(
            id=f"{source}-{item}",
            source=source,
            event=f"e{item}",
            attribute="killed",
            value=Quantity.exact(figure),
        )
        for item, by_source in enumerate(figures)
        for source, figure in by_source.items()
    ]
    events = [reconcile.Event(id=f"e{item}", label=f"event {item}") for item in range(len(figures))]
    return Dataset(sources=[Source(id=s) for s in sources], events=events, claims=claims)


def test_crh_follows_the_estimator_contract_and_learns_who_is_often_right() -> None:
    model = CRH()
    with pytest.raises(NotFittedError, match="not fitted yet"):
        _ = model.weights_
    # Three items; s0 and s1 always agree, s2 is always off.
    data = tolls([{"s0": 10 + item, "s1": 10 + item, "s2": 90 + item} for item in range(3)])
    assert model.fit(data) is model
    assert model.weights_["s0"] == model.weights_["s1"] == 1.0
    assert model.weights_["s2"] < 0.1
    assert model.truths_[("e0", "killed")] == Quantity.exact(10)
    assert 1 <= model.n_iter_ <= model.max_iter
    result = reconcile.reconcile(data, weights=model)
    assert result.weights["s2"] == model.weights_["s2"]


# -- the whole run ------------------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(datasets(max_claims=10), st.data())
def test_adding_claims_gives_the_same_result_as_reconciling_everything_at_once(
    dataset: Dataset, data: st.DataObject
) -> None:
    split = data.draw(st.integers(min_value=0, max_value=len(dataset.claims)))
    first = attrs.evolve(dataset, claims=dataset.claims[:split])
    incremental = reconcile.reconcile(first).add(dataset.claims[split:])
    assert incremental.to_dict() == reconcile.reconcile(dataset).to_dict()


def drawn_reports(mentions: list[EventMention], data: st.DataObject) -> Dataset:
    """The claims of `mentions`, each reported on a day drawn (`report_days`) or on none."""
    return reported(mentions, data.draw(report_days(len(mentions))))


def split_claims(dataset: Dataset, data: st.DataObject) -> tuple[Dataset, list[Claim]]:
    """The dataset with some of its claims (any of them, not only the last) held back as new."""
    new = data.draw(
        st.lists(st.booleans(), min_size=len(dataset.claims), max_size=len(dataset.claims))
    )
    old = [claim for claim, held in zip(dataset.claims, new, strict=True) if not held]
    added = [claim for claim, held in zip(dataset.claims, new, strict=True) if held]
    return attrs.evolve(dataset, claims=old), added


def assert_update_is_the_full_run(
    old: Dataset, added: list[Claim], *, on_columns: bool = False, **options: object
) -> None:
    """The update's events and JSON are the full run's; `on_columns`: its links scored so.

    Without `on_columns`, the update chooses, and for so few pairs scores them in Python.
    """
    previous = reconcile.reconcile(old, **options)  # type: ignore[arg-type]
    chooses = incremental._worth_columns
    if on_columns:
        incremental._worth_columns = lambda pairs, nodes: True
    try:
        updated = reconcile.update(previous, added, require_incremental=True)
    finally:
        incremental._worth_columns = chooses
    full = reconcile.reconcile(old.with_claims(added), **options)  # type: ignore[arg-type]
    assert updated.events == full.events  # ids, claims and the links taken, in order
    assert updated.to_dict() == full.to_dict()
    # Written alike too, every mapping in order: the strategies in the order the events first
    # use them, though the update judges only the events it touches.
    assert list(updated.strategies.items()) == list(full.strategies.items())
    assert json.dumps(updated.to_dict()) == json.dumps(full.to_dict())
    # The update's findings by event (handed on) and the full run's (worked out when read).
    for result in (updated, full):
        assert result.findings_by_event == {
            cluster.id: tuple(f for f in result.findings if f.event == cluster.id)
            for cluster in result.events
        }
    if updated.clustering is not None and full.clustering is not None:
        assert_same_names(updated.clustering.names, full.clustering.names)


def assert_same_names(kept: far_partners._Names, expected: far_partners._Names) -> None:
    """What the next update finds the far partners by name from is what a full run keeps.

    Empty entries aside: an update may leave a name's entries empty where a
    full run has none.
    """
    assert kept.counts == expected.counts
    # Each node's pairs in any order: they follow the order of its names and of the places.
    assert _as_sets(kept.picked) == _as_sets(expected.picked)
    assert _filled(kept.pickers) == _filled(expected.pickers)
    assert _filled({name: _filled(places) for name, places in kept.index.items()}) == (
        _filled({name: _filled(places) for name, places in expected.index.items()})
    )


def _as_sets(mapping: Mapping[str, Iterable[Any]]) -> dict[str, set[Any]]:
    """The entries of `mapping` that are not empty, each as a set."""
    return {key: set(values) for key, values in mapping.items() if values}


def _filled(mapping: Mapping[Any, Any]) -> dict[Any, Any]:
    """The entries of `mapping` that are not empty."""
    return {key: value for key, value in mapping.items() if value}


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(datasets(max_claims=12), st.data(), st.sampled_from(["objects", "columnar"]), st.booleans())
def test_updating_a_result_with_any_claims_equals_the_full_run(
    dataset: Dataset, data: st.DataObject, engine: str, on_columns: bool
) -> None:
    # Either engine keeps the state an update adds to; the update scores links either way.
    old, added = split_claims(dataset, data)
    assert_update_is_the_full_run(old, added, on_columns=on_columns, engine=engine)


_NEAR_DAYS = st.sampled_from([None, 0.0, 5.0, 30.0])
"""`undated_near_days` settings to update under."""
_WINDOW_DAYS = st.sampled_from([None, 5.0, 30.0])
"""`undated_window_days` settings to update under."""


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mention_sets(), st.data(), _NEAR_DAYS, _WINDOW_DAYS, st.booleans())
def test_updating_reclusters_as_the_full_run_whatever_the_mentions_and_report_days(
    mentions: list[EventMention],
    data: st.DataObject,
    near: float | None,
    window: float | None,
    on_columns: bool,
) -> None:
    dataset = drawn_reports(mentions, data)
    clusterer = MentionClusterer(undated_near_days=near, undated_window_days=window)
    old, added = split_claims(dataset, data)
    assert_update_is_the_full_run(old, added, on_columns=on_columns, clusterer=clusterer)


@st.composite
def reports_of_few_mentions(draw: st.DrawFn) -> Dataset:
    """Claims of a few mentions, each mention reported by several claims on days drawn (or none).

    Several claims of one mention are one node, so claims held back as new
    make nodes the previous run knew gain reports: their span of reports
    changes, and with it what they may join.
    """
    mentions = draw(mention_sets().filter(bool))
    count = draw(st.integers(min_value=1, max_value=16))
    chosen = draw(st.lists(st.sampled_from(mentions), min_size=count, max_size=count))
    days = draw(report_days(count))
    return reported(chosen, days)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(reports_of_few_mentions(), st.data(), _NEAR_DAYS, _WINDOW_DAYS)
def test_updating_reclusters_as_the_full_run_when_known_nodes_gain_reports(
    dataset: Dataset, data: st.DataObject, near: float | None, window: float | None
) -> None:
    # A node that gains a later report may join what it could not: its cluster is replayed whole.
    clusterer = MentionClusterer(undated_near_days=near, undated_window_days=window)
    old, added = split_claims(dataset, data)
    assert_update_is_the_full_run(old, added, clusterer=clusterer)


def camp_attack(
    day: int | None, *, month: bool = False, label: str = "attack on the camp"
) -> EventMention:
    """A mention of an attack at Camp Ashraf, `day` days after 1 August 2013 (or its month)."""
    when = None
    if day is not None:
        precision = reconcile.Precision.MONTH if month else reconcile.Precision.DAY
        when = TimeSpan.of(pendulum.datetime(2013, 8, 1).add(days=day), precision=precision)
    return EventMention(label=label, when=when, where="Camp Ashraf")


def held_back(dataset: Dataset, claim_id: str) -> tuple[Dataset, list[Claim]]:
    """The dataset without one claim, and that claim as the new one."""
    old = [claim for claim in dataset.claims if claim.id != claim_id]
    return attrs.evolve(dataset, claims=old), [dataset.claims_by_id[claim_id]]


def test_a_link_refused_before_is_taken_once_a_node_of_its_cluster_is_reported_later() -> None:
    # The attack of 1 August was reported that day only: the month's mention, joined to it,
    # cannot join the attack of 5 August, which had not happened yet. A report of 2 August
    # moves the cluster's last report: the month's mention, which did not change, now joins.
    on_the_day, later, month = camp_attack(0), camp_attack(4), camp_attack(0, month=True)
    old, added = held_back(
        reported([on_the_day, on_the_day, later, month], [0, 1, None, None]), "c1"
    )
    assert len(reconcile.reconcile(old).events) == 2
    assert len(reconcile.reconcile(old.with_claims(added)).events) == 1
    assert_update_is_the_full_run(old, added)


def test_a_link_refused_before_is_taken_once_the_replay_refuses_a_link_taken_before() -> None:
    # The month's mention held the attack of 1 August (no place) and the rocket attack of that
    # day in one cluster, so their own link joined nothing. The attack of 6 August takes the
    # month's mention first; then the attack of 1 August cannot join it, five days apart,
    # and its link to the rocket attack, refused before, is taken.
    undated, month = camp_attack(None), camp_attack(0, month=True)
    rockets = camp_attack(0, label="rocket attack")
    placeless, later = attrs.evolve(camp_attack(0), where=None), camp_attack(5)
    old, added = held_back(dataset_of([undated, month, rockets, placeless, later]), "c4")
    assert len(reconcile.reconcile(old).events) == 1
    assert len(reconcile.reconcile(old.with_claims(added)).events) == 2
    assert_update_is_the_full_run(old, added)


def test_a_link_through_a_node_without_time_refused_before_is_taken_once_clusters_grow() -> None:
    # The mention without date or report was joined to the dated attack, and its link to the
    # rocket attack reported 27 days later was refused: too late for that attack. A new report
    # of the rocket attack, 11 days after, joins it first, and the link holds in time now.
    timeless, dated = camp_attack(None), camp_attack(0)
    rockets = camp_attack(None, label="rocket attack")
    early_rockets = attrs.evolve(rockets, where=None)
    dataset = reported([timeless, dated, early_rockets, rockets], [None, None, 11, 27])
    old, added = held_back(dataset, "c2")
    assert len(reconcile.reconcile(old).events) == 2
    assert len(reconcile.reconcile(dataset).events) == 1
    assert_update_is_the_full_run(old, added)


def test_the_replay_leaves_unread_the_links_the_previous_run_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # New mentions join clusters whose nodes have links the previous run refused: the replay
    # leaves them undecided rather than deciding each again, and the update is the full run's.
    from reconcile.simulate import Scenario, generate

    dataset = generate(Scenario(events=30, sources=8, days=60), seed=3).dataset
    old = attrs.evolve(dataset, claims=dataset.claims[::2])
    added = list(dataset.claims[1::2])
    left: list[set[tuple[float, str, str]]] = []
    """For each replay, the links of its dirty nodes after each was marked, neither queued nor
    replayed: the links it left undecided."""
    marked: dict[str, tuple[float, str, str] | None] = {}
    """When each node of the replay under way was marked dirty."""
    run, mark = replay._Replay.run, replay._Replay._mark

    def recorded(replaying: replay._Replay, *args: Any) -> None:
        marked.clear()
        run(replaying, *args)
        orders = {
            _link_order(link)
            for key in replaying.dirty
            for link in replaying.links.get(key, ())
            if (after := marked[key]) is None or _link_order(link) > after
        }
        left.append(orders - replaying.queued - replaying.streamed)

    def marking(
        replaying: replay._Replay, keys: Iterable[str], after: tuple[float, str, str] | None
    ) -> None:
        keys = list(keys)
        marked.update((key, after) for key in keys if key not in marked)
        mark(replaying, keys, after)

    monkeypatch.setattr(replay._Replay, "run", recorded)
    monkeypatch.setattr(replay._Replay, "_mark", marking)
    assert_update_is_the_full_run(old, added)
    assert any(left)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.integers(min_value=0, max_value=2**32),
    st.data(),
    st.sampled_from([None, "ucdp", "acled", "airwars"]),
    st.booleans(),
)
def test_updating_simulated_claims_equals_the_full_run(
    seed: int, data: st.DataObject, policy: str | None, on_columns: bool
) -> None:
    # A codebook codes each event from all its findings, and may read vague words its way.
    from reconcile.simulate import Scenario, generate

    dataset = generate(Scenario(events=8, sources=6, days=40), seed=seed).dataset
    old, added = split_claims(dataset, data)
    assert_update_is_the_full_run(old, added, on_columns=on_columns, policy=policy)


def _pick(entries: list[tuple[float, str]], near_days_begin: float) -> tuple[float, str] | None:
    """What a node whose near days begin then picks among `entries` (sorted): the last before."""
    before = [entry for entry in entries if entry[0] < near_days_begin]
    return before[-1] if before else None


_event_orders = st.dictionaries(
    st.sampled_from("abcdefghij"), st.sampled_from(["2009", "2013", "~"]), max_size=10
).map(lambda whens: {root: (when, f"event-{root}") for root, when in whens.items()})
"""Events' orders (`_cluster_order`: when, then the event's id) by root; the ids are unique."""


@given(_event_orders, st.sets(st.sampled_from("abcdefghijk")), _event_orders)
def test_the_order_an_update_splices_is_the_order_sorted_again(
    order: dict[str, tuple[str, str]], cut: set[str], moved: dict[str, tuple[str, str]]
) -> None:
    # The previous order, sorted; the roots that go or move cut out, those that move put back
    # (a moved root's event may have another id: its key in `moved` is the new root).
    put = {f"{root}2": (when, f"{event}-2") for root, (when, event) in moved.items()}
    put.update((root, at) for root, at in moved.items() if root in order)  # the same root
    previous = dict(sorted(order.items(), key=lambda item: item[1]))
    kept = {root: at for root, at in previous.items() if root not in cut and root not in put}
    expected = dict(sorted({**kept, **put}.items(), key=lambda item: item[1]))
    spliced = resolving._spliced(previous, cut | put.keys(), put)
    assert list(spliced.items()) == list(expected.items())


_moments = st.integers(min_value=0, max_value=12).map(float)  # few: ties are common
_entries = st.lists(st.tuples(_moments, st.sampled_from("abcdef")), max_size=8, unique=True)


@settings(max_examples=300)
@given(
    st.dictionaries(st.sampled_from([None, "Ashraf", "Baghdad"]), _entries, max_size=3),
    st.dictionaries(st.sampled_from([None, "Ashraf", "Baghdad"]), _entries, max_size=3),
    st.dictionaries(st.sampled_from("pqrstu"), st.one_of(st.none(), _moments), min_size=1),
)
# A picker whose near days begin just as the next entry after a move: the move reaches it.
@example({None: [(0.0, "a"), (5.0, "b")]}, {None: [(0.0, "a"), (3.0, "c"), (5.0, "b")]}, {"p": 7.0})
# Moves at two places whose spans overlap: one reaches further than the other, begun later.
@example(
    {None: [(0.0, "a"), (10.0, "b")], "Ashraf": [(0.0, "c"), (5.0, "d")]},
    {None: [(0.0, "a"), (1.0, "x"), (10.0, "b")], "Ashraf": [(0.0, "c"), (3.0, "y"), (5.0, "d")]},
    {"p": 9.0, "q": 6.0, "r": 13.0},
)
def test_the_picks_an_update_asks_again_are_those_the_moves_can_change(
    before: dict[str | None, list[tuple[float, str]]],
    after: dict[str | None, list[tuple[float, str]]],
    published: dict[str, float | None],
) -> None:
    # `_Names._picks_moved` finds by bisection the pickers whose near days begin after a move
    # and no later than the next entry: the same as asking each picker about each place.
    name = ("attack",)
    old = {
        place: sorted((at * DAY, key) for at, key in entries) for place, entries in before.items()
    }
    new = {place: sorted((at * DAY, key) for at, key in after.get(place, [])) for place in old}
    moved = {place: sorted(set(old[place]).symmetric_difference(new[place])) for place in old}
    near = 2.0
    names = far_partners._Names({name: old}, {}, {}, {})
    # The pickers as `_Names` keeps them: when their near days begin, and their keys, sorted.
    pickers = sorted(
        (day * DAY - near * DAY, key) for key, day in published.items() if day is not None
    )
    found = names._picks_moved(name, moved, pickers)
    expected = set()
    for key, day in published.items():
        if day is None:
            continue  # a node reported on no day picks nothing
        begin = (day - near) * DAY
        for place, moves in moved.items():
            pick = _pick(old[place], begin)
            if any((pick is None or pick <= move) and move[0] < begin for move in moves):
                expected.add(key)
            # Whatever can change a pick is asked again: a pick that changed is among them.
            if _pick(new[place], begin) != pick:
                assert key in found
    assert found == expected


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mention_sets(), st.data(), st.sampled_from([None, 0.0, 5.0, 30.0]))
def test_links_scored_on_columns_are_the_links_scored_pair_by_pair(
    mentions: list[EventMention], data: st.DataObject, window: float | None
) -> None:
    # What an update's changed nodes link to, scored at once, as `_link_if_linked` scores
    # each pair: the same pairs, keys in order, the same scores, in the order given.
    reports = drawn_reports(mentions, data)
    clusterer = MentionClusterer(places=PLACE_ALIASES, undated_window_days=window)
    nodes = _nodes(reports)
    assume(len(nodes) > 1)
    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=30)
    )
    pairs = [(first, second) for first, second in pairs if first is not second]
    assume(pairs)
    one_by_one = [incremental._link_if_linked(clusterer, *pair) for pair in pairs]
    expected = [link for link in one_by_one if link is not None]
    found = links_reaching(clusterer, pairs)
    assert [(link.first, link.second, link.score) for link in found] == [
        (link.first, link.second, link.score) for link in expected
    ]


def test_an_update_scores_on_columns_only_many_pairs_among_few_nodes() -> None:
    many = incremental.COLUMNAR_PAIRS
    assert incremental._worth_columns(many, 5)
    assert incremental._worth_columns(many, many // 2)
    assert not incremental._worth_columns(many - 1, 5)  # too few pairs
    assert not incremental._worth_columns(many, many // 2 + 1)  # more than a node for two pairs


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mention_sets(), st.data())
def test_an_update_counts_the_pairs_and_nodes_it_scores_to_choose_columns(
    mentions: list[EventMention], data: st.DataObject
) -> None:
    # What `_worth_columns` is told is what the update then scores, pair by pair.
    old, added = split_claims(drawn_reports(mentions, data), data)
    previous = reconcile.reconcile(old)
    told: list[tuple[int, int]] = []
    scored: list[tuple[str, str]] = []
    ends: list[int] = []
    chooses, scores, links = (
        incremental._worth_columns,
        incremental._link_if_linked,
        incremental._links_of,
    )

    def telling(pairs: int, nodes: int) -> bool:
        told.append((pairs, nodes))
        return False

    def scoring(clusterer: MentionClusterer, first: Any, second: Any) -> Any:
        scored.append((first.key, second.key))
        return scores(clusterer, first, second)

    def linking(*args: Any) -> Any:
        found = links(*args)
        ends.append(len(scored))  # the changed nodes' pairs end here; the far pairs picked follow
        return found

    incremental._worth_columns, incremental._link_if_linked = telling, scoring
    incremental._links_of = linking  # type: ignore[assignment]  # its arguments passed on
    try:
        reconcile.update(previous, added, require_incremental=True)
    finally:
        incremental._worth_columns, incremental._link_if_linked = chooses, scores
        incremental._links_of = links
    assert len(told) == len(ends) == 1
    counted = scored[: ends[0]]
    assert told[0] == (len(counted), len({key for pair in counted for key in pair}))


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.sampled_from(["objects", "columnar"]))
def test_the_state_keeps_each_clusters_taken_links_in_the_order_the_merge_took_them(
    seed: int, engine: str
) -> None:
    # An update replays a cluster's links up to a moment of the merge, one by one: they must
    # come in the merge's order (strongest first, then by keys), though two clusters that
    # join bring their links taken before, each in its own order.
    from reconcile.simulate import Scenario, generate

    dataset = generate(Scenario(events=60, sources=12, days=200), seed=seed).dataset
    state = reconcile.reconcile(dataset, engine=engine).clustering
    assert state is not None
    joined = [list(links) for links in state.taken_in.values() if len(links) > 1]
    assert joined  # clusters of several links, or the law says nothing
    for links in joined:
        assert links == sorted(links, key=_link_order)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mention_sets(), st.data())
def test_updating_twice_keeps_the_state_a_full_run_would_keep(
    mentions: list[EventMention], data: st.DataObject
) -> None:
    # What the update keeps for the next one (links, taken links, far partners) is what a
    # full run keeps, so that updates can follow one another.
    old, added = split_claims(drawn_reports(mentions, data), data)
    cut = data.draw(st.integers(min_value=0, max_value=len(added)))
    first = reconcile.update(reconcile.reconcile(old), added[:cut], require_incremental=True)
    second = reconcile.update(first, added[cut:], require_incremental=True)
    full = reconcile.reconcile(old.with_claims(added))
    assert second.events == full.events
    assert second.to_dict() == full.to_dict()
    kept, expected = second.clustering, full.clustering
    assert kept is not None
    assert expected is not None
    assert kept.taken == expected.taken
    assert kept.partners == expected.partners
    # What the next update numbers the events again from (`linking.numbering`).
    assert (kept.bases, kept.roots, kept.by_base) == (
        expected.bases,
        expected.roots,
        expected.by_base,
    )
    assert_same_names(kept.names, expected.names)
    assert {k: set(v) for k, v in kept.links.items() if v} == {
        k: set(v) for k, v in expected.links.items() if v
    }


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mention_sets(), st.data())
def test_an_update_leaves_the_previous_result_as_it_was(
    mentions: list[EventMention], data: st.DataObject
) -> None:
    # An update copies what it changes of the previous state (its index of names, above all):
    # the previous result stays whole, to be updated again with other claims.
    old, added = split_claims(drawn_reports(mentions, data), data)
    previous = reconcile.reconcile(old)
    state = previous.clustering
    assert state is not None

    def held() -> tuple[object, ...]:
        index = {
            name: {place: list(entries) for place, entries in by_place.items()}
            for name, by_place in state.names.index.items()
        }
        return (
            index,
            dict(state.names.picked),
            dict(state.names.pickers),
            dict(state.names.counts),
            {place: attrs.asdict(timeline) for place, timeline in state.timelines.items()},
            previous.to_dict(),
        )

    before = held()
    reconcile.update(previous, added, require_incremental=True)
    assert held() == before


@given(datasets(max_claims=8), st.data())
def test_a_node_clusters_alike_when_it_differs_in_its_claims_and_mention_alone(
    data: Dataset, draw: st.DataObject
) -> None:
    # The update's reading of "clusters as it did", held to its definition: the node, given
    # the other's claims and mention, equals the other.
    from reconcile.linking.incremental import _clusters_alike

    nodes = _nodes(data)
    assume(nodes)
    before = draw.draw(st.sampled_from(nodes))
    after = draw.draw(
        st.sampled_from(nodes)
        | st.just(attrs.evolve(before, claims=("more",)))
        | st.just(attrs.evolve(before, published=(0.0, 1.0), mention=None))
    )
    defined = attrs.evolve(after, claims=before.claims, mention=before.mention) == before
    assert _clusters_alike(before, after) is defined
    assert _clusters_alike(None, after) is False


def test_a_newer_event_of_the_same_name_takes_over_as_the_far_partner_in_an_update() -> None:
    # An undated report two years after an attack is compared with it by name. A raid of
    # the same name a year later, added by the update, becomes the latest of that name:
    # the report is then compared with the raid alone (too weak a link: other kinds, long
    # after), not with the attack, and stays on its own, as in a full run.
    attack = mention("rocket attack on Camp Liberty", (2010, 2, 9))
    raid = attrs.evolve(attack, when=TimeSpan.day(2011, 2, 9), kind="raid")
    data = years_later(
        [attack, mention("rocket attack on Camp Liberty", None), raid], [400, 1130, 765]
    )
    old, added = attrs.evolve(data, claims=data.claims[:2]), data.claims[2:]
    (joined,) = reconcile.reconcile(old).events
    assert set(joined.claims) == {"c0", "c1"}
    updated = reconcile.update(reconcile.reconcile(old), added, require_incremental=True)
    assert sorted(sorted(e.claims) for e in updated.events) == [["c0"], ["c1"], ["c2"]]
    assert updated.events == reconcile.reconcile(data).events


def test_a_far_pair_picked_between_nodes_an_update_left_alone_is_linked_as_in_a_full_run() -> None:
    # An undated report of June 2012 is compared by name with the latest rocket attack on
    # Camp Liberty before its near days: that of February 2011 (reported in May 2012). A
    # second mention of 9 February 2010 makes the 2011 date a slip of the year, clustered
    # undated by its report, within the near days: the report's far partner by name is then
    # the attack of 2010, a pair of two nodes the new claim did not change.
    label, camp = "rocket attack on Camp Liberty", "Camp Liberty"
    data = years_later(
        [
            mention(label, (2010, 2, 9), camp),
            mention(label, (2011, 2, 9), camp),
            mention(label, None, camp),
            mention("shelling of Camp Liberty", (2010, 2, 9), camp),
        ],
        [405, 1235, 1247, 405],
    )
    old, added = attrs.evolve(data, claims=data.claims[:3]), data.claims[3:]
    previous = reconcile.reconcile(old)
    updated = reconcile.update(previous, added, require_incremental=True)
    before, after = previous.clustering, updated.clustering
    assert before is not None
    assert after is not None
    key = {node.claims: key for key, node in before.nodes.items()}
    attack, report = key[("c0",)], key[("c2",)]
    assert after.slipped == {key[("c1",)]}
    assert (attack, report) in after.partners - before.partners
    assert after.nodes[attack] is before.nodes[attack]
    assert after.nodes[report] is before.nodes[report]
    full = reconcile.reconcile(data)
    assert updated.events == full.events
    # The pair is linked (not taken: the slipped attack of 2011 has joined both before),
    # as a full run links it: what the next update reads.
    assert full.clustering is not None
    assert (attack, report) in {(link.first, link.second) for link in full.clustering.links[report]}
    assert {k: set(v) for k, v in after.links.items()} == {
        k: set(v) for k, v in full.clustering.links.items()
    }


def test_a_slip_dated_again_by_an_update_picks_no_far_partners_as_in_a_full_run() -> None:
    # The lone 2012 date is a slip (two mentions of 2013 witness it), clustered undated by
    # its report, and as such it picks the attack of 2010 of the same name as a far partner.
    # A second mention of 2012 dates it again: a dated node picks no far partner.
    label = "rocket attack on Camp Ashraf"
    data = years_later(
        [
            mention(label, (2010, 9, 1)),
            mention("attack on Camp Ashraf", (2013, 9, 1)),
            mention("raid on Camp Ashraf", (2013, 9, 1)),
            mention(label, (2012, 9, 1)),
            mention("assault on Camp Ashraf", (2012, 9, 1)),
        ],
        [610, 1705, 1705, 1400, 1400],
    )
    old, added = attrs.evolve(data, claims=data.claims[:4]), data.claims[4:]
    previous = reconcile.reconcile(old)
    assert previous.clustering is not None
    assert len(previous.clustering.slipped) == 1
    assert previous.clustering.partners
    updated = reconcile.update(previous, added, require_incremental=True)
    full = reconcile.reconcile(data)
    assert updated.clustering is not None
    assert full.clustering is not None
    assert not updated.clustering.slipped
    assert updated.clustering.partners == full.clustering.partners == set()
    assert updated.clustering.names.counts == full.clustering.names.counts
    assert updated.events == full.events


@attrs.frozen
class Counting:
    """A strategy that records the events it judged, and judges as interval-consensus."""

    judged: list[str]
    name: str = "counting"

    def reconcile(self, group: ClaimGroup) -> Finding:
        self.judged.append(group.event)
        return reconcile.get("interval-consensus").reconcile(group)


def test_an_update_judges_again_only_the_events_the_new_claims_changed() -> None:
    old = dataset_of(
        [mention("attack on Camp Ashraf", (2013, 9, day)) for day in (1, 10, 20)]
        + [mention("rocket attack", (2013, 9, 10), "Camp Liberty")]
    )
    judged: list[str] = []
    previous = reconcile.reconcile(old, strategies={"killed": Counting(judged)})
    assert len(judged) == len(previous.events) == 4
    judged.clear()
    new = Claim(
        id="new",
        source="s0",
        mention=mention("the attack on Camp Ashraf", (2013, 9, 10)),
        attribute="killed",
        value=Quantity.exact(3),
    )
    updated = reconcile.update(previous, [new], require_incremental=True)
    (event,) = [e for e in updated.events if "new" in e.claims]
    assert judged == [event.id]  # the one event the claim joined, and no other
    assert set(event.claims) == {"c1", "new"}
    assert (
        updated.to_dict()
        == reconcile.reconcile(
            old.with_claims([new]), strategies={"killed": Counting([])}
        ).to_dict()
    )


def test_an_update_judges_again_only_the_topics_that_gained_claims() -> None:
    # One event, with a toll and a count of the wounded; the new claim gives a toll only,
    # so the finding of the wounded is kept as it was, and only the toll is judged again.
    attack = mention("attack on Camp Ashraf", (2013, 9, 1))
    old = dataset_of([attack, attack])
    old = attrs.evolve(
        old, claims=[old.claims[0], attrs.evolve(old.claims[1], attribute="wounded")]
    )
    killed: list[str] = []
    wounded: list[str] = []
    strategies = {"killed": Counting(killed), "wounded": Counting(wounded)}
    previous = reconcile.reconcile(old, strategies=strategies)
    assert (len(killed), len(wounded)) == (1, 1)
    new = attrs.evolve(old.claims[0], id="new", source="s1", value=Quantity.exact(3))
    updated = reconcile.update(previous, [new], require_incremental=True)
    (event,) = updated.events
    assert killed == [event.id, event.id]
    assert wounded == [event.id]
    kept = previous.finding(event.id, "wounded")
    assert updated.finding(event.id, "wounded") is kept
    toll = updated.finding(event.id, "killed")
    assert {*toll.support, *toll.dissent} == {"c0", "new"}
    full = reconcile.reconcile(old.with_claims([new]), strategies=strategies)
    assert updated.to_dict() == full.to_dict()


def sorted_by_topic(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many claims the judge sorts by topic at each call from now on (it sorts them as before)."""
    from reconcile.pipeline import _Judge

    sizes: list[int] = []
    sort_as_before = _Judge.topics

    def counted(self: _Judge, claim_ids: Iterable[str]) -> Any:
        ids = list(claim_ids)
        sizes.append(len(ids))
        return sort_as_before(self, ids)

    monkeypatch.setattr(_Judge, "topics", counted)
    return sizes


@pytest.mark.parametrize("builtin", [True, False])
def test_an_update_takes_a_topics_claims_from_its_earlier_finding_if_the_strategy_lists_them(
    monkeypatch: pytest.MonkeyPatch, builtin: bool
) -> None:
    # An event of five claims: four tolls and a count of the wounded. A toll from a new
    # origin is judged again; a built-in strategy's earlier finding lists the toll's claims,
    # so only the claim gained is sorted by topic. A strategy of someone else's need not list
    # them: then the event's six claims are sorted by topic, as a full run sorts them.
    attack = mention("attack on Camp Ashraf", (2013, 9, 1))
    old = dataset_of([attack] * 5)
    old = attrs.evolve(
        old, claims=[*old.claims[:4], attrs.evolve(old.claims[4], attribute="wounded")]
    )
    strategies = {} if builtin else {"killed": Counting([]), "wounded": Counting([])}
    previous = reconcile.reconcile(old, strategies=strategies)
    sizes = sorted_by_topic(monkeypatch)
    new = attrs.evolve(old.claims[0], id="new", source="s4", value=Quantity.exact(3))
    updated = reconcile.update(previous, [new], require_incremental=True)
    assert sizes == ([1] if builtin else [1, 6])
    (event,) = updated.events
    assert {*updated.finding(event.id, "killed").support} | {
        *updated.finding(event.id, "killed").dissent
    } == {"c0", "c1", "c2", "c3", "new"}
    full = reconcile.reconcile(old.with_claims([new]), strategies=strategies)
    assert updated.to_dict() == full.to_dict()


def relabelled_by_an_update() -> tuple[Dataset, Claim]:
    """An event with a toll and a count of the wounded, and a toll that changes its label.

    Its two mentions name it as often, so the label is the first in
    alphabetical order; the new claim names it a raid once more, so that the
    label, and the event's id, become the raid's. The wounded keep their claim.
    """
    attack = mention("attack on Camp Ashraf", (2013, 9, 1))
    raid = mention("raid on Camp Ashraf", (2013, 9, 1))
    old = dataset_of([attack, raid])
    old = attrs.evolve(
        old, claims=[old.claims[0], attrs.evolve(old.claims[1], attribute="wounded")]
    )
    new = attrs.evolve(old.claims[0], id="new", source="s1", mention=raid)
    return old, new


def judged_by_interval_consensus(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The attributes interval-consensus judges from now on, in turn (it judges them as before)."""
    judged: list[str] = []
    judge_as_before = IntervalConsensus.reconcile

    def counted(self: IntervalConsensus, group: ClaimGroup) -> Finding:
        judged.append(group.attribute)
        return judge_as_before(self, group)

    monkeypatch.setattr(IntervalConsensus, "reconcile", counted)
    return judged


def test_an_update_keeps_under_the_new_id_the_findings_of_an_event_it_relabelled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = relabelled_by_an_update()
    previous = reconcile.reconcile(old)
    (before,) = previous.events
    judged = judged_by_interval_consensus(monkeypatch)
    updated = reconcile.update(previous, [new], require_incremental=True)
    (after,) = updated.events
    assert (before.id, after.id) == (
        "attack-on-camp-ashraf-2013-09-01",
        "raid-on-camp-ashraf-2013-09-01",
    )
    assert judged == ["killed"]  # the wounded have the same claim: kept, under the new id
    kept = previous.finding(before.id, "wounded")
    assert updated.finding(after.id, "wounded") == attrs.evolve(kept, event=after.id)
    assert updated.to_dict() == reconcile.reconcile(old.with_claims([new])).to_dict()


def test_an_update_lists_a_repeat_in_the_earlier_finding_rather_than_judging_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Three origins give the toll (1, 5 and 1 dead); an outlet, s2, then repeats s0's figure.
    attack = mention("attack on Camp Ashraf", (2013, 9, 1))
    old = dataset_of([attack, attack, attack])
    other = attrs.evolve(old.claims[1], value=Quantity.exact(5))
    old = attrs.evolve(old, claims=[old.claims[0], other, old.claims[2]])
    previous = reconcile.reconcile(old)
    (event,) = previous.events
    judged = judged_by_interval_consensus(monkeypatch)
    repeat = attrs.evolve(old.claims[0], id="c0-again", source="s2", attribution=("s0",))
    updated = reconcile.update(previous, [repeat], require_incremental=True)
    assert judged == []
    earlier, toll = previous.finding(event.id, "killed"), updated.finding(event.id, "killed")
    side = "support" if "c0" in earlier.support else "dissent"
    assert "c0-again" in getattr(toll, side)
    assert toll.contradictions != earlier.contradictions  # the repeat is listed in them too
    assert updated.to_dict() == reconcile.reconcile(old.with_claims([repeat])).to_dict()
    judged.clear()
    # A figure the origin did not give is judged with the others.
    differs = attrs.evolve(repeat, id="c1-again", value=Quantity.exact(4))
    reconcile.update(previous, [differs], require_incremental=True)
    assert judged == ["killed"]


@attrs.frozen
class Stamping:
    """A strategy that judges as interval-consensus and writes the event's id in its rationale."""

    name: str = "stamping"

    def reconcile(self, group: ClaimGroup) -> Finding:
        finding = reconcile.get("interval-consensus").reconcile(group)
        return attrs.evolve(finding, rationale=f"{group.event}: {finding.rationale}")


def test_an_update_judges_again_every_topic_of_a_relabelled_event_whose_strategy_is_not_known() -> (
    None
):
    # A strategy of someone else's may write the id anywhere: under a new id, nothing is kept.
    old, new = relabelled_by_an_update()
    strategies = {"killed": Stamping(), "wounded": Stamping()}
    updated = reconcile.update(
        reconcile.reconcile(old, strategies=strategies), [new], require_incremental=True
    )
    (after,) = updated.events
    assert updated.finding(after.id, "wounded").rationale.startswith(after.id)
    full = reconcile.reconcile(old.with_claims([new]), strategies=strategies)
    assert updated.to_dict() == full.to_dict()


def test_an_update_with_a_dataset_brings_its_sources_and_refuses_new_declared_events() -> None:
    old = dataset_of([mention("attack on Camp Ashraf", (2013, 9, 1))])
    previous = reconcile.reconcile(old)
    claim = Claim(
        id="new",
        source="newcomer",
        mention=mention("the attack on Camp Ashraf", (2013, 9, 1)),
        attribute="killed",
        value=Quantity.exact(5),
    )
    more = Dataset(sources=[Source(id="newcomer")], claims=[claim])
    updated = reconcile.update(previous, more, require_incremental=True)
    assert [s.id for s in updated.dataset.sources] == ["s0", "newcomer"]
    assert (
        updated.to_dict()
        == reconcile.reconcile(
            attrs.evolve(
                old, sources=[*old.sources, Source(id="newcomer")], claims=[*old.claims, claim]
            )
        ).to_dict()
    )
    declared = attrs.evolve(more, events=[reconcile.Event(id="raid", label="raid")])
    with pytest.raises(reconcile.UsageError, match="declares events"):
        reconcile.update(previous, declared, require_incremental=True)
    assert {e.id for e in reconcile.update(previous, declared).events} >= {"raid"}


def test_learned_reliability_cannot_be_updated_so_the_update_is_a_full_run() -> None:
    data = dataset_of([mention("attack on Camp Ashraf", (2013, 9, day)) for day in (1, 1, 20)])
    old, added = attrs.evolve(data, claims=data.claims[:2]), data.claims[2:]
    previous = reconcile.reconcile(old, weights="auto")
    with pytest.raises(reconcile.UsageError, match='weights="auto" learns'):
        reconcile.update(previous, added, require_incremental=True)
    full = reconcile.reconcile(data, weights="auto")
    assert reconcile.update(previous, added).to_dict() == full.to_dict()
    assert previous.add(added).to_dict() == full.to_dict()


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(datasets(max_claims=10))
def test_every_result_follows_the_json_contract(dataset: Dataset) -> None:
    jsonschema.validate(reconcile.reconcile(dataset).to_dict(), reconcile.output_schema())


@given(
    claim_groups(kind=ValueKind.CATEGORY, multi=True),
    claim_groups(kind=ValueKind.CATEGORY, multi=True),
)
def test_group_merge_is_associative_and_commutative_with_an_empty_identity(
    first: ClaimGroup, second: ClaimGroup
) -> None:
    renamed = attrs.evolve(
        second, claims=tuple(attrs.evolve(c, id="b" + c.id) for c in second.claims)
    )
    third = attrs.evolve(first, claims=tuple(attrs.evolve(c, id="t" + c.id) for c in first.claims))
    empty = attrs.evolve(first, claims=())
    assert first.merge(renamed) == renamed.merge(first)
    assert first.merge(renamed).merge(third) == first.merge(renamed.merge(third))
    assert first.merge(empty) == first == empty.merge(first)


def test_empty_dataset_gives_an_empty_result() -> None:
    result = reconcile.reconcile(Dataset())
    assert result.to_dict() == {"events": [], "sources": []}


def test_only_denials_give_insufficient() -> None:
    group = _group([Quantity.exact(5)])
    denied = attrs.evolve(
        group,
        claims=tuple(attrs.evolve(c, polarity=reconcile.Polarity.DENIES) for c in group.claims),
    )
    finding = reconcile.get("interval-consensus").reconcile(denied)
    assert finding.status is Status.INSUFFICIENT
    assert finding.dissent == ("c0",)
    assert finding.best is None


def test_catd_trusts_a_prolific_accurate_source_more_than_crh_does() -> None:
    # s-many makes 20 claims, 18 right; s-one makes 1 lucky claim; s-two and s-three each
    # miss one item of their own, so the truths (by vote) are the figures 10, 11, ...
    figures = [
        {
            "s-many": 10 + item if item >= 2 else 99,
            "s-two": 10 + item if item != 10 else 77,
            "s-three": 10 + item if item != 11 else 77,
        }
        for item in range(20)
    ]
    figures[0]["s-one"] = 10
    data = tolls(figures)
    crh, catd = CRH().fit(data), reconcile.CATD().fit(data)
    # CRH sums losses: s-many's two misses make it weigh least of all.
    assert crh.weights_["s-many"] < crh.weights_["s-one"]
    # CATD divides a chi-square bound on the claim count by the losses: one claim earns little trust.
    assert catd.weights_["s-many"] > catd.weights_["s-one"]
    assert catd.truths_[("e5", "killed")] == Quantity.exact(15)


def test_chi_square_quantiles_match_the_tables() -> None:
    from reconcile.reliability.models import chi_square_quantile

    # Lower 2.5% points from statistical tables.
    for degrees, table in ((1, 0.000982), (2, 0.0506), (10, 3.247), (100, 74.22)):
        assert chi_square_quantile(0.025, degrees) == pytest.approx(table, rel=0.02, abs=1e-5)


@pytest.mark.parametrize(
    ("old_days", "added_days", "slips"),
    [
        # The second witness of 2013 arrives: the lone 2012 date becomes a slip.
        ([(2013, 9, 1), (2012, 9, 1)], [(2013, 9, 1)], 1),
        # A second mention of 2012 arrives: the lone date was a slip and is not any more.
        ([(2013, 9, 1), (2013, 9, 1), (2012, 9, 1)], [(2012, 9, 1)], 0),
        # A new mention is itself the slip.
        ([(2013, 9, 1), (2013, 9, 1)], [(2012, 9, 1)], 1),
        # A mention of 2012 arrives, a year before a slip whose witnesses are of 2014: the
        # update looks at the nodes of 2013 again, and must see their witnesses, two years
        # from the new date, to keep the 2013 date a slip (2012 has one witness: no slip).
        ([(2013, 9, 1), (2014, 9, 1), (2014, 9, 1)], [(2012, 9, 1)], 1),
    ],
)
def test_an_update_finds_the_slips_of_the_year_a_full_run_finds(
    old_days: list[tuple[int, int, int]], added_days: list[tuple[int, int, int]], slips: int
) -> None:
    # Each mention its own words, so that each is a node of its own.
    labels = iter(
        [
            "attack on Camp Ashraf",
            "raid on Camp Ashraf",
            "assault on Camp Ashraf",
            "Camp Ashraf attack",
        ]
    )
    data = dataset_of([mention(next(labels), day) for day in [*old_days, *added_days]])
    cut = len(old_days)
    old = attrs.evolve(data, claims=data.claims[:cut])
    assert_update_is_the_full_run(old, list(data.claims[cut:]))
    # The full run keeps the clustering state; it must still find what the clusterer finds.
    assert reconcile.reconcile(data).events == MentionClusterer().cluster(data)
    assert len(MentionClusterer()._year_slips(_nodes(data))) == slips


def test_a_slip_of_the_year_that_gains_a_claim_stays_a_slip_in_an_update() -> None:
    # The lone 2012 date is a slip (two mentions of 2013 witness it); a new report repeats
    # it word for word: one more claim of the same node, clustered undated still.
    old = dataset_of(
        [
            mention("attack on Camp Ashraf", (2013, 9, 1)),
            mention("raid on Camp Ashraf", (2013, 9, 1)),
            mention("assault on Camp Ashraf", (2012, 9, 1)),
        ]
    )
    previous = reconcile.reconcile(old)
    assert previous.clustering is not None
    (slip,) = previous.clustering.slipped
    (repeated,) = dataset_of([mention("assault on Camp Ashraf", (2012, 9, 1))]).claims
    new = attrs.evolve(repeated, id="again")
    updated = reconcile.update(previous, [new], require_incremental=True)
    assert updated.clustering is not None
    assert updated.clustering.slipped == {slip}
    assert updated.clustering.nodes[slip].when is None
    assert updated.events == reconcile.reconcile(old.with_claims([new])).events


def test_a_slip_that_gains_a_claim_is_dated_again_when_a_second_witness_comes() -> None:
    # The lone 2012 date was a slip; an update repeats it word for word (its node gains a
    # claim) and brings another mention of that day: a second witness, so no slip any more.
    said = [
        mention("attack on Camp Ashraf", (2013, 9, 1)),
        mention("raid on Camp Ashraf", (2013, 9, 1)),
        mention("assault on Camp Ashraf", (2012, 9, 1)),
    ]
    old = dataset_of(said)
    again = [mention("assault on Camp Ashraf", (2012, 9, 1)), mention("storming", (2012, 9, 1))]
    added = [attrs.evolve(claim, id=f"new{claim.id}") for claim in dataset_of(again).claims]
    assert reconcile.reconcile(old).clustering.slipped  # type: ignore[union-attr]
    assert not reconcile.reconcile(old.with_claims(added)).clustering.slipped  # type: ignore[union-attr]
    assert_update_is_the_full_run(old, added)


@st.composite
def reports_of_one_node(draw: st.DrawFn) -> tuple[str, list[Claim], Event | None]:
    """Claims that make one node: of one mention (reported on one day if it gives no time)
    or naming one declared event, each published to the day or month drawn (or not at all)
    and quoted from a document drawn (or none). With the node's key, and the event if any."""
    declared = draw(st.booleans())
    said = draw(mention_sets().filter(bool))[0]
    event = Event(id="e1", label=said.label, when=said.when, where=said.where) if declared else None
    day = draw(st.none() | st.integers(min_value=0, max_value=80))
    claims = []
    for index in range(draw(st.integers(min_value=2, max_value=6))):
        if said.when is None and not declared:  # else each day would be a node of its own
            published = None if day is None else pendulum.datetime(2013, 8, 1).add(days=day)
        else:
            later = draw(st.none() | st.integers(min_value=0, max_value=80))
            published = None if later is None else pendulum.datetime(2013, 8, 1).add(days=later)
        month = (
            published is not None and (said.when is not None or declared) and draw(st.booleans())
        )
        if month:
            assert published is not None
            published = published.start_of("month")
        document = draw(st.none() | st.sampled_from(["report-a", "report-b", "report-c"]))
        claims.append(
            Claim(
                id=f"c{index}",
                source=f"s{index}",
                event=None if event is None else event.id,
                mention=None if declared else said,
                attribute="killed",
                value=Quantity.exact(1),
                published=published,
                published_precision=reconcile.Precision.MONTH if month else None,
                evidence=None if document is None else Evidence(document=document),
            )
        )
    ((key, _),) = _claims_by_node(claims).items()
    return key, claims, event


@settings(max_examples=300)  # cheap; the widened start shows in about one example in ten
@given(reports_of_one_node(), st.data())
def test_a_node_given_more_claims_is_the_node_of_all_its_claims(
    node: tuple[str, list[Claim], Event | None], data: st.DataObject
) -> None:
    # What an update does to a node that gains claims, rather than reading its claims again.
    key, claims, event = node
    claims = data.draw(st.permutations(claims))
    cut = data.draw(st.integers(min_value=1, max_value=len(claims) - 1))

    def made_of(some: list[Claim]) -> _Node:
        return _mention_node(key, some) if event is None else _event_node(event, some)

    assert _with_claims(made_of(claims[:cut]), claims[cut:]) == made_of(claims)


def test_a_timeline_finds_the_entries_from_low_to_high_both_included() -> None:
    entries = [(1.0, "a"), (2.0, "b"), (2.0, "c"), (3.0, "d")]
    assert timelines._between(entries, 2.0, 2.0) == ["b", "c"]
    assert timelines._between(entries, 1.5, 3.0) == ["b", "c", "d"]
    assert timelines._between(entries, 0.0, 0.5) == []
    assert timelines._between(entries, 2.0, math.inf) == ["b", "c", "d"]
    assert timelines._between(entries, -math.inf, 1.0) == ["a"]
