"""Direction of travel: examples from the Medway report and symmetry properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.calc.trend import Trend, direction_of_travel, travel
from cspmeasures.errors import CalculationError
from cspmeasures.vocabulary import Polarity

values = st.floats(min_value=0, max_value=1e4, allow_nan=False)
maybe_values = st.none() | values
thresholds = st.floats(min_value=0, max_value=10, allow_nan=False)
directed = st.sampled_from([Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER])

OPPOSITE = {
    Polarity.HIGHER_IS_BETTER: Polarity.LOWER_IS_BETTER,
    Polarity.LOWER_IS_BETTER: Polarity.HIGHER_IS_BETTER,
}
SWAPPED = {
    Trend.IMPROVING: Trend.WORSENING,
    Trend.WORSENING: Trend.IMPROVING,
    Trend.INCREASING: Trend.DECREASING,
    Trend.DECREASING: Trend.INCREASING,
    Trend.NO_CHANGE: Trend.NO_CHANGE,
    Trend.NOT_COMPARED: Trend.NOT_COMPARED,
}


def test_opiate_completions_falling_is_worsening():
    """Opiate completions from 7.7% last quarter to 7.5% (higher is better) are worsening."""
    assert direction_of_travel(0.077, 0.075, Polarity.HIGHER_IS_BETTER) is Trend.WORSENING


def test_small_moves_within_the_threshold_are_no_change():
    """7.7% to 7.5% with a half-point threshold is no change."""
    trend = direction_of_travel(0.077, 0.075, Polarity.HIGHER_IS_BETTER, threshold=0.005)
    assert trend is Trend.NO_CHANGE


def test_triage_reoffending_falling_is_improving():
    """Triage re-offending from 30% to 20% (lower is better) is improving."""
    assert direction_of_travel(0.30, 0.20, Polarity.LOWER_IS_BETTER) is Trend.IMPROVING


def test_context_figures_increase_or_decrease():
    """The IOM custody cohort, a context figure, going from 25 to 11 is decreasing."""
    assert direction_of_travel(25, 11, Polarity.NONE) is Trend.DECREASING
    assert direction_of_travel(16, 15, Polarity.NONE) is Trend.DECREASING
    assert direction_of_travel(11, 25, Polarity.IN_RANGE) is Trend.INCREASING


def test_equal_values_are_no_change():
    """The same value twice is no change, whatever the polarity."""
    for polarity in Polarity:
        assert direction_of_travel(0.75, 0.75, polarity) is Trend.NO_CHANGE


def test_a_missing_side_is_not_compared():
    """Q2 data not yet available: the trend is not compared."""
    assert direction_of_travel(0.077, None, Polarity.HIGHER_IS_BETTER) is Trend.NOT_COMPARED
    assert direction_of_travel(None, 0.075, Polarity.HIGHER_IS_BETTER) is Trend.NOT_COMPARED
    assert direction_of_travel(None, None, Polarity.NONE) is Trend.NOT_COMPARED


@pytest.mark.parametrize("threshold", [-0.01, float("nan"), float("inf")])
def test_threshold_must_be_finite_and_not_negative(threshold):
    """A negative or non-finite threshold raises CalculationError."""
    with pytest.raises(CalculationError):
        direction_of_travel(1, 2, Polarity.HIGHER_IS_BETTER, threshold=threshold)


def test_trend_values_are_the_public_words():
    """The trend words other systems key on."""
    assert [t.value for t in Trend] == [
        "improving",
        "worsening",
        "no-change",
        "increasing",
        "decreasing",
        "not-compared",
    ]


@given(maybe_values, maybe_values, directed, thresholds)
def test_swapping_polarity_swaps_improving_and_worsening(previous, current, polarity, threshold):
    """Reversing which direction is better turns improving into worsening and back."""
    trend = direction_of_travel(previous, current, polarity, threshold=threshold)
    flipped = direction_of_travel(previous, current, OPPOSITE[polarity], threshold=threshold)
    assert flipped is SWAPPED[trend]
    assert trend not in (Trend.INCREASING, Trend.DECREASING)


@given(maybe_values, maybe_values, st.sampled_from(Polarity), thresholds)
def test_swapping_previous_and_current_swaps_the_direction(previous, current, polarity, threshold):
    """Reading the two periods the other way round reverses the trend."""
    forwards = direction_of_travel(previous, current, polarity, threshold=threshold)
    backwards = direction_of_travel(current, previous, polarity, threshold=threshold)
    assert backwards is SWAPPED[forwards]


@given(values, values, st.sampled_from([Polarity.NONE, Polarity.IN_RANGE]), thresholds)
def test_no_better_direction_never_improves_or_worsens(previous, current, polarity, threshold):
    """Without a better direction the trend is only increasing, decreasing or no change."""
    trend = direction_of_travel(previous, current, polarity, threshold=threshold)
    expected = (
        Trend.NO_CHANGE
        if abs(current - previous) <= threshold
        else Trend.INCREASING
        if current > previous
        else Trend.DECREASING
    )
    assert trend is expected


def test_travel_without_a_threshold_counts_any_change():
    """travel's threshold defaults to 0: a rise of 0.1 is improving, a rise of 0.5 with no
    better direction is increasing."""
    assert travel(0.5, 0.6, 1) is Trend.IMPROVING
    assert travel(0.0, 0.5, 0) is Trend.INCREASING
    assert travel(0.5, 0.0, 0) is Trend.DECREASING
    assert travel(0.5, 0.5, 1) is Trend.NO_CHANGE
