"""``evaluate`` agrees with ``evaluate_measure``, field by field, on generated and real plans.

``evaluate_measure(catalogue, measure, actuals, day)`` works out every field of one
measure's result eagerly and on its own; ``evaluate(catalogue, actuals, as_of)`` is the
bulk entry point, free to share work between measures, to take quicker routes for common
measures and to write the texts only when they are read. Whatever route it takes, each
of its results must be the one ``evaluate_measure`` gives: every public field, its
``to_dict()`` and the report's JSON, at any date (before the plan's year, at each quarter
end, mid-quarter, after the year), whichever fields are read first.

Generated plans come from ``tests/strategies_evaluation.py`` as catalogue YAML and
actuals CSV/YAML text, read by the same loaders as real files; every draw is input the
loaders accept, so a refusal fails the test rather than being skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import cspmeasures
from cspmeasures import Actuals, Catalogue, Evaluation, Report
from cspmeasures.calc.trend import Trend
from cspmeasures.catalogue import catalogue_to_data
from cspmeasures.engine.judge import judge_measure
from cspmeasures.engine.words import FactsContext
from cspmeasures.evaluate import FIELDS, evaluate_measure
from cspmeasures.periods import Calendar, Frequency, Period
from cspmeasures.vocabulary import RAG, Status
from strategies import EXAMPLE_SCALE
from strategies_evaluation import Plan, plans

ROOT = Path(__file__).resolve().parents[1]
MEDWAY = ROOT / "catalogue" / "medway-csp-2017-18.yaml"
MEDWAY_ACTUALS = ROOT / "catalogue" / "medway-csp-2017-18-actuals.yaml"

#: the numbers of a result besides its value, written with its words
NUMBER_FIELDS = (
    "target_level",
    "target_low",
    "target_high",
    "tolerance_low",
    "tolerance_high",
    "baseline",
    "baseline_value",
    "numerator",
    "denominator",
    "population",
    "previous_period",
    "previous_value",
)
#: every public field of an Evaluation, compared one by one (``rag`` is derived from the
#: status, ``steps`` is left out of equality and of to_dict(), so both are named here)
PUBLIC_FIELDS = (
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
    "unit",
    "lower",
    "upper",
    "trend_last_year",
    "polarity",
    "target_kind",
    "target_operator",
    *NUMBER_FIELDS,
    "owner",
    "note",
    "display_expected",
    "steps",
)
#: the fields a quick route computes itself, and those it may leave to be written later
CORE_FIELDS = (
    "id",
    "title",
    "theme",
    "unit",
    "period",
    "value",
    "status",
    "trend",
    "expected",
    "flags",
    "polarity",
    "target_kind",
    "target_operator",
    "owner",
)
TEXT_FIELDS = (
    "display_value",
    "reason",
    "target",
    "comparison",
    "warnings",
    "lower",
    "upper",
    "trend_last_year",
    "display_expected",
    "steps",
    "rag",
    *NUMBER_FIELDS,
    "note",
)


def examples(count: int) -> settings:
    """Hypothesis settings for ``count`` examples with no deadline (a plan takes a while)."""
    return settings(
        max_examples=count * EXAMPLE_SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --------------------------------------------------------------------------- comparing


def _same(a: object, b: object) -> bool:
    """Equal and of the same type; floats equal to the last bit (NaN and -0.0 included),
    so that the two reports write the same JSON."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        assert isinstance(b, float)
        return repr(a) == repr(b)
    if isinstance(a, (tuple, list)):
        assert isinstance(b, (tuple, list))
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


def _public_names(*evaluations: Evaluation) -> list[str]:
    """PUBLIC_FIELDS, then any other public, non-method attribute all the results have."""
    extra: set[str] | None = None
    for evaluation in evaluations:
        names = {
            n
            for n in dir(evaluation)
            if not n.startswith("_") and not callable(getattr(evaluation, n))
        }
        extra = names if extra is None else extra & names
    return [*PUBLIC_FIELDS, *sorted((extra or set()) - set(PUBLIC_FIELDS))]


