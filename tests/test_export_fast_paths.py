"""Every quick way the exporters take past text needing no work gives the bytes of the full way.

The escaping of Markdown, the folding of white space, the rendering of a paragraph and the
check of a file's path each look first whether the full, position-aware walk could change
anything; these tests draw hostile text and names and compare the two ways.
"""

from __future__ import annotations

import re
import string
import sys
from pathlib import PurePosixPath
from urllib.parse import quote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from casebook import exporting
from casebook.errors import CasebookError
from casebook.export import escaping, markdown
from casebook.export.escaping import collapse, escape_text, is_collapsed, may_escape
from casebook.export.pages import (
    AreaRef,
    Bullets,
    Cite,
    Para,
    SourceEntry,
    SourceList,
    Table,
    Url,
)
from casebook.export.paths import check_files, path_order, safe_relative_name
from tests import strategies
from tests.test_exporters_text import PAYLOADS
from tests.test_hostile_markdown import GFM_PAYLOADS

# The full walk's parts, and the two ways of writing a paragraph.
INLINE = escaping._MARKDOWN_INLINE  # noqa: SLF001
LINK_TEXT = escaping._MARKDOWN_LINK_TEXT  # noqa: SLF001
LINE_START = escaping._MARKDOWN_LINE_START  # noqa: SLF001
HEADING_END = escaping._MARKDOWN_HEADING_END  # noqa: SLF001
markdown_escape = escaping._markdown_escape  # noqa: SLF001
inline = markdown._inline  # noqa: SLF001
inline_parts = markdown._inline_parts  # noqa: SLF001
markdown_markers = markdown._markers  # noqa: SLF001

# Text near the edges of the quick checks: white space of every kind, the characters of
# autolinks next to the letters that make them, and everything Markdown escapes.
EDGE_PIECES = (
    " ", "  ", "\t", "\n", "\x00", "\u00a0", "\u2028", "\x1c", "\x85", "w", "W", "ww", "www",
    "WwW", ".", ":", "/", "//", "@", "a", "_", "&", "#", "|", "\\", "1", "é", "\u212a",
)  # fmt: skip
texts = st.one_of(
    st.sampled_from(PAYLOADS + GFM_PAYLOADS),
    strategies.hostile_texts,
    strategies.markdown_texts,
    st.lists(st.sampled_from(EDGE_PIECES), max_size=10).map("".join),
    st.text(alphabet="wW.:/ a", max_size=8),
    st.text(),
)
flags = st.fixed_dictionaries(
    {
        "line_start": st.booleans(),
        "table_cell": st.booleans(),
        "heading": st.booleans(),
        "link_text": st.booleans(),
    }
)


def full_collapse(text: str) -> str:
    """Fold white space the full way, as :func:`collapse` does for text that needs it."""
    return " ".join(text.replace("\x00", "\ufffd").split())


def full_escape(
    text: str, *, line_start: bool, table_cell: bool, heading: bool, link_text: bool
) -> str:
    """Escape *text* for Markdown by the full walk alone, with no check that it needs it."""
    text = full_collapse(text)
    markup = LINK_TEXT if link_text else INLINE
    escaped = markup.sub(markdown_escape, text)
    if table_cell:
        escaped = escaped.replace("|", "\\|")
    if line_start and (start := LINE_START.match(text)):
        escaped = (
            escaped[: start.end()] + "\\" + escaped[start.end() :]
            if start[0][0] in string.digits
            else "\\" + escaped
        )
    if heading and (end := HEADING_END.search(escaped)):
        escaped = escaped[: end.start()] + "\\" + escaped[end.start() :]
    return escaped


def test_the_only_printable_white_space_is_the_space():
    """The premise of the quick check of folding, checked on every code point."""
    printable_space = [
        c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()
    ]
    assert [" "] == printable_space
    assert not "\x00".isprintable()


