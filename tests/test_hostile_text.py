"""Hostile text in every text field never makes unsafe output, whatever the format.

Generated strings mix terminal escapes, C0 and C1 controls, lone surrogates, noncharacters,
bidirectional overrides and isolates, spreadsheet formula prefixes, HTML and Markdown links
and images. They go into every text field (catalogue title, organisation and description,
theme titles and priorities, measure titles, owners, partners, notes and descriptions,
milestone and judged texts, evidence and notes of the actuals) two ways:

* through the loaders, written as YAML escapes and raw CSV cells: the loader either refuses
  the text (and its message is itself safe) or the text reaches every output;
* into the model directly (a program building a catalogue in Python), past the loaders.

Every output is then checked against independent references: the Unicode database for
characters that act on a terminal, Python's HTML parser for markup, GitHub's Markdown
renderer (cmark-gfm) for links and images, Python's csv reader for formula-like cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from html.parser import HTMLParser

import attrs
import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given
from hypothesis import strategies as st

import cspmeasures
from cspmeasures.actuals import Actuals, loads_actuals
from cspmeasures.catalogue import loads_catalogue
from cspmeasures.cli import explain_text
from cspmeasures.errors import CatalogueError
from cspmeasures.model import Catalogue, JudgedTarget, MilestoneTarget
from cspmeasures.render import render_catalogue_list, render_report

AS_OF = dt.date(2017, 9, 30)
#: the number of text fields the template below fills
FIELDS = 19
TEMPLATE = """\
catalogue:
  id: hostile
  title: {0}
  organisation: {1}
  description: {2}
  year: 2017-18
units:
  assessment: an assessment
themes:
  - id: safety
    title: {3}
    priority: {4}
  - id: other
    title: {5}
measures:
  - id: assessments
    title: {6}
    theme: safety
    unit: assessment
    value: count
    polarity: higher
    target: 840 assessments per year
    owner: {7}
    notes: {8}
    description: {9}
    partners: [{10}]
  - id: plan
    title: {11}
    theme: other
    polarity: none
    target: {{milestone: {12}}}
  - id: aim
    title: {13}
    theme: other
    polarity: none
    target: {{judged: {14}}}
