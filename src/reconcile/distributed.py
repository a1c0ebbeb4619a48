"""The Dask engine: the single-process result, with the costly parts run on Dask workers.

Two parts of a run grow with the claims and split cleanly: scoring the
candidate pairs of mentions, and judging the events. `DaskClusterer` runs
both on the workers of a Dask cluster and keeps on the client only what is
global and depends on order:

- **Pairs, by time blocks with a halo.** The nodes (`_nodes`: declared
  events and distinct mentions) that can be placed in time are sorted by
  their moment (start, or else first report) and cut into blocks. A pair
  belongs to the block of its earlier node; each block is sent with the
  later nodes its own can pair with (the halo: up to the latest end plus
  the tolerance, or the moment plus the undated near days, of any node of
  the block), with the nodes no time can bound (undated with no report, or
  every undated one when `undated_near_days` and `undated_window_days` are
  both None), and with the two nodes of each far pair by name it owns. The
  client makes the columns of every node once; a block goes to its worker
  as the rows of its nodes (`_Columns.take`), not as nodes to pickle. Each
  worker runs the columnar kernel on its block and keeps the pairs the
  block owns, so that no pair is lost and none is counted twice.
- **The merge, on the client.** The links are gathered and taken strongest
  first by the columnar engine's greedy merge (`linked_and_merged`), as in
  one process: the events, their ids and the state that `reconcile.update`
  adds to are the same.
- **Judging, by chunks of events.** Each task judges many events (a task
  per event would cost milliseconds each) with the pipeline's own judge,
  given only those events' claims; findings come back in event order. What
  every chunk needs (the sources, schemas and weights) is sent to each
  worker once: sent with every chunk, it made a run grow as sources times
  events (15 minutes for 10^6 claims).

Importing this module does not import Dask: it is imported when the engine
first connects, and a missing install is a `UsageError` naming the extra.
"""

from __future__ import annotations

import contextlib
import gc
import weakref
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from reconcile.errors import UsageError
from reconcile.judging.finding import Finding
from reconcile.judging.policies import Coding
from reconcile.linking.cluster import Clusterer, EventCluster, MentionClusterer, _Pairs
from reconcile.linking.incremental import cluster_with_state
from reconcile.linking.nodes import DAY, _Node
from reconcile.linking.state import ClusterState
from reconcile.model.dataset import Dataset
from reconcile.model.gazetteer import Gazetteer
from reconcile.pages import ordinary_pages

if TYPE_CHECKING:
    from distributed import Client, Future

    from reconcile.linking.node_columns import Ints, _Columns

DASK = "dask"
"""The engine's name, as ``reconcile(engine=...)`` and ``reconcile run --engine`` take it."""

EXTRA = "pip install 'reconcile[dask]'"

_Result = TypeVar("_Result")
_UNBOUNDED = 1 << 62
"""The rank of a node that no time bounds: after every node that has a moment."""

Outcome = tuple[list[Finding], Coding | None]
"""What judging one event gives: its findings, and its coding under a codebook policy."""


class EventJudge(Protocol):
    """What judges events: the pipeline's judge, which can be cut down to some events."""

    @property
    def used(self) -> dict[str, str]:
        """The strategy used for each attribute, filled in as events are judged."""
        ...

    def event(self, cluster: EventCluster) -> Outcome:
        """The findings of one event, and its coding if a codebook policy is in use."""
        ...

    def shared(self) -> EventJudge:
        """What judging any event needs besides its claims: sent to each worker once."""
        ...

    def needs(self, clusters: Sequence[EventCluster]) -> Any:
        """What judging these events needs besides the shared judge: sent with them."""
        ...

    def given(self, needs: Any) -> EventJudge:
        """On a worker: the shared judge completed with `needs`, a judge of those events."""
        ...


