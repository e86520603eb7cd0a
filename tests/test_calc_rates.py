"""Proportions and rates against PHEindicatormethods' own test figures, and their properties."""

from __future__ import annotations

import csv
import math
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cspmeasures.calc.rates import (
    Estimate,
    Interval,
    _poisson_cdf,
    _poisson_tail,
    byars_lower,
    byars_upper,
    exact_lower,
    exact_upper,
    proportion,
    rate,
    wilson_lower,
    wilson_upper,
    z_value,
)
from cspmeasures.errors import CalculationError

DATA = Path(__file__).parent / "data" / "phe"

# Relative tolerance against the reference figures. The formulas are the same as PHE's and
# every row agrees to about 2e-14; 1e-9 leaves room for R's qchisq and the Poisson root
# finding here to differ in the last digits on other platforms.
REL = 1e-9

LEVELS = {"95%": 0.95, "99.8%": 0.998}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _cases(name: str) -> list[object]:
    return [
        pytest.param(row, id=f"{row.get('Area') or row['x']}-{i}")
        for i, row in enumerate(_rows(name))
    ]


def _num(text: str) -> float | None:
    return None if text == "" else float(text)


def _close(actual: float | None, expected: float | None) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return math.isclose(actual, expected, rel_tol=REL, abs_tol=0.0)


def _has_missing_input(row: dict[str, str]) -> bool:
    return row["Numerator"] == "" or row["Denominator"] == ""


def _check_interval(interval: Interval, lower: float | None, upper: float | None) -> None:
    assert _close(interval.lower, lower), (interval.lower, lower)
    assert _close(interval.upper, upper), (interval.upper, upper)


# --------------------------------------------------------------------------- reference rows


@pytest.mark.parametrize("row", _cases("testdata_Proportion__testdata_Prop.csv"))
def test_proportion_matches_phe_at_both_levels(row: dict[str, str]) -> None:
    """Each proportion row: value and Wilson limits at 95% and 99.8%, or an error for a gap."""
    numerator, denominator = _num(row["Numerator"]), _num(row["Denominator"])
    multiplier = float(row["multiplier"])
    if _has_missing_input(row):
        with pytest.raises(CalculationError, match="missing"):
            proportion(numerator, denominator, (0.95, 0.998), multiplier)  # type: ignore[arg-type]
        return
    assert numerator is not None
    assert denominator is not None
    est = proportion(numerator, denominator, (0.95, 0.998), multiplier)
    assert est.method == row["method"] == "Wilson"
    assert _close(est.value, float(row["value"]))
    assert est.confidence == (0.95, 0.998)
    _check_interval(est.intervals[0], _num(row["lower95_0cl"]), _num(row["upper95_0cl"]))
    _check_interval(est.intervals[1], _num(row["lower99_8cl"]), _num(row["upper99_8cl"]))
    assert (est.lower, est.upper) == (est.intervals[0].lower, est.intervals[0].upper)


@pytest.mark.parametrize("row", _cases("testdata_Proportion__testdata_Prop_g.csv"))
def test_proportion_matches_phe_grouped_totals(row: dict[str, str]) -> None:
    """Each grouped-total proportion row at its one level, or an error if input is missing."""
    numerator, denominator = _num(row["Numerator"]), _num(row["Denominator"])
    level = LEVELS[row["confidence"]]
    multiplier = float(row["multiplier"])
    if _has_missing_input(row):
        with pytest.raises(CalculationError, match="missing"):
            proportion(numerator, denominator, level, multiplier)  # type: ignore[arg-type]
        return
    assert numerator is not None
    assert denominator is not None
    est = proportion(numerator, denominator, level, multiplier)
    assert est.method == row["method"]
    assert est.confidence == level
    assert _close(est.value, float(row["value"]))
    _check_interval(est.intervals[0], _num(row["lowercl"]), _num(row["uppercl"]))


@pytest.mark.parametrize("row", _cases("testdata_Rate__testdata_Rate.csv"))
def test_rate_matches_phe_at_both_levels(row: dict[str, str]) -> None:
    """Each rate row: value, method and limits at 95% and 99.8%, or an error if input is missing."""
    count, population = _num(row["Numerator"]), _num(row["Denominator"])
    per = float(row["multiplier"])
    if _has_missing_input(row):
        with pytest.raises(CalculationError, match="missing"):
            rate(count, population, per, (0.95, 0.998))  # type: ignore[arg-type]
        return
    assert count is not None
    assert population is not None
    est = rate(count, population, per, (0.95, 0.998))
    assert est.method == row["method"]
    assert _close(est.value, float(row["value"]))
    _check_interval(est.intervals[0], _num(row["lower95_0cl"]), _num(row["upper95_0cl"]))
    _check_interval(est.intervals[1], _num(row["lower99_8cl"]), _num(row["upper99_8cl"]))


