"""Hypothesis strategies for evaluation tests: whole catalogues and actuals, written as text.

A generated plan is YAML text for ``loads_catalogue`` and CSV or YAML text for
``loads_actuals``, built only from combinations the loaders accept (every draw is valid
input), so a property test sees every target kind, calculation, unit, polarity,
tolerance, data lag, aggregation, frequency, status rule and display setting, with
actuals that have gaps, zero denominators, flags, reported figures, milestone states,
judgements, evidence and history from the year before.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import yaml
from hypothesis import strategies as st

from cspmeasures.periods import Calendar, Frequency, Period

__all__ = [
    "COUNT_UNITS",
    "FAMILIES",
    "Plan",
    "plans",
]

#: count units every generated catalogue declares (all with a plain "s" plural)
COUNT_UNITS = ("incident", "assessment", "campaign", "operation", "complaint", "visit", "referral")
#: the kinds of target a generated measure has
FAMILIES = (
    "threshold",
    "range",
    "amount",
    "change",
    "comparator",
    "benchmark",
    "milestone",
    "judged",
    "all-of",
    "none",
)
YEARS = (2017, 2024)
FREQUENCY_WORDS = {
    Frequency.QUARTER: "quarterly",
    Frequency.MONTH: "monthly",
    Frequency.YEAR: "annual",
}
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Plan:
    """A generated catalogue and its actuals, as the texts the loaders read."""

    catalogue_text: str
    actuals_text: str
    actuals_format: str  # "csv" or "yaml"
    calendar: Calendar
    year: int  # the calendar year in which the plan's year starts
    families: tuple[str, ...]  # each measure's kind of target, in order


# --------------------------------------------------------------------------- numbers


def _permille(k: int) -> str:
    """``753`` -> ``"75.3%"``; ``750`` -> ``"75%"`` (both forms a person writes)."""
    return f"{k // 10}%" if k % 10 == 0 else f"{k // 10}.{k % 10}%"


def _tenths(t: int) -> str:
    """``125`` -> ``"12.5"``, ``-5`` -> ``"-0.5"``, ``40`` -> ``"4"``."""
    return str(Decimal(t).scaleb(-1).normalize()) if t % 10 else str(t // 10)


def _plural(unit: str, n: float) -> str:
    return unit if n == 1 else unit + "s"


def _with_thousands(n: int, draw: st.DrawFn) -> str:
    return f"{n:,}" if n >= 1000 and draw(st.booleans()) else str(n)


@dataclass(frozen=True)
class Scale:
    """A measure's unit and calculation: what its figures and levels look like as text.

    Figures and levels cluster around the measure's ``centre`` (0 to 1000: where in the
    range of its unit the measure sits), so that a figure often lands on, just short of
    or within tolerance of a level, and sometimes exactly on it.
    """

    unit: str  # "percent", a count unit, "day" or "" (a plain number)
    calc: str  # value, count, ratio, rate, reduction
    per: int = 0  # the base of a rate
    centre: int = 500
    #: percentages in tenths of a percent (1) or whole percents (10), plain numbers in
    #: tenths or units: whole ones make figures land exactly on levels more often
    step: int = 1
    #: the largest denominator of a ratio or reduction: small cohorts have wide intervals
    cohort: int = 40

    @property
    def percent(self) -> bool:
        return self.unit == "percent"

    def _near(self, draw: st.DrawFn, top: int, spread: int, bottom: int = 0) -> int:
        """A whole number near the centre, scaled to ``bottom..top``."""
        middle = bottom + (top - bottom) * self.centre // 1000
        return min(max(middle + draw(st.integers(-spread, spread)), bottom), top)

    def _fine(self, draw: st.DrawFn, top: int, spread: int, bottom: int = 0) -> int:
        """:meth:`_near` in tenths, on the scale's step."""
        n = self._near(draw, top, spread, bottom)
        return n - n % self.step

    def _count(self, draw: st.DrawFn) -> int:
        return self._near(draw, 40, 6)

    def _rate_tenths(self, draw: st.DrawFn) -> int:
        """A rate near the centre, in tenths (per 1,000) or units (per 100,000)."""
        return self._near(draw, 150, 15) if self.per == 1000 else self._near(draw, 1500, 150)

    def level(self, draw: st.DrawFn, *, low: int = 0, wide: bool = False) -> str:
        """A level in the measure's unit, in the range its figures take (``wide``: up to
        three times as far from the centre, where a ratio's interval ends)."""
        if self.percent:
            return _permille(self._fine(draw, 1000, 240 if wide else 80))
        if self.calc == "rate":
            level = self._rate_tenths(draw)
            return _tenths(level) if self.per == 1000 else str(level)
        if self.unit == "day":
            n = self._near(draw, 30, 4)
            forms = [str(n), f"{n} {_plural('day', n)}"]
            if n and n % 7 == 0:
                forms.append(f"{n // 7} {_plural('week', n // 7)}")
            return draw(st.sampled_from(forms))
        if self.unit in COUNT_UNITS:
            n = self._count(draw)
            return draw(st.sampled_from([str(n), f"{n} {_plural(self.unit, n)}"]))
        if self.calc == "count":
            return str(self._count(draw))
        return _tenths(self._fine(draw, 600, 60, -50 if low < 0 else 0))

    def amount(self, draw: st.DrawFn, periods: int) -> int:
        """An amount over ``periods`` periods, about what the figures add up to."""
        return max(self._near(draw, 40, 0), 5) * periods * draw(st.integers(80, 130)) // 100

    def difference(self, draw: st.DrawFn) -> str:
        """An absolute difference (a tolerance or a change) in the measure's unit."""
        if self.percent:
            return f"{_tenths(draw(st.integers(0, 100)))} percentage points"
        if self.unit == "day":
            n = draw(st.integers(0, 7))
            return f"{n} {_plural('day', n)}"
        if self.unit in COUNT_UNITS:
            n = draw(st.integers(0, 10))
            return draw(st.sampled_from([str(n), f"{n} {_plural(self.unit, n)}"]))
        if self.calc == "rate" and self.per != 1000:
            return str(draw(st.integers(0, 200)))
        return _tenths(draw(st.integers(0, 60)))

    def figure(self, draw: st.DrawFn) -> dict[str, str]:
        """One period's figure as actuals cells (a value, or a numerator and denominator)."""
        if self.calc in ("ratio", "reduction"):
            den = 0 if draw(st.integers(0, 9)) == 9 else draw(st.integers(1, self.cohort))
            share = self._near(draw, 1000, 120)  # the ratio, or the reduction from -50%
            if self.calc == "ratio":
                num = den * share // 1000
            else:
                num = max(den - den * (share * 3 // 2 - 500) // 1000, 0)
            return {"numerator": str(num), "denominator": str(den)}
        if self.calc == "rate":
            den = draw(st.integers(2000, 60000))
            per_tenth = self.per * 10 if self.per == 1000 else self.per
            num = self._rate_tenths(draw) * den // per_tenth
            return {"numerator": str(num), "denominator": _with_thousands(den, draw)}
        if self.percent:
            return {"value": _permille(self._fine(draw, 1000, 80))}
        if self.calc == "count" or self.unit in COUNT_UNITS:
            return {"value": _with_thousands(self._count(draw), draw)}
        if self.unit == "day":
            return {"value": str(self._near(draw, 30, 4))}
        return {"value": _tenths(self._fine(draw, 600, 60, -50))}

    def reported(self, draw: st.DrawFn, cells: dict[str, str]) -> str:
        """A figure as a report printed it: right at some precision, wrong, or not a number."""
        choice = draw(st.integers(0, 3))
        if choice == 0:
            return draw(st.sampled_from(["n/a", "see note", "about 40"]))
        if choice == 1:
            return draw(st.sampled_from(["0", "12%", "16", "99.9%", "1,234"]))
        if "value" in cells:
            true = Decimal(cells["value"].rstrip("%").replace(",", ""))
        else:
            num = Decimal(cells["numerator"])
            den = Decimal(cells["denominator"].replace(",", ""))
            if den == 0:
                return "0%" if self.percent else "0"
            if self.calc == "ratio":
                true = num / den * 100
            elif self.calc == "reduction":
                true = (den - num) / den * 100
            else:
                true = num / den * self.per
        places = draw(st.integers(0, 2))
        text = str(true.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
        return text + ("%" if self.percent else "")


# --------------------------------------------------------------------------- periods


def _year_label(calendar: Calendar, year: int) -> str:
    if calendar is Calendar.UK_FINANCIAL_YEAR:
        return f"{year}-{(year + 1) % 100:02d}"
    return str(year)


def _period_text(period: Period, draw: st.DrawFn) -> str:
    """A period's label in one of the forms the actuals accept."""
    if period.frequency is Frequency.MONTH:
        start = period.start
        return draw(
            st.sampled_from(
                [period.label, f"{_MONTH_NAMES[start.month - 1]} {start.year}", start.isoformat()]
            )
        )
    year = period.year_number
    if period.frequency is Frequency.YEAR:
        if period.calendar is Calendar.UK_FINANCIAL_YEAR:
            return draw(st.sampled_from([period.label, f"{year}/{(year + 1) % 100:02d}"]))
        return period.label
    index = period.index_in_year
    if period.calendar is Calendar.UK_FINANCIAL_YEAR:
        yy = f"{(year + 1) % 100:02d}"
        forms = [
            period.label,
            f"{year}/{yy} Q{index}",
            f"Q{index} {year}-{yy}",
            f"{year}/{year + 1} Q{index}",
        ]
    else:
        forms = [period.label, f"Q{index} {year}"]
    return draw(st.sampled_from(forms))


def _periods(calendar: Calendar, frequency: Frequency, year: int) -> list[Period]:
    """The periods of the plan's year and the year before, in order."""
    first = Period.of(calendar, frequency, year - 1)
    count = 2 * frequency.periods_per_year
    return [first.shift(i) for i in range(count)]


def _year_dates(calendar: Calendar, year: int) -> tuple[dt.date, dt.date]:
    start = Period.of(calendar, Frequency.YEAR, year)
    return start.start, start.end


# --------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class MeasureSpec:
    """One generated measure: its YAML mapping and what its actuals rows may carry."""

    entry: dict[str, Any]
    frequency: Frequency
    scale: Scale
    figures: bool  # rows carry figures
    states: bool  # rows may carry milestone states
    judgements: bool  # rows may carry judgements
    family: str
    common: bool  # an everyday measure, whose rows are usually clean


_COMPARATORS = (("kent", "Kent"), ("england", "England"), ("family", "Most similar CSPs"))


def _allowed_ops(scale: Scale, level: str) -> list[str]:
    """The operators that make a threshold at ``level`` neither impossible nor always met
    (the loader refuses both): not '>= 0%' or '< 0' where figures are never negative, not
    '> 100%' or '<= 100%' on a ratio or reduction."""
    ops = [">=", ">", "<=", "<"]
    number = _level_number(level)
    if number == 0 and (scale.percent or scale.calc in ("count", "rate")):
        ops = [op for op in ops if op not in (">=", "<")]
    if number == 100 and scale.calc in ("ratio", "reduction"):
        ops = [op for op in ops if op not in (">", "<=")]
    return ops


def _threshold_text(draw: st.DrawFn, scale: Scale, polarity: str) -> str | dict[str, str]:
    level = scale.level(draw)
    allowed = _allowed_ops(scale, level)
    words = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}
    forms: list[str | dict[str, str]] = []
    for op in allowed:
        forms += [f"{op} {level}", f"{words[op]} {level}", {words[op].replace(" ", "_"): level}]
    bare = ">=" if polarity.startswith("higher") else "<="
    if polarity.startswith(("higher", "lower")) and bare in allowed:
        forms.append(level)  # a bare level takes its direction from the polarity
    return draw(st.sampled_from(forms))


def _milestone(draw: st.DrawFn, calendar: Calendar, year: int) -> str | dict[str, str]:
    start, end = _year_dates(calendar, year)
    what = draw(st.sampled_from(["Partnership plan implemented", "New services in place"]))
    due = draw(st.dates(start - dt.timedelta(days=45), end + dt.timedelta(days=60)))
    forms: list[str | dict[str, str]] = [
        {"milestone": what},
        {"milestone": what, "due": due.isoformat()},
        f"{what} by {due.isoformat()}",
        f"{what} due {due.isoformat()}",
    ]
    return draw(st.sampled_from(forms))


def _judged(draw: st.DrawFn) -> str | dict[str, str]:
    forms: list[str | dict[str, str]] = [
        "judged",
        {"judged": "Partners share data to identify vulnerable people."},
    ]
    return draw(st.sampled_from(forms))


def _baseline(
    draw: st.DrawFn,
    scale: Scale,
    frequency: Frequency,
    calendar: Calendar,
    year: int,
    ident: str,
    common: bool,
) -> dict[str, str]:
    """A baseline declared with a value, or taken from a period of the actuals."""
    entry: dict[str, str] = {"id": ident}
    if draw(st.booleans()):
        entry["label"] = draw(st.sampled_from(["December 2015", "Last year's outturn"]))
    kind = "value" if common else draw(st.sampled_from(["value"] * 3 + ["period", "year", "now"]))
    if kind == "value":
        entry["value"] = scale.level(draw, low=-1)  # a plain number may be negative
    elif kind == "year":
        label = _year_label(calendar, year - 1)
        if calendar is Calendar.UK_FINANCIAL_YEAR and draw(st.booleans()):
            label = f"{year - 1}/{year % 100:02d}"
        entry["period"] = label
    else:
        periods = _periods(calendar, frequency, year)
        half = len(periods) // 2
        # a period of the plan's year, but not the year itself (which the loader refuses)
        now = [p for p in periods[half:] if p.frequency is not Frequency.YEAR]
        pool = periods[:half] if kind == "period" or not now else now
        entry["period"] = draw(st.sampled_from(pool)).label
    return entry


@st.composite
def measure_specs(
    draw: st.DrawFn,
    index: int,
    calendar: Calendar,
    year: int,
    common: bool = False,
    families: tuple[str, ...] = FAMILIES,
) -> MeasureSpec:
    """One measure of any family, with a coherent unit, calculation and polarity.

    ``common`` keeps to the everyday measure: a value, count or ratio, point in time (any
    aggregation for an amount), judged unrounded, with no status rules, baselines given as
    numbers, usually a tolerance and usually clean rows."""
    family = draw(st.sampled_from(families))
    frequency = draw(
        st.sampled_from([Frequency.QUARTER] * 6 + [Frequency.MONTH] * 3 + [Frequency.YEAR])
    )
    entry: dict[str, Any] = {
        "id": f"m{index}-{family}",
        "title": f"Measure {index}: {family.replace('-', ' ')}",
        "theme": draw(st.sampled_from(["safety", "offending"])),
    }

    # the calculation and unit
    if family == "amount":
        calc = draw(st.sampled_from(["count", "value"]))
        unit = draw(st.sampled_from(COUNT_UNITS))
    elif family in ("milestone", "judged"):
        calc = "value"
        unit = draw(st.sampled_from(["", "percent", "incident"]))
    else:
        calc = draw(
            st.sampled_from(
                ["value", "count", "ratio"]
                if common
                else ["value"] * 3 + ["count"] * 2 + ["ratio"] * 3 + ["rate", "reduction"]
            )
        )
        if calc in ("ratio", "reduction"):
            unit = "percent"
        elif calc == "count":
            unit = draw(st.sampled_from(["", *COUNT_UNITS]))
        elif calc == "rate":
            unit = ""
        else:
            unit = draw(st.sampled_from(["percent", "percent", "", "day", *COUNT_UNITS[:3]]))
    per = draw(st.sampled_from([1000, 100000])) if calc == "rate" else 0
    scale = Scale(
        unit,
        calc,
        per,
        centre=draw(st.integers(0, 1000)),
        step=draw(st.sampled_from([1, 10])),
        cohort=draw(st.sampled_from([40, 400, 5000])),
    )
    if unit:
        entry["unit"] = draw(st.sampled_from(["percent", "%"])) if unit == "percent" else unit
    if calc == "count":
        entry["value"] = "count"
    elif calc == "ratio":
        entry["value"] = draw(st.sampled_from(["reoffended / cohort", "responded/applications"]))
    elif calc == "rate":
        entry["value"] = (
            f"offences per {per:,} population"
            if draw(st.booleans())
            else f"offences per {per} population"
        )
    elif calc == "reduction":
        entry["value"] = "reduction(before, during)"
    elif draw(st.booleans()):
        entry["value"] = "value"

    directed = draw(st.sampled_from(["higher", "higher-is-better", "lower", "lower-is-better"]))
    states = judgements = False
    baselines: list[dict[str, str]] = []
    comparators: list[dict[str, str]] = []

    # the target, and the polarity it allows
    if family == "threshold":
        polarity = directed
        target: Any = _threshold_text(draw, scale, polarity)
    elif family == "range":
        polarity = "in-range"
        low, high = sorted([scale.level(draw), scale.level(draw)], key=_level_number)
        target = draw(st.sampled_from([f"between {low} and {high}", {"between": [low, high]}]))
    elif family == "amount":
        polarity = directed
        per_word = draw(
            st.sampled_from(
                [w for w, f in (("year", 1), ("quarter", 4), ("month", 12))
                 if f <= frequency.periods_per_year]
            )
        )  # fmt: skip
        span_periods = (
            frequency.periods_per_year // {"year": 1, "quarter": 4, "month": 12}[per_word]
        )
        amount = scale.amount(draw, span_periods)
        amount_text = f"{amount} {_plural(unit, amount)}"
        profile = draw(st.sampled_from(["even", "due-at-end", "explicit", "text", "text-due"]))
        if profile == "text":
            target = f"{amount_text} per {per_word}"
        elif profile == "text-due":
            target = f"{amount_text} per {per_word} due at end"
        elif profile == "explicit":
            shares = draw(st.lists(st.integers(0, 4), min_size=span_periods, max_size=span_periods))
            if not any(shares):
                shares[-1] = 1
            target = {"amount": amount_text, "per": per_word, "profile": [str(s) for s in shares]}
        else:
            target = {"amount": amount_text, "per": per_word, "profile": profile}
    elif family == "change":
        polarity = directed
        # the direction the polarity calls better (the loader refuses the other)
        direction = "reduce" if polarity.startswith("lower") else "increase"
        noun = {"reduce": draw(st.sampled_from(["reduction", "decrease"])), "increase": "increase"}[
            direction
        ]
        size_kind = draw(st.sampled_from(["relative", "absolute", "any"]))
        if size_kind == "relative":
            size = f"{draw(st.integers(0, 30))}%"
        elif size_kind == "absolute":
            size = scale.difference(draw)
        else:
            size = None
        has_baseline = draw(st.integers(0, 9)) < 9
        ident = draw(st.sampled_from(["b1", "dec-2015", "last-year"]))
        if has_baseline:
            baselines.append(_baseline(draw, scale, frequency, calendar, year, ident, common))
        if draw(st.booleans()) and has_baseline:
            target = {direction: size or "any", "baseline": ident}
        else:
            words = f"{size} {noun}" if size else direction
            target = f"{words} on {ident}" if has_baseline else words
    elif family == "comparator":
        polarity = draw(st.sampled_from([directed, "none"]))
        relation = draw(st.sampled_from(["better than", "no worse than", "similar to"]))
        comparators = _comparators(draw, scale)
        ident, name = draw(
            st.sampled_from([(c["id"], c.get("name", c["id"])) for c in comparators])
        )
        referred = draw(st.sampled_from([ident, name]))
        if draw(st.booleans()):
            target = {relation.replace(" ", "_"): referred}
        else:
            target = f"{relation} {referred}"
    elif family == "benchmark":
        polarity = draw(st.sampled_from([directed, "none"]))
        ident = draw(st.sampled_from(["dec-2015", "base"]))
        baselines.append(_baseline(draw, scale, frequency, calendar, year, ident, common))
        target = draw(st.sampled_from([f"benchmark {ident}", {"benchmark": ident}]))
    elif family == "milestone":
        polarity = draw(st.sampled_from([directed, "none", "in-range"]))
        target = _milestone(draw, calendar, year)
        states = True
    elif family == "judged":
        polarity = draw(st.sampled_from([directed, "none", "in-range"]))
        target = _judged(draw)
        judgements = True
    elif family == "all-of":
        polarity = draw(st.sampled_from([directed, "none"]))
        kinds = draw(
            st.lists(st.sampled_from(["milestone", "threshold", "judged"]), min_size=2, max_size=3)
        )
        parts: list[Any] = []
        # thresholds on one side, so that together they can be met (and never always are)
        side = (
            [">=", ">"]
            if polarity.startswith("higher") or (polarity == "none" and draw(st.booleans()))
            else ["<=", "<"]
        )
        for kind in kinds:
            if kind == "milestone":
                parts.append(_milestone(draw, calendar, year))
                states = True
            elif kind == "judged":
                parts.append(_judged(draw))
                judgements = True
            else:
                level = scale.level(draw)
                ops = [op for op in _allowed_ops(scale, level) if op in side]
                parts.append(f"{draw(st.sampled_from(ops))} {level}")
        target = {"all_of": parts}
    else:
        polarity = draw(st.sampled_from([directed, "none"]))
        target = draw(st.sampled_from(["none", "monitor", "monitor only", "None"]))
    entry["polarity"] = polarity
    if (
        family != "comparator"
        and family not in ("milestone", "judged")
        and draw(st.integers(0, 3)) == 3
    ):
        comparators = _comparators(draw, scale)  # shown in the result's comparison text
    if baselines:
        entry["baselines"] = baselines
    if comparators:
        entry["comparators"] = comparators
    entry["target"] = target

    # the other keys
    if frequency is not Frequency.QUARTER or draw(st.booleans()):
        entry["frequency"] = FREQUENCY_WORDS[frequency]
    aggregation = draw(
        st.sampled_from(
            ["", "point-in-time"]
            if common and family != "amount"
            else ["", "", "", "point-in-time", "year-to-date", "cumulative", "rolling-12-months"]
        )
    )
    if aggregation:
        entry["aggregation"] = aggregation
    tolerance = draw(
        st.sampled_from(
            ["absolute", "relative", "absolute", ""] if common else ["", "", "absolute", "relative"]
        )
    )
    if tolerance == "absolute":
        entry["tolerance"] = scale.difference(draw)
    elif tolerance == "relative":
        entry["tolerance"] = f"{draw(st.integers(0, 25))}% of target"
    lag = draw(st.integers(0, 2))
    if lag or draw(st.booleans()):
        months = lag * frequency.months
        forms = [str(lag)]
        if frequency is Frequency.QUARTER:
            forms += [f"{lag} {_plural('quarter', lag)}", f"{months} months"]
        elif frequency is Frequency.MONTH:
            forms.append(f"{lag} {_plural('month', lag)}")
        else:
            forms.append(f"{lag} {_plural('year', lag)}")
        entry["data_lag"] = draw(st.sampled_from(forms))
    if draw(st.integers(0, 2)) == 0:
        entry["decimals"] = str(draw(st.integers(0, 3)))
    if draw(st.integers(0, 4)) == 4:
        entry["judge_on"] = draw(
            st.sampled_from(["unrounded"] if common else ["rounded", "unrounded"])
        )
    if not common and draw(st.integers(0, 4)) == 4:
        entry["status_rules"] = _status_rules(draw, scale, calendar, year)
    figures = family not in ("milestone", "judged") or draw(st.integers(0, 3)) == 3
    return MeasureSpec(entry, frequency, scale, figures, states, judgements, family, common)


def _level_number(text: str) -> Decimal:
    """The number a level's text starts with, in the text's own unit (weeks count 7 days)."""
    head, *rest = text.split()
    number = Decimal(head.rstrip("%"))
    return number * 7 if rest and rest[0].startswith("week") else number


def _comparators(draw: st.DrawFn, scale: Scale) -> list[dict[str, str]]:
    chosen = draw(st.lists(st.sampled_from(_COMPARATORS), min_size=1, max_size=2, unique=True))
    result = []
    for ident, name in chosen:
        entry = {"id": ident}
        if draw(st.booleans()):
            entry["name"] = name
        level = scale.level(draw, wide=draw(st.booleans()))
        entry["value"] = level
        if scale.percent and draw(st.booleans()):
            k = int(Decimal(level.rstrip("%")) * 10)
            entry["lower"] = _permille(max(k - draw(st.integers(0, 50)), 0))
            entry["upper"] = _permille(k + draw(st.integers(0, 50)))
        if draw(st.booleans()):
            entry["source"] = "Published tables"
        result.append(entry)
    return result


def _status_rules(
    draw: st.DrawFn, scale: Scale, calendar: Calendar, year: int
) -> list[dict[str, Any]]:
    start, end = _year_dates(calendar, year)
    statuses = st.sampled_from(["met", "on-track", "at-risk", "off-track", "missed"])
    ops = st.sampled_from([">=", ">", "<=", "<", "==", "!="])

    def condition() -> str:
        subject = draw(st.sampled_from(["value", "percent-of-target", "date"]))
        op = draw(ops)
        if subject == "value":
            return f"value {op} {scale.level(draw)}"
        if subject == "percent-of-target":
            return f"percent-of-target {op} {draw(st.integers(50, 150))}%"
        return f"date {op} {draw(st.dates(start, end)).isoformat()}"

    rules: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 3))):
        conditions = [condition() for _ in range(draw(st.integers(1, 2)))]
        when: Any = conditions[0] if len(conditions) == 1 and draw(st.booleans()) else conditions
        rules.append({"when": when, "status": draw(statuses)})
    if draw(st.booleans()):
        rules.append({"otherwise": draw(statuses)})
    return rules


