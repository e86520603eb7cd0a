"""The ``cspmeasures`` command line: validate, evaluate, explain, list, schema.

Results go to standard output, messages to standard error. Exit codes: 0 success,
1 bad data (every problem listed as ``FILE:LINE:COL: message``), 2 bad usage.
``-`` reads a catalogue or actuals from standard input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

import attrs
from tabulate import tabulate_formats

from cspmeasures import __version__
from cspmeasures.actuals import Actuals, load_actuals
from cspmeasures.calc.rounding import format_number, format_percent
from cspmeasures.calc.trend import Trend
from cspmeasures.catalogue import HISTORY_YEARS, actuals_beside, load_catalogue
from cspmeasures.envelope import envelope, problem_dicts, report_schema_json
from cspmeasures.errors import CatalogueError, CspMeasuresError, PeriodError, Problem
from cspmeasures.evaluate import Evaluation, evaluate
from cspmeasures.expressions import MeasureContext, format_quantity, format_tolerance
from cspmeasures.hints import did_you_mean
from cspmeasures.kinds import kind_of, parts_of
from cspmeasures.model import (
    Aggregation,
    Catalogue,
    CountOf,
    Measure,
    RatePer,
    Ratio,
    ReductionOf,
)
from cspmeasures.outputs import OutputError, output_target
from cspmeasures.periods import Frequency, parse_date, parse_period, parse_year, period_containing
from cspmeasures.render import FORMATS, render_catalogue_list, render_report
from cspmeasures.safetext import terminal_safe
from cspmeasures.schema import schema_json
from cspmeasures.sql import DEFAULT_QUERY, load_actuals_sql, shown_url
from cspmeasures.units import unit_words
from cspmeasures.vocabulary import Polarity, Status
from cspmeasures.yamlsource import EncodingProblem, text_encoding

__all__ = ["build_parser", "explain_text", "main", "reference_markdown"]

EXAMPLE_CATALOGUE = "catalogue/medway-csp-2017-18.yaml"
#: the width of every help text, whatever the terminal, so that docs/cli.md is stable
HELP_WIDTH = 100


class UsageError(Exception):
    """Bad usage found after argument parsing (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, terminal_safe(f"{self.prog}: error: {message}\n"))


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=30, width=HELP_WIDTH)


