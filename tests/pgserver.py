"""A throwaway PostgreSQL server for the tests, on loopback, from Debian's packages.

:func:`postgres_server` yields an SQLAlchemy URL: ``CSPMEASURES_TEST_POSTGRES_URL`` when
it is set, else a server made for the run with ``initdb`` into a temporary directory and
started with ``pg_ctl`` on a free port of 127.0.0.1 (as the ``postgres`` user when the
tests run as root, since PostgreSQL refuses to run as root), stopped and removed
afterwards. The binaries are looked for under ``/usr/lib/postgresql/*/bin`` (Debian's
``postgresql`` package). Without them the tests that need a server are skipped, except
under CI (``CI`` set), where they fail: CI installs the package (``.ci/run``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

URL_VARIABLE = "CSPMEASURES_TEST_POSTGRES_URL"


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"a PostgreSQL server is needed under CI: {reason}")
    pytest.skip(reason)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for the tests (see the module's notes)."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield given
        return
    bin_dir = _bin_dir()
    if bin_dir is None:
        _unavailable(
            "no PostgreSQL binaries under /usr/lib/postgresql/*/bin "
            f"(apt-get install -y postgresql), and {URL_VARIABLE} is not set"
        )
        return
    as_user: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            _unavailable("running as root without runuser to start PostgreSQL as postgres")
            return
        as_user = [runuser, "-u", "postgres", "--"]
    home = Path(tempfile.mkdtemp(prefix="cspmeasures-pg-"))
    data = home / "data"
    if as_user:
        shutil.chown(home, "postgres", "postgres")
    port = _free_port()
    pg_ctl = [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data)]
    try:
        subprocess.run(
            [
                *as_user,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [*pg_ctl, "-o", options, "-l", str(home / "log"), "-w", "-t", "60", "start"],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(home, ignore_errors=True)
        _unavailable(f"could not start PostgreSQL: {exc} {detail.decode(errors='replace')}")
        return
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(home, ignore_errors=True)
