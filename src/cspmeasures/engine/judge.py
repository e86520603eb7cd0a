"""The judgement of one measure as at a day, the same whether the figures come from the
actuals (an evaluation) or from the facts it recorded (its words).

Rules (see docs/methods.md for the full statement):

* **Which period.** The latest period of the measure's frequency that has ended by the
  day, moved back by the measure's ``data_lag``, is the one *expected*; a later figure,
  where one has arrived early, is used instead. Periods after the plan's year are never
  used.
* **Which status.** From the target's kind (:mod:`cspmeasures.kinds`), on the unrounded
  value unless the catalogue says ``judge_on: rounded``; a measure's ``status_rules``
  take precedence when one matches.
"""

from __future__ import annotations

import datetime as dt

import attrs

from cspmeasures.calc.rounding import format_percent, round_half_up
from cspmeasures.calc.status import Condition, Judgement, apply_rules
from cspmeasures.engine.context import Context, Figure
from cspmeasures.engine.plans import due_periods
from cspmeasures.kinds import kind_of
from cspmeasures.periods import Period
from cspmeasures.vocabulary import Status

__all__ = ["Outcome", "judge_measure"]


@attrs.frozen
class Outcome:
    """A measure's judgement with what it was made from: the period used and the one
    expected by now, the figure, the amount expected by now and the rounded value judged
    (when the catalogue judges rounded values)."""

    judgement: Judgement
    period: Period | None = None
    expected_period: Period | None = None
    figure: Figure | None = None
    expected: float | None = None
    judged: float | None = None


def judge_measure(ctx: Context) -> Outcome:
    """The measure's judgement as at ``ctx.day``, with the working in ``ctx.steps``."""
    measure = ctx.measure
    target = measure.target
    kind = kind_of(target)
    if ctx.day < ctx.year.start and not kind.monitor:
        return Outcome(
            Judgement(Status.NOT_YET_DUE, f"the plan's year {ctx.year.label} has not started")
        )
    if not kind.needs_figure(target):
        judgement, period = kind.judge_recorded(ctx, target)
        return Outcome(judgement, period)
    due = due_periods(ctx.year, ctx.day, measure.frequency, measure.data_lag)
    if not due:
        if kind.monitor:
            return Outcome(
                Judgement(Status.MONITOR, "no target: a context figure, and none is due yet")
            )
        return Outcome(Judgement(Status.NOT_YET_DUE, "no figure is due yet in the plan's year"))
    expected_period = due[-1]
    period = ctx.period = ctx.period_used(due)
    ctx.steps.append(
        f"period used: {period.label} (expected by now: {expected_period.label}, "
        f"data lag {measure.data_lag})"
    )
    spanned = kind.judge_span(ctx, target, period)
    if spanned is not None:  # the target adds the figures up over its own span
        (judgement, expected, percent), figure = spanned
        if measure.status_rules and figure.value is not None:
            judgement = _apply_rules(ctx, figure.value, percent, judgement)
        return Outcome(judgement, period, expected_period, figure, expected)
    figure = ctx.figure(period)
    if figure.numerator is not None:
        ctx.steps.append(f"inputs: {ctx.describe_inputs(figure)}")
    if figure.value is None:
        missing = kind.judge_missing(ctx, target, ctx.missing(figure))
        return Outcome(missing, period, expected_period, figure)
    value = figure.value
    judged: float | None = None
    if ctx.judges_rounded():
        scale = 100 if measure.is_percent else 1
        judged = float(round_half_up(value * scale, ctx.decimals)) / scale
        ctx.steps.append(f"judged on the rounded value {ctx.show(judged)}")
        value = judged
    judgement, expected, percent = kind.judge(ctx, target, period, value, figure)
    if measure.status_rules:
        judgement = _apply_rules(ctx, value, percent, judgement)
    return Outcome(judgement, period, expected_period, figure, expected, judged)


def _apply_rules(
    ctx: Context, value: float, percent: float | None, judgement: Judgement
) -> Judgement:
    """The first status rule whose conditions hold (calc.status.apply_rules), in words; the
    target's judgement when none holds."""
    rules = ctx.measure.status_rules
    ruled = apply_rules(rules, value=value, percent_of_target=percent, on_date=ctx.day)
    if ruled is None:
        return judgement
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
