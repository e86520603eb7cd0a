"""The catalogue as typed, frozen objects: Catalogue, Theme, Measure and the Target family.

Pure data: no I/O, no parsing, no pint. Numbers are plain floats in the measure's
canonical unit: a measure in percent holds fractions of one (75% is ``0.75``), a count
measure holds counts. Loading and dumping live in :mod:`cspmeasures.catalogue`, the
target expression language in :mod:`cspmeasures.expressions`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar, Literal

import attrs

from cspmeasures.calc.profiles import DueAtEndProfile, EvenProfile, ExplicitProfile
from cspmeasures.calc.status import Condition, StatusRule, Tolerance
from cspmeasures.hints import did_you_mean
from cspmeasures.periods import Calendar, Frequency, Period
from cspmeasures.vocabulary import Polarity

__all__ = [
    "TARGET_KINDS",
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
    "JudgeOn",
    "JudgedTarget",
    "Measure",
    "MilestoneTarget",
    "NoTarget",
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

Profile = EvenProfile | DueAtEndProfile | ExplicitProfile
Operator = Literal[">=", ">", "<=", "<"]


class Aggregation(str, enum.Enum):
    """How a measure's figures add up over time."""

    POINT_IN_TIME = "point-in-time"  # each period's figure stands alone
    YEAR_TO_DATE = "year-to-date"  # figures are summed from the start of the year
    ROLLING_12_MONTHS = "rolling-12-months"  # the last twelve months' figures, summed


class JudgeOn(str, enum.Enum):
    """Whether the status is judged on the value as calculated or as displayed."""

    UNROUNDED = "unrounded"
    ROUNDED = "rounded"


# --- how a value is calculated -------------------------------------------------------


@attrs.frozen
class DirectValue:
    """The actuals give the value itself."""

    kind: ClassVar[str] = "value"


@attrs.frozen
class CountOf:
    """The actuals give a count: a whole number, never negative."""

    kind: ClassVar[str] = "count"


@attrs.frozen
class Ratio:
    """``numerator / denominator``: a proportion of a cohort (8 of 18 re-offended)."""

    numerator: str = "numerator"
    denominator: str = "denominator"
    kind: ClassVar[str] = "ratio"


@attrs.frozen
class RatePer:
    """``count per N population``: a crude rate (offences per 1,000 people)."""

    per: int
    count: str = "count"
    population: str = "population"
    kind: ClassVar[str] = "rate"


@attrs.frozen
class ReductionOf:
    """``reduction(before, during)``: (before - during) / before, a fraction.

    In actuals the *during* figure is the numerator and the *before* figure the
    denominator (43 offences before, 3 during: a 93.0% reduction).
    """

    before: str = "before"
    during: str = "during"
    kind: ClassVar[str] = "reduction"


Calculation = DirectValue | CountOf | Ratio | RatePer | ReductionOf


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
    """A change against a named baseline: ``10% reduction on 2016-17``, ``reduce``.

    ``by`` is None for any change in the direction; for ``relative`` it is a fraction of
    the baseline (0.10), for ``points`` a difference in the measure's unit (0.02 is two
    percentage points on a percent measure).
    """

    direction: Literal["reduce", "increase"]
    by: float | None = None
    change: Literal["relative", "points"] = "relative"
    baseline: str | None = None
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


# --- references ----------------------------------------------------------------------


@attrs.frozen
class Baseline:
    """A named earlier figure a target refers to (``2016-17``, ``dec-2015``).

    Either ``value`` is given, or ``period`` names the actuals period that holds it.
    """

    id: str
    label: str | None = None
    value: float | None = None
    period: str | None = None
    note: str | None = None


@attrs.frozen
class Comparator:
    """Another area's figure for the same measure (Kent's 88%), optionally with its interval."""

    id: str
    value: float
    name: str | None = None
    lower: float | None = None
    upper: float | None = None
    period: str | None = None
    source: str | None = None

    @property
    def display_name(self) -> str:
        return self.name or self.id


@attrs.frozen
class CountUnit:
    """A count unit declared by the catalogue (``assessment``: a child assessment)."""

    name: str
    description: str | None = None


# --- measures and the catalogue --------------------------------------------------------


@attrs.frozen
class Measure:
    """One line of a performance report: what is measured, how, and against what."""

    id: str
    title: str
    theme: str
    unit: str = ""
    polarity: Polarity = Polarity.NONE
    frequency: Frequency = Frequency.QUARTER
    aggregation: Aggregation = Aggregation.POINT_IN_TIME
    calculation: Calculation = attrs.field(factory=DirectValue)
    target: Target = attrs.field(factory=NoTarget)
    tolerance: Tolerance | None = None
    baselines: tuple[Baseline, ...] = ()
    comparators: tuple[Comparator, ...] = ()
    decimals: int | None = None
    data_lag: int = 0
    judge_on: JudgeOn | None = None
    status_rules: tuple[StatusRule, ...] = ()
    owner: str | None = None
    partners: tuple[str, ...] = ()
    description: str | None = None
    source: str | None = None
    notes: str | None = None

    @property
    def is_percent(self) -> bool:
        """True when values are percentages (stored as fractions of one)."""
        return self.unit == "percent"

    @property
    def display_decimals(self) -> int:
        """Decimals to show: as declared, else 1 for percentages and rates, 0 for counts."""
        if self.decimals is not None:
            return self.decimals
        if self.is_percent or isinstance(self.calculation, RatePer):
            return 1
        return 0

    def baseline(self, baseline_id: str) -> Baseline | None:
        """The baseline with this id, if declared."""
        for baseline in self.baselines:
            if baseline.id == baseline_id:
                return baseline
        return None

    def comparator(self, comparator_id: str) -> Comparator | None:
        """The comparator with this id, else the one with this name, if declared (ids are
        matched first, exactly: a name never hides an id)."""
        for comparator in self.comparators:
            if comparator.id == comparator_id:
                return comparator
        for comparator in self.comparators:
            if comparator.name == comparator_id:
                return comparator
        return None


@attrs.frozen
class Theme:
    """A heading of the plan: a priority and, under it, a theme (``Reducing Re-offending`` >
    ``Delivering Community Payback ...``)."""

    id: str
    title: str
    priority: str | None = None
    description: str | None = None


@attrs.frozen
class Catalogue:
    """A partnership's plan: its themes, measures and declared count units."""

    id: str
    title: str
    year: Period
    organisation: str | None = None
    calendar: Calendar = Calendar.UK_FINANCIAL_YEAR
    themes: tuple[Theme, ...] = ()
    measures: tuple[Measure, ...] = ()
    units: tuple[CountUnit, ...] = ()
    actuals: str | None = None
    #: the text encoding of a CSV actuals file that is not UTF-8 (``cp1252`` for Excel's CSV)
    actuals_encoding: str | None = None
    judge_on: JudgeOn = JudgeOn.UNROUNDED
    description: str | None = None

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id; a KeyError naming the closest id when there is none."""
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        hint = did_you_mean(measure_id, [m.id for m in self.measures])
        raise KeyError(f"no measure in {self.id} has the id {measure_id!r}{hint}")

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id; KeyError when there is none."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def judge_on_for(self, measure: Measure) -> JudgeOn:
        """The measure's own choice of rounded/unrounded judgement, else the catalogue's."""
        return measure.judge_on or self.judge_on
