"""Actuals: the figures a partnership collects, read from CSV or YAML and checked.

A row gives one measure's figure for one period: a value, or a numerator and a
denominator, or a milestone state, or a recorded judgement with its evidence, with
optional data-quality flags, the figure as printed in a report (kept for audit) and a
note. ``load_actuals(path, catalogue)`` returns :class:`Actuals` or raises
:class:`~cspmeasures.errors.ActualsError` listing every problem with file and line.

CSV columns (header required, any order): ``measure, period, value, numerator,
denominator, reported, flag, state, judgement, evidence, note``; only ``measure`` and
``period`` are required. YAML: a mapping with an ``actuals:`` list of rows with the same
keys. Excel workbooks (``.xlsx``) are read by :mod:`cspmeasures.xlsx` into the same row
checks. A decimal comma (``0,753``) is refused unless ``decimal_comma`` is given: it is
never read as a thousands separator.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
from collections.abc import Callable, Iterable

import attrs

from cspmeasures.catalogue import HISTORY_YEARS, earliest_period_start, read_bytes
from cspmeasures.errors import ActualsError, CatalogueError, PeriodError, Problem
from cspmeasures.expressions import ExpressionError, MeasureContext, parse_value
from cspmeasures.hints import did_you_mean
from cspmeasures.kinds import kinds_in
from cspmeasures.model import (
    JUDGEMENTS,
    Actuals,
    Catalogue,
    CountOf,
    Measure,
    Observation,
)
from cspmeasures.periods import Period, parse_period
from cspmeasures.rowchecks import (
    CELL_CHECKS,
    FLAG_NAMES,
    ROW_CHECKS,
    Row,
    calculation_code,
    flag_words,
)
from cspmeasures.safetext import refusal
from cspmeasures.units import (
    UnitProblem,
    read_number,
)
from cspmeasures.vocabulary import Flag, MilestoneState
from cspmeasures.yamlsource import (
    EncodingProblem,
    YMapping,
    YNode,
    YScalar,
    YSequence,
    decode,
    parse_yaml,
)

__all__ = [
    "COLUMNS",
    "MAX_ACTUALS_BYTES",
    "Actuals",
    "Flag",
    "MilestoneState",
    "Observation",
    "load_actuals",
    "loads_actuals",
]

MAX_ACTUALS_BYTES = 256 * 1024 * 1024
_STATES = {s.value: s for s in MilestoneState}

COLUMNS = (
    "measure",
    "period",
    "value",
    "numerator",
    "denominator",
    "reported",
    "flag",
    "state",
    "judgement",
    "evidence",
    "note",
)
_REQUIRED = ("measure", "period")
_MISSING = {"", "-", "n/a", "na", "null", "none"}
#: a number as most cells hold it ("42", "44.4%"): read through the measure's context,
#: which alone decides its value, so the reading is cached
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)%?")
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")
#: 1,234 and 12,345.6: the first group has no leading zero, so '0,753' is not thousands
_THOUSANDS = re.compile(r"^[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]+)?%?$")
#: 0,753 and 1.234,5: a number written with a decimal comma
_DECIMAL_COMMA = re.compile(r"^[+-]?(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+),[0-9]+%?$")
#: 1.234 in a file read with decimal commas: a thousands dot or a decimal point?
_DOTTED = re.compile(r"^[+-]?[0-9]*\.[0-9]+%?$")
_NOT_FINITE = re.compile(r"^[+-]?\.?(nan|inf|infinity)\s*%?$", re.IGNORECASE)


@attrs.define
class _Cell:
    text: str
    line: int
    column: int | None


class _RowReader:
    """Checks rows against the catalogue, collecting every problem.

    Rows come from a row source (CSV, YAML, a worksheet) as cells with their line (or
    sheet row) and column; :meth:`place` and :meth:`row_location` say where that is.
    """

    def __init__(
        self, catalogue: Catalogue, file: str, lines: list[str], *, decimal_comma: bool = False
    ) -> None:
        self.catalogue = catalogue
        self.file = file
        self.lines = lines
        self.decimal_comma = decimal_comma
        self.problems: list[Problem] = []
        self.measures = {m.id: m for m in catalogue.measures}
        self.count_units = frozenset(u.name for u in catalogue.units)
        #: where each (measure, period) was first given: its row_token
        self.seen: dict[tuple[str, Period], int | str] = {}
        self.contexts: dict[str, MeasureContext] = {}
        self.observations: list[Observation] = []
        #: the number of problems before the current row (set by the row readers), so that a
        #: row's own problems are told apart from earlier rows'
        self.mark = 0
        year = catalogue.year
        self.latest = year.end
        self.earliest = earliest_period_start(year)

    def place(self, line: int, column: int | None) -> str | None:
        """A spreadsheet's name for a cell or row (none for text files)."""
        return None

    def row_token(self, line: int) -> int | str:
        """A row's place as written after the file name: its line, ``5``."""
        return line

    def row_phrase(self, token: int | str) -> str:
        """A row's place (its :meth:`row_token`) in a sentence: ``on line 5``."""
        return f"on line {token}"

    def row_where(self, token: int | str) -> str:
        """A row's place (its :meth:`row_token`) as an Observation keeps it: ``FILE:5``."""
        return f"{self.file}:{token}"

    def error(
        self, cell: _Cell | None, line: int, path: str, message: str, also: str | None = None
    ) -> None:
        line = cell.line if cell is not None else line
        column = cell.column if cell is not None else None
        snippet = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        place = self.place(line, column)
        self.problems.append(Problem(message, self.file, line, column, path, snippet, also, place))

    def row(self, cells: dict[str, _Cell], line: int, path: str) -> None:
        before = min(self.mark, len(self.problems))
        if self._refused_text(cells, line, path):
            return
        measure_cell = cells.get("measure")
        period_cell = cells.get("period")
        measure = self._measure(measure_cell, line, path)
        if period_cell is None or not period_cell.text:
            self.error(period_cell, line, f"{path}.period", "the row has no period")
            return
        if measure is None:
            return
        period = self._period(period_cell, measure, line, path)
        if period is None:
            return
        key = (measure.id, period)
        if key in self.seen:
            first = self.seen[key]
            self.error(
                measure_cell,
                line,
                path,
                f"a second row for {measure.id} in {period.label}: the first is "
                f"{self.row_phrase(first)}",
                also=f"first at {self.row_where(first)}",
            )
            return
        token = self.seen[key] = self.row_token(line)
        context = self.contexts.get(measure.id)
        if context is None:
            context = self.contexts[measure.id] = MeasureContext(
                measure.unit, measure.polarity, self.count_units
            )
        values: dict[str, float | None] = {}
        for name in ("value", "numerator", "denominator"):
            values[name] = self._number(cells.get(name), name, measure, context, line, path)
        flags = self._flags(cells.get("flag"), line, path)
        state = _STATES.get(
            self._choice(cells.get("state"), _STATES, "a milestone state", line, f"{path}.state")
            or ""
        )
        judgement = JUDGEMENTS.get(
            self._choice(
                cells.get("judgement"), JUDGEMENTS, "a judgement", line, f"{path}.judgement"
            )
            or ""
        )
        text = {
            name: (cells[name].text or None) if name in cells else None
            for name in ("reported", "evidence", "note")
        }
        self._consistency(measure, cells, values, flags, state, judgement, text, line, path, before)
        if len(self.problems) > before:
            return
        self.observations.append(
            Observation(
                measure.id,
                period,
                values["value"],
                values["numerator"],
                values["denominator"],
                text["reported"],
                flags,
                state,
                judgement,
                text["evidence"],
                text["note"],
                where=self.row_where(token),
            )
        )

    def _refused_text(self, cells: dict[str, _Cell], line: int, path: str) -> bool:
        """Report each cell holding a character no text may hold (a control, a surrogate)."""
        refused = False
        for name, cell in cells.items():
            found = refusal(cell.text)
            if found is None:
                continue
            refused = True
            column = cell.column
            if column is None and 0 < cell.line <= len(self.lines):
                column = self.lines[cell.line - 1].find(cell.text[found[0]]) + 1 or None
            where = _Cell(cell.text, cell.line, column)
            self.error(where, line, f"{path}.{name}", found[1])
        return refused

    def _measure(self, cell: _Cell | None, line: int, path: str) -> Measure | None:
        if cell is None or not cell.text:
            self.error(cell, line, f"{path}.measure", "the row has no measure id")
            return None
        measure = self.measures.get(cell.text)
        if measure is None:
            hint = did_you_mean(cell.text, list(self.measures))
            self.error(
                cell,
                line,
                f"{path}.measure",
                f"no measure in {self.catalogue.id} has the id {cell.text!r}{hint}",
            )
        return measure

    def _period(self, cell: _Cell, measure: Measure, line: int, path: str) -> Period | None:
        try:
            period = _period_of(cell.text, self.catalogue.calendar, measure.frequency)
        except PeriodError as exc:
            self.error(cell, line, f"{path}.period", str(exc))
            return None
        if period.frequency is not measure.frequency:
            self.error(
                cell,
                line,
                f"{path}.period",
                f"{measure.id} is {measure.frequency.value}, but {cell.text!r} is "
                f"{period.frequency.article} {period.frequency.value} period",
            )
            return None
        if period.end > self.latest:
            self.error(
                cell,
                line,
                f"{path}.period",
                f"{period.label} is after the catalogue's year {self.catalogue.year.label}",
            )
            return None
        if period.start < self.earliest:
            self.error(
                cell,
                line,
                f"{path}.period",
                f"{period.label} is more than {HISTORY_YEARS} years before the catalogue's year {self.catalogue.year.label}",
            )
            return None
        return period

    def _number(
        self,
        cell: _Cell | None,
        name: str,
        measure: Measure,
        context: MeasureContext,
        line: int,
        path: str,
    ) -> float | None:
        if cell is None or cell.text.lower() in _MISSING:
            return None
        text = cell.text
        if "," in text or (self.decimal_comma and "." in text):
            dotted = self._commas(text, cell, name, measure, line, path)
            if dotted is None:
                return None
            text = dotted
        if name != "value" and _PLAIN_DECIMAL.fullmatch(text):
            # a component as most cells hold it: float() rounds a decimal string exactly
            # as float(Decimal(text)) does
            return self._checked(float(text), cell, name, measure, line, path)
        if _NOT_FINITE.match(text):
            self.error(
                cell, line, f"{path}.{name}", f"expected a finite number, found {cell.text!r}"
            )
            return None
        if name == "value":
            try:
                if _PLAIN_NUMBER.fullmatch(text):
                    value = _plain_value(text, context)
                else:
                    value = parse_value(text, context, what="value")
            except ExpressionError as exc:
                self.error(cell, line, f"{path}.{name}", str(exc))
                return None
        else:
            try:
                number = read_number(text)
            except UnitProblem:
                self.error(
                    cell,
                    line,
                    f"{path}.{name}",
                    f"expected a number for the {name}, found {cell.text!r}",
                )
                return None
            if not number.is_finite():
                self.error(
                    cell, line, f"{path}.{name}", f"expected a finite number, found {cell.text!r}"
                )
                return None
            value = float(number)
        return self._checked(value, cell, name, measure, line, path)

    def _commas(
        self, text: str, cell: _Cell, name: str, measure: Measure, line: int, path: str
    ) -> str | None:
        """A number with commas (or, read with decimal commas, dots) in the form the other
        checks read: thousands separators dropped, a decimal comma made a point."""
        if self.decimal_comma:
            if _DECIMAL_COMMA.match(text):
                return text.replace(".", "").replace(",", ".")
            if _DOTTED.match(text):
                self.error(
                    cell,
                    line,
                    f"{path}.{name}",
                    f"expected {_number_wanted(name, measure)} with a decimal comma, found "
                    f"{text!r}: with --decimal-comma a '.' could be a thousands separator or a "
                    "decimal point, so it is refused",
                )
                return None
            return text
        if _THOUSANDS.match(text):
            return text.replace(",", "")
        if _DECIMAL_COMMA.match(text):
            self.error(
                cell,
                line,
                f"{path}.{name}",
                f"expected {_number_wanted(name, measure)}, found {text!r}: decimal commas "
                "are refused unless --decimal-comma is given",
            )
            return None
        return text

    def _checked(
        self, value: float, cell: _Cell, name: str, measure: Measure, line: int, path: str
    ) -> float | None:
        """The number read from a cell, unless a check of :data:`rowchecks.CELL_CHECKS`
        refuses it (finite, within bounds, of the right sign and kind for the measure)."""
        code = calculation_code(measure)
        percent = measure.is_percent
        for check in CELL_CHECKS:
            if check.row(value, name, code, percent):
                self.error(cell, line, f"{path}.{name}", check.message(name, cell.text, measure))
                return None
        return value

    def _flags(self, cell: _Cell | None, line: int, path: str) -> tuple[Flag, ...]:
        if cell is None or not cell.text:
            return ()
        flags: list[Flag] = []
        for part, flag in flag_words(cell.text):
            if flag is None:
                self.error(
                    cell,
                    line,
                    f"{path}.flag",
                    f"unknown flag {part!r}: expected {', '.join(FLAG_NAMES)}",
                )
            elif flag in flags:
                self.error(cell, line, f"{path}.flag", f"the flag {part!r} is given twice")
            else:
                flags.append(flag)
        return tuple(flags)

    def _choice(
        self, cell: _Cell | None, words: Iterable[str], what: str, line: int, path: str
    ) -> str | None:
        """The cell's word, lower-cased, when it is one of ``words``."""
        if cell is None or not cell.text:
            return None
        word = cell.text.lower()
        if word not in words:
            self.error(
                cell, line, path, f"expected {what} ({', '.join(words)}), found {cell.text!r}"
            )
            return None
        return word

    def _consistency(
        self,
        measure: Measure,
        cells: dict[str, _Cell],
        values: dict[str, float | None],
        flags: tuple[Flag, ...],
        state: object,
        judgement: object,
        text: dict[str, str | None],
        line: int,
        path: str,
        before: int,
    ) -> None:
        kinds = kinds_in(measure.target)
        reported = cells.get("reported")
        row = Row(
            values["value"],
            values["numerator"],
            values["denominator"],
            calculation_code(measure),
            measure.is_percent,
            gone=Flag.SUPPRESSED in flags or Flag.NOT_YET_AVAILABLE in flags,
            suppressed=Flag.SUPPRESSED in flags,
            flagged=bool(flags),
            state=state is not None,
            judgement=judgement is not None,
            evidence=bool(text["evidence"]),
            reported=reported.text if reported is not None else None,
            milestone_target="milestone" in kinds,
            judged_target="judged" in kinds,
        )
        texts = {name: cell.text for name, cell in cells.items()}
        for check in ROW_CHECKS:
            if check.when != "always" and len(self.problems) != before:
                continue  # a bad cell already explains it
            if check.row(row):
                cell = next((cells[c] for c in check.cells if c in cells), None)
                where = path if check.key is None else f"{path}.{check.key}"
                self.error(cell, line, where, check.message(measure, row, texts))


