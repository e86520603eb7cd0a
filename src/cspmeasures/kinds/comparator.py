"""Comparator targets: a comparison with another area (``better than Kent``, ``no worse
than England``, ``similar to CIPFA neighbours``); mapping form ``{better_than: kent}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from cspmeasures.kinds._kind import Kind, MappingReader
from cspmeasures.model import ComparatorTarget
from cspmeasures.quantities import MeasureContext
from cspmeasures.vocabulary import Polarity

if TYPE_CHECKING:
    from cspmeasures.yamlsource import YMapping

Relation = Literal["better-than", "no-worse-than", "similar-to"]
RELATIONS: dict[str, Relation] = {
    "better than": "better-than",
    "no worse than": "no-worse-than",
    "similar to": "similar-to",
}
#: the mapping form's keys and the relation each means
MAPPING_KEYS: dict[str, Relation] = {
    "better_than": "better-than",
    "no_worse_than": "no-worse-than",
    "similar_to": "similar-to",
}


class Comparator(Kind[ComparatorTarget]):
    name = "comparator"
    precedence = 2
    forms: ClassVar[Mapping[str, Mapping[str, bool]]] = {key: {key: True} for key in MAPPING_KEYS}

    def parse(self, source: str, context: MeasureContext) -> ComparatorTarget | None:
        lowered = source.lower()
        for word, relation in RELATIONS.items():
            if lowered.startswith(word + " "):
                return ComparatorTarget(relation, source[len(word) :].strip())
        return None

    def from_mapping(
        self, reader: MappingReader, node: YMapping, form: str, path: str, context: MeasureContext
    ) -> ComparatorTarget | None:
        name = reader.text(node.items[form], f"{path}.{form}", "a comparator's id")
        return None if name is None else ComparatorTarget(MAPPING_KEYS[form], name)

    def format(self, target: ComparatorTarget, context: MeasureContext) -> str:
        return f"{target.relation.replace('-', ' ')} {target.comparator}"

    def to_data(self, target: ComparatorTarget, context: MeasureContext) -> Any:
        return {target.relation.replace("-", "_"): target.comparator}

    def operator(self, target: ComparatorTarget, polarity: Polarity) -> str:
        return target.relation

    def comparator(self, target: ComparatorTarget) -> str:
        return target.comparator


KIND = Comparator()
