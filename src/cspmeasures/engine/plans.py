"""Measures compiled for evaluation in bulk: the core of a result without its words.

:func:`cspmeasures.evaluate` judges every measure of a catalogue at a date. For the common
cases it does not need the whole machinery of :func:`cspmeasures.evaluate.evaluate_measure`
(figures as objects, reasons, working steps): :func:`compile_measure` reads, once per
measure, the numbers its judgement needs (the target, the tolerance's band edges in
decimal, the polarity), and :meth:`Plan.run` gives the result's core (period, value,
expected amount, status, trend, flags) from the measure's rows, with the status-only
functions of :mod:`cspmeasures.calc.status` that the ``judge_*`` functions themselves use,
and the periods due from :func:`due_periods`, which the complete evaluation uses too. The
words of the result (reason, display value, comparison, warnings, steps) are worked out by
``evaluate_measure`` when first read.

A plan covers measures calculated from a value, a count or a ratio, point in time (or any
aggregation for an amount target), judged on unrounded values with no status rules, and
every target kind whose baseline or benchmark is a declared number, with gaps, flags and
zero denominators. :meth:`Plan.run` returns ``None``, so that the complete evaluation
decides, for an all-of target whose figure is missing, a judged target with no judgement
yet, a ratio whose numerator exceeds its denominator, or a negative amount. The results are
the same either way; the tests hold the two paths to agreement field by field.
"""

from __future__ import annotations

import abc
import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence

from cspmeasures.calc.compare import Comparison, side_outcome
from cspmeasures.calc.profiles import expected_by_now
from cspmeasures.calc.rates import Estimate, proportion
from cspmeasures.calc.status import (
    ThresholdOp,
    amount_edge,
    amount_status,
    change_achieved,
    change_edge,
    change_status,
    milestone_status,
    range_edges,
    range_status,
    relaxed_threshold,
    threshold_status,
    worst_status,
)
from cspmeasures.calc.trend import Trend, travel
from cspmeasures.errors import CalculationError
from cspmeasures.model import (
    Aggregation,
    AllOfTarget,
    AmountTarget,
    BenchmarkTarget,
    ChangeTarget,
    ComparatorTarget,
    CountOf,
    DirectValue,
    Flag,
    JudgedTarget,
    JudgeOn,
    Measure,
    MilestoneTarget,
    NoTarget,
    Observation,
    RangeTarget,
    Ratio,
    Target,
    ThresholdTarget,
)
from cspmeasures.periods import Frequency, Period, period_containing
from cspmeasures.vocabulary import Polarity, Status

__all__ = [
    "Core",
    "Plan",
    "When",
    "compile_measure",
    "due_periods",
    "row_value",
    "span_of",
    "wilson",
]

#: period label (None when no period is used), value, expected amount, status, trend, flags
Core = tuple[str | None, float | None, float | None, Status, Trend, tuple[str, ...]]

_Rows = Mapping[Period, Observation]

#: the relations of a comparator target and the outcomes that meet them
_MEETS = {
    "better-than": (Comparison.BETTER,),
    "no-worse-than": (Comparison.BETTER, Comparison.SIMILAR),
    "similar-to": (Comparison.SIMILAR,),
}


def due_periods(year: Period, day: dt.date, frequency: Frequency, lag: int) -> tuple[Period, ...]:
    """The periods of ``frequency`` a measure's figure may come from as at ``day``, latest
    first: from the latest period of ``year`` that has ended by ``day``, back to the one
    expected under the data ``lag``; a later figure that has arrived early is used first.

    The lag counts from the latest closed period, so the year's last figure is due ``lag``
    periods after the year ends. Empty when no figure of the year is due yet.
    """
    current = period_containing(day, frequency, year.calendar)
    closed = current if current.end <= day else current.previous()
    last = year.subperiods(frequency)[-1]
    expected = min(closed.shift(-lag), last)
    if expected.start < year.start:
        return ()
    candidates = []
    period = min(closed, last)
    while period > expected:
        candidates.append(period)
        period = period.previous()
    candidates.append(expected)
    return tuple(candidates)


