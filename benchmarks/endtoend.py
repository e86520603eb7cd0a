"""End-to-end benchmark: what a user waits for, next to what the same work costs elsewhere.

Usage::

    python benchmarks/endtoend.py --measures 10000 --periods 40

The script writes, in a temporary directory, the catalogue and actuals CSV that
``benchmarks/scale.py`` generates (N measures cycling through every target kind, P
quarters of figures each), then measures in one run, the two sides of each pair taking
turns (``--repeat`` rounds, the best of each side kept):

* ``cli_s``: the whole ``cspmeasures evaluate CATALOGUE --actuals CSV --as-of DAY
  --format csv --output FILE`` as a user runs it (a fresh process: start-up, loading,
  evaluation and writing), at the end of the catalogue's year; CPU seconds of the child;
* ``notebook_s``: a pandas + numpy notebook on the same two files: it parses the catalogue
  with ``yaml.load(..., CSafeLoader)``, reads the CSV with ``pandas.read_csv`` and judges
  the kinds it can (thresholds on a value, a ratio or a count with a data lag, and
  ranges), with the Wilson interval of each ratio. Every period, value, status and
  interval it works out is checked against the command's CSV (``notebook_agree``;
  ``notebook_judged`` results); CPU seconds of this process;
* ``actuals_row_us``: ``cspmeasures.load_actuals`` of the CSV per row, next to
  ``dictreader_row_us``: ``csv.DictReader`` with the value, numerator and denominator
  converted to floats;
* ``wilson_s`` and ``exact_s``: ``cspmeasures.calc.vector``'s ``wilson_interval`` of
  ``--inputs`` proportions
  (denominators 1 to 1,000) and ``exact_rate_interval`` of as many counts (0 to 9, the
  counts ``cspmeasures.calc.rate`` gives the exact method), at 95%, next to
  ``statsmodels_wilson_s`` (``proportion_confint(method="wilson")``) and
  ``scipy_exact_s`` (``scipy.stats.chi2.ppf``), checked to agree to 1e-9 relative
  (``wilson_agree``, ``exact_agree``; a limit of 0 to 1e-15, as statsmodels gives a
  lower limit of about 1e-17 for a numerator of 0). statsmodels and scipy come with the ``bench``
  extra; without them those figures are ``null`` and the script says so on standard error;
* ``startup_ratio``: ``cspmeasures --version`` against ``python -c pass`` (wall seconds,
  the best of ``--starts`` each);
* ``dask_speedup``: the recipe of ``docs/examples/dask_recipe.py`` (the catalogue partitioned
  by measure, the CSV read by Dask) on two worker processes (``dask_s``) against the same
  plan in this process (``dask_one_process_s``, Dask's synchronous scheduler), wall
  seconds; ``dask_agree``: both give the same results. Dask comes with the ``bench``
  extra; without it those figures are ``null``;
* ``peak_rss_mb``: the peak resident memory of this process (the notebook, the loads and
  the intervals), and ``actuals_bytes_per_row``: the memory ``load_actuals``'s result holds (``tracemalloc``,
  in a separate load) per row.

The last line printed is one JSON object with every figure; the script exits with status 1
when a check disagrees.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import MAX_PERIODS, YEAR, generate, peak_rss_mb, quarter_end

import cspmeasures
from cspmeasures.calc import rates, vector

KEYS = (
    "measures",
    "periods",
    "actual_rows",
    "cli_s",
    "notebook_s",
    "cli_notebook_ratio",
    "notebook_judged",
    "notebook_agree",
    "actuals_row_us",
    "dictreader_row_us",
    "actuals_ratio",
    "inputs",
    "wilson_s",
    "statsmodels_wilson_s",
    "wilson_ratio",
    "wilson_agree",
    "exact_s",
    "scipy_exact_s",
    "exact_ratio",
    "exact_agree",
    "startup_s",
    "python_startup_s",
    "startup_ratio",
    "peak_rss_mb",
    "actuals_bytes_per_row",
    "dask_s",
    "dask_one_process_s",
    "dask_speedup",
    "dask_agree",
)

#: agreement of the intervals with statsmodels and scipy, relative
TOLERANCE = 1e-9

#: the timer of in-process work: CPU seconds of this process
clock = time.process_time


def children_cpu_s() -> float:
    """CPU seconds used so far by this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command() -> list[str]:
    """The console script next to this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "cspmeasures"
    return [str(beside)] if beside.exists() else ["cspmeasures"]


# --------------------------------------------------------------------------- the notebook

TARGET_OPERATOR = re.compile(r"^(>=|<=|>|<) ([0-9.]+)(%?)$")
TARGET_WORDS = re.compile(r"^(at most|at least) ([0-9.]+) \w+$")
TARGET_RANGE = re.compile(r"^between ([0-9.]+)% and ([0-9.]+)%$")
TOLERANCE_RELATIVE = re.compile(r"^([0-9.]+)% of target$")
TOLERANCE_ABSOLUTE = re.compile(r"^([0-9.]+) (percentage points?|\w+)$")


def _number(text: str, percent: bool) -> float:
    return float(text) / 100 if percent else float(text)


def notebook_specs(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The measures a notebook can judge, from the parsed YAML: thresholds and ranges."""
    specs: list[dict[str, Any]] = []
    for measure in document["measures"]:
        target = measure.get("target")
        if not isinstance(target, str):
            continue
        percent = measure.get("unit") == "percent"
        spec: dict[str, Any] = {
            "id": measure["id"],
            "ratio": "/" in str(measure.get("value", "")),
            "lag": int(measure.get("data_lag", 0)),
            "sign": {"higher": 1, "lower": -1}.get(measure["polarity"], 0),
        }
        if match := TARGET_OPERATOR.match(target):
            spec.update(kind="threshold", op=match[1], low=_number(match[2], match[3] == "%"))
        elif match := TARGET_WORDS.match(target):
            spec.update(
                kind="threshold", op="<=" if match[1] == "at most" else ">=", low=float(match[2])
            )
        elif match := TARGET_RANGE.match(target):
            spec.update(kind="range", op="", low=float(match[1]) / 100, high=float(match[2]) / 100)
        else:
            continue
        tolerance = str(measure.get("tolerance", ""))
        if match := TOLERANCE_RELATIVE.match(tolerance):
            spec["band"], spec["relative"] = float(match[1]) / 100, True
        elif match := TOLERANCE_ABSOLUTE.match(tolerance):
            spec["band"], spec["relative"] = _number(match[1], percent), False
        else:
            spec["band"], spec["relative"] = 0.0, False
        specs.append(spec)
    return specs


