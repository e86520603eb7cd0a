"""Direction of travel: how a measure moved from the previous period to the current one."""

from __future__ import annotations

import enum
import math

from cspmeasures.errors import CalculationError
from cspmeasures.vocabulary import Polarity

__all__ = ["Trend", "direction_of_travel", "travel"]


class Trend(str, enum.Enum):
    """The direction of travel of a measure between two periods."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no-change"
    INCREASING = "increasing"  # up, for a measure with no better direction
    DECREASING = "decreasing"  # down, for a measure with no better direction
    NOT_COMPARED = "not-compared"  # one of the two values is missing


def direction_of_travel(
    previous: float | None,
    current: float | None,
    polarity: Polarity,
    *,
    threshold: float = 0.0,
) -> Trend:
    """The trend from ``previous`` to ``current``, judged on ``change = current - previous``.

    Either value missing: not-compared. ``abs(change) <= threshold`` (in the measure's
    unit, e.g. 0.005 for half a percentage point): no-change. Otherwise improving or
    worsening by the polarity (up is improving when higher is better, down when lower is
    better), or increasing / decreasing when the polarity is in-range or none, since a
    move towards a band cannot be told from the two values alone.
    """
    if not (math.isfinite(threshold) and threshold >= 0):
        raise CalculationError(f"threshold must be a finite number >= 0, not {threshold!r}")
    if previous is None or current is None:
        return Trend.NOT_COMPARED
    for name, value in (("previous", previous), ("current", current)):
        if not math.isfinite(value):
            raise CalculationError(f"{name} must be a finite number, not {value!r}")
    return travel(previous, current, polarity.sign, threshold)


def travel(previous: float, current: float, sign: int, threshold: float = 0.0) -> Trend:
    """:func:`direction_of_travel` for finite values and a polarity's ``sign`` (+1 higher
    is better, -1 lower is better, 0 neither), without the checks: for bulk work."""
    change = current - previous
    if abs(change) <= threshold:
        return Trend.NO_CHANGE
    if sign == 0:
        return Trend.INCREASING if change > 0 else Trend.DECREASING
    return Trend.IMPROVING if change * sign > 0 else Trend.WORSENING
