"""Hypothesis strategies: measure contexts, targets and whole catalogues.

Numbers are drawn as Decimals with a few places and turned into floats the way the
loader does (``float(Decimal)``; a percentage is ``float(d / 100)``), so every number
is exactly what some written text means.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from cspmeasures import units
from cspmeasures.calc.profiles import DueAtEndProfile, EvenProfile, ExplicitProfile
from cspmeasures.calc.status import Condition, StatusRule, Tolerance
from cspmeasures.catalogue import HISTORY_YEARS, RULE_STATUSES, reader_key
from cspmeasures.errors import PeriodError
from cspmeasures.expressions import MeasureContext
from cspmeasures.feasibility import unreachable
from cspmeasures.model import (
    Aggregation,
    AllOfTarget,
    AmountTarget,
    Baseline,
    BenchmarkTarget,
    Calculation,
    Catalogue,
    ChangeTarget,
    Comparator,
    ComparatorTarget,
    CountOf,
    CountUnit,
    DirectValue,
    JudgedTarget,
    JudgeOn,
    Measure,
    MilestoneTarget,
    NoTarget,
    RangeTarget,
    RatePer,
    Ratio,
    ReductionOf,
    Target,
    Theme,
    ThresholdTarget,
)
from cspmeasures.periods import Calendar, Frequency, Period, parse_period
from cspmeasures.vocabulary import Polarity

#: how many times its own example count a fuzz test runs: 10 under the nightly profile
EXAMPLE_SCALE = 10 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 1


def examples(count: int) -> int:
    """A fuzz test's example count, raised under ``HYPOTHESIS_PROFILE=long``."""
    return count * EXAMPLE_SCALE


#: Count units the strategies use (each catalogue they build declares them).
COUNT_UNITS = tuple(
    units.check_count_unit(name) for name in ("assessment", "visit", "campaign", "referral")
)

UNITS = ("", units.PERCENT, *COUNT_UNITS)
OPERATORS = (">=", ">", "<=", "<")
DIRECTIONS = (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER)

ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,11}\Z")
names = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_-]{0,9}\Z")
area_names = st.lists(
    st.sampled_from(["Kent", "West", "Mercia", "England", "Medway", "Sussex", "CSP", "Avg"]),
    min_size=1,
    max_size=3,
).map(" ".join)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))

# Words of a milestone written as one line; the first word never starts another form
# ('better than', 'benchmark', 'between', 'none', 'judged').
_FIRST_WORDS = ["New", "Complete", "Reduce", "Recommission", "Publish", "Agree", "10%"]
_MORE_WORDS = ["services", "in", "place", "by", "due", "per", "year", "and", "plan", "reduce"]
milestone_texts = st.builds(
    lambda first, rest: " ".join([first, *rest]),
    st.sampled_from(_FIRST_WORDS),
    st.lists(st.sampled_from(_MORE_WORDS), max_size=5),
)

_TEXT_ALPHABET = st.characters(
    codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp", "Co", "Cn"]
) | st.sampled_from(["\n", " ", ":", "#", "-", "'", '"', "%", "&", "*", "!", "é", "£"])
#: Free text as the loader keeps it: stripped, not empty.
texts = st.text(_TEXT_ALPHABET, min_size=1, max_size=30).map(str.strip).filter(bool)
optional_texts = st.none() | texts


def decimals(
    low: str = "-10000", high: str = "100000", *, max_places: int = 3
) -> st.SearchStrategy[Decimal]:
    """Decimals with 0 to ``max_places`` places between ``low`` and ``high``."""
    return st.integers(0, max_places).flatmap(
        lambda places: st.decimals(
            Decimal(low), Decimal(high), places=places, allow_nan=False, allow_infinity=False
        )
    )


def levels(context: MeasureContext, *, low: str = "-10000") -> st.SearchStrategy[float]:
    """A level in the context's unit, as the loader stores it (75% -> 0.75)."""
    if context.is_percent:
        return decimals(low, "1000").map(lambda d: float(d / 100))
    return decimals(low).map(float)


def fractions(high: str = "1000") -> st.SearchStrategy[float]:
    """A non-negative percentage read as a fraction of one (10% -> 0.1)."""
    return decimals("0", high).map(lambda d: float(d / 100))


contexts = st.builds(MeasureContext, st.sampled_from(UNITS), st.sampled_from(list(Polarity)))


