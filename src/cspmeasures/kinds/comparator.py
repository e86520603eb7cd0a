"""Comparator targets: a comparison with another area (``better than Kent``, ``no worse
than England``, ``similar to CIPFA neighbours``); mapping form ``{better_than: kent}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from cspmeasures.calc.compare import (
    Comparison,
    compare_values,
    compare_with_benchmark,
    side_outcome,
)
from cspmeasures.calc.status import Judgement
from cspmeasures.engine.plans import FigurePlan, Rows, When, wilson
from cspmeasures.kinds._kind import Kind, MappingReader, TargetNumbers, Verdict
from cspmeasures.model import ComparatorTarget, Measure, Observation
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Polarity, Status

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context, Figure
    from cspmeasures.periods import Period
    from cspmeasures.yamlsource import YMapping

Relation = Literal["better-than", "no-worse-than", "similar-to"]
RELATIONS: dict[str, Relation] = {
    "better than": "better-than",
    "no worse than": "no-worse-than",
    "similar to": "similar-to",
}
#: the mapping form's keys and the relation each means
MAPPING_KEYS: dict[str, Relation] = {
    "better_than": "better-than",
    "no_worse_than": "no-worse-than",
    "similar_to": "similar-to",
}


#: the relations of a comparator target and the outcomes that meet them
_MEETS = {
    "better-than": (Comparison.BETTER,),
    "no-worse-than": (Comparison.BETTER, Comparison.SIMILAR),
    "similar-to": (Comparison.SIMILAR,),
}


class ComparisonPlan(FigurePlan):
    """A comparator target, or a benchmark with a direction (no worse than it): by the
    Wilson interval for a ratio, else by value."""

    __slots__ = ("bench", "meets")

    def __init__(self, measure: Measure, bench: float, relation: str) -> None:
        super().__init__(measure)
        self.bench = bench
        self.meets = _MEETS[relation]

    def judge(self, value: float, final: bool, row: Observation, rows: Rows, when: When) -> Status:
        bench = self.bench
        if self.ratio:
            numerator, denominator = row.numerator or 0.0, row.denominator or 0.0
            if not 0 <= numerator <= denominator:
                raise LookupError  # the general judgement says why
            estimate = wilson(numerator, denominator)
            lower, upper = estimate.lower, estimate.upper
            assert lower is not None
            assert upper is not None
            side = 1 if bench < lower else -1 if bench > upper else 0
        else:
            side = 1 if value > bench else -1 if value < bench else 0
        outcome = side_outcome(side, self.polarity)
        if outcome in self.meets:
            return Status.MET
        if outcome is Comparison.NOT_COMPARED:
            return Status.CANNOT_EVALUATE
        return Status.MISSED if final else Status.OFF_TRACK


class Comparator(Kind[ComparatorTarget]):
    name = "comparator"
    precedence = 2
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {key: {key: True} for key in MAPPING_KEYS}

    def parse(self, source: str, context: MeasureContext) -> ComparatorTarget | None:
        lowered = source.lower()
        for word, relation in RELATIONS.items():
            if lowered.startswith(word + " "):
                return ComparatorTarget(relation, source[len(word) :].strip())
        return None

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> ComparatorTarget | None:
        name = reader.text(node.items[form], f"{path}.{form}", "a comparator's id")
        return None if name is None else ComparatorTarget(MAPPING_KEYS[form], name)

    def format(self, target: ComparatorTarget, context: MeasureContext) -> str:
        return f"{target.relation.replace('-', ' ')} {target.comparator}"

    def to_data(self, target: ComparatorTarget, context: MeasureContext) -> Any:
        return {target.relation.replace("-", "_"): target.comparator}

    def operator(self, target: ComparatorTarget, polarity: Polarity) -> str:
        return target.relation

    def comparator(self, target: ComparatorTarget) -> str:
        return target.comparator

    def figure_plan(self, measure: Measure, target: ComparatorTarget) -> ComparisonPlan | None:
        comparator = measure.comparator(target.comparator)
        if comparator is None:
            return None
        return ComparisonPlan(measure, comparator.value, target.relation)


    def judge(
        self, ctx: Context, target: ComparatorTarget, period: Period, value: float, figure: Figure
    ) -> Verdict:
        comparator = ctx.measure.comparator(target.comparator)
        assert comparator is not None  # checked at load
        judgement = judge_comparison(
            ctx,
            target.relation,
            figure,
            comparator.value,
            comparator.display_name,
            period.is_year_end,
        )
        return judgement, None, None

    def numbers(
        self, ctx: Context, target: ComparatorTarget, expected: float | None
    ) -> TargetNumbers:
        comparator = ctx.measure.comparator(target.comparator)
        return TargetNumbers(level=comparator.value if comparator is not None else None)

def judge_comparison(
    ctx: Context, relation: str, figure: Figure, benchmark: float, name: str, final: bool
) -> Judgement:
    """A figure against another area's value or a benchmark: by the figure's interval
    where it has one (calc.compare.compare_with_benchmark), else by value."""
    polarity = ctx.measure.polarity
    estimate = figure.interval()
    if estimate is not None and estimate.lower is not None and estimate.upper is not None:
        result = compare_with_benchmark(estimate, benchmark, polarity)
    else:
        result = compare_values(figure.value or 0.0, benchmark, polarity)
    outcome = result.outcome
    shown = (
        f"{ctx.show(figure.value or 0.0)} against {name} ({ctx.show(benchmark)}): {outcome.value}"
    )
    if outcome in _MEETS[relation]:
        return Judgement(Status.MET, f"{shown}; the target is {relation.replace('-', ' ')} {name}")
    if outcome is Comparison.NOT_COMPARED:
        return Judgement(Status.CANNOT_EVALUATE, result.reason)
    status = Status.MISSED if final else Status.OFF_TRACK
    return Judgement(status, f"{shown}; the target is {relation.replace('-', ' ')} {name}")


KIND = Comparator()
