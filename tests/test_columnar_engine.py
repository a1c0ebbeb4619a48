"""The columnar clustering engine finds exactly the events of the per-object one.

`MentionClusterer` (the ``objects`` engine) is the oracle: on generated
datasets, on simulated reports, on the Camp Ashraf example and on the field
corpus, `ColumnarClusterer` must give equal `EventCluster`s (events, ids,
labels, mentions, claims, links and their reasons), and ``reconcile run``
the same bytes whichever engine it uses.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pendulum
import pytest
from benchmarks.field import load_as_far_as_read
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import reconcile
from reconcile import (
    Claim,
    ColumnarClusterer,
    Dataset,
    Event,
    EventMention,
    Evidence,
    MentionClusterer,
    Quantity,
    Source,
    TimeSpan,
)
from reconcile.cli import main
from reconcile.errors import UsageError
from reconcile.linking.engine import DEFAULT_ENGINE, ENGINES, clusterer_for
from reconcile.simulate import PLACE_ALIASES, Scenario, generate
from reconcile.testing import datasets

REPOSITORY = Path(__file__).resolve().parents[1]
ASHRAF = REPOSITORY / "examples" / "ashraf" / "ashraf.yaml"
FIELD = REPOSITORY / "examples" / "field" / "field.yaml"

WINDOWS = [None, 0.0, 5.0, 30.0]


def assert_same_events(settings_: MentionClusterer, data: Dataset) -> None:
    expected = settings_.cluster(data)
    assert ColumnarClusterer(settings=settings_).cluster(data) == expected


# -- generated datasets -----------------------------------------------------------------------

LABELS = [
    "attack on the camp",
    "rocket attack",
    "rocket attacks",
    "Raketenangriff",
    "raid",
    "massacre at the camp",
    "shelling",
]
PLACES = ["Camp Ashraf", "Camp New Iraq", "Camp Liberty", "Baghdad", "near Baghdad", None]


@st.composite
def reported_mentions(draw: st.DrawFn) -> Dataset:
    """Claims from a few labels, days, places and documents: many links, ties and cannot-links.

    Some claims name one of two declared events instead; some are undated,
    some unpublished, so that every rule of blocking and scoring is met.
    """
    count = draw(st.integers(min_value=0, max_value=16))
    events = [
        Event(id="e1", label="attack on the camp", when=TimeSpan.day(2013, 8, 3)),
        Event(id="e2", label="rocket attack", aliases=("the shelling",), where="Baghdad"),
    ]
    claims = []
    for index in range(count):
        # Days of one month, and the same days a year later: slips of the year, far partners.
        day = draw(st.none() | st.integers(min_value=0, max_value=40) | st.just(365) | st.just(370))
        when = None
        if day is not None:
            precision = draw(st.sampled_from([reconcile.Precision.DAY, reconcile.Precision.MONTH]))
            when = TimeSpan.of(pendulum.datetime(2013, 8, 1).add(days=day), precision=precision)
        mention = EventMention(
            label=draw(st.sampled_from(LABELS)),
            when=when,
            where=draw(st.sampled_from(PLACES)),
            kind=draw(st.none() | st.sampled_from(["attack", "Attack", "raid"])),
        )
        published = draw(st.none() | st.integers(min_value=0, max_value=80) | st.just(500))
        document = draw(st.none() | st.sampled_from(["d1", "d2", "d3"]))
        event = draw(st.sampled_from([None, None, None, "e1", "e2"]))
        claims.append(
            Claim(
                id=f"c{index}",
                source="s",
                mention=None if event else mention,
                event=event,
                attribute="killed",
                value=Quantity.exact(1),
                published=None
                if published is None
                else pendulum.datetime(2013, 8, 1).add(days=published),
                evidence=None if document is None else Evidence(document=document),
            )
        )
    return Dataset(sources=[Source(id="s")], events=events, claims=claims)


clusterer_settings = st.builds(
    MentionClusterer,
    undated_window_days=st.sampled_from(WINDOWS),
    undated_near_days=st.sampled_from([None, 0.0, 5.0, 30.0]),
    mend_year_slips=st.booleans(),
    blocking=st.booleans(),
    tolerance_days=st.sampled_from([0.0, 1.0, 3.0, 20.0]),
    threshold=st.sampled_from([0.4, 0.6, 0.8]),
    places=st.sampled_from([{}, {"Camp New Iraq": "Camp Ashraf"}]),
    within=st.sampled_from([{}, {"Camp Ashraf": "Diyala", "Baghdad": "Iraq"}]),
)


@given(reported_mentions(), clusterer_settings)
def test_the_engines_agree_on_reported_mentions(data: Dataset, clusterer: MentionClusterer) -> None:
    assert_same_events(clusterer, data)


@given(datasets(max_claims=10), clusterer_settings)
def test_the_engines_agree_on_any_consistent_dataset(
    data: Dataset, clusterer: MentionClusterer
) -> None:
    # Arbitrary texts, declared events, gazetteers, timezones and publication dates.
    assert_same_events(clusterer, data)


@pytest.mark.parametrize("blocking", [True, False])
def test_the_engines_agree_on_undated_mentions_at_unknown_places_of_two_scripts(
    blocking: bool,
) -> None:
    # Found by the law above: the columnar engine blocked undated mentions on places whose
    # words are alike, and lost the pair of unknown names in two scripts that may be one place.
    source = Source(id="s0")
    claims = [
        Claim(id=f"c{number}", source="s0", attribute="date", value_text="a loss of life",
              mention=EventMention(label="0", where=where))
        for number, where in enumerate(["\u00bc", "\u129f"])
    ]  # fmt: skip
    data = Dataset(sources=[source], claims=claims)
    clusterer = MentionClusterer(
        threshold=0.4, undated_window_days=None, undated_near_days=None, blocking=blocking
    )
    assert len(clusterer.cluster(data)) == 1  # their labels alike and their places not ruled out
    assert_same_events(clusterer, data)


@settings(max_examples=60)
@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=1, max_value=4),
    st.sampled_from(WINDOWS),
)
def test_the_engines_agree_on_simulated_reports(
    seed: int, events: int, window: float | None
) -> None:
    # Simulated reports: typos, aliases, vaguer dates, undated mentions, a place's other names.
    simulation = generate(Scenario(events=events, sources=20, days=4 * events), seed=seed)
    clusterer = MentionClusterer(places=PLACE_ALIASES, undated_window_days=window)
    assert_same_events(clusterer, simulation.dataset)


# -- the examples -----------------------------------------------------------------------------


@functools.cache
def bundled_ashraf() -> Dataset:
    with resources.as_file(resources.files("reconcile") / "data" / "ashraf.yaml") as path:
        return reconcile.load(path)


@functools.cache
def field_corpus() -> Dataset:
    # The texts the library cannot read yet kept as words, as the field benchmark does.
    return load_as_far_as_read(FIELD)[0]


EXAMPLES: dict[str, Callable[[], Dataset]] = {
    "ashraf": lambda: reconcile.load(ASHRAF),
    "bundled": bundled_ashraf,
    "field": field_corpus,
}


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_the_engines_agree_on_the_examples(example: str, window: float | None) -> None:
    assert_same_events(MentionClusterer(undated_window_days=window), EXAMPLES[example]())


def test_the_default_engine_reconciles_the_examples_as_the_objects_engine() -> None:
    for data in (bundled_ashraf(), field_corpus()):
        objects = reconcile.reconcile(data, engine="objects")
        assert reconcile.reconcile(data).to_dict() == objects.to_dict()
        assert reconcile.reconcile(data, engine="columnar").to_dict() == objects.to_dict()


def run_json(*options: str) -> str:
    result = CliRunner().invoke(main, ["run", str(ASHRAF), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_reconcile_run_writes_the_same_bytes_with_either_engine() -> None:
    objects = run_json("--engine", "objects")
    assert '"events"' in objects
    assert run_json("--engine", "columnar") == objects
    assert run_json() == objects  # the default engine


def test_reconcile_run_names_the_engines_when_given_another() -> None:
    result = CliRunner().invoke(main, ["run", str(ASHRAF), "--engine", "spark"])
    assert result.exit_code == 2
    assert "'objects', 'columnar', 'dask'" in result.output


# -- edge cases, by hand ------------------------------------------------------------------------


ASHRAF_2013 = Event(id="ashraf", label="attack on Camp Ashraf", when=TimeSpan.day(2013, 9, 1))


def claims_of(mentions: list[EventMention | str], *events: Event) -> Dataset:
    """One claim per mention (a text is the id of a declared event), published on 10 September."""
    return Dataset(
        sources=[Source(id="s")],
        events=list(events),
        claims=[
            Claim(
                id=f"c{index}",
                source="s",
                mention=None if isinstance(m, str) else m,
                event=m if isinstance(m, str) else None,
                attribute="killed",
                value=Quantity.exact(1),
                published=pendulum.datetime(2013, 9, 10),
            )
            for index, m in enumerate(mentions)
        ],
    )


def attack(
    day: int | None, *, month: bool = False, where: str | None = "Camp Ashraf"
) -> EventMention:
    when = None
    if month:
        when = TimeSpan.of(pendulum.datetime(2013, 9, 1), precision=reconcile.Precision.MONTH)
    elif day is not None:
        when = TimeSpan.day(2013, 9, day)
    return EventMention(label="rocket attack", when=when, where=where)


def groups(clusters: tuple[reconcile.EventCluster, ...]) -> list[tuple[str, ...]]:
    return sorted(cluster.claims for cluster in clusters)


def both_engines(data: Dataset) -> tuple[reconcile.EventCluster, ...]:
    expected = MentionClusterer().cluster(data)
    assert ColumnarClusterer().cluster(data) == expected
    return expected


def test_no_claims_give_the_declared_events_alone() -> None:
    assert both_engines(claims_of([])) == ()
    clusters = both_engines(claims_of([], ASHRAF_2013))
    assert [(cluster.id, cluster.claims) for cluster in clusters] == [("ashraf", ())]


def test_one_claim_is_one_event() -> None:
    clusters = both_engines(claims_of([attack(2)]))
    assert [(cluster.id, cluster.claims) for cluster in clusters] == [
        ("rocket-attack-2013-09-02", ("c0",))
    ]
    assert clusters[0].links == ()


def test_undated_mentions_alone_link_by_their_words_and_places() -> None:
    # Three undated reports at one camp, one elsewhere: the camp's join, Baghdad's stays apart.
    data = claims_of([attack(None), attack(None), attack(None), attack(None, where="Baghdad")])
    # Undated mentions reported on one day are one node, whatever their number.
    assert groups(both_engines(data)) == [("c0", "c1", "c2"), ("c3",)]


def test_claims_naming_a_declared_event_join_it_and_mentions_link_to_it() -> None:
    data = claims_of(["ashraf", attack(1), attack(20)], ASHRAF_2013)
    clusters = both_engines(data)
    assert groups(clusters) == [("c0", "c1"), ("c2",)]
    assert next(c for c in clusters if c.id == "ashraf").declared


def test_ties_in_score_go_to_the_pair_with_the_first_key() -> None:
    # The month "September" overlaps 1 and 30 September equally: both links score the same.
    # 1 and 30 September are too far apart to join, so only one tie can be taken: the one
    # whose first key ("...|2013-09-01|..." before "...|2013-09-30|...") comes first.
    data = claims_of([attack(None, month=True), attack(1), attack(30)])
    clusters = both_engines(data)
    joined = next(cluster for cluster in clusters if len(cluster.claims) == 2)
    assert joined.claims == ("c0", "c1")
    assert [link.score for link in joined.links] == [0.875]  # 0.35 + 0.25 + 0.15 + 0.05 + 0.075


# -- choosing the engine ------------------------------------------------------------------------


def test_each_engine_takes_its_settings_from_one_mention_clusterer() -> None:
    settings_ = MentionClusterer(threshold=0.7, undated_window_days=30.0)
    assert clusterer_for("objects", settings_) is settings_
    assert clusterer_for("columnar", settings_) == ColumnarClusterer(settings=settings_)
    assert clusterer_for("objects", ColumnarClusterer(settings=settings_)) is settings_
    assert set(ENGINES) == {"objects", "columnar"}
    assert DEFAULT_ENGINE in ENGINES


def test_an_unknown_engine_or_an_engine_for_a_clusterer_of_ones_own_is_refused() -> None:
    with pytest.raises(
        UsageError, match="unknown engine 'dask'; the engines are: objects, columnar"
    ):
        clusterer_for("dask")

    class Own:
        def cluster(self, dataset: Dataset) -> tuple[reconcile.EventCluster, ...]:
            return MentionClusterer().cluster(dataset)

    with pytest.raises(UsageError, match="a clusterer of your own"):
        reconcile.reconcile(claims_of([]), clusterer=Own(), engine="columnar")


def test_a_clusterer_given_without_an_engine_runs_as_it_is() -> None:
    data = claims_of([attack(1), attack(2)])
    clusterer = MentionClusterer(threshold=0.99)
    result = reconcile.reconcile(data, clusterer=clusterer)
    assert result.options["clusterer"] is clusterer
    evolved = attrs.evolve(clusterer, threshold=0.5)
    assert reconcile.reconcile(data, clusterer=evolved, engine="columnar").options[
        "clusterer"
    ] == ColumnarClusterer(settings=evolved)


def test_the_columnar_engine_imports_numpy_only_when_it_runs() -> None:
    code = (
        "import sys, reconcile; before = 'numpy' in sys.modules; "
        "reconcile.ColumnarClusterer().cluster(reconcile.Dataset(sources=[])); "
        "print(before, 'numpy' in sys.modules)"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert printed.split() == ["False", "True"]


def test_one_day_written_alike_in_two_timezones_keeps_the_claims_of_both() -> None:
    # 1 September in UTC and in UTC+2 are two spans written "2013-09-01": two nodes, which
    # once shared a key, so that one node's claims were lost. Both are kept, and link.
    utc = TimeSpan.of(pendulum.datetime(2013, 9, 1), precision=reconcile.Precision.DAY)
    east = TimeSpan.of(
        pendulum.datetime(2013, 9, 1, tz=pendulum.FixedTimezone(7200)),
        precision=reconcile.Precision.DAY,
    )
    data = claims_of(
        [EventMention(label="raid", when=when, where="Camp Ashraf") for when in (utc, east)]
    )
    clusters = both_engines(data)
    assert groups(clusters) == [("c0", "c1")]
    assert [link.second for link in clusters[0].links] == ["mention:raid||2013-09-01|Camp Ashraf"]


_SCORES = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
# Scores a hair from a half at the sixth decimal: where scaling by a million may tip NumPy.
_HALVES = st.integers(min_value=0, max_value=999_999).flatmap(
    lambda k: st.sampled_from([(k + 0.5) / 1e6, (k + 0.5) / 1e6 + 1e-17, (k + 0.5) / 1e6 - 1e-17])
)


@given(st.lists(st.one_of(_SCORES, _HALVES), max_size=50))
def test_scores_are_rounded_as_python_rounds_them(scores: list[float]) -> None:
    import numpy as np

    from reconcile.linking.pair_scores import _rounded

    assert _rounded(np.array(scores, dtype=np.float64)).tolist() == [
        round(score, 6) for score in scores
    ]


@given(
    st.sampled_from([1, 7, 1 << 19, 1 << 21, 1 << 40]).flatmap(
        lambda nodes: st.lists(
            st.tuples(
                st.integers(0, nodes - 1),
                st.integers(0, nodes - 1),
                # Whole millionths (rounded scores), ties among them, and scores that are not.
                st.integers(-2_000_000, 2_000_000).map(lambda k: k / 1e6)
                | st.sampled_from([0.5, 0.75, 1.0])
                | st.floats(allow_nan=True, allow_infinity=True),
            ),
            max_size=60,
        )
    )
)
def test_links_are_put_strongest_first_as_a_sort_of_score_then_keys_puts_them(
    links: list[tuple[int, int, float]],
) -> None:
    # The merge takes links by (-score, first, second): one sort of packed integers where the
    # scores are millionths and the indices leave room, else the three columns sorted.
    import numpy as np

    from reconcile.linking.columnar import _strongest_first

    first = np.array([a for a, _, _ in links], dtype=np.int64)
    second = np.array([b for _, b, _ in links], dtype=np.int64)
    scores = np.array([score for _, _, score in links], dtype=np.float64)
    order = np.lexsort((second, first, -scores))
    found = _strongest_first(first, second, scores)
    assert found[0].tolist() == first[order].tolist()
    assert found[1].tolist() == second[order].tolist()
    assert np.array(found[2]).view(np.int64).tolist() == scores[order].view(np.int64).tolist()


@given(
    # Widths on either side of marking the values used, pairs on either side of the table.
    st.sampled_from([1, 2, 25, 1100, 5000, 40_000]).flatmap(
        lambda width: st.tuples(
            st.just(width),
            st.lists(st.tuples(st.integers(0, width - 1), st.integers(0, width - 1)), max_size=300),
        )
    ),
    st.sampled_from([4, 1 << 20]),
)
def test_distinct_pairs_are_numpys_unique_codes_and_where_each_pair_lies(
    case: tuple[int, list[tuple[int, int]]], table: int
) -> None:
    import numpy as np

    from reconcile.linking import pair_scores

    width, pairs = case
    first = np.array([a for a, _ in pairs], dtype=np.int64)
    second = np.array([b for _, b in pairs], dtype=np.int64)
    codes, inverse = np.unique(first * width + second, return_inverse=True)
    with mock.patch.object(pair_scores, "DENSE_PAIRS", table):
        found, position = pair_scores.distinct_pairs(first, second, width)
    assert found.tolist() == codes.tolist()
    assert position.tolist() == inverse.reshape(-1).tolist()


@given(
    st.sampled_from([1, 2, 3, 1 << 16, (1 << 16) + 1, 1 << 20, (1 << 32) + 5, 1 << 62]).flatmap(
        lambda bound: st.tuples(st.just(bound), st.lists(st.integers(0, bound - 1), max_size=60))
    )
)
def test_grouping_link_ends_by_node_is_numpys_stable_sort(case: tuple[int, list[int]]) -> None:
    # The links of each node are found by sorting their ends packed beside their indices:
    # equal ends keep their order, and ends too wide to pack are sorted apart.
    import numpy as np

    from reconcile.linking.adjacency import _grouped

    bound, values = case
    ends = np.array(values, dtype=np.int64 if bound > 1 << 31 else np.int32)
    assert _grouped(ends, bound).tolist() == np.argsort(ends, kind="stable").tolist()


@given(datasets(max_claims=10), st.data())
def test_columns_made_undated_are_the_columns_of_the_nodes_made_undated(
    data: Dataset, draw: st.DataObject
) -> None:
    # The columnar engine mends year slips on columns it built before it knew the slips.
    import numpy as np

    from reconcile.linking.node_columns import _Columns
    from reconcile.linking.nodes import _undated

    nodes, chosen = _some_nodes(data, draw)
    made_undated = _Columns.of(nodes).without_dates(np.array(chosen, dtype=np.int64))
    expected = _Columns.of(_undated(nodes, frozenset(nodes[index].key for index in chosen)))
    _assert_same_columns(attrs.asdict(made_undated), attrs.asdict(expected))


def _some_nodes(data: Dataset, draw: st.DataObject) -> tuple[list[Any], list[int]]:
    """The dataset's nodes, and the indices of some of them, drawn."""
    from reconcile.linking.nodes import _nodes

    nodes = _nodes(data)
    chosen = sorted(draw.draw(st.sets(st.sampled_from(range(len(nodes))))) if nodes else [])
    return nodes, chosen


