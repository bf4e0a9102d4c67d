"""The generated pages: small reST files, each a title and a directive that renders the data.

The pages, their names and their paging come from :mod:`casebook.export.sitemap`, which the
``sphinx`` exporter uses too.
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.util import logging

from casebook import coveragemap, heatmap
from casebook.book import Casebook
from casebook.export.sitemap import PlannedPage, plan, render
from casebook.sphinx.coverage import PICTURE, book_coverage
from casebook.sphinx.state import GROUP_SIZE, comparison

logger = logging.getLogger("casebook.sphinx")


def generated_pages(book: Casebook) -> dict[str, bytes]:
    """Return the small source pages for every site and framework, and the heatmaps.

    The pages are those of :func:`casebook.export.sitemap.plan`, as the ``sphinx`` exporter
    writes them; here each holds a title and a directive that renders the data at build time.
    A change to one site then re-reads one page of each kind.
    """
    files = render(plan(book, GROUP_SIZE), _directives)
    names = {case_id: case.name for case_id, case in book.items()}
    for fw_id in book.frameworks:
        svg = heatmap.render(comparison(book, fw_id), names)
        files[f"_heatmaps/{fw_id}.svg"] = svg.encode()
    files[PICTURE] = coveragemap.render(book_coverage(book)).encode()
    return files


def _directives(page: PlannedPage) -> list[str]:
    """Return the directives of one page."""
    if page.kind == "index":
        return [] if page.grouped else [".. casebook:table::", ""]
    if page.kind == "group":
        return _sites_directive("table", "", page.sites)
    if page.kind == "site":
        return [f".. casebook:case:: {page.subject}", ""]
    if page.kind == "coverage":
        return [".. casebook:coverage::", ""]
    if page.kind == "framework-group":
        return _sites_directive("matrix", page.subject or "", page.sites)
    fw_id = page.subject
    comparison_part = "gaps" if page.grouped else "matrix"
    return [
        f".. casebook:framework:: {fw_id}",
        "",
        f".. casebook:{comparison_part}:: {fw_id}",
        "",
        f".. casebook:heatmap:: {fw_id}",
        "",
    ]


def _sites_directive(name: str, argument: str, members: Iterable[str]) -> list[str]:
    """Return a directive limited to *members*, one site id per line of its ``:sites:`` option.

    Listing the ids makes the page's source change when the group's members do, so Sphinx reads
    it again then.
    """
    lines = [f".. casebook:{name}:: {argument}".rstrip(), "   :sites:"]
    return [*lines, *(f"      {case_id}" for case_id in members), ""]