class When:
    """One evaluation date for one catalogue year, with what every plan shares: the periods
    due per frequency and lag, and each period's label, predecessor and place in its year."""

    __slots__ = ("_due", "_facts", "day", "final_day", "year")

    def __init__(self, year: Period, day: dt.date) -> None:
        self.year = year
        self.day = day
        self.final_day = day >= year.end
        self._due: dict[tuple[Frequency, int], tuple[Period, ...]] = {}
        self._facts: dict[Period, tuple[str, Period, bool]] = {}

    def candidates(self, frequency: Frequency, lag: int) -> tuple[Period, ...]:
        """The periods a figure may come from, latest first (see :func:`due_periods`)."""
        key = (frequency, lag)
        found = self._due.get(key)
        if found is None:
            found = self._due[key] = due_periods(self.year, self.day, frequency, lag)
        return found

    def facts(self, period: Period) -> tuple[str, Period, bool]:
        """The period's label, the period before it, and whether it ends its year."""
        found = self._facts.get(period)
        if found is None:
            found = self._facts[period] = (period.label, period.previous(), period.is_year_end)
        return found


_GONE = (Flag.SUPPRESSED, Flag.NOT_YET_AVAILABLE)


def row_value(row: Observation | None, ratio: bool) -> float | None:
    """One period's own figure from its row, for a value or count (``ratio`` False) or a
    ratio: None when there is no row, no figure, a suppressed or not-yet-available one, or a
    zero denominator."""
    if row is None or not row.has_figure:
        return None
    if row.flags and (Flag.SUPPRESSED in row.flags or Flag.NOT_YET_AVAILABLE in row.flags):
        return None
    if ratio:
        denominator = row.denominator or 0.0
        return None if denominator == 0 else (row.numerator or 0.0) / denominator
    return row.value or 0.0


def span_of(period: Period, per: Frequency) -> Period:
    """The span of an amount target that contains ``period``: its year, or its quarter or
    month for a cadence."""
    if per is Frequency.YEAR:
        return period.year
    return period_containing(period.start, per, period.calendar)


def _flags(row: Observation) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.value for f in row.flags)) if row.flags else ()


class Plan(abc.ABC):
    """A measure's judgement, compiled: :meth:`run` gives the core of its result."""

    __slots__ = ("frequency", "lag", "nothing_due", "polarity", "ratio", "sign")

    def __init__(self, measure: Measure) -> None:
        #: the status when no figure is due yet in the year: a context figure is monitored
        self.nothing_due = (
            Status.MONITOR if isinstance(measure.target, NoTarget) else Status.NOT_YET_DUE
        )
        self.frequency = measure.frequency
        self.lag = measure.data_lag
        self.polarity = measure.polarity
        self.sign = measure.polarity.sign
        self.ratio = isinstance(measure.calculation, Ratio)

    # -- figures ------------------------------------------------------------------------------

    def own_value(self, row: Observation | None) -> float | None:
        """A period's own figure (see :func:`row_value`)."""
        return row_value(row, self.ratio)

    def trend(self, previous: Observation | None, current: float | None) -> Trend:
        """The direction of travel from the previous period's row to the current figure."""
        before = self.own_value(previous)
        if before is None or current is None:
            return Trend.NOT_COMPARED
        return travel(before, current, self.sign)

    def used_period(self, rows: _Rows, when: When) -> Period | None:
        """The period the figure comes from: the expected one, or a later closed one whose
        figure has arrived early; None when no figure is due yet."""
        candidates = when.candidates(self.frequency, self.lag)
        if not candidates:
            return None
        for period in candidates[:-1]:
            row = rows.get(period)
            if row is not None and row.has_figure:
                return period
        return candidates[-1]

    # -- the judgement -----------------------------------------------------------------------

    @abc.abstractmethod
    def run(self, rows: _Rows, when: When) -> Core | None:
        """The core of the result as at ``when``, or None for the complete evaluation."""


