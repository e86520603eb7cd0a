"""Odd arguments to the Python API: accepted where their meaning is plain, otherwise a
clear error from the library's root, never a TypeError from deep inside or a silent inf."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cspmeasures
from cspmeasures import calc
from cspmeasures.errors import CalculationError, CspMeasuresError, PeriodError
from cspmeasures.frame import evaluate_frame
from cspmeasures.periods import Calendar, Frequency, parse_period, parse_year

CORPUS = Path(__file__).parent / "corpus"
ACTUALS = "measure,period,value\nassessments,2017-18 Q1,200\nassessments,2017-18 Q2,230\n"


@pytest.fixture(scope="module")
def plan() -> tuple[cspmeasures.Catalogue, cspmeasures.Actuals]:
    catalogue = cspmeasures.load_catalogue(CORPUS / "good-minimal.yaml")
    return catalogue, cspmeasures.loads_actuals(ACTUALS, catalogue)


@pytest.mark.parametrize(
    "as_of",
    [
        dt.datetime(2017, 9, 30, 12),
        dt.datetime(2017, 9, 30, 23, 59, tzinfo=dt.timezone.utc),
        pd.Timestamp("2017-09-30 08:00"),
    ],
)
def test_a_datetime_is_its_date(
    as_of: dt.datetime, plan: tuple[cspmeasures.Catalogue, cspmeasures.Actuals]
) -> None:
    """A datetime (and a pandas Timestamp, which is one) evaluates as its day."""
    catalogue, actuals = plan
    report = cspmeasures.evaluate(catalogue, actuals, as_of)
    expected = cspmeasures.evaluate(catalogue, actuals, dt.date(2017, 9, 30))
    assert report.as_of == dt.date(2017, 9, 30)
    assert type(report.as_of) is dt.date
    assert report.to_dicts() == expected.to_dicts()
    # 430 assessments to date, 420 expected by the half year of 840
    assert report.get("assessments").value == 430.0
    frame = pd.DataFrame({"measure": ["assessments"] * 2, "period": ["2017-18 Q1", "2017-18 Q2"],
                          "value": [200, 230]})  # fmt: skip
    columns = evaluate_frame(catalogue, frame, as_of, fields=("id", "value"))
    assert columns["value"].tolist() == [430.0, None, None]


@pytest.mark.parametrize("as_of", ["2017-09-30", 20170930, None])
def test_an_as_of_that_is_not_a_date_is_refused_clearly(
    as_of: object, plan: tuple[cspmeasures.Catalogue, cspmeasures.Actuals]
) -> None:
    catalogue, actuals = plan
    with pytest.raises(PeriodError, match="as_of must be a date or a Period, not "):
        cspmeasures.evaluate(catalogue, actuals, as_of)  # type: ignore[arg-type]


def test_calendars_and_frequencies_may_be_named() -> None:
    """A calendar or frequency given by its name works; an unknown one blames the argument."""
    quarter = parse_period("2017-18 Q2", Calendar.UK_FINANCIAL_YEAR)
    assert parse_period("2017-18 Q2", "uk-financial-year") == quarter  # type: ignore[arg-type]
    assert parse_period("2017-09-30", "uk-financial-year", "quarterly") == quarter  # type: ignore[arg-type]
    assert parse_year("2017", "calendar-year").start == dt.date(2017, 1, 1)  # type: ignore[arg-type]
    with pytest.raises(PeriodError) as info:
        parse_period("2017-18 Q2", "financial")  # type: ignore[arg-type]
    assert str(info.value) == (
        "calendar must be a Calendar or one of 'uk-financial-year', 'calendar-year', "
        "not 'financial'"
    )
    with pytest.raises(PeriodError, match="frequency must be a Frequency or one of 'monthly'"):
        parse_period("2017-09-30", Calendar.UK_FINANCIAL_YEAR, "weekly")  # type: ignore[arg-type]
    assert Frequency("quarterly") is Frequency.QUARTER


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda: calc.rate(1, 1e-320, per=1e9), "the rate 1 / 1e-320 x 1000000000.0"),
        (lambda: calc.rate(1e300, 1e-10), "the rate 1e+300 / 1e-10 x 100000"),
        (lambda: calc.proportion(1e308, 1e308), "the proportion 1e+308 / 1e+308"),
        (lambda: calc.proportion(1, 2, multiplier=1e308 * 10), "multiplier must be a finite"),
    ],
)
def test_calculations_past_a_float_raise_calculation_error(call: object, text: str) -> None:
    """inf and NaN are never returned: the docs promise a CalculationError."""
    with pytest.raises(CalculationError) as info:
        call()  # type: ignore[operator]
    assert str(info.value).startswith(text)
    assert isinstance(info.value, CspMeasuresError)


@given(
    st.floats(0, 1e308, allow_nan=False),
    st.floats(1e-320, 1e308, allow_nan=False),
    st.floats(1, 1e9),
)
def test_a_rate_is_finite_or_refused(count: float, population: float, per: float) -> None:
    """For any finite inputs a rate is finite with finite limits, or a CalculationError."""
    try:
        estimate = calc.rate(round(count) if count < 10 else count, population, per=per)
    except CalculationError:
        return
    limits = [estimate.value, estimate.upper] + ([estimate.lower] if estimate.lower else [])
    assert all(math.isfinite(x) for x in limits)


@given(st.floats(1e-300, 1e308, allow_nan=False), st.floats(0, 1))
def test_a_proportion_is_finite_or_refused(denominator: float, share: float) -> None:
    try:
        estimate = calc.proportion(denominator * share, denominator)
    except CalculationError:
        return
    assert all(math.isfinite(x) for x in (estimate.value, estimate.lower, estimate.upper))  # type: ignore[arg-type]
