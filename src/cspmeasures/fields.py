"""The fields of a result, in one table: the JSON and CSV output, the DataFrame columns
and the report's JSON Schema are all read from :data:`RESULT_FIELDS`.

Each field has a name (an attribute of :class:`~cspmeasures.evaluate.Evaluation`), the
JSON Schema of its value and a description. Numbers are in the measure's canonical unit,
as ``value`` is: a fraction of one for a percent measure (0.85 is 85%).
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["ALL_FIELDS", "FIELDS", "LIST_FIELDS", "RESULT_FIELDS", "ResultField"]

_TEXT: dict[str, Any] = {"type": "string"}
_TEXT_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}
_NUMBER_OR_NULL: dict[str, Any] = {"type": ["number", "null"]}
_TEXTS: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


@attrs.frozen
class ResultField:
    """One field of a result: its name, the JSON Schema of its value, what it means."""

    name: str
    schema: dict[str, Any] = attrs.field(eq=False, hash=False)
    description: str


def _field(name: str, schema: dict[str, Any], description: str) -> ResultField:
    return ResultField(name, schema, description)


#: the stable fields first (FIELDS), then the rest, each in the order the output gives it
RESULT_FIELDS: tuple[ResultField, ...] = (
    _field("id", _TEXT, "The measure's id."),
    _field("title", _TEXT, "The measure's title, as a report prints it."),
    _field("theme", _TEXT, "The id of the measure's theme."),
    _field("period", _TEXT_OR_NULL, "The label of the period the figures are for, if any."),
    _field(
        "value",
        _NUMBER_OR_NULL,
        "The value before rounding, in the canonical unit (a fraction of one for percentages).",
    ),
    _field(
        "display_value", _TEXT, "The value as a report prints it, rounded half up; '-' for none."
    ),
    _field("target", _TEXT, "The target in words, as the catalogue writes it."),
    _field(
        "expected",
        _NUMBER_OR_NULL,
        "For an amount target, the amount expected by now under the target's profile.",
    ),
    _field("status", _TEXT, "The status word: met, on-track, at-risk, off-track, missed, ..."),
    _field("rag", _TEXT, "The status's colour: green, amber, red or grey."),
    _field("reason", _TEXT, "Why the status is what it is, in a sentence."),
    _field("trend", _TEXT, "The direction of travel against the previous period."),
    _field("comparison", _TEXT_OR_NULL, "The value against the measure's comparators, in words."),
    _field("flags", _TEXTS, "Data-quality flags of the rows used (provisional, estimated, ...)."),
    _field("warnings", _TEXTS, "Audit warnings, such as a printed figure that does not match."),
    _field("unit", _TEXT, "The measure's unit: percent, a count unit, another unit, or ''."),
    _field("lower", _NUMBER_OR_NULL, "The lower limit of the value's 95% confidence interval."),
    _field("upper", _NUMBER_OR_NULL, "The upper limit of the value's 95% confidence interval."),
    _field(
        "trend_last_year", _TEXT, "The direction of travel against the same period a year before."
    ),
    _field(
        "polarity",
        _TEXT,
        "Which direction is better: higher-is-better, lower-is-better, in-range or none.",
    ),
    _field(
        "target_kind",
        _TEXT,
        "The kind of target: threshold, range, amount, change, comparator, benchmark, "
        "milestone, judged, all-of or none.",
    ),
    _field(
        "target_operator",
        _TEXT_OR_NULL,
        "A threshold's comparison (>=, >, <=, <); 'between' for a range; an amount's "
        "'at-least' or 'at-most'; a change's reduce or increase; a comparator target's "
        "relation (better-than, no-worse-than, similar-to); for a benchmark, no-worse-than.",
    ),
    _field(
        "target_level",
        _NUMBER_OR_NULL,
        "The level the value is judged against: a threshold's value, an amount's whole "
        "amount, the level a change target asks for (worked out from the baseline), a "
        "comparator's or benchmark's value.",
    ),
    _field("target_low", _NUMBER_OR_NULL, "A range target's lower bound."),
    _field("target_high", _NUMBER_OR_NULL, "A range target's upper bound."),
    _field(
        "tolerance_low",
        _NUMBER_OR_NULL,
        "The lowest value still within tolerance (at-risk, not off-track) when a shortfall "
        "is a lower value; none without a tolerance.",
    ),
    _field(
        "tolerance_high",
        _NUMBER_OR_NULL,
        "The highest value still within tolerance when a shortfall is a higher value; none "
        "without a tolerance.",
    ),
    _field(
        "baseline",
        _TEXT_OR_NULL,
        "The id of the baseline a change or benchmark target was measured from.",
    ),
    _field("baseline_value", _NUMBER_OR_NULL, "That baseline's value, as used."),
    _field(
        "numerator",
        _NUMBER_OR_NULL,
        "The numerator the value was calculated from (a rate's count; a reduction's later count).",
    ),
    _field(
        "denominator",
        _NUMBER_OR_NULL,
        "The denominator the value was calculated from (a rate's population; a reduction's "
        "earlier count).",
    ),
    _field("population", _NUMBER_OR_NULL, "A rate's population (its denominator)."),
    _field(
        "previous_period",
        _TEXT_OR_NULL,
        "The label of the period before the one used, which the trend compares with.",
    ),
    _field(
        "previous_value",
        _NUMBER_OR_NULL,
        "That period's own figure, as the trend compares it (a period's figure, not a "
        "year-to-date total).",
    ),
    _field("owner", _TEXT_OR_NULL, "The measure's owner, as the catalogue names them."),
    _field("note", _TEXT_OR_NULL, "The note on the actuals row of the period used."),
)

#: the stable field names of Report.to_dicts() and the default DataFrame columns, in order
FIELDS = tuple(f.name for f in RESULT_FIELDS[:15])
#: every field of Evaluation.to_dict(), in order: FIELDS, then the rest
ALL_FIELDS = tuple(f.name for f in RESULT_FIELDS)

#: the fields of each measure that ``cspmeasures list`` gives (all text)
LIST_FIELDS = ("id", "theme", "unit", "polarity", "target", "frequency", "tolerance")
