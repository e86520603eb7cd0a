"""evaluate_frame: columnar results equal to cspmeasures.evaluate, on one machine and with Dask."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cspmeasures
import cspmeasures.frame
from cspmeasures.errors import ActualsError
from cspmeasures.evaluate import FIELDS
from cspmeasures.frame import evaluate_frame, partition_measures
from strategies import examples

ROOT = Path(__file__).resolve().parents[1]
MEDWAY = ROOT / "catalogue" / "medway-csp-2017-18.yaml"
MEDWAY_ACTUALS = ROOT / "catalogue" / "medway-csp-2017-18-actuals.yaml"


def _scale_module() -> ModuleType:
    """benchmarks/scale.py, whose generator makes catalogues of every target kind."""
    spec = importlib.util.spec_from_file_location("scale", ROOT / "benchmarks" / "scale.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("scale", module)
    spec.loader.exec_module(module)
    return module


def frame_of(actuals: cspmeasures.Actuals) -> pd.DataFrame:
    """Loaded actuals as a DataFrame: numbers in the canonical unit, text as written."""
    return pd.DataFrame(
        [
            {
                "measure": o.measure,
                "period": o.period.label,
                "value": o.value,
                "numerator": o.numerator,
                "denominator": o.denominator,
                "reported": o.reported,
                "flag": " ".join(f.value for f in o.flags) or None,
                "state": o.state.value if o.state else None,
                "judgement": o.judgement.value if o.judgement else None,
                "evidence": o.evidence,
                "note": o.note,
            }
            for o in actuals
        ]
    )


def expected_rows(
    catalogue: cspmeasures.Catalogue, actuals: cspmeasures.Actuals, day: dt.date
) -> list[dict[str, Any]]:
    """The library's results, restricted to the stable fields."""
    return [
        {k: row[k] for k in FIELDS}
        for row in cspmeasures.evaluate(catalogue, actuals, day).to_dicts()
    ]


@pytest.fixture(scope="module")
def medway() -> tuple[cspmeasures.Catalogue, cspmeasures.Actuals]:
    catalogue = cspmeasures.load_catalogue(MEDWAY)
    return catalogue, cspmeasures.load_actuals(MEDWAY_ACTUALS, catalogue)


@pytest.fixture(scope="module")
def generated() -> tuple[cspmeasures.Catalogue, cspmeasures.Actuals, str]:
    made = _scale_module().generate(54, 8, seed=7)
    catalogue = cspmeasures.loads_catalogue(made.catalogue_text, "generated.yaml")
    actuals = cspmeasures.loads_actuals(made.actuals_text, catalogue, "generated.csv")
    return catalogue, actuals, made.actuals_text


DAYS_2017 = [
    dt.date(2017, 5, 1),
    dt.date(2017, 6, 30),
    dt.date(2017, 9, 30),
    dt.date(2017, 11, 15),
    dt.date(2018, 3, 31),
]


@pytest.mark.parametrize("day", DAYS_2017)
def test_medway_equals_evaluate(
    medway: tuple[cspmeasures.Catalogue, cspmeasures.Actuals], day: dt.date
) -> None:
    """On the Medway catalogue every result row equals evaluate(...).to_dicts()."""
    catalogue, actuals = medway
    result = evaluate_frame(catalogue, frame_of(actuals), day)
    assert list(result.columns) == list(FIELDS)
    assert result.to_dict("records") == expected_rows(catalogue, actuals, day)


GENERATED_DAYS = [
    dt.date(2023, 6, 30),
    dt.date(2024, 6, 30),
    dt.date(2024, 9, 30),
    dt.date(2024, 11, 15),
    dt.date(2025, 3, 31),
]


@pytest.mark.parametrize("day", GENERATED_DAYS)
def test_generated_equals_evaluate(
    generated: tuple[cspmeasures.Catalogue, cspmeasures.Actuals, str], day: dt.date
) -> None:
    """On a generated catalogue of every target kind the rows equal evaluate(...).to_dicts()."""
    catalogue, actuals, _ = generated
    result = evaluate_frame(catalogue, frame_of(actuals), day)
    assert result.to_dict("records") == expected_rows(catalogue, actuals, day)


def test_text_cells_read_as_in_a_csv(
    generated: tuple[cspmeasures.Catalogue, cspmeasures.Actuals, str],
) -> None:
    """A frame of the CSV's text cells ("78.4%") gives the same results as the CSV itself."""
    catalogue, actuals, text = generated
    import io

    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    day = dt.date(2024, 9, 30)
    assert evaluate_frame(catalogue, frame, day).to_dict("records") == expected_rows(
        catalogue, actuals, day
    )


