"""Reports and catalogues as text: tables (tabulate), JSON, CSV, Markdown and HTML.

Rendering formats nothing the evaluation has not already decided: it only lays out
:class:`~cspmeasures.evaluate.Report` fields. Colour is added by the caller's choice
(the CLI colours only a terminal, and never when ``NO_COLOR`` is set).

Every format is safe to print and to open (see :mod:`cspmeasures.safetext`): control
characters are shown as escapes, HTML is escaped (the table format's ``html`` and
``unsafehtml`` alike), Markdown carries no link, image or HTML from the text, and a CSV cell a
spreadsheet would run as a formula is quoted and begins with a single quote.
"""

from __future__ import annotations

import csv
import html
import io
import json
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs
from tabulate import tabulate

from cspmeasures.envelope import envelope
from cspmeasures.evaluate import ALL_FIELDS, Evaluation, Report
from cspmeasures.expressions import MeasureContext, format_target, format_tolerance
from cspmeasures.fields import LIST_FIELDS
from cspmeasures.model import Catalogue, Theme
from cspmeasures.safetext import formula_like, json_safe, markdown_text, terminal_safe
from cspmeasures.vocabulary import RAG

__all__ = [
    "FORMATS",
    "TABLE_COLUMNS",
    "render_catalogue_list",
    "render_report",
]

FORMATS = ("table", "json", "csv", "markdown", "html")
TABLE_COLUMNS = ("Measure", "Period", "Value", "Target", "Expected", "Status", "RAG", "Trend")

_ANSI = {RAG.GREEN: "\033[32m", RAG.AMBER: "\033[33m", RAG.RED: "\033[31m", RAG.GREY: "\033[90m"}
_RESET = "\033[0m"
_TREND_MARK = {
    "improving": "improving",
    "worsening": "worsening",
    "no-change": "no change",
    "increasing": "increasing",
    "decreasing": "decreasing",
    "not-compared": "-",
}
#: tabulate's formats whose output is HTML: their headings and cells are HTML-escaped
_HTML_TABLEFMTS = ("html", "unsafehtml")


@attrs.frozen
class _Section:
    """The measures of one theme, with the headings that introduce them."""

    priority: str | None  # set on the first theme of each priority, else None
    theme: str
    rows: tuple[Evaluation, ...]


def _sections(report: Report, catalogue: Catalogue | None) -> list[_Section]:
    """The report's measures grouped by theme, in the catalogue's theme order.

    Themes the catalogue does not list (or every theme, without a catalogue) follow in the
    order their first measure appears, headed by their id. A priority heading is given
    once, above the first of its themes.
    """
    themes: dict[str, Theme] = {t.id: t for t in catalogue.themes} if catalogue else {}
    groups: dict[str, list[Evaluation]] = {tid: [] for tid in themes}
    for evaluation in report.evaluations:
        groups.setdefault(evaluation.theme, []).append(evaluation)
    sections = []
    previous: str | None = None
    for tid, rows in groups.items():
        if not rows:
            continue
        theme = themes.get(tid)
        priority = theme.priority if theme is not None else None
        sections.append(
            _Section(
                priority if priority != previous else None,
                _one_line(theme.title) if theme is not None else tid,
                tuple(rows),
            )
        )
        previous = priority
    return sections


def _one_line(text: str) -> str:
    """``text`` on one line, safe for a terminal."""
    return terminal_safe(" ".join(text.split()))


def _row(evaluation: Evaluation, colour: bool) -> list[str]:
    status = evaluation.status.value
    rag = evaluation.rag.value
    if colour:
        status = f"{_ANSI[evaluation.rag]}{status}{_RESET}"
        rag = f"{_ANSI[evaluation.rag]}{rag}{_RESET}"
    text = [
        evaluation.title,
        evaluation.period or "-",
        evaluation.display_value,
        evaluation.target,
        evaluation.display_expected or "",
    ]
    return [*map(_one_line, text), status, rag, _TREND_MARK[evaluation.trend.value]]


_NONE_MESSAGE = "No measures to report."


def _summary(report: Report) -> str:
    count = len(report.evaluations)
    noun = "measure" if count == 1 else "measures"
    counts = report.by_status()
    if not counts:
        return f"{count} {noun}"
    return f"{count} {noun}: " + ", ".join(f"{n} {s.value}" for s, n in counts.items())


