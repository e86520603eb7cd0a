"""YAML text -> a located tree of plain nodes, read safely and without implicit typing.

PyYAML's ``safe_load`` changes meaning silently: ``NO`` becomes False, ``1.10``
becomes 1.1, a duplicate key keeps the last value. This module reads the YAML
*event stream* (libyaml's C parser when available) and builds its own tree in one
iterative pass:

* every scalar keeps the text as written, its quoting style and its line and column;
  nothing is converted here, the catalogue reader decides what a scalar must be;
* duplicate keys are errors naming both lines;
* tags other than the standard string/int/float ones (``!!python/object`` ...) are
  refused, and no object is ever constructed from a tag;
* anchors and aliases are expanded under a node budget, nesting under a depth limit,
  and the file under a size limit, each with a clear message.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import Any

import yaml

from cspmeasures.errors import CatalogueError, Problem
from cspmeasures.safetext import refusal

__all__ = [
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_NODES",
    "YMapping",
    "YNode",
    "YScalar",
    "YSequence",
    "decode",
    "parse_yaml",
]

MAX_DEPTH = 64
MAX_NODES = 5_000_000
#: Aliases (``*name``) one document may use: each hands the reader the whole node again, so
#: a short file of many aliases to one measure would otherwise take minutes to check.
MAX_ALIASES = 1_000

# libyaml's C parser, when PyYAML was built with it (it is not exported as yaml.CParser)
_CParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)

#: Texts up to this many characters go through PyYAML's pure-Python parser, whose messages
#: are the clearer; longer ones through libyaml's (about twenty times faster) when available.
PYTHON_PARSER_CHARS = 1 << 20
#: Characters YAML reads as line breaks that editors do not show as such.
_ODD_BREAKS = {"\x85": "NEL", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}

_ALLOWED_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
}
_NULLS = {"", "~", "null", "Null", "NULL"}


class YScalar:
    """A scalar as written: ``value`` is its text, ``plain`` is True when unquoted."""

    __slots__ = ("column", "line", "plain", "value")

    def __init__(self, value: str, line: int, column: int, plain: bool) -> None:
        self.value = value
        self.line = line
        self.column = column
        self.plain = plain

    @property
    def is_null(self) -> bool:
        """An unquoted empty value, ``~`` or ``null``."""
        return self.plain and self.value in _NULLS

    def __repr__(self) -> str:
        return f"YScalar({self.value!r}, {self.line}:{self.column})"


class YMapping:
    """A mapping with string keys in file order; ``keys[k]`` is the key's own scalar."""

    __slots__ = ("column", "items", "keys", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.items: dict[str, YNode] = {}
        self.keys: dict[str, YScalar] = {}

    def __repr__(self) -> str:
        return f"YMapping({list(self.items)}, {self.line}:{self.column})"


class YSequence:
    """A sequence of nodes."""

    __slots__ = ("column", "items", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.items: list[YNode] = []

    def __repr__(self) -> str:
        return f"YSequence({len(self.items)} items, {self.line}:{self.column})"


YNode = YScalar | YMapping | YSequence


class EncodingProblem(ValueError):
    """An encoding name Python does not know."""


def text_encoding(name: str) -> str:
    """The canonical name of a text encoding (``cp1252`` for ``windows-1252``), checked."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise EncodingProblem(
            f"unknown text encoding {name!r}: expected one such as utf-8, cp1252 or latin-1"
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise EncodingProblem(f"{name!r} is not a text encoding")
    return info.name


def decode(
    data: bytes, file: str, encoding: str | None = None, hint: str = "save it as UTF-8"
) -> str:
    """Bytes -> text: UTF-8 (a BOM is allowed) unless ``encoding`` is given, CRLF line ends
    normalised; else a located error ending with ``hint``."""
    if b"\x00" in data[:8192]:
        raise CatalogueError.single(
            "this is a binary file, not text: expected UTF-8 YAML or CSV", file, 1
        )
    name = text_encoding(encoding) if encoding else "utf-8"
    try:
        text = data.decode("utf-8-sig" if name == "utf-8" else name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        described = "UTF-8" if name == "utf-8" else name
        advice = hint if name == "utf-8" else "check the encoding the file was saved in"
        raise CatalogueError.single(
            f"the file is not {described} text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}): {advice}",
            file,
            line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, file: str = "<string>") -> YNode | None:
    """Parse one YAML document into located nodes; ``None`` for an empty document.

    Raises CatalogueError for malformed YAML, duplicate keys, refused tags, and the
    size, depth and alias limits.
    """
    builder = _Builder(text, file)
    return builder.build()


class _Builder:
    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.lines = text.split("\n")
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[YNode, int]] = {}
        self.nodes = 0
        self.aliases = 0

    def problem(
        self,
        message: str,
        line: int,
        column: int | None,
        also: str | None = None,
        path: str = "",
    ) -> None:
        snippet = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        self.problems.append(Problem(message, self.file, line, column, path, snippet, also))

    def fail(self, message: str, line: int, column: int | None, path: str = "") -> CatalogueError:
        self.problem(message, line, column, path=path)
        return CatalogueError(self.problems)

    def events(self) -> Iterator[yaml.Event]:
        parser: Any
        if _CParser is not None and len(self.text) > PYTHON_PARSER_CHARS:
            parser = _CParser(self.text)
        else:
            parser = yaml.SafeLoader(self.text)
        try:
            while parser.check_event():
                yield parser.get_event()
        finally:
            parser.dispose()

    def build(self) -> YNode | None:
        if "\t" in self.text:
            self._check_tabs()
        if any(char in self.text for char in _ODD_BREAKS):
            self._check_odd_breaks()
        # stack of containers being filled; for mappings, a pending key
        stack: list[_Frame] = []
        root: YNode | None = None
        documents = 0
        try:
            for event in self.events():
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise self.fail(
                            "expected one YAML document, found a second one ('---')",
                            *_position(event),
                        )
                    continue
                if isinstance(
                    event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
                ):
                    continue
                if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    frame = stack.pop()
                    if frame.anchor is not None:
                        self.anchors[frame.anchor] = (frame.node, self.nodes - frame.start)
                    if not stack:
                        root = frame.node
                    else:
                        self._attach(stack, frame.node)
                    continue
                if isinstance(event, yaml.AliasEvent):
                    alias = self._alias(event)
                    if not stack:
                        root = alias
                    else:
                        self._attach(stack, alias)
                    continue
                node = self._node_for(event, _child_path(stack))
                if node is None:
                    continue
                if isinstance(node, (YMapping, YSequence)):
                    if len(stack) >= MAX_DEPTH:
                        raise self.fail(
                            f"the YAML is nested more than {MAX_DEPTH} levels deep",
                            node.line,
                            node.column,
                        )
                    stack.append(
                        _Frame(node, getattr(event, "anchor", None), self.nodes, _child_path(stack))
                    )
                    continue
                if not stack:
                    root = node
                else:
                    self._attach(stack, node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = exc.problem or "malformed YAML"
            if exc.context:
                message = f"{exc.context}: {message}"
                context = exc.context_mark
                if context is not None and mark is not None and context.line != mark.line:
                    message += f" (the construct began on line {context.line + 1})"
            if mark is not None:
                self.problem(f"malformed YAML: {message}", mark.line + 1, mark.column + 1)
            else:
                self.problem(f"malformed YAML: {message}", 1, None)
            raise CatalogueError(self.problems) from None
        except yaml.reader.ReaderError as exc:
            character = exc.character if isinstance(exc.character, int) else ord(exc.character)
            index = exc.position
            if len(self.text) > PYTHON_PARSER_CHARS and _CParser is not None:
                # libyaml counts the UTF-8 bytes before the character, not characters
                index = len(
                    self.text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore")
                )
            line, column = self._locate(index)
            self.problem(
                f"the character U+{character:04X} is not allowed in YAML text: remove it",
                line,
                column,
            )
            raise CatalogueError(self.problems) from None
        except UnicodeEncodeError as exc:  # libyaml's parser meets a lone surrogate
            line, column = self._locate(exc.start)
            self.problem(
                f"the character U+{ord(exc.object[exc.start]):04X} (a lone surrogate) is not "
                "allowed in YAML text: remove it",
                line,
                column,
            )
            raise CatalogueError(self.problems) from None
        except yaml.YAMLError as exc:
            self.problem(f"malformed YAML: {exc}", 1, None)
            raise CatalogueError(self.problems) from None
        if self.problems:
            raise CatalogueError(self.problems)
        if isinstance(root, YScalar) and root.is_null:
            return None
        return root

    def _check_tabs(self) -> None:
        for number, line in enumerate(self.lines, start=1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                self.problem(
                    "a tab is used for indentation: YAML indents with spaces only",
                    number,
                    len(line) - len(stripped) + 1,
                )
        if self.problems:
            raise CatalogueError(self.problems)

    def _locate(self, index: int) -> tuple[int, int]:
        """The 1-based line and column of the character at ``index`` of the text."""
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def _check_odd_breaks(self) -> None:
        for number, line in enumerate(self.lines, start=1):
            for char, name in _ODD_BREAKS.items():
                if char in line:
                    self.problem(
                        f"the character U+{ord(char):04X} ({name}) is read by YAML as a line "
                        "break: replace it with a space or a new line",
                        number,
                        line.index(char) + 1,
                    )
        if self.problems:
            raise CatalogueError(self.problems)

    def _count(self, amount: int, line: int, column: int) -> None:
        self.nodes += amount
        if self.nodes > MAX_NODES:
            raise self.fail(
                f"the document expands to more than {MAX_NODES:,} values "
                "(aliases such as *name repeat what they point to): refusing to read it",
                line,
                column,
            )

    def _check_tag(self, tag: str | None, line: int, column: int, path: str) -> None:
        if tag not in _ALLOWED_TAGS:
            raise self.fail(
                f"the tag {tag} is not allowed: a catalogue holds plain text, numbers, "
                "lists and mappings only",
                line,
                column,
                path,
            )

    def _alias(self, event: yaml.AliasEvent) -> YNode:
        line, column = _position(event)
        anchor = event.anchor
        found = self.anchors.get(anchor) if anchor is not None else None
        if found is None:
            raise self.fail(f"the alias *{anchor} points to no anchor", line, column)
        node, size = found
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise self.fail(
                f"the document uses more than {MAX_ALIASES:,} aliases (*name): refusing to read it",
                line,
                column,
            )
        self._count(max(size, 1), line, column)
        return node

    def _node_for(self, event: yaml.Event, path: str) -> YNode | None:
        line, column = _position(event)
        if isinstance(event, yaml.ScalarEvent):
            self._check_tag(event.tag, line, column, path)
            self._count(1, line, column)
            plain = not event.style and event.tag is None  # libyaml writes '' for plain
            refused = refusal(event.value)  # the text after YAML's escapes ("\e", "\x00")
            if refused is not None:
                self.problem(refused[1], line, column, path=path)
            scalar = YScalar(event.value, line, column, plain)
            if event.anchor is not None:
                self.anchors[event.anchor] = (scalar, 1)
            return scalar
        if isinstance(event, yaml.MappingStartEvent):
            self._check_tag(event.tag, line, column, path)
            self._count(1, line, column)
            return YMapping(line, column)
        if isinstance(event, yaml.SequenceStartEvent):
            self._check_tag(event.tag, line, column, path)
            self._count(1, line, column)
            return YSequence(line, column)
        return None  # pragma: no cover - every other event is handled by the caller

    def _attach(self, stack: list[_Frame], node: YNode) -> None:
        frame = stack[-1]
        parent = frame.node
        if isinstance(parent, YSequence):
            parent.items.append(node)
            return
        assert isinstance(parent, YMapping)
        key = frame.key
        if key is None:
            if not isinstance(node, YScalar):
                raise self.fail(
                    "expected a plain key such as 'id:', found a "
                    + ("mapping" if isinstance(node, YMapping) else "list")
                    + " used as a key",
                    node.line,
                    node.column,
                )
            if node.value == "<<" and node.plain:
                raise self.fail(
                    "merge keys ('<<') are not supported: write the keys out",
                    node.line,
                    node.column,
                )
            if node.value in parent.keys:
                first = parent.keys[node.value]
                self.problem(
                    f"duplicate key {node.value!r}: it is already given on line {first.line}",
                    node.line,
                    node.column,
                    also=f"first given at {self.file}:{first.line}:{first.column}",
                    path=_join(frame.path, node.value),
                )
                frame.key = _Duplicate(node)
                return
            frame.key = node
            return
        frame.key = None
        if isinstance(key, _Duplicate):
            return
        assert isinstance(key, YScalar)
        parent.keys[key.value] = key
        parent.items[key.value] = node


class _Duplicate:
    __slots__ = ("key",)

    def __init__(self, key: YScalar) -> None:
        self.key = key


def _position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    if mark is None:  # pragma: no cover - the parser always marks events
        return 1, 1
    return mark.line + 1, mark.column + 1


class _Frame:
    """A mapping or sequence being filled, with its pending key, anchor and path."""

    __slots__ = ("anchor", "key", "node", "path", "start")

    def __init__(
        self, node: YMapping | YSequence, anchor: str | None, start: int, path: str
    ) -> None:
        self.node = node
        self.anchor = anchor
        self.start = start
        self.path = path
        self.key: YScalar | _Duplicate | None = None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _child_path(stack: list[_Frame]) -> str:
    """The path (``measures[3].target``) of the next node attached to the innermost frame."""
    if not stack:
        return ""
    frame = stack[-1]
    if isinstance(frame.node, YSequence):
        return f"{frame.path}[{len(frame.node.items)}]"
    key = frame.key
    if key is None:  # the next node is a key itself
        return frame.path
    name = key.key.value if isinstance(key, _Duplicate) else key.value
    return _join(frame.path, name)
