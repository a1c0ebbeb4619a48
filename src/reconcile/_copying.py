"""`CopyDetector`: find sources that copy each other, in the spirit of Dong et al. (VLDB 2009).

Independent sources rarely make the same mistake; a source that copies
another repeats its mistakes along with its right values. So two sources
that give the same *false* value on several items, and almost never give
different values, are judged to copy, and a group of copiers is collapsed
into one testimony: every claim of a copier that repeats what the group's
representative said gets the representative appended to its attribution
chain, so its origin becomes the representative and `reconcile` counts the
group once. Claims in which a copier differs from its representative keep
their own origin: there it spoke for itself.

Which values are false is judged against the current truths (the value the
most origins give), and those truths change once copiers stop outvoting
the others, so detection and collapsing alternate until the groups settle.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Self

import attrs

from reconcile._claim import Claim, Polarity, Value
from reconcile._cluster import Clusterer, MentionClusterer
from reconcile._dataset import Dataset
from reconcile._reliability import Item, _publication_order, fitted


@attrs.frozen(kw_only=True)
class CopyingPair:
    """Two sources judged to copy, with the evidence: what they said on the items they share.

    `first` sorts before `second`. Of the `shared` items (those both gave a
    value for), they gave the same value on `same_true` items where it was
    the truth, the same value on `same_false` items where it was not, and
    different values on `different` items.
    """

    first: str
    second: str
    shared: int
    same_true: int
    same_false: int
    different: int

    @property
    def false_agreement(self) -> float:
        """The share of the items where at least one of them is wrong that they agree on."""
        disputed = self.same_false + self.different
        return self.same_false / disputed if disputed else 0.0


@attrs.define(kw_only=True)
class CopyDetector:
    """Find groups of sources that copy each other, and collapse each group into one origin.

    Settings are fields; `fit` returns the detector itself; what it learns
    lives in fields ending in ``_`` (`copies_`, `groups_`,
    `representatives_`, `truths_`, `n_iter_`), which raise
    `NotFittedError` before `fit`.

    An item is an (event, attribute) pair, events resolved by the clusterer;
    a source's value on an item is the latest it asserted there (denials and
    multi-valued attributes are left out of the detection). Two sources that
    share at least `min_shared` items copy when they give the same false
    value on at least `min_false` items and on at least `false_agreement` of
    the items where they are not both right. Groups are the connected
    components of copying pairs; a group's representative is the member with
    the most claims (ties: the smallest id).

    >>> detector = CopyDetector().fit(dataset)          # doctest: +SKIP
    >>> reconcile(detector.collapse(dataset))           # doctest: +SKIP
    """

    min_shared: int = 5
    min_false: int = 2
    false_agreement: float = 0.8
    max_iter: int = 5
    _copies: tuple[CopyingPair, ...] | None = attrs.field(default=None, init=False, repr=False)
    _groups: tuple[tuple[str, ...], ...] | None = attrs.field(default=None, init=False, repr=False)
    _representatives: dict[str, str] | None = attrs.field(default=None, init=False, repr=False)
    _truths: dict[Item, Value] | None = attrs.field(default=None, init=False, repr=False)
    _n_iter: int | None = attrs.field(default=None, init=False, repr=False)
    _clusterer: Clusterer | None = attrs.field(default=None, init=False, repr=False)

    @property
    def copies_(self) -> tuple[CopyingPair, ...]:
        """The pairs judged to copy in the last round, with their evidence, sorted by names."""
        return fitted(self, self._copies)

    @property
    def groups_(self) -> tuple[tuple[str, ...], ...]:
        """The groups of copying sources: each sorted, representative not necessarily first."""
        return fitted(self, self._groups)

    @property
    def representatives_(self) -> dict[str, str]:
        """Each grouped source's representative; a representative maps to itself."""
        return fitted(self, self._representatives)

    @property
    def truths_(self) -> dict[Item, Value]:
        """The truths the last round judged values against: the value most origins give."""
        return fitted(self, self._truths)

    @property
    def n_iter_(self) -> int:
        """How many rounds of detection ran."""
        return fitted(self, self._n_iter)

    def fit(self, dataset: Dataset, *, clusterer: Clusterer | None = None) -> Self:
        """Find the copying groups of `dataset`, its claims grouped into events by `clusterer`."""
        clusterer = clusterer or MentionClusterer()
        items = _items(dataset, clusterer)
        observations = _observations(dataset, items)
        claim_counts = Counter(claim.origin for claim in dataset.claims)
        groups: tuple[tuple[str, ...], ...] = ()
        representatives: dict[str, str] = {}
        copies: tuple[CopyingPair, ...] = ()
        truths: dict[Item, Value] = {}
        iteration = 0
        while iteration < self.max_iter:
            iteration += 1
            claims = _collapsed(dataset.claims, items, representatives)
            truths = _truths(claims, items, _multi(dataset))
            copies = self._copying_pairs(observations, truths)
            found = _components(copies)
            changed = found != groups
            groups = found
            representatives = _representatives(groups, claim_counts)
            if not changed:
                break
        self._copies, self._groups = copies, groups
        self._representatives, self._truths = representatives, truths
        self._n_iter, self._clusterer = iteration, clusterer
        return self

    def collapse(self, dataset: Dataset, *, clusterer: Clusterer | None = None) -> Dataset:
        """A copy of `dataset` in which each copier's repeats of its representative count once.

        A claim whose origin is a copier, and whose value and polarity its
        group's representative also gave on the same item, gets the
        representative appended to its attribution chain (unless the chain
        already names it). Every other claim is kept as it is; nothing is
        dropped. Items are resolved with `clusterer`, by default the one
        `fit` used.
        """
        representatives = self.representatives_
        items = _items(dataset, clusterer or self._clusterer or MentionClusterer())
        return attrs.evolve(dataset, claims=_collapsed(dataset.claims, items, representatives))

    def _copying_pairs(
        self, observations: Mapping[Item, Mapping[str, Value]], truths: Mapping[Item, Value]
    ) -> tuple[CopyingPair, ...]:
        # For each pair of sources: shared, same true, same false, different.
        counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for item, values in observations.items():
            truth = truths.get(item)
            for first, second in combinations(sorted(values), 2):
                tally = counts[(first, second)]
                tally[0] += 1
                if values[first] != values[second]:
                    tally[3] += 1
                elif values[first] == truth:
                    tally[1] += 1
                else:
                    tally[2] += 1
        pairs = (
            CopyingPair(
                first=first,
                second=second,
                shared=shared,
                same_true=same_true,
                same_false=same_false,
                different=different,
            )
            for (first, second), (shared, same_true, same_false, different) in counts.items()
        )
        return tuple(sorted((pair for pair in pairs if self._is_copying(pair)), key=_pair_key))

    def _is_copying(self, pair: CopyingPair) -> bool:
        return (
            pair.shared >= self.min_shared
            and pair.same_false >= self.min_false
            and pair.false_agreement >= self.false_agreement
        )


