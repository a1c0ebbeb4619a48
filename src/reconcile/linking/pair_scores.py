"""The cannot-links and scores of the columnar kernel's candidate pairs, as array expressions.

`_Run` holds a run's columns and what it has worked out of them: each
distinct pair of label sets is scored once (`rapidfuzz.process.cpdist`
through `pair_similarities`), each distinct pair of place names compared
once; the scores are rounded exactly as `MentionClusterer` rounds them
(`_rounded`), so that the same pairs reach the threshold.

Importing this module imports NumPy.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TypeVar

import attrs
import numpy as np

from reconcile.linking.cluster import MentionClusterer, plain_sum
from reconcile.linking.labels import UNKNOWN, pair_similarities
from reconcile.linking.node_columns import Flags, Floats, Ints, _Columns
from reconcile.linking.nodes import DAY

_Figure = TypeVar("_Figure", bool, float)

_ROUNDING_SLACK = 1e-6
"""Scores this far below the threshold are rounded exactly too: `round(score, 6)` may lift them."""


def _gap_days(start_a: Floats, end_a: Floats, start_b: Floats, end_b: Floats) -> Floats:
    """`_gap_days` for arrays of spans (NaN where a span is missing)."""
    return np.maximum(np.maximum(0.0, start_b - end_a), start_a - end_b) / DAY


@attrs.define
class _Run:
    """One clustering: the columns, and what is worked out once per distinct text pair."""

    clusterer: MentionClusterer
    columns: _Columns
    place_allowed: dict[tuple[int, int], bool] = attrs.field(factory=dict)
    place_similarity: dict[tuple[int, int], float] = attrs.field(factory=dict)
    label_similarity: dict[int, float] = attrs.field(factory=dict)
    """The `label_similarity` of each pair of label sets met, by its code (`label_scores`)."""

    def reaching(self, first: Ints, second: Ints) -> tuple[Ints, Ints, Floats]:
        """The pairs that may link and whose rounded score reaches the threshold, with that score.

        The first of each pair has the smaller index, hence the smaller key.
        Rounded here, chunk by chunk, so that each process rounds its own share.
        """
        keep = self.compatible(first, second)
        first, second = first[keep], second[keep]
        scores = self.scores(first, second)
        threshold = self.clusterer.threshold
        near = scores >= threshold - _ROUNDING_SLACK
        first, second = first[near], second[near]
        rounded = _rounded(scores[near])
        reach = rounded >= threshold
        return first[reach], second[reach], rounded[reach]

    def may_be_one(self, first: Ints, second: Ints) -> Flags:
        """`MentionClusterer._may_be_one` for every pair: their places and kinds allow one event."""
        kind_a, kind_b = self.columns.kind[first], self.columns.kind[second]
        kinds = (kind_a < 0) | (kind_b < 0) | (kind_a == kind_b)
        allowed = self._by_place_pair(
            first, second, self.place_allowed, self.clusterer._same_place_possible
        )
        alike: Flags = kinds & ((allowed != 0) | np.isnan(allowed))
        return alike

    def compatible(self, first: Ints, second: Ints) -> Flags:
        """`MentionClusterer._compatible` for every pair at once."""
        c, s = self.columns, self.clusterer
        event_a, event_b = c.event[first], c.event[second]
        keep = ~((event_a >= 0) & (event_b >= 0) & (event_a != event_b))
        both_dated = c.dated[first] & c.dated[second]
        gap = _gap_days(c.start[first], c.end[first], c.start[second], c.end[second])
        keep &= ~(both_dated & (gap > s.tolerance_days))
        tolerance = s.tolerance_days * DAY
        for early, late in ((first, second), (second, first)):
            # `_reported_before`: every claim of one was out before the other's event began.
            keep &= ~(
                c.reported[early]
                & c.dated[late]
                & (c.start[late] > c.last_report[early] + tolerance)
            )
            if s.undated_window_days is not None:
                # `_beyond_window`: the other began, or was first reported, long before.
                earliest = c.first_report[early] - s.undated_window_days * DAY
                keep &= ~(
                    ~c.dated[early]
                    & c.reported[early]
                    & ~np.isnan(c.moment[late])
                    & (c.moment[late] < earliest)
                )
        allowed = self._by_place_pair(first, second, self.place_allowed, s._same_place_possible)
        possible: Flags = (allowed != 0) | np.isnan(allowed)
        compatible: Flags = keep & possible
        return compatible

    def _by_place_pair(
        self,
        first: Ints,
        second: Ints,
        cache: dict[tuple[int, int], _Figure],
        work_out: Callable[[str, str], _Figure],
    ) -> Floats:
        """`work_out` of the places of each pair, once per distinct pair (NaN: a place unsaid)."""
        c = self.columns
        place_a, place_b = c.place[first], c.place[second]
        both = (place_a >= 0) & (place_b >= 0)
        result = np.full(len(first), np.nan)
        width = max(len(c.places), 1)
        codes, inverse = distinct_pairs(place_a[both], place_b[both], width)
        figures = []
        for code in codes.tolist():
            pair = divmod(code, width)
            if pair not in cache:
                cache[pair] = work_out(c.places[pair[0]], c.places[pair[1]])
            figures.append(float(cache[pair]))
        if figures:
            result[both] = np.array(figures)[inverse]
        return result

    def scores(self, first: Ints, second: Ints) -> Floats:
        """`MentionClusterer._link`'s score for every pair, before rounding.

        The parts are added in `_link`'s order, one addition at a time, so
        that the figures agree to the last bit.
        """
        c, s = self.columns, self.clusterer
        unknown = s.unknown_score
        label = self.label_scores(first, second)
        time = _time_scores(c, s, first, second)
        place = self._by_place_pair(first, second, self.place_similarity, s._comparer.similarity)
        place = np.where(np.isnan(place), unknown, place)
        kind_a, kind_b = c.kind[first], c.kind[second]
        kind = np.where(
            (kind_a >= 0) & (kind_b >= 0), (kind_a == kind_b).astype(np.float64), unknown
        )
        document = np.where(c.share_a_document(first, second), 1.0, unknown)
        parts = [
            (s.label_weight, label),
            (s.time_weight, time),
            (s.place_weight, place),
            (s.kind_weight, kind),
            (s.document_weight, document),
        ]
        total = plain_sum(weight for weight, _ in parts)
        score = plain_sum(weight * values for weight, values in parts) / total
        # A mention with no time, place or kind has only its words to go by.
        bare = (c.bare[first] | c.bare[second]) & (label < s.bare_label_threshold)
        return np.where(bare, 0.0, score)

    def label_scores(self, first: Ints, second: Ints) -> Floats:
        """`label_similarity` of each pair's label sets, worked out once per distinct pair.

        The pairs of sets not met before are scored together (`_set_similarities`):
        there are far fewer distinct pairs of labels than pairs, and rapidfuzz
        scores them in one call.
        """
        c = self.columns
        width = max(len(c.label_sets), 1)
        codes, inverse = distinct_pairs(c.label_set[first], c.label_set[second], width)
        known = self.label_similarity
        listed = codes.tolist()
        new = [code for code in listed if code not in known]
        if new:
            known.update(zip(new, _set_similarities(c.label_sets, new, width), strict=True))
        scores = np.fromiter(map(known.__getitem__, listed), np.float64, len(listed))
        by_pair: Floats = scores[inverse]
        return by_pair


def _set_similarities(
    label_sets: Sequence[tuple[str, ...]], codes: Sequence[int], width: int
) -> list[float]:
    """`label_similarity` of each pair of label sets coded as ``first * width + second``.

    The best over the pairs of their labels (`pair_similarities`), as
    `label_similarity` takes it; `UNKNOWN` for a set without labels.
    """
    firsts: list[str] = []
    seconds: list[str] = []
    owners: list[int] = []
    for owner, code in enumerate(codes):
        left, right = label_sets[code // width], label_sets[code % width]
        for label in left:
            firsts += itertools.repeat(label, len(right))
            seconds += right
        owners += itertools.repeat(owner, len(left) * len(right))
    best: list[float | None] = [None] * len(codes)
    for owner, figure in zip(owners, pair_similarities(firsts, seconds), strict=True):
        held = best[owner]
        if held is None or figure > held:
            best[owner] = figure
    return [UNKNOWN if figure is None else figure for figure in best]


DENSE_PAIRS = 1 << 20
"""Up to how many possible pairs of the values a chunk uses `distinct_pairs` marks in a table."""


def distinct_pairs(first: Ints, second: Ints, width: int) -> tuple[Ints, Ints]:
    """``np.unique(first * width + second, return_inverse=True)``, flat: each distinct pair once.

    The distinct codes, ascending, and the position of each pair's code among
    them. Where the pairs of the values the chunk uses fit in a table of
    `DENSE_PAIRS`, each pair marks its cell instead of being sorted. Places are
    few (25 at 10^6 simulated claims, where sorting each chunk's pairs of
    places three times took a third of scoring it): they always fit. Label sets
    fit only where a chunk uses at most 1,024 of them (about 2,000 of 4,874 at
    10^6): the others are sorted. The values are renumbered in their order
    first, so the table's cells lie in the codes' order.
    """
    if not len(first):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if width <= 4 * len(first) + 1024:  # else marking the values used costs more than the pairs
        used = np.zeros(width, np.bool_)
        used[first] = True
        used[second] = True
        values = np.flatnonzero(used)
        count = len(values)
        if count * count <= DENSE_PAIRS:
            rank = np.cumsum(used) - 1
            cells = rank[first] * count + rank[second]
            marked = np.zeros(count * count, np.bool_)
            marked[cells] = True
            present = np.flatnonzero(marked)
            position: Ints = (np.cumsum(marked) - 1)[cells]
            codes: Ints = values[present // count] * width + values[present % count]
            return codes, position
    codes, inverse = np.unique(first * width + second, return_inverse=True)
    return codes, inverse.reshape(-1)


def _time_scores(c: _Columns, s: MentionClusterer, first: Ints, second: Ints) -> Floats:
    """`MentionClusterer._time_part`'s figure for every pair."""
    start_a, end_a, start_b, end_b = c.start[first], c.end[first], c.start[second], c.end[second]
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = _gap_days(start_a, end_a, start_b, end_b)
        apart = np.maximum(0.0, 1 - gap / max(s.tolerance_days, 1e-9))
        a_longer = end_a - start_a >= end_b - start_b
        single = np.where(a_longer, c.single_unit[first], c.single_unit[second])
        common = np.minimum(end_a, end_b) - np.maximum(start_a, start_b)
        union = np.maximum(end_a, end_b) - np.minimum(start_a, start_b)
        overlap = np.where(single, 1.0, common / union)
        both = np.where(gap > 0, apart, overlap)
        lag = _reporting_lag(c, s, first, second)
    return np.where(c.dated[first] & c.dated[second], both, lag)


