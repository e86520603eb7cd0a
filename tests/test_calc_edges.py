"""Status decisions at their exact edges, and the reason of every shortfall, word for word.

Each expected value is worked out by hand from the rule in the docstring of the function
judged (calc/status.py); the arithmetic is in the test's docstring or a comment. Values
sit exactly on an edge, or a small step either side of it, so that a comparison turned
from ``>=`` into ``>``, a band added on the wrong side, or a reason that says something
false while the status stays right fails a test.
"""

from datetime import date

import pytest

from cspmeasures.calc.status import (
    Judgement,
    Tolerance,
    combine_all_of,
    judge_amount,
    judge_change,
    judge_milestone,
    judge_range,
    judge_threshold,
    milestone_status,
)
from cspmeasures.vocabulary import Polarity, Status

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER


def percent(value: float) -> str:
    """A fraction as a percentage with up to 6 significant figures: 0.3499 -> '34.99%'."""
    return f"{value * 100:g}%"


# --------------------------------------------------------------------------- changes


@pytest.mark.parametrize(
    ("baseline", "current", "direction", "required", "kind", "reason"),
    [
        # (100 - 90) / 100 = 0.1: exactly the 10% wanted
        (100, 90, "reduce", 0.10, "relative",
         "A reduction of 10% (from 100 to 90) meets the target of a reduction of at least 10%"),
        # (110 - 100) / 100 = 0.1
        (100, 110, "increase", 0.10, "relative",
         "An increase of 10% (from 100 to 110) meets the target of an increase of at least 10%"),
        # (0.3 - 0.27) / 0.3 = 0.1 in decimal; binary floats give 0.09999999999999991
        (0.3, 0.27, "reduce", 0.10, "relative",
         "A reduction of 10% (from 0.3 to 0.27) meets the target of a reduction of at least 10%"),
        # 0.30 - 0.25 = 0.05 in decimal; binary floats give 0.04999999999999999
        (0.30, 0.25, "reduce", 0.05, "points",
         "A fall of 5 percentage points (from 0.3 to 0.25) meets the target of a fall of at "
         "least 5 percentage points"),
        # 0.075 - 0.055 = 0.02 in decimal; binary floats give 0.019999999999999997
        (0.055, 0.075, "increase", 0.02, "points",
         "A rise of 2 percentage points (from 0.055 to 0.075) meets the target of a rise of at "
         "least 2 percentage points"),
    ],
    ids=["reduce-relative", "increase-relative", "reduce-relative-decimal", "fall-points",
         "rise-points"],
)
@pytest.mark.parametrize("final", [False, True], ids=["in-year", "final"])
def test_a_change_of_exactly_the_required_size_meets_it(
    baseline, current, direction, required, kind, reason, final
):
    """A change exactly the size wanted is met, in year and at the end of the period."""
    judgement = judge_change(
        baseline, current, direction=direction, required=required, kind=kind, final=final
    )
    assert judgement == Judgement(Status.MET, reason)


def test_a_change_just_short_of_the_required_size_is_off_track_or_missed():
    """100 to 90.5 is a 9.5% reduction: short of 10%, off-track in year and missed at the end."""
    wanted = "the target of a reduction of at least 10%"
    in_year = judge_change(100, 90.5, direction="reduce", required=0.10, kind="relative")
    assert in_year == Judgement(
        Status.OFF_TRACK, f"A reduction of 9.5% (from 100 to 90.5) does not meet {wanted}"
    )
    final = judge_change(100, 90.5, direction="reduce", required=0.10, kind="relative", final=True)
    assert final == Judgement(
        Status.MISSED, f"A reduction of 9.5% (from 100 to 90.5) missed {wanted}"
    )


