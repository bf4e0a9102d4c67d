"""Hostile text in the sphinx (reST) export: a leading bullet of any kind stays text, and smart
quotes change nothing.

docutils reads ``-``, ``+``, ``*``, U+2022, U+2023 and U+2043 followed by a space at the start of a line, or of a list item's text, as a bullet list marker.
A default Sphinx build turns on docutils' smart quotes, which make straight quotes curly, ``--``
a dash and ``...`` an ellipsis, except where a character is escaped.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from casebook.book import Casebook
from casebook.export.builtin import SphinxExporter
from casebook.export.escaping import collapse, link_target
from tests import strategies
from tests.test_exporters_text import (
    FRAMEWORK,
    TEXT_FIELDS,
    book_of,
    field_texts,
    full_case,
    parse_rst,
)

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


# What docutils' smart quotes (on in a default Sphinx build) would change: straight quotes,
# "--" and "---" (dashes), "..." (an ellipsis), and quotes made of backticks, each beside
# letters, digits and spaces (which decide whether a quote opens or closes).
SMART_PIECES = (
    '"', "'", "--", "---", "...", ". . .", "``", "''", "`", "-", ".", "'s", "5'10\"", "\\",
    " ", "a", "5", "(", ")", "<", ">",
)  # fmt: skip
smart_texts = (
    st.lists(st.sampled_from(SMART_PIECES), min_size=1, max_size=10)
    .map("".join)
    .filter(lambda text: bool(text.split()))
)
# Addresses the schema accepts, with what reST text escapes and what a target encodes.
URL_PIECES = (
    "é", "ü", "\\", "'", '"', "--", "...", "`", "<", ">", "_", "*", "|", "%", "&", ":", "a",
)  # fmt: skip
urls = st.lists(st.sampled_from(URL_PIECES), max_size=10).map(
    lambda pieces: "https://example.org/" + "".join(pieces)
)
QUOTED = "Trust \"North\" 5'10\" it's -- a --- b ... c ``d'' `e'"


def smart_tree(files, name):
    return parse_rst(files[name].decode(), smart_quotes=True)


@given(
    st.lists(
        smart_texts | strategies.encodable_hostile_texts, min_size=TEXT_FIELDS, max_size=TEXT_FIELDS
    ),
    urls,
)
@example([QUOTED] * TEXT_FIELDS, "https://example.org/café?q=ü")
def test_text_and_addresses_read_back_under_smart_quotes(texts, url):
    """With smart quotes on, every text reads back as written (straight quotes, "--", "...")
    and the source's link shows its address as recorded, linking to it percent-encoded."""
    case = full_case(texts, url)
    tree = smart_tree(SphinxExporter().export(book_of(case)), "sites/site.rst")
    paragraphs = [p.astext() for p in tree.findall(nodes.TextElement)]
    for text in field_texts(case):
        assert any(text in p for p in paragraphs), text
    [link] = tree.findall(nodes.reference)
    assert (url, link_target(url)) == (link.astext(), link["refuri"])


@given(smart_texts, smart_texts, urls)
@example(QUOTED, QUOTED, "https://example.org/café?q=ü\\")
def test_a_frameworks_page_reads_back_under_smart_quotes(title, text, url):
    """A framework's title, description, areas and source note read back as written, and its
    source's link shows the address as recorded."""
    framework = attrs.evolve(
        FRAMEWORK,
        title=title,
        description=text,
        source=attrs.evolve(FRAMEWORK.source, url=url, note=text),
        areas=(attrs.evolve(FRAMEWORK.areas[0], title=title, description=text),),
    )
    book = Casebook({PLAIN.id: PLAIN}, frameworks={"fw": framework})
    tree = smart_tree(SphinxExporter().export(book), "frameworks/fw.rst")
    paragraphs = [p.astext() for p in tree.findall(nodes.TextElement)]
    for expected in (collapse(title), collapse(text)):
        assert any(expected in p for p in paragraphs), expected
    source = next(p for p in tree.findall(nodes.paragraph) if p.astext().startswith("Source:"))
    assert [(url, link_target(url))] == [
        (r.astext(), r["refuri"]) for r in source.findall(nodes.reference)
    ]


def test_an_address_shows_as_recorded():
    """https://example.org/café showed as https://example.org/caf%C3%A9, a backslash as %5C."""
    url = "https://example.org/café?q=ü\\"
    tree = page_tree(full_case(["x"] * TEXT_FIELDS, url))
    assert [(url, "https://example.org/caf%C3%A9?q=%C3%BC%5C")] == [
        (r.astext(), r["refuri"]) for r in tree.findall(nodes.reference)
    ]
