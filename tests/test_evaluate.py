"""Evaluation: small catalogues and actuals through every target kind and every status."""

from __future__ import annotations

import datetime as dt
import json
import math
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.actuals import Actuals, Flag, MilestoneState, Observation, loads_actuals
from cspmeasures.calc.status import Tolerance
from cspmeasures.catalogue import loads_catalogue
from cspmeasures.cli import explain_text
from cspmeasures.evaluate import FIELDS, Evaluation, Report, evaluate
from cspmeasures.model import (
    Aggregation,
    AmountTarget,
    Baseline,
    Catalogue,
    ChangeTarget,
    Comparator,
    ComparatorTarget,
    JudgedTarget,
    Measure,
    MilestoneTarget,
    Ratio,
    Theme,
    ThresholdTarget,
)
from cspmeasures.periods import Calendar, Frequency, Period
from cspmeasures.vocabulary import RAG, Polarity, Status

Q2_END = dt.date(2017, 9, 30)  # the end of 2017-18 Q2 on the UK financial year
YEAR_END = dt.date(2018, 3, 31)
FY, QUARTER = Calendar.UK_FINANCIAL_YEAR, Frequency.QUARTER


def catalogue_of(*measures: str, header: str = "") -> Catalogue:
    """A catalogue for 2017-18 with the given measures (YAML, one mapping each)."""
    body = "".join(
        "  - " + textwrap.indent(textwrap.dedent(m).strip(), "    ")[4:] + "\n" for m in measures
    )
    text = (
        "catalogue:\n  id: test\n  title: Test\n  year: 2017-18\n"
        + header
        + "units:\n  assessment: a child assessment\n  person: a person\n"
        "themes:\n  - {id: t, title: T}\nmeasures:\n" + body
    )
    return loads_catalogue(text, "test.yaml")


def run(measure: str, rows: str, as_of: dt.date | Period = Q2_END, header: str = "") -> Evaluation:
    """Evaluate one measure (id m, theme t) against CSV rows as at a date."""
    catalogue = catalogue_of(
        "id: m\ntitle: M\ntheme: t\n" + textwrap.dedent(measure), header=header
    )
    actuals = loads_actuals(textwrap.dedent(rows), catalogue, "a.csv")
    report = evaluate(catalogue, actuals, as_of)
    return report.get("m")


PERCENT_75 = """\
unit: percent
polarity: higher
target: ">= 75%"
"""


# --- thresholds, and the year end ------------------------------------------------------


def test_threshold_met() -> None:
    """75.3% against >= 75% is met, green, with the reason in words."""
    result = run(PERCENT_75, "measure,period,value\nm,2017-18 Q2,75.3%\n")
    assert result.status is Status.MET
    assert result.rag is RAG.GREEN
    assert result.value == 0.753
    assert result.display_value == "75.3%"
    assert result.period == "2017-18 Q2"
    assert result.target == ">= 75%"
    assert result.reason == "75.3% meets the target of at least 75.0%"


def test_threshold_shortfall_in_year_is_off_track_and_at_year_end_missed() -> None:
    """70% short of >= 75%: off-track at 30 Sep 2017, missed at 31 Mar 2018."""
    rows = "measure,period,value\nm,2017-18 Q2,70%\nm,2017-18 Q4,70%\n"
    in_year = run(PERCENT_75, rows, Q2_END)
    assert in_year.status is Status.OFF_TRACK
    assert in_year.rag is RAG.RED
    assert in_year.reason == "70.0% does not meet the target of at least 75.0%"
    at_end = run(PERCENT_75, rows, YEAR_END)
    assert at_end.status is Status.MISSED
    assert at_end.period == "2017-18 Q4"
    assert at_end.reason == "70.0% missed the target of at least 75.0%"


def test_threshold_within_tolerance_is_at_risk() -> None:
    """74% with a 2-point tolerance on >= 75% is at-risk (amber); 72% is off-track."""
    measure = PERCENT_75 + "tolerance: 2 percentage points\n"
    close = run(measure, "measure,period,value\nm,2017-18 Q2,74%\n")
    assert close.status is Status.AT_RISK
    assert close.rag is RAG.AMBER
    assert "within the tolerance (at least 73.0%)" in close.reason
    far = run(measure, "measure,period,value\nm,2017-18 Q2,72%\n")
    assert far.status is Status.OFF_TRACK
    assert "beyond the tolerance" in far.reason


def test_lower_is_better_threshold_from_a_ratio() -> None:
    """6 of 20 = 30.0% against < 20% is off-track; the inputs are kept."""
    measure = "unit: percent\nvalue: reoffended / cohort\npolarity: lower\ntarget: '< 20%'\n"
    result = run(measure, "measure,period,numerator,denominator\nm,2017-18 Q2,6,20\n")
    assert result.status is Status.OFF_TRACK
    assert result.value == 0.3
    assert result.display_value == "30.0%"
    assert result.reason == "30.0% does not meet the target of less than 20.0%"
    assert result.lower is not None
    assert result.upper is not None
    assert result.lower < 0.3 < result.upper


def test_range_target() -> None:
    """Inside 'between 40% and 60%' is met; above it off-track, saying 'above'."""
    measure = "unit: percent\npolarity: in-range\ntarget: between 40% and 60%\n"
    inside = run(measure, "measure,period,value\nm,2017-18 Q2,50%\n")
    assert inside.status is Status.MET
    above = run(measure, "measure,period,value\nm,2017-18 Q2,65%\n")
    assert above.status is Status.OFF_TRACK
    assert "above" in above.reason


# --- which period: data lag and early figures -----------------------------------------

LAGGED = PERCENT_75.replace("75%", "8%") + "data_lag: 1\n"


