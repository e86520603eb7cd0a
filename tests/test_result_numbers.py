"""Each result's numbers: the target as data, the value's inputs, the figure before, the
owner and note, in to_dict(), CSV and DataFrames. Every expected number is worked out by
hand from the catalogue and the actuals, in the comment beside it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import cspmeasures
from cspmeasures.evaluate import ALL_FIELDS, FIELDS
from cspmeasures.fields import RESULT_FIELDS
from cspmeasures.frame import evaluate_frame
from cspmeasures.render import render_report

ROOT = Path(__file__).resolve().parents[1]
MEDWAY = ROOT / "catalogue" / "medway-csp-2017-18.yaml"
MEDWAY_ACTUALS = ROOT / "catalogue" / "medway-csp-2017-18-actuals.yaml"
RIVERSIDE = ROOT / "docs" / "examples" / "riverside-csp-2024-25.yaml"
RIVERSIDE_Q2 = ROOT / "docs" / "examples" / "riverside-csp-2024-25-actuals-q2.csv"

HAND = """\
catalogue: {id: hand, title: Hand, year: 2017-18}
units:
  offence: an offence
themes: [{id: t, title: T}]
measures:
  - {id: repeat, title: Repeat victims, theme: t, unit: percent, polarity: lower,
     target: "<= 33%", tolerance: 3 percentage points}
  - {id: band, title: Band, theme: t, unit: percent, polarity: in-range,
     target: between 40% and 60%, tolerance: 5% of target}
  - {id: fall, title: Fall, theme: t, unit: offence, polarity: lower,
     baselines: [{id: b, value: 200}], target: 10% reduction on b, tolerance: 2% of target}
  - {id: rise, title: Rise, theme: t, unit: percent, polarity: higher, value: done / all,
     baselines: [{id: b, period: 2016-17 Q4}], target: 2 percentage points increase on b,
     tolerance: 1 percentage point}
  - {id: rate, title: Rate, theme: t, polarity: lower, value: offences per 1000 population,
     target: "<= 12", owner: Community Safety Unit}
"""
HAND_ACTUALS = """\
measure,period,value,numerator,denominator,note
repeat,2017-18 Q1,35%,,,
band,2017-18 Q1,38%,,,
fall,2017-18 Q1,183,,,
rise,2016-17 Q4,,40,100,
rise,2017-18 Q1,,43,100,from the case system
rate,2017-18 Q1,,30,2500,
"""


def _hand() -> dict[str, dict[str, Any]]:
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    actuals = cspmeasures.loads_actuals(HAND_ACTUALS, catalogue, "hand.csv")
    report = cspmeasures.evaluate(catalogue, actuals, dt.date(2017, 6, 30))
    return {row["id"]: row for row in report.to_dicts()}


def _medway() -> cspmeasures.Report:
    catalogue = cspmeasures.load_catalogue(MEDWAY)
    actuals = cspmeasures.load_actuals(MEDWAY_ACTUALS, catalogue)
    return cspmeasures.evaluate(catalogue, actuals, dt.date(2017, 9, 30))


def test_the_field_table_is_the_output() -> None:
    """to_dict's keys, the CSV header and the DataFrame columns asked for are the table's
    names, in its order; FIELDS is its stable head."""
    report = _medway()
    names = tuple(f.name for f in RESULT_FIELDS)
    assert names == ALL_FIELDS
    assert names[:15] == FIELDS
    assert tuple(report.evaluations[0].to_dict()) == names
    header = next(csv.reader(io.StringIO(render_report(report, "csv"))))
    assert tuple(header) == names
    assert len(set(names)) == len(names)


def test_threshold_with_tolerance_is_data() -> None:
    """<= 33% with 3 points of tolerance: the level 0.33, the red edge 0.33 + 0.03 = 0.36
    above it (a higher value is the shortfall); 35% lies between, so at-risk."""
    row = _hand()["repeat"]
    assert row["target_kind"] == "threshold"
    assert row["target_operator"] == "<="
    assert row["target_level"] == 0.33
    assert row["tolerance_high"] == 0.36
    assert row["tolerance_low"] is None
    assert row["polarity"] == "lower-is-better"
    assert row["value"] == 0.35
    assert row["status"] == "at-risk"


def test_range_with_relative_tolerance_is_data() -> None:
    """between 40% and 60%, tolerance 5% of target: each bound moves by 5% of itself, so
    0.40 - 0.02 = 0.38 and 0.60 + 0.03 = 0.63."""
    row = _hand()["band"]
    assert (row["target_operator"], row["target_level"]) == ("between", None)
    assert (row["target_low"], row["target_high"]) == (0.4, 0.6)
    assert (row["tolerance_low"], row["tolerance_high"]) == (0.38, 0.63)


def test_relative_reduction_is_a_level_from_its_baseline() -> None:
    """10% reduction on 200: the level is 200 x 0.9 = 180. The tolerance, 2% of the 10%
    asked for, is 0.2 points, so a reduction of 9.8% is the edge: 200 x 0.902 = 180.4.
    183 is a reduction of 8.5%, beyond it: off-track."""
    row = _hand()["fall"]
    assert (row["target_operator"], row["baseline"], row["baseline_value"]) == (
        "reduce",
        "b",
        200.0,
    )
    assert row["target_level"] == 180.0
    assert row["tolerance_high"] == 180.4
    assert row["tolerance_low"] is None
    assert row["status"] == "off-track"


def test_point_increase_from_a_period_baseline() -> None:
    """2 points increase on 2016-17 Q4 (40 of 100 = 0.40): level 0.42, the 1-point tolerance
    edge 0.41; the value 43 of 100 with its inputs, the previous quarter's 0.40 and the
    row's note."""
    row = _hand()["rise"]
    assert (row["baseline"], row["baseline_value"]) == ("b", 0.4)
    assert row["target_level"] == 0.42
    assert row["tolerance_low"] == 0.41
    assert (row["numerator"], row["denominator"], row["population"]) == (43.0, 100.0, None)
    assert (row["previous_period"], row["previous_value"]) == ("2016-17 Q4", 0.4)
    assert row["note"] == "from the case system"
    assert row["status"] == "met"


