"""The target expression language: short strings such as ``">= 75%"`` <-> Target objects.

Grammar (keywords are case-insensitive; QTY is a number with an optional unit such as
``75%``, ``840 assessments`` or ``2 percentage points``)::

    target     := "none" | "monitor"
                | "judged"
                | OP QTY                          threshold: ">= 75%", "at most 50%"
                | QTY                             threshold read with the polarity: "100%"
                | "between" QTY "and" QTY         range (in-range polarity)
                | QTY "per" PERIOD [DUE]          amount: "840 assessments per year"
                | QTY ("reduction" | "increase") [ON NAME]
                | ("reduce" | "increase") [ON NAME]
                | RELATION NAME                   "better than Kent"
                | "benchmark" NAME                "benchmark dec-2015"
                | TEXT ("by" | "due") DATE        milestone: "New services in place by 2018-04-01"
    OP         := ">=" | ">" | "<=" | "<" | "at least" | "no less than" | "more than"
                | "over" | "at most" | "no more than" | "less than" | "under" | "fewer than"
    PERIOD     := "year" | "quarter" | "month"   (also "annum", "annually", "quarterly", "monthly")
    DUE        := "due at end" | "by year end" | "by the end of the year"
    ON         := "on" | "against" | "from" | "compared with"
    RELATION   := "better than" | "no worse than" | "similar to"

Numbers are read from their digits (no binary rounding); a percentage is stored as a
fraction of one. Units are checked against the measure's unit with pint.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Literal

import attrs

from cspmeasures import units
from cspmeasures.calc.profiles import DueAtEndProfile, EvenProfile, ExplicitProfile
from cspmeasures.calc.status import Condition, Tolerance
from cspmeasures.errors import CspMeasuresError, PeriodError
from cspmeasures.model import (
    AllOfTarget,
    AmountTarget,
    BenchmarkTarget,
    ChangeTarget,
    ComparatorTarget,
    JudgedTarget,
    MilestoneTarget,
    NoTarget,
    Operator,
    RangeTarget,
    Target,
    ThresholdTarget,
)
from cspmeasures.periods import PERIOD_WORDS, Frequency, parse_date
from cspmeasures.vocabulary import Polarity

__all__ = [
    "ExpressionError",
    "MeasureContext",
    "format_quantity",
    "format_target",
    "format_tolerance",
    "parse_condition",
    "parse_target",
    "parse_tolerance",
    "parse_value",
    "percent_number",
]


class ExpressionError(CspMeasuresError, ValueError):
    """An expression that cannot be read; the loader adds the file and line."""


@attrs.frozen
class MeasureContext:
    """What a target expression is read against: the measure's unit and polarity."""

    unit: str = ""
    polarity: Polarity = Polarity.NONE
    #: the count units the catalogue declares; None for the measure's own unit alone
    count_units: frozenset[str] | None = None

    @property
    def known_count_units(self) -> frozenset[str]:
        """The count units an expression may name: the catalogue's, else the measure's own."""
        if self.count_units is not None:
            return self.count_units
        return frozenset((self.unit,)) if self.unit else frozenset()

    @property
    def is_percent(self) -> bool:
        return self.unit == units.PERCENT


_OPERATORS: dict[str, Operator] = {
    ">=": ">=",
    "=>": ">=",
    ">": ">",
    "<=": "<=",
    "=<": "<=",
    "<": "<",
    "at least": ">=",
    "no less than": ">=",
    "not less than": ">=",
    "more than": ">",
    "over": ">",
    "above": ">",
    "at most": "<=",
    "no more than": "<=",
    "not more than": "<=",
    "less than": "<",
    "fewer than": "<",
    "under": "<",
    "below": "<",
}
_OP_WORDS = sorted(_OPERATORS, key=len, reverse=True)
_PERIOD_WORD = {Frequency.YEAR: "year", Frequency.QUARTER: "quarter", Frequency.MONTH: "month"}
_RELATIONS: dict[str, Literal["better-than", "no-worse-than", "similar-to"]] = {
    "better than": "better-than",
    "no worse than": "no-worse-than",
    "similar to": "similar-to",
}
_DUE_AT_END = re.compile(
    r"\s*,?\s*(?:due at (?:the )?end|by (?:the )?(?:year end|end of the year))$"
)
_AMOUNT = re.compile(r"^(?P<qty>.+?)\s+per\s+(?P<period>[a-z]+)$", re.IGNORECASE)
_CHANGE = re.compile(
    r"^(?:(?P<qty>.+?)\s+)?(?P<dir>reduction|reduce|decrease|increase)"
    r"(?:\s+(?:on|against|from|compared with|compared to)\s+(?P<base>\S.*))?$",
    re.IGNORECASE,
)
#: '... by 2018-03-31' (or any date parse_date reads: '... by 31/03/2018', '... by 31 Mar 2018')
_MILESTONE = re.compile(
    r"^(?P<text>.+?)\s+(?:by|due)\s+"
    r"(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}[ -][A-Za-z]+\.?[ -]\d{4})$"
)
_BETWEEN = re.compile(r"^between\s+(?P<low>.+?)\s+and\s+(?P<high>.+)$", re.IGNORECASE)


