"""Display rounding: half up on the decimal a float reads as, and the formatted forms."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.calc.rounding import (
    format_number,
    format_percent,
    format_percent_change,
    format_percentage_points,
    round_half_up,
)
from cspmeasures.errors import CalculationError


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.125, 2, "0.13"),
        (16.65, 1, "16.7"),
        (2.675, 2, "2.68"),
        (1.005, 2, "1.01"),
        (0.5, 0, "1"),
        (2.5, 0, "3"),
        (-0.125, 2, "-0.13"),
        (-2.5, 0, "-3"),
        (-0.001, 1, "0.0"),
        (-0.0, 2, "0.00"),
        (1234.45, 1, "1234.5"),
        (7, 2, "7.00"),
        (1e20, 0, "100000000000000000000"),
        (1.5e-7, 12, "0.000000150000"),
    ],
)
def test_round_half_up_examples(value: float, decimals: int, expected: str) -> None:
    """Worked examples: halves go up (away from zero), unlike round(); no negative zero."""
    result = round_half_up(value, decimals)
    assert isinstance(result, Decimal)
    assert format(result, "f") == expected


def test_differs_from_builtin_round() -> None:
    """2.675 rounds to 2.68 here, where the builtin round gives 2.67."""
    assert round(2.675, 2) == 2.67
    assert round_half_up(2.675, 2) == Decimal("2.68")


@given(st.data(), st.integers(min_value=0, max_value=6))
def test_round_half_up_agrees_with_decimal_oracle(data: st.DataObject, places: int) -> None:
    """For a decimal of up to 14 digits, rounding its float equals rounding the decimal."""
    exact = data.draw(
        st.decimals(
            min_value=Decimal("-99999999"),
            max_value=Decimal("99999999"),
            places=places,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    decimals = data.draw(st.integers(min_value=0, max_value=places))
    oracle = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if oracle.is_zero():
        oracle = oracle.copy_abs()
    result = round_half_up(float(exact), decimals)
    assert result == oracle
    assert str(result) == str(oracle)


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(min_value=0, max_value=12))
def test_round_half_up_any_float(value: float, decimals: int) -> None:
    """Any finite float rounds without error, to within half a unit of the last place."""
    result = round_half_up(value, decimals)
    assert result.as_tuple().exponent == -decimals
    assert abs(result - Decimal(repr(value))) <= Decimal(1).scaleb(-decimals) / 2


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_raises(bad: float) -> None:
    """NaN and infinities raise CalculationError in every function."""
    for call in (
        lambda: round_half_up(bad, 1),
        lambda: format_number(bad, 1),
        lambda: format_percent(bad),
        lambda: format_percentage_points(bad),
        lambda: format_percent_change(bad),
    ):
        with pytest.raises(CalculationError, match="finite"):
            call()


@pytest.mark.parametrize("decimals", [-1, 13, 1.5, True])
def test_bad_decimals_raise(decimals: int) -> None:
    """Decimals outside 0..12, or not a whole number, raise CalculationError."""
    with pytest.raises(CalculationError, match="decimals"):
        round_half_up(1.0, decimals)


def test_format_number_is_plain() -> None:
    """format_number gives plain digits: no separators, no exponent."""
    assert format_number(1234.45, 1) == "1234.5"
    assert format_number(1234567.0, 0) == "1234567"
    assert format_number(0.00001, 5) == "0.00001"


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (8 / 18, "44.4%"),
        (6 / 20, "30.0%"),
        (8 / 48, "16.7%"),
        (0.4444, "44.4%"),
        (0.4445, "44.5%"),
        (0.055, "5.5%"),
        (0.0, "0.0%"),
        (1.0, "100.0%"),
    ],
)
def test_format_percent(fraction: float, expected: str) -> None:
    """Fractions shown as percentages, worked out in decimal before rounding (0.4445 → 44.5%)."""
    assert format_percent(fraction) == expected


def test_format_percent_decimal_arithmetic_matters() -> None:
    """0.3445 × 100 in floats is 34.449999…, which would round to 34.4; here it is 34.5."""
    assert 0.3445 * 100 < 34.45
    assert format_number(0.3445 * 100, 1) == "34.4"
    assert format_percent(0.3445) == "34.5%"
    assert format_percent(0.4445) == "44.5%"
    assert format_percent(0.4445, 0) == "44%"
    assert format_percent(0.12345, 2) == "12.35%"


def test_change_from_5_5_to_7_5_percent() -> None:
    """5.5% to 7.5% is "+2.0 percentage points" and "+36%"; the reverse is negative."""
    old, new = 0.055, 0.075
    assert format_percentage_points(new - old) == "+2.0 percentage points"
    assert format_percent_change((new - old) / old) == "+36%"
    assert format_percentage_points(old - new) == "-2.0 percentage points"
    assert format_percent_change((old - new) / new) == "-27%"


@pytest.mark.parametrize(
    ("difference", "decimals", "expected"),
    [
        (0.0, 1, "0.0 percentage points"),
        (-0.0001, 1, "0.0 percentage points"),
        (0.01, 0, "+1 percentage point"),
        (-0.01, 0, "-1 percentage point"),
        (-0.01, 1, "-1.0 percentage points"),
        (0.00125, 2, "+0.13 percentage points"),
    ],
)
def test_format_percentage_points(difference: float, decimals: int, expected: str) -> None:
    """Signed points: "+" when positive, no sign for zero, singular only for "1"."""
    assert format_percentage_points(difference, decimals) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [(0.365, "+37%"), (-0.365, "-37%"), (0.004, "0%"), (1.0, "+100%"), (-1.0, "-100%")],
)
def test_format_percent_change(change: float, expected: str) -> None:
    """Relative changes as signed whole percentages, halves away from zero."""
    assert format_percent_change(change) == expected


def test_small_values_are_never_in_exponent_form():
    """0.0000001 to 12 places is written out, not as 1.00000E-7."""
    assert format_number(1e-7, 12) == "0.000000100000"
    assert format_percent(1e-9, 5) == "0.00000%"


def test_percentage_points_are_hundredths():
    """A difference of 0.5 is 50 points, and of -0.125 is -12.5 points (half up: -12.5)."""
    assert format_percentage_points(0.5) == "+50.0 percentage points"
    assert format_percentage_points(-0.125) == "-12.5 percentage points"