_EXIT_STATUS = (
    "exit status:\n"
    "  0  success\n"
    "  1  bad data: every problem is listed on standard error as FILE:LINE:COL: message\n"
    "  2  bad usage: an unknown command or option, or a bad option value"
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (its help texts are the CLI reference in docs/cli.md)."""
    parser = _Parser(
        prog="cspmeasures",
        description="Declarative performance measures for Community Safety Partnerships: "
        "check a\ncatalogue of measures, and report every measure's status against its target.",
        epilog=f"example:\n  cspmeasures evaluate {EXAMPLE_CATALOGUE} --as-of 2017-09-30\n\n"
        f"{_EXIT_STATUS}\n\n"
        "Run 'cspmeasures COMMAND --help' for the options of each command.",
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"cspmeasures {__version__}")
    debug = _Parser(add_help=False)
    debug.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show a Python traceback on unexpected errors",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show a Python traceback on unexpected errors"
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, title="commands"
    )

    validate = commands.add_parser(
        "validate",
        help="check a catalogue (and its actuals) and list every problem",
        description="Check a catalogue, and the actuals file it names (or --actuals FILE), and "
        "list every\nproblem on standard error as FILE:LINE:COL: message, with the line and a "
        "caret under\nthe column. Exit 0 when valid, 1 otherwise.",
        epilog=f"example:\n  cspmeasures validate {EXAMPLE_CATALOGUE}",
        formatter_class=_formatter,
        parents=[debug],
    )
    validate.add_argument("catalogue", help="the catalogue YAML file, or - for standard input")
    _actuals_option(validate)
    validate.add_argument(
        "--no-actuals",
        action="store_true",
        help="check the catalogue only, not the actuals file it names",
    )
    _document_format_option(validate, "a validation document with every problem")

    evaluate_cmd = commands.add_parser(
        "evaluate",
        help="the status report of every measure as at a date",
        description="Evaluate every measure against its target and print the status report, "
        "grouped by\ntheme: value, target, expected by now, status, RAG colour and trend. "
        "Tables are coloured\nonly on a terminal, and never when NO_COLOR is set. JSON and "
        "CSV carry the fields\nid, title, theme, period, value, display_value, target, "
        "expected, status, rag,\nreason, trend, comparison, flags and warnings, then "
        "the target as data, the value's\ninputs and more (see docs/integrating.md); JSON "
        "wraps them in an envelope whose\nschema 'cspmeasures schema --report' prints.",
        epilog=f"examples:\n  cspmeasures evaluate {EXAMPLE_CATALOGUE} --as-of 2017-09-30\n"
        f"  cspmeasures evaluate {EXAMPLE_CATALOGUE} --as-of '2017-18 Q2' --format json\n"
        f"  cspmeasures evaluate {EXAMPLE_CATALOGUE} --as-of 2017-09-30 --status off-track\n"
        f"  cspmeasures evaluate {EXAMPLE_CATALOGUE} --format html --output report.html",
        formatter_class=_formatter,
        parents=[debug],
    )
    evaluate_cmd.add_argument("catalogue", help="the catalogue YAML file, or - for standard input")
    _actuals_option(evaluate_cmd)
    _as_of_option(evaluate_cmd)
    evaluate_cmd.add_argument(
        "--theme",
        action="append",
        metavar="ID",
        help="only the measures of this theme (repeatable)",
    )
    evaluate_cmd.add_argument(
        "--status",
        action="append",
        metavar="S",
        choices=[s.value for s in Status],
        help="only measures with this status (repeatable): " + ", ".join(s.value for s in Status),
    )
    evaluate_cmd.add_argument(
        "--format",
        choices=(*FORMATS, "xlsx"),
        default="table",
        help="output format: " + ", ".join(FORMATS) + " or xlsx (an Excel workbook: a sheet "
        "per priority with RAG fills, and a data sheet; needs --output) (default: table)",
    )
    evaluate_cmd.add_argument(
        "--tablefmt",
        default="simple",
        metavar="NAME",
        help="tabulate's table format for --format table: simple (the default), grid, github, "
        "pipe, rst, ...",
    )
    evaluate_cmd.add_argument(
        "--output",
        metavar="FILE",
        help="write the report to FILE instead of standard output (- or /dev/stdout: standard "
        "output); the file is replaced only once the whole report is written, never when it is "
        "the catalogue or the actuals file",
    )

    explain = commands.add_parser(
        "explain",
        help="how one measure's status was reached, step by step",
        description="Explain one measure's calculation in sentences: its inputs, formula, "
        "unrounded and\ndisplayed value, target, expected-by-now figure, tolerance band, "
        "comparison, trend,\nand the rule that gave its status.",
        epilog=f"example:\n  cspmeasures explain {EXAMPLE_CATALOGUE} early-help-assessments "
        "--as-of 2017-09-30",
        formatter_class=_formatter,
        parents=[debug],
    )
    explain.add_argument("catalogue", help="the catalogue YAML file, or - for standard input")
    explain.add_argument("measure", metavar="MEASURE_ID", help="the measure's id")
    _actuals_option(explain)
    _as_of_option(explain)
    _document_format_option(explain, "the result with every field, and its working")

    list_cmd = commands.add_parser(
        "list",
        help="the catalogue's measures with unit, polarity, target and frequency",
        description="List the catalogue's measures: id, theme, unit, polarity, target, "
        "frequency and\ntolerance.",
        epilog=f"example:\n  cspmeasures list {EXAMPLE_CATALOGUE} --format csv",
        formatter_class=_formatter,
        parents=[debug],
    )
    list_cmd.add_argument("catalogue", help="the catalogue YAML file, or - for standard input")
    list_cmd.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="output format: " + ", ".join(FORMATS) + " (default: table)",
    )
    list_cmd.add_argument(
        "--tablefmt",
        default="simple",
        metavar="NAME",
        help="tabulate's table format for --format table (default: simple)",
    )

    template = commands.add_parser(
        "template",
        help="write an Excel returns template for partners to fill in",
        description="Write an Excel workbook for collecting a year's figures: a sheet per "
        "theme, a row per\nmeasure and, for each period, the cells the measure needs (a "
        "value, or a numerator\nand denominator; a state or judgement with its evidence; a "
        "flag; a note), with units\nand targets shown, checked entries and locked headings. The "
        "filled workbook is read back\nas actuals as it stands: --actuals returns.xlsx.",
        epilog="example:\n  cspmeasures template docs/examples/riverside-csp-2024-25.yaml "
        "--year 2024-25 -o returns.xlsx",
        formatter_class=_formatter,
        parents=[debug],
    )
    template.add_argument("catalogue", help="the catalogue YAML file, or - for standard input")
    template.add_argument(
        "--year",
        metavar="YEAR",
        help="the year whose periods the template asks for, such as 2024-25 (default: the "
        "catalogue's)",
    )
    template.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="the workbook to write (.xlsx); it is replaced only once the whole workbook is "
        "written",
    )

    schema = commands.add_parser(
        "schema",
        help="print the catalogue's JSON Schema, or with --report that of the JSON output",
        description="Print the catalogue's JSON Schema (draft 2020-12), for editors and other "
        "tools; with\n--report, the JSON Schema of every JSON output (evaluate, explain and "
        "validate with\n--format json).",
        epilog="examples:\n  cspmeasures schema > catalogue.schema.json\n"
        "  cspmeasures schema --report > report.schema.json",
        formatter_class=_formatter,
        parents=[debug],
    )
    schema.add_argument(
        "--report",
        action="store_true",
        help="the schema of the JSON output instead of the catalogue's",
    )
    return parser


def _document_format_option(parser: argparse.ArgumentParser, json_holds: str) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=f"text (the default), or json: {json_holds}, in the envelope of 'schema --report'",
    )


def _actuals_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--actuals",
        metavar="FILE",
        help="the actuals CSV, YAML or Excel (.xlsx) file, or - for standard input (default: "
        "the file the catalogue names, relative to the catalogue)",
    )
    parser.add_argument(
        "--sheet",
        metavar="NAME",
        help="the workbook's sheet to read (default: the first; every sheet of a returns "
        "template)",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="the text encoding of a CSV or YAML actuals file that is not UTF-8, such as "
        "cp1252 for Excel's 'CSV (Comma delimited)' (default: the catalogue's "
        "actuals_encoding, else UTF-8)",
    )
    parser.add_argument(
        "--decimal-comma",
        action="store_true",
        help="read a comma in a number as the decimal point (0,753 is 0.753); without it "
        "decimal commas are refused",
    )
    parser.add_argument(
        "--actuals-db",
        metavar="URL",
        help="read the actuals from a database instead (SQLAlchemy URL: sqlite:///actuals.db, "
        "postgresql+psycopg://user@host/db); needs the 'sql' extra",
    )
    parser.add_argument(
        "--actuals-query",
        metavar="SQL",
        help=f"the query whose rows are the actuals, with --actuals-db (default: {DEFAULT_QUERY})",
    )


def _as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        metavar="DATE|PERIOD",
        help="evaluate as at this date (30/09/2017, 30 Sep 2017 or 2017-09-30; day first) or "
        "the end of this period (2017-18 Q2, Q2 2017/18, Sep-17); default: today",
    )


# --- commands ------------------------------------------------------------------------


def _actuals_path(args: argparse.Namespace, catalogue: Catalogue) -> str | None:
    if args.actuals:
        return str(args.actuals)
    path = actuals_beside(catalogue, args.catalogue)
    if path is None:
        return None
    if args.catalogue != "-":
        return str(path)
    if not path.exists():
        hint = " (or --no-actuals)" if args.command == "validate" else ""
        raise UsageError(
            f"the catalogue on standard input names the actuals file {catalogue.actuals!r}, "
            f"which is not in the current directory: give it with --actuals FILE{hint}"
        )
    return str(path)


def _database(args: argparse.Namespace) -> str | None:
    """The --actuals-db URL, checked against the options it excludes or needs."""
    if args.actuals_db and args.actuals:
        raise UsageError("give the actuals as --actuals FILE or --actuals-db URL, not both")
    if args.actuals_query is not None and not args.actuals_db:
        raise UsageError("--actuals-query needs --actuals-db URL")
    return str(args.actuals_db) if args.actuals_db else None


def _load_actuals(args: argparse.Namespace, catalogue: Catalogue) -> Actuals:
    url = _database(args)
    if url is not None:
        return load_actuals_sql(url, args.actuals_query or DEFAULT_QUERY, catalogue)
    path = _actuals_path(args, catalogue)
    if path is None:
        raise UsageError("the catalogue names no actuals file: give one with --actuals FILE")
    return _read_actuals(args, path, catalogue)


def _read_actuals(args: argparse.Namespace, path: str, catalogue: Catalogue) -> Actuals:
    """The actuals at ``path``, read with the command line's --sheet, --encoding and
    --decimal-comma."""
    return load_actuals(
        path,
        catalogue,
        encoding=args.encoding,
        decimal_comma=args.decimal_comma,
        sheet=args.sheet,
    )


def _as_of(text: str | None, catalogue: Catalogue) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        day = parse_date(text)
    except PeriodError:
        try:
            day = parse_period(text, catalogue.calendar).end
        except PeriodError as exc:
            raise UsageError(f"--as-of: {exc}") from None
    try:  # the year the date falls in must be one the calendar can hold
        period_containing(day, Frequency.YEAR, catalogue.calendar)
    except PeriodError:
        raise UsageError(
            f"--as-of: {text} is outside the supported dates: its year on the "
            f"{catalogue.calendar.value} calendar would start before year 1"
        ) from None
    return day


def _check_tablefmt(args: argparse.Namespace) -> None:
    if args.format == "table" and args.tablefmt not in tabulate_formats:
        hint = did_you_mean(args.tablefmt, tabulate_formats)
        raise UsageError(
            f"--tablefmt: no table format is called {args.tablefmt!r}{hint}; "
            f"the formats are {', '.join(tabulate_formats)}"
        )


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    catalogue: Catalogue | None = None
    actuals: Actuals | None = None
    try:
        catalogue = load_catalogue(args.catalogue)
        message = (
            f"{args.catalogue}: valid: {_count(len(catalogue.measures), 'measure')} "
            f"in {_count(len(catalogue.themes), 'theme')}"
        )
        if not args.no_actuals:
            url = _database(args)
            where = shown_url(url) if url is not None else _actuals_path(args, catalogue)
            if where is not None:
                actuals = _load_actuals(args, catalogue)
                message += f"; {where}: valid: {_count(len(actuals), 'row')}"
    except CatalogueError as exc:
        if args.format == "json":
            _write_validation(out, catalogue, actuals, exc.problems)
        raise  # listed on standard error, exit 1
    if args.format == "json":
        _write_validation(out, catalogue, actuals, ())
    _say(message)
    return 0


def _count(number: int, noun: str) -> str:
    """``1 theme``, ``18 themes``."""
    return f"{number} {unit_words(noun, number)}"


def _write_validation(
    out: TextIO,
    catalogue: Catalogue | None,
    actuals: Actuals | None,
    problems: tuple[Problem, ...],
) -> None:
    """The validation document: the envelope, whether all is valid, counts and problems."""
    document = {
        **envelope("validation", as_of=None, catalogue=catalogue),
        "valid": not problems,
        "measures": len(catalogue.measures) if catalogue is not None else None,
        "themes": len(catalogue.themes) if catalogue is not None else None,
        "actuals_rows": len(actuals) if actuals is not None else None,
        "problems": problem_dicts(problems),
    }
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _evaluate(args: argparse.Namespace, out: TextIO) -> int:
    _check_tablefmt(args)
    catalogue = load_catalogue(args.catalogue)
    if args.theme:
        known = [t.id for t in catalogue.themes]
        for theme in args.theme:
            if theme not in known:
                raise UsageError(
                    f"--theme: no theme has the id {theme!r}{did_you_mean(theme, known)}"
                    f" (themes: {', '.join(known)})"
                )
    as_of = _as_of(args.as_of, catalogue)
    target = None
    if args.output is not None:
        inputs = {"the catalogue": args.catalogue, "the actuals file": args.actuals}
        if not args.actuals:
            inputs["the actuals file"] = _actuals_path(args, catalogue)
        target = output_target(args.output, inputs)
    actuals = _load_actuals(args, catalogue)
    report = evaluate(catalogue, actuals, as_of)
    if args.theme or args.status:
        themes = set(args.theme or [])
        statuses = set(args.status or [])
        kept = tuple(
            e
            for e in report.evaluations
            if (not themes or e.theme in themes) and (not statuses or e.status.value in statuses)
        )
        report = attrs.evolve(report, evaluations=kept)
    colour = (
        args.format == "table"
        and target is None
        and out.isatty()
        and not os.environ.get("NO_COLOR")
    )
    if args.format == "xlsx":
        if target is None:
            raise UsageError("--format xlsx writes a workbook: give the file with --output FILE")
        from cspmeasures.xlsx_write import report_workbook

        _write_atomically(target, report_workbook(report, catalogue))
        return 0
    text = render_report(
        report, args.format, catalogue=catalogue, tablefmt=args.tablefmt, colour=colour
    )
    if target is not None:
        _write_atomically(target, text)
    else:
        out.write(text)
    return 0


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    catalogue = load_catalogue(args.catalogue)
    try:
        measure = catalogue.measure(args.measure)
    except KeyError:
        hint = did_you_mean(args.measure, [m.id for m in catalogue.measures])
        raise UsageError(f"no measure has the id {args.measure!r}{hint}") from None
    as_of = _as_of(args.as_of, catalogue)
    actuals = _load_actuals(args, catalogue)
    evaluation = evaluate(catalogue, actuals, as_of, measures=[measure.id]).evaluations[0]
    if args.format == "json":
        document = {
            **envelope("explanation", as_of=as_of, catalogue=catalogue),
            "result": evaluation.to_dict(),
            "steps": list(evaluation.steps),
        }
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return 0
    out.write(explain_text(catalogue, measure.id, evaluation, as_of))
    return 0


_POLARITY_WORDS = {
    Polarity.HIGHER_IS_BETTER: "a higher figure is better",
    Polarity.LOWER_IS_BETTER: "a lower figure is better",
    Polarity.IN_RANGE: "the figure is best inside its target band",
    Polarity.NONE: "neither a higher nor a lower figure is better",
}
_AGGREGATION_WORDS = {
    Aggregation.POINT_IN_TIME: "each period's figure stands on its own",
    Aggregation.YEAR_TO_DATE: "figures are added up from the start of the year",
    Aggregation.ROLLING_12_MONTHS: "figures are added up over the last twelve months",
}
_TREND_WORDS = {
    Trend.IMPROVING: "better than",
    Trend.WORSENING: "worse than",
    Trend.NO_CHANGE: "no different from",
    Trend.INCREASING: "higher than",
    Trend.DECREASING: "lower than",
}


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop (unless it ends in one already)."""
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _what_is_measured(measure: Measure) -> str:
    if kind_of(measure.target).recorded:
        kind = "a milestone" if kind_of(measure.target).name == "milestone" else "an aim"
        return (
            f"progress towards {kind}, reported {measure.frequency.adverb}, with the "
            "partnership's judgement and evidence"
        )
    if measure.is_percent:
        what = "a percentage"
    elif not measure.unit:
        what = "a plain number"
    else:
        plural = format_quantity(2.0, MeasureContext(measure.unit)).split(" ", 1)[-1]
        what = f"a number of {plural}"
    if isinstance(measure.calculation, RatePer):
        what = f"a rate per {measure.calculation.per:,}"
    return (
        f"{what}, reported {measure.frequency.adverb}; {_POLARITY_WORDS[measure.polarity]}, "
        f"and {_adding_up(measure)}"
    )


def _adding_up(measure: Measure) -> str:
    """How the figures add up: as the measure aggregates them, unless the target adds
    them up itself (an amount target sums each period's figure over its span)."""
    for part in parts_of(measure.target):
        words: str | None = kind_of(part).adding_up(part, measure.frequency)
        if words is not None:
            return words
    return _AGGREGATION_WORDS[measure.aggregation]

def _unrounded(value: float, measure: Measure) -> str:
    """The value before rounding: exact when it has at most the measure's decimals + 3,
    otherwise rounded half up to that many (80.95238095238095% -> 80.9524% at 1 decimal)."""
    places = measure.display_decimals + 3
    if measure.is_percent:
        exact = format_quantity(value, MeasureContext("percent"))
        shown = format_percent(value, places)
    else:
        exact = format_quantity(value, MeasureContext())
        shown = format_number(value, places)
    decimals = len(exact.rstrip("%").partition(".")[2])
    return exact if decimals <= places else shown


def _interval(evaluation: Evaluation, measure: Measure) -> str | None:
    if evaluation.lower is None or evaluation.upper is None:
        return None
    decimals = measure.display_decimals
    if measure.is_percent:
        low = format_percent(evaluation.lower, decimals)
        high = format_percent(evaluation.upper, decimals)
    else:
        low = format_number(evaluation.lower, decimals)
        high = format_number(evaluation.upper, decimals)
    return f"The 95% confidence interval runs from {low} to {high}."


def _trend(evaluation: Evaluation, frequency: Frequency) -> str:
    if frequency is Frequency.YEAR:
        # the previous period is the same period last year: one comparison, said once
        if evaluation.trend is Trend.NOT_COMPARED:
            return "Trend: not compared with the previous year, as a figure is missing."
        return f"Trend: {_TREND_WORDS[evaluation.trend]} the previous year."
    if evaluation.trend is Trend.NOT_COMPARED and evaluation.trend_last_year is Trend.NOT_COMPARED:
        return (
            "Trend: not compared with the previous period or with the same period last year, "
            "as a figure is missing."
        )

    def against(trend: Trend, what: str) -> str:
        if trend is Trend.NOT_COMPARED:
            return f"not compared with {what}, as one of the two figures is missing"
        return f"{_TREND_WORDS[trend]} {what}"

    previous = against(evaluation.trend, "the previous period")
    last_year = against(evaluation.trend_last_year, "the same period last year")
    return f"Trend: {previous}; {last_year}."


def explain_text(
    catalogue: Catalogue,
    measure_id: str,
    evaluation: Evaluation,
    as_of: dt.date | None = None,
) -> str:
    """The calculation of one measure, in sentences that can be read out at a board meeting.

    The text is terminal-safe (:func:`~cspmeasures.safetext.terminal_safe`).
    """
    measure = catalogue.measure(measure_id)
    context = MeasureContext(measure.unit, measure.polarity)
    theme = catalogue.theme(measure.theme)
    heading = terminal_safe(f"{' '.join(measure.title.split())} ({measure.id})")
    lines = [heading, "=" * min(len(heading), 100), ""]
    where = theme.title
    if theme.priority and theme.priority != theme.title:
        where += f" (priority: {theme.priority})"
    lines.append(_sentence(f"Theme: {where}"))
    lines.append(_sentence(f"What is measured: {_what_is_measured(measure)}"))
    narrative = kind_of(measure.target).recorded
    when = f"As at {_long_date(as_of)}, t" if as_of is not None else "T"
    used = "evidence used is that" if narrative else "figures used are those"
    if evaluation.period:
        lines.append(f"{when}he {used} for {evaluation.period}.")
    else:
        lines.append(f"{when}here is no period with figures to use.")
    if not narrative:
        lines.append(_sentence(f"How it is worked out: {_formula(measure)}"))
    if evaluation.steps:
        lines += ["", "Working:"]
        lines += [f"  {n}. {_sentence(step)}" for n, step in enumerate(evaluation.steps, 1)]
        lines.append("")
    if evaluation.value is None:
        lines.append(f"Value: none ({evaluation.display_value} in the report).")
    else:
        unrounded = _unrounded(evaluation.value, measure)
        if unrounded == evaluation.display_value:
            lines.append(f"Value: {unrounded}, exactly; no rounding was needed.")
        else:
            lines.append(
                f"Value: {evaluation.display_value} as shown in the report, "
                f"from {unrounded} before rounding."
            )
    interval = _interval(evaluation, measure)
    if interval:
        lines.append(interval)
    lines.append(_sentence(f"Target: {evaluation.target}"))
    if evaluation.display_expected is not None:
        lines.append(f"Expected by now: {evaluation.display_expected}.")
    if measure.tolerance is not None:
        band = format_tolerance(measure.tolerance, context)
        lines.append(
            f"Tolerance: {band}. A figure short of the target by no more than this is at risk "
            "(amber) rather than off track (red)."
        )
    elif not narrative:
        lines.append("Tolerance: none, so there is no amber band.")
    if evaluation.comparison:
        lines.append(_sentence(f"Compared with others: {evaluation.comparison}"))
    lines.append(_trend(evaluation, measure.frequency))
    lines.append("")
    status = evaluation.status
    lines.append(f"Status: {status.value} ({evaluation.rag.value}).")
    lines.append(_sentence(f"Reason: {evaluation.reason}"))
    judged = catalogue.judge_on_for(measure).value
    if evaluation.status_rule is not None:
        rule = (
            f"the measure's own status rule {evaluation.status_rule} "
            f"(of {len(measure.status_rules)}), the first that held"
        )
    elif measure.status_rules:
        rule = "the target, as none of the measure's own status rules held"
    else:
        rule = "the target"
    if evaluation.value is not None:
        rule += f", judged on the {judged} value"
    lines.append(f"The status was set by {rule}.")
    lines.append(_sentence(f"{status.value} means: {status.meaning}"))
    for flag in evaluation.flags:
        lines.append(_sentence(f"Flag: {flag}"))
    for warning in evaluation.warnings:
        lines.append(_sentence(f"Warning: {warning}"))
    return terminal_safe("\n".join(lines) + "\n")


def _formula(measure: Measure) -> str:
    calc = measure.calculation
    if isinstance(calc, Ratio):
        return (
            f"{calc.numerator} divided by {calc.denominator}, "
            "with a 95% Wilson score confidence interval"
        )
    if isinstance(calc, RatePer):
        return (
            f"{calc.count} divided by {calc.population}, times {calc.per:,}, with a 95% "
            "confidence interval (exact Poisson below 10 events, Byar's method from 10)"
        )
    if isinstance(calc, ReductionOf):
        return (
            f"the reduction from {calc.before} to {calc.during}, as a share of {calc.before}: "
            f"({calc.before} - {calc.during}) / {calc.before}"
        )
    if isinstance(calc, CountOf):
        return "a count, as recorded"
    return "the value is taken as recorded"


def _list(args: argparse.Namespace, out: TextIO) -> int:
    _check_tablefmt(args)
    catalogue = load_catalogue(args.catalogue)
    out.write(render_catalogue_list(catalogue, args.format, args.tablefmt))
    return 0


def _template(args: argparse.Namespace, out: TextIO) -> int:
    target = output_target(args.output, {"the catalogue": args.catalogue})
    if target is None:
        raise UsageError("a returns template is a workbook: give the file with -o FILE")
    catalogue = load_catalogue(args.catalogue)
    year = catalogue.year
    if args.year is not None:
        try:
            year = parse_year(args.year, catalogue.calendar)
        except PeriodError as exc:
            raise UsageError(f"--year: {exc}") from None
        if year > catalogue.year:
            raise UsageError(
                f"--year: {year.label} is after the catalogue's year {catalogue.year.label}, "
                "so its figures could not be read against it"
            )
        if year < catalogue.year.shift(-HISTORY_YEARS):
            raise UsageError(
                f"--year: {year.label} is more than {HISTORY_YEARS} years before the "
                f"catalogue's year {catalogue.year.label}, so its figures could not be read "
                "against it"
            )
    from cspmeasures.xlsx_write import returns_template

    _write_atomically(target, returns_template(catalogue, year))
    _say(f"{args.output}: a returns template for {year.label}")
    return 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write(report_schema_json() if args.report else schema_json())
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "validate": _validate,
    "evaluate": _evaluate,
    "explain": _explain,
    "list": _list,
    "template": _template,
    "schema": _schema,
}