def parse_value(text: str, context: MeasureContext, *, what: str = "target") -> float:
    """A level in the measure's unit: ``75%`` -> 0.75 on a percent measure, ``840`` -> 840.0."""
    quantity = _quantity(text, context)
    return _level(quantity, text, context, what)


def _quantity(text: str, context: MeasureContext) -> units.Quantity:
    try:
        return units.parse_quantity(text, context.known_count_units)
    except units.UnitProblem as exc:
        raise ExpressionError(str(exc)) from None


def _level(quantity: units.Quantity, text: str, context: MeasureContext, what: str) -> float:
    if quantity.is_percentage_point:
        raise ExpressionError(
            f"{text.strip()!r} is a difference (percentage points); a {what} level is "
            f"written in percent, e.g. '{quantity.magnitude}%'"
        )
    if context.is_percent:
        if quantity.unit != units.PERCENT:
            raise ExpressionError(
                f"the measure is in percent: write the {what} as a percentage such as "
                f"'{quantity.magnitude}%', found {text.strip()!r}"
            )
        return float(quantity.magnitude / 100)
    if quantity.unit == units.PERCENT:
        if not context.unit:
            raise ExpressionError(
                f"the measure declares no unit: add 'unit: percent' to write its {what} as a "
                f"percentage, found {text.strip()!r}"
            )
        raise ExpressionError(
            f"the measure is in {context.unit}, not percent: found {text.strip()!r}"
        )
    return _convert(quantity, context, text)


def _convert(quantity: units.Quantity, context: MeasureContext, text: str) -> float:
    if not quantity.unit:
        return float(quantity.magnitude)
    if not context.unit:
        raise ExpressionError(
            f"{text.strip()!r} has the unit {quantity.unit} but the measure declares no unit"
        )
    try:
        converted = float(quantity.magnitude * units.factor(quantity.unit, context.unit))
    except units.UnitProblem as exc:
        raise ExpressionError(
            f"{exc}: the measure counts {context.unit}, found {text.strip()!r}"
        ) from None
    if converted in (float("inf"), float("-inf")):
        raise ExpressionError(f"{text.strip()!r} is too large in {context.unit}")
    return converted


def parse_target(text: str, context: MeasureContext) -> Target:
    """Read a target expression (see the module docstring for the grammar)."""
    source = " ".join(text.split())
    lowered = source.lower()
    if not source:
        raise ExpressionError("expected a target, found an empty string (write 'none' to monitor)")
    if lowered in ("none", "monitor", "monitor only"):
        return NoTarget()
    if lowered == "judged":
        return JudgedTarget("")
    for word, relation in _RELATIONS.items():
        if lowered.startswith(word + " "):
            return ComparatorTarget(relation, source[len(word) :].strip())
    if lowered.startswith("benchmark "):
        return BenchmarkTarget(source[len("benchmark ") :].strip())
    between = _BETWEEN.match(source)
    if between:
        low = parse_value(between["low"], context)
        high = parse_value(between["high"], context)
        if low > high:
            raise ExpressionError(f"the range {source!r} is upside down: the low end comes first")
        return RangeTarget(low, high)
    milestone = _MILESTONE.match(source)
    if milestone:
        return MilestoneTarget(milestone["text"], _date(milestone["date"]))
    change = _CHANGE.match(source)
    if change:
        return _change(change, context, source)
    due_at_end = _DUE_AT_END.search(source)
    body = source[: due_at_end.start()] if due_at_end else source
    amount = _AMOUNT.match(body)
    if amount:
        return _amount(amount["qty"], amount["period"], context, due_at_end is not None)
    if due_at_end:
        raise ExpressionError(
            "'due at end' needs an amount per period, e.g. '1 campaign per year due at end'"
        )
    return _threshold(source, context)