def assert_agree(got: Evaluation, want: Evaluation, where: str) -> None:
    """``got`` (from evaluate) is ``want`` (from evaluate_measure) on every public field."""
    assert isinstance(got, Evaluation), where
    for name in _public_names(got, want):
        mine, reference = getattr(got, name), getattr(want, name)
        assert _same(mine, reference), f"{where}: {name} is {mine!r}, expected {reference!r}"
    mine_dict, reference_dict = got.to_dict(), want.to_dict()
    assert set(mine_dict) <= set(PUBLIC_FIELDS), f"{where}: to_dict() has fields not compared"
    assert _same(mine_dict, reference_dict), f"{where}: to_dict() {mine_dict} != {reference_dict}"
    assert json.dumps(mine_dict) == json.dumps(reference_dict), where


def assert_report_agrees(
    catalogue: Catalogue, actuals: Actuals, report: Report, day: dt.date, where: str
) -> list[Evaluation]:
    """Each of the report's results agrees with evaluate_measure of its measure at ``day``."""
    assert report.as_of == day, where
    assert report.catalogue_id == catalogue.id, where
    assert report.title == catalogue.title, where
    assert [e.id for e in report.evaluations] == [m.id for m in catalogue.measures], where
    references = []
    for measure, got in zip(catalogue.measures, report.evaluations, strict=True):
        want = evaluate_measure(catalogue, measure, actuals, day)
        assert_agree(got, want, f"{where}, {measure.id} as at {day.isoformat()}")
        # the words are the judgement run again on the facts: it gives the same status
        replayed = judge_measure(FactsContext(measure, got.facts)).judgement.status
        assert replayed is got.status, f"{where}, {measure.id}: words say {replayed}"
        references.append(want)
    return references


def reference_json(
    catalogue: Catalogue, references: Iterable[Evaluation], day: dt.date, indent: int | None
) -> str:
    """The report's JSON as documented (the envelope written at MOMENT), built from
    evaluate_measure's results; the hash as docs/integrating.md states it."""
    content = json.dumps(catalogue_to_data(catalogue), sort_keys=True, ensure_ascii=False)
    document = {
        "schema_version": "1.0",
        "kind": "report",
        "cspmeasures_version": cspmeasures.__version__,
        "generated_at": "2024-05-06T07:08:09Z",
        "as_of": day.isoformat(),
        "catalogue": catalogue.id,
        "title": catalogue.title,
        "catalogue_sha256": hashlib.sha256(content.encode("utf-8")).hexdigest(),
        "results": [e.to_dict() for e in references],
    }
    return json.dumps(document, indent=indent, ensure_ascii=False)


#: the moment the reports of these tests are written at
MOMENT = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)


# --------------------------------------------------------------------------- dates


def report_dates(calendar: Calendar, year: int) -> list[dt.date]:
    """Dates around a plan's year: before it starts, its first day, every quarter end,
    mid-quarter days, some month ends, and after it ends (while lagged figures are due
    and long after)."""
    plan_year = Period.of(calendar, Frequency.YEAR, year)
    start, end = plan_year.start, plan_year.end
    quarters = [Period.of(calendar, Frequency.QUARTER, year, i) for i in range(1, 5)]
    months = [Period.of(calendar, Frequency.MONTH, year, i) for i in (1, 5, 11)]
    days = {
        start - dt.timedelta(days=200),
        start - dt.timedelta(days=100),
        start - dt.timedelta(days=1),
        start,
        *(q.end for q in quarters),
        *(q.start + dt.timedelta(days=45) for q in quarters),
        quarters[2].start,
        *(m.end for m in months),
        end + dt.timedelta(days=1),
        end + dt.timedelta(days=31),
        end + dt.timedelta(days=92),
        end + dt.timedelta(days=200),
        end + dt.timedelta(days=366),
    }
    return sorted(days)


def test_report_dates_cover_the_year() -> None:
    """The dates of the 2017-18 plan include each quarter end and days before and after it."""
    days = report_dates(Calendar.UK_FINANCIAL_YEAR, 2017)
    for quarter_end in ("2017-06-30", "2017-09-30", "2017-12-31", "2018-03-31"):
        assert dt.date.fromisoformat(quarter_end) in days
    assert dt.date(2017, 3, 31) in days
    assert dt.date(2018, 4, 1) in days
    assert dt.date(2017, 5, 16) in days  # mid Q1
    assert min(days) < dt.date(2017, 4, 1) < dt.date(2018, 3, 31) < max(days)


