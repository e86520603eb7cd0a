"""The catalogue's JSON Schema, generated from the loader's key tables and the model's enums.

The schema is not a second hand-written copy: every section's keys and which are
required come from the tables :mod:`cspmeasures.catalogue` reads with, and every
choice of words (polarity, frequency, status ...) from the enums and word tables. A
committed copy (``catalogue.schema.json`` beside this module) lets editors complete
and check catalogues through ``# yaml-language-server: $schema=...``; a test fails
when it drifts from :func:`catalogue_schema`.
"""

from __future__ import annotations

import json
from typing import Any

from cspmeasures import catalogue as spec
from cspmeasures.model import JudgeOn
from cspmeasures.periods import PERIOD_WORDS, Calendar

__all__ = ["SCHEMA_ID", "catalogue_schema", "schema_json"]

SCHEMA_ID = "https://cspmeasures.invalid/catalogue.schema.json"

_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_NUMBER_OR_TEXT: dict[str, Any] = {"type": ["string", "number"]}
_DATE: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_ID: dict[str, Any] = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"}

_DESCRIPTIONS = {
    "id": "A short identifier: letters, digits, '-', '_' and '.'.",
    "title": "The wording a report prints.",
    "theme": "The id of a theme under 'themes'.",
    "unit": "percent, a declared count unit, or another pint unit (days, hours).",
    "polarity": "Which direction is better: higher-is-better, lower-is-better, in-range or none.",
    "frequency": "How often figures are reported.",
    "aggregation": "point-in-time, year-to-date (summed from the start of the year) or rolling-12-months.",
    "value": "How the value is calculated: value, count, 'a / b', 'x per 1000 y' or 'reduction(before, during)'.",
    "target": "A target expression such as '>= 75%' or '840 assessments per year', or a mapping form.",
    "tolerance": "The amber band: '2 percentage points', '10 assessments' or '5% of target'.",
    "decimals": "Decimals shown (round half up); 1 for percentages and 0 for counts by default.",
    "data_lag": "How many periods late figures arrive: 1 or '1 quarter'.",
    "judge_on": "Judge status on the unrounded value (default) or the rounded one.",
    "status_rules": "Ordered rules; the first whose conditions hold gives the status.",
    "year": "The reporting year, e.g. 2017-18.",
    "calendar": "uk-financial-year (Q1 = April to June) or calendar-year.",
    "actuals": "The actuals file, relative to the catalogue.",
    "actuals_encoding": "The text encoding of a CSV actuals file that is not UTF-8, such as cp1252.",
}


def _words(words: dict[str, Any]) -> dict[str, Any]:
    return {"type": "string", "enum": sorted(words)}


def _object(
    keys: dict[str, bool], properties: dict[str, Any], *, description: str | None = None
) -> dict[str, Any]:
    missing = set(keys) - set(properties)
    if missing:  # pragma: no cover - guarded by the schema test
        raise AssertionError(f"schema has no definition for keys {sorted(missing)}")
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {key: _describe(key, properties[key]) for key in keys},
        "required": [key for key, required in keys.items() if required],
    }
    if description:
        schema["description"] = description
    return schema


def _describe(key: str, schema: dict[str, Any]) -> dict[str, Any]:
    if key in _DESCRIPTIONS and "$ref" not in schema and "description" not in schema:
        return {**schema, "description": _DESCRIPTIONS[key]}
    return schema


def _target_forms() -> list[dict[str, Any]]:
    value_of: dict[str, Any] = {
        "at_least": _NUMBER_OR_TEXT,
        "more_than": _NUMBER_OR_TEXT,
        "at_most": _NUMBER_OR_TEXT,
        "less_than": _NUMBER_OR_TEXT,
        "between": {"type": "array", "items": _NUMBER_OR_TEXT, "minItems": 2, "maxItems": 2},
        "amount": _NUMBER_OR_TEXT,
        "per": {"type": "string", "enum": sorted(PERIOD_WORDS)},
        "profile": {
            "oneOf": [
                {"type": "string", "enum": ["even", "due-at-end"]},
                {"type": "array", "items": _NUMBER_OR_TEXT, "minItems": 1},
            ]
        },
        "reduce": _NUMBER_OR_TEXT,
        "increase": _NUMBER_OR_TEXT,
        "baseline": _TEXT,
        "pro_rata": {"type": "boolean"},
        "better_than": _TEXT,
        "no_worse_than": _TEXT,
        "similar_to": _TEXT,
        "benchmark": _TEXT,
        "milestone": _TEXT,
        "due": _DATE,
        "judged": _TEXT,
        "all_of": {"type": "array", "items": {"$ref": "#/$defs/target"}, "minItems": 2},
    }
    return [_object(keys, value_of) for keys in spec.TARGET_FORMS.values()]