def _table(report: Report, catalogue: Catalogue | None, tablefmt: str, colour: bool) -> str:
    is_html = tablefmt in _HTML_TABLEFMTS
    heading = html.escape if is_html else str
    parts = [heading(f"{_one_line(report.title)}: status as at {report.as_of.isoformat()}")]
    for section in _sections(report, catalogue):
        if section.priority:
            parts += ["", heading(f"Priority: {_one_line(section.priority)}")]
            parts.append("=" * len(parts[-1]))
        parts += ["", heading(f"Theme: {section.theme}")]
        rows = [_row(e, colour) for e in section.rows]
        if tablefmt == "unsafehtml":  # tabulate's html escapes cells itself, unsafehtml does not
            rows = [[html.escape(cell) for cell in row] for row in rows]
        parts.append(
            tabulate(
                rows,
                headers=TABLE_COLUMNS,
                tablefmt=tablefmt,
                maxcolwidths=[48, None, None, 36, None, None, None, None],
                disable_numparse=True,
            )
        )
    if not report.evaluations:
        parts += ["", _NONE_MESSAGE]
    parts += ["", _summary(report)]
    return "\n".join(parts) + "\n"


#: the CSV columns: the stable FIELDS, then the extra fields of Evaluation.to_dict()
CSV_FIELDS = ALL_FIELDS


def _flat(evaluation: Evaluation) -> dict[str, Any]:
    data = evaluation.to_dict()
    return {
        key: "; ".join(value) if isinstance(value, list) else ("" if value is None else value)
        for key, value in data.items()
    }


def _csv(report: Report) -> str:
    return _dict_csv([_flat(e) for e in report.evaluations], CSV_FIELDS)


def _md_text(text: str) -> str:
    """Text for Markdown: terminal-safe, on one line, with no link, image or HTML."""
    return markdown_text(terminal_safe(text))


def _md_cell(text: str) -> str:
    """A Markdown table cell: :func:`_md_text`, with ``|`` escaped."""
    return _md_text(text).replace("|", "\\|")


def _md_table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    return tabulate(
        [[_md_cell(c) for c in row] for row in rows],
        headers=[_md_cell(h) for h in headers],
        tablefmt="github",
        disable_numparse=True,
    )


def _markdown(report: Report, catalogue: Catalogue | None) -> str:
    parts = [f"# {_md_text(report.title)}", "", f"Status as at {report.as_of.isoformat()}."]
    sections = _sections(report, catalogue)
    level = "###" if any(s.priority for s in sections) else "##"
    for section in sections:
        if section.priority:
            parts += ["", f"## {_md_text(section.priority)}"]
        parts += ["", f"{level} {_md_text(section.theme)}", ""]
        table = [[*_row(e, colour=False), e.reason] for e in section.rows]
        parts.append(_md_table(table, [*TABLE_COLUMNS, "Reason"]))
    if not report.evaluations:
        parts += ["", _NONE_MESSAGE]
    parts += ["", _summary(report) + "."]
    return "\n".join(parts) + "\n"


_HTML_STYLE = (
    "body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:1.5em}"
    "td,th{border:1px solid #999;padding:4px 8px;vertical-align:top}"
    ".green{background:#c6efce}.amber{background:#ffeb9c}.red{background:#ffc7ce}.grey{background:#eee}"
)


def _esc(text: str) -> str:
    """Text for HTML: terminal-safe, with ``<``, ``>``, ``&`` and quotes escaped."""
    return html.escape(terminal_safe(text))


