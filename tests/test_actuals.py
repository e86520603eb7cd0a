"""Loading actuals: CSV and YAML rows to Observations, and every located error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cspmeasures.actuals import Flag, MilestoneState, Observation, load_actuals, loads_actuals
from cspmeasures.catalogue import loads_catalogue
from cspmeasures.errors import ActualsError, CatalogueError, Problem
from cspmeasures.model import Catalogue
from cspmeasures.periods import Calendar, Frequency, Period
from cspmeasures.vocabulary import Status

CATALOGUE = """\
catalogue:
  id: test-csp
  title: Test CSP
  year: 2017-18
units:
  assessment: a child assessment
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
  - id: assessments
    title: Assessments
    theme: t
    unit: assessment
    value: count
    polarity: higher
    aggregation: year-to-date
    target: 840 assessments per year
  - id: plan
    title: Plan
    theme: t
    polarity: none
    target: {milestone: Plan agreed, due: 2018-03-31}
  - id: training
    title: Training
    theme: t
    polarity: none
    target: {judged: Training continues}
  - id: visits
    title: Visits
    theme: t
    polarity: none
    frequency: monthly
    target: none
"""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return loads_catalogue(CATALOGUE, "test.yaml")


def q(year: int, index: int) -> Period:
    return Period.of(Calendar.UK_FINANCIAL_YEAR, Frequency.QUARTER, year, index)


Q1, Q2, Q3 = q(2017, 1), q(2017, 2), q(2017, 3)


def problems(text: str, catalogue: Catalogue, fmt: str) -> tuple[Problem, ...]:
    with pytest.raises(ActualsError) as info:
        loads_actuals(text, catalogue, "a." + fmt, format=fmt)
    return info.value.problems


def only(text: str, catalogue: Catalogue, fmt: str = "csv") -> Problem:
    found = problems(text, catalogue, fmt)
    assert len(found) == 1, [p.headline() for p in found]
    return found[0]


# --- CSV layouts -------------------------------------------------------------------------


def test_csv_rows_load_to_exact_observations(catalogue: Catalogue) -> None:
    """Every CSV column lands in the right Observation field, percentages as fractions."""
    text = (
        "measure,period,value,numerator,denominator,reported,flag,state,judgement,evidence,note\n"
        "completions,2017-18 Q2,75.3%,,,75.3%,provisional,,,,\n"
        "reoffending,2017-18 Q2,,6,20,30%,,,,,20 young people\n"
        "assessments,2017-18 Q1,287,,,287,provisional; revised,,,,\n"
        "plan,2017-18 Q2,,,,,,in-progress,,drafted,\n"
        "training,2017-18 Q2,,,,,,,on-track,monthly sessions,\n"
        "visits,2017-09,12,,,,,,,,\n"
    )
    actuals = loads_actuals(text, catalogue, "a.csv")
    september = Period.of(Calendar.UK_FINANCIAL_YEAR, Frequency.MONTH, 2017, 6)
    assert list(actuals) == [
        Observation("completions", Q2, value=0.753, reported="75.3%", flags=(Flag.PROVISIONAL,)),
        Observation(
            "reoffending", Q2, numerator=6.0, denominator=20.0, reported="30%",
            note="20 young people",
        ),
        Observation(
            "assessments", Q1, value=287.0, reported="287",
            flags=(Flag.PROVISIONAL, Flag.REVISED),
        ),
        Observation("plan", Q2, state=MilestoneState.IN_PROGRESS, evidence="drafted"),
        Observation("training", Q2, judgement=Status.ON_TRACK, evidence="monthly sessions"),
        Observation("visits", september, value=12.0),
    ]  # fmt: skip
    assert september.start == dt.date(2017, 9, 1)
    assert actuals.get("completions", Q2) is not None
    assert actuals.get("completions", Q1) is None


def test_csv_quoting_thousands_reordered_columns_bom_and_crlf(catalogue: Catalogue) -> None:
    """Quoted commas, '1,234', columns in any order, a BOM and CRLF line ends all read."""
    text = (
        "\ufeffnote,value,period,measure\r\n"
        '"Q1, provisional","1,234",2017-18 Q1,assessments\r\n'
        '"says ""hi""","12,345",2017-18 Q2,assessments\r\n'
    )
    actuals = loads_actuals(text, catalogue, "a.csv")
    assert list(actuals) == [
        Observation("assessments", Q1, value=1234.0, note="Q1, provisional"),
        Observation("assessments", Q2, value=12345.0, note='says "hi"'),
    ]