def _new_file_mode() -> int:
    """The permissions a new file gets under the process's umask (0o644 under umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_atomically(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or a workbook's bytes) to ``path`` via a temporary file and a
    rename: never a half-written file.

    An existing file keeps its permissions; a new one gets those the umask gives. A path
    that exists and is not a regular file is written directly (the command line checks
    the target first with :func:`~cspmeasures.outputs.output_target`).
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if path.is_symlink():
            path = path.resolve()
        if path.exists() and not path.is_file():
            with path.open("wb") as raw:
                raw.write(data)
            return
        mode = path.stat().st_mode & 0o7777 if path.exists() else _new_file_mode()
        directory = path.parent if str(path.parent) else Path(".")
        descriptor, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code (argparse's own exits included).

    The code is the one the work gives, whatever happens to the streams: a reader that
    stops early (``| head``) never turns a failure into success, and a closed standard
    output or input is a message (exit 1), not a traceback.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    code = _run(args)
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        _silence(sys.stdout)
    except OSError as exc:
        _say(f"cspmeasures {args.command}: error: cannot write the output: {exc.strerror}")
        return 1
    return code


def _run(args: argparse.Namespace) -> int:
    out = sys.stdout
    try:
        reads_stdin = "-" in (getattr(args, "catalogue", None), getattr(args, "actuals", None))
        if getattr(args, "actuals", None) == "-" and args.catalogue == "-":
            raise UsageError(
                "the catalogue and the actuals cannot both be read from standard input"
            )
        if getattr(args, "encoding", None):
            try:
                text_encoding(args.encoding)
            except EncodingProblem as exc:
                raise UsageError(f"--encoding: {exc}") from None
        if reads_stdin and sys.stdin is None:
            raise OutputError("standard input is closed: there is nothing to read from -")
        if out is None:
            out = _ClosedOutput()
        return _COMMANDS[args.command](args, out)
    except CatalogueError as exc:
        count = len(exc.problems)
        _say(
            "\n".join(
                [*map(str, exc.problems), f"{count} problem{'s' if count != 1 else ''} found"]
            )
        )
        return 1
    except UsageError as exc:
        _say(f"cspmeasures {args.command}: error: {exc}")
        return 2
    except BrokenPipeError:  # the reader of standard output stopped: the work was done
        _silence(sys.stdout)
        return 0
    except KeyboardInterrupt:
        return 130
    except (CspMeasuresError, OSError) as exc:
        if args.debug:
            raise
        _say(f"cspmeasures {args.command}: error: {exc}")
        return 1
    except Exception as exc:  # never a traceback for any input, unless asked for
        if args.debug:
            raise
        _say(
            f"cspmeasures {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(run with --debug for details, and please report it)"
        )
        return 1


class _ClosedOutput(io.StringIO):
    """Standard output when it is closed: writing to it is an OutputError."""

    def write(self, text: str) -> int:
        raise OutputError(
            "standard output is closed: there is nowhere to write the result "
            "(give --output FILE, or do not close it)"
        )


def _say(message: str) -> None:
    """Print a message on standard error, terminal-safe; a closed or broken one is left."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(terminal_safe(message) + "\n")
        stream.flush()
    except BrokenPipeError:
        _silence(stream)
    except (OSError, ValueError):
        pass


