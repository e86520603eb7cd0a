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

Each kind's form is read and written by its module in :mod:`cspmeasures.kinds`; this
module holds the language's entry points and the tolerance and status-rule conditions.
"""

from __future__ import annotations

import datetime as dt
import re

from cspmeasures import units
from cspmeasures.calc.status import Condition, Tolerance
from cspmeasures.kinds import format_target, parse_target
from cspmeasures.quantities import (
    ExpressionError,
    MeasureContext,
    convert,
    format_quantity,
    parse_value,
    percent_number,
    read_date,
    read_quantity,
)

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


def parse_tolerance(text: str, context: MeasureContext) -> Tolerance:
    """``2 percentage points`` / ``10 assessments`` (absolute) or ``5% of target`` (relative)."""
    source = " ".join(text.split())
    relative = re.fullmatch(r"(.+?)\s+of (?:the )?target", source, re.IGNORECASE)
    quantity = read_quantity(relative[1] if relative else source, context)
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
    return Tolerance(convert(quantity, context, source))


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
        operand = read_date(operand_text.strip())
    elif subject == "percent-of-target":
        quantity = read_quantity(operand_text, context)
        if quantity.unit != units.PERCENT:
            raise ExpressionError(
                f"percent-of-target is compared with a percentage, found {operand_text!r}"
            )
        operand = float(quantity.magnitude / 100)
    else:
        operand = parse_value(operand_text, context, what="condition")
    return Condition(subject, match["op"], operand)  # type: ignore[arg-type]


# --- writing ---------------------------------------------------------------------------


def format_tolerance(tolerance: Tolerance, context: MeasureContext) -> str:
    """The tolerance as written: ``2 percentage points``, ``5% of target``, ``10 assessments``."""
    if tolerance.relative:
        return percent_number(tolerance.amount) + "% of target"
    if context.is_percent:
        amount = percent_number(tolerance.amount)
        return f"{amount} percentage point" + ("" if amount == "1" else "s")
    return format_quantity(tolerance.amount, context)
