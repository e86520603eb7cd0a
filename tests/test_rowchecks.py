"""The one table of actuals row checks: each check's row form and column form agree.

The actuals loader asks each check of one row (numbers or None); evaluate_frame asks the
same check of columns (numpy arrays, NaN for an empty cell). A row refused by one and not
the other would be read by one path and refused by the other, so every check is drawn
here on rows of every calculation and compared form against form.
"""

from __future__ import annotations

import math

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.actuals import loads_actuals
from cspmeasures.catalogue import loads_catalogue
from cspmeasures.errors import ActualsError
from cspmeasures.rowchecks import (
    CELL_CHECKS,
    COUNT,
    RATE,
    RATIO,
    REDUCTION,
    ROW_CHECKS,
    VALUE,
    Columns,
    Row,
    flag_words,
)
from cspmeasures.vocabulary import Flag

NUMBERS = st.one_of(
    st.none(),
    st.sampled_from([0.0, 0.5, 1.0, -1.0, 2.0, 1e15, 1e16, -0.25, 3.0]),
    st.floats(-1e17, 1e17, allow_nan=False),
)
CALCULATIONS = st.sampled_from([VALUE, COUNT, RATIO, RATE, REDUCTION])


@st.composite
def rows(draw: st.DrawFn) -> Row:
    gone = draw(st.booleans())
    return Row(
        draw(NUMBERS),
        draw(NUMBERS),
        draw(NUMBERS),
        draw(CALCULATIONS),
        draw(st.booleans()),
        gone=gone,
        suppressed=gone and draw(st.booleans()),
        flagged=gone or draw(st.booleans()),
        state=draw(st.booleans()),
        judgement=draw(st.booleans()),
        evidence=draw(st.booleans()),
        reported=draw(st.sampled_from([None, "", "75.3", "75.3%", "0.1234567891234"])),
        milestone_target=draw(st.booleans()),
        judged_target=draw(st.booleans()),
    )


def _column(number: float | None) -> numpy.ndarray:
    return numpy.array([math.nan if number is None else number], dtype=float)


def _columns(row: Row) -> Columns:
    def flag(value: bool) -> numpy.ndarray:
        return numpy.array([value], dtype=bool)

    return Columns(
        value=_column(row.value),
        numerator=_column(row.numerator),
        denominator=_column(row.denominator),
        calculation=numpy.array([row.calculation], dtype=int),
        percent=flag(row.percent),
        gone=flag(row.gone),
        flagged=flag(row.flagged),
        state=flag(row.state),
        judgement=flag(row.judgement),
        evidence=flag(row.evidence),
        reported=[row.reported or ""],
        milestone_target=flag(row.milestone_target),
        judged_target=flag(row.judged_target),
    )


@given(rows())
def test_every_row_check_says_the_same_of_a_row_and_of_its_column(row: Row) -> None:
    columns = _columns(row)
    for check in ROW_CHECKS:
        assert bool(check.columns(columns)[0]) is bool(check.row(row)), check.what


@given(
    st.one_of(
        st.floats(allow_nan=False),
        st.sampled_from([math.inf, -math.inf, 1e15, -1e15, 1e15 + 1, 0.5, -0.5, 3.0]),
    ),
    st.sampled_from(["value", "numerator", "denominator"]),
    CALCULATIONS,
    st.booleans(),
)
def test_every_cell_check_says_the_same_of_a_number_and_of_its_column(
    number: float, name: str, calculation: int, percent: bool
) -> None:
    column = numpy.array([number], dtype=float)
    calculations = numpy.array([calculation], dtype=int)
    percents = numpy.array([percent], dtype=bool)
    for check in CELL_CHECKS:
        refused = check.columns(column, name, calculations, percents)[0]
        assert bool(refused) is bool(check.row(number, name, calculation, percent)), check.what


def test_an_empty_cell_in_a_column_is_refused_by_no_cell_check() -> None:
    """NaN in a column is an empty cell, which the loader never checks as a number."""
    column = numpy.array([math.nan])
    for calculation in (VALUE, COUNT, RATIO, RATE, REDUCTION):
        for name in ("value", "numerator", "denominator"):
            for check in CELL_CHECKS:
                refused = check.columns(
                    column, name, numpy.array([calculation]), numpy.array([True])
                )
                assert not refused[0], (check.what, name, calculation)


@pytest.mark.parametrize(
    ("row", "refused_by"),
    [
        (Row(numerator=3.0, denominator=2.0, calculation=RATIO), {"a proportion's numerator at most its denominator"}),
        (Row(numerator=3.0, denominator=2.0, calculation=RATE), set()),
        (Row(numerator=3.0, denominator=0.5, calculation=RATE), {"a population or earlier count of 0 or at least 1"}),
        (Row(numerator=3.0, denominator=0.0, calculation=RATE), {"a rate's population above zero"}),
        (Row(value=5.0, calculation=RATIO), {"components, not a value, for a calculated measure"}),
        (Row(numerator=1.0, calculation=VALUE), {"a value, not components, for a value or count", "both components or neither"}),
        (Row(value=1.0, gone=True, suppressed=True, flagged=True), {"no figure on a suppressed or not-yet-available row"}),
        (Row(), {"something recorded"}),
        (Row(evidence=True), set()),
        (Row(state=True), {"a state only for a milestone"}),
        (Row(state=True, milestone_target=True), set()),
    ],
)
def test_worked_rows(row: Row, refused_by: set[str]) -> None:
    """Rows worked by hand: which checks refuse each."""
    assert {c.what for c in ROW_CHECKS if c.row(row)} == refused_by


def test_flag_words_name_each_flag_and_the_unknown() -> None:
    assert flag_words("suppressed; Provisional guessed") == [
        ("suppressed", Flag.SUPPRESSED),
        ("Provisional", Flag.PROVISIONAL),
        ("guessed", None),
    ]


CATALOGUE = """\
catalogue: {id: c, title: C, year: 2017-18}
themes: [{id: t, title: T}]
measures:
  - {id: share, title: Share, theme: t, unit: percent, value: done / started, polarity: higher, target: ">= 50%"}
  - {id: rate, title: Rate, theme: t, value: offences per 1000 population, polarity: lower, target: none}
"""


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("share,2017-18 Q1,,3,2,", "the numerator 3 is greater than the denominator 2"),
        ("rate,2017-18 Q1,,3,0.5,", "a rate's population is a number of people: expected at least 1, found '0.5'"),
        ("rate,2017-18 Q1,,3,0,", "a rate needs a population greater than zero"),
        ("share,2017-18 Q1,50%,,,", "share is calculated as ratio: give its numerator and denominator, not the value (keep a printed figure under 'reported')"),
        ("share,2017-18 Q1,,1,2,suppressed", "a row flagged suppressed carries no figure: remove the value or the flag"),
        ("share,2017-18 Q1,,-1,2,", "the numerator cannot be negative, found '-1'"),
    ],
)
def test_the_loader_words_each_check_from_the_table(row: str, message: str) -> None:
    """The loader's message for a row each check refuses, word for word."""
    catalogue = loads_catalogue(CATALOGUE, "c.yaml")
    text = "measure,period,value,numerator,denominator,flag\n" + row + "\n"
    with pytest.raises(ActualsError) as caught:
        loads_actuals(text, catalogue, "a.csv")
    assert [p.message for p in caught.value.problems] == [message]
    assert caught.value.problems[0].file == "a.csv"
    assert caught.value.problems[0].line == 2
