"""Catalogue + actuals -> a Report of one Evaluation per measure, as at a date.

Rules (see docs/methods.md for the full statement):

* **Which period.** The latest period of the measure's frequency that has ended by
  ``as_of``, moved back by the measure's ``data_lag``, is the one *expected*; a later
  figure, where one has arrived early, is used instead. Periods after the catalogue's
  year are never used.
* **Which value.** point-in-time: the period's figure; year-to-date: the figures from
  the start of the year summed (ratios: numerators and denominators summed);
  rolling-12-months: the last twelve months' figures summed. Ratios, rates and
  reductions are computed from their components, with intervals where they apply.
* **Which status.** From the target (calc.status), on the unrounded value unless the
  catalogue says ``judge_on: rounded``; a measure's ``status_rules`` take precedence
  when one matches. ``final`` (a shortfall is ``missed``, not ``off-track``) holds when
  the target's period is over.
* **Audit.** A row's ``reported`` figure is checked against the figure computed from
  its components at the reported precision; a mismatch is a warning.

:func:`evaluate_measure` is the complete evaluation of one measure, words and all.
:func:`evaluate` gives the same results for a catalogue: the core of each result from the
measure's compiled plan (:mod:`cspmeasures.engine.plans`) where there is one, and the words
from :func:`evaluate_measure` when first read.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs

from cspmeasures.calc.changes import reduction
from cspmeasures.calc.compare import Comparison, compare_values, compare_with_benchmark
from cspmeasures.calc.rates import Estimate, rate
from cspmeasures.calc.rounding import MAX_DECIMALS, format_number, format_percent, round_half_up
from cspmeasures.calc.status import (
    Condition,
    Judgement,
    apply_rules,
)
from cspmeasures.calc.trend import Trend, direction_of_travel
from cspmeasures.engine.compile import compile_measure
from cspmeasures.engine.plans import (
    Plan,
    When,
    due_periods,
    row_value,
    wilson,
)
from cspmeasures.errors import ActualsError, CalculationError, PeriodError, Problem
from cspmeasures.hints import did_you_mean
from cspmeasures.kinds import format_target, kind_of
from cspmeasures.model import (
    Actuals,
    Aggregation,
    Baseline,
    Catalogue,
    CountOf,
    DirectValue,
    Flag,
    JudgeOn,
    Measure,
    Observation,
    RatePer,
    Ratio,
    ReductionOf,
    Target,
)
from cspmeasures.periods import Frequency, Period, parse_period
from cspmeasures.quantities import MeasureContext
from cspmeasures.results import Evaluation, Report, _Numbers, _Source, _Words
from cspmeasures.units import printed_number, printed_places, unit_words
from cspmeasures.vocabulary import Status

__all__ = ["evaluate", "evaluate_measure"]


@attrs.frozen
class Figure:
    """A measure's computed figure for one period (or year to date)."""

    value: float | None
    estimate: Estimate | None = None
    numerator: float | None = None
    denominator: float | None = None
    status: Status | None = None  # not-applicable / no-data when there is no value
    reason: str | None = None
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


def _whole_or_decimal(number: float) -> str:
    """A count as a board reads it: 210,000; 2,100.5 (never 2.1e+05)."""
    if number.is_integer():
        return f"{number:,.0f}"
    return f"{number:,.6f}".rstrip("0")


def as_date(as_of: dt.date | Period) -> dt.date:
    """The day to evaluate as at: a Period's end, or a date; a datetime (a pandas Timestamp
    is one) is its date. Anything else is a PeriodError."""
    if isinstance(as_of, Period):
        return as_of.end
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    raise PeriodError(f"as_of must be a date or a Period, not {type(as_of).__name__} {as_of!r}")


