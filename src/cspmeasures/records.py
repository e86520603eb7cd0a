"""Actuals from records: an iterable of mappings, one per row, keyed by the CSV columns.

``load_actuals_records(records, catalogue)`` reads each record as the actuals CSV would
hold it: every value is turned into the text of its cell (``42`` as ``"42"``, ``0.1`` as
``"0.1"``, ``Decimal("42.50")`` as ``"42.50"``, a date as ``"2017-07-01"``, ``None`` as an
empty cell) and checked by the same rules, with the same messages, as
:func:`~cspmeasures.actuals.load_actuals`. A number is read as a CSV cell reads it: ``75``
for a percent measure is 75%, as ``75`` in a CSV is. Each problem is located by the
record's index (``records[3].value``, counting from 0); any problem raises
:class:`~cspmeasures.errors.ActualsError` listing them all, and nothing is loaded.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

import attrs

from cspmeasures.actuals import COLUMNS, Actuals, _Cell, _RowReader
from cspmeasures.errors import ActualsError
from cspmeasures.hints import did_you_mean
from cspmeasures.model import Catalogue

__all__ = ["RECORDS_NAME", "load_actuals_records"]

#: the name that problems with records are reported under
RECORDS_NAME = "<records>"


class _RecordReader(_RowReader):
    """The actuals row checker, for rows located by index rather than by line."""

    def __init__(self, catalogue: Catalogue, name: str, item: str) -> None:
        super().__init__(catalogue, name, [])
        self.item = item

    def row_phrase(self, token: int | str) -> str:
        return f"{self.item}[{token}]"

    def row_where(self, token: int | str) -> str:
        return f"{self.file}[{token}]"


def cell_text(value: object) -> str | None:
    """A record's value as the text of its CSV cell, or None for a type no cell holds.

    Text is stripped; an integer (numpy's too) as its digits; a float as ``repr`` (the shortest text that
    reads back as the same float; NaN and infinities as ``nan`` and ``inf``, which the
    checks refuse); a Decimal in plain notation; a date, or a date and time at midnight,
    as ``YYYY-MM-DD``; None as an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):  # int, and numpy's integers
        return str(int(value))
    if isinstance(value, numbers.Real):  # float, and numpy's floats
        number = float(value)
        return repr(number) if math.isfinite(number) else str(number)
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value).lower()
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0) or value.tzinfo is not None:
            return None
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def key_problem(key: object) -> str | None:
    """Why a record's key (or a query's column) is not an actuals column, or None."""
    name = str(key).strip().lower()
    if name in COLUMNS:
        return None
    hint = did_you_mean(name, COLUMNS)
    return f"unknown column {key!r}{hint}; expected some of: {', '.join(COLUMNS)}"


def _record_rows(
    records: Iterable[object], reader: _RecordReader
) -> Iterator[tuple[dict[str, _Cell], int, str]]:
    for index, record in enumerate(records):
        path = f"{reader.item}[{index}]"
        reader.mark = len(reader.problems)
        if not isinstance(record, Mapping):
            reader.error(
                None,
                index,
                path,
                f"expected a record (a mapping of column to value), found {type(record).__name__}",
            )
            continue
        cells: dict[str, _Cell] = {}
        for key, value in record.items():
            problem = key_problem(key)
            if problem is not None:
                reader.error(None, index, f"{path}.{key}", problem)
                continue
            name = str(key).strip().lower()
            if name in cells:
                reader.error(None, index, f"{path}.{key}", f"the column {name!r} appears twice")
                continue
            text = cell_text(value)
            if text is None:
                reader.error(
                    None,
                    index,
                    f"{path}.{name}",
                    f"expected text, a number or a date for {name!r}, found {value!r} "
                    f"({type(value).__name__})",
                )
                continue
            if text:  # an empty cell is left out, as the CSV reader leaves it
                cells[name] = _Cell(text, index, None)
        yield cells, index, path


def read_records(records: Iterable[object], catalogue: Catalogue, name: str, item: str) -> Actuals:
    """The records checked as actuals rows, problems under ``name`` at ``item[i]``."""
    reader = _RecordReader(catalogue, name, item)
    for cells, index, path in _record_rows(records, reader):
        reader.row(cells, index, path)
    if reader.problems:
        # a record has an index, not a line or column: the reader's positions are dropped
        raise ActualsError(attrs.evolve(p, line=None, column=None) for p in reader.problems)
    return Actuals(tuple(reader.observations))


def load_actuals_records(
    records: Iterable[Mapping[str, object]], catalogue: Catalogue, *, name: str = RECORDS_NAME
) -> Actuals:
    """Actuals from records (mappings keyed by the CSV columns), checked as the CSV is.

    Raises :class:`~cspmeasures.errors.ActualsError` listing every problem as
    ``NAME: records[i].column: message``; nothing is loaded when there is one.
    """
    return read_records(records, catalogue, name, "records")
