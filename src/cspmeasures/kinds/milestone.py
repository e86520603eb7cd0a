"""Milestone targets: something to be done, with an optional due date (``New services in
place by 2018-04-01``); mapping form ``{milestone: New services in place, due: 2018-04-01}``.
Judged from the state the partnership records, not from a figure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from cspmeasures.calc.status import Judgement, judge_milestone
from cspmeasures.engine.plans import Record, RecordedPlan
from cspmeasures.kinds._kind import Kind, MappingReader
from cspmeasures.model import Measure, MilestoneTarget
from cspmeasures.quantities import MeasureContext, read_date

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context
    from cspmeasures.periods import Period
    from cspmeasures.yamlsource import YMapping

#: '... by 2018-03-31' (or any date parse_date reads: '... by 31/03/2018', '... by 31 Mar 2018')
_MILESTONE = re.compile(
    r"^(?P<text>.+?)\s+(?:by|due)\s+"
    r"(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}[ -][A-Za-z]+\.?[ -]\d{4})$"
)


class Milestone(Kind[MilestoneTarget]):
    name = "milestone"
    precedence = 5
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {
        "milestone": {"milestone": True, "due": False}
    }
    recorded = True
    fits_in_range = True

    def parse(self, source: str, context: MeasureContext) -> MilestoneTarget | None:
        milestone = _MILESTONE.match(source)
        if not milestone:
            return None
        return MilestoneTarget(milestone["text"], read_date(milestone["date"]))

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> MilestoneTarget | None:
        description = reader.text(node.items[form], f"{path}.{form}", "what is to be done")
        due = None
        if "due" in node.items:
            due_node = node.items["due"]
            due_text = reader.text(due_node, f"{path}.due", "a date such as 31/03/2018")
            if due_text is not None:
                due = reader.attempt(due_node, f"{path}.due", lambda: read_date(due_text))
                if due is None:
                    return None
        return None if description is None else MilestoneTarget(description, due)

    def format(self, target: MilestoneTarget, context: MeasureContext) -> str:
        if target.due is None:
            return target.description
        return f"{target.description} by {target.due.isoformat()}"

    def to_data(self, target: MilestoneTarget, context: MeasureContext) -> Any:
        data = {"milestone": target.description}
        if target.due is not None:
            data["due"] = target.due.isoformat()
        return data

    def plan(self, measure: Measure, target: MilestoneTarget) -> RecordedPlan:
        """The latest state or judgement recorded in the year so far."""
        return RecordedPlan(measure, [self.record(target)])

    def record(self, target: MilestoneTarget) -> Record:
        return Record(True, target.due)


    def judge_recorded(
        self, ctx: Context, target: MilestoneTarget
    ) -> tuple[Judgement, Period | None]:
        """The latest recorded state against the due date, with its evidence."""
        final = ctx.day >= ctx.year.end
        row = ctx.latest_row("state")
        state = row.state.value if row is not None and row.state is not None else None
        judgement = judge_milestone(state, due=target.due, as_of=ctx.day, final=final)  # type: ignore[arg-type]
        reason = judgement.reason
        if row is None:
            evidence = ctx.latest_row("evidence")
            reason = "no milestone state recorded" + (
                f"; latest evidence ({evidence.period.label}): {evidence.evidence}"
                if evidence
                else ""
            )
        elif row.evidence:
            reason += f"; evidence ({row.period.label}): {row.evidence}"
        return Judgement(judgement.status, reason), row.period if row else None


KIND = Milestone()
