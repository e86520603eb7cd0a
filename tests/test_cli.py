"""The command line: every command through ``main(argv)``, and the real program in a subprocess.

Expected figures for the bundled Medway catalogue are worked out by hand from the report it
transcribes (catalogue/medway-csp-2017-18.yaml and its actuals, as at 30 September 2017):
e.g. Early Help assessments, 840 a year on an even profile, expect 840 x 2/4 = 420 by the
end of Q2, and 506 were done.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml

from cspmeasures import cli
from cspmeasures.cli import main, reference_markdown

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "catalogue" / "medway-csp-2017-18.yaml"
ACTUALS = ROOT / "catalogue" / "medway-csp-2017-18-actuals.yaml"
SCHEMA = ROOT / "src" / "cspmeasures" / "catalogue.schema.json"
DOC = ROOT / "docs" / "cli.md"
AS_OF = "2017-09-30"

STABLE_FIELDS = [
    "id",
    "title",
    "theme",
    "period",
    "value",
    "display_value",
    "target",
    "expected",
    "status",
    "rag",
    "reason",
    "trend",
    "comparison",
    "flags",
    "warnings",
]

# A catalogue whose titles carry characters that Markdown and HTML must escape, and a
# measure shown to 2 decimals (0.1 must be displayed as 0.10, not re-formatted as 0.1).
SMALL = """\
catalogue:
  id: small
  title: Small <Plan> & "Test"
  calendar: uk-financial-year
  year: 2017-18
  actuals: small-actuals.yaml

themes:
  - id: pipes
    priority: First | priority
    title: Pipes | and <b>tags</b>
  - id: plain
    title: Plain theme

measures:
  - id: pipe-measure
    title: Value | with a pipe & <script>alert(1)</script>
    theme: pipes
    polarity: higher
    decimals: 2
    target: ">= 0.05"
  - id: other
    title: Other measure
    theme: plain
    unit: percent
    polarity: higher
    target: ">= 50%"
"""
SMALL_ACTUALS = """\
actuals:
  - measure: pipe-measure
    period: 2017-18 Q2
    value: 0.1
  - measure: other
    period: 2017-18 Q2
    value: 40%
"""

# Two problems, at places counted by hand: line 11 col 12 ("nope"), line 12 col 15 ("sideways").
BROKEN = """\
catalogue:
  id: broken
  title: Broken
  calendar: uk-financial-year
  year: 2017-18
themes:
  - id: t
    title: T
measures:
  - id: m
    theme: nope
    polarity: sideways
    title: M
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def evaluate_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code, out, err = run(
        capsys, "evaluate", str(CATALOGUE), "--as-of", AS_OF, "--format", "json", *extra
    )
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def catalogue_yaml() -> dict[str, Any]:
    """The bundled catalogue read by PyYAML directly, independently of cspmeasures."""
    data: dict[str, Any] = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def small(tmp_path: Path) -> Path:
    (tmp_path / "small-actuals.yaml").write_text(SMALL_ACTUALS, encoding="utf-8")
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# --- validate ---------------------------------------------------------------------------


def test_validate_bundled_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled catalogue and its actuals are valid: exit 0, a summary on stderr only."""
    code, out, err = run(capsys, "validate", str(CATALOGUE))
    assert code == 0
    assert out == ""
    assert "valid: 37 measures in 18 themes" in err


def test_validate_counts_one_in_the_singular(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """One measure in one theme with one row of actuals: "1 measure in 1 theme", "1 row"."""
    catalogue = tmp_path / "one.yaml"
    catalogue.write_text(
        SMALL.replace("  actuals: small-actuals.yaml\n", "")
        .replace("  - id: plain\n    title: Plain theme\n", "")
        .split("  - id: other")[0],
        encoding="utf-8",
    )
    actuals = tmp_path / "one-actuals.yaml"
    actuals.write_text(SMALL_ACTUALS.split("  - measure: other")[0], encoding="utf-8")
    code, out, err = run(capsys, "validate", str(catalogue), "--actuals", str(actuals))
    assert (code, out) == (0, "")
    assert err == f"{catalogue}: valid: 1 measure in 1 theme; {actuals}: valid: 1 row\n"


def test_validate_broken_catalogue_lists_every_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Both problems are reported as FILE:LINE:COL with the line and a caret under the column."""
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    headline = next(i for i, line in enumerate(lines) if line.startswith(f"{path}:12:15: "))
    assert "sideways" in lines[headline]
    assert lines[headline + 1].strip() == "polarity: sideways"
    assert lines[headline + 2].index("^") == lines[headline + 1].index("sideways")
    assert any(line.startswith(f"{path}:11:12: ") for line in lines)
    assert "Traceback" not in err


