"""Reading YAML into located nodes: text kept as written, and every refusal with its place."""

from __future__ import annotations

import pytest

from cspmeasures.errors import CatalogueError, Problem
from cspmeasures.yamlsource import (
    MAX_DEPTH,
    YMapping,
    YNode,
    YScalar,
    YSequence,
    decode,
    parse_yaml,
)


def mapping(node: YNode | None) -> YMapping:
    """The node, which must be a mapping."""
    assert isinstance(node, YMapping)
    return node


def scalar(node: YNode | None) -> YScalar:
    """The node, which must be a scalar."""
    assert isinstance(node, YScalar)
    return node


def only_problem(text: str) -> Problem:
    """The single problem parse_yaml reports for ``text``."""
    with pytest.raises(CatalogueError) as info:
        parse_yaml(text, "plan.yaml")
    assert len(info.value.problems) == 1
    problem = info.value.problems[0]
    assert problem.file == "plan.yaml"
    return problem


@pytest.mark.parametrize(
    "text",
    ["NO", "yes", "off", "1.10", "017", "0x1F", "12:30", "2024-01-31", "1e3", ".inf", "true"],
)
def test_plain_scalars_keep_their_text(text: str) -> None:
    """Values YAML 1.1 would turn into booleans, numbers, times or dates stay as written."""
    value = scalar(mapping(parse_yaml(f"key: {text}\n")).items["key"])
    assert value.value == text
    assert value.plain is True


def test_quoted_scalars_are_known_as_quoted() -> None:
    """Single- and double-quoted values keep their text and are not plain."""
    root = mapping(parse_yaml("a: 'NO'\nb: \"1.10\"\nc: NO\nd: ''\n"))
    assert [(scalar(n).value, scalar(n).plain) for n in root.items.values()] == [
        ("NO", False),
        ("1.10", False),
        ("NO", True),
        ("", False),
    ]


def test_nulls_are_plain_only() -> None:
    """An empty value, '~' and 'null' are null when plain; a quoted 'null' is text."""
    root = mapping(parse_yaml("a:\nb: ~\nc: null\nd: 'null'\ne: \"\"\n"))
    nulls = {key: scalar(node).is_null for key, node in root.items.items()}
    assert nulls == {"a": True, "b": True, "c": True, "d": False, "e": False}


def test_standard_str_tag_is_allowed_and_not_plain() -> None:
    """'!!str 1' is the text '1', marked as not plain."""
    value = scalar(mapping(parse_yaml("a: !!str 1\n")).items["a"])
    assert (value.value, value.plain) == ("1", False)


def test_lines_and_columns_are_one_based() -> None:
    """Mappings, keys, values and sequence items carry 1-based lines and columns."""
    text = "catalogue:\n  id: demo\nmeasures:\n  - id: m1\n    title: One\n"
    root = mapping(parse_yaml(text))
    assert (root.line, root.column) == (1, 1)
    header = mapping(root.items["catalogue"])
    assert (header.line, header.column) == (2, 3)
    assert (header.keys["id"].line, header.keys["id"].column) == (2, 3)
    identifier = scalar(header.items["id"])
    assert (identifier.line, identifier.column) == (2, 7)
    measures = root.items["measures"]
    assert isinstance(measures, YSequence)
    assert (measures.line, measures.column) == (4, 3)
    first = mapping(measures.items[0])
    assert (first.line, first.column) == (4, 5)
    title = scalar(first.items["title"])
    assert (title.value, title.line, title.column) == ("One", 5, 12)


def test_keys_keep_file_order() -> None:
    """A mapping's keys come in the order they are written."""
    root = mapping(parse_yaml("z: 1\na: 2\nm: 3\n"))
    assert list(root.items) == ["z", "a", "m"]
    assert list(root.keys) == ["z", "a", "m"]


def test_flow_collections() -> None:
    """Flow sequences and mappings build the same nodes as block ones."""
    root = mapping(parse_yaml("a: [1, 'two', {b: c}]\n"))
    items = root.items["a"]
    assert isinstance(items, YSequence)
    assert [type(node) for node in items.items] == [YScalar, YScalar, YMapping]
    assert scalar(mapping(items.items[2]).items["b"]).value == "c"


