"""Labels instead of codes: every enumerated value has one label, and outputs people read use it.

The labels live in ``casebook.vocabulary`` alone; the first tests keep them in step with the
schema's enums. The others build what a reader sees (the documentation site, the Markdown
export, ``casebook show``, ``list`` and ``compare``) and look for codes in its text. A code
counts only as a whole word (``care-homes`` inside a longer code is that longer code), and
codes whose label is the same word (``planned``, ``home``) cannot be told from their labels, so
they are not looked for. Address-like text and code samples (``<code>``, ``<pre>``) are left
out, and so is the data's own prose, which may use a code as a word ("voluntary-sector
partners"). The data-format page is the one page that lists the codes. The heatmap pictures
are not checked here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import casebook
from casebook.cli import main
from casebook.export.pages import case_page, page_text
from casebook.format import convert
from casebook.format.validation import schema
from casebook.model import CaseStudy
from casebook.vocabulary import (
    BASIS_TERMS,
    CONFIDENCE_TERMS,
    DIRECTION_TERMS,
    EVALUATOR_TERMS,
    ORIGIN_TERMS,
    PROGRAMME_TERMS,
    ROLE_TERMS,
    SECTOR_TERMS,
    SETTING_TERMS,
    SOURCE_KIND_TERMS,
    STATUS_TERMS,
    VOCABULARIES,
)
from tests import strategies
from tests.test_pages import rst_text
from tests.test_sphinx_extension import build, project  # noqa: F401 - a Sphinx project

bs4 = pytest.importorskip("bs4")
markdown_it = pytest.importorskip("markdown_it")

# Fields whose values are codes, ids or references, not the data's prose.
CODED = {"id", "cites", "initiative", "areas", "sites", "url", "schema_version"}
CODED |= {"type", "role", "sector", "settings", "status", "origin", "direction", "basis"}
CODED |= {"evaluated_by", "confidence", "kind"}


def says(text: str, code: str) -> bool:
    """Tell whether *text* has *code* as a whole word, in any case."""
    return re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text, re.IGNORECASE) is not None


#: The codes a reader should never see: those whose label is another word.
LABELLED_CODES = {
    code
    for vocabulary in VOCABULARIES
    for code, term in vocabulary.terms.items()
    if not says(term.label, code)
}


def shown_codes(book: casebook.Casebook) -> set[str]:
    """Return the codes a reader should never see, framework areas included."""
    codes = set(LABELLED_CODES)
    for framework in book.frameworks.values():
        codes |= set(framework.area_refs())
        codes |= {area.id for area in framework.areas if not says(area.title, area.id)}
    return codes


def prose(data: Any) -> Iterator[str]:
    """Yield every text of a case study's data that is prose, not a code or an id."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in CODED:
                yield from prose(value)
    elif isinstance(data, list):
        for item in data:
            yield from prose(item)
    elif isinstance(data, str):
        yield " ".join(data.split())


class CodeFinder:
    """Find codes in a text, once the data's own prose that uses a code as a word is removed."""

    def __init__(self, codes: Iterable[str], cases: Iterable[CaseStudy]) -> None:
        longest_first = sorted(codes, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, longest_first))
        self.pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")
        texts = {t for case in cases for t in prose(convert.to_data(case))}
        self.prose = sorted((t for t in texts if self.pattern.search(t)), key=len, reverse=True)

    def __call__(self, text: str) -> list[str]:
        """Return each code in *text* with the words around it."""
        text = re.sub(r"https?://\S+", " ", " ".join(text.split()))
        for own in self.prose:
            text = text.replace(own, " ")
        return [text[max(0, m.start() - 40) : m.end() + 40] for m in self.pattern.finditer(text)]


@pytest.fixture(scope="module")
def find_codes() -> CodeFinder:
    """Return the code finder of the installed case studies."""
    book = casebook.load()
    return CodeFinder(shown_codes(book), book.values())


def html_text(html: str) -> str:
    """Return the text of an HTML page a reader sees, without code samples."""
    soup = bs4.BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "pre", "code"]):
        element.decompose()
    return soup.get_text(" ")


