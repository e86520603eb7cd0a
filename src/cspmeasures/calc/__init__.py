"""Pure calculations: rates and intervals, changes, profiles, rounding, status, trend.

No I/O and no pint: plain floats in, plain floats out (fractions for percentages).
"""

from cspmeasures.calc.changes import (
    percent_of_target_met,
    percentage_change,
    percentage_point_change,
    reduction,
)
from cspmeasures.calc.compare import (
    Comparison,
    ComparisonResult,
    compare_values,
    compare_with_benchmark,
)
from cspmeasures.calc.profiles import (
    DueAtEndProfile,
    EvenProfile,
    ExplicitProfile,
    expected_by_now,
    rolling_total,
    year_to_date,
)
from cspmeasures.calc.rates import Estimate, Interval, proportion, rate, z_value
from cspmeasures.calc.rounding import (
    format_number,
    format_percent,
    format_percent_change,
    format_percentage_points,
    round_half_up,
)
from cspmeasures.calc.status import (
    Condition,
    Judgement,
    StatusRule,
    Tolerance,
    apply_rules,
    combine_all_of,
    judge_amount,
    judge_change,
    judge_milestone,
    judge_range,
    judge_threshold,
)
from cspmeasures.calc.trend import Trend, direction_of_travel

__all__ = [
    "Comparison",
    "ComparisonResult",
    "Condition",
    "DueAtEndProfile",
    "Estimate",
    "EvenProfile",
    "ExplicitProfile",
    "Interval",
    "Judgement",
    "StatusRule",
    "Tolerance",
    "Trend",
    "apply_rules",
    "combine_all_of",
    "compare_values",
    "compare_with_benchmark",
    "direction_of_travel",
    "expected_by_now",
    "format_number",
    "format_percent",
    "format_percent_change",
    "format_percentage_points",
    "judge_amount",
    "judge_change",
    "judge_milestone",
    "judge_range",
    "judge_threshold",
    "percent_of_target_met",
    "percentage_change",
    "percentage_point_change",
    "proportion",
    "rate",
    "reduction",
    "rolling_total",
    "round_half_up",
    "year_to_date",
    "z_value",
]
