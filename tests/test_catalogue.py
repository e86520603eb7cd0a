"""Loading catalogues: every target and calculation kind, located errors, files, round trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given

import strategies
from cspmeasures.calc.profiles import DueAtEndProfile, EvenProfile, ExplicitProfile
from cspmeasures.calc.status import Condition, StatusRule, Tolerance
from cspmeasures.catalogue import dump_catalogue, load_catalogue, loads_catalogue
from cspmeasures.errors import CatalogueError, Problem
from cspmeasures.model import (
    Aggregation,
    AllOfTarget,
    AmountTarget,
    Baseline,
    BenchmarkTarget,
    Catalogue,
    ChangeTarget,
    Comparator,
    ComparatorTarget,
    CountOf,
    CountUnit,
    DirectValue,
    JudgedTarget,
    JudgeOn,
    Measure,
    MilestoneTarget,
    NoTarget,
    RangeTarget,
    RatePer,
    Ratio,
    ReductionOf,
    Theme,
    ThresholdTarget,
)
from cspmeasures.periods import Calendar, Frequency, Period
from cspmeasures.vocabulary import Polarity, Status

HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
YEAR, QUARTER, MONTH = Frequency.YEAR, Frequency.QUARTER, Frequency.MONTH

FULL = """\
catalogue:
  id: medway-2017
  title: Medway Community Safety Plan
  organisation: Medway Community Safety Partnership
  calendar: uk-financial-year
  year: 2017-18
  actuals: actuals-2017-18.csv
  judge_on: rounded
  description: The partnership's measures for 2017-18.
units:
  assessment: a child's Early Help assessment
  operation: a police operation
  campaign:
themes:
  - id: rehab
    title: Delivering Community Payback
    priority: Reducing Re-offending
  - id: safe
    title: Safer streets
    description: Anti-social behaviour and violence.
measures:
  - id: orders
    title: Completion of Community Orders
    theme: rehab
    unit: percent
    polarity: higher
    frequency: quarterly
    value: value
    target: ">= 75%"
    tolerance: 2 percentage points
    decimals: 1
    data_lag: 1 quarter
    judge_on: unrounded
    status_rules:
      - when: [value >= 75%]
        status: met
      - when: [percent-of-target >= 90%, date <= 2018-03-31]
        status: at-risk
      - otherwise: off-track
    owner: Probation
    partners: [Kent Police, Medway Council]
    description: Orders completed successfully.
    source: nDelius
    notes: Reported a quarter late.
  - id: schools
    title: Referrals from schools
    theme: safe
    unit: percent
    polarity: in-range
    value: school_referrals / referrals
    target: between 40% and 60%
  - id: early-help
    title: Early Help assessments
    theme: safe
    unit: assessments
    polarity: higher-is-better
    aggregation: year-to-date
    value: count
    target: 840 assessments per year
    tolerance: 5% of target
  - id: profiled
    title: Early Help assessments, profiled
    theme: safe
    unit: assessment
    polarity: higher
    aggregation: cumulative
    target: {amount: 840 assessments, per: year, profile: [1, 1, 1, 2]}
  - id: tobacco
    title: Illicit tobacco campaign
    theme: safe
    unit: campaign
    polarity: higher
    frequency: annual
    target: 1 campaign per year due at end
  - id: operations
    title: Night-time economy operations
    theme: safe
    unit: operation
    polarity: higher
    frequency: monthly
    aggregation: rolling-12-months
    target: 1 operation per quarter
    data_lag: 2 months
  - id: lac
    title: Looked-after children offending
    theme: rehab
    unit: percent
    polarity: lower
    baselines:
      - {id: 2016-17, label: Last year, value: 18%, note: Published figure}
      - {id: q4, period: 2016-17 Q4}
    target: 10% reduction on 2016-17
  - id: iom
    title: IOM cohort offending
    theme: rehab
    unit: percent
    polarity: higher
    value: reduction(offences_before, offences_during)
    comparators:
      - {id: kent, name: Kent, value: 88%, lower: 85%, upper: 91.5%, period: 2016-17, source: PHE}
    target: better than Kent
  - id: asb
    title: Anti-social behaviour rate
    theme: safe
    polarity: lower
    value: incidents per 1,000 population
    baselines: [{id: dec-2015, value: 12.5}]
    target: benchmark dec-2015
  - id: recommission
    title: Recommission victim services
    theme: rehab
    polarity: none
    target: New services in place by 2018-04-01
  - id: confidence
    title: Public confidence
    theme: safe
    polarity: higher
    target: {judged: Residents report feeling safer}
  - id: trafficking
    title: Human trafficking response
    theme: safe
    unit: percent
    polarity: higher
    target: {all_of: [{milestone: Complete self-assessment}, ">= 75%"]}
  - id: population
    title: Resident population
    theme: safe
    polarity: none
    frequency: annual
    target: none
