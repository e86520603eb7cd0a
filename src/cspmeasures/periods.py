"""Reporting periods: months, quarters and years on a UK financial or calendar year.

A :class:`Period` is a run of whole days (``start`` to ``end``, both inclusive) of one
:class:`Frequency` on one :class:`Calendar`. On the UK financial year, years start on
1 April, so ``2017-18 Q2`` is 1 July to 30 September 2017; on the calendar year, Q1 is
January to March. Labels are read with :func:`parse_period` and written back by
:attr:`Period.label`. Pure: no I/O.
"""

from __future__ import annotations

import enum
import functools
import re
from calendar import monthrange
from datetime import date
from typing import TypeVar

import attrs

from cspmeasures.errors import PeriodError

__all__ = [
    "PERIOD_WORDS",
    "Calendar",
    "Frequency",
    "Period",
    "parse_date",
    "parse_period",
    "parse_year",
    "period_containing",
]


class Calendar(str, enum.Enum):
    """How years are counted: from 1 April (UK financial year) or from 1 January."""

    UK_FINANCIAL_YEAR = "uk-financial-year"
    CALENDAR_YEAR = "calendar-year"

    @property
    def start_month(self) -> int:
        """The month (1-12) on whose first day each year starts."""
        return 4 if self is Calendar.UK_FINANCIAL_YEAR else 1


class Frequency(str, enum.Enum):
    """How often a measure is reported."""

    MONTH = "monthly"
    QUARTER = "quarterly"
    YEAR = "annual"

    @property
    def adverb(self) -> str:
        """How often, as in "reported annually": monthly, quarterly, annually."""
        return "annually" if self is Frequency.YEAR else self.value

    @property
    def article(self) -> str:
        """The article before the frequency's word: "an annual", "a quarterly"."""
        return "an" if self is Frequency.YEAR else "a"

    @property
    def periods_per_year(self) -> int:
        """12, 4 or 1."""
        return _PERIODS_PER_YEAR[self]

    @property
    def months(self) -> int:
        """The length of one period in months: 1, 3 or 12."""
        return _MONTHS_PER_PERIOD[self]


PERIOD_WORDS = {
    "year": Frequency.YEAR,
    "annum": Frequency.YEAR,
    "annually": Frequency.YEAR,
    "annual": Frequency.YEAR,
    "quarter": Frequency.QUARTER,
    "quarterly": Frequency.QUARTER,
    "month": Frequency.MONTH,
    "monthly": Frequency.MONTH,
}
"""The words that name the period of an amount ("840 assessments per annum", ``per: year``)."""

_PERIODS_PER_YEAR = {Frequency.MONTH: 12, Frequency.QUARTER: 4, Frequency.YEAR: 1}
_MONTHS_PER_PERIOD = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.YEAR: 12}


class _OutOfRange(PeriodError):
    """A period beyond the dates Python can represent."""


def _period_number(calendar: Calendar, frequency: Frequency, day: date) -> int:
    """The number of whole periods from the start of year 0 to the period holding ``day``."""
    months = day.year * 12 + day.month - calendar.start_month
    return months // frequency.months


def _bounds(calendar: Calendar, frequency: Frequency, number: int) -> tuple[date, date]:
    """The first and last day of period ``number`` (see :func:`_period_number`)."""
    first_month = number * frequency.months + calendar.start_month - 1  # months since 0000-01
    start_year, start_month0 = divmod(first_month, 12)
    end_year, end_month0 = divmod(first_month + frequency.months - 1, 12)
    try:
        last_day = monthrange(end_year, end_month0 + 1)[1] if 1 <= end_year <= 9999 else 0
        return date(start_year, start_month0 + 1, 1), date(end_year, end_month0 + 1, last_day)
    except (ValueError, OverflowError):
        raise _OutOfRange(
            f"that {frequency.value} period is outside the supported dates (years 1 to 9999)"
        ) from None


@functools.lru_cache(maxsize=1 << 16)
def _from_number(calendar: Calendar, frequency: Frequency, number: int) -> Period:
    # Periods are immutable, so the same object can be handed out again: evaluation asks
    # for the same few periods many times over.
    start, end = _bounds(calendar, frequency, number)
    return Period(calendar, frequency, start, end)


