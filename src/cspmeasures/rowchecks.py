"""The checks of an actuals row, stated once for one row and for columns of rows.

Every row of actuals, from CSV, YAML, records, SQL, a workbook or a DataFrame, passes the
same checks. Each check here has the test on one row (``row``: numbers or None) next to
the same test on columns (``columns``: numpy arrays, NaN for an empty cell), and the
message the actuals loader gives. :class:`cspmeasures.actuals` asks the row forms and
reports each problem at its cell; :func:`cspmeasures.frame.evaluate_frame` asks the column
forms, and sends any row they refuse to the loader, which says why.
``tests/test_rowchecks.py`` holds the two forms of every check equal.

``CELL_CHECKS`` concern one number cell (value, numerator or denominator); the first that
refuses a cell is its problem. ``ROW_CHECKS`` concern the row's cells together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from cspmeasures.calc.rounding import MAX_DECIMALS
from cspmeasures.model import (
    MAX_FIGURE,
    CountOf,
    DirectValue,
    Measure,
    RatePer,
    Ratio,
    ReductionOf,
)
from cspmeasures.units import printed_number, printed_places, printed_too_precisely
from cspmeasures.vocabulary import Flag

if TYPE_CHECKING:
    import numpy as np

    Array = np.ndarray[Any, Any]

__all__ = [
    "CELL_CHECKS",
    "COUNT",
    "RATE",
    "RATIO",
    "REDUCTION",
    "ROW_CHECKS",
    "VALUE",
    "CellCheck",
    "Columns",
    "Row",
    "RowCheck",
    "calculation_code",
    "flag_words",
]

#: how a measure is calculated, as a code a column holds
VALUE, COUNT, RATIO, RATE, REDUCTION = range(5)


def calculation_code(measure: Measure) -> int:
    """The measure's calculation as a code: VALUE, COUNT, RATIO, RATE or REDUCTION."""
    calculation = measure.calculation
    if isinstance(calculation, Ratio):
        return RATIO
    if isinstance(calculation, RatePer):
        return RATE
    if isinstance(calculation, ReductionOf):
        return REDUCTION
    return COUNT if isinstance(calculation, CountOf) else VALUE