def notebook(catalogue_path: Path, actuals_path: Path, last: str, previous: str) -> Any:
    """Judge the thresholds and ranges at the end of quarter ``last`` with pandas and numpy.

    A measure's figure is that of ``last``, or of ``previous`` when its data lag allows and
    ``last`` has none; a suppressed row is no data, a zero denominator not applicable. A
    figure that meets the target is met, else (on the year's last quarter) missed, else
    at risk within the tolerance band and off track beyond it. Returns a DataFrame indexed
    by measure id with period, value, status, lower and upper (the Wilson interval of a
    ratio).
    """
    import pandas as pd

    document = yaml.load(catalogue_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    specs = pd.DataFrame(notebook_specs(document)).set_index("id")
    rows = pd.read_csv(
        actuals_path,
        usecols=["measure", "period", "value", "numerator", "denominator", "flag"],
        dtype={"measure": str, "period": str, "value": str, "flag": str},
    )
    rows = rows[rows["period"].isin([last, previous]) & rows["measure"].isin(specs.index)]
    text = rows["value"].fillna("")
    percent = text.str.endswith("%")
    number = pd.to_numeric(text.str.rstrip("%"), errors="coerce")
    rows = rows.assign(figure=np.where(percent, number / 100, number))
    rows["has_data"] = rows["figure"].notna() | (
        rows["numerator"].notna() & rows["denominator"].notna()
    )
    wide = rows.pivot(index="measure", columns="period")
    frame = specs.copy()

    def column(name: str, period: str) -> Any:
        if (name, period) in wide.columns:
            return wide[(name, period)].reindex(frame.index)
        return pd.Series(np.nan, index=frame.index)

    last_has = column("has_data", last).fillna(False).astype(bool).to_numpy()
    use_previous = ~last_has & (frame["lag"].to_numpy() >= 1)
    frame["period"] = np.where(use_previous, previous, last)

    def chosen(name: str) -> Any:
        return np.where(use_previous, column(name, previous), column(name, last))

    flag = pd.Series(chosen("flag"), index=frame.index).fillna("")
    numerator = chosen("numerator").astype(float)
    denominator = chosen("denominator").astype(float)
    ratio = frame["ratio"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(ratio, numerator / denominator, chosen("figure").astype(float))
    no_data = flag.str.contains("suppressed").to_numpy() | np.isnan(
        np.where(ratio, numerator + denominator, value)
    )
    not_applicable = ratio & (denominator == 0) & ~no_data
    value = np.where(no_data | not_applicable, np.nan, value)

    low, high, op = frame["low"].to_numpy(), frame.get("high"), frame["op"].to_numpy()
    high = high.to_numpy() if high is not None else np.full(len(frame), np.nan)
    band = np.where(frame["relative"], frame["band"] * np.abs(low), frame["band"])
    band_high = np.where(frame["relative"], frame["band"] * np.abs(high), frame["band"])
    with np.errstate(invalid="ignore"):
        satisfied = np.select(
            [op == ">=", op == ">", op == "<=", op == "<"],
            [value >= low, value > low, value <= low, value < low],
            default=(low <= value) & (value <= high),
        )
        tolerated = (frame["band"].to_numpy() > 0) & np.select(
            [op == ">=", op == ">", op == "<=", op == "<"],
            [value >= low - band, value > low - band, value <= low + band, value < low + band],
            default=(low - band <= value) & (value <= high + band_high),
        )
    final = frame["period"].to_numpy() == last
    status = np.where(
        satisfied,
        "met",
        np.where(final, "missed", np.where(tolerated, "at-risk", "off-track")),
    )
    status = np.where(not_applicable, "not-applicable", np.where(no_data, "no-data", status))
    frame["value"] = value
    frame["status"] = status
    lower, upper = wilson_numpy(numerator, denominator, rates.z_value(0.95))
    frame["lower"] = np.where(ratio & ~no_data & ~not_applicable, lower, np.nan)
    frame["upper"] = np.where(ratio & ~no_data & ~not_applicable, upper, np.nan)
    return frame[["period", "value", "status", "lower", "upper"]]


def wilson_numpy(x: Any, n: Any, z: float) -> tuple[Any, Any]:
    """The Wilson score interval as a notebook writes it in numpy (0 at x = 0, 1 at x = n)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        root = z * np.sqrt(z**2 + 4 * x * (1 - x / n))
        lower = np.where(x == 0, 0.0, (2 * x + z**2 - root) / 2 / (n + z**2))
        upper = np.where(x == n, 1.0, (2 * x + z**2 + root) / 2 / (n + z**2))
    return np.clip(lower, 0.0, 1.0), np.clip(upper, 0.0, 1.0)


def _close(a: str, b: float) -> bool:
    """A cell of the command's CSV against the notebook's number (empty against NaN)."""
    if a == "" or math.isnan(b):
        return a == "" and math.isnan(b)
    return math.isclose(float(a), b, rel_tol=TOLERANCE, abs_tol=1e-12)


def compare_notebook(output: Path, judged: Any) -> tuple[int, int]:
    """(results judged, disagreements) of the notebook against the command's CSV output."""
    with output.open(encoding="utf-8", newline="") as stream:
        cli = {row["id"]: row for row in csv.DictReader(stream)}
    disagreements = 0
    for measure_id, mine in judged.iterrows():
        theirs = cli.get(str(measure_id))
        same = theirs is not None and (
            theirs["period"] == mine["period"]
            and theirs["status"] == mine["status"]
            and _close(theirs["value"], mine["value"])
            and _close(theirs["lower"], mine["lower"])
            and _close(theirs["upper"], mine["upper"])
        )
        if not same:
            disagreements += 1
            if disagreements <= 10:
                print(
                    f"notebook disagrees for {measure_id}: command {theirs and {k: theirs[k] for k in ('period', 'value', 'status', 'lower', 'upper')}}, "
                    f"notebook {dict(mine)}",
                    file=sys.stderr,
                )
    return len(judged), disagreements


# --------------------------------------------------------------------------- actuals


def dictreader_rows(path: Path) -> list[tuple[str, str, float | None, float | None, float | None]]:
    """The CSV read with ``csv.DictReader``, the value, numerator and denominator as floats."""

    def number(text: str) -> float | None:
        if not text:
            return None
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)

    with path.open(encoding="utf-8", newline="") as stream:
        return [
            (
                row["measure"],
                row["period"],
                number(row["value"]),
                number(row["numerator"]),
                number(row["denominator"]),
            )
            for row in csv.DictReader(stream)
        ]


def retained_bytes(load: Callable[[], object]) -> tuple[int, object]:
    """The bytes still allocated (tracemalloc) by what ``load`` returns, and the result."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = load()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after - before, result


# --------------------------------------------------------------------------- intervals


def interval_inputs(inputs: int, seed: int) -> tuple[Any, Any, Any]:
    """``inputs`` proportions (x of n, n from 1 to 1,000) and counts from 0 to 9."""
    rng = np.random.default_rng(seed)
    n = rng.integers(1, 1001, inputs).astype(float)
    x = np.floor(rng.random(inputs) * (n + 1))
    counts = rng.integers(0, 10, inputs).astype(float)
    return x, n, counts


def library_wilson(x: Any, n: Any) -> tuple[Any, Any]:
    """The library's Wilson interval of every proportion (``calc.vector``)."""
    return vector.wilson_interval(x, n, 0.95)


def library_exact(counts: Any) -> tuple[Any, Any]:
    """The library's exact Poisson interval of every count (``calc.vector``)."""
    return vector.exact_rate_interval(counts, 0.95)


def references() -> tuple[
    Callable[[Any, Any], tuple[Any, Any]] | None, Callable[[Any], tuple[Any, Any]] | None
]:
    """statsmodels' Wilson and scipy's exact Poisson interval, or None when not installed."""
    try:
        from statsmodels.stats.proportion import proportion_confint
    except ImportError:
        print(
            "statsmodels is not installed (pip install -e '.[bench]'): "
            "statsmodels_wilson_s and wilson_agree are null",
            file=sys.stderr,
        )
        wilson = None
    else:

        def wilson(x: Any, n: Any) -> tuple[Any, Any]:
            lower, upper = proportion_confint(x, n, alpha=0.05, method="wilson")
            return np.asarray(lower), np.asarray(upper)

    try:
        from scipy.stats import chi2
    except ImportError:
        print(
            "scipy is not installed (pip install -e '.[bench]'): "
            "scipy_exact_s and exact_agree are null",
            file=sys.stderr,
        )
        exact = None
    else:

        def exact(counts: Any) -> tuple[Any, Any]:
            lower = np.where(counts == 0, 0.0, chi2.ppf(0.025, 2 * counts) / 2)
            return lower, chi2.ppf(0.975, 2 * counts + 2) / 2

    return wilson, exact


def agree(ours: tuple[Any, Any], theirs: tuple[Any, Any]) -> bool:
    """Both limits equal to ``TOLERANCE`` relative (a limit of 0 to 1e-15 absolute)."""
    return all(
        bool(np.allclose(a, b, rtol=TOLERANCE, atol=1e-15))
        for a, b in zip(ours, theirs, strict=True)
    )


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = clock()
    result = work()
    return clock() - start, result


# --------------------------------------------------------------------------- Dask

RECIPE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "dask_recipe.py"


def dask_recipe() -> Any:
    """docs/examples/dask_recipe.py as a module, or None (and a word) without Dask."""
    try:
        import dask.dataframe  # noqa: F401
    except ImportError:
        print(
            "dask is not installed (pip install -e '.[bench]'): the dask figures are null",
            file=sys.stderr,
        )
        return None
    spec = importlib.util.spec_from_file_location("dask_recipe", RECIPE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dask_figures(catalogue: Any, actuals_path: Path, day: dt.date, repeat: int) -> dict[str, Any]:
    """The recipe's plan on two worker processes against the same plan in this process.

    Wall seconds (the workers' time is not this process's), the best of ``repeat`` each,
    taking turns; ``dask_agree``: both give the same results.
    """
    recipe = dask_recipe()
    if recipe is None:
        return dict.fromkeys(("dask_s", "dask_one_process_s", "dask_speedup", "dask_agree"))
    spread, single = [], []
    results = {}
    for _ in range(repeat):
        for scheduler, runs in (("processes", spread), ("synchronous", single)):
            start = time.perf_counter()
            results[scheduler] = recipe.evaluate_partitioned(
                catalogue, str(actuals_path), day, 2, scheduler=scheduler
            )
            runs.append(time.perf_counter() - start)
    return {
        "dask_s": round(min(spread), 4),
        "dask_one_process_s": round(min(single), 4),
        "dask_speedup": round(min(single) / max(min(spread), 1e-9), 2),
        "dask_agree": results["processes"].to_dict("records")
        == results["synchronous"].to_dict("records"),
    }


# --------------------------------------------------------------------------- start-up


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup(starts: int) -> tuple[float, float]:
    """The best wall seconds of ``cspmeasures --version`` and of ``python -c pass``."""
    ours, python = [], []
    for _ in range(starts):
        ours.append(wall([*command(), "--version"]))
        python.append(wall([sys.executable, "-c", "pass"]))
    return min(ours), min(python)


# --------------------------------------------------------------------------- the run


def run(measures: int, periods: int, *, inputs: int, repeat: int, starts: int, seed: int,
        workdir: Path) -> dict[str, Any]:  # fmt: skip
    """Write the files, measure every pair, check every agreement; the figures as a dict."""
    generated = generate(measures, periods, seed=seed)
    catalogue_path = workdir / "catalogue.yaml"
    actuals_path = workdir / "actuals.csv"
    output_path = workdir / "results.csv"
    catalogue_path.write_text(generated.catalogue_text, encoding="utf-8")
    actuals_path.write_text(generated.actuals_text, encoding="utf-8")
    del generated
    last_q = YEAR * 4 + 3
    day = quarter_end(last_q)
    last, previous = f"{YEAR}-{(YEAR + 1) % 100:02d} Q4", f"{YEAR}-{(YEAR + 1) % 100:02d} Q3"
    argv = [*command(), "evaluate", str(catalogue_path), "--actuals", str(actuals_path),
            "--as-of", day.isoformat(), "--format", "csv", "--output", str(output_path)]  # fmt: skip

    import pandas  # noqa: F401  (a notebook has pandas imported before its first cell)

    cli_runs, notebook_runs = [], []
    judged = None
    for _ in range(repeat):
        start = children_cpu_s()
        done = subprocess.run(argv, capture_output=True, text=True)
        cli_runs.append(children_cpu_s() - start)
        if done.returncode != 0:
            raise SystemExit(f"the command failed ({done.returncode}): {done.stderr}")
        seconds, judged = timed(lambda: notebook(catalogue_path, actuals_path, last, previous))
        notebook_runs.append(seconds)
    notebook_judged, notebook_disagreements = compare_notebook(output_path, judged)

    catalogue = cspmeasures.load_catalogue(catalogue_path)
    actuals_runs, reader_runs = [], []
    rows = 0
    for _ in range(repeat):
        seconds, actuals = timed(lambda: cspmeasures.load_actuals(actuals_path, catalogue))
        actuals_runs.append(seconds)
        rows = len(actuals)
        del actuals
        seconds, plain = timed(lambda: dictreader_rows(actuals_path))
        reader_runs.append(seconds)
        if len(plain) != rows:
            raise SystemExit(f"csv.DictReader read {len(plain)} rows, load_actuals {rows}")
        del plain
    held, _ = retained_bytes(lambda: cspmeasures.load_actuals(actuals_path, catalogue))

    x, n, counts = interval_inputs(inputs, seed)
    statsmodels_wilson, scipy_exact = references()
    wilson_runs, exact_runs, sm_runs, scipy_runs = [], [], [], []
    wilson_agree = exact_agree = None
    for _ in range(repeat):
        seconds, ours_wilson = timed(lambda: library_wilson(x, n))
        wilson_runs.append(seconds)
        if statsmodels_wilson is not None:
            seconds, theirs = timed(lambda: statsmodels_wilson(x, n))
            sm_runs.append(seconds)
            wilson_agree = agree(ours_wilson, theirs)
        seconds, ours_exact = timed(lambda: library_exact(counts))
        exact_runs.append(seconds)
        if scipy_exact is not None:
            seconds, theirs = timed(lambda: scipy_exact(counts))
            scipy_runs.append(seconds)
            exact_agree = agree(ours_exact, theirs)

    dask = dask_figures(catalogue, actuals_path, day, repeat)
    startup_s, python_startup_s = startup(starts)

    def best(runs: list[float]) -> float | None:
        return round(min(runs), 4) if runs else None

    def ratio(a: list[float], b: list[float]) -> float | None:
        return round(min(a) / max(min(b), 1e-9), 2) if a and b else None

    return {
        "measures": measures,
        "periods": periods,
        "actual_rows": rows,
        "cli_s": best(cli_runs),
        "notebook_s": best(notebook_runs),
        "cli_notebook_ratio": ratio(cli_runs, notebook_runs),
        "notebook_judged": notebook_judged,
        "notebook_agree": notebook_disagreements == 0,
        "actuals_row_us": round(min(actuals_runs) / max(rows, 1) * 1e6, 3),
        "dictreader_row_us": round(min(reader_runs) / max(rows, 1) * 1e6, 3),
        "actuals_ratio": ratio(actuals_runs, reader_runs),
        "inputs": inputs,
        "wilson_s": best(wilson_runs),
        "statsmodels_wilson_s": best(sm_runs),
        "wilson_ratio": ratio(wilson_runs, sm_runs),
        "wilson_agree": wilson_agree,
        "exact_s": best(exact_runs),
        "scipy_exact_s": best(scipy_runs),
        "exact_ratio": ratio(exact_runs, scipy_runs),
        "exact_agree": exact_agree,
        "startup_s": round(startup_s, 4),
        "python_startup_s": round(python_startup_s, 4),
        "startup_ratio": round(startup_s / python_startup_s, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "actuals_bytes_per_row": round(held / max(rows, 1)),
        **dask,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--measures", type=int, default=10_000, help="number of measures (N)")
    parser.add_argument("--periods", type=int, default=40, help="quarters of actuals (P, <= 44)")
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs of each interval")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each pair (best kept)")
    parser.add_argument("--starts", type=int, default=10, help="start-ups of each side")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the generated figures")
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    args = parser.parse_args(argv)
    if args.measures < 1 or not 1 <= args.periods <= MAX_PERIODS:
        parser.error(f"--measures must be >= 1 and --periods between 1 and {MAX_PERIODS}")
    if args.inputs < 1 or args.repeat < 1 or args.starts < 1:
        parser.error("--inputs, --repeat and --starts must be at least 1")
    options = {"inputs": args.inputs, "repeat": args.repeat, "starts": args.starts,
               "seed": args.seed}  # fmt: skip
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = run(args.measures, args.periods, workdir=args.keep, **options)
    else:
        with tempfile.TemporaryDirectory(prefix="cspmeasures-endtoend-") as directory:
            figures = run(args.measures, args.periods, workdir=Path(directory), **options)
    for key in KEYS:
        print(f"{key:>22}: {figures[key]}")
    print(json.dumps(figures))
    checks = (figures["notebook_agree"], figures["wilson_agree"], figures["exact_agree"],
              figures["dask_agree"])  # fmt: skip
    return 1 if any(check is False for check in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