def _threshold(source: str, context: MeasureContext) -> ThresholdTarget:
    lowered = source.lower()
    for word in _OP_WORDS:
        if lowered.startswith(word):
            rest = source[len(word) :]
            if word[0].isalpha() and rest[:1] not in (" ", ""):
                continue
            return ThresholdTarget(_OPERATORS[word], parse_value(rest, context))
    if not re.match(r"^\s*[+-]?[\d.]", source):
        raise ExpressionError(
            f"cannot read {source!r} as a target: expected e.g. '>= 75%', '840 assessments "
            "per year', '10% reduction on 2016-17', 'better than Kent', "
            "'New services in place by 2018-04-01', 'judged' or 'none'"
        )
    value = parse_value(source, context)
    if context.polarity is Polarity.HIGHER_IS_BETTER:
        return ThresholdTarget(">=", value)
    if context.polarity is Polarity.LOWER_IS_BETTER:
        return ThresholdTarget("<=", value)
    raise ExpressionError(
        f"{source!r} has no direction and the measure's polarity is "
        f"{context.polarity.value}: write '>= {source}' or '<= {source}', or set the polarity"
    )


def _amount(qty: str, period: str, context: MeasureContext, due_at_end: bool) -> AmountTarget:
    frequency = PERIOD_WORDS.get(period.lower())
    if frequency is None:
        raise ExpressionError(
            f"expected 'per year', 'per quarter' or 'per month', found 'per {period}'"
        )
    quantity = _quantity(qty, context)
    if quantity.unit in (units.PERCENT, units.PERCENTAGE_POINT):
        raise ExpressionError(f"an amount per {period} is a count, found {qty!r}")
    amount = _convert(quantity, context, qty)
    if amount < 0:
        raise ExpressionError(f"an amount cannot be negative, found {qty!r}")
    profile = DueAtEndProfile() if due_at_end else EvenProfile()
    return AmountTarget(amount, frequency, profile)


def _change(match: re.Match[str], context: MeasureContext, source: str) -> ChangeTarget:
    direction: Literal["reduce", "increase"] = (
        "increase" if match["dir"].lower() == "increase" else "reduce"
    )
    baseline = match["base"].strip() if match["base"] else None
    qty = match["qty"]
    if qty is None:
        return ChangeTarget(direction, None, "relative", baseline)
    quantity = _quantity(qty, context)
    if quantity.magnitude < 0:
        raise ExpressionError(f"write the size of the change without a sign, found {qty!r}")
    if quantity.unit == units.PERCENT:
        return ChangeTarget(direction, float(quantity.magnitude / 100), "relative", baseline)
    if quantity.unit == units.PERCENTAGE_POINT:
        if not context.is_percent:
            raise ExpressionError(
                f"percentage points are a change in a percentage; the measure is in "
                f"{context.unit or 'plain numbers'}"
            )
        return ChangeTarget(direction, float(quantity.magnitude / 100), "points", baseline)
    if context.is_percent:
        raise ExpressionError(
            f"a change in a percentage is written '10% {direction}' (relative) or "
            f"'2 percentage points {direction}' (absolute), found {qty!r}"
        )
    return ChangeTarget(direction, _convert(quantity, context, qty), "points", baseline)


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except PeriodError as exc:
        raise ExpressionError(str(exc)) from None


def parse_tolerance(text: str, context: MeasureContext) -> Tolerance:
    """``2 percentage points`` / ``10 assessments`` (absolute) or ``5% of target`` (relative)."""
    source = " ".join(text.split())
    relative = re.fullmatch(r"(.+?)\s+of (?:the )?target", source, re.IGNORECASE)
    quantity = _quantity(relative[1] if relative else source, context)
    if quantity.magnitude < 0:
        raise ExpressionError(f"a tolerance cannot be negative, found {source!r}")
    if relative:
        if quantity.unit != units.PERCENT:
            raise ExpressionError(
                f"a relative tolerance is a percentage of the target, e.g. '5% of target', found {source!r}"
            )
        return Tolerance(float(quantity.magnitude / 100), relative=True)
    if context.is_percent:
        if quantity.unit == units.PERCENTAGE_POINT:
            return Tolerance(float(quantity.magnitude / 100))
        raise ExpressionError(
            f"on a percentage, write the tolerance as '{quantity.magnitude} percentage points' "
            f"(absolute) or '{quantity.magnitude}% of target' (relative), found {source!r}"
        )
    if quantity.unit in (units.PERCENT, units.PERCENTAGE_POINT):
        raise ExpressionError(
            f"the measure is not a percentage: write e.g. '{quantity.magnitude}% of target' or "
            f"an amount in {context.unit or 'its unit'}, found {source!r}"
        )
    return Tolerance(_convert(quantity, context, source))