@pytest.mark.parametrize("row", _cases("testdata_Rate__testdata_Rate_g.csv"))
def test_rate_matches_phe_grouped_totals(row: dict[str, str]) -> None:
    """Each grouped-total rate row at its one level, or an error if input is missing."""
    count, population = _num(row["Numerator"]), _num(row["Denominator"])
    level = LEVELS[row["confidence"]]
    per = float(row["multiplier"])
    if _has_missing_input(row):
        with pytest.raises(CalculationError, match="missing"):
            rate(count, population, per, level)  # type: ignore[arg-type]
        return
    assert count is not None
    assert population is not None
    est = rate(count, population, per, level)
    assert est.method == row["method"]
    assert _close(est.value, float(row["value"]))
    _check_interval(est.intervals[0], _num(row["lowercl"]), _num(row["uppercl"]))


@pytest.mark.parametrize("row", _cases("testdata_Byars_Wilson__testdata_B_W.csv"))
def test_byars_and_wilson_limits_match_phe(row: dict[str, str]) -> None:
    """Each single-count row: Byar's or Wilson limits, a missing lower limit staying None."""
    x = float(row["x"])
    level = LEVELS[row["confidence"]]
    lower, upper = _num(row["lowercl"]), _num(row["uppercl"])
    if row["method"] == "Byars":
        assert _close(byars_lower(x, level), lower)
        assert _close(byars_upper(x, level), upper)
    else:
        assert row["method"] == "Wilson"
        n = float(row["n"])
        assert _close(wilson_lower(x, n, level), lower)
        assert _close(wilson_upper(x, n, level), upper)
        est = proportion(x, n, level)
        _check_interval(est.intervals[0], lower, upper)


def test_reference_files_cover_missing_byars_lower() -> None:
    """The reference data include the Byar's row whose lower limit PHE reports as NA."""
    rows = _rows("testdata_Byars_Wilson__testdata_B_W.csv")
    assert any(r["method"] == "Byars" and r["lowercl"] == "" for r in rows)
    assert byars_lower(1, 0.998) is None


# --------------------------------------------------------------------------- worked examples


def test_z_values() -> None:
    """z is the two-sided normal quantile: 1.959964 at 95% and 3.090232 at 99.8%."""
    assert z_value(0.95) == pytest.approx(1.959963984540054, rel=1e-15)
    assert z_value(0.998) == pytest.approx(3.090232306167813, rel=1e-15)


@pytest.mark.parametrize(
    ("numerator", "denominator", "value", "shown"),
    [(8, 18, 0.4444444444444444, "44.4%"), (6, 20, 0.3, "30.0%"), (8, 48, 1 / 6, "16.7%")],
)
def test_seed_report_proportions(
    numerator: int, denominator: int, value: float, shown: str
) -> None:
    """The seed report's proportions (8 of 18, 6 of 20, 8 of 48) and their displayed percentages."""
    from cspmeasures.calc.rounding import format_percent

    est = proportion(numerator, denominator)
    assert est.value == pytest.approx(value, rel=1e-15)
    assert est.lower is not None
    assert est.upper is not None
    assert est.lower < est.value < est.upper
    assert format_percent(est.value) == shown


def test_proportion_of_none_and_all() -> None:
    """0 of n has lower limit exactly 0; n of n has upper limit exactly the multiplier."""
    none = proportion(0, 50, multiplier=100)
    assert (none.value, none.lower) == (0.0, 0.0)
    every = proportion(50, 50, multiplier=100)
    assert (every.value, every.upper) == (100.0, 100.0)


def test_rate_of_zero_count() -> None:
    """A zero count has an exact lower limit of exactly 0 and upper limit -ln(0.025)."""
    est = rate(0, 1000, per=1000)
    assert est.method == "Exact"
    assert est.value == 0.0
    assert est.lower == 0.0
    assert est.upper == pytest.approx(-math.log(0.025), rel=1e-14)
    assert exact_lower(0) == 0.0
    assert byars_lower(0) is None