def _year_label(calendar: Calendar, year: int) -> str:
    if calendar is Calendar.UK_FINANCIAL_YEAR:
        return f"{year:04d}-{(year + 1) % 100:02d}"
    return f"{year:04d}"


@attrs.frozen(order=False, cache_hash=True)
class Period:
    """One month, quarter or year on a calendar: ``start`` to ``end``, both inclusive.

    Periods order by their dates and are hashable. Construct one with
    :meth:`Period.of`, :func:`period_containing` or :func:`parse_period`; building one
    directly checks that ``start`` and ``end`` bound a real period.
    """

    calendar: Calendar = attrs.field(validator=attrs.validators.instance_of(Calendar))
    frequency: Frequency = attrs.field(validator=attrs.validators.instance_of(Frequency))
    start: date = attrs.field(validator=attrs.validators.instance_of(date))
    end: date = attrs.field(validator=attrs.validators.instance_of(date))

    def __attrs_post_init__(self) -> None:
        number = _period_number(self.calendar, self.frequency, self.start)
        if _bounds(self.calendar, self.frequency, number) != (self.start, self.end):
            raise PeriodError(
                f"{self.start.isoformat()} to {self.end.isoformat()} is not a "
                f"{self.frequency.value} period on the {self.calendar.value} calendar"
            )

    @classmethod
    def of(cls, calendar: Calendar, frequency: Frequency, year: int, index: int = 1) -> Period:
        """The ``index``-th (1-based) period of ``frequency`` in the year starting in ``year``.

        ``Period.of(Calendar.UK_FINANCIAL_YEAR, Frequency.QUARTER, 2017, 2)`` is 2017-18 Q2.
        """
        per_year = frequency.periods_per_year
        if not 1 <= index <= per_year:
            raise PeriodError(
                f"a year has {per_year} {frequency.value} period(s); {index} is not one of them"
            )
        return _from_number(calendar, frequency, year * per_year + index - 1)

    @property
    def _number(self) -> int:
        return _period_number(self.calendar, self.frequency, self.start)

    # Periods order by their dates alone (start, then end), written out: evaluation
    # compares periods in its inner loops.
    def __lt__(self, other: Period) -> bool:
        return (self.start, self.end) < (other.start, other.end)

    def __le__(self, other: Period) -> bool:
        return (self.start, self.end) <= (other.start, other.end)

    def __gt__(self, other: Period) -> bool:
        return (self.start, self.end) > (other.start, other.end)

    def __ge__(self, other: Period) -> bool:
        return (self.start, self.end) >= (other.start, other.end)

    @property
    def year_number(self) -> int:
        """The calendar year in which this period's year starts (2017 for 2017-18)."""
        return self._number // self.frequency.periods_per_year

    @property
    def index_in_year(self) -> int:
        """1-based position in its year: 2 for Q2; 6 for September on the financial year."""
        return self._number % self.frequency.periods_per_year + 1

    @property
    def label(self) -> str:
        """The canonical label: ``2017-18 Q2``, ``2017 Q2``, ``2017-09``, ``2017-18``, ``2017``."""
        return _label(self)

    def _label(self) -> str:
        if self.frequency is Frequency.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        year = _year_label(self.calendar, self.year_number)
        if self.frequency is Frequency.QUARTER:
            return f"{year} Q{self.index_in_year}"
        return year

    @property
    def year(self) -> Period:
        """The annual period that contains this one."""
        return _from_number(self.calendar, Frequency.YEAR, self.year_number)

    @property
    def fraction_of_year_elapsed(self) -> float:
        """The share of its year passed by this period's end: index_in_year / periods_per_year."""
        return self.index_in_year / self.frequency.periods_per_year

    @property
    def is_year_end(self) -> bool:
        """Whether this is the last period of its year."""
        return self.index_in_year == self.frequency.periods_per_year

    def shift(self, n: int) -> Period:
        """The period ``n`` periods later (earlier when ``n`` is negative), same frequency."""
        return _shifted(self, n)

    def previous(self) -> Period:
        """The period just before this one."""
        return self.shift(-1)

    def next(self) -> Period:
        """The period just after this one."""
        return self.shift(1)

    def same_period_last_year(self) -> Period:
        """The period with the same position in the year before."""
        return self.shift(-self.frequency.periods_per_year)

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls within this period."""
        return self.start <= day <= self.end

    def subperiods(self, frequency: Frequency) -> tuple[Period, ...]:
        """The periods of ``frequency`` (as fine or finer) that tile this one, in order."""
        return _subperiods(self, frequency)

    def _subperiods(self, frequency: Frequency) -> tuple[Period, ...]:
        if frequency.periods_per_year < self.frequency.periods_per_year:
            raise PeriodError(
                f"a {self.frequency.value} period cannot be divided into {frequency.value} periods"
            )
        first = _period_number(self.calendar, frequency, self.start)
        count = self.frequency.months // frequency.months
        return tuple(_from_number(self.calendar, frequency, first + i) for i in range(count))

    def __str__(self) -> str:
        return self.label


@functools.lru_cache(maxsize=1 << 16)
def _shifted(period: Period, n: int) -> Period:
    return _from_number(period.calendar, period.frequency, period._number + n)


@functools.lru_cache(maxsize=1 << 14)
def _label(period: Period) -> str:
    return period._label()


@functools.lru_cache(maxsize=1 << 14)
def _subperiods(period: Period, frequency: Frequency) -> tuple[Period, ...]:
    return period._subperiods(frequency)


@functools.lru_cache(maxsize=1 << 14)
def period_containing(day: date, frequency: Frequency, calendar: Calendar) -> Period:
    """The period of ``frequency`` on ``calendar`` that contains ``day``."""
    return _from_number(calendar, frequency, _period_number(calendar, frequency, day))


# --- reading labels -------------------------------------------------------------------

_FLAGS = re.IGNORECASE | re.ASCII
_SEP = r"(?:\s+|\s*-\s*)"
_TWO_YEARS = r"(?P<y1>[0-9]{4})\s*[-/]\s*(?P<y2>[0-9]{4}|[0-9]{2})"
_QUARTER = r"q(?P<q>[0-9]+)"

_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})", _FLAGS)
_YEAR_DASH_NN = re.compile(r"(?P<y>[0-9]{4})-(?P<nn>[0-9]{2})", _FLAGS)
_TWO_YEARS_ONLY = re.compile(_TWO_YEARS, _FLAGS)
_ONE_YEAR = re.compile(r"(?P<y>[0-9]{4})", _FLAGS)
_QUARTER_FORMS = (
    re.compile(_TWO_YEARS + _SEP + _QUARTER, _FLAGS),
    re.compile(_QUARTER + _SEP + _TWO_YEARS, _FLAGS),
    re.compile(r"(?P<y1>[0-9]{4})" + _SEP + _QUARTER, _FLAGS),
    re.compile(_QUARTER + _SEP + r"(?P<y1>[0-9]{4})", _FLAGS),
)
#: a month by name: Sep 2017, September 2017, Sep-17 (a two-digit year only after a dash:
#: 'Sep 17' could be the 17th)
_MONTH_NAMED = re.compile(
    r"(?P<name>[a-z]+)\.?(?:" + _SEP + r"(?P<y>[0-9]{4})|\s*-\s*(?P<yy>[0-9]{2}))", _FLAGS
)
_MONTH_SPACE_NN = re.compile(r"(?P<name>[a-z]+)\.?\s+(?P<nn>[0-9]{1,2})", _FLAGS)
#: a UK date, day first: 30/09/2017, 30-09-2017, 30.09.2017 (the year in full)
_DAY_FIRST = re.compile(
    r"(?P<d>[0-9]{1,2})\s*(?P<sep>[/.-])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*(?P<y>[0-9]+)", _FLAGS
)
#: a date with the month named: 30 Sep 2017, 30 September 2017, 30-Sep-2017, 30-Sep-17
_DAY_MONTH_NAMED = re.compile(
    r"(?P<d>[0-9]{1,2})" + _SEP + r"(?P<name>[a-z]+)\.?" + _SEP + r"(?P<y>[0-9]{4}|[0-9]{2})",
    _FLAGS,
)

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9

_DATES_EXPECTED = "a date such as '30/09/2017', '30 Sep 2017' or '2017-09-30'"
_EXPECTED = {
    Calendar.UK_FINANCIAL_YEAR: (
        "expected a label such as '2017-18 Q2', 'Q2 2017/18', 'Sep 2017', 'Sep-17', "
        f"'2017-09', '2017-18' or {_DATES_EXPECTED}"
    ),
    Calendar.CALENDAR_YEAR: (
        "expected a label such as '2017 Q2', 'Q2 2017', 'Sep 2017', 'Sep-17', '2017-09', "
        f"'2017' or {_DATES_EXPECTED}"
    ),
}
_YEARS_WRITTEN = {
    Calendar.UK_FINANCIAL_YEAR: "on the uk-financial-year calendar a year is written '2017-18'",
    Calendar.CALENDAR_YEAR: "on the calendar-year calendar a year is written '2017'",
}


class _Unreadable(Exception):
    """Internal: the text is not a label; ``reason`` says why, when known."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason


