"""Targets that can never be met, or are always met, by any figure a measure can have.

A measure's figures lie in a known span: a percentage is never below 0% (actuals refuse a
negative one), a ratio of a cohort lies from 0% to 100% (the numerator is at most the
denominator), a reduction ``(before - during) / before`` is at most 100%, and counts and
rates are never negative. A threshold, a range or an ``all_of`` of them meets only the
values of an interval; when that interval holds none of the measure's span the target can
never be met, and when it holds all of it the target is always met. Either way the status
would say nothing about the figures, so the loader refuses the target.
"""

from __future__ import annotations

from cspmeasures.calc.spans import Span
from cspmeasures.kinds import kind_of
from cspmeasures.model import (
    Calculation,
    CountOf,
    RatePer,
    Ratio,
    ReductionOf,
    Target,
)

__all__ = ["Span", "span_of_values", "unreachable"]


def span_of_values(unit: str, calculation: Calculation) -> Span:
    """Every value a measure's figures can have, in its canonical unit (0.75 for 75%)."""
    if isinstance(calculation, Ratio):
        return Span(0.0, 1.0)
    if isinstance(calculation, ReductionOf):
        return Span(None, 1.0)
    if isinstance(calculation, (CountOf, RatePer)) or unit == "percent":
        return Span(0.0, None)
    return Span()


def unreachable(target: Target, unit: str, calculation: Calculation) -> str | None:
    """Why the target says nothing about the figures, or None when some figures meet it
    and some do not: 'its parts cannot all be met at once', 'can never be met' (by the
    measure's figures) or 'is always met'."""
    kind = kind_of(target)
    met = kind.met_by(target)
    if met is None:
        return None
    if met.is_empty:
        return "its parts cannot all be met at once"
    possible = span_of_values(unit, calculation)
    if met.meet(possible).is_empty:
        return "can never be met"
    if kind.parts(target) == (target,) and met.holds(possible):
        return "is always met"
    return None
