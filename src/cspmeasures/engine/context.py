"""What judging one measure reads, and how its words show numbers.

A :class:`Context` answers the questions a target's kind asks while it judges (the
period's figure, a baseline's value, the latest recorded state) and shows values as a
report prints them. Two contexts answer them: :class:`cspmeasures.engine.measure.RowsContext`
from the actuals, when a measure is evaluated, and
:class:`cspmeasures.engine.words.FactsContext` from the :class:`~cspmeasures.engine.facts.Facts`
that evaluation recorded, when its words are written. The kinds and the judgement
(:mod:`cspmeasures.engine.judge`) cannot tell them apart, so the words always agree with
the status.
"""

from __future__ import annotations

import abc
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Literal

import attrs

from cspmeasures.calc.changes import reduction
from cspmeasures.calc.rates import Estimate, rate
from cspmeasures.calc.rounding import MAX_DECIMALS, format_number, format_percent
from cspmeasures.calc.status import Judgement
from cspmeasures.engine.facts import Gap, gap_reason, gap_status
from cspmeasures.engine.plans import wilson
from cspmeasures.errors import CalculationError
from cspmeasures.model import (
    Baseline,
    Calculation,
    Flag,
    Measure,
    Observation,
    RatePer,
    Ratio,
    ReductionOf,
)
from cspmeasures.periods import Period, parse_period
from cspmeasures.quantities import MeasureContext
from cspmeasures.units import unit_words
from cspmeasures.vocabulary import Status

__all__ = ["Context", "Figure", "Recorded", "components_figure", "reason_decimals", "row_figure"]

#: what a recorded row records: a milestone state, a judgement, evidence
Recorded = Literal["state", "judgement", "evidence"]


@attrs.frozen
class Figure:
    """A measure's computed figure for one period (or year to date); ``gap`` says why
    there is no value."""

    value: float | None
    estimate: Estimate | None = None
    numerator: float | None = None
    denominator: float | None = None
    gap: Gap | None = None
    flags: tuple[Flag, ...] = ()
    #: the calculation's kind ("ratio", "rate", ...), so an interval can be worked out later
    kind: str = "value"

    def interval(self) -> Estimate | None:
        """The figure's interval: a rate's is kept on the figure, a proportion's is worked
        out here (Wilson), only for the figures a result or a comparison shows."""
        if self.estimate is not None or self.value is None:
            return self.estimate
        if self.numerator is None or self.denominator is None or self.kind != "ratio":
            return None
        return wilson(self.numerator, self.denominator)


def components_figure(
    calculation: Calculation, numerator: float, denominator: float, flags: tuple[Flag, ...] = ()
) -> Figure:
    """The figure of a ratio, rate or reduction from its summed components: a proportion
    ``n / d``, a rate per ``per`` (with its interval), or a reduction ``(d - n) / d``."""
    if denominator == 0:
        return Figure(None, None, numerator, denominator, Gap("zero"), flags)
    estimate: Estimate | None = None
    try:
        if isinstance(calculation, Ratio):
            # the Wilson interval is worked out when a result or comparison needs it
            value = numerator / denominator
        elif isinstance(calculation, RatePer):
            estimate = rate(numerator, denominator, per=calculation.per)
            value = estimate.value
        else:
            assert isinstance(calculation, ReductionOf)
            value = reduction(denominator, numerator)
    except CalculationError as exc:
        return Figure(None, None, numerator, denominator, Gap("error", message=str(exc)), flags)
    return Figure(value, estimate, numerator, denominator, flags=flags, kind=calculation.kind)


def row_figure(calculation: Calculation, row: Observation | None) -> Figure | None:
    """One row's own figure (as the report printed it), or None when it has none."""
    if row is None or not row.has_figure or row.suppressed or Flag.NOT_YET_AVAILABLE in row.flags:
        return None
    if isinstance(calculation, (Ratio, RatePer, ReductionOf)):
        return components_figure(calculation, row.numerator or 0.0, row.denominator or 0.0)
    return Figure(row.value or 0.0)


def _whole_or_decimal(number: float) -> str:
    """A count as a board reads it: 210,000; 2,100.5 (never 2.1e+05)."""
    if number.is_integer():
        return f"{number:,.0f}"
    return f"{number:,.6f}".rstrip("0")


