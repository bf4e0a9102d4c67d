"""The Sphinx extension: pages for every case study, cross-references, incremental rebuilds."""

from __future__ import annotations

import gc
import io
import json
import shutil
import tomllib
from pathlib import Path

import pytest

sphinx_application = pytest.importorskip("sphinx.application")

DATA = Path(__file__).parent / "data"
PLUGIN = """
import pathlib
import pluggy
hookimpl = pluggy.HookimplMarker("casebook")
HERE = pathlib.Path(__file__).parent

@hookimpl
def casebook_case_studies():
    return sorted((HERE / "sites").glob("*.json"))

@hookimpl
def casebook_frameworks():
    return [HERE / "framework.toml"]
"""
INDEX = """\
Test project
============

See :casebook:case:`site-a`, :casebook:framework:`test-framework`,
:casebook:area:`test-framework/urgent` and :casebook:source:`site-a/report`.

.. toctree::

   casebook/index
"""


def site(case_id: str, name: str) -> dict:
    data = tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))
    return {**data, "id": case_id, "name": name}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A Sphinx project using the extension, with two sites from a test plugin."""
    plugins = tmp_path / "plugins"
    (plugins / "sites").mkdir(parents=True)
    (plugins / "testsites.py").write_text(PLUGIN, "utf-8")
    (plugins / "framework.toml").write_bytes((DATA / "framework.toml").read_bytes())
    for case_id, name in (("site-a", "Site A"), ("site-b", "Site B")):
        (plugins / "sites" / f"{case_id}.json").write_text(json.dumps(site(case_id, name)))
    monkeypatch.setattr("casebook.plugins.entrypoints.find", lambda _group: [])
    monkeypatch.setenv("CASEBOOK_PLUGINS_DIR", str(plugins))
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["casebook.sphinx"]\nproject = "test"\n')
    (src / "index.rst").write_text(INDEX)
    return src


GC_DURING_BUILD: list[tuple[int, ...]] = []


def build(src: Path, parallel: int = 0) -> tuple[list[str], str]:
    """Build *src* with -W -n; return the documents Sphinx read and the warnings."""
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    read: list[str] = []
    warnings = io.StringIO()
    # A fresh docutils registry per build, as sphinx-build has in its own process.
    with patch_docutils(src), docutils_namespace():
        app = sphinx_application.Sphinx(
            str(src), str(src), str(src / "_build/html"), str(src / "_build/doctrees"), "html",
            status=None, warning=warnings, warningiserror=True, parallel=parallel,
            confoverrides={"nitpicky": True},
        )  # fmt: skip
        app.connect("env-before-read-docs", lambda _app, _env, docs: read.extend(docs))
        app.connect("env-updated", lambda _app, _env: GC_DURING_BUILD.append(gc.get_threshold()))
        app.build()
    return sorted(read), warnings.getvalue()


def test_every_case_study_gets_a_page_and_references_resolve(project):
    """Each site has a page; roles to sites, frameworks, areas and sources resolve."""
    read, warnings = build(project)
    assert "" == warnings
    assert {
        "casebook/coverage", "casebook/frameworks/test-framework", "casebook/index",
        "casebook/sites/site-a", "casebook/sites/site-b", "index",
    } == set(read)  # fmt: skip
    html = (project / "_build/html/index.html").read_text("utf-8")
    assert 'href="casebook/sites/site-a.html#casebook-case-site-a"' in html
    assert 'href="casebook/sites/site-a.html#casebook-source-site-a--report"' in html
    assert "genindex" in html
    page = (project / "_build/html/casebook/frameworks/test-framework.html").read_text("utf-8")
    assert "_images/test-framework.svg" in page
    # The directives' links hold their text alone, without a <span> around it.
    table = (project / "_build/html/casebook/index.html").read_text("utf-8")
    case = 'href="sites/site-a.html#casebook-case-site-a" title="Site A">Site A</a>'
    assert f'<a class="reference internal" {case}' in table
    site = (project / "_build/html/casebook/sites/site-a.html").read_text("utf-8")
    area = 'href="../frameworks/test-framework.html#casebook-area-test-framework--urgent"'
    assert f'<a class="reference internal" {area} title="Urgent care">Urgent care</a>' in site


def test_rebuild_with_nothing_changed_reads_nothing(project):
    """A second build with the same data reads no document."""
    build(project)
    assert ([], "") == build(project)


def test_changing_one_sites_text_rereads_its_page_only(project):
    """A change the overview pages do not show (a summary) re-reads only that site's page."""
    build(project)
    path = project.parent / "plugins/sites/site-b.json"
    data = json.loads(path.read_text())
    data["summary"]["text"] = "A changed summary."
    path.write_text(json.dumps(data))
    read, _ = build(project)
    assert ["casebook/sites/site-b"] == read
    page = (project / "_build/html/casebook/sites/site-b.html").read_text("utf-8")
    assert "A changed summary." in page


