"""cspmeasures: declarative, typed performance measures for Community Safety Partnerships.

Load a catalogue (``load_catalogue``), its actuals (``load_actuals``, or from records and
SQL: ``load_actuals_records``, ``load_actuals_sql``) and evaluate them (``evaluate``);
calculations live in :mod:`cspmeasures.calc`.

The names here are imported from their modules when first used (module ``__getattr__``),
so that importing the package, and ``cspmeasures --version``, load neither pint nor PyYAML
nor tabulate.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cspmeasures.actuals import load_actuals, loads_actuals
    from cspmeasures.catalogue import dump_catalogue, load_catalogue, loads_catalogue
    from cspmeasures.engine import evaluate
    from cspmeasures.errors import (
        ActualsError,
        CalculationError,
        CatalogueError,
        CspMeasuresError,
        PeriodError,
        Problem,
    )
    from cspmeasures.model import (
        Actuals,
        Aggregation,
        AllOfTarget,
        AmountTarget,
        Baseline,
        BenchmarkTarget,
        Catalogue,
        ChangeTarget,
        Comparator,
        ComparatorTarget,
        Flag,
        JudgedTarget,
        Measure,
        MilestoneState,
        MilestoneTarget,
        NoTarget,
        Observation,
        RangeTarget,
        Target,
        Theme,
        ThresholdTarget,
    )
    from cspmeasures.periods import Calendar, Frequency, Period, parse_period
    from cspmeasures.records import load_actuals_records
    from cspmeasures.render import render_report
    from cspmeasures.results import Evaluation, Report
    from cspmeasures.schema import catalogue_schema
    from cspmeasures.sql import load_actuals_sql
    from cspmeasures.vocabulary import RAG, Polarity, Status

__version__ = "0.1.0"

#: each public name and the module it is imported from
_MODULES = {
    "Actuals": "cspmeasures.model",
    "Flag": "cspmeasures.model",
    "MilestoneState": "cspmeasures.model",
    "Observation": "cspmeasures.model",
    "load_actuals": "cspmeasures.actuals",
    "loads_actuals": "cspmeasures.actuals",
    "dump_catalogue": "cspmeasures.catalogue",
    "load_catalogue": "cspmeasures.catalogue",
    "loads_catalogue": "cspmeasures.catalogue",
    "ActualsError": "cspmeasures.errors",
    "CalculationError": "cspmeasures.errors",
    "CatalogueError": "cspmeasures.errors",
    "CspMeasuresError": "cspmeasures.errors",
    "PeriodError": "cspmeasures.errors",
    "Problem": "cspmeasures.errors",
    "Evaluation": "cspmeasures.results",
    "Report": "cspmeasures.results",
    "evaluate": "cspmeasures.engine",
    "Aggregation": "cspmeasures.model",
    "AllOfTarget": "cspmeasures.model",
    "AmountTarget": "cspmeasures.model",
    "Baseline": "cspmeasures.model",
    "BenchmarkTarget": "cspmeasures.model",
    "Catalogue": "cspmeasures.model",
    "ChangeTarget": "cspmeasures.model",
    "Comparator": "cspmeasures.model",
    "ComparatorTarget": "cspmeasures.model",
    "JudgedTarget": "cspmeasures.model",
    "Measure": "cspmeasures.model",
    "MilestoneTarget": "cspmeasures.model",
    "NoTarget": "cspmeasures.model",
    "RangeTarget": "cspmeasures.model",
    "Target": "cspmeasures.model",
    "Theme": "cspmeasures.model",
    "ThresholdTarget": "cspmeasures.model",
    "Calendar": "cspmeasures.periods",
    "Frequency": "cspmeasures.periods",
    "Period": "cspmeasures.periods",
    "parse_period": "cspmeasures.periods",
    "load_actuals_records": "cspmeasures.records",
    "render_report": "cspmeasures.render",
    "catalogue_schema": "cspmeasures.schema",
    "load_actuals_sql": "cspmeasures.sql",
    "Polarity": "cspmeasures.vocabulary",
    "RAG": "cspmeasures.vocabulary",
    "Status": "cspmeasures.vocabulary",
}


def __getattr__(name: str) -> Any:
    """The public ``name``, imported from its module on first use and kept."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'cspmeasures' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})


class _Package(types.ModuleType):
    """The package, whose public ``evaluate`` stays the function when its module is imported.

    Importing a submodule binds it on the package under its own name; for a submodule that
    shares its name with a public name it provides (``cspmeasures.evaluate``), the binding
    is left out, so that ``cspmeasures.evaluate`` stays the function, as the public name.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and name in _MODULES and value.__name__ == f"cspmeasures.{name}":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


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