def catalogue_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a catalogue file."""
    condition = {
        "type": "string",
        "pattern": r"^\s*(value|percent-of-target|date)\s*(>=|<=|==|!=|>|<)\s*\S",
    }
    rule = {
        "oneOf": [
            _object(
                {"when": True, "status": True},
                {
                    "when": {"oneOf": [condition, {"type": "array", "items": condition}]},
                    "status": _words(spec.RULE_STATUSES),
                },
            ),
            _object({"otherwise": True}, {"otherwise": _words(spec.RULE_STATUSES)}),
        ]
    }
    measure_properties: dict[str, Any] = {
        "id": _ID,
        "title": _TEXT,
        "theme": _ID,
        "unit": _TEXT,
        "polarity": _words(spec.POLARITY_WORDS),
        "frequency": _words(spec.FREQUENCY_WORDS),
        "aggregation": _words(spec.AGGREGATION_WORDS),
        "value": _TEXT,
        "target": {"$ref": "#/$defs/target"},
        "tolerance": _TEXT,
        "baselines": {"type": "array", "items": {"$ref": "#/$defs/baseline"}},
        "comparators": {"type": "array", "items": {"$ref": "#/$defs/comparator"}},
        "decimals": {"type": ["integer", "string"]},
        "data_lag": {"type": ["integer", "string"]},
        "judge_on": _words({j.value: j for j in JudgeOn}),
        "status_rules": {"type": "array", "items": rule},
        "owner": _TEXT,
        "partners": {"type": "array", "items": _TEXT},
        "description": _TEXT,
        "source": _TEXT,
        "notes": _TEXT,
    }
    header_properties: dict[str, Any] = {
        "id": _ID,
        "title": _TEXT,
        "organisation": _TEXT,
        "calendar": _words({c.value: c for c in Calendar}),
        "year": {"type": ["string", "integer"]},
        "actuals": _TEXT,
        "actuals_encoding": _TEXT,
        "judge_on": _words({j.value: j for j in JudgeOn}),
        "description": _TEXT,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "cspmeasures catalogue",
        "description": "A partnership's plan: its themes, measures, targets and count units.",
        **_object(
            spec.TOP_KEYS,
            {
                "catalogue": _object(spec.CATALOGUE_KEYS, header_properties),
                "units": {
                    "type": "object",
                    "description": "Count units this catalogue declares, each with what one means.",
                    "additionalProperties": {"type": ["string", "null"]},
                    "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
                },
                "themes": {
                    "type": "array",
                    "items": _object(
                        spec.THEME_KEYS,
                        {"id": _ID, "title": _TEXT, "priority": _TEXT, "description": _TEXT},
                    ),
                },
                "measures": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(spec.MEASURE_KEYS, measure_properties),
                },
            },
        ),
        "$defs": {
            "target": {
                "oneOf": [_TEXT, *_target_forms()],
                "description": _DESCRIPTIONS["target"],
            },
            "baseline": _object(
                spec.BASELINE_KEYS,
                {
                    "id": _ID,
                    "label": _TEXT,
                    "value": _NUMBER_OR_TEXT,
                    "period": {"type": ["string", "integer"]},
                    "note": _TEXT,
                },
            ),
            "comparator": _object(
                spec.COMPARATOR_KEYS,
                {
                    "id": _ID,
                    "name": _TEXT,
                    "value": _NUMBER_OR_TEXT,
                    "lower": _NUMBER_OR_TEXT,
                    "upper": _NUMBER_OR_TEXT,
                    "period": {"type": ["string", "integer"]},
                    "source": _TEXT,
                },
            ),
        },
    }


def schema_json() -> str:
    """The schema as pretty JSON text, as committed beside this module."""
    return json.dumps(catalogue_schema(), indent=2, ensure_ascii=False) + "\n"
