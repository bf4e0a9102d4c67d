"""The files of the ``sphinx`` export: reStructuredText pages that any Sphinx project can include.

It writes the pages of :func:`casebook.export.sitemap.plan`, the same pages the Sphinx
extension generates: ``index.rst`` (a table of the sites and a toctree), ``sites/ID.rst`` per
case study and ``frameworks/ID.rst`` per framework (its areas, comparison matrix and gaps). Past
50 sites the overviews are paged: ``groups/NNNN.rst`` has the table of 50 sites and
``frameworks/ID/NNNN.rst`` their comparison, so no page grows with the number of sites. Pages
cross-reference each other with ``:ref:`` labels built only from ids (which are slugs):

- ``casebook-case-ID`` for a site page,
- ``casebook-framework-ID`` and ``casebook-area-FRAMEWORK--AREA`` for frameworks and areas,
- ``casebook-source-SITE--SOURCE`` for each entry in a site's references.

All case-study text is escaped with :func:`casebook.export.escaping.escape_rst`, and tables are
``list-table`` directives with one escaped paragraph per cell, so no text can become a
directive, role, link, comment or table of its own. Include the pages from a project's toctree,
e.g. ``casebook/index``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from casebook.comparison import LEGEND, OTHER_ORIGINS_NOTE, Comparison, compare_all
from casebook.coverage import ABSENT, COUNTED, LEVELS, PARTS, coverage
from casebook.export.common import (
    GROUP_SIZE,
    OVERVIEW_HEADERS,
    named_gaps,
    overview_cells,
    scope_sentence,
    source_parts,
)
from casebook.export.escaping import escape_part, escape_rst, link_target
from casebook.export.pages import (
    AreaRef,
    Block,
    Bullets,
    Cite,
    Entry,
    Para,
    Section,
    Table,
    area_titles,
    case_page,
)
from casebook.export.sitemap import (
    PlannedPage,
    area_anchor,
    case_anchor,
    framework_anchor,
    heading,
    plan,
    render,
    source_anchor,
)

if TYPE_CHECKING:
    from casebook.book import Casebook
    from casebook.model import CaseStudy, Source

e = escape_rst


def site_label(case_id: str) -> str:
    """Return the ``:ref:`` label of a site page."""
    return case_anchor(case_id)


def area_label(area_ref: str) -> str:
    """Return the ``:ref:`` label of a framework area, from ``FRAMEWORK/AREA``."""
    return area_anchor(area_ref)


def source_label(case_id: str, source_id: str) -> str:
    """Return the ``:ref:`` label of one source in a site's references."""
    return source_anchor(case_id, source_id)


def list_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Return a ``list-table``; cells are reST already (escape plain text before passing it)."""
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [headers, *rows]:
        first = True
        for cell in row:
            lines.append(f"   {'*' if first else ' '} - {cell or '-'}")
            first = False
    return [*lines, ""]


def site_page(case: CaseStudy, areas: Mapping[str, str]) -> str:
    """Return the reST page of one case study: its :func:`~casebook.export.pages.case_page`.

    :param areas: the titles of the areas that have pages, by ``FRAMEWORK/AREA`` reference
        (:func:`~casebook.export.pages.area_titles`); those are links, others are text.
    """
    lines = [*heading(case.name, "=", site_label(case.id)), *site_body(case, areas)]
    return "\n".join(lines).rstrip("\n") + "\n"


def site_body(case: CaseStudy, areas: Mapping[str, str]) -> list[str]:
    """Return the lines of a case study's page below its title."""
    page = case_page(case, areas)
    render = _Renderer(case.id, frozenset(areas))
    lines = []
    for block in page.intro:
        lines += render.block(block)
    for section in page.sections:
        lines += render.section(section, 1)
    return lines


#: Section underlines by depth below the page title.
_MARKS = "=-~^"


class _Renderer:
    """Render the blocks of one site's page as reST, with links to its sources and areas."""

    def __init__(self, case_id: str, known_areas: frozenset[str]) -> None:
        self.case_id = case_id
        self.known_areas = known_areas

    def section(self, section: Section, depth: int) -> list[str]:
        lines = heading(section.title, _MARKS[depth])
        for block in section.blocks:
            lines += self.block(block)
        for sub in section.subsections:
            lines += self.section(sub, depth + 1)
        return lines

    def block(self, block: Block) -> list[str]:
        if isinstance(block, Para):
            return [self.inline(block), ""]
        if isinstance(block, Bullets):
            return [*(f"- {self.inline(item)}" for item in block.items), ""]
        if isinstance(block, Table):
            headers = [e(h) for h in block.headers]
            return list_table(headers, [[self.inline(c) for c in row] for row in block.rows])
        if isinstance(block, Entry):
            # A rubric, not a section: two initiatives may share a title, and sections would
            # then clash as link targets.
            lines = [f".. rubric:: {e(block.title)}", ""]
            for inner in block.blocks:
                lines += self.block(inner)
            return lines
        lines = []
        for entry in block.entries:
            label = source_label(self.case_id, entry.source_id)
            lines += [f".. _{label}:", "", f"\\[{entry.number}\\] {self.inline(entry.text)}", ""]
        return lines

    def inline(self, para: Para) -> str:
        out = []
        for part in para.spaced:
            if isinstance(part, str):
                out.append(escape_part(part, e))
            elif isinstance(part, Cite):
                out.append(
                    " ".join(
                        f":ref:`[{n}] <{source_label(self.case_id, source_id)}>`"
                        for n, source_id in zip(part.numbers, part.ids, strict=True)
                    )
                )
            elif isinstance(part, AreaRef):
                known = part.ref in self.known_areas
                out.append(f":ref:`{area_label(part.ref)}`" if known else e(part.title))
            else:
                # The link shows the address as recorded; only its target is encoded.
                out.append(f"`{e(part.url)} <{link_target(part.url)}>`__")
        # A line must not start with white space: reST would read it as indented content.
        return "".join(out).lstrip()


