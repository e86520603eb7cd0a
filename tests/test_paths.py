"""Files a catalogue names stay under its folder; only regular files are read.

A catalogue's ``actuals:`` may not be absolute or climb out of the catalogue's folder, in
its text or through a link; a file elsewhere is read only when the command line names it
(``--actuals``). A named pipe, a device or a socket is refused without being read, so that
``validate`` never hangs on one and never shows what it holds.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cspmeasures.actuals import load_actuals
from cspmeasures.catalogue import actuals_beside, load_catalogue, loads_catalogue
from cspmeasures.cli import main
from cspmeasures.errors import ActualsError, CatalogueError

CORPUS = Path(__file__).parent / "corpus"
GOOD = (CORPUS / "good-minimal.yaml").read_text(encoding="utf-8")
SECRET = "root:SECRET-HASH:17000:0:99999:7:::"


def _plan(folder: Path, actuals: str) -> Path:
    path = folder / "plan.yaml"
    path.write_text(GOOD.replace("actuals: good-actuals.csv", f"actuals: {actuals}"), "utf-8")
    return path


@pytest.mark.parametrize(
    "actuals",
    [
        "../secret.csv",
        "../../../../etc/shadow",
        "sub/../../secret.csv",
        "/etc/passwd",
        "..\\\\secret.csv",
        "C:/data/actuals.csv",
        "//server/share/actuals.csv",
    ],
)
def test_a_catalogue_naming_a_file_outside_its_folder_is_refused(actuals: str) -> None:
    with pytest.raises(CatalogueError) as info:
        loads_catalogue(GOOD.replace("actuals: good-actuals.csv", f"actuals: {actuals}"), "p.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.path) == (7, 12, "catalogue.actuals")
    assert "must be in the catalogue's folder or below it" in problem.message


@pytest.mark.parametrize("actuals", ["good-actuals.csv", "./data/a.csv", "data/../a.csv"])
def test_paths_under_the_folder_load(actuals: str) -> None:
    text = GOOD.replace("actuals: good-actuals.csv", f"actuals: {actuals}")
    assert loads_catalogue(text).actuals == actuals


def test_nothing_outside_is_read_or_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A secret one folder up is neither read nor echoed; named with --actuals it is read
    (and, not being actuals, refused) because the command line asked for it."""
    secret = tmp_path / "secret.csv"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "plan").mkdir()
    plan = _plan(tmp_path / "plan", "../secret.csv")
    assert main(["validate", str(plan)]) == 1
    err = capsys.readouterr().err
    assert "SECRET" not in err
    assert f"{plan}:7:12: catalogue.actuals: the actuals file must be" in err
    assert main(["validate", str(plan.with_name("ok.yaml"))]) == 1  # no such catalogue
    capsys.readouterr()
    ok = tmp_path / "plan" / "ok.yaml"
    ok.write_text(GOOD, encoding="utf-8")
    assert main(["validate", str(ok), "--actuals", str(secret)]) == 1
    assert "unknown column" in capsys.readouterr().err


def test_a_link_out_of_the_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "plan").mkdir()
    plan = _plan(tmp_path / "plan", "good-actuals.csv")
    (tmp_path / "plan" / "good-actuals.csv").symlink_to(secret)
    assert main(["validate", str(plan)]) == 1
    err = capsys.readouterr().err
    assert "SECRET" not in err
    assert "leads outside the catalogue's folder through a link" in err
    with pytest.raises(CatalogueError, match="through a link"):
        actuals_beside(load_catalogue(plan), plan)


def test_a_link_within_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "q2.csv").write_bytes((CORPUS / "good-actuals.csv").read_bytes())
    (tmp_path / "good-actuals.csv").symlink_to(tmp_path / "data" / "q2.csv")
    plan = _plan(tmp_path, "good-actuals.csv")
    path = actuals_beside(load_catalogue(plan), plan)
    assert path == tmp_path / "good-actuals.csv"
    assert main(["validate", str(plan)]) == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_refused_without_hanging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO with no writer would block a plain open: it is refused at once, whether the
    catalogue names it or the command line does."""
    plan = _plan(tmp_path, "good-actuals.csv")
    os.mkfifo(tmp_path / "good-actuals.csv")
    start = time.perf_counter()
    assert main(["validate", str(plan)]) == 1
    assert main(["validate", str(plan), "--actuals", str(tmp_path / "good-actuals.csv")]) == 1
    with pytest.raises(ActualsError, match="found a named pipe"):
        load_actuals(tmp_path / "good-actuals.csv", load_catalogue(plan))
    os.mkfifo(tmp_path / "plan-pipe.yaml")
    with pytest.raises(CatalogueError, match="expected a regular catalogue file, found a named"):
        load_catalogue(tmp_path / "plan-pipe.yaml")
    assert time.perf_counter() - start < 5
    err = capsys.readouterr().err
    assert err.count("expected a regular actuals file, found a named pipe (FIFO)") == 2


def test_a_device_is_refused() -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null here")
    with pytest.raises(CatalogueError) as info:
        load_catalogue("/dev/null")
    assert info.value.problems[0].message == (
        "expected a regular catalogue file, found a character device"
    )
