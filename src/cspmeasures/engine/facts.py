"""Facts: every number and choice one measure's result is made of, as at one date.

Running a measure's plan gives its :class:`Facts`; the words of the result (reason,
display value, target text, comparison, steps) are written from the measure and its facts
alone (:func:`cspmeasures.engine.words.write_words`), never from the actuals again. Facts
are plain data: a named tuple of numbers, periods, the rows read and the statuses, equal
when every field is equal, cheap to make in bulk and to pickle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, NamedTuple

from cspmeasures.calc.trend import Trend
from cspmeasures.model import Calculation, Flag, Observation, RatePer, ReductionOf
from cspmeasures.periods import Period
from cspmeasures.vocabulary import Status

__all__ = ["Facts", "Gap", "Records", "gap_of_row", "gap_reason", "gap_status", "missing_gap"]

#: why a figure has no value: no figure for a period, a suppressed or not-yet-available
#: figure, a zero denominator, or a calculation that refuses its inputs
Cause = Literal["missing", "suppressed", "not-yet-available", "zero", "error"]


class Gap(NamedTuple):
    """Why a figure has no value.

    ``periods`` names the periods concerned: for ``missing``, each period without a figure
    with why ("", "suppressed", "not yet available"); for ``suppressed`` and
    ``not-yet-available``, the last period of the figure. ``total``: the figure adds
    several periods up. ``message``: a calculation's refusal (cause ``error``).
    """

    cause: Cause
    periods: tuple[tuple[Period, str], ...] = ()
    total: bool = False
    message: str = ""


class Records(NamedTuple):
    """The latest rows of the year so far that record a milestone state, a judgement and
    evidence (for targets judged from the records)."""

    state: Observation | None = None
    judgement: Observation | None = None
    evidence: Observation | None = None


class Facts(NamedTuple):
    """One measure's result as at ``day``, as facts.

    ``value`` is unrounded, in the canonical unit; ``judged`` is the value judged when the
    catalogue judges rounded values (else None). ``numerator`` and ``denominator`` are the
    value's inputs; ``gap`` says why there is no value. ``expected`` is the amount
    expected by now (amount targets). ``baselines`` holds each baseline the target names,
    with its value as used. ``row`` is the used period's row (its note and reported
    figure); ``records`` the latest recorded state, judgement and evidence.
    ``status_rule`` is the number (from 1) of the measure's own status rule that set the
    status, if one did.
    """

    status: Status
    year: Period
    day: dt.date
    period: Period | None = None
    expected_period: Period | None = None
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    gap: Gap | None = None
    judged: float | None = None
    expected: float | None = None
    trend: Trend = Trend.NOT_COMPARED
    trend_last_year: Trend = Trend.NOT_COMPARED
    previous_value: float | None = None
    flags: tuple[str, ...] = ()
    row: Observation | None = None
    baselines: tuple[tuple[str, float | None], ...] = ()
    records: Records | None = None
    status_rule: int | None = None


def _why(row: Observation | None) -> str:
    if row is not None and row.suppressed:
        return "suppressed"
    if row is not None and Flag.NOT_YET_AVAILABLE in row.flags:
        return "not yet available"
    return ""


def missing_gap(
    periods: Sequence[Period], rows: Sequence[Observation | None], *, total: bool
) -> Gap:
    """The gap of a figure that lacks the figures of ``periods`` (``rows``: their rows)."""
    return Gap(
        "missing",
        tuple((p, _why(row)) for p, row in zip(periods, rows, strict=True)),
        total=total,
    )


def gap_of_row(period: Period, row: Observation | None) -> Gap:
    """The gap of one period's figure whose row (or its absence) gives no value, other
    than by a zero denominator: suppressed, not yet available, or missing."""
    if row is not None and row.suppressed:
        return Gap("suppressed", ((period, ""),))
    if row is not None and Flag.NOT_YET_AVAILABLE in row.flags:
        return Gap("not-yet-available", ((period, ""),))
    return missing_gap((period,), (row,), total=False)


_ZERO = {RatePer: "the population", ReductionOf: "the earlier count"}


def gap_status(gap: Gap) -> Status:
    """The status of a figure with no value: not-applicable for a zero denominator,
    cannot-evaluate for a refused calculation, else no-data."""
    if gap.cause == "zero":
        return Status.NOT_APPLICABLE
    if gap.cause == "error":
        return Status.CANNOT_EVALUATE
    return Status.NO_DATA


def gap_reason(gap: Gap, calculation: Calculation) -> str:
    """Why a figure has no value, in words: "no figure for 2017-18 Q2", "the total needs
    figures for 2017-18 Q1 (suppressed), 2017-18 Q2, which are missing", "nothing to
    measure: the population is 0"."""
    if gap.cause == "zero":
        return f"nothing to measure: {_ZERO.get(type(calculation), 'the denominator')} is 0"
    if gap.cause == "error":
        return gap.message
    if gap.cause == "suppressed":
        return f"the figure for {gap.periods[-1][0].label} is suppressed"
    if gap.cause == "not-yet-available":
        return f"the figure for {gap.periods[-1][0].label} is not yet available"
    labels = ", ".join(p.label + (f" ({why})" if why else "") for p, why in gap.periods)
    if gap.total:
        return f"the total needs figures for {labels}, which are missing"
    return f"no figure for {labels}"
