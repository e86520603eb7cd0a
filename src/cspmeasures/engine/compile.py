"""A measure compiled once into its plan: the registry's kind decides (see
:mod:`cspmeasures.engine.plans` for what a plan covers)."""

from __future__ import annotations

from cspmeasures.engine.plans import Plan
from cspmeasures.kinds import kind_of
from cspmeasures.model import Aggregation, CountOf, DirectValue, JudgeOn, Measure, Ratio

__all__ = ["compile_measure"]


def compile_measure(measure: Measure, judge_on: JudgeOn) -> Plan | None:
    """The measure's plan, or None when only the general judgement can judge it
    (``judge_on`` is the catalogue's choice for this measure)."""
    if (
        measure.status_rules
        or judge_on is JudgeOn.ROUNDED
        or not isinstance(measure.calculation, (DirectValue, CountOf, Ratio))
        or measure.aggregation is Aggregation.ROLLING_12_MONTHS
    ):
        return None
    target = measure.target
    plan: Plan | None = kind_of(target).plan(measure, target)
    return plan