def test_data_lag_uses_the_previous_quarter() -> None:
    """At the end of Q2 with a lag of 1, the Q1 figure (7.5%) is the one expected: off-track."""
    rows = "measure,period,value,flag\nm,2017-18 Q1,7.5%,\nm,2017-18 Q2,,not-yet-available\n"
    result = run(LAGGED, rows)
    assert result.period == "2017-18 Q1"
    assert result.status is Status.OFF_TRACK
    assert result.display_value == "7.5%"


def test_data_lag_early_figure_is_used() -> None:
    """A Q2 figure that has arrived early is used instead of Q1."""
    rows = "measure,period,value\nm,2017-18 Q1,7.5%\nm,2017-18 Q2,9%\n"
    result = run(LAGGED, rows)
    assert result.period == "2017-18 Q2"
    assert result.status is Status.MET


def test_data_lag_at_the_year_end_judges_q3_as_still_open() -> None:
    """At 31 March with a lag of 1 the latest figure is Q3: a shortfall is off-track, not missed."""
    rows = "measure,period,value\nm,2017-18 Q3,7.5%\n"
    result = run(LAGGED, rows, as_of=YEAR_END)
    assert result.period == "2017-18 Q3"
    assert result.status is Status.OFF_TRACK


def test_data_lag_after_the_year_end_waits_for_q4() -> None:
    """On 30 June 2018 (lag 1) the Q4 figure is due: 7.5% against >= 8% is missed."""
    rows = "measure,period,value\nm,2017-18 Q3,9%\nm,2017-18 Q4,7.5%\n"
    result = run(LAGGED, rows, as_of=dt.date(2018, 6, 30))
    assert result.period == "2017-18 Q4"
    assert result.status is Status.MISSED


def test_data_lag_after_the_year_end_without_q4_is_no_data() -> None:
    """On 30 June 2018 (lag 1) with no Q4 row, the missing figure is named."""
    rows = "measure,period,value\nm,2017-18 Q3,9%\n"
    result = run(LAGGED, rows, as_of=dt.date(2018, 6, 30))
    assert result.status is Status.NO_DATA
    assert result.reason == "no figure for 2017-18 Q4"


def test_no_data_for_the_expected_period() -> None:
    """No Q1 row under a lag of 1 is no-data naming Q1 (grey)."""
    result = run(LAGGED, "measure,period,value\nm,2016-17 Q4,8%\n")
    assert result.status is Status.NO_DATA
    assert result.rag is RAG.GREY
    assert result.reason == "no figure for 2017-18 Q1"
    assert result.value is None
    assert result.display_value == "-"


def test_not_yet_due_before_the_plan_year() -> None:
    """As at a date before the plan's year starts, a target is not yet due."""
    result = run(PERCENT_75, "measure,period,value\nm,2016-17 Q4,75%\n", dt.date(2017, 3, 1))
    assert result.status is Status.NOT_YET_DUE
    assert result.period is None


def test_as_of_period_equals_its_end_date() -> None:
    """Evaluating as at a Period gives the same result as at its end date."""
    rows = "measure,period,value\nm,2017-18 Q1,80%\nm,2017-18 Q2,70%\n"
    q2 = Period.of(FY, QUARTER, 2017, 2)
    assert run(PERCENT_75, rows, q2) == run(PERCENT_75, rows, Q2_END)
    catalogue = catalogue_of("id: m\ntitle: M\ntheme: t\n" + PERCENT_75)
    assert evaluate(catalogue, Actuals(), q2).as_of == Q2_END


# --- suppressed, zero denominators, no target -----------------------------------------


def test_suppressed_is_no_data_never_zero() -> None:
    """A suppressed figure is no-data with the reason saying suppressed; value None, not 0."""
    measure = "unit: percent\nvalue: a / b\npolarity: lower\ntarget: '< 20%'\n"
    result = run(measure, "measure,period,flag\nm,2017-18 Q2,suppressed\n")
    assert result.status is Status.NO_DATA
    assert result.value is None
    assert result.display_value == "-"
    assert result.reason == "the figure for 2017-18 Q2 is suppressed"
    assert result.flags == ("suppressed",)


def test_zero_denominator_is_not_applicable() -> None:
    """0 of 0 Community Trigger applications: nothing to measure, not 0% or 100%."""
    measure = "unit: percent\nvalue: responded / applications\npolarity: higher\ntarget: '>= 95%'\n"
    result = run(measure, "measure,period,numerator,denominator\nm,2017-18 Q2,0,0\n")
    assert result.status is Status.NOT_APPLICABLE
    assert result.rag is RAG.GREY
    assert result.value is None
    assert result.reason == "nothing to measure: the denominator is 0"


def test_no_target_is_monitor() -> None:
    """A measure with no target is a context figure."""
    result = run(
        "unit: person\npolarity: none\ntarget: none\n", "measure,period,value\nm,2017-18 Q2,262\n"
    )
    assert result.status is Status.MONITOR
    assert result.reason == "no target: a context figure (262 in 2017-18 Q2)"


# --- amounts: year to date and profiles ----------------------------------------------

ASSESSMENTS = """\
unit: assessment
polarity: higher
aggregation: year-to-date
target: 840 assessments per year
"""


def test_year_to_date_even_profile_on_track() -> None:
    """287 + 219 = 506 against 840 * 2/4 = 420 expected by Q2: on-track, flags carried."""
    rows = "measure,period,value,flag\nm,2017-18 Q1,287,provisional\nm,2017-18 Q2,219,provisional\n"
    result = run(ASSESSMENTS, rows)
    assert result.status is Status.ON_TRACK
    assert result.value == 506
    assert result.display_value == "506"
    assert result.expected == 420
    assert result.display_expected == "420 assessments"
    assert result.reason == (
        "506 assessments to date is ahead of the 420 assessments expected by now"
        " (840 assessments by year end)"
    )
    assert result.flags == ("provisional",)