def evaluate(
    catalogue: Catalogue,
    actuals: Actuals,
    as_of: dt.date | Period,
    *,
    measures: Sequence[str] | None = None,
) -> Report:
    """Evaluate every measure (or those named) as at ``as_of`` (a date or a period's end).

    ``measures`` names ids of the catalogue; one it lacks is a ValueError.

    A measure that :mod:`cspmeasures.engine.plans` covers has its core worked out by its
    compiled plan and its words by :func:`evaluate_measure` when first read; any other
    measure, or one whose plan leaves a case to the complete evaluation (an all-of
    target whose figure is missing, a judged target with no judgement yet), is evaluated
    by :func:`evaluate_measure` at once.
    """
    day = as_date(as_of)
    wanted = None if measures is None else set(checked_measure_ids(catalogue, measures))
    when = When(catalogue.year, day)
    source = _Source(catalogue, actuals, day)
    memo: dict[object, Figure] = {}  # figures reused within this evaluation (trends, audit)
    results = []
    for measure, plan in zip(catalogue.measures, _plans(catalogue), strict=True):
        if wanted is not None and measure.id not in wanted:
            continue
        rows = actuals.for_measure(measure.id)
        _check_proportions(measure, rows)
        core = plan.run(rows, when) if plan is not None else None
        if core is None:
            results.append(evaluate_measure(catalogue, measure, actuals, day, memo))
            continue
        period, value, expected, status, trend, flags = core
        results.append(
            Evaluation(measure.id, period, value, expected, status, trend, flags, measure, source)
        )
    return Report(catalogue.id, catalogue.title, day, tuple(results), catalogue=catalogue)


def _check_proportions(measure: Measure, rows: Mapping[Period, Observation]) -> None:
    """An ActualsError for a row of a proportion (a ratio measure) whose numerator is
    greater than its denominator: 95 of 88 is not a share. The actuals loader refuses such
    a row; an Observation built directly meets its measure only here."""
    if not isinstance(measure.calculation, Ratio):
        return
    for period, row in rows.items():
        if row.numerator is not None and row.numerator > (row.denominator or 0.0):
            raise ActualsError(
                [
                    Problem(
                        f"{measure.id} in {period.label}: the numerator {row.numerator:g} is "
                        f"greater than the denominator {row.denominator or 0.0:g}",
                        row.where or "<Observation>",
                    )
                ]
            )


def checked_measure_ids(catalogue: Catalogue, measures: Sequence[str]) -> tuple[str, ...]:
    """The ids asked for, or a ValueError naming those the catalogue lacks (with the
    closest id), so that a misspelt id is not silently left out of a report."""
    ids = (measures,) if isinstance(measures, str) else tuple(measures)
    known = [m.id for m in catalogue.measures]
    present = set(known)
    unknown = [i for i in dict.fromkeys(ids) if i not in present]
    if unknown:
        hints = []
        for measure_id in unknown:
            hints.append(f"{measure_id!r}{did_you_mean(measure_id, known)}")
        raise ValueError(f"no measure in {catalogue.id} has the id {', '.join(hints)}")
    return ids


#: compiled plans of the catalogues evaluated lately, by the identity of their measures
#: (a catalogue moved to another year shares them): (measures, judge_on, plans)
_PLANS: dict[int, tuple[tuple[Measure, ...], JudgeOn, list[Plan | None]]] = {}
_PLANS_KEPT = 8
_PLANS_LOCK = threading.Lock()  # evaluations may run in threads (Dask's default scheduler)


def _plans(catalogue: Catalogue) -> list[Plan | None]:
    """Each measure's compiled plan (None where only the complete evaluation judges)."""
    key = id(catalogue.measures)
    with _PLANS_LOCK:
        found = _PLANS.get(key)
        if found is not None and found[0] is catalogue.measures and found[1] is catalogue.judge_on:
            return found[2]
        plans = [compile_measure(m, catalogue.judge_on_for(m)) for m in catalogue.measures]
        while len(_PLANS) >= _PLANS_KEPT:
            del _PLANS[next(iter(_PLANS))]
        _PLANS[key] = (catalogue.measures, catalogue.judge_on, plans)
        return plans


