"""Changes between two values: worked examples from the Medway report, and exact oracles."""

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.calc.changes import (
    percent_of_target_met,
    percentage_change,
    percentage_point_change,
    reduction,
)
from cspmeasures.errors import CalculationError
from cspmeasures.vocabulary import Polarity

# realistic magnitudes: counts of offences, people, visits; fractions for percentages
positive_counts = st.floats(min_value=1e-3, max_value=1e6)
counts = st.just(0.0) | positive_counts
fractions = st.just(0.0) | st.floats(min_value=1e-6, max_value=1)

REL = Fraction(1, 10**12)


def close_to(result: float, oracle: Fraction) -> bool:
    """Whether a float agrees with an exact value within a relative 1e-12."""
    return abs(Fraction(result) - oracle) <= REL * abs(oracle)


def test_iom_reduction_is_forty_forty_thirds():
    """43 offences before IOM and 3 during is a reduction of 40/43, the report's 93%."""
    result = reduction(43, 3)
    assert close_to(result, Fraction(40, 43))
    assert round(result * 100) == 93


def test_opiate_completion_change_in_points_and_relative():
    """5.5% to 7.5% is +2.0 percentage points and a 36.36% relative increase."""
    assert math.isclose(percentage_point_change(0.055, 0.075), 0.02, rel_tol=1e-12)
    relative = percentage_change(0.055, 0.075)
    assert close_to(relative, (Fraction(0.075) - Fraction(0.055)) / Fraction(0.055))
    assert round(relative * 100, 2) == 36.36


def test_a_fall_is_a_negative_change_and_a_positive_reduction():
    """7.7% to 7.5% is a negative change; 25 to 11 in custody is a positive reduction."""
    assert percentage_change(0.077, 0.075) < 0
    assert close_to(reduction(25, 11), Fraction(14, 25))


def test_an_increase_is_a_negative_reduction():
    """16 to 20 is a reduction of -25%."""
    assert close_to(reduction(16, 20), Fraction(-1, 4))


@pytest.mark.parametrize(
    "call", [lambda: percentage_change(0, 5), lambda: reduction(0, 3)], ids=["change", "reduction"]
)
def test_zero_denominator_raises_a_clear_error(call):
    """A change or reduction from 0 raises CalculationError saying the denominator is 0."""
    with pytest.raises(CalculationError, match=r"from (a baseline of )?0"):
        call()


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_inputs_raise(bad):
    """NaN and infinities are refused rather than carried into a judgement."""
    for call in (percentage_change, percentage_point_change, reduction):
        with pytest.raises(CalculationError, match="finite"):
            call(bad, 1.0)
        with pytest.raises(CalculationError, match="finite"):
            call(1.0, bad)


def test_percent_of_target_met_by_polarity():
    """78.5% against >= 65% is value/target; 38% against < 50% is target/value."""
    higher = percent_of_target_met(0.785, 0.65, Polarity.HIGHER_IS_BETTER)
    assert close_to(higher, Fraction(0.785) / Fraction(0.65))
    lower = percent_of_target_met(0.38, 0.50, Polarity.LOWER_IS_BETTER)
    assert close_to(lower, Fraction(0.50) / Fraction(0.38))
    assert higher > 1
    assert lower > 1


@pytest.mark.parametrize(
    ("value", "target", "polarity"),
    [
        (0.5, 0.0, Polarity.HIGHER_IS_BETTER),
        (0.0, 0.2, Polarity.LOWER_IS_BETTER),
        (0.5, 0.5, Polarity.IN_RANGE),
        (0.5, 0.5, Polarity.NONE),
    ],
)
def test_percent_of_target_met_refuses_zero_denominators_and_no_direction(value, target, polarity):
    """A zero denominator or a polarity with no good direction raises CalculationError."""
    with pytest.raises(CalculationError):
        percent_of_target_met(value, target, polarity)


@given(positive_counts, counts)
def test_reduction_is_minus_percentage_change(baseline, current):
    """reduction(b, c) is exactly -percentage_change(b, c)."""
    assert reduction(baseline, current) == -percentage_change(baseline, current)


@given(positive_counts, counts)
def test_percentage_change_agrees_with_fraction_oracle(old, new):
    """(new - old) / old agrees with exact rational arithmetic within 1e-12 relative."""
    oracle = (Fraction(new) - Fraction(old)) / Fraction(old)
    assert close_to(percentage_change(old, new), oracle)


@given(positive_counts, counts)
def test_reduction_agrees_with_fraction_oracle(baseline, current):
    """(baseline - current) / baseline agrees with exact arithmetic within 1e-12 relative."""
    oracle = (Fraction(baseline) - Fraction(current)) / Fraction(baseline)
    assert close_to(reduction(baseline, current), oracle)


@given(fractions, fractions)
def test_percentage_point_change_agrees_with_oracle_and_is_antisymmetric(old, new):
    """new - old is exact to 1e-12 relative, and swapping the two negates it exactly."""
    assert close_to(percentage_point_change(old, new), Fraction(new) - Fraction(old))
    assert percentage_point_change(old, new) == -percentage_point_change(new, old)


@given(fractions, st.floats(min_value=0.01, max_value=1))
def test_percent_of_target_met_agrees_with_fraction_oracle(value, target):
    """value/target (higher) and target/value (lower) agree with exact arithmetic."""
    higher = percent_of_target_met(value, target, Polarity.HIGHER_IS_BETTER)
    assert close_to(higher, Fraction(value) / Fraction(target))
    if value > 0:
        lower = percent_of_target_met(value, target, Polarity.LOWER_IS_BETTER)
        assert close_to(lower, Fraction(target) / Fraction(value))
