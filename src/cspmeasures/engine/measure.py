"""Catalogue + actuals -> a Report of one Evaluation per measure, as at a date.

Each measure's facts (:class:`~cspmeasures.engine.facts.Facts`) come from its compiled
plan (:mod:`cspmeasures.engine.plans`) where there is one, else from the general judgement
(:func:`cspmeasures.engine.judge.judge_measure`) reading the actuals through a
:class:`RowsContext`. Either gives the same facts; the words are written from them when
first read (:mod:`cspmeasures.engine.words`).

* **Which value.** point-in-time: the period's figure; year-to-date: the figures from
  the start of the year summed (ratios: numerators and denominators summed);
  rolling-12-months: the last twelve months' figures summed. Ratios, rates and
  reductions are computed from their components, with intervals where they apply.
* **Direction of travel.** Each period's own figure against the period before and the
  same period a year before (a rolling total against itself).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence

from cspmeasures.calc.trend import Trend, direction_of_travel
from cspmeasures.engine.compile import compile_measure
from cspmeasures.engine.context import Context, Figure, Recorded, components_figure
from cspmeasures.engine.facts import Facts, Records, gap_of_row, missing_gap
from cspmeasures.engine.judge import Outcome, judge_measure
from cspmeasures.engine.plans import (
    Plan,
    When,
    latest_records,
    named_baselines,
    row_value,
)
from cspmeasures.errors import ActualsError, PeriodError, Problem
from cspmeasures.hints import did_you_mean
from cspmeasures.kinds import kind_of, parts_of
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
)
from cspmeasures.periods import Frequency, Period, parse_period
from cspmeasures.results import Evaluation, Report

__all__ = ["RowsContext", "evaluate", "evaluate_measure", "measure_facts"]


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

    A measure that :mod:`cspmeasures.engine.plans` covers has its facts from its
    compiled plan; any other measure, or one whose plan leaves a case to the general
    judgement (an all-of target whose figure is missing, a judged target with no
    judgement yet), from :func:`measure_facts`. The words are written from the facts
    when first read.
    """
    day = as_date(as_of)
    wanted = None if measures is None else set(checked_measure_ids(catalogue, measures))
    when = When(catalogue.year, day)
    memo: dict[object, Figure] = {}  # figures reused within this evaluation (trends)
    results = []
    checked = actuals._proportions_checked
    for measure, plan in zip(catalogue.measures, _plans(catalogue), strict=True):
        measure_id = measure.id
        if wanted is not None and measure_id not in wanted:
            continue
        rows = actuals.for_measure(measure_id)
        if measure_id not in checked:
            _check_proportions(measure, rows)
            if isinstance(measure.calculation, Ratio):
                checked.add(measure_id)
        facts = plan.run(rows, when) if plan is not None else None
        if facts is None:
            facts = measure_facts(catalogue, measure, actuals, day, memo)
        results.append(Evaluation(measure, facts))
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
    """Each measure's compiled plan (None where only the general judgement judges)."""
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


