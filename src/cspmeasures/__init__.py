"""cspmeasures: declarative, typed performance measures for Community Safety Partnerships.

Load a catalogue (``load_catalogue``), its actuals (``load_actuals``, or from records and
SQL: ``load_actuals_records``, ``load_actuals_sql``) and evaluate them (``evaluate``);
calculations live in :mod:`cspmeasures.calc`.
"""

from cspmeasures.actuals import (
    Actuals,
    Flag,
    MilestoneState,
    Observation,
    load_actuals,
    loads_actuals,
)
from cspmeasures.catalogue import dump_catalogue, load_catalogue, loads_catalogue
from cspmeasures.errors import (
    ActualsError,
    CalculationError,
    CatalogueError,
    CspMeasuresError,
    PeriodError,
    Problem,
)
from cspmeasures.evaluate import Evaluation, Report, evaluate
from cspmeasures.model import (
    Aggregation,
    AllOfTarget,
    AmountTarget,
    Baseline,
    BenchmarkTarget,
    Catalogue,
    ChangeTarget,
    Comparator,
    ComparatorTarget,
    JudgedTarget,
    Measure,
    MilestoneTarget,
    NoTarget,
    RangeTarget,
    Target,
    Theme,
    ThresholdTarget,
)
from cspmeasures.periods import Calendar, Frequency, Period, parse_period
from cspmeasures.records import load_actuals_records
from cspmeasures.render import render_report
from cspmeasures.schema import catalogue_schema
from cspmeasures.sql import load_actuals_sql
from cspmeasures.vocabulary import RAG, Polarity, Status

__version__ = "0.1.0"

__all__ = [
    "RAG",
    "Actuals",
    "ActualsError",
    "Aggregation",
    "AllOfTarget",
    "AmountTarget",
    "Baseline",
    "BenchmarkTarget",
    "CalculationError",
    "Calendar",
    "Catalogue",
    "CatalogueError",
    "ChangeTarget",
    "Comparator",
    "ComparatorTarget",
    "CspMeasuresError",
    "Evaluation",
    "Flag",
    "Frequency",
    "JudgedTarget",
    "Measure",
    "MilestoneState",
    "MilestoneTarget",
    "NoTarget",
    "Observation",
    "Period",
    "PeriodError",
    "Polarity",
    "Problem",
    "RangeTarget",
    "Report",
    "Status",
    "Target",
    "Theme",
    "ThresholdTarget",
    "__version__",
    "catalogue_schema",
    "dump_catalogue",
    "evaluate",
    "load_actuals",
    "load_actuals_records",
    "load_actuals_sql",
    "load_catalogue",
    "loads_actuals",
    "loads_catalogue",
    "parse_period",
    "render_report",
]