@st.composite
def ranges(draw: st.DrawFn, context: MeasureContext) -> RangeTarget:
    """A range whose low end is not above its high end."""
    low, high = sorted([draw(levels(context)), draw(levels(context))])
    return RangeTarget(low, high)


def changes(
    context: MeasureContext, baseline: st.SearchStrategy[str | None]
) -> st.SearchStrategy[ChangeTarget]:
    """Any change, a relative change, or a change in points (in the measure's unit)."""
    direction = st.sampled_from(["reduce", "increase"])
    points = fractions() if context.is_percent else levels(context, low="0")
    return st.one_of(
        st.builds(ChangeTarget, direction, st.none(), st.just("relative"), baseline),
        st.builds(ChangeTarget, direction, fractions(), st.just("relative"), baseline),
        st.builds(ChangeTarget, direction, points, st.just("points"), baseline),
    )


def amounts(
    context: MeasureContext, per: st.SearchStrategy[Frequency] | None = None
) -> st.SearchStrategy[AmountTarget]:
    """An amount per period with an even or due-at-end profile (not on a percentage)."""
    return st.builds(
        AmountTarget,
        levels(context, low="0"),
        per if per is not None else st.sampled_from(list(Frequency)),
        st.sampled_from([EvenProfile(), DueAtEndProfile()]),
    )


def written_targets(
    context: MeasureContext,
    baseline_ids: st.SearchStrategy[str] = ids,
    comparator_ids: st.SearchStrategy[str] = area_names,
) -> st.SearchStrategy[Target]:
    """Targets of every kind that have a one-line form on this context.

    Left out: judged targets with a description, milestones without a due date,
    explicit profiles and all-of targets, which are only written as mappings.
    """
    options: list[st.SearchStrategy[Target]] = [
        st.just(NoTarget()),
        st.just(JudgedTarget("")),
        st.builds(ThresholdTarget, st.sampled_from(OPERATORS), levels(context)),
        ranges(context),
        changes(context, st.none() | baseline_ids),
        st.builds(
            ComparatorTarget,
            st.sampled_from(["better-than", "no-worse-than", "similar-to"]),
            comparator_ids,
        ),
        st.builds(BenchmarkTarget, baseline_ids),
        st.builds(MilestoneTarget, milestone_texts, dates),
    ]
    if not context.is_percent:
        options.append(amounts(context))
    return st.one_of(options)


@st.composite
def contexts_and_targets(draw: st.DrawFn) -> tuple[MeasureContext, Target]:
    """A measure context and a target written for it."""
    context = draw(contexts)
    return context, draw(written_targets(context))


# --- whole catalogues ------------------------------------------------------------------


def _calculations(unit: str) -> st.SearchStrategy[Calculation]:
    if unit == units.PERCENT:
        return st.one_of(
            st.just(DirectValue()),
            st.builds(Ratio, names, names),
            st.builds(ReductionOf, names, names),
        )
    return st.one_of(
        st.just(DirectValue()),
        st.just(CountOf()),
        st.builds(RatePer, st.integers(1, 1_000_000), names, names),
    )