def load(plan: Plan) -> tuple[Catalogue, Actuals]:
    """The plan's catalogue and actuals, read from their texts (never refused: see the
    module docstring)."""
    catalogue = cspmeasures.loads_catalogue(plan.catalogue_text, "generated.yaml")
    actuals = cspmeasures.loads_actuals(
        plan.actuals_text, catalogue, f"generated.{plan.actuals_format}"
    )
    for family in plan.families:
        event(f"family: {family}")
    event(f"actuals: {plan.actuals_format}, calendar: {plan.calendar.value}")
    return catalogue, actuals


def _events(report: Report) -> None:
    for evaluation in report.evaluations:
        event(f"status: {evaluation.status.value}")
        if evaluation.warnings:
            event("a result with warnings")
        if evaluation.comparison:
            event("a result with a comparison")
        if evaluation.lower is not None:
            event("a result with an interval")


# --------------------------------------------------------------------------- property tests

#: the families whose status turns on how near a figure is to its target
NEAR_TARGET = ("amount", "range", "threshold", "change", "comparator", "benchmark")
extra_days = st.lists(st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31)), min_size=0, max_size=2)


@examples(90)
@given(plan=plans(), more=extra_days)
def test_evaluate_agrees_with_evaluate_measure(plan: Plan, more: list[dt.date]) -> None:
    """For generated plans, every result of evaluate() is evaluate_measure()'s, field by
    field and as to_dict(), at every date around the year."""
    catalogue, actuals = load(plan)
    for day in [*report_dates(plan.calendar, plan.year), *more]:
        report = cspmeasures.evaluate(catalogue, actuals, day)
        _events(report)
        assert_report_agrees(catalogue, actuals, report, day, "generated plan")


@examples(80)
@given(plan=plans(common=True), more=extra_days)
def test_everyday_measures_agree(plan: Plan, more: list[dt.date]) -> None:
    """For plans of everyday measures (a value, count or ratio, point in time, unrounded, no
    status rules, mostly clean rows, usually a tolerance: the ones a quick route takes),
    every result of evaluate() is evaluate_measure()'s at every date around the year."""
    catalogue, actuals = load(plan)
    for day in [*report_dates(plan.calendar, plan.year), *more]:
        report = cspmeasures.evaluate(catalogue, actuals, day)
        _events(report)
        assert_report_agrees(catalogue, actuals, report, day, "everyday plan")


@examples(100)
@given(plan=plans(common=True, families=NEAR_TARGET))
def test_everyday_measures_near_their_targets_agree(plan: Plan) -> None:
    """For everyday amounts, ranges, thresholds, changes, comparators and benchmarks,
    usually with a tolerance and figures near the target (met, at risk, off track, missed
    by a little; a ratio's interval just short of a comparator), evaluate() gives
    evaluate_measure()'s results at every date around the year."""
    catalogue, actuals = load(plan)
    for day in report_dates(plan.calendar, plan.year):
        report = cspmeasures.evaluate(catalogue, actuals, day)
        _events(report)
        assert_report_agrees(catalogue, actuals, report, day, "near the target")


@examples(25)
@given(plan=plans(), data=st.data())
def test_evaluate_of_some_measures_as_at_a_period_agrees(plan: Plan, data: st.DataObject) -> None:
    """evaluate(..., as_of=a period, measures=some ids) gives evaluate_measure's results
    at the period's end, for the measures asked for, in catalogue order."""
    catalogue, actuals = load(plan)
    ids = [m.id for m in catalogue.measures]
    wanted = data.draw(st.lists(st.sampled_from(ids), unique=True, min_size=1), label="measures")
    frequency = data.draw(st.sampled_from([Frequency.QUARTER, Frequency.MONTH]), label="frequency")
    # from the last period of the year before to the one after the plan's year, every
    # quarter or every fourth month
    first = Period.of(plan.calendar, frequency, plan.year - 1).shift(frequency.periods_per_year - 1)
    step = 1 if frequency is Frequency.QUARTER else 4
    for offset in range(0, 2 * frequency.periods_per_year + 1, step):
        period = first.shift(offset)
        report = cspmeasures.evaluate(catalogue, actuals, period, measures=wanted)
        assert report.as_of == period.end
        chosen = [m for m in catalogue.measures if m.id in wanted]
        assert [e.id for e in report.evaluations] == [m.id for m in chosen]
        for measure, got in zip(chosen, report.evaluations, strict=True):
            want = evaluate_measure(catalogue, measure, actuals, period.end)
            assert_agree(got, want, f"{measure.id} as at {period.label}")


