"""No target: the measure is a context figure to monitor (``none``, ``monitor``)."""

from __future__ import annotations

from typing import Any

from cspmeasures.engine.plans import MonitorPlan
from cspmeasures.kinds._kind import Kind
from cspmeasures.model import Measure, NoTarget
from cspmeasures.quantities import MeasureContext

_WORDS = ("none", "monitor", "monitor only")


class Monitor(Kind[NoTarget]):
    name = "none"
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


KIND = Monitor()
