"""Tests for cspmeasures.periods: calendars, labels, arithmetic and parsing."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.errors import PeriodError
from cspmeasures.periods import (
    Calendar,
    Frequency,
    Period,
    parse_date,
    parse_period,
    parse_year,
    period_containing,
)

FIN = Calendar.UK_FINANCIAL_YEAR
CAL = Calendar.CALENDAR_YEAR
MONTH, QUARTER, YEAR = Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR

DATES = "a date such as '30/09/2017', '30 Sep 2017' or '2017-09-30'"
EXPECTED_FIN = (
    "expected a label such as '2017-18 Q2', 'Q2 2017/18', 'Sep 2017', 'Sep-17', '2017-09', "
    f"'2017-18' or {DATES}"
)
EXPECTED_CAL = (
    "expected a label such as '2017 Q2', 'Q2 2017', 'Sep 2017', 'Sep-17', '2017-09', '2017' "
    f"or {DATES}"
)


def fin_q(year: int, q: int) -> Period:
    return Period.of(FIN, QUARTER, year, q)


@st.composite
def periods(draw: st.DrawFn, frequency: Frequency | None = None) -> Period:
    """Any period of any frequency on either calendar, well inside the supported dates."""
    calendar = draw(st.sampled_from(Calendar))
    freq = frequency if frequency is not None else draw(st.sampled_from(Frequency))
    year = draw(st.integers(min_value=1000, max_value=8999))
    index = draw(st.integers(min_value=1, max_value=freq.periods_per_year))
    return Period.of(calendar, freq, year, index)


days = st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31))


# --- enums --------------------------------------------------------------------------


def test_calendar_values_and_start_month() -> None:
    """Calendars have stable string values and the month their years start."""
    assert FIN.value == "uk-financial-year"
    assert CAL.value == "calendar-year"
    assert FIN.start_month == 4
    assert CAL.start_month == 1
    assert Calendar("uk-financial-year") is FIN


def test_frequency_values_and_periods_per_year() -> None:
    """Frequencies have stable string values and 12/4/1 periods a year."""
    assert [f.value for f in Frequency] == ["monthly", "quarterly", "annual"]
    assert [f.periods_per_year for f in Frequency] == [12, 4, 1]
    assert [f.months for f in Frequency] == [1, 3, 12]


# --- worked examples ----------------------------------------------------------------


def test_financial_q2_is_july_to_september() -> None:
    """2017-18 Q2 runs 1 July to 30 September 2017."""
    p = fin_q(2017, 2)
    assert (p.start, p.end) == (date(2017, 7, 1), date(2017, 9, 30))
    assert p.label == "2017-18 Q2"
    assert str(p) == "2017-18 Q2"
    assert p.index_in_year == 2
    assert p.year_number == 2017


def test_financial_q4_ends_31_march() -> None:
    """Q4 2017-18 ends on 31 March 2018 and is the year end."""
    p = fin_q(2017, 4)
    assert (p.start, p.end) == (date(2018, 1, 1), date(2018, 3, 31))
    assert p.is_year_end
    assert not fin_q(2017, 3).is_year_end
    assert p.fraction_of_year_elapsed == 1.0


def test_september_is_month_6_of_financial_year() -> None:
    """September 2017 is month 6 of 2017-18."""
    p = parse_period("2017-09", FIN)
    assert p.frequency is MONTH
    assert p.index_in_year == 6
    assert p.year.label == "2017-18"
    assert p.fraction_of_year_elapsed == 0.5
    assert period_containing(date(2017, 9, 15), MONTH, CAL).index_in_year == 9


def test_calendar_year_q1_is_january_to_march() -> None:
    """Calendar-year Q1 2017 runs January to March 2017."""
    p = Period.of(CAL, QUARTER, 2017, 1)
    assert (p.start, p.end) == (date(2017, 1, 1), date(2017, 3, 31))
    assert p.label == "2017 Q1"
    assert p.year.label == "2017"
    assert (p.year.start, p.year.end) == (date(2017, 1, 1), date(2017, 12, 31))


def test_labels_of_each_frequency() -> None:
    """Canonical labels for months, quarters and years on both calendars."""
    assert Period.of(FIN, MONTH, 2017, 6).label == "2017-09"
    assert Period.of(CAL, MONTH, 2017, 9).label == "2017-09"
    assert Period.of(FIN, YEAR, 2017).label == "2017-18"
    assert Period.of(FIN, YEAR, 1999).label == "1999-00"
    assert Period.of(CAL, YEAR, 2017).label == "2017"
    assert Period.of(CAL, QUARTER, 2017, 2).label == "2017 Q2"


def test_financial_year_subperiods() -> None:
    """2017-18 divides into quarters and months from April 2017 to March 2018."""
    year = Period.of(FIN, YEAR, 2017)
    assert [q.label for q in year.subperiods(QUARTER)] == [
        "2017-18 Q1", "2017-18 Q2", "2017-18 Q3", "2017-18 Q4",
    ]  # fmt: skip
    months = year.subperiods(MONTH)
    assert [m.label for m in months][:2] == ["2017-04", "2017-05"]
    assert months[-1].label == "2018-03"
    assert fin_q(2017, 2).subperiods(MONTH) == tuple(
        parse_period(t, FIN) for t in ("2017-07", "2017-08", "2017-09")
    )
    assert fin_q(2017, 2).subperiods(QUARTER) == (fin_q(2017, 2),)


def test_subperiods_of_coarser_frequency_is_an_error() -> None:
    """A quarter cannot be divided into years."""
    with pytest.raises(PeriodError, match="quarterly period cannot be divided into annual"):
        fin_q(2017, 2).subperiods(YEAR)


def test_navigation_examples() -> None:
    """next, previous, shift and same_period_last_year cross year boundaries."""
    assert fin_q(2017, 4).next() == fin_q(2018, 1)
    assert fin_q(2018, 1).previous() == fin_q(2017, 4)
    assert fin_q(2017, 2).shift(5) == fin_q(2018, 3)
    assert fin_q(2017, 2).shift(-6) == fin_q(2015, 4)
    assert fin_q(2017, 2).same_period_last_year() == fin_q(2016, 2)
    assert parse_period("2018-03", FIN).next().label == "2018-04"
    assert parse_period("2018-03", FIN).next().year.label == "2018-19"


def test_contains_and_period_containing() -> None:
    """A period contains its first and last days and nothing outside them."""
    p = fin_q(2017, 2)
    assert p.contains(date(2017, 7, 1))
    assert p.contains(date(2017, 9, 30))
    assert not p.contains(date(2017, 6, 30))
    assert not p.contains(date(2017, 10, 1))
    assert period_containing(date(2018, 2, 14), QUARTER, FIN) == fin_q(2017, 4)
    assert period_containing(date(2018, 2, 14), YEAR, FIN).label == "2017-18"
    assert period_containing(date(2018, 2, 14), YEAR, CAL).label == "2018"


def test_periods_order_by_start_and_hash() -> None:
    """Periods sort by date, compare by value and work as dict keys."""
    q1, q2, q3 = fin_q(2017, 1), fin_q(2017, 2), fin_q(2017, 3)
    assert sorted([q3, q1, q2]) == [q1, q2, q3]
    assert q1 < q2 <= q2 < q3
    assert {fin_q(2017, 2): "x"}[parse_period("Q2 2017/18", FIN)] == "x"
    assert Period.of(FIN, MONTH, 2017, 1) != Period.of(CAL, MONTH, 2017, 4)


def test_period_is_frozen() -> None:
    """A period cannot be changed after it is made."""
    p = fin_q(2017, 2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.start = date(2017, 1, 1)  # type: ignore[misc]


def test_constructor_rejects_dates_that_are_not_a_period() -> None:
    """Building a Period directly checks that its dates bound a real period."""
    assert Period(FIN, QUARTER, date(2017, 7, 1), date(2017, 9, 30)) == fin_q(2017, 2)
    with pytest.raises(PeriodError, match="is not a quarterly period on the uk-financial-year"):
        Period(FIN, QUARTER, date(2017, 2, 1), date(2017, 4, 30))
    with pytest.raises(PeriodError, match="2017-07-01 to 2017-09-29 is not"):
        Period(FIN, QUARTER, date(2017, 7, 1), date(2017, 9, 29))


def test_period_of_rejects_bad_index() -> None:
    """Period.of needs an index within the year."""
    with pytest.raises(PeriodError, match="a year has 4 quarterly period"):
        Period.of(FIN, QUARTER, 2017, 5)
    with pytest.raises(PeriodError):
        Period.of(FIN, MONTH, 2017, 0)


def test_dates_beyond_the_supported_range() -> None:
    """Periods past year 9999 (or before year 1) raise PeriodError, not a bare error."""
    assert Period.of(CAL, QUARTER, 9999, 4).end == date(9999, 12, 31)
    with pytest.raises(PeriodError, match="outside the supported dates"):
        Period.of(FIN, YEAR, 9999)
    with pytest.raises(PeriodError, match="outside the supported dates"):
        Period.of(CAL, YEAR, 9999).next()
    with pytest.raises(PeriodError, match="outside the supported dates"):
        period_containing(date(1, 1, 1), YEAR, FIN)
    assert period_containing(date(1, 1, 1), QUARTER, FIN).label == "0000-01 Q4"


# --- parsing: accepted forms ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2017-18 Q2",
        "2017/18 Q2",
        "Q2 2017-18",
        "Q2 2017/18",
        "2017-18-Q2",
        "2017/2018 Q2",
        "2017-2018 Q2",
        "2017-18 q2",
        "q2 2017-18",
        "  2017-18 Q2\t",
        "2017-18  Q2",
    ],
)
def test_parse_financial_quarter_forms(text: str) -> None:
    """Every written form of a financial quarter reads as 2017-18 Q2."""
    assert parse_period(text, FIN) == fin_q(2017, 2)


@pytest.mark.parametrize("text", ["2017 Q2", "Q2 2017", "2017-Q2", "q2 2017", " 2017 Q2 "])
def test_parse_calendar_quarter_forms(text: str) -> None:
    """Every written form of a calendar-year quarter reads as 2017 Q2."""
    p = parse_period(text, CAL)
    assert p == Period.of(CAL, QUARTER, 2017, 2)
    assert (p.start, p.end) == (date(2017, 4, 1), date(2017, 6, 30))


@pytest.mark.parametrize(
    "text", ["2017-09", "Sep 2017", "September 2017", "sep 2017", "SEPT 2017", "Sep-2017"]
)
@pytest.mark.parametrize("calendar", list(Calendar))
def test_parse_month_forms(text: str, calendar: Calendar) -> None:
    """Every written form of a month reads as September 2017 on either calendar."""
    p = parse_period(text, calendar)
    assert p.frequency is MONTH
    assert p.calendar is calendar
    assert (p.start, p.end) == (date(2017, 9, 1), date(2017, 9, 30))


@pytest.mark.parametrize("text", ["2017-18", "2017/18", "2017/2018", "2017-2018", " 2017 / 18 "])
def test_parse_financial_year_forms(text: str) -> None:
    """Every written form of a financial year reads as 2017-18."""
    p = parse_period(text, FIN)
    assert p == Period.of(FIN, YEAR, 2017)
    assert (p.start, p.end) == (date(2017, 4, 1), date(2018, 3, 31))
    assert parse_year(text, FIN) == p


def test_parse_calendar_year() -> None:
    """'2017' is the calendar year 2017."""
    assert parse_period("2017", CAL) == Period.of(CAL, YEAR, 2017)
    assert parse_year(" 2017 ", CAL).end == date(2017, 12, 31)


def test_parse_financial_year_across_a_century() -> None:
    """1999-00 and 1999/2000 are the year starting April 1999."""
    assert parse_period("1999-00", FIN) == Period.of(FIN, YEAR, 1999)
    assert parse_period("1999/2000", FIN) == Period.of(FIN, YEAR, 1999)
    assert parse_period("Q4 1999/00", FIN).end == date(2000, 3, 31)


@pytest.mark.parametrize(
    ("frequency", "label"), [(MONTH, "2017-09"), (QUARTER, "2017-18 Q2"), (YEAR, "2017-18")]
)
def test_parse_date_gives_the_period_containing_it(frequency: Frequency, label: str) -> None:
    """A plain date reads as the period of the given frequency that contains it."""
    assert parse_period("2017-09-30", FIN, frequency).label == label
    assert parse_period(" 2017-09-01 ", FIN, frequency).label == label


def test_label_frequency_wins_over_given_frequency() -> None:
    """A label's own frequency is kept even when another frequency is given."""
    assert parse_period("2017-18 Q2", FIN, MONTH) == fin_q(2017, 2)
    assert parse_period("2017-09", FIN, YEAR).frequency is MONTH