def _read(evaluation: Evaluation, names: Iterable[str]) -> None:
    for name in names:
        getattr(evaluation, name)


def _in_orders(
    make: Callable[[], Report],
) -> list[list[dict[str, Any]]]:
    """The results of ``make()`` read in four orders, as to_dict() (with steps)."""
    orders: list[list[dict[str, Any]]] = []

    def dicts(report: Report) -> list[dict[str, Any]]:
        return [
            {**e.to_dict(), "steps": list(e.steps), "display_expected": e.display_expected}
            for e in report.evaluations
        ]

    # texts first, from the last result back, then the core fields
    report = make()
    for evaluation in reversed(report.evaluations):
        _read(evaluation, TEXT_FIELDS)
    for evaluation in report.evaluations:
        _read(evaluation, CORE_FIELDS)
    orders.append(dicts(report))
    # core fields first, then the texts
    report = make()
    for evaluation in report.evaluations:
        _read(evaluation, CORE_FIELDS)
    for evaluation in report.evaluations:
        _read(evaluation, TEXT_FIELDS)
    orders.append(dicts(report))
    # interleaved: one result's texts, the next one's core fields
    report = make()
    for index, evaluation in enumerate(report.evaluations):
        _read(evaluation, TEXT_FIELDS if index % 2 else CORE_FIELDS)
    for index, evaluation in enumerate(report.evaluations):
        _read(evaluation, CORE_FIELDS if index % 2 else TEXT_FIELDS)
    orders.append(dicts(report))
    # nothing read before to_dict()
    orders.append(dicts(make()))
    return orders


def assert_order_free(catalogue: Catalogue, actuals: Actuals, days: list[dt.date]) -> int:
    """Reading results texts-first or core-first gives the same to_dict(); so does reading
    a report only after later reports were made. Returns the number of results checked."""
    checked = 0
    for day in days:
        orders = _in_orders(functools.partial(cspmeasures.evaluate, catalogue, actuals, day))
        first = orders[0]
        for other in orders[1:]:
            assert _same(other, first), f"as at {day}: reading order changed a result"
            assert json.dumps(other) == json.dumps(first)
        checked += len(first)
    # every report made before any is read, then read from the last date back
    reports = [(day, cspmeasures.evaluate(catalogue, actuals, day)) for day in days]
    for day, report in reversed(reports):
        for evaluation in report.evaluations:
            _read(evaluation, TEXT_FIELDS)
        assert_report_agrees(catalogue, actuals, report, day, "read after later reports")
    return checked


@examples(25)
@given(plan=plans())
def test_reading_order_does_not_change_results(plan: Plan) -> None:
    """For generated plans, results read texts-first, core-first, interleaved or not at all
    give identical to_dict(), and a report read after later ones is still right."""
    catalogue, actuals = load(plan)
    days = report_dates(plan.calendar, plan.year)[::3]
    assert assert_order_free(catalogue, actuals, days) == len(days) * len(catalogue.measures)


@examples(25)
@given(plan=plans(), indent=st.sampled_from([2, None, 0]))
def test_report_json_is_built_from_evaluate_measure(plan: Plan, indent: int | None) -> None:
    """Report.to_json() of evaluate() is the JSON written from evaluate_measure's results,
    and to_dicts() their to_dict()s."""
    catalogue, actuals = load(plan)
    for day in report_dates(plan.calendar, plan.year)[1::4]:
        report = cspmeasures.evaluate(catalogue, actuals, day)
        references = [evaluate_measure(catalogue, m, actuals, day) for m in catalogue.measures]
        assert report.to_json(indent, generated_at=MOMENT) == reference_json(
            catalogue, references, day, indent
        )
        assert _same(report.to_dicts(), [e.to_dict() for e in references])


