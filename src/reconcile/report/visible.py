r"""Text from the input made safe to show: control and bidi characters as visible escapes.

A label or quote may hold anything its file held: ESC sequences that recolour
or retitle a terminal (``\x1b]0;...``), bidirectional overrides that show
text in another order than it is stored (U+202E), line breaks that open a new
Markdown block, lone surrogates that no encoder can write. Every report
shows such a character as its escape (``\x1b``, ``\u202e``), so the reader
sees exactly what the file holds and nothing can act on the screen.
"""

from __future__ import annotations

import re

_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}\ud800-\udfff]")
_UNSAFE_BUT_LAYOUT = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}\ud800-\udfff]"
)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(found: re.Match[str]) -> str:
    character = found.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    r"""`text` with every control, bidi-control and line-separator character escaped.

    >>> visible("Camp\x1b[31m Ashraf\u202e")
    'Camp\\x1b[31m Ashraf\\u202e'
    """
    return _UNSAFE.sub(_escape, text)


def visible_keeping_layout(text: str) -> str:
    """Like `visible`, but tabs and line feeds stay: for HTML, where they are only spacing."""
    return _UNSAFE_BUT_LAYOUT.sub(_escape, text)


def visible_lines(text: str) -> str:
    """`text` made visible line by line: its own line feeds stay, everything else is escaped."""
    return "\n".join(visible(line) for line in text.split("\n"))
