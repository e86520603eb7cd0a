"""Judgements of numbers against targets: a status from the fixed vocabulary, and why.

Each ``judge_*`` function returns a :class:`Judgement`: a :class:`~cspmeasures.vocabulary.Status`
and a reason in plain English that a board member can read ("75.3% meets the target of
at least 75%"). They share two keywords:

* ``describe`` writes a value into the reason (default ``f"{v:g}"``); pass one that adds
  the unit, e.g. ``lambda v: f"{v:.1%}"`` for a percentage or ``lambda v: f"{v:g} visits"``.
* ``final`` says the period the target is for is over: a shortfall is then ``missed``,
  never ``at-risk`` or ``off-track``.

A :class:`Tolerance` turns a small shortfall into ``at-risk`` (amber) instead of
``off-track`` (red) while the period is open. The judgements are pure; inputs that admit
no judgement raise :class:`~cspmeasures.errors.CalculationError`.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeAlias

import attrs

from cspmeasures.errors import CalculationError
from cspmeasures.vocabulary import Polarity, Status

__all__ = [
    "SEVERITY_ORDER",
    "Condition",
    "Judgement",
    "StatusRule",
    "Tolerance",
    "amount_edge",
    "amount_status",
    "apply_rules",
    "change_achieved",
    "change_edge",
    "change_status",
    "combine_all_of",
    "decimal_add",
    "decimal_times",
    "judge_amount",
    "judge_change",
    "judge_milestone",
    "judge_range",
    "judge_threshold",
    "milestone_status",
    "range_edges",
    "range_status",
    "relaxed_threshold",
    "threshold_status",
    "worst_status",
]

ThresholdOp: TypeAlias = Literal[">=", ">", "<=", "<"]
ConditionOp: TypeAlias = Literal[">=", ">", "<=", "<", "==", "!="]
Subject: TypeAlias = Literal["value", "percent-of-target", "date"]
MilestoneState: TypeAlias = Literal["not-started", "in-progress", "complete"]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_THRESHOLD_PHRASE = {">=": "at least", ">": "more than", "<=": "no more than", "<": "less than"}
_SUBJECTS = ("value", "percent-of-target", "date")
_MILESTONE_STATES = ("not-started", "in-progress", "complete")

#: Statuses from worst to best, as :func:`combine_all_of` ranks the parts of a composite
#: target. Not-applicable and monitor come last: they say nothing about the target and are
#: left out of a combination unless every part is one of them.
SEVERITY_ORDER: tuple[Status, ...] = (
    Status.MISSED,
    Status.OFF_TRACK,
    Status.AT_RISK,
    Status.NO_DATA,
    Status.CANNOT_EVALUATE,
    Status.NOT_YET_DUE,
    Status.ON_TRACK,
    Status.MET,
    Status.NOT_APPLICABLE,
    Status.MONITOR,
)
_IGNORED_IN_COMBINATION = (Status.NOT_APPLICABLE, Status.MONITOR)
_SEVERITY_RANK = {status: rank for rank, status in enumerate(SEVERITY_ORDER)}


def _decimal(value: float) -> Decimal:
    """The shortest decimal that reads back as ``value`` (its ``repr``)."""
    return Decimal(repr(float(value)))


def decimal_add(a: float, b: float) -> float:
    """``a + b`` in decimal arithmetic on the numbers' shortest reprs.

    Targets and tolerances are written in decimal (70%, 10 percentage points); binary
    floats would put the edge of a band a hair off (0.7 + 0.1 = 0.7999999999999999), so a
    value exactly on the edge is judged by the edge as written.
    """
    return float(_decimal(a) + _decimal(b))


def decimal_times(a: float, b: float) -> float:
    """``a * b`` in decimal arithmetic on the numbers' shortest reprs, as :func:`decimal_add`."""
    return float(_decimal(a) * _decimal(b))


def _plain(value: float) -> str:
    return f"{value:g}"


def _finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise CalculationError(f"{name} must be a finite number, not {value!r}")


def _choice(name: str, value: object, choices: Iterable[str]) -> None:
    allowed = tuple(choices)
    if value not in allowed:
        raise CalculationError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")


def _percent(fraction: float) -> str:
    """A fraction as a percentage with at most one decimal: 0.9302 -> '93%', 0.3636 -> '36.4%'."""
    text = f"{fraction * 100:.1f}".removesuffix(".0")
    return ("0" if text == "-0" else text) + "%"