"""

EXPECTED_MEASURES = (
    Measure(
        id="orders",
        title="Completion of Community Orders",
        theme="rehab",
        unit="percent",
        polarity=HIGHER,
        frequency=QUARTER,
        calculation=DirectValue(),
        target=ThresholdTarget(">=", 0.75),
        tolerance=Tolerance(0.02),
        decimals=1,
        data_lag=1,
        judge_on=JudgeOn.UNROUNDED,
        status_rules=(
            StatusRule(Status.MET, (Condition("value", ">=", 0.75),)),
            StatusRule(
                Status.AT_RISK,
                (
                    Condition("percent-of-target", ">=", 0.9),
                    Condition("date", "<=", dt.date(2018, 3, 31)),
                ),
            ),
            StatusRule(Status.OFF_TRACK, ()),
        ),
        owner="Probation",
        partners=("Kent Police", "Medway Council"),
        description="Orders completed successfully.",
        source="nDelius",
        notes="Reported a quarter late.",
    ),
    Measure(
        id="schools",
        title="Referrals from schools",
        theme="safe",
        unit="percent",
        polarity=Polarity.IN_RANGE,
        calculation=Ratio("school_referrals", "referrals"),
        target=RangeTarget(0.4, 0.6),
    ),
    Measure(
        id="early-help",
        title="Early Help assessments",
        theme="safe",
        unit="assessment",
        polarity=HIGHER,
        aggregation=Aggregation.YEAR_TO_DATE,
        calculation=CountOf(),
        target=AmountTarget(840.0, YEAR, EvenProfile()),
        tolerance=Tolerance(0.05, relative=True),
    ),
    Measure(
        id="profiled",
        title="Early Help assessments, profiled",
        theme="safe",
        unit="assessment",
        polarity=HIGHER,
        aggregation=Aggregation.YEAR_TO_DATE,
        target=AmountTarget(840.0, YEAR, ExplicitProfile((1.0, 1.0, 1.0, 2.0))),
    ),
    Measure(
        id="tobacco",
        title="Illicit tobacco campaign",
        theme="safe",
        unit="campaign",
        polarity=HIGHER,
        frequency=YEAR,
        target=AmountTarget(1.0, YEAR, DueAtEndProfile()),
    ),
    Measure(
        id="operations",
        title="Night-time economy operations",
        theme="safe",
        unit="operation",
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=Aggregation.ROLLING_12_MONTHS,
        target=AmountTarget(1.0, QUARTER, EvenProfile()),
        data_lag=2,
    ),
    Measure(
        id="lac",
        title="Looked-after children offending",
        theme="rehab",
        unit="percent",
        polarity=LOWER,
        baselines=(
            Baseline("2016-17", "Last year", 0.18, None, "Published figure"),
            Baseline("q4", period="2016-17 Q4"),
        ),
        target=ChangeTarget("reduce", 0.1, "relative", "2016-17"),
    ),
    Measure(
        id="iom",
        title="IOM cohort offending",
        theme="rehab",
        unit="percent",
        polarity=HIGHER,
        calculation=ReductionOf("offences_before", "offences_during"),
        comparators=(Comparator("kent", 0.88, "Kent", 0.85, 0.915, "2016-17", "PHE"),),
        target=ComparatorTarget("better-than", "Kent"),
    ),
    Measure(
        id="asb",
        title="Anti-social behaviour rate",
        theme="safe",
        polarity=LOWER,
        calculation=RatePer(1000, "incidents", "population"),
        baselines=(Baseline("dec-2015", value=12.5),),
        target=BenchmarkTarget("dec-2015"),
    ),
    Measure(
        id="recommission",
        title="Recommission victim services",
        theme="rehab",
        polarity=Polarity.NONE,
        target=MilestoneTarget("New services in place", dt.date(2018, 4, 1)),
    ),
    Measure(
        id="confidence",
        title="Public confidence",
        theme="safe",
        polarity=HIGHER,
        target=JudgedTarget("Residents report feeling safer"),
    ),
    Measure(
        id="trafficking",
        title="Human trafficking response",
        theme="safe",
        unit="percent",
        polarity=HIGHER,
        target=AllOfTarget(
            (MilestoneTarget("Complete self-assessment"), ThresholdTarget(">=", 0.75))
        ),
    ),
    Measure(
        id="population",
        title="Resident population",
        theme="safe",
        polarity=Polarity.NONE,
        frequency=YEAR,
        target=NoTarget(),
    ),
)

EXPECTED = Catalogue(
    id="medway-2017",
    title="Medway Community Safety Plan",
    year=Period.of(Calendar.UK_FINANCIAL_YEAR, YEAR, 2017),
    organisation="Medway Community Safety Partnership",
    calendar=Calendar.UK_FINANCIAL_YEAR,
    themes=(
        Theme("rehab", "Delivering Community Payback", "Reducing Re-offending"),
        Theme("safe", "Safer streets", description="Anti-social behaviour and violence."),
    ),
    measures=EXPECTED_MEASURES,
    units=(
        CountUnit("assessment", "a child's Early Help assessment"),
        CountUnit("operation", "a police operation"),
        CountUnit("campaign", None),
    ),
    actuals="actuals-2017-18.csv",
    judge_on=JudgeOn.ROUNDED,
    description="The partnership's measures for 2017-18.",
)

# A valid head of a catalogue: measures written after it start on line 12.
HEAD = """\
catalogue:
  id: demo
  title: Demo plan
  year: 2017-18
