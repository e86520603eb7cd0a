"""Every refusal of the pure calculations says exactly what was wrong, naming the input.

A CalculationError's message reaches a reader through the CLI; a message that names the
wrong input, or none, is a defect. Each expected text is written out in full.
"""

import math
from collections.abc import Callable
from datetime import date

import pytest

from cspmeasures.calc.changes import (
    percent_of_target_met,
    percentage_change,
    percentage_point_change,
    reduction,
)
from cspmeasures.calc.compare import compare_values, compare_with_benchmark
from cspmeasures.calc.profiles import (
    EvenProfile,
    ExplicitProfile,
    expected_by_now,
    rolling_total,
    year_to_date,
)
from cspmeasures.calc.rates import byars_lower, exact_upper, proportion, rate, z_value
from cspmeasures.calc.rounding import (
    format_number,
    format_percent,
    format_percent_change,
    format_percentage_points,
    round_half_up,
)
from cspmeasures.calc.status import (
    Condition,
    Tolerance,
    combine_all_of,
    judge_amount,
    judge_change,
    judge_milestone,
    judge_range,
    judge_threshold,
    worst_status,
)
from cspmeasures.calc.trend import direction_of_travel
from cspmeasures.errors import CalculationError
from cspmeasures.vocabulary import Polarity

NAN = math.nan
HIGHER = Polarity.HIGHER_IS_BETTER


