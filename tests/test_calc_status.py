"""Judgements against targets: the Medway report's figures, every status, and monotonicity."""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cspmeasures.calc.profiles import DueAtEndProfile, EvenProfile, expected_by_now
from cspmeasures.calc.status import (
    SEVERITY_ORDER,
    Condition,
    Judgement,
    StatusRule,
    Tolerance,
    apply_rules,
    combine_all_of,
    judge_amount,
    judge_change,
    judge_milestone,
    judge_range,
    judge_threshold,
)
from cspmeasures.errors import CalculationError
from cspmeasures.vocabulary import Polarity, Status


def percent(value: float) -> str:
    """A fraction as the report writes it: 0.753 -> '75.3%'."""
    return f"{value * 100:g}%"


def assessments(value: float) -> str:
    """A count of Early Help assessments."""
    return f"{value:g} assessments"


# How bad each judged status is, worst highest; defined here, independently of the code.
RANK = {
    Status.MET: 0,
    Status.ON_TRACK: 1,
    Status.NOT_YET_DUE: 2,
    Status.AT_RISK: 3,
    Status.OFF_TRACK: 4,
    Status.MISSED: 5,
}
# The documented order for combining parts, worst first.
WORST_FIRST = [
    Status.MISSED,
    Status.OFF_TRACK,
    Status.AT_RISK,
    Status.NO_DATA,
    Status.CANNOT_EVALUATE,
    Status.NOT_YET_DUE,
    Status.ON_TRACK,
    Status.MET,
]
IN_YEAR = {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK}

fractions = st.floats(min_value=0, max_value=1, allow_nan=False)
amounts = st.floats(min_value=0, max_value=2000, allow_nan=False)
threshold_ops = st.sampled_from([">=", ">", "<=", "<"])
directed = st.sampled_from([Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER])
tolerances = st.none() | st.builds(
    Tolerance,
    st.floats(min_value=0, max_value=0.2, allow_nan=False),
    relative=st.booleans(),
)
amount_tolerances = (
    st.none()
    | st.builds(
        Tolerance, st.floats(min_value=0, max_value=50, allow_nan=False), relative=st.just(False)
    )
    | st.builds(Tolerance, st.floats(min_value=0, max_value=0.5), relative=st.just(True))
)


@st.composite
def amount_targets(draw):
    """An annual amount and what is expected of it by now (never more than the whole)."""
    annual = draw(amounts)
    return annual, draw(st.floats(min_value=0, max_value=annual))


# --------------------------------------------------------------------------- the seed report


def test_community_orders_completion_meets_target():
    """Community Orders completed 75.3% against at least 75%: met."""
    judgement = judge_threshold(0.753, op=">=", target=0.75, describe=percent)
    assert judgement == Judgement(Status.MET, "75.3% meets the target of at least 75%")


def test_licence_completion_meets_target():
    """Licence and Post Sentence Supervision completed 78.5% against at least 65%: met."""
    assert judge_threshold(0.785, op=">=", target=0.65).status is Status.MET


def test_triage_reoffending_is_off_track_then_missed():
    """Triage re-offending of 30% against less than 20% is off-track, or missed when final."""
    judgement = judge_threshold(0.30, op="<", target=0.20, describe=percent)
    assert judgement.status is Status.OFF_TRACK
    assert judgement.reason == "30% does not meet the target of less than 20%"
    final = judge_threshold(0.30, op="<", target=0.20, final=True, describe=percent)
    assert final.status is Status.MISSED


@pytest.mark.parametrize(
    ("value", "target"), [(1.00, 0.90), (0.94, 0.90)], ids=["programme", "unpaid-work"]
)
def test_delivery_requirements_meet_ninety_percent(value, target):
    """Programme Requirement 100% and unpaid work 94% against 90%: met."""
    assert judge_threshold(value, op=">=", target=target).status is Status.MET


