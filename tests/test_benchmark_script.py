"""benchmarks/scale.py: runs end to end and prints its figures as JSON (no time is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "scale.py"
KEYS = {
    "measures",
    "periods",
    "evaluations",
    "load_s",
    "parse_baseline_s",
    "load_ratio",
    "actuals_s",
    "evaluate_s",
    "evaluate_baseline_s",
    "evaluate_ratio",
    "words_s",
    "words_read",
    "peak_rss_mb",
    "statuses_agree",
}


def run_script(*args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600
    )
    last = done.stdout.strip().splitlines()[-1]
    return done, json.loads(last)


@pytest.mark.parametrize(("measures", "periods"), [(40, 4), (36, 6)])
def test_last_line_is_json_with_every_key(measures: int, periods: int) -> None:
    """The last line holds every figure, N x P evaluations, and the baseline agreed on each."""
    done, figures = run_script("--measures", str(measures), "--periods", str(periods))
    assert done.returncode == 0, done.stderr
    missing = KEYS - figures.keys()
    assert not missing
    assert (figures["measures"], figures["periods"]) == (measures, periods)
    assert figures["evaluations"] == measures * periods
    assert figures["statuses_agree"] is True
    assert figures["disagreements"] == 0
    assert figures["checked"] == measures * periods
    assert figures["words_read"] == measures  # every result of the last quarter
    times = ("load_s", "parse_baseline_s", "actuals_s", "evaluate_s", "evaluate_baseline_s")
    for key in (*times, "words_s"):
        assert isinstance(figures[key], float)
        assert figures[key] >= 0
    assert isinstance(figures["peak_rss_mb"], float)
    assert figures["peak_rss_mb"] > 0


def test_bad_arguments_are_refused() -> None:
    """More quarters than the actuals loader keeps as history is a usage error (status 2)."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--measures", "10", "--periods", "45"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "--periods" in done.stderr


def test_frame_option_times_the_columnar_api_and_checks_it() -> None:
    """--frame adds evaluate_frame's figures, and its results equal evaluate's."""
    done, figures = run_script("--measures", "36", "--periods", "5", "--frame")
    assert done.returncode == 0, done.stderr
    assert figures["frame_equal"] is True
    for key in ("frame_s", "frame_core_s"):
        assert isinstance(figures[key], float)
        assert figures[key] >= 0
    _, without = run_script("--measures", "10", "--periods", "1")
    assert "frame_s" not in without
