"""The ``cspmeasures`` console script's first step, outside the package.

Loading the library (pint, PyYAML, attrs) is most of the program's start-up; this module
imports nothing itself, so that Ctrl-C while the library loads exits with 130 and no
traceback, as it does once the command is running. It hands over to
:func:`cspmeasures.launch.entry_point`, which answers ``--version`` before the command
line's modules are imported.
"""

from __future__ import annotations


def run() -> None:
    """Run the command line; Ctrl-C at any point exits 130."""
    try:
        from cspmeasures.launch import entry_point

        entry_point()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
