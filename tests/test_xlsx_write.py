"""The Excel report and the returns template: written, opened with openpyxl, and the
template filled and read back."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import attrs
import openpyxl
import pytest

import cspmeasures
from cspmeasures.actuals import load_actuals
from cspmeasures.cli import main
from cspmeasures.model import Catalogue
from cspmeasures.xlsx_write import report_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
PLAN = EXAMPLES / "riverside-csp-2024-25.yaml"
Q2_CSV = EXAMPLES / "riverside-csp-2024-25-actuals-q2.csv"
AS_OF = dt.date(2024, 9, 30)
DA_SHEET, VISITS_SHEET = "Supporting victims of domestic", "Reducing burglary"


@pytest.fixture(scope="module")
def plan() -> Catalogue:
    return cspmeasures.load_catalogue(PLAN)


# --- the returns template --------------------------------------------------------------


def _columns(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[tuple[str, str], int]:
    """(period, what) -> column, read from the two heading rows (a merged period heading
    is in its first cell only)."""
    columns: dict[tuple[str, str], int] = {}
    period = ""
    for column in range(5, sheet.max_column + 1):
        period = sheet.cell(1, column).value or period
        columns[period, sheet.cell(2, column).value] = column
    return columns


def _template(tmp_path: Path) -> Path:
    path = tmp_path / "returns.xlsx"
    assert main(["template", str(PLAN), "--year", "2024-25", "-o", str(path)]) == 0
    return path


def test_the_template_has_a_sheet_per_theme_and_a_row_per_measure(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_template(tmp_path))
    assert book.sheetnames == [DA_SHEET, VISITS_SHEET]
    da, visits = book[DA_SHEET], book[VISITS_SHEET]
    assert [c.value for c in da[3]][:4] == [
        "da-victims-contacted",
        "High-risk domestic abuse victims contacted within 24 hours of referral",
        "percent",
        ">= 85%",
    ]
    assert [c.value for c in visits[3]][:4] == [
        "home-safety-visits", "Home safety visits to repeat victims of burglary", "visit",
        "120 visits per year",
    ]  # fmt: skip
    # a ratio asks for its two counts, a count for its value, each with a flag, per quarter
    assert list(_columns(da)) == [
        (f"2024-25 Q{q}", what) for q in range(1, 5) for what in ("numerator", "denominator", "flag", "note")
    ]
    assert list(_columns(visits)) == [
        (f"2024-25 Q{q}", what) for q in range(1, 5) for what in ("value", "flag", "note")
    ]
    assert da.max_row == 3
    assert visits.max_row == 3


def test_the_template_checks_entries_and_locks_headings(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_template(tmp_path))
    visits = book[VISITS_SHEET]
    rules = {(dv.type, dv.operator, dv.formula1): str(dv.sqref) for dv in visits.data_validations.dataValidation}
    assert rules == {
        ("whole", "greaterThanOrEqual", "0"): "E3 H3 K3 N3",
        ("list", None, '"provisional,estimated,revised,not-yet-available,suppressed"'): "F3 I3 L3 O3",
    }
    da = book[DA_SHEET]
    flags = '"provisional,estimated,revised,not-yet-available,suppressed"'
    assert sorted(
        (dv.type, dv.formula1, str(dv.sqref)) for dv in da.data_validations.dataValidation
    ) == [
        ("decimal", "0", "E3 I3 M3 Q3"),  # numerators, 0 or more
        ("decimal", "0", "F3 J3 N3 R3"),  # denominators
        ("list", flags, "G3 K3 O3 S3"),
    ]
    assert visits.protection.sheet is True
    assert visits["A1"].protection.locked
    assert visits["E2"].protection.locked
    assert visits["A3"].protection.locked  # the measure id cannot be typed over
    assert not visits["E3"].protection.locked
    assert not visits["F3"].protection.locked
    assert not visits["G3"].protection.locked  # the note, free text
    assert book.properties.category == "cspmeasures returns template"


def test_the_filled_template_reads_back_as_the_csv(tmp_path: Path, plan: Catalogue) -> None:
    """Write the template, fill it as a partner would, read it back with no edits: the
    same report as the CSV of the same figures."""
    path = _template(tmp_path)
    book = openpyxl.load_workbook(path)
    da, visits = book[DA_SHEET], book[VISITS_SHEET]
    da_columns, visit_columns = _columns(da), _columns(visits)
    for (period, what), number in {
        ("2024-25 Q1", "numerator"): 68, ("2024-25 Q1", "denominator"): 84,
        ("2024-25 Q2", "numerator"): 79, ("2024-25 Q2", "denominator"): 88,
    }.items():  # fmt: skip
        da.cell(3, da_columns[period, what]).value = number
    visits.cell(3, visit_columns["2024-25 Q1", "value"]).value = 32
    visits.cell(3, visit_columns["2024-25 Q2", "value"]).value = 19
    visits.cell(3, visit_columns["2024-25 Q2", "flag"]).value = "provisional"
    visits.cell(3, visit_columns["2024-25 Q2", "note"]).value = (
        "visits logged after 30 September may still be added"
    )
    book.save(path)
    from_template = load_actuals(path, plan)
    from_csv = load_actuals(Q2_CSV, plan)
    assert len(from_template) == 4
    template_report = cspmeasures.evaluate(plan, from_template, AS_OF)
    csv_report = cspmeasures.evaluate(plan, from_csv, AS_OF)
    assert template_report.to_dicts() == csv_report.to_dicts()
    visits_result = template_report.get("home-safety-visits")
    assert (visits_result.value, visits_result.status.value) == (51.0, "at-risk")  # 32 + 19


def test_a_percent_value_cell_takes_a_percentage(tmp_path: Path) -> None:
    """A percent measure's value cell is formatted as a percentage: 0.753 typed as 75.3%
    reads back as 75.3%."""
    catalogue_path = tmp_path / "plan.yaml"
    catalogue_path.write_text(
        "catalogue: {id: c, title: C, year: 2024-25}\n"
        "themes: [{id: t, title: T}]\n"
        "measures:\n"
        "  - {id: done, title: Done, theme: t, unit: percent, polarity: higher, target: '>= 75%'}\n",
        encoding="utf-8",
    )
    path = tmp_path / "returns.xlsx"
    assert main(["template", str(catalogue_path), "-o", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    sheet = book["T"]
    assert sheet["E3"].number_format == "0.0%"
    (rule,) = [dv for dv in sheet.data_validations.dataValidation if dv.type == "decimal"]
    assert (rule.operator, rule.formula1, rule.formula2) == ("between", "0", "1")
    sheet["E3"] = 0.753
    book.save(path)
    (row,) = load_actuals(path, cspmeasures.load_catalogue(catalogue_path))
    assert row.value == 0.753


def test_template_year_after_the_catalogue_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["template", str(PLAN), "--year", "2025-26", "-o", str(tmp_path / "r.xlsx")])
    assert code == 2
    assert "--year: 2025-26 is after the catalogue's year 2024-25" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_template_year_more_than_ten_years_back_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """2013-14 is eleven years before 2024-25: the loader would refuse its figures."""
    assert main(["template", str(PLAN), "--year", "2013-14", "-o", str(tmp_path / "r.xlsx")]) == 2
    assert "--year: 2013-14 is more than 10 years before" in capsys.readouterr().err
    assert main(["template", str(PLAN), "--year", "2014-15", "-o", str(tmp_path / "r.xlsx")]) == 0


def test_template_for_an_earlier_year_asks_for_its_quarters(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    assert main(["template", str(PLAN), "--year", "2023/24", "-o", str(path)]) == 0
    assert openpyxl.load_workbook(path)[VISITS_SHEET]["E1"].value == "2023-24 Q1"


# --- the report ------------------------------------------------------------------------


def test_the_xlsx_report_has_fills_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    code = main(
        ["evaluate", str(PLAN), "--actuals", str(Q2_CSV), "--as-of", "30/09/2024",
         "--format", "xlsx", "--output", str(path)]
    )  # fmt: skip
    assert code == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [DA_SHEET, VISITS_SHEET, "Data"]
    da, visits = book[DA_SHEET], book[VISITS_SHEET]
    assert [c.value for c in da[3]] == [
        "Theme", "Measure", "Period", "Value", "Target", "Expected", "Status", "RAG", "Trend",
        "Reason",
    ]  # fmt: skip
    assert da.freeze_panes == "C4"
    assert da["D4"].value == pytest.approx(79 / 88)  # a number, shown as 89.8%
    assert da["D4"].data_type == "n"
    assert da["D4"].number_format == "0.0%"
    assert (da["G4"].value, da["G4"].fill.start_color.rgb) == ("met", "00C6EFCE")
    assert visits["D4"].value == 51
    assert visits["F4"].value == 60
    assert visits["D4"].number_format == "#,##0"
    assert (visits["G4"].value, visits["H4"].fill.start_color.rgb) == ("at-risk", "00FFEB9C")
    data = book["Data"]
    headings = [c.value for c in data[1]]
    assert headings[:5] == ["id", "title", "theme", "period", "value"]
    rows = {data.cell(r, 1).value: r for r in range(2, data.max_row + 1)}
    assert data.cell(rows["home-safety-visits"], headings.index("flags") + 1).value == "provisional"
    assert data.cell(rows["da-victims-contacted"], headings.index("lower") + 1).data_type == "n"


def test_xlsx_report_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["evaluate", str(PLAN), "--actuals", str(Q2_CSV), "--format", "xlsx"])
    assert code == 2
    assert "--format xlsx writes a workbook: give the file with --output FILE" in (
        capsys.readouterr().err
    )


def test_report_text_is_never_a_formula(plan: Catalogue, tmp_path: Path) -> None:
    """A title beginning '=' is stored as text, and a control character shown escaped."""
    text = PLAN.read_text(encoding="utf-8").replace(
        "title: Home safety visits to repeat victims of burglary",
        'title: "=HYPERLINK(\\"http://x\\")"',
    )
    loaded = cspmeasures.loads_catalogue(text)
    # the loader refuses a control character, so it is put into the model directly
    catalogue = attrs.evolve(
        loaded,
        measures=tuple(
            attrs.evolve(m, title=m.title + "\a") if m.title.startswith("=") else m
            for m in loaded.measures
        ),
    )
    report = cspmeasures.evaluate(catalogue, load_actuals(Q2_CSV, catalogue), AS_OF)
    path = tmp_path / "r.xlsx"
    path.write_bytes(report_workbook(report, catalogue))
    cell = openpyxl.load_workbook(path)[VISITS_SHEET]["B4"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")\\x07'


MIXED_PLAN = """\
catalogue: {id: mixed, title: Mixed plan, year: 2024-25}
units: {visit: a visit}
themes: [{id: t, title: "Safety: all [areas]"}]
measures:
  - {id: plan, title: Plan agreed, theme: t, polarity: none,
     target: {milestone: Plan agreed, due: 31/03/2025}}
  - {id: training, title: Training, theme: t, polarity: none,
     target: {judged: Training continues}}
  - {id: calls, title: Calls answered, theme: t, unit: visit, value: count,
     polarity: higher, frequency: monthly, target: none}
