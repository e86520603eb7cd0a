"""Scale benchmark: N measures x P quarters, loaded and evaluated, next to plain baselines.

Usage::

    python benchmarks/scale.py --measures 10000 --periods 40

The script generates (in a temporary directory) a catalogue of N measures that covers
every target kind (threshold, range, amount per year with an even and a due-at-end
profile, cadence per quarter, change against a baseline, comparator, benchmark,
milestone, judged, all-of, none) and the value, ratio and count calculations, and an
actuals CSV with P quarters of figures for each measure. The catalogue's year is the
UK financial year of the last quarter; the earlier quarters are history (at most ten
years before the catalogue's year, as the actuals loader allows).

It then measures, in one run:

* ``load_s``: ``cspmeasures.load_catalogue`` (parse and validate), next to
  ``parse_baseline_s``: a bare ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the file;
* ``actuals_s``: ``cspmeasures.load_actuals`` of the CSV;
* ``evaluate_s``: ``cspmeasures.evaluate`` of every measure as at the end of every
  quarter. ``evaluate`` judges only periods of the catalogue's own year, so a quarter
  of an earlier year is evaluated with the same catalogue whose ``year`` is moved to
  that quarter's year (``attrs.evolve``), on the same actuals: what the partnership's
  plan for that year would have reported at that quarter's end. ``evaluations`` is
  N x P;
* ``evaluate_baseline_s``: a plain-Python loop (dicts, tuples and floats; no
  cspmeasures object) that works out the same period, value, status and direction of
  travel of every evaluation from the same numbers (read from the same CSV with the
  ``csv`` module, outside the timing), with the same rules. Every status, value, period
  and trend is checked against the library's; the script exits with status 1 on any
  disagreement. Neither writes reasons, display values or comparison texts here: the
  library writes an evaluation's words when they are first read, and the script reads
  only the core;
* ``words_s``: reading every word (``Report.to_dicts()``) of the last quarter's
  ``words_read`` (N) results, which the complete evaluation of each measure writes;
* ``peak_rss_mb``: the peak resident memory of the process (``resource.getrusage``);
* with ``--frame`` (needs pandas): ``frame_s`` and ``frame_core_s``,
  ``cspmeasures.frame.evaluate_frame`` at the last quarter on the actuals as a DataFrame of
  numbers, with every field and with the core fields only, and ``frame_equal``, whether
  both equal ``evaluate``'s results (the script exits with status 1 otherwise). The
  DataFrame then counts in ``peak_rss_mb``.

Times are CPU seconds of this process (``time.process_time``), so that other work on the
machine does not inflate them; the work measured is single-threaded, so on an idle
machine they are the wall times. The library and the plain loop take turns quarter by
quarter, so that both meet the same conditions on a shared machine.

The last line printed is one JSON object with those figures and the ratios
``load_ratio = load_s / parse_baseline_s`` and ``evaluate_ratio = evaluate_s /
evaluate_baseline_s``. ``--profile`` prints the evaluation's cProfile hot spots to
standard error.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import json
import math
import os
import platform
import pstats
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from statistics import NormalDist
from typing import Any

import attrs
import yaml

import cspmeasures
from cspmeasures.periods import Calendar, Frequency, Period

#: the catalogue's year: the UK financial year 2024-25 (its Q4 is the last quarter)
YEAR = 2024
#: at most this many quarters: the catalogue's year and ten years of history
MAX_PERIODS = 44

KEYS = (
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
    "checked",
    "disagreements",
)

UNITS = {
    "incident": "a recorded incident",
    "assessment": "a completed assessment",
    "campaign": "a targeted campaign",
    "operation": "a multi-agency operation",
    "complaint": "a complaint received",
    "person": "a person in the cohort",
    "visit": "a safe and well visit",
    "referral": "a referral made",
}
THEMES = 12

Row = tuple[float | None, float | None, float | None, str | None, str | None, str | None]
"""value, numerator, denominator, flag, state, judgement: as the baseline holds a row"""


# --------------------------------------------------------------------------- periods


def quarter_label(q: int) -> str:
    """The label of absolute quarter ``q`` (``year * 4 + index - 1``): ``2024-25 Q1``."""
    year, index = divmod(q, 4)
    return f"{year:04d}-{(year + 1) % 100:02d} Q{index + 1}"


def quarter_end(q: int) -> dt.date:
    """The last day of absolute quarter ``q`` on the UK financial year."""
    year, index = divmod(q, 4)
    return (
        dt.date(year, 6, 30),
        dt.date(year, 9, 30),
        dt.date(year, 12, 31),
        dt.date(year + 1, 3, 31),
    )[index]


def fraction(text: str) -> float:
    """A percentage as the catalogue and actuals write it, as the fraction the library holds."""
    return float(Decimal(text.rstrip("%")) / 100)


def per_mille_text(k: int) -> str:
    """``784`` -> ``"78.4%"``."""
    return f"{k // 10}.{k % 10}%"


# --------------------------------------------------------------------------- generation


@attrs.define
class Template:
    """One kind of measure: its YAML, its plain spec for the baseline, and its rows."""

    name: str
    yaml: dict[str, Any]
    spec: dict[str, Any]
    rows: Callable[[random.Random, list[int]], dict[int, dict[str, str]]]


def _numbers(
    low: int, high: int, *, percent: bool = False, gaps: bool = True
) -> Callable[[random.Random, list[int]], dict[int, dict[str, str]]]:
    def make(rng: random.Random, quarters: list[int]) -> dict[int, dict[str, str]]:
        rows: dict[int, dict[str, str]] = {}
        for q in quarters:
            roll = rng.random()
            if gaps and roll < 0.02:
                continue  # no row: no data for that quarter
            if gaps and roll < 0.03:
                rows[q] = {"flag": "suppressed"}
                continue
            k = rng.randint(low, high)
            rows[q] = {"value": per_mille_text(k) if percent else str(k)}
        return rows

    return make


def _ratio(
    low: float, high: float, den_low: int, den_high: int
) -> Callable[[random.Random, list[int]], dict[int, dict[str, str]]]:
    def make(rng: random.Random, quarters: list[int]) -> dict[int, dict[str, str]]:
        rows: dict[int, dict[str, str]] = {}
        for q in quarters:
            roll = rng.random()
            if roll < 0.02:
                continue
            if roll < 0.03:
                rows[q] = {"numerator": "0", "denominator": "0"}  # nothing to measure
                continue
            den = rng.randint(den_low, den_high)
            num = min(den, round(den * rng.uniform(low, high)))
            rows[q] = {"numerator": str(num), "denominator": str(den)}
        return rows

    return make


def _states(with_value: bool) -> Callable[[random.Random, list[int]], dict[int, dict[str, str]]]:
    def make(rng: random.Random, quarters: list[int]) -> dict[int, dict[str, str]]:
        rows: dict[int, dict[str, str]] = {}
        start = rng.randint(0, len(quarters))
        done = rng.randint(start, len(quarters) + 4)
        for position, q in enumerate(quarters):
            row: dict[str, str] = {}
            if rng.random() < 0.1:
                row["evidence"] = "Progress reported at the board without a state."
            else:
                row["state"] = (
                    "not-started"
                    if position < start
                    else "in-progress"
                    if position < done
                    else "complete"
                )
            if with_value:
                row["value"] = per_mille_text(rng.randint(650, 900))
            rows[q] = row
        return rows

    return make


def _judgements(rng: random.Random, quarters: list[int]) -> dict[int, dict[str, str]]:
    rows: dict[int, dict[str, str]] = {}
    for q in quarters:
        if rng.random() < 0.1:
            rows[q] = {"evidence": "Discussed at the board; no judgement recorded."}
        else:
            judgement = rng.choice(("met", "on-track", "at-risk", "off-track"))
            rows[q] = {"judgement": judgement, "evidence": "Reviewed by the partnership."}
    return rows


def templates(year: int) -> list[Template]:
    """The kinds of measure the catalogue cycles through (every target kind and calculation)."""
    due = dt.date(year, 10, 31)
    return [
        Template(
            "threshold-value",
            {"unit": "percent", "polarity": "higher", "target": ">= 75%",
             "tolerance": "5 percentage points"},
            {"kind": "threshold", "calc": "value", "sign": 1, "op": ">=",
             "target": fraction("75%"), "tol": (fraction("5%"), False)},
            _numbers(600, 950, percent=True),
        ),
        Template(
            "threshold-ratio",
            {"unit": "percent", "value": "reoffended / cohort", "polarity": "lower",
             "target": "< 20%"},
            {"kind": "threshold", "calc": "ratio", "sign": -1, "op": "<",
             "target": fraction("20%"), "tol": None},
            _ratio(0.05, 0.35, 10, 60),
        ),
        Template(
            "threshold-count-lagged",
            {"unit": "incident", "value": "count", "polarity": "lower",
             "target": "at most 50 incidents", "tolerance": "5 incidents", "data_lag": 1},
            {"kind": "threshold", "calc": "count", "sign": -1, "op": "<=", "target": 50.0,
             "tol": (5.0, False), "lag": 1},
            _numbers(30, 70),
        ),
        Template(
            "range",
            {"unit": "percent", "polarity": "in-range", "target": "between 40% and 60%",
             "tolerance": "10% of target"},
            {"kind": "range", "calc": "value", "sign": 0, "low": fraction("40%"),
             "high": fraction("60%"), "tol": (fraction("10%"), True)},
            _numbers(300, 700, percent=True),
        ),
        Template(
            "amount-even",
            {"unit": "assessment", "value": "count", "polarity": "higher",
             "aggregation": "year-to-date", "target": "840 assessments per year",
             "tolerance": "20 assessments"},
            {"kind": "amount", "calc": "count", "sign": 1, "amount": 840.0, "per": "year",
             "due_at_end": False, "tol": (20.0, False)},
            _numbers(150, 260),
        ),
        Template(
            "amount-due-at-end",
            {"unit": "campaign", "value": "count", "polarity": "higher",
             "target": {"amount": "2 campaigns", "per": "year", "profile": "due-at-end"}},
            {"kind": "amount", "calc": "count", "sign": 1, "amount": 2.0, "per": "year",
             "due_at_end": True, "tol": None},
            _numbers(0, 1),
        ),
        Template(
            "cadence",
            {"unit": "operation", "value": "count", "polarity": "higher",
             "target": "1 operation per quarter"},
            {"kind": "amount", "calc": "count", "sign": 1, "amount": 1.0, "per": "quarter",
             "due_at_end": False, "tol": None},
            _numbers(0, 3),
        ),
        Template(
            "amount-cap",
            {"unit": "complaint", "value": "count", "polarity": "lower",
             "target": "120 complaints per year", "tolerance": "10% of target"},
            {"kind": "amount", "calc": "count", "sign": -1, "amount": 120.0, "per": "year",
             "due_at_end": False, "tol": (fraction("10%"), True)},
            _numbers(15, 40),
        ),
        Template(
            "change-relative",
            {"unit": "percent", "value": "repeats / referrals", "polarity": "lower",
             "baselines": [{"id": "2014-15", "label": "2014-15 outturn", "value": "30%"}],
             "target": {"reduce": "10%", "baseline": "2014-15"}},
            {"kind": "change", "calc": "ratio", "sign": -1, "direction": "reduce",
             "by": fraction("10%"), "change": "relative", "base": fraction("30%"), "tol": None},
            _ratio(0.15, 0.40, 20, 80),
        ),
        Template(
            "change-points",
            {"unit": "percent", "polarity": "higher",
             "baselines": [{"id": "b2016", "value": "60%"}],
             "target": {"increase": "2 percentage points", "baseline": "b2016"},
             "tolerance": "1 percentage point"},
            {"kind": "change", "calc": "value", "sign": 1, "direction": "increase",
             "by": fraction("2%"), "change": "points", "base": fraction("60%"),
             "tol": (fraction("1%"), False)},
            _numbers(550, 700, percent=True),
        ),
        Template(
            "comparator-ratio",
            {"unit": "percent", "value": "completed / started", "polarity": "higher",
             "comparators": [{"id": "kent", "name": "Kent", "value": "55%"}],
             "target": {"better_than": "kent"}},
            {"kind": "comparator", "calc": "ratio", "sign": 1, "relation": "better-than",
             "bench": fraction("55%")},
            _ratio(0.35, 0.80, 20, 200),
        ),
        Template(
            "comparator-value",
            {"unit": "percent", "polarity": "lower",
             "comparators": [{"id": "england", "name": "England", "value": "12%"}],
             "target": {"no_worse_than": "england"}},
            {"kind": "comparator", "calc": "value", "sign": -1, "relation": "no-worse-than",
             "bench": fraction("12%")},
            _numbers(80, 160, percent=True),
        ),
        Template(
            "benchmark-context",
            {"unit": "person", "value": "count", "polarity": "none",
             "baselines": [{"id": "dec-2015", "label": "December 2015", "value": "16"}],
             "target": "benchmark dec-2015"},
            {"kind": "benchmark", "calc": "count", "sign": 0, "bench": 16.0},
            _numbers(10, 25),
        ),
        Template(
            "benchmark-directed",
            {"unit": "visit", "value": "count", "polarity": "higher",
             "baselines": [{"id": "base", "label": "2015-16 average", "value": "250"}],
             "target": "benchmark base"},
            {"kind": "benchmark", "calc": "count", "sign": 1, "bench": 250.0},
            _numbers(200, 300),
        ),
        Template(
            "milestone",
            {"polarity": "none",
             "target": {"milestone": "Partnership plan implemented", "due": due.isoformat()}},
            {"kind": "milestone", "calc": "value", "sign": 0, "due": due},
            _states(with_value=False),
        ),
        Template(
            "judged",
            {"polarity": "none",
             "target": {"judged": "Partners share data to identify vulnerable people."}},
            {"kind": "judged", "calc": "value", "sign": 0},
            _judgements,
        ),
        Template(
            "all-of",
            {"unit": "percent", "polarity": "higher",
             "target": {"all_of": [{"milestone": "Complete self-assessment"}, ">= 75%"]}},
            {"kind": "allof", "calc": "value", "sign": 1, "op": ">=",
             "target": fraction("75%"), "tol": None, "due": None},
            _states(with_value=True),
        ),
        Template(
            "context",
            {"unit": "referral", "value": "count", "polarity": "none", "target": "none"},
            {"kind": "none", "calc": "count", "sign": 0},
            _numbers(0, 120),
        ),
    ]  # fmt: skip


class _Dumper(yaml.CSafeDumper):
    """Writes every measure out in full, as a person would: no anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@attrs.define