def message(call: Callable[[], object]) -> str:
    """The message of the CalculationError ``call`` raises."""
    with pytest.raises(CalculationError) as raised:
        call()
    return str(raised.value)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: percentage_change(NAN, 1), "old must be a finite number, not nan"),
        (lambda: percentage_change(1, NAN), "new must be a finite number, not nan"),
        (lambda: percentage_point_change(NAN, 1), "old must be a finite number, not nan"),
        (lambda: percentage_point_change(1, NAN), "new must be a finite number, not nan"),
        (lambda: reduction(NAN, 1), "baseline must be a finite number, not nan"),
        (lambda: reduction(1, NAN), "current must be a finite number, not nan"),
        (lambda: reduction(0, 3),
         "cannot give a reduction from a baseline of 0 (to 3): the baseline is the denominator"),
        (lambda: percent_of_target_met(NAN, 1, HIGHER), "value must be a finite number, not nan"),
        (lambda: percent_of_target_met(1, NAN, HIGHER), "target must be a finite number, not nan"),
        (lambda: percent_of_target_met(1, 1, Polarity.IN_RANGE),
         "percent of target needs a polarity of higher or lower is better, not in-range"),
        (lambda: percent_of_target_met(5, 0, HIGHER),
         "cannot give the percent of target met for value 5 and target 0 (higher-is-better): "
         "the target is 0"),
        (lambda: percent_of_target_met(0, 5, Polarity.LOWER_IS_BETTER),
         "cannot give the percent of target met for value 0 and target 5 (lower-is-better): "
         "the value is 0"),
    ],
)
def test_change_messages(call, expected):
    """The changes name the input that is not a number, and why a ratio cannot be given."""
    assert message(call) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: ExplicitProfile(()), "an explicit profile needs at least one share"),
        (lambda: ExplicitProfile((1, -1)),
         "the shares of an explicit profile must be finite and not negative, not (1.0, -1.0)"),
        (lambda: ExplicitProfile((0, 0)), "the shares of an explicit profile cannot all be 0"),
        (lambda: expected_by_now(NAN, 1, 4, EvenProfile()), "annual must be a finite number, not nan"),
        (lambda: expected_by_now(-1, 1, 4, EvenProfile()),
         "an annual amount cannot be negative, not -1"),
        (lambda: expected_by_now(1, 0, 0, EvenProfile()), "periods_per_year must be at least 1, not 0"),
        (lambda: expected_by_now(1, 5, 4, EvenProfile()), "elapsed_periods must be between 0 and 4, not 5"),
        (lambda: expected_by_now(1, 1, 4, "even"), "not a profile: 'even'"),
        (lambda: rolling_total([1, 2], 0), "a rolling window must be at least 1 period, not 0"),
        (lambda: rolling_total([1, 2], 3), "a rolling total over 3 periods needs 3 values, not 2"),
        (lambda: year_to_date([1, NAN]), "a period value must be a finite number, not nan"),
    ],
)
def test_profile_messages(call, expected):
    """Profiles and totals say which number is wrong and what was expected."""
    assert message(call) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: round_half_up("1", 1), "value must be a number, got '1'"),
        (lambda: round_half_up(True, 1), "value must be a number, got True"),
        (lambda: format_number(math.inf, 1), "value must be a finite number, got inf"),
        (lambda: format_percent("0.5"), "fraction must be a number, got '0.5'"),
        (lambda: format_percentage_points(None), "difference must be a number, got None"),
        (lambda: format_percent_change("x"), "fraction_change must be a number, got 'x'"),
    ],
)
def test_rounding_messages(call, expected):
    """Rounding names the argument that is not a number."""
    assert message(call) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: compare_values("1", 1, HIGHER), "value must be a number, got '1'"),
        (lambda: compare_values(1, None, HIGHER), "benchmark must be a number, got None"),
        (lambda: compare_values(1, NAN, HIGHER), "benchmark must be a finite number, got nan"),
        (lambda: compare_with_benchmark(rate(20, 1000), True, HIGHER),
         "benchmark must be a number, got True"),
    ],
)
def test_compare_messages(call, expected):
    """Comparison names the argument that is not a number."""
    assert message(call) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: direction_of_travel(1, 2, HIGHER, threshold=-1),
         "threshold must be a finite number >= 0, not -1"),
        (lambda: direction_of_travel(NAN, 2, HIGHER), "previous must be a finite number, not nan"),
        (lambda: direction_of_travel(1, NAN, HIGHER), "current must be a finite number, not nan"),
    ],
)
def test_trend_messages(call, expected):
    """Direction of travel names the value that is not a number."""
    assert message(call) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: rate("3", 100), "count must be a number, got '3'"),
        (lambda: rate(True, 100), "count must be a number, got True"),
        (lambda: exact_upper(-1), "count must not be negative, got -1"),
        (lambda: rate(2.5, 100), "count must be a whole number for an exact interval, got 2.5"),
        (lambda: byars_lower(-1), "count must not be negative, got -1"),
        (lambda: rate(3, 100, confidence="95%"),
         "confidence must be a number such as 0.95, got '95%'"),
        (lambda: z_value(True), "confidence must be a number such as 0.95, got True"),
        # below 1, but 0.9999999999999999 + (1 - 0.9999999999999999) / 2 rounds to 1.0
        (lambda: rate(20, 100, confidence=0.9999999999999999),
         "confidence 0.9999999999999999 is too close to 1 for a normal quantile"),
        (lambda: proportion(3, 2),
         "numerator 3 is greater than denominator 2: a proportion cannot exceed 1"),
    ],
)
def test_rate_messages(call, expected):
    """Rates and proportions name the input and what it must be."""
    assert message(call) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: Tolerance(-1), "amount must be a finite number >= 0, not -1"),
        (lambda: judge_threshold(0.5, op="=>", target=0.5),
         "op must be one of >=, >, <=, <, not '=>'"),
        (lambda: judge_threshold(NAN, op=">=", target=0.5), "value must be a finite number, not nan"),
        (lambda: judge_threshold(0.5, op=">=", target=NAN), "target must be a finite number, not nan"),
        (lambda: judge_range(NAN, low=0, high=1), "value must be a finite number, not nan"),
        (lambda: judge_range(0.5, low=NAN, high=1), "low must be a finite number, not nan"),
        (lambda: judge_range(0.5, low=0, high=NAN), "high must be a finite number, not nan"),
        (lambda: judge_range(0.5, low=0.6, high=0.4), "a range needs low <= high, not 0.6 to 0.4"),
        (lambda: judge_amount(NAN, expected=0, annual=1, polarity=HIGHER),
         "actual must be a finite number, not nan"),
        (lambda: judge_amount(-1, expected=0, annual=1, polarity=HIGHER),
         "actual is an amount and cannot be negative, not -1"),
        (lambda: judge_amount(1, expected=-1, annual=1, polarity=HIGHER),
         "expected is an amount and cannot be negative, not -1"),
        (lambda: judge_amount(1, expected=0, annual=-1, polarity=HIGHER),
         "annual is an amount and cannot be negative, not -1"),
        (lambda: judge_amount(1, expected=2, annual=1, polarity=HIGHER),
         "the amount expected by now (2) cannot exceed the whole amount (1)"),
        (lambda: judge_amount(1, expected=0, annual=1, polarity=Polarity.NONE),
         "an amount target needs a polarity of higher or lower is better, not none"),
        (lambda: judge_change(1, 1, direction="cut", required=None, kind="relative"),
         "direction must be one of reduce, increase, not 'cut'"),
        (lambda: judge_change(1, 1, direction="reduce", required=None, kind="ratio"),
         "kind must be one of relative, points, not 'ratio'"),
        (lambda: judge_change(NAN, 1, direction="reduce", required=None, kind="relative"),
         "baseline must be a finite number, not nan"),
        (lambda: judge_change(1, NAN, direction="reduce", required=None, kind="relative"),
         "current must be a finite number, not nan"),
        (lambda: judge_change(1, 1, direction="reduce", required=NAN, kind="relative"),
         "required must be a finite number, not nan"),
        (lambda: judge_change(1, 1, direction="reduce", required=-0.1, kind="relative"),
         "required is the size of the change wanted, not negative: -0.1"),
        (lambda: judge_change(-10, 5, direction="reduce", required=0.1, kind="relative"),
         "a relative change needs a positive baseline, not -10"),
        (lambda: judge_milestone("started", due=None, as_of=date(2018, 1, 1)),
         "state must be one of not-started, in-progress, complete, not 'started'"),
        (lambda: combine_all_of([]), "a combined target needs at least one part"),
        (lambda: worst_status([]), "a combined target needs at least one part"),
        (lambda: Condition("colour", ">=", 1.0),
         "a condition's subject must be one of value, percent-of-target, date, not 'colour'"),
        (lambda: Condition("value", "=>", 1.0),
         "a condition's op must be one of >=, >, <=, <, ==, !=, not '=>'"),
        (lambda: Condition("date", ">=", 1.0),
         "a condition on the date needs a date operand, not 1.0"),
        (lambda: Condition("value", ">=", date(2018, 4, 1)),
         "a condition on the value needs a number operand, not datetime.date(2018, 4, 1)"),
        (lambda: Condition("value", ">=", NAN), "a condition's operand must be a finite number, not nan"),
    ],
)
def test_status_messages(call, expected):
    """The judgements name the input that is wrong and the values they accept."""
    assert message(call) == expected


def test_a_baseline_just_above_zero_is_a_baseline():
    """A relative change needs a positive baseline: 0.5 is one (100% reduction to 0)."""
    judgement = judge_change(0.5, 0, direction="reduce", required=0.1, kind="relative")
    assert judgement.reason == (
        "A reduction of 100% (from 0.5 to 0) meets the target of a reduction of at least 10%"
    )
