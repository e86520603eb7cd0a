"""Workbooks written with openpyxl (the ``excel`` extra): the status report, and the
returns template partners fill in.

* :func:`report_workbook`: a sheet per priority (a theme with none is a sheet of its
  own) with RAG fills and a frozen header, then a tidy ``Data`` sheet, one row per
  measure with every field; values, expected figures and interval ends are numbers (a
  percentage as its fraction, formatted as a percentage), never text.
* :func:`returns_template`: a sheet per theme, a row per measure and, per period of the
  year, the columns the measure needs (its value, or numerator and denominator; a state
  or judgement and its evidence; a flag; a note), with units and targets shown, data validation
  on the cells to fill and locked headings. Read back by :mod:`cspmeasures.xlsx` as its
  wide layout, with no edits.

Both return the workbook's bytes; the command line writes them through its one output
path. Text is written as text: a title starting ``=`` is never a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cspmeasures.evaluate import ALL_FIELDS, Evaluation, Report
from cspmeasures.expressions import MeasureContext, format_target
from cspmeasures.kinds import kind_of, kinds_in
from cspmeasures.model import (
    JUDGEMENTS,
    Catalogue,
    CountOf,
    Flag,
    Measure,
    MilestoneState,
    RatePer,
    Ratio,
    ReductionOf,
)
from cspmeasures.periods import Period
from cspmeasures.vocabulary import RAG
from cspmeasures.xlsx import RETURNS_TEMPLATE_CATEGORY, column_letter, openpyxl_module

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["RAG_FILLS", "REPORT_COLUMNS", "report_workbook", "returns_template"]

#: the fill of each RAG colour (the HTML report's)
RAG_FILLS = {RAG.GREEN: "C6EFCE", RAG.AMBER: "FFEB9C", RAG.RED: "FFC7CE", RAG.GREY: "EEEEEE"}
REPORT_COLUMNS = (
    "Theme", "Measure", "Period", "Value", "Target", "Expected", "Status", "RAG", "Trend",
    "Reason",
)  # fmt: skip
_NUMERIC_FIELDS = frozenset({"value", "expected", "lower", "upper"})
_HEADING_FILL = "DDEBF7"
_NOT_APPLICABLE_FILL = "D9D9D9"
_SHEET_NAME_LIMIT = 31
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _styles() -> Any:
    from openpyxl import styles

    return styles


def _text(cell: Cell | MergedCell, text: str) -> None:
    """Put text in a cell as text (never a formula), control characters shown escaped."""
    cell.value = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    cell.data_type = "s"


def _fill(colour: str) -> Any:
    return _styles().PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of ``[]:*?/\\``), unique in ``used``."""
    name = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split()).strip("'") or "Sheet"
    name = name[:_SHEET_NAME_LIMIT].rstrip()
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        suffix = f" ({n})"
        candidate = name[: _SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
    used.add(candidate.lower())
    return candidate


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number_format(measure: Measure | None) -> str:
    decimals = measure.display_decimals if measure is not None else 2
    places = "." + "0" * decimals if decimals else ""
    if measure is not None and measure.is_percent:
        return f"0{places}%"
    return f"#,##0{places}"


def _heading_row(sheet: Worksheet, row: int, headings: Sequence[str]) -> None:
    bold = _styles().Font(bold=True)
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(row, column)
        _text(cell, heading)
        cell.font = bold
        cell.fill = _fill(_HEADING_FILL)


# --- the report ------------------------------------------------------------------------


def report_workbook(report: Report, catalogue: Catalogue) -> bytes:
    """The status report as an xlsx workbook (see the module docstring)."""
    book = openpyxl_module().Workbook()
    book.remove(book.active)
    book.properties.title = report.title
    themes = {t.id: t for t in catalogue.themes}
    groups: dict[str, list[Evaluation]] = {}
    for declared in catalogue.themes:
        groups.setdefault(" ".join((declared.priority or declared.title).split()), [])
    for evaluation in report.evaluations:
        theme = themes.get(evaluation.theme)
        key = (theme.priority or theme.title) if theme is not None else evaluation.theme
        groups.setdefault(" ".join(key.split()), []).append(evaluation)
    used: set[str] = {"data"}
    measures = {m.id: m for m in catalogue.measures}
    for title, evaluations in groups.items():
        if evaluations:
            sheet = book.create_sheet(_sheet_name(title, used))
            _report_sheet(sheet, report, title, evaluations, themes, measures)
    _data_sheet(book.create_sheet("Data"), report, measures)
    return _bytes(book)


def _report_sheet(
    sheet: Worksheet,
    report: Report,
    title: str,
    evaluations: list[Evaluation],
    themes: dict[str, Any],
    measures: dict[str, Measure],
) -> None:
    _text(sheet.cell(1, 1), f"{' '.join(report.title.split())}: {title}")
    sheet.cell(1, 1).font = _styles().Font(bold=True, size=13)
    _text(sheet.cell(2, 1), f"Status as at {report.as_of.isoformat()}")
    _heading_row(sheet, 3, REPORT_COLUMNS)
    sheet.freeze_panes = "C4"
    for row, evaluation in enumerate(evaluations, start=4):
        theme = themes.get(evaluation.theme)
        number_format = _number_format(measures.get(evaluation.id))
        texts = {
            1: " ".join(theme.title.split()) if theme is not None else evaluation.theme,
            2: evaluation.title,
            3: evaluation.period or "-",
            5: evaluation.target,
            7: evaluation.status.value,
            8: evaluation.rag.value,
            9: evaluation.trend.value,
            10: evaluation.reason,
        }
        for column, text in texts.items():
            _text(sheet.cell(row, column), text)
        _number(sheet.cell(row, 4), evaluation.value, evaluation.display_value, number_format)
        _number(sheet.cell(row, 6), evaluation.expected, "", number_format)
        fill = _fill(RAG_FILLS[evaluation.rag])
        for column in (7, 8):
            sheet.cell(row, column).fill = fill
    for letter, width in zip("ABCDEFGHIJ", (30, 48, 12, 10, 24, 12, 14, 8, 12, 80), strict=True):
        sheet.column_dimensions[letter].width = width


def _number(cell: Cell | MergedCell, value: float | None, otherwise: str, number_format: str) -> None:
    """A number, formatted; or, when there is none, the text the report shows."""
    if value is None:
        _text(cell, otherwise)
        return
    cell.value = value
    cell.number_format = number_format


def _data_sheet(sheet: Worksheet, report: Report, measures: dict[str, Measure]) -> None:
    """Every field of every result, a row each, numbers as numbers."""
    _heading_row(sheet, 1, ALL_FIELDS)
    sheet.freeze_panes = "B2"
    for row, evaluation in enumerate(report.evaluations, start=2):
        data = evaluation.to_dict()
        number_format = _number_format(measures.get(evaluation.id))
        for column, name in enumerate(ALL_FIELDS, start=1):
            value = data[name]
            cell = sheet.cell(row, column)
            if name in _NUMERIC_FIELDS:
                _number(cell, value, "", number_format)
            elif isinstance(value, list):
                _text(cell, "; ".join(value))
            elif value is not None:
                _text(cell, str(value))
    sheet.auto_filter.ref = sheet.dimensions


# --- the returns template --------------------------------------------------------------


def _components(measure: Measure) -> tuple[str, ...]:
    """The columns a measure's row fills for each of its periods."""
    target = measure.target
    narrative = kind_of(target).recorded
    parts: list[str] = []
    if not narrative:
        if isinstance(measure.calculation, Ratio | RatePer | ReductionOf):
            parts += ["numerator", "denominator"]
        else:
            parts.append("value")
    if "milestone" in kinds_in(target):
        parts.append("state")
    if "judged" in kinds_in(target):
        parts.append("judgement")
    if narrative or "state" in parts or "judgement" in parts:
        parts.append("evidence")
    parts += ["flag", "note"]
    return tuple(parts)


_ORDER = ("value", "numerator", "denominator", "state", "judgement", "evidence", "flag", "note")
_DESCRIPTIVE = ("measure", "title", "unit", "target")


def _validation(measure: Measure, component: str) -> Any:
    """The data validation of one kind of cell, or ``None`` for free text."""
    from openpyxl.worksheet.datavalidation import DataValidation
    words: Sequence[str] | None = None
    if component == "state":
        words = [s.value for s in MilestoneState]
    elif component == "judgement":
        words = list(JUDGEMENTS)
    elif component == "flag":
        words = [f.value for f in Flag]
    if words is not None:
        rule = DataValidation(
            type="list", formula1='"' + ",".join(words) + '"', allow_blank=True
        )
        rule.error = f"Choose one of: {', '.join(words)}"
        if component == "flag":  # several flags may be typed, separated by ';'
            rule.errorStyle = "warning"
        return rule
    if component in ("evidence", "note"):
        return None
    if component == "value" and measure.is_percent:
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
        rule.error = "A percentage from 0% to 100%"
    elif component == "value" and isinstance(measure.calculation, CountOf):
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        rule.error = "A whole number, 0 or more"
    elif component == "value":
        rule = DataValidation(
            type="decimal", operator="between", formula1="-1000000000000000",
            formula2="1000000000000000",
        )  # fmt: skip
        rule.error = "A number"
    else:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        rule.error = f"The {component}: a number, 0 or more"
    rule.allow_blank = True
    return rule


def returns_template(catalogue: Catalogue, year: Period | None = None) -> bytes:
    """The returns template for ``year`` (default: the catalogue's): see the module
    docstring."""
    year = year or catalogue.year
    book = openpyxl_module().Workbook()
    book.remove(book.active)
    book.properties.category = RETURNS_TEMPLATE_CATEGORY
    book.properties.title = f"{' '.join(catalogue.title.split())}: returns {year.label}"
    used: set[str] = set()
    for theme in catalogue.themes:
        measures = [m for m in catalogue.measures if m.theme == theme.id]
        if measures:
            sheet = book.create_sheet(_sheet_name(theme.title, used))
            _template_sheet(sheet, measures, year)
    return _bytes(book)


def _template_sheet(sheet: Worksheet, measures: list[Measure], year: Period) -> None:
    styles = _styles()
    # the period columns: every period of the sheet's measures, in order, with the
    # components any of them needs
    periods: dict[Period, set[str]] = {}
    for measure in measures:
        for period in year.subperiods(measure.frequency):
            periods.setdefault(period, set()).update(_components(measure))
    ordered = sorted(periods, key=lambda p: (p.end, p.frequency.months))
    columns: dict[tuple[Period, str], int] = {}
    column = len(_DESCRIPTIVE) + 1
    for period in ordered:
        first = column
        for component in (c for c in _ORDER if c in periods[period]):
            columns[period, component] = column
            _text(sheet.cell(2, column), component)
            column += 1
        _text(sheet.cell(1, first), period.label)
        if column - 1 > first:
            sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=column - 1)
    for index, heading in enumerate(_DESCRIPTIVE, start=1):
        _text(sheet.cell(1, index), heading)
        sheet.merge_cells(start_row=1, start_column=index, end_row=2, end_column=index)
    bold, heading_fill = styles.Font(bold=True), _fill(_HEADING_FILL)
    for row in (1, 2):
        for cell in sheet[row]:
            cell.font, cell.fill = bold, heading_fill
            cell.alignment = styles.Alignment(horizontal="center", wrap_text=True)
    grey = _fill(_NOT_APPLICABLE_FILL)
    unlocked = styles.Protection(locked=False)
    rules: dict[tuple[str, str], Any] = {}
    for row, measure in enumerate(measures, start=3):
        context = MeasureContext(measure.unit, measure.polarity)
        for index, text in enumerate(
            (measure.id, measure.title, measure.unit or "-", format_target(measure.target, context)),
            start=1,
        ):
            _text(sheet.cell(row, index), text)
        needed = _components(measure)
        own = set(year.subperiods(measure.frequency))
        for (period, component), col in columns.items():
            cell = sheet.cell(row, col)
            if period not in own or component not in needed:
                cell.fill = grey
                continue
            cell.protection = unlocked
            if component == "value":
                cell.number_format = _number_format(measure) if measure.is_percent else "General"
            key = (_rule_kind(measure, component), component)
            if key not in rules:
                rule = _validation(measure, component)
                if rule is not None:
                    rule.showErrorMessage = True
                    sheet.add_data_validation(rule)
                rules[key] = rule
            if rules[key] is not None:
                rules[key].add(cell)
    sheet.freeze_panes = f"{column_letter(len(_DESCRIPTIVE) + 1)}3"
    sheet.protection.sheet = True  # headings locked; the cells to fill are unlocked
    for index, width in enumerate((28, 40, 10, 24), start=1):
        sheet.column_dimensions[column_letter(index)].width = width


def _rule_kind(measure: Measure, component: str) -> str:
    """Cells that share a validation rule share this."""
    if component != "value":
        return component
    if measure.is_percent:
        return "percent"
    return "count" if isinstance(measure.calculation, CountOf) else "number"

