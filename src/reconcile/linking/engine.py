"""The clustering engines: the same events from per-object Python or from NumPy columns.

``objects`` is `MentionClusterer` itself, which scores each pair of mentions
in Python; ``columnar`` is `ColumnarClusterer`, which works out the same
events, ids, labels and links with arrays (`reconcile.linking.columnar`).
Both take their settings from one `MentionClusterer`, so that a default
changed there applies to both. This module does not import NumPy: the
columnar kernel is imported when a columnar clusterer first runs, so that
``import reconcile`` stays light.
"""

from __future__ import annotations

from typing import Literal

import attrs

from reconcile.errors import UsageError
from reconcile.linking.cluster import Clusterer, EventCluster, MentionClusterer
from reconcile.model.dataset import Dataset
from reconcile.model.gazetteer import Gazetteer

Engine = Literal["objects", "columnar"]
ENGINES: tuple[Engine, ...] = ("objects", "columnar")
"""The names of the clustering engines, as ``reconcile run --engine`` takes them."""
DEFAULT_ENGINE: Engine = "columnar"
"""The engine `reconcile` and ``reconcile run`` use unless told otherwise (see docs/scale.md)."""


@attrs.frozen(kw_only=True)
class ColumnarClusterer:
    """`MentionClusterer`'s events, ids, labels and links, computed on NumPy columns.

    Candidate pairs come from sorted times (`numpy.searchsorted`) and the
    undated rules of `MentionClusterer`; cannot-links and scores are array
    expressions, each distinct pair of labels or places worked out once; the
    greedy merge takes the links in the same order with the same per-cluster
    summaries. `settings` holds every setting (threshold, tolerance,
    weights, places, the undated window); `blocking` makes no difference
    here, as the result is the same either way.
    """

    settings: MentionClusterer = attrs.field(factory=MentionClusterer)

    def cluster(self, dataset: Dataset) -> tuple[EventCluster, ...]:
        """Resolve the dataset's claims into events, exactly as `settings.cluster` does."""
        from reconcile.linking.columnar import cluster_columns  # imports NumPy: only when run

        return cluster_columns(self.settings, dataset)

    def gazetteer_for(self, dataset: Dataset) -> Gazetteer:
        """The gazetteer the clusterer uses on `dataset`: its settings' places and the dataset's."""
        return self.settings.gazetteer_for(dataset)


def clusterer_for(
    engine: str | None = None, settings: MentionClusterer | ColumnarClusterer | None = None
) -> MentionClusterer | ColumnarClusterer:
    """The clusterer of `engine` (by default `DEFAULT_ENGINE`) with the settings of `settings`.

    An unknown engine is a `UsageError` that names the engines there are.
    """
    engine = DEFAULT_ENGINE if engine is None else engine
    if isinstance(settings, ColumnarClusterer):
        settings = settings.settings
    settings = settings or MentionClusterer()
    if engine == "objects":
        return settings
    if engine == "columnar":
        return ColumnarClusterer(settings=settings)
    raise UsageError(f"unknown engine {engine!r}; the engines are: {', '.join(ENGINES)}")


def settings_of(clusterer: Clusterer) -> MentionClusterer | None:
    """The `MentionClusterer` whose settings a clusterer of any engine uses, if any.

    A clusterer that runs those settings on another engine (`ColumnarClusterer`,
    `reconcile.distributed.DaskClusterer`) holds them as its `settings`.
    """
    if isinstance(clusterer, MentionClusterer):
        return clusterer
    settings = getattr(clusterer, "settings", None)
    return settings if isinstance(settings, MentionClusterer) else None
