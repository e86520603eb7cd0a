"""All-of targets: every part must be achieved (``{all_of: [complete self-assessment,
{at_least: 75%}]}``); mapping form only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from cspmeasures.calc.spans import Span
from cspmeasures.calc.status import Judgement, combine_all_of, worst_status
from cspmeasures.engine.facts import Records
from cspmeasures.engine.plans import FigurePlan, RecordedPlan, Rows, When
from cspmeasures.kinds._kind import Kind, MappingReader, Verdict
from cspmeasures.model import Aggregation, AllOfTarget, Measure, Observation, Target
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Polarity, Status

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context, Figure
    from cspmeasures.periods import Period
    from cspmeasures.yamlsource import YMapping


class AllOfPlan(FigurePlan):
    """An all-of target with a figure part: each part judged, the worst status kept."""

    __slots__ = ("_kept", "figure_parts", "recorded_parts")
    judges_gaps = False
    keeps_records = True

    def __init__(
        self, measure: Measure, figure_parts: list[FigurePlan], recorded: RecordedPlan
    ) -> None:
        super().__init__(measure)
        self.figure_parts = figure_parts
        self.recorded_parts = recorded
        self._kept: tuple[Rows, When, Records] | None = None

    def records(self, rows: Rows, when: When) -> Records | None:
        """The latest records, worked out once per run (the judgement reads them first)."""
        if not self.recorded_parts.parts:
            return None
        kept = self._kept
        if kept is None or kept[0] is not rows or kept[1] is not when:
            kept = self._kept = (rows, when, self.recorded_parts.records(rows, when))
        return kept[2]

    def judge(self, value: float, final: bool, row: Observation, rows: Rows, when: When) -> Status:
        records = self.records(rows, when)
        found = self.recorded_parts.recorded(records, when) if records is not None else ([], None)
        if found is None:
            raise LookupError
        statuses = found[0] + [p.judge(value, final, row, rows, when) for p in self.figure_parts]
        return worst_status(statuses)


class AllOf(Kind[AllOfTarget]):
    name = "all-of"
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {"all_of": {"all_of": True}}

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> AllOfTarget | None:
        value, value_path = node.items[form], f"{path}.{form}"
        items = reader.sequence(value, value_path, "targets")
        if len(items) < 2:
            reader.error(
                value, value_path, f"'all_of' needs at least two targets, found {len(items)}"
            )
            return None
        parts: list[Target] = []
        for index, item in enumerate(items):
            part = reader.target(item, f"{value_path}[{index}]")
            if part is None:
                return None
            parts.append(part)
        return AllOfTarget(tuple(parts))

    def format(self, target: AllOfTarget, context: MeasureContext) -> str:
        from cspmeasures.kinds import format_target

        return " and ".join(format_target(part, context) for part in target.parts)

    def to_data(self, target: AllOfTarget, context: MeasureContext) -> Any:
        from cspmeasures.kinds import target_to_data

        return {"all_of": [target_to_data(part, context) for part in target.parts]}

    def operator(self, target: AllOfTarget, polarity: Polarity) -> None:
        return None

    def parts(self, target: AllOfTarget) -> tuple[Target, ...]:
        return target.parts

    def met_by(self, target: AllOfTarget) -> Span:
        from cspmeasures.kinds import kind_of

        met = Span()
        for part in target.parts:
            span = kind_of(part).met_by(part)
            if span is not None:
                met = met.meet(span)
        return met

    def plan(self, measure: Measure, target: AllOfTarget) -> FigurePlan | RecordedPlan | None:
        """Each part judged and the worst status kept; parts made only of records are the
        latest records'."""
        from cspmeasures.kinds import kind_of

        if measure.aggregation is not Aggregation.POINT_IN_TIME:
            return None
        records = [kind_of(part).record(part) for part in target.parts]
        recorded = [record for record in records if record is not None]
        if len(recorded) == len(target.parts):
            return RecordedPlan(measure, recorded)
        figure_parts = [
            kind_of(part).figure_plan(measure, part)
            for part, record in zip(target.parts, records, strict=True)
            if record is None
        ]
        plans = [plan for plan in figure_parts if plan is not None]
        if len(plans) < len(figure_parts) or len(target.parts) < 2:
            return None
        return AllOfPlan(measure, plans, RecordedPlan(measure, recorded))


    def needs_figure(self, target: AllOfTarget) -> bool:
        from cspmeasures.kinds import kind_of

        return any(kind_of(part).needs_figure(part) for part in target.parts)

    def judge(
        self, ctx: Context, target: AllOfTarget, period: Period, value: float, figure: Figure
    ) -> Verdict:
        """Each part judged, recorded parts on their records; the worst status kept."""
        from cspmeasures.kinds import kind_of

        judgements = []
        for part in target.parts:
            kind = kind_of(part)
            if kind.needs_figure(part):
                judgements.append(kind.judge(ctx, part, period, value, figure)[0])
            else:
                judgements.append(kind.judge_recorded(ctx, part)[0])
        return combine_all_of(judgements), None, None

    def judge_recorded(self, ctx: Context, target: AllOfTarget) -> tuple[Judgement, Period | None]:
        from cspmeasures.kinds import kind_of

        parts = [kind_of(part).judge_recorded(ctx, part) for part in target.parts]
        periods = [period for _, period in parts if period is not None]
        return combine_all_of([j for j, _ in parts]), max(periods) if periods else None

    def judge_missing(self, ctx: Context, target: AllOfTarget, missing: Judgement) -> Judgement:
        """A part judged on its records (a milestone overdue) still counts without a figure."""
        from cspmeasures.kinds import kind_of

        return combine_all_of([
            missing if kind_of(part).needs_figure(part) else kind_of(part).judge_recorded(ctx, part)[0]
            for part in target.parts
        ])


KIND = AllOf()
