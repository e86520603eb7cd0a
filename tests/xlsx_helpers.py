"""Building workbooks for the tests with openpyxl, and giving formulas the saved results
that Excel stores (openpyxl writes a formula without one)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl


def save(book: openpyxl.Workbook, path: Path, results: dict[str, dict[str, str]] | None = None) -> Path:
    """Save ``book`` to ``path``; ``results`` gives, by sheet title and cell, the saved result
    of a formula as Excel would store it (``"230"``, or ``"#DIV/0!"`` for an error)."""
    book.save(path)
    if results:
        titles = book.sheetnames
        parts = {f"xl/worksheets/sheet{titles.index(t) + 1}.xml": cells for t, cells in results.items()}
        _rewrite(path, parts)
    return path


def _rewrite(path: Path, parts: dict[str, dict[str, str]]) -> None:
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            for cell, result in parts.get(info.filename, {}).items():
                data = _with_result(data, cell, result)
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def _with_result(xml: bytes, cell: str, result: str) -> bytes:
    pattern = re.compile(rb'<c r="' + cell.encode() + rb'"([^>]*)><f>(.*?)</f><v\s*/>')
    error = result.startswith("#")
    kind = b' t="e"' if error else b""

    def replace(match: re.Match[bytes]) -> bytes:
        attributes = re.sub(rb'\s*t="[^"]*"', b"", match[1])
        return (
            b'<c r="' + cell.encode() + b'"' + attributes + kind + b"><f>" + match[2]
            + b"</f><v>" + result.encode() + b"</v>"
        )

    new, count = pattern.subn(replace, xml)
    assert count == 1, f"no formula in {cell}"
    return new