class _FigurePlan(Plan):
    """A target judged on the used period's figure: :meth:`judge` says how."""

    __slots__ = ()

    #: whether a period with no figure is judged no-data (an all-of target has parts that
    #: are judged without it, and leaves that case to the complete evaluation)
    judges_gaps = True

    def run(self, rows: _Rows, when: When) -> Core | None:
        """The core of the result as at ``when``, or None for the complete evaluation."""
        period = self.used_period(rows, when)
        if period is None:
            return None, None, None, self.nothing_due, Trend.NOT_COMPARED, ()
        row = rows.get(period)
        label, previous, final = when.facts(period)
        value = self.own_value(row)
        if value is None:
            if not self.judges_gaps:
                return None
            if row is None:
                return label, None, None, Status.NO_DATA, Trend.NOT_COMPARED, ()
            gap = not row.has_figure or any(f in row.flags for f in _GONE)
            status = Status.NO_DATA if gap else Status.NOT_APPLICABLE  # a zero denominator
            return label, None, None, status, Trend.NOT_COMPARED, _flags(row)
        assert row is not None
        try:
            status = self.judge(value, final, row, rows, when)
        except (LookupError, CalculationError):
            return None
        return label, value, None, status, self.trend(rows.get(previous), value), _flags(row)

    @abc.abstractmethod
    def judge(self, value: float, final: bool, row: Observation, rows: _Rows, when: When) -> Status:
        """The status of a figure against the target (``final``: the period ends the year)."""


class _Monitor(_FigurePlan):
    """No target, or a benchmark with no better direction: a context figure."""

    __slots__ = ()

    def judge(self, value: float, final: bool, row: Observation, rows: _Rows, when: When) -> Status:
        return Status.MONITOR


class _Threshold(_FigurePlan):
    __slots__ = ("op", "relaxed", "target")

    def __init__(self, measure: Measure, target: ThresholdTarget) -> None:
        super().__init__(measure)
        self.op: ThresholdOp = target.op
        self.target = target.value
        self.relaxed = relaxed_threshold(target.op, target.value, measure.tolerance)

    def judge(self, value: float, final: bool, row: Observation, rows: _Rows, when: When) -> Status:
        return threshold_status(value, self.op, self.target, self.relaxed, final)


class _Range(_FigurePlan):
    __slots__ = ("edges", "high", "low")

    def __init__(self, measure: Measure, target: RangeTarget) -> None:
        super().__init__(measure)
        self.low, self.high = target.low, target.high
        self.edges = range_edges(target.low, target.high, measure.tolerance)

    def judge(self, value: float, final: bool, row: Observation, rows: _Rows, when: When) -> Status:
        return range_status(value, self.low, self.high, self.edges, final)


class _Change(_FigurePlan):
    __slots__ = ("base", "direction", "edge", "kind", "required")

    def __init__(self, measure: Measure, target: ChangeTarget, base: float) -> None:
        super().__init__(measure)
        self.base = base
        self.direction = target.direction
        self.kind = target.change
        self.required = target.by
        self.edge = change_edge(target.by, measure.tolerance)

    def judge(self, value: float, final: bool, row: Observation, rows: _Rows, when: When) -> Status:
        achieved = change_achieved(self.base, value, self.direction, self.kind)
        if achieved is None:
            return Status.CANNOT_EVALUATE
        return change_status(achieved, self.required, self.edge, final)


class _Comparison(_FigurePlan):
    """A comparator target, or a benchmark with a direction (no worse than it): by the
    Wilson interval for a ratio, else by value."""

    __slots__ = ("bench", "meets")

    def __init__(self, measure: Measure, bench: float, relation: str) -> None:
        super().__init__(measure)
        self.bench = bench
        self.meets = _MEETS[relation]

    def judge(self, value: float, final: bool, row: Observation, rows: _Rows, when: When) -> Status:
        bench = self.bench
        if self.ratio:
            numerator, denominator = row.numerator or 0.0, row.denominator or 0.0
            if not 0 <= numerator <= denominator:
                raise LookupError  # the complete evaluation says why
            estimate = wilson(numerator, denominator)
            lower, upper = estimate.lower, estimate.upper
            assert lower is not None
            assert upper is not None
            side = 1 if bench < lower else -1 if bench > upper else 0
        else:
            side = 1 if value > bench else -1 if value < bench else 0
        outcome = side_outcome(side, self.polarity)
        if outcome in self.meets:
            return Status.MET
        if outcome is Comparison.NOT_COMPARED:
            return Status.CANNOT_EVALUATE
        return Status.MISSED if final else Status.OFF_TRACK


@functools.lru_cache(maxsize=1 << 14)
def wilson(numerator: float, denominator: float) -> Estimate:
    """The proportion with its 95% Wilson interval (cached: the same counts recur)."""
    return proportion(numerator, denominator)


