"""Results: one Evaluation per measure as at a date, and the Report holding them.

An :class:`Evaluation` keeps its core (period, value, expected, status, trend, flags) and
writes its words (display value, target, reason, comparison, warnings, interval, steps)
when first read. Its fields are listed once, in :mod:`cspmeasures.fields`; JSON, CSV,
DataFrames and the report schema all read that table.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Sequence
from typing import Any

import attrs

from cspmeasures.calc.trend import Trend
from cspmeasures.engine.facts import Facts
from cspmeasures.envelope import envelope
from cspmeasures.fields import ALL_FIELDS, FIELDS
from cspmeasures.kinds import kind_of
from cspmeasures.model import Catalogue, Measure, RatePer
from cspmeasures.vocabulary import RAG, Status

__all__ = ["ALL_FIELDS", "FIELDS", "Evaluation", "Report"]


def _checked_fields(fields: Sequence[str], known: Sequence[str] = ALL_FIELDS) -> tuple[str, ...]:
    """The names asked for, or a ValueError naming the unknown ones and the known."""
    names = (fields,) if isinstance(fields, str) else tuple(fields)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(
            f"unknown field(s) {', '.join(map(repr, unknown))}; the fields are {', '.join(known)}"
        )
    return names


def _plain(evaluation: Evaluation, name: str) -> Any:
    """One field of an evaluation as to_dict() gives it: enums as their values, lists."""
    value = getattr(evaluation, name)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


@attrs.frozen
class _Words:
    """An evaluation's words and working, written when first read."""

    display_value: str
    target: str
    reason: str
    comparison: str | None
    warnings: tuple[str, ...]
    lower: float | None
    upper: float | None
    trend_last_year: Trend
    display_expected: str | None
    steps: tuple[str, ...]
    numbers: _Numbers
    status_rule: int | None = None


@attrs.frozen
class _Numbers:
    """An evaluation's numbers besides its value: the target as data, the value's inputs,
    the figure before, the row's note (see :data:`cspmeasures.fields.RESULT_FIELDS`)."""

    target_level: float | None = None
    target_low: float | None = None
    target_high: float | None = None
    tolerance_low: float | None = None
    tolerance_high: float | None = None
    baseline: str | None = None
    baseline_value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    previous_period: str | None = None
    previous_value: float | None = None
    note: str | None = None


