"""Any text stays text: in Markdown and reST output, case-study text never becomes markup.

For arbitrary text in every text field, the Markdown parsed by markdown-it-py gives the text back
as text with no element the exporter did not write, the reST parsed by docutils gives no system
messages and the text back as text nodes, and the JSON round-trips exactly.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import model
from casebook.book import Casebook
from casebook.export.builtin import JsonExporter, MarkdownExporter, SphinxExporter
from casebook.export.escaping import collapse
from casebook.format import convert
from tests import strategies

docutils_core = pytest.importorskip("docutils.core")
markdown_it = pytest.importorskip("markdown_it")

# Text that markup languages find interesting, mixed with anything at all.
PAYLOADS = [
    "*bold* _it_ `code` | pipe \\ back",
    "<script>alert(1)</script>",
    ".. raw:: html\n\n   <b>x</b>",
    ":role:`x` and `link <http://x>`_",
    "[x](javascript:alert(1))",
    "_",
    "line\nbreak | in a cell",
    "# heading\n- item\n1. one\n> quote",
    ".. include:: /etc/passwd",
    "C:\\temp &amp; &lt; a@b.com http://example.org www.example.org",
    "|sub| [1]_ __init__ ::",
    "===\n---",
    "\\",
    "?",
    "??",
]
texts = st.one_of(st.sampled_from(PAYLOADS), strategies.texts)
TEXT_FIELDS = 24


def full_case(t: list[str], url: str) -> model.CaseStudy:
    """A case study with every kind of text field filled from *t*."""
    s = ("s1", "s2")
    return model.CaseStudy(
        id="site",
        name=t[0],
        aliases=(t[1],),
        programme=model.Programme(type="pacs", cites=s),
        place=model.Place(name=t[2], region=t[3], cites=s),
        population=model.Population(count=1000, description=t[4], cites=s),
        summary=model.Statement(text=t[5], cites=s),
        organisations=(
            model.Organisation(
                name=t[6], role="lead", sector="voluntary", description=t[7], cites=s
            ),
        ),
        aims=(model.Aim(text=t[8], cites=("s1",)),),
        initiatives=(
            model.Initiative(
                id="i",
                title=t[9],
                description=t[10],
                status="evaluated",
                origin="other-programme",
                origin_note=t[11],
                settings=("home",),
                areas=("fw/a",),
                cites=s,
            ),
        ),
        outcomes=(
            model.Outcome(
                id="o",
                measure=t[12],
                value=12.7,
                unit=t[13],
                direction="decrease",
                period=t[14],
                basis="measured",
                confidence="low",
                note=t[15],
                initiative="i",
                cites=s,
            ),
        ),
        challenges=(model.Statement(text=t[16], cites=("s2",)),),
        discrepancies=(
            model.Discrepancy(
                subject=t[17],
                claims=(
                    model.Claim(value=t[18], cites=("s1",)),
                    model.Claim(value=t[19], cites=("s2",)),
                ),
                note=t[20],
            ),
        ),
        last_reviewed="2026-11-23",
        sources=(
            model.Source(id="s1", title=t[21], kind="report", url=url, publisher=t[22]),
            model.Source(id="s2", title=t[23], kind="news", authors=(t[0],)),
        ),
    )


FRAMEWORK = model.Framework(
    id="fw",
    title="Framework",
    description="A framework.",
    source=model.Source(id="f", title="F", kind="report"),
    areas=(model.FrameworkArea(id="a", title="Area", description="An area."),),
)

cases = st.builds(
    full_case,
    st.lists(texts, min_size=TEXT_FIELDS, max_size=TEXT_FIELDS),
    st.one_of(
        st.text(st.characters(exclude_categories=("Z", "C")), max_size=20),
        # Character references, which a Markdown link's destination decodes.
        st.lists(st.sampled_from(["&", "&amp;", "&#64;", "&#x40;", "&copy;", ";", "a"])).map(
            "".join
        ),
    ).map(lambda tail: "https://example.org/" + tail),
)


def book_of(case: model.CaseStudy) -> Casebook:
    return Casebook({case.id: case}, frameworks={"fw": FRAMEWORK})


def field_texts(case: model.CaseStudy) -> list[str]:
    """Every text field of the case study, collapsed as the exporters collapse them."""
    found: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in NOT_PROSE:
            found.append(collapse(value))

    walk(convert.to_data(case))
    return found


NOT_PROSE = {
    "id", "url", "cites", "type", "role", "sector", "status", "origin", "settings", "areas",
    "direction", "confidence", "kind", "initiative", "last_reviewed", "schema_version",
}  # fmt: skip

# --- Markdown ------------------------------------------------------------------------------

MD_ALLOWED = {
    "heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline",
    "table_open", "table_close", "thead_open", "thead_close", "tbody_open", "tbody_close",
    "tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close",
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close", "text", "softbreak", "link_open", "link_close",
    "html_inline",
}  # fmt: skip
# The only HTML the exporter writes: the references' anchors and empty comments.
MD_HTML = re.compile(r'<a id="Source-[0-9]+">|</a>|<!---->')


def md_tokens(source: str) -> list[Any]:
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    flat = []
    for token in parser.parse(source):
        flat.append(token)
        flat.extend(token.children or [])
    return flat


@given(cases)
def test_markdown_keeps_any_text_as_text(case):
    """Markdown pages have only the elements the exporter writes, and every text as text."""
    files = MarkdownExporter().export(book_of(case))
    page = files["sites/site.md"].decode()
    tokens = md_tokens(page)
    assert set() == {t.type for t in tokens} - MD_ALLOWED
    assert [] == [
        t.content for t in tokens if t.type == "html_inline" and not MD_HTML.fullmatch(t.content)
    ]
    links = [t.attrs.get("href") for t in tokens if t.type == "link_open"]
    # The one source URL, read back as recorded (but for percent-encoding); the rest are
    # reference markers.
    addresses = [str(link) for link in links if not str(link).startswith("#Source-")]
    assert [unquote(str(case.sources[0].url))] == [unquote(link) for link in addresses]
    # The exporter's HTML (an anchor, an empty comment) shows as nothing; other markup as a space.
    shown = {"html_inline": ""}
    inline_texts = [
        "".join(c.content if c.type == "text" else shown.get(c.type, " ") for c in t.children or [])
        for t in tokens
        if t.type == "inline"
    ]
    for text in field_texts(case):
        assert any(text in inline for inline in inline_texts), text


@given(cases)
def test_markdown_tables_keep_their_shape(case):
    """A table row has as many cells as its header, whatever the text holds."""
    page = MarkdownExporter().export(book_of(case))["sites/site.md"].decode()
    rows = [t for t in md_tokens(page) if t.type == "tr_open"]
    # Profile: header + 4 rows; organisations: header + 1; outcomes: header + 1.
    assert 1 + 4 + 2 + 2 == len(rows)


# --- reStructuredText ----------------------------------------------------------------------


def parse_rst(source: str, **settings: Any) -> Any:
    """Parse *source* as docutils does, with more *settings* (``smart_quotes=True``) if given."""
    from docutils.parsers.rst import roles

    def ref_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: PLR0913, PLR0917
        from docutils import nodes

        return [nodes.inline(rawtext, "", classes=["ref"])], []

    roles.register_local_role("ref", ref_role)
    overrides = {
        "report_level": 1,
        "halt_level": 5,
        "warning_stream": False,
        "raw_enabled": True,  # on purpose: escaping must hold even where raw is allowed
        "file_insertion_enabled": True,
        **settings,
    }
    return docutils_core.publish_doctree(source, settings_overrides=overrides)


@given(cases)
def test_rst_keeps_any_text_as_text(case):
    """reST pages parse with no system message, no raw or literal node, and every text intact."""
    from docutils import nodes

    page = SphinxExporter().export(book_of(case))["sites/site.rst"].decode()
    tree = parse_rst(page)
    messages = [m.astext() for m in tree.findall(nodes.system_message)]
    # A site named like one of the page's own headings ("Summary") gives docutils' INFO note
    # about a duplicate implicit target; it changes nothing in the output.
    assert [] == [m for m in messages if "Duplicate implicit target name" not in m]
    forbidden = (nodes.raw, nodes.literal, nodes.emphasis, nodes.strong, nodes.comment,
                 nodes.substitution_reference, nodes.footnote_reference, nodes.literal_block)  # fmt: skip
    assert [] == [n for n in tree.findall() if isinstance(n, forbidden)]
    references = [n.get("refuri") for n in tree.findall(nodes.reference)]
    assert 1 == len(references)
    paragraphs = [p.astext() for p in tree.findall(nodes.TextElement)]
    for text in field_texts(case):
        assert any(text in p for p in paragraphs), text


# --- JSON ----------------------------------------------------------------------------------


@given(cases)
def test_json_round_trips_any_text(case):
    """The JSON export gives back exactly the same case study."""
    files = JsonExporter().export(book_of(case))
    data = json.loads(files["case-studies/site.json"])
    assert case == convert.from_data(data, model.CaseStudy)


@given(cases)
def test_exports_are_deterministic(case):
    """The same data gives byte-identical files, each ending in a newline."""
    for exporter in (JsonExporter(), MarkdownExporter(), SphinxExporter()):
        first = exporter.export(book_of(case))
        assert first == exporter.export(book_of(case))
        assert all(content.endswith(b"\n") for content in first.values())


_JSON_TEXT = st.text(st.characters(exclude_categories=("Cs",)))
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _JSON_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(_JSON_TEXT, children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(_JSON_TEXT, _JSON_VALUES))
def test_json_files_are_written_as_the_standard_library_would(data: dict[str, Any]):
    """The compiled encoder writes the bytes of json.dumps(indent=2, sort_keys=True), UTF-8."""
    from casebook.export import jsondata

    expected = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert expected.encode("utf-8") == jsondata.dumps(data)


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False)))
def test_json_numbers_read_back_exactly(numbers: list[float]):
    """Floats may be spelt differently from json.dumps (1e20 for 1e+20) but read back the same."""
    from casebook.export import jsondata

    assert numbers == json.loads(jsondata.dumps({"values": numbers}))["values"]
