"""Each file read back by an independent tool gives every source's fields, and nothing more.

CSL-JSON is checked against the CSL data schema (vendored in ``data/``, see its licence file)
and rendered by citeproc-py; BibTeX is read by pybtex, its text as LaTeX prints it (see
``unlatex``), and RIS by rispy. Hostile text (markup, the formats' own syntax at a line start,
TeX's ligatures, any Unicode) must come back as the same text.
"""

from __future__ import annotations

import codecs
import functools
import json
import re
import string
from pathlib import Path
from typing import Any, get_args

import attrs
import jsonschema
import latexcodec  # noqa: F401 - pybtex's reader of LaTeX text; registers the "ulatex" codec
import pytest
import rispy
from casebook_citations import BibtexExporter, CslJsonExporter, RisExporter
from casebook_citations.kinds import TYPES
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

import casebook
from casebook.model import Source, SourceKind

CSL_SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text("utf-8"))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")  # fmt: skip
EVERY_SPECIAL = "{Braces} \\back\\slash #hash $dollar %per cent &amp ~tilde _under ^caret @at \"quoted\" 'single' <b>tag</b> } unbalanced {"

# ------------------------------------------------------------------------------------------
# The data: the installed casebook, or one case study holding the sources a test gives.


@functools.cache
def installed() -> casebook.Casebook:
    return casebook.load()


def book_of(sources: tuple[Source, ...]) -> casebook.Casebook:
    case = installed()["salford-together"]
    return casebook.Casebook({case.id: attrs.evolve(case, sources=sources)})


def all_sources(book) -> dict[str, Source]:
    return {f"{case.id}/{s.id}": s for case in book.values() for s in case.sources}


def collapsed(text: str) -> str:
    """The text after the white-space collapsing BibTeX and RIS need: runs become one space."""
    return " ".join(text.split())


def inert(text: str) -> str:
    """The text after the README's rule for CSL-JSON and RIS: a word joiner after the ``<`` of a
    tag that CSL processors read as formatting."""
    tags = re.compile(r"<(/?)(b|i|sc|span|sub|sup)\b", re.IGNORECASE)
    return tags.sub(lambda m: "<\u2060" + m.group(1) + m.group(2), text)


# ------------------------------------------------------------------------------------------
# What each reader should give back for a source, and what it does give back.


def expected_csl(key: str, source: Source) -> dict[str, Any]:
    types = TYPES[source.kind]
    item: dict[str, Any] = {"id": key, "type": types.csl, "title": inert(source.title)}
    if source.authors:
        item["author"] = [{"literal": inert(a)} for a in source.authors]
    if source.publisher:
        item[types.csl_publisher] = inert(source.publisher)
    if source.date:
        item["issued"] = {"date-parts": [[int(p) for p in source.date.split("-")]]}
    if source.url:
        item["URL"] = source.url
    if source.note:
        item["note"] = inert(source.note)
    return item


def read_csl(data: bytes) -> dict[str, dict[str, Any]]:
    items = json.loads(data)
    jsonschema.Draft7Validator(CSL_SCHEMA).validate(items)
    return {item["id"]: item for item in items}


def expected_bibtex(source: Source) -> tuple[str, dict[str, str], list[str]]:
    entry_type = TYPES[source.kind].bibtex
    fields = {"title": collapsed(source.title)}
    if source.publisher:
        name = "institution" if entry_type == "techreport" else "publisher"
        fields[name] = collapsed(source.publisher)
    if source.date:
        parts = source.date.split("-")
        fields["year"] = parts[0]
        if len(parts) > 1:
            fields["month"] = MONTHS[int(parts[1]) - 1]
        fields["date"] = source.date
    if source.url:
        fields["url"] = source.url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
    if source.note:
        fields["note"] = collapsed(source.note)
    return entry_type, fields, [collapsed(a) for a in source.authors]


