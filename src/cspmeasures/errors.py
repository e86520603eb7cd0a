"""The library's errors: one root, and located problems for bad input.

Every error cspmeasures raises derives from :class:`CspMeasuresError`. Errors about
input a person wrote (a catalogue, an actuals file) are :class:`CatalogueError`, a
``ValueError`` that carries *every* problem found, each with its file, line, column,
a path such as ``measures[3].target`` and a message that says what was expected and
what was found.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from cspmeasures.safetext import terminal_safe

__all__ = [
    "ActualsError",
    "CalculationError",
    "CatalogueError",
    "CspMeasuresError",
    "PeriodError",
    "Problem",
]


class CspMeasuresError(Exception):
    """The root of every error raised by cspmeasures."""


class CalculationError(CspMeasuresError, ValueError):
    """A calculation was asked for with inputs it cannot accept (e.g. a zero denominator)."""


class PeriodError(CspMeasuresError, ValueError):
    """A period label or date that cannot be read on the catalogue's calendar."""


@attrs.frozen
class Problem:
    """One thing wrong with an input file, and where it is.

    ``line`` and ``column`` are 1-based, as editors show them; either may be ``None``
    when the input has no such position (a missing file, a CSV column).
    """

    message: str
    file: str = "<string>"
    line: int | None = None
    column: int | None = None
    path: str = ""
    snippet: str | None = None
    #: a second location, e.g. the first of two duplicate keys
    also: str | None = None
    #: a spreadsheet cell or row (``Sheet!C12``, ``Sheet!12:12``), shown in place of the
    #: line and column (which then hold the row and column numbers)
    place: str | None = None

    @property
    def location(self) -> str:
        """``FILE:LINE:COL`` (as much of it as is known), or ``FILE:Sheet!C12``."""
        if self.place is not None:
            return f"{self.file}:{self.place}"
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def headline(self) -> str:
        """``FILE:LINE:COL: path: message`` on one line."""
        where = f"{self.path}: " if self.path else ""
        return f"{self.location}: {where}{self.message}"

    def __str__(self) -> str:
        """The headline, the line with a caret under the column, and the second location.

        Every part is :func:`~cspmeasures.safetext.terminal_safe`: a control character in the
        input is shown as an escape (the caret still under it), never printed raw.
        """
        lines = [terminal_safe(self.headline())]
        if self.snippet is not None and self.line is not None:
            text = self.snippet.rstrip("\r\n")
            lines.append(f"    {terminal_safe(text)}")
            if self.column is not None:
                caret_at = min(max(self.column - 1, 0), len(text))
                lines.append("    " + " " * len(terminal_safe(text[:caret_at])) + "^")
        if self.also:
            lines.append(f"    ({terminal_safe(self.also)})")
        return "\n".join(lines)


class CatalogueError(CspMeasuresError, ValueError):
    """Bad input: every problem found, each located.

    ``problems`` keeps them in file order; ``str(error)`` lists them all.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
        )
        if not self.problems:
            raise ValueError("CatalogueError needs at least one problem")
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        body = "\n".join(str(p) for p in self.problems)
        return f"{head}:\n{body}"

    @classmethod
    def single(
        cls,
        message: str,
        file: str = "<string>",
        line: int | None = None,
        column: int | None = None,
        path: str = "",
    ) -> CatalogueError:
        """An error with one problem."""
        return cls([Problem(message, file, line, column, path)])


class ActualsError(CatalogueError):
    """Bad input in an actuals file (a ``CatalogueError``, so one ``except`` catches both)."""
