"""The library's own pint UnitRegistry and the few unit helpers the loader needs.

pint is used when a catalogue is loaded (to parse units, check dimensions and find
conversion factors); calculations later run on plain floats. The registry belongs to
cspmeasures: it is never made the application's registry.

Conventions:

* ``percent`` is pint's own (``%`` works too). A measure in percent stores its values
  as fractions of one (75% is ``0.75``).
* ``percentage_point`` (symbol ``pct_pt``) is added for differences between two
  percentages. pint's ``pp`` is printer's point and is left alone.
* Count units (``assessment``, ``visit``, ...) are declared by a catalogue and belong to
  it alone: each is a dimension of its own (comparing visits with assessments is a unit
  error), read by the catalogue's own names and never defined in the registry, so that
  loading one catalogue never changes how another is read and a process that loads
  thousands of catalogues holds no unit of theirs.
"""

from __future__ import annotations

import re
import sys
import threading
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from cspmeasures.calc.rounding import MAX_DECIMALS
from cspmeasures.errors import CspMeasuresError

__all__ = [
    "PERCENT",
    "PERCENTAGE_POINT",
    "Quantity",
    "UnitProblem",
    "check_count_unit",
    "get_registry",
    "parse_quantity",
    "parse_unit",
    "plural",
    "read_number",
    "unit_words",
]

_registry: Any = None

PERCENT = "percent"
PERCENTAGE_POINT = "percentage_point"

_lock = threading.RLock()

#: a number as the docs define it: ASCII digits, a point for decimals, an optional exponent
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: a number, then (after a space, or as '%') its unit
_NUMBER = re.compile(rf"^\s*({NUMBER.pattern})(?=\s|%|$)\s*(.*?)\s*$")
#: text that starts like a number: what follows the digits is then read as part of it
_NUMBER_START = re.compile(r"^\s*[+-]?\.?[0-9]")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: the largest magnitude a float holds: anything larger would be read as infinity
_LARGEST = Decimal(repr(sys.float_info.max))


def get_registry() -> Any:
    """The library's UnitRegistry, built on first use (importing pint takes most of a second,
    which ``--version`` or ``schema`` should not pay)."""
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                import pint

                made: Any = pint.UnitRegistry(
                    on_redefinition="raise", autoconvert_offset_to_baseunit=False
                )
                made.define("percentage_point = 0.01 = pct_pt")
                _registry = made
    return _registry


class UnitProblem(CspMeasuresError, ValueError):
    """A unit or quantity that cannot be read; the loader turns it into a located problem."""


@attrs.frozen
class Quantity:
    """A number as written with its unit: ``840 assessments`` or ``2 percentage points``.

    ``magnitude`` is exact (a Decimal of the digits written); ``unit`` is the canonical
    pint name ('' for a bare number).
    """

    magnitude: Decimal
    unit: str

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT

    @property
    def is_percentage_point(self) -> bool:
        return self.unit == PERCENTAGE_POINT


def check_count_unit(name: str) -> str:
    """``name`` when it can be a count unit of a catalogue; nothing is registered.

    Raises UnitProblem when the name is not a plain lower-case word or when pint
    already gives it another meaning (``day``, ``m``...).
    """
    if not _NAME.match(name):
        raise UnitProblem(f"a unit name is a lower-case word such as 'assessment', found {name!r}")
    registry = get_registry()
    if name in registry:
        meaning = registry.get_name(name)
        raise UnitProblem(
            f"{name!r} already means {meaning!r} in the unit registry: choose another name"
        )
    return name


_IRREGULAR_PLURALS = {"person": "people", "child": "children"}


def plural(name: str) -> str:
    """The plural of a unit name, made on its last word (``joint_visit`` -> ``joint_visits``):
    -es after s, x, ch, sh; -ies for a consonant and y (casualties); people, children."""
    cut = max(name.rfind("_"), name.rfind(" ")) + 1
    head, last = name[:cut], name[cut:]
    if last in _IRREGULAR_PLURALS:
        return head + _IRREGULAR_PLURALS[last]
    if last.endswith(("s", "x", "ch", "sh")):
        return head + last + "es"
    if len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
        return head + last[:-1] + "ies"
    return head + last + "s"


def unit_words(name: str, count: float) -> str:
    """A unit name as it follows a number: 1 assessment, 506 assessments, 15 people."""
    return name if count == 1 else plural(name)