class Generated:
    """A generated catalogue and actuals, as text, with the plain specs and rows."""

    catalogue_text: str
    actuals_text: str
    specs: list[tuple[str, dict[str, Any]]]
    quarters: list[int]


def generate(measures: int, periods: int, *, seed: int = 2024, year: int = YEAR) -> Generated:
    """A catalogue of ``measures`` measures and ``periods`` quarters of actuals for each."""
    if measures < 1:
        raise ValueError("--measures must be at least 1")
    if not 1 <= periods <= MAX_PERIODS:
        raise ValueError(f"--periods must be between 1 and {MAX_PERIODS}")
    rng = random.Random(seed)
    last = year * 4 + 3
    quarters = list(range(last - periods + 1, last + 1))
    kinds = templates(year)
    measure_list: list[dict[str, Any]] = []
    specs: list[tuple[str, dict[str, Any]]] = []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = ("measure", "period", "value", "numerator", "denominator", "flag", "state",
               "judgement", "evidence")  # fmt: skip
    writer.writerow(columns)
    for number in range(measures):
        template = kinds[number % len(kinds)]
        measure_id = f"m{number:05d}-{template.name}"
        entry: dict[str, Any] = {
            "id": measure_id,
            "title": f"Measure {number} of the partnership's plan: {template.name.replace('-', ' ')}",
            "theme": f"theme-{number % THEMES:02d}",
            "frequency": "quarterly",
        }
        entry.update(template.yaml)
        measure_list.append(entry)
        specs.append((measure_id, template.spec))
        for q, row in template.rows(rng, quarters).items():
            writer.writerow(
                [measure_id, quarter_label(q)] + [row.get(name, "") for name in columns[2:]]
            )
    document = {
        "catalogue": {
            "id": f"scale-{measures}x{periods}",
            "title": f"Generated plan of {measures} measures",
            "organisation": "A generated partnership",
            "calendar": "uk-financial-year",
            "year": f"{year}-{(year + 1) % 100:02d}",
        },
        "units": UNITS,
        "themes": [
            {"id": f"theme-{t:02d}", "priority": f"Priority {t // 4 + 1}", "title": f"Theme {t}"}
            for t in range(THEMES)
        ],
        "measures": measure_list,
    }
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=True)
    return Generated(text, out.getvalue(), specs, quarters)


