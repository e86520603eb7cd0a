"""The README's Quick start stays true: two commands, the second one is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the Quick start has no ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands() -> None:
    """One command runs the main job, one passes the tests."""
    commands = _quick_start()
    assert len(commands) == 2
    assert "cspmeasures evaluate catalogue/medway-csp-2017-18.yaml" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run calls the README's test command word for word."""
    assert _quick_start()[1] in CI.splitlines()


def test_ci_treats_no_tests_as_failure() -> None:
    """pytest's exit code 5 (no tests collected) fails CI."""
    assert '"$rc" -eq 5' in CI


def test_bundled_catalogue_named_in_quick_start_exists() -> None:
    """The Quick start's catalogue and its actuals are in the repository."""
    assert (ROOT / "catalogue" / "medway-csp-2017-18.yaml").is_file()
    assert (ROOT / "catalogue" / "medway-csp-2017-18-actuals.yaml").is_file()
