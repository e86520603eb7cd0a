"""The evaluation engine: a catalogue and its actuals, as at a date, give a Report.

- :mod:`cspmeasures.engine.facts`: :class:`Facts`, every number and choice of one result;
- :mod:`cspmeasures.engine.plans`: what a compiled plan is, whose run gives a measure's
  facts in bulk; each target kind's plan is in its module of :mod:`cspmeasures.kinds`;
- :mod:`cspmeasures.engine.compile`: each measure compiled once into its kind's plan;
- :mod:`cspmeasures.engine.context`: what judging reads, and how values are shown;
- :mod:`cspmeasures.engine.judge`: the general judgement of one measure;
- :mod:`cspmeasures.engine.measure`: facts from the actuals, and :func:`evaluate` over a
  catalogue;
- :mod:`cspmeasures.engine.words`: the words of a result, from its measure and facts.

Pure: the engine reads the model, calc/ and the kinds, never the reading layer, the CLI or
rendering. Its names are imported when first used, so that a kind's module can build on
:mod:`cspmeasures.engine.plans` without loading the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cspmeasures.engine.compile import compile_measure
    from cspmeasures.engine.facts import Facts
    from cspmeasures.engine.measure import (
        as_date,
        checked_measure_ids,
        evaluate,
        evaluate_measure,
        measure_facts,
    )
    from cspmeasures.engine.plans import due_periods
    from cspmeasures.engine.words import write_words

__all__ = [
    "Facts",
    "as_date",
    "checked_measure_ids",
    "compile_measure",
    "due_periods",
    "evaluate",
    "evaluate_measure",
    "measure_facts",
    "write_words",
]

_HOMES = {
    "as_date": "measure",
    "checked_measure_ids": "measure",
    "evaluate": "measure",
    "evaluate_measure": "measure",
    "measure_facts": "measure",
    "Facts": "facts",
    "write_words": "words",
    "compile_measure": "compile",
    "due_periods": "plans",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cspmeasures.engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"cspmeasures.engine.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