def test_yot_cohort_reoffending_meets_ceiling():
    """38% of the YOT cohort re-offending against less than 50%: met."""
    judgement = judge_threshold(0.38, op="<", target=0.50, describe=percent)
    assert judgement.status is Status.MET
    assert "38%" in judgement.reason
    assert "less than 50%" in judgement.reason


def test_opiate_completions_short_within_tolerance_is_at_risk():
    """7.5% against 8% is at-risk with a 1-point tolerance, off-track without one."""
    tolerant = judge_threshold(0.075, op=">=", target=0.08, tolerance=Tolerance(0.01))
    assert tolerant.status is Status.AT_RISK
    assert "within the tolerance" in tolerant.reason
    assert judge_threshold(0.075, op=">=", target=0.08).status is Status.OFF_TRACK


def test_early_help_assessments_are_on_track():
    """506 assessments by Q2 against 420 expected (840 a year) is on-track."""
    expected = expected_by_now(840, 2, 4, EvenProfile())
    judgement = judge_amount(
        506,
        expected=expected,
        annual=840,
        polarity=Polarity.HIGHER_IS_BETTER,
        describe=assessments,
    )
    assert judgement.status is Status.ON_TRACK
    assert judgement.reason.startswith("506 assessments to date is ahead of the 420 assessments")
    assert "840 assessments by year end" in judgement.reason


def test_illicit_tobacco_campaign_is_not_yet_due_then_missed_or_met():
    """One campaign by year end: not yet due at Q2; at year end met with 1, missed with 0."""
    profile = DueAtEndProfile()
    at_q2 = expected_by_now(1, 2, 4, profile)
    higher = Polarity.HIGHER_IS_BETTER
    assert judge_amount(0, expected=at_q2, annual=1, polarity=higher).status is Status.NOT_YET_DUE
    at_end = expected_by_now(1, 4, 4, profile)
    missed = judge_amount(0, expected=at_end, annual=1, polarity=higher, final=True)
    assert missed.status is Status.MISSED
    met = judge_amount(1, expected=at_end, annual=1, polarity=higher, final=True)
    assert met.status is Status.MET


def test_quarterly_operations_cadence():
    """One operation per quarter: none by the quarter's end is missed, with 'quarter' named."""
    judgement = judge_amount(
        0, expected=1, annual=1, polarity=Polarity.HIGHER_IS_BETTER, final=True, per="quarter"
    )
    assert judgement.status is Status.MISSED
    assert "by quarter end" in judgement.reason


def test_iom_reduction_meets_any_reduction_and_ten_percent():
    """Offences by the IOM cohort from 43 to 3 (93%) meet 'any reduction' and 'a 10% reduction'."""
    any_cut = judge_change(43, 3, direction="reduce", required=None, kind="relative")
    assert any_cut.status is Status.MET
    assert "reduction of 93%" in any_cut.reason
    tenth = judge_change(43, 3, direction="reduce", required=0.10, kind="relative")
    assert tenth.status is Status.MET


def test_opiate_completions_rise_in_points():
    """5.5% to 7.5% is a rise of 2 points: meets 'a rise of 1 point', misses 'a rise of 3'."""
    one = judge_change(0.055, 0.075, direction="increase", required=0.01, kind="points")
    assert one.status is Status.MET
    assert "2 percentage points" in one.reason
    three = judge_change(
        0.055, 0.075, direction="increase", required=0.03, kind="points", final=True
    )
    assert three.status is Status.MISSED


def test_recommissioning_milestone_is_on_track_before_due():
    """Tender under way in September 2017 for services due on 1 April 2018: on-track."""
    judgement = judge_milestone("in-progress", due=date(2018, 4, 1), as_of=date(2017, 9, 30))
    assert judgement.status is Status.ON_TRACK
    assert "1 April 2018" in judgement.reason


# --------------------------------------------------------------------------- every status


