"""The target expression language: every form, its errors, and format -> parse round trips."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given

import strategies
from cspmeasures import units
from cspmeasures.calc.profiles import DueAtEndProfile, EvenProfile, ExplicitProfile
from cspmeasures.calc.status import Condition, Tolerance
from cspmeasures.errors import CspMeasuresError
from cspmeasures.expressions import (
    ExpressionError,
    MeasureContext,
    format_quantity,
    format_target,
    format_tolerance,
    parse_condition,
    parse_target,
    parse_tolerance,
    parse_value,
)
from cspmeasures.model import (
    AllOfTarget,
    AmountTarget,
    BenchmarkTarget,
    ChangeTarget,
    ComparatorTarget,
    JudgedTarget,
    MilestoneTarget,
    NoTarget,
    RangeTarget,
    Target,
    ThresholdTarget,
)
from cspmeasures.periods import Frequency
from cspmeasures.vocabulary import Polarity

HIGHER = MeasureContext("percent", Polarity.HIGHER_IS_BETTER)
LOWER = MeasureContext("percent", Polarity.LOWER_IS_BETTER)
UNDIRECTED = MeasureContext("percent", Polarity.NONE)
ASSESSMENTS = MeasureContext(
    "assessment", Polarity.HIGHER_IS_BETTER, frozenset({"assessment", "visit"})
)
PLAIN = MeasureContext("", Polarity.LOWER_IS_BETTER)
YEAR, QUARTER, MONTH = Frequency.YEAR, Frequency.QUARTER, Frequency.MONTH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (">= 75%", ThresholdTarget(">=", 0.75)),
        ("> 75%", ThresholdTarget(">", 0.75)),
        ("<= 50%", ThresholdTarget("<=", 0.5)),
        ("< 20%", ThresholdTarget("<", 0.2)),
        (">=75%", ThresholdTarget(">=", 0.75)),
        ("at least 75%", ThresholdTarget(">=", 0.75)),
        ("At Least 75%", ThresholdTarget(">=", 0.75)),
        ("no less than 60%", ThresholdTarget(">=", 0.6)),
        ("more than 3%", ThresholdTarget(">", 0.03)),
        ("at most 50%", ThresholdTarget("<=", 0.5)),
        ("no more than 50%", ThresholdTarget("<=", 0.5)),
        ("less than 20%", ThresholdTarget("<", 0.2)),
        ("under 5%", ThresholdTarget("<", 0.05)),
        ("fewer than 12.5%", ThresholdTarget("<", 0.125)),
        ("at  least   75 %", ThresholdTarget(">=", 0.75)),
        (">= -2.5%", ThresholdTarget(">=", -0.025)),
    ],
)
def test_threshold_operators_and_words(text: str, expected: Target) -> None:
    """Symbols and operator words read as the threshold they name, on a percent measure."""
    assert parse_target(text, HIGHER) == expected


def test_threshold_on_a_count_measure_converts_the_unit_name() -> None:
    """'>= 10 assessments' on an assessment measure is a plain 10.0; the unit may be left off."""
    assert parse_target(">= 10 assessments", ASSESSMENTS) == ThresholdTarget(">=", 10.0)
    assert parse_target(">= 1 assessment", ASSESSMENTS) == ThresholdTarget(">=", 1.0)
    assert parse_target("at most 7", ASSESSMENTS) == ThresholdTarget("<=", 7.0)


def test_bare_percentage_is_read_with_the_polarity() -> None:
    """'100%' means '>= 100%' when higher is better and '<= 100%' when lower is better."""
    assert parse_target("100%", HIGHER) == ThresholdTarget(">=", 1.0)
    assert parse_target("100%", LOWER) == ThresholdTarget("<=", 1.0)


def test_bare_percentage_without_polarity_is_an_error() -> None:
    """With polarity none a bare level has no direction; the message offers both operators."""
    with pytest.raises(ExpressionError, match="no direction") as info:
        parse_target("100%", UNDIRECTED)
    assert "'>= 100%'" in str(info.value)
    assert "'<= 100%'" in str(info.value)


def test_between_is_a_range() -> None:
    """'between A and B' is a range in the measure's unit, whatever the case of the words."""
    assert parse_target("between 40% and 60%", UNDIRECTED) == RangeTarget(0.4, 0.6)
    assert parse_target("Between 40% AND 40%", UNDIRECTED) == RangeTarget(0.4, 0.4)
    assert parse_target("between 2 and 5", PLAIN) == RangeTarget(2.0, 5.0)