def test_year_to_date_behind_profile_is_off_track_and_at_year_end_missed() -> None:
    """400 by Q2 is behind 420 (off-track); 800 by Q4 is short of 840 (missed)."""
    rows = "measure,period,value\nm,2017-18 Q1,200\nm,2017-18 Q2,200\nm,2017-18 Q3,200\nm,2017-18 Q4,200\n"
    assert run(ASSESSMENTS, rows, Q2_END).status is Status.OFF_TRACK
    at_end = run(ASSESSMENTS, rows, YEAR_END)
    assert at_end.status is Status.MISSED
    assert at_end.value == 800


def test_amount_reached_mid_year_is_met() -> None:
    """840 reached by Q2 is met, even mid-year."""
    rows = "measure,period,value\nm,2017-18 Q1,500\nm,2017-18 Q2,340\n"
    assert run(ASSESSMENTS, rows).status is Status.MET


def test_explicit_profile() -> None:
    """Shares 1,1,2,4 expect 840 * 2/8 = 210 by Q2: 250 is on-track."""
    measure = ASSESSMENTS.replace(
        "target: 840 assessments per year",
        "target: {amount: 840 assessments, per: year, profile: [1, 1, 2, 4]}",
    )
    result = run(measure, "measure,period,value\nm,2017-18 Q1,100\nm,2017-18 Q2,150\n")
    assert result.expected == 210
    assert result.status is Status.ON_TRACK


def test_due_at_end_profile_is_not_yet_due_in_year() -> None:
    """One campaign due at year end: nothing expected by Q2, so not-yet-due; 0 at Q4 missed."""
    measure = ASSESSMENTS.replace(
        "target: 840 assessments per year",
        "target: {amount: 1 assessment, per: year, profile: due-at-end}",
    )
    rows = "measure,period,value\nm,2017-18 Q1,0\nm,2017-18 Q2,0\nm,2017-18 Q3,0\nm,2017-18 Q4,0\n"
    mid = run(measure, rows)
    assert mid.status is Status.NOT_YET_DUE
    assert mid.expected == 0
    assert run(measure, rows, YEAR_END).status is Status.MISSED


def test_year_to_date_with_a_missing_quarter_is_no_data() -> None:
    """A year-to-date total needs every quarter so far."""
    result = run(ASSESSMENTS, "measure,period,value\nm,2017-18 Q2,219\n")
    assert result.status is Status.NO_DATA
    assert result.reason == "the total needs figures for 2017-18 Q1, which are missing"


def test_cadence_per_quarter_missed_once_the_quarter_is_over() -> None:
    """'1 operation per quarter' with none in Q2 is missed: that quarter is over."""
    measure = "unit: assessment\npolarity: higher\ntarget: 1 assessment per quarter\n"
    result = run(measure, "measure,period,value\nm,2017-18 Q2,0\n")
    assert result.status is Status.MISSED
    assert run(measure, "measure,period,value\nm,2017-18 Q2,2\n").status is Status.MET


def test_rolling_twelve_months() -> None:
    """Rolling 12 months at Q2 sums 2016-17 Q3 to 2017-18 Q2: 20+30+25+35 = 110 > 100."""
    measure = (
        "unit: assessment\nvalue: count\npolarity: lower\naggregation: rolling-12-months\n"
        "target: '<= 100 assessments'\n"
    )
    rows = (
        "measure,period,value\nm,2016-17 Q2,99\nm,2016-17 Q3,20\nm,2016-17 Q4,30\n"
        "m,2017-18 Q1,25\nm,2017-18 Q2,35\n"
    )
    result = run(measure, rows)
    assert result.value == 110
    assert result.status is Status.OFF_TRACK
    missing = run(measure, rows.replace("m,2016-17 Q3,20\n", ""))
    assert missing.status is Status.NO_DATA
    assert "2016-17 Q3" in missing.reason


# --- changes and baselines ----------------------------------------------------------------


def test_change_without_baseline_cannot_be_evaluated() -> None:
    """'10% reduction' naming no baseline is cannot-evaluate, and the reason says baseline."""
    measure = "unit: percent\nvalue: a / b\npolarity: lower\ntarget: 10% reduction\n"
    result = run(measure, "measure,period,numerator,denominator\nm,2017-18 Q2,8,48\n")
    assert result.status is Status.CANNOT_EVALUATE
    assert result.rag is RAG.GREY
    assert "baseline" in result.reason
    assert result.display_value == "16.7%"


def test_change_against_a_baseline_value() -> None:
    """From 20% to 17% is a 15% reduction: meets a 10% reduction; 19% (5%) does not."""
    measure = (
        "unit: percent\npolarity: lower\nbaselines: [{id: base, value: 20%}]\n"
        "target: 10% reduction on base\n"
    )
    met = run(measure, "measure,period,value\nm,2017-18 Q2,17%\n")
    assert met.status is Status.MET
    assert met.reason == (
        "17.0%, down 3 percentage points (15%) on 20.0%, meets the target of a reduction of "
        "at least 10%"
    )
    assert run(measure, "measure,period,value\nm,2017-18 Q2,19%\n").status is Status.OFF_TRACK


def test_change_against_a_baseline_period_in_the_actuals() -> None:
    """A baseline named by period takes that period's figure from the actuals (40 -> 30)."""
    measure = (
        "unit: assessment\npolarity: lower\nbaselines: [{id: last-year, period: 2016-17 Q2}]\n"
        "target: 20% reduction on last-year\n"
    )
    rows = "measure,period,value\nm,2016-17 Q2,40\nm,2017-18 Q2,30\n"
    result = run(measure, rows)
    assert result.status is Status.MET  # (40 - 30) / 40 = 25% >= 20%
    assert "from 40 to 30" in result.reason
    no_base = run(measure, "measure,period,value\nm,2017-18 Q2,30\n")
    assert no_base.status is Status.CANNOT_EVALUATE
    assert no_base.reason == "the baseline last-year has no figure"


# --- comparators and benchmarks --------------------------------------------------------