def test_ambiguous_financial_year_or_month() -> None:
    """'2011-12' is a year or December 2011 on the financial calendar: frequency decides."""
    assert parse_period("2011-12", FIN, YEAR) == Period.of(FIN, YEAR, 2011)
    assert parse_period("2011-12", FIN, MONTH).start == date(2011, 12, 1)
    assert parse_period("2011-12", CAL).start == date(2011, 12, 1)
    assert parse_year("2011-12", FIN) == Period.of(FIN, YEAR, 2011)
    message = (
        "cannot read '2011-12' as a period: it could be the year 2011-12 or the month "
        "December 2011; write '2011/12' for the year or 'Dec 2011' for the month, "
        "or give a frequency"
    )
    for frequency in (None, QUARTER):
        with pytest.raises(PeriodError) as info:
            parse_period("2011-12", FIN, frequency)
        assert str(info.value) == message


# --- parsing: errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "calendar", "reason"),
    [
        ("Q5 2017-18", FIN, "there is no quarter 5; quarters run Q1 to Q4"),
        ("2017-18 Q0", FIN, "there is no quarter 0; quarters run Q1 to Q4"),
        ("2017 Q5", CAL, "there is no quarter 5; quarters run Q1 to Q4"),
        ("2017-19", FIN, "there is no month 19, and 2017 and 19 are not consecutive years"),
        ("2017/19", FIN, "2017 and 19 are not consecutive years"),
        ("2017/2019 Q2", FIN, "2017 and 2019 are not consecutive years"),
        ("2017-13", FIN, "there is no month 13, and 2017 and 13 are not consecutive years"),
        ("2017-13", CAL, "there is no month 13"),
        ("2017-00", FIN, "there is no month 00"),
        ("Foo 2017", FIN, "'Foo' is not the name of a month"),
        ("2017 Q2", FIN, "on the uk-financial-year calendar a year is written '2017-18'"),
        ("2017", FIN, "on the uk-financial-year calendar a year is written '2017-18'"),
        ("2017-18 Q2", CAL, "on the calendar-year calendar a year is written '2017'"),
        ("2017/18", CAL, "on the calendar-year calendar a year is written '2017'"),
        ("2017-18", CAL, "there is no month 18"),
    ],
)
def test_parse_errors_with_reasons(text: str, calendar: Calendar, reason: str) -> None:
    """Bad labels raise PeriodError quoting the text, listing the forms and saying why."""
    expected = EXPECTED_FIN if calendar is FIN else EXPECTED_CAL
    with pytest.raises(PeriodError) as info:
        parse_period(text, calendar)
    assert str(info.value) == f"cannot read {text!r} as a period: {expected} ({reason})"