def test_between_upside_down_is_an_error() -> None:
    """A range written high end first is refused."""
    with pytest.raises(ExpressionError, match="upside down"):
        parse_target("between 60% and 40%", UNDIRECTED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("840 assessments per year", AmountTarget(840.0, YEAR, EvenProfile())),
        ("840 per year", AmountTarget(840.0, YEAR, EvenProfile())),
        ("210 assessments per quarter", AmountTarget(210.0, QUARTER, EvenProfile())),
        ("70 assessments per month", AmountTarget(70.0, MONTH, EvenProfile())),
        ("1 assessment per annum", AmountTarget(1.0, YEAR, EvenProfile())),
        ("1 assessment per year due at end", AmountTarget(1.0, YEAR, DueAtEndProfile())),
        ("1 assessment per year, due at the end", AmountTarget(1.0, YEAR, DueAtEndProfile())),
        ("5 per year by year end", AmountTarget(5.0, YEAR, DueAtEndProfile())),
        ("5 per year by the end of the year", AmountTarget(5.0, YEAR, DueAtEndProfile())),
        ("1 assessment per quarter", AmountTarget(1.0, QUARTER, EvenProfile())),
        ("0 assessments per year", AmountTarget(0.0, YEAR, EvenProfile())),
    ],
)
def test_amounts_per_period(text: str, expected: Target) -> None:
    """Amounts per year, quarter or month, evenly profiled or due at the end."""
    assert parse_target(text, ASSESSMENTS) == expected


def test_amount_per_an_unknown_period_is_an_error() -> None:
    """Only years, quarters and months are periods."""
    with pytest.raises(ExpressionError, match="expected 'per year', 'per quarter' or 'per month'"):
        parse_target("1 per fortnight", ASSESSMENTS)


def test_due_at_end_without_an_amount_is_an_error() -> None:
    """'due at end' belongs to an amount per period, not to a threshold."""
    with pytest.raises(ExpressionError, match="needs an amount per period"):
        parse_target(">= 5 due at end", ASSESSMENTS)


def test_amount_in_percent_is_an_error() -> None:
    """An amount per period is a count, never a percentage."""
    with pytest.raises(ExpressionError, match="is a count, found '5%'"):
        parse_target("5% per year", ASSESSMENTS)


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("10% reduction", LOWER, ChangeTarget("reduce", 0.1, "relative", None)),
        ("10% reduction on 2016-17", LOWER, ChangeTarget("reduce", 0.1, "relative", "2016-17")),
        (
            "5% increase from dec-2015",
            HIGHER,
            ChangeTarget("increase", 0.05, "relative", "dec-2015"),
        ),
        ("5% decrease against base", LOWER, ChangeTarget("reduce", 0.05, "relative", "base")),
        (
            "2 percentage points reduction on 2016-17",
            LOWER,
            ChangeTarget("reduce", 0.02, "points", "2016-17"),
        ),
        ("1 percentage point increase", HIGHER, ChangeTarget("increase", 0.01, "points", None)),
        ("reduce", LOWER, ChangeTarget("reduce", None, "relative", None)),
        ("increase", HIGHER, ChangeTarget("increase", None, "relative", None)),
        ("Reduce on 2016-17", LOWER, ChangeTarget("reduce", None, "relative", "2016-17")),
        (
            "increase compared with 2016-17",
            HIGHER,
            ChangeTarget("increase", None, "relative", "2016-17"),
        ),
        ("10 assessments increase", ASSESSMENTS, ChangeTarget("increase", 10.0, "points", None)),
        ("3 reduction on y1", PLAIN, ChangeTarget("reduce", 3.0, "points", "y1")),
        ("10% increase", ASSESSMENTS, ChangeTarget("increase", 0.1, "relative", None)),
    ],
)
def test_changes(text: str, context: MeasureContext, expected: Target) -> None:
    """Relative and points changes, any change, with and without a baseline."""
    assert parse_target(text, context) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("better than Kent", ComparatorTarget("better-than", "Kent")),
        ("no worse than England average", ComparatorTarget("no-worse-than", "England average")),
        ("similar to kent", ComparatorTarget("similar-to", "kent")),
        ("Better Than Kent", ComparatorTarget("better-than", "Kent")),
        ("benchmark dec-2015", BenchmarkTarget("dec-2015")),
        (
            "New services in place by 2018-04-01",
            MilestoneTarget("New services in place", dt.date(2018, 4, 1)),
        ),
        (
            "Strategy agreed due 2017-12-31",
            MilestoneTarget("Strategy agreed", dt.date(2017, 12, 31)),
        ),
        (
            "Reduce waiting lists by 2018-04-01",
            MilestoneTarget("Reduce waiting lists", dt.date(2018, 4, 1)),
        ),
        ("judged", JudgedTarget("")),
        ("JUDGED", JudgedTarget("")),
        ("none", NoTarget()),
        ("monitor", NoTarget()),
        ("Monitor only", NoTarget()),
    ],
)
def test_comparisons_milestones_judged_and_none(text: str, expected: Target) -> None:
    """Comparator relations, benchmark, milestones, judged and none."""
    assert parse_target(text, HIGHER) == expected