units:
  assessment: a child assessment
  visit: a safe and well visit
themes:
  - id: rehab
    title: Rehabilitation
measures:
"""
FIRST = 12  # the line of the first measure after HEAD


def problems_of(body: str, head: str = HEAD) -> tuple[Problem, ...]:
    """The problems loads_catalogue reports for HEAD followed by ``body``."""
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(head + body, "plan.yaml")
    assert all(p.file == "plan.yaml" for p in info.value.problems)
    return info.value.problems


def only_problem(body: str, head: str = HEAD) -> Problem:
    """The single problem reported for HEAD followed by ``body``."""
    problems = problems_of(body, head)
    assert len(problems) == 1, [p.headline() for p in problems]
    return problems[0]


def measure(**lines: str) -> str:
    """One measure as YAML list item: id, title, theme and polarity, then ``lines`` in order."""
    fields = {"id": "m1", "title": "A measure", "theme": "rehab", "polarity": "higher"}
    fields.update(lines)
    items = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "  - " + "\n    ".join(items) + "\n"


# --- the full catalogue ------------------------------------------------------------------


def test_full_catalogue_loads_every_measure_exactly() -> None:
    """Every target and calculation kind loads to the expected objects, measure by measure."""
    catalogue = loads_catalogue(FULL, "full.yaml")
    assert len(catalogue.measures) == len(EXPECTED_MEASURES)
    for loaded, expected in zip(catalogue.measures, EXPECTED_MEASURES, strict=True):
        assert loaded == expected, loaded.id


def test_full_catalogue_loads_to_the_expected_catalogue() -> None:
    """The header, units, themes and measures are all as written."""
    catalogue = loads_catalogue(FULL, "full.yaml")
    assert catalogue == EXPECTED
    assert catalogue.year.label == "2017-18"
    assert catalogue.year.start == dt.date(2017, 4, 1)


def test_full_catalogue_dumps_and_loads_back_equal() -> None:
    """The dumped full catalogue reads back equal, and dumps to the same text again."""
    text = dump_catalogue(EXPECTED)
    assert loads_catalogue(text) == EXPECTED
    assert dump_catalogue(loads_catalogue(text)) == text


def test_full_catalogue_from_a_file(tmp_path: Path) -> None:
    """load_catalogue reads a file, with a BOM and CRLF line ends, to the same catalogue."""
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + FULL.replace("\n", "\r\n").encode())
    assert load_catalogue(path) == EXPECTED
    assert load_catalogue(str(path)) == EXPECTED


def test_plain_scalars_keep_their_meaning() -> None:
    """'id: NO' is the text 'NO', not False; 'year: 2017-18' is a financial year."""
    catalogue = loads_catalogue(HEAD + measure(id="NO", unit="percent", target='">= 75%"'))
    assert catalogue.measures[0].id == "NO"
    assert catalogue.year == Period.of(Calendar.UK_FINANCIAL_YEAR, YEAR, 2017)


def test_calendar_year_catalogue() -> None:
    """On the calendar year, 'year: 2018' is January to December 2018."""
    head = HEAD.replace("  year: 2017-18\n", "  calendar: calendar-year\n  year: 2018\n")
    catalogue = loads_catalogue(head + measure(target="none", polarity="none"))
    assert catalogue.calendar is Calendar.CALENDAR_YEAR
    assert (catalogue.year.start, catalogue.year.end) == (
        dt.date(2018, 1, 1),
        dt.date(2018, 12, 31),
    )


def test_year_written_with_a_slash() -> None:
    """'2017/18' is the same financial year as '2017-18'."""
    head = HEAD.replace("2017-18", "2017/18")
    catalogue = loads_catalogue(head + measure(target="none", polarity="none"))
    assert catalogue.year.label == "2017-18"


def test_big_relative_change_dumps_exactly() -> None:
    """Percentages too large for plain float digits are written out in full, not truncated."""
    target = ChangeTarget("increase", 1e16, "relative")
    catalogue = Catalogue(
        "demo",
        "Demo",
        Period.of(Calendar.UK_FINANCIAL_YEAR, YEAR, 2017),
        themes=(Theme("t", "T"),),
        measures=(
            Measure(
                "m",
                "M",
                "t",
                unit="percent",
                polarity=HIGHER,
                target=target,
                status_rules=(
                    StatusRule(Status.MET, (Condition("percent-of-target", ">=", 2e16),)),
                ),
            ),
        ),
    )
    assert loads_catalogue(dump_catalogue(catalogue)) == catalogue


# --- located problems ------------------------------------------------------------------


def test_unknown_key_suggests_the_close_one() -> None:
    """'polarty' is unknown (did you mean 'polarity'?) and the missing polarity is named."""
    body = "  - id: m1\n    title: A\n    theme: rehab\n    polarty: higher\n    target: none\n"
    unknown, missing = sorted(problems_of(body), key=lambda p: p.path, reverse=True)
    assert (unknown.line, unknown.column, unknown.path) == (FIRST + 3, 5, "measures[0].polarty")
    assert "unknown key 'polarty' in a measure" in unknown.message
    assert "(did you mean 'polarity'?)" in unknown.message
    assert (missing.line, missing.column, missing.path) == (FIRST, 5, "measures[0]")
    assert "a measure needs the key 'polarity'" in missing.message


def test_missing_required_key_is_reported_once_with_its_place() -> None:
    """A missing target is one problem, at the measure that lacks it."""
    problem = only_problem(measure(unit="percent"))
    assert (problem.line, problem.column, problem.path) == (FIRST, 5, "measures[0]")
    assert problem.message == "a measure needs the key 'target'"


def test_missing_header_is_reported_once() -> None:
    """A catalogue without its header is one problem, at the top."""
    text = HEAD.split("units:")[1]
    problem = only_problem(measure(target="none", polarity="none"), head="units:" + text)
    assert (problem.line, problem.column, problem.path) == (1, 1, "")
    assert "needs the key 'catalogue'" in problem.message


def test_duplicate_measure_ids_name_both_lines() -> None:
    """The second use of a measure id is reported, naming the line of the first."""
    body = measure(target="none", polarity="none") + measure(target="none", polarity="none")
    problem = only_problem(body)
    assert (problem.line, problem.column, problem.path) == (FIRST + 5, 9, "measures[1].id")
    assert f"duplicate measure id 'm1': it is already used on line {FIRST}" in problem.message
    assert problem.also == f"first used at plan.yaml:{FIRST}:9"


def test_duplicate_keys_name_both_lines() -> None:
    """A key given twice in a measure is reported at the second, with its path."""
    body = measure(target="none", polarity="none") + "    title: Again\n"
    problem = only_problem(body)
    assert (problem.line, problem.column, problem.path) == (FIRST + 5, 5, "measures[0].title")
    assert f"duplicate key 'title': it is already given on line {FIRST + 1}" in problem.message
    assert problem.also == f"first given at plan.yaml:{FIRST + 1}:5"


def test_undefined_theme() -> None:
    """A measure's theme must be one of the catalogue's themes; a close id is suggested."""
    problem = only_problem(measure(theme="rehib", target="none", polarity="none"))
    assert (problem.line, problem.column, problem.path) == (FIRST + 2, 12, "measures[0].theme")
    assert "no theme has the id 'rehib' (did you mean 'rehab'?)" in problem.message


def test_undefined_baseline() -> None:
    """A change target's baseline must be declared by the measure."""
    body = measure(
        unit="percent",
        polarity="lower",
        baselines="[{id: 2016-17, value: 18%}]",
        target="10% reduction on 2015-16",
    )
    problem = only_problem(body)
    assert (problem.line, problem.column, problem.path) == (FIRST + 6, 13, "measures[0].target")
    assert "refers to the baseline '2015-16'" in problem.message
    assert "does not declare under 'baselines:'" in problem.message
    assert "(did you mean '2016-17'?)" in problem.message