def test_threshold_measures_take_the_columnar_path(
    generated: tuple[cspmeasures.Catalogue, cspmeasures.Actuals, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Threshold and no-target measures on values and ratios never reach evaluate()."""
    catalogue, actuals, _ = generated
    asked: list[str] = []
    real = cspmeasures.frame.evaluate

    def spy(*args: Any, **kwargs: Any) -> cspmeasures.Report:
        asked.extend(kwargs["measures"])
        return real(*args, **kwargs)

    monkeypatch.setattr(cspmeasures.frame, "evaluate", spy)
    day = dt.date(2024, 9, 30)
    result = evaluate_frame(catalogue, frame_of(actuals), day)
    columnar = [
        m.id
        for m in catalogue.measures
        if m.id.split("-", 1)[1] in ("threshold-value", "threshold-ratio", "context")
    ]
    assert len(columnar) == 9
    assert not set(columnar) & set(asked)
    assert "m00004-amount-even" in asked  # an amount target is the library's
    assert result.to_dict("records") == expected_rows(catalogue, actuals, day)


def test_numeric_frame_needs_no_text_parsing(
    generated: tuple[cspmeasures.Catalogue, cspmeasures.Actuals, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Clean numeric rows are checked column-wise; only a text cell sends rows to the loader."""
    catalogue, actuals, _ = generated
    texts: list[str] = []
    real = cspmeasures.frame.loads_actuals

    def spy(text: str, *args: Any, **kwargs: Any) -> cspmeasures.Actuals:
        texts.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(cspmeasures.frame, "loads_actuals", spy)
    day = dt.date(2024, 12, 31)
    frame = frame_of(actuals)
    assert evaluate_frame(catalogue, frame, day).to_dict("records") == expected_rows(
        catalogue, actuals, day
    )
    assert texts == []
    first = frame.index[frame["measure"] == "m00004-amount-even"][0]
    frame["value"] = frame["value"].astype(object)
    frame.loc[first, "value"] = str(int(frame.loc[first, "value"]))  # "203": read as in a CSV
    assert evaluate_frame(catalogue, frame, day).to_dict("records") == expected_rows(
        catalogue, actuals, day
    )
    assert len(texts) == 1
    read = [line for line in texts[0].splitlines()[1:] if line]
    assert read
    assert all(line.startswith("m00004-amount-even,") for line in read)


HAND = """
catalogue:
  id: frame-hand
  title: Hand-worked plan
  calendar: uk-financial-year
  year: 2017-18
units:
  visit: a safe and well visit
  assessment: a child assessment
themes:
  - {id: t, title: Theme}
measures:
  - id: reoffending
    title: Re-offending within 6 months
    theme: t
    unit: percent
    value: reoffended / completed
    polarity: lower
    target: "<= 33%"
  - id: completions
    title: Orders completed
    theme: t
    unit: percent
    polarity: higher
    target: ">= 75%"
    tolerance: 5 percentage points
  - id: visits
    title: Safe and well visits
    theme: t
    unit: visit
    value: count
    polarity: none
    target: none
  - id: assessments
    title: Child assessments
    theme: t
    unit: assessment
    value: count
    polarity: higher
    target: 840 assessments per year
"""


def hand_frame() -> pd.DataFrame:
    rows = [
        ("reoffending", "2017-18 Q1", None, 6, 20, None),
        ("reoffending", "2017-18 Q2", None, 8, 18, None),
        ("reoffending", "2017-18 Q3", None, 0, 0, None),
        ("completions", "2017-18 Q1", 0.80, None, None, None),
        ("completions", "2017-18 Q2", 0.72, None, None, None),
        ("completions", "2017-18 Q3", None, None, None, "suppressed"),
        ("visits", "2017-18 Q1", 250, None, None, None),
        ("visits", "2017-18 Q2", 262, None, None, None),
        ("assessments", "2017-18 Q1", 200, None, None, None),
        ("assessments", "2017-18 Q2", 230, None, None, None),
    ]
    return pd.DataFrame(
        rows, columns=["measure", "period", "value", "numerator", "denominator", "flag"]
    )


def test_hand_worked_results_at_q2() -> None:
    """Figures worked out by hand: 8/18 = 44.4% over a 33% ceiling, 72% within tolerance..."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    result = evaluate_frame(catalogue, hand_frame(), dt.date(2017, 9, 30)).set_index("id")
    reoffending = result.loc["reoffending"]
    assert reoffending["value"] == pytest.approx(8 / 18)
    assert reoffending["display_value"] == "44.4%"
    assert (reoffending["status"], reoffending["rag"]) == ("off-track", "red")
    assert reoffending["trend"] == "worsening"  # 30% -> 44.4%, lower is better
    assert reoffending["period"] == "2017-18 Q2"
    completions = result.loc["completions"]
    assert completions["display_value"] == "72.0%"
    assert (completions["status"], completions["rag"]) == ("at-risk", "amber")  # 72 >= 75 - 5
    assert completions["trend"] == "worsening"
    assert completions["reason"] == (
        "72.0% does not meet the target of at least 75.0%, but is within the tolerance "
        "(at least 70.0%)"
    )
    visits = result.loc["visits"]
    assert (visits["value"], visits["display_value"], visits["status"]) == (262, "262", "monitor")
    assert visits["trend"] == "increasing"
    assert visits["reason"] == "no target: a context figure (262 in 2017-18 Q2)"
    assessments = result.loc["assessments"]
    assert (assessments["value"], assessments["expected"]) == (430, 420)  # 840 x 2/4
    assert assessments["status"] == "on-track"


def test_hand_worked_results_at_q3() -> None:
    """At Q3: 0 of 0 is not applicable, a suppressed figure is no data and keeps its flag."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    result = evaluate_frame(catalogue, hand_frame(), dt.date(2017, 12, 31)).set_index("id")
    reoffending = result.loc["reoffending"]
    assert (reoffending["value"], reoffending["status"]) == (None, "not-applicable")
    assert reoffending["reason"] == "nothing to measure: the denominator is 0"
    completions = result.loc["completions"]
    assert completions["status"] == "no-data"
    assert completions["reason"] == "the figure for 2017-18 Q3 is suppressed"
    assert completions["flags"] == ["suppressed"]
    assert result.loc["visits", "reason"] == "no figure for 2017-18 Q3"


def test_measure_index_and_selection() -> None:
    """A frame indexed by measure works, and ``measures`` picks rows in catalogue order."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    frame = hand_frame().set_index("measure")
    result = evaluate_frame(
        catalogue, frame, dt.date(2017, 9, 30), measures=["visits", "reoffending"]
    )
    assert result["id"].tolist() == ["reoffending", "visits"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("reoffending", "2017-18 Q1", None, 9, 5, None), "greater than the denominator"),
        (("visits", "2017-18 Q1", -3, None, None, None), "cannot be negative"),
        (("visits", "2017-18 Q1", 2.5, None, None, None), "whole number"),
        (("visits", "2018-19 Q1", 3, None, None, None), "after the catalogue's year"),
        (("completions", "2017-18 Q1", 0.5, None, None, "suppressed"), "carries no figure"),
        (("nobody", "2017-18 Q1", 1, None, None, None), "no measure in frame-hand"),
        # the loader's limit on a figure, 10^15, holds for a DataFrame's numbers too
        (("visits", "2017-18 Q1", 1e16, None, None, None), "figures are at most 10\\^15"),
        (("reoffending", "2017-18 Q2", None, 1, 2e15, None), "figures are at most 10\\^15"),
    ],
)
def test_bad_rows_raise_as_the_loader_does(row: tuple[Any, ...], message: str) -> None:
    """A row load_actuals refuses raises ActualsError naming <DataFrame> and its line."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    frame = pd.DataFrame(
        [("visits", "2017-18 Q2", 10, None, None, None), row],
        columns=["measure", "period", "value", "numerator", "denominator", "flag"],
    )
    with pytest.raises(ActualsError, match=message) as caught:
        evaluate_frame(catalogue, frame, dt.date(2017, 9, 30))
    assert [(p.file, p.line) for p in caught.value.problems] == [("<DataFrame>", 3)]


def test_duplicate_period_written_two_ways_is_refused() -> None:
    """Two rows for one measure and period, labelled differently, are a duplicate."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    frame = pd.DataFrame({"measure": ["visits", "visits"], "period": ["2017-18 Q1", "Q1 2017-18"],
                          "value": [1, 2]})  # fmt: skip
    with pytest.raises(ActualsError, match="a second row for visits in 2017-18 Q1"):
        evaluate_frame(catalogue, frame, dt.date(2017, 9, 30))


@functools.cache
def monitored() -> cspmeasures.Catalogue:
    """The hand-worked plan with 'completions' monitored only (no target: the loader's path)."""
    text = HAND.replace('target: ">= 75%"\n    tolerance: 5 percentage points', "target: none")
    assert text != HAND
    return cspmeasures.loads_catalogue(text, "hand.yaml")


@settings(max_examples=examples(60))
@given(st.floats(min_value=0, max_value=1, allow_nan=False, allow_subnormal=True))
def test_numeric_percent_cells_keep_their_exact_value(fraction: float) -> None:
    """A numeric percent cell keeps its exact float on both paths (columnar, and the loader's);
    a number above 1 there is refused (test_result_numbers), so fractions run to 1."""
    catalogue = monitored()
    columnar = pd.DataFrame(
        {"measure": ["completions"], "period": ["2017-18 Q2"], "value": [fraction]}
    )
    # a reported figure is audited by the library: the row goes through the actuals loader
    loaded = columnar.assign(reported=["n/a"])
    for frame in (columnar, loaded):
        row = evaluate_frame(catalogue, frame, dt.date(2017, 9, 30), measures=["completions"])
        assert row.loc[0, "value"] == fraction
    assert row.loc[0, "warnings"] == [
        "the reported figure 'n/a' is not a number and was not checked"
    ]


def test_pandas_is_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, evaluate_frame says how to install it; importing frame needs no pandas."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    with pytest.raises(ImportError, match=r"pip install 'cspmeasures\[pandas\]'"):
        evaluate_frame(catalogue, None, dt.date(2017, 9, 30))  # type: ignore[arg-type]
    probe = "import sys, cspmeasures, cspmeasures.frame; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_partition_measures_covers_every_measure_once() -> None:
    """Each measure, with rows or not, falls in exactly one partition of a division list."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    # ids sorted: assessments, completions, reoffending, visits
    divisions = ("b", "d", "visits")
    parts = [partition_measures(catalogue, divisions, i) for i in range(2)]
    assert parts == [["completions", "assessments"], ["reoffending", "visits"]]
    with pytest.raises(ValueError, match="unknown"):
        partition_measures(catalogue, (None, None), 0)


def test_dask_partitions_equal_the_single_machine_result(
    generated: tuple[cspmeasures.Catalogue, cspmeasures.Actuals, str],
) -> None:
    """evaluate_frame per Dask partition (rows split by measure) equals one call on all rows."""
    import dask.dataframe as dd

    catalogue, actuals, _ = generated
    frame = frame_of(actuals)
    day = dt.date(2024, 9, 30)
    ddf = dd.from_pandas(frame.set_index("measure").sort_index(), npartitions=4)
    assert ddf.npartitions > 1
    divisions = ddf.divisions

    def per_partition(
        part: pd.DataFrame, partition_info: dict[str, Any] | None = None
    ) -> pd.DataFrame:
        assert partition_info is not None
        chosen = partition_measures(catalogue, divisions, partition_info["number"])
        return evaluate_frame(catalogue, part, day, measures=chosen)

    meta = evaluate_frame(catalogue, frame.iloc[:0], day, measures=[])
    spread = ddf.map_partitions(per_partition, meta=meta).compute(
        scheduler="processes", num_workers=2
    )
    order = {m.id: i for i, m in enumerate(catalogue.measures)}
    spread = spread.sort_values("id", key=lambda ids: ids.map(order)).reset_index(drop=True)
    single = evaluate_frame(catalogue, frame, day)
    assert len(spread) == len(catalogue.measures)
    assert spread.to_dict("records") == single.to_dict("records")


CORE = ("id", "period", "value", "expected", "status", "trend", "flags")


@pytest.mark.parametrize("day", GENERATED_DAYS[1:3])
def test_core_fields_only_equal_the_full_frame_restricted(
    generated: tuple[cspmeasures.Catalogue, cspmeasures.Actuals, str], day: dt.date
) -> None:
    """fields= gives those columns, in that order, with the same cells as the full frame."""
    catalogue, actuals, _ = generated
    frame = frame_of(actuals)
    full = evaluate_frame(catalogue, frame, day)
    core = evaluate_frame(catalogue, frame, day, fields=CORE)
    assert list(core.columns) == list(CORE)
    assert core.to_dict("records") == full[list(CORE)].to_dict("records")


def test_unknown_frame_field_is_refused() -> None:
    """A field outside ALL_FIELDS is a ValueError that names it and lists the fields."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    with pytest.raises(ValueError, match=r"unknown field\(s\) 'colour'; the fields are id, title"):
        evaluate_frame(catalogue, hand_frame(), dt.date(2017, 9, 30), fields=["id", "colour"])


def test_unknown_frame_measure_is_refused() -> None:
    """measures= naming an id the catalogue lacks is a ValueError, not a shorter frame."""
    catalogue = cspmeasures.loads_catalogue(HAND, "hand.yaml")
    with pytest.raises(ValueError, match=r"has the id 'visit' \(did you mean 'visits'\?\)"):
        evaluate_frame(catalogue, hand_frame(), dt.date(2017, 9, 30), measures=["visit"])
