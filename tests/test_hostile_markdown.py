"""Hostile text in the Markdown export stays text under GitHub's renderer and markdown-it-py.

cmark-gfm (with the GFM extensions table, autolink, strikethrough and tagfilter) turns e-mail
addresses, ``mailto:`` and ``xmpp:`` text into links after parsing, where markdown-it-py does
not. For any text, both renderers must give only the elements the exporter writes, tables that
keep their shape, and the text back as written (modulo the documented word joiner before ``@``).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.export.builtin import MarkdownExporter
from casebook.export.escaping import collapse
from tests import strategies
from tests.test_exporters_text import PAYLOADS, book_of, field_texts, full_case, md_tokens

cmarkgfm = pytest.importorskip("cmarkgfm")

GFM_EXTENSIONS = ["table", "autolink", "strikethrough", "tagfilter"]
BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "th", "td"}
ALLOWED = BLOCKS | {"table", "thead", "tbody", "tr", "ul", "ol", "a"}
WORD_JOINER = "\u2060"
# GitHub's autolinker is the reason for hostile e-mail, mailto: and xmpp: text.
GFM_PAYLOADS = [
    "write to a.b+c@ex-ample.org.",
    "mailto:a@b.co and xmpp:a@b.co/res",
    "www.example.org (www.example.org) *www.example.org*",
    "x|y@z.com | www.a.b",
    "~~struck~~ ~one~",
    "<title>x</title> <script>y</script>",
]
texts = st.one_of(
    st.sampled_from(PAYLOADS + GFM_PAYLOADS),
    strategies.texts,
    strategies.encodable_hostile_texts,
)
cases = st.builds(
    full_case,
    st.lists(texts, min_size=24, max_size=24),
    st.just("https://example.org/a@b.co"),
)


class Page(HTMLParser):
    """Collect the elements of an HTML page, the text of each block, and the table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.blocks: list[str] = []
        self.tables: list[list[int]] = []  # per table, the number of cells in each row
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in {"th", "td"}:
            self.tables[-1][-1] += 1
        if tag in BLOCKS:
            self._open.append("")

    def handle_endtag(self, tag):
        if tag in BLOCKS and self._open:
            self.blocks.append(self._open.pop())

    def handle_data(self, data):
        if self._open:
            self._open[-1] += data


def gfm(source: str) -> Page:
    page = Page()
    page.feed(cmarkgfm.markdown_to_html_with_extensions(source, extensions=GFM_EXTENSIONS))
    page.close()
    return page


def shown(text: str) -> str:
    """The rendered text of a field, as the page shows it: whitespace folded."""
    return " ".join(text.replace(WORD_JOINER, "").split())


@given(cases)
def test_github_renders_only_the_exporters_elements(case):
    """Under cmark-gfm: no element but the exporter's, one link, every table row whole."""
    page = gfm(MarkdownExporter().export(book_of(case))["sites/site.md"].decode())
    assert set() == set(page.tags) - ALLOWED
    assert 1 == page.tags.count("a")  # the one source URL
    # Profile: header + 4 rows; organisations: header + 1; outcomes: header + 1.
    assert [5, 2, 2] == [len(rows) for rows in page.tables]
    assert [[rows[0]] * len(rows) for rows in page.tables] == page.tables


@given(cases)
def test_github_and_markdown_it_give_the_text_back(case):
    """Every text field comes back, whitespace folded, from both renderers."""
    source = MarkdownExporter().export(book_of(case))["sites/site.md"].decode()
    gfm_blocks = [shown(b) for b in gfm(source).blocks]
    md_blocks = [
        shown("".join(c.content if c.type == "text" else " " for c in t.children or []))
        for t in md_tokens(source)
        if t.type == "inline"
    ]
    for text in field_texts(case):
        expected = shown(collapse(text))
        assert any(expected in b for b in gfm_blocks), text
        assert any(expected in b for b in md_blocks), text


def test_an_email_address_is_not_a_link_on_github():
    """cmark-gfm linked a@b.co, mailto: and xmpp: text that markdown-it-py left as text."""
    case = full_case(["mail a@b.co, mailto:c@d.org or xmpp:e@f.net"] * 24, "https://x.org/")
    page = gfm(MarkdownExporter().export(book_of(case))["sites/site.md"].decode())
    assert 1 == page.tags.count("a")
    assert "mail a@b.co, mailto:c@d.org or xmpp:e@f.net" == shown(page.blocks[0])