def test_undefined_benchmark_baseline_in_a_mapping_target() -> None:
    """A benchmark in mapping form names an undeclared baseline: reported at the mapping."""
    problem = only_problem(measure(target="{benchmark: dec-2015}"))
    assert (problem.line, problem.column, problem.path) == (FIRST + 4, 13, "measures[0].target")
    assert "refers to the baseline 'dec-2015'" in problem.message


def test_undefined_comparator() -> None:
    """A comparator target must name a declared comparator by id or name."""
    body = measure(
        unit="percent", comparators="[{id: kent, value: 88%}]", target="better than Essex"
    )
    problem = only_problem(body)
    assert (problem.line, problem.column, problem.path) == (FIRST + 6, 13, "measures[0].target")
    assert "refers to the comparator 'Essex'" in problem.message
    assert "does not declare under 'comparators:'" in problem.message


def test_unit_declared_by_another_catalogue_is_undeclared_here() -> None:
    """A count unit another catalogue declares is unknown here, with the same message as
    before that catalogue was loaded: catalogues do not share units."""
    body = measure(unit="referral", target="none", polarity="none")
    before = only_problem(body)
    loads_catalogue(
        HEAD.replace("  visit:", "  referral: a referral\n  visit:")
        + measure(target="none", polarity="none")
    )
    problem = only_problem(body)
    assert problem == before
    assert (problem.line, problem.column, problem.path) == (FIRST + 4, 11, "measures[0].unit")
    assert problem.message == (
        "unknown unit 'referral': declare it under 'units:' (e.g. 'referral: what one means')"
    )


