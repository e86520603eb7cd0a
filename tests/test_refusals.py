"""What the catalogue loader refuses beyond malformed input: ids a reader cannot tell apart,
references that could mean two things, and plans that contradict themselves.

Each test builds a small catalogue (HEAD and one or more measures) and checks the one
problem it gives: its line, column, path and whole message, worked out from the text.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cspmeasures import units
from cspmeasures.actuals import loads_actuals
from cspmeasures.catalogue import loads_catalogue, reader_key
from cspmeasures.errors import ActualsError, CatalogueError, Problem
from cspmeasures.evaluate import evaluate
from cspmeasures.model import Comparator, Measure

HEAD = """\
catalogue:
  id: demo
  title: Demo plan
  year: 2017-18
units:
  assessment: a child assessment
themes:
  - id: rehab
    title: Rehabilitation
measures:
"""
FIRST = 11  # the line of the first measure after HEAD
CORPUS = Path(__file__).parent / "corpus"


def measure(**lines: str) -> str:
    """One measure as a YAML list item: id, title, theme and polarity, then ``lines``."""
    fields = {"id": "m1", "title": "A measure", "theme": "rehab", "polarity": "higher"}
    fields.update(lines)
    items = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "  - " + "\n    ".join(items) + "\n"


def only_problem(body: str, head: str = HEAD) -> Problem:
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(head + body, "plan.yaml")
    problems = info.value.problems
    assert len(problems) == 1, [p.headline() for p in problems]
    return problems[0]


# --- ids and names a reader cannot tell apart --------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("reoffending", "Reoffending"),  # case
        ("m.1", "M.1"),
    ],
)
def test_measure_ids_differing_only_in_case_are_refused(first: str, second: str) -> None:
    """Two measure ids equal but for case: the second is refused, naming the first."""
    body = measure(id=first, target="none", polarity="none") + measure(
        id=second, target="none", polarity="none"
    )
    problem = only_problem(body)
    assert (problem.line, problem.column, problem.path) == (FIRST + 5, 9, "measures[1].id")
    assert problem.message == (
        f"the measure id {second!r} cannot be told apart from {first!r} on line {FIRST}: "
        "they differ only in case, spaces or Unicode form"
    )


def test_theme_ids_differing_only_in_case_are_refused() -> None:
    head = HEAD.replace("measures:\n", "  - id: REHAB\n    title: Again\nmeasures:\n")
    problem = only_problem(measure(target="none", polarity="none"), head)
    assert (problem.line, problem.column, problem.path) == (10, 9, "themes[1].id")
    assert "'REHAB' cannot be told apart from 'rehab' on line 8" in problem.message


def test_baseline_ids_differing_only_in_case_are_refused() -> None:
    body = measure(
        unit="assessment",
        baselines="[{id: y2016, value: 5}, {id: Y2016, value: 6}]",
        target="10% reduction on y2016",
        polarity="lower",
    )
    problem = only_problem(body)
    # "    baselines: [{id: y2016, value: 5}, {id: " is 44 characters
    assert (problem.line, problem.column, problem.path) == (
        FIRST + 5,
        45,
        "measures[0].baselines[1].id",
    )
    assert "the baseline id 'Y2016' cannot be told apart from 'y2016'" in problem.message


@pytest.mark.parametrize(
    "second",
    [
        "Kent",  # the same
        "KENT",  # case
        "Kent ",  # a trailing space (YAML keeps it inside quotes)
        "\uff2b\uff45\uff4e\uff54",  # fullwidth letters: NFKC gives 'Kent'
        "\u212aent",  # KELVIN SIGN: NFKC gives 'K'
    ],
)
def test_comparator_names_a_reader_cannot_tell_apart_are_refused(second: str) -> None:
    """Two comparators named alike (after NFKC, case folding and white space) are refused
    at the second name."""
    body = measure(
        unit="percent",
        comparators=f'[{{id: a, name: Kent, value: 70%}}, {{id: b, name: "{second}", value: 80%}}]',
        target="better than Kent",
    )
    problem = only_problem(body)
    # '    comparators: [{id: a, name: Kent, value: 70%}, {id: b, name: ' is 65 characters
    assert (problem.line, problem.column) == (FIRST + 5, 66)
    assert problem.path == "measures[0].comparators[1].name"
    if second.strip() == "Kent":
        assert problem.message == "duplicate comparator name 'Kent': it is already used on line 16"
    else:
        assert problem.message == (
            f"the comparator name {second.strip()!r} cannot be told apart from 'Kent' on line "
            "16: they differ only in case, spaces or Unicode form"
        )


def test_comparator_name_that_is_another_comparators_id_is_refused() -> None:
    """'better than k2' could mean the comparator with id k2 or the one named k2: refused."""
    body = measure(
        unit="percent",
        comparators="[{id: k1, name: k2, value: 70%}, {id: k2, value: 80%}]",
        target="better than k2",
    )
    problem = only_problem(body)
    # '    comparators: [{id: k1, name: ' is 33 characters
    assert (problem.line, problem.column, problem.path) == (
        FIRST + 5,
        34,
        "measures[0].comparators[0].name",
    )
    assert problem.message == (
        "the comparator name 'k2' is the id of another comparator (line 16): a target naming "
        "it could mean either"
    )


def test_a_comparator_may_be_named_as_its_own_id() -> None:
    """id kent, name Kent: one comparator, so no ambiguity."""
    body = measure(
        unit="percent",
        comparators="[{id: kent, name: Kent, value: 88%}]",
        target="better than Kent",
    )
    catalogue = loads_catalogue(HEAD + body)
    assert catalogue.measure("m1").comparators[0].display_name == "Kent"


def test_a_comparator_is_found_by_its_id_before_any_name() -> None:
    """Measure.comparator matches ids first, exactly, then names exactly."""
    by_name = Comparator("k1", 0.7, name="k2")
    by_id = Comparator("k2", 0.8)
    measure_ = Measure("m", "M", "t", comparators=(by_name, by_id))
    assert measure_.comparator("k2") is by_id
    assert measure_.comparator("k1") is by_name
    assert measure_.comparator("K2") is None


# --- targets the polarity contradicts ------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "target", "wanted"),
    [
        ("higher-is-better", "10% reduction on y1", "'10% reduction on y1' asks for a fall"),
        ("higher", "reduce on y1", "'reduce on y1' asks for a fall"),
        ("lower-is-better", "increase on y1", "'increase on y1' asks for a rise"),
        ("lower", "5 assessments increase on y1", "'5 assessments increase on y1' asks for a rise"),
    ],
)
def test_a_change_against_the_polarity_is_refused(polarity: str, target: str, wanted: str) -> None:
    """A reduction on a higher-is-better measure (or an increase on a lower-is-better one)
    would call a worsening a success: refused at the target, naming the polarity's line."""
    body = measure(
        polarity=polarity, unit="assessment", baselines="[{id: y1, value: 100}]", target=target
    )
    problem = only_problem(body)
    assert (problem.line, problem.column, problem.path) == (FIRST + 6, 13, "measures[0].target")
    assert problem.message == (
        f"the target {wanted}, but the measure's polarity (line {FIRST + 3}) is "
        f"{'higher' if polarity.startswith('higher') else 'lower'}-is-better: make the two agree"
    )