class Context:
    """What evaluating one measure needs: the catalogue, its actuals and the date."""

    def __init__(
        self,
        catalogue: Catalogue,
        measure: Measure,
        actuals: Actuals,
        day: dt.date,
        memo: dict[object, Figure],
    ) -> None:
        self.catalogue = catalogue
        self.measure = measure
        self.rows = actuals.for_measure(measure.id)
        self.memo = memo
        self.day = day
        self.year = catalogue.year
        self.unit = MeasureContext(measure.unit, measure.polarity)
        self.decimals = measure.display_decimals
        self.steps: list[str] = []
        self.warnings: list[str] = []
        self.status_rule: int | None = None

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

    # -- figures -----------------------------------------------------------------------------

    def baseline_value(self, value: float | None, period_label: str | None) -> float | None:
        """A baseline's value as declared, or the measure's figure for the baseline's period.

        A year's figure for a quarterly measure is the sum of its quarters (counts, or ratio
        components); a point-in-time value has no annual figure, so the baseline has none.
        """
        if value is not None:
            return value
        if period_label is None:
            return None
        period = parse_period(period_label, self.catalogue.calendar, self.measure.frequency)
        if period.frequency is not self.measure.frequency:
            figure = (
                self.combine(period.subperiods(self.measure.frequency))
                if period.frequency is Frequency.YEAR
                else Figure(None)
            )
            if self.measure.aggregation is Aggregation.POINT_IN_TIME and not isinstance(
                self.measure.calculation, (Ratio, RatePer, ReductionOf)
            ):
                return None
            return figure.value
        return self.figure(period).value

    def judged_itself(self, baseline: Baseline, period: Period) -> Judgement | None:
        """cannot-evaluate when the baseline is the very period being judged (a quarter of the
        year as the baseline of the quarters after it, judged in that quarter)."""
        if baseline.value is not None or baseline.period is None:
            return None
        own = parse_period(baseline.period, self.catalogue.calendar, self.measure.frequency)
        if own != period:
            return None
        return Judgement(
            Status.CANNOT_EVALUATE,
            f"the baseline {baseline.label or baseline.id} is the period being judged "
            f"({period.label}): there is no earlier figure to compare with",
        )

    def latest_row(self, wanted: Callable[[Observation], bool]) -> Observation | None:
        best: Observation | None = None
        for period, row in self.rows.items():
            if (
                period.start <= self.day
                and period.end <= self.year.end
                and wanted(row)
                and (best is None or period > best.period)
            ):
                best = row
        return best

    def sum_periods(self, periods: Sequence[Period]) -> Figure:
        """Each period's count summed over a span for an amount target, with the rows' flags."""
        rows = [self.rows.get(p) for p in periods]
        flags = tuple(dict.fromkeys(f for row in rows if row is not None for f in row.flags))
        missing = [p for p, row in zip(periods, rows, strict=True) if row is None or row.value is None]
        if missing:
            labels = _missing_labels(missing, self.rows)
            if len(periods) == 1:
                reason = f"no figure for {labels}"
            else:
                reason = f"the total needs figures for {labels}, which are missing"
            return Figure(None, status=Status.NO_DATA, reason=reason, flags=flags)
        return Figure(sum(row.value or 0.0 for row in rows if row is not None), flags=flags)


    def figure(self, period: Period) -> Figure:
        """The measure's figure for a period, aggregated as the measure says (memoised)."""
        measure = self.measure
        key = ("figure", measure.id, measure.calculation, measure.aggregation, period)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._figure(period)
        return found

    def figure_value(self, period: Period) -> float | None:
        """The value of :meth:`figure` (None when there is none)."""
        return self.figure(period).value

    def period_value(self, period: Period) -> float | None:
        """The value of one period's own figure, as ``combine([period]).value``, read straight
        from a plain row (the direction of travel asks for two of these per evaluation)."""
        calc = self.measure.calculation
        if isinstance(calc, (DirectValue, CountOf, Ratio)):
            return row_value(self.rows.get(period), isinstance(calc, Ratio))
        return self.combine([period]).value

    def _figure(self, period: Period) -> Figure:
        aggregation = self.measure.aggregation
        if aggregation is Aggregation.POINT_IN_TIME:
            periods = [period]
        elif aggregation is Aggregation.YEAR_TO_DATE:
            periods = [p for p in period.year.subperiods(period.frequency) if p <= period]
        else:
            count = 12 // period.frequency.months
            periods = [period.shift(-i) for i in range(count - 1, -1, -1)]
        return self.combine(periods)

    def combine(self, periods: Sequence[Period]) -> Figure:
        """The figure over ``periods`` (summed where there are several), memoised for the
        evaluation: it depends only on the rows and the measure's calculation."""
        measure = self.measure
        key = (measure.id, measure.calculation, measure.aggregation, tuple(periods))
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._combine(periods)
        return found

    def _combine(self, periods: Sequence[Period]) -> Figure:
        if len(periods) == 1:  # the common case, a plain row: no lists to build
            row = self.rows.get(periods[0])
            if row is not None and not row.flags and row.has_figure:
                calc = self.measure.calculation
                if isinstance(calc, (Ratio, RatePer, ReductionOf)):
                    return self.from_components(row.numerator or 0.0, row.denominator or 0.0, ())
                return Figure(row.value or 0.0)
        rows = [self.rows.get(p) for p in periods]
        missing = [
            p for p, row in zip(periods, rows, strict=True) if row is None or not row.has_figure
        ]
        flags = tuple(dict.fromkeys(f for row in rows if row is not None for f in row.flags))
        last = rows[-1]
        if last is not None and last.suppressed:
            return Figure(
                None,
                status=Status.NO_DATA,
                reason=f"the figure for {periods[-1].label} is suppressed",
                flags=flags,
            )
        if last is not None and Flag.NOT_YET_AVAILABLE in last.flags:
            return Figure(
                None,
                status=Status.NO_DATA,
                reason=f"the figure for {periods[-1].label} is not yet available",
                flags=flags,
            )
        if missing:
            labels = _missing_labels(missing, self.rows)
            if len(periods) == 1:
                reason = f"no figure for {labels}"
            else:
                reason = f"the total needs figures for {labels}, which are missing"
            return Figure(None, status=Status.NO_DATA, reason=reason, flags=flags)
        present = [row for row in rows if row is not None]
        calc = self.measure.calculation
        if isinstance(calc, (Ratio, RatePer, ReductionOf)):
            numerator = sum(row.numerator or 0.0 for row in present)
            denominator = sum(row.denominator or 0.0 for row in present)
            return self.from_components(numerator, denominator, flags)
        total = sum(row.value or 0.0 for row in present)
        if self.measure.aggregation is Aggregation.POINT_IN_TIME or len(present) == 1:
            total = present[-1].value or 0.0
        return Figure(total, flags=flags)

    def from_components(
        self, numerator: float, denominator: float, flags: tuple[Flag, ...]
    ) -> Figure:
        calc = self.measure.calculation
        if denominator == 0:
            what = {
                Ratio: "the denominator",
                RatePer: "the population",
                ReductionOf: "the earlier count",
            }
            name = what.get(type(calc), "the denominator")
            return Figure(
                None,
                numerator=numerator,
                denominator=denominator,
                status=Status.NOT_APPLICABLE,
                reason=f"nothing to measure: {name} is 0",
                flags=flags,
            )
        estimate: Estimate | None = None
        try:
            if isinstance(calc, Ratio):
                # the Wilson interval is worked out when a result or comparison needs it
                value = numerator / denominator
            elif isinstance(calc, RatePer):
                estimate = rate(numerator, denominator, per=calc.per)
                value = estimate.value
            else:
                assert isinstance(calc, ReductionOf)
                value = reduction(denominator, numerator)
        except CalculationError as exc:
            return Figure(
                None,
                numerator=numerator,
                denominator=denominator,
                status=Status.CANNOT_EVALUATE,
                reason=str(exc),
                flags=flags,
            )
        return Figure(value, estimate, numerator, denominator, flags=flags, kind=calc.kind)

    def describe_inputs(self, figure: Figure) -> str:
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

    # -- audit -------------------------------------------------------------------------------

    def audit(self, row: Observation | None, figure: Figure) -> None:
        if row is None or row.reported is None or figure.value is None:
            return
        reported = row.reported.strip()
        printed = printed_number(reported)
        if printed is None:
            self.warnings.append(
                f"the reported figure {reported!r} is not a number and was not checked"
            )
            return
        places = printed_places(printed)
        scale = 100 if self.measure.is_percent else 1
        computed = figure.value * scale
        rounded = round_half_up(computed, places)
        if rounded != printed:
            inputs = ""
            if figure.numerator is not None and figure.denominator is not None:
                inputs = f" from {figure.numerator:g} and {figure.denominator:g}"
            self.warnings.append(
                f"the report printed {reported} but the figure{inputs} is {self.show(figure.value)}"
                f" ({format_number(float(rounded), places)}{'%' if scale == 100 else ''} at the printed precision)"
            )


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


