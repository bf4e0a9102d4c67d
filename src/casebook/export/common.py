"""The wording every output shares: headings, labels, numbers, and the overview pages' cells.

A case study's own page is described once, in :mod:`casebook.export.pages`; what is here is the
small vocabulary that page and the overview pages (tables of sites, comparisons, paging) use,
so no two outputs word a fact differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from casebook.model import STATUS_ORDER, CaseStudy, Framework, Source
from casebook.vocabulary import EVALUATOR_TERMS, PROGRAMME_TERMS, STATUS_TERMS

if TYPE_CHECKING:
    from casebook.comparison import Comparison

#: Headings for initiatives grouped by evidence status, strongest first.
STATUS_HEADINGS = {
    status: f"{STATUS_TERMS[status].label.capitalize()} ({STATUS_TERMS[status].meaning})"
    for status in reversed(STATUS_ORDER)
}
#: Who produced an outcome's figure, as a page says it.
EVALUATOR_LABELS = {code: term.label for code, term in EVALUATOR_TERMS.items()}


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
    programme = PROGRAMME_TERMS[case.programme.type].label
    return (programme, case.place.name, str(len(case.initiatives)))


def scope_sentence(framework: Framework, book: Mapping[str, CaseStudy]) -> str | None:
    """Return which sites a framework applies to and why, or ``None`` if it applies to all."""
    if framework.scope is None:
        return None
    names = (book[s].name if s in book else s for s in framework.scope.sites)
    return f"Applies only to: {', '.join(names)}. {framework.scope.note}"


def named_gaps(result: Comparison, book: Mapping[str, CaseStudy]) -> tuple[str, str]:
    """Return a comparison's two gap sentences, naming areas by title and sites by name."""
    return result.gap_sentences(
        area_name=lambda area_id: result.framework.area(area_id).title,
        site_name=lambda case_id: book[case_id].name if case_id in book else case_id,
    )


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
