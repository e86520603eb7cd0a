"""The words of a result, written from the measure and its facts alone.

:func:`write_words` runs the measure's judgement (:func:`cspmeasures.engine.judge.judge_measure`)
again on a :class:`FactsContext`, which answers every question from the
:class:`~cspmeasures.engine.facts.Facts` instead of the actuals: the reason, the working
steps and the target's numbers are those of the judgement that gave the status, and no
actuals are read again.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from cspmeasures.calc.compare import Comparison, compare_values, compare_with_benchmark
from cspmeasures.calc.rounding import format_number, round_half_up
from cspmeasures.engine.context import Context, Figure, Recorded, components_figure, row_figure
from cspmeasures.engine.facts import Facts
from cspmeasures.engine.judge import judge_measure
from cspmeasures.kinds import format_target, kind_of
from cspmeasures.model import Baseline, Measure, Observation, RatePer, Ratio, ReductionOf, Target
from cspmeasures.periods import Period
from cspmeasures.quantities import MeasureContext
from cspmeasures.results import _Numbers, _Words
from cspmeasures.units import printed_number, printed_places

__all__ = ["FactsContext", "write_words"]


class FactsContext(Context):
    """Judging one measure again from its facts: every figure, baseline and record is the
    one the evaluation read."""

    def __init__(self, measure: Measure, facts: Facts) -> None:
        super().__init__(measure, facts.day, facts.year)
        self.facts = facts

    def period_used(self, due: Sequence[Period]) -> Period:
        period = self.facts.period
        assert period is not None  # the evaluation used one
        return period

    def judges_rounded(self) -> bool:
        return self.facts.judged is not None

    def figure(self, period: Period) -> Figure:
        facts = self.facts
        calculation = self.measure.calculation
        if facts.numerator is not None and isinstance(calculation, (Ratio, RatePer, ReductionOf)):
            return components_figure(calculation, facts.numerator, facts.denominator or 0.0)
        return Figure(facts.value, gap=facts.gap)

    def sum_periods(self, periods: Sequence[Period]) -> Figure:
        return Figure(self.facts.value, gap=self.facts.gap)

    def baseline_value(self, baseline: Baseline) -> float | None:
        return self.recorded_baseline(baseline.id)

    def basis_value(self, basis: str, period: Period) -> float | None:
        return self.recorded_baseline(basis)

    def recorded_baseline(self, name: str) -> float | None:
        for known, value in self.facts.baselines:
            if known == name:
                return value
        return None

    def latest_row(self, recorded: Recorded) -> Observation | None:
        records = self.facts.records
        row: Observation | None = getattr(records, recorded) if records is not None else None
        return row


def write_words(measure: Measure, facts: Facts) -> _Words:
    """The words of a result: display value, target, reason, comparison, warnings, the
    value's interval, the working steps and the target as data."""
    ctx = FactsContext(measure, facts)
    outcome = judge_measure(ctx)
    figure = outcome.figure
    warnings = _audit(ctx, facts.row) if outcome.expected_period is not None else []
    estimate = figure.interval() if figure is not None else None
    value = facts.value
    return _Words(
        display_value="-" if value is None else ctx.show(value),
        target=_target_text(measure.target, ctx.unit),
        reason=outcome.judgement.reason,
        comparison=_comparisons(ctx, figure),
        warnings=(*warnings, *ctx.warnings),
        lower=estimate.lower if estimate is not None else None,
        upper=estimate.upper if estimate is not None else None,
        trend_last_year=facts.trend_last_year,
        display_expected=ctx.show_with_unit(facts.expected) if facts.expected is not None else None,
        steps=tuple(ctx.steps),
        numbers=_numbers(ctx, facts),
        status_rule=facts.status_rule,
    )


@functools.lru_cache(maxsize=1 << 14)
def _target_text(target: Target, unit: MeasureContext) -> str:
    return format_target(target, unit)


def _audit(ctx: Context, row: Observation | None) -> list[str]:
    """A warning when the row's reported figure is not its figure computed from its
    components at the reported precision."""
    if row is None or row.reported is None:
        return []
    figure = row_figure(ctx.measure.calculation, row)
    if figure is None or figure.value is None:
        return []
    reported = row.reported.strip()
    printed = printed_number(reported)
    if printed is None:
        return [f"the reported figure {reported!r} is not a number and was not checked"]
    places = printed_places(printed)
    percent = ctx.measure.is_percent
    rounded = round_half_up(figure.value * (100 if percent else 1), places)
    if rounded == printed:
        return []
    inputs = ""
    if figure.numerator is not None and figure.denominator is not None:
        inputs = f" from {figure.numerator:g} and {figure.denominator:g}"
    return [
        f"the report printed {reported} but the figure{inputs} is {ctx.show(figure.value)}"
        f" ({format_number(float(rounded), places)}{'%' if percent else ''} at the printed precision)"
    ]


def _comparisons(ctx: Context, figure: Figure | None) -> str | None:
    if figure is None or figure.value is None or not ctx.measure.comparators:
        return None
    parts = []
    for comparator in ctx.measure.comparators:
        estimate = figure.interval()
        if estimate is not None and estimate.lower is not None and estimate.upper is not None:
            result = compare_with_benchmark(estimate, comparator.value, ctx.measure.polarity)
            how = "95% interval"
        else:
            result = compare_values(figure.value, comparator.value, ctx.measure.polarity)
            how = "value"
        shown = ctx.show(comparator.value)
        if result.outcome in (Comparison.SIMILAR, Comparison.NOT_COMPARED):
            parts.append(f"{result.outcome.value} to {comparator.display_name} ({shown})")
        else:
            parts.append(
                f"{result.outcome.value} than {comparator.display_name} ({shown}, by {how})"
            )
    return "; ".join(parts)


def _numbers(ctx: Context, facts: Facts) -> _Numbers:
    """The target as data (levels and tolerance edges in the canonical unit), the value's
    inputs, the previous period's figure and the row's note."""
    target = ctx.measure.target
    numbers = kind_of(target).numbers(ctx, target, facts.expected)
    period = facts.period
    return _Numbers(
        target_level=numbers.level,
        target_low=numbers.low,
        target_high=numbers.high,
        tolerance_low=numbers.tolerance_low,
        tolerance_high=numbers.tolerance_high,
        baseline=numbers.baseline,
        baseline_value=numbers.baseline_value,
        numerator=facts.numerator,
        denominator=facts.denominator,
        previous_period=period.previous().label if period is not None else None,
        previous_value=facts.previous_value,
        note=facts.row.note if facts.row is not None else None,
    )