# --------------------------------------------------------------------------- baseline


def read_plain_rows(text: str) -> dict[str, dict[int, Row]]:
    """The actuals CSV read with the csv module into plain tuples keyed by measure and quarter."""
    labels: dict[str, int] = {}
    rows: dict[str, dict[int, Row]] = {}
    reader = csv.DictReader(io.StringIO(text))
    for cells in reader:
        label = cells["period"]
        q = labels.get(label)
        if q is None:
            head, quarter = label.split(" Q")
            q = labels[label] = int(head[:4]) * 4 + int(quarter) - 1
        value = cells["value"]
        numerator, denominator = cells["numerator"], cells["denominator"]
        rows.setdefault(cells["measure"], {})[q] = (
            (fraction(value) if value.endswith("%") else float(Decimal(value))) if value else None,
            float(Decimal(numerator)) if numerator else None,
            float(Decimal(denominator)) if denominator else None,
            cells["flag"] or None,
            cells["state"] or None,
            cells["judgement"] or None,
        )
    return rows


Z95 = NormalDist().inv_cdf(0.975)
SEVERITY = ("missed", "off-track", "at-risk", "no-data", "cannot-evaluate", "not-yet-due",
            "on-track", "met", "not-applicable", "monitor")  # fmt: skip
RANK = {status: rank for rank, status in enumerate(SEVERITY)}
OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}


