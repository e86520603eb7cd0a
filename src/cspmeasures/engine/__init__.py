"""The evaluation engine: a catalogue and its actuals, as at a date, give a Report.

- :mod:`cspmeasures.engine.plans`: what a compiled plan is, whose run gives a result's
  core (period, value, expected, status, trend, flags) in bulk; each target kind's plan is
  in its module of :mod:`cspmeasures.kinds`;
- :mod:`cspmeasures.engine.compile`: each measure compiled once into its kind's plan;
- :mod:`cspmeasures.engine.measure`: the complete evaluation of one measure, numbers and
  words, and :func:`evaluate` over a catalogue.

Pure: the engine reads the model, calc/ and the kinds, never the reading layer, the CLI or
rendering. Its names are imported when first used, so that a kind's module can build on
:mod:`cspmeasures.engine.plans` without loading the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cspmeasures.engine.compile import compile_measure
    from cspmeasures.engine.measure import as_date, checked_measure_ids, evaluate, evaluate_measure
    from cspmeasures.engine.plans import due_periods

__all__ = [
    "as_date",
    "checked_measure_ids",
    "compile_measure",
    "due_periods",
    "evaluate",
    "evaluate_measure",
]

_HOMES = {
    "as_date": "measure",
    "checked_measure_ids": "measure",
    "evaluate": "measure",
    "evaluate_measure": "measure",
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