def _number_wanted(name: str, measure: Measure) -> str:
    """The number a cell should hold, with an example, for a message."""
    if name != "value":
        return f"a number for the {name}, such as '753' or '75.3'"
    if measure.is_percent:
        return "a percentage such as '75.3%'"
    if isinstance(measure.calculation, CountOf):
        return "a whole number such as '753' or '1,234'"
    return "a number such as '0.753' or '1,234.5'"


#: period labels recur on every row: each is read once (parse_period is pure)
_period_of = functools.lru_cache(maxsize=1 << 12)(parse_period)


@functools.lru_cache(maxsize=1 << 16)
def _plain_value(text: str, context: MeasureContext) -> float:
    """A plain number's value in the measure's unit (a cell that cannot be read raises, and
    is not cached)."""
    return parse_value(text, context, what="value")


def check_header(
    reader: _RowReader, headings: list[tuple[str, _Cell, str]], line: int
) -> list[str] | None:
    """The column names of a header (as written, its cell, its path), lower-cased; ``None``
    when one is unknown or repeated, or a required one is missing (each reported)."""
    names = [cell.text for _, cell, _ in headings]
    bad = False
    for index, (written, cell, path) in enumerate(headings):
        name = cell.text
        if name not in COLUMNS:
            hint = did_you_mean(name, COLUMNS)
            reader.error(
                cell,
                line,
                path,
                f"unknown column {written!r}{hint}; expected some of: {', '.join(COLUMNS)}",
            )
            bad = True
        elif names.index(name) != index:
            reader.error(cell, line, path, f"the column {name!r} appears twice")
            bad = True
    for required in _REQUIRED:
        if required not in names:
            reader.error(None, line, "", f"the header has no {required!r} column")
            bad = True
    return None if bad else names


