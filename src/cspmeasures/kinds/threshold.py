"""Threshold targets: a level to reach or stay under (``>= 75%``, ``at most 50%``, a bare
``100%`` read with the polarity); mapping form ``{at_least: 75%}``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from cspmeasures.calc.changes import percent_of_target_met
from cspmeasures.calc.spans import Span
from cspmeasures.calc.status import (
    ThresholdOp,
    Tolerance,
    judge_threshold,
    relaxed_threshold,
    threshold_status,
)
from cspmeasures.engine.plans import FigurePlan, Rows, When
from cspmeasures.errors import CalculationError
from cspmeasures.kinds._kind import Kind, MappingReader, TargetNumbers, Verdict
from cspmeasures.model import Measure, Observation, Operator, ThresholdTarget
from cspmeasures.quantities import ExpressionError, MeasureContext, format_quantity, parse_value
from cspmeasures.vocabulary import Polarity, Status

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context, Figure
    from cspmeasures.periods import Period
    from cspmeasures.yamlsource import YMapping

OPERATORS: dict[str, Operator] = {
    ">=": ">=",
    "=>": ">=",
    ">": ">",
    "<=": "<=",
    "=<": "<=",
    "<": "<",
    "at least": ">=",
    "no less than": ">=",
    "not less than": ">=",
    "more than": ">",
    "over": ">",
    "above": ">",
    "at most": "<=",
    "no more than": "<=",
    "not more than": "<=",
    "less than": "<",
    "fewer than": "<",
    "under": "<",
    "below": "<",
}
_OPERATOR_WORDS = sorted(OPERATORS, key=len, reverse=True)
#: the mapping form's keys and the operator each means
MAPPING_KEYS: dict[str, Operator] = {
    "at_least": ">=",
    "more_than": ">",
    "at_most": "<=",
    "less_than": "<",
}
_KEY_OF = {op: key for key, op in MAPPING_KEYS.items()}
_NUMBER = re.compile(r"^\s*[+-]?[\d.]")


class ThresholdPlan(FigurePlan):
    __slots__ = ("op", "relaxed", "target")

    def __init__(self, measure: Measure, target: ThresholdTarget) -> None:
        super().__init__(measure)
        self.op: ThresholdOp = target.op
        self.target = target.value
        self.relaxed = relaxed_threshold(target.op, target.value, measure.tolerance)

    def judge(self, value: float, final: bool, row: Observation, rows: Rows, when: When) -> Status:
        return threshold_status(value, self.op, self.target, self.relaxed, final)


class Threshold(Kind[ThresholdTarget]):
    name = "threshold"
    columnar = True
    precedence = 99
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {key: {key: True} for key in MAPPING_KEYS}
    directed = True

    def parse(self, source: str, context: MeasureContext) -> ThresholdTarget | None:
        lowered = source.lower()
        for word in _OPERATOR_WORDS:
            if lowered.startswith(word):
                rest = source[len(word) :]
                if word[0].isalpha() and rest[:1] not in (" ", ""):
                    continue
                return ThresholdTarget(OPERATORS[word], parse_value(rest, context))
        if not _NUMBER.match(source):
            return None
        value = parse_value(source, context)
        if context.polarity is Polarity.HIGHER_IS_BETTER:
            return ThresholdTarget(">=", value)
        if context.polarity is Polarity.LOWER_IS_BETTER:
            return ThresholdTarget("<=", value)
        raise ExpressionError(
            f"{source!r} has no direction and the measure's polarity is "
            f"{context.polarity.value}: write '>= {source}' or '<= {source}', or set the polarity"
        )

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> ThresholdTarget | None:
        level = reader.level(node.items[form], f"{path}.{form}", context)
        return None if level is None else ThresholdTarget(MAPPING_KEYS[form], level)

    def format(self, target: ThresholdTarget, context: MeasureContext) -> str:
        return f"{target.op} {format_quantity(target.value, context)}"

    def to_data(self, target: ThresholdTarget, context: MeasureContext) -> Any:
        return {_KEY_OF[target.op]: format_quantity(target.value, context)}

    def operator(self, target: ThresholdTarget, polarity: Polarity) -> str:
        return target.op

    def met_by(self, target: ThresholdTarget) -> Span:
        if target.op in (">=", ">"):
            return Span(target.value, None, low_included=target.op == ">=")
        return Span(None, target.value, high_included=target.op == "<=")

    def figure_plan(self, measure: Measure, target: ThresholdTarget) -> ThresholdPlan:
        return ThresholdPlan(measure, target)


    def judge(
        self, ctx: Context, target: ThresholdTarget, period: Period, value: float, figure: Figure
    ) -> Verdict:
        tolerance = ctx.measure.tolerance
        judgement = judge_threshold(
            value,
            op=target.op,
            target=target.value,
            tolerance=tolerance,
            final=period.is_year_end,
            describe=ctx.exact_shower(threshold_levels(target, tolerance)),
        )
        try:
            percent = percent_of_target_met(value, target.value, ctx.measure.polarity)
        except CalculationError:
            percent = None
        return judgement, None, percent

    def numbers(
        self, ctx: Context, target: ThresholdTarget, expected: float | None
    ) -> TargetNumbers:
        edge = relaxed_threshold(target.op, target.value, ctx.measure.tolerance)
        if target.op in (">=", ">"):
            return TargetNumbers(level=target.value, tolerance_low=edge)
        return TargetNumbers(level=target.value, tolerance_high=edge)

def threshold_levels(target: ThresholdTarget, tolerance: Tolerance | None) -> tuple[float, ...]:
    """The levels a threshold's reason quotes: the target and its tolerance edge."""
    edge = relaxed_threshold(target.op, target.value, tolerance)
    return (target.value,) if edge is None else (target.value, edge)


KIND = Threshold()
