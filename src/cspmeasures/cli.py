"""The ``cspmeasures`` command line: validate, evaluate, explain, list, schema.

Results go to standard output, messages to standard error. Exit codes: 0 success,
1 bad data (every problem listed as ``FILE:LINE:COL: message``), 2 bad usage.
``-`` reads a catalogue or actuals from standard input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from cspmeasures import __version__
from cspmeasures.actuals import Actuals, load_actuals
from cspmeasures.catalogue import load_catalogue
from cspmeasures.errors import CatalogueError, CspMeasuresError, PeriodError
from cspmeasures.evaluate import Evaluation, evaluate
from cspmeasures.expressions import MeasureContext, format_tolerance
from cspmeasures.model import Catalogue
from cspmeasures.periods import parse_date, parse_period
from cspmeasures.render import FORMATS, render_catalogue_list, render_report
from cspmeasures.schema import schema_json
from cspmeasures.vocabulary import Status

__all__ = ["build_parser", "main"]

EXAMPLE_CATALOGUE = "catalogue/medway-csp-2017-18.yaml"


class UsageError(Exception):
    """Bad usage found after argument parsing (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=30, width=100)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (its help texts are the CLI reference in docs/cli.md)."""
    parser = _Parser(
        prog="cspmeasures",
        description="Declarative performance measures for Community Safety Partnerships.",
        epilog=f"example:\n  cspmeasures evaluate {EXAMPLE_CATALOGUE} --as-of 2017-09-30",
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"cspmeasures {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a Python traceback on unexpected errors"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    validate = commands.add_parser(
        "validate",
        help="check a catalogue (and actuals) and list every problem",
        description="Check a catalogue, and optionally an actuals file, listing every problem "
        "as FILE:LINE:COL: message. Exit 0 when valid, 1 otherwise.",
        epilog=f"example:\n  cspmeasures validate {EXAMPLE_CATALOGUE}",
        formatter_class=_formatter,
    )
    validate.add_argument("catalogue", help="the catalogue YAML file, or - for standard input")
    _actuals_option(validate)
    validate.add_argument(
        "--no-actuals",
        action="store_true",
        help="check the catalogue only, not the actuals file it names",
    )

    evaluate_cmd = commands.add_parser(
        "evaluate",
        help="the status report of every measure as at a date",
        description="Evaluate every measure against its target and print the status report.",
        epilog=f"examples:\n  cspmeasures evaluate {EXAMPLE_CATALOGUE} --as-of 2017-09-30\n"
        f"  cspmeasures evaluate {EXAMPLE_CATALOGUE} --as-of '2017-18 Q2' --format json\n"
        f"  cspmeasures evaluate {EXAMPLE_CATALOGUE} --as-of 2017-09-30 --status off-track",
        formatter_class=_formatter,
    )
    evaluate_cmd.add_argument("catalogue", help="the catalogue YAML file, or - for standard input")
    _actuals_option(evaluate_cmd)
    _as_of_option(evaluate_cmd)
    evaluate_cmd.add_argument(
        "--theme", action="append", metavar="ID", help="only this theme (repeatable)"
    )
    evaluate_cmd.add_argument(
        "--status",
        action="append",
        metavar="S",
        choices=[s.value for s in Status],
        help="only measures with this status (repeatable): " + ", ".join(s.value for s in Status),
    )
    evaluate_cmd.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )
    evaluate_cmd.add_argument(
        "--tablefmt",
        default="simple",
        metavar="NAME",
        help="tabulate's table format for --format table: simple, grid, github, pipe, rst, ...",
    )
    evaluate_cmd.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE (atomically) instead of standard output",
    )

    explain = commands.add_parser(
        "explain",
        help="how one measure's status was reached, step by step",
        description="Explain one measure's calculation: inputs, formula, value, target, "
        "expected-by-now, tolerance, comparison, trend and the rule that gave the status.",
        epilog=f"example:\n  cspmeasures explain {EXAMPLE_CATALOGUE} early-help-assessments --as-of 2017-09-30",
        formatter_class=_formatter,
    )
    explain.add_argument("catalogue", help="the catalogue YAML file, or - for standard input")
    explain.add_argument("measure", metavar="MEASURE_ID", help="the measure's id")
    _actuals_option(explain)
    _as_of_option(explain)

    list_cmd = commands.add_parser(
        "list",
        help="the catalogue's measures with unit, polarity, target and frequency",
        description="List the catalogue's measures.",
        epilog=f"example:\n  cspmeasures list {EXAMPLE_CATALOGUE} --format csv",
        formatter_class=_formatter,
    )
    list_cmd.add_argument("catalogue", help="the catalogue YAML file, or - for standard input")
    list_cmd.add_argument("--format", choices=FORMATS, default="table", help="output format")
    list_cmd.add_argument(
        "--tablefmt", default="simple", metavar="NAME", help="tabulate's table format"
    )

    commands.add_parser(
        "schema",
        help="print the catalogue's JSON Schema",
        description="Print the catalogue's JSON Schema, for editors and other tools.",
        epilog="example:\n  cspmeasures schema > catalogue.schema.json",
        formatter_class=_formatter,
    )
    return parser


def _actuals_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--actuals",
        metavar="FILE",
        help="the actuals CSV or YAML file (default: the one the catalogue names)",
    )


def _as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        metavar="DATE|PERIOD",
        help="evaluate as at this date (2017-09-30) or the end of this period (2017-18 Q2); "
        "default: today",
    )


# --- commands ------------------------------------------------------------------------


def _actuals_path(args: argparse.Namespace, catalogue: Catalogue) -> str | None:
    if args.actuals:
        return str(args.actuals)
    if catalogue.actuals is None:
        return None
    base = Path(args.catalogue).parent if args.catalogue != "-" else Path.cwd()
    return str(base / catalogue.actuals)


def _load_actuals(args: argparse.Namespace, catalogue: Catalogue) -> Actuals:
    path = _actuals_path(args, catalogue)
    if path is None:
        raise UsageError("the catalogue names no actuals file: give one with --actuals FILE")
    return load_actuals(path, catalogue)


def _as_of(text: str | None, catalogue: Catalogue) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return parse_date(text)
    except PeriodError:
        pass
    try:
        return parse_period(text, catalogue.calendar).end
    except PeriodError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    catalogue = load_catalogue(args.catalogue)
    message = f"{args.catalogue}: valid: {len(catalogue.measures)} measures in {len(catalogue.themes)} themes"
    if not args.no_actuals:
        path = _actuals_path(args, catalogue)
        if path is not None:
            actuals = load_actuals(path, catalogue)
            message += f"; {path}: valid: {len(actuals)} rows"
    print(message, file=sys.stderr)
    return 0


def _evaluate(args: argparse.Namespace, out: TextIO) -> int:
    catalogue = load_catalogue(args.catalogue)
    actuals = _load_actuals(args, catalogue)
    as_of = _as_of(args.as_of, catalogue)
    if args.theme:
        known = {t.id for t in catalogue.themes}
        unknown = [t for t in args.theme if t not in known]
        if unknown:
            raise UsageError(
                f"--theme: no theme has the id {unknown[0]!r}; themes: {', '.join(sorted(known))}"
            )
    report = evaluate(catalogue, actuals, as_of)
    if args.theme or args.status:
        themes = set(args.theme or [])
        statuses = set(args.status or [])
        kept = tuple(
            e
            for e in report.evaluations
            if (not themes or e.theme in themes) and (not statuses or e.status.value in statuses)
        )
        report = type(report)(report.catalogue_id, report.title, report.as_of, kept)
    colour = (
        args.format == "table"
        and args.output is None
        and out.isatty()
        and "NO_COLOR" not in os.environ
    )
    text = render_report(
        report, args.format, catalogue=catalogue, tablefmt=args.tablefmt, colour=colour
    )
    if args.output:
        _write_atomically(Path(args.output), text)
    else:
        out.write(text)
    return 0


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    catalogue = load_catalogue(args.catalogue)
    try:
        measure = catalogue.measure(args.measure)
    except KeyError:
        import difflib

        close = difflib.get_close_matches(args.measure, [m.id for m in catalogue.measures], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"no measure has the id {args.measure!r}{hint}") from None
    actuals = _load_actuals(args, catalogue)
    as_of = _as_of(args.as_of, catalogue)
    evaluation = evaluate(catalogue, actuals, as_of, measures=[measure.id]).evaluations[0]
    out.write(explain_text(catalogue, measure.id, evaluation))
    return 0


def explain_text(catalogue: Catalogue, measure_id: str, evaluation: Evaluation) -> str:
    """The calculation of one measure, in sentences a board member can follow."""
    measure = catalogue.measure(measure_id)
    context = MeasureContext(measure.unit, measure.polarity)
    theme = catalogue.theme(measure.theme)
    lines = [
        f"{measure.title} ({measure.id})",
        f"  theme:        {theme.priority + ' > ' if theme.priority else ''}{theme.title}",
        f"  as at:        {evaluation.period or 'no period'} (evaluated {catalogue.year.label})",
        f"  unit:         {measure.unit or 'a plain number'}; {measure.polarity.value}; "
        f"{measure.frequency.value}, {measure.aggregation.value}",
        f"  calculation:  {_formula(measure)}",
    ]
    for step in evaluation.steps:
        lines.append(f"  step:         {step}")
    value = "no value" if evaluation.value is None else f"{evaluation.value!r} (unrounded)"
    lines.append(f"  value:        {evaluation.display_value} as displayed; {value}")
    if evaluation.lower is not None and evaluation.upper is not None:
        lines.append(f"  95% interval: {evaluation.lower:.6g} to {evaluation.upper:.6g}")
    lines.append(f"  target:       {evaluation.target}")
    if evaluation.display_expected is not None:
        lines.append(f"  expected:     {evaluation.display_expected} by now")
    if measure.tolerance is not None:
        lines.append(
            f"  tolerance:    {format_tolerance(measure.tolerance, context)} (the amber band)"
        )
    if evaluation.comparison:
        lines.append(f"  comparison:   {evaluation.comparison}")
    lines.append(
        f"  trend:        {evaluation.trend.value} on the previous period; "
        f"{evaluation.trend_last_year.value} on the same period last year"
    )
    rule = (
        "the first status rule that matched"
        if measure.status_rules and "rule" in evaluation.reason
        else "the target"
    )
    lines.append(f"  status:       {evaluation.status.value} ({evaluation.rag.value}), from {rule}")
    lines.append(f"  because:      {evaluation.reason}")
    for flag in evaluation.flags:
        lines.append(f"  flag:         {flag}")
    for warning in evaluation.warnings:
        lines.append(f"  warning:      {warning}")
    return "\n".join(lines) + "\n"


def _formula(measure: object) -> str:
    from cspmeasures.model import CountOf, DirectValue, Measure, RatePer, Ratio, ReductionOf

    assert isinstance(measure, Measure)
    calc = measure.calculation
    if isinstance(calc, Ratio):
        return f"{calc.numerator} / {calc.denominator}, with a Wilson score interval"
    if isinstance(calc, RatePer):
        return f"{calc.count} / {calc.population} x {calc.per:,}, with an exact Poisson or Byar's interval"
    if isinstance(calc, ReductionOf):
        return f"({calc.before} - {calc.during}) / {calc.before}"
    if isinstance(calc, CountOf):
        return "a count, as recorded"
    assert isinstance(calc, DirectValue)
    return "the value as recorded"


def _list(args: argparse.Namespace, out: TextIO) -> int:
    catalogue = load_catalogue(args.catalogue)
    out.write(render_catalogue_list(catalogue, args.format, args.tablefmt))
    return 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write(schema_json())
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "validate": _validate,
    "evaluate": _evaluate,
    "explain": _explain,
    "list": _list,
    "schema": _schema,
}


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename: never a half-written file.

    A path that exists and is not a regular file (``/dev/stdout``, a pipe) is written directly.
    """
    if path.exists() and not path.is_file():
        with path.open("w", encoding="utf-8") as stream:
            stream.write(text)
        return
    directory = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return _COMMANDS[args.command](args, sys.stdout)
    except CatalogueError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"cspmeasures {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except (CspMeasuresError, OSError) as exc:
        if args.debug:
            raise
        print(f"cspmeasures {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback for any input, unless asked for
        if args.debug:
            raise
        print(
            f"cspmeasures {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(run with --debug for details, and please report it)",
            file=sys.stderr,
        )
        return 1


def _silence_stdout() -> None:
    """After a broken pipe (``| head``), stop Python complaining when it flushes stdout."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def entry_point() -> None:
    """The console script: ``main()`` with a guard for a broken pipe on exit."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    raise SystemExit(code)