@functools.lru_cache(maxsize=1 << 14)
def _target_text(target: Target, unit: MeasureContext) -> str:
    return format_target(target, unit)


def evaluate_measure(
    catalogue: Catalogue,
    measure: Measure,
    actuals: Actuals,
    day: dt.date,
    memo: dict[object, Figure] | None = None,
) -> Evaluation:
    """One measure's Evaluation as at ``day`` (``memo`` shares figures across measures).

    Raises ActualsError for a proportion whose numerator exceeds its denominator."""
    ctx = Context(catalogue, measure, actuals, day, {} if memo is None else memo)
    _check_proportions(measure, ctx.rows)
    target_text = _target_text(measure.target, ctx.unit)
    target = measure.target
    kind = kind_of(target)
    if day < ctx.year.start and not kind.monitor:
        return _result(
            ctx,
            None,
            None,
            None,
            Judgement(Status.NOT_YET_DUE, f"the plan's year {ctx.year.label} has not started"),
            target_text,
        )
    if not kind.needs_figure(target):
        judgement, period = kind.judge_recorded(ctx, target)
        return _result(ctx, period, None, None, judgement, target_text)
    due = due_periods(ctx.year, day, measure.frequency, measure.data_lag)
    if not due:
        if kind.monitor:
            judgement = Judgement(
                Status.MONITOR, "no target: a context figure, and none is due yet"
            )
        else:
            judgement = Judgement(Status.NOT_YET_DUE, "no figure is due yet in the plan's year")
        return _result(ctx, None, None, None, judgement, target_text)
    expected_period = due[-1]
    period = next(
        (p for p in due[:-1] if (row := ctx.rows.get(p)) is not None and row.has_figure),
        expected_period,
    )
    ctx.audit(ctx.rows.get(period), ctx.combine([period]))
    ctx.steps.append(
        f"period used: {period.label} (expected by now: {expected_period.label}, data lag {measure.data_lag})"
    )
    spanned = kind.judge_span(ctx, target, period)
    if spanned is not None:  # the target adds the figures up over its own span
        (judgement, expected, percent), figure = spanned
        if measure.status_rules and figure.value is not None:
            ruled = _apply_rules(ctx, figure.value, percent, judgement)
            if ruled is not None:
                judgement = ruled
        return _result(ctx, period, figure, expected, judgement, target_text)
    figure = ctx.figure(period)
    if figure.numerator is not None:
        ctx.steps.append(f"inputs: {ctx.describe_inputs(figure)}")
    if figure.value is None:
        missing = Judgement(figure.status or Status.NO_DATA, figure.reason or "no figure")
        missing = kind.judge_missing(ctx, target, missing)
        return _result(ctx, period, figure, None, missing, target_text)
    value = figure.value
    judged_value = value
    if catalogue.judge_on_for(measure) is JudgeOn.ROUNDED:
        scale = 100 if measure.is_percent else 1
        judged_value = float(round_half_up(value * scale, ctx.decimals)) / scale
        ctx.steps.append(f"judged on the rounded value {ctx.show(judged_value)}")
    judgement, expected, percent = kind.judge(ctx, target, period, judged_value, figure)
    if measure.status_rules:
        ruled = _apply_rules(ctx, judged_value, percent, judgement)
        if ruled is not None:
            judgement = ruled
    return _result(ctx, period, figure, expected, judgement, target_text)


