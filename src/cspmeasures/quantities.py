"""Quantities in a measure's unit: read from text (``75%``, ``840 assessments``) and written
back exactly (0.075 -> ``7.5%``), with the measure context they are read against.

Numbers are read from their digits (no binary rounding); a percentage is held as a fraction
of one; units are checked against the measure's unit with pint (through :mod:`units`).
Every target kind (:mod:`cspmeasures.kinds`) reads and writes its levels through these.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from cspmeasures import units
from cspmeasures.errors import CspMeasuresError, PeriodError
from cspmeasures.periods import Frequency, parse_date
from cspmeasures.vocabulary import Polarity

__all__ = [
    "PERIOD_NAMES",
    "ExpressionError",
    "MeasureContext",
    "convert",
    "decimal_text",
    "format_quantity",
    "parse_value",
    "percent_number",
    "read_date",
    "read_quantity",
]

#: how an amount's period is written: "per year", "per quarter", "per month"
PERIOD_NAMES = {Frequency.YEAR: "year", Frequency.QUARTER: "quarter", Frequency.MONTH: "month"}


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


def parse_value(text: str, context: MeasureContext, *, what: str = "target") -> float:
    """A level in the measure's unit: ``75%`` -> 0.75 on a percent measure, ``840`` -> 840.0."""
    quantity = read_quantity(text, context)
    return _level(quantity, text, context, what)


def read_quantity(text: str, context: MeasureContext) -> units.Quantity:
    """A number with its unit, read with pint; an ExpressionError when it cannot be."""
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
    return convert(quantity, context, text)


def convert(quantity: units.Quantity, context: MeasureContext, text: str) -> float:
    """A count quantity in the measure's unit (``2 dozen`` -> 24 when it counts items)."""
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


def read_date(text: str) -> dt.date:
    """A date as :func:`cspmeasures.periods.parse_date` reads it, or an ExpressionError."""
    try:
        return parse_date(text)
    except PeriodError as exc:
        raise ExpressionError(str(exc)) from None


def decimal_text(value: float) -> str:
    """A float as the shortest decimal that reads back as it: 0.1 -> ``0.1``, 1e3 -> ``1000``."""
    return format(Decimal(repr(value)).normalize(), "f")


def format_quantity(value: float, context: MeasureContext) -> str:
    """A level as written in a catalogue: 0.75 -> ``75%``; 840 -> ``840 assessments``."""
    if context.is_percent:
        return percent_number(value) + "%"
    number = decimal_text(value)
    if not context.unit:
        return number
    return f"{number} {units.unit_words(context.unit, value)}"


def percent_number(fraction: float) -> str:
    """A fraction written as a number of percent, exactly as decimal: 0.125 -> ``12.5``,
    0.07 -> ``7`` (no binary noise such as 7.000000000000001), 1e16 -> 1 and 18 zeros."""
    return format((Decimal(repr(fraction)) * 100).normalize(), "f")
