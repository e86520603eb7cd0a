"""No target: the measure is a context figure to monitor (``none``, ``monitor``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cspmeasures.calc.status import Judgement
from cspmeasures.engine.plans import MonitorPlan
from cspmeasures.kinds._kind import Kind, Verdict
from cspmeasures.model import Measure, NoTarget
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Status

_WORDS = ("none", "monitor", "monitor only")

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context, Figure
    from cspmeasures.periods import Period


class Monitor(Kind[NoTarget]):
    name = "none"
    monitor = True
    columnar = True
    precedence = 0
    fits_in_range = True

    def parse(self, source: str, context: MeasureContext) -> NoTarget | None:
        return NoTarget() if source.lower() in _WORDS else None

    def format(self, target: NoTarget, context: MeasureContext) -> str:
        return "none"

    def to_data(self, target: NoTarget, context: MeasureContext) -> Any:
        return "none"

    def figure_plan(self, measure: Measure, target: NoTarget) -> MonitorPlan:
        return MonitorPlan(measure)


    def judge(
        self, ctx: Context, target: NoTarget, period: Period, value: float, figure: Figure
    ) -> Verdict:
        reason = f"no target: a context figure ({ctx.show(value)} in {period.label})"
        return Judgement(Status.MONITOR, reason), None, None


KIND = Monitor()
