"""Start-up: importing the package and ``cspmeasures --version`` load no heavy module.

Each check runs in a fresh interpreter (a subprocess), since this test process has long
since imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import cspmeasures
from cspmeasures.cli import main

HEAVY = ("pint", "yaml", "tabulate", "numpy", "attrs")


def fresh(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )


def test_import_loads_no_heavy_module_and_every_public_name_resolves() -> None:
    done = fresh(
        f"""
        import json, sys
        import cspmeasures
        loaded = [name for name in {HEAVY!r} if name in sys.modules]
        resolved = {{name: type(getattr(cspmeasures, name)).__name__ for name in cspmeasures.__all__}}
        print(json.dumps({{"loaded": loaded, "resolved": resolved, "dir": dir(cspmeasures)}}))
        """
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["loaded"] == []
    assert set(result["resolved"]) == set(cspmeasures.__all__)
    assert len(cspmeasures.__all__) == 47
    assert result["resolved"]["load_catalogue"] == "function"
    assert result["resolved"]["Catalogue"] == "type"
    assert result["resolved"]["__version__"] == "str"
    assert set(cspmeasures.__all__) <= set(result["dir"])


def test_public_names_are_those_of_their_modules() -> None:
    from cspmeasures import evaluate as evaluate_module_name
    from cspmeasures.catalogue import load_catalogue
    from cspmeasures.evaluate import evaluate
    from cspmeasures.vocabulary import Status

    assert cspmeasures.load_catalogue is load_catalogue
    assert cspmeasures.Status is Status
    # importing the submodule cspmeasures.evaluate leaves the public name the function
    assert cspmeasures.evaluate is evaluate is evaluate_module_name
    assert callable(cspmeasures.evaluate)


def test_evaluate_stays_the_function_when_its_module_is_imported_first() -> None:
    done = fresh(
        """
        import cspmeasures.evaluate
        import cspmeasures
        from cspmeasures.evaluate import evaluate
        print(cspmeasures.evaluate is evaluate, type(cspmeasures.evaluate).__name__)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "function"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'cspmeasures' has no attribute 'nothing'"):
        cspmeasures.nothing  # type: ignore[attr-defined]  # noqa: B018


def test_version_is_answered_before_the_command_line_is_imported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    done = fresh(
        f"""
        import sys
        sys.argv = ["cspmeasures", "--version"]
        from cspmeasures.launch import entry_point
        try:
            entry_point()
        except SystemExit as exc:
            code = exc.code
        loaded = [name for name in {(*HEAVY, "cspmeasures.cli")!r} if name in sys.modules]
        print(code, loaded, file=sys.stderr)
        """
    )
    assert done.stderr.strip() == "0 []"
    # the same line the full command line prints
    assert main(["--version"]) == 0
    assert done.stdout == capsys.readouterr().out == f"cspmeasures {cspmeasures.__version__}\n"


def test_any_other_command_line_goes_to_the_cli() -> None:
    done = fresh(
        """
        import sys
        sys.argv = ["cspmeasures", "--version", "--debug"]
        from cspmeasures.launch import entry_point
        entry_point()
        """
    )
    assert done.returncode == 0
    assert done.stdout == f"cspmeasures {cspmeasures.__version__}\n"
    done = fresh(
        """
        import sys
        sys.argv = ["cspmeasures", "evaluate"]
        from cspmeasures.launch import entry_point
        entry_point()
        """
    )
    assert done.returncode == 2
    assert "the following arguments are required: catalogue" in done.stderr
