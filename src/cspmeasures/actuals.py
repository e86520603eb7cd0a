"""Actuals: the figures a partnership collects, read from CSV or YAML and checked.

A row gives one measure's figure for one period: a value, or a numerator and a
denominator, or a milestone state, or a recorded judgement with its evidence, with
optional data-quality flags, the figure as printed in a report (kept for audit) and a
note. ``load_actuals(path, catalogue)`` returns :class:`Actuals` or raises
:class:`~cspmeasures.errors.ActualsError` listing every problem with file and line.

CSV columns (header required, any order): ``measure, period, value, numerator,
denominator, reported, flag, state, judgement, evidence, note``; only ``measure`` and
``period`` are required. YAML: a mapping with an ``actuals:`` list of rows with the same
keys.
"""

from __future__ import annotations

import csv
import difflib
import enum
import functools
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

from cspmeasures.calc.rounding import MAX_DECIMALS
from cspmeasures.catalogue import HISTORY_YEARS, earliest_period_start, read_text
from cspmeasures.errors import ActualsError, CatalogueError, PeriodError, Problem
from cspmeasures.expressions import ExpressionError, MeasureContext, parse_value
from cspmeasures.model import (
    AllOfTarget,
    Catalogue,
    CountOf,
    DirectValue,
    JudgedTarget,
    Measure,
    MilestoneTarget,
    RatePer,
    Ratio,
    ReductionOf,
    Target,
)
from cspmeasures.periods import Period, parse_period
from cspmeasures.units import UnitProblem, read_number
from cspmeasures.vocabulary import Status
from cspmeasures.yamlsource import YMapping, YNode, YScalar, YSequence, parse_yaml

__all__ = [
    "COLUMNS",
    "MAX_ACTUALS_BYTES",
    "Actuals",
    "Flag",
    "MilestoneState",
    "Observation",
    "load_actuals",
    "loads_actuals",
]

MAX_ACTUALS_BYTES = 256 * 1024 * 1024
#: the largest figure a row may carry: larger is a typing error, and sums of it would overflow
MAX_FIGURE = 1e15

COLUMNS = (
    "measure",
    "period",
    "value",
    "numerator",
    "denominator",
    "reported",
    "flag",
    "state",
    "judgement",
    "evidence",
    "note",
)
_REQUIRED = ("measure", "period")
_MISSING = {"", "-", "n/a", "na", "null", "none"}
#: a number as most cells hold it ("42", "44.4%"): read through the measure's context,
#: which alone decides its value, so the reading is cached
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)%?")
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")
_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?%?$")
_NOT_FINITE = re.compile(r"^[+-]?\.?(nan|inf|infinity)\s*%?$", re.IGNORECASE)


class Flag(str, enum.Enum):
    """Data-quality flags a row may carry."""

    PROVISIONAL = "provisional"
    ESTIMATED = "estimated"
    REVISED = "revised"
    NOT_YET_AVAILABLE = "not-yet-available"
    SUPPRESSED = "suppressed"


