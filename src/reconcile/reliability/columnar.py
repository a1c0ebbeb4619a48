"""Claims as columns: NumPy arrays of codes, for learning source reliability on millions of claims.

`Claim` objects carry everything a finding explains itself by (quotes,
attribution chains, dates), which costs about a kilobyte and a few
microseconds per claim. Learning how reliable each source is needs none of
that: only which source gave which label for which item. `LabelColumns`
holds exactly that as three integer arrays, so that `CRH.fit_columns` and
`CATD.fit_columns` run each iteration as a handful of vectorised NumPy
operations instead of a Python loop over claims.

The per-claim path stays the API and the reference: `LabelColumns.from_dataset`
builds the columns from the same observations `CRH.fit` uses, and the tests
check that both paths learn the same weights and truths.

>>> columns = LabelColumns.from_frame(
...     frame, item="task", source="worker", label="label"
... )  # doctest: +SKIP
>>> model = CATD().fit_columns(columns)  # doctest: +SKIP
>>> model.weights_, model.truths_  # doctest: +SKIP

Importing this module imports NumPy; ``import reconcile`` alone does not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from reconcile.errors import UsageError
from reconcile.model.claim import Value
from reconcile.reliability.observations import TIE_TOLERANCE, Item, observations_of
from reconcile.values.category import Category, normalise_label

if TYPE_CHECKING:
    from reconcile.linking.cluster import Clusterer
    from reconcile.model.dataset import Dataset

__all__ = ["LabelColumns"]

Codes = NDArray[np.intp]
Floats = NDArray[np.float64]


@attrs.frozen(kw_only=True, eq=False)
class LabelColumns:
    """Asserted labels as columns: in row ``i``, ``source[i]`` gave ``label[i]`` for ``item[i]``.

    There is one row per (item, source): the label that source gave last.
    The arrays hold codes into `items`, `sources` (sorted) and `labels`
    (sorted by spelling, so that a tie between labels goes, as in the
    per-claim path, to the one that sorts last). Labels that differ only in
    case or spacing are one label, spelled as first seen. Build it with
    `from_frame`, `from_dataset` or `from_observations`, not by hand.
    """

    item: Codes
    source: Codes
    label: Codes
    items: tuple[Item, ...]
    sources: tuple[str, ...]
    labels: tuple[str, ...]
    _pairs: Codes = attrs.field(init=False, repr=False)
    _pair_item: Codes = attrs.field(init=False, repr=False)
    _pair_label: Codes = attrs.field(init=False, repr=False)
    _item_starts: Codes = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # The distinct (item, label) pairs, sorted by item then label: votes are
        # summed per pair, and each item's pairs are one contiguous run.
        pair_keys = self.item.astype(np.int64) * len(self.labels) + self.label
        unique_keys, pairs = np.unique(pair_keys, return_inverse=True)
        pair_item = (unique_keys // max(1, len(self.labels))).astype(np.intp)
        object.__setattr__(self, "_pairs", pairs.astype(np.intp))
        object.__setattr__(self, "_pair_item", pair_item)
        object.__setattr__(self, "_pair_label", (unique_keys % max(1, len(self.labels))))
        starts = (
            np.flatnonzero(np.r_[True, pair_item[1:] != pair_item[:-1]])
            if len(pair_item)
            else pair_item
        )
        object.__setattr__(self, "_item_starts", starts.astype(np.intp))

    def __len__(self) -> int:
        """The number of rows: (item, source) pairs with a label."""
        return len(self.item)

    @classmethod
    def from_observations(cls, observations: Mapping[Item, Mapping[str, Value]]) -> LabelColumns:
        """The columns of ready-made observations: for each item, the label each source gave.

        Every value must be a `Category`, and every item must have one; a
        figure or a date among them, or an item without a label, is a
        `UsageError` naming the item (and source), never silently left out.
        """
        items = tuple(observations)
        rows: list[tuple[int, str, str]] = []
        for index, (item, values) in enumerate(observations.items()):
            if not values:
                raise UsageError(f"no source gave a label for {item!r}")
            for source, value in values.items():
                if not isinstance(value, Category):
                    raise UsageError(
                        f"LabelColumns holds labels only, but {source!r} gave "
                        f"{type(value).__name__} {value} for {item!r}"
                    )
                rows.append((index, source, value.label))
        item_codes = np.fromiter((row[0] for row in rows), dtype=np.intp, count=len(rows))
        return cls._build(item_codes, [row[1] for row in rows], [row[2] for row in rows], items)

    @classmethod
    def from_dataset(cls, dataset: Dataset, *, clusterer: Clusterer | None = None) -> LabelColumns:
        """The labels of `dataset`'s single-valued categorical attributes, events by `clusterer`.

        The rows are the observations `CRH.fit` learns from (an origin's latest
        assertion per event and attribute), restricted to labels: figures and
        dates are other kinds of value and have no place in a label table.
        """
        observations = observations_of(dataset, clusterer)
        labels = {
            item: values
            for item, values in observations.items()
            if all(isinstance(value, Category) for value in values.values())
        }
        return cls.from_observations(labels)

    @classmethod
    def from_frame(
        cls, frame: Any, *, item: str | Sequence[str], source: str, label: str
    ) -> LabelColumns:
        """The columns of a pandas DataFrame with one row per claim.

        `item` names the column that identifies the item (crowd-kit's
        ``task``), or the two columns (event, attribute); with one column the
        attribute is the name of the `label` column. When a source labels an
        item more than once, its last row counts, as a later claim supersedes
        an earlier one. A missing value in any of these columns is an error
        naming the column and row.
        """
        import pandas as pd

        item_columns = [item] if isinstance(item, str) else list(item)
        columns = [*item_columns, source, label]
        missing = [name for name in columns if name not in frame.columns]
        if missing:
            raise UsageError(f"the frame has no column {', '.join(map(repr, missing))}")
        for name in columns:
            blank = frame[name].isna().to_numpy()
            if blank.any():
                row = frame.index[int(np.argmax(blank))]
                raise UsageError(f"column {name!r} has no value in row {row!r}")
        keys = [frame[name].astype(str).to_numpy() for name in item_columns]
        item_codes, item_values = pd.factorize(
            pd.MultiIndex.from_arrays(keys) if len(keys) == 2 else keys[0]
        )
        if len(keys) == 2:
            items = tuple((str(event), str(attr)) for event, attr in item_values)
        else:
            items = tuple((str(value), label) for value in item_values)
        sources = frame[source].astype(str).to_numpy()
        labels = frame[label].astype(str).to_numpy()
        return cls._build(np.asarray(item_codes, dtype=np.intp), sources, labels, items)

    @classmethod
    def _build(
        cls,
        item: Codes,
        sources: Sequence[str] | NDArray[Any],
        labels: Sequence[str] | NDArray[Any],
        items: tuple[Item, ...],
    ) -> LabelColumns:
        """Code sources and labels, and keep each (item, source)'s last row."""
        source_codes, source_names = _sorted_codes(_factorize(np.asarray(sources, dtype=object)))
        label_codes, label_names = _label_codes(np.asarray(labels, dtype=object))
        last = _last_per_pair(item, source_codes, len(source_names))
        return cls(
            item=item[last],
            source=source_codes[last],
            label=label_codes[last],
            items=items,
            sources=source_names,
            labels=label_names,
        )

    def vote(self, ballots: Floats, *, alternatives: bool = False) -> Codes:
        """Each item's label by vote: the code of the label whose votes count the most.

        `ballots` holds what one vote of each source counts, in the order of
        `sources`. With `alternatives`, each vote also counts the log of the
        number of other labels claimed for its item (see `OneCoin`). Votes
        within `TIE_TOLERANCE` of the top (at least that much) are a tie, which
        goes to the label that sorts last, as in the per-claim path.
        """
        if not len(self._pair_item):
            return self._pair_label
        votes = np.bincount(
            self._pairs, weights=ballots[self.source], minlength=len(self._pair_item)
        )
        if alternatives:
            labels_per_item = np.diff(np.r_[self._item_starts, len(self._pair_item)])
            bonus = np.log(np.maximum(1, labels_per_item - 1))[self._pair_item]
            votes += np.bincount(self._pairs, minlength=len(self._pair_item)) * bonus
        top = np.maximum.reduceat(votes, self._item_starts)[self._pair_item]
        tied = votes >= top - TIE_TOLERANCE * np.maximum(1.0, np.abs(top))
        return np.maximum.reduceat(np.where(tied, self._pair_label, -1), self._item_starts)

    def mistakes(self, truths: Codes) -> tuple[dict[str, float], dict[str, int]]:
        """Each source's number of labels that differ from `truths`, and of labels given."""
        wrong = (self.label != truths[self.item]).astype(np.float64)
        losses = np.bincount(self.source, weights=wrong, minlength=len(self.sources))
        counts = np.bincount(self.source, minlength=len(self.sources))
        return (
            dict(zip(self.sources, losses.tolist(), strict=True)),
            dict(zip(self.sources, counts.tolist(), strict=True)),
        )

    def weight_array(self, weights: Mapping[str, float]) -> Floats:
        """The weights of `sources`, in their order, as an array."""
        return np.fromiter(
            (weights[source] for source in self.sources), dtype=np.float64, count=len(self.sources)
        )

    def values(self, truths: Codes) -> dict[Item, Value]:
        """Truth codes as the per-claim path gives them: each item's `Category`."""
        return {
            item: Category(label=self.labels[code])
            for item, code in zip(self.items, truths.tolist(), strict=True)
        }


