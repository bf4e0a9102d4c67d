"""Docutils node builders: text always stays text, and case-study text keeps its straight quotes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

if TYPE_CHECKING:
    from docutils.nodes import Node


logger = logging.getLogger("casebook.sphinx")


#: The node attribute, set to ``False`` on the nodes that hold case-study text, that keeps
#: Sphinx's smart quotes out: they would turn the data's straight quotes and ``--`` into
#: typographic ones, so the page would no longer show the text as recorded (and large pages
#: would pay for the rewriting).
VERBATIM = "support_smartquotes"


def paragraph(*children: Node | str) -> nodes.paragraph:
    """Return a paragraph of text nodes and inline nodes; strings become text, never markup.

    Strings next to each other become one text node: every node of a page costs each of
    Sphinx's passes over it, and a marker's leading space would otherwise be a node of its own.
    """
    para = nodes.paragraph()
    para[VERBATIM] = False
    text: list[str] = []
    for child in children:
        if isinstance(child, str):
            text.append(child)
            continue
        if text:
            para += text_node("".join(text))
            text.clear()
        para += child
    if text:
        para += text_node("".join(text))
    return para


def text_node(text: str) -> nodes.Text:
    """Return a text node of *text*, with NUL shown as U+FFFD.

    docutils reads NUL as its own escape marker and would drop it; the Markdown and reST
    outputs show U+FFFD for it too.
    """
    return nodes.Text(text.replace("\x00", "\ufffd"))


#: The widest a column gets, in characters: longer cell text wraps onto more lines.
MAX_COLUMN_WIDTH = 30


def table(headers: Iterable[str], rows: Iterable[Iterable[Node | str]]) -> nodes.container:
    """Return a docutils table, in a box that scrolls sideways in HTML; cells are text or nodes.

    Each column is as wide as its longest cell text, at most :data:`MAX_COLUMN_WIDTH`
    characters: the text and man builders take a column's ``colwidth`` as its width in
    characters, so a width of 1 would print one character a line. HTML and LaTeX lay the
    table out by its content (the ``colwidths-given`` class is not set).
    """
    head = nodes.thead()
    head += _row(headers)
    body = nodes.tbody()
    body.extend(_row(cells) for cells in rows)
    columns = [list(cells) for cells in zip(*(row.children for row in (*head, *body)), strict=True)]
    group = nodes.tgroup(cols=len(columns))
    group.extend(nodes.colspec(colwidth=column_width(column)) for column in columns)
    group += head
    group += body
    box = nodes.container(classes=["casebook-table-box"])
    box += nodes.table("", group, classes=["casebook-table"])
    return box


def column_width(entries: Iterable[Node]) -> int:
    """Return the width in characters of a column: its longest line, within the limit."""
    lines = (line for entry in entries for line in entry.astext().splitlines())
    return max(1, min(MAX_COLUMN_WIDTH, max((len(line) for line in lines), default=1)))


def _row(cells: Iterable[Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.paragraph) else paragraph(cell)
        row += entry
    return row


#: The only schemes whose addresses become links; the schema admits no other in the data, and
#: model objects a plugin builds by hand are held to the same rule.
LINK_SCHEMES = ("http://", "https://")


def link(url: str) -> Node:
    """Return a link to *url* if it is an ``http`` or ``https`` address, else the text of it."""
    if url.lower().startswith(LINK_SCHEMES):
        return nodes.reference("", "", text_node(url), refuri=url)
    return text_node(url)


def bullets(items: Iterable[Node]) -> nodes.bullet_list:
    """Return a bullet list of the given paragraphs."""
    lst = nodes.bullet_list()
    for item in items:
        li = nodes.list_item()
        li += item
        lst += li
    return lst


def section(title: str, ids: str, *children: Node) -> nodes.section:
    """Return a section with a text title."""
    sec = nodes.section(ids=[ids], names=[])
    sec[VERBATIM] = False
    sec += nodes.title("", "", text_node(title))
    sec.extend(children)
    return sec


def source_anchor(case_id: str, source_id: str) -> str:
    """Return the HTML id of a source in a case-study page."""
    return f"casebook-source-{case_id}--{source_id}"
