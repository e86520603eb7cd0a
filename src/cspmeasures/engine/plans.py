"""Measures compiled for evaluation in bulk.

:func:`cspmeasures.evaluate` judges every measure of a catalogue at a date. For the common
cases it does not need the general judgement of :mod:`cspmeasures.engine.judge` (figures as
objects, reasons, working steps): :func:`cspmeasures.engine.compile.compile_measure` reads,
once per measure, the numbers its judgement needs (the target, the tolerance's band edges
in decimal, the polarity), and :meth:`Plan.run` gives the measure's
:class:`~cspmeasures.engine.facts.Facts` from its rows, with the status-only functions of
:mod:`cspmeasures.calc.status` that the ``judge_*`` functions themselves use, and the
periods due from :func:`due_periods`, which the general judgement uses too. The words of
the result are written from those facts when first read.

A plan covers measures calculated from a value, a count or a ratio, point in time (or any
aggregation for an amount target), judged on unrounded values with no status rules, and
every target kind whose baseline or benchmark is a declared number, with gaps, flags and
zero denominators. :meth:`Plan.run` returns ``None``, so that the general judgement
decides, for an all-of target whose figure is missing, a judged target with no judgement
yet, a ratio whose numerator exceeds its denominator, or a negative amount. The facts are
the same either way; the tests hold the two to agreement, field by field.
"""

from __future__ import annotations

import abc
import datetime as dt
import functools
from collections.abc import Mapping, Sequence

import attrs

from cspmeasures.calc.rates import Estimate, proportion
from cspmeasures.calc.status import (
    milestone_status,
    worst_status,
)
from cspmeasures.calc.trend import Trend, travel
from cspmeasures.engine.facts import Facts, Gap, Records, gap_of_row, gap_status
from cspmeasures.errors import CalculationError
from cspmeasures.model import (
    Baseline,
    Flag,
    Measure,
    Observation,
    Ratio,
)
from cspmeasures.periods import Frequency, Period, period_containing
from cspmeasures.vocabulary import Status

__all__ = [
    "FigurePlan",
    "MonitorPlan",
    "Plan",
    "Record",
    "RecordedPlan",
    "Rows",
    "When",
    "due_periods",
    "latest_records",
    "named_baselines",
    "row_value",
    "span_of",
    "wilson",
]

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

    __slots__ = ("_about", "_due", "day", "final_day", "year")

    def __init__(self, year: Period, day: dt.date) -> None:
        self.year = year
        self.day = day
        self.final_day = day >= year.end
        self._due: dict[tuple[Frequency, int], tuple[Period, ...]] = {}
        self._about: dict[Period, tuple[str, Period, bool, Period]] = {}

    def candidates(self, frequency: Frequency, lag: int) -> tuple[Period, ...]:
        """The periods a figure may come from, latest first (see :func:`due_periods`)."""
        key = (frequency, lag)
        found = self._due.get(key)
        if found is None:
            found = self._due[key] = due_periods(self.year, self.day, frequency, lag)
        return found

    def about(self, period: Period) -> tuple[str, Period, bool, Period]:
        """The period's label, the period before it, whether it ends its year, and the
        same period a year before."""
        found = self._about.get(period)
        if found is None:
            found = self._about[period] = (
                period.label,
                period.previous(),
                period.is_year_end,
                period.same_period_last_year(),
            )
        return found


_GONE = (Flag.SUPPRESSED, Flag.NOT_YET_AVAILABLE)
_NOT_COMPARED = Trend.NOT_COMPARED


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


def named_baselines(measure: Measure) -> tuple[Baseline, ...]:
    """The baselines the measure's target (or any of its parts) names, in order."""
    from cspmeasures.kinds import kind_of, parts_of

    found: dict[str, Baseline] = {}
    for part in parts_of(measure.target):
        name = kind_of(part).baseline(part)
        baseline = measure.baseline(name) if name is not None else None
        if baseline is not None:
            found.setdefault(baseline.id, baseline)
    return tuple(found.values())


def declared_baselines(measure: Measure) -> tuple[tuple[str, float | None], ...] | None:
    """The named baselines with their declared values, or None when one has no declared
    value (its value is a figure, which only the general judgement works out)."""
    named = named_baselines(measure)
    if any(b.value is None for b in named):
        return None
    return tuple((b.id, b.value) for b in named)


def latest_records(rows: Rows, day: dt.date, year_end: dt.date) -> Records:
    """The latest rows up to ``day`` (of periods ending by ``year_end``) that record a
    milestone state, a judgement and evidence, in one pass over the rows."""
    state = judgement = evidence = None
    state_at = judgement_at = evidence_at = _NEVER
    for period, row in rows.items():
        if period.start > day or period.end > year_end:
            continue
        at = (period.start, period.end)
        if row.state is not None and at > state_at:
            state, state_at = row, at
        if row.judgement is not None and at > judgement_at:
            judgement, judgement_at = row, at
        if row.evidence is not None and at > evidence_at:
            evidence, evidence_at = row, at
    return Records(state, judgement, evidence)


_NEVER = (dt.date.min, dt.date.min)