def _csv_rows(text: str, reader: _RowReader) -> Iterable[tuple[dict[str, _Cell], int, str]]:
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    # Excel writes ';' between cells where ',' is the decimal separator
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    # strict: a quote left open is an error, not a cell that swallows every later row
    stream = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(stream, None)
    except csv.Error as exc:
        reader.error(None, 1, "", f"malformed CSV: {exc}")
        return
    if header is None or not any(h.strip() for h in header):
        reader.error(
            None, 1, "", f"the CSV file is empty: expected a header row with {', '.join(COLUMNS)}"
        )
        return
    names = check_header(
        reader,
        [(h, _Cell(h.strip().lower(), 1, None), f"column {i + 1}") for i, h in enumerate(header)],
        1,
    )
    if names is None:
        return
    line = 1
    while True:
        start = stream.line_num + 1
        try:
            row = next(stream, None)
        except csv.Error as exc:
            reader.error(
                None, start, f"row at line {start}", _malformed(exc, start, stream.line_num)
            )
            return
        if row is None:
            return
        line = start
        # an empty cell is left out: every check reads a missing cell as an empty one
        texts = [cell.strip() for cell in row]
        if not any(texts):
            continue
        if len(row) != len(names):
            reader.error(
                None,
                line,
                f"row at line {line}",
                f"expected {len(names)} cells as in the header, found {len(row)}",
            )
            continue
        reader.mark = len(reader.problems)
        cells = {
            name: _Cell(text, line, None) for name, text in zip(names, texts, strict=True) if text
        }
        yield cells, line, f"line {line}"