class MilestoneState(str, enum.Enum):
    """Where a milestone stands."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"


_STATES = {s.value: s for s in MilestoneState}


JUDGEMENTS = {
    s.value: s
    for s in (Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.MISSED)
}


@attrs.frozen
class Observation:
    """One measure's figures for one period, in the measure's canonical unit.

    ``value`` is a fraction of one for percent measures. ``where`` (``file:line``) is
    kept for messages and does not take part in equality.
    """

    measure: str
    period: Period
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    reported: str | None = None
    flags: tuple[Flag, ...] = ()
    state: MilestoneState | None = None
    judgement: Status | None = None
    evidence: str | None = None
    note: str | None = None
    where: str | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def has_figure(self) -> bool:
        """True when the row carries a number (a value or both components)."""
        return self.value is not None or (
            self.numerator is not None and self.denominator is not None
        )

    @property
    def suppressed(self) -> bool:
        return Flag.SUPPRESSED in self.flags


@attrs.frozen
class Actuals:
    """Every observation, indexed by measure and period."""

    observations: tuple[Observation, ...] = ()
    _index: dict[str, dict[Period, Observation]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, dict[Period, Observation]] = {}
        for observation in self.observations:
            index.setdefault(observation.measure, {})[observation.period] = observation
        object.__setattr__(self, "_index", index)

    def for_measure(self, measure_id: str) -> Mapping[Period, Observation]:
        """The measure's observations by period (empty when it has none), read-only: what a
        caller does with it never changes a later evaluation."""
        return MappingProxyType(self._index.get(measure_id, {}))

    def get(self, measure_id: str, period: Period) -> Observation | None:
        """The observation for this measure and period, if any."""
        return self._index.get(measure_id, {}).get(period)

    def __len__(self) -> int:
        return len(self.observations)

    def __iter__(self) -> Iterator[Observation]:
        return iter(self.observations)


@attrs.define
class _Cell:
    text: str
    line: int
    column: int | None


class _RowReader:
    """Checks rows against the catalogue, collecting every problem."""

    def __init__(self, catalogue: Catalogue, file: str, lines: list[str]) -> None:
        self.catalogue = catalogue
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []
        self.measures = {m.id: m for m in catalogue.measures}
        self.count_units = frozenset(u.name for u in catalogue.units)
        self.seen: dict[tuple[str, Period], int] = {}
        self.contexts: dict[str, MeasureContext] = {}
        self.observations: list[Observation] = []
        #: the number of problems before the current row (set by the row readers), so that a
        #: row's own problems are told apart from earlier rows'
        self.mark = 0
        year = catalogue.year
        self.latest = year.end
        self.earliest = earliest_period_start(year)

    def error(
        self, cell: _Cell | None, line: int, path: str, message: str, also: str | None = None
    ) -> None:
        line = cell.line if cell is not None else line
        column = cell.column if cell is not None else None
        snippet = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        self.problems.append(Problem(message, self.file, line, column, path, snippet, also))

    def row(self, cells: dict[str, _Cell], line: int, path: str) -> None:
        before = min(self.mark, len(self.problems))
        measure_cell = cells.get("measure")
        period_cell = cells.get("period")
        measure = self._measure(measure_cell, line, path)
        if period_cell is None or not period_cell.text:
            self.error(period_cell, line, f"{path}.period", "the row has no period")
            return
        if measure is None:
            return
        period = self._period(period_cell, measure, line, path)
        if period is None:
            return
        key = (measure.id, period)
        if key in self.seen:
            first = self.seen[key]
            self.error(
                measure_cell,
                line,
                path,
                f"a second row for {measure.id} in {period.label}: the first is on line {first}",
                also=f"first at {self.file}:{first}",
            )
            return
        self.seen[key] = line
        context = self.contexts.get(measure.id)
        if context is None:
            context = self.contexts[measure.id] = MeasureContext(
                measure.unit, measure.polarity, self.count_units
            )
        values: dict[str, float | None] = {}
        for name in ("value", "numerator", "denominator"):
            values[name] = self._number(cells.get(name), name, measure, context, line, path)
        flags = self._flags(cells.get("flag"), line, path)
        state = _STATES.get(
            self._choice(cells.get("state"), _STATES, "a milestone state", line, f"{path}.state")
            or ""
        )
        judgement = JUDGEMENTS.get(
            self._choice(
                cells.get("judgement"), JUDGEMENTS, "a judgement", line, f"{path}.judgement"
            )
            or ""
        )
        text = {
            name: (cells[name].text or None) if name in cells else None
            for name in ("reported", "evidence", "note")
        }
        self._consistency(measure, cells, values, flags, state, judgement, text, line, path, before)
        if len(self.problems) > before:
            return
        self.observations.append(
            Observation(
                measure.id,
                period,
                values["value"],
                values["numerator"],
                values["denominator"],
                text["reported"],
                flags,
                state,
                judgement,
                text["evidence"],
                text["note"],
                where=f"{self.file}:{line}",
            )
        )

    def _measure(self, cell: _Cell | None, line: int, path: str) -> Measure | None:
        if cell is None or not cell.text:
            self.error(cell, line, f"{path}.measure", "the row has no measure id")
            return None
        measure = self.measures.get(cell.text)
        if measure is None:
            close = difflib.get_close_matches(cell.text, list(self.measures), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.error(
                cell,
                line,
                f"{path}.measure",
                f"no measure in {self.catalogue.id} has the id {cell.text!r}{hint}",
            )
        return measure

    def _period(self, cell: _Cell, measure: Measure, line: int, path: str) -> Period | None:
        try:
            period = _period_of(cell.text, self.catalogue.calendar, measure.frequency)
        except PeriodError as exc:
            self.error(cell, line, f"{path}.period", str(exc))
            return None
        if period.frequency is not measure.frequency:
            self.error(
                cell,
                line,
                f"{path}.period",
                f"{measure.id} is {measure.frequency.value}, but {cell.text!r} is a "
                f"{period.frequency.value} period",
            )
            return None
        if period.end > self.latest:
            self.error(
                cell,
                line,
                f"{path}.period",
                f"{period.label} is after the catalogue's year {self.catalogue.year.label}",
            )
            return None
        if period.start < self.earliest:
            self.error(
                cell,
                line,
                f"{path}.period",
                f"{period.label} is more than {HISTORY_YEARS} years before the catalogue's year {self.catalogue.year.label}",
            )
            return None
        return period

    def _number(
        self,
        cell: _Cell | None,
        name: str,
        measure: Measure,
        context: MeasureContext,
        line: int,
        path: str,
    ) -> float | None:
        if cell is None or cell.text.lower() in _MISSING:
            return None
        text = cell.text
        if name != "value" and _PLAIN_DECIMAL.fullmatch(text):
            # a component as most cells hold it: float() rounds a decimal string exactly
            # as float(Decimal(text)) does
            return self._checked(float(text), cell, name, measure, line, path)
        if _NOT_FINITE.match(text):
            self.error(
                cell, line, f"{path}.{name}", f"expected a finite number, found {cell.text!r}"
            )
            return None
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if name == "value":
            try:
                if _PLAIN_NUMBER.fullmatch(text):
                    value = _plain_value(text, context)
                else:
                    value = parse_value(text, context, what="value")
            except ExpressionError as exc:
                self.error(cell, line, f"{path}.{name}", str(exc))
                return None
        else:
            try:
                number = read_number(text)
            except UnitProblem:
                self.error(
                    cell,
                    line,
                    f"{path}.{name}",
                    f"expected a number for the {name}, found {cell.text!r}",
                )
                return None
            if not number.is_finite():
                self.error(
                    cell, line, f"{path}.{name}", f"expected a finite number, found {cell.text!r}"
                )
                return None
            value = float(number)
        return self._checked(value, cell, name, measure, line, path)

    def _checked(
        self, value: float, cell: _Cell, name: str, measure: Measure, line: int, path: str
    ) -> float | None:
        """The number read from a cell, if it is finite, within bounds and of the right sign
        and kind for the measure."""
        if value != value or value in (float("inf"), float("-inf")):
            self.error(
                cell, line, f"{path}.{name}", f"expected a finite number, found {cell.text!r}"
            )
            return None
        if abs(value) > MAX_FIGURE:
            self.error(
                cell,
                line,
                f"{path}.{name}",
                f"the {name} {cell.text!r} is too large: figures are at most 10^15",
            )
            return None
        if value < 0 and (
            name != "value"
            or isinstance(measure.calculation, (CountOf, Ratio, RatePer))
            or measure.is_percent
        ):
            self.error(
                cell, line, f"{path}.{name}", f"the {name} cannot be negative, found {cell.text!r}"
            )
            return None
        if isinstance(measure.calculation, CountOf) and name == "value" and value != int(value):
            self.error(
                cell,
                line,
                f"{path}.{name}",
                f"{measure.id} is a count: expected a whole number, found {cell.text!r}",
            )
            return None
        return value

    def _reported(self, cell: _Cell | None, line: int, path: str) -> None:
        """A printed figure is kept as text and audited against the figure worked out; one
        with more decimal places than a figure can be shown with cannot be audited."""
        if cell is None or not printed_too_precisely(cell.text):
            return
        places = printed_places(printed_number(cell.text) or Decimal(0))
        self.error(
            cell,
            line,
            f"{path}.reported",
            f"the reported figure {cell.text!r} has {places} decimal places: a figure is "
            f"printed with at most {MAX_DECIMALS}",
        )

    def _flags(self, cell: _Cell | None, line: int, path: str) -> tuple[Flag, ...]:
        if cell is None or not cell.text:
            return ()
        flags: list[Flag] = []
        words = {f.value: f for f in Flag}
        for part in re.split(r"[;,]\s*|\s+", cell.text.strip()):
            flag = words.get(part.lower())
            if flag is None:
                self.error(
                    cell,
                    line,
                    f"{path}.flag",
                    f"unknown flag {part!r}: expected {', '.join(words)}",
                )
            elif flag in flags:
                self.error(cell, line, f"{path}.flag", f"the flag {part!r} is given twice")
            else:
                flags.append(flag)
        return tuple(flags)

    def _choice(
        self, cell: _Cell | None, words: Iterable[str], what: str, line: int, path: str
    ) -> str | None:
        """The cell's word, lower-cased, when it is one of ``words``."""
        if cell is None or not cell.text:
            return None
        word = cell.text.lower()
        if word not in words:
            self.error(
                cell, line, path, f"expected {what} ({', '.join(words)}), found {cell.text!r}"
            )
            return None
        return word

    def _consistency(
        self,
        measure: Measure,
        cells: dict[str, _Cell],
        values: dict[str, float | None],
        flags: tuple[Flag, ...],
        state: object,
        judgement: object,
        text: dict[str, str | None],
        line: int,
        path: str,
        before: int,
    ) -> None:
        value, numerator, denominator = values["value"], values["numerator"], values["denominator"]
        calc = measure.calculation
        has_components = numerator is not None or denominator is not None
        if has_components and isinstance(calc, (DirectValue, CountOf)):
            self.error(
                cells.get("numerator") or cells.get("denominator"),
                line,
                path,
                f"{measure.id} takes a value, not a numerator and denominator",
            )
        cells_read = len(self.problems) == before  # no cell of the row was refused
        if cells_read and has_components and (numerator is None or denominator is None):
            self.error(
                cells.get("numerator") or cells.get("denominator"),
                line,
                path,
                "give both the numerator and the denominator",
            )
        if value is not None and not isinstance(calc, (DirectValue, CountOf)):
            self.error(
                cells.get("value"),
                line,
                f"{path}.value",
                f"{measure.id} is calculated as {calc.kind}: give its numerator and denominator, not the value (keep a printed figure under 'reported')",
            )
        if (
            isinstance(calc, Ratio)
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            self.error(
                cells.get("numerator"),
                line,
                f"{path}.numerator",
                f"the numerator {numerator:g} is greater than the denominator {denominator:g}",
            )
        if isinstance(calc, RatePer) and denominator == 0:
            self.error(
                cells.get("denominator"),
                line,
                f"{path}.denominator",
                "a rate needs a population greater than zero",
            )
        if denominator is not None and below_one_count(calc, denominator):
            wanted = (
                f"the '{calc.before}' figure is a count: expected 0 or at least 1"
                if isinstance(calc, ReductionOf)
                else "a rate's population is a number of people: expected at least 1"
            )
            self.error(
                cells.get("denominator"),
                line,
                f"{path}.denominator",
                f"{wanted}, found {cells['denominator'].text!r}",
            )
        self._reported(cells.get("reported"), line, path)
        no_figure = Flag.SUPPRESSED in flags or Flag.NOT_YET_AVAILABLE in flags
        if no_figure and (value is not None or has_components):
            word = "suppressed" if Flag.SUPPRESSED in flags else "not yet available"
            self.error(
                cells.get("flag"),
                line,
                f"{path}.flag",
                f"a row flagged {word} carries no figure: remove the value or the flag",
            )
        if state is not None and not _has_kind(measure.target, MilestoneTarget):
            self.error(
                cells.get("state"),
                line,
                f"{path}.state",
                f"{measure.id} has no milestone target: a state does not apply",
            )
        if judgement is not None and not _has_kind(measure.target, JudgedTarget):
            self.error(
                cells.get("judgement"),
                line,
                f"{path}.judgement",
                f"{measure.id} has no judged target: a recorded judgement does not apply",
            )
        empty = (
            len(self.problems) == before  # a bad cell already explains a missing figure
            and value is None
            and not has_components
            and state is None
            and judgement is None
            and not flags
            and not text["evidence"]
        )
        if empty:
            self.error(
                cells.get("measure"),
                line,
                path,
                "the row has no figure, state, judgement, evidence or flag",
            )


def printed_number(reported: str) -> Decimal | None:
    """The number a ``reported`` cell prints ('44.4%', '1,200'), or None when it is text."""
    text = reported.strip().rstrip("%").replace(",", "").strip()
    try:
        return read_number(text)
    except UnitProblem:
        return None


def printed_places(number: Decimal) -> int:
    """The decimal places a printed number shows ('44.40' shows 2)."""
    exponent = number.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def printed_too_precisely(reported: str) -> bool:
    """True when a ``reported`` number has more decimal places than a figure is shown with
    (it could not be audited)."""
    printed = printed_number(reported)
    return printed is not None and printed_places(printed) > MAX_DECIMALS


def below_one_count(calculation: object, denominator: float) -> bool:
    """True when a rate's population or a reduction's 'before' count lies between 0 and 1:
    not a count, and a figure worked out from it may pass any float."""
    return isinstance(calculation, (RatePer, ReductionOf)) and 0 < denominator < 1


#: period labels recur on every row: each is read once (parse_period is pure)
_period_of = functools.lru_cache(maxsize=1 << 12)(parse_period)


@functools.lru_cache(maxsize=1 << 16)
def _plain_value(text: str, context: MeasureContext) -> float:
    """A plain number's value in the measure's unit (a cell that cannot be read raises, and
    is not cached)."""
    return parse_value(text, context, what="value")


def _has_kind(target: Target, kind: type) -> bool:
    if isinstance(target, kind):
        return True
    if isinstance(target, AllOfTarget):
        return any(_has_kind(part, kind) for part in target.parts)
    return False


def _csv_rows(text: str, reader: _RowReader) -> Iterable[tuple[dict[str, _Cell], int, str]]:
    # strict: a quote left open is an error, not a cell that swallows every later row
    stream = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(stream, None)
    except csv.Error as exc:
        reader.error(None, 1, "", f"malformed CSV: {exc}")
        return
    if header is None or not any(h.strip() for h in header):
        reader.error(
            None, 1, "", f"the CSV file is empty: expected a header row with {', '.join(COLUMNS)}"
        )
        return
    names = [h.strip().lower() for h in header]
    bad = False
    for index, name in enumerate(names):
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            reader.error(
                _Cell(name, 1, None),
                1,
                f"column {index + 1}",
                f"unknown column {header[index]!r}{hint}; expected some of: {', '.join(COLUMNS)}",
            )
            bad = True
        elif names.index(name) != index:
            reader.error(
                _Cell(name, 1, None), 1, f"column {index + 1}", f"the column {name!r} appears twice"
            )
            bad = True
    for required in _REQUIRED:
        if required not in names:
            reader.error(None, 1, "", f"the header has no {required!r} column")
            bad = True
    if bad:
        return
    line = 1
    while True:
        start = stream.line_num + 1
        try:
            row = next(stream, None)
        except csv.Error as exc:
            reader.error(
                None, start, f"row at line {start}", _malformed(exc, start, stream.line_num)
            )
            return
        if row is None:
            return
        line = start
        # an empty cell is left out: every check reads a missing cell as an empty one
        texts = [cell.strip() for cell in row]
        if not any(texts):
            continue
        if len(row) != len(names):
            reader.error(
                None,
                line,
                f"row at line {line}",
                f"expected {len(names)} cells as in the header, found {len(row)}",
            )
            continue
        reader.mark = len(reader.problems)
        cells = {
            name: _Cell(text, line, None) for name, text in zip(names, texts, strict=True) if text
        }
        yield cells, line, f"line {line}"


def _malformed(exc: csv.Error, start: int, end: int) -> str:
    """What is wrong with a row the CSV reader refused, said at the line the row starts on."""
    if str(exc) == "unexpected end of data":
        return (
            f"a quote opened in the row on line {start} is never closed: the file ends inside "
            'the quoted cell (close the quote, or double a quote inside a cell: "")'
        )
    where = f" (at line {end})" if end != start else ""
    return f"malformed CSV{where}: {exc}"


def _yaml_rows(
    text: str, file: str, reader: _RowReader
) -> Iterable[tuple[dict[str, _Cell], int, str]]:
    root = parse_yaml(text, file)
    rows: YNode | None = root
    if isinstance(root, YMapping):
        unknown = [k for k in root.items if k != "actuals"]
        for key in unknown:
            node = root.keys[key]
            reader.error(
                _Cell(key, node.line, node.column),
                node.line,
                key,
                f"unknown key {key!r}: an actuals file holds one key, 'actuals'",
            )
        rows = root.items.get("actuals")
        if rows is None:
            reader.error(
                _Cell("", root.line, root.column),
                root.line,
                "",
                "expected the key 'actuals' with a list of rows",
            )
            return
    if root is None:
        reader.error(
            None, 1, "", "the actuals file is empty: expected 'actuals:' with a list of rows"
        )
        return
    if not isinstance(rows, YSequence):
        line = rows.line if rows is not None else 1
        reader.error(None, line, "actuals", "expected a list of rows under 'actuals'")
        return
    for index, item in enumerate(rows.items):
        path = f"actuals[{index}]"
        reader.mark = len(reader.problems)
        if not isinstance(item, YMapping):
            reader.error(
                _Cell("", item.line, item.column),
                item.line,
                path,
                "expected a row (a mapping with measure, period and a figure)",
            )
            continue
        cells: dict[str, _Cell] = {}
        for key, value_node in item.items.items():
            key_node = item.keys[key]
            if key not in COLUMNS:
                close = difflib.get_close_matches(key, COLUMNS, n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                reader.error(
                    _Cell(key, key_node.line, key_node.column),
                    key_node.line,
                    f"{path}.{key}",
                    f"unknown key {key!r}{hint}; expected some of: {', '.join(COLUMNS)}",
                )
                continue
            if not isinstance(value_node, YScalar):
                reader.error(
                    _Cell("", value_node.line, value_node.column),
                    value_node.line,
                    f"{path}.{key}",
                    f"expected a single value for {key!r}, found a {'list' if isinstance(value_node, YSequence) else 'mapping'}",
                )
                continue
            cells[key] = _Cell(
                "" if value_node.is_null else value_node.value.strip(),
                value_node.line,
                value_node.column,
            )
        yield cells, item.line, path


def loads_actuals(
    text: str, catalogue: Catalogue, name: str = "<string>", *, format: str | None = None
) -> Actuals:
    """Read actuals text; ``format`` is ``csv`` or ``yaml`` (default: from ``name``'s suffix, else csv)."""
    kind = format or ("yaml" if name.lower().endswith((".yaml", ".yml")) else "csv")
    if kind not in ("csv", "yaml"):
        raise ActualsError(
            [Problem(f"unknown actuals format {kind!r}: expected csv or yaml", name)]
        )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = _RowReader(catalogue, name, text.split("\n"))
    try:
        rows = _yaml_rows(text, name, reader) if kind == "yaml" else _csv_rows(text, reader)
        for cells, line, path in rows:
            reader.row(cells, line, path)
    except CatalogueError as exc:
        raise ActualsError(exc.problems) from None
    if reader.problems:
        raise ActualsError(reader.problems)
    return Actuals(tuple(reader.observations))


def load_actuals(
    path: str | os.PathLike[str],
    catalogue: Catalogue,
    *,
    format: str | None = None,
    max_bytes: int = MAX_ACTUALS_BYTES,
) -> Actuals:
    """Read an actuals file (CSV or YAML by suffix; ``-`` reads standard input as CSV)."""
    try:
        text, name = read_text(path, max_bytes, "actuals")
    except CatalogueError as exc:
        raise ActualsError(exc.problems) from None
    return loads_actuals(text, catalogue, name, format=format)