def test_rate_has_its_population_and_owner() -> None:
    """30 offences in a population of 2,500 is 12 per 1,000; the population is the
    denominator, and the owner comes from the catalogue."""
    row = _hand()["rate"]
    assert row["value"] == 12.0
    assert (row["numerator"], row["denominator"], row["population"]) == (30.0, 2500.0, 2500.0)
    assert row["owner"] == "Community Safety Unit"
    assert row["target_level"] == 12.0
    assert row["lower"] < 12.0 < row["upper"]


def test_medway_proportion_has_inputs_and_a_wilson_interval() -> None:
    """yot-triage-reoffending: 6 of 20. Wilson at z = 1.959964: centre (0.3 + z²/40) /
    (1 + z²/20) = 0.332224, half-width z·sqrt(0.3·0.7/20 + z²/1600) / (1 + z²/20) = 0.186747,
    so 0.145477 to 0.518972."""
    row = _medway().get("yot-triage-reoffending").to_dict()
    assert (row["numerator"], row["denominator"]) == (6.0, 20.0)
    assert (row["target_kind"], row["target_operator"], row["target_level"]) == (
        "threshold",
        "<",
        0.2,
    )
    assert math.isclose(row["lower"], 0.145477, abs_tol=1e-6)
    assert math.isclose(row["upper"], 0.518972, abs_tol=1e-6)
    assert row["owner"] == "Medway Youth Offending Team (YOT)"
    assert (row["previous_period"], row["previous_value"]) == ("2017-18 Q1", None)
    assert row["note"].startswith("20 young people worked with")


def test_medway_amount_has_level_expected_and_the_quarter_before() -> None:
    """early-help-assessments: 840 a year, so 420 expected by the end of Q2; the value is
    287 + 219 = 506 and the trend compares Q2's own 219 with Q1's 287."""
    row = _medway().get("early-help-assessments").to_dict()
    assert (row["target_kind"], row["target_operator"], row["target_level"]) == (
        "amount",
        "at-least",
        840.0,
    )
    assert row["expected"] == 420.0
    assert row["value"] == 506.0
    assert (row["previous_period"], row["previous_value"]) == ("2017-18 Q1", 287.0)
    assert (row["tolerance_low"], row["tolerance_high"]) == (None, None)  # no tolerance


def test_medway_benchmark_carries_its_baseline() -> None:
    """iom-cohort-community: benchmark dec-2015, declared as 16 people."""
    row = _medway().get("iom-cohort-community").to_dict()
    assert (row["target_kind"], row["baseline"], row["baseline_value"]) == (
        "benchmark",
        "dec-2015",
        16.0,
    )
    assert row["target_level"] == 16.0


