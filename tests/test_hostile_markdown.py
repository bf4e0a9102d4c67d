"""Any text in the Markdown export stays text, under markdown-it-py and under cmark-gfm.

Two independent renderers read every page: markdown-it-py (CommonMark with tables and
strikethrough, no linkify) and cmark-gfm, the C implementation GitHub uses, with the GFM
extensions table, autolink, strikethrough and tagfilter, raw HTML let through (so any HTML that
text smuggled in would show). For any text, in headings, paragraphs, list items and table
cells: each block renders as exactly the text the page model holds, in order; the only elements
are the exporter's (no emphasis, code, strike-through, heading, list, quote or HTML of the
text's own); the only links are the reference markers, to the anchors of their entries, and the
sources' addresses. And a plain sentence keeps no backslash in the raw Markdown.
"""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from casebook import model
from casebook.book import Casebook
from casebook.cli import main
from casebook.export.builtin import MarkdownExporter
from casebook.export.escaping import escape_text, link_target
from casebook.export.pages import (
    Bullets,
    Cite,
    Entry,
    Para,
    SourceList,
    Table,
    area_titles,
    case_page,
    page_text,
)
from tests import strategies
from tests.test_exporters_text import PAYLOADS, book_of, full_case

cmarkgfm = pytest.importorskip("cmarkgfm")
markdown_it = pytest.importorskip("markdown_it")

GFM_EXTENSIONS = ["table", "autolink", "strikethrough", "tagfilter"]
BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "th", "td"}
ALLOWED = BLOCKS | {"table", "thead", "tbody", "tr", "ul", "ol", "a"}
URL = "https://example.org/a@b.co/www.x.org?q=<x>|y"
# GitHub's autolinker is the reason for hostile e-mail, mailto:, xmpp:, www. and URL text.
GFM_PAYLOADS = [
    "write to a.b+c@ex-ample.org.",
    "mailto:a@b.co and xmpp:a@b.co/res",
    "www.example.org (www.example.org) *www.example.org*",
    "x|y@z.com | www.a.b",
    "~~struck~~ ~one~",
    "<title>x</title> <script>y</script>",
    "see http://example.org/a_b_c and https://x.org.",
    "&amp; &copy; &#64; &#x40; &nosuch; A&E",
    "&#00000064; &#x00000040; &#X0000040; &#000000064;",
    "snake_case __init__ _x_ a_b_ *a*b",
    "a heading's closing sequence ##",
    "#",
    "ends in a backslash \\",
    "\\*not emphasis\\* \\[1\\]",
]
texts = st.one_of(
    st.sampled_from(PAYLOADS + GFM_PAYLOADS),
    strategies.texts,
    strategies.encodable_hostile_texts,
    strategies.markdown_texts,
)
not_blank = texts.filter(lambda text: bool(text.split()))
cases = st.builds(full_case, st.lists(texts, min_size=24, max_size=24), st.just(URL))


