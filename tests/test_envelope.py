"""The JSON envelope and its schema: every JSON output validates against
``cspmeasures schema --report``, which is generated from the result field table."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import cspmeasures
from cspmeasures.catalogue import catalogue_to_data
from cspmeasures.cli import main
from cspmeasures.envelope import SCHEMA_VERSION, catalogue_sha256, report_schema, report_schema_json
from cspmeasures.fields import ALL_FIELDS
from strategies_evaluation import Plan, plans

ROOT = Path(__file__).resolve().parents[1]
MEDWAY = ROOT / "catalogue" / "medway-csp-2017-18.yaml"
MEDWAY_ACTUALS = ROOT / "catalogue" / "medway-csp-2017-18-actuals.yaml"
RIVERSIDE = ROOT / "docs" / "examples" / "riverside-csp-2024-25.yaml"
RIVERSIDE_Q2 = ROOT / "docs" / "examples" / "riverside-csp-2024-25-actuals-q2.csv"
CORPUS = ROOT / "tests" / "corpus"
HEAD = (
    "schema_version",
    "kind",
    "cspmeasures_version",
    "generated_at",
    "as_of",
    "catalogue",
    "title",
    "catalogue_sha256",
)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(list(args))
    out = capsys.readouterr().out
    data: dict[str, Any] = json.loads(out)
    return code, data


def assert_valid(validator: jsonschema.Draft202012Validator, document: dict[str, Any]) -> None:
    errors = [e.message for e in validator.iter_errors(document)]
    assert not errors, errors


def test_schema_command_prints_the_report_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """schema --report is report_schema(), a valid draft 2020-12 schema whose result
    properties are exactly the field table's names."""
    assert main(["schema", "--report"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == report_schema()
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(printed["$defs"]["result"]["properties"]) == list(ALL_FIELDS)
    assert printed["$defs"]["result"]["required"] == list(ALL_FIELDS)


def test_evaluate_json_is_an_envelope(
    capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft202012Validator
) -> None:
    """evaluate --format json: the head fields, in order, then results; it validates."""
    code, data = run_json(
        capsys, "evaluate", str(MEDWAY), "--as-of", "2017-09-30", "--format", "json"
    )
    assert code == 0
    assert tuple(data)[: len(HEAD)] == HEAD
    assert list(data)[len(HEAD) :] == ["results"]
    assert data["schema_version"] == SCHEMA_VERSION == "1.0"
    assert data["kind"] == "report"
    assert data["cspmeasures_version"] == cspmeasures.__version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["generated_at"])
    assert data["as_of"] == "2017-09-30"
    assert data["catalogue"] == "medway-csp-2017-18"
    assert len(data["results"]) == 37
    assert_valid(validator, data)


def test_every_filtered_report_validates(
    capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft202012Validator
) -> None:
    """A report narrowed by --status keeps its envelope, hash included; an empty one too."""
    _, full = run_json(capsys, "evaluate", str(MEDWAY), "--as-of", "2017-09-30", "--format", "json")
    for status in ("off-track", "missed"):
        _, data = run_json(
            capsys,
            "evaluate",
            str(MEDWAY),
            "--as-of",
            "2017-09-30",
            "--format",
            "json",
            "--status",
            status,
        )
        assert data["catalogue_sha256"] == full["catalogue_sha256"]
        assert all(r["status"] == status for r in data["results"])
        assert_valid(validator, data)


def test_library_reports_validate_at_every_quarter(
    validator: jsonschema.Draft202012Validator,
) -> None:
    """Report.to_json() of Medway at each quarter end and of Riverside validates."""
    catalogue = cspmeasures.load_catalogue(MEDWAY)
    actuals = cspmeasures.load_actuals(MEDWAY_ACTUALS, catalogue)
    for day in (dt.date(2017, 6, 30), dt.date(2017, 9, 30), dt.date(2018, 3, 31)):
        assert_valid(validator, json.loads(cspmeasures.evaluate(catalogue, actuals, day).to_json()))
    riverside = cspmeasures.load_catalogue(RIVERSIDE)
    report = cspmeasures.evaluate(
        riverside, cspmeasures.load_actuals(RIVERSIDE_Q2, riverside), dt.date(2024, 9, 30)
    )
    assert_valid(validator, json.loads(report.to_json()))


def test_explain_json_validates(
    capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft202012Validator
) -> None:
    """explain --format json: the envelope, the result's fields and the working steps."""
    code, data = run_json(
        capsys,
        "explain",
        str(MEDWAY),
        "yot-triage-reoffending",
        "--as-of",
        "2017-09-30",
        "--format",
        "json",
    )
    assert code == 0
    assert data["kind"] == "explanation"
    assert data["result"]["id"] == "yot-triage-reoffending"
    assert data["steps"][1] == "inputs: reoffended 6 / cohort 20"
    assert_valid(validator, data)


def test_validate_json_of_a_valid_catalogue(
    capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft202012Validator
) -> None:
    code, data = run_json(capsys, "validate", str(MEDWAY), "--format", "json")
    assert code == 0
    assert (data["kind"], data["valid"], data["as_of"]) == ("validation", True, None)
    assert (data["measures"], data["themes"], data["actuals_rows"]) == (37, 18, 40)
    assert data["problems"] == []
    assert_valid(validator, data)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("cat-*.yaml")), ids=lambda p: p.name)
def test_validate_json_lists_a_bad_catalogues_problems(
    path: Path, capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft202012Validator
) -> None:
    """Every bad catalogue of the corpus: exit 1, a validation document with valid false and
    its problems (each with its file), the same problems on standard error."""
    code = main(["validate", str(path), "--no-actuals", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 1
    data = json.loads(captured.out)
    assert data["valid"] is False
    assert data["problems"]
    assert all(p["file"] == str(path) for p in data["problems"])
    assert data["problems"][0]["message"] in captured.err
    assert_valid(validator, data)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("act-*")), ids=lambda p: p.name)