_CONDITION = re.compile(
    r"^(?P<subject>value|percent-of-target|date)\s*(?P<op>>=|<=|==|!=|>|<)\s*(?P<operand>\S.*)$",
    re.IGNORECASE,
)


def parse_condition(text: str, context: MeasureContext) -> Condition:
    """A status-rule condition: ``value >= 75%``, ``percent-of-target >= 90%``, ``date > 2018-04-01``."""
    source = " ".join(text.split())
    match = _CONDITION.match(source)
    if not match:
        raise ExpressionError(
            f"cannot read {source!r} as a condition: expected 'value >= 75%', "
            "'percent-of-target >= 90%' or 'date > 2018-04-01'"
        )
    subject = match["subject"].lower()
    operand_text = match["operand"]
    operand: float | dt.date
    if subject == "date":
        operand = _date(operand_text.strip())
    elif subject == "percent-of-target":
        quantity = _quantity(operand_text, context)
        if quantity.unit != units.PERCENT:
            raise ExpressionError(
                f"percent-of-target is compared with a percentage, found {operand_text!r}"
            )
        operand = float(quantity.magnitude / 100)
    else:
        operand = parse_value(operand_text, context, what="condition")
    return Condition(subject, match["op"], operand)  # type: ignore[arg-type]


# --- writing ---------------------------------------------------------------------------


def _decimal_text(value: float) -> str:
    return format(Decimal(repr(value)).normalize(), "f")


def format_quantity(value: float, context: MeasureContext) -> str:
    """A level as written in a catalogue: 0.75 -> ``75%``; 840 -> ``840 assessments``."""
    if context.is_percent:
        return percent_number(value) + "%"
    number = _decimal_text(value)
    if not context.unit:
        return number
    return f"{number} {units.unit_words(context.unit, value)}"


def percent_number(fraction: float) -> str:
    """A fraction written as a number of percent, exactly as decimal: 0.125 -> ``12.5``,
    0.07 -> ``7`` (no binary noise such as 7.000000000000001), 1e16 -> 1 and 18 zeros."""
    return format((Decimal(repr(fraction)) * 100).normalize(), "f")


def format_tolerance(tolerance: Tolerance, context: MeasureContext) -> str:
    """The tolerance as written: ``2 percentage points``, ``5% of target``, ``10 assessments``."""
    if tolerance.relative:
        return percent_number(tolerance.amount) + "% of target"
    if context.is_percent:
        amount = percent_number(tolerance.amount)
        return f"{amount} percentage point" + ("" if amount == "1" else "s")
    return format_quantity(tolerance.amount, context)


_OP_TEXT = {">=": ">=", ">": ">", "<=": "<=", "<": "<"}


def format_target(target: Target, context: MeasureContext) -> str:
    """A one-line description of the target, in the expression language where it can be."""
    if isinstance(target, NoTarget):
        return "none"
    if isinstance(target, ThresholdTarget):
        return f"{_OP_TEXT[target.op]} {format_quantity(target.value, context)}"
    if isinstance(target, RangeTarget):
        low = format_quantity(target.low, context)
        return f"between {low} and {format_quantity(target.high, context)}"
    if isinstance(target, AmountTarget):
        text = f"{format_quantity(target.amount, context)} per {_PERIOD_WORD[target.per]}"
        if isinstance(target.profile, DueAtEndProfile):
            text += " due at end"
        elif isinstance(target.profile, ExplicitProfile):
            shares = ", ".join(_decimal_text(s) for s in target.profile.shares)
            text += f" (profile {shares})"
        return text
    if isinstance(target, ChangeTarget):
        word = "reduction" if target.direction == "reduce" else "increase"
        if target.by is None:
            text = target.direction
        elif target.change == "relative":
            text = f"{percent_number(target.by)}% {word}"
        elif context.is_percent:
            points = percent_number(target.by)
            text = f"{points} percentage point{'' if points == '1' else 's'} {word}"
        else:
            text = f"{format_quantity(target.by, context)} {word}"
        return f"{text} on {target.baseline}" if target.baseline else text
    if isinstance(target, ComparatorTarget):
        return f"{target.relation.replace('-', ' ')} {target.comparator}"
    if isinstance(target, BenchmarkTarget):
        return f"benchmark {target.baseline}"
    if isinstance(target, MilestoneTarget):
        return (
            f"{target.description} by {target.due.isoformat()}"
            if target.due
            else target.description
        )
    if isinstance(target, JudgedTarget):
        return f"judged: {target.description}" if target.description else "judged"
    if isinstance(target, AllOfTarget):
        return " and ".join(format_target(part, context) for part in target.parts)
    raise TypeError(f"not a target: {target!r}")  # pragma: no cover