def _financial_year(calendar: Calendar, y1: str, y2: str) -> int:
    """The starting year of the financial year written ``y1``-``y2``, checked."""
    if calendar is not Calendar.UK_FINANCIAL_YEAR:
        raise _Unreadable(_YEARS_WRITTEN[calendar])
    first, second = int(y1), int(y2)
    consecutive = second == first + 1 if len(y2) == 4 else second == (first + 1) % 100
    if not consecutive:
        raise _Unreadable(f"{y1} and {y2} are not consecutive years")
    return first


def _calendar_year(calendar: Calendar, y: str) -> int:
    if calendar is not Calendar.CALENDAR_YEAR:
        raise _Unreadable(_YEARS_WRITTEN[calendar])
    return int(y)


def _quarter(q: str) -> int:
    index = int(q)
    if not 1 <= index <= 4:
        raise _Unreadable(f"there is no quarter {q}; quarters run Q1 to Q4")
    return index


def _month(year: int, month: int, written: str) -> Period:
    if not 1 <= month <= 12:
        raise _Unreadable(f"there is no month {written}")
    if year < 1:
        raise _Unreadable("year 0000 is outside the supported dates (years 1 to 9999)")
    return period_containing(date(year, month, 1), Frequency.MONTH, Calendar.CALENDAR_YEAR)