class Context(abc.ABC):
    """Judging one measure as at a day: what the kinds read, and how values are shown."""

    def __init__(self, measure: Measure, day: dt.date, year: Period) -> None:
        self.measure = measure
        self.day = day
        self.year = year
        self.unit = MeasureContext(measure.unit, measure.polarity)
        self.decimals = measure.display_decimals
        self.steps: list[str] = []
        self.warnings: list[str] = []
        self.status_rule: int | None = None
        #: the period whose figure is judged, once the judgement has chosen it
        self.period: Period | None = None

    # -- what judging reads -----------------------------------------------------------------

    @abc.abstractmethod
    def period_used(self, due: Sequence[Period]) -> Period:
        """The period whose figure is judged, of those ``due`` (latest first)."""

    @abc.abstractmethod
    def figure(self, period: Period) -> Figure:
        """The measure's figure for a period, aggregated as the measure says."""

    @abc.abstractmethod
    def sum_periods(self, periods: Sequence[Period]) -> Figure:
        """Each period's count summed over a span, for an amount target."""

    @abc.abstractmethod
    def baseline_value(self, baseline: Baseline) -> float | None:
        """A baseline's value: as declared, or the measure's figure for its period."""

    @abc.abstractmethod
    def basis_value(self, basis: str, period: Period) -> float | None:
        """The measure's figure for ``period``, compared with as a basis (the same period
        last year, the previous period)."""

    @abc.abstractmethod
    def recorded_baseline(self, name: str) -> float | None:
        """The value of a baseline or basis as the judgement used it (None if it did not)."""

    @abc.abstractmethod
    def latest_row(self, recorded: Recorded) -> Observation | None:
        """The latest row of the year so far that records a state, judgement or evidence."""

    @abc.abstractmethod
    def judges_rounded(self) -> bool:
        """Whether the catalogue judges this measure's rounded value."""

    # -- judging ----------------------------------------------------------------------------

    def missing(self, figure: Figure) -> Judgement:
        """The judgement of a figure with no value: why there is none."""
        gap = figure.gap if figure.gap is not None else Gap("missing")
        return Judgement(gap_status(gap), gap_reason(gap, self.measure.calculation))

    def judged_itself(self, baseline: Baseline, period: Period) -> Judgement | None:
        """cannot-evaluate when the baseline is the very period being judged (a quarter of the
        year as the baseline of the quarters after it, judged in that quarter)."""
        if baseline.value is not None or baseline.period is None:
            return None
        own = parse_period(baseline.period, self.year.calendar, self.measure.frequency)
        if own != period:
            return None
        return Judgement(
            Status.CANNOT_EVALUATE,
            f"the baseline {baseline.label or baseline.id} is the period being judged "
            f"({period.label}): there is no earlier figure to compare with",
        )

    # -- display ---------------------------------------------------------------------------

    def show(self, value: float) -> str:
        """A value as a report prints it: 44.4%, 506 assessments."""
        return self.show_at(value, self.decimals)

    def exact_shower(self, levels: Sequence[float | None]) -> Callable[[float], str]:
        """How a reason shows the value and the ``levels`` it is held to: with the
        measure's decimals, or more where a level needs more to be quoted exactly
        (:func:`reason_decimals`)."""
        places = reason_decimals(self.measure, levels)
        if places == self.decimals:
            return self.show
        return functools.partial(self.show_at, decimals=places)

    def show_at(self, value: float, decimals: int) -> str:
        """A value with ``decimals`` places, rounded half up: 44.4%, 6.3, 12.5 per 1,000."""
        if self.measure.is_percent:
            return _shown_percent(value, decimals)
        text = _shown_number(value, decimals)
        if isinstance(self.measure.calculation, RatePer):
            return f"{text} per {self.measure.calculation.per:,}"
        return text

    def show_with_unit(self, value: float) -> str:
        text = self.show(value)
        unit = self.measure.unit
        if unit and not self.measure.is_percent and unit != "count":
            text += f" {unit_words(unit.replace('_', ' '), value)}"
        return text

    def describe_inputs(self, figure: Figure) -> str:
        """A figure's inputs in words: "1650 offences in a population of 210,000"."""
        calc = self.measure.calculation
        n, d = figure.numerator, figure.denominator
        if isinstance(calc, Ratio):
            return f"{calc.numerator} {n:g} / {calc.denominator} {d:g}"
        if isinstance(calc, RatePer) and d is not None:
            named = "" if calc.population == "population" else f" ({calc.population})"
            return f"{n:g} {calc.count} in a population of {_whole_or_decimal(d)}{named}"
        if isinstance(calc, ReductionOf):
            return f"({calc.before} {d:g} - {calc.during} {n:g}) / {calc.before} {d:g}"
        return "the figure as given"


def reason_decimals(measure: Measure, levels: Sequence[float | None]) -> int:
    """The decimal places a reason shows values with: the measure's display decimals, or
    more when a level it quotes (a target, a tolerance edge) has more in the measure's
    unit, up to MAX_DECIMALS, so that a 6.3-day target on a measure shown to 0 decimals
    reads "no more than 6.3", never "no more than 6"."""
    places = measure.display_decimals
    scale = Decimal(100) if measure.is_percent else Decimal(1)
    for level in levels:
        if level is None:
            continue
        exponent = (Decimal(repr(level)) * scale).normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return min(places, MAX_DECIMALS)


@functools.lru_cache(maxsize=1 << 16)
def _shown_percent(value: float, decimals: int) -> str:
    return format_percent(value, decimals)


@functools.lru_cache(maxsize=1 << 16)
def _shown_number(value: float, decimals: int) -> str:
    return format_number(value, decimals)