def test_q5_message_matches_documented_example() -> None:
    """The Q5 message starts with the documented wording."""
    with pytest.raises(PeriodError) as info:
        parse_period("Q5 2017-18", FIN)
    assert str(info.value).startswith(
        "cannot read 'Q5 2017-18' as a period: expected a label such as '2017-18 Q2', "
        "'Q2 2017/18', 'Sep 2017', 'Sep-17', '2017-09', '2017-18' or a date such as "
        "'30/09/2017', '30 Sep 2017' or '2017-09-30'"
    )


@pytest.mark.parametrize(
    "text", ["", "   ", "Q2", "2017-18 Q", "17-18 Q2", "2017-9", "last quarter", "2017-18 H1"]
)
def test_parse_errors_without_reason(text: str) -> None:
    """Text that is no label at all gets the plain message."""
    with pytest.raises(PeriodError) as info:
        parse_period(text, FIN)
    assert str(info.value) == f"cannot read {text!r} as a period: {EXPECTED_FIN}"


def test_date_without_frequency_is_an_error() -> None:
    """A plain date with no frequency cannot say which period it means."""
    with pytest.raises(PeriodError) as info:
        parse_period("2017-09-30", FIN)
    assert str(info.value) == (
        "cannot read '2017-09-30' as a period: a date needs a frequency "
        "(monthly, quarterly or annual) to say which period contains it"
    )