# --------------------------------------------------------------------------- actuals


_EVIDENCE = (
    "Reviewed at the board; partners agreed the plan.",
    "Training continues monthly, with 40 staff trained: see the note.",
    "Work delayed by staff changes.",
)


def _rows(
    draw: st.DrawFn, spec: MeasureSpec, calendar: Calendar, year: int
) -> list[dict[str, str]]:
    """One measure's rows over the plan's year and the year before."""
    rows: list[dict[str, str]] = []
    # gaps, flags and evidence-only rows (else a figure every period): one measure in two,
    # one everyday measure in four
    messy = draw(st.integers(0, 3)) == 3 if spec.common else draw(st.booleans())
    for period in _periods(calendar, spec.frequency, year):
        row: dict[str, str] = {}
        roll = draw(st.integers(0, 99)) if messy else 0
        if roll >= 85:
            pass  # no row: a gap
        elif roll >= 80:
            row["flag"] = draw(st.sampled_from(["suppressed", "not-yet-available", "Suppressed"]))
        elif roll >= 75:
            row["evidence"] = draw(st.sampled_from(_EVIDENCE))
        elif spec.figures:
            row.update(spec.scale.figure(draw))
            if messy and draw(st.integers(0, 4)) == 4:
                flags = draw(
                    st.lists(
                        st.sampled_from(["provisional", "estimated", "revised"]),
                        min_size=1,
                        max_size=2,
                        unique=True,
                    )
                )
                row["flag"] = draw(st.sampled_from(["; ", ",", " "])).join(flags)
            if draw(st.integers(0, 2)) == 2:
                row["reported"] = spec.scale.reported(draw, row)
            if draw(st.integers(0, 5)) == 5:
                row["note"] = "Figure checked against the source system."
        if spec.states and draw(st.integers(0, 2)) == 0:
            row["state"] = draw(st.sampled_from(["not-started", "in-progress", "complete"]))
        if spec.judgements and draw(st.integers(0, 2)) == 0:
            row["judgement"] = draw(
                st.sampled_from(["met", "on-track", "at-risk", "off-track", "missed"])
            )
        if (spec.states or spec.judgements) and "evidence" not in row and draw(st.booleans()):
            row["evidence"] = draw(st.sampled_from(_EVIDENCE))
        if not row:
            continue
        row = {"measure": spec.entry["id"], "period": _period_text(period, draw), **row}
        rows.append(row)
    return rows


