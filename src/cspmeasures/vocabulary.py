"""The fixed words of cspmeasures: polarity, status, RAG colour, data-quality flags and
milestone states.

These are a public contract: other systems key on the string values, so they never
change meaning. Pure: no I/O, no other cspmeasures imports.
"""

from __future__ import annotations

import enum

__all__ = ["RAG", "Flag", "MilestoneState", "Polarity", "Status"]


class Polarity(str, enum.Enum):
    """Which direction of a measure's value is good."""

    HIGHER_IS_BETTER = "higher-is-better"
    LOWER_IS_BETTER = "lower-is-better"
    IN_RANGE = "in-range"  # best inside a band, worse outside it either way
    NONE = "none"  # no direction is better: a context figure

    @property
    def sign(self) -> int:
        """+1 when higher is better, -1 when lower is better, 0 otherwise."""
        if self is Polarity.HIGHER_IS_BETTER:
            return 1
        if self is Polarity.LOWER_IS_BETTER:
            return -1
        return 0


class RAG(str, enum.Enum):
    """Red / amber / green, and grey for 'no judgement'."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class Status(str, enum.Enum):
    """The status of a measure against its target, with its RAG colour."""

    MET = "met"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    MISSED = "missed"
    NOT_YET_DUE = "not-yet-due"
    NO_DATA = "no-data"
    NOT_APPLICABLE = "not-applicable"
    MONITOR = "monitor"
    CANNOT_EVALUATE = "cannot-evaluate"

    @property
    def rag(self) -> RAG:
        """The RAG colour of this status (see the methods page for the table)."""
        return _RAG[self]

    @property
    def meaning(self) -> str:
        """One line on when this status applies."""
        return _MEANING[self]


_RAG = {
    Status.MET: RAG.GREEN,
    Status.ON_TRACK: RAG.GREEN,
    Status.AT_RISK: RAG.AMBER,
    Status.OFF_TRACK: RAG.RED,
    Status.MISSED: RAG.RED,
    Status.NOT_YET_DUE: RAG.GREY,
    Status.NO_DATA: RAG.GREY,
    Status.NOT_APPLICABLE: RAG.GREY,
    Status.MONITOR: RAG.GREY,
    Status.CANNOT_EVALUATE: RAG.GREY,
}

_MEANING = {
    Status.MET: "the value meets the target; the year's amount is reached; the milestone is complete",
    Status.ON_TRACK: "in year, at or ahead of the profile; a milestone progressing and not yet due",
    Status.AT_RISK: "short of the target or profile, within tolerance",
    Status.OFF_TRACK: "short beyond tolerance while the period is open; a milestone overdue",
    Status.MISSED: "the period is over and the target was not met",
    Status.NOT_YET_DUE: "nothing is expected yet (a due-at-end target before its period ends)",
    Status.NO_DATA: "no value for a period that should have one",
    Status.NOT_APPLICABLE: "nothing to measure (a zero denominator)",
    Status.MONITOR: "no target: a context figure",
    Status.CANNOT_EVALUATE: "the target needs what the catalogue or data lacks",
}


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