def test_rate_method_switches_at_ten() -> None:
    """Counts below 10 use the exact interval and counts of 10 or more Byar's method."""
    assert rate(9, 1000).method == "Exact"
    assert rate(10, 1000).method == "Byars"
    assert rate(10, 1000).lower == pytest.approx(byars_lower(10) / 1000 * 100000)  # type: ignore[operator]


def test_rate_count_may_exceed_population() -> None:
    """A rate's count may be larger than its population (PHE's Area12: 250 per 220)."""
    assert rate(250, 220, per=100).value == pytest.approx(250 / 220 * 100)


def test_estimate_interval_lookup() -> None:
    """Estimate.interval finds the interval at a level and gives None for a level not computed."""
    est = proportion(5, 10, (0.95, 0.998))
    assert est.interval(0.998) == est.intervals[1]
    assert est.interval(0.99) is None


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: proportion(9, 8), "numerator 9 is greater than denominator 8"),
        (lambda: proportion(1, 0), "denominator must be greater than zero, got 0"),
        (lambda: proportion(-1, 8), "numerator must not be negative, got -1"),
        (lambda: proportion(1, -8), "denominator must be greater than zero, got -8"),
        (lambda: proportion(math.nan, 8), "numerator must be a finite number, got nan"),
        (lambda: proportion(1, math.inf), "denominator must be a finite number, got inf"),
        (lambda: proportion(1, 8, multiplier=0), "multiplier must be greater than zero"),
        (lambda: proportion(1, 8, 95), "confidence must be at least 0.9 and below 1"),
        (lambda: proportion(1, 8, 99.8), "confidence must be at least 0.9 and below 1"),
        (lambda: proportion(1, 8, 1.0), "confidence must be at least 0.9 and below 1"),
        (lambda: proportion(1, 8, 0.8), "confidence must be at least 0.9 and below 1"),
        (lambda: proportion(1, 8, math.nan), "confidence must be at least 0.9"),
        (lambda: proportion(1, 8, (0.95, 0.99)), r"exactly \(0.95, 0.998\)"),
        (lambda: proportion(1, 8, (0.998, 0.95)), r"exactly \(0.95, 0.998\)"),
        (lambda: rate(-1, 100), "count must not be negative, got -1"),
        (lambda: rate(1, 0), "population must be greater than zero, got 0"),
        (lambda: rate(math.inf, 100), "count must be a finite number"),
        (lambda: rate(2.5, 100), "count must be a whole number"),
        (lambda: rate(1, 100, per=-1), "per must be greater than zero"),
        (lambda: exact_upper(1.5), "count must be a whole number"),
        (lambda: byars_upper(-2), "count must not be negative"),
        (lambda: z_value(0.5), "confidence must be at least 0.9"),
    ],
)
def test_bad_input_raises_calculation_error(call: object, message: str) -> None:
    """Bad inputs raise CalculationError with a message naming the values."""
    with pytest.raises(CalculationError, match=message):
        call()  # type: ignore[operator]


# --------------------------------------------------------------------------- properties

levels = st.one_of(
    st.sampled_from([0.9, 0.95, 0.99, 0.998]),
    st.floats(min_value=0.9, max_value=0.9999),
)


@st.composite
def fractions_(draw: st.DrawFn) -> tuple[int, int]:
    denominator = draw(st.integers(min_value=1, max_value=10**9))
    numerator = draw(st.integers(min_value=0, max_value=denominator))
    return numerator, denominator


multipliers = st.sampled_from([1, 100, 1000, 100000])


def _contains(est: Estimate) -> bool:
    return all(
        (i.lower is None or i.lower <= est.value) and (i.upper is None or est.value <= i.upper)
        for i in est.intervals
    )


@given(fractions_(), levels, multipliers)
def test_proportion_interval_contains_value_within_bounds(
    frac: tuple[int, int], level: float, multiplier: int
) -> None:
    """A Wilson interval contains its value and lies within [0, multiplier]."""
    est = proportion(*frac, level, multiplier)
    assert _contains(est)
    assert est.lower is not None
    assert est.upper is not None
    assert 0 <= est.lower <= est.upper <= multiplier


@given(fractions_(), multipliers)
def test_proportion_value_is_exact_fraction(frac: tuple[int, int], multiplier: int) -> None:
    """The value equals Fraction(numerator, denominator) × multiplier to 1e-12 relative."""
    est = proportion(*frac, multiplier=multiplier)
    exact = Fraction(*frac) * multiplier
    assert math.isclose(est.value, float(exact), rel_tol=1e-12, abs_tol=0.0)


