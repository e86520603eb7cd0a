"""Fuzzing the loaders with mutations of the bundled Medway catalogue and actuals.

Random edits of the kind a hand-edited file suffers (a line deleted, duplicated, garbled or
moved, stray characters, a file cut short) must give the library's own errors and nothing
else; whatever still loads must evaluate at both report dates without raising.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cspmeasures
from cspmeasures.actuals import COLUMNS, loads_actuals
from cspmeasures.catalogue import loads_catalogue
from cspmeasures.errors import CatalogueError, CspMeasuresError
from cspmeasures.model import Catalogue
from strategies import examples

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_TEXT = (ROOT / "catalogue" / "medway-csp-2017-18.yaml").read_text(encoding="utf-8")
ACTUALS_TEXT = (ROOT / "catalogue" / "medway-csp-2017-18-actuals.yaml").read_text(encoding="utf-8")
CATALOGUE = loads_catalogue(CATALOGUE_TEXT, "medway.yaml")
T = TypeVar("T")
DATES = (dt.date(2017, 9, 30), dt.date(2018, 3, 31))
FUZZ = settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _as_csv(text: str) -> str:
    """The Medway actuals as the CSV a spreadsheet would give (same rows, same columns)."""
    rows = yaml.safe_load(text)["actuals"]
    columns = list(COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else str(row[c]) for c in columns])
    return out.getvalue()


ACTUALS_CSV = _as_csv(ACTUALS_TEXT)

# characters a pasted or mistyped file brings: YAML and CSV syntax, digits, signs, spaces,
# tabs, line ends, a BOM, non-breaking and odd line breaks, surrogates, accents, emoji
_NOISE = st.text(
    alphabet=st.sampled_from(
        [
            *":-[]{},&*!|>'\"#%?@`\\ \t\n\r0123456789.eE+-",
            *["\ufeff", "\xa0", "\x85", "\u2028", "\x00", "\x07", "\ud800", "\u00e9", "\U0001f600"],
        ]
    )
    | st.characters(),
    min_size=1,
    max_size=12,
)


@st.composite
def _mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` after one to three random edits."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            lines = [""]
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(
            st.sampled_from(["delete", "duplicate", "garble", "swap", "insert", "truncate"])
        )
        if edit == "delete":
            del lines[index]
        elif edit == "duplicate":
            lines.insert(index, lines[index])
        elif edit == "garble":
            line = lines[index]
            start = draw(st.integers(0, len(line)))
            end = draw(st.integers(start, len(line)))
            lines[index] = line[:start] + draw(_NOISE) + line[end:]
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif edit == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(_NOISE) + line[at:]
        else:
            joined = "\n".join(lines)
            lines = joined[: draw(st.integers(0, len(joined)))].split("\n")
    return "\n".join(lines)


def _attempt(load: Callable[[], T], name: str) -> T | None:
    """What ``load`` returns, or None when it refused the input with the library's own error."""
    try:
        return load()
    except CspMeasuresError as exc:
        refused = exc
    if isinstance(refused, CatalogueError):
        assert all(p.file == name for p in refused.problems)
    return None


def _evaluates(catalogue: Catalogue, actuals: cspmeasures.Actuals) -> None:
    for day in DATES:
        report = cspmeasures.evaluate(catalogue, actuals, day)
        assert len(report.evaluations) == len(catalogue.measures)


def test_the_bundled_files_load_unmutated() -> None:
    """The starting points load: 478-line catalogue, YAML and CSV actuals with the same rows."""
    yaml_rows = loads_actuals(ACTUALS_TEXT, CATALOGUE, "medway.yaml")
    csv_rows = loads_actuals(ACTUALS_CSV, CATALOGUE, "medway.csv")
    assert len(yaml_rows) > 0
    assert [(o.measure, o.period, o.value) for o in csv_rows] == [
        (o.measure, o.period, o.value) for o in yaml_rows
    ]


@FUZZ
@given(_mutated(CATALOGUE_TEXT))
def test_mutated_catalogue_loads_or_gives_a_library_error(text: str) -> None:
    """A mutated catalogue loads or raises a CspMeasuresError; if it loads, it evaluates."""
    catalogue = _attempt(lambda: loads_catalogue(text, "medway.yaml"), "medway.yaml")
    if catalogue is not None:
        actuals = _attempt(
            lambda: loads_actuals(ACTUALS_TEXT, catalogue, "actuals.yaml"), "actuals.yaml"
        )
        _evaluates(catalogue, actuals or cspmeasures.Actuals())


@FUZZ
@given(_mutated(ACTUALS_TEXT))
def test_mutated_yaml_actuals_load_or_give_a_library_error(text: str) -> None:
    """Mutated YAML actuals load or raise a CspMeasuresError; if they load, they evaluate."""
    actuals = _attempt(lambda: loads_actuals(text, CATALOGUE, "medway.yaml"), "medway.yaml")
    if actuals is not None:
        _evaluates(CATALOGUE, actuals)


@FUZZ
@given(_mutated(ACTUALS_CSV))
def test_mutated_csv_actuals_load_or_give_a_library_error(text: str) -> None:
    """Mutated CSV actuals load or raise a CspMeasuresError; if they load, they evaluate."""
    actuals = _attempt(lambda: loads_actuals(text, CATALOGUE, "medway.csv"), "medway.csv")
    if actuals is not None:
        _evaluates(CATALOGUE, actuals)
