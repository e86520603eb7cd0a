"""The vector forms (cspmeasures.calc.vector) against the scalar forms and PHE's own figures."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.calc import vector
from cspmeasures.calc.rates import (
    byars_lower,
    byars_upper,
    exact_lower,
    exact_upper,
    proportion,
    rate,
    wilson_lower,
    wilson_upper,
)
from cspmeasures.errors import CalculationError

DATA = Path(__file__).parent / "data" / "phe"
#: vector against scalar, element by element
REL = 1e-12
#: against PHE's figures, as tests/test_calc_rates.py
PHE_REL = 1e-9
LEVELS = {"95%": 0.95, "99.8%": 0.998}

levels = st.sampled_from([0.95, 0.998]) | st.floats(0.9, 0.999)
denominators = st.floats(1e-3, 1e7, allow_nan=False)


def _equal(actual: np.ndarray, expected: list[float | None], rel: float = REL) -> bool:
    """Element by element to ``rel`` relative (0 exactly 0), NaN where the scalar gives None."""
    assert actual.shape == (len(expected),)
    for got, want in zip(actual.tolist(), expected, strict=True):
        if want is None:
            if not math.isnan(got):
                return False
        elif not math.isclose(got, want, rel_tol=rel, abs_tol=0.0):
            return False
    return True


# --------------------------------------------------------------------------- against the scalar forms


@st.composite
def proportion_inputs(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    dens = draw(st.lists(denominators, min_size=1, max_size=40))
    shares = draw(st.lists(st.floats(0, 1) | st.sampled_from([0.0, 1.0]),
                           min_size=len(dens), max_size=len(dens)))  # fmt: skip
    return [min(d, d * s) for d, s in zip(dens, shares, strict=True)], dens


@given(proportion_inputs(), levels)
def test_wilson_equals_the_scalar_form(
    inputs: tuple[list[float], list[float]], level: float
) -> None:
    x, n = inputs
    lower, upper = vector.wilson_interval(np.array(x), np.array(n), level)
    assert _equal(lower, [wilson_lower(a, b, level) for a, b in zip(x, n, strict=True)])
    assert _equal(upper, [wilson_upper(a, b, level) for a, b in zip(x, n, strict=True)])


@given(proportion_inputs(), levels, st.sampled_from([1, 100, 1000]))
def test_proportions_equal_the_scalar_form(
    inputs: tuple[list[float], list[float]], level: float, multiplier: int
) -> None:
    x, n = inputs
    got = vector.proportions(x, n, level, multiplier)
    want = [proportion(a, b, level, multiplier) for a, b in zip(x, n, strict=True)]
    assert _equal(got.value, [e.value for e in want])
    assert _equal(got.lower, [e.lower for e in want])
    assert _equal(got.upper, [e.upper for e in want])
    assert got.method.tolist() == ["Wilson"] * len(x)
    assert got.confidence == level


@given(st.lists(st.integers(0, 400), min_size=1, max_size=30), levels)
def test_exact_equals_the_scalar_form(counts: list[int], level: float) -> None:
    lower, upper = vector.exact_rate_interval(np.array(counts), level)
    assert _equal(lower, [exact_lower(k, level) for k in counts])
    assert _equal(upper, [exact_upper(k, level) for k in counts])


@given(st.lists(st.floats(1e-6, 1e7) | st.integers(0, 20).map(float), min_size=1, max_size=40),
       levels)  # fmt: skip
def test_byars_equals_the_scalar_form(counts: list[float], level: float) -> None:
    lower, upper = vector.byars_rate_interval(counts, level)
    assert _equal(lower, [byars_lower(k, level) for k in counts])
    assert _equal(upper, [byars_upper(k, level) for k in counts])


@st.composite
def rate_inputs(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    counts = draw(st.lists(st.integers(0, 15).map(float) | st.floats(10, 1e6),
                           min_size=1, max_size=30))  # fmt: skip
    pops = draw(st.lists(denominators, min_size=len(counts), max_size=len(counts)))
    return counts, pops


@given(rate_inputs(), levels, st.sampled_from([100, 1000, 100000]))
def test_rates_equal_the_scalar_form(
    inputs: tuple[list[float], list[float]], level: float, per: int
) -> None:
    counts, pops = inputs
    got = vector.rates(counts, pops, per, level)
    want = [rate(c, p, per, level) for c, p in zip(counts, pops, strict=True)]
    assert _equal(got.value, [e.value for e in want])
    assert _equal(got.lower, [e.lower for e in want])
    assert _equal(got.upper, [e.upper for e in want])
    assert got.method.tolist() == [e.method for e in want]


def test_shapes_are_kept_and_repeated_counts_share_their_limits() -> None:
    counts = np.array([[3, 0, 3], [9, 3, 0]])
    lower, upper = vector.exact_rate_interval(counts)
    assert lower.shape == upper.shape == (2, 3)
    assert lower[0, 0] == lower[0, 2] == lower[1, 1]
    assert math.isclose(lower[0, 0], exact_lower(3), rel_tol=REL)
    assert lower[0, 1] == lower[1, 2] == 0.0
    assert math.isclose(upper[1, 0], exact_upper(9), rel_tol=REL)
    empty = vector.exact_rate_interval(np.array([], dtype=float))
    assert empty[0].shape == (0,)


# --------------------------------------------------------------------------- PHE's figures


def _groups(name: str) -> list[list[dict[str, str]]]:
    """The complete rows of a reference file, in groups of one multiplier and level."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in _rows(name):
        groups.setdefault((row["multiplier"], row.get("confidence", "")), []).append(row)
    return list(groups.values())


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return [
            r
            for r in csv.DictReader(handle)
            if r.get("Numerator", "x") and r.get("Denominator", "x")
        ]