def _html(report: Report, catalogue: Catalogue | None) -> str:
    esc = _esc
    sections = _sections(report, catalogue)
    theme_tag = "h3" if any(s.priority for s in sections) else "h2"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(report.title)}</title><style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{esc(report.title)}</h1><p>Status as at {report.as_of.isoformat()}.</p>",
    ]
    headers = [*TABLE_COLUMNS, "Reason"]
    for section in sections:
        if section.priority:
            out.append(f"<h2>{esc(section.priority)}</h2>")
        out.append(f"<{theme_tag}>{esc(section.theme)}</{theme_tag}><table><thead><tr>")
        out.append("".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr></thead><tbody>")
        for evaluation in section.rows:
            cells = [*_row(evaluation, colour=False), evaluation.reason]
            rag = evaluation.rag.value
            out.append(
                f'<tr class="{rag}">' + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>"
            )
        out.append("</tbody></table>")
    if not report.evaluations:
        out.append(f"<p>{_NONE_MESSAGE}</p>")
    out.append(f"<p>{esc(_summary(report))}.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_report(
    report: Report,
    format: str = "table",
    *,
    catalogue: Catalogue | None = None,
    tablefmt: str = "simple",
    colour: bool = False,
) -> str:
    """The report in one of FORMATS; ``catalogue`` supplies theme headings."""
    if format == "json":
        return json_safe(report.to_json()) + "\n"
    if format == "csv":
        return _csv(report)
    if format == "markdown":
        return _markdown(report, catalogue)
    if format == "html":
        return _html(report, catalogue)
    if format == "table":
        return _table(report, catalogue, tablefmt, colour)
    raise ValueError(f"unknown format {format!r}: expected one of {', '.join(FORMATS)}")


def catalogue_rows(catalogue: Catalogue) -> list[dict[str, str]]:
    """One row per measure: id, theme, unit, polarity, target, frequency, tolerance."""
    rows = []
    for measure in catalogue.measures:
        context = MeasureContext(measure.unit, measure.polarity)
        rows.append(
            {
                "id": measure.id,
                "theme": measure.theme,
                "unit": measure.unit or "-",
                "polarity": measure.polarity.value,
                "target": format_target(measure.target, context),
                "frequency": measure.frequency.value,
                "tolerance": format_tolerance(measure.tolerance, context)
                if measure.tolerance
                else "",
            }
        )
    return rows


def render_catalogue_list(
    catalogue: Catalogue, format: str = "table", tablefmt: str = "simple"
) -> str:
    """The catalogue's measures as a table, JSON (in the envelope, kind ``measure-list``) or CSV."""
    rows = catalogue_rows(catalogue)
    if format == "json":
        document = {**envelope("measure-list", as_of=None, catalogue=catalogue), "measures": rows}
        return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
    if format == "csv":
        return _dict_csv(rows, LIST_FIELDS)
    headers = list(rows[0]) if rows else []
    if format == "markdown":
        return _md_table([list(row.values()) for row in rows], headers) + "\n"
    cells = [[terminal_safe(cell) for cell in row.values()] for row in rows]
    if format == "html" or tablefmt in _HTML_TABLEFMTS:
        cells = [[html.escape(cell) for cell in row] for row in cells]
        tablefmt = "unsafehtml"  # escaped here, once
    if format == "html":
        return tabulate(cells, headers=headers, tablefmt=tablefmt, disable_numparse=True) + "\n"
    # the title column wrapped at 40 characters here: tabulate's own wrapping
    # (maxcolwidths) re-parses each cell as a number and fails on some texts
    for row in cells:
        if len(row) > 4:
            row[4] = "\n".join(textwrap.fill(line, 40) for line in row[4].splitlines() or [""])
    return tabulate(cells, headers=headers, tablefmt=tablefmt, disable_numparse=True) + "\n"


def _csv_cell(value: Any, quoting: Literal[0, 1]) -> str:
    """One CSV cell as the csv module writes it alone, with the given quoting."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=quoting).writerow([value])
    return buffer.getvalue().removesuffix("\n")


def _csv_line(values: Iterable[Any]) -> str:
    """A CSV line: numbers as numbers, text terminal-safe, and no cell a spreadsheet would run.

    A text cell that would be a formula (:func:`~cspmeasures.safetext.formula_like`) begins
    with a single quote and is quoted, as OWASP advises against CSV injection.
    """
    cells = []
    for value in values:
        if not isinstance(value, str):
            cells.append(_csv_cell(value, csv.QUOTE_MINIMAL))
            continue
        text = terminal_safe(value)
        if formula_like(text):
            cells.append(_csv_cell("'" + text, csv.QUOTE_ALL))
        else:
            cells.append(_csv_cell(text, csv.QUOTE_MINIMAL) if text else "")
    return ",".join(cells) + "\n"


def _dict_csv(rows: Sequence[dict[str, Any]], fieldnames: Iterable[str]) -> str:
    names = list(fieldnames)
    lines = [_csv_line(names)]
    lines += [_csv_line(row.get(name, "") for name in names) for row in rows]
    return "".join(lines)