def every_status_example() -> dict[Status, Judgement]:
    """One judgement reaching each status of the vocabulary, through the public functions."""
    higher = Polarity.HIGHER_IS_BETTER
    rules = [
        StatusRule(Status.MONITOR, (Condition("value", "==", 0),)),
        StatusRule(Status.NOT_APPLICABLE),
    ]
    return {
        Status.MET: judge_threshold(0.753, op=">=", target=0.75),
        Status.ON_TRACK: judge_amount(506, expected=420, annual=840, polarity=higher),
        Status.AT_RISK: judge_threshold(0.075, op=">=", target=0.08, tolerance=Tolerance(0.01)),
        Status.OFF_TRACK: judge_threshold(0.30, op="<", target=0.20),
        Status.MISSED: judge_threshold(0.30, op="<", target=0.20, final=True),
        Status.NOT_YET_DUE: judge_amount(0, expected=0, annual=1, polarity=higher),
        Status.NO_DATA: judge_milestone(None, due=date(2018, 4, 1), as_of=date(2017, 9, 30)),
        Status.CANNOT_EVALUATE: judge_change(
            0, 3, direction="reduce", required=0.1, kind="relative"
        ),
        Status.MONITOR: apply_rules(rules, value=0) or Judgement(Status.MET, "unreachable"),
        Status.NOT_APPLICABLE: combine_all_of([Judgement(Status.NOT_APPLICABLE, "0 of 0")]),
    }


def test_every_status_is_reachable():
    """Each status of the vocabulary is produced by at least one example, with a reason."""
    examples = every_status_example()
    assert set(examples) == set(Status)
    for status, judgement in examples.items():
        assert judgement.status is status
        assert judgement.reason


# --------------------------------------------------------------------------- thresholds, ranges


@pytest.mark.parametrize(
    ("value", "op", "target", "status"),
    [
        (0.75, ">=", 0.75, Status.MET),
        (0.75, ">", 0.75, Status.OFF_TRACK),
        (0.20, "<=", 0.20, Status.MET),
        (0.20, "<", 0.20, Status.OFF_TRACK),
    ],
)
def test_threshold_boundaries(value, op, target, status):
    """On the target, >= and <= are met while > and < are not."""
    assert judge_threshold(value, op=op, target=target).status is status


def test_threshold_tolerance_on_a_strict_target_with_zero_band():
    """A zero tolerance band on a strict target leaves a value on the target off-track."""
    judgement = judge_threshold(0.2, op="<", target=0.2, tolerance=Tolerance(0))
    assert judgement.status is Status.OFF_TRACK


def test_relative_tolerance_is_a_fraction_of_the_target():
    """5% of a target of 420 is a band of 21; relative bands use the target's size."""
    assert Tolerance(0.05, relative=True).band(420) == pytest.approx(21)
    assert Tolerance(0.05, relative=True).band(-420) == pytest.approx(21)
    assert Tolerance(10).band(420) == 10


@pytest.mark.parametrize("amount", [-0.01, float("nan"), float("inf")])
def test_tolerance_amount_must_be_finite_and_not_negative(amount):
    """A negative or non-finite tolerance raises CalculationError."""
    with pytest.raises(CalculationError):
        Tolerance(amount)


def test_threshold_refuses_unknown_operators_and_nan():
    """An unknown operator or a NaN value raises CalculationError."""
    with pytest.raises(CalculationError, match="op"):
        judge_threshold(0.5, op="=>", target=0.5)  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match="finite"):
        judge_threshold(float("nan"), op=">=", target=0.5)


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (0.5, Status.MET),
        (0.4, Status.MET),
        (0.6, Status.MET),
        (0.36, Status.AT_RISK),
        (0.64, Status.AT_RISK),
        (0.34, Status.OFF_TRACK),
        (0.9, Status.OFF_TRACK),
    ],
)
def test_range_with_tolerance(value, status):
    """Between 40% and 60% is met, within 5 points outside is at-risk, beyond is off-track."""
    judgement = judge_range(value, low=0.4, high=0.6, tolerance=Tolerance(0.05))
    assert judgement.status is status