# How LaTeX prints a value. The commands for the special characters: the exporter's choice,
# decoded here independently of its table; any other command fails the read. The lone braces'
# forms hide their other brace from TeX in \iffalse ... \fi, and \/ prints nothing.
_LATEX = {r"\{": "{", r"\}": "}", r"\{\iffalse\}\fi{}": "{", r"\iffalse\{\fi\}": "}", r"\textbackslash{}": "\\", r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\`{}": "`", r"\textquotesingle{}": "'", r"\/": "", r"\#": "#", r"\$": "$", r"\%": "%", r"\&": "&", r"\_": "_"}  # fmt: skip
_LATEX_COMMAND = re.compile(
    "(" + "|".join(re.escape(c) for c in sorted(_LATEX, key=len, reverse=True)) + r"|\\.)"
)
# The text between commands, as TeX fonts print it. latexcodec (pybtex's reader of LaTeX) knows
# the ligatures -- --- `` '' !` ?` ,, (and ~); T1 and Unicode fonts also print a lone ` and ' as
# curly quotes and << >> as guillemets. Braces are dropped without ending the text, since LuaTeX
# makes ligatures across them, and each word is read alone, since latexcodec drops spaces.
_FONT = {"`": "\u2018", "'": "\u2019", "<<": "\u00ab", ">>": "\u00bb"}
_FONT_PAIR = re.compile("<<|>>|[`']")


def typeset(text: str) -> str:
    words = text.replace("{", "").replace("}", "").split(" ")
    words = [codecs.decode(word, "ulatex") for word in words]
    return _FONT_PAIR.sub(lambda m: _FONT[m.group()], " ".join(words))


def unlatex(value: str) -> str:
    parts = _LATEX_COMMAND.split(value)  # text, command, text, ..., text
    texts, commands = parts[::2], parts[1::2]
    unknown = [c for c in commands if c not in _LATEX]
    assert not unknown, f"commands no reader is told about: {unknown}"
    printed = [typeset(texts[0])]
    for command, text in zip(commands, texts[1:], strict=True):
        printed += [_LATEX[command], typeset(text)]
    return "".join(printed)


def read_bibtex(data: bytes) -> dict[str, tuple[str, dict[str, str], list[str]]]:
    text = data.decode("utf-8")
    entries = parse_string(text, "bibtex").entries
    # A reader that scans for "@type{" finds only the entries' own, each at a line start (a URL,
    # written as it is, may hold anything).
    text_lines = "\n".join(line for line in text.splitlines() if not line.startswith("  url = "))
    headers = re.findall(r"@\s*\w+\s*[{(]", text_lines)
    assert len(entries) == len(headers) == len(re.findall(r"^@\w+\{", text, re.MULTILINE))
    read = {}
    for key, entry in entries.items():
        fields = {
            name: value if name == "url" else unlatex(value) for name, value in entry.fields.items()
        }
        authors = []
        for person in entry.persons.get("author", []):
            name = str(person)
            assert name.startswith("{") and name.endswith("}"), name  # one braced name, unsplit
            authors.append(unlatex(name[1:-1]))
        assert set(entry.persons) <= {"author"}
        read[key] = (entry.type, fields, authors)
    return read


def expected_ris(key: str, source: Source) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type_of_reference": TYPES[source.kind].ris,
        "id": key,
        "title": inert(collapsed(source.title)),
    }
    if source.authors:
        record["authors"] = [inert(collapsed(a)) for a in source.authors]
    if source.publisher:
        record["publisher"] = inert(collapsed(source.publisher))
    if source.date:
        parts = source.date.split("-")
        record["year"] = parts[0]
        record["date"] = "/".join(parts + [""] * (3 - len(parts))) + "/"
    if source.url:
        record["urls"] = [source.url.replace(";", "%3B")]
    if source.note:
        record["notes"] = [inert(collapsed(source.note))]
    return record


def read_ris(data: bytes) -> dict[str, dict[str, Any]]:
    records = rispy.loads(data.decode("utf-8"))
    by_id = {r["id"]: r for r in records}
    assert len(by_id) == len(records)
    return by_id


# ------------------------------------------------------------------------------------------
# The installed casebook, in each format.


def test_csl_json_is_valid_csl_data_with_every_field():
    book = installed()
    read = read_csl(CslJsonExporter().export(book)["sources.json"])
    assert {k: expected_csl(k, s) for k, s in all_sources(book).items()} == read


def test_csl_json_renders_in_a_standard_style():
    """citeproc-py renders every record in the Harvard style it ships, with its title and year."""
    book = installed()
    items = json.loads(CslJsonExporter().export(book)["sources.json"])
    bibliography = render_harvard(items)
    assert len(items) == len(bibliography)
    rendered = "\n".join(bibliography)
    for source in all_sources(book).values():
        assert source.title in rendered
        if source.date:
            assert f"({source.date[:4]})" in rendered


def render_harvard(items: list[dict[str, Any]]) -> list[str]:
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_bibtex_parses_with_every_field_intact():
    book = installed()
    read = read_bibtex(BibtexExporter().export(book)["sources.bib"])
    expected = {k.replace("/", ":"): expected_bibtex(s) for k, s in all_sources(book).items()}
    assert expected == read


