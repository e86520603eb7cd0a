"""Target kinds: one module per kind, and the registry that dispatches on them.

Each module (``threshold``, ``range``, ``amount``, ``change``, ``comparator``,
``benchmark``, ``milestone``, ``judged``, ``all_of``, ``none``) holds one
:class:`~cspmeasures.kinds._kind.Kind`: the kind's expression form, mapping form,
formatter, dumper, operator and checks. Adding a kind is one module and one line in
:data:`KINDS`. Nothing outside this package asks which class a target is; it asks its kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cspmeasures.kinds import (
    all_of,
    amount,
    benchmark,
    change,
    comparator,
    judged,
    milestone,
    none,
    range,
    threshold,
)
from cspmeasures.kinds._kind import Kind, MappingReader, Problem
from cspmeasures.model import (
    AllOfTarget,
    AmountTarget,
    BenchmarkTarget,
    ChangeTarget,
    ComparatorTarget,
    JudgedTarget,
    MilestoneTarget,
    NoTarget,
    RangeTarget,
    Target,
    ThresholdTarget,
)
from cspmeasures.quantities import ExpressionError, MeasureContext

__all__ = [
    "FORMS",
    "KINDS",
    "Kind",
    "MappingReader",
    "Problem",
    "format_target",
    "kind_of",
    "kinds_in",
    "parse_target",
    "parts_of",
    "target_to_data",
]

#: every kind by its target class, in the order the docs and messages list them
KINDS: Mapping[type, Kind[Any]] = {
    ThresholdTarget: threshold.KIND,
    RangeTarget: range.KIND,
    AmountTarget: amount.KIND,
    ChangeTarget: change.KIND,
    ComparatorTarget: comparator.KIND,
    BenchmarkTarget: benchmark.KIND,
    MilestoneTarget: milestone.KIND,
    JudgedTarget: judged.KIND,
    AllOfTarget: all_of.KIND,
    NoTarget: none.KIND,
}
#: the order an expression is tried against the kinds' forms (see Kind.precedence)
_READING_ORDER = sorted(KINDS.values(), key=lambda kind: kind.precedence)

#: every mapping form's key, with the kind it names
FORMS: Mapping[str, Kind[Any]] = {form: kind for kind in KINDS.values() for form in kind.forms}


def kind_of(target: Target) -> Kind[Any]:
    """The kind of a target."""
    return KINDS[type(target)]


def parts_of(target: Target) -> tuple[Target, ...]:
    """The targets a measure must achieve: the target itself, or an all_of's parts."""
    return kind_of(target).parts(target)


def kinds_in(target: Target) -> frozenset[str]:
    """The names of the kinds in a target and its parts."""
    names = {kind_of(target).name}
    for part in parts_of(target):
        if part is not target:
            names |= kinds_in(part)
    return frozenset(names)


def parse_target(text: str, context: MeasureContext) -> Target:
    """A target from its expression (see :mod:`cspmeasures.expressions` for the grammar)."""
    source = " ".join(text.split())
    if not source:
        raise ExpressionError("expected a target, found an empty string (write 'none' to monitor)")
    for kind in _READING_ORDER:
        target = kind.parse(source, context)
        if target is not None:
            return target  # type: ignore[no-any-return]
    raise ExpressionError(
        f"cannot read {source!r} as a target: expected e.g. '>= 75%', '840 assessments "
        "per year', '10% reduction on 2016-17', 'better than Kent', "
        "'New services in place by 2018-04-01', 'judged' or 'none'"
    )


def format_target(target: Target, context: MeasureContext) -> str:
    """A one-line description of the target, in the expression language where it can be."""
    return kind_of(target).format(target, context)


def target_to_data(target: Target, context: MeasureContext) -> Any:
    """A target in its mapping form (the form that keeps every detail)."""
    return kind_of(target).to_data(target, context)