class _Amount(Plan):
    """An amount per year (or a cadence per quarter) summed over the periods so far."""

    __slots__ = ("amount", "edges", "expected", "per", "profile", "tolerance")

    def __init__(self, measure: Measure, target: AmountTarget) -> None:
        super().__init__(measure)
        self.amount = target.amount
        self.per = target.per
        self.profile = target.profile
        self.tolerance = measure.tolerance
        self.expected: dict[tuple[int, int], float] = {}
        self.edges: dict[float, float | None] = {}

    def run(self, rows: _Rows, when: When) -> Core | None:
        period = self.used_period(rows, when)
        if period is None:
            return None, None, None, Status.NOT_YET_DUE, Trend.NOT_COMPARED, ()
        span = span_of(period, self.per)
        span_periods = span.subperiods(period.frequency)
        total = 0.0
        count = 0
        missing = False
        flagged: list[Observation] = []
        for p in span_periods:
            if p > period:
                break
            count += 1
            row = rows.get(p)
            if row is None:
                missing = True
                continue
            if row.flags:
                flagged.append(row)
            if row.value is None:
                missing = True
            else:
                total += row.value
        flags = tuple(dict.fromkeys(f.value for r in flagged for f in r.flags)) if flagged else ()
        final = count == len(span_periods)
        expected = self.expected_by_now(count, len(span_periods))
        label, previous, _ = when.facts(period)
        if missing:
            if expected == 0 and not final:
                return label, None, expected, Status.NOT_YET_DUE, Trend.NOT_COMPARED, flags
            return label, None, None, Status.NO_DATA, Trend.NOT_COMPARED, flags
        if total < 0:
            return None  # the complete evaluation says why
        if expected in self.edges:
            edge = self.edges[expected]
        else:
            edge = self.edges[expected] = amount_edge(expected, self.polarity, self.tolerance)
        status = amount_status(total, expected, self.amount, self.polarity, edge, final)
        trend = self.trend(rows.get(previous), self.own_value(rows.get(period)))
        return label, total, expected, status, trend, flags

    def expected_by_now(self, elapsed: int, periods: int) -> float:
        """The amount expected once ``elapsed`` of the span's ``periods`` have ended."""
        key = (elapsed, periods)
        expected = self.expected.get(key)
        if expected is None:
            expected = self.expected[key] = expected_by_now(
                self.amount, elapsed, periods, self.profile
            )
        return expected


def _latest(
    rows: _Rows, latest_first: list[Period], when: When, wanted: Callable[[Observation], bool]
) -> Period | None:
    """The latest period of the year so far whose row records what is wanted
    (``latest_first``: the rows' periods, latest first)."""
    day, year_end = when.day, when.year.end
    for period in latest_first:
        if period.start <= day and period.end <= year_end and wanted(rows[period]):
            return period
    return None


def _has_state(row: Observation) -> bool:
    return row.state is not None


def _has_judgement(row: Observation) -> bool:
    return row.judgement is not None


class _Recorded(Plan):
    """Milestones, judged targets, and all-of targets made only of them: the latest state
    or judgement recorded in the year so far."""

    __slots__ = ("_sorted", "parts")

    def __init__(self, measure: Measure, parts: Sequence[Target]) -> None:
        super().__init__(measure)
        self.parts = tuple(parts)
        self._sorted: tuple[_Rows, list[Period]] | None = None

    def latest_first(self, rows: _Rows) -> list[Period]:
        """The rows' periods, latest first (kept for the rows evaluated last)."""
        cached = self._sorted
        if cached is None or cached[0] is not rows:
            cached = self._sorted = (rows, sorted(rows, reverse=True))
        return cached[1]

    def recorded(self, rows: _Rows, when: When) -> tuple[list[Status], Period | None] | None:
        statuses: list[Status] = []
        latest: Period | None = None
        periods = self.latest_first(rows)
        for part in self.parts:
            if isinstance(part, MilestoneTarget):
                period = _latest(rows, periods, when, _has_state)
                state = rows[period].state if period is not None else None
                statuses.append(
                    milestone_status(
                        state.value if state is not None else None,
                        due=part.due,
                        as_of=when.day,
                        final=when.final_day,
                    )
                )
            else:
                period = _latest(rows, periods, when, _has_judgement)
                if period is None:
                    return None  # the period shown is the latest evidence's
                judgement = rows[period].judgement
                assert judgement is not None
                statuses.append(judgement)
            if period is not None and (latest is None or period > latest):
                latest = period
        return statuses, latest

    def run(self, rows: _Rows, when: When) -> Core | None:
        if when.day < when.year.start:
            return None, None, None, Status.NOT_YET_DUE, Trend.NOT_COMPARED, ()
        found = self.recorded(rows, when)
        if found is None:
            return None
        statuses, latest = found
        status = statuses[0] if len(statuses) == 1 else worst_status(statuses)
        return (
            latest.label if latest is not None else None,
            None,
            None,
            status,
            Trend.NOT_COMPARED,
            (),
        )


