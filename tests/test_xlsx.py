"""Actuals from Excel workbooks: the officer's own layouts, and every bad workbook refused
with its cell. Workbooks are built with openpyxl; formulas are given the saved results
Excel stores (tests/xlsx_helpers.py)."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

import cspmeasures
from cspmeasures.actuals import load_actuals
from cspmeasures.cli import main
from cspmeasures.errors import ActualsError, Problem
from cspmeasures.model import Catalogue
from cspmeasures.xlsx import MAX_SHEET_ROWS
from xlsx_helpers import save

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
PLAN = EXAMPLES / "riverside-csp-2024-25.yaml"
Q2_CSV = EXAMPLES / "riverside-csp-2024-25-actuals-q2.csv"
AS_OF = dt.date(2024, 9, 30)


@pytest.fixture(scope="module")
def plan() -> Catalogue:
    return cspmeasures.load_catalogue(PLAN)


def _report(catalogue: Catalogue, actuals: cspmeasures.Actuals) -> list[dict[str, object]]:
    return cspmeasures.evaluate(catalogue, actuals, AS_OF).to_dicts()


def _officer_workbook(path: Path) -> Path:
    """The Q2 figures as an officer lays them out: a title row, one row per measure, a
    column per quarter under a merged period heading (a date cell for Q1, 'Q2 2024/25' for
    Q2), a formula, and formatted empty rows below."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Q2 return"
    sheet["A1"] = "Riverside CSP: quarterly return 2024-25"
    sheet.merge_cells("A1:J1")
    sheet.append(
        ["Measure", "Title", dt.datetime(2024, 6, 30), None, None, "Q2 2024/25", None, None, None, None]
    )
    sheet["C2"].number_format = "dd/mm/yyyy"
    sheet.merge_cells("C2:E2")
    sheet.merge_cells("F2:J2")
    sheet.append(
        [None, None, "numerator", "denominator", "value",
         "numerator", "denominator", "value", "flag", "note"]
    )  # fmt: skip
    sheet.append(["da-victims-contacted", "DA victims contacted", 68, 84, None, 79, "=D4+4"])
    sheet.append(
        ["home-safety-visits", "Home safety visits", None, None, 32, None, None, 19,
         "provisional", "visits logged after 30 September may still be added"]
    )  # fmt: skip
    for row in range(6, 40):  # formatted, empty: Excel's max_row counts them
        sheet.cell(row, 3).number_format = "0"
    return save(book, path, {"Q2 return": {"G4": "88"}})


def test_the_officers_wide_workbook_evaluates_as_the_csv(tmp_path: Path, plan: Catalogue) -> None:
    """Wide layout, a date cell, a UK quarter label, a formula's saved result, merged
    headings and empty rows: the same rows and the same report as the CSV."""
    workbook = _officer_workbook(tmp_path / "returns.xlsx")
    from_excel = load_actuals(workbook, plan)
    from_csv = load_actuals(Q2_CSV, plan)
    assert sorted(from_excel, key=str) == sorted(from_csv, key=str)
    assert _report(plan, from_excel) == _report(plan, from_csv)
    contact = cspmeasures.evaluate(plan, from_excel, AS_OF).get("da-victims-contacted")
    assert (contact.display_value, contact.status.value) == ("89.8%", "met")  # 79 / 88


def test_the_workbook_is_never_written(tmp_path: Path, plan: Catalogue) -> None:
    workbook = _officer_workbook(tmp_path / "returns.xlsx")
    before = (workbook.read_bytes(), workbook.stat().st_mtime_ns)
    load_actuals(workbook, plan)
    assert main(["evaluate", str(PLAN), "--actuals", str(workbook), "--as-of", "30/09/2024"]) == 0
    assert (workbook.read_bytes(), workbook.stat().st_mtime_ns) == before


def _long_workbook(path: Path) -> Path:
    """The CSV's own layout on the second sheet, 'Figures'; the first sheet holds notes."""
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "Figures are on the next sheet."
    sheet = book.create_sheet("Figures")
    sheet.append(["measure", "period", "numerator", "denominator", "value", "flag", "note"])
    sheet.append(["da-victims-contacted", "Q1 2024/25", 68, 84])
    sheet.append(["home-safety-visits", dt.datetime(2024, 6, 30), None, None, 32])
    sheet.append(["da-victims-contacted", "30/09/2024", 79, 88])
    sheet.append(
        ["home-safety-visits", "2024/25 Q2", None, None, 19, "provisional",
         "visits logged after 30 September may still be added"]
    )  # fmt: skip
    return save(book, path)