def test_a_change_part_of_all_of_against_the_polarity_is_refused() -> None:
    body = measure(
        unit="percent",
        baselines="[{id: y1, value: 50%}]",
        target='{all_of: [">= 10%", "reduce on y1"]}',
    )
    assert "'reduce on y1' asks for a fall" in only_problem(body).message


@pytest.mark.parametrize(
    ("polarity", "target"),
    [("higher", "10% increase on y1"), ("lower", "10% reduction on y1"), ("lower", "reduce on y1")],
)
def test_a_change_with_the_polarity_loads(polarity: str, target: str) -> None:
    body = measure(
        polarity=polarity, unit="percent", baselines="[{id: y1, value: 50%}]", target=target
    )
    assert loads_catalogue(HEAD + body).measure("m1").target.kind == "change"


# --- targets no figure (or every figure) meets ---------------------------------------------


RATIO = {"unit": "percent", "value": "reoffended / cohort"}


@pytest.mark.parametrize(
    ("fields", "target", "message"),
    [
        (RATIO, '"> 100%"', "'> 100%' can never be met: the measure's figures are from 0% to 100%"),
        (RATIO, '">= 100.1%"', "can never be met: the measure's figures are from 0% to 100%"),
        (RATIO, '"<= 100%"', "'<= 100%' is always met: the measure's figures are from 0% to 100%"),
        (RATIO, '"< 0%"', "'< 0%' can never be met"),
        ({**RATIO, "polarity": "in-range"}, '"between 110% and 120%"', "can never be met"),
        (
            {"unit": "percent"},
            '">= -5%"',
            "'>= -5%' is always met: the measure's figures are never below 0%",
        ),
        ({"unit": "percent"}, '">= 0%"', "'>= 0%' is always met"),
        ({"unit": "percent"}, '"< 0%"', "'< 0%' can never be met"),
        ({"unit": "assessment", "value": "count"}, '"< 0"', "'< 0 assessments' can never be met"),
        (
            {"unit": "percent", "value": "reduction(before, during)"},
            '"> 100%"',
            "can never be met: the measure's figures are at most 100%",
        ),
        (
            {"unit": "percent"},
            '{all_of: [">= 80%", "< 50%"]}',
            "'>= 80% and < 50%' can never be met: its parts cannot all be met at once",
        ),
        (
            {"unit": "percent"},
            '{all_of: [">= 50%", "< 50%"]}',
            "its parts cannot all be met at once",
        ),
    ],
)
def test_targets_that_say_nothing_are_refused(
    fields: dict[str, str], target: str, message: str
) -> None:
    """A target no figure of the measure can meet, or every figure meets, is refused."""
    problem = only_problem(measure(**fields, target=target))
    assert problem.path == "measures[0].target"
    # id, title, theme and polarity come first, then the fields not among them, then target
    assert problem.line == FIRST + 4 + len(set(fields) - {"polarity"})
    assert message in problem.message