def _proportions(
    x: list[float], n: list[float], multiplier: float, level: float
) -> vector.Estimates:
    return vector.proportions(x, n, confidence=level, multiplier=multiplier)


def _rates(x: list[float], n: list[float], per: float, level: float) -> vector.Estimates:
    return vector.rates(x, n, per=per, confidence=level)


CALCULATIONS = (
    ("testdata_Proportion__testdata_Prop.csv", _proportions),
    ("testdata_Rate__testdata_Rate.csv", _rates),
    ("testdata_Proportion__testdata_Prop_g.csv", _proportions),
    ("testdata_Rate__testdata_Rate_g.csv", _rates),
)


def _num(text: str) -> float | None:
    return None if text == "" else float(text)


@pytest.mark.parametrize(("level", "lower", "upper"),
                         [(0.95, "lower95_0cl", "upper95_0cl"), (0.998, "lower99_8cl", "upper99_8cl")])  # fmt: skip
def test_proportions_and_rates_match_phe_at_both_levels(
    level: float, lower: str, upper: str
) -> None:
    checked = 0
    for name, calculate in CALCULATIONS[:2]:
        for rows in _groups(name):
            checked += len(rows)
            got = calculate([float(r["Numerator"]) for r in rows],
                        [float(r["Denominator"]) for r in rows],
                        float(rows[0]["multiplier"]), level)  # fmt: skip
            assert _equal(got.value, [float(r["value"]) for r in rows], PHE_REL)
            assert _equal(got.lower, [_num(r[lower]) for r in rows], PHE_REL)
            assert _equal(got.upper, [_num(r[upper]) for r in rows], PHE_REL)
            assert got.method.tolist() == [r["method"] for r in rows]
    assert checked == 16 + 17  # the complete rows of both files


def test_grouped_totals_match_phe() -> None:
    checked = 0
    for name, calculate in CALCULATIONS[2:]:
        for rows in _groups(name):
            level = LEVELS[rows[0]["confidence"]]
            checked += len(rows)
            got = calculate([float(r["Numerator"]) for r in rows],
                            [float(r["Denominator"]) for r in rows],
                            float(rows[0]["multiplier"]), level)  # fmt: skip
            assert _equal(got.value, [float(r["value"]) for r in rows], PHE_REL)
            assert _equal(got.lower, [_num(r["lowercl"]) for r in rows], PHE_REL)
            assert _equal(got.upper, [_num(r["uppercl"]) for r in rows], PHE_REL)
    assert checked == 8 + 9


def test_byars_and_wilson_limits_match_phe() -> None:
    rows = _rows("testdata_Byars_Wilson__testdata_B_W.csv")
    for label, level in LEVELS.items():
        byars = [r for r in rows if r["method"] == "Byars" and r["confidence"] == label]
        wilson = [r for r in rows if r["method"] == "Wilson" and r["confidence"] == label]
        lower, upper = vector.byars_rate_interval([float(r["x"]) for r in byars], level)
        assert _equal(lower, [_num(r["lowercl"]) for r in byars], PHE_REL)
        assert _equal(upper, [_num(r["uppercl"]) for r in byars], PHE_REL)
        lower, upper = vector.wilson_interval([float(r["x"]) for r in wilson],
                                              [float(r["n"]) for r in wilson], level)  # fmt: skip
        assert _equal(lower, [_num(r["lowercl"]) for r in wilson], PHE_REL)
        assert _equal(upper, [_num(r["uppercl"]) for r in wilson], PHE_REL)
    # the row whose Byar's lower limit PHE reports as NA is among them, as NaN here
    assert any(r["method"] == "Byars" and r["lowercl"] == "" for r in rows)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: vector.wilson_interval([1, 2, 5], [4, 4, 4]),
         r"numerator\[2\] is greater than its denominator, got 5\.0"),
        (lambda: vector.wilson_interval([1, -1], [4, 4]), r"numerator\[1\] must not be negative"),
        (lambda: vector.proportions([1, 1], [4, 0]), r"denominator\[1\] must be greater than zero"),
        (lambda: vector.proportions([1, float("nan")], [4, 4]),
         r"numerator\[1\] must be a finite number, got nan"),
        (lambda: vector.exact_rate_interval([1, 2.5]),
         r"count\[1\] must be a whole number for an exact interval, got 2\.5"),
        (lambda: vector.rates([2.5, 3], [10, 10]), r"count\[0\] must be a whole number"),
        (lambda: vector.rates([3, 3], [10, -1]), r"population\[1\] must be greater than zero"),
        (lambda: vector.rates([1], [10], confidence=95), r"confidence must be at least 0\.9"),
        (lambda: vector.proportions(["a"], [1]), r"numerator must be numbers"),
    ],
)  # fmt: skip
def test_bad_input_names_the_array_and_position(call: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        call()  # type: ignore[operator]


def test_a_rate_of_ten_or_more_need_not_be_whole() -> None:
    got = vector.rates([10.5, 3.0], [100, 100], per=100)
    assert got.method.tolist() == ["Byars", "Exact"]
    assert got.value.tolist() == [10.5, 3.0]
