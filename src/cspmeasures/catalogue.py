"""Catalogue YAML <-> Catalogue objects: loading with located errors, and dumping.

``load_catalogue(path)`` / ``loads_catalogue(text, name=...)`` read a catalogue and
return a :class:`~cspmeasures.model.Catalogue`, or raise
:class:`~cspmeasures.errors.CatalogueError` listing *every* problem found, each with
file, line, column, path (``measures[3].target``) and what was expected and found.
``dump_catalogue(catalogue)`` writes YAML that loads back equal.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Mapping
from enum import Enum
from functools import partial
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO, TypeVar

import yaml

from cspmeasures import kinds, units
from cspmeasures.calc.status import Condition, StatusRule
from cspmeasures.errors import CatalogueError, PeriodError, Problem
from cspmeasures.expressions import (
    ExpressionError,
    MeasureContext,
    format_quantity,
    format_target,
    format_tolerance,
    parse_condition,
    parse_tolerance,
    parse_value,
    percent_number,
)
from cspmeasures.feasibility import Span, span_of_values, unreachable
from cspmeasures.hints import did_you_mean
from cspmeasures.kinds._bases import is_basis
from cspmeasures.model import (
    Aggregation,
    Baseline,
    Calculation,
    Catalogue,
    Comparator,
    CountOf,
    CountUnit,
    DirectValue,
    JudgeOn,
    Measure,
    RatePer,
    Ratio,
    ReductionOf,
    Target,
    Theme,
)
from cspmeasures.periods import (
    Calendar,
    Frequency,
    Period,
    parse_period,
    parse_year,
)
from cspmeasures.vocabulary import Polarity, Status
from cspmeasures.yamlsource import (
    EncodingProblem,
    YMapping,
    YNode,
    YScalar,
    YSequence,
    decode,
    parse_yaml,
    text_encoding,
)

__all__ = [
    "MAX_CATALOGUE_BYTES",
    "catalogue_to_data",
    "dump_catalogue",
    "load_catalogue",
    "loads_catalogue",
]

MAX_CATALOGUE_BYTES = 32 * 1024 * 1024
#: how far before the catalogue's year actuals (and so baselines) may go
HISTORY_YEARS = 10
#: the longest data lag a measure may declare: figures published later than this are not a lag
MAX_LAG_YEARS = 3
#: the largest base of a rate ("offences per 1000 population")
MAX_RATE_BASE = 1_000_000_000

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

# --- the keys of each section (the JSON Schema is generated from these and the model) --

TOP_KEYS = {"catalogue": True, "units": False, "themes": True, "measures": True}
CATALOGUE_KEYS = {
    "id": True,
    "title": True,
    "organisation": False,
    "calendar": False,
    "year": True,
    "actuals": False,
    "actuals_encoding": False,
    "judge_on": False,
    "description": False,
}
THEME_KEYS = {"id": True, "title": True, "priority": False, "description": False}
MEASURE_KEYS = {
    "id": True,
    "title": True,
    "theme": True,
    "unit": False,
    "polarity": True,
    "frequency": False,
    "aggregation": False,
    "value": False,
    "target": True,
    "tolerance": False,
    "baselines": False,
    "comparators": False,
    "decimals": False,
    "data_lag": False,
    "judge_on": False,
    "status_rules": False,
    "owner": False,
    "partners": False,
    "description": False,
    "source": False,
    "notes": False,
}
BASELINE_KEYS = {"id": True, "label": False, "value": False, "period": False, "note": False}
COMPARATOR_KEYS = {
    "id": True,
    "name": False,
    "value": True,
    "lower": False,
    "upper": False,
    "period": False,
    "source": False,
}
#: every target mapping form's key, with the keys its mapping may have (True when required)
TARGET_FORMS: dict[str, dict[str, bool]] = {
    form: dict(kind.forms[form]) for form, kind in kinds.FORMS.items()
}
POLARITY_WORDS = {
    "higher-is-better": Polarity.HIGHER_IS_BETTER,
    "higher": Polarity.HIGHER_IS_BETTER,
    "lower-is-better": Polarity.LOWER_IS_BETTER,
    "lower": Polarity.LOWER_IS_BETTER,
    "in-range": Polarity.IN_RANGE,
    "none": Polarity.NONE,
}
FREQUENCY_WORDS = {
    "monthly": Frequency.MONTH,
    "quarterly": Frequency.QUARTER,
    "annual": Frequency.YEAR,
    "annually": Frequency.YEAR,
    "yearly": Frequency.YEAR,
}
AGGREGATION_WORDS = {
    "point-in-time": Aggregation.POINT_IN_TIME,
    "year-to-date": Aggregation.YEAR_TO_DATE,
    "cumulative": Aggregation.YEAR_TO_DATE,
    "rolling-12-months": Aggregation.ROLLING_12_MONTHS,
}
RULE_STATUSES = {
    s.value: s
    for s in (Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.MISSED)
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_RATIO = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*/\s*([A-Za-z_][\w-]*)\s*$")
_RATE = re.compile(
    r"^\s*([A-Za-z_][\w-]*)\s+per\s+([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\s+([A-Za-z_][\w-]*)\s*$"
)
_REDUCTION = re.compile(r"^\s*reduction\(\s*([A-Za-z_][\w-]*)\s*,\s*([A-Za-z_][\w-]*)\s*\)\s*$")
_LAG = re.compile(r"^\s*([0-9]{1,9})\s*(?:(month|quarter|year)s?)?\s*$")


def _kind(node: YNode | None) -> str:
    if node is None:
        return "nothing"
    if isinstance(node, YMapping):
        return "a mapping"
    if isinstance(node, YSequence):
        return "a list"
    if node.is_null:
        return "an empty value"
    return repr(node.value)


class _Reader:
    """Walks located YAML nodes, collecting every problem instead of stopping at the first."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = text.split("\n")
        self.problems: list[Problem] = []
        self.declared_units: set[str] = set()
        #: the catalogue's year, once read: baselines are checked against it
        self.year: Period | None = None

    def error(self, node: YNode | None, path: str, message: str, also: str | None = None) -> None:
        line = node.line if node is not None else None
        column = node.column if node is not None else None
        snippet = self.lines[line - 1] if line is not None and 0 < line <= len(self.lines) else None
        self.problems.append(Problem(message, self.file, line, column, path, snippet, also))

    # -- structure ----------------------------------------------------------------------

    def mapping(
        self, node: YNode | None, path: str, keys: dict[str, bool], what: str
    ) -> YMapping | None:
        if node is None:  # a missing key: reported, with its place, by the enclosing mapping
            return None
        if not isinstance(node, YMapping):
            self.error(node, path, f"expected {what} (a mapping of keys), found {_kind(node)}")
            return None
        for key, key_node in node.keys.items():
            if key not in keys:
                self.error(key_node, _join(path, key), _unknown_key(key, keys, what))
        for key, required in keys.items():
            if required and key not in node.items:
                self.error(node, path, f"{what} needs the key '{key}'")
        return node

    def sequence(self, node: YNode | None, path: str, what: str) -> list[YNode]:
        if node is None or (isinstance(node, YScalar) and node.is_null):
            return []
        if not isinstance(node, YSequence):
            self.error(node, path, f"expected a list of {what}, found {_kind(node)}")
            return []
        return node.items

    def scalar(self, node: YNode | None, path: str, what: str) -> YScalar | None:
        if node is None:  # a missing key: reported, with its place, by the enclosing mapping
            return None
        if not isinstance(node, YScalar) or node.is_null:
            self.error(node, path, f"expected {what}, found {_kind(node)}")
            return None
        return node

    def text(self, node: YNode | None, path: str, what: str = "text") -> str | None:
        scalar = self.scalar(node, path, what)
        if scalar is None:
            return None
        value = scalar.value.strip()
        if not value:
            self.error(node, path, f"expected {what}, found an empty string")
            return None
        return value

    def optional_text(self, mapping: YMapping, key: str, path: str) -> str | None:
        node = mapping.items.get(key)
        if node is None or (isinstance(node, YScalar) and node.is_null):
            return None
        return self.text(node, _join(path, key))

    def identifier(self, node: YNode | None, path: str) -> str | None:
        value = self.text(node, path, "an id")
        if value is not None and not _ID.match(value):
            self.error(
                node,
                path,
                f"an id is letters, digits, '-', '_' and '.', starting with a letter or "
                f"digit; found {value!r}",
            )
            return None
        return value

    def word(self, node: YNode | None, path: str, words: dict[str, T], what: str) -> T | None:
        value = self.text(node, path, what)
        if value is None:
            return None
        found = words.get(value.lower())
        if found is None:
            choices = ", ".join(sorted(set(words)))
            hint = did_you_mean(value.lower(), words)
            self.error(node, path, f"expected {what} ({choices}), found {value!r}{hint}")
        return found

    def integer(self, node: YNode | None, path: str, what: str, low: int, high: int) -> int | None:
        value = self.text(node, path, what)
        if value is None:
            return None
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", value) or not low <= int(value) <= high:
            self.error(
                node, path, f"expected {what}, a whole number from {low} to {high}, found {value!r}"
            )
            return None
        return int(value)

    def attempt(self, node: YNode | None, path: str, action: Callable[[], T]) -> T | None:
        """Run a parser on a scalar, turning its ValueError into a located problem."""
        try:
            return action()
        except (ExpressionError, units.UnitProblem, PeriodError, EncodingProblem) as exc:
            self.error(node, path, str(exc))
            return None

    # -- sections -------------------------------------------------------------------------

    def catalogue(self, root: YNode | None) -> Catalogue | None:
        top = self.mapping(root, "", TOP_KEYS, "a catalogue")
        if top is None:
            return None
        header = self.mapping(
            top.items.get("catalogue"), "catalogue", CATALOGUE_KEYS, "the catalogue header"
        )
        self.units(top.items.get("units"))
        themes = self.themes(top.items.get("themes"))
        theme_ids = {t.id for t in themes}
        calendar = Calendar.UK_FINANCIAL_YEAR
        year = None
        fields: dict[str, Any] = {}
        if header is not None:
            fields["id"] = self.identifier(header.items.get("id"), "catalogue.id")
            fields["title"] = self.text(header.items.get("title"), "catalogue.title", "a title")
            fields["organisation"] = self.optional_text(header, "organisation", "catalogue")
            fields["description"] = self.optional_text(header, "description", "catalogue")
            fields["actuals"] = self.optional_text(header, "actuals", "catalogue")
            if fields["actuals"] is not None and not _stays_under(fields["actuals"]):
                self.error(
                    header.items["actuals"],
                    "catalogue.actuals",
                    f"the actuals file must be in the catalogue's folder or below it: "
                    f"{fields['actuals']!r} leads outside it (name a file elsewhere on the "
                    "command line, with --actuals FILE)",
                )
                fields["actuals"] = None
            encoding = self.optional_text(header, "actuals_encoding", "catalogue")
            if encoding is not None:
                fields["actuals_encoding"] = self.attempt(
                    header.items["actuals_encoding"],
                    "catalogue.actuals_encoding",
                    partial(text_encoding, encoding),
                )
            if "calendar" in header.items:
                words = {c.value: c for c in Calendar}
                calendar = (
                    self.word(header.items["calendar"], "catalogue.calendar", words, "a calendar")
                    or calendar
                )
            if "judge_on" in header.items:
                judge = self.word(
                    header.items["judge_on"],
                    "catalogue.judge_on",
                    {j.value: j for j in JudgeOn},
                    "rounded or unrounded",
                )
                if judge is not None:
                    fields["judge_on"] = judge
            year_node = header.items.get("year")
            year_text = self.text(year_node, "catalogue.year", "a reporting year such as 2017-18")
            if year_text is not None:
                year = self.attempt(
                    year_node, "catalogue.year", lambda: parse_year(year_text, calendar)
                )
                self.year = year
        measures = self.measures(top.items.get("measures"), theme_ids, calendar)
        if self.problems or year is None or None in (fields.get("id"), fields.get("title")):
            return None
        return Catalogue(
            year=year,
            calendar=calendar,
            themes=tuple(themes),
            measures=tuple(measures),
            units=tuple(self.count_units),
            **fields,
        )

    def units(self, node: YNode | None) -> None:
        self.count_units: list[CountUnit] = []
        if node is None or (isinstance(node, YScalar) and node.is_null):
            return
        if not isinstance(node, YMapping):
            self.error(
                node,
                "units",
                f"expected a mapping of unit names to descriptions, found {_kind(node)}",
            )
            return
        for name, value in node.items.items():
            key = node.keys[name]
            description = None
            if isinstance(value, YScalar) and not value.is_null:
                description = value.value.strip() or None
            elif not (isinstance(value, YScalar) and value.is_null):
                self.error(
                    value,
                    f"units.{name}",
                    f"expected a description of the unit, found {_kind(value)}",
                )
            try:
                units.check_count_unit(name)
            except units.UnitProblem as exc:
                self.error(key, f"units.{name}", str(exc))
                continue
            alike = units.plural_clash(name, frozenset(self.declared_units))
            if alike is not None:
                self.error(
                    key,
                    f"units.{name}",
                    f"the unit {name!r} cannot be told apart from {alike!r} on line "
                    f"{node.keys[alike].line}: one is the other's plural",
                )
                continue
            self.declared_units.add(name)
            self.count_units.append(CountUnit(name, description))

    def themes(self, node: YNode | None) -> list[Theme]:
        themes: list[Theme] = []
        seen: dict[str, tuple[str, YNode]] = {}
        for index, item in enumerate(self.sequence(node, "themes", "themes")):
            path = f"themes[{index}]"
            mapping = self.mapping(item, path, THEME_KEYS, "a theme")
            if mapping is None:
                continue
            theme_id = self.identifier(mapping.items.get("id"), f"{path}.id")
            title = self.text(mapping.items.get("title"), f"{path}.title", "a title")
            if theme_id is not None:
                self._unique(theme_id, mapping.items["id"], seen, f"{path}.id", "theme id")
            if theme_id is None or title is None:
                continue
            themes.append(
                Theme(
                    theme_id,
                    title,
                    self.optional_text(mapping, "priority", path),
                    self.optional_text(mapping, "description", path),
                )
            )
        return themes

    def _unique(
        self, value: str, node: YNode, seen: dict[str, tuple[str, YNode]], path: str, what: str
    ) -> None:
        """Report ``value`` when it was already used, or differs from one used only in
        case, spaces or Unicode form (a reader cannot tell the two apart)."""
        key = reader_key(value)
        if key not in seen:
            seen[key] = (value, node)
            return
        first_value, first = seen[key]
        if first_value == value:
            message = f"duplicate {what} {value!r}: it is already used on line {first.line}"
        else:
            message = (
                f"the {what} {value!r} cannot be told apart from {first_value!r} on line "
                f"{first.line}: they differ only in case, spaces or Unicode form"
            )
        self.error(
            node, path, message, also=f"first used at {self.file}:{first.line}:{first.column}"
        )

    def measures(
        self, node: YNode | None, theme_ids: set[str], calendar: Calendar
    ) -> list[Measure]:
        measures: list[Measure] = []
        seen: dict[str, tuple[str, YNode]] = {}
        items = self.sequence(node, "measures", "measures")
        if node is not None and isinstance(node, YSequence) and not items:
            self.error(node, "measures", "expected at least one measure, found an empty list")
        for index, item in enumerate(items):
            measure = self.measure(item, f"measures[{index}]", theme_ids, calendar, seen)
            if measure is not None:
                measures.append(measure)
        return measures

    def measure(
        self,
        node: YNode,
        path: str,
        theme_ids: set[str],
        calendar: Calendar,
        seen: dict[str, tuple[str, YNode]],
    ) -> Measure | None:
        mapping = self.mapping(node, path, MEASURE_KEYS, "a measure")
        if mapping is None:
            return None
        before = len(self.problems)
        items = mapping.items
        measure_id = self.identifier(items.get("id"), f"{path}.id")
        if measure_id is not None:
            self._unique(measure_id, items["id"], seen, f"{path}.id", "measure id")
        title = self.text(items.get("title"), f"{path}.title", "a title")
        theme = self.identifier(items.get("theme"), f"{path}.theme")
        if theme is not None and theme not in theme_ids:
            hint = did_you_mean(theme, theme_ids)
            self.error(items.get("theme"), f"{path}.theme", f"no theme has the id {theme!r}{hint}")
        fields: dict[str, Any] = {}
        unit = ""
        unit_known = True
        if "unit" in items and not _is_null(items["unit"]):
            resolved = self.unit(items["unit"], f"{path}.unit")
            unit_known = resolved is not None
            unit = resolved or ""
        fields["unit"] = unit
        polarity = self.word(
            items.get("polarity"), f"{path}.polarity", POLARITY_WORDS, "a polarity"
        )
        if polarity is not None:
            fields["polarity"] = polarity
        context = MeasureContext(unit, polarity or Polarity.NONE, frozenset(self.declared_units))
        if "frequency" in items:
            frequency = self.word(
                items["frequency"], f"{path}.frequency", FREQUENCY_WORDS, "a frequency"
            )
            if frequency is not None:
                fields["frequency"] = frequency
        if "aggregation" in items:
            aggregation = self.word(
                items["aggregation"], f"{path}.aggregation", AGGREGATION_WORDS, "an aggregation"
            )
            if aggregation is not None:
                fields["aggregation"] = aggregation
        if "value" in items:
            calculation = self.calculation(items["value"], f"{path}.value", unit)
            if calculation is not None:
                fields["calculation"] = calculation
        # Values in the measure's unit are read only when the unit itself is known: an
        # unknown unit would make every target and tolerance look wrong as well.
        if unit_known:
            self.unit_values(items, path, context, calendar, fields)
        if "decimals" in items:
            fields["decimals"] = self.integer(
                items["decimals"], f"{path}.decimals", "decimals", 0, 6
            )
        if "data_lag" in items:
            fields["data_lag"] = self.data_lag(
                items["data_lag"], f"{path}.data_lag", fields.get("frequency", Frequency.QUARTER)
            )
        if "judge_on" in items:
            fields["judge_on"] = self.word(
                items["judge_on"],
                f"{path}.judge_on",
                {j.value: j for j in JudgeOn},
                "rounded or unrounded",
            )
        if "status_rules" in items and unit_known:
            fields["status_rules"] = tuple(
                self.status_rules(items["status_rules"], f"{path}.status_rules", context)
            )
        for key in ("owner", "description", "source", "notes"):
            fields[key] = self.optional_text(mapping, key, path)
        if "partners" in items:
            fields["partners"] = self.partners(items["partners"], f"{path}.partners")
        self.check_measure(fields, items, path)
        if len(self.problems) > before or measure_id is None or title is None or theme is None:
            return None
        return Measure(
            id=measure_id,
            title=title,
            theme=theme,
            **{k: v for k, v in fields.items() if v is not None},
        )

    def partners(self, node: YNode, path: str) -> tuple[str, ...]:
        """The partner names, each once: a name given twice is reported where it repeats."""
        names: list[str] = []
        seen: dict[str, tuple[str, YNode]] = {}
        for index, item in enumerate(self.sequence(node, path, "partner names")):
            name = self.text(item, f"{path}[{index}]", "a partner's name")
            if name is not None:
                self._unique(name, item, seen, f"{path}[{index}]", "partner")
                names.append(name)
        return tuple(names)

    def unit_values(
        self,
        items: dict[str, YNode],
        path: str,
        context: MeasureContext,
        calendar: Calendar,
        fields: dict[str, Any],
    ) -> None:
        """The measure's keys whose values are read in its unit: baselines, comparators,
        target, tolerance."""
        frequency = fields.get("frequency", Frequency.QUARTER)
        baselines = self.baselines(
            items.get("baselines"), f"{path}.baselines", context, calendar, frequency
        )
        comparators = self.comparators(items.get("comparators"), f"{path}.comparators", context)
        fields["baselines"] = tuple(baselines)
        fields["comparators"] = tuple(comparators)
        target = self.target(
            items.get("target"),
            f"{path}.target",
            context,
            {b.id: b for b in baselines},
            {c.id for c in comparators} | {c.name for c in comparators if c.name},
            (calendar, frequency),
        )
        if target is not None:
            fields["target"] = target
        if "tolerance" in items and not _is_null(items["tolerance"]):
            tolerance_text = self.text(items["tolerance"], f"{path}.tolerance", "a tolerance")
            if tolerance_text is not None:
                tolerance = self.attempt(
                    items["tolerance"],
                    f"{path}.tolerance",
                    lambda: parse_tolerance(tolerance_text, context),
                )
                fields["tolerance"] = tolerance

    def check_measure(self, fields: dict[str, Any], items: dict[str, YNode], path: str) -> None:
        """Checks across keys: polarity against target kind, calculation against unit."""
        target = fields.get("target")
        polarity = fields.get("polarity")
        kind = None if target is None else kinds.kind_of(target)
        if polarity is Polarity.IN_RANGE and kind is not None and not kind.fits_in_range:
            self.error(
                items.get("target"),
                f"{path}.target",
                "an in-range measure needs a 'between A and B' target (or none)",
            )
        if polarity is Polarity.NONE and kind is not None and kind.directed:
            self.error(
                items.get("polarity"),
                f"{path}.polarity",
                f"a {kind.name} target needs a direction: polarity higher-is-better or lower-is-better",
            )
        calculation = fields.get("calculation")
        unit = fields.get("unit", "")
        if target is not None and polarity is not None:
            self.check_target_sense(target, polarity, unit, calculation, items, path)
        if isinstance(calculation, (Ratio, ReductionOf)) and unit != units.PERCENT:
            self.error(
                items.get("unit") or items.get("value"),
                f"{path}.unit",
                "a ratio or reduction is shown as a percentage: set 'unit: percent'",
            )
        if isinstance(calculation, (CountOf, RatePer)) and unit == units.PERCENT:
            self.error(
                items.get("unit"),
                f"{path}.unit",
                f"a {calculation.kind} is not a percentage: remove 'unit: percent'",
            )
        frequency = fields.get("frequency", Frequency.QUARTER)
        if target is None:
            return
        polarity_node = items.get("polarity")
        where = f" (line {polarity_node.line})" if polarity_node is not None else ""
        for part in kinds.parts_of(target):
            for key, message in kinds.kind_of(part).checks(part, polarity, unit, frequency, where):
                node = items.get(key.split(".")[0]) or items.get("target")
                self.error(node, f"{path}.{key}", message)

    def check_target_sense(
        self,
        target: Target,
        polarity: Polarity,
        unit: str,
        calculation: Calculation | None,
        items: dict[str, YNode],
        path: str,
    ) -> None:
        """A target that no figure (or every figure) of the measure meets is refused at
        the target (a direction the polarity contradicts is the change kind's check)."""
        context = MeasureContext(unit, polarity)
        calculation = calculation or DirectValue()
        why = unreachable(target, unit, calculation)
        if why is not None:
            written = format_target(target, context)
            if why.startswith("its parts"):
                message = f"the target {written!r} can never be met: {why}"
            else:
                span = _span_words(span_of_values(unit, calculation), context)
                message = f"the target {written!r} {why}: the measure's figures are {span}"
            self.error(items.get("target"), f"{path}.target", message)

    def unit(self, node: YNode, path: str) -> str | None:
        text = self.text(node, path, "a unit")
        if text is None:
            return None
        declared = frozenset(self.declared_units)
        unit = self.attempt(node, path, lambda: units.parse_unit(text, declared))
        if unit is None:
            if re.fullmatch(r"[a-z]+", text):
                self.problems[-1] = Problem(
                    f"unknown unit {text!r}: declare it under 'units:' (e.g. '{text.rstrip('s')}: what one means')",
                    self.file,
                    node.line,
                    node.column,
                    path,
                    self.problems[-1].snippet,
                )
            return None
        return unit

    def calculation(self, node: YNode, path: str, unit: str) -> Calculation | None:
        text = self.text(node, path, "how the value is calculated")
        if text is None:
            return None
        lowered = text.lower()
        if lowered == "value":
            return DirectValue()
        if lowered == "count":
            return CountOf()
        if match := _REDUCTION.match(text):
            return ReductionOf(match[1], match[2])
        if match := _RATIO.match(text):
            return Ratio(match[1], match[2])
        if match := _RATE.match(text):
            digits = match[2].replace(",", "")
            per = int(digits) if 0 < len(digits) <= 18 else 0
            if not 0 < per <= MAX_RATE_BASE:
                self.error(
                    node,
                    path,
                    f"a rate is per a positive number up to {MAX_RATE_BASE:,}, found {match[2]!r}",
                )
                return None
            return RatePer(per, match[1], match[3])
        self.error(
            node,
            path,
            f"cannot read {text!r} as a calculation: expected 'value', 'count', "
            "'numerator / denominator', 'offences per 1000 population' or "
            "'reduction(before, during)'",
        )
        return None

    def data_lag(self, node: YNode, path: str, frequency: Frequency) -> int | None:
        text = self.text(node, path, "a data lag")
        if text is None:
            return None
        match = _LAG.match(text)
        if not match:
            self.error(
                node, path, f"expected a data lag such as '1' or '1 quarter', found {text!r}"
            )
            return None
        count, word = int(match[1]), match[2]
        months = {"month": 1, "quarter": 3, "year": 12}[word] * count if word else None
        if months is not None and months % frequency.months:
            self.error(
                node, path, f"a lag of {text!r} is not a whole number of {frequency.value} periods"
            )
            return None
        periods = count if months is None else months // frequency.months
        if periods > MAX_LAG_YEARS * frequency.periods_per_year:
            self.error(
                node,
                path,
                f"a data lag is at most {MAX_LAG_YEARS} years "
                f"({MAX_LAG_YEARS * frequency.periods_per_year} {frequency.value} periods), "
                f"found {text!r}",
            )
            return None
        return periods

    def baselines(
        self,
        node: YNode | None,
        path: str,
        context: MeasureContext,
        calendar: Calendar,
        frequency: Frequency,
    ) -> list[Baseline]:
        """The measure's baselines; a period is read with the measure's frequency, so that
        a date (30/09/2016) names the period that holds it."""
        result: list[Baseline] = []
        seen: dict[str, tuple[str, YNode]] = {}
        for index, item in enumerate(self.sequence(node, path, "baselines")):
            item_path = f"{path}[{index}]"
            mapping = self.mapping(item, item_path, BASELINE_KEYS, "a baseline")
            if mapping is None:
                continue
            baseline_id = self.identifier(mapping.items.get("id"), f"{item_path}.id")
            if baseline_id is not None:
                self._unique(
                    baseline_id, mapping.items["id"], seen, f"{item_path}.id", "baseline id"
                )
            value = None
            if "value" in mapping.items:
                value = self.level(mapping.items["value"], f"{item_path}.value", context)
            period = self.optional_text(mapping, "period", item_path)
            if period is not None:
                parsed = self.attempt(
                    mapping.items["period"],
                    f"{item_path}.period",
                    partial(parse_period, period, calendar, frequency),
                )
                if parsed is not None:
                    self.baseline_period(parsed, mapping.items["period"], f"{item_path}.period")
            if value is None and period is None and "value" not in mapping.items:
                self.error(
                    mapping,
                    item_path,
                    "a baseline needs a 'value' or the 'period' whose actual it is",
                )
            if baseline_id is not None:
                result.append(
                    Baseline(
                        baseline_id,
                        self.optional_text(mapping, "label", item_path),
                        value,
                        period,
                        self.optional_text(mapping, "note", item_path),
                    )
                )
        return result

    def baseline_period(self, period: Period, node: YNode, path: str) -> None:
        """A baseline's period must be one whose figure the actuals can hold, other than the
        year judged: not after it, not the year itself, not more than HISTORY_YEARS before.
        (A quarter or month within the year may be a baseline for the periods after it.)"""
        year = self.year
        if year is None:
            return
        if period.end > year.end:
            self.error(
                node,
                path,
                f"the baseline period {period.label} is after the catalogue's year {year.label}: "
                "a baseline is an earlier figure",
            )
        elif (period.start, period.end) == (year.start, year.end):
            self.error(
                node,
                path,
                f"the baseline period {period.label} is the catalogue's year, the year being "
                "judged: its figure would be compared with itself (name an earlier period, "
                "or give the 'value')",
            )
        elif period.start < earliest_period_start(year):
            self.error(
                node,
                path,
                f"the baseline period {period.label} is more than {HISTORY_YEARS} years before "
                f"the catalogue's year {year.label}: actuals cannot hold its figure "
                "(give the 'value' instead)",
            )

    def level(self, node: YNode, path: str, context: MeasureContext) -> float | None:
        text = self.text(node, path, "a number")
        if text is None:
            return None
        return self.attempt(node, path, lambda: parse_value(text, context, what="value"))

    def comparators(
        self, node: YNode | None, path: str, context: MeasureContext
    ) -> list[Comparator]:
        result: list[Comparator] = []
        seen: dict[str, tuple[str, YNode]] = {}
        names: list[tuple[str, YNode, str, str | None]] = []
        for index, item in enumerate(self.sequence(node, path, "comparators")):
            item_path = f"{path}[{index}]"
            mapping = self.mapping(item, item_path, COMPARATOR_KEYS, "a comparator")
            if mapping is None:
                continue
            comparator_id = self.identifier(mapping.items.get("id"), f"{item_path}.id")
            if comparator_id is not None:
                self._unique(
                    comparator_id, mapping.items["id"], seen, f"{item_path}.id", "comparator id"
                )
            value = (
                self.level(mapping.items["value"], f"{item_path}.value", context)
                if "value" in mapping.items
                else None
            )
            bounds = {
                key: self.level(mapping.items[key], f"{item_path}.{key}", context)
                for key in ("lower", "upper")
                if key in mapping.items
            }
            lower, upper = bounds.get("lower"), bounds.get("upper")
            if value is not None and (
                (lower is not None and lower > value) or (upper is not None and upper < value)
            ):
                self.error(
                    mapping,
                    item_path,
                    "the comparator's interval must contain its value (lower <= value <= upper)",
                )
            name = self.optional_text(mapping, "name", item_path)
            if name is not None:
                names.append((name, mapping.items["name"], f"{item_path}.name", comparator_id))
            if comparator_id is not None and value is not None:
                result.append(
                    Comparator(
                        comparator_id,
                        value,
                        name,
                        lower,
                        upper,
                        self.optional_text(mapping, "period", item_path),
                        self.optional_text(mapping, "source", item_path),
                    )
                )
        self.comparator_names(names, seen)
        return result

    def comparator_names(
        self, names: list[tuple[str, YNode, str, str | None]], ids: dict[str, tuple[str, YNode]]
    ) -> None:
        """A target names a comparator by id or by name: no name may be another's, nor
        another comparator's id, so that 'better than k2' means one comparator."""
        seen: dict[str, tuple[str, YNode]] = {}
        for name, node, path, own_id in names:
            key = reader_key(name)
            other = ids.get(key)
            if other is not None and other[0] != own_id:
                self.error(
                    node,
                    path,
                    f"the comparator name {name!r} is the id of another comparator (line "
                    f"{other[1].line}): a target naming it could mean either",
                    also=f"that comparator at {self.file}:{other[1].line}:{other[1].column}",
                )
                continue
            self._unique(name, node, seen, path, "comparator name")

    def target(
        self,
        node: YNode | None,
        path: str,
        context: MeasureContext,
        baselines: Mapping[str, Baseline],
        comparators: set[str],
        periods: tuple[Calendar, Frequency] = (Calendar.UK_FINANCIAL_YEAR, Frequency.QUARTER),
    ) -> Target | None:
        """A measure's target, its references to baselines and comparators checked
        (``periods``: the calendar and the measure's frequency its baselines are read with)."""
        reader = _TargetReader(self, context, baselines, comparators, periods)
        return reader.target(node, path)

    def status_rules(self, node: YNode, path: str, context: MeasureContext) -> list[StatusRule]:
        rules: list[StatusRule] = []
        items = self.sequence(node, path, "status rules")
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            if isinstance(item, YMapping) and "otherwise" in item.items:
                if (
                    self.mapping(item, item_path, {"otherwise": True}, "an 'otherwise' rule")
                    is None
                ):
                    continue
                status = self.word(
                    item.items["otherwise"], f"{item_path}.otherwise", RULE_STATUSES, "a status"
                )
                if index != len(items) - 1:
                    self.error(item, item_path, "'otherwise' must be the last rule")
                if status is not None:
                    rules.append(StatusRule(status, ()))
                continue
            mapping = self.mapping(item, item_path, {"when": True, "status": True}, "a status rule")
            if mapping is None:
                continue
            status = self.word(
                mapping.items.get("status"), f"{item_path}.status", RULE_STATUSES, "a status"
            )
            when = mapping.items.get("when")
            condition_nodes = (
                when.items if isinstance(when, YSequence) else [when] if when is not None else []
            )
            if isinstance(when, YSequence) and not when.items:
                self.error(
                    when,
                    f"{item_path}.when",
                    "a rule with no conditions ('when: []') would apply always: give at least "
                    "one condition, or write the rule last as 'otherwise: STATUS'",
                )
            conditions: list[Condition] = []
            for c_index, c_node in enumerate(condition_nodes):
                c_path = f"{item_path}.when" + (
                    f"[{c_index}]" if isinstance(when, YSequence) else ""
                )
                text = self.text(c_node, c_path, "a condition such as 'value >= 75%'")
                if text is None:
                    continue
                condition = self.attempt(c_node, c_path, partial(parse_condition, text, context))
                if condition is not None:
                    conditions.append(condition)
            if status is not None and conditions:
                rules.append(StatusRule(status, tuple(conditions)))
        return rules


