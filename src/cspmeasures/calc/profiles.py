"""Profiles of an annual amount, and totals of period values.

A profile says how much of a year's amount is expected by the end of each period:
evenly (840 a year is 210 a quarter, so 420 by the end of Q2), all at the end (one
campaign by year end: nothing is due before), or in explicit shares. Periods are
counted from the start of the year; ``elapsed_periods`` is how many have ended.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TypeAlias

import attrs

from cspmeasures.errors import CalculationError

__all__ = [
    "DueAtEndProfile",
    "EvenProfile",
    "ExplicitProfile",
    "Profile",
    "expected_by_now",
    "rolling_total",
    "year_to_date",
]


def _finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise CalculationError(f"{name} must be a finite number, not {value!r}")


@attrs.frozen
class EvenProfile:
    """The same share in every period: ``annual * elapsed / periods_per_year`` by now."""


@attrs.frozen
class DueAtEndProfile:
    """Nothing expected before the last period ends, then the whole annual amount."""


def _shares(values: Iterable[float]) -> tuple[float, ...]:
    shares = tuple(float(v) for v in values)
    if not shares:
        raise CalculationError("an explicit profile needs at least one share")
    if not all(math.isfinite(s) and s >= 0 for s in shares):
        raise CalculationError(
            f"the shares of an explicit profile must be finite and not negative, not {shares}"
        )
    if not any(shares):
        raise CalculationError("the shares of an explicit profile cannot all be 0")
    try:
        total = math.fsum(shares)
    except OverflowError:
        total = math.inf
    if not math.isfinite(total):
        raise CalculationError(
            "the shares of an explicit profile are too large: their sum is beyond a float"
        )
    return shares


@attrs.frozen
class ExplicitProfile:
    """A share of the annual amount for each period, in order.

    The shares are weights: ``(1, 1, 2)`` and ``(0.25, 0.25, 0.5)`` are the same profile.
    By now, ``annual * sum(shares[:elapsed]) / sum(shares)`` is expected. They must be
    non-negative and not all 0; there must be one per period of the year.
    """

    shares: tuple[float, ...] = attrs.field(converter=_shares)


Profile: TypeAlias = EvenProfile | DueAtEndProfile | ExplicitProfile


def expected_by_now(
    annual: float, elapsed_periods: int, periods_per_year: int, profile: Profile
) -> float:
    """The amount expected once ``elapsed_periods`` of ``periods_per_year`` have ended.

    ``annual * fraction``, where the fraction is ``elapsed / periods_per_year`` for an
    even profile, 0 before the last period and 1 after it for a due-at-end profile, and
    the cumulative share for an explicit one. It is 0 at ``elapsed_periods == 0``,
    exactly ``annual`` at ``elapsed_periods == periods_per_year`` for every profile, and
    never decreases in between. 840 a year, 2 of 4 quarters, even: 420.
    """
    _finite("annual", annual)
    if annual < 0:
        raise CalculationError(f"an annual amount cannot be negative, not {annual:g}")
    if periods_per_year < 1:
        raise CalculationError(f"periods_per_year must be at least 1, not {periods_per_year}")
    if not 0 <= elapsed_periods <= periods_per_year:
        raise CalculationError(
            f"elapsed_periods must be between 0 and {periods_per_year}, not {elapsed_periods}"
        )
    if isinstance(profile, EvenProfile):
        fraction = elapsed_periods / periods_per_year
    elif isinstance(profile, DueAtEndProfile):
        fraction = 1.0 if elapsed_periods == periods_per_year else 0.0
    elif isinstance(profile, ExplicitProfile):
        if len(profile.shares) != periods_per_year:
            raise CalculationError(
                f"an explicit profile needs one share per period ({periods_per_year}),"
                f" not {len(profile.shares)}"
            )
        fraction = math.fsum(profile.shares[:elapsed_periods]) / math.fsum(profile.shares)
    else:
        raise CalculationError(f"not a profile: {profile!r}")
    return annual * fraction


def year_to_date(values: Sequence[float]) -> float:
    """The total of the year's period values so far: ``sum(values)`` (287 + 219 = 506).

    Summed exactly then rounded once (``math.fsum``); no values total 0.
    """
    return _total(values)


def rolling_total(values: Sequence[float], window: int) -> float:
    """The total of the last ``window`` values: ``sum(values[-window:])``.

    A rolling 12-month total is ``rolling_total(monthly, 12)``. Fewer than ``window``
    values raise ``CalculationError``: a partial window is not a rolling total.
    """
    if window < 1:
        raise CalculationError(f"a rolling window must be at least 1 period, not {window}")
    if len(values) < window:
        raise CalculationError(
            f"a rolling total over {window} periods needs {window} values, not {len(values)}"
        )
    return _total(values[len(values) - window :])


def _total(values: Sequence[float]) -> float:
    for value in values:
        _finite("a period value", value)
    return math.fsum(values)