class Page(HTMLParser):
    """Collect an HTML page's elements, links, anchors, comments, block texts and table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[tuple[str | None, str]] = []  # (href, text) of each link
        self.anchors: list[str | None] = []  # the id of each <a> without an href
        self.comments: list[str] = []
        self.blocks: list[str] = []
        self.tables: list[list[int]] = []  # per table, the number of cells in each row
        self._open: list[str] = []
        self._link: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        if tag == "a" and "href" in attributes:
            self.links.append((attributes["href"], ""))
            self._link = []
        elif tag == "a":
            assert ["id"] == list(attributes), attrs
            self.anchors.append(attributes["id"])
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in {"th", "td"}:
            self.tables[-1][-1] += 1
        if tag in BLOCKS:
            self._open.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links[-1] = (self.links[-1][0], "".join(self._link))
            self._link = None
        if tag in BLOCKS and self._open:
            self.blocks.append(self._open.pop())

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1] += data
        if self._link is not None:
            self._link.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parse(rendered: str) -> Page:
    page = Page()
    page.feed(rendered)
    page.close()
    return page


def gfm(source: str) -> Page:
    options = cmarkgfm.cmark.Options.CMARK_OPT_UNSAFE
    return parse(
        cmarkgfm.markdown_to_html_with_extensions(
            source, options=options, extensions=GFM_EXTENSIONS
        )
    )


def commonmark(source: str) -> Page:
    parser = markdown_it.MarkdownIt("commonmark", {"linkify": False})
    return parse(parser.enable(["table", "strikethrough"]).render(source))


RENDERERS = {"cmark-gfm": gfm, "markdown-it-py": commonmark}


def shown(text: str) -> str:
    """Fold white space, as a reader sees it; NUL is shown as U+FFFD."""
    return " ".join(text.replace("\x00", "\ufffd").split())


def cited_numbers(blocks: Any) -> list[int]:
    """Return the number of every reference marker in *blocks*, in page order."""
    found: list[int] = []
    for block in blocks:
        if isinstance(block, Para):
            found += [n for part in block.parts if isinstance(part, Cite) for n in part.numbers]
        elif isinstance(block, Bullets):
            found += cited_numbers(block.items)
        elif isinstance(block, Table):
            found += cited_numbers(cell for row in block.rows for cell in row)
        elif isinstance(block, Entry):
            found += cited_numbers(block.blocks)
        elif isinstance(block, SourceList):
            found += cited_numbers(entry.text for entry in block.entries)
    return found


def all_blocks(page: Any) -> list[Any]:
    out = list(page.intro)
    stack = list(page.sections)
    while stack:
        section = stack.pop(0)
        out += section.blocks
        stack = list(section.subsections) + stack
    return out


def model_page(case: Any) -> Any:
    """The page model the export renders: area references shown by the book's area titles."""
    return case_page(case, area_titles(book_of(case).frameworks.values()))


def site_markdown(case: Any) -> str:
    return MarkdownExporter().export(book_of(case))["sites/site.md"].decode()


@pytest.mark.parametrize("renderer", RENDERERS)
@given(case=cases)
def test_every_text_renders_as_itself(renderer, case):
    """Headings, paragraphs, items and cells render as the page model's text, in order."""
    page = RENDERERS[renderer](site_markdown(case))
    assert [shown(t) for t in page_text(model_page(case))] == [shown(b) for b in page.blocks]


@pytest.mark.parametrize("renderer", RENDERERS)
@given(case=cases)
def test_only_the_exporters_elements_and_links(renderer, case):
    """No element, link, anchor or comment but the exporter's; every table row whole."""
    page = RENDERERS[renderer](site_markdown(case))
    assert set() == set(page.tags) - ALLOWED
    assert set(page.comments) <= {""}  # the empty comments that split e-mail-like text
    numbers = cited_numbers(all_blocks(model_page(case)))
    markers = [(f"#Source-{n}", str(n)) for n in numbers]
    assert sorted([*markers, (link_target(URL), URL)]) == sorted(page.links)
    assert ["Source-1", "Source-2"] == page.anchors
    # Profile: header + 4 rows; organisations: header + 1; outcomes: header + 1.
    assert [5, 2, 2] == [len(rows) for rows in page.tables]
    assert [[rows[0]] * len(rows) for rows in page.tables] == page.tables


@pytest.mark.parametrize("renderer", RENDERERS)
def test_e_mail_and_web_addresses_stay_text(renderer):
    """cmark-gfm made links of a@b.co, mailto:, xmpp:, www. and http:// text in prose."""
    text = "mail a@b.co, mailto:c@d.org or xmpp:e@f.net; see www.x.org or http://y.org/z"
    page = RENDERERS[renderer](site_markdown(full_case([text] * 24, "https://x.org/")))
    assert "https://x.org/" in dict(page.links)
    assert [] == [link for link in page.links if not link[0].startswith("#Source-")][1:]
    assert text == shown(page.blocks[0])