@settings(max_examples=300)
@given(texts)
@example("a  b")
@example(" a")
@example("a\u00a0b")
def test_text_found_collapsed_is_what_folding_gives(text):
    """Text the quick check passes is left as the full folding would leave it."""
    assert full_collapse(text) == collapse(text)
    if is_collapsed(text):
        assert full_collapse(text) == text


@settings(max_examples=300)
@given(texts)
@example("see WWW.x")
@example("see wWw.x")
@example("a://b")
def test_text_found_plain_has_nothing_to_escape(text):
    """Text the quick check finds plain is text in which no inline escape matches."""
    text = full_collapse(text)
    if not may_escape(text):
        assert INLINE.search(text) is None
        assert LINK_TEXT.search(text) is None


@settings(max_examples=300)
@given(texts, flags)
def test_escaping_is_the_full_walks(text, where):
    """Escaped text is the full walk's, in every place, the first time and from the cache."""
    expected = full_escape(text, **where)
    assert expected == escape_text(text, **where)
    assert expected == escape_text(text, **where)


cites = st.builds(Cite, st.just(("a",)), st.sampled_from([(), (1,), (2, 3)]))
parts_drawn = st.one_of(
    texts,
    st.just(""),
    cites,
    st.builds(AreaRef, st.just("f/a"), st.sampled_from(["", "Urgent care", "_x_"])),
    st.builds(Url, st.sampled_from(["https://example.org/a_b", "http://x.org/<y>"])),
)


paragraphs = st.one_of(
    st.tuples(texts),
    st.tuples(texts, cites),
    st.lists(parts_drawn, max_size=4).map(tuple),
)


def runs(parts):
    """Yield *parts* with each run of text and area titles joined into one string."""
    text = []
    for part in parts:
        if isinstance(part, (str, AreaRef)):
            text.append(part if isinstance(part, str) else part.title)
            continue
        if text:
            yield "".join(text)
            text = []
        yield part
    if text:
        yield "".join(text)


def full_inline(para, *, line_start, table_cell):
    """Write *para* the full way: its spaced parts, in runs, each escaped where it stands."""
    out = []
    for part in runs(para.spaced):
        if isinstance(part, str):
            starts = line_start and not "".join(out).strip()
            out.append(
                escaping.escape_part(
                    part,
                    lambda t, s=starts: escape_text(
                        t, line_start=s, table_cell=table_cell, heading=False
                    ),
                )
            )
        elif isinstance(part, Cite):
            out.append(markdown_markers(part))
        else:
            out.append(f"[{markdown.link(part.url)}](<{escaping.link_target(part.url)}>)")
    return "".join(out).lstrip()


@settings(max_examples=300)
@given(paragraphs, st.booleans(), st.booleans())
@example(parts=("ends in a space ",), line_start=True, table_cell=False)
@example(parts=("ends in a line break\n", Cite(("a",), (1,))), line_start=True, table_cell=True)
@example(parts=("  ", Cite(("a",), (1,))), line_start=True, table_cell=False)
@example(parts=("# not a heading", "", Cite(("a",), ())), line_start=True, table_cell=False)
def test_a_paragraph_is_written_as_the_full_way_writes_it(parts, line_start, table_cell):
    """Both ways of writing a paragraph, the quick and the part-by-part, write the full line."""
    para = Para(parts)
    expected = full_inline(para, line_start=line_start, table_cell=table_cell)
    assert expected == inline_parts(para, line_start=line_start, table_cell=table_cell)
    assert expected == inline(para, line_start=line_start, table_cell=table_cell)


# Names near the edges of the quick check of paths: dots, separators, reserved and long names.
NAME_PIECES = (
    "a", "Z", "0", "-", "_", ".", "..", "/", "//", "./", "\\", ":", "é", " ", "\x00",
    ".casebook-", "x" * 254, "x" * 255, "y" * 300,
)  # fmt: skip
names = st.one_of(
    st.lists(st.sampled_from(NAME_PIECES), max_size=8).map("".join),
    st.text(max_size=30),
    st.lists(st.just("x" * 100), min_size=9, max_size=11).map("/".join),
)