@pytest.mark.parametrize(
    "tolerance", [Tolerance(0.02), Tolerance(0.2, relative=True)], ids=["absolute", "relative"]
)
def test_a_change_exactly_on_its_tolerance_edge_is_at_risk(tolerance):
    """10% wanted with 2 points of tolerance (or 20% of 10%, also 0.02): the edge is 8%.

    100 to 92 is (100 - 92) / 100 = 0.08, on the edge: at-risk. 100 to 92.5 is 7.5%, beyond
    it: off-track. 100 to 108 is an 8% increase against a 10% increase: at-risk.
    """
    wanted = "the target of a reduction of at least 10%"
    on_edge = judge_change(
        100, 92, direction="reduce", required=0.10, kind="relative", tolerance=tolerance
    )
    assert on_edge == Judgement(
        Status.AT_RISK, f"A reduction of 8% (from 100 to 92) is short of {wanted}, but within tolerance"
    )
    beyond = judge_change(
        100, 92.5, direction="reduce", required=0.10, kind="relative", tolerance=tolerance
    )
    assert beyond == Judgement(
        Status.OFF_TRACK, f"A reduction of 7.5% (from 100 to 92.5) does not meet {wanted}"
    )
    rise = judge_change(
        100, 108, direction="increase", required=0.10, kind="relative", tolerance=tolerance
    )
    assert rise == Judgement(
        Status.AT_RISK,
        "An increase of 8% (from 100 to 108) is short of the target of an increase of at least "
        "10%, but within tolerance",
    )
    final = judge_change(
        100, 92, direction="reduce", required=0.10, kind="relative", tolerance=tolerance,
        final=True,
    )
    assert final == Judgement(Status.MISSED, f"A reduction of 8% (from 100 to 92) missed {wanted}")


def test_a_points_change_exactly_on_its_tolerance_edge_is_at_risk():
    """A fall of 5 points wanted, 1 point of tolerance: the edge is a fall of 4 points.

    30% to 26% falls 0.30 - 0.26 = 0.04 (in decimal): at-risk; 30% to 26.5% falls 3.5
    points: off-track; 30% to 31% is a rise of 1 point, the wrong way: off-track.
    """
    wanted = "the target of a fall of at least 5 percentage points"
    tolerance = Tolerance(0.01)
    on_edge = judge_change(
        0.30, 0.26, direction="reduce", required=0.05, kind="points", tolerance=tolerance,
        describe=percent,
    )
    assert on_edge == Judgement(
        Status.AT_RISK,
        f"A fall of 4 percentage points (from 30% to 26%) is short of {wanted}, but within tolerance",
    )
    beyond = judge_change(
        0.30, 0.265, direction="reduce", required=0.05, kind="points", tolerance=tolerance,
        describe=percent,
    )
    assert beyond == Judgement(
        Status.OFF_TRACK, f"A fall of 3.5 percentage points (from 30% to 26.5%) does not meet {wanted}"
    )
    wrong_way = judge_change(
        0.30, 0.31, direction="reduce", required=0.05, kind="points", describe=percent
    )
    assert wrong_way == Judgement(
        Status.OFF_TRACK, f"A rise of 1 percentage point (from 30% to 31%) does not meet {wanted}"
    )
    falling = judge_change(
        0.30, 0.28, direction="increase", required=0.01, kind="points", describe=percent
    )
    assert falling == Judgement(
        Status.OFF_TRACK,
        "A fall of 2 percentage points (from 30% to 28%) does not meet the target of a rise of "
        "at least 1 percentage point",
    )


@pytest.mark.parametrize(
    ("current", "status", "reason"),
    [
        (100, Status.OFF_TRACK, "No change (from 100 to 100) does not meet the target of any reduction"),
        (100.5, Status.OFF_TRACK,
         "An increase of 0.5% (from 100 to 100.5) does not meet the target of any reduction"),
        (99.9, Status.MET, "A reduction of 0.1% (from 100 to 99.9) meets the target of any reduction"),
    ],
)
def test_any_change_with_a_relative_tolerance_has_no_band(current, status, reason):
    """'Any reduction' with 5% of the target as tolerance: 5% of a change of 0 is 0.

    So the band is empty: no change, or a small increase, is off-track as without a
    tolerance (the edge is -band(0) = 0, and at-risk needs achieved > 0, as met does).
    """
    judgement = judge_change(
        100, current, direction="reduce", required=None, kind="relative",
        tolerance=Tolerance(0.05, relative=True),
    )
    assert judgement == Judgement(status, reason)


@pytest.mark.parametrize(
    ("current", "status", "reason"),
    [
        (100, Status.AT_RISK,
         "No change (from 100 to 100) is short of the target of any reduction, but within tolerance"),
        (104, Status.AT_RISK,
         "An increase of 4% (from 100 to 104) is short of the target of any reduction, but "
         "within tolerance"),
        # achieved -0.05, edge -0.05: 'any' is strict (achieved > 0), so its band is too
        (105, Status.OFF_TRACK,
         "An increase of 5% (from 100 to 105) does not meet the target of any reduction"),
    ],
)
def test_any_change_with_an_absolute_tolerance_is_strict_at_its_edge(current, status, reason):
    """'Any reduction' with 5 points of tolerance: at-risk while achieved > -0.05.

    Like ``> target`` with a tolerance (at-risk while ``value > target - band``), the
    strict target keeps a strict band: an increase of exactly 5% is off-track.
    """
    judgement = judge_change(
        100, current, direction="reduce", required=None, kind="relative",
        tolerance=Tolerance(0.05),
    )
    assert judgement == Judgement(status, reason)