"""


def test_a_mixed_sheet_reads_back_states_judgements_and_months(tmp_path: Path) -> None:
    """Milestones take a state and evidence, judged aims a judgement, and a monthly count
    its months beside the quarters; each cell reads back to its period."""
    catalogue_path = tmp_path / "plan.yaml"
    catalogue_path.write_text(MIXED_PLAN, encoding="utf-8")
    catalogue = cspmeasures.load_catalogue(catalogue_path)
    path = tmp_path / "returns.xlsx"
    assert main(["template", str(catalogue_path), "-o", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Safety all areas"]  # ':', '[' and ']' cannot name a sheet
    sheet = book.active
    columns = _columns(sheet)
    # April, May, June, then Q1's columns, ...: 12 months of value, flag and note, 4 quarters of
    # state, judgement, evidence, flag and note
    assert len(columns) == 12 * 3 + 4 * 5
    assert list(columns)[:3] == [("2024-04", "value"), ("2024-04", "flag"), ("2024-04", "note")]
    rows = {sheet.cell(r, 1).value: r for r in range(3, 6)}
    state = sheet.cell(rows["plan"], columns["2024-25 Q2", "state"])
    assert not state.protection.locked
    state.value = "in-progress"
    sheet.cell(rows["plan"], columns["2024-25 Q2", "evidence"]).value = "Draft agreed in July"
    assert sheet.cell(rows["training"], columns["2024-25 Q2", "state"]).protection.locked
    sheet.cell(rows["training"], columns["2024-25 Q2", "judgement"]).value = "on-track"
    sheet.cell(rows["calls"], columns["2024-05", "value"]).value = 14
    assert sheet.cell(rows["calls"], columns["2024-25 Q1", "state"]).protection.locked
    book.save(path)
    expected = cspmeasures.loads_actuals(
        "measure,period,state,judgement,evidence,value\n"
        "plan,2024-25 Q2,in-progress,,Draft agreed in July,\n"
        "training,2024-25 Q2,,on-track,,\n"
        "calls,May 2024,,,,14\n",
        catalogue,
    )
    assert sorted(load_actuals(path, catalogue), key=str) == sorted(expected, key=str)


def test_a_template_sheet_hidden_by_a_partner_is_refused_not_skipped(
    tmp_path: Path, plan: Catalogue
) -> None:
    """Every sheet of a template is read: hiding one must not lose its figures silently."""
    path = _template(tmp_path)
    book = openpyxl.load_workbook(path)
    book[VISITS_SHEET]["E3"] = 32
    book[VISITS_SHEET].sheet_state = "hidden"
    book.save(path)
    with pytest.raises(cspmeasures.ActualsError) as info:
        load_actuals(path, plan)
    (problem,) = info.value.problems
    assert problem.message.startswith(f"the sheet {VISITS_SHEET!r} is hidden")


def test_without_openpyxl_excel_work_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The core runs without the excel extra; a workbook asks for it, exit 1, no traceback."""
    workbook = _template(tmp_path)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    advice = "Excel workbooks need openpyxl, which is not installed: pip install 'cspmeasures[excel]'"
    assert main(["template", str(PLAN), "-o", str(tmp_path / "r.xlsx")]) == 1
    assert advice in capsys.readouterr().err
    assert main(["validate", str(PLAN), "--actuals", str(workbook)]) == 1
    assert advice in capsys.readouterr().err
    assert main(["validate", str(PLAN), "--actuals", str(Q2_CSV)]) == 0
