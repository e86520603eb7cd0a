"""Actuals from an Excel workbook (``.xlsx``), read with openpyxl (the ``excel`` extra).

Two layouts, told apart by the header row (the first row with a ``measure`` heading;
rows above it, such as a title, are passed over):

* **long**: the CSV's columns (``measure, period, value, ...``), one row per measure and
  period;
* **wide**: one row per measure and a column per period, headed by a period label
  (``2024-25 Q1``, ``Sep-24``) or a date cell. A second header row may name what each
  column holds (``value``, ``numerator``, ``denominator``, ``state``, ``judgement``,
  ``evidence``, ...), under a period heading merged across its columns, as the returns
  template writes it. ``title``, ``theme``, ``unit``, ``target``, ``tolerance`` and
  ``frequency`` columns are for the reader and are passed over.

Cells become the text the row checks of :mod:`cspmeasures.actuals` read, so the checks
and messages are those of a CSV file: a number as written (``0.753`` in a cell formatted
as a percentage is ``75.3%``), a date cell as its day, a formula as its saved result.
Every problem is located as ``file.xlsx:Sheet!C12``. The workbook is only read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cspmeasures.actuals import (
    COLUMNS,
    Actuals,
    _Cell,
    _RowReader,
    check_header,
    read_rows,
)
from cspmeasures.errors import ActualsError, CspMeasuresError, Problem
from cspmeasures.model import Catalogue
from cspmeasures.periods import parse_date, parse_period

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "MAX_MERGED_CELLS",
    "MAX_SHEET_ROWS",
    "MAX_WORKBOOK_XML_BYTES",
    "RETURNS_TEMPLATE_CATEGORY",
    "WIDE_COMPONENTS",
    "WIDE_DESCRIPTIVE",
    "ExcelUnavailable",
    "column_letter",
    "openpyxl_module",
    "read_workbook_actuals",
    "sheet_reference",
]

#: the most rows a sheet may have: a larger one is refused before it is parsed
MAX_SHEET_ROWS = 100_000
#: the most a workbook's parts may hold unpacked (a zip can unpack a thousandfold)
MAX_WORKBOOK_XML_BYTES = 64 * 1024 * 1024
#: the document category the returns template carries: its every sheet is read
RETURNS_TEMPLATE_CATEGORY = "cspmeasures returns template"
#: what a wide sheet's second header row may name
WIDE_COMPONENTS = tuple(c for c in COLUMNS if c not in ("measure", "period"))
#: wide-layout columns kept for the reader and passed over
WIDE_DESCRIPTIVE = ("title", "theme", "unit", "target", "tolerance", "frequency")
#: the most cells merged ranges may cover in a sheet (openpyxl makes an object for each)
MAX_MERGED_CELLS = 1_000_000
#: how many rows may come before the header row
_HEADER_SEARCH_ROWS = 20

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"'
)


class ExcelUnavailable(CspMeasuresError, ImportError):
    """openpyxl, which reading and writing workbooks needs, is not installed."""


def openpyxl_module() -> Any:
    """The openpyxl module, or :class:`ExcelUnavailable` saying how to install it."""
    try:
        import openpyxl
    except ImportError:
        raise ExcelUnavailable(
            "Excel workbooks need openpyxl, which is not installed: pip install "
            "'cspmeasures[excel]'"
        ) from None
    return openpyxl


def _refuse(message: str, file: str) -> ActualsError:
    return ActualsError([Problem(message, file)])


def _check_container(data: bytes, file: str) -> None:
    """Refuse what is not a readable xlsx before openpyxl parses it: an .xls or encrypted
    workbook, text, a damaged zip, parts that unpack past the limit, too many rows."""
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _refuse(
                "the workbook is protected with a password (encrypted): save a copy without "
                "the password to read it",
                file,
            )
        raise _refuse(
            "this is an Excel 97-2003 workbook (.xls), not .xlsx: open it in Excel and save "
            "it as an Excel Workbook (.xlsx)",
            file,
        )
    if not data.startswith(b"PK"):
        looks = "text (a CSV file? name it .csv)" if _is_text(data) else "neither xlsx nor text"
        raise _refuse(f"this is not an Excel workbook (.xlsx): the file is {looks}", file)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if "[Content_Types].xml" not in archive.namelist():
            raise zipfile.BadZipFile("no [Content_Types].xml")
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_WORKBOOK_XML_BYTES:
            raise _refuse(
                f"the workbook unpacks to {unpacked:,} bytes, more than the limit of "
                f"{MAX_WORKBOOK_XML_BYTES // (1024 * 1024)} MiB",
                file,
            )
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                _count_rows(archive, member, file)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,  # a compression method or zip version zipfile does not read
    ) as exc:
        if isinstance(exc, ActualsError):
            raise
        raise _refuse(
            f"the workbook is damaged and cannot be read (not a complete xlsx zip: {exc})", file
        ) from None


def _count_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo, file: str) -> None:
    """Refuse a sheet with more than MAX_SHEET_ROWS rows, or merged ranges covering more than
    MAX_MERGED_CELLS cells, counting as the part unpacks (a million rows take well under a
    second)."""
    rows = merged = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            rows += len(_ROW_TAG.findall(block)) - len(_ROW_TAG.findall(tail))
            merged += sum(_area(m) for m in _MERGE.finditer(block)) - sum(
                _area(m) for m in _MERGE.finditer(tail)
            )
            tail = block[-96:]
            if merged > MAX_MERGED_CELLS:
                raise _refuse(
                    f"a sheet ({member.filename}) has merged cells covering more than "
                    f"{MAX_MERGED_CELLS:,} cells: unmerge them",
                    file,
                )
            if rows > MAX_SHEET_ROWS:
                raise _refuse(
                    f"a sheet ({member.filename}) has more than {MAX_SHEET_ROWS:,} rows, the "
                    "limit for a workbook: keep larger data sets in CSV",
                    file,
                )


def _area(match: re.Match[bytes]) -> int:
    """How many cells a merged range ``A1:C3`` covers (9)."""
    from openpyxl.utils import column_index_from_string

    if match[3] is None:
        return 1
    columns = abs(
        column_index_from_string(match[3].decode()) - column_index_from_string(match[1].decode())
    )
    return (columns + 1) * (abs(int(match[4]) - int(match[2])) + 1)


def _is_text(data: bytes) -> bool:
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > 4090  # a character cut at the end of the sample
    return b"\x00" not in data[:4096]


def _open(data: bytes, file: str, *, data_only: bool) -> Workbook:
    openpyxl = openpyxl_module()
    try:
        book: Workbook = openpyxl.load_workbook(
            io.BytesIO(data), data_only=data_only, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds for a damaged part
        raise _refuse(
            f"the workbook is damaged and cannot be read ({type(exc).__name__}: {exc})", file
        ) from None
    return book


def sheet_reference(name: str) -> str:
    """A sheet's name as a cell reference writes it: ``Returns`` or ``'Q1 returns'``."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


