"""The catalogue as typed, frozen objects: Catalogue, Theme, Measure, its calculation,
baselines and comparators.

Pure data: no I/O, no parsing, no pint. Numbers are plain floats in the measure's
canonical unit: a measure in percent holds fractions of one (75% is ``0.75``), a count
measure holds counts. Loading and dumping live in :mod:`cspmeasures.catalogue`.
"""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from cspmeasures.calc.status import StatusRule, Tolerance
from cspmeasures.hints import did_you_mean
from cspmeasures.model.targets import NoTarget, Target
from cspmeasures.periods import Calendar, Frequency, Period
from cspmeasures.vocabulary import Polarity

__all__ = [
    "Aggregation",
    "Baseline",
    "Calculation",
    "Catalogue",
    "Comparator",
    "CountOf",
    "CountUnit",
    "DirectValue",
    "JudgeOn",
    "Measure",
    "RatePer",
    "Ratio",
    "ReductionOf",
    "Theme",
]


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


# --- references ----------------------------------------------------------------------


@attrs.frozen
class Baseline:
    """A named earlier figure a target refers to (``2016-17``, ``dec-2015``).

    ``value`` gives the figure, or ``period`` names the actuals period that holds it; with
    both, the value is the figure for that period (which says the span of time it covers).
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