def _silence(stream: TextIO | None) -> None:
    """After a broken pipe (``| head``), send the stream to /dev/null so that Python does
    not complain when it flushes it at exit."""
    if stream is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def entry_point() -> None:
    """The console script: ``main()``; Ctrl-C exits 130 without a traceback."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:  # pragma: no cover - main() handles it; a last guard
        _silence(sys.stdout)
        code = 1
    raise SystemExit(code)


# --- the reference page ----------------------------------------------------------------

_REFERENCE_INTRO = """\
# Command line

`cspmeasures` checks a catalogue of measures and reports every measure's status against its
target. It is installed with the package; `python -m cspmeasures` runs the same program.

```console
$ cspmeasures validate catalogue/medway-csp-2017-18.yaml
$ cspmeasures evaluate catalogue/medway-csp-2017-18.yaml --as-of 2017-09-30
$ cspmeasures explain catalogue/medway-csp-2017-18.yaml early-help-assessments --as-of 2017-09-30
```

Conventions shared by every command:

- Results go to standard output and messages to standard error, so a report can be piped or
  redirected while problems stay on the screen. Piping into `head` is fine, and the exit
  status stays the one the work gives: `validate bad.yaml 2>&1 | head -1` still exits 1.
- Exit status 0 means success, 1 bad data (each problem is listed as `FILE:LINE:COL: message`,
  with the offending line and a caret under the column), 2 bad usage (an unknown command or
  option, a bad `--format`, `--as-of` or measure id; an `--as-of` whose year would start
  before year 1), 130 Ctrl-C (at any point, the start-up included, with no traceback). A
  closed standard output (for a command that writes there) or standard input (for `-`) is
  a message and exit 1.