def test_range_missed_when_final_and_refuses_inverted_bounds():
    """Outside the range at the end of the period is missed; low above high raises."""
    assert judge_range(0.2, low=0.4, high=0.6, final=True).status is Status.MISSED
    with pytest.raises(CalculationError):
        judge_range(0.5, low=0.6, high=0.4)


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("actual", "status"),
    [(840, Status.MET), (420, Status.ON_TRACK), (405, Status.AT_RISK), (300, Status.OFF_TRACK)],
)
def test_amount_higher_is_better_in_year(actual, status):
    """Against 420 expected of 840, with a 5% tolerance (21): each status in year."""
    judgement = judge_amount(
        actual,
        expected=420,
        annual=840,
        polarity=Polarity.HIGHER_IS_BETTER,
        tolerance=Tolerance(0.05, relative=True),
    )
    assert judgement.status is status


@pytest.mark.parametrize(
    ("actual", "final", "status"),
    [
        (20, False, Status.ON_TRACK),
        (25, False, Status.ON_TRACK),
        (28, False, Status.AT_RISK),
        (40, False, Status.OFF_TRACK),
        (51, False, Status.OFF_TRACK),
        (50, True, Status.MET),
        (51, True, Status.MISSED),
    ],
)
def test_amount_cap(actual, final, status):
    """No more than 50 a year, 25 allowed by Q2, tolerance 5: each status."""
    judgement = judge_amount(
        actual,
        expected=50 if final else 25,
        annual=50,
        polarity=Polarity.LOWER_IS_BETTER,
        tolerance=Tolerance(5),
        final=final,
    )
    assert judgement.status is status


def test_cap_with_due_at_end_profile_is_not_yet_due_until_broken():
    """A cap judged at year end is not yet due in year, unless the year's cap is already over."""
    lower = Polarity.LOWER_IS_BETTER
    assert judge_amount(30, expected=0, annual=50, polarity=lower).status is Status.NOT_YET_DUE
    assert judge_amount(60, expected=0, annual=50, polarity=lower).status is Status.OFF_TRACK


@pytest.mark.parametrize(
    "kwargs",
    [
        {"actual": -1, "expected": 0, "annual": 1, "polarity": Polarity.HIGHER_IS_BETTER},
        {"actual": 1, "expected": 2, "annual": 1, "polarity": Polarity.HIGHER_IS_BETTER},
        {"actual": 1, "expected": 0, "annual": 1, "polarity": Polarity.NONE},
    ],
    ids=["negative", "expected-over-annual", "no-direction"],
)
def test_amount_refuses_impossible_inputs(kwargs):
    """A negative amount, more expected than the whole, or no direction raise."""
    with pytest.raises(CalculationError):
        judge_amount(**kwargs)


# --------------------------------------------------------------------------- changes


def test_change_in_the_wrong_direction_is_off_track_or_at_risk():
    """16 to 20 is an increase: off-track for a 10% reduction, at-risk with a wide tolerance."""
    judgement = judge_change(16, 20, direction="reduce", required=0.10, kind="relative")
    assert judgement.status is Status.OFF_TRACK
    assert "increase of 25%" in judgement.reason
    wide = judge_change(
        16, 20, direction="reduce", required=0.10, kind="relative", tolerance=Tolerance(0.4)
    )
    assert wide.status is Status.AT_RISK


def test_any_change_must_be_strict():
    """No change at all does not meet 'any reduction'."""
    judgement = judge_change(10, 10, direction="reduce", required=None, kind="relative")
    assert judgement.status is Status.OFF_TRACK