def outcome(action, *args):
    """Return what *action* returns, or the message of the CasebookError it raises."""
    try:
        return action(*args)
    except CasebookError as exc:
        return ("refused", str(exc))


@settings(max_examples=300)
@given(names)
@example("x" * 255)
@example("x" * 256)
@example(("x" * 200 + "/") * 5 + "y" * 18)  # 1023 characters: the longest path
@example(("x" * 200 + "/") * 5 + "y" * 19)
def test_a_plain_name_is_the_path_it_stands_for(name):
    """A name found plain is accepted as the same path, and every other name as the path is."""
    expected = outcome(lambda n: str(exporting.safe_relative_path(n)), name)
    assert expected == outcome(safe_relative_name, name)


@settings(max_examples=300)
@given(st.lists(names, max_size=6))
def test_files_are_checked_and_written_in_the_order_of_their_paths(listed):
    """check_files keys each file by its path's name, and the writer goes in path order."""
    files = dict.fromkeys(listed, b"x")
    try:
        checked = check_files(files)
    except CasebookError:
        return
    paths = {str(exporting.safe_relative_path(n)) for n in listed}
    assert paths == set(checked)
    assert sorted(paths, key=PurePosixPath) == sorted(checked, key=path_order)


# Prose that is mostly plain: words, the autolinks' letters and the odd character of markup.
WORD_PIECES = (
    "care",
    "review",
    "www",
    "WwW",
    "new",
    ".",
    ":",
    "//",
    ",",
    "é",
    "\u2013",
    "|",
    "_",
    " ",
)
prose = st.lists(st.sampled_from(WORD_PIECES), min_size=1, max_size=8).map("".join)
MAY_ESCAPE = escaping._MARKDOWN_MAY_ESCAPE  # noqa: SLF001
AUTOLINKS = re.compile(escaping._MARKDOWN_AUTOLINKS, re.VERBOSE)  # noqa: SLF001


@settings(max_examples=300)
@given(st.one_of(texts, prose))
@example("a\x1fb")
@example("review. www.x")
def test_plain_text_is_folded_and_holds_no_markup(text):
    """is_plain is is_collapsed with none of may_escape's characters; may_autolink finds www."""
    assert escaping.is_plain(text) == (is_collapsed(text) and not MAY_ESCAPE.search(text))
    if escaping.is_plain(text) and not escaping.may_autolink(text):
        assert INLINE.search(text) is None
        assert AUTOLINKS.search(text) is None


cell_texts = st.lists(st.one_of(texts, prose, st.just("")), max_size=6)


@settings(max_examples=300)
@given(cell_texts, st.booleans())
@example(texts=["a", "b"], line_start=False)
@example(texts=["a", ""], line_start=False)
@example(texts=["a ", "b"], line_start=False)
@example(texts=["a", "\x1fb"], line_start=False)
@example(texts=["review.", "\u00e9"], line_start=False)
@example(texts=["a", "1. b"], line_start=True)
def test_texts_found_plain_are_written_as_they_are(texts, line_start):
    """Every text plain_texts passes is non-empty and the full walk leaves it as it is, in a cell
    and out of one, and at the start of a line if it may start one."""
    if escaping.plain_texts(texts, line_start=line_start):
        for text in texts:
            assert text
            for in_cell in (False, True):
                where = {"table_cell": in_cell, "heading": False, "link_text": False}
                assert text == full_escape(text, line_start=line_start, **where)


cell_paragraphs = st.one_of(
    st.tuples(st.one_of(texts, prose)),
    st.tuples(st.one_of(texts, prose), cites),
    st.tuples(cites),
    paragraphs,
)


