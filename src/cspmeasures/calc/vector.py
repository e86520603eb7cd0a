"""Vector forms of the proportions, rates and intervals of :mod:`cspmeasures.calc.rates`.

The same formulas, the same methods (PHEindicatormethods) and the same results element by
element, on numpy arrays of any shape, for bulk work: Wilson score limits
(:func:`wilson_interval`), exact Poisson limits (:func:`exact_rate_interval`), Byar's
limits (:func:`byars_rate_interval`), and proportions and rates with their intervals
(:func:`proportions`, :func:`rates`). One confidence level a call (``0.95``; call again for
``0.998``). A limit the scalar form gives as ``None`` is NaN here.

The exact Poisson limits are found as the scalar form finds them: for each distinct count,
the mean ``μ`` where the Poisson tail equals ``α/2``, by bisection down to adjacent floats,
here on every distinct count at once, with the Poisson terms summed in log space with
numpy. Counts repeat in bulk data, so the cost follows the distinct counts, not the inputs.

Bad input raises :class:`CalculationError` naming the array and the (flat) position of the
first bad element.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from cspmeasures.calc.rates import BYARS_THRESHOLD, _level, z_value
from cspmeasures.errors import CalculationError

__all__ = [
    "Estimates",
    "byars_rate_interval",
    "exact_rate_interval",
    "proportions",
    "rates",
    "wilson_interval",
]

FloatArray = NDArray[np.float64]

#: a Poisson term this many standard deviations above the larger of the mean and the count
#: (and 30 more) is below 1e-30 of the total, so the sums stop there
_TAIL_SDS = 12.0

#: the most Poisson terms held at once (rows x terms) when summing
_CHUNK = 1 << 21


@attrs.frozen
class Estimates:
    """Values with their confidence limits, element by element.

    ``method`` holds ``"Wilson"``, ``"Exact"`` or ``"Byars"`` per element; a limit that
    cannot be given (Byar's lower limit below zero) is NaN.
    """

    value: FloatArray
    lower: FloatArray
    upper: FloatArray
    method: NDArray[np.str_]
    confidence: float


# --------------------------------------------------------------------------- checks


def _array(values: ArrayLike, name: str) -> FloatArray:
    """``values`` as a float array; a CalculationError for a missing or non-finite element."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise CalculationError(f"{name} must be numbers: {exc}") from None
    bad = ~np.isfinite(array)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise CalculationError(
            f"{name}[{position}] must be a finite number, got {float(array.flat[position])!r}"
        )
    return array


def _first(mask: NDArray[np.bool_], name: str, array: FloatArray, problem: str) -> None:
    if mask.any():
        position = int(np.flatnonzero(mask)[0])
        raise CalculationError(f"{name}[{position}] {problem}, got {float(array.flat[position])!r}")


def _non_negative(values: ArrayLike, name: str) -> FloatArray:
    array = _array(values, name)
    _first(array < 0, name, array, "must not be negative")
    return array


def _positive(values: ArrayLike, name: str) -> FloatArray:
    array = _array(values, name)
    _first(array <= 0, name, array, "must be greater than zero")
    return array


def _whole(array: FloatArray, name: str) -> None:
    _first(array != np.floor(array), name, array, "must be a whole number for an exact interval")


def _proportion_inputs(x: ArrayLike, n: ArrayLike) -> tuple[FloatArray, FloatArray]:
    num = _non_negative(x, "numerator")
    den = _positive(n, "denominator")
    num, den = np.broadcast_arrays(num, den)
    _first(num > den, "numerator", num, "is greater than its denominator")
    return num, den


# --------------------------------------------------------------------------- Wilson


def _wilson(x: FloatArray, n: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    """Both Wilson limits of checked inputs, as :func:`cspmeasures.calc.rates.wilson_lower`."""
    root = z * np.sqrt(z**2 + 4 * x * (1 - (x / n)))
    lower = np.clip((2 * x + z**2 - root) / 2 / (n + z**2), 0.0, 1.0)
    upper = np.clip((2 * x + z**2 + root) / 2 / (n + z**2), 0.0, 1.0)
    return np.where(x == 0, 0.0, lower), np.where(x == n, 1.0, upper)


def wilson_interval(
    x: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """The Wilson score limits (lower, upper) of every proportion ``x/n``.

    ``(2x + z² ∓ z·√(z² + 4x(1 − x/n))) / 2 / (n + z²)``, exactly 0 when ``x`` is 0 and 1
    when ``x`` is ``n``: :func:`~cspmeasures.calc.rates.wilson_lower` and
    :func:`~cspmeasures.calc.rates.wilson_upper` element by element.
    """
    num, den = _proportion_inputs(x, n)
    return _wilson(num, den, z_value(confidence))


# --------------------------------------------------------------------------- Byar's


def _byars(x: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
    lower = np.where((x == 0) | (lower < 0), np.nan, lower)
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
    return lower, upper


def byars_rate_interval(x: ArrayLike, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Byar's limits (lower, upper) of every observed count ``x``.

    ``x·(1 − 1/(9x) − z/(3√x))³`` and ``(x + 1)·(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³``
    (Breslow and Day 1987): :func:`~cspmeasures.calc.rates.byars_lower` and
    :func:`~cspmeasures.calc.rates.byars_upper` element by element, a lower limit that
    would be negative (and that of a count of 0) NaN.
    """
    return _byars(_non_negative(x, "count"), z_value(confidence))


# --------------------------------------------------------------------------- exact Poisson


_log_factorial_table: FloatArray = np.zeros(1)


def _log_factorials(largest: int) -> FloatArray:
    """``log k!`` for k = 0 .. ``largest`` (``math.lgamma(k + 1)``, as the scalar form)."""
    global _log_factorial_table
    have = len(_log_factorial_table)
    if have <= largest:
        more = np.array([math.lgamma(k + 1) for k in range(have, 2 * largest + 1)])
        _log_factorial_table = np.concatenate([_log_factorial_table, more])
    return _log_factorial_table[: largest + 1]


def _poisson_sums(k: FloatArray, mu: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``(P(X <= k), P(X >= k))`` for X ~ Poisson(mu), mu > 0, row by row.

    Each side is summed directly from its own terms ``exp(−μ + j·log μ − log j!)``, so
    neither loses digits to a difference; terms beyond ``_TAIL_SDS`` standard deviations
    are left out (below 1e-30 of the total).
    """
    top = float(np.max(np.maximum(k, mu)))
    terms = int(top + _TAIL_SDS * math.sqrt(max(top, 1.0)) + 30)
    j = np.arange(terms + 1, dtype=np.float64)
    log_mu = np.log(mu)[:, None]
    weights = np.exp(-mu[:, None] + j[None, :] * log_mu - _log_factorials(terms)[None, :])
    below = j[None, :] <= k[:, None]
    cdf = np.where(below, weights, 0.0).sum(axis=1)
    tail = np.where(j[None, :] >= k[:, None], weights, 0.0).sum(axis=1)
    return cdf, tail


def _bisect(
    g: Callable[[FloatArray, FloatArray], FloatArray],
    k: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
) -> FloatArray:
    """A root of ``g(k, ·)`` per row between ``lo`` (``g < 0``) and ``hi`` (``g >= 0``).

    Halves every bracket until ``lo`` and ``hi`` are adjacent floats, then keeps the one
    where ``|g|`` is smaller: the scalar form's ``_bisect`` on every row at once.
    """
    lo, hi = lo.copy(), hi.copy()
    active = np.arange(len(k))
    while active.size:
        mid = lo[active] + (hi[active] - lo[active]) / 2
        going = (mid > lo[active]) & (mid < hi[active])
        active, mid = active[going], mid[going]
        if not active.size:
            break
        up = g(k[active], mid) >= 0
        hi[active[up]] = mid[up]
        lo[active[~up]] = mid[~up]
    return np.where(np.abs(g(k, lo)) < np.abs(g(k, hi)), lo, hi)


def _exact_distinct(counts: FloatArray, target: float) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson limits of distinct whole counts, sorted ascending."""

    def tail_gap(k: FloatArray, mu: FloatArray) -> FloatArray:
        # P(X >= k | mu) - target; the tail is 0 at mu = 0
        safe = np.where(mu > 0, mu, 1.0)
        tail = np.where(mu > 0, _poisson_sums(k, safe)[1], 0.0)
        return tail - target

    def cdf_gap(k: FloatArray, mu: FloatArray) -> FloatArray:
        # target - P(X <= k | mu)
        return target - _poisson_sums(k, mu)[0]

    lower = np.zeros_like(counts)
    upper = np.empty_like(counts)
    # rows of terms held at once: the upper limit's bracket reaches about 2k + 8√k + 16
    largest = 2 * counts[-1] + 8 * math.sqrt(counts[-1]) + 16
    rows = max(1, int(_CHUNK // (largest + _TAIL_SDS * math.sqrt(largest) + 31)))
    for start in range(0, len(counts), rows):
        k = counts[start : start + rows]
        # the tail rises with mu from 0 and exceeds 1/2 > target at mu = k
        positive = k > 0
        if positive.any():
            kp = k[positive]
            lower[start : start + rows][positive] = _bisect(
                tail_gap, kp, np.zeros_like(kp), kp.copy()
            )
        # the CDF falls with mu and is above 1/2 > target at mu = k
        lo, hi = k.copy(), k + 1.0
        high = cdf_gap(k, hi) < 0
        while high.any():
            lo[high], hi[high] = hi[high], hi[high] * 2
            high[high] = cdf_gap(k[high], hi[high]) < 0
        upper[start : start + rows] = _bisect(cdf_gap, k, lo, hi)
    return lower, upper


def _exact(x: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    target = (1 - _level(confidence)) / 2
    if x.size == 0:
        return np.zeros_like(x), np.zeros_like(x)
    distinct, where = np.unique(x, return_inverse=True)
    lower, upper = _exact_distinct(distinct, target)
    return lower[where].reshape(x.shape), upper[where].reshape(x.shape)


def exact_rate_interval(x: ArrayLike, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson limits (lower, upper) of every observed whole count ``x``.

    ``χ²_{α/2}(2x) / 2`` and ``χ²_{1−α/2}(2x + 2) / 2`` with ``α = 1 − confidence``
    (Armitage and Berry 2002): :func:`~cspmeasures.calc.rates.exact_lower` and
    :func:`~cspmeasures.calc.rates.exact_upper` element by element, found the same way
    (module docstring). The lower limit of a count of 0 is exactly 0.
    """
    counts = _non_negative(x, "count")
    _whole(counts, "count")
    return _exact(counts, confidence)


# --------------------------------------------------------------------------- values


def proportions(
    numerator: ArrayLike,
    denominator: ArrayLike,
    confidence: float = 0.95,
    multiplier: float = 1,
) -> Estimates:
    """Every proportion ``numerator/denominator × multiplier`` with its Wilson interval.

    :func:`~cspmeasures.calc.rates.proportion` element by element, at one level.
    """
    num, den = _proportion_inputs(numerator, denominator)
    scale = float(_positive(multiplier, "multiplier"))
    lower, upper = _wilson(num, den, z_value(confidence))
    return Estimates(
        value=num / den * scale,
        lower=lower * scale,
        upper=upper * scale,
        method=np.full(num.shape, "Wilson"),
        confidence=_level(confidence),
    )


def rates(
    count: ArrayLike,
    population: ArrayLike,
    per: float = 100000,
    confidence: float = 0.95,
) -> Estimates:
    """Every rate ``count/population × per`` with its confidence interval.

    :func:`~cspmeasures.calc.rates.rate` element by element, at one level: counts below 10
    have exact Poisson limits (method ``"Exact"``; they must be whole), the others Byar's
    (``"Byars"``), each limit divided by the population and times ``per``.
    """
    events = _non_negative(count, "count")
    pop = _positive(population, "population")
    events, pop = np.broadcast_arrays(events, pop)
    scale = float(_positive(per, "per"))
    level = _level(confidence)
    exact = events < BYARS_THRESHOLD
    _whole(np.where(exact, events, 0.0), "count")
    lower, upper = _byars(events, z_value(level))
    if exact.any():
        exact_lower, exact_upper = _exact(events[exact], level)
        lower[exact], upper[exact] = exact_lower, exact_upper
    return Estimates(
        value=events / pop * scale,
        lower=lower / pop * scale,
        upper=upper / pop * scale,
        method=np.where(exact, "Exact", "Byars"),
        confidence=level,
    )
