"""The output side of bad input, in real processes: where a report may go, and exit codes.

Each case of the ``cli`` section of tests/corpus/expected.yaml is a shell command run by bash
in a temporary folder (the folder's files are described there), with the installed
``cspmeasures`` first on PATH; its exit code, standard error and a line of standard output
must be exactly as listed. Every case also leaves the inputs as they were. Ctrl-C while a
command runs is checked here directly, as it needs a process to be signalled mid-way.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).parent / "corpus"
CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)["cli"]
BIN = Path(sys.executable).parent
PROGRAM = BIN / "cspmeasures"
#: measures in many-problems.yaml, each with a bad polarity: far more text than a pipe holds
MANY = 3000
INTERRUPT = """\
import os, signal, time
os.kill(os.getpid(), signal.SIGINT)
time.sleep(5)
"""


def _many_problems() -> str:
    head = (CORPUS / "good-minimal.yaml").read_text(encoding="utf-8").split("measures:\n")[0]
    block = (
        "  - id: m{n}\n    title: Measure {n}\n    theme: safety\n    unit: percent\n"
        '    target: ">= 75%"\n    polarity: sideways\n'
    )
    return head + "measures:\n" + "".join(block.format(n=n) for n in range(MANY))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every case runs in (see the manifest)."""
    here = tmp_path_factory.mktemp("cli")
    shutil.copy(CORPUS / "good-minimal.yaml", here / "plan.yaml")
    shutil.copy(CORPUS / "good-actuals.csv", here / "good-actuals.csv")
    shutil.copy(CORPUS / "good-hostile-text.yaml", here / "hostile.yaml")
    shutil.copy(CORPUS / "cat-control-char.yaml", here / "control-char.yaml")
    (here / "link-to-plan.yaml").symlink_to("plan.yaml")
    os.link(here / "good-actuals.csv", here / "hard-link.csv")
    (here / "folder").mkdir()
    os.mkfifo(here / "pipe")
    (here / "read-only.txt").write_text("kept\n", encoding="utf-8")
    (here / "read-only.txt").chmod(0o444)
    (here / "read-only-folder").mkdir()
    (here / "read-only-folder").chmod(0o555)
    (here / "many-problems.yaml").write_text(_many_problems(), encoding="utf-8")
    (here / "interrupt").mkdir()
    (here / "interrupt" / "tabulate.py").write_text(INTERRUPT, encoding="utf-8")
    return here


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.is_symlink() and p.name != "report.txt"
    }


def _bash(command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    script = f"{command}\ncode=${{PIPESTATUS[0]}}\nexit $code\n"
    return subprocess.run(
        ["bash", "-c", script],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("name", list(CASES))
def test_cli_case(name: str, folder: Path) -> None:
    """The command exits with its listed code and prints exactly the listed message."""
    case = CASES[name]
    before = _digests(folder)
    done = _bash(case["run"], folder)
    assert "Traceback" not in done.stderr
    assert done.stderr == case["stderr"]
    assert done.returncode == case["exit"], done.stderr
    if "stdout" in case:
        assert case["stdout"] in done.stdout.splitlines(), done.stdout[:2000]
    assert _digests(folder) == before  # no input (nor anything else) was touched


def test_no_case_leaves_a_temporary_file(folder: Path) -> None:
    """A refused --output leaves no temporary file behind, anywhere in the folder."""
    for name in ("output-folder", "output-read-only-file", "output-is-input"):
        _bash(CASES[name]["run"], folder)
    assert not list(folder.rglob("*.tmp"))


def test_many_problems_overflow_a_pipe(folder: Path) -> None:
    """The broken-pipe case is real: validate's messages are far more than a pipe holds."""
    done = _bash("cspmeasures validate many-problems.yaml", folder)
    assert done.returncode == 1
    assert len(done.stderr.encode()) > 4 * 65536  # a pipe holds 64 KiB
    assert done.stderr.rstrip().endswith(f"{MANY} problems found")


def _proc_holds(pid: int, name: str, text: str) -> bool:
    """Whether /proc/PID/NAME mentions ``text`` (False once the process is gone)."""
    try:
        return text in Path(f"/proc/{pid}/{name}").read_text()
    except OSError:
        return False


def _interrupted(folder: Path, argv: list[str], name: str, text: str) -> tuple[int, bytes]:
    """Run the program, press Ctrl-C once /proc/PID/NAME mentions ``text``: (code, stderr)."""
    env = {**os.environ, "NO_COLOR": "1"}
    with subprocess.Popen(
        [str(PROGRAM), *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=folder,
        env=env,
    ) as process:
        deadline = time.monotonic() + 60
        while not _proc_holds(process.pid, name, text) and time.monotonic() < deadline:
            time.sleep(0.002)
        assert _proc_holds(process.pid, name, text)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    return process.returncode, err


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs Linux's /proc")
def test_ctrl_c_while_reading_exits_130(folder: Path) -> None:
    """Ctrl-C while the catalogue is read from standard input (the process waits on the
    pipe): exit 130, no traceback."""
    assert _interrupted(folder, ["validate", "-"], "wchan", "pipe") == (130, b"")


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux's /proc")
def test_ctrl_c_while_the_library_loads_exits_130(folder: Path) -> None:
    """Ctrl-C as soon as PyYAML's C parser is mapped, while the library loads (pint and more
    follow): exit 130, no traceback."""
    argv = ["evaluate", "plan.yaml", "--as-of", "2017-09-30"]
    assert _interrupted(folder, argv, "maps", "_yaml") == (130, b"")