def wilson(successes: int, trials: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval, written out here as an independent reference."""
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return centre - half, centre + half


COMPARED = """\
unit: percent
value: done / cohort
polarity: higher
comparators: [{id: kent, name: Kent, value: 88%}]
"""


def test_comparator_better_uses_the_wilson_interval() -> None:
    """180 of 190 (94.7%): Wilson lower limit 90.6% > Kent's 88%, so better: met."""
    lower, upper = wilson(180, 190)
    assert 0.905 < lower < 0.907  # hand-worked: 0.9058
    result = run(
        COMPARED + "target: better than kent\n",
        "measure,period,numerator,denominator\nm,2017-18 Q2,180,190\n",
    )
    assert result.status is Status.MET
    assert math.isclose(result.lower or 0, lower, rel_tol=1e-6)
    assert math.isclose(result.upper or 0, upper, rel_tol=1e-6)
    assert result.comparison == "better than Kent (88.0%, by 95% interval)"


def test_comparator_similar_is_not_better() -> None:
    """90 of 100: interval 82.6%-94.5% holds 88%, so similar: not better (off-track) but no worse (met)."""
    lower, upper = wilson(90, 100)
    assert lower < 0.88 < upper
    rows = "measure,period,numerator,denominator\nm,2017-18 Q2,90,100\n"
    better = run(COMPARED + "target: better than kent\n", rows)
    assert better.status is Status.OFF_TRACK
    assert "similar" in better.reason
    assert run(COMPARED + "target: no worse than kent\n", rows).status is Status.MET
    assert better.comparison == "similar to Kent (88.0%)"


def test_comparator_worse() -> None:
    """50 of 100: upper limit 59.6% < 88%, worse: off-track in year, missed at year end."""
    rows = "measure,period,numerator,denominator\nm,2017-18 Q2,50,100\nm,2017-18 Q4,50,100\n"
    result = run(COMPARED + "target: no worse than kent\n", rows)
    assert result.status is Status.OFF_TRACK
    assert result.comparison == "worse than Kent (88.0%, by 95% interval)"
    assert run(COMPARED + "target: no worse than kent\n", rows, YEAR_END).status is Status.MISSED


def test_comparator_without_interval_is_compared_by_value() -> None:
    """A reduction (43 -> 3 = 93.0%) has no interval: better than Kent's 88% by value."""
    measure = COMPARED.replace("done / cohort", "reduction(before, during)") + "target: none\n"
    result = run(measure, "measure,period,numerator,denominator\nm,2017-18 Q2,3,43\n")
    assert result.status is Status.MONITOR
    assert result.display_value == "93.0%"
    assert result.comparison == "better than Kent (88.0%, by value)"


def test_benchmark_with_no_polarity_is_monitor_in_words() -> None:
    """Polarity none against a benchmark: monitor, saying higher or lower."""
    measure = "unit: person\npolarity: none\nbaselines: [{id: dec-2015, label: December 2015, value: 16}]\ntarget: benchmark dec-2015\n"
    lower = run(measure, "measure,period,value\nm,2017-18 Q2,15\n")
    assert lower.status is Status.MONITOR
    assert lower.reason == "15 people is lower than the benchmark December 2015 (16 people)"
    higher = run(measure, "measure,period,value\nm,2017-18 Q2,20\n")
    assert "higher than the benchmark" in higher.reason


# --- milestones and judgements ----------------------------------------------------------

MILESTONE = "polarity: none\ntarget: {milestone: Plan agreed, due: 2018-03-31}\n"


def test_milestone_in_progress_before_due_is_on_track() -> None:
    """In progress before the due date: on-track, with the evidence."""
    result = run(MILESTONE, "measure,period,state,evidence\nm,2017-18 Q2,in-progress,drafted\n")
    assert result.status is Status.ON_TRACK
    assert result.reason == "In progress, due 31 March 2018; evidence (2017-18 Q2): drafted"


def test_milestone_overdue_is_off_track() -> None:
    """In progress after its due date (30 June 2017) at 30 Sep: off-track."""
    measure = MILESTONE.replace("2018-03-31", "2017-06-30")
    result = run(measure, "measure,period,state\nm,2017-18 Q2,in-progress\n")
    assert result.status is Status.OFF_TRACK
    assert result.reason == "In progress, overdue since 30 June 2017"


def test_milestone_complete_is_met_and_unfinished_at_year_end_missed() -> None:
    """Complete: met. Still in progress at 31 March 2018: missed."""
    assert run(MILESTONE, "measure,period,state\nm,2017-18 Q2,complete\n").status is Status.MET
    late = run(MILESTONE, "measure,period,state\nm,2017-18 Q4,in-progress\n", YEAR_END)
    assert late.status is Status.MISSED


def test_milestone_not_started_is_not_yet_due_and_no_state_is_no_data() -> None:
    """Not started before the due date: not-yet-due; nothing recorded: no-data."""
    result = run(MILESTONE, "measure,period,state\nm,2017-18 Q2,not-started\n")
    assert result.status is Status.NOT_YET_DUE
    assert run(MILESTONE, "measure,period,evidence\nm,2017-18 Q2,talks\n").status is Status.NO_DATA


JUDGED = "polarity: none\ntarget: {judged: Training continues}\n"


def test_judged_with_a_recorded_judgement() -> None:
    """A recorded judgement is the status, with its evidence as the reason."""
    result = run(JUDGED, "measure,period,judgement,evidence\nm,2017-18 Q2,at-risk,paused\n")
    assert result.status is Status.AT_RISK
    assert result.reason == "judged at-risk by the partnership: paused"


def test_judged_without_a_recorded_judgement_is_no_data() -> None:
    """Evidence alone is no judgement: no-data, quoting the evidence."""
    result = run(JUDGED, "measure,period,evidence\nm,2017-18 Q2,sessions held\n")
    assert result.status is Status.NO_DATA
    assert result.reason == "no judgement recorded; latest evidence (2017-18 Q2): sessions held"


ALL_OF = """\
unit: percent
polarity: higher
target:
  all_of:
    - {milestone: Self-assessment complete, due: 2017-06-30}
    - ">= 75%"
"""


def test_all_of_needs_every_part() -> None:
    """Milestone complete and 80%: met; complete and 70%: off-track (the worst part)."""
    met = run(ALL_OF, "measure,period,value,state\nm,2017-18 Q2,80%,complete\n")
    assert met.status is Status.MET
    assert met.reason.startswith("2 of 2 parts met")
    short = run(ALL_OF, "measure,period,value,state\nm,2017-18 Q2,70%,complete\n")
    assert short.status is Status.OFF_TRACK


def test_all_of_overdue_milestone_counts_without_a_figure() -> None:
    """With no figure, an overdue milestone part still makes the whole off-track."""
    result = run(ALL_OF, "measure,period,state\nm,2017-18 Q2,in-progress\n")
    assert result.status is Status.OFF_TRACK
    assert "overdue" in result.reason
    assert "no figure for 2017-18 Q2" in result.reason


# --- status rules and rounding ------------------------------------------------------------

RULES = (
    PERCENT_75
    + """\
status_rules:
  - {when: value >= 72%, status: at-risk}
  - {when: value >= 70%, status: off-track}
  - {when: value >= 50%, status: on-track}
"""
)


def test_status_rules_first_match_wins() -> None:
    """73% matches rules 1 and 3 (and fails the target): rule 1's at-risk wins."""
    result = run(RULES, "measure,period,value\nm,2017-18 Q2,73%\n")
    assert result.status is Status.AT_RISK
    assert result.reason.startswith("73.0%: status rule 1 (the value >= 72.0%) gives at-risk")
    assert run(RULES, "measure,period,value\nm,2017-18 Q2,71%\n").status is Status.OFF_TRACK


def test_status_rules_override_the_target() -> None:
    """80% meets the target but matches rule 3 first: the rule's on-track overrides met."""
    result = run(
        RULES.replace("72%", "90%").replace("70%", "85%"),
        "measure,period,value\nm,2017-18 Q2,80%\n",
    )
    assert result.status is Status.ON_TRACK
    assert "the target alone gives met" in result.reason


def test_status_rule_records_which_rule_set_the_status() -> None:
    """73% is set by rule 1, 60% by rule 3 (it fails >= 72% and >= 70%); 40% holds no rule
    and a measure without rules has none, so the target decides (None)."""
    assert run(RULES, "measure,period,value\nm,2017-18 Q2,73%\n").status_rule == 1
    assert run(RULES, "measure,period,value\nm,2017-18 Q2,60%\n").status_rule == 3
    assert run(RULES, "measure,period,value\nm,2017-18 Q2,40%\n").status_rule is None
    assert run(PERCENT_75, "measure,period,value\nm,2017-18 Q2,80%\n").status_rule is None


def test_explain_names_the_status_rule_that_held() -> None:
    """explain says rule 3 of 3 set the status of 60%, never that no rule held."""
    catalogue = catalogue_of("id: m\ntitle: M\ntheme: t\n" + RULES)
    actuals = loads_actuals("measure,period,value\nm,2017-18 Q2,60%\n", catalogue, "a.csv")
    evaluation = evaluate(catalogue, actuals, Q2_END).get("m")
    text = explain_text(catalogue, "m", evaluation, Q2_END)
    assert (
        "The status was set by the measure's own status rule 3 (of 3), the first that held, "
        "judged on the unrounded value.\n"
    ) in text
    assert "none of the measure's own status rules held" not in text
    unmatched = loads_actuals("measure,period,value\nm,2017-18 Q2,40%\n", catalogue, "a.csv")
    evaluation = evaluate(catalogue, unmatched, Q2_END).get("m")
    assert (
        "The status was set by the target, as none of the measure's own status rules held, "
        "judged on the unrounded value.\n"
    ) in explain_text(catalogue, "m", evaluation, Q2_END)


def test_no_rule_matching_leaves_the_target_status() -> None:
    """40% matches no rule: the target's off-track stands."""
    assert run(RULES, "measure,period,value\nm,2017-18 Q2,40%\n").status is Status.OFF_TRACK


def test_judge_on_rounded_versus_unrounded() -> None:
    """74.96% vs >= 75%: off-track unrounded; met when judged on 75.0% (1 decimal)."""
    rows = "measure,period,value\nm,2017-18 Q2,74.96%\n"
    unrounded = run(PERCENT_75, rows)
    assert unrounded.status is Status.OFF_TRACK
    assert unrounded.display_value == "75.0%"
    by_catalogue = run(PERCENT_75 + "decimals: 1\n", rows, header="  judge_on: rounded\n")
    assert by_catalogue.status is Status.MET
    assert by_catalogue.value == 0.7496  # the value itself stays unrounded
    by_measure = run(PERCENT_75 + "decimals: 1\njudge_on: rounded\n", rows)
    assert by_measure.status is Status.MET
    two_places = run(PERCENT_75 + "decimals: 2\njudge_on: rounded\n", rows)
    assert two_places.status is Status.OFF_TRACK  # 74.96% still short at 2 decimals


# --- trend, audit, output ---------------------------------------------------------------


def test_trend_with_polarity() -> None:
    """Opiate completions: 7.7% -> 7.5% is worsening; 5.5% a year earlier -> improving."""
    rows = "measure,period,value\nm,2016-17 Q1,5.5%\nm,2016-17 Q4,7.7%\nm,2017-18 Q1,7.5%\n"
    result = run(LAGGED, rows)
    assert result.trend.value == "worsening"
    assert result.trend_last_year.value == "improving"


def test_trend_lower_is_better_and_not_compared() -> None:
    """40% -> 30% on a lower-is-better measure is improving; no earlier figure: not-compared."""
    measure = "unit: percent\npolarity: lower\ntarget: '< 50%'\n"
    result = run(measure, "measure,period,value\nm,2017-18 Q1,40%\nm,2017-18 Q2,30%\n")
    assert result.trend.value == "improving"
    assert result.trend_last_year.value == "not-compared"


def test_audit_warns_when_the_printed_figure_disagrees() -> None:
    """8 of 48 printed as 16%: 16.7% is 17% at the printed precision, so a warning."""
    measure = "unit: percent\nvalue: a / b\npolarity: lower\ntarget: '< 20%'\n"
    result = run(measure, "measure,period,numerator,denominator,reported\nm,2017-18 Q2,8,48,16%\n")
    assert result.warnings == (
        "the report printed 16% but the figure from 8 and 48 is 16.7% (17% at the printed precision)",
    )
    agreeing = run(
        measure, "measure,period,numerator,denominator,reported\nm,2017-18 Q2,8,18,44%\n"
    )
    assert agreeing.warnings == ()  # 44.4% is 44% at the printed precision


def test_to_dicts_field_names_and_json_round_trip() -> None:
    """to_dicts has the stable fields in order; to_json round-trips through json.loads."""
    catalogue = catalogue_of(
        "id: a\ntitle: A\ntheme: t\n" + PERCENT_75, "id: b\ntitle: B\ntheme: t\n" + ASSESSMENTS
    )
    actuals = loads_actuals(
        "measure,period,value\na,2017-18 Q2,75.3%\nb,2017-18 Q1,287\nb,2017-18 Q2,219\n", catalogue
    )
    report = evaluate(catalogue, actuals, Q2_END)
    assert isinstance(report, Report)
    rows = report.to_dicts()
    assert FIELDS == (
        "id", "title", "theme", "period", "value", "display_value", "target", "expected",
        "status", "rag", "reason", "trend", "comparison", "flags", "warnings",
    )  # fmt: skip
    for row in rows:
        assert tuple(row)[: len(FIELDS)] == FIELDS
    assert rows[0]["status"] == "met"
    assert rows[0]["rag"] == "green"
    assert rows[0]["value"] == 0.753
    assert rows[1]["expected"] == 420
    assert rows[1]["status"] == "on-track"
    data = json.loads(report.to_json())
    assert data["as_of"] == "2017-09-30"
    assert data["catalogue"] == "test"
    assert data["results"] == rows
    assert report.by_status() == {Status.MET: 1, Status.ON_TRACK: 1}


# --- properties ---------------------------------------------------------------------------

#: worst to best for a threshold's outcome (defined here, independently of the library)
RANK = {Status.MISSED: 0, Status.OFF_TRACK: 1, Status.AT_RISK: 2, Status.MET: 3}
THEMES = (Theme("t", "T"),)
YEAR = Period.of(FY, Frequency.YEAR, 2017)
Q = [Period.of(FY, QUARTER, y, i) for y in (2016, 2017) for i in (1, 2, 3, 4)]


def threshold_catalogue(op: str, target: float, tolerance: float | None) -> Catalogue:
    measure = Measure(
        "m",
        "M",
        "t",
        unit="percent",
        polarity=Polarity.HIGHER_IS_BETTER,
        target=ThresholdTarget(op, target),  # type: ignore[arg-type]
        tolerance=None if tolerance is None else Tolerance(tolerance),
    )
    return Catalogue("c", "C", YEAR, themes=THEMES, measures=(measure,))


fractions = st.integers(0, 1000).map(lambda n: n / 1000)


@given(
    op=st.sampled_from([">=", ">"]),
    target=fractions,
    tolerance=st.none() | st.sampled_from([0.01, 0.05]),
    values=st.tuples(fractions, fractions).map(sorted),
    as_of=st.sampled_from([Q2_END, YEAR_END]),
)
def test_raising_the_value_never_worsens_a_threshold_status(
    op: str, target: float, tolerance: float | None, values: list[float], as_of: dt.date
) -> None:
    """For higher-is-better, a higher value never gets a worse status."""
    catalogue = threshold_catalogue(op, target, tolerance)
    period = Period.of(FY, QUARTER, 2017, 2 if as_of == Q2_END else 4)
    statuses = [
        evaluate(catalogue, Actuals((Observation("m", period, value=v),)), as_of).get("m").status
        for v in values
    ]
    assert RANK[statuses[0]] <= RANK[statuses[1]]


def small_catalogue() -> Catalogue:
    measures = (
        Measure("pct", "P", "t", unit="percent", polarity=Polarity.HIGHER_IS_BETTER,
                target=ThresholdTarget(">=", 0.75), data_lag=1),
        Measure("ratio", "R", "t", unit="percent", polarity=Polarity.LOWER_IS_BETTER,
                calculation=Ratio("a", "b"), aggregation=Aggregation.YEAR_TO_DATE,
                target=ThresholdTarget("<", 0.2),
                comparators=(Comparator("kent", 0.3),)),
        Measure("cmp", "C", "t", unit="percent", polarity=Polarity.HIGHER_IS_BETTER,
                calculation=Ratio("a", "b"), aggregation=Aggregation.ROLLING_12_MONTHS,
                comparators=(Comparator("kent", 0.5),),
                target=ComparatorTarget("better-than", "kent")),
        Measure("amount", "A", "t", unit="assessment", polarity=Polarity.HIGHER_IS_BETTER,
                aggregation=Aggregation.YEAR_TO_DATE, target=AmountTarget(840, Frequency.YEAR)),
        Measure("change", "Ch", "t", unit="percent", polarity=Polarity.LOWER_IS_BETTER,
                baselines=(Baseline("last", period="2016-17 Q2"),),
                target=ChangeTarget("reduce", 0.1, baseline="last")),
        Measure("ms", "M", "t", target=MilestoneTarget("x", dt.date(2017, 12, 31))),
        Measure("jd", "J", "t", target=JudgedTarget("y")),
    )  # fmt: skip
    return Catalogue("c", "C", YEAR, themes=THEMES, measures=measures)


SMALL = small_catalogue()


@st.composite
def observation(draw: st.DrawFn, measure: str, period: Period) -> Observation:
    flags = draw(st.sampled_from([(), (Flag.PROVISIONAL,), (Flag.SUPPRESSED,)]))
    if Flag.SUPPRESSED in flags:
        return Observation(measure, period, flags=flags)
    if measure in ("ratio", "cmp"):
        b = draw(st.integers(0, 50))
        return Observation(measure, period, numerator=float(draw(st.integers(0, b))),
                           denominator=float(b), flags=flags)  # fmt: skip
    if measure == "amount":
        return Observation(measure, period, value=float(draw(st.integers(0, 400))), flags=flags)
    if measure == "ms":
        return Observation(measure, period, state=draw(st.sampled_from(list(MilestoneState))))
    if measure == "jd":
        return Observation(measure, period, judgement=draw(st.sampled_from(
            [Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.MISSED])))  # fmt: skip
    return Observation(measure, period, value=draw(fractions), flags=flags)


@st.composite
def random_actuals(draw: st.DrawFn) -> Actuals:
    rows = []
    for measure in SMALL.measures:
        for period in Q:
            if draw(st.booleans()):
                rows.append(draw(observation(measure.id, period)))
    return Actuals(tuple(rows))


@given(
    actuals=random_actuals(),
    as_of=st.dates(dt.date(2016, 1, 1), dt.date(2019, 12, 31)),
)
def test_evaluation_never_raises_for_valid_actuals(actuals: Actuals, as_of: dt.date) -> None:
    """Any valid actuals at any date give one evaluation per measure, each serialisable."""
    report = evaluate(SMALL, actuals, as_of)
    assert [e.id for e in report.evaluations] == [m.id for m in SMALL.measures]
    for result in report.evaluations:
        assert result.status in Status
        assert (result.value is None) == (result.display_value == "-")
        assert result.reason
    json.loads(report.to_json())


def test_target_and_reason_share_one_plural() -> None:
    """840 people a year, even profile: 420 expected by Q2, 200 + 306 = 506 done; the target,
    the reason and the amount expected all say "people" (not "persons")."""
    result = run(
        "unit: person\npolarity: higher\ntarget: 840 people per year\n",
        "measure,period,value\nm,2017-18 Q1,200\nm,2017-18 Q2,306\n",
    )
    assert result.target == "840 people per year"
    assert result.reason == (
        "506 people to date is ahead of the 420 people expected by now (840 people by year end)"
    )
    assert result.display_expected == "420 people"


ANNUAL = "unit: person\npolarity: higher\nfrequency: annual\ntarget: '>= 100 people'\n"


def test_explain_says_reported_annually() -> None:
    """An annual measure is "reported annually", not "reported annual"."""
    catalogue = catalogue_of("id: m\ntitle: M\ntheme: t\n" + ANNUAL)
    actuals = loads_actuals("measure,period,value\nm,2017-18,120\n", catalogue, "a.csv")
    day = dt.date(2018, 4, 30)
    text = explain_text(catalogue, "m", evaluate(catalogue, actuals, day).get("m"), day)
    assert (
        "What is measured: a number of people, reported annually; a higher figure is better, "
        "and each period's figure stands on its own.\n"
    ) in text


def test_explain_gives_an_annual_measure_one_trend() -> None:
    """120 in 2017-18 after 90 in 2016-17, higher is better: the previous period is the same
    period last year, so the trend is said once."""
    catalogue = catalogue_of("id: m\ntitle: M\ntheme: t\n" + ANNUAL)
    day = dt.date(2018, 4, 30)

    def trend_line(rows: str) -> list[str]:
        actuals = loads_actuals("measure,period,value\n" + rows, catalogue, "a.csv")
        text = explain_text(catalogue, "m", evaluate(catalogue, actuals, day).get("m"), day)
        return [line for line in text.splitlines() if line.startswith("Trend:")]

    assert trend_line("m,2017-18,120\nm,2016-17,90\n") == [
        "Trend: better than the previous year."
    ]
    assert trend_line("m,2017-18,120\n") == [
        "Trend: not compared with the previous year, as a figure is missing."
    ]


def test_rate_inputs_in_words() -> None:
    """1650 offences among 210,000 people: the inputs step names the count and the population
    in words, the population with thousands separators; a population named otherwise is named."""
    rows = "measure,period,numerator,denominator\nm,2017-18 Q2,1650,210000\n"
    rate = "value: offences per 1000 population\npolarity: lower\ntarget: '<= 8'\n"
    assert run(rate, rows).steps[1] == "inputs: 1650 offences in a population of 210,000"
    residents = rate.replace("population", "residents")
    assert run(residents, rows.replace("210000", "210000.5")).steps[1] == (
        "inputs: 1650 offences in a population of 210,000.5 (residents)"
    )


def test_explain_gives_the_unrounded_value_to_decimals_plus_three() -> None:
    """1650 / 210000 x 1000 = 7.857142857...: a rate shown to 1 decimal is given before
    rounding to 4 (7.8571), not to every digit of the float."""
    rate = "id: m\ntitle: M\ntheme: t\nvalue: offences per 1000 population\npolarity: lower\n"
    catalogue = catalogue_of(rate + "target: '<= 8'\n")

    def value_line(numerator: str) -> str:
        rows = f"measure,period,numerator,denominator\nm,2017-18 Q2,{numerator},210000\n"
        actuals = loads_actuals(rows, catalogue, "a.csv")
        evaluation = evaluate(catalogue, actuals, Q2_END).get("m")
        text = explain_text(catalogue, "m", evaluation, Q2_END)
        return next(line for line in text.splitlines() if line.startswith("Value:"))

    assert value_line("1650") == (
        "Value: 7.9 per 1,000 as shown in the report, from 7.8571 before rounding."
    )


def test_all_of_says_how_many_parts_were_not_judged() -> None:
    """0 of 0 referred leaves the threshold part nothing to measure (not-applicable, left out);
    the completed milestone is the one judged part: "1 of 1 part met, 1 not judged"."""
    measure = (
        "unit: percent\nvalue: contacted / referred\npolarity: higher\n"
        "target:\n  all_of: ['>= 75%', 'Services in place by 2017-06-30']\n"
    )
    result = run(measure, "measure,period,numerator,denominator,state\nm,2017-18 Q2,0,0,complete\n")
    assert result.reason == (
        "1 of 1 part met, 1 not judged. Part 1 (not-applicable): nothing to measure: "
        "the denominator is 0; part 2 (met): Complete"
    )


def test_explain_says_an_amount_target_adds_the_year_up() -> None:
    """840 assessments per year on a point-in-time quarterly count: the target sums the
    quarters of the year, so explain does not say each figure stands on its own."""
    catalogue = catalogue_of(
        "id: m\ntitle: M\ntheme: t\nunit: assessment\npolarity: higher\n"
        "frequency: quarterly\ntarget: 840 assessments per year\n"
    )
    actuals = loads_actuals("measure,period,value\nm,2017-18 Q1,200\n", catalogue, "a.csv")
    day = dt.date(2017, 6, 30)
    text = explain_text(catalogue, "m", evaluate(catalogue, actuals, day).get("m"), day)
    assert (
        "What is measured: a number of assessments, reported quarterly; a higher figure is "
        "better, and the target adds each period's figure up from the start of the year.\n"
    ) in text
    assert "stands on its own" not in text


def test_explain_says_a_cadence_is_judged_period_by_period() -> None:
    """1 person per quarter on a quarterly count: each quarter is held to its own amount."""
    catalogue = catalogue_of(
        "id: m\ntitle: M\ntheme: t\nunit: person\npolarity: higher\n"
        "frequency: quarterly\ntarget: 1 person per quarter\n"
    )
    actuals = loads_actuals("measure,period,value\nm,2017-18 Q1,2\n", catalogue, "a.csv")
    day = dt.date(2017, 6, 30)
    text = explain_text(catalogue, "m", evaluate(catalogue, actuals, day).get("m"), day)
    assert (
        "a higher figure is better, and each period's figure is judged against the amount "
        "for that period.\n"
    ) in text


DAYS_TO_ONE_DECIMAL = """
id: m
title: M
theme: t
unit: day
polarity: lower
decimals: 0
target: <= 6.3 days
tolerance: 0.5 days
"""


@pytest.mark.parametrize(
    ("value", "status", "reason"),
    [
        # 6.2 <= 6.3: met; shown "6" in the table, but the reason quotes the target exactly
        ("6.2", Status.MET, "6.2 meets the target of no more than 6.3"),
        # 6.6 > 6.3 but <= 6.3 + 0.5 = 6.8: at risk; "7 ... within (no more than 7)" before
        (
            "6.6",
            Status.AT_RISK,
            "6.6 does not meet the target of no more than 6.3, but is within the tolerance "
            "(no more than 6.8)",
        ),
        # 7.4 > 6.8: off track
        (
            "7.4",
            Status.OFF_TRACK,
            "7.4 does not meet the target of no more than 6.3, and is beyond the tolerance "
            "(no more than 6.8)",
        ),
    ],
)
def test_a_reason_quotes_a_target_exactly_when_decimals_is_0(
    value: str, status: Status, reason: str
) -> None:
    """With ``decimals: 0`` a 6.3-day target is "no more than 6.3" in the reason, never
    "no more than 6"; the value is shown to the same places; the display value stays 0 dp."""
    catalogue = catalogue_of(DAYS_TO_ONE_DECIMAL)
    actuals = loads_actuals(f"measure,period,value\nm,2017-18 Q1,{value}\n", catalogue, "a.csv")
    result = evaluate(catalogue, actuals, dt.date(2017, 6, 30)).get("m")
    assert result.status is status
    assert result.reason == reason
    assert result.display_value == str(round(float(value)))


def test_a_range_reason_quotes_its_bounds_exactly() -> None:
    """A 40.25%-60% band on a measure shown to 1 decimal: the bounds keep their 2 decimals."""
    catalogue = catalogue_of(
        "id: m\ntitle: M\ntheme: t\nunit: percent\npolarity: in-range\n"
        "target: between 40.25% and 60%\n"
    )
    actuals = loads_actuals("measure,period,value\nm,2017-18 Q1,40.2%\n", catalogue, "a.csv")
    result = evaluate(catalogue, actuals, dt.date(2017, 6, 30)).get("m")
    assert result.status is Status.OFF_TRACK
    assert "40.20%" in result.reason, result.reason
    assert "40.25%" in result.reason, result.reason


def test_a_relative_change_on_a_percent_measure_is_told_in_points_too() -> None:
    """10.9% to 11.0% is up 0.1 percentage points, an increase of 0.917% of the baseline:
    both are said, so that the relative change is never read as points."""
    measure = (
        "unit: percent\ndecimals: 1\npolarity: lower\nbaselines: [{id: ly, value: 10.9%}]\n"
        "target: 10% reduction on ly\n"
    )
    result = run(measure, "measure,period,value\nm,2017-18 Q2,11.0%\n")
    assert result.status is Status.OFF_TRACK
    assert result.reason == (
        "11.0%, up 0.1 percentage points (0.9%) on 10.9%, does not meet the target of a "
        "reduction of at least 10%"
    )
    same = run(measure, "measure,period,value\nm,2017-18 Q2,10.9%\n")
    assert same.reason == (
        "10.9%, no change on 10.9%, does not meet the target of a reduction of at least 10%"
    )
