"""The layers: the pure core (model, calc, engine) never loads the reading layer, the CLI
or rendering, and the public names keep working from wherever they now live."""

from __future__ import annotations

import json
import subprocess
import sys

import cspmeasures

#: modules of the reading layer, the writing layer and the command line, and the
#: third-party libraries only they need
EDGES = (
    "cspmeasures.actuals",
    "cspmeasures.catalogue",
    "cspmeasures.cli",
    "cspmeasures.frame",
    "cspmeasures.records",
    "cspmeasures.render",
    "cspmeasures.schema",
    "cspmeasures.sql",
    "cspmeasures.xlsx",
    "cspmeasures.xlsx_write",
    "cspmeasures.yamlsource",
    "yaml",
    "tabulate",
    "openpyxl",
    "pandas",
    "sqlalchemy",
)


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_the_pure_core_loads_no_edge_module() -> None:
    """Importing cspmeasures.model, .calc, .kinds and every module of .engine in a fresh
    interpreter loads none of the reading, writing or CLI modules, nor PyYAML, tabulate,
    openpyxl, pandas or SQLAlchemy."""
    loaded = _loaded_after(
        "import cspmeasures.model, cspmeasures.calc, cspmeasures.kinds, cspmeasures.engine\n"
        "import cspmeasures.engine.measure, cspmeasures.engine.compile, cspmeasures.engine.plans"
    )
    assert "cspmeasures.engine.measure" in loaded  # the check itself imported the engine
    assert "cspmeasures.kinds.threshold" in loaded
    assert loaded.isdisjoint(EDGES), sorted(loaded & set(EDGES))


def test_a_kind_module_loads_alone() -> None:
    """A kind's module can be imported first, before the engine and the registry: the
    engine package imports its modules when first used, so that there is no import cycle."""
    for kind in ("threshold", "amount", "all_of"):
        loaded = _loaded_after(f"import cspmeasures.kinds.{kind}")
        assert "cspmeasures.engine.plans" in loaded
        assert loaded.isdisjoint(EDGES), sorted(loaded & set(EDGES))


def test_the_core_evaluates_without_the_edges() -> None:
    """A catalogue built in code is evaluated with the core alone, and still no edge module
    is loaded: the engine does not reach for a reader when it runs."""
    code = """
import datetime as dt
from cspmeasures.model import Actuals, Catalogue, Measure, Observation, Theme, ThresholdTarget
from cspmeasures.engine import evaluate
from cspmeasures.periods import Calendar, parse_year, parse_period
from cspmeasures.vocabulary import Polarity
year = parse_year("2017-18", Calendar.UK_FINANCIAL_YEAR)
m = Measure("m", "M", "t", unit="percent", polarity=Polarity.HIGHER_IS_BETTER, target=ThresholdTarget(">=", 0.75))
cat = Catalogue("c", "C", year, themes=(Theme("t", "T"),), measures=(m,))
q2 = parse_period("2017-18 Q2", Calendar.UK_FINANCIAL_YEAR)
report = evaluate(cat, Actuals((Observation("m", q2, value=0.8),)), dt.date(2017, 9, 30))
assert report.evaluations[0].status.value == "met", report.evaluations[0].status
assert report.evaluations[0].reason
"""
    loaded = _loaded_after(code)
    assert loaded.isdisjoint(EDGES), sorted(loaded & set(EDGES))


def test_public_names_resolve_from_their_new_homes() -> None:
    """Every name in cspmeasures.__all__ resolves; the classes moved into the model, the
    results and the engine are the ones the old module paths give."""
    import importlib

    from cspmeasures import actuals, model, results
    from cspmeasures.engine import measure

    evaluate = importlib.import_module("cspmeasures.evaluate")  # the module, not the function

    for name in cspmeasures.__all__:
        assert getattr(cspmeasures, name) is not None
    assert cspmeasures.Observation is model.Observation is actuals.Observation
    assert cspmeasures.Evaluation is results.Evaluation is evaluate.Evaluation
    assert cspmeasures.evaluate is measure.evaluate is evaluate.evaluate


def test_no_module_outside_kinds_asks_a_target_its_class() -> None:
    """Dispatch on a target's kind goes through the registry (cspmeasures.kinds): no module
    outside kinds/ names a concrete target class in an isinstance check."""
    import ast
    from pathlib import Path

    from cspmeasures.model import TARGET_KINDS

    names = {kind.__name__ for kind in TARGET_KINDS}
    package = Path(cspmeasures.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        if "kinds" in path.relative_to(package).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "isinstance"
                and len(node.args) == 2
            ):
                named = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
                if named & names:
                    found.append(f"{path.relative_to(package)}:{node.lineno}")
    assert found == []