def _malformed(exc: csv.Error, start: int, end: int) -> str:
    """What is wrong with a row the CSV reader refused, said at the line the row starts on."""
    if str(exc) == "unexpected end of data":
        return (
            f"a quote opened in the row on line {start} is never closed: the file ends inside "
            'the quoted cell (close the quote, or double a quote inside a cell: "")'
        )
    where = f" (at line {end})" if end != start else ""
    return f"malformed CSV{where}: {exc}"


def _yaml_rows(
    text: str, file: str, reader: _RowReader
) -> Iterable[tuple[dict[str, _Cell], int, str]]:
    root = parse_yaml(text, file)
    rows: YNode | None = root
    if isinstance(root, YMapping):
        unknown = [k for k in root.items if k != "actuals"]
        for key in unknown:
            node = root.keys[key]
            reader.error(
                _Cell(key, node.line, node.column),
                node.line,
                key,
                f"unknown key {key!r}: an actuals file holds one key, 'actuals'",
            )
        rows = root.items.get("actuals")
        if rows is None:
            reader.error(
                _Cell("", root.line, root.column),
                root.line,
                "",
                "expected the key 'actuals' with a list of rows",
            )
            return
    if root is None:
        reader.error(
            None, 1, "", "the actuals file is empty: expected 'actuals:' with a list of rows"
        )
        return
    if not isinstance(rows, YSequence):
        line = rows.line if rows is not None else 1
        reader.error(None, line, "actuals", "expected a list of rows under 'actuals'")
        return
    for index, item in enumerate(rows.items):
        path = f"actuals[{index}]"
        reader.mark = len(reader.problems)
        if not isinstance(item, YMapping):
            reader.error(
                _Cell("", item.line, item.column),
                item.line,
                path,
                "expected a row (a mapping with measure, period and a figure)",
            )
            continue
        cells: dict[str, _Cell] = {}
        for key, value_node in item.items.items():
            key_node = item.keys[key]
            if key not in COLUMNS:
                hint = did_you_mean(key, COLUMNS)
                reader.error(
                    _Cell(key, key_node.line, key_node.column),
                    key_node.line,
                    f"{path}.{key}",
                    f"unknown key {key!r}{hint}; expected some of: {', '.join(COLUMNS)}",
                )
                continue
            if not isinstance(value_node, YScalar):
                reader.error(
                    _Cell("", value_node.line, value_node.column),
                    value_node.line,
                    f"{path}.{key}",
                    f"expected a single value for {key!r}, found a {'list' if isinstance(value_node, YSequence) else 'mapping'}",
                )
                continue
            cells[key] = _Cell(
                "" if value_node.is_null else value_node.value.strip(),
                value_node.line,
                value_node.column,
            )
        yield cells, item.line, path