def test_validate_json_lists_bad_actuals_problems(
    path: Path, capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft202012Validator
) -> None:
    """Every bad actuals file of the corpus, against Medway: the catalogue's counts and
    hash are there, actuals_rows is none, the problems are listed."""
    code = main(["validate", str(MEDWAY), "--actuals", str(path), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (data["valid"], data["measures"], data["actuals_rows"]) == (False, 37, None)
    assert data["catalogue_sha256"] is not None
    assert data["problems"]
    assert_valid(validator, data)


def test_schema_refuses_what_the_output_never_holds(
    capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft202012Validator
) -> None:
    """The schema is strict: an extra or a missing field, a wrong kind or type fails."""
    _, data = run_json(capsys, "evaluate", str(MEDWAY), "--as-of", "2017-09-30", "--format", "json")
    broken = []
    extra = copy.deepcopy(data)
    extra["results"][0]["colour"] = "red"
    broken.append(extra)
    missing = copy.deepcopy(data)
    del missing["results"][0]["target_level"]
    broken.append(missing)
    kind = copy.deepcopy(data)
    kind["kind"] = "explanation"
    broken.append(kind)
    typed = copy.deepcopy(data)
    typed["results"][0]["value"] = "0.3"
    broken.append(typed)
    top = copy.deepcopy(data)
    top["problems"] = []
    broken.append(top)
    no_head = copy.deepcopy(data)
    del no_head["schema_version"]
    broken.append(no_head)
    for document in broken:
        assert not validator.is_valid(document)


def test_content_hash_is_of_the_plan_not_the_file_layout() -> None:
    """The hash is SHA-256 of the sorted-key JSON of the catalogue's data: the same plan
    written differently has the same hash; a changed target changes it."""
    text = MEDWAY.read_text(encoding="utf-8")
    catalogue = cspmeasures.loads_catalogue(text, "medway.yaml")
    content = json.dumps(catalogue_to_data(catalogue), sort_keys=True, ensure_ascii=False)
    assert catalogue_sha256(catalogue) == hashlib.sha256(content.encode("utf-8")).hexdigest()
    relaid = cspmeasures.loads_catalogue(cspmeasures.dump_catalogue(catalogue), "again.yaml")
    assert catalogue_sha256(relaid) == catalogue_sha256(catalogue)
    changed = cspmeasures.loads_catalogue(
        text.replace('target: "< 20%"', 'target: "< 25%"', 1), "changed.yaml"
    )
    assert catalogue_sha256(changed) != catalogue_sha256(catalogue)


def test_generated_at_is_utc_now_or_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """generated_at is the time of writing in UTC; SOURCE_DATE_EPOCH fixes it."""
    catalogue = cspmeasures.load_catalogue(MEDWAY)
    report = cspmeasures.evaluate(catalogue, cspmeasures.Actuals(), dt.date(2017, 9, 30))
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    stamp = json.loads(report.to_json())["generated_at"]
    after = dt.datetime.now(dt.timezone.utc)
    written = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert before <= written <= after
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # one day after 1970-01-01
    assert json.loads(report.to_json())["generated_at"] == "1970-01-02T00:00:00Z"


def test_integrating_page_lists_every_result_field_in_order() -> None:
    """docs/integrating.md's table of result fields names the field table's fields, in order."""
    page = (ROOT / "docs" / "integrating.md").read_text(encoding="utf-8")
    section = page.split("## Numbers, not only words", 1)[1].split("\n## ", 1)[0]
    names = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M)
    assert tuple(names) == ALL_FIELDS


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_generated_reports_validate(plan: Plan) -> None:
    """The report of any generated plan (every target kind, calculation and gap), at the
    end of each quarter and of the year, validates against the schema."""
    validator = jsonschema.Draft202012Validator(report_schema())
    catalogue = cspmeasures.loads_catalogue(plan.catalogue_text, "generated.yaml")
    actuals = cspmeasures.loads_actuals(
        plan.actuals_text, catalogue, f"generated.{plan.actuals_format}"
    )
    for quarter in range(1, 5):
        period = cspmeasures.Period.of(
            plan.calendar, cspmeasures.Frequency.QUARTER, plan.year, quarter
        )
        report = cspmeasures.evaluate(catalogue, actuals, period)
        assert_valid(validator, json.loads(report.to_json()))


def test_committed_report_schema_is_up_to_date() -> None:
    """src/cspmeasures/report.schema.json, the copy for systems that do not run Python, is
    what schema --report prints (regenerate: cspmeasures schema --report > that file)."""
    committed = ROOT / "src" / "cspmeasures" / "report.schema.json"
    assert committed.read_text(encoding="utf-8") == report_schema_json()


def test_list_json_validates(
    capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft202012Validator
) -> None:
    """list --format json: the envelope (kind measure-list, no as_of) and each measure's
    words, as the table and the CSV give them."""
    code, data = run_json(capsys, "list", str(MEDWAY), "--format", "json")
    assert code == 0
    assert (data["kind"], data["as_of"], data["catalogue"]) == (
        "measure-list",
        None,
        "medway-csp-2017-18",
    )
    assert len(data["measures"]) == 37
    assert data["measures"][0] == {
        "id": "community-trigger-responses",
        "theme": "asb-envirocrime",
        "unit": "percent",
        "polarity": "higher-is-better",
        "target": ">= 95%",
        "frequency": "quarterly",
        "tolerance": "",
    }
    assert_valid(validator, data)
