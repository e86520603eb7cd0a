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

import attrs

from cspmeasures.model import (
    AllOfTarget,
    Calculation,
    CountOf,
    RangeTarget,
    RatePer,
    Ratio,
    ReductionOf,
    Target,
    ThresholdTarget,
)

__all__ = ["Span", "span_of_values", "unreachable"]


@attrs.frozen
class Span:
    """An interval of values; ``None`` is unbounded, the flags say whether an end is included."""

    low: float | None = None
    high: float | None = None
    low_included: bool = True
    high_included: bool = True

    def meet(self, other: Span) -> Span:
        """The values in both spans."""
        low, low_in = _tighter(self.low, self.low_included, other.low, other.low_included, True)
        high, high_in = _tighter(
            self.high, self.high_included, other.high, other.high_included, False
        )
        return Span(low, high, low_in, high_in)

    @property
    def is_empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        if self.low == self.high:
            return not (self.low_included and self.high_included)
        return self.low > self.high

    def holds(self, other: Span) -> bool:
        """True when every value of ``other`` is in this span."""
        return self.meet(other) == other


def _tighter(
    a: float | None, a_in: bool, b: float | None, b_in: bool, larger: bool
) -> tuple[float | None, bool]:
    """The tighter of two ends: the larger of two low ends, the smaller of two high ends."""
    if a is None:
        return b, b_in
    if b is None:
        return a, a_in
    if a == b:
        return a, a_in and b_in
    return (a, a_in) if (a > b) == larger else (b, b_in)


def span_of_values(unit: str, calculation: Calculation) -> Span:
    """Every value a measure's figures can have, in its canonical unit (0.75 for 75%)."""
    if isinstance(calculation, Ratio):
        return Span(0.0, 1.0)
    if isinstance(calculation, ReductionOf):
        return Span(None, 1.0)
    if isinstance(calculation, (CountOf, RatePer)) or unit == "percent":
        return Span(0.0, None)
    return Span()


def _met_by(target: Target) -> Span | None:
    """The values that meet the target, when it is a threshold, a range or all of them."""
    if isinstance(target, ThresholdTarget):
        if target.op in (">=", ">"):
            return Span(target.value, None, low_included=target.op == ">=")
        return Span(None, target.value, high_included=target.op == "<=")
    if isinstance(target, RangeTarget):
        return Span(target.low, target.high)
    if isinstance(target, AllOfTarget):
        met = Span()
        for part in target.parts:
            span = _met_by(part)
            if span is not None:
                met = met.meet(span)
        return met
    return None


def unreachable(target: Target, unit: str, calculation: Calculation) -> str | None:
    """Why the target says nothing about the figures, or None when some figures meet it
    and some do not: 'its parts cannot all be met at once', 'can never be met' (by the
    measure's figures) or 'is always met'."""
    met = _met_by(target)
    if met is None:
        return None
    if met.is_empty:
        return "its parts cannot all be met at once"
    possible = span_of_values(unit, calculation)
    if met.meet(possible).is_empty:
        return "can never be met"
    if not isinstance(target, AllOfTarget) and met.holds(possible):
        return "is always met"
    return None
