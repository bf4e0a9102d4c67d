"""The sphinx export drops into any Sphinx project and builds with every warning an error."""

from __future__ import annotations

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
    assert 'href="../frameworks.html#casebook-area-kings-fund-2017-long-term-care"' in page
    assert "12.7" in page
    row = 'href="{}sites/salford-together.html#casebook-site-salford-together"'
    index = (out / "casebook/index.html").read_text("utf-8")
    frameworks = (out / "casebook/frameworks.html").read_text("utf-8")
    if group_size < len(book):
        # Paged: each group page has its sites' table and comparisons; the others list none.
        pages = [p.read_text("utf-8") for p in sorted((out / "casebook/groups").glob("*.html"))]
        assert 1 == sum(row.format("../") in page for page in pages)
        assert 1 + len(book.frameworks) == max(page.count(row.format("../")) for page in pages)
        assert row.format("") not in index
        assert row.format("") not in frameworks
    else:
        assert row.format("") in index
        assert row.format("") in frameworks