def test_any_increase_names_the_increase_wanted():
    """'Any increase': a fall from 100 to 95 is 'a reduction of 5%', and is off-track."""
    judgement = judge_change(100, 95, direction="increase", required=None, kind="relative")
    assert judgement == Judgement(
        Status.OFF_TRACK, "A reduction of 5% (from 100 to 95) does not meet the target of any increase"
    )
    points = judge_change(0.3, 0.3, direction="reduce", required=None, kind="points")
    assert points == Judgement(
        Status.OFF_TRACK, "No change (from 0.3 to 0.3) does not meet the target of any fall"
    )


# --------------------------------------------------------------------------- thresholds


@pytest.mark.parametrize(
    ("value", "op", "status", "reason"),
    [
        # > 75% with 5 points: met above 75%, at-risk while > 70%, off-track at 70% and below
        (0.7501, ">", Status.MET, "75.01% meets the target of more than 75%"),
        (0.75, ">", Status.AT_RISK,
         "75% does not meet the target of more than 75%, but is within the tolerance (more than 70%)"),
        (0.7001, ">", Status.AT_RISK,
         "70.01% does not meet the target of more than 75%, but is within the tolerance (more "
         "than 70%)"),
        (0.70, ">", Status.OFF_TRACK,
         "70% does not meet the target of more than 75%, and is beyond the tolerance (more than 70%)"),
        # >= 75% with 5 points: at-risk down to 70% inclusive
        (0.70, ">=", Status.AT_RISK,
         "70% does not meet the target of at least 75%, but is within the tolerance (at least 70%)"),
        (0.6999, ">=", Status.OFF_TRACK,
         "69.99% does not meet the target of at least 75%, and is beyond the tolerance (at least "
         "70%)"),
    ],
)
def test_a_higher_threshold_with_a_tolerance_at_its_edges(value, op, status, reason):
    """Against '> 75%' or '>= 75%' with 5 percentage points: the band lies below the target."""
    judgement = judge_threshold(
        value, op=op, target=0.75, tolerance=Tolerance(0.05), describe=percent
    )
    assert judgement == Judgement(status, reason)


@pytest.mark.parametrize(
    ("value", "op", "status", "reason"),
    [
        # < 20% with 5 points: at-risk while < 25%
        (0.20, "<", Status.AT_RISK,
         "20% does not meet the target of less than 20%, but is within the tolerance (less than 25%)"),
        (0.25, "<", Status.OFF_TRACK,
         "25% does not meet the target of less than 20%, and is beyond the tolerance (less than 25%)"),
        # <= 20% with 5 points: at-risk up to 25% inclusive
        (0.25, "<=", Status.AT_RISK,
         "25% does not meet the target of no more than 20%, but is within the tolerance (no more "
         "than 25%)"),
        (0.2501, "<=", Status.OFF_TRACK,
         "25.01% does not meet the target of no more than 20%, and is beyond the tolerance (no "
         "more than 25%)"),
        (0.20, "<=", Status.MET, "20% meets the target of no more than 20%"),
    ],
)
def test_a_lower_threshold_with_a_tolerance_at_its_edges(value, op, status, reason):
    """Against '< 20%' or '<= 20%' with 5 percentage points: the band lies above the target."""
    judgement = judge_threshold(
        value, op=op, target=0.20, tolerance=Tolerance(0.05), describe=percent
    )
    assert judgement == Judgement(status, reason)


def test_a_strict_threshold_missed_at_the_end_says_missed():
    """75% against '> 75%' at the end of the period is missed, whatever the tolerance."""
    judgement = judge_threshold(
        0.75, op=">", target=0.75, tolerance=Tolerance(0.05), final=True, describe=percent
    )
    assert judgement == Judgement(Status.MISSED, "75% missed the target of more than 75%")


