"""Make untrusted text safe to place in Markdown and reStructuredText: it stays text.

Case-study text may hold anything: ``*``, ``|``, backticks, ``<script>``, ``.. raw:: html``,
``:role:`` syntax, ``[x](javascript:...)``, a lone ``_``, line breaks, any Unicode. Runs of
whitespace (line breaks included) become one space in both languages, so no text can start a
new block, list item, heading, directive or table row; each language then escapes what could
still become markup.

Markdown (:func:`escape_text`) escapes only what CommonMark and GitHub's extensions (tables,
strikethrough, autolinks) could read as markup where the text goes, so ordinary prose (dates,
percentages, parentheses, colons) is written as it is: see :func:`escape_text` for the rules.
reStructuredText (:func:`escape_rst`) backslash-escapes every ASCII punctuation character that
could take part in markup or that docutils' smart quotes would change (quotes, dashes, ``...``);
the cost is a few redundant backslashes in the source.

Never feed escaped text back through a template that adds its own markup around the characters,
and never place it inside a literal or code span (where backslashes are not escapes).

XML (the SVG pictures) escapes differently, and cannot carry every character at all: see
:mod:`casebook.export.xmltext`, whose functions are also importable from here.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Sequence
from html.entities import html5
from urllib.parse import quote

# Still importable from here, where they were until the XML escapes had a module of their own
# (``import X as X`` marks a re-export for type checkers).
from casebook.export.xmltext import escape_xml as escape_xml  # noqa: PLC0414
from casebook.export.xmltext import xml_attribute as xml_attribute  # noqa: PLC0414
from casebook.export.xmltext import xml_text as xml_text  # noqa: PLC0414

# ASCII punctuation that can never start or end markup in either language, at any position
# in a single line of text, nor be changed by docutils' smart quotes (on in a default Sphinx
# build): left as it is, so the source stays readable. The straight quotes ' and " would be
# made curly, "--" and "---" dashes and "..." an ellipsis, so all of those are escaped
# (smart quotes leave a backslash-escaped character alone).
_INERT = frozenset(",;%/?$^")
# Every other ASCII punctuation character gets a backslash. A regular expression finds them:
# for the short texts of a case study it is twice as fast as str.translate with a mapping.
_ESCAPED = re.compile(
    "[" + re.escape("".join(c for c in string.punctuation if c not in _INERT)) + "]"
)
# Characters kept as they are in a link destination: unreserved and the URL delimiters that
# cannot end a Markdown or reST link. Everything else is percent-encoded.
_URL_SAFE = "/:?#[]@!$&+,;=%-._~"
# What quote() never encodes with that: letters, digits, "_.-~" and those.
_URL_KEPT = (string.ascii_letters + string.digits + "_.-~" + _URL_SAFE).encode()
# An "&" that could start a character reference, which CommonMark decodes in a link's
# destination too: "&", then letters, digits or "#", then ";" (the widest form any renderer
# reads: markdown-it-py's, which also takes 8 decimal digits; cmark-gfm reads a subset).
_URL_REFERENCE = re.compile(r"&(?=[#A-Za-z0-9]+;)")
# The bullet list markers of docutils that are not ASCII (the ASCII ones are escaped anyway).
_RST_BULLETS = frozenset("\u2022\u2023\u2043")
# Markdown: the characters that can become markup anywhere in a line, each with the context
# that makes it markup (see escape_text). A backslash before ASCII punctuation (or at the end,
# where a part of the exporter's own may follow) is an escape; backticks, "*", "~" and brackets
# always take part in markup; "_" unless between letters or digits (then it can neither open
# nor close emphasis); "<" before anything but a space (a tag or an autolink); "&" that starts
# a character reference (numeric ones of up to 8 digits, decimal or hexadecimal, as cmark-gfm
# reads them: CommonMark says 7 and 6); the "." of "www." and the ":" of "://" (GitHub's
# autolinks); "@" after a character of an e-mail address.
_MARKDOWN_MARKUP = r"""\\(?=[!-/:-@\[-`{-~]|\Z)
    |[`*~\[\]_]
    |<(?!\s)
    |&(?=\#[0-9]{1,8};|\#[xX][0-9a-fA-F]{1,8};)
    |&(?=[A-Za-z][A-Za-z0-9]{0,31};)"""
_MARKDOWN_AUTOLINKS = r"""(?i:(?<=www))\.
    |:(?=//)
    |(?<=[A-Za-z0-9.+_-])@(?=[A-Za-z0-9._-])"""
_MARKDOWN_INLINE = re.compile(_MARKDOWN_MARKUP + "|" + _MARKDOWN_AUTOLINKS, re.VERBOSE)
# A character without which none of those can match, but "." and ":", which need "w" before
# and "//" after (only "w" and "W" match "w" ignoring case): text with none of these (most
# text) is searched in C, several times quicker than by the substitution.
_MARKDOWN_MAY_ESCAPE = re.compile(r"[\\`*~\[\]_<&@]")
# The ASCII characters that is_plain finds in a text's bytes: the control characters (the only
# ASCII characters that are not printable) and those of _MARKDOWN_MAY_ESCAPE.
_NOT_PLAIN_ASCII = bytes(range(0x20)) + b"\x7f\\`*~[]_<&@"
# In a table cell, "|" too; the texts of a row are joined by a separator that is not printable.
_MARKDOWN_MAY_ESCAPE_CELL = re.compile(r"[\\`*~\[\]_<&@|]")
_NOT_PLAIN_CELL_ASCII = (bytes(range(0x20)) + b"\x7f\\`*~[]_<&@|").replace(b"\x1f", b"")
_SEPARATOR = "\x1f"
_EDGE = " " + _SEPARATOR
# The "." that _MARKDOWN_AUTOLINKS escapes after "www".
_WWW_DOT = re.compile(r"(?i:www)\.")
# Within a link's text no renderer makes another link, so autolink-looking text is left alone.
_MARKDOWN_LINK_TEXT = re.compile(_MARKDOWN_MARKUP, re.VERBOSE)
# What starts a block at the start of a line (or of a list item): a heading, a block quote, a
# bullet, a thematic break, a setext underline, an ordered list marker (its "." or ")").
_MARKDOWN_LINE_START = re.compile(r"[#>]|[-+](?=\s|\Z)|-(?=-)|=+\Z|[0-9]{1,9}(?=[.)](?:\s|\Z))")
# The first character of every match of _MARKDOWN_LINE_START: a text starting otherwise starts no
# block.
_LINE_START_CHARACTERS = "#>+=-0123456789"
# A closing sequence of an ATX heading: "#"s at the end, after a space or alone.
_MARKDOWN_HEADING_END = re.compile(r"(?:(?<=\s)|\A)#+\Z")
#: An empty HTML comment: it renders as nothing, but splits the text so that GitHub's autolink
#: extension, which finds e-mail addresses in the text after parsing whatever is escaped, does
#: not see one.
EMPTY_COMMENT = "<!---->"


def collapse(text: str) -> str:
    """Return *text* with every run of whitespace as one space, and no NUL characters.

    CommonMark turns NUL into U+FFFD, so do it here for both formats alike.
    """
    if is_collapsed(text):
        return text
    return " ".join(text.replace("\x00", "\ufffd").split())


def is_collapsed(text: str) -> bool:
    """Return whether :func:`collapse` leaves *text* as it is; a few scans in C tell most text.

    The ASCII space is the only printable white space (NUL and every other white space
    character are not printable), so printable text is collapsed unless it has a space at
    either end or two together.
    """
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match[0]


def _escaped(text: str) -> str:
    """Return *text* collapsed, with a backslash before every punctuation mark reST could read."""
    escaped = _ESCAPED.sub(_backslashed, collapse(text))
    if escaped[:1] in _INERT:
        # A line made of one repeated punctuation character ("???") is a title adornment or a
        # transition in reST: escape the first character so no line can be one.
        escaped = "\\" + escaped
    return escaped


def escape_text(
    text: str,
    *,
    line_start: bool = True,
    table_cell: bool = True,
    heading: bool = True,
    link_text: bool = False,
) -> str:
    r"""Return *text* as inline Markdown content that renders as exactly that text.

    The defaults make it safe anywhere: in paragraphs and list items, at the start of a line,
    in headings and in GFM table cells, under CommonMark and under GitHub's renderer
    (cmark-gfm with its table, strikethrough, autolink and tag filter extensions). A caller
    that knows where the text goes turns off what cannot apply there, so fewer backslashes are
    written. Escaped, anywhere: ``\\`` before ASCII punctuation or at the end, every backtick,
    ``*``, ``~``, ``[`` and ``]``, ``_`` unless it stands between letters or digits, ``<``
    unless a space follows, ``&`` where it could start a character reference (so ``&amp;``
    stays that text), the ``.`` of ``www.`` and the ``:`` of ``://``. An empty HTML comment,
    :data:`EMPTY_COMMENT`, goes before an ``@`` that follows a letter, digit, ``.``, ``+``,
    ``-`` or ``_``: GitHub would make a link of an e-mail address (and of ``mailto:`` and
    ``xmpp:`` text) however it is escaped, and the comment, which shows as nothing, stops that.

    What follows the text on its line must start with white space or with ASCII punctuation
    other than ``#``, ``;``, ``.``, ``/`` and ``@`` (which could continue a character reference,
    a web address or an e-mail address); the Markdown exporter's links start with ``[``.

    :param line_start: the text may start a line or a list item, where ``#``, ``>``, ``-``,
        ``+``, ``=`` and ``1.`` or ``1)`` would start a block.
    :param table_cell: the text may be in a table row, where ``|`` ends the cell.
    :param heading: the text may be an ATX heading, whose trailing ``#`` run would be dropped.
    :param link_text: the text is the text of a link, within which no renderer makes another
        link: autolink-looking text is left as it is.
    """
    return markdown_escaper(
        line_start=line_start, table_cell=table_cell, heading=heading, link_text=link_text
    )(text)


@functools.cache
def markdown_escaper(
    *, line_start: bool, table_cell: bool, heading: bool, link_text: bool = False
) -> Callable[[str], str]:
    """Return :func:`escape_text` for one place, as a function of the text alone.

    Labels, headers and codes recur on every page: each is escaped once, and found again in C.
    The cache is small: the sentences of thousands of pages pass through it and are dropped.
    Most text needs no escape at all, which :func:`is_plain` tells in a few scans in C; the
    rest is escaped by the position-aware walk.
    """
    # Beyond what is_plain tells, what could change text in this place: a first character that
    # may start a block (empty text has none, and is left to the walk), a cell's "|", a
    # heading's closing "#".
    starts = _LINE_START_CHARACTERS if line_start else ""

    def escape(text: str) -> str:
        if (
            is_plain(text)
            and (link_text or not may_autolink(text))
            and text[:1] not in starts
            and not (table_cell and "|" in text)
            and not (heading and text[-1:] == "#")
        ):
            return text
        return _escape_markdown(
            text,
            line_start=line_start,
            table_cell=table_cell,
            heading=heading,
            link_text=link_text,
        )

    return functools.lru_cache(maxsize=4096)(escape)


def _escape_markdown(
    text: str, *, line_start: bool, table_cell: bool, heading: bool, link_text: bool
) -> str:
    """Return :func:`escape_text`, without a cache."""
    text = collapse(text)
    if may_escape(text):
        markup = _MARKDOWN_LINK_TEXT if link_text else _MARKDOWN_INLINE
        escaped = markup.sub(_markdown_escape, text)
    else:
        escaped = text
    if table_cell:
        escaped = escaped.replace("|", "\\|")
    if line_start and (start := _MARKDOWN_LINE_START.match(text)):
        # No inline escape changes the characters a line-start match spans (they are digits,
        # or one of "#>-+=" at the very start), so the match's end is a place in *escaped* too.
        escaped = (
            escaped[: start.end()] + "\\" + escaped[start.end() :]
            if start[0][0] in string.digits
            else "\\" + escaped
        )
    if heading and escaped[-1:] == "#" and (end := _MARKDOWN_HEADING_END.search(escaped)):
        escaped = escaped[: end.start()] + "\\" + escaped[end.start() :]
    return escaped


def may_escape(text: str) -> bool:
    """Return whether Markdown's inline escapes could change *text*: ``False`` for most text."""
    return bool(_MARKDOWN_MAY_ESCAPE.search(text) or "://" in text or "w." in text or "W." in text)


def may_autolink(text: str) -> bool:
    """Return whether GitHub's autolinks could find an address in *text*: ``://`` or ``www.``.

    Written so that most text is told by scans in C: ``www.`` (in any case) is looked for only
    where a ``w.`` is, as at the end of "review.".
    """
    return "://" in text or (("w." in text or "W." in text) and _WWW_DOT.search(text) is not None)


def is_plain(text: str) -> bool:
    """Return whether *text* is folded already and holds no character of Markdown's inline markup.

    That is :func:`is_collapsed` and no character :func:`may_escape` looks for; the ``.`` and
    ``:`` of autolinks are not looked at (in a link's text they are not escaped). Text that is
    all ASCII (a flag Python keeps) is checked for control characters and those characters in
    one pass over its bytes, instead of one by :meth:`str.isprintable` and one by a regular
    expression.
    """
    if text.isascii():
        if len(text.encode().translate(None, _NOT_PLAIN_ASCII)) != len(text):
            return False
    elif not text.isprintable() or _MARKDOWN_MAY_ESCAPE.search(text):
        return False
    return text[:1] != " " and text[-1:] != " " and "  " not in text


def plain_texts(texts: Sequence[str], *, line_start: bool) -> bool:
    """Return whether each of *texts* is written as it is, within a line or in a table cell.

    Whenever this is true, ``escape_text(text, line_start=line_start, table_cell=True,
    heading=False) == text`` for every text, and none is empty. It is :func:`is_plain` of each,
    no ``"|"`` and no autolink (and, with *line_start*, no first character that could start a
    block), checked on the texts joined by a control character (which no plain text holds): a
    table or a list takes a few scans in C rather than a call for each text.
    """
    if line_start:
        for text in texts:
            if text[:1] in _LINE_START_CHARACTERS:
                return False
    if not texts:
        return True
    blob = _SEPARATOR.join(texts)
    if blob.isascii():
        if len(blob.encode().translate(None, _NOT_PLAIN_CELL_ASCII)) != len(blob):
            return False
    elif not "".join(texts).isprintable() or _MARKDOWN_MAY_ESCAPE_CELL.search(blob):
        return False
    # Neither end of any text is a space, nor is any text empty: the texts' ends are the blob's
    # and its separators' neighbours.
    return (
        blob.count(_SEPARATOR) == len(texts) - 1
        and blob[:1] not in _EDGE
        and blob[-1:] not in _EDGE
        and _SEPARATOR * 2 not in blob
        and " " + _SEPARATOR not in blob
        and _SEPARATOR + " " not in blob
        and "  " not in blob
        and not may_autolink(blob)
    )


def _markdown_escape(match: re.Match[str]) -> str:
    char, text, at = match[0], match.string, match.start()
    if char == "@":
        return EMPTY_COMMENT + "@"
    if char == "&":
        name, semicolon, _ = text[at + 1 :].partition(";")
        if semicolon and name[:1] != "#" and name + semicolon not in html5:
            return "&"  # "&name;" is a reference only when HTML defines the name
    if char == "_" and 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum():
        return "_"
    return "\\" + char


def link_target(url: str) -> str:
    """Return *url* percent-encoded so that it cannot end or break out of a link's syntax.

    The schema admits only ``http`` and ``https`` addresses without white space; this
    additionally encodes ``<``, ``>``, ``(``, ``)``, backticks, quotes and anything non-ASCII.
    An address of nothing but the characters kept, as most are, is its own target: told by one
    pass over its bytes, as :func:`~urllib.parse.quote` itself tells it after a few calls.
    """
    if url.isascii() and not url.encode().translate(None, _URL_KEPT):
        return url
    return quote(url, safe=_URL_SAFE)


def markdown_link_target(url: str) -> str:
    r"""Return *url* as a Markdown link's destination that renderers read as that address.

    :func:`link_target`, with each ``&`` that could start a character reference (``&#64;``,
    ``&amp;``) written ``&amp;``: CommonMark decodes references in a destination, so
    ``https://a.org&#64;b.org/`` would link to the host ``b.org``, and ``&amp;`` in a query would
    become ``&``. A backslash (``\&``) is no cure: cmark-gfm decodes references before
    backslash escapes. Percent-encoding the ``&`` would change what the address means. A bare
    ``&``, as between the fields of a query, stays as it is; an address without both ``&`` and
    ``;`` is told by two scans in C.
    """
    target = link_target(url)
    if "&" in target and ";" in target:
        return _URL_REFERENCE.sub("&amp;", target)
    return target


def escape_rst(text: str) -> str:
    """Return *text* as reStructuredText inline content that renders as exactly that text.

    Safe in paragraphs, titles, list items and ``list-table`` cells, and in the text of a
    hyperlink reference. An escaped ``@`` is enough to keep docutils from making an e-mail
    address a link. The text stays as written under smart quotes (on in a default Sphinx build):
    the quotes ``'`` and ``"``, and the ``-`` and ``.`` of dashes and ellipses, are escaped, and
    smart quotes leave an escaped character alone.

    Two cases need more than a backslash before punctuation. Text made only of backslashes
    escapes to a line of one repeated character, which reST could read as a transition or title
    adornment: an escaped space (which reST drops) in front breaks the repetition. And docutils
    reads the non-ASCII bullets U+2022, U+2023 and U+2043 as list markers, like ``-``, ``+``
    and ``*`` (which are escaped already): a backslash in front keeps a leading one text.
    """
    escaped = _escaped(text)
    if set(escaped) == {"\\"}:
        return "\\ " + escaped
    if escaped[:1] in _RST_BULLETS:
        return "\\" + escaped
    return escaped


#: GREEK QUESTION MARK, which looks exactly like ``;``: Sphinx splits an index entry at every
#: ``;`` into entry and sub-entry, and has no way to escape one.
INDEX_SEMICOLON = "\u037e"


def index_entry(text: str) -> str:
    """Return *text* as the text of a Sphinx index entry that shows it as given, in one entry.

    Sphinx reads ``;`` in a ``single`` entry as the start of a sub-entry; the look-alike
    :data:`INDEX_SEMICOLON` keeps the entry whole. White space is folded to single spaces.
    """
    return collapse(text).replace(";", INDEX_SEMICOLON)


def escape_part(text: str, escape: Callable[[str], str]) -> str:
    """Return one inline part of a line escaped by *escape*, keeping a space at either end.

    The escapers fold white space, which would also drop the space that separates a part from
    the next (text before a reference marker); white space alone stays one space.
    """
    if not text.strip():
        return " "
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    # The escapers fold the spaces at either end away: without them, the text may be plain.
    return lead + escape(text.strip() if lead or trail else text) + trail
