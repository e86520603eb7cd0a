"""What a target kind provides. Each kind is one module of :mod:`cspmeasures.kinds`
holding one :class:`Kind`; the registry dispatches on the target's class.

A kind reads its expression form (``>= 75%``) and its mapping form (``{at_least: 75%}``),
writes both back, names its operator, and says what a measure with it must be
(``checks``). The defaults below are what a kind without that feature does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

import attrs

from cspmeasures.calc.spans import Span
from cspmeasures.model import Measure, Target
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Polarity

if TYPE_CHECKING:
    from cspmeasures.calc.status import Judgement
    from cspmeasures.engine.context import Context, Figure
    from cspmeasures.engine.plans import FigurePlan, Plan, Record
    from cspmeasures.model import Baseline, Measure
    from cspmeasures.periods import Calendar, Frequency, Period
    from cspmeasures.yamlsource import YMapping, YNode

__all__ = ["Kind", "MappingReader", "Problem", "TargetNumbers", "Verdict"]

T = TypeVar("T")
V = TypeVar("V")

#: a problem with a measure's keys: the key it is at (``polarity``, ``target``,
#: ``target.profile``) and the message
Problem = tuple[str, str]


#: a figure's judgement against a target, the amount expected by now (amount targets) and
#: the percent of the target met (for status rules)
Verdict = tuple["Judgement", float | None, float | None]


@attrs.frozen
class TargetNumbers:
    """The target as data, in the measure's canonical unit: its level (or range), the
    tolerance's edges in force and the baseline used (see ``RESULT_FIELDS``)."""

    level: float | None = None
    low: float | None = None
    high: float | None = None
    tolerance_low: float | None = None
    tolerance_high: float | None = None
    baseline: str | None = None
    baseline_value: float | None = None


class MappingReader(Protocol):
    """What a kind's mapping form is read with: the catalogue reader, which reports each
    problem at its node (file, line and column) and carries on."""

    def error(self, node: YNode | None, path: str, message: str) -> None: ...

    def text(self, node: YNode | None, path: str, what: str = "text") -> str | None: ...

    def optional_text(self, mapping: YMapping, key: str, path: str) -> str | None: ...

    def level(self, node: YNode, path: str, context: MeasureContext) -> float | None: ...

    def sequence(self, node: YNode | None, path: str, what: str) -> list[YNode]: ...

    def word(self, node: YNode | None, path: str, words: dict[str, V], what: str) -> V | None: ...

    def attempt(self, node: YNode | None, path: str, action: Callable[[], V]) -> V | None: ...

    def target(self, node: YNode, path: str) -> Target | None: ...


