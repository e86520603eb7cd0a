"""load_actuals_records: records checked as the CSV is, problems located by record index;
Observation checked on construction, and a proportion above one refused by evaluation."""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import cspmeasures
from cspmeasures import ActualsError, Observation, load_actuals_records
from cspmeasures.periods import parse_period

ROOT = Path(__file__).resolve().parents[1]
MEDWAY = ROOT / "catalogue" / "medway-csp-2017-18.yaml"
MEDWAY_ACTUALS = ROOT / "catalogue" / "medway-csp-2017-18-actuals.yaml"
RIVERSIDE = ROOT / "docs" / "examples" / "riverside-csp-2024-25.yaml"
RIVERSIDE_Q2 = ROOT / "docs" / "examples" / "riverside-csp-2024-25-actuals-q2.csv"
DAY = dt.date(2017, 9, 30)


@pytest.fixture(scope="module")
def medway() -> cspmeasures.Catalogue:
    return cspmeasures.load_catalogue(MEDWAY)


def problems(catalogue: cspmeasures.Catalogue, records: list[Any]) -> list[str]:
    with pytest.raises(ActualsError) as caught:
        load_actuals_records(records, catalogue)
    return [p.headline() for p in caught.value.problems]


def test_medway_records_give_the_yaml_report(medway: cspmeasures.Catalogue) -> None:
    """The Medway actuals as records (YAML's plain values: text and numbers) give the same
    observations and report as the YAML file."""
    from_file = cspmeasures.load_actuals(MEDWAY_ACTUALS, medway)
    rows = yaml.safe_load(MEDWAY_ACTUALS.read_text(encoding="utf-8"))["actuals"]
    assert any(isinstance(v, int) for row in rows for v in row.values())  # numbers, not text
    from_records = load_actuals_records(rows, medway)
    assert from_records == from_file
    assert (
        cspmeasures.evaluate(medway, from_records, DAY).to_dicts()
        == cspmeasures.evaluate(medway, from_file, DAY).to_dicts()
    )
    assert from_records.observations[0].where == "<records>[0]"


def test_csv_rows_as_records_give_the_csv_report() -> None:
    """Riverside's CSV read by csv.DictReader and given as records: the same report."""
    catalogue = cspmeasures.load_catalogue(RIVERSIDE)
    with RIVERSIDE_Q2.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    from_records = load_actuals_records(rows, catalogue)
    assert from_records == cspmeasures.load_actuals(RIVERSIDE_Q2, catalogue)


def test_values_are_read_as_their_csv_cells(medway: cspmeasures.Catalogue) -> None:
    """An int, a float, a Decimal, numpy's numbers, a date for the period, None for an empty
    cell and a generator of records: each read as the CSV cell that holds its text."""

    def records() -> Iterator[dict[str, object]]:
        yield {"measure": "yot-triage-reoffending", "period": dt.date(2017, 8, 1),
               "numerator": 6, "denominator": Decimal("20.0"), "flag": None}  # fmt: skip
        yield {"measure": "early-help-assessments", "period": "2017-18 Q1", "value": 287.0}
        yield {"measure": "community-orders-completed", "period": dt.datetime(2017, 7, 1),
               "value": "75.3%", "Note": "  kept  "}  # fmt: skip

    actuals = load_actuals_records(records(), medway)
    first, second, third = actuals.observations
    numpy_ints = [{"measure": "yot-triage-reoffending", "period": "2017-18 Q2",
                   "numerator": np.int64(6), "denominator": np.float64(20)}]  # fmt: skip
    assert load_actuals_records(numpy_ints, medway).observations == (first,)
    assert first.period == parse_period("2017-18 Q2", medway.calendar)  # August is in Q2
    assert (first.numerator, first.denominator, first.flags) == (6.0, 20.0, ())
    assert second.value == 287.0
    assert third.value == 0.753
    assert third.note == "kept"  # keys are read as a header is: case and spaces aside


def test_a_number_on_a_percent_measure_is_refused_as_in_the_csv(
    medway: cspmeasures.Catalogue,
) -> None:
    """80 for a percent measure is refused as the CSV cell 80 is: it could be 80% or 8000%."""
    got = problems(medway, [{"measure": "community-orders-completed", "period": "2017-18 Q2",
                             "value": 80}])  # fmt: skip
    assert got == [
        "<records>: records[0].value: the measure is in percent: write the value as a "
        "percentage such as '80%', found '80'"
    ]