@pytest.mark.parametrize(
    ("fields", "target"),
    [
        (RATIO, '">= 100%"'),  # only 100% meets it, which a cohort can reach
        (RATIO, '"< 100%"'),
        (RATIO, '"> 0%"'),
        (RATIO, '"<= 0%"'),
        ({"unit": "percent"}, '"> 100%"'),  # a percentage that is not a ratio may pass 100%
        ({"unit": "percent"}, '"<= 0%"'),
        ({"unit": "percent"}, '{all_of: [">= 50%", "<= 50%"]}'),  # exactly 50%
        ({}, '">= -5"'),  # a plain number may be negative
        ({"unit": "percent", "value": "reduction(before, during)"}, '">= -20%"'),
    ],
)
def test_targets_some_figures_meet_load(fields: dict[str, str], target: str) -> None:
    assert loads_catalogue(HEAD + measure(**fields, target=target)).measure("m1")


# --- baselines that can never have a figure ------------------------------------------------


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2018-19", "the baseline period 2018-19 is after the catalogue's year 2017-18"),
        ("2018-19 Q1", "the baseline period 2018-19 Q1 is after the catalogue's year 2017-18"),
        ("2017/18", "the baseline period 2017-18 is the catalogue's year, the year being judged"),
        ("2006/07", "2006-07 is more than 10 years before the catalogue's year 2017-18"),
        ("Mar 2007", "2007-03 is more than 10 years before"),
    ],
)
def test_baseline_periods_without_a_figure_are_refused(period: str, message: str) -> None:
    body = measure(
        polarity="lower",
        unit="percent",
        baselines=f"[{{id: b, period: {period}}}]",
        target="reduce on b",
    )
    problem = only_problem(body)
    # '    baselines: [{id: b, period: ' is 32 characters
    assert (problem.line, problem.column) == (FIRST + 5, 33)
    assert problem.path == "measures[0].baselines[0].period"
    assert message in problem.message


@pytest.mark.parametrize("period", ["2016/17", "2007/08", "Apr 2007", "2017-18 Q1", "Mar 2018"])
def test_baseline_periods_with_a_figure_load(period: str) -> None:
    """The ten years before the plan's year, and a quarter or month within it, load."""
    body = measure(
        polarity="lower",
        unit="percent",
        baselines=f"[{{id: b, period: {period}}}]",
        target="reduce on b",
    )
    assert loads_catalogue(HEAD + body).measure("m1").baselines[0].period == period