def test_a_relative_tolerance_on_a_lower_threshold():
    """'< 20%' with 10% of the target (2 points): at-risk while < 22%; 22% is off-track."""
    tolerance = Tolerance(0.1, relative=True)
    inside = judge_threshold(0.2, op="<", target=0.2, tolerance=tolerance, describe=percent)
    assert inside.status is Status.AT_RISK
    assert inside.reason.endswith("but is within the tolerance (less than 22%)")
    edge = judge_threshold(0.22, op="<", target=0.2, tolerance=tolerance, describe=percent)
    assert edge.status is Status.OFF_TRACK


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("value", "status", "reason"),
    [
        (0.40, Status.MET, "40% is within the target range of 40% to 60%"),
        (0.60, Status.MET, "60% is within the target range of 40% to 60%"),
        (0.35, Status.AT_RISK,
         "35% is below the target range of 40% to 60%, but within the tolerance (35% to 65%)"),
        (0.65, Status.AT_RISK,
         "65% is above the target range of 40% to 60%, but within the tolerance (35% to 65%)"),
        (0.3499, Status.OFF_TRACK,
         "34.99% is below the target range of 40% to 60%, and beyond the tolerance (35% to 65%)"),
        (0.6501, Status.OFF_TRACK,
         "65.01% is above the target range of 40% to 60%, and beyond the tolerance (35% to 65%)"),
    ],
)
def test_a_range_at_either_tolerance_edge(value, status, reason):
    """40% to 60% with 5 points each side: the tolerance is 35% to 65%, edges included.

    0.4 - 0.05 is 0.35 in decimal (binary floats give 0.35000000000000003, which would
    leave a value on the lower edge off-track).
    """
    judgement = judge_range(value, low=0.4, high=0.6, tolerance=Tolerance(0.05), describe=percent)
    assert judgement == Judgement(status, reason)


@pytest.mark.parametrize(
    ("value", "status"),
    [(36, Status.AT_RISK), (35.9, Status.OFF_TRACK), (66, Status.AT_RISK), (66.1, Status.OFF_TRACK)],
)
def test_a_relative_range_tolerance_uses_each_bound(value, status):
    """40 to 60 with 10% of each bound: 40 - 4 = 36 below and 60 + 6 = 66 above."""
    judgement = judge_range(value, low=40, high=60, tolerance=Tolerance(0.1, relative=True))
    assert judgement.status is status
    side = "below" if value < 40 else "above"
    within = "but within" if status is Status.AT_RISK else "and beyond"
    assert judgement.reason == (
        f"{value:g} is {side} the target range of 40 to 60, {within} the tolerance (36 to 66)"
    )


@pytest.mark.parametrize(
    ("value", "final", "status", "reason"),
    [
        (0.39, False, Status.OFF_TRACK, "39% is below the target range of 40% to 60%"),
        (0.61, False, Status.OFF_TRACK, "61% is above the target range of 40% to 60%"),
        (0.39, True, Status.MISSED, "39% missed the target range of 40% to 60% (below it)"),
        (0.61, True, Status.MISSED, "61% missed the target range of 40% to 60% (above it)"),
    ],
)
def test_a_range_without_tolerance_says_which_side(value, final, status, reason):
    """Just outside 40% to 60% with no tolerance: off-track in year, missed at the end."""
    judgement = judge_range(value, low=0.4, high=0.6, final=final, describe=percent)
    assert judgement == Judgement(status, reason)


# --------------------------------------------------------------------------- amounts

CAP = "no more than 50 by year end"


@pytest.mark.parametrize(
    ("actual", "tolerance", "status", "reason"),
    [
        (25, Tolerance(5), Status.ON_TRACK, f"25 to date is within the 25 allowed by now ({CAP})"),
        # 25 + 5 = 30: on the edge
        (30, Tolerance(5), Status.AT_RISK,
         f"30 to date is over the 25 allowed by now, within tolerance ({CAP})"),
        (30.5, Tolerance(5), Status.OFF_TRACK, f"30.5 to date is over the 25 allowed by now ({CAP})"),
        # 10% of 25 is 2.5: the edge is 27.5
        (27.5, Tolerance(0.1, relative=True), Status.AT_RISK,
         f"27.5 to date is over the 25 allowed by now, within tolerance ({CAP})"),
        (27.6, Tolerance(0.1, relative=True), Status.OFF_TRACK,
         f"27.6 to date is over the 25 allowed by now ({CAP})"),
        (26, None, Status.OFF_TRACK, f"26 to date is over the 25 allowed by now ({CAP})"),
    ],
)
def test_a_cap_on_its_allowed_by_now_edge(actual, tolerance, status, reason):
    """No more than 50 a year, 25 allowed by Q2: the tolerance edge is 25 + band(25)."""
    judgement = judge_amount(
        actual, expected=25, annual=50, polarity=LOWER, tolerance=tolerance
    )
    assert judgement == Judgement(status, reason)