def _nested(est: Estimate) -> bool:
    narrow, wide = est.intervals
    lower_ok = wide.lower is None or (narrow.lower is not None and wide.lower <= narrow.lower)
    upper_ok = narrow.upper is not None and wide.upper is not None and narrow.upper <= wide.upper
    return lower_ok and upper_ok


@given(fractions_())
def test_proportion_998_interval_contains_95(frac: tuple[int, int]) -> None:
    """The 99.8% Wilson interval contains the 95% one."""
    assert _nested(proportion(*frac, (0.95, 0.998)))


counts = st.integers(min_value=0, max_value=10**6)
populations = st.integers(min_value=1, max_value=10**8)


@given(counts, populations, levels)
def test_rate_interval_contains_value(count: int, population: int, level: float) -> None:
    """A rate's interval (exact or Byar's) contains its value, with a non-negative lower limit."""
    est = rate(count, population, confidence=level)
    assert _contains(est)
    assert est.lower is None or est.lower >= 0


@given(counts, populations)
def test_rate_998_interval_contains_95(count: int, population: int) -> None:
    """The 99.8% rate interval contains the 95% one."""
    assert _nested(rate(count, population, confidence=(0.95, 0.998)))


@given(st.integers(min_value=0, max_value=5000), populations, st.sampled_from([0.95, 0.998]))
def test_rate_monotone_in_count(count: int, population: int, level: float) -> None:
    """One more event never lowers the rate or either limit, across the exact/Byar's switch."""
    one = rate(count, population, confidence=level)
    two = rate(count + 1, population, confidence=level)
    assert one.value < two.value
    assert one.upper is not None
    assert two.upper is not None
    assert one.upper < two.upper
    if one.lower is not None:
        assert two.lower is not None
        assert one.lower < two.lower or one.lower == two.lower == 0


@given(st.integers(min_value=0, max_value=9), st.sampled_from([0.95, 0.998]))
def test_rate_monotone_across_switch(count: int, level: float) -> None:
    """Every exact limit for counts 0 to 9 lies below Byar's limits for a count of 10."""
    assert exact_upper(count, level) < byars_upper(10, level)
    lower_ten = byars_lower(10, level)
    assert lower_ten is not None
    assert exact_lower(count, level) < lower_ten


def _poisson_cdf_decimal(x: int, mu: float) -> Decimal:
    """P(X <= x) for X ~ Poisson(mu), summed term by term in 60-digit decimal arithmetic."""
    with localcontext() as ctx:
        ctx.prec = 60
        m = Decimal(mu)
        term = Decimal(1)
        total = Decimal(1)
        for k in range(1, x + 1):
            term = term * m / k
            total += term
        return total * (-m).exp()


# Tolerance for the root checks: the float root is within an ulp or so of the true root,
# and the CDF's relative slope in mu is at most a few tens for these counts, so the CDF at
# the float root matches the target to well inside 1e-11.
ROOT_REL = 1e-11


@given(st.integers(min_value=0, max_value=60), levels)
def test_exact_upper_is_poisson_root(count: int, level: float) -> None:
    """P(X <= x | exact_upper(x)) equals (1 - confidence)/2, by an independent decimal series."""
    upper = exact_upper(count, level)
    target = Decimal((1 - level) / 2)
    got = _poisson_cdf_decimal(count, upper)
    assert abs(got - target) <= Decimal(ROOT_REL) * target


@given(st.integers(min_value=1, max_value=60), levels)
def test_exact_lower_is_poisson_root(count: int, level: float) -> None:
    """P(X >= x | exact_lower(x)) equals (1 - confidence)/2, by an independent decimal series."""
    lower = exact_lower(count, level)
    assume(lower > 0)
    target = Decimal((1 - level) / 2)
    with localcontext() as ctx:
        ctx.prec = 60
        got = 1 - _poisson_cdf_decimal(count - 1, lower)
    assert abs(got - target) <= Decimal(ROOT_REL) * target


def test_exact_limits_match_chi_squared_closed_forms() -> None:
    """For a count of 0 and 1, the exact limits match the closed forms of χ² with 2 df."""
    for level in (0.95, 0.998):
        alpha = 1 - level
        assert exact_upper(0, level) == pytest.approx(-math.log(alpha / 2), rel=1e-14)
        assert exact_lower(1, level) == pytest.approx(-math.log1p(-alpha / 2), rel=1e-14)


