"""Comparing with last year: the span guard, the same period last year, the previous
period and a year's baseline pro-rata, worked by hand.

A year-to-date count at the end of Q1 covers three months; last year's figure covers
twelve. "A reduction of 76.2%" between them is a false green: the comparison is refused
(cannot-evaluate, naming both spans and the two honest comparisons), and the honest
comparisons are judged on like-for-like figures.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.actuals import loads_actuals
from cspmeasures.calc.changes import pro_rata
from cspmeasures.catalogue import catalogue_to_data, loads_catalogue
from cspmeasures.errors import CalculationError, CatalogueError
from cspmeasures.evaluate import evaluate
from cspmeasures.kinds import format_target, parse_target, target_to_data
from cspmeasures.model import ChangeTarget
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Polarity, Status

Q1_END = dt.date(2024, 6, 30)

HEAD = """\
catalogue: {id: c, title: C, year: 2024-25}
units: {offence: a recorded offence}
themes: [{id: t, title: T}]
measures:
"""


def _measure(target: str, *, baselines: str = "[{id: last-year, period: 2023-24}]") -> str:
    return (
        "  - {id: crime, title: Crime, theme: t, unit: offence, value: count, "
        "polarity: lower, frequency: quarterly, aggregation: year-to-date, "
        f"baselines: {baselines}, target: {target}}}\n"
    )


#: 2023-24 by quarter: 1300 + 1250 + 1245 + 1250 = 5045; 2024-25 Q1: 1200
ACTUALS = """\
measure,period,value
crime,2023-24 Q1,1300
crime,2023-24 Q2,1250
crime,2023-24 Q3,1245
crime,2023-24 Q4,1250
crime,2024-25 Q1,1200
"""


def _evaluate(target: str, actuals: str = ACTUALS, day: dt.date = Q1_END, **kw: str):  # type: ignore[no-untyped-def]
    catalogue = loads_catalogue(HEAD + _measure(target, **kw), "c.yaml")
    return evaluate(catalogue, loads_actuals(actuals, catalogue, "a.csv"), day).get("crime")


def test_a_quarter_against_a_whole_year_is_never_met() -> None:
    """Q1 year to date (1200, 3 months) against 2023-24 (5045, 12 months): not comparable."""
    result = _evaluate('"10% reduction on last-year"')
    assert result.status is Status.CANNOT_EVALUATE
    assert result.reason == (
        "the value covers 3 months (the year to 2024-25 Q1) and the baseline last-year covers "
        "12 months (2023-24): figures over different spans are not comparable; compare with "
        "the same period last year ('on same period last year') or scale the year's baseline "
        "to the part of the year ('pro-rata')"
    )
    assert result.target_level is None  # no level drawn from a figure it cannot be held to


def test_the_same_period_last_year_is_like_for_like() -> None:
    """1200 against 2023-24 Q1's 1300: a fall of 100/1300 = 7.69%, short of 10%: off-track."""
    result = _evaluate('"10% reduction on same period last year"')
    assert result.status is Status.OFF_TRACK
    assert result.baseline == "same-period-last-year"
    assert result.baseline_value == 1300.0
    assert result.target_level == 1170.0  # 1300 less 10%
    assert "baseline the same period last year (2023-24 Q1): 1300" in result.steps


def test_the_same_period_last_year_of_a_year_to_date_is_the_year_to_that_point() -> None:
    """At Q2, 2024-25 to Q2 (1200 + 1100 = 2300) against 2023-24 to Q2 (1300 + 1250 =
    2550): a fall of 250/2550 = 9.8%, short of 10%; 1100 in Q2 would have to be 1095."""
    actuals = ACTUALS + "crime,2024-25 Q2,1100\n"
    result = _evaluate('"10% reduction on same period last year"', actuals, dt.date(2024, 9, 30))
    assert (result.value, result.baseline_value) == (2300.0, 2550.0)
    assert result.status is Status.OFF_TRACK
    assert result.reason.startswith("A reduction of 9.8% (from 2550 to 2300)")


def test_a_year_pro_rata_is_scaled_to_the_part_of_the_year() -> None:
    """5045 for the year is 1261.25 for its first 3 months; 1200 is a fall of 4.86%: a 10%
    reduction is not met (off-track), any reduction is."""
    ten = _evaluate('"10% reduction on last-year pro-rata"')
    assert ten.status is Status.OFF_TRACK
    assert ten.baseline_value == 1261.25
    assert (
        "baseline last-year: 5045.00 for the year, 1261.25 pro-rata for 3 of its 12 months"
        in ten.steps
    )
    any_fall = _evaluate('"reduce on last-year pro-rata"')
    assert any_fall.status is Status.MET
    assert any_fall.reason.startswith("A reduction of 4.9% (from 1261.25 to 1200.00)")


#: a 2013-14 total crime plan: baseline 40,861 for 2012-13; year to date 20,409 at Q2 and
#: 30,658 at Q3
TOTAL_CRIME = """\
measure,period,value
crime,2013-14 Q1,10000
crime,2013-14 Q2,10409
crime,2013-14 Q3,10249
"""