# --------------------------------------------------------------------------- the comparison itself


def test_public_fields_cover_the_result() -> None:
    """PUBLIC_FIELDS names the stable fields, every to_dict() key and display_expected and steps."""
    catalogue = cspmeasures.load_catalogue(MEDWAY)
    actuals = cspmeasures.load_actuals(MEDWAY_ACTUALS, catalogue)
    result = cspmeasures.evaluate(catalogue, actuals, dt.date(2017, 9, 30)).evaluations[0]
    assert set(FIELDS) <= set(PUBLIC_FIELDS)
    assert set(result.to_dict()) <= set(PUBLIC_FIELDS)
    assert {"display_expected", "steps", "rag"} <= set(PUBLIC_FIELDS)
    assert set(CORE_FIELDS) | set(TEXT_FIELDS) == set(PUBLIC_FIELDS)


class _Altered:
    """An evaluation with one public field replaced, in its attribute and its to_dict()."""

    def __init__(self, base: Evaluation, name: str, value: object) -> None:
        self._base, self._name, self._value = base, name, value

    def __getattr__(self, name: str) -> object:
        return self._value if name == self._name else getattr(self._base, name)

    def to_dict(self) -> dict[str, Any]:
        result = self._base.to_dict()
        if self._name in result:
            value = self._value
            result[self._name] = (
                value.value
                if isinstance(value, (Status, Trend, RAG))
                else list(value)
                if isinstance(value, tuple)
                else value
            )
        return result


def test_comparison_catches_a_difference_in_any_field() -> None:
    """assert_agree fails when any one public field differs, including steps (outside to_dict)
    and a float differing in its last bit."""
    catalogue, actuals = _medway()
    measure = catalogue.measure("yot-triage-reoffending")
    base = evaluate_measure(catalogue, measure, actuals, dt.date(2017, 9, 30))
    assert_agree(base, base, "same")
    assert base.value == 0.3  # 6 of 20
    assert base.steps  # the working is there to be compared
    changed: dict[str, object] = {
        "id": "other",
        "title": "Other",
        "theme": "other",
        "period": "2017-18 Q1",
        "value": math.nextafter(0.3, 1.0),
        "display_value": "30%",
        "target": "< 21%",
        "expected": 0.2,
        "status": Status.MISSED,
        "rag": RAG.AMBER,
        "reason": "other",
        "trend": Trend.IMPROVING,
        "comparison": "better than Kent",
        "flags": ("provisional",),
        "warnings": ("a warning",),
        "unit": "",
        "lower": 0.0,
        "upper": None,
        "trend_last_year": Trend.WORSENING,
        "display_expected": "0",
        "steps": (*base.steps, "one more step"),
        "polarity": "higher-is-better",
        "target_kind": "range",
        "target_operator": "<=",
        "target_level": math.nextafter(0.2, 1.0),
        "target_low": 0.1,
        "target_high": 0.3,
        "tolerance_low": 0.1,
        "tolerance_high": 0.25,
        "baseline": "b",
        "baseline_value": 0.5,
        "numerator": 7.0,
        "denominator": 21.0,
        "population": 21.0,
        "previous_period": "2017-18 Q3",
        "previous_value": 0.1,
        "owner": "someone else",
        "note": "a note",
    }
    assert set(changed) == set(PUBLIC_FIELDS)
    for name, value in changed.items():
        other = _Altered(base, name, value)
        try:
            assert_agree(base, other, name)  # type: ignore[arg-type]
        except AssertionError:
            continue
        raise AssertionError(f"a different {name} was not noticed")