def test_bad_records_are_each_located_and_nothing_is_loaded(
    medway: cspmeasures.Catalogue,
) -> None:
    """Every bad record is listed by index, a good one among them is not loaded alone."""
    got = problems(
        medway,
        [
            {"measure": "early-help-assessments", "period": "2017-18 Q1", "value": 287},
            {"period": "2017-18 Q2", "value": 1},
            {"measure": "early-help-assessments", "value": 1},
            {"measure": "early-help-assesments", "period": "2017-18 Q2", "value": 1},
            {"measure": "early-help-assessments", "period": "2017-18 Q2", "value": True},
            {"measure": "early-help-assessments", "period": "2017-18 Q3", "value": [1, 2]},
            {"measure": "early-help-assessments", "period": "2017-18 Q4", "valu": 1},
            ["early-help-assessments", "2017-18 Q2", 1],
            {"measure": "early-help-assessments", "period": "2017-18 Q1", "value": 2},
            {
                "measure": "yot-triage-reoffending",
                "period": "2017-18 Q2",
                "numerator": math.nan,
                "denominator": 20,
            },
            {"measure": "early-help-assessments", "period": dt.datetime(2017, 7, 1, 9, 30)},
        ],
    )
    assert got == [
        "<records>: records[1].measure: the row has no measure id",
        "<records>: records[2].period: the row has no period",
        "<records>: records[3].measure: no measure in medway-csp-2017-18 has the id "
        "'early-help-assesments' (did you mean 'early-help-assessments'?)",
        "<records>: records[4].value: expected text, a number or a date for 'value', "
        "found True (bool)",
        "<records>: records[5].value: expected text, a number or a date for 'value', "
        "found [1, 2] (list)",
        "<records>: records[6].valu: unknown column 'valu' (did you mean 'value'?); expected "
        "some of: measure, period, value, numerator, denominator, reported, flag, state, "
        "judgement, evidence, note",
        "<records>: records[7]: expected a record (a mapping of column to value), found list",
        "<records>: records[8]: a second row for early-help-assessments in 2017-18 Q1: the "
        "first is records[0]",
        "<records>: records[9].numerator: expected a finite number, found 'nan'",
        "<records>: records[10].period: expected text, a number or a date for 'period', "
        "found datetime.datetime(2017, 7, 1, 9, 30) (datetime)",
        "<records>: records[10].period: the row has no period",  # as in YAML: the cell is refused
    ]


def test_observation_is_checked_on_construction() -> None:
    """An Observation built directly: figures finite and at most 10^15, components not
    negative and given together, numbers not text; each refusal an ActualsError."""
    q2 = parse_period("2017-18 Q2", cspmeasures.Calendar.UK_FINANCIAL_YEAR)
    cases = {
        "the value must be a finite number of at most 10^15, not nan": {"value": math.nan},
        "the value must be a finite number of at most 10^15, not inf": {"value": math.inf},
        "the value must be a finite number of at most 10^15, not 1e+16": {"value": 1e16},
        "the numerator cannot be negative, found -1": {"numerator": -1, "denominator": 5},
        "give both the numerator and the denominator": {"numerator": 3},
        "the value must be a number, not str": {"value": "80%"},
        "the denominator must be a number, not bool": {"numerator": 1, "denominator": True},
    }
    for message, figures in cases.items():
        with pytest.raises(ActualsError) as caught:
            Observation("m", q2, **figures)  # type: ignore[arg-type]
        assert str(caught.value.problems[0]) == f"<Observation>: m in 2017-18 Q2: {message}"
    assert Observation("m", q2, value=-3.5).value == -3.5  # a plain value may be negative
    assert Observation("m", q2, numerator=0, denominator=0).has_figure


def test_a_proportion_above_one_is_refused_by_evaluation(medway: cspmeasures.Catalogue) -> None:
    """95 of 88 on a ratio measure, built directly: evaluate raises, naming the measure,
    the period and the row, instead of a met status."""
    q2 = parse_period("2017-18 Q2", medway.calendar)
    row = Observation("yot-triage-reoffending", q2, numerator=95, denominator=88, where="feed:7")
    with pytest.raises(ActualsError) as caught:
        cspmeasures.evaluate(medway, cspmeasures.Actuals((row,)), DAY)
    assert str(caught.value.problems[0]) == (
        "feed:7: yot-triage-reoffending in 2017-18 Q2: the numerator 95 is greater than the "
        "denominator 88"
    )
    from cspmeasures.evaluate import evaluate_measure

    with pytest.raises(ActualsError):
        evaluate_measure(
            medway, medway.measure("yot-triage-reoffending"), cspmeasures.Actuals((row,)), DAY
        )
    # a reduction's later count may exceed its earlier one: not a proportion
    fine = Observation("yot-triage-reoffending", q2, numerator=88, denominator=88)
    result = cspmeasures.evaluate(medway, cspmeasures.Actuals((fine,)), DAY)
    assert result.get("yot-triage-reoffending").value == 1.0