def _pair_key(pair: CopyingPair) -> tuple[str, str]:
    return pair.first, pair.second


def _items(dataset: Dataset, clusterer: Clusterer) -> dict[str, Item]:
    """The item (event cluster id, attribute) of every claim, by claim id."""
    claims = {claim.id: claim for claim in dataset.claims}
    return {
        claim_id: (cluster.id, claims[claim_id].attribute)
        for cluster in clusterer.cluster(dataset)
        for claim_id in cluster.claims
    }


def _multi(dataset: Dataset) -> frozenset[str]:
    """The multi-valued attributes: a set of true labels has no single truth to judge against."""
    return frozenset(
        claim.attribute
        for claim in dataset.claims
        if (schema := dataset.schema(claim.attribute)) is not None and schema.multi
    )


def _observations(dataset: Dataset, items: Mapping[str, Item]) -> dict[Item, dict[str, Value]]:
    """For each item, the latest value each origin asserted on it."""
    multi = _multi(dataset)
    observations: dict[Item, dict[str, Value]] = defaultdict(dict)
    for claim in sorted(dataset.claims, key=_publication_order):
        if claim.polarity is Polarity.ASSERTS and claim.attribute not in multi:
            observations[items[claim.id]][claim.origin] = claim.value
    return observations


def _truths(
    claims: Iterable[Claim], items: Mapping[str, Item], multi: frozenset[str]
) -> dict[Item, Value]:
    """For each item, the value the most origins assert (ties: the smallest as text)."""
    origins: dict[Item, dict[Value, set[str]]] = defaultdict(lambda: defaultdict(set))
    for claim in claims:
        if claim.polarity is Polarity.ASSERTS and claim.attribute not in multi:
            origins[items[claim.id]][claim.value].add(claim.origin)
    return {
        item: min(said, key=lambda value: (-len(said[value]), str(value)))
        for item, said in origins.items()
    }


def _components(pairs: Iterable[CopyingPair]) -> tuple[tuple[str, ...], ...]:
    """The connected components of the copying pairs, each sorted, in order of their first."""
    parent: dict[str, str] = {}

    def root(source: str) -> str:
        while parent.setdefault(source, source) != source:
            parent[source] = parent[parent[source]]
            source = parent[source]
        return source

    for pair in pairs:
        first, second = root(pair.first), root(pair.second)
        if first != second:
            parent[max(first, second)] = min(first, second)
    members: dict[str, list[str]] = defaultdict(list)
    for source in sorted(parent):
        members[root(source)].append(source)
    return tuple(sorted(tuple(group) for group in members.values()))


def _representatives(
    groups: Sequence[tuple[str, ...]], claim_counts: Mapping[str, int]
) -> dict[str, str]:
    """Each member's representative: the member with the most claims, ties to the smallest id."""
    result: dict[str, str] = {}
    for group in groups:
        representative = min(group, key=lambda source: (-claim_counts.get(source, 0), source))
        result.update(dict.fromkeys(group, representative))
    return result


def _collapsed(
    claims: Sequence[Claim], items: Mapping[str, Item], representatives: Mapping[str, str]
) -> tuple[Claim, ...]:
    """The claims, with each copier's repeats of its representative attributed to it."""
    if not representatives:
        return tuple(claims)
    said: set[tuple[Item, str, Value, Polarity]] = {
        (items[claim.id], claim.origin, claim.value, claim.polarity)
        for claim in claims
        if representatives.get(claim.origin) == claim.origin
    }
    result = []
    for claim in claims:
        representative = representatives.get(claim.origin, claim.origin)
        if (
            representative != claim.origin
            and representative not in claim.chain
            and (items[claim.id], representative, claim.value, claim.polarity) in said
        ):
            claim = attrs.evolve(claim, attribution=(*claim.attribution, representative))
        result.append(claim)
    return tuple(result)