class _TargetReader:
    """The catalogue reader as a target kind's mapping form sees it (a
    :class:`cspmeasures.kinds.MappingReader`): parts of an all_of are read with the same
    measure context, and every target's references to baselines and comparators are
    checked where it is written."""

    def __init__(
        self,
        reader: _Reader,
        context: MeasureContext,
        baselines: Mapping[str, Baseline],
        comparators: set[str],
        periods: tuple[Calendar, Frequency],
    ) -> None:
        self.reader = reader
        self.context = context
        self.baselines = baselines
        self.comparators = comparators
        self.calendar, self.frequency = periods

    def error(self, node: YNode | None, path: str, message: str) -> None:
        self.reader.error(node, path, message)

    def text(self, node: YNode | None, path: str, what: str = "text") -> str | None:
        return self.reader.text(node, path, what)

    def optional_text(self, mapping: YMapping, key: str, path: str) -> str | None:
        return self.reader.optional_text(mapping, key, path)

    def level(self, node: YNode, path: str, context: MeasureContext) -> float | None:
        return self.reader.level(node, path, context)

    def sequence(self, node: YNode | None, path: str, what: str) -> list[YNode]:
        return self.reader.sequence(node, path, what)

    def word(self, node: YNode | None, path: str, words: dict[str, T], what: str) -> T | None:
        return self.reader.word(node, path, words, what)

    def attempt(self, node: YNode | None, path: str, action: Callable[[], T]) -> T | None:
        return self.reader.attempt(node, path, action)

    def target(self, node: YNode | None, path: str) -> Target | None:
        """A target in either form: an expression, or a mapping with one kind's key."""
        if isinstance(node, YSequence):
            self.error(
                node,
                path,
                "expected a target expression or mapping, found a list (use 'all_of:' for several parts)",
            )
            return None
        if isinstance(node, YMapping):
            target = self.target_mapping(node, path)
        else:
            text = self.text(node, path, "a target (write 'none' to monitor only)")
            if text is None:
                return None
            target = self.attempt(node, path, lambda: kinds.parse_target(text, self.context))
        if target is not None:
            self.check_references(target, node, path)
        return target

    def target_mapping(self, node: YMapping, path: str) -> Target | None:
        forms = [key for key in node.items if key in kinds.FORMS]
        if len(forms) != 1:
            found = ", ".join(node.items) or "no keys"
            self.error(
                node,
                path,
                f"a target mapping has exactly one of {', '.join(kinds.FORMS)}; found {found}",
            )
            return None
        form = forms[0]
        kind = kinds.FORMS[form]
        if self.reader.mapping(node, path, dict(kind.forms[form]), f"a '{form}' target") is None:
            return None
        target: Target | None = kind.from_mapping(self, node, form, path, self.context)
        return target

    def check_references(self, target: Target, node: YNode | None, path: str) -> None:
        kind = kinds.kind_of(target)
        baseline = kind.baseline(target)
        if baseline is not None and baseline not in self.baselines and not is_basis(baseline):
            hint = did_you_mean(baseline, self.baselines)
            self.error(
                node,
                path,
                f"the target refers to the baseline {baseline!r}, which the measure does not declare under 'baselines:'{hint}",
            )
        declared = self.baselines.get(baseline) if baseline is not None else None
        for message in kind.baseline_problems(target, declared, self.calendar, self.frequency):
            self.error(node, path, message)
        comparator = kind.comparator(target)
        if comparator is not None and comparator not in self.comparators:
            hint = did_you_mean(comparator, self.comparators)
            self.error(
                node,
                path,
                f"the target refers to the comparator {comparator!r}, which the measure does not declare under 'comparators:'{hint}",
            )


