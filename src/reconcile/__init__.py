"""reconcile: multi-source event reconciliation.

Load claims from many partisan, second-hand reports, read their hedged
figures and dates, and say what is known: which reports describe the same
event, a range and a best estimate for every disputed figure, and every
contradiction with the claims behind it.
"""

from reconcile._category import Category
from reconcile._claim import Claim, Evidence, Polarity
from reconcile._dataset import Dataset
from reconcile._errors import DatasetError, ParseError, Problem, ReconcileError, ValidationError
from reconcile._event import Event, EventMention
from reconcile._files import load
from reconcile._hedges import HedgePolicy, VagueTerm
from reconcile._jsonschema import dataset_schema
from reconcile._parse_quantity import parse_quantity
from reconcile._parse_timespan import parse_timespan
from reconcile._quantity import Hedge, Quantity
from reconcile._schema import AttributeSchema, ValueKind, standard_attributes
from reconcile._source import Source, SourceKind
from reconcile._timespan import Precision, TimeSpan

__version__ = "0.1.0.dev0"

__all__ = [
    "AttributeSchema",
    "Category",
    "Claim",
    "Dataset",
    "DatasetError",
    "Event",
    "EventMention",
    "Evidence",
    "Hedge",
    "HedgePolicy",
    "ParseError",
    "Polarity",
    "Precision",
    "Problem",
    "Quantity",
    "ReconcileError",
    "Source",
    "SourceKind",
    "TimeSpan",
    "VagueTerm",
    "ValidationError",
    "ValueKind",
    "dataset_schema",
    "load",
    "parse_quantity",
    "parse_timespan",
    "standard_attributes",
]