def test_a_baseline_with_a_value_and_a_period_keeps_both() -> None:
    """The value is the period's figure as published; the period says what it covers."""
    body = measure(
        polarity="lower",
        unit="percent",
        baselines="[{id: b, value: 20%, period: 2016/17}]",
        target="reduce on b",
    )
    catalogue = loads_catalogue(HEAD + body, "plan.yaml")
    baseline = catalogue.measures[0].baselines[0]
    assert (baseline.value, baseline.period) == (0.2, "2016/17")


# --- status rules ----------------------------------------------------------------------------


def test_a_status_rule_with_no_conditions_is_refused() -> None:
    body = measure(
        unit="percent",
        target='">= 75%"',
        status_rules="[{when: [], status: met}, {otherwise: off-track}]",
    )
    problem = only_problem(body)
    # '    status_rules: [{when: ' is 26 characters
    assert (problem.line, problem.column) == (FIRST + 6, 27)
    assert problem.path == "measures[0].status_rules[0].when"
    assert "'otherwise: STATUS'" in problem.message


# --- what evaluate could not use is refused by the loaders, located -------------------------


RATES = """\
catalogue: {id: r, title: R, year: 2017-18}
themes: [{id: s, title: S}]
measures:
  - {id: crime-rate, title: Crime rate, theme: s, value: offences per 1000 population,
     polarity: lower, target: "< 50"}
  - {id: iom, title: IOM, theme: s, unit: percent, value: "reduction(before, during)",
     polarity: higher, target: ">= 60%"}
"""


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "crime-rate,2017-18 Q2,5,1e-300",
            "a rate's population is a number of people: expected at least 1, found '1e-300'",
        ),
        (
            "crime-rate,2017-18 Q2,5,0.5",
            "a rate's population is a number of people: expected at least 1, found '0.5'",
        ),
        (
            "iom,2017-18 Q2,1000000000000000,0.000001",
            "the 'before' figure is a count: expected 0 or at least 1, found '0.000001'",
        ),
    ],
)
def test_denominators_that_would_overflow_are_refused(row: str, message: str) -> None:
    """5 offences in a population of 1e-300 is a rate of 5e303 per 1,000: past any float
    once the interval is worked out, and no population. Refused at the cell."""
    catalogue = loads_catalogue(RATES)
    with pytest.raises(ActualsError) as info:
        loads_actuals(f"measure,period,numerator,denominator\n{row}\n", catalogue, "a.csv")
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.path) == ("a.csv", 2, "line 2.denominator")
    assert problem.message == message


def test_smallest_denominators_allowed_evaluate() -> None:
    """A population of 1 and a 'before' count of 1 load, and the report is worked out."""
    catalogue = loads_catalogue(RATES)
    text = (
        "measure,period,numerator,denominator\n"
        "crime-rate,2017-18 Q2,1000000000000000,1\niom,2017-18 Q2,1000000000000000,1\n"
    )
    report = evaluate(catalogue, loads_actuals(text, catalogue), dt.date(2017, 9, 30))
    # 10^15 offences in a population of 1 is 10^18 per 1,000; (1 - 10^15) / 1 a reduction
    # of about -10^17 percent
    assert report.get("crime-rate").value == 1e18
    assert report.get("iom").value == 1 - 1e15


@pytest.mark.parametrize(("places", "refused"), [(12, False), (13, True), (300, True)])
def test_reported_figures_past_the_printed_precision_are_refused(
    places: int, refused: bool
) -> None:
    """A reported figure is audited at its own precision: at most 12 decimal places."""
    good = loads_catalogue((CORPUS / "good-minimal.yaml").read_text(encoding="utf-8"))
    printed = "80." + "0" * places + "%"
    text = f"measure,period,value,reported\nvictims-contacted,2017-18 Q2,80%,{printed}\n"
    if not refused:
        actuals = loads_actuals(text, good)
        result = evaluate(good, actuals, dt.date(2017, 9, 30)).get("victims-contacted")
        assert result.warnings == ()  # 80% printed to 12 places is 80%
        return
    with pytest.raises(ActualsError) as info:
        loads_actuals(text, good, "a.csv")
    (problem,) = info.value.problems
    assert problem.message == (
        f"the reported figure {printed!r} has {places} decimal places: a figure is printed "
        "with at most 12"
    )