def _stays_under(relative: str) -> bool:
    """True when a path a catalogue names is relative and never climbs above its folder
    (on POSIX or Windows spelling: '..', '/', '\\', 'C:')."""
    windows = PureWindowsPath(relative)
    if PurePosixPath(relative).is_absolute() or windows.drive or windows.root:
        return False
    depth = 0
    for part in windows.parts:  # splits on both '/' and '\\'
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            return False
    return True


def actuals_beside(catalogue: Catalogue, catalogue_file: str | os.PathLike[str]) -> Path | None:
    """The actuals file a catalogue names, under the catalogue's folder (the current folder
    for a catalogue read from standard input); None when it names none.

    Raises CatalogueError when the file, once links are followed, lies outside that folder.
    """
    if catalogue.actuals is None:
        return None
    name = str(catalogue_file)
    folder = Path(".") if name in ("-", "<stdin>") else Path(name).parent
    path = folder / catalogue.actuals
    if not path.resolve().is_relative_to(folder.resolve()):
        raise CatalogueError.single(
            f"the actuals file {catalogue.actuals!r} the catalogue names leads outside the "
            "catalogue's folder through a link: name it on the command line, with --actuals FILE",
            name,
        )
    return path


def earliest_period_start(year: Period) -> dt.date:
    """The first day an actual may fall on: HISTORY_YEARS before the catalogue's year."""
    return dt.date(max(year.start.year - HISTORY_YEARS, 1), year.start.month, 1)


