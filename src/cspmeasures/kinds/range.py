"""Range targets: a band in which the value is best (``between 40% and 60%``, in-range
polarity); mapping form ``{between: [40%, 60%]}``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from cspmeasures.calc.spans import Span
from cspmeasures.calc.status import judge_range, range_edges, range_status
from cspmeasures.engine.plans import FigurePlan, Rows, When
from cspmeasures.kinds._kind import Kind, MappingReader, Problem, TargetNumbers, Verdict
from cspmeasures.model import Measure, Observation, RangeTarget
from cspmeasures.quantities import ExpressionError, MeasureContext, format_quantity, parse_value
from cspmeasures.vocabulary import Polarity, Status

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context, Figure
    from cspmeasures.periods import Frequency, Period
    from cspmeasures.yamlsource import YMapping

_BETWEEN = re.compile(r"^between\s+(?P<low>.+?)\s+and\s+(?P<high>.+)$", re.IGNORECASE)


class RangePlan(FigurePlan):
    __slots__ = ("edges", "high", "low")

    def __init__(self, measure: Measure, target: RangeTarget) -> None:
        super().__init__(measure)
        self.low, self.high = target.low, target.high
        self.edges = range_edges(target.low, target.high, measure.tolerance)

    def judge(self, value: float, final: bool, row: Observation, rows: Rows, when: When) -> Status:
        return range_status(value, self.low, self.high, self.edges, final)


class Range(Kind[RangeTarget]):
    name = "range"
    precedence = 4
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {"between": {"between": True}}
    fits_in_range = True

    def parse(self, source: str, context: MeasureContext) -> RangeTarget | None:
        between = _BETWEEN.match(source)
        if not between:
            return None
        low = parse_value(between["low"], context)
        high = parse_value(between["high"], context)
        if low > high:
            raise ExpressionError(f"the range {source!r} is upside down: the low end comes first")
        return RangeTarget(low, high)

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> RangeTarget | None:
        value, value_path = node.items[form], f"{path}.{form}"
        ends = reader.sequence(value, value_path, "two values")
        if len(ends) != 2:
            reader.error(value, value_path, f"expected two values [low, high], found {len(ends)}")
            return None
        low, high = (reader.level(e, f"{value_path}[{i}]", context) for i, e in enumerate(ends))
        if low is None or high is None:
            return None
        if low > high:
            reader.error(value, value_path, "the range is upside down: the low end comes first")
            return None
        return RangeTarget(low, high)

    def format(self, target: RangeTarget, context: MeasureContext) -> str:
        low = format_quantity(target.low, context)
        return f"between {low} and {format_quantity(target.high, context)}"

    def to_data(self, target: RangeTarget, context: MeasureContext) -> Any:
        return {
            "between": [format_quantity(target.low, context), format_quantity(target.high, context)]
        }

    def operator(self, target: RangeTarget, polarity: Polarity) -> str:
        return "between"

    def met_by(self, target: RangeTarget) -> Span:
        return Span(target.low, target.high)

    def checks(
        self,
        target: RangeTarget,
        polarity: Polarity | None,
        unit: str,
        frequency: Frequency,
        polarity_at: str = "",
    ) -> list[Problem]:
        if polarity not in (None, Polarity.IN_RANGE):
            return [("polarity", "a 'between' target needs polarity: in-range")]
        return []

    def figure_plan(self, measure: Measure, target: RangeTarget) -> RangePlan:
        return RangePlan(measure, target)


    def judge(
        self, ctx: Context, target: RangeTarget, period: Period, value: float, figure: Figure
    ) -> Verdict:
        tolerance = ctx.measure.tolerance
        edges = range_edges(target.low, target.high, tolerance) or ()
        judgement = judge_range(
            value,
            low=target.low,
            high=target.high,
            tolerance=tolerance,
            final=period.is_year_end,
            describe=ctx.exact_shower((target.low, target.high, *edges)),
        )
        return judgement, None, None

    def numbers(self, ctx: Context, target: RangeTarget, expected: float | None) -> TargetNumbers:
        edges = range_edges(target.low, target.high, ctx.measure.tolerance)
        low_edge, high_edge = edges if edges is not None else (None, None)
        return TargetNumbers(
            low=target.low, high=target.high, tolerance_low=low_edge, tolerance_high=high_edge
        )


KIND = Range()