def test_zero_baseline_cannot_be_evaluated_but_points_can():
    """A relative change from 0 cannot be evaluated; a points change from 0% can."""
    relative = judge_change(0, 3, direction="increase", required=None, kind="relative")
    assert relative.status is Status.CANNOT_EVALUATE
    assert "baseline of 0" in relative.reason
    points = judge_change(0, 0.03, direction="increase", required=0.02, kind="points")
    assert points.status is Status.MET


def test_change_refuses_impossible_inputs():
    """A negative required change, a negative baseline or an unknown kind raise."""
    with pytest.raises(CalculationError):
        judge_change(10, 5, direction="reduce", required=-0.1, kind="relative")
    with pytest.raises(CalculationError):
        judge_change(-10, 5, direction="reduce", required=0.1, kind="relative")
    with pytest.raises(CalculationError):
        judge_change(10, 5, direction="reduce", required=0.1, kind="ratio")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- milestones


@pytest.mark.parametrize(
    ("state", "as_of", "final", "status"),
    [
        ("complete", date(2018, 5, 1), False, Status.MET),
        ("complete", date(2018, 5, 1), True, Status.MET),
        ("in-progress", date(2018, 4, 1), False, Status.ON_TRACK),
        ("not-started", date(2017, 9, 30), False, Status.NOT_YET_DUE),
        ("in-progress", date(2018, 4, 2), False, Status.OFF_TRACK),
        ("not-started", date(2018, 4, 2), False, Status.OFF_TRACK),
        ("in-progress", date(2018, 3, 31), True, Status.MISSED),
        (None, date(2017, 9, 30), False, Status.NO_DATA),
    ],
)
def test_milestone_states(state, as_of, final, status):
    """A milestone due on 1 April 2018, in each state, before, on and after its due date."""
    assert judge_milestone(state, due=date(2018, 4, 1), as_of=as_of, final=final).status is status


def test_overdue_milestone_says_since_when():
    """An overdue milestone's reason gives its due date in words."""
    judgement = judge_milestone("in-progress", due=date(2018, 4, 1), as_of=date(2018, 6, 30))
    assert "overdue since 1 April 2018" in judgement.reason


def test_milestone_without_due_date_is_never_overdue():
    """With no due date, in progress stays on-track until the period ends."""
    judgement = judge_milestone("in-progress", due=None, as_of=date(2030, 1, 1))
    assert judgement.status is Status.ON_TRACK
    with pytest.raises(CalculationError):
        judge_milestone("started", due=None, as_of=date(2030, 1, 1))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- combinations


def test_severity_order_is_the_documented_one():
    """The public severity order ranks the judged statuses as documented, worst first."""
    assert [s for s in SEVERITY_ORDER if s in WORST_FIRST] == WORST_FIRST
    assert set(SEVERITY_ORDER) == set(Status)


@pytest.mark.parametrize("worse", range(len(WORST_FIRST)))
@pytest.mark.parametrize("better", range(len(WORST_FIRST)))
def test_combine_takes_the_worst_part(worse, better):
    """Of two parts, the combination has the status ranked worse in the documented order."""
    parts = [Judgement(WORST_FIRST[better], "b"), Judgement(WORST_FIRST[worse], "w")]
    assert combine_all_of(parts).status is WORST_FIRST[min(worse, better)]


def test_combine_meets_only_when_all_parts_meet():
    """Self-assessment complete and 75% implemented: met only when both parts are met."""
    done = judge_milestone("complete", due=None, as_of=date(2017, 9, 30))
    implemented = judge_threshold(0.80, op=">=", target=0.75, describe=percent)
    short = judge_threshold(0.60, op=">=", target=0.75, describe=percent)
    assert combine_all_of([done, implemented]).status is Status.MET
    combined = combine_all_of([done, short])
    assert combined.status is Status.OFF_TRACK
    assert combined.reason.startswith("1 of 2 parts met")
    assert "Complete" in combined.reason
    assert "60% does not meet" in combined.reason