def test_unknown_unit_asks_to_declare_it() -> None:
    """A unit nobody declared and pint does not know: declare it under 'units:'."""
    problem = only_problem(measure(unit="widgets", target="none", polarity="none"))
    assert (problem.line, problem.column, problem.path) == (FIRST + 4, 11, "measures[0].unit")
    assert "unknown unit 'widgets': declare it under 'units:'" in problem.message
    assert "'widget: what one means'" in problem.message


def test_unit_declared_with_a_pint_name_is_refused() -> None:
    """'day' already means a day to pint: it cannot be declared as a count unit."""
    head = HEAD.replace("units:\n", "units:\n  day: a day of action\n")
    problem = only_problem(measure(target="none", polarity="none"), head=head)
    assert (problem.line, problem.column, problem.path) == (6, 3, "units.day")
    assert "'day' already means 'day' in the unit registry" in problem.message


def test_wrong_dimension_unit_in_a_target() -> None:
    """Visits cannot be compared with assessments."""
    problem = only_problem(measure(unit="assessment", target="840 visits per year"))
    assert (problem.line, problem.column, problem.path) == (FIRST + 5, 13, "measures[0].target")
    assert "cannot compare visit with assessment" in problem.message
    assert "'840 visits'" in problem.message


def test_wrong_dimension_unit_in_a_tolerance() -> None:
    """A tolerance in visits on an assessment measure is refused at the tolerance."""
    body = measure(unit="assessment", target="840 per year", tolerance="10 visits")
    problem = only_problem(body)
    assert (problem.line, problem.column, problem.path) == (FIRST + 6, 16, "measures[0].tolerance")
    assert "cannot compare visit with assessment" in problem.message