def test_csv_file_with_bom_and_crlf_loads_from_disk(catalogue: Catalogue, tmp_path: Path) -> None:
    """load_actuals reads a UTF-8-with-BOM, CRLF file by path and names rows file:line."""
    path = tmp_path / "figures.csv"
    path.write_bytes(b"\xef\xbb\xbfmeasure,period,value\r\ncompletions,2017-18 Q2,75%\r\n")
    actuals = load_actuals(path, catalogue)
    (row,) = actuals
    assert row == Observation("completions", Q2, value=0.75)
    assert row.where == f"{path}:2"


def test_blank_lines_and_missing_words_are_no_figure(catalogue: Catalogue) -> None:
    """Blank lines are skipped; '-', 'n/a' and empty cells mean no value."""
    text = "measure,period,value,evidence\n\ncompletions,2017-18 Q1,-,x\ncompletions,2017-18 Q2,n/a,y\n"
    actuals = loads_actuals(text, catalogue)
    assert [o.value for o in actuals] == [None, None]
    assert [o.evidence for o in actuals] == ["x", "y"]


def test_suppressed_row_carries_through_as_suppressed_not_zero(catalogue: Catalogue) -> None:
    """A suppressed row has no value (never 0) and the suppressed flag."""
    actuals = loads_actuals("measure,period,flag\nreoffending,2017-18 Q2,suppressed\n", catalogue)
    (row,) = actuals
    assert row.value is None
    assert row.numerator is None
    assert row.denominator is None
    assert row.suppressed
    assert row.flags == (Flag.SUPPRESSED,)
    assert not row.has_figure


# --- YAML layouts ------------------------------------------------------------------------

YAML_ROWS = """\
actuals:
  - measure: completions
    period: 2017-18 Q2
    value: 75.3%
    reported: 75.3%
    flag: provisional, estimated
    note: "a, b"
  - {measure: reoffending, period: 2017-18 Q2, numerator: 6, denominator: 20, reported: 30%}
  - {measure: plan, period: Q2 2017-18, state: complete, evidence: agreed}
  - {measure: training, period: 2017-18 Q2, judgement: at-risk, evidence: paused}
  - {measure: assessments, period: 2017-18 Q1, value: "1,234"}
  - {measure: reoffending, period: 2017-18 Q1, flag: suppressed}
"""


def test_yaml_rows_load_to_exact_observations(catalogue: Catalogue) -> None:
    """The YAML layout gives the same Observations as CSV, with several flags in one cell."""
    actuals = loads_actuals(YAML_ROWS, catalogue, "a.yaml")
    assert list(actuals) == [
        Observation(
            "completions", Q2, value=0.753, reported="75.3%",
            flags=(Flag.PROVISIONAL, Flag.ESTIMATED), note="a, b",
        ),
        Observation("reoffending", Q2, numerator=6.0, denominator=20.0, reported="30%"),
        Observation("plan", Q2, state=MilestoneState.COMPLETE, evidence="agreed"),
        Observation("training", Q2, judgement=Status.AT_RISK, evidence="paused"),
        Observation("assessments", Q1, value=1234.0),
        Observation("reoffending", Q1, flags=(Flag.SUPPRESSED,)),
    ]  # fmt: skip


def test_yaml_and_csv_of_the_same_rows_are_equal(catalogue: Catalogue) -> None:
    """The two formats of one row give equal Actuals."""
    csv_text = "measure,period,numerator,denominator,reported\nreoffending,2017-18 Q2,8,18,44%\n"
    yaml_text = (
        "actuals:\n  - {measure: reoffending, period: 2017-18 Q2, numerator: 8, denominator: 18,"
        " reported: 44%}\n"
    )
    assert loads_actuals(csv_text, catalogue, "a.csv") == loads_actuals(
        yaml_text, catalogue, "a.yaml"
    )