def test_relative_change_from_a_negative_baseline_cannot_be_evaluated() -> None:
    """A relative change from a negative baseline (declared, or a period's figure) is
    cannot-evaluate on both paths, as from a zero baseline, instead of an error."""
    text = """\
catalogue: {id: c, title: C, year: 2017-18}
themes: [{id: t, title: T}]
measures:
  - {id: declared, title: D, theme: t, polarity: lower, baselines: [{id: b, value: "-5"}],
     target: 10% reduction on b}
  - {id: from-period, title: P, theme: t, polarity: higher, unit: percent,
     value: "reduction(before, during)", baselines: [{id: b, period: 2016-17 Q4}],
     target: 10% increase on b}
"""
    catalogue = cspmeasures.loads_catalogue(text, "c.yaml")
    actuals = cspmeasures.loads_actuals(
        "measure,period,value,numerator,denominator\n"
        "declared,2017-18 Q1,3,,\n"
        "from-period,2016-17 Q4,,2,1\n"  # (1 - 2) / 1: a reduction of -100%
        "from-period,2017-18 Q1,,1,2\n",
        catalogue,
    )
    day = dt.date(2017, 6, 30)
    report = cspmeasures.evaluate(catalogue, actuals, day)
    references = assert_report_agrees(catalogue, actuals, report, day, "negative baseline")
    for result in references:
        assert result.status is Status.CANNOT_EVALUATE, result.id
        assert "negative baseline" in result.reason
    assert references[0].value == 3.0
    assert references[1].value == 0.5  # (2 - 1) / 2


# --------------------------------------------------------------------------- the Medway plan

QUARTER_ENDS_2017_18 = (
    dt.date(2017, 6, 30),
    dt.date(2017, 9, 30),
    dt.date(2017, 12, 31),
    dt.date(2018, 3, 31),
)


def _medway() -> tuple[Catalogue, Actuals]:
    catalogue = cspmeasures.load_catalogue(MEDWAY)
    return catalogue, cspmeasures.load_actuals(MEDWAY_ACTUALS, catalogue)


def test_medway_agrees_at_each_quarter_end() -> None:
    """The bundled Medway plan, at each quarter end of 2017-18, gives evaluate_measure's
    result for every measure, field by field."""
    catalogue, actuals = _medway()
    statuses: set[Status] = set()
    for day in QUARTER_ENDS_2017_18:
        report = cspmeasures.evaluate(catalogue, actuals, day)
        assert len(report.evaluations) == len(catalogue.measures) > 30
        assert_report_agrees(catalogue, actuals, report, day, "Medway")
        statuses |= {e.status for e in report.evaluations}
    # the check ran over a plan with varied results, not one status throughout
    assert {Status.MET, Status.OFF_TRACK, Status.NO_DATA} <= statuses


def test_medway_at_q2_spot_values() -> None:
    """At 30 September 2017 the compared results are the report's own figures (506
    assessments against 420 expected; 6 of 20 re-offended is 30.0%)."""
    catalogue, actuals = _medway()
    day = dt.date(2017, 9, 30)
    report = cspmeasures.evaluate(catalogue, actuals, day)
    references = assert_report_agrees(catalogue, actuals, report, day, "Medway")
    by_id = {e.id: e for e in references}
    assessments = by_id["early-help-assessments"]
    assert (assessments.value, assessments.expected) == (506.0, 420.0)
    triage = by_id["yot-triage-reoffending"]
    assert triage.display_value == "30.0%"
    assert triage.status is Status.OFF_TRACK
    assert triage.lower is not None
    assert triage.upper is not None
    assert math.isclose(triage.lower, 0.145, abs_tol=0.0005)
    assert math.isclose(triage.upper, 0.519, abs_tol=0.0005)


def test_medway_reading_order_does_not_change_results() -> None:
    """The Medway results read texts-first or core-first give identical to_dict()."""
    catalogue, actuals = _medway()
    checked = assert_order_free(catalogue, actuals, list(QUARTER_ENDS_2017_18))
    assert checked == 4 * len(catalogue.measures)


def test_medway_json_is_built_from_evaluate_measure() -> None:
    """Medway's Report.to_json() at each quarter end is the JSON of evaluate_measure's results."""
    catalogue, actuals = _medway()
    for day in QUARTER_ENDS_2017_18:
        report = cspmeasures.evaluate(catalogue, actuals, day)
        references = [evaluate_measure(catalogue, m, actuals, day) for m in catalogue.measures]
        text = report.to_json(generated_at=MOMENT)
        assert text == reference_json(catalogue, references, day, 2)
        assert json.loads(text)["as_of"] == day.isoformat()
        assert len(json.loads(text)["results"]) == len(catalogue.measures)