def loads_actuals(
    text: str,
    catalogue: Catalogue,
    name: str = "<string>",
    *,
    format: str | None = None,
    decimal_comma: bool = False,
) -> Actuals:
    """Read actuals text; ``format`` is ``csv`` or ``yaml`` (default: from ``name``'s suffix,
    else csv). ``decimal_comma`` reads ``0,753`` as 0.753 (and refuses ``0.753``)."""
    kind = format or ("yaml" if name.lower().endswith((".yaml", ".yml")) else "csv")
    if kind not in ("csv", "yaml"):
        hint = " (a workbook is read from its file, with load_actuals)" if kind == "xlsx" else ""
        raise ActualsError(
            [Problem(f"unknown actuals format {kind!r}: expected csv or yaml{hint}", name)]
        )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = _RowReader(catalogue, name, text.split("\n"), decimal_comma=decimal_comma)
    return read_rows(
        reader,
        lambda: _yaml_rows(text, name, reader) if kind == "yaml" else _csv_rows(text, reader),
    )


def read_rows(
    reader: _RowReader, rows: Callable[[], Iterable[tuple[dict[str, _Cell], int, str]]]
) -> Actuals:
    """Check every row a row source yields; the actuals, or every problem found."""
    try:
        for cells, line, path in rows():
            reader.row(cells, line, path)
    except CatalogueError as exc:
        raise ActualsError(exc.problems) from None
    if reader.problems:
        raise ActualsError(reader.problems)
    return Actuals(tuple(reader.observations))


