"""A cluster's links: written when first read, equal to the tuple of them, pickled as it."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import reconcile
from reconcile.linking.cluster import MentionClusterer

ASHRAF = Path(__file__).parent.parent / "examples" / "ashraf" / "ashraf.yaml"


@pytest.fixture(scope="module")
def ashraf() -> reconcile.Dataset:
    return reconcile.load(ASHRAF)


def _count_written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the links whose reason the columnar engine's clusters write."""
    written = [0]
    checked = MentionClusterer._checked_link

    def counting(self: MentionClusterer, *arguments: object) -> reconcile.Link:
        written[0] += 1
        return checked(self, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(MentionClusterer, "_checked_link", counting)
    return written


def test_reasons_are_written_only_when_read(
    ashraf: reconcile.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _count_written(monkeypatch)
    clusters = reconcile.ColumnarClusterer().cluster(ashraf)
    linked = [cluster for cluster in clusters if len(cluster.links)]
    assert linked, "the example has events of several mentions"
    assert written[0] == 0  # counting them wrote nothing
    first = linked[0].links[0]
    assert written[0] == len(linked[0].links)  # one cluster's links, all at once
    assert first.reason  # a reason, as the per-object engine writes it


def test_links_equal_the_per_object_engines_tuples(ashraf: reconcile.Dataset) -> None:
    lazy = reconcile.ColumnarClusterer().cluster(ashraf)
    eager = MentionClusterer().cluster(ashraf)
    for mine, theirs in zip(lazy, eager, strict=True):
        assert mine.links == tuple(theirs.links)
        assert tuple(theirs.links) == mine.links
        assert hash(mine.links) == hash(tuple(theirs.links))
        assert list(mine.links) == list(theirs.links)
    assert lazy == eager


def test_links_pickle_as_a_tuple(ashraf: reconcile.Dataset) -> None:
    clusters = reconcile.ColumnarClusterer().cluster(ashraf)
    cluster = max(clusters, key=lambda found: len(found.links))
    copied = pickle.loads(pickle.dumps(cluster))
    assert type(copied.links) is tuple
    assert copied == cluster
    assert copied.links[0].reason == cluster.links[0].reason
