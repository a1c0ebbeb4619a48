"""`DeclaredEvents`: the clusterer for claims that already name their event (or item).

In truth discovery every claim usually names its item ("Boston, MA_2000",
flight AA-1234's departure): there is nothing to resolve, and comparing
every pair of undated events, as `MentionClusterer` must, is wasted work
(18 million pairs for 6,005 people). `DeclaredEvents` gives each declared
event the claims that name it by id, which is what `MentionClusterer`
concludes for such a dataset, in one pass.
"""

from __future__ import annotations

from collections import defaultdict

import attrs

from reconcile.errors import UsageError
from reconcile.linking.cluster import EventCluster
from reconcile.model.dataset import Dataset


@attrs.frozen(kw_only=True)
class DeclaredEvents:
    """One cluster per declared event, holding the claims that name it by id.

    Every claim must name an event: a claim that only carries a mention is a
    `UsageError` naming it (use `MentionClusterer` for those). A declared
    event no claim names is a cluster without claims, as `MentionClusterer`
    gives it.

    >>> reconcile(dataset, clusterer=DeclaredEvents())  # doctest: +SKIP
    """

    def cluster(self, dataset: Dataset) -> tuple[EventCluster, ...]:
        """The events of the dataset, in the order declared, each with its claims by id."""
        by_event: dict[str, list[str]] = defaultdict(list)
        for claim in dataset.claims:
            if claim.event is None:
                raise UsageError(
                    f"claim {claim.id!r} names no event, only a mention; "
                    "DeclaredEvents needs an event id on every claim: use MentionClusterer"
                )
            by_event[claim.event].append(claim.id)
        return tuple(
            EventCluster(
                event=event,
                mentions=(),
                claims=tuple(sorted(by_event.get(event.id, ()))),
                links=(),
                declared=True,
            )
            for event in dataset.events
        )