def _on(calendar: Calendar, period: Period) -> Period:
    """A month read without reference to a calendar, placed on ``calendar``."""
    return period_containing(period.start, period.frequency, calendar)


def _year_dash_nn(
    text: str, y: str, nn: str, calendar: Calendar, frequency: Frequency | None
) -> Period:
    """``YYYY-NN``: a month, or on the financial calendar possibly a year (``2011-12``)."""
    year, number = int(y), int(nn)
    as_month = 1 <= number <= 12
    as_year = calendar is Calendar.UK_FINANCIAL_YEAR and number == (year + 1) % 100
    if as_month and as_year and frequency not in (Frequency.MONTH, Frequency.YEAR):
        raise PeriodError(
            f"cannot read {text!r} as a period: it could be the year {y}-{nn} or the month "
            f"{_MONTH_NAMES[number - 1].capitalize()} {y}; write '{y}/{nn}' for the year or "
            f"'{_MONTH_NAMES[number - 1][:3].capitalize()} {y}' for the month, "
            f"or give a frequency"
        )
    if as_year and (frequency is Frequency.YEAR or not as_month):
        return Period.of(calendar, Frequency.YEAR, year)
    if as_month:
        return _on(calendar, _month(year, number, nn))
    if calendar is Calendar.UK_FINANCIAL_YEAR and number > 12:
        raise _Unreadable(f"there is no month {nn}, and {y} and {nn} are not consecutive years")
    raise _Unreadable(f"there is no month {nn}")