def test_validate_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A catalogue that does not exist is bad data: exit 1 and the file named."""
    missing = tmp_path / "missing.yaml"
    code, out, err = run(capsys, "validate", str(missing))
    assert code == 1
    assert out == ""
    assert f"{missing}: no such catalogue file" in err


# --- evaluate ---------------------------------------------------------------------------


def test_evaluate_table_grouped_by_theme(capsys: pytest.CaptureFixture[str]) -> None:
    """The table has one heading per theme, in catalogue order, above that theme's measures."""
    code, out, _ = run(capsys, "evaluate", str(CATALOGUE), "--as-of", AS_OF)
    assert code == 0
    assert out.startswith(
        "Medway Community Safety Partnership Plan 2017-18: status as at 2017-09-30\n"
    )
    themes = catalogue_yaml()["themes"]
    positions = [out.index(f"Theme: {theme['title']}\n") for theme in themes]
    assert positions == sorted(positions)
    assert out.count("Priority: Reducing Re-offending\n") == 1
    domestic = out.index("Theme: Tackling domestic abuse\n")
    exploitation = out.index("Theme: Tackling child sexual exploitation\n")
    assert domestic < out.index("Implementation of the Medway Domestic Abuse") < exploitation
    assert "\x1b[" not in out
    assert out.rstrip().splitlines()[-1].startswith("37 measures: ")


