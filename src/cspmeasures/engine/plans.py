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

import attrs

from cspmeasures.calc.rates import Estimate, proportion
from cspmeasures.calc.status import (
    milestone_status,
    worst_status,
)
from cspmeasures.calc.trend import Trend, travel
from cspmeasures.errors import CalculationError
from cspmeasures.model import (
    Flag,
    Measure,
    Observation,
    Ratio,
)
from cspmeasures.periods import Frequency, Period, period_containing
from cspmeasures.vocabulary import Status

__all__ = [
    "Core",
    "FigurePlan",
    "MonitorPlan",
    "Plan",
    "Record",
    "RecordedPlan",
    "Rows",
    "When",
    "due_periods",
    "row_value",
    "span_of",
    "wilson",
]

#: period label (None when no period is used), value, expected amount, status, trend, flags
Core = tuple[str | None, float | None, float | None, Status, Trend, tuple[str, ...]]

Rows = Mapping[Period, Observation]



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


def flags_of(row: Observation) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.value for f in row.flags)) if row.flags else ()


class Plan(abc.ABC):
    """A measure's judgement, compiled: :meth:`run` gives the core of its result."""

    __slots__ = ("frequency", "lag", "nothing_due", "polarity", "ratio", "sign")

    def __init__(self, measure: Measure) -> None:
        #: the status when no figure is due yet in the year: a context figure is monitored
        self.nothing_due = (
            Status.MONITOR if measure.target.kind == "none" else Status.NOT_YET_DUE
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

    def used_period(self, rows: Rows, when: When) -> Period | None:
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
    def run(self, rows: Rows, when: When) -> Core | None:
        """The core of the result as at ``when``, or None for the complete evaluation."""


class FigurePlan(Plan):
    """A target judged on the used period's figure: :meth:`judge` says how."""

    __slots__ = ()

    #: whether a period with no figure is judged no-data (an all-of target has parts that
    #: are judged without it, and leaves that case to the complete evaluation)
    judges_gaps = True

    def run(self, rows: Rows, when: When) -> Core | None:
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
            return label, None, None, status, Trend.NOT_COMPARED, flags_of(row)
        assert row is not None
        try:
            status = self.judge(value, final, row, rows, when)
        except (LookupError, CalculationError):
            return None
        return label, value, None, status, self.trend(rows.get(previous), value), flags_of(row)

    @abc.abstractmethod
    def judge(self, value: float, final: bool, row: Observation, rows: Rows, when: When) -> Status:
        """The status of a figure against the target (``final``: the period ends the year)."""


class MonitorPlan(FigurePlan):
    """No target, or a benchmark with no better direction: a context figure."""

    __slots__ = ()

    def judge(self, value: float, final: bool, row: Observation, rows: Rows, when: When) -> Status:
        return Status.MONITOR


@functools.lru_cache(maxsize=1 << 14)
def wilson(numerator: float, denominator: float) -> Estimate:
    """The proportion with its 95% Wilson interval (cached: the same counts recur)."""
    return proportion(numerator, denominator)


def _latest(
    rows: Rows, latest_first: list[Period], when: When, wanted: Callable[[Observation], bool]
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


@attrs.frozen
class Record:
    """A part judged from the records: a milestone (by its state, against its due date)
    or, when ``milestone`` is False, a judged aim (by the recorded judgement)."""

    milestone: bool
    due: dt.date | None = None


class RecordedPlan(Plan):
    """Milestones, judged targets, and all-of targets made only of them: the latest state
    or judgement recorded in the year so far."""

    __slots__ = ("_sorted", "parts")

    def __init__(self, measure: Measure, parts: Sequence[Record]) -> None:
        super().__init__(measure)
        self.parts = tuple(parts)
        self._sorted: tuple[Rows, list[Period]] | None = None

    def latest_first(self, rows: Rows) -> list[Period]:
        """The rows' periods, latest first (kept for the rows evaluated last)."""
        cached = self._sorted
        if cached is None or cached[0] is not rows:
            cached = self._sorted = (rows, sorted(rows, reverse=True))
        return cached[1]

    def recorded(self, rows: Rows, when: When) -> tuple[list[Status], Period | None] | None:
        statuses: list[Status] = []
        latest: Period | None = None
        periods = self.latest_first(rows)
        for part in self.parts:
            if part.milestone:
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

    def run(self, rows: Rows, when: When) -> Core | None:
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
