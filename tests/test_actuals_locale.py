"""Actuals as Excel and European locales write them: decimal commas, ';' between cells,
Windows-1252 text (Excel's "CSV (Comma delimited)"), and UK dates in the period column."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspmeasures.actuals import load_actuals, loads_actuals
from cspmeasures.catalogue import loads_catalogue
from cspmeasures.cli import main
from cspmeasures.errors import ActualsError, CatalogueError
from cspmeasures.model import Catalogue

CATALOGUE = """\
catalogue:
  id: test-csp
  title: Test CSP
  year: 2024-25
units:
  visit: a home safety visit
themes:
  - {id: t, title: A theme}
measures:
  - id: completions
    title: Completions
    theme: t
    unit: percent
    polarity: higher
    target: ">= 75%"
  - id: reoffending
    title: Re-offending
    theme: t
    unit: percent
    value: reoffended / cohort
    polarity: lower
    target: "< 20%"
  - id: visits
    title: Visits
    theme: t
    unit: visit
    value: count
    polarity: higher
    target: 120 visits per year
  - id: spend
    title: Spend per head
    theme: t
    polarity: lower
    target: "< 100"
"""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return loads_catalogue(CATALOGUE)


def _problem(text: str, catalogue: Catalogue, **options: bool) -> str:
    with pytest.raises(ActualsError) as info:
        loads_actuals(text, catalogue, "a.csv", **options)
    (problem,) = info.value.problems
    return f"{problem.line}: {problem.message}"


# --- decimal commas --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "wanted"),
    [
        ("0,753", "a whole number such as '753' or '1,234'"),
        ("0,500", "a whole number such as '753' or '1,234'"),
        ("12,5", "a whole number such as '753' or '1,234'"),
        ("1.234,5", "a whole number such as '753' or '1,234'"),
    ],
)
def test_a_decimal_comma_on_a_count_is_refused_never_read_as_thousands(
    cell: str, wanted: str, catalogue: Catalogue
) -> None:
    """'0,753' on a count was once read as 753: now it is refused, saying what was wanted."""
    message = _problem(f'measure,period,value\nvisits,2024-25 Q1,"{cell}"\n', catalogue)
    assert message == (
        f"2: expected {wanted}, found {cell!r}: decimal commas are refused unless "
        "--decimal-comma is given"
    )


def test_a_decimal_comma_on_a_percent_says_a_percentage_was_expected(
    catalogue: Catalogue,
) -> None:
    """Not "such as '753%', found '0753'": the message quotes the cell as written."""
    message = _problem('measure,period,value\ncompletions,2024-25 Q1,"0,753"\n', catalogue)
    assert message == (
        "2: expected a percentage such as '75.3%', found '0,753': decimal commas are refused "
        "unless --decimal-comma is given"
    )


def test_a_decimal_comma_in_a_component_names_the_component(catalogue: Catalogue) -> None:
    message = _problem(
        'measure,period,numerator,denominator\nreoffending,2024-25 Q1,"2,5",20\n', catalogue
    )
    assert message == (
        "2: expected a number for the numerator, such as '753' or '75.3', found '2,5': "
        "decimal commas are refused unless --decimal-comma is given"
    )


def test_uk_thousands_separators_still_read(catalogue: Catalogue) -> None:
    """'1,234' and '12,345.5' keep their UK meaning without --decimal-comma."""
    rows = loads_actuals(
        'measure,period,value\nvisits,2024-25 Q1,"1,234"\nspend,2024-25 Q1,"12,345.5"\n',
        catalogue,
    )
    assert [o.value for o in rows] == [1234.0, 12345.5]


def test_with_decimal_comma_commas_are_decimal_points(catalogue: Catalogue) -> None:
    """With decimal_comma, 75,3% is 0.753, 1.234,5 is 1234.5 and 1,500 is 1.5 (not 1500)."""
    rows = loads_actuals(
        "measure;period;value;numerator;denominator\n"
        "completions;2024-25 Q1;75,3%;;\n"
        "spend;2024-25 Q1;1.234,5;;\n"
        "spend;2024-25 Q2;1,500;;\n"
        "reoffending;2024-25 Q1;;3;20\n"
        "visits;2024-25 Q1;12;;\n",
        catalogue,
        decimal_comma=True,
    )
    assert [o.value for o in rows] == [0.753, 1234.5, 1.5, None, 12.0]
    assert (rows.observations[3].numerator, rows.observations[3].denominator) == (3.0, 20.0)


def test_with_decimal_comma_a_dotted_number_is_refused_as_ambiguous(
    catalogue: Catalogue,
) -> None:
    """Read with decimal commas, '1.234' could be 1234 or 1.234: refused."""
    message = _problem(
        "measure;period;value\nspend;2024-25 Q1;1.234\n", catalogue, decimal_comma=True
    )
    assert message == (
        "2: expected a number such as '0.753' or '1,234.5' with a decimal comma, found "
        "'1.234': with --decimal-comma a '.' could be a thousands separator or a decimal "
        "point, so it is refused"
    )


def test_semicolon_header_means_semicolon_cells(catalogue: Catalogue) -> None:
    """A header with ';' and no ',' is Excel's list separator in decimal-comma locales."""
    rows = loads_actuals("measure;period;value\nvisits;2024-25 Q1;30\n", catalogue)
    assert rows.observations[0].value == 30.0


# --- encodings -------------------------------------------------------------------------