def _points(fraction: float) -> str:
    """A difference of fractions in percentage points: 0.02 -> '2 percentage points'."""
    number = _percent(fraction).removesuffix("%")
    return f"{number} percentage point" + ("" if number == "1" else "s")


def _article(word: str) -> str:
    """'an' before a vowel ('an increase'), else 'a' ('a reduction')."""
    return "an" if word[0] in "aeiou" else "a"


def _grade(*, satisfied: bool, tolerated: bool, final: bool) -> Status:
    """Met if satisfied; otherwise missed once the period is over, else at-risk or off-track."""
    if satisfied:
        return Status.MET
    if final:
        return Status.MISSED
    return Status.AT_RISK if tolerated else Status.OFF_TRACK


@attrs.frozen
class Judgement:
    """A status and the reason for it, in words a board member understands."""

    status: Status
    reason: str


def _non_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise CalculationError(f"{attribute.name} must be a finite number >= 0, not {value!r}")


@attrs.frozen
class Tolerance:
    """How far short of a target still counts as at-risk rather than off-track.

    ``amount`` is in the measure's unit (0.02 for 2 percentage points, 10 for 10
    assessments) or, when ``relative``, a fraction of the target (0.05 for 5% of it).
    """

    amount: float = attrs.field(validator=_non_negative)
    relative: bool = False

    def band(self, target: float) -> float:
        """The allowed shortfall: ``amount``, or ``amount * abs(target)`` when relative."""
        if not self.relative:
            return self.amount
        return float(_decimal(self.amount) * _decimal(abs(target)))


def judge_threshold(
    value: float,
    *,
    op: ThresholdOp,
    target: float,
    tolerance: Tolerance | None = None,
    final: bool = False,
    describe: Callable[[float], str] = _plain,
) -> Judgement:
    """Whether a value meets a threshold ``value op target`` (e.g. ``>= 0.75``).

    Satisfied: met, even mid-year. Otherwise missed when ``final``; at-risk when the value
    satisfies the threshold moved by the tolerance band in the bad direction
    (``value >= target - band`` for ``>=``); else off-track.
    """
    _choice("op", op, _THRESHOLD_PHRASE)
    _finite("value", value)
    _finite("target", target)
    shown = describe(value)
    wanted = f"the target of {_THRESHOLD_PHRASE[op]} {describe(target)}"
    relaxed = relaxed_threshold(op, target, tolerance)
    status = threshold_status(value, op, target, relaxed, final)
    if status is Status.MET:
        return Judgement(status, f"{shown} meets {wanted}")
    if status is Status.MISSED:
        return Judgement(status, f"{shown} missed {wanted}")
    reason = f"{shown} does not meet {wanted}"
    if relaxed is not None:
        limit = f"{_THRESHOLD_PHRASE[op]} {describe(relaxed)}"
        within = "but is within" if status is Status.AT_RISK else "and is beyond"
        reason += f", {within} the tolerance ({limit})"
    return Judgement(status, reason)


def relaxed_threshold(op: ThresholdOp, target: float, tolerance: Tolerance | None) -> float | None:
    """The threshold moved by the tolerance band in the bad direction (``target - band``
    for ``>=`` and ``>``, ``target + band`` for ``<=`` and ``<``), in decimal; ``None``
    without a tolerance."""
    if tolerance is None:
        return None
    band = tolerance.band(target)
    return decimal_add(target, -band if op in (">=", ">") else band)


def threshold_status(
    value: float, op: ThresholdOp, target: float, relaxed: float | None, final: bool
) -> Status:
    """The status of :func:`judge_threshold` without its reason: met when ``value op
    target``; else missed when ``final``, at-risk when ``value op relaxed`` (see
    :func:`relaxed_threshold`), off-track otherwise."""
    compare = _OPS[op]
    return _grade(
        satisfied=compare(value, target),
        tolerated=relaxed is not None and compare(value, relaxed),
        final=final,
    )


def range_edges(low: float, high: float, tolerance: Tolerance | None) -> tuple[float, float] | None:
    """The range widened by the tolerance band of each bound, in decimal; ``None`` without
    a tolerance."""
    if tolerance is None:
        return None
    return (decimal_add(low, -tolerance.band(low)), decimal_add(high, tolerance.band(high)))


def range_status(
    value: float, low: float, high: float, edges: tuple[float, float] | None, final: bool
) -> Status:
    """The status of :func:`judge_range` without its reason (``edges`` from
    :func:`range_edges`)."""
    return _grade(
        satisfied=low <= value <= high,
        tolerated=edges is not None and edges[0] <= value <= edges[1],
        final=final,
    )


