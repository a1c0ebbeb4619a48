"""The strategies that ship with `reconcile`, registered under their names."""

from __future__ import annotations

from reconcile._category_strategies import HierarchicalVote, WeightedVote
from reconcile._quantity_strategies import (
    Conservative,
    IntervalConsensus,
    UcdpRange,
    WeightedMedian,
)
from reconcile._strategy import Strategy
from reconcile._timespan_strategies import Intersection

BUILTIN_STRATEGIES: tuple[Strategy, ...] = (
    IntervalConsensus(),
    WeightedMedian(),
    Conservative(),
    UcdpRange(),
    WeightedVote(),
    HierarchicalVote(),
    Intersection(),
)