def test_unparseable_target() -> None:
    """A target in no known form is reported with examples."""
    problem = only_problem(measure(unit="percent", target="as good as possible"))
    assert (problem.line, problem.column, problem.path) == (FIRST + 5, 13, "measures[0].target")
    assert "cannot read 'as good as possible' as a target" in problem.message


def test_unparseable_part_of_an_all_of_target_has_its_path() -> None:
    """A bad part inside all_of is reported at that part."""
    body = (
        measure(unit="percent") + "    target:\n      all_of:\n        - '>= 75%'\n        - soon\n"
    )
    problem = only_problem(body)
    assert (problem.line, problem.column) == (FIRST + 8, 11)
    assert problem.path == "measures[0].target.all_of[1]"
    assert "cannot read 'soon'" in problem.message


def test_decimals_must_be_a_whole_number_as_written() -> None:
    """'decimals: 1.10' is refused, not read as 1."""
    problem = only_problem(measure(unit="percent", target='">= 75%"', decimals="1.10"))
    assert (problem.line, problem.column, problem.path) == (FIRST + 6, 15, "measures[0].decimals")
    assert "a whole number from 0 to 6, found '1.10'" in problem.message


def test_bad_polarity_word_lists_the_choices() -> None:
    """An unknown polarity lists the words allowed and suggests the closest."""
    problem = only_problem(measure(polarity="hihger", target="none"))
    assert (problem.line, problem.column, problem.path) == (FIRST + 3, 15, "measures[0].polarity")
    assert "expected a polarity (higher, higher-is-better, in-range" in problem.message
    assert "(did you mean 'higher'?)" in problem.message


def test_range_target_needs_in_range_polarity() -> None:
    """A 'between' target on a higher-is-better measure is reported at the polarity."""
    problem = only_problem(measure(unit="percent", target="between 40% and 60%"))
    assert (problem.line, problem.path) == (FIRST + 3, "measures[0].polarity")
    assert "needs polarity: in-range" in problem.message


def test_explicit_profile_needs_one_share_per_period() -> None:
    """A quarterly measure with a yearly amount needs four profile shares."""
    target = "{amount: 840, per: year, profile: [1, 2, 3]}"
    problem = only_problem(measure(unit="assessment", target=target))
    assert (problem.line, problem.path) == (FIRST + 5, "measures[0].target.profile")
    assert "needs 4 profile shares, found 3" in problem.message


