"""reconcile: multi-source event reconciliation.

Load claims from many partisan, second-hand reports, read their hedged
figures and dates, and say what is known: which reports describe the same
event, a range and a best estimate for every disputed figure, and every
contradiction with the claims behind it.
"""

from reconcile._category import Category
from reconcile._category_strategies import HierarchicalVote, WeightedVote
from reconcile._claim import Claim, Evidence, Polarity
from reconcile._cluster import Clusterer, EventCluster, Link, MentionClusterer
from reconcile._copying import CopyDetector, CopyingPair
from reconcile._dataset import Dataset
from reconcile._errors import (
    DatasetError,
    ParseError,
    Problem,
    ReconcileError,
    UsageError,
    ValidationError,
)
from reconcile._event import Event, EventMention
from reconcile._files import load
from reconcile._finding import Contradiction, ContradictionKind, Finding, Status
from reconcile._group import ClaimGroup, Testimony
from reconcile._hedges import HedgePolicy, VagueTerm
from reconcile._jsonschema import dataset_schema, output_schema
from reconcile._parse_quantity import parse_quantity
from reconcile._parse_timespan import parse_timespan
from reconcile._quantity import Hedge, Quantity
from reconcile._quantity_strategies import (
    Conservative,
    IntervalConsensus,
    UcdpRange,
    WeightedMedian,
)
from reconcile._reconciliation import Reconciliation, reconcile
from reconcile._reliability import CATD, CRH, NotFittedError, OneCoin
from reconcile._render import render_html, render_json, render_markdown, render_text
from reconcile._schema import AttributeSchema, ValueKind, standard_attributes
from reconcile._source import Source, SourceKind
from reconcile._strategy import (
    Conditional,
    Fallback,
    FunctionStrategy,
    Strategy,
    UnknownStrategyError,
    available,
    get,
    register,
    strategy,
)
from reconcile._taxonomy import Taxonomy
from reconcile._timespan import Precision, TimeSpan
from reconcile._timespan_strategies import Intersection

__version__ = "0.1.0.dev0"

__all__ = [
    "AttributeSchema",
    "CATD",
    "CRH",
    "Category",
    "Claim",
    "ClaimGroup",
    "Clusterer",
    "Conditional",
    "Conservative",
    "Contradiction",
    "ContradictionKind",
    "CopyDetector",
    "CopyingPair",
    "Dataset",
    "DatasetError",
    "Event",
    "EventCluster",
    "EventMention",
    "Evidence",
    "Fallback",
    "Finding",
    "FunctionStrategy",
    "Hedge",
    "HedgePolicy",
    "HierarchicalVote",
    "Intersection",
    "IntervalConsensus",
    "Link",
    "MentionClusterer",
    "NotFittedError",
    "OneCoin",
    "ParseError",
    "Polarity",
    "Precision",
    "Problem",
    "Quantity",
    "ReconcileError",
    "Reconciliation",
    "Source",
    "SourceKind",
    "Status",
    "Strategy",
    "Taxonomy",
    "Testimony",
    "TimeSpan",
    "UcdpRange",
    "UnknownStrategyError",
    "UsageError",
    "VagueTerm",
    "ValidationError",
    "ValueKind",
    "WeightedMedian",
    "WeightedVote",
    "available",
    "dataset_schema",
    "get",
    "load",
    "output_schema",
    "parse_quantity",
    "parse_timespan",
    "reconcile",
    "register",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "standard_attributes",
    "strategy",
]