def _grade(satisfied: bool, tolerated: bool, final: bool) -> str:
    if satisfied:
        return "met"
    if final:
        return "missed"
    return "at-risk" if tolerated else "off-track"


def _band(tol: tuple[float, bool] | None, target: float) -> float | None:
    """The tolerance band: the amount, or (relative) the amount times the target, in decimal."""
    if tol is None:
        return None
    amount, relative = tol
    return float(Decimal(repr(amount)) * Decimal(repr(abs(target)))) if relative else amount


def _add(a: float, b: float) -> float:
    """``a + b`` on the numbers as written (decimal): the edge of a band as the plan states it."""
    return float(Decimal(repr(a)) + Decimal(repr(b)))


def _threshold(spec: dict[str, Any], value: float, final: bool) -> str:
    compare = OPS[spec["op"]]
    target = spec["target"]
    band = _band(spec["tol"], target)
    relaxed = None if band is None else _add(target, -band if spec["op"][0] == ">" else band)
    return _grade(compare(value, target), relaxed is not None and compare(value, relaxed), final)


def _wilson(x: float, n: float, sign: float) -> float:
    if sign < 0 and x == 0:
        return 0.0
    if sign > 0 and x == n:
        return 1.0
    z = Z95
    limit = (2 * x + z**2 + sign * z * math.sqrt(z**2 + 4 * x * (1 - (x / n)))) / 2 / (n + z**2)
    return min(max(limit, 0.0), 1.0)


