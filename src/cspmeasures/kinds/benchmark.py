"""Benchmark targets: a comparison with a named baseline of the same measure (``benchmark
dec-2015``); mapping form ``{benchmark: dec-2015}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from cspmeasures.calc.status import Judgement
from cspmeasures.engine.plans import FigurePlan, MonitorPlan
from cspmeasures.kinds._bases import (
    baseline_months,
    baseline_period,
    span_refusal,
    spans_checked,
)
from cspmeasures.kinds._kind import Kind, MappingReader, TargetNumbers, Verdict
from cspmeasures.kinds.comparator import ComparisonPlan, judge_comparison
from cspmeasures.model import Baseline, BenchmarkTarget, Measure
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Polarity, Status

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context, Figure
    from cspmeasures.periods import Period
    from cspmeasures.yamlsource import YMapping

_WORD = "benchmark "


class Benchmark(Kind[BenchmarkTarget]):
    name = "benchmark"
    precedence = 3
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {"benchmark": {"benchmark": True}}

    def parse(self, source: str, context: MeasureContext) -> BenchmarkTarget | None:
        if source.lower().startswith(_WORD):
            return BenchmarkTarget(source[len(_WORD) :].strip())
        return None

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> BenchmarkTarget | None:
        name = reader.text(node.items[form], f"{path}.{form}", "a baseline's id")
        return None if name is None else BenchmarkTarget(name)

    def format(self, target: BenchmarkTarget, context: MeasureContext) -> str:
        return f"benchmark {target.baseline}"

    def to_data(self, target: BenchmarkTarget, context: MeasureContext) -> Any:
        return {"benchmark": target.baseline}

    def operator(self, target: BenchmarkTarget, polarity: Polarity) -> str:
        return "no-worse-than"

    def baseline(self, target: BenchmarkTarget) -> str:
        return target.baseline

    def figure_plan(self, measure: Measure, target: BenchmarkTarget) -> FigurePlan | None:
        baseline = measure.baseline(target.baseline)
        if baseline is None or baseline.value is None or spans_checked(measure, baseline):
            return None
        if measure.polarity in (Polarity.NONE, Polarity.IN_RANGE):
            return MonitorPlan(measure)
        return ComparisonPlan(measure, baseline.value, "no-worse-than")


    def judge(
        self, ctx: Context, target: BenchmarkTarget, period: Period, value: float, figure: Figure
    ) -> Verdict:
        baseline = ctx.measure.baseline(target.baseline)
        assert baseline is not None  # checked at load
        itself = ctx.judged_itself(baseline, period)
        if itself is not None:
            return itself, None, None
        label = baseline.label or baseline.id
        refused = _refusal(ctx, baseline, period)
        if refused is not None:
            return refused, None, None
        base_value = ctx.baseline_value(baseline)
        if base_value is None:
            return Judgement(Status.CANNOT_EVALUATE, f"the benchmark {label} has no value"), None, None
        if ctx.measure.polarity in (Polarity.NONE, Polarity.IN_RANGE):
            word = (
                "higher than"
                if value > base_value
                else "lower than"
                if value < base_value
                else "the same as"
            )
            reason = (
                f"{ctx.show_with_unit(value)} is {word} the benchmark {label} "
                f"({ctx.show_with_unit(base_value)})"
            )
            return Judgement(Status.MONITOR, reason), None, None
        judgement = judge_comparison(
            ctx, "no-worse-than", figure, base_value, f"the benchmark {label}", period.is_year_end
        )
        return judgement, None, None

    def numbers(
        self, ctx: Context, target: BenchmarkTarget, expected: float | None
    ) -> TargetNumbers:
        baseline = ctx.measure.baseline(target.baseline)
        if baseline is None:
            return TargetNumbers()
        base = ctx.baseline_value(baseline)
        if ctx.period is not None and _refusal(ctx, baseline, ctx.period) is not None:
            return TargetNumbers(baseline=baseline.id, baseline_value=base)
        return TargetNumbers(level=base, baseline=baseline.id, baseline_value=base)


KIND = Benchmark()


def _refusal(ctx: Context, baseline: Baseline, period: Period) -> Judgement | None:
    """cannot-evaluate for a benchmark over another span of time than the value's."""
    calendar = ctx.year.calendar
    return span_refusal(
        ctx.measure,
        period,
        baseline.label or baseline.id,
        baseline_months(ctx.measure, baseline, calendar),
        baseline_period(ctx.measure, baseline, calendar),
    )
