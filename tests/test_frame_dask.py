"""The Dask recipe (docs/examples/dask_recipe.py) on a CSV of one block, on two processes.

It must get past the three ways the plain recipe broke: a CSV read in one block has no
divisions after ``set_index`` (the divisions come from the catalogue), Dask reads text
columns as Arrow strings (evaluate_frame takes them as text cells), and the processes
scheduler imports the script in each worker (its work sits under a ``__main__`` guard).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cspmeasures
from cspmeasures.cli import main
from cspmeasures.evaluate import FIELDS
from cspmeasures.frame import evaluate_frame, measure_divisions, partition_measures

pytest.importorskip("dask.dataframe")

ROOT = Path(__file__).resolve().parents[1]
RECIPE = ROOT / "docs" / "examples" / "dask_recipe.py"
DAY = dt.date(2025, 3, 31)


def _module(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated plan of every target kind (benchmarks/scale.py), 54 measures x 4 quarters."""
    scale = _module(ROOT / "benchmarks" / "scale.py", "scale_for_dask_test")
    generated = scale.generate(54, 4)
    directory = tmp_path_factory.mktemp("dask")
    catalogue, actuals = directory / "plan.yaml", directory / "actuals.csv"
    catalogue.write_text(generated.catalogue_text, encoding="utf-8")
    actuals.write_text(generated.actuals_text, encoding="utf-8")
    return catalogue, actuals


def test_the_recipe_as_a_script_on_two_processes_equals_the_command_line(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    catalogue, actuals = files
    output, expected = tmp_path / "dask.csv", tmp_path / "cli.csv"
    done = subprocess.run(
        [sys.executable, str(RECIPE), str(catalogue), str(actuals), DAY.isoformat(), str(output), "2"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert main(["evaluate", str(catalogue), "--actuals", str(actuals), "--as-of",
                 DAY.isoformat(), "--format", "csv", "--output", str(expected)]) == 0  # fmt: skip
    with output.open(encoding="utf-8") as a, expected.open(encoding="utf-8") as b:
        ours, theirs = list(csv.DictReader(a)), list(csv.DictReader(b))
    assert len(ours) == len(theirs) == 54
    # flags and warnings are lists in a frame: compared in the next test
    shared = [name for name in FIELDS if name not in ("flags", "warnings")]
    assert [{k: r[k] for k in shared} for r in ours] == [{k: r[k] for k in shared} for r in theirs]
    assert {r["status"] for r in ours} >= {"met", "missed", "off-track", "monitor"}


def test_the_recipe_on_processes_equals_one_evaluation(files: tuple[Path, Path]) -> None:
    catalogue_path, actuals_path = files
    recipe = _module(RECIPE, "dask_recipe_for_test")
    catalogue = cspmeasures.load_catalogue(catalogue_path)
    spread = recipe.evaluate_partitioned(catalogue, str(actuals_path), DAY, 2)
    single = cspmeasures.evaluate(catalogue, cspmeasures.load_actuals(actuals_path, catalogue), DAY)
    assert spread.to_dict("records") == [{k: r[k] for k in FIELDS} for r in single.to_dicts()]


def test_measure_divisions_come_from_the_catalogue(files: tuple[Path, Path]) -> None:
    catalogue = cspmeasures.load_catalogue(files[0])
    ids = sorted(m.id for m in catalogue.measures)
    assert measure_divisions(catalogue, 2) == [ids[0], ids[27], ids[53]]
    assert measure_divisions(catalogue, 1) == [ids[0], ids[53]]
    # at most one partition fewer than the measures, so that the divisions differ
    assert len(measure_divisions(catalogue, 100)) == 54
    for parts in (1, 2, 3, 7):
        divisions = measure_divisions(catalogue, parts)
        assert len(divisions) == parts + 1
        covered = [m for i in range(parts) for m in partition_measures(catalogue, divisions, i)]
        assert sorted(covered) == ids  # each measure in exactly one partition
    with pytest.raises(ValueError, match="parts must be at least 1"):
        measure_divisions(catalogue, 0)


def test_text_columns_of_pandas_string_dtype_are_text_cells(files: tuple[Path, Path]) -> None:
    import pandas as pd

    catalogue = cspmeasures.load_catalogue(files[0])
    plain = pd.read_csv(files[1], dtype=str, keep_default_na=False, na_values=[""])
    arrow = plain.astype(dict.fromkeys(plain.columns, "string"))
    assert evaluate_frame(catalogue, arrow, DAY).to_dict("records") == evaluate_frame(
        catalogue, plain, DAY
    ).to_dict("records")
