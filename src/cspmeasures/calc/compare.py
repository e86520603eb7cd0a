"""Comparison with a benchmark, as Fingertips shows it.

An estimate is *significantly* better or worse than a benchmark (England, a region, a
family of similar areas) when the benchmark lies outside its confidence interval at
the level asked for, and *similar* when the benchmark lies inside it, limits included.
Which side is better comes from the measure's polarity; a measure with no polarity is
called *higher* or *lower* instead. Pure: no I/O.
"""

from __future__ import annotations

import enum
import math

import attrs

from cspmeasures.calc.rates import Estimate
from cspmeasures.errors import CalculationError
from cspmeasures.vocabulary import Polarity

__all__ = [
    "Comparison",
    "ComparisonResult",
    "compare_values",
    "compare_with_benchmark",
    "side_outcome",
]


class Comparison(str, enum.Enum):
    """The outcome of comparing a value with a benchmark."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"
    LOWER = "lower"
    NOT_COMPARED = "not-compared"


@attrs.frozen
class ComparisonResult:
    """An outcome and one line saying why."""

    outcome: Comparison
    reason: str


def _finite(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CalculationError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise CalculationError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _level_label(confidence: float) -> str:
    return f"{round(confidence * 100, 6):g}%"


def _num(value: float) -> str:
    return f"{value:.6g}"


def _directed(side: int, polarity: Polarity, because: str) -> ComparisonResult:
    """The outcome when the value is above (``side`` +1) or below (-1) the benchmark."""
    return ComparisonResult(side_outcome(side, polarity), because)


def _in_range() -> ComparisonResult:
    return ComparisonResult(
        Comparison.NOT_COMPARED,
        "an in-range measure has no single better direction to compare against a benchmark",
    )


def side_outcome(side: int, polarity: Polarity) -> Comparison:
    """The outcome for a value above (``side`` > 0), below (< 0) or level with (0) a
    benchmark, or whose interval lies above, below or around it: better or worse by
    ``polarity`` (higher or lower for :attr:`Polarity.NONE`), similar when level; not
    compared for :attr:`Polarity.IN_RANGE`. No reason is written: the comparison of
    :func:`compare_values` and :func:`compare_with_benchmark` in bulk."""
    if polarity is Polarity.IN_RANGE:
        return Comparison.NOT_COMPARED
    if side == 0:
        return Comparison.SIMILAR
    if polarity is Polarity.NONE:
        return Comparison.HIGHER if side > 0 else Comparison.LOWER
    return Comparison.BETTER if side * polarity.sign > 0 else Comparison.WORSE


def compare_with_benchmark(
    estimate: Estimate,
    benchmark: float,
    polarity: Polarity,
    confidence: float = 0.95,
) -> ComparisonResult:
    """Compare an estimate's interval at ``confidence`` with ``benchmark``, as Fingertips does.

    With ``[lower, upper]`` the interval at that level: ``benchmark < lower`` means the
    value is significantly higher, ``benchmark > upper`` significantly lower, and
    otherwise (limits included) similar. Higher is better or worse by ``polarity``;
    with :attr:`Polarity.NONE` the outcome is higher, lower or similar. Not compared for
    :attr:`Polarity.IN_RANGE` or when there is no interval at that level. When one limit
    is missing (a Byar's lower limit PHE reports as NA), the other still decides if the
    benchmark lies beyond it; otherwise the result is not compared.
    """
    bench = _finite(benchmark, "benchmark")
    if polarity is Polarity.IN_RANGE:
        return _in_range()
    label = _level_label(confidence)
    interval = estimate.interval(confidence)
    if interval is None:
        return ComparisonResult(
            Comparison.NOT_COMPARED, f"the estimate has no {label} confidence interval"
        )
    lower, upper = interval.lower, interval.upper
    if lower is None and upper is None:
        return ComparisonResult(
            Comparison.NOT_COMPARED, f"the {label} confidence interval has no limits"
        )
    if lower is not None and bench < lower:
        return _directed(
            1,
            polarity,
            f"the benchmark {_num(bench)} is below the {label} lower limit {_num(lower)}",
        )
    if upper is not None and bench > upper:
        return _directed(
            -1,
            polarity,
            f"the benchmark {_num(bench)} is above the {label} upper limit {_num(upper)}",
        )
    if lower is None or upper is None:
        if lower is None:
            missing, side, known = "lower", "above the upper", _num(upper or 0.0)
        else:
            missing, side, known = "upper", "below the lower", _num(lower)
        return ComparisonResult(
            Comparison.NOT_COMPARED,
            f"the {label} {missing} limit is missing and the benchmark {_num(bench)} "
            f"is not {side} limit {known}",
        )
    return ComparisonResult(
        Comparison.SIMILAR,
        f"the benchmark {_num(bench)} is within the {label} interval "
        f"{_num(lower)} to {_num(upper)}",
    )


def compare_values(value: float, benchmark: float, polarity: Polarity) -> ComparisonResult:
    """Compare a plain value with ``benchmark`` when there is no interval.

    The sign of ``value − benchmark`` decides: better or worse by ``polarity`` (higher or
    lower for :attr:`Polarity.NONE`), similar only when the two are exactly equal; not
    compared for :attr:`Polarity.IN_RANGE`. No significance is implied.
    """
    val = _finite(value, "value")
    bench = _finite(benchmark, "benchmark")
    if polarity is Polarity.IN_RANGE:
        return _in_range()
    if val > bench:
        return _directed(1, polarity, f"the value {_num(val)} is above the benchmark {_num(bench)}")
    if val < bench:
        return _directed(
            -1, polarity, f"the value {_num(val)} is below the benchmark {_num(bench)}"
        )
    return ComparisonResult(
        Comparison.SIMILAR, f"the value {_num(val)} equals the benchmark {_num(bench)}"
    )
