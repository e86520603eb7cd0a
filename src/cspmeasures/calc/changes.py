"""Changes between two values: relative change, percentage points, reduction, percent of target.

Every value is a plain float; percentages are fractions (``0.75`` is 75%), and so are
the results of the relative functions (``0.3636`` is a 36.36% increase). Inputs that
admit no answer (a zero denominator, a value that is not a finite number) raise
:class:`~cspmeasures.errors.CalculationError`.
"""

from __future__ import annotations

import math
from decimal import Decimal

from cspmeasures.errors import CalculationError
from cspmeasures.vocabulary import Polarity

__all__ = [
    "percent_of_target_met",
    "percentage_change",
    "percentage_point_change",
    "pro_rata",
    "reduction",
]


def _finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise CalculationError(f"{name} must be a finite number, not {value!r}")


def percentage_change(old: float, new: float) -> float:
    """The relative change ``(new - old) / old``, as a fraction.

    5.5% to 7.5% is ``(0.075 - 0.055) / 0.055 = 0.3636...``, a 36.36% increase; a fall
    is negative. ``old == 0`` raises ``CalculationError``: nothing is a percentage of 0.
    """
    _finite("old", old)
    _finite("new", new)
    if old == 0:
        raise CalculationError(
            f"cannot give a percentage change from 0 (to {new:g}): the old value is the denominator"
        )
    return (new - old) / old


def percentage_point_change(old: float, new: float) -> float:
    """The difference ``new - old`` of two fractions, in percentage points as a fraction.

    5.5% to 7.5% is ``0.075 - 0.055 = 0.02``, a rise of 2.0 percentage points.
    """
    _finite("old", old)
    _finite("new", new)
    return new - old


def reduction(baseline: float, current: float) -> float:
    """The reduction ``(baseline - current) / baseline``, as a fraction.

    43 offences before and 3 after is ``40 / 43 = 0.9302``, a 93.0% reduction; an increase
    is negative. This is ``-percentage_change(baseline, current)``. ``baseline == 0``
    raises ``CalculationError``.
    """
    _finite("baseline", baseline)
    _finite("current", current)
    if baseline == 0:
        raise CalculationError(
            f"cannot give a reduction from a baseline of 0 (to {current:g}): "
            "the baseline is the denominator"
        )
    return (baseline - current) / baseline


def percent_of_target_met(value: float, target: float, polarity: Polarity) -> float:
    """How much of the target the value achieves, as a fraction (``1.0`` is exactly on target).

    * higher is better: ``value / target`` (78.5% against 65% is 1.208);
    * lower is better: ``target / value`` (38% against a ceiling of 50% is 1.316), so
      above 1 is better than the target in both cases.

    A zero denominator (``target`` when higher is better, ``value`` when lower is better)
    raises ``CalculationError`` rather than returning infinity: the ratio says nothing
    there, and a caller should judge such a value against its threshold instead. So does
    a polarity with no single good direction (in-range, none). The ratio is meaningful
    for non-negative values and a positive target.
    """
    _finite("value", value)
    _finite("target", target)
    if polarity is Polarity.HIGHER_IS_BETTER:
        numerator, denominator, which = value, target, "target"
    elif polarity is Polarity.LOWER_IS_BETTER:
        numerator, denominator, which = target, value, "value"
    else:
        raise CalculationError(
            f"percent of target needs a polarity of higher or lower is better, not {polarity.value}"
        )
    if denominator == 0:
        raise CalculationError(
            f"cannot give the percent of target met for value {value:g} and target {target:g}"
            f" ({polarity.value}): the {which} is 0"
        )
    return numerator / denominator


def pro_rata(year_value: float, months: int) -> float:
    """A year's figure scaled to ``months`` of it, an even share of the year:
    ``year_value * months / 12``, in decimal on the figure as written (5045 for the year
    is 1261.25 for three months). ``months`` is 1 to 12."""
    _finite("year_value", year_value)
    if not 1 <= months <= 12:
        raise CalculationError(f"months must be 1 to 12, not {months!r}")
    return float(Decimal(repr(float(year_value))) * months / 12)