def _factorize(values: NDArray[Any]) -> tuple[Codes, NDArray[Any]]:
    """Codes and distinct values: pandas' hash table when installed, else a sort."""
    try:
        import pandas as pd
    except ImportError:
        uniques, codes = np.unique(values.astype(str), return_inverse=True)
        return codes.astype(np.intp), uniques
    codes, uniques = pd.factorize(values)
    return np.asarray(codes, dtype=np.intp), np.asarray(uniques)


def _sorted_codes(factorized: tuple[NDArray[Any], NDArray[Any]]) -> tuple[Codes, tuple[str, ...]]:
    """Factorised codes renumbered so that the names are in sorted order."""
    codes, names = factorized
    order = np.argsort(np.asarray(names, dtype=str), kind="stable")
    renumber = np.empty(len(order), dtype=np.intp)
    renumber[order] = np.arange(len(order))
    return renumber[codes], tuple(str(names[index]) for index in order)


def _label_codes(labels: NDArray[Any]) -> tuple[Codes, tuple[str, ...]]:
    """Codes of labels compared as `Category` compares them, in order of first spelling."""
    raw_codes, spellings = _factorize(labels)
    # Few distinct spellings: normalise those, not every row.
    first: dict[str, str] = {}
    for spelling in spellings:
        first.setdefault(normalise_label(str(spelling)), " ".join(str(spelling).split()))
    key_of = [normalise_label(str(spelling)) for spelling in spellings]
    names = sorted(first.values())
    code_of_key = {normalise_label(name): code for code, name in enumerate(names)}
    remap = np.fromiter((code_of_key[key] for key in key_of), dtype=np.intp, count=len(key_of))
    return remap[raw_codes], tuple(names)


def _last_per_pair(item: Codes, source: Codes, n_sources: int) -> Codes:
    """Indices of the last row of each (item, source) pair, in row order."""
    keys = item.astype(np.int64) * max(1, n_sources) + source
    _, last_from_end = np.unique(keys[::-1], return_index=True)
    return np.sort(len(keys) - 1 - last_from_end).astype(np.intp)