def test_impossible_date_is_an_error() -> None:
    """A date-shaped label that is not a real day is an error."""
    with pytest.raises(PeriodError, match=r"cannot read '2017-02-30' as a date: there is no such"):
        parse_period("2017-02-30", FIN, MONTH)


def test_non_text_is_an_error() -> None:
    """A number where a label was expected raises PeriodError, not TypeError."""
    with pytest.raises(PeriodError, match="expected text, not int"):
        parse_period(2017, CAL)  # type: ignore[arg-type]


def test_period_error_is_a_value_error() -> None:
    """PeriodError can be caught as ValueError."""
    with pytest.raises(ValueError, match="cannot read"):
        parse_period("Q9 2017-18", FIN)


@pytest.mark.parametrize(
    ("text", "calendar", "message"),
    [
        ("2017-18 Q2", FIN, "expected a year such as '2017-18', '2017/18' or '2017/2018'"),
        ("2017 Q2", CAL, "expected a year such as '2017'"),
        (
            "2017-18",
            CAL,
            "expected a year such as '2017' "
            "(on the calendar-year calendar a year is written '2017')",
        ),
        (
            "2017-19",
            FIN,
            "expected a year such as '2017-18', '2017/18' or '2017/2018' "
            "(2017 and 19 are not consecutive years)",
        ),
        (
            "2017",
            FIN,
            "expected a year such as '2017-18', '2017/18' or '2017/2018' "
            "(on the uk-financial-year calendar a year is written '2017-18')",
        ),
    ],
)
def test_parse_year_errors(text: str, calendar: Calendar, message: str) -> None:
    """parse_year accepts only year labels."""
    with pytest.raises(PeriodError) as info:
        parse_year(text, calendar)
    assert str(info.value) == f"cannot read {text!r} as a year: {message}"