# --- errors, each with its line (and column in YAML) -----------------------------------


def test_unknown_measure_says_did_you_mean(catalogue: Catalogue) -> None:
    """A misspelt id is an error on its line, suggesting the close id."""
    problem = only("measure,period,value\ncompletoins,2017-18 Q2,75%\n", catalogue)
    assert (problem.file, problem.line) == ("a.csv", 2)
    assert "'completoins'" in problem.message
    assert "did you mean 'completions'?" in problem.message


def test_unknown_measure_in_yaml_has_line_and_column(catalogue: Catalogue) -> None:
    """In YAML the error points at the id's own line and column."""
    text = "actuals:\n  - measure: completions\n    period: 2017-18 Q1\n    value: 1%\n  - measure: reofending\n    period: 2017-18 Q2\n"
    problem = only(text, catalogue, "yaml")
    assert (problem.line, problem.column) == (5, 14)
    assert problem.path == "actuals[1].measure"
    assert "did you mean 'reoffending'?" in problem.message


def test_bad_period_label(catalogue: Catalogue) -> None:
    """A label that is no period says what labels look like."""
    problem = only("measure,period,value\ncompletions,2017-18 Q9,75%\n", catalogue)
    assert problem.line == 2
    assert problem.path == "line 2.period"
    assert "'2017-18 Q9'" in problem.message
    assert "2017-18 Q2" in problem.message


def test_period_after_the_catalogue_year(catalogue: Catalogue) -> None:
    """A period after the catalogue's year is refused."""
    problem = only("measure,period,value\ncompletions,2018-19 Q1,75%\n", catalogue)
    assert problem.line == 2
    assert problem.message == "2018-19 Q1 is after the catalogue's year 2017-18"


def test_monthly_period_for_a_quarterly_measure(catalogue: Catalogue) -> None:
    """A month given for a quarterly measure is an error naming both frequencies."""
    problem = only("measure,period,value\ncompletions,2017-09,75%\n", catalogue)
    assert problem.message == "completions is quarterly, but '2017-09' is a monthly period"


def test_annual_period_for_a_quarterly_measure(catalogue: Catalogue) -> None:
    """A year given for a quarterly measure is "an annual period", with its article right."""
    problem = only("measure,period,value\ncompletions,2017-18,75%\n", catalogue)
    assert problem.message == "completions is quarterly, but '2017-18' is an annual period"


def test_non_number(catalogue: Catalogue) -> None:
    """Text where a number belongs is one error (not also 'no figure')."""
    problem = only("measure,period,value\ncompletions,2017-18 Q2,lots\n", catalogue)
    assert problem.path == "line 2.value"
    assert "'lots'" in problem.message
    problem = only(
        "measure,period,numerator,denominator\nreoffending,2017-18 Q2,six,20\n", catalogue
    )
    assert problem.message == "expected a number for the numerator, found 'six'"


@pytest.mark.parametrize(
    ("measure", "text"),
    [
        ("completions", "nan"),
        ("assessments", "NaN"),
        ("assessments", "inf"),
        ("assessments", "-inf"),
        ("completions", "Infinity%"),
    ],
)
def test_not_finite_numbers(catalogue: Catalogue, measure: str, text: str) -> None:
    """NaN and infinities are refused as not finite."""
    problem = only(f"measure,period,value\n{measure},2017-18 Q2,{text}\n", catalogue)
    assert problem.message == f"expected a finite number, found {text!r}"


@pytest.mark.parametrize(("measure", "text"), [("assessments", "1e999"), ("completions", "1e999%")])
def test_numbers_that_overflow_are_refused(catalogue: Catalogue, measure: str, text: str) -> None:
    """1e999 (infinite as a float) is refused on its cell, naming the number."""
    problem = only(f"measure,period,value\n{measure},2017-18 Q2,{text}\n", catalogue)
    assert problem.path == "line 2.value"
    assert "'1e999'" in problem.message
    assert "finite" in problem.message or "too large" in problem.message