@pytest.mark.parametrize(
    ("tolerance", "message"),
    [
        ("-10% of target", "a tolerance cannot be negative, found '-10% of target'"),
        ("-2 percentage points", "a tolerance cannot be negative, found '-2 percentage points'"),
    ],
)
def test_negative_tolerances_are_refused(tolerance: str, message: str) -> None:
    problem = only_problem(measure(unit="percent", target='">= 75%"', tolerance=tolerance))
    assert (problem.line, problem.column, problem.path) == (FIRST + 6, 16, "measures[0].tolerance")
    assert problem.message == message


def test_profile_shares_whose_sum_overflows_are_refused() -> None:
    body = measure(
        unit="assessment",
        target="{amount: 840 assessments, per: year, profile: [1e308, 1e308, 1e308, 1e308]}",
    )
    problem = only_problem(body)
    assert problem.path == "measures[0].target.profile"
    assert problem.message == (
        "the shares of an explicit profile are too large: their sum is beyond a float"
    )
    # weights of 1e300 each are a finite sum: an even profile, by another name
    even = measure(
        unit="assessment",
        target="{amount: 840 assessments, per: year, profile: [1e300, 1e300, 1e300, 1e300]}",
    )
    catalogue = loads_catalogue(HEAD + even)
    actuals = loads_actuals(
        "measure,period,value\nm1,2017-18 Q1,200\nm1,2017-18 Q2,230\n", catalogue
    )
    assert evaluate(catalogue, actuals, dt.date(2017, 9, 30)).get("m1").expected == 420.0


# --- principle: every spelling of a number the docs do not define is refused, everywhere --


#: spellings the docs do not define: separators, other bases, digit groups, other scripts
UNDEFINED_NUMBERS = [
    "1,23",
    "0x10",
    "0b101",
    "0o17",
    "1_000",
    "1.2.3",
    "12abc",
    "\u0661\u0662",  # Arabic-Indic digits one, two
    "\uff11\uff12",  # fullwidth digits
    "\u00b2",  # superscript two
]

#: (the YAML line of a measure, as a template) for each place a catalogue reads a number
CATALOGUE_PLACES = {
    "target": ("    unit: assessment\n    target: ", "{n} assessments per year"),
    "tolerance": (
        '    unit: assessment\n    target: "840 assessments per year"\n    tolerance: ',
        "{n}",
    ),
    "threshold": ("    unit: percent\n    target: ", '">= {n}%"'),
    "baseline": (
        "    unit: percent\n    polarity: lower\n    target: reduce on b\n    baselines: ",
        "[{{id: b, value: '{n}%'}}]",
    ),
    "comparator": (
        "    unit: percent\n    target: better than k\n    comparators: ",
        "[{{id: k, value: '{n}%'}}]",
    ),
    "profile": (
        "    unit: assessment\n    target: ",
        "{{amount: 840 assessments, per: year, profile: ['{n}', '1', '1', '1']}}",
    ),
    "decimals": ('    unit: percent\n    target: ">= 75%"\n    decimals: ', "'{n}'"),
    "data_lag": ('    unit: percent\n    target: ">= 75%"\n    data_lag: ', "'{n}'"),
    "rate base": ('    value: offences per {n} population\n    target: "< 5"', ""),
}


@pytest.mark.parametrize("place", list(CATALOGUE_PLACES))
@pytest.mark.parametrize("number", UNDEFINED_NUMBERS)
def test_undefined_number_spellings_are_refused_in_a_catalogue(place: str, number: str) -> None:
    """Each spelling is refused wherever a catalogue reads a number, at that line."""
    head, value = CATALOGUE_PLACES[place]
    text = (head + value).format(n=number)
    body = "  - id: m1\n    title: A measure\n    theme: rehab\n" + text.replace(
        "    polarity: lower\n", ""
    )
    if "polarity" not in text:
        body += "\n    polarity: higher"
    else:
        body += "\n    polarity: lower"
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(HEAD + body + "\n", "plan.yaml")
    lines = (HEAD + body).split("\n")
    # the problem is at the number's line (a comparator refused is also one a target lacks)
    at = [p for p in info.value.problems if p.line and number in lines[p.line - 1]]
    assert at, [p.headline() for p in info.value.problems]


