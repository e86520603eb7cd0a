"""Judged targets: a qualitative aim, for which the partnership records a judgement and
its evidence (``judged``); mapping form ``{judged: what a good outcome looks like}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from cspmeasures.calc.status import Judgement
from cspmeasures.engine.plans import Record, RecordedPlan
from cspmeasures.kinds._kind import Kind, MappingReader
from cspmeasures.model import JudgedTarget, Measure
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Status

if TYPE_CHECKING:
    from cspmeasures.engine.context import Context
    from cspmeasures.periods import Period
    from cspmeasures.yamlsource import YMapping


class Judged(Kind[JudgedTarget]):
    name = "judged"
    precedence = 1
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {"judged": {"judged": True}}
    recorded = True
    fits_in_range = True

    def parse(self, source: str, context: MeasureContext) -> JudgedTarget | None:
        return JudgedTarget("") if source.lower() == "judged" else None

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> JudgedTarget | None:
        description = reader.text(
            node.items[form], f"{path}.{form}", "what a good outcome looks like"
        )
        return None if description is None else JudgedTarget(description)

    def format(self, target: JudgedTarget, context: MeasureContext) -> str:
        return f"judged: {target.description}" if target.description else "judged"

    def to_data(self, target: JudgedTarget, context: MeasureContext) -> Any:
        return {"judged": target.description} if target.description else "judged"

    def plan(self, measure: Measure, target: JudgedTarget) -> RecordedPlan:
        """The latest state or judgement recorded in the year so far."""
        return RecordedPlan(measure, [self.record(target)])

    def record(self, target: JudgedTarget) -> Record:
        return Record(False)


    def judge_recorded(self, ctx: Context, target: JudgedTarget) -> tuple[Judgement, Period | None]:
        """The partnership's latest recorded judgement, with its evidence."""
        row = ctx.latest_row("judgement")
        if row is None or row.judgement is None:
            evidence = ctx.latest_row("evidence")
            reason = "no judgement recorded"
            if evidence is not None:
                reason += f"; latest evidence ({evidence.period.label}): {evidence.evidence}"
            return Judgement(Status.NO_DATA, reason), evidence.period if evidence else None
        reason = f"judged {row.judgement.value} by the partnership"
        if row.evidence:
            reason += f": {row.evidence}"
        return Judgement(row.judgement, reason), row.period


KIND = Judged()
