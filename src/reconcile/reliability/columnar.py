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
from reconcile.pages import on_ordinary_pages
from reconcile.reliability.observations import Item, observations_of
from reconcile.values.category import Category, normalise_label
from reconcile.values.numbers import TIE_TOLERANCE
from reconcile.values.quantity import Measure, Quantity

if TYPE_CHECKING:
    from reconcile.linking.cluster import Clusterer
    from reconcile.model.dataset import Dataset

__all__ = ["FigureColumns", "LabelColumns"]

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
    @on_ordinary_pages
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
    @on_ordinary_pages
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
        item_codes, items = _frame_items(frame, item=item, source=source, label=label)
        sources = frame[source].astype(str).to_numpy()
        labels = frame[label].astype(str).to_numpy()
        return cls._build(item_codes, sources, labels, items)

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


@attrs.frozen(kw_only=True, eq=False)
class FigureColumns:
    """Asserted figures as columns: in row ``i``, ``source[i]`` gave ``figure[i]`` for ``item[i]``.

    The figures' counterpart of `LabelColumns`, for numeric labels (a
    temperature, a population): one row per (item, source), the figure that
    source gave last. `CRH`, `CATD` and `OneCoin` learn from it as the
    per-claim path learns from exact `Quantity` values: an item's truth is
    the figure with the most weight behind it (ties to the one nearest all
    the figures, then to the lowest), and a figure's loss is its distance
    from the truth over the item's spread. Build it with `from_frame` or
    `from_observations`.
    """

    item: Codes
    source: Codes
    figure: Floats
    items: tuple[Item, ...]
    sources: tuple[str, ...]
    _votes: LabelColumns = attrs.field(init=False, repr=False)
    _distinct: Floats = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # The distinct figures, in numeric order, are the "labels" of a vote: the tallying is
        # the label path's; only the tie-breaking and the loss are the figures' own.
        distinct, codes = np.unique(self.figure, return_inverse=True)
        votes = LabelColumns(
            item=self.item,
            source=self.source,
            label=codes.astype(np.intp),
            items=self.items,
            sources=self.sources,
            labels=tuple(repr(float(value)) for value in distinct),
        )
        object.__setattr__(self, "_votes", votes)
        object.__setattr__(self, "_distinct", distinct.astype(np.float64))

    def __len__(self) -> int:
        """The number of rows: (item, source) pairs with a figure."""
        return len(self.item)

    @classmethod
    @on_ordinary_pages
    def from_observations(cls, observations: Mapping[Item, Mapping[str, Value]]) -> FigureColumns:
        """The columns of ready-made observations: for each item, the figure each source gave.

        Every value must be an exact `Quantity` (one figure); a range, a
        bound, a label or a date is a `UsageError` naming the item and source.
        """
        items = tuple(observations)
        item_codes: list[int] = []
        source_names: list[str] = []
        figures: list[float] = []
        for index, (item, values) in enumerate(observations.items()):
            if not values:
                raise UsageError(f"no source gave a figure for {item!r}")
            for source, value in values.items():
                if not isinstance(value, Quantity) or not value.is_exact:
                    raise UsageError(
                        f"FigureColumns holds single figures only, but {source!r} gave "
                        f"{value} for {item!r}"
                    )
                item_codes.append(index)
                source_names.append(source)
                figures.append(float(value.low))
        return cls._build(np.asarray(item_codes, dtype=np.intp), source_names, figures, items)

    @classmethod
    @on_ordinary_pages
    def from_frame(
        cls, frame: Any, *, item: str | Sequence[str], source: str, label: str
    ) -> FigureColumns:
        """The columns of a pandas DataFrame with one row per claim and a numeric `label` column.

        The columns are read as `LabelColumns.from_frame` reads them; a
        source's last row for an item counts, and a missing value is an
        error naming the column and row.
        """
        item_codes, items = _frame_items(frame, item=item, source=source, label=label)
        figures = frame[label].to_numpy(dtype=np.float64)
        if not np.isfinite(figures).all():
            row = frame.index[int(np.argmax(~np.isfinite(figures)))]
            raise UsageError(f"column {label!r} has no finite figure in row {row!r}")
        return cls._build(item_codes, frame[source].astype(str).to_numpy(), figures, items)

    @classmethod
    def _build(
        cls,
        item: Codes,
        sources: Sequence[str] | NDArray[Any],
        figures: Sequence[float] | Floats,
        items: tuple[Item, ...],
    ) -> FigureColumns:
        source_codes, source_names = _sorted_codes(_factorize(np.asarray(sources, dtype=object)))
        last = _last_per_pair(item, source_codes, len(source_names))
        return cls(
            item=item[last],
            source=source_codes[last],
            figure=np.asarray(figures, dtype=np.float64)[last],
            items=items,
            sources=source_names,
        )

    def vote(self, weights: Floats) -> Floats:
        """Each item's figure with the most weight; ties to the one nearest all, then the lowest.

        `weights` holds each source's weight, in the order of `sources`. This
        is `consensus_figure` on exact figures: a figure's score is the weight
        of the sources that gave it.
        """
        votes = self._votes
        if not len(votes._pair_item):
            return np.zeros(0)
        scores = np.bincount(
            votes._pairs, weights=weights[votes.source], minlength=len(votes._pair_item)
        )
        top = np.maximum.reduceat(scores, votes._item_starts)[votes._pair_item]
        tied = scores >= top - TIE_TOLERANCE * np.maximum(1.0, np.abs(top))
        # Among each item's tied figures, the one nearest all its figures, then the lowest.
        figure = self._distinct[votes._pair_label]
        cost = self._distances(np.flatnonzero(tied), figure, weights)
        cost_of = np.full(len(tied), np.inf)
        cost_of[tied] = cost
        least = np.minimum.reduceat(cost_of, votes._item_starts)[votes._pair_item]
        nearest = tied & (cost_of <= least + TIE_TOLERANCE * np.maximum(1.0, least))
        chosen = np.minimum.reduceat(np.where(nearest, figure, np.inf), votes._item_starts)
        return np.asarray(chosen, dtype=np.float64)

    def _distances(self, pairs: Codes, figure: Floats, weights: Floats) -> Floats:
        """For each of `pairs` (item, figure), the weighted distance to all the item's figures.

        Each pair is set against every row of its item at once: the rows of
        an item are one run once sorted, so the expansion is a repeat.
        """
        votes = self._votes
        order = np.argsort(self.item, kind="stable")
        counts = np.bincount(self.item, minlength=len(self.items))
        starts = np.cumsum(counts) - counts
        item = votes._pair_item[pairs]
        per_pair = counts[item]
        total = int(per_pair.sum())
        offsets = np.arange(total) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
        rows = order[np.repeat(starts[item], per_pair) + offsets]
        gaps = np.abs(np.repeat(figure[pairs], per_pair) - self.figure[rows])
        owner = np.repeat(np.arange(len(pairs)), per_pair)
        distances = np.bincount(
            owner, weights=gaps * weights[self.source[rows]], minlength=len(pairs)
        )
        return np.asarray(distances, dtype=np.float64)

    def mistakes(self, truths: Floats) -> tuple[dict[str, float], dict[str, int]]:
        """Each source's summed distance from `truths` over its item's spread, and its count."""
        spread = self.spreads()
        loss = np.abs(self.figure - truths[self.item]) / spread[self.item]
        losses = np.bincount(self.source, weights=loss, minlength=len(self.sources))
        counts = np.bincount(self.source, minlength=len(self.sources))
        return (
            dict(zip(self.sources, losses.tolist(), strict=True)),
            dict(zip(self.sources, counts.tolist(), strict=True)),
        )

    def spreads(self) -> Floats:
        """Each item's standard deviation of figures; 1 where it has one figure or all agree."""
        counts = np.bincount(self.item, minlength=len(self.items)).astype(np.float64)
        sums = np.bincount(self.item, weights=self.figure, minlength=len(self.items))
        mean = sums / np.maximum(counts, 1)
        squares = np.bincount(
            self.item, weights=(self.figure - mean[self.item]) ** 2, minlength=len(self.items)
        )
        deviation = np.sqrt(squares / np.maximum(counts, 1))
        return np.where((counts < 2) | (deviation == 0), 1.0, deviation)

    def weight_array(self, weights: Mapping[str, float]) -> Floats:
        """The weights of `sources`, in their order, as an array."""
        return self._votes.weight_array(weights)

    def values(self, truths: Floats) -> dict[Item, Value]:
        """Truths as the per-claim path gives them: each item's exact `Quantity`."""
        return {
            item: Quantity.exact(_plain(figure))
            for item, figure in zip(self.items, truths.tolist(), strict=True)
        }

    def ranges(
        self,
        truths: Floats,
        weights: Floats,
        *,
        measure: Measure = Measure.COUNT,
        ratio: float = 0.5,
        spreads: float = 3.0,
        share: float = 0.25,
        min_sources: int = 3,
    ) -> tuple[Floats, Floats]:
        """Each item's low and high: the lowest and highest figure that is not an outlier.

        The quantity strategies' rule, on single figures: with at least
        `min_sources` sources, a figure is an outlier when it lies far from
        its nearest neighbours (so from every other figure) and from the
        truth, and its source has at most `share` of the item's weight. For a
        count, far is more than `ratio` of the larger figure; for a
        measurement, more than `spreads` times the `typical_spread`. The
        truth is always in the range.
        """
        order = np.lexsort((self.figure, self.item))
        item, figure = self.item[order], self.figure[order]
        same_before = np.r_[False, item[1:] == item[:-1]]
        same_after = np.r_[item[:-1] == item[1:], False]
        typical = self.typical_spread() if measure is Measure.MEASUREMENT else 0.0

        def far(first: Floats, second: Floats) -> NDArray[np.bool_]:
            if measure is Measure.MEASUREMENT:
                return np.abs(first - second) > spreads * typical
            scale = ratio * np.maximum(np.maximum(np.abs(first), np.abs(second)), 1.0)
            return np.abs(first - second) > scale

        before = np.r_[np.inf, figure[:-1]]
        after = np.r_[figure[1:], np.inf]
        isolated = (~same_before | far(figure, before)) & (~same_after | far(figure, after))
        rows = np.bincount(item, minlength=len(self.items))
        total = np.bincount(self.item, weights=weights[self.source], minlength=len(self.items))
        light = weights[self.source[order]] <= share * total[item]
        outlier = isolated & light & far(figure, truths[item]) & (rows[item] >= min_sources)
        # When every figure of an item stands alone, none can be singled out.
        everyone = np.bincount(item, weights=outlier, minlength=len(self.items)) == rows
        outlier &= ~everyone[item]
        kept_low = np.where(outlier, np.inf, figure)
        kept_high = np.where(outlier, -np.inf, figure)
        starts = np.flatnonzero(np.r_[True, item[1:] != item[:-1]]) if len(item) else item
        low = np.full(len(self.items), np.inf)
        high = np.full(len(self.items), -np.inf)
        if len(item):
            low[item[starts]] = np.minimum.reduceat(kept_low, starts)
            high[item[starts]] = np.maximum.reduceat(kept_high, starts)
        return np.minimum(low, truths), np.maximum(high, truths)

    def typical_spread(self) -> float:
        """How far apart an item's figures usually lie, as a measurement's outliers are judged.

        The median over items of their `robust_spread`, items whose figures
        all agree left out (1 if none is left): what `Dataset.claimed_schemas`
        derives for a measurement, on the columns.
        """
        n = len(self.items)
        order = np.lexsort((self.figure, self.item))
        item, figure = self.item[order], self.figure[order]
        counts = np.bincount(item, minlength=n)
        deviation = np.abs(figure - _grouped_medians(item, figure, counts)[item])
        by_deviation = np.lexsort((deviation, item))
        mad = _grouped_medians(item[by_deviation], deviation[by_deviation], counts)
        mean = np.bincount(item, weights=deviation, minlength=n) / np.maximum(counts, 1)
        spread = np.where(mad > 0, 1.4826 * mad, mean)
        spread = spread[(counts >= 2) & (spread > 0)]
        return float(np.median(spread)) if len(spread) else 1.0


def _grouped_medians(item: Codes, values: Floats, counts: Codes) -> Floats:
    """The median of each item's values; `values` sorted by item, then by value within it."""
    starts = np.cumsum(counts) - counts
    low = starts + np.maximum(counts - 1, 0) // 2
    high = starts + counts // 2
    present = counts > 0
    medians = np.zeros(len(counts))
    medians[present] = (
        values[low[present]] + values[np.minimum(high, len(values) - 1)[present]]
    ) / 2
    return medians


def _plain(figure: float) -> float:
    """A whole figure as an int, so that it prints as 52 and equals `Quantity.exact(52)`."""
    return int(figure) if float(figure).is_integer() else figure


def _frame_items(
    frame: Any, *, item: str | Sequence[str], source: str, label: str
) -> tuple[Codes, tuple[Item, ...]]:
    """Check the frame's columns and code its items: one column, or (event, attribute)."""
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
    return np.asarray(item_codes, dtype=np.intp), items
