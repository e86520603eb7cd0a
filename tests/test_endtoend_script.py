"""benchmarks/endtoend.py: runs end to end, checks every agreement and prints its figures as JSON.

No time is asserted: the figures depend on the machine. statsmodels and scipy are in the
``test`` extra, so the interval checks run here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "endtoend.py"
TIMES = (
    "cli_s",
    "notebook_s",
    "wilson_s",
    "statsmodels_wilson_s",
    "exact_s",
    "scipy_exact_s",
    "startup_s",
    "python_startup_s",
    "dask_s",
    "dask_one_process_s",
)
RATIOS = ("cli_notebook_ratio", "actuals_ratio", "wilson_ratio", "exact_ratio", "startup_ratio",
          "dask_speedup")  # fmt: skip


def test_tiny_run_agrees_everywhere_and_ends_with_every_key() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--measures", "36", "--periods", "3", "--inputs", "300",
         "--repeat", "1", "--starts", "2"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    for key in (*TIMES, *RATIOS):
        assert isinstance(figures[key], float), key
        assert figures[key] > 0, key
    for key in ("actuals_row_us", "dictreader_row_us", "peak_rss_mb"):
        assert figures[key] > 0, key
    assert (figures["measures"], figures["periods"], figures["inputs"]) == (36, 3, 300)
    # 36 measures cycle twice through 18 kinds, four of them thresholds or ranges
    assert figures["notebook_judged"] == 8
    assert figures["notebook_agree"] is True
    assert figures["wilson_agree"] is True
    assert figures["exact_agree"] is True
    assert figures["dask_agree"] is True
    # a row is at least its measure id and label (Python objects of some tens of bytes)
    assert 50 < figures["actuals_bytes_per_row"] < 100_000
    # about 36 x 3 rows: a few quarters are gaps
    assert 90 <= figures["actual_rows"] <= 108


def test_bad_arguments_are_refused() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--measures", "10", "--inputs", "0"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--inputs" in done.stderr


BLOCK_REFERENCES = """
import runpy, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("scipy", "statsmodels"):
            raise ImportError(f"no module named {name!r}")
        return None
sys.meta_path.insert(0, Block())
sys.argv = [sys.argv[1], *sys.argv[2:]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_without_statsmodels_and_scipy_it_says_so_and_leaves_their_figures_null() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_REFERENCES, str(SCRIPT), "--measures", "18", "--periods",
         "2", "--inputs", "50", "--repeat", "1", "--starts", "1"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "statsmodels is not installed (pip install -e '.[bench]')" in done.stderr
    assert "scipy is not installed (pip install -e '.[bench]')" in done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("statsmodels_wilson_s", "wilson_ratio", "wilson_agree", "scipy_exact_s",
                "exact_ratio", "exact_agree"):  # fmt: skip
        assert figures[key] is None, key
    assert figures["wilson_s"] > 0
    assert figures["notebook_agree"] is True