class RowsContext(Context):
    """Judging one measure from its actuals: the figures, baselines and records read from
    the rows, and the facts they make (:meth:`facts`)."""

    def __init__(
        self,
        catalogue: Catalogue,
        measure: Measure,
        actuals: Actuals,
        day: dt.date,
        memo: dict[object, Figure],
    ) -> None:
        super().__init__(measure, day, catalogue.year)
        self.catalogue = catalogue
        self.rows = actuals.for_measure(measure.id)
        self.memo = memo
        self._baselines: dict[str, float | None] = {}
        self._bases: dict[str, float | None] = {}
        self._records: Records | None = None

    # -- what judging reads -----------------------------------------------------------------

    def period_used(self, due: Sequence[Period]) -> Period:
        for period in due[:-1]:
            row = self.rows.get(period)
            if row is not None and row.has_figure:
                return period
        return due[-1]

    def judges_rounded(self) -> bool:
        return self.catalogue.judge_on_for(self.measure) is JudgeOn.ROUNDED

    def baseline_value(self, baseline: Baseline) -> float | None:
        """A baseline's value as declared, or the measure's figure for the baseline's period.

        A year's figure for a quarterly measure is the sum of its quarters (counts, or ratio
        components); a point-in-time value has no annual figure, so the baseline has none.
        """
        if baseline.id not in self._baselines:
            self._baselines[baseline.id] = self._baseline_value(baseline.value, baseline.period)
        return self._baselines[baseline.id]

    def basis_value(self, basis: str, period: Period) -> float | None:
        if basis not in self._bases:
            self._bases[basis] = self.figure(period).value
        return self._bases[basis]

    def recorded_baseline(self, name: str) -> float | None:
        return self._bases.get(name, self._baselines.get(name))

    def _baseline_value(self, value: float | None, period_label: str | None) -> float | None:
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

    def records(self) -> Records:
        """The latest recorded state, judgement and evidence of the year so far."""
        if self._records is None:
            self._records = latest_records(self.rows, self.day, self.year.end)
        return self._records

    def latest_row(self, recorded: Recorded) -> Observation | None:
        row: Observation | None = getattr(self.records(), recorded)
        return row

    def sum_periods(self, periods: Sequence[Period]) -> Figure:
        """Each period's count summed over a span for an amount target, with the rows' flags."""
        rows = [self.rows.get(p) for p in periods]
        flags = tuple(dict.fromkeys(f for row in rows if row is not None for f in row.flags))
        missing = [
            (p, row) for p, row in zip(periods, rows, strict=True) if row is None or row.value is None
        ]
        if missing:
            gap = missing_gap(
                [p for p, _ in missing], [row for _, row in missing], total=len(periods) > 1
            )
            return Figure(None, gap=gap, flags=flags)
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
        calc = self.measure.calculation
        if len(periods) == 1:  # the common case, a plain row: no lists to build
            row = self.rows.get(periods[0])
            if row is not None and not row.flags and row.has_figure:
                if isinstance(calc, (Ratio, RatePer, ReductionOf)):
                    return components_figure(calc, row.numerator or 0.0, row.denominator or 0.0)
                return Figure(row.value or 0.0)
        rows = [self.rows.get(p) for p in periods]
        flags = tuple(dict.fromkeys(f for row in rows if row is not None for f in row.flags))
        last = rows[-1]
        if last is not None and (last.suppressed or Flag.NOT_YET_AVAILABLE in last.flags):
            return Figure(None, gap=gap_of_row(periods[-1], last), flags=flags)
        missing = [
            (p, row) for p, row in zip(periods, rows, strict=True) if row is None or not row.has_figure
        ]
        if missing:
            gap = missing_gap(
                [p for p, _ in missing], [row for _, row in missing], total=len(periods) > 1
            )
            return Figure(None, gap=gap, flags=flags)
        present = [row for row in rows if row is not None]
        if isinstance(calc, (Ratio, RatePer, ReductionOf)):
            numerator = sum(row.numerator or 0.0 for row in present)
            denominator = sum(row.denominator or 0.0 for row in present)
            return components_figure(calc, numerator, denominator, flags)
        total = sum(row.value or 0.0 for row in present)
        if self.measure.aggregation is Aggregation.POINT_IN_TIME or len(present) == 1:
            total = present[-1].value or 0.0
        return Figure(total, flags=flags)

    # -- the facts ---------------------------------------------------------------------------

    def own(self, period: Period) -> float | None:
        """A period's own figure, as the direction of travel compares it: a year-to-date
        total always grows within the year, so it is each period's figure; a rolling total
        is itself."""
        if self.measure.aggregation is Aggregation.ROLLING_12_MONTHS:
            return self.figure_value(period)
        return self.period_value(period)

    def facts(self, outcome: Outcome) -> Facts:
        """The facts of the measure's judgement: the outcome, the direction of travel, the
        row used, the baselines the target names and the latest records."""
        measure = self.measure
        target = measure.target
        kind = kind_of(target)
        period, figure = outcome.period, outcome.figure
        trend = trend_last_year = Trend.NOT_COMPARED
        previous_value = row = None
        if period is not None:
            row = self.rows.get(period)
            if not kind.recorded:
                previous_value = self.own(period.previous())
            if figure is not None and figure.value is not None:
                current = self.own(period)
                polarity = measure.polarity
                trend = direction_of_travel(previous_value, current, polarity)
                last_year = self.own(period.same_period_last_year())
                trend_last_year = direction_of_travel(last_year, current, polarity)
        recorded = any(kind_of(part).recorded for part in parts_of(target))
        return Facts(
            outcome.judgement.status,
            self.year,
            self.day,
            period,
            outcome.expected_period,
            figure.value if figure is not None else None,
            figure.numerator if figure is not None else None,
            figure.denominator if figure is not None else None,
            figure.gap if figure is not None else None,
            outcome.judged,
            outcome.expected,
            trend,
            trend_last_year,
            previous_value,
            tuple(f.value for f in figure.flags) if figure is not None else (),
            row,
            (
                *((b.id, self.baseline_value(b)) for b in named_baselines(measure)),
                *self._bases.items(),
            ),
            self.records() if recorded else None,
            self.status_rule,
        )


def measure_facts(
    catalogue: Catalogue,
    measure: Measure,
    actuals: Actuals,
    day: dt.date,
    memo: dict[object, Figure] | None = None,
) -> Facts:
    """One measure's facts as at ``day``, by the general judgement (``memo`` shares
    figures across measures).

    Raises ActualsError for a proportion whose numerator exceeds its denominator."""
    ctx = RowsContext(catalogue, measure, actuals, day, {} if memo is None else memo)
    _check_proportions(measure, ctx.rows)
    return ctx.facts(judge_measure(ctx))


def evaluate_measure(
    catalogue: Catalogue,
    measure: Measure,
    actuals: Actuals,
    day: dt.date,
    memo: dict[object, Figure] | None = None,
) -> Evaluation:
    """One measure's Evaluation as at ``day``, by the general judgement (see
    :func:`measure_facts`)."""
    return Evaluation(measure, measure_facts(catalogue, measure, actuals, day, memo))