def enums(node: Any, pointer: str = "") -> Iterator[tuple[str, list[str]]]:
    """Yield the JSON pointer and values of every enum in a schema."""
    if isinstance(node, dict):
        if "enum" in node:
            yield pointer, node["enum"]
        for key, value in node.items():
            yield from enums(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from enums(value, f"{pointer}/{index}")


def test_every_enum_of_the_schema_has_its_labels_and_no_others():
    """Each enum has a vocabulary with a term for every code, in order, and for nothing else."""
    in_schema = dict(enums(schema()))
    assert in_schema, "the schema has enums"
    in_vocabulary = {v.pointer: list(v.terms) for v in VOCABULARIES}
    assert in_schema == in_vocabulary


def test_every_label_and_meaning_is_one_line_and_labels_differ():
    """A label and a meaning are each one line of text; no two codes of a field share a label."""
    for vocabulary in VOCABULARIES:
        labels = [term.label for term in vocabulary.terms.values()]
        assert len(set(labels)) == len(labels), vocabulary.title
        for code, (label, meaning) in vocabulary.terms.items():
            for text in (label, meaning):
                assert text.strip() == text, code
                assert text, code
                assert "\n" not in text, code


def test_a_status_label_is_its_own_word():
    """Labels say no more than the code: ``implemented`` reads "implemented", not more."""
    statuses = next(v for v in VOCABULARIES if v.pointer.endswith("/status"))
    assert all(code == term.label for code, term in statuses.terms.items())


def used_labels(case: CaseStudy) -> set[str]:
    """Return the label of every enumerated value *case* records."""
    shown = {PROGRAMME_TERMS[case.programme.type].label}
    for o in case.organisations:
        shown |= {ROLE_TERMS[o.role].label, SECTOR_TERMS[o.sector].label}
    for i in case.initiatives:
        shown |= {SETTING_TERMS[s].label for s in i.settings}
        shown |= {ORIGIN_TERMS[i.origin].label, STATUS_TERMS[i.status].label.capitalize()}
    for outcome in case.outcomes:
        shown |= {BASIS_TERMS[outcome.basis].label, CONFIDENCE_TERMS[outcome.confidence].label}
        shown |= {DIRECTION_TERMS[outcome.direction].label} if outcome.direction else set()
        shown |= {EVALUATOR_TERMS[outcome.evaluated_by].label} if outcome.evaluated_by else set()
    return shown | {SOURCE_KIND_TERMS[s.kind].label for s in case.sources}


@given(strategies.valid_case_studies)
def test_any_case_studys_page_shows_labels_not_codes(case):
    """For any valid case study, its page model shows each value by its label and no code.

    Every rendering (Markdown, reST, Sphinx, ``casebook show``) shows the page model's text.
    """
    titles = {ref: f"Area {n} title" for n, ref in enumerate(sorted(case.areas()))}
    text = " ".join(" ".join(page_text(case_page(case, titles))).split())
    assert [] == CodeFinder(LABELLED_CODES, [case])(text)
    assert set() == {label for label in used_labels(case) if label not in text}
    assert set() == {title for title in titles.values() if title not in text}


def test_no_code_appears_on_the_documentation_site(site, find_codes):
    """No page of the built site shows a code, except the data-format reference."""
    found = {
        str(page.relative_to(site)): codes
        for page in sorted(site.rglob("*.html"))
        if page.name != "format.html" or page.parent != site
        if (codes := find_codes(html_text(page.read_text("utf-8"))))
    }
    assert {} == found


def test_no_code_appears_in_the_sites_pictures(site, find_codes):
    """The heatmaps and the coverage grid name sites, areas and statuses by words too."""
    import xml.etree.ElementTree as ET

    pictures = sorted(site.rglob("*.svg"))
    assert any("kings-fund-2017" in p.name for p in pictures), [p.name for p in pictures]
    found = {}
    for picture in pictures:
        root = ET.fromstring(picture.read_text("utf-8"))  # noqa: S314 - written by casebook
        text = " ".join(" ".join(root.itertext()).split())
        if codes := find_codes(text):
            found[picture.name] = codes
    assert {} == found


def test_the_site_shows_areas_by_their_titles(site):
    """An initiative's framework areas read as the areas' titles, linked to the framework."""
    book = casebook.load()
    case = book["north-east-hampshire-farnham"]
    refs = {ref for initiative in case.initiatives for ref in initiative.areas}
    assert "kings-fund-2017/urgent-care" in refs
    soup = bs4.BeautifulSoup(
        (site / "casebook" / "sites" / f"{case.id}.html").read_text("utf-8"), "html.parser"
    )
    links = {a.get_text(" ", strip=True) for a in soup.find_all("a")}
    assert "Urgent care" in links


def test_the_format_page_lists_every_code_with_its_label_and_meaning(site):
    """The data-format page has a row per code: the code, its label and its meaning."""
    soup = bs4.BeautifulSoup((site / "format.html").read_text("utf-8"), "html.parser")
    rows = {
        tuple(" ".join(cell.get_text(" ").split()) for cell in row.find_all("td"))
        for row in soup.find_all("tr")
    }
    expected = {
        (code, term.label, term.meaning)
        for vocabulary in VOCABULARIES
        for code, term in vocabulary.terms.items()
    }
    assert set() == expected - rows
    book = casebook.load()
    areas = {(ref, area.title) for fw in book.frameworks.values() for ref, area in
             zip(fw.area_refs(), fw.areas, strict=True)}  # fmt: skip
    assert set() == areas - {row[:2] for row in rows}


def test_no_code_appears_in_the_markdown_export(tmp_path, capsys, find_codes):
    """No Markdown page shows a code: each file's text, as a Markdown renderer shows it."""
    assert 0 == main(["export", "--format", "markdown", "--output", str(tmp_path)])
    capsys.readouterr()
    render = markdown_it.MarkdownIt("commonmark").enable("table").render
    pages = sorted(tmp_path.rglob("*.md"))
    assert len(pages) > 1
    found = {
        str(page.relative_to(tmp_path)): codes
        for page in pages
        if (codes := find_codes(html_text(render(page.read_text("utf-8")))))
    }
    assert {} == found


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["compare", "--framework", "kings-fund-2017"],
        ["compare", "--framework", "london-2017"],
        ["compare", "--framework", "five-year-forward-view"],
    ],
)
def test_no_code_appears_in_list_and_compare(command, capsys, find_codes):
    """``casebook list`` and ``compare`` name programme types, origins and areas in words."""
    assert 0 == main(command)
    out = capsys.readouterr().out
    if command == ["list"]:
        out = "\n".join(line.split(None, 1)[1] for line in out.splitlines())  # the ids column
    assert [] == find_codes(out)


