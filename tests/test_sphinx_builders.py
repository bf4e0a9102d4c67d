"""The extension in every Sphinx builder: tables carry real widths, the heatmap has a fallback."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from tests.test_sphinx_extension import project  # noqa: F401 - the fixture of a test project

sphinx_application = pytest.importorskip("sphinx.application")

BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man"]


def build(src: Path, builder: str) -> Path:
    """Build *src* with *builder*, every warning an error (as ``-W -n``); return the output."""
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    out = src / "_build" / builder
    warnings = io.StringIO()
    with patch_docutils(src), docutils_namespace():
        app = sphinx_application.Sphinx(
            str(src), str(src), str(out), str(src / "_build/doctrees" / builder), builder,
            status=None, warning=warnings, warningiserror=True,
            # EPUB wants both; a real project's conf.py sets them.
            confoverrides={"nitpicky": True, "copyright": "test", "version": "1"},
        )  # fmt: skip
        app.build()
    assert "" == warnings.getvalue()
    return out


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_builds_the_pages_without_a_warning(project, builder):  # noqa: F811
    """Each builder a reader may use builds the generated pages with -W."""
    out = build(project, builder)
    assert any(out.rglob("*"))


def text_tables(text: str) -> list[list[list[str]]]:
    """Return the grid tables of a text page: per table, its lines' cells (stripped)."""
    tables: list[list[list[str]]] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("+-"):
            if not inside:
                tables.append([])
            inside = True
        elif line.startswith("|") and inside:
            if not re.fullmatch(r"\|(=+\|)+", line):
                tables[-1].append([cell.strip() for cell in line.split("|")[1:-1]])
        else:
            inside = False
    return tables


def test_text_tables_have_columns_as_wide_as_their_text(project):  # noqa: F811
    """``-b text`` drew every column one character wide; now cell text reads on one line."""
    out = build(project, "text")
    page = (out / "casebook/frameworks/test-framework.txt").read_text("utf-8")
    tables = text_tables(page)
    assert tables, page
    border = next(line for line in page.splitlines() if line.startswith("+-"))
    widths = [len(part) for part in border.split("+")[1:-1]]
    assert all(width > 3 for width in widths), border
    comparison = tables[0]
    assert ["Site", "Urgent care", "Population health"] == comparison[0]
    assert ["Site A", "evaluated", "none"] in comparison
    assert ["Site B", "evaluated", "none"] in comparison
    site = (out / "casebook/sites/site-a.txt").read_text("utf-8")
    cells = {cell for table in text_tables(site) for line in table for cell in line}
    assert {"Field", "Value", "Site A"} <= cells or {"Field", "Value"} <= cells


def test_latex_tables_keep_their_cells(project):  # noqa: F811
    """The LaTeX table of a comparison holds every header and cell."""
    out = build(project, "latex")
    tex = next(out.glob("*.tex")).read_text("utf-8")
    assert "Population health" in tex
    assert "includegraphics{{test-framework}.svg}" not in tex  # LaTeX cannot include SVG


def test_the_framework_page_links_its_source_and_shows_its_note(project):  # noqa: F811
    """The source line had neither the address nor the note, although the data has both."""
    data = project.parent / "plugins/framework.toml"
    text = data.read_text("utf-8").replace(
        'kind = "report"',
        'kind = "report"\nurl = "https://example.org/fw?a=1&b=<2>"\nnote = "Read <b>page</b> 4."',
        1,
    )
    data.write_text(text, "utf-8")
    out = build(project, "html")
    page = (out / "casebook/frameworks/test-framework.html").read_text("utf-8")
    source = re.search(r"<p>Source: .*?</p>", page, re.DOTALL)
    assert source, page
    assert (
        '<a class="reference external" href="https://example.org/fw?a=1&amp;b=&lt;2&gt;">'
        in (source[0])
    )
    assert "Read &lt;b&gt;page&lt;/b&gt; 4." in source[0]
    assert "Where the framework comes from" in source[0]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/"])
