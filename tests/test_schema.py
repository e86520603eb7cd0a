"""The JSON Schema: generated from the loader's tables, committed, and true to the catalogues."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import jsonschema
import pytest
import yaml

from cspmeasures import catalogue as spec
from cspmeasures.model import Measure
from cspmeasures.schema import catalogue_schema, schema_json

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "src" / "cspmeasures" / "catalogue.schema.json"
BUNDLED = sorted((ROOT / "catalogue").glob("*.yaml"))


def _is_catalogue(path: Path) -> bool:
    return not path.name.endswith("-actuals.yaml")


def test_committed_schema_matches_the_code() -> None:
    """The committed schema is exactly what schema_json() generates (regenerate it if not)."""
    assert COMMITTED.read_text(encoding="utf-8") == schema_json()


def test_the_tutorial_catalogue_finds_its_schema_beside_it() -> None:
    """The tutorial's catalogue names a schema in its own folder (so the line still works
    when the two are copied elsewhere), and that copy is the generated schema."""
    examples = Path(__file__).resolve().parents[1] / "docs" / "examples"
    first_line = (examples / "riverside-csp-2024-25.yaml").read_text(encoding="utf-8").split("\n")[0]
    assert first_line == "# yaml-language-server: $schema=catalogue.schema.json"
    assert (examples / "catalogue.schema.json").read_text(encoding="utf-8") == schema_json()


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The generated schema is itself valid under the JSON Schema meta-schema."""
    jsonschema.Draft202012Validator.check_schema(catalogue_schema())


def test_measure_keys_cover_the_model() -> None:
    """Every Measure field has a catalogue key (calculation is written as 'value')."""
    fields = {f.name for f in attrs.fields(Measure)}
    keys = set(spec.MEASURE_KEYS) | {"calculation"}
    assert fields - keys == set()
    properties = catalogue_schema()["properties"]["measures"]["items"]["properties"]
    assert set(properties) == set(spec.MEASURE_KEYS)


@pytest.mark.parametrize("path", [p for p in BUNDLED if _is_catalogue(p)], ids=lambda p: p.name)
def test_bundled_catalogues_validate_against_the_schema(path: Path) -> None:
    """Each bundled catalogue is valid JSON-Schema-wise, as an editor would check it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(data, default=str)), catalogue_schema())


@pytest.mark.parametrize("path", [p for p in BUNDLED if _is_catalogue(p)], ids=lambda p: p.name)
def test_bundled_catalogues_name_the_schema_on_their_first_line(path: Path) -> None:
    """Editors find the schema through the yaml-language-server comment on line 1."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../src/cspmeasures/catalogue.schema.json"


def test_schema_rejects_a_misspelt_measure_key() -> None:
    """A misspelt key is an error for the schema, as it is for the loader."""
    document = {
        "catalogue": {"id": "x", "title": "X", "year": "2017-18"},
        "themes": [{"id": "t", "title": "T"}],
        "measures": [
            {"id": "m", "title": "M", "theme": "t", "polarty": "higher", "target": "none"}
        ],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, catalogue_schema())


def test_schema_rejects_an_unknown_polarity_word() -> None:
    """Polarity words come from the loader's table: 'up' is not one of them."""
    document = {
        "catalogue": {"id": "x", "title": "X", "year": "2017-18"},
        "themes": [{"id": "t", "title": "T"}],
        "measures": [{"id": "m", "title": "M", "theme": "t", "polarity": "up", "target": "none"}],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, catalogue_schema())


@pytest.mark.parametrize("per", ["year", "annum", "annually", "quarter", "quarterly", "month"])
def test_every_period_word_the_loader_reads_the_schema_allows(per: str) -> None:
    """`per: annum` loads, so the schema allows it too; `per: fortnight` fails both."""
    from cspmeasures.catalogue import loads_catalogue

    document = {
        "catalogue": {"id": "x", "title": "X", "year": "2017-18"},
        "units": {"visit": "a visit"},
        "themes": [{"id": "t", "title": "T"}],
        "measures": [
            {
                "id": "m",
                "title": "M",
                "theme": "t",
                "unit": "visit",
                "value": "count",
                "polarity": "higher",
                "frequency": "monthly",
                "target": {"amount": "12 visits", "per": per},
            }
        ],
    }
    loads_catalogue(yaml.safe_dump(document), "x.yaml")
    jsonschema.validate(document, catalogue_schema())
    document["measures"][0]["target"]["per"] = "fortnight"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, catalogue_schema())