class Plan(abc.ABC):
    """A measure's judgement, compiled: :meth:`run` gives its facts."""

    __slots__ = ("baselines", "frequency", "lag", "nothing_due", "polarity", "ratio", "sign")

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
        #: the baselines the target names, with their declared values (see compile_measure)
        self.baselines = declared_baselines(measure) or ()

    # -- figures ------------------------------------------------------------------------------

    def own_value(self, row: Observation | None) -> float | None:
        """A period's own figure (see :func:`row_value`)."""
        return row_value(row, self.ratio)

    def travel(self, before: float | None, current: float | None) -> Trend:
        """The direction of travel from the figure before to the current figure."""
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

    def records(self, rows: Rows, when: When) -> Records | None:
        """The latest records, for a target with a part judged from them."""
        return None

    # -- the judgement -----------------------------------------------------------------------

    @abc.abstractmethod
    def run(self, rows: Rows, when: When) -> Facts | None:
        """The facts of the result as at ``when``, or None for the general judgement."""


class FigurePlan(Plan):
    """A target judged on the used period's figure: :meth:`judge` says how."""

    __slots__ = ()

    #: whether a period with no figure is judged no-data (an all-of target has parts that
    #: are judged without it, and leaves that case to the general judgement)
    judges_gaps = True
    #: whether the target has parts judged from the records (see :meth:`Plan.records`)
    keeps_records = False

    def run(self, rows: Rows, when: When) -> Facts | None:
        """The facts of the result as at ``when``, or None for the general judgement."""
        candidates = when.candidates(self.frequency, self.lag)
        if not candidates:
            return Facts(
                self.nothing_due,
                when.year,
                when.day,
                baselines=self.baselines,
                records=self.records(rows, when),
            )
        expected_period = candidates[-1]
        period = expected_period
        for early in candidates[:-1]:
            found = rows.get(early)
            if found is not None and found.has_figure:
                period = early
                break
        row = rows.get(period)
        _, previous, final, last_year = when.about(period)
        ratio = self.ratio
        value = row_value(row, ratio)
        before = row_value(rows.get(previous), ratio)
        if value is None:
            if not self.judges_gaps:
                return None
            numerator = denominator = None
            if row is None or not row.has_figure or any(f in row.flags for f in _GONE):
                gap = gap_of_row(period, row)
            else:  # a zero denominator
                gap = Gap("zero")
                numerator, denominator = row.numerator or 0.0, row.denominator or 0.0
            return Facts(
                gap_status(gap),
                when.year,
                when.day,
                period,
                expected_period,
                None,
                numerator,
                denominator,
                gap,
                previous_value=before,
                flags=flags_of(row) if row is not None else (),
                row=row,
                baselines=self.baselines,
                records=self.records(rows, when),
            )
        assert row is not None
        try:
            status = self.judge(value, final, row, rows, when)
        except (LookupError, CalculationError):
            return None
        sign = self.sign
        a_year_before = row_value(rows.get(last_year), ratio)
        return Facts(
            status,
            when.year,
            when.day,
            period,
            expected_period,
            value,
            (row.numerator or 0.0) if ratio else None,
            (row.denominator or 0.0) if ratio else None,
            None,
            None,
            None,
            _NOT_COMPARED if before is None else travel(before, value, sign),
            _NOT_COMPARED if a_year_before is None else travel(a_year_before, value, sign),
            before,
            tuple(dict.fromkeys(f.value for f in row.flags)) if row.flags else (),
            row,
            self.baselines,
            self.records(rows, when) if self.keeps_records else None,
        )

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


@attrs.frozen
class Record:
    """A part judged from the records: a milestone (by its state, against its due date)
    or, when ``milestone`` is False, a judged aim (by the recorded judgement)."""

    milestone: bool
    due: dt.date | None = None


class RecordedPlan(Plan):
    """Milestones, judged targets, and all-of targets made only of them: the latest state
    or judgement recorded in the year so far."""

    __slots__ = ("parts", "values")

    def __init__(self, measure: Measure, parts: Sequence[Record]) -> None:
        super().__init__(measure)
        self.parts = tuple(parts)
        #: whether the result shows the figure before (an all-of target's, not a milestone's)
        self.values = measure.target.kind == "all-of"

    def records(self, rows: Rows, when: When) -> Records:
        return latest_records(rows, when.day, when.year.end)

    def recorded(self, records: Records, when: When) -> tuple[list[Status], Period | None] | None:
        """Each part's status from the records, and the latest period they come from; None
        when a judged part has no judgement yet."""
        statuses: list[Status] = []
        latest: Period | None = None
        for part in self.parts:
            if part.milestone:
                row = records.state
                state = row.state if row is not None else None
                statuses.append(
                    milestone_status(
                        state.value if state is not None else None,
                        due=part.due,
                        as_of=when.day,
                        final=when.final_day,
                    )
                )
            else:
                row = records.judgement
                if row is None or row.judgement is None:
                    return None  # the period shown is the latest evidence's
                statuses.append(row.judgement)
            if row is not None and (latest is None or row.period > latest):
                latest = row.period
        return statuses, latest

    def run(self, rows: Rows, when: When) -> Facts | None:
        records = self.records(rows, when)
        if when.day < when.year.start:
            return Facts(Status.NOT_YET_DUE, when.year, when.day, records=records)
        found = self.recorded(records, when)
        if found is None:
            return None
        statuses, latest = found
        status = statuses[0] if len(statuses) == 1 else worst_status(statuses)
        if latest is None:
            return Facts(status, when.year, when.day, records=records)
        before = self.own_value(rows.get(latest.previous())) if self.values else None
        return Facts(
            status,
            when.year,
            when.day,
            latest,
            previous_value=before,
            row=rows.get(latest),
            records=records,
        )