# --- parse_date -----------------------------------------------------------------------


def test_parse_date_accepts_iso() -> None:
    """parse_date reads YYYY-MM-DD."""
    assert parse_date("2017-09-30") == date(2017, 9, 30)
    assert parse_date(" 2020-02-29 ") == date(2020, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["2017-9-30", "20170930", "2017-09-30T00:00", "2017-09", "", "٢٠١٧-09-30", "Sep 30", "30 Sep"],
)
def test_parse_date_rejects_other_forms(text: str) -> None:
    """parse_date rejects what is not a date in one of its spellings, naming them."""
    with pytest.raises(PeriodError) as info:
        parse_date(text)
    assert str(info.value) == f"cannot read {text!r} as a date: expected {DATES}"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("30/09/2024", date(2024, 9, 30)),
        ("1/4/2024", date(2024, 4, 1)),
        ("01-04-2024", date(2024, 4, 1)),
        ("31.03.2025", date(2025, 3, 31)),
        ("30 Sep 2024", date(2024, 9, 30)),
        ("30 September 2024", date(2024, 9, 30)),
        ("30-Sep-2024", date(2024, 9, 30)),
        ("30-Sep-24", date(2024, 9, 30)),
        ("05/06/2024", date(2024, 6, 5)),  # 5 June: day first, always
    ],
)
def test_parse_date_reads_uk_dates_day_first(text: str, day: date) -> None:
    """UK dates are read day first; a month's name may be short or long."""
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("09/30/2024", "there is no month 30: dates are read day first, as '30/09/2017'"),
        ("30/09/24", "write the year in full, as '30/09/2024'"),
    ],
)
def test_parse_date_refuses_ambiguous_and_american_dates(text: str, reason: str) -> None:
    """A month-first date and a numeric two-digit year are refused, with the spellings."""
    with pytest.raises(PeriodError) as info:
        parse_date(text)
    assert str(info.value) == f"cannot read {text!r} as a date: expected {DATES} ({reason})"