def _compare(value: float, bench: float, sign: int, interval: tuple[float, float] | None) -> str:
    """better / worse / higher / lower / similar, by the interval when there is one."""
    if interval is not None:
        lower, upper = interval
        side = 1 if bench < lower else -1 if bench > upper else 0
    else:
        side = 1 if value > bench else -1 if value < bench else 0
    if side == 0:
        return "similar"
    if sign == 0:
        return "higher" if side > 0 else "lower"
    return "better" if side * sign > 0 else "worse"


RELATIONS = {
    "better-than": ("better",),
    "no-worse-than": ("better", "similar"),
    "similar-to": ("similar",),
}


def _milestone(state: str | None, due: dt.date | None, day: dt.date, final: bool) -> str:
    if state is None:
        return "no-data"
    if state == "complete":
        return "met"
    if final:
        return "missed"
    if due is not None and day > due:
        return "off-track"
    return "on-track" if state == "in-progress" else "not-yet-due"


def _trend(previous: float | None, current: float | None, sign: int) -> str:
    if previous is None or current is None:
        return "not-compared"
    change = current - previous
    if abs(change) <= 0.0:
        return "no-change"
    if sign == 0:
        return "increasing" if change > 0 else "decreasing"
    return "improving" if change * sign > 0 else "worsening"


Result = tuple[str | None, float | None, str, str]
"""period label (None when no period), value, status, trend"""


