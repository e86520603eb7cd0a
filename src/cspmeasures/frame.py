"""Columnar evaluation for bulk work: actuals in a pandas DataFrame, results as a DataFrame.

``evaluate_frame(catalogue, actuals, as_of)`` takes a DataFrame with the columns of an
actuals CSV (``measure``, ``period``, ``value``, ``numerator``, ``denominator``,
``reported``, ``flag``, ``state``, ``judgement``, ``evidence``, ``note``; only
``measure`` and ``period`` are required) and returns one row per measure with the
stable result fields (``id``, ``title``, ``theme``, ``period``, ``value``,
``display_value``, ``target``, ``expected``, ``status``, ``rag``, ``reason``, ``trend``,
``comparison``, ``flags``, ``warnings``), equal to
``cspmeasures.evaluate(catalogue, actuals, as_of).to_dicts()`` restricted to those fields.

Cells:

* a **number** (an int or float cell, NaN for missing) is a figure in the measure's
  canonical unit, as :class:`~cspmeasures.actuals.Observation` holds it: a fraction of
  one for a percent measure (``0.75`` is 75%), a count for a count measure. A number
  above 1 in the ``value`` column on a percent measure's row is refused (80 would be
  8000%): divide the column by 100, or give such a figure as text (``"120%"``);
* a **text** cell is read exactly as in an actuals CSV (``"75%"``, ``"1,234"``, ``"n/a"``).

Every row is checked by the rules of :func:`~cspmeasures.actuals.load_actuals`; a bad
row raises :class:`~cspmeasures.errors.ActualsError` naming ``<DataFrame>`` and a line
number, where line 2 is the frame's first row (line 1 is the header).

How it is fast: every row is checked column-wise by the loader's rules (each distinct
period label read once), and the checked rows become
:class:`~cspmeasures.actuals.Observation` objects without being parsed as text. Measures
with a threshold target or none, calculated from a value, a count or a ratio, point in
time, with no data lag, status rules, comparators, judgement on rounded values or
reported figure to audit, are evaluated column-wise with numpy and pandas (their period,
figure, zero denominators, suppression and direction of travel); only the status and
reason of each such measure come from the library's own
:func:`~cspmeasures.calc.status.judge_threshold`. Every other measure is evaluated by
:func:`cspmeasures.evaluate`. A measure with a row that the column-wise checks cannot
vouch for (a text cell, an unknown measure, a duplicate...) has all its rows read by the
actuals loader, which reports any problem as ``load_actuals`` does. The results are the
same either way.

pandas is an optional dependency: ``pip install 'cspmeasures[pandas]'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable, Sequence
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, Any

from cspmeasures.actuals import COLUMNS, loads_actuals
from cspmeasures.calc.rounding import format_number, format_percent
from cspmeasures.calc.trend import Trend, direction_of_travel
from cspmeasures.catalogue import earliest_period_start
from cspmeasures.engine import as_date, checked_measure_ids, evaluate
from cspmeasures.engine.context import Figure
from cspmeasures.engine.facts import Gap, gap_reason, gap_status
from cspmeasures.engine.measure import RowsContext
from cspmeasures.engine.plans import due_periods
from cspmeasures.errors import ActualsError, PeriodError, Problem
from cspmeasures.expressions import MeasureContext, format_target
from cspmeasures.fields import ALL_FIELDS, FIELDS
from cspmeasures.kinds import kind_of, kinds_in
from cspmeasures.model import (
    JUDGEMENTS,
    Actuals,
    Aggregation,
    Catalogue,
    CountOf,
    DirectValue,
    Flag,
    JudgeOn,
    Measure,
    MilestoneState,
    Observation,
    Ratio,
)
from cspmeasures.periods import Frequency, Period, parse_period
from cspmeasures.results import _checked_fields, _plain
from cspmeasures.rowchecks import (
    CELL_CHECKS,
    RATIO,
    ROW_CHECKS,
    Columns,
    calculation_code,
    flag_words,
)
from cspmeasures.safetext import refusal
from cspmeasures.vocabulary import Status

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["SOURCE_NAME", "evaluate_frame", "measure_divisions", "partition_measures"]

#: the name that problems with the DataFrame's rows are reported under
SOURCE_NAME = "<DataFrame>"

_NUMBER_COLUMNS = ("value", "numerator", "denominator")
_TEXT_COLUMNS = ("reported", "flag", "state", "judgement", "evidence", "note")
#: the most rows a refused percent column is reported for
_MAX_PROBLEMS = 20


def _pandas() -> Any:
    """The pandas module, or an ImportError that says how to install it."""
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - pandas is installed with the test extra
        raise ImportError(
            "cspmeasures.frame needs pandas, an optional dependency: "
            "pip install 'cspmeasures[pandas]'"
        ) from exc
    return pandas


def evaluate_frame(
    catalogue: Catalogue,
    actuals: pd.DataFrame,
    as_of: dt.date | Period,
    *,
    measures: Sequence[str] | None = None,
    fields: Sequence[str] = FIELDS,
) -> pd.DataFrame:
    """Evaluate every measure (or those named) as at ``as_of``, from actuals in a DataFrame.

    Returns a DataFrame with one row per measure, in catalogue order, and the columns
    ``fields`` (names from ``cspmeasures.evaluate.ALL_FIELDS``), by default the stable
    ``FIELDS``; every column has dtype object, so a missing value is ``None`` (not NaN) and
    ``flags`` and ``warnings`` are lists, as in ``Report.to_dicts()``. Asking for the
    core fields only (``id``, ``period``, ``value``, ``expected``, ``status``, ``trend``
    ...) spares writing the words. The actuals may carry ``measure`` as their index
    instead of a column. Raises :class:`~cspmeasures.errors.ActualsError` for rows that
    ``load_actuals`` would refuse or a percent value above 1, and ValueError for a name
    not in ``ALL_FIELDS`` or a measure id the catalogue lacks. A field outside ``FIELDS``
    has every measure evaluated by :func:`cspmeasures.evaluate`.
    """
    names = _checked_fields(fields, ALL_FIELDS)
    pd_ = _pandas()
    day = as_date(as_of)
    chosen = catalogue.measures
    if measures is not None:
        wanted = set(checked_measure_ids(catalogue, measures))
        chosen = tuple(m for m in catalogue.measures if m.id in wanted)
    frame = _columns(actuals)
    if frame is None:  # a header the loader refuses: let it say why
        loads_actuals(_csv_text(catalogue, actuals, None), catalogue, SOURCE_NAME, format="csv")
        raise AssertionError("unreachable: the loader refuses this header")  # pragma: no cover
    frame = _object_text(frame)
    _check_fractions(catalogue, frame)
    # the column-wise results have the stable fields only: any other field asked for is
    # written by the library's evaluation
    checked = _Checked(catalogue, frame, day, chosen, set(names) <= set(FIELDS))
    results = checked.results
    rest = [m.id for m in chosen if m.id not in results]
    observations = checked.observations(set(rest))
    loaded_rows = ~checked.row_mask
    if bool(loaded_rows.any()):
        text = _csv_text(catalogue, frame, loaded_rows)
        observations.extend(loads_actuals(text, catalogue, SOURCE_NAME, format="csv"))
    if rest:
        report = evaluate(catalogue, Actuals(tuple(observations)), day, measures=rest)
        results.update((e.id, {k: _plain(e, k) for k in names}) for e in report.evaluations)
    data = {name: [results[m.id][name] for m in chosen] for name in names}
    return pd_.DataFrame(data, columns=list(names), dtype=object)  # type: ignore[no-any-return]


def partition_measures(catalogue: Catalogue, divisions: Sequence[object], number: int) -> list[str]:
    """The ids of the measures that partition ``number`` of a frame split by measure covers.

    ``divisions`` are the boundaries of a frame indexed by measure id and sorted (Dask's
    ``ddf.divisions``): partition ``i`` holds the ids from ``divisions[i]`` up to, not
    including, ``divisions[i + 1]``, and the last one includes its upper bound. The first
    partition also takes the ids that sort before ``divisions[0]`` and the last those
    after ``divisions[-1]``, so that every measure of the catalogue, including one with
    no rows at all, is evaluated by exactly one partition. Raises ValueError when the
    divisions are unknown (``None``) or ``number`` is not a partition.
    """
    parts = len(divisions) - 1
    if parts < 1 or any(d is None for d in divisions):
        raise ValueError(
            "the divisions are unknown: index the frame by measure and sort it "
            "(ddf.set_index('measure')) first"
        )
    if not 0 <= number < parts:
        raise ValueError(f"there is no partition {number}: the frame has {parts}")
    low, high = str(divisions[number]), str(divisions[number + 1])
    first, last = number == 0, number == parts - 1
    return [m.id for m in catalogue.measures if (first or m.id >= low) and (last or m.id < high)]


def measure_divisions(catalogue: Catalogue, parts: int) -> list[str]:
    """Divisions that split a frame indexed by measure id into ``parts`` partitions.

    The catalogue's measure ids, sorted, cut into ``parts`` runs of nearly equal length:
    the first id of each run and the last id of all, for Dask's
    ``ddf.set_index("measure", divisions=...)``. They come from the catalogue, not the data,
    so they are known however the rows were read (a CSV of one block gives Dask no
    divisions of its own), and :func:`partition_measures` takes them. Fewer partitions
    when the catalogue has too few measures; ValueError when ``parts`` is below 1.
    """
    if parts < 1:
        raise ValueError(f"parts must be at least 1, got {parts}")
    ids = sorted(m.id for m in catalogue.measures)
    if not ids:
        raise ValueError("the catalogue has no measures to divide")
    if len(ids) == 1:
        return [ids[0], ids[0]]
    parts = min(parts, len(ids) - 1)  # the last run holds two ids at least: divisions differ
    return [ids[len(ids) * i // parts] for i in range(parts)] + [ids[-1]]


# --------------------------------------------------------------------------- input


def _check_fractions(catalogue: Catalogue, frame: Any) -> None:
    """An ActualsError for a number above 1 in the value column on a percent measure's row:
    a number there is a fraction of one (0.8 is 80%), so 80 would be read as 8000%."""
    if "value" not in frame.columns:
        return
    import numpy

    pandas = _pandas()
    percent = {m.id for m in catalogue.measures if m.is_percent}
    if not percent:
        return
    ids = frame["measure"].where(frame["measure"].notna(), "").astype(str).str.strip()
    cells = frame["value"]
    numbers = pandas.to_numeric(cells.where(cells.map(_is_number)), errors="coerce")
    wrong = ids.isin(list(percent)).to_numpy() & (numbers > 1).to_numpy()
    if not bool(wrong.any()):
        return
    problems = [
        Problem(
            f"the value column holds {float(cells.iloc[i]):g} for the percent measure {ids.iloc[i]}: "
            "a number in a DataFrame is a fraction of one for a percent measure (0.8 is 80%); "
            "divide the column by 100, or give the cell as text ('80%')",
            SOURCE_NAME,
            i + 2,
            None,
            "value",
        )
        for i in numpy.flatnonzero(wrong)[:_MAX_PROBLEMS].tolist()
    ]
    raise ActualsError(problems)


def _is_number(cell: object) -> bool:
    """An int or float cell (numpy's too), not a bool or text."""
    import numbers

    return isinstance(cell, numbers.Real) and not isinstance(cell, bool)


def _columns(actuals: Any) -> Any:
    """The frame with its column names as the loader reads a header, or None when it refuses."""
    frame = actuals
    names = [str(c).strip().lower() for c in frame.columns]
    if "measure" not in names and str(frame.index.name or "").strip().lower() == "measure":
        frame = frame.reset_index()
        names = [str(c).strip().lower() for c in frame.columns]
    if len(set(names)) != len(names) or any(n not in COLUMNS for n in names):
        return None
    if "measure" not in names or "period" not in names:
        return None
    if list(frame.columns) != names:
        frame = frame.set_axis(names, axis=1)
    return frame


def _object_text(frame: Any) -> Any:
    """The frame with pandas' string columns (``string``, Arrow strings, as Dask reads text)
    as plain object columns, a missing cell ``None``: cells as a CSV reader gives them."""
    pandas = _pandas()
    text = [c for c in frame.columns if isinstance(frame[c].dtype, pandas.StringDtype)]
    if not text:
        return frame
    plain = frame.astype(dict.fromkeys(text, object))
    for column in text:
        plain[column] = plain[column].where(frame[column].notna(), None)
    return plain


def _missing(cell: object) -> bool:
    """None, NaN, pandas' NA or NaT: an empty cell."""
    if cell is None:
        return True
    if isinstance(cell, (str, int)):
        return False
    if isinstance(cell, float):
        return math.isnan(cell)
    try:
        return bool(_pandas().isna(cell))
    except (TypeError, ValueError):
        return False


def _text(cell: object) -> str:
    """A cell as the text the loader would read in a CSV."""
    return "" if _missing(cell) else str(cell)


def _percent_text(value: float) -> str:
    """A fraction as percentage text that the loader reads back as the same fraction.

    ``Decimal(value)`` is the float's exact value; times 100 it is still exact (the
    context has room for every digit), and the loader's division by 100 to 28 digits
    rounds back to the same float.
    """
    if not math.isfinite(value):
        return str(value)
    with localcontext() as context:
        context.prec = 1100
        return f"{Decimal(value) * 100}%"


def _number_text(cell: object, percent: bool) -> str:
    """A number cell as CSV text: text as it is, a number in the measure's canonical unit."""
    if _missing(cell):
        return ""
    if isinstance(cell, (str, bool)):
        return str(cell)
    if isinstance(cell, int) and not percent:
        return str(cell)
    try:
        number = float(cell)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(cell)
    if percent:
        return _percent_text(number)
    return repr(number) if math.isfinite(number) else str(number)


def _csv_text(catalogue: Catalogue, frame: Any, rows: Any) -> str:
    """The frame as actuals CSV text; rows left out of ``rows`` are blank lines, so that
    line ``n + 2`` is still the frame's row ``n``."""
    percent = {m.id: m.is_percent for m in catalogue.measures}
    names = [str(c) for c in frame.columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    keep = [True] * len(frame) if rows is None else rows.tolist()
    columns = [frame.iloc[:, i].tolist() for i in range(len(names))]
    lowered = [n.strip().lower() for n in names]
    measure_at = lowered.index("measure") if "measure" in lowered else None
    for position in range(len(frame)):
        if not keep[position]:
            out.write("\n")
            continue
        cells = [column[position] for column in columns]
        measure = _text(cells[measure_at]).strip() if measure_at is not None else ""
        texts = []
        for name, cell in zip(lowered, cells, strict=True):
            if name == "value":
                texts.append(_number_text(cell, percent.get(measure, False)))
            elif name in ("numerator", "denominator"):
                texts.append(_number_text(cell, False))
            else:
                texts.append(_text(cell))
        writer.writerow(texts)
    return out.getvalue()


# --------------------------------------------------------------------------- the fast path


def _eligible(catalogue: Catalogue, measure: Measure) -> bool:
    """Whether the column-wise path covers this measure's rules."""
    return (
        kind_of(measure.target).columnar
        and isinstance(measure.calculation, (DirectValue, CountOf, Ratio))
        and measure.aggregation is Aggregation.POINT_IN_TIME
        and measure.data_lag == 0
        and not measure.status_rules
        and not measure.comparators
        and catalogue.judge_on_for(measure) is JudgeOn.UNROUNDED
    )


def _used_period(catalogue: Catalogue, frequency: Frequency, day: dt.date) -> Period | None:
    """The period a measure with no data lag is judged on as at ``day`` (None: none is due)."""
    due = due_periods(catalogue.year, day, frequency, 0)
    return due[0] if due else None


class _Checked:
    """The frame's rows checked column-wise, by the loader's rules, and the eligible
    measures evaluated column-wise.

    A measure of the catalogue whose every row passes the checks is *checked*: its rows
    become :class:`~cspmeasures.actuals.Observation` objects directly
    (:meth:`observations`), or, when the measure is eligible (:func:`_eligible`), it is
    evaluated here into ``results``. ``row_mask`` marks the checked measures' rows; every
    other row (an unknown measure, a text number, any row a check refuses, and every
    other row of its measure) is left to the actuals loader, which reports the problems
    or reads the rows.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        frame: Any,
        day: dt.date,
        chosen: Sequence[Measure],
        fast_results: bool = True,
    ) -> None:
        import numpy

        self.catalogue = catalogue
        self.day = day
        self._contexts: dict[str, RowsContext] = {}
        self.results: dict[str, dict[str, Any]] = {}
        self.row_mask: np.ndarray[Any, Any] = numpy.zeros(len(frame), dtype=bool)
        self._rows: dict[str, Any] = {}
        known = {m.id: m for m in catalogue.measures}
        periods = {f: _used_period(catalogue, f, day) for f in {m.frequency for m in chosen}}
        rows = self._check(frame, known)
        fast = [
            m
            for m in chosen
            if fast_results
            and m.id in self.checked
            and m.id not in self.audited
            and _eligible(catalogue, m)
            and periods[m.frequency]
        ]
        for measure in fast:
            used = periods[measure.frequency]
            assert used is not None
            self.results[measure.id] = self._result(measure, used, rows, measure.id)

    def _check(self, frame: Any, measures: dict[str, Measure]) -> dict[str, Any]:
        """Check the rows of the catalogue's measures; ``self.checked`` is the set of
        measures all of whose rows pass. The figures of each checked measure's rows in
        the period used and the one before (for the eligible measures' evaluation)."""
        import numpy

        pandas = _pandas()
        ids_all = frame["measure"]
        ids_all = ids_all.where(ids_all.notna(), "").astype(str).str.strip()
        positions = numpy.flatnonzero(ids_all.isin(list(measures)).to_numpy())
        count = len(positions)
        ids = pandas.Series(ids_all.to_numpy(dtype=object)[positions], dtype=object)
        sub_ids = ids.to_numpy(dtype=object)
        bad = numpy.zeros(count, dtype=bool)
        used = {
            f: _used_period(self.catalogue, f, self.day)
            for f in {m.frequency for m in measures.values()}
        }

        # periods: each distinct label read once per frequency; slot 0 is the period
        # used, slot 1 the one before it (for the direction of travel)
        frequency_of = {mid: m.frequency for mid, m in measures.items()}
        frequency = [frequency_of[mid] for mid in sub_ids.tolist()]
        labels = frame["period"].to_numpy(dtype=object)[positions].tolist()
        parsed: dict[tuple[object, Frequency], tuple[int, int]] = {}
        codes: dict[Period, int] = {}
        period_code = numpy.empty(count, dtype=numpy.int64)
        slot = numpy.empty(count, dtype=numpy.int64)
        for index, key in enumerate(zip(labels, frequency, strict=True)):
            found = parsed.get(key)
            if found is None:
                period = self._period(key[0], key[1])
                if period is None:
                    found = (-1, -1)
                else:
                    target = used[key[1]]
                    where = -1
                    if target is not None:
                        where = 0 if period == target else 1 if period == target.previous() else -1
                    found = (codes.setdefault(period, len(codes)), where)
                parsed[key] = found
            period_code[index], slot[index] = found
        bad |= period_code < 0
        keys = pandas.DataFrame({"m": sub_ids, "p": period_code})
        bad |= keys.duplicated(keep=False).to_numpy()

        # numbers: numeric cells only (a text cell is read by the loader)
        numbers: dict[str, np.ndarray[Any, Any]] = {}
        for name in _NUMBER_COLUMNS:
            floats = numpy.full(count, numpy.nan)
            if name in frame.columns:
                column = frame[name]
                if column.dtype.kind in "iuf":
                    floats = column.to_numpy(dtype=float, na_value=numpy.nan)[positions]
                else:
                    cells = column.to_numpy(dtype=object)[positions].tolist()
                    for index, cell in enumerate(cells):
                        if _missing(cell):
                            continue
                        if isinstance(cell, (int, float, numpy.number)) and not isinstance(
                            cell, bool
                        ):
                            floats[index] = float(cell)
                        else:
                            bad[index] = True
            numbers[name] = floats
        value, numerator, denominator = (numbers[n] for n in _NUMBER_COLUMNS)
        has_value = ~numpy.isnan(value)
        has_num = ~numpy.isnan(numerator)
        has_den = ~numpy.isnan(denominator)
        kind = ids.map({mid: calculation_code(m) for mid, m in measures.items()}).to_numpy(
            dtype=int
        )
        percent = ids.map({mid: m.is_percent for mid, m in measures.items()}).to_numpy(dtype=bool)
        is_ratio = kind == RATIO
        for name, numbers_of in zip(_NUMBER_COLUMNS, (value, numerator, denominator), strict=True):
            for cell_check in CELL_CHECKS:
                bad |= cell_check.columns(numbers_of, name, kind, percent)

        # text: flags read once per distinct text; a state or judgement only where the
        # target has a milestone or a judged part
        texts: dict[str, list[tuple[str, bool]]] = {}
        for name in _TEXT_COLUMNS:
            texts[name] = [("", True)] * count
            if name in frame.columns:
                cells = frame[name].to_numpy(dtype=object)[positions]
                present = numpy.flatnonzero(~pandas.isna(cells)).tolist()
                column_texts = texts[name]
                for index in present:
                    column_texts[index] = _cell_text(cells[index])
        flag_cache: dict[str, tuple[Flag, ...] | None] = {}
        row_flags: list[tuple[Flag, ...]] = []
        for index, (text, ok) in enumerate(texts["flag"]):
            if text not in flag_cache:
                flag_cache[text] = _flags(text)
            flags = flag_cache[text]
            if flags is None or not ok:
                bad[index] = True
                flags = ()
            row_flags.append(flags)
        allows = {
            "state": {mid for mid, m in measures.items() if "milestone" in kinds_in(m.target)},
            "judgement": {mid for mid, m in measures.items() if "judged" in kinds_in(m.target)},
        }
        words: dict[str, dict[str, Any]] = {
            "state": {s.value: s for s in MilestoneState},
            "judgement": JUDGEMENTS,
        }
        chosen_words: dict[str, list[Any]] = {}
        for name in _TEXT_COLUMNS:
            column_words = words.get(name)
            picked: list[Any] = []
            for index, (text, ok) in enumerate(texts[name]):
                word = None
                if not ok:
                    bad[index] = True
                elif text and column_words is not None:
                    word = column_words.get(text.lower())
                    if word is None or sub_ids[index] not in allows[name]:
                        bad[index] = True
                picked.append(word)
            chosen_words[name] = picked
        evidence = numpy.array([bool(t) for t, _ in texts["evidence"]], dtype=bool)
        state = numpy.array([w is not None for w in chosen_words["state"]], dtype=bool)
        judged = numpy.array([w is not None for w in chosen_words["judgement"]], dtype=bool)
        gone = numpy.array(
            [Flag.SUPPRESSED in f or Flag.NOT_YET_AVAILABLE in f for f in row_flags], dtype=bool
        )
        columns = Columns(
            value=value,
            numerator=numerator,
            denominator=denominator,
            calculation=kind,
            percent=percent,
            gone=gone,
            flagged=numpy.array([bool(f) for f in row_flags], dtype=bool),
            state=state,
            judgement=judged,
            evidence=evidence,
            reported=[t for t, _ in texts["reported"]],
            milestone_target=numpy.isin(sub_ids, list(allows["state"])),
            judged_target=numpy.isin(sub_ids, list(allows["judgement"])),
        )
        for row_check in ROW_CHECKS:  # the loader's checks of a row, on the columns
            bad |= row_check.columns(columns)
        has_figure = has_value | (has_num & has_den)

        # a measure with any row the checks cannot vouch for goes to the loader
        refused = set(sub_ids[bad].tolist())
        self.checked = set(measures) - refused
        keep = ~ids.isin(list(refused)).to_numpy() if refused else numpy.ones(count, dtype=bool)
        self.row_mask[positions[keep]] = True
        reported = numpy.array([bool(t) for t, _ in texts["reported"]], dtype=bool)
        self._rows = {
            "keep": numpy.flatnonzero(keep),
            "positions": positions,
            "ids": sub_ids,
            "periods": {code: period for period, code in codes.items()},
            "period_code": period_code,
            "numbers": (value, numerator, denominator),
            "flags": row_flags,
            "texts": texts,
            "words": chosen_words,
        }

        # each measure's own figure in a period: the components summed (0 + x) and
        # divided for a ratio (none when the denominator is 0), else the value
        with numpy.errstate(divide="ignore", invalid="ignore"):
            quotient = (numerator + 0.0) / (denominator + 0.0)
        own = numpy.where(is_ratio, numpy.where(denominator == 0, numpy.nan, quotient), value + 0.0)
        own = numpy.where(has_figure, own, numpy.nan)
        current: dict[str, tuple[float | None, tuple[Flag, ...], bool, bool]] = {}
        previous: dict[str, float] = {}
        audited: set[str] = set()
        for index in numpy.flatnonzero(keep & (slot == 0)).tolist():
            figure = None if math.isnan(own[index]) else float(own[index])
            zero = bool(is_ratio[index] and denominator[index] == 0)
            current[sub_ids[index]] = (figure, row_flags[index], bool(has_figure[index]), zero)
            if reported[index]:
                audited.add(sub_ids[index])  # the library audits a reported figure
        for index in numpy.flatnonzero(keep & (slot == 1) & ~numpy.isnan(own)).tolist():
            previous[sub_ids[index]] = float(own[index])
        self.audited = audited
        return {"current": current, "previous": previous}

    def observations(self, wanted: set[str]) -> list[Observation]:
        """The checked rows of the measures in ``wanted`` as Observations, as the loader
        would make them from the same cells."""
        rows = self._rows
        if not rows:
            return []
        ids = rows["ids"]
        periods = rows["periods"]
        period_code = rows["period_code"]
        value, numerator, denominator = rows["numbers"]
        texts = rows["texts"]
        words = rows["words"]
        flags = rows["flags"]
        positions = rows["positions"]
        made: list[Observation] = []
        for index in rows["keep"].tolist():
            mid = ids[index]
            if mid not in wanted:
                continue
            made.append(
                Observation(
                    mid,
                    periods[int(period_code[index])],
                    _number(value[index]),
                    _number(numerator[index]),
                    _number(denominator[index]),
                    texts["reported"][index][0] or None,
                    flags[index],
                    words["state"][index],
                    words["judgement"][index],
                    texts["evidence"][index][0] or None,
                    texts["note"][index][0] or None,
                    where=f"{SOURCE_NAME}:{int(positions[index]) + 2}",
                )
            )
        return made

    def _period(self, label: object, frequency: Frequency) -> Period | None:
        """The label's period when the loader would accept it for this frequency."""
        if not isinstance(label, str) or not label.strip():
            return None
        try:
            period = parse_period(label.strip(), self.catalogue.calendar, frequency)
        except PeriodError:
            return None
        year = self.catalogue.year
        earliest = earliest_period_start(year)
        if period.frequency is not frequency or period.end > year.end or period.start < earliest:
            return None
        return period

    def _result(
        self, measure: Measure, period: Period, rows: dict[str, Any], mid: str
    ) -> dict[str, Any]:
        """The measure's result dict, field for field as Evaluation.to_dict() gives it."""
        show = _shower(measure)
        label = period.label
        flags: tuple[Flag, ...] = ()
        value: float | None = None
        row = rows["current"].get(mid)
        gap: Gap | None = Gap("missing", ((period, ""),))
        if row is not None:
            figure, flags, has_figure, zero = row
            if Flag.SUPPRESSED in flags:
                gap = Gap("suppressed", ((period, ""),))
            elif Flag.NOT_YET_AVAILABLE in flags:
                gap = Gap("not-yet-available", ((period, ""),))
            elif has_figure and zero:
                gap = Gap("zero")
            elif has_figure:
                gap = None
                value = figure
                assert value is not None
                status, reason = self._judge(measure, period, value)
        if gap is not None:  # the engine's words for a figure with no value
            status, reason = gap_status(gap), gap_reason(gap, measure.calculation)
        trend = Trend.NOT_COMPARED
        if value is not None:
            trend = direction_of_travel(rows["previous"].get(mid), value, measure.polarity)
        return {
            "id": measure.id,
            "title": measure.title,
            "theme": measure.theme,
            "period": label,
            "value": value,
            "display_value": "-" if value is None else show(value),
            "target": format_target(measure.target, MeasureContext(measure.unit, measure.polarity)),
            "expected": None,
            "status": status.value,
            "rag": status.rag.value,
            "reason": reason,
            "trend": trend.value,
            "comparison": None,
            "flags": [f.value for f in flags],
            "warnings": [],
        }

    def _judge(self, measure: Measure, period: Period, value: float) -> tuple[Status, str]:
        """The status and reason of a figure, in the engine's words: the target's kind
        judges it, as in the general judgement."""
        ctx = self._contexts.get(measure.id)
        if ctx is None:
            ctx = self._contexts[measure.id] = RowsContext(
                self.catalogue, measure, _NO_ROWS, self.day, {}
            )
        target = measure.target
        judgement = kind_of(target).judge(ctx, target, period, value, Figure(value))[0]
        return judgement.status, judgement.reason


#: the actuals of a Context that judges figures already read
_NO_ROWS = Actuals(())


def _number(cell: float) -> float | None:
    return None if math.isnan(cell) else float(cell)


def _cell_text(cell: object) -> tuple[str, bool]:
    """A text cell stripped, and whether it is plain text (or empty) that the fast path reads."""
    if _missing(cell):
        return "", True
    if isinstance(cell, str):  # a refused character sends the row to the loader, to say why
        return cell.strip(), refusal(cell) is None
    return "", False


def _flags(text: str) -> tuple[Flag, ...] | None:
    """The flags written in a cell, as the loader reads them; None when one is unknown or
    given twice (the loader then says which)."""
    if not text:
        return ()
    flags: list[Flag] = []
    for _, flag in flag_words(text):
        if flag is None or flag in flags:
            return None
        flags.append(flag)
    return tuple(flags)


_SHOW_CACHE: dict[tuple[bool, int], Callable[[float], str]] = {}


def _shower(measure: Measure) -> Callable[[float], str]:
    """A measure's value as a report prints it (as the library's evaluation shows it)."""
    key = (measure.is_percent, measure.display_decimals)
    show = _SHOW_CACHE.get(key)
    if show is None:
        percent, decimals = key
        shown: dict[float, str] = {}

        def show(value: float) -> str:
            text = shown.get(value)
            if text is None:
                text = (
                    format_percent(value, decimals) if percent else format_number(value, decimals)
                )
                if len(shown) < 100_000:
                    shown[value] = text
            return text

        _SHOW_CACHE[key] = show
    return show
