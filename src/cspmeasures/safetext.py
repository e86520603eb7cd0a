"""Text that is safe to show: on a terminal, in a spreadsheet and in Markdown.

Catalogues and actuals are written by people and passed around by e-mail, so their text is
untrusted when it is shown again. These helpers keep it inert:

* :func:`terminal_safe`: control characters, lone surrogates, noncharacters, bidirectional
  overrides and hidden line breaks are shown as Python-style escapes (``\\x1b``, ``\\u202e``),
  so nothing printed can move the cursor, clear the screen, reorder a line or fail to encode.
  Tab and new line stay as they are.
* :func:`refusal`: the characters no text in the model may hold (C0 and C1 controls other
  than tab and new line, lone surrogates, noncharacters), with a message naming the first.
* :func:`formula_like`: a spreadsheet cell that Excel, LibreOffice or Google Sheets would read
  as a formula, as OWASP's "CSV Injection" page lists them (a cell beginning ``=``, ``+``,
  ``-``, ``@``, tab or carriage return); a plain negative number is a number, not a formula.
* :func:`markdown_text`: text for Markdown with no link, image, autolink or HTML left in it.
"""

from __future__ import annotations

import re

__all__ = [
    "formula_like",
    "json_safe",
    "markdown_text",
    "refusal",
    "terminal_safe",
]

#: the astral noncharacters U+1FFFE, U+1FFFF ... U+10FFFE, U+10FFFF
_ASTRAL_NONCHARACTERS = "".join(
    chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF)
)
#: characters no text in the model may hold
_REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + _ASTRAL_NONCHARACTERS
    + "]"
)
#: characters never printed raw: the refused ones, and those that reorder or break a line
_UNSHOWN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u2028\u2029\u202a-\u202e\u2066-\u2069" + _ASTRAL_NONCHARACTERS + "]"
)
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEL",
    0x9B: "CSI",
}


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def terminal_safe(text: str) -> str:
    """``text`` with every character that could act on a terminal shown as an escape.

    C0 and C1 controls (tab and new line apart), lone surrogates, noncharacters, the
    bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the
    line and paragraph separators become ``\\x1b``, ``\\u202e``, ``\\U0010ffff``; all else is kept.
    """
    return _UNSHOWN.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 | code >> 10:04x}\\u{0xDC00 | code & 0x3FF:04x}"


def json_safe(document: str) -> str:
    """JSON text with the characters :func:`terminal_safe` escapes written as ``\\uXXXX``.

    The document decodes to the same values (JSON's own escapes), and prints safely.
    """
    return _UNSHOWN.sub(_json_escape, document)


def _describe(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"the lone surrogate U+{code:04X} (half of a character pair)"
    if code > 0x9F:
        return f"the noncharacter U+{code:04X}"
    name = _CONTROL_NAMES.get(code)
    return f"the control character U+{code:04X}" + (f" ({name})" if name else "")


def refusal(text: str) -> tuple[int, str] | None:
    """The index of the first character no text may hold, and a message naming it; else None.

    Refused: C0 and C1 control characters other than tab and new line (escape sequences
    would act on a terminal), lone surrogates (no encoding can write them) and Unicode
    noncharacters (U+FFFE and the like, never meant for text).
    """
    match = _REFUSED.search(text)
    if match is None:
        return None
    what = _describe(match.group())
    return match.start(), f"{what} is not allowed in text: remove it"


_PLAIN_NEGATIVE = re.compile(r"-(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?%?")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read the cell ``text`` as a formula (OWASP, CSV Injection).

    A cell beginning ``=``, ``+``, ``-``, ``@``, tab or carriage return is, except a plain
    negative number (``-5``, ``-0.25``, ``-12.5%``) and a lone ``-``, which stay data.
    """
    if not text.startswith(_FORMULA_STARTS):
        return False
    return not (text == "-" or _PLAIN_NEGATIVE.fullmatch(text))


#: bare web addresses GitHub's Markdown turns into links: a scheme's '://' and 'www.'
_BARE_LINK = re.compile(r"(?<=[A-Za-z])://|(?<![A-Za-z0-9])(www)\.", re.IGNORECASE)


def _break_link(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + "\\."
    return "\\" + match.group()


def markdown_text(text: str) -> str:
    """Text for one line of Markdown, shown as written and with no markup of its own.

    On one line; ``\\``, ``[`` and ``]`` backslash-escaped, ``<`` as ``&lt;`` (no HTML,
    no ``<https://...>`` autolink), and the bare web addresses GitHub links by itself
    (``https://``, ``www.``) broken by a backslash, so that no link, image or HTML comes from
    the text. A bare e-mail address is still linked by GitHub's renderer (no escape stops
    it), to itself: the link shows its own address.
    """
    text = " ".join(text.split())
    text = re.sub(r"([\\\[\]])", r"\\\1", text).replace("<", "&lt;")
    return _BARE_LINK.sub(_break_link, text)