def test_ris_parses_with_every_field_intact():
    book = installed()
    read = read_ris(RisExporter().export(book)["sources.ris"])
    assert {k: expected_ris(k, s) for k, s in all_sources(book).items()} == read


# ------------------------------------------------------------------------------------------
# Sources at the edges: a partial date, no authors, every special character.

EDGE_SOURCES = (
    Source(id="year-only", title="A report of one year", kind="report", date="2016"),
    Source(
        id="month-only",
        title="A newsletter",
        kind="newsletter",
        date="2016-06",
        publisher="NHS Salford",
    ),
    Source(id="no-authors", title="Nobody signed it", kind="web-page"),
    Source(
        id="every-special",
        title=EVERY_SPECIAL,
        kind="blog",
        authors=("{Smith} and Sons", "J. R. R. Tolkien, Jr.", "50% @ home"),
        publisher="Fish & Chips_Ltd ~ #1 ^ $5 \\o/",
        date="2017-05-17",
        url="https://example.org/a{b}\\c;d%20e#f",
        note="Line one\nER  - \n@misc{evil,\n  title = {x}}\nTY  - JOUR\n@article(x, title = {y})",
    ),
)


def test_edge_sources_are_valid_records_in_every_format():
    book = book_of(EDGE_SOURCES)
    sources = all_sources(book)
    assert {k: expected_csl(k, s) for k, s in sources.items()} == read_csl(
        CslJsonExporter().export(book)["sources.json"]
    )
    assert {k.replace("/", ":"): expected_bibtex(s) for k, s in sources.items()} == read_bibtex(
        BibtexExporter().export(book)["sources.bib"]
    )
    assert {k: expected_ris(k, s) for k, s in sources.items()} == read_ris(
        RisExporter().export(book)["sources.ris"]
    )


def test_edge_sources_render_in_a_standard_style():
    items = json.loads(CslJsonExporter().export(book_of(EDGE_SOURCES))["sources.json"])
    rendered = render_harvard(items)
    assert 4 == len(rendered)
    assert any("(2016)" in r and "A report of one year" in r for r in rendered)
    assert any("{Smith} and Sons" in r for r in rendered)


def test_absent_fields_stay_absent():
    """A source with a title alone gives records with a title alone: no empty values."""
    book = book_of((Source(id="bare", title="Bare", kind="other"),))
    assert {"id": "salford-together/bare", "type": "article", "title": "Bare"} == json.loads(
        CslJsonExporter().export(book)["sources.json"]
    )[0]
    assert (
        b"@misc{salford-together:bare,\n  title = {Bare}\n}\n"
        == BibtexExporter().export(book)["sources.bib"]
    )
    assert (
        b"TY  - GEN\r\nID  - salford-together/bare\r\nTI  - Bare\r\nER  - \r\n"
        == RisExporter().export(book)["sources.ris"]
    )


# ------------------------------------------------------------------------------------------
# Hostile text, generated: every format gives back the same text and no extra record or field.

HOSTILE_PIECES = (
    "{", "}", "\\", "#", "$", "%", "&", "~", "_", "^", "@", '"', ",", " and ", "\t",
    "\n", "\r", "\r\n", "\x85", "\u2028", "\x00", "\x1b", "\x7f", "\ufeff",
    "\nER  - ", "\rER  -", "\nTY  - JOUR", "\n@misc{x,", "\n@misc(x,", "}\n@article{y, title={", "\\end{document}",
    # What TeX fonts print as other characters: dashes, curly and Spanish quotes, guillemets.
    "-", "--", "---", "`", "``", "'", "''", "!`", "?`", ",,", "<<", ">>",
    '<span class="nocase">', "<b>", "</I>", "<sup>", "<sc>", "<br>", "é", "\u0301", "😀", "\U0010fffd",
)  # fmt: skip
hostile_texts = (
    st.lists(
        st.one_of(st.sampled_from(HOSTILE_PIECES), st.characters(codec="utf-8")),
        min_size=1,
        max_size=10,
    )
    .map("".join)
    .filter(lambda s: bool(s.split()))
)
slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
partial_dates = st.dates().flatmap(
    lambda d: st.sampled_from([f"{d.year:04d}", f"{d.year:04d}-{d.month:02d}", d.isoformat()])
)
urls = st.text(alphabet=string.ascii_letters + string.digits + string.punctuation, max_size=20).map(
    "https://example.org/{}".format
)
hostile_sources = st.builds(
    Source,
    id=slugs,
    title=hostile_texts,
    kind=st.sampled_from(get_args(SourceKind)),
    publisher=st.none() | hostile_texts,
    authors=st.lists(hostile_texts, max_size=3).map(tuple),
    date=st.none() | partial_dates,
    url=st.none() | urls,
    note=st.none() | hostile_texts,
)
hostile_books = st.lists(hostile_sources, min_size=1, max_size=4, unique_by=lambda s: s.id).map(
    lambda s: book_of(tuple(s))
)


