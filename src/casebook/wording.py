"""Name and quote data in messages: short, escaped, and the same words everywhere.

A message that quotes its input must not grow with the input (a 10 MB id gives a short excerpt,
not a 10 MB line) and must never send the input's control characters or terminal escape
sequences to the terminal. Every message casebook prints goes through :func:`printable`, and
every quoted value through :func:`quote` or :func:`excerpt`, so each rule is kept in one place.
A leaf module: it imports nothing from casebook.
"""

from __future__ import annotations

import re
from typing import Any

#: Characters of a quoted value that a message shows; the rest is counted, not shown.
EXCERPT_LENGTH = 60
#: Characters of a message line that are shown; a longer one is cut, saying how long it was.
MESSAGE_LENGTH = 1000


def json_type(value: Any) -> str:
    """Return how the format names the JSON type of *value*: ``a boolean``, ``an array``..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__} (not JSON data)"


def printable(text: str) -> str:
    r"""Return *text* with every character that is not printable shown as an escape.

    Control characters (newlines and ESC among them), format characters such as bidirectional
    overrides, line separators and lone surrogates become ``\xNN``, ``\uNNNN`` or
    ``\UNNNNNNNN``, so a message stays one line and the terminal shows it as written.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


# What a terminal acts on rather than shows: the C0 controls but tab and newline (ESC starts an
# escape sequence, CR returns to the line's start), DEL and the C1 controls (CSI among them),
# the line separators, and the marks and controls that reorder text (a right-to-left override
# in a name would reverse what follows it on the line).
_TERMINAL_ACTS_ON = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def terminal_text(text: str) -> str:
    r"""Return *text*, a command's output of many lines, with what a terminal acts on escaped.

    Unlike :func:`printable`, it keeps newlines and tabs (the output's own layout) and every
    other character that is only shown, such as the joiners that some scripts need.
    """
    return _TERMINAL_ACTS_ON.sub(lambda found: _escape(found[0]), text)


def terminal_json(text: str) -> str:
    r"""Return the JSON text *text* with what a terminal acts on written as ``\uNNNN``.

    The JSON means the same: those characters can only be in its strings, where the escape is
    the character.
    """
    return _TERMINAL_ACTS_ON.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def shorten(text: str, limit: int = MESSAGE_LENGTH) -> str:
    """Return *text* escaped (see :func:`printable`) and cut to about *limit* characters."""
    if len(text) <= limit:
        shown = printable(text)
        if len(shown) <= limit:
            return shown
    shown = printable(text[:limit])[:limit]
    return f"{shown}... ({len(text):,} characters in all)"


def quote(text: str) -> str:
    """Return *text* quoted as Python would (``'name'``), escaped, and cut if it is long."""
    if len(text) <= EXCERPT_LENGTH:
        return printable(repr(text))
    return f"{printable(repr(text[:EXCERPT_LENGTH]))}... ({len(text):,} characters in all)"


def excerpt(value: Any) -> str:
    """Return a short, escaped excerpt of a JSON value as JSON text (strings in ``"``).

    Arrays and objects are named by their type rather than shown, so that an excerpt never
    grows with the data or walks deep nesting.
    """
    import json  # noqa: PLC0415 - only needed when a problem is reported

    if isinstance(value, str):
        cut = value[:EXCERPT_LENGTH]
        shown = printable(json.dumps(cut, ensure_ascii=False))
        if len(cut) < len(value):
            shown += f"... ({len(value):,} characters in all)"
        return shown
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        if value.bit_length() > 4 * EXCERPT_LENGTH:
            # value >= 2**(bits - 1), so it has more digits than this (log10(2) = 0.30103...).
            return f"an integer of more than {int((value.bit_length() - 1) * 0.30103):,} digits"
        return shorten(str(value), EXCERPT_LENGTH)
    if isinstance(value, float):
        return repr(value)
    return json_type(value)