def plain_evaluate(
    spec: dict[str, Any], rows: dict[int, Row], q: int, day: dt.date, labels: dict[int, str]
) -> Result:
    """One measure as at the end of quarter ``q``, with plain data only."""
    kind = spec["kind"]
    year_start = q - q % 4
    year_end = year_start + 3
    final_day = q == year_end
    if kind in ("milestone", "judged"):
        field = 4 if kind == "milestone" else 5
        best = None
        for p, row in rows.items():
            if p <= q and row[field] is not None and (best is None or p > best):
                best = p
        if kind == "judged":
            if best is None:
                evidence = [p for p in rows if p <= q]
                return (
                    (labels[max(evidence)] if evidence else None),
                    None,
                    "no-data",
                    "not-compared",
                )
            return labels[best], None, rows[best][5] or "", "not-compared"
        state = rows[best][4] if best is not None else None
        status = _milestone(state, spec["due"], day, final_day)
        return (labels[best] if best is not None else None), None, status, "not-compared"
    expected = q - spec.get("lag", 0)
    if expected < year_start:
        return None, None, ("monitor" if kind == "none" else "not-yet-due"), "not-compared"
    period = q
    while period > expected:
        row = rows.get(period)
        if row is not None and (row[0] is not None or (row[1] is not None and row[2] is not None)):
            break
        period -= 1
    ratio = spec["calc"] == "ratio"

    def own(p: int) -> float | None:
        row = rows.get(p)
        if row is None or row[3] == "suppressed":
            return None
        if ratio:
            if row[1] is None or row[2] is None or row[2] == 0:
                return None
            return row[1] / row[2]
        return row[0]

    label = labels.get(period) or quarter_label(period)
    sign = spec["sign"]
    if kind == "amount":
        span = [period] if spec["per"] == "quarter" else list(range(year_start, year_end + 1))
        so_far = [p for p in span if p <= period]
        amount = spec["amount"]
        if spec["due_at_end"]:
            expected_amount = amount * (1.0 if len(so_far) == len(span) else 0.0)
        else:
            expected_amount = amount * (len(so_far) / len(span))
        final = len(so_far) == len(span)
        total = 0.0
        for p in so_far:
            row = rows.get(p)
            if row is None or row[0] is None:
                status = "not-yet-due" if expected_amount == 0 and not final else "no-data"
                return label, None, status, "not-compared"
            total += row[0]
        band = _band(spec["tol"], expected_amount)
        if sign > 0:
            if total >= amount:
                status = "met"
            elif final:
                status = "missed"
            elif expected_amount == 0:
                status = "not-yet-due"
            elif total >= expected_amount:
                status = "on-track"
            elif band is not None and total >= _add(expected_amount, -band):
                status = "at-risk"
            else:
                status = "off-track"
        elif final:
            status = "met" if total <= amount else "missed"
        elif total > amount:
            status = "off-track"
        elif expected_amount == 0:
            status = "not-yet-due"
        elif total <= expected_amount:
            status = "on-track"
        elif band is not None and total <= _add(expected_amount, band):
            status = "at-risk"
        else:
            status = "off-track"
        return label, total, status, _trend(own(period - 1), own(period), sign)
    row = rows.get(period)
    if row is None or row[3] == "suppressed":
        return label, None, "no-data", "not-compared"
    if ratio:
        numerator, denominator = row[1], row[2]
        if numerator is None or denominator is None:
            return label, None, "no-data", "not-compared"
        if denominator == 0:
            return label, None, "not-applicable", "not-compared"
        value = numerator / denominator
    else:
        if row[0] is None:
            return label, None, "no-data", "not-compared"
        value = row[0]
    final = period == year_end  # a shortfall is final only on the year's last figure
    if kind == "threshold":
        status = _threshold(spec, value, final)
    elif kind == "range":
        low, high = spec["low"], spec["high"]
        tol = spec["tol"]
        edges = None if tol is None else (_add(low, -_band(tol, low)), _add(high, _band(tol, high)))  # type: ignore[arg-type,operator]
        tolerated = edges is not None and edges[0] <= value <= edges[1]
        status = _grade(low <= value <= high, tolerated, final)
    elif kind == "change":
        base = spec["base"]
        required = spec["by"]
        if spec["change"] == "relative":
            if base == 0:
                status = "cannot-evaluate"
                return label, value, status, _trend(own(period - 1), value, sign)
            achieved = (
                (base - value) / base if spec["direction"] == "reduce" else (value - base) / base
            )
        else:
            change = value - base
            achieved = -change if spec["direction"] == "reduce" else change
        tol = spec["tol"]
        if required is None:
            satisfied = achieved > 0
            tolerated = tol is not None and achieved > -_band(tol, 0.0)  # type: ignore[operator]
        else:
            satisfied = achieved >= required
            tolerated = tol is not None and achieved >= _add(required, -_band(tol, required))  # type: ignore[arg-type,operator]
        status = _grade(satisfied, tolerated, final)
    elif kind == "comparator" or (kind == "benchmark" and sign != 0):
        interval = None
        if ratio:
            interval = (_wilson(row[1], row[2], -1.0), _wilson(row[1], row[2], 1.0))  # type: ignore[arg-type]
        outcome = _compare(value, spec["bench"], sign, interval)
        relation = spec.get("relation", "no-worse-than")
        status = "met" if outcome in RELATIONS[relation] else "missed" if final else "off-track"
    elif kind == "allof":
        best = None
        for p, r in rows.items():
            if p <= q and r[4] is not None and (best is None or p > best):
                best = p
        parts = (
            _milestone(rows[best][4] if best is not None else None, spec["due"], day, final_day),
            _threshold(spec, value, final),
        )
        counted = [s for s in parts if s not in ("not-applicable", "monitor")] or list(parts)
        status = min(counted, key=RANK.__getitem__)
    else:  # benchmark with no direction, none
        status = "monitor"
    return label, value, status, _trend(own(period - 1), value, sign)