def test_parse_date_refuses_a_day_that_does_not_exist_in_uk_form() -> None:
    """31/02/2024 is no day, whichever spelling."""
    with pytest.raises(PeriodError, match="there is no such day"):
        parse_date("31/02/2024")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Sep-24", "2024-09"),
        ("sep-24", "2024-09"),
        ("Sep 2024", "2024-09"),
        ("Sept. 2024", "2024-09"),
        ("Apr-24", "2024-04"),
        ("Q2 2024/25", "2024-25 Q2"),
        ("2024/25 Q2", "2024-25 Q2"),
    ],
)
def test_parse_period_reads_uk_spreadsheet_labels(text: str, label: str) -> None:
    """The labels officers' spreadsheets use, on the financial year."""
    assert parse_period(text, FIN).label == label


@pytest.mark.parametrize(
    ("text", "frequency", "label"),
    [
        ("30/09/2024", QUARTER, "2024-25 Q2"),
        ("30 Sep 2024", QUARTER, "2024-25 Q2"),
        ("01/01/2025", QUARTER, "2024-25 Q4"),
        ("15/03/2025", MONTH, "2025-03"),
        ("31/03/2025", YEAR, "2024-25"),
    ],
)
def test_parse_period_reads_a_uk_date_as_the_period_containing_it(
    text: str, frequency: Frequency, label: str
) -> None:
    """A UK date is the period of the frequency that holds it (1 Jan 2025 is 2024-25 Q4)."""
    assert parse_period(text, FIN, frequency).label == label


def test_month_then_two_digits_after_a_space_is_refused_as_ambiguous() -> None:
    """'Sep 24' could be 24 September or September 2024: refused, with both spellings."""
    with pytest.raises(PeriodError) as info:
        parse_period("Sep 24", FIN)
    assert str(info.value) == (
        f"cannot read 'Sep 24' as a period: {EXPECTED_FIN} ('Sep 24' could be 24 Sep or "
        "Sep 2024: write 'Sep 2024' or 'Sep-24' for the month)"
    )


def test_parse_date_rejects_impossible_day() -> None:
    """parse_date rejects 29 February in a common year."""
    with pytest.raises(PeriodError, match="there is no such day"):
        parse_date("2017-02-29")


# --- properties -----------------------------------------------------------------------


@given(periods())
def test_label_round_trip(p: Period) -> None:
    """parse_period(p.label) gives p back (with p's frequency to settle '2011-12')."""
    assert parse_period(p.label, p.calendar, p.frequency) == p
    assert parse_period(str(p), p.calendar, p.frequency) == p


@given(periods())
def test_label_round_trip_without_frequency(p: Period) -> None:
    """Labels read back without a frequency unless they are the ambiguous 'YYYY-NN' kind."""
    ambiguous = (
        p.calendar is FIN
        and p.frequency is not QUARTER
        and re.fullmatch(r"[0-9]{4}-[0-9]{2}", p.label) is not None
        and 1 <= int(p.label[5:]) <= 12
        and int(p.label[5:]) == (int(p.label[:4]) + 1) % 100
    )
    if ambiguous:
        with pytest.raises(PeriodError, match="it could be the year"):
            parse_period(p.label, p.calendar)
    else:
        assert parse_period(p.label, p.calendar) == p