def test_medway_milestone_has_no_level() -> None:
    """A milestone has a kind and no number to draw."""
    row = _medway().get("domestic-abuse-plan").to_dict()
    assert row["target_kind"] == "milestone"
    assert all(row[k] is None for k in ("target_level", "target_operator", "previous_value"))


def test_riverside_amount_tolerance_edge_moves_with_expected() -> None:
    """home-safety-visits, as at Q2: 120 a year, even profile, so 60 expected; the 10-visit
    tolerance puts the edge at 50. 32 + 19 = 51 lies between: at-risk."""
    catalogue = cspmeasures.load_catalogue(RIVERSIDE)
    actuals = cspmeasures.load_actuals(RIVERSIDE_Q2, catalogue)
    report = cspmeasures.evaluate(catalogue, actuals, dt.date(2024, 9, 30))
    row = report.get("home-safety-visits").to_dict()
    assert (row["target_level"], row["expected"], row["tolerance_low"]) == (120.0, 60.0, 50.0)
    assert (row["value"], row["status"]) == (51.0, "at-risk")
    assert row["note"] == "visits logged after 30 September may still be added"
    contacted = report.get("da-victims-contacted").to_dict()
    assert (contacted["target_level"], contacted["tolerance_low"]) == (0.85, 0.8)  # 85% - 5 points
    assert (contacted["numerator"], contacted["denominator"]) == (79.0, 88.0)
    assert contacted["previous_value"] == 68 / 84


def test_csv_carries_the_numbers() -> None:
    """The CSV's new columns hold the same numbers, empty where there is none."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    actuals = cspmeasures.loads_actuals(HAND_ACTUALS, catalogue, "hand.csv")
    report = cspmeasures.evaluate(catalogue, actuals, dt.date(2017, 6, 30))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(render_report(report, "csv")))}
    assert rows["fall"]["target_level"] == "180.0"
    assert rows["fall"]["tolerance_high"] == "180.4"
    assert rows["fall"]["tolerance_low"] == ""
    assert rows["rate"]["population"] == "2500.0"


def test_frame_gives_any_field_of_the_table() -> None:
    """evaluate_frame(fields=["lower", "upper", ...]) works, equal to evaluate's to_dicts."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    frame = pd.DataFrame(
        {
            "measure": ["repeat", "rise", "rise", "rate"],
            "period": ["2017-18 Q1", "2016-17 Q4", "2017-18 Q1", "2017-18 Q1"],
            "value": [0.35, None, None, None],
            "numerator": [None, 40, 43, 30],
            "denominator": [None, 100, 100, 2500],
        }
    )
    day = dt.date(2017, 6, 30)
    got = evaluate_frame(catalogue, frame, day, fields=["id", "lower", "upper", "target_level"])
    assert list(got.columns) == ["id", "lower", "upper", "target_level"]
    rows = {r["id"]: r for r in got.to_dict("records")}
    assert rows["repeat"]["lower"] is None  # a plain value has no interval
    assert rows["repeat"]["target_level"] == 0.33
    assert rows["rate"]["lower"] < 12.0 < rows["rate"]["upper"]
    actuals = cspmeasures.loads_actuals(
        "measure,period,value,numerator,denominator\n"
        "repeat,2017-18 Q1,35%,,\nrise,2016-17 Q4,,40,100\nrise,2017-18 Q1,,43,100\n"
        "rate,2017-18 Q1,,30,2500\n",
        catalogue,
    )
    want = cspmeasures.evaluate(catalogue, actuals, day).to_dicts(
        ["id", "lower", "upper", "target_level"]
    )
    assert got.to_dict("records") == want


def test_frame_refuses_a_percent_column_in_percentages() -> None:
    """80 in the value column of a percent measure would be 8000%: refused, naming the
    column, the row and the fix."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    frame = pd.DataFrame({"measure": ["repeat"], "period": ["2017-18 Q1"], "value": [80]})
    with pytest.raises(cspmeasures.ActualsError) as caught:
        evaluate_frame(catalogue, frame, dt.date(2017, 6, 30))
    message = str(caught.value)
    assert (
        "<DataFrame>:2: value: the value column holds 80 for the percent measure repeat" in message
    )
    assert "divide the column by 100" in message
    # the same figure as a fraction, or as text with its sign, is read
    for cell in (0.8, "80%"):
        frame["value"] = pd.Series([cell], dtype=object)
        result = evaluate_frame(catalogue, frame, dt.date(2017, 6, 30), fields=["id", "value"])
        assert result.iloc[0]["value"] == 0.8
