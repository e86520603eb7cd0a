"""Benchmark comparison: every outcome and polarity, boundaries, and the polarity flip."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.calc.compare import (
    Comparison,
    ComparisonResult,
    compare_values,
    compare_with_benchmark,
)
from cspmeasures.calc.rates import Estimate, Interval, proportion, rate
from cspmeasures.errors import CalculationError
from cspmeasures.vocabulary import Polarity

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER


def _estimate(
    value: float, lower: float | None, upper: float | None, confidence: float = 0.95
) -> Estimate:
    return Estimate(
        value=value,
        lower=lower,
        upper=upper,
        method="Byars",
        confidence=confidence,
        intervals=(Interval(confidence, lower, upper),),
    )


EST = _estimate(20.0, 12.0, 30.0)


@pytest.mark.parametrize(
    ("benchmark", "polarity", "outcome"),
    [
        (10.0, HIGHER, Comparison.BETTER),
        (10.0, LOWER, Comparison.WORSE),
        (10.0, Polarity.NONE, Comparison.HIGHER),
        (40.0, HIGHER, Comparison.WORSE),
        (40.0, LOWER, Comparison.BETTER),
        (40.0, Polarity.NONE, Comparison.LOWER),
        (25.0, HIGHER, Comparison.SIMILAR),
        (25.0, LOWER, Comparison.SIMILAR),
        (25.0, Polarity.NONE, Comparison.SIMILAR),
        (10.0, Polarity.IN_RANGE, Comparison.NOT_COMPARED),
        (25.0, Polarity.IN_RANGE, Comparison.NOT_COMPARED),
    ],
)
def test_every_outcome_and_polarity(
    benchmark: float, polarity: Polarity, outcome: Comparison
) -> None:
    """Benchmark below, above or inside the interval gives the outcome the polarity implies."""
    result = compare_with_benchmark(EST, benchmark, polarity)
    assert result.outcome is outcome
    assert result.reason


@pytest.mark.parametrize("benchmark", [12.0, 30.0])
@pytest.mark.parametrize("polarity", [HIGHER, LOWER, Polarity.NONE])
def test_boundaries_are_similar(benchmark: float, polarity: Polarity) -> None:
    """A benchmark exactly on either limit is similar (limits are inclusive)."""
    assert compare_with_benchmark(EST, benchmark, polarity).outcome is Comparison.SIMILAR


def test_just_outside_boundaries() -> None:
    """A benchmark one float beyond a limit is significantly different."""
    below = math.nextafter(12.0, -math.inf)
    above = math.nextafter(30.0, math.inf)
    assert compare_with_benchmark(EST, below, HIGHER).outcome is Comparison.BETTER
    assert compare_with_benchmark(EST, above, HIGHER).outcome is Comparison.WORSE


def test_reason_names_the_figures() -> None:
    """The reason names the benchmark, the level and the limit that decided."""
    result = compare_with_benchmark(EST, 10.0, HIGHER)
    assert result == ComparisonResult(
        Comparison.BETTER, "the benchmark 10 is below the 95% lower limit 12"
    )
    inside = compare_with_benchmark(EST, 25.0, HIGHER)
    assert inside.reason == "the benchmark 25 is within the 95% interval 12 to 30"


def test_level_chooses_the_interval() -> None:
    """With 95% and 99.8% intervals, the level asked for decides (Fingertips' two levels)."""
    est = proportion(65, 100, (0.95, 0.998))  # 95%: 0.5525-0.7364, 99.8%: 0.4955-0.7784
    assert compare_with_benchmark(est, 0.53, HIGHER, 0.95).outcome is Comparison.BETTER
    assert compare_with_benchmark(est, 0.53, HIGHER, 0.998).outcome is Comparison.SIMILAR
    result = compare_with_benchmark(est, 0.53, HIGHER, 0.998)
    assert "99.8%" in result.reason


def test_missing_level_is_not_compared() -> None:
    """No interval at the level asked for gives not-compared with a reason."""
    result = compare_with_benchmark(EST, 10.0, HIGHER, confidence=0.998)
    assert result.outcome is Comparison.NOT_COMPARED
    assert result.reason == "the estimate has no 99.8% confidence interval"


def test_in_range_is_not_compared() -> None:
    """An in-range measure is never compared, with a reason saying why."""
    result = compare_values(5.0, 1.0, Polarity.IN_RANGE)
    assert result.outcome is Comparison.NOT_COMPARED
    assert "in-range" in result.reason


def test_missing_lower_limit() -> None:
    """With no lower limit, a benchmark above the upper still decides; otherwise not compared."""
    est = _estimate(1.0, None, 9.36)  # Byar's at 99.8% for a count of 1, as PHE reports it
    assert compare_with_benchmark(est, 10.0, HIGHER).outcome is Comparison.WORSE
    result = compare_with_benchmark(est, 0.5, HIGHER)
    assert result.outcome is Comparison.NOT_COMPARED
    assert "lower limit is missing" in result.reason


def test_missing_upper_and_both_limits() -> None:
    """With no upper limit only a benchmark below the lower decides; no limits: not compared."""
    est = _estimate(5.0, 2.0, None)
    assert compare_with_benchmark(est, 1.0, LOWER).outcome is Comparison.WORSE
    assert compare_with_benchmark(est, 3.0, LOWER).outcome is Comparison.NOT_COMPARED
    empty = _estimate(5.0, None, None)
    assert compare_with_benchmark(empty, 1.0, LOWER).outcome is Comparison.NOT_COMPARED


def test_rate_estimate_against_england() -> None:
    """A rate of 65 per 100 (95% 50.2-82.8) is worse than 40 when lower is better."""
    est = rate(65, 100, per=100)
    assert compare_with_benchmark(est, 40.0, LOWER).outcome is Comparison.WORSE
    assert compare_with_benchmark(est, 60.0, LOWER).outcome is Comparison.SIMILAR


@pytest.mark.parametrize(
    ("value", "benchmark", "polarity", "outcome"),
    [
        (5.0, 4.0, HIGHER, Comparison.BETTER),
        (5.0, 4.0, LOWER, Comparison.WORSE),
        (5.0, 4.0, Polarity.NONE, Comparison.HIGHER),
        (3.0, 4.0, HIGHER, Comparison.WORSE),
        (3.0, 4.0, LOWER, Comparison.BETTER),
        (3.0, 4.0, Polarity.NONE, Comparison.LOWER),
        (4.0, 4.0, HIGHER, Comparison.SIMILAR),
        (4.0, 4.0, LOWER, Comparison.SIMILAR),
        (4.0, 4.0, Polarity.NONE, Comparison.SIMILAR),
        (4.0, 4.0, Polarity.IN_RANGE, Comparison.NOT_COMPARED),
    ],
)
def test_compare_values(
    value: float, benchmark: float, polarity: Polarity, outcome: Comparison
) -> None:
    """A plain value is better, worse or similar (only on exact equality) by polarity."""
    assert compare_values(value, benchmark, polarity).outcome is outcome


def test_compare_values_near_equal_is_not_similar() -> None:
    """Without an interval, a value one float above the benchmark is not similar."""
    assert compare_values(math.nextafter(4.0, 5.0), 4.0, HIGHER).outcome is Comparison.BETTER


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_benchmark_raises(bad: float) -> None:
    """A NaN or infinite benchmark or value raises CalculationError."""
    with pytest.raises(CalculationError, match="benchmark must be a finite number"):
        compare_with_benchmark(EST, bad, HIGHER)
    with pytest.raises(CalculationError, match="value must be a finite number"):
        compare_values(bad, 1.0, HIGHER)


def test_comparison_string_values() -> None:
    """The outcomes' string values are the public contract."""
    assert [c.value for c in Comparison] == [
        "better", "similar", "worse", "higher", "lower", "not-compared",
    ]


SWAP = {Comparison.BETTER: Comparison.WORSE, Comparison.WORSE: Comparison.BETTER}
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite, finite, finite, finite)
def test_flipping_polarity_swaps_better_and_worse(
    a: float, b: float, value: float, benchmark: float
) -> None:
    """Swapping higher- and lower-is-better swaps better and worse and keeps everything else."""
    lower, upper = min(a, b), max(a, b)
    est = _estimate(value, lower, upper)
    def with_interval(p: Polarity) -> ComparisonResult:
        return compare_with_benchmark(est, benchmark, p)

    def plain(p: Polarity) -> ComparisonResult:
        return compare_values(value, benchmark, p)

    for compare in (with_interval, plain):
        up, down = compare(HIGHER), compare(LOWER)
        assert down.outcome is SWAP.get(up.outcome, up.outcome)
        assert up.reason == down.reason
        neutral = compare(Polarity.NONE).outcome
        expected = {
            Comparison.BETTER: Comparison.HIGHER,
            Comparison.WORSE: Comparison.LOWER,
            Comparison.SIMILAR: Comparison.SIMILAR,
        }[up.outcome]
        assert neutral is expected


