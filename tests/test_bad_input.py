"""Bad input never crashes, never passes silently and never loses data.

The corpus in tests/corpus/ holds broken catalogues and actuals files; expected.yaml lists each
with the line, column and message it must give. Every one is checked through the library and
through ``cspmeasures validate``; the good files beside them must load whole. Files too large
to commit (the size limits) are made at test time in a temporary directory.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

import cspmeasures
from cspmeasures.actuals import MAX_ACTUALS_BYTES, load_actuals, loads_actuals
from cspmeasures.catalogue import MAX_CATALOGUE_BYTES, load_catalogue, loads_catalogue
from cspmeasures.cli import main
from cspmeasures.errors import ActualsError, CatalogueError, Problem
from cspmeasures.yamlsource import MAX_ALIASES

CORPUS = Path(__file__).parent / "corpus"
MANIFEST: dict[str, Any] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
GOOD = CORPUS / "good-minimal.yaml"
#: a file the corpus's python tags would create if anything ran them
TOUCHED = "cspmeasures-corpus-was-here"
#: a generous bound for the inputs built to make a reader hang
HANG_SECONDS = 10.0


def _cases(section: str) -> list[Any]:
    """(name, line, column, text) per entry; an entry that also gives the exit code gives the
    whole message, which must match exactly (the code is checked by the CLI tests)."""
    return [
        pytest.param(name, *expected[:3], id=name) for name, expected in MANIFEST[section].items()
    ]


#: the sections of broken actuals, each with the catalogue its files are read against
ACTUALS_SECTIONS = {"actuals": GOOD, "rate_actuals": CORPUS / "good-rates.yaml"}


def _entry(name: str) -> list[Any]:
    for section in ("catalogues", *ACTUALS_SECTIONS):
        if name in MANIFEST[section]:
            return list(MANIFEST[section][name])
    raise KeyError(name)


def _exact(name: str) -> bool:
    """True when the manifest gives this entry's whole message and exit code."""
    return len(_entry(name)) == 4


def _exit_code(name: str) -> int:
    entry = _entry(name)
    return int(entry[3]) if len(entry) == 4 else 1


def _actuals_cases() -> list[Any]:
    """(catalogue, name, line, column, text) for every broken actuals file."""
    return [
        pytest.param(catalogue, name, *expected[:3], id=name)
        for section, catalogue in ACTUALS_SECTIONS.items()
        for name, expected in MANIFEST[section].items()
    ]


def _matching(problems: tuple[Problem, ...], line: int, column: int | None, text: str) -> bool:
    return any(
        p.line == line and p.column == column and (text == p.message or text in p.message)
        for p in problems
    )


def _assert_exact(problems: tuple[Problem, ...], name: str, text: str) -> None:
    if _exact(name):
        assert text in [p.message for p in problems], [p.message for p in problems]


def _assert_problem(
    error: CatalogueError, path: Path, line: int, column: int | None, text: str
) -> None:
    assert _matching(error.problems, line, column, text), "\n".join(
        f"{p.line}:{p.column}: {p.message}" for p in error.problems
    )
    assert all(p.file == str(path) for p in error.problems)
    assert all(p.line is not None for p in error.problems)


