"""Rounding for display: half up, on the decimal a person would read.

A float such as ``2.675`` is stored as 2.67499999…, so Python's ``round`` gives 2.67.
Here a float is first read back as the shortest decimal that names it (its ``repr``,
``2.675``) and that decimal is rounded half up, as published tables and spreadsheets
do: 0.125 → 0.13, 16.65 → 16.7, 2.675 → 2.68. Halves round away from zero, so negative
values mirror positive ones (−0.125 → −0.13), and a result of zero is never shown as
"−0". Percentages are worked out from fractions in decimal arithmetic before rounding,
so the fraction 0.4445 shows as 44.5%, not 44.4%. Pure: no I/O.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

from cspmeasures.errors import CalculationError

__all__ = [
    "format_number",
    "format_percent",
    "format_percent_change",
    "format_percentage_points",
    "round_half_up",
]

MAX_DECIMALS = 12

# enough digits for any float (up to about 1.8e308) with MAX_DECIMALS places
_CONTEXT = Context(prec=400, rounding=ROUND_HALF_UP)


def _decimal(value: float, name: str = "value") -> Decimal:
    """The shortest decimal that reads back as ``value`` (its ``repr``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CalculationError(f"{name} must be a number, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise CalculationError(f"{name} must be a finite number, got {value!r}")
    return Decimal(repr(value))


def _places(decimals: int) -> Decimal:
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise CalculationError(f"decimals must be a whole number, got {decimals!r}")
    if not 0 <= decimals <= MAX_DECIMALS:
        raise CalculationError(f"decimals must be between 0 and {MAX_DECIMALS}, got {decimals!r}")
    return Decimal(1).scaleb(-decimals)


def _round(value: Decimal, decimals: int) -> Decimal:
    rounded = value.quantize(_places(decimals), rounding=ROUND_HALF_UP, context=_CONTEXT)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _signed(value: Decimal) -> str:
    """With an explicit ``+`` for a positive value; zero has no sign."""
    text = _plain(value)
    return f"+{text}" if value > 0 else text


def round_half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded to ``decimals`` places (0 to 12), halves away from zero.

    ``Decimal(repr(value)).quantize(10**-decimals, ROUND_HALF_UP)``: the decimal the
    float reads as, rounded half up as in published tables (0.125 → 0.13,
    2.675 → 2.68, −0.125 → −0.13). A zero result is never negative.
    """
    return _round(_decimal(value), decimals)


def format_number(value: float, decimals: int) -> str:
    """``value`` as plain text to ``decimals`` places, rounded half up (1234.45 → "1234.5").

    No thousands separators and never in exponent form; see :func:`round_half_up`.
    """
    return _plain(round_half_up(value, decimals))


def format_percent(fraction: float, decimals: int = 1) -> str:
    """A fraction shown as a percentage: ``round_half_up(fraction × 100)`` + "%".

    The product is taken in decimal arithmetic, ``Decimal(repr(fraction)) * 100``, so
    0.4444 → "44.4%" and 0.4445 → "44.5%".
    """
    return f"{_plain(_round(_decimal(fraction, 'fraction') * 100, decimals))}%"


def format_percentage_points(difference: float, decimals: int = 1) -> str:
    """A difference of two fractions in percentage points, with its sign.

    ``round_half_up(difference × 100)`` in decimal arithmetic, "+" when positive:
    0.075 − 0.055 → "+2.0 percentage points"; singular only for "1" (no decimals).
    """
    points = _round(_decimal(difference, "difference") * 100, decimals)
    unit = "percentage point" if _plain(points.copy_abs()) == "1" else "percentage points"
    return f"{_signed(points)} {unit}"


def format_percent_change(fraction_change: float, decimals: int = 0) -> str:
    """A relative change (new/old − 1, as a fraction) as a signed percentage.

    ``round_half_up(fraction_change × 100)`` in decimal arithmetic, "+" when positive:
    5.5% → 7.5% is a change of 0.3636… → "+36%".
    """
    percent = _round(_decimal(fraction_change, "fraction_change") * 100, decimals)
    return f"{_signed(percent)}%"
