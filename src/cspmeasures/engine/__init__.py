"""The evaluation engine: a catalogue and its actuals, as at a date, give a Report.

- :mod:`cspmeasures.engine.plans`: each measure compiled once into a plan, whose run gives
  a result's core (period, value, expected, status, trend, flags) in bulk;
- :mod:`cspmeasures.engine.measure`: the complete evaluation of one measure, numbers and
  words, and :func:`evaluate` over a catalogue.

Pure: the engine reads the model and calc/, never the reading layer, the CLI or rendering.
"""

from cspmeasures.engine.measure import as_date, checked_measure_ids, evaluate, evaluate_measure
from cspmeasures.engine.plans import compile_measure, due_periods

__all__ = [
    "as_date",
    "checked_measure_ids",
    "compile_measure",
    "due_periods",
    "evaluate",
    "evaluate_measure",
]