def test_combine_ignores_monitor_and_not_applicable_parts_unless_all_are():
    """Monitor and not-applicable parts leave the others to decide, unless nothing else is left."""
    met = Judgement(Status.MET, "m")
    monitor = Judgement(Status.MONITOR, "context")
    not_applicable = Judgement(Status.NOT_APPLICABLE, "no cases")
    assert combine_all_of([met, monitor, not_applicable]).status is Status.MET
    assert combine_all_of([monitor]).status is Status.MONITOR
    assert combine_all_of([monitor, not_applicable]).status is Status.NOT_APPLICABLE


def test_combine_needs_a_part():
    """Combining nothing raises CalculationError."""
    with pytest.raises(CalculationError):
        combine_all_of([])


# --------------------------------------------------------------------------- status rules

GOALS = (
    StatusRule(Status.MET, (Condition("percent-of-target", ">=", 1.0),)),
    StatusRule(Status.AT_RISK, (Condition("percent-of-target", ">=", 0.9),)),
    StatusRule(Status.OFF_TRACK),
)


def test_first_matching_rule_wins_and_is_named():
    """95% of target skips rule 1 and matches rule 2, named in the reason."""
    judgement = apply_rules(GOALS, percent_of_target=0.95)
    assert judgement == Judgement(Status.AT_RISK, "rule 2: percent-of-target >= 0.9")
    assert apply_rules(GOALS, percent_of_target=1.2) == Judgement(
        Status.MET, "rule 1: percent-of-target >= 1"
    )


def test_otherwise_rule_catches_the_rest_including_missing_subjects():
    """Below every threshold, or with no percent of target at all, 'otherwise' applies."""
    assert apply_rules(GOALS, percent_of_target=0.5) == Judgement(
        Status.OFF_TRACK, "rule 3: otherwise"
    )
    assert apply_rules(GOALS).status is Status.OFF_TRACK


def test_no_matching_rule_gives_none():
    """Without an otherwise rule, a value matching nothing gives None."""
    assert apply_rules(GOALS[:2], percent_of_target=0.5) is None
    assert apply_rules([], value=1) is None


def test_a_missing_subject_never_matches_even_not_equal():
    """A condition on a value that is missing does not hold, even with !=."""
    rules = [StatusRule(Status.MET, (Condition("value", "!=", 0),))]
    assert apply_rules(rules, value=None) is None
    assert apply_rules(rules, value=1) == Judgement(Status.MET, "rule 1: value != 0")


def test_all_conditions_of_a_rule_must_hold():
    """Value at least 1 and on or before 31 March 2018: both needed, dates compared."""
    rules = [
        StatusRule(
            Status.MET,
            [Condition("value", ">=", 1), Condition("date", "<=", date(2018, 3, 31))],
        )
    ]
    on_time = apply_rules(rules, value=1, on_date=date(2018, 3, 31))
    assert on_time == Judgement(Status.MET, "rule 1: value >= 1 and date <= 2018-03-31")
    assert apply_rules(rules, value=1, on_date=date(2018, 4, 1)) is None
    assert apply_rules(rules, value=0, on_date=date(2018, 3, 1)) is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: Condition("date", ">=", 1.0),
        lambda: Condition("value", ">=", date(2018, 4, 1)),
        lambda: Condition("value", ">=", True),
        lambda: Condition("colour", ">=", 1.0),
        lambda: Condition("value", "=>", 1.0),
    ],
)
def test_condition_refuses_mismatched_operands_and_unknown_words(make):
    """An operand of the wrong type for its subject, or an unknown subject or op, raises."""
    with pytest.raises(CalculationError):
        make()


@given(st.floats(min_value=0, max_value=2, allow_nan=False))
def test_rules_agree_with_a_plain_oracle(share):
    """The three Goals-style rules give met at >= 1, at-risk at >= 0.9, else off-track."""
    oracle = Status.MET if share >= 1 else Status.AT_RISK if share >= 0.9 else Status.OFF_TRACK
    judgement = apply_rules(GOALS, percent_of_target=share)
    assert judgement is not None
    assert judgement.status is oracle


