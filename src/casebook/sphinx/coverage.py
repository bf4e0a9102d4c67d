"""The ``casebook:coverage`` directive: which parts of the format each record holds.

It renders :func:`casebook.coverage.coverage` of the build's casebook: a table of sites by
parts (each cell the part's detail, or "not in the sources read"), the same as an SVG grid, and
per framework a table of areas with the sites that have the vanguard's own evidence there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from casebook.coverage import ABSENT, COUNTED, LEVELS, PARTS, Coverage, coverage
from casebook.sphinx.directives import CasebookDirective
from casebook.sphinx.nodes import VERBATIM, paragraph, table
from casebook.sphinx.state import ANY_SITE

if TYPE_CHECKING:
    from docutils.nodes import Node

    from casebook.book import Casebook

#: The dependency key of what the coverage page shows of a site: ``coverage:ID``.
COVERAGE = "coverage:"
#: Where the generated pages keep the coverage picture, within ``casebook_output_dir``.
PICTURE = "_coverage/coverage.svg"


_covered: list[tuple[Casebook, Coverage]] = []


def book_coverage(book: Casebook) -> Coverage:
    """Return the coverage of *book*, worked out once per loaded casebook.

    A build needs it three times (the pages' data hashes, the picture and the page), as it does
    each comparison, whose cached copies it reuses.
    """
    from casebook.sphinx.state import comparison  # noqa: PLC0415 - state imports this module

    if not _covered or _covered[0][0] is not book:
        _covered[:] = [(book, coverage(book, comparison))]
    return _covered[0][1]


def coverage_hashes(book: Casebook) -> dict[str, object]:
    """Return what the coverage page shows of each site, by ``coverage:ID`` key.

    Its name, its parts, and the vanguard's own status in each framework area (from which the
    areas' counts are made); a change to anything else leaves the page as it is.
    """
    from casebook.sphinx.state import comparison  # noqa: PLC0415

    results = [comparison(book, fw_id) for fw_id in book.frameworks]
    shown: dict[str, object] = {}
    for site in book_coverage(book).sites:
        parts = [part.to_data() for part in site.parts]
        levels = [[r.cell(site.site, a.id).vanguard for a in r.areas] for r in results]
        shown[COVERAGE + site.site] = [site.name, parts, levels]
    return shown


class CoverageDirective(CasebookDirective):
    """``.. casebook:coverage::`` shows every site's coverage and every framework area's."""

    has_content = False

    def run(self) -> list[Node]:
        """Return the explanation, the sites' table and picture, and the areas' tables."""
        self.depends_on(COVERAGE + ANY_SITE, "framework:" + ANY_SITE)
        result = book_coverage(self.book)
        out: list[Node] = [
            paragraph(
                "What each site's record holds, part by part. Where a record holds nothing, "
                f'the cell says "{ABSENT}": casebook records only what its sources say, so an '
                "empty part says nothing about the site itself."
            ),
            nodes.rubric(text="Sites"),
            self.sites_table(result),
            self.picture(),
        ]
        for fw in result.frameworks:
            heading = nodes.rubric(text=fw.framework.title)
            heading[VERBATIM] = False  # the title as written, kept out of smart quotes
            out.append(heading)
            out.append(paragraph(f"Sites with evidence in each area, counted on {COUNTED}."))
            headers = ("Area", *(meaning for meaning in LEVELS.values()))
            rows: list[tuple[Node | str, ...]] = [
                (
                    paragraph(self.xref("area", f"{fw.framework.id}/{a.area.id}", a.area.title)),
                    *(a.text(level) for level in LEVELS),
                )
                for a in fw.areas
            ]
            out.append(table(headers, rows))
        return out

    def sites_table(self, result: Coverage) -> Node:
        """Return the table of sites by parts."""
        rows: list[tuple[Node | str, ...]] = [
            (paragraph(self.xref("case", site.site, site.name)), *(p.text for p in site.parts))
            for site in result.sites
        ]
        if not rows:
            return paragraph("No case study is installed.")
        return table(("Site", *(label for _key, label in PARTS)), rows)

    def picture(self) -> Node:
        """Return the coverage grid generated with the pages."""
        folder = self.env.config.casebook_output_dir
        return nodes.image(
            uri=f"/{folder}/{PICTURE}",
            alt="Evidence coverage grid: for each site, which parts of its record hold data.",
            classes=["casebook-coverage"],
        )