def judge_range(
    value: float,
    *,
    low: float,
    high: float,
    tolerance: Tolerance | None = None,
    final: bool = False,
    describe: Callable[[float], str] = _plain,
) -> Judgement:
    """Whether a value lies in the range ``low <= value <= high`` (in-range polarity).

    Inside: met. Outside: missed when ``final``; at-risk when within the tolerance band of
    the nearer bound (``band(low)`` below, ``band(high)`` above); else off-track.
    """
    _finite("value", value)
    _finite("low", low)
    _finite("high", high)
    if low > high:
        raise CalculationError(f"a range needs low <= high, not {low:g} to {high:g}")
    shown = describe(value)
    wanted = f"the target range of {describe(low)} to {describe(high)}"
    side = "below" if value < low else "above"
    edges = range_edges(low, high, tolerance)
    status = range_status(value, low, high, edges, final)
    if status is Status.MET:
        return Judgement(status, f"{shown} is within {wanted}")
    if status is Status.MISSED:
        return Judgement(status, f"{shown} missed {wanted} ({side} it)")
    reason = f"{shown} is {side} {wanted}"
    if edges is not None:
        within = "but within" if status is Status.AT_RISK else "and beyond"
        reason += f", {within} the tolerance ({describe(edges[0])} to {describe(edges[1])})"
    return Judgement(status, reason)


def judge_amount(
    actual: float,
    *,
    expected: float,
    annual: float,
    polarity: Polarity,
    tolerance: Tolerance | None = None,
    final: bool = False,
    describe: Callable[[float], str] = _plain,
    per: str = "year",
) -> Judgement:
    """An amount to date against its profile (``expected`` by now) and the period's ``annual``.

    Higher is better (a target amount): ``actual >= annual`` is met (even mid-year);
    short when ``final`` is missed; ``expected == 0`` is not-yet-due; ``actual >=
    expected`` is on-track; short by at most ``band(expected)`` is at-risk; else off-track.

    Lower is better (a cap, "no more than 50 a year"): when ``final``, ``actual <=
    annual`` is met and more is missed; in year, over ``annual`` is off-track (the cap is
    already broken), ``expected == 0`` is not-yet-due, ``actual <= expected`` is on-track,
    over by at most ``band(expected)`` is at-risk, else off-track.

    A cadence ("1 operation per quarter") is the same with ``annual`` the amount per
    shorter period; ``per`` names that period in the reason ("by quarter end").
    """
    for name, number in (("actual", actual), ("expected", expected), ("annual", annual)):
        _finite(name, number)
        if number < 0:
            raise CalculationError(f"{name} is an amount and cannot be negative, not {number:g}")
    if expected > annual:
        raise CalculationError(
            f"the amount expected by now ({expected:g}) cannot exceed the whole amount ({annual:g})"
        )
    status = amount_status(
        actual, expected, annual, polarity, amount_edge(expected, polarity, tolerance), final
    )
    done, due, whole = describe(actual), describe(expected), describe(annual)
    by_end = f"by {per} end"
    if polarity is Polarity.HIGHER_IS_BETTER:
        reason = {
            Status.MET: f"{done} to date meets the target of {whole} {by_end}",
            Status.MISSED: f"{done} {by_end} is short of the target of {whole}",
            Status.NOT_YET_DUE: f"{done} to date; nothing is expected yet ({whole} {by_end})",
            Status.ON_TRACK: f"{done} to date is "
            f"{'ahead of' if actual > expected else 'in line with'} the {due} expected by now "
            f"({whole} {by_end})",
            Status.AT_RISK: f"{done} to date is behind the {due} expected by now, within "
            f"tolerance ({whole} {by_end})",
            Status.OFF_TRACK: f"{done} to date is behind the {due} expected by now "
            f"({whole} {by_end})",
        }
        return Judgement(status, reason[status])
    cap = f"no more than {whole} {by_end}"
    if status is Status.OFF_TRACK and actual > annual:
        return Judgement(status, f"{done} to date is already over the limit of {cap}")
    reason = {
        Status.MET: f"{done} {by_end} keeps to the limit of {cap}",
        Status.MISSED: f"{done} {by_end} is over the limit of {cap}",
        Status.NOT_YET_DUE: f"{done} to date; the limit of {cap} applies at {per} end",
        Status.ON_TRACK: f"{done} to date is within the {due} allowed by now ({cap})",
        Status.AT_RISK: f"{done} to date is over the {due} allowed by now, within tolerance ({cap})",
        Status.OFF_TRACK: f"{done} to date is over the {due} allowed by now ({cap})",
    }
    return Judgement(status, reason[status])