def test_not_finite_in_yaml(catalogue: Catalogue) -> None:
    """YAML's .nan and .inf are refused with their column."""
    text = "actuals:\n  - measure: completions\n    period: 2017-18 Q2\n    value: .nan\n"
    problem = only(text, catalogue, "yaml")
    assert (problem.line, problem.column) == (4, 12)
    assert problem.message == "expected a finite number, found '.nan'"


def test_negative_count(catalogue: Catalogue) -> None:
    """A negative count (or numerator) cannot be."""
    problem = only("measure,period,value\nassessments,2017-18 Q2,-3\n", catalogue)
    assert problem.message == "the value cannot be negative, found '-3'"
    problem = only(
        "measure,period,numerator,denominator\nreoffending,2017-18 Q2,-1,20\n", catalogue
    )
    assert problem.message == "the numerator cannot be negative, found '-1'"


def test_fractional_count(catalogue: Catalogue) -> None:
    """A count is a whole number."""
    problem = only("measure,period,value\nassessments,2017-18 Q2,2.5\n", catalogue)
    assert "expected a whole number, found '2.5'" in problem.message


def test_numerator_greater_than_denominator(catalogue: Catalogue) -> None:
    """8 of 6 is impossible for a ratio."""
    problem = only("measure,period,numerator,denominator\nreoffending,2017-18 Q2,8,6\n", catalogue)
    assert problem.path == "line 2.numerator"
    assert problem.message == "the numerator 8 is greater than the denominator 6"


def test_value_given_for_a_ratio_measure(catalogue: Catalogue) -> None:
    """A ratio measure wants its components, not a percentage."""
    problem = only("measure,period,value\nreoffending,2017-18 Q2,30%\n", catalogue)
    assert "give its numerator and denominator, not the value" in problem.message
    assert "'reported'" in problem.message


def test_components_for_a_value_measure_and_half_a_pair(catalogue: Catalogue) -> None:
    """Components on a value measure, or only one of the two, are errors."""
    found = problems(
        "measure,period,numerator,denominator\ncompletions,2017-18 Q2,3,4\nreoffending,2017-18 Q2,3,\n",
        catalogue,
        "csv",
    )
    messages = [(p.line, p.message) for p in found]
    assert (2, "completions takes a value, not a numerator and denominator") in messages
    assert (3, "give both the numerator and the denominator") in messages


def test_suppressed_row_with_a_value(catalogue: Catalogue) -> None:
    """A row flagged suppressed must not carry a figure."""
    problem = only("measure,period,value,flag\ncompletions,2017-18 Q2,70%,suppressed\n", catalogue)
    assert problem.path == "line 2.flag"
    assert "a row flagged suppressed carries no figure" in problem.message


def test_duplicate_measure_and_period_names_both_lines(catalogue: Catalogue) -> None:
    """A second row for the same measure and period is an error naming both lines."""
    problem = only(
        "measure,period,value\ncompletions,2017-18 Q2,75%\ncompletions,Q2 2017-18,76%\n", catalogue
    )
    assert problem.line == 3
    assert problem.message == ("a second row for completions in 2017-18 Q2: the first is on line 2")
    assert problem.also == "first at a.csv:2"


def test_duplicate_in_yaml_names_both_lines(catalogue: Catalogue) -> None:
    """In YAML the duplicate is located at the second row and names the first row's line."""
    text = (
        "actuals:\n"
        "  - {measure: completions, period: 2017-18 Q2, value: 75%}\n"
        "  - {measure: completions, period: 2017-18 Q2, value: 76%}\n"
    )
    problem = only(text, catalogue, "yaml")
    assert problem.line == 3
    assert "the first is on line 2" in problem.message


def test_unknown_column(catalogue: Catalogue) -> None:
    """An unknown header column is an error on line 1 with a suggestion."""
    problem = only("measure,period,valeu\ncompletions,2017-18 Q2,75%\n", catalogue)
    assert problem.line == 1
    assert problem.path == "column 3"
    assert "unknown column 'valeu' (did you mean 'value'?)" in problem.message


def test_unknown_key_in_yaml_has_column(catalogue: Catalogue) -> None:
    """An unknown YAML key is located at the key, and the row adds no second error."""
    text = "actuals:\n  - measure: completions\n    period: 2017-18 Q2\n    valeu: 3%\n"
    problem = only(text, catalogue, "yaml")
    assert (problem.line, problem.column) == (4, 5)
    assert "unknown key 'valeu' (did you mean 'value'?)" in problem.message