@pytest.mark.parametrize(
    ("actual", "expected", "tolerance", "status", "reason"),
    [
        # exactly the cap in year is not yet over it: judged against the 25 allowed by now
        (50, 25, Tolerance(30), Status.AT_RISK,
         f"50 to date is over the 25 allowed by now, within tolerance ({CAP})"),
        (50, 25, None, Status.OFF_TRACK, f"50 to date is over the 25 allowed by now ({CAP})"),
        # over the cap is off-track, even inside a band (25 + 30 = 55) that would allow it
        (50.5, 25, Tolerance(30), Status.OFF_TRACK,
         f"50.5 to date is already over the limit of {CAP}"),
        # a cap judged at year end: nothing is allowed-by-now, the cap itself still binds
        (50, 0, None, Status.NOT_YET_DUE, f"50 to date; the limit of {CAP} applies at year end"),
        (50.5, 0, None, Status.OFF_TRACK, f"50.5 to date is already over the limit of {CAP}"),
        # the last period before the year is closed: all 50 allowed
        (50, 50, None, Status.ON_TRACK, f"50 to date is within the 50 allowed by now ({CAP})"),
    ],
)
def test_a_cap_exactly_at_its_annual_limit_in_year(actual, expected, tolerance, status, reason):
    """No more than 50 a year: 50 in year keeps to the cap, 50.5 has already broken it."""
    judgement = judge_amount(
        actual, expected=expected, annual=50, polarity=LOWER, tolerance=tolerance
    )
    assert judgement == Judgement(status, reason)


@pytest.mark.parametrize(
    ("actual", "status", "reason"),
    [
        (50, Status.MET, f"50 by year end keeps to the limit of {CAP}"),
        (50.5, Status.MISSED, f"50.5 by year end is over the limit of {CAP}"),
    ],
)
def test_a_cap_at_the_end_of_the_year(actual, status, reason):
    """At the end of the year a cap of 50 is met by exactly 50, missed by 50.5."""
    judgement = judge_amount(
        actual, expected=50, annual=50, polarity=LOWER, tolerance=Tolerance(5), final=True
    )
    assert judgement == Judgement(status, reason)


def test_a_cap_per_quarter_names_the_quarter():
    """'No more than 3 per quarter' says quarter end in every branch."""
    limit = "no more than 3 by quarter end"
    assert judge_amount(1, expected=0, annual=3, polarity=LOWER, per="quarter") == Judgement(
        Status.NOT_YET_DUE, f"1 to date; the limit of {limit} applies at quarter end"
    )
    assert judge_amount(4, expected=3, annual=3, polarity=LOWER, per="quarter") == Judgement(
        Status.OFF_TRACK, f"4 to date is already over the limit of {limit}"
    )


TARGET = "840 by year end"


@pytest.mark.parametrize(
    ("actual", "expected", "final", "status", "reason"),
    [
        # the whole year's amount by Q2 is met already
        (840, 420, False, Status.MET, f"840 to date meets the target of {TARGET}"),
        (839, 840, True, Status.MISSED, "839 by year end is short of the target of 840"),
        (0, 0, False, Status.NOT_YET_DUE, f"0 to date; nothing is expected yet ({TARGET})"),
        (420, 420, False, Status.ON_TRACK,
         f"420 to date is in line with the 420 expected by now ({TARGET})"),
        (421, 420, False, Status.ON_TRACK,
         f"421 to date is ahead of the 420 expected by now ({TARGET})"),
        # 5% of 420 is 21: the edge is 399
        (399, 420, False, Status.AT_RISK,
         f"399 to date is behind the 420 expected by now, within tolerance ({TARGET})"),
        (398.5, 420, False, Status.OFF_TRACK,
         f"398.5 to date is behind the 420 expected by now ({TARGET})"),
    ],
)
def test_a_target_amount_at_its_edges(actual, expected, final, status, reason):
    """840 a year with 5% of the amount expected as tolerance: each branch at its edge."""
    judgement = judge_amount(
        actual, expected=expected, annual=840, polarity=HIGHER,
        tolerance=Tolerance(0.05, relative=True), final=final,
    )
    assert judgement == Judgement(status, reason)


# --------------------------------------------------------------------------- milestones