def _read_label(text: str, calendar: Calendar, frequency: Frequency | None) -> Period:
    """Read a label (not a date) or raise :class:`_Unreadable`."""
    m = _YEAR_DASH_NN.fullmatch(text)
    if m:
        return _year_dash_nn(text, m["y"], m["nn"], calendar, frequency)
    for pattern in _QUARTER_FORMS:
        m = pattern.fullmatch(text)
        if m:
            groups = m.groupdict()
            y2 = groups.get("y2")
            if y2 is None:
                year = _calendar_year(calendar, m["y1"])
            else:
                year = _financial_year(calendar, m["y1"], y2)
            return Period.of(calendar, Frequency.QUARTER, year, _quarter(m["q"]))
    m = _TWO_YEARS_ONLY.fullmatch(text)
    if m:
        return Period.of(calendar, Frequency.YEAR, _financial_year(calendar, m["y1"], m["y2"]))
    m = _ONE_YEAR.fullmatch(text)
    if m:
        return Period.of(calendar, Frequency.YEAR, _calendar_year(calendar, m["y"]))
    m = _MONTH_NAMED.fullmatch(text)
    if m:
        year = _full_year(m["y"] or m["yy"])
        return _on(calendar, _month(year, _month_named(m["name"]), m["name"]))
    m = _MONTH_SPACE_NN.fullmatch(text)
    if m and m["name"].lower() in _MONTHS:
        name, nn = m["name"], m["nn"]
        raise _Unreadable(
            f"{text!r} could be {int(nn)} {name} or {name} 20{int(nn):02d}: write "
            f"'{name} 20{int(nn):02d}' or '{name}-{int(nn):02d}' for the month"
        )
    raise _Unreadable()


def _full_year(written: str) -> int:
    """A year as written beside a month's name: ``2017``, or ``17`` for 2017."""
    return 2000 + int(written) if len(written) == 2 else int(written)


def _month_named(name: str) -> int:
    month = _MONTHS.get(name.lower())
    if month is None:
        raise _Unreadable(f"{name!r} is not the name of a month")
    return month


def _is_date(text: str) -> bool:
    """Whether ``text`` is written as a date (which may still name no real day)."""
    return any(p.fullmatch(text) for p in (_DATE, _DAY_FIRST, _DAY_MONTH_NAMED))


_Named = TypeVar("_Named", Calendar, Frequency)


def _member(kind: type[_Named], value: object, argument: str) -> _Named:
    """A Calendar or Frequency, or its name ('uk-financial-year', 'quarterly'); anything
    else is a PeriodError that blames the argument, not the label."""
    try:
        return kind(value)
    except ValueError:
        names = ", ".join(repr(m.value) for m in kind)
        raise PeriodError(
            f"{argument} must be a {kind.__name__} or one of {names}, not {value!r}"
        ) from None


def parse_period(text: str, calendar: Calendar, frequency: Frequency | None = None) -> Period:
    """Read a period label, or a date, as a :class:`Period` on ``calendar``.

    Accepted, case-insensitive, with surrounding whitespace ignored:

    * quarters: ``2017-18 Q2``, ``2017/18 Q2``, ``2017/2018 Q2``, ``2017-18-Q2``,
      ``Q2 2017-18``, ``Q2 2017/18`` (financial year); ``2017 Q2``, ``Q2 2017``
      (calendar year);
    * months: ``2017-09``, ``Sep 2017``, ``September 2017``, ``Sep-17`` (a two-digit
      year is 20YY);
    * years: ``2017-18``, ``2017/18``, ``2017/2018`` (financial); ``2017`` (calendar);
    * a date (any form :func:`parse_date` reads: ``2017-09-30``, ``30/09/2017``,
      ``30 Sep 2017``): the period of ``frequency`` that contains it, so a date needs a
      ``frequency``.

    A label names its own frequency, and that period is returned even when it differs
    from ``frequency``: the caller decides whether that is an error. ``frequency``
    only settles labels that are otherwise ambiguous: on the financial calendar
    ``2011-12`` is both a year and December 2011, and is an error without it.
    Raises :class:`PeriodError`, quoting ``text``, for anything else.
    """
    if not isinstance(text, str):
        raise PeriodError(
            f"cannot read {text!r} as a period: expected text, not {type(text).__name__}"
        )
    calendar = _member(Calendar, calendar, "calendar")
    frequency = None if frequency is None else _member(Frequency, frequency, "frequency")
    stripped = text.strip()
    if _is_date(stripped):
        day = parse_date(stripped)
        if frequency is None:
            raise PeriodError(
                f"cannot read {text!r} as a period: a date needs a frequency "
                f"(monthly, quarterly or annual) to say which period contains it"
            )
        try:
            return period_containing(day, frequency, calendar)
        except _OutOfRange as err:
            raise PeriodError(f"cannot read {text!r} as a period: {err}") from None
    try:
        return _read_label(stripped, calendar, frequency)
    except _OutOfRange as err:
        raise PeriodError(f"cannot read {text!r} as a period: {err}") from None
    except _Unreadable as err:
        reason = f" ({err.reason})" if err.reason else ""
        raise PeriodError(
            f"cannot read {text!r} as a period: {_EXPECTED[calendar]}{reason}"
        ) from None