@pytest.mark.parametrize(
    ("function", "x", "mu", "expected"),
    [
        # P(X <= 3 | 2) = e^-2 (1 + 2 + 2 + 4/3) = 19/3 e^-2 (mu < x + 1: from the tail)
        (_poisson_cdf, 3, 2.0, 19 / 3 * math.exp(-2)),
        # P(X <= 1 | 3) = e^-3 (1 + 3) (mu >= x + 1: summed downwards)
        (_poisson_cdf, 1, 3.0, 4 * math.exp(-3)),
        (_poisson_cdf, 2, 0.0, 1.0),
        # P(X <= 0 | 1) = e^-1
        (_poisson_cdf, 0, 1.0, math.exp(-1)),
        # P(X >= 3 | 5) = 1 - e^-5 (1 + 5 + 12.5) (mu > x: from the CDF)
        (_poisson_tail, 3, 5.0, 1 - 18.5 * math.exp(-5)),
        # P(X >= 2 | 1) = 1 - e^-1 (1 + 1) (mu <= x: summed upwards)
        (_poisson_tail, 2, 1.0, 1 - 2 * math.exp(-1)),
        (_poisson_tail, 0, 2.0, 1.0),
        (_poisson_tail, 2, 0.0, 0.0),
    ],
)
def test_poisson_sums_on_both_sides_of_the_mean(function, x, mu, expected) -> None:
    """The Poisson CDF and tail behind the exact limits, by their closed forms, on each branch."""
    assert function(x, mu) == pytest.approx(expected, rel=1e-12, abs=0)


def test_default_confidence_is_95_percent() -> None:
    """Every limit function defaults to the 95% level."""
    assert wilson_lower(1, 10) == wilson_lower(1, 10, 0.95)
    assert wilson_upper(1, 10) == wilson_upper(1, 10, 0.95)
    assert byars_upper(20) == byars_upper(20, 0.95)
    assert exact_upper(3) == exact_upper(3, 0.95)
    assert rate(20, 1000).confidence == 0.95


def test_interval_lookup_tolerates_only_float_noise() -> None:
    """An interval is found at its level give or take 1e-12, and not at a level 1e-10 off."""
    estimate = rate(20, 1000)
    assert estimate.interval(0.95 + 1e-13) is not None
    assert estimate.interval(0.95 + 1e-10) is None


def test_byars_lower_is_zero_at_the_root_of_its_formula() -> None:
    """Byar's lower limit is None only when the formula is negative: where it is exactly 0
    (1 - 1/(9x) = z/(3 sqrt(x)), at x = ((3z + sqrt(9z^2 + 36)) / 18)^2, about 0.6294 at
    95%; 0.6294371406398857 is a float on which it is 0 exactly) the limit is 0.0."""
    root = ((3 * z_value(0.95) + math.sqrt(9 * z_value(0.95) ** 2 + 36)) / 18) ** 2
    assert root == pytest.approx(0.6294371406398857, rel=1e-12)
    assert byars_lower(0.6294371406398857) == 0.0


@pytest.mark.parametrize("level", [0.95, 0.998])
@pytest.mark.parametrize("count", range(1, 10))
def test_exact_limits_are_the_nearer_of_two_adjacent_floats(count: int, level: float) -> None:
    """Each exact limit is the float nearest its root: neither neighbour is closer."""
    target = (1 - level) / 2

    def lower_gap(mu: float) -> float:
        return abs(_poisson_tail(count, mu) - target)

    def upper_gap(mu: float) -> float:
        return abs(_poisson_cdf(count, mu) - target)

    for limit, gap in ((exact_lower(count, level), lower_gap), (exact_upper(count, level), upper_gap)):
        assert gap(limit) <= gap(math.nextafter(limit, math.inf))
        assert gap(limit) <= gap(math.nextafter(limit, 0.0))


@pytest.mark.parametrize("n", [1, 7, 10, 512, 1000])
def test_wilson_upper_of_all_is_exactly_one(n: int) -> None:
    """All of n is an upper limit of exactly 1 (100%): the formula, (2n + 2z^2) / (2(n + z^2)),
    is 1 in theory but 0.9999999999999999 in floats for n = 7 to 12, 511 to 514, ..."""
    assert wilson_upper(n, n) == 1.0
    assert proportion(n, n, multiplier=100).upper == 100.0