def test_evaluate_json_has_stable_fields(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON: one result per measure (37), each with the stable fields in order."""
    data = evaluate_json(capsys)
    assert data["as_of"] == AS_OF
    results = data["results"]
    assert [r["id"] for r in results] == [m["id"] for m in catalogue_yaml()["measures"]]
    assert len(results) == 37
    for result in results:
        assert list(result)[: len(STABLE_FIELDS)] == STABLE_FIELDS
    early = next(r for r in results if r["id"] == "early-help-assessments")
    assert (early["value"], early["expected"], early["status"]) == (506, 420, "on-track")


def test_evaluate_statuses_worked_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """Met and off-track measures are those a reader finds by comparing value with target."""
    results = evaluate_json(capsys)["results"]
    met = {r["id"] for r in results if r["status"] == "met"}
    off = {r["id"] for r in results if r["status"] == "off-track"}
    # 100% >= 100%, 75.3% >= 75%, 78.5% >= 65%, 100% >= 90%, 38% < 50%, 94% >= 90%
    assert met == {
        "repeat-asb-victims-risk-assessed",
        "community-orders-completed",
        "licence-pss-completed",
        "programme-requirement-delivered",
        "yot-cohort-reoffending",
        "unpaid-work-delivered",
    }
    # 7.5% < 8%, 8/18 = 44.4% > 33%, 6/20 = 30% not < 20%
    assert off == {
        "opiate-treatment-completions",
        "yot-reoffending-6-months",
        "yot-triage-reoffending",
    }


def test_evaluate_csv_header(capsys: pytest.CaptureFixture[str]) -> None:
    """CSV: the stable fields first in the header, then one row per measure."""
    code, out, _ = run(capsys, "evaluate", str(CATALOGUE), "--as-of", AS_OF, "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split(",")[: len(STABLE_FIELDS)] == STABLE_FIELDS
    assert len(lines) == 1 + 37


def test_evaluate_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    """Markdown: a title, a heading per priority and per theme, and GitHub tables."""
    code, out, _ = run(capsys, "evaluate", str(CATALOGUE), "--as-of", AS_OF, "--format", "markdown")
    assert code == 0
    assert out.startswith("# Medway Community Safety Partnership Plan 2017-18\n")
    assert "\n## Reducing Re-offending\n" in out
    assert "\n### Preventing radicalisation\n" in out
    assert re.search(
        r"^\| Implement Early Help outcomes framework +\| 2017-18 Q2 +\| 506 ", out, re.M
    )


def test_markdown_and_html_escape_titles(capsys: pytest.CaptureFixture[str], small: Path) -> None:
    """'|' in a title does not split a Markdown cell; HTML escapes <, > and &."""
    code, md, _ = run(capsys, "evaluate", str(small), "--as-of", AS_OF, "--format", "markdown")
    assert code == 0
    row = next(line for line in md.splitlines() if "pipe" in line and line.startswith("|"))
    assert "Value \\| with a pipe" in row
    header = next(line for line in md.splitlines() if line.startswith("| Measure"))
    unescaped = re.compile(r"(?<!\\)\|")
    assert len(unescaped.findall(row)) == len(unescaped.findall(header)) == 10
    assert "<script>" not in md
    assert "### Pipes \\| and" not in md  # headings are not table cells
    assert "### Pipes | and &lt;b>tags&lt;/b>" in md

    code, page, _ = run(capsys, "evaluate", str(small), "--as-of", AS_OF, "--format", "html")
    assert code == 0
    assert "<script>" not in page
    assert "Value | with a pipe &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>Small &lt;Plan&gt; &amp; &quot;Test&quot;</title>" in page
    assert "<h2>First | priority</h2>" in page
    assert "<h3>Pipes | and &lt;b&gt;tags&lt;/b&gt;</h3>" in page


def test_table_keeps_displayed_decimals(capsys: pytest.CaptureFixture[str], small: Path) -> None:
    """A value displayed as 0.10 (2 decimals) is not re-formatted to 0.1 by the table."""
    code, out, _ = run(capsys, "evaluate", str(small), "--as-of", AS_OF)
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("Value | with a pipe"))
    assert re.search(r"\s0\.10\s", row)


def test_evaluate_theme_filter(capsys: pytest.CaptureFixture[str]) -> None:
    """--theme keeps exactly the measures of that theme (repeatable)."""
    measures = catalogue_yaml()["measures"]
    wanted = {"rehabilitation", "hate-crime"}
    results = evaluate_json(capsys, "--theme", "rehabilitation", "--theme", "hate-crime")["results"]
    assert [r["id"] for r in results] == [m["id"] for m in measures if m["theme"] in wanted]
    assert len(results) == 6  # 5 rehabilitation measures and 1 hate crime measure


def test_evaluate_status_filter(capsys: pytest.CaptureFixture[str]) -> None:
    """--status off-track keeps the three off-track measures and nothing else."""
    code, out, _ = run(
        capsys, "evaluate", str(CATALOGUE), "--as-of", AS_OF, "--status", "off-track"
    )
    assert code == 0
    assert "YOT percentage of re-offending by those who have" in out
    assert "Implement Early Help outcomes framework" not in out
    assert "Theme: Tackling domestic abuse" not in out  # no heading for an empty theme
    assert out.rstrip().endswith("3 measures: 3 off-track")


def test_evaluate_empty_after_filters(capsys: pytest.CaptureFixture[str]) -> None:
    """No measure is missed mid-year: every format says so without failing."""
    base = ["evaluate", str(CATALOGUE), "--as-of", AS_OF, "--status", "missed"]
    code, out, _ = run(capsys, *base)
    assert code == 0
    assert "No measures to report." in out
    assert out.rstrip().endswith("0 measures")
    assert "Theme:" not in out
    code, out, _ = run(capsys, *base, "--format", "json")
    assert json.loads(out)["results"] == []
    code, out, _ = run(capsys, *base, "--format", "csv")
    assert out.splitlines()[0].split(",")[: len(STABLE_FIELDS)] == STABLE_FIELDS
    assert len(out.splitlines()) == 1
    code, out, _ = run(capsys, *base, "--format", "html")
    assert "<p>No measures to report.</p>" in out


def test_as_of_period_equals_its_last_day(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--as-of '2017-18 Q2' gives the same report as --as-of 2017-09-30 (Q2 ends 30 Sep);
    SOURCE_DATE_EPOCH fixes generated_at, so that the two documents compare whole."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code, by_date, _ = run(capsys, "evaluate", str(CATALOGUE), "--as-of", AS_OF, "--format", "json")
    code2, by_period, _ = run(
        capsys, "evaluate", str(CATALOGUE), "--as-of", "2017-18 Q2", "--format", "json"
    )
    assert code == code2 == 0
    assert by_period == by_date
    assert json.loads(by_period)["as_of"] == "2017-09-30"


def test_evaluate_reads_actuals_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--actuals overrides the file the catalogue names (Q1 100 + Q2 200 = 300 to date)."""
    other = tmp_path / "other-actuals.yaml"
    other.write_text(
        "actuals:\n"
        "  - {measure: early-help-assessments, period: 2017-18 Q1, value: 100}\n"
        "  - {measure: early-help-assessments, period: 2017-18 Q2, value: 200}\n",
        encoding="utf-8",
    )
    results = evaluate_json(capsys, "--actuals", str(other))["results"]
    early = next(r for r in results if r["id"] == "early-help-assessments")
    assert early["value"] == 300


# --- explain, list, schema --------------------------------------------------------------


def test_explain_early_help(capsys: pytest.CaptureFixture[str]) -> None:
    """explain gives the figures (506 done, 420 expected, 840 a year) and the status in sentences."""
    code, out, _ = run(
        capsys, "explain", str(CATALOGUE), "early-help-assessments", "--as-of", AS_OF
    )
    assert code == 0
    for figure in ("506", "420", "840"):
        assert figure in out
    assert "As at 30 September 2017, the figures used are those for 2017-18 Q2." in out
    assert "Target: 840 assessments per year." in out
    assert "Expected by now: 420 assessments." in out
    assert "Status: on-track (green)." in out
    assert "The status was set by the target" in out


def test_explain_shows_unrounded_value_and_interval(capsys: pytest.CaptureFixture[str]) -> None:
    """8 of 18 shows 44.4% from 44.4444% unrounded, with its Wilson interval and inputs."""
    code, out, _ = run(
        capsys, "explain", str(CATALOGUE), "yot-reoffending-6-months", "--as-of", AS_OF
    )
    assert code == 0
    assert "reoffended 8 / completed 18" in out
    # 8/18 = 44.444...%, shown to 1 decimal, so given unrounded to 1 + 3 = 4 decimals
    assert "Value: 44.4% as shown in the report, from 44.4444% before rounding.\n" in out
    # Wilson 95% for 8/18: centre (8 + 1.92)/(18 + 3.84) = 0.4542, half-width 0.2086
    assert "The 95% confidence interval runs from 24.6% to 66.3%." in out
    assert "Target: <= 33%." in out
    assert "Status: off-track (red)." in out


def test_explain_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown measure id is bad usage (exit 2) with a did-you-mean."""
    code, out, err = run(
        capsys, "explain", str(CATALOGUE), "early-help-assesments", "--as-of", AS_OF
    )
    assert code == 2
    assert out == ""
    assert "(did you mean 'early-help-assessments'?)" in err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    """list shows every measure with its theme, unit, polarity, target and frequency."""
    code, out, _ = run(capsys, "list", str(CATALOGUE))
    assert code == 0
    assert out.split()[:6] == ["id", "theme", "unit", "polarity", "target", "frequency"]
    for measure in catalogue_yaml()["measures"]:
        assert measure["id"] in out
    row = next(line for line in out.splitlines() if line.startswith("early-help-assessments "))
    assert row.split()[1:4] == ["intensive-interventions", "assessment", "higher-is-better"]
    assert "840 assessments per year" in row
    code, out, _ = run(capsys, "list", str(CATALOGUE), "--format", "csv")
    assert len(out.splitlines()) == 1 + 37


def test_schema_equals_committed_file(capsys: pytest.CaptureFixture[str]) -> None:
    """schema prints valid JSON equal to src/cspmeasures/catalogue.schema.json."""
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out) == json.loads(SCHEMA.read_text(encoding="utf-8"))


# --- bad usage --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["evaluate", str(CATALOGUE), "--bogus"], "unrecognized arguments: --bogus"),
        (["evaluate", str(CATALOGUE), "--format", "xml"], "invalid choice: 'xml'"),
        (["evaluate", str(CATALOGUE), "--as-of", "someday"], "--as-of"),
        (["evaluate", str(CATALOGUE), "--as-of", "2017-18 Q5"], "--as-of"),
        (["evaluate", str(CATALOGUE), "--theme", "rehabilitaton"], "(did you mean 'rehabilitation'?)"),
        (["evaluate", str(CATALOGUE), "--tablefmt", "gird"], "(did you mean 'grid'?)"),
        (["evaluate", str(CATALOGUE), "--status", "green"], "invalid choice: 'green'"),
        (["evaluate", "-", "--actuals", "-"], "cannot both be read from standard input"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "usage: cspmeasures"),
    ],
)
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str], words: str) -> None:
    """Bad usage exits 2 with a message on stderr and nothing on stdout."""
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert words in err
    assert "Traceback" not in err


def test_help_and_version_return_0(capsys: pytest.CaptureFixture[str]) -> None:
    """--help on every command shows an example; --version the installed version."""
    for command in ([], ["validate"], ["evaluate"], ["explain"], ["list"], ["schema"]):
        code, out, _ = run(capsys, *command, "--help")
        assert code == 0
        assert "example" in out
        assert "\ncspmeasures" in out or "  cspmeasures " in out
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"cspmeasures {version('cspmeasures')}\n")


# --- --output -----------------------------------------------------------------------------


def test_output_is_atomic(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--output writes the file; a failed run (bad data, bad usage) leaves it as it was."""
    target = tmp_path / "report.json"
    args = ["evaluate", str(CATALOGUE), "--as-of", AS_OF, "--format", "json"]
    code, out, _ = run(capsys, *args, "--output", str(target))
    assert (code, out) == (0, "")
    written = target.read_text(encoding="utf-8")
    assert len(json.loads(written)["results"]) == 37

    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    code, _, _ = run(capsys, "evaluate", str(broken), "--format", "json", "--output", str(target))
    assert code == 1
    code, _, _ = run(capsys, *args[:-4], "--as-of", "never", "--output", str(target))
    assert code == 2
    assert target.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml", "report.json"]


def test_output_failed_write_keeps_old_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the final rename fails, the old file is intact and no temporary file is left."""
    target = tmp_path / "report.txt"
    target.write_text("old report\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", fail)
    code, _, err = run(
        capsys, "evaluate", str(CATALOGUE), "--as-of", AS_OF, "--output", str(target)
    )
    assert code == 1
    assert f"cannot write {target}: No space left on device" in err
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_output_permissions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A new file gets the umask's permissions (not 0600); a replaced file keeps its own."""
    umask = os.umask(0o022)
    try:
        new = tmp_path / "new.csv"
        code, _, _ = run(
            capsys,
            "evaluate",
            str(CATALOGUE),
            "--as-of",
            AS_OF,
            "--format",
            "csv",
            "--output",
            str(new),
        )
        assert code == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        old = tmp_path / "old.csv"
        old.write_text("x\n", encoding="utf-8")
        old.chmod(0o640)
        code, _, _ = run(
            capsys,
            "evaluate",
            str(CATALOGUE),
            "--as-of",
            AS_OF,
            "--format",
            "csv",
            "--output",
            str(old),
        )
        assert code == 0
        assert stat.S_IMODE(old.stat().st_mode) == 0o640
        assert old.read_text(encoding="utf-8").startswith("id,title,")
    finally:
        os.umask(umask)


# --- colour ---------------------------------------------------------------------------------


def test_colour_only_on_a_terminal_without_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminal gets ANSI colours; a pipe never does, nor a terminal with NO_COLOR set."""
    argv = ["evaluate", str(CATALOGUE), "--as-of", AS_OF]
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "\x1b[" not in out

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(argv) == 0
    assert "\x1b[32mmet\x1b[0m" in terminal.getvalue()
    assert "\x1b[31moff-track\x1b[0m" in terminal.getvalue()

    monkeypatch.setenv("NO_COLOR", "1")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(argv) == 0
    assert "\x1b[" not in terminal.getvalue()
    assert "met" in terminal.getvalue()


def test_stdin_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """'-' reads the catalogue from standard input."""
    stdin = io.TextIOWrapper(io.BytesIO(CATALOGUE.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "list", "-", "--format", "csv")
    assert code == 0
    assert len(out.splitlines()) == 1 + 37


# --- the reference page ---------------------------------------------------------------------


def test_reference_page_is_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/cli.md is exactly what reference_markdown() generates, whatever the terminal width."""
    monkeypatch.setenv("COLUMNS", "40")
    narrow = reference_markdown()
    monkeypatch.setenv("COLUMNS", "200")
    assert reference_markdown() == narrow
    assert DOC.read_text(encoding="utf-8") == narrow, (
        "docs/cli.md is out of date: regenerate it with "
        'python -c "from cspmeasures.cli import reference_markdown as r; '
        "print(r(), end='')\" > docs/cli.md"
    )
    for command in ("validate", "evaluate", "explain", "list", "schema"):
        assert f"\n## cspmeasures {command}\n" in narrow


# --- the real program -----------------------------------------------------------------------

PROGRAMS = {
    "python -m": [sys.executable, "-m", "cspmeasures"],
    "entry point": [str(Path(sys.executable).with_name("cspmeasures"))],
}


def _run(program: list[str], *argv: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [*program, *argv], stderr=subprocess.PIPE, timeout=120, env=env, check=False, **kwargs
    )


@pytest.mark.parametrize("program", PROGRAMS.values(), ids=PROGRAMS.keys())
def test_program_version(program: list[str]) -> None:
    """--version prints the installed distribution's version and exits 0."""
    done = _run(program, "--version")
    assert done.returncode == 0
    assert done.stdout.decode() == f"cspmeasures {version('cspmeasures')}\n"


@pytest.mark.parametrize("program", PROGRAMS.values(), ids=PROGRAMS.keys())
def test_program_reads_stdin(program: list[str]) -> None:
    """'-' reads the catalogue from a real standard input."""
    done = _run(
        program,
        "evaluate",
        "-",
        "--actuals",
        str(ACTUALS),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        input=CATALOGUE.read_bytes(),
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["results"]) == 37


@pytest.mark.parametrize("program", PROGRAMS.values(), ids=PROGRAMS.keys())
def test_program_exit_codes(program: list[str], tmp_path: Path) -> None:
    """0 for a valid catalogue, 1 for bad data, 2 for bad usage; never a traceback."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    good = _run(program, "validate", str(CATALOGUE))
    bad_data = _run(program, "validate", str(broken))
    bad_usage = _run(program, "evaluate", str(CATALOGUE), "--format", "xml")
    assert [good.returncode, bad_data.returncode, bad_usage.returncode] == [0, 1, 2]
    assert f"{broken}:12:15: ".encode() in bad_data.stderr
    for done in (good, bad_data, bad_usage):
        assert b"Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("program", "fmt"), [(PROGRAMS["python -m"], "table"), (PROGRAMS["entry point"], "json")]
)
def test_program_broken_pipe(program: list[str], fmt: str) -> None:
    """Writing into a pipe whose reader has gone (like '| head -1') ends quietly."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the program writes a byte
    try:
        done = _run(
            program, "evaluate", str(CATALOGUE), "--as-of", AS_OF, "--format", fmt, stdout=writer
        )
    finally:
        os.close(writer)
    assert done.returncode == 0
    assert done.stderr == b""


@pytest.mark.parametrize("program", PROGRAMS.values(), ids=PROGRAMS.keys())
def test_program_head_one(program: list[str]) -> None:
    """Reading one line and closing the pipe, as 'head -1' does, leaves no traceback."""
    env = {**os.environ, "NO_COLOR": "1"}
    with subprocess.Popen(
        [*program, "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        err = process.stderr.read()
        code = process.wait(timeout=120)
    assert first == b"{\n"
    assert code == 0
    assert b"Traceback" not in err