@pytest.mark.parametrize(
    ("day", "value", "pro_rata", "status"),
    [
        # 40861 x 6/12 = 20430.5; 20409 is below it: a reduction
        (dt.date(2013, 9, 30), 20409.0, 20430.5, Status.MET),
        # 40861 x 9/12 = 30645.75; 30658 is above it: an increase, off-track
        (dt.date(2013, 12, 31), 30658.0, 30645.75, Status.OFF_TRACK),
    ],
)
def test_a_real_plan_against_its_baseline_pro_rata(
    day: dt.date, value: float, pro_rata: float, status: Status
) -> None:
    head = HEAD.replace("2024-25", "2013-14")
    catalogue = loads_catalogue(
        head
        + _measure(
            '"reduce on 2012-13 pro-rata"',
            baselines="[{id: 2012-13, value: 40861, period: 2012-13}]",
        ),
        "c.yaml",
    )
    result = evaluate(catalogue, loads_actuals(TOTAL_CRIME, catalogue, "a.csv"), day).get("crime")
    assert (result.value, result.baseline_value, result.status) == (value, pro_rata, status)


def test_the_same_figure_without_pro_rata_is_refused_at_q2_and_q3() -> None:
    """The report's "met, a reduction of 50.1%" at Q2 compares 6 months with 12."""
    head = HEAD.replace("2024-25", "2013-14")
    catalogue = loads_catalogue(
        head
        + _measure('"reduce on 2012-13"', baselines="[{id: 2012-13, value: 40861, period: 2012-13}]"),
        "c.yaml",
    )
    actuals = loads_actuals(TOTAL_CRIME, catalogue, "a.csv")
    for day in (dt.date(2013, 9, 30), dt.date(2013, 12, 31)):
        assert evaluate(catalogue, actuals, day).get("crime").status is Status.CANNOT_EVALUATE


def test_a_year_end_year_to_date_against_the_year_is_judged() -> None:
    """At Q4 the year to date covers 12 months, as the baseline does: 4800 against 5045."""
    actuals = ACTUALS + "crime,2024-25 Q2,1200\ncrime,2024-25 Q3,1200\ncrime,2024-25 Q4,1200\n"
    result = _evaluate('"reduce on last-year"', actuals, dt.date(2025, 3, 31))
    assert (result.value, result.baseline_value) == (4800.0, 5045.0)
    assert result.status is Status.MET


def test_the_previous_period_of_a_point_in_time_count() -> None:
    """Each quarter's own count against the quarter before: 1200 against 1250 (2023-24 Q4)."""
    catalogue = loads_catalogue(
        HEAD
        + "  - {id: crime, title: Crime, theme: t, unit: offence, value: count, polarity: lower, "
        "frequency: quarterly, target: reduce on previous period}\n",
        "c.yaml",
    )
    result = evaluate(catalogue, loads_actuals(ACTUALS, catalogue, "a.csv"), Q1_END).get("crime")
    assert (result.baseline, result.baseline_value, result.status) == (
        "previous-period",
        1250.0,
        Status.MET,
    )


def test_no_figure_for_the_same_period_last_year_cannot_be_evaluated() -> None:
    result = _evaluate('"reduce on same period last year"', "measure,period,value\ncrime,2024-25 Q1,1200\n")
    assert result.status is Status.CANNOT_EVALUATE
    assert result.reason == "there is no figure for the same period last year (2023-24 Q1) to compare with"


def test_a_proportion_is_compared_across_spans() -> None:
    """A share does not grow with the time it covers: a quarter's share against a year's
    is a fair comparison, and is judged."""
    catalogue = loads_catalogue(
        HEAD
        + "  - {id: share, title: Share, theme: t, unit: percent, value: done / started, "
        "polarity: higher, baselines: [{id: last-year, value: 50%, period: 2023-24}], "
        "target: increase on last-year}\n",
        "c.yaml",
    )
    actuals = loads_actuals(
        "measure,period,numerator,denominator\nshare,2024-25 Q1,60,100\n", catalogue, "a.csv"
    )
    assert evaluate(catalogue, actuals, Q1_END).get("share").status is Status.MET


@pytest.mark.parametrize(
    ("expression", "data"),
    [
        ("10% reduction on same period last year", {"reduce": "10%", "baseline": "same-period-last-year"}),
        ("reduce on previous period", {"reduce": "any", "baseline": "previous-period"}),
        ("reduce on 2012-13 pro-rata", {"reduce": "any", "baseline": "2012-13", "pro_rata": True}),
    ],
)
def test_the_forms_read_and_write_each_other(expression: str, data: dict[str, object]) -> None:
    context = MeasureContext("offence", Polarity.LOWER_IS_BETTER)
    target = parse_target(expression, context)
    assert isinstance(target, ChangeTarget)
    assert format_target(target, context) == expression
    assert target_to_data(target, context) == data


