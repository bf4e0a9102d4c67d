"""Make untrusted text safe to place in Markdown and reStructuredText: it stays text.

Case-study text may hold anything: ``*``, ``|``, backticks, ``<script>``, ``.. raw:: html``,
``:role:`` syntax, ``[x](javascript:...)``, a lone ``_``, line breaks, any Unicode. Both
CommonMark and reStructuredText let a backslash make any ASCII punctuation character literal,
so every such character that could take part in markup is escaped, and runs of whitespace
(line breaks included) become one space, so no text can start a new block, list, heading,
directive or table row. The cost is a few redundant backslashes in the source; the rendered
text is exactly the input.

Never feed escaped text back through a template that adds its own markup around the characters,
and never place it inside a literal or code span (where backslashes are not escapes).
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote

# ASCII punctuation that can never start or end markup in either language, at any position
# in a single line of text: left as it is, so the source stays readable.
_INERT = frozenset(",;'\"%/?$^")
# Every other ASCII punctuation character gets a backslash. A regular expression finds them:
# for the short texts of a case study it is twice as fast as str.translate with a mapping.
_ESCAPED = re.compile(
    "[" + re.escape("".join(c for c in string.punctuation if c not in _INERT)) + "]"
)
# Characters kept as they are in a link destination: unreserved and the URL delimiters that
# cannot end a Markdown or reST link. Everything else is percent-encoded.
_URL_SAFE = "/:?#[]@!$&+,;=%-._~"


def collapse(text: str) -> str:
    """Return *text* with every run of whitespace as one space, and no NUL characters.

    CommonMark turns NUL into U+FFFD, so do it here for both formats alike.
    """
    return " ".join(text.replace("\x00", "\ufffd").split())


def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match[0]


def escape_text(text: str) -> str:
    """Return *text* as inline Markdown or reST content that renders as exactly that text.

    Safe in paragraphs, headings, titles, list items, GFM table cells and ``list-table`` cells.
    """
    escaped = _ESCAPED.sub(_backslashed, collapse(text))
    if escaped[:1] in _INERT:
        # A line made of one repeated punctuation character ("???") is a title adornment or a
        # transition in reST: escape the first character so no line can be one.
        escaped = "\\" + escaped
    return escaped


def link_target(url: str) -> str:
    """Return *url* percent-encoded so that it cannot end or break out of a link's syntax.

    The schema admits only ``http`` and ``https`` addresses without white space; this
    additionally encodes ``<``, ``>``, ``(``, ``)``, backticks, quotes and anything non-ASCII.
    """
    return quote(url, safe=_URL_SAFE)


def escape_rst(text: str) -> str:
    """Return *text* as reStructuredText inline content; see :func:`escape_text`.

    One case needs more than in Markdown: text made only of backslashes escapes to a line of one
    repeated character, which reST could read as a transition or title adornment. An escaped
    space (which reST drops) in front breaks the repetition.
    """
    escaped = escape_text(text)
    if set(escaped) == {"\\"}:
        return "\\ " + escaped
    return escaped