def plural_clash(name: str, count_units: frozenset[str]) -> str | None:
    """A declared unit that ``name`` is the plural of, or that is the plural of ``name``
    ('visit' and 'visits'): the two would be read alike."""
    for other in count_units:
        if _count_unit(name, frozenset((other,))) or _count_unit(other, frozenset((name,))):
            return other
    return None


def _count_unit(text: str, count_units: frozenset[str]) -> str | None:
    """The count unit ``text`` names, singular or plural (``assessments``), if any."""
    for name in (text, text.removesuffix("s"), text.removesuffix("es")):
        if name in count_units:
            return name
    return next((name for name in count_units if plural(name) == text), None)


def parse_unit(text: str, count_units: frozenset[str] = frozenset()) -> str:
    """The canonical name of a unit expression (``assessments`` -> ``assessment``).

    ``count_units`` are the count units the catalogue declares; any other name is pint's.
    """
    cleaned = text.strip()
    if cleaned in ("%", "percentage"):
        return PERCENT
    if not cleaned:
        raise UnitProblem("expected a unit, found nothing")
    if cleaned in (PERCENT, "percentage_point", "percentage_points", "percentage points"):
        return PERCENT if cleaned == PERCENT else PERCENTAGE_POINT
    counted = _count_unit(cleaned, count_units)
    if counted is not None:
        return counted
    import pint

    try:
        written = cleaned.replace(" ", "_") if _is_words(cleaned) else cleaned
        unit = get_registry().parse_units(written)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError) as exc:
        raise UnitProblem(f"unknown unit {cleaned!r}") from exc
    except Exception as exc:  # pint raises assorted errors for malformed expressions
        raise UnitProblem(f"cannot read {cleaned!r} as a unit") from exc
    return str(unit)


def _is_words(text: str) -> bool:
    # "percentage points" -> "percentage_points"; leaves "1/year" style expressions alone
    return bool(re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)+", text)) and text.lower().startswith(
        "percentage"
    )


def parse_quantity(text: str, count_units: frozenset[str] = frozenset()) -> Quantity:
    """Read ``"75%"``, ``"840 assessments"``, ``"2 percentage points"`` or ``"0.5"``.

    The number is kept exactly as written (Decimal); the unit is checked against the
    registry. Raises UnitProblem with what was expected and what was found.
    """
    match = _NUMBER.match(text)
    if not match:
        if _NUMBER_START.match(text):
            raise UnitProblem(number_problem(text.split()[0]))
        raise UnitProblem(f"expected a number with an optional unit, found {text!r}")
    number, unit_text = match.groups()
    try:
        magnitude = Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise UnitProblem(f"cannot read {number!r} as a number") from exc
    if not magnitude.is_finite():
        raise UnitProblem(f"expected a finite number, found {number!r}")
    if abs(magnitude) > _LARGEST:
        raise UnitProblem(f"the number {number!r} is too large (at most about 1.8e308)")
    unit = parse_unit(unit_text, count_units) if unit_text else ""
    return Quantity(magnitude, unit)


def number_problem(written: str) -> str:
    """What is wrong with a number spelt in a way the docs do not define ('1,23', '0x10')."""
    return (
        f"cannot read {written!r} as a number: write digits with a point for decimals, "
        "such as '840' or '0.75'"
    )


def read_number(text: str) -> Decimal:
    """A number as the docs define it, exactly (``'0.75'`` -> ``Decimal('0.75')``); any
    other spelling (``'1,23'``, ``'0x10'``, ``'1_000'``, other scripts' digits) is a
    UnitProblem."""
    written = text.strip()
    if not NUMBER.fullmatch(written):
        raise UnitProblem(number_problem(written))
    return Decimal(written)


def unit_text(text: str) -> str:
    """The unit as written after the number: ``'840 widgets'`` -> ``'widgets'``."""
    match = _NUMBER.match(text)
    return match.group(2) if match else text.strip()


def factor(from_unit: str, to_unit: str) -> Decimal:
    """The exact-as-possible factor converting ``from_unit`` into ``to_unit``.

    Raises UnitProblem when the dimensions differ (visits into assessments): a count unit,
    which pint does not hold, is its own dimension.
    """
    if from_unit == to_unit:
        return Decimal(1)
    import pint

    try:
        source = get_registry().Quantity(1, from_unit or "dimensionless")
        converted = source.to(to_unit or "dimensionless").magnitude
    except (pint.errors.DimensionalityError, pint.errors.UndefinedUnitError) as exc:
        raise UnitProblem(
            f"cannot compare {from_unit or 'a bare number'} with {to_unit or 'a bare number'}"
        ) from exc
    return Decimal(repr(float(converted)))


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