def reader_key(text: str) -> str:
    """What a reader sees of an id or a name: NFKC-normalised, case-folded, with runs of
    white space as one space. Two ids with the same key cannot be told apart."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _span_words(span: Span, context: MeasureContext) -> str:
    """'from 0% to 100%', 'never below 0', 'at most 100%' or 'any number'."""
    if span.low is not None and span.high is not None:
        low, high = format_quantity(span.low, context), format_quantity(span.high, context)
        return f"from {low} to {high}"
    if span.low is not None:
        return f"never below {format_quantity(span.low, context)}"
    if span.high is not None:
        return f"at most {format_quantity(span.high, context)}"
    return "any number"


def _is_null(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.is_null


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _unknown_key(key: str, keys: dict[str, bool], what: str) -> str:
    hint = did_you_mean(key, keys)
    allowed = ", ".join(keys)
    return f"unknown key {key!r} in {what}{hint}; expected one of: {allowed}"


# --- public API ----------------------------------------------------------------------


def loads_catalogue(text: str, name: str = "<string>") -> Catalogue:
    """Read a catalogue from YAML text; ``name`` is the file name used in messages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    root = parse_yaml(text, name)
    reader = _Reader(name, text)
    if root is None:
        raise CatalogueError.single(
            "the catalogue is empty: expected a mapping with 'catalogue', 'themes' and 'measures'",
            name,
            1,
        )
    catalogue = reader.catalogue(root)
    if reader.problems or catalogue is None:
        raise CatalogueError(
            reader.problems or [Problem("the catalogue could not be read", name, 1)]
        )
    return catalogue