@attrs.frozen(kw_only=True)
class DaskClusterer:
    """`MentionClusterer`'s settings run on a Dask cluster: the events of one process.

    `scheduler` is the address of a running scheduler (``tcp://host:8786``),
    a `distributed.Client`, or None for a cluster of local worker processes,
    started for the run and stopped after it. `partition_nodes` is how many
    nodes each block of the pair search owns, `chunk_events` how many events
    each judging task judges; neither changes the result.
    """

    settings: MentionClusterer = attrs.field(factory=MentionClusterer)
    scheduler: str | Client | None = attrs.field(default=None, eq=False)
    partition_nodes: int = attrs.field(default=10_000, validator=attrs.validators.ge(1))
    chunk_events: int = attrs.field(default=500, validator=attrs.validators.ge(1))
    connect_seconds: float | None = None
    """How long to try to reach the scheduler before a `UsageError`; None: Dask's setting.

    Dask's setting is ``distributed.comm.timeouts.connect`` (30 s unless
    configured, e.g. by ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s``).
    """

    def cluster(self, dataset: Dataset) -> tuple[EventCluster, ...]:
        """Resolve the dataset's claims into events, exactly as `settings.cluster` does."""
        return self.cluster_with_state(dataset)[0]

    def cluster_with_state(self, dataset: Dataset) -> tuple[tuple[EventCluster, ...], ClusterState]:
        """The events and the state for `reconcile.update`, the pairs scored on the workers."""
        with self.connect() as live:
            return cluster_with_state(self.settings, dataset, find_links=live._link_columns)

    def gazetteer_for(self, dataset: Dataset) -> Gazetteer:
        """The gazetteer the clusterer uses on `dataset`: its settings' places and the dataset's."""
        return self.settings.gazetteer_for(dataset)

    @contextlib.contextmanager
    def connect(self) -> Iterator[DaskClusterer]:
        """The clusterer with a live client while the block runs, closed after if opened here."""
        if self.scheduler is not None and not isinstance(self.scheduler, str):
            yield self
            return
        client = _client(self.scheduler, self.connect_seconds)
        try:
            yield attrs.evolve(self, scheduler=client)
        finally:
            client.close()  # type: ignore[no-untyped-call]

    def judged(self, judge: EventJudge, events: Sequence[EventCluster]) -> Iterator[Outcome]:
        """Each event's findings (and coding), in order, judged on the workers in chunks.

        `judge.used` learns the strategies the workers used, chunk by chunk.
        """
        client = self._live()
        chunks = [
            events[i : i + self.chunk_events] for i in range(0, len(events), self.chunk_events)
        ]
        # Sent once, not with each chunk: what every chunk would carry grows with the
        # sources, and so the run with sources times events. Not hashed: its key need
        # not name its content, and hashing every source would take as long as sending it.
        (shared,) = client.scatter([judge.shared()], broadcast=True, hash=False)  # type: ignore[no-untyped-call]
        tasks = (
            (_judge_chunk, (shared, judge.needs(chunk), _as_judged(chunk))) for chunk in chunks
        )
        for outcomes, used in _in_order(client, tasks):
            for attribute, strategy in used.items():
                judge.used.setdefault(attribute, strategy)
            yield from outcomes

    def _link_columns(
        self, clusterer: MentionClusterer, nodes: Sequence[_Node], partners: _Pairs
    ) -> tuple[Any, Any, list[float]]:
        """`link_columns(clusterer, nodes, partners)`, each block of the pair search on a worker.

        The columns of every block, joined and put in the order the merge takes
        them: by score, strongest first, then by the first and second node.
        """
        import numpy as np  # as the columnar engine does: only when it runs

        from reconcile.linking.columnar import _strongest_first, joined

        client = self._live()
        (settings,) = client.scatter([_portable(clusterer)], broadcast=True)  # type: ignore[no-untyped-call]
        blocks = _blocks(clusterer, nodes, partners, self.partition_nodes)
        tasks = ((_block_columns, (settings, block)) for block in blocks)
        first, second, scores = joined(
            (f, s, np.array(score, np.float64)) for f, s, score in _in_order(client, tasks)
        )
        return _strongest_first(first, second, scores)  # as `link_columns` sorts them

    def _live(self) -> Client:
        if self.scheduler is None or isinstance(self.scheduler, str):
            raise UsageError("DaskClusterer: call connect() first; it holds no client yet")
        return self.scheduler


def running(clusterer: Clusterer) -> contextlib.AbstractContextManager[Clusterer]:
    """The clusterer ready to run: a `DaskClusterer` connected for the block, another as it is."""
    if isinstance(clusterer, DaskClusterer):
        return clusterer.connect()
    return contextlib.nullcontext(clusterer)