def _apply_rules(
    ctx: Context, value: float, percent: float | None, judgement: Judgement
) -> Judgement | None:
    """The first status rule whose conditions hold (calc.status.apply_rules), in words."""
    rules = ctx.measure.status_rules
    ruled = apply_rules(rules, value=value, percent_of_target=percent, on_date=ctx.day)
    if ruled is None:
        return None
    subjects: dict[str, float | dt.date | None] = {
        "value": value,
        "percent-of-target": percent,
        "date": ctx.day,
    }
    number, rule = next(
        (n, r) for n, r in enumerate(rules, 1) if all(c.holds(subjects[c.subject]) for c in r.when)
    )
    ctx.status_rule = number
    words = " and ".join(_describe_condition(ctx, c) for c in rule.when) or "otherwise"
    reason = (
        f"{ctx.show_with_unit(value)}: status rule {number} ({words}) gives {ruled.status.value}"
    )
    if ruled.status is not judgement.status:
        reason += f" (the target alone gives {judgement.status.value}: {judgement.reason})"
    return Judgement(ruled.status, reason)


def _describe_condition(ctx: Context, condition: Condition) -> str:
    operand = condition.operand
    if isinstance(operand, dt.date):
        return f"the date {condition.op} {operand.isoformat()}"
    if condition.subject == "percent-of-target":
        return f"percent of target {condition.op} {format_percent(operand, 1)}"
    return f"the value {condition.op} {ctx.show_with_unit(operand)}"