def test_only_web_addresses_become_links(url):
    """An address of another scheme (from a model object a plugin built) stays text."""
    from docutils import nodes

    from casebook.sphinx.nodes import link

    assert isinstance(link(url), nodes.Text)
    assert isinstance(link("HTTPS://example.org/"), nodes.reference)


def test_wide_tables_scroll_in_their_own_box_under_the_default_theme(project, tmp_path):  # noqa: F811
    """Under a theme that does not wrap tables (Sphinx's default, alabaster), at 500 px, wide
    tables and the heatmap scroll inside their own box: nothing is cut off or leaves the page.
    """
    from tests.test_docs_site import MEASURE, browse, layout

    out = build(project, "html")
    for page in ("casebook/frameworks/test-framework", "casebook/sites/site-a"):
        path = out / f"{page}.html"
        path.write_text(path.read_text("utf-8").replace("</body>", MEASURE + "</body>"), "utf-8")
        name = "default-theme-" + page.rsplit("/", 1)[-1]
        measured = layout(browse(path.as_uri(), name, tmp_path, wait_ms=2000, width=500))
        assert [] == measured["problems"], page


def marker(case_id: str, source_id: str, label: str) -> str:
    """Return the HTML of a source marker: a link to its reference, as docutils writes one."""
    return (
        f'<a class="reference internal" href="#casebook-source-{case_id}--{source_id}">{label}</a>'
    )


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "epub"])
def test_each_source_marker_links_to_its_reference_in_html(project, builder):  # noqa: F811
    """Every HTML builder writes each marker of a group as a link, a space between them."""
    out = build(project, builder)
    pages = {
        "html": "casebook/sites/site-a.html",
        "dirhtml": "casebook/sites/site-a/index.html",
        "singlehtml": "index.html",
        "epub": "casebook/sites/site-a.xhtml",
    }
    page = (out / pages[builder]).read_text("utf-8")
    assert f"An example used by the tests. {marker('site-a', 'report', '[1]')}</p>" in page
    both = f"{marker('site-a', 'report', '[1]')} {marker('site-a', 'news', '[2]')}"
    assert both in page
    assert 'id="casebook-source-site-a--news"' in page


def test_each_source_marker_links_to_its_reference_in_latex_and_text(project):  # noqa: F811
    """Builders other than HTML get the markers as the references they always were."""
    tex = next(build(project, "latex").glob("*.tex")).read_text("utf-8")
    news = r"\hyperref[\detokenize{casebook/sites/site-a:casebook-source-site-a--news}]"
    assert news + r"{\sphinxcrossref{{[}2{]}}}" in tex
    text = (build(project, "text") / "casebook/sites/site-a.txt").read_text("utf-8")
    assert "An example used by the tests. [1]" in text
    assert "[1] [2]" in text


OTHER_HTML = """
from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder


class OtherHTMLBuilder(StandaloneHTMLBuilder):
    name = "otherhtml"


class other(nodes.Inline, nodes.TextElement):
    pass


def setup(app):
    app.add_builder(OtherHTMLBuilder)
    app.add_node(other, otherhtml=(lambda self, node: None, None))
"""


def test_an_html_builder_without_casebooks_handler_stops_at_a_marker(project, monkeypatch):  # noqa: F811
    """A builder whose handlers another extension set by its name stops; it drops no link."""
    (project / "otherhtml.py").write_text(OTHER_HTML)
    monkeypatch.syspath_prepend(str(project))
    monkeypatch.delitem(sys.modules, "otherhtml", raising=False)
    conf = 'project = "test"\nextensions = ["casebook.sphinx", "otherhtml"]\n'
    (project / "conf.py").write_text(conf)
    with pytest.raises(NotImplementedError, match="SourceMarkers"):
        build(project, "otherhtml")
    sys.modules.pop("otherhtml", None)
