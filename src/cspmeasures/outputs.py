"""Where a report may be written: standard output, or a plain writable file that is no input.

``--output`` replaces a file, so a mistyped name must not cost the catalogue or the
figures: a target that is an input (the same file under another name, through a symbolic
or a hard link) is refused, and so is anything that is not a plain file in a writable
folder (a folder, a named pipe, a device, a socket). ``-`` and ``/dev/stdout`` mean
standard output, and work in pipes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from cspmeasures.errors import CspMeasuresError

__all__ = ["STANDARD_OUTPUT", "OutputError", "output_target"]

#: the --output names that mean standard output
STANDARD_OUTPUT = ("-", "/dev/stdout")
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class OutputError(CspMeasuresError):
    """The report cannot be written where it was asked for (exit 1)."""


def _kind(mode: int) -> str | None:
    """What a file that is not a plain file is, in words; None for a plain file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"  # pragma: no cover - every kind POSIX has is named above


def _writable(path: Path, mode: int) -> bool:
    """Writable by this process, and not marked read-only (which even root respects here)."""
    return os.access(path, os.W_OK) and bool(mode & _WRITE_BITS)


def output_target(name: str, inputs: Mapping[str, str | None]) -> Path | None:
    """The file to replace for ``--output name``; None for standard output.

    ``inputs`` maps a description (``"the catalogue"``) to each file read (None or ``-``
    for one not read from a file). Raises OutputError, naming the problem, when ``name`` is
    an input, is not a plain file, or its folder is missing or read-only.
    """
    if name in STANDARD_OUTPUT:
        return None
    path = Path(name)
    where = f"--output {name}"
    try:
        status: os.stat_result | None = path.stat()  # through a symbolic link
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise OutputError(f"{where}: cannot use it: {exc.strerror or exc}") from None
    if status is not None:
        kind = _kind(status.st_mode)
        if kind is not None:
            raise OutputError(
                f"{where}: this is {kind}, not a file; give a file name, or - (or "
                "/dev/stdout) for standard output"
            )
        for what, input_name in inputs.items():
            if input_name in (None, "-") or not os.path.exists(input_name):
                continue
            if os.path.samefile(path, input_name):
                same = (
                    ""
                    if os.path.abspath(name) == os.path.abspath(input_name)
                    else "the same file as "
                )
                raise OutputError(
                    f"{where}: this is {same}{what} ({input_name}); the report would replace "
                    "it: give another file name"
                )
        if not _writable(path, status.st_mode):
            raise OutputError(f"{where}: the file is read-only")
    target = path.resolve() if path.is_symlink() else path
    folder = target.parent
    try:
        folder_status = folder.stat()
    except FileNotFoundError:
        raise OutputError(f"{where}: the folder {folder} does not exist") from None
    except OSError as exc:
        raise OutputError(f"{where}: cannot use the folder {folder}: {exc.strerror}") from None
    if not stat.S_ISDIR(folder_status.st_mode):
        raise OutputError(f"{where}: {folder} is not a folder")
    if not _writable(folder, folder_status.st_mode):
        raise OutputError(f"{where}: the folder {folder} is read-only")
    return target