def _reporting_lag(c: _Columns, s: MentionClusterer, first: Ints, second: Ints) -> Floats:
    """`MentionClusterer._reporting_lag` for every pair (read only where one is undated)."""
    unknown, recent = s.unknown_score, s.recent_days
    first_dated = c.dated[first]
    dated = np.where(first_dated, first, second)
    undated = np.where(first_dated, second, first)
    # Two undated nodes: `_reporting_gap` on their reports.
    gap = _gap_days(
        c.first_report[dated], c.last_report[dated], c.first_report[undated], c.last_report[undated]
    )
    apart = np.where(gap <= recent, unknown, unknown * recent / gap)
    lag = (c.first_report[undated] - c.start[dated]) / DAY
    after = np.where(lag > recent, unknown * recent / lag, 1 - lag / (2 * recent))
    after = np.where(lag < 0, unknown, after)
    neither = ~c.dated[dated]
    result = np.where(c.reported[undated], after, unknown)
    return np.where(
        neither, np.where(c.reported[dated] & c.reported[undated], apart, unknown), result
    )


def _rounded(scores: Floats) -> Floats:
    """`round(score, 6)` of each score, exactly as Python rounds it.

    NumPy scales, rounds to an integer and scales back: the integer is
    Python's (which rounds the exact decimal value) unless the scaled score
    lies within a hair of a half, where the scaling's own rounding may tip
    it, and dividing that integer by a million gives the float nearest the
    decimal, as Python does. The few scores near a half are rounded by Python.
    """
    scaled = scores * 1e6
    rounded: Floats = np.rint(scaled) / 1e6
    doubtful = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    rounded[doubtful] = [round(score, 6) for score in scores[doubtful].tolist()]
    return rounded