class Kind(Generic[T]):
    """One target kind: its name, its class and how it is read, written and checked."""

    #: the kind's name, as ``Target.kind`` and the ``target_kind`` result field give it
    name: ClassVar[str]
    #: the mapping keys that name this kind, each with the keys its mapping may have
    #: (True when required)
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {}
    #: judged from a recorded state or judgement, not from a figure
    recorded: ClassVar[bool] = False
    #: has a direction, so needs a polarity higher- or lower-is-better
    directed: ClassVar[bool] = False
    #: may stand on an in-range measure
    fits_in_range: ClassVar[bool] = False
    #: judged on the period's figure alone, with no baseline, comparator or span: the
    #: columnar path (:func:`cspmeasures.evaluate_frame`) covers it
    columnar: ClassVar[bool] = False
    #: no target: a context figure, monitored
    monitor: ClassVar[bool] = False
    #: where the kind's expression form is tried, lowest first: the first kind that reads
    #: an expression wins (a milestone "10% reduction on X by 2018-04-01" before a change;
    #: a threshold, which reads any number, last)
    precedence: ClassVar[int] = 50

    def parse(self, source: str, context: MeasureContext) -> T | None:
        """The target, when ``source`` (spaces collapsed) is in this kind's expression form."""
        return None

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> T | None:
        """The target from its mapping form (``form`` is the key that named the kind)."""
        raise NotImplementedError(self.name)  # pragma: no cover - every kind with forms has it

    def format(self, target: T, context: MeasureContext) -> str:
        """The target in one line, in the expression language where it can be."""
        raise NotImplementedError(self.name)  # pragma: no cover

    def to_data(self, target: T, context: MeasureContext) -> Any:
        """The target in its mapping form (the form that keeps every detail)."""
        raise NotImplementedError(self.name)  # pragma: no cover

    def operator(self, target: T, polarity: Polarity) -> str | None:
        """How the value is held to the target, as a word (the ``target_operator`` field)."""
        return None

    def parts(self, target: T) -> tuple[Target, ...]:
        """The targets a measure must achieve: the target itself, or an all_of's parts."""
        return (target,)  # type: ignore[return-value]

    def baseline(self, target: T) -> str | None:
        """The id of the baseline the target refers to, if any."""
        return None

    def comparator(self, target: T) -> str | None:
        """The id of the comparator the target refers to, if any."""
        return None

    def plan(self, measure: Measure, target: T) -> Plan | None:
        """The measure's compiled plan (see :mod:`cspmeasures.engine.plans`), or None when
        only the general judgement can judge it: by default the figure plan of a
        point-in-time measure."""
        from cspmeasures.model import Aggregation

        if measure.aggregation is not Aggregation.POINT_IN_TIME:
            return None
        return self.figure_plan(measure, target)

    def figure_plan(self, measure: Measure, target: T) -> FigurePlan | None:
        """The plan judging the target on the period's figure alone, or None."""
        return None

    def record(self, target: T) -> Record | None:
        """How the target is judged from the records, when it is (see ``recorded``)."""
        return None

    def met_by(self, target: T) -> Span | None:
        """The values that meet the target, when they are one interval."""
        return None

    def adding_up(self, target: T, frequency: Frequency) -> str | None:
        """How the target adds a measure's figures up, when it does so itself (explain
        says it); None when the measure's aggregation decides."""
        return None

    def baseline_problems(
        self, target: T, baseline: Baseline | None, calendar: Calendar, frequency: Frequency
    ) -> list[str]:
        """What the declared baseline the target names (None when it names none, or a
        comparison basis) must be for this target."""
        return []

    def checks(
        self,
        target: T,
        polarity: Polarity | None,
        unit: str,
        frequency: Frequency,
        polarity_at: str = "",
    ) -> list[Problem]:
        """What the measure's other keys must be for this target (``polarity_at`` names
        where the polarity is written, such as " (line 7)")."""
        return []

    # -- the general judgement (cspmeasures.engine.judge) -------------------------------

    def needs_figure(self, target: T) -> bool:
        """Whether the target is judged on a figure (else on the records alone)."""
        return not self.recorded

    def judge(self, ctx: Context, target: T, period: Period, value: float, figure: Figure) -> Verdict:
        """The judgement of the period's figure (``value``, perhaps rounded) in words."""
        raise NotImplementedError(self.name)  # pragma: no cover - recorded kinds are not

    def judge_recorded(self, ctx: Context, target: T) -> tuple[Judgement, Period | None]:
        """The judgement from the latest record, and the period it comes from."""
        raise NotImplementedError(self.name)  # pragma: no cover - only recorded kinds are

    def judge_span(self, ctx: Context, target: T, period: Period) -> tuple[Verdict, Figure] | None:
        """The verdict and figure of a target that adds figures up over its own span
        (an amount), whatever the period's figure; None for a target judged on that."""
        return None

    def judge_missing(self, ctx: Context, target: T, missing: Judgement) -> Judgement:
        """The judgement when the period has no figure (``missing`` says why)."""
        return missing

    def numbers(self, ctx: Context, target: T, expected: float | None) -> TargetNumbers:
        """The target as data for the result (``expected``: the amount expected by now)."""
        return TargetNumbers()
