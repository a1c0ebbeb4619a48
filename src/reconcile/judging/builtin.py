"""The strategies that ship with `reconcile`, registered under their names."""

from __future__ import annotations

from reconcile.judging.strategies.category import HierarchicalVote, WeightedVote
from reconcile.judging.strategies.quantity import (
    Conservative,
    IntervalConsensus,
    UcdpRange,
    WeightedMedian,
)
from reconcile.judging.strategies.timespan import Intersection
from reconcile.judging.strategy import Strategy

BUILTIN_STRATEGIES: tuple[Strategy, ...] = (
    IntervalConsensus(),
    WeightedMedian(),
    Conservative(),
    UcdpRange(),
    WeightedVote(),
    HierarchicalVote(),
    Intersection(),
)