def _unique_ids(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    """Ids a reader can tell apart (the loader refuses two that differ only in case)."""
    return st.lists(ids, min_size=min_size, max_size=max_size, unique_by=reader_key)


def _period_text(period: Period) -> str:
    """The period's label, or 'Dec 2011' where the label also reads as a financial year."""
    try:
        parse_period(period.label, period.calendar)
    except PeriodError:
        return period.start.strftime("%b %Y")
    return period.label


@st.composite
def baselines(
    draw: st.DrawFn, context: MeasureContext, calendar: Calendar, year: Period
) -> tuple[Baseline, ...]:
    """Baselines with unique ids, each with a value or a period in the ten years before
    the catalogue's year."""
    result = []
    for baseline_id in draw(_unique_ids(0, 3)):
        value = draw(st.none() | levels(context))
        period = None
        if value is None:
            frequency = draw(st.sampled_from(list(Frequency)))
            index = draw(st.integers(1, frequency.periods_per_year))
            first = year.year_number - HISTORY_YEARS
            period_year = draw(st.integers(first, year.year_number - 1))
            period = _period_text(Period.of(calendar, frequency, period_year, index))
        result.append(
            Baseline(baseline_id, draw(optional_texts), value, period, draw(optional_texts))
        )
    return tuple(result)


@st.composite
def comparators(draw: st.DrawFn, context: MeasureContext) -> tuple[Comparator, ...]:
    """Comparators with unique ids whose interval, when given, holds the value."""
    result = []
    comparator_ids = draw(_unique_ids(0, 3))
    taken = {reader_key(i) for i in comparator_ids}
    for comparator_id in comparator_ids:
        lower, value, upper = sorted(draw(levels(context)) for _ in range(3))
        # a name no other comparator has as its id or name (a target may name either)
        name = draw(st.none() | area_names)
        if name is not None and reader_key(name) in taken - {reader_key(comparator_id)}:
            name = None
        if name is not None:
            taken.add(reader_key(name))
        result.append(
            Comparator(
                comparator_id,
                value,
                name,
                lower if draw(st.booleans()) else None,
                upper if draw(st.booleans()) else None,
                draw(optional_texts),
                draw(optional_texts),
            )
        )
    return tuple(result)


@st.composite
def status_rules(draw: st.DrawFn, context: MeasureContext) -> tuple[StatusRule, ...]:
    """Rules with one or more conditions, optionally closed by an 'otherwise' rule."""
    statuses = st.sampled_from(sorted(RULE_STATUSES.values(), key=lambda s: s.value))
    ops = st.sampled_from([">=", ">", "<=", "<", "==", "!="])
    condition = st.one_of(
        st.builds(Condition, st.just("value"), ops, levels(context)),
        st.builds(Condition, st.just("percent-of-target"), ops, fractions()),
        st.builds(Condition, st.just("date"), ops, dates),
    )
    rules = [
        StatusRule(draw(statuses), tuple(draw(st.lists(condition, min_size=1, max_size=3))))
        for _ in range(draw(st.integers(0, 3)))
    ]
    if draw(st.booleans()):
        rules.append(StatusRule(draw(statuses), ()))
    return tuple(rules)


def _tolerances(context: MeasureContext) -> st.SearchStrategy[Tolerance | None]:
    absolute = fractions() if context.is_percent else levels(context, low="0")
    return st.one_of(
        st.none(),
        st.builds(Tolerance, absolute, st.just(False)),
        st.builds(Tolerance, fractions(), st.just(True)),
    )


@st.composite
def explicit_amounts(
    draw: st.DrawFn, context: MeasureContext, frequency: Frequency
) -> AmountTarget:
    """An amount with one explicit share per reporting period of its target period."""
    per = draw(
        st.sampled_from([f for f in Frequency if f.periods_per_year <= frequency.periods_per_year])
    )
    count = frequency.periods_per_year // per.periods_per_year
    share = decimals("0", "10").map(float)
    shares = draw(st.lists(share, min_size=count, max_size=count).filter(any))
    return AmountTarget(draw(levels(context, low="0")), per, ExplicitProfile(tuple(shares)))


@st.composite
def measures(
    draw: st.DrawFn,
    measure_id: str,
    theme_ids: list[str],
    unit_names: list[str],
    calendar: Calendar,
    year: Period,
) -> Measure:
    """A measure whose unit, calculation, polarity and target agree with each other."""
    unit = draw(st.sampled_from(["", units.PERCENT, *unit_names]))
    context_unit = MeasureContext(unit)
    frequency = draw(st.sampled_from(list(Frequency)))
    measure_baselines = draw(baselines(context_unit, calendar, year))
    measure_comparators = draw(comparators(context_unit))
    baseline_ids = [b.id for b in measure_baselines]
    comparator_refs = [c.id for c in measure_comparators] + [
        c.name for c in measure_comparators if c.name
    ]
    baseline_ref = st.sampled_from(baseline_ids) if baseline_ids else st.nothing()
    comparator_ref = st.sampled_from(comparator_refs) if comparator_refs else st.nothing()

    directed: list[st.SearchStrategy[Target]] = [
        st.builds(ThresholdTarget, st.sampled_from(OPERATORS), levels(context_unit)),
        changes(context_unit, st.none() | baseline_ref),
    ]
    if unit not in ("", units.PERCENT):
        per = st.sampled_from(
            [f for f in Frequency if f.periods_per_year <= frequency.periods_per_year]
        )
        directed += [amounts(context_unit, per), explicit_amounts(context_unit, frequency)]
    undirected: list[st.SearchStrategy[Target]] = [
        st.just(NoTarget()),
        st.builds(JudgedTarget, texts),
        st.builds(MilestoneTarget, texts, st.none() | dates),
    ]
    relations = st.sampled_from(["better-than", "no-worse-than", "similar-to"])
    compared: list[st.SearchStrategy[Target]] = []
    if comparator_refs:
        compared.append(st.builds(ComparatorTarget, relations, comparator_ref))
    if baseline_ids:
        compared.append(st.builds(BenchmarkTarget, baseline_ref))
    part = st.one_of(directed + undirected + compared)
    kinds = ["directed", "undirected", "range", "all-of"] + (["compared"] if compared else [])
    kind = draw(st.sampled_from(kinds))
    polarity: Polarity
    target: Target
    if kind == "range":
        polarity, target = Polarity.IN_RANGE, draw(ranges(context_unit))
    elif kind == "directed":
        polarity, target = draw(st.sampled_from(DIRECTIONS)), draw(st.one_of(directed))
    elif kind == "undirected":
        polarity, target = draw(st.sampled_from(list(Polarity))), draw(st.one_of(undirected))
    elif kind == "compared":
        polarity = draw(st.sampled_from([*DIRECTIONS, Polarity.NONE]))
        target = draw(st.one_of(compared))
    else:
        polarity = draw(st.sampled_from(DIRECTIONS))
        target = AllOfTarget(tuple(draw(st.lists(part, min_size=2, max_size=3))))
    context = MeasureContext(unit, polarity)
    calculation = draw(_calculations(unit))
    target = _agreeing(target, polarity)
    if unreachable(target, unit, calculation) is not None:
        target = NoTarget()  # the loader refuses a target no figure (or every figure) meets
    return Measure(
        id=measure_id,
        title=draw(texts),
        theme=draw(st.sampled_from(theme_ids)),
        unit=unit,
        polarity=polarity,
        frequency=frequency,
        aggregation=draw(st.sampled_from(list(Aggregation))),
        calculation=calculation,
        target=target,
        tolerance=draw(_tolerances(context)),
        baselines=measure_baselines,
        comparators=measure_comparators,
        decimals=draw(st.none() | st.integers(0, 6)),
        data_lag=draw(st.integers(0, 3 * frequency.periods_per_year)),
        judge_on=draw(st.none() | st.sampled_from(list(JudgeOn))),
        status_rules=draw(status_rules(context)),
        owner=draw(optional_texts),
        partners=tuple(draw(st.lists(texts, max_size=3, unique_by=reader_key))),
        description=draw(optional_texts),
        source=draw(optional_texts),
        notes=draw(optional_texts),
    )


def _agreeing(target: Target, polarity: Polarity) -> Target:
    """The target with each change in the direction the polarity calls better."""
    if isinstance(target, AllOfTarget):
        return AllOfTarget(tuple(_agreeing(part, polarity) for part in target.parts))
    if isinstance(target, ChangeTarget) and polarity in DIRECTIONS:
        direction = "increase" if polarity is Polarity.HIGHER_IS_BETTER else "reduce"
        return attrs.evolve(target, direction=direction)
    return target


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    """A whole catalogue: declared units, themes, and measures that use them."""
    calendar = draw(st.sampled_from(list(Calendar)))
    unit_names = draw(st.lists(st.sampled_from(COUNT_UNITS), unique=True, max_size=3))
    theme_ids = draw(_unique_ids(1, 3))
    themes = tuple(
        Theme(theme_id, draw(texts), draw(optional_texts), draw(optional_texts))
        for theme_id in theme_ids
    )
    year = Period.of(calendar, Frequency.YEAR, draw(st.integers(2000, 2040)))
    measure_list = tuple(
        draw(measures(measure_id, theme_ids, unit_names, calendar, year))
        for measure_id in draw(_unique_ids(1, 4))
    )
    return Catalogue(
        id=draw(ids),
        title=draw(texts),
        year=year,
        organisation=draw(optional_texts),
        calendar=calendar,
        themes=themes,
        measures=measure_list,
        units=tuple(CountUnit(name, draw(optional_texts)) for name in unit_names),
        # a file in the catalogue's folder or below it (the loader refuses any other)
        actuals=draw(
            st.none() | st.from_regex(r"\A[a-z0-9_-]{1,12}(/[a-z0-9_-]{1,12})?\.(csv|yaml)\Z")
        ),
        judge_on=draw(st.sampled_from(list(JudgeOn))),
        description=draw(optional_texts),
    )