#: Excel's "CSV (Comma delimited)" on Windows: cp1252, with a pound sign in a note
CP1252_CSV = "measure,period,value,note\r\nvisits,2024-25 Q1,30,£1000 grant\r\n".encode(
    "cp1252"
)


def test_a_cp1252_file_is_refused_naming_the_option(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "visits.csv"
    path.write_bytes(CP1252_CSV)
    with pytest.raises(ActualsError) as info:
        load_actuals(path, catalogue)
    (problem,) = info.value.problems
    assert problem.line == 2
    assert problem.message == (
        "the file is not UTF-8 text (byte 0xa3 at offset 48): save it as UTF-8, or give its "
        "encoding with --encoding (Excel's 'CSV (Comma delimited)' is --encoding cp1252) or "
        "'actuals_encoding:' in the catalogue"
    )


def test_encoding_reads_a_cp1252_file(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "visits.csv"
    path.write_bytes(CP1252_CSV)
    (row,) = load_actuals(path, catalogue, encoding="cp1252")
    assert (row.value, row.note) == (30.0, "£1000 grant")


def test_actuals_encoding_in_the_catalogue_is_the_default(tmp_path: Path) -> None:
    catalogue = loads_catalogue(
        CATALOGUE.replace("  year: 2024-25\n", "  year: 2024-25\n  actuals_encoding: windows-1252\n")
    )
    assert catalogue.actuals_encoding == "cp1252"
    path = tmp_path / "visits.csv"
    path.write_bytes(CP1252_CSV)
    (row,) = load_actuals(path, catalogue)
    assert row.note == "£1000 grant"


def test_an_unknown_actuals_encoding_is_located_in_the_catalogue() -> None:
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(
            CATALOGUE.replace("  year: 2024-25\n", "  year: 2024-25\n  actuals_encoding: klingon\n")
        )
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (5, 21)
    assert problem.message == (
        "unknown text encoding 'klingon': expected one such as utf-8, cp1252 or latin-1"
    )


def test_a_byte_the_encoding_lacks_is_located(tmp_path: Path, catalogue: Catalogue) -> None:
    """0x81 is not a cp1252 character: refused, located, never replaced."""
    path = tmp_path / "visits.csv"
    path.write_bytes(b"measure,period,value,note\nvisits,2024-25 Q1,30,\x81\n")
    with pytest.raises(ActualsError) as info:
        load_actuals(path, catalogue, encoding="cp1252")
    (problem,) = info.value.problems
    assert problem.line == 2
    assert problem.message.startswith("the file is not cp1252 text (byte 0x81 at offset 47)")


# --- the command line ------------------------------------------------------------------


def _catalogue_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


def test_cli_encoding_and_decimal_comma(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = _catalogue_file(tmp_path)
    csv = tmp_path / "a.csv"
    csv.write_bytes("measure;period;value;note\nspend;2024-25 Q1;99,5;£\n".encode("cp1252"))
    assert main(["validate", str(plan), "--actuals", str(csv)]) == 1
    assert "--encoding" in capsys.readouterr().err
    code = main(
        ["validate", str(plan), "--actuals", str(csv), "--encoding", "cp1252", "--decimal-comma"]
    )
    assert code == 0, capsys.readouterr().err


def test_cli_unknown_encoding_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = _catalogue_file(tmp_path)
    assert main(["validate", str(plan), "--encoding", "klingon"]) == 2
    assert "--encoding: unknown text encoding 'klingon'" in capsys.readouterr().err


def test_cli_as_of_takes_a_uk_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--as-of 30/09/2024 is the same report as --as-of 2024-09-30."""
    plan = _catalogue_file(tmp_path)
    csv = tmp_path / "a.csv"
    csv.write_text("measure,period,value\nvisits,30/09/2024,10\nvisits,Q1 2024/25,5\n")
    iso = main(["evaluate", str(plan), "--actuals", str(csv), "--as-of", "2024-09-30"])
    iso_out = capsys.readouterr().out
    uk = main(["evaluate", str(plan), "--actuals", str(csv), "--as-of", "30/09/2024"])
    assert (iso, uk) == (0, 0)
    assert capsys.readouterr().out == iso_out
    assert "status as at 2024-09-30" in iso_out


# --- UK dates in the catalogue ---------------------------------------------------------

BASELINE_PLAN = """\
catalogue: {{id: b, title: B, year: 2024-25}}
units: {{offence: a recorded offence}}
themes: [{{id: t, title: T}}]
measures:
  - id: offences
    title: Offences
    theme: t
    unit: offence
    value: count
    polarity: lower
    baselines: [{{id: base, period: "{period}"}}]
    target: 10% reduction on base
"""


def test_a_baseline_period_may_be_a_uk_date() -> None:
    """A baseline 'period: 31/03/2024' is the quarter holding it, 2023-24 Q4: the same
    judgement as 'period: 2023-24 Q4' (100 to 85 is a 15% reduction, target 10%)."""
    import datetime as dt

    import cspmeasures

    rows = "measure,period,value\noffences,2023-24 Q4,100\noffences,2024-25 Q1,85\n"
    results = []
    for period in ("2023-24 Q4", "31/03/2024", "31 Mar 2024"):
        catalogue = loads_catalogue(BASELINE_PLAN.format(period=period))
        report = cspmeasures.evaluate(catalogue, loads_actuals(rows, catalogue), dt.date(2024, 6, 30))
        results.append(report.to_dicts())
    assert results[0] == results[1] == results[2]
    assert results[0][0]["status"] == "met"
