"""Hostile text in the sphinx (reST) export: a leading bullet of any kind stays text.

docutils reads ``-``, ``+``, ``*``, U+2022, U+2023 and U+2043 followed by a space at the start of a line, or of a list item's text, as a bullet list marker.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.export.builtin import SphinxExporter
from tests import strategies
from tests.test_exporters_text import TEXT_FIELDS, book_of, field_texts, full_case, parse_rst

nodes = pytest.importorskip("docutils.nodes")

# The bullet list markers of docutils: the "bullet" pattern of its reST parser's Body state.
BULLETS = "-+*\u2022\u2023\u2043"
texts = st.builds(
    "{}{}{}".format,
    st.sampled_from(BULLETS),
    st.sampled_from([" ", "", "  "]),
    strategies.texts | strategies.encodable_hostile_texts,
)
cases = st.lists(texts, min_size=TEXT_FIELDS, max_size=TEXT_FIELDS).map(
    lambda t: full_case(t, "https://example.org/")
)
PLAIN = full_case(["x"] * TEXT_FIELDS, "https://example.org/")


def page_tree(case):
    return parse_rst(SphinxExporter().export(book_of(case))["sites/site.rst"].decode())


def shape(tree) -> list[str]:
    """The lists and list items of a page, in order: what the exporter itself writes."""
    kinds = (nodes.bullet_list, nodes.enumerated_list, nodes.list_item, nodes.table)
    return [n.tagname for n in tree.findall() if isinstance(n, kinds)]


@given(cases)
def test_a_leading_bullet_never_makes_a_list(case):
    """Text starting with any bullet marker gives the same lists as plain text, and reads back."""
    tree = page_tree(case)
    assert shape(page_tree(PLAIN)) == shape(tree)
    paragraphs = [p.astext() for p in tree.findall(nodes.TextElement)]
    for text in field_texts(case):
        assert any(text in p for p in paragraphs), text


def test_a_name_starting_with_a_bullet_is_text():
    """ "• Together" once became a bullet list in the title-less list items and table cells."""
    case = full_case(["\u2022 Together", "\u2023 a", "\u2043 b", *["x"] * 21], "https://x.org/")
    tree = page_tree(case)
    assert [] == [n for n in tree.findall(nodes.bullet_list) if n["bullet"] != "-"]
    assert "\u2022 Together" == next(tree.findall(nodes.title)).astext()
