"""Targets as typed, frozen objects: one class per target kind, and the Target union.

Pure data: no I/O, no parsing. Levels are plain floats in the measure's canonical unit
(75% is ``0.75``). Reading and writing them lives with each kind in :mod:`cspmeasures.kinds`
and the catalogue loader.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

import attrs

from cspmeasures.calc.profiles import DueAtEndProfile, EvenProfile, ExplicitProfile
from cspmeasures.calc.status import Condition, StatusRule, Tolerance
from cspmeasures.periods import Frequency

__all__ = [
    "TARGET_KINDS",
    "AllOfTarget",
    "AmountTarget",
    "BenchmarkTarget",
    "ChangeTarget",
    "ComparatorTarget",
    "Condition",
    "JudgedTarget",
    "MilestoneTarget",
    "NoTarget",
    "Operator",
    "Profile",
    "RangeTarget",
    "StatusRule",
    "Target",
    "ThresholdTarget",
    "Tolerance",
]

Profile = EvenProfile | DueAtEndProfile | ExplicitProfile
Operator = Literal[">=", ">", "<=", "<"]


# --- targets -------------------------------------------------------------------------


@attrs.frozen
class ThresholdTarget:
    """A level to reach or stay under: ``>= 75%``, ``< 20%``, ``at most 50%``."""

    op: Operator
    value: float
    kind: ClassVar[str] = "threshold"


@attrs.frozen
class RangeTarget:
    """A band in which the value is best: ``between 40% and 60%`` (in-range polarity)."""

    low: float
    high: float
    kind: ClassVar[str] = "range"


@attrs.frozen
class AmountTarget:
    """An amount over a period with a profile: ``840 assessments per year``.

    A cadence (``1 operation per quarter``) is an amount per period shorter than the year.
    """

    amount: float
    per: Frequency
    profile: Profile = attrs.field(factory=EvenProfile)
    kind: ClassVar[str] = "amount"


@attrs.frozen
class ChangeTarget:
    """A change against a named baseline: ``10% reduction on 2016-17``, ``reduce``,
    ``10% reduction on same period last year``, ``reduce on 2012-13 pro-rata``.

    ``by`` is None for any change in the direction; for ``relative`` it is a fraction of
    the baseline (0.10), for ``points`` a difference in the measure's unit (0.02 is two
    percentage points on a percent measure).
    """

    direction: Literal["reduce", "increase"]
    by: float | None = None
    change: Literal["relative", "points"] = "relative"
    #: a declared baseline's id, or a comparison basis: ``same-period-last-year``,
    #: ``previous-period``
    baseline: str | None = None
    #: the baseline, a year's figure, is scaled to the part of the year the value covers
    pro_rata: bool = False
    kind: ClassVar[str] = "change"


@attrs.frozen
class ComparatorTarget:
    """A comparison with another area: ``better than Kent``."""

    relation: Literal["better-than", "no-worse-than", "similar-to"]
    comparator: str
    kind: ClassVar[str] = "comparator"


@attrs.frozen
class BenchmarkTarget:
    """A comparison with a named baseline of the same measure: ``benchmark dec-2015``."""

    baseline: str
    kind: ClassVar[str] = "benchmark"


@attrs.frozen
class MilestoneTarget:
    """Something to be done, with an optional due date: ``New services in place by 2018-04-01``."""

    description: str
    due: dt.date | None = None
    kind: ClassVar[str] = "milestone"


@attrs.frozen
class JudgedTarget:
    """A qualitative aim: the partnership records a judgement and its evidence."""

    description: str
    kind: ClassVar[str] = "judged"


@attrs.frozen
class AllOfTarget:
    """Every part must be achieved: ``complete self-assessment and 75% implementation``."""

    parts: tuple[Target, ...]
    kind: ClassVar[str] = "all-of"


@attrs.frozen
class NoTarget:
    """No target: the measure is a context figure to monitor."""

    kind: ClassVar[str] = "none"


Target = (
    ThresholdTarget
    | RangeTarget
    | AmountTarget
    | ChangeTarget
    | ComparatorTarget
    | BenchmarkTarget
    | MilestoneTarget
    | JudgedTarget
    | AllOfTarget
    | NoTarget
)

TARGET_KINDS: tuple[type, ...] = (
    ThresholdTarget,
    RangeTarget,
    AmountTarget,
    ChangeTarget,
    ComparatorTarget,
    BenchmarkTarget,
    MilestoneTarget,
    JudgedTarget,
    AllOfTarget,
    NoTarget,
)