class _SheetRowReader(_RowReader):
    """The row checks, with rows and cells named as a spreadsheet names them."""

    def __init__(self, catalogue: Catalogue, file: str, *, decimal_comma: bool) -> None:
        super().__init__(catalogue, file, [], decimal_comma=decimal_comma)
        self.sheet = ""

    def place(self, line: int, column: int | None) -> str | None:
        if column is None:
            return f"{self.sheet}!{line}:{line}"
        return f"{self.sheet}!{column_letter(column)}{line}"

    def row_token(self, line: int) -> int | str:
        return f"{self.sheet}!{line}:{line}"

    def row_phrase(self, token: int | str) -> str:
        return f"at {token}"


def _worksheet() -> type[Worksheet]:
    from openpyxl.worksheet.worksheet import Worksheet

    return Worksheet


def column_letter(column: int) -> str:
    """A column's letters: 1 is A, 28 is AB."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _chosen_sheets(book: Workbook, file: str, sheet: str | None) -> list[Worksheet]:
    worksheets: list[Worksheet] = [ws for ws in book.worksheets if isinstance(ws, _worksheet())]
    if sheet is not None:
        chosen = [ws for ws in worksheets if ws.title == sheet]
        if not chosen:
            listed = ", ".join(repr(n) for n in book.sheetnames)
            what = "worksheet" if sheet in book.sheetnames else "sheet"
            raise _refuse(f"the workbook has no {what} {sheet!r}: its sheets are {listed}", file)
    elif book.properties.category == RETURNS_TEMPLATE_CATEGORY:
        chosen = worksheets  # a hidden one is refused below, never passed over
    else:
        if not worksheets:
            raise _refuse("the workbook has no worksheets", file)
        chosen = [worksheets[0]]
    for worksheet in chosen:
        if worksheet.sheet_state != "visible":
            raise _refuse(
                f"the sheet {worksheet.title!r} is hidden: figures no one can see are not "
                "read; unhide it in Excel, or name another sheet with --sheet",
                file,
            )
    return chosen


def read_workbook_actuals(
    data: bytes,
    file: str,
    catalogue: Catalogue,
    *,
    sheet: str | None = None,
    decimal_comma: bool = False,
) -> Actuals:
    """Read actuals from a workbook's bytes: ``sheet`` (default: the first sheet, or every
    sheet of a returns template), in the long or the wide layout."""
    _check_container(data, file)
    values = _open(data, file, data_only=True)
    formulas = _open(data, file, data_only=False)
    sheets = _chosen_sheets(values, file, sheet)
    reader = _SheetRowReader(catalogue, file, decimal_comma=decimal_comma)

    def rows() -> Iterator[tuple[dict[str, _Cell], int, str]]:
        for worksheet in sheets:
            reader.sheet = sheet_reference(worksheet.title)
            yield from _SheetRows(reader, worksheet, formulas[worksheet.title]).rows()

    return read_rows(reader, rows)


class _SheetRows:
    """One sheet's rows as the row checks take them."""

    def __init__(self, reader: _SheetRowReader, values: Worksheet, formulas: Worksheet) -> None:
        self.reader = reader
        self.values = values
        self.formulas = formulas
        self.merged: dict[tuple[int, int], tuple[int, int]] = {}
        #: the columns of each row that hold something (a value, a formula, or a merged
        #: cell's share of one): only these are visited, however wide the sheet claims to be
        self.filled: dict[int, set[int]] = {}
        for (row, column), cell in values._cells.items():
            formula = formulas._cells.get((row, column))
            if cell.value is not None or (formula is not None and formula.value is not None):
                self.filled.setdefault(row, set()).add(column)
        for merged in values.merged_cells.ranges:  # their area is bounded by _check_container
            if merged.min_col not in self.filled.get(merged.min_row, ()):
                continue
            for row in range(merged.min_row, merged.max_row + 1):
                for column in range(merged.min_col, merged.max_col + 1):
                    self.merged[row, column] = (merged.min_row, merged.min_col)
                    self.filled.setdefault(row, set()).add(column)
        self.row_numbers = sorted(r for r in self.filled if r <= MAX_SHEET_ROWS)

    def text(self, row: int, column: int, *, report: bool = True) -> str | None:
        """The cell's text as the row checks read it, or ``None`` (reported, unless not
        ``report``) when the cell holds an error value or a formula with no saved result."""
        row, column = self.merged.get((row, column), (row, column))
        cell = self.values.cell(row, column)
        formula = self.formulas.cell(row, column).value
        written = formula if isinstance(formula, str) and formula.startswith("=") else None
        if not report and (cell.data_type == "e" or cell.value is None):
            return None
        if cell.data_type == "e":
            what = f"the formula {written}" if written else "the cell"
            self.report(row, column, f"{what} gives the error {cell.value}: a figure is needed")
            return None
        if cell.value is None and written is not None:
            self.report(
                row,
                column,
                f"the formula {written} has no saved result: open the workbook in Excel and "
                "save it, so that its results are stored",
            )
            return None
        return _cell_text(cell.value, str(cell.number_format or ""))

    def report(self, row: int, column: int | None, message: str) -> None:
        self.reader.error(_Cell("", row, column), row, f"row {row}", message)

    def rows(self) -> Iterator[tuple[dict[str, _Cell], int, str]]:
        header_row = self._header_row()
        if header_row is None:
            return
        headings = {
            c: text
            for c in sorted(self.filled.get(header_row, ()))
            if (text := self.text(header_row, c) or "")
        }
        if "period" in {h.strip().lower() for h in headings.values()}:
            yield from self._long(header_row, headings)
        else:
            yield from self._wide(header_row, headings)

    def _header_row(self) -> int | None:
        for row in self.row_numbers:
            if row > _HEADER_SEARCH_ROWS:
                break
            for column in self.filled[row]:
                value = self.values.cell(row, column).value
                if isinstance(value, str) and value.strip().lower() == "measure":
                    return row
        title = self.values.title
        self.reader.error(
            None,
            1,
            "",
            f"the sheet {title!r} has no header row: expected a row with a 'measure' heading "
            f"in its first {_HEADER_SEARCH_ROWS} rows (then 'period' and the figures, or a "
            "column per period)",
        )
        return None

    def _data_rows(
        self, first: int, columns: Iterable[int]
    ) -> Iterator[tuple[int, dict[int, str]]]:
        """Each row from ``first`` with a cell filled, as its cells' texts by column."""
        wanted = set(columns)
        for row in self.row_numbers:
            if row < first:
                continue
            self.reader.mark = len(self.reader.problems)
            texts = {c: t for c in sorted(self.filled[row] & wanted) if (t := self.text(row, c))}
            if texts:  # a row of refused cells only has had its say
                yield row, texts

    def _unheaded(self, header_row: int, headed: Iterable[int]) -> None:
        """Report the first figure of each column that has no heading."""
        known = set(headed)
        reported: set[int] = set()
        for row in self.row_numbers:
            if row <= header_row:
                continue
            for column in sorted(self.filled[row] - known - reported):
                self.report(row, column, "a cell under no heading: give its column one")
                reported.add(column)

    def _long(
        self, header_row: int, headings: dict[int, str]
    ) -> Iterator[tuple[dict[str, _Cell], int, str]]:
        reader = self.reader
        names = check_header(
            reader,
            [
                (
                    written,
                    _Cell(written.strip().lower(), header_row, c),
                    f"column {column_letter(c)}",
                )
                for c, written in headings.items()
            ],
            header_row,
        )
        if names is None:
            return
        by_column = dict(zip(headings, names, strict=True))
        self._unheaded(header_row, headings)
        for row, texts in self._data_rows(header_row + 1, by_column):
            cells = {by_column[c]: _Cell(t, row, c) for c, t in texts.items()}
            yield cells, row, f"row {row}"

    def _wide(
        self, header_row: int, headings: dict[int, str]
    ) -> Iterator[tuple[dict[str, _Cell], int, str]]:
        reader = self.reader
        header_mark = len(reader.problems)
        measure_column = next(c for c, h in headings.items() if h.strip().lower() == "measure")
        below = {
            c: (self.text(header_row + 1, c, report=False) or "").strip().lower()
            for c in headings
            if c != measure_column
        }
        two_rows = any(word in WIDE_COMPONENTS for word in below.values())
        # the period columns: heading -> {component: column}
        periods: dict[str, dict[str, int]] = {}
        period_cells: dict[str, _Cell] = {}
        for column, heading in headings.items():
            word = heading.strip().lower()
            if column == measure_column or word in WIDE_DESCRIPTIVE:
                continue
            if not _is_period(heading, reader.catalogue):
                reader.error(
                    _Cell(heading, header_row, column),
                    header_row,
                    f"column {column_letter(column)}",
                    f"the heading {heading!r} is not a period: a wide sheet has a column per "
                    "period, headed like '2024-25 Q1', 'Sep-24' or a date such as "
                    f"'30/09/2024' (and may have {', '.join(WIDE_DESCRIPTIVE)} columns, "
                    "which are passed over)",
                )
                continue
            component = below.get(column, "") if two_rows else "value"
            if component not in WIDE_COMPONENTS:
                reader.error(
                    _Cell(component, header_row + 1, column),
                    header_row + 1,
                    f"column {column_letter(column)}",
                    f"expected what the column holds under {heading!r}: one of "
                    f"{', '.join(WIDE_COMPONENTS)}, found {component!r}",
                )
                continue
            columns = periods.setdefault(heading, {})
            if component in columns:
                reader.error(
                    _Cell(component, header_row + int(two_rows), column),
                    header_row,
                    f"column {column_letter(column)}",
                    f"a second {component} column for {heading!r}: the first is column "
                    f"{column_letter(columns[component])}",
                )
                continue
            columns[component] = column
            period_cells.setdefault(heading, _Cell(heading, header_row, column))
        if len(reader.problems) > header_mark and not periods:
            return
        used = {measure_column} | {c for cols in periods.values() for c in cols.values()}
        self._unheaded(header_row, headings)
        first = header_row + 1 + int(two_rows)
        for row, texts in self._data_rows(first, used):
            measure = texts.get(measure_column)
            measure_cell = _Cell(measure or "", row, measure_column)
            if measure is None:
                self.report(row, measure_column, "the row has no measure id")
                continue
            for heading, columns in periods.items():
                cells = {
                    component: _Cell(texts[column], row, column)
                    for component, column in columns.items()
                    if column in texts
                }
                if cells:
                    reader.mark = len(reader.problems)
                    cells["measure"] = measure_cell
                    cells["period"] = period_cells[heading]
                    yield cells, row, f"row {row}"


def _is_period(heading: str, catalogue: Catalogue) -> bool:
    """Whether a heading names a period (or is a date, which names one per frequency)."""
    try:
        parse_date(heading)
        return True
    except ValueError:
        pass
    try:
        parse_period(heading, catalogue.calendar)
        return True
    except ValueError:
        return False


def _cell_text(value: object, number_format: str) -> str:
    """A cell's value as the text the row checks read (as a CSV cell would hold it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            return _plain(number * 100) + "%"
        return _plain(number)
    return str(value).strip()


def _plain(number: Decimal) -> str:
    """A decimal without an exponent or trailing zeros: 75.3, 100, 0.00001."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
