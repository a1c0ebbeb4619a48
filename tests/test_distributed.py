"""The dask engine: the single-process result, with pairs and judging on Dask workers.

The pair search is cut into time blocks with a halo; its laws (every pair
found once, none lost, none twice) are checked in one process on generated
datasets, and shown to need the halo. The whole engine runs on a
`LocalCluster` of two worker processes, started once for the module, and
gives the default engine's result on the Camp Ashraf example, the field
corpus and simulated reports.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import reconcile
from reconcile import Dataset, MentionClusterer
from reconcile.cli import main
from reconcile.distributed import DaskClusterer, _block_columns, _blocks, _portable
from reconcile.errors import UsageError
from reconcile.linking.columnar import link_columns, links
from reconcile.linking.far_partners import _Names
from reconcile.linking.nodes import _nodes
from reconcile.simulate import PLACE_ALIASES, Scenario, generate
from reconcile.testing import datasets
from test_columnar_engine import (
    ASHRAF,
    bundled_ashraf,
    clusterer_settings,
    field_corpus,
    reported_mentions,
)

distributed = pytest.importorskip("distributed")


# -- the blocks of the pair search, in one process ---------------------------------------------


def prepared(settings: MentionClusterer, data: Dataset) -> tuple[MentionClusterer, list[Any], Any]:
    """The clusterer, nodes and far partners as `cluster_with_state` gives them to the search."""
    clusterer = settings._with_places_of(data)
    nodes = clusterer._without_year_slips(_nodes(data))
    return clusterer, nodes, _Names.of(clusterer, nodes).partners()


def links_by_blocks(
    settings: MentionClusterer, data: Dataset, size: int, *, halo: bool = True
) -> list[Any]:
    """The links each block finds, as pairs of node keys and scores, block after block."""
    clusterer, nodes, partners = prepared(settings, data)
    fields = _portable(clusterer)
    blocks = _blocks(clusterer, nodes, partners, size, halo=halo)
    return [link for block in blocks for link in links(nodes, *_block_columns(fields, block))]


def all_links(settings: MentionClusterer, data: Dataset) -> list[Any]:
    clusterer, nodes, partners = prepared(settings, data)
    return links(nodes, *link_columns(clusterer, nodes, partners))


@given(reported_mentions(), clusterer_settings, st.integers(min_value=1, max_value=6))
def test_the_blocks_find_every_link_once(
    data: Dataset, settings: MentionClusterer, size: int
) -> None:
    found = links_by_blocks(settings, data, size)
    assert len(found) == len(set(found))  # none twice
    assert set(found) == set(all_links(settings, data))  # none lost, none made up


@given(datasets(max_claims=10), clusterer_settings, st.integers(min_value=1, max_value=4))
def test_the_blocks_find_every_link_of_any_consistent_dataset(
    data: Dataset, settings: MentionClusterer, size: int
) -> None:
    # Arbitrary texts, declared events, gazetteers, timezones and publication dates.
    found = links_by_blocks(settings, data, size)
    assert len(found) == len(set(found))
    assert set(found) == set(all_links(settings, data))


@pytest.mark.parametrize("window", [None, 30.0])
@pytest.mark.parametrize("near", [None, 30.0])
def test_the_blocks_find_every_link_of_simulated_reports(
    window: float | None, near: float | None
) -> None:
    data = generate(Scenario(events=60, sources=20, days=240), seed=7).dataset
    settings = MentionClusterer(
        places=PLACE_ALIASES, undated_window_days=window, undated_near_days=near
    )
    expected = all_links(settings, data)
    found = links_by_blocks(settings, data, 25)
    assert len(found) == len(expected) > 100
    assert set(found) == set(expected)


def test_without_the_halo_links_across_blocks_are_lost() -> None:
    # What the halo is for: a pair whose nodes fall in two blocks is found only through it.
    data = generate(Scenario(events=60, sources=20, days=240), seed=7).dataset
    settings = MentionClusterer(places=PLACE_ALIASES)
    expected = set(all_links(settings, data))
    without = links_by_blocks(settings, data, 25, halo=False)
    assert set(without) < expected
    assert len(expected) - len(without) > 10


def test_a_long_span_widens_its_own_blocks_halo() -> None:
    # "In 2013" links with a day at the end of the year, 300 nodes later in time.
    mentions = [
        reconcile.EventMention(label="attack on the camp", when=reconcile.TimeSpan.year(2013)),
        *(
            reconcile.EventMention(
                label=f"raid number {day}",
                when=reconcile.TimeSpan.day(2013, 1 + day // 28, 1 + day % 28),
                where=f"village {day}",
            )
            for day in range(300)
        ),
        reconcile.EventMention(
            label="attack on the camp", when=reconcile.TimeSpan.day(2013, 12, 30)
        ),
    ]
    claims = [
        reconcile.Claim(
            id=f"c{index}",
            source="s",
            mention=mention,
            attribute="killed",
            value=reconcile.Quantity.exact(1),
        )
        for index, mention in enumerate(mentions)
    ]
    data = Dataset(sources=[reconcile.Source(id="s")], claims=claims)
    settings = MentionClusterer()
    expected = all_links(settings, data)
    assert any("2013-12-30" in link.first + link.second for link in expected), expected
    assert set(links_by_blocks(settings, data, 10)) == set(expected)
    assert set(links_by_blocks(settings, data, 10, halo=False)) < set(expected)


# -- the engine on a local cluster of two worker processes ---------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def test_the_camp_ashraf_example_is_reconciled_as_in_one_process(client: Any) -> None:
    data = bundled_ashraf()
    expected = reconcile.reconcile(data)
    result = reconcile.reconcile(data, engine="dask", scheduler=client)
    assert result.to_dict() == expected.to_dict()
    assert result.events == expected.events
    assert result.findings == expected.findings
    assert result.codings == expected.codings
    assert dict(result.strategies) == dict(expected.strategies)


def test_the_field_corpus_is_reconciled_as_in_one_process(client: Any) -> None:
    data = field_corpus()
    clusterer = DaskClusterer(scheduler=client, partition_nodes=40, chunk_events=20)
    expected = reconcile.reconcile(data, policy="ucdp")
    result = reconcile.reconcile(data, clusterer=clusterer, policy="ucdp")
    assert result.to_dict() == expected.to_dict()
    assert result.codings == expected.codings


@pytest.mark.parametrize(
    "settings",
    [
        MentionClusterer(places=PLACE_ALIASES),
        MentionClusterer(places=PLACE_ALIASES, undated_window_days=30.0),
        MentionClusterer(places=PLACE_ALIASES, undated_near_days=None),
    ],
    ids=["default", "window", "no-near-days"],
)
def test_simulated_reports_are_reconciled_as_in_one_process(
    client: Any, settings: MentionClusterer
) -> None:
    data = generate(Scenario(events=300, sources=20, days=1200), seed=3).dataset
    assert len(data.claims) > 2000
    expected = reconcile.reconcile(data, clusterer=settings, engine="columnar")
    # Blocks of 200 nodes: about 1,500 nodes make several, with pairs across each border.
    clusterer = DaskClusterer(settings=settings, scheduler=client, partition_nodes=200)
    result = reconcile.reconcile(data, clusterer=clusterer)
    assert result.to_dict() == expected.to_dict()
    assert result.clustering is not None
    assert expected.clustering is not None
    assert result.clustering.links == expected.clustering.links
    assert result.clustering.taken == expected.clustering.taken


def test_the_client_joins_sorts_and_merges_the_blocks_links_on_ordinary_pages(
    client: Any,
    huge_pages: Callable[[], bool],
    setting_noted: Callable[[object, str], list[bool]],
) -> None:
    # The workers' side is in test_pages; here the client's, where the links of 10^7 claims meet.
    from reconcile.linking import columnar

    sorting = setting_noted(columnar, "_strongest_first")
    merging = setting_noted(columnar, "_merged_links")
    data = generate(Scenario(events=60, sources=20, days=240), seed=7).dataset
    clusterer = DaskClusterer(scheduler=client, partition_nodes=100)
    expected = reconcile.reconcile(data)
    assert reconcile.reconcile(data, clusterer=clusterer).to_dict() == expected.to_dict()
    assert sorting
    assert merging
    assert not any([*sorting, *merging])
    assert huge_pages() is True


def test_judging_on_the_workers_leaves_the_links_of_the_events_unwritten(client: Any) -> None:
    # Judging reads no link; a cluster sent with its links would write each one's reason on
    # the client, and keep it there, for every event of the run.
    from reconcile.linking.cluster import _Links

    data = generate(Scenario(events=60, sources=20, days=240), seed=7).dataset
    result = reconcile.reconcile(data, engine="dask", scheduler=client)
    linked = [event.links for event in result.events if len(event.links)]
    assert len(linked) > 20
    assert all(isinstance(links, _Links) and links._links is None for links in linked)
    assert result.to_dict() == reconcile.reconcile(data).to_dict()  # written when read


def test_learned_weights_are_fitted_once_and_shipped(client: Any) -> None:
    data = generate(Scenario(events=40, sources=12, days=160), seed=5).dataset
    expected = reconcile.reconcile(data, weights="auto")
    result = reconcile.reconcile(data, weights="auto", engine="dask", scheduler=client)
    assert result.to_dict() == expected.to_dict()
    assert dict(result.weights) == dict(expected.weights)


def test_a_dask_result_takes_more_claims_as_the_default_one(client: Any) -> None:
    simulation = generate(Scenario(events=12, sources=8), seed=3)
    claims = simulation.dataset.claims
    old = attrs.evolve(simulation.dataset, claims=claims[:-10])
    previous = reconcile.reconcile(old, engine="dask", scheduler=client)
    updated = reconcile.update(previous, claims[-10:])
    assert updated.to_dict() == reconcile.reconcile(simulation.dataset).to_dict()


def test_progress_is_told_of_every_event(client: Any) -> None:
    calls: list[tuple[int, int]] = []
    data = bundled_ashraf()
    clusterer = DaskClusterer(scheduler=client, chunk_events=2)
    result = reconcile.reconcile(data, clusterer=clusterer, progress=lambda *c: calls.append(c))
    count = len(result.events)
    assert calls == [(done, count) for done in range(1, count + 1)]


def run_json(*options: str) -> bytes:
    result = CliRunner().invoke(main, ["run", str(ASHRAF), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_reconcile_run_writes_the_same_bytes_on_every_engine(client: Any) -> None:
    objects = run_json("--engine", "objects")
    assert b'"events"' in objects
    assert run_json() == objects  # the default engine
    assert run_json("--engine", "dask", "--scheduler", client.scheduler.address) == objects


def test_reconcile_run_on_dask_without_a_scheduler_starts_local_workers() -> None:
    assert run_json("--engine", "dask") == run_json("--engine", "objects")


# -- errors -------------------------------------------------------------------------------------


def test_an_unreachable_scheduler_is_a_usage_error_naming_it() -> None:
    clusterer = DaskClusterer(scheduler="tcp://127.0.0.1:1", connect_seconds=0.5)
    with pytest.raises(UsageError, match=r"cannot reach the Dask scheduler at 'tcp://127.0.0.1:1'"):
        reconcile.reconcile(bundled_ashraf(), clusterer=clusterer)


def test_reconcile_run_says_so_and_exits_2_when_the_scheduler_is_unreachable() -> None:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "0.5s"}):
        result = CliRunner().invoke(
            main, ["run", str(ASHRAF), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"]
        )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:1'" in result.output
    assert "Traceback" not in result.output


def test_a_scheduler_needs_the_dask_engine() -> None:
    with pytest.raises(UsageError, match="engine='dask'"):
        reconcile.reconcile(bundled_ashraf(), scheduler="tcp://127.0.0.1:1")
    result = CliRunner().invoke(main, ["run", str(ASHRAF), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "--engine dask" in result.output


def test_without_dask_installed_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(UsageError, match=r"pip install 'reconcile\[dask\]'"):
        reconcile.reconcile(bundled_ashraf(), engine="dask")


def test_importing_reconcile_does_not_import_dask() -> None:
    code = (
        "import sys, reconcile, reconcile.distributed; "
        "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


def test_a_worker_freezes_its_objects_once_a_run_once_the_shared_judge_is_in() -> None:
    # Full collections walked the shared judge (every source) again for each chunk's claims.
    import gc

    from reconcile.distributed import _frozen, _frozen_with

    class Judge:  # what matters is which object is shared, not what it holds
        pass

    def frozen(thing: object) -> bool:
        """Whether `thing` is frozen: the collector's generations no longer hold it."""
        return not any(held is thing for held in gc.get_objects())

    # Told by the objects frozen, not by `gc.get_freeze_count()`: frozen objects that other
    # threads free meanwhile (Dask's, pytest's) lower the count.
    first, second = Judge(), Judge()
    try:
        _frozen.clear()
        _frozen_with(first)  # type: ignore[arg-type]
        assert frozen(first)
        made = [0]  # a tracked object made since
        _frozen_with(first)  # type: ignore[arg-type]
        assert not frozen(made)  # the same run: not frozen again
        _frozen_with(second)  # type: ignore[arg-type]
        assert frozen(made)  # the next run's
    finally:
        _frozen.clear()
        gc.unfreeze()