- `-` in place of a catalogue or actuals file reads it from standard input. Without
  `--actuals`, the actuals file the catalogue names is read, relative to the catalogue (to
  the current directory when the catalogue comes from standard input).
- Without `--as-of` the report is as at today. `--as-of` takes a date (`30/09/2017`,
  `30 Sep 2017` or `2017-09-30`, always day first) or a period (`2017-18 Q2`, `Q2 2017/18`,
  `Sep-17`, meaning its last day).
- Actuals may be CSV, YAML or an Excel workbook (`--sheet NAME` picks its sheet); a CSV file
  that is not UTF-8 needs `--encoding` (`cp1252` for Excel's CSV), and decimal commas are
  refused unless `--decimal-comma` is given. See [Excel](excel.md).
- Tables are coloured only when standard output is a terminal and `NO_COLOR` is not set.
- `--output FILE` replaces FILE only once the whole report is written: a failed run leaves
  the old file as it was. It is refused, before any work and with exit 1, when FILE is the
  catalogue or the actuals file (under any name: through a symbolic or a hard link), a
  folder, a named pipe, a device, a socket or a read-only file, or its folder is missing or
  read-only. `-` and `/dev/stdout` are the only special names: both write to standard
  output, in a pipe too.
- Text from a catalogue or actuals file is shown inert in every output and message: control
  characters, lone surrogates, noncharacters, bidirectional overrides and line separators
  appear as escapes (`\\x1b`, `\\u202e`); HTML (`--format html`, and `--tablefmt html` or
  `unsafehtml`) escapes it; Markdown shows it with no link, image or HTML of its own (a bare
  e-mail address, which GitHub links to itself, apart); a CSV cell a spreadsheet would run
  as a formula (beginning `=`, `+`, `-`, `@`, tab or carriage return, a plain negative
  number apart) is quoted and begins with a single quote, as OWASP advises. JSON keeps the
  text exactly, with such characters as `\\uXXXX` escapes.
- No input makes the program print a Python traceback; `--debug` shows one for an
  unexpected error, to report it.

The sections below are each command's own `--help`. This page is generated from them by
`cspmeasures.cli.reference_markdown()`:

```sh
python -c "from cspmeasures.cli import reference_markdown as r; print(r(), end='')" > docs/cli.md
```
"""


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def reference_markdown() -> str:
    """docs/cli.md: a short introduction, then every command's ``--help`` text.

    The help is formatted at a fixed width (HELP_WIDTH) and without colour, so the page
    does not depend on the terminal it is generated in.
    """
    parts = [_REFERENCE_INTRO]
    for parser in _parsers(build_parser()):
        if hasattr(parser, "color"):  # Python 3.14 colours help text on a terminal
            setattr(parser, "color", False)  # noqa: B010
        parts.append(f"## {parser.prog}\n\n```text\n{parser.format_help().rstrip()}\n```\n")
    return "\n".join(parts)