def test_the_long_layout_on_a_named_sheet(tmp_path: Path, plan: Catalogue) -> None:
    workbook = _long_workbook(tmp_path / "figures.xlsx")
    from_excel = load_actuals(workbook, plan, sheet="Figures")
    assert _report(plan, from_excel) == _report(plan, load_actuals(Q2_CSV, plan))


def test_the_first_sheet_is_read_by_default(tmp_path: Path, plan: Catalogue) -> None:
    """Without a sheet, the first is read: here the notes, which have no header row."""
    workbook = _long_workbook(tmp_path / "figures.xlsx")
    with pytest.raises(ActualsError) as info:
        load_actuals(workbook, plan)
    (problem,) = info.value.problems
    assert str(problem).startswith(
        f"{workbook}:Notes!1:1: the sheet 'Notes' has no header row: expected a row with a "
        "'measure' heading in its first 20 rows"
    )


def test_cli_sheet_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = _long_workbook(tmp_path / "figures.xlsx")
    code = main(["validate", str(PLAN), "--actuals", str(workbook), "--sheet", "Figures"])
    assert code == 0
    assert f"{workbook}: valid: 4 rows" in capsys.readouterr().err


def test_a_percent_cell_reads_as_its_percentage(tmp_path: Path) -> None:
    """0.753 formatted as a percentage is 75.3%; the same number unformatted is refused
    on a percent measure, as '0.753' is in a CSV file."""
    catalogue = cspmeasures.loads_catalogue(
        "catalogue: {id: c, title: C, year: 2024-25}\n"
        "themes: [{id: t, title: T}]\n"
        "measures:\n"
        "  - {id: done, title: Done, theme: t, unit: percent, polarity: higher, target: '>= 75%'}\n"
    )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["measure", "2024-25 Q1", "2024-25 Q2"])
    sheet.append(["done", 0.753, 0.8])
    sheet["B2"].number_format = "0.0%"
    path = save(book, tmp_path / "p.xlsx")
    with pytest.raises(ActualsError) as info:
        load_actuals(path, catalogue)
    (problem,) = info.value.problems
    assert problem.location == f"{path}:Sheet!C2"
    assert "write the value as a percentage such as" in problem.message
    sheet["C2"].number_format = "0%"
    rows = load_actuals(save(book, tmp_path / "p.xlsx"), catalogue)
    assert [o.value for o in rows] == [0.753, 0.8]


# --- bad workbooks ---------------------------------------------------------------------


def _problems(path: Path, catalogue: Catalogue, **options: str) -> list[str]:
    with pytest.raises(ActualsError) as info:
        load_actuals(path, catalogue, **options)  # type: ignore[arg-type]
    return [p.headline() for p in info.value.problems]


