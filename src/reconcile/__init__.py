"""reconcile: multi-source event reconciliation.

Load claims from many partisan, second-hand reports, read their hedged
figures and dates, and say what is known: which reports describe the same
event, a range and a best estimate for every disputed figure, and every
contradiction with the claims behind it.
"""

from reconcile.distributed import DaskClusterer
from reconcile.errors import (
    DatasetError,
    ParseError,
    Problem,
    ReconcileError,
    UsageError,
    ValidationError,
)
from reconcile.extraction.attribution import SourceResolver
from reconcile.extraction.document import DocumentError
from reconcile.extraction.extractor import (
    Document,
    Extraction,
    Extractor,
    available_extractors,
    get_extractor,
    register_extractor,
)
from reconcile.extraction.lexicon import Lexicon
from reconcile.extraction.rules import RuleExtractor
from reconcile.extraction.run import extract, extract_files, merge_datasets
from reconcile.io.diff import Diff, diff
from reconcile.io.exports import Export, export
from reconcile.io.files import load, load_frame
from reconcile.io.jsonschema import dataset_schema, output_schema
from reconcile.io.result_tables import result_frames, result_tables, write_result_tables
from reconcile.judging.finding import (
    BeyondRange,
    Contradiction,
    ContradictionKind,
    Finding,
    Status,
)
from reconcile.judging.group import ClaimGroup, Testimony
from reconcile.judging.judge import judge
from reconcile.judging.policies import Acled, Airwars, CodebookPolicy, Coding, Ibc, Ucdp
from reconcile.judging.registry import UnknownStrategyError, available, get, register
from reconcile.judging.strategies.category import HierarchicalVote, WeightedVote
from reconcile.judging.strategies.quantity import (
    Conservative,
    IntervalConsensus,
    UcdpRange,
    WeightedMedian,
)
from reconcile.judging.strategies.timespan import Intersection
from reconcile.judging.strategy import Conditional, Fallback, FunctionStrategy, Strategy, strategy
from reconcile.linking.cluster import Clusterer, EventCluster, Link, MentionClusterer
from reconcile.linking.declared import DeclaredEvents
from reconcile.linking.engine import ColumnarClusterer
from reconcile.model.claim import Candidate, Claim, Evidence, Interest, Polarity
from reconcile.model.dataset import Dataset
from reconcile.model.event import Event, EventMention
from reconcile.model.gazetteer import Gazetteer, Place
from reconcile.model.schema import AttributeSchema, ValueKind, standard_attributes
from reconcile.model.source import Source, SourceKind
from reconcile.model.taxonomy import Taxonomy
from reconcile.pipeline import Reconciliation, reconcile
from reconcile.reliability.auto import AutoReliability
from reconcile.reliability.copying import CopyDetector, CopyingPair
from reconcile.reliability.gtm import GTM
from reconcile.reliability.models import CATD, CRH, OneCoin
from reconcile.reliability.observations import NotFittedError
from reconcile.report.render import render_html, render_json, render_markdown, render_text
from reconcile.updating import update
from reconcile.validators import attribute_id, item_id
from reconcile.values.category import Category
from reconcile.values.hedges import HedgePolicy, VagueTerm
from reconcile.values.parse_quantity import QuantityReading, parse_quantity, read_quantity
from reconcile.values.parse_timespan import parse_timespan
from reconcile.values.quantity import Hedge, Measure, Quantity
from reconcile.values.timespan import Precision, TimeSpan

__version__ = "0.1.0.dev0"

__all__ = [
    "Acled",
    "Airwars",
    "AttributeSchema",
    "AutoReliability",
    "BeyondRange",
    "CATD",
    "CRH",
    "Candidate",
    "Category",
    "Claim",
    "ClaimGroup",
    "Clusterer",
    "CodebookPolicy",
    "Coding",
    "ColumnarClusterer",
    "Conditional",
    "Conservative",
    "Contradiction",
    "ContradictionKind",
    "CopyDetector",
    "CopyingPair",
    "DaskClusterer",
    "Dataset",
    "DatasetError",
    "DeclaredEvents",
    "Diff",
    "Document",
    "DocumentError",
    "Event",
    "EventCluster",
    "EventMention",
    "Evidence",
    "Export",
    "Extraction",
    "Extractor",
    "Fallback",
    "Finding",
    "FunctionStrategy",
    "GTM",
    "Gazetteer",
    "Hedge",
    "HedgePolicy",
    "HierarchicalVote",
    "Ibc",
    "Interest",
    "Intersection",
    "IntervalConsensus",
    "Lexicon",
    "Link",
    "Measure",
    "MentionClusterer",
    "NotFittedError",
    "OneCoin",
    "ParseError",
    "Place",
    "Polarity",
    "Precision",
    "Problem",
    "Quantity",
    "QuantityReading",
    "ReconcileError",
    "Reconciliation",
    "RuleExtractor",
    "Source",
    "SourceKind",
    "SourceResolver",
    "Status",
    "Strategy",
    "Taxonomy",
    "Testimony",
    "TimeSpan",
    "Ucdp",
    "UcdpRange",
    "UnknownStrategyError",
    "UsageError",
    "VagueTerm",
    "ValidationError",
    "ValueKind",
    "WeightedMedian",
    "WeightedVote",
    "attribute_id",
    "available",
    "available_extractors",
    "dataset_schema",
    "diff",
    "export",
    "extract",
    "extract_files",
    "get",
    "get_extractor",
    "item_id",
    "judge",
    "load",
    "load_frame",
    "merge_datasets",
    "output_schema",
    "parse_quantity",
    "parse_timespan",
    "read_quantity",
    "reconcile",
    "register",
    "register_extractor",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "result_frames",
    "result_tables",
    "standard_attributes",
    "strategy",
    "update",
    "write_result_tables",
]