def _missing_labels(periods: Sequence[Period], rows: Mapping[Period, Observation]) -> str:
    """``2017-18 Q1 (suppressed), 2017-18 Q2``: the periods without a figure, and why."""
    labels = []
    for period in periods:
        row = rows.get(period)
        why = ""
        if row is not None and row.suppressed:
            why = " (suppressed)"
        elif row is not None and Flag.NOT_YET_AVAILABLE in row.flags:
            why = " (not yet available)"
        labels.append(period.label + why)
    return ", ".join(labels)


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
        parts.append(
            f"{result.outcome.value} than {comparator.display_name} ({ctx.show(comparator.value)}, by {how})"
            if result.outcome not in (Comparison.SIMILAR, Comparison.NOT_COMPARED)
            else f"{result.outcome.value} to {comparator.display_name} ({ctx.show(comparator.value)})"
        )
    return "; ".join(parts)


def _own(ctx: Context) -> Callable[[Period], float | None]:
    """A period's own figure, as the direction of travel compares it: a year-to-date total
    always grows within the year, so it is each period's figure; a rolling total is itself."""
    if ctx.measure.aggregation is Aggregation.ROLLING_12_MONTHS:
        return ctx.figure_value
    return ctx.period_value


def _trends(ctx: Context, period: Period | None, figure: Figure | None) -> tuple[Trend, Trend]:
    if period is None or figure is None or figure.value is None:
        return Trend.NOT_COMPARED, Trend.NOT_COMPARED
    own = _own(ctx)
    current = own(period)
    previous = own(period.previous())
    last_year = own(period.same_period_last_year())
    polarity = ctx.measure.polarity
    return direction_of_travel(previous, current, polarity), direction_of_travel(
        last_year, current, polarity
    )


def _result(
    ctx: Context,
    period: Period | None,
    figure: Figure | None,
    expected: float | None,
    judgement: Judgement,
    target_text: str,
) -> Evaluation:
    measure = ctx.measure
    value = figure.value if figure is not None else None
    trend, trend_last_year = _trends(ctx, period, figure)
    flags = tuple(f.value for f in figure.flags) if figure is not None else ()
    estimate = figure.interval() if figure is not None else None
    display = "-" if value is None else ctx.show(value)
    words = _Words(
        display_value=display,
        target=target_text,
        reason=judgement.reason,
        comparison=_comparisons(ctx, figure),
        warnings=tuple(ctx.warnings),
        lower=estimate.lower if estimate is not None else None,
        upper=estimate.upper if estimate is not None else None,
        trend_last_year=trend_last_year,
        display_expected=ctx.show_with_unit(expected) if expected is not None else None,
        steps=tuple(ctx.steps),
        numbers=_numbers(ctx, period, figure, expected),
        status_rule=ctx.status_rule,
    )
    return Evaluation(
        measure.id,
        period.label if period is not None else None,
        value,
        expected,
        judgement.status,
        trend,
        flags,
        measure,
        words,
    )


def _numbers(
    ctx: Context, period: Period | None, figure: Figure | None, expected: float | None
) -> _Numbers:
    """The target as data (levels and tolerance edges in the canonical unit), the value's
    inputs, the previous period's figure and the row's note."""
    measure = ctx.measure
    target = measure.target
    kind = kind_of(target)
    numbers = kind.numbers(ctx, target, expected)
    previous_period = previous_value = note = None
    if period is not None:
        before = period.previous()
        previous_period = before.label
        if not kind.recorded:
            previous_value = _own(ctx)(before)
        row = ctx.rows.get(period)
        note = row.note if row is not None else None
    return _Numbers(
        target_level=numbers.level,
        target_low=numbers.low,
        target_high=numbers.high,
        tolerance_low=numbers.tolerance_low,
        tolerance_high=numbers.tolerance_high,
        baseline=numbers.baseline,
        baseline_value=numbers.baseline_value,
        numerator=figure.numerator if figure is not None else None,
        denominator=figure.denominator if figure is not None else None,
        previous_period=previous_period,
        previous_value=previous_value,
        note=note,
    )