# An address the schema accepts that spells character references: renderers decode those in a
# link's destination as anywhere, and this one would link to the host evil.example.
ENTITY_URL = "https://www.england.nhs.uk&#64;evil.example/report?a=1&amp;b=2"
# What a link's destination may decode or end at: references of every kind (named, numeric,
# with too many digits, unknown), backslashes, brackets, quotes, percent signs, non-ASCII.
URL_PIECES = (
    "&", "&amp;", "&AMP;", "&#64;", "&#x40;", "&#X26;", "&#00000064;", "&copy;", "&nosuch;",
    "&a1;", "&#;", ";", "#", "\\", "\\&", "\\&amp;", "&amp", "<", ">", "(", ")", "[", "]", "`",
    '"', "'", "*", "_", "%", "%41", "%zz", "@", "/", "?", "=", "|", "!", "$", "+", ",", ":", "~",
    "a", "é", "ü",
)  # fmt: skip
urls = st.lists(st.sampled_from(URL_PIECES), max_size=12).map(
    lambda pieces: "https://example.org/" + "".join(pieces)
)


@pytest.mark.parametrize("renderer", RENDERERS)
@given(url=urls)
@example(url=ENTITY_URL)
@example(url="https://example.org/?a=1&amp;b=2&#x26;c")
def test_a_source_address_links_to_itself(renderer, url):
    """A source's link shows its address and goes to it: nothing in the address is decoded as a
    character reference (``&#64;`` as ``@``), whichever way the references are written."""
    # The references are written at once when no text in them needs an escape (a title of
    # "x"), and entry by entry when one does (a title of "*").
    for title in ("x", "*"):
        case = full_case([*["x"] * 21, title, "x", "x"], url)
        page = RENDERERS[renderer](site_markdown(case))
        [(href, text)] = [link for link in page.links if not link[0].startswith("#Source-")]
        assert url == text
        # The renderers percent-encode what a URL may not hold, as link_target does: the
        # address read back is the recorded one, but for percent-encoding.
        assert unquote(url) == unquote(href)


@pytest.mark.parametrize("renderer", RENDERERS)
def test_an_address_spelling_references_goes_where_it_says(renderer):
    """https://www.england.nhs.uk&#64;evil.example/ once linked to the host evil.example."""
    page = RENDERERS[renderer](site_markdown(full_case(["x"] * 24, ENTITY_URL)))
    assert (ENTITY_URL, ENTITY_URL) in page.links


def test_reference_markers_link_to_their_entries():
    """A marker [1, 2] is two links, to the anchors that start the entries in the references."""
    source = site_markdown(full_case(["x"] * 24, "https://x.org/"))
    assert "x [[1](#Source-1), [2](#Source-2)]" in source
    assert '1. <a id="Source-1"></a>x. x (report). [https' in source
    assert '2. <a id="Source-2"></a>x. x (news)' in source


def test_text_cannot_forge_an_anchor():
    """Text that spells an anchor or a marker's link is shown as it is written."""
    forged = '<a id="Source-1"></a> [1](#Source-1) [x]: #Source-1'
    for renderer in RENDERERS.values():
        page = renderer(site_markdown(full_case([forged] * 24, "https://x.org/")))
        assert ["Source-1", "Source-2"] == page.anchors
        assert forged == shown(page.blocks[0])


# A plain sentence: words, numbers, dates, percentages, brackets and common punctuation.
PROSE_PIECES = (
    "2026-11-23", "12.7%", "(THT)", "Sources:", "e.g.", "A&E", "1,000", "mid-2016", "snake_case",
    "C#", "a+b", "x = y", "3 > 2", "2 < 3", "50 %", "#1", "1.", "NHS-led", "£2.5m", "don't",
)  # fmt: skip
prose = st.lists(
    st.one_of(
        st.sampled_from(PROSE_PIECES),
        st.text(string.ascii_letters + string.digits + " .,;:'\"()%/?!-", min_size=1),
    ),
    min_size=1,
    max_size=8,
).map(lambda words: "Word " + " ".join(words))
PLAIN = "On 2026-11-23, 12.7% of people (THT) were seen at A&E. Sources: the trust's report."


def test_a_plain_sentence_keeps_no_backslash():
    """A date, a percentage, parentheses and a colon are written as they are, in every place."""
    case = full_case([PLAIN] * 24, "https://x.org/")
    source = site_markdown(case)
    assert "\\" not in source
    assert f"# {PLAIN}\n" in source  # a heading
    assert f"\n{PLAIN} [[1](#Source-1), [2](#Source-2)]\n" in source  # a paragraph
    assert f"| {PLAIN} |" in source  # a table cell
    assert f"- {PLAIN} " in source  # a list item
    assert "2026\\-11\\-23" not in source


