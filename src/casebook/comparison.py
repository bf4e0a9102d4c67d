"""Compare sites against a framework: the strongest evidence in each site x area cell, and gaps.

A cell holds the strongest evidence status among a site's initiatives that serve the area:
``none`` < ``planned`` < ``implemented`` < ``evaluated``. Below the matrix come the gaps the
sources warn about: areas where no site has evaluated evidence, and sites whose mental-health
work is only aims and plans, with nothing a source says is running (the "tokenism" risk).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from casebook.model import STATUS_ORDER, Framework, FrameworkArea

if TYPE_CHECKING:
    from casebook.book import Casebook

Cell: TypeAlias = Literal["none", "planned", "implemented", "evaluated"]

#: Cell values, weakest first, with what each means.
LEGEND: dict[Cell, str] = {
    "none": "no initiative of the site serves this area",
    "planned": "an aim or plan reported in a source",
    "implemented": "a source says it is running",
    "evaluated": "a source reports an outcome of it",
}


@attrs.frozen
class Comparison:
    """The site x area matrix of one framework, and the gaps below it."""

    framework: Framework
    sites: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    #: Areas (ids) where no site has evaluated evidence.
    unevaluated_areas: tuple[str, ...]
    #: Sites with no initiative that a source says is running or evaluated.
    aims_only_sites: tuple[str, ...]

    @property
    def areas(self) -> tuple[FrameworkArea, ...]:
        """Return the framework's areas, in the framework's order."""
        return self.framework.areas

    def cell(self, site: str, area: str) -> Cell:
        """Return the strongest evidence status of *site* in *area* (an area id)."""
        return self.cells[site, area]

    def gap_sentences(
        self,
        area_name: Callable[[str], str] = str,
        site_name: Callable[[str], str] = str,
    ) -> tuple[str, str]:
        """Return the two gaps as plain sentences, naming areas and sites as the caller likes."""
        areas = ", ".join(area_name(a) for a in self.unevaluated_areas) or "none"
        sites = ", ".join(site_name(s) for s in self.aims_only_sites) or "none"
        return (
            f"Areas where no site has evaluated evidence: {areas}",
            f"Sites with aims but nothing a source says is running: {sites}",
        )

    def to_data(self) -> dict[str, Any]:
        """Return the comparison as JSON data, for ``casebook compare --format json``."""
        return {
            "framework": {"id": self.framework.id, "title": self.framework.title},
            "areas": [{"id": a.id, "title": a.title} for a in self.areas],
            "legend": dict(LEGEND),
            "matrix": {
                site: {a.id: self.cells[site, a.id] for a in self.areas} for site in self.sites
            },
            "gaps": {
                "areas_without_evaluated_evidence": list(self.unevaluated_areas),
                "sites_with_aims_only": list(self.aims_only_sites),
            },
        }


def compare(book: Casebook, framework_id: str) -> Comparison:
    """Return the comparison of every case study in *book* against one framework."""
    framework = book.framework(framework_id)
    cells: dict[tuple[str, str], Cell] = {}
    for case_id in book:
        for area in framework.areas:
            status = book.strongest_status(case_id, f"{framework.id}/{area.id}")
            cells[case_id, area.id] = status or "none"
    unevaluated = tuple(
        area.id
        for area in framework.areas
        if all(cells[site, area.id] != "evaluated" for site in book)
    )
    running = set(STATUS_ORDER[1:])
    aims_only = tuple(
        case.id
        for case in book.values()
        if (case.aims or case.initiatives) and not (case.statuses() & running)
    )
    return Comparison(framework, tuple(book), cells, unevaluated, aims_only)