@settings(deadline=None)
@given(hostile_books)
def test_hostile_text_round_trips_through_csl_json(book):
    read = read_csl(CslJsonExporter().export(book)["sources.json"])
    assert {k: expected_csl(k, s) for k, s in all_sources(book).items()} == read


@settings(deadline=None)
@given(hostile_books)
def test_hostile_text_round_trips_through_bibtex(book):
    read = read_bibtex(BibtexExporter().export(book)["sources.bib"])
    assert {k.replace("/", ":"): expected_bibtex(s) for k, s in all_sources(book).items()} == read


@settings(deadline=None)
@given(hostile_books)
def test_hostile_text_round_trips_through_ris(book):
    read = read_ris(RisExporter().export(book)["sources.ris"])
    assert {k: expected_ris(k, s) for k, s in all_sources(book).items()} == read


@pytest.mark.parametrize("exporter", [CslJsonExporter, BibtexExporter, RisExporter])
def test_output_does_not_depend_on_the_order_of_the_data(exporter):
    """Sources in another order give the same bytes: records are sorted, no clock is read."""
    forward = exporter().export(book_of(EDGE_SOURCES))
    backward = exporter().export(book_of(EDGE_SOURCES[::-1]))
    assert forward == backward


def test_paired_braces_are_written_as_every_reader_knows_them():
    """A brace with its partner is ``\\{`` or ``\\}`` (Pandoc reads those); a lone one hides the
    other brace, which BibTeX counts, from TeX and Pandoc in ``\\iffalse ... \\fi``."""
    book = book_of((Source(id="braces", title="{a} } {b", kind="other"),))
    data = BibtexExporter().export(book)["sources.bib"]
    assert b"  title = {\\{a\\} \\iffalse\\{\\fi\\} \\{\\iffalse\\}\\fi{}b}\n" in data
    assert {"title": "{a} } {b"} == read_bibtex(data)["salford-together:braces"][1]


@pytest.mark.parametrize(
    ("title", "written"),
    [
        (
            "Beds -- 2016 --- 2017: the ``front door'' `triage` unit !` } and {",
            (
                r"Beds -\/- 2016 -\/-\/- 2017: the \`{}\`{}front door\textquotesingle{}"
                r"\textquotesingle{} \`{}triage\`{} unit !\`{} \iffalse\{\fi\} and \{\iffalse\}\fi{}"
            ),
        ),
        ("<<a>> ,,b, c--d - e", r"<\/<a>\/> ,\/,b, c-\/-d - e"),
    ],
)
def test_ligatures_and_quotes_print_as_written(title, written):
    """Dashes, TeX's quotes, Spanish ligatures, guillemets and lone braces print as written. The
    first title is a reviewer's: Pandoc read en and em dashes, curly quotes and no braces in it."""
    book = book_of((Source(id="ligatures", title=title, kind="other"),))
    data = BibtexExporter().export(book)["sources.bib"]
    assert f"  title = {{{written}}}\n".encode() in data
    assert {"title": title} == read_bibtex(data)["salford-together:ligatures"][1]


def test_csl_formatting_tags_stay_text():
    """A tag a CSL processor would format by (``<b>``, ``<span class="nocase">``) is shown as written."""
    title = 'x <b>bold</b> <span class="nocase">kept</span> <br> a<b'
    book = book_of((Source(id="tags", title=title, kind="other"),))
    item = json.loads(CslJsonExporter().export(book)["sources.json"])[0]
    joined = 'x <\u2060b>bold<\u2060/b> <\u2060span class="nocase">kept<\u2060/span> <br> a<\u2060b'
    assert joined == item["title"]
    assert (
        f"\u201c{joined}\u201d" in render_harvard([item])[0]
    )  # citeproc-py keeps the span as text
    assert f"TI  - {joined}\r\n".encode() in RisExporter().export(book)["sources.ris"]
