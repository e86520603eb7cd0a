"""Catalogues loaded in one process do not affect each other.

Count units belong to the catalogue that declares them: loading one catalogue never changes
how another loads, reads its actuals or evaluates, and a process that loads thousands of
catalogues (each with units of its own) does not grow with them.
"""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from pathlib import Path

import pytest

import cspmeasures
from cspmeasures import units
from cspmeasures.catalogue import loads_catalogue
from cspmeasures.errors import ActualsError, CatalogueError

CORPUS = Path(__file__).parent / "corpus"
GOOD = (CORPUS / "good-minimal.yaml").read_text(encoding="utf-8")
#: good-minimal.yaml with its count unit renamed: a catalogue that declares 'widget'
WIDGETS = (
    GOOD.replace("assessment: a child assessment", "widget: a widget")
    .replace("unit: assessment", "unit: widget")
    .replace("840 assessments per year", "840 widgets per year")
)
#: the same catalogue without the declaration
UNDECLARED = WIDGETS.replace("units:\n  widget: a widget\n", "units:\n")
ACTUALS = "measure,period,value\nassessments,2017-18 Q1,200\nassessments,2017-18 Q2,230\n"


def _problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(text, "plan.yaml")
    return [str(p) for p in info.value.problems]


def test_a_unit_declared_elsewhere_is_still_undeclared_here() -> None:
    """'widget' undeclared gives the same located problem before and after a catalogue that
    declares it is loaded."""
    before = _problems(UNDECLARED)
    assert loads_catalogue(WIDGETS).measure("assessments").unit == "widget"
    after = _problems(UNDECLARED)
    assert after == before
    # the unit of 'assessments' is line 20 of good-minimal.yaml, 19 without the declaration
    assert before[0].startswith(
        "plan.yaml:19:11: measures[0].unit: unknown unit 'widget': declare it under 'units:'"
    )


def test_a_target_in_a_unit_declared_elsewhere_is_refused_alike() -> None:
    """A target counting widgets on an assessment measure: the same message either way."""
    text = GOOD.replace("840 assessments per year", "840 widgets per year")
    before = _problems(text)
    loads_catalogue(WIDGETS)
    assert _problems(text) == before
    assert "unknown unit 'widgets'" in before[0]


def test_actuals_and_evaluation_do_not_depend_on_other_catalogues() -> None:
    """The same catalogue and actuals give the same report whatever was loaded in between,
    and a figure in another catalogue's unit is refused alike."""
    good = loads_catalogue(GOOD)
    actuals = cspmeasures.loads_actuals(ACTUALS, good)
    first = cspmeasures.evaluate(good, actuals, dt.date(2017, 9, 30)).to_dicts()
    bad = "measure,period,value\nassessments,2017-18 Q1,200 widgets\n"
    with pytest.raises(ActualsError) as info:
        cspmeasures.loads_actuals(bad, good)
    refused = [str(p) for p in info.value.problems]
    for index in range(3):
        loads_catalogue(WIDGETS.replace("widget", f"widget{index}x"))
    loads_catalogue(WIDGETS)
    again = loads_catalogue(GOOD)
    assert again == good
    second = cspmeasures.evaluate(
        again, cspmeasures.loads_actuals(ACTUALS, again), dt.date(2017, 9, 30)
    )
    assert second.to_dicts() == first
    with pytest.raises(ActualsError) as info:
        cspmeasures.loads_actuals(bad, again)
    assert [str(p) for p in info.value.problems] == refused
    assert "unknown unit 'widgets'" in refused[0]


def _unit_count() -> int:
    return len(units.get_registry()._units)


def test_many_catalogues_leave_the_registry_and_memory_as_they_were() -> None:
    """650 catalogues, each declaring a count unit of its own, loaded and evaluated: the
    unit registry gains no definition, and the memory held after the last 400 is no more
    than after the first 200 (within 256 KiB, where keeping each catalogue's unit would
    hold megabytes)."""

    actuals = cspmeasures.loads_actuals(ACTUALS, loads_catalogue(GOOD))

    def load(start: int, stop: int) -> None:
        for index in range(start, stop):
            name = f"thing{index}x"
            catalogue = loads_catalogue(WIDGETS.replace("widget", name))
            assert catalogue.units[0].name == name
            report = cspmeasures.evaluate(catalogue, actuals, dt.date(2017, 9, 30))
            assert report.get("assessments").value == 430.0

    load(0, 50)  # warm every cache once
    definitions = _unit_count()
    gc.collect()
    tracemalloc.start()
    try:
        load(50, 250)
        gc.collect()
        after_first, _ = tracemalloc.get_traced_memory()
        load(250, 650)
        gc.collect()
        after_all, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _unit_count() == definitions
    assert after_all - after_first < 256 * 1024, (after_first, after_all)


def test_a_measures_rows_cannot_be_changed_by_a_caller() -> None:
    """Actuals.for_measure is read-only: clearing it is refused, and evaluation still sees
    every row."""
    good = loads_catalogue(GOOD)
    actuals = cspmeasures.loads_actuals(ACTUALS, good)
    rows = actuals.for_measure("assessments")
    assert len(rows) == 2
    with pytest.raises((AttributeError, TypeError)):
        rows.clear()  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        rows[next(iter(rows))] = None  # type: ignore[index]
    assert len(actuals.for_measure("assessments")) == 2
    report = cspmeasures.evaluate(good, actuals, dt.date(2017, 9, 30))
    # 200 + 230 assessments to date against 420 expected by the half year (840 a year)
    assert report.get("assessments").value == 430.0