_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_ENCODING_HINT = (
    "save it as UTF-8, or give its encoding with --encoding (Excel's 'CSV (Comma "
    "delimited)' is --encoding cp1252) or 'actuals_encoding:' in the catalogue"
)


def load_actuals(
    path: str | os.PathLike[str],
    catalogue: Catalogue,
    *,
    format: str | None = None,
    max_bytes: int = MAX_ACTUALS_BYTES,
    encoding: str | None = None,
    decimal_comma: bool = False,
    sheet: str | None = None,
) -> Actuals:
    """Read an actuals file: CSV, YAML or an Excel workbook by suffix (or ``format``);
    ``-`` reads standard input as CSV.

    ``encoding`` (default: the catalogue's ``actuals_encoding``, else UTF-8) is a CSV or
    YAML file's text encoding; ``sheet`` a workbook's sheet (default: the first);
    ``decimal_comma`` reads ``0,753`` as 0.753.
    """
    kind = format or ("xlsx" if str(path).lower().endswith(_EXCEL_SUFFIXES) else None)
    if sheet is not None and kind != "xlsx":
        raise ActualsError(
            [
                Problem(
                    f"the sheet {sheet!r} is named, but this file is not read as a workbook "
                    "(.xlsx)",
                    str(path) if str(path) != "-" else "<stdin>",
                )
            ]
        )
    try:
        data, name = read_bytes(path, max_bytes, "actuals")
        if kind == "xlsx":
            from cspmeasures.xlsx import read_workbook_actuals

            return read_workbook_actuals(
                data, name, catalogue, sheet=sheet, decimal_comma=decimal_comma
            )
        try:
            text = decode(data, name, encoding or catalogue.actuals_encoding, _ENCODING_HINT)
        except EncodingProblem as exc:
            raise CatalogueError.single(str(exc), name) from None
    except CatalogueError as exc:
        if isinstance(exc, ActualsError):
            raise
        raise ActualsError(exc.problems) from None
    return loads_actuals(text, catalogue, name, format=format, decimal_comma=decimal_comma)