def _wide(
    path: Path,
    rows: list[list[object]],
    results: dict[str, str] | None = None,
    merged: str | None = None,
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Returns"
    for row in rows:
        sheet.append(row)
    if merged:
        sheet.merge_cells(merged)
    return save(book, path, {"Returns": results} if results else None)


def test_text_in_a_number_cell_is_located(tmp_path: Path, plan: Catalogue) -> None:
    path = _wide(
        tmp_path / "r.xlsx",
        [["measure", "2024-25 Q1"], ["home-safety-visits", "thirty-two"]],
    )
    assert _problems(path, plan) == [
        f"{path}:Returns!B2: row 2.value: expected a number with an optional unit, found "
        "'thirty-two'"
    ]


def test_a_formula_with_an_error_value_is_located(tmp_path: Path, plan: Catalogue) -> None:
    path = _wide(
        tmp_path / "r.xlsx",
        [["measure", "2024-25 Q1"], ["home-safety-visits", "=32/0"]],
        {"B2": "#DIV/0!"},
    )
    assert _problems(path, plan) == [
        f"{path}:Returns!B2: row 2: the formula =32/0 gives the error #DIV/0!: a figure is needed"
    ]


def test_a_formula_without_a_saved_result_is_located(tmp_path: Path, plan: Catalogue) -> None:
    path = _wide(tmp_path / "r.xlsx", [["measure", "2024-25 Q1"], ["home-safety-visits", "=30+2"]])
    assert _problems(path, plan) == [
        f"{path}:Returns!B2: row 2: the formula =30+2 has no saved result: open the workbook in "
        "Excel and save it, so that its results are stored"
    ]


def test_a_wide_heading_that_is_not_a_period_is_located(tmp_path: Path, plan: Catalogue) -> None:
    path = _wide(
        tmp_path / "r.xlsx",
        [["measure", "2024-25 Q1", "Total"], ["home-safety-visits", 32, 32]],
    )
    assert _problems(path, plan) == [
        f"{path}:Returns!C1: column C: the heading 'Total' is not a period: a wide sheet has a "
        "column per period, headed like '2024-25 Q1', 'Sep-24' or a date such as '30/09/2024' "
        "(and may have title, theme, unit, target, tolerance, frequency columns, which are "
        "passed over)"
    ]


def test_the_same_checks_as_csv_with_cells_named(tmp_path: Path, plan: Catalogue) -> None:
    """A misspelt id, a numerator over its denominator and a second row for a period: the
    CSV's messages, at the cells."""
    path = _wide(
        tmp_path / "r.xlsx",
        [
            ["measure", "2024-25 Q1", None],
            [None, "numerator", "denominator"],
            ["da-victims-contacted", 90, 84],
            ["home-safety-visit", 3, None],
        ],
        merged="B1:C1",
    )
    assert _problems(path, plan) == [
        f"{path}:Returns!B3: row 3.numerator: the numerator 90 is greater than the denominator 84",
        f"{path}:Returns!A4: row 4.measure: no measure in riverside-csp-2024-25 has the id "
        "'home-safety-visit' (did you mean 'home-safety-visits'?)",
    ]


def test_a_second_row_names_the_first_by_its_sheet_row(tmp_path: Path, plan: Catalogue) -> None:
    path = _wide(
        tmp_path / "r.xlsx",
        [["measure", "2024-25 Q1"], ["home-safety-visits", 32], ["home-safety-visits", 33]],
    )
    assert _problems(path, plan) == [
        f"{path}:Returns!A3: row 3: a second row for home-safety-visits in 2024-25 Q1: the "
        "first is at Returns!2:2"
    ]


def test_a_sheet_that_does_not_exist_lists_the_sheets(tmp_path: Path, plan: Catalogue) -> None:
    path = _long_workbook(tmp_path / "f.xlsx")
    assert _problems(path, plan, sheet="Q3") == [
        f"{path}: the workbook has no sheet 'Q3': its sheets are 'Notes', 'Figures'"
    ]


def test_a_hidden_sheet_is_refused(tmp_path: Path, plan: Catalogue) -> None:
    book = openpyxl.load_workbook(_long_workbook(tmp_path / "f.xlsx"))
    book["Figures"].sheet_state = "hidden"
    path = save(book, tmp_path / "hidden.xlsx")
    assert _problems(path, plan, sheet="Figures") == [
        f"{path}: the sheet 'Figures' is hidden: figures no one can see are not read; unhide "
        "it in Excel, or name another sheet with --sheet"
    ]


def test_sheet_names_with_spaces_are_quoted_as_excel_quotes_them(
    tmp_path: Path, plan: Catalogue
) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Q1 return"
    book.active.append(["measure", "2024-25 Q1"])
    book.active.append(["home-safety-visits", -3])
    path = save(book, tmp_path / "r.xlsx")
    assert _problems(path, plan) == [
        f"{path}:'Q1 return'!B2: row 2.value: the value cannot be negative, found '-3'"
    ]


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            OLE2 + b"\x00" * 504 + "Workbook".encode("utf-16-le"),
            "this is an Excel 97-2003 workbook (.xls), not .xlsx: open it in Excel and save it "
            "as an Excel Workbook (.xlsx)",
        ),
        (
            OLE2 + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"),
            "the workbook is protected with a password (encrypted): save a copy without the "
            "password to read it",
        ),
        (
            b"measure,period,value\nhome-safety-visits,2024-25 Q1,32\n",
            "this is not an Excel workbook (.xlsx): the file is text (a CSV file? name it .csv)",
        ),
    ],
    ids=["xls", "encrypted", "csv-renamed"],
)
def test_a_file_that_is_not_xlsx_is_refused(
    content: bytes, message: str, tmp_path: Path, plan: Catalogue
) -> None:
    path = tmp_path / "returns.xlsx"
    path.write_bytes(content)
    assert _problems(path, plan) == [f"{path}: {message}"]


