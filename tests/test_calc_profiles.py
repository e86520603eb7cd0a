"""Profiles of an annual amount and period totals: Early Help examples and properties."""

import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.calc.profiles import (
    DueAtEndProfile,
    EvenProfile,
    ExplicitProfile,
    expected_by_now,
    rolling_total,
    year_to_date,
)
from cspmeasures.errors import CalculationError

REL = Fraction(1, 10**12)

annuals = st.just(0.0) | st.floats(min_value=1e-3, max_value=1e6)
# months, quarters, four-weekly periods, weeks, and everything up to weekly
periods_per_year = st.integers(min_value=1, max_value=53)
period_values = st.lists(st.just(0.0) | st.floats(min_value=1e-3, max_value=1e5), max_size=60)


@st.composite
def profiles_for(draw, periods):
    """Any profile that fits a year of ``periods`` periods."""
    shares = st.lists(
        st.just(0.0) | st.floats(min_value=1e-3, max_value=100), min_size=periods, max_size=periods
    ).filter(any)
    return draw(
        st.one_of(
            st.just(EvenProfile()),
            st.just(DueAtEndProfile()),
            shares.map(ExplicitProfile),
        )
    )


@st.composite
def years(draw):
    """An annual amount, a number of periods and a profile for them."""
    periods = draw(periods_per_year)
    return draw(annuals), periods, draw(profiles_for(periods))


def test_early_help_even_profile_expects_420_by_q2():
    """840 assessments a year, evenly profiled, is 420 expected by the end of Q2."""
    assert expected_by_now(840, 2, 4, EvenProfile()) == 420


def test_early_help_year_to_date_is_ahead_of_profile():
    """287 in Q1 and 219 in Q2 is 506 to date, ahead of the 420 expected."""
    to_date = year_to_date([287, 219])
    assert to_date == 506
    assert to_date > expected_by_now(840, 2, 4, EvenProfile())


@pytest.mark.parametrize(("elapsed", "expected"), [(0, 0), (1, 0), (3, 0), (4, 1)])
def test_due_at_end_expects_nothing_before_the_last_period(elapsed, expected):
    """One campaign by year end: 0 expected until all four quarters are over, then 1."""
    assert expected_by_now(1, elapsed, 4, DueAtEndProfile()) == expected


def test_explicit_shares_are_weights():
    """Shares (1, 1, 2) and (0.25, 0.25, 0.5) give the same amounts by now."""
    for elapsed, expected in [(0, 0), (1, 25), (2, 50), (3, 100)]:
        assert expected_by_now(100, elapsed, 3, ExplicitProfile((1, 1, 2))) == expected
        assert expected_by_now(100, elapsed, 3, ExplicitProfile((0.25, 0.25, 0.5))) == expected


def test_explicit_shares_are_stored_as_a_tuple_of_floats():
    """A list of shares is kept as a tuple of floats, so the profile is hashable."""
    profile = ExplicitProfile([1, 2, 3])
    assert profile.shares == (1.0, 2.0, 3.0)
    assert hash(profile) == hash(ExplicitProfile((1.0, 2.0, 3.0)))


@pytest.mark.parametrize("shares", [(), (0, 0, 0, 0), (1, -1, 1, 1), (1, float("nan"), 1, 1)])
def test_explicit_shares_are_validated(shares):
    """No shares, all-zero, negative or NaN shares are refused."""
    with pytest.raises(CalculationError):
        ExplicitProfile(shares)


def test_explicit_profile_needs_one_share_per_period():
    """Three shares cannot profile a year of four quarters."""
    with pytest.raises(CalculationError, match="one share per period"):
        expected_by_now(840, 2, 4, ExplicitProfile((1, 1, 1)))


@pytest.mark.parametrize(
    ("annual", "elapsed", "periods"), [(840, -1, 4), (840, 5, 4), (840, 0, 0), (-1, 2, 4)]
)
def test_expected_by_now_validates_its_inputs(annual, elapsed, periods):
    """Elapsed periods outside 0..periods_per_year, no periods, or a negative amount raise."""
    with pytest.raises(CalculationError):
        expected_by_now(annual, elapsed, periods, EvenProfile())


def test_rolling_total_sums_the_last_window():
    """A rolling 3-period total of 1..5 is 3 + 4 + 5."""
    assert rolling_total([1, 2, 3, 4, 5], 3) == 12
    assert rolling_total([1, 2, 3], 3) == 6


@pytest.mark.parametrize(("values", "window"), [([1, 2], 3), ([1, 2], 0)])
def test_rolling_total_needs_a_full_window(values, window):
    """Fewer values than the window, or an empty window, raise CalculationError."""
    with pytest.raises(CalculationError):
        rolling_total(values, window)


def test_year_to_date_of_nothing_is_zero():
    """No periods reported yet totals 0."""
    assert year_to_date([]) == 0


@given(years())
def test_expected_by_now_never_decreases(year):
    """The amount expected by now does not fall as periods pass, for every profile."""
    annual, periods, profile = year
    amounts = [expected_by_now(annual, e, periods, profile) for e in range(periods + 1)]
    assert all(a <= b for a, b in itertools.pairwise(amounts))


@given(years())
def test_expected_by_now_is_zero_at_start_and_annual_at_end(year):
    """Nothing is expected at the start of the year and exactly the annual amount at its end."""
    annual, periods, profile = year
    assert expected_by_now(annual, 0, periods, profile) == 0
    assert expected_by_now(annual, periods, periods, profile) == annual


@given(annuals, st.data())
def test_even_profile_agrees_with_fraction_oracle(annual, data):
    """Even: annual * elapsed / periods agrees with exact arithmetic within 1e-12 relative."""
    periods = data.draw(periods_per_year)
    elapsed = data.draw(st.integers(min_value=0, max_value=periods))
    oracle = Fraction(annual) * elapsed / periods
    result = expected_by_now(annual, elapsed, periods, EvenProfile())
    assert abs(Fraction(result) - oracle) <= REL * oracle


@given(annuals, st.data())
def test_explicit_profile_agrees_with_fraction_oracle(annual, data):
    """Explicit: annual * cumulative share / total share agrees with exact arithmetic."""
    periods = data.draw(periods_per_year)
    profile = data.draw(profiles_for(periods).filter(lambda p: isinstance(p, ExplicitProfile)))
    elapsed = data.draw(st.integers(min_value=0, max_value=periods))
    shares = [Fraction(s) for s in profile.shares]
    oracle = Fraction(annual) * sum(shares[:elapsed]) / sum(shares)
    result = expected_by_now(annual, elapsed, periods, profile)
    assert abs(Fraction(result) - oracle) <= REL * oracle


@given(period_values)
def test_year_to_date_agrees_with_fraction_oracle(values):
    """The year-to-date total is the exact sum, rounded once."""
    oracle = sum((Fraction(v) for v in values), Fraction(0))
    assert abs(Fraction(year_to_date(values)) - oracle) <= REL * oracle


@given(period_values.filter(len), st.data())
def test_rolling_total_is_the_total_of_the_last_window(values, data):
    """A rolling total equals the year-to-date total of the last ``window`` values."""
    window = data.draw(st.integers(min_value=1, max_value=len(values)))
    assert rolling_total(values, window) == year_to_date(values[-window:])
    assert rolling_total(values, len(values)) == year_to_date(values)