@given(st.floats(min_value=0, max_value=2, allow_nan=False))
def test_a_leading_otherwise_rule_always_wins(share):
    """Putting 'otherwise' first makes it match before every other rule."""
    rules = (StatusRule(Status.MONITOR), *GOALS)
    assert apply_rules(rules, percent_of_target=share) == Judgement(
        Status.MONITOR, "rule 1: otherwise"
    )


# --------------------------------------------------------------------------- properties


def better_and_worse(a: float, b: float, higher_is_better: bool) -> tuple[float, float]:
    """The better and the worse of two values."""
    return (max(a, b), min(a, b)) if higher_is_better else (min(a, b), max(a, b))


@given(fractions, fractions, threshold_ops, fractions, tolerances, st.booleans())
def test_threshold_better_value_never_worse_status(a, b, op, target, tolerance, final):
    """Moving a value in the good direction never worsens a threshold judgement."""
    better, worse = better_and_worse(a, b, op in (">=", ">"))
    good = judge_threshold(better, op=op, target=target, tolerance=tolerance, final=final)
    bad = judge_threshold(worse, op=op, target=target, tolerance=tolerance, final=final)
    assert RANK[good.status] <= RANK[bad.status]


@given(fractions, threshold_ops, fractions, tolerances)
def test_threshold_final_is_met_or_missed_and_agrees_on_met(value, op, target, tolerance):
    """At the end of the period a threshold is met or missed, and met exactly when it is mid-year."""
    final = judge_threshold(value, op=op, target=target, tolerance=tolerance, final=True)
    in_year = judge_threshold(value, op=op, target=target, tolerance=tolerance)
    assert final.status in (Status.MET, Status.MISSED)
    assert in_year.status in (Status.MET, *IN_YEAR)
    assert (final.status is Status.MET) == (in_year.status is Status.MET)


@given(fractions, threshold_ops, fractions, tolerances)
def test_tolerance_only_softens_off_track_to_at_risk(value, op, target, tolerance):
    """Without a tolerance nothing is at-risk; with one, only off-track can become at-risk."""
    plain = judge_threshold(value, op=op, target=target)
    assert plain.status is not Status.AT_RISK
    tolerant = judge_threshold(value, op=op, target=target, tolerance=tolerance)
    if tolerant.status is not plain.status:
        assert (plain.status, tolerant.status) == (Status.OFF_TRACK, Status.AT_RISK)


@given(fractions, fractions, fractions, fractions, tolerances, st.booleans())
def test_range_closer_value_never_worse_status(a, b, low, high, tolerance, final):
    """Moving a value towards the range never worsens a range judgement."""
    low, high = min(low, high), max(low, high)
    # the better value is the one no further from the range, on the same side
    if a < low and b < low:
        better, worse = max(a, b), min(a, b)
    elif a > high and b > high:
        better, worse = min(a, b), max(a, b)
    elif low <= a <= high or low <= b <= high:
        better, worse = (a, b) if low <= a <= high else (b, a)
    else:
        assume(False)  # on opposite sides of the range: neither is closer in direction
    good = judge_range(better, low=low, high=high, tolerance=tolerance, final=final)
    bad = judge_range(worse, low=low, high=high, tolerance=tolerance, final=final)
    assert RANK[good.status] <= RANK[bad.status]


@given(amounts, amounts, amount_targets(), directed, amount_tolerances, st.booleans())
def test_amount_better_actual_never_worse_status(a, b, target, polarity, tolerance, final):
    """More done (or, for a cap, less) never worsens an amount judgement."""
    annual, expected = target
    better, worse = better_and_worse(a, b, polarity is Polarity.HIGHER_IS_BETTER)
    kwargs = {
        "expected": expected,
        "annual": annual,
        "polarity": polarity,
        "tolerance": tolerance,
        "final": final,
    }
    good = judge_amount(better, **kwargs)
    bad = judge_amount(worse, **kwargs)
    assert RANK[good.status] <= RANK[bad.status]


