"""`DeclaredEvents`: one cluster per declared event, as `MentionClusterer` would conclude."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings

import reconcile
from reconcile import (
    Claim,
    Dataset,
    DeclaredEvents,
    Event,
    EventMention,
    MentionClusterer,
    Quantity,
    Source,
    UsageError,
)
from reconcile.testing import datasets


@settings(max_examples=50, deadline=None)
@given(datasets())
def test_it_clusters_as_the_mention_clusterer_when_every_claim_names_its_event(
    dataset: Dataset,
) -> None:
    named = [claim for claim in dataset.claims if claim.event is not None]
    dataset = attrs.evolve(dataset, claims=named)
    # The same clusters; DeclaredEvents keeps the declared order, MentionClusterer its own.
    ours = sorted(DeclaredEvents().cluster(dataset), key=lambda cluster: cluster.id)
    assert ours == sorted(MentionClusterer().cluster(dataset), key=lambda cluster: cluster.id)


def test_a_worked_example_of_items_named_by_the_data() -> None:
    # Three editors give the population of one city-year, a vandal among them; the item's name
    # as the data gives it is the event's label.
    dataset = Dataset(
        sources=[Source(id="ed-1"), Source(id="ed-2"), Source(id="vandal")],
        events=[Event(id="boston-ma-2000", label="Boston, MA_2000")],
        claims=[
            Claim(id="a", source="ed-1", event="boston-ma-2000", attribute="population",
                  value=Quantity.exact(589_141)),
            Claim(id="b", source="ed-2", event="boston-ma-2000", attribute="population",
                  value=Quantity.exact(589_141)),
            Claim(id="c", source="vandal", event="boston-ma-2000", attribute="population",
                  value=Quantity.exact(1)),
        ],
    )  # fmt: skip
    (cluster,) = DeclaredEvents().cluster(dataset)
    assert (cluster.id, cluster.event.label, cluster.claims) == (
        "boston-ma-2000",
        "Boston, MA_2000",
        ("a", "b", "c"),
    )
    finding = reconcile.reconcile(dataset, clusterer=DeclaredEvents()).finding(
        "boston-ma-2000", "population"
    )
    assert finding.best == Quantity.exact(589_141)
    assert finding.dissent == ("c",)


def test_a_claim_without_an_event_is_refused_by_name() -> None:
    dataset = Dataset(
        sources=[Source(id="s")],
        claims=[
            Claim(
                id="loose",
                source="s",
                mention=EventMention(label="an attack"),
                attribute="killed",
                value=Quantity.exact(3),
            )
        ],
    )
    with pytest.raises(UsageError, match="claim 'loose' names no event"):
        DeclaredEvents().cluster(dataset)