# --------------------------------------------------------------------------- measuring


#: the timer: CPU seconds of this process, so that other work on the machine does not
#: inflate a figure (the work measured is single-threaded: on an idle machine it is the
#: wall time)
clock = time.process_time


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def frame_figures(
    catalogue: cspmeasures.Catalogue,
    actuals: cspmeasures.Actuals,
    day: dt.date,
    expected: list[dict[str, Any]],
) -> dict[str, Any]:
    """``evaluate_frame`` at ``day`` on the actuals as a DataFrame of numbers (built outside
    the timing): every field, then the core fields only, each checked against ``expected``
    (``evaluate(...).to_dicts()`` at the same day)."""
    import pandas as pd

    from cspmeasures.evaluate import FIELDS
    from cspmeasures.frame import evaluate_frame

    frame = pd.DataFrame(
        {
            "measure": [o.measure for o in actuals],
            "period": [o.period.label for o in actuals],
            "value": [o.value for o in actuals],
            "numerator": [o.numerator for o in actuals],
            "denominator": [o.denominator for o in actuals],
            "flag": [" ".join(f.value for f in o.flags) or None for o in actuals],
            "state": [o.state.value if o.state else None for o in actuals],
            "judgement": [o.judgement.value if o.judgement else None for o in actuals],
            "evidence": [o.evidence for o in actuals],
        }
    )
    start = clock()
    full = evaluate_frame(catalogue, frame, day)
    frame_s = clock() - start
    core_fields = ["id", "period", "value", "status", "trend"]
    start = clock()
    core = evaluate_frame(catalogue, frame, day, fields=core_fields)
    frame_core_s = clock() - start
    wanted = [{k: row[k] for k in FIELDS} for row in expected]
    equal = full.to_dict("records") == wanted and core.to_dict("records") == [
        {k: row[k] for k in core_fields} for row in wanted
    ]
    return {"frame_s": round(frame_s, 4), "frame_core_s": round(frame_core_s, 4), "frame_equal": equal}


