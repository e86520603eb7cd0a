"""Intervals of values, open or closed at either end: what a target meets, what figures a
measure can have."""

from __future__ import annotations

import attrs

__all__ = ["Span"]


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
