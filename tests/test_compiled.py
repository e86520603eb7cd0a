"""Evaluation in bulk: compiled plans, words written when read, and the status-only rules."""

from __future__ import annotations

import datetime as dt
import importlib
import math
import pickle
import textwrap

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspmeasures.actuals import loads_actuals
from cspmeasures.calc.rates import proportion
from cspmeasures.calc.status import (
    Tolerance,
    amount_edge,
    change_edge,
    milestone_status,
    range_edges,
    relaxed_threshold,
    worst_status,
)
from cspmeasures.calc.trend import Trend, travel
from cspmeasures.catalogue import loads_catalogue
from cspmeasures.engine import compile_measure
from cspmeasures.engine.facts import Facts
from cspmeasures.evaluate import evaluate, evaluate_measure
from cspmeasures.model import Catalogue, JudgeOn, Measure
from cspmeasures.vocabulary import Polarity, Status

Q2_END = dt.date(2017, 9, 30)
#: the module (the package's ``evaluate`` attribute is the function)
evaluate_module = importlib.import_module("cspmeasures.engine.measure")
words_module = importlib.import_module("cspmeasures.engine.words")

CATALOGUE = """\
catalogue:
  id: bulk
  title: Bulk
  year: 2017-18
units:
  assessment: a child assessment
themes:
  - {id: t, title: T}
measures:
  - id: rate
    title: Completed on time
    theme: t
    unit: percent
    value: on_time / started
    polarity: higher
    target: ">= 75%"
  - id: assessments
    title: Assessments
    theme: t
    unit: assessment
    value: count
    polarity: higher
    aggregation: year-to-date
    target: 840 assessments per year
  - id: ruled
    title: With a status rule
    theme: t
    unit: percent
    polarity: higher
    target: ">= 50%"
    status_rules:
      - {when: ["value >= 40%"], status: on-track}
"""

ACTUALS = """\
measure,period,value,numerator,denominator
rate,2017-18 Q1,,1499,2000
rate,2017-18 Q2,,1500,2000
assessments,2017-18 Q1,250,,
assessments,2017-18 Q2,256,,
ruled,2017-18 Q2,45%,,
"""


def _catalogue() -> Catalogue:
    return loads_catalogue(CATALOGUE, "bulk.yaml")


