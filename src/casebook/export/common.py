"""The wording every output shares: headings, labels, numbers, and the overview pages' cells.

A case study's own page is described once, in :mod:`casebook.export.pages`; what is here is the
small vocabulary that page and the overview pages (tables of sites, comparisons, paging) use,
so no two outputs word a fact differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from casebook.model import CaseStudy, Framework, Source

#: Headings for initiatives grouped by evidence status, strongest first.
STATUS_HEADINGS = {
    "evaluated": "Evaluated (a source reports a measured outcome)",
    "implemented": "Implemented (a source says it is running)",
    "planned": "Planned (an aim or plan in a source)",
}
EVALUATOR_LABELS = {
    "independent-evaluation": "independent evaluation",
    "commissioner": "commissioner's account",
    "provider": "provider's own report",
    "press": "press coverage",
}


def number(value: float) -> str:
    """Return *value* as written for a reader: ``12.7``, ``450``, ``27,500,000``.

    Exactly the recorded value, with thousands separators, without a pointless ``.0`` and
    never in exponent form (``2.75e+07``), which readers of a page misread.
    """
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16):
        return f"{int(value):,}"
    return format(Decimal(repr(value)), ",f")


#: Headers of the table of all sites, after the site's own cell.
OVERVIEW_HEADERS = ("Programme", "Place", "Initiatives")


def overview_cells(case: CaseStudy) -> tuple[str, str, str]:
    """Return a site's cells in the table of all sites, matching :data:`OVERVIEW_HEADERS`."""
    return (case.programme.type, case.place.name, str(len(case.initiatives)))


def scope_sentence(framework: Framework, book: Mapping[str, CaseStudy]) -> str | None:
    """Return which sites a framework applies to and why, or ``None`` if it applies to all."""
    if framework.scope is None:
        return None
    names = (book[s].name if s in book else s for s in framework.scope.sites)
    return f"Applies only to: {', '.join(names)}. {framework.scope.note}"


def source_parts(source: Source) -> list[str]:
    """Return the parts of a reference entry: title, authors, publisher, date (plain text)."""
    parts = [source.title]
    if source.authors:
        parts.append(", ".join(source.authors))
    parts += [p for p in (source.publisher, source.date) if p]
    return parts


#: Above this many sites, indexes list groups of this many sites instead of every site.
GROUP_SIZE = 50


def site_groups(case_ids: list[str], size: int) -> list[tuple[str, list[str]]]:
    """Return ``(group page name, site ids)`` per group, or no groups for a short list.

    Sphinx's navigation lists a page's siblings on every page: in groups, that stays *size*
    entries however many sites there are, instead of growing with all of them.
    """
    if len(case_ids) <= size:
        return []
    return [
        (f"groups/{start // size + 1:04d}", case_ids[start : start + size])
        for start in range(0, len(case_ids), size)
    ]