def amount_edge(expected: float, polarity: Polarity, tolerance: Tolerance | None) -> float | None:
    """The far edge of the tolerance band around the amount expected by now, in decimal:
    ``expected - band`` when higher is better, ``expected + band`` when lower is better;
    ``None`` without a tolerance."""
    if tolerance is None:
        return None
    band = tolerance.band(expected)
    return decimal_add(expected, -band if polarity is Polarity.HIGHER_IS_BETTER else band)


def amount_status(
    actual: float,
    expected: float,
    annual: float,
    polarity: Polarity,
    edge: float | None,
    final: bool,
) -> Status:
    """The status of :func:`judge_amount` without its reason (``edge`` from
    :func:`amount_edge`); the rules are stated there."""
    if polarity is Polarity.HIGHER_IS_BETTER:
        if actual >= annual:
            return Status.MET
        if final:
            return Status.MISSED
        if expected == 0:
            return Status.NOT_YET_DUE
        if actual >= expected:
            return Status.ON_TRACK
        if edge is not None and actual >= edge:
            return Status.AT_RISK
        return Status.OFF_TRACK
    if polarity is Polarity.LOWER_IS_BETTER:
        if final:
            return Status.MET if actual <= annual else Status.MISSED
        if actual > annual:
            return Status.OFF_TRACK
        if expected == 0:
            return Status.NOT_YET_DUE
        if actual <= expected:
            return Status.ON_TRACK
        if edge is not None and actual <= edge:
            return Status.AT_RISK
        return Status.OFF_TRACK
    raise CalculationError(
        f"an amount target needs a polarity of higher or lower is better, not {polarity.value}"
    )


def judge_change(
    baseline: float,
    current: float,
    *,
    direction: Literal["reduce", "increase"],
    required: float | None,
    kind: Literal["relative", "points"],
    tolerance: Tolerance | None = None,
    final: bool = False,
    describe: Callable[[float], str] = _plain,
    in_points: bool = False,
) -> Judgement:
    """A change from a baseline against a required change ("a 10% reduction").

    The change achieved in the wanted direction (:func:`change_achieved`) is
    ``(baseline - current) / baseline`` for a relative reduction, ``(current - baseline) /
    baseline`` for a relative increase, and the percentage point change ``current -
    baseline`` (negated for a reduction) for ``kind="points"``, in decimal. It meets the target
    when ``achieved >= required``, or ``achieved > 0`` when ``required`` is ``None`` (any
    change in the direction). Short: missed when ``final``; at-risk when within
    ``band(required)`` (``band(0)`` for any change); else off-track. A relative change
    from a zero baseline is cannot-evaluate; from a negative one it raises.

    ``in_points`` (a relative change on a percent measure) tells the move in percentage
    points too, so that a relative change is never read as points: "11.0%, up 0.1
    percentage points (0.9%) on 10.9%".
    """
    _choice("direction", direction, ("reduce", "increase"))
    _choice("kind", kind, ("relative", "points"))
    _finite("baseline", baseline)
    _finite("current", current)
    if required is not None:
        _finite("required", required)
        if required < 0:
            raise CalculationError(
                f"required is the size of the change wanted, not negative: {required:g}"
            )
    span = f"from {describe(baseline)} to {describe(current)}"
    reducing = direction == "reduce"
    achieved = change_achieved(baseline, current, direction, kind)
    if achieved is None:
        return Judgement(
            Status.CANNOT_EVALUATE,
            f"A percentage change cannot be measured from a baseline of 0 ({span})",
        )
    if kind == "relative":
        size = _percent
        good, bad = ("reduction", "increase") if reducing else ("increase", "reduction")
    else:
        size = _points
        good, bad = ("fall", "rise") if reducing else ("rise", "fall")
    if achieved > 0:
        made = f"{_article(good).title()} {good} of {size(achieved)} ({span})"
    elif achieved < 0:
        made = f"{_article(bad).title()} {bad} of {size(-achieved)} ({span})"
    else:
        made = f"No change ({span})"
    if in_points and kind == "relative":
        made = _moved_in_points(baseline, current, abs(achieved), describe)
    if required is None:
        wanted = f"the target of any {good}"
    else:
        wanted = f"the target of {_article(good)} {good} of at least {size(required)}"
    status = change_status(achieved, required, change_edge(required, tolerance), final)
    verdict = {
        Status.MET: f"meets {wanted}",
        Status.MISSED: f"missed {wanted}",
        Status.AT_RISK: f"is short of {wanted}, but within tolerance",
        Status.OFF_TRACK: f"does not meet {wanted}",
    }[status]
    return Judgement(status, f"{made} {verdict}")