def _counting(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The measures judged from their actuals (measure_facts) and those whose words were
    written (write_words), in order, from now on."""
    judged: list[str] = []
    written: list[str] = []
    facts_of = evaluate_module.measure_facts
    words_of = words_module.write_words

    def judging(*args: object, **kwargs: object) -> Facts:
        judged.append(args[1].id)  # type: ignore[attr-defined]
        return facts_of(*args, **kwargs)  # type: ignore[arg-type]

    def writing(measure: Measure, facts: Facts) -> object:
        written.append(measure.id)
        return words_of(measure, facts)

    monkeypatch.setattr(evaluate_module, "measure_facts", judging)
    monkeypatch.setattr(words_module, "write_words", writing)
    return judged, written


def test_words_are_written_once_when_first_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A compiled measure's words are written from its facts when first read, once, and
    never by judging the actuals again."""
    catalogue = _catalogue()
    actuals = loads_actuals(ACTUALS, catalogue, "a.csv")
    judged, written = _counting(monkeypatch)
    report = evaluate(catalogue, actuals, Q2_END)
    # the measure with a status rule has no plan: the general judgement reads its actuals
    assert (judged, written) == (["ruled"], [])
    rate = report.get("rate")
    assert (rate.status, rate.value, rate.period) == (Status.MET, 0.75, "2017-18 Q2")
    assert written == []
    assert rate.reason == "75.0% meets the target of at least 75.0%"
    assert rate.display_value == "75.0%"
    assert written == ["rate"]
    assert rate.to_dict()["comparison"] is None
    report.to_dicts()
    assert written == ["rate", "assessments", "ruled"]
    assert judged == ["ruled"]


def test_core_of_a_compiled_measure_matches_the_worked_example() -> None:
    """506 assessments by Q2 against 840 a year (420 expected) is on-track, worked by hand."""
    catalogue = _catalogue()
    actuals = loads_actuals(ACTUALS, catalogue, "a.csv")
    result = evaluate(catalogue, actuals, Q2_END).get("assessments")
    assert (result.value, result.expected, result.status) == (506.0, 420.0, Status.ON_TRACK)
    assert result.trend is Trend.IMPROVING  # 250 in Q1, 256 in Q2
    assert result.display_expected == "420 assessments"
    assert (
        result.to_dict()
        == evaluate_measure(catalogue, catalogue.measures[1], actuals, Q2_END).to_dict()
    )


def test_rounded_judgement_is_not_served_by_the_plans_of_an_unrounded_catalogue() -> None:
    """Plans are kept per catalogue measures and judge_on: 74.95% rounds to 75.0% and meets."""
    catalogue = _catalogue()
    rows = "measure,period,value,numerator,denominator\nrate,2017-18 Q2,,1499,2000\n"
    actuals = loads_actuals(rows, catalogue, "a.csv")
    unrounded = evaluate(catalogue, actuals, Q2_END).get("rate")
    rounded_catalogue = attrs.evolve(catalogue, judge_on=JudgeOn.ROUNDED)
    assert rounded_catalogue.measures is catalogue.measures
    rounded = evaluate(rounded_catalogue, actuals, Q2_END).get("rate")
    again = evaluate(catalogue, actuals, Q2_END).get("rate")
    assert unrounded.status is Status.OFF_TRACK  # 0.7495 < 0.75
    assert rounded.status is Status.MET  # judged on 75.0%
    assert again.status is Status.OFF_TRACK


def test_compile_leaves_status_rules_and_rounded_judgement_to_the_complete_evaluation() -> None:
    """No plan for a measure with status rules, or one judged on rounded values."""
    catalogue = _catalogue()
    rate, assessments, ruled = catalogue.measures
    assert compile_measure(rate, JudgeOn.UNROUNDED) is not None
    assert compile_measure(assessments, JudgeOn.UNROUNDED) is not None
    assert compile_measure(rate, JudgeOn.ROUNDED) is None
    assert compile_measure(ruled, JudgeOn.UNROUNDED) is None


def test_evaluations_compare_by_measure_and_core() -> None:
    """Equal cores are equal evaluations whether or not their words have been read."""
    catalogue = _catalogue()
    actuals = loads_actuals(ACTUALS, catalogue, "a.csv")
    first = evaluate(catalogue, actuals, Q2_END).get("rate")
    second = evaluate(catalogue, actuals, Q2_END).get("rate")
    assert first.reason  # words read on one only
    assert first == second
    assert hash(first) == hash(second)
    later = evaluate(catalogue, actuals, dt.date(2017, 6, 30)).get("rate")
    assert later != first  # Q1: 1499 / 2000, off-track


# --------------------------------------------------------------------------- status-only rules


def test_band_edges_are_computed_in_decimal() -> None:
    """Edges as written: 75% - 5 points is 0.7 (not 0.7000000000000001), 10% - 2 points 0.08."""
    assert relaxed_threshold(">=", 0.75, Tolerance(0.05)) == 0.7
    assert relaxed_threshold("<", 0.2, Tolerance(0.1)) == 0.3
    assert relaxed_threshold(">=", 0.75, None) is None
    assert change_edge(0.1, Tolerance(0.02)) == 0.08
    assert change_edge(None, Tolerance(0.02)) == -0.02
    assert range_edges(0.4, 0.6, Tolerance(0.1, relative=True)) == (0.36, 0.66)
    # 5% of the 420 expected by Q2 is 21: at risk down to 399 (higher), up to 441 (a cap)
    assert amount_edge(420.0, Polarity.HIGHER_IS_BETTER, Tolerance(0.05, relative=True)) == 399.0
    assert amount_edge(420.0, Polarity.LOWER_IS_BETTER, Tolerance(0.05, relative=True)) == 441.0


def test_milestone_status_worked_examples() -> None:
    """Complete is met; overdue is off-track; the end of the period makes a shortfall missed."""
    due = dt.date(2017, 10, 31)
    assert milestone_status("complete", due=due, as_of=dt.date(2018, 3, 31), final=True) is (
        Status.MET
    )
    assert milestone_status("in-progress", due=due, as_of=dt.date(2017, 11, 1)) is (
        Status.OFF_TRACK
    )
    assert milestone_status("in-progress", due=due, as_of=due) is Status.ON_TRACK
    assert milestone_status("not-started", due=None, as_of=due) is Status.NOT_YET_DUE
    assert milestone_status("not-started", due=None, as_of=due, final=True) is Status.MISSED
    assert milestone_status(None, due=due, as_of=due) is Status.NO_DATA


def test_worst_status_leaves_out_parts_without_a_target() -> None:
    """Missed beats on-track; monitor and not-applicable count only when alone."""
    assert worst_status([Status.MET, Status.MISSED, Status.ON_TRACK]) is Status.MISSED
    assert worst_status([Status.MET, Status.MONITOR]) is Status.MET
    assert worst_status([Status.MONITOR, Status.NOT_APPLICABLE]) is Status.NOT_APPLICABLE


finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(previous=finite, current=finite, step=st.floats(min_value=0, max_value=1e6))
def test_travel_never_reads_a_rise_as_worsening_when_higher_is_better(
    previous: float, current: float, step: float
) -> None:
    """Raising the current value moves the trend only towards improving (sign +1)."""
    order = [Trend.WORSENING, Trend.NO_CHANGE, Trend.IMPROVING]
    before = travel(previous, current, 1)
    after = travel(previous, current + step, 1)
    assert order.index(after) >= order.index(before)
    assert (
        travel(previous, current, -1)
        is {
            Trend.IMPROVING: Trend.WORSENING,
            Trend.WORSENING: Trend.IMPROVING,
            Trend.NO_CHANGE: Trend.NO_CHANGE,
        }[before]
    )


def test_a_catalogue_given_measures_by_name_keeps_its_order() -> None:
    """``measures=`` evaluates those ids only, in catalogue order, compiled or not."""
    catalogue = _catalogue()
    actuals = loads_actuals(ACTUALS, catalogue, "a.csv")
    report = evaluate(catalogue, actuals, Q2_END, measures=["ruled", "rate"])
    assert [e.id for e in report.evaluations] == ["rate", "ruled"]
    ruled = report.get("ruled")
    assert ruled.status is Status.ON_TRACK  # rule 1: 45% >= 40%, where the target gives off-track
    assert textwrap.shorten(ruled.reason, 40).startswith("45.0%: status rule 1")


def test_to_dicts_with_core_fields_writes_no_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """to_dicts(fields=...) gives plain values of those fields and reads words only if asked."""
    catalogue = _catalogue()
    actuals = loads_actuals(ACTUALS, catalogue, "a.csv")
    full = evaluate(catalogue, actuals, Q2_END).to_dicts()
    judged, written = _counting(monkeypatch)
    report = evaluate(catalogue, actuals, Q2_END)
    core = report.to_dicts(fields=("id", "status", "value", "trend", "flags"))
    assert (judged, written) == (["ruled"], [])  # the one measure without a plan
    assert core[1] == {
        "id": "assessments",
        "status": "on-track",
        "value": 506.0,
        "trend": "improving",
        "flags": [],
    }
    assert core == [{k: row[k] for k in core[0]} for row in full]
    with_words = report.to_dicts(fields=["id", "reason", "trend_last_year"])
    assert written == ["rate", "assessments", "ruled"]
    assert with_words == [{k: row[k] for k in ("id", "reason", "trend_last_year")} for row in full]


def test_unknown_field_is_refused_with_the_known_ones() -> None:
    """A misspelt field is a ValueError naming it and every field, not a KeyError."""
    catalogue = _catalogue()
    actuals = loads_actuals(ACTUALS, catalogue, "a.csv")
    report = evaluate(catalogue, actuals, Q2_END)
    with pytest.raises(ValueError, match=r"unknown field\(s\) 'staus'; the fields are id, title"):
        report.to_dicts(fields=["id", "staus"])
    with pytest.raises(ValueError, match="trend_last_year"):
        report.get("rate").to_dict(fields=["reasons"])


def test_a_pickled_report_holds_its_words_not_its_inputs() -> None:
    """Unread words are written when pickled; the pickle carries no actuals (their notes)."""
    catalogue = _catalogue()
    rows = ACTUALS.replace(
        "measure,period,value,numerator,denominator\n",
        "measure,period,value,numerator,denominator,note\n",
    ).replace("rate,2017-18 Q1,,1499,2000\n", "rate,2017-18 Q1,,1499,2000,kept-out-of-pickles\n")
    rows = "\n".join(
        line if line.count(",") == 5 else line + "," for line in rows.strip().splitlines()
    )
    actuals = loads_actuals(rows + "\n", catalogue, "a.csv")
    assert any(o.note == "kept-out-of-pickles" for o in actuals)
    report = evaluate(catalogue, actuals, Q2_END)
    data = pickle.dumps(report)
    assert b"kept-out-of-pickles" not in data
    copy = pickle.loads(data)
    assert copy == report
    assert copy.to_dicts() == evaluate(catalogue, actuals, Q2_END).to_dicts()
    assert copy.get("assessments").steps == report.get("assessments").steps


# --------------------------------------------------------------------------- edges, by hand

EDGES = """\
catalogue:
  id: edges
  title: Edges
  year: 2017-18
units:
  assessment: a child assessment
themes:
  - {id: t, title: T}
measures:
  - id: assessments
    title: Assessments
    theme: t
    unit: assessment
    value: count
    polarity: higher
    target: 840 assessments per year
    tolerance: 5% of target
  - id: any-fall
    title: Any fall
    theme: t
    unit: percent
    polarity: lower
    baselines: [{id: b, value: "30%"}]
    target: {reduce: any, baseline: b}
  - id: any-fall-tolerated
    title: Any fall, with a tolerance
    theme: t
    unit: percent
    polarity: lower
    baselines: [{id: b, value: "30%"}]
    target: {reduce: any, baseline: b}
    tolerance: 1 percentage point
  - id: completion
    title: Completion
    theme: t
    unit: percent
    value: completed / started
    polarity: higher
    comparators: [{id: kent, name: Kent, value: "50%"}]
    target: {better_than: kent}
"""


def _edge_status(catalogue: Catalogue, rows: str, measure_id: str) -> Status:
    """The status from evaluate, checked equal on every field to evaluate_measure's."""
    actuals = loads_actuals("measure,period,value,numerator,denominator\n" + rows, catalogue, "a")
    got = evaluate(catalogue, actuals, Q2_END).get(measure_id)
    measure = next(m for m in catalogue.measures if m.id == measure_id)
    want = evaluate_measure(catalogue, measure, actuals, Q2_END)
    assert got.to_dict() == want.to_dict()
    assert got.steps == want.steps
    return got.status


@pytest.mark.parametrize(
    ("q2", "status"),
    [(220, Status.ON_TRACK), (199, Status.AT_RISK), (198, Status.OFF_TRACK)],
)
def test_amount_at_the_edge_of_its_tolerance(q2: int, status: Status) -> None:
    """840 a year: 420 due by Q2, 5% of it (21) tolerated; 200 + 199 = 399 is on the edge."""
    catalogue = loads_catalogue(EDGES, "edges.yaml")
    rows = f"assessments,2017-18 Q1,200,,\nassessments,2017-18 Q2,{q2},,\n"
    assert _edge_status(catalogue, rows, "assessments") is status


@pytest.mark.parametrize(
    ("measure_id", "q2", "status"),
    [
        ("any-fall", "30%", Status.OFF_TRACK),  # no change is not a fall
        ("any-fall", "29.9%", Status.MET),
        # a relative change: the tolerance of 1 point is on the change, a fraction of 30%
        ("any-fall-tolerated", "30%", Status.AT_RISK),  # 0 > -0.01
        ("any-fall-tolerated", "30.2%", Status.AT_RISK),  # a rise of 0.67% > -0.01
        ("any-fall-tolerated", "30.3%", Status.OFF_TRACK),  # a rise of exactly 1%
        ("any-fall-tolerated", "31%", Status.OFF_TRACK),  # a rise of 3.3%
    ],
)
def test_any_change_at_exactly_no_change(measure_id: str, q2: str, status: Status) -> None:
    """Any fall from 30%: exactly 30% is short of it, and at-risk only within a tolerance."""
    catalogue = loads_catalogue(EDGES, "edges.yaml")
    assert _edge_status(catalogue, f"{measure_id},2017-18 Q2,{q2},,\n", measure_id) is status


def test_comparator_exactly_on_the_wilson_lower_limit_is_similar() -> None:
    """A benchmark equal to the 95% lower limit is inside the interval (limits included):
    similar, so not better than Kent; a hair below it is significantly better."""
    catalogue = loads_catalogue(EDGES, "edges.yaml")
    estimate = proportion(60, 100)  # 60% of 100: Wilson 95% limits about 50.2% to 69.1%
    assert estimate.lower is not None
    assert 0.50 < estimate.lower < 0.51
    completion = catalogue.measures[3]
    rows = "completion,2017-18 Q2,,60,100\n"

    def with_kent(value: float) -> Catalogue:
        kent = attrs.evolve(completion.comparators[0], value=value)
        measure = attrs.evolve(completion, comparators=(kent,))
        return attrs.evolve(catalogue, measures=(*catalogue.measures[:3], measure))

    on_edge = _edge_status(with_kent(estimate.lower), rows, "completion")
    below = _edge_status(with_kent(math.nextafter(estimate.lower, 0)), rows, "completion")
    assert on_edge is Status.OFF_TRACK  # similar is not better than; Q2 is not the year end
    assert below is Status.MET


def test_a_misspelt_measure_id_is_refused_not_left_out() -> None:
    """measures= with an id the catalogue lacks is a ValueError naming it and the closest."""
    catalogue = _catalogue()
    actuals = loads_actuals(ACTUALS, catalogue, "a.csv")
    with pytest.raises(ValueError, match=r"has the id 'rtae' \(did you mean 'rate'\?\)"):
        evaluate(catalogue, actuals, Q2_END, measures=["rtae", "ruled"])
    with pytest.raises(ValueError, match=r"has the id 'nothing-like-it'$"):
        evaluate(catalogue, actuals, Q2_END, measures=["nothing-like-it"])
    assert evaluate(catalogue, actuals, Q2_END, measures=[]).evaluations == ()