ACTUALS_PLACES = {
    "value": ('measure,period,value\nassessments,2017-18 Q1,"{n}"\n', "assessments"),
    "percent": ('measure,period,value\nvictims-contacted,2017-18 Q2,"{n}%"\n', None),
    "numerator": ('measure,period,numerator,denominator\nreoffending,2017-18 Q2,"{n}",80\n', None),
    "denominator": ('measure,period,numerator,denominator\nreoffending,2017-18 Q2,1,"{n}"\n', None),
    "yaml value": (
        "actuals:\n  - {{measure: assessments, period: 2017-18 Q1, value: '{n}'}}\n",
        None,
    ),
}


@pytest.mark.parametrize("place", list(ACTUALS_PLACES))
@pytest.mark.parametrize("number", UNDEFINED_NUMBERS)
def test_undefined_number_spellings_are_refused_in_actuals(place: str, number: str) -> None:
    """Each spelling is refused in every figure of a CSV or YAML row, at its line (a
    thousands separator in a CSV cell, '1,234', is defined; '1,23' is not)."""
    good = loads_catalogue((CORPUS / "good-minimal.yaml").read_text(encoding="utf-8"))
    template, _ = ACTUALS_PLACES[place]
    name = "a.yaml" if place.startswith("yaml") else "a.csv"
    with pytest.raises(ActualsError) as info:
        loads_actuals(template.format(n=number), good, name)
    (problem,) = info.value.problems
    assert problem.line == 2
    assert number in problem.message


def test_defined_number_spellings_are_read() -> None:
    """The spellings the docs define: digits, a point, an exponent; thousands in actuals."""
    good = loads_catalogue((CORPUS / "good-minimal.yaml").read_text(encoding="utf-8"))
    text = (
        "measure,period,value,numerator,denominator\n"
        'assessments,2017-18 Q1,"1,234",,\nassessments,2017-18 Q2,1.2e3,,\n'
        "reoffending,2017-18 Q2,,.5e1,8E1\nvictims-contacted,2017-18 Q2,80.5%,,\n"
    )
    rows = loads_actuals(text, good)
    assert [o.value for o in rows][:2] == [1234.0, 1200.0]
    assert (rows.observations[2].numerator, rows.observations[2].denominator) == (5.0, 80.0)
    assert rows.observations[3].value == 0.805


# --- principle: every duplicate is reported where the duplicate stands ----------------------


def test_a_partner_named_twice_is_reported_at_the_second() -> None:
    body = measure(target="none", polarity="none", partners="[Kent Police, KFRS, kent police]")
    problem = only_problem(body)
    # '    partners: [Kent Police, KFRS, ' is 34 characters
    assert (problem.line, problem.column, problem.path) == (
        FIRST + 5,
        35,
        "measures[0].partners[2]",
    )
    assert problem.message == (
        f"the partner 'kent police' cannot be told apart from 'Kent Police' on line {FIRST + 5}: "
        "they differ only in case, spaces or Unicode form"
    )


@pytest.mark.parametrize("cell", ["provisional provisional", "estimated; Estimated"])
def test_a_flag_given_twice_is_reported(cell: str) -> None:
    good = loads_catalogue((CORPUS / "good-minimal.yaml").read_text(encoding="utf-8"))
    text = f"measure,period,value,flag\nassessments,2017-18 Q1,5,{cell}\n"
    with pytest.raises(ActualsError) as info:
        loads_actuals(text, good, "a.csv")
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (2, "line 2.flag")
    assert problem.message == f"the flag {cell.split()[-1]!r} is given twice"


# --- principle: ids and names a reader cannot tell apart, generated ---------------------------


_ID_LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10)