def test_milestone_with_an_impossible_date_is_an_error() -> None:
    """A milestone's date is a real calendar date."""
    with pytest.raises(ExpressionError, match="cannot read '2018-02-30' as a date: there is no such day"):
        parse_target("Services in place by 2018-02-30", HIGHER)


def test_milestone_date_may_be_written_the_uk_way() -> None:
    """'by 31/03/2018' and 'by 31 Mar 2018' are the same day as 'by 2018-03-31'."""
    iso = parse_target("Services in place by 2018-03-31", HIGHER)
    assert parse_target("Services in place by 31/03/2018", HIGHER) == iso
    assert parse_target("Services in place by 31 Mar 2018", HIGHER) == iso


def test_empty_target_is_an_error() -> None:
    """An empty expression asks for 'none' instead."""
    with pytest.raises(ExpressionError, match="write 'none'"):
        parse_target("   ", HIGHER)


def test_unreadable_target_lists_the_forms() -> None:
    """Text that is no form says so and shows examples of the forms."""
    with pytest.raises(ExpressionError, match="cannot read 'fantastic' as a target") as info:
        parse_target("fantastic", HIGHER)
    assert "'840 assessments per year'" in str(info.value)


def test_operator_word_must_end_at_a_word_boundary() -> None:
    """'overall 5%' is not 'over' followed by 'all 5%'."""
    with pytest.raises(ExpressionError, match="cannot read 'overall 5%'"):
        parse_target("overall 5%", HIGHER)


def test_percentage_points_as_a_level_is_an_error() -> None:
    """A level is a percentage; percentage points are a difference and are refused."""
    with pytest.raises(ExpressionError, match="is a difference") as info:
        parse_target(">= 2 percentage points", HIGHER)
    assert "'2%'" in str(info.value)


def test_bare_number_on_a_percent_measure_is_an_error() -> None:
    """'75' on a percent measure might mean 75% or 0.75%: the percent sign is required."""
    with pytest.raises(ExpressionError, match="the measure is in percent") as info:
        parse_target(">= 75", HIGHER)
    assert "'75%'" in str(info.value)


def test_percentage_on_a_count_measure_is_an_error() -> None:
    """A percentage level on an assessment measure is refused."""
    with pytest.raises(ExpressionError, match="the measure is in assessment, not percent"):
        parse_target(">= 75%", ASSESSMENTS)


def test_visits_are_not_assessments() -> None:
    """Count units have dimensions of their own: visits cannot be compared with assessments."""
    with pytest.raises(ExpressionError, match="cannot compare visit with assessment") as info:
        parse_target("840 visits per year", ASSESSMENTS)
    assert "'840 visits'" in str(info.value)
    with pytest.raises(ExpressionError, match="cannot compare visit with assessment"):
        parse_target(">= 10 visits", ASSESSMENTS)


def test_unit_on_a_measure_without_a_unit_is_an_error() -> None:
    """A quantity with a unit needs a measure that declares one."""
    plain = MeasureContext("", Polarity.LOWER_IS_BETTER, frozenset({"assessment"}))
    with pytest.raises(ExpressionError, match="the measure declares no unit"):
        parse_target(">= 10 assessments", plain)


def test_unknown_unit_is_an_error() -> None:
    """A unit pint does not know, and no catalogue declared, is named in the message."""
    with pytest.raises(ExpressionError, match="unknown unit 'widgets'"):
        parse_target("840 widgets per year", ASSESSMENTS)


def test_negative_amount_is_an_error() -> None:
    """An amount per period cannot be negative."""
    with pytest.raises(ExpressionError, match="cannot be negative, found '-5 assessments'"):
        parse_target("-5 assessments per year", ASSESSMENTS)