def _assert_same_columns(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Each column equal, arrays by dtype and value (NaN equal to NaN)."""
    import numpy as np

    assert ours.keys() == theirs.keys()
    for name, expected in theirs.items():
        if isinstance(expected, np.ndarray):
            assert ours[name].dtype == expected.dtype, name
            assert np.array_equal(ours[name], expected, equal_nan=True), name
        else:
            assert ours[name] == expected, name


@given(datasets(max_claims=10), st.data())
def test_the_taken_links_made_pairs_when_read_are_the_pairs_of_their_keys_in_order(
    data: Dataset, draw: st.DataObject
) -> None:
    # The columnar merge hands its events their links as positions in the link columns, made
    # pairs when read, each with its two keys in order as `MentionClusterer._link` puts them.
    import numpy as np

    from reconcile.linking.cluster import _Pair
    from reconcile.linking.columnar import _TakenPairs, compact
    from reconcile.linking.nodes import _nodes

    nodes = _nodes(data)
    assume(nodes)
    index = st.integers(0, len(nodes) - 1)
    links = draw.draw(st.lists(st.tuples(index, index, st.floats(0, 1)), min_size=1, max_size=8))
    first, second, scores = (list(column) for column in zip(*links, strict=True))
    columns = compact(np.array(first, dtype=np.int64), np.array(second, dtype=np.int64), scores)
    positions = draw.draw(st.lists(st.integers(0, len(links) - 1), max_size=5))
    lazy = _TakenPairs(nodes, positions, columns)
    expected = []
    for position in positions:
        a, b, score = links[position]
        low, high = sorted((nodes[a].key, nodes[b].key))
        expected.append(_Pair(low, high, score))
    assert list(lazy) == expected
    assert [lazy[i] for i in range(len(lazy))] == expected
    assert len(lazy) == len(expected)
    assert list(lazy[1:]) == expected[1:]


@given(datasets(max_claims=10))
def test_the_summaries_read_off_the_columns_are_those_of_the_nodes(data: Dataset) -> None:
    # The columnar greedy merge sums up each node from its columns, not from the node itself.
    from reconcile.linking.cluster import _Summary
    from reconcile.linking.node_columns import _column_summaries, _Columns
    from reconcile.linking.nodes import _nodes, _timeless

    nodes = _nodes(data)
    summaries, timeless = _column_summaries(_Columns.of(nodes))
    assert summaries == [_Summary.of(node) for node in nodes]
    assert timeless == [_timeless(node) for node in nodes]


@given(reported_mentions() | datasets(max_claims=10), st.sampled_from([None, 0.0, 5.0, 30.0]))
def test_the_far_partners_read_off_the_columns_are_those_of_the_nodes(
    data: Dataset, near_days: float | None
) -> None:
    # The columnar engine looks the far partners up with arrays, not in `_name_index`.
    from reconcile.linking.node_columns import _Columns, _far_partner_codes, _pair_codes
    from reconcile.linking.nodes import _nodes

    clusterer = MentionClusterer(undated_near_days=near_days)
    nodes = _nodes(data)
    expected = _pair_codes(nodes, clusterer._far_partners(nodes))
    assert _far_partner_codes(_Columns.of(nodes), clusterer).tolist() == expected.tolist()


@given(reported_mentions() | datasets(max_claims=10), clusterer_settings)
def test_the_year_slips_read_off_the_columns_are_those_of_the_nodes(
    data: Dataset, clusterer: MentionClusterer
) -> None:
    # The columnar engine finds the slips with arrays, not in `_by_day`'s groups.
    from reconcile.linking.columnar import _year_slips
    from reconcile.linking.node_columns import _Columns
    from reconcile.linking.nodes import _nodes
    from reconcile.linking.pair_scores import _Run

    clusterer = clusterer._with_places_of(data)
    nodes = _nodes(data)
    found = _year_slips(_Run(clusterer, _Columns.of(nodes)))
    assert {nodes[index].key for index in found.tolist()} == clusterer._year_slips(nodes)


def test_a_day_alone_with_two_alike_a_year_before_is_a_slip() -> None:
    from reconcile.linking.columnar import _year_slips
    from reconcile.linking.node_columns import _Columns
    from reconcile.linking.nodes import _nodes
    from reconcile.linking.pair_scores import _Run

    def on(year: int, where: str, month: int = 9) -> EventMention:
        return EventMention(label="rocket attack", when=TimeSpan.day(year, month, 1), where=where)

    # Two of 2012 at the camp witness the 2013 one; Baghdad's 2013 mention has none alike,
    # and the one of October 2013 has one witness only.
    nodes = _nodes(
        claims_of(
            [
                on(2012, "Camp Ashraf"),
                attrs.evolve(on(2012, "Camp Ashraf"), kind="attack"),
                on(2013, "Camp Ashraf"),
                on(2013, "Baghdad"),
                on(2012, "Baghdad", month=10),
                on(2013, "Baghdad", month=10),
            ]
        )
    )
    found = _year_slips(_Run(MentionClusterer(), _Columns.of(nodes)))
    assert [nodes[index].key for index in found.tolist()] == [
        "mention:rocket attack||2013-09-01|Camp Ashraf"
    ]


def test_of_far_nodes_begun_at_one_moment_the_far_partner_is_the_last_by_key() -> None:
    from reconcile.linking.node_columns import _Columns, _far_partner_codes
    from reconcile.linking.nodes import _nodes

    july = TimeSpan.day(2013, 7, 1)  # over 30 days before the reports of 10 September
    nodes = _nodes(
        claims_of(
            [
                EventMention(label="rocket attack", when=july, where="Camp Ashraf", kind="raid"),
                EventMention(label="rocket attack", when=july, where="Camp Ashraf", kind="attack"),
                EventMention(label="rocket attack", where="Camp Ashraf"),
            ]
        )
    )
    keys = [node.key for node in nodes]
    codes = _far_partner_codes(_Columns.of(nodes), MentionClusterer()).tolist()
    pairs = [(keys[code // len(keys)], keys[code % len(keys)]) for code in codes]
    # Key order puts "|raid|" after "|attack|": that node is the later entry of the tie.
    raid = "mention:rocket attack|raid|2013-07-01|Camp Ashraf"
    undated = "mention:rocket attack|||Camp Ashraf|reported 2013-09-10"
    assert pairs == [(raid, undated)]
    assert set(pairs) == MentionClusterer()._far_partners(nodes)


def _decoded_columns(columns: Any) -> dict[str, Any]:
    """The columns with each code into a table replaced by what it stands for."""
    tables = {"place": "places", "event": "event_ids", "label_set": "label_sets"}
    decoded: dict[str, Any] = {}
    for field in attrs.fields(type(columns)):
        value = getattr(columns, field.name)
        if field.name in tables.values():
            continue
        if field.name in tables:
            table = getattr(columns, tables[field.name])
            decoded[field.name] = [None if code < 0 else table[code] for code in value.tolist()]
        elif field.name == "kind":  # codes with no table: only which nodes share one counts
            first_seen: dict[int, int] = {}
            decoded["kind"] = [
                -1 if code < 0 else first_seen.setdefault(code, len(first_seen))
                for code in value.tolist()
            ]
        else:
            decoded[field.name] = value
    return decoded


def _assert_columns_of_part(nodes: Sequence[Any], chosen: list[int]) -> None:
    import numpy as np

    from reconcile.linking.node_columns import _Columns

    columns = _Columns.of(nodes).take(np.array(chosen, dtype=np.int64))
    taken = _decoded_columns(columns)
    expected = _decoded_columns(_Columns.of([nodes[index] for index in chosen]))
    # Only what the part uses goes with it, so that a block is not sent every node's labels.
    for name, table in (("place", "places"), ("event", "event_ids"), ("label_set", "label_sets")):
        assert len(getattr(columns, table)) == len(set(taken[name]) - {None}), table
    _assert_same_columns(taken, expected)


@given(datasets(max_claims=10), st.data())
def test_the_columns_taken_of_some_nodes_are_the_columns_of_those_nodes(
    data: Dataset, draw: st.DataObject
) -> None:
    # A Dask block is sent as the columns of its nodes taken from all the nodes' columns.
    _assert_columns_of_part(*_some_nodes(data, draw))


def test_the_columns_taken_keep_the_pairs_that_share_a_document() -> None:
    # Simulated reports hold several mentions of one document: pairs inside the part are kept,
    # renumbered, and pairs with a node outside it are dropped.
    import random

    from reconcile.linking.node_columns import _Columns
    from reconcile.linking.nodes import _nodes

    data = generate(Scenario(events=30, sources=10, days=120), seed=3).dataset
    # Claims two at a time from one document (a report that names two mentions).
    claims = [
        attrs.evolve(claim, evidence=reconcile.Evidence(document=f"report {index // 2}"))
        for index, claim in enumerate(data.claims)
    ]
    nodes = _nodes(attrs.evolve(data, claims=claims))
    assert _Columns.of(nodes).shared_documents.size > 50
    chosen = sorted(random.Random(5).sample(range(len(nodes)), len(nodes) // 2))
    part = _Columns.of([nodes[index] for index in chosen]).shared_documents
    assert 0 < part.size < _Columns.of(nodes).shared_documents.size
    _assert_columns_of_part(nodes, chosen)


@given(
    st.integers(2, 12).flatmap(
        lambda count: st.tuples(
            st.just(count),
            st.lists(
                st.tuples(st.integers(0, count - 1), st.integers(0, count - 1), _SCORES).filter(
                    lambda link: link[0] != link[1]
                ),
                max_size=40,
            ),
            st.lists(st.sampled_from([f"node-{i:02d}" for i in range(14)]), max_size=14),
        )
    )
)
def test_links_read_ahead_are_the_links_read_node_by_node(
    case: tuple[int, list[tuple[int, int, float]], list[str]],
) -> None:
    # An update has the links of thousands of nodes made at once (`read_ahead`): each node's
    # are its links in the columns' order (the merge's), as when read alone; a key that is
    # no node's, or a node without links, has none.
    import numpy as np

    from reconcile.linking.adjacency import _ColumnAdjacency
    from reconcile.linking.nodes import _Node

    count, links, keys = case
    names = [f"node-{i:02d}" for i in range(count)]
    nodes = [
        _Node(key=name, label=name, labels=(name,), kind=None, when=None, where=None, claims=())
        for name in names
    ]
    columns = [
        np.array(column, dtype=dtype)
        for column, dtype in zip(
            zip(*links, strict=True) if links else ((), (), ()),
            (np.int64, np.int64, np.float64),
            strict=True,
        )
    ]

    def read(adjacency: _ColumnAdjacency) -> dict[str, list[tuple[str, str, float]] | None]:
        found = {key: adjacency.get(key) for key in keys}
        return {
            key: None if pairs is None else [(p.first, p.second, p.score) for p in pairs]
            for key, pairs in found.items()
        }

    by_hand = {
        key: [
            (*sorted((names[a], names[b])), score)
            for a, b, score in links
            if key in (names[a], names[b])
        ]
        or None
        for key in keys
    }
    ahead = _ColumnAdjacency(nodes, *columns)
    ahead.read_ahead(keys)
    assert read(ahead) == by_hand
    assert read(_ColumnAdjacency(nodes, *columns)) == by_hand


@pytest.mark.parametrize("processes", [1, 2])
def test_a_full_run_indexes_its_links_by_node_while_it_resolves_its_clusters(
    processes: int,
) -> None:
    # With a core free, the index every update reads is made in a thread during the run,
    # which is over when the run is: the same links by node as an index made when read.
    import threading

    from reconcile.linking import adjacency

    dataset = generate(Scenario(events=30, sources=10, days=120), seed=5).dataset
    with (
        mock.patch.object(adjacency, "INDEX_AHEAD_LINKS", 1),
        mock.patch.object(adjacency, "usable_processes", return_value=processes),
    ):
        result = reconcile.reconcile(dataset, engine="columnar")
    assert result.clustering is not None
    links = result.clustering.links
    assert isinstance(links, adjacency._ColumnAdjacency)
    assert (links._index is not None) == (processes == 2)
    assert not any(thread.name == "reconcile-link-index" for thread in threading.enumerate())
    again = adjacency._ColumnAdjacency(links._nodes, links._first, links._second, links._scores)
    assert {key: again[key] for key in again} == {key: links[key] for key in links}


def test_a_link_index_that_fails_in_its_thread_is_made_when_first_read() -> None:
    # The index is only made sooner: short of memory there, the run's result is the same
    # and the links are indexed when an update first reads them.
    from reconcile.linking import adjacency

    dataset = generate(Scenario(events=30, sources=10, days=120), seed=5).dataset
    expected = reconcile.reconcile(dataset, engine="columnar")

    def short_of_memory(*args: Any) -> Any:
        raise MemoryError

    with (
        mock.patch.object(adjacency, "INDEX_AHEAD_LINKS", 1),
        mock.patch.object(adjacency, "usable_processes", return_value=2),
        mock.patch.object(adjacency, "_grouped", short_of_memory),
    ):
        result = reconcile.reconcile(dataset, engine="columnar")
    assert result.to_dict() == expected.to_dict()
    assert result.clustering is not None
    assert expected.clustering is not None
    links = result.clustering.links
    assert isinstance(links, adjacency._ColumnAdjacency)
    assert links._index is None
    assert {key: links[key] for key in links} == dict(expected.clustering.links.items())


@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda count: st.tuples(
            st.just(count),
            st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=80),
        )
    )
)
def test_each_node_is_labelled_with_the_least_node_its_links_reach(
    case: tuple[int, list[tuple[int, int]]],
) -> None:
    import numpy as np

    from reconcile.linking.columnar import _components

    count, links = case
    reached = [{node} for node in range(count)]  # by brute force: grow until nothing changes
    changed = True
    while changed:
        changed = False
        for a, b in links:
            if reached[a] != reached[b]:
                reached[a] = reached[b] = reached[a] | reached[b]
                changed = True
    first = np.array([a for a, _ in links], dtype=np.int64)
    second = np.array([b for _, b in links], dtype=np.int64)
    assert _components(count, first, second).tolist() == [min(nodes) for nodes in reached]


@settings(max_examples=8, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.sampled_from([0.0, 0.5, 1.0]))
def test_the_merge_shared_with_a_child_keeps_the_clusters_and_links_of_one_process(
    seed: int, share: float
) -> None:
    # Simulated events are joined by many links: the child merges whole components of them.
    from reconcile.linking import columnar

    dataset = generate(Scenario(events=40, sources=12, days=150), seed=seed).dataset
    alone = reconcile.reconcile(dataset, engine="columnar")
    merges: list[int] = []
    greedy = columnar._greedy

    def counted(*args: Any) -> Any:
        merges.append(len(args[1]))
        return greedy(*args)

    with (
        mock.patch.object(columnar, "MERGE_FORK_LINKS", 0),
        mock.patch.object(columnar, "MERGE_CHILD_SHARE", share),
        mock.patch.object(columnar, "_processes", return_value=2),
        mock.patch.object(columnar, "_greedy", counted),
    ):
        shared = reconcile.reconcile(dataset, engine="columnar")
    # Counted here: this process's share alone (the child counts its own), none at a share of 1.
    assert len(merges) == 1
    assert (merges[0] == 0) == (share == 1.0)
    assert alone.clustering is not None
    assert shared.clustering is not None
    assert shared.events == alone.events
    assert shared.clustering.members == alone.clustering.members
    taken = [
        {root: tuple(links) for root, links in state.taken_in.items()}
        for state in (shared.clustering, alone.clustering)
    ]
    assert taken[0] == taken[1]