@attrs.frozen
class Row:
    """One row as the checks see it: its numbers (None when empty), its measure's
    calculation (a code) and unit, and what else it records."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    calculation: int = VALUE
    percent: bool = False
    #: flagged suppressed or not yet available; suppressed
    gone: bool = False
    suppressed: bool = False
    #: flagged at all
    flagged: bool = False
    state: bool = False
    judgement: bool = False
    evidence: bool = False
    reported: str | None = None
    #: the measure's target has a milestone part, a judged part
    milestone_target: bool = False
    judged_target: bool = False


@attrs.frozen
class Columns:
    """Rows as the checks see them, a numpy array per field (NaN for an empty number,
    "" for no printed figure)."""

    value: Array
    numerator: Array
    denominator: Array
    calculation: Array
    percent: Array
    gone: Array
    flagged: Array
    state: Array
    judgement: Array
    evidence: Array
    reported: list[str]
    milestone_target: Array
    judged_target: Array


_FLAG_WORDS = {f.value: f for f in Flag}
_FLAG_SPLIT = re.compile(r"[;,]\s*|\s+")


def flag_words(text: str) -> list[tuple[str, Flag | None]]:
    """Each word of a flag cell ("suppressed; provisional") with the flag it names, or
    None for a word that names no flag."""
    return [(part, _FLAG_WORDS.get(part.lower())) for part in _FLAG_SPLIT.split(text.strip())]


FLAG_NAMES = tuple(_FLAG_WORDS)


def _np() -> Any:
    import numpy

    return numpy


# -- one number cell ------------------------------------------------------------------------


@attrs.frozen
class CellCheck:
    """A check of one number cell (``name``: value, numerator or denominator)."""

    #: what the check asks, in a few words
    what: str
    #: refused? for one cell's number, the cell's name, the calculation code and percent
    row: Callable[[float, str, int, bool], bool]
    #: the same for a column of numbers (NaN: empty, never refused)
    columns: Callable[[Array, str, Array, Array], Array]
    #: the message, from the cell's name, its text and the measure
    message: Callable[[str, str, Measure], str]


def _is_infinite(number: float) -> bool:
    return number != number or number in (float("inf"), float("-inf"))


def _negative_allowed(name: str, calculation: int, percent: bool) -> bool:
    """A plain value may be negative (a change, a balance); a count, a proportion, a rate,
    a percentage and any numerator or denominator may not."""
    return name == "value" and calculation in (VALUE, REDUCTION) and not percent


def _negative_refused_columns(name: str, calculation: Array, percent: Array) -> Array:
    if name != "value":
        refused: Array = _np().ones(len(calculation), dtype=bool)
        return refused
    refused = ((calculation >= COUNT) & (calculation <= RATE)) | percent
    return refused


def _whole(numbers: Array) -> Array:
    whole: Array = _np().floor(numbers) == numbers
    return whole


CELL_CHECKS: tuple[CellCheck, ...] = (
    CellCheck(
        "a finite number",
        lambda x, name, calc, pct: _is_infinite(x),
        lambda x, name, calc, pct: _np().isinf(x),
        lambda name, text, m: f"expected a finite number, found {text!r}",
    ),
    CellCheck(
        "at most 10^15",
        lambda x, name, calc, pct: abs(x) > MAX_FIGURE,
        lambda x, name, calc, pct: _np().abs(x) > MAX_FIGURE,
        lambda name, text, m: f"the {name} {text!r} is too large: figures are at most 10^15",
    ),
    CellCheck(
        "not negative",
        lambda x, name, calc, pct: x < 0 and not _negative_allowed(name, calc, pct),
        lambda x, name, calc, pct: (x < 0) & _negative_refused_columns(name, calc, pct),
        lambda name, text, m: f"the {name} cannot be negative, found {text!r}",
    ),
    CellCheck(
        "a whole count",
        lambda x, name, calc, pct: (
            name == "value" and calc == COUNT and math.isfinite(x) and x != math.floor(x)
        ),
        lambda x, name, calc, pct: (calc == COUNT) & _np().isfinite(x) & ~_whole(x)
        if name == "value"
        else _np().zeros(len(x), dtype=bool),
        lambda name, text, m: f"{m.id} is a count: expected a whole number, found {text!r}",
    ),
)


# -- the row's cells together --------------------------------------------------------------

#: when the loader asks a check: always; only when every cell of the row was read; only
#: when the row has no problem yet (a bad cell already explains what it would say)
When = Literal["always", "cells read", "no problem"]


@attrs.frozen
class RowCheck:
    """A check of a row's cells together."""

    what: str
    #: the cells the problem is reported at (the first the row has)
    cells: tuple[str, ...]
    #: the key the problem's path ends with, or None for the row
    key: str | None
    row: Callable[[Row], bool]
    columns: Callable[[Columns], Array]
    #: the message, from the measure, the row and the texts of its cells
    message: Callable[[Measure, Row, dict[str, str]], str]
    when: When = "always"


def _given(column: Array) -> Array:
    return ~_np().isnan(column)  # type: ignore[no-any-return]


def _components(row: Row) -> bool:
    return row.numerator is not None or row.denominator is not None


def _takes_value(calculation: int) -> bool:
    return calculation in (VALUE, COUNT)


def _below_one(calculation: int, denominator: float | None) -> bool:
    return (
        calculation in (RATE, REDUCTION) and denominator is not None and 0 < denominator < 1
    )


def _below_one_message(m: Measure, row: Row, texts: dict[str, str]) -> str:
    calculation = m.calculation
    wanted = (
        f"the '{calculation.before}' figure is a count: expected 0 or at least 1"
        if isinstance(calculation, ReductionOf)
        else "a rate's population is a number of people: expected at least 1"
    )
    return f"{wanted}, found {texts.get('denominator', '')!r}"