def _client(scheduler: str | None, seconds: float | None) -> Client:
    """A client of the scheduler at `scheduler`, or of a new cluster of local processes."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(f"the dask engine needs Dask: {EXTRA}") from None
    if scheduler is None:
        # Processes, one thread each: the work is Python, which threads would not share out.
        return Client(processes=True, threads_per_worker=1, dashboard_address=":0")  # type: ignore[no-untyped-call]
    try:
        if seconds is None:
            return Client(scheduler)  # type: ignore[no-untyped-call]
        return Client(scheduler, timeout=seconds)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler!r}: {error}") from None


def _in_order(
    client: Client, tasks: Iterable[tuple[Callable[..., _Result], tuple[Any, ...]]]
) -> Iterator[_Result]:
    """The results of `tasks`, in their order, with a few more queued than there are workers.

    A bounded queue keeps the client from holding every task's data at once.
    """
    ahead = 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 2
    queued: deque[Future[_Result]] = deque()
    for function, arguments in tasks:
        queued.append(client.submit(function, *arguments, pure=False))
        if len(queued) > ahead:
            yield queued.popleft().result()
    while queued:
        yield queued.popleft().result()


def _as_judged(clusters: Sequence[EventCluster]) -> list[EventCluster]:
    """The clusters with what judging reads of them: their event and claims, not their links.

    A cluster pickles its links as written (`_Links`), each link's reason
    worked out then, on the client, and kept there: judging reads none.
    """
    return [attrs.evolve(cluster, mentions=(), links=()) for cluster in clusters]


def _judge_chunk(
    shared: EventJudge, needs: Any, clusters: Sequence[EventCluster]
) -> tuple[list[Outcome], dict[str, str]]:
    """On a worker: each event of the chunk judged, and the strategies used."""
    _frozen_with(shared)
    judge = shared.given(needs)
    return [judge.event(cluster) for cluster in clusters], judge.used


_frozen: list[weakref.ref[EventJudge]] = []
"""On a worker: the shared judge frozen with the worker's objects, if any (see `_frozen_with`)."""


def _frozen_with(shared: EventJudge) -> None:
    """On a worker: freeze its objects once a run's shared judge is among them (`gc.freeze`).

    The shared judge lives as long as the run: the sources, by the million
    at 10^7 claims. Unpickling each chunk's claims makes the collector run,
    and each full collection walked every object of it: at 10^7 claims a
    worker spent half its time in the collector. Frozen, they are left out
    of collections. As with `reconcile.collector`, cyclic garbage the worker
    holds at that moment is freed only after `gc.unfreeze()`: once a run.
    """
    if _frozen and _frozen[0]() is shared:
        return
    gc.freeze()
    _frozen[:] = [weakref.ref(shared)]


# -- the pair search, by blocks of time ---------------------------------------------------


_Portable = tuple[type[MentionClusterer], dict[str, Any]]
"""A clusterer as its class and its fields."""


def _portable(clusterer: MentionClusterer) -> _Portable:
    """The clusterer as its class and plain fields: its read-only mappings do not pickle.

    The class goes too, so that a subclass scores pairs its own way on the workers.
    """
    fields = attrs.asdict(clusterer, recurse=False)
    return type(clusterer), {
        **fields,
        "places": dict(clusterer.places),
        "within": dict(clusterer.within),
    }


@attrs.frozen
class _Block:
    """The nodes one worker scores pairs among, as columns, and which of their pairs it owns.

    A pair is owned by the block of its node of lower rank (by moment, then
    key); a pair of two nodes that no time bounds, by the first block.
    """

    columns: _Columns
    """The nodes' columns (`reconcile.linking.node_columns._Columns.take`), in key order."""
    positions: Ints
    """Each node's index among all the nodes (also in key order)."""
    ranks: tuple[int, ...]
    """Each node's rank; `_UNBOUNDED` for a node no time bounds."""
    home: tuple[bool, ...]
    """Whether each node is one of the block's own (not of its halo or of another block)."""
    first: bool
    partners: Ints
    """The far pairs by name that the block owns, as sorted codes of their indices in it."""