@settings(max_examples=300)
@given(st.lists(cell_paragraphs.map(Para), min_size=1, max_size=6), st.booleans())
@example(
    paras=[Para(("care",)), Para((Cite(("a",), (1,)),)), Para(("new", Cite(("a",), ())))],
    in_cell=True,
)
@example(paras=[Para(("care",)), Para(("",))], in_cell=True)
@example(paras=[Para(("a", AreaRef("f/a", "A"), Cite(("a",), (1,))))], in_cell=False)
def test_paragraphs_written_together_are_written_as_the_full_way_writes_each(paras, in_cell):
    """Table cells and list items written together are each the full way's paragraph."""
    expected = [full_inline(p, line_start=not in_cell, table_cell=in_cell) for p in paras]
    if in_cell:
        expected = [cell or " " for cell in expected]
        rows = markdown._rows(Table(("h",), tuple((p,) for p in paras)))  # noqa: SLF001
        assert [f"| {cell} |" for cell in expected] == rows
    else:
        assert [f"- {item}" for item in expected] == markdown._block(Bullets(tuple(paras)))[:-1]  # noqa: SLF001


def test_inline_records_are_immutable_and_equal_only_to_their_own_kind():
    """The page model's tuples underneath compare, hash and show as the records they stand for."""
    cite = Cite(("a",), (1,))
    assert cite == Cite(("a",), (1,))
    assert hash(cite) == hash(Cite(("a",), (1,)))
    assert cite != (("a",), (1,))
    assert (cite.ids, cite.numbers) == (("a",), (1,))
    assert Para(("x",)) != ("x",)
    assert Para(("x", cite)).parts == ("x", cite)
    assert AreaRef("f/a", "A") != Url("f/a")
    assert (AreaRef("f/a", "A").ref, AreaRef("f/a", "A").title) == ("f/a", "A")
    assert repr(Para(("x", Url("u")))) == "Para(parts=('x', Url(url='u')))"
    with pytest.raises(AttributeError):
        cite.ids = ("b",)  # type: ignore[misc]


link_paragraphs = st.tuples(
    st.lists(st.one_of(texts, prose, st.just(". "), st.just("")), max_size=3),
    st.builds(Url, st.sampled_from(["https://example.org/a_b", "http://x.org/<y>", "https://é.x"])),
    st.lists(st.one_of(texts, prose, st.just(". ")), max_size=2),
).map(lambda drawn: Para((*drawn[0], drawn[1], *drawn[2])))


@settings(max_examples=300)
@given(st.lists(st.one_of(link_paragraphs, link_paragraphs, paragraphs.map(Para)), max_size=4))
@example([Para(("A report (news). ", Url("https://example.org/r"), ". A note"))])
@example([Para(("A report. ", Url("https://example.org/r"))), Para(("A  ", Url("https://x.y")))])
@example([Para((Url("https://example.org/r"), " note"))])
def test_references_are_written_as_the_full_way_writes_them(paras):
    """The references written together are each the full way's line, within a line."""
    entries = tuple(SourceEntry(n, f"s{n}", para) for n, para in enumerate(paras, 1))
    expected = [
        f'{n}. <a id="Source-{n}"></a>{full_inline(para, line_start=False, table_cell=False)}'
        for n, para in enumerate(paras, 1)
    ]
    assert expected == markdown._block(SourceList(entries))  # noqa: SLF001


@settings(max_examples=300)
@given(st.one_of(st.text(), strategies.urls, st.sampled_from(["https://a.b/c d", "http://x/<y>"])))
def test_a_link_target_is_what_quote_gives(url):
    """An address found to need no encoding is the one quote() gives."""
    assert quote(url, safe="/:?#[]@!$&+,;=%-._~") == escaping.link_target(url)


@settings(max_examples=300)
@given(st.lists(st.lists(st.one_of(prose, texts, st.just("")), min_size=2, max_size=2), max_size=4))
@example([["care", "evaluated"], ["new", "none"]])
@example([["care", ""]])
def test_a_table_is_written_as_its_cells_escaped_one_by_one(rows):
    """The index's tables, written at once when no cell needs an escape, hold each cell escaped."""
    where = {"line_start": False, "table_cell": True, "heading": False, "link_text": False}
    expected = [
        "| " + " | ".join(full_escape(c, **where) if c else " " for c in row) + " |" for row in rows
    ]
    assert expected == markdown.table(("a", "b"), rows)[2:]
