"""Benchmark targets: a comparison with a named baseline of the same measure (``benchmark
dec-2015``); mapping form ``{benchmark: dec-2015}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from cspmeasures.engine.plans import FigurePlan, MonitorPlan
from cspmeasures.kinds._kind import Kind, MappingReader
from cspmeasures.kinds.comparator import ComparisonPlan
from cspmeasures.model import BenchmarkTarget, Measure
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Polarity

if TYPE_CHECKING:
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
        if baseline is None or baseline.value is None:
            return None
        if measure.polarity in (Polarity.NONE, Polarity.IN_RANGE):
            return MonitorPlan(measure)
        return ComparisonPlan(measure, baseline.value, "no-worse-than")


KIND = Benchmark()