def framework_body(book: Casebook, result: Comparison, grouped: bool) -> list[str]:
    """Return a framework's page below its title: areas (with labels), comparison and gaps.

    With *grouped*, the matrix is on the framework's page of each group instead.
    """
    framework = result.framework
    lines = [f".. _{framework_anchor(framework.id)}:", "", e(framework.description), ""]
    scope = scope_sentence(framework, book)
    lines += [e(scope), ""] if scope else []
    lines += [f"Source: {_source_line(framework.source)}", ""]
    for a in framework.areas:
        lines += heading(a.title, "-", area_label(f"{framework.id}/{a.id}"))
        lines += [e(a.description), ""]
    lines += heading("Comparison", "-")
    if not grouped:
        lines += _matrix(result, result.sites)
    lines += [e("Gaps, counted on the vanguard's own work:"), ""]
    lines += [f"- {e(sentence)}" for sentence in named_gaps(result, book)]
    flags = result.flag_sentences(book)
    lines += ["", *(f"  - {e(sentence)}" for sentence in flags)] if flags else []
    lines += ["", *heading("Legend", "-")]
    lines += [f"- {e(value)}: {e(meaning)}" for value, meaning in LEGEND.items()]
    return [*lines, f"- {e(OTHER_ORIGINS_NOTE)}", ""]


def _source_line(source: Source) -> str:
    """Return a framework's source as one line: its entry, a link to it and its note."""
    line = ". ".join(e(p) for p in source_parts(source))
    if source.url:
        line += f". `{e(source.url)} <{link_target(source.url)}>`__"
    if source.note:
        line += f". {e(source.note)}"
    return line


def _matrix(result: Comparison, sites: Iterable[str]) -> list[str]:
    headers = ("Site", *(e(a.title) for a in result.areas))
    rows = [(f":ref:`{site_label(s)}`", *map(e, result.row_texts(s))) for s in sites]
    return list_table(headers, rows)


def _sites_table(book: Casebook, sites: Iterable[str]) -> list[str]:
    rows = [(f":ref:`{site_label(s)}`", *(e(x) for x in overview_cells(book[s]))) for s in sites]
    return list_table(("Site", *OVERVIEW_HEADERS), rows)


def coverage_body(book: Casebook) -> list[str]:
    """Return the coverage page below its title: the sites by parts, then each framework's areas.

    The same :func:`casebook.coverage.coverage` as ``casebook coverage`` and the extension's
    ``casebook:coverage`` directive; a part a record does not hold reads "not in the sources read".
    """
    result = coverage(book)
    lines = [
        e(
            "What each site's record holds, part by part. Where a record holds nothing, the cell "
            f'says "{ABSENT}": casebook records only what its sources say, so an empty part says '
            "nothing about the site itself."
        ),
        "",
    ]
    rows = [
        (f":ref:`{site_label(s.site)}`", *(e(part.text) for part in s.parts)) for s in result.sites
    ]
    lines += list_table(("Site", *(e(label) for _key, label in PARTS)), rows)
    for fw in result.frameworks:
        lines += heading(fw.framework.title, "-")
        lines += [e(f"Sites with evidence in each area, counted on {COUNTED}."), ""]
        # Each area's link shows the title of the area's section, which is its title: a title
        # given in the role would be unescaped by Sphinx, and smart quotes would change it.
        area_rows = [
            (
                f":ref:`{area_label(f'{fw.framework.id}/{a.area.id}')}`",
                *(e(a.text(level)) for level in LEVELS),
            )
            for a in fw.areas
        ]
        lines += list_table(("Area", *(e(m) for m in LEVELS.values())), area_rows)
    return lines


def files(book: Casebook) -> dict[str, bytes]:
    """Return ``index.rst``, ``sites/ID.rst`` and ``frameworks/ID.rst``, paged past 50."""
    known = area_titles(book.frameworks.values())
    # Each comparison is worked out once: every group page shows a slice of each.
    results = compare_all(book)

    def body(page: PlannedPage) -> list[str]:
        if page.kind == "index":
            return [] if page.grouped else _sites_table(book, book)
        if page.kind == "group":
            return _sites_table(book, page.sites)
        if page.kind == "site":
            return site_body(book[page.subject or ""], known)
        if page.kind == "coverage":
            return coverage_body(book)
        result = results[page.subject or ""]
        if page.kind == "framework":
            return framework_body(book, result, page.grouped)
        return _matrix(result, page.sites)

    def label(page: PlannedPage) -> str | None:
        if page.kind == "site":
            return site_label(page.subject or "")
        return "casebook-index" if page.kind == "index" else None

    return render(plan(book, GROUP_SIZE), body, label)