def test_the_exported_sites_read_as_text(tmp_path: Path, capsys):
    """`casebook export --format markdown`: the sites' dates, figures and colons keep no backslash."""
    assert 0 == main(["export", "--format", "markdown", "--output", str(tmp_path)])
    capsys.readouterr()
    source = "\n".join(p.read_text() for p in sorted(tmp_path.glob("sites/*.md")))
    for plain in ("2026-11-23", "12.7%", "(THT)", "A&E"):
        assert plain in source
    assert [] == re.findall(r"\\[-().:%]", source.replace("\\://", "://"))


@given(prose)
def test_prose_is_written_as_it_is(text):
    """Prose made of letters, digits and common punctuation appears verbatim in the Markdown."""
    source = site_markdown(full_case([text] * 24, "https://x.org/"))
    expected = shown(text)
    if "://" in expected or "www." in expected.lower():
        return  # autolink-looking text is escaped on purpose
    assert f"\n{expected} [[1](#Source-1), [2](#Source-2)]\n" in source


@pytest.mark.parametrize("renderer", RENDERERS)
@given(name=not_blank, title=not_blank, description=not_blank, area=not_blank)
def test_the_index_keeps_any_text_as_text(renderer, name, title, description, area):
    """The index's site names (link text in a table), framework titles, descriptions and area
    headers render as themselves, with no element or link but the exporter's."""
    framework = model.Framework(
        id="fw",
        title=title,
        description=description,
        source=model.Source(id="f", title="F", kind="report"),
        areas=(model.FrameworkArea(id="a", title=area, description="An area."),),
    )
    case = attrs.evolve(full_case(["x"] * 24, "https://x.org/"), name=name)
    book = Casebook({case.id: case}, frameworks={"fw": framework})
    page = RENDERERS[renderer](MarkdownExporter().export(book)["index.md"].decode())
    assert set() == set(page.tags) - ALLOWED
    assert [("sites/site.md", shown(name))] == [(h, shown(t)) for h, t in page.links]
    assert shown(title) in page.blocks
    assert shown(description) in page.blocks
    assert shown(area) in page.blocks
    assert [[rows[0]] * len(rows) for rows in page.tables] == page.tables


@pytest.mark.parametrize("renderer", RENDERERS)
@given(text=not_blank)
def test_escaped_text_is_text_in_every_place(renderer, text):
    """escape_text with its defaults: text is text in a paragraph, a heading, a bullet, an
    ordered item, a table's header and body, and within a line."""
    escaped = escape_text(text)
    source = (
        f"{escaped}\n\n# {escaped}\n\n- {escaped}\n\n1. {escaped}\n\n"
        f"| {escaped} |\n|---|\n| {escaped} |\n\nx {escaped} x\n"
    )
    page = RENDERERS[renderer](source)
    assert {"p", "h1", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"} >= set(
        page.tags
    )
    assert [shown(text)] * 6 + [shown(f"x {text} x")] == [shown(b) for b in page.blocks]


@pytest.mark.parametrize("renderer", RENDERERS)
def test_numeric_references_of_eight_digits_stay_text(renderer):
    """cmark-gfm reads &#00000064; and &#x00000040; (CommonMark stops at 7 and 6 digits)."""
    text = "&#00000064; &#x00000040; &#X0000040; &#000000064; &#x000000040;"
    page = RENDERERS[renderer](escape_text(text))
    assert [text] == page.blocks


def test_escaping_alone_does_not_stop_githubs_e_mail_links():
    """Why an empty comment goes before "@": cmark-gfm links an address however it is escaped."""
    linked = cmarkgfm.markdown_to_html_with_extensions(r"a\@b\.co", extensions=GFM_EXTENSIONS)
    assert '<a href="mailto:a@b.co">' in linked
    assert "<a" not in cmarkgfm.markdown_to_html_with_extensions(
        escape_text("a@b.co"), extensions=GFM_EXTENSIONS
    )