@pytest.mark.parametrize(
    ("estimate", "benchmark", "reason"),
    [
        (_estimate(5.0, None, 8.0), 6.0,
         "the 95% lower limit is missing and the benchmark 6 is not above the upper limit 8"),
        # an upper limit of exactly 0 is still a limit: it is quoted as 0
        (_estimate(0.0, None, 0.0), -1.0,
         "the 95% lower limit is missing and the benchmark -1 is not above the upper limit 0"),
        (_estimate(5.0, 2.0, None), 3.0,
         "the 95% upper limit is missing and the benchmark 3 is not below the lower limit 2"),
        (_estimate(5.0, None, None), 3.0, "the 95% confidence interval has no limits"),
    ],
)
def test_a_missing_limit_is_named_in_the_reason(estimate, benchmark, reason):
    """With one limit missing, the reason names it and the limit that was known."""
    result = compare_with_benchmark(estimate, benchmark, HIGHER)
    assert result == ComparisonResult(Comparison.NOT_COMPARED, reason)


@pytest.mark.parametrize(
    ("value", "outcome", "reason"),
    [
        (12.5, Comparison.BETTER, "the value 12.5 is above the benchmark 10"),
        (7.5, Comparison.WORSE, "the value 7.5 is below the benchmark 10"),
        (10.0, Comparison.SIMILAR, "the value 10 equals the benchmark 10"),
    ],
)
def test_a_plain_comparison_says_which_side(value, outcome, reason):
    """Without an interval the reason says above, below or equal, with both numbers."""
    assert compare_values(value, 10.0, HIGHER) == ComparisonResult(outcome, reason)


def test_an_in_range_measure_is_not_compared_and_says_why():
    """An in-range measure has no better side: not compared, with the reason in words."""
    expected = ComparisonResult(
        Comparison.NOT_COMPARED,
        "an in-range measure has no single better direction to compare against a benchmark",
    )
    assert compare_values(1.0, 2.0, Polarity.IN_RANGE) == expected
    assert compare_with_benchmark(EST, 10.0, Polarity.IN_RANGE) == expected
