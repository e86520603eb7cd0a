"""All-of targets: every part must be achieved (``{all_of: [complete self-assessment,
{at_least: 75%}]}``); mapping form only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from cspmeasures.calc.spans import Span
from cspmeasures.kinds._kind import Kind, MappingReader
from cspmeasures.model import AllOfTarget, Target
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Polarity

if TYPE_CHECKING:
    from cspmeasures.yamlsource import YMapping


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


KIND = AllOf()