def read_text(path: str | os.PathLike[str], max_bytes: int, what: str) -> tuple[str, str]:
    """Read a file as UTF-8 text under a size limit; ``-`` reads standard input."""
    data, name = read_bytes(path, max_bytes, what)
    return decode(data, name), name


def read_bytes(path: str | os.PathLike[str], max_bytes: int, what: str) -> tuple[bytes, str]:
    """Read a file's bytes under a size limit; ``-`` reads standard input."""
    name = str(path)
    try:
        if name == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            name = "<stdin>"
        else:
            with _open_regular(path, what) as handle:
                data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise CatalogueError.single(f"no such {what} file", name) from None
    except IsADirectoryError:
        article = "an" if what[:1] in "aeiou" else "a"
        raise CatalogueError.single(
            f"expected {article} {what} file, found a directory", name
        ) from None
    except OSError as exc:
        raise CatalogueError.single(f"cannot read the {what} file: {exc.strerror}", name) from None
    if len(data) > max_bytes:
        mib, rest = divmod(max_bytes, 1024 * 1024)
        limit = f"{mib} MiB" if mib and not rest else f"{max_bytes:,} bytes"
        raise CatalogueError.single(f"the {what} file is larger than the limit of {limit}", name)
    return data, name


_NOT_REGULAR = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _open_regular(path: str | os.PathLike[str], what: str) -> BinaryIO:
    """The file opened for reading when it is a regular file, else a CatalogueError. It is
    opened without blocking, so that a named pipe with no writer cannot hang the reader."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    kind = stat.S_IFMT(os.fstat(descriptor).st_mode)
    if kind == stat.S_IFDIR:
        os.close(descriptor)
        raise IsADirectoryError(path)
    if kind != stat.S_IFREG:
        os.close(descriptor)
        found = _NOT_REGULAR.get(kind, "not a regular file")
        raise CatalogueError.single(f"expected a regular {what} file, found {found}", str(path))
    return os.fdopen(descriptor, "rb")


def load_catalogue(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_CATALOGUE_BYTES
) -> Catalogue:
    """Read a catalogue file (``-`` for standard input)."""
    text, name = read_text(path, max_bytes, "catalogue")
    return loads_catalogue(text, name)


# --- dumping -------------------------------------------------------------------------


def _condition_text(condition: Condition, context: MeasureContext) -> str:
    operand = condition.operand
    if isinstance(operand, dt.date):
        written = operand.isoformat()
    elif condition.subject == "percent-of-target":
        written = percent_number(operand) + "%"
    else:
        written = format_quantity(operand, context)
    return f"{condition.subject} {condition.op} {written}"


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, (), [], {})}


def measure_to_data(measure: Measure) -> dict[str, Any]:
    """One measure as plain YAML-ready data."""
    context = MeasureContext(measure.unit, measure.polarity)
    calc = measure.calculation
    value: str | None
    if isinstance(calc, Ratio):
        value = f"{calc.numerator} / {calc.denominator}"
    elif isinstance(calc, RatePer):
        value = f"{calc.count} per {calc.per} {calc.population}"
    elif isinstance(calc, ReductionOf):
        value = f"reduction({calc.before}, {calc.during})"
    elif isinstance(calc, CountOf):
        value = "count"
    else:
        value = None
    data: dict[str, Any] = {
        "id": measure.id,
        "title": measure.title,
        "theme": measure.theme,
        "unit": measure.unit or None,
        "polarity": measure.polarity.value,
        "frequency": measure.frequency.value,
        "aggregation": measure.aggregation.value,
        "value": value,
        "target": kinds.target_to_data(measure.target, context),
        "tolerance": format_tolerance(measure.tolerance, context) if measure.tolerance else None,
        "baselines": [
            _drop_empty(
                {
                    "id": b.id,
                    "label": b.label,
                    "value": format_quantity(b.value, context) if b.value is not None else None,
                    "period": b.period,
                    "note": b.note,
                }
            )
            for b in measure.baselines
        ],
        "comparators": [
            _drop_empty(
                {
                    "id": c.id,
                    "name": c.name,
                    "value": format_quantity(c.value, context),
                    "lower": format_quantity(c.lower, context) if c.lower is not None else None,
                    "upper": format_quantity(c.upper, context) if c.upper is not None else None,
                    "period": c.period,
                    "source": c.source,
                }
            )
            for c in measure.comparators
        ],
        "decimals": str(measure.decimals) if measure.decimals is not None else None,
        "data_lag": str(measure.data_lag) if measure.data_lag else None,
        "judge_on": measure.judge_on.value if measure.judge_on else None,
        "status_rules": [
            {"when": [_condition_text(c, context) for c in rule.when], "status": rule.status.value}
            if rule.when
            else {"otherwise": rule.status.value}
            for rule in measure.status_rules
        ],
        "owner": measure.owner,
        "partners": list(measure.partners),
        "description": measure.description,
        "source": measure.source,
        "notes": measure.notes,
    }
    return _drop_empty(data)


def catalogue_to_data(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as plain data (strings, lists, mappings) ready for YAML or JSON."""
    header = _drop_empty(
        {
            "id": catalogue.id,
            "title": catalogue.title,
            "organisation": catalogue.organisation,
            "calendar": catalogue.calendar.value,
            "year": catalogue.year.label,
            "actuals": catalogue.actuals,
            "actuals_encoding": catalogue.actuals_encoding,
            "judge_on": catalogue.judge_on.value,
            "description": catalogue.description,
        }
    )
    return _drop_empty(
        {
            "catalogue": header,
            "units": {u.name: u.description for u in catalogue.units},
            "themes": [
                _drop_empty(
                    {
                        "id": t.id,
                        "title": t.title,
                        "priority": t.priority,
                        "description": t.description,
                    }
                )
                for t in catalogue.themes
            ],
            "measures": [measure_to_data(m) for m in catalogue.measures],
        }
    )


class _Dumper(yaml.SafeDumper):
    """Writes every string quoted when YAML would otherwise read it as something else."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_catalogue(catalogue: Catalogue) -> str:
    """The catalogue as YAML text that :func:`loads_catalogue` reads back equal."""
    data = catalogue_to_data(catalogue)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
