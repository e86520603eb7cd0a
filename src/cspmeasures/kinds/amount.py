"""Amount targets: an amount over a period with a profile (``840 assessments per year``,
``1 campaign per year due at end``); mapping form ``{amount: 840 assessments, per: year,
profile: even | due-at-end | [shares]}``. A cadence (``1 operation per quarter``) is an
amount per period shorter than the year."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from cspmeasures import units
from cspmeasures.calc.profiles import DueAtEndProfile, EvenProfile, ExplicitProfile, expected_by_now
from cspmeasures.calc.status import Judgement, amount_edge, amount_status, judge_amount
from cspmeasures.engine.facts import Facts, missing_gap
from cspmeasures.engine.plans import Plan, Rows, When, span_of
from cspmeasures.kinds._kind import Kind, MappingReader, Problem, TargetNumbers, Verdict
from cspmeasures.model import AmountTarget, Measure, Observation, Profile
from cspmeasures.periods import PERIOD_WORDS
from cspmeasures.quantities import (
    PERIOD_NAMES,
    ExpressionError,
    MeasureContext,
    convert,
    decimal_text,
    format_quantity,
    read_quantity,
)
from cspmeasures.vocabulary import Polarity, Status

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context, Figure
    from cspmeasures.periods import Frequency, Period
    from cspmeasures.yamlsource import YMapping

_DUE_AT_END = re.compile(
    r"\s*,?\s*(?:due at (?:the )?end|by (?:the )?(?:year end|end of the year))$"
)
_AMOUNT = re.compile(r"^(?P<qty>.+?)\s+per\s+(?P<period>[a-z]+)$", re.IGNORECASE)
_PROFILE_WORDS = {"even": "even", "due-at-end": "due-at-end"}


def _read(qty: str, period: str, context: MeasureContext, due_at_end: bool) -> AmountTarget:
    frequency = PERIOD_WORDS.get(period.lower())
    if frequency is None:
        raise ExpressionError(
            f"expected 'per year', 'per quarter' or 'per month', found 'per {period}'"
        )
    quantity = read_quantity(qty, context)
    if quantity.unit in (units.PERCENT, units.PERCENTAGE_POINT):
        raise ExpressionError(f"an amount per {period} is a count, found {qty!r}")
    amount = convert(quantity, context, qty)
    if amount < 0:
        raise ExpressionError(f"an amount cannot be negative, found {qty!r}")
    profile = DueAtEndProfile() if due_at_end else EvenProfile()
    return AmountTarget(amount, frequency, profile)


class AmountPlan(Plan):
    """An amount per year (or a cadence per quarter) summed over the periods so far."""

    __slots__ = ("amount", "edges", "expected", "per", "profile", "tolerance")

    def __init__(self, measure: Measure, target: AmountTarget) -> None:
        super().__init__(measure)
        self.amount = target.amount
        self.per = target.per
        self.profile = target.profile
        self.tolerance = measure.tolerance
        self.expected: dict[tuple[int, int], float] = {}
        self.edges: dict[float, float | None] = {}

    def run(self, rows: Rows, when: When) -> Facts | None:
        period = self.used_period(rows, when)
        if period is None:
            return Facts(Status.NOT_YET_DUE, when.year, when.day)
        expected_period = when.candidates(self.frequency, self.lag)[-1]
        span = span_of(period, self.per)
        span_periods = span.subperiods(period.frequency)
        total = 0.0
        count = 0
        missing: list[Period] = []
        flagged: list[Observation] = []
        for p in span_periods:
            if p > period:
                break
            count += 1
            row = rows.get(p)
            if row is None:
                missing.append(p)
                continue
            if row.flags:
                flagged.append(row)
            if row.value is None:
                missing.append(p)
            else:
                total += row.value
        flags = tuple(dict.fromkeys(f.value for r in flagged for f in r.flags)) if flagged else ()
        final = count == len(span_periods)
        expected = self.expected_by_now(count, len(span_periods))
        _, previous, _, last_year = when.about(period)
        row = rows.get(period)
        before = self.own_value(rows.get(previous))
        if missing:
            gap = missing_gap(missing, [rows.get(p) for p in missing], total=count > 1)
            if expected == 0 and not final:
                status, expected_now = Status.NOT_YET_DUE, expected
            else:
                status, expected_now = Status.NO_DATA, None
            return Facts(
                status,
                when.year,
                when.day,
                period,
                expected_period,
                gap=gap,
                expected=expected_now,
                previous_value=before,
                flags=flags,
                row=row,
            )
        if total < 0:
            return None  # the general judgement says why
        if expected in self.edges:
            edge = self.edges[expected]
        else:
            edge = self.edges[expected] = amount_edge(expected, self.polarity, self.tolerance)
        status = amount_status(total, expected, self.amount, self.polarity, edge, final)
        own = self.own_value(row)
        return Facts(
            status,
            when.year,
            when.day,
            period,
            expected_period,
            total,
            expected=expected,
            trend=self.travel(before, own),
            trend_last_year=self.travel(self.own_value(rows.get(last_year)), own),
            previous_value=before,
            flags=flags,
            row=row,
        )

    def expected_by_now(self, elapsed: int, periods: int) -> float:
        """The amount expected once ``elapsed`` of the span's ``periods`` have ended."""
        key = (elapsed, periods)
        expected = self.expected.get(key)
        if expected is None:
            expected = self.expected[key] = expected_by_now(
                self.amount, elapsed, periods, self.profile
            )
        return expected