_COLUMNS = (
    "measure",
    "period",
    "value",
    "numerator",
    "denominator",
    "reported",
    "flag",
    "state",
    "judgement",
    "evidence",
    "note",
)


def _actuals_text(draw: st.DrawFn, rows: list[dict[str, str]]) -> tuple[str, str]:
    """The rows as CSV (columns in any order, any case) or YAML (every value quoted)."""
    if draw(st.booleans()):
        used = [c for c in _COLUMNS if c in ("measure", "period") or any(c in r for r in rows)]
        columns = draw(st.permutations(used))
        header = [draw(st.sampled_from([c, c.upper(), c.title()])) for c in columns]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
        return out.getvalue(), "csv"
    lines = ["actuals:"]
    for row in rows:
        first = True
        for key, value in row.items():
            lines.append(f"  {'- ' if first else '  '}{key}: {json.dumps(value)}")
            first = False
    if not rows:
        lines = ["actuals: []"]
    return "\n".join(lines) + "\n", "yaml"


class _Dumper(yaml.SafeDumper):
    """Writes every mapping out in full: no anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@st.composite
def plans(
    draw: st.DrawFn,
    max_measures: int = 5,
    common: bool = False,
    families: tuple[str, ...] = FAMILIES,
) -> Plan:
    """A catalogue of 1 to ``max_measures`` measures of the ``families`` named and its
    actuals, as text (``common``: everyday measures only, see :func:`measure_specs`)."""
    calendar = draw(st.sampled_from([Calendar.UK_FINANCIAL_YEAR] * 3 + [Calendar.CALENDAR_YEAR]))
    year = draw(st.sampled_from(YEARS))
    count = draw(st.integers(1, max_measures))
    specs = [draw(measure_specs(i, calendar, year, common, families)) for i in range(count)]
    header: dict[str, str] = {
        "id": "generated-plan",
        "title": "Generated partnership plan",
        "year": _year_label(calendar, year),
    }
    if calendar is Calendar.CALENDAR_YEAR or draw(st.booleans()):
        header["calendar"] = calendar.value
    if draw(st.integers(0, 4)) == 4:
        header["judge_on"] = draw(
            st.sampled_from(["unrounded"] if common else ["rounded", "unrounded"])
        )
    document = {
        "catalogue": header,
        "units": {u: f"one {u}" for u in COUNT_UNITS},
        "themes": [
            {"id": "safety", "title": "Community safety"},
            {"id": "offending", "title": "Reducing re-offending", "priority": "Re-offending"},
        ],
        "measures": [s.entry for s in specs],
    }
    catalogue_text = yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=True
    )
    rows = [row for spec in specs for row in _rows(draw, spec, calendar, year)]
    rows = draw(st.permutations(rows)) if len(rows) < 200 else rows
    actuals_text, kind = _actuals_text(draw, rows)
    return Plan(catalogue_text, actuals_text, kind, calendar, year, tuple(s.family for s in specs))
