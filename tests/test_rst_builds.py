"""The sphinx export drops into any Sphinx project and builds with every warning an error."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

import casebook
from casebook import exporting

sphinx_build = pytest.importorskip("sphinx.cmd.build")


@pytest.mark.parametrize("group_size", [50, 2])
def test_exported_pages_build_cleanly_with_resolved_references(tmp_path, monkeypatch, group_size):
    """A bare Sphinx project including the pages builds with -W -n; cross-references resolve."""
    monkeypatch.setattr("casebook.export.rst.GROUP_SIZE", group_size)
    book = casebook.load()
    exporting.export(book, "sphinx", tmp_path / "casebook")
    assert (group_size < len(book)) == (tmp_path / "casebook/groups/0001.rst").is_file()
    (tmp_path / "conf.py").write_text("project = 'test'\n")
    (tmp_path / "index.rst").write_text("Test\n====\n\n.. toctree::\n\n   casebook/index\n")
    out = tmp_path / "_build"
    code = sphinx_build.build_main(
        ["-W", "--keep-going", "-n", "-q", "-b", "html", str(tmp_path), str(out)]
    )
    assert 0 == code
    page = (out / "casebook" / "sites" / "tower-hamlets-together.html").read_text("utf-8")
    area = "frameworks/kings-fund-2017.html#casebook-area-kings-fund-2017-long-term-care"
    assert f'href="../{area}"' in page
    assert "12.7" in page
    row = 'href="{}sites/salford-together.html#casebook-case-salford-together"'
    index = (out / "casebook/index.html").read_text("utf-8")
    framework = (out / "casebook/frameworks/kings-fund-2017.html").read_text("utf-8")
    if group_size < len(book):
        # Paged: each group page has its sites' table; each framework a comparison per group.
        pages = [p.read_text("utf-8") for p in sorted((out / "casebook/groups").glob("*.html"))]
        assert 1 == sum(row.format("../") in page for page in pages)
        comparisons = sorted((out / "casebook/frameworks/kings-fund-2017").glob("*.html"))
        assert 1 == sum(row.format("../../") in p.read_text("utf-8") for p in comparisons)
        assert row.format("") not in index
        assert row.format("../") not in framework
    else:
        assert row.format("") in index
        assert row.format("../") in framework


@pytest.mark.parametrize("group_size", [50, 2])
def test_the_export_and_the_extension_produce_the_same_pages(monkeypatch, group_size):
    """One page plan: the sphinx export and the Sphinx extension name, title and page alike."""
    from casebook.export.builtin import SphinxExporter
    from casebook.sphinx.pages import generated_pages

    monkeypatch.setattr("casebook.export.rst.GROUP_SIZE", group_size)
    monkeypatch.setattr("casebook.sphinx.pages.GROUP_SIZE", group_size)
    book = casebook.load()
    exported = SphinxExporter().export(book)
    generated = {k: v for k, v in generated_pages(book).items() if k.endswith(".rst")}
    assert set(generated) == set(exported)
    for name, text in exported.items():
        title = [line for line in text.decode().splitlines() if not line.startswith(".. _")]
        stub = generated[name].decode().splitlines()
        assert [line for line in title if line][:2] == [line for line in stub if line][:2], name


def test_the_exported_framework_page_links_its_source_and_gives_its_note():
    """The ``sphinx`` export's framework page shows its source's address and note, as the
    extension's does: both were in the data but not on the page."""
    from docutils import nodes

    from casebook.export.builtin import SphinxExporter
    from tests.test_exporters_text import parse_rst

    book = casebook.load()
    assert any(f.source.url and f.source.note for f in book.frameworks.values())
    files = SphinxExporter().export(book)
    for fw_id, framework in book.frameworks.items():
        tree = parse_rst(files[f"frameworks/{fw_id}.rst"].decode())
        source = next(p for p in tree.findall(nodes.paragraph) if p.astext().startswith("Source:"))
        links = [r["refuri"] for r in source.findall(nodes.reference)]
        assert ([framework.source.url] if framework.source.url else []) == links
        if framework.source.note:
            assert " ".join(framework.source.note.split()) in " ".join(source.astext().split())


class _Body(HTMLParser):
    """Collect the text of an HTML page's main body, and the text and href of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str | None, str]] = []
        self._depth = 0  # how deep within the body's <div>, 0 outside it
        self._link: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "div" and (self._depth or attributes.get("role") == "main"):
            self._depth += 1
        if self._depth and tag == "a" and "reference external" in (attributes.get("class") or ""):
            self.links.append((attributes.get("href"), ""))
            self._link = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._depth:
            self._depth -= 1
        if tag == "a" and self._link is not None:
            self.links[-1] = (self.links[-1][0], "".join(self._link))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.text.append(data)
        if self._link is not None:
            self._link.append(data)


# Straight quotes, dashes, an ellipsis and backtick quotes: what smart quotes would change.
QUOTED = "Trust \"North\" 5'10\" it's -- a --- b ... c . . . d ``e'' `f'"
# An address shown percent-encoded once: non-ASCII, a backslash, quotes, dashes.
URL = "https://example.org/café?q=ü\\'\"--x"


def test_a_default_build_shows_the_text_and_the_addresses_as_recorded(tmp_path):
    """In a project with Sphinx's defaults (smart quotes on), every text of a site and of a
    framework shows as written, with straight quotes, "--" and "...", and each source's link
    shows its address as recorded (it was percent-encoded) and links to it encoded."""
    import attrs

    from casebook.book import Casebook
    from casebook.export.builtin import SphinxExporter
    from casebook.export.escaping import link_target
    from casebook.model import FrameworkArea
    from tests.test_exporters_text import FRAMEWORK, TEXT_FIELDS, field_texts, full_case

    case = full_case([f"{QUOTED} {n}" for n in range(TEXT_FIELDS)], URL)
    framework = attrs.evolve(
        FRAMEWORK,
        title=f"{QUOTED} framework",
        description=f"{QUOTED} described",
        source=attrs.evolve(FRAMEWORK.source, url=URL, note=f"{QUOTED} noted"),
        areas=(FrameworkArea(id="a", title=f"{QUOTED} area", description=f"{QUOTED} about"),),
    )
    book = Casebook({case.id: case}, frameworks={"fw": framework})
    for name, data in SphinxExporter().export(book).items():
        (tmp_path / "casebook" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "casebook" / name).write_bytes(data)
    (tmp_path / "conf.py").write_text("project = 'test'\n")
    (tmp_path / "index.rst").write_text("Test\n====\n\n.. toctree::\n\n   casebook/index\n")
    out = tmp_path / "_build"
    assert 0 == sphinx_build.build_main(["-q", "-b", "html", str(tmp_path), str(out)])

    def body(name: str) -> _Body:
        page = _Body()
        page.feed((out / "casebook" / name).read_text("utf-8"))
        page.close()
        return page

    site, fw, coverage = body("sites/site.html"), body("frameworks/fw.html"), body("coverage.html")
    shown = "".join(site.text)
    for text in field_texts(case):
        assert text in shown, text
    for text in ("framework", "described", "area", "about", "noted"):
        assert f"{QUOTED} {text}" in "".join(fw.text)
    assert f"{QUOTED} area" in "".join(coverage.text)  # the area's link
    for page in (site, fw, coverage, body("index.html")):
        assert set() == set("".join(page.text)) & set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026")
    assert [(link_target(URL), URL)] == site.links == fw.links