def parse_year(text: str, calendar: Calendar) -> Period:
    """Read a year label (``2017-18``, ``2017/18``, ``2017/2018``; ``2017``) as an annual period."""
    calendar = _member(Calendar, calendar, "calendar")
    expected = (
        "expected a year such as '2017-18', '2017/18' or '2017/2018'"
        if calendar is Calendar.UK_FINANCIAL_YEAR
        else "expected a year such as '2017'"
    )
    stripped = text.strip() if isinstance(text, str) else ""
    reason = ""
    try:
        m = _TWO_YEARS_ONLY.fullmatch(stripped)
        if m:
            year = _financial_year(calendar, m["y1"], m["y2"])
            return Period.of(calendar, Frequency.YEAR, year)
        m = _ONE_YEAR.fullmatch(stripped)
        if m:
            return Period.of(calendar, Frequency.YEAR, _calendar_year(calendar, m["y"]))
    except _OutOfRange as err:
        reason = f" ({err})"
    except _Unreadable as err:
        reason = f" ({err.reason})" if err.reason else ""
    raise PeriodError(f"cannot read {text!r} as a year: {expected}{reason}")


def parse_date(text: str) -> date:
    """Read a date, day first as written in the UK (surrounding whitespace ignored).

    Accepted: ``2017-09-30`` (ISO), ``30/09/2017``, ``30-09-2017``, ``30.09.2017`` (day,
    month, year in full: always day first), ``30 Sep 2017``, ``30 September 2017``,
    ``30-Sep-2017`` and ``30-Sep-17`` (a two-digit year beside a month's name is 20YY).
    A numeric date with a two-digit year (``30/09/17``) is refused as ambiguous.
    """
    stripped = text.strip() if isinstance(text, str) else ""
    expected = f"expected {_DATES_EXPECTED}"
    try:
        m = _DATE.fullmatch(stripped)
        if m:
            return _day(int(m["y"]), int(m["m"]), int(m["d"]))
        m = _DAY_FIRST.fullmatch(stripped)
        if m:
            if len(m["y"]) != 4:
                raise _Unreadable(
                    f"write the year in full, as '{int(m['d']):02d}/{int(m['m']):02d}/20{m['y'][-2:]}'"
                    if len(m["y"]) == 2
                    else None
                )
            if int(m["m"]) > 12:
                raise _Unreadable(
                    f"there is no month {m['m']}: dates are read day first, as '30/09/2017'"
                )
            return _day(int(m["y"]), int(m["m"]), int(m["d"]))
        m = _DAY_MONTH_NAMED.fullmatch(stripped)
        if m:
            return _day(_full_year(m["y"]), _month_named(m["name"]), int(m["d"]))
    except _Unreadable as err:
        reason = f" ({err.reason})" if err.reason else ""
        raise PeriodError(f"cannot read {text!r} as a date: {expected}{reason}") from None
    except ValueError:
        raise PeriodError(f"cannot read {text!r} as a date: there is no such day") from None
    raise PeriodError(f"cannot read {text!r} as a date: {expected}")


def _day(year: int, month: int, day: int) -> date:
    """The date, or ValueError when there is no such day."""
    return date(year, month, day)
