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
    """Return a paragraph of text nodes and inline nodes; strings become text, never markup."""
    para = nodes.paragraph()
    para[VERBATIM] = False
    for child in children:
        para += text_node(child) if isinstance(child, str) else child
    return para


def text_node(text: str) -> nodes.Text:
    """Return a text node of *text*, with NUL shown as U+FFFD.

    docutils reads NUL as its own escape marker and would drop it; the Markdown and reST
    outputs show U+FFFD for it too.
    """
    return nodes.Text(text.replace("\x00", "\ufffd"))


def table(headers: Iterable[str], rows: Iterable[Iterable[Node | str]]) -> nodes.table:
    """Return a docutils table; cells are text or nodes."""
    header_cells = list(headers)
    tab = nodes.table(classes=["casebook-table"])
    group = nodes.tgroup(cols=len(header_cells))
    tab += group
    group.extend(nodes.colspec(colwidth=1) for _ in header_cells)
    head = nodes.thead()
    head += _row(header_cells)
    group += head
    body = nodes.tbody()
    body.extend(_row(cells) for cells in rows)
    group += body
    return tab


def _row(cells: Iterable[Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.paragraph) else paragraph(cell)
        row += entry
    return row


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