def test_signed_change_is_an_error() -> None:
    """The direction is a word; a sign on the size of a change is refused."""
    with pytest.raises(ExpressionError, match="without a sign"):
        parse_target("-5% reduction", LOWER)


def test_bare_number_change_on_a_percent_measure_is_an_error() -> None:
    """On a percentage a change is relative (%) or in percentage points, never bare."""
    with pytest.raises(ExpressionError, match=re.escape("'10% reduce' (relative)")):
        parse_target("10 reduction", LOWER)


def test_percentage_points_change_on_a_count_measure_is_an_error() -> None:
    """Percentage points are a change in a percentage only."""
    with pytest.raises(ExpressionError, match="percentage points are a change in a percentage"):
        parse_target("2 percentage points increase", ASSESSMENTS)


def test_parse_value_reads_levels() -> None:
    """parse_value stores a percentage as a fraction and a count as written."""
    assert parse_value("75%", HIGHER) == 0.75
    assert parse_value("12.5 %", HIGHER) == 0.125
    assert parse_value("840 assessments", ASSESSMENTS) == 840.0
    assert parse_value("0.1", PLAIN) == 0.1


def test_tolerances() -> None:
    """Absolute tolerances in points or the measure's unit, relative ones as '% of target'."""
    assert parse_tolerance("2 percentage points", HIGHER) == Tolerance(0.02)
    assert parse_tolerance("5% of target", HIGHER) == Tolerance(0.05, relative=True)
    assert parse_tolerance("5% of the target", ASSESSMENTS) == Tolerance(0.05, relative=True)
    assert parse_tolerance("10 assessments", ASSESSMENTS) == Tolerance(10.0)
    assert parse_tolerance("3", PLAIN) == Tolerance(3.0)


def test_percent_tolerance_on_a_percent_measure_is_ambiguous() -> None:
    """'2%' on a percentage could be points or relative: the message offers both spellings."""
    with pytest.raises(ExpressionError) as info:
        parse_tolerance("2%", HIGHER)
    message = str(info.value)
    assert "'2 percentage points'" in message
    assert "'2% of target'" in message


def test_tolerance_errors() -> None:
    """Negative, wrong-unit and non-percentage relative tolerances are refused."""
    with pytest.raises(ExpressionError, match="cannot be negative"):
        parse_tolerance("-1 percentage points", HIGHER)
    with pytest.raises(ExpressionError, match="the measure is not a percentage"):
        parse_tolerance("2%", ASSESSMENTS)
    with pytest.raises(ExpressionError, match="a relative tolerance is a percentage"):
        parse_tolerance("2 assessments of target", ASSESSMENTS)
    with pytest.raises(ExpressionError, match="cannot compare visit with assessment"):
        parse_tolerance("1 visit", ASSESSMENTS)


def test_conditions() -> None:
    """Status-rule conditions on the value, the percent of target and the date."""
    assert parse_condition("value >= 75%", HIGHER) == Condition("value", ">=", 0.75)
    assert parse_condition("VALUE == 50%", HIGHER) == Condition("value", "==", 0.5)
    assert parse_condition("percent-of-target >= 90%", ASSESSMENTS) == Condition(
        "percent-of-target", ">=", 0.9
    )
    assert parse_condition("date > 2018-04-01", HIGHER) == Condition(
        "date", ">", dt.date(2018, 4, 1)
    )
    assert parse_condition("value < 10 assessments", ASSESSMENTS) == Condition("value", "<", 10.0)


def test_condition_errors() -> None:
    """Unknown subjects, bare percent-of-target and bare numbers on percentages are refused."""
    with pytest.raises(ExpressionError, match="cannot read 'foo > 1' as a condition"):
        parse_condition("foo > 1", HIGHER)
    with pytest.raises(ExpressionError, match=re.escape("compared with a percentage, found '0.9'")):
        parse_condition("percent-of-target >= 0.9", HIGHER)
    with pytest.raises(ExpressionError, match="write the condition as a percentage"):
        parse_condition("value >= 75", HIGHER)