@given(periods(QUARTER))
def test_alternative_quarter_forms_round_trip(p: Period) -> None:
    """Every accepted way of writing a quarter reads back as that quarter."""
    y, q = p.year_number, p.index_in_year
    if p.calendar is FIN:
        yy = f"{(y + 1) % 100:02d}"
        forms = [
            f"{y}-{yy} Q{q}", f"{y}/{yy} Q{q}", f"Q{q} {y}-{yy}", f"Q{q} {y}/{yy}",
            f"{y}-{yy}-Q{q}", f"{y}/{y + 1} Q{q}", f"q{q} {y}/{yy}",
        ]  # fmt: skip
    else:
        forms = [f"{y} Q{q}", f"Q{q} {y}", f"q{q} {y}"]
    for form in forms:
        assert parse_period(form, p.calendar) == p


@given(periods(MONTH))
def test_month_name_forms_round_trip(p: Period) -> None:
    """'Sep 2017' and 'September 2017' forms read back as the month."""
    assert parse_period(p.start.strftime("%b %Y"), p.calendar) == p
    assert parse_period(p.start.strftime("%B %Y").upper(), p.calendar) == p


@given(periods())
def test_consecutive_periods_tile_time(p: Period) -> None:
    """The next period starts the day after this one ends, and previous undoes next."""
    assert p.next().start == p.end + timedelta(days=1)
    assert p.next().previous() == p
    assert p < p.next()


@given(periods(), st.integers(min_value=-500, max_value=500))
def test_shift_is_reversible(p: Period, n: int) -> None:
    """shift(n) then shift(-n) returns to the start."""
    assert p.shift(n).shift(-n) == p
    assert p.shift(n).frequency is p.frequency
    assert p.shift(0) == p


@given(days, st.sampled_from(Frequency), st.sampled_from(Calendar))
def test_period_containing_contains(d: date, frequency: Frequency, calendar: Calendar) -> None:
    """The period containing a day contains it, and so does its year."""
    p = period_containing(d, frequency, calendar)
    assert p.contains(d)
    assert p.frequency is frequency
    assert p.calendar is calendar
    assert p.year.contains(d)
    assert parse_period(d.isoformat(), calendar, frequency) == p


@given(periods(YEAR), st.sampled_from(Frequency))
def test_subperiods_of_a_year_tile_it(year: Period, frequency: Frequency) -> None:
    """A year's subperiods start on its first day, end on its last and leave no gaps."""
    parts = year.subperiods(frequency)
    assert len(parts) == frequency.periods_per_year
    assert parts[0].start == year.start
    assert parts[-1].end == year.end
    for a, b in itertools.pairwise(parts):
        assert b.start == a.end + timedelta(days=1)
    assert [part.index_in_year for part in parts] == list(range(1, len(parts) + 1))
    assert all(part.year == year for part in parts)
    assert parts[-1].is_year_end


@given(periods())
def test_same_period_last_year_keeps_index(p: Period) -> None:
    """The same period last year has the same index, one year earlier."""
    last = p.same_period_last_year()
    assert last.index_in_year == p.index_in_year
    assert last.year_number == p.year_number - 1
    assert last.year == p.year.previous()


@given(periods())
def test_fraction_of_year_elapsed(p: Period) -> None:
    """The elapsed fraction is index / periods per year, reaching 1 at the year end."""
    assert p.fraction_of_year_elapsed == p.index_in_year / p.frequency.periods_per_year
    assert 0 < p.fraction_of_year_elapsed <= 1
    assert (p.fraction_of_year_elapsed == 1) == p.is_year_end


@given(periods(), st.integers(min_value=-30, max_value=30))
def test_order_follows_start_date(a: Period, n: int) -> None:
    """Periods of one frequency and calendar order as their start dates do."""
    b = a.shift(n)
    assert (a < b) == (a.start < b.start) == (n > 0)
    assert (a == b) == (a.start == b.start)