@pytest.mark.parametrize(
    ("state", "due", "as_of", "final", "status", "reason"),
    [
        (None, None, date(2018, 1, 1), False, Status.NO_DATA, "No progress has been reported"),
        ("complete", date(2018, 4, 1), date(2018, 5, 1), False, Status.MET, "Complete"),
        ("in-progress", date(2018, 4, 1), date(2018, 3, 31), True, Status.MISSED,
         "In progress when the period ended"),
        ("not-started", date(2018, 4, 1), date(2018, 3, 31), True, Status.MISSED,
         "Not started when the period ended"),
        # due on 1 April: on that day it is not yet overdue, the day after it is
        ("in-progress", date(2018, 4, 1), date(2018, 4, 1), False, Status.ON_TRACK,
         "In progress, due 1 April 2018"),
        ("in-progress", date(2018, 4, 1), date(2018, 4, 2), False, Status.OFF_TRACK,
         "In progress, overdue since 1 April 2018"),
        ("not-started", date(2018, 4, 1), date(2018, 4, 2), False, Status.OFF_TRACK,
         "Not started, overdue since 1 April 2018"),
        ("not-started", date(2018, 4, 1), date(2018, 4, 1), False, Status.NOT_YET_DUE,
         "Not started, due 1 April 2018"),
        ("not-started", None, date(2030, 1, 1), False, Status.NOT_YET_DUE,
         "Not started, no due date"),
        ("in-progress", None, date(2030, 1, 1), False, Status.ON_TRACK, "In progress, no due date"),
    ],
)
def test_every_milestone_reason(state, due, as_of, final, status, reason):
    """Each milestone branch gives its own reason, with the due date in words."""
    assert judge_milestone(state, due=due, as_of=as_of, final=final) == Judgement(status, reason)


# --------------------------------------------------------------------------- combinations


def test_parts_met_counts_only_parts_with_a_target():
    """Met, off-track and monitor: 1 of the 2 judged parts is met; the monitor part is listed."""
    combined = combine_all_of(
        [
            Judgement(Status.MET, "a"),
            Judgement(Status.OFF_TRACK, "b"),
            Judgement(Status.MONITOR, "c"),
        ]
    )
    assert combined == Judgement(
        Status.OFF_TRACK,
        "1 of 2 parts met, 1 not judged. Part 1 (met): a; part 2 (off-track): b; "
        "part 3 (monitor): c",
    )


@pytest.mark.parametrize(
    ("statuses", "status", "head"),
    [
        ((Status.MET, Status.MET, Status.NOT_APPLICABLE), Status.MET, "2 of 2 parts met, 1 not judged"),
        ((Status.MET, Status.NOT_APPLICABLE), Status.MET, "1 of 1 part met, 1 not judged"),
        ((Status.AT_RISK, Status.ON_TRACK), Status.AT_RISK, "0 of 2 parts met"),
        ((Status.NO_DATA, Status.MET), Status.NO_DATA, "1 of 2 parts met"),
        ((Status.MONITOR, Status.NOT_APPLICABLE), Status.NOT_APPLICABLE,
         "No part has a target to judge"),
    ],
)
def test_every_combination_head(statuses, status, head):
    """The head counts met parts among those with a target, or says there are none."""
    parts = [Judgement(s, f"r{n}") for n, s in enumerate(statuses, 1)]
    listed = "; ".join(
        f"{'Part' if n == 1 else 'part'} {n} ({s.value}): r{n}" for n, s in enumerate(statuses, 1)
    )
    assert combine_all_of(parts) == Judgement(status, f"{head}. {listed}")


def test_milestone_status_is_in_year_unless_told():
    """milestone_status without ``final`` judges in year: in progress and not overdue is on-track."""
    assert milestone_status("in-progress", due=None, as_of=date(2030, 1, 1)) is Status.ON_TRACK


def test_a_required_change_of_minus_zero_reads_as_zero():
    """A required change of -0 (as '-0%' reads) is no change at all, and is shown as 0."""
    relative = judge_change(100, 90, direction="reduce", required=-0.0, kind="relative")
    assert relative.reason == (
        "A reduction of 10% (from 100 to 90) meets the target of a reduction of at least 0%"
    )
    points = judge_change(0.3, 0.2, direction="reduce", required=-0.0, kind="points")
    assert points.reason == (
        "A fall of 10 percentage points (from 0.3 to 0.2) meets the target of a fall of at "
        "least 0 percentage points"
    )