def test_no_code_appears_in_show(capsys, find_codes):
    """``casebook show`` writes every site up in words, and ``--format json`` keeps the codes."""
    book = casebook.load()
    for case_id, case in book.items():
        assert 0 == main(["show", case_id])
        assert [] == find_codes(capsys.readouterr().out), case_id
        assert 0 == main(["show", case_id, "--format", "json"])
        assert f'"type": "{case.programme.type}"' in capsys.readouterr().out


def test_the_markdown_pages_show_area_titles(tmp_path, capsys):
    """A site page names the areas an initiative serves by their titles, not their references."""
    assert 0 == main(["export", "--format", "markdown", "--output", str(tmp_path)])
    capsys.readouterr()
    page = (tmp_path / "sites" / "north-east-hampshire-farnham.md").read_text("utf-8")
    assert "Framework areas: Urgent care" in page.replace("\\", "")


def test_json_export_keeps_the_codes(tmp_path, capsys):
    """Machine outputs keep the codes: the JSON export holds the data as recorded."""
    assert 0 == main(["export", "--format", "json", "--output", str(tmp_path)])
    capsys.readouterr()
    text = Path(tmp_path / "case-studies" / "tower-hamlets-together.json").read_text("utf-8")
    assert '"mcp"' in text


def test_no_code_appears_in_the_rst_export(tmp_path, capsys, find_codes):
    """No reST page of the ``sphinx`` export shows a code, as docutils reads its text."""
    assert 0 == main(["export", "--format", "sphinx", "--output", str(tmp_path)])
    capsys.readouterr()
    texts = {page: rst_text(page.read_text("utf-8")) for page in sorted(tmp_path.rglob("*.rst"))}
    assert "multispecialty community provider" in texts[tmp_path / "index.rst"]
    found = {
        str(page.relative_to(tmp_path)): c for page, t in texts.items() if (c := find_codes(t))
    }
    assert {} == found


def test_retitling_an_area_rereads_the_site_pages_that_name_it(project):  # noqa: F811
    """A site page shows its areas' titles, so a framework's new title reaches it on rebuild."""
    build(project)
    framework = project.parent / "plugins" / "framework.toml"
    text = framework.read_text("utf-8")
    framework.write_text(text.replace('title = "Urgent care"', 'title = "Crisis support"'))
    read, _ = build(project)
    assert {"casebook/sites/site-a", "casebook/sites/site-b"} <= set(read)
    page = (project / "_build/html/casebook/sites/site-a.html").read_text("utf-8")
    assert "Crisis support" in page
    assert "Urgent care" not in page
