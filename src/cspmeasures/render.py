"""Reports and catalogues as text: tables (tabulate), JSON, CSV, Markdown and HTML.

Rendering formats nothing the evaluation has not already decided: it only lays out
:class:`~cspmeasures.evaluate.Report` fields. Colour is added by the caller's choice
(the CLI colours only a terminal, and never when ``NO_COLOR`` is set).
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from tabulate import tabulate

from cspmeasures.evaluate import FIELDS, Evaluation, Report
from cspmeasures.expressions import MeasureContext, format_target, format_tolerance
from cspmeasures.model import Catalogue, Theme
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


def _theme_heading(theme: Theme | None, theme_id: str) -> str:
    if theme is None:
        return theme_id
    if theme.priority and theme.priority != theme.title:
        return f"{theme.priority} > {theme.title}"
    return theme.title


def _groups(report: Report, catalogue: Catalogue | None) -> list[tuple[str, list[Evaluation]]]:
    themes = {t.id: t for t in catalogue.themes} if catalogue is not None else {}
    groups: dict[str, list[Evaluation]] = {}
    for evaluation in report.evaluations:
        groups.setdefault(evaluation.theme, []).append(evaluation)
    return [(_theme_heading(themes.get(tid), tid), rows) for tid, rows in groups.items()]


def _row(evaluation: Evaluation, colour: bool) -> list[str]:
    status = evaluation.status.value
    rag = evaluation.rag.value
    if colour:
        status = f"{_ANSI[evaluation.rag]}{status}{_RESET}"
        rag = f"{_ANSI[evaluation.rag]}{rag}{_RESET}"
    return [
        evaluation.title,
        evaluation.period or "-",
        evaluation.display_value,
        evaluation.target,
        evaluation.display_expected or "",
        status,
        rag,
        _TREND_MARK[evaluation.trend.value],
    ]


def _table(report: Report, catalogue: Catalogue | None, tablefmt: str, colour: bool) -> str:
    parts = [f"{report.title}: status as at {report.as_of.isoformat()}"]
    for heading, rows in _groups(report, catalogue):
        parts.append("")
        parts.append(heading)
        parts.append(
            tabulate(
                [_row(e, colour) for e in rows],
                headers=TABLE_COLUMNS,
                tablefmt=tablefmt,
                maxcolwidths=[48, None, None, 36, None, None, None, None],
            )
        )
    counts = report.by_status()
    summary = ", ".join(f"{count} {status.value}" for status, count in counts.items())
    parts.append("")
    parts.append(f"{len(report.evaluations)} measures: {summary}")
    return "\n".join(parts) + "\n"


def _flat(evaluation: Evaluation) -> dict[str, Any]:
    data = evaluation.to_dict()
    return {
        key: "; ".join(value) if isinstance(value, list) else ("" if value is None else value)
        for key, value in data.items()
    }


def _csv(report: Report) -> str:
    buffer = io.StringIO()
    rows = [_flat(e) for e in report.evaluations]
    fieldnames = list(rows[0]) if rows else list(FIELDS)
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _markdown(report: Report, catalogue: Catalogue | None) -> str:
    parts = [f"# {report.title}", "", f"Status as at {report.as_of.isoformat()}."]
    for heading, rows in _groups(report, catalogue):
        parts += ["", f"## {heading}", ""]
        table = [[*_row(e, colour=False), e.reason] for e in rows]
        parts.append(tabulate(table, headers=[*TABLE_COLUMNS, "Reason"], tablefmt="github"))
    return "\n".join(parts) + "\n"


_HTML_STYLE = (
    "body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:1.5em}"
    "td,th{border:1px solid #999;padding:4px 8px;vertical-align:top}"
    ".green{background:#c6efce}.amber{background:#ffeb9c}.red{background:#ffc7ce}.grey{background:#eee}"
)


def _html(report: Report, catalogue: Catalogue | None) -> str:
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(report.title)}</title><style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{esc(report.title)}</h1><p>Status as at {report.as_of.isoformat()}.</p>",
    ]
    headers = [*TABLE_COLUMNS, "Reason"]
    for heading, rows in _groups(report, catalogue):
        out.append(f"<h2>{esc(heading)}</h2><table><thead><tr>")
        out.append("".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr></thead><tbody>")
        for evaluation in rows:
            cells = [*_row(evaluation, colour=False), evaluation.reason]
            rag = evaluation.rag.value
            out.append(
                f'<tr class="{rag}">' + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>"
            )
        out.append("</tbody></table>")
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
        return report.to_json() + "\n"
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
    """The catalogue's measures as a table, JSON or CSV."""
    rows = catalogue_rows(catalogue)
    if format == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if format == "csv":
        return _dict_csv(
            rows, ["id", "theme", "unit", "polarity", "target", "frequency", "tolerance"]
        )
    fmt = "github" if format == "markdown" else "html" if format == "html" else tablefmt
    return (
        tabulate(rows, headers="keys", tablefmt=fmt, maxcolwidths=[None, None, None, None, 40])
        + "\n"
    )


def _dict_csv(rows: Sequence[dict[str, str]], fieldnames: Iterable[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fieldnames), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