def test_format_examples() -> None:
    """Targets are written back in the expression language with units and plurals."""
    assert format_target(ThresholdTarget(">=", 0.75), HIGHER) == ">= 75%"
    assert format_target(RangeTarget(0.4, 0.6), UNDIRECTED) == "between 40% and 60%"
    assert (
        format_target(AmountTarget(840.0, YEAR, EvenProfile()), ASSESSMENTS)
        == "840 assessments per year"
    )
    assert (
        format_target(AmountTarget(1.0, QUARTER, DueAtEndProfile()), ASSESSMENTS)
        == "1 assessment per quarter due at end"
    )
    assert (
        format_target(ChangeTarget("reduce", 0.02, "points", "2016-17"), LOWER)
        == "2 percentage points reduction on 2016-17"
    )
    assert format_target(ChangeTarget("increase"), HIGHER) == "increase"
    assert format_target(JudgedTarget("Partners agree"), HIGHER) == "judged: Partners agree"
    assert format_quantity(0.125, HIGHER) == "12.5%"
    assert format_tolerance(Tolerance(0.01), HIGHER) == "1 percentage point"
    assert format_tolerance(Tolerance(0.05, relative=True), ASSESSMENTS) == "5% of target"


def test_forms_without_a_one_line_reading_are_still_described() -> None:
    """Explicit profiles and all-of targets get a description, though it does not parse back."""
    amount = AmountTarget(840.0, YEAR, ExplicitProfile((1.0, 1.0, 1.0, 2.0)))
    assert format_target(amount, ASSESSMENTS) == "840 assessments per year (profile 1, 1, 1, 2)"
    both = AllOfTarget((MilestoneTarget("Self-assessment"), ThresholdTarget(">=", 0.75)))
    assert format_target(both, HIGHER) == "Self-assessment and >= 75%"


@given(strategies.contexts_and_targets())
def test_format_then_parse_round_trips(case: tuple[MeasureContext, Target]) -> None:
    """Every target with a one-line form reads back equal from what format_target writes."""
    context, target = case
    assert parse_target(format_target(target, context), context) == target


@given(strategies.contexts, strategies.decimals("0", "1000"))
def test_tolerance_round_trips(context: MeasureContext, amount: Decimal) -> None:
    """Absolute and relative tolerances read back equal from what format_tolerance writes."""
    absolute = Tolerance(float(amount / 100) if context.is_percent else float(amount))
    relative = Tolerance(float(amount / 100), relative=True)
    for tolerance in (absolute, relative):
        assert parse_tolerance(format_tolerance(tolerance, context), context) == tolerance


def test_percent_target_on_a_measure_without_a_unit_says_to_declare_percent() -> None:
    """'>= 75%' on a measure with no unit points at the missing 'unit: percent'."""
    with pytest.raises(ExpressionError, match="add 'unit: percent'"):
        parse_target(">= 75%", PLAIN)


def test_status_rule_date_may_be_written_the_uk_way() -> None:
    """'date >= 01/04/2018' and 'date >= 1 Apr 2018' are the ISO condition."""
    context = MeasureContext("percent")
    iso = parse_condition("date >= 2018-04-01", context)
    assert parse_condition("date >= 01/04/2018", context) == iso
    assert parse_condition("date >= 1 Apr 2018", context) == iso


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("assessment", "assessments"),
        ("child", "children"),
        ("person", "people"),
        ("casualty", "casualties"),
        ("survey", "surveys"),
        ("box", "boxes"),
        ("joint_visit", "joint_visits"),
        ("young_person", "young_people"),
    ],
)
def test_one_pluraliser(name: str, expected: str) -> None:
    """Irregular plurals right, -ies after a consonant, -es after x; the last word only."""
    assert units.plural(name) == expected
    assert units.unit_words(name, 1) == name
    assert units.unit_words(name, 2) == expected
    assert format_quantity(840, MeasureContext(name)) == f"840 {expected}"


def test_an_irregular_plural_reads_back() -> None:
    """A target written "840 children" names the declared unit child, as "840 childs" did."""
    assert units.parse_unit("children", frozenset({"child"})) == "child"
    assert units.parse_unit("casualties", frozenset({"casualty"})) == "casualty"
    assert units.parse_unit("childs", frozenset({"child"})) == "child"


def test_expression_and_unit_errors_derive_from_the_root_error() -> None:
    """A bad target and a bad unit raise errors that are both CspMeasuresError and, as
    before, ValueError, with their messages unchanged."""
    with pytest.raises(ExpressionError) as bad_target:
        parse_target("more than a lot", MeasureContext("percent"))
    assert isinstance(bad_target.value, CspMeasuresError)
    assert isinstance(bad_target.value, ValueError)
    with pytest.raises(units.UnitProblem) as bad_unit:
        units.check_count_unit("Visit")
    assert isinstance(bad_unit.value, CspMeasuresError)
    assert isinstance(bad_unit.value, ValueError)
    assert str(bad_unit.value) == (
        "a unit name is a lower-case word such as 'assessment', found 'Visit'"
    )