ROW_CHECKS: tuple[RowCheck, ...] = (
    RowCheck(
        "a value, not components, for a value or count",
        ("numerator", "denominator"),
        None,
        lambda r: _components(r) and _takes_value(r.calculation),
        lambda c: (_given(c.numerator) | _given(c.denominator)) & (c.calculation <= COUNT),
        lambda m, r, t: f"{m.id} takes a value, not a numerator and denominator",
    ),
    RowCheck(
        "both components or neither",
        ("numerator", "denominator"),
        None,
        lambda r: (r.numerator is None) != (r.denominator is None),
        lambda c: _given(c.numerator) != _given(c.denominator),
        lambda m, r, t: "give both the numerator and the denominator",
        when="cells read",
    ),
    RowCheck(
        "components, not a value, for a calculated measure",
        ("value",),
        "value",
        lambda r: r.value is not None and not _takes_value(r.calculation),
        lambda c: _given(c.value) & (c.calculation > COUNT),
        lambda m, r, t: (
            f"{m.id} is calculated as {m.calculation.kind}: give its numerator and "
            "denominator, not the value (keep a printed figure under 'reported')"
        ),
    ),
    RowCheck(
        "a proportion's numerator at most its denominator",
        ("numerator",),
        "numerator",
        lambda r: (
            r.calculation == RATIO
            and r.numerator is not None
            and r.denominator is not None
            and r.numerator > r.denominator
        ),
        lambda c: (c.calculation == RATIO) & (c.numerator > c.denominator),
        lambda m, r, t: (
            f"the numerator {r.numerator or 0.0:g} is greater than the denominator "
            f"{r.denominator or 0.0:g}"
        ),
    ),
    RowCheck(
        "a rate's population above zero",
        ("denominator",),
        "denominator",
        lambda r: r.calculation == RATE and r.denominator == 0,
        lambda c: (c.calculation == RATE) & (c.denominator == 0),
        lambda m, r, t: "a rate needs a population greater than zero",
    ),
    RowCheck(
        "a population or earlier count of 0 or at least 1",
        ("denominator",),
        "denominator",
        lambda r: _below_one(r.calculation, r.denominator),
        lambda c: ((c.calculation == RATE) | (c.calculation == REDUCTION))
        & (c.denominator > 0)
        & (c.denominator < 1),
        _below_one_message,
    ),
    RowCheck(
        "a printed figure auditable",
        ("reported",),
        "reported",
        lambda r: r.reported is not None and printed_too_precisely(r.reported),
        lambda c: _np().array([bool(t) and printed_too_precisely(t) for t in c.reported], dtype=bool),
        lambda m, r, t: (
            f"the reported figure {t.get('reported', '')!r} has "
            f"{printed_places(printed_number(t.get('reported', '')) or Decimal(0))} decimal "
            f"places: a figure is printed with at most {MAX_DECIMALS}"
        ),
    ),
    RowCheck(
        "no figure on a suppressed or not-yet-available row",
        ("flag",),
        "flag",
        lambda r: r.gone and (r.value is not None or _components(r)),
        lambda c: c.gone & (_given(c.value) | _given(c.numerator) | _given(c.denominator)),
        lambda m, r, t: (
            f"a row flagged {'suppressed' if r.suppressed else 'not yet available'} carries "
            "no figure: remove the value or the flag"
        ),
    ),
    RowCheck(
        "a state only for a milestone",
        ("state",),
        "state",
        lambda r: r.state and not r.milestone_target,
        lambda c: c.state & ~c.milestone_target,
        lambda m, r, t: f"{m.id} has no milestone target: a state does not apply",
    ),
    RowCheck(
        "a judgement only for a judged target",
        ("judgement",),
        "judgement",
        lambda r: r.judgement and not r.judged_target,
        lambda c: c.judgement & ~c.judged_target,
        lambda m, r, t: f"{m.id} has no judged target: a recorded judgement does not apply",
    ),
    RowCheck(
        "something recorded",
        ("measure",),
        None,
        lambda r: (
            r.value is None
            and not _components(r)
            and not (r.state or r.judgement or r.flagged or r.evidence)
        ),
        lambda c: ~_given(c.value)
        & ~_given(c.numerator)
        & ~_given(c.denominator)
        & ~(c.state | c.judgement | c.flagged | c.evidence),
        lambda m, r, t: "the row has no figure, state, judgement, evidence or flag",
        when="no problem",
    ),
)


def takes_value(measure: Measure) -> bool:
    """Whether the measure's rows give a value (a value or a count), not components."""
    return isinstance(measure.calculation, (DirectValue, CountOf))