@given(_ID_LETTERS.filter(lambda s: s[0].isalnum()), st.data())
def test_generated_ids_differing_only_in_case_are_refused(word: str, data: st.DataObject) -> None:
    """Any id and a copy with some letters upper-cased: one measure, not two."""
    flips = data.draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    other = "".join(c.upper() if f else c for c, f in zip(word, flips, strict=True))
    body = measure(id=json.dumps(word), target="none", polarity="none") + measure(
        id=json.dumps(other), target="none", polarity="none"
    )
    problem = only_problem(body)
    assert problem.path == "measures[1].id"
    assert problem.line == FIRST + 5
    expected = "duplicate measure id" if other == word else "cannot be told apart"
    assert expected in problem.message


@given(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() and s.isprintable()))
def test_generated_names_equal_after_nfkc_and_case_folding_are_refused(name: str) -> None:
    """Two comparator names with the same NFKC case fold (and white space) are one name."""
    import unicodedata

    other = unicodedata.normalize("NFKC", name).casefold()
    assume(other.strip() and other.isprintable())
    assume(reader_key(name) == reader_key(other))
    assume(reader_key(name) not in ("x1", "x2"))  # not the other comparator's id
    comparators = (
        f"[{{id: x1, name: {json.dumps(name.strip(), ensure_ascii=False)}, value: 70%}}, "
        f"{{id: x2, name: {json.dumps(other.strip(), ensure_ascii=False)}, value: 80%}}]"
    )
    body = measure(unit="percent", comparators=comparators, target="better than x1")
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(HEAD + body, "plan.yaml")
    (problem,) = info.value.problems
    assert problem.path == "measures[0].comparators[1].name"
    assert problem.message.startswith(("duplicate comparator name", "the comparator name"))


# --- principle: numbers, generated --------------------------------------------------------------


@given(st.text(alphabet="0123456789.,_xXbBoOeE+- \u0660\u0661\uff10\uff11", min_size=1, max_size=8))
def test_generated_number_spellings_are_read_only_as_the_docs_define(text: str) -> None:
    """read_number reads exactly the spellings of NUMBER (ASCII digits, a point, an
    exponent) and refuses every other, with a message naming what was written."""
    import re

    defined = re.fullmatch(
        r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", text.strip()
    )
    if defined:
        assert units.read_number(text) == Decimal(text.strip())
    else:
        with pytest.raises(units.UnitProblem, match="as a number"):
            units.read_number(text)


def test_a_unit_that_is_another_units_plural_is_refused() -> None:
    """'visit' and 'visits': '3 visits' could mean either."""
    head = HEAD.replace("units:\n", "units:\n  visit: a visit\n  visits: a round of visits\n")
    problem = only_problem(measure(target="none", polarity="none"), head)
    assert (problem.line, problem.column, problem.path) == (7, 3, "units.visits")
    assert problem.message == (
        "the unit 'visits' cannot be told apart from 'visit' on line 6: one is the other's plural"
    )


@pytest.mark.parametrize(
    "due", ["20180401", "2018-W14-1", "2018-4-1", "\u0662\u0660\u0661\u0668-04-01"]
)
def test_dates_the_docs_do_not_define_are_refused(due: str) -> None:
    """A date is one of the documented forms in ASCII digits: no basic or week form, no
    other script."""
    expected = (
        f"cannot read {due!r} as a date: "
        "expected a date such as '30/09/2017', '30 Sep 2017' or '2017-09-30'"
    )
    mapping = measure(target=f"{{milestone: Plan agreed, due: '{due}'}}", polarity="none")
    problem = only_problem(mapping)
    assert problem.path == "measures[0].target.due"
    assert problem.message == expected
    text = measure(
        unit="percent", target='">= 75%"', status_rules=f"[{{when: 'date > {due}', status: met}}]"
    )
    assert expected in only_problem(text).message


# --- strict CSV --------------------------------------------------------------------------------