class _AllOf(_FigurePlan):
    """An all-of target with a figure part: each part judged, the worst status kept."""

    __slots__ = ("figure_parts", "recorded_parts")
    judges_gaps = False

    def __init__(
        self, measure: Measure, figure_parts: list[_FigurePlan], recorded: _Recorded
    ) -> None:
        super().__init__(measure)
        self.figure_parts = figure_parts
        self.recorded_parts = recorded

    def judge(self, value: float, final: bool, row: Observation, rows: _Rows, when: When) -> Status:
        found = (
            self.recorded_parts.recorded(rows, when) if self.recorded_parts.parts else ([], None)
        )
        if found is None:
            raise LookupError
        statuses = found[0] + [p.judge(value, final, row, rows, when) for p in self.figure_parts]
        return worst_status(statuses)


def compile_measure(measure: Measure, judge_on: JudgeOn) -> Plan | None:
    """The measure's plan, or None when only the complete evaluation can judge it
    (``judge_on`` is the catalogue's choice for this measure)."""
    if (
        measure.status_rules
        or judge_on is JudgeOn.ROUNDED
        or not isinstance(measure.calculation, (DirectValue, CountOf, Ratio))
        or measure.aggregation is Aggregation.ROLLING_12_MONTHS
    ):
        return None
    target = measure.target
    if isinstance(target, (MilestoneTarget, JudgedTarget)):
        return _Recorded(measure, [target])
    if isinstance(target, AmountTarget):
        if measure.polarity not in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER):
            return None
        return _Amount(measure, target)
    if measure.aggregation is not Aggregation.POINT_IN_TIME:
        return None
    if isinstance(target, AllOfTarget):
        recorded = [p for p in target.parts if isinstance(p, (MilestoneTarget, JudgedTarget))]
        if len(recorded) == len(target.parts):
            return _Recorded(measure, recorded)
        figure_parts = [_figure_plan(measure, p) for p in target.parts if p not in recorded]
        if any(p is None for p in figure_parts) or len(target.parts) < 2:
            return None
        return _AllOf(
            measure, [p for p in figure_parts if p is not None], _Recorded(measure, recorded)
        )
    return _figure_plan(measure, target)


def _figure_plan(measure: Measure, target: Target) -> _FigurePlan | None:
    """The plan of a target judged on the period's figure, or None."""
    if isinstance(target, NoTarget):
        return _Monitor(measure)
    if isinstance(target, ThresholdTarget):
        return _Threshold(measure, target)
    if isinstance(target, RangeTarget):
        return _Range(measure, target)
    if isinstance(target, ChangeTarget):
        baseline = measure.baseline(target.baseline) if target.baseline is not None else None
        if baseline is None or baseline.value is None:
            return None
        if target.change == "relative" and baseline.value < 0:
            return None  # cannot-evaluate, in the complete evaluation's words
        return _Change(measure, target, baseline.value)
    if isinstance(target, ComparatorTarget):
        comparator = measure.comparator(target.comparator)
        if comparator is None:
            return None
        return _Comparison(measure, comparator.value, target.relation)
    if isinstance(target, BenchmarkTarget):
        baseline = measure.baseline(target.baseline)
        if baseline is None or baseline.value is None:
            return None
        if measure.polarity in (Polarity.NONE, Polarity.IN_RANGE):
            return _Monitor(measure)
        return _Comparison(measure, baseline.value, "no-worse-than")
    return None
