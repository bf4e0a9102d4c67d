"""Hostile names in the heatmap: the SVG is well-formed XML and shows the text as given.

Characters XML cannot carry become U+FFFD (see casebook.export.escaping.xml_text); every other
character comes back from a real XML parser exactly.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

import casebook
from casebook import heatmap, model
from casebook.book import Casebook
from casebook.export.xmltext import xml_text
from tests import strategies

SVG = "{http://www.w3.org/2000/svg}"


def framework(title: str, area_titles: list[str]) -> model.Framework:
    return model.Framework(
        id="fw",
        title=title,
        description="For tests.",
        source=model.Source(id="s", title="S", kind="report"),
        areas=tuple(
            model.FrameworkArea(id=f"a{n}", title=t, description="An area.")
            for n, t in enumerate(area_titles)
        ),
    )


def site(case_id: str, name: str) -> model.CaseStudy:
    cites = ("s",)
    return model.CaseStudy(
        id=case_id,
        name=name,
        programme=model.Programme(type="pacs", cites=cites),
        place=model.Place(name="P", cites=cites),
        summary=model.Statement(text="x", cites=cites),
        last_reviewed="2026-01-01",
        sources=(model.Source(id="s", title="The source", kind="report"),),
        initiatives=(
            model.Initiative(
                id="i",
                title="Initiative",
                description="d",
                status="planned",
                origin="vanguard",
                cites=cites,
                areas=("fw/a0",),
            ),
        ),
    )


def svg_of(title: str, area_titles: list[str], names: list[str]) -> ET.Element:
    cases = [site(f"site{n}", name) for n, name in enumerate(names)]
    book = Casebook({c.id: c for c in cases}, frameworks={"fw": framework(title, area_titles)})
    document = heatmap.render(casebook.compare(book, "fw"), {c.id: c.name for c in cases})
    document.encode("utf-8")  # it can be written as UTF-8: no lone surrogate is left
    return ET.fromstring(document)  # noqa: S314 - the document is our own output under test


def tooltip(element: ET.Element) -> str:
    title = element.find(f"{SVG}title")
    assert title is not None
    return title.text or ""


def shown(element: ET.Element) -> list[str]:
    """The visible lines of a label: one per ``tspan``."""
    return [span.text or "" for span in element.findall(f"{SVG}tspan")]


def folded(text: str) -> str:
    return xml_text(" ".join(text.split()))


@given(
    strategies.hostile_texts,
    st.lists(strategies.hostile_texts, min_size=1, max_size=3),
    st.lists(strategies.hostile_texts, min_size=1, max_size=3),
)
def test_heatmap_is_well_formed_and_shows_the_text_as_given(title, area_titles, names):
    """Titles, area headers and site labels parse back as the sanitised text, exactly.

    Names and titles are wrapped onto lines, never cut: the lines hold every character of the
    text but the spaces where it was wrapped.
    """
    root = svg_of(title, area_titles, names)
    expected_title = xml_text(f"Evidence heatmap: {title}")
    assert expected_title == root.get("aria-label")
    assert expected_title == tooltip(root)
    assert xml_text(title) in (root.findtext(f"{SVG}desc") or "")
    headers = root.findall(f"{SVG}text[@class='area-title']")
    labels = root.findall(f"{SVG}text[@class='site-name']")
    for element, text in [
        *zip(headers, area_titles, strict=True),
        *zip(labels, names, strict=True),
    ]:
        assert xml_text(text) == tooltip(element)
        lines = shown(element)
        assert folded(text).replace(" ", "") == "".join(lines).replace(" ", "")
        assert all(line == line.strip() for line in lines)
    cells = [r for r in root.findall(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    wheres = [f"{n}, {a}: " for n in names for a in area_titles]
    assert len(wheres) == len(cells)
    for element, where in zip(cells, wheres, strict=True):
        assert tooltip(element).startswith(xml_text(where))


def test_a_nul_in_a_site_name_no_longer_breaks_the_picture():
    """A NUL, a form feed, a C1 control and a non-character made the SVG unparseable."""
    root = svg_of("F\x0c", ["Area\ufffe"], ["Site\x00 one\x85\r\n"])
    label = root.findall(f"{SVG}text[@class='site-name']")[0]
    assert "Site\ufffd one\ufffd\r\n" == tooltip(label)
    assert "F\ufffd" in tooltip(root)


def test_the_installed_heatmaps_name_sites_wrap_titles_and_scale():
    """Rows are site names, area titles are whole, the picture scales and explains itself.

    Titles were cut ("Whole-populatio…") and the picture had a fixed pixel width.
    """
    book = casebook.load()
    names = {case_id: case.name for case_id, case in book.items()}
    for fw_id, fw in book.frameworks.items():
        root = ET.fromstring(heatmap.render(casebook.compare(book, fw_id), names))  # noqa: S314
        assert root.get("width") is None
        assert root.get("height") is None
        assert f"0 0 {heatmap.width(casebook.compare(book, fw_id))} " in (root.get("viewBox") or "")
        assert "img" == root.get("role")
        assert "dashed outline" in (root.findtext(f"{SVG}desc") or "")
        headers = [" ".join(shown(e)) for e in root.findall(f"{SVG}text[@class='area-title']")]
        assert [area.title for area in fw.areas] == headers
        rows = [" ".join(shown(e)) for e in root.findall(f"{SVG}text[@class='site-name']")]
        assert sorted(names.values()) == sorted(rows)
        legend = " ".join(" ".join(shown(e)) for e in root.findall(f"{SVG}text[@class='legend']"))
        assert "dashed outline: work of another origin" in legend
        assert "\u2026" not in ET.tostring(root, encoding="unicode")


def test_the_lines_naming_other_work_are_wrapped_inside_their_cell():
    """A cell's "+ evaluated (began before the vanguard)" lines fit the cell: they ran past it."""
    book = casebook.load()
    names = {case_id: case.name for case_id, case in book.items()}
    room = (heatmap.CELL_W - 2 * heatmap.PAD) // heatmap.CHAR_W
    others = []
    for fw_id in book.frameworks:
        root = ET.fromstring(heatmap.render(casebook.compare(book, fw_id), names))  # noqa: S314
        for text in root.findall(f"{SVG}text[@class='cell-other']"):
            others += shown(text)
    assert any(line.startswith("+ evaluated") for line in others)  # North East Hampshire
    assert [] == [line for line in others if len(line) > room]