def test_duplicate_key_names_both_lines() -> None:
    """A key given twice is refused at the second, naming the first."""
    problem = only_problem("id: a\ntitle: A\nid: b\n")
    assert (problem.line, problem.column) == (3, 1)
    assert "duplicate key 'id'" in problem.message
    assert "already given on line 1" in problem.message
    assert problem.also == "first given at plan.yaml:1:1"
    assert problem.snippet == "id: b"


def test_duplicate_key_in_a_nested_mapping_has_its_path() -> None:
    """A duplicate key inside a list of mappings is reported with the path to it."""
    text = "measures:\n  - id: a\n    title: A\n    title: B\n"
    problem = only_problem(text)
    assert (problem.line, problem.column) == (4, 5)
    assert problem.path == "measures[0].title"
    assert "already given on line 3" in problem.message


def test_every_duplicate_key_is_reported() -> None:
    """Duplicates in different mappings are all reported, in file order."""
    with pytest.raises(CatalogueError) as info:
        parse_yaml("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
    assert [(p.line, p.column) for p in info.value.problems] == [(2, 1), (5, 3)]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object:os.system x\n", "tag:yaml.org,2002:python/object:os.system"),
        ("a: !!python/name:os.system ''\n", "tag:yaml.org,2002:python/name:os.system"),
        ("a: !custom x\n", "!custom"),
        ("a: !!binary aGVsbG8=\n", "tag:yaml.org,2002:binary"),
        ("a: !!set {x: null}\n", "tag:yaml.org,2002:set"),
        ("a: !!timestamp 2024-01-31\n", "tag:yaml.org,2002:timestamp"),
    ],
)
def test_tags_are_refused(text: str, tag: str) -> None:
    """Tags other than the standard scalar and collection ones are refused, with their place."""
    problem = only_problem(text)
    assert (problem.line, problem.column, problem.path) == (1, 4, "a")
    assert f"the tag {tag} is not allowed" in problem.message


def test_tag_inside_a_list_has_its_path() -> None:
    """A refused tag deep in the document is reported with the path to its value."""
    problem = only_problem("measures:\n  - id: a\n  - id: b\n    x: [1, !foo 2]\n")
    assert (problem.line, problem.column, problem.path) == (4, 12, "measures[1].x[1]")


def test_python_object_tag_on_a_mapping_is_refused() -> None:
    """A python/object tag on a mapping is refused before anything is built."""
    problem = only_problem("a: !!python/object/apply:os.system\n  args: [echo hi]\n")
    assert (problem.line, problem.path) == (1, "a")
    assert "is not allowed" in problem.message


def test_second_document_is_refused() -> None:
    """A file holds one YAML document; a second '---' is named with its line."""
    problem = only_problem("a: 1\n---\nb: 2\n")
    assert (problem.line, problem.column) == (2, 1)
    assert "found a second one ('---')" in problem.message


def test_explicit_single_document_is_allowed() -> None:
    """A single document may start with '---' and end with '...'."""
    root = mapping(parse_yaml("---\na: 1\n...\n"))
    assert scalar(root.items["a"]).value == "1"


def test_tab_indentation_is_refused_on_every_line() -> None:
    """Each line indented with a tab is reported, at the tab's column."""
    with pytest.raises(CatalogueError) as info:
        parse_yaml("a:\n\tb: 1\nc:\n  \td: 2\n")
    problems = info.value.problems
    assert [(p.line, p.column) for p in problems] == [(2, 1), (4, 3)]
    assert all("tab is used for indentation" in p.message for p in problems)


def test_tab_inside_a_value_is_allowed() -> None:
    """A tab that is not indentation is part of the text."""
    assert scalar(mapping(parse_yaml('a: "x\ty"\n')).items["a"]).value == "x\ty"


def test_malformed_yaml_names_its_line() -> None:
    """A syntax error is reported as malformed YAML at the line where it is found."""
    problem = only_problem("a: 1\nb: c: d\n")
    assert (problem.line, problem.column) == (2, 5)
    assert problem.message.startswith("malformed YAML:")
    assert "mapping values are not allowed here" in problem.message


def test_unclosed_flow_sequence_names_where_it_began() -> None:
    """An unclosed '[' reports the line it is noticed on and the line it began on."""
    problem = only_problem("a: [1, 2\nb: 3\n")
    assert problem.line == 2
    assert "the construct began on line 1" in problem.message


