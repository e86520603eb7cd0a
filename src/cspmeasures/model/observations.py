"""What the actuals say: one Observation per measure and period, and the Actuals holding
them all.

Pure data, checked on construction: no I/O, no parsing. Reading them from CSV, YAML,
workbooks, records, SQL or a DataFrame lives in the reading modules, which all build these.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import NoReturn

import attrs

from cspmeasures.errors import ActualsError, Problem
from cspmeasures.periods import Period
from cspmeasures.vocabulary import Flag, MilestoneState, Status

__all__ = ["JUDGEMENTS", "MAX_FIGURE", "Actuals", "Flag", "MilestoneState", "Observation"]

#: the largest figure a row may hold, either sign (10^15)
MAX_FIGURE = 1e15

JUDGEMENTS = {
    s.value: s
    for s in (Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.MISSED)
}


@attrs.frozen
class Observation:
    """One measure's figures for one period, in the measure's canonical unit.

    ``value`` is a fraction of one for percent measures. ``where`` (``file:line``) is
    kept for messages and does not take part in equality.

    Built directly, an observation is checked as the loader checks a row, as far as it
    can be without its measure: every figure a finite number of at most 10^15, the
    numerator and denominator not negative and given together; otherwise
    :class:`~cspmeasures.errors.ActualsError`. That a proportion's numerator is at most
    its denominator is checked where the observation meets its measure, in evaluation.
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

    def __attrs_post_init__(self) -> None:
        for name in ("value", "numerator", "denominator"):
            figure = getattr(self, name)
            if figure is None:
                continue
            if isinstance(figure, bool) or not isinstance(figure, (int, float)):
                self._refuse(f"the {name} must be a number, not {type(figure).__name__}")
            if not -MAX_FIGURE <= figure <= MAX_FIGURE:  # NaN fails the comparison too
                self._refuse(f"the {name} must be a finite number of at most 10^15, not {figure!r}")
            if name != "value" and figure < 0:
                self._refuse(f"the {name} cannot be negative, found {figure!r}")
        if (self.numerator is None) != (self.denominator is None):
            self._refuse("give both the numerator and the denominator")

    def _refuse(self, message: str) -> NoReturn:
        label = self.period.label if isinstance(self.period, Period) else repr(self.period)
        raise ActualsError(
            [Problem(f"{self.measure} in {label}: {message}", self.where or "<Observation>")]
        )

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
    #: the measures whose rows were found to be proportions (numerator <= denominator), so
    #: that evaluating them again at other dates does not check again
    _proportions_checked: set[str] = attrs.field(init=False, factory=set, eq=False, repr=False)

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
