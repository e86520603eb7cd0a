"""The observation and catalogue model: frozen attrs classes, checked on construction,
no I/O.

- :mod:`cspmeasures.model.catalogue`: Catalogue, Theme, Measure, calculations, baselines,
  comparators, count units;
- :mod:`cspmeasures.model.targets`: one class per target kind and the ``Target`` union;
- :mod:`cspmeasures.model.observations`: Observation and Actuals.

Nothing here imports the reading layer, the CLI or rendering.
"""

from cspmeasures.calc.status import Condition, StatusRule, Tolerance
from cspmeasures.model.catalogue import (
    Aggregation,
    Baseline,
    Calculation,
    Catalogue,
    Comparator,
    CountOf,
    CountUnit,
    DirectValue,
    JudgeOn,
    Measure,
    RatePer,
    Ratio,
    ReductionOf,
    Theme,
)
from cspmeasures.model.observations import (
    JUDGEMENTS,
    MAX_FIGURE,
    Actuals,
    Flag,
    MilestoneState,
    Observation,
)
from cspmeasures.model.targets import (
    TARGET_KINDS,
    AllOfTarget,
    AmountTarget,
    BenchmarkTarget,
    ChangeTarget,
    ComparatorTarget,
    JudgedTarget,
    MilestoneTarget,
    NoTarget,
    Operator,
    Profile,
    RangeTarget,
    Target,
    ThresholdTarget,
)

__all__ = [
    "JUDGEMENTS",
    "MAX_FIGURE",
    "TARGET_KINDS",
    "Actuals",
    "Aggregation",
    "AllOfTarget",
    "AmountTarget",
    "Baseline",
    "BenchmarkTarget",
    "Calculation",
    "Catalogue",
    "ChangeTarget",
    "Comparator",
    "ComparatorTarget",
    "Condition",
    "CountOf",
    "CountUnit",
    "DirectValue",
    "Flag",
    "JudgeOn",
    "JudgedTarget",
    "Measure",
    "MilestoneState",
    "MilestoneTarget",
    "NoTarget",
    "Observation",
    "Operator",
    "Profile",
    "RangeTarget",
    "RatePer",
    "Ratio",
    "ReductionOf",
    "StatusRule",
    "Target",
    "Theme",
    "ThresholdTarget",
    "Tolerance",
]