def test_alias_to_no_anchor_is_refused() -> None:
    """An alias must point to an anchor defined before it."""
    problem = only_problem("a: &x 1\nb: *y\n")
    assert (problem.line, problem.column) == (2, 4)
    assert "the alias *y points to no anchor" in problem.message


def test_aliases_repeat_their_anchor() -> None:
    """An alias within the budget yields the node it points to."""
    root = mapping(parse_yaml("a: &x [1, 2]\nb: *x\n"))
    assert root.items["b"] is root.items["a"]


def test_merge_key_is_refused() -> None:
    """'<<' merge keys are not supported."""
    problem = only_problem("base: &b {x: 1}\nitem:\n  <<: *b\n")
    assert (problem.line, problem.column) == (3, 3)
    assert "merge keys ('<<') are not supported" in problem.message


def test_collection_as_key_is_refused() -> None:
    """Keys are plain scalars; a list used as a key is refused."""
    problem = only_problem("? [a, b]\n: 1\n")
    assert "found a list used as a key" in problem.message


def test_alias_bomb_stops_at_the_node_limit() -> None:
    """The 'billion laughs' document stops with the expansion limit message."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    problem = only_problem("\n".join(lines) + "\n")
    assert "expands to more than 5,000,000 values" in problem.message
    assert "aliases" in problem.message
    assert 2 <= (problem.line or 0) <= 10


def test_nesting_at_the_depth_limit_is_read() -> None:
    """Exactly MAX_DEPTH nested lists are allowed."""
    root = parse_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(root, YSequence)
        root = root.items[0]
    assert isinstance(root, YSequence)
    assert root.items == []


def test_deep_nesting_stops_with_the_depth_message() -> None:
    """One level more than MAX_DEPTH is refused where the extra level opens."""
    depth = MAX_DEPTH + 1
    problem = only_problem("[" * depth + "]" * depth)
    assert (problem.line, problem.column) == (1, depth)
    assert f"nested more than {MAX_DEPTH} levels deep" in problem.message


def test_deep_block_mappings_stop_with_the_depth_message() -> None:
    """Deeply indented block mappings hit the same limit."""
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * 70 + "v\n"
    problem = only_problem(text)
    assert f"nested more than {MAX_DEPTH} levels deep" in problem.message
    assert problem.line == MAX_DEPTH + 1


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\n", "  \n \n", "# only a comment\n", "---\n", "~\n"]
)
def test_empty_documents_give_none(text: str) -> None:
    """Empty, whitespace-only, comment-only and null documents give None."""
    assert parse_yaml(text) is None


def test_scalar_document_is_a_scalar() -> None:
    """A document that is one scalar is returned as that scalar."""
    assert scalar(parse_yaml("hello\n")).value == "hello"


def test_decode_accepts_a_bom() -> None:
    """A UTF-8 byte order mark is dropped."""
    assert decode("\ufeffa: é\n".encode(), "plan.yaml") == "a: é\n"


def test_decode_normalises_line_ends() -> None:
    """CRLF and lone CR line ends become LF."""
    assert decode(b"a: 1\r\nb: 2\rc: 3\n", "plan.yaml") == "a: 1\nb: 2\nc: 3\n"


def test_decode_refuses_other_encodings() -> None:
    """Latin-1 bytes are refused with the byte, its offset and its line."""
    with pytest.raises(CatalogueError) as info:
        decode("a: 1\nb: caf\xe9\n".encode("latin-1"), "plan.yaml")
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == ("plan.yaml", 2)
    assert "not UTF-8 text (byte 0xe9 at offset 11)" in problem.message
    assert "save it as UTF-8" in problem.message


def test_decode_refuses_binary() -> None:
    """Bytes with NULs are refused as a binary file."""
    with pytest.raises(CatalogueError, match="binary file") as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "plan.png")
    assert info.value.problems[0].line == 1


def test_crlf_text_reads_with_the_same_positions() -> None:
    """Decoded CRLF text parses to the same lines and columns as LF text."""
    text = decode(b"a: 1\r\nb:\r\n  c: x\r\n", "plan.yaml")
    root = mapping(parse_yaml(text))
    c = scalar(mapping(root.items["b"]).items["c"])
    assert (c.value, c.line, c.column) == ("x", 3, 6)