"""
ACTUALS_HEADER = "measure,period,value,state,judgement,evidence,note"

PIECES = [
    "\x1b[2J",
    "\x1b]8;;http://evil.example/\x1b\\",
    "\x1b[8m",
    "\x00",
    "\x07",
    "\x08",
    "\r",
    "\x7f",
    "\x85",
    "\x9b",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\U0010ffff",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u2028",
    "=",
    "+",
    "-",
    "@",
    "\t",
    '=HYPERLINK("http://evil.example/","Click")',
    "-2+3",
    "-5",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![i](http://evil.example/x.png)",
    "<https://evil.example/>",
    "https://evil.example/",
    "www.evil.example",
    "[r]: http://evil.example/",
    "&lt;",
    "&",
    '"',
    "'",
    "|",
    "\\",
    "*",
    "_",
    "`",
    "\n",
    " ",
    "é",
    "\U0001f6e1",
]
#: the pieces the loaders accept (no C0 or C1 control but tab and new line, no surrogate, no
#: noncharacter), each with something visible
VISIBLE = [p for p in PIECES if p.strip() and not any(_ in p for _ in "\x1b\x00\x07\x08\r\x7f")]
VISIBLE = [
    p for p in VISIBLE if p not in ("\x85", "\x9b", "\ud800", "\udfff", "\ufffe", "\U0010ffff")
]
LOADABLE = st.lists(
    st.sampled_from(VISIBLE)
    | st.sampled_from(["\t", "\n", " "])
    | st.characters(blacklist_categories=("Cc", "Cs")).filter(
        lambda c: not (0xFDD0 <= ord(c) <= 0xFDEF or (ord(c) & 0xFFFF) >= 0xFFFE)
    ),
    max_size=6,
).flatmap(lambda rest: st.sampled_from(VISIBLE).map(lambda one: one + "".join(rest)))
HOSTILE = st.lists(
    st.sampled_from(PIECES) | st.text(min_size=1, max_size=3), min_size=1, max_size=6
).map("".join)
TEXTS = st.lists(HOSTILE, min_size=FIELDS, max_size=FIELDS)

# --- the references -----------------------------------------------------------------------

_BIDI_CONTROLS = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def _unsafe(char: str) -> bool:
    """A character that acts on a terminal or cannot be encoded (Unicode database)."""
    code = ord(char)
    if char in "\n\t":
        return False
    if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
        return True
    noncharacter = 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFF) >= 0xFFFE
    return noncharacter or code in _BIDI_CONTROLS


def assert_terminal_safe(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if _unsafe(c)})
    assert not bad, bad
    text.encode("utf-8")


_PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_PAGE_ATTRIBUTES = {"lang", "charset", "class", "style"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.links: list[tuple[str | None, str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.links.append((self._href, "".join(self._text)))

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def assert_no_markup(
    page: str, allowed: set[str], attributes_allowed: set[str] = _PAGE_ATTRIBUTES
) -> _Tags:
    """Only the tags the renderer writes itself, with its own attributes; no comments."""
    parser = _Tags()
    parser.feed(page)
    parser.close()
    for tag, attributes in parser.tags:
        assert tag in allowed, tag
        assert {name for name, _ in attributes} <= attributes_allowed, attributes
    assert not parser.comments
    return parser


def assert_markdown_safe(markdown: str) -> None:
    """GitHub's renderer makes no link but an e-mail address's own, no image, no HTML."""
    assert_terminal_safe(markdown)
    page = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    allowed = _PAGE_TAGS | {"a", "em", "strong", "code", "del", "br", "div"}
    # an e-mail address's link to itself carries an href, checked below
    parser = assert_no_markup(page, allowed, _PAGE_ATTRIBUTES | {"href"})
    for href, text in parser.links:
        assert href == f"mailto:{text}", (href, text)


_PLAIN_NEGATIVE = re.compile(r"-(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?")


def assert_csv_safe(text: str) -> list[list[str]]:
    """No cell that a spreadsheet would run (OWASP's prefixes), read back by csv."""
    assert_terminal_safe(text)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert cell == "-" or _PLAIN_NEGATIVE.fullmatch(cell), cell
    return rows


def _as_json_reads(text: str) -> str:
    """``text`` as JSON gives it back: two lone surrogates side by side read as one pair."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


# --- every output ---------------------------------------------------------------------------


def assert_every_output_safe(catalogue: Catalogue, actuals: Actuals) -> None:
    report = cspmeasures.evaluate(catalogue, actuals, AS_OF)
    for tablefmt in ("simple", "grid", "github", "pipe", "rst", "plain"):
        assert_terminal_safe(render_report(report, "table", catalogue=catalogue, tablefmt=tablefmt))
        assert_terminal_safe(render_catalogue_list(catalogue, "table", tablefmt))
    for tablefmt in ("html", "unsafehtml"):
        table = render_report(report, "table", catalogue=catalogue, tablefmt=tablefmt)
        assert_terminal_safe(table)
        assert_no_markup(table, _PAGE_TAGS)
        listed = render_catalogue_list(catalogue, "table", tablefmt)
        assert_terminal_safe(listed)
        assert_no_markup(listed, _PAGE_TAGS)
    page = render_report(report, "html", catalogue=catalogue)
    assert_terminal_safe(page)
    assert_no_markup(page, _PAGE_TAGS)
    listed = render_catalogue_list(catalogue, "html")
    assert_terminal_safe(listed)
    assert_no_markup(listed, _PAGE_TAGS)
    assert_markdown_safe(render_report(report, "markdown", catalogue=catalogue))
    assert_markdown_safe(render_catalogue_list(catalogue, "markdown"))
    rows = assert_csv_safe(render_report(report, "csv", catalogue=catalogue))
    assert len(rows) == 1 + len(report.evaluations)
    assert_csv_safe(render_catalogue_list(catalogue, "csv"))
    document = render_report(report, "json", catalogue=catalogue)
    assert_terminal_safe(document)
    data = json.loads(document)
    assert data["title"] == _as_json_reads(catalogue.title)  # kept, as JSON escapes
    titles = [_as_json_reads(m.title) for m in catalogue.measures]
    assert [r["title"] for r in data["results"]] == titles
    listed = render_catalogue_list(catalogue, "json")
    assert_terminal_safe(listed)
    json.loads(listed)
    for evaluation in report.evaluations:
        assert_terminal_safe(explain_text(catalogue, evaluation.id, evaluation, AS_OF))


# --- through the loaders ------------------------------------------------------------------


def _yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every non-ASCII or odd character escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out) + '"'


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _actuals_text(texts: list[str]) -> str:
    rows = [
        ["assessments", "2017-18 Q1", "200", "", "", "", texts[15]],
        ["assessments", "2017-18 Q2", "230", "", "", "", texts[16]],
        ["plan", "2017-18 Q2", "", "in-progress", "", texts[17], ""],
        ["aim", "2017-18 Q2", "", "", "on-track", texts[18], ""],
    ]
    return ACTUALS_HEADER + "\n" + "".join(_csv_line(row) for row in rows)


@given(TEXTS)
def test_hostile_text_through_the_loaders(texts: list[str]) -> None:
    """The loaders refuse with a safe message, or every output of what loaded is safe."""
    try:
        catalogue = loads_catalogue(TEMPLATE.format(*map(_yaml_quoted, texts)), "hostile.yaml")
        actuals = loads_actuals(_actuals_text(texts), catalogue, "hostile.csv")
    except CatalogueError as error:
        assert_terminal_safe(str(error))
        for problem in error.problems:
            assert problem.line is not None
        return
    assert_every_output_safe(catalogue, actuals)


@given(st.lists(LOADABLE, min_size=FIELDS, max_size=FIELDS))
def test_loadable_hostile_text_reaches_every_output_safely(texts: list[str]) -> None:
    """Markup, formulas, bidi overrides and separators load, and show inert everywhere."""
    catalogue = loads_catalogue(TEMPLATE.format(*map(_yaml_quoted, texts)), "hostile.yaml")
    actuals = loads_actuals(_actuals_text(texts), catalogue, "hostile.csv")
    assert catalogue.title.split() == texts[0].split()  # kept as written, but the ends
    assert_every_output_safe(catalogue, actuals)


# --- into the model directly ----------------------------------------------------------------

#: the text fields _poisoned replaces: 3 of themes, 9 of measures, 3 of the catalogue, 8 of rows
MODEL_FIELDS = 23
PLAIN = loads_catalogue(TEMPLATE.format(*['"x"'] * FIELDS), "plain.yaml")
PLAIN_ACTUALS = loads_actuals(_actuals_text(["x"] * FIELDS), PLAIN, "plain.csv")


def _poisoned(texts: list[str]) -> tuple[Catalogue, Actuals]:
    """The plain catalogue and actuals with every text field replaced, past the loaders."""
    it = iter(texts)
    themes = tuple(
        attrs.evolve(theme, title=next(it), priority=next(it) if i == 0 else theme.priority)
        for i, theme in enumerate(PLAIN.themes)
    )
    measures = []
    for measure in PLAIN.measures:
        changes: dict[str, object] = {"title": next(it)}
        if isinstance(measure.target, MilestoneTarget | JudgedTarget):
            changes["target"] = attrs.evolve(measure.target, description=next(it))
        else:
            changes.update(owner=next(it), notes=next(it), description=next(it))
            changes["partners"] = (next(it),)
        measures.append(attrs.evolve(measure, **changes))
    catalogue = attrs.evolve(
        PLAIN,
        title=next(it),
        organisation=next(it),
        description=next(it),
        themes=themes,
        measures=tuple(measures),
    )
    observations = tuple(
        attrs.evolve(o, note=next(it), evidence=next(it)) for o in PLAIN_ACTUALS.observations
    )
    return catalogue, Actuals(observations)


@given(st.lists(HOSTILE, min_size=MODEL_FIELDS, max_size=MODEL_FIELDS))
def test_hostile_text_in_the_model(texts: list[str]) -> None:
    """Raw controls, surrogates and markup in every text field: every output is safe."""
    catalogue, actuals = _poisoned(texts)
    assert_every_output_safe(catalogue, actuals)


def test_evaluate_frame_refuses_what_the_loader_refuses() -> None:
    """A control character in a DataFrame's note is refused, located, as in an actuals file."""
    import pandas

    from cspmeasures.frame import evaluate_frame

    frame = pandas.DataFrame(
        {
            "measure": ["assessments", "assessments"],
            "period": ["2017-18 Q1", "2017-18 Q2"],
            "value": [200, 230],
            "note": ["fine", "see \x1b[2J"],
        }
    )
    with pytest.raises(CatalogueError) as info:
        evaluate_frame(PLAIN, frame, AS_OF)
    (problem,) = info.value.problems
    assert problem.line == 3  # line 2 is the frame's first row
    assert "the control character U+001B (ESCAPE) is not allowed in text" in problem.message
    frame.loc[1, "note"] = "see [x](http://e.example) =1+1"
    assert len(evaluate_frame(PLAIN, frame, AS_OF)) == 3
