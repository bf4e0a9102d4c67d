"""The generated pages: small reST files, each a title and a directive that renders the data.

Past :data:`~casebook.sphinx.state.GROUP_SIZE` sites the overviews are paged by group, so that
no page grows with the number of sites.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sphinx.util import logging

from casebook import heatmap
from casebook.book import Casebook
from casebook.export.common import site_groups
from casebook.export.escaping import escape_rst
from casebook.sphinx.state import GROUP_SIZE, comparison

logger = logging.getLogger("casebook.sphinx")


def _title(text: str) -> list[str]:
    title = escape_rst(text)
    return [title, "=" * (2 * len(title)), ""]


def generated_pages(book: Casebook) -> dict[str, bytes]:
    """Return the small source pages for every site and framework: a title and a directive.

    Past ``GROUP_SIZE`` sites the overviews are paged by group, so that no page grows with the
    number of sites and a change to one site re-reads one page of each kind: each group page has
    its sites' table, and each framework has a comparison page per group besides its own page
    (areas, heatmap, legend and gaps).
    """
    groups = site_groups(list(book), GROUP_SIZE)
    pages = _site_pages(book, groups)
    for fw_id in book.frameworks:
        pages.update(_framework_pages(book, fw_id, groups))
    files = {name: "\n".join(lines).encode() for name, lines in pages.items()}
    names = {case_id: case.name for case_id, case in book.items()}
    for fw_id in book.frameworks:
        svg = heatmap.render(comparison(book, fw_id), names)
        files[f"_heatmaps/{fw_id}.svg"] = svg.encode()
    return files


_Groups = list[tuple[str, list[str]]]


def _site_pages(book: Casebook, groups: _Groups) -> dict[str, list[str]]:
    """Return the index, the group pages (when grouped) and a page per site."""
    pages: dict[str, list[str]] = {}
    index = _title("Case studies")
    if not groups:
        index += [".. casebook:table::", ""]
    index += [".. toctree::", "   :maxdepth: 1", "   :caption: Sites", ""]
    if not groups:
        index += [f"   sites/{case_id}" for case_id in book]
    for name, members in groups:
        pages[f"{name}.rst"] = [
            *_title(f"Sites {_span(book, members)}"),
            *_sites_directive("table", "", members),
            ".. toctree::",
            "   :maxdepth: 1",
            "",
            *(f"   ../sites/{case_id}" for case_id in members),
            "",
        ]
        index.append(f"   {name}")
    index.append("")
    if book.frameworks:
        index += [".. toctree::", "   :maxdepth: 1", "   :caption: Comparisons", ""]
        index += [f"   frameworks/{fw_id}" for fw_id in book.frameworks] + [""]
    pages["index.rst"] = index
    for case_id, case in book.items():
        pages[f"sites/{case_id}.rst"] = [*_title(case.name), f".. casebook:case:: {case_id}", ""]
    return pages


def _framework_pages(book: Casebook, fw_id: str, groups: _Groups) -> dict[str, list[str]]:
    """Return a framework's page and, when grouped, its comparison page per group."""
    framework = book.frameworks[fw_id]
    page = [*_title(framework.title), f".. casebook:framework:: {fw_id}", ""]
    pages = {f"frameworks/{fw_id}.rst": page}
    if not groups:
        page += [f".. casebook:matrix:: {fw_id}", ""]
    else:
        page += [f".. casebook:gaps:: {fw_id}", ""]
        page += [".. toctree::", "   :maxdepth: 1", "   :caption: Comparison by group", ""]
        for name, members in groups:
            number = name.rpartition("/")[2]
            page.append(f"   {fw_id}/{number}")
            pages[f"frameworks/{fw_id}/{number}.rst"] = [
                *_title(f"{framework.title}: sites {_span(book, members)}"),
                *_sites_directive("matrix", fw_id, members),
            ]
        page.append("")
    page += [f".. casebook:heatmap:: {fw_id}", ""]
    return pages


def _span(book: Casebook, members: Sequence[str]) -> str:
    return f"{book[members[0]].name} to {book[members[-1]].name}"


def _sites_directive(name: str, argument: str, members: Iterable[str]) -> list[str]:
    """Return a directive limited to *members*, one site id per line of its ``:sites:`` option.

    Listing the ids makes the page's source change when the group's members do, so Sphinx reads
    it again then.
    """
    lines = [f".. casebook:{name}:: {argument}".rstrip(), "   :sites:"]
    return [*lines, *(f"      {case_id}" for case_id in members), ""]
