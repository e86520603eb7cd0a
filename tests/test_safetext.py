"""The safe-text rules: terminal escapes, refused characters, formula-like cells, Markdown.

Expected values are written out by hand from the rules in cspmeasures.safetext's docstring
(Python's own escape spellings for the terminal; OWASP's "CSV Injection" page for the
formula prefixes; GitHub's Markdown, through cmark-gfm, for what is a link).
"""

from __future__ import annotations

import json

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from cspmeasures.safetext import (
    formula_like,
    json_safe,
    markdown_text,
    refusal,
    terminal_safe,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, café, 安全, 🛡", "plain text, café, 安全, 🛡"),
        ("tab\tand\nnew line", "tab\tand\nnew line"),
        ("\x1b[2Jclear", "\\x1b[2Jclear"),
        ("nul\x00", "nul\\x00"),
        ("bell\x07 cr\r del\x7f", "bell\\x07 cr\\x0d del\\x7f"),
        ("c1 \x85 \x9b", "c1 \\x85 \\x9b"),
        ("\ud800 lone", "\\ud800 lone"),
        ("\ufffe\uffff\ufdd0", "\\ufffe\\uffff\\ufdd0"),
        ("\U0010ffff \U0001fffe", "\\U0010ffff \\U0001fffe"),
        ("\u202eevil\u202c \u2066i\u2069", "\\u202eevil\\u202c \\u2066i\\u2069"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("\u200f rlm and \u00a0 nbsp stay", "\u200f rlm and \u00a0 nbsp stay"),
    ],
)
def test_terminal_safe_escapes_what_acts_on_a_terminal(text: str, shown: str) -> None:
    """Controls, surrogates, noncharacters, bidi overrides and separators are escaped."""
    assert terminal_safe(text) == shown
    shown.encode("utf-8")  # always encodable


def test_json_safe_keeps_the_values() -> None:
    """JSON made safe decodes to the very same strings, and holds no unsafe character."""
    values = {"t": "\x1b[2J \x85 \ud800 \ufffe \U0010ffff \u202e ok é"}
    document = json.dumps(values, ensure_ascii=False)
    safe = json_safe(document)
    assert json.loads(safe) == values
    assert safe == ('{"t": "\\u001b[2J \\u0085 \\ud800 \\ufffe \\udbff\\udfff \\u202e ok é"}')


@pytest.mark.parametrize(
    ("text", "index", "message"),
    [
        ("ok\x1bx", 2, "the control character U+001B (ESCAPE) is not allowed in text: remove it"),
        ("\x00", 0, "the control character U+0000 (NUL) is not allowed in text: remove it"),
        ("a\x9b", 1, "the control character U+009B (CSI) is not allowed in text: remove it"),
        ("a\x01", 1, "the control character U+0001 is not allowed in text: remove it"),
        ("ab\ufffe", 2, "the noncharacter U+FFFE is not allowed in text: remove it"),
        ("\U0010ffff", 0, "the noncharacter U+10FFFF is not allowed in text: remove it"),
        (
            "x\udc00",
            1,
            "the lone surrogate U+DC00 (half of a character pair) is not allowed in text: "
            "remove it",
        ),
    ],
)
def test_refusal_names_the_first_refused_character(text: str, index: int, message: str) -> None:
    """The first refused character is found and named."""
    assert refusal(text) == (index, message)


@pytest.mark.parametrize("text", ["tab\there", "two\nlines", "\u202e bidi", "line\u2028sep", ""])
def test_refusal_allows_tab_new_line_and_format_characters(text: str) -> None:
    """Tab, new line and the characters that are only shown escaped are not refused."""
    assert refusal(text) is None


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example/","x")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "-5 pp",
        "- 5",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
    ],
)
def test_formula_like_cells(cell: str) -> None:
    """A cell beginning =, +, -, @, tab or CR is a formula to a spreadsheet."""
    assert formula_like(cell)


@pytest.mark.parametrize(
    "cell", ["-5", "-0.25", "-.5", "-12.5%", "-1e3", "-", "plain", "5-3", "a=b", "", " =1"]
)
def test_plain_negative_numbers_and_text_are_not_formulas(cell: str) -> None:
    """A plain negative number stays a number; other text not beginning so is data."""
    assert not formula_like(cell)


def _rendered(text: str) -> str:
    """GitHub's rendering of ``text`` in a table cell (the HTML of the cell)."""
    page = cmarkgfm.github_flavored_markdown_to_html(
        f"| a |\n|---|\n| {text} |\n", options=Options.CMARK_OPT_UNSAFE
    )
    return page.split("<td>", 1)[1].split("</td>", 1)[0]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
        ("![i](http://evil.example/x.png)", "![i](http://evil.example/x.png)"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<https://evil.example/>", "&lt;https://evil.example/&gt;"),
        (
            "see https://evil.example/ or www.evil.example",
            "see https://evil.example/ or www.evil.example",
        ),
        ("[ref]: http://evil.example/", "[ref]: http://evil.example/"),
        ("a \\[b](c) back\\slash", "a \\[b](c) back\\slash"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_text_renders_as_written_with_no_link(text: str, shown: str) -> None:
    """Rendered by GitHub's Markdown, the text shows as written and makes no link or image."""
    html = _rendered(markdown_text(text))
    assert html == shown
    assert "<a " not in html
    assert "<img" not in html


def test_markdown_bare_email_is_linked_to_itself() -> None:
    """The one link GitHub makes by itself: an e-mail address, whose link is its own text."""
    assert _rendered(markdown_text("write to a@b.org")) == (
        'write to <a href="mailto:a@b.org">a@b.org</a>'
    )
