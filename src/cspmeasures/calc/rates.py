"""Proportions and rates with confidence intervals, as PHE and Fingertips compute them.

The methods follow PHEindicatormethods, the R package of Public Health England (now
UKHSA/OHID), so figures here agree with those published on Fingertips:

* proportions use the Wilson score interval (Wilson 1927; Newcombe and Altman 2000);
* rates use the exact Poisson interval for counts below 10 (Armitage and Berry 2002)
  and Byar's approximation for counts of 10 or more (Breslow and Day 1987).

Everything is a pure function of plain floats. Confidence is a level such as ``0.95``,
or the pair ``(0.95, 0.998)`` for the two levels Fingertips shows; percentages such as
``95`` are refused rather than guessed at.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable
from statistics import NormalDist

import attrs

from cspmeasures.errors import CalculationError

__all__ = [
    "Estimate",
    "Interval",
    "byars_lower",
    "byars_upper",
    "exact_lower",
    "exact_upper",
    "proportion",
    "rate",
    "wilson_lower",
    "wilson_upper",
    "z_value",
]

#: the only pair of levels accepted, as PHEindicatormethods allows
CONFIDENCE_PAIR = (0.95, 0.998)

#: counts below this use the exact Poisson interval, counts at or above it Byar's method
BYARS_THRESHOLD = 10


@attrs.frozen
class Interval:
    """A confidence interval at one level; a limit is ``None`` when it cannot be given."""

    confidence: float
    lower: float | None
    upper: float | None


@attrs.frozen
class Estimate:
    """A value with its confidence interval(s).

    ``intervals`` holds one :class:`Interval` per confidence level, in the order asked
    for; ``lower`` and ``upper`` repeat those of the first level. ``method`` names the
    interval method: ``"Wilson"``, ``"Exact"`` or ``"Byars"``.
    """

    value: float
    lower: float | None
    upper: float | None
    method: str
    confidence: float | tuple[float, ...]
    intervals: tuple[Interval, ...]

    def interval(self, confidence: float) -> Interval | None:
        """The interval at ``confidence``, or ``None`` when there is none at that level."""
        for item in self.intervals:
            if math.isclose(item.confidence, confidence, rel_tol=0.0, abs_tol=1e-12):
                return item
        return None


# --------------------------------------------------------------------------- checks


def _number(value: object, name: str) -> float:
    """``value`` as a finite float, or a CalculationError naming it."""
    if value is None:
        raise CalculationError(f"{name} is missing")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CalculationError(f"{name} must be a number, got {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise CalculationError(f"{name} must be a finite number, got {value!r}")
    return result


def _non_negative(value: object, name: str) -> float:
    result = _number(value, name)
    if result < 0:
        raise CalculationError(f"{name} must not be negative, got {value!r}")
    return result


def _positive(value: object, name: str) -> float:
    result = _number(value, name)
    if result <= 0:
        raise CalculationError(f"{name} must be greater than zero, got {value!r}")
    return result


def _count(value: object, name: str = "count") -> int:
    """A whole, non-negative count (the exact method needs one)."""
    result = _non_negative(value, name)
    if not result.is_integer():
        raise CalculationError(
            f"{name} must be a whole number for an exact interval, got {value!r}"
        )
    return int(result)


def _level(confidence: object) -> float:
    """One confidence level: a float with 0.9 <= level < 1."""
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real):
        raise CalculationError(f"confidence must be a number such as 0.95, got {confidence!r}")
    level = float(confidence)
    if not (0.9 <= level < 1):
        raise CalculationError(
            f"confidence must be at least 0.9 and below 1 (e.g. 0.95), got {confidence!r}"
        )
    return level


def _levels(confidence: object) -> tuple[float, ...]:
    """The levels asked for: one level, or exactly the pair (0.95, 0.998)."""
    if isinstance(confidence, (tuple, list)):
        if tuple(confidence) != CONFIDENCE_PAIR:
            raise CalculationError(
                f"two confidence levels must be exactly (0.95, 0.998), got {tuple(confidence)!r}"
            )
        return CONFIDENCE_PAIR
    return (_level(confidence),)


def _confidence_field(levels: tuple[float, ...]) -> float | tuple[float, ...]:
    return levels[0] if len(levels) == 1 else levels


def _finite_result(value: float, intervals: tuple[Interval, ...], what: str) -> None:
    """A CalculationError when the value or a limit overflowed (inf) or was lost (NaN):
    inputs that finite floats cannot carry through the formula."""
    numbers = [value] + [x for i in intervals for x in (i.lower, i.upper) if x is not None]
    if not all(math.isfinite(x) for x in numbers):
        raise CalculationError(
            f"{what} is beyond what a float can hold (an input is too large or too small "
            "to work it out)"
        )


@functools.lru_cache(maxsize=64)
def z_value(confidence: float) -> float:
    """The two-sided normal quantile for ``confidence``.

    ``z = Φ⁻¹(c + (1 − c)/2)``, as ``qnorm(confidence + (1 - confidence)/2)`` in
    PHEindicatormethods: 1.959964 at 0.95 and 3.090232 at 0.998.
    """
    level = _level(confidence)
    quantile = level + (1 - level) / 2
    if quantile >= 1:
        raise CalculationError(
            f"confidence {confidence!r} is too close to 1 for a normal quantile"
        )
    return NormalDist().inv_cdf(quantile)


# --------------------------------------------------------------------------- Wilson


def wilson_lower(x: float, n: float, confidence: float = 0.95) -> float:
    """Lower Wilson score limit of the proportion ``x/n``.

    ``(2x + z² − z·√(z² + 4x(1 − x/n))) / 2 / (n + z²)`` (Wilson 1927; Newcombe and
    Altman 2000), as ``wilson_lower`` in PHEindicatormethods; exactly 0 when ``x`` is 0.
    """
    num, den = _check_proportion(x, n)
    return _wilson(num, den, z_value(confidence), -1.0)


def wilson_upper(x: float, n: float, confidence: float = 0.95) -> float:
    """Upper Wilson score limit of the proportion ``x/n``.

    ``(2x + z² + z·√(z² + 4x(1 − x/n))) / 2 / (n + z²)`` (Wilson 1927; Newcombe and
    Altman 2000), as ``wilson_upper`` in PHEindicatormethods; exactly 1 when ``x`` is ``n``.
    """
    num, den = _check_proportion(x, n)
    return _wilson(num, den, z_value(confidence), 1.0)


def _check_proportion(numerator: object, denominator: object) -> tuple[float, float]:
    num = _non_negative(numerator, "numerator")
    den = _positive(denominator, "denominator")
    if num > den:
        raise CalculationError(
            f"numerator {numerator!r} is greater than denominator {denominator!r}: "
            "a proportion cannot exceed 1"
        )
    return num, den


def _wilson(x: float, n: float, z: float, sign: float) -> float:
    if sign < 0 and x == 0:
        return 0.0
    if sign > 0 and x == n:
        return 1.0
    limit = (2 * x + z**2 + sign * z * math.sqrt(z**2 + 4 * x * (1 - (x / n)))) / 2 / (n + z**2)
    return min(max(limit, 0.0), 1.0)


def proportion(
    numerator: float,
    denominator: float,
    confidence: float | tuple[float, float] = 0.95,
    multiplier: float = 1,
) -> Estimate:
    """A proportion ``numerator/denominator × multiplier`` with its Wilson score interval.

    The limits are :func:`wilson_lower` and :func:`wilson_upper` times ``multiplier``, as
    ``phe_proportion`` in PHEindicatormethods (use ``multiplier=100`` for a percentage).
    Raises :class:`CalculationError` for a negative or missing input, a zero denominator,
    a numerator greater than the denominator, a confidence it does not accept, or inputs
    too large for a float to carry through the formula.
    """
    num, den = _check_proportion(numerator, denominator)
    scale = _positive(multiplier, "multiplier")
    levels = _levels(confidence)
    intervals = tuple(
        Interval(
            confidence=level,
            lower=_wilson(num, den, z_value(level), -1.0) * scale,
            upper=_wilson(num, den, z_value(level), 1.0) * scale,
        )
        for level in levels
    )
    value = num / den * scale
    _finite_result(value, intervals, f"the proportion {numerator!r} / {denominator!r}")
    return Estimate(
        value=value,
        lower=intervals[0].lower,
        upper=intervals[0].upper,
        method="Wilson",
        confidence=_confidence_field(levels),
        intervals=intervals,
    )


# --------------------------------------------------------------------------- Byar's


def byars_lower(x: float, confidence: float = 0.95) -> float | None:
    """Byar's lower limit for an observed count ``x``.

    ``x·(1 − 1/(9x) − z/(3√x))³`` (Breslow and Day 1987), as ``byars_lower`` in
    PHEindicatormethods. ``None`` when the formula goes negative (PHE reports NA), which
    includes a count of 0.
    """
    count = _non_negative(x, "count")
    z = z_value(confidence)
    if count == 0:
        return None
    limit = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    return None if limit < 0 else limit


def byars_upper(x: float, confidence: float = 0.95) -> float:
    """Byar's upper limit for an observed count ``x``.

    ``(x + 1)·(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³`` (Breslow and Day 1987), as
    ``byars_upper`` in PHEindicatormethods.
    """
    count = _non_negative(x, "count")
    z = z_value(confidence)
    return (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3


# --------------------------------------------------------------------------- exact Poisson
#
# For a Poisson count X with mean mu and a whole number k >= 1,
#     P(X >= k) = P(chi2 with 2k degrees of freedom <= 2 mu),
# so chi-squared quantiles with even degrees of freedom come from the Poisson
# distribution. The limits are found by bisection on mu down to adjacent floats.


def _log_term(k: int, mu: float) -> float:
    """log P(X = k) for X ~ Poisson(mu), mu > 0."""
    return -mu + k * math.log(mu) - math.lgamma(k + 1)


def _poisson_cdf(x: int, mu: float) -> float:
    """P(X <= x) for X ~ Poisson(mu)."""
    if mu == 0:
        return 1.0
    if mu < x + 1:
        return 1.0 - _poisson_tail(x + 1, mu)
    # mu >= x + 1: the terms fall as k goes down from x; sum them from the largest
    term = math.exp(_log_term(x, mu))
    total = 0.0
    k = x
    while True:
        total += term
        if k == 0 or term <= total * 1e-18:
            return total
        term *= k / mu
        k -= 1


def _poisson_tail(x: int, mu: float) -> float:
    """P(X >= x) for X ~ Poisson(mu)."""
    if x <= 0:
        return 1.0
    if mu == 0:
        return 0.0
    if mu > x:
        return 1.0 - _poisson_cdf(x - 1, mu)
    # mu <= x: the terms fall as k goes up from x; sum them from the largest
    term = math.exp(_log_term(x, mu))
    total = 0.0
    k = x
    while True:
        total += term
        if term <= total * 1e-18:
            return total
        k += 1
        term *= mu / k


def _bisect(g: Callable[[float], float], lo: float, hi: float) -> float:
    """A root of ``g`` between ``lo`` (where ``g < 0``) and ``hi`` (where ``g >= 0``).

    Halves the bracket until ``lo`` and ``hi`` are adjacent floats, then returns the one
    where ``|g|`` is smaller.
    """
    while True:
        mid = lo + (hi - lo) / 2
        if mid <= lo or mid >= hi:
            return lo if abs(g(lo)) < abs(g(hi)) else hi
        if g(mid) >= 0:
            hi = mid
        else:
            lo = mid


def exact_lower(x: float, confidence: float = 0.95) -> float:
    """Exact Poisson lower limit for an observed whole count ``x``.

    ``χ²_{α/2}(2x) / 2`` with ``α = 1 − confidence``, as ``qchisq((1-conf)/2, 2x)/2`` in
    PHEindicatormethods (Armitage and Berry 2002): the mean ``μ`` with
    ``P(X ≥ x | μ) = α/2``. Exactly 0 for a count of 0.
    """
    count = _count(x)
    target = (1 - _level(confidence)) / 2
    if count == 0:
        return 0.0
    # the tail P(X >= count) rises with mu from 0, and exceeds 1/2 > target at mu = count
    return _bisect(lambda mu: _poisson_tail(count, mu) - target, 0.0, float(count))


def exact_upper(x: float, confidence: float = 0.95) -> float:
    """Exact Poisson upper limit for an observed whole count ``x``.

    ``χ²_{1−α/2}(2x + 2) / 2`` with ``α = 1 − confidence``, as
    ``qchisq(conf + (1-conf)/2, 2x+2)/2`` in PHEindicatormethods (Armitage and Berry
    2002): the mean ``μ`` with ``P(X ≤ x | μ) = α/2``.
    """
    count = _count(x)
    target = (1 - _level(confidence)) / 2
    # the CDF P(X <= count) falls with mu, and is above 1/2 > target at mu = count
    lo = float(count)
    hi = float(count) + 1.0
    while _poisson_cdf(count, hi) > target:
        lo, hi = hi, hi * 2
    return _bisect(lambda mu: target - _poisson_cdf(count, mu), lo, hi)


# --------------------------------------------------------------------------- rates


def rate(
    count: float,
    population: float,
    per: float = 100000,
    confidence: float | tuple[float, float] = 0.95,
) -> Estimate:
    """A rate ``count/population × per`` with its confidence interval.

    Counts below 10 use the exact Poisson interval (:func:`exact_lower`,
    :func:`exact_upper`; method ``"Exact"``), counts of 10 or more Byar's method
    (:func:`byars_lower`, :func:`byars_upper`; method ``"Byars"``), each limit divided by
    ``population`` and times ``per``, as ``phe_rate`` in PHEindicatormethods. A Byar's
    lower limit that would be negative is ``None``. The count may exceed the population.
    Raises :class:`CalculationError` for a negative or missing count, a population that
    is not above zero, a confidence it does not accept, or a rate too large for a float.
    """
    events = _non_negative(count, "count")
    pop = _positive(population, "population")
    scale = _positive(per, "per")
    levels = _levels(confidence)
    exact = events < BYARS_THRESHOLD
    if exact:
        _count(count)
    intervals: list[Interval] = []
    for level in levels:
        low: float | None
        if exact:
            low, high = exact_lower(events, level), exact_upper(events, level)
        else:
            low, high = byars_lower(events, level), byars_upper(events, level)
        intervals.append(
            Interval(
                confidence=level,
                lower=None if low is None else low / pop * scale,
                upper=high / pop * scale,
            )
        )
    value = events / pop * scale
    _finite_result(value, tuple(intervals), f"the rate {count!r} / {population!r} x {per!r}")
    return Estimate(
        value=value,
        lower=intervals[0].lower,
        upper=intervals[0].upper,
        method="Exact" if exact else "Byars",
        confidence=_confidence_field(levels),
        intervals=tuple(intervals),
    )