class Evaluation:
    """One measure's result as at a date. ``value`` is unrounded, in the canonical unit
    (a fraction of one for percentages); ``display_value`` is rounded half up.

    The core (period, value, expected, status, trend, flags) comes from the measure's
    :attr:`facts` (:class:`~cspmeasures.engine.facts.Facts`); the words (display value,
    target, reason, comparison, warnings, interval, trend against last year, working
    steps) are written from the measure and those facts when first read
    (:func:`cspmeasures.engine.words.write_words`), so that bulk work which reads only the
    core does not pay for them. Two evaluations are equal when their cores are.
    Evaluations are immutable.
    """

    __slots__ = ("_facts", "_measure", "_words")
    _measure: Measure
    _facts: Facts
    _words: _Words | None

    def __init__(self, measure: Measure, facts: Facts) -> None:
        object.__setattr__(self, "_measure", measure)
        object.__setattr__(self, "_facts", facts)
        object.__setattr__(self, "_words", None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an Evaluation is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"an Evaluation is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Evaluation], tuple[Measure, Facts]]:
        """A pickle holds the measure and the facts; the words are written again from them."""
        return Evaluation, (self._measure, self._facts)

    def _core(self) -> tuple[object, ...]:
        return (self.id, self.period, self.value, self.expected, self.status, self.trend, self.flags)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Evaluation:
            return NotImplemented
        assert isinstance(other, Evaluation)
        return self._core() == other._core()

    def __hash__(self) -> int:
        return hash(self._core())

    def __repr__(self) -> str:
        return (
            f"Evaluation(id={self.id!r}, period={self.period!r}, value={self.value!r}, "
            f"expected={self.expected!r}, status={self.status!r}, trend={self.trend!r}, "
            f"flags={self.flags!r})"
        )

    def _written(self) -> _Words:
        words = self._words
        if words is None:
            from cspmeasures.engine.words import write_words

            words = write_words(self._measure, self._facts)
            object.__setattr__(self, "_words", words)
        return words

    @property
    def facts(self) -> Facts:
        """Every number and choice the result is made of (its words are written from them)."""
        return self._facts

    @property
    def id(self) -> str:
        """The measure's id."""
        return self._measure.id

    @property
    def period(self) -> str | None:
        """The label of the period whose figure is used (or the latest record's), or None."""
        period = self._facts.period
        return None if period is None else period.label

    @property
    def value(self) -> float | None:
        """The value, unrounded, in the canonical unit (a fraction of one for percentages)."""
        return self._facts.value

    @property
    def expected(self) -> float | None:
        """The amount expected by now (amount targets), or None."""
        return self._facts.expected

    @property
    def status(self) -> Status:
        """The status, from the fixed vocabulary."""
        return self._facts.status

    @property
    def trend(self) -> Trend:
        """The direction of travel against the period before."""
        return self._facts.trend

    @property
    def flags(self) -> tuple[str, ...]:
        """The flags of the figure's rows (suppressed, provisional, ...)."""
        return self._facts.flags

    @property
    def title(self) -> str:
        return self._measure.title

    @property
    def theme(self) -> str:
        return self._measure.theme

    @property
    def unit(self) -> str:
        return self._measure.unit

    @property
    def rag(self) -> RAG:
        return self.status.rag

    @property
    def display_value(self) -> str:
        """The value as a report prints it, rounded half up ("44.4%"); "-" for none."""
        return self._written().display_value

    @property
    def target(self) -> str:
        """The target in words, as the catalogue would write it."""
        return self._written().target

    @property
    def reason(self) -> str:
        """Why the status is what it is, in a sentence."""
        return self._written().reason

    @property
    def comparison(self) -> str | None:
        """The value against the measure's comparators, or None."""
        return self._written().comparison

    @property
    def warnings(self) -> tuple[str, ...]:
        """Audit warnings (a printed figure that does not match its components...)."""
        return self._written().warnings

    @property
    def lower(self) -> float | None:
        """The lower limit of the value's 95% confidence interval, where one applies."""
        return self._written().lower

    @property
    def upper(self) -> float | None:
        """The upper limit of the value's 95% confidence interval, where one applies."""
        return self._written().upper

    @property
    def status_rule(self) -> int | None:
        """The number (from 1) of the measure's own status rule that set the status, or None
        when the target did."""
        return self._written().status_rule

    @property
    def trend_last_year(self) -> Trend:
        """The direction of travel against the same period a year before."""
        return self._written().trend_last_year

    @property
    def display_expected(self) -> str | None:
        """The amount expected by now with its unit ("420 assessments"), or None."""
        return self._written().display_expected

    @property
    def steps(self) -> tuple[str, ...]:
        """The working, step by step, as ``cspmeasures explain`` shows it."""
        return self._written().steps

    @property
    def polarity(self) -> str:
        """Which direction is better (the measure's polarity)."""
        return self._measure.polarity.value

    @property
    def target_kind(self) -> str:
        """The kind of the measure's target: threshold, range, amount, change, ..."""
        return self._measure.target.kind

    @property
    def target_operator(self) -> str | None:
        """How the value is held to the target: >=, between, at-least, reduce, ..."""
        return _operator(self._measure)

    @property
    def target_level(self) -> float | None:
        """The level the value is judged against, in the canonical unit."""
        return self._written().numbers.target_level

    @property
    def target_low(self) -> float | None:
        """A range target's lower bound."""
        return self._written().numbers.target_low

    @property
    def target_high(self) -> float | None:
        """A range target's upper bound."""
        return self._written().numbers.target_high

    @property
    def tolerance_low(self) -> float | None:
        """The lowest value within tolerance, where a shortfall is a lower value."""
        return self._written().numbers.tolerance_low

    @property
    def tolerance_high(self) -> float | None:
        """The highest value within tolerance, where a shortfall is a higher value."""
        return self._written().numbers.tolerance_high

    @property
    def baseline(self) -> str | None:
        """The id of the baseline a change or benchmark target is measured from."""
        return self._written().numbers.baseline

    @property
    def baseline_value(self) -> float | None:
        """That baseline's value, as used."""
        return self._written().numbers.baseline_value

    @property
    def numerator(self) -> float | None:
        """The numerator the value was calculated from, if it was."""
        return self._written().numbers.numerator

    @property
    def denominator(self) -> float | None:
        """The denominator the value was calculated from, if it was."""
        return self._written().numbers.denominator

    @property
    def population(self) -> float | None:
        """A rate's population (its denominator); None for any other measure."""
        if isinstance(self._measure.calculation, RatePer):
            return self.denominator
        return None

    @property
    def previous_period(self) -> str | None:
        """The label of the period before the one used."""
        return self._written().numbers.previous_period

    @property
    def previous_value(self) -> float | None:
        """That period's own figure, as the trend compares it."""
        return self._written().numbers.previous_value

    @property
    def owner(self) -> str | None:
        """The measure's owner."""
        return self._measure.owner

    @property
    def note(self) -> str | None:
        """The note on the actuals row of the period used."""
        return self._written().numbers.note

    def to_dict(self, fields: Sequence[str] | None = None) -> dict[str, Any]:
        """Every field of :data:`ALL_FIELDS` (the stable FIELDS first), as plain values;
        or only ``fields``, in that order, which writes the words only if one of them is
        asked for."""
        names = ALL_FIELDS if fields is None else _checked_fields(fields)
        return {name: _plain(self, name) for name in names}


@attrs.frozen
class Report:
    """Every measure's Evaluation as at one date."""

    catalogue_id: str
    title: str
    as_of: dt.date
    evaluations: tuple[Evaluation, ...]
    #: the catalogue evaluated, for the content hash of the JSON envelope
    catalogue: Catalogue | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)
    _index: dict[str, Evaluation] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    def to_dicts(self, fields: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """One plain dict per measure, with the stable field names (or only ``fields``:
        see :meth:`Evaluation.to_dict`)."""
        if fields is not None:
            names = _checked_fields(fields)
            return [{name: _plain(e, name) for name in names} for e in self.evaluations]
        return [e.to_dict() for e in self.evaluations]

    def to_document(self, *, generated_at: dt.datetime | None = None) -> dict[str, Any]:
        """The report as the JSON output holds it: the envelope
        (:func:`cspmeasures.envelope.envelope`, kind ``report``) and ``results``."""
        head = envelope(
            "report",
            as_of=self.as_of,
            catalogue=self.catalogue,
            catalogue_id=self.catalogue_id,
            title=self.title,
            generated_at=generated_at,
        )
        return {**head, "results": self.to_dicts()}

    def to_json(self, indent: int | None = 2, *, generated_at: dt.datetime | None = None) -> str:
        """The report as JSON: :meth:`to_document`, validated by ``cspmeasures schema
        --report``; ``generated_at`` defaults to now (see envelope.generated_now)."""
        return json.dumps(
            self.to_document(generated_at=generated_at), indent=indent, ensure_ascii=False
        )

    def by_status(self) -> dict[Status, int]:
        """How many measures have each status."""
        counts: dict[Status, int] = {}
        for evaluation in self.evaluations:
            counts[evaluation.status] = counts.get(evaluation.status, 0) + 1
        return counts

    def get(self, measure_id: str) -> Evaluation:
        """The evaluation of one measure (KeyError when absent)."""
        index = self._index
        if index is None:  # built on the first look-up, so that many look-ups stay fast
            index = {e.id: e for e in self.evaluations}
            object.__setattr__(self, "_index", index)
        return index[measure_id]


def _operator(measure: Measure) -> str | None:
    """How the value is held to the target, as a word (see RESULT_FIELDS' target_operator)."""
    target = measure.target
    operator: str | None = kind_of(target).operator(target, measure.polarity)
    return operator
