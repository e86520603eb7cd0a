"""``cspmeasures.evaluate``: the evaluation entry points and the result classes, under the
name the documentation has always used. The engine lives in :mod:`cspmeasures.engine`,
the results in :mod:`cspmeasures.results`.
"""

from cspmeasures.engine.measure import as_date, checked_measure_ids, evaluate, evaluate_measure
from cspmeasures.fields import ALL_FIELDS, FIELDS
from cspmeasures.results import Evaluation, Report

__all__ = [
    "ALL_FIELDS",
    "FIELDS",
    "Evaluation",
    "Report",
    "as_date",
    "checked_measure_ids",
    "evaluate",
    "evaluate_measure",
]