def test_a_quoted_note_over_two_lines_still_loads() -> None:
    """Strict reading keeps what CSV allows: a quoted cell may hold a line break and '""'."""
    good = loads_catalogue((CORPUS / "good-minimal.yaml").read_text(encoding="utf-8"))
    text = (
        "measure,period,value,note\n"
        'assessments,2017-18 Q1,200,"Kent and\nMedway, ""joint"""\n'
        "assessments,2017-18 Q2,230,\n"
    )
    rows = loads_actuals(text, good)
    assert [o.value for o in rows] == [200.0, 230.0]
    assert rows.observations[0].note == 'Kent and\nMedway, "joint"'


def test_text_after_a_closing_quote_is_located_at_its_row() -> None:
    """A quote closed mid-cell ('"Kent" and Medway') is malformed: reported at its row, and
    the rows after it are not read into it."""
    good = loads_catalogue((CORPUS / "good-minimal.yaml").read_text(encoding="utf-8"))
    text = (
        "measure,period,value,note\n"
        'assessments,2017-18 Q1,200,"Kent\nassessments,2017-18 Q2,230,"Kent" and Medway\n'
    )
    with pytest.raises(ActualsError) as info:
        loads_actuals(text, good, "a.csv")
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (2, "row at line 2")
    assert problem.message == "malformed CSV (at line 3): ',' expected after '\"'"


def test_a_baseline_quarter_judged_against_itself_cannot_be_evaluated() -> None:
    """A quarter of the year may be the baseline of the quarters after it; judged in that
    quarter the figure would be compared with itself: cannot-evaluate, not off-track."""
    text = HEAD + measure(
        unit="percent",
        polarity="lower",
        baselines="[{id: q1, label: the first quarter, period: 2017-18 Q1}]",
        target="reduce on q1",
    )
    catalogue = loads_catalogue(text)
    actuals = loads_actuals(
        "measure,period,value\nm1,2017-18 Q1,30%\nm1,2017-18 Q2,25%\n", catalogue
    )
    first = evaluate(catalogue, actuals, dt.date(2017, 6, 30)).get("m1")
    assert first.status.value == "cannot-evaluate"
    assert first.reason == (
        "the baseline the first quarter is the period being judged (2017-18 Q1): there is no "
        "earlier figure to compare with"
    )
    # in Q2, 25% against 30% is a reduction of 5/30 = 16.7%
    second = evaluate(catalogue, actuals, dt.date(2017, 9, 30)).get("m1")
    assert second.status.value == "met"
    assert "25.0%, down 5 percentage points (16.7%) on 30.0%," in second.reason


def test_evaluate_frame_refuses_what_the_loader_refuses() -> None:
    """A DataFrame's tiny population and over-precise reported figure are refused as the
    loader refuses them, at their row, not passed on to fail the evaluation."""
    import pandas as pd

    from cspmeasures.frame import evaluate_frame

    catalogue = loads_catalogue(RATES)
    frame = pd.DataFrame(
        {
            "measure": ["crime-rate", "iom"],
            "period": ["2017-18 Q2", "2017-18 Q2"],
            "numerator": [5.0, 3.0],
            "denominator": [1e-300, 43.0],
            "reported": [None, "93.0232558139535%"],
        }
    )
    with pytest.raises(ActualsError) as info:
        evaluate_frame(catalogue, frame, dt.date(2017, 9, 30))
    assert [(p.line, p.message.split(":")[0]) for p in info.value.problems] == [
        (2, "a rate's population is a number of people"),
        (3, "the reported figure '93.0232558139535%' has 13 decimal places"),
    ]


@pytest.mark.parametrize("written", ["Assessments", "assessments ", "\uff41ssessments"])
def test_actuals_name_a_measure_by_its_exact_id(written: str) -> None:
    """Every id comparison is exact: a row for 'Assessments' is no row of 'assessments'."""
    good = loads_catalogue((CORPUS / "good-minimal.yaml").read_text(encoding="utf-8"))
    text = f'measure,period,value\n"{written}",2017-18 Q1,5\n'
    if written.strip() == "assessments":  # a cell's surrounding spaces are not part of it
        assert [o.measure for o in loads_actuals(text, good)] == ["assessments"]
        return
    with pytest.raises(ActualsError) as info:
        loads_actuals(text, good, "a.csv")
    (problem,) = info.value.problems
    assert problem.message.startswith(f"no measure in corpus-csp has the id {written!r}")
