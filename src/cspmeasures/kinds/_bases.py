"""What a change or a benchmark is measured against: a declared baseline or a comparison
basis (the same period last year, the previous period), and the span of time each covers.

A figure that adds up over time (a count, a rate per population, a summed value) can only
be compared with one that covers as long: three months of offences against a year's is a
fall of three quarters that never happened. :func:`span_refusal` gives cannot-evaluate for
such a pair, naming both spans and the two honest comparisons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspmeasures.calc.changes import pro_rata
from cspmeasures.calc.status import Judgement
from cspmeasures.model import Aggregation, Baseline, CountOf, DirectValue, Measure, RatePer
from cspmeasures.periods import Frequency, Period, parse_period
from cspmeasures.vocabulary import Status

if TYPE_CHECKING:
    from cspmeasures.periods import Calendar

__all__ = [
    "BASES",
    "PREVIOUS_PERIOD",
    "SAME_PERIOD_LAST_YEAR",
    "baseline_months",
    "basis_of",
    "basis_period",
    "is_basis",
    "pro_rata",
    "span_refusal",
    "spans_checked",
    "value_months",
]

SAME_PERIOD_LAST_YEAR = "same-period-last-year"
PREVIOUS_PERIOD = "previous-period"
#: the comparison bases, each with the words that name it in an expression
BASES = {
    SAME_PERIOD_LAST_YEAR: ("same period last year", "the same period last year"),
    PREVIOUS_PERIOD: ("previous period", "the previous period"),
}
_WORDS = {words: basis for basis, names in BASES.items() for words in (basis, *names)}


def basis_of(text: str) -> str | None:
    """The comparison basis ``text`` names ("same period last year"), or None."""
    return _WORDS.get(" ".join(text.lower().split()))


def is_basis(name: str) -> bool:
    """Whether a target's baseline name is a comparison basis, not a declared baseline."""
    return name in BASES


def basis_period(basis: str, period: Period) -> Period:
    """The period a comparison basis compares ``period`` with."""
    return period.same_period_last_year() if basis == SAME_PERIOD_LAST_YEAR else period.previous()


def basis_name(basis: str, other: Period) -> str:
    """The basis in words, with its period: "the same period last year (2016-17 Q1)"."""
    words = BASES[basis][1]
    return f"{words} ({other.label})"


def adds_up_over_time(measure: Measure) -> bool:
    """Whether the measure's figure grows with the time it covers: a count, a rate per
    population, or a value summed over the year or twelve months. A proportion, a
    reduction and a level at a point in time do not."""
    calculation = measure.calculation
    if isinstance(calculation, (CountOf, RatePer)):
        return True
    return isinstance(calculation, DirectValue) and (
        measure.aggregation is not Aggregation.POINT_IN_TIME
    )


def value_months(measure: Measure, period: Period) -> int:
    """The months the measure's figure for ``period`` covers: the period's own, the year so
    far (year-to-date) or twelve (rolling-12-months)."""
    if measure.aggregation is Aggregation.YEAR_TO_DATE:
        return period.index_in_year * period.frequency.months
    if measure.aggregation is Aggregation.ROLLING_12_MONTHS:
        return 12
    return period.frequency.months


def baseline_period(measure: Measure, baseline: Baseline, calendar: Calendar) -> Period | None:
    """The period a baseline's figure is for, when it names one."""
    if baseline.period is None:
        return None
    return parse_period(baseline.period, calendar, measure.frequency)


def baseline_months(measure: Measure, baseline: Baseline, calendar: Calendar) -> int | None:
    """The months a baseline's figure covers: a year's, or the measure's figure for the
    period it names; None when it names no period (a value alone says nothing of it)."""
    period = baseline_period(measure, baseline, calendar)
    if period is None:
        return None
    if period.frequency is Frequency.YEAR and measure.frequency is not Frequency.YEAR:
        return 12
    return value_months(measure, period)


def spans_checked(measure: Measure, baseline: Baseline) -> bool:
    """Whether the spans of the measure's value and of a declared baseline are compared:
    the figure adds up over time and the baseline names the period it covers."""
    return baseline.period is not None and adds_up_over_time(measure)


def _spanned(months: int, period: Period, measure: Measure) -> str:
    what = "month" if months == 1 else "months"
    if measure.aggregation is Aggregation.YEAR_TO_DATE and period.frequency is not Frequency.YEAR:
        return f"{months} {what} (the year to {period.label})"
    if measure.aggregation is Aggregation.ROLLING_12_MONTHS:
        return f"{months} {what} (the 12 months to {period.label})"
    return f"{months} {what} ({period.label})"


def span_refusal(
    measure: Measure,
    period: Period,
    name: str,
    months: int | None,
    baseline_at: Period | None,
) -> Judgement | None:
    """cannot-evaluate when a figure that adds up over time is compared with a baseline
    over another span of time (``months``; None when unknown), naming both spans and the
    two honest comparisons; None when the spans agree or the figure does not add up."""
    if months is None or not adds_up_over_time(measure):
        return None
    own = value_months(measure, period)
    if own == months:
        return None
    base = f"{months} months" if baseline_at is None else _spanned(months, baseline_at, measure)
    if baseline_at is not None and baseline_at.frequency is Frequency.YEAR:
        base = f"{months} months ({baseline_at.label})"
    return Judgement(
        Status.CANNOT_EVALUATE,
        f"the value covers {_spanned(own, period, measure)} and the baseline {name} covers "
        f"{base}: figures over different spans are not comparable; compare with the same "
        "period last year ('on same period last year') or scale the year's baseline to the "
        "part of the year ('pro-rata')",
    )
