"""Change targets: a change against a named baseline (``10% reduction on 2016-17``,
``2 percentage points increase``, ``reduce``); mapping form ``{reduce: 10%, baseline:
2016-17}`` or ``{increase: any}``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from cspmeasures import units
from cspmeasures.calc.status import (
    Judgement,
    change_achieved,
    change_edge,
    change_status,
    decimal_add,
    decimal_times,
    judge_change,
)
from cspmeasures.engine.plans import FigurePlan, Rows, When
from cspmeasures.errors import PeriodError
from cspmeasures.kinds._bases import (
    BASES,
    baseline_months,
    baseline_period,
    basis_name,
    basis_of,
    basis_period,
    pro_rata,
    span_refusal,
    spans_checked,
    value_months,
)
from cspmeasures.kinds._kind import Kind, MappingReader, Problem, TargetNumbers, Verdict
from cspmeasures.model import Baseline, ChangeTarget, Measure, Observation
from cspmeasures.periods import Frequency, parse_period
from cspmeasures.quantities import (
    ExpressionError,
    MeasureContext,
    convert,
    format_quantity,
    percent_number,
    read_quantity,
)
from cspmeasures.vocabulary import Polarity, Status

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context, Figure
    from cspmeasures.periods import Calendar, Period
    from cspmeasures.yamlsource import YMapping

Direction = Literal["reduce", "increase"]
_YES_NO = {"true": True, "false": False, "yes": True, "no": False}

_PRO_RATA = re.compile(r",?\s+pro[- ]rata$", re.IGNORECASE)
_CHANGE = re.compile(
    r"^(?:(?P<qty>.+?)\s+)?(?P<dir>reduction|reduce|decrease|increase)"
    r"(?:\s+(?:on|against|from|compared with|compared to)\s+(?P<base>\S.*))?$",
    re.IGNORECASE,
)
#: the polarity that contradicts each direction
_CONTRARY = {"reduce": Polarity.HIGHER_IS_BETTER, "increase": Polarity.LOWER_IS_BETTER}


def _points(number: str) -> str:
    return f"{number} percentage point" + ("" if number == "1" else "s")


def _sized(
    direction: Direction, qty: str | None, baseline: str | None, context: MeasureContext
) -> ChangeTarget:
    """A change of the size written in ``qty`` (None for any change in the direction)."""
    if qty is None:
        return ChangeTarget(direction, None, "relative", baseline)
    quantity = read_quantity(qty, context)
    if quantity.magnitude < 0:
        raise ExpressionError(f"write the size of the change without a sign, found {qty!r}")
    if quantity.unit == units.PERCENT:
        return ChangeTarget(direction, float(quantity.magnitude / 100), "relative", baseline)
    if quantity.unit == units.PERCENTAGE_POINT:
        if not context.is_percent:
            raise ExpressionError(
                f"percentage points are a change in a percentage; the measure is in "
                f"{context.unit or 'plain numbers'}"
            )
        return ChangeTarget(direction, float(quantity.magnitude / 100), "points", baseline)
    if context.is_percent:
        raise ExpressionError(
            f"a change in a percentage is written '10% {direction}' (relative) or "
            f"'2 percentage points {direction}' (absolute), found {qty!r}"
        )
    return ChangeTarget(direction, convert(quantity, context, qty), "points", baseline)


class ChangePlan(FigurePlan):
    __slots__ = ("base", "direction", "edge", "kind", "required")

    def __init__(self, measure: Measure, target: ChangeTarget, base: float) -> None:
        super().__init__(measure)
        self.base = base
        self.direction = target.direction
        self.kind = target.change
        self.required = target.by
        self.edge = change_edge(target.by, measure.tolerance)

    def judge(self, value: float, final: bool, row: Observation, rows: Rows, when: When) -> Status:
        achieved = change_achieved(self.base, value, self.direction, self.kind)
        if achieved is None:
            return Status.CANNOT_EVALUATE
        return change_status(achieved, self.required, self.edge, final)


class Change(Kind[ChangeTarget]):
    name = "change"
    precedence = 6
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {
        "reduce": {"reduce": True, "baseline": False, "pro_rata": False},
        "increase": {"increase": True, "baseline": False, "pro_rata": False},
    }
    directed = True

    def parse(self, source: str, context: MeasureContext) -> ChangeTarget | None:
        match = _CHANGE.match(source)
        if not match:
            return None
        direction: Direction = "increase" if match["dir"].lower() == "increase" else "reduce"
        baseline = match["base"].strip() if match["base"] else None
        scaled = False
        if baseline is not None:
            found = _PRO_RATA.search(baseline)
            if found is not None:
                baseline, scaled = baseline[: found.start()].strip(), True
            baseline = basis_of(baseline) or baseline
        target = _sized(direction, match["qty"], baseline, context)
        return attrs.evolve(target, pro_rata=True) if scaled else target

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> ChangeTarget | None:
        value, value_path = node.items[form], f"{path}.{form}"
        text = reader.text(value, value_path, "the size of the change, or 'any'")
        if text is None:
            return None
        direction: Direction = "reduce" if form == "reduce" else "increase"
        size = None if text.strip().lower() == "any" else text
        parsed = reader.attempt(value, value_path, lambda: _sized(direction, size, None, context))
        if parsed is None:
            return None
        baseline = reader.optional_text(node, "baseline", path)
        scaled = None
        if "pro_rata" in node.items:
            scaled = reader.word(
                node.items["pro_rata"], f"{path}.pro_rata", _YES_NO, "true or false"
            )
            if scaled is None:
                return None
        if baseline is not None:
            baseline = basis_of(baseline) or baseline
        return ChangeTarget(parsed.direction, parsed.by, parsed.change, baseline, bool(scaled))

    def format(self, target: ChangeTarget, context: MeasureContext) -> str:
        word = "reduction" if target.direction == "reduce" else "increase"
        text: str
        if target.by is None:
            text = target.direction
        elif target.change == "relative":
            text = f"{percent_number(target.by)}% {word}"
        elif context.is_percent:
            text = f"{_points(percent_number(target.by))} {word}"
        else:
            text = f"{format_quantity(target.by, context)} {word}"
        if target.baseline is None:
            return text
        basis = BASES.get(target.baseline)
        on = basis[0] if basis is not None else target.baseline
        return f"{text} on {on}" + (" pro-rata" if target.pro_rata else "")

    def to_data(self, target: ChangeTarget, context: MeasureContext) -> Any:
        if target.by is None:
            size = "any"
        elif target.change == "relative":
            size = percent_number(target.by) + "%"
        elif context.is_percent:
            size = percent_number(target.by) + " percentage points"
        else:
            size = format_quantity(target.by, context)
        data: dict[str, str | bool] = {target.direction: size}
        if target.baseline is not None:
            data["baseline"] = target.baseline
        if target.pro_rata:
            data["pro_rata"] = True
        return data

    def operator(self, target: ChangeTarget, polarity: Polarity) -> str:
        return target.direction

    def baseline(self, target: ChangeTarget) -> str | None:
        return target.baseline

    def checks(
        self,
        target: ChangeTarget,
        polarity: Polarity | None,
        unit: str,
        frequency: Frequency,
        polarity_at: str = "",
    ) -> list[Problem]:
        if target.pro_rata and target.baseline is None:
            return [
                (
                    "target",
                    "'pro-rata' scales a year's baseline to the part of the year the value "
                    "covers: name the baseline year ('reduce on 2012-13 pro-rata')",
                )
            ]
        if target.pro_rata and target.baseline in BASES:
            return [
                (
                    "target",
                    f"'pro-rata' scales a year's baseline, and {BASES[target.baseline][1]} "
                    "already covers the same span as the value: leave 'pro-rata' out",
                )
            ]
        if polarity is not None and _CONTRARY[target.direction] is polarity:
            wanted = "a fall" if target.direction == "reduce" else "a rise"
            written = self.format(target, MeasureContext(unit, polarity))
            return [
                (
                    "target",
                    f"the target {written!r} asks for {wanted}, but the measure's polarity"
                    f"{polarity_at} is {polarity.value}: make the two agree",
                )
            ]
        return []

    def baseline_problems(
        self,
        target: ChangeTarget,
        baseline: Baseline | None,
        calendar: Calendar,
        frequency: Frequency,
    ) -> list[str]:
        """A pro-rata baseline is a year's figure: it names its year."""
        if not target.pro_rata or baseline is None:
            return []
        if baseline.period is None:
            return [
                f"'pro-rata' scales a year's figure, and the baseline {baseline.id!r} names no "
                "year: give it the 'period' its value is for (a year such as 2012-13)"
            ]
        try:
            period = parse_period(baseline.period, calendar, frequency)
        except PeriodError:
            return []  # the baseline's own period is reported where it is written
        if period.frequency is not Frequency.YEAR:
            return [
                f"'pro-rata' scales a year's figure, and the baseline {baseline.id!r} is for "
                f"{period.label}, not a year"
            ]
        return []

    def figure_plan(self, measure: Measure, target: ChangeTarget) -> ChangePlan | None:
        baseline = measure.baseline(target.baseline) if target.baseline is not None else None
        if baseline is None or baseline.value is None or target.pro_rata:
            return None
        if spans_checked(measure, baseline):
            return None  # the spans are compared in the general judgement
        if target.change == "relative" and baseline.value < 0:
            return None  # cannot-evaluate, in the general judgement's words
        return ChangePlan(measure, target, baseline.value)


    def judge(
        self, ctx: Context, target: ChangeTarget, period: Period, value: float, figure: Figure
    ) -> Verdict:
        return self._judge(ctx, target, period, value), None, None

    def _judge(self, ctx: Context, target: ChangeTarget, period: Period, value: float) -> Judgement:
        measure = ctx.measure
        if target.baseline is None:
            return Judgement(
                Status.CANNOT_EVALUATE,
                f"a {self.format(target, ctx.unit)} needs a baseline to measure against, and "
                "the target names none",
            )
        describe: Callable[[float], str] = ctx.show
        if target.baseline in BASES:
            other = basis_period(target.baseline, period)
            name = basis_name(target.baseline, other)
            refused = span_refusal(measure, period, name, value_months(measure, other), other)
            if refused is not None:
                return refused
            base_value = ctx.basis_value(target.baseline, other)
            if base_value is None:
                return Judgement(
                    Status.CANNOT_EVALUATE, f"there is no figure for {name} to compare with"
                )
            ctx.steps.append(f"baseline {name}: {ctx.show(base_value)}")
        else:
            baseline = measure.baseline(target.baseline)
            assert baseline is not None  # checked at load
            itself = ctx.judged_itself(baseline, period)
            if itself is not None:
                return itself
            name = baseline.label or baseline.id
            if not target.pro_rata:
                refused = span_refusal(
                    measure,
                    period,
                    name,
                    baseline_months(measure, baseline, ctx.year.calendar),
                    baseline_period(measure, baseline, ctx.year.calendar),
                )
                if refused is not None:
                    return refused
            base_value = ctx.baseline_value(baseline)
            if base_value is None:
                return Judgement(Status.CANNOT_EVALUATE, f"the baseline {name} has no figure")
            if target.pro_rata:
                months = value_months(measure, period)
                scaled = pro_rata(base_value, months)
                describe = ctx.exact_shower([scaled])
                ctx.steps.append(
                    f"baseline {name}: {describe(base_value)} for the year, "
                    f"{describe(scaled)} pro-rata for {months} of its 12 months"
                )
                base_value = scaled
            else:
                ctx.steps.append(f"baseline {name}: {ctx.show(base_value)}")
        if target.change == "relative" and base_value < 0:
            return Judgement(
                Status.CANNOT_EVALUATE,
                f"A percentage change cannot be measured from a negative baseline "
                f"({name}: {describe(base_value)})",
            )
        return judge_change(
            base_value,
            value,
            direction=target.direction,
            required=target.by,
            kind=target.change,
            tolerance=measure.tolerance,
            final=period.is_year_end,
            describe=describe,
            in_points=measure.is_percent,
        )

    def numbers(self, ctx: Context, target: ChangeTarget, expected: float | None) -> TargetNumbers:
        measure = ctx.measure
        if target.baseline is None:
            return TargetNumbers()
        if target.baseline in BASES:
            base = ctx.recorded_baseline(target.baseline)
        else:
            baseline = measure.baseline(target.baseline)
            if baseline is None:
                return TargetNumbers()
            base = ctx.baseline_value(baseline)
            period = ctx.period
            if period is not None and base is not None:
                if target.pro_rata:
                    base = pro_rata(base, value_months(measure, period))
                elif span_refusal(
                    measure,
                    period,
                    baseline.id,
                    baseline_months(measure, baseline, ctx.year.calendar),
                    baseline_period(measure, baseline, ctx.year.calendar),
                ):
                    return TargetNumbers(baseline=baseline.id, baseline_value=base)
        if base is None:
            return TargetNumbers(baseline=target.baseline)
        low = high = None
        edge = change_edge(target.by, measure.tolerance)
        if edge is not None:
            shortfall = change_level(base, edge, target)
            if target.direction == "reduce":
                high = shortfall
            else:
                low = shortfall
        return TargetNumbers(
            level=change_level(base, target.by, target),
            tolerance_low=low,
            tolerance_high=high,
            baseline=target.baseline,
            baseline_value=base,
        )


def change_level(base: float, change: float | None, target: ChangeTarget) -> float:
    """The value at which the change from ``base`` in the target's direction is ``change``
    (a fraction of the base when relative, else points): the level a dashboard draws."""
    sign = -1.0 if target.direction == "reduce" else 1.0
    step = 0.0 if change is None else change
    if target.change == "relative":
        return decimal_add(base, sign * decimal_times(base, step))
    return decimal_add(base, sign * step)


KIND = Change()