def run(
    measures: int, periods: int, *, seed: int, workdir: Path, profile: bool, frame: bool = False
) -> dict[str, Any]:
    """Generate, load, evaluate and compare; the figures of the run as a dict."""
    generated = generate(measures, periods, seed=seed)
    catalogue_path = workdir / "catalogue.yaml"
    actuals_path = workdir / "actuals.csv"
    catalogue_path.write_text(generated.catalogue_text, encoding="utf-8")
    actuals_path.write_text(generated.actuals_text, encoding="utf-8")
    specs, quarters = generated.specs, generated.quarters
    del generated

    start = clock()
    text = catalogue_path.read_text(encoding="utf-8")
    yaml.load(text, Loader=yaml.CSafeLoader)  # the bare C parse
    parse_baseline_s = clock() - start
    del text

    start = clock()
    catalogue = cspmeasures.load_catalogue(catalogue_path)
    load_s = clock() - start

    start = clock()
    actuals = cspmeasures.load_actuals(actuals_path, catalogue)
    actuals_s = clock() - start

    # the catalogue for each year: its own, or the same one with the year moved
    catalogues: dict[int, cspmeasures.Catalogue] = {}
    for q in quarters:
        year = q // 4
        if year not in catalogues:
            catalogues[year] = (
                catalogue
                if year == catalogue.year.year_number
                else attrs.evolve(
                    catalogue, year=Period.of(Calendar.UK_FINANCIAL_YEAR, Frequency.YEAR, year)
                )
            )

    # the plain loop's own copy of the figures, read with the csv module (not timed)
    plain_rows = read_plain_rows(actuals_path.read_text(encoding="utf-8"))
    labels = {q: quarter_label(q) for q in range(quarters[0] - 8, quarters[-1] + 1)}
    empty: dict[int, Row] = {}

    # the library and the plain loop take turns, quarter by quarter, so that both meet the
    # same conditions on the machine and the ratio is measured like for like
    library: list[list[Result]] = []
    baseline: list[list[Result]] = []
    evaluate_s = evaluate_baseline_s = 0.0
    profiler = cProfile.Profile() if profile else None
    for q in quarters:
        day = quarter_end(q)
        start = clock()
        if profiler is not None:
            profiler.enable()
        report = cspmeasures.evaluate(catalogues[q // 4], actuals, day)
        if profiler is not None:
            profiler.disable()
        evaluate_s += clock() - start
        library.append(
            [(e.period, e.value, e.status.value, e.trend.value) for e in report.evaluations]
        )
        start = clock()
        baseline.append(
            [
                plain_evaluate(spec, plain_rows.get(measure_id, empty), q, day, labels)
                for measure_id, spec in specs
            ]
        )
        evaluate_baseline_s += clock() - start
    # every word of the last quarter's results, read as a report or to_dicts() reads them
    start = clock()
    last_rows = report.to_dicts()
    words_s = clock() - start
    words_read = len(last_rows)
    del report
    columnar = (
        frame_figures(catalogues[quarters[-1] // 4], actuals, quarter_end(quarters[-1]), last_rows)
        if frame
        else {}
    )
    del last_rows
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)

    checked = 0
    disagreements = 0
    for q, from_library, from_baseline in zip(quarters, library, baseline, strict=True):
        for (measure_id, _), ours, theirs in zip(specs, from_library, from_baseline, strict=True):
            checked += 1
            if ours != theirs:
                disagreements += 1
                if disagreements <= 10:
                    print(
                        f"disagreement at {quarter_label(q)} for {measure_id}: "
                        f"library {ours}, baseline {theirs}",
                        file=sys.stderr,
                    )
    return {
        "measures": measures,
        "periods": periods,
        "evaluations": checked,
        "load_s": round(load_s, 4),
        "parse_baseline_s": round(parse_baseline_s, 4),
        "load_ratio": round(load_s / max(parse_baseline_s, 1e-9), 2),
        "actuals_s": round(actuals_s, 4),
        "actual_rows": len(actuals),
        "evaluate_s": round(evaluate_s, 4),
        "evaluate_baseline_s": round(evaluate_baseline_s, 4),
        "evaluate_ratio": round(evaluate_s / max(evaluate_baseline_s, 1e-9), 2),
        "words_s": round(words_s, 4),
        "words_read": words_read,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "statuses_agree": disagreements == 0,
        "checked": checked,
        "disagreements": disagreements,
        **columnar,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--measures", type=int, default=10_000, help="number of measures (N)")
    parser.add_argument("--periods", type=int, default=40, help="quarters of actuals (P, <= 44)")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the generated figures")
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    parser.add_argument(
        "--profile", action="store_true", help="print evaluate's cProfile hot spots"
    )
    parser.add_argument(
        "--frame",
        action="store_true",
        help="also time cspmeasures.frame.evaluate_frame at the last quarter (needs pandas;"
        " the DataFrame then counts in peak_rss_mb)",
    )
    args = parser.parse_args(argv)
    if args.measures < 1 or not 1 <= args.periods <= MAX_PERIODS:
        parser.error(f"--measures must be >= 1 and --periods between 1 and {MAX_PERIODS}")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = run(args.measures, args.periods, seed=args.seed, workdir=args.keep,
                      profile=args.profile, frame=args.frame)  # fmt: skip
    else:
        with tempfile.TemporaryDirectory(prefix="cspmeasures-scale-") as directory:
            figures = run(args.measures, args.periods, seed=args.seed, workdir=Path(directory),
                          profile=args.profile, frame=args.frame)  # fmt: skip
    for key in KEYS:
        print(f"{key:>20}: {figures[key]}")
    for key in ("frame_s", "frame_core_s", "frame_equal"):
        if key in figures:
            print(f"{key:>20}: {figures[key]}")
    print(json.dumps(figures))
    return 0 if figures["statuses_agree"] and figures.get("frame_equal", True) else 1


if __name__ == "__main__":
    sys.exit(main())