@given(amounts, amount_targets(), directed, amount_tolerances)
def test_amount_final_is_met_or_missed(actual, target, polarity, tolerance):
    """At the end of the period an amount is met or missed; mid-year it is never missed."""
    annual, expected = target
    kwargs = {"expected": expected, "annual": annual, "polarity": polarity, "tolerance": tolerance}
    assert judge_amount(actual, final=True, **kwargs).status in (Status.MET, Status.MISSED)
    assert judge_amount(actual, **kwargs).status is not Status.MISSED


@given(
    st.floats(min_value=1, max_value=1000),
    amounts,
    amounts,
    st.sampled_from(["reduce", "increase"]),
    st.none() | st.floats(min_value=0, max_value=1),
    tolerances,
    st.booleans(),
)
def test_relative_change_better_current_never_worse_status(
    baseline, a, b, direction, required, tolerance, final
):
    """A lower current value (for a reduction) or higher (for an increase) never worsens it."""
    better, worse = better_and_worse(a, b, direction == "increase")
    kwargs = {
        "direction": direction,
        "required": required,
        "kind": "relative",
        "tolerance": tolerance,
        "final": final,
    }
    good = judge_change(baseline, better, **kwargs)
    bad = judge_change(baseline, worse, **kwargs)
    assert RANK[good.status] <= RANK[bad.status]


@given(
    fractions,
    fractions,
    fractions,
    st.sampled_from(["reduce", "increase"]),
    st.none() | st.floats(min_value=0, max_value=0.5),
    tolerances,
    st.booleans(),
)
def test_points_change_better_current_never_worse_status(
    baseline, a, b, direction, required, tolerance, final
):
    """For a change in percentage points, moving the current value the right way never hurts."""
    better, worse = better_and_worse(a, b, direction == "increase")
    kwargs = {
        "direction": direction,
        "required": required,
        "kind": "points",
        "tolerance": tolerance,
        "final": final,
    }
    good = judge_change(baseline, better, **kwargs)
    bad = judge_change(baseline, worse, **kwargs)
    assert RANK[good.status] <= RANK[bad.status]
    if final:
        assert good.status in (Status.MET, Status.MISSED)
    else:
        assert good.status is not Status.MISSED


@given(
    st.sampled_from(["not-started", "in-progress", "complete", None]),
    st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 31)),
    st.none() | st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 31)),
)
def test_milestone_final_is_met_missed_or_no_data(state, as_of, due):
    """At the end of the period a milestone is met, missed, or has no data."""
    final = judge_milestone(state, due=due, as_of=as_of, final=True)
    assert final.status in (Status.MET, Status.MISSED, Status.NO_DATA)
    assert judge_milestone(state, due=due, as_of=as_of).status is not Status.MISSED


def test_a_value_exactly_on_the_tolerance_edge_is_at_risk() -> None:
    """80% against '<= 70%' with 10 percentage points of tolerance sits on the edge: at-risk.

    In binary floats 0.7 + 0.1 is 0.7999999999999999, which would make it off-track.
    """
    judgement = judge_threshold(0.8, op="<=", target=0.7, tolerance=Tolerance(0.1))
    assert judgement.status is Status.AT_RISK


def test_a_value_exactly_on_a_relative_tolerance_edge_is_at_risk() -> None:
    """66.5% against '>= 70%' with 5% of target (3.5 points) sits on the edge: at-risk."""
    judgement = judge_threshold(
        0.665, op=">=", target=0.7, tolerance=Tolerance(0.05, relative=True)
    )
    assert judgement.status is Status.AT_RISK
