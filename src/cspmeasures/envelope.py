"""The envelope of every JSON output, and the JSON Schema of that output.

Every JSON document cspmeasures writes (a report, an explanation, a validation, a measure
list) is an object with the same head: ``schema_version``, ``kind``, ``cspmeasures_version``,
``generated_at`` (UTC), ``as_of``, the catalogue's ``catalogue`` id, ``title`` and
``catalogue_sha256``, then the body of its kind. :func:`report_schema` is the draft
2020-12 JSON Schema of every kind, with each result's properties read from
:data:`cspmeasures.fields.RESULT_FIELDS`, the table the output itself is written from.

``schema_version`` is ``MAJOR.MINOR``: a minor version only adds (a field, a kind, a
word in an open list); anything else (a field removed, renamed, retyped or given another
meaning) is a new major version. See docs/integrating.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from typing import Any

from cspmeasures.errors import Problem
from cspmeasures.fields import ALL_FIELDS, LIST_FIELDS, RESULT_FIELDS
from cspmeasures.model import Catalogue

__all__ = [
    "KINDS",
    "REPORT_SCHEMA_ID",
    "SCHEMA_VERSION",
    "catalogue_sha256",
    "envelope",
    "generated_now",
    "problem_dicts",
    "report_schema",
    "report_schema_json",
]

SCHEMA_VERSION = "1.0"
REPORT_SCHEMA_ID = "https://cspmeasures.invalid/report.schema.json"
#: the kinds of document, each with the keys of its body
KINDS = {
    "report": ("results",),
    "explanation": ("result", "steps"),
    "validation": ("valid", "measures", "themes", "actuals_rows", "problems"),
    "measure-list": ("measures",),
}
_HEAD = (
    "schema_version",
    "kind",
    "cspmeasures_version",
    "generated_at",
    "as_of",
    "catalogue",
    "title",
    "catalogue_sha256",
)
_PROBLEM_KEYS = ("message", "file", "line", "column", "path", "also")


#: the hashes of the catalogues written lately, by identity: (catalogue, hash)
_HASHES: dict[int, tuple[Catalogue, str]] = {}
_HASHES_KEPT = 8


def catalogue_sha256(catalogue: Catalogue) -> str:
    """The SHA-256 (hex) of the catalogue's content: its plain data
    (:func:`~cspmeasures.catalogue.catalogue_to_data`) as JSON with sorted keys, so that
    the same plan has the same hash however its file is laid out."""
    found = _HASHES.get(id(catalogue))
    if found is not None and found[0] is catalogue:
        return found[1]
    from cspmeasures.catalogue import (
        catalogue_to_data,  # the writing side, when a hash is asked for
    )

    data = json.dumps(catalogue_to_data(catalogue), sort_keys=True, ensure_ascii=False)
    # surrogatepass: a model built in Python (not loaded) may hold a lone surrogate
    digest = hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()
    while len(_HASHES) >= _HASHES_KEPT:
        del _HASHES[next(iter(_HASHES))]
    _HASHES[id(catalogue)] = (catalogue, digest)
    return digest


def generated_now() -> dt.datetime:
    """The time of writing, in UTC to the second; ``SOURCE_DATE_EPOCH`` (seconds since
    1970), when set, stands in for it, so that a document can be written reproducibly."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def envelope(
    kind: str,
    *,
    as_of: dt.date | None,
    catalogue: Catalogue | None,
    catalogue_id: str | None = None,
    title: str | None = None,
    generated_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The head of a document of ``kind``; ``catalogue_id`` and ``title`` default to the
    catalogue's own, and its hash is None without a catalogue."""
    from cspmeasures import __version__

    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    moment = generated_at or generated_now()
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "cspmeasures_version": __version__,
        "generated_at": moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "as_of": as_of.isoformat() if as_of is not None else None,
        "catalogue": catalogue_id or (catalogue.id if catalogue is not None else None),
        "title": title or (catalogue.title if catalogue is not None else None),
        "catalogue_sha256": catalogue_sha256(catalogue) if catalogue is not None else None,
    }


def problem_dicts(problems: tuple[Problem, ...]) -> list[dict[str, Any]]:
    """Problems as plain dicts: message, file, line, column, path and also."""
    return [{key: getattr(p, key) for key in _PROBLEM_KEYS} for p in problems]


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every JSON document cspmeasures writes."""
    result = {
        "type": "object",
        "description": "One measure's result; numbers in the measure's canonical unit.",
        "properties": {f.name: {**f.schema, "description": f.description} for f in RESULT_FIELDS},
        "required": list(ALL_FIELDS),
        "additionalProperties": False,
    }
    problem = {
        "type": "object",
        "properties": {
            "message": {"type": "string"},
            "file": {"type": "string"},
            "line": {**_nullable("integer"), "minimum": 1},
            "column": {**_nullable("integer"), "minimum": 1},
            "path": {"type": "string"},
            "also": _nullable("string"),
        },
        "required": list(_PROBLEM_KEYS),
        "additionalProperties": False,
    }
    head: dict[str, Any] = {
        "schema_version": {
            "type": "string",
            "pattern": r"^\d+\.\d+$",
            "description": "MAJOR.MINOR: a minor version only adds.",
        },
        "kind": {"enum": list(KINDS)},
        "cspmeasures_version": {"type": "string"},
        "generated_at": {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
            "description": "When the document was written, in UTC.",
        },
        "as_of": {
            "type": ["string", "null"],
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "description": "The date the results are as at (none for a validation or a measure list).",
        },
        "catalogue": {**_nullable("string"), "description": "The catalogue's id."},
        "title": _nullable("string"),
        "catalogue_sha256": {
            "type": ["string", "null"],
            "pattern": "^[0-9a-f]{64}$",
            "description": "SHA-256 of the catalogue's content (sorted-key JSON of its data).",
        },
    }
    bodies: dict[str, dict[str, Any]] = {
        "report": {"results": {"type": "array", "items": {"$ref": "#/$defs/result"}}},
        "explanation": {
            "result": {"$ref": "#/$defs/result"},
            "steps": {"type": "array", "items": {"type": "string"}},
        },
        "validation": {
            "valid": {"type": "boolean"},
            "measures": {**_nullable("integer"), "minimum": 0},
            "themes": {**_nullable("integer"), "minimum": 0},
            "actuals_rows": {**_nullable("integer"), "minimum": 0},
            "problems": {"type": "array", "items": {"$ref": "#/$defs/problem"}},
        },
        "measure-list": {"measures": {"type": "array", "items": {"$ref": "#/$defs/listed"}}},
    }
    listed = {
        "type": "object",
        "description": "One measure as 'cspmeasures list' gives it, in words.",
        "properties": {name: {"type": "string"} for name in LIST_FIELDS},
        "required": list(LIST_FIELDS),
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": REPORT_SCHEMA_ID,
        "title": "cspmeasures JSON output",
        "description": f"schema_version {SCHEMA_VERSION}: a report, an explanation, a "
        "validation or a measure list.",
        "type": "object",
        "properties": head,
        "required": list(_HEAD),
        "oneOf": [
            {
                "properties": {"kind": {"const": kind}, **bodies[kind]},
                "required": ["kind", *KINDS[kind]],
            }
            for kind in KINDS
        ],
        "unevaluatedProperties": False,
        "$defs": {"result": result, "problem": problem, "listed": listed},
    }


def report_schema_json() -> str:
    """:func:`report_schema` as indented JSON text, ending in a newline."""
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"
