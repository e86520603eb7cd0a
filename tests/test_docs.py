"""The documentation's examples are executed, so that the pages stay true.

What a page (README.md and docs/*.md) may contain, and how each kind of block is checked:

* ```python blocks run in page order, sharing one namespace per page, with the repository
  root as the working directory. A statement whose last line ends with ``# -> TEXT`` must
  produce TEXT: a ``print(...)`` call must print exactly TEXT (one line); any other
  expression must have a ``repr`` equal to TEXT. ``assert`` statements must hold.
* ```console blocks hold only ``$ cspmeasures ...`` commands and their output. Each command
  is split as a POSIX shell would split it, run through :func:`cspmeasures.cli.main` from
  the repository root, and must exit 0. The lines after a command, up to the next ``$``
  line or the end of the block, are its expected output: standard output followed by
  standard error, compared line by line with trailing spaces ignored, where a line ``...``
  stands for any number of lines. A command with no lines after it is checked for its
  exit code only.
* ```yaml blocks: one with a top-level ``catalogue:`` key is a full catalogue and must
  load. One whose first entry is ``- id:`` is a list of measures and must load inside a
  small catalogue (:data:`SKELETON`) that declares the themes and count units it names.
  One with a top-level ``actuals:`` key must load against the catalogue named on its first
  line, ``# for: PATH``. Any other YAML block must at least parse.
* A block preceded by the line ``<!-- file: PATH -->`` must equal that file, byte for byte.
* Every catalogue under docs/examples loads, and every ``NAME-actuals*.csv`` or
  ``NAME-actuals*.yaml`` there loads against ``NAME.yaml``.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import cspmeasures
from cspmeasures import units
from cspmeasures.cli import main
from cspmeasures.yamlsource import YMapping, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(
    r"^(?P<indent> *)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S
)
_FILE_MARK = re.compile(r"<!--\s*file:\s*(?P<path>\S+)\s*-->\s*$")
_EXPECT = re.compile(r"#\s*->\s?(?P<text>.*?)\s*$")

SKELETON = """\
catalogue:
  id: docs-example
  title: A documentation example
  year: 2024-25
{units}themes:
{themes}measures:
{measures}"""


@attrs.frozen
class Block:
    """One fenced code block of a page."""

    page: Path
    line: int
    lang: str
    body: str
    file: str | None

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        mark = _FILE_MARK.search(before)
        indent = len(match["indent"])
        body = "".join(row[indent:] for row in match["body"].splitlines(keepends=True))
        found.append(Block(page, line, match["lang"], body, mark["path"] if mark else None))
    return found


def _all(lang: str) -> list[Block]:
    return [b for page in PAGES for b in _blocks(page) if b.lang == lang]


@contextlib.contextmanager
def _at_root() -> Iterator[None]:
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


# --- python ------------------------------------------------------------------------------


def _run_statement(source: str, node: ast.stmt, namespace: dict[str, object], where: str) -> None:
    last_line = source.splitlines()[node.end_lineno - 1]  # type: ignore[operator]
    expect = _EXPECT.search(last_line) if "#" in last_line else None
    module = ast.Module(body=[node], type_ignores=[])
    if expect is None:
        exec(compile(module, where, "exec"), namespace)
        return
    wanted = expect["text"]
    assert isinstance(node, ast.Expr), f"{where}: '# ->' follows a statement, not an expression"
    call = node.value
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "print":
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(module, where, "exec"), namespace)
        got = buffer.getvalue().rstrip("\n")
    else:
        got = repr(eval(compile(ast.Expression(call), where, "eval"), namespace))
    assert got == wanted, f"{where}: expected {wanted!r}, got {got!r}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_blocks_run_and_their_expectations_hold(page: Path) -> None:
    """Every python block of a page runs, in order, and each '# ->' result is as shown."""
    namespace: dict[str, object] = {"__name__": "__docs__"}
    blocks = [b for b in _blocks(page) if b.lang == "python"]
    with _at_root():
        for block in blocks:
            tree = ast.parse(block.body)
            for node in tree.body:
                where = f"{block.where}+{node.lineno}"
                _run_statement(block.body, node, namespace, where)


# --- console -----------------------------------------------------------------------------


@attrs.frozen
class Command:
    block: Block
    offset: int
    argv: tuple[str, ...]
    output: tuple[str, ...]


def _commands() -> list[Command]:
    commands = []
    for block in _all("console"):
        rows = block.body.splitlines()
        starts = [i for i, row in enumerate(rows) if row.startswith("$")]
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(rows)
            words = tuple(shlex.split(rows[start][1:]))
            output = tuple(row.rstrip() for row in rows[start + 1 : end])
            while output and not output[-1]:
                output = output[:-1]
            commands.append(Command(block, start + 1, words, output))
    return commands


def _matches(expected: tuple[str, ...], got: list[str]) -> bool:
    """Line-by-line equality where an expected '...' line matches any run of lines."""
    if not expected:
        return not got
    head, rest = expected[0], expected[1:]
    if head == "...":
        return any(_matches(rest, got[i:]) for i in range(len(got) + 1))
    return bool(got) and got[0] == head and _matches(rest, got[1:])


def test_console_blocks_hold_only_cspmeasures_commands() -> None:
    """Every '$' line of a console block runs cspmeasures, and there is at least one."""
    commands = _commands()
    assert commands, "no console commands found in the documentation"
    for command in commands:
        assert command.argv[:1] == ("cspmeasures",), (
            f"{command.block.where}: {command.argv!r} is not a cspmeasures command"
        )


@pytest.mark.parametrize(
    "command",
    _commands(),
    ids=lambda c: f"{c.block.where}+{c.offset}:{' '.join(c.argv[1:3])}",
)
def test_console_commands_exit_0_and_print_what_is_shown(
    command: Command, capsys: pytest.CaptureFixture[str]
) -> None:
    """A documented command exits 0 and prints the output the page shows."""
    with _at_root():
        code = main(list(command.argv[1:]))
    captured = capsys.readouterr()
    assert code == 0, f"{command.block.where}: exit {code}\n{captured.err}"
    if command.output:
        got = [row.rstrip() for row in (captured.out + captured.err).splitlines()]
        while got and not got[-1]:
            got.pop()
        assert _matches(command.output, got), (
            f"{command.block.where}: output differs\n--- shown\n"
            + "\n".join(command.output)
            + "\n--- printed\n"
            + "\n".join(got)
        )


# --- yaml --------------------------------------------------------------------------------


def _top_keys(text: str) -> set[str]:
    root = parse_yaml(text)
    return set(root.items) if isinstance(root, YMapping) else set()


def _needs_declaring(name: str) -> bool:
    return name not in ("percent", "%") and name not in units.get_registry()


def _wrap_measures(body: str) -> str:
    themes = sorted(set(re.findall(r"^\s*theme:\s*([\w.-]+)", body, re.M)))
    named = sorted(set(re.findall(r"^\s*unit:\s*([a-z_]+)\s*(?:#.*)?$", body, re.M)))
    declared = [u for u in named if _needs_declaring(u)]
    unit_text = "units:\n" + "".join(f"  {u}: a {u}\n" for u in declared) if declared else ""
    theme_text = "".join(f"  - {{id: {t}, title: {t}}}\n" for t in themes)
    measures = "".join(f"  {row}\n" for row in body.splitlines())
    return SKELETON.format(units=unit_text, themes=theme_text, measures=measures)


def _first_entry(body: str) -> str:
    for row in body.splitlines():
        if row.strip() and not row.lstrip().startswith("#"):
            return row.strip()
    return ""


@pytest.mark.parametrize("block", _all("yaml"), ids=lambda b: b.where)
def test_yaml_examples_load(block: Block) -> None:
    """A full catalogue loads; a list of measures loads in a small catalogue; actuals load."""
    keys = _top_keys(block.body)
    if "catalogue" in keys:
        catalogue = cspmeasures.loads_catalogue(block.body, block.where)
        assert catalogue.measures
    elif _first_entry(block.body).startswith("- id:"):
        text = _wrap_measures(block.body)
        catalogue = cspmeasures.loads_catalogue(text, block.where)
        assert len(catalogue.measures) == block.body.count("- id:")
    elif "actuals" in keys:
        first = block.body.splitlines()[0]
        mark = re.match(r"#\s*for:\s*(\S+)", first)
        assert mark, f"{block.where}: an actuals example starts with '# for: CATALOGUE'"
        catalogue = cspmeasures.load_catalogue(ROOT / mark[1])
        actuals = cspmeasures.loads_actuals(block.body, catalogue, f"{block.where}.yaml")
        assert len(actuals) > 0
    else:
        parse_yaml(block.body, block.where)


# --- files shown in pages and the examples directory --------------------------------------


def _shown_files() -> list[Block]:
    return [b for page in PAGES for b in _blocks(page) if b.file is not None]


@pytest.mark.parametrize("block", _shown_files(), ids=lambda b: f"{b.where}:{b.file}")
def test_files_shown_in_pages_match_the_files(block: Block) -> None:
    """A block marked '<!-- file: PATH -->' shows that file exactly as it is."""
    assert block.file is not None
    path = ROOT / block.file
    assert path.is_file(), f"{block.where}: no file {block.file}"
    assert block.body == path.read_text(encoding="utf-8")


def _example_catalogues() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*.yaml") if "-actuals" not in p.name)


def _example_actuals() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if "-actuals" in p.name)


def test_the_tutorial_examples_are_present() -> None:
    """docs/examples holds at least one catalogue and one actuals file."""
    assert _example_catalogues()
    assert _example_actuals()


@pytest.mark.parametrize("path", _example_catalogues(), ids=lambda p: p.name)
def test_example_catalogues_load(path: Path) -> None:
    """Each example catalogue loads and has measures."""
    assert cspmeasures.load_catalogue(path).measures


@pytest.mark.parametrize("path", _example_actuals(), ids=lambda p: p.name)
def test_example_actuals_load_against_their_catalogue(path: Path) -> None:
    """Each NAME-actuals* file loads against NAME.yaml and has rows."""
    name = path.name.split("-actuals", 1)[0]
    catalogue = cspmeasures.load_catalogue(EXAMPLES / f"{name}.yaml")
    assert len(cspmeasures.load_actuals(path, catalogue)) > 0


def test_every_example_file_is_shown_in_a_page() -> None:
    """No example file is left unexplained: each appears in some page."""
    shown = {b.file for b in _shown_files()}
    for path in [*_example_catalogues(), *_example_actuals()]:
        assert str(path.relative_to(ROOT)) in shown, f"{path.name} is not shown in any page"


# --- the checker itself ------------------------------------------------------------------


def test_ellipsis_matching() -> None:
    """'...' matches any run of lines, and other lines must match exactly."""
    assert _matches(("a", "...", "d"), ["a", "b", "c", "d"])
    assert _matches(("a", "...", "d"), ["a", "d"])
    assert not _matches(("a", "...", "d"), ["a", "b", "c"])
    assert not _matches(("a", "b"), ["a", "c"])


def test_expectation_mismatch_is_caught() -> None:
    """A wrong '# ->' expectation fails the check."""
    source = "1 + 1  # -> 3\n"
    node = ast.parse(source).body[0]
    with pytest.raises(AssertionError):
        _run_statement(source, node, {}, "<test>")
    source = "print('x')  # -> x\n"
    _run_statement(source, ast.parse(source).body[0], {}, "<test>")


def test_measure_fragments_are_wrapped_with_their_themes_and_units() -> None:
    """A measures fragment is given the themes and the undeclared count units it names."""
    text = _wrap_measures(
        "- id: m\n  title: M\n  theme: th\n  unit: widget\n  polarity: none\n  target: none\n"
    )
    assert "- {id: th, title: th}" in text
    assert "  widget: a widget" in text
    assert cspmeasures.loads_catalogue(text).measure("m").unit == "widget"