def _moved_in_points(
    baseline: float, current: float, relative: float, describe: Callable[[float], str]
) -> str:
    """``current``, its move from ``baseline`` in percentage points and, in brackets, as a
    percentage of the baseline: "11.0%, up 0.1 percentage points (0.9%) on 10.9%,"."""
    points = _decimal(current) - _decimal(baseline)
    if points == 0:
        return f"{describe(current)}, no change on {describe(baseline)},"
    way = "up" if points > 0 else "down"
    return (
        f"{describe(current)}, {way} {_points(float(abs(points)))} ({_percent(relative)}) "
        f"on {describe(baseline)},"
    )


def change_achieved(
    baseline: float,
    current: float,
    direction: Literal["reduce", "increase"],
    kind: Literal["relative", "points"],
) -> float | None:
    """The change achieved in the wanted direction (see :func:`judge_change`); ``None`` for
    a relative change from a zero baseline, which cannot be measured.

    Worked in decimal on the numbers as written, so that a change of exactly the size
    wanted meets it: 30% to 25% is a fall of 0.05 (binary floats give 0.04999999999999999)
    and 0.3 to 0.27 a reduction of 0.1 (not 0.09999999999999991).
    """
    if kind == "relative":
        if baseline == 0:
            return None
        if baseline < 0:
            raise CalculationError(f"a relative change needs a positive baseline, not {baseline:g}")
    old, new = _decimal(baseline), _decimal(current)
    change = new - old if kind == "points" else (new - old) / old
    return float(-change if direction == "reduce" else change)


def change_edge(required: float | None, tolerance: Tolerance | None) -> float | None:
    """The smallest achieved change still within tolerance: ``required - band(required)``
    in decimal, or ``-band(0)`` for any change; ``None`` without a tolerance."""
    if tolerance is None:
        return None
    if required is None:
        return -tolerance.band(0.0)
    return decimal_add(required, -tolerance.band(required))


def change_status(
    achieved: float, required: float | None, edge: float | None, final: bool
) -> Status:
    """The status of :func:`judge_change` without its reason (``edge`` from
    :func:`change_edge`): met when ``achieved >= required`` (``> 0`` for any change)."""
    if required is None:
        satisfied = achieved > 0
        tolerated = edge is not None and achieved > edge
    else:
        satisfied = achieved >= required
        tolerated = edge is not None and achieved >= edge
    return _grade(satisfied=satisfied, tolerated=tolerated, final=final)


def milestone_status(
    state: MilestoneState | None, *, due: date | None, as_of: date, final: bool = False
) -> Status:
    """The status of :func:`judge_milestone` without its reason; the rules are stated there."""
    if state is None:
        return Status.NO_DATA
    if state == "complete":
        return Status.MET
    if final:
        return Status.MISSED
    if due is not None and as_of > due:
        return Status.OFF_TRACK
    return Status.ON_TRACK if state == "in-progress" else Status.NOT_YET_DUE


def worst_status(statuses: Sequence[Status]) -> Status:
    """The status of :func:`combine_all_of` without its reason: the worst part by
    :data:`SEVERITY_ORDER`, leaving out not-applicable and monitor parts unless every part
    is one of them."""
    if not statuses:
        raise CalculationError("a combined target needs at least one part")
    counted = [s for s in statuses if s not in _IGNORED_IN_COMBINATION] or statuses
    return min(counted, key=_SEVERITY_RANK.__getitem__)


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def judge_milestone(
    state: MilestoneState | None, *, due: date | None, as_of: date, final: bool = False
) -> Judgement:
    """A milestone's state on ``as_of`` against its due date.

    Complete: met. No state reported: no-data. Not complete: missed when ``final``;
    off-track once ``as_of`` is after ``due``; before then (or with no due date)
    on-track when in progress and not-yet-due when not started.
    """
    if state is not None:
        _choice("state", state, _MILESTONE_STATES)
    status = milestone_status(state, due=due, as_of=as_of, final=final)
    doing = "In progress" if state == "in-progress" else "Not started"
    when = "no due date" if due is None else f"due {_long_date(due)}"
    reason = {
        Status.NO_DATA: "No progress has been reported",
        Status.MET: "Complete",
        Status.MISSED: f"{doing} when the period ended",
        Status.OFF_TRACK: f"{doing}, overdue since {_long_date(due) if due else ''}",
        Status.ON_TRACK: f"In progress, {when}",
        Status.NOT_YET_DUE: f"Not started, {when}",
    }[status]
    return Judgement(status, reason)