def test_ratio_needs_a_percent_unit() -> None:
    """A ratio is shown as a percentage."""
    problem = only_problem(measure(value="a / b", target="none", polarity="none"))
    assert (problem.line, problem.path) == (FIRST + 4, "measures[0].unit")
    assert "set 'unit: percent'" in problem.message


def test_several_problems_are_all_reported() -> None:
    """Problems in the header and in several measures are all reported, in file order."""
    head = HEAD.replace("  year: 2017-18\n", "  year: 2017-19\n").replace("  title:", "  titel:", 1)
    body = (
        measure(unit="percent", target='">= 75"')
        + measure(id="m2", theme="nowhere", polarity="sideways", target="none")
        + measure(id="m3", target="none", polarity="none", decimals="1.10")
    )
    problems = problems_of(body, head)
    assert [(p.line, p.path) for p in problems] == [
        (2, "catalogue"),
        (3, "catalogue.titel"),
        (4, "catalogue.year"),
        (FIRST + 5, "measures[0].target"),
        (FIRST + 8, "measures[1].theme"),
        (FIRST + 9, "measures[1].polarity"),
        (FIRST + 16, "measures[2].decimals"),
    ]
    assert len(problems) == 7
    assert "needs the key 'title'" in problems[0].message
    assert "did you mean 'title'?" in problems[1].message
    assert "cannot read '2017-19' as a year" in problems[2].message
    assert "write the target as a percentage" in problems[3].message


def test_yaml_problems_come_before_the_catalogue_is_read() -> None:
    """Malformed YAML is reported with its line; nothing else is checked."""
    problem = only_problem("  - id: [m1\n")
    assert problem.line == FIRST + 1
    assert problem.message.startswith("malformed YAML:")