def test_a_corrupt_zip_is_refused(tmp_path: Path, plan: Catalogue) -> None:
    good = _officer_workbook(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "returns.xlsx"
    path.write_bytes(good[: len(good) // 2])
    (headline,) = _problems(path, plan)
    assert headline.startswith(f"{path}: the workbook is damaged and cannot be read")


def test_a_million_row_sheet_is_refused_quickly(tmp_path: Path, plan: Catalogue) -> None:
    """A sheet of 1,000,000 rows is refused by the row limit before it is parsed."""
    good = _wide(tmp_path / "g.xlsx", [["measure", "2024-25 Q1"], ["home-safety-visits", 1]])
    rows = b"".join(
        b'<row r="%d"><c r="B%d" t="n"><v>1</v></c></row>' % (n, n) for n in range(1, 1_000_001)
    )

    def million_rows(xml: bytes) -> bytes:
        start, end = xml.index(b"<sheetData>") + 11, xml.index(b"</sheetData>")
        return xml[:start] + rows + xml[end:]

    path = _with_sheet_xml(tmp_path / "huge.xlsx", good, million_rows)
    started = time.perf_counter()
    assert _problems(path, plan) == [
        f"{path}: a sheet (xl/worksheets/sheet1.xml) has more than {MAX_SHEET_ROWS:,} rows, the "
        "limit for a workbook: keep larger data sets in CSV"
    ]
    assert time.perf_counter() - started < 10


def _with_sheet_xml(path: Path, source: Path, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the workbook ``source`` whose first sheet's XML is ``change``d."""
    original = zipfile.ZipFile(source)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info.filename, data)
    path.write_bytes(buffer.getvalue())
    return path


def test_merged_cells_covering_a_whole_sheet_are_refused_before_parsing(
    tmp_path: Path, plan: Catalogue
) -> None:
    """A merge of A1:XFD1000 (16,384,000 cells) would make an object a cell."""
    good = _wide(tmp_path / "g.xlsx", [["measure", "2024-25 Q1"], ["home-safety-visits", 1]])
    path = _with_sheet_xml(
        tmp_path / "merged.xlsx",
        good,
        lambda xml: xml.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1000"/></mergeCells>'
        ),
    )
    started = time.perf_counter()
    assert _problems(path, plan) == [
        f"{path}: a sheet (xl/worksheets/sheet1.xml) has merged cells covering more than "
        "1,000,000 cells: unmerge them"
    ]
    assert time.perf_counter() - started < 10


def test_a_cell_in_the_last_column_does_not_make_every_column_read(
    tmp_path: Path, plan: Catalogue
) -> None:
    """A stray value in XFD2 (column 16,384) of a 20,000-row sheet is reported, quickly."""
    rows = [["measure", "2024-25 Q1"]] + [["home-safety-visits", 1]] + [[None]] * 20_000
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Returns"
    for row in rows[:2]:
        sheet.append(row)
    sheet["XFD2"] = "stray"
    sheet["A20002"] = None
    path = save(book, tmp_path / "wide.xlsx")
    started = time.perf_counter()
    assert _problems(path, plan) == [
        f"{path}:Returns!XFD2: row 2: a cell under no heading: give its column one"
    ]
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("case", ["xls", "missing-sheet", "error-value"])
def test_bad_workbooks_exit_1_without_a_traceback(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "returns.xlsx"
    options: list[str] = []
    if case == "xls":
        path.write_bytes(OLE2 + b"\x00" * 600)
    elif case == "missing-sheet":
        _long_workbook(path)
        options = ["--sheet", "Nope"]
    else:
        _wide(path, [["measure", "2024-25 Q1"], ["home-safety-visits", "=1/0"]], {"B2": "#DIV/0!"})
    code = main(["validate", str(PLAN), "--actuals", str(path), *options])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}" in err
    assert "Traceback" not in err
    assert "internal error" not in err


def test_a_sheet_named_for_a_csv_file_is_refused(plan: Catalogue) -> None:
    with pytest.raises(ActualsError) as info:
        load_actuals(Q2_CSV, plan, sheet="Figures")
    (problem,) = info.value.problems
    assert problem.headline() == (
        f"{Q2_CSV}: the sheet 'Figures' is named, but this file is not read as a workbook (.xlsx)"
    )


def test_an_xls_suffix_is_read_as_a_workbook_and_refused_clearly(
    tmp_path: Path, plan: Catalogue
) -> None:
    """A real .xls file is told to be saved as .xlsx, not called binary text."""
    path = tmp_path / "returns.xls"
    path.write_bytes(OLE2 + b"\x00" * 600)
    (headline,) = _problems(path, plan)
    assert headline == (
        f"{path}: this is an Excel 97-2003 workbook (.xls), not .xlsx: open it in Excel and save "
        "it as an Excel Workbook (.xlsx)"
    )


# --- generated workbooks ---------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cspmeasures.xlsx import read_workbook_actuals  # noqa: E402

_PLAN = cspmeasures.load_catalogue(PLAN)


def _good_bytes() -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return _officer_workbook(Path(folder) / "good.xlsx").read_bytes()


GOOD_BYTES = _good_bytes()
SHEET_XML = zipfile.ZipFile(io.BytesIO(GOOD_BYTES)).read("xl/worksheets/sheet1.xml")


def _rezipped(sheet_xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(GOOD_BYTES))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, data)
    return buffer.getvalue()


def _problems_of(data: bytes) -> tuple[Problem, ...]:
    """The workbook's problems (none when it reads); any other exception fails the test."""
    try:
        read_workbook_actuals(data, "returns.xlsx", _PLAN)
    except ActualsError as error:
        return error.problems
    return ()


@given(st.data())
def test_a_damaged_workbook_is_refused_never_a_crash(data: st.DataObject) -> None:
    """Truncated, overwritten, or with its sheet's XML changed inside a sound zip."""
    kind = data.draw(st.sampled_from(["truncate", "overwrite", "xml"]))
    if kind == "truncate":
        damaged = GOOD_BYTES[: data.draw(st.integers(0, len(GOOD_BYTES) - 1))]
    elif kind == "overwrite":
        at = data.draw(st.integers(0, len(GOOD_BYTES) - 8))
        damaged = GOOD_BYTES[:at] + data.draw(st.binary(min_size=1, max_size=8)) + GOOD_BYTES[at + 8 :]
    else:
        at = data.draw(st.integers(0, len(SHEET_XML) - 1))
        cut = data.draw(st.integers(0, 40))
        insert = data.draw(st.sampled_from([b"", b"<", b">", b'"', b"<v>x</v>", b"<f>1/0</f>", b"9" * 30, b"\xff"]))
        damaged = _rezipped(SHEET_XML[:at] + insert + SHEET_XML[at + cut :])
    assert all(p.file == "returns.xlsx" for p in _problems_of(damaged))


def test_a_workbook_needing_a_newer_zip_version_is_refused() -> None:
    """A member whose central directory asks for zip version 6.4 (which Python's zipfile
    does not read) is a damaged workbook, not a NotImplementedError."""
    central = GOOD_BYTES.index(b"PK\x01\x02")
    damaged = GOOD_BYTES[: central + 6] + bytes([64, 0]) + GOOD_BYTES[central + 8 :]
    problems = _problems_of(damaged)
    assert len(problems) == 1
    assert problems[0].file == "returns.xlsx"
    assert "the workbook is damaged and cannot be read" in problems[0].message
    assert "zip file version 6.4" in problems[0].message


CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(["0,753", "1,234", "75.3%", "n/a", "-", "provisional", "in-progress", "=1/0"]),
)


@given(
    st.lists(st.sampled_from(["2024-25 Q1", "Q2 2024/25", "Sep-24", "30/09/2024", "Total", "title", None]), min_size=1, max_size=4),
    st.lists(st.lists(CELL_VALUES, min_size=5, max_size=5), max_size=4),
)
def test_any_cells_give_rows_or_located_problems(
    headings: list[str | None], rows: list[list[object]]
) -> None:
    """Whatever a partner types, every problem names its sheet and, where it can, its cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Returns"
    sheet.append(["measure", *headings])
    for row in rows:
        sheet.append([data if i else data or "home-safety-visits" for i, data in enumerate(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    for problem in _problems_of(buffer.getvalue()):
        assert problem.place is not None
        assert problem.place.startswith("Returns!")


def test_a_wide_row_without_a_measure_id_is_reported_once(tmp_path: Path, plan: Catalogue) -> None:
    path = _wide(
        tmp_path / "r.xlsx",
        [["measure", "2024-25 Q1", "2024-25 Q2"], [None, 32, 19]],
    )
    assert _problems(path, plan) == [f"{path}:Returns!A2: row 2: the row has no measure id"]
