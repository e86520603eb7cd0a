"""The console script: ``cspmeasures --version`` answered at once, anything else by the CLI.

``--version`` alone is answered before the command line's modules (pint, PyYAML, tabulate
and the engine) are imported, so that it costs little more than starting Python; every
other command line goes to :func:`cspmeasures.cli.entry_point`.
"""

from __future__ import annotations

import os
import sys


def entry_point() -> None:
    """Print the version for ``--version`` alone, else run :func:`cspmeasures.cli.entry_point`."""
    if sys.argv[1:] == ["--version"]:
        from cspmeasures import __version__

        try:
            print(f"cspmeasures {__version__}")
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0)
    from cspmeasures.cli import entry_point as run

    run()