def combine_all_of(judgements: Sequence[Judgement]) -> Judgement:
    """The status of a target made of parts that must all be met.

    Met only when every part is met; otherwise the worst part by :data:`SEVERITY_ORDER`
    (missed > off-track > at-risk > no-data > cannot-evaluate > not-yet-due > on-track >
    met). Not-applicable and monitor parts are left out, unless every part is one of them:
    then not-applicable if any part is, else monitor. The reason counts the met parts among
    those judged, says how many were left out, and lists every part.
    """
    if not judgements:
        raise CalculationError("a combined target needs at least one part")
    counted = [j for j in judgements if j.status not in _IGNORED_IN_COMBINATION]
    worst = worst_status([j.status for j in judgements])
    met = sum(j.status is Status.MET for j in counted)
    parts = "; ".join(
        f"{'Part' if number == 1 else 'part'} {number} ({j.status.value}): {j.reason}"
        for number, j in enumerate(judgements, 1)
    )
    judged, left_out = len(counted), len(judgements) - len(counted)
    head = f"{met} of {judged} {'part' if judged == 1 else 'parts'} met"
    if left_out:
        head += f", {left_out} not judged"
    if not counted:
        head = "No part has a target to judge"
    return Judgement(worst, f"{head}. {parts}")


# --------------------------------------------------------------------------- status rules


def _check_subject(instance: Condition, attribute: attrs.Attribute[str], value: str) -> None:
    _choice("a condition's subject", value, _SUBJECTS)


def _check_op(instance: Condition, attribute: attrs.Attribute[str], value: str) -> None:
    _choice("a condition's op", value, _OPS)


@attrs.frozen
class Condition:
    """One test of a status rule: ``subject op operand``, e.g. ``percent-of-target >= 0.9``.

    ``subject`` is ``"value"`` or ``"percent-of-target"`` (with a number as operand) or
    ``"date"`` (with a date). A condition whose subject has no value never holds.
    """

    subject: Subject = attrs.field(validator=_check_subject)
    op: ConditionOp = attrs.field(validator=_check_op)
    operand: float | date

    def __attrs_post_init__(self) -> None:
        if self.subject == "date":
            if not isinstance(self.operand, date):
                raise CalculationError(
                    f"a condition on the date needs a date operand, not {self.operand!r}"
                )
        elif isinstance(self.operand, (date, bool)) or not isinstance(self.operand, (int, float)):
            raise CalculationError(
                f"a condition on the {self.subject} needs a number operand, not {self.operand!r}"
            )
        else:
            _finite("a condition's operand", self.operand)

    def holds(self, subject_value: float | date | None) -> bool:
        """Whether ``subject_value op operand``; never when ``subject_value`` is ``None``."""
        return subject_value is not None and _OPS[self.op](subject_value, self.operand)

    def __str__(self) -> str:
        operand = (
            self.operand.isoformat() if isinstance(self.operand, date) else f"{self.operand:g}"
        )
        return f"{self.subject} {self.op} {operand}"


def _conditions(items: Iterable[Condition]) -> tuple[Condition, ...]:
    return tuple(items)


@attrs.frozen
class StatusRule:
    """A status given when every condition holds; no conditions means "otherwise"."""

    status: Status
    when: tuple[Condition, ...] = attrs.field(default=(), converter=_conditions)

    def __str__(self) -> str:
        return " and ".join(str(c) for c in self.when) or "otherwise"


def apply_rules(
    rules: Sequence[StatusRule],
    *,
    value: float | None = None,
    percent_of_target: float | None = None,
    on_date: date | None = None,
) -> Judgement | None:
    """The status of the first rule whose conditions all hold, or ``None`` if none does.

    Rules are tried in order (as in Power BI Goals and ClearPoint); the reason names the
    rule by its 1-based position and conditions: ``"rule 2: percent-of-target >= 0.9"``.
    """
    subjects: dict[str, float | date | None] = {
        "value": value,
        "percent-of-target": percent_of_target,
        "date": on_date,
    }
    for number, rule in enumerate(rules, 1):
        if all(c.holds(subjects[c.subject]) for c in rule.when):
            return Judgement(rule.status, f"rule {number}: {rule}")
    return None