def edit_site(project: Path, case_id: str, edit) -> None:
    """Change a site's data file with *edit*, a function that changes the data in place."""
    path = project.parent / f"plugins/sites/{case_id}.json"
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))


def weaken_first_initiative(data: dict) -> None:
    data["initiatives"][0]["status"] = "implemented"
    data["outcomes"][0].pop("initiative")


def test_changing_a_comparison_cell_rereads_the_comparison_too(project):
    """A status that changes a matrix cell re-reads the comparison and the coverage page (which
    counts it); the table does not show it."""
    build(project)
    edit_site(project, "site-b", weaken_first_initiative)
    read, _ = build(project)
    expected = ["casebook/coverage", "casebook/frameworks/test-framework", "casebook/sites/site-b"]
    assert expected == read
    page = (project / "_build/html/casebook/frameworks/test-framework.html").read_text("utf-8")
    assert "<td><p>implemented</p></td>" in page


def test_a_status_that_changes_no_cell_rereads_the_site_page_only(project):
    """A weaker initiative beside a stronger one in the same area leaves the comparison as is."""

    def add_planned(data: dict) -> None:
        second = {**data["initiatives"][0], "id": "second", "status": "planned"}
        data["initiatives"].append(second)

    edit_site(project, "site-b", add_planned)
    build(project)
    edit_site(project, "site-b", lambda data: data["initiatives"][1].update(status="implemented"))
    assert (["casebook/sites/site-b"], "") == build(project)


def test_renaming_a_site_rereads_every_page_that_names_it(project):
    """A site's name is in the table and the comparison: both are read again with its page."""
    build(project)
    edit_site(project, "site-b", lambda data: data.update(name="Site Bee"))
    read, _ = build(project)
    expected = [
        "casebook/coverage", "casebook/frameworks/test-framework", "casebook/index",
        "casebook/sites/site-b",
    ]  # fmt: skip
    assert expected == read
    for page in ("casebook/index", "casebook/frameworks/test-framework"):
        assert "Site Bee" in (project / f"_build/html/{page}.html").read_text("utf-8")


def test_a_table_filtered_by_status_is_reread_when_statuses_change(project):
    """A table that selects sites by evidence status depends on the statuses, not only on what
    it shows."""
    (project / "evaluated.rst").write_text(
        ":orphan:\n\nEvaluated\n=========\n\n.. casebook:table::\n   :status: evaluated\n"
    )
    row_link = "casebook/sites/site-b.html#casebook-case-site-b"
    build(project)
    assert row_link in (project / "_build/html/evaluated.html").read_text("utf-8")
    edit_site(project, "site-b", weaken_first_initiative)
    read, _ = build(project)
    assert "evaluated" in read
    assert row_link not in (project / "_build/html/evaluated.html").read_text("utf-8")