def test_catalogue_that_is_not_a_mapping() -> None:
    """A list at the top is refused."""
    with pytest.raises(CatalogueError) as info:
        loads_catalogue("- a\n- b\n", "plan.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (1, 1)
    assert "expected a catalogue (a mapping of keys), found a list" in problem.message


@pytest.mark.parametrize("text", ["", "   \n", "# nothing yet\n"])
def test_empty_catalogue_text(text: str) -> None:
    """Empty text is one problem on line 1."""
    with pytest.raises(CatalogueError, match="the catalogue is empty") as info:
        loads_catalogue(text, "plan.yaml")
    assert [(p.file, p.line) for p in info.value.problems] == [("plan.yaml", 1)]


def test_problem_text_shows_the_line_and_a_caret() -> None:
    """str() of the error shows the location, the line and a caret under the column."""
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(HEAD + measure(theme="rehib", target="none", polarity="none"), "plan.yaml")
    text = str(info.value)
    assert f"plan.yaml:{FIRST + 2}:12: measures[0].theme: no theme has the id 'rehib'" in text
    assert "    theme: rehib\n" + " " * 15 + "^" in text


# --- files ----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is one problem naming the file."""
    path = tmp_path / "nope.yaml"
    with pytest.raises(CatalogueError, match="no such catalogue file") as info:
        load_catalogue(path)
    assert info.value.problems[0].file == str(path)


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    """A directory is refused as a catalogue file."""
    with pytest.raises(CatalogueError, match="expected a catalogue file, found a directory"):
        load_catalogue(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    """An empty file is reported as an empty catalogue at line 1."""
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"")
    with pytest.raises(CatalogueError, match="the catalogue is empty") as info:
        load_catalogue(path)
    assert (info.value.problems[0].file, info.value.problems[0].line) == (str(path), 1)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    """A file larger than max_bytes is refused, with the limit in the message."""
    path = tmp_path / "plan.yaml"
    path.write_text(FULL, encoding="utf-8")
    with pytest.raises(CatalogueError, match="larger than the limit of 100 bytes"):
        load_catalogue(path, max_bytes=100)
    with pytest.raises(CatalogueError, match="larger than the limit of 1,000 bytes"):
        load_catalogue(path, max_bytes=1000)
    assert load_catalogue(path, max_bytes=len(FULL.encode())) == EXPECTED


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    """A Latin-1 file is refused with the line of the first bad byte."""
    path = tmp_path / "plan.yaml"
    path.write_bytes((HEAD + measure(title="Caf\xe9", target="none")).encode("latin-1"))
    with pytest.raises(CatalogueError, match="not UTF-8") as info:
        load_catalogue(path)
    assert info.value.problems[0].line == FIRST + 1


def test_error_locations_name_the_file(tmp_path: Path) -> None:
    """Problems from a file carry its path."""
    path = tmp_path / "plan.yaml"
    path.write_text(HEAD + measure(target="fantastic"), encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    assert info.value.problems[0].location == f"{path}:{FIRST + 4}:13"


# --- round trips ------------------------------------------------------------------------


@given(strategies.catalogues())
def test_dump_then_load_round_trips(catalogue: Catalogue) -> None:
    """Any catalogue the model allows reads back equal from what dump_catalogue writes."""
    assert loads_catalogue(dump_catalogue(catalogue)) == catalogue


def test_an_unknown_unit_is_reported_once_not_again_through_the_target() -> None:
    """An undeclared unit is one problem; the target in that unit is not blamed as well."""
    text = (
        "catalogue: {id: c, title: C, year: 2017-18}\n"
        "themes: [{id: t, title: T}]\n"
        "measures:\n"
        "  - id: m\n"
        "    title: M\n"
        "    theme: t\n"
        "    unit: campaign\n"
        "    polarity: higher\n"
        "    target: 1 campaign per year\n"
    )
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(text, "c.yaml")
    (problem,) = info.value.problems
    assert problem.line == 7
    assert problem.path == "measures[0].unit"
    assert "under 'units:'" in problem.message


@pytest.mark.parametrize("word", ["annum", "annually", "annual", "year"])
def test_mapping_amount_takes_the_expression_period_words(word: str) -> None:
    """``per: annum`` reads as "840 assessments per annum" does: one table of period words."""

    def target_of(text: str) -> object:
        catalogue = loads_catalogue(HEAD + measure(unit="assessment", target=text), "plan.yaml")
        return catalogue.measures[0].target

    expected = target_of(f"840 assessments per {word}")
    assert target_of(f"{{amount: 840 assessments, per: {word}}}") == expected
    assert expected == target_of("840 assessments per year")


def test_mapping_amount_refuses_an_unknown_period_word() -> None:
    """``per: fortnight`` is refused with every period word the expression form takes."""
    target = "{amount: 840 assessments, per: fortnight}"
    problem = only_problem(measure(unit="assessment", target=target))
    assert problem.path == "measures[0].target.per"
    assert problem.message == (
        "expected a period (annual, annually, annum, month, monthly, quarter, quarterly, year), "
        "found 'fortnight'"
    )


def test_catalogue_measure_names_the_closest_id() -> None:
    """A misspelt id's KeyError names the catalogue and the closest id (m11 against m1: difflib
    ratio 2 x 2 matched / 5 characters = 0.8, at least 0.6); a far one names none."""
    catalogue = loads_catalogue(HEAD + measure(unit="percent", target='">= 75%"'), "plan.yaml")
    assert catalogue.measure("m1").id == "m1"
    with pytest.raises(KeyError) as close:
        catalogue.measure("m11")
    assert close.value.args == ("no measure in demo has the id 'm11' (did you mean 'm1'?)",)
    with pytest.raises(KeyError) as far:
        catalogue.measure("reoffending")
    assert far.value.args == ("no measure in demo has the id 'reoffending'",)


def test_an_annual_measure_needs_one_profile_share() -> None:
    """An annual measure's yearly amount takes one share: "an annual measure", "1 profile share"."""
    target = "{amount: 840, per: year, profile: [1, 2]}"
    problem = only_problem(measure(unit="assessment", frequency="annual", target=target))
    assert problem.path == "measures[0].target.profile"
    assert problem.message == (
        "an annual measure with a target per year needs 1 profile share, found 2"
    )