def test_missing_period_column(catalogue: Catalogue) -> None:
    """A header without 'period' is refused before any row is read."""
    problem = only("measure,value\ncompletions,75%\n", catalogue)
    assert problem.line == 1
    assert problem.message == "the header has no 'period' column"


def test_short_row(catalogue: Catalogue) -> None:
    """A row with fewer cells than the header says how many it has."""
    problem = only("measure,period,value,note\ncompletions,2017-18 Q2,75%\n", catalogue)
    assert problem.line == 2
    assert problem.message == "expected 4 cells as in the header, found 3"


def test_state_on_a_non_milestone_measure(catalogue: Catalogue) -> None:
    """A milestone state on a threshold measure does not apply."""
    problem = only("measure,period,value,state\ncompletions,2017-18 Q2,75%,complete\n", catalogue)
    assert problem.path == "line 2.state"
    assert problem.message == "completions has no milestone target: a state does not apply"


def test_judgement_on_a_non_judged_measure_and_unknown_words(catalogue: Catalogue) -> None:
    """A judgement where none applies, an unknown state and an unknown flag are errors."""
    found = problems(
        "measure,period,value,state,judgement,flag\n"
        "completions,2017-18 Q2,75%,,met,\n"
        "plan,2017-18 Q2,,done,,\n"
        "completions,2017-18 Q1,70%,,,shaky\n",
        catalogue,
        "csv",
    )
    messages = {p.line: p.message for p in found}
    assert messages[2] == "completions has no judged target: a recorded judgement does not apply"
    assert "expected a milestone state" in messages[3]
    assert "'done'" in messages[3]
    assert messages[4].startswith("unknown flag 'shaky'")


def test_empty_row(catalogue: Catalogue) -> None:
    """A row with nothing but its measure and period is an error."""
    problem = only("measure,period,value\ncompletions,2017-18 Q2,\n", catalogue)
    assert problem.message == "the row has no figure, state, judgement, evidence or flag"


def test_several_problems_are_all_reported_in_file_order(catalogue: Catalogue) -> None:
    """One load reports every bad row, in line order, and keeps none of the file."""
    text = (
        "measure,period,value,numerator,denominator\n"
        "completoins,2017-18 Q2,75%,,\n"
        "completions,2017-18 Q1,75%,,\n"
        "completions,2018-19 Q1,75%,,\n"
        "reoffending,2017-18 Q2,,9,8\n"
        "assessments,2017-18 Q2,-1,,\n"
    )
    found = problems(text, catalogue, "csv")
    assert [p.line for p in found] == [2, 4, 5, 6]
    assert all(p.file == "a.csv" for p in found)


def test_several_yaml_problems_with_columns(catalogue: Catalogue) -> None:
    """Every YAML problem carries line and column."""
    text = (
        "actuals:\n"
        "  - measure: nope\n"
        "    period: 2017-18 Q2\n"
        "  - measure: completions\n"
        "    period: 2017-18 Q2\n"
        "    value: -5%\n"
    )
    found = problems(text, catalogue, "yaml")
    assert [(p.line, p.column) for p in found] == [(2, 14), (6, 12)]


def test_actuals_error_is_a_catalogue_error_with_located_text(catalogue: Catalogue) -> None:
    """str(error) lists FILE:LINE: messages with the offending line quoted."""
    with pytest.raises(CatalogueError) as info:
        loads_actuals("measure,period,value\ncompletions,2018-19 Q1,75%\n", catalogue, "f.csv")
    text = str(info.value)
    assert text.startswith("1 problem:\nf.csv:2: line 2.period: 2018-19 Q1 is after")
    assert "    completions,2018-19 Q1,75%" in text


def test_missing_file(catalogue: Catalogue, tmp_path: Path) -> None:
    """A missing file is an ActualsError naming the file."""
    with pytest.raises(ActualsError) as info:
        load_actuals(tmp_path / "nope.csv", catalogue)
    assert info.value.problems[0].message == "no such actuals file"