def _validate(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "internal error" not in err
    return code, err


@pytest.fixture(scope="module")
def good() -> cspmeasures.Catalogue:
    return load_catalogue(GOOD)


def test_every_corpus_file_is_in_the_manifest() -> None:
    """The manifest lists every file of the corpus, and every file it lists exists."""
    listed: set[str] = set()
    for section in ("catalogues", *ACTUALS_SECTIONS, "good_catalogues", "good_actuals"):
        listed |= set(MANIFEST[section])
    present = {p.name for p in CORPUS.iterdir()} - {"expected.yaml"}
    assert listed == present


# --- broken files through the library and the command line ----------------------------


@pytest.mark.parametrize(("name", "line", "column", "text"), _cases("catalogues"))
def test_broken_catalogue_gives_its_located_problem(
    name: str, line: int, column: int | None, text: str
) -> None:
    """Each broken catalogue raises CatalogueError with the listed file, line, column and message."""
    path = CORPUS / name
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    _assert_problem(info.value, path, line, column, text)
    _assert_exact(info.value.problems, name, text)


@pytest.mark.parametrize(("name", "line", "column", "text"), _cases("catalogues"))
def test_broken_catalogue_fails_validate_cleanly(
    name: str, line: int, column: int | None, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate` exits 1 and prints FILE:LINE[:COL] with the message, and no traceback."""
    path = CORPUS / name
    code, err = _validate([str(path), "--no-actuals"], capsys)
    assert code == _exit_code(name)
    where = f"{path}:{line}" + (f":{column}" if column is not None else "")
    assert where in err
    assert text in err
    assert err.rstrip().endswith("found")


@pytest.mark.parametrize(("catalogue", "name", "line", "column", "text"), _actuals_cases())
def test_broken_actuals_give_their_located_problem(
    catalogue: Path, name: str, line: int, column: int | None, text: str
) -> None:
    """Each broken actuals file raises ActualsError with the listed file, line, column and message."""
    path = CORPUS / name
    with pytest.raises(ActualsError) as info:
        load_actuals(path, load_catalogue(catalogue))
    _assert_problem(info.value, path, line, column, text)
    _assert_exact(info.value.problems, name, text)


@pytest.mark.parametrize(("catalogue", "name", "line", "column", "text"), _actuals_cases())
def test_broken_actuals_fail_validate_cleanly(
    catalogue: Path,
    name: str,
    line: int,
    column: int | None,
    text: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`validate --actuals` exits 1 with the located message and no traceback."""
    path = CORPUS / name
    code, err = _validate([str(catalogue), "--actuals", str(path)], capsys)
    assert code == _exit_code(name)
    where = f"{path}:{line}" + (f":{column}" if column is not None else "")
    assert where in err
    assert text in err


# --- good files load whole -------------------------------------------------------------


@pytest.mark.parametrize(("name", "count"), list(MANIFEST["good_catalogues"].items()))
def test_good_catalogue_loads(name: str, count: int, capsys: pytest.CaptureFixture[str]) -> None:
    """A good catalogue loads with all its measures, and `validate` accepts it."""
    assert len(load_catalogue(CORPUS / name).measures) == count
    code, err = _validate([str(CORPUS / name), "--no-actuals"], capsys)
    assert code == 0
    assert f"valid: {count} measures" in err


@pytest.mark.parametrize(("name", "count"), list(MANIFEST["good_actuals"].items()))
def test_good_actuals_load_and_evaluate(
    name: str, count: int, good: cspmeasures.Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    """A good actuals file loads every row, evaluates, and `validate` accepts it."""
    actuals = load_actuals(CORPUS / name, good)
    assert len(actuals) == count
    report = cspmeasures.evaluate(good, actuals, dt.date(2017, 9, 30))
    assert len(report.evaluations) == 3
    code, _ = _validate([str(GOOD), "--actuals", str(CORPUS / name)], capsys)
    assert code == 0


def test_bom_and_crlf_catalogues_equal_the_plain_one(good: cspmeasures.Catalogue) -> None:
    """A UTF-8 BOM and CRLF line ends change nothing: the catalogue equals good-minimal's."""
    bom = (CORPUS / "good-bom.yaml").read_bytes()
    crlf = (CORPUS / "good-crlf.yaml").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf")
    assert crlf.count(b"\r\n") == GOOD.read_bytes().count(b"\n")
    assert load_catalogue(CORPUS / "good-bom.yaml") == good
    assert load_catalogue(CORPUS / "good-crlf.yaml") == good


def test_text_with_bom_lone_cr_or_crlf_equals_the_plain_one(good: cspmeasures.Catalogue) -> None:
    """loads_catalogue reads a BOM, old Mac (CR) and Windows (CRLF) line ends alike."""
    text = GOOD.read_text(encoding="utf-8")
    assert loads_catalogue("\ufeff" + text) == good
    assert loads_catalogue(text.replace("\n", "\r")) == good
    assert loads_catalogue(text.replace("\n", "\r\n")) == good


def test_lone_cr_problems_keep_their_line() -> None:
    """With CR line ends a problem is still on the line an editor shows (38 for the target)."""
    text = (CORPUS / "cat-bad-target.yaml").read_text(encoding="utf-8").replace("\n", "\r")
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(text)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (38, 13)
    assert problem.snippet is not None
    assert "as high as possible" in problem.snippet


def test_reordered_and_quoted_csv_keep_every_figure(good: cspmeasures.Catalogue) -> None:
    """Reordered columns and quoted commas give the same figures as written."""
    reordered = load_actuals(CORPUS / "good-actuals-reordered.csv", good)
    assert [o.value for o in reordered] == [200.0, 230.0]
    assert [o.period.label for o in reordered] == ["2017-18 Q1", "2017-18 Q2"]
    (quoted,) = load_actuals(CORPUS / "good-actuals-quoted.csv", good)
    assert quoted.value == 1200.0
    assert quoted.note == 'Kent, Medway, and "Swale"'
    rows = load_actuals(CORPUS / "good-actuals.csv", good)
    assert rows.get("reoffending", rows.observations[2].period) is not None
    assert rows.observations[1].note == "Kent, Medway and Swale"
    assert (rows.observations[2].numerator, rows.observations[2].denominator) == (12.0, 80.0)


def test_numbers_that_look_like_numbers_stay_text() -> None:
    """An id '2017' and a title '1.10' are kept as written, not turned into numbers."""
    catalogue = load_catalogue(CORPUS / "good-numeric-ids.yaml")
    measure = catalogue.measure("2017")
    assert measure.title == "1.10"


def test_unicode_and_long_lines_are_kept() -> None:
    """Other scripts, emoji and a 200,000-character line load unchanged."""
    theme = load_catalogue(CORPUS / "good-unicode.yaml").themes[0]
    assert theme.title == "Diogelwch cymunedol \u2014 \u5b89\u5168 \U0001f6e1\ufe0f caf\u00e9"
    measure = load_catalogue(CORPUS / "good-long-line.yaml").measure("victims-contacted")
    assert measure.description == ("very long " * 20000).strip()


# --- nothing is executed ---------------------------------------------------------------


def test_python_tags_run_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A !!python/object/apply:os.system tag is refused and the command never runs."""
    monkeypatch.chdir(tmp_path)
    catalogue_file = CORPUS / "cat-python-tag.yaml"
    actuals_file = CORPUS / "act-python-tag.yaml"
    assert TOUCHED in catalogue_file.read_text(encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue(catalogue_file)
    with pytest.raises(ActualsError):
        load_actuals(actuals_file, load_catalogue(GOOD))
    assert _validate([str(catalogue_file)], capsys)[0] == 1
    assert _validate([str(GOOD), "--actuals", str(actuals_file)], capsys)[0] == 1
    assert not (tmp_path / TOUCHED).exists()
    assert list(tmp_path.iterdir()) == []


# --- the limits ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cat-alias-bomb.yaml", "cat-deep-nesting.yaml"])
def test_bombs_stop_quickly(name: str) -> None:
    """The alias bomb and 5,000-deep nesting are refused well within a generous bound."""
    start = time.perf_counter()
    with pytest.raises(CatalogueError):
        load_catalogue(CORPUS / name)
    assert time.perf_counter() - start < HANG_SECONDS


def test_deep_nesting_far_past_the_limit_stops_quickly() -> None:
    """200,000 nested lists stop at the depth limit without exhausting the stack."""
    start = time.perf_counter()
    with pytest.raises(CatalogueError, match="nested more than 64 levels deep"):
        loads_catalogue("catalogue: " + "[" * 200_000 + "]" * 200_000)
    assert time.perf_counter() - start < HANG_SECONDS


def test_many_aliases_to_one_measure_stop_quickly() -> None:
    """A short file repeating one measure through aliases is refused before it is checked."""
    head = GOOD.read_text(encoding="utf-8").split("measures:\n")[0]
    measure = "{id: m, title: M, theme: safety, unit: percent, polarity: higher, target: '>= 75%'}"
    text = head + f"measures: [&m {measure}, " + ", ".join(["*m"] * (MAX_ALIASES + 1)) + "]\n"
    start = time.perf_counter()
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(text)
    assert time.perf_counter() - start < HANG_SECONDS
    (problem,) = info.value.problems
    assert f"more than {MAX_ALIASES:,} aliases" in problem.message
    assert problem.line == 16


def test_aliases_within_the_limit_are_read() -> None:
    """Aliases are allowed: a partner list shared by two measures is read into both."""
    text = GOOD.read_text(encoding="utf-8")
    text = text.replace(
        "    target: 840 assessments per year\n",
        "    target: 840 assessments per year\n    partners: &kent [Kent Police, KFRS]\n",
    ).replace('    target: "< 20%"\n', '    target: "< 20%"\n    partners: *kent\n')
    catalogue = loads_catalogue(text)
    assert catalogue.measure("assessments").partners == ("Kent Police", "KFRS")
    assert catalogue.measure("reoffending").partners == ("Kent Police", "KFRS")


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_catalogue_over_the_size_limit_fails_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 40 MiB catalogue is refused by its size, quickly, through the library and the CLI."""
    path = _sparse(tmp_path / "huge.yaml", 40 * 1024 * 1024)
    assert MAX_CATALOGUE_BYTES == 32 * 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    assert time.perf_counter() - start < HANG_SECONDS
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert "larger than the limit of 32 MiB" in problem.message
    code, err = _validate([str(path)], capsys)
    assert code == 1
    assert f"{path}: the catalogue file is larger than the limit of 32 MiB" in err


def test_catalogue_of_tens_of_megabytes_within_the_limit_loads(tmp_path: Path) -> None:
    """A 24 MiB catalogue (a long comment block) is within the limit and loads whole."""
    padding = ("# " + "padding " * 12 + "\n") * (24 * 1024 * 1024 // 100)
    path = tmp_path / "big.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8") + padding, encoding="utf-8")
    assert 20 * 1024 * 1024 < path.stat().st_size < MAX_CATALOGUE_BYTES
    assert len(load_catalogue(path).measures) == 3


def test_actuals_over_the_size_limit_fail_fast(tmp_path: Path, good: cspmeasures.Catalogue) -> None:
    """An actuals file one byte over 256 MiB is refused by its size."""
    path = _sparse(tmp_path / "huge.csv", MAX_ACTUALS_BYTES + 1)
    start = time.perf_counter()
    with pytest.raises(ActualsError, match="larger than the limit of 256 MiB"):
        load_actuals(path, good)
    assert time.perf_counter() - start < HANG_SECONDS


def test_actuals_path_that_is_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A catalogue whose 'actuals:' names a directory fails validate with a clear message."""
    catalogue = tmp_path / "plan.yaml"
    catalogue.write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "good-actuals.csv").mkdir()
    code, err = _validate([str(catalogue)], capsys)
    assert code == 1
    assert f"{tmp_path / 'good-actuals.csv'}: expected an actuals file, found a directory" in err
    with pytest.raises(ActualsError, match="found a directory"):
        load_actuals(tmp_path / "good-actuals.csv", load_catalogue(catalogue))


# --- odd text through the string API ---------------------------------------------------


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\ud800", "U+D800"),
        ("\x00", "U+0000"),
        ("\ufffe", "U+FFFE"),
        ("\x85", "U+0085 (NEL)"),
        ("\u2029", "U+2029 (PARAGRAPH SEPARATOR)"),
    ],
)
def test_odd_characters_are_located(char: str, what: str) -> None:
    """A surrogate, NUL, non-character or hidden line break is named at its line and column."""
    text = GOOD.read_text(encoding="utf-8").replace("Re-offending rate", f"Re-off{char}ending")
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(text)
    (problem,) = info.value.problems
    assert what in problem.message
    assert (problem.line, problem.column) == (26, 18)  # "    title: Re-off" is 17 characters


def test_actuals_text_whose_header_is_only_a_bom(good: cspmeasures.Catalogue) -> None:
    """A CSV that is just a byte-order mark is an empty file, through the text API too."""
    with pytest.raises(ActualsError, match="the CSV file is empty"):
        loads_actuals("\ufeff", good, "a.csv")
    rows = loads_actuals("\ufeffmeasure,period,value\nassessments,2017-18 Q1,5\n", good, "a.csv")
    assert [o.value for o in rows] == [5.0]


# --- impossible numbers and settings ---------------------------------------------------


def _with(old: str, new: str) -> str:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        ('    target: ">= 75%"\n', '    target: ">= 1e400%"\n', "too large"),
        ("840 assessments per year", "1e308 weeks per year", "cannot compare week"),
        ("    value: count\n", "    value: assessments per 99999999999 children\n", "up to"),
        ("    value: count\n", "    value: assessments per " + "9" * 5000 + " children\n", "up to"),
        ("    tolerance: 5 percentage points\n", "    decimals: " + "9" * 5000 + "\n", "0 to 6"),
        ("    tolerance: 5 percentage points\n", "    data_lag: " + "9" * 5000 + "\n", "lag"),
        ("    tolerance: 5 percentage points\n", "    data_lag: 13\n", "at most 3 years"),
        ("    tolerance: 5 percentage points\n", "    data_lag: 4 years\n", "at most 3 years"),
    ],
)
def test_impossible_settings_are_refused(old: str, new: str, text: str) -> None:
    """Numbers past a float, rate bases, decimals and lags past their limits are refused."""
    with pytest.raises(CatalogueError, match=text):
        loads_catalogue(_with(old, new))


def test_longest_data_lag_is_allowed() -> None:
    """Three years (12 quarters) is the longest lag a quarterly measure may declare."""
    catalogue = loads_catalogue(
        _with("    tolerance: 5 percentage points\n", "    data_lag: 3 years\n")
    )
    assert catalogue.measure("victims-contacted").data_lag == 12


def test_targets_near_the_float_limit_load_and_evaluate(good: cspmeasures.Catalogue) -> None:
    """A 1e308 target is a (silly) float: it loads and evaluates; figures are capped at 10^15."""
    text = _with("840 assessments per year", "1.7e308 assessments per year")
    catalogue = loads_catalogue(text)
    target = catalogue.measure("assessments").target
    assert getattr(target, "amount", None) == 1.7e308
    actuals = loads_actuals(
        "measure,period,value\nassessments,2017-18 Q1,1e15\nassessments,2017-18 Q2,1e15\n",
        catalogue,
    )
    for day in (dt.date(2017, 9, 30), dt.date(2018, 3, 31)):
        report = cspmeasures.evaluate(catalogue, actuals, day)
        assert report.get("assessments") is not None
    with pytest.raises(ActualsError, match="too large"):
        loads_actuals("measure,period,value\nassessments,2017-18 Q1,1000000000000001\n", good)


def test_problems_name_the_file_given(tmp_path: Path) -> None:
    """A problem names the path as the caller gave it, relative or absolute."""
    path = tmp_path / "plan.yaml"
    path.write_bytes((CORPUS / "cat-bad-target.yaml").read_bytes())
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        with pytest.raises(CatalogueError) as info:
            load_catalogue("plan.yaml")
    finally:
        os.chdir(here)
    assert info.value.problems[0].location == "plan.yaml:38:13"