def test_the_mapping_form_reads_pro_rata_and_a_basis() -> None:
    catalogue = loads_catalogue(
        HEAD
        + _measure(
            "{reduce: 10%, baseline: same period last year}",
        ).replace("id: crime", "id: a")
        + _measure("{reduce: any, baseline: last-year, pro_rata: true}").replace("id: crime", "id: b"),
        "c.yaml",
    )
    first, second = (m.target for m in catalogue.measures)
    assert first == ChangeTarget("reduce", 0.1, "relative", "same-period-last-year")
    assert second == ChangeTarget("reduce", None, "relative", "last-year", pro_rata=True)
    assert catalogue_to_data(catalogue)["measures"][1]["target"] == {
        "reduce": "any",
        "baseline": "last-year",
        "pro_rata": True,
    }


@pytest.mark.parametrize(
    ("target", "baselines", "message"),
    [
        (
            '"reduce on last-year pro-rata"',
            "[{id: last-year, value: 5045}]",
            "'pro-rata' scales a year's figure, and the baseline 'last-year' names no year: "
            "give it the 'period' its value is for (a year such as 2012-13)",
        ),
        (
            '"reduce on last-year pro-rata"',
            "[{id: last-year, period: 2023-24 Q4}]",
            "'pro-rata' scales a year's figure, and the baseline 'last-year' is for 2023-24 Q4, "
            "not a year",
        ),
        (
            '"reduce on same period last year pro-rata"',
            "[]",
            "'pro-rata' scales a year's baseline, and the same period last year already covers "
            "the same span as the value: leave 'pro-rata' out",
        ),
        (
            "{reduce: any, baseline: last-year, pro_rata: sometimes}",
            "[{id: last-year, period: 2023-24}]",
            "expected true or false",
        ),
    ],
)
def test_pro_rata_that_cannot_be_is_refused_where_it_is_written(
    target: str, baselines: str, message: str
) -> None:
    with pytest.raises(CatalogueError) as caught:
        loads_catalogue(HEAD + _measure(target, baselines=baselines), "c.yaml")
    problems = caught.value.problems
    assert len(problems) == 1, [p.message for p in problems]
    assert problems[0].message.startswith(message)
    assert (problems[0].file, problems[0].line) == ("c.yaml", 5)


@given(st.floats(-1e12, 1e12, allow_nan=False), st.integers(1, 12))
def test_pro_rata_agrees_with_the_exact_share_of_the_year(year_value: float, months: int) -> None:
    """``year_value * months / 12`` against the exact rational, to the last binary digit;
    twelve months are the year's figure itself, and more months never give less."""
    exact = Fraction(repr(year_value)) * months / 12
    got = pro_rata(year_value, months)
    assert abs(Fraction(got) - exact) <= abs(Fraction(math.ulp(float(exact))))
    if months == 12:
        assert got == year_value
    if months < 12 and year_value >= 0:
        assert pro_rata(year_value, months + 1) >= got


@pytest.mark.parametrize("months", [0, 13, -3])
def test_pro_rata_refuses_months_outside_a_year(months: int) -> None:
    with pytest.raises(CalculationError, match=f"months must be 1 to 12, not {months}"):
        pro_rata(100.0, months)


def test_a_benchmark_over_another_span_cannot_be_evaluated() -> None:
    """A quarter's count held to a year's benchmark is refused like a change; the same
    count against a quarter's benchmark is judged (1200 is no worse than 1250)."""
    def result(period: str) -> object:
        catalogue = loads_catalogue(
            HEAD
            + "  - {id: crime, title: Crime, theme: t, unit: offence, value: count, "
            f"polarity: lower, baselines: [{{id: peers, value: 1250, period: {period}}}], "
            "target: benchmark peers}\n",
            "c.yaml",
        )
        return evaluate(catalogue, loads_actuals(ACTUALS, catalogue, "a.csv"), Q1_END).get("crime")

    year = result("2023-24")
    assert year.status is Status.CANNOT_EVALUATE  # type: ignore[attr-defined]
    assert year.reason.startswith(  # type: ignore[attr-defined]
        "the value covers 3 months (2024-25 Q1) and the baseline peers covers 12 months (2023-24)"
    )
    assert year.target_level is None  # type: ignore[attr-defined]
    quarter = result("2023-24 Q4")
    assert quarter.status is Status.MET  # type: ignore[attr-defined]


def test_a_quarters_count_against_a_published_year_is_refused_in_bulk_too() -> None:
    """A point-in-time quarterly count with a declared year's value: the bulk plans leave
    it to the judgement that compares spans, so evaluate never calls it met."""
    catalogue = loads_catalogue(
        HEAD
        + "  - {id: crime, title: Crime, theme: t, unit: offence, value: count, "
        "polarity: lower, baselines: [{id: last-year, value: 5045, period: 2023-24}], "
        "target: 10% reduction on last-year}\n",
        "c.yaml",
    )
    result = evaluate(catalogue, loads_actuals(ACTUALS, catalogue, "a.csv"), Q1_END).get("crime")
    assert result.status is Status.CANNOT_EVALUATE
    assert result.reason.startswith("the value covers 3 months (2024-25 Q1) and the baseline")