def _block_columns(settings: _Portable, block: _Block) -> tuple[Any, Any, list[float]]:
    """On a worker: `link_columns` of the pairs the block owns, as indices among all nodes."""
    import numpy as np  # on the workers only

    from reconcile.linking.columnar import _linked
    from reconcile.linking.pair_scores import _Run

    ranks, home = np.array(block.ranks, dtype=np.int64), np.array(block.home, dtype=np.bool_)

    def owned(first: Any, second: Any) -> Any:
        a, b = ranks[first], ranks[second]
        mine = np.where(a < b, home[first], home[second])
        return np.where(a == b, block.first, mine)

    clusterer = settings[0](**settings[1])
    # One process: the workers are the run's parallelism. Ordinary pages, as on one machine.
    with ordinary_pages():
        first, second, scores = _linked(
            _Run(clusterer, block.columns), block.partners, keep=owned, processes=1
        )
    return block.positions[first], block.positions[second], scores


def _time_bounds(clusterer: MentionClusterer, node: _Node) -> tuple[float, float] | None:
    """A node's moment and the latest moment of a later node it can pair with; None: unbounded.

    A dated node pairs with dated nodes that begin by its end plus the
    tolerance, and with undated ones first reported within the undated near
    days of its start; an undated reported node pairs with dated nodes that
    begin by its last report plus the tolerance, and with undated ones
    reported within the near days. With neither near days nor a window, an
    undated node pairs with any node at a compatible place: unbounded.
    """
    near = clusterer._near_days()
    reach_undated = 0.0 if near is None else near * DAY
    tolerance = clusterer.tolerance_days * DAY
    if node.span is not None:
        return node.span[0], max(node.span[1] + tolerance, node.span[0] + reach_undated)
    if node.published is not None and near is not None:
        moment = node.published[0]
        return moment, max(node.published[1] + tolerance, moment + reach_undated)
    return None


def _blocks(
    clusterer: MentionClusterer,
    nodes: Sequence[_Node],
    partners: _Pairs,
    size: int,
    *,
    halo: bool = True,
) -> Iterator[_Block]:
    """The nodes cut into blocks of `size` by time, each with its halo (see the module).

    Made one by one, so that the workers score the first while the client
    cuts the next. `halo=False` leaves the halo out, which loses the pairs
    across blocks: only for the test that shows it is needed.
    """
    import numpy as np  # as the columnar engine does: only when it runs

    from reconcile.linking.node_columns import _Columns, _pair_codes

    bounds = {node.key: _time_bounds(clusterer, node) for node in nodes}
    timed = sorted(
        (node for node in nodes if bounds[node.key] is not None),
        key=lambda node: (_bound(bounds, node)[0], node.key),
    )
    unbounded = [node for node in nodes if bounds[node.key] is None]
    rank = {node.key: position for position, node in enumerate(timed)}
    rank.update(dict.fromkeys((node.key for node in unbounded), _UNBOUNDED))
    moments = [_bound(bounds, node)[0] for node in timed]
    starts = list(range(0, len(timed), size)) or ([0] if unbounded else [])
    owned: list[set[tuple[str, str]]] = [set() for _ in starts]
    for pair in partners:
        owned[min(rank[key] for key in pair) // size].add(pair)
    position = {node.key: index for index, node in enumerate(nodes)}
    columns = _Columns.of(nodes)  # each node's once; each block takes its rows
    for number, start in enumerate(starts):
        own = timed[start : start + size]
        reach = max((_bound(bounds, node)[1] for node in own), default=0.0)
        end = bisect_right(moments, reach) if halo else start + len(own)
        members = {node.key for node in [*timed[start:end], *unbounded]}
        members.update(key for pair in owned[number] for key in pair)
        # The nodes come in key order: a block's, by their index, are in key order too.
        indices = np.array(sorted(position[key] for key in members), dtype=np.int64)
        ordered = [nodes[index] for index in indices.tolist()]
        yield _Block(
            columns=columns.take(indices),
            positions=indices,
            ranks=tuple(rank[node.key] for node in ordered),
            home=tuple(start <= rank[node.key] < start + len(own) for node in ordered),
            first=number == 0,
            partners=_pair_codes(ordered, frozenset(owned[number])),
        )


def _bound(bounds: dict[str, tuple[float, float] | None], node: _Node) -> tuple[float, float]:
    found = bounds[node.key]
    assert found is not None
    return found