def test_removed_site_loses_its_page(project):
    """A site that is no longer installed has its generated page removed."""
    build(project)
    (project.parent / "plugins/sites/site-b.json").unlink()
    build(project)
    assert not (project / "casebook/sites/site-b.rst").exists()


def test_parallel_build_merges_what_it_collects(project):
    """Built with two processes, every cross-reference still resolves and is in objects.inv."""
    from sphinx.util.inventory import InventoryFile

    _, warnings = build(project, parallel=2)
    assert "" == warnings
    with (project / "_build/html/objects.inv").open("rb") as handle:
        inventory = InventoryFile.load(handle, "", lambda *parts: "/".join(parts))
    assert {"site-a", "site-b"} == set(inventory["casebook:case"])
    assert {"test-framework/urgent", "test-framework/population"} == set(inventory["casebook:area"])


def test_markup_in_case_study_text_stays_text(project):
    """Text that looks like HTML or reST reaches the page as text."""
    path = project.parent / "plugins/sites/site-a.json"
    data = json.loads(path.read_text())
    data["summary"]["text"] = "<script>alert(1)</script> .. raw:: html :ref:`x` *b*"
    data["name"] = "<b>Bold</b> `name`_"
    path.write_text(json.dumps(data))
    _, warnings = build(project)
    assert "" == warnings
    page = (project / "_build/html/casebook/sites/site-a.html").read_text("utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; .. raw:: html :ref:`x` *b*" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; `name`_" in page


def test_casebook_sites_chooses_the_sites(project):
    """conf.py's casebook_sites limits the generated pages to the sites it names."""
    conf = project / "conf.py"
    conf.write_text(conf.read_text() + 'casebook_sites = ["site-a"]\n')
    (project / "index.rst").write_text(INDEX.replace(":casebook:case:`site-a`,", ""))
    build(project)
    assert ["site-a.rst"] == sorted(p.name for p in (project / "casebook/sites").iterdir())


def test_unknown_case_in_a_directive_warns(project):
    """A directive naming a site that is not installed is a warning with its location."""
    (project / "extra.rst").write_text("Extra\n=====\n\n.. casebook:case:: nowhere\n")
    _, warnings = build(project)
    assert "extra.rst:4: WARNING: casebook: no installed case study 'nowhere'" in warnings


def test_many_sites_are_grouped_so_navigation_does_not_grow(monkeypatch, project):
    """Past GROUP_SIZE sites, the index lists group pages, each listing its own sites."""
    monkeypatch.setattr("casebook.sphinx.pages.GROUP_SIZE", 1)
    _, warnings = build(project)
    assert "" == warnings
    index = (project / "casebook/index.rst").read_text()
    assert "groups/0001" in index
    assert "sites/site-a" not in index
    assert "../sites/site-b" in (project / "casebook/groups/0002.rst").read_text()


def test_grouped_overviews_are_paged_by_group(monkeypatch, project):
    """Past GROUP_SIZE sites, each group page has its sites' table and each framework has a
    comparison page per group, so no overview page grows with the number of sites."""
    monkeypatch.setattr("casebook.sphinx.pages.GROUP_SIZE", 1)
    build(project)
    html = project / "_build/html/casebook"
    row = 'href="../sites/site-{0}.html#casebook-case-site-{0}"'
    group_b = (html / "groups/0002.html").read_text("utf-8")
    assert row.format("b") in group_b
    assert row.format("a") not in group_b
    matrix_b = (html / "frameworks/test-framework/0002.html").read_text("utf-8")
    assert 'href="../../sites/site-b.html#casebook-case-site-b"' in matrix_b
    assert "site-a.html#casebook-case-site-a" not in matrix_b
    framework = (html / "frameworks/test-framework.html").read_text("utf-8")
    assert "Gaps" in framework
    assert "casebook-case-site-a" not in framework  # the rows are on the group pages
    assert "casebook-case-site" not in (html / "index.html").read_text("utf-8")


def test_grouped_rebuild_rereads_one_page_of_each_kind(monkeypatch, project):
    """A changed cell re-reads the site's group comparison and the framework page (heatmap and
    gaps), not the other groups' pages; a rename also re-reads the site's group page."""
    monkeypatch.setattr("casebook.sphinx.pages.GROUP_SIZE", 1)
    build(project)
    edit_site(project, "site-b", weaken_first_initiative)
    read, _ = build(project)
    assert [
        "casebook/coverage",
        "casebook/frameworks/test-framework",
        "casebook/frameworks/test-framework/0002",
        "casebook/sites/site-b",
    ] == read
    edit_site(project, "site-b", lambda data: data.update(name="Site Bee"))
    read, _ = build(project)
    assert [
        "casebook/coverage",
        "casebook/frameworks/test-framework",
        "casebook/frameworks/test-framework/0002",
        "casebook/groups/0002",
        "casebook/sites/site-b",
    ] == read


def test_a_table_of_listed_sites_shows_those_only(project):
    """``:sites:`` limits a table to the ids it lists, and an unknown id warns."""
    (project / "two.rst").write_text(
        ":orphan:\n\nTwo\n===\n\n.. casebook:table::\n   :sites: site-b nowhere\n"
    )
    _, warnings = build(project)
    page = (project / "_build/html/two.html").read_text("utf-8")
    assert "casebook/sites/site-b.html#casebook-case-site-b" in page
    assert "casebook/sites/site-a.html#casebook-case-site-a" not in page
    assert "no installed case study 'nowhere'" in warnings


def test_a_build_leaves_the_cycle_collector_alone(project):
    """The extension changes no process-wide switch: the collector keeps the process's setting."""
    before = gc.get_threshold()
    GC_DURING_BUILD.clear()
    build(project)
    assert [before] == GC_DURING_BUILD
    assert before == gc.get_threshold()


def test_case_study_text_is_shown_as_recorded_without_smart_quotes(project):
    """Quotes and double hyphens in the data reach the page unchanged."""
    text = 'Staff called it "the hub" -- and it\'s open 24/7.'
    edit_site(project, "site-b", lambda data: data["summary"].update(text=text))
    build(project)
    page = (project / "_build/html/casebook/sites/site-b.html").read_text("utf-8")
    assert "Staff called it &quot;the hub&quot; -- and it's open 24/7." in page


def test_a_generated_page_shows_names_as_recorded_in_its_title_too(project):
    """A site's name keeps its straight quotes and hyphens in the title of its page."""
    name = 'Bob\'s "hub" -- north'
    edit_site(project, "site-b", lambda data: data.update(name=name))
    build(project)
    page = (project / "_build/html/casebook/sites/site-b.html").read_text("utf-8")
    assert "<h1>Bob's &quot;hub&quot; -- north" in page
    assert "\u2019" not in page
    assert "\u2013" not in page


def test_a_page_of_ones_own_keeps_smart_quotes_around_a_directive(project):
    """On the user's own page the project's smart quotes stay on; the directive's text is kept."""
    text = 'Staff called it "the hub".'
    edit_site(project, "site-b", lambda data: data["summary"].update(text=text))
    own = ':orphan:\n\nOwn\n===\n\nIt\'s "ours".\n\n.. casebook:case:: site-b\n'
    (project / "zz-own.rst").write_text(own)  # read after the generated pages
    build(project)
    page = (project / "_build/html/zz-own.html").read_text("utf-8")
    assert "It\u2019s \u201cours\u201d." in page
    assert "Staff called it &quot;the hub&quot;." in page


def test_the_coverage_directive_on_ones_own_page_keeps_a_titles_quotes(project):
    """The coverage's framework headings are data too: kept out of the page's smart quotes."""
    framework = project.parent / "plugins" / "framework.toml"
    text = framework.read_text("utf-8").replace('title = "', 'title = "The \\"Four\\" tests: ', 1)
    framework.write_text(text, "utf-8")
    own = ':orphan:\n\nOwn\n===\n\nIt\'s "ours".\n\n.. casebook:coverage::\n'
    (project / "zz-own.rst").write_text(own)
    build(project)
    page = (project / "_build/html/zz-own.html").read_text("utf-8")
    assert "It\u2019s \u201cours\u201d." in page
    assert '<p class="rubric">The &quot;Four&quot; tests: ' in page


def html_pages(src: Path) -> set[str]:
    root = src / "_build/html/casebook"
    return {str(p.relative_to(root)) for p in root.rglob("*.html")}


def test_an_incremental_build_after_a_site_is_removed_equals_a_fresh_one(project, tmp_path):
    """A site removed from the data loses its page: no stale HTML stays on the published site."""
    build(project)
    assert "sites/site-a.html" in html_pages(project)
    (tmp_path / "plugins/sites/site-a.json").unlink()
    build(project)
    incremental = html_pages(project)
    shutil.rmtree(project / "_build")
    shutil.rmtree(project / "casebook")
    build(project)
    assert "sites/site-a.html" not in incremental
    assert html_pages(project) == incremental


def test_index_entries_keep_a_semicolon_in_a_name(project):
    """A name holding ';' is one entry of the general index, not an entry and a sub-entry."""
    edit_site(project, "site-b", lambda data: data.update(name="Alpha; Beta & <Co>"))
    build(project)
    index = (project / "_build/html/genindex.html").read_text("utf-8")
    assert "Alpha\u037e Beta &amp; &lt;Co&gt; (case study)" in index
    assert "Beta &amp; &lt;Co&gt; (case study)</a></li>\n</ul>" not in index


def test_a_build_killed_after_writing_pages_is_completed_by_the_next(project):
    """A build stopped after the generated pages (and heatmaps) were written but before any
    document was read leaves no stale heatmap: the next build publishes the new picture."""
    build(project)
    edit_site(project, "site-b", lambda data: data.update(name="Renamed Site"))

    class KilledError(Exception):
        pass

    def kill(*_args):
        raise KilledError

    from sphinx.errors import ExtensionError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with patch_docutils(project), docutils_namespace():
        app = sphinx_application.Sphinx(
            str(project), str(project), str(project / "_build/html"),
            str(project / "_build/doctrees"), "html", status=None, warning=io.StringIO(),
        )  # fmt: skip
        app.connect("env-before-read-docs", kill)
        with pytest.raises(ExtensionError):
            app.build()
    svg = (project / "casebook/_heatmaps/test-framework.svg").read_text("utf-8")
    assert "Renamed Site" in svg  # the killed build had written the new picture
    build(project)
    published = [p.read_text("utf-8") for p in (project / "_build/html/_images").glob("*.svg")]
    assert published
    assert all("Renamed Site" in picture for picture in published)


def test_a_filter_typo_in_a_table_warns_with_the_valid_values(project):
    """``:status: evaluted`` is a warning naming the valid statuses, not an empty table or a
    crashed build."""
    (project / "typo.rst").write_text(
        ":orphan:\n\nTypo\n====\n\n.. casebook:table::\n   :status: evaluted\n"
    )
    _, warnings = build(project)
    assert "unknown status 'evaluted' (valid: planned, implemented, evaluated)" in warnings
    page = (project / "_build/html/typo.html").read_text("utf-8")
    assert "casebook/sites/site-b.html" not in page


def test_the_comparison_of_a_reloaded_casebook_shows_its_data(project):
    """The comparison a build reuses belongs to its own casebook: after the data changes and the
    casebook is loaded again, the comparison shows the new data, never the old."""
    import casebook
    from casebook.sphinx.state import comparison

    before = comparison(casebook.load(), "test-framework")
    edit_site(project, "site-b", weaken_first_initiative)
    after = comparison(casebook.load(), "test-framework")
    assert after == casebook.compare(casebook.load(), "test-framework")
    assert before != after