class Amount(Kind[AmountTarget]):
    name = "amount"
    precedence = 7
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {
        "amount": {"amount": True, "per": True, "profile": False}
    }
    directed = True

    def parse(self, source: str, context: MeasureContext) -> AmountTarget | None:
        due_at_end = _DUE_AT_END.search(source)
        body = source[: due_at_end.start()] if due_at_end else source
        amount = _AMOUNT.match(body)
        if amount:
            return _read(amount["qty"], amount["period"], context, due_at_end is not None)
        if due_at_end:
            raise ExpressionError(
                "'due at end' needs an amount per period, e.g. '1 campaign per year due at end'"
            )
        return None

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> AmountTarget | None:
        from cspmeasures.yamlsource import YSequence  # the reading layer, loaded when reading

        amount_node = node.items["amount"]
        amount_text = reader.text(
            amount_node, f"{path}.amount", "an amount such as '840 assessments'"
        )
        per = reader.word(node.items.get("per"), f"{path}.per", PERIOD_WORDS, "a period")
        if amount_text is None or per is None:
            return None
        parsed = reader.attempt(
            amount_node,
            f"{path}.amount",
            lambda: _read(amount_text, per.name.lower(), context, due_at_end=False),
        )
        if parsed is None:
            return None
        profile: Profile = EvenProfile()
        if "profile" in node.items:
            profile_node = node.items["profile"]
            if isinstance(profile_node, YSequence):
                shares: list[float] = []
                for index, item in enumerate(profile_node.items):
                    where = f"{path}.profile[{index}]"
                    share_text = reader.text(item, where, "a number")
                    if share_text is None:
                        return None
                    share = reader.attempt(item, where, partial(units.read_number, share_text))
                    if share is None:
                        return None
                    shares.append(float(share))
                try:
                    profile = ExplicitProfile(tuple(shares))
                except ValueError as exc:
                    reader.error(profile_node, f"{path}.profile", str(exc))
                    return None
            else:
                word = reader.word(
                    profile_node,
                    f"{path}.profile",
                    _PROFILE_WORDS,
                    "a profile (or a list of shares per period)",
                )
                if word is None:
                    return None
                profile = DueAtEndProfile() if word == "due-at-end" else EvenProfile()
        return AmountTarget(parsed.amount, parsed.per, profile)

    def format(self, target: AmountTarget, context: MeasureContext) -> str:
        text = f"{format_quantity(target.amount, context)} per {PERIOD_NAMES[target.per]}"
        if isinstance(target.profile, DueAtEndProfile):
            text += " due at end"
        elif isinstance(target.profile, ExplicitProfile):
            shares = ", ".join(decimal_text(s) for s in target.profile.shares)
            text += f" (profile {shares})"
        return text

    def to_data(self, target: AmountTarget, context: MeasureContext) -> Any:
        data: dict[str, Any] = {
            "amount": format_quantity(target.amount, context),
            "per": PERIOD_NAMES[target.per],
        }
        if isinstance(target.profile, DueAtEndProfile):
            data["profile"] = "due-at-end"
        elif isinstance(target.profile, ExplicitProfile):
            data["profile"] = [repr(s) for s in target.profile.shares]
        return data

    def operator(self, target: AmountTarget, polarity: Polarity) -> str:
        return "at-most" if polarity is Polarity.LOWER_IS_BETTER else "at-least"

    def adding_up(self, target: AmountTarget, frequency: Frequency) -> str:
        if target.per is frequency:
            return "each period's figure is judged against the amount for that period"
        return (
            "the target adds each period's figure up from the start of the "
            f"{PERIOD_NAMES[target.per]}"
        )

    def checks(
        self,
        target: AmountTarget,
        polarity: Polarity | None,
        unit: str,
        frequency: Frequency,
        polarity_at: str = "",
    ) -> list[Problem]:
        problems: list[Problem] = []
        per = PERIOD_NAMES[target.per]
        if isinstance(target.profile, ExplicitProfile):
            periods = frequency.periods_per_year // target.per.periods_per_year
            if len(target.profile.shares) != periods:
                shares = units.unit_words("profile share", periods)
                problems.append(
                    (
                        "target.profile",
                        f"{frequency.article} {frequency.value} measure with a target per {per} "
                        f"needs {periods} {shares}, found {len(target.profile.shares)}",
                    )
                )
        if target.per.periods_per_year > frequency.periods_per_year:
            problems.append(
                (
                    "target",
                    f"a target per {per} needs figures at least that often; the measure is "
                    f"{frequency.value}",
                )
            )
        if not unit:
            problems.append(
                (
                    "target",
                    "an amount target needs the measure's count unit (e.g. 'unit: assessment')",
                )
            )
        return problems

    def plan(self, measure: Measure, target: AmountTarget) -> AmountPlan | None:
        """Summed over the periods so far, whatever the measure's aggregation."""
        if measure.polarity not in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER):
            return None
        return AmountPlan(measure, target)


    def judge(
        self, ctx: Context, target: AmountTarget, period: Period, value: float, figure: Figure
    ) -> Verdict:
        return self.judge_span(ctx, target, period)[0]

    def judge_span(
        self, ctx: Context, target: AmountTarget, period: Period
    ) -> tuple[Verdict, Figure]:
        """The amount so far in the target's span (the year, or the quarter of a cadence)
        against the amount expected by now under its profile."""
        measure = ctx.measure
        span = span_of(period, target.per)
        span_periods = span.subperiods(period.frequency)
        so_far = [p for p in span_periods if p <= period]
        expected = expected_by_now(target.amount, len(so_far), len(span_periods), target.profile)
        final = len(so_far) == len(span_periods)
        figure = ctx.sum_periods(so_far)
        if figure.value is None:
            if expected == 0 and not final:
                reason = f"nothing is due until the end of {span.label}"
                ctx.warnings.append(ctx.missing(figure).reason)
                return (Judgement(Status.NOT_YET_DUE, reason), expected, None), figure
            return (ctx.missing(figure), None, None), figure
        actual = figure.value
        profile = type(target.profile).__name__.replace("Profile", "").lower()
        ctx.steps.append(
            f"amount so far ({span.label}): {ctx.show_with_unit(actual)}; expected by now under "
            f"the {profile} profile: {ctx.show_with_unit(expected)} "
            f"of {ctx.show_with_unit(target.amount)}"
        )
        judgement = judge_amount(
            actual,
            expected=expected,
            annual=target.amount,
            polarity=measure.polarity,
            tolerance=measure.tolerance,
            final=final,
            describe=ctx.show_with_unit,
            per=PERIOD_NAMES[target.per],
        )
        percent = actual / expected if expected > 0 else None
        return (judgement, expected, percent), figure

    def numbers(self, ctx: Context, target: AmountTarget, expected: float | None) -> TargetNumbers:
        measure = ctx.measure
        if expected is None:
            return TargetNumbers(level=target.amount)
        edge = amount_edge(expected, measure.polarity, measure.tolerance)
        if measure.polarity is Polarity.LOWER_IS_BETTER:
            return TargetNumbers(level=target.amount, tolerance_high=edge)
        return TargetNumbers(level=target.amount, tolerance_low=edge)


KIND = Amount()
